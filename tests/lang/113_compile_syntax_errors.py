# SyntaxErrors raised by the symbol table and the compiler (not the parser), with their
# messages, locations and args as CPython reports them.
cases = [
    "return 1",
    "def f():\n    yield 1\n    return 2\nclass C:\n    return 3",
    "yield 1",
    "x = [(yield 1)]",
    "await x",
    "def f():\n    await x",
    "break",
    "continue",
    "for x in y:\n    def f():\n        break",
    "while x:\n    try:\n        pass\n    finally:\n        continue",
    "nonlocal x",
    "def f():\n    nonlocal x",
    "def f(x):\n    global x",
    "def f(x):\n    nonlocal x",
    "def f():\n    x = 1\n    global x",
    "def f():\n    print(x)\n    global x",
    "def f():\n    x: int\n    global x",
    "def f(a, b, a): pass",
    "lambda a, a: 0",
    "async def f():\n    yield 1\n    return 2",
    "async def f():\n    yield from x",
    "def f():\n    [x async for x in y]",
    "[i := 0 for i in range(5)]",
    "[(j := 1) for i in range(3) for j in range(2)]",
    "class C:\n    [(y := 1) for x in range(3)]",
    "[x for x in (y := [1])]",
    "def f():\n    from os import *",
    "def f():\n    [(yield x) for x in y]",
    "def f():\n    {(yield x) for x in y}",
    "def f():\n    ((yield x) for x in y)",
    "a, *b, *c = d",
    "*a = b",
    "print(*a for a in b)" if False else "x = *a",
    "f(x=1, x=2)",
    "f(__debug__=1)",
    "__debug__ = 1",
    "def f(__debug__): pass",
    "del __debug__",
    "from __future__ import braces",
    "from __future__ import nonexistent",
    "import os\nfrom __future__ import annotations",
    "try:\n    pass\nexcept:\n    pass\nexcept ValueError:\n    pass",
    "async with x:\n    pass",
    "async for x in y:\n    pass",
    "def f():\n    x = 1\n    def g():\n        nonlocal y",
    "try:\n    pass\nexcept* ValueError:\n    break",
    "def f():\n    for x in y:\n        try:\n            pass\n        except* E:\n            continue",
    "from __future__ import annotations\nx: (yield)",
    "def f():\n    global x\n    nonlocal x",
]
for src in cases:
    try:
        compile(src, "<case>", "exec")
        print("compiled:", repr(src))
    except SyntaxError as e:
        print(type(e).__name__, e.args[0], (e.lineno, e.offset, e.end_lineno, e.end_offset), e.text)

deep = "(" * 200 + "1" + ")" * 200
print(eval(deep))
try:
    compile("-" * 100000 + "1", "<deep>", "eval")
except (RecursionError, MemoryError, SyntaxError) as e:
    print(type(e).__name__, e)
