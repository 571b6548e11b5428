# The symtable module over krait's compiler symbol table (_symtable): scopes, symbol
# flags, children, errors with the right file name and location.
import symtable
import warnings

source = """\
import os
from sys import path as p
x: int = 1
glob = 0

def outer(a, /, b, *args, c=1, **kw):
    global glob
    local = a + b
    def inner():
        nonlocal local
        local += 1
        return os, local
    lam = lambda q: q + c
    return [y for y in args], inner, lam

class Klass(Base):
    attr = 1
    def method(self):
        return super().method(), __class__, self.attr

async def coro():
    async for item in aiter():
        await item
"""
top = symtable.symtable(source, "mod.py", "exec")


def describe(table, depth=0):
    pad = "  " * depth
    print(f"{pad}{table.get_type()} {table.get_name()} line={table.get_lineno()} "
          f"nested={table.is_nested()} optimized={table.is_optimized()}")
    for name in sorted(table.get_identifiers()):
        s = table.lookup(name)
        kinds = [k for k in ("referenced", "imported", "parameter", "global", "declared_global",
                             "local", "annotated", "free", "assigned", "namespace", "nonlocal")
                 if getattr(s, "is_" + k)()]
        print(f"{pad}  {name}: {' '.join(kinds)}")
    if isinstance(table, symtable.Function):
        print(f"{pad}  params={table.get_parameters()} locals={table.get_locals()} "
              f"globals={table.get_globals()} frees={table.get_frees()} nonlocals={table.get_nonlocals()}")
    if isinstance(table, symtable.Class):
        print(f"{pad}  methods={table.get_methods()}")
    for child in table.get_children():
        describe(child, depth + 1)


describe(top)
print(symtable.symtable("42", "?", "eval").get_type(), symtable.symtable("x = 1", "?", "single").get_type())
for broken in ("def f(x): foo)(", "def f(x): global x", "nonlocal z", "def f():\n  x = 1\n  global x"):
    try:
        symtable.symtable(broken, "spam", "exec")
    except SyntaxError as e:
        print("SyntaxError", e.msg, e.filename, e.lineno, e.offset)
for mode in ("bad",):
    try:
        symtable.symtable("x", "spam", mode)
    except ValueError as e:
        print("ValueError", e)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print(symtable.symtable("pass", memoryview(b"spam"), "exec").get_name())
print([str(w.message) for w in caught])
try:
    symtable.symtable("pass", ["spam"], "exec")
except TypeError as e:
    print("TypeError", e)
