# _locale in the C.UTF-8 locale (localeconv, nl_langinfo, collation, errors) and the
# _string helpers behind string.Formatter.
import _locale
import _string
import locale
import string


def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


show(lambda: _locale.setlocale(_locale.LC_ALL, "C.UTF-8"))
show(lambda: _locale.setlocale(_locale.LC_NUMERIC))
show(lambda: _locale.getencoding())
show(lambda: _locale.localeconv())
names = sorted(n for n in dir(_locale) if n.isupper() and not n.startswith("LC_") and n != "CHAR_MAX")
print([(n, _locale.nl_langinfo(getattr(_locale, n))) for n in names])
print(_locale.CHAR_MAX, _locale.LC_ALL, _locale.LC_CTYPE, _locale.Error.__mro__, locale.Error is _locale.Error)
show(lambda: _locale.setlocale(_locale.LC_ALL, "bogus"))
show(lambda: _locale.setlocale(99))
show(lambda: _locale.setlocale(_locale.LC_ALL, 5))
show(lambda: _locale.nl_langinfo(12345))
print(_locale.strcoll("a", "b"), _locale.strcoll("b", "a"), _locale.strcoll("a", "a"), _locale.strxfrm("abc"))
show(lambda: _locale.strcoll("a\x00", "b"))
show(lambda: _locale.strxfrm(5))
print(locale.format_string("%.2f", 1234.5, grouping=True), locale.str(3.25), locale.atof("2.5"), locale.getlocale())
print(_locale.gettext("hello"), _locale.textdomain(None), _locale.dgettext(None, "x"))

print(list(_string.formatter_parser("a{0!r:>{1}}b{x.y[3]}{{}}c")), list(_string.formatter_parser("")))
first, rest = _string.formatter_field_name_split("x.y[3][k].z")
print(first, list(rest), _string.formatter_field_name_split("12")[0], list(_string.formatter_field_name_split("0.a[b]")[1]))
show(lambda: list(_string.formatter_parser("a{")))
show(lambda: list(_string.formatter_parser("}")))
show(lambda: _string.formatter_parser(5))
show(lambda: _string.formatter_field_name_split(5))
print(string.Formatter().format("{0}-{x[1]}-{y.real:+}", "a", x=[1, 2], y=3j), string.Formatter().vformat("{}{}", (1, 2), {}))
