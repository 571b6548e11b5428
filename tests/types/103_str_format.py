# str.format, format_map, format() of str, and the _string helpers string.Formatter uses.
import _string
import string

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __format__(self, spec):
        return 'Point(%s)' % spec
    def __repr__(self):
        return 'P(%r, %r)' % (self.x, self.y)

class Missing(dict):
    def __missing__(self, key):
        return '<' + key + '>'

def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, '->', type(e).__name__, e)
    else:
        print(label, '->', repr(r))

for s in ['a{{b', 'a}}b', '{}', '{0!r:>5}', 'x{a.b[c]}y', '{:{}}', '{!s}', 'abc', '', '{0[}', '{0[:]}']:
    try: print(repr(s), list(_string.formatter_parser(s)))
    except Exception as e: print(repr(s), type(e).__name__, e)
for s in ['0.a[1][x].b', 'abc', '', '12', '[0]', 'a[]', 'a.', 'a[0]x', '0[', 'a..b', '.a', '99999999999999999999999', 'a[99999999999999999999]']:
    try:
        f, it = _string.formatter_field_name_split(s)
        print(repr(s), repr(f), list(it))
    except Exception as e: print(repr(s), type(e).__name__, e)
tests = ["'{'.format()", "'}'.format()", "'{0'.format()", "'{0!'.format()", "'{0!x}'.format(1)", "'{0!rr}'.format(1)",
 "'{0!}'.format(1)", "'{a{}}'.format()", "'{}{1}'.format(1,2)", "'{1}{}'.format(1,2)", "'{2}'.format(1)", "'{}'.format()",
 "'{a}'.format()", "'{0.}'.format(1)", "'{0[}'.format([1])", "'{0]}'.format([1])", "'{0[0]x}'.format([1])",
 "'{:{:{}}}'.format(1,2,3)", "'{:{}}'.format('a', 5)", "'{0:{1}}'.format('a', 5)", "'{!r:^9}'.format('a')",
 "'{0.real}{0.imag}'.format(3)", "'{[0]}'.format([5])", "'{0[a]}'.format({'a':1})", "'{0[0]}'.format({0:1})", "'{0[-1]}'.format({'-1':1})",
 "'{x}'.format_map({'x': 1})", "'{}'.format_map({})", "'{0}'.format_map({})", "'{0!\\x01}'.format(1)", "'{:d}'.format('a')",
 "'{0:x<5}|{0:^5}|{0:>5}'.format('ab')", "'{:.2}'.format('abcd')", "'{:=5}'.format('a')", "'{:+}'.format('a')", "'{0:s}'.format(5)",
 "'{0:%}'.format('a')", "format('abc', '10')", "format('abc', '*^10.2s')", "'{:,}'.format('a')", "'{:05}'.format('a')", "'{a.b}'.format(a=1)",
 "'{0[1]}'.format('ab')", "'{0[1}'.format('ab')", "'{0{1}}'.format(1)", "'{:}}'.format(1)", "'}}{{'.format()", "'{{}}'.format()", "'{ 0}'.format(1)",
 "'{0 }'.format(1)", "'{-1}'.format(1)", "'{ }'.format(1)", "'{0:}'.format(1)", "'{!a}'.format('é')",
]
for t in tests:
    try: print(t, '->', repr(eval(t)))
    except Exception as e: print(t, '->', type(e).__name__, e)
p = Point(1, 2)
show('attr', lambda: '{0.x},{0.y}'.format(p))
show('kw attr', lambda: '{p.x}|{p!r}|{p:spec}|{p!s:>12}'.format(p=p))
show('index', lambda: '{0[1]}{0[0]}'.format('ab'))
show('dict key', lambda: '{d[key]} {d[1]}'.format(d={'key': 'v', 1: 'one'}))
show('nested spec', lambda: '{:{fill}{align}{width}}'.format('x', fill='*', align='^', width=7))
show('nested auto', lambda: '{:{}}|{:{}}'.format('a', 3, 'b', 4))
show('numbers', lambda: '{:5d}|{:<5}|{:^7.2f}|{:+}|{:x}|{:#o}|{:,}|{:_b}'.format(42, 7, 3.14159, 5, 255, 8, 1234567, 10))
show('percent', lambda: '{:.1%}'.format(0.256))
show('repeat', lambda: '{0}{0}{1}{0}'.format('a', 'b'))
show('format_map', lambda: '{a} {b}'.format_map({'a': 1, 'b': 2}))
show('format_map missing', lambda: '{a} {zz}'.format_map(Missing(a=1)))
show('format_map non-mapping', lambda: '{a}'.format_map(1))
show('format kw and pos', lambda: '{0} {name} {1}'.format('x', 'y', name='n'))
show('unicode text', lambda: '\u20ac{}\U0001f600{:\u00b7^5}'.format('\xe9', 'x'))
show('format str spec', lambda: format('\u20acb', '\xe9>5'))
show('format str precision', lambda: format('\U0001f600\U0001f601abc', '.2'))
show('dunder format', lambda: 'abc'.__format__('>6'))
show('dunder format empty', lambda: 'abc'.__format__(''))
show('dunder format bad', lambda: 'abc'.__format__(1))
show('format bad arg', lambda: format('a', 1))
show('format sign', lambda: format('a', ' '))
show('format alt', lambda: format('a', '#'))
show('format z', lambda: format('a', 'z'))
show('format underscore', lambda: format('a', '_'))
show('format huge width', lambda: format('a', '99999999999999999999'))
show('int format', lambda: format(1234, ','))
show('format obj', lambda: '{}'.format(p))
show('format None', lambda: '{!r:>6}'.format(None))
show('f-string', lambda: f'{p.x!r:>4}|{3.5:08.3f}|{"q"!a}')

f = string.Formatter()
show('Formatter', lambda: f.format('{0}-{x}-{1:>3}', 'a', 'b', x='X'))
show('Formatter parse', lambda: list(f.parse('a{0!r:>3}b{{c')))
show('Formatter vformat', lambda: f.vformat('{a.x}', (), {'a': p}))
show('Formatter auto', lambda: f.format('{}{}', 1, 2))
show('Formatter switch', lambda: f.format('{}{0}', 1, 2))
show('template', lambda: string.Template('$who likes ${what}').substitute(who='tim', what='kung pao'))
show('capwords', lambda: string.capwords(' hello   world '))
show('fieldnameiter type', lambda: type(_string.formatter_field_name_split('a.b')[1]).__name__)
show('parser type', lambda: type(_string.formatter_parser('a')).__name__)
it = _string.formatter_parser('a{')
show('parser lazy first', lambda: next(it))
