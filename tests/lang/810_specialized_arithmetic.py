# Quickened instructions must agree with the generic ones: small-int add/subtract at the
# edge of the tagged range, float arithmetic reusing temporaries, comparisons fused with
# the conditional jump after them (every operator, NaN, int/float/other operands at one
# site), and polymorphic attribute sites refilled from the shared attribute cache.
import sys

EDGE = 2 ** 62


def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def iadd(a, b):
    a += b
    return a


for _ in range(3):  # warm the sites up, then cross the small-int edge
    for a, b in [(1, 2), (EDGE - 1, 0), (EDGE - 1, 1), (-EDGE, -1), (-EDGE, 0), (EDGE, -1),
                 (1.5, 2), (True, True), ("a", "b"), ([1], [2]), (2 ** 100, 1), (-7, 3)]:
        print(add(a, b), iadd(a, b), end=" ")
        try:
            print(sub(a, b))
        except TypeError as e:
            print("TypeError:", e)


def float_ops(x, y):
    return x + y, x - y, x * y, (x + y) * (x - y), x * y - (x + y)


for _ in range(3):
    for x, y in [(1.5, 2.25), (1e308, 1e308), (float("inf"), float("-inf")), (0.1, 0.2), (3, 0.5), (2.0, 1)]:
        print(float_ops(x, y))
v = 0.0
for i in range(1000):
    v = v * 0.5 + 1.0 - 0.25
print(v)


def compare_all(a, b):
    out = []
    if a < b: out.append("<")
    if a <= b: out.append("<=")
    if a == b: out.append("==")
    if a != b: out.append("!=")
    if a > b: out.append(">")
    if a >= b: out.append(">=")
    if not a < b: out.append("!<")
    if not a >= b: out.append("!>=")
    return " ".join(out)


nan = float("nan")
for _ in range(3):
    for a, b in [(1, 2), (2, 2), (3, 2), (-EDGE, EDGE - 1), (1.0, 2.0), (2.0, 2.0), (nan, 1.0),
                 (1.0, nan), (nan, nan), (float("inf"), 1e308), (-0.0, 0.0), ("a", "b"), (1, 1.0),
                 (2 ** 70, 2 ** 70 + 1), ((1, 2), (1, 3))]:
        print(repr(a), repr(b), compare_all(a, b))
try:
    compare_all(1, "x")
except TypeError as e:
    print("TypeError:", e)

n = 0
i = 0
while i < 5000:  # a backward jump taken through the fused comparison
    if i % 7 < 3:
        n += i
    i += 1
print(n)


# Line events for a fused comparison and its jump, as when they run separately.
def traced(x):
    if x < 10:
        return "small"
    return "big"


for _ in range(5):
    traced(3)
events = []


def tracer(frame, event, arg):
    if frame.f_code is traced.__code__:
        events.append((event, frame.f_lineno - traced.__code__.co_firstlineno))
    return tracer


sys.settrace(tracer)
traced(3)
traced(30)
sys.settrace(None)
print(events)


# Attribute sites seeing several classes by turns (each with its own type version).
class Base:
    kind = "base"

    def __init__(self, n):
        self.n = n
        self.label = f"#{n}"

    def describe(self):
        return f"{self.kind}:{self.n}:{self.label}"

    def bump(self):
        self.n += 1
        return self.n


class A(Base):
    kind = "a"


class B(Base):
    def describe(self):
        return "B" + super().describe()


class C(Base):
    __slots__ = ()


class D(Base):
    @property
    def label(self):
        return "computed"

    @label.setter
    def label(self, value):
        self.__dict__["_label"] = value


objects = [Base(0), A(1), B(2), C(3), D(4)]
for round_number in range(40):
    for o in objects:
        o.bump()
        s = o.describe()
    if round_number == 20:
        A.kind = "a2"  # a type change invalidates every cached entry for A
        objects[0].kind = "instance-shadow"
print([o.describe() for o in objects], [o.n for o in objects])
