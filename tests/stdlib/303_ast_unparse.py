# ast.unparse: source back from trees (precedence, strings, f-strings, all statements), and
# parse(unparse(parse(src))) giving the same tree for stdlib modules.
import ast
import os
import sys

SNIPPETS = [
    "x = (1 + 2) * 3 ** -4 // (5 - 6)",
    "a = not (b and c) or d if e else f",
    "lambda x, /, y=1, *a, z, **k: (x, y)",
    "f(a, *b, c=1, **d)[1:2, ::3].e",
    "x = [i for i in range(3) if i if not i for j in i]",
    "y = {k: v for k, v in d.items()}; z = {*a, *b}; w = (await x for x in y)",
    "print(f'{a!r:>{w}} {b=} {c:{d}.{e}}' f\"{'q'}\")",
    "s = 'it\\'s' + \"q\\\"uote\" + '''tri\nple''' + b'\\x00\\xff'",
    "x = 1e400, -1e400, 1j, (-1) ** 2, -(1 ** 2), (-1).real, 1 .real",
    "del a[0], b.c",
    "@dec(1)\nclass C(A, B, metaclass=M):\n    '''doc'''\n    x: int = 1\n    def f(self, *, a: int = 1) -> None:\n        return\n",
    "async def f():\n    async with a as b:\n        async for x in y:\n            await z\n",
    "for x in y:\n    continue\nelse:\n    break",
    "while True:\n    pass\nelse:\n    x = 1",
    "if a:\n    pass\nelif b:\n    pass\nelif c:\n    pass\nelse:\n    pass",
    "try:\n    pass\nexcept E as e:\n    raise X from e\nelse:\n    pass\nfinally:\n    pass",
    "try:\n    pass\nexcept* (A, B):\n    pass",
    "with a as (b, c), d:\n    pass",
    "global a, b\nnonlocal c",
    "import a.b as c\nfrom ...d import (e as f, g)\nfrom . import *",
    "assert x, 'msg'",
    "x: 'List[int]'\n(y): int = 2",
    "a += 1; b @= 2; c //= 3; d **= 4; e >>= 5",
    "match x:\n    case [1, *rest] if rest:\n        pass\n    case {'a': 1, **kw}:\n        pass\n    case P(1, y=2) | Q() as z:\n        pass\n    case -1 | 1 + 2j | None | 'str':\n        pass\n    case _:\n        pass",
    "x = yield\ny = yield from z\n",
    "(x := 1)\nf(y := 2)",
    "x = a if b else (c if d else e)",
    "x = (a, ) + () + (b, *c)",
    "x[a:b, c:d]\nx[(a, b)]\nx[()]",
    "f(**{'a': 1})\n{**a, 'b': 2, **c}",
    "x = -(-1)\ny = +-~1\nz = not not x",
    "x = a < b < c != d is not e not in f",
    "def f():\n    '''docstring\n    more'''\n    '''not a docstring'''",
    "'''module docstring'''\nx = '\\N{BULLET}\\u2028\\t'",
    "f'{x:{y}}' f'{{}}' f'{\"a\" if b else \"c\"}'",
    "x = {'a': 1}['a']",
    "lambda: (yield)",
]
for src in SNIPPETS:
    tree = ast.parse(src)
    text = ast.unparse(tree)
    print(text)
    print("---", ast.dump(ast.parse(text)) == ast.dump(tree))

# Hand-made trees, and expressions alone.
print(ast.unparse(ast.BinOp(ast.Name("a"), ast.Mult(), ast.BinOp(ast.Name("b"), ast.Add(), ast.Name("c")))))
print(ast.unparse(ast.Constant(value=(1, 2.5, "x", None, ...))))
print(ast.unparse(ast.Constant(value=frozenset())))
print(ast.unparse(ast.parse("x", mode="eval")), ast.unparse(ast.parse("(a, b) -> c", mode="func_type")))

# Round trips through the stdlib.
lib = os.path.dirname(os.__file__)
for name in ["ast.py", "bisect.py", "colorsys.py", "textwrap.py", "string.py", "fractions.py",
             "dataclasses.py", "functools.py", "contextlib.py", "argparse.py"]:
    with open(os.path.join(lib, name), encoding="utf-8") as f:
        source = f.read()
    tree = ast.parse(source)
    text = ast.unparse(tree)
    again = ast.parse(text)
    print(name, ast.dump(again) == ast.dump(tree), len(text) > 0)
