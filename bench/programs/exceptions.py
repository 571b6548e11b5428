# Raising and catching: try/except/finally in loops, with statements, EAFP lookups.
class Resource:
    def __init__(self):
        self.opened = 0

    def __enter__(self):
        self.opened += 1
        return self

    def __exit__(self, *exc):
        return False


def lookup(d, key):
    try:
        return d[key]
    except KeyError:
        return -1


d = {i: i * 2 for i in range(0, 1000, 2)}
r = Resource()
total = 0
for i in range(2_000_000):
    total += lookup(d, i % 1000)
    try:
        if i % 7 == 0:
            raise ValueError(i)
    except ValueError as e:
        total += e.args[0] % 3
    finally:
        total += 1
    with r:
        total += 1
print(total, r.opened)
