# str.split/rsplit: results preallocated as CPython's (12 pieces, maxsplit + 1, or 1 when the
# separator cannot occur), which sys.getsizeof shows; errors for bad separators.
import sys
for s, args in [("a:b", (":",)), ("a b c", ()), ("a", (":",)), ("a:" * 20, (":",)), ("a:b:c", (":", 0)), ("a:b:c", (":", 1)), ("a:b:c", (":", 11)), ("a:b:c", (":", 12)), ("a:b:c", (":", 13)), ("", (":",)), ("", ()), ("  ", ()), ("a b", (None, 2))]:
    for m in ("split", "rsplit"):
        r = getattr(s, m)(*args)
        print(m, repr(s), args, r, sys.getsizeof(r))
        r.append("x"); r.extend("yz" * 8)
        print(len(r), sys.getsizeof(r))
print(sys.getsizeof("a\nb".splitlines()))
for s, sep in [("ab", "abc"), ("ab", "\u20ac"), ("a\u20acb", "\u20ac"), ("abc", "abc"), ("", "x")]:
    r = s.split(sep); q = s.rsplit(sep)
    print(r, q, sys.getsizeof(r), sys.getsizeof(q))
for bad in [1, b":", ""]:
    try:
        "a:b".split(bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
    try:
        "a:b".rsplit(bad, 1)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
try:
    "a".split(":", "x")
except TypeError as e:
    print(e)
