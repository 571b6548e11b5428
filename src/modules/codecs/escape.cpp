// The escape codecs: unicode_escape and raw_unicode_escape (str <-> Python-literal-style
// escapes in Latin-1 bytes) and escape_encode/escape_decode (bytes <-> bytes-literal
// escapes), with CPython's error ranges, incomplete-input handling and the
// DeprecationWarning for the first invalid escape.
#include <cstdio>

#include "modules/codecs/codecs_internal.h"
#include "objects/str.h"
#include "text/unicode.h"

namespace krait::codecs {

namespace {

const char kHex[] = "0123456789abcdef";

void append_hex(std::string& out, uint32_t value, int digits) {
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(value >> shift) & 15];
}

int hex_value(uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_octal(uint8_t c) { return c >= '0' && c <= '7'; }

// The escape for a simple character, or 0 if it has none.
uint8_t simple_escape(uint8_t c) {
  switch (c) {
    case '\\': return '\\';
    case '\'': return '\'';
    case '"': return '"';
    case 'b': return '\b';
    case 'f': return '\f';
    case 't': return '\t';
    case 'n': return '\n';
    case 'r': return '\r';
    case 'v': return '\v';
    case 'a': return '\a';
    default: return 0;
  }
}

// The DeprecationWarning text for the first invalid escape: an octal escape above 0o377
// (three digits) or a backslash before a character that is no escape (shown as its
// Latin-1 character).
std::string invalid_escape_message(const std::string& escape) {
  if (escape.size() == 3) return "invalid octal escape sequence '\\" + escape + "'";
  std::string text = "invalid escape sequence '\\";
  auto c = uint8_t(escape[0]);
  if (c < 0x80) {
    text += char(c);
  } else {
    text += char(0xC0 | (c >> 6));
    text += char(0x80 | (c & 0x3F));
  }
  return text + "'";
}

bool warn_invalid_escape(const std::string& message) { return warn(exc::DeprecationWarning, message) >= 0; }

}  // namespace

// --- unicode_escape ---

Ref<> unicode_escape_encode(Value, const Value* args) {
  Value errors = args[1];
  if (!str_argument("unicode_escape_encode", 1, args[0]) || !errors_argument("unicode_escape_encode", 2, &errors)) {
    return nullptr;
  }
  StrObject* s = as_str(args[0]);
  std::string out;
  out.reserve(size_t(s->length));
  for (int64_t i = 0; i < s->length; ++i) {
    char32_t c = s->at(i);
    if (c < 0x100) {
      if (c >= ' ' && c < 127) {
        if (c == '\\') out += '\\';
        out += char(c);
      } else if (c == '\t') {
        out += "\\t";
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else {
        out += "\\x";
        append_hex(out, c, 2);
      }
    } else if (c < 0x10000) {
      out += "\\u";
      append_hex(out, c, 4);
    } else {
      out += "\\U";
      append_hex(out, c, 8);
    }
  }
  return codec_tuple(bytes_from(out), s->length);
}

Ref<> unicode_escape_decode(Value, const Value* args) {
  Value errors = args[1];
  int final = 1;
  DataArgument data;
  if (!data.get_str_or_buffer(args[0]) || !errors_argument("unicode_escape_decode", 2, &errors) ||
      !int_argument(args[2], &final)) {
    return nullptr;
  }
  DecodeErrors handler("unicodeescape", errors, data.data());
  std::u32string out;
  int64_t pos = 0;
  int64_t consumed = -1;     // set when an incomplete escape ends non-final input
  std::string first_invalid; // the text after the backslash of the first invalid escape
  while (true) {
    auto* s = reinterpret_cast<const uint8_t*>(handler.input().data());
    int64_t size = int64_t(handler.input().size());
    if (pos >= size) break;
    uint8_t c = s[pos++];
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    int64_t start = pos - 1;
    const char* message = nullptr;
    bool incomplete = false;
    if (pos >= size) {
      message = "\\ at end of string";
      incomplete = true;
    } else {
      c = s[pos++];
      if (uint8_t e = simple_escape(c)) {
        out.push_back(e);
        continue;
      }
      if (c == '\n') continue;
      if (is_octal(c)) {
        char32_t value = c - '0';
        for (int k = 0; k < 2 && pos < size && is_octal(s[pos]); ++k) value = value * 8 + (s[pos++] - '0');
        if (value > 0377 && first_invalid.empty()) first_invalid.assign(reinterpret_cast<const char*>(s + pos - 3), 3);
        out.push_back(value);
        continue;
      }
      int count = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
      if (count) {
        message = count == 2 ? "truncated \\xXX escape" : count == 4 ? "truncated \\uXXXX escape"
                                                                : "truncated \\UXXXXXXXX escape";
        char32_t value = 0;
        bool bad = false;
        for (; count; --count, ++pos) {
          if (pos >= size) {
            incomplete = true;
            break;
          }
          int digit = hex_value(s[pos]);
          if (digit < 0) {
            bad = true;
            break;
          }
          value = value * 16 + char32_t(digit);
        }
        if (!incomplete && !bad) {
          if (value <= 0x10FFFF) {
            out.push_back(value);
            continue;
          }
          message = "illegal Unicode character";
        }
      } else if (c == 'N') {
        if (!unicode::name_database_available()) return raise(exc::UnicodeError, "{}", unicode::kNameDatabaseUnavailable);
        message = "malformed \\N character escape";
        if (pos >= size) {
          incomplete = true;
        } else if (s[pos] == '{') {
          int64_t name_start = ++pos;
          while (pos < size && s[pos] != '}') ++pos;
          if (pos >= size) {
            incomplete = true;
          } else if (pos > name_start) {
            std::string_view name(reinterpret_cast<const char*>(s + name_start), size_t(pos - name_start));
            ++pos;
            std::u32string found;
            if (unicode::lookup_name(name, false, found) && found.size() == 1) {
              out.push_back(found[0]);
              continue;
            }
            message = "unknown Unicode character name";
          }
        }
      } else {
        if (first_invalid.empty()) first_invalid.assign(1, char(c));
        out.push_back('\\');
        out.push_back(c);
        continue;
      }
    }
    if (incomplete && !final) {
      consumed = start;
      break;
    }
    if (incomplete) pos = size;
    pos = handler.handle(start, pos, message, out);
    if (pos < 0) return nullptr;
  }
  // A final decode reports the whole input consumed, even if a handler replaced it.
  if (consumed < 0) consumed = final ? int64_t(data.data().size()) : pos;
  if (!first_invalid.empty() && !warn_invalid_escape(invalid_escape_message(first_invalid))) return nullptr;
  return codec_tuple(str_from_u32(out), consumed);
}

// --- raw_unicode_escape ---

Ref<> raw_unicode_escape_encode(Value, const Value* args) {
  Value errors = args[1];
  if (!str_argument("raw_unicode_escape_encode", 1, args[0]) ||
      !errors_argument("raw_unicode_escape_encode", 2, &errors)) {
    return nullptr;
  }
  StrObject* s = as_str(args[0]);
  std::string out;
  out.reserve(size_t(s->length));
  for (int64_t i = 0; i < s->length; ++i) {
    char32_t c = s->at(i);
    if (c < 0x100) {
      out += char(c);
    } else if (c < 0x10000) {
      out += "\\u";
      append_hex(out, c, 4);
    } else {
      out += "\\U";
      append_hex(out, c, 8);
    }
  }
  return codec_tuple(bytes_from(out), s->length);
}

// Only \uXXXX and \UXXXXXXXX are escapes, and only after an odd run of backslashes.
Ref<> raw_unicode_escape_decode(Value, const Value* args) {
  Value errors = args[1];
  int final = 1;
  DataArgument data;
  if (!data.get_str_or_buffer(args[0]) || !errors_argument("raw_unicode_escape_decode", 2, &errors) ||
      !int_argument(args[2], &final)) {
    return nullptr;
  }
  DecodeErrors handler("rawunicodeescape", errors, data.data());
  std::u32string out;
  int64_t pos = 0;
  int64_t consumed = -1;
  while (true) {
    auto* s = reinterpret_cast<const uint8_t*>(handler.input().data());
    int64_t size = int64_t(handler.input().size());
    if (pos >= size) break;
    if (s[pos] != '\\') {
      out.push_back(s[pos++]);
      continue;
    }
    int64_t run_start = pos;
    while (pos < size && s[pos] == '\\') ++pos;
    int64_t run = pos - run_start;
    out.append(size_t(run - 1), U'\\');
    if (run % 2 == 0) {
      out.push_back('\\');
      continue;
    }
    int64_t start = pos - 1;  // the escaping backslash
    if (pos >= size) {
      if (!final) {
        consumed = start;
        break;
      }
      out.push_back('\\');
      continue;
    }
    if (s[pos] != 'u' && s[pos] != 'U') {
      out.push_back('\\');
      continue;
    }
    int count = s[pos] == 'u' ? 4 : 8;
    const char* message = count == 4 ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape";
    ++pos;
    char32_t value = 0;
    bool incomplete = false, bad = false;
    for (; count; --count, ++pos) {
      if (pos >= size) {
        incomplete = true;
        break;
      }
      int digit = hex_value(s[pos]);
      if (digit < 0) {
        bad = true;
        break;
      }
      value = value * 16 + char32_t(digit);
    }
    if (!incomplete && !bad) {
      if (value <= 0x10FFFF) {
        out.push_back(value);
        continue;
      }
      message = "\\Uxxxxxxxx out of range";
    }
    if (incomplete && !final) {
      consumed = start;
      break;
    }
    pos = handler.handle(start, pos, message, out);
    if (pos < 0) return nullptr;
  }
  if (consumed < 0) consumed = final ? int64_t(data.data().size()) : pos;
  return codec_tuple(str_from_u32(out), consumed);
}

// --- escape_encode / escape_decode (bytes) ---

Ref<> escape_encode(Value, const Value* args) {
  Value errors = args[1];
  if (!is_bytes(args[0])) {
    return type_error("escape_encode() argument 1 must be bytes, not {}", type_name(args[0]));
  }
  if (!errors_argument("escape_encode", 2, &errors)) return nullptr;
  std::string_view data = bytes_view(args[0]);
  std::string out;
  out.reserve(data.size());
  for (char ch : data) {
    auto c = uint8_t(ch);
    if (c == '\'' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < ' ' || c >= 0x7F) {
      out += "\\x";
      append_hex(out, c, 2);
    } else {
      out += char(c);
    }
  }
  return codec_tuple(bytes_from(out), int64_t(data.size()));
}

Ref<> escape_decode(Value, const Value* args) {
  Value errors = args[1];
  if (!errors_argument("escape_decode", 2, &errors)) return nullptr;
  DataArgument buffer;
  if (!buffer.get_str_or_buffer(args[0])) return nullptr;
  std::string_view data = buffer.data();
  ErrorMode mode = error_mode(errors);
  auto* s = reinterpret_cast<const uint8_t*>(data.data());
  int64_t size = int64_t(data.size());
  std::string out;
  out.reserve(data.size());
  int64_t first_invalid = -1;  // position after the backslash of the first invalid escape
  int64_t pos = 0;
  while (pos < size) {
    uint8_t c = s[pos++];
    if (c != '\\') {
      out += char(c);
      continue;
    }
    if (pos >= size) return value_error("Trailing \\ in string");
    c = s[pos++];
    if (uint8_t e = simple_escape(c)) {
      out += char(e);
      continue;
    }
    if (c == '\n') continue;
    if (is_octal(c)) {
      unsigned value = c - '0';
      for (int k = 0; k < 2 && pos < size && is_octal(s[pos]); ++k) value = value * 8 + (s[pos++] - '0');
      if (value > 0377 && first_invalid < 0) first_invalid = pos - 3;
      out += char(value & 0xFF);
      continue;
    }
    if (c == 'x') {
      if (pos + 1 < size && hex_value(s[pos]) >= 0 && hex_value(s[pos + 1]) >= 0) {
        out += char(hex_value(s[pos]) * 16 + hex_value(s[pos + 1]));
        pos += 2;
        continue;
      }
      if (mode == ErrorMode::kStrict) {
        return value_error("invalid \\x escape at position {}", pos - 2);
      }
      if (mode == ErrorMode::kReplace) {
        out += '?';
      } else if (mode != ErrorMode::kIgnore) {
        return value_error("decoding error; unknown error handling code: {}", str_utf8(errors));
      }
      if (pos < size && hex_value(s[pos]) >= 0) ++pos;  // skip one hex digit
      continue;
    }
    if (first_invalid < 0) first_invalid = pos - 1;
    out += '\\';
    out += char(c);
  }
  if (first_invalid >= 0) {
    uint8_t c = s[first_invalid];
    size_t length = c >= '4' && c <= '7' ? 3 : 1;
    std::string escape(reinterpret_cast<const char*>(s + first_invalid), length);
    if (!warn_invalid_escape(invalid_escape_message(escape))) return nullptr;
  }
  return codec_tuple(bytes_from(out), size);
}

}  // namespace krait::codecs
