# ast.literal_eval: the literals it accepts and the errors for everything else.
import ast
import re


def clean(e):
    return re.sub(r" at 0x[0-9a-f]+", "", str(e))


GOOD = [
    "1", "-1", "+1", "1.5", "-2.5e10", "1j", "-1j", "1+2j", "-1-2j", "3.5-0j",
    "0x1f", "0o17", "0b101", "1_000_000", "10**2" if False else "100",
    "'str'", '"dq"', "'''tri'''", "b'bytes'", "'a' 'b'", "u'uni'", "r'\\d'",
    "True", "False", "None", "...",
    "()", "(1,)", "(1, 2, (3, 4))", "[]", "[1, [2, [3]]]", "{}", "{'a': 1, 'b': [2]}",
    "set()", "{1, 2, 3}", "{(1, 2): 'x'}", "  42  ", "\t[1,\n 2]\n",
    "'\\N{GREEK SMALL LETTER ALPHA}'", "'\\x41\\u00e9'", "-0.0", "1e400", "-1e400",
]
for src in GOOD:
    value = ast.literal_eval(src)
    print(repr(src), "->", repr(value), type(value).__name__)

BAD = [
    "x", "f()", "1 + x", "[x]", "{**a}", "a.b", "1 if 2 else 3", "lambda: 0", "-'s'",
    "1 + 1", "2 * 3", "'a' + 'b'", "(1, 2) + (3,)", "[*a]", "{1: 2, **b}", "not True",
    "~1", "--1", "+-1", "1 + 2 + 3j", "1j + 2", "set([1])", "frozenset()", "f'x'",
    "x := 1", "(yield)", "b'a' + b'b'", "1 < 2",
]
for src in BAD:
    try:
        print(repr(src), "->", repr(ast.literal_eval(src)))
    except ValueError as e:
        print(repr(src), "ValueError:", clean(e))
    except SyntaxError as e:
        print(repr(src), "SyntaxError:", e.msg)

for src in ["1 +", "(", "'x", "  \n  1", "1\n2", "def f(): pass"]:
    try:
        print(repr(src), "->", repr(ast.literal_eval(src)))
    except (ValueError, SyntaxError) as e:
        print(repr(src), type(e).__name__, getattr(e, "msg", clean(e)))

# Nodes as input.
print(ast.literal_eval(ast.parse("[1, 2]", mode="eval")))
print(ast.literal_eval(ast.Constant(value=5)))
print(ast.literal_eval(ast.Tuple([ast.Constant(1), ast.UnaryOp(ast.USub(), ast.Constant(2))], ast.Load())))
try:
    ast.literal_eval(ast.Dict([ast.Constant(1)], []))
except ValueError as e:
    print("ValueError:", clean(e))
try:
    ast.literal_eval(ast.BinOp(ast.Constant(1), ast.Add(), ast.Constant(2), lineno=4))
except ValueError as e:
    print("ValueError:", clean(e))

# The int string limit applies to literals.
try:
    ast.literal_eval("1" * 5000)
except (ValueError, SyntaxError) as e:
    print(type(e).__name__, str(e)[:60])
print(ast.literal_eval("0x" + "f" * 5000) > 0)
