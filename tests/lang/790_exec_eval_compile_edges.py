# exec(code, closure=...) (3.11), FunctionType(module_code) running with its globals as
# locals, compile()'s flag and null-byte checks, dir() in eval with a mapping's keys(),
# and dir() of a module whose __dict__ is not a dict.
import types
from types import CellType


def make():
    a, b = 2, 3
    result = None

    def three():
        nonlocal result, a, b
        result = a * b
        return result

    def peek():
        return result

    return three, peek


three, peek = make()
print(exec(three.__code__, three.__globals__, closure=three.__closure__), peek())
cells = (CellType(5), CellType(7), three.__closure__[2])
exec(three.__code__, three.__globals__, closure=cells)
print("custom cells", cells[2].cell_contents if three.__code__.co_freevars[2] == "result" else peek())
for closure in (None, cells[:2], list(cells), (int,) + cells[1:]):
    try:
        exec(three.__code__, three.__globals__, closure=closure)
    except TypeError as e:
        print("TypeError", e)
for source, closure in ((compile("1", "s", "exec"), cells), ("x = 1", cells)):
    try:
        exec(source, {}, closure=closure)
    except TypeError as e:
        print("TypeError", e)
try:
    eval(three.__code__)
except TypeError as e:
    print("TypeError", e)

g = {"x": 1}
f = types.FunctionType(compile("y = x + 1\nz = locals() is globals()\ndel x", "<s>", "exec"), g)
print(f(), g.get("y"), g.get("z"), "x" in g)

for args in (("print(42)\n", "<s>", "single", 0xff), ("x", "<s>", "exec", 0x10), (chr(0), "f", "exec"),
             (b"a\0", "f", "exec"), ("x", "f", "exec", 0, False, 3), ("x", "f", "bad")):
    try:
        print(type(compile(*args)).__name__)
    except (ValueError, TypeError, SyntaxError) as e:
        print(type(e).__name__, e)
for run in (lambda: exec("\0"), lambda: eval("1\0")):
    try:
        run()
    except ValueError as e:
        print("ValueError", e)


class D(dict):
    def keys(self):
        return list("zyx")


print(eval("dir()", {}, D()), eval("dir()", {}, {"b": 1, "a": 2}))


class Odd(types.ModuleType):
    __dict__ = 8


try:
    dir(Odd("odd"))
except TypeError as e:
    print("TypeError", e)
