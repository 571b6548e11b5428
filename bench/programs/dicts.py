# Dicts and sets: word counting, membership, items iteration, comprehensions.
def one_round(salt):
    text = " ".join(f"w{(i * 7919 + salt) % 1000}" for i in range(200_000))
    counts = {}
    for word in text.split():
        counts[word] = counts.get(word, 0) + 1
    seen = set()
    dupes = 0
    for i in range(300_000):
        k = (i * 31 + salt) % 50_000
        if k in seen:
            dupes += 1
        else:
            seen.add(k)
    inverted = {v: k for k, v in counts.items()}
    return len(counts), max(counts.values()), dupes, len(inverted), sum(len(k) for k in counts)


totals = [0] * 5
for salt in range(12):
    totals = [t + x for t, x in zip(totals, one_round(salt))]
print(*totals)
