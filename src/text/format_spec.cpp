// The format-spec mini-language: parsing, the error messages CPython 3.11 gives, the shared
// number layout (sign, prefix, grouping, zero padding, alignment) and str.__format__.
// Float/int/complex digit production lives in float_text, int_text and complex_text.
#include "text/format_spec.h"

#include <algorithm>
#include <cstdio>

#include "text/unicode.h"
#include "text/utf8.h"

namespace krait::text {

namespace {

// Decodes the code point at spec[pos] and returns its byte length. Invalid UTF-8 bytes
// count as one code point each (the byte value), so parsing always makes progress.
size_t decode_at(std::string_view text, size_t pos, char32_t* c) {
  int length = utf8::decode(text.data() + pos, text.data() + text.size(), c, true);
  if (length == 0) {
    *c = static_cast<unsigned char>(text[pos]);
    return 1;
  }
  return static_cast<size_t>(length);
}

bool is_alignment(char32_t c) { return c == '<' || c == '>' || c == '=' || c == '^'; }

// Byte length of the first `max_chars` code points of UTF-8 text.
size_t prefix_bytes(std::string_view text, int64_t max_chars) {
  size_t pos = 0;
  for (; pos < text.size(); ++pos) {
    if ((static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80 && max_chars-- == 0) break;
  }
  return pos;
}

// CPython prints type names with "%.200s".
void append_type_name(std::string_view type_name, std::string* out) {
  out->append(type_name.substr(0, prefix_bytes(type_name, 200)));
}

// A presentation character in an error message: itself if printable ASCII, else \x<hex>.
void append_code_char(char32_t c, std::string* out) {
  if (c > 32 && c < 128) {
    out->push_back(static_cast<char>(c));
  } else {
    char buffer[16];
    int length = std::snprintf(buffer, sizeof buffer, "\\x%x", static_cast<unsigned>(c));
    out->append(buffer, static_cast<size_t>(length));
  }
}

enum class IntegerRead { kNone, kRead, kTooBig };

// Reads a run of decimal digits (any Unicode Nd digit, as CPython's get_integer does) into
// *value, refusing values beyond Py_ssize_t.
IntegerRead read_integer(std::string_view spec, size_t* pos, int64_t* value) {
  int64_t accumulator = 0;
  bool any = false;
  while (*pos < spec.size()) {
    char32_t c;
    size_t length = decode_at(spec, *pos, &c);
    int digit = c < 128 ? (c >= '0' && c <= '9' ? static_cast<int>(c - '0') : -1)
                        : unicode::decimal_value(c);
    if (digit < 0) break;
    if (accumulator > (INT64_MAX - digit) / 10) return IntegerRead::kTooBig;
    accumulator = accumulator * 10 + digit;
    any = true;
    *pos += length;
  }
  *value = accumulator;
  return any ? IntegerRead::kRead : IntegerRead::kNone;
}

TextStatus fail(std::string* error, std::string_view message) {
  error->assign(message);
  return TextStatus::kValueError;
}

// "Cannot specify ',' with 'x'."
TextStatus grouping_type_error(char grouping, char32_t type, std::string* error) {
  error->assign("Cannot specify '");
  error->push_back(grouping);
  error->append("' with '");
  append_code_char(type, error);
  error->append("'.");
  return TextStatus::kValueError;
}

void append_fill(char32_t fill, int64_t count, std::string* out) {
  if (count <= 0) return;
  if (fill < 0x80) {
    out->append(static_cast<size_t>(count), static_cast<char>(fill));
    return;
  }
  char buffer[utf8::kMaxBytes];
  size_t length = static_cast<size_t>(utf8::encode(fill, buffer));
  for (int64_t i = 0; i < count; ++i) out->append(buffer, length);
}

// Reserves room for a field `width` code points wide, so that an impossible width fails
// (std::bad_alloc or std::length_error, reported as MemoryError) before any work
// proportional to it, such as the grouping loop.
void reserve_width(int64_t width, char32_t fill, std::string* out) {
  if (width <= 0) return;
  // No machine we run on can hold 256 TiB; refusing early also keeps sanitizer builds
  // (which abort on absurd allocations) from trying.
  constexpr uint64_t kMaxBytes = uint64_t{1} << 48;
  const size_t bytes_per_char = static_cast<size_t>(utf8::encoded_length(fill));
  if (static_cast<uint64_t>(width) > kMaxBytes / bytes_per_char) throw std::bad_alloc();
  out->reserve(out->size() + static_cast<size_t>(width) * bytes_per_char);
}

}  // namespace

TextStatus parse_format_spec(std::string_view spec, char32_t default_type, char default_align,
                             std::string_view type_name, FormatSpec* out, std::string* error) {
  FormatSpec result;
  result.align = default_align;
  result.type = default_type;
  bool fill_given = false;
  bool align_given = false;
  size_t pos = 0;
  const size_t end = spec.size();

  // [[fill]align]: the fill is any code point, recognised by an alignment after it.
  if (end > 0) {
    char32_t first, second;
    size_t first_length = decode_at(spec, 0, &first);
    if (first_length < end) {
      size_t second_length = decode_at(spec, first_length, &second);
      if (is_alignment(second)) {
        result.fill = first;
        result.align = static_cast<char>(second);
        fill_given = align_given = true;
        pos = first_length + second_length;
      }
    }
    if (!align_given && is_alignment(first)) {
      result.align = static_cast<char>(first);
      align_given = true;
      pos = first_length;
    }
  }
  if (pos < end && (spec[pos] == '+' || spec[pos] == '-' || spec[pos] == ' ')) {
    result.sign = spec[pos++];
  }
  if (pos < end && spec[pos] == 'z') {
    result.no_neg_zero = true;
    ++pos;
  }
  if (pos < end && spec[pos] == '#') {
    result.alternate = true;
    ++pos;
  }
  // A '0' before the width means zero padding after the sign, unless a fill was given; it
  // changes the alignment only for types that align right by default (bpo-27772).
  if (!fill_given && pos < end && spec[pos] == '0') {
    result.fill = '0';
    if (!align_given && default_align == '>') result.align = '=';
    ++pos;
  }
  switch (read_integer(spec, &pos, &result.width)) {
    case IntegerRead::kTooBig:
      return fail(error, "Too many decimal digits in format string");
    case IntegerRead::kNone:
      result.width = -1;
      break;
    case IntegerRead::kRead:
      break;
  }
  if (pos < end && spec[pos] == ',') {
    result.grouping = ',';
    ++pos;
  }
  if (pos < end && spec[pos] == '_') {
    if (result.grouping != 0) return fail(error, "Cannot specify both ',' and '_'.");
    result.grouping = '_';
    ++pos;
  }
  if (pos < end && spec[pos] == ',' && result.grouping == '_') {
    return fail(error, "Cannot specify both ',' and '_'.");
  }
  if (pos < end && spec[pos] == '.') {
    ++pos;
    switch (read_integer(spec, &pos, &result.precision)) {
      case IntegerRead::kTooBig:
        return fail(error, "Too many decimal digits in format string");
      case IntegerRead::kNone:
        return fail(error, "Format specifier missing precision");
      case IntegerRead::kRead:
        break;
    }
  }
  // At most one code point (the type) may remain.
  if (pos < end) {
    char32_t type;
    size_t length = decode_at(spec, pos, &type);
    if (pos + length < end) {
      error->assign("Invalid format specifier '");
      error->append(spec);
      error->append("' for object of type '");
      append_type_name(type_name, error);
      error->append("'");
      return TextStatus::kValueError;
    }
    result.type = type;
  }
  if (result.grouping != 0) {
    switch (result.type) {
      case 0:
      case 'd':
      case 'e':
      case 'f':
      case 'g':
      case 'E':
      case 'G':
      case '%':
      case 'F':
        break;
      case 'b':
      case 'o':
      case 'x':
      case 'X':
        if (result.grouping != '_') return grouping_type_error(',', result.type, error);
        break;
      default:
        return grouping_type_error(result.grouping, result.type, error);
    }
  }
  *out = result;
  return TextStatus::kOk;
}

std::string unknown_format_code_message(char32_t type, std::string_view type_name) {
  std::string message = "Unknown format code '";
  append_code_char(type, &message);
  message.append("' for object of type '");
  append_type_name(type_name, &message);
  message.push_back('\'');
  return message;
}

int64_t count_code_points(std::string_view text) {
  int64_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

void append_padded(std::string_view text, int64_t text_chars, int64_t width, char align,
                   char32_t fill, std::string* out) {
  reserve_width(width, fill, out);
  int64_t padding = width > text_chars ? width - text_chars : 0;
  int64_t left = align == '>' ? padding : align == '^' ? padding / 2 : 0;
  append_fill(fill, left, out);
  out->append(text);
  append_fill(fill, padding - left, out);
}

void append_number(const NumberParts& parts, const FormatSpec& spec, int group_size,
                   std::string* out) {
  reserve_width(spec.width, spec.fill, out);
  char sign = 0;
  if (parts.negative) {
    sign = '-';
  } else if (spec.sign == '+' || spec.sign == ' ') {
    sign = spec.sign;
  }
  const int64_t remainder_chars = parts.remainder_chars >= 0
                                      ? parts.remainder_chars
                                      : static_cast<int64_t>(parts.remainder.size());
  const int64_t non_digits = (sign != 0) + static_cast<int64_t>(parts.prefix.size()) +
                             parts.has_decimal_point + remainder_chars;
  const int64_t digit_count = static_cast<int64_t>(parts.digits.size());

  // Zero padding ('0' fill with '=' alignment) is done by the grouping itself: leading
  // zeros become digits, and separators go between them, so 1234 with '010,' gives
  // 00,001,234. Count the zeros CPython's grouping loop would add: groups are filled from
  // the right until both the digits and the minimum width are used up.
  int64_t zeros = 0;
  int64_t grouped_length = 0;
  const bool separate = spec.grouping != 0;
  if (digit_count > 0) {
    int64_t min_width = spec.fill == '0' && spec.align == '=' ? spec.width - non_digits : 0;
    if (!separate) {
      zeros = std::max<int64_t>(0, min_width - digit_count);
      grouped_length = digit_count + zeros;
    } else {
      int64_t remaining = digit_count;
      for (bool first = true;; first = false) {
        int64_t take = std::min<int64_t>(group_size, std::max({remaining, min_width, int64_t{1}}));
        int64_t from_digits = std::min(remaining, take);
        zeros += take - from_digits;
        grouped_length += (first ? 0 : 1) + take;
        remaining -= from_digits;
        min_width -= group_size;
        if (remaining <= 0 && min_width <= 0) break;
        min_width -= 1;  // the separator before the next group
      }
    }
  }

  int64_t padding = spec.width - (non_digits + grouped_length);
  int64_t left = 0, inner = 0, right = 0;
  if (padding > 0) {
    switch (spec.align) {
      case '<':
        right = padding;
        break;
      case '^':
        left = padding / 2;
        right = padding - left;
        break;
      case '=':
        inner = padding;
        break;
      default:
        left = padding;
        break;
    }
  }

  append_fill(spec.fill, left, out);
  if (sign != 0) out->push_back(sign);
  out->append(parts.prefix);
  append_fill(spec.fill, inner, out);
  if (!separate) {
    out->append(static_cast<size_t>(zeros), '0');
    out->append(parts.digits);
  } else if (digit_count > 0) {
    // The leftmost group may be short; every other group has group_size digits.
    const int64_t positions = zeros + digit_count;
    int64_t in_group = positions % group_size;
    if (in_group == 0) in_group = group_size;
    out->reserve(out->size() + static_cast<size_t>(grouped_length));
    for (int64_t i = 0; i < positions; ++i) {
      if (in_group == 0) {
        out->push_back(spec.grouping);
        in_group = group_size;
      }
      out->push_back(i < zeros ? '0' : parts.digits[static_cast<size_t>(i - zeros)]);
      --in_group;
    }
  }
  if (parts.has_decimal_point) out->push_back('.');
  out->append(parts.remainder);
  append_fill(spec.fill, right, out);
}

void append_printf_number(std::string_view body, const PrintfSpec& spec, std::string* out) {
  // The number's own '-' (or '+') goes first, then the '#' prefix of o/x/X, and zero
  // padding goes between them and the digits; space padding goes before both.
  const bool zero_fill = spec.zero_pad;
  size_t pos = 0;
  int64_t length = static_cast<int64_t>(body.size());
  char sign = 0;
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
    sign = body[0];
    ++pos;
    --length;
  } else if (spec.plus_sign) {
    sign = '+';
  } else if (spec.space_sign) {
    sign = ' ';
  }
  int64_t width = std::max(spec.width, length);
  reserve_width(width, ' ', out);
  if (sign != 0) {
    if (zero_fill) out->push_back(sign);
    if (width > length) --width;
  }
  const bool has_prefix =
      spec.alternate && (spec.type == 'x' || spec.type == 'X' || spec.type == 'o');
  if (has_prefix) {
    if (zero_fill) {
      out->append(body.substr(pos, 2));
      pos += 2;
    }
    width = std::max<int64_t>(width - 2, 0);
    length -= 2;
  }
  if (width > length && !spec.left_adjust) {
    out->append(static_cast<size_t>(width - length), zero_fill ? '0' : ' ');
    width = length;
  }
  if (!zero_fill) {
    if (sign != 0) out->push_back(sign);
    if (has_prefix) {
      out->append(body.substr(pos, 2));
      pos += 2;
    }
  }
  out->append(body.substr(pos, static_cast<size_t>(length)));
  if (width > length) out->append(static_cast<size_t>(width - length), ' ');
}

TextStatus format_printf_text(std::string_view text, const PrintfSpec& spec, std::string* out) {
  out->clear();
  return guard_allocation(out, [&] {
    if (spec.precision >= 0 && spec.type != 'c') {
      text = text.substr(0, prefix_bytes(text, spec.precision));
    }
    append_padded(text, count_code_points(text), spec.width, spec.left_adjust ? '<' : '>', ' ',
                  out);
    return TextStatus::kOk;
  });
}

TextStatus format_str(std::string_view text, const FormatSpec& spec, std::string_view type_name,
                      std::string* out) {
  out->clear();
  if (spec.type != 's') {
    *out = unknown_format_code_message(spec.type, type_name);
    return TextStatus::kValueError;
  }
  if (spec.sign != 0) {
    return fail(out, spec.sign == ' ' ? "Space not allowed in string format specifier"
                                      : "Sign not allowed in string format specifier");
  }
  if (spec.no_neg_zero) {
    return fail(out, "Negative zero coercion (z) not allowed in string format specifier");
  }
  if (spec.alternate) return fail(out, "Alternate form (#) not allowed in string format specifier");
  if (spec.align == '=') return fail(out, "'=' alignment not allowed in string format specifier");
  return guard_allocation(out, [&] {
    std::string_view shown = text;
    if (spec.precision >= 0) shown = text.substr(0, prefix_bytes(text, spec.precision));
    append_padded(shown, count_code_points(shown), spec.width, spec.align, spec.fill, out);
    return TextStatus::kOk;
  });
}

TextStatus format_str(std::string_view text, std::string_view spec_text, std::string_view type_name,
                      std::string* out) {
  if (spec_text.empty()) {
    out->assign(text);
    return TextStatus::kOk;
  }
  FormatSpec spec;
  TextStatus status = parse_format_spec(spec_text, 's', '<', type_name, &spec, out);
  if (status != TextStatus::kOk) return status;
  return format_str(text, spec, type_name, out);
}

}  // namespace krait::text
