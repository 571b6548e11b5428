# _pickle's Pickler: the bytes of pickle.dumps for many object graphs and every protocol
# must equal CPython's C pickler's output.
import collections
import copyreg
import datetime
import enum
import functools
import io
import pickle
import zlib


class Plain:
    def __init__(self):
        self.a = 1
        self.b = [1, 2]


class Slotted:
    __slots__ = ('x', 'y')

    def __init__(self):
        self.x = 1
        self.y = 'two'


class WithState:
    def __init__(self, v):
        self.v = v

    def __getstate__(self):
        return {'v': self.v * 2}

    def __setstate__(self, state):
        self.v = state['v'] // 2


class WithNewArgs(int):
    def __new__(cls, v, extra):
        self = super().__new__(cls, v)
        self.extra = extra
        return self

    def __getnewargs__(self):
        return (int(self), self.extra)


class WithNewArgsEx:
    def __new__(cls, *args, **kwargs):
        self = super().__new__(cls)
        self.args = args
        self.kwargs = kwargs
        return self

    def __getnewargs_ex__(self):
        return self.args, self.kwargs


class Reduced:
    def __reduce__(self):
        return (Reduced, (), {'s': 1}, iter([1, 2]), iter([('k', 'v')]))

    def extend(self, items):
        pass

    def __setitem__(self, k, v):
        pass


class ByName:
    def __reduce__(self):
        return 'BY_NAME'


BY_NAME = ByName()


class Color(enum.Enum):
    RED = 1
    GREEN = 2


class Nested:
    class Inner:
        pass


def setter(obj, state):
    obj.__dict__.update(state)


class WithSetter:
    def __reduce__(self):
        return (WithSetter, (), {'z': 3}, None, None, setter)


Point = collections.namedtuple('Point', 'x y')


def show(label, obj, protocols=range(6)):
    for proto in protocols:
        try:
            data = pickle.dumps(obj, proto)
        except Exception as e:
            print(label, proto, 'error', type(e).__name__, e)
            continue
        print(label, proto, data.hex())


atoms = [None, True, False, 0, 1, -1, 127, 128, 255, 256, 65535, 65536, -129,
         2**31 - 1, -2**31, 2**31, -2**31 - 1, 2**62, -2**62, 2**63, -2**63, 2**64,
         2**100, -2**100, 2**2100, -2**2100 + 1, 255 << 8, -256, -255,
         0.0, -0.0, 1.5, 1e100, -1e-300, float('inf'), float('-inf'), float('nan'),
         '', 'abc', 'h\u00e9\u20ac\U0001f600\n\\\r\x1a\x00', '\ud800', 'x' * 300,
         b'', b'xyz', b'\x00\xff' * 200, bytearray(), bytearray(b'ab\x80'),
         1 + 2j, complex(0, -1)]
for i, obj in enumerate(atoms):
    show('atom%d' % i, obj)

containers = [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4), ((),), [], [1], [1, 2],
              list(range(999)), list(range(1000)), list(range(1001)), list(range(2001)),
              {}, {1: 2}, {1: 2, 3: 4}, dict.fromkeys(range(1000)), dict.fromkeys(range(1001)),
              set(), {1, 2}, set(range(1000)), set(range(1500)), frozenset(), frozenset([3]),
              frozenset(range(1200)), [[]] * 3, ['a', 'a', 'b'], [1.5, 1.5],
              collections.OrderedDict(a=1), collections.deque([1, 2]),
              collections.defaultdict(list, {1: [2]}), collections.Counter('hello')]
for i, obj in enumerate(containers):
    show('container%d' % i, obj)

s = 'shared'
t = (s, s)
show('shared', [t, t, s])
rec = []
rec.append(rec)
show('reclist', rec)
recd = {}
recd['self'] = recd
show('recdict', recd)
rt = ([],)
rt[0].append(rt)
show('rectuple', rt)
big = ([1],) * 3
show('bigtuple_rec', [big, big])

objs = [Plain(), Slotted(), WithState(5), WithNewArgs(7, 'e'), WithNewArgsEx(1, k=2),
        Reduced(), BY_NAME, Color.RED, Nested.Inner, Nested.Inner(), WithSetter(),
        Point(1, 2), datetime.date(2020, 1, 2), datetime.datetime(2020, 1, 2, 3, 4, 5, 6),
        datetime.timedelta(3), functools.partial(max, 1), len, max,
        Color, type(None), type(Ellipsis), type(NotImplemented), Ellipsis, NotImplemented,
        pickle.Pickler, io.BytesIO, range(3), slice(1, 2), object, int.from_bytes,
        [1, 2].append, {'a': 1}.keys.__self__, str.upper, set.__contains__, list.__len__,
        [3].__len__, str.maketrans, dict.fromkeys, int.from_bytes]
for i, obj in enumerate(objs):
    show('obj%d' % i, obj)

# Large strings and bytes go outside frames.
show('large_bytes', [b'a' * 70000, b'b'], [4, 5])
show('large_str', ['a' * 70000, 'b'], [4, 5])
show('many_frames', [str(i) * 10 for i in range(20000)][:5], [4])
data = pickle.dumps([str(i) * 10 for i in range(20000)], 4)
print('many_frames len', len(data), zlib.crc32(data))
print('large list p5', zlib.crc32(pickle.dumps(list(range(100000)), 5)))
