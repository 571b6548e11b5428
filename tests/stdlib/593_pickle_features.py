# _pickle's Pickler and Unpickler options: persistent ids, dispatch tables,
# reducer_override, fast mode, memo proxies, out-of-band buffers, find_class,
# Python 2 compatibility, and the error messages of both directions.
import copyreg
import io
import pickle
import _pickle


def show(label, f):
    try:
        print(label, f())
    except Exception as e:
        print(label, 'raised', type(e).__name__, e)


print(pickle.Pickler is _pickle.Pickler, pickle.Unpickler is _pickle.Unpickler)
print(pickle.PicklingError.__mro__)
print(pickle.PickleBuffer, pickle.dumps is _pickle.dumps)


class Thing:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return 'Thing(%r)' % self.name


# Persistent ids, in both directions.
class PersistentPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Thing):
            return 'thing:' + obj.name
        return None


class PersistentUnpickler(pickle.Unpickler):
    def persistent_load(self, pid):
        return Thing(pid.upper())


for proto in range(6):
    f = io.BytesIO()
    PersistentPickler(f, proto).dump([Thing('a'), 1, Thing('b')])
    print('persid', proto, f.getvalue().hex())
    f.seek(0)
    print('persload', proto, PersistentUnpickler(f).load())

show('no persistent_load', lambda: pickle.loads(b'Pabc\n.'))
show('persid not ascii', lambda: pickle.loads(b'P\xff\n.'))
p = pickle.Pickler(io.BytesIO())
show('persistent_id unset', lambda: p.persistent_id)
p.persistent_id = lambda obj: None
print('persistent_id set', callable(p.persistent_id))
show('persistent_id bad', lambda: setattr(p, 'persistent_id', 3))

# dispatch_table and reducer_override.
class Custom:
    pass


def reduce_custom(obj):
    return (str, ('custom',))


f = io.BytesIO()
p = pickle.Pickler(f, 2)
p.dispatch_table = {Custom: reduce_custom}
p.dump(Custom())
print('dispatch_table', pickle.loads(f.getvalue()))


class TablePickler(pickle.Pickler):
    dispatch_table = copyreg.dispatch_table.copy()
    dispatch_table[Custom] = reduce_custom


f = io.BytesIO()
TablePickler(f).dump([Custom()])
print('class dispatch_table', pickle.loads(f.getvalue()))


class OverridePickler(pickle.Pickler):
    def reducer_override(self, obj):
        if obj is Custom or isinstance(obj, float):
            return (str, ('overridden %r' % (obj,),))
        return NotImplemented


f = io.BytesIO()
OverridePickler(f, 4).dump([Custom, 1.5, 2])
print('reducer_override', pickle.loads(f.getvalue()))

# Memo proxies.
f = io.BytesIO()
p = pickle.Pickler(f, 2)
shared = ['x']
p.dump(shared)
memo = p.memo.copy()
print('memo', sorted(v[0] for v in memo.values()), any(v[1] is shared for v in memo.values()))
p.dump(shared)
print('second dump uses memo', f.getvalue().hex())
p.clear_memo()
print('cleared', len(p.memo.copy()))
p.memo = {id(shared): (7, shared)}
f.seek(0)
f.truncate()
p.dump([shared])
print('memo from dict', f.getvalue().hex())
show('memo bad', lambda: setattr(p, 'memo', 3))
show('memo bad value', lambda: setattr(p, 'memo', {1: 2}))
print('memo reduce', p.memo.__reduce__()[0])
u = pickle.Unpickler(io.BytesIO(b'\x80\x02]q\x00.'))
print('unpickler memo', u.load(), u.memo.copy())
u.memo = {3: 'three'}
print('unpickler memo set', u.memo.copy())
show('unpickler memo bad key', lambda: setattr(u, 'memo', {'a': 1}))
show('unpickler memo negative', lambda: setattr(u, 'memo', {-1: 1}))

# Fast mode.
p = pickle.Pickler(io.BytesIO(), 2)
p.fast = 1
print('fast', p.fast, p.bin)
l = [1]
p.dump([l, l])
rec = []
rec.append(rec)
for i in range(60):
    rec = [rec]
try:
    p.dump(rec)
except ValueError as e:
    print('fast cycle', str(e).split(' at ')[0])

# Out-of-band buffers.
data = bytearray(b'abc')
for proto in (4, 5):
    show('picklebuffer %d' % proto, lambda: pickle.dumps(pickle.PickleBuffer(data), proto).hex())
print('pb bytes', pickle.dumps(pickle.PickleBuffer(b'xyz'), 5).hex())
buffers = []
s = pickle.dumps([pickle.PickleBuffer(data), pickle.PickleBuffer(b'ro')], 5, buffer_callback=buffers.append)
print('oob', s.hex(), len(buffers))
res = pickle.loads(s, buffers=buffers)
print('oob load', [bytes(x) for x in res], [type(x).__name__ for x in res])
print('oob readonly', res[0] is data, memoryview(res[1]).readonly)
show('oob missing', lambda: pickle.loads(s))
show('oob short', lambda: pickle.loads(s, buffers=[]))
show('buffer_callback proto', lambda: pickle.dumps(1, 4, buffer_callback=print))
pb = pickle.PickleBuffer(data)
print('raw', pb.raw().tobytes(), pb.raw().format, memoryview(pb).readonly)
pb.release()
show('released', lambda: pb.raw())
show('released dump', lambda: pickle.dumps(pb, 5))
show('pb str', lambda: pickle.PickleBuffer('abc'))
show('pb noncontig raw', lambda: pickle.PickleBuffer(memoryview(b'abcdef')[::2]).raw())
show('pb noncontig dump', lambda: pickle.dumps(pickle.PickleBuffer(memoryview(b'abcdef')[::2]), 5))

# find_class and fix_imports.
class Restricted(pickle.Unpickler):
    def find_class(self, module, name):
        if module in ('builtins', '__builtin__') and name == 'set':
            return set
        raise pickle.UnpicklingError('global %s.%s is forbidden' % (module, name))


print('restricted ok', Restricted(io.BytesIO(pickle.dumps({1}, 2))).load())
show('restricted', lambda: Restricted(io.BytesIO(pickle.dumps(len, 2))).load())
print('py2 names', pickle.dumps(set(), 2).hex())
print('py2 names off', pickle.dumps(set(), 2, fix_imports=False).hex())
print('py2 load', pickle.loads(b'c__builtin__\nset\n(]tR.'))
show('py2 load no fix', lambda: pickle.loads(b'c__builtin__\nset\n(]tR.', fix_imports=False))
print('find_class method', pickle.Unpickler(io.BytesIO()).find_class('os.path', 'join').__name__)
show('find_class missing', lambda: pickle.Unpickler(io.BytesIO()).find_class('os', 'nope'))
show('find_class local', lambda: pickle.loads(b'\x80\x04\x8c\x02os\x8c\x0ba.<locals>.b\x93.'))
show('dotted proto3', lambda: pickle.loads(b'\x80\x03cos\npath.join\n.'))
print('dotted proto4', pickle.loads(b'\x80\x04\x8c\x02os\x8c\tpath.join\x93.').__name__)

# Python 2 strings.
py2 = b"(lp0\nS'abc'\np1\naS'\\xe9'\np2\na."
print('py2 str', pickle.loads(py2, encoding='latin1'))
print('py2 bytes', pickle.loads(py2, encoding='bytes'))
show('py2 ascii', lambda: pickle.loads(py2))
print('py2 binstring', pickle.loads(b'U\x03abc.', encoding='bytes'))
show('encoding type', lambda: pickle.loads(b'N.', encoding=1))

# Protocol 0 text opcodes.
print('text ops', pickle.loads(b'(I1\nI01\nI00\nL12345678901234567890L\nF1.5\nVh\\u00e9\\U0001f600\ng0\nt.'
                               .replace(b'g0\n', b'p0\ng0\n')))
print('int base0', pickle.loads(b'I010\n.'), pickle.loads(b'I99999999999999999999\n.'))
show('bad int', lambda: pickle.loads(b'Iabc\n.'))
show('bad float', lambda: pickle.loads(b'Fabc\n.'))
show('bad string', lambda: pickle.loads(b"S'abc\n."))

# Errors of the pickler.
def local():
    def inner():
        pass
    return inner


show('local function', lambda: pickle.dumps(local()))
show('lambda', lambda: pickle.dumps(lambda: 1))


class NotFound:
    pass


NotFound.__qualname__ = 'Missing'
show('attribute lookup', lambda: pickle.dumps(NotFound))


class BadReduce:
    def __init__(self, value):
        self.value = value

    def __reduce__(self):
        return self.value


for value in [1, (), (len,) * 7, (1, ()), (len, 1), (len, (), None, 1), (len, (), None, None, 1),
              (len, (), None, None, None, 1)]:
    show('bad reduce %r' % (value,), lambda: pickle.dumps(BadReduce(value), 2))
show('protocol', lambda: pickle.dumps(1, 6))
print('protocol -1', pickle.dumps(1, -1).hex())
show('no write', lambda: pickle.Pickler(1))
show('no read', lambda: pickle.Unpickler(1))


class NoInit(pickle.Pickler):
    def __init__(self):
        pass


show('no init', lambda: NoInit().dump(1))


class NoInitU(pickle.Unpickler):
    def __init__(self):
        pass


show('no init unpickler', lambda: NoInitU().load())
show('unpicklable', lambda: pickle.dumps(iter([])))
show('loads str', lambda: pickle.loads('abc'))

# Errors of the unpickler.
bad = [b'', b'.', b'0.', b'1.', b'(0.', b'a.', b'(a.', b'N(u.', b'}N.', b'(d', b'K', b'\x80\x06.',
       b'h\x05.', b'g5\n.', b'X\x05\x00\x00\x00abc', b'\x82\x00.', b'\x82\xff.', b'\xff',
       b"'", b'N\x94N\x95\x01\x00\x00\x00\x00\x00\x00\x00', b'p-1\n.', b'(\x93.',
       b'\x8c\x01a\x8c\x01b\x93.', b'N(N\x81.', b'NN)\x81.', b'\x80\x04\x8c\x08builtins\x8c\x03int\x93)}\x92.',
       b'(N)\x81.', b'\x8a\x01', b'T\xff\xff\xff\xff', b'NN2b.', b'(Nd.', b'N(Nu.', b']N\x90.',
       b'(t.', b'(l.', b']\x94(\x94', b'\x97.', b'\x98.', b'N\x98.']
for data in bad:
    show('bad %r' % data, lambda: pickle.loads(data))

# A file-like object without peek, read piecewise, several pickles in a row.
class Reader:
    def __init__(self, data):
        self.f = io.BytesIO(data)
        self.calls = []

    def read(self, n):
        self.calls.append(('read', n))
        return self.f.read(n)

    def readline(self):
        self.calls.append(('readline',))
        return self.f.readline()


r = Reader(pickle.dumps([1, 'a'], 0) + pickle.dumps({2: b'b' * 10}, 4) + pickle.dumps(3, 2))
u = pickle.Unpickler(r)
print('stream', u.load(), u.load(), u.load())
print('calls', r.calls)
show('stream end', u.load)

# Unpickler subclass with memo, Unpickler reused.
f = io.BytesIO(pickle.dumps('first', 2) + pickle.dumps('second', 2))
u = pickle.Unpickler(f)
print('reuse', u.load(), u.load(), sorted(u.memo.copy().values()))

# dump to a file: large objects are written outside frames.
class Writer:
    def __init__(self):
        self.chunks = []

    def write(self, data):
        self.chunks.append(len(data))


w = Writer()
pickle.dump([b'x' * 100000, 'y' * 10, list(range(30000))], w, 4)
print('writes', w.chunks)

# Protocol arguments go through __index__.
for value in ['x', 2**70, 2.0, True]:
    show('protocol %r' % (value,), lambda: pickle.dumps(1, value).hex())


# Python code run by the unpickler may itself unpickle with the same object.
class Reentrant(pickle.Unpickler):
    def persistent_load(self, pid):
        return 'pid-' + pid


class Key:
    def __init__(self, u):
        self.u = u

    def __hash__(self):
        return 1

    def __reduce__(self):
        return (make_key, ())


def make_key():
    return 'key'


print('nested', pickle.loads(pickle.dumps({make_key(): [1, 2], 'b': {3}}, 4)))

# Text opcodes are C strings to CPython: its int and float parsing, base in messages,
# NULs, empty lines.
for data in [b'L123\n.', b'L123L\n.', b'L 12 \n.', b'L1x\n.', b'L\x881\n.', b'I99999999999999999999\n.',
             b'I 12\n.', b'I0x10\n.', b'I1_0\n.', b'I\n.', b'I12x\n.', b'N(p1\ng1\nt.', b'Np 1 \ng 1 \n.',
             b'Np1x\n.', b'Ng\n.', b'Np\n.', b'Ng\x88\n.', b'NpL\x88\n.', b'L1\x002\n.', b'F1e500\n.',
             b'F 1.5\n.', b'F1.5 \n.', b'Fnan\n.', b'F-inf\n.', b'F1_0\n.', b'F\n.', b'F0.5\x00xyz\n.',
             b'L-089005254694924089125L\n.', b'L-567x1893L\n.', b'Llp0\n.', b'L0x1fL\n.', b'L0x1gL\n.',
             b'L  +0b12\n.', b'L007\n.', b'L000\n.', b'Lx' + b'9' * 300 + b'\n.', b'p-0x1\n.', b'Np0x1\n.',
             b'Np-0\n.', b'Nr\xff\xff\xff\xff.', b'\x96\x01\x00\x00\x00\x01\x00\x00\x00.',
             b'\x96\x01\x00\x00\x00\x00\x00\x00\x00.']:
    show('text %r' % data[:24], lambda: pickle.loads(data))
