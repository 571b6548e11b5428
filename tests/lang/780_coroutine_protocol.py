# Coroutine protocol details: cr_origin tracking, the "never awaited" warning (with its
# origin), reuse of a finished coroutine through send/throw/__await__, awaiting a
# coroutine that is already being awaited, and frame.clear() of a coroutine frame.
import sys
import types
import warnings


@types.coroutine
def nop():
    yield


async def corofn():
    pass


def make():
    return corofn()  # origin line


print("depth", sys.get_coroutine_origin_tracking_depth())
sys.set_coroutine_origin_tracking_depth(2)
c = make()
print([(name, line > 0) for _, line, name in c.cr_origin])
c.close()
sys.set_coroutine_origin_tracking_depth(0)
c = corofn()
print("origin off", c.cr_origin)
c.close()
try:
    sys.set_coroutine_origin_tracking_depth(-1)
except ValueError as e:
    print("ValueError", e)

for depth in (0, 1):
    sys.set_coroutine_origin_tracking_depth(depth)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        make()
    message = str(caught[0].message)
    print(caught[0].category.__name__, message.replace(__file__, "FILE"))
sys.set_coroutine_origin_tracking_depth(0)


async def returns():
    return "spam"


coro = returns()
try:
    coro.send(None)
except StopIteration as e:
    print("StopIteration", e.value)
for action in ("send", "throw", "next"):
    try:
        if action == "send":
            coro.send(None)
        elif action == "throw":
            coro.throw(Exception("wat"))
        else:
            next(coro.__await__())
    except RuntimeError as e:
        print(action, "RuntimeError", e)
coro.close()
coro.close()


async def inner():
    await nop()


async def waiter(c):
    await c


first = inner()
first.send(None)
try:
    waiter(first).send(None)
except RuntimeError as e:
    print("RuntimeError", e)
first.close()


class F:
    def __aiter__(self):
        return self

    def __anext__(self):
        return self

    def __await__(self):
        1 / 0


async def loop():
    async for _ in F():
        pass


try:
    loop().send(None)
except TypeError as e:
    print("TypeError", e, "| cause:", type(e.__cause__).__name__)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    unstarted = corofn()
    unstarted.cr_frame.clear()
    print("after clear", [str(w.message) for w in caught])
unstarted.close()
print("doc", types.CoroutineType.__dict__["__name__"].__doc__, "|",
      types.CoroutineType.__dict__["cr_await"].__doc__)
print(hasattr(types.AsyncGeneratorType, "ag_suspended"), hasattr(types.CoroutineType, "cr_suspended"))
