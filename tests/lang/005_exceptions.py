# try/except/else/finally, raise from, custom exceptions, with.
class MyError(Exception):
    pass

def risky(n):
    if n == 0:
        raise MyError("zero")
    return 10 / n

for n in (0, 2, "x"):
    try:
        r = risky(n)
    except MyError as e:
        print("MyError:", e)
    except TypeError as e:
        print("TypeError:", e)
    else:
        print("ok", r)
    finally:
        print("finally", n)

try:
    try:
        {}["missing"]
    except KeyError as e:
        raise ValueError("wrapped") from e
except ValueError as e:
    print(e, repr(e.__cause__), e.__context__ is e.__cause__)

class CM:
    def __enter__(self):
        print("enter")
        return self
    def __exit__(self, t, v, tb):
        print("exit", t.__name__ if t else None)
        return True

with CM() as cm:
    raise RuntimeError("suppressed")
print("after with")

def f():
    try:
        return "try"
    finally:
        print("cleanup")
print(f())
try:
    raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
except* ValueError as e:
    print("got", repr(e.exceptions))
except* TypeError as e:
    print("got", repr(e.exceptions))
