# Permutation flipping (fannkuch): every permutation of 0..n-1 is generated in place by
# Heap's algorithm, then its prefix is reversed until 0 comes first; slicing and list ops.
def fannkuch(n, start):
    perm = list(range(start, n)) + list(range(start))
    counters = [0] * n
    max_flips = 0
    checksum = 0
    sign = 1
    i = 1
    while True:
        first = perm[0]
        if first:
            board = perm[:]
            flips = 0
            while first:
                board[:first + 1] = board[first::-1]
                flips += 1
                first = board[0]
            if flips > max_flips:
                max_flips = flips
            checksum += sign * flips
        # Heap's algorithm: each step is one swap, so permutation parity alternates.
        sign = -sign
        while i < n:
            if counters[i] < i:
                j = 0 if i % 2 == 0 else counters[i]
                perm[j], perm[i] = perm[i], perm[j]
                counters[i] += 1
                i = 1
                break
            counters[i] = 0
            i += 1
        else:
            return max_flips, checksum


# Three passes from rotated starts: the same permutations, visited in a different order
# (rotating 9 items is an even permutation, so the signs agree too).
results = [fannkuch(9, start) for start in range(3)]
print(results, sum(flips + checksum for flips, checksum in results))
