# yield from a Python iterator returns the value its StopIteration carries; type() refuses
# bases with __mro_entries__; __class_getitem__ = None makes a class unsubscriptable; an
# attribute cache notices a class attribute's class gaining __get__/__set__.


class MyIter:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        self.n -= 1
        if self.n < 0:
            raise StopIteration(42)
        return self.n


def gen():
    ret = yield from MyIter(2)
    yield ("returned", ret)


print(list(gen()))
print(list(MyIter(3)), sum(MyIter(3)), [x for x in MyIter(2)], dict.fromkeys(MyIter(2)))
it = MyIter(0)
try:
    next(it)
except StopIteration as e:
    print("next:", e.value)


class Entry:
    def __mro_entries__(self, bases):
        return (object,)


try:
    type("Bad", (Entry(),), {})
except TypeError as e:
    print("TypeError", e)


class WithEntry(Entry(), metaclass=type):
    pass


print(WithEntry.__bases__, WithEntry.__orig_bases__[0].__class__.__name__)


class C_is_none(tuple):
    __class_getitem__ = None


try:
    C_is_none[int]
except TypeError as e:
    print("TypeError", e)


class Descriptor:
    pass


class C:
    def __init__(self):
        self.x = 1

    x = Descriptor()


class D:
    y = Descriptor()


def load(o):
    return o.x


def store(o):
    o.x = 5
    return o.x


def load_y(o):
    return o.y


c, d = C(), D()
for _ in range(3000):
    load(c), store(c), load_y(d)
Descriptor.__get__ = lambda self, instance, owner: ("get", type(instance).__name__)
Descriptor.__set__ = lambda self, instance, value: print("set", value)
print(load(c), store(c), load_y(d))
