# unicodedata: properties, names and normalization of the current database and of
# ucd_3_2_0, summarised over every code point by a checksum, plus the error cases.
import unicodedata as u


def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


def checksum(values):
    h = 0
    for v in values:
        for ch in str(v):
            h = (h * 1000003 + ord(ch)) & 0xFFFFFFFF
        h = (h * 31 + 7) & 0xFFFFFFFF
    return h


def result(db, name, c):
    try:
        return getattr(db, name)(c)
    except ValueError as e:
        return "!" + str(e)


for db in (u, u.ucd_3_2_0):
    print(db.unidata_version)
    for name in ["category", "bidirectional", "combining", "mirrored", "east_asian_width", "decomposition",
                 "decimal", "digit", "numeric"]:
        step = 1 if name in ("category", "decimal") else 5
        print(" ", name, checksum(result(db, name, chr(c)) for c in range(0, 0x110000, step)))
    print("  name", checksum(result(db, "name", chr(c)) for c in range(0, 0x110000, 7)))

for c in "aZ5½Ⅻ٣\u0301\u00e9\u1100\uac00\u4e00\U0001f600\U000e0001\x00\u2028\uffff":
    print(repr(c), u.category(c), u.bidirectional(c), u.combining(c), u.east_asian_width(c), u.mirrored(c),
          repr(u.decomposition(c)), u.name(c, "-"), u.decimal(c, None), u.digit(c, None), u.numeric(c, None),
          u.ucd_3_2_0.category(c), u.ucd_3_2_0.name(c, "-"))

samples = ["e\u0301", "\u00e9", "\ufb01", "\u1e9b\u0323", "\uac00", "\u1100\u1161\u11a8", "\u2126", "x\u0323\u0307",
           "\U0001d400", "\u0344", "ﾊﾟ", "\u3099", "a\u0308\u0301\u0323b"]
for form in ["NFC", "NFD", "NFKC", "NFKD"]:
    print(form, [ascii(u.normalize(form, s)) for s in samples], [u.is_normalized(form, s) for s in samples])
    print(form, [ascii(u.ucd_3_2_0.normalize(form, s)) for s in samples])
s = "already normal"
print(u.normalize("NFC", s) is s)

for name in ["LATIN SMALL LETTER A", "latin small letter a", "ZWNJ", "HANGUL SYLLABLE GA", "CJK UNIFIED IDEOGRAPH-4E00",
             "LATIN SMALL LETTER A WITH MACRON AND GRAVE", "BYZANTINE MUSICAL SYMBOL FHTORA SKLIRON CHROMA VASIS"]:
    show(lambda: u.lookup(name))
    show(lambda: u.ucd_3_2_0.lookup(name))
show(lambda: u.lookup("bogus"))
show(lambda: u.lookup("x" * 300))
show(lambda: u.lookup(b"LATIN SMALL LETTER B"))
show(lambda: u.name("ab"))
show(lambda: u.category("ab"))
show(lambda: u.name(5))
show(lambda: u.decimal("a"))
show(lambda: u.digit("a"))
show(lambda: u.numeric("a"))
show(lambda: u.name("\x00"))
show(lambda: u.normalize("NFX", "a"))
show(lambda: u.normalize(5, "a"))
show(lambda: u.normalize("NFC", 5))
show(lambda: u.UCD())
print(type(u.ucd_3_2_0), u.unidata_version, u.ucd_3_2_0.unidata_version)
