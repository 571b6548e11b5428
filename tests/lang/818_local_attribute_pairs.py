# `local.attr` (a LOAD_FAST then a LOAD_ATTR) on instance attributes, __slots__ members,
# ints, missing attributes and properties, before and after the sites specialise, with
# line tracing that must see both lines of a load split over two lines.
import sys


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Slotted:
    __slots__ = ("a", "b")

    def __init__(self, a):
        self.a = a


class Prop:
    @property
    def x(self):
        return "prop"


def read_x(p):
    return p.x


def read_a(s):
    try:
        return s.a
    except AttributeError as e:
        return f"AttributeError: {e}"


for i in range(50):
    total = read_x(Point(i, 0))
print(total, read_x(Prop()), read_x(Point("back", 1)))
holder = Slotted(1)
print([read_a(holder) for _ in range(40)][-1])
del holder.a
print(read_a(holder))
holder.a = "again"
print(read_a(holder))


def real_part(n):
    return n.real


print([real_part(n) for n in (3, 2.5, True, 10**20)])


def missing(p):
    return p.z


for obj in (Point(1, 2), Point(3, 4)):
    try:
        missing(obj)
    except AttributeError as e:
        print("AttributeError:", e)

p = Point(5, 6)
for _ in range(30):
    read_x(p)
p.__dict__["x"] = "via dict"
print(read_x(p))
Point.x = property(lambda self: "class property wins")
print(read_x(p))
del Point.x


def split_lines(point):
    value = (point
             .y)
    return value


events = []


def tracer(frame, event, arg):
    if frame.f_code is split_lines.__code__:
        events.append((event, frame.f_lineno - split_lines.__code__.co_firstlineno))
    return tracer


for _ in range(20):
    split_lines(Point(0, 7))
sys.settrace(tracer)
result = split_lines(Point(0, 8))
sys.settrace(None)
print(result, events)


# `local.method()` (a LOAD_FAST then a LOAD_METHOD) before and after specialising, with an
# instance attribute shadowing the method on one instance and a small int as the local.
class Greeter:
    def hello(self):
        return "method"


def call_hello(g):
    return g.hello()


greeters = [Greeter() for _ in range(3)]
for _ in range(40):
    said = [call_hello(g) for g in greeters]
greeters[1].hello = lambda: "instance attribute"
print(said, [call_hello(g) for g in greeters])
del greeters[1].hello
Greeter.hello = lambda self: "replaced on the class"
print([call_hello(g) for g in greeters])


def bits(n):
    return n.bit_length()


print([bits(n) for n in (0, 255, -1024, 10**30)] * 1)
