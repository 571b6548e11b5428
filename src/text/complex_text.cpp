// complex repr, format() and complex() parsing as CPython 3.11 does them, on top of
// float_text's digit layout and parsing.
#include "text/complex_text.h"

#include <cmath>

#include "text/float_text.h"

namespace krait::text {

namespace {

bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Appends one part of a formatted complex: the float laid out with `part_spec` (grouping
// and sign, no padding).
void append_part(double value, const FloatStyle& style, const FormatSpec& part_spec,
                 std::string* out) {
  std::string body;
  bool negative = append_float_style(value, style, &body);
  std::string_view rest = std::string_view(body).substr(negative ? 1 : 0);
  size_t digit_end = 0;
  while (digit_end < rest.size() && rest[digit_end] >= '0' && rest[digit_end] <= '9') ++digit_end;
  NumberParts parts;
  parts.negative = negative;
  parts.digits = rest.substr(0, digit_end);
  parts.has_decimal_point = digit_end < rest.size() && rest[digit_end] == '.';
  parts.remainder = rest.substr(digit_end + parts.has_decimal_point);
  append_number(parts, part_spec, 3, out);
}

}  // namespace

void append_complex_repr(double real, double imag, std::string* out) {
  FloatStyle style;  // shortest digits, no '.0'
  if (real == 0 && !std::signbit(real)) {
    append_float_style(imag, style, out);
    out->push_back('j');
    return;
  }
  out->push_back('(');
  append_float_style(real, style, out);
  style.always_sign = true;
  append_float_style(imag, style, out);
  out->append("j)");
}

std::string complex_repr(double real, double imag) {
  std::string text;
  append_complex_repr(real, imag, &text);
  return text;
}

TextStatus format_complex(double real, double imag, const FormatSpec& spec,
                          std::string_view type_name, std::string* out) {
  out->clear();
  FloatStyle style;
  style.alternate = spec.alternate;
  style.no_neg_zero = spec.no_neg_zero;
  int64_t default_precision = 6;
  bool skip_real = false;
  bool parentheses = false;
  switch (spec.type) {
    case 0:  // like str(z) without a precision, like 'g' with one
      style.mode = 'r';
      default_precision = 0;
      skip_real = real == 0 && !std::signbit(real);
      parentheses = !skip_real;
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
  if (spec.fill == '0') {
    *out = "Zero padding is not allowed in complex format specifier";
    return TextStatus::kValueError;
  }
  if (spec.align == '=') {
    *out = "'=' alignment flag is not allowed in complex format specifier";
    return TextStatus::kValueError;
  }
  return guard_allocation(out, [&] {
    // Each part gets the sign and grouping rules but no padding; the imaginary part always
    // shows its sign unless it stands alone. Padding applies to the whole.
    FormatSpec part_spec;
    part_spec.align = '<';
    part_spec.sign = spec.sign;
    part_spec.grouping = spec.grouping;
    std::string text;
    if (parentheses) text.push_back('(');
    if (!skip_real) {
      append_part(real, style, part_spec, &text);
      part_spec.sign = '+';
    }
    append_part(imag, style, part_spec, &text);
    text.push_back('j');
    if (parentheses) text.push_back(')');
    append_padded(text, static_cast<int64_t>(text.size()), spec.width, spec.align, spec.fill, out);
    return TextStatus::kOk;
  });
}

TextStatus format_complex(double real, double imag, std::string_view spec_text,
                          std::string_view type_name, std::string* out) {
  if (spec_text.empty()) {
    out->clear();
    append_complex_repr(real, imag, out);
    return TextStatus::kOk;
  }
  FormatSpec spec;
  TextStatus status = parse_format_spec(spec_text, 0, '>', type_name, &spec, out);
  if (status != TextStatus::kOk) return status;
  return format_complex(real, imag, spec, type_name, out);
}

bool parse_complex(std::string_view text, double* real, double* imag) {
  std::string without_underscores;
  if (text.find('_') != std::string_view::npos) {
    if (!remove_underscores(text, &without_underscores)) return false;
    text = without_underscores;
  }
  size_t pos = 0;
  const size_t end = text.size();
  auto skip_spaces = [&] {
    while (pos < end && is_space(text[pos])) ++pos;
  };
  auto is_j = [&] { return pos < end && (text[pos] | 0x20) == 'j'; };
  auto is_sign = [&] { return pos < end && (text[pos] == '+' || text[pos] == '-'); };
  skip_spaces();
  const bool parenthesised = pos < end && text[pos] == '(';
  if (parenthesised) {
    ++pos;
    skip_spaces();
  }
  // Forms: <float>, <float>j, <float><signed float>j, and the old <float><sign>j, <sign>j, j.
  double x = 0, y = 0;
  double first;
  if (size_t length = parse_float_prefix(text.substr(pos), &first)) {
    pos += length;
    if (is_sign()) {
      x = first;
      if (size_t second = parse_float_prefix(text.substr(pos), &y)) {
        pos += second;
      } else {
        y = text[pos++] == '+' ? 1.0 : -1.0;
      }
      if (!is_j()) return false;
      ++pos;
    } else if (is_j()) {
      ++pos;
      y = first;
    } else {
      x = first;
    }
  } else {
    y = 1.0;
    if (is_sign()) y = text[pos++] == '+' ? 1.0 : -1.0;
    if (!is_j()) return false;
    ++pos;
  }
  skip_spaces();
  if (parenthesised) {
    if (pos >= end || text[pos] != ')') return false;
    ++pos;
    skip_spaces();
  }
  if (pos != end) return false;
  *real = x;
  *imag = y;
  return true;
}

}  // namespace krait::text
