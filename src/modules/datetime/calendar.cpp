// The proleptic Gregorian calendar of _datetime: ordinals (0001-01-01 is day 1), the ISO
// calendar, field checks and carrying, and the local-time conversions (localtime_r and
// PEP 495's fold-aware inverse of it) that fromtimestamp/timestamp/astimezone use.
#include <time.h>

#include <cerrno>

#include "modules/datetime/datetime_internal.h"

namespace krait::datetime {

namespace {

constexpr int kDaysInMonth[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
constexpr int kDaysBeforeMonth[13] = {0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
// Days in 400, 100 and 4 years.
constexpr int64_t kDaysIn400Years = 146097;
constexpr int64_t kDaysIn100Years = 36524;
constexpr int64_t kDaysIn4Years = 1461;

// Truncating division, as CPython's C: only ISO week dates of year 0 from fromisoformat
// reach here with year < 1, and they must fail the way CPython's do.
int64_t days_before_year(int year) {
  int64_t y = year - 1;
  return y * 365 + y / 4 - y / 100 + y / 400;
}

// Carries `*low` into `*high` so that 0 <= *low < factor.
void carry(int* high, int* low, int factor) {
  if (*low < 0 || *low >= factor) {
    int borrow = int(floor_div(*low, factor));
    *high += borrow;
    *low -= borrow * factor;
  }
}

}  // namespace

bool is_leap(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int days_in_month(int year, int month) {
  return month == 2 && is_leap(year) ? 29 : kDaysInMonth[month];
}

int days_before_month(int year, int month) {
  return kDaysBeforeMonth[month] + (month > 2 && is_leap(year) ? 1 : 0);
}

int64_t ymd_to_ordinal(int year, int month, int day) {
  return days_before_year(year) + days_before_month(year, month) + day;
}

void ordinal_to_ymd(int64_t ordinal, int* year, int* month, int* day) {
  // Peel off 400-, 100-, 4- and 1-year cycles from the zero-based day number (ordinals
  // below 1 come only from ISO dates of year 0 and end in an invalid month, as in CPython).
  int64_t n = ordinal - 1;
  int64_t n400 = n / kDaysIn400Years;
  n %= kDaysIn400Years;
  int64_t y = n400 * 400 + 1;
  int64_t n100 = n / kDaysIn100Years;
  n %= kDaysIn100Years;
  int64_t n4 = n / kDaysIn4Years;
  n %= kDaysIn4Years;
  int64_t n1 = n / 365;
  n %= 365;
  y += n100 * 100 + n4 * 4 + n1;
  if (n1 == 4 || n100 == 4) {  // the last day of a leap cycle: December 31 of the year before
    *year = int(y - 1);
    *month = 12;
    *day = 31;
    return;
  }
  *year = int(y);
  bool leap = n1 == 3 && (n4 != 24 || n100 == 3);
  int m = int((n + 50) >> 5);  // an estimate, at most one too large
  if (m < 1) {
    *month = m - 1;
    *day = 1;
    return;
  }
  int preceding = kDaysBeforeMonth[m] + (m > 2 && leap ? 1 : 0);
  if (preceding > n) {
    --m;
    preceding -= (m == 2 && leap) ? 29 : kDaysInMonth[m];
  }
  *month = m;
  *day = int(n - preceding + 1);
}

int weekday(int year, int month, int day) {
  return int(floor_mod(ymd_to_ordinal(year, month, day) + 6, 7));
}

int iso_week1_monday(int year) {
  int64_t first_day = ymd_to_ordinal(year, 1, 1);
  int64_t first_weekday = (first_day + 6) % 7;  // C's remainder, as days_before_year
  int64_t week1_monday = first_day - first_weekday;
  if (first_weekday > 3) week1_monday += 7;  // the first week has fewer than 4 days of `year`
  return int(week1_monday);
}

void iso_calendar(int year, int month, int day, int* iso_year, int* week, int* iso_weekday) {
  int y = year;
  int64_t today = ymd_to_ordinal(year, month, day);
  int64_t week1 = iso_week1_monday(y);
  int64_t offset = today - week1;
  if (offset < 0) {
    --y;
    week1 = iso_week1_monday(y);
    offset = today - week1;
  } else if (offset >= 52 * 7 && today >= iso_week1_monday(y + 1)) {
    ++y;
    offset = 0 + (today - iso_week1_monday(y));
  }
  *iso_year = y;
  *week = int(offset / 7) + 1;
  *iso_weekday = int(offset % 7) + 1;
}

int iso_to_ymd(int iso_year, int week, int iso_weekday, int* year, int* month, int* day) {
  if (week <= 0 || week >= 53) {
    // Week 53 exists only in years starting on a Thursday, or leap years starting on a
    // Wednesday.
    bool long_year = false;
    if (week == 53) {
      int first_weekday = int((ymd_to_ordinal(iso_year, 1, 1) + 6) % 7);
      long_year = first_weekday == 3 || (first_weekday == 2 && is_leap(iso_year));
    }
    if (!long_year) return -2;
  }
  if (iso_weekday <= 0 || iso_weekday >= 8) return -3;
  int64_t ordinal = iso_week1_monday(iso_year) + int64_t(week - 1) * 7 + (iso_weekday - 1);
  ordinal_to_ymd(ordinal, year, month, day);
  return 0;
}

bool check_date_fields(int year, int month, int day) {
  if (year < kMinYear || year > kMaxYear) return value_error("year {} is out of range", year);
  if (month < 1 || month > 12) return value_error("month must be in 1..12");
  if (day < 1 || day > days_in_month(year, month))
    return value_error("day is out of range for month");
  return true;
}

bool check_time_fields(int hour, int minute, int second, int microsecond, int fold) {
  if (hour < 0 || hour > 23) return value_error("hour must be in 0..23");
  if (minute < 0 || minute > 59) return value_error("minute must be in 0..59");
  if (second < 0 || second > 59) return value_error("second must be in 0..59");
  if (microsecond < 0 || microsecond > 999999)
    return value_error("microsecond must be in 0..999999");
  if (fold != 0 && fold != 1) return value_error("fold must be either 0 or 1");
  return true;
}

bool normalize_date(int* year, int* month, int* day) {
  // The month is in range here (callers carry it first); the day may be anything.
  int limit = days_in_month(*year, *month);
  if (*day < 1 || *day > limit) {
    if (*day == 0) {
      if (--*month > 0) {
        *day = days_in_month(*year, *month);
      } else {
        --*year;
        *month = 12;
        *day = 31;
      }
    } else if (*day == limit + 1) {
      *day = 1;
      if (++*month > 12) {
        *month = 1;
        ++*year;
      }
    } else {
      int64_t ordinal = ymd_to_ordinal(*year, *month, 1) + *day - 1;
      if (ordinal < 1 || ordinal > kMaxOrdinal) return overflow_error("date value out of range");
      ordinal_to_ymd(ordinal, year, month, day);
      return true;
    }
  }
  if (*year < kMinYear || *year > kMaxYear) return overflow_error("date value out of range");
  return true;
}

bool normalize_datetime(int* year, int* month, int* day, int* hour, int* minute, int* second,
                        int* microsecond) {
  carry(second, microsecond, 1000000);
  carry(minute, second, 60);
  carry(hour, minute, 60);
  carry(day, hour, 24);
  return normalize_date(year, month, day);
}

bool utc_to_seconds(int year, int month, int day, int hour, int minute, int second, int64_t* out) {
  if (year < kMinYear || year > kMaxYear) return value_error("year {} is out of range", year);
  // A day carried past the month's end (localtime of a leap second) is still counted.
  int64_t ordinal = ymd_to_ordinal(year, month, 1) + day - 1;
  *out = ((ordinal * 24 + hour) * 60 + minute) * 60 + second;
  return true;
}

bool local_seconds(int64_t posix_seconds, int64_t* out) {
  time_t t = time_t(posix_seconds);
  struct tm tm;
  errno = 0;
  if (!localtime_r(&t, &tm)) return raise_os_error(errno ? errno : EINVAL);
  return utc_to_seconds(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                        tm.tm_sec, out);
}

bool local_to_posix(int year, int month, int day, int hour, int minute, int second, int fold,
                    int64_t* out) {
  // Solve local(u) == t for u, where local() maps POSIX seconds to local seconds since
  // 0001-01-01. At most two offsets apply near t; try both, as PEP 495 prescribes.
  constexpr int64_t kMaxFold = 24 * 3600;
  int64_t t;
  if (!utc_to_seconds(year, month, day, hour, minute, second, &t)) return false;
  int64_t local_t, local_u1, local_u2;
  if (!local_seconds(t - kEpochSeconds, &local_t)) return false;
  int64_t a = local_t - t;
  int64_t u1 = t - a;
  if (!local_seconds(u1 - kEpochSeconds, &local_u1)) return false;
  int64_t b;
  if (local_u1 == t) {
    // One solution; fold 0 wants the earlier one, fold 1 the later.
    int64_t u2 = fold ? u1 + kMaxFold : u1 - kMaxFold;
    int64_t probe;
    if (!local_seconds(u2 - kEpochSeconds, &probe)) return false;
    b = probe - u2;
    if (a == b) {
      *out = u1 - kEpochSeconds;
      return true;
    }
  } else {
    b = local_u1 - u1;
  }
  int64_t u2 = t - b;
  if (!local_seconds(u2 - kEpochSeconds, &local_u2)) return false;
  int64_t result;
  if (local_u2 == t) {
    result = u2;
  } else if (local_u1 == t) {
    result = u1;
  } else {
    // t is in a gap: neither offset gives it back.
    result = fold ? std::min(u1, u2) : std::max(u1, u2);
  }
  *out = result - kEpochSeconds;
  return true;
}

}  // namespace krait::datetime
