# try/except/else/finally, return/break/continue through finally, exception variable
# clearing, nested handlers, re-raise, with statements and their __exit__ protocol.
def f(kind):
    try:
        if kind == "raise":
            raise ValueError("v")
        if kind == "return":
            return "from try"
    except ValueError as e:
        print("handler", e)
        return "from except"
    else:
        print("else")
    finally:
        print("finally", kind)
    return "end"
for k in ("raise", "return", "normal"):
    print(f(k))

def finally_overrides():
    try:
        return 1
    finally:
        return 2
print(finally_overrides())

def finally_swallows():
    for i in range(3):
        try:
            raise KeyError(i)
        finally:
            if i < 2:
                continue
            break
    return i
print(finally_swallows())

try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("during handling")
except ValueError as e:
    print(type(e.__context__).__name__, e)

try:
    raise TypeError("t")
except TypeError as err:
    pass
try:
    err
except NameError as e:
    print("cleared:", e)

def reraise():
    try:
        raise KeyError("inner")
    except KeyError:
        raise
try:
    reraise()
except KeyError as e:
    print("reraised", e)

try:
    raise RuntimeError("a") from KeyError("b")
except RuntimeError as e:
    print(repr(e), repr(e.__cause__), e.__suppress_context__)

import sys
try:
    raise ValueError("x")
except (TypeError, ValueError) as e:
    print("tuple match", sys.exception() is e)
print(sys.exception())

class CM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self.name
    def __exit__(self, typ, val, tb):
        print("exit", self.name, typ.__name__ if typ else None)
        return self.suppress

with CM("a") as a, CM("b") as b:
    print("body", a, b)
with CM("s", suppress=True):
    raise ValueError("suppressed")
try:
    with CM("n"):
        raise KeyError("propagates")
except KeyError as e:
    print("propagated", e)

def with_return():
    with CM("r"):
        return "returned"
print(with_return())

def with_break():
    for i in range(3):
        with CM(f"loop{i}"):
            if i == 1:
                break
    return i
print(with_break())

try:
    raise ExceptionGroup("eg", [ValueError(1), TypeError(2), KeyError(3)])
except* ValueError as e:
    print("star value", repr(e))
except* (TypeError, KeyError) as e:
    print("star other", repr(e))

try:
    try:
        raise ExceptionGroup("eg", [ValueError(1), OSError(2)])
    except* ValueError:
        print("handled value")
except ExceptionGroup as e:
    print("rest", repr(e))

def nested_finally():
    try:
        try:
            return "inner"
        finally:
            print("inner finally")
    finally:
        print("outer finally")
print(nested_finally())

try:
    pass
except Exception:
    pass
else:
    print("else without exception")
finally:
    print("and finally")
