# Object-model corners from test_descr: Carlo Verre's setattr check, __class__
# assignment rules, __dict__ of type/module subclasses, __slots__ with compiler names,
# wrappers of another class's slot, custom mro() oddities, __reduce_ex__ checks.
import gc
import types
import weakref


def show(f):
    try:
        print("ok", f())
    except Exception as e:
        print(type(e).__name__, e)


# object.__setattr__ may not skip type's own __setattr__.
show(lambda: object.__setattr__(str, "foo", 42))
show(lambda: object.__delattr__(str, "lower"))


class A(type):
    def __setattr__(cls, key, value):
        object.__setattr__(cls, key, value)


class ValidMeta(type):
    def __setattr__(cls, key, value):
        type.__setattr__(cls, key, value)


class B:
    pass


class C(B, A):
    pass


class D(B, ValidMeta):
    pass


def set_test(meta):
    obj = meta("D", (object,), {})
    obj.test = True
    return obj.test


show(lambda: set_test(C))
show(lambda: set_test(D))

# __class__ assignment: module subclasses, same __slots__, immutable types.
class SubModule(types.ModuleType):
    a = 1


m = types.ModuleType("m")
m.__class__ = SubModule
print(type(m).__name__, m.a)
m.__class__ = types.ModuleType
print(type(m).__name__, hasattr(m, "a"))


class G:
    __slots__ = ["a", "b"]


class H:
    __slots__ = ["b", "a"]


class J:
    __slots__ = ["c", "b"]


class N(J):
    __slots__ = ["__weakref__"]


class P(J):
    __slots__ = ["__dict__"]


class Q(J):
    pass


class R(J):
    __slots__ = ["__dict__", "__weakref__"]


x = G()
x.a = 1
x.__class__ = H
print(type(x).__name__, x.a)


def assign(obj, cls):
    obj.__class__ = cls
    return type(obj).__name__


show(lambda: assign(G(), J))
show(lambda: assign(N(), P))
show(lambda: assign(Q(), R))
show(lambda: assign(1, bool))


class MyInt(int):
    __slots__ = ()


show(lambda: assign(MyInt(), int))
show(lambda: assign(object(), B))

# Classes whose metaclass mixes in a class with a __dict__ keep type's __dict__.
class Base:
    pass


class Meta2(Base, type):
    pass


class E(metaclass=Meta2):
    pass


print(type(E.__dict__).__name__, "__module__" in E.__dict__)
show(lambda: setattr(E, "__dict__", {}))


class Module2(Base, types.ModuleType):
    pass


mod = Module2("spam")
mod.__dict__["spam"] = "eggs"
print(mod.spam)
show(lambda: Base.__dict__["__dict__"].__set__(mod, {}))


# A module subclass whose __dict__ is not a dict cannot be listed.
class M2(types.ModuleType):
    __dict__ = property(lambda self: "Not a dict!")


show(lambda: dir(M2("m2")))

# The instance dict of a cycle through __dict__ alone is collected.
class X(dict):
    def __init__(self):
        dict.__init__(self)
        self.__dict__ = self


o = X()
o.attr = 42
wr = weakref.ref(o)
del o
gc.collect()
print(wr(), [type(v) for v in gc.get_objects() if type(v) is X])

# __qualname__ and __classcell__ may be slots; they are not class variables.
class Meta(type):
    def __new__(cls, name, bases, namespace, attr):
        print(attr in namespace)
        return super().__new__(cls, name, bases, namespace)


class C2(metaclass=Meta, attr="__classcell__"):
    __slots__ = ["__classcell__"]

    def f(self):
        return __class__


print(type(C2.__dict__["__classcell__"]).__name__, C2().f() is C2)
c = C2()
c.__classcell__ = 42
print(c.__classcell__)


def bad_classcell():
    class C3:
        __classcell__ = 42
        __slots__ = ["__classcell__"]


show(bad_classcell)
print(type(types.FunctionType.__dict__["__globals__"]).__name__)
show(lambda: setattr(show, "__globals__", {}))
show(lambda: setattr(property(), "fget", 42))
print(type(property.__dict__["fset"]).__name__)


class Doc:
    "elephant"


show(lambda: type(Doc).__dict__["__doc__"].__delete__(Doc))
show(lambda: type(list).__dict__["__doc__"].__set__(list, "x"))

# A slot wrapper of an unrelated class is not used as the slot.
class WrongWrapper(int):
    __eq__ = str.__eq__
    __add__ = str.__add__


w = WrongWrapper()
show(lambda: w == w)
show(lambda: w + w)
show(lambda: str.__add__(1, "a"))

# Custom mro(): leaving the class out, and subclassing a class without an MRO yet.
class Plain:
    pass


class DropSelf(type):
    def mro(cls):
        del DropSelf.mro
        return (Plain,)


def make_dropped():
    class Dropped(metaclass=DropSelf):
        pass


show(make_dropped)


class Extend(type):
    def mro(cls):
        if cls.__mro__ is None and cls.__name__ != "Sub":
            show(lambda: type(cls)("Sub", (cls,), {}))
        return type.mro(cls)


class Incomplete(metaclass=Extend):
    pass


print(Incomplete.__mro__[0].__name__)

# __reduce_ex__ takes an integer protocol; __getnewargs_ex__ results are checked.
show(lambda: object().__reduce_ex__(None))
show(lambda: object().__reduce_ex__())
show(lambda: object().__reduce__(0))
for result in [((1,), "bad dict"), ("bad tuple", {}), (), "bad args", ((1,), {"k": 2})]:

    class NewArgs:
        def __getnewargs_ex__(self, result=result):
            return result

    show(lambda: NewArgs().__reduce_ex__(2)[1][1:])
