# weakref / _weakref: ref (callbacks, subclassing, hash and equality), proxy and callable
# proxy, getweakrefcount/getweakrefs, finalize, the weak containers, and which types
# support weak references at all.
import gc
import weakref


class Obj:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Obj({self.name})"

    def method(self):
        return f"method of {self.name}"

    def __call__(self, x):
        return f"{self.name} called with {x}"


def attempt(label, fn):
    try:
        print(label, fn())
    except Exception as e:
        print(label, f"{type(e).__name__}: {e}")


o = Obj("o")
r = weakref.ref(o)
print("deref:", r(), r() is o)
print("same ref reused:", weakref.ref(o) is r)
calls = []
r_cb = weakref.ref(o, lambda ref: calls.append(ref is r_cb))
print("with a callback is new:", r_cb is not r)
print("callback attr:", r_cb.__callback__ is not None, r.__callback__)
print("count:", weakref.getweakrefcount(o), len(weakref.getweakrefs(o)))
print("hash equals referent hash:", hash(r) == hash(o))
print("equal refs:", r == r_cb, r != weakref.ref(Obj("other")))
del o
print("dead:", r(), calls)
attempt("hash of a dead ref never hashed:", lambda: hash(weakref.ref(Obj("gone"))))
print("dead refs compare by identity:", r == r_cb, r == r)
print("count on dead:", weakref.getweakrefcount(r))


class MyRef(weakref.ref):
    def __init__(self, obj, callback=None, tag=""):
        super().__init__(obj, callback)
        self.tag = tag


o2 = Obj("o2")
mr = MyRef(o2, None, tag="tagged")
print("subclass:", type(mr).__name__, mr.tag, mr() is o2, isinstance(mr, weakref.ref))
print("subclass not shared:", MyRef(o2) is not MyRef(o2))

# proxies
p = weakref.proxy(o2)
print("proxy attr:", p.name, p.method())
p.extra = 5
print("proxy setattr:", o2.extra)
print("proxy type:", type(p).__name__)
cp = weakref.proxy(o2)
print("callable proxy type:", type(cp).__name__, cp(3))
print("proxy repr starts:", repr(p).startswith("<weakproxy at"))
class L(list):
    pass


lobj = L([3, 1, 2])
lp = weakref.proxy(lobj)
print("proxy ops:", len(lp), lp[0], 2 in lp, sorted(lp), lp + [9])
del o2, mr
attempt("dead proxy:", lambda: p.name)
attempt("dead proxy call:", lambda: cp(1))
attempt("proxy hash:", lambda: hash(weakref.proxy(lobj)))

# types without weakref support
for value in (1, "s", (1,), [1], {}, None, 1.5, b"x", object()):
    attempt(f"ref({type(value).__name__}):", lambda: weakref.ref(value))


class Slotted:
    __slots__ = ("a",)


class SlottedWeak:
    __slots__ = ("a", "__weakref__")


attempt("slots without __weakref__:", lambda: weakref.ref(Slotted()))
sw = SlottedWeak()
print("slots with __weakref__:", weakref.ref(sw)() is sw)
print("function:", weakref.ref(attempt)() is attempt)
print("class:", weakref.ref(Obj)() is Obj)
s = {1, 2}
print("set:", weakref.ref(s)() is s)
fs = frozenset()
print("frozenset:", weakref.ref(fs)() is fs)
attempt("ref(1) with callback arg count:", lambda: weakref.ref())
attempt("ref with 3 args:", lambda: weakref.ref(Obj("x"), None, 3))

# bound method weak refs
o3 = Obj("o3")
wm = weakref.WeakMethod(o3.method)
print("WeakMethod:", wm()())
del o3
print("WeakMethod dead:", wm())

# finalize
log = []
o4 = Obj("o4")
f = weakref.finalize(o4, log.append, "finalized o4")
print("finalize alive:", f.alive, f.peek()[0] is o4)
del o4
print("after del:", log, f.alive)
o5 = Obj("o5")
f5 = weakref.finalize(o5, lambda: log.append("called early") or 42)
print("call early:", f5(), f5(), log)
f6 = weakref.finalize(o5, log.append, "detached")
print("detach:", f6.detach()[0] is o5, f6.alive)
del o5

# WeakValueDictionary / WeakKeyDictionary / WeakSet
wvd = weakref.WeakValueDictionary()
a, b = Obj("a"), Obj("b")
wvd["a"] = a
wvd["b"] = b
print("wvd:", sorted(wvd.keys()), len(wvd))
del a
print("wvd after del a:", sorted(wvd.keys()), wvd.get("a", "missing"))
attempt("wvd missing key:", lambda: wvd["a"])
wkd = weakref.WeakKeyDictionary()
k1, k2 = Obj("k1"), Obj("k2")
wkd[k1] = 1
wkd[k2] = 2
print("wkd:", len(wkd), wkd[k1])
del k1
print("wkd after del:", len(wkd), [k.name for k in wkd])
ws = weakref.WeakSet()
items = [Obj(i) for i in range(5)]
for it in items:
    ws.add(it)
print("ws:", len(ws))
del items[1:3]
print("ws after del:", len(ws), sorted(x.name for x in ws))
items.clear()
print("ws keeps the loop variable's object:", len(ws))
attempt("WeakSet of int:", lambda: weakref.WeakSet([1]))

# callbacks see exceptions reported, not raised
import sys

seen = []
sys.unraisablehook = lambda u: seen.append(type(u.exc_value).__name__)
o7 = Obj("o7")
r7 = weakref.ref(o7, lambda ref: 1 / 0)
del o7
sys.unraisablehook = sys.__unraisablehook__
print("callback error reported:", seen)

# Callbacks run newest first.
order = []
o8 = Obj("o8")
refs = [weakref.ref(o8, lambda ref, i=i: order.append(i)) for i in range(3)]
del o8
print("callback order:", order)
print("ReferenceType is ref:", weakref.ref is weakref.ReferenceType)
print("done")
