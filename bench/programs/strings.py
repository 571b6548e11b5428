# String building, formatting, splitting, joining, methods.
words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
total = 0
for i in range(1_100_000):
    w = words[i % 8]
    line = f"{i:06d}:{w.upper()}:{w[::-1]}|" + "-".join(words[: i % 5 + 1])
    parts = line.split(":")
    total += len(parts[1]) + line.count("a") + len(line.replace("-", "+").lower())
    if w.startswith("e") and line.endswith("a"):
        total += 1
print(total, "%s/%d/%.2f" % ("x", total, total / 7))
