# codecs: the registry and lookup, the native codecs (UTF-8/16/32/7, Latin-1, ASCII,
# charmap, escapes), error handlers built in and registered, incremental decoding and
# the errors reported.
import codecs


def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


text = "aé€😀\n"
for enc in ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-7",
            "unicode_escape", "raw_unicode_escape", "utf-8-sig"]:
    data = codecs.encode(text, enc)
    print(enc, data, codecs.decode(data, enc) == text)
for enc in ["latin-1", "ascii", "cp1252", "koi8_r", "mac_roman", "cp437", "iso8859_15", "cp1251"]:
    print(enc, codecs.encode("abc", enc), show(lambda: codecs.encode("é€", enc)), codecs.decode(bytes(range(0x80, 0x88)), enc, "replace"))

info = codecs.lookup("UTF8")
print(info.name, codecs.lookup("latin_1").name, codecs.lookup("U8").name, codecs.lookup(" utf-8 ").name)
show(lambda: codecs.lookup("no-such-codec"))
show(lambda: codecs.lookup(5))
show(lambda: codecs.encode("x", "hex"))
show(lambda: "x".encode("rot13"))
print(codecs.encode("Hello", "rot13"), codecs.encode(b"\x01\xff", "hex"), codecs.decode(b"01ff", "hex"))

# Error handlers
s = "a\udc80é\U0001f600b"
for errors in ["strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace", "namereplace",
               "surrogateescape", "surrogatepass"]:
    for enc in ["ascii", "latin-1", "utf-8", "utf-16-le", "utf-32-be", "cp1252"]:
        show(lambda: s.encode(enc, errors))
bad = b"a\xff\xfe\xed\xa0\x80b"
for errors in ["strict", "ignore", "replace", "backslashreplace", "surrogateescape", "surrogatepass"]:
    for enc in ["ascii", "utf-8", "utf-16-le", "utf-32-le", "cp1252", "utf-7"]:
        show(lambda: bad.decode(enc, errors))

log = []
def record(e):
    log.append((type(e).__name__, e.encoding, e.start, e.end, e.reason))
    return ("<?>", e.end)
codecs.register_error("test.record", record)
print("a\u20acb\u20ac".encode("latin-1", "test.record"), b"a\xffb".decode("utf-8", "test.record"), log)
print(codecs.lookup_error("test.record") is record, codecs.lookup_error("strict"), codecs.strict_errors)
show(lambda: codecs.lookup_error("nope"))
show(lambda: codecs.register_error("x", 5))
def rewind(e):
    return ("[%d]" % e.start, e.start + 1 if e.start < 3 else e.end)
codecs.register_error("test.rewind", rewind)
print(b"\xff\xff\xff\xff\xffz".decode("ascii", "test.rewind"))
def bad_result(e):
    return 5
codecs.register_error("test.bad", bad_result)
show(lambda: b"\xff".decode("utf-8", "test.bad"))
show(lambda: "\xff".encode("ascii", "test.bad"))
def out_of_range(e):
    return ("x", 100)
codecs.register_error("test.range", out_of_range)
show(lambda: b"\xff".decode("utf-16-le", "test.range"))

# The handlers themselves
for handler in ["strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace", "namereplace",
                "surrogateescape", "surrogatepass"]:
    f = codecs.lookup_error(handler)
    for exc in [UnicodeEncodeError("utf-8", "a\ud800\u20ac", 1, 3, "r"),
                UnicodeDecodeError("utf-16-be", b"a\xd8\x00\x80\xff", 1, 3, "r"),
                UnicodeTranslateError("a\xe9b", 1, 2, "r"), ValueError("v")]:
        show(lambda: f(exc))

# Incremental decoding: partial sequences wait for the next chunk
for enc in ["utf-8", "utf-16", "utf-32", "utf-7", "unicode_escape"]:
    data = codecs.encode("é€😀+-\\", enc) if enc != "unicode_escape" else b"\\xe9\\u20ac\\U0001f600"
    dec = codecs.getincrementaldecoder(enc)()
    print(enc, [dec.decode(data[i:i + 1]) for i in range(len(data))], repr(dec.decode(b"", final=True)))
enc16 = codecs.getincrementalencoder("utf-16")()
print(enc16.encode("a"), enc16.encode("b"), enc16.encode("", final=True))

# Module-level functions of _codecs
import _codecs
print(_codecs.utf_16_ex_decode(b"\xfe\xff\x00a", "strict", 0, True), _codecs.utf_32_ex_decode(b"\xff\xfe\x00\x00a\x00\x00\x00"))
print(_codecs.charmap_decode(b"\x00\x01\x02", "strict", "abc"), _codecs.charmap_encode("ab", "strict", {97: 1, 98: b"xy"}))
print(_codecs.escape_encode(b"a'\x00\n"), _codecs.escape_decode(b"\\x41\\n\\101"), _codecs.readbuffer_encode("é"))
show(lambda: _codecs.charmap_decode(b"\x05", "strict", "abc"))
show(lambda: _codecs.utf_16_encode(b"x"))
show(lambda: _codecs.utf_8_decode("x"))
print(type(codecs.charmap_build("\x00" + "a" * 255)).__name__, codecs.charmap_build("abc"))
