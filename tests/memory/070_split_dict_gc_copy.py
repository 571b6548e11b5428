# Split instance dicts (shared keys) under the cycle collector, copy, pickle and exec:
# the collector's counts and referents are CPython's, copies keep order and contents.
import copy
import gc
import pickle
import sys


class Node:
    def __init__(self, name):
        self.name = name
        self.next = None


# Referents of an instance are its attribute values (no dict object of its own yet).
n = Node("n")
n.data = [1, 2]
print("referents:", len(gc.get_referents(n)), sorted(map(repr, gc.get_referents(n.__dict__))))
print("tracked:", gc.is_tracked(n.__dict__))
m = Node("m")
print("tracked (no containers):", gc.is_tracked(m.__dict__))
m.other = []
print("tracked (with a list):", gc.is_tracked(m.__dict__))

# Cycles through split dicts are collected.
gc.collect()
a = Node("a")
b = Node("b")
a.next = b
b.next = a
del a, b
print("collected:", gc.collect())
x = Node("x")
x.me = x
d = x.__dict__
del x
print("collected (dict exposed):", gc.collect())
print("dict survives:", sorted(d), d["name"])
del d
gc.collect()

# Out-of-order, deleted and re-added attributes survive copies and pickles in order.
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


p = Point(1, 2)
q = Point(3, 4)
del q.x
q.z = [5]
q.x = 6
for obj in (p, q):
    c = copy.copy(obj)
    dc = copy.deepcopy(obj)
    pk = pickle.loads(pickle.dumps(obj, protocol=4))
    pk0 = pickle.loads(pickle.dumps(obj, protocol=0))
    print("copies:", vars(obj), vars(c), vars(dc), vars(pk), vars(pk0))
    print("  same z list:", getattr(c, "z", None) is getattr(obj, "z", None),
          getattr(dc, "z", None) is getattr(obj, "z", None))
print("reduce:", p.__reduce_ex__(2)[2], q.__getstate__())

# __slots__ together with __dict__.
class Slotted:
    __slots__ = ("s", "__dict__")

    def __init__(self):
        self.s = 1
        self.t = 2


so = Slotted()
so.u = 3
print("slots+dict:", vars(so), so.s, pickle.loads(pickle.dumps(so)).__dict__, sys.getsizeof(so.__dict__))

# An instance dict as the globals of exec.
class NS:
    pass


ns = NS()
ns.value = 10
exec("result = value * 2\nfor i in range(3): value += i", ns.__dict__)
print("exec:", sorted(k for k in vars(ns) if k != "__builtins__"), ns.result, ns.value)

# Values are released when instances die.
import weakref


class Payload:
    pass


holder = Node("h")
payload = Payload()
ref = weakref.ref(payload)
holder.payload = payload
del payload
print("alive:", ref() is not None)
del holder.payload
print("after del:", ref() is None)
payload = Payload()
ref = weakref.ref(payload)
holder.payload = payload
del payload, holder
print("after instance death:", ref() is None)
payload = Payload()
ref = weakref.ref(payload)
h = Node("h2")
h.payload = payload
dd = h.__dict__
del payload, h
print("dict outlives instance:", ref() is not None, sorted(dd))
dd.clear()
print("after clear:", ref() is None)

# A dict that outlives its class.
def make():
    class Temp:
        pass
    t = Temp()
    t.a = 1
    t.b = [2]
    return t.__dict__


orphan = make()
gc.collect()
orphan["c"] = 3
print("orphan:", orphan, len(orphan))

# The collector visits a split dict's values in shared-key order, not insertion order.
class Q:
    pass


q1 = Q()
q1.x = "X1"
q1.y = "Y1"
q2 = Q()
q2.y = "Y2"
q2.x = "X2"
print("referents order:", gc.get_referents(q2)[:2], gc.get_referents(q2.__dict__))
print("referents (dict exposed):", len(gc.get_referents(q2)))
