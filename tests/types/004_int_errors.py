# Error messages of int operations and of int(), exactly as CPython 3.11 words them.

def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)

show('div zero', lambda: 1 / 0)
show('floordiv zero', lambda: 1 // 0)
show('mod zero', lambda: 1 % 0)
show('divmod zero', lambda: divmod(1, 0))
show('big floordiv zero', lambda: 2**100 // 0)
show('big mod zero', lambda: 2**100 % 0)
show('pow zero neg', lambda: 0 ** -1)
show('pow 3 zero mod', lambda: pow(2, 3, 0))
show('not invertible', lambda: pow(2, -1, 4))
show('pow float mod', lambda: pow(2, 3.0, 5))
show('pow str', lambda: pow(2, '3'))
show('neg shift', lambda: 1 << -1)
show('neg rshift', lambda: 1 >> -1)
show('float shift', lambda: 1 << 1.0)
show('big true div', lambda: 10**400 / 1)
show('big to float', lambda: float(10**400))
show('big mul float', lambda: 10**400 * 1.5)
show('add str', lambda: 1 + 'a')
show('radd str', lambda: 'a' + 1)
show('sub list', lambda: 1 - [])
show('and float', lambda: 1 & 1.0)
show('invert float', lambda: ~1.5)
show('compare str', lambda: 1 < 'a')
show('int list', lambda: int([]))
show('int None', lambda: int(None))
show('int complex', lambda: int(1j))
show('int bad', lambda: int('x'))
show('int bad base', lambda: int('12', 1))
show('int base 37', lambda: int('12', 37))
show('int base float', lambda: int('12', 2.0))
show('int nonstr base', lambda: int(12, 10))
show('int missing', lambda: int(base=10))
show('int empty', lambda: int(''))
show('int spaces', lambda: int('  '))
show('int underscores', lambda: int('1__0'))
show('int trailing _', lambda: int('10_'))
show('int leading _', lambda: int('_10'))
show('int 0 prefix', lambda: int('010', 0))
show('int prefix base', lambda: int('0x10', 10))
show('int bytes', lambda: int(b'1x'))
show('int bytearray', lambda: int(bytearray(b'1x')))
show('int long repr', lambda: int('x' * 300))
show('int nul', lambda: int('1\x00'))
show('int too many', lambda: int('1', 10, 3))
show('int keyword', lambda: int(x='1'))
show('int nan', lambda: int(float('nan')))
show('int inf', lambda: int(float('-inf')))
show('to_bytes overflow', lambda: (256).to_bytes(1, 'big'))
show('to_bytes negative', lambda: (-1).to_bytes(1, 'big'))
show('to_bytes signed overflow', lambda: (128).to_bytes(1, 'big', signed=True))
show('to_bytes order', lambda: (1).to_bytes(1, 'middle'))
show('to_bytes order type', lambda: (1).to_bytes(1, 5))
show('to_bytes length', lambda: (1).to_bytes(-1, 'big'))
show('to_bytes length type', lambda: (1).to_bytes('1', 'big'))
show('from_bytes str', lambda: int.from_bytes('ab', 'big'))
show('from_bytes int', lambda: int.from_bytes(5, 'big'))
show('from_bytes range', lambda: int.from_bytes([256], 'big'))
show('from_bytes item', lambda: int.from_bytes(['a'], 'big'))
show('round str', lambda: round(5, 'a'))
show('round float', lambda: round(5, 1.5))
idx = 1.0
show('index float', lambda: [1, 2][idx])
show('index big', lambda: [1, 2][2**70])
show('repeat big', lambda: [1] * 2**70)
show('hex float', lambda: hex(1.5))
show('bit_length arg', lambda: (5).bit_length(1))
show('format arg', lambda: (5).__format__(5))
show('int subclass of bool', lambda: type('B', (bool,), {}))

class Index:
    def __init__(self, v):
        self.v = v
    def __index__(self):
        return self.v

class IntLike:
    def __int__(self):
        return 42

class BadInt:
    def __int__(self):
        return 'x'

class Trunc:
    def __trunc__(self):
        return 7

class BadTrunc:
    def __trunc__(self):
        return 'x'

show('index obj', lambda: [10, 20, 30][Index(1)])
show('index obj bad', lambda: [10, 20, 30][Index('a')])
show('int index', lambda: int(Index(5)))
show('int __int__', lambda: int(IntLike()))
show('int bad __int__', lambda: int(BadInt()))
show('pow index', lambda: pow(2, Index(3)))
show('bin index', lambda: bin(Index(5)))
show('shift index', lambda: 1 << Index(3))
show('round index', lambda: round(1234, Index(-2)))
show('to_bytes index', lambda: (5).to_bytes(Index(2), 'big'))

# int.from_bytes converts its argument as bytes() does: __bytes__ first.
class ValidBytes:
    def __bytes__(self):
        return b'\x01\x02'

class InvalidBytes:
    def __bytes__(self):
        return 'abc'

class RaisingBytes:
    def __bytes__(self):
        1 / 0

class SubStr(str):
    pass

show('from_bytes __bytes__', lambda: int.from_bytes(ValidBytes()))
show('from_bytes bad __bytes__', lambda: int.from_bytes(InvalidBytes()))
show('from_bytes raising __bytes__', lambda: int.from_bytes(RaisingBytes()))
show('from_bytes no __bytes__', lambda: int.from_bytes(object()))
show('from_bytes str subclass order', lambda: int.from_bytes(b'\x01\x00', SubStr('little')))
