# throw()/close() on a generator delegating (yield from) to an iterator without throw or
# close methods, or with a broken __getattr__.
import sys

trace = []


def g():
    try:
        trace.append("start")
        yield from range(10)
    finally:
        trace.append("finish")


gi = g()
for i in range(3):
    trace.append(next(gi))
try:
    gi.throw(ValueError("tomato ejected"))
except ValueError as e:
    print("thrown back:", e)
print(trace)


class Broken:
    def __iter__(self):
        return self

    def __next__(self):
        return 1

    def __getattr__(self, attr):
        1 / 0


def delegating():
    yield from Broken()


gi = delegating()
print(next(gi))
try:
    gi.throw(AttributeError)
except ZeroDivisionError as e:
    print("throw:", type(e).__name__, e)


def hook(unraisable):
    print("unraisable:", unraisable.exc_type.__name__)


sys.unraisablehook = hook
gi = delegating()
print(next(gi))
gi.close()
print("closed")


# The delegate generator sees the delegating generator as its caller.
def inner():
    try:
        yield
    except RuntimeError:
        print("inner caller:", sys._getframe().f_back.f_code.co_name)
    yield "after"


def outer():
    yield from inner()


gen = outer()
next(gen)
print(gen.throw(RuntimeError))
