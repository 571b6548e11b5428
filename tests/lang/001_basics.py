# Literals, arithmetic, names, printing.
print(1, 2.5, "three", None, True, False)
print(7 // 2, 7 % 3, -7 // 2, -7 % 3, 2 ** 10, 2 ** -1, 7 / 2)
print(10 ** 30, -(10 ** 30) // 7, (10 ** 30) % 7)
x = 5
x += 3
x *= 2
print(x, x << 3, x >> 1, x & 6, x | 1, x ^ 3, ~x)
print("a" + "b" * 3, [1] * 3, (1, 2) + (3,))
print(1 < 2 < 3, 1 < 3 < 2, 1 == 1.0, "a" < "b", [1, 2] < [1, 3])
print(not 0, 0 or "x", "" and 1, 3 and 4)
print(abs(-3), max(1, 5, 2), min([4, 2, 8]), sum(range(10)), len("hello"))
s = "x" if x > 3 else "y"
print(s)
del x
try:
    print(x)
except NameError as e:
    print("NameError", e)
