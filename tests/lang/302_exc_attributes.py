# The attributes of the exceptions with their own layout.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

# StopIteration.value, SystemExit.code
show("stop0", lambda: StopIteration().value)
show("stop1", lambda: StopIteration(5).value)
show("stop2", lambda: StopIteration(5, 6).value)
s = StopIteration(1)
s.value = 9
show("stop set", lambda: (s.value, s.args))
def gen():
    yield 1
    return "result"
g = gen()
next(g)
try:
    next(g)
except StopIteration as e:
    print("gen return", e.value, e.args)
show("exit0", lambda: SystemExit().code)
show("exit1", lambda: SystemExit(3).code)
show("exit2", lambda: SystemExit(3, "x").code)
show("exit str", lambda: str(SystemExit("bye")))

# ImportError: msg, name, path (keyword-only)
e = ImportError("cannot", name="mod", path="/p/mod.py")
print(e.msg, e.name, e.path, e.args, str(e))
e = ImportError()
print(e.msg, e.name, e.path, repr(str(e)))
e = ImportError(1, 2)
print(e.msg, str(e))
e = ImportError(42)
print(e.msg, str(e))
show("import kw", lambda: ImportError(foo=1))
show("import pos-kw", lambda: ImportError("m", name="n", path="p", other=1))
e = ModuleNotFoundError("No module named 'zz'", name="zz")
print(type(e).__name__, e.name, e.msg, isinstance(e, ImportError))
show("mnf kw", lambda: ModuleNotFoundError(x=1))
try:
    import module_that_does_not_exist_xyz
except ModuleNotFoundError as err:
    print(err, err.name)
try:
    from os import does_not_exist_xyz
except ImportError as err:
    print(type(err).__name__, err.name)

# NameError.name, AttributeError.name/.obj
e = NameError("x", name="x")
print(e.name, e.args)
print(NameError().name)
show("name kw", lambda: NameError(obj=1))
try:
    undefined_name_here
except NameError as err:
    print(err, err.name)
def f():
    print(local_var)
    local_var = 1
try:
    f()
except UnboundLocalError as err:
    print(type(err).__name__, err, err.name)
o = object()
e = AttributeError("m", name="attr", obj=o)
print(e.name, e.obj is o)
print(AttributeError().name, AttributeError().obj)
show("attr kw", lambda: AttributeError(x=1))
class C:
    pass
c = C()
try:
    c.missing
except AttributeError as err:
    print(err, err.name, err.obj is c)
try:
    (1).nope
except AttributeError as err:
    print(err, err.name, err.obj)

# SyntaxError
e = SyntaxError("invalid syntax", ("dir/file.py", 3, 4, "x = = 1\n"))
print(e.msg, e.filename, e.lineno, e.offset, repr(e.text), e.end_lineno, e.end_offset, e.print_file_and_line)
print(str(e), repr(e), e.args)
e = SyntaxError("m", ("f.py", 1, 2, "t", 1, 4))
print(e.end_lineno, e.end_offset)
print(str(SyntaxError()), str(SyntaxError("only msg")), SyntaxError("x").msg)
print(str(SyntaxError("m", (None, 3, 1, None))))
print(str(SyntaxError("m", ("f", None, 1, None))))
print(str(SyntaxError("m", (None, None, 1, None))))
show("syntax short", lambda: SyntaxError("a", (1, 2)))
show("syntax long", lambda: SyntaxError("a", (1, 2, 3, 4, 5, 6, 7)))
show("syntax end", lambda: SyntaxError("a", (1, 2, 3, 4, 5)))
show("syntax info", lambda: SyntaxError("a", 5))
show("syntax 3 args", lambda: SyntaxError("a", "b", "c").msg)
try:
    compile("x = (1, 2", "<test>", "exec")
except SyntaxError as err:
    print(err.msg, err.lineno, err.offset, err.filename, repr(err.text))
    print(str(err))
try:
    compile("if x:\npass", "<t>", "exec")
except IndentationError as err:
    print(type(err).__name__, str(err))
print(issubclass(TabError, IndentationError))

# Unicode errors
e = UnicodeDecodeError("utf-8", b"\xff\xfeab", 0, 1, "invalid start byte")
print(e.encoding, e.object, e.start, e.end, e.reason, str(e))
e.end = 2
print(str(e))
e = UnicodeDecodeError("utf-8", bytearray(b"xy"), 1, 2, "r")
print(type(e.object).__name__, str(e))
e = UnicodeEncodeError("ascii", "a\xe9\u20ac\U0001f600", 1, 2, "ordinal not in range(128)")
print(e.encoding, e.object, e.start, e.end, str(e))
e.start, e.end = 2, 3
print(str(e))
e.start, e.end = 3, 4
print(str(e))
e.start, e.end = 0, 4
print(str(e))
e = UnicodeTranslateError("\xe9x", 0, 1, "no")
print(e.encoding, e.object, str(e))
e = UnicodeTranslateError("\xe9x", 0, 2, "no")
print(str(e))
show("enc args", lambda: UnicodeEncodeError("a"))
show("enc type", lambda: UnicodeEncodeError(1, "a", 1, 2, "r"))
show("enc index", lambda: UnicodeEncodeError("a", "a", "x", 2, "r"))
show("dec bytes", lambda: UnicodeDecodeError("a", 1, 1, 2, "r"))
show("tr args", lambda: UnicodeTranslateError("a", 1, 2, "r", 5))
print(repr(UnicodeError("plain")), str(UnicodeError()))
try:
    b"\xff".decode("utf-8")
except UnicodeDecodeError as err:
    print(err)
try:
    "\xe9".encode("ascii")
except UnicodeEncodeError as err:
    print(err)
