# ast.parse(feature_version=(3, N)): constructs newer than 3.N are SyntaxErrors with
# CPython's messages and locations; below 3.7 async/await are names outside async def.
import ast

cases = [
    "def foo(x, /): ...", "def bar(x=1, /): ...", "lambda x, /: ...", "lambda x=1, /: ...",
    "with (a as b): ...", "with (a as b, c): ...", "with (a, b): ...",
    "async def f():\n  async with (a as b): pass",
    'f"{x=}"', "(x := 0)", "[y := 1, 2]", "if x:\n  pass\nelif (y := 1): pass",
    "try: ...\nexcept* E: ...",
    "async def f(): await x", "async def f():\n async for x in y: pass",
    "async def f():\n async with x: pass", "async def f(): [x async for x in y]",
    "match x:\n case 1: pass", 'print(f"{x!r:>{w}}")', "x = 1_000", "x: int = 1",
    "a @ b", "a @= b", "x = a @ b @ c",
    "async = 1", "await = 1", "def async(): pass", "async def f():\n  async = 1",
    "async def f():\n    await x\n    y = 1\nawait = 2\nx = async + await\n",
    "def f():\n    async def g():\n        await y\n    await = 3\n",
    "async def f(\n  a): await a\n",
    "for x in *a, *b: pass", "x[*a]", "del (a, b)",
]
for source in cases:
    results = []
    for minor in (4, 5, 6, 7, 8, 9, 10, 11):
        try:
            ast.parse(source, feature_version=(3, minor))
            results.append(f"{minor}:ok")
        except SyntaxError as e:
            results.append(f"{minor}:{e.msg} @{e.lineno},{e.offset}-{e.end_lineno},{e.end_offset}")
    print(repr(source))
    previous = None
    for r in results:
        text = r.split(":", 1)[1]
        if text != previous:
            print("   ", r)
        previous = text
print(ast.dump(ast.parse("async = await", feature_version=(3, 6))))
print(compile("(x := 1)", "<s>", "exec", _feature_version=7).co_name)
