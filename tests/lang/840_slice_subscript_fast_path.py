# Slices written in subscripts (`a[i:j]`, `a[i:j:k]`, `a[i:j] = v`, `del a[i:j]`): exact
# lists, tuples and strs with small-int/None bounds take a path that makes no slice object;
# everything else builds the slice. Both must agree with CPython.
import sys
import traceback


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


a = list(range(10))
t = tuple(a)
s = "abcdefghij"
u = "aé€😀xyz"
for seq in (a, t, s, u):
    print(seq[2:5], seq[:3], seq[7:], seq[:], seq[::-1], seq[8:2:-2], seq[-3:], seq[:-3],
          seq[5:1], seq[None:None:None], seq[::3], seq[-1:-8:-3], seq[100:], seq[-100:2],
          seq[3:100], seq[:-100], seq[::100], seq[::-100])

# Bounds that are not small ints: big ints, __index__ objects, bools, floats.
class Index:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        print("__index__", self.v)
        return self.v


print(a[10**30:], a[-10**30:2], a[:10**30], a[::10**30], a[::-10**30])
print(a[Index(2):Index(6):Index(2)], t[Index(-3):], s[:Index(4)])
print(a[True:], s[False:True])
show("float bound", lambda: a[1.5:])
show("str bound", lambda: t[:"x"])
show("zero step", lambda: a[::0])
show("zero step str", lambda: s[1:2:0])
show("zero step tuple", lambda: t[::False])

# The identity of a whole-tuple slice and of str slices.
print(t[:] is t, t[0:] is t, s[:] is s)

# Subclasses keep their own __getitem__/__setitem__; plain subclasses slice as the base.
class L(list):
    def __getitem__(self, key):
        return ("L.__getitem__", key)

    def __setitem__(self, key, value):
        print("L.__setitem__", key, value)


class T(tuple):
    pass


class S(str):
    pass


l = L([1, 2, 3])
print(l[1:2], l[::-1])
l[1:2] = [7]
print(type(T((1, 2, 3))[1:]).__name__, T((1, 2, 3))[1:], type(S("abc")[1:]).__name__)


class PlainList(list):
    pass


p = PlainList(range(5))
print(type(p[1:3]).__name__, p[1:3])
p[1:3] = "xy"
print(p)

# Stores.
b = list(range(10))
b[2:4] = "xyz"
print(b)
b[:3] = b[2::-1]
print(b)
b[::2] = range(6)
print(b)
b[5:2] = ["at five"]
print(b)
b[8:2:-3] = [None, None]
print(b)
b[:] = b
print(b)
b[1:3] = b
print(b)
b[-2:] = ()
print(b)
b[100:] = [1]
print(b)
b[:-100] = [0]
print(b)
b[10**30:] = ["big"]
print(b)
b[Index(1):Index(2)] = ["idx"]
print(b)
show("extended size", lambda: b.__setitem__(slice(None, None, 2), [1]))
def store_extended():
    b[::2] = [1]
def store_non_iterable():
    b[1:2] = 5
def store_zero_step():
    b[1:2:0] = []
def store_tuple():
    tt = (1, 2)
    tt[0:1] = [3]
def store_str():
    ss = "ab"
    ss[0:1] = "c"
for f in (store_extended, store_non_iterable, store_zero_step, store_tuple, store_str):
    show(f.__name__, f)

# A generator as the stored value runs while the slice is assigned.
def gen():
    print("gen runs")
    yield "g1"
    yield "g2"

c = [1, 2, 3]
c[1:2] = gen()
print(c)

# Deletion.
d = list(range(10))
del d[2:4]
del d[::3]
print(d)

# The error is reported at the subscript, with the enclosing try's handler.
def fails():
    x = [1, 2]
    x[0:1] = 3

try:
    fails()
except TypeError:
    print(traceback.format_exc().splitlines()[-3:])


# Line events are those of CPython when traced.
def traced(a):
    x = a[
        1:
        3]
    a[
      0:1] = [9]
    return x, a[::
                2]


events = []
def tracer(frame, event, arg):
    if frame.f_code is traced.__code__:
        events.append((event, frame.f_lineno - traced.__code__.co_firstlineno))
    return tracer

sys.settrace(tracer)
result = traced([1, 2, 3, 4])
sys.settrace(None)
print(result, events)

# A loop over the same site with changing container types.
for seq in ([1, 2, 3], (1, 2, 3), "123", range(3), b"123", bytearray(b"123"), memoryview(b"123")):
    r = seq[1:]
    print(type(r).__name__, list(r))
for seq in ([1, 2, 3], bytearray(b"123"), L([1])):
    seq[:1] = [9] if not isinstance(seq, bytearray) else b"9"
    print(seq)
