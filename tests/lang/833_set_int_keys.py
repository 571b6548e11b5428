# Sets of ints: hashes computed inline for small ints must agree with hash() everywhere
# (-1 -> -2, the 2**61 - 1 modulus, ints equal to floats/bools), and `x in s` keeps its
# other rules (a set argument looked up as a frozenset, unhashable keys).
M = 2**61 - 1
values = [-1, -2, 0, 1, M - 1, M, M + 1, -M, -(M - 1), -(M + 1), 2**62 - 1, -(2**62), 2**100, -(2**100)]
s = set(values)
print(len(s), list(s))
print([v in s for v in values])
print([hash(v) for v in values])
print(True in {1}, 1.0 in {1}, 1 in {1.0}, 1 in {True}, -2.0 in {-2}, -1 in {-1.0})
print(list({-1, -2}), list({-2, -1}), list(frozenset([M, 0, M - 1])))

t = set(range(-10, 10))
for v in range(-10, 10, 3):
    t.discard(v)
print(sorted(t), [v in t for v in range(-12, 12, 2)])
print(list(t))

holder = {frozenset({1, 2}), 3}
print({1, 2} in holder, {3} in holder)
holder.discard({1, 2})
print(holder)
try:
    [] in holder
except TypeError as e:
    print("TypeError:", e)
try:
    holder.remove({9})
except KeyError as e:
    print("KeyError:", e)


class EqualToFive:
    def __eq__(self, other):
        return other == 5

    def __hash__(self):
        return 5


print(EqualToFive() in {5}, 5 in {EqualToFive()}, 6 in {EqualToFive()})
