# Floats freed on the short paths: __slots__ members of a dying instance, items sum()
# consumed, locals of a returning frame. Values must be intact wherever another reference
# survives, and float subclasses (with their own dealloc and __del__) keep theirs.
import gc


class Point:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y, self.z + other.z)


class Loud(float):
    def __del__(self):
        print("Loud.__del__", float(self))


class Tagged(float):
    pass


kept = 1.25
p = Point(0.0, 0.0, 0.0)
for i in range(200):
    p = p + Point(0.5, kept, i * 0.25)
print(p.x, p.y, p.z, kept)

shared = [Point(float(i), kept, -0.0) for i in range(5)]
xs = [q.x for q in shared]
del shared
print(xs, kept)

q = Point(Loud(2.5), Tagged(3.5), 7)
t = q.y
del q
gc.collect()
print(type(t).__name__, t, t + 1)

r = Point(Loud(4.5), Loud(5.5), None)
r = None
print("after r")


def total(n):
    return sum(i * 0.5 for i in range(n))


def mixed():
    items = [0.5, 1, 2.5, Tagged(1.5), True, 2**70, -0.0, 1e308, 1e308]
    return [sum(items[:k]) for k in range(len(items) + 1)]


print(total(10), total(1000), total(0))
print(mixed())
print(sum([0.1] * 10), sum((0.1 for _ in range(10)), 0.5), sum([], -0.0), sum([-0.0]), sum([-0.0], -0.0))
print(sum([float("inf"), 1.0]), sum([float("inf"), -float("inf")]), sum([float("nan"), 2]))
print(sum([Loud(1.0), 2.0]))
gc.collect()
try:
    sum([1.0, "a"])
except TypeError as e:
    print("TypeError:", e)
try:
    sum([1.5, 2.5], "")
except TypeError as e:
    print("TypeError:", e)


def locals_die():
    a = 1.5 * kept
    b = a * 2.0
    c = Tagged(b)
    return a + b, type(c).__name__


for _ in range(3):
    print(locals_die())
print(kept, xs)

# More floats die at once than the freelist holds: the rest go back to the allocator.
big = [i * 0.5 for i in range(5000)]
pairs = [Point(v, -v, v * v) for v in big[:3000]]
print(len(big), big[-1], pairs[-1].z)
del big, pairs
again = [float(i) for i in range(3000)]
print(sum(again), again[2999])
