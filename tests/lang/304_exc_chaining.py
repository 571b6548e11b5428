# __context__, __cause__ and __suppress_context__: implicit and explicit chaining.
def show(e):
    chain = []
    while e is not None:
        chain.append((type(e).__name__, str(e), e.__suppress_context__,
                      type(e.__cause__).__name__, type(e.__context__).__name__))
        e = e.__cause__ or e.__context__
    print(chain)

try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("while handling")
except ValueError as e:
    show(e)

try:
    try:
        1 / 0
    except ZeroDivisionError as z:
        raise ValueError("from") from z
except ValueError as e:
    show(e)

try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("from none") from None
except ValueError as e:
    show(e)
    print(e.__cause__, e.__context__ is not None)

try:
    raise KeyError("k") from ValueError
except KeyError as e:
    show(e)

try:
    try:
        raise KeyError(1) from 5
    except TypeError as e:
        print("TypeError:", e)
except Exception:
    pass

# a context set inside nested handlers
try:
    try:
        raise A if False else TypeError("first")
    except TypeError:
        try:
            raise ValueError("second")
        except ValueError:
            raise KeyError("third")
except KeyError as e:
    show(e)

# re-raising the exception being handled does not chain it to itself
try:
    try:
        raise ValueError("same")
    except ValueError as e:
        raise e
except ValueError as e:
    print(e.__context__)

# no cycle: raising an older exception inside a handler of a newer one
try:
    try:
        raise ValueError("a")
    except ValueError as a:
        try:
            raise TypeError("b")
        except TypeError as b:
            raise a
except ValueError as e:
    print(type(e.__context__).__name__, e.__context__.__context__)

# setters and their checks
e = Exception()
e.__cause__ = ValueError()
print(e.__suppress_context__, type(e.__cause__).__name__)
e.__suppress_context__ = False
e.__context__ = None
e.__cause__ = None
print(e.__cause__, e.__context__, e.__suppress_context__)
for bad in (lambda: setattr(e, "__cause__", 1), lambda: setattr(e, "__context__", "x"),
            lambda: delattr(e, "__cause__"), lambda: delattr(e, "__context__"),
            lambda: setattr(e, "__suppress_context__", 1), lambda: setattr(e, "__traceback__", 1),
            lambda: delattr(e, "__traceback__")):
    try:
        bad()
    except TypeError as err:
        print(err)

# exceptions raised by the interpreter inside a handler are chained too
try:
    try:
        [][0]
    except IndexError:
        {}["x"]
except KeyError as e:
    show(e)

# with statement and finally
class CM:
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        raise RuntimeError("exit")
try:
    with CM():
        raise ValueError("body")
except RuntimeError as e:
    show(e)
try:
    try:
        raise ValueError("try")
    finally:
        raise TypeError("finally")
except TypeError as e:
    show(e)

# generators: StopIteration becomes RuntimeError with a cause
def g():
    raise StopIteration("stop")
    yield
try:
    next(g())
except RuntimeError as e:
    show(e)

import sys
try:
    raise ValueError("v")
except ValueError:
    print(type(sys.exc_info()[1]).__name__, sys.exception().args)
print(sys.exc_info(), sys.exception())
