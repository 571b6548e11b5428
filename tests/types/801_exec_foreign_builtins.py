# exec/eval/FunctionType with a '__builtins__' that is not a dict: the object is indexed
# at each builtin lookup (TypeError for a non-subscriptable one), never replaced by the
# real builtins, also in code whose global lookups were cached by earlier runs.
import builtins
import types

def report(label, thunk):
    try:
        print(label, repr(thunk()))
    except Exception as e:
        print(label, type(e).__name__, e)

code = compile("print('Hello World!')", "", "exec")
for b in (123, None, [], "abc", 1.5):
    report(type(b).__name__, lambda: exec(code, {'__builtins__': b}))
report('empty dict', lambda: exec(code, {'__builtins__': {}}))
report('assignment only', lambda: exec("x = 1", {'__builtins__': 123}))
report('class', lambda: exec("class A: pass", {'__builtins__': 5}))
report('eval', lambda: eval("len", {'__builtins__': 5}))
try:
    exec("import os", {'__builtins__': 5})
except SystemError:
    print('import SystemError')  # CPython's message names its C source file

class Lookup:
    def __init__(self, **names):
        self.names = names
        self.seen = []
    def __getitem__(self, name):
        self.seen.append(name)
        return self.names[name]

m = Lookup(print=lambda *a: builtins.print('via mapping:', *a), len=lambda s: -1)
g = {'__builtins__': m, '__name__': 'mod'}
exec("print('hi', len('abc'))", g)
report('missing', lambda: exec("nosuch", g))
print(m.seen)
g['getframe'] = __import__('sys')._getframe
exec("frame_builtins = getframe().f_builtins", g)
print(g['frame_builtins'] is m)
exec("def f(): return f\n", g)
print(g['f'].__builtins__ is m, type(g['f'].__builtins__).__name__)
report('set __builtins__', lambda: setattr(g['f'], '__builtins__', {}))
report('del __builtins__', lambda: delattr(g['f'], '__builtins__'))

# A function whose LOAD_GLOBAL was cached with the real builtins, run again with others.
def uses_len():
    return len('ab')
for _ in range(200):
    uses_len()
for b in (123, {'len': lambda s: 'dict len'}, Lookup(len=lambda s: 'mapping len'), builtins):
    f = types.FunctionType(uses_len.__code__, {'__builtins__': b})
    report('cached ' + type(b).__name__, f)
    print(f.__builtins__ is b or f.__builtins__ is builtins.__dict__)

# The same globals dict, its __builtins__ rebound after the code ran (and was cached).
g = {'__builtins__': builtins}
exec("def h(): return len('xyz')\nfor _ in range(200): h()", g)
g['__builtins__'] = 7
report('rebound, old function', g['h'])
report('rebound, new function', types.FunctionType(g['h'].__code__, g))

# A generator made with foreign builtins, resumed after its code was cached elsewhere.
def gen():
    yield len('abc')
    yield len('abcd')
suspended = types.FunctionType(gen.__code__, {'__builtins__': Lookup(len=lambda s: s * 2)})()
print(next(suspended))
for _ in range(200):
    list(gen())
print(next(suspended))

class Raising:
    def __getitem__(self, name):
        raise ValueError(name)
report('raising mapping', lambda: eval("len", {'__builtins__': Raising()}))
report('module-level name', lambda: exec("len", {'__builtins__': Raising()}))
