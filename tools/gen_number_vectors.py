#!/usr/bin/python3.11
"""Generates tests/unit/data/number_vectors.txt: number<->text cases with python3.11's answers.

Run with CPython 3.11 (the oracle):  /usr/bin/python3.11 tools/gen_number_vectors.py
  --scale N   multiplies the random cases (the committed file uses 1; larger files are for
              one-off stress runs: NUMBER_VECTORS=/tmp/big.txt krait_unit_tests ...)
  --out PATH  where to write (default: the committed file)

One case per line, tab-separated fields, the first naming the kind (see number_text_test.cpp).
Floats are written as the 16 hex digits of their IEEE bits; text fields escape backslash,
tab, newline, carriage return and other control characters (\\xHH); other UTF-8 is kept.
Results are "ok <text>" or "<exception kind> <message>" with V=ValueError,
O=OverflowError, M=MemoryError.
"""

import argparse
import math
import os
import random
import struct
import sys
from decimal import Decimal
from fractions import Fraction

assert sys.version_info[:2] == (3, 11), "run with python3.11, the oracle"

OUT_DEFAULT = os.path.join(os.path.dirname(__file__), "..", "tests", "unit", "data",
                           "number_vectors.txt")


def esc(text):
    out = []
    for ch in text:
        o = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif o < 0x20 or o == 0x7F:
            out.append("\\x%02x" % o)
        else:
            out.append(ch)
    return "".join(out)


def bits(x):
    return struct.pack(">d", x).hex()


def from_bits(b):
    return struct.unpack(">d", b.to_bytes(8, "big"))[0]


def outcome(fn):
    """('ok', text) or (kind, message) for the exception fn raises."""
    try:
        return "ok", fn()
    except ValueError as e:
        return "V", str(e)
    except OverflowError as e:
        return "O", str(e)
    except MemoryError:
        return "M", ""


class Writer:
    def __init__(self):
        self.lines = []
        self.seen = set()

    def add(self, *fields):
        line = "\t".join(esc(f) if isinstance(f, str) else str(f) for f in fields)
        if line not in self.seen:
            self.seen.add(line)
            self.lines.append(line)


# --- value pools ---

def special_floats():
    vals = [0.0, -0.0, math.inf, -math.inf, math.nan, -math.nan, 5e-324, -5e-324,
            2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308,
            -1.7976931348623157e308, 1.0, -1.0, 0.1, 0.2, 0.3, 0.5, 1.5, 2.5, 3.5, -2.5, 0.125,
            0.375, 0.625, 1e16, 9999999999999998.0, 1e16 + 2, 1e15, 123456789012345.0,
            1234567890123456.0, 12345678901234567.0, 1e-4, 1e-5, 0.0001, 0.00001, 0.00012345,
            1e22, 1e23, 1e21, 2.0**53, 2.0**53 + 2, 2.0**63, 2.0**64, 1 / 3, 2 / 3, math.pi,
            math.e, 12345.6789, -12345.6789, 0.000123456, 1234567.0, 0.1 + 0.2, 100.0, 1000.0,
            999999.5, 9.5, 0.95, 0.995, 0.9995, 99.995, 2.675, 1.005, 0.045, 1.0000000000000002,
            0.9999999999999999, 4.35, 0.5e-323, 1e-320, 1e300, 1e308, 1e-300, 1e-310,
            123.456, 5.0, 50.0, 0.05, 0.015, 0.025, 1.25, 1.35, 1.45, 1e100, 9.999999999999999e22,
            4503599627370496.5, 4503599627370497.0, 1.5e300, 7.0e-10, 255.0, 65536.0]
    for k in range(-325, 309):
        vals.append(float("1e%d" % k))
    for k in range(-1074, 1024, 7):
        vals.append(2.0 ** k)
    for k in range(60):
        vals.append(k + 0.5)
        vals.append(k * 0.125)
        vals.append(-(k + 0.5) / 100)
    return vals


def random_float(rng):
    while True:
        x = random_float_any(rng)
        if math.isfinite(x):
            return x


def random_float_any(rng):
    kind = rng.randrange(6)
    if kind == 0:  # any finite bit pattern
        while True:
            x = from_bits(rng.getrandbits(64))
            if math.isfinite(x):
                return x
    if kind == 1:  # a short decimal
        return round(rng.uniform(-1000, 1000), rng.randrange(0, 7))
    if kind == 2:  # an integer
        return float(rng.randrange(-10**rng.randrange(1, 20), 10**rng.randrange(1, 20)))
    if kind == 3:  # a decimal with a chosen exponent
        return float("%de%d" % (rng.randrange(1, 10**rng.randrange(1, 17)), rng.randrange(-330, 300)))
    if kind == 4:  # a subnormal
        return from_bits(rng.getrandbits(52)) * rng.choice([1, -1])
    return rng.uniform(-1, 1) * 10.0 ** rng.randrange(-8, 20)


# --- format-spec pieces ---

FILLS = ["", "<", ">", "^", "=", "*<", "*>", "*^", "*=", "0<", "0>", "0=", "0^", "é^", "😀>",
         " =", "x<"]
SIGNS = ["", "+", "-", " "]
WIDTHS = ["", "1", "5", "8", "12", "15", "25"]
GROUPINGS = ["", ",", "_"]
FLOAT_PRECISIONS = ["", ".0", ".1", ".2", ".3", ".4", ".6", ".10", ".16", ".17", ".20", ".30"]
FLOAT_TYPES = ["", "e", "E", "f", "F", "g", "G", "n", "%"]


def random_spec(rng, precisions, types):
    return "".join([rng.choice(FILLS), rng.choice(SIGNS), rng.choice(["", "", "z"]),
                    rng.choice(["", "", "#"]), rng.choice(["", "", "0"]), rng.choice(WIDTHS),
                    rng.choice(GROUPINGS), rng.choice(precisions), rng.choice(types)])


# Specs that exercise the parser's error paths and corner cases (tried on every type).
ERROR_SPECS = [
    "+", " ", "-", "z", "#", "=", "=5", "0", "010", "z+", ",", "_", ",,", "_,", ",_", "__",
    ".", ".f", "99999999999999999999", ".99999999999999999999", "9223372036854775808",
    "x,", "10.3fx", "ss", "é", "=é", "\x01", "\x7f", "y", "Z", ",n", ",c", ",x", "_x", "_b",
    ",b", "_o", ",s", "_s", ",d", "_d", ",e", "_%", ",%", "<<", ">>5", "^^", "<10", "0<5",
    "\u0663", ".\u0663f", "\u0661\u0660", "%", "c", "s", "d", "x", "b", "o", "X", "n", "e",
    "10", "-10", "+10", " 10", "z.2f", "#x", "#o", "#b", "#X", "#10x", "#010x", "+#x",
    "_X", "010_x", "011_b", "#012_o", "09_", "08,", "07,", "06,", "05,", "04,", "03,",
    "0=10,", "x=10,", "0=10_", "+010,", " 012,", "-013,", "020,.2f", ".2147483648f",
    ".2147483648", "0.2147483648", "=.2147483648", "z.3", "z%", "ze", "#.0e", "#.0f", "#.0", "#", "#g", "#.3g", "#10.4", ".3",
    ".0", ".1", ".0n", ".1n", "n", "#n", "^", "^11", "*^11", "=^11", "z,", "0c", "5c", "<5c",
    "=5c", "05c", "+c", "#c", "c,", ".1c", "zc", "\U0001F600^9", "\U0001F600=9", "\x00>5",
]


def gen_float_format(w, rng, scale):
    pool = special_floats()
    for x in pool[::6]:
        for t in FLOAT_TYPES:
            w.add("F", bits(x), t, *outcome(lambda: format(x, t)))
    for x in pool[:90:2]:
        for p in ["", ".0", ".1", ".3", ".8", ".17", ".25"]:
            for t in FLOAT_TYPES:
                spec = p + t
                w.add("F", bits(x), spec, *outcome(lambda: format(x, spec)))
    big_precisions = [".400f", ".1100f", ".1200f", ".800e", ".1000e", ".770g", ".2000g",
                      "#.800g", ".340", ".780"]
    for x in [5e-324, 2.2250738585072014e-308, 0.1, 1.7976931348623157e308, 1 / 3, 1e-300]:
        for spec in big_precisions:
            w.add("F", bits(x), spec, *outcome(lambda: format(x, spec)))
    for x in [-0.0, -1234567.891, 1e20, -1e-7, math.nan]:
        for spec in ERROR_SPECS:
            w.add("F", bits(x), spec, *outcome(lambda: format(x, spec)))
    for _ in range(3000 * scale):
        x = random_float(rng) if rng.random() < 0.8 else rng.choice(pool)
        spec = random_spec(rng, FLOAT_PRECISIONS, FLOAT_TYPES)
        w.add("F", bits(x), spec, *outcome(lambda: format(x, spec)))
    # Negative values that round to zero, for 'z'.
    for x in [-0.0, -1e-10, -0.004, -0.005, -0.0049999, -0.5, -0.4, -1e-300]:
        for spec in ["z", "z.2f", "z.0f", "z.1e", "z.2g", "z.0%", "z.3", "+z.2f", "z010.2f",
                     "z#.0f", "z.1F", "zn"]:
            w.add("F", bits(x), spec, *outcome(lambda: format(x, spec)))


def gen_repr(w, rng, scale):
    for x in special_floats():
        w.add("R", bits(x), repr(x))
        w.add("H", bits(x), x.hex())
    for _ in range(2500 * scale):
        x = random_float(rng)
        w.add("R", bits(x), repr(x))
    for _ in range(800 * scale):
        x = random_float(rng)
        w.add("H", bits(x), x.hex())


def gen_printf(w, rng, scale):
    flag_sets = ["", "-", "+", " ", "#", "0", "-0", "+0", " 0", "#0", "-+", "+ ", "#-", "#+0",
                 "- 0#"]
    pool = special_floats()
    for _ in range(2000 * scale):
        x = random_float(rng) if rng.random() < 0.7 else rng.choice(pool)
        flags = rng.choice(flag_sets)
        width = rng.choice([-1, -1, 0, 1, 5, 10, 20, 30])
        prec = rng.choice([-1, -1, 0, 1, 2, 3, 6, 10, 17, 25])
        typ = rng.choice("eEfFgG")
        fmt = "%" + flags + (str(width) if width >= 0 else "") + \
              ("." + str(prec) if prec >= 0 else "") + typ
        w.add("PF", bits(x), flags, width, prec, typ, fmt % x)
    for _ in range(2000 * scale):
        v = random_int(rng)
        flags = rng.choice(flag_sets)
        width = rng.choice([-1, -1, 0, 1, 5, 10, 20, 30])
        prec = rng.choice([-1, -1, 0, 1, 2, 3, 6, 10, 25])
        typ = rng.choice("diuoxX")
        fmt = "%" + flags + (str(width) if width >= 0 else "") + \
              ("." + str(prec) if prec >= 0 else "") + typ
        w.add("PI", v, flags, width, prec, typ, fmt % v)
    for text in ["", "abc", "héllo wörld", "日本語", "😀x"]:
        for flags in ["", "-", "0", "-0"]:
            for width in [-1, 0, 2, 8]:
                for prec in [-1, 0, 1, 3]:
                    for typ in "sc" if len(text) == 1 else "s":
                        fmt = "%" + flags + (str(width) if width >= 0 else "") + \
                              ("." + str(prec) if prec >= 0 else "") + typ
                        w.add("PS", text, flags, width, prec, typ, fmt % text)
    for text in ["x", "é", "😀"]:
        for flags in ["", "-", "0"]:
            for width in [-1, 3]:
                for prec in [-1, 0, 2]:
                    fmt = "%" + flags + (str(width) if width >= 0 else "") + \
                          ("." + str(prec) if prec >= 0 else "") + "c"
                    w.add("PS", text, flags, width, prec, "c", fmt % text)


def random_int(rng):
    kind = rng.randrange(5)
    if kind == 0:
        return rng.randrange(-100, 100)
    if kind == 1:
        return rng.randrange(-10**6, 10**6)
    if kind == 2:
        return rng.choice([1, -1]) * (2 ** rng.randrange(0, 130) + rng.randrange(-2, 3))
    if kind == 3:
        return rng.randrange(-10**rng.randrange(1, 60), 10**rng.randrange(1, 60))
    return rng.randrange(0, 0x110000 + 10)


INT_TYPES = ["", "b", "c", "d", "o", "x", "X", "n", "e", "E", "f", "F", "g", "G", "%"]


def gen_int_format(w, rng, scale):
    for v in [0, -1, 65, -1234, 12345678, -10**20, 0x10FFFF, 0x110000, 2**63 - 1, 2**63,
              -(2**63), 0x1F600]:
        for spec in ERROR_SPECS + INT_TYPES:
            if spec and spec[-1] in "eEfFgG%" and abs(v) > 2**53:
                continue
            w.add("I", v, spec, *outcome(lambda: format(v, spec)))
    for _ in range(2500 * scale):
        typ = rng.choice(INT_TYPES)
        v = random_int(rng)
        if typ in ["e", "E", "f", "F", "g", "G", "%"]:
            v = max(-2**53, min(2**53, v))
            prec = rng.choice(FLOAT_PRECISIONS)
        else:
            prec = rng.choice(["", "", "", "", ".2"])
        spec = "".join([rng.choice(FILLS), rng.choice(SIGNS), rng.choice(["", "", "", "z"]),
                        rng.choice(["", "#"]), rng.choice(["", "", "0"]),
                        rng.choice(WIDTHS + ["30", "40"]), rng.choice(GROUPINGS), prec, typ])
        w.add("I", v, spec, *outcome(lambda: format(v, spec)))


def gen_str_format(w, rng, scale):
    texts = ["", "a", "abc", "héllo", "日本語テキスト", "😀x😀", "tab\there"]
    for text in texts:
        for spec in ERROR_SPECS + ["s", "5s", "<5", ">5", "^5", "^6", "*^7", ".2", ".0", "10.3",
                                   "é<9.4s", "😀^10", "010", "0<8", "0>8"]:
            w.add("S", text, spec, *outcome(lambda: format(text, spec)))
    for _ in range(300 * scale):
        text = rng.choice(texts)
        spec = rng.choice(FILLS) + rng.choice(WIDTHS) + rng.choice(["", ".0", ".1", ".3"]) + \
            rng.choice(["", "s"])
        w.add("S", text, spec, *outcome(lambda: format(text, spec)))


COMPLEX_TYPES = ["", "e", "E", "f", "F", "g", "G", "n"]


def gen_complex(w, rng, scale):
    parts = [0.0, -0.0, 1.0, -1.0, 2.5, -1e-7, 1e20, 1234567.5, math.inf, -math.inf, math.nan,
             5e-324, 1e16, 0.1]
    for re in parts:
        for im in parts:
            w.add("CR", bits(re), bits(im), repr(complex(re, im)))
            for t in COMPLEX_TYPES:
                w.add("C", bits(re), bits(im), t, *outcome(lambda: format(complex(re, im), t)))
    for re, im in [(1.5, -2.25), (0.0, 3.0), (-0.0, 3.0)]:
        for spec in ERROR_SPECS:
            w.add("C", bits(re), bits(im), spec, *outcome(lambda: format(complex(re, im), spec)))
    for _ in range(1000 * scale):
        re = random_float(rng) if rng.random() < 0.7 else rng.choice(parts)
        im = random_float(rng) if rng.random() < 0.7 else rng.choice(parts)
        spec = random_spec(rng, FLOAT_PRECISIONS, COMPLEX_TYPES)
        w.add("C", bits(re), bits(im), spec, *outcome(lambda: format(complex(re, im), spec)))


def py_float(text):
    try:
        return "ok", bits(float(text))
    except ValueError:
        return "no", ""


def decimal_string(f):
    """Exact decimal text of a Fraction whose denominator is a power of two."""
    num, den = f.numerator, f.denominator
    k = den.bit_length() - 1
    assert den == 1 << k
    digits = str(num * 5**k)
    if k == 0:
        return digits
    digits = digits.rjust(k + 1, "0")
    return digits[:-k] + "." + digits[-k:]


def gen_parse_float(w, rng, scale):
    fixed = ["0", "-0", "+0", "1", "-1", "1.", ".5", "-.5", "+.5e1", "1e5", "1E5", "1e+5",
             "1e-5", "1.5e0003", "00012", "1_000", "1_000.000_1", "1_0e1_0", "inf", "-inf",
             "+inf", "Infinity", "-INFINITY", "iNf", "nan", "-nan", "+NaN", "NAN", "  1.5  ",
             "\t-2\n", "", " ", "1_", "_1", "1__0", "1._5", "1_.5", "1e", "1e+", ".", "e5",
             "--1", "+-1", "1.5.5", "0x10", "in", "infinit", "infinityy", "nan(1)", "1 2",
             "1_e5", "1e_5", "1e5_0", "1e5_", ".e1", "1.e1", "-.e1", "1e99999999999999999999",
             "1e-99999999999999999999", "0e99999999999999999999", "1e400", "-1e400", "1e-400",
             "2.4703282292062327e-324", "2.4703282292062328e-324", "2.47032822920623272e-324",
             "4.9406564584124654e-324", "1.7976931348623157e308", "1.7976931348623158e308",
             "1.7976931348623159e308", "179769313486231580793728971405301e276",
             "0." + "0" * 400 + "1", "1" + "0" * 400, "0" * 500 + "1.5", "1.5" + "0" * 500,
             "9007199254740993", "9007199254740993.0000000000000000000000000001",
             "2.2250738585072011e-308", "2.2250738585072012e-308", "1\x00", "nan ",
             "inf_", "1_000_000", "1.0e-3_0", "+_1", "-_1", "0_0", "0__0", "1e1_", "1.e"]
    for text in fixed:
        w.add("P", text, *py_float(text))
    for _ in range(1000 * scale):
        x = random_float(rng)
        text = repr(x)
        r = rng.random()
        if r < 0.2 and "e" not in text and "inf" not in text and "nan" not in text:
            text = "%.*e" % (rng.randrange(0, 20), x)
        elif r < 0.35:
            text = " " * rng.randrange(3) + text + "\t" * rng.randrange(2)
        elif r < 0.5:  # underscores between some digits, sometimes misplaced
            chars = list(text)
            for i in range(len(chars) - 1, 0, -1):
                if rng.random() < 0.15:
                    chars.insert(i, "_")
            text = "".join(chars)
        w.add("P", text, *py_float(text))
    for _ in range(1000 * scale):  # halfway between two doubles, and just around it
        x = abs(random_float(rng)) if rng.random() < 0.5 else rng.uniform(0, 1e6)
        if x == 0 or not math.isfinite(math.nextafter(x, math.inf)):
            continue
        mid = decimal_string((Fraction(x) + Fraction(math.nextafter(x, math.inf))) / 2)
        if len(mid) > 60:
            continue
        for text in [mid, mid + "0001", mid[:-1] + str(int(mid[-1]) - 1) if mid[-1] != "0" else mid]:
            w.add("P", text, *py_float(text))


def gen_parse_int(w, rng, scale):
    cases = [("0x1f", 0), ("0x1f", 16), ("0X1F", 0), ("0b101", 0), ("0b101", 2), ("0o17", 0),
             ("0O17", 8), ("017", 0), ("000", 0), ("0_0", 0), ("00_0", 0), ("0_1", 0),
             ("1_000", 10), ("1__0", 10), ("_1", 10), ("1_", 10), (" 12 ", 10), ("+12", 10),
             ("-0x_1f", 0), ("0x_1f", 16), ("0x__1f", 16), ("0x", 16), ("0x", 0), ("z", 36),
             ("Z", 36), ("12", 2), ("0b1", 16), ("0b1", 0), ("ff", 16), ("  -  1", 10),
             ("- 1", 10), ("", 10), (" ", 10), ("-", 10), ("+", 0), ("0", 0), ("-0", 0),
             ("0o", 8), ("0o8", 8), ("0o7_7", 8), ("0b_", 2), ("0b2", 2), ("1\x00", 10),
             ("123abc", 10), ("123abc", 16), ("0x1g", 16), ("zz", 35), ("yy", 35),
             ("9" * 50, 10), ("-" + "f" * 40, 16), ("0_", 0), ("08", 0), ("00", 0),
             ("0b", 0), ("0b", 2), ("0o_7", 0), ("0x1f", 10), ("\t\n1\x0b\x0c\r", 10),
             ("1 1", 10), ("0B0_1", 0), ("0x1_f_", 16), ("10", 3), ("2", 3), ("0", 2)]
    for text, base in cases:
        w.add("N", text, base, *py_int(text, base))
    for _ in range(1200 * scale):
        base = rng.choice([0, 0, 2, 8, 10, 10, 16, 36, rng.randrange(2, 37)])
        v = random_int(rng)
        digits = to_base(abs(v), base if base else rng.choice([2, 8, 10, 16]))
        text = digits
        if base == 0:
            b = rng.choice([10, 16, 8, 2])
            text = {10: "", 16: "0x", 8: "0o", 2: "0b"}[b] + to_base(abs(v), b)
        elif base in (2, 8, 16) and rng.random() < 0.3:
            text = {16: "0x", 8: "0o", 2: "0b"}[base] + text
        if rng.random() < 0.3:
            chars = list(text)
            for i in range(len(chars) - 1, 0, -1):
                if rng.random() < 0.2:
                    chars.insert(i, "_")
            text = "".join(chars)
        if v < 0:
            text = "-" + text
        if rng.random() < 0.2:
            text = rng.choice([" ", "\t", ""]) + text + rng.choice([" ", "\n", ""])
        if rng.random() < 0.1:
            text = text.upper()
        w.add("N", text, base, *py_int(text, base))


def to_base(n, base):
    if n == 0:
        return "0"
    digits = []
    while n:
        n, d = divmod(n, base)
        digits.append("0123456789abcdefghijklmnopqrstuvwxyz"[d])
    return "".join(reversed(digits))


def py_int(text, base):
    try:
        return "ok", str(int(text, base))
    except ValueError:
        return "no", ""


def gen_parse_complex(w, rng, scale):
    fixed = ["1", "1j", "1+2j", "(1+2j)", " ( 1+2j ) ", "1-j", "-j", "j", "+j", "J", "1e5j",
             "inf+nanj", "-infj", "nan", "1+", "1+2", "(1+2j", "1+2j)", "1 +2j", "1+ 2j",
             "1+2jj", "", "()", "( )", "1_0+2_0j", "1__0j", "1e-5-3.5e+2J", ".5j", "5.j",
             "1+infj", "1+infinityj", "1+infinj", "-nanj", "(j)", "((1))", "(1)", " 1 ",
             "1e", "1ej", "1e+j", "+1.5-2.5j", "-1.5+2.5J", "1.5e300+1e-300j", "1e999+1e999j",
             "-0-0j", "(-0-0j)", "0j", "-0j", "1j+2", "j1", "1_j", "1+_2j", "(1_0j)", "--1",
             "1+-2j", "\t(1+2j)\n", "1\x00", "INFINITYJ", "-Infinity-Infinityj", "nanj",
             "+nan-nanj", "1 j", "( 1 ) ", "(1 )", "( 1)", "1.5.5j"]
    for text in fixed:
        w.add("PC", text, *py_complex(text))
    for _ in range(600 * scale):
        re, im = random_float(rng), random_float(rng)
        text = repr(complex(re, im))
        if rng.random() < 0.3:
            text = text.strip("()")
        if rng.random() < 0.2:
            text = " " + text + " "
        w.add("PC", text, *py_complex(text))


def py_complex(text):
    try:
        z = complex(text)
        return "ok", bits(z.real), bits(z.imag)
    except ValueError:
        return "no", "", ""


def gen_fromhex(w, rng, scale):
    fixed = ["0x1p0", "1p0", "0X1.8P+1", " 0x1.0p-1 ", "-0x1p-1074", "0x1p-1075", "0x3p-1076",
             "0x1p-1076", "0x1.0000000000001p-1075", "0x1.fffffffffffffp1023",
             "0x1.fffffffffffff8p1023", "0x1.fffffffffffff7ffp1023", "0x1p1024", "0x1p1023",
             "", "0x", "0xp1", "1p", "1p+", "inf", "-infinity", "nan", " nan ", "x1",
             "0x1.2.3", "0x1p99999", "0x1p99999 junk", "0x1p-99999", "0x1p-99999 junk", "1e10",
             " -inf ", "0xinf", "0x.8", ".8", "8.", "0x8.", "0x.", ".", "0x1p+", "0x1p-",
             "0x1P1", "0x1p1.5", "+0x1p0", "-0x0p0", "0x0p99999", "0x0.0000p-99999999999",
             "0x1p9223372036854775807", "0x1p-9223372036854775808", "0x1p99999999999999999999",
             "0x1p-99999999999999999999", "0x" + "0" * 100 + "1p0", "0x1" + "0" * 100 + "p-400",
             "0x1" + "0" * 30 + "1p0", "0x1.00000000000008p0", "0x1.00000000000018p0",
             "0x1.000000000000080000000001p0", "0x1.00000000000007ffffffffp0",
             "0x0.0000000000001p-1022", "0x0.00000000000008p-1022", "0x0.00000000000018p-1022",
             "0x0.0000000000000800001p-1022", "0x1.ffffffffffffffp-1023", "0x1\x00",
             "\t0x1p1\n", "0x1p1\x0b", "0x1 p1", "- 0x1p1", "-+0x1p1", "0x-1p1", "0x_1p1",
             "1_0p0", "fp0", "FFp0", "ff", "0x1.8", "1.8p1", "0x.0p0", "0x0", "0", "0x1p0x"]
    for text in fixed:
        w.add("X", text, *py_fromhex(text))
    for _ in range(1500 * scale):
        r = rng.random()
        if r < 0.4:
            text = random_float(rng).hex()
        else:
            mant = rng.getrandbits(rng.randrange(1, 120))
            digits = "%x" % mant
            point = rng.randrange(0, len(digits) + 1)
            text = digits[:point] + "." + digits[point:] if rng.random() < 0.6 else digits
            text = rng.choice(["0x", "", "0X", "-0x", "+"]) + text + "p%d" % rng.randrange(-1200, 1100)
        w.add("X", text, *py_fromhex(text))


def py_fromhex(text):
    try:
        return "ok", bits(float.fromhex(text))
    except ValueError as e:
        return "V", str(e)
    except OverflowError as e:
        return "O", str(e)


def gen_round(w, rng, scale):
    pool = special_floats()
    ndigits_fixed = [0, 1, 2, 3, -1, -2, -5, 15, 16, 17, 22, -22, 300, 308, 309, 320, 323, 324,
                     -300, -307, -308, -309, -400, 2**63 - 1, -2**63]
    for x in pool[:100:2] + pool[100::30]:
        for n in ndigits_fixed:
            w.add("D", bits(x), n, *py_round(x, n))
    for x, n in [(2.675, 2), (0.125, 2), (0.375, 2), (2.5, 0), (5e-324, 323), (1e-323, 323),
                 (1.5e308, -308), (1.7976931348623157e308, -308), (-1.5e308, -308),
                 (5e307, -308), (4.5e307, -308), (1.25, 1), (1.35, 1), (0.5, 0), (1.5, 0),
                 (-0.5, 0), (-0.4, 0), (25.0, -1), (35.0, -1), (15.0, -1), (-25.0, -1),
                 (5e15, -16), (5000000000000001.0, -16), (1e16, -16), (9.5, 0), (1e22, -22),
                 (5e22, -23), (4.9e-324, 324)]:
        w.add("D", bits(x), n, *py_round(x, n))
    for _ in range(1500 * scale):
        x = random_float(rng)
        e = 0 if x == 0 else int(math.floor(math.log10(abs(x))))
        n = rng.choice([rng.randrange(-e - 3, -e + 20), rng.randrange(-330, 330),
                        rng.randrange(-3, 8)])
        w.add("D", bits(x), n, *py_round(x, n))
    for _ in range(500 * scale):  # exact halves at the rounding place
        k = rng.randrange(-5, 6)
        m = rng.randrange(0, 10**6)
        x = float(Decimal(2 * m + 1) / 2 * Decimal(10) ** -k)
        w.add("D", bits(x), k, *py_round(x, k))


def py_round(x, n):
    try:
        return "ok", bits(round(x, n))
    except OverflowError as e:
        return "O", str(e)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--out", default=OUT_DEFAULT)
    parser.add_argument("--seed", type=int, default=3110)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    w = Writer()
    for gen in [gen_repr, gen_float_format, gen_printf, gen_int_format, gen_str_format,
                gen_complex, gen_parse_float, gen_parse_int, gen_parse_complex, gen_fromhex,
                gen_round]:
        gen(w, rng, args.scale)
    header = ["# generated by tools/gen_number_vectors.py from python3.11 %s; do not edit"
              % sys.version.split()[0],
              "# %d cases; kinds and fields are described in tests/unit/number_text_test.cpp"
              % len(w.lines)]
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header + w.lines) + "\n")
    print("%s: %d cases, %d bytes" % (args.out, len(w.lines), os.path.getsize(args.out)))


if __name__ == "__main__":
    main()
