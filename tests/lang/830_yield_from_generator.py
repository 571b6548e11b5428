# `yield from` a generator (SEND resumes it in the caller's loop): values, return values,
# exceptions and their tracebacks, close/throw, gi_yieldfrom/gi_running/gi_frame, PEP 479,
# a delegate that is already running or finished, sys.settrace.
import sys
import traceback


def inner(n):
    for i in range(n):
        yield i
    return n * 10


def outer(n):
    result = yield from inner(n)
    yield ("inner returned", result)
    result = yield from (x * x for x in range(n))
    yield ("genexpr returned", result)
    return "outer done"


print(list(outer(3)))
g = outer(2)
print(next(g), next(g), next(g))
try:
    while True:
        next(g)
except StopIteration as e:
    print("StopIteration", e.value)

# Nested delegation, three deep, consumed by sum() and by a for loop.
def level(k, n):
    if k == 0:
        yield from range(n)
        return "bottom"
    r = yield from level(k - 1, n)
    yield k * 100
    return r + "/" + str(k)


print(sum(level(3, 5)))
print([x for x in level(2, 3)])

# Send non-None values through the delegation (the general path), then None again.
def echo():
    received = []
    while True:
        v = yield len(received)
        if v == "stop":
            return received
        received.append(v)


def relay():
    r = yield from echo()
    yield ("relay got", r)


g = relay()
print(next(g), g.send("a"), g.send(None), g.send("b"), next(g), g.send("stop"))

# gi_yieldfrom, gi_running and the frame chain while the delegate runs.
def watcher():
    me = yield "first"
    yield (me.gi_running, outer_gen.gi_running, sys._getframe(1).f_code.co_name)


def holder():
    yield from w


w = watcher()
outer_gen = holder()
print(next(outer_gen), outer_gen.gi_yieldfrom is w, w.gi_yieldfrom)
print(outer_gen.send(w))
print(w.gi_frame.f_back)

# An exception in the delegate: its traceback goes through both frames.
def failing():
    yield 1
    raise KeyError("inner failure")


def delegating():
    yield from failing()


def consumer():
    return sum(delegating())


try:
    consumer()
except KeyError:
    tb = traceback.extract_tb(sys.exc_info()[2])
    print([(f.name, f.line) for f in tb])

# The exception can be caught by the delegating generator.
def catching():
    try:
        yield from failing()
    except KeyError as e:
        yield ("caught", e.args)
    yield "after"


print(list(catching()))

# PEP 479: StopIteration raised in the delegate becomes RuntimeError.
def stopper():
    yield 1
    raise StopIteration("leaked")


def wrapping():
    yield from stopper()


try:
    list(wrapping())
except RuntimeError as e:
    print("RuntimeError:", e, "| cause:", repr(e.__cause__))

# close() and throw() reach the delegate.
def noisy():
    try:
        yield 1
        yield 2
    except ValueError as e:
        print("  noisy got", repr(e))
        yield "recovered"
    finally:
        print("  noisy finally")


def wrapper():
    try:
        r = yield from noisy()
    finally:
        print("  wrapper finally")


g = wrapper()
print(next(g))
print(g.throw(ValueError("boom")))
g.close()
print("closed", g.gi_frame, g.gi_yieldfrom)

g = wrapper()
next(g)
del g
print("collected")

# A delegate that is already running, or already finished.
def self_delegating():
    yield from me_gen


me_gen = self_delegating()
try:
    next(me_gen)
except ValueError as e:
    print("ValueError:", e)

done = inner(0)
list(done)


def after_done():
    r = yield from done
    yield ("finished delegate returned", r)


print(list(after_done()))

fresh = inner(2)


def takes_fresh():
    yield from fresh


print(list(takes_fresh()), list(fresh))

# sys.settrace across a delegation (the general path while tracing).
events = []


def tracer(frame, event, arg):
    if frame.f_code.co_name in ("inner", "outer", "starts_tracing", "via", "via2", "via3", "sets_then_returns", "sets_then_returns_none"):
        events.append((frame.f_code.co_name, event))
    return tracer


sys.settrace(tracer)
print(list(outer(1)))
sys.settrace(None)
print(events)

# Tracing turned on from inside a delegate resumed in the caller's loop.
def starts_tracing():
    yield 1
    sys.settrace(tracer)
    yield 2


def via():
    yield from starts_tracing()
    yield 3


events.clear()
print(list(via()))
sys.settrace(None)
print(events)

# Tracing turned on by a delegate that then returns at once: the delegating frame, traced
# already, sees the delegation end as CPython reports it.
def sets_then_returns():
    yield 1
    sys.settrace(tracer)
    return 5


def via2():
    sys._getframe().f_trace = tracer
    r = yield from sets_then_returns()
    yield r


def sets_then_returns_none():
    yield 1
    sys.settrace(tracer)


def via3():
    sys._getframe().f_trace = tracer
    r = yield from sets_then_returns_none()
    yield r


for maker in (via2, via3):
    events.clear()
    print(list(maker()))
    sys.settrace(None)
    print(events)
