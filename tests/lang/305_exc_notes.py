# add_note() and __notes__ (3.11: a list in the instance __dict__).
e = ValueError("v")
print(hasattr(e, "__notes__"), e.__dict__)
e.add_note("first")
e.add_note("second\nline")
print(e.__notes__, e.__dict__)
try:
    e.add_note(1)
except TypeError as err:
    print(err)
try:
    e.add_note()
except TypeError as err:
    print(err)
e.__notes__ = ("tuple",)
try:
    e.add_note("x")
except TypeError as err:
    print(err)
del e.__notes__
e.add_note("again")
print(e.__notes__)

class S(str):
    pass
e.add_note(S("sub"))
print(e.__notes__, type(e.__notes__[-1]).__name__)

try:
    try:
        raise KeyError("k")
    except KeyError as k:
        k.add_note("added while handling")
        raise
except KeyError as k:
    print(k.__notes__)

# notes survive split()
eg = ExceptionGroup("eg", [ValueError(1), TypeError(2)])
eg.add_note("group note")
match, rest = eg.split(ValueError)
print(match.__notes__, rest.__notes__, match.__notes__ is not eg.__notes__)
