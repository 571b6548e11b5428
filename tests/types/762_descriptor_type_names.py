# Descriptor reprs and their self checks name the owner by its full type name
# ("array.array"), their __qualname__ by the short one, as CPython.
import _io
import _struct
import array
import collections

for d in [array.array.append, collections.deque.__dict__["maxlen"], _io.BytesIO.closed, array.array.__init__,
          array.array.__dict__["typecode"], _struct.Struct.__dict__["size"], array.array.__add__,
          list.append, object.__init__, int.real]:
    print(repr(d), d.__qualname__, d.__objclass__)


def show(f):
    try:
        print("ok", f())
    except Exception as e:
        print(type(e).__name__, e)


show(lambda: array.array.append())
show(lambda: array.array.__add__())
show(lambda: array.array.__dict__["typecode"].__get__(1))
show(lambda: collections.deque.__dict__["maxlen"].__get__(1))
show(lambda: collections.deque.__dict__["maxlen"].__set__(collections.deque(), 1))
show(lambda: array.array.__add__(1, 2))
show(lambda: array.array.__add__.__get__(1))
show(lambda: _io.BytesIO.read(1))
show(lambda: list.append(1, 2))


# __class_getitem__ = None opts out; type() refuses __mro_entries__ bases before anything.
class NoneGetitem(tuple):
    __class_getitem__ = None


class Entries:
    def __mro_entries__(self, bases):
        return ()


show(lambda: NoneGetitem[int])
show(lambda: _io.BytesIO[int])
show(lambda: type("Bad", (Entries(),), {}))
