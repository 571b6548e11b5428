# Instance __dict__s share their class's keys (split tables, PEP 412) until something
# makes them combined; everything visible from Python must be as in CPython 3.11:
# order, contents, sizes (sys.getsizeof) and the transitions between the two kinds.
import sys


def size(obj):
    return sys.getsizeof(obj.__dict__)


class P:
    def __init__(self, i):
        self.a = i
        self.b = i
        self.c = i
        self.d = i


ps = [P(i) for i in range(40)]
print("4 attributes:", size(ps[0]), size(ps[-1]), vars(ps[7]))

# Insertion order is per instance, even when it differs from the shared keys' order.
class Q:
    pass

q1 = Q()
q1.x = 1
q1.y = 2
q2 = Q()
q2.y = 3
q2.x = 4
print("order:", list(q1.__dict__), list(q2.__dict__), size(q1), size(q2))
print("reversed:", list(reversed(q2.__dict__)), list(reversed(q2.__dict__.items())))
print("views:", q2.__dict__.keys(), q2.__dict__.values(), q2.__dict__.items())

# Deleting and re-adding moves the key to the end, and the dict stays split.
p = P(1)
del p.a
print("deleted:", vars(p), size(p))
p.a = 10
print("re-added:", vars(p), size(p))
p.e = 5
print("new key:", vars(p), size(p))
del p.b, p.c
p.c = 3
print("more deletes:", vars(p), size(p), "b" in p.__dict__, p.__dict__.get("b", "absent"))
try:
    p.b
except AttributeError as e:
    print("AttributeError:", e)
try:
    del p.b
except AttributeError as e:
    print("AttributeError:", e)

# A key that is not a str makes the dict combined.
p = P(2)
p.__dict__[1] = "one"
print("non-str key:", p.__dict__, size(p))
p.f = 6
print("after:", p.__dict__, p.f, size(p))

# More attributes than the shared keys can hold.
class Many:
    pass

m = Many()
for i in range(35):
    setattr(m, "attr%d" % i, i)
print("many:", len(vars(m)), list(vars(m))[:3], list(vars(m))[-3:], size(m))
m2 = Many()
m2.attr3 = 3
m2.attr0 = 0
m2.extra = "x"
print("many (second):", vars(m2), size(m2))
for i in range(40):
    setattr(m2, "attr%d" % i, -i)
print("many (second, full):", len(vars(m2)), list(vars(m2))[:4], size(m2))

# Mutating through the dict.
class R:
    pass

r = R()
d = r.__dict__
print("empty __dict__:", d, size(r))
d["k"] = 1
d.update(j=2, i=3)
print("via dict:", vars(r), r.k, r.j, size(r))
print("setdefault:", d.setdefault("k", 99), d.setdefault("h", 4), vars(r))
print("pop:", d.pop("j"), d.pop("zz", "default"), vars(r))
print("popitem:", d.popitem(), vars(r), size(r))
r2 = R()
r2.k = 5
r2.i = 6
d2 = r2.__dict__
print("copy:", d2.copy(), sys.getsizeof(d2.copy()), dict(d2), sys.getsizeof(dict(d2)))
print("merge:", {**d2}, d2 | {"z": 0}, {"z": 0} | d2)
print("equal:", d2 == {"i": 6, "k": 5}, d2 == {"i": 6}, d2 != {"k": 5, "i": 7})
print("contains:", "k" in d2, "zz" in d2, len(d2))
d2.clear()
print("clear:", d2, sys.getsizeof(d2), vars(r2))
r2.k = 1
print("after clear:", vars(r2), size(r2))

# __dict__ replacement and vars().
class S:
    def __init__(self):
        self.a = 1

s = S()
s.__dict__ = {"x": 1, "y": 2}
print("replaced:", vars(s), s.x, size(s))
s.z = 3
print("replaced, then set:", vars(s))
t = S()
s.__dict__ = t.__dict__
s.b = 2
print("shared dict object:", vars(s), vars(t), s.__dict__ is t.__dict__)
try:
    s.__dict__ = [1]
except TypeError as e:
    print("TypeError:", e)

# Iteration while the dict changes.
class T:
    pass

t = T()
t.a = 1
t.b = 2
try:
    for k in t.__dict__:
        t.c = 3
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    for k in t.__dict__:
        t.__dict__.pop("a", None)
        t.__dict__[k * 2] = 1
except RuntimeError as e:
    print("RuntimeError:", e)
print(vars(t))

# Subclasses share their own keys; int and tuple subclasses get combined dicts.
class PSub(P):
    pass

ps2 = [PSub(i) for i in range(30)]
ps2[0].extra = 1
print("subclass:", vars(ps2[0]), size(ps2[0]), size(ps2[1]))

class I(int):
    pass

i = I(5)
i.x = 1
print("int subclass:", vars(i), size(i))

class L(list):
    pass

lst = L()
lst.x = 1
print("list subclass:", vars(lst), size(lst))

# An attribute load/store site that sees split and combined dicts alike.
class U:
    def __init__(self, v):
        self.v = v
        self.w = v

def total(objs):
    n = 0
    for o in objs:
        o.w = o.v + 1
        n += o.v + o.w
    return n

objs = [U(i) for i in range(50)]
print("site:", total(objs), total(objs))
objs[3].__dict__[2] = 2
del objs[5].v
objs[5].v = 7
objs[8].__dict__ = {"w": 0, "v": 9}
objs[9].__class__ = PSub
objs[9].a = 1
print("site after changes:", total(objs), total(objs), vars(objs[5]), vars(objs[8]))

# One site, one type version, combined and split dicts: a cached entry index of a
# combined dict must not be used as a split dict's value index (nor the reverse).
class W:
    def __init__(self, i):
        self.a = i
        self.b = i

def read_z(objs):
    return [o.z for o in objs]

def write_z(objs, v):
    for o in objs:
        o.z = v

combined = W(0)
combined.__dict__ = {"z": "combined z", "a": 0, "b": 0}
splits = [W(i) for i in range(3)]
for o in splits:
    o.z = "split z"
mixed = [combined] * 20 + splits + [combined] * 5 + splits
print("mixed read:", read_z(mixed)[18:], read_z(mixed)[:2])
write_z(mixed, "new")
write_z([combined] * 20, "only combined")
write_z(splits, "only split")
print("mixed write:", combined.z, [o.z for o in splits], vars(splits[0]), vars(combined))
many = [W(i) for i in range(40)]
wide = W(0)
for n in range(40):
    setattr(wide, "pad%d" % n, n)
wide.z = "wide z"
for o in many:
    o.z = "many z"
print("wide then small:", read_z([wide] * 20 + many)[18:24], vars(many[-1]))
fresh = [W(i) for i in range(3)]
write_z([combined] * 20 + fresh, "fresh")
print("new attribute through a combined-specialised site:", [vars(o) for o in fresh])
