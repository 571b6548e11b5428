# The regular-expression engine: compile once, search, findall, sub, split.
import re

email = re.compile(r"([\w.]+)@([\w.]+)\.com")
date = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
totals = [0, 0, 0, 0]
for round_number in range(13):
    text = "\n".join(f"user{i}@host{(i + round_number) % 17}.example.com said {i * 37 % 1000} things on "
                     f"2024-{(i + round_number) % 12 + 1:02d}-{i % 28 + 1:02d}" for i in range(20_000))
    hosts = {}
    for m in email.finditer(text):
        hosts[m.group(2)] = hosts.get(m.group(2), 0) + 1
    months = sum(int(m) for _, m, _ in date.findall(text))
    masked = re.sub(r"\d", "#", text[:200_000])
    words = re.split(r"\s+", text)
    for index, value in enumerate((len(hosts), months, masked.count("#"), len(words))):
        totals[index] += value
print(*totals)
