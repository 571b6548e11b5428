lambda x: (yield) if x else [y async for y in z] + {1, 2} @ m ** -n // 3 % 4 << 5 >> 6 & 7 | 8 ^ ~9
