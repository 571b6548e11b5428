# Numeric hashes agree across types whenever the values are equal, and equal CPython's.

M = 2**61 - 1
print(hash(0), hash(1), hash(-1), hash(-2), hash(M), hash(M + 1), hash(-M), hash(2**61), hash(2**64), hash(-2**64))
print(hash(0.0), hash(-0.0), hash(1.0), hash(-1.0), hash(0.5), hash(-0.5), hash(1.5), hash(1e100), hash(5e-324), hash(float('inf')), hash(float('-inf')))
print(hash(1j), hash(-1j), hash(1 + 2j), hash(complex(0.5, -0.5)), hash(complex(float('inf'), 1)))
for v in [0, 1, -1, 2, 2**52, 2**53, 2**62 - 1, 2**62, 2**63, 2**64, 2**100, -2**100, 2**1000]:
    f = float(v)
    print(v, hash(v) == hash(f) if f == v else 'not equal', hash(v) == hash(complex(v, 0)) if complex(v, 0) == v else 'c not equal')
for f in [0.5, 0.1, -2.75, 1e-10, 1.5e300]:
    print(f, hash(f), hash(f) == hash(complex(f, 0)))
print(hash(True) == hash(1) == hash(1.0) == hash(1 + 0j), hash(False) == hash(0) == hash(0.0) == hash(0j))
print({1: 'int', 1.0: 'float', True: 'bool', 1 + 0j: 'complex'})
print({0, 0.0, False, 0j, -0.0}, len({2**64, float(2**64), complex(2**64)}))
s = set()
for i in range(20):
    s.add(i)
    s.add(float(i))
    s.add(i * 2**61)
print(sorted(s))
print(set(range(-5, 6)), {2**61 - 2, 2**61 - 1, 2**61, 2**61 + 1})
nan = float('nan')
print(hash(nan) == hash(nan), len({nan, nan}), len({float('nan'), float('nan')}))
print([hash(x) for x in (10**20, -10**20, 12345678901234567890123, 2**61 - 2, -(2**61 - 2))])
