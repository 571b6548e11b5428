// int <-> text (repr, int(str, base), format() and the sys.set_int_max_str_digits limit),
// the int() constructor and the int() / __index__ protocols for arbitrary objects, and the
// Python-visible methods and attributes of int. Arithmetic is in int.cpp.
#include <algorithm>
#include <atomic>
#include <bit>
#include <charconv>

#include "core/args.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/bytes.h"
#include "objects/bytes_internal.h"
#include "objects/float.h"
#include "objects/int_internal.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "text/float_text.h"
#include "text/int_text.h"
#include "text/number_ascii.h"

namespace krait {

// --- Helpers shared by the numeric types ---

Raised raise_text_status(text::TextStatus status, const std::string& message) {
  switch (status) {
    case text::TextStatus::kOverflowError: return overflow_error("{}", message);
    case text::TextStatus::kMemoryError: return raise_memory_error();
    default: return value_error("{}", message);
  }
}

std::string repr_truncated(Value v, int64_t limit) {
  Ref<StrObject> text = repr(v);
  if (!text) {
    clear_error();
    return "<unprintable object>";
  }
  if (text->length <= limit) return std::string(str_utf8(text.get()));
  Ref<StrObject> cut = str_substring(text.get(), 0, limit);
  return cut ? std::string(str_utf8(cut.get())) : std::string();
}

std::string str_number_ascii(Value s) { return text::number_text_to_ascii(str_utf8(s)); }

// --- The limit on decimal conversions (CVE-2020-10735) ---

namespace {

// Interpreter-wide, like CPython's per-interpreter setting; written by sys.
std::atomic<int64_t> max_str_digits{kIntDefaultMaxStrDigits};

constexpr bool is_power_of_two_base(int base) { return (base & (base - 1)) == 0; }

Raised too_many_digits_to_str() {
  return value_error(
      "Exceeds the limit ({} digits) for integer string conversion; use "
      "sys.set_int_max_str_digits() to increase the limit",
      int_max_str_digits());
}

Raised too_many_digits_to_int(int64_t digits) {
  return value_error(
      "Exceeds the limit ({} digits) for integer string conversion: value has {} digits; use "
      "sys.set_int_max_str_digits() to increase the limit",
      int_max_str_digits(), digits);
}

}  // namespace

int64_t int_max_str_digits() { return max_str_digits.load(std::memory_order_relaxed); }

bool set_int_max_str_digits(int64_t digits) {
  if (digits != 0 && digits < kIntMaxStrDigitsThreshold) {
    return value_error("maxdigits must be 0 or larger than {}", kIntMaxStrDigitsThreshold);
  }
  max_str_digits.store(digits, std::memory_order_relaxed);
  return true;
}

// --- int -> text ---

bool int_magnitude_digits(Value v, int base, std::string* out) {
  if (v.is_small_int()) {
    int64_t i = v.as_small_int();
    uint64_t magnitude = i < 0 ? uint64_t(0) - uint64_t(i) : uint64_t(i);
    char buffer[64];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, magnitude, base);
    out->assign(buffer, result.ptr);
    return true;
  }
  mpz_t magnitude;
  mpz_abs_view(magnitude, as_int(v)->value);
  size_t size = mpz_sizeinbase(magnitude, base);  // exact, or one too many
  int64_t limit = int_max_str_digits();
  if (!is_power_of_two_base(base) && limit > 0 && int64_t(size) - 1 > limit) {
    return too_many_digits_to_str();
  }
  out->assign(size + 1, '\0');
  mpz_get_str(out->data(), base, magnitude);
  out->resize(std::char_traits<char>::length(out->c_str()));
  if (!is_power_of_two_base(base) && limit > 0 && int64_t(out->size()) > limit) {
    return too_many_digits_to_str();
  }
  return true;
}

Ref<> int_repr(Value v) {
  if (v.is_small_int()) {
    char buffer[24];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, v.as_small_int());
    return str_from_ascii(std::string_view(buffer, size_t(result.ptr - buffer)));
  }
  std::string digits;
  if (int_sign(v) < 0) digits.push_back('-');
  std::string magnitude;
  if (!int_magnitude_digits(v, 10, &magnitude)) return nullptr;
  digits += magnitude;
  return str_from_ascii(digits);
}

Ref<> int_repr_slot(Value v) { return int_repr(v); }

namespace {

// The text of format(value, spec) for the common specs `[sign][0][width][d]` (f"{i:06d}",
// f"{n:5}"), written into `out` without building a FormatSpec; false when spec has
// anything else (fill, alignment, grouping, another type, a width over 64), which the
// general path then handles with its own messages.
bool format_small_int_simple(int64_t value, std::string_view spec, char (&out)[96], size_t* length) {
  size_t i = 0;
  char sign = '-';
  if (i < spec.size() && (spec[i] == '+' || spec[i] == '-' || spec[i] == ' ')) sign = spec[i++];
  bool zero_pad = i < spec.size() && spec[i] == '0';
  if (zero_pad) ++i;
  int64_t width = 0;
  for (; i < spec.size() && spec[i] >= '0' && spec[i] <= '9'; ++i) {
    width = width * 10 + (spec[i] - '0');
    if (width > 64) return false;
  }
  if (i < spec.size() && spec[i] == 'd') ++i;
  if (i != spec.size()) return false;
  char digits[24];
  uint64_t magnitude = value < 0 ? 0 - uint64_t(value) : uint64_t(value);
  char* digits_end = std::to_chars(digits, digits + sizeof digits, magnitude).ptr;
  size_t ndigits = size_t(digits_end - digits);
  char sign_char = value < 0 ? '-' : sign == '+' ? '+' : sign == ' ' ? ' ' : 0;
  size_t used = ndigits + (sign_char ? 1 : 0);
  size_t padding = size_t(width) > used ? size_t(width) - used : 0;
  char* p = out;
  // Zero padding goes between the sign and the digits ('=' alignment); spaces before both.
  if (!zero_pad) p = std::fill_n(p, padding, ' ');
  if (sign_char) *p++ = sign_char;
  if (zero_pad) p = std::fill_n(p, padding, '0');
  p = std::copy(digits, digits_end, p);
  *length = size_t(p - out);
  return true;
}

}  // namespace

Ref<> int_format(Value v, std::string_view spec_text) {
  if (v.is_small_int()) {
    char text[96];
    size_t length;
    if (format_small_int_simple(v.as_small_int(), spec_text, text, &length)) {
      return str_from_ascii(std::string_view(text, length));
    }
  }
  std::string type = type_name(v);
  text::FormatSpec spec;
  std::string out;
  text::TextStatus status = text::parse_format_spec(spec_text, 'd', '>', type, &spec, &out);
  if (status != text::TextStatus::kOk) return raise_text_status(status, out);
  switch (text::int_format_kind(spec)) {
    case text::IntFormatKind::kChar: {
      int64_t value = 0;
      bool fits = int_to_int64(v, &value);
      status = text::format_int_char(value, fits, spec, &out);
      break;
    }
    case text::IntFormatKind::kFloat: {
      bool overflow;
      double d = int_to_double(v, &overflow);
      if (overflow) return overflow_error("int too large to convert to float");
      status = text::format_float(d, spec, type, &out);
      break;
    }
    default: {
      // A spec format_int rejects anyway (precision, 'z', unknown type) is reported before
      // the digits are made, so the digit limit does not mask it.
      bool rejected = spec.precision != -1 || spec.no_neg_zero ||
                      text::int_format_kind(spec) != text::IntFormatKind::kDigits;
      std::string digits;
      if (!rejected && !int_magnitude_digits(v, text::int_format_base(spec), &digits)) return nullptr;
      status = text::format_int(digits, int_sign(v) < 0, spec, type, &out);
      break;
    }
  }
  if (status != text::TextStatus::kOk) return raise_text_status(status, out);
  return str_from_utf8(out);
}

// --- text -> int ---

namespace {

bool is_ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

int ascii_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  char lower = char(c | 0x20);
  if (lower >= 'a' && lower <= 'z') return lower - 'a' + 10;
  return 99;
}

// The number of digits in the first run of digits int() reads. CPython checks the digit
// limit on that run before it looks at what follows, so '1' * 5000 + 'x' exceeds the limit
// rather than being an invalid literal. Returns -1 when the run itself is malformed.
int64_t leading_digit_count(std::string_view s, int base) {
  size_t i = 0, n = s.size();
  while (i < n && is_ascii_space(s[i])) ++i;
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  if (i + 1 < n && s[i] == '0') {
    char marker = char(s[i + 1] | 0x20);
    if (base == 0) base = marker == 'x' ? 16 : marker == 'o' ? 8 : marker == 'b' ? 2 : 10;
    if ((base == 16 && marker == 'x') || (base == 8 && marker == 'o') || (base == 2 && marker == 'b')) {
      i += 2;
      if (i < n && s[i] == '_') ++i;
    }
  }
  if (base == 0) base = 10;
  if (is_power_of_two_base(base)) return 0;
  int64_t digits = 0;
  char previous = 0;
  for (; i < n && (s[i] == '_' || ascii_digit_value(s[i]) < base); ++i) {
    if (s[i] == '_' && previous == '_') return -1;
    if (s[i] != '_') ++digits;
    previous = s[i];
  }
  return previous == '_' ? -1 : digits;
}

// int(text, base) for ASCII text; `original` is the object named in the error message.
Ref<> int_from_ascii(std::string_view ascii, int base, Value original) {
  if (base == 10 && ascii.size() <= 18) {
    // The common case first: a short plain decimal ("42", "-7").
    size_t i = !ascii.empty() && (ascii[0] == '-' || ascii[0] == '+') ? 1 : 0;
    int64_t value = 0;
    size_t j = i;
    for (; j < ascii.size() && unsigned(ascii[j] - '0') <= 9; ++j) value = value * 10 + (ascii[j] - '0');
    if (j == ascii.size() && j > i) return int_from_int64(ascii[0] == '-' ? -value : value);
  }
  int64_t limit = int_max_str_digits();
  if (limit > 0 && int64_t(ascii.size()) > limit) {
    int64_t digits = leading_digit_count(ascii, base);
    if (digits > limit) return too_many_digits_to_int(digits);
  }
  std::string digits;
  int detected_base;
  bool negative;
  if (!text::parse_int_literal(ascii, base, &digits, &detected_base, &negative)) {
    return value_error("invalid literal for int() with base {}: {}", base, repr_truncated(original, 200));
  }
  if (digits.size() <= 18 && detected_base == 10) {
    int64_t value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    return int_from_int64(negative ? -value : value);
  }
  Mpz z;
  mpz_set_str(z, digits.c_str(), detected_base);
  if (negative) mpz_neg(z, z);
  return int_from_mpz_move(z);
}

Ref<> int_from_bytes_text(std::string_view data, int base) {
  Ref<> original = bytes_from(data);
  if (!original) return nullptr;
  return int_from_ascii(data, base, original);
}

Ref<> int_from_str_object(Value s, int base) {
  if (as_str(s)->ascii) return int_from_ascii(str_utf8(s), base, s);
  return int_from_ascii(str_number_ascii(s), base, s);
}

}  // namespace

Ref<> int_from_string(std::string_view text, int base) {
  Ref<> original = str_from_utf8(text);
  if (!original) return nullptr;
  return int_from_str_object(original, base);
}

Ref<> int_from_literal(std::string_view text) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0') {
    char marker = char(text[1] | 0x20);
    base = marker == 'x' ? 16 : marker == 'o' ? 8 : marker == 'b' ? 2 : 10;
    if (base != 10) text.remove_prefix(2);
  }
  if (base == 10 && text.size() <= 18) {
    int64_t value = 0;
    for (char c : text) value = value * 10 + (c - '0');
    return int_from_int64(value);
  }
  int64_t limit = int_max_str_digits();
  if (base == 10 && limit > 0 && int64_t(text.size()) > limit) {
    return too_many_digits_to_int(int64_t(text.size()));
  }
  Mpz z;
  std::string digits(text);
  if (mpz_set_str(z, digits.c_str(), base) != 0) return value_error("invalid integer literal");
  return int_from_mpz_move(z);
}

// --- int(x) and __index__ for any object ---

namespace {

// A strict int subclass returned from __int__ / __index__ is accepted with a warning.
Ref<> exact_with_warning(Ref<> result, const char* method) {
  if (is_exact_int(result)) return result;
  std::string message = format_message(
      "{} returned non-int (type {}).  The ability to return an instance of a strict subclass "
      "of int is deprecated, and may be removed in a future version of Python.",
      method, type_name(result));
  if (warn(exc::DeprecationWarning, message) < 0) return nullptr;
  return int_exact(result);
}

}  // namespace

Ref<> number_index(Value v) {
  if (is_exact_int(v)) return new_ref(v);
  if (is_int(v)) return int_exact(v);
  UnaryFn to_index = type_of(v)->to_index;
  if (!to_index) return type_error("'{}' object cannot be interpreted as an integer", type_name(v));
  Ref<> result = to_index(v);
  if (!result) return nullptr;
  if (!is_int(result)) return type_error("__index__ returned non-int (type {})", type_name(result));
  return exact_with_warning(std::move(result), "__index__");
}

bool index_to_int64(Value v, int64_t* out, TypeObject* overflow_error_type) {
  if (v.is_small_int()) {
    *out = v.as_small_int();
    return true;
  }
  Ref<> index = number_index(v);
  if (!index) return false;
  if (int_to_int64(index, out)) return true;
  if (overflow_error_type) {
    return raise(*overflow_error_type, "cannot fit '{}' into an index-sized integer", type_name(v));
  }
  return overflow_error("Python int too large to convert to C ssize_t");
}

bool index_to_int64_clamped(Value v, int64_t* out) {
  if (v.is_small_int()) {
    *out = v.as_small_int();
    return true;
  }
  Ref<> index = number_index(v);
  if (!index) return false;
  if (!int_to_int64(index, out)) *out = int_sign(index) < 0 ? INT64_MIN : INT64_MAX;
  return true;
}

Ref<> number_to_int(Value v) {
  if (is_exact_int(v)) return new_ref(v);
  if (is_exact_str(v)) return int_from_str_object(v, 10);  // no __int__/__trunc__ to ask
  TypeObject* type = type_of(v);
  if (type->to_int) {
    Ref<> result = type->to_int(v);
    if (!result) return nullptr;
    if (!is_int(result)) return type_error("__int__ returned non-int (type {})", type_name(result));
    return exact_with_warning(std::move(result), "__int__");
  }
  if (type->to_index) return number_index(v);
  Ref<> trunc = lookup_special(v, ID(__trunc__));
  if (trunc) {
    if (warn(exc::DeprecationWarning, "The delegation of int() to __trunc__ is deprecated.") < 0) {
      return nullptr;
    }
    Ref<> result = call0(trunc);
    if (!result || is_exact_int(result)) return result;
    if (is_int(result)) return int_exact(result);
    if (!type_of(result)->to_index) {
      return type_error("__trunc__ returned non-Integral (type {})", type_name(result));
    }
    return number_index(result);
  }
  if (error_occurred()) return nullptr;
  if (is_str(v)) return int_from_str_object(v, 10);
  if (is_bytes(v)) return int_from_bytes_text(bytes_view(v), 10);
  if (is_bytearray(v)) {
    std::string copy(byte_data(v));
    return int_from_bytes_text(copy, 10);
  }
  if (type->get_buffer) {
    BufferHolder buffer;
    if (!buffer.get(v)) return nullptr;
    std::string copy(buffer.data());
    buffer.release();
    return int_from_bytes_text(copy, 10);
  }
  return type_error("int() argument must be a string, a bytes-like object or a real number, not '{}'",
                    type_name(v));
}

// --- The constructor ---

Ref<> int_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (type == &int_type && nargs == 1 && !kwnames) {
    return is_exact_int(args[0]) ? new_ref(args[0]) : number_to_int(args[0]);
  }
  static const MethodDef def = {.name = "int", .signature = "($type, x=?, /, base=?)"};
  static Signature* signature = signature_parse(&def, nullptr);
  BoundArgs bound;
  if (!bind_arguments(*signature, args, nargs, kwnames, &bound)) return nullptr;
  Value x = bound.values()[0], base_arg = bound.values()[1];
  Ref<> value;
  if (!x) {
    if (base_arg) return type_error("int() missing string argument");
    value = Ref<>::steal(Value::small_int(0));
  } else if (!base_arg) {
    value = number_to_int(x);
  } else {
    int64_t base;
    if (!index_to_int64_clamped(base_arg, &base)) return nullptr;
    if ((base != 0 && base < 2) || base > 36) {
      return value_error("int() base must be >= 2 and <= 36, or 0");
    }
    if (is_str(x)) {
      value = int_from_str_object(x, int(base));
    } else if (is_bytes(x) || is_bytearray(x)) {
      std::string copy(byte_data(x));
      value = int_from_bytes_text(copy, int(base));
    } else {
      return type_error("int() can't convert non-string with explicit base");
    }
  }
  if (!value || type == &int_type) return value;
  return int_subtype_from(type, value);
}

// --- Methods ---

namespace {

Ref<> int_self(Value self, const Value*) { return int_exact(self); }

Ref<> int_bit_length(Value self, const Value*) {
  if (self.is_small_int()) {
    int64_t i = self.as_small_int();
    uint64_t magnitude = i < 0 ? uint64_t(0) - uint64_t(i) : uint64_t(i);
    return Ref<>::steal(Value::small_int(64 - std::countl_zero(magnitude)));
  }
  mpz_srcptr z = as_int(self)->value;
  return int_from_uint64(mpz_sgn(z) == 0 ? 0 : mpz_sizeinbase(z, 2));
}

Ref<> int_bit_count(Value self, const Value*) {
  if (self.is_small_int()) {
    int64_t i = self.as_small_int();
    uint64_t magnitude = i < 0 ? uint64_t(0) - uint64_t(i) : uint64_t(i);
    return Ref<>::steal(Value::small_int(std::popcount(magnitude)));
  }
  mpz_t magnitude;
  mpz_abs_view(magnitude, as_int(self)->value);
  return int_from_uint64(mpz_popcount(magnitude));
}

// byteorder argument of to_bytes / from_bytes: true for 'little'.
bool parse_byteorder(Value byteorder, const char* function, bool* little) {
  if (!is_str(byteorder)) {
    return type_error("{}() argument 'byteorder' must be str, not {}", function, type_name(byteorder));
  }
  if (str_equal_ascii(as_str(byteorder), "little")) {
    *little = true;
  } else if (str_equal_ascii(as_str(byteorder), "big")) {
    *little = false;
  } else {
    return value_error("byteorder must be either 'little' or 'big'");
  }
  return true;
}

Ref<> int_to_bytes(Value self, const Value* args) {
  int64_t length;
  if (!index_to_int64(args[0], &length)) return nullptr;
  bool little;
  if (!parse_byteorder(args[1], "to_bytes", &little)) return nullptr;
  int is_signed = is_true(args[2]);
  if (is_signed < 0) return nullptr;
  if (length < 0) return value_error("length argument must be non-negative");
  IntView x(self);
  bool negative = mpz_sgn(x) < 0;
  if (negative && !is_signed) return overflow_error("can't convert negative int to unsigned");
  if (uint64_t(length) > kMaxIntBits / 8) return raise_memory_error();
  // Two's complement: a negative x is stored as the bitwise complement of ~x = -x - 1.
  Mpz magnitude;
  if (negative) mpz_com(magnitude, x);
  else mpz_set(magnitude, x);
  uint64_t bits = mpz_sgn(magnitude) == 0 ? 0 : mpz_sizeinbase(magnitude, 2);
  if (is_signed && (bits > 0 || negative)) ++bits;  // room for the sign bit
  if (bits > uint64_t(length) * 8) return overflow_error("int too big to convert");
  std::string data(size_t(length), '\0');
  if (mpz_sgn(magnitude) != 0) {
    size_t needed = (mpz_sizeinbase(magnitude, 2) + 7) / 8;
    size_t count;
    mpz_export(data.data() + (size_t(length) - needed), &count, 1, 1, 1, 0, magnitude);
  }
  if (negative) {
    for (char& c : data) c = char(~c);
  }
  if (little) std::reverse(data.begin(), data.end());
  return bytes_from(data);
}

Ref<> int_from_bytes(Value cls, const Value* args) {
  bool little;
  if (!parse_byteorder(args[1], "from_bytes", &little)) return nullptr;
  int is_signed = is_true(args[2]);
  if (is_signed < 0) return nullptr;
  // bytes(x) semantics: __bytes__ first, then buffers and iterables of ints.
  std::string data;
  Value source = args[0];
  Ref<> converted;
  if (!is_exact_bytes(source)) {
    if (Ref<> method = lookup_special(source, ID(__bytes__))) {
      converted = call0(method);
      if (!converted) return nullptr;
      if (!is_bytes(converted)) {
        return type_error("__bytes__ returned non-bytes (type {})", type_name(converted));
      }
      source = converted.value();
    } else if (error_occurred()) {
      return nullptr;
    }
  }
  if (is_bytes(source)) data.assign(bytes_view(source));
  else if (!bytes_from_object(source, &data, "bytes")) return nullptr;
  Mpz z;
  if (!data.empty()) mpz_import(z, data.size(), little ? -1 : 1, 1, 1, 0, data.data());
  bool sign_bit = !data.empty() && (uint8_t(little ? data.back() : data.front()) & 0x80);
  if (is_signed && sign_bit) {
    Mpz power;
    mpz_set_ui(power, 1);
    mpz_mul_2exp(power, power, data.size() * 8);
    mpz_sub(z, z, power);
  }
  Ref<> value = int_from_mpz_move(z);
  if (!value || cls == Value(&int_type)) return value;
  return call1(cls, value);
}

Ref<> int_as_integer_ratio(Value self, const Value*) {
  Ref<> numerator = int_exact(self);
  if (!numerator) return nullptr;
  return tuple_steal({numerator.release(), Value::small_int(1)});
}

// round(i, n): i itself for n >= 0; for n < 0 the nearest multiple of 10**-n, ties to even.
Ref<> int_round(Value self, const Value* args) {
  if (!args[0] || is_none(args[0])) return int_exact(self);
  Ref<> ndigits = number_index(args[0]);
  if (!ndigits) return nullptr;
  if (int_sign(ndigits) >= 0) return int_exact(self);
  IntView x(self);
  int64_t places;
  // Beyond the number of digits of |self| (plus one) the result is 0.
  size_t digits = mpz_sizeinbase(x, 10);
  if (!int_to_int64(ndigits, &places) || -places > int64_t(digits)) {
    return Ref<>::steal(Value::small_int(0));
  }
  Mpz power, quotient, remainder, twice;
  mpz_ui_pow_ui(power, 10, (unsigned long)(-places));
  mpz_fdiv_qr(quotient, remainder, x, power);
  mpz_mul_2exp(twice, remainder, 1);
  int c = mpz_cmp(twice, power);
  if (c > 0 || (c == 0 && mpz_odd_p(quotient))) mpz_add_ui(quotient, quotient, 1);
  mpz_mul(quotient, quotient, power);
  return int_from_mpz_move(quotient);
}

Ref<> int_getnewargs(Value self, const Value*) {
  Ref<> value = int_exact(self);
  if (!value) return nullptr;
  return tuple_steal({value.release()});
}

Ref<> int_format_method(Value self, const Value* args) {
  if (!is_str(args[0])) {
    return type_error("__format__() argument must be str, not {}", type_name(args[0]));
  }
  if (as_str(args[0])->length == 0) return str(self);
  return int_format(self, str_utf8(args[0]));
}

// CPython's size: a 24-byte header and at least one 30-bit digit of 4 bytes.
Ref<> int_sizeof(Value self, const Value*) {
  IntView x(self);
  size_t bits = mpz_sgn(x) == 0 ? 0 : mpz_sizeinbase(x, 2);
  size_t digits = std::max<size_t>((bits + 29) / 30, 1);
  return int_from_uint64(24 + 4 * digits);
}

Ref<> int_get_self(Value self) { return int_exact(self); }
Ref<> int_get_zero(Value) { return Ref<>::steal(Value::small_int(0)); }
Ref<> int_get_one(Value) { return Ref<>::steal(Value::small_int(1)); }

}  // namespace

extern const MethodDef int_methods[] = {
    {.name = "conjugate", .impl = int_self, .signature = "($self, /)",
     .doc = "Returns self, the complex conjugate of any int.", .flags = kMethodNoTextSignature},
    {.name = "bit_length", .impl = int_bit_length, .signature = "($self, /)",
     .doc = "Number of bits necessary to represent self in binary.\n\n>>> bin(37)\n'0b100101'\n"
            ">>> (37).bit_length()\n6"},
    {.name = "bit_count", .impl = int_bit_count, .signature = "($self, /)",
     .doc = "Number of ones in the binary representation of the absolute value of self.\n\n"
            "Also known as the population count.\n\n>>> bin(13)\n'0b1101'\n>>> (13).bit_count()\n3"},
    {.name = "to_bytes", .impl = int_to_bytes,
     .signature = "($self, /, length=1, byteorder='big', *, signed=False)",
     .doc = "Return an array of bytes representing an integer.\n"
        "\n  length\n    Length of bytes object to use.  An OverflowError is raised if the\n"
        "    integer is not representable with the given number of bytes.  Default\n"
        "    is length 1.\n  byteorder\n"
        "    The byte order used to represent the integer.  If byteorder is 'big',\n"
        "    the most significant byte is at the beginning of the byte array.  If\n"
        "    byteorder is 'little', the most significant byte is at the end of the\n"
        "    byte array.  To request the native byte order of the host system, use\n"
        "    `sys.byteorder' as the byte order value.  Default is to use 'big'.\n"
        "  signed\n    Determines whether two's complement is used to represent the integer.\n"
        "    If signed is False and a negative integer is given, an OverflowError\n"
        "    is raised."},
    {.name = "from_bytes", .impl = int_from_bytes,
     .signature = "($type, /, bytes, byteorder='big', *, signed=False)",
     .doc = "Return the integer represented by the given array of bytes.\n"
        "\n  bytes\n    Holds the array of bytes to convert.  The argument must either\n"
        "    support the buffer protocol or be an iterable object producing bytes.\n"
        "    Bytes and bytearray are examples of built-in objects that support the\n"
        "    buffer protocol.\n"
        "  byteorder\n    The byte order used to represent the integer.  If byteorder is "
        "'big',\n    the most significant byte is at the beginning of the byte array.  If\n"
        "    byteorder is 'little', the most significant byte is at the end of the\n"
        "    byte array.  To request the native byte order of the host system, use\n"
        "    `sys.byteorder' as the byte order value.  Default is to use 'big'.\n"
        "  signed\n    Indicates whether two's complement is used to represent the integer.",
     .flags = kMethodClass},
    {.name = "as_integer_ratio", .impl = int_as_integer_ratio, .signature = "($self, /)",
     .doc = "Return integer ratio.\n\nReturn a pair of integers, whose ratio is exactly equal to "
            "the original int\nand with a positive denominator.\n\n>>> (10).as_integer_ratio()\n(10, 1)\n"
            ">>> (-10).as_integer_ratio()\n(-10, 1)\n>>> (0).as_integer_ratio()\n(0, 1)"},
    {.name = "__trunc__", .impl = int_self, .signature = "($self, /)",
     .doc = "Truncating an Integral returns itself.", .flags = kMethodNoTextSignature},
    {.name = "__floor__", .impl = int_self, .signature = "($self, /)",
     .doc = "Flooring an Integral returns itself.", .flags = kMethodNoTextSignature},
    {.name = "__ceil__", .impl = int_self, .signature = "($self, /)",
     .doc = "Ceiling of an Integral returns itself.", .flags = kMethodNoTextSignature},
    {.name = "__round__", .impl = int_round, .signature = "($self, ndigits=?, /)",
     .doc = "__round__($self, ndigits=<unrepresentable>, /)\n--\n\n"
     "Rounding an Integral returns itself.\n\nRounding with an ndigits argument also returns an integer."},
    {.name = "__getnewargs__", .impl = int_getnewargs, .signature = "($self, /)"},
    {.name = "__format__", .impl = int_format_method, .signature = "($self, format_spec, /)"},
    {.name = "__sizeof__", .impl = int_sizeof, .signature = "($self, /)",
     .doc = "Returns size in memory, in bytes."},
    {},
};

extern const GetSetDef int_getsets[] = {
    {.name = "real", .get = int_get_self, .doc = "the real part of a complex number"},
    {.name = "imag", .get = int_get_zero, .doc = "the imaginary part of a complex number"},
    {.name = "numerator", .get = int_get_self, .doc = "the numerator of a rational number in lowest terms"},
    {.name = "denominator", .get = int_get_one, .doc = "the denominator of a rational number in lowest terms"},
    {},
};

}  // namespace krait
