# The seed-style reference counting walk-through: sys.getrefcount gives CPython's numbers
# for an object held by names, aliases, lists, dicts, attributes, arguments and frames,
# and __del__ runs the moment the last reference goes.
import sys


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __del__(self):
        print(f"  __del__ Point({self.x}, {self.y})")


def rc(label, obj):
    # getrefcount's own argument adds one, and so does rc's parameter.
    print(f"{label}: {sys.getrefcount(obj) - 1}")


print("create")
p = Point(1, 2)
print("fresh instance, one name:", sys.getrefcount(p))
p1 = p
print("after p1 = p:", sys.getrefcount(p))
del p1
print("after del p1:", sys.getrefcount(p))

print("containers")
items = [p]
print("in one list:", sys.getrefcount(p))
items2 = [p, p, p]
print("three times in another list:", sys.getrefcount(p))
del items2
print("after del of that list:", sys.getrefcount(p))
d = {"key": p}
print("as a dict value:", sys.getrefcount(p))
d["key"] = None
print("after replacing the value:", sys.getrefcount(p))
t = (p, p)
print("twice in a tuple:", sys.getrefcount(p))
del t
print("tuple gone:", sys.getrefcount(p))


class Holder:
    pass


h = Holder()
h.attr = p
print("as an attribute:", sys.getrefcount(p))
del h.attr
print("attribute deleted:", sys.getrefcount(p))
s = {1: p}.values()
print("through a dict view:", sys.getrefcount(p))
del s
print("view gone:", sys.getrefcount(p))

print("arguments and frames")


def takes(obj):
    # The caller's name, the parameter, getrefcount's argument.
    return sys.getrefcount(obj)


print("inside a call:", takes(p))


def nested(obj):
    inner = obj
    return takes(inner)


print("two frames deep:", nested(p))
print("after the calls:", sys.getrefcount(p))
rc("helper sees", p)


def gen(obj):
    yield sys.getrefcount(obj)
    yield sys.getrefcount(obj)


g = gen(p)
print("suspended generator holds it:", next(g), sys.getrefcount(p))
del g
print("generator closed:", sys.getrefcount(p))

print("destroying the list")
del items
print("list gone:", sys.getrefcount(p))

print("rebinding the last name")
p = Point(3, 4)
print("new object:", sys.getrefcount(p))
print("del the last name")
del p
print("after del")

print("a list owns the only reference")
items = [Point(5, 6), Point(7, 8)]
items.pop()
print("popped")
items.clear()
print("cleared")
items = [Point(9, 10)]
items = None
print("list dropped")

print("a function local dies at return")


def local_only():
    q = Point(11, 12)
    print("  in the function:", sys.getrefcount(q))


local_only()
print("returned")

print("other types")
lst = []
print("list:", sys.getrefcount(lst))
dct = {}
print("dict:", sys.getrefcount(dct))
obj = object()
print("object():", sys.getrefcount(obj))
alias = obj
print("aliased:", sys.getrefcount(obj))
del alias
print("alias deleted:", sys.getrefcount(obj))
three = 3
f = 1.5 * three
print("computed float:", sys.getrefcount(f))
big = 10 ** (three * 10) + 1
print("computed big int:", sys.getrefcount(big))
st = "-".join(["a", "b"])
print("computed str:", sys.getrefcount(st))
print("None is immortal-like:", sys.getrefcount(None) > 1000)
print("end")
