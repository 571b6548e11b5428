# list: construction, every method, slicing (get/set/delete, extended), operators,
# comparison, repr, iterators, sizes and error messages.
import sys

class L(list):
    pass
class Idx:
    def __init__(self, n): self.n = n
    def __index__(self): return self.n
class NoLen:
    def __iter__(self): return iter([1, 2, 3])
class BadLen:
    def __len__(self): raise ValueError('bad len')
    def __iter__(self): return iter([])
class Eq:
    def __init__(self, v): self.v = v
    def __eq__(self, other): return isinstance(other, Eq) and self.v == other.v
    def __repr__(self): return f'Eq({self.v})'
class Boom:
    def __eq__(self, other): raise RuntimeError('boom')
    __hash__ = None

tests = [
    "list()", "list([1, 2])", "list((1, 2))", "list('ab')", "list(range(3))", "list({1: 2})", "list(NoLen())",
    "list(1)", "list(1, 2)", "list(x=1)", "list(BadLen())", "L([1, 2])", "type(L())", "L(x for x in 'ab')",
    "[1, 2][0]", "[1, 2][-1]", "[1, 2][2]", "[1, 2][-3]", "[1, 2]['a']", "[1, 2][1.0]", "[1, 2][Idx(1)]", "[1, 2][True]",
    "[1, 2][10**20]", "[1, 2][-10**20]",
    "[0, 1, 2, 3, 4][1:3]", "[0, 1, 2, 3, 4][::2]", "[0, 1, 2, 3, 4][::-1]", "[0, 1, 2, 3, 4][3:0:-1]", "[0, 1, 2, 3, 4][-2:]",
    "[0, 1, 2, 3, 4][10:]", "[0, 1, 2, 3, 4][:-10]", "[0, 1, 2][::0]", "[0, 1, 2]['a':]", "[0, 1, 2][Idx(1):Idx(2)]", "[0, 1, 2][None:None:None]",
    "[0, 1, 2][-10**20:10**20]", "[0, 1, 2][::10**20]", "[0, 1, 2][::-10**20]", "type(L([1])[:])",
    "[1] + [2]", "[1] + (2,)", "[1] + 'a'", "[1] * 3", "3 * [1]", "[1] * -1", "[1, 2] * 0", "[1] * 'a'", "[1] * 1.5", "[1] * Idx(2)", "[] * 10**20",
    "[1, 2] == [1, 2]", "[1, 2] == [1, 2, 3]", "[1, 2] < [1, 3]", "[1, 2] < [1, 2, 0]", "[2] > [1, 9]", "[1] <= [1]", "[1] >= [2]", "[1] != [1]",
    "[1, 2] == (1, 2)", "[1] < 'a'", "[Eq(1)] == [Eq(1)]", "[float('nan')] == [float('nan')]", "(lambda n: [n] == [n])(float('nan'))",
    "[1, [2, 3]] < [1, [2, 4]]", "[1, 'a'] < [1, 2]",
    "1 in [1, 2]", "3 in [1, 2]", "Eq(2) in [Eq(1), Eq(2)]", "[] in [[]]",
    "len([1, 2, 3])", "bool([])", "bool([0])",
    "repr([])", "repr([1, 'a', [2]])", "repr(L([1]))", "str([1, 'a'])",
    "[1, 2, 3].index(2)", "[1, 2, 3].index(4)", "[1, 2, 3].index('x')", "[1, 2, 1].index(1, 1)", "[1, 2, 1].index(1, -1)", "[1, 2, 1].index(1, 1, 2)",
    "[1, 2, 1].index(1, -100, 100)", "[1, 2].index(1, 'a')", "[1, 2].index(1, None)", "[1, 2].index(2, Idx(1))", "[1, 2].index()", "[1, 2].index(1, 2, 3, 4)",
    "[1, 2, 1].count(1)", "[1, 2].count(3)", "[Eq(1), Eq(1)].count(Eq(1))", "[1].count()",
    "[].pop()", "[1].pop(5)", "[1, 2].pop(-3)", "[1, 2].pop('a')", "[1, 2].pop(1.0)", "[1, 2, 3].pop(0)", "[1, 2, 3].pop(Idx(1))",
    "[1, 2].remove(3)", "[1, 2].remove()",
    "[].append()", "[].insert(0)", "[].insert('a', 1)", "[].extend(1)", "[].extend()",
    "[3, 1, 2].sort()", "[].sort(1)", "[].sort(key=1, x=2)", "[1, 'a'].sort()", "[2, 1].sort(reverse=None)", "[2, 1].sort(reverse=1.5)",
    "[].__sizeof__()", "[1, 2, 3].__sizeof__()", "sys.getsizeof([]) - [].__sizeof__() >= 0",
    "list.__class_getitem__(int)", "list[int]",
    "iter([1, 2]).__length_hint__()", "reversed([1, 2]).__length_hint__()", "type(iter([]))", "type(reversed([]))",
    "list(reversed([1, 2, 3]))", "[1, 2].__reversed__().__reduce__()", "iter([1, 2]).__reduce__()",
    "list.__len__([1])", "list.__getitem__([1, 2], 1)", "list.__contains__([1], 1)", "list.__add__([1], [2])", "list.__mul__([1], 2)", "list.__rmul__([1], 2)",
    "list.__iadd__([1], (2,))", "list.__imul__([1], 2)", "list.__add__([1], 1)", "list.__mul__([1], 'a')",
    "list.append(1, 2)", "list.append([])", "[].__hash__", "hash([])",
    "[1, Boom()] == [1, Boom()]", "Boom() in [1, Boom()]", "[Boom()].index(1)", "[Boom()].count(1)", "[Boom()].remove(1)",
]
for t in tests:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as e:
        print(t, '->', type(e).__name__, e)

# Mutating methods, shown with the list afterwards.
def show(label, f):
    a = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    try:
        r = f(a)
        print(label, '->', r, a)
    except Exception as e:
        print(label, '->', type(e).__name__, e, a)

def setitem(a, k, v): a[k] = v
def delitem(a, k): del a[k]

show('a[0] = 9', lambda a: setitem(a, 0, 9))
show('a[-1] = 9', lambda a: setitem(a, -1, 9))
show('a[10] = 9', lambda a: setitem(a, 10, 9))
show('a[-11] = 9', lambda a: setitem(a, -11, 9))
show("a['x'] = 9", lambda a: setitem(a, 'x', 9))
show('a[1:3] = "ab"', lambda a: setitem(a, slice(1, 3), 'ab'))
show('a[1:3] = []', lambda a: setitem(a, slice(1, 3), []))
show('a[1:1] = [7, 7, 7]', lambda a: setitem(a, slice(1, 1), [7, 7, 7]))
show('a[5:2] = [7]', lambda a: setitem(a, slice(5, 2), [7]))
show('a[:] = ()', lambda a: setitem(a, slice(None), ()))
show('a[:] = a', lambda a: setitem(a, slice(None), a))
show('a[2:4] = a', lambda a: setitem(a, slice(2, 4), a))
show('a[1:3] = 5', lambda a: setitem(a, slice(1, 3), 5))
show('a[::2] = "abcde"', lambda a: setitem(a, slice(None, None, 2), 'abcde'))
show('a[::2] = "ab"', lambda a: setitem(a, slice(None, None, 2), 'ab'))
show('a[::-3] = [1, 2, 3, 4]', lambda a: setitem(a, slice(None, None, -3), [1, 2, 3, 4]))
show('a[::-1] = a', lambda a: setitem(a, slice(None, None, -1), a))
show('a[::2] = 5', lambda a: setitem(a, slice(None, None, 2), 5))
show('a[5:2:1] = [7]', lambda a: setitem(a, slice(5, 2, 1), [7]))
show('a[8:2:2] = []', lambda a: setitem(a, slice(8, 2, 2), []))
show('a[::0] = []', lambda a: setitem(a, slice(None, None, 0), []))
show('del a[0]', lambda a: delitem(a, 0))
show('del a[-1]', lambda a: delitem(a, -1))
show('del a[10]', lambda a: delitem(a, 10))
show('del a[2:5]', lambda a: delitem(a, slice(2, 5)))
show('del a[::2]', lambda a: delitem(a, slice(None, None, 2)))
show('del a[::-2]', lambda a: delitem(a, slice(None, None, -2)))
show('del a[1::3]', lambda a: delitem(a, slice(1, None, 3)))
show('del a[7:1:-2]', lambda a: delitem(a, slice(7, 1, -2)))
show('del a[:]', lambda a: delitem(a, slice(None)))
show('del a[5:2]', lambda a: delitem(a, slice(5, 2)))
show('del a["x"]', lambda a: delitem(a, 'x'))
show('append', lambda a: a.append('x'))
show('insert 0', lambda a: a.insert(0, 'x'))
show('insert -1', lambda a: a.insert(-1, 'x'))
show('insert 100', lambda a: a.insert(100, 'x'))
show('insert -100', lambda a: a.insert(-100, 'x'))
show('insert Idx', lambda a: a.insert(Idx(2), 'x'))
show('extend', lambda a: a.extend('xy'))
show('extend self', lambda a: a.extend(a))
show('extend gen', lambda a: a.extend(x * 2 for x in range(3)))
show('pop', lambda a: a.pop())
show('pop 3', lambda a: a.pop(3))
show('pop -2', lambda a: a.pop(-2))
show('remove 5', lambda a: a.remove(5))
show('remove 50', lambda a: a.remove(50))
show('clear', lambda a: a.clear())
show('copy', lambda a: a.copy())
show('reverse', lambda a: a.reverse())
show('sort rev', lambda a: a.sort(reverse=True))
show('sort key', lambda a: a.sort(key=lambda x: x % 3))
show('sort key rev', lambda a: a.sort(key=lambda x: x % 3, reverse=True))
show('+=', lambda a: a.__iadd__(range(2)))
show('+= 1', lambda a: a.__iadd__(1))
show('*= 2', lambda a: a.__imul__(2))
show('*= 0', lambda a: a.__imul__(0))
show('*= -1', lambda a: a.__imul__(-1))
show('*= "a"', lambda a: a.__imul__('a'))

a = [1, 2]
b = a
a += [3]
a *= 2
print(a, b is a)
t = (1,)
t += (2,)
print(t)

# Recursive reprs.
a = [1]
a.append(a)
print(a, repr(a))
b = [a, [a]]
print(b)
d = {'k': a}
a.append(d)
print(a)
print(a == a)

# Over-allocation visible through __sizeof__ (CPython's growth pattern).
a = []
sizes = []
for i in range(40):
    a.append(i)
    sizes.append(a.__sizeof__())
print(sizes)
for i in range(40):
    a.pop()
    sizes.append(a.__sizeof__())
print(sizes[40:])
print([list(range(n)).__sizeof__() for n in range(10)])
print([[0] * n for n in range(3)], [([0] * n).__sizeof__() for n in range(5)])
print(list(x for x in range(3)).__sizeof__(), list(x for x in range(20)).__sizeof__())
print(list('abcdefghij').__sizeof__(), [1, 2, 3].copy().__sizeof__(), ([1, 2] + [3]).__sizeof__())
a = list(range(10))
del a[2:8]
print(a.__sizeof__())
a = list(range(100))
a[10:90] = []
print(a.__sizeof__())

# Iterators: exhaustion, __setstate__, growth during iteration.
it = iter([1, 2, 3])
print(next(it), it.__length_hint__(), it.__reduce__())
it.__setstate__(0)
print(list(it), it.__length_hint__(), it.__reduce__())
it.__setstate__(1)
print(list(it))
it = iter([1, 2, 3])
it.__setstate__(-5)
print(list(it))
it = iter([1, 2, 3])
it.__setstate__(10)
print(list(it))
try:
    iter([1]).__setstate__('a')
except Exception as e:
    print(type(e).__name__, e)
it = reversed([1, 2, 3])
print(next(it), it.__length_hint__(), it.__reduce__())
it.__setstate__(2)
print(list(it), it.__reduce__())
it = reversed([1, 2, 3])
it.__setstate__(-7)
print(list(it))
it = reversed([1, 2, 3])
it.__setstate__(70)
print(list(it))
a = [1, 2]
it = iter(a)
for x in it:
    if len(a) < 5:
        a.append(x * 10)
print(a)
a = [1, 2, 3]
it = reversed(a)
next(it)
a.clear()
print(list(it), it.__length_hint__())

# Comparison runs __eq__ in order and stops at the first difference.
log = []
class C:
    def __init__(self, v): self.v = v
    def __eq__(self, other):
        log.append((self.v, other.v))
        return self.v == other.v
    def __lt__(self, other):
        log.append(('lt', self.v, other.v))
        return self.v < other.v
print([C(1), C(2), C(3)] < [C(1), C(5), C(0)], log)
log.clear()
print([C(1), C(2)] == [C(1), C(2), C(3)], log)
log.clear()
x = C(1)
print([x] == [x], log)

# Mutation during operations.
class Mutator:
    def __init__(self, target): self.target = target
    def __eq__(self, other):
        self.target.clear()
        return False
a = [1, 2, 3]
a.append(Mutator(a))
print(a.count(5), a)
a = [Mutator(None)]
a[0].target = a
a.extend([1, 2])
print(Mutator(None) in a, len(a))
a = [1, 2, 3]
print(a.index(3) if a else None)

# Subclass behaviour.
class LL(list):
    def __init__(self, *args):
        super().__init__(*args)
        self.extra = 1
ll = LL([3, 1, 2])
ll.sort()
print(ll, type(ll), ll.extra, type(ll + [1]), type(ll * 2), type(ll[:]), type(ll.copy()))
ll.__init__([9])
print(ll)
print(list.__new__(list, 1, 2, 3))
l = list.__new__(LL)
print(type(l), l)
print(L.__mro__, isinstance(L(), list))
