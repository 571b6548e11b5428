# BaseExceptionGroup / ExceptionGroup: construction checks, attributes, derive, split,
# subgroup, and what the parts inherit from the original group.
def show(label, f):
    try:
        r = f()
        print(label, type(r).__name__, repr(r))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

show("beg exc", lambda: BaseExceptionGroup("m", [ValueError(1)]))
show("beg base", lambda: BaseExceptionGroup("m", [ValueError(1), KeyboardInterrupt()]))
show("eg base", lambda: ExceptionGroup("m", [KeyboardInterrupt()]))
show("eg tuple", lambda: ExceptionGroup("m", (ValueError(1),)).exceptions)
show("one arg", lambda: BaseExceptionGroup("m"))
show("three args", lambda: BaseExceptionGroup("m", [ValueError()], 3))
show("msg type", lambda: BaseExceptionGroup(1, [ValueError()]))
show("not seq", lambda: BaseExceptionGroup("m", 1))
show("set", lambda: BaseExceptionGroup("m", {ValueError()}))
show("empty", lambda: BaseExceptionGroup("m", []))
show("item", lambda: BaseExceptionGroup("m", [ValueError(), 2]))
show("class item", lambda: BaseExceptionGroup("m", [ValueError]))
show("kw", lambda: BaseExceptionGroup("m", [ValueError()], x=1))
show("eg kw", lambda: ExceptionGroup("m", [ValueError()], x=1))

eg = ExceptionGroup("msg", [ValueError(1), TypeError(2), ExceptionGroup("nested", [ValueError(3), KeyError(4)])])
print(eg.message, eg.exceptions, eg.args)
print(str(eg), repr(eg))
print(str(ExceptionGroup("one", [ValueError()])))
try:
    eg.message = "x"
except AttributeError as e:
    print(e)
try:
    eg.exceptions = ()
except AttributeError as e:
    print(e)

def tree(e, indent=0):
    if e is None:
        print(" " * indent + "None")
    elif isinstance(e, BaseExceptionGroup):
        print(" " * indent + f"{type(e).__name__}({e.message!r})")
        for sub in e.exceptions:
            tree(sub, indent + 2)
    else:
        print(" " * indent + repr(e))

for matcher in (ValueError, (KeyError, TypeError), Exception, OSError,
                lambda e: isinstance(e, ValueError) and e.args[0] > 1,
                lambda e: isinstance(e, ExceptionGroup) and e.message == "nested"):
    match, rest = eg.split(matcher)
    tree(match)
    tree(rest)
    tree(eg.subgroup(matcher))
    print("--")
print(eg.split(Exception)[0] is eg, eg.subgroup(BaseException) is eg)
for bad in (1, "x", (ValueError, 1), [ValueError]):
    show("bad matcher", lambda: eg.split(bad))
    show("bad matcher", lambda: eg.subgroup(bad))

# derive() decides the type of the parts; metadata is copied onto them
class MyGroup(ExceptionGroup):
    def derive(self, excs):
        return MyGroup(self.message.upper(), excs)
g = MyGroup("mine", [ValueError(1), TypeError(2)])
try:
    raise g from KeyError("cause")
except MyGroup as caught:
    g = caught
g.__context__ = IndexError("context")
g.add_note("a note")
match, rest = g.split(ValueError)
for part in (match, rest):
    print(type(part).__name__, part.message, part.exceptions, type(part.__cause__).__name__,
          type(part.__context__).__name__, part.__traceback__ is g.__traceback__,
          part.__notes__, part.__suppress_context__)
print(g.derive([KeyError()]).__class__.__name__)
print(type(ExceptionGroup("x", [ValueError()]).derive([KeyboardInterrupt()])).__name__)

class BadDerive(ExceptionGroup):
    def derive(self, excs):
        return 5
show("bad derive", lambda: BadDerive("b", [ValueError(), TypeError()]).split(ValueError))

class MyBaseGroup(BaseExceptionGroup):
    pass
show("subclass base", lambda: MyBaseGroup("m", [KeyboardInterrupt()]))
show("subclass exc", lambda: MyBaseGroup("m", [ValueError()]))
class MyExcGroup(Exception, BaseExceptionGroup):
    pass
show("exception subclass", lambda: MyExcGroup("m", [KeyboardInterrupt()]))
show("exception subclass ok", lambda: MyExcGroup("m", [ValueError()]))
print(ExceptionGroup[int], BaseExceptionGroup[ValueError])

# a group is an ordinary exception
try:
    raise ExceptionGroup("raised", [ValueError(1)])
except Exception as e:
    print(type(e).__name__, e)
