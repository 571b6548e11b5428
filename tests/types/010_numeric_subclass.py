# Subclasses of int, float and complex: construction allocates the subclass, inherited
# operations return the base type, overridden dunders win where CPython says they do.

def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)

class MyInt(int):
    pass

class Named(int):
    def __repr__(self):
        return 'Named(%d)' % self

class Sub(int):
    def __add__(self, other):
        return 'Sub.__add__'
    def __radd__(self, other):
        return 'Sub.__radd__'

class MyFloat(float):
    pass

class MyComplex(complex):
    pass

i = MyInt(5)
print(i, type(i), i + 1, type(i + 1), type(-i), type(+i), type(abs(i)), type(i * 1), type(i // 1), type(i << 0))
print(MyInt(), MyInt('12'), MyInt('ff', 16), MyInt(2**80), type(MyInt(2**80)), MyInt(3.9), MyInt(True), type(MyInt(True)))
print(int(i), type(int(i)), i == 5, hash(i) == hash(5), i.real, type(i.real), type(i.numerator), i.bit_length(), type(i.conjugate()))
print(type(MyInt.from_bytes(b'\x01', 'big')), MyInt.from_bytes(b'\x01\x00', 'big'), str(i), format(i, '04d'), f'{i:x}')
print(Named(7), str(Named(7)), f'{Named(7)}', format(Named(7), ''), format(Named(7), 'd'), [Named(1)])
print(Sub(1) + 1, 1 + Sub(1), Sub(1) + Sub(2), 1 - Sub(1))
i.attr = 'x'
print(i.attr, i.__dict__)
f = MyFloat(2.5)
print(f, type(f), f + 1, type(f + 1), type(-f), type(+f), type(abs(f)), MyFloat(), MyFloat('1e3'), MyFloat(7), type(MyFloat.fromhex('0x1p1')), MyFloat.fromhex('0x1p1'))
print(float(f), type(float(f)), f.real, type(f.real), type(f.conjugate()), round(f), type(round(f, 1)), f.hex(), f.is_integer(), hash(f) == hash(2.5))
c = MyComplex(1, 2)
print(c, type(c), c + 1, type(c + 1), type(-c), type(+c), MyComplex(), MyComplex('3+4j'), type(complex(c)), complex(c), c.real, c.conjugate(), type(c.conjugate()))

class IntReturnsSub:
    def __int__(self):
        return MyInt(9)

class IndexReturnsSub:
    def __index__(self):
        return MyInt(4)

class FloatReturnsSub:
    def __float__(self):
        return MyFloat(1.25)

import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    print(int(IntReturnsSub()), type(int(IntReturnsSub())))
    print([0, 1, 2, 3, 4, 5][IndexReturnsSub()], float(FloatReturnsSub()), type(float(FloatReturnsSub())))
    for w in caught:
        print(w.category.__name__, w.message)

class Trunc:
    def __trunc__(self):
        return 12

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    print(int(Trunc()))
    for w in caught:
        print(w.category.__name__, w.message)

show('int.__new__ bool', lambda: int.__new__(bool, 1))
show('int.__new__ MyInt', lambda: type(int.__new__(MyInt, 7)))
show('float.__new__ int', lambda: float.__new__(int, 1))
show('bool base', lambda: type('X', (bool,), {}))
print(isinstance(i, int), issubclass(MyInt, int), MyInt.__mro__, MyFloat.__mro__)
print(sorted([MyInt(3), 1, MyFloat(2.5), 2]), max(MyInt(2), MyInt(5)), sum([MyInt(1), MyInt(2)]), type(sum([MyInt(1), MyInt(2)])))
