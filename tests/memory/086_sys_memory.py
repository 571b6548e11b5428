# sys's memory functions: getsizeof with CPython's sizes for the common types,
# getrefcount on tagged small ints and shared objects, getallocatedblocks, intern.
import sys


def attempt(label, fn):
    try:
        print(label, fn())
    except Exception as e:
        print(label, f"{type(e).__name__}: {e}")


class Slots:
    __slots__ = ("a", "b")


class WithSizeof:
    def __sizeof__(self):
        return 1000


class BadSizeof:
    def __sizeof__(self):
        return -1


class StrSizeof:
    def __sizeof__(self):
        return "big"


def gen():
    yield 1


values = [
    ("int 0", 0), ("int 1", 1), ("int 2**30", 2 ** 30), ("int 2**62", 2 ** 62), ("int 2**100", 2 ** 100),
    ("int -5", -5), ("bool", True), ("float", 1.5), ("complex", 1j), ("None", None),
    ("str empty", ""), ("str ascii", "hello"), ("str latin1", "h\xe9llo"), ("str bmp", "h\u20acllo"),
    ("str astral", "h\U0001f600llo"), ("bytes empty", b""), ("bytes", b"hello"),
    ("bytearray", bytearray(b"abc")), ("tuple empty", ()), ("tuple 3", (1, 2, 3)),
    ("list empty", []), ("list 3", [1, 2, 3]), ("dict empty", {}), ("dict 3", {1: 1, 2: 2, 3: 3}),
    ("set empty", set()), ("set 3", {1, 2, 3}), ("frozenset", frozenset({1})), ("range", range(10)),
    ("slice", slice(1, 2)), ("object", object()), ("slots instance", Slots()),
    ("custom __sizeof__", WithSizeof()),
]
for label, value in values:
    print(f"getsizeof({label}):", sys.getsizeof(value))

grown = []
sizes = []
for i in range(20):
    sizes.append(sys.getsizeof(grown))
    grown.append(i)
print("list growth:", sizes)
d = {}
dsizes = []
for i in range(12):
    dsizes.append(sys.getsizeof(d))
    d[i] = i
print("dict growth:", dsizes)
print("default ignored when __sizeof__ works:", sys.getsizeof(1.5, 99))
attempt("negative __sizeof__:", lambda: sys.getsizeof(BadSizeof()))
attempt("str __sizeof__:", lambda: sys.getsizeof(StrSizeof()))
print("default used on a TypeError:", sys.getsizeof(StrSizeof(), 7))
attempt("default not used on a ValueError:", lambda: sys.getsizeof(BadSizeof(), 7))
attempt("no args:", lambda: sys.getsizeof())
print("__sizeof__ of a list:", [].__sizeof__(), [1, 2].__sizeof__())

# getrefcount
print("fresh list:", sys.getrefcount([]))
x = []
print("named list:", sys.getrefcount(x))
y = [x, x]
print("twice in a list:", sys.getrefcount(x))
print("small ints are shared:", sys.getrefcount(7) > 1)

# getallocatedblocks
blocks = sys.getallocatedblocks()
print("allocated blocks int and positive:", type(blocks) is int, blocks > 0)
keep = [object() for _ in range(1000)]
grew = sys.getallocatedblocks() - blocks
print("1000 objects add about 1000 blocks:", 900 <= grew <= 1200)
del keep
print("and give them back:", sys.getallocatedblocks() - blocks < 100)

# intern
a = "".join(["inter", "ned-string"])
b = "".join(["inter", "ned-string"])
print("equal, distinct:", a == b, a is b)
ia = sys.intern(a)
ib = sys.intern(b)
print("interned identical:", ia is ib, ia is a)
attempt("intern(bytes):", lambda: sys.intern(b"x"))


class S(str):
    pass


attempt("intern(str subclass):", lambda: sys.intern(S("x")))
print("done")
