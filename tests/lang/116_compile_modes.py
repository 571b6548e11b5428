# compile() modes: exec, eval and single (interactive: expression statements print their
# value through sys.displayhook), flags, and exec/eval with namespaces.
import sys
code = compile("1 + 2", "<eval>", "eval")
print(eval(code), type(code).__name__)
ns = {}
exec(compile("a = 5\nb = a * 2", "<exec>", "exec"), ns)
print(ns["a"], ns["b"])
exec(compile("3 * 7", "<single>", "single"))
exec(compile("x = 10", "<single>", "single"), ns)
exec(compile("x", "<single>", "single"), ns)
exec(compile("None", "<single>", "single"))
exec(compile("if True:\n    'in block'\n    99\n", "<single>", "single"))
exec(compile("for i in range(2): i\n", "<single>", "single"))
def hook(value):
    print("displayhook got", repr(value))
old = sys.displayhook
sys.displayhook = hook
exec(compile("'hooked'", "<single>", "single"))
sys.displayhook = old
print(eval("[x * 2 for x in range(3)]"))
print(eval("lambda: 5")())
g = {"y": 2}
print(eval("y + 1", g), eval("z", {}, {"z": "local"}))
exec("def f():\n    return 'from exec'", g)
print(g["f"]())
try:
    compile("x = 1", "<eval>", "eval")
except SyntaxError as e:
    print("SyntaxError", e.msg)
co = compile("from __future__ import annotations\nv: int", "<f>", "exec")
print(hex(co.co_flags))
import __future__
co2 = compile("w: list[int]", "<f>", "exec", __future__.annotations.compiler_flag, dont_inherit=True)
ns2 = {}
exec(co2, ns2)
print(ns2["__annotations__"])
print(compile("'doc'", "<m>", "exec").co_consts)
print(compile("'doc'\nx = 1", "<m>", "exec", optimize=2).co_consts)
ns3 = {}
exec(compile("'module doc'\nassert False, 'boom'", "<m>", "exec", optimize=1), ns3)
print(ns3["__doc__"])
ns4 = {}
exec(compile("'module doc'\nv = __debug__", "<m>", "exec", optimize=2), ns4)
print(ns4.get("__doc__"), ns4["v"])
