# The node classes of ast: hierarchy, _fields/_attributes/__match_args__, docs, class
# defaults, the constructor rules, __dict__, pickling and copying, subclassing.
import ast
import copy
import pickle
import weakref

# Every class of _ast, as CPython 3.11 defines it.
import _ast
for name in sorted(n for n in dir(_ast) if isinstance(getattr(_ast, n), type) and n[0] != "_"):
    cls = getattr(_ast, name)
    defaults = {k: v if not isinstance(v, property) else "<property>" for k, v in vars(cls).items()
                if k not in ("_fields", "__match_args__", "__module__", "__doc__", "__weakref__",
                             "_attributes", "__dict__", "__new__", "__init__", "__reduce__",
                             "__getattribute__", "__setattr__", "__delattr__")}
    print(name, cls.__module__, cls.__qualname__, [b.__name__ for b in cls.__mro__],
          cls._fields, cls.__match_args__, getattr(cls, "_attributes", None), defaults)
    print("   ", repr(cls.__doc__))
print(ast.AST.__name__, ast.AST.__module__, ast.AST._fields, ast.AST._attributes)

# Constructors: positional arguments by _fields, keywords for anything, missing fields absent.
n = ast.BinOp()
print(n._fields, hasattr(n, "left"), vars(n))
n = ast.BinOp(ast.Constant(1), ast.Add(), ast.Constant(2), lineno=3, foo="bar")
print(ast.dump(n), n.lineno, n.foo, sorted(vars(n)))
n = ast.Name(id="x")
print(n.id, hasattr(n, "ctx"), n.end_lineno)   # end_lineno defaults to None on the class
a = ast.arguments()
print(a.vararg, a.kwarg, hasattr(a, "args"))
a = ast.arguments(*range(1, 8))
print(a.posonlyargs, a.args, a.vararg, a.kwonlyargs, a.kw_defaults, a.kwarg, a.defaults)
for make in [lambda: ast.BinOp(1, 2, 3, 4), lambda: ast.Expr(1, 2), lambda: ast.Load(1),
             lambda: ast.AST(1), lambda: ast.Name("x", id="y"), lambda: ast.arg(1, 2, 3, 4)]:
    try:
        make()
    except TypeError as e:
        print("TypeError:", e)

# A class may change _fields.
class Point(ast.AST):
    _fields = ("x", "y")
p = Point(1, y=2)
print(p.x, p.y, Point._fields, p._attributes)
class Weird(ast.AST):
    _fields = 5
try:
    Weird(1)
except TypeError as e:
    print("TypeError:", e)
try:
    Weird()
except TypeError as e:
    print("TypeError:", e)
class BadName(ast.AST):
    _fields = ("a", 7)
try:
    BadName(1, 2)
except TypeError as e:
    print("TypeError:", e)

# Attributes and __dict__.
x = ast.AST()
x.foobar = 42
print(x.foobar, x.__dict__, vars(x))
try:
    x.vararg
except AttributeError as e:
    print("AttributeError:", e)
x.__dict__ = {"a": 1}
print(x.a)
try:
    x.__dict__ = 5
except TypeError as e:
    print("TypeError:", e)
del x.a
print(vars(x))

# isinstance and the hierarchy.
tree = ast.parse("x = 1")
print(isinstance(tree, ast.mod), isinstance(tree.body[0], ast.stmt), isinstance(tree.body[0].value, ast.expr))
print(isinstance(ast.Load(), ast.expr_context), issubclass(ast.Add, ast.operator), issubclass(ast.Gt, ast.AST))
print(issubclass(ast.comprehension, ast.AST), issubclass(ast.arguments, ast.AST), ast.arg.__base__.__name__)

# Subclasses of node classes.
class MyName(ast.Name):
    pass
m = MyName("q", ast.Load())
print(type(m).__name__, m.id, isinstance(m, ast.expr), m._fields)
code = compile(ast.Expression(MyName("len", ast.Load(), lineno=1, col_offset=0)), "<s>", "eval")
print(eval(code) is len)

# __reduce__, pickle, copy.
n = ast.Name("x", ast.Load(), lineno=1)
print(n.__reduce__()[0].__name__, n.__reduce__()[1], n.__reduce__()[2]["id"])
print(ast.AST().__reduce__())
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    t = ast.parse("def f(a, *, b=1): return [a + b for a in range(3)]")
    t2 = pickle.loads(pickle.dumps(t, proto))
    print(proto, ast.dump(t2, include_attributes=True) == ast.dump(t, include_attributes=True))
t = ast.parse("if x: y = [1, 2]")
t2 = copy.deepcopy(t)
print(ast.dump(t2) == ast.dump(t), t2.body[0] is not t.body[0])
t3 = copy.copy(t)
print(t3.body is t.body)

# Weak references to nodes (not to AST itself).
r = weakref.ref(n)
print(r() is n)
try:
    weakref.ref(ast.AST())
except TypeError as e:
    print("TypeError:", e)

# Pattern matching on nodes uses __match_args__.
for node in ast.parse("a = b + 1; f(x); c").body:
    match node:
        case ast.Assign([ast.Name(target)], ast.BinOp(ast.Name(left), ast.Add(), ast.Constant(v))):
            print("assign", target, left, v)
        case ast.Expr(ast.Call(ast.Name(fn), args)):
            print("call", fn, len(args))
        case ast.Expr(value=ast.Name(id=name)):
            print("name", name)

# Deprecated classes of ast.py built on top of _ast.
print(ast.Num(42).value, ast.Str("s").value, isinstance(ast.Constant(1), ast.Num), ast.Constant(1).n)
print(type(ast.Index(ast.Name("x"))).__name__, ast.dump(ast.ExtSlice([ast.Name("a"), ast.Name("b")])))

# Load() instances are shared in parsed trees but new when made by hand.
t = ast.parse("a; b")
print(t.body[0].value.ctx is t.body[1].value.ctx, ast.Load() is ast.Load())
