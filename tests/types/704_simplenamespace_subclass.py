# types.SimpleNamespace is only reachable through objects (type(sys.implementation));
# subclassing it must work like any built-in base.
import sys
import types

print(types.SimpleNamespace is type(sys.implementation))


class AdvancedNamespace(types.SimpleNamespace):
    def total(self):
        return sum(self.__dict__.values())


ns = AdvancedNamespace(the=0, quick=1, brown=2)
print(ns)
print(ns.__dict__, ns.total())
ns.fox = 3
print(ns, ns == AdvancedNamespace(the=0, quick=1, brown=2, fox=3))
print(AdvancedNamespace.__mro__)
print(repr(types.SimpleNamespace(a=1, b="x")))
try:
    types.SimpleNamespace(1)
except TypeError as e:
    print("TypeError", e)
