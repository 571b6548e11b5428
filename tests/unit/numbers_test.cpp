// Internals of the numeric types reachable from C++: the canonical small/big forms of
// ints at the boundaries, correctly rounded int -> double conversion, literal parsing,
// index conversions, digit strings and the numeric hash. Python-visible behaviour is
// tested by tests/types/00[1-9]*.py and 01[01]*.py against python3.11.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <string>

#include "core/error.h"
#include "core/hash.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/int_internal.h"
#include "objects/none.h"
#include "runtime/bootstrap.h"
#include "runtime/runtime.h"

namespace krait {
namespace {

class Numbers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Another suite's environment may already have started the runtime.
    if (!the_runtime) {
      Config config;
      config.hash_seed = 0;
      ASSERT_TRUE(runtime_core_start(std::move(config)));
    }
  }
};

// 2**exponent + offset as an int.
Ref<> power_of_two_plus(unsigned exponent, int64_t offset) {
  Mpz z;
  mpz_ui_pow_ui(z, 2, exponent);
  if (offset >= 0) mpz_add_ui(z, z, uint64_t(offset));
  else mpz_sub_ui(z, z, uint64_t(-offset));
  return int_from_mpz(z);
}

TEST_F(Numbers, SmallRangeIsCanonical) {
  EXPECT_TRUE(int_from_int64(Value::kSmallIntMax).value().is_small_int());
  EXPECT_TRUE(int_from_int64(Value::kSmallIntMin).value().is_small_int());
  EXPECT_FALSE(int_from_int64(Value::kSmallIntMax + 1).value().is_small_int());
  EXPECT_FALSE(int_from_int64(Value::kSmallIntMin - 1).value().is_small_int());
  EXPECT_FALSE(int_from_uint64(UINT64_MAX).value().is_small_int());
  EXPECT_TRUE(int_from_uint64(uint64_t(Value::kSmallIntMax)).value().is_small_int());
  // Arithmetic that leaves the small range and comes back returns small ints.
  Ref<> big = int_add(Value::small_int(Value::kSmallIntMax), Value::small_int(1));
  ASSERT_TRUE(big);
  EXPECT_FALSE(big.value().is_small_int());
  Ref<> back = int_subtract(big, Value::small_int(1));
  ASSERT_TRUE(back);
  ASSERT_TRUE(back.value().is_small_int());
  EXPECT_EQ(back.value().as_small_int(), Value::kSmallIntMax);
  Ref<> two_100 = power_of_two_plus(100, 0);
  Ref<> product = int_multiply(two_100, Value::small_int(0));
  ASSERT_TRUE(product);
  EXPECT_TRUE(product.value().is_small_int());
  Ref<> two_62 = power_of_two_plus(62, 0);
  EXPECT_FALSE(two_62.value().is_small_int());
  Ref<> minus = int_subtract(Value::small_int(0), two_62);
  ASSERT_TRUE(minus);
  ASSERT_TRUE(minus.value().is_small_int());
  EXPECT_EQ(minus.value().as_small_int(), Value::kSmallIntMin);
}

TEST_F(Numbers, MpzMoveLeavesEmpty) {
  Mpz z;
  mpz_ui_pow_ui(z, 3, 200);
  Ref<> value = int_from_mpz_move(z);
  ASSERT_TRUE(value);
  EXPECT_EQ(mpz_sgn(z), 0);
  Mpz back;
  int_to_mpz(value, back);
  Mpz expected;
  mpz_ui_pow_ui(expected, 3, 200);
  EXPECT_EQ(mpz_cmp(back, expected), 0);
}

// int(2**exponent + offset) converted to double.
double converted(unsigned exponent, int64_t offset, bool* overflow) {
  Ref<> value = power_of_two_plus(exponent, offset);
  return int_to_double(value, overflow);
}

TEST_F(Numbers, ToDoubleRoundsHalfToEven) {
  bool overflow;
  EXPECT_EQ(converted(53, 1, &overflow), 9007199254740992.0);
  EXPECT_EQ(converted(53, 3, &overflow), 9007199254740996.0);
  EXPECT_EQ(converted(80, (1 << 27) + 1, &overflow), std::ldexp(1.0, 80) + std::ldexp(1.0, 28));
  EXPECT_EQ(converted(80, 1 << 27, &overflow), std::ldexp(1.0, 80));
  EXPECT_EQ(converted(80, 3 << 27, &overflow), std::ldexp(1.0, 80) + std::ldexp(1.0, 29));
  EXPECT_FALSE(overflow);
  // Just below 2**1024 rounds down to DBL_MAX; half an ulp more rounds up and overflows.
  Mpz z;
  mpz_ui_pow_ui(z, 2, 1024);
  Mpz half_ulp;
  mpz_ui_pow_ui(half_ulp, 2, 970);
  mpz_sub(z, z, half_ulp);
  mpz_sub_ui(z, z, 1);
  Ref<> below = int_from_mpz(z);
  EXPECT_EQ(int_to_double(below, &overflow), DBL_MAX);
  EXPECT_FALSE(overflow);
  mpz_add_ui(z, z, 1);
  Ref<> halfway = int_from_mpz(z);
  int_to_double(halfway, &overflow);
  EXPECT_TRUE(overflow);
  Ref<> negative = int_subtract(Value::small_int(0), below);
  EXPECT_EQ(int_to_double(negative, &overflow), -DBL_MAX);
}

TEST_F(Numbers, Literals) {
  auto decimal = [](std::string_view text) {
    Ref<> value = int_from_literal(text);
    return value ? int_to_decimal(value) : std::string("error");
  };
  EXPECT_EQ(decimal("0x1f"), "31");
  EXPECT_EQ(decimal("0X1F"), "31");
  EXPECT_EQ(decimal("0o17"), "15");
  EXPECT_EQ(decimal("0b101"), "5");
  EXPECT_EQ(decimal("0"), "0");
  EXPECT_EQ(decimal("00"), "0");
  EXPECT_EQ(decimal("123456789012345678901234567890"), "123456789012345678901234567890");
  EXPECT_EQ(decimal("0xffffffffffffffffffff"), "1208925819614629174706175");
  EXPECT_EQ(decimal("4611686018427387904"), "4611686018427387904");
}

TEST_F(Numbers, IndexConversions) {
  int64_t out = 0;
  Ref<> huge = power_of_two_plus(70, 0);
  EXPECT_FALSE(index_to_int64(huge, &out));
  EXPECT_TRUE(error_matches(&exc::OverflowError));
  clear_error();
  EXPECT_FALSE(index_to_int64(huge, &out, &exc::IndexError));
  EXPECT_TRUE(error_matches(&exc::IndexError));
  clear_error();
  ASSERT_TRUE(index_to_int64_clamped(huge, &out));
  EXPECT_EQ(out, INT64_MAX);
  Ref<> negative = int_subtract(Value::small_int(0), huge);
  ASSERT_TRUE(index_to_int64_clamped(negative, &out));
  EXPECT_EQ(out, INT64_MIN);
  ASSERT_TRUE(index_to_int64(True(), &out));
  EXPECT_EQ(out, 1);
  Ref<> f = float_from_double(1.5);
  EXPECT_FALSE(index_to_int64(f, &out));
  EXPECT_TRUE(error_matches(&exc::TypeError));
  clear_error();
  Ref<> max = power_of_two_plus(63, -1);
  ASSERT_TRUE(int_as_int64(max, &out));
  EXPECT_EQ(out, INT64_MAX);
  Ref<> too_big = power_of_two_plus(63, 0);
  EXPECT_FALSE(int_as_int64(too_big, &out));
  clear_error();
}

TEST_F(Numbers, DigitStrings) {
  std::string digits;
  Ref<> magnitude = power_of_two_plus(100, 0);
  Ref<> value = int_subtract(Value::small_int(0), magnitude);
  ASSERT_TRUE(int_magnitude_digits(value, 16, &digits));
  EXPECT_EQ(digits, "10000000000000000000000000");
  ASSERT_TRUE(int_magnitude_digits(value, 10, &digits));
  EXPECT_EQ(digits, "1267650600228229401496703205376");
  ASSERT_TRUE(int_magnitude_digits(Value::small_int(-255), 2, &digits));
  EXPECT_EQ(digits, "11111111");
  ASSERT_TRUE(int_magnitude_digits(Value::small_int(35), 36, &digits));
  EXPECT_EQ(digits, "z");
  EXPECT_EQ(int_to_decimal(value), "-1267650600228229401496703205376");
  // Decimal conversion respects the digit limit; hexadecimal does not.
  Mpz z;
  mpz_ui_pow_ui(z, 10, 5000);
  Ref<> big = int_from_mpz(z);
  EXPECT_FALSE(int_magnitude_digits(big, 10, &digits));
  EXPECT_TRUE(error_matches(&exc::ValueError));
  clear_error();
  EXPECT_TRUE(int_magnitude_digits(big, 16, &digits));
}

TEST_F(Numbers, HashAgreesAcrossTypes) {
  EXPECT_EQ(int_hash(Value::small_int(-1)), -2);
  EXPECT_EQ(int_hash(Value::small_int(-2)), -2);
  Ref<> modulus = power_of_two_plus(61, -1);
  Ref<> modulus_plus_one = power_of_two_plus(61, 0);
  EXPECT_EQ(int_hash(modulus), 0);
  EXPECT_EQ(int_hash(modulus_plus_one), 1);
  EXPECT_EQ(int_hash(Value::small_int(Value::kSmallIntMax)), Value::kSmallIntMax % int64_t(kHashModulus));
  for (int exponent : {0, 10, 52, 53, 61, 62, 63, 64, 100, 1000}) {
    Ref<> value = power_of_two_plus(unsigned(exponent), 0);
    EXPECT_EQ(int_hash(value), double_hash(std::ldexp(1.0, exponent))) << exponent;
    Ref<> negative = int_subtract(Value::small_int(0), value);
    EXPECT_EQ(int_hash(negative), double_hash(-std::ldexp(1.0, exponent))) << exponent;
  }
  EXPECT_EQ(int_hash(True()), 1);
  EXPECT_EQ(int_hash(False()), 0);
}

TEST_F(Numbers, CompareMixedSizes) {
  Ref<> big = power_of_two_plus(80, 0);
  EXPECT_LT(int_compare(Value::small_int(5), big), 0);
  EXPECT_GT(int_compare(big, Value::small_int(-5)), 0);
  EXPECT_EQ(int_compare(True(), Value::small_int(1)), 0);
  EXPECT_TRUE(float_compare_int(std::ldexp(1.0, 80), big, CompareOp::Eq));
  Ref<> big_plus_one = power_of_two_plus(80, 1);
  EXPECT_TRUE(float_compare_int(std::ldexp(1.0, 80), big_plus_one, CompareOp::Lt));
  EXPECT_TRUE(float_compare_int(INFINITY, big, CompareOp::Gt));
  EXPECT_TRUE(float_compare_int(NAN, big, CompareOp::Ne));
  EXPECT_FALSE(float_compare_int(NAN, big, CompareOp::Eq));
}

}  // namespace
}  // namespace krait
