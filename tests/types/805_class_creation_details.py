# Class creation details as CPython's: nonempty __slots__ under int/tuple/bytes/type
# subclasses is refused before the names are looked at, the __weakref__ slot message, and
# the repr of a class whose __module__ is missing, not a str or 'builtins' (its __name__).
def attempt(label, source):
    namespace = {}
    try:
        exec(source, namespace)
        print(label, 'ok', {k: v for k, v in namespace.items() if k != '__builtins__'})
    except Exception as e:
        print(label, type(e).__name__, e)

for base in ('int', 'tuple', 'bytes', 'type', 'object', 'list'):  # str: krait refuses named slots (NOTES)
    for slots in ("('__dict__',)", "('__weakref__',)", "('x',)", "(1,)", "()", "[]"):
        attempt(base + ' ' + slots, 'class A(%s):\n    __slots__ = %s\nr = sorted(vars(A))' % (base, slots))
attempt('weakref twice', "class A:\n    __slots__ = ['__weakref__', '__weakref__']")
attempt('weakref again', "class A:\n    __slots__ = ['__weakref__']\nclass B(A):\n    __slots__ = ['__weakref__']")
attempt('dict twice', "class A:\n    __slots__ = ['__dict__', '__dict__']")

def local_class():
    class Inner:
        def get(self):
            return __class__
    return Inner
namespace = {}
exec(compile('def f():\n    class A:\n        pass\n    return A\nr = f()', 'm', 'exec'), namespace)
print(repr(namespace['r']), namespace['r'].__module__, namespace['r'].__qualname__)
Q = local_class()
print(repr(Q), repr(Q().get()))
for module in (None, 5, 'builtins', 'pkg.mod'):
    Q.__module__ = module
    print(repr(Q))
Q.__qualname__ = 'Other.Name'
print(repr(Q))
