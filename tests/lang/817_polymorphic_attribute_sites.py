# Attribute and method sites that see instances of several classes in turn (a base-class
# method run on subclasses), with the instance dict shadowing a method or class attribute
# only on some instances, attributes added late to the shared keys, __slots__ members, and
# classes changed while sites are cached: every load must see what a lookup would.


class Base:
    kind = "base"

    def __init__(self, n):
        self.n = n

    def value(self):
        return self.n

    def describe(self):
        return f"{self.kind}:{self.value()}"


class A(Base):
    kind = "a"


class B(Base):
    def value(self):
        return self.n * 10


class C(Base):
    kind = "c"

    def __init__(self, n):
        super().__init__(n)
        self.extra = n + 1


class D(A):
    __slots__ = ("s",)

    def __init__(self, n):
        super().__init__(n)
        self.s = -n


def run_round(objects):
    out = []
    for o in objects:
        out.append((o.describe(), o.kind, o.n))
    return out


objects = [cls(i) for i in range(12) for cls in (Base, A, B, C, D)]
for _ in range(40):
    first = run_round(objects)
print(first[:5])
print(sum(o.value() for o in objects))

# An instance attribute shadows a method on one instance only, after the sites settled.
victim = objects[7]
victim.value = lambda: "shadowed"
victim.kind = "own kind"
print(run_round(objects)[5:10])
del victim.value
print(run_round(objects)[7])

# A class attribute and a method changed on a base class while subclasses' sites cache them.
Base.kind = "BASE"
A.value = lambda self: -self.n
print(run_round(objects)[5:10])
del A.value
print(run_round(objects)[5:10])

# Attributes added late to one instance grow the class's shared keys; later loads of a
# class attribute with that name on other instances must still find the class attribute.
late = C(100)
late.describe2 = "instance only"
C.describe2 = "class"
print([getattr(o, "describe2", None) for o in objects if type(o) is C][:2], late.describe2)
for _ in range(30):
    seen = [o.kind for o in objects if type(o) is C]
late.kind = "late kind"
print(seen[:2], late.kind, [o.kind for o in objects if type(o) is C][:2])

# __slots__ members and missing slot values.
d = D(3)
del d.s
for o in (D(1), d, D(2)):
    try:
        print(o.s)
    except AttributeError as e:
        print("AttributeError:", e)


# Stores at a site that sees several classes: shared-key and combined dicts.
class P:
    pass


class Q(P):
    pass


def fill(o, i):
    o.x = i
    o.y = i * 2
    return o


filled = [fill(cls(), i) for i in range(30) for cls in (P, Q)]
odd = filled[3]
del odd.x
odd.z = 1
odd.x = "again"
print([(type(o).__name__, o.x, o.y) for o in filled[:6]], sorted(vars(odd)))


# A property and a plain attribute with the same name on different classes at one site.
class WithProperty:
    @property
    def n(self):
        return "property"


mixed = [Base(1), WithProperty(), A(2), WithProperty()]
for _ in range(20):
    names = [m.n for m in mixed]
print(names)
