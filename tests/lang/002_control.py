# if/while/for/break/continue/else.
total = 0
for i in range(10):
    if i % 2:
        continue
    if i > 7:
        break
    total += i
else:
    print("not reached")
print(total)
n = 0
while n < 5:
    n += 1
else:
    print("while else", n)
for c in "abc":
    print(c, end=" ")
print()
for i, v in enumerate(["a", "b"]):
    print(i, v)
for a, (b, c) in [(1, (2, 3)), (4, (5, 6))]:
    print(a, b, c)
print([x * x for x in range(5) if x % 2 == 0])
print({k: v for k, v in zip("abc", range(3))})
print({x % 3 for x in range(10)})
print(list(x + 1 for x in range(3)))
