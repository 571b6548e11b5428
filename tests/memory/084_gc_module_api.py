# The gc module's API: switches, thresholds, counts, generations, stats, referrers and
# referents, tracking, freezing, debug flags, gc.garbage and callbacks, with CPython's
# error messages.
import gc


def attempt(label, fn, *args):
    try:
        print(label, fn(*args))
    except Exception as e:
        print(label, f"{type(e).__name__}: {e}")


print("enabled:", gc.isenabled())
gc.disable()
print("after disable:", gc.isenabled())
gc.enable()
print("after enable:", gc.isenabled())

print("default threshold:", gc.get_threshold())
gc.set_threshold(500)
print("set one:", gc.get_threshold())
gc.set_threshold(800, 20, 30)
print("set three:", gc.get_threshold())
gc.set_threshold(700, 10, 10)
attempt("no args:", gc.set_threshold)
attempt("four args:", gc.set_threshold, 1, 2, 3, 4)
attempt("float:", gc.set_threshold, 1.5)
attempt("keyword:", lambda: gc.set_threshold(threshold0=5))

gc.disable()
gc.collect()
print("count after collect:", gc.get_count())
c0 = gc.get_count()[0]
keep = [[] for _ in range(10)]
print("ten lists counted:", gc.get_count()[0] - c0 >= 10)
gc.collect(0)
print("after collect(0):", gc.get_count()[1:], )
attempt("collect(3):", gc.collect, 3)
attempt("collect(-1):", gc.collect, -1)
attempt("collect('x'):", gc.collect, "x")
print("collect(generation=2):", gc.collect(generation=2))

# An object moves to older generations as it survives collections.
gc.collect()
young = []
print("in gen 0:", any(o is young for o in gc.get_objects(0)))
gc.collect(0)
print("in gen 1:", any(o is young for o in gc.get_objects(1)))
gc.collect(1)
print("in gen 2:", any(o is young for o in gc.get_objects(2)))
print("in all:", any(o is young for o in gc.get_objects()))
attempt("get_objects(3):", gc.get_objects, 3)
attempt("get_objects(-1) is everything:", lambda: len(gc.get_objects(-1)) > 100)
attempt("get_objects(generation=None) type:", lambda: type(gc.get_objects(generation=None)).__name__)

stats = gc.get_stats()
print("stats:", len(stats), [sorted(s) for s in stats])
print("stat values are ints:", all(isinstance(v, int) for s in stats for v in s.values()))

# Tracking: atomic objects are not tracked; containers are (dicts and tuples lazily).
print("is_tracked:", [gc.is_tracked(x) for x in (1, 1.5, "s", b"b", None, [], set(), object())])
print("dict of atomics:", gc.is_tracked({"a": 1}), "dict with a list:", gc.is_tracked({"a": []}))
t = (1, 2)
gc.collect()
print("atomic tuple after a collection:", gc.is_tracked(t))
t2 = ([],)
gc.collect()
print("tuple holding a list:", gc.is_tracked(t2))
dl = {"a": []}
dl["a"] = 1
print("dict that held a list:", gc.is_tracked(dl))
gc.collect(1)
print("after a young collection:", gc.is_tracked(dl))
gc.collect()
print("after a full collection:", gc.is_tracked(dl))
dl["b"] = []
print("tracked again with a list:", gc.is_tracked(dl))


class C:
    pass


print("instance:", gc.is_tracked(C()), "class:", gc.is_tracked(C), "builtin type:", gc.is_tracked(int))
print("function:", gc.is_tracked(attempt))

# Referents and referrers
a = [1, "two", (3,)]
print("referents of a list:", gc.get_referents(a))
d = {"k": a}
print("referents of a dict:", gc.get_referents(d))
print("referents of several:", len(gc.get_referents(a, d)))
print("referents of a tuple:", gc.get_referents((1, "a", [])))
print("referents of a dict with int keys:", gc.get_referents({1: "a", 2: []}))
print("referents of a set:", sorted(gc.get_referents({3, 1, 2})))
print("referents of an int:", gc.get_referents(5))
holder = [a]
refs = gc.get_referrers(a)
print("referrers include d and holder:", any(r is d for r in refs), any(r is holder for r in refs))
print("referrers of nothing:", gc.get_referrers())

# freeze
gc.collect()
print("freeze count before:", gc.get_freeze_count())
gc.freeze()
print("frozen something:", gc.get_freeze_count() > 0)
print("generations empty after freeze:", [len(gc.get_objects(g)) for g in range(3)] == [0, 0, 0]
      or "not empty")
gc.unfreeze()
print("freeze count after unfreeze:", gc.get_freeze_count())

# debug flags
print("flags:", gc.DEBUG_STATS, gc.DEBUG_COLLECTABLE, gc.DEBUG_UNCOLLECTABLE, gc.DEBUG_SAVEALL,
      gc.DEBUG_LEAK)
print("get_debug:", gc.get_debug())
gc.set_debug(gc.DEBUG_SAVEALL)
print("set_debug:", gc.get_debug())
gc.collect()
n = C()
n.me = n
n_id = id(n)
del n
found = gc.collect()
print("saved garbage:", found, [type(o).__name__ for o in gc.garbage], id(gc.garbage[0]) == n_id)
gc.set_debug(0)
gc.garbage[0].me = None
gc.garbage.clear()
print("garbage cleared:", gc.garbage)
attempt("set_debug('x'):", gc.set_debug, "x")

# callbacks
events = []


def callback(phase, info):
    events.append((phase, sorted(info.items())))


gc.callbacks.append(callback)
m = C()
m.me = m
del m
gc.collect(1)
gc.callbacks.remove(callback)
print("callbacks:", events)


def bad_callback(phase, info):
    raise ValueError(phase)


import sys

seen = []
sys.unraisablehook = lambda u: seen.append((type(u.exc_value).__name__, str(u.exc_value), u.err_msg))
gc.callbacks.append(bad_callback)
gc.collect()
gc.callbacks.remove(bad_callback)
sys.unraisablehook = sys.__unraisablehook__
print("failing callback reported:", seen)

attempt("get_referents(x=1):", lambda: gc.get_referents(x=1))
gc.enable()
print("done")

# DEBUG_STATS and DEBUG_COLLECTABLE report on sys.stderr (addresses and times masked).
import io
import re

gc.disable()
gc.collect()
captured = io.StringIO()
sys.stderr = captured
gc.set_debug(gc.DEBUG_STATS | gc.DEBUG_COLLECTABLE)
cyc = C()
cyc.me = cyc
lst = [1]
lst.append(lst)
del cyc, lst
found = gc.collect(1)
gc.set_debug(0)
sys.stderr = sys.__stderr__
text = re.sub(r"0x[0-9a-f]+", "ADDR", captured.getvalue())
text = re.sub(r"generation: [0-9 ]+\n", "generation: N\n", text)
text = re.sub(r"[0-9.]+s elapsed", "Ts elapsed", text)
print("debug output:", found)
print(text, end="")
gc.enable()

# A full collection empties the freelists (as gc.collect() is documented to), so what is
# allocated next is counted: CPython's test_get_count.
gc.disable()


def counts_after_collect():
    gc.collect()
    a, b, c = gc.get_count()
    x = []
    d, e, f = gc.get_count()
    return (b, c), (e, f), a < 5, d > a


print("get_count after a full collection:", counts_after_collect(), counts_after_collect())
gc.enable()

# Automatic collections: allocations minus deallocations of tracked objects past
# threshold 0 start one; with the collector disabled none starts.
phases = []
gc.callbacks.append(lambda phase, info: phases.append((phase, info["generation"])))
gc.collect()
phases.clear()
gc.set_threshold(50)
kept = []
for i in range(500):
    kept.append([i])
print("automatic young collections:", ("start", 0) in phases, ("stop", 0) in phases)
gc.disable()
phases.clear()
for i in range(500):
    kept.append([i])
print("none while disabled:", phases)
gc.enable()
gc.collect()
phases.clear()
for i in range(500):
    [i]  # freed at once: allocations minus deallocations stay low
print("short-lived objects trigger none:", phases)
gc.set_threshold(700, 10, 10)
gc.callbacks.clear()
