# compile() of ast objects: hand-built trees, transformed trees, every mode, the helpers
# of ast.py (fix_missing_locations, copy_location, increment_lineno, get_docstring, walk,
# NodeVisitor/NodeTransformer, get_source_segment), positions, constants the parser never
# makes (tuples, frozensets, negative numbers).
import ast
import types

def run(tree, mode="exec", namespace=None):
    code = compile(tree, "<ast>", mode)
    if mode == "eval":
        return eval(code, namespace or {})
    ns = namespace if namespace is not None else {}
    exec(code, ns)
    return ns

# A tree built by hand.
tree = ast.Module(
    body=[
        ast.FunctionDef(
            name="add",
            args=ast.arguments(posonlyargs=[], args=[ast.arg("a"), ast.arg("b")], kwonlyargs=[],
                               kw_defaults=[], defaults=[ast.Constant(10)]),
            body=[ast.Return(ast.BinOp(ast.Name("a", ast.Load()), ast.Add(), ast.Name("b", ast.Load())))],
            decorator_list=[]),
        ast.Assign([ast.Name("r", ast.Store())],
                   ast.Call(ast.Name("add", ast.Load()), [ast.Constant(1)], [])),
    ],
    type_ignores=[])
ast.fix_missing_locations(tree)
print(run(tree)["r"])
print(tree.body[0].lineno, tree.body[0].col_offset, tree.body[1].value.end_lineno)

# Expression, Interactive.
print(run(ast.fix_missing_locations(ast.Expression(ast.BinOp(ast.Constant(6), ast.Mult(), ast.Constant(7)))), "eval"))
single = ast.Interactive([ast.Expr(ast.Constant("printed by single mode"))])
exec(compile(ast.fix_missing_locations(single), "<ast>", "single"))
print(run(ast.parse("[x * 2 for x in range(4)]", mode="eval"), "eval"))
exec(compile(ast.parse("1 + 1", mode="single"), "<ast>", "single"))

# The round trip of a real program.
src = '''
"""Doc."""
import math
class Shape:
    def __init__(self, *sides, **kw):
        self.sides = sides
        self.kw = kw
    def perimeter(self):
        return sum(self.sides)
    @property
    def kind(self):
        match len(self.sides):
            case 3: return "triangle"
            case 4: return "quad"
            case n: return f"{n}-gon"
def gen(n):
    total = 0
    for i in range(n):
        try:
            if i % 3 == 0:
                continue
            total += (yield i) or 0
        except ValueError as e:
            pass
        finally:
            total += 1
    return total
shapes = [Shape(3, 4, 5), Shape(1, 1, 1, 1), Shape(*range(1, 7))]
result = [(s.kind, s.perimeter()) for s in shapes]
squares = {x: x * x for x in range(5) if x != 2}
g = gen(10)
values = list(g)
lam = (lambda a, /, b=2, *, c=3: a + b + c)(1)
'''
tree = ast.parse(src)
ns = run(tree)
print(ns["result"], ns["squares"], ns["values"], ns["lam"], ns["__doc__"])
code = compile(tree, "<ast>", "exec")
print(type(code) is types.CodeType, code.co_filename, code.co_consts[0])

# NodeTransformer: rewrite additions into multiplications, then compile.
class AddToMult(ast.NodeTransformer):
    def visit_BinOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Add):
            return ast.copy_location(ast.BinOp(node.left, ast.Mult(), node.right), node)
        return node
tree = AddToMult().visit(ast.parse("x = 3 + 4 + 5"))
print(ast.dump(tree), run(tree)["x"])

class Renamer(ast.NodeTransformer):
    def visit_Name(self, node):
        return ast.Name("renamed_" + node.id, node.ctx)
tree = ast.fix_missing_locations(Renamer().visit(ast.parse("a = 1\nb = a + 1")))
print(sorted(k for k in run(tree) if k.startswith("renamed")))

class RemovePass(ast.NodeTransformer):
    def visit_Pass(self, node):
        return None
tree = RemovePass().visit(ast.parse("def f():\n    pass\n    return 1\nr = f()"))
print(run(tree)["r"])

# NodeVisitor and walk.
class Counter(ast.NodeVisitor):
    def __init__(self):
        self.names = []
    def visit_Name(self, node):
        self.names.append(node.id)
        self.generic_visit(node)
c = Counter()
c.visit(ast.parse("a = b + c(d, e=f)"))
print(c.names)
print(sorted(type(n).__name__ for n in ast.walk(ast.parse("x = [1, 2]"))))
print([type(n).__name__ for n in ast.iter_child_nodes(ast.parse("f(a, b)").body[0].value)])
print([(k, type(v).__name__) for k, v in ast.iter_fields(ast.Name("x", ast.Load()))])

# Positions: increment_lineno, copy_location and the code's line table.
tree = ast.parse("x = 1\ny = 2")
ast.increment_lineno(tree, 10)
print([(n.lineno, n.end_lineno) for n in tree.body])
code = compile(tree, "<ast>", "exec")
print(sorted({line for _, _, line in code.co_lines() if line}))
new = ast.copy_location(ast.Pass(), tree.body[1])
print(new.lineno, new.col_offset, new.end_lineno, new.end_col_offset)
tree = ast.Module([ast.Expr(ast.Call(ast.Name("len", ast.Load()), [ast.Constant("abc")], []))], [])
ast.fix_missing_locations(tree)
print([(n.lineno, n.col_offset, n.end_lineno, n.end_col_offset) for n in ast.walk(tree) if hasattr(n, "lineno")])
# Only lineno/col_offset given: the ends default to them.
e = ast.Expression(ast.Name("x", ast.Load(), lineno=3, col_offset=4))
print(list(compile(e, "<ast>", "eval").co_positions())[-1])

# get_docstring, get_source_segment.
tree = ast.parse('def f():\n    """  Indented\n    doc.\n    """\nclass C:\n    "x"\nasync def g(): pass')
print(repr(ast.get_docstring(tree.body[0])), repr(ast.get_docstring(tree.body[0], clean=False)))
print(repr(ast.get_docstring(tree.body[1])), ast.get_docstring(tree.body[2]))
src = "x = [1,\n     2]\ny = f(a,\n      b)"
tree = ast.parse(src)
print(repr(ast.get_source_segment(src, tree.body[0].value)), repr(ast.get_source_segment(src, tree.body[1].value, padded=True)))

# Constants the parser never makes.
for value in [(1, 2, (3,)), frozenset({1}), -5, -2.5, 1 + 2j, -0.0, 2 ** 100, b"\x00", "\ud800", (), None, ...]:
    e = ast.fix_missing_locations(ast.Expression(ast.Constant(value)))
    print(repr(run(e, "eval")))
tree = ast.fix_missing_locations(ast.Module([ast.Assign([ast.Name("t", ast.Store())], ast.Constant((1, "a")))], []))
print(run(tree)["t"])
# A folded constant in a comparison: `x in (1, 2)`.
e = ast.fix_missing_locations(ast.Expression(ast.Compare(ast.Constant(2), [ast.In()], [ast.Constant((1, 2))])))
print(run(e, "eval"))

# Annotations, future imports and optimize levels from trees.
tree = ast.parse("from __future__ import annotations\ndef f(x: List[int]) -> Dict: pass")
print(run(tree)["f"].__annotations__)
print(run(ast.parse("x = __debug__"))["x"])
tree = ast.parse("assert False, 'no'")
try:
    run(tree)
except AssertionError as e:
    print("AssertionError:", e)
print(compile(tree, "<ast>", "exec", optimize=2) is not None)
exec(compile(tree, "<ast>", "exec", optimize=1), {})
print("assert removed at -O")

# Each mode needs its node.
for tree, mode in [(ast.parse("x"), "eval"), (ast.parse("x", mode="eval"), "exec"),
                   (ast.parse("x"), "single"), (ast.Interactive([]), "exec")]:
    try:
        compile(tree, "<ast>", mode)
    except TypeError as e:
        print("TypeError:", e)
try:
    compile(ast.parse("(a) -> b", mode="func_type"), "<ast>", "func_type")
except ValueError as e:
    print("ValueError:", e)
print(ast.dump(compile(ast.parse("(a) -> b", mode="func_type"), "<ast>", "func_type", ast.PyCF_ONLY_AST)))
try:
    compile(5, "<ast>", "exec")
except TypeError as e:
    print("TypeError:", e)

# Top-level await is accepted with the flag.
code = compile("await x", "<ast>", "exec", ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
print(bool(code.co_flags & 0x80))
tree = ast.parse("await x")
print(type(tree.body[0].value).__name__)
code = compile(tree, "<ast>", "exec", ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
print(bool(code.co_flags & 0x80))
