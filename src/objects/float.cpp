// float: IEEE-754 doubles in heap objects (exact floats are recycled through a freelist),
// with CPython's arithmetic rules (the sign of % and //, pow's special cases), comparison
// with ints that is exact however large the int, the float() constructor and the methods.
// Text conversions come from text/float_text.h.
#include "objects/float.h"

#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstring>

#include "core/alloc.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/ops.h"
#include "objects/bytes.h"
#include "objects/bytes_internal.h"
#include "objects/int_internal.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/gc.h"
#include "runtime/gc_state.h"
#include "text/float_text.h"

namespace krait {

// --- Allocation ---

namespace {

void float_dealloc(Object* o) {
  if (o->type == &float_type && float_freelist.size < FloatFreelist::kCapacity) {
    float_freelist.items[float_freelist.size++] = static_cast<FloatObject*>(o);
    return;
  }
  free_object(o);
}

// A new instance of `type` (float or a subclass) holding d.
Ref<> float_subtype_from(TypeObject* type, double d) {
  if (type == &float_type) return float_from_double(d);
  auto* object = allocate<FloatObject>(type, size_t(type->basic_size));
  if (!object) return nullptr;
  object->value = d;
  if (type->has_flag(kTypeHaveGC)) gc_track(object);
  return Ref<>::steal(Value(object));
}

}  // namespace

FloatFreelist float_freelist;

void float_clear_freelist() {
  while (float_freelist.size > 0) free_object(float_freelist.items[--float_freelist.size]);
}

Ref<FloatObject> float_from_double_slow(double d) {
  FloatObject* object = allocate<FloatObject>(&float_type);
  if (!object) return nullptr;
  object->value = d;
  return Ref<FloatObject>::steal(Value(object));
}

int64_t double_hash(double d) { return hash_double(d, nullptr); }

// --- Conversions from other objects ---

namespace {

// A float subclass returned from __float__ is accepted with a warning.
bool float_result_value(Value owner, Ref<> result, double* out) {
  if (!is_float(result)) {
    return type_error("{}.__float__ returned non-float (type {})", type_name(owner), type_name(result));
  }
  if (!is_exact_float(result)) {
    std::string message = format_message(
        "{}.__float__ returned non-float (type {}).  The ability to return an instance of a "
        "strict subclass of float is deprecated, and may be removed in a future version of "
        "Python.",
        type_name(owner), type_name(result));
    if (warn(exc::DeprecationWarning, message) < 0) return false;
  }
  *out = float_value(result);
  return true;
}

bool int_value_as_double(Value v, double* out) {
  bool overflow;
  *out = int_to_double(v, &overflow);
  if (overflow) return overflow_error("int too large to convert to float");
  return true;
}

// float(text): `original` is named in the error message.
Ref<> float_from_text(std::string_view ascii, Value original) {
  double d;
  if (!text::parse_float(ascii, &d)) {
    Ref<StrObject> shown = repr(original);
    if (!shown) return nullptr;
    return value_error("could not convert string to float: {}", str_utf8(shown.get()));
  }
  return float_from_double(d);
}

}  // namespace

bool number_to_double(Value v, double* out) {
  if (is_float(v)) {
    *out = float_value(v);
    return true;
  }
  if (v.is_small_int()) {
    *out = double(v.as_small_int());
    return true;
  }
  // Exact ints directly; an int subclass may override __float__.
  if (is_exact_int(v)) return int_value_as_double(v, out);
  TypeObject* type = type_of(v);
  if (type->to_float) {
    Ref<> result = type->to_float(v);
    return result && float_result_value(v, std::move(result), out);
  }
  if (type->to_index) {
    Ref<> index = number_index(v);
    return index && int_value_as_double(index, out);
  }
  return type_error("must be real number, not {}", type_name(v));
}

namespace {

// float(x) for one argument (PyNumber_Float).
Ref<> float_from_object(Value x) {
  if (is_exact_float(x)) return new_ref(x);
  TypeObject* type = type_of(x);
  if (type->to_float) {
    Ref<> result = type->to_float(x);
    if (!result) return nullptr;
    if (is_exact_float(result)) return result;
    double d;
    if (!float_result_value(x, std::move(result), &d)) return nullptr;
    return float_from_double(d);
  }
  if (type->to_index) {
    Ref<> index = number_index(x);
    double d;
    if (!index || !int_value_as_double(index, &d)) return nullptr;
    return float_from_double(d);
  }
  if (is_float(x)) return float_from_double(float_value(x));
  if (is_str(x)) {
    if (as_str(x)->ascii) return float_from_text(str_utf8(x), x);
    return float_from_text(str_number_ascii(x), x);
  }
  if (is_bytes(x) || is_bytearray(x)) {
    std::string copy(byte_data(x));
    return float_from_text(copy, x);
  }
  if (type->get_buffer) {
    BufferHolder buffer;
    if (!buffer.get(x)) return nullptr;
    std::string copy(buffer.data());
    buffer.release();
    return float_from_text(copy, x);
  }
  return type_error("float() argument must be a string or a real number, not '{}'", type_name(x));
}

Ref<> float_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  // Keywords are refused unless a subclass's own __init__ takes them.
  bool own_init = type != &float_type && type->init != float_type.init;
  if (kwnames && kwnames->length > 0 && !own_init) return type_error("float() takes no keyword arguments");
  if (nargs > 1) return type_error("float expected at most 1 argument, got {}", nargs);
  Ref<> value = nargs == 0 ? Ref<>(float_from_double(0.0)) : float_from_object(args[0]);
  if (!value || type == &float_type) return value;
  return float_subtype_from(type, float_value(value));
}

// --- Operands of the arithmetic slots ---

enum class Operand : uint8_t { kOk, kNotNumber, kError };

// The double value of a float or int operand; kError when an int is too large.
inline Operand operand_double(Value v, double* out) {
  if (is_exact_float(v)) {
    *out = float_value(v);
    return Operand::kOk;
  }
  if (v.is_small_int()) {
    *out = double(v.as_small_int());
    return Operand::kOk;
  }
  if (is_float(v)) {
    *out = float_value(v);
    return Operand::kOk;
  }
  if (is_int(v)) return int_value_as_double(v, out) ? Operand::kOk : Operand::kError;
  return Operand::kNotNumber;
}

#define FLOAT_OPERANDS(a, b, x, y)                                                   \
  double x, y;                                                                        \
  if (Operand status = operand_double(a, &x); status != Operand::kOk)                 \
    return status == Operand::kError ? Ref<>() : new_not_implemented();               \
  if (Operand status = operand_double(b, &y); status != Operand::kOk)                 \
    return status == Operand::kError ? Ref<>() : new_not_implemented()

Ref<> float_add(Value a, Value b) {
  FLOAT_OPERANDS(a, b, x, y);
  return float_from_double(x + y);
}

Ref<> float_subtract(Value a, Value b) {
  FLOAT_OPERANDS(a, b, x, y);
  return float_from_double(x - y);
}

Ref<> float_multiply(Value a, Value b) {
  FLOAT_OPERANDS(a, b, x, y);
  return float_from_double(x * y);
}

Ref<> float_true_divide(Value a, Value b) {
  FLOAT_OPERANDS(a, b, x, y);
  if (y == 0.0) return zero_division_error("float division by zero");
  return float_from_double(x / y);
}

// x % y with the sign of y (a zero remainder takes y's sign too).
double float_mod_value(double x, double y) {
  double mod = std::fmod(x, y);
  if (mod != 0.0) {
    if ((y < 0) != (mod < 0)) mod += y;
  } else {
    mod = std::copysign(0.0, y);
  }
  return mod;
}

// divmod(x, y) for y != 0. The quotient is (x - x%y) / y, exact up to rounding, then
// snapped to the integer it must be; a zero quotient takes the sign of x / y.
void float_divmod_values(double x, double y, double* floor_quotient, double* mod) {
  double m = std::fmod(x, y);
  double quotient = (x - m) / y;
  if (m != 0.0) {
    if ((y < 0) != (m < 0)) {
      m += y;
      quotient -= 1.0;
    }
  } else {
    m = std::copysign(0.0, y);
  }
  double floored;
  if (quotient != 0.0) {
    floored = std::floor(quotient);
    if (quotient - floored > 0.5) floored += 1.0;
  } else {
    floored = std::copysign(0.0, x / y);
  }
  *floor_quotient = floored;
  *mod = m;
}

Ref<> float_remainder(Value a, Value b) {
  FLOAT_OPERANDS(a, b, x, y);
  if (y == 0.0) return zero_division_error("float modulo");
  return float_from_double(float_mod_value(x, y));
}

Ref<> float_floor_divide(Value a, Value b) {
  FLOAT_OPERANDS(a, b, x, y);
  if (y == 0.0) return zero_division_error("float floor division by zero");
  double quotient, mod;
  float_divmod_values(x, y, &quotient, &mod);
  return float_from_double(quotient);
}

Ref<> float_divmod(Value a, Value b) {
  FLOAT_OPERANDS(a, b, x, y);
  if (y == 0.0) return zero_division_error("float divmod()");
  double quotient, mod;
  float_divmod_values(x, y, &quotient, &mod);
  Ref<> q = float_from_double(quotient);
  Ref<> r = float_from_double(mod);
  if (!q || !r) return nullptr;
  return tuple_steal({q.release(), r.release()});
}

bool is_odd_integer(double y) { return std::fmod(std::fabs(y), 2.0) == 1.0; }

}  // namespace

// x ** y with the special values of C99's pow() as CPython pins them down, a complex
// result for a negative base and a fractional exponent, and OverflowError on overflow.
Ref<> float_power(Value a, Value b, Value c) {
  FLOAT_OPERANDS(a, b, x, y);
  if (!is_none(c)) return type_error("pow() 3rd argument not allowed unless all arguments are integers");
  if (y == 0.0) return float_from_double(1.0);  // even for a NaN base
  if (std::isnan(x)) return float_from_double(x);
  if (std::isnan(y)) return float_from_double(x == 1.0 ? 1.0 : y);
  if (std::isinf(y)) {
    double magnitude = std::fabs(x);
    if (magnitude == 1.0) return float_from_double(1.0);
    // |x| > 1 grows to inf and |x| < 1 shrinks to 0 for +inf, the other way for -inf.
    return float_from_double((y > 0) == (magnitude > 1.0) ? std::fabs(y) : 0.0);
  }
  if (std::isinf(x)) {
    bool odd = is_odd_integer(y);
    if (x > 0) return float_from_double(y > 0 ? x : 0.0);
    if (y > 0) return float_from_double(odd ? x : std::fabs(x));
    return float_from_double(odd ? std::copysign(0.0, x) : 0.0);
  }
  if (x == 0.0) {
    if (y < 0.0) return zero_division_error("0.0 cannot be raised to a negative power");
    return float_from_double(is_odd_integer(y) ? x : 0.0);
  }
  bool negate = false;
  if (x < 0.0) {
    if (y != std::floor(y)) return complex_power(a, b, c);
    negate = is_odd_integer(y);
    x = -x;
  }
  if (x == 1.0) return float_from_double(negate ? -1.0 : 1.0);
  double result = std::pow(x, y);
  if (std::isinf(result)) {
    Ref<> code = int_from_int64(ERANGE);
    Ref<StrObject> message = str_from_utf8(std::strerror(ERANGE));
    if (!code || !message) return nullptr;
    Value args[2] = {code.value(), message.value()};
    return raise_with_args(&exc::OverflowError, args, 2);
  }
  return float_from_double(negate ? -result : result);
}

#undef FLOAT_OPERANDS

// --- Comparison ---

bool float_compare_int(double d, Value i, CompareOp op) {
  if (std::isnan(d)) return op == CompareOp::Ne;
  int c;
  constexpr int64_t kExact = int64_t{1} << DBL_MANT_DIG;
  if (i.is_small_int() && i.as_small_int() >= -kExact && i.as_small_int() <= kExact) {
    double other = double(i.as_small_int());
    c = (d > other) - (d < other);
  } else {
    // GMP compares an integer with a double exactly (infinities included).
    IntView z(i);
    int r = mpz_cmp_d(z, d);
    c = (r < 0) - (r > 0);
  }
  switch (op) {
    case CompareOp::Lt: return c < 0;
    case CompareOp::Le: return c <= 0;
    case CompareOp::Eq: return c == 0;
    case CompareOp::Ne: return c != 0;
    case CompareOp::Gt: return c > 0;
    case CompareOp::Ge: return c >= 0;
  }
  return false;
}

namespace {

Ref<> float_richcompare(Value a, Value b, CompareOp op) {
  double x = float_value(a);
  if (is_float(b)) {
    double y = float_value(b);
    bool result = false;
    switch (op) {
      case CompareOp::Lt: result = x < y; break;
      case CompareOp::Le: result = x <= y; break;
      case CompareOp::Eq: result = x == y; break;
      case CompareOp::Ne: result = x != y; break;
      case CompareOp::Gt: result = x > y; break;
      case CompareOp::Ge: result = x >= y; break;
    }
    return new_bool(result);
  }
  if (is_int(b)) return new_bool(float_compare_int(x, b, op));
  return new_not_implemented();
}

int64_t float_hash(Value v) { return hash_double(float_value(v), v.as_object()); }

Ref<> float_repr(Value v) { return str_from_ascii(text::float_repr(float_value(v))); }

// --- Unary slots ---

Ref<> float_exact(Value v) {
  if (is_exact_float(v)) return new_ref(v);
  return float_from_double(float_value(v));
}
Ref<> float_negative(Value v) { return float_from_double(-float_value(v)); }
Ref<> float_absolute(Value v) { return float_from_double(std::fabs(float_value(v))); }
int float_to_bool(Value v) { return float_value(v) != 0.0; }
Ref<> float_trunc(Value v) { return int_from_double(float_value(v)); }

// --- Methods ---

Ref<> float_trunc_method(Value self, const Value*) { return int_from_double(float_value(self)); }
Ref<> float_floor_method(Value self, const Value*) { return int_from_double(std::floor(float_value(self))); }
Ref<> float_ceil_method(Value self, const Value*) { return int_from_double(std::ceil(float_value(self))); }
Ref<> float_conjugate(Value self, const Value*) { return float_exact(self); }

Ref<> float_round(Value self, const Value* args) {
  double x = float_value(self);
  if (!args[0] || is_none(args[0])) {
    // To the nearest int, ties to even.
    double rounded = std::round(x);
    if (std::fabs(x - rounded) == 0.5) rounded = 2.0 * std::round(x / 2.0);
    return int_from_double(rounded);
  }
  int64_t ndigits;
  if (!index_to_int64_clamped(args[0], &ndigits)) return nullptr;
  bool overflow;
  double rounded = text::round_double(x, ndigits, &overflow);
  if (overflow) return overflow_error("rounded value too large to represent");
  return float_from_double(rounded);
}

Ref<> float_as_integer_ratio(Value self, const Value*) {
  double x = float_value(self);
  if (std::isinf(x)) return overflow_error("cannot convert Infinity to integer ratio");
  if (std::isnan(x)) return value_error("cannot convert NaN to integer ratio");
  int exponent;
  double mantissa = std::frexp(x, &exponent);
  // Doubling until the mantissa is an integer leaves it odd: the ratio is in lowest terms.
  while (mantissa != std::floor(mantissa)) {
    mantissa *= 2.0;
    --exponent;
  }
  Mpz numerator, denominator;
  mpz_set_d(numerator, mantissa);
  mpz_set_ui(denominator, 1);
  if (exponent > 0) mpz_mul_2exp(numerator, numerator, mp_bitcnt_t(exponent));
  else mpz_mul_2exp(denominator, denominator, mp_bitcnt_t(-exponent));
  Ref<> n = int_from_mpz_move(numerator);
  Ref<> d = int_from_mpz_move(denominator);
  if (!n || !d) return nullptr;
  return tuple_steal({n.release(), d.release()});
}

Ref<> float_is_integer(Value self, const Value*) {
  double x = float_value(self);
  return new_bool(std::isfinite(x) && std::floor(x) == x);
}

Ref<> float_hex_method(Value self, const Value*) { return str_from_ascii(text::float_hex(float_value(self))); }

Ref<> float_fromhex(Value cls, const Value* args) {
  if (!is_str(args[0])) return type_error("bad argument type for built-in operation");
  double d;
  std::string error;
  text::TextStatus status = text::float_fromhex(str_utf8(args[0]), &d, &error);
  if (status != text::TextStatus::kOk) return raise_text_status(status, error);
  Ref<> result = float_from_double(d);
  if (!result || cls == Value(&float_type)) return result;
  return call1(cls, result);
}

Ref<> float_getnewargs(Value self, const Value*) {
  Ref<> value = float_from_double(float_value(self));
  if (!value) return nullptr;
  return tuple_steal({value.release()});
}

Ref<> float_getformat(Value, const Value* args) {
  if (!is_str(args[0])) {
    return type_error("__getformat__() argument must be str, not {}", type_name(args[0]));
  }
  StrObject* kind = as_str(args[0]);
  if (!str_equal_ascii(kind, "double") && !str_equal_ascii(kind, "float")) {
    return value_error("__getformat__() argument 1 must be 'double' or 'float'");
  }
  return str_from_ascii("IEEE, little-endian");
}

Ref<> float_format_method(Value self, const Value* args) {
  if (!is_str(args[0])) {
    return type_error("__format__() argument must be str, not {}", type_name(args[0]));
  }
  if (as_str(args[0])->length == 0) return str(self);
  std::string out;
  text::TextStatus status =
      text::format_float(float_value(self), str_utf8(args[0]), type_name(self), &out);
  if (status != text::TextStatus::kOk) return raise_text_status(status, out);
  return str_from_utf8(out);
}

Ref<> float_get_real(Value self) { return float_exact(self); }
Ref<> float_get_imag(Value) { return float_from_double(0.0); }

const MethodDef float_methods[] = {
    {.name = "conjugate", .impl = float_conjugate, .signature = "($self, /)",
     .doc = "Return self, the complex conjugate of any float."},
    {.name = "__trunc__", .impl = float_trunc_method, .signature = "($self, /)",
     .doc = "Return the Integral closest to x between 0 and x."},
    {.name = "__floor__", .impl = float_floor_method, .signature = "($self, /)",
     .doc = "Return the floor as an Integral."},
    {.name = "__ceil__", .impl = float_ceil_method, .signature = "($self, /)",
     .doc = "Return the ceiling as an Integral."},
    {.name = "__round__", .impl = float_round, .signature = "($self, ndigits=None, /)",
     .doc = "Return the Integral closest to x, rounding half toward even.\n\n"
            "When an argument is passed, work like built-in round(x, ndigits)."},
    {.name = "as_integer_ratio", .impl = float_as_integer_ratio, .signature = "($self, /)",
     .doc = "Return integer ratio.\n\nReturn a pair of integers, whose ratio is exactly equal to "
            "the original float\nand with a positive denominator.\n\n"
            "Raise OverflowError on infinities and a ValueError on NaNs.\n\n"
            ">>> (10.0).as_integer_ratio()\n(10, 1)\n>>> (0.0).as_integer_ratio()\n(0, 1)\n"
            ">>> (-.25).as_integer_ratio()\n(-1, 4)"},
    {.name = "fromhex", .impl = float_fromhex, .signature = "($type, string, /)",
     .doc = "Create a floating-point number from a hexadecimal string.\n\n"
            ">>> float.fromhex('0x1.ffffp10')\n2047.984375\n>>> float.fromhex('-0x1p-1074')\n"
            "-5e-324",
     .flags = kMethodClass},
    {.name = "hex", .impl = float_hex_method, .signature = "($self, /)",
     .doc = "Return a hexadecimal representation of a floating-point number.\n\n"
            ">>> (-0.1).hex()\n'-0x1.999999999999ap-4'\n>>> 3.14159.hex()\n'0x1.921f9f01b866ep+1'"},
    {.name = "is_integer", .impl = float_is_integer, .signature = "($self, /)",
     .doc = "Return True if the float is an integer."},
    {.name = "__getnewargs__", .impl = float_getnewargs, .signature = "($self, /)"},
    {.name = "__getformat__", .impl = float_getformat, .signature = "($type, typestr, /)",
     .doc = "You probably don't want to use this function.\n\n"
            "  typestr\n    Must be 'double' or 'float'.\n\n"
            "It exists mainly to be used in Python's test suite.\n\n"
            "This function returns whichever of 'unknown', 'IEEE, big-endian' or 'IEEE,\n"
            "little-endian' best describes the format of floating point numbers used by the\n"
            "C type named by typestr.",
     .flags = kMethodClass},
    {.name = "__format__", .impl = float_format_method, .signature = "($self, format_spec, /)",
     .doc = "Formats the float according to format_spec."},
    {},
};

const GetSetDef float_getsets[] = {
    {.name = "real", .get = float_get_real, .doc = "the real part of a complex number"},
    {.name = "imag", .get = float_get_imag, .doc = "the imaginary part of a complex number"},
    {},
};

}  // namespace

TypeObject float_type{TypeSpec{
    .name = "float",
    .doc = "float(x=0, /)\n--\n\nConvert a string or number to a floating point number, if possible.",
    .basic_size = sizeof(FloatObject),
    .flags = kTypeBaseType,
    .slots = {.dealloc = float_dealloc,
              .new_instance = float_new,
              .repr = float_repr,
              .hash = float_hash,
              .compare = float_richcompare,
              .getattr = generic_get_attr,
              .add = float_add,
              .subtract = float_subtract,
              .multiply = float_multiply,
              .true_divide = float_true_divide,
              .floor_divide = float_floor_divide,
              .remainder = float_remainder,
              .divmod = float_divmod,
              .power = float_power,
              .negative = float_negative,
              .positive = float_exact,
              .absolute = float_absolute,
              .to_bool = float_to_bool,
              .to_int = float_trunc,
              .to_float = float_exact},
    .methods = float_methods,
    .getsets = float_getsets,
}};

}  // namespace krait
