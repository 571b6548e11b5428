# Cached global and module-level name lookups must see every change of the namespace:
# deletions and re-additions (`except ... as e` at module level), a global that starts
# shadowing a builtin, a deleted global, a rebound builtin, exec with other locals.
import builtins

total = 0
for i in range(3000):
    try:
        raise ValueError(i)
    except ValueError as e:
        total += e.args[0] % 7
    if i == 2000:
        len = lambda x: -1  # a global now shadows the builtin
    total += len("ab")
    if i == 2500:
        del len  # the builtin again
print("module loop", total)


def read_g():
    return g


g = 1
print([read_g() for _ in range(50)][-1])
del g
try:
    read_g()
except NameError as error:
    print("NameError", error)
g = 2
print(read_g())
for name in [f"filler{i}" for i in range(100)]:  # grows (and rebuilds) the globals table
    globals()[name] = name
print(read_g(), filler99)


def uses_abs():
    return abs(-3)


print([uses_abs() for _ in range(50)][-1])
builtins.abs = lambda x: "patched"
print(uses_abs())
del builtins.abs
try:
    uses_abs()
except NameError as error:
    print("NameError", error)

code = compile("value = seen + 1", "<cached>", "exec")
namespace = {"seen": 1}
for _ in range(30):
    exec(code, namespace)
print(namespace["value"])
local_namespace = {"seen": 41}
exec(code, namespace, local_namespace)
print(local_namespace["value"], namespace["value"])
