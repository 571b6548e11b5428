# Constant folding and code-object constants as CPython 3.11 produces them: folded
# arithmetic within limits, constant tuples/frozensets, __debug__, docstrings, -0.0.
def consts(f):
    return [c for c in f.__code__.co_consts if not hasattr(c, "co_code")]

def arithmetic():
    return 2 * 3 + 4, 2 ** 10, "ab" * 3, -5, ~1, not 1, 1 / 4, 7 // 2, 7 % 3, 1 << 10, 255 >> 4
print(arithmetic(), consts(arithmetic))

def too_big():
    return 2 ** 1000, "x" * 5000, (1,) * 300
print(len(str(too_big()[0])), consts(too_big))

def errors_left_for_runtime():
    try:
        return 1 / 0
    except ZeroDivisionError as e:
        return str(e)
print(errors_left_for_runtime())

def containers(x):
    return x in [1, 2, 3], x in {4, 5}, x not in (6, 7), [1, 2, 3], {1, 2, 3}, (1, (2, 3))
print(containers(2), consts(containers))

def debug():
    if __debug__:
        return "debug"
    return "optimized"
print(debug(), __debug__)

def zeros():
    return 0.0, -0.0, 0, -0.0 == 0.0
print(zeros(), consts(zeros))

def tuple_identity():
    return (1, 2, 3)
print(tuple_identity() is tuple_identity())

def subscript():
    return "hello"[1], (1, 2, 3)[-1], b"xyz"[0]
print(subscript(), consts(subscript))

def not_docstring():
    "a" + "b"
    return 1
print(not_docstring.__doc__)

def loop_over_list():
    total = 0
    for v in [1, 2, 3]:
        total += v
    return total
print(loop_over_list(), consts(loop_over_list))

def strings():
    return "abc" + "def", b"a" + b"b", ("x", "y") + ("z",)
print(strings(), consts(strings))
print((lambda: None).__code__.co_consts, (lambda: "s").__code__.co_consts)

def big_ints():
    return 12345678901234567890 * 10, 0x10 | 0b1, 1_000_000
print(big_ints(), consts(big_ints))
print(-(2 ** 63), 2 ** 64 - 1, -9223372036854775808)
