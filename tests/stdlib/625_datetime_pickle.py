# Pickling the native datetime types: the exact bytes of pickle.dumps for every protocol
# (the C module's __reduce__/__reduce_ex__ and state layouts), round trips, Python 2
# latin-1 states, copy and deepcopy, and subclasses with instance attributes.
import copy
import pickle
from datetime import date, datetime, time, timedelta, timezone, tzinfo


class Named(tzinfo):
    def __init__(self, name="n"):
        self.name = name

    def utcoffset(self, dt):
        return timedelta(hours=1)

    def __repr__(self):
        return "Named(%r)" % self.name


class MyDate(date):
    pass


class MyDateTime(datetime):
    def __new__(cls, *args, **kwargs):
        self = super().__new__(cls, *args, **kwargs)
        self.extra = "x"
        return self


values = [
    timedelta(1, 2, 3), timedelta(-5), timedelta.max,
    date(2000, 1, 2), date.max,
    time(1, 2, 3, 4), time(23, 59, 59, 999999, timezone.utc, fold=1), time(fold=1),
    datetime(2000, 1, 2, 3, 4, 5, 6), datetime(2000, 1, 2, fold=1),
    datetime(2000, 1, 2, 3, tzinfo=timezone(timedelta(hours=-3), "X"), fold=1),
    timezone.utc, timezone(timedelta(minutes=90)), timezone(timedelta(0), "Z"), timezone.min,
]
for value in values:
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        data = pickle.dumps(value, protocol)
        back = pickle.loads(data)
        print(protocol, repr(value), data, back == value, repr(back) == repr(value))
    print(value.__reduce__())
    if hasattr(value, "__reduce_ex__"):
        print(value.__reduce_ex__(2), value.__reduce_ex__(4))
    print(copy.copy(value) == value, copy.deepcopy(value) == value)

# The tzinfo of an aware value is pickled by reference to its class.
aware = datetime(2000, 1, 1, tzinfo=Named("p"))
for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
    back = pickle.loads(pickle.dumps(aware, protocol))
    print(protocol, repr(back), back.tzinfo.name)

# Subclasses keep their class and attributes.
d = MyDate(2000, 1, 2)
d.note = "hello"
for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
    back = pickle.loads(pickle.dumps(d, protocol))
    print(protocol, type(back).__name__, back, getattr(back, "note", None))
dt = MyDateTime(2000, 1, 2, 3, fold=1)
for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
    back = pickle.loads(pickle.dumps(dt, protocol))
    print(protocol, type(back).__name__, repr(back), back.fold, back.extra)
print(copy.deepcopy(dt).extra, type(copy.copy(d)).__name__)

# States as Python 2 pickles wrote them (latin-1 str), and bad states.
print(repr(date("\x07\xd0\x01\x02")), repr(time("\x01\x02\x03\x00\x00\x04")))
print(repr(datetime("\x07\xd0\x01\x02\x03\x04\x05\x00\x00\x06")))
for bad in [lambda: date("\u0107\xd0\x01\x02"), lambda: time("\u0101\x02\x03\x00\x00\x04"),
            lambda: datetime("\x07\u01d0\x01\x02\x03\x04\x05\x00\x00\x06"),
            lambda: datetime(b"\x07\xd0\x01\x02\x03\x04\x05\x00\x00\x06", "tz"),
            lambda: date(b"\x07\xd0\x00\x02"), lambda: time(b"\x20\x02\x03\x00\x00\x04")]:
    try:
        print(repr(bad()))
    except Exception as e:
        print(type(e).__name__ + ":", e)
