# The exceptions str methods raise for bad arguments: types, values, argument counts.

def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, '->', type(e).__name__, e)
    else:
        print(label, '->', repr(r))

class Idx:
    def __index__(self):
        return 2

cases = [
    ("find int", lambda: 'a'.find(1)),
    ("find bad start", lambda: 'a'.find('a', 'x')),
    ("find bad end", lambda: 'a'.find('a', 0, 1.5)),
    ("find index start", lambda: 'abcabc'.find('a', Idx())),
    ("find huge start", lambda: 'abc'.find('a', 10**30)),
    ("find huge neg", lambda: 'abc'.find('a', -10**30)),
    ("find no args", lambda: 'a'.find()),
    ("find too many", lambda: 'a'.find('a', 1, 2, 3)),
    ("find kw", lambda: 'a'.find(sub='a')),
    ("count int", lambda: 'a'.count(1)),
    ("index int", lambda: 'a'.index(None)),
    ("rindex missing", lambda: 'a'.rindex('b')),
    ("startswith int", lambda: 'a'.startswith(1)),
    ("startswith tuple int", lambda: 'a'.startswith(('b', 1))),
    ("endswith list", lambda: 'a'.endswith(['a'])),
    ("split int", lambda: 'a'.split(1)),
    ("split empty", lambda: 'a'.split('')),
    ("rsplit empty", lambda: 'a'.rsplit('')),
    ("split maxsplit str", lambda: 'a'.split(' ', 'x')),
    ("split bad kw", lambda: 'a'.split(x=1)),
    ("split too many", lambda: 'a'.split(' ', 1, 2)),
    ("split dup", lambda: 'a'.split(' ', sep=' ')),
    ("splitlines str", lambda: 'a'.splitlines('x')),
    ("join int", lambda: ''.join(1)),
    ("join items", lambda: ''.join(['a', 1])),
    ("join bytes", lambda: ''.join([b'a'])),
    ("join none", lambda: ','.join(None)),
    ("replace int", lambda: 'a'.replace(1, 'b')),
    ("replace int2", lambda: 'a'.replace('a', 2)),
    ("replace count str", lambda: 'a'.replace('a', 'b', 'c')),
    ("replace kw", lambda: 'a'.replace('a', 'b', count=1)),
    ("replace one arg", lambda: 'a'.replace('a')),
    ("strip int", lambda: 'a'.strip(1)),
    ("lstrip int", lambda: 'a'.lstrip(1)),
    ("rstrip list", lambda: 'a'.rstrip([])),
    ("center str", lambda: 'a'.center('x')),
    ("center fill long", lambda: 'a'.center(5, 'ab')),
    ("center fill empty", lambda: 'a'.center(5, '')),
    ("center fill int", lambda: 'a'.center(5, 1)),
    ("ljust no args", lambda: 'a'.ljust()),
    ("rjust float", lambda: 'a'.rjust(2.0)),
    ("zfill str", lambda: 'a'.zfill('5')),
    ("zfill huge", lambda: 'a'.zfill(10**30)),
    ("expandtabs str", lambda: 'a'.expandtabs('x')),
    ("partition int", lambda: 'a'.partition(1)),
    ("partition empty", lambda: 'a'.partition('')),
    ("rpartition empty", lambda: 'a'.rpartition('')),
    ("removeprefix int", lambda: 'a'.removeprefix(1)),
    ("removesuffix none", lambda: 'a'.removesuffix(None)),
    ("translate int", lambda: 'a'.translate(1)),
    ("translate bad value", lambda: 'a'.translate({97: 1.5})),
    ("translate big", lambda: 'a'.translate({97: 0x110000})),
    ("translate neg", lambda: 'a'.translate({97: -1})),
    ("maketrans one", lambda: str.maketrans('a')),
    ("maketrans lens", lambda: str.maketrans('ab', 'c')),
    ("maketrans key len", lambda: str.maketrans({'ab': 1})),
    ("maketrans key type", lambda: str.maketrans({1.5: 1})),
    ("maketrans arg2", lambda: str.maketrans('a', 1)),
    ("maketrans arg3", lambda: str.maketrans('a', 'b', 1)),
    ("maketrans arg1", lambda: str.maketrans(1, 'b')),
    ("maketrans none", lambda: str.maketrans()),
    ("encode int", lambda: 'a'.encode(1)),
    ("encode errors int", lambda: 'a'.encode('utf-8', 1)),
    ("encode bad kw", lambda: 'a'.encode(foo='x')),
    ("lower arg", lambda: 'a'.lower(1)),
    ("isalpha arg", lambda: 'a'.isalpha(1)),
    ("format_map none", lambda: 'a'.format_map()),
    ("getitem str", lambda: 'abc'[str('x')]),
    ("getitem range", lambda: 'abc'[5]),
    ("getitem float", lambda: 'abc'[float(1)]),
    ("in int", lambda: 1 in 'abc'),
    ("add int", lambda: 'a' + 1),
    ("radd", lambda: 1 + 'a'),
    ("mul str", lambda: 'a' * 'b'),
    ("mul float", lambda: 'a' * 1.5),
    ("lt int", lambda: 'a' < 1),
    ("str bad kw", lambda: str(x=1)),
    ("str too many", lambda: str(1, 2, 3, 4)),
    ("str decode str", lambda: str('a', 'utf-8')),
    ("str decode int", lambda: str(1, 'utf-8')),
    ("str encoding int", lambda: str(b'a', 1)),
    ("str errors int", lambda: str(b'a', 'utf-8', 1)),
    ("str unknown codec", lambda: str(b'a', 'nope')),
    ("str not text codec", lambda: str(b'a', 'hex')),
    ("str bad utf8", lambda: str(b'\xff', 'utf-8')),
    ("iter setstate str", lambda: iter('a').__setstate__('x')),
    ("setattr", lambda: setattr('a', 'x', 1)),
    ("no attr", lambda: 'a'.nope),
    ("str subclass", lambda: type(str.__new__(type('S', (str,), {}), 'x')).__name__),
]
for label, f in cases:
    show(label, f)

class S(str):
    pass
s = S('Hello')
for name in ['upper', 'lower', 'strip', 'title', 'zfill', 'center', '__str__', '__getnewargs__']:
    if name in ('zfill', 'center'):
        r = getattr(s, name)(3)
    else:
        r = getattr(s, name)()
    print(name, type(r).__name__ if not isinstance(r, tuple) else [type(x).__name__ for x in r], r)
print(type(s + '').__name__, type(s * 1).__name__, type(s[:]).__name__, type(str(s)).__name__)
print(S('x') == 'x', hash(S('x')) == hash('x'), repr(S('a\n')), s.__sizeof__())
print(type(''.join([s])).__name__, type(s.replace('x', 'y')).__name__, type('%s' % s).__name__)
