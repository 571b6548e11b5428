# complex: repr, arithmetic (division, powers), abs, equality with ints and floats,
# the constructor's rules and messages, methods and attributes.

def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)

inf = float('inf')
nan = float('nan')
print(1j, 1 + 2j, -1j, 0j, -0j, complex(-0.0, -0.0), complex(0.0, -0.0), complex(1, 0), 1e20j, 1.5e-7 + 2j)
print(complex(inf, nan), complex(-inf, 1), complex(nan, -inf), 3 - 0j, -(3 + 0j))
a, b = 1 + 2j, 3 - 4j
print(a + b, a - b, a * b, a / b, b / a, a ** 2, a ** -2, a ** 0.5, a ** b, a ** 0, 0j ** 0)
print(a + 1, 1 + a, a * 2.5, 2.5 * a, a - True, 10 / a, a / 10, 2 ** a, 2.0 ** a, a ** 3.0)
print(a == 1 + 2j, a != b, 1 + 0j == 1, 1 + 0j == 1.0, 1j == 1, (2**53 + 1) + 0j == 2**53 + 1, 0j == 0, complex(1, 1) == 1)
print(abs(3 + 4j), abs(-5j), abs(0j), abs(complex(inf, nan)), abs(complex(nan, 2)), abs(complex(1e300, 1e300)))
print((1 + 2j).conjugate(), (1 + 2j).real, (1 + 2j).imag, (1 + 2j).__getnewargs__(), (1j).__complex__(), bool(0j), bool(1j), bool(complex(0, -0.0)))
print([(1 + 1j) ** n for n in range(-3, 8)])
print((1 + 2j) ** 101, (0.5 + 0.5j) ** 100, (-1) ** 0.5, (-8) ** (1 / 3))
print(complex(), complex(1), complex(1.5, 2), complex(1, 2j), complex(1j, 2j), complex(1 + 2j, 3 + 4j), complex(True, False))
print(complex('1'), complex('2j'), complex('1+2j'), complex(' (1-2.5e3J) '), complex('-j'), complex('inf+nanj'), complex('1_0+2_0j'), complex('\u0661+\u0662j'))
print(complex(real=1, imag=2), complex(imag=3), complex(real=2j))

class C:
    def __complex__(self):
        return 5 + 6j

class F:
    def __float__(self):
        return 2.5

class I:
    def __index__(self):
        return 7

print(complex(C()), complex(F()), complex(I()), complex(F(), I()), complex(1, F()))
show('div zero', lambda: (1 + 2j) / 0)
show('div zero complex', lambda: 1 / 0j)
show('zero neg power', lambda: 0j ** -1)
show('zero complex power', lambda: 0j ** (1 + 1j))
show('overflow power', lambda: complex(2, 0) ** 1025)
show('overflow power 2', lambda: (1e200 + 1e200j) ** 2.5)
show('nan power', lambda: complex(inf, 0) ** 2)
show('modulo', lambda: pow(1j, 2, 3))
show('abs overflow', lambda: abs(complex(1e308, 1e308)))
show('lt', lambda: 1j < 2j)
show('floordiv', lambda: 1j // 2)
show('mod', lambda: 1j % 2)
show('int', lambda: int(1j))
show('float', lambda: float(1j))
show('round', lambda: round(1j))
show('str and imag', lambda: complex('1', 2))
show('imag str', lambda: complex(1, '2'))
show('malformed', lambda: complex('1+'))
show('malformed 2', lambda: complex('(1+2j'))
show('underscores', lambda: complex('1__2j'))
show('list', lambda: complex([]))
show('second list', lambda: complex(1, []))
show('too many', lambda: complex(1, 2, 3))
show('both', lambda: complex(1, real=2))
show('big int', lambda: complex(10**400))
show('big int op', lambda: (1 + 1j) * 10**400)

class BadC:
    def __complex__(self):
        return 1

show('bad __complex__', lambda: complex(BadC()))
print(format(1 + 2j, ''), format(1 + 2j, '.2f'), format(-1.5j, '>12'), format(1 + 2j, 'e'), format(complex(inf, nan), 'g'), f'{3-4j:^20.1f}|')
show('format bad', lambda: format(1j, 'd'))
show('format zero pad', lambda: format(1j, '010'))
show('format eq', lambda: format(1j, '=10'))
print(hash(1 + 0j) == hash(1), hash(2.5 + 0j) == hash(2.5), hash(1j), hash(1 + 1j), hash(-1 + 0j), hash(complex(-1, 0)))
x = 1 + 1j
x += 1
x *= 1j
x -= 2j
x /= 2
x **= 2
print(x, (1 + 2j).__sizeof__())

# Signed zeros survive the constructor, for complex arguments and subclasses too.
class C2(complex):
    pass

for x in (0.0, -0.0):
    for y in (0.0, -0.0):
        print(repr(complex(x, y)), repr(C2(x, y)), repr(complex(C2(x, y))), repr(C2(complex(x, y))), repr(complex(complex(x, y))))
