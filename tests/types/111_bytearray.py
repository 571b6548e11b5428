# bytearray: construction, mutation (item and slice assignment, del, +=, *=), the mutating
# methods, buffer exports pinning the size, allocation policy, pickling support.
import sys

class BA(bytearray):
    pass

def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, '->', type(e).__name__, e)
    else:
        print(label, '->', repr(r))

show('empty', lambda: bytearray())
show('from bytes', lambda: bytearray(b'abc'))
show('from int', lambda: bytearray(3))
show('from list', lambda: bytearray([1, 2, 255]))
show('from iter', lambda: bytearray(iter(range(3))))
show('from str', lambda: bytearray('h\xe9', 'utf-8'))
show('from str errors', lambda: bytearray('h\xe9', 'ascii', 'ignore'))
show('no encoding', lambda: bytearray('abc'))
show('encoding only', lambda: bytearray(encoding='utf-8'))
show('errors only', lambda: bytearray(errors='strict'))
show('encoding non-str', lambda: bytearray(b'a', 'utf-8'))
show('negative', lambda: bytearray(-1))
show('bad item', lambda: bytearray([256]))
show('bad type', lambda: bytearray(1.5))
show('reinit', lambda: (lambda b: (b.__init__(b'xy'), b)[1])(bytearray(b'abcdef')))

b = bytearray(b'hello')
b[0] = 72
print(b)
b[-1] = ord('O')
print(b)
b[1:3] = b'EY'
print(b)
b[1:3] = b''
print(b)
b[0:0] = b'>>'
print(b)
b[len(b):] = [33, 33]
print(b)
del b[0]
print(b)
del b[-2:]
print(b)
b[::2] = b'xy'
print(b)
del b[::2]
print(b)
b[::-1] = b'AB'[:len(b)]
print(b)
b[1:1] = b
print(b)
b[:] = range(5)
print(b)
b += b'abc'
print(b)
b += bytearray(b'!')
print(b)
b *= 2
print(b)
b *= 0
print(b, len(b))

b = bytearray(b'abc')
for label, f in [
    ('setitem range', lambda: b.__setitem__(5, 1)),
    ('setitem value', lambda: b.__setitem__(0, 256)),
    ('setitem type', lambda: b.__setitem__(0, 'a')),
    ('setitem key', lambda: b.__setitem__('x', 1)),
    ('setslice int', lambda: b.__setitem__(slice(0, 1), 5)),
    ('setslice str', lambda: b.__setitem__(slice(0, 1), 'ab')),
    ('extended size', lambda: b.__setitem__(slice(None, None, 2), b'xyz')),
    ('delitem range', lambda: b.__delitem__(10)),
    ('getitem range', lambda: b[10]),
    ('getitem key', lambda: b['x']),
    ('iadd str', lambda: b.__iadd__('x')),
    ('add str', lambda: b + 'x'),
    ('hash', lambda: hash(b)),
]:
    show(label, f)

b = bytearray(b'abc')
b.append(100)
b.extend(b'ef')
b.extend([103, 104])
b.extend(x for x in b'ij')
b.insert(0, 64)
b.insert(-1, 35)
b.insert(100, 36)
b.insert(-100, 37)
print(b)
print(b.pop(), b.pop(0), b.pop(-2), b)
b.remove(ord('c'))
print(b)
b.reverse()
print(b)
c = b.copy()
c.clear()
print(b, c, type(c))
for label, f in [
    ('append str', lambda: b.append('x')),
    ('append big', lambda: b.append(300)),
    ('extend int', lambda: b.extend(5)),
    ('extend str', lambda: b.extend('ab')),
    ('extend bad item', lambda: b.extend([1, 300])),
    ('insert str', lambda: b.insert(0, 'x')),
    ('pop empty', lambda: bytearray().pop()),
    ('pop range', lambda: bytearray(b'a').pop(5)),
    ('remove missing', lambda: bytearray(b'a').remove(98)),
    ('remove big', lambda: bytearray(b'a').remove(999)),
    ('extend self', lambda: (lambda x: (x.extend(x), x)[1])(bytearray(b'ab'))),
]:
    show(label, f)

# shared methods return bytearray
x = bytearray(b' Hello World ')
for name in ['strip', 'lower', 'upper', 'title', 'swapcase', 'capitalize']:
    r = getattr(x, name)()
    print(name, type(r).__name__, r)
print(x.split(), x.partition(b'o'), x.replace(b'o', b'0'), x.center(17, b'*'), x.zfill(15))
print(x.find(b'o'), x.count(b'o'), x.rfind(111), x.index(b'W'), x.startswith(b' H'), x.hex(' '))
print(bytearray.fromhex('41 42'), BA.fromhex('43'), type(BA.fromhex('43')).__name__)
print(x.join([b'1', b'2']), bytearray(b',').join([bytearray(b'a'), b'b']))
print(bytearray(b'abc') == b'abc', b'abc' == bytearray(b'abc'), bytearray(b'a') < b'b', bytearray(b'b') > bytearray(b'a'))
print(bytearray(b'abc') == memoryview(b'abc'), bytearray(b'a') == 'a', bytearray(b'x') != b'y')
print(repr(BA(b'x')), repr(bytearray(b"it's")), str(bytearray(b'q')))
print(bytearray(b'abc') + b'd', b'd' + bytearray(b'abc'), bytearray(b'ab') * 2, 2 * bytearray(b'ab'))
print(bytearray(b'ab') % (), bytearray(b'%s-%d') % (b'x', 3))

# buffers pin the size
b = bytearray(b'abc')
m = memoryview(b)
show('append exported', lambda: b.append(1))
show('del exported', lambda: b.__delitem__(0))
show('iadd exported', lambda: b.__iadd__(b'x'))
show('set exported', lambda: b.__setitem__(0, 65))
show('slice same size exported', lambda: b.__setitem__(slice(0, 2), b'XY'))
m.release()
b.append(100)
print(b)

# allocation and sizes
b = bytearray()
sizes = []
for i in range(30):
    b.append(i)
    sizes.append(b.__alloc__())
print(sizes)
print(bytearray().__alloc__(), bytearray(b'a').__alloc__(), bytearray(100).__alloc__())
print(sys.getsizeof(bytearray()), sys.getsizeof(bytearray(b'abc')), bytearray(b'abc').__sizeof__())
b = bytearray(b'x' * 100)
del b[:90]
print(b.__alloc__(), len(b))
b = bytearray(b'abc')
b += b'defgh'
print(b.__alloc__())

# pickling support and iteration
print(bytearray(b'abc').__reduce__(), bytearray(b'abc').__reduce_ex__(3), bytearray().__reduce_ex__(4))
z = BA(b'ab')
z.attr = 1
print(z.__reduce_ex__(2))
it = iter(bytearray(b'abc'))
print(next(it), it.__length_hint__(), it.__reduce__())
b = bytearray(b'xy')
it = iter(b)
b.append(122)
print(list(it))
import pickle
print(pickle.loads(pickle.dumps(bytearray(b'p\xffq'))), pickle.loads(pickle.dumps(b'r\x00s')))
