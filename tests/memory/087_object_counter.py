# A pure-Python object counter over gc.get_objects(), as the third-party objgraph.count
# and objgraph.typestats do: instances appear as soon as they exist, survive `del` while a
# cycle holds them, and go at gc.collect().
import gc


def count(typename, objects=None):
    if objects is None:
        objects = gc.get_objects()
    try:
        return sum(1 for o in objects if type(o).__name__ == typename)
    finally:
        objects = None


def typestats(names):
    stats = {}
    for o in gc.get_objects():
        name = type(o).__name__
        if name in names:
            stats[name] = stats.get(name, 0) + 1
    return dict(sorted(stats.items()))


class Node:
    def __init__(self, name):
        self.name = name
        self.peer = None


class Leaf:
    pass


gc.collect()
print("start:", count("Node"), count("Leaf"))
a = Node("a")
b = Node("b")
a.peer, b.peer = b, a
print("two nodes:", count("Node"))
del a, b
print("after del (cycle keeps them):", count("Node"))
print("collected:", gc.collect() >= 2)
print("after gc.collect():", count("Node"))

leaves = [Leaf() for _ in range(5)]
print("five leaves:", count("Leaf"))
del leaves[:2]
print("three left (refcounting):", count("Leaf"))
del leaves
print("none left:", count("Leaf"))

nodes = [Node(i) for i in range(10)]
for n1, n2 in zip(nodes, nodes[1:] + nodes[:1]):
    n1.peer = n2
print("ring of ten:", typestats({"Node", "Leaf"}))
del nodes, n1, n2
print("ring dropped:", count("Node"))
gc.collect()
print("ring collected:", typestats({"Node", "Leaf"}))


# Growth between two snapshots, as objgraph.show_growth reports it.
def snapshot():
    return typestats({"Node", "Leaf", "list", "dict"})


gc.collect()
before = snapshot()
keep = [Node(i) for i in range(3)] + [Leaf()]
keep_dicts = [{"n": i} for i in range(4)]
after = snapshot()
growth = {k: after.get(k, 0) - before.get(k, 0) for k in after if after.get(k, 0) != before.get(k, 0)}
print("growth:", dict(sorted(growth.items())))

# Objects in a generation as the counter sees them.
gc.collect()
fresh = Node("fresh")
print("fresh node in generation 0:", count("Node", gc.get_objects(0)))
gc.collect(0)
print("moved to generation 1:", count("Node", gc.get_objects(0)), count("Node", gc.get_objects(1)))
