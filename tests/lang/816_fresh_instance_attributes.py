# Attributes stored on fresh instances (the first store makes the instance dict): shared
# keys across instances, data descriptors and __slots__ in the way, __dict__ replaced or
# deleted, property setters, __setattr__ overrides, vars() before and after.
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


points = [Point(i, -i) for i in range(5)]
print([(p.x, p.y) for p in points], vars(points[0]))
p = Point.__new__(Point)
print(vars(p))
p.y = 1
p.x = 2
print(vars(p), list(vars(p)))


class Guarded:
    def __init__(self, v):
        self.value = v

    @property
    def value(self):
        return self._v

    @value.setter
    def value(self, v):
        print("setter", v)
        self._v = v


for i in range(3):
    print(Guarded(i).value, vars(Guarded(i * 10)))


class Logged:
    def __init__(self):
        self.a = 1

    def __setattr__(self, name, value):
        print("setattr", name, value)
        object.__setattr__(self, name, value)


for _ in range(2):
    print(vars(Logged()))


class Mixed:
    __slots__ = ("s", "__dict__")

    def __init__(self):
        self.s = 1
        self.d = 2


for _ in range(3):
    m = Mixed()
    print(m.s, vars(m))


class Swap:
    def __init__(self, d):
        self.__dict__ = d
        self.k = 3


for _ in range(3):
    shared = {"z": 0}
    s = Swap(shared)
    print(shared, s.k)


class Later:
    def __init__(self):
        self.a = 1


objs = [Later() for _ in range(3)]
Later.a = property(lambda self: "class property")
try:
    Later()
except AttributeError as e:
    print("AttributeError:", e)
del Later.a
print(Later().a, [vars(o) for o in objs])
