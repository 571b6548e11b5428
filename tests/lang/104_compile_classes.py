# Class statements: body execution, __module__/__qualname__, docstrings, __classcell__ and
# zero-argument super(), metaclass and keyword arguments, decorators, nested classes.
class Base:
    "Base docstring"
    created = []
    def __init__(self, value):
        self.value = value
    def describe(self):
        return f"Base({self.value})"
    @classmethod
    def make(cls, v):
        return cls(v)
    @staticmethod
    def helper():
        return "static"
    @property
    def double(self):
        return self.value * 2

class Derived(Base):
    def __init__(self, value):
        super().__init__(value + 1)
    def describe(self):
        return "Derived:" + super().describe()
    def cls_name(self):
        return __class__.__name__

d = Derived.make(1)
print(d.describe(), d.double, d.helper(), d.cls_name())
print(Base.__doc__, Derived.__doc__, Base.__qualname__, Base.__module__)

class Meta(type):
    def __new__(mcls, name, bases, ns, **kwargs):
        ns["extra"] = kwargs
        return super().__new__(mcls, name, bases, ns)

class WithMeta(Base, metaclass=Meta, flag=True):
    pass
print(type(WithMeta).__name__, WithMeta.extra)

def class_decorator(cls):
    cls.decorated = True
    return cls

@class_decorator
class Decorated:
    x = 1
print(Decorated.decorated, Decorated.x)

class Outer:
    class Inner:
        class Deepest:
            def where(self):
                return type(self).__qualname__
    def method(self):
        def local():
            pass
        return local.__qualname__
print(Outer.Inner.Deepest().where(), Outer().method(), Outer.Inner.__qualname__)

class Body:
    print("executing body")
    a = 1
    b = a + 1
    for i in range(2):
        b += i
    del i
    if b > 2:
        c = "big"
print(Body.a, Body.b, Body.c, sorted(k for k in vars(Body) if not k.startswith("__")))

bases = (Base,)
class Star(*bases, **{}):
    pass
print(Star.__mro__[1].__name__)

class NoCell:
    def m(self):
        return 1
print("__classcell__" in vars(NoCell))

def factory():
    class Local:
        def m(self):
            return super().__repr__().split(" object")[0]
    return Local
print(factory()().m(), factory().__qualname__)

class Slots:
    __slots__ = ("a", "__b")
    def __init__(self):
        self.a = 1
        self.__b = 2
print(Slots.__slots__, Slots().a, hasattr(Slots(), "_Slots__b"))
