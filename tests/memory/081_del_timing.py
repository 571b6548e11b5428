# Objects die the moment their last reference goes: __del__, weakref callbacks and the
# closing of files opened without `with` happen then, in CPython's order.
import os
import sys
import tempfile
import weakref


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print(f"  del {self.name}")


def step(label):
    print(label)


step("rebinding drops the old object before the statement ends")
x = Noisy("first")
x = Noisy("second")
step("after rebinding")

step("a temporary dies at the end of the expression")
print("  len:", len(Noisy("temp").name))
step("after the expression")

step("nested containers free inside out, in order")
outer = [Noisy("a"), [Noisy("b"), Noisy("c")], {"k": Noisy("d")}, (Noisy("e"),)]
del outer
step("after del outer")

step("dict values in insertion order")
d = {i: Noisy(f"v{i}") for i in range(3)}
d.clear()
step("after clear")

step("an attribute replaced or deleted")


class Box:
    pass


b = Box()
b.item = Noisy("attr1")
b.item = Noisy("attr2")
del b.item
step("after del b.item")
b.item = Noisy("attr3")
del b
step("after del b")

step("leaving a function frees its locals")


def scope():
    a = Noisy("local-a")
    b = Noisy("local-b")
    step("  returning")


scope()
step("after the call")

step("an exception's traceback keeps frame locals alive until it is handled")


def fails():
    v = Noisy("in-failing-frame")
    raise ValueError("boom")


try:
    fails()
except ValueError as e:
    step(f"  handling {e}")
step("after the except block")

step("weakref callbacks run at death")
n = Noisy("weak-target")
r = weakref.ref(n, lambda ref: print("  callback, ref dead:", ref() is None))
del n
step("after del")

step("a generator's locals die when it is closed or dropped")


def produce():
    v = Noisy("gen-local")
    yield 1
    yield 2


g = produce()
next(g)
del g
step("after del g")

step("files opened without with are closed when dropped")
path = os.path.join(tempfile.mkdtemp(), "data.txt")
f = open(path, "w")
f.write("hello")
f = None
with open(path) as check:
    print("  content after the drop:", repr(check.read()))


def write_unclosed():
    open(path, "a").write(" world")


write_unclosed()
with open(path) as check:
    print("  appended without close:", repr(check.read()))
os.remove(path)
os.rmdir(os.path.dirname(path))

step("__del__ that raises is reported and ignored")


class Bad:
    def __del__(self):
        raise RuntimeError("in __del__")


old_hook = sys.unraisablehook
sys.unraisablehook = lambda u: print("  unraisable:", type(u.exc_value).__name__, u.exc_value,
                                     type(u.object).__name__)
bad = Bad()
del bad
sys.unraisablehook = old_hook
step("after del bad")

step("__del__ can resurrect; it does not run twice")
saved = []


class Phoenix:
    def __del__(self):
        print("  phoenix __del__")
        saved.append(self)


p = Phoenix()
del p
print("  saved:", len(saved))
saved.clear()
step("after clearing the saved list")
step("end")
