# if/elif/else, while/else, for/else, break/continue (also through nested loops and
# try/finally), conditional expressions, and/or short-circuiting, chained comparisons.
def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "large"
print([classify(n) for n in (-5, 0, 3, 42)])

i = 0
while i < 5:
    i += 1
    if i == 2:
        continue
    if i == 4:
        break
    print("while", i)
else:
    print("not reached")

i = 0
while i < 3:
    i += 1
else:
    print("while-else ran", i)

for n in range(2, 20):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        print(n, "is prime")

for x in []:
    print("never")
else:
    print("empty for-else")

def trace(tag, value):
    print("eval", tag)
    return value

print(trace("a", 0) and trace("b", 1))
print(trace("a", 1) and trace("b", 2))
print(trace("a", 0) or trace("b", 3))
print(trace("a", "x") or trace("b", 3))
print(trace("a", 0) or trace("b", 0) or trace("c", []))
print(not trace("a", 0), not trace("b", 1))
print(1 < trace("mid", 2) < 3, 1 < trace("mid", 5) < 3)
print(trace("l", 3) > trace("m", 2) > trace("r", 1))
print(1 == 1 != 2 < 3 in [True])
print("yes" if trace("c", 1) else "no", "yes" if trace("c", 0) else "no")
x = 5
print(x > 3 and x < 10 or x == 100)
print(not (x is None), not (x in [1, 2]), not x > 3)

if x and (x > 10 or x < 7) and not x == 6:
    print("complex condition true")
if (x if x > 100 else 0):
    print("not printed")
else:
    print("ifexp in test")

while True:
    x -= 1
    if x < 2:
        break
print("after while True", x)

def loop_finally():
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
            print("body", i)
        finally:
            print("finally", i)
    return "done"
print(loop_finally())

def nested_break():
    for a in range(3):
        for b in range(3):
            if b == 1:
                break
            if a == 2:
                return (a, b)
            print(a, b)
print(nested_break())

count = 0
while count < 10:
    count += 1
    if count % 2:
        continue
    if count > 6:
        break
else:
    print("no")
print("count", count)
pass
