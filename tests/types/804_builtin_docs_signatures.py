# __doc__ and __text_signature__ of built-in functions and methods as CPython's: methods
# CPython writes without Argument Clinic have no text signature, Clinic ones show theirs
# (<unrepresentable>, sys.maxsize and wrapped lines included), full docstrings; and the
# help() text pydoc renders for several built-in types.
import builtins
import inspect
import pydoc

def show(label, obj):
    print(label, repr(getattr(obj, '__text_signature__', 'NA')))
    print('   ', repr(obj.__doc__))

for name in ['anext', 'input', 'sorted', 'pow', 'print', 'round', 'compile', '__import__', 'getattr',
             'iter', 'max', 'min', 'sum', 'globals', 'isinstance', 'issubclass']:
    show(name, getattr(builtins, name))
for owner, names in [(set, ['add', 'union', 'difference_update', '__contains__', '__reduce__']),
                     (frozenset, ['union', 'isdisjoint']),
                     (dict, ['pop', 'keys', '__getitem__', '__class_getitem__']),
                     (bytes, ['center', 'hex', 'translate', 'isalnum', 'count', 'find']),
                     (bytearray, ['ljust', 'hex', 'append']),
                     (str, ['split', 'find', 'count', 'strip', 'translate', 'zfill']),
                     (int, ['__round__', '__format__', 'conjugate', '__divmod__', '__rdivmod__']),
                     (list, ['index']), (tuple, ['index']), (range, ['count', '__reversed__']),
                     (memoryview, ['cast', 'hex', 'tolist', 'nbytes', 'format']),
                     (slice, ['indices']), (BaseException, ['with_traceback', 'add_note']),
                     (property, ['getter']), (zip, ['__reduce__', '__setstate__'])]:
    for name in names:
        show(owner.__name__ + '.' + name, vars(owner)[name])
print(int.__new__.__text_signature__, property.__doc__.splitlines()[0], object.__class__.__doc__)
print(staticmethod.__doc__.splitlines()[-1], classmethod.__doc__.splitlines()[-1])
print([n for n in vars(classmethod) if n.startswith('__get') or n.startswith('__set')])
for f in [sorted, pow, round, dict.pop, list.index, bytes.center]:
    try:
        print(f.__qualname__, inspect.signature(f))
    except ValueError as e:
        print(f.__qualname__, 'ValueError', e)
for t in [int, dict, set, frozenset, float, range, complex, bool, enumerate, zip, map, filter, reversed, super]:
    print(pydoc.plain(pydoc.render_doc(t)))
