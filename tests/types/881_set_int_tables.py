# Sets remember whether their table may hold object keys (holds_objects): a table of small
# ints is copied and freed without reference counting, and `int in set` probes it by
# identity. Every way a key gets in (add, update, |, copies, swaps of |=, -=, ^=, &=) must
# keep the flag right, and objects equal to ints (floats, bools, big ints, subclasses)
# must still be found.
import sys


class Key:
    def __init__(self, value):
        self.value = value

    def __hash__(self):
        return hash(self.value)

    def __eq__(self, other):
        print("eq", self.value, other)
        return self.value == other

    def __repr__(self):
        return f"Key({self.value})"


class Noisy:
    def __del__(self):
        print("del Noisy")

    def __repr__(self):
        return "Noisy()"


def probe(label, s, items=(0, 1, 2, 3, -1, -2, 7, 100, 2**61 - 2, 2**61 - 1, 2**61, -(2**61), 2**62 - 1)):
    found = [x for x in items if x in s]
    absent = [x for x in items if x not in s]
    print(label, sorted(s, key=repr), "found", found, "absent", absent)


for _ in range(2):
    ints = {1, 2, 3}
    probe("ints", ints)
    probe("frozen", frozenset(ints))
    probe("with float", ints | {2.0, 7.0})
    probe("with bool", {True, 2})
    probe("big ints", {2**61 - 1, 2**61, 2**62 - 1, -(2**61), 5})
    probe("big int objects", {2**70, 2**70 + 1, 7})
    probe("negative", {-1, -2, -3})
    probe("key objects", {Key(1), 2, 3})
    s = {1, 2}
    s.add(Key(7))
    s.discard(Key(7) if False else 7)
    probe("object removed", s)
    s = {1, 2, 3}
    s.clear()
    s.add(3)
    probe("cleared", s)
    s = {1, 2}
    s |= {3.0, Key(100)}
    probe("ior objects", s)
    s = {1, 2, 3}
    s &= {2, 3.0}
    probe("iand", s)
    s = {1, 2, 3}
    s -= {Key(2)}
    probe("isub", s)
    s = {1, 2}
    s ^= {2, 7.0}
    probe("ixor", s)
    probe("copy objects", {Key(1), 1.5}.copy())
    probe("union ints", frozenset({1, 2}) | frozenset({3}))
    probe("intersection", {1, 2, 3, 100}.intersection([100, 2.0]))
    probe("difference", {1, 2, 3, 7.0}.difference({1}))
    probe("symmetric", {1, 2}.symmetric_difference([2, 2**61]))
    probe("from dict", set(dict.fromkeys([1, 2.0, 3])))
    probe("from list", set([0, 1, 100, Key(2)]))
    big = set(range(100))
    big.add(Key(50))
    probe("big with key", big)
    big = set(range(100))
    probe("big ints only", big | {1000})
    s = set(range(50))
    while len(s) > 3:
        s.pop()
    probe("popped", s)

    # Copies and frees of tables with objects release them when CPython does.
    holder = {1, 2, Noisy()}
    copied = holder.copy()
    del holder
    print("holder gone")
    del copied
    print("copy gone")
    t = frozenset({1, Noisy()}) | {2}
    del t
    print("union gone")
    print(sys.getsizeof(set()), sys.getsizeof({1, 2, 3}), sys.getsizeof(set(range(10))))


class SetSub(set):
    def __contains__(self, item):
        print("contains", item)
        return True


print(5 in SetSub({1}), 1 in SetSub({1}))
print(1 in {1, 2} if True else None, [] in {1} if False else "skip")
try:
    print([] in {1, 2})
except TypeError as e:
    print("TypeError", e)
print({1, 2} in {frozenset({1, 2})}, {3} in {frozenset({1, 2})})
