# re: compiling, matching and searching, Match objects, flags and reprs, str and bytes
# subjects, and the errors of the _sre layer.
import re


def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


p = re.compile(r"(?P<word>[a-z]+)(\d+)?")
m = p.search("-- abc123 def")
print(m, m.group(), m.group(0, 1, 2), m.groups(), m.groupdict())
print(m.start(), m.end(), m.span(), m.span(2), m.start("word"), m.regs, m.lastindex, m.lastgroup)
print(m.pos, m.endpos, m.re is p, m.string, m[0], m["word"], m[2])
m2 = p.search("xyz")
print(m2.groups(), m2.groups("-"), m2.groupdict("?"), m2.span(2), m2.lastindex, m2.lastgroup)
print(p.match("abc"), p.match("  abc"), p.fullmatch("abc12"), p.fullmatch("abc12 "))
print(p.match("xx abc", 3), p.match("xx abc", 3, 5), p.search("abcdef", 2, 4), p.search("abc", 5))
print(p.pattern, p.flags, p.groups, p.groupindex, type(p.groupindex).__name__)

for pattern, flags in [("a+", re.I), ("x", re.M | re.A), ("x", re.U), ("y", re.S | re.X), ("q", 0),
                       (b"bytes", 0), (b"b", re.I | re.L), ("a" * 250, 0), ("'\"", 0)]:
    print(repr(re.compile(pattern, flags)))
print(repr(re.match("a" * 80, "a" * 80)))
print(repr(re.match(b"\x00\xff", b"\x00\xff")))

# Flags
print(re.findall("(?i)ABC", "abc ABC aBc"), re.findall("^x", "x\nx", re.M), re.findall(".", "a\nb", re.S))
print(re.match(r"\w+", "héllo").group(), re.match(r"\w+", "héllo", re.A).group())
print(re.findall(r"(?x) a  b  # comment", "ab ab"), re.search("(?i)straße", "STRASSE"), re.search("(?i)ß", "ẞ"))

# Character classes, anchors, lookarounds, backreferences, repeats
tests = [
    (r"\d{2,3}", "1 12 123 1234"), (r"[^a-c]+", "abcdefabc"), (r"\bfoo\b", "foo foobar barfoo foo"),
    (r"(?<=a)b", "ab cb ab"), (r"(?<!a)b", "ab cb"), (r"x(?=y)", "xy xz"), (r"x(?!y)", "xy xz"),
    (r"(\w)\1", "hello aabb"), (r"(?P<q>['\"]).*?(?P=q)", "say 'hi' and \"yo\""), (r"a*?b", "aaab"),
    (r"(a|b)*c", "ababc"), (r"(?:ab)+", "ababab"), (r"\s+", "a \t\nb"), (r"[\u0400-\u04ff]+", "abc привет"),
    (r"(?a)\W+", "a,b;c"), (r"a{3}", "aaaa"), (r"a{,2}", "aaa"), (r"(a)(?(1)b|c)", "ab c"), (r"$", "ab\n"),
    (r"\Z", "ab\n"), (r"(?s).+", "a\nb"), (r"(?>a+)b", "aaab"), (r"a++b", "aab"),
]
for pattern, text in tests:
    try:
        print(pattern, [m.span() for m in re.finditer(pattern, text)])
    except Exception as e:
        print(pattern, type(e).__name__, e)

# Unicode text of every width
for text in ["plain ascii", "latin-1 é ñ", "bmp € ☃ 中文", "astral 😀 𝔸 mix"]:
    print([m.group() for m in re.finditer(r"\S+", text)], re.sub(r"[^\x00-\x7f]", "?", text))
print(re.search("😀+", "a😀😀b").span(), re.findall(".", "😀é"), re.match("(?i)É", "é"))

# Subjects: str, bytes, bytearray, memoryview, str subclass
class MyStr(str):
    pass
print(re.match(b"a.c", bytearray(b"abc")), re.search(b"b", memoryview(b"abc")).span(), re.match("a", MyStr("ab")))
print(re.match(b"(a)(b)", bytearray(b"ab")).groups(), type(re.match("a", MyStr("ab")).group()).__name__)
print(re.findall(b"[a-z]", b"a1b2"), re.findall(rb"\d", bytearray(b"a1b2")))

# Errors
show(lambda: re.compile("a").match(1))
show(lambda: re.compile("a").match(b"a"))
show(lambda: re.compile(b"a").match("a"))
show(lambda: re.compile("a").match("a", 2 ** 70))
show(lambda: re.compile("a").match("a", "x"))
show(lambda: m.group(5))
show(lambda: m.group("nope"))
show(lambda: m.group(True))
show(lambda: m.group(1.0))
show(lambda: re.Pattern())
show(lambda: re.Match())
show(lambda: re.compile("(unclosed"))
show(lambda: re.compile("a**"))
show(lambda: re.compile("[z-a]"))
show(lambda: re.compile(r"\p"))
show(lambda: re.compile("(?P<1>x)"))

# Objects
q = re.compile("x*")
print(q == re.compile("x*"), q == re.compile("x*", re.I), hash(q) == hash(re.compile("x*")), q != "x*")
import copy
print(copy.copy(q) is q, copy.deepcopy(m) is m, re.Pattern[str], re.Match[bytes])
print(type(q).__name__, type(q).__module__, type(m).__name__, type(q.scanner("")).__name__)
import pickle
print(pickle.loads(pickle.dumps(re.compile("ab+", re.I))))
print(re.escape("a.b*c?"), re.escape(b"x+y"), re.purge())
