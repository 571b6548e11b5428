# f_lineno assignment from a trace function: jumps forward and backward, out of loops
# (the iterator is popped), out of except blocks, and CPython's refusals with their
# messages (into a loop body, into an except block, before/after the code block, from a
# 'call' event, outside tracing, bad types).
import sys


def run_jump(func, from_line, to_line, event="line"):
    output = []
    first = func.__code__.co_firstlineno
    done = []

    def tracer(frame, ev, arg):
        if frame.f_code is not func.__code__:
            return None
        if ev == event and frame.f_lineno == first + from_line and not done:
            done.append(True)
            try:
                frame.f_lineno = first + to_line
                output.append("jumped")
            except ValueError as e:
                output.append("ValueError: " + str(e).replace(str(first + to_line), "N"))
            except Exception as e:
                output.append(type(e).__name__ + ": " + str(e))
        return tracer

    sys.settrace(tracer)
    try:
        func(output)
    except Exception as e:
        output.append("raised " + type(e).__name__)
    finally:
        sys.settrace(None)
    print(func.__name__, from_line, "->", to_line, output)


def forward(output):
    output.append(1)
    output.append(2)
    output.append(3)


def backward(output):
    output.append(1)
    if len(output) < 5:
        output.append(3)
    output.append(4)


def out_of_loop(output):
    for i in range(3):
        output.append(i)
        output.append("loop")
    output.append(4)


def into_loop(output):
    output.append(1)
    for i in range(2):
        output.append(i)
    output.append(4)


def out_of_except(output):
    try:
        1 / 0
    except ZeroDivisionError:
        output.append(4)
        output.append(5)
    output.append(6)
    output.append(sys.exception())


def into_except(output):
    try:
        output.append(2)
    except ValueError:
        output.append(4)
    output.append(5)


def skips_assignment(output):
    output.append(1)
    x = 2
    output.append(x)


def while_loop(output):
    n = 0
    while n < 2:
        n += 1
        output.append(n)
    output.append("done")


run_jump(forward, 1, 3)
run_jump(backward, 4, 1)
run_jump(out_of_loop, 3, 4)
run_jump(into_loop, 1, 3)
run_jump(out_of_except, 4, 6)
run_jump(into_except, 2, 4)
run_jump(skips_assignment, 1, 3)
run_jump(while_loop, 4, 5)
run_jump(forward, 1, 100)
run_jump(forward, 1, -5)
run_jump(forward, 0, 2, event="call")
run_jump(forward, 3, 1, event="return")


def bad_values(output):
    output.append(1)
    output.append(2)


def tracer_bad(frame, event, arg):
    if event == "line" and frame.f_code is bad_values.__code__:
        for value in ("3", 2.0, True, 10**30):
            try:
                frame.f_lineno = value
            except ValueError as e:
                print(repr(value), "ValueError:", e)
        return None
    return tracer_bad


sys.settrace(tracer_bad)
bad_values([])
sys.settrace(None)

frame = sys._getframe()
try:
    frame.f_lineno = 1
except ValueError as e:
    print("outside tracing:", e)
try:
    del frame.f_lineno
except AttributeError as e:
    print("del:", e)
