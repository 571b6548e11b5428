# Closures, decorators, keyword arguments, *args/**kwargs forwarding.
import functools


def counting(func):
    calls = 0

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        nonlocal calls
        calls += 1
        return func(*args, **kwargs)
    wrapper.count = lambda: calls
    return wrapper


@counting
def combine(a, b=2, *, scale=1):
    return (a + b) * scale


def make_adder(n):
    return lambda x: x + n


adders = [make_adder(i) for i in range(10)]
total = 0
for i in range(1_800_000):
    total += combine(i, scale=2) + adders[i % 10](i) + combine(i, b=i)
print(total, combine.count())
