# int basics: arithmetic on small values and across the small/big boundary, division
# semantics, bitwise operators, shifts, powers, comparisons, conversions and methods.

def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)

values = [0, 1, -1, 7, -7, 2**62 - 1, -2**62, 2**62, -2**62 - 1, 2**63, -2**63, 2**64 + 3, -(2**100) + 5]
for a in values:
    for b in [1, -1, 3, -3, 2**62, -(2**62) - 1, 2**70 + 1]:
        print(a, b, a + b, a - b, a * b, a // b, a % b, divmod(a, b), a & b, a | b, a ^ b)
        print(' ', a < b, a <= b, a == b, a != b, a > b, a >= b)

for a in values:
    print(a, -a, +a, abs(a), ~a, bool(a), a.bit_length(), a.bit_count(), float(a))

# Floor division and modulo follow the sign of the divisor.
for a in [7, -7, 0]:
    for b in [2, -2, 5, -5]:
        print(a, b, a // b, a % b, divmod(a, b))

# True division is correctly rounded.
print(1 / 3, 2 / 3, -1 / 3, 10 / 4, 7 / -2, 0 / 5, 0 / -5)
print(2**53 + 1, (2**53 + 1) / 1, (10**30 + 1) / 10**15, 2**1100 / 2**1090, 3 / 2**1076)
print((2**64 - 1) / 3, (-2**100) / 7, 10**308 / 10**300)

# Shifts.
for a in [1, -1, 5, -5, 2**62 - 1, -2**62, 2**100]:
    print(a, [a << n for n in (0, 1, 2, 61, 62, 63, 64, 100)])
    print(a, [a >> n for n in (0, 1, 2, 61, 62, 63, 64, 100, 1000)])

# Powers.
print([2**n for n in range(0, 70, 7)])
print([(-3)**n for n in range(0, 45, 4)])
print(0**0, 0**5, 1**1000, (-1)**1001, (-1)**1000, 2**-1, 2**-2, (-2)**-3, 10**-1)
print(pow(3, 4, 5), pow(3, -1, 7), pow(-3, 5, 7), pow(3, 5, -7), pow(2, 100, 10**9 + 7), pow(5, 0, 1))
print(pow(7, -3, 11), pow(2**100, 3, 2**61 - 1), pow(12345, 6789, 2**64))

# Comparisons chain and mix with bool and float.
print(1 < 2 < 3, 3 > 2 > 2, 1 == 1.0, 1 == True, 2**64 == 2.0**64, 2**64 + 1 == 2.0**64)
print(max(3, 7, -1), min([5, 2**70, -2**70]), sorted([3, -1, 2**65, 0, -2**65]))

# Methods and attributes.
print((37).bit_length(), (-37).bit_length(), (0).bit_length(), (2**100).bit_length())
print((13).bit_count(), (-13).bit_count(), (2**100 - 1).bit_count())
print((1024).to_bytes(2, 'big'), (1024).to_bytes(2, 'little'), (-1).to_bytes(2, 'big', signed=True))
print((255).to_bytes(), (0).to_bytes(0, 'big'), (2**64).to_bytes(9, 'little'), (-128).to_bytes(1, 'big', signed=True))
print(int.from_bytes(b'\x00\x10', 'big'), int.from_bytes(b'\x00\x10', 'little'), int.from_bytes(b'\xff\xff', 'big', signed=True))
print(int.from_bytes([1, 2, 3], 'big'), int.from_bytes(bytearray(b'\x80'), 'big', signed=True), int.from_bytes(b''), int.from_bytes(b'\x01' * 20, 'little'))
print((10).as_integer_ratio(), (-3).as_integer_ratio(), (5).conjugate(), (5).real, (5).imag, (5).numerator, (5).denominator)
print(round(12345, -2), round(12350, -2), round(12450, -2), round(-12350, -2), round(5, 2), round(15, -1), round(25, -1), round(7, None))
print(round(2**100 + 5 * 10**20, -21), round(123, -5), round(-5, -1))
print((7).__trunc__(), (7).__floor__(), (7).__ceil__(), (7).__round__(), (7).__getnewargs__(), (7).__index__(), (7).__int__(), (7).__float__())
print((0).__sizeof__(), (1).__sizeof__(), (2**30 - 1).__sizeof__(), (2**30).__sizeof__(), (2**60).__sizeof__(), (2**90).__sizeof__(), (-2**200).__sizeof__())

# int() from numbers and strings.
print(int(), int(3.99), int(-3.99), int(1e20), int('42'), int(' -42 '), int('1_000_000'), int('0x1f', 16), int('1f', 16))
print(int('0b101', 0), int('0o17', 0), int('0x_ff', 0), int('0', 0), int('00', 0), int('z', 36), int('Z', 36), int(b'12'), int(bytearray(b' 7 ')))
print(int('\u0663\u0664'), int('\uff11\uff12'), int('\u2003 5 \u3000'), int('-0'), int('+12'))
print(int(True), int(False), type(int(True)), int(2**80 + 0.0), int(-2.5e30))
print(int('1' * 50), int('-' + '9' * 40, 10), int('zz' * 10, 36))

# Augmented assignment.
x = 2**62 - 1
x += 1
print(x, type(x))
x -= 1
print(x)
x *= 2**40
print(x)
x //= 2**41
print(x)
x **= 3
print(x)
x %= 1000
print(x)
x <<= 70
print(x)
x >>= 69
print(x)
x |= 1
x &= 0xFF
x ^= 0x0F
print(x)

# Sum and product over a range crossing into big ints.
total = 0
product = 1
for i in range(1, 40):
    total += i * i * i * i * i * i * i * i * i * i * i * i
    product *= i
print(total, product)
