# The cycle collector frees unreachable cycles of every kind of container, and
# gc.collect() returns the number of unreachable objects it found, as CPython counts them.
import gc
import sys
import weakref

gc.disable()  # only the explicit collections below run


class Node:
    def __init__(self, name):
        self.name = name
        self.other = None


def report(label, make):
    gc.collect()
    probe = make()
    alive = weakref.ref(probe) if probe is not None else None
    del probe
    before = alive() is not None if alive else None
    found = gc.collect()
    after = alive() is not None if alive else None
    print(f"{label}: alive before collect={before}, collected={found}, alive after={after}")


def self_cycle():
    n = Node("self")
    n.other = n
    return n


def two_instances():
    a, b = Node("a"), Node("b")
    a.other, b.other = b, a
    return a


def instance_with_dict_attr():
    a = Node("a")
    a.other = {"back": a, "data": [1, 2, 3]}
    return a


def list_cycle():
    lst = [Node("in-list")]
    lst.append(lst)
    return _keep(lst)


class Wrapper:
    pass


def _keep(container):
    w = Wrapper()
    w.container = container
    container.append(w)
    return w


def dict_cycle():
    d = {}
    d["self"] = d
    return _keep_dict(d)


def _keep_dict(d):
    w = Wrapper()
    d["w"] = w
    w.d = d
    return w


def closure_cycle():
    def outer():
        def inner():
            return inner
        return inner
    f = outer()
    w = Wrapper()
    w.f = f
    f.w = w
    return w


def frame_cycle():
    w = Wrapper()
    w.frame = sys._getframe()
    return w


def generator_cycle():
    def gen():
        yield 1
    g = gen()
    w = Wrapper()
    w.g = g
    g.gi_frame.f_locals  # touch the frame
    w.self_ref = w
    return w


def bound_method_cycle():
    class C:
        def method(self):
            pass
    c = C()
    c.m = c.method
    return c


def class_cycle():
    class Local:
        pass
    Local.me = Local
    return Local


def exception_cycle():
    try:
        raise ValueError("x")
    except ValueError as e:
        err = e
    w = Wrapper()
    w.err = err
    err.w = w
    return w


def long_ring():
    first = Node(0)
    cur = first
    for i in range(1, 100):
        nxt = Node(i)
        cur.other = nxt
        cur = nxt
    cur.other = first
    return first


def set_and_tuple():
    w = Wrapper()
    w.t = (w, 1, "s")
    w.s = {w.t}
    return w


report("self cycle", self_cycle)
report("two instances", two_instances)
report("instance and dict", instance_with_dict_attr)
report("list cycle", list_cycle)
report("dict cycle", dict_cycle)
report("closure cycle", closure_cycle)
report("frame cycle", frame_cycle)
report("generator cycle", generator_cycle)
report("bound method cycle", bound_method_cycle)
report("class cycle", class_cycle)
report("exception cycle", exception_cycle)
report("ring of 100", long_ring)
report("tuple and set", set_and_tuple)

# Reachable cycles survive; only the unreachable part goes.
gc.collect()
keep = Node("keep")
keep.other = Node("kept-peer")
keep.other.other = keep
orphan = Node("orphan")
orphan.other = orphan
w_orphan = weakref.ref(orphan)
del orphan
print("mixed:", gc.collect(), keep.other.other is keep, w_orphan())

# An object referenced only from garbage is garbage too.
gc.collect()
holder = Node("holder")
holder.other = holder
holder.payload = [Node("payload"), {"k": Node("deep")}]
del holder
print("with payload:", gc.collect())

# Objects without cycles never reach the collector.
gc.collect()
plain = [Node(i) for i in range(10)]
del plain
print("refcounted, nothing for gc:", gc.collect())
print("nothing left:", gc.collect())
gc.enable()
