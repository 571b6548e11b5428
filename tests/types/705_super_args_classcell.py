# super() argument errors (the call and super.__init__ word them differently), and
# __class__ being usable from a metaclass mro() while the class is being created.
for args, kwargs in [((int, int, int), {}), ((int,), {"a": 1}), ((1,), {}), ((int, "x"), {})]:
    try:
        super(*args, **kwargs)
    except TypeError as e:
        print("TypeError:", e)
try:
    super.__init__(super(int, 1), int, 1, 2)
except TypeError as e:
    print("TypeError:", e)


class MySuper(super):
    pass


try:
    MySuper(int, int, int)
except TypeError as e:
    print("TypeError:", e)
print(MySuper(int, 5).__self__, type(super.__new__(super)).__name__)

seen = []


class Meta(type):
    def mro(self):
        self.__dict__["f"]()
        return super().mro()


class A(metaclass=Meta):
    def f():
        seen.append(__class__)


print(seen == [A], A.__mro__)


class B:
    def g(self):
        return __class__, super().__repr__ is not None


print(B().g())
