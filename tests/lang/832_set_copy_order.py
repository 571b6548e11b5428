# Copies of sets (set(s), s.copy(), s | t, frozenset(s)) keep CPython's iteration order and
# table sizes: sets built in different ways (by adds, by unions, with deletions), colliding
# hashes, negative numbers, strings and objects with __eq__.
import sys


class Key:
    def __init__(self, h, name):
        self.h = h
        self.name = name

    def __hash__(self):
        return self.h

    def __eq__(self, other):
        return isinstance(other, Key) and self.name == other.name

    def __repr__(self):
        return self.name


def show(label, s):
    print(label, list(s), sys.getsizeof(s))


acc = frozenset()
for i in range(14):
    acc = acc | {i * 7 - 20}
    show(f"union {i}", acc)
    show("  copy", set(acc))
    show("  or", acc | {i * 32 + 1})

built = set()
for i in range(12):
    built.add(i * 8)
    show(f"add {i}", built.copy())
    show("  frozen", frozenset(built) | {3})

holes = set(range(20))
for i in range(0, 20, 3):
    holes.discard(i)
show("with dummies", holes.copy())
show("with dummies or", frozenset(holes) | {100})

colliding = {Key(1, "a"), Key(9, "b"), Key(17, "c"), Key(1, "d"), Key(2, "e")}
show("colliding copy", set(colliding))
show("colliding or", frozenset(colliding) | {Key(9, "f"), Key(9, "b")})

words = frozenset("the quick brown fox jumps over the lazy dog".split())
print(sorted(words | {"cat"}) == sorted(set(words) | {"cat"}), len(words | {"cat"}))


class MySet(set):
    pass


m = MySet([5, 6, 7, 8, 9, 10])
show("subclass or", m | {1})
print(type(m | {1}).__name__, type(frozenset(m) | {1}).__name__)
print(set() | frozenset(), frozenset() | set(), {1} | set())

# Keys are released when the last set holding them goes (copies hold their own references),
# whether the table mixes ints, objects and deleted slots.
class Tracked:
    def __init__(self, name):
        self.name = name

    def __hash__(self):
        return len(self.name)

    def __del__(self):
        print("  released", self.name)


mixed = {1, Tracked("aa"), -7, Tracked("bbbb"), 3}
mixed.discard(3)
copy = frozenset(mixed) | {100}
print(len(mixed), len(copy))
del mixed
print("original gone")
del copy
print("copy gone")
