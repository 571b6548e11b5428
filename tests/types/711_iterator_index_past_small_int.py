# Iterator indices past the tagged small-int range (2**62): __setstate__ up to sys.maxsize,
# a sequence whose __len__ is sys.maxsize, enumerate/range/count near 2**62.
import itertools
import sys


class Sequence:
    def __len__(self):
        return sys.maxsize

    def __getitem__(self, i):
        return i


it = iter(Sequence())
it.__setstate__(sys.maxsize - 1)
print(next(it), it.__reduce__()[2])
try:
    next(it)
except OverflowError as e:
    print("OverflowError", e)
it = iter(Sequence())
it.__setstate__(2**62)
print(next(it), it.__reduce__()[2], it.__length_hint__())

r = reversed(Sequence())
print(next(r), next(r), r.__length_hint__(), r.__reduce__()[2])
r = reversed([1, 2, 3])
r.__setstate__(sys.maxsize)
print(r.__reduce__()[2], list(r))

print(list(enumerate("abc", 2**62 - 2)))
print(list(range(2**62 - 2, 2**62 + 1)), list(reversed(range(-(2**62) - 1, -(2**62) + 2))))
print(range(0, sys.maxsize).index(2**62 + 5))
print(list(itertools.islice(itertools.count(2**62 - 2), 4)))
print(-(-(2**62)), (2**62 - 1) + 1, (-(2**62)) // -1, divmod(-(2**62), -1), ~(-(2**62)))
