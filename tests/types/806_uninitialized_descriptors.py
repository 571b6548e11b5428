# classmethod, staticmethod and property have a __new__ of their own (CPython's
# PyType_GenericNew): an instance made by __new__ alone has no callable yet, and every
# operation on it reports that instead of crashing; object.__new__ refuses them.
import gc

def attempt(label, thunk):
    try:
        result = thunk()
        print(label, 'ok', result if isinstance(result, (str, bool, type(None))) else type(result).__name__)
    except Exception as e:
        print(label, type(e).__name__, e)

for T in (classmethod, staticmethod, property):
    print(T.__name__, '__new__' in vars(T), T.__new__.__qualname__, T.__new__.__self__ is T)
    o = T.__new__(T, 1, 2, x=3)
    attempt('repr', lambda: repr(o).split(' at ')[0])
    attempt('get', lambda: o.__get__(1, int))
    attempt('func', lambda: getattr(o, '__func__', 'n/a'))
    attempt('wrapped', lambda: getattr(o, '__wrapped__', 'n/a'))
    attempt('abstract', lambda: o.__isabstractmethod__)
    attempt('fget', lambda: getattr(o, 'fget', 'n/a'))
    attempt('set', lambda: o.__set__(1, 2) if T is property else 'n/a')
    attempt('getter', lambda: o.getter(len).fget.__name__ if T is property else 'n/a')
    attempt('dict', lambda: getattr(o, '__dict__', 'n/a'))
    attempt('init', lambda: (o.__init__(len), repr(o).split(' at ')[0])[1])
    del o
    gc.collect()
attempt('object.__new__', lambda: object.__new__(classmethod))
attempt('object.__new__ property', lambda: object.__new__(property))

class Sub(property):
    pass
p = Sub(lambda self: 42)
class A:
    x = p
print(A().x, type(p).__name__)

# __init__ again (or after __dict__ was read) updates the same __dict__.
def f():
    'doc f'
def g():
    'doc g'
c = classmethod(f)
d = c.__dict__
c.__init__(g)
print(d is c.__dict__, c.__doc__, c.__func__.__name__, sorted(c.__dict__))
