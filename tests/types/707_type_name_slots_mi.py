# Renaming a class whose old name's __del__ renames it again; a class with empty
# __slots__ over a slotted base and a plain base gets its __dict__/__weakref__ from the
# plain one.
import weakref


class Nasty(str):
    def __del__(self):
        C.__name__ = "other"
        print("Nasty.__del__ saw", C.__name__)


class C:
    pass


C.__name__ = Nasty("abc")
print(C.__name__, type(C.__name__).__name__)
C.__name__ = "normal"
print(C.__name__)
C.__qualname__ = "Q.normal"
print(C.__qualname__)
for attr in ("__name__", "__qualname__"):
    try:
        delattr(C, attr)
    except TypeError as e:
        print("TypeError:", e)
try:
    C.__qualname__ = 5
except TypeError as e:
    print("TypeError:", e)


class A(object):
    __slots__ = ()


class B(object):
    pass


class D(A, B):
    __slots__ = ()


print(D.__basicsize__ == B.__basicsize__, hasattr(D, "__dict__"), hasattr(D, "__weakref__"))
d = D()
d.x = 2
d.y = [d]
r = weakref.ref(d)
print(d.x, sorted(d.__dict__), r() is d)
del d
import gc
gc.collect()
print(r())
