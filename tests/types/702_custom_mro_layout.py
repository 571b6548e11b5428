# A metaclass mro() may reorder the MRO, but a class whose instance layout does not fit
# (dict for a plain object subclass) or a non-class is refused when the class is created.
class A(object):
    def f(self): return "A"
class B(A):
    pass
class C(A):
    def f(self): return "C"
class D(B, C):
    pass
class PerverseMetaType(type):
    def mro(cls):
        L = type.mro(cls)
        L.reverse()
        return L
class X(D,B,C,A, metaclass=PerverseMetaType):
    pass
print(X.__mro__)
print(X().f())
for ret in ("[self, dict, object]", "[1]", "1"):
    try:
        ns = {}
        exec(f"class _metaclass(type):\n    def mro(self):\n        return {ret}\n", ns)
        X = ns["_metaclass"]("X", (object,), {})
        print("created")
        x = object.__new__(X)
        x[5] = 6
    except TypeError as e:
        print("TypeError", e)
