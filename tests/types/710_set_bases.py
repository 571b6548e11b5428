# Assigning __bases__: the MRO of the class and its subclasses is recomputed, slots follow,
# bad values raise CPython's errors and a failing mro() leaves everything as it was.
class A:
    def f(self): return "A.f"
    def __repr__(self): return "A-repr"
class B:
    def f(self): return "B.f"
    def __len__(self): return 7
class C(A):
    pass
class D(C):
    pass
d = D()
print(d.f(), repr(d), D.__mro__)
C.__bases__ = (B,)
print(d.f(), len(d), D.__mro__, C.__base__)
print(A.__subclasses__(), B.__subclasses__())
for bad in [(), 1, (1,), (D,), (int,), (A, B, A)]:
    try:
        C.__bases__ = bad
    except TypeError as e:
        print("TypeError:", e)
try:
    del C.__bases__
except TypeError as e:
    print("TypeError:", e)
try:
    int.__bases__ = (object,)
except TypeError as e:
    print("TypeError:", e)
class M(type):
    calls = 0
    def mro(cls):
        M.calls += 1
        if M.calls > 1:
            raise ValueError("mro failed")
        return type.mro(cls)
class E(A, metaclass=M):
    pass
try:
    E.__bases__ = (B,)
except ValueError as e:
    print("ValueError:", e, E.__bases__, E.__mro__)
class X: pass
class Y(X): pass
class Z: pass
try:
    Y.__bases__ = (X, Z, X)
except TypeError as e:
    print("TypeError:", e)
try:
    Y.__bases__ = (Y,)
except TypeError as e:
    print("TypeError:", e)
try:
    Y.__bases__ = (object,)
except TypeError as e:
    print("TypeError:", e)
Y.__bases__ = (Z,)
print(Y.__mro__, X.__subclasses__())
class L(list): pass
class T: pass
try:
    T.__bases__ = (list,)
except TypeError as e:
    print("TypeError:", e)
o = Z()
o.__class__ = X
print(type(o).__name__)
for target in (int, L):
    try:
        o.__class__ = target
    except TypeError as e:
        print("TypeError:", e)

# A metaclass mro() that assigns __bases__ again (reentrantly): the inner assignment stands.
ready = False


class RM(type):
    def mro(cls):
        global ready
        if ready and cls.__name__ == "RC":
            ready = False
            RC.__bases__ = (RB2,)
        return type.mro(cls)


class RA(metaclass=RM):
    pass


class RB1(RA):
    pass


class RB2(RA):
    pass


class RC(RA):
    pass


ready = True
RC.__bases__ = (RB1,)
RB1.__bases__ = (RC,)
print(RC.__bases__, RB2.__subclasses__(), RB1.__subclasses__())
print(RB1.__bases__, RC.__subclasses__(), RB1.__mro__)
