# sys.settrace: 'call', 'line', 'return' and 'exception' events for functions, loops
# (line events on each backward jump), exceptions caught and escaping, generators (each
# resume is a 'call'), the local trace function returned from 'call', f_trace_lines.
import sys

events = []


def tracer(frame, event, arg):
    name = frame.f_code.co_name
    if name == "<module>":
        return None
    line = frame.f_lineno - frame.f_code.co_firstlineno
    if event == "exception":
        arg = (arg[0].__name__, str(arg[1]))
    elif event == "return" and not isinstance(arg, (int, str, type(None), tuple)):
        arg = type(arg).__name__
    events.append((name, event, line, arg))
    return tracer


def show(title):
    print(title)
    for e in events:
        print("   ", e)
    events.clear()


def simple(a, b):
    c = a + b
    return c * 2


def loop(n):
    total = 0
    for i in range(n):
        total += i
    while n > 0:
        n -= 1
    return total


def one_line_loop():
    for i in range(3): pass
    return i


def raises():
    x = 1
    raise ValueError("boom")


def catches():
    try:
        raises()
    except ValueError as e:
        msg = str(e)
    finally:
        done = True
    return msg


def escapes():
    raises()


def gen(n):
    for i in range(n):
        yield i
    return "end"


def uses_gen():
    g = gen(2)
    out = list(g)
    return out


def delegating():
    result = yield from gen(1)
    return result


sys.settrace(tracer)
simple(1, 2)
sys.settrace(None)
show("simple")

sys.settrace(tracer)
loop(3)
sys.settrace(None)
show("loop")

sys.settrace(tracer)
one_line_loop()
sys.settrace(None)
show("one-line loop")

sys.settrace(tracer)
catches()
sys.settrace(None)
show("caught exception")

sys.settrace(tracer)
try:
    escapes()
except ValueError:
    pass
sys.settrace(None)
show("escaping exception")

sys.settrace(tracer)
uses_gen()
sys.settrace(None)
show("generator")

sys.settrace(tracer)
d = delegating()
next(d)
try:
    next(d)
except StopIteration as stop:
    print("yield from result", stop.value)
sys.settrace(None)
show("yield from")

sys.settrace(tracer)
g = gen(3)
next(g)
try:
    g.throw(KeyError("thrown"))
except KeyError:
    pass
sys.settrace(None)
show("throw into generator")


# A 'call' handler that returns None: no line events for that frame, but nested calls
# are still reported; a different local tracer for one frame.
def only_calls(frame, event, arg):
    events.append((frame.f_code.co_name, event, frame.f_lineno - frame.f_code.co_firstlineno, None))
    if frame.f_code.co_name == "simple":
        return local_tracer
    return None


def local_tracer(frame, event, arg):
    events.append(("local", event, frame.f_lineno - frame.f_code.co_firstlineno, arg))
    return local_tracer


def outer():
    x = simple(2, 3)
    return x


sys.settrace(only_calls)
outer()
sys.settrace(None)
show("local tracer")


# f_trace_lines = False: only call/return/exception for that frame.
def no_lines(frame, event, arg):
    frame.f_trace_lines = False
    events.append((frame.f_code.co_name, event, frame.f_lineno - frame.f_code.co_firstlineno, arg))
    return no_lines


sys.settrace(no_lines)
loop(2)
sys.settrace(None)
show("f_trace_lines off")

# gettrace, a tracer installed on the running frame through f_trace.
print(sys.gettrace())
sys.settrace(tracer)
print(sys.gettrace() is tracer)
sys.settrace(None)


def sets_own_trace():
    frame = sys._getframe()
    frame.f_trace = tracer
    sys.settrace(tracer)
    a = 1
    b = 2
    sys.settrace(None)
    return a + b


sets_own_trace()
show("f_trace on the running frame")
print(sys._getframe().f_trace)
