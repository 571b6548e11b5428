# Every built-in exception type: raise, catch by itself and by each base, and the shape of
# the hierarchy (bases, MRO, builtins aliases).
import builtins

names = sorted(n for n in dir(builtins)
               if isinstance(getattr(builtins, n), type) and issubclass(getattr(builtins, n), BaseException))
print(len(names))
for name in names:
    cls = getattr(builtins, name)
    print(name, [b.__name__ for b in cls.__bases__], [c.__name__ for c in cls.__mro__])

for name in names:
    cls = getattr(builtins, name)
    if cls in (BaseExceptionGroup, ExceptionGroup):
        continue
    if issubclass(cls, UnicodeError) and cls is not UnicodeError:
        continue
    for base in cls.__mro__[:-1]:
        try:
            raise cls("message")
        except base as e:
            assert type(e) is cls, (cls, type(e))
    try:
        raise cls
    except BaseException as e:
        print(name, type(e).__name__, e.args)

print(EnvironmentError is OSError, IOError is OSError)
print(issubclass(ExceptionGroup, Exception), issubclass(ExceptionGroup, BaseExceptionGroup))
print(issubclass(BaseExceptionGroup, Exception))
print(ExceptionGroup.__module__, BaseException.__module__, ValueError.__qualname__)

# except with a tuple, nested try, finally, re-raise
def f(x):
    try:
        if x == 0:
            raise KeyError(x)
        elif x == 1:
            raise IndexError(x)
        return "ok"
    except (KeyError, IndexError) as e:
        return "caught " + type(e).__name__
    finally:
        print("finally", x)

print(f(0), f(1), f(2))

try:
    try:
        raise ValueError("inner")
    except ValueError:
        raise
except ValueError as e:
    print("re-raised", e)

# the name is unbound after the except block
try:
    raise TypeError
except TypeError as err:
    pass
try:
    err
except NameError as e:
    print(e)

# catching non-exceptions is an error
try:
    try:
        raise ValueError
    except 42:
        pass
except TypeError as e:
    print(e)
try:
    raise 42
except TypeError as e:
    print(e)
class NotAnException:
    pass
try:
    raise NotAnException
except TypeError as e:
    print(e)

# raising a class instantiates it
try:
    raise ZeroDivisionError
except ZeroDivisionError as e:
    print(repr(e))
try:
    1 / 0
except ArithmeticError as e:
    print(type(e).__name__, e)
try:
    {}["missing"]
except LookupError as e:
    print(type(e).__name__, e)
try:
    [][1]
except LookupError as e:
    print(type(e).__name__, e)
