# Lists: comprehensions, sorting with keys, slicing, tuple comparisons.
import random

checksum = 0
for seed in range(4):
    rng = random.Random(42 + seed)
    data = [rng.randrange(1_000_000) for _ in range(100_000)]
    records = [(x % 100, -x, str(x)) for x in data]
    records.sort()
    by_key = sorted(data, key=lambda v: (v % 1000, v))
    evens = [x for x in data if x % 2 == 0]
    chunks = [data[i:i + 100] for i in range(0, len(data), 100)]
    print(records[0], records[-1][:2], by_key[:3], len(evens), sum(map(len, chunks)), max(min(c) for c in chunks))
    checksum += records[len(records) // 2][1] + by_key[len(by_key) // 3] + len(evens)
print(checksum)
