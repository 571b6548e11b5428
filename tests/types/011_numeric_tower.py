# The numeric tower beyond the built-ins: Fraction and Decimal hash and compare equal to
# the ints and floats they equal, and numbers' ABCs recognise the built-in types.
from fractions import Fraction
from decimal import Decimal
import numbers
import math

for v in [0, 1, -1, 2**53, 2**64, 2**100, -2**100]:
    print(v, hash(v) == hash(Fraction(v)), Fraction(v) == v, Decimal(v) == v, hash(Decimal(v)) == hash(v))
for f in [0.5, 0.1, -2.75, 1e-10, 1.5e300]:
    print(f, hash(f) == hash(Fraction(f)), Fraction(f) == f, hash(f) == hash(Decimal(f)), Decimal(f) == f)
print(Fraction(1, 3) < 0.34, Fraction(1, 3) == 1 / 3, 0.5 == Fraction(1, 2), Fraction(3, 4) + 1, 1.5 + Fraction(1, 2))
print(isinstance(1, numbers.Integral), isinstance(1.5, numbers.Real), isinstance(1j, numbers.Complex), isinstance(True, numbers.Number))
print(issubclass(int, numbers.Rational), issubclass(float, numbers.Integral), issubclass(complex, numbers.Real))
print(math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.5), math.fsum([0.1] * 10), math.isqrt(10**40 + 1), math.gcd(2**100, 6**50))
print(math.log(10**400), math.log2(2**1000), math.log10(10**500), math.sqrt(2**1000), math.factorial(30))
print(round(Fraction(7, 2)), round(Decimal('2.5')), int(Fraction(-7, 2)), float(Fraction(1, 3)), Fraction(0.1).limit_denominator(100))
print((2.5).as_integer_ratio(), Fraction(*(2.5).as_integer_ratio()), Fraction.from_float(1e300) == 1e300, Decimal.from_float(0.1))
