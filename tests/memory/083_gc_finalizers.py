# PEP 442 in the cycle collector: __del__ of cycle members runs once, resurrection is
# safe, weakrefs to garbage are cleared (and their callbacks run) before any finalizer
# sees them, and gc.is_finalized reports it.
import gc
import weakref

gc.disable()
log = []


class Fin:
    def __init__(self, name):
        self.name = name
        self.other = None

    def __del__(self):
        log.append(f"del {self.name}")


def show(label, value=None):
    print(label, list(log), "" if value is None else value)
    log.clear()


# A cycle of two finalizable objects: both finalizers run, once, then both are freed.
gc.collect()
a, b = Fin("a"), Fin("b")
a.other, b.other = b, a
wa = weakref.ref(a)
del a, b
n = gc.collect()
show("cycle of two:", (n, wa()))

# Weakrefs to garbage are dead when finalizers run; their callbacks ran first.
gc.collect()
events = []


class Watcher:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        events.append(f"del {self.name}: peer ref dead={self.peer_ref() is None}")


x, y = Watcher("x"), Watcher("y")
x.peer_ref = weakref.ref(y, lambda r: events.append("callback for y"))
y.peer_ref = weakref.ref(x)
x.y, y.x = y, x
outside = weakref.ref(x, lambda r: events.append("callback for x"))
del x, y
gc.collect()
print("weakrefs first:", list(events))
print("outside ref dead:", outside() is None)

# Resurrection: a finalizer stores its object; the whole cycle survives, __del__ will
# not run again, and the object is still usable.
gc.collect()
saved = []


class Phoenix:
    def __del__(self):
        log.append("phoenix del")
        saved.append(self)


p = Phoenix()
p.self = p
p.data = [1, 2, 3]
del p
n = gc.collect()
show("resurrected:", (n, len(saved), saved[0].data, gc.is_finalized(saved[0])))
saved[0].self = None
saved.clear()
show("dropped again, no second __del__:")
n = gc.collect()
show("nothing for the collector:", n)

# The resurrected object keeps what it references, even other garbage.
gc.collect()
keeper = []


class Keeper:
    def __del__(self):
        keeper.append(self.friend)


k = Keeper()
k.friend = Fin("friend")
k.friend.other = k
del k
n = gc.collect()
show("friend kept alive:", (n, keeper[0].name, keeper[0].other.friend is keeper[0]))
keeper.clear()
n = gc.collect()
show("then collected:", n)

# Finalizers of objects only reachable from a cycle run as well.
gc.collect()
root = Fin("root")
root.other = root
root.child = Fin("child")
del root
n = gc.collect()
show("child of a cycle:", n)

# is_finalized
f = Fin("plain")
print("is_finalized before:", gc.is_finalized(f))
f.other = f
wf = weakref.ref(f)
del f
gc.collect()
show("collected plain:", wf())
print("is_finalized of non-GC:", gc.is_finalized(3), gc.is_finalized("s"))

# An exception in __del__ during collection is reported, collection goes on.
import sys

reports = []
sys.unraisablehook = lambda u: reports.append((type(u.exc_value).__name__, str(u.exc_value)))


class Raiser:
    def __del__(self):
        raise KeyError("from __del__")


r = Raiser()
r.me = r
r2 = Fin("after raiser")
r2.other = r2
del r, r2
n = gc.collect()
show("raising finalizer:", (n, reports))
sys.unraisablehook = sys.__unraisablehook__

# A weakref callback on garbage that is itself garbage does not run.
gc.collect()
calls = []
g1 = Fin("g1")
g1.other = g1
g1.ref = weakref.ref(g1, lambda r: calls.append("should not run"))
del g1
gc.collect()
show("self-weakref callback:", calls)

# WeakValueDictionary entries of cycle members disappear at collection.
gc.collect()
wvd = weakref.WeakValueDictionary()
c = Fin("cached")
c.other = c
wvd["c"] = c
del c
print("before collect:", list(wvd.keys()))
gc.collect()
show("after collect:", list(wvd.keys()))

# weakref.finalize runs for a cycle member.
gc.collect()
obj = Fin("finalized-obj")
obj.other = obj
fin = weakref.finalize(obj, log.append, "finalize callback")
del obj
print("finalize alive:", fin.alive)
gc.collect()
show("finalize ran:", fin.alive)
gc.enable()

# Every weakref to the garbage is dead before the first callback runs: a callback cannot
# reach another garbage object through a weakref the collector has not cleared yet.
gc.disable()
gc.collect()
first, second = Fin("first"), Fin("second")
first.other, second.other = second, first
w_second = weakref.ref(second)
reached = []
w_first = weakref.ref(first, lambda r: reached.append(w_second()))
del first, second
n = gc.collect()
show("callback sees cleared refs:", (n, reached))
gc.enable()
