# Module-level STORE_NAME: repeated stores to bound names (the cached path), names
# deleted and re-bound, globals changed behind the loop's back, exec with other
# namespaces (separate locals, a dict subclass whose __setitem__ must run), class bodies.
import gc

total = 0
for i in range(300):
    x = i
    total += x
    if i % 50 == 0:
        del x          # the key set changes: the cache must notice
        x = -1
    if i % 70 == 0:
        globals()["fresh_%d" % i] = i   # new keys: the globals' version moves on
print(total, x, sorted(k for k in globals() if k.startswith("fresh_")))

# A store whose old value's __del__ rebinds the same name.
class Noisy:
    def __init__(self, tag):
        self.tag = tag
    def __del__(self):
        global log
        log = log + [self.tag]

log = []
for i in range(5):
    obj = Noisy(i)
obj = None
print(log)

code = compile("""
for i in range(100):
    y = i * 2
    z = [y]
result = (y, z)
""", "<exec>", "exec")

g = {}
exec(code, g)
print(g["result"], gc.is_tracked(g))
for _ in range(3):
    exec(code, g)           # the same code object, cached, then other dicts below
print(g["result"])

g2 = {}
l2 = {}
exec(code, g2, l2)          # locals are not the globals: no caching into g2
print(sorted(l2), "y" in g2)

class Recording(dict):
    def __setitem__(self, key, value):
        self.setdefault("log", []).append(key)
        dict.__setitem__(self, key, value)

r = Recording()
exec(code, r, r)
print(len(r["log"]), r["log"][:4], r["result"])
exec(code, g)
print(g["result"])

class Body:
    for i in range(50):
        v = i
    w = v + 1
print(Body.v, Body.w)

# A global bound to a container makes an untracked namespace tracked.
ns = {"__builtins__": {"range": range, "repr": repr}}
exec("a = 1\nfor _ in range(20):\n    a = 2\nb = 3", ns)
print(gc.is_tracked(ns), ns["a"], ns["b"])
exec("for _ in range(20):\n    a = [a]\n", ns)
print(gc.is_tracked(ns), len(repr(ns["a"])))

# Unbound at the time of the store: NameError on delete, store still works after.
for i in range(3):
    try:
        del q
    except NameError as e:
        print("NameError:", e)
    q = i
print(q)
