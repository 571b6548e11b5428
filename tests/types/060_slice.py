# slice: construction, attributes, indices() with ints of any size, comparison, hashing,
# pickling support, and how sequences apply slices (clamping, negative steps, errors).

class Idx:
    def __init__(self, n): self.n = n
    def __index__(self): return self.n
class BadIdx:
    def __index__(self): raise ValueError('bad index')

tests = [
    "slice(3)", "slice(1, 2)", "slice(1, 2, 3)", "slice(None)", "slice('a', [], {})", "slice()", "slice(1, 2, 3, 4)", "slice(stop=1)",
    "slice(1, 2).start", "slice(1, 2).stop", "slice(1, 2).step", "slice(5).start", "slice(5).stop",
    "slice(1, 10, 2).indices(5)", "slice(None).indices(5)", "slice(None, None, -1).indices(5)", "slice(-3, None).indices(5)",
    "slice(-100, 100).indices(5)", "slice(100, -100, -1).indices(5)", "slice(None, None, -2).indices(0)", "slice(2, 1).indices(5)",
    "slice(10**30, -10**30, -10**25).indices(10**28)", "slice(-10**30, None).indices(7)", "slice(None, None, 10**100).indices(3)",
    "slice(Idx(1), Idx(4), Idx(2)).indices(Idx(10))", "slice(0, 1, 0).indices(5)", "slice(1).indices(-1)", "slice(1).indices(1.5)",
    "slice('a').indices(5)", "slice(1.5).indices(5)", "slice(None, None, 'x').indices(5)", "slice(BadIdx()).indices(5)",
    "slice(1).indices()", "slice(1).indices(True)",
    "slice(1, 2) == slice(1, 2)", "slice(1, 2) == slice(1, 3)", "slice(1, 2) < slice(1, 3)", "slice(1, 2) <= slice(1, 2)",
    "slice(1) == (None, 1, None)", "slice(1, 2) > slice(0, 9)", "slice('a') < slice(1)", "slice(None) == slice(None)",
    "(lambda s: s == s)(slice(float('nan')))", "slice(float('nan')) == slice(float('nan'))",
    "hash(slice(1))", "slice(1, 2, 3).__reduce__()", "repr(slice(1, 'a', None))", "str(slice(1))", "slice(1).__sizeof__() > 0",
    "type(slice(1))", "isinstance(slice(1), slice)", "slice.__name__",
    "list(range(10))[slice(2, 8, 3)]", "'abcdef'[slice(None, None, -2)]", "(1, 2, 3)[slice(Idx(1), None)]",
    "[1, 2, 3][BadIdx():]", "[1, 2, 3][:BadIdx()]", "[1, 2, 3][::BadIdx()]", "[1, 2, 3][10**30:]", "[1, 2, 3][:-10**30]",
    "[1, 2, 3][::-10**30]", "[1, 2, 3][::10**30]", "'abc'[::-(2**63)]", "[1, 2, 3][-2**63::-1]",
    "range(10)[2:8:2]", "range(10)[::-1]", "range(10)[slice(10**20)]",
]
for t in tests:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as e:
        print(t, '->', type(e).__name__, e)

s = slice(1, 2, 3)
for attr in ['start', 'stop', 'step']:
    try:
        setattr(s, attr, 5)
    except AttributeError as e:
        print('AttributeError', e)
try:
    s.other = 1
except AttributeError as e:
    print('AttributeError', e)
try:
    class Sub(slice):
        pass
except TypeError as e:
    print('TypeError', e)

# Every combination of small bounds against a list, checked against indices().
data = list(range(7))
bad = 0
count = 0
values = [None, -9, -7, -3, -1, 0, 1, 3, 6, 7, 9]
for start in values:
    for stop in values:
        for step in [None, -3, -2, -1, 1, 2, 3]:
            sl = slice(start, stop, step)
            got = data[sl]
            expect = [data[i] for i in range(*sl.indices(len(data)))]
            count += 1
            if got != expect:
                bad += 1
                print('mismatch', sl, got, expect)
print(count, 'slices checked,', bad, 'mismatches')
print(data[-3:], data[:-3], data[1:-1:2], data[::-3], data[5:1:-1], data[-1:-8:-2])

# Slices as dict keys are rejected (unhashable in 3.11).
try:
    {slice(1): 1}
except TypeError as e:
    print('TypeError', e)
# Extended-slice assignment and deletion with negative steps.
l = list(range(10))
l[8:2:-2] = 'abc'
print(l)
del l[::-3]
print(l)
l[::2] = l[::2]
print(l)
