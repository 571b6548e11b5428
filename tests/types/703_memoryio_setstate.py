# StringIO/BytesIO.__setstate__ validate the state tuple (bad items raise, never crash) and
# work on an uninitialised object, as unpickling does.
import io
memio = io.StringIO()
for st in [("no error", "\n", 0, None), ("no error", "", 0, {'spam': 3}), ("", "f", 0, None), ("", "", -1, None),
           (b"", "", 0, None), ("", b"", 0, None), ("", "", 0.0, None), ("", "", 0, 0), ("len-test", 0), 0]:
    try:
        memio.__setstate__(st)
        print("ok", memio.getvalue(), memio.tell())
    except Exception as e:
        print(type(e).__name__, e)
try:
    memio.__setstate__()
except Exception as e:
    print(type(e).__name__, e)
memio.close()
try:
    memio.__setstate__(("closed", "", 0, None))
except Exception as e:
    print(type(e).__name__, e)
import pickle
s = io.StringIO("abc\ndef", newline=None)
s.seek(2)
s.extra = 5
t = pickle.loads(pickle.dumps(s))
print(repr(t.getvalue()), t.tell(), t.extra)
b = io.BytesIO(b"xyz")
for st in [(b"data", 2, None), (b"data", 2.0, None), (b"data", -1, None), (b"data", 0, 5), ("str", 0, None), (b"x", 0)]:
    try:
        b.__setstate__(st)
        print("ok", b.getvalue(), b.tell())
    except Exception as e:
        print(type(e).__name__, e)
b.close()
try:
    b.__setstate__((b"closed", 0, None))
except ValueError as e:
    print("ValueError", e)
