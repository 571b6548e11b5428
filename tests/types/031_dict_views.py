# dict views: keys/values/items, their set operations (results are sets, shown sorted or
# in CPython's iteration order), comparisons, isdisjoint, mapping, reversed, repr, and
# live updates.

d = {'a': 1, 'b': 2, 'c': 3}
k, v, i = d.keys(), d.values(), d.items()
tests = [
    "k", "v", "i", "type(k)", "type(v)", "type(i)", "len(k)", "len(v)", "len(i)",
    "list(k)", "list(v)", "list(i)", "list(reversed(k))", "list(reversed(v))", "list(reversed(i))",
    "'a' in k", "'z' in k", "1 in v", "9 in v", "('a', 1) in i", "('a', 2) in i", "('z', 1) in i", "'a' in i", "('a',) in i",
    "(['a'], 1) in i", "[] in k", "[] in v",
    "k == {'a', 'b', 'c'}", "k == {'a', 'b'}", "k != {'a'}", "k == ['a', 'b', 'c']", "k < {'a', 'b', 'c', 'd'}", "k <= {'a', 'b', 'c'}",
    "k > {'a'}", "k >= {'a', 'z'}", "k < k", "k == k", "i == {('a', 1), ('b', 2), ('c', 3)}", "i == d.items()", "k == d.copy().keys()",
    "k == {'a': 0, 'b': 0, 'c': 0}.keys()", "i == {'a': 1, 'b': 2, 'c': 4}.items()", "v == v", "v == d.values()", "k == frozenset('abc')",
    "sorted(k & {'a', 'z'})", "sorted(k | {'z'})", "sorted(k - {'a'})", "sorted(k ^ {'a', 'z'})",
    "sorted({'a', 'z'} & k)", "sorted({'z'} | k)", "sorted({'a', 'z'} - k)", "sorted({'a', 'z'} ^ k)",
    "sorted(k & ['a', 'q'])", "sorted(['a', 'q'] & k)", "sorted(k | 'xy')", "sorted('xy' | k)", "sorted(k - 'ab')", "sorted('abq' - k)", "sorted(k ^ 'aq')",
    "sorted(i & {('a', 1), ('b', 0)})", "sorted(i | {('q', 0)})", "sorted(i - {('a', 1)})", "sorted(i ^ {('a', 1), ('z', 26)})",
    "sorted(i ^ {'a': 1, 'b': 5, 'z': 2}.items())", "sorted(k & {'b': 0, 'x': 0}.keys())", "sorted(k ^ {'b': 0, 'x': 0}.keys())",
    "type(k & k)", "type(k | set())", "k & 1", "k | 1", "k - 1", "k ^ 1", "1 - k", "v & v", "v | {1}",
    "k.isdisjoint({'x'})", "k.isdisjoint({'a'})", "k.isdisjoint(['x', 'y'])", "k.isdisjoint('abz')", "k.isdisjoint(k)", "{}.keys().isdisjoint({}.keys())",
    "i.isdisjoint([('a', 1)])", "i.isdisjoint({('a', 2)})", "k.isdisjoint(1)", "k.isdisjoint()",
    "k.mapping", "type(k.mapping)", "k.mapping['a']", "v.mapping is i.mapping", "k.mapping == d",
    "hash(k)", "hash(i)", "type(hash(v))", "repr({}.keys())", "repr({1: {2: 3}}.items())", "repr({'x': [1]}.values())",
    "k.__len__()", "k.__contains__('a')", "reversed(k).__length_hint__()", "iter(i).__length_hint__()",
    "type(iter(k))", "type(iter(v))", "type(iter(i))", "type(reversed(k))", "type(reversed(v))", "type(reversed(i))",
    "d.keys().__class__.__name__", "k.__reversed__()",
]
for t in tests:
    try:
        r = eval(t)
        if t == "k.__reversed__()":
            r = list(r)
        print(t, '->', repr(r))
    except Exception as e:
        print(t, '->', type(e).__name__, e)

# Views are live.
d = {'a': 1}
k, v, i = d.keys(), d.values(), d.items()
d['b'] = 2
print(k, v, i, len(k))
del d['a']
print(k, v, i)
d.clear()
print(k, v, i, bool(k))

# Set results of view operations iterate in CPython's order.
d = {n: str(n) for n in [17, 3, 41, 9, 25, 33, 1]}
print(d.keys() & {41, 9, 1, 100}, d.keys() | {64, 2}, d.keys() - {3}, d.keys() ^ {3, 64})
print(d.items() & {(17, '17'), (3, 'x')}, {5, 9} & d.keys(), [9, 41, 2] & d.keys())
d2 = {n: str(n) for n in [33, 1, 999, 3]}
print(d.keys() & d2.keys(), d2.keys() & d.keys(), d.items() ^ d2.items(), d.keys() ^ d2.keys())

# Recursive view reprs.
d = {}
d[1] = d.keys()
print(d)
d = {}
d[1] = d.values()
print(d)
d = {}
d[1] = d.items()
print(d)

# Iterating a view while the dict changes.
d = {'a': 1, 'b': 2}
try:
    for key in d.keys():
        d['c'] = 3
except RuntimeError as e:
    print('RuntimeError', e)
d = {'a': 1, 'b': 2}
try:
    for val in d.values():
        d.pop('a')
except RuntimeError as e:
    print('RuntimeError', e)
d = {'a': 1, 'b': 2}
for key, val in d.items():
    d[key] = val * 10
print(d)

# Item tuples are fresh objects each time.
d = {'a': 1}
items = list(d.items()) + list(d.items())
print(items, items[0] is items[1])
x = [(k, v) for k, v in {'p': 1, 'q': 2}.items()]
print(x)

# Equality of views with unhashable values.
d1 = {'a': [1]}
d2 = {'a': [1]}
print(d1.items() == d2.items(), d1.values() == d2.values())
try:
    print(d1.items() == {('a', 1)})
    print(d1.items() | {('a', 1)})
except TypeError as e:
    print('TypeError', e)
try:
    print(d1.items() < {('a', 1)})
    print({('a', 1)} < d1.items())
except TypeError as e:
    print('TypeError', e)
print(dict.keys, dict.items.__qualname__, type({}.keys()).__module__ if hasattr(type({}.keys()), '__module__') else None)
