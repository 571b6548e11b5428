# random over _random's Mersenne Twister: the same seeds give CPython's sequences for
# random(), getrandbits, randint/randrange, choice, shuffle, sample, distributions;
# state round trips and the errors of _random.Random.
import random
import _random


def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


for seed in [0, 1, 5, -5, 2 ** 100, 12345678901234567890, 3.5, "abc", b"bytes", bytearray(b"ba")]:
    r = random.Random(seed)
    print(repr(seed), [r.random() for _ in range(3)], r.getrandbits(100), r.getrandbits(7), r.getrandbits(33))
    print("   ", r.randint(1, 6), r.randrange(0, 100, 7), r.choice("abcdef"), r.uniform(2, 3), r.randbytes(5))
    items = list(range(10))
    r.shuffle(items)
    print("   ", items, r.sample(range(100), 5), r.choices("xyz", k=4), r.choices("xyz", weights=[1, 0, 5], k=3))
    print("   ", r.gauss(0, 1), r.normalvariate(1, 2), r.expovariate(1.5), r.triangular(0, 1, 0.2), r.betavariate(2, 3))
    print("   ", r.gammavariate(2, 1), r.lognormvariate(0, 1), r.vonmisesvariate(1, 2), r.paretovariate(3), r.weibullvariate(1, 2))

random.seed(42)
print(random.random(), random.randint(1, 10 ** 30), random.getrandbits(64))
r = random.Random(7)
state = r.getstate()
a = [r.random() for _ in range(700)]
r.setstate(state)
print(a == [r.random() for _ in range(700)], a[-1], len(state[1]), state[1][-1])
g = _random.Random(99)
s = g.getstate()
print(len(s), s[-1], s[:3], g.random(), g.getrandbits(0), g.getrandbits(31), g.getrandbits(32))
class Sub(_random.Random):
    def __init__(self, a, b):
        pass
print(Sub(1, 2).random())
show(lambda: _random.Random(1, 2))
show(lambda: _random.Random(x=1))
show(lambda: g.getrandbits(-1))
show(lambda: g.getrandbits(1.5))
show(lambda: g.setstate(5))
show(lambda: g.setstate((1,) * 5))
show(lambda: g.setstate((1,) * 624 + (625,)))
show(lambda: g.setstate((-1,) * 624 + (624,)))
show(lambda: g.setstate(("a",) * 624 + (624,)))
show(lambda: g.setstate((2 ** 32,) * 624 + (624,)) or g.random())
show(lambda: g.seed([1]))
show(lambda: g.seed(1, 2))
show(lambda: random.Random().seed(5, version=3))
show(lambda: random.choice([]))
show(lambda: random.randrange(10, 5))
show(lambda: random.sample(range(3), 5))
