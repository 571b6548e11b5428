# float: repr, arithmetic with CPython's rules for % // divmod and **, comparisons with
# ints (exact at any size), conversions, the constructor and the methods.

def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)

inf = float('inf')
nan = float('nan')
print(0.1, 0.5, 1.0, -0.0, 1e16, 1e-5, 1e-4, 123456789012345.6, 1.5e300, 5e-324, 2.0**0.5, inf, -inf, nan)
print(0.1 + 0.2, 1.1 * 3, 1 / 3.0, 2.0 - 3, 1e308 * 10, -1e308 * 10, 1e-320 / 10, 7.0 / 2)

for a in [7.5, -7.5, 0.0, -0.0, 3.0, 1e300, 5e-324]:
    for b in [2.0, -2.0, 0.5, 3, -3, inf, -inf]:
        print(a, b, a // b, a % b, divmod(a, b))

for a in [2.0, -2.0, 0.0, -0.0, 0.5, 1.0, -1.0, inf, -inf, nan, 10.0]:
    row = []
    for b in [0.0, 1.0, 2.0, 3.0, -1.0, -2.0, 0.5, inf, -inf, nan, 1025.0]:
        try:
            row.append(repr(a ** b))
        except Exception as e:
            row.append(type(e).__name__)
    print(a, row)

print((-8.0) ** (1 / 3), (-2.0) ** 0.5, (-1.0) ** 0.5, pow(-8.0, 1 / 3))
show('pow overflow', lambda: 10.0 ** 400)
show('pow zero neg', lambda: 0.0 ** -1)
show('pow 3 args', lambda: pow(2.0, 3, 5))
show('int pow neg', lambda: 2 ** -2)
show('div zero', lambda: 1.0 / 0)
show('floordiv zero', lambda: 1.0 // 0.0)
show('mod zero', lambda: 1.0 % 0)
show('divmod zero', lambda: divmod(1.0, 0.0))
show('int div float zero', lambda: 1 / 0.0)

# Comparisons with ints are exact.
print(2.0**53 == 2**53, 2.0**53 == 2**53 + 1, 2.0**53 < 2**53 + 1, 2.0**63 == 2**63, 2.0**64 > 2**64 - 1)
print(1e308 < 10**400, -1e308 > -10**400, inf > 10**400, -inf < -10**400, nan == 0, nan != 0, nan < 1, nan > 2**100)
print(0.5 < 1, 0.5 > 0, -0.5 < 0, -0.5 > -1, 1.0 == 1, -0.0 == 0, 3.5 >= 3, 3.5 <= 4)
print(9007199254740993 > 9007199254740992.0, 9007199254740993 < 9007199254740994.0, 2**62 + 1 > 2.0**62)
print(sorted([3, 2.5, -1, 2**70, -1e30, 0.0, 7]))

# Conversions.
print(int(3.7), int(-3.7), int(1e20), int(-1e300) % 1000, round(2.5), round(3.5), round(-2.5), round(0.5), round(-0.5))
print(round(2.675, 2), round(1.5, 0), round(1234.5678, -2), round(-1234.5678, 1), round(1e300, -299), round(5e-324, 400))
print((-2.5).__floor__(), (-2.5).__ceil__(), (-2.5).__trunc__(), (2.5).__floor__(), (2.5).__ceil__(), (2.5).__trunc__())
show('int nan', lambda: int(nan))
show('int inf', lambda: int(inf))
show('round inf', lambda: round(inf))
show('round nan', lambda: round(nan))
show('round inf digits', lambda: round(inf, 2))
show('round overflow', lambda: round(1.7976931348623157e308, -308))
print(float(), float(3), float(-2**70), float('1.5'), float('  -1e3  '), float('1_000.5'), float('inf'), float('-Infinity'), float('nAn'))
print(float(b'2.5'), float(bytearray(b'-0.5')), float('\u0661\u0662.5'), float('\u2003 7 \u3000'), float(True), float(2**1023))
show('float bad', lambda: float('x'))
show('float bad bytes', lambda: float(b'x'))
show('float bad bytearray', lambda: float(bytearray(b'x')))
show('float list', lambda: float([]))
show('float complex', lambda: float(1j))
show('float big int', lambda: float(2**1024))
show('float keyword', lambda: float(x=1))
show('float two args', lambda: float(1, 2))
show('float underscore', lambda: float('1__0'))
show('float empty', lambda: float(''))
show('float nul', lambda: float('1\x00'))

# Methods.
print((0.5).as_integer_ratio(), (-0.75).as_integer_ratio(), (10.0).as_integer_ratio(), (0.1).as_integer_ratio(), (1e300).as_integer_ratio()[1])
show('ratio inf', lambda: inf.as_integer_ratio())
show('ratio nan', lambda: nan.as_integer_ratio())
print((1.0).is_integer(), (1.5).is_integer(), inf.is_integer(), nan.is_integer(), (-0.0).is_integer())
print((1.0).hex(), (-0.1).hex(), (0.0).hex(), (-0.0).hex(), inf.hex(), (5e-324).hex(), (1.7976931348623157e308).hex())
print(float.fromhex('0x1.8p1'), float.fromhex('-0x1p-1074'), float.fromhex(' 0x1.fffffffffffffp+1023 '), float.fromhex('inf'), float.fromhex('0x.8'))
show('fromhex bad', lambda: float.fromhex('0x1.g'))
show('fromhex overflow', lambda: float.fromhex('0x1p1024'))
show('fromhex type', lambda: float.fromhex(1))
print((2.5).conjugate(), (2.5).real, (2.5).imag, (2.5).__getnewargs__(), float.__getformat__('double'), float.__getformat__('float'))
show('getformat bad', lambda: float.__getformat__('int'))
show('getformat type', lambda: float.__getformat__(1))
print((1.5).__sizeof__(), abs(-2.5), -(0.0), +(-0.0), bool(0.0), bool(-0.0), bool(nan))

# Augmented assignment and accumulation.
x = 0.0
for i in range(10):
    x += 0.1
print(x, x == 1.0, sum([0.1] * 10))
x *= 3
x /= 7
x -= 1
x **= 2
x //= 0.01
x %= 3
print(x)
