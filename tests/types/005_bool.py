# bool: the two instances, int behaviour, bool-preserving & | ^, constructor and errors.

def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)

print(True, False, repr(True), str(False), type(True), type(True).__name__)
print(True + True, True - False, True * 10, True / 2, True // 2, True % 2, -True, +True, ~True, ~False, abs(False))
print(type(True + True), type(-True), type(+True), type(abs(True)))
print(True & True, True & False, True | False, False | False, True ^ True, True ^ False)
print(type(True & True), type(True & 1), type(1 & True), True & 3, True | 2, False ^ 5)
print(True == 1, False == 0, True is True, True < 2, False < True, True == 1.0, True > 0.5)
print(bool(), bool(0), bool(1), bool(-1), bool(0.0), bool(0.1), bool(''), bool('a'), bool([]), bool([0]), bool(None), bool(0j), bool(2**100))
print(int(True), float(True), complex(True), str(True), format(True, 'd'), format(False, '>6'), f'{True}', f'{True:5}')
print(True.bit_length(), True.bit_count(), True.real, True.imag, True.numerator, True.denominator, True.conjugate(), type(True.conjugate()))
print(True.to_bytes(1, 'big'), bool.from_bytes(b'\x01', 'big'), bool.from_bytes(b'\x00', 'big'), type(bool.from_bytes(b'\x05', 'big')))
print(True.as_integer_ratio(), round(True), type(round(True)), True.__index__(), type(True.__index__()))
print(hash(True), hash(False), {True: 'a', 1: 'b', 1.0: 'c'}, {0, False, 0.0})
print(sum([True, True, False, True]), max(False, True), sorted([True, False, True]))
print(True ** 10, 2 ** True, divmod(True, 2), pow(True, 5, 3))
print([1, 2, 3][True], 'ab'[False], True << 3, 16 >> True)
print((True).__sizeof__(), (False).__sizeof__())

class Truthy:
    def __bool__(self):
        return True

class Falsy:
    def __len__(self):
        return 0

class BadBool:
    def __bool__(self):
        return 1

print(bool(Truthy()), bool(Falsy()), not Truthy(), not Falsy())
show('bad __bool__', lambda: bool(BadBool()))
show('subclass', lambda: type('B', (bool,), {}))
show('keyword', lambda: bool(x=1))
show('two args', lambda: bool(1, 2))
show('new', lambda: bool.__new__(bool, 5))
show('int new bool', lambda: int.__new__(bool, 5))
print(isinstance(True, int), issubclass(bool, int), bool.__base__, bool.__mro__)
print(True.__and__(False), True.__or__(1), True.__xor__(True), True.__rand__(True))
