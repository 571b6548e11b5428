# dict: construction, every method, operators, ordering, __missing__, errors, sizes,
# mutation during iteration and during lookups.

class D(dict):
    pass
class Missing(dict):
    def __missing__(self, key):
        return ('missing', key)
class M:
    def __init__(self, d): self.d = d
    def keys(self): return list(self.d)
    def __getitem__(self, k): return self.d[k]
class BadKeys:
    def keys(self): return 5
class Pairs:
    def __iter__(self): return iter([('a', 1), ('b', 2)])

tests = [
    "dict()", "dict(a=1, b=2)", "dict({'a': 1}, b=2)", "dict([('a', 1), ['b', 2]])", "dict(M({'x': 1}))", "dict(Pairs())",
    "dict({'a': 1}, a=2)", "dict([(1, 2)], **{'1': 3})", "dict(((i, i * i) for i in range(3)))", "dict(zip('ab', range(2)))",
    "dict(1)", "dict([1])", "dict([(1, 2, 3)])", "dict(['ab', 'c'])", "dict({}, {})", "dict(BadKeys())", "dict([[1]])",
    "dict.fromkeys('abc')", "dict.fromkeys('abc', 0)", "dict.fromkeys({1: 2, 3: 4})", "dict.fromkeys({3, 1, 2}, 'x')",
    "dict.fromkeys(frozenset([5]))", "D.fromkeys('ab')", "type(D.fromkeys('ab'))", "Missing.fromkeys([1])", "dict.fromkeys(1)",
    "dict.fromkeys()", "{}.fromkeys('a')",
    "{'a': 1}['a']", "{'a': 1}['b']", "{}[[]]", "{(1, 2): 3}[(1, 2)]", "{1: 'x'}[1.0]", "{1: 'x'}[True]", "{0: 'x'}[-0.0]",
    "Missing()['k']", "Missing(k=1)['k']", "D()['k']",
    "{'a': 1}.get('a')", "{'a': 1}.get('b')", "{'a': 1}.get('b', 7)", "{}.get([])", "{}.get()", "{}.get(1, 2, 3)",
    "{'a': 1}.setdefault('a', 5)", "{}.setdefault('b')", "{}.setdefault([])",
    "{'a': 1}.pop('a')", "{'a': 1}.pop('b')", "{'a': 1}.pop('b', None)", "{}.pop([])", "{1: 2}.pop([])", "{}.pop()", "{}.pop(1, 2, 3)",
    "{}.popitem()", "{'a': 1, 'b': 2}.popitem()",
    "{'a': 1} == {'a': 1}", "{'a': 1, 'b': 2} == {'b': 2, 'a': 1}", "{'a': 1} == {'a': 2}", "{'a': 1} != {'a': 1}",
    "{'a': 1} == {'b': 1}", "{} == []", "{1: 2} < {1: 3}", "{1: float('nan')} == {1: float('nan')}", "(lambda n: {1: n} == {1: n})(float('nan'))",
    "{'a': 1} | {'b': 2}", "{'a': 1} | {'a': 2}", "{'a': 1} | [('b', 2)]", "[('b', 2)] | {'a': 1}", "type(D(a=1) | {})", "{} | D(a=1)",
    "'a' in {'a': 1}", "'b' in {'a': 1}", "[] in {}", "{}.__contains__('a')", "len({1: 2, 3: 4})", "bool({})",
    "repr({})", "repr({'a': [1, 2], 2: 'b'})", "repr(D(a=1))", "str({1: {2: 3}})",
    "hash({})", "{}.__hash__", "dict.__class_getitem__(str)", "dict[str, int]",
    "{}.__sizeof__()", "{'a': 1}.__sizeof__()", "{1: 1}.__sizeof__()", "dict.fromkeys(range(10)).__sizeof__()",
    "dict(a=1, b=2).__sizeof__()", "{'a': 1, 'b': 2}.copy().__sizeof__()",
    "list(reversed({'a': 1, 'b': 2}))", "type(reversed({}))", "type(iter({}))",
    "dict.__getitem__({1: 2}, 1)", "dict.__len__({1: 2})", "dict.get({}, 1)", "dict.get([], 1)",
    "{}.update(1)", "{}.update([1])", "{}.update({}, {})", "{}.update(M({'q': 1}))", "{}.update(a=1)",
]
for t in tests:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as e:
        print(t, '->', type(e).__name__, e)

# Mutating methods.
def show(label, f):
    d = {'a': 1, 'b': 2, 'c': 3}
    try:
        r = f(d)
        print(label, '->', r, d)
    except Exception as e:
        print(label, '->', type(e).__name__, e, d)

def setitem(d, k, v): d[k] = v
def delitem(d, k): del d[k]
def ior(d, o):
    d |= o
    return d

show('d["d"] = 4', lambda d: setitem(d, 'd', 4))
show('d["a"] = 9', lambda d: setitem(d, 'a', 9))
show('d[[]] = 1', lambda d: setitem(d, [], 1))
show('del d["b"]', lambda d: delitem(d, 'b'))
show('del d["z"]', lambda d: delitem(d, 'z'))
show('del d[[]]', lambda d: delitem(d, []))
show('update dict', lambda d: d.update({'a': 0, 'z': 26}))
show('update pairs', lambda d: d.update([('x', 1)], y=2))
show('update kwargs', lambda d: d.update(a=5))
show('update bad', lambda d: d.update([('x', 1), 'abc']))
show('update nonseq', lambda d: d.update([('x', 1), 5]))
show('update 2 args', lambda d: d.update({}, {}))
show('update self', lambda d: d.update(d))
show('|= dict', lambda d: ior(d, {'a': 7}))
show('|= pairs', lambda d: ior(d, [('q', 1)]))
show('|= 1', lambda d: ior(d, 1))
show('pop', lambda d: d.pop('b'))
show('popitem', lambda d: d.popitem())
show('setdefault', lambda d: d.setdefault('e', []))
show('clear', lambda d: d.clear())
show('copy', lambda d: d.copy())

# Insertion order, deletion and reinsertion, popitem LIFO.
d = {}
for k in 'hello world':
    d[k] = d.get(k, 0) + 1
print(d, list(d))
del d['l']
d['l'] = 0
print(list(d))
d = dict.fromkeys(range(10))
while d:
    print(d.popitem(), end=' ')
print()
d = {1: 1, 2: 2, 3: 3}
d.popitem()
d[4] = 4
print(d, d.__sizeof__())
d = {}
for i in range(100):
    d[i] = i
for i in range(0, 100, 2):
    del d[i]
print(list(d)[:10], len(d), d.__sizeof__())
d[1000] = 0
print(list(d)[-3:])

# Equal keys of different types: the first key stays, the value changes.
d = {1: 'int'}
d[1.0] = 'float'
d[True] = 'bool'
print(d)
print({1: 'a', 1.0: 'b', True: 'c'})
print({0: 'a', -0.0: 'b', False: 'c'})

# Sizes follow CPython's growth (str-only tables have smaller entries).
d = {}
sizes = []
for i in range(30):
    d[i] = i
    sizes.append(d.__sizeof__())
print(sizes)
d = {}
sizes = []
for i in range(30):
    d[str(i)] = i
    sizes.append(d.__sizeof__())
print(sizes)
d = {str(i): i for i in range(11)}
d[1] = 1
print(d.__sizeof__())
d = {str(i): i for i in range(11)}
e = d.copy()
del d['1']
print(e.__sizeof__(), d.copy().__sizeof__(), dict(d).__sizeof__())
d.clear()
print(d.__sizeof__())

# __missing__ on subclasses only; get() does not use it.
m = Missing(a=1)
print(m['a'], m['zz'], m.get('zz'), 'zz' in m, m)
class Counter(dict):
    def __missing__(self, key):
        return 0
c = Counter()
for ch in 'abracadabra':
    c[ch] += 1
print(c)
class BadMissing(dict):
    def __missing__(self, key):
        raise LookupError('no ' + repr(key))
try:
    BadMissing()['x']
except LookupError as e:
    print(type(e).__name__, e)

# KeyError carries the key itself (tuples are not unpacked).
for key in ['k', (1, 2), (), None]:
    try:
        {}[key]
    except KeyError as e:
        print(repr(e), e.args)

# Iteration errors.
d = {1: 1, 2: 2}
try:
    for k in d:
        d[k + 10] = 0
except RuntimeError as e:
    print('RuntimeError', e)
d = {1: 1, 2: 2}
try:
    for k in d:
        del d[k]
except RuntimeError as e:
    print('RuntimeError', e)
d = {1: 1, 2: 2, 3: 3}
try:
    for k in d:
        del d[k]
        d[k + 100] = 0
except RuntimeError as e:
    print('RuntimeError', e)
print(d)
d = {1: 1, 2: 2}
for k in d:
    d[k] = 'replaced'
print(d)
d = {'a': 1, 'b': 2}
it = iter(d)
next(it)
d['c'] = 3
try:
    next(it)
except RuntimeError as e:
    print('RuntimeError', e)
try:
    next(it)
except RuntimeError as e:
    print('RuntimeError again', e)
except StopIteration:
    print('StopIteration')
d = {'a': 1, 'b': 2}
it = reversed(d)
next(it)
d.pop('a')
try:
    next(it)
except RuntimeError as e:
    print('RuntimeError', e)

# Iterators: length hints and pickling state.
d = {'a': 1, 'b': 2, 'c': 3}
it = iter(d)
print(it.__length_hint__(), next(it), it.__length_hint__(), it.__reduce__())
it = iter(d.items())
next(it)
print(it.__reduce__(), it.__length_hint__())
it = reversed(d.values())
print(next(it), it.__reduce__(), it.__length_hint__())
list(it)
print(it.__length_hint__(), it.__reduce__())

# Recursive repr.
d = {}
d['self'] = d
print(d)
d2 = {'x': [d]}
print(d2)

# Hashing that runs Python code which mutates the dict.
class Evil:
    def __init__(self, h, target):
        self.h = h
        self.target = target
    def __hash__(self):
        return self.h
    def __eq__(self, other):
        self.target.clear()
        return False
d = {}
e1 = Evil(5, d)
d[e1] = 1
d[Evil(5, d)] = 2
print(len(d))
class Ham:
    def __init__(self, v): self.v = v
    def __hash__(self): return 1
    def __eq__(self, other): return isinstance(other, Ham) and self.v == other.v
    def __repr__(self): return f'Ham({self.v})'
d = {Ham(i): i for i in range(5)}
print(d, d[Ham(3)], Ham(9) in d)
del d[Ham(2)]
print(d)
class RaisesEq:
    def __hash__(self): return 1
    def __eq__(self, other): raise ValueError('eq')
d = {RaisesEq(): 1}
try:
    d[RaisesEq()]
except ValueError as e:
    print('ValueError', e)
try:
    {1: 2}[RaisesEq()]
except (KeyError, ValueError) as e:
    print(type(e).__name__, e)
try:
    {2: 2}[RaisesEq()]
except (KeyError, ValueError) as e:
    print(type(e).__name__)
class RaisesHash:
    def __hash__(self): raise ValueError('hash')
for f in [lambda: {}[RaisesHash()], lambda: {}.get(RaisesHash()), lambda: RaisesHash() in {},
          lambda: {RaisesHash(): 1}, lambda: dict.fromkeys([RaisesHash()])]:
    try:
        f()
    except ValueError as e:
        print('ValueError', e)

# Comparison calls __eq__ on the values.
log = []
class V:
    def __init__(self, v): self.v = v
    def __eq__(self, other):
        log.append(self.v)
        return self.v == other.v
print({1: V(1), 2: V(2)} == {2: V(2), 1: V(1)}, sorted(log))

# Subclasses: overriding __setitem__ does not affect update or the constructor.
class Loud(dict):
    def __setitem__(self, k, v):
        print('set', k)
        super().__setitem__(k, v)
l = Loud(a=1)
l.update(b=2)
l['c'] = 3
l.setdefault('d', 4)
print(l, type(l.copy()))
class Keys(dict):
    def keys(self): return ['x']
    def __getitem__(self, k): return 'item ' + k
print(dict(Keys(x=1, y=2)), {**Keys(x=1)})
class Iter(dict):
    def __iter__(self): return iter(['y'])
print(dict(Iter(x=1, y=2)))

# Big dicts keep working through many resizes.
d = {i: str(i) for i in range(10000)}
print(len(d), d[9999], sum(d), list(d)[5000])
for i in range(0, 10000, 3):
    del d[i]
print(len(d), list(d)[:5], d.__sizeof__())
d = {str(i): i for i in range(5000)}
print(d['4999'], len(d))
