# Generators: yield, yield from with return values, send/throw/close, generator return
# values via StopIteration, finally blocks on close, yield inside try/with.
def gen():
    received = yield 1
    print("received", received)
    received = yield received * 2
    return "result"
g = gen()
print(next(g))
print(g.send(10))
try:
    g.send(5)
except StopIteration as e:
    print("StopIteration", e.value)

def inner():
    x = yield "inner-1"
    yield f"inner got {x}"
    return "inner-result"
def outer():
    result = yield from inner()
    yield f"outer got {result}"
    yield from [1, 2]
    yield from range(3, 5)
print(list(outer()))
o = outer()
print(next(o), o.send("hi"), next(o))

def catcher():
    while True:
        try:
            yield "waiting"
        except ValueError as e:
            print("caught", e)
        finally:
            print("cleanup")
c = catcher()
next(c)
print(c.throw(ValueError("boom")))
c.close()

def delegate_throw():
    try:
        yield from catcher()
    finally:
        print("delegate finally")
dt = delegate_throw()
next(dt)
dt.throw(ValueError("via delegate"))
dt.close()

def closing():
    try:
        yield 1
        yield 2
    finally:
        print("closed")
cl = closing()
next(cl)
cl.close()

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(10)])

def with_return():
    yield 1
    return
print(list(with_return()))

def gen_in_try():
    try:
        yield 1
        raise KeyError("k")
    except KeyError:
        yield "handled"
print(list(gen_in_try()))

def stop_iteration_inside():
    yield 1
    raise StopIteration("oops")
try:
    list(stop_iteration_inside())
except RuntimeError as e:
    print("RuntimeError", e)

print(gen.__code__.co_flags & 0x20 != 0, inner.__code__.co_flags)
ge = (i for i in range(2))
print(ge.gi_frame is not None, list(ge), ge.gi_frame)
