# bytes: construction, slots, every method, errors; results shown with repr.

class S(bytes):
    pass
class BA(bytearray):
    pass
class HB:
    def __bytes__(self):
        return b'hb'
class BadBytes:
    def __bytes__(self):
        return 'x'
class Idx:
    def __index__(self):
        return 3

tests = [
"b'a'.find('a')", "b'a'.find(256)", "b'a'.find(97)", "b'a'.split('a')", "b'a'.replace(1,2)", "b'a'.startswith('a')", "b''.join([1])", "b''.join(1)",
"b'a'.strip('a')", "b'a'.center(5, 'a')", "b'a'.center(5, b'ab')", "b'a'.translate(b'x')", "bytes.maketrans(b'a', b'bc')", "b'a'.partition(b'')",
"bytes.fromhex('a')", "bytes.fromhex('0g')", "bytes.fromhex(' 01  02 ')", "bytes.fromhex(b'01')", "b'abc'.hex(':', 2)", "b'abc'.hex(':', -2)", "b'abc'.hex('::')", "b'abc'.hex('\\xe9')", "b'abc'.hex(b':')", "b'abc'.hex(1)",
"bytes(-1)", "bytes('a')", "bytes(1, 'utf-8')", "bytes(b'a', 'utf-8')", "bytes('a', errors='strict')", "bytes(errors='x')", "bytes(encoding='x')", "bytes([256])", "bytes(['a'])", "bytes(1.5)", "bytes(HB())", "bytes(S(b'x'))", "type(S(b'x'))",
"bytearray(-1)", "bytearray('a')", "bytearray([256])", "bytearray(HB())", "bytearray(1.5)", "bytearray(b'a', 'utf-8')", "bytearray('é', 'latin-1')",
"b'a'[5]", "(lambda k: b'a'[k])('x')", "bytearray(b'a')[5]", "(lambda k: bytearray(b'a')[k])('x')", "'a' in b'a'", "256 in b'a'", "97 in b'a'", "b'a' + 'a'", "bytearray(b'a') + 'a'", "b'a' + bytearray(b'b')", "bytearray(b'a') + b'b'", "b'ab' * 3", "3 * bytearray(b'x')",
"repr(BA(b'x'))", "repr(S(b'x'))", "repr(b'\\'\"')", "repr(b'\\'')", "repr(bytearray(b'\\x00\\x7f\\x80\\xff\\t\\n\\r\\\\'))",
"bytearray(b'abc').pop(5)", "bytearray().pop()", "bytearray(b'a').remove(98)", "bytearray(b'a').remove(300)", "bytearray(b'a').append(300)", "bytearray(b'a').append('a')", "bytearray(b'a').insert(0, 'a')",
"bytearray(b'a').extend(1)", "bytearray(b'a').extend('ab')", "bytearray(b'a').extend([1, 'a'])", "hash(bytearray())", "b'a' < 'a'", "b'a' == 'a'", "bytearray(b'a') < 'a'", "bytearray(b'a') == b'a'", "b'a' == bytearray(b'a')", "bytearray(b'ab') < b'b'",
"b'abc'.decode('ascii', 1)", "b'abc'.decode(1)", "b'x'.count(b'x', 'a')", "b'a'.index(b'b')", "b'a'.rindex(98)",
"b'ab'.split(b'')", "b'a b'.split(None, 'a')", "b'a'.removeprefix('a')", "b'a'.ljust('a')", "b'a'.zfill(b'')", "b'a'.expandtabs('a')", "b'a'.splitlines(1.5)",
"b'a'.translate(None, 'a')", "b'abc'.translate(None, b'b')", "bytes.maketrans('a', b'b')", "b'%s' % 1", "b'a'.endswith(('a',))", "b'a'.endswith((b'a', 1))",
"b'abc'.__getnewargs__()", "bytes.fromhex('')", "S.fromhex('41')", "type(S.fromhex('41'))", "BA.fromhex('41')", "iter(b'a').__reduce__()", "list(iter(b'ab'))",
"b'\\xe9'.decode()", "b'abc'[::-1]", "b'abcdef'[1:5:2]", "bytearray(b'abcdef')[1:5:2]", "b'a'.isalpha()", "b''.isspace()", "b'Ab Cd'.istitle()", "b'aB'.swapcase()", "b'hello world'.title()", "b'\\xe9a'.upper()",
"b'a\\x0bb\\x1cc'.split()", "b'a\\rb\\r\\nc\\x0bd'.splitlines()", "b'a'.hex()", "bytes(3)", "bytearray(3)", "bytes(range(3))", "bytes((1,2))", "bytes(bytearray(b'xy'))", "(lambda e: e is b'x'[:0])(bytes())", "(lambda o: bytes(o) is o[0:1])(b'a')",
"bytes(Idx())", "bytes(BadBytes())", "bytes(iter([1, 2]))", "bytes(x for x in b'ab')", "bytes('é', 'utf-8')", "bytes('é', 'ascii', 'replace')",
"bytes(b'abc', errors='x')", "bytes(10**30)", "bytes([10**30])", "bytes({1: 2})", "bytes(S(b'q')) is S", "type(bytes(S(b'q')))", "S(b'ab').upper()",
"type(S(b'ab').upper())", "type(S(b'ab')[:])", "type(S(b'ab') + b'')", "S(b'ab') == b'ab'", "hash(S(b'ab')) == hash(b'ab')", "S(b'ab').__bytes__()", "type(S(b'ab').__bytes__())",
"b'abc'.__sizeof__()", "b''.__sizeof__()", "hash(b'') ", "b'abc' < b'abd'", "b'ab' < b'abc'", "b'b' > b'abc'", "b'a' <= b'a'", "b'a' >= b'b'", "b'a' != b'a'", "b'\\xff' > b'\\x01'",
"b'hello world'.split()", "b'  a  b  '.split(None, 1)", "b'a,b,,c'.split(b',')", "b'a,b,c'.rsplit(b',', 1)", "b'  a  b  '.rsplit(maxsplit=1)", "b'a::b::c'.split(b'::')", "b'abc'.split(bytearray(b'b'))",
"b'a=b=c'.partition(b'=')", "b'a=b=c'.rpartition(b'=')", "b'abc'.partition(b'x')", "b'abc'.rpartition(b'x')",
"b'-'.join([b'a', bytearray(b'b'), memoryview(b'c')])", "b''.join([])", "b','.join(x for x in [b'1', b'2'])", "b'x'.join([b'only'])",
"b'aaa'.replace(b'a', b'bb')", "b'aaa'.replace(b'a', b'b', 1)", "b'abc'.replace(b'', b'-')", "b'abc'.replace(b'', b'-', 2)", "b'abcabc'.replace(b'bc', b'')",
"b'  hi  '.strip()", "b'xxhixx'.strip(b'x')", "b'xxhixx'.lstrip(b'x')", "b'xxhixx'.rstrip(b'x')", "b'\\t\\n hi \\x0b\\x0c\\r'.strip()", "b'\\x1chi\\x1c'.strip()",
"b'abc'.center(9, b'*')", "b'abc'.ljust(5)", "b'abc'.rjust(5, bytearray(b'.'))", "b'ab'.center(5)", "b'-12'.zfill(5)", "b'12'.zfill(1)", "b'a\\tb\\n\\tc'.expandtabs(4)",
"b'abc'.find(b'c')", "b'abc'.find(99)", "b'abcabc'.rfind(b'b')", "b'abcabc'.count(b'bc')", "b'aaaa'.count(b'')", "b'abcabc'.index(b'c', 3)", "b'abc'.find(b'', 4)", "b'abc'.count(b'a', 1)",
"b'abcabc'.rindex(b'a', 0, 3)", "b'abc'.startswith((b'x', b'ab'))", "b'abc'.endswith(b'bc', 0, 3)", "b'abc'.startswith(b'b', 1)", "b'abc'.endswith(memoryview(b'c'))",
"b'abc'.removeprefix(b'ab')", "b'abc'.removesuffix(b'bc')", "b'abc'.removeprefix(b'x')",
"b'Hello World'.lower()", "b'Hello World'.upper()", "b'Hello World'.swapcase()", "b'hELLO wORLD'.capitalize()", "b\"they're x1y\".title()", "b'abc'.isalnum()", "b'ab1 '.isalnum()",
"b'ABC'.isupper()", "b'abc'.islower()", "b'Hello World'.istitle()", "b'123'.isdigit()", "b' \\t'.isspace()", "b'\\xe9'.isalpha()", "b'\\x7f'.isascii()", "b'\\x80'.isascii()", "b''.isascii()",
"b'a\\nb\\r\\nc\\rd'.splitlines()", "b'a\\nb\\r\\n'.splitlines(True)", "b''.splitlines()",
"b'\\x00\\xff\\x10'.hex()", "b'\\x01\\x02\\x03\\x04\\x05'.hex('-', 2)", "b'\\x01\\x02\\x03\\x04\\x05'.hex(b'_', -2)", "b'\\x01\\x02'.hex(':', 0)", "b'\\x01\\x02'.hex(':', 5)", "bytes.fromhex('DEad Be ef')", "bytes.fromhex('\\u20ac')", "bytes.fromhex('1 2')",
"b'abc'.translate(bytes.maketrans(b'abc', b'xyz'))", "b'abc'.translate(bytes.maketrans(b'a', b'A'), b'c')", "b'abc'.translate(None)", "bytes.maketrans(b'', b'')[:5]",
"b'h\\xc3\\xa9'.decode()", "b'h\\xe9'.decode('latin-1')", "b'\\xff'.decode('utf-8', 'replace')", "b'abc'.decode(encoding='ascii')",
"list(b'abc')", "list(reversed(b'abc'))", "b'abc'[-1]", "b'abc'[1:]", "b'abc'[::2]", "b'abc'[5:]", "b'abcdef'[-2:1:-1]", "len(b'abc')", "b'ab' in b'cabd'", "b'' in b'abc'",
"bytearray(b'b') in b'abc'", "b'ab' + b'cd'", "b'ab' * 0", "b'ab' * -1", "b'' * 5", "b'ab' + memoryview(b'c')",
"b'\\x00\\x07\\x0b\\x1f\\x7f'", "b'\\'\"'", "[x for x in b'\\x00\\xff']", "b'%d' % 5", "str(b'x')", "b'abc' == 'abc'", "(lambda o: o is bytes(o))(b'a')", "(lambda o: o[0:1] is o)(b'a')",
"iter(b'abc').__length_hint__()", "next(iter(b'abc'))",
]
for t in tests:
    try: print(t, '->', repr(eval(t)))
    except Exception as e: print(t, '->', type(e).__name__, e)
it = iter(b'abcd')
next(it)
print(it.__reduce__(), it.__length_hint__())
it.__setstate__(2)
print(list(it), it.__reduce__())
