// Time values for the OS modules (CPython's pytime.c): converting Python numbers to
// nanosecond counts, time_t and timespec with CPython's rounding modes and error messages,
// and reading the clocks. Used by time, posix (utime), select, _signal and _thread.
#pragma once

#include <sys/time.h>

#include <cstdint>
#include <ctime>

#include "core/object.h"

namespace krait {

// How a fraction is rounded (CPython's _PyTime_round_t).
enum class TimeRounding {
  Floor,     // towards -infinity
  Ceiling,   // towards +infinity
  HalfEven,  // to nearest, ties to even
  Up,        // away from zero (timeouts: never wait less than asked)
};

// A duration or time point in nanoseconds (CPython's _PyTime_t).
using TimeNs = int64_t;

// Seconds (int or float) to nanoseconds. ValueError for NaN, OverflowError "timestamp too
// large to convert to C _PyTime_t", TypeError for non-numbers. False on error.
bool time_from_seconds_object(Value v, TimeRounding rounding, TimeNs* out);
// Milliseconds (int or float) to nanoseconds (poll/epoll timeouts).
bool time_from_milliseconds_object(Value v, TimeRounding rounding, TimeNs* out);
// Seconds (int or float) to time_t: OverflowError "timestamp out of range for platform
// time_t".
bool time_t_from_object(Value v, TimeRounding rounding, time_t* out);
// Seconds (int or float) to seconds + nanoseconds (or microseconds when denominator is
// 1e6), the fraction always in [0, denominator).
bool timespec_from_object(Value v, TimeRounding rounding, time_t* seconds, long* fraction,
                          long denominator = 1000000000);

double time_as_seconds_double(TimeNs t);
// Rounds a nanosecond count to a coarser unit (e.g. 1000000 for milliseconds).
int64_t time_divide(TimeNs t, int64_t unit, TimeRounding rounding);
struct timespec time_as_timespec(TimeNs t);
struct timeval time_as_timeval(TimeNs t, TimeRounding rounding);
TimeNs time_from_timespec(const struct timespec& ts);

// Clocks.
TimeNs monotonic_ns();
TimeNs wall_clock_ns();
// monotonic_ns() + timeout, saturating instead of overflowing (huge timeouts).
TimeNs deadline_after(TimeNs timeout);

}  // namespace krait
