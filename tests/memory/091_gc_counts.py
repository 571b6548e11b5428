# gc.collect()'s count in the tricky cases: a finalizer that breaks its own cycle, a weakref
# callback that keeps another object, a suspended generator with a finally block, a
# resurrection that keeps a friend, DEBUG_SAVEALL and the saved objects collected later.
import gc, weakref
gc.disable()
class A:
    pass
class Breaker:
    def __del__(self):
        self.other = None
gc.collect()
b = Breaker(); b.other = A(); b.other.back = b; del b
print("breaker:", gc.collect())
saved = []
gc.collect()
a = A(); a.me = a
keep = A()
r = weakref.ref(a, lambda ref: saved.append(keep))
del a
print("callback keeps other:", gc.collect(), len(saved))
def g():
    try:
        yield 1
    finally:
        log.append("finally")
log = []
gc.collect()
it = g(); next(it); holder = A(); holder.it = it; holder.me = holder; del it, holder
print("generator with finally:", gc.collect(), log)
gc.collect()
class Res:
    def __del__(self):
        global back
        back = self
x = Res(); x.me = x; x.friend = A(); x.friend.back = x; del x
print("resurrect with friend:", gc.collect())
back = None
print("again:", gc.collect())
gc.set_debug(gc.DEBUG_SAVEALL)
y = A(); y.me = y; y.l = [y]; del y
print("saveall:", gc.collect(), len(gc.garbage))
gc.set_debug(0)
gc.garbage.clear()
print("after clearing saved:", gc.collect())
