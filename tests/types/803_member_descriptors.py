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
        except (AttributeError, TypeError) as e:
            print(action, name, type(e).__name__, e)

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

# More members CPython declares: code, generator/coroutine/async generator, traceback,
# GenericAlias and Union, the descriptors' own __name__/__objclass__, and writable ones.
import sys, types
def gen():
    yield
async def coro():
    pass
async def agen():
    yield
for owner, names in [(types.CodeType, ['co_argcount', 'co_name', 'co_filename', 'co_consts', 'co_flags']),
                     (types.GeneratorType, ['gi_code']), (types.CoroutineType, ['cr_code', 'cr_origin']),
                     (types.AsyncGeneratorType, ['ag_code', 'ag_running']), (types.TracebackType, ['tb_lineno']),
                     (types.GenericAlias, ['__origin__', '__args__', '__unpacked__']), (types.UnionType, ['__args__']),
                     (types.MethodDescriptorType, ['__name__', '__objclass__']),
                     (types.GetSetDescriptorType, ['__name__', '__objclass__']),
                     (types.MemberDescriptorType, ['__name__', '__objclass__']),
                     (types.WrapperDescriptorType, ['__name__', '__objclass__']),
                     (types.MethodWrapperType, ['__self__']), (types.BuiltinFunctionType, ['__module__']),
                     (types.FrameType, ['f_trace_lines', 'f_trace_opcodes']),
                     (type(show_kind), ['__doc__', '__module__']), (property, ['__doc__'])]:
    for name in names:
        show_kind(owner, name)
try_write(show_kind.__code__, 'co_name')
try_write(gen(), 'gi_code')
try:
    1 / 0
except ZeroDivisionError as e:
    try_write(e.__traceback__, 'tb_lineno')
    print(e.__traceback__.tb_lineno > 0)
try_write(list[int], '__origin__')
try_write(str.join, '__name__')
try_write((1).__add__, '__self__')
c = coro()
print(c.cr_code.co_name, c.cr_origin)
c.close()
ag = agen()
print(ag.ag_running, ag.ag_code.co_name, list[int].__args__, (int | str).__args__, str.join.__objclass__)
show_kind.__doc__ = 'doc'
show_kind.__module__ = 'mod'
print(show_kind.__doc__, show_kind.__module__)
del show_kind.__doc__
print(show_kind.__doc__)
p = property(doc='first')
p.__doc__ = 'second'
print(p.__doc__)
frame = sys._getframe()
frame.f_trace_opcodes = True
print(frame.f_trace_lines, frame.f_trace_opcodes)
frame.f_trace_opcodes = False
len.__module__ = 'elsewhere'
print(len.__module__)
len.__module__ = 'builtins'
