# str beyond ASCII: full case mappings, final sigma, title case, Unicode predicates,
# whitespace and line breaks, wide kinds in search/split/replace, encode/decode with every
# standard error handler.

def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, '->', type(e).__name__, e)
    else:
        print(label, '->', ascii(r))

# case mappings
show('upper sharp s', lambda: 'stra\xdfe'.upper())
show('upper ligature', lambda: '\ufb01x'.upper())
show('upper ypogegrammeni', lambda: '\u1f80'.upper())
show('upper y diaeresis', lambda: '\xff'.upper())
show('upper micro', lambda: '\xb5'.upper())
show('lower dotted I', lambda: '\u0130'.lower())
show('lower sigma final', lambda: '\u039f\u0394\u039f\u03a3'.lower())
show('lower sigma mid', lambda: '\u03a3\u0391\u03a3\u0391'.lower())
show('lower sigma alone', lambda: '\u03a3'.lower())
show('lower sigma word', lambda: 'A\u03a3 B\u03a3.C'.lower())
show('lower sigma ignorable', lambda: 'A\u03a3\u0301'.lower())
show('lower sigma ignorable before', lambda: 'A\u0301\u03a3 x'.lower())
show('casefold', lambda: 'Stra\xdfe \u03a3 \ufb03 \u1e9e'.casefold())
show('swapcase', lambda: 'a\xdf\u03a3\u01c5X'.swapcase())
show('swapcase sigma', lambda: 'a\u03a3'.swapcase())
show('capitalize', lambda: '\u01c6abc DEF'.capitalize())
show('capitalize sharp', lambda: '\xdfX'.capitalize())
show('capitalize ligature', lambda: '\ufb01nnish'.capitalize())
show('title', lambda: '\u01c6a b\xe9c \xdfx \u03a3\u03a3 1a'.title())
show('title apostrophe', lambda: "they're bill's friends".title())
show('title wide', lambda: '\U00010428\U00010429 x'.title())
show('upper wide', lambda: '\U00010428 abc'.upper())
show('lower wide', lambda: '\U00010400 ABC'.lower())
show('lower latin1', lambda: '\xc0\xc9\xdd'.lower())
show('upper latin1', lambda: '\xe0\xe9\xfd'.upper())

# predicates
for t in ['\xe9', '\u0660\u0661', '\xb2', '\u2155', '\u00bd', '\u2167', '\u01c5', '\u01c5a', 'A\u01c5',
          '\u3000', '\u2028', '\x85', '\xa0', '\u200b', '\ufeff', '\U0001d7d8', '\u0345', '\u02b0',
          '\u0394\u03b1', 'Ab\u0301', '\U00010400', '\ud800', '\u00aa', '\u2160\u2161']:
    print(ascii(t), t.isalpha(), t.isalnum(), t.isdigit(), t.isdecimal(), t.isnumeric(),
          t.isspace(), t.islower(), t.isupper(), t.istitle(), t.isprintable(), t.isascii())
for t in ['\xe9t\xe9', '_\u00b7', '\u00b7x', '\u2118', '\u212e', 'a\u0300', '\u0300a', '\U0001d49c', '\u3005',
          'a\u200c', '\u1885', 'x\u2e2f']:
    print(ascii(t), t.isidentifier())

# wide kinds in search and slicing
w = 'a\u20acb\u20acc\U0001f600d\U0001f600'
show('find wide', lambda: w.find('\U0001f600'))
show('find wide narrow needle', lambda: w.find('c'))
show('rfind wide', lambda: w.rfind('\u20ac'))
show('count wide', lambda: w.count('\U0001f600'))
show('find too wide', lambda: 'abc'.find('\u20ac'))
show('find latin1 in ucs2', lambda: '\u20ac\xe9x'.find('\xe9x'))
show('split wide', lambda: w.split('\u20ac'))
show('rsplit wide', lambda: w.rsplit('\U0001f600', 1))
show('replace wide', lambda: w.replace('\U0001f600', '!'))
show('replace wide count', lambda: w.replace('\u20ac', '\U0001f601', 1))
show('partition wide', lambda: w.partition('\U0001f600'))
show('strip wide', lambda: '\U0001f600x\U0001f600'.strip('\U0001f600'))
show('join wide', lambda: '\U0001f600'.join('abc'))
show('center wide', lambda: '\u20ac'.center(5, '\xe9'))
show('slice wide', lambda: w[1:6])
show('slice narrow', lambda: w[4:6])
show('slice step wide', lambda: w[::2])
show('getitem wide', lambda: w[7])
show('startswith wide', lambda: w.startswith('a\u20ac'))
show('endswith wide', lambda: w.endswith('d\U0001f600'))
show('in wide', lambda: '\u20acc' in w)
show('cmp wide', lambda: ['\U0001f600' > '\uffff', '\u20ac' > '\xff', 'a\u20ac' < 'a\U0001f600'])
show('long wide find', lambda: ('\u20ac' * 1000 + '\u20acx' * 3 + 'y').find('\u20acx' * 3 + 'y'))
show('long wide rfind', lambda: ('\U0001f600' * 100 + 'q' + '\U0001f600' * 100).rfind('\U0001f600' * 40))
show('long wide count', lambda: ('\u20acab' * 300).count('\u20acab' * 7))

# encode
show('encode utf8', lambda: 'h\xe9\u20ac\U0001f600'.encode())
show('encode latin1', lambda: 'h\xe9'.encode('latin-1'))
show('encode ascii err', lambda: 'h\xe9llo'.encode('ascii'))
show('encode ascii run', lambda: 'a\xe9\xe9b'.encode('ascii'))
show('encode ascii ignore', lambda: 'a\xe9b'.encode('ascii', 'ignore'))
show('encode ascii replace', lambda: 'a\xe9\u20acb'.encode('ascii', 'replace'))
show('encode ascii xml', lambda: 'a\xe9\u20ac\U0001f600'.encode('ascii', 'xmlcharrefreplace'))
show('encode ascii backslash', lambda: 'a\xe9\u20ac\U0001f600'.encode('ascii', 'backslashreplace'))
show('encode ascii namereplace', lambda: 'a\xe9\u20ac\U0001f600\udc80'.encode('ascii', 'namereplace'))
show('encode latin1 err', lambda: 'a\u20acb'.encode('latin-1'))
show('encode latin1 replace', lambda: 'a\u20acb'.encode('latin1', 'replace'))
show('encode utf8 surrogate', lambda: 'a\ud800b'.encode('utf-8'))
show('encode utf8 surrogates run', lambda: 'a\ud800\udc00b'.encode('utf-8'))
show('encode utf8 surrogatepass', lambda: 'a\ud800b'.encode('utf-8', 'surrogatepass'))
show('encode utf8 surrogateescape', lambda: 'a\udce9b'.encode('utf-8', 'surrogateescape'))
show('encode utf8 surrogateescape bad', lambda: 'a\ud800b'.encode('utf-8', 'surrogateescape'))
show('encode ascii surrogateescape', lambda: 'a\udce9b'.encode('ascii', 'surrogateescape'))
show('encode utf8 replace', lambda: 'a\ud800b'.encode('utf-8', 'replace'))
show('encode utf8 ignore', lambda: 'a\ud800b'.encode('utf-8', 'ignore'))
show('encode utf8 backslash', lambda: 'a\ud800b'.encode('utf-8', 'backslashreplace'))
show('encode utf16', lambda: 'h\xe9'.encode('utf-16-le'))
show('encode cp1252', lambda: '\u20ac'.encode('cp1252'))
show('encode UTF_8 name', lambda: '\xe9'.encode('UTF_8'))
show('encode unknown', lambda: 'a'.encode('no-such-codec'))
show('encode not text', lambda: 'a'.encode('rot13'))
show('encode kw', lambda: 'a\xe9'.encode(encoding='ascii', errors='replace'))
show('encode bad errors only on error', lambda: 'abc'.encode('ascii', 'bogus'))
show('encode bad errors', lambda: 'ab\xe9'.encode('ascii', 'bogus'))
try:
    'a\xe9\xe9b'.encode('ascii')
except UnicodeEncodeError as e:
    print(e.encoding, ascii(e.object), e.start, e.end, e.reason)

# decode
show('decode utf8', lambda: b'h\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80'.decode())
show('decode invalid start', lambda: b'a\xffb'.decode())
show('decode invalid cont', lambda: b'a\xe2\x82xb'.decode())
show('decode truncated', lambda: b'a\xe2\x82'.decode())
show('decode overlong', lambda: b'\xc0\x80'.decode())
show('decode surrogate', lambda: b'\xed\xa0\x80'.decode())
show('decode too big', lambda: b'\xf4\x90\x80\x80'.decode())
show('decode replace', lambda: b'a\xe2\x82xb\xff\xf0\x9f'.decode('utf-8', 'replace'))
show('decode ignore', lambda: b'a\xe2\x82xb\xff'.decode('utf-8', 'ignore'))
show('decode backslash', lambda: b'a\xe2\x82xb\xff'.decode('utf-8', 'backslashreplace'))
show('decode surrogateescape', lambda: b'a\xe2\x82xb\xff'.decode('utf-8', 'surrogateescape'))
show('decode surrogatepass', lambda: b'a\xed\xa0\x80b'.decode('utf-8', 'surrogatepass'))
show('decode ascii', lambda: b'abc\xe9'.decode('ascii'))
show('decode ascii replace', lambda: b'abc\xe9\xff'.decode('ascii', 'replace'))
show('decode latin1', lambda: b'abc\xe9\xff'.decode('latin-1'))
show('decode utf16', lambda: b'h\x00\xe9\x00'.decode('utf-16-le'))
show('decode cp1252', lambda: b'\x80'.decode('cp1252'))
show('decode xmlcharref', lambda: b'a\xff'.decode('ascii', 'xmlcharrefreplace'))
show('decode unknown errors', lambda: b'a\xff'.decode('ascii', 'bogus'))
show('roundtrip escape', lambda: b'\xff\xfe abc \x80'.decode('utf-8', 'surrogateescape').encode('utf-8', 'surrogateescape'))
try:
    b'a\xe2\x82xb'.decode()
except UnicodeDecodeError as e:
    print(e.encoding, e.object, e.start, e.end, e.reason)

import codecs
def handler(e):
    return ('<%d:%d>' % (e.start, e.end), e.end)
codecs.register_error('test.angle', handler)
show('custom encode', lambda: 'a\xe9\u20acb'.encode('ascii', 'test.angle'))
show('custom decode', lambda: b'a\xe9\xffb'.decode('ascii', 'test.angle'))
show('custom utf8', lambda: b'a\xe2\x82xb'.decode('utf-8', 'test.angle'))
codecs.register_error('test.bytes', lambda e: (b'[%d]' % e.start, e.end))
show('custom bytes repl', lambda: 'a\xe9b'.encode('latin-1', 'test.bytes'))
show('custom bytes repl decode', lambda: b'a\xe9b'.decode('ascii', 'test.bytes'))
codecs.register_error('test.back', lambda e: ('?', e.start - 1 if e.start else e.end))
codecs.register_error('test.far', lambda e: ('?', 1000))
show('custom out of bounds', lambda: 'a\xe9b'.encode('ascii', 'test.far'))
codecs.register_error('test.neg', lambda e: ('?', -1))
show('custom negative', lambda: 'a\xe9b'.encode('ascii', 'test.neg'))
codecs.register_error('test.wide', lambda e: ('\xe9', e.end))
show('custom wide repl', lambda: 'a\u20acb'.encode('ascii', 'test.wide'))
show('custom wide repl latin1', lambda: 'a\u20acb'.encode('latin-1', 'test.wide'))
