# Subclasses of the native datetime types: which operations return the subclass (calling
# its constructor) and which the base type, __new__ overrides, extra attributes and
# overridden methods that the C module's methods call back into.
from datetime import date, datetime, time, timedelta, timezone, tzinfo

calls = []


class D(date):
    def __new__(cls, *args, **kwargs):
        calls.append(("D", args, kwargs))
        return super().__new__(cls, *args, **kwargs)


class DT(datetime):
    def __new__(cls, *args, **kwargs):
        calls.append(("DT", args, kwargs))
        return super().__new__(cls, *args, **kwargs)


class T(time):
    def __new__(cls, *args, **kwargs):
        calls.append(("T", args, kwargs))
        return super().__new__(cls, *args, **kwargs)


class TD(timedelta):
    def __new__(cls, *args, **kwargs):
        calls.append(("TD", args, kwargs))
        return super().__new__(cls, *args, **kwargs)


def check(label, f):
    calls.clear()
    try:
        result = f()
        print(label, type(result).__name__, repr(result), calls)
    except Exception as e:
        print(label, type(e).__name__ + ":", e, calls)


d = D(2000, 1, 2)
dt = DT(2000, 1, 2, 3, 4)
t = T(5, 6)
td = TD(hours=1)
check("date+td", lambda: d + timedelta(1))
check("td+date", lambda: timedelta(1) + d)
check("date-td", lambda: d - timedelta(1))
check("date-date", lambda: d - date(1999, 1, 1))
check("date.replace", lambda: d.replace(day=5))
check("fromordinal", lambda: D.fromordinal(5))
check("fromisoformat", lambda: D.fromisoformat("2000-01-05"))
check("fromisocalendar", lambda: D.fromisocalendar(2000, 2, 3))
check("fromtimestamp", lambda: type(D.fromtimestamp(0)))
def today_type():
    result = type(D.today())
    # Today's date changes from run to run: keep which constructor ran, with how many arguments.
    calls[:] = [(name, len(args), kwargs) for name, args, kwargs in calls]
    return result


check("today", today_type)
check("dt+td", lambda: dt + timedelta(hours=1))
check("dt-td", lambda: dt - timedelta(hours=1))
check("dt-dt", lambda: dt - datetime(2000, 1, 1))
check("dt.replace", lambda: dt.replace(hour=5, fold=1))
check("dt.date", lambda: dt.date())
check("dt.time", lambda: dt.time())
check("DT.combine", lambda: DT.combine(date(2000, 1, 1), time(1, fold=1)))
check("DT.fromisoformat", lambda: DT.fromisoformat("2000-01-01T01:02+01:00"))
check("DT.fromordinal", lambda: DT.fromordinal(3))
check("DT.fromtimestamp", lambda: DT.fromtimestamp(0, timezone.utc))
check("DT.utcfromtimestamp", lambda: DT.utcfromtimestamp(0))
check("DT.strptime", lambda: DT.strptime("2000", "%Y"))
check("astimezone", lambda: DT(2000, 1, 1, tzinfo=timezone.utc).astimezone(timezone(timedelta(hours=1))))
check("astimezone same", lambda: DT(2000, 1, 1, tzinfo=timezone.utc).astimezone(timezone.utc))
check("time.replace", lambda: t.replace(hour=7))
check("T.fromisoformat", lambda: T.fromisoformat("01:02:03+01:00"))
check("td+td", lambda: td + td)
check("td*2", lambda: td * 2)
check("-td", lambda: -td)
check("+td", lambda: +td)
check("abs", lambda: abs(td))
check("td//2", lambda: td // 2)
check("td%td", lambda: td % timedelta(minutes=7))
check("TD(1.5)", lambda: TD(1.5))
check("isocalendar", lambda: d.isocalendar())


# Methods the C code calls back into: isoformat for str(), timetuple for strftime,
# strftime for format(), fromtimestamp for today(), utcoffset of the tzinfo.
class Custom(datetime):
    def isoformat(self, sep="T", timespec="auto"):
        return "iso(%s)" % sep

    def timetuple(self):
        calls.append("timetuple")
        return super().timetuple()

    def strftime(self, fmt):
        return "strftime(%s)" % fmt

    @classmethod
    def fromtimestamp(cls, t, tz=None):
        return "fromtimestamp called"


c = Custom(2000, 1, 2)
print(str(c), format(c, "%Y"), format(c, ""), Custom.today(), repr(c))
calls.clear()
print(datetime.strftime(c, "%Y"), calls)


class NoArgs(datetime):
    def __new__(cls):
        return super().__new__(cls, 2001, 2, 3)


check("NoArgs + td", lambda: NoArgs() + timedelta(1))
check("NoArgs.replace", lambda: NoArgs().replace(day=9))


class WithSlots(date):
    __slots__ = ("tag",)


w = WithSlots(2000, 1, 1)
w.tag = 5
print(w.tag, repr(w), w + timedelta(1), type(w + timedelta(1)).__name__)


class Attr(time):
    pass


a = Attr(1)
a.x = 1
print(a.x, a.__dict__, repr(a), Attr.min, type(Attr.min).__name__)
print(issubclass(datetime, date), isinstance(dt, date), datetime.__mro__, timezone.__mro__)
print(DT.__module__, datetime.__module__, date.__qualname__, type(date.today).__name__)
print(date.__doc__, datetime.fromisoformat.__doc__, sep="\n")
for cls in (date, datetime, time, timedelta, tzinfo, timezone):
    print(cls.__name__, cls.__module__, sorted(k for k in vars(cls) if not k.startswith("__")))
