# Positional calls that bind trailing parameters from the defaults (the eval loop's fast
# path), for functions, methods and __init__, against the cases that need full binding.
def f(a, b=2, c=[]):
    c.append(a)
    return a, b, len(c)


def g(a, b=10):
    def inner():
        return b  # b is a cell
    return inner()


class Point:
    def __init__(self, x, y=0, z=None):
        self.x, self.y, self.z = x, y, z

    def moved(self, dx=1, dy=1):
        return Point(self.x + dx, self.y + dy, self.z)

    def __repr__(self):
        return f"Point({self.x}, {self.y}, {self.z})"


for _ in range(3):
    print(f(1), f(1, 5), f(1, 5, []), f(b=3, a=4))
    print(g(1), g(1, 2))
    p = Point(1)
    print(p, Point(1, 2), Point(1, 2, 3), p.moved(), p.moved(5), p.moved(dy=7))

f.__defaults__ = (20,)  # fewer defaults: c is required now
try:
    f(1)
except TypeError as e:
    print("TypeError:", e)
print(f(1, 2, [9]))
f.__defaults__ = None
for args in [(), (1,), (1, 2, 3, 4)]:
    try:
        f(*args)
    except TypeError as e:
        print("TypeError:", e)
try:
    Point()
except TypeError as e:
    print("TypeError:", e)
try:
    Point(1, 2, 3, 4)
except TypeError as e:
    print("TypeError:", e)


def recurse(n, depth=0):
    return depth if n == 0 else recurse(n - 1, depth + 1)


print(recurse(500))
