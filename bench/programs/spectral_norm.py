# Nested loops of float arithmetic through function calls (spectral norm).
def a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def times(v, transpose):
    n = len(v)
    if transpose:
        return [sum(a(j, i) * v[j] for j in range(n)) for i in range(n)]
    return [sum(a(i, j) * v[j] for j in range(n)) for i in range(n)]


def times_transposed(v):
    return times(times(v, False), True)


n = 440
u = [1.0] * n
for _ in range(10):
    v = times_transposed(u)
    u = times_transposed(v)
vbv = sum(x * y for x, y in zip(u, v))
vv = sum(x * x for x in v)
print(f"{(vbv / vv) ** 0.5:.9f}")
