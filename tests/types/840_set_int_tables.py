# Sets and frozensets of small ints are copied and freed without reference counting; mixed
# tables (objects, deletions, big ints) still count. Results of set/frozenset mixing.
import sys


class Key:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return hash(self.v)

    def __eq__(self, other):
        return isinstance(other, Key) and self.v == other.v

    def __repr__(self):
        return f"Key({self.v})"

    def __del__(self):
        print("del", self)


def sorted_repr(s):
    return f"{type(s).__name__}({sorted(s, key=repr)})"


# Copies of every table size up to a few resizes, ints only.
for n in (0, 1, 4, 5, 9, 10, 20, 21, 40, 100):
    base = frozenset(range(n))
    for other in (set(), {n}, frozenset({-1}), set(range(n, n + 3))):
        r = base | other
        print(n, type(r).__name__, len(r), sorted(r) == sorted(set(range(n)) | set(other)))
    s = set(base)
    s2 = s.copy()
    s2.discard(0)
    print(len(s), len(s2), 0 in s, 0 in s2, frozenset(s) == base)

# Mixing set and frozenset: the left operand's type wins.
a, fa = {1, 2}, frozenset({2, 3})
for x, y in ((a, fa), (fa, a), (fa, fa), (a, a)):
    print(sorted_repr(x | y), sorted_repr(x & y), sorted_repr(x - y), sorted_repr(x ^ y))

# Tables with objects, ints above the small range, and deletions (dummies).
big = 2**70
mixed = {1, big, "s", (1, 2), Key(1)}
copy = frozenset(mixed)
print(sys.getrefcount(big) > 2, sorted(map(repr, copy)))
del mixed
print("after del mixed", len(copy))
del copy
print("after del copy")

holes = set(range(12))
for i in range(0, 12, 2):
    holes.discard(i)
holes_copy = frozenset(holes)
print(sorted(holes_copy), len(holes_copy))
k = Key(7)
holes.add(k)
holes.discard(1)
print(sorted(map(repr, holes | set())))
del k
holes.discard(Key(7))
print("discarded", len(holes))
holes = None
print("end of holes")

# Negative ints (-1 hashes as -2), and the 8-slot table.
neg = frozenset({-1, -2, -3, 0})
print(sorted(neg | {-1}), sorted(frozenset(neg)), -1 in neg, -4 in neg)

# Objects that free themselves when the set goes.
owners = frozenset(Key(i) for i in range(3)) | frozenset(range(3))
print(len(owners))
owners = None
print("done")

# One `|` site seeing exact sets, subclasses, other types and errors (the specialised
# form falls back to the general operator).
class MySet(set):
    def __or__(self, other):
        return "MySet.__or__"


class MyFrozen(frozenset):
    pass


class Ror:
    def __ror__(self, other):
        return "Ror.__ror__"


def union(x, y):
    return x | y


cases = [({1}, {2}), (frozenset({1}), {2}), ({1}, frozenset({2})), (frozenset(), frozenset()),
         ({1}, MySet({2})), (MySet({1}), {2}), (MyFrozen({1}), {2}), ({1}, MyFrozen({2})),
         ({1}, Ror()), (3, 5), ({1}, [2]), ({1}, {2: 0}.keys()), ({1, 2}, {2})]
for _ in range(100):
    warm = union(frozenset({1}), {2})  # the site specialises for exact sets
print(sorted(warm))
for _ in range(3):
    for x, y in cases:
        try:
            r = union(x, y)
            print(type(r).__name__, sorted(r) if isinstance(r, (set, frozenset)) else r)
        except TypeError as e:
            print("TypeError", e)
s = {1, 2}
print(union(s, s) is s, sorted(union(s, s)))
try:
    union({1}, {[]: 1})
except TypeError as e:
    print("TypeError", e)
