# except*: matching parts of exception groups, wrapping naked exceptions, re-raising and
# raising new exceptions from the handlers.
def tree(e, indent=0):
    if isinstance(e, BaseExceptionGroup):
        print(" " * indent + f"{type(e).__name__}({e.message!r})")
        for sub in e.exceptions:
            tree(sub, indent + 2)
    else:
        print(" " * indent + repr(e))

def run(f):
    try:
        f()
    except BaseException as e:
        print("escaped:")
        tree(e)

def one():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2), ValueError(3)])
    except* ValueError as e:
        print("ValueError part:")
        tree(e)
    except* TypeError as e:
        print("TypeError part:")
        tree(e)
run(one)

def partial():
    try:
        raise ExceptionGroup("eg", [ValueError(1), KeyError(2)])
    except* ValueError as e:
        print("handled", e.exceptions)
run(partial)

def naked():
    try:
        raise ValueError("naked")
    except* ValueError as e:
        print("naked wrapped:", type(e).__name__, repr(e.message), e.exceptions)
run(naked)

def naked_no_match():
    try:
        raise KeyError("k")
    except* ValueError:
        print("not reached")
run(naked_no_match)

def reraise():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise
run(reraise)

def raise_new():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise KeyError("new")
run(raise_new)

def raise_new_and_reraise():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2), OSError(3)])
    except* ValueError:
        raise KeyError("new")
    except* TypeError:
        raise
run(raise_new_and_reraise)

def nested():
    try:
        raise ExceptionGroup("outer", [ValueError(1), ExceptionGroup("inner", [ValueError(2), TypeError(3)])])
    except* ValueError as e:
        tree(e)
run(nested)

def tuple_match():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2), KeyError(3)])
    except* (ValueError, TypeError) as e:
        tree(e)
run(tuple_match)

def base_exceptions():
    try:
        raise BaseExceptionGroup("beg", [KeyboardInterrupt(), ValueError(1)])
    except* KeyboardInterrupt as e:
        tree(e)
run(base_exceptions)

def else_finally():
    try:
        pass
    except* ValueError:
        print("no")
    else:
        print("else")
    finally:
        print("finally")
run(else_finally)

def bad_type():
    try:
        raise ExceptionGroup("eg", [ValueError()])
    except* ExceptionGroup:
        pass
run(bad_type)

def bad_type2():
    try:
        raise ExceptionGroup("eg", [ValueError()])
    except* 42:
        pass
run(bad_type2)

def caught_by_plain_except():
    try:
        try:
            raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
        except* ValueError:
            pass
    except ExceptionGroup as e:
        print("plain except got", repr(e))
caught_by_plain_except()
