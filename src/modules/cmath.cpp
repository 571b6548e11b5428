// cmath: the complex functions of CPython 3.11's cmath module with its results bit for
// bit — the same formulas (rescaling to dodge spurious overflow and subnormal precision
// loss), the C99 Annex G special values for infinite and NaN arguments (the 7x7 tables
// below, indexed by the kind of the real and imaginary parts), and the same mapping of
// "invalid"/"divide-by-zero" to ValueError and "overflow" to OverflowError.
#include <cerrno>
#include <cfloat>
#include <cmath>

#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "objects/complex.h"
#include "objects/float.h"
#include "objects/none.h"
#include "objects/tuple.h"

namespace krait {

namespace {

struct Complex {
  double real, imag;
};

// What a function reports besides its value (CPython's errno protocol).
enum class MathError { kNone, kDomain, kRange };

constexpr double kLargeDouble = DBL_MAX / 4.0;  // beyond this, rescale to avoid overflow
const double kSqrtLargeDouble = std::sqrt(kLargeDouble);
const double kLogLargeDouble = std::log(kLargeDouble);
const double kSqrtDblMin = std::sqrt(DBL_MIN);
constexpr int kScaleUp = 2 * (DBL_MANT_DIG / 2) + 1;  // turns subnormals into normals
constexpr int kScaleDown = -(kScaleUp + 1) / 2;

// --- Special values ---

// The kinds of a double, in the order of the tables' rows and columns.
enum Kind { kNegInf, kNeg, kNegZero, kPosZero, kPos, kPosInf, kNaN };

int kind_of(double d) {
  if (std::isfinite(d)) {
    if (d != 0) return std::copysign(1.0, d) == 1.0 ? kPos : kNeg;
    return std::copysign(1.0, d) == 1.0 ? kPosZero : kNegZero;
  }
  if (std::isnan(d)) return kNaN;
  return std::copysign(1.0, d) == 1.0 ? kPosInf : kNegInf;
}

constexpr double P = M_PI;
constexpr double P14 = 0.25 * M_PI;
constexpr double P12 = 0.5 * M_PI;
constexpr double P34 = 0.75 * M_PI;
constexpr double INF = HUGE_VAL;
constexpr double N = __builtin_nan("");
constexpr double U = -9.5426319407711027e33;  // never used: finite arguments take the formulas

using SpecialTable = Complex[7][7];

// Rows: real part -inf, <0, -0, +0, >0, +inf, nan; columns: the imaginary part, alike.
constexpr SpecialTable kAcosSpecial = {
    {{P34, INF}, {P, INF}, {P, INF}, {P, -INF}, {P, -INF}, {P34, -INF}, {N, INF}},
    {{P12, INF}, {U, U}, {U, U}, {U, U}, {U, U}, {P12, -INF}, {N, N}},
    {{P12, INF}, {U, U}, {P12, 0.}, {P12, -0.}, {U, U}, {P12, -INF}, {P12, N}},
    {{P12, INF}, {U, U}, {P12, 0.}, {P12, -0.}, {U, U}, {P12, -INF}, {P12, N}},
    {{P12, INF}, {U, U}, {U, U}, {U, U}, {U, U}, {P12, -INF}, {N, N}},
    {{P14, INF}, {0., INF}, {0., INF}, {0., -INF}, {0., -INF}, {P14, -INF}, {N, INF}},
    {{N, INF}, {N, N}, {N, N}, {N, N}, {N, N}, {N, -INF}, {N, N}},
};
constexpr SpecialTable kAcoshSpecial = {
    {{INF, -P34}, {INF, -P}, {INF, -P}, {INF, P}, {INF, P}, {INF, P34}, {INF, N}},
    {{INF, -P12}, {U, U}, {U, U}, {U, U}, {U, U}, {INF, P12}, {N, N}},
    {{INF, -P12}, {U, U}, {0., -P12}, {0., P12}, {U, U}, {INF, P12}, {N, N}},
    {{INF, -P12}, {U, U}, {0., -P12}, {0., P12}, {U, U}, {INF, P12}, {N, N}},
    {{INF, -P12}, {U, U}, {U, U}, {U, U}, {U, U}, {INF, P12}, {N, N}},
    {{INF, -P14}, {INF, -0.}, {INF, -0.}, {INF, 0.}, {INF, 0.}, {INF, P14}, {INF, N}},
    {{INF, N}, {N, N}, {N, N}, {N, N}, {N, N}, {INF, N}, {N, N}},
};
constexpr SpecialTable kAsinhSpecial = {
    {{-INF, -P14}, {-INF, -0.}, {-INF, -0.}, {-INF, 0.}, {-INF, 0.}, {-INF, P14}, {-INF, N}},
    {{-INF, -P12}, {U, U}, {U, U}, {U, U}, {U, U}, {-INF, P12}, {N, N}},
    {{-INF, -P12}, {U, U}, {-0., -0.}, {-0., 0.}, {U, U}, {-INF, P12}, {N, N}},
    {{INF, -P12}, {U, U}, {0., -0.}, {0., 0.}, {U, U}, {INF, P12}, {N, N}},
    {{INF, -P12}, {U, U}, {U, U}, {U, U}, {U, U}, {INF, P12}, {N, N}},
    {{INF, -P14}, {INF, -0.}, {INF, -0.}, {INF, 0.}, {INF, 0.}, {INF, P14}, {INF, N}},
    {{INF, N}, {N, N}, {N, -0.}, {N, 0.}, {N, N}, {INF, N}, {N, N}},
};
constexpr SpecialTable kAtanhSpecial = {
    {{-0., -P12}, {-0., -P12}, {-0., -P12}, {-0., P12}, {-0., P12}, {-0., P12}, {-0., N}},
    {{-0., -P12}, {U, U}, {U, U}, {U, U}, {U, U}, {-0., P12}, {N, N}},
    {{-0., -P12}, {U, U}, {-0., -0.}, {-0., 0.}, {U, U}, {-0., P12}, {-0., N}},
    {{0., -P12}, {U, U}, {0., -0.}, {0., 0.}, {U, U}, {0., P12}, {0., N}},
    {{0., -P12}, {U, U}, {U, U}, {U, U}, {U, U}, {0., P12}, {N, N}},
    {{0., -P12}, {0., -P12}, {0., -P12}, {0., P12}, {0., P12}, {0., P12}, {0., N}},
    {{0., -P12}, {N, N}, {N, N}, {N, N}, {N, N}, {0., P12}, {N, N}},
};
constexpr SpecialTable kCoshSpecial = {
    {{INF, N}, {U, U}, {INF, 0.}, {INF, -0.}, {U, U}, {INF, N}, {INF, N}},
    {{N, N}, {U, U}, {U, U}, {U, U}, {U, U}, {N, N}, {N, N}},
    {{N, 0.}, {U, U}, {1., 0.}, {1., -0.}, {U, U}, {N, 0.}, {N, 0.}},
    {{N, 0.}, {U, U}, {1., -0.}, {1., 0.}, {U, U}, {N, 0.}, {N, 0.}},
    {{N, N}, {U, U}, {U, U}, {U, U}, {U, U}, {N, N}, {N, N}},
    {{INF, N}, {U, U}, {INF, -0.}, {INF, 0.}, {U, U}, {INF, N}, {INF, N}},
    {{N, N}, {N, N}, {N, 0.}, {N, 0.}, {N, N}, {N, N}, {N, N}},
};
constexpr SpecialTable kExpSpecial = {
    {{0., 0.}, {U, U}, {0., -0.}, {0., 0.}, {U, U}, {0., 0.}, {0., 0.}},
    {{N, N}, {U, U}, {U, U}, {U, U}, {U, U}, {N, N}, {N, N}},
    {{N, N}, {U, U}, {1., -0.}, {1., 0.}, {U, U}, {N, N}, {N, N}},
    {{N, N}, {U, U}, {1., -0.}, {1., 0.}, {U, U}, {N, N}, {N, N}},
    {{N, N}, {U, U}, {U, U}, {U, U}, {U, U}, {N, N}, {N, N}},
    {{INF, N}, {U, U}, {INF, -0.}, {INF, 0.}, {U, U}, {INF, N}, {INF, N}},
    {{N, N}, {N, N}, {N, -0.}, {N, 0.}, {N, N}, {N, N}, {N, N}},
};
constexpr SpecialTable kLogSpecial = {
    {{INF, -P34}, {INF, -P}, {INF, -P}, {INF, P}, {INF, P}, {INF, P34}, {INF, N}},
    {{INF, -P12}, {U, U}, {U, U}, {U, U}, {U, U}, {INF, P12}, {N, N}},
    {{INF, -P12}, {U, U}, {-INF, -P}, {-INF, P}, {U, U}, {INF, P12}, {N, N}},
    {{INF, -P12}, {U, U}, {-INF, -0.}, {-INF, 0.}, {U, U}, {INF, P12}, {N, N}},
    {{INF, -P12}, {U, U}, {U, U}, {U, U}, {U, U}, {INF, P12}, {N, N}},
    {{INF, -P14}, {INF, -0.}, {INF, -0.}, {INF, 0.}, {INF, 0.}, {INF, P14}, {INF, N}},
    {{INF, N}, {N, N}, {N, N}, {N, N}, {N, N}, {INF, N}, {N, N}},
};
constexpr SpecialTable kSinhSpecial = {
    {{INF, N}, {U, U}, {-INF, -0.}, {-INF, 0.}, {U, U}, {INF, N}, {INF, N}},
    {{N, N}, {U, U}, {U, U}, {U, U}, {U, U}, {N, N}, {N, N}},
    {{0., N}, {U, U}, {-0., -0.}, {-0., 0.}, {U, U}, {0., N}, {0., N}},
    {{0., N}, {U, U}, {0., -0.}, {0., 0.}, {U, U}, {0., N}, {0., N}},
    {{N, N}, {U, U}, {U, U}, {U, U}, {U, U}, {N, N}, {N, N}},
    {{INF, N}, {U, U}, {INF, -0.}, {INF, 0.}, {U, U}, {INF, N}, {INF, N}},
    {{N, N}, {N, N}, {N, -0.}, {N, 0.}, {N, N}, {N, N}, {N, N}},
};
constexpr SpecialTable kSqrtSpecial = {
    {{INF, -INF}, {0., -INF}, {0., -INF}, {0., INF}, {0., INF}, {INF, INF}, {N, INF}},
    {{INF, -INF}, {U, U}, {U, U}, {U, U}, {U, U}, {INF, INF}, {N, N}},
    {{INF, -INF}, {U, U}, {0., -0.}, {0., 0.}, {U, U}, {INF, INF}, {N, N}},
    {{INF, -INF}, {U, U}, {0., -0.}, {0., 0.}, {U, U}, {INF, INF}, {N, N}},
    {{INF, -INF}, {U, U}, {U, U}, {U, U}, {U, U}, {INF, INF}, {N, N}},
    {{INF, -INF}, {INF, -0.}, {INF, -0.}, {INF, 0.}, {INF, 0.}, {INF, INF}, {INF, N}},
    {{INF, -INF}, {N, N}, {N, N}, {N, N}, {N, N}, {INF, INF}, {N, N}},
};
constexpr SpecialTable kTanhSpecial = {
    {{-1., 0.}, {U, U}, {-1., -0.}, {-1., 0.}, {U, U}, {-1., 0.}, {-1., 0.}},
    {{N, N}, {U, U}, {U, U}, {U, U}, {U, U}, {N, N}, {N, N}},
    {{-0.0, N}, {U, U}, {-0., -0.}, {-0., 0.}, {U, U}, {-0.0, N}, {N, N}},
    {{0.0, N}, {U, U}, {0., -0.}, {0., 0.}, {U, U}, {0.0, N}, {N, N}},
    {{N, N}, {U, U}, {U, U}, {U, U}, {U, U}, {N, N}, {N, N}},
    {{1., 0.}, {U, U}, {1., -0.}, {1., 0.}, {U, U}, {1., 0.}, {1., 0.}},
    {{N, N}, {N, N}, {N, -0.}, {N, 0.}, {N, N}, {N, N}, {N, N}},
};
constexpr SpecialTable kRectSpecial = {
    {{INF, N}, {U, U}, {-INF, 0.}, {-INF, -0.}, {U, U}, {INF, N}, {INF, N}},
    {{N, N}, {U, U}, {U, U}, {U, U}, {U, U}, {N, N}, {N, N}},
    {{0., 0.}, {U, U}, {-0., 0.}, {-0., -0.}, {U, U}, {0., 0.}, {0., 0.}},
    {{0., 0.}, {U, U}, {0., -0.}, {0., 0.}, {U, U}, {0., 0.}, {0., 0.}},
    {{N, N}, {U, U}, {U, U}, {U, U}, {U, U}, {N, N}, {N, N}},
    {{INF, N}, {U, U}, {INF, -0.}, {INF, 0.}, {U, U}, {INF, N}, {INF, N}},
    {{N, N}, {N, N}, {N, 0.}, {N, 0.}, {N, N}, {N, N}, {N, N}},
};

bool is_special(Complex z) { return !std::isfinite(z.real) || !std::isfinite(z.imag); }
Complex special_value(const SpecialTable& table, Complex z) { return table[kind_of(z.real)][kind_of(z.imag)]; }

// --- The functions (each sets *error as CPython sets errno) ---

Complex c_sqrt(Complex z, MathError* error) {
  *error = MathError::kNone;
  if (is_special(z)) return special_value(kSqrtSpecial, z);
  if (z.real == 0. && z.imag == 0.) return {0., z.imag};
  double ax = std::fabs(z.real), ay = std::fabs(z.imag), s;
  if (ax < DBL_MIN && ay < DBL_MIN) {
    // hypot(ax, ay) could be subnormal: rescale to keep its precision.
    ax = std::ldexp(ax, kScaleUp);
    s = std::ldexp(std::sqrt(ax + std::hypot(ax, std::ldexp(ay, kScaleUp))), kScaleDown);
  } else {
    ax /= 8.;
    s = 2. * std::sqrt(ax + std::hypot(ax, ay / 8.));  // the /8 keeps ax + hypot finite
  }
  double d = ay / (2. * s);
  if (z.real >= 0.) return {s, std::copysign(d, z.imag)};
  return {d, std::copysign(s, z.imag)};
}

Complex c_acos(Complex z, MathError* error) {
  *error = MathError::kNone;
  if (is_special(z)) return special_value(kAcosSpecial, z);
  if (std::fabs(z.real) > kLargeDouble || std::fabs(z.imag) > kLargeDouble) {
    return {std::atan2(std::fabs(z.imag), z.real),
            -std::copysign(std::log(std::hypot(z.real / 2., z.imag / 2.)) + M_LN2 * 2., z.imag)};
  }
  MathError ignored;
  Complex s1 = c_sqrt({1. - z.real, -z.imag}, &ignored);
  Complex s2 = c_sqrt({1. + z.real, z.imag}, &ignored);
  return {2. * std::atan2(s1.real, s2.real), std::asinh(s2.real * s1.imag - s2.imag * s1.real)};
}

Complex c_acosh(Complex z, MathError* error) {
  *error = MathError::kNone;
  if (is_special(z)) return special_value(kAcoshSpecial, z);
  if (std::fabs(z.real) > kLargeDouble || std::fabs(z.imag) > kLargeDouble) {
    return {std::log(std::hypot(z.real / 2., z.imag / 2.)) + M_LN2 * 2., std::atan2(z.imag, z.real)};
  }
  MathError ignored;
  Complex s1 = c_sqrt({z.real - 1., z.imag}, &ignored);
  Complex s2 = c_sqrt({z.real + 1., z.imag}, &ignored);
  return {std::asinh(s1.real * s2.real + s1.imag * s2.imag), 2. * std::atan2(s1.imag, s2.real)};
}

Complex c_asinh(Complex z, MathError* error) {
  *error = MathError::kNone;
  if (is_special(z)) return special_value(kAsinhSpecial, z);
  if (std::fabs(z.real) > kLargeDouble || std::fabs(z.imag) > kLargeDouble) {
    double magnitude = std::log(std::hypot(z.real / 2., z.imag / 2.)) + M_LN2 * 2.;
    double real = z.imag >= 0. ? std::copysign(magnitude, z.real) : -std::copysign(magnitude, -z.real);
    return {real, std::atan2(z.imag, std::fabs(z.real))};
  }
  MathError ignored;
  Complex s1 = c_sqrt({1. + z.imag, -z.real}, &ignored);
  Complex s2 = c_sqrt({1. - z.imag, z.real}, &ignored);
  return {std::asinh(s1.real * s2.imag - s2.real * s1.imag),
          std::atan2(z.imag, s1.real * s2.real - s1.imag * s2.imag)};
}

// asin(z) = -i asinh(iz)
Complex c_asin(Complex z, MathError* error) {
  Complex s = c_asinh({-z.imag, z.real}, error);
  return {s.imag, -s.real};
}

Complex c_atanh(Complex z, MathError* error) {
  *error = MathError::kNone;
  if (is_special(z)) return special_value(kAtanhSpecial, z);
  if (z.real < 0.) {  // atanh(z) = -atanh(-z)
    Complex r = c_atanh({-z.real, -z.imag}, error);
    return {-r.real, -r.imag};
  }
  double ay = std::fabs(z.imag);
  if (z.real > kSqrtLargeDouble || ay > kSqrtLargeDouble) {
    // For large |z|: atanh(z) ~ 1/z +/- i*pi/2.
    double h = std::hypot(z.real / 2., z.imag / 2.);
    return {z.real / 4. / h / h, std::copysign(M_PI / 2., z.imag)};
  }
  if (z.real == 1. && ay < kSqrtDblMin) {
    if (ay == 0.) {
      *error = MathError::kDomain;
      return {INF, z.imag};
    }
    return {-std::log(std::sqrt(ay) / std::sqrt(std::hypot(ay, 2.))),
            std::copysign(std::atan2(2., -ay) / 2, z.imag)};
  }
  return {std::log1p(4. * z.real / ((1 - z.real) * (1 - z.real) + ay * ay)) / 4.,
          -std::atan2(-2. * z.imag, (1 - z.real) * (1 + z.real) - ay * ay) / 2.};
}

// atan(z) = -i atanh(iz)
Complex c_atan(Complex z, MathError* error) {
  Complex s = c_atanh({-z.imag, z.real}, error);
  return {s.imag, -s.real};
}

// cosh and sinh share their shape; `sinh` picks the latter's formulas and tables.
Complex hyperbolic(Complex z, bool sinh, MathError* error) {
  *error = MathError::kNone;
  if (is_special(z)) {
    Complex r;
    if (std::isinf(z.real) && std::isfinite(z.imag) && z.imag != 0.) {
      double sign = z.real > 0 ? 1.0 : -1.0;
      if (sinh) r = {sign * std::copysign(INF, std::cos(z.imag)), std::copysign(INF, std::sin(z.imag))};
      else r = {std::copysign(INF, std::cos(z.imag)), sign * std::copysign(INF, std::sin(z.imag))};
    } else {
      r = special_value(sinh ? kSinhSpecial : kCoshSpecial, z);
    }
    if (std::isinf(z.imag) && !std::isnan(z.real)) *error = MathError::kDomain;
    return r;
  }
  Complex r;
  if (std::fabs(z.real) > kLogLargeDouble) {
    // cosh(x) may overflow while cosh(z) does not: take e out as a factor.
    double x_minus_one = z.real - std::copysign(1., z.real);
    if (sinh) r = {std::cos(z.imag) * std::sinh(x_minus_one) * M_E, std::sin(z.imag) * std::cosh(x_minus_one) * M_E};
    else r = {std::cos(z.imag) * std::cosh(x_minus_one) * M_E, std::sin(z.imag) * std::sinh(x_minus_one) * M_E};
  } else {
    if (sinh) r = {std::cos(z.imag) * std::sinh(z.real), std::sin(z.imag) * std::cosh(z.real)};
    else r = {std::cos(z.imag) * std::cosh(z.real), std::sin(z.imag) * std::sinh(z.real)};
  }
  if (std::isinf(r.real) || std::isinf(r.imag)) *error = MathError::kRange;
  return r;
}

Complex c_cosh(Complex z, MathError* error) { return hyperbolic(z, false, error); }
Complex c_sinh(Complex z, MathError* error) { return hyperbolic(z, true, error); }

// cos(z) = cosh(iz)
Complex c_cos(Complex z, MathError* error) { return c_cosh({-z.imag, z.real}, error); }

// sin(z) = -i sinh(iz)
Complex c_sin(Complex z, MathError* error) {
  Complex s = c_sinh({-z.imag, z.real}, error);
  return {s.imag, -s.real};
}

Complex c_exp(Complex z, MathError* error) {
  *error = MathError::kNone;
  if (is_special(z)) {
    Complex r;
    if (std::isinf(z.real) && std::isfinite(z.imag) && z.imag != 0.) {
      if (z.real > 0) r = {std::copysign(INF, std::cos(z.imag)), std::copysign(INF, std::sin(z.imag))};
      else r = {std::copysign(0., std::cos(z.imag)), std::copysign(0., std::sin(z.imag))};
    } else {
      r = special_value(kExpSpecial, z);
    }
    if (std::isinf(z.imag) && (std::isfinite(z.real) || (std::isinf(z.real) && z.real > 0))) {
      *error = MathError::kDomain;
    }
    return r;
  }
  Complex r;
  if (z.real > kLogLargeDouble) {
    double l = std::exp(z.real - 1.);
    r = {l * std::cos(z.imag) * M_E, l * std::sin(z.imag) * M_E};
  } else {
    double l = std::exp(z.real);
    r = {l * std::cos(z.imag), l * std::sin(z.imag)};
  }
  if (std::isinf(r.real) || std::isinf(r.imag)) *error = MathError::kRange;
  return r;
}

Complex c_log(Complex z, MathError* error) {
  *error = MathError::kNone;
  if (is_special(z)) return special_value(kLogSpecial, z);
  double ax = std::fabs(z.real), ay = std::fabs(z.imag);
  double real;
  if (ax > kLargeDouble || ay > kLargeDouble) {
    real = std::log(std::hypot(ax / 2., ay / 2.)) + M_LN2;
  } else if (ax < DBL_MIN && ay < DBL_MIN) {
    if (ax > 0. || ay > 0.) {
      // A subnormal hypot loses precision: rescale.
      real = std::log(std::hypot(std::ldexp(ax, DBL_MANT_DIG), std::ldexp(ay, DBL_MANT_DIG))) - DBL_MANT_DIG * M_LN2;
    } else {
      *error = MathError::kDomain;  // log(0)
      return {-INF, std::atan2(z.imag, z.real)};
    }
  } else {
    double h = std::hypot(ax, ay);
    if (0.71 <= h && h <= 1.73) {
      // Near |z| = 1, log1p keeps the precision log(h) would lose.
      double am = ax > ay ? ax : ay, an = ax > ay ? ay : ax;
      real = std::log1p((am - 1) * (am + 1) + an * an) / 2.;
    } else {
      real = std::log(h);
    }
  }
  return {real, std::atan2(z.imag, z.real)};
}

Complex c_log10(Complex z, MathError* error) {
  Complex r = c_log(z, error);
  return {r.real / M_LN10, r.imag / M_LN10};
}

// tanh(x+iy) = (tanh(x)(1+tan(y)^2) + i tan(y)(1-tanh(x)^2)) / (1+tan(y)^2 tanh(x)^2),
// with 1-tanh(x)^2 as 1/cosh(x)^2, or 4 exp(-2x) for large x.
Complex c_tanh(Complex z, MathError* error) {
  *error = MathError::kNone;
  if (is_special(z)) {
    Complex r;
    if (std::isinf(z.real) && std::isfinite(z.imag) && z.imag != 0.) {
      r = {z.real > 0 ? 1.0 : -1.0, std::copysign(0., 2. * std::sin(z.imag) * std::cos(z.imag))};
    } else {
      r = special_value(kTanhSpecial, z);
    }
    if (std::isinf(z.imag) && std::isfinite(z.real)) *error = MathError::kDomain;
    return r;
  }
  if (std::fabs(z.real) > kLogLargeDouble) {
    return {std::copysign(1., z.real), 4. * std::sin(z.imag) * std::cos(z.imag) * std::exp(-2. * std::fabs(z.real))};
  }
  double tx = std::tanh(z.real), ty = std::tan(z.imag), cx = 1. / std::cosh(z.real);
  double txty = tx * ty;
  double denom = 1. + txty * txty;
  return {tx * (1. + ty * ty) / denom, ((ty / denom) * cx) * cx};
}

// tan(z) = -i tanh(iz)
Complex c_tan(Complex z, MathError* error) {
  Complex s = c_tanh({-z.imag, z.real}, error);
  return {s.imag, -s.real};
}

// Complex division as CPython's complex type does it (Smith's method); division by zero
// reports a domain error.
Complex c_quotient(Complex a, Complex b, MathError* error) {
  double abs_breal = b.real < 0 ? -b.real : b.real;
  double abs_bimag = b.imag < 0 ? -b.imag : b.imag;
  if (abs_breal >= abs_bimag) {
    if (abs_breal == 0.0) {
      *error = MathError::kDomain;
      return {0.0, 0.0};
    }
    double ratio = b.imag / b.real;
    double denom = b.real + b.imag * ratio;
    return {(a.real + a.imag * ratio) / denom, (a.imag - a.real * ratio) / denom};
  }
  if (abs_bimag >= abs_breal) {
    double ratio = b.real / b.imag;
    double denom = b.real * ratio + b.imag;
    return {(a.real * ratio + a.imag) / denom, (a.imag * ratio - a.real) / denom};
  }
  return {N, N};  // a NaN in b
}

// |z| with C99's rules (an infinite part wins over a NaN); overflow is a range error.
double c_abs(Complex z, MathError* error) {
  *error = MathError::kNone;
  if (!std::isfinite(z.real) || !std::isfinite(z.imag)) {
    if (std::isinf(z.real)) return std::fabs(z.real);
    if (std::isinf(z.imag)) return std::fabs(z.imag);
    return N;
  }
  double result = std::hypot(z.real, z.imag);
  if (!std::isfinite(result)) *error = MathError::kRange;
  return result;
}

// --- Arguments and results ---

// PyComplex_AsCComplex: complex, __complex__, or a real number.
bool to_complex(Value v, Complex* out) {
  if (is_complex(v)) {
    *out = {as_complex(v)->real, as_complex(v)->imag};
    return true;
  }
  Ref<> method = lookup_special(v, ID(__complex__));
  if (method) {
    Ref<> result = call0(method);
    if (!result) return false;
    if (!is_complex(result)) {
      return type_error("__complex__ returned non-complex (type {})", type_name(result));
    }
    if (!is_type(result, &complex_type) &&
        warn(exc::DeprecationWarning,
             format_message("__complex__ returned non-complex (type {}).  The ability to return an instance of a "
                            "strict subclass of complex is deprecated, and may be removed in a future version of "
                            "Python.",
                            type_name(result))) < 0) {
      return false;
    }
    *out = {as_complex(result)->real, as_complex(result)->imag};
    return true;
  }
  if (error_occurred()) return false;
  double real;
  if (!number_to_double(v, &real)) return false;
  *out = {real, 0.0};
  return true;
}

Ref<> complex_result(Complex z, MathError error) {
  if (error == MathError::kDomain) return value_error("math domain error");
  if (error == MathError::kRange) return overflow_error("math range error");
  return complex_from_doubles(z.real, z.imag);
}

template <Complex (*fn)(Complex, MathError*)>
Ref<> complex_function(Value, const Value* args) {
  Complex z;
  if (!to_complex(args[0], &z)) return nullptr;
  MathError error;
  Complex r = fn(z, &error);
  return complex_result(r, error);
}

// log(z[, base]): as CPython, the error state is the last computation's, so a domain
// error of log(z) is forgotten when log(base) succeeds.
Ref<> cmath_log(Value, const Value* args) {
  Complex x;
  if (!to_complex(args[0], &x)) return nullptr;
  MathError error;
  x = c_log(x, &error);
  if (args[1]) {
    Complex y;
    if (!to_complex(args[1], &y)) return nullptr;
    y = c_log(y, &error);
    x = c_quotient(x, y, &error);
  }
  return complex_result(x, error);
}

Ref<> cmath_phase(Value, const Value* args) {
  Complex z;
  if (!to_complex(args[0], &z)) return nullptr;
  // CPython reports what libm's atan2 says through errno (ERANGE on underflow).
  errno = 0;
  double phi = std::atan2(z.imag, z.real);
  if (errno == ERANGE) return overflow_error("math range error");
  if (errno == EDOM) return value_error("math domain error");
  return float_from_double(phi);
}

Ref<> cmath_polar(Value, const Value* args) {
  Complex z;
  if (!to_complex(args[0], &z)) return nullptr;
  // As CPython: atan2's errno stands unless |z| (finite, or infinite) resets it.
  errno = 0;
  double phi = std::atan2(z.imag, z.real);
  int atan2_errno = errno;
  MathError error;
  double r = c_abs(z, &error);
  bool abs_sets_errno = std::isinf(z.real) || std::isinf(z.imag) || (std::isfinite(z.real) && std::isfinite(z.imag));
  if (error == MathError::kRange) return overflow_error("math range error");
  if (!abs_sets_errno && atan2_errno == ERANGE) return overflow_error("math range error");
  if (!abs_sets_errno && atan2_errno == EDOM) return value_error("math domain error");
  Ref<> modulus = float_from_double(r);
  Ref<> angle = float_from_double(phi);
  if (!modulus || !angle) return nullptr;
  return tuple_steal({modulus.release(), angle.release()});
}

Ref<> cmath_rect(Value, const Value* args) {
  double r, phi;
  if (!number_to_double(args[0], &r) || !number_to_double(args[1], &phi)) return nullptr;
  Complex z;
  if (!std::isfinite(r) || !std::isfinite(phi)) {
    if (std::isinf(r) && std::isfinite(phi) && phi != 0.) {
      double sign = r > 0 ? 1.0 : -1.0;
      z = {sign * std::copysign(INF, std::cos(phi)), sign * std::copysign(INF, std::sin(phi))};
    } else {
      z = kRectSpecial[kind_of(r)][kind_of(phi)];
    }
    if (r != 0. && !std::isnan(r) && std::isinf(phi)) return value_error("math domain error");
  } else if (phi == 0.0) {
    z = {r, r * phi};
  } else {
    z = {r * std::cos(phi), r * std::sin(phi)};
  }
  return complex_from_doubles(z.real, z.imag);
}

Ref<> cmath_isfinite(Value, const Value* args) {
  Complex z;
  if (!to_complex(args[0], &z)) return nullptr;
  return new_bool(std::isfinite(z.real) && std::isfinite(z.imag));
}

Ref<> cmath_isnan(Value, const Value* args) {
  Complex z;
  if (!to_complex(args[0], &z)) return nullptr;
  return new_bool(std::isnan(z.real) || std::isnan(z.imag));
}

Ref<> cmath_isinf(Value, const Value* args) {
  Complex z;
  if (!to_complex(args[0], &z)) return nullptr;
  return new_bool(std::isinf(z.real) || std::isinf(z.imag));
}

Ref<> cmath_isclose(Value, const Value* args) {
  Complex a, b;
  double rel_tol, abs_tol;
  if (!to_complex(args[0], &a) || !to_complex(args[1], &b) || !number_to_double(args[2], &rel_tol) ||
      !number_to_double(args[3], &abs_tol)) {
    return nullptr;
  }
  if (rel_tol < 0.0 || abs_tol < 0.0) return value_error("tolerances must be non-negative");
  if (a.real == b.real && a.imag == b.imag) return new_bool(true);
  if (std::isinf(a.real) || std::isinf(a.imag) || std::isinf(b.real) || std::isinf(b.imag)) return new_bool(false);
  MathError ignored;
  double diff = c_abs({a.real - b.real, a.imag - b.imag}, &ignored);
  return new_bool(diff <= rel_tol * c_abs(b, &ignored) || diff <= rel_tol * c_abs(a, &ignored) || diff <= abs_tol);
}

#define COMPLEX_FN(fn, text) \
  {.name = #fn, .impl = complex_function<c_##fn>, .signature = "($module, z, /)", .doc = text}

const MethodDef cmath_methods[] = {
    COMPLEX_FN(acos, "Return the arc cosine of z."),
    COMPLEX_FN(acosh, "Return the inverse hyperbolic cosine of z."),
    COMPLEX_FN(asin, "Return the arc sine of z."),
    COMPLEX_FN(asinh, "Return the inverse hyperbolic sine of z."),
    COMPLEX_FN(atan, "Return the arc tangent of z."),
    COMPLEX_FN(atanh, "Return the inverse hyperbolic tangent of z."),
    COMPLEX_FN(cos, "Return the cosine of z."),
    COMPLEX_FN(cosh, "Return the hyperbolic cosine of z."),
    COMPLEX_FN(exp, "Return the exponential value e**z."),
    {.name = "isclose", .impl = cmath_isclose, .signature = "($module, /, a, b, *, rel_tol=1e-09, abs_tol=0.0)",
     .doc = "Determine whether two complex numbers are close in value.\n\n  rel_tol\n    maximum difference for being considered \"close\", relative to the\n"
            "    magnitude of the input values\n  abs_tol\n    maximum difference for being considered \"close\", regardless of the\n"
            "    magnitude of the input values\n\nReturn True if a is close in value to b, and False otherwise.\n\n"
            "For the values to be considered close, the difference between them must be\nsmaller than at least one of the tolerances.\n\n"
            "-inf, inf and NaN behave similarly to the IEEE 754 Standard. That is, NaN is\nnot close to anything, even itself. inf and -inf are only close to themselves."},
    {.name = "isfinite", .impl = cmath_isfinite, .signature = "($module, z, /)",
     .doc = "Return True if both the real and imaginary parts of z are finite, else False."},
    {.name = "isinf", .impl = cmath_isinf, .signature = "($module, z, /)",
     .doc = "Checks if the real or imaginary part of z is infinite."},
    {.name = "isnan", .impl = cmath_isnan, .signature = "($module, z, /)",
     .doc = "Checks if the real or imaginary part of z not a number (NaN)."},
    {.name = "log", .impl = cmath_log, .signature = "($module, z, base=?, /)",
     .doc = "log(z[, base]) -> the logarithm of z to the given base.\n\n"
            "If the base not specified, returns the natural logarithm (base e) of z."},
    COMPLEX_FN(log10, "Return the base-10 logarithm of z."),
    {.name = "phase", .impl = cmath_phase, .signature = "($module, z, /)",
     .doc = "Return argument, also known as the phase angle, of a complex."},
    {.name = "polar", .impl = cmath_polar, .signature = "($module, z, /)",
     .doc = "Convert a complex from rectangular coordinates to polar coordinates.\n\n"
            "r is the distance from 0 and phi the phase angle."},
    {.name = "rect", .impl = cmath_rect, .signature = "($module, r, phi, /)",
     .doc = "Convert from polar coordinates to rectangular coordinates."},
    COMPLEX_FN(sin, "Return the sine of z."),
    COMPLEX_FN(sinh, "Return the hyperbolic sine of z."),
    COMPLEX_FN(sqrt, "Return the square root of z."),
    COMPLEX_FN(tan, "Return the tangent of z."),
    COMPLEX_FN(tanh, "Return the hyperbolic tangent of z."),
    {},
};

#undef COMPLEX_FN

bool add_value(ModuleObject* module, const char* name, Ref<> value) {
  return value && module_add_object(module, name, value);
}

bool cmath_exec(ModuleObject* module) {
  return add_value(module, "pi", float_from_double(M_PI)) && add_value(module, "e", float_from_double(M_E)) &&
         add_value(module, "tau", float_from_double(2 * M_PI)) && add_value(module, "inf", float_from_double(INF)) &&
         add_value(module, "infj", complex_from_doubles(0.0, INF)) &&
         add_value(module, "nan", float_from_double(std::fabs(N))) &&
         add_value(module, "nanj", complex_from_doubles(0.0, std::fabs(N)));
}

}  // namespace

extern const ModuleDef module_cmath = {
    .name = "cmath",
    .doc = "This module provides access to mathematical functions for complex\nnumbers.",
    .methods = cmath_methods,
    .exec = cmath_exec,
};

}  // namespace krait
