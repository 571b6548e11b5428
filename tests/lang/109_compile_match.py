# Structural pattern matching: literals, captures, wildcards, sequences (with stars),
# mappings (with **rest), class patterns (positional and keyword), or-patterns, as,
# guards, constants by attribute, and binding order.
import enum

class Color(enum.Enum):
    RED = 1
    GREEN = 2

class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y

def describe(subject):
    match subject:
        case None:
            return "none"
        case True:
            return "true"
        case 0 | 0.0:
            return "zero"
        case -1:
            return "minus one"
        case 1 + 2j:
            return "complex"
        case "str" | b"bytes":
            return "literal string"
        case Color.RED:
            return "red"
        case []:
            return "empty sequence"
        case [x]:
            return f"one element {x}"
        case [1, *rest] if len(rest) > 2:
            return f"starts with 1, rest {rest}"
        case [first, *_, last]:
            return f"first {first} last {last}"
        case {"type": "circle", "r": r}:
            return f"circle r={r}"
        case {"type": kind, **others}:
            return f"mapping {kind} {others}"
        case Point(0, 0):
            return "origin"
        case Point(x=0, y=yy):
            return f"on y axis at {yy}"
        case Point(xx, yy) if xx == yy:
            return f"diagonal {xx}"
        case Point() as p:
            return f"point {p.x},{p.y}"
        case int(n) | float(n) if n > 100:
            return f"big number {n}"
        case str() as s:
            return f"some string {s!r}"
        case (1, 2) | (2, 1):
            return "one-two"
        case _:
            return "other"

for s in [None, True, 0, 0.0, -1, 1 + 2j, "str", b"bytes", Color.RED, Color.GREEN, [], [7],
          [1, 2, 3, 4], [1, 2], (5, 6, 7), {"type": "circle", "r": 2},
          {"type": "square", "side": 3}, Point(0, 0), Point(0, 5), Point(3, 3), Point(1, 2),
          500, 500.5, "text", (2, 1), 42, {"no": "type"}]:
    print(repr(s) if not isinstance(s, Point) else "Point", "->", describe(s))

def bindings(v):
    match v:
        case [a, [b, c], *d] | [a, b, c, *d]:
            return a, b, c, d
        case {"k": a, "j": b} | {"j": b, "k": a}:
            return a, b
    return None
print(bindings([1, [2, 3], 4]), bindings([1, 2, 3]), bindings({"k": 1, "j": 2}))

match 3:
    case x:
        print("capture", x)

match {"a": 1, "b": 2}:
    case {"a": 1, **rest}:
        print("rest", rest)

match [1, 2, 3]:
    case [*all_items]:
        print("star capture", all_items)

match "abc":
    case [*_]:
        print("string is not a sequence pattern")
    case _:
        print("string falls through")

def guard_side_effects(v):
    log = []
    match v:
        case x if log.append("guard1") or x > 5:
            pass
        case y if log.append("guard2") or True:
            pass
    return log
print(guard_side_effects(1), guard_side_effects(10))

for src in ["match x:\n case a:\n  pass\n case b:\n  pass",
            "match x:\n case _:\n  pass\n case 1:\n  pass",
            "match x:\n case [a, a]:\n  pass",
            "match x:\n case a | [b]:\n  pass",
            "match x:\n case P(a=1, a=2):\n  pass",
            "match x:\n case {f(): 1}:\n  pass"]:
    try:
        compile(src, "<match>", "exec")
    except SyntaxError as e:
        print(e.msg, e.lineno, e.offset)
