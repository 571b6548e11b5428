# Tight loops over ranges with integer arithmetic and local variables.
def work(n):
    total = 0
    for i in range(n):
        total += (i * i) % 7 - (i >> 3)
        if total > 1 << 40:
            total -= 1 << 40
    return total

print(work(13_500_000))
