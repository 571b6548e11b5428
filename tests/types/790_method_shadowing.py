# An instance attribute shadows a method or a class attribute of the same name, whenever
# it appears: a call site that has already run many times must notice it (split instance
# dicts share their keys between instances; the caches rely on that).


class Point:
    scale = 1  # a plain class attribute, read through the instance

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm(self):
        return abs(self.x) + abs(self.y)


def call_all(points):
    return [p.norm() for p in points]


def scales(points):
    return [p.scale for p in points]


points = [Point(i, -i) for i in range(20)]
for _ in range(50):  # warm the call sites up
    call_all(points)
    scales(points)
print(call_all(points)[:5], scales(points)[:5])

# A new shared key on one instance: only that instance is shadowed.
points[3].norm = lambda: "instance norm"
points[4].scale = 10
print(call_all(points)[:6], scales(points)[:6])

# Another instance gets the same key later; the others stay unshadowed.
points[7].norm = lambda: "seven"
print(call_all(points)[2:9])
del points[3].norm
print(call_all(points)[2:9])

# New instances (the key exists in the shared keys, the value does not).
fresh = [Point(1, 2), Point(3, 4)]
print(call_all(fresh), scales(fresh))
fresh[1].__dict__["norm"] = lambda: "via __dict__"
print(call_all(fresh))

# Many attributes: the shared keys fill up and instance dicts stop being split.
for i, p in enumerate(points):
    for k in range(40):
        setattr(p, f"a{i}_{k}", k)
print(call_all(points)[:8], scales(points)[:8])
points[0].norm = lambda: "zero"
points[0].scale = "zero scale"
print(call_all(points)[:3], scales(points)[:3])


# A subclass, a class whose method is replaced on the class, and a non-method callable.
class Sub(Point):
    pass


subs = [Sub(i, i) for i in range(5)]
for _ in range(30):
    call_all(subs)
Point.norm = lambda self: "replaced"
print(call_all(subs), call_all(fresh))
subs[2].norm = len
try:
    call_all(subs)
except TypeError as e:
    print("TypeError:", e)
