# Python loops over generators: values, return, exceptions (PEP 479, tracebacks), frames
# (f_back, gi_running, gi_frame), re-entrance, handled-exception state, break and resume
# elsewhere, finalisation, deep chains and recursion limits.
import sys, traceback

def gen(n):
    for i in range(n):
        yield i
    return "done"

print(list(gen(3)), [x for x in gen(4)])
total = 0
for x in gen(5):
    total += x
print(total)

def nested(n):
    for x in gen(n):
        for y in gen(x):
            yield x * 10 + y
print(list(nested(4)))

def raiser():
    yield 1
    raise KeyError("k")
try:
    for v in raiser():
        print("got", v)
except KeyError as e:
    print("caught", repr(e))
    traceback.print_exc(file=sys.stdout)

def stopper():
    yield 1
    raise StopIteration("x")
try:
    for v in stopper():
        pass
except RuntimeError as e:
    print("RuntimeError", e, repr(e.__cause__))

def frames():
    f = sys._getframe()
    yield f.f_back.f_code.co_name
    yield sys._getframe(1).f_code.co_name
def caller():
    return [x for x in frames()]
print(caller())
g = frames()
print(next(g), g.gi_running)

def running_check():
    yield g2.gi_running
    yield g2.gi_frame is not None
g2 = running_check()
print(list(g2), g2.gi_frame)

def reentrant():
    yield 1
    for x in g3:   # ValueError: generator already executing
        yield x
g3 = reentrant()
try:
    for v in g3:
        print("r", v)
except ValueError as e:
    print("ValueError", e)

def handled():
    try:
        raise ValueError("inner")
    except ValueError:
        yield sys.exc_info()[0].__name__
        yield sys.exc_info()[0].__name__
try:
    raise TypeError("outer")
except TypeError:
    for name in handled():
        print(name, sys.exc_info()[0].__name__)
print(sys.exc_info())

# break out of a loop: the generator stays suspended, resumable elsewhere
g4 = gen(10)
for x in g4:
    if x == 3: break
print(next(g4), list(g4))

# partially consumed, then closed
def closing():
    try:
        yield 1
        yield 2
    finally:
        print("finally ran")
for x in closing():
    print(x)
    break
import gc; gc.collect()

# deep chains of inline generators
def chain(depth):
    if depth == 0:
        yield from range(3)
    else:
        for x in chain(depth - 1):
            yield x + 1
print(list(chain(50)))
def deep(n):
    if n:
        for x in deep(n - 1):
            yield x
    else:
        yield "bottom"
try:
    print(list(deep(5000)))
except RecursionError as e:
    print("RecursionError")
print(list(deep(100)))

# generator modified by throw/send between loop steps
def echo():
    x = 0
    while True:
        got = yield x
        x = got if got is not None else x + 1
g5 = echo()
for v in g5:
    if v == 2: g5.send(10)
    if v > 12: break
    print(v, end=" ")
print()
