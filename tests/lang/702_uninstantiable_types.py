# Built-in types with no constructor of their own cannot be called (they used to
# inherit object.__new__ and make uninitialised objects).
import copy
import sys
import types


async def coro_function():
    pass


async def agen_function():
    yield


def gen_function():
    yield


coro = coro_function()
agen = agen_function()
candidates = [type(gen_function()), type(coro), type(coro.__await__()), type(agen),
              type(agen.asend(None)), types.FrameType, type(str.join), type(object.__init__),
              type(object().__str__), type(len), types.GetSetDescriptorType,
              type(iter(range(3))), type(iter(int, 1)), type(dict.__dict__["fromkeys"])]
coro.close()
for t in candidates:
    try:
        t()
    except TypeError as e:
        print(e)

try:
    copy.copy(gen_function())
except TypeError as e:
    print("copy:", e)
print(type(sys._getframe()).__name__)
