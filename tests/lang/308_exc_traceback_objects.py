# __traceback__ and traceback objects: tb_next chains, tb_frame, tb_lineno, with_traceback,
# types.TracebackType, and the checks on tb_next.
import sys
import types

def inner():
    raise ValueError("inner")

def outer():
    inner()

try:
    outer()
except ValueError as e:
    tb = e.__traceback__
    exc = e

entries = []
t = tb
while t is not None:
    entries.append((t.tb_frame.f_code.co_name, t.tb_lineno, type(t.tb_lasti).__name__))
    t = t.tb_next
print(entries)
print(type(tb).__name__, type(tb) is types.TracebackType, sorted(dir(tb)))
print(tb.tb_frame is sys._getframe())

# with_traceback returns the exception itself
e2 = KeyError("k")
print(e2.with_traceback(tb) is e2, e2.__traceback__ is tb)
print(e2.with_traceback(None).__traceback__)
try:
    e2.with_traceback(5)
except TypeError as err:
    print(err)
try:
    raise e2.with_traceback(tb)
except KeyError as caught:
    t = caught.__traceback__
    names = []
    while t:
        names.append(t.tb_frame.f_code.co_name)
        t = t.tb_next
    print(names)

# assigning __traceback__
e3 = Exception()
e3.__traceback__ = tb
print(e3.__traceback__ is tb)
e3.__traceback__ = None
print(e3.__traceback__)

# tb_next is writable, with a loop check
last = tb
while last.tb_next:
    last = last.tb_next
for bad in (lambda: setattr(last, "tb_next", tb), lambda: setattr(tb, "tb_next", tb),
            lambda: setattr(tb, "tb_next", 5), lambda: delattr(tb, "tb_next"),
            lambda: setattr(tb, "tb_lineno", 1), lambda: setattr(tb, "tb_frame", None)):
    try:
        bad()
    except (ValueError, TypeError, AttributeError) as err:
        print(type(err).__name__, err)
second = tb.tb_next
tb.tb_next = None
print(tb.tb_next)
tb.tb_next = second
print(tb.tb_next is second)

# the constructor
frame = sys._getframe()
made = types.TracebackType(None, frame, 6, 42)
print(made.tb_next, made.tb_frame is frame, made.tb_lasti, made.tb_lineno)
chained = types.TracebackType(made, frame, 0, 1)
print(chained.tb_next is made)
kw = types.TracebackType(tb_next=None, tb_frame=frame, tb_lasti=2, tb_lineno=3)
print(kw.tb_lasti, kw.tb_lineno)
for bad in (lambda: types.TracebackType(), lambda: types.TracebackType(None, frame, 1),
            lambda: types.TracebackType(None, frame, 1, 2, 3), lambda: types.TracebackType(1, frame, 1, 2),
            lambda: types.TracebackType(None, 1, 1, 2), lambda: types.TracebackType(None, frame, "a", 2),
            lambda: types.TracebackType(None, frame, 1, 2 ** 40)):
    try:
        bad()
    except (TypeError, OverflowError) as err:
        print(type(err).__name__, err)

# sys.exc_info() inside a handler
try:
    outer()
except ValueError:
    t, v, trace = sys.exc_info()
    print(t.__name__, v, trace.tb_frame.f_code.co_name, trace.tb_next.tb_frame.f_code.co_name)

# a traceback keeps growing as the exception travels up
def a():
    b()
def b():
    c()
def c():
    1 / 0
try:
    a()
except ZeroDivisionError as err:
    t = err.__traceback__
    while t:
        print(t.tb_frame.f_code.co_name, t.tb_lineno)
        t = t.tb_next
