# `s | {i}` (BUILD_SET of one small int before a | specialised to sets, on a set of small
# ints) makes the union without the one-item set: the result must have CPython's type and
# table (iteration order) whatever the sizes, collisions and dummies, and every other
# operand takes the general path.


def union_one(s, i):
    return s | {i}


def show(label, s, i):
    results = [union_one(s, i) for _ in range(3)]
    r = results[0]
    assert all(list(x) == list(r) for x in results)
    print(label, type(r).__name__, list(r), len(r), r is s)


for n in range(0, 40, 3):
    base = frozenset(range(n))
    show(f"frozenset {n} +{n}", base, n)
    show(f"frozenset {n} +0", base, 0)
    show(f"set {n} +{n * 8}", set(range(0, n * 8, 8)), n * 8)

# Collisions in the probe sequence and hashes that wrap (2**61 - 1 is the modulus).
show("collide", {0, 8, 16, 24}, 32)
show("collide more", frozenset({1, 9, 17, 25, 33, 41}), 49)
show("negative", {-1, -2, -9}, -17)
show("wrapped hash", {1, 2}, 2**61)
show("wrapped hash 2", {2**61, 3}, 1)
show("largest small", {4, 5}, 2**62 - 1)
show("present", frozenset({1, 2, 3}), 2)

# Tables with dummies (removed keys), grown and shrunk.
for n in (5, 12, 30):
    s = set(range(n * 2))
    for k in range(0, n * 2, 2):
        s.discard(k)
    show(f"dummies {n}", s, 1000 + n)
    show(f"dummies refill {n}", s, 0)

# The general path: objects in the set, non-int items, subclasses, other right operands.
class FS(frozenset):
    pass


class Eq:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return hash(self.v)

    def __eq__(self, other):
        print("eq", self.v, other)
        return self.v == other

    def __repr__(self):
        return f"Eq({self.v})"


show("floats inside", {1.0, 2.5}, 1)
show("object inside", {Eq(3), 4}, 3)
show("bool item", {0, 1}, True)
show("float item", {1, 2}, 2.0)
show("str item", {1, 2}, "x")
show("subclass", FS({1, 2}), 3)
show("big int item", {1}, 2**70)
try:
    union_one([1, 2], 3)
except TypeError as e:
    print("TypeError", e)
try:
    union_one({1}, [2])
except TypeError as e:
    print("TypeError", e)
print(union_one(FS({1}), 2).__class__.__name__)


def queens(n, row=0, cols=frozenset()):
    if row == n:
        return 1
    return sum(queens(n, row + 1, cols | {c}) for c in range(n) if c not in cols)


print([queens(n) for n in range(1, 7)])
