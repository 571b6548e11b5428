# set and frozenset: construction, every method and operator (with CPython's result
# types), comparisons, errors, repr, iterators, pickling support, sizes.

class S(set):
    pass
class F(frozenset):
    pass
class Eq:
    def __init__(self, v): self.v = v
    def __eq__(self, other): return isinstance(other, Eq) and self.v == other.v
    def __hash__(self): return hash(self.v)
    def __repr__(self): return f'Eq({self.v})'

tests = [
    "set()", "set([3, 1, 2])", "set('hello')", "set({1: 2})", "set(range(5))", "set(x * 2 for x in range(3))", "frozenset()", "frozenset('ab')",
    "set(1)", "set([[]])", "set(1, 2)", "set(a=1)", "frozenset(a=1)", "frozenset(1, 2)", "S([1])", "F([1])", "S(1, 2)", "F(1, 2)",
    "frozenset() is frozenset()", "(lambda f: frozenset(f) is f)(frozenset([1]))", "(lambda f: F(f) is f)(frozenset([1]))", "type(F(frozenset()))",
    "{1, 2} | {3}", "{1, 2} & {2, 3}", "{1, 2} - {2}", "{1, 2} ^ {2, 3}", "{1} | [2]", "[2] | {1}", "{1} & 'a'", "{1} - ()", "{1} ^ 1",
    "frozenset([1]) | {2}", "{2} | frozenset([1])", "type(frozenset([1]) | {2})", "type({2} | frozenset([1]))", "type(S([1]) | {2})", "type(F([1]) & {1})",
    "type(S([1]).copy())", "type(F([1]).copy())", "type(frozenset([1]).copy())", "(lambda f: f.copy() is f)(frozenset([1]))", "(lambda f: f.copy() is f)(F([1]))",
    "{1, 2}.union([3], (4,), 'a')", "{1, 2}.union()", "{1, 2, 3}.intersection([2, 3], (3,))", "{1, 2}.intersection()", "{1, 2, 3}.difference([1], {2})",
    "{1}.difference()", "{1, 2}.symmetric_difference([2, 3])", "{1}.symmetric_difference()", "{1}.symmetric_difference(1)", "{1}.union(1)",
    "{1}.intersection(1)", "{1}.difference(1)", "{1}.difference([[]])", "{1}.intersection([[]])", "{1}.union([[]])",
    "{1}.issubset([1, 2])", "{1, 3}.issubset([1, 2])", "{1}.issubset([1, []])", "{1}.issuperset([1])", "{1}.issuperset([2, []])", "{1}.issuperset([1, []])",
    "{1, 2}.isdisjoint([3])", "{1, 2}.isdisjoint({2})", "{1}.isdisjoint(1)", "set().isdisjoint(set())", "{1}.issubset(1)", "{1}.issuperset(1)",
    "{1} == {1}", "{1} == frozenset([1])", "{1} != {2}", "{1} < {1, 2}", "{1} < {1}", "{1} <= {1}", "{1, 2} > {1}", "{1} >= {2}", "{1} < [1, 2]", "{1} == [1]",
    "frozenset([1, 2]) == {2, 1}", "{1, 2} > {3}", "{1, 2} < {3, 4, 5}",
    "1 in {1}", "2 in {1}", "[] in {1}", "{1} in {frozenset([1])}", "set() in {frozenset()}", "S([2]) in {frozenset([2])}", "{[]} in {1}",
    "Eq(1) in {Eq(1)}", "1.0 in {1}", "True in {1}",
    "len({1, 2, 2})", "bool(set())", "hash(set())", "hash(frozenset())", "hash(frozenset([1, 2, 3]))", "hash(frozenset('abc')) == hash(frozenset('cab'))",
    "hash(F([1])) == hash(frozenset([1]))", "F([1]) == frozenset([1])",
    "repr(set())", "repr({1})", "repr(frozenset())", "repr(frozenset([1]))", "repr(S())", "repr(S([1]))", "repr(F())", "repr(F([1]))",
    "set().pop()", "{1}.remove(2)", "{1}.remove([])", "{1}.remove({1})", "{1}.discard([])", "{1}.discard({2})", "set().add([])", "set().add()",
    "{1}.__contains__(1)", "{1}.__contains__({1})", "frozenset.__contains__(frozenset([1]), 1)",
    "set().__sizeof__()", "set(range(10)).__sizeof__()", "frozenset(range(100)).__sizeof__()",
    "set.__class_getitem__(int)", "frozenset[str]", "{1, 2}.__reduce__()", "frozenset([1]).__reduce__()", "S([1]).__reduce__()",
    "type(iter(set()))", "iter({1, 2}).__length_hint__()", "iter({1, 2}).__reduce__()",
    "set.add(frozenset(), 1)", "frozenset().add", "{1} + {2}", "{1} * 2", "-{1}",
]
for t in tests:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as e:
        print(t, '->', type(e).__name__, e)

def show(label, f):
    s = {1, 2, 3}
    try:
        r = f(s)
        print(label, '->', r, sorted(s))
    except Exception as e:
        print(label, '->', type(e).__name__, e, sorted(s))

def iop(s, op, other):
    if op == '|': s |= other
    if op == '&': s &= other
    if op == '-': s -= other
    if op == '^': s ^= other
    return s

show('add', lambda s: s.add(4))
show('add existing', lambda s: s.add(1))
show('remove', lambda s: s.remove(2))
show('remove missing', lambda s: s.remove(9))
show('discard', lambda s: s.discard(2))
show('discard missing', lambda s: s.discard(9))
show('pop', lambda s: s.pop())
show('clear', lambda s: s.clear())
show('update', lambda s: s.update([4], (6, 7), {5: 0}))
show('update none', lambda s: s.update())
show('update bad', lambda s: s.update([7], 1))
show('intersection_update', lambda s: s.intersection_update([1, 2, 9], (2, 1)))
show('intersection_update none', lambda s: s.intersection_update())
show('difference_update', lambda s: s.difference_update([1], {3}))
show('difference_update self', lambda s: s.difference_update(s))
show('symmetric_difference_update', lambda s: s.symmetric_difference_update([3, 4]))
show('symmetric_difference_update self', lambda s: s.symmetric_difference_update(s))
show('symmetric_difference_update dict', lambda s: s.symmetric_difference_update({3: 0, 4: 0}))
show('|=', lambda s: sorted(iop(s, '|', {9})))
show('&=', lambda s: sorted(iop(s, '&', {1, 9})))
show('-=', lambda s: sorted(iop(s, '-', {1})))
show('^=', lambda s: sorted(iop(s, '^', {1, 9})))
show('|= list', lambda s: iop(s, '|', [9]))
show('&= list', lambda s: iop(s, '&', [9]))
show('-= list', lambda s: iop(s, '-', [9]))
show('^= list', lambda s: iop(s, '^', [9]))
show('__init__ again', lambda s: s.__init__([7, 8]))
show('__init__ empty', lambda s: s.__init__())
show('remove set arg', lambda s: s.remove({1}))

f = frozenset([1, 2])
g = f
f |= {3}
print(f, g, f is g, type(f))
f -= {1}
print(f, g)

# Sets of sets.
s = {frozenset([1]), frozenset([1, 2])}
print(frozenset([1]) in s, {1} in s, {1, 2} in s, {3} in s)
s.discard({1})
print(s)
s.remove({1, 2})
print(s)

# Recursive repr through a mutable object.
class Holder:
    def __init__(self): self.s = None
    def __repr__(self): return 'Holder(' + repr(self.s) + ')'
    def __hash__(self): return 0
h = Holder()
h.s = {h}
print(h.s)
class R(set):
    pass
r = R()
hr = Holder()
hr.s = r
r.add(hr)
print(r)

# Iteration errors.
s = {1, 2, 3}
try:
    for x in s:
        s.add(x + 10)
except RuntimeError as e:
    print('RuntimeError', e)
s = {1, 2, 3}
try:
    for x in s:
        s.discard(x)
except RuntimeError as e:
    print('RuntimeError', e)
s = {1, 2, 3}
it = iter(s)
next(it)
s.add(5)
s.discard(5)
print(list(it))
s = {1, 2, 3}
it = iter(s)
next(it)
s.add(50)
for _ in range(2):
    try:
        next(it)
    except RuntimeError as e:
        print('RuntimeError', e)
    except StopIteration:
        print('StopIteration')
it = iter({'a', 'b'})
next(it)
print(it.__length_hint__(), len(it.__reduce__()[1][0]))
list(it)
print(it.__length_hint__(), it.__reduce__())

# Mutation during comparisons.
class Mutating:
    def __init__(self, target): self.target = target
    def __hash__(self): return 1
    def __eq__(self, other):
        self.target.clear()
        return False
s = set()
s.add(Mutating(s))
s.add(Mutating(s))
print(len(s))
class Bad:
    def __hash__(self): return 1
    def __eq__(self, other): raise ValueError('eq')
s = {Bad()}
for f in [lambda: s.add(Bad()), lambda: Bad() in s, lambda: s.discard(Bad()), lambda: s.remove(Bad())]:
    try:
        f()
    except ValueError as e:
        print('ValueError', e)
class BadHash:
    def __hash__(self): raise ValueError('hash')
for f in [lambda: {BadHash()}, lambda: set().add(BadHash()), lambda: BadHash() in set(), lambda: frozenset([BadHash()])]:
    try:
        f()
    except ValueError as e:
        print('ValueError', e)

# Subclass instances keep attributes and __init__.
class Tagged(set):
    def __init__(self, items, tag):
        super().__init__(items)
        self.tag = tag
t = Tagged([1, 2], 'x')
print(sorted(t), t.tag, type(t | {3}), t.__reduce__()[0], t.__reduce__()[2])
print(sorted(Tagged([3], 'y').union([4])))
class FrozenTagged(frozenset):
    def __new__(cls, items, tag):
        self = super().__new__(cls, items)
        self.tag = tag
        return self
ft = FrozenTagged([1], 'z')
print(ft, ft.tag, hash(ft) == hash(frozenset([1])), type(ft | {2}), ft.__reduce__())

# Comparisons through __eq__ of items.
print({Eq(1), Eq(2)} == {Eq(2), Eq(1)}, {Eq(1)} <= {Eq(1), Eq(3)}, Eq(3) in {Eq(3)})

# frozenset hashes cached and order independent.
a = frozenset(range(100))
b = frozenset(reversed(range(100)))
print(hash(a) == hash(b), a == b)
print(hash(frozenset([frozenset([1]), frozenset([2])])))
print([hash(frozenset(range(n))) for n in range(8)])
print(hash(frozenset(['a', 'b'])), hash(frozenset([(1, 2), (3, 4)])), hash(frozenset([1.5, -2.5])))
s = set(range(30))
for i in range(0, 30, 3):
    s.discard(i)
print(hash(frozenset(s)), s.__sizeof__())
