# list.sort and sorted: results, stability, reverse, key functions, and the exact number
# and order of __lt__ calls (the timsort steps are observable), errors and mutation.
# A small deterministic generator, so the test needs no random module.
class Rng:
    def __init__(self, seed): self.state = seed
    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % 2**64
        return self.state >> 33
    def randrange(self, n): return self.next() % n
    def random(self): return self.next() / 2**31
    def shuffle(self, a):
        for i in range(len(a) - 1, 0, -1):
            j = self.randrange(i + 1)
            a[i], a[j] = a[j], a[i]
random = Rng(20240611)

calls = 0
class K:
    __slots__ = ('k', 'i')
    def __init__(self, k, i):
        self.k = k
        self.i = i
    def __lt__(self, other):
        global calls
        calls += 1
        return self.k < other.k

def run(keys, reverse=False):
    global calls
    items = [K(k, i) for i, k in enumerate(keys)]
    calls = 0
    items.sort(reverse=reverse)
    order = [x.i for x in items]
    return calls, hash(tuple(order)) & 0xffffffff, order[:8]

def pattern(n, kind):
    if kind == 'random': return [random.randrange(1000) for _ in range(n)]
    if kind == 'sorted': return list(range(n))
    if kind == 'reversed': return list(range(n, 0, -1))
    if kind == 'few': return [random.randrange(4) for _ in range(n)]
    if kind == 'saw': return [i % 23 for i in range(n)]
    if kind == 'runs':
        out = []
        while len(out) < n:
            seg = sorted(random.randrange(500) for _ in range(1 + random.randrange(89)))
            if random.random() < 0.5:
                seg.reverse()
            out += seg
        return out[:n]
    if kind == 'almost':
        a = list(range(n))
        for _ in range(n // 40 if n else 0):
            i, j = random.randrange(n), random.randrange(n)
            a[i], a[j] = a[j], a[i]
        return a
    if kind == 'tworuns':
        return sorted(random.randrange(100) for _ in range(n // 2)) + sorted(random.randrange(100) for _ in range(n - n // 2))

for n in [0, 1, 2, 3, 5, 8, 31, 32, 33, 63, 64, 65, 100, 257, 1000, 3000]:
    for kind in ['random', 'sorted', 'reversed', 'few', 'saw', 'runs', 'almost', 'tworuns']:
        for reverse in (False, True):
            print(n, kind, reverse, run(pattern(n, kind), reverse))

# Galloping: long runs interleaved in big blocks.
keys = list(range(0, 2000, 2)) + list(range(1, 2000, 2))
print('interleave', run(keys))
keys = list(range(1000, 2000)) + list(range(1000))
print('blocks', run(keys))
keys = [0] * 500 + [1] * 500 + [0] * 500
print('equal blocks', run(keys))

# The key function is called exactly once per item, in order.
seen = []
def key(x):
    seen.append(x)
    return -x
a = [3, 1, 2]
a.sort(key=key)
print(a, seen)
print(sorted([3, 1, 2], key=lambda x: x % 2, reverse=True))
print(sorted('bAcD', key=str.lower), sorted('bAcD'))
print(sorted([(1, 'b'), (1, 'a'), (0, 'z')]))
print(sorted([1.5, 1, -2, True, 0.0]))
print(sorted(['b', 'a', 'c'], reverse=True))
print(sorted(range(10), key=lambda x: x % 3))
print(sorted(range(10), key=lambda x: x % 3, reverse=True))

# Stability with reverse: equal keys keep their original order.
data = [(k % 3, i) for i, k in enumerate([5, 2, 7, 1, 8, 2, 9, 4])]
print(sorted(data, key=lambda t: t[0], reverse=True))

# Errors.
for thing in [[1, 'a'], [None, None], [1, 2, None], [[1], (1,)]]:
    try:
        thing.sort()
    except TypeError as e:
        print('TypeError', e, thing)
try:
    [1, 2].sort(key=lambda x: 1 / 0)
except ZeroDivisionError as e:
    print('ZeroDivisionError', e)
try:
    sorted([1], key=1)
except TypeError as e:
    print('TypeError', e)

# A failing comparison leaves every item in the list (in some order).
class Bad:
    def __init__(self, v): self.v = v
    def __lt__(self, other):
        if self.v == 13 or other.v == 13:
            raise ValueError('thirteen')
        return self.v < other.v
a = [Bad(v) for v in [5, 3, 13, 1, 8, 2, 9]]
try:
    a.sort()
except ValueError as e:
    print('ValueError', e, sorted(x.v for x in a))

# Mutation during the sort is detected; the list looks empty while sorting.
a = [3, 1, 2]
lengths = []
def spy(x):
    lengths.append(len(a))
    return x
a.sort(key=spy)
print(a, lengths)
a = [3, 1, 2]
def grow(x):
    a.append(x)
    return x
try:
    a.sort(key=grow)
except ValueError as e:
    print('ValueError', e, a)
class Mut:
    def __init__(self, v, target): self.v, self.target = v, target
    def __lt__(self, other):
        self.target.append(0)
        return self.v < other.v
a = []
a.extend(Mut(v, a) for v in [3, 1, 2])
try:
    a.sort()
except ValueError as e:
    print('ValueError', e, [m.v for m in a])
a = [3, 1, 2]
def clear_it(x):
    a.clear()
    return x
a.sort(key=clear_it)
print(a)

# __lt__ only: __gt__ is never used by sort.
class OnlyGt:
    def __init__(self, v): self.v = v
    def __gt__(self, other): return self.v > other.v
try:
    sorted([OnlyGt(2), OnlyGt(1)])
    print('sorted via reflected __gt__')
except TypeError as e:
    print('TypeError', e)
print([x.v for x in sorted([OnlyGt(2), OnlyGt(1), OnlyGt(3)])])

# Mixed types whose < works: ints, floats, bools, big ints.
print(sorted([10**20, -10**20, 3, 2.5, True, -1, 0]))
print(sorted([3, 2, 1], key=None), sorted([], reverse=True))
a = list(range(100))
random.shuffle(a)
a.sort()
print(a == list(range(100)))
words = 'the quick brown fox jumps over the lazy dog'.split()
print(sorted(words), sorted(words, key=len), sorted(words, key=len, reverse=True))
