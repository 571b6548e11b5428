# Python-level operator methods on operands of the same class (which the eval loop runs in
# a frame of its own): results, NotImplemented falling back as binary_op does (TypeError,
# also for a list subclass), exceptions and tracebacks from inside the method,
# defaults, recursion, in-place forms, profile events, and mixed-type operands.
import sys
import traceback


class V:
    def __init__(self, x):
        self.x = x

    def __add__(self, other):
        return V(self.x + other.x)

    def __sub__(self, other, scale=1):
        return V((self.x - other.x) * scale)

    def __mul__(self, other):
        if isinstance(other, V):
            return self.x * other.x
        return V(self.x * other)

    def __truediv__(self, other):
        return NotImplemented

    def __mod__(self, other):
        raise ValueError(f"no modulo for {self.x}")

    def __matmul__(self, other):
        return self if other.x == 0 else self @ V(other.x - 1)

    def __repr__(self):
        return f"V({self.x})"


class L(list):
    def __add__(self, other):
        return NotImplemented


class Gen:
    def __add__(self, other):
        yield "generator operator"


for _ in range(3):
    a, b = V(3), V(4)
    print(a + b, a - b, a * b, a * 2, (a + b) * (a - b), a @ V(50))
    try:
        a / b
    except TypeError as e:
        print("TypeError:", e)
    try:
        a % b
    except ValueError as e:
        print("ValueError:", e, e.__traceback__.tb_next.tb_frame.f_code.co_name)
    c = V(1)
    c += V(2)
    c -= V(5)
    print(c)
    try:
        L([1]) + L([2])  # a Python __add__ also hides list's concatenation
    except TypeError as e:
        print("TypeError:", e)
    print(list(Gen() + Gen()))

try:
    V(1) % V(2)
except ValueError:
    lines = traceback.format_exc().splitlines()
    print([line.strip() for line in lines if line.strip().startswith(("File", "V(", "raise"))])


def deep(n):
    return V(0) if n == 0 else V(1) + deep(n - 1)


print(deep(300))
try:
    V(1) @ V(100000)
except RecursionError:
    print("RecursionError")

calls = []


def profiler(frame, event, arg):
    if event in ("call", "return") and frame.f_code.co_name.startswith("__"):
        calls.append((event, frame.f_code.co_name))


sys.setprofile(profiler)
V(1) + V(2)
sys.setprofile(None)
print(calls)
