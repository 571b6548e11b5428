// math: the floating-point functions of CPython 3.11's math module with bit-identical
// results — libm where CPython calls libm, CPython's own algorithms where it has them
// (gamma and lgamma by the Lanczos approximation, hypot/dist by scaled compensated
// summation with a square-root correction, fsum by exact partials), and its rules for
// turning IEEE special cases into "math domain error" / "math range error".
// The integer functions are in math_integer.cpp.
#include <cerrno>
#include <cfloat>
#include <cmath>
#include <vector>

#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/math/math_internal.h"
#include "modules/module_def.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/tuple.h"

namespace krait::math_module {

namespace {

constexpr double kPi = 3.141592653589793238462643383279502884197;
constexpr double kLogPi = 1.144729885849400174143427351353058711647;

Raised domain_error() { return value_error("math domain error"); }
Raised range_error() { return overflow_error("math range error"); }

// PyFloat_AsDouble: floats, __float__, __index__; "must be real number, not str".
bool to_double(Value v, double* out) {
  if (is_float(v)) {
    *out = float_value(v);
    return true;
  }
  return number_to_double(v, out);
}

// What CPython does with errno after a libm call: EDOM is a domain error; ERANGE an
// overflow unless the result is small (underflow is not an error).
bool check_errno(double r) {
  if (errno == EDOM) return domain_error();
  if (errno == ERANGE && std::fabs(r) >= 1.5) return range_error();
  return true;
}

// One-argument libm functions: a NaN from a non-NaN is a domain error, an infinity from a
// finite value an overflow (can_overflow) or a singularity (domain error).
Ref<> math_1(Value arg, double (*fn)(double), bool can_overflow) {
  double x;
  if (!to_double(arg, &x)) return nullptr;
  errno = 0;
  double r = fn(x);
  if (std::isnan(r) && !std::isnan(x)) return domain_error();
  if (std::isinf(r) && std::isfinite(x)) return can_overflow ? range_error() : domain_error();
  if (std::isfinite(r) && errno && !check_errno(r)) return nullptr;
  return float_from_double(r);
}

// Functions that report their errors through errno themselves.
Ref<> math_1a(Value arg, double (*fn)(double)) {
  double x;
  if (!to_double(arg, &x)) return nullptr;
  errno = 0;
  double r = fn(x);
  if (errno && !check_errno(r)) return nullptr;
  return float_from_double(r);
}

// Two-argument functions (atan2, copysign, remainder).
Ref<> math_2(const Value* args, double (*fn)(double, double)) {
  double x, y;
  if (!to_double(args[0], &x) || !to_double(args[1], &y)) return nullptr;
  errno = 0;
  double r = fn(x, y);
  if (std::isnan(r)) errno = !std::isnan(x) && !std::isnan(y) ? EDOM : 0;
  else if (std::isinf(r)) errno = std::isfinite(x) && std::isfinite(y) ? ERANGE : 0;
  if (errno && !check_errno(r)) return nullptr;
  return float_from_double(r);
}

// --- CPython's own algorithms for special functions ---

// sin(pi * x), accurate for all finite x (exact zeros at integers).
double sin_pi(double x) {
  double y = std::fmod(std::fabs(x), 2.0);
  int n = int(std::round(2.0 * y));
  double r;
  switch (n) {
    case 0: r = std::sin(kPi * y); break;
    case 1: r = std::cos(kPi * (y - 0.5)); break;
    case 2: r = std::sin(kPi * (1.0 - y)); break;  // not -sin(pi*(y-1)): keeps +0.0 at y == 1
    case 3: r = -std::cos(kPi * (y - 1.5)); break;
    default: r = std::sin(kPi * (y - 2.0)); break;
  }
  return std::copysign(1.0, x) * r;
}

// The Lanczos approximation with N = 13 and g = 6.024680040776729583740234375 (Boost's
// parameters), written as a rational function: the numerator and denominator
// coefficients below.
constexpr int kLanczosN = 13;
constexpr double kLanczosG = 6.024680040776729583740234375;
constexpr double kLanczosGMinusHalf = 5.524680040776729583740234375;
constexpr double kLanczosNumerator[kLanczosN] = {
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
};
// x * (x + 1) * ... * (x + 11), expanded.
constexpr double kLanczosDenominator[kLanczosN] = {
    0.0,      39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0, 13339535.0,
    2637558.0, 357423.0,  32670.0,     1925.0,      66.0,        1.0};

double lanczos_sum(double x) {
  double numerator = 0.0, denominator = 0.0;
  // For large x the rational function is evaluated in 1/x, avoiding overflow.
  if (x < 5.0) {
    for (int i = kLanczosN - 1; i >= 0; --i) {
      numerator = numerator * x + kLanczosNumerator[i];
      denominator = denominator * x + kLanczosDenominator[i];
    }
  } else {
    for (int i = 0; i < kLanczosN; ++i) {
      numerator = numerator / x + kLanczosNumerator[i];
      denominator = denominator / x + kLanczosDenominator[i];
    }
  }
  return numerator / denominator;
}

// Gamma at the integers 1 .. 23, exactly.
constexpr int kExactGammaCount = 23;
constexpr double kExactGamma[kExactGammaCount] = {
    1.0, 1.0, 2.0, 6.0, 24.0, 120.0, 720.0, 5040.0, 40320.0, 362880.0, 3628800.0, 39916800.0,
    479001600.0, 6227020800.0, 87178291200.0, 1307674368000.0, 20922789888000.0,
    355687428096000.0, 6402373705728000.0, 121645100408832000.0, 2432902008176640000.0,
    51090942171709440000.0, 1124000727777607680000.0,
};

// Gamma(x); reports errors through errno like a libm function.
double gamma_function(double x) {
  if (!std::isfinite(x)) {
    if (std::isnan(x) || x > 0.0) return x;
    errno = EDOM;
    return NAN;
  }
  if (x == 0.0) {
    errno = EDOM;
    return std::copysign(HUGE_VAL, x);
  }
  if (x == std::floor(x)) {
    if (x < 0.0) {
      errno = EDOM;
      return NAN;
    }
    if (x <= kExactGammaCount) return kExactGamma[int(x) - 1];
  }
  double absx = std::fabs(x);
  if (absx < 1e-20) {
    double r = 1.0 / x;
    if (std::isinf(r)) errno = ERANGE;
    return r;
  }
  // Gamma overflows beyond 200 and underflows to a signed zero below -200.
  if (absx > 200.0) {
    if (x < 0.0) return 0.0 / sin_pi(x);
    errno = ERANGE;
    return HUGE_VAL;
  }
  double y = absx + kLanczosGMinusHalf;
  // The rounding error of y, used to correct pow(y, x - 0.5) / exp(y).
  double z;
  if (absx > kLanczosGMinusHalf) {
    double q = y - absx;
    z = q - kLanczosGMinusHalf;
  } else {
    double q = y - kLanczosGMinusHalf;
    z = q - absx;
  }
  z = z * kLanczosG / y;
  double r;
  if (x < 0.0) {
    r = -kPi / sin_pi(absx) / absx * std::exp(y) / lanczos_sum(absx);
    r -= z * r;
    if (absx < 140.0) {
      r /= std::pow(y, absx - 0.5);
    } else {
      double half_power = std::pow(y, absx / 2.0 - 0.25);
      r /= half_power;
      r /= half_power;
    }
  } else {
    r = lanczos_sum(absx) / std::exp(y);
    r += z * r;
    if (absx < 140.0) {
      r *= std::pow(y, absx - 0.5);
    } else {
      double half_power = std::pow(y, absx / 2.0 - 0.25);
      r *= half_power;
      r *= half_power;
    }
  }
  if (std::isinf(r)) errno = ERANGE;
  return r;
}

// log|Gamma(x)|.
double log_gamma(double x) {
  if (!std::isfinite(x)) return std::isnan(x) ? x : HUGE_VAL;
  if (x == std::floor(x) && x <= 2.0) {
    if (x <= 0.0) {
      errno = EDOM;
      return HUGE_VAL;
    }
    return 0.0;
  }
  double absx = std::fabs(x);
  if (absx < 1e-20) return -std::log(absx);
  double r = std::log(lanczos_sum(absx)) - kLanczosG;
  r += (absx - 0.5) * (std::log(absx + kLanczosG - 0.5) - 1);
  if (x < 0.0) r = kLogPi - std::log(std::fabs(sin_pi(absx))) - std::log(absx) - r;
  if (std::isinf(r)) errno = ERANGE;
  return r;
}

// atan2 with the C99 special cases done here, whatever the platform.
double atan2_function(double y, double x) {
  if (std::isnan(x) || std::isnan(y)) return NAN;
  if (std::isinf(y)) {
    if (std::isinf(x)) return std::copysign(std::copysign(1.0, x) == 1.0 ? 0.25 * M_PI : 0.75 * M_PI, y);
    return std::copysign(0.5 * M_PI, y);
  }
  if (std::isinf(x) || y == 0.0) return std::copysign(std::copysign(1.0, x) == 1.0 ? 0.0 : M_PI, y);
  return std::atan2(y, x);
}

// IEEE 754 remainder: x - n*y with n the nearest integer to x/y, ties to even. Exact.
double remainder_function(double x, double y) {
  if (std::isfinite(x) && std::isfinite(y)) {
    if (y == 0.0) return NAN;
    double absx = std::fabs(x), absy = std::fabs(y);
    double m = std::fmod(absx, absy);
    // m against absy / 2, compared through the exactly representable c = absy - m.
    double c = absy - m;
    double r;
    if (m < c) r = m;
    else if (m > c) r = -c;
    else r = m - 2.0 * std::fmod(0.5 * (absx - m), absy);  // halfway: pick the even multiple
    return std::copysign(1.0, x) * r;
  }
  if (std::isnan(x)) return x;
  if (std::isnan(y)) return y;
  if (std::isinf(x)) return NAN;
  return x;
}

// Logarithms with the special values handled here (errno = EDOM for domain errors).
double log_function(double x) {
  if (std::isfinite(x)) {
    if (x > 0.0) return std::log(x);
    errno = EDOM;
    return x == 0.0 ? -HUGE_VAL : NAN;
  }
  if (std::isnan(x) || x > 0.0) return x;
  errno = EDOM;
  return NAN;
}

double log2_function(double x) {
  if (!std::isfinite(x)) {
    if (std::isnan(x) || x > 0.0) return x;
    errno = EDOM;
    return NAN;
  }
  if (x > 0.0) return std::log2(x);
  errno = EDOM;
  return x == 0.0 ? -HUGE_VAL : NAN;
}

double log10_function(double x) {
  if (std::isfinite(x)) {
    if (x > 0.0) return std::log10(x);
    errno = EDOM;
    return x == 0.0 ? -HUGE_VAL : NAN;
  }
  if (std::isnan(x) || x > 0.0) return x;
  errno = EDOM;
  return NAN;
}

double log1p_function(double x) { return std::log1p(x); }

// log, log2, log10 of an argument: ints of any size are handled exactly (a huge int as
// mantissa * 2**exponent), anything else as a float through math_1.
Ref<> log_of(Value arg, double (*fn)(double)) {
  if (is_int(arg)) {
    if (int_sign(arg) <= 0) return domain_error();
    bool overflow = false;
    double x = int_to_double(arg, &overflow);
    if (!overflow) return float_from_double(fn(x));
    // x = m * 2**e with m in [0.5, 1), correctly rounded to 53 bits.
    mpz_t z;
    mpz_init(z);
    int_to_mpz(arg, z);
    int64_t bits = int64_t(mpz_sizeinbase(z, 2));
    int64_t shift = bits - (DBL_MANT_DIG + 2);
    bool sticky = mpz_scan1(z, 0) < static_cast<mp_bitcnt_t>(shift);
    mpz_tdiv_q_2exp(z, z, static_cast<mp_bitcnt_t>(shift));
    uint64_t top = mpz_get_ui(z) | (sticky ? 1 : 0);
    mpz_clear(z);
    double m = std::ldexp(double(top), -(DBL_MANT_DIG + 2));  // rounds to 53 bits, half even
    int64_t e = bits;
    if (m == 1.0) {
      m = 0.5;
      ++e;
    }
    return float_from_double(fn(m) + fn(2.0) * double(e));
  }
  return math_1(arg, fn, false);
}

// --- Functions with their own argument handling ---

#define MATH_1(name, fn, can_overflow) \
  Ref<> math_##name(Value, const Value* args) { return math_1(args[0], fn, can_overflow); }
#define MATH_1A(name, fn) \
  Ref<> math_##name(Value, const Value* args) { return math_1a(args[0], fn); }

double libm_erf(double x) { return std::erf(x); }
double libm_erfc(double x) { return std::erfc(x); }

MATH_1(acos, static_cast<double (*)(double)>(std::acos), false)
MATH_1(acosh, static_cast<double (*)(double)>(std::acosh), false)
MATH_1(asin, static_cast<double (*)(double)>(std::asin), false)
MATH_1(asinh, static_cast<double (*)(double)>(std::asinh), false)
MATH_1(atan, static_cast<double (*)(double)>(std::atan), false)
MATH_1(atanh, static_cast<double (*)(double)>(std::atanh), false)
MATH_1(cbrt, static_cast<double (*)(double)>(std::cbrt), false)
MATH_1(cos, static_cast<double (*)(double)>(std::cos), false)
MATH_1(cosh, static_cast<double (*)(double)>(std::cosh), true)
MATH_1(exp, static_cast<double (*)(double)>(std::exp), true)
MATH_1(exp2, static_cast<double (*)(double)>(std::exp2), true)
MATH_1(expm1, static_cast<double (*)(double)>(std::expm1), true)
MATH_1(fabs, static_cast<double (*)(double)>(std::fabs), false)
MATH_1(log1p, log1p_function, false)
MATH_1(sin, static_cast<double (*)(double)>(std::sin), false)
MATH_1(sinh, static_cast<double (*)(double)>(std::sinh), true)
MATH_1(sqrt, static_cast<double (*)(double)>(std::sqrt), false)
MATH_1(tan, static_cast<double (*)(double)>(std::tan), false)
MATH_1(tanh, static_cast<double (*)(double)>(std::tanh), false)
MATH_1A(erf, libm_erf)
MATH_1A(erfc, libm_erfc)
MATH_1A(gamma, gamma_function)
MATH_1A(lgamma, log_gamma)

#undef MATH_1
#undef MATH_1A

double copysign_function(double x, double y) { return std::copysign(x, y); }

Ref<> math_atan2(Value, const Value* args) { return math_2(args, atan2_function); }
Ref<> math_copysign(Value, const Value* args) { return math_2(args, copysign_function); }
Ref<> math_remainder(Value, const Value* args) { return math_2(args, remainder_function); }

Ref<> math_log(Value, const Value* args) {
  Ref<> num = log_of(args[0], log_function);
  if (!num || !args[1]) return num;
  Ref<> den = log_of(args[1], log_function);
  if (!den) return nullptr;
  return binary_op(num, den, BinaryOperator::TrueDivide);
}

Ref<> math_log2(Value, const Value* args) { return log_of(args[0], log2_function); }
Ref<> math_log10(Value, const Value* args) { return log_of(args[0], log10_function); }

// ceil and floor: __ceil__/__floor__ when the type has it (floats: float's own), else the
// value as a float.
Ref<> rounding(Value arg, StrObject* dunder, double (*fn)(double)) {
  double x;
  if (is_exact_float(arg)) {
    x = float_value(arg);
  } else {
    Ref<> method = lookup_special(arg, dunder);
    if (method) return call0(method);
    if (error_occurred()) return nullptr;
    if (!to_double(arg, &x)) return nullptr;
  }
  return int_from_double(fn(x));
}

Ref<> math_ceil(Value, const Value* args) {
  return rounding(args[0], ID(__ceil__), static_cast<double (*)(double)>(std::ceil));
}
Ref<> math_floor(Value, const Value* args) {
  return rounding(args[0], ID(__floor__), static_cast<double (*)(double)>(std::floor));
}

Ref<> math_trunc(Value, const Value* args) {
  if (is_exact_float(args[0])) return int_from_double(float_value(args[0]));
  Ref<> method = lookup_special(args[0], ID(__trunc__));
  if (!method) {
    if (error_occurred()) return nullptr;
    return type_error("type {} doesn't define __trunc__ method", type_name(args[0]));
  }
  return call0(method);
}

Ref<> double_pair(double a, double b) {
  Ref<> first = float_from_double(a);
  Ref<> second = float_from_double(b);
  if (!first || !second) return nullptr;
  return tuple_steal({first.release(), second.release()});
}

Ref<> math_frexp(Value, const Value* args) {
  double x;
  if (!to_double(args[0], &x)) return nullptr;
  int exponent = 0;
  if (std::isfinite(x) && x != 0.0) x = std::frexp(x, &exponent);
  Ref<> mantissa = float_from_double(x);
  if (!mantissa) return nullptr;
  return tuple_steal({mantissa.release(), Value::small_int(exponent)});
}

Ref<> math_ldexp(Value, const Value* args) {
  double x;
  if (!to_double(args[0], &x)) return nullptr;
  if (!is_int(args[1])) return type_error("Expected an int as second argument to ldexp.");
  int64_t exponent;
  if (!int_to_int64(args[1], &exponent)) exponent = int_sign(args[1]) < 0 ? INT64_MIN : INT64_MAX;
  double r;
  if (x == 0.0 || !std::isfinite(x)) {
    r = x;
  } else if (exponent > INT32_MAX) {
    return range_error();
  } else if (exponent < INT32_MIN) {
    r = std::copysign(0.0, x);
  } else {
    r = std::ldexp(x, int(exponent));
    if (std::isinf(r)) return range_error();
  }
  return float_from_double(r);
}

Ref<> math_modf(Value, const Value* args) {
  double x;
  if (!to_double(args[0], &x)) return nullptr;
  if (std::isinf(x)) return double_pair(std::copysign(0.0, x), x);
  if (std::isnan(x)) return double_pair(x, x);
  double integral;
  double fraction = std::modf(x, &integral);
  return double_pair(fraction, integral);
}

Ref<> math_fmod(Value, const Value* args) {
  double x, y;
  if (!to_double(args[0], &x) || !to_double(args[1], &y)) return nullptr;
  if (std::isinf(y) && std::isfinite(x)) return float_from_double(x);
  double r = std::fmod(x, y);
  if (std::isnan(r) && !std::isnan(x) && !std::isnan(y)) return domain_error();
  return float_from_double(r);
}

// pow with the IEEE special cases done here; finite ** finite goes to libm.
Ref<> math_pow(Value, const Value* args) {
  double x, y;
  if (!to_double(args[0], &x) || !to_double(args[1], &y)) return nullptr;
  double r = 0.0;
  if (!std::isfinite(x) || !std::isfinite(y)) {
    if (std::isnan(x)) {
      r = y == 0.0 ? 1.0 : x;
    } else if (std::isnan(y)) {
      r = x == 1.0 ? 1.0 : y;
    } else if (std::isinf(x)) {
      bool odd_y = std::isfinite(y) && std::fmod(std::fabs(y), 2.0) == 1.0;
      if (y > 0.0) r = odd_y ? x : std::fabs(x);
      else if (y == 0.0) r = 1.0;
      else r = odd_y ? std::copysign(0.0, x) : 0.0;
    } else {
      if (std::fabs(x) == 1.0) r = 1.0;
      else if (y > 0.0 && std::fabs(x) > 1.0) r = y;
      else if (y < 0.0 && std::fabs(x) < 1.0) r = -y;
      else r = 0.0;
    }
    return float_from_double(r);
  }
  r = std::pow(x, y);
  if (std::isnan(r)) return domain_error();
  if (std::isinf(r)) return x == 0.0 ? domain_error() : range_error();
  return float_from_double(r);
}

// The Euclidean norm of non-negative values whose maximum is `max` (CPython's
// vector_norm): scaled by a power of two so the largest is in [0.5, 1), squared exactly
// with Veltkamp-Dekker splitting, summed with compensation against an initial 1.0, then
// one differential correction of the square root.
double vector_norm(std::vector<double>& v, double max, bool found_nan) {
  if (std::isinf(max)) return max;
  if (found_nan) return NAN;
  size_t n = v.size();
  if (max == 0.0 || n <= 1) return max;
  const double kSplitter = 134217729.0;  // 2**27 + 1
  double csum = 1.0, frac1 = 0.0, frac2 = 0.0, frac3 = 0.0;
  auto accumulate = [&csum](double term, double& frac) {
    double previous = csum;
    csum += term;
    frac += (previous - csum) + term;
  };
  int max_exponent;
  std::frexp(max, &max_exponent);
  if (max_exponent < -1023) {
    // 2**-max_exponent would overflow: divide by max instead.
    for (double x : v) {
      x /= max;
      accumulate(x * x, frac1);
    }
    return max * std::sqrt(csum - 1.0 + frac1);
  }
  double scale = std::ldexp(1.0, -max_exponent);
  for (double x : v) {
    x *= scale;
    double t = x * kSplitter;
    double hi = t - (t - x);
    double lo = x - hi;
    accumulate(hi * hi, frac1);
    accumulate(2.0 * hi * lo, frac2);
    frac3 += lo * lo;
  }
  double h = std::sqrt(csum - 1.0 + (frac1 + frac2 + frac3));
  double t = h * kSplitter;
  double hi = t - (t - h);
  double lo = h - hi;
  accumulate(-hi * hi, frac1);
  accumulate(-2.0 * hi * lo, frac2);
  accumulate(-lo * lo, frac3);
  double x = csum - 1.0 + (frac1 + frac2 + frac3);
  return (h + x / (2.0 * h)) / scale;
}

Ref<> math_hypot(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("math.hypot() takes no keyword arguments");
  std::vector<double> coordinates(nargs);
  double max = 0.0;
  bool found_nan = false;
  for (size_t i = 0; i < nargs; ++i) {
    double x;
    if (!to_double(args[i], &x)) return nullptr;
    x = std::fabs(x);
    coordinates[i] = x;
    found_nan |= std::isnan(x);
    if (x > max) max = x;
  }
  return float_from_double(vector_norm(coordinates, max, found_nan));
}

Ref<> math_dist(Value, const Value* args) {
  Ref<TupleObject> p = tuple_from_iterable(args[0]);
  if (!p) return nullptr;
  Ref<TupleObject> q = tuple_from_iterable(args[1]);
  if (!q) return nullptr;
  if (p->length != q->length) return value_error("both points must have the same number of dimensions");
  std::vector<double> diffs(size_t(p->length));
  double max = 0.0;
  bool found_nan = false;
  for (int64_t i = 0; i < p->length; ++i) {
    double px, qx;
    if (!to_double(p->items[i], &px) || !to_double(q->items[i], &qx)) return nullptr;
    double x = std::fabs(px - qx);
    diffs[size_t(i)] = x;
    found_nan |= std::isnan(x);
    if (x > max) max = x;
  }
  return float_from_double(vector_norm(diffs, max, found_nan));
}

// fsum: Shewchuk's exact partial sums (msum), then the partials added from the top with
// a final half-even correction across partials.
Ref<> math_fsum(Value, const Value* args) {
  Ref<> iterator = get_iter(args[0]);
  if (!iterator) return nullptr;
  std::vector<double> partials;
  double special_sum = 0.0, inf_sum = 0.0;
  while (true) {
    Ref<> item = iter_next(iterator);
    if (!item) {
      if (error_occurred()) return nullptr;
      break;
    }
    double x;
    if (!to_double(item, &x)) return nullptr;
    double original = x;
    size_t kept = 0;
    for (double y : partials) {
      if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
      volatile double hi = x + y;
      volatile double yr = hi - x;
      double lo = y - yr;
      if (lo != 0.0) partials[kept++] = lo;
      x = hi;
    }
    partials.resize(kept);
    if (x != 0.0) {
      if (!std::isfinite(x)) {
        // From an inf or nan among the items, or an intermediate overflow.
        if (std::isfinite(original)) return overflow_error("intermediate overflow in fsum");
        if (std::isinf(original)) inf_sum += original;
        special_sum += original;
        partials.clear();
      } else {
        partials.push_back(x);
      }
    }
  }
  if (special_sum != 0.0) {
    if (std::isnan(inf_sum)) return value_error("-inf + inf in fsum");
    return float_from_double(special_sum);
  }
  double hi = 0.0;
  size_t n = partials.size();
  if (n > 0) {
    volatile double lo = 0.0;
    hi = partials[--n];
    // Sum from the top while the additions are exact.
    while (n > 0) {
      double x = hi;
      double y = partials[--n];
      hi = x + y;
      volatile double yr = hi - x;
      lo = y - yr;
      if (lo != 0.0) break;
    }
    // Half-even rounding across partials: if the rest has the same sign as lo, the
    // true sum lies beyond the halfway point.
    if (n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0))) {
      double y = lo * 2.0;
      double x = hi + y;
      volatile double yr = x - hi;
      if (y == yr) hi = x;
    }
  }
  return float_from_double(hi);
}

Ref<> math_isclose(Value, const Value* args) {
  double a, b, rel_tol, abs_tol;
  if (!to_double(args[0], &a) || !to_double(args[1], &b) || !to_double(args[2], &rel_tol) ||
      !to_double(args[3], &abs_tol)) {
    return nullptr;
  }
  if (rel_tol < 0.0 || abs_tol < 0.0) return value_error("tolerances must be non-negative");
  if (a == b) return new_bool(true);
  if (std::isinf(a) || std::isinf(b)) return new_bool(false);
  double diff = std::fabs(b - a);
  return new_bool(diff <= std::fabs(rel_tol * b) || diff <= std::fabs(rel_tol * a) || diff <= abs_tol);
}

template <bool (*predicate)(double)>
Ref<> float_predicate(Value, const Value* args) {
  double x;
  if (!to_double(args[0], &x)) return nullptr;
  return new_bool(predicate(x));
}
bool is_finite_double(double x) { return std::isfinite(x); }
bool is_inf_double(double x) { return std::isinf(x); }
bool is_nan_double(double x) { return std::isnan(x); }

Ref<> math_degrees(Value, const Value* args) {
  double x;
  if (!to_double(args[0], &x)) return nullptr;
  return float_from_double(x * (180.0 / M_PI));
}

Ref<> math_radians(Value, const Value* args) {
  double x;
  if (!to_double(args[0], &x)) return nullptr;
  return float_from_double(x * (M_PI / 180.0));
}

Ref<> math_nextafter(Value, const Value* args) {
  double x, y;
  if (!to_double(args[0], &x) || !to_double(args[1], &y)) return nullptr;
  return float_from_double(std::nextafter(x, y));
}

Ref<> math_ulp(Value, const Value* args) {
  double x;
  if (!to_double(args[0], &x)) return nullptr;
  if (std::isnan(x)) return float_from_double(x);
  x = std::fabs(x);
  if (std::isinf(x)) return float_from_double(x);
  double next = std::nextafter(x, INFINITY);
  if (std::isinf(next)) return float_from_double(x - std::nextafter(x, -INFINITY));  // DBL_MAX
  return float_from_double(next - x);
}

#define ONE_ARG(fn, text) {.name = #fn, .impl = math_##fn, .signature = "($module, x, /)", .doc = text}

const MethodDef math_methods[] = {
    ONE_ARG(acos, "Return the arc cosine (measured in radians) of x.\n\nThe result is between 0 and pi."),
    ONE_ARG(acosh, "Return the inverse hyperbolic cosine of x."),
    ONE_ARG(asin, "Return the arc sine (measured in radians) of x.\n\nThe result is between -pi/2 and pi/2."),
    ONE_ARG(asinh, "Return the inverse hyperbolic sine of x."),
    ONE_ARG(atan, "Return the arc tangent (measured in radians) of x.\n\nThe result is between -pi/2 and pi/2."),
    {.name = "atan2", .impl = math_atan2, .signature = "($module, y, x, /)",
     .doc = "Return the arc tangent (measured in radians) of y/x.\n\nUnlike atan(y/x), the signs of both x and y are considered."},
    ONE_ARG(atanh, "Return the inverse hyperbolic tangent of x."),
    ONE_ARG(cbrt, "Return the cube root of x."),
    ONE_ARG(ceil, "Return the ceiling of x as an Integral.\n\nThis is the smallest integer >= x."),
    {.name = "copysign", .impl = math_copysign, .signature = "($module, x, y, /)",
     .doc = "Return a float with the magnitude (absolute value) of x but the sign of y.\n\n"
            "On platforms that support signed zeros, copysign(1.0, -0.0)\nreturns -1.0.\n"},
    ONE_ARG(cos, "Return the cosine of x (measured in radians)."),
    ONE_ARG(cosh, "Return the hyperbolic cosine of x."),
    ONE_ARG(degrees, "Convert angle x from radians to degrees."),
    {.name = "dist", .impl = math_dist, .signature = "($module, p, q, /)",
     .doc = "Return the Euclidean distance between two points p and q.\n\nThe points should be specified as sequences (or iterables) of\n"
            "coordinates.  Both inputs must have the same dimension.\n\nRoughly equivalent to:\n"
            "    sqrt(sum((px - qx) ** 2.0 for px, qx in zip(p, q)))"},
    ONE_ARG(erf, "Error function at x."),
    ONE_ARG(erfc, "Complementary error function at x."),
    ONE_ARG(exp, "Return e raised to the power of x."),
    ONE_ARG(exp2, "Return 2 raised to the power of x."),
    ONE_ARG(expm1, "Return exp(x)-1.\n\nThis function avoids the loss of precision involved in the direct evaluation of exp(x)-1 for small x."),
    ONE_ARG(fabs, "Return the absolute value of the float x."),
    ONE_ARG(factorial, "Find x!.\n\nRaise a ValueError if x is negative or non-integral."),
    ONE_ARG(floor, "Return the floor of x as an Integral.\n\nThis is the largest integer <= x."),
    {.name = "fmod", .impl = math_fmod, .signature = "($module, x, y, /)",
     .doc = "Return fmod(x, y), according to platform C.\n\nx % y may differ."},
    ONE_ARG(frexp, "Return the mantissa and exponent of x, as pair (m, e).\n\nm is a float and e is an int, such that x = m * 2.**e.\n"
                   "If x is 0, m and e are both 0.  Else 0.5 <= abs(m) < 1.0."),
    {.name = "fsum", .impl = math_fsum, .signature = "($module, seq, /)",
     .doc = "Return an accurate floating point sum of values in the iterable seq.\n\nAssumes IEEE-754 floating point arithmetic."},
    ONE_ARG(gamma, "Gamma function at x."),
    {.name = "gcd", .raw = math_gcd, .doc = "gcd($module, *integers)\n--\n\nGreatest Common Divisor."},
    {.name = "hypot", .raw = math_hypot,
     .doc = "hypot(*coordinates) -> value\n\nMultidimensional Euclidean distance from the origin to a point.\n\n"
            "Roughly equivalent to:\n    sqrt(sum(x**2 for x in coordinates))\n\n"
            "For a two dimensional point (x, y), gives the hypotenuse\nusing the Pythagorean theorem:  sqrt(x*x + y*y).\n\n"
            "For example, the hypotenuse of a 3/4/5 right triangle is:\n\n    >>> hypot(3.0, 4.0)\n    5.0\n"},
    {.name = "isclose", .impl = math_isclose, .signature = "($module, /, a, b, *, rel_tol=1e-09, abs_tol=0.0)",
     .doc = "Determine whether two floating point numbers are close in value.\n\n  rel_tol\n    maximum difference for being considered \"close\", relative to the\n"
            "    magnitude of the input values\n  abs_tol\n    maximum difference for being considered \"close\", regardless of the\n"
            "    magnitude of the input values\n\nReturn True if a is close in value to b, and False otherwise.\n\n"
            "For the values to be considered close, the difference between them\nmust be smaller than at least one of the tolerances.\n\n"
            "-inf, inf and NaN behave similarly to the IEEE 754 Standard.  That\nis, NaN is not close to anything, even itself.  inf and -inf are\n"
            "only close to themselves."},
    {.name = "isfinite", .impl = float_predicate<is_finite_double>, .signature = "($module, x, /)",
     .doc = "Return True if x is neither an infinity nor a NaN, and False otherwise."},
    {.name = "isinf", .impl = float_predicate<is_inf_double>, .signature = "($module, x, /)",
     .doc = "Return True if x is a positive or negative infinity, and False otherwise."},
    {.name = "isnan", .impl = float_predicate<is_nan_double>, .signature = "($module, x, /)",
     .doc = "Return True if x is a NaN (not a number), and False otherwise."},
    {.name = "isqrt", .impl = math_isqrt, .signature = "($module, n, /)",
     .doc = "Return the integer part of the square root of the input."},
    {.name = "lcm", .raw = math_lcm, .doc = "lcm($module, *integers)\n--\n\nLeast Common Multiple."},
    {.name = "ldexp", .impl = math_ldexp, .signature = "($module, x, i, /)",
     .doc = "Return x * (2**i).\n\nThis is essentially the inverse of frexp()."},
    ONE_ARG(lgamma, "Natural logarithm of absolute value of Gamma function at x."),
    {.name = "log", .impl = math_log, .signature = "($module, x, base=?, /)",
     .doc = "log(x, [base=math.e])\nReturn the logarithm of x to the given base.\n\n"
            "If the base not specified, returns the natural logarithm (base e) of x.", .flags = kMethodVarargs},
    ONE_ARG(log1p, "Return the natural logarithm of 1+x (base e).\n\nThe result is computed in a way which is accurate for x near zero."),
    ONE_ARG(log10, "Return the base 10 logarithm of x."),
    ONE_ARG(log2, "Return the base 2 logarithm of x."),
    ONE_ARG(modf, "Return the fractional and integer parts of x.\n\nBoth results carry the sign of x and are floats."),
    {.name = "pow", .impl = math_pow, .signature = "($module, x, y, /)", .doc = "Return x**y (x to the power of y)."},
    ONE_ARG(radians, "Convert angle x from degrees to radians."),
    {.name = "remainder", .impl = math_remainder, .signature = "($module, x, y, /)",
     .doc = "Difference between x and the closest integer multiple of y.\n\nReturn x - n*y where n*y is the closest integer multiple of y.\n"
            "In the case where x is exactly halfway between two multiples of\ny, the nearest even value of n is used. The result is always exact."},
    ONE_ARG(sin, "Return the sine of x (measured in radians)."),
    ONE_ARG(sinh, "Return the hyperbolic sine of x."),
    ONE_ARG(sqrt, "Return the square root of x."),
    ONE_ARG(tan, "Return the tangent of x (measured in radians)."),
    ONE_ARG(tanh, "Return the hyperbolic tangent of x."),
    ONE_ARG(trunc, "Truncates the Real x to the nearest Integral toward 0.\n\nUses the __trunc__ magic method."),
    {.name = "prod", .impl = math_prod, .signature = "($module, iterable, /, *, start=?)",
     .doc = "Calculate the product of all the elements in the input iterable.\n\nThe default start value for the product is 1.\n\n"
            "When the iterable is empty, return the start value.  This function is\nintended specifically for use with numeric values and may reject\n"
            "non-numeric types."},
    {.name = "perm", .impl = math_perm, .signature = "($module, n, k=None, /)",
     .doc = "Number of ways to choose k items from n items without repetition and with order.\n\n"
            "Evaluates to n! / (n - k)! when k <= n and evaluates\nto zero when k > n.\n\n"
            "If k is not specified or is None, then k defaults to n\nand the function returns n!.\n\n"
            "Raises TypeError if either of the arguments are not integers.\nRaises ValueError if either of the arguments are negative."},
    {.name = "comb", .impl = math_comb, .signature = "($module, n, k, /)",
     .doc = "Number of ways to choose k items from n items without repetition and without order.\n\n"
            "Evaluates to n! / (k! * (n - k)!) when k <= n and evaluates\nto zero when k > n.\n\n"
            "Also called the binomial coefficient because it is equivalent\nto the coefficient of k-th term in polynomial expansion of the\n"
            "expression (1 + x)**n.\n\nRaises TypeError if either of the arguments are not integers.\n"
            "Raises ValueError if either of the arguments are negative."},
    {.name = "nextafter", .impl = math_nextafter, .signature = "($module, x, y, /)",
     .doc = "Return the next floating-point value after x towards y."},
    ONE_ARG(ulp, "Return the value of the least significant bit of the float x."),
    {},
};

#undef ONE_ARG

bool add_float(ModuleObject* module, const char* name, double value) {
  Ref<> v = float_from_double(value);
  return v && module_add_object(module, name, v);
}

bool math_exec(ModuleObject* module) {
  return add_float(module, "pi", M_PI) && add_float(module, "e", M_E) && add_float(module, "tau", 2 * M_PI) &&
         add_float(module, "inf", INFINITY) && add_float(module, "nan", std::fabs(NAN));
}

}  // namespace
}  // namespace krait::math_module

namespace krait {

extern const ModuleDef module_math = {
    .name = "math",
    .doc = "This module provides access to the mathematical functions\ndefined by the C standard.",
    .methods = math_module::math_methods,
    .exec = math_module::math_exec,
};

}  // namespace krait
