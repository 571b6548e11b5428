# Assignment forms: chained, augmented (names, attributes, subscripts, slices), unpacking
# with and without a starred target, nested targets, and their evaluation order.
a = b = c = [1, 2]
print(a is b, b is c)
x, y = 1, 2
x, y = y, x
print(x, y)
x, y, z = "abc"
print(x, y, z)
first, *rest = range(5)
print(first, rest)
*init, last = [1, 2, 3]
print(init, last)
head, *middle, tail = (1, 2, 3, 4, 5)
print(head, middle, tail)
(p, q), [r, s] = (1, 2), "ab"
print(p, q, r, s)
[*everything] = "xyz"
print(everything)
for i, (j, *k) in enumerate([(1, 2, 3), (4,)]):
    print(i, j, k)

class Box:
    pass

box = Box()
box.value = 10
box.value += 5
box.value *= 2
print(box.value)
items = [0, 1, 2, 3, 4, 5]
items[1] += 100
items[2:4] = ["a", "b", "c"]
print(items)
items[::2] = [None] * len(items[::2])
print(items)
del items[0], items[-1]
print(items)
counter = {"n": 1}
counter["n"] <<= 3
counter["n"] //= 3
counter["n"] **= 2
print(counter)
s = "ab"
s += "cd"
s *= 2
print(s)
n = 7
n %= 4; n |= 8; n &= 12; n ^= 5; n >>= 1; n -= 1; n /= 4
print(n)

# Evaluation order: the right-hand side first, then targets left to right.
log = []
def f(tag, value=None):
    log.append(tag)
    return value
class Recorder:
    def __setitem__(self, key, value):
        log.append(("set", key, value))
rec = Recorder()
rec[f("key1", 1)] = rec[f("key2", 2)] = f("value", 3)
print(log)

# Unpacking errors.
for src in ["a, b = 1, 2, 3", "a, b, c = 1, 2", "a, *b, c = [1]", "a, b = 5"]:
    try:
        exec(src)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)

# Walrus.
if (w := len("hello")) > 3:
    print("walrus", w)
values = [y := 5, y ** 2]
print(values, y)
print([last := i for i in range(3)], last)
