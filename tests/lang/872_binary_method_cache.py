# a + b with a Python __add__: the method found is cached per (class version, operator);
# replacing it on the class or a base, NotImplemented and the reflected method still work.
class V:
    def __init__(self, x):
        self.x = x

    def __add__(self, other):
        return V(self.x + other.x)

    def __mul__(self, k):
        if isinstance(k, V):
            return V(self.x * k.x)
        return V(self.x * k)

    def __repr__(self):
        return 'V(%r)' % (self.x,)


def add(a, b):
    return a + b


def mul(a, b):
    return a * b


for i in range(4):
    print(add(V(i), V(10)), mul(V(i), V(2)), mul(V(i), 3))

V.__add__ = lambda self, other: V(self.x - other.x)
print(add(V(1), V(10)))


class W(V):
    pass


for i in range(3):
    print(add(W(i), W(1)))
V.__add__ = lambda self, other: 'base add changed'
print(add(W(1), W(2)))
W.__add__ = lambda self, other: NotImplemented
try:
    add(W(1), W(2))
except TypeError as e:
    print('TypeError:', e)


class R:
    def __init__(self, x):
        self.x = x

    def __add__(self, other):
        return NotImplemented

    def __radd__(self, other):
        return 'radd %r' % (other,)


class S(R):
    def __radd__(self, other):
        return 'S.radd'


for i in range(3):
    print(add(1, R(i)), add(R(1), S(2)))
try:
    add(R(1), R(2))
except TypeError as e:
    print('TypeError:', e)


def gen_add(self, other):
    yield 1


class G:
    def __add__(self, other):
        return 'plain'


for i in range(3):
    print(add(G(), G()))
G.__add__ = gen_add
print(type(add(G(), G())).__name__)
del G.__add__
try:
    add(G(), G())
except TypeError as e:
    print('TypeError:', e)
