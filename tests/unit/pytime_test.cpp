// Checks the rounding helpers of src/modules/pytime (CPython's _PyTime_* rounding modes):
// nanoseconds divided into coarser units, and timespec/timeval splits of negative times.
#include <gtest/gtest.h>

#include "modules/pytime.h"

namespace krait {
namespace {

TEST(PyTimeTest, DivideRoundsPerMode) {
  // 1.5 units, -1.5 units, 2.5 units, 0.4 units of 10.
  EXPECT_EQ(time_divide(15, 10, TimeRounding::Floor), 1);
  EXPECT_EQ(time_divide(-15, 10, TimeRounding::Floor), -2);
  EXPECT_EQ(time_divide(15, 10, TimeRounding::Ceiling), 2);
  EXPECT_EQ(time_divide(-15, 10, TimeRounding::Ceiling), -1);
  EXPECT_EQ(time_divide(15, 10, TimeRounding::Up), 2);
  EXPECT_EQ(time_divide(-15, 10, TimeRounding::Up), -2);
  EXPECT_EQ(time_divide(4, 10, TimeRounding::Up), 1);
  EXPECT_EQ(time_divide(15, 10, TimeRounding::HalfEven), 2);
  EXPECT_EQ(time_divide(25, 10, TimeRounding::HalfEven), 2);
  EXPECT_EQ(time_divide(-25, 10, TimeRounding::HalfEven), -2);
  EXPECT_EQ(time_divide(26, 10, TimeRounding::HalfEven), 3);
  EXPECT_EQ(time_divide(-35, 10, TimeRounding::HalfEven), -4);
  EXPECT_EQ(time_divide(30, 10, TimeRounding::Up), 3);
}

TEST(PyTimeTest, NegativeTimesKeepFractionPositive) {
  struct timespec ts = time_as_timespec(-1);
  EXPECT_EQ(ts.tv_sec, -1);
  EXPECT_EQ(ts.tv_nsec, 999999999);
  ts = time_as_timespec(1500000000);
  EXPECT_EQ(ts.tv_sec, 1);
  EXPECT_EQ(ts.tv_nsec, 500000000);
  struct timeval tv = time_as_timeval(-1, TimeRounding::Floor);
  EXPECT_EQ(tv.tv_sec, -1);
  EXPECT_EQ(tv.tv_usec, 999999);
  tv = time_as_timeval(1, TimeRounding::Up);  // 1 ns still waits a microsecond
  EXPECT_EQ(tv.tv_sec, 0);
  EXPECT_EQ(tv.tv_usec, 1);
  EXPECT_EQ(time_from_timespec(time_as_timespec(-123456789012)), -123456789012);
}

TEST(PyTimeTest, SecondsAsDouble) {
  EXPECT_EQ(time_as_seconds_double(3000000000), 3.0);
  EXPECT_EQ(time_as_seconds_double(1500000000), 1.5);
  EXPECT_GT(monotonic_ns(), 0);
}

}  // namespace
}  // namespace krait
