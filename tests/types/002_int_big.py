# Big ints: exact results far beyond 64 bits, str round trips, the int<->str digit limit,
# bases, and GMP-sized operations that must stay fast.
import sys

def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)

f = 1
for i in range(2, 301):
    f *= i
print(len(str(f)), str(f)[:40], str(f)[-40:])
print(f % (10**9 + 7), f // 10**600, f.bit_length(), f.bit_count())
q, r = divmod(f, 3**100 + 17)
print(q % 10**20, r, q * (3**100 + 17) + r == f)
print(divmod(-f, 7**50)[1], divmod(f, -7**50)[1], (-f) // 7**50 % 10**10)
print((2**521 - 1) % 1000000007, pow(3, 2**521 - 2, 2**521 - 1) == pow(3, -1, 2**521 - 1))
print(int(str(f)) == f, int(hex(f), 16) == f, int(oct(f), 8) == f, int(bin(f), 2) == f)
print(hex(2**200), oct(-2**100), bin(2**70 + 1))
print(hex(-255), oct(8), bin(-5), hex(0), bin(0))

# Mixed sizes.
a = 2**1000 + 12345
b = 2**500 - 7
print(a // b, a % b, (a * b) % 1000003, (a - b * b) < 0, -a // b, -a % b)
print(a & b, (a | b) % 10**30, (a ^ -b) % 10**30, ~a % 10**12, -a >> 990, a >> 990)
print(a / b, b / a, a / -b, float(a), float(-b))
print(a == a + 0, a != b, a > b, -a < -b, abs(-a) == a)

# The digit limit for decimal conversions (4300 digits by default).
big = 10**4299
print(len(str(big)), len(str(-big)), len(repr(big)))
show('str 4301 digits', lambda: str(10**4300))
show('int 4301 digits', lambda: int('1' * 4301))
show('int 4301 with garbage', lambda: int('1' * 4301 + 'x'))
show('int zeros', lambda: int('0' * 5000))
show('hex is exempt', lambda: len(hex(10**5000)))
show('base 16 parse exempt', lambda: int('f' * 5000, 16) > 0)
show('base 3 parse limited', lambda: int('1' * 5000, 3))
show('format d', lambda: format(10**5000, 'd'))
show('format x', lambda: len(format(10**5000, 'x')))
print(sys.get_int_max_str_digits())
sys.set_int_max_str_digits(5000)
print(len(str(10**4500)), int('7' * 4999) % 1000)
show('set too small', lambda: sys.set_int_max_str_digits(100))
sys.set_int_max_str_digits(0)
print(len(str(10**20000)))
sys.set_int_max_str_digits(4300)
show('back to limit', lambda: str(10**5000))

# Large shifts and powers.
print((1 << 10000).bit_length(), ((1 << 10000) >> 9990), (-1 << 200) >> 199)
print(pow(2, 10000) % 10**20, pow(7, 12345, 10**30), len(str(3**8000)))
show('huge shift', lambda: 1 << (1 << 64))
show('huge rshift', lambda: 5 >> (1 << 64))
show('negative huge rshift', lambda: -5 >> (1 << 64))

# Hash of big ints is the value mod 2**61 - 1.
M = 2**61 - 1
for v in [M, M + 1, -M, -M - 1, 2**100, -2**100, f, -f]:
    print(hash(v) == (v % M if v >= 0 else -((-v) % M)) or hash(v) == -2)
