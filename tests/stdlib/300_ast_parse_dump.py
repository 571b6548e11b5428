# ast.parse and ast.dump: trees of every kind of statement and expression, in every mode,
# with positions, type comments, indentation, and the parser's errors.
import ast

SNIPPETS = [
    "x = 1",
    "x, *y = z = f(a, *b, c=d, **e)",
    "a.b[c:d:e, ...] += -1 ** 2",
    "del a, b[0], c.d",
    "import a.b as c, d\nfrom .. import e\nfrom f.g import (h as i, j)\nfrom . import *",
    "global x, y\nnonlocal z",
    "assert x, 'message'",
    "raise\nraise E\nraise E from None",
    "pass; break; continue",
    "if a:\n    pass\nelif b:\n    pass\nelse:\n    pass",
    "while x:\n    x -= 1\nelse:\n    y = 2",
    "for i, j in k:\n    pass\nelse:\n    pass",
    "async def f():\n    async for x in y:\n        await x\n    async with a as b, c:\n        pass",
    "with open(f) as g, h:\n    pass",
    "with (a as b, c as d):\n    pass",
    "try:\n    pass\nexcept E as e:\n    pass\nexcept (F, G):\n    pass\nexcept:\n    pass\nelse:\n    pass\nfinally:\n    pass",
    "try:\n    pass\nexcept* E:\n    pass",
    "@dec\n@dec2(arg)\ndef f(a, b=1, /, c=2, *d, e, f=3, **g) -> int:\n    '''doc'''\n    return a",
    "class C(B, metaclass=M):\n    x: int = 1\n    y: str\n    def m(self): return self",
    "lambda: 0\nlambda x, /, y=1, *z, w, **v: x",
    "[x for x in y if x for z in w]\n{x: y for x, y in z}\n{x for x in y}\n(x async for x in y)",
    "a if b else c\nnot a and b or c\na < b <= c != d is not e in f not in g",
    "x @ y, x // y, x % y, x << y, x >> y, x | y, x ^ y, x & y, ~x, +x, -x",
    "f'{a!r:>{b}} {c=} {d:.{e}f}' 'str'; b'bytes' b'more'",
    "u'unicode'; r'raw\\n'; '\\N{DIGIT ONE}\\x41\\u00e9'",
    "1, 1.5, 2j, 1_000, 0xff, 0o17, 0b11, 1e10, 10**100, ..., None, True, False",
    "(yield)\n(yield from x)\nawait y",
    "(x := 10)\nf(y := 1)",
    "x[1:2]; x[::]; x[a, b:c]; x[*a]",
    "match p:\n    case [1, *rest]:\n        pass\n    case {'k': v, **kw}:\n        pass\n    case Point(x=0, y=_) | None:\n        pass\n    case (1 | 2) as z if z > 1:\n        pass\n    case -1 | 1+2j | 'a' | b'b' | True | x.y:\n        pass",
    "def f():\n    '''docstring'''\n    x = '''multi\nline'''",
    "print(*args, sep='', **kw)",
    "x = {**a, 'b': 1}",
    "a = \\\n  1 + \\\n  2",
    "if x:\n\tpass",
    "é = 'ünïcode'\nｆｕｌｌ = 1",
]

for src in SNIPPETS:
    tree = ast.parse(src)
    print(ast.dump(tree))
    print(ast.dump(tree, include_attributes=True))

print(ast.dump(ast.parse("x = [1, (2, 3)]\ndef f():\n    return {'a': b}"), indent=2))
print(ast.dump(ast.parse("x = 1"), indent="--"))
print(ast.dump(ast.parse("f(a)"), annotate_fields=False))
print(ast.dump(ast.parse("1 + 2", mode="eval")))
print(ast.dump(ast.parse("x = 1; x", mode="single")))
print(ast.dump(ast.parse("if x:\n  y\n", mode="single")))
print(ast.dump(ast.parse("(int, str) -> List[int]", mode="func_type")))
print(ast.dump(ast.parse("(*int) -> None", mode="func_type")))

# Type comments.
src = "def f(a, # type: int\n      b):\n    # type: (...) -> str\n    x = 1  # type: int\n    return x  # type: ignore[x]\n"
print(ast.dump(ast.parse(src, type_comments=True)))
print(ast.dump(ast.parse(src)))
print(ast.dump(ast.parse("import a  # type: ignore\n", type_comments=True)))

# compile() with PyCF_ONLY_AST is ast.parse.
tree = compile("x + 1", "<s>", "eval", ast.PyCF_ONLY_AST)
print(type(tree).__name__, ast.dump(tree))
print(compile(tree, "<s>", "eval", ast.PyCF_ONLY_AST) is tree)
print(ast.PyCF_ONLY_AST, ast.PyCF_TYPE_COMMENTS, ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)

# bytes sources and encodings.
print(ast.dump(ast.parse(b"x = '\xc3\xa9'")))
print(ast.dump(ast.parse(b"# -*- coding: latin-1 -*-\nx = '\xe9'")))

# Positions are UTF-8 byte offsets.
t = ast.parse("é = 'ñ' + x")
for node in ast.walk(t):
    if hasattr(node, "lineno"):
        print(type(node).__name__, node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)

# Parse errors.
for bad in ["x = ", "def f(:\n  pass", "1 +* 2", "f(**a, *b)", "a = 1 = 2", "if x:\npass",
            "x = (1,", "'unterminated", "print 'x'", "class C: pass\n\tx", "f(x for x in y, 1)",
            "match x:\n  case 1 + 1:\n    pass", "None = 1", "nonlocal x"]:
    try:
        ast.parse(bad)
        print("parsed:", repr(bad))
    except SyntaxError as e:
        print(type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset, repr(e.text))

# Identical enum values are shared singletons in parsed trees.
t = ast.parse("a + b; c + d; x; y")
print(t.body[0].value.op is t.body[1].value.op, t.body[2].value.ctx is t.body[3].value.ctx)
