# Instances of classes laid out on object are allocated already tracked and freed by a
# short dealloc path: slots (floats and objects), __dict__, __weakref__ with callbacks,
# __del__ added after the class was made, __class__ assignment, subclasses, gc counts.
import gc
import weakref


class Vec:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y, self.z + other.z)


total = Vec(0.0, 0.0, 0.0)
for i in range(1000):
    total = total + Vec(i * 0.5, float(i), 1)
print(total.x, total.y, total.z)

# Slots holding objects that die with the instance.
class Tracker:
    died = []

    def __init__(self, name):
        self.name = name

    def __del__(self):
        Tracker.died.append(self.name)


v = Vec(Tracker('a'), Tracker('b'), 3.5)
del v
print(sorted(Tracker.died))

# Partly filled slots.
class Partial:
    __slots__ = ("a", "b")


p = Partial()
p.a = Tracker('partial')
del p
print(Tracker.died[-1])

# __dict__ instances.
class Plain:
    def __init__(self, v):
        self.v = v
        self.t = Tracker('plain%d' % v)


for i in range(3):
    Plain(i)
print(Tracker.died[-3:])

# Weak references and their callbacks.
class Weak:
    pass


w = Weak()
seen = []
r = weakref.ref(w, lambda ref: seen.append('callback'))
del w
print(seen, r())

# A slotted class with __weakref__.
class SlotWeak:
    __slots__ = ("a", "__weakref__")


s = SlotWeak()
s.a = 1.25
r2 = weakref.ref(s, lambda ref: seen.append('slot callback'))
del s
print(seen, r2())

# __del__ added to the class after instances were made and freed.
class Late:
    def __init__(self, v):
        self.v = v


for i in range(3):
    Late(i)
Late.__del__ = lambda self: print('Late.__del__', self.v)
Late(7)
del Late.__del__
Late(8)
print('no __del__ for 8')

# __del__ resurrecting the instance.
keep = []


class Phoenix:
    def __init__(self, v):
        self.v = v

    def __del__(self):
        keep.append(self)


Phoenix(1)
print(len(keep), keep[0].v)

# __class__ assignment between compatible classes.
class A:
    def __init__(self):
        self.x = 1


class B:
    def __del__(self):
        print('B.__del__', self.x)


a = A()
a.__class__ = B
del a

# Subclasses of a class with slots, and with a __dict__ added.
class Base:
    __slots__ = ("p",)

    def __init__(self, p):
        self.p = p


class Derived(Base):
    __slots__ = ("q",)

    def __init__(self, p, q):
        super().__init__(p)
        self.q = q


class WithDict(Base):
    def __init__(self, p):
        super().__init__(p)
        self.extra = Tracker('withdict')


d = Derived(Tracker('d.p'), Tracker('d.q'))
del d
print(Tracker.died[-2:])
WithDict(Tracker('wd.p'))
print(sorted(Tracker.died[-2:]))

# Subclass of a built-in: not the object layout.
class MyList(list):
    def __init__(self, *a):
        super().__init__(*a)
        self.tag = Tracker('mylist')


MyList([1, 2])
print(Tracker.died[-1])

# Cycles through instances are still found by the collector.
gc.collect()
class Node:
    def __init__(self):
        self.other = None
        self.t = Tracker('node')


n1, n2 = Node(), Node()
n1.other, n2.other = n2, n1
print(gc.is_tracked(n1))
del n1, n2
print(gc.collect() >= 2, Tracker.died[-2:])

# Many short-lived instances (allocation counts drive the collector).
before = len(gc.get_objects())
for i in range(5000):
    Vec(1.0, 2.0, 3.0)
    Plain.__new__(Plain)
print(len(gc.get_objects()) - before < 100)
print(Plain.__new__(Plain).__dict__, gc.is_tracked(Vec(1, 2, 3)))
