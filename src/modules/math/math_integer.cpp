// math's integer functions — gcd, lcm, isqrt, factorial, comb, perm — computed exactly with
// GMP, and prod with CPython's fast paths for ints and floats. Arguments go through
// __index__ as in CPython; the error messages are CPython 3.11's.
#include <gmp.h>

#include "core/error.h"
#include "core/ops.h"
#include "modules/math/math_internal.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/tuple.h"

namespace krait::math_module {

namespace {

// An mpz_t that clears itself.
struct BigInt {
  mpz_t z;
  BigInt() { mpz_init(z); }
  explicit BigInt(Value v) {
    mpz_init(z);
    int_to_mpz(v, z);
  }
  ~BigInt() { mpz_clear(z); }
  BigInt(const BigInt&) = delete;
  BigInt& operator=(const BigInt&) = delete;
  Ref<> to_int() { return int_from_mpz_move(z); }
};

// |n| as a Python int.
Ref<> absolute_int(Ref<> n) {
  if (int_sign(n) >= 0) return n;
  return absolute(n);
}

}  // namespace

Ref<> math_gcd(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("math.gcd() takes no keyword arguments");
  if (nargs == 0) return int_from_small(0);
  Ref<> first = number_index(args[0]);
  if (!first) return nullptr;
  if (nargs == 1) return absolute_int(std::move(first));
  BigInt result(first);
  for (size_t i = 1; i < nargs; ++i) {
    Ref<> n = number_index(args[i]);
    if (!n) return nullptr;
    if (mpz_cmp_ui(result.z, 1) == 0) continue;  // the arguments are still checked
    BigInt value(n);
    mpz_gcd(result.z, result.z, value.z);
  }
  return result.to_int();
}

Ref<> math_lcm(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("math.lcm() takes no keyword arguments");
  if (nargs == 0) return int_from_small(1);
  Ref<> first = number_index(args[0]);
  if (!first) return nullptr;
  if (nargs == 1) return absolute_int(std::move(first));
  BigInt result(first);
  for (size_t i = 1; i < nargs; ++i) {
    Ref<> n = number_index(args[i]);
    if (!n) return nullptr;
    if (mpz_sgn(result.z) == 0) continue;
    BigInt value(n);
    mpz_lcm(result.z, result.z, value.z);
  }
  mpz_abs(result.z, result.z);
  return result.to_int();
}

Ref<> math_isqrt(Value, const Value* args) {
  Ref<> n = number_index(args[0]);
  if (!n) return nullptr;
  if (int_sign(n) < 0) return value_error("isqrt() argument must be nonnegative");
  BigInt value(n);
  mpz_sqrt(value.z, value.z);
  return value.to_int();
}

Ref<> math_factorial(Value, const Value* args) {
  Ref<> n = number_index(args[0]);
  if (!n) return nullptr;
  int64_t x;
  if (!int_to_int64(n, &x)) {
    if (int_sign(n) < 0) return value_error("factorial() not defined for negative values");
    return overflow_error("factorial() argument should not exceed {}", INT64_MAX);
  }
  if (x < 0) return value_error("factorial() not defined for negative values");
  BigInt result;
  mpz_fac_ui(result.z, static_cast<unsigned long>(x));
  return result.to_int();
}

namespace {

// comb() and perm() share their argument checks: n and k ints, both non-negative.
bool comb_perm_arguments(Value n_arg, Value k_arg, Ref<>* n, Ref<>* k) {
  *n = number_index(n_arg);
  if (!*n) return false;
  *k = number_index(k_arg);
  if (!*k) return false;
  if (int_sign(*n) < 0) return value_error("n must be a non-negative integer");
  if (int_sign(*k) < 0) return value_error("k must be a non-negative integer");
  return true;
}

}  // namespace

Ref<> math_comb(Value, const Value* args) {
  Ref<> n, k;
  if (!comb_perm_arguments(args[0], args[1], &n, &k)) return nullptr;
  BigInt nz(n), kz(k);
  if (mpz_cmp(kz.z, nz.z) > 0) return int_from_small(0);
  // k = min(k, n - k)
  BigInt rest;
  mpz_sub(rest.z, nz.z, kz.z);
  if (mpz_cmp(rest.z, kz.z) < 0) mpz_swap(rest.z, kz.z);
  if (!mpz_fits_slong_p(kz.z)) {
    return overflow_error("min(n - k, k) must not exceed {}", INT64_MAX);
  }
  BigInt result;
  mpz_bin_ui(result.z, nz.z, mpz_get_ui(kz.z));
  return result.to_int();
}

Ref<> math_perm(Value module, const Value* args) {
  if (!args[1] || is_none(args[1])) return math_factorial(module, args);
  Ref<> n, k;
  if (!comb_perm_arguments(args[0], args[1], &n, &k)) return nullptr;
  BigInt nz(n), kz(k);
  if (mpz_cmp(nz.z, kz.z) < 0) return int_from_small(0);
  if (!mpz_fits_slong_p(kz.z)) return overflow_error("k must not exceed {}", INT64_MAX);
  unsigned long count = mpz_get_ui(kz.z);
  // n! / (n - k)! = comb(n, k) * k!
  BigInt result, factorial;
  mpz_bin_ui(result.z, nz.z, count);
  mpz_fac_ui(factorial.z, count);
  mpz_mul(result.z, result.z, factorial.z);
  return result.to_int();
}

// prod(iterable, *, start=1). Exact int and float products are kept in C while they
// fit, as CPython does; anything else goes through `*`.
Ref<> math_prod(Value, const Value* args) {
  Ref<> iterator = get_iter(args[0]);
  if (!iterator) return nullptr;
  Ref<> result = args[1] ? new_ref(args[1]) : int_from_small(1);
  while (true) {
    Ref<> item = iter_next(iterator);
    if (!item) {
      if (error_occurred()) return nullptr;
      return result;
    }
    if (result.value().is_small_int() && item.value().is_small_int()) {
      int64_t product;
      if (!__builtin_mul_overflow(result.value().as_small_int(), item.value().as_small_int(), &product)) {
        result = int_from_int64(product);
        if (!result) return nullptr;
        continue;
      }
    } else if (is_exact_float(result) && is_exact_float(item)) {
      result = float_from_double(float_value(result) * float_value(item));
      if (!result) return nullptr;
      continue;
    }
    result = binary_op(result, item, BinaryOperator::Multiply);
    if (!result) return nullptr;
  }
}

}  // namespace krait::math_module
