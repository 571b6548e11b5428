# Search with generators, sets and recursion: every n-queens solution is yielded
# (through `yield from`), then counted and summed.
def solutions(n, row=0, cols=frozenset(), diag1=frozenset(), diag2=frozenset()):
    if row == n:
        yield ()
        return
    for c in range(n):
        if c not in cols and row + c not in diag1 and row - c not in diag2:
            for rest in solutions(n, row + 1, cols | {c}, diag1 | {row + c}, diag2 | {row - c}):
                yield (c,) + rest


counts = []
checksum = 0
for n in range(4, 13):
    found = 0
    for board in solutions(n):
        found += 1
        checksum += sum(row * col for row, col in enumerate(board)) % 1000
    counts.append(found)
print(counts, checksum)
