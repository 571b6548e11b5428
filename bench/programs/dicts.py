# Dicts and sets: word counting, membership, items iteration, comprehensions.
text = " ".join(f"w{(i * 7919) % 1000}" for i in range(200_000))
counts = {}
for word in text.split():
    counts[word] = counts.get(word, 0) + 1
seen = set()
dupes = 0
for i in range(300_000):
    k = (i * 31) % 50_000
    if k in seen:
        dupes += 1
    else:
        seen.add(k)
inverted = {v: k for k, v in counts.items()}
print(len(counts), max(counts.values()), dupes, len(inverted), sum(len(k) for k in counts))
