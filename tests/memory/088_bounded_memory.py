# Memory stays bounded while a program creates and drops millions of objects: refcounting
# frees acyclic garbage at once and the collector, triggered by allocations, frees cycles
# (peak RSS grows by far less than what was allocated in total). Under ASan the freed memory
# would sit in its quarantine (256 MB by default), which this measures instead: off here.
# asan-options: quarantine_size_mb=0
import gc
import resource


def peak_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class Node:
    def __init__(self, value):
        self.value = value
        self.peer = None


def churn_acyclic(n):
    total = 0
    for i in range(n):
        item = Node(i)
        pair = (item, [i, str(i)], {"k": i})
        total += len(pair)
    return total


def churn_cycles(n):
    made = 0
    for i in range(n):
        a = Node(i)
        b = Node(i)
        a.peer, b.peer = b, a
        a.extra = [a, b]
        made += 2
    return made


def churn_closures(n):
    made = 0
    for i in range(n):
        def f():
            return f
        made += f() is f
    return made


print("automatic collection on:", gc.isenabled())
churn_acyclic(20000)
churn_cycles(20000)
base = peak_kib()
print("acyclic objects:", churn_acyclic(1_000_000))
print("cyclic objects:", churn_cycles(500_000))
print("closures in cycles:", churn_closures(300_000))
growth = peak_kib() - base
# 1M+ objects of 100+ bytes each were made: kept, they would need 100+ MiB.
print("peak grew by less than 32 MiB:", growth < 32 * 1024)
print("collections ran:", sum(s["collections"] for s in gc.get_stats()) > 100)
