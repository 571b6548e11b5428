# Sorting tuples: the first differing position is found with ==, then compared with <
# (what tuple comparison does), whatever the item types; the calls a sort makes to Python
# __eq__/__lt__ are observable and must come in CPython's order.
import random

rng = random.Random(7)
data = [rng.randrange(1000) for _ in range(2000)]
records = [(x % 10, -x, str(x)) for x in data]
print(sorted(records)[:4], sorted(records, reverse=True)[:3])
print(sorted(data, key=lambda v: (v % 7, v))[:6])
print(sorted([(), (1,), (0, 5), (), (0,), (1, -1)]))
print(sorted([("b", 2), ("a", 3), ("b", 1), ("a", 1)]))
print(sorted([(2.5, "x"), (float("-inf"), "y"), (2.5, "a"), (-0.0, "z"), (0.0, "w")]))
print(sorted([(10**30, 1), (10**30, 0), (5, 9), (-10**30, 2)]))
print(sorted([((1, 2), "n"), ((1,), "m"), ((0, 9, 9), "o")]))
nan = float("nan")
print(sorted([(nan, 1), (nan, 0)]) , sorted([(1, nan), (1, 0.5)]))
# Stability: equal keys keep their order.
pairs = [(k % 3, i) for i, k in enumerate(data[:30])]
print(sorted(pairs, key=lambda p: (p[0],))[:10])

# Mixed first items: the generic comparison, with CPython's TypeError.
for bad in ([(1, "a"), ("x", 2)], [(1, 2), (1, "s")], [(None,), (None,)]):
    try:
        print(sorted(bad))
    except TypeError as e:
        print("TypeError:", e)


class Traced:
    log = []

    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        Traced.log.append(f"eq{self.v}{other.v}")
        return self.v == other.v

    def __lt__(self, other):
        Traced.log.append(f"lt{self.v}{other.v}")
        return self.v < other.v

    def __repr__(self):
        return f"T{self.v}"


items = [(1, Traced(3)), (1, Traced(1)), (0, Traced(2)), (1, Traced(2))]
print(sorted(items), Traced.log)
Traced.log.clear()
items = [(Traced(2), 1), (Traced(1), 2), (Traced(2), 0)]
print(sorted(items), Traced.log)


class Boom:
    def __eq__(self, other):
        raise ValueError("no equality")

    def __lt__(self, other):
        return True


try:
    sorted([(1, Boom()), (1, Boom())])
except ValueError as e:
    print("ValueError:", e)
print([t[0] for t in sorted([(1, Boom()), (0, Boom())], key=lambda t: t[0])])

# list.sort with tuple keys on a list that the key function mutates.
victims = [(3, 1), (1, 2)]
try:
    victims.sort(key=lambda t: (victims.append(t), t)[1])
except ValueError as e:
    print("ValueError:", e)
