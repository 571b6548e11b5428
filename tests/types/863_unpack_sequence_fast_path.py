# UNPACK_SEQUENCE of an exact tuple or list of the right length copies its items straight
# onto the stack; everything else (wrong lengths, subclasses, other iterables) takes the
# generic path with CPython's errors.


class T(tuple):
    def __iter__(self):
        return iter(("T", "iter"))


class L(list):
    def __iter__(self):
        return iter(["L", "iter"])


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


def unpack2(seq):
    try:
        a, b = seq
        return a, b
    except (ValueError, TypeError) as e:
        return f"{type(e).__name__}: {e}"


def unpack3(seq):
    try:
        a, b, c = seq
        return a, b, c
    except (ValueError, TypeError) as e:
        return f"{type(e).__name__}: {e}"


for _ in range(3):  # the same sites see every kind
    for seq in [(1, 2), [1.5, -0.0], (1,), [1, 2, 3], (), [], T((1, 2)), L([1, 2]), "ab", {1: 2, 3: 4},
                range(2), iter([7, 8]), 5, None, (x for x in "xy")]:
        print(unpack2(seq), unpack3(seq))

# Temporaries: the sequence dies after the unpack; the items live on in the names.
for i in range(3):
    a, b = [Noisy(f"a{i}"), Noisy(f"b{i}")]
    print("unpacked", a.name, b.name)
    del a
    print("a gone")
    b = None
    print("b gone")

# Nested targets and a list unpacked while another name holds it.
pairs = [((1.0, 2.0, 3.0), [4, 5, 6], "m"), ([7, 8, 9], (10, 11, 12), "n")]
for _ in range(3):
    for (x, y, z), [p, q, r], name in pairs:
        print(x, y, z, p, q, r, name)
shared = [1, [2, 3]]
for _ in range(3):
    first, (second, third) = shared
print(first, second, third, shared)
(a, b), c = "xy", "z"
print(a, b, c)
a, *rest = [1, 2, 3]
print(a, rest)
