# tuple: construction (subclasses too), indexing and slicing, operators, comparison,
# hashing (CPython's values), methods, repr, iterators and sizes.

class T(tuple):
    pass
class P(tuple):
    def __new__(cls, a, b):
        return super().__new__(cls, (a, b))
    def __init__(self, a, b):
        self.extra = a + b
class Idx:
    def __index__(self): return 1
class Gen:
    def __iter__(self):
        yield 1
        yield 2
    def __len__(self): return 100

tests = [
    "tuple()", "tuple([1, 2])", "tuple('ab')", "tuple(range(3))", "tuple({1: 2})", "tuple(Gen())", "tuple(x for x in 'xy')",
    "tuple(1)", "tuple(1, 2)", "tuple(x=1)", "T([1])", "type(T([1]))", "T()", "type(T())", "T() == ()", "T(x for x in 'q')",
    "P(1, 2)", "P(1, 2).extra", "type(P(1, 2)[:])", "type(P(1, 2) + ())",
    "(lambda t: tuple(t) is t)((1, 2))", "(lambda t: t[:] is t)((1, 2))", "(lambda t: t + () is t)((1, 2))", "(lambda t: () + t is t)((1, 2))",
    "(lambda t: t * 1 is t)((1, 2))", "(lambda t: T(t) is t)((1, 2))", "() is ()", "tuple() is ()", "(lambda: ())() is tuple([])",
    "(1, 2)[0]", "(1, 2)[-1]", "(1, 2)[2]", "(1, 2)[-3]", "(1, 2)['a']", "(1, 2)[Idx()]", "(1, 2)[True]", "(1, 2)[10**20]",
    "(0, 1, 2, 3)[1:3]", "(0, 1, 2, 3)[::-1]", "(0, 1, 2, 3)[::2]", "(0, 1, 2, 3)[5:]", "(0, 1, 2, 3)[:-5]", "(0, 1, 2, 3)[::0]", "(0, 1, 2, 3)[1.5:]",
    "(1,) + (2,)", "(1,) + [2]", "(1,) + 'a'", "(1, 2) * 2", "2 * (1, 2)", "(1,) * 0", "(1,) * -3", "() * 5", "(1,) * 'a'", "(1,) * 2.0", "(1,) * (10**20)",
    "(1, 2) == (1, 2)", "(1, 2) == [1, 2]", "(1, 2) < (1, 3)", "(1, 2) < (1, 2, 0)", "(2,) > (1, 5)", "(1,) <= (1,)", "() < (0,)", "(1, 'a') < (1, 2)",
    "(1, 'a') == (1, 2)", "(1,) < [1]", "(float('nan'),) == (float('nan'),)", "(lambda n: (n,) == (n,))(float('nan'))",
    "1 in (1, 2)", "3 in (1, 2)", "[] in ((),)", "len((1, 2, 3))", "bool(())", "bool((0,))",
    "hash(())", "hash((1,))", "hash((1, 2))", "hash((1, 2, 3))", "hash(((1, 2), (3, 4)))", "hash(('a', 'b'))", "hash((None, True, 1.5))",
    "hash((-1,))", "hash((2**61, -2**61))", "hash(T((1, 2))) == hash((1, 2))", "hash(([],))", "hash((1, {}))",
    "repr(())", "repr((1,))", "repr((1, 2))", "repr(('a', (1,), []))", "repr(T((1,)))", "str((1, 'x'))",
    "(1, 2, 1).count(1)", "(1, 2).count(3)", "().count()", "(1, 2, 3).index(2)", "(1, 2, 3).index(4)", "(1, 2, 1).index(1, 1)",
    "(1, 2, 1).index(1, -1)", "(1, 2, 1).index(1, 1, 2)", "(1, 2).index(1, 'a')", "(1, 2).index(1, None)", "(1, 2).index()", "(1, 2, 3).index(3, -100, 100)",
    "(1, 2).__getnewargs__()", "T((1, 2)).__getnewargs__()", "type(T((1, 2)).__getnewargs__()[0])",
    "().__sizeof__()", "(1,).__sizeof__()", "(1, 2, 3).__sizeof__()", "tuple.__class_getitem__(int)", "tuple[int, ...]",
    "type(iter(()))", "iter((1, 2)).__length_hint__()", "iter((1, 2)).__reduce__()", "tuple.__len__((1,))", "tuple.__getitem__((1, 2), 1)",
    "tuple.__add__((1,), (2,))", "tuple.__mul__((1,), 3)", "tuple.__rmul__((1,), 3)", "tuple.__contains__((1,), 1)", "tuple.__add__((1,), [2])",
    "(1, 2).__hash__() == hash((1, 2))", "tuple.__new__(tuple, [1])", "tuple.__new__(T, [1])", "tuple.__new__(int)",
]
for t in tests:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as e:
        print(t, '->', type(e).__name__, e)

# Iterators.
it = iter((1, 2, 3))
print(next(it), it.__length_hint__(), it.__reduce__())
it.__setstate__(0)
print(list(it), it.__reduce__(), it.__length_hint__())
it = iter((1, 2, 3))
it.__setstate__(-4)
print(next(it))
it.__setstate__(99)
print(list(it))

# Recursive repr through a mutable member.
l = []
t = (l,)
l.append(t)
print(t, l)

# Comparison order of __eq__ calls.
log = []
class C:
    def __init__(self, v): self.v = v
    def __eq__(self, other):
        log.append(('eq', self.v, other.v))
        return self.v == other.v
    def __lt__(self, other):
        log.append(('lt', self.v, other.v))
        return self.v < other.v
    def __hash__(self): return self.v
print((C(1), C(2)) < (C(1), C(3)), log)
log.clear()
print(hash((C(7), C(8))) == hash((7, 8)), C(2) in (C(1), C(2)), log)

# Many tuples: freelists must hand back clean objects.
keep = []
for n in range(25):
    for _ in range(3):
        t = tuple(range(n))
        keep.append(t)
    del t
print([len(x) for x in keep[::3]], keep[-1][-3:])
for n in range(25):
    x = tuple([n] * n)
    y = tuple(range(n))
    assert x == (n,) * n and y == tuple(range(n))
print('ok')

# Hash values for a spread of contents match CPython.
print([hash(tuple(range(n))) for n in range(6)])
print(hash((1.0, 2)), hash((1, 2.0)), hash(((),)), hash(((), ())), hash((frozenset(),)))
print(hash(tuple('abc')), hash((b'x', 'x')))

# Tuple subclasses keep their type on construction, not on operations.
t = T((3, 1, 2))
print(t, type(t), sorted(t), type(t * 2), type(t[0:2]), t.count(1), t.index(2))
t.attr = 5
print(t.attr, t == (3, 1, 2), hash(t) == hash((3, 1, 2)))
