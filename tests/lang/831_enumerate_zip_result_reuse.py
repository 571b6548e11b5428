# enumerate and zip refill their result tuple when nothing else holds it: results kept by
# the caller stay intact, items replaced in a refilled tuple are released (their __del__
# runs), partial zip steps leave no trace, and cycles through results are collected.
import gc

e = enumerate("abc")
kept = [next(e), next(e), next(e)]
print(kept)

z = zip("xy", [1, 2], (True, False))
first = next(z)
second = next(z)
print(first, second)

pairs = []
for t in enumerate([10, 20, 30], start=5):
    pairs.append(t)
print(pairs, len({id(p) for p in pairs}))

total = 0
for i, v in enumerate(range(1000)):
    total += i * v
print(total)
print(sum(a * b for a, b in zip(range(100), range(100, 200))))


class Loud:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("  del", self.name)

    def __repr__(self):
        return f"Loud({self.name})"


for i, item in enumerate([Loud("a"), Loud("b"), Loud("c")]):
    print("step", i, item)
    del item
print("after enumerate loop")

for x, y in zip([Loud("p"), Loud("q")], [1, 2]):
    print("zip step", x, y)
    del x
print("after zip loop")

# zip where a later iterator ends: nothing half-filled is handed out.
z = zip([1, 2, 3], "ab")
print(list(z), list(z))
z = zip([1, 2, 3], [4, 5], strict=False)
for t in z:
    print(t)
try:
    for t in zip([1, 2, 3], [4, 5], strict=True):
        print("strict", t)
except ValueError as err:
    print("ValueError:", err)
try:
    for t in zip([1], [4, 5, 6], strict=True):
        print("strict", t)
except ValueError as err:
    print("ValueError:", err)


def failing():
    yield 1
    raise KeyError("second item")


z = zip([1, 2], failing())
print(next(z))
try:
    next(z)
except KeyError as err:
    print("KeyError:", err)
print(list(z))

# A result tuple in a cycle with the iterator it came from is still collected.
class Node:
    pass


gc.collect()
node = Node()
node.it = enumerate([node])
node.last = next(node.it)
print(node.last[0], node.last[1] is node)
del node
print("collected:", gc.collect() > 0)

# The reduce state is unaffected.
e = enumerate("hello")
next(e)
print(e.__reduce__()[0].__name__, e.__reduce__()[1][1])
z = zip("ab", "cd")
next(z)
print(list(z))
