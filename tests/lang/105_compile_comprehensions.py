# Comprehensions and generator expressions: nesting, conditions, the outermost iterable
# evaluated in the enclosing scope, assignment expressions, constant iterables.
print([x * 2 for x in range(5)])
print({x % 3 for x in range(10)})
print({k: v for k, v in zip("abc", range(3))})
print(list(x for x in range(3)))
print([(x, y) for x in range(3) for y in range(x) if (x + y) % 2])
print([[y for y in range(x)] for x in range(4)])
print([x for x in range(20) if x % 2 if x % 3])
print([y for x in [[1, 2], [3]] for y in x])
print([z for z in [10]])
print([(a, b) for a in (1, 2) for b in [a * 10]])
print(sum(x * x for x in range(10)))
print(sorted({x for x in "mississippi"}))
print({n: n ** 2 for n in range(4) if n})
matrix = [[1, 2, 3], [4, 5, 6]]
print([[row[i] for row in matrix] for i in range(3)])
print([i for i in {3: "a", 1: "b"}])
print([ord(c) for c in "hi"])

def outermost_first():
    log = []
    def it(tag):
        log.append(tag)
        return range(2)
    g = (x for x in it("outer") for y in it("inner"))
    log.append("created")
    list(g)
    return log
print(outermost_first())

def walrus():
    data = [1, 5, 2, 8]
    if any((big := v) > 4 for v in data):
        return big
print(walrus())
print([(y := x + 1, y * 2) for x in range(3)])

gen = (x for x in range(3))
print(next(gen), next(gen), list(gen))
print(type([x for x in ()]).__name__, type({x for x in ()}).__name__)
print((lambda: [x for x in range(3)])())
print([f() for f in [lambda: i for i in range(3)]])
def comp_code():
    return [x for x in ()]
print([type(c).__name__ for c in comp_code.__code__.co_consts])
print((x for x in ()).__qualname__ if hasattr((x for x in ()), "__qualname__") else None)
print((x for x in "").gi_code.co_name, (x for x in "").gi_code.co_varnames)
