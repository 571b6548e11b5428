"""A tour of what krait runs today: `krait examples/tour.py` prints the same as
`python3.11 examples/tour.py`."""
import collections
import dataclasses
import decimal
import gc
import itertools
import json
import re
import sys
import threading
import traceback
import weakref
from fractions import Fraction


def section(title):
    print(f"\n== {title} ==")


section("numbers")
print(2 ** 200, 7 // -2, -7 % 3, divmod(2 ** 70, 12345))
print(0.1 + 0.2, 1e300 * 1e10, round(2.675, 2), f"{1234567.891:,.2f}", f"{255:#x} {255:08b}")
print(Fraction(3, 4) + Fraction(1, 6), decimal.Decimal("1.10") * 3, complex(1, 2) ** 2)

section("strings")
name, count = "krait", 3
print(f"{name!r:>10} x{count:03d} {name=} {count * 1.5=:.2f}")
print("%s has %d letters, %.3f" % (name, len(name), 3.14159), "{0}-{1}".format("a", "b"))
print("Straße".upper(), "ﬁ".casefold(), "naïve".encode("utf-8"), "🐍".isprintable())
print(re.findall(r"(\w+)@(\w+)\.com", "ann@example.com, bob@test.com"))

section("classes, descriptors, metaclasses")


class Registry(type):
    classes = []

    def __new__(mcls, name, bases, namespace, **kwargs):
        cls = super().__new__(mcls, name, bases, namespace)
        mcls.classes.append(name)
        return cls


class Shape(metaclass=Registry):
    sides = 0

    def __init_subclass__(cls, sides=0, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.sides = sides

    @property
    def description(self):
        return f"{type(self).__name__} with {self.sides} sides"

    def __repr__(self):
        return f"<{self.description}>"


class Triangle(Shape, sides=3):
    pass


class Square(Shape, sides=4):
    __slots__ = ("size",)

    def __init__(self, size):
        self.size = size


print(Registry.classes, Triangle(), Square(2), Square.__mro__)


@dataclasses.dataclass(order=True, frozen=True)
class Point:
    x: int
    y: int = 0


points = sorted([Point(2, 1), Point(1, 5), Point(1, 2)])
print(points, Point(1) == Point(1, 0), hash(Point(1, 2)) == hash(Point(1, 2)))

section("generators and closures")


def fibonacci():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


def counter():
    total = 0

    def add(n):
        nonlocal total
        total += n
        return total
    return add


def delegate():
    received = yield from (x * x for x in range(3))
    return received


add = counter()
print(list(itertools.islice(fibonacci(), 12)), add(5), add(10))
print(list(delegate()), [(k, len(list(g))) for k, g in itertools.groupby("aaabccdd")])
print(list(itertools.permutations("abc", 2))[:4], sum(x for x in range(10**5) if x % 3 == 0))

section("containers")
d = {"b": 2, "a": 1}
d |= {"c": 3}
counts = collections.Counter("mississippi")
dq = collections.deque(range(5), maxlen=4)
dq.rotate(1)
print(d, counts.most_common(2), dq, collections.OrderedDict(x=1, y=2))
print({1, 2, 3} ^ {2, 3, 4}, sorted({"pear": 3, "fig": 1}.items(), key=lambda kv: kv[1]))
print(json.dumps({"name": name, "ok": True, "values": [1.5, None]}, sort_keys=True))

section("match statement")


def describe(value):
    match value:
        case {"kind": "circle", "r": r}:
            return f"circle r={r}"
        case [x, y, *rest]:
            return f"sequence starting {x}, {y} (+{len(rest)})"
        case Point(x=0, y=y):
            return f"point on the y axis at {y}"
        case str() | bytes() as text:
            return f"text {text!r}"
        case _:
            return "something else"


for value in ({"kind": "circle", "r": 2}, [1, 2, 3, 4], Point(0, 7), b"raw", 3.5):
    print(describe(value))

section("exceptions")
try:
    try:
        {}["missing"]
    except KeyError as e:
        raise ValueError("lookup failed") from e
except ValueError as e:
    print(type(e).__name__, e, "caused by", repr(e.__cause__))
try:
    raise ExceptionGroup("several", [TypeError("t"), ValueError("v")])
except* TypeError as group:
    print("caught", group.exceptions)
except* ValueError as group:
    print("and", group.exceptions)
try:
    1 / 0
except ZeroDivisionError:
    print(traceback.format_exc().splitlines()[-1])

section("memory")


class Node:
    def __init__(self):
        self.partner = None


a, b = Node(), Node()
a.partner, b.partner = b, a
probe = weakref.ref(a)
del a, b
print("cycle alive before collect:", probe() is not None, "| found:", gc.collect() >= 2, "| after:", probe())
print(gc.get_threshold(), sys.getrefcount(object()) >= 1)

section("threads")
results = []
lock = threading.Lock()


def worker(n):
    value = sum(range(n))
    with lock:
        results.append(value)


threads = [threading.Thread(target=worker, args=(n * 1000,)) for n in range(1, 5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results))

section("interpreter")
print(sys.version_info[:2], sys.implementation.name in ("cpython", "krait"))
