// Conversions between Python numbers and nanosecond times; see pytime.h. The rounding and
// overflow rules are CPython's, so that e.g. select(timeout=1e-10) still waits a little
// and time.gmtime(1e20) raises OverflowError with CPython's message.
#include "modules/pytime.h"

#include <cmath>
#include <limits>

#include "core/error.h"
#include "objects/float.h"
#include "objects/int.h"

namespace krait {

namespace {

constexpr int64_t kNsPerSecond = 1000000000;

double round_double(double x, TimeRounding rounding) {
  switch (rounding) {
    case TimeRounding::Floor: return std::floor(x);
    case TimeRounding::Ceiling: return std::ceil(x);
    case TimeRounding::HalfEven: {
      double rounded = std::round(x);
      if (std::fabs(x - std::trunc(x)) == 0.5) rounded = 2.0 * std::round(x / 2.0);
      return rounded;
    }
    case TimeRounding::Up: return x >= 0 ? std::ceil(x) : std::floor(x);
  }
  return x;
}

Raised nan_error() { return value_error("Invalid value NaN (not a number)"); }
Raised pytime_overflow() { return overflow_error("timestamp too large to convert to C _PyTime_t"); }
Raised time_t_overflow() { return overflow_error("timestamp out of range for platform time_t"); }

// An int (or __index__) as int64; *overflow set instead of raising when it does not fit.
bool integer_value(Value v, int64_t* out, bool* overflow) {
  *overflow = false;
  if (v.is_small_int()) {
    *out = v.as_small_int();
    return true;
  }
  Ref<> index = number_index(v);
  if (!index) return false;
  if (!int_to_int64(index, out)) *overflow = true;
  return true;
}

bool time_from_object(Value v, TimeRounding rounding, int64_t unit_ns, TimeNs* out) {
  if (is_float(v)) {
    double d = float_value(v);
    if (std::isnan(d)) return nan_error();
    d = round_double(d * double(unit_ns), rounding);
    // The largest double below 2**63 is the last one that converts exactly.
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return pytime_overflow();
    *out = TimeNs(d);
    return true;
  }
  int64_t value;
  bool overflow;
  if (!integer_value(v, &value, &overflow)) return false;
  if (overflow || __builtin_mul_overflow(value, unit_ns, out)) return pytime_overflow();
  return true;
}

}  // namespace

bool time_from_seconds_object(Value v, TimeRounding rounding, TimeNs* out) {
  return time_from_object(v, rounding, kNsPerSecond, out);
}

bool time_from_milliseconds_object(Value v, TimeRounding rounding, TimeNs* out) {
  return time_from_object(v, rounding, 1000000, out);
}

bool time_t_from_object(Value v, TimeRounding rounding, time_t* out) {
  if (is_float(v)) {
    double d = float_value(v);
    if (std::isnan(d)) return nan_error();
    d = round_double(d, rounding);
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return time_t_overflow();
    *out = time_t(d);
    return true;
  }
  int64_t value;
  bool overflow;
  if (!integer_value(v, &value, &overflow)) return false;
  if (overflow) return time_t_overflow();
  *out = time_t(value);
  return true;
}

bool timespec_from_object(Value v, TimeRounding rounding, time_t* seconds, long* fraction,
                          long denominator) {
  if (is_float(v)) {
    double d = float_value(v);
    if (std::isnan(d)) {
      *fraction = 0;
      return nan_error();
    }
    double integral;
    double part = std::modf(d, &integral);
    part = round_double(part * double(denominator), rounding);
    if (part >= double(denominator)) {
      part -= double(denominator);
      integral += 1.0;
    } else if (part < 0) {
      part += double(denominator);
      integral -= 1.0;
    }
    if (!(integral >= -9223372036854775808.0 && integral < 9223372036854775808.0)) {
      return time_t_overflow();
    }
    *seconds = time_t(integral);
    *fraction = long(part);
    return true;
  }
  *fraction = 0;
  return time_t_from_object(v, rounding, seconds);
}

double time_as_seconds_double(TimeNs t) {
  if (t % kNsPerSecond == 0) return double(t / kNsPerSecond);
  return double(t) / 1e9;
}

int64_t time_divide(TimeNs t, int64_t unit, TimeRounding rounding) {
  int64_t q = t / unit, r = t % unit;
  if (r == 0) return q;
  // C division truncates towards zero; adjust per the rounding mode.
  switch (rounding) {
    case TimeRounding::Floor: return r < 0 ? q - 1 : q;
    case TimeRounding::Ceiling: return r > 0 ? q + 1 : q;
    case TimeRounding::Up: return r > 0 ? q + 1 : q - 1;
    case TimeRounding::HalfEven: {
      int64_t twice = 2 * (r < 0 ? -r : r);
      int64_t step = r < 0 ? -1 : 1;
      if (twice > unit || (twice == unit && (q & 1))) return q + step;
      return q;
    }
  }
  return q;
}

struct timespec time_as_timespec(TimeNs t) {
  struct timespec ts;
  int64_t seconds = t / kNsPerSecond, ns = t % kNsPerSecond;
  if (ns < 0) {
    ns += kNsPerSecond;
    seconds -= 1;
  }
  ts.tv_sec = time_t(seconds);
  ts.tv_nsec = long(ns);
  return ts;
}

struct timeval time_as_timeval(TimeNs t, TimeRounding rounding) {
  int64_t us = time_divide(t, 1000, rounding);
  struct timeval tv;
  int64_t seconds = us / 1000000, rest = us % 1000000;
  if (rest < 0) {
    rest += 1000000;
    seconds -= 1;
  }
  tv.tv_sec = time_t(seconds);
  tv.tv_usec = suseconds_t(rest);
  return tv;
}

TimeNs time_from_timespec(const struct timespec& ts) {
  return TimeNs(ts.tv_sec) * kNsPerSecond + ts.tv_nsec;
}

TimeNs monotonic_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return time_from_timespec(ts);
}

TimeNs deadline_after(TimeNs timeout) {
  TimeNs deadline;
  if (__builtin_add_overflow(monotonic_ns(), timeout, &deadline)) deadline = INT64_MAX;
  return deadline;
}

TimeNs wall_clock_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return time_from_timespec(ts);
}

}  // namespace krait
