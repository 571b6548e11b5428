# anext(ait, default): awaiting goes through the awaitable's iterator (a coroutine's
# __await__()), StopAsyncIteration becomes the default, and bad awaitables raise
# CPython's TypeErrors; send/throw/close reach that iterator.
import types


class AsyncCounter:
    def __init__(self, limit):
        self.i = 0
        self.limit = limit

    def __aiter__(self):
        return self

    async def __anext__(self):
        self.i += 1
        if self.i > self.limit:
            raise StopAsyncIteration
        return self.i


async def agen():
    yield 1
    yield 2


def run(coro):
    try:
        while True:
            coro.send(None)
    except StopIteration as e:
        return e.value


async def main(source):
    it = source()
    return [await anext(it, "default") for _ in range(4)]


print(run(main(lambda: AsyncCounter(2))))
print(run(main(agen)))


class BadAwaitable:
    def __await__(self):
        return 42


class ReturnsBad:
    def __aiter__(self):
        return self

    def __anext__(self):
        return BadAwaitable()


class ReturnsIterator:
    def __aiter__(self):
        return self

    def __anext__(self):
        return iter("abc")


class ReturnsGenerator:
    def __aiter__(self):
        return self

    def __anext__(self):
        yield


async def bad(cls, with_default):
    try:
        if with_default:
            await anext(cls(), "default")
        else:
            await anext(cls())
    except TypeError as e:
        return f"TypeError: {e}".replace(hex(id(e)), "ID")


for cls in (ReturnsBad, ReturnsIterator, ReturnsGenerator):
    for with_default in (True, False):
        result = run(bad(cls, with_default))
        print(cls.__name__, with_default, result.split(" at 0x")[0])

awaitable = anext(AsyncCounter(0), "done")
it = awaitable.__await__()
try:
    it.send(None)
except StopIteration as e:
    print("send ->", e.value)


@types.coroutine
def pause():
    yield "paused"


class Slow:
    def __aiter__(self):
        return self

    async def __anext__(self):
        await pause()
        return 1


awaitable = anext(Slow(), "d")
print(awaitable.send(None))
try:
    awaitable.throw(ValueError("thrown"))
except ValueError as e:
    print("throw ->", e)
awaitable = anext(Slow(), "d")
print(awaitable.send(None))
print("close ->", awaitable.close())
