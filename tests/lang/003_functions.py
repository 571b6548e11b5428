# Functions: defaults, varargs, keywords, closures, decorators, lambdas.
def f(a, b=2, *args, c, d=4, **kw):
    return a, b, args, c, d, sorted(kw.items())

print(f(1, c=3))
print(f(1, 2, 3, 4, c=5, e=6, f=7))

def counter():
    count = 0
    def inc(n=1):
        nonlocal count
        count += n
        return count
    return inc

c = counter()
c(); c(5)
print(c())

def deco(fn):
    def wrapper(*a, **k):
        return "<" + str(fn(*a, **k)) + ">"
    return wrapper

@deco
def greet(name):
    return "hi " + name

print(greet("bob"), greet.__name__)
sq = lambda x, y=1: x * x + y
print(sq(3), sq(3, y=0))

def pos_only(a, b, /, c):
    return a + b + c
print(pos_only(1, 2, c=3))
try:
    pos_only(1, b=2, c=3)
except TypeError as e:
    print("TypeError:", e)
try:
    f()
except TypeError as e:
    print("TypeError:", e)
try:
    f(1, 2)
except TypeError as e:
    print("TypeError:", e)

def gen_fib(n):
    a, b = 0, 1
    for _ in range(n):
        yield a
        a, b = b, a + b
print(list(gen_fib(10)))
def rec(n):
    return 1 if n <= 1 else n * rec(n - 1)
print(rec(20))
