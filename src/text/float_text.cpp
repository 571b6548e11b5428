// float <-> text as CPython 3.11 does it. Digits come from <charconv> (shortest round-trip,
// or correctly rounded to a precision); the rules for laying them out (when to switch to an
// exponent, '#', '.0', 'z') follow PyOS_double_to_string. Parsing validates Python's
// grammar here and leaves the correctly rounded conversion to std::from_chars.
#include "text/float_text.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace krait::text {

namespace {

// The decimal digits of |x| as 0.d1d2d3... * 10**decpt, without trailing zeros (zero is
// "0" with decpt 1). A double's exact expansion has at most 767 significant digits and
// 1074 digits after the point, so requests beyond those bounds only add zeros, which the
// layout supplies itself.
constexpr int kMaxFixedDigits = 1100;
constexpr int kMaxSignificantDigits = 800;

struct Digits {
  char text[kMaxFixedDigits + 400];
  int length = 0;
  int64_t decpt = 0;
};

void strip_trailing_zeros(Digits* digits) {
  while (digits->length > 1 && digits->text[digits->length - 1] == '0') --digits->length;
  if (digits->length == 1 && digits->text[0] == '0') digits->decpt = 1;
}

// Reads to_chars' scientific output "d[.ddd]e[+-]xx".
void read_scientific(const char* begin, const char* end, Digits* digits) {
  int length = 0;
  const char* p = begin;
  for (; p < end && *p != 'e'; ++p) {
    if (*p != '.') digits->text[length++] = *p;
  }
  int exponent = 0;
  std::from_chars(p + 1 + (p[1] == '+'), end, exponent);
  digits->length = length;
  digits->decpt = exponent + 1;
  strip_trailing_zeros(digits);
}

// Shortest digits that read back as |x| (repr).
void shortest_digits(double magnitude, Digits* digits) {
  char buffer[64];
  auto result =
      std::to_chars(buffer, buffer + sizeof buffer, magnitude, std::chars_format::scientific);
  read_scientific(buffer, result.ptr, digits);
}

// |x| rounded to `count` >= 1 significant digits.
void significant_digits(double magnitude, int64_t count, Digits* digits) {
  char buffer[kMaxSignificantDigits + 32];
  int precision = static_cast<int>(std::min<int64_t>(count, kMaxSignificantDigits) - 1);
  auto result = std::to_chars(buffer, buffer + sizeof buffer, magnitude,
                              std::chars_format::scientific, precision);
  read_scientific(buffer, result.ptr, digits);
}

// |x| rounded to `places` >= 0 digits after the point.
void fixed_digits(double magnitude, int64_t places, Digits* digits) {
  char buffer[sizeof digits->text + 8];
  int precision = static_cast<int>(std::min<int64_t>(places, kMaxFixedDigits));
  auto result =
      std::to_chars(buffer, buffer + sizeof buffer, magnitude, std::chars_format::fixed, precision);
  const char* p = buffer;
  while (p < result.ptr && *p == '0') ++p;  // leading zeros of the integer part
  int64_t decpt = 0;
  int length = 0;
  for (; p < result.ptr && *p != '.'; ++p) {
    digits->text[length++] = *p;
    ++decpt;
  }
  if (p < result.ptr) ++p;  // the point
  if (length == 0) {
    while (p < result.ptr && *p == '0') {
      ++p;
      --decpt;
    }
  }
  for (; p < result.ptr; ++p) digits->text[length++] = *p;
  if (length == 0) {
    digits->text[length++] = '0';
    decpt = 1;
  }
  digits->length = length;
  digits->decpt = decpt;
  strip_trailing_zeros(digits);
}

// Appends the digits at virtual positions [from, to) of the infinite string
// ...000<digits>000..., position 0 being the first digit.
void append_virtual_digits(const Digits& digits, int64_t from, int64_t to, std::string* out) {
  if (from >= to) return;
  if (from < 0) {
    int64_t zeros = std::min<int64_t>(to, 0) - from;
    out->append(static_cast<size_t>(zeros), '0');
    from = 0;
  }
  if (from < digits.length && from < to) {
    int64_t stop = std::min<int64_t>(to, digits.length);
    out->append(digits.text + from, static_cast<size_t>(stop - from));
    from = stop;
  }
  if (from < to) out->append(static_cast<size_t>(to - from), '0');
}

void append_exponent(int64_t exponent, bool upper, std::string* out) {
  out->push_back(upper ? 'E' : 'e');
  out->push_back(exponent < 0 ? '-' : '+');
  uint64_t magnitude = exponent < 0 ? 0 - static_cast<uint64_t>(exponent) : exponent;
  if (magnitude < 10) out->push_back('0');
  char buffer[24];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, magnitude);
  out->append(buffer, result.ptr);
}

// Lays digits out per `style` (PyOS_double_to_string's rules): picks fixed or exponent
// notation, then writes the slice [start, end) of the zero-extended digit string with the
// point at decpt.
void append_digits(const Digits& digits, const FloatStyle& style, std::string* out) {
  int64_t decpt = digits.decpt;
  int64_t end = digits.length;
  bool use_exponent = false;
  switch (style.mode) {
    case 'e':
      use_exponent = true;
      end = style.precision + 1;
      break;
    case 'f':
      end = decpt + style.precision;
      break;
    case 'g': {
      // The "none" type (add_dot_0) switches to an exponent one digit earlier, so that a
      // '.0' never shows more digits than the precision.
      int64_t limit = style.add_dot_0 ? style.precision - 1 : style.precision;
      use_exponent = decpt <= -4 || decpt > limit;
      if (style.alternate) end = style.precision;
      break;
    }
    default:  // 'r': repr switches to an exponent at 1e16 and below 1e-4
      use_exponent = decpt <= -4 || decpt > 16;
      break;
  }
  int64_t exponent = 0;
  if (use_exponent) {
    exponent = decpt - 1;
    decpt = 1;
  }
  const int64_t start = decpt <= 0 ? decpt - 1 : 0;
  end = std::max(end, !use_exponent && style.add_dot_0 ? decpt + 1 : decpt);
  append_virtual_digits(digits, start, decpt, out);
  if (end > decpt || style.alternate) out->push_back('.');
  append_virtual_digits(digits, decpt, end, out);
  if (use_exponent) append_exponent(exponent, style.upper, out);
}

bool all_zero(const Digits& digits) { return digits.length == 1 && digits.text[0] == '0'; }

bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Case-insensitive match of a lower-case ASCII word at text[pos].
bool matches_word(std::string_view text, size_t pos, std::string_view word) {
  if (text.size() - pos < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if ((text[pos + i] | 0x20) != word[i]) return false;
  }
  return true;
}

// inf / infinity / nan (any case) with an optional sign at text[0]; 0 if none.
size_t parse_inf_or_nan(std::string_view text, double* out) {
  size_t pos = 0;
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    pos = 1;
  }
  double value;
  if (matches_word(text, pos, "inf")) {
    value = std::numeric_limits<double>::infinity();
    pos += matches_word(text, pos, "infinity") ? 8 : 3;
  } else if (matches_word(text, pos, "nan")) {
    value = std::numeric_limits<double>::quiet_NaN();
    pos += 3;
  } else {
    return 0;
  }
  *out = negative ? -value : value;
  return pos;
}

}  // namespace

bool append_float_style(double x, const FloatStyle& style, std::string* out) {
  if (!std::isfinite(x)) {
    bool negative = std::isinf(x) && x < 0;
    if (negative) {
      out->push_back('-');
    } else if (style.always_sign) {
      out->push_back('+');
    }
    const char* word =
        std::isnan(x) ? (style.upper ? "NAN" : "nan") : (style.upper ? "INF" : "inf");
    out->append(word, 3);
    return negative;
  }
  Digits digits;
  const double magnitude = std::fabs(x);
  switch (style.mode) {
    case 'e':
      significant_digits(magnitude, style.precision + 1, &digits);
      break;
    case 'f':
      fixed_digits(magnitude, style.precision, &digits);
      break;
    case 'g':
      significant_digits(magnitude, std::max<int64_t>(style.precision, 1), &digits);
      break;
    default:
      shortest_digits(magnitude, &digits);
      break;
  }
  bool negative = std::signbit(x) && !(style.no_neg_zero && all_zero(digits));
  if (negative) {
    out->push_back('-');
  } else if (style.always_sign) {
    out->push_back('+');
  }
  if (style.mode == 'g' && style.precision == 0) {
    FloatStyle one_digit = style;  // 'g' with precision 0 means 1
    one_digit.precision = 1;
    append_digits(digits, one_digit, out);
  } else {
    append_digits(digits, style, out);
  }
  return negative;
}

void append_float_repr(double x, std::string* out) {
  FloatStyle style;
  style.add_dot_0 = true;
  append_float_style(x, style, out);
}

std::string float_repr(double x) {
  std::string text;
  append_float_repr(x, &text);
  return text;
}

TextStatus format_float(double x, const FormatSpec& spec, std::string_view type_name,
                        std::string* out) {
  out->clear();
  FloatStyle style;
  style.alternate = spec.alternate;
  style.no_neg_zero = spec.no_neg_zero;
  int64_t default_precision = 6;
  bool percent = false;
  switch (spec.type) {
    case 0:  // like repr without a precision, like 'g' with one; keeps a digit after '.'
      style.mode = 'r';
      style.add_dot_0 = true;
      default_precision = 0;
      break;
    case 'e':
    case 'f':
    case 'g':
      style.mode = static_cast<char>(spec.type);
      break;
    case 'E':
    case 'F':
    case 'G':
      style.mode = static_cast<char>(spec.type + ('a' - 'A'));
      style.upper = true;
      break;
    case 'n':
      style.mode = 'g';
      break;  // locale-aware 'g'; the C locale adds nothing
    case '%':
      style.mode = 'f';
      x *= 100;
      percent = true;
      break;
    default:
      *out = unknown_format_code_message(spec.type, type_name);
      return TextStatus::kValueError;
  }
  if (spec.precision < 0) {
    style.precision = default_precision;
  } else {
    style.precision = spec.precision;
    if (style.mode == 'r') style.mode = 'g';
  }
  if (style.precision > INT32_MAX) {
    *out = "precision too big";
    return TextStatus::kValueError;
  }
  return guard_allocation(out, [&] {
    std::string body;
    bool negative = append_float_style(x, style, &body);
    if (percent) body.push_back('%');
    std::string_view rest = std::string_view(body).substr(negative ? 1 : 0);
    size_t digit_end = 0;
    while (digit_end < rest.size() && is_digit(rest[digit_end])) ++digit_end;
    NumberParts parts;
    parts.negative = negative;
    parts.digits = rest.substr(0, digit_end);
    parts.has_decimal_point = digit_end < rest.size() && rest[digit_end] == '.';
    parts.remainder = rest.substr(digit_end + parts.has_decimal_point);
    append_number(parts, spec, 3, out);
    return TextStatus::kOk;
  });
}

TextStatus format_float(double x, std::string_view spec_text, std::string_view type_name,
                        std::string* out) {
  if (spec_text.empty()) {
    out->clear();
    append_float_repr(x, out);
    return TextStatus::kOk;
  }
  FormatSpec spec;
  TextStatus status = parse_format_spec(spec_text, 0, '>', type_name, &spec, out);
  if (status != TextStatus::kOk) return status;
  return format_float(x, spec, type_name, out);
}

TextStatus format_float_printf(double x, const PrintfSpec& spec, std::string* out) {
  out->clear();
  FloatStyle style;
  switch (spec.type) {
    case 'e':
    case 'f':
    case 'g':
      style.mode = spec.type;
      break;
    case 'E':
    case 'F':
    case 'G':
      style.mode = static_cast<char>(spec.type + ('a' - 'A'));
      style.upper = true;
      break;
    default:
      *out = "unsupported format character";
      return TextStatus::kValueError;
  }
  style.precision = spec.precision < 0 ? 6 : spec.precision;
  style.alternate = spec.alternate;
  return guard_allocation(out, [&] {
    std::string body;
    append_float_style(x, style, &body);
    append_printf_number(body, spec, out);
    return TextStatus::kOk;
  });
}

// --- parsing ---

bool remove_underscores(std::string_view text, std::string* out) {
  out->clear();
  char previous = 0;
  for (char c : text) {
    if (c == '_') {
      if (!is_digit(previous)) return false;
    } else {
      if (previous == '_' && !is_digit(c)) return false;
      out->push_back(c);
    }
    previous = c;
  }
  return previous != '_';
}

size_t parse_float_prefix(std::string_view text, double* out) {
  if (size_t length = parse_inf_or_nan(text, out)) return length;
  size_t pos = 0;
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    pos = 1;
  }
  const size_t mantissa_start = pos;
  // Position of the first significant digit relative to the point, to tell overflow from
  // underflow when from_chars reports the value out of range.
  int64_t magnitude = 0;
  bool seen_nonzero = false;
  size_t digit_count = 0;
  for (; pos < text.size() && is_digit(text[pos]); ++pos, ++digit_count) {
    seen_nonzero |= text[pos] != '0';
    magnitude += seen_nonzero;
  }
  if (pos < text.size() && text[pos] == '.') {
    for (++pos; pos < text.size() && is_digit(text[pos]); ++pos, ++digit_count) {
      if (!seen_nonzero) {
        seen_nonzero = text[pos] != '0';
        if (!seen_nonzero) --magnitude;
      }
    }
  }
  if (digit_count == 0) return 0;
  int64_t exponent = 0;
  if (pos < text.size() && (text[pos] | 0x20) == 'e') {
    size_t exponent_pos = pos + 1;
    bool exponent_negative = false;
    if (exponent_pos < text.size() && (text[exponent_pos] == '+' || text[exponent_pos] == '-')) {
      exponent_negative = text[exponent_pos] == '-';
      ++exponent_pos;
    }
    if (exponent_pos < text.size() && is_digit(text[exponent_pos])) {
      for (; exponent_pos < text.size() && is_digit(text[exponent_pos]); ++exponent_pos) {
        exponent = std::min<int64_t>(exponent * 10 + (text[exponent_pos] - '0'), 1'000'000'000);
      }
      if (exponent_negative) exponent = -exponent;
      pos = exponent_pos;
    }
  }
  double value = 0;
  auto result = std::from_chars(text.data() + mantissa_start, text.data() + pos, value);
  if (result.ec == std::errc::result_out_of_range) {
    value = magnitude + exponent > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  }
  *out = negative ? -value : value;
  return pos;
}

bool parse_float(std::string_view text, double* out) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  std::string without_underscores;
  if (text.find('_') != std::string_view::npos) {
    if (!remove_underscores(text, &without_underscores)) return false;
    text = without_underscores;
  }
  return !text.empty() && parse_float_prefix(text, out) == text.size();
}

// --- float.hex / float.fromhex ---

std::string float_hex(double x) {
  if (!std::isfinite(x)) return float_repr(x);
  const uint64_t bits = std::bit_cast<uint64_t>(x);
  std::string text = std::signbit(x) ? "-0x" : "0x";
  if (x == 0) return text + "0.0p+0";
  const int biased_exponent = static_cast<int>((bits >> 52) & 0x7FF);
  const uint64_t fraction = bits & ((uint64_t{1} << 52) - 1);
  // Subnormals keep the smallest normal exponent with a leading 0.
  text += biased_exponent == 0 ? "0." : "1.";
  for (int shift = 48; shift >= 0; shift -= 4) {
    text.push_back("0123456789abcdef"[(fraction >> shift) & 0xF]);
  }
  int exponent = biased_exponent == 0 ? -1022 : biased_exponent - 1023;
  text += exponent < 0 ? "p-" : "p+";
  text += std::to_string(std::abs(exponent));
  return text;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(c | 0x20);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

TextStatus float_fromhex(std::string_view text, double* out, std::string* error) {
  auto invalid = [&] {
    *error = "invalid hexadecimal floating-point string";
    return TextStatus::kValueError;
  };
  auto too_large = [&] {
    *error = "hexadecimal value too large to represent as a float";
    return TextStatus::kOverflowError;
  };
  size_t pos = 0;
  const size_t end = text.size();
  while (pos < end && is_space(text[pos])) ++pos;
  double value = 0;
  bool negative = false;
  if (size_t length = parse_inf_or_nan(text.substr(pos), &value)) {
    pos += length;
  } else {
    if (pos < end && (text[pos] == '-' || text[pos] == '+')) negative = text[pos++] == '-';
    if (pos + 1 < end && text[pos] == '0' && (text[pos + 1] | 0x20) == 'x') pos += 2;

    // Coefficient: hex digits with an optional point. Significant digits (from the first
    // nonzero one) are what matters; keep the first 15 (60 bits) and note whether any
    // later digit is nonzero.
    constexpr int kKeptDigits = 15;
    uint64_t kept = 0;
    int kept_count = 0;
    int64_t dropped_count = 0;  // significant digits after the kept ones
    bool dropped_nonzero = false;
    int64_t digit_count = 0, fraction_digits = 0;
    bool in_fraction = false;
    for (; pos < end; ++pos) {
      if (text[pos] == '.' && !in_fraction) {
        in_fraction = true;
        continue;
      }
      int digit = hex_value(text[pos]);
      if (digit < 0) break;
      ++digit_count;
      fraction_digits += in_fraction;
      if (kept_count == 0 && digit == 0) continue;
      if (kept_count < kKeptDigits) {
        kept = kept * 16 + static_cast<uint64_t>(digit);
        ++kept_count;
      } else {
        ++dropped_count;
        dropped_nonzero |= digit != 0;
      }
    }
    if (digit_count == 0) return invalid();

    // Exponent: 'p' [sign] decimal digits, saturating like strtol.
    int64_t exponent = 0;
    if (pos < end && (text[pos] | 0x20) == 'p') {
      ++pos;
      bool exponent_negative = false;
      if (pos < end && (text[pos] == '-' || text[pos] == '+'))
        exponent_negative = text[pos++] == '-';
      if (pos >= end || !is_digit(text[pos])) return invalid();
      for (; pos < end && is_digit(text[pos]); ++pos) {
        int digit = text[pos] - '0';
        if (exponent > (INT64_MAX - digit) / 10) {
          exponent = INT64_MAX;
        } else if (exponent != INT64_MAX) {
          exponent = exponent * 10 + digit;
        }
      }
      if (exponent_negative) exponent = exponent == INT64_MAX ? INT64_MIN : -exponent;
    }

    // value = kept * 2**low_exponent (+ the dropped digits), correctly rounded to 53 bits
    // (fewer for subnormals), ties to even. CPython rejects huge exponents before it
    // looks at trailing text, so these checks come first.
    if (kept_count == 0 || exponent < INT64_MIN / 2) {
      value = 0;
    } else if (exponent > INT64_MAX / 2) {
      return too_large();
    } else {
      const int64_t low_exponent = exponent - 4 * fraction_digits + 4 * dropped_count;
      const int64_t top_exponent = low_exponent + (64 - std::countl_zero(kept));
      if (top_exponent < -1074) {
        value = 0;
      } else if (top_exponent > 1024) {
        return too_large();
      } else {
        const int64_t lowest_bit = std::max<int64_t>(top_exponent, -1021) - 53;
        const int64_t shift = lowest_bit - low_exponent;
        uint64_t mantissa = kept;
        if (shift > 0) {
          const uint64_t rest = kept & ((uint64_t{1} << shift) - 1);
          const uint64_t half = uint64_t{1} << (shift - 1);
          mantissa = kept >> shift;
          if (rest > half || (rest == half && (dropped_nonzero || (mantissa & 1)))) ++mantissa;
          value = std::ldexp(static_cast<double>(mantissa), static_cast<int>(lowest_bit));
        } else {
          value = std::ldexp(static_cast<double>(mantissa), static_cast<int>(low_exponent));
        }
        if (std::isinf(value)) return too_large();
      }
    }
  }
  while (pos < end && is_space(text[pos])) ++pos;
  if (pos != end) return invalid();
  *out = negative ? -value : value;
  return TextStatus::kOk;
}

// --- round(x, ndigits) ---

double round_double(double x, int64_t ndigits, bool* overflow) {
  *overflow = false;
  if (!std::isfinite(x)) return x;
  // Beyond these bounds every double rounds to itself, or to a zero of its sign.
  if (ndigits > 323) return x;
  if (ndigits < -308) return 0.0 * x;
  char buffer[kMaxFixedDigits + 400];
  const char* end;
  if (ndigits >= 0) {
    end = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::fixed,
                        static_cast<int>(ndigits))
              .ptr;
  } else {
    // Round to a multiple of 10**places: keep the digits above that place, rounding the
    // exact decimal expansion half to even.
    const int64_t places = -ndigits;
    Digits digits;
    significant_digits(std::fabs(x), kMaxSignificantDigits, &digits);
    const int64_t keep = digits.decpt - places;
    char* p = buffer;
    if (std::signbit(x)) *p++ = '-';
    char* head = p;
    if (keep >= 0) {
      for (int64_t i = 0; i < keep; ++i) *p++ = i < digits.length ? digits.text[i] : '0';
      bool round_up = false;
      if (keep < digits.length) {
        char first = digits.text[keep];
        bool more = keep + 1 < digits.length;  // trailing zeros are stripped
        bool odd = keep > 0 && ((head[keep - 1] - '0') & 1);
        round_up = first > '5' || (first == '5' && (more || odd));
      }
      if (round_up) {
        char* q = p;
        while (q > head && q[-1] == '9') *--q = '0';
        if (q > head) {
          ++q[-1];
        } else {
          std::memmove(head + 1, head, static_cast<size_t>(p - head));
          *head = '1';
          ++p;
        }
      }
    }
    if (p == head) *p++ = '0';
    *p++ = 'e';
    p = std::to_chars(p, buffer + sizeof buffer, places).ptr;
    end = p;
  }
  double result = 0;
  auto parsed = std::from_chars(buffer, end, result);
  if (parsed.ec == std::errc::result_out_of_range) {
    *overflow = true;
    return std::copysign(std::numeric_limits<double>::infinity(), x);
  }
  return result;
}

}  // namespace krait::text
