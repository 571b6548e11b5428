# _csv and csv: dialect validation messages, the registry, reading (quoting, escapes,
# multi-line fields, strict mode, NONNUMERIC, field size limit, line_num) and writing
# (every quoting mode, escapechar, doublequote, lineterminator, writerows, DictWriter).
import _csv
import csv
import io

print(_csv.__version__, _csv.QUOTE_MINIMAL, _csv.QUOTE_ALL, _csv.QUOTE_NONNUMERIC, _csv.QUOTE_NONE)
print(_csv.Error.__mro__[1].__name__, _csv.Error.__module__, csv.Error is _csv.Error)
print(type(_csv.reader([])).__name__, type(_csv.writer(io.StringIO())).__name__)


def show_dialect(d):
    return (d.delimiter, d.doublequote, d.escapechar, d.lineterminator, d.quotechar, d.quoting,
            d.skipinitialspace, d.strict)


def try_dialect(**kw):
    try:
        print(sorted(kw.items()), "->", show_dialect(_csv.Dialect(**kw)))
    except Exception as e:
        print(sorted(kw.items()), type(e).__name__, e)


try_dialect()
for name in ("delimiter", "quotechar", "escapechar"):
    for value in ("", "ab", 1, None, b","):
        try_dialect(**{name: value})
try_dialect(quotechar=None, quoting=_csv.QUOTE_ALL)
try_dialect(quotechar=None, quoting=_csv.QUOTE_NONE)
for value in (None, 1, "", "\n"):
    try_dialect(lineterminator=value)
for value in (10, -1, 1.0, "a", True, 2**70, 3):
    try_dialect(quoting=value)
try_dialect(strict=1, skipinitialspace=[], doublequote=0)
try_dialect(delimiter="\u20ac", quotechar="\U0001f600")
try:
    _csv.Dialect("nope")
except _csv.Error as e:
    print("Error", e)
d = _csv.Dialect()
print(_csv.Dialect(d) is d, _csv.Dialect(d, delimiter=";") is d)
try:
    d.delimiter = ";"
except AttributeError:
    print("read-only")


class Partial:
    delimiter = ";"
    quoting = _csv.QUOTE_ALL


print(show_dialect(_csv.Dialect(Partial)), show_dialect(_csv.Dialect(Partial())))
import pickle
import copy
for action in (lambda: copy.copy(d), lambda: pickle.dumps(d, 0), lambda: pickle.dumps(d, 4)):
    try:
        action()
    except TypeError as e:
        print("TypeError", e)

# csv.Dialect subclasses re-raise as csv.Error
class Bad(csv.Dialect):
    delimiter = ":::"
    quotechar = '"'
    lineterminator = "\n"
    quoting = csv.QUOTE_MINIMAL
for attribute, value in (("delimiter", ":::"), ("delimiter", 4), ("quotechar", ""), ("escapechar", b"*"),
                         ("lineterminator", 4)):
    class Bad(csv.Dialect):
        delimiter = ","
        quotechar = '"'
        lineterminator = "\n"
        quoting = csv.QUOTE_MINIMAL
    setattr(Bad, attribute, value)
    try:
        Bad()
    except csv.Error as e:
        print("csv.Error", e)

# Registry
print(csv.list_dialects())
_csv.register_dialect("semi", delimiter=";")
print(_csv.get_dialect("semi").delimiter, "semi" in _csv.list_dialects(), "semi" in _csv._dialects)
_csv.register_dialect("tabby", "excel-tab", quoting=_csv.QUOTE_ALL)
print(show_dialect(_csv.get_dialect("tabby")))
_csv.unregister_dialect("semi")
for action in (lambda: _csv.get_dialect("semi"), lambda: _csv.unregister_dialect("semi"),
               lambda: _csv.register_dialect(1), lambda: _csv.register_dialect(),
               lambda: _csv.register_dialect("a", "b", "c"), lambda: _csv.get_dialect(None),
               lambda: _csv.reader(), lambda: _csv.writer(), lambda: _csv.reader(1), lambda: _csv.writer(1),
               lambda: _csv.field_size_limit("a"), lambda: _csv.field_size_limit(1, 2),
               lambda: _csv.reader([], bad_attr=0), lambda: _csv.reader([], "nope")):
    try:
        action()
    except Exception as e:
        print(type(e).__name__, e)


# Reading
def read(lines, **kw):
    try:
        r = _csv.reader(lines, **kw)
        rows = list(r)
        print(repr(lines), kw, rows, r.line_num)
    except Exception as e:
        print(repr(lines) if isinstance(lines, list) else "lines", kw, type(e).__name__, e)


read(["a,b", 'c,"d\ne"', "x"])
read(["a,b\n", "c\r\n", "\n", '"x\r\n', 'y"\r\n'])
read(['a,"b'])
read(['"a"b'])
read(['"a"b'], strict=True)
read(['a,"'], strict=True)
read(['"abc'], strict=True)
read(['"abc'])
read(["a\0b"])
read(['a, b,  "c"'], skipinitialspace=True)
read(['1,2.5,"x", 7'], quoting=_csv.QUOTE_NONNUMERIC)
read(["1,a"], quoting=_csv.QUOTE_NONNUMERIC)
read([b"a"])
read([1])
read(["a\\,b"], escapechar="\\")
read(["a\\\n", "b"], escapechar="\\")
read(['"a\\', 'b"'], escapechar="\\")
read(["a\\"], escapechar="\\")
read(["a\rb"])
read(["a\r\nb"])
read(['"a\rb"'])
read([",", "", ",,"])
read(['"a""b"'], doublequote=False)
read(['"a""b",c'])
read(["a;'b;c';d"], delimiter=";", quotechar="'")
read(['a,"b,c"'], quoting=_csv.QUOTE_NONE)
read(["abc   def"], delimiter=" ", skipinitialspace=True)
read(["caf\u00e9,\u2603", "\U0001f600"])
old = _csv.field_size_limit(5)
print(old, _csv.field_size_limit())
read(["abcde,x"])
read(["abcdef"])
read(['"abcdef"'])
_csv.field_size_limit(old)
r = _csv.reader(['a,"b', 'c"', 'd'])
print(next(r), r.line_num, next(r), r.line_num, r.dialect.delimiter)
try:
    next(r)
except StopIteration:
    print("StopIteration", r.line_num)


class BadLines:
    def __iter__(self):
        return self

    def __next__(self):
        raise OSError("read failed")


read(BadLines())


# Writing
def write(rows, **kw):
    out = io.StringIO()
    try:
        w = _csv.writer(out, **kw)
        results = [w.writerow(row) for row in rows]
        print(kw, results, repr(out.getvalue()))
    except Exception as e:
        print(kw, type(e).__name__, e, repr(out.getvalue()))


write([[1, 2.5, None, "a,b", 'q"q', "", "line\nx"]])
for row in ([""], [None], [], ["a"], 5, "ab", [1, [2]], (x for x in "xyz"), ["", ""]):
    write([row])
for quoting in range(4):
    write([["a", 1, 2.5, None, "x,y", 'q"', "e\\", "", True]], quoting=quoting, escapechar="\\")
write([["a,b"]], quoting=_csv.QUOTE_NONE)
write([[""]], quoting=_csv.QUOTE_NONE)
write([["", ""]], quoting=_csv.QUOTE_NONE)
write([["a\rb", 'q"']], quoting=_csv.QUOTE_NONE, escapechar="\\")
write([['a"b', "c,d"]], quotechar=None, escapechar="\\")
write([['a"b']], doublequote=False)
write([['a"b']], doublequote=False, escapechar="\\")
for terminator, field in (("\n", "a\rb"), ("\r\n", "a\rb"), ("x", "axb"), ("\n", "a\nb"), ("", "z")):
    write([[field, "c"]], lineterminator=terminator)
write([["caf\u00e9", "\U0001f600,x"]])
write([[1.5, 2]], quoting=_csv.QUOTE_NONNUMERIC)
out = io.StringIO()
w = _csv.writer(out, delimiter="\t")
print(w.writerows([["a", "b"], ("c",), []]), repr(out.getvalue()), w.dialect.delimiter)
for rows in (None, 5, [5]):
    try:
        w.writerows(rows)
    except Exception as e:
        print(type(e).__name__, e)


class BadFile:
    def write(self, text):
        raise OSError("disk full")


try:
    _csv.writer(BadFile()).writerow(["a"])
except OSError as e:
    print("OSError", e)


class Stringy:
    def __str__(self):
        return "S,s"


write([[Stringy()]])

# csv module on top
buffer = io.StringIO()
dw = csv.DictWriter(buffer, fieldnames=["name", "n"])
dw.writeheader()
dw.writerows([{"name": "x,y", "n": 1}, {"name": 'q"', "n": 2}])
print(repr(buffer.getvalue()))
print(list(csv.DictReader(io.StringIO(buffer.getvalue()))))
round_trip = io.StringIO()
csv.writer(round_trip).writerows([["multi\nline", "ok"], ["", None]])
round_trip.seek(0)
print(list(csv.reader(round_trip)))
