# An exception thrown into a generator or coroutine suspended in an except block gets the
# exception handled there as its __context__ (also through yield from and asyncio tasks).
def g():
    try:
        raise KeyError(3)
    except Exception:
        try:
            yield 1
        except Exception as e:
            print(type(e).__name__, repr(e.__context__))
it = g()
next(it)
try:
    it.throw(ValueError())
except StopIteration:
    pass

def inner():
    yield 1
def outer():
    try:
        raise KeyError(4)
    except Exception:
        try:
            yield from inner()
        except Exception as e:
            print(type(e).__name__, repr(e.__context__))
it = outer()
next(it)
try:
    it.throw(ValueError())
except StopIteration:
    pass

# Nothing handled in the generator: no context is added.
def plain():
    yield 1
it = plain()
next(it)
try:
    it.throw(ValueError())
except ValueError as e:
    print(repr(e.__context__))

# Throwing the handled exception itself does not make it its own context.
def same():
    try:
        raise KeyError(5)
    except KeyError as k:
        global handled
        handled = k
        try:
            yield 1
        except KeyError as e:
            print(e is handled, repr(e.__context__))
it = same()
next(it)
try:
    it.throw(handled)
except StopIteration:
    pass

# The asyncio form: awaiting a failing task inside an except block.
import asyncio

async def fail():
    raise ValueError("inner")

async def run():
    try:
        raise KeyError(6)
    except KeyError:
        try:
            await asyncio.create_task(fail())
        except ValueError as e:
            print(repr(e), repr(e.__context__))

asyncio.run(run())
