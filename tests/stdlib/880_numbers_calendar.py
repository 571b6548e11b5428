# statistics (averages, spread, quantiles, NormalDist, regression, errors), fractions
# (arithmetic, conversions, limit_denominator, formatting, errors) and calendar (text and
# HTML calendars, leap years, weekday arithmetic, errors).
import calendar
import math
import statistics
from decimal import Decimal
from fractions import Fraction

data = [2.5, 3.25, 5.5, 1.75, 3.25, 9.0]
print(statistics.mean(data), statistics.fmean(data), statistics.median(data), statistics.median_low(data),
      statistics.median_high(data), statistics.mode(data), statistics.multimode("aabbc"))
print(statistics.geometric_mean([1, 2, 4]), statistics.harmonic_mean([40, 60]), statistics.median_grouped([1, 2, 2, 3]))
print(statistics.pstdev(data), statistics.stdev(data), statistics.pvariance(data), statistics.variance(data))
print(statistics.quantiles(range(1, 11), n=4), statistics.quantiles([1, 5, 9], n=3, method="inclusive"))
print(statistics.mean([Fraction(1, 3), Fraction(1, 6)]), statistics.mean([Decimal("1.5"), Decimal("2.5")]))
print(statistics.correlation([1, 2, 3, 4], [2, 4, 5, 9]), statistics.covariance([1, 2, 3], [1, 3, 2]),
      statistics.linear_regression([1, 2, 3, 4], [3, 5, 7, 9]))
nd = statistics.NormalDist(100, 15)
print(nd, nd.cdf(115), nd.inv_cdf(0.5), nd.pdf(100), nd.overlap(statistics.NormalDist(110, 15)),
      nd.quantiles(4), nd + 5, nd * 2, statistics.NormalDist.from_samples([1, 2, 3]).stdev)
for bad in (lambda: statistics.mean([]), lambda: statistics.stdev([1]), lambda: statistics.mode([]),
            lambda: statistics.harmonic_mean([-1]), lambda: statistics.quantiles([1], n=4),
            lambda: statistics.NormalDist(0, -1), lambda: statistics.correlation([1, 1], [1, 2])):
    try:
        print(bad())
    except statistics.StatisticsError as e:
        print("StatisticsError", e)

a, b = Fraction(3, 4), Fraction("-1/6")
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** 2, a ** -2, 2 ** Fraction(1, 2), -a, abs(b))
print(Fraction(0.1), Fraction("3.1415"), Fraction(Decimal("1.25")), Fraction(" 7e-2 "), Fraction(5), Fraction(6, -4))
print(Fraction(math.pi).limit_denominator(1000), Fraction(1, 3) == 1 / 3, Fraction(1, 2) == 0.5, a > 0.7, hash(Fraction(1, 2)) == hash(0.5))
print(float(a), int(Fraction(-7, 2)), round(Fraction(5, 2)), round(Fraction(7, 2)), round(Fraction(1234, 100), 1),
      math.floor(b), math.ceil(b), a.as_integer_ratio(), a.numerator, a.denominator, repr(a), str(Fraction(4, 2)))
print(Fraction(1, 3) + 1, 1.5 + Fraction(1, 2), Fraction(1, 2) + Decimal("1") if False else "", complex(Fraction(1, 2)))
for bad in (lambda: Fraction(1, 0), lambda: Fraction("1/x"), lambda: Fraction(1.5, 2), lambda: Fraction(float("nan")),
            lambda: Fraction(float("inf")), lambda: a / 0, lambda: Fraction(1).limit_denominator(0), lambda: Fraction([])):
    try:
        print(bad())
    except (ZeroDivisionError, ValueError, TypeError, OverflowError) as e:
        print(type(e).__name__, e)

print(calendar.month(2024, 2), end="")
print(calendar.TextCalendar(firstweekday=6).formatmonth(2023, 12, w=3, l=1), end="")
print(calendar.isleap(2000), calendar.isleap(1900), calendar.leapdays(1900, 2024), calendar.weekday(2024, 2, 29),
      calendar.monthrange(2024, 2), calendar.monthrange(2023, 2), calendar.day_name[0], calendar.month_abbr[12])
print(calendar.monthcalendar(2024, 9), list(calendar.Calendar().itermonthdays2(2024, 2))[:3])
print(calendar.timegm((2024, 1, 1, 0, 0, 0)), calendar.firstweekday(), list(calendar.Calendar(2).iterweekdays()))
html = calendar.HTMLCalendar().formatmonth(2024, 1)
print(html.splitlines()[0], html.count("<tr>"), calendar.calendar(2024).count("\n"))
for bad in (lambda: calendar.weekday(2024, 13, 1), lambda: calendar.monthrange(2024, 0),
            lambda: calendar.month_name[13], lambda: calendar.setfirstweekday(9)):
    try:
        print(bad())
    except (ValueError, IndexError) as e:
        print(type(e).__name__, e)
