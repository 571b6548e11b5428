# Generator pipelines: generator functions feeding each other, generator expressions,
# itertools stages, yield from, and send().
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


def records(n):
    for i in range(n):
        yield f"{i % 97},{i * 7 % 13},{i}"


def parse(lines):
    for line in lines:
        a, b, c = line.split(",")
        yield int(a), int(b), int(c)


def keep(rows, modulus):
    for row in rows:
        if row[1] % modulus:
            yield row


def pairwise_sums(rows):
    previous = None
    for row in rows:
        if previous is not None:
            yield previous[0] + row[0], row[2] - previous[2]
        previous = row


def running_total():
    total = 0
    while True:
        value = yield total
        total += value


total = 0
for round_number in range(5):
    total += sum(itertools.islice(evens(naturals()), 500_000))
    total += sum(chained(300_000))
    total += sum(a * b for a, b in zip(range(300_000), itertools.count(1)))
    pipeline = pairwise_sums(keep(parse(records(150_000)), 3 + round_number))
    accumulator = running_total()
    next(accumulator)
    for first, gap in pipeline:
        last = accumulator.send(first * gap)
    total += last
print(total)
