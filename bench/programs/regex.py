# The regular-expression engine: compile once, search, findall, sub, split.
import re

text = "\n".join(f"user{i}@host{i % 17}.example.com said {i * 37 % 1000} things on 2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}"
                 for i in range(20_000))
email = re.compile(r"([\w.]+)@([\w.]+)\.com")
date = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
hosts = {}
for m in email.finditer(text):
    hosts[m.group(2)] = hosts.get(m.group(2), 0) + 1
months = sum(int(m) for _, m, _ in date.findall(text))
masked = re.sub(r"\d", "#", text[:200_000])
words = re.split(r"\s+", text)
print(len(hosts), months, masked.count("#"), len(words))
