# C(...) with a Python __init__: the CALL site caches __init__ on the class's version tag;
# every change that must be seen (a new __init__ on the class or a base, __new__, a
# generator __init__, a swapped __code__, abstract methods, attribute stores) is checked.
import gc


class Point:
    def __init__(self, x, y=0):
        self.x = x
        self.y = y


def make(cls, *a):
    return cls(*a)


def make1(cls, a):
    return cls(a)


for i in range(5):
    p = make1(Point, i)
    print(p.x, p.y)

# A new __init__ on the class.
def other_init(self, x):
    self.x = -x
    self.y = 'other'

Point.__init__ = other_init
p = make1(Point, 3)
print(p.x, p.y)


# A base class's __init__ changed under a subclass.
class Base:
    def __init__(self, v):
        self.v = v


class Sub(Base):
    pass


for i in range(3):
    print(make1(Sub, i).v)
Base.__init__ = lambda self, v: setattr(self, 'v', v * 100)
print(make1(Sub, 2).v)


# The same site with different classes.
class A:
    def __init__(self, v):
        self.tag = 'A%s' % v


class B:
    def __init__(self, v):
        self.tag = 'B%s' % v


for cls in [A, B, A, B, A, A, B]:
    print(make1(cls, 1).tag, end=' ')
print()

# __init__'s code swapped for a generator's: CPython calls it and rejects the generator.
class G:
    def __init__(self, v):
        self.v = v


for i in range(3):
    make1(G, i)

def gen_init(self, v):
    yield v

G.__init__.__code__ = gen_init.__code__
try:
    make1(G, 1)
except TypeError as e:
    print('TypeError:', e)

# __init__ returning a value.
class R:
    def __init__(self, v):
        self.v = v


for i in range(3):
    make1(R, i)

def returning(self, v):
    if v == 99:
        return v

R.__init__ = returning
print(make1(R, 1).__class__.__name__)
try:
    make1(R, 99)
except TypeError as e:
    print('TypeError:', e)

# __new__ added after the site was cached.
class N:
    def __init__(self, v):
        self.v = v


for i in range(3):
    make1(N, i)

def new(cls, v):
    print('__new__', cls.__name__, v)
    return object.__new__(cls)

N.__new__ = new
print(make1(N, 7).v)
N.__new__ = lambda cls, v: 'not an N'
print(make1(N, 8))
N.__new__ = lambda cls, v: object.__new__(cls)
print(make1(N, 9).v)

# Abstract methods set after caching.
class Ab:
    def __init__(self, v):
        self.v = v


for i in range(3):
    make1(Ab, i)
Ab.__abstractmethods__ = frozenset({'run'})
try:
    make1(Ab, 1)
except TypeError as e:
    print('TypeError:', e)
Ab.__abstractmethods__ = frozenset()
print(make1(Ab, 5).v)

# __init__ replaced by a non-function callable.
class C:
    def __init__(self, v):
        self.v = v


for i in range(3):
    make1(C, i)


class InitCallable:
    def __get__(self, obj, owner):
        return lambda v: setattr(obj, 'v', ('callable', v))


C.__init__ = InitCallable()
print(make1(C, 4).v)
del C.__init__
try:
    make1(C, 4)
except TypeError as e:
    print('TypeError:', e)

# A class deleted and a new one made: the site must not use the old __init__.
def fresh_class(k):
    class F:
        def __init__(self, v):
            self.v = (k, v)
    return F


for k in range(4):
    F = fresh_class(k)
    print(make1(F, k).v, make1(F, k + 1).v)
    del F
    gc.collect()

# Errors inside __init__ and wrong argument counts.
for args in [(1,), (1, 2), (1, 2, 3), ()]:
    try:
        print(make(Point, *args).x)
    except TypeError as e:
        print('TypeError:', e)


class Bad:
    def __init__(self, v):
        raise ValueError(v)


for i in range(3):
    try:
        make1(Bad, i)
    except ValueError as e:
        print('ValueError', e)
