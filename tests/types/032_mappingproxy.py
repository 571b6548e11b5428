# types.MappingProxyType: a read-only view forwarding to its mapping.
import types

M = types.MappingProxyType
class Mapping:
    def __init__(self): self.d = {'x': 1, 'y': 2}
    def __getitem__(self, k): return self.d[k]
    def __iter__(self): return iter(self.d)
    def __len__(self): return len(self.d)
    def keys(self): return ['keys-called']
    def get(self, k, default=None): return ('get', k, default)
    def copy(self): return 'copied'
    def __contains__(self, k): return k == 'magic'
    def __reversed__(self): return iter(['r'])

d = {'a': 1, 'b': 2}
m = M(d)
mm = M(Mapping())
tests = [
    "m", "M({})", "M([1])", "M((1,))", "M(1)", "M()", "M(d, d)", "M(mapping=d)", "M(x=1)", "M('abc')", "M(M(d))",
    "m['a']", "m['z']", "m.get('a')", "m.get('z')", "m.get('z', 0)", "m.get()", "'a' in m", "'z' in m", "len(m)", "list(m)",
    "m.keys()", "m.values()", "m.items()", "m.copy()", "type(m.copy())", "list(reversed(m))", "m == d", "m != d", "m == m", "m < m",
    "m | {'c': 3}", "{'c': 3} | m", "m | m", "type(m | {})", "str(m)", "repr(m)", "hash(m)", "bool(M({}))",
    "mm['x']", "mm.get('x')", "mm.keys()", "mm.copy()", "'magic' in mm", "'x' in mm", "list(mm)", "len(mm)", "list(reversed(mm))",
    "M.__class_getitem__(int)", "type(m).__name__", "type(type.__dict__)", "type.__dict__['__name__'].__name__",
    "m.__len__()", "m.__getitem__('b')", "m.__contains__('b')",
]
for t in tests:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as e:
        print(t, '->', type(e).__name__, e)

def setitem(): m['a'] = 5
def delitem(): del m['a']
def ior():
    global m
    m |= {}
def setattr_(): m.x = 1
for f in [setitem, delitem, ior, setattr_, lambda: m.pop('a'), lambda: m.update({}), lambda: m.clear()]:
    try:
        f()
    except (TypeError, AttributeError) as e:
        print(type(e).__name__, e)
d['c'] = 3
print(m, len(m))
try:
    class Sub(M):
        pass
except TypeError as e:
    print('TypeError', e)
