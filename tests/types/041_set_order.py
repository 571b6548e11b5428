# Set iteration order equals CPython's for the same hashes: colliding ints, strings
# (PYTHONHASHSEED=0), deletions leaving dummies, dummy reuse, resizes, pop's finger,
# and the order of the results of set operations.

class H:
    """An object with a chosen hash; equal only to itself."""
    def __init__(self, name, h):
        self.name = name
        self.h = h
    def __hash__(self):
        return self.h
    def __repr__(self):
        return self.name

def show(label, s):
    print(label, list(s))

show('small ints', {5, 3, 9, 1, 7})
show('collide mod 8', {8, 16, 0, 24, 1, 9})
show('collide mod 32', set([32 * i for i in range(12)] + [1, 33, 65]))
show('negative', {-1, -2, -3, 2 ** 61 - 2, 2 ** 61, -2 ** 61})
show('big', {10 ** 20, 10 ** 19, 2 ** 64, 2 ** 63 - 1})
show('floats', {0.5, 1.5, -0.25, 1e100, float('inf'), -float('inf')})
show('strings', set('the quick brown fox jumps over the lazy dog'.split()))
show('chars', set('abcdefghijklmnopqrstuvwxyz'))
show('tuples', {(1, 2), (2, 1), (0, 0), ('a', 1), ()})
show('mixed', {1, 'a', 2.5, (1,), None, True, frozenset([1])})
show('none bools', {None, False, True, 0.0})

# Chosen hashes: linear probing runs, wrap-around, perturbation.
objs = [H(f'h{i}', 3) for i in range(12)]
show('all hash 3', set(objs))
show('hash 7 wrap', set(H(f'w{i}', 7) for i in range(5)))
show('hash -2', set(H(f'n{i}', -2) for i in range(4)))
show('spread', set(H(f's{i}', i * 1000003) for i in range(20)))
show('large hash', set(H(f'L{i}', (1 << 62) + i * 8) for i in range(10)))

# Deletions leave dummies; an insertion reuses the last dummy on its probe path.
s = set(objs[:8])
show('before', s)
s.discard(objs[2])
s.discard(objs[5])
show('after deletes', s)
s.add(H('new', 3))
show('reused dummy', s)
s.add(objs[2])
show('readded', s)
s = set(range(20))
for i in range(0, 20, 2):
    s.discard(i)
show('odd left', s)
s.update(range(100, 110))
show('refilled', s)
for i in range(100, 110):
    s.discard(i)
s.add(5000)
show('after churn', s)

# Growth and shrinking across many sizes.
for n in [5, 6, 17, 18, 50, 100, 1000]:
    s = set()
    for i in range(n):
        s.add(i * 7919 % 10007)
    l = list(s)
    print(n, l[:10], l[-5:], s.__sizeof__())
s = set(range(1000))
for i in range(995):
    s.discard(i)
show('mostly deleted', s)
s.add(-1)
show('then one added', s)
s = set(range(1000))
s.difference_update(range(10, 1000))
show('difference_update shrinks', s)
print(s.__sizeof__())

# pop() follows the finger.
s = set(range(0, 64, 4)) | {1, 33}
popped = [s.pop() for _ in range(6)]
print('pops', popped, list(s))
s.add(0)
s.add(100)
print('pops again', [s.pop() for _ in range(4)], list(s))
s = set(H(f'p{i}', 5) for i in range(6))
print('pop collisions', [s.pop() for _ in range(6)])

# Results of set operations are built in CPython's order.
a = {H(f'a{i}', i % 3) for i in range(8)}
b = set(list(a)[::2]) | {H('b', 1)}
show('union', a | b)
show('union rev', b | a)
show('intersection', a & b)
show('intersection rev', b & a)
show('intersection list', a.intersection(list(b)))
show('difference', a - b)
show('difference list', a.difference(list(b)))
show('symmetric', a ^ b)
show('symmetric rev', b ^ a)
show('symmetric list', a.symmetric_difference(list(b)))
x = set(range(0, 300, 7))
y = set(range(0, 300, 5))
show('ints &', x & y)
show('ints |', list(x | y)[:20])
show('ints -', list(x - y)[:20])
show('ints ^', list(x ^ y)[:20])
show('big minus small', set(range(100)) - {5, 50})
show('small minus big', {5, 50, 500} - set(range(100)))
show('minus dict', set(range(20)).difference(dict.fromkeys(range(5, 15))))
show('xor dict', {1, 2, 3}.symmetric_difference({3: 0, 4: 0}))
s = {1, 2, 3}
s &= {3, 2, 9}
show('iand', s)
s = set(range(10))
s.intersection_update(range(5, 20), [9, 8, 7, 6])
show('intersection_update multi', s)
s = set('abcdef')
s.symmetric_difference_update('defghi')
show('sym update str', s)
show('from dict', set({'x': 1, 'y': 2, 'z': 3}))
show('from dict keys', set({10: 1, 20: 2}.keys()))
show('copy', set('hello world').copy())
show('frozenset', frozenset('mississippi'))
d = {k: 0 for k in 'zyxwvu'}
show('dict keys & set', d.keys() & set('xyzq'))
show('dict keys | set', d.keys() | set('abc'))
show('dict keys - list', d.keys() - ['z'])
show('dict keys ^ set', d.keys() ^ {'u', 'q'})
print(repr({'b', 'a', 'c'}), str(frozenset({'x', 'y'})))
print([hash(frozenset(x)) for x in ['a', 'ab', 'abc', 'abcd']])
print(hash(frozenset(set(range(10)) - {3, 4})), hash(frozenset({-1, -2, 2 ** 62})))
print({frozenset({1, 2}), frozenset({2, 3}), frozenset({1, 3}), frozenset()})
