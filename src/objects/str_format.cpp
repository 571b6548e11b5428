// String formatting: printf-style `%` for str and bytes (one engine, two output modes),
// str.format / format_map with the replacement-field grammar of the Format String Syntax
// (field names with attribute and index access, !r/!s/!a, nested fields in specs), the
// `_string` helpers string.Formatter is built on, and str.__format__. Number rendering
// and the spec mini-language are in text/ (format_spec, int_text, float_text).
#include "objects/str_format.h"

#include <gmp.h>

#include <charconv>
#include <cstring>
#include <string>

#include "core/alloc.h"
#include "core/ops.h"
#include "objects/bytes.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "text/float_text.h"
#include "text/format_spec.h"
#include "text/int_text.h"
#include "text/unicode.h"
#include "text/utf8.h"

namespace krait {

namespace {

// Appends s[start, end) to out as UTF-8.
void append_utf8(const StrObject* s, int64_t start, int64_t end, std::string& out) {
  if (s->ascii) {
    out.append(static_cast<const char*>(s->data()) + start, size_t(end - start));
    return;
  }
  visit_units(s, [&](const auto* data) {
    for (int64_t i = start; i < end; ++i) utf8::append(out, data[i]);
  });
}

// Raises the exception a text routine reported.
Raised raise_text_status(text::TextStatus status, const std::string& message) {
  switch (status) {
    case text::TextStatus::kOverflowError:
      return overflow_error("{}", message);
    case text::TextStatus::kMemoryError:
      return raise_memory_error();
    default:
      return value_error("{}", message);
  }
}

// |v| in `base` as lower-case digits, and its sign; v is an int.
void int_magnitude_digits(Value v, int base, std::string* digits, bool* negative) {
  if (v.is_small_int()) {
    int64_t i = v.as_small_int();
    *negative = i < 0;
    uint64_t magnitude = i < 0 ? uint64_t(0) - uint64_t(i) : uint64_t(i);
    char buffer[72];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, magnitude, base);
    digits->assign(buffer, result.ptr);
    return;
  }
  mpz_t z;
  mpz_init(z);
  int_to_mpz(v, z);
  *negative = mpz_sgn(z) < 0;
  mpz_abs(z, z);
  digits->resize(mpz_sizeinbase(z, base) + 2);
  mpz_get_str(digits->data(), base, z);
  digits->resize(std::char_traits<char>::length(digits->c_str()));
  mpz_clear(z);
}

// --- printf-style formatting ---

// The format string: a str's code points, or a bytes object's bytes.
struct FormatSource {
  FormatSource(const StrObject* s) : str(s), length(s->length) {
    if (s->kind == 1) narrow = s->data1();
  }
  FormatSource(std::string_view b)
      : bytes(b), length(int64_t(b.size())), narrow(reinterpret_cast<const uint8_t*>(b.data())) {}

  const StrObject* str = nullptr;
  std::string_view bytes;
  int64_t length = 0;
  const uint8_t* narrow = nullptr;  // the units when they are bytes (bytes, Latin-1 str)
  char32_t at(int64_t i) const { return narrow ? narrow[i] : str->at(i); }
  // The next '%' at or after `from`, or length.
  int64_t next_percent(int64_t from) const {
    if (narrow) {
      const void* hit = std::memchr(narrow + from, '%', size_t(length - from));
      return hit ? static_cast<const uint8_t*>(hit) - narrow : length;
    }
    while (from < length && str->at(from) != '%') ++from;
    return from;
  }
};

// One `%` operation. Arguments are consumed as CPython does: a tuple supplies them in
// order; any other object is the single argument; a mapping (anything with __getitem__
// that is not a tuple or str) additionally serves %(key)s, and a key makes the looked-up
// value the only argument left.
class PercentFormatter {
 public:
  PercentFormatter(const FormatSource& source, Value args, bool bytes_mode)
      : source_(source), args_(args), bytes_mode_(bytes_mode) {
    if (is_tuple(args)) {
      arglen_ = as_tuple(args)->length;
      argidx_ = 0;
    }
    TypeObject* type = type_of(args);
    // bytes formatting does not take bytes or bytearray arguments as mappings either.
    bool excluded = is_tuple(args) || is_str(args) ||
                    (bytes_mode && (is_bytes(args) || is_bytearray(args)));
    if (type->getitem && !excluded) dict_ = args;
  }

  bool run(std::string& out) {
    int64_t n = source_.length;
    for (int64_t pos = 0; pos < n;) {
      if (source_.at(pos) != '%') {
        int64_t start = pos;
        pos = source_.next_percent(pos);
        append_literal(start, pos, out);
        continue;
      }
      ++pos;
      if (!format_one(&pos, out)) return false;
    }
    if (argidx_ < arglen_ && !dict_) {
      return type_error("not all arguments converted during {} formatting",
                        bytes_mode_ ? "bytes" : "string");
    }
    return true;
  }

 private:
  void append_literal(int64_t start, int64_t end, std::string& out) {
    if (source_.str) {
      append_utf8(source_.str, start, end, out);
    } else {
      out.append(source_.bytes.substr(size_t(start), size_t(end - start)));
    }
  }

  // The next positional argument (borrowed).
  Value next_argument() {
    if (argidx_ < arglen_) {
      int64_t index = argidx_++;
      if (arglen_ < 0) return args_;
      return as_tuple(args_)->items[index];
    }
    type_error("not enough arguments for format string");
    return Value();
  }

  // Digits of a width (at most INT64_MAX) or precision (at most INT32_MAX, a C int).
  bool read_number(int64_t* pos, int64_t* value, int64_t limit, const char* too_big) {
    *value = 0;
    while (*pos < source_.length) {
      char32_t c = source_.at(*pos);
      if (c < '0' || c > '9') break;
      int digit = int(c - '0');
      if (*value > (limit - digit) / 10) return value_error("{}", too_big);
      *value = *value * 10 + digit;
      ++*pos;
    }
    return true;
  }

  // '*' width or precision: the next argument, which must be an int (a C ssize_t for the
  // width, a C int for the precision).
  bool star_argument(int64_t* value, bool precision) {
    Value v = next_argument();
    if (!v) return false;
    if (!is_int(v)) return type_error("* wants int");
    if (!int_to_int64(v, value) || (precision && (*value > INT32_MAX || *value < INT32_MIN))) {
      return overflow_error("Python int too large to convert to C {}", precision ? "int" : "ssize_t");
    }
    return true;
  }

  bool format_one(int64_t* pos_io, std::string& out) {
    int64_t n = source_.length;
    int64_t pos = *pos_io;
    if (pos < n && source_.at(pos) == '%') {
      out += '%';
      *pos_io = pos + 1;
      return true;
    }
    // %(key)
    if (pos < n && source_.at(pos) == '(') {
      if (!dict_) return type_error("format requires a mapping");
      ++pos;
      int64_t key_start = pos, depth = 1;
      while (pos < n && depth > 0) {
        char32_t c = source_.at(pos++);
        if (c == ')')
          --depth;
        else if (c == '(')
          ++depth;
      }
      if (depth > 0) return value_error("incomplete format key");
      int64_t key_end = pos - 1;
      Ref<> key =
          source_.str
              ? Ref<>(str_substring(const_cast<StrObject*>(source_.str), key_start, key_end))
              : Ref<>(bytes_from(
                    source_.bytes.substr(size_t(key_start), size_t(key_end - key_start))));
      if (!key) return false;
      Ref<> value = get_item(dict_, key);
      if (!value) return false;
      mapped_ = std::move(value);
      args_ = mapped_;
      arglen_ = -1;
      argidx_ = -2;
    }
    text::PrintfSpec spec;
    // Flags.
    for (; pos < n; ++pos) {
      char32_t c = source_.at(pos);
      if (c == '-')
        spec.left_adjust = true;
      else if (c == '+')
        spec.plus_sign = true;
      else if (c == ' ')
        spec.space_sign = true;
      else if (c == '#')
        spec.alternate = true;
      else if (c == '0')
        spec.zero_pad = true;
      else
        break;
    }
    // Width.
    if (pos < n && source_.at(pos) == '*') {
      ++pos;
      if (!star_argument(&spec.width, false)) return false;
      if (spec.width < 0) {
        spec.left_adjust = true;
        spec.width = -spec.width;
      }
    } else if (pos < n && source_.at(pos) >= '0' && source_.at(pos) <= '9') {
      if (!read_number(&pos, &spec.width, INT64_MAX, "width too big")) return false;
    }
    // Precision.
    if (pos < n && source_.at(pos) == '.') {
      ++pos;
      if (pos < n && source_.at(pos) == '*') {
        ++pos;
        if (!star_argument(&spec.precision, true)) return false;
        if (spec.precision < 0) spec.precision = 0;
      } else {
        const char* too_big = bytes_mode_ ? "prec too big" : "precision too big";
        if (!read_number(&pos, &spec.precision, INT32_MAX, too_big)) return false;
      }
    }
    // A C length modifier is accepted and ignored.
    if (pos < n && (source_.at(pos) == 'h' || source_.at(pos) == 'l' || source_.at(pos) == 'L'))
      ++pos;
    if (pos >= n) return value_error("incomplete format");
    char32_t conversion = source_.at(pos++);
    *pos_io = pos;
    Value arg = next_argument();
    if (!arg) return false;
    spec.type = conversion < 128 ? char(conversion) : '?';
    // The commonest conversions, plain: %s of a str, %d of a small int.
    bool plain = !spec.left_adjust && !spec.plus_sign && !spec.space_sign && !spec.alternate &&
                 !spec.zero_pad && spec.width < 0 && spec.precision < 0;
    if (plain && !bytes_mode_) {
      if (conversion == 's' && is_exact_str(arg)) {
        out += str_utf8(arg);
        return true;
      }
      if ((conversion == 'd' || conversion == 'i') && arg.is_small_int()) {
        char digits[24];
        auto end = std::to_chars(digits, digits + sizeof digits, arg.as_small_int()).ptr;
        out.append(digits, end);
        return true;
      }
    }
    std::string piece;
    text::TextStatus status = text::TextStatus::kOk;
    switch (conversion) {
      case 's':
      case 'r':
      case 'a':
      case 'b':
        if (bytes_mode_) return format_bytes_object(arg, conversion, spec, out);
        if (conversion == 'b') return unsupported(conversion, pos - 1);
        if (!format_text(arg, conversion, spec, &piece, &status)) return false;
        break;
      case 'c':
        if (!format_char(arg, spec, &piece, &status)) return false;
        break;
      case 'd':
      case 'i':
      case 'u':
      case 'o':
      case 'x':
      case 'X':
        if (!format_integer(arg, conversion, spec, &piece, &status)) return false;
        break;
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G': {
        double x;
        if (is_float(arg)) {
          x = float_value(arg);
        } else {
          TypeObject* type = type_of(arg);
          bool number = is_int(arg) || type->to_float || type->to_index;
          if (bytes_mode_) {
            // bytes formatting reports any failed conversion the same way.
            if (!number || !number_to_double(arg, &x)) {
              clear_error();
              return type_error("float argument required, not {}", type_name(arg));
            }
          } else {
            if (!number) return type_error("must be real number, not {}", type_name(arg));
            if (!number_to_double(arg, &x)) return false;
          }
        }
        status = text::format_float_printf(x, spec, &piece);
        break;
      }
      default:
        return unsupported(conversion, pos - 1);
    }
    if (status != text::TextStatus::kOk) return raise_text_status(status, piece);
    out += piece;
    return true;
  }

  Raised unsupported(char32_t c, int64_t index) {
    std::string shown;
    if (bytes_mode_) {
      utf8::append(shown, c);
    } else {
      shown = (c >= 32 && c < 127) ? std::string(1, char(c)) : "?";
    }
    char hex[16];
    auto end = std::to_chars(hex, hex + sizeof hex, uint32_t(c), 16).ptr;
    return value_error("unsupported format character '{}' (0x{}) at index {}", shown,
                       std::string_view(hex, size_t(end - hex)), index);
  }

  // %s %r %a of str formatting.
  bool format_text(Value arg, char32_t conversion, const text::PrintfSpec& spec, std::string* piece,
                   text::TextStatus* status) {
    Ref<StrObject> text;
    if (conversion == 's') {
      text = is_exact_str(arg) ? new_ref(as_str(arg)) : str(arg);
    } else if (conversion == 'r') {
      text = repr(arg);
    } else {
      text = ascii(arg);
    }
    if (!text) return false;
    *status = text::format_printf_text(str_utf8(text.get()), spec, piece);
    return true;
  }

  // %c: a code point (or, for bytes, a byte) from an int or a one-character str/bytes.
  bool format_char(Value arg, const text::PrintfSpec& spec, std::string* piece,
                   text::TextStatus* status) {
    char32_t c;
    if (bytes_mode_) {
      if (is_bytes(arg) && as_bytes(arg)->length == 1) {
        c = uint8_t(as_bytes(arg)->data[0]);
      } else if (is_bytearray(arg) && as_bytearray(arg)->length == 1) {
        c = uint8_t(as_bytearray(arg)->data[0]);
      } else {
        Ref<> index = (is_int(arg) || type_of(arg)->to_index) ? number_index(arg) : nullptr;
        if (!index) {
          if (error_occurred() && !error_matches(&exc::TypeError)) return false;
          clear_error();
          return type_error("%c requires an integer in range(256) or a single byte");
        }
        int64_t value;
        if (!int_to_int64(index, &value) || value < 0 || value > 255) {
          return overflow_error("%c arg not in range(256)");
        }
        c = char32_t(value);
      }
      std::string byte(1, char(c));
      pad_bytes(byte, spec, *piece);
      return true;
    }
    if (is_str(arg)) {
      if (as_str(arg)->length != 1) return type_error("%c requires int or char");
      c = as_str(arg)->at(0);
    } else {
      if (!is_int(arg) && !type_of(arg)->to_index) return type_error("%c requires int or char");
      Ref<> index = number_index(arg);
      if (!index) return false;
      int64_t value;
      if (!int_to_int64(index, &value) || value < 0 || value > 0x10FFFF) {
        return overflow_error("%c arg not in range(0x110000)");
      }
      c = char32_t(value);
    }
    std::string text;
    utf8::append(text, c);
    *status = text::format_printf_text(text, spec, piece);
    return true;
  }

  bool format_integer(Value arg, char32_t conversion, const text::PrintfSpec& spec,
                      std::string* piece, text::TextStatus* status) {
    bool index_only = conversion == 'o' || conversion == 'x' || conversion == 'X';
    Ref<> number;
    if (is_int(arg)) {
      number = new_ref(arg);
    } else {
      TypeObject* type = type_of(arg);
      bool numeric = type->to_index || type->to_int || type->to_float;
      if (numeric) number = index_only ? number_index(arg) : number_to_int(arg);
      if (!number) {
        if (numeric && !error_matches(&exc::TypeError)) return false;
        clear_error();
        return type_error("%{} format: {} is required, not {}", std::string(1, char(conversion)),
                          index_only ? "an integer" : "a real number", type_name(arg));
      }
    }
    int base = conversion == 'o' ? 8 : index_only ? 16 : 10;
    std::string digits;
    bool negative;
    int_magnitude_digits(number, base, &digits, &negative);
    *status = text::format_int_printf(digits, negative, spec, piece);
    return true;
  }

  // Bytes padding: precision truncates, width pads with spaces.
  static void pad_bytes(std::string_view data, const text::PrintfSpec& spec, std::string& out) {
    int64_t width = spec.width;
    int64_t length = int64_t(data.size());
    if (width > length && !spec.left_adjust) out.append(size_t(width - length), ' ');
    out.append(data);
    if (width > length && spec.left_adjust) out.append(size_t(width - length), ' ');
  }

  // %s %b %r %a of bytes formatting.
  bool format_bytes_object(Value arg, char32_t conversion, text::PrintfSpec spec,
                           std::string& out) {
    std::string data;
    if (conversion == 'r' || conversion == 'a') {
      Ref<StrObject> text = ascii(arg);
      if (!text) return false;
      data.assign(str_utf8(text.get()));
    } else if (is_bytes(arg)) {
      data.assign(bytes_view(arg));
    } else {
      Buffer view;
      if (buffer_get(arg, &view, kBufferSimple)) {
        data.assign(static_cast<const char*>(view.data), size_t(view.length));
        buffer_release(&view);
      } else {
        if (!error_matches(&exc::TypeError)) return false;
        clear_error();
        Ref<> method = lookup_special(arg, str_intern_utf8("__bytes__"));
        if (!method) {
          if (error_occurred()) return false;
          return type_error(
              "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
              type_name(arg));
        }
        Ref<> result = call0(method);
        if (!result) return false;
        if (!is_bytes(result)) {
          return type_error("__bytes__ returned non-bytes (type {})", type_name(result));
        }
        data.assign(bytes_view(result));
      }
    }
    std::string_view shown = data;
    if (spec.precision >= 0 && size_t(spec.precision) < shown.size())
      shown = shown.substr(0, size_t(spec.precision));
    pad_bytes(shown, spec, out);
    return true;
  }

  FormatSource source_;
  Value args_;
  Ref<> mapped_;  // the value of the last %(key), which args_ then points at
  int64_t arglen_ = -1;
  int64_t argidx_ = -2;
  Value dict_;
  bool bytes_mode_;
};

// --- The Format String Syntax (str.format) ---

// One step of the format string: literal text, then possibly a replacement field.
struct FormatChunk {
  int64_t literal_start = 0, literal_end = 0;
  bool field_present = false;
  int64_t name_start = 0, name_end = 0;
  int64_t spec_start = 0, spec_end = 0;
  bool spec_needs_expanding = false;
  char32_t conversion = 0;
};

// Reads the next chunk of s[*pos, end). Returns 1 with a chunk, 0 at the end, -1 on error.
// '{{' and '}}' end a literal chunk after one brace; a field's name ends at ':', '!' or '}'
// (text in [...] is skipped over), and its spec at the '}' that balances the opening one.
int next_format_chunk(const StrObject* s, int64_t* pos, int64_t end, FormatChunk* chunk) {
  int64_t i = *pos;
  if (i >= end) return 0;
  *chunk = FormatChunk();
  chunk->literal_start = i;
  char32_t c = 0;
  bool markup_follows = false;
  while (i < end) {
    c = s->at(i++);
    if (c == '{' || c == '}') {
      markup_follows = true;
      break;
    }
  }
  bool at_end = i >= end;
  int64_t literal_length = i - chunk->literal_start;
  if (c == '}' && markup_follows && (at_end || s->at(i) != '}')) {
    return value_error("Single '}' encountered in format string");
  }
  if (at_end && c == '{' && markup_follows)
    return value_error("Single '{' encountered in format string");
  if (!at_end && markup_follows) {
    if (s->at(i) == c) {
      ++i;  // an escaped brace: the literal keeps one
      markup_follows = false;
    } else {
      --literal_length;
    }
  }
  chunk->literal_end = chunk->literal_start + literal_length;
  if (!markup_follows) {
    *pos = i;
    return 1;
  }
  // The field: name, then optional !conversion and :spec.
  chunk->field_present = true;
  chunk->name_start = i;
  c = 0;
  while (i < end) {
    c = s->at(i++);
    if (c == '{') return value_error("unexpected '{' in field name");
    if (c == '[') {
      while (i < end && s->at(i) != ']') ++i;
      continue;
    }
    if (c == '}' || c == ':' || c == '!') break;
  }
  chunk->name_end = i - 1;
  if (c == '!' || c == ':') {
    if (c == '!') {
      if (i >= end) return value_error("end of string while looking for conversion specifier");
      chunk->conversion = s->at(i++);
      if (i < end) {
        char32_t next = s->at(i++);
        if (next == '}') {
          chunk->spec_start = chunk->spec_end = i - 1;
          *pos = i;
          return 1;
        }
        if (next != ':') return value_error("expected ':' after conversion specifier");
      }
    }
    chunk->spec_start = i;
    int depth = 1;
    while (i < end) {
      c = s->at(i++);
      if (c == '{') {
        chunk->spec_needs_expanding = true;
        ++depth;
      } else if (c == '}' && --depth == 0) {
        chunk->spec_end = i - 1;
        *pos = i;
        return 1;
      }
    }
    return value_error("unmatched '{' in format spec");
  }
  if (c != '}') return value_error("expected '}' before end of string");
  chunk->spec_start = chunk->spec_end = i - 1;
  *pos = i;
  return 1;
}

// A decimal index in s[start, end): its value, -1 if the text is not all decimal digits
// (or empty), -2 with ValueError when it has too many digits.
int64_t decimal_index(const StrObject* s, int64_t start, int64_t end) {
  if (start >= end) return -1;
  int64_t value = 0;
  for (int64_t i = start; i < end; ++i) {
    int digit = unicode::decimal_value(s->at(i));
    if (digit < 0) return -1;
    if (value > (INT64_MAX - digit) / 10) {
      value_error("Too many decimal digits in format string");
      return -2;
    }
    value = value * 10 + digit;
  }
  return value;
}

// The `.name` and `[key]` parts after a field name's first part.
struct FieldAccessor {
  bool is_attribute = false;
  int64_t start = 0, end = 0;
  int64_t index = -1;  // the key as a decimal index, or -1
};

// Reads the next accessor of s[*pos, end). 1: one read, 0: end, -1: error.
int next_field_accessor(const StrObject* s, int64_t* pos, int64_t end, FieldAccessor* out) {
  int64_t i = *pos;
  if (i >= end) return 0;
  char32_t c = s->at(i++);
  if (c == '.') {
    out->is_attribute = true;
    out->start = i;
    while (i < end && s->at(i) != '.' && s->at(i) != '[') ++i;
    out->end = i;
  } else if (c == '[') {
    out->is_attribute = false;
    out->start = i;
    while (i < end && s->at(i) != ']') ++i;
    if (i >= end) return value_error("Missing ']' in format string");
    out->end = i++;
    if (i < end && s->at(i) != '.' && s->at(i) != '[') {
      return value_error("Only '.' or '[' may follow ']' in format field specifier");
    }
  } else {
    return value_error("Only '.' or '[' may follow ']' in format field specifier");
  }
  if (out->start == out->end) return value_error("Empty attribute in format string");
  out->index = -1;
  if (!out->is_attribute) {
    out->index = decimal_index(s, out->start, out->end);
    if (out->index == -2) return -1;
  }
  *pos = i;
  return 1;
}

// The end of a field name's first part (before the first '.' or '[').
int64_t first_part_end(const StrObject* s, int64_t start, int64_t end) {
  while (start < end && s->at(start) != '.' && s->at(start) != '[') ++start;
  return start;
}

// What replacement fields draw from: str.format's arguments as they arrived (vectorcall:
// no tuple or dict is built), or format_map's mapping alone.
struct FormatArguments {
  const Value* positional = nullptr;
  int64_t npositional = -1;  // -1: no positional arguments allowed (format_map)
  TupleObject* kwnames = nullptr;
  const Value* kwvalues = nullptr;
  Value mapping;  // format_map's mapping, or null
};

// Does s[start, end) spell the str `name`?
bool spells(const StrObject* s, int64_t start, int64_t end, const StrObject* name) {
  if (name->length != end - start) return false;
  for (int64_t i = 0; i < name->length; ++i) {
    if (s->at(start + i) != name->at(i)) return false;
  }
  return true;
}

// Renders format strings against a FormatArguments.
class FormatRenderer {
 public:
  explicit FormatRenderer(const FormatArguments& arguments) : arguments_(arguments) {}

  bool render(const StrObject* s, int64_t start, int64_t end, int depth, std::string& out) {
    if (depth <= 0) return value_error("Max string recursion exceeded");
    int64_t pos = start;
    FormatChunk chunk;
    for (;;) {
      int status = next_format_chunk(s, &pos, end, &chunk);
      if (status < 0) return false;
      if (status == 0) return true;
      append_utf8(s, chunk.literal_start, chunk.literal_end, out);
      if (chunk.field_present && !render_field(s, chunk, depth, out)) return false;
    }
  }

 private:
  enum class Numbering { Unset, Automatic, Manual };

  bool render_field(const StrObject* s, const FormatChunk& chunk, int depth, std::string& out) {
    Ref<> object = field_object(s, chunk.name_start, chunk.name_end);
    if (!object) return false;
    switch (chunk.conversion) {
      case 0:
        break;
      case 'r':
        object = repr(object);
        break;
      case 's':
        object = str(object);
        break;
      case 'a':
        object = ascii(object);
        break;
      default: {
        char32_t c = chunk.conversion;
        if (c > 32 && c < 127)
          return value_error("Unknown conversion specifier {}", std::string(1, char(c)));
        char hex[16];
        auto hex_end = std::to_chars(hex, hex + sizeof hex, uint32_t(c), 16).ptr;
        return value_error("Unknown conversion specifier \\x{}",
                           std::string_view(hex, size_t(hex_end - hex)));
      }
    }
    if (!object) return false;
    // The spec, itself formatted when it holds replacement fields.
    Ref<> spec;
    if (chunk.spec_needs_expanding) {
      std::string expanded;
      if (!render(s, chunk.spec_start, chunk.spec_end, depth - 1, expanded)) return false;
      spec = str_from_utf8(expanded);
    } else if (chunk.spec_end > chunk.spec_start) {
      spec = str_substring(const_cast<StrObject*>(s), chunk.spec_start, chunk.spec_end);
    }
    if (chunk.spec_end > chunk.spec_start && !spec) return false;
    // Common cases without a __format__ call: exact str and int have fixed __format__s.
    if (is_exact_str(object)) {
      if (!spec) {
        out += str_utf8(object);
        return true;
      }
      std::string piece;
      text::TextStatus status = text::format_str(str_utf8(object), str_utf8(spec), "str", &piece);
      if (status != text::TextStatus::kOk) return raise_text_status(status, piece);
      out += piece;
      return true;
    }
    if (!spec && object.value().is_small_int()) {
      char digits[24];
      auto end = std::to_chars(digits, digits + sizeof digits, object.value().as_small_int()).ptr;
      out.append(digits, end);
      return true;
    }
    Ref<> formatted = format(object, spec ? spec.value() : Value());
    if (!formatted) return false;
    out += str_utf8(formatted);
    return true;
  }

  Ref<> field_object(const StrObject* s, int64_t start, int64_t end) {
    int64_t first_end = first_part_end(s, start, end);
    int64_t index = decimal_index(s, start, first_end);
    if (index == -2) return nullptr;
    Ref<> object;
    if (index >= 0 || first_end == start) {
      Numbering wanted = first_end == start ? Numbering::Automatic : Numbering::Manual;
      if (numbering_ == Numbering::Unset) {
        numbering_ = wanted;
      } else if (numbering_ != wanted) {
        if (wanted == Numbering::Automatic) {
          return value_error(
              "cannot switch from manual field specification to automatic field numbering");
        }
        return value_error(
            "cannot switch from automatic field numbering to manual field specification");
      }
      if (wanted == Numbering::Automatic) index = next_automatic_++;
      if (arguments_.npositional < 0)
        return value_error("Format string contains positional fields");
      if (index >= arguments_.npositional) {
        return index_error("Replacement index {} out of range for positional args tuple", index);
      }
      object = new_ref(arguments_.positional[index]);
    } else if (arguments_.mapping) {
      Ref<> key = str_substring(const_cast<StrObject*>(s), start, first_end);
      if (!key) return nullptr;
      object = get_item(arguments_.mapping, key);
      if (!object) return nullptr;
    } else {
      int64_t nkw = arguments_.kwnames ? arguments_.kwnames->length : 0;
      for (int64_t k = 0; k < nkw && !object; ++k) {
        if (spells(s, start, first_end, as_str(arguments_.kwnames->items[k]))) {
          object = new_ref(arguments_.kwvalues[k]);
        }
      }
      if (!object) {
        Ref<> key = str_substring(const_cast<StrObject*>(s), start, first_end);
        return key ? Ref<>(raise_key_error(key)) : nullptr;
      }
    }
    int64_t pos = first_end;
    FieldAccessor accessor;
    for (;;) {
      int status = next_field_accessor(s, &pos, end, &accessor);
      if (status < 0) return nullptr;
      if (status == 0) return object;
      Ref<> key =
          accessor.index >= 0
              ? int_from_int64(accessor.index)
              : Ref<>(str_substring(const_cast<StrObject*>(s), accessor.start, accessor.end));
      if (!key) return nullptr;
      if (accessor.is_attribute) {
        object = get_attr(object, as_str(key));
      } else {
        object = get_item(object, key);
      }
      if (!object) return nullptr;
    }
  }

  const FormatArguments& arguments_;
  Numbering numbering_ = Numbering::Unset;
  int64_t next_automatic_ = 0;
};

Ref<> render_format(StrObject* format_string, const FormatArguments& arguments) {
  FormatRenderer renderer(arguments);
  std::string out;
  if (!renderer.render(format_string, 0, format_string->length, 2, out)) return nullptr;
  return str_from_utf8(out);
}

// --- _string's iterators ---

struct FormatterIteratorObject : Object {
  StrObject* string;  // owned
  int64_t position;
};

struct FieldNameIteratorObject : Object {
  StrObject* string;  // owned
  int64_t position;
};

void formatter_iterator_dealloc(Object* o) {
  decref(static_cast<FormatterIteratorObject*>(o)->string);
  free_object(o);
}

Ref<> self_iter(Value self) { return new_ref(self); }

// A str, or None when the part is absent.
Ref<> substring_or_none(StrObject* s, bool present, int64_t start, int64_t end) {
  if (!present) return new_none();
  return str_substring(s, start, end);
}

Ref<> formatter_iterator_next(Value self) {
  auto* it = static_cast<FormatterIteratorObject*>(self.as_object());
  StrObject* s = it->string;
  FormatChunk chunk;
  int status = next_format_chunk(s, &it->position, s->length, &chunk);
  if (status <= 0) return nullptr;
  Ref<> literal = str_substring(s, chunk.literal_start, chunk.literal_end);
  Ref<> name = substring_or_none(s, chunk.field_present, chunk.name_start, chunk.name_end);
  Ref<> spec = substring_or_none(s, chunk.field_present, chunk.spec_start, chunk.spec_end);
  Ref<> conversion = chunk.conversion ? Ref<>(str_from_code_point(chunk.conversion)) : new_none();
  if (!literal || !name || !spec || !conversion) return nullptr;
  return tuple_of({literal, name, spec, conversion});
}

void field_name_iterator_dealloc(Object* o) {
  decref(static_cast<FieldNameIteratorObject*>(o)->string);
  free_object(o);
}

Ref<> field_name_iterator_next(Value self) {
  auto* it = static_cast<FieldNameIteratorObject*>(self.as_object());
  StrObject* s = it->string;
  FieldAccessor accessor;
  int status = next_field_accessor(s, &it->position, s->length, &accessor);
  if (status <= 0) return nullptr;
  Ref<> key = accessor.index >= 0 ? int_from_int64(accessor.index)
                                  : Ref<>(str_substring(s, accessor.start, accessor.end));
  if (!key) return nullptr;
  return tuple_of({bool_value(accessor.is_attribute), key});
}

TypeObject formatter_iterator_type{TypeSpec{
    .name = "formatteriterator",
    .basic_size = sizeof(FormatterIteratorObject),
    .flags = kTypeDisallowInstantiation,
    .slots = {.dealloc = formatter_iterator_dealloc,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = formatter_iterator_next},
}};

TypeObject field_name_iterator_type{TypeSpec{
    .name = "fieldnameiterator",
    .basic_size = sizeof(FieldNameIteratorObject),
    .flags = kTypeDisallowInstantiation,
    .slots = {.dealloc = field_name_iterator_dealloc,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = field_name_iterator_next},
}};

template <class Iterator>
Ref<> new_string_iterator(TypeObject* type, StrObject* s, int64_t position) {
  if (!type->has_flag(kTypeReady) && !type_ready(type)) return nullptr;
  auto* it = allocate<Iterator>(type);
  if (!it) return nullptr;
  incref(s);
  it->string = s;
  it->position = position;
  return Ref<>::steal(Value(it));
}

}  // namespace

// --- Entry points ---

Ref<> str_remainder(Value a, Value b) {
  if (!is_str(a)) return new_not_implemented();
  return guard_memory([&]() -> Ref<> {
    StrObject* format_string = as_str(a);
    FormatSource source(format_string);
    PercentFormatter formatter(source, b, false);
    std::string out;
    out.reserve(size_t(format_string->length) + 16);
    if (!formatter.run(out)) return nullptr;
    return str_from_utf8(out);
  });
}

Ref<> bytes_percent_format(std::string_view format_bytes, Value args) {
  return guard_memory([&]() -> Ref<> {
    FormatSource source(format_bytes);
    PercentFormatter formatter(source, args, true);
    std::string out;
    out.reserve(format_bytes.size() + 16);
    if (!formatter.run(out)) return nullptr;
    return bytes_from(out);
  });
}

Ref<> str_format_method(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  FormatArguments arguments;
  arguments.positional = args;
  arguments.npositional = int64_t(nargs);
  arguments.kwnames = kwnames;
  arguments.kwvalues = args + nargs;
  return render_format(as_str(self), arguments);
}

Ref<> str_format_map_method(Value self, const Value* args) {
  FormatArguments arguments;
  arguments.mapping = args[0];
  return render_format(as_str(self), arguments);
}

Ref<> str_dunder_format_method(Value self, const Value* args) {
  Value spec = args[0];
  if (!is_str(spec))
    return type_error("__format__() argument must be str, not {}", argument_type_name(spec));
  StrObject* s = as_str(self);
  // An empty spec means str(self), which a subclass's __str__ may override.
  if (as_str(spec)->length == 0) return is_exact_str(self) ? new_ref(self) : Ref<>(str(self));
  std::string out;
  text::TextStatus status = text::format_str(str_utf8(s), str_utf8(spec), type_name(self), &out);
  if (status != text::TextStatus::kOk) return raise_text_status(status, out);
  return str_from_utf8(out);
}

Ref<> string_formatter_parser(Value s) {
  if (!is_str(s)) return type_error("expected str, got {}", type_name(s));
  return new_string_iterator<FormatterIteratorObject>(&formatter_iterator_type, as_str(s), 0);
}

Ref<> string_formatter_field_name_split(Value name) {
  if (!is_str(name)) return type_error("expected str, got {}", type_name(name));
  StrObject* s = as_str(name);
  int64_t first_end = first_part_end(s, 0, s->length);
  int64_t index = decimal_index(s, 0, first_end);
  if (index == -2) return nullptr;
  Ref<> first = index >= 0 ? int_from_int64(index) : Ref<>(str_substring(s, 0, first_end));
  if (!first) return nullptr;
  Ref<> rest =
      new_string_iterator<FieldNameIteratorObject>(&field_name_iterator_type, s, first_end);
  if (!rest) return nullptr;
  return tuple_of({first, rest});
}

}  // namespace krait
