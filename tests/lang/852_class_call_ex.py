# C(*args, **kwargs) of a class with a Python __init__ runs __init__ in the same loop:
# binding errors, __init__ results, replaced __init__, metaclasses, __new__ overrides.
import abc


def show(call):
    try:
        print(call())
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)


class Point:
    def __init__(self, x, y=0, *, label="p"):
        self.x, self.y, self.label = x, y, label

    def __repr__(self):
        return f"Point({self.x}, {self.y}, {self.label!r})"


def make(*args, **kwargs):
    return Point(*args, **kwargs)


show(lambda: make(1))
show(lambda: make(1, 2, label="q"))
show(lambda: make(y=5, x=4))
show(lambda: Point(*[7], **{"label": "z"}))
show(lambda: make())
show(lambda: make(1, 2, 3))
show(lambda: make(1, x=2))
show(lambda: make(1, bad=2))
show(lambda: Point(*(1,), **{1: 2}))
show(lambda: Point(*5))
kw = {"y": 9}
p = Point(*(1,), **kw)
print(p, kw)


class Returns:
    def __init__(self, value):
        self.value = value
        return value


show(lambda: Returns(*(None,)).value)
show(lambda: Returns(*(3,), **{}))


class Raises:
    def __init__(self, *args, **kwargs):
        raise ValueError(args, kwargs)


show(lambda: Raises(*(1, 2), **{"k": 3}))


class Collect:
    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs


c = Collect(*(1, 2), **kw)
print(c.args, c.kwargs, c.kwargs is kw)
c.kwargs["new"] = 1
print(kw)


# __init__ replaced on the class between calls.
class Swap:
    def __init__(self, a):
        self.a = ("first", a)


for i in range(3):
    if i == 1:
        Swap.__init__ = lambda self, a, b=0: setattr(self, "a", ("second", a, b))
    if i == 2:
        del Swap.__init__
    show(lambda: vars(Swap(*(i,), **({"b": 1} if i == 1 else {}))) if i < 2 else vars(Swap()))


# A metaclass __call__, a __new__ override, an abstract class, a subclass of a builtin.
class Meta(type):
    def __call__(cls, *args, **kwargs):
        print("Meta.__call__", args, kwargs)
        return super().__call__(*args, **kwargs)


class WithMeta(metaclass=Meta):
    def __init__(self, a, b=2):
        self.ab = (a, b)


print(WithMeta(*(1,), **{"b": 3}).ab)


class WithNew:
    def __new__(cls, *args, **kwargs):
        print("WithNew.__new__", args, kwargs)
        return super().__new__(cls)

    def __init__(self, a, b=2):
        self.ab = (a, b)


print(WithNew(*(1,), **{"b": 4}).ab)


class Abstract(abc.ABC):
    @abc.abstractmethod
    def m(self):
        pass

    def __init__(self, a):
        self.a = a


show(lambda: Abstract(*(1,), **{}))


class MyList(list):
    def __init__(self, *args, **kwargs):
        super().__init__(*args)
        self.kwargs = kwargs


m = MyList(*([1, 2],), **{"k": 1})
print(m, m.kwargs)


class Slotted:
    __slots__ = ("a", "b")

    def __init__(self, a, b):
        self.a, self.b = a, b


s = Slotted(*(1,), **{"b": 2})
print(s.a, s.b)


# A generator as the * operand may change the ** dict: the call sees the dict as it was.
def changing(d):
    d["y"] = 100
    yield 1


d = {"label": "g"}
show(lambda: Point(*changing(d), **d))
print(d)
