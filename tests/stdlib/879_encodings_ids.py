# base64 (every alphabet, validation errors), uuid (name-based and parsed UUIDs, fields,
# variants), secrets (only the properties its random results must have) and urllib.parse.
import base64
import binascii
import secrets
import urllib.parse
import uuid

raw = b"krait \x00\xff binary data!"
for encode, decode in ((base64.b64encode, base64.b64decode), (base64.urlsafe_b64encode, base64.urlsafe_b64decode),
                       (base64.b32encode, base64.b32decode), (base64.b32hexencode, base64.b32hexdecode),
                       (base64.b16encode, base64.b16decode), (base64.a85encode, base64.a85decode),
                       (base64.b85encode, base64.b85decode)):
    encoded = encode(raw)
    print(encode.__name__, encoded, decode(encoded) == raw)
print(base64.b64encode(b"\xfb\xff", altchars=b"-_"), base64.encodebytes(b"x" * 60), base64.standard_b64decode("YWJj"))
print(base64.a85encode(b"abc", foldspaces=True, wrapcol=5, adobe=True), base64.b32decode("mfrgg===", casefold=True))
for call in (lambda: base64.b64decode("abc"), lambda: base64.b64decode("ab$=", validate=True),
             lambda: base64.b32decode("A"), lambda: base64.b16decode("0g"), lambda: base64.b64encode("text"),
             lambda: base64.a85decode(b"~>"), lambda: base64.b85decode(b"|")):
    try:
        print(call())
    except (binascii.Error, TypeError, ValueError) as e:
        print(type(e).__name__, e)

ns = uuid.NAMESPACE_DNS
for u in (uuid.uuid3(ns, "python.org"), uuid.uuid5(ns, "python.org"), uuid.UUID("{12345678-1234-5678-1234-567812345678}"),
          uuid.UUID(int=0), uuid.UUID(bytes=bytes(range(16)))):
    print(u, repr(u), u.version, u.variant, u.hex, u.int % 1000, u.fields, u.urn)
u = uuid.UUID("12345678123456781234567812345678")
print(u.time_low, u.time_mid, u.node, u.bytes_le.hex(), u == uuid.UUID(bytes_le=u.bytes_le), u < uuid.UUID(int=2 ** 127))
random_id = uuid.uuid4()
print(random_id.version, random_id.variant, len(str(random_id)), uuid.uuid1().version)
for bad in (lambda: uuid.UUID("xyz"), lambda: uuid.UUID(), lambda: uuid.UUID(int=-1), lambda: uuid.UUID(bytes=b"1")):
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)

token = secrets.token_hex(16)
print(len(token), all(c in "0123456789abcdef" for c in token), len(secrets.token_bytes(8)), len(secrets.token_urlsafe(9)))
print(0 <= secrets.randbelow(10) < 10, secrets.choice("abc") in "abc", secrets.randbits(8) < 256,
      secrets.compare_digest("abc", "abc"), secrets.compare_digest(b"a", b"b"))
try:
    secrets.randbelow(0)
except ValueError as e:
    print("ValueError", e)

url = "https://user:pw@Example.com:8080/a/b;p?q=1&r=two+words&q=3#frag"
parts = urllib.parse.urlparse(url)
print(parts, parts.hostname, parts.port, parts.username, parts.password, parts.geturl() == url)
print(urllib.parse.urlsplit("//host/path?x"), urllib.parse.urlunsplit(("http", "h", "/p", "a=1", "f")))
print(urllib.parse.parse_qs(parts.query), urllib.parse.parse_qsl("a=1&b=&c", keep_blank_values=True))
print(urllib.parse.urlencode({"k": "v w", "list": [1, 2]}, doseq=True), urllib.parse.urlencode([("a", "é")]))
print(urllib.parse.quote("a b/ç?"), urllib.parse.quote_plus("a b&c"), urllib.parse.quote("/x", safe=""),
      urllib.parse.unquote("%C3%A7%2F"), urllib.parse.unquote_plus("a+b%20c"), urllib.parse.unquote_to_bytes("%ff"))
for base, ref in (("http://a/b/c/d;p?q", "../g"), ("http://a/b/c/d;p?q", "//g"), ("http://a/b/", "?y"), ("http://a/b", "")):
    print(urllib.parse.urljoin(base, ref))
print(urllib.parse.urldefrag("http://x/y#z"), urllib.parse.urlparse("mailto:me@example.com"))
for bad in (lambda: urllib.parse.urlparse("http://[::1").hostname, lambda: urllib.parse.urlparse("http://h:99999").port,
            lambda: urllib.parse.parse_qs("a=1", strict_parsing=True, max_num_fields=0)):
    try:
        print(bad())
    except ValueError as e:
        print("ValueError", e)
