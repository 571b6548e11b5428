# Generators, generator expressions, itertools pipelines, yield from.
import itertools


def naturals():
    n = 0
    while True:
        yield n
        n += 1


def evens(source):
    for x in source:
        if x % 2 == 0:
            yield x


def chained(n):
    yield from range(n)
    yield from (x * x for x in range(n))


total = sum(itertools.islice(evens(naturals()), 500_000))
total += sum(chained(300_000))
total += sum(a * b for a, b in zip(range(300_000), itertools.count(1)))
print(total)
