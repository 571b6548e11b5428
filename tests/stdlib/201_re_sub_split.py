# re: sub/subn with literal, template and callable replacements, split, findall,
# finditer and the scanner, empty matches, counts, and str/bytes results.
import re


def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


print(re.sub(r"\d+", "#", "a1b22c333"), re.subn(r"\d+", "#", "a1b22c333"), re.sub(r"\d", "#", "a1b2", count=1))
print(re.sub(r"(\w)(\d)", r"\2\1", "a1 b2"), re.sub(r"(?P<l>\w)=(?P<r>\w)", r"\g<r>=\g<l>", "x=y u=v"))
print(re.sub("a", r"\n\t\\", "bab"), re.sub("(a)", r"[\g<1>\g<0>]", "bab"), re.sub("a", "\\\\", "bab"))
print(re.sub(r"\w+", lambda m: m.group().upper(), "hello big world"), re.sub("x*", "-", "abxd"))
print(re.sub("", "-", "abc"), re.sub("(?m)^", "> ", "one\ntwo"), re.sub("$", "!", "line\n"))
print(re.sub(b"a", b"b", b"aaa"), re.sub(b"a", b"b", bytearray(b"xay")), re.sub(b"z", b"b", bytearray(b"xay")))
print(re.sub(b"a", lambda m: b"<" + m.group() + b">", memoryview(b"bab")), re.sub("a", lambda m: None, "bab"))
print(re.subn("a", "b", "aaa", 2), re.sub("a", "b", "aaa", -1), re.sub("q", "r", ""), re.subn("", "", ""))
print(re.sub("(a)|b", r"[\1]", "ab"), re.sub("a", "\\g<0>\\g<0>", "bab"))

show(lambda: re.sub("a", lambda m: 1, "xa"))
show(lambda: re.sub("a", lambda m: b"", "xa"))
show(lambda: re.sub(b"a", "x", b"xa"))
show(lambda: re.sub("a", b"x", "xa"))
show(lambda: re.sub("(a)", r"\2", "a"))
show(lambda: re.sub("a", r"\g<x>", "a"))
show(lambda: re.sub("a", "b", "aaa", count=2 ** 70))
show(lambda: re.sub("a", "b", 5))

print(re.split(r",\s*", "a, b,c ,d"), re.split(r"(,)", "a,b"), re.split(r"(,)|(;)", "a,b;c"))
print(re.split("x*", "axbc"), re.split("", "abc"), re.split(r"\b", "hi there"), re.split("a", "aaa", maxsplit=1))
print(re.split("a", "aaa", -1), re.split(b"-", b"a-b-c"), re.split("(?m)^$", "a\n\nb"))

print(re.findall(r"\d", "a1b2"), re.findall(r"(\d)(\w)?", "1a2"), re.findall(r"(a)|b", "ab"), re.findall("", "ab"))
w = re.compile(r"\w+")
print(w.findall("one two three", 4), w.findall("one two three", 0, 6), w.findall("one two", endpos=2))
print([m.span() for m in re.finditer(r"a*", "baaac")], [m.group() for m in re.finditer(r"\d+", "1 22 333", 2)])
it = re.finditer("a", "aa")
print(type(it).__name__, next(it).span(), next(it).span(), next(it, None))

s = re.compile(r"(\d+)|(\s+)|(\w+)").scanner("12 ab 3")
print(s.pattern, [m.lastindex for m in iter(s.match, None)])
s2 = re.compile("b").scanner("abcb")
print(s2.search().span(), s2.search().span(), s2.search(), s2.match())
s3 = re.compile("").scanner("ab")
print([s3.search().span() for _ in range(3)], s3.search())

# Match.expand and templates
m = re.match(r"(?P<a>\w)(\w)", "xy")
print(m.expand(r"\2\1 \g<a> \g<2>"), m.expand(r"[\\]"))
show(lambda: m.expand(r"\3"))

# Long subjects and many groups
text = "x" * 10000 + "y"
print(re.search("x*y", text).span(), len(re.sub("x", "", text)), len(re.findall("x", text)))
many = re.compile("".join("(%d)" % (i % 10) for i in range(120)))
mm = many.match("".join(str(i % 10) for i in range(120)))
print(mm.lastindex, mm.group(120), len(mm.groups()), mm.span(77))
