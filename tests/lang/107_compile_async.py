# Coroutines without an event loop: await, async with, async for, async generators and
# async comprehensions, driven by send().
import types

@types.coroutine
def suspend(value):
    received = yield value
    return received

class AsyncCM:
    async def __aenter__(self):
        print("aenter")
        await suspend("enter")
        return "cm-value"
    async def __aexit__(self, *exc):
        print("aexit", exc[0].__name__ if exc[0] else None)
        return True

class AsyncIter:
    def __init__(self, n):
        self.n = n
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        await suspend("step")
        return self.n

async def agen(n):
    for i in range(n):
        await suspend("agen")
        yield i * 10

async def main():
    got = await suspend("first")
    print("got", got)
    async with AsyncCM() as v:
        print("inside", v)
        raise ValueError("swallowed")
    async for i in AsyncIter(3):
        print("iter", i)
    else:
        print("async for else")
    print([x async for x in agen(3)])
    print({x: x async for x in AsyncIter(2)})
    print([await suspend(i) for i in range(2)])
    async for v in agen(2):
        if v:
            break
    return "main done"

def run(coro):
    value = None
    try:
        while True:
            yielded = coro.send(value)
            value = f"sent:{yielded}"
    except StopIteration as e:
        return e.value

print(run(main()))
print(main.__code__.co_flags & 0x80 != 0, agen.__code__.co_flags & 0x200 != 0)
c = main()
print(type(c).__name__)
c.close()

async def gen_expr_in_async():
    return [i async for i in agen(2) if i]
print(run(gen_expr_in_async()))
