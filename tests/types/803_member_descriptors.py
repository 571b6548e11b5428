# Attributes CPython declares as members of its built-in types are member_descriptors
# here too (krait computes some of them), and assigning or deleting a read-only one says
# "readonly attribute"; a built-in __new__ has CPython's text signature.
import inspect

class A:
    def m(self):
        pass

def show_kind(owner, name):
    print(owner.__name__, name, type(vars(owner)[name]).__name__)

for owner, names in [(type, ['__mro__', '__base__', '__basicsize__', '__itemsize__', '__flags__',
                             '__dictoffset__', '__weakrefoffset__', '__name__', '__bases__']),
                     (range, ['start', 'stop', 'step']), (super, ['__thisclass__', '__self__', '__self_class__']),
                     (staticmethod, ['__func__']), (classmethod, ['__func__']),
                     (type(A().m), ['__self__', '__func__']),
                     (type(show_kind), ['__globals__', '__builtins__', '__closure__', '__code__'])]:
    for name in names:
        show_kind(owner, name)

def try_write(obj, name):
    for action in ('set', 'del'):
        try:
            if action == 'set':
                setattr(obj, name, 1)
            else:
                delattr(obj, name)
            print(action, name, 'ok')
        except AttributeError as e:
            print(action, name, 'AttributeError', e)

for name in ['__mro__', '__base__', '__basicsize__', '__flags__', '__weakrefoffset__', '__name__']:
    try_write(A, name)
try_write(range(3), 'start')
try_write(super(int, 1), '__self__')
try_write(staticmethod(len), '__func__')
try_write(A().m, '__func__')
try_write(show_kind, '__builtins__')
print(range(2, 9, 3).start, range(2, 9, 3).stop, range(2, 9, 3).step, super(int, True).__self_class__)
print(A.__mro__, A.__base__, type.__dict__['__mro__'].__get__(A))
print(type.__dict__['__mro__'], type.__dict__['__mro__'].__objclass__, type.__dict__['__base__'].__doc__)
print(type(show_kind.__builtins__), show_kind.__builtins__ is __builtins__.__dict__)
print(int.__new__.__text_signature__, inspect.signature(list.__new__))
print(int.__new__.__doc__)
print([name for name in vars(range) if name in ('start', 'stop', 'step', 'count')])
