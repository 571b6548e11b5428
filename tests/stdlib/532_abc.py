# abc through its native core (_abc): abstract method computation, register (virtual
# subclasses, cycles), isinstance/issubclass with the weak caches and __subclasshook__,
# the cache token, collections.abc and `match` flags, update_abstractmethods.
import _abc
import abc
import gc
import weakref
from collections.abc import Sequence, Mapping, Iterable, Sized, Hashable


def attempt(label, f):
    try:
        r = f()
    except BaseException as e:
        print(label, "->", type(e).__name__, e)
    else:
        print(label, "->", repr(r))


print(abc.ABCMeta.__module__, type(abc.ABC._abc_impl).__name__, type(_abc.get_cache_token()).__name__)


class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self): ...

    @property
    @abc.abstractmethod
    def name(self): ...

    def describe(self):
        return "shape"


class Square(Shape):
    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side ** 2


class Named(Square):
    name = "square"


print(sorted(Shape.__abstractmethods__), sorted(Square.__abstractmethods__), Named.__abstractmethods__)
attempt("Shape()", lambda: Shape())
attempt("Square(2)", lambda: Square(2))
print(Named(3).area(), Named(3).describe(), isinstance(Named(1), Shape), issubclass(Named, Shape))

# Virtual subclasses.
token = abc.get_cache_token()


class Circle:
    def area(self):
        return 3


print(isinstance(Circle(), Shape), Shape.register(Circle) is Circle, isinstance(Circle(), Shape))
print(issubclass(Circle, Shape), abc.get_cache_token() > token, Shape.register(Circle) is Circle)


class SubCircle(Circle):
    pass


print(issubclass(SubCircle, Shape), isinstance(SubCircle(), Shape), issubclass(int, Shape))
attempt("register non-class", lambda: Shape.register(4))
attempt("register cycle", lambda: Square.register(Shape))
attempt("issubclass non-class", lambda: issubclass(3, Shape))
print(Shape.register(Square) is Square)


# Decorator form and registration chains.
@Shape.register
class Triangle:
    pass


class Other(abc.ABC):
    pass


Other.register(Shape)
print(issubclass(Triangle, Shape), issubclass(Triangle, Other), issubclass(Square, Other))

# _get_dump shows the weak sets.
registry, cache, negative, version = _abc._get_dump(Shape)
print(sorted(r().__name__ for r in registry), type(version).__name__)
print(sorted(r().__name__ for r in cache))
Shape._abc_caches_clear()
print([len(s) for s in _abc._get_dump(Shape)[:3]])
Shape._abc_registry_clear()
print(issubclass(Circle, Shape), [len(s) for s in _abc._get_dump(Shape)[:3]])


# __subclasshook__.
class Quacks(abc.ABC):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Quacks:
            return hasattr(C, "quack") or NotImplemented
        return NotImplemented


class Duck:
    def quack(self):
        pass


print(issubclass(Duck, Quacks), isinstance(Duck(), Quacks), issubclass(int, Quacks))


class Bad(abc.ABC):
    @classmethod
    def __subclasshook__(cls, C):
        return 42


attempt("bad hook", lambda: issubclass(int, Bad))

# __instancecheck__ uses __class__ as well as the real type.
class Proxy:
    @property
    def __class__(self):
        return Duck


print(isinstance(Proxy(), Quacks), isinstance(Proxy(), Duck))

# The caches hold classes weakly.
class Temp:
    pass


ref = weakref.ref(Temp)
print(isinstance(Temp(), Quacks), isinstance(Temp(), Shape))
del Temp
gc.collect()
print(ref() is None)

# collections.abc and the match flags that register() propagates.
class MySeq:
    def __len__(self):
        return 2

    def __getitem__(self, i):
        if i >= 2:
            raise IndexError
        return i


class MyMap:
    def __getitem__(self, k):
        return k

    def keys(self):
        return ["x"]

    def get(self, k, default=None):
        return k

    def __len__(self):
        return 1

    def __iter__(self):
        return iter(["x"])


Sequence.register(MySeq)
Mapping.register(MyMap)


def kind(x):
    match x:
        case {"x": v}:
            return "mapping", v
        case [a, b]:
            return "sequence", a, b
        case _:
            return "other"


print(kind(MySeq()), kind(MyMap()), kind([1, 2]), kind({"x": 1}), kind("ab"))
print(isinstance([], Iterable), isinstance(3, Sized), isinstance([], Hashable), issubclass(dict, Mapping))


def both_flags():
    class Both(Sequence):
        __abc_tpflags__ = (1 << 5) | (1 << 6)


attempt("both flags", both_flags)

# update_abstractmethods.
class Late(abc.ABC):
    @abc.abstractmethod
    def a(self): ...


@abc.abstractmethod
def b(self): ...


Late.b = b
abc.update_abstractmethods(Late)
print(sorted(Late.__abstractmethods__))
Late.a = lambda self: 1
Late.b = lambda self: 2
abc.update_abstractmethods(Late)
print(Late.__abstractmethods__, Late().a())

# Broken _abc_impl.
class Broken(abc.ABC):
    pass


Broken._abc_impl = 5
attempt("broken impl", lambda: issubclass(int, Broken))
attempt("_abc_init non-type", lambda: _abc._abc_init(3))
