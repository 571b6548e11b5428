# Search with sets, tuples and recursion (counting n-queens solutions).
def solve(n):
    count = 0

    def place(row, cols, diag1, diag2):
        nonlocal count
        if row == n:
            count += 1
            return
        for c in range(n):
            if c not in cols and row + c not in diag1 and row - c not in diag2:
                place(row + 1, cols | {c}, diag1 | {row + c}, diag2 | {row - c})

    place(0, frozenset(), frozenset(), frozenset())
    return count


print([solve(n) for n in range(4, 11)])
