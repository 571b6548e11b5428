# Classes: methods, inheritance, super, properties, class attributes, dunders.
class Animal:
    kind = "animal"
    def __init__(self, name):
        self.name = name
    def speak(self):
        return f"{self.name} makes a sound"
    def __repr__(self):
        return f"Animal({self.name!r})"

class Dog(Animal):
    kind = "dog"
    def speak(self):
        return super().speak() + " (woof)"

d = Dog("rex")
print(d.speak(), d.kind, Animal.kind, repr(d), isinstance(d, Animal), type(d).__name__)
print(Dog.__mro__)

class Point:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y)
    def __eq__(self, other):
        return (self.x, self.y) == (other.x, other.y)
    def __repr__(self):
        return f"Point({self.x}, {self.y})"

print(Point(1, 2) + Point(3, 4), Point(1, 1) == Point(1, 1))
try:
    hash(Point(1, 2))
except TypeError as e:
    print(e)

class Temp:
    def __init__(self):
        self._c = 0
    @property
    def c(self):
        return self._c
    @c.setter
    def c(self, v):
        self._c = v * 2
    @staticmethod
    def s(x):
        return x + 1
    @classmethod
    def make(cls):
        return cls()

t = Temp.make()
t.c = 5
print(t.c, Temp.s(1), t.s(2))

class Meta(type):
    def __new__(mcls, name, bases, ns):
        ns["added"] = name.lower()
        return super().__new__(mcls, name, bases, ns)

class WithMeta(metaclass=Meta):
    pass
print(WithMeta.added, type(WithMeta).__name__)

class Vec:
    def __init__(self, *c):
        self.c = c
    def __len__(self):
        return len(self.c)
    def __getitem__(self, i):
        return self.c[i]
    def __iter__(self):
        return iter(self.c)
    def __contains__(self, x):
        return x in self.c
v = Vec(1, 2, 3)
print(len(v), v[1], list(v), 2 in v, 5 in v, bool(Vec()))
