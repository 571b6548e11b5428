# `not x`, `x and y`, `x or y` on bools take a short path; everything else (ints, None,
# containers, __bool__/__len__, errors) still goes through truth testing.
import sys


class Truthy:
    def __init__(self, v):
        self.v = v

    def __bool__(self):
        print('__bool__', self.v)
        return self.v

    def __repr__(self):
        return 'Truthy(%r)' % self.v


class Sized:
    def __len__(self):
        return 0

    def __repr__(self):
        return 'Sized()'


class Bad:
    def __bool__(self):
        raise ValueError('no truth')


class WrongType:
    def __bool__(self):
        return 1


values = [True, False, None, 0, 1, -3, 0.0, 2.5, '', 'x', [], [0], (), {}, Sized(), Truthy(True), Truthy(False)]
for v in values:
    print(repr(v), not v, v and 'and', v or 'or')

for a in (True, False):
    for b in (True, False):
        print(a, b, a and b, a or b, not a, not (a and b), a and not b, (a or b) and not (a and b))

for bad in (Bad(), WrongType()):
    for expr in ('not bad', 'bad and 1', 'bad or 1'):
        try:
            print(eval(expr))
        except (ValueError, TypeError) as e:
            print(type(e).__name__, e)


def flags(held, waiting, queue):
    return not held and (not waiting or queue is not None)


count = 0
for i in range(3000):
    if flags(i % 3 == 0, i % 5 == 0, None if i % 7 else i):
        count += 1
print(count)

before = sys.getrefcount(True), sys.getrefcount(False)
for i in range(1000):
    x = not (i & 1 == 0)
    y = (i > 5) and (i < 500)
    z = (i < 5) or (i > 500)
print(x, y, z, type(sys.getrefcount(True)).__name__)
