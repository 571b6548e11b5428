// complex: a pair of doubles with CPython's arithmetic (Smith's division, exponentiation
// by squaring for small integral exponents, the polar form otherwise), equality with ints
// and floats, the hash that agrees with them, the complex() constructor and the methods.
// Text conversions come from text/complex_text.h.
#include "objects/complex.h"

#include <cerrno>
#include <cmath>
#include <cstddef>

#include "core/alloc.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/ops.h"
#include "core/args.h"
#include "objects/float.h"
#include "objects/int_internal.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/gc.h"
#include "text/complex_text.h"
#include "text/float_text.h"

namespace krait {

namespace {

struct Complex {
  double real;
  double imag;
};

Complex value_of(Value v) { return {as_complex(v)->real, as_complex(v)->imag}; }

// A new instance of `type` (complex or a subclass).
Ref<> complex_subtype_from(TypeObject* type, Complex c) {
  auto* object = allocate<ComplexObject>(type, size_t(type->basic_size));
  if (!object) return nullptr;
  object->real = c.real;
  object->imag = c.imag;
  if (type->has_flag(kTypeHaveGC)) gc_track(object);
  return Ref<>::steal(Value(object));
}

}  // namespace

Ref<ComplexObject> complex_from_doubles(double real, double imag) {
  auto* object = allocate<ComplexObject>(&complex_type);
  if (!object) return nullptr;
  object->real = real;
  object->imag = imag;
  return Ref<ComplexObject>::steal(Value(object));
}

namespace {

inline Ref<> make(Complex c) { return complex_from_doubles(c.real, c.imag); }

// --- Arithmetic on pairs (C99 Annex G is not followed: these are CPython's formulas) ---

Complex complex_sum(Complex a, Complex b) { return {a.real + b.real, a.imag + b.imag}; }
Complex complex_difference(Complex a, Complex b) { return {a.real - b.real, a.imag - b.imag}; }
Complex complex_product(Complex a, Complex b) {
  return {a.real * b.real - a.imag * b.imag, a.real * b.imag + a.imag * b.real};
}

// Smith's method: divide through by the larger component of b to avoid overflow. Sets
// errno to EDOM for a zero divisor.
Complex complex_quotient(Complex a, Complex b) {
  double abs_real = std::fabs(b.real), abs_imag = std::fabs(b.imag);
  if (abs_real >= abs_imag) {
    if (abs_real == 0.0) {
      errno = EDOM;
      return {0.0, 0.0};
    }
    double ratio = b.imag / b.real;
    double denominator = b.real + b.imag * ratio;
    return {(a.real + a.imag * ratio) / denominator, (a.imag - a.real * ratio) / denominator};
  }
  if (abs_imag >= abs_real) {
    double ratio = b.real / b.imag;
    double denominator = b.real * ratio + b.imag;
    return {(a.real * ratio + a.imag) / denominator, (a.imag * ratio - a.real) / denominator};
  }
  return {NAN, NAN};  // a component of b is a NaN
}

// a ** n for 0 <= n by repeated squaring.
Complex complex_power_unsigned(Complex a, long n) {
  Complex result{1.0, 0.0}, power = a;
  for (long mask = 1; mask > 0 && n >= mask; mask <<= 1) {
    if (n & mask) result = complex_product(result, power);
    power = complex_product(power, power);
  }
  return result;
}

Complex complex_power_integer(Complex a, long n) {
  if (n > 0) return complex_power_unsigned(a, n);
  return complex_quotient({1.0, 0.0}, complex_power_unsigned(a, -n));
}

// The polar form: |a|**b * e**(i*b*arg(a)). Sets errno to EDOM for 0 ** (negative or
// complex); the libm calls may set errno too.
Complex complex_power_general(Complex a, Complex b) {
  if (b.real == 0.0 && b.imag == 0.0) return {1.0, 0.0};
  if (a.real == 0.0 && a.imag == 0.0) {
    if (b.imag != 0.0 || b.real < 0.0) errno = EDOM;
    return {0.0, 0.0};
  }
  double magnitude = std::hypot(a.real, a.imag);
  double length = std::pow(magnitude, b.real);
  double angle = std::atan2(a.imag, a.real);
  double phase = angle * b.real;
  if (b.imag != 0.0) {
    length /= std::exp(angle * b.imag);
    phase += b.imag * std::log(magnitude);
  }
  return {length * std::cos(phase), length * std::sin(phase)};
}

// --- Operands of the arithmetic slots: complex, float or int ---

enum class Operand : uint8_t { kOk, kNotNumber, kError };

Operand operand_complex(Value v, Complex* out) {
  if (is_complex(v)) {
    *out = value_of(v);
    return Operand::kOk;
  }
  out->imag = 0.0;
  if (is_float(v)) {
    out->real = float_value(v);
    return Operand::kOk;
  }
  if (is_int(v)) {
    bool overflow;
    out->real = int_to_double(v, &overflow);
    if (!overflow) return Operand::kOk;
    overflow_error("int too large to convert to float");
    return Operand::kError;
  }
  return Operand::kNotNumber;
}

#define COMPLEX_OPERANDS(a, b, x, y)                                               \
  Complex x, y;                                                                     \
  if (Operand status = operand_complex(a, &x); status != Operand::kOk)              \
    return status == Operand::kError ? Ref<>() : new_not_implemented();             \
  if (Operand status = operand_complex(b, &y); status != Operand::kOk)              \
    return status == Operand::kError ? Ref<>() : new_not_implemented()

Ref<> complex_add(Value a, Value b) {
  COMPLEX_OPERANDS(a, b, x, y);
  return make(complex_sum(x, y));
}

Ref<> complex_subtract(Value a, Value b) {
  COMPLEX_OPERANDS(a, b, x, y);
  return make(complex_difference(x, y));
}

Ref<> complex_multiply(Value a, Value b) {
  COMPLEX_OPERANDS(a, b, x, y);
  return make(complex_product(x, y));
}

Ref<> complex_true_divide(Value a, Value b) {
  COMPLEX_OPERANDS(a, b, x, y);
  errno = 0;
  Complex quotient = complex_quotient(x, y);
  if (errno == EDOM) return zero_division_error("complex division by zero");
  return make(quotient);
}

}  // namespace

Ref<> complex_power(Value a, Value b, Value c) {
  COMPLEX_OPERANDS(a, b, x, y);
  if (!is_none(c)) return value_error("complex modulo");
  errno = 0;
  Complex result;
  // Small integral exponents multiply: faster and more accurate than the polar form.
  if (y.imag == 0.0 && y.real == std::floor(y.real) && std::fabs(y.real) <= 100.0) {
    result = complex_power_integer(x, long(y.real));
  } else {
    result = complex_power_general(x, y);
  }
  // An infinite part is an overflow; a range error that left finite parts is not.
  if (std::isinf(result.real) || std::isinf(result.imag)) {
    if (errno == 0) errno = ERANGE;
  } else if (errno == ERANGE) {
    errno = 0;
  }
  if (errno == EDOM) return zero_division_error("0.0 to a negative or complex power");
  if (errno == ERANGE) return overflow_error("complex exponentiation");
  return make(result);
}

#undef COMPLEX_OPERANDS

namespace {

Ref<> complex_negative(Value v) {
  Complex c = value_of(v);
  return make({-c.real, -c.imag});
}

Ref<> complex_positive(Value v) {
  if (is_type(v, &complex_type)) return new_ref(v);
  return make(value_of(v));
}

Ref<> complex_absolute(Value v) {
  Complex c = value_of(v);
  // An infinite part makes the modulus infinite even when the other is a NaN.
  if (!std::isfinite(c.real) || !std::isfinite(c.imag)) {
    if (std::isinf(c.real)) return float_from_double(std::fabs(c.real));
    if (std::isinf(c.imag)) return float_from_double(std::fabs(c.imag));
    return float_from_double(NAN);
  }
  double result = std::hypot(c.real, c.imag);
  if (!std::isfinite(result)) return overflow_error("absolute value too large");
  return float_from_double(result);
}

int complex_to_bool(Value v) {
  Complex c = value_of(v);
  return c.real != 0.0 || c.imag != 0.0;
}

// Only == and != are defined; equality with ints is exact.
Ref<> complex_richcompare(Value a, Value b, CompareOp op) {
  if (op != CompareOp::Eq && op != CompareOp::Ne) return new_not_implemented();
  Complex x = value_of(a);
  bool equal;
  if (is_int(b)) {
    equal = x.imag == 0.0 && float_compare_int(x.real, b, CompareOp::Eq);
  } else if (is_float(b)) {
    equal = x.real == float_value(b) && x.imag == 0.0;
  } else if (is_complex(b)) {
    Complex y = value_of(b);
    equal = x.real == y.real && x.imag == y.imag;
  } else {
    return new_not_implemented();
  }
  return new_bool(equal == (op == CompareOp::Eq));
}

// hash(real) + 1000003 * hash(imag), wrapping: equal to hash(real) when imag is 0.
int64_t complex_hash(Value v) {
  Complex c = value_of(v);
  uint64_t real_hash = uint64_t(hash_double(c.real, v.as_object()));
  uint64_t imag_hash = uint64_t(hash_double(c.imag, v.as_object()));
  int64_t h = int64_t(real_hash + uint64_t(kHashImag) * imag_hash);
  return h == -1 ? -2 : h;
}

Ref<> complex_repr(Value v) {
  Complex c = value_of(v);
  return str_from_ascii(text::complex_repr(c.real, c.imag));
}

// --- The constructor ---

StrObject* dunder_complex() {
  static StrObject* const name = str_intern_utf8("__complex__");
  return name;
}

// complex(str).
Ref<> complex_from_string(TypeObject* type, Value s) {
  std::string ascii = as_str(s)->ascii ? std::string(str_utf8(s)) : str_number_ascii(s);
  if (ascii.find('_') != std::string::npos) {
    std::string without;
    if (!text::remove_underscores(ascii, &without)) {
      Ref<StrObject> shown = repr(s);
      if (!shown) return nullptr;
      return value_error("could not convert string to complex: {}", str_utf8(shown.get()));
    }
    ascii = std::move(without);
  }
  Complex c;
  if (!text::parse_complex(ascii, &c.real, &c.imag)) {
    return value_error("complex() arg is a malformed string");
  }
  return complex_subtype_from(type, c);
}

// x.__complex__() if type(x) defines it: 1 (*out set), 0 (no such method), -1 (error).
int complex_special_method(Value x, Complex* out) {
  Ref<> method = lookup_special(x, dunder_complex());
  if (!method) return error_occurred() ? -1 : 0;
  Ref<> result = call0(method);
  if (!result) return -1;
  if (!is_complex(result)) {
    return type_error("__complex__ returned non-complex (type {})", type_name(result));
  }
  if (!is_type(result, &complex_type)) {
    std::string message = format_message(
        "__complex__ returned non-complex (type {}).  The ability to return an instance of a "
        "strict subclass of complex is deprecated, and may be removed in a future version of "
        "Python.",
        type_name(result));
    if (warn(exc::DeprecationWarning, message) < 0) return -1;
  }
  *out = value_of(result);
  return 1;
}

bool is_number_like(Value v) {
  TypeObject* type = type_of(v);
  return is_complex(v) || type->to_float || type->to_index;
}

// complex(real=0, imag=0) is real + imag*1j, where either may itself be complex.
Ref<> complex_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (type == &complex_type && nargs == 1 && !kwnames && is_type(args[0], &complex_type)) {
    return new_ref(args[0]);
  }
  static const MethodDef def = {.name = "complex", .signature = "($type, real=?, imag=?)"};
  static Signature* signature = signature_parse(&def, nullptr);
  BoundArgs bound;
  if (!bind_arguments(*signature, args, nargs, kwnames, &bound)) return nullptr;
  Value r = bound.values()[0], i = bound.values()[1];
  if (!r) r = Value::small_int(0);
  if (is_str(r)) {
    if (i) return type_error("complex() can't take second arg if first is a string");
    return complex_from_string(type, r);
  }
  if (i && is_str(i)) return type_error("complex() second arg can't be a string");
  Complex real_part{0.0, 0.0}, imag_part{0.0, 0.0};
  bool real_is_complex = false, imag_is_complex = false;
  int special = complex_special_method(r, &real_part);
  if (special < 0) return nullptr;
  if (special) {
    real_is_complex = true;
  } else if (!is_number_like(r)) {
    return type_error("complex() first argument must be a string or a number, not '{}'", type_name(r));
  }
  if (i && !is_number_like(i)) {
    return type_error("complex() second argument must be a number, not '{}'", type_name(i));
  }
  if (!real_is_complex) {
    if (is_complex(r)) {
      real_part = value_of(r);
      real_is_complex = true;
    } else if (!number_to_double(r, &real_part.real)) {
      return nullptr;
    }
  }
  if (i) {
    if (is_complex(i)) {
      imag_part = value_of(i);
      imag_is_complex = true;
    } else if (!number_to_double(i, &imag_part.real)) {
      return nullptr;
    }
  }
  // real + imag*1j, component by component; without imag the parts are taken as they
  // are (adding 0.0 would turn an imaginary -0.0 into 0.0).
  Complex result{real_part.real, i ? imag_part.real : real_part.imag};
  if (imag_is_complex) result.real -= imag_part.imag;
  if (real_is_complex && i) result.imag += real_part.imag;
  return complex_subtype_from(type, result);
}

// --- Methods ---

Ref<> complex_conjugate(Value self, const Value*) {
  Complex c = value_of(self);
  return make({c.real, -c.imag});
}

Ref<> complex_complex_method(Value self, const Value*) { return complex_positive(self); }

Ref<> complex_getnewargs(Value self, const Value*) {
  Complex c = value_of(self);
  Ref<> real = float_from_double(c.real);
  Ref<> imag = float_from_double(c.imag);
  if (!real || !imag) return nullptr;
  return tuple_steal({real.release(), imag.release()});
}

Ref<> complex_format_method(Value self, const Value* args) {
  if (!is_str(args[0])) {
    return type_error("__format__() argument must be str, not {}", type_name(args[0]));
  }
  if (as_str(args[0])->length == 0) return str(self);
  Complex c = value_of(self);
  std::string out;
  text::TextStatus status = text::format_complex(c.real, c.imag, str_utf8(args[0]), type_name(self), &out);
  if (status != text::TextStatus::kOk) return raise_text_status(status, out);
  return str_from_utf8(out);
}


const MethodDef complex_methods[] = {
    {.name = "conjugate", .impl = complex_conjugate, .signature = "($self, /)",
     .doc = "Return the complex conjugate of its argument. (3-4j).conjugate() == 3+4j."},
    {.name = "__complex__", .impl = complex_complex_method, .signature = "($self, /)",
     .doc = "Convert this value to exact type complex."},
    {.name = "__getnewargs__", .impl = complex_getnewargs, .signature = "($self, /)"},
    {.name = "__format__", .impl = complex_format_method, .signature = "($self, format_spec, /)",
     .doc = "Convert to a string according to format_spec."},
    {},
};

// ComplexObject extends Object, so it is not standard-layout; GCC computes the offsets
// of its fields all the same.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
const MemberDef complex_members[] = {
    {"real", MemberKind::Double, offsetof(ComplexObject, real), true, "the real part of a complex number"},
    {"imag", MemberKind::Double, offsetof(ComplexObject, imag), true, "the imaginary part of a complex number"},
    {},
};
#pragma GCC diagnostic pop

}  // namespace

TypeObject complex_type{TypeSpec{
    .name = "complex",
    .doc = "complex(real=0, imag=0)\n--\n\nCreate a complex number from a real part and an optional imaginary part.\n"
           "\n"
           "This is equivalent to (real + imag*1j) where imag defaults to 0.",
    .basic_size = sizeof(ComplexObject),
    .flags = kTypeBaseType,
    .slots = {.dealloc = dealloc_plain,
              .new_instance = complex_new,
              .repr = complex_repr,
              .hash = complex_hash,
              .compare = complex_richcompare,
              .getattr = generic_get_attr,
              .add = complex_add,
              .subtract = complex_subtract,
              .multiply = complex_multiply,
              .true_divide = complex_true_divide,
              .power = complex_power,
              .negative = complex_negative,
              .positive = complex_positive,
              .absolute = complex_absolute,
              .to_bool = complex_to_bool},
    .methods = complex_methods,
    .members = complex_members,
}};

}  // namespace krait
