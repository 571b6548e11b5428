# super().name(...) looks the method up without making a super object: instances,
# classmethods, staticmethods, properties, cells, the error cases, and late changes.


def show(call):
    try:
        print(call())
    except (TypeError, RuntimeError, AttributeError) as e:
        print(type(e).__name__ + ":", e)


class A:
    def m(self, x=0):
        return ("A.m", type(self).__name__, x)

    @classmethod
    def c(cls, x=0):
        return ("A.c", cls.__name__, x)

    @staticmethod
    def s(x=0):
        return ("A.s", x)

    @property
    def p(self):
        return "A.p"

    def __repr__(self):
        return "<" + type(self).__name__ + ">"


class B(A):
    def m(self, x=0):
        return ("B", super().m(x + 1))

    @classmethod
    def c(cls, x=0):
        return ("B.c", super().c(x + 1), super().m.__qualname__)

    def s_call(self):
        return super().s(5)

    def p_call(self):
        return super().p

    def kw_call(self):
        return super().m(x=9)

    def star_call(self, *args, **kwargs):
        return super().m(*args, **kwargs)

    def missing(self):
        return super().nope()

    def shadowed(self):
        self.m = lambda: "instance"
        return super().m(), self.m()

    def captured(self):
        f = lambda: self
        return super().m(1), f() is self

    def reassigned(self, other):
        self = other
        return super().m(2)

    def deleted(self):
        del self
        return super().m()

    def klass(self):
        return super().__class__.__name__, super().__repr__()

    def gen(self):
        yield super().m(3)


class C(B):
    def m(self, x=0):
        return ("C", super().m(x + 10))


b, c = B(), C()
show(lambda: b.m())
show(lambda: c.m(1))
show(lambda: B.c())
show(lambda: c.c(4))
show(lambda: b.s_call())
show(lambda: b.p_call())
show(lambda: b.kw_call())
show(lambda: b.star_call(7))
show(lambda: b.star_call(x=8))
show(lambda: b.missing())
show(lambda: B().shadowed())
show(lambda: b.captured())
show(lambda: b.reassigned(c))
show(lambda: b.reassigned(5))
show(lambda: b.deleted())
show(lambda: b.klass())
show(lambda: list(b.gen()))
show(lambda: B.m(5))


def no_args():
    return super().m()

show(no_args)


def loose(self):
    return super().m()

show(lambda: loose(b))


# The base method replaced after the first calls: every call looks it up again.
for i in range(3):
    if i == 1:
        A.m = lambda self, x=0: ("new A.m", x)
    if i == 2:
        del A.m
    show(lambda: b.m(i))
A.m = lambda self, x=0: ("A.m again", x)


# Cooperative __init__ and __new__ through a diamond, __init_subclass__.
class Base:
    def __new__(cls, *args, **kwargs):
        print("Base.__new__", cls.__name__)
        return super().__new__(cls)

    def __init__(self, **kwargs):
        print("Base.__init__", sorted(kwargs))
        super().__init__()

    def __init_subclass__(cls, /, tag=None, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.tag = tag


class Left(Base, tag="left"):
    def __init__(self, left=0, **kwargs):
        print("Left", left)
        super().__init__(**kwargs)


class Right(Base):
    def __init__(self, right=0, **kwargs):
        print("Right", right)
        super().__init__(**kwargs)


class Both(Left, Right, tag="both"):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)


Both(left=1, right=2, extra=3)
print(Left.tag, Right.tag, Both.tag)
show(lambda: Both(left=1, bad=2, other=3) and None)


# A metaclass forwarding __call__, and super() inside nested classes.
class Meta(type):
    def __call__(cls, *args, **kwargs):
        print("Meta.__call__", cls.__name__, args, kwargs)
        return super().__call__(*args, **kwargs)


class WithMeta(metaclass=Meta):
    def __init__(self, v=0):
        self.v = v


print(WithMeta(3).v, WithMeta(v=4).v)


class Outer:
    class Inner(A):
        def m(self, x=0):
            return ("Inner", super().m(x))

        @classmethod
        def c(cls):
            return super().c(1)

    def m(self):
        return Outer.Inner().m(1), Outer.Inner.c()


print(Outer().m())


# A class whose name is rebound to something else: __class__ still names the class.
class Gone(A):
    def m(self):
        return super().m(4)


g = Gone()
Gone = None
show(lambda: g.m())


# super as a local name that is not the builtin.
class Local(A):
    def m(self):
        super = lambda: A()
        return super().m(6)


show(lambda: Local().m())
