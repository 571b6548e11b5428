# array: construction, conversions and their errors, sequence operations, slicing,
# comparisons, the buffer protocol, files, pickling and subclassing.
import array
import copy
import io
import pickle
import sys
from array import array as A


def attempt(label, f):
    try:
        print(label, "->", repr(f()))
    except Exception as e:
        print(label, "!!", type(e).__name__, e)


print(array.typecodes, array.ArrayType is A, A.__module__, A.__name__)
for tc in array.typecodes:
    a = A(tc)
    print(tc, a.itemsize, a.typecode, repr(a), len(a))

# --- Construction ---
attempt("no args", lambda: A())
attempt("keyword", lambda: A(typecode="i"))
attempt("two chars", lambda: A("xx"))
attempt("bad typecode", lambda: A("x"))
attempt("int typecode", lambda: A(1))
attempt("too many", lambda: A("i", [], 3))
attempt("None init", lambda: A("i", None))
attempt("int init", lambda: A("i", 10))
attempt("str init", lambda: A("i", "abc"))
attempt("unicode array init", lambda: A("i", A("u", "abc")))
attempt("list", lambda: A("i", [1, 2, 3]))
attempt("tuple", lambda: A("d", (1, 2.5)))
attempt("range", lambda: A("h", range(5)))
attempt("generator", lambda: A("B", (x * 2 for x in range(4))))
attempt("bytes", lambda: A("h", b"\x01\x00\x02\x00"))
attempt("bytearray", lambda: A("B", bytearray(b"xyz")))
attempt("memoryview iterates", lambda: A("i", memoryview(b"12")))
attempt("odd bytes", lambda: A("i", b"12345"))
attempt("other array", lambda: A("d", A("i", [1, 2])))
attempt("same array", lambda: A("i", A("i", [7, 8])))
attempt("float into int", lambda: A("i", A("d", [1.0])))
attempt("unicode", lambda: A("u", "h\xe9\u263a\U0001f600"))

# --- Conversions and their errors ---
for tc in "bBhHiIlLqQ":
    a = A(tc)
    bits = a.itemsize * 8
    if tc.islower():
        low, high = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    else:
        low, high = 0, (1 << bits) - 1
    a.append(low)
    a.append(high)
    print(tc, list(a))
    attempt(tc + " above", lambda: a.append(high + 1))
    attempt(tc + " below", lambda: a.append(low - 1))
    attempt(tc + " huge", lambda: a.append(1 << 100))
    attempt(tc + " float", lambda: a.append(1.5))
    attempt(tc + " str", lambda: a.append("1"))


class Index:
    def __index__(self):
        return 5


attempt("index object", lambda: A("b", [Index(), True]))
attempt("float items", lambda: A("f", [0.1, 1, 2**70, True]))
attempt("float too big", lambda: A("d", [2**1100]))
attempt("float of str", lambda: A("d", ["x"]))
attempt("unicode item int", lambda: A("u", [1]))
attempt("unicode item long", lambda: A("u", ["ab"]))
attempt("bad code point", lambda: A("u", b"\xff\xff\xff\xff")[0])
attempt("bad tounicode", lambda: A("u", b"\xff\xff\xff\xff").tounicode())

# --- Sequence operations ---
a = A("i", range(10))
print(a[0], a[-1], a[2:5], a[::3], a[::-2], a[100:], a[-3:])
attempt("index range", lambda: a[10])
attempt("index type", lambda: a["x"])
attempt("index huge", lambda: a[1 << 70])
a[0] = 100
a[-1] = -100
print(a)
attempt("assign range", lambda: a.__setitem__(10, 1))
attempt("assign value", lambda: a.__setitem__(0, None))
a[1:3] = A("i", [7, 7, 7, 7])
print(a)
a[::2] = A("i", [0] * len(a[::2]))
print(a)
attempt("slice list", lambda: a.__setitem__(slice(0, 2), [1, 2]))
attempt("slice kind", lambda: a.__setitem__(slice(0, 2), A("h", [1, 2])))
attempt("ext size", lambda: a.__setitem__(slice(0, 6, 2), A("i", [1])))
del a[::3]
print(a)
del a[1]
del a[-2:]
print(a)
a[:] = a + a
print(a, len(a))
a[::-1] = a
print(a)

b = A("d", [1.5, -2.0])
print(b + b, b * 2, 3 * b, b * -1, b * 0)
b += A("d", [3.0])
b *= 2
print(b)
attempt("concat kinds", lambda: b + A("f"))
attempt("concat list", lambda: b + [1.0])
attempt("list concat", lambda: [1.0] + b)
attempt("iadd list", lambda: b.__iadd__([1.0]))
attempt("mul str", lambda: b * "x")
attempt("huge repeat", lambda: b * sys.maxsize)

c = A("i", [3, 1, 4, 1, 5, 9, 2, 6])
print(c.count(1), c.count(7), c.count(None), c.index(1), c.index(1, 2), c.index(9, -3))
attempt("index missing", lambda: c.index(7))
attempt("index stop", lambda: c.index(9, 0, 5))
attempt("index bad start", lambda: c.index(9, None))
print(1 in c, 7 in c, 1.0 in c, "1" in c)
c.insert(0, 0)
c.insert(-1, 8)
c.insert(100, 10)
c.insert(-100, -1)
print(c)
print(c.pop(), c.pop(0), c.pop(2), c)
attempt("pop empty", lambda: A("i").pop())
attempt("pop range", lambda: c.pop(50))
c.remove(1)
print(c)
attempt("remove missing", lambda: c.remove(42))
c.reverse()
print(c)
c.extend([20, 21])
c.extend(A("i", [22]))
c.extend(c)
print(c)
attempt("extend kind", lambda: c.extend(A("b", [1])))
attempt("extend int", lambda: c.extend(5))
c.fromlist([30, 31])
print(c.tolist()[-3:])
attempt("fromlist tuple", lambda: c.fromlist((1,)))
attempt("fromlist bad item", lambda: c.fromlist([1, "x"]))
print(len(c))
s = A("h", [1, 256])
s.byteswap()
print(s, s.tobytes())
s.frombytes(b"\x03\x00")
print(s)
attempt("frombytes odd", lambda: s.frombytes(b"\x01"))
attempt("frombytes str", lambda: s.frombytes("ab"))
attempt("frombytes items", lambda: s.frombytes(A("i", [1])))

u = A("u", "abc")
u.fromunicode("d\u263a")
print(u, u.tounicode(), u.tolist(), u[1], u[::-1])
attempt("fromunicode on int array", lambda: A("i").fromunicode("a"))
attempt("fromunicode int", lambda: u.fromunicode(1))
attempt("tounicode on int array", lambda: A("i").tounicode())

# --- Comparisons ---
x, y = A("i", [1, 2, 3]), A("d", [1.0, 2.0, 3.5])
print(x == y, x != y, x < y, x <= y, x > y, x >= y)
print(x == A("i", [1, 2, 3]), x < A("i", [1, 2, 3, 0]), x == [1, 2, 3], x != 3)
nan = A("d", [float("nan")])
print(nan == nan, nan != nan, nan < nan, nan >= nan, nan == A("d", [float("nan")]))
attempt("order with list", lambda: x < [1])
attempt("hash", lambda: hash(x))

# --- Buffer protocol ---
a = A("i", [1, 2, 3])
m = memoryview(a)
print(m.format, m.itemsize, m.nbytes, m.tolist(), bytes(a)[:8])
attempt("append exported", lambda: a.append(4))
attempt("del exported", lambda: a.__delitem__(0))
attempt("del empty slice exported", lambda: a.__delitem__(slice(0, 0)))
attempt("extend exported", lambda: a.extend([4]))
attempt("imul exported", lambda: a.__imul__(2))
a[0:1] = A("i", [9])
a.reverse()
m[0] = 77
print(a, m.tolist())
m.release()
a.append(4)
print(a)
print(memoryview(A("u", "ab")).format, memoryview(A("q", [1])).format)
print(bytearray(A("B", [65, 66])), b"".join([A("b", [67])]))
info = A("i", [1, 2]).buffer_info()
print(type(info[0]).__name__, info[1])

# --- Files ---
data = io.BytesIO()
A("h", range(5)).tofile(data)
data.seek(0)
f = A("h")
f.fromfile(data, 3)
print(f, data.tell())
attempt("fromfile short", lambda: f.fromfile(data, 5))
print(f)
attempt("fromfile negative", lambda: f.fromfile(data, -1))
attempt("fromfile no read", lambda: f.fromfile(3, 1))


class Writer:
    def write(self, b):
        print("write", type(b).__name__, len(b))


A("d", range(10000)).tofile(Writer())
A("d").tofile(Writer())

# --- repr, copy, pickle, subclass ---
print(repr(A("f", [0.1])), repr(A("u", "a'b")), str(A("L", [2**64 - 1])))
orig = A("I", [1, 2, 3])
print(copy.copy(orig), copy.deepcopy(orig), copy.copy(orig) is orig)
print(orig.__reduce_ex__(2))
print(orig.__reduce_ex__(3))
attempt("reduce_ex str", lambda: orig.__reduce_ex__("3"))
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    back = pickle.loads(pickle.dumps(orig, proto))
    print(proto, back, back == orig, back is orig)

recon = array._array_reconstructor
print(recon(A, "l", 13, b"\x00" * 7 + b"\x05"))
print(recon(A, "i", 5, b"\x00\x01\xff\xff"))
print(recon(A, "d", 15, b"\x3f\xc0\x00\x00"))
print(recon(A, "u", 19, b"\x00a\x00b"))
attempt("recon type", lambda: recon("", "b", 0, b""))
attempt("recon subtype", lambda: recon(str, "b", 0, b""))
attempt("recon typecode", lambda: recon(A, "?", 0, b""))
attempt("recon mformat", lambda: recon(A, "b", -1, b""))
attempt("recon items", lambda: recon(A, "b", 0, ""))
attempt("recon size", lambda: recon(A, "d", 17, b"a"))


class Sub(A):
    pass


sub = Sub("i", [5, 6])
sub.tag = "t"
print(repr(sub), repr(Sub("b")), type(sub[:]).__name__, type(sub + sub).__name__)
back = pickle.loads(pickle.dumps(sub))
print(type(back).__name__, back, back.tag)


class WithKwargs(A):
    def __init__(self, typecode, extra=None):
        self.extra = extra


print(WithKwargs("b", extra=1).extra)

it = iter(A("i", [1, 2, 3]))
next(it)
print(it.__reduce__(), list(pickle.loads(pickle.dumps(it))))
print(list(it), it.__reduce__())
print(type(it).__name__, type(it).__module__)
print(list(reversed(A("b", [1, 2, 3]))))
print(sys.getsizeof(A("i")) < sys.getsizeof(A("i", range(100))))

import collections.abc

print(isinstance(A("b"), collections.abc.MutableSequence))
