# Uncaught: a nested exception group with tracebacks, notes and chained members.
def fail(n):
    if n % 2:
        raise ValueError(f"odd {n}")
    raise TypeError(f"even {n}")

def collect(ns):
    errors = []
    for n in ns:
        try:
            fail(n)
        except Exception as e:
            errors.append(e)
    return errors

def deep(n):
    if n == 0:
        raise KeyError("deep")
    deep(n - 1)

inner_errors = collect([1, 2])
try:
    deep(6)
except KeyError as e:
    inner_errors.append(e)
try:
    try:
        1 / 0
    except ZeroDivisionError as z:
        raise LookupError("chained member") from z
except LookupError as e:
    inner_errors.append(e)

note_error = ValueError("with notes")
note_error.add_note("first note")
note_error.add_note("second note\nspans two lines")

group = ExceptionGroup("outer", [
    ExceptionGroup("inner", inner_errors),
    note_error,
    BaseExceptionGroup("only exceptions", [OSError(2, "gone")]),
])
group.add_note("a note on the group")
raise group
