// int formatting and int() literal validation as CPython 3.11 does them, over digit strings:
// the format-spec rules for b c d o x X n, printf-style %d %o %x, and the syntax check of
// int(str, base). The bigint conversions themselves belong to the int object.
#include "text/int_text.h"

#include "text/utf8.h"

namespace krait::text {

namespace {

TextStatus fail(std::string* out, std::string_view message,
                TextStatus status = TextStatus::kValueError) {
  out->assign(message);
  return status;
}

// The checks format_long_internal makes before looking at the type.
TextStatus check_int_spec(const FormatSpec& spec, std::string* out) {
  if (spec.precision != -1) return fail(out, "Precision not allowed in integer format specifier");
  if (spec.no_neg_zero) {
    return fail(out, "Negative zero coercion (z) not allowed in integer format specifier");
  }
  return TextStatus::kOk;
}

bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Digit value in bases up to 36; 99 for anything else.
int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  char lower = static_cast<char>(c | 0x20);
  if (lower >= 'a' && lower <= 'z') return lower - 'a' + 10;
  return 99;
}

}  // namespace

IntFormatKind int_format_kind(const FormatSpec& spec) {
  switch (spec.type) {
    case 0:
    case 'b':
    case 'd':
    case 'o':
    case 'x':
    case 'X':
    case 'n':
      return IntFormatKind::kDigits;
    case 'c':
      return IntFormatKind::kChar;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case '%':
      return IntFormatKind::kFloat;
    default:
      return IntFormatKind::kUnknown;
  }
}

int int_format_base(const FormatSpec& spec) {
  switch (spec.type) {
    case 'b':
      return 2;
    case 'o':
      return 8;
    case 'x':
    case 'X':
      return 16;
    default:
      return 10;
  }
}

TextStatus format_int(std::string_view magnitude_digits, bool negative, const FormatSpec& spec,
                      std::string_view type_name, std::string* out) {
  out->clear();
  if (int_format_kind(spec) != IntFormatKind::kDigits) {
    return fail(out, unknown_format_code_message(spec.type, type_name));
  }
  if (TextStatus status = check_int_spec(spec, out); status != TextStatus::kOk) return status;
  return guard_allocation(out, [&] {
    NumberParts parts;
    parts.negative = negative;
    parts.digits = magnitude_digits;
    std::string upper;
    if (spec.alternate) {
      switch (spec.type) {
        case 'b':
          parts.prefix = "0b";
          break;
        case 'o':
          parts.prefix = "0o";
          break;
        case 'x':
          parts.prefix = "0x";
          break;
        case 'X':
          parts.prefix = "0X";
          break;
      }
    }
    if (spec.type == 'X') {
      upper.assign(magnitude_digits);
      for (char& c : upper) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      }
      parts.digits = upper;
    }
    // '_' groups binary, octal and hex digits by four.
    int group_size = spec.grouping == '_' && int_format_base(spec) != 10 ? 4 : 3;
    append_number(parts, spec, group_size, out);
    return TextStatus::kOk;
  });
}

TextStatus format_int_char(int64_t value, bool fits_in_long, const FormatSpec& spec,
                           std::string* out) {
  out->clear();
  if (TextStatus status = check_int_spec(spec, out); status != TextStatus::kOk) return status;
  if (spec.sign != 0) return fail(out, "Sign not allowed with integer format specifier 'c'");
  if (spec.alternate) {
    return fail(out, "Alternate form (#) not allowed with integer format specifier 'c'");
  }
  if (!fits_in_long) {
    return fail(out, "Python int too large to convert to C long", TextStatus::kOverflowError);
  }
  if (value < 0 || value > 0x10FFFF) {
    return fail(out, "%c arg not in range(0x110000)", TextStatus::kOverflowError);
  }
  return guard_allocation(out, [&] {
    // The character is laid out as a "remainder": never grouped or zero-extended.
    std::string character;
    utf8::append(character, static_cast<char32_t>(value));
    NumberParts parts;
    parts.remainder = character;
    parts.remainder_chars = 1;
    append_number(parts, spec, 3, out);
    return TextStatus::kOk;
  });
}

TextStatus format_int_printf(std::string_view magnitude_digits, bool negative,
                             const PrintfSpec& spec, std::string* out) {
  out->clear();
  const bool upper = spec.type == 'X';
  std::string_view prefix;
  switch (spec.type) {
    case 'd':
    case 'i':
    case 'u':
      break;
    case 'o':
      prefix = "0o";
      break;
    case 'x':
      prefix = "0x";
      break;
    case 'X':
      prefix = "0X";
      break;
    default:
      return fail(out, "unsupported format character");
  }
  return guard_allocation(out, [&] {
    // The converted number: sign, '#' prefix, digits zero-extended to the precision.
    std::string body;
    const int64_t digit_count = static_cast<int64_t>(magnitude_digits.size());
    body.reserve(3 + static_cast<size_t>(std::max(spec.precision, digit_count)));
    if (negative) body.push_back('-');
    if (spec.alternate) body.append(prefix);
    if (spec.precision > digit_count) {
      body.append(static_cast<size_t>(spec.precision - digit_count), '0');
    }
    for (char c : magnitude_digits) {
      body.push_back(upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    }
    append_printf_number(body, spec, out);
    return TextStatus::kOk;
  });
}

bool parse_int_literal(std::string_view text, int base, std::string* clean_digits,
                       int* detected_base, bool* negative) {
  size_t pos = 0;
  const size_t end = text.size();
  auto at = [&](size_t i) { return i < end ? text[i] : '\0'; };
  while (pos < end && is_space(text[pos])) ++pos;
  *negative = false;
  if (at(pos) == '+' || at(pos) == '-') *negative = text[pos++] == '-';

  const char marker = static_cast<char>(at(pos + 1) | 0x20);
  // Base 0 reads the base from the prefix; a leading 0 without one is an old-style octal
  // literal, which is only allowed when the value is zero.
  bool only_zero_allowed = false;
  if (base == 0) {
    if (at(pos) != '0') {
      base = 10;
    } else if (marker == 'x') {
      base = 16;
    } else if (marker == 'o') {
      base = 8;
    } else if (marker == 'b') {
      base = 2;
    } else {
      base = 10;
      only_zero_allowed = true;
    }
  }
  if (at(pos) == '0' && ((base == 16 && marker == 'x') || (base == 8 && marker == 'o') ||
                         (base == 2 && marker == 'b'))) {
    pos += 2;
    if (at(pos) == '_') ++pos;  // one underscore may follow the prefix
  }
  if (at(pos) == '_') return false;

  clean_digits->clear();
  bool nonzero = false;
  char previous = 0;
  for (; pos < end; ++pos) {
    char c = text[pos];
    if (c == '_') {
      if (previous == '_') return false;
    } else if (digit_value(c) < base) {
      clean_digits->push_back(c);
      nonzero |= c != '0';
    } else {
      break;
    }
    previous = c;
  }
  if (previous == '_' || clean_digits->empty()) return false;
  if (only_zero_allowed && nonzero) return false;
  while (pos < end && is_space(text[pos])) ++pos;
  if (pos != end) return false;
  *detected_base = base;
  return true;
}

}  // namespace krait::text
