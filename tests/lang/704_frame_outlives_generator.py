# A generator's frame object stays usable after the generator is gone or closed.
import warnings


async def coro():
    pass


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    frame = coro().cr_frame
    print([str(w.message) for w in caught])
print(frame.f_code.co_name, frame.f_back, frame.f_locals)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    frame.clear()
print("cleared", frame.f_locals)


def gen(a):
    # Finished generator frames have no f_back, however they finished.
    x = a * 2
    yield x


g = gen(4)
next(g)
fr = g.gi_frame
g.close()
print(fr.f_locals, g.gi_frame, fr.f_back)
g = gen(5)
fr = g.gi_frame
del g
print(fr.f_locals, fr.f_lineno)
fr.clear()
print(fr.f_locals)


def finish(g, how):
    if how == "close":
        g.close()
    elif how == "exhaust":
        for _ in g:
            pass
    else:
        try:
            g.throw(ValueError)
        except ValueError:
            pass


for how in ["close", "exhaust", "throw"]:
    g = gen(1)
    next(g)
    fr = g.gi_frame
    finish(g, how)
    print(how, fr.f_back, fr.f_locals)
