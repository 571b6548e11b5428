# Subclasses with __slots__ of built-in types whose constructors allocate the base struct:
# the slot values live after it and must have room (weakref.ref subclasses are what
# weakref.WeakValueDictionary uses).
import weakref
import copy


class C:
    pass


class KeyedRef(weakref.ref):
    __slots__ = "key", "extra"

    def __new__(cls, ob, callback, key):
        self = weakref.ref.__new__(cls, ob, callback)
        self.key = key
        self.extra = [key] * 3
        return self

    def __init__(self, ob, callback, key):
        super().__init__(ob, callback)


data = {}


def drop(r):
    del data[r.key]
    print("callback removed", r.key, r.extra)


objs = [C() for i in range(4)]
for i, o in enumerate(objs):
    data[i] = KeyedRef(o, drop, i)
del o
print(sorted(data))
del objs[1]
del objs[2]
print(sorted(data))

u = weakref.WeakValueDictionary()
a, b, c, d = [C() for i in range(4)]
u[a] = b
u[c] = d
v = copy.copy(u)
print(len(v), v[a] is b)
del c, d
print(len(v), len(u))


class E(enumerate):
    __slots__ = "x", "y"


e = E("ab")
e.x, e.y = "first", "second"
print(list(e), e.x, e.y)


class R(reversed):
    __slots__ = ("tag",)


r = R("abc")
r.tag = "t" * 10
print(list(r), r.tag)


class M(map):
    __slots__ = ("a", "b", "c")


m = M(str, [1, 2])
m.a = m.b = m.c = object()
print(list(m), m.a is m.c)
