# dict.update / dict(**) / dir() with a mappingproxy: a proxy of a plain dict is read as that
# dict (same keys, order and values); a proxy of a dict subclass goes through its methods.
import types


class Base:
    b = 1

    def method(self):
        pass


class Child(Base):
    c = 2


d = {"first": 0}
d.update(Child.__dict__)
print([k for k in d if not k.startswith("__")], d["c"])
print(sorted(n for n in dir(Child) if not n.startswith("__")))

plain = {"x": 1, "y": 2}
proxy = types.MappingProxyType(plain)
target = {"y": 0, "z": 3}
target.update(proxy)
print(target)
print(dict(proxy), {**proxy})


class Loud(dict):
    def keys(self):
        print("keys() called")
        return super().keys()

    def __getitem__(self, key):
        print("getitem", key)
        return super().__getitem__(key)


loud = types.MappingProxyType(Loud(a=1))
out = {}
out.update(loud)
print(out)
plain["w"] = 9
out.update(proxy)
print(out)
try:
    out.update(types.MappingProxyType({}), 1)
except TypeError as e:
    print(e)
