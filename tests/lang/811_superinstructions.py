# Pairs of instructions the assembler fuses (LOAD_FAST/STORE_FAST/LOAD_CONST pairs) must
# behave as the two instructions: swaps, chained stores, loops that jump onto the second
# instruction of a pair, line tracing of both lines, and a tracer's jump that skips an
# assignment so that a later load finds the local unbound.
import sys


def swap(a, b):
    a, b = b, a
    return a, b


def chain(n):
    x = y = n
    total = 0
    for i in range(n):
        total = total + x
        x = y
        y = i
    return total, x, y


def loop_onto_second(n):
    a = 0
    b = 1
    while a < n:
        a, b = b, a + b
    return a, b


print(swap(1, "two"), chain(10), loop_onto_second(1000))

lines = []


def line_tracer(frame, event, arg):
    if frame.f_code is stores.__code__ and event == "line":
        lines.append(frame.f_lineno - stores.__code__.co_firstlineno)
    return line_tracer


def stores(p):
    q = p
    r = q
    return r + 1


sys.settrace(line_tracer)
print(stores(41))
sys.settrace(None)
print(lines)


def jumper(frame, event, arg):
    if frame.f_code is skipped.__code__ and event == "line":
        if frame.f_lineno == skipped.__code__.co_firstlineno + 1:
            frame.f_lineno += 1  # over the assignment to `value`
    return jumper


def skipped():
    value = 1
    seen = value
    return seen


print(skipped())
sys.settrace(jumper)
try:
    print(skipped())
except UnboundLocalError as e:
    print("UnboundLocalError:", e)
sys.settrace(None)
print(skipped())
