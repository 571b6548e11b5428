// UTF-8, ASCII and Latin-1 encoders and decoders with CPython's error reporting (the same
// error ranges and reasons, so UnicodeError messages match), the standard error handlers
// done inline, other handlers called through codecs.lookup_error, and the dispatch of
// str.encode / bytes.decode to the codecs module for every other encoding.
#include "objects/unicode_codecs.h"

#include <cstring>
#include <string>

#include "core/ops.h"
#include "modules/codecs/codecs_api.h"
#include "objects/bytes.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"
#include "runtime/runtime.h"
#include "text/unicode.h"
#include "text/utf8.h"

namespace krait {

namespace {

enum class ErrorMode : uint8_t {
  Strict,
  Ignore,
  Replace,
  SurrogateEscape,
  SurrogatePass,
  BackslashReplace,
  XmlCharRefReplace,
  NameReplace,
  Other,  // looked up with codecs.lookup_error when an error happens
};

ErrorMode error_mode(Value errors) {
  if (!errors) return ErrorMode::Strict;
  StrObject* s = as_str(errors);
  if (!s->ascii) return ErrorMode::Other;
  std::string_view name(static_cast<const char*>(s->data()), size_t(s->length));
  if (name == "strict") return ErrorMode::Strict;
  if (name == "ignore") return ErrorMode::Ignore;
  if (name == "replace") return ErrorMode::Replace;
  if (name == "surrogateescape") return ErrorMode::SurrogateEscape;
  if (name == "surrogatepass") return ErrorMode::SurrogatePass;
  if (name == "backslashreplace") return ErrorMode::BackslashReplace;
  if (name == "xmlcharrefreplace") return ErrorMode::XmlCharRefReplace;
  if (name == "namereplace") return ErrorMode::NameReplace;
  return ErrorMode::Other;
}

const char kHexDigits[] = "0123456789abcdef";

void append_hex(std::string& out, uint32_t value, int digits) {
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
    out += kHexDigits[(value >> shift) & 15];
}

// \xhh, \uhhhh or \Uhhhhhhhh: the backslashreplace form of a code point.
void append_backslash_escape(std::string& out, char32_t c) {
  if (c < 0x100) {
    out += "\\x";
    append_hex(out, c, 2);
  } else if (c < 0x10000) {
    out += "\\u";
    append_hex(out, c, 4);
  } else {
    out += "\\U";
    append_hex(out, c, 8);
  }
}

Ref<> lookup_error_handler(Value errors) {
  Ref<> codecs = import_module_named("codecs");
  if (!codecs) return nullptr;
  Ref<> lookup = get_attr(codecs, "lookup_error");
  if (!lookup) return nullptr;
  return call1(lookup, errors);
}

Ref<> make_str_utf8(const char* text) { return str_from_utf8(text); }

// Calls an error handler that is not built in: handler(exception) must return
// (replacement, new position). Sets *replacement and *new_position (made absolute and
// checked to be in [0, length]).
// Decoding handlers may replace exception.object; the new bytes are then what decoding
// continues on, so their length bounds the position and *new_object receives them.
bool call_error_handler(Value errors, TypeObject* exception_type, const char* encoding,
                        Value object, int64_t length, int64_t start, int64_t end,
                        const char* reason, bool decoding, Ref<>* exception_out, Ref<>* replacement,
                        int64_t* new_position, Ref<>* new_object = nullptr) {
  Ref<> handler = lookup_error_handler(errors);
  if (!handler) return false;
  Ref<> encoding_str = make_str_utf8(encoding);
  Ref<> reason_str = make_str_utf8(reason);
  if (!encoding_str || !reason_str) return false;
  Value args[5] = {encoding_str, object, Value::small_int(start), Value::small_int(end),
                   reason_str};
  Ref<> exception = call(Value(exception_type), args, 5);
  if (!exception) return false;
  Ref<> result = call1(handler, exception);
  if (!result) return false;
  TupleObject* tuple = is_tuple(result) ? as_tuple(result) : nullptr;
  bool ok = tuple && tuple->length == 2 && is_int(tuple->items[1]) &&
            (is_str(tuple->items[0]) || (!decoding && is_bytes(tuple->items[0])));
  if (!ok) {
    if (decoding) return type_error("decoding error handler must return (str, int) tuple");
    return type_error("encoding error handler must return (str/bytes, int) tuple");
  }
  if (new_object) {
    Ref<> current = get_attr(exception, "object");
    if (!current) return false;
    if (!is_bytes(current)) return type_error("object attribute must be bytes");
    length = as_bytes(current)->length;
    *new_object = std::move(current);
  }
  int64_t position;
  if (!int_to_int64(tuple->items[1], &position))
    position = int_sign(tuple->items[1]) < 0 ? INT64_MIN : INT64_MAX;
  if (position < 0 && position != INT64_MIN) position += length;
  if (position < 0 || position > length) {
    return index_error("position {} from error handler out of bounds",
                       int_to_decimal(tuple->items[1]));
  }
  *replacement = new_ref(tuple->items[0]);
  *new_position = position;
  if (exception_out) *exception_out = std::move(exception);
  return true;
}

Raised raise_unicode_error(TypeObject* type, const char* encoding, Value object, int64_t start,
                           int64_t end, const char* reason) {
  Ref<> encoding_str = make_str_utf8(encoding);
  Ref<> reason_str = make_str_utf8(reason);
  if (!encoding_str || !reason_str) return Raised();
  Value args[5] = {encoding_str, object, Value::small_int(start), Value::small_int(end),
                   reason_str};
  Ref<> exception = call(Value(type), args, 5);
  if (!exception) return Raised();
  return raise_exception(exception);
}

// --- Decoding ---

// The bytes object an error report names: the source object itself when it is bytes.
// An error handler may replace it (exception.object), and decoding goes on in the new bytes.
class DecodeSource {
 public:
  DecodeSource(std::string_view data, Value source) : data_(data), source_(source) {}
  Value get() {
    if (source_ && is_bytes(source_)) return source_;
    if (!copy_) copy_ = bytes_from(data_);
    return copy_;
  }
  std::string_view data() const { return data_; }
  void replace(Ref<>&& bytes) {
    if (bytes.value() == get()) return;
    data_ = bytes_view(bytes);
    source_ = bytes;
    copy_ = std::move(bytes);
  }

 private:
  std::string_view data_;
  Value source_;
  Ref<> copy_;
};

// Applies the error handler to the undecodable bytes data[start, end). Appends the
// replacement and returns the position to continue from, or -1 with an exception set.
int64_t handle_decode_error(ErrorMode mode, Value errors, const char* encoding,
                            DecodeSource& source, int64_t start, int64_t end, const char* reason,
                            bool is_utf8, std::u32string& out) {
  std::string_view data = source.data();
  const auto* bytes = reinterpret_cast<const uint8_t*>(data.data());
  switch (mode) {
    case ErrorMode::Strict:
      break;
    case ErrorMode::Ignore:
      return end;
    case ErrorMode::Replace:
      out.push_back(0xFFFD);
      return end;
    case ErrorMode::BackslashReplace:
      for (int64_t i = start; i < end; ++i) {
        out += U"\\x";
        out.push_back(char32_t(kHexDigits[bytes[i] >> 4]));
        out.push_back(char32_t(kHexDigits[bytes[i] & 15]));
      }
      return end;
    case ErrorMode::SurrogateEscape: {
      int64_t i = start;
      for (; i < end && bytes[i] >= 0x80; ++i) out.push_back(0xDC00 + bytes[i]);
      if (i == end) return end;
      // As CPython: the escapes stay encoded and the error covers the rest.
      start = i;
      break;
    }
    case ErrorMode::SurrogatePass:
      if (is_utf8 && start + 3 <= int64_t(data.size()) && bytes[start] == 0xED &&
          (bytes[start + 1] & 0xE0) == 0xA0 && (bytes[start + 2] & 0xC0) == 0x80) {
        out.push_back(0xD000 | char32_t(bytes[start + 1] & 0x3F) << 6 | (bytes[start + 2] & 0x3F));
        return start + 3;
      }
      if (is_utf8) break;
      [[fallthrough]];
    default: {
      Value object = source.get();
      if (!object) return -1;
      Ref<> replacement, new_object;
      int64_t position;
      if (!call_error_handler(errors, &exc::UnicodeDecodeError, encoding, object,
                              int64_t(data.size()), start, end, reason, true, nullptr, &replacement,
                              &position, &new_object)) {
        return -1;
      }
      source.replace(std::move(new_object));
      StrObject* r = as_str(replacement);
      for (int64_t i = 0; i < r->length; ++i) out.push_back(r->at(i));
      return position;
    }
  }
  Value object = source.get();
  if (!object) return -1;
  return raise_unicode_error(&exc::UnicodeDecodeError, encoding, object, start, end, reason);
}

// Decodes one UTF-8 sequence at data[i] (data[i] >= 0x80). Returns its length and sets *c,
// or returns 0 and sets the error range end and reason as CPython reports them: the
// maximal valid prefix of a sequence is one error.
int decode_utf8_sequence(const uint8_t* s, int64_t i, int64_t n, char32_t* c, int64_t* error_end,
                         const char** reason) {
  uint8_t lead = s[i];
  int length;
  uint8_t low = 0x80, high = 0xBF;  // valid range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    *error_end = i + 1;
    *reason = "invalid start byte";
    return 0;
  }
  for (int k = 1; k < length; ++k) {
    if (i + k >= n) {
      *error_end = n;
      *reason = "unexpected end of data";
      return 0;
    }
    uint8_t b = s[i + k];
    bool valid = k == 1 ? (b >= low && b <= high) : (b & 0xC0) == 0x80;
    if (!valid) {
      *error_end = i + k;
      *reason = "invalid continuation byte";
      return 0;
    }
  }
  char32_t value = lead & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07);
  for (int k = 1; k < length; ++k) value = value << 6 | (s[i + k] & 0x3F);
  *c = value;
  return length;
}

// Length of the ASCII prefix of s[0, n), eight bytes at a time.
int64_t ascii_prefix(const uint8_t* s, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, s + i, 8);
    if (word & 0x8080808080808080ULL) break;
  }
  while (i < n && s[i] < 0x80) ++i;
  return i;
}

// Decodes valid UTF-8 (already checked) into units of type T.
template <class T>
void decode_valid_into(const uint8_t* s, int64_t n, T* out) {
  for (int64_t i = 0; i < n;) {
    char32_t c = s[i];
    int length = 1;
    if (c >= 0x80) {
      int64_t error_end;
      const char* reason;
      length = decode_utf8_sequence(s, i, n, &c, &error_end, &reason);
    }
    *out++ = T(c);
    i += length;
  }
}

// The common case: valid UTF-8 decoded straight into a string of the right kind. Returns
// false (nothing set) if the data has an error, so the caller takes the slow path.
bool decode_utf8_valid(const uint8_t* s, int64_t n, Ref<StrObject>* out) {
  int64_t prefix = ascii_prefix(s, n);
  if (prefix == n) {
    *out = str_from_ascii({reinterpret_cast<const char*>(s), size_t(n)});
    return true;
  }
  // Validate, count and find the widest character.
  int64_t count = prefix;
  char32_t max_char = 0x7F;
  for (int64_t i = prefix; i < n;) {
    if (s[i] < 0x80) {
      int64_t run = ascii_prefix(s + i, n - i);
      i += run;
      count += run;
      continue;
    }
    char32_t c;
    int64_t error_end;
    const char* reason;
    int length = decode_utf8_sequence(s, i, n, &c, &error_end, &reason);
    if (length == 0) return false;
    max_char = std::max(max_char, c);
    i += length;
    ++count;
  }
  if (count == 1) {
    char32_t c;
    int64_t error_end;
    const char* reason;
    decode_utf8_sequence(s, 0, n, &c, &error_end, &reason);
    *out = str_from_code_point(c);
    return true;
  }
  Ref<StrObject> result = str_allocate(count, max_char);
  if (result) {
    switch (result->kind) {
      case 1:
        decode_valid_into(s, n, static_cast<uint8_t*>(result->data()));
        break;
      case 2:
        decode_valid_into(s, n, static_cast<uint16_t*>(result->data()));
        break;
      default:
        decode_valid_into(s, n, static_cast<uint32_t*>(result->data()));
        break;
    }
  }
  *out = std::move(result);
  return true;
}

// --- Encoding ---

// Applies the error handler to s[start, end), the characters the codec cannot encode.
// Appends to out and returns the position to continue from, or -1 with an exception set.
// `limit` is 128 (ASCII), 256 (Latin-1) or 0 (UTF-8, where only surrogates fail).
int64_t handle_encode_error(ErrorMode mode, Value errors, const char* encoding, StrObject* s,
                            int64_t start, int64_t end, const char* reason, char32_t limit,
                            std::string& out) {
  switch (mode) {
    case ErrorMode::Strict:
      break;
    case ErrorMode::Ignore:
      return end;
    case ErrorMode::Replace:
      out.append(size_t(end - start), '?');
      return end;
    case ErrorMode::BackslashReplace:
      for (int64_t i = start; i < end; ++i) append_backslash_escape(out, s->at(i));
      return end;
    case ErrorMode::XmlCharRefReplace:
      for (int64_t i = start; i < end; ++i) {
        out += "&#";
        out += std::to_string(uint32_t(s->at(i)));
        out += ';';
      }
      return end;
    case ErrorMode::NameReplace:
      for (int64_t i = start; i < end; ++i) {
        std::string name;
        char32_t c = s->at(i);
        if (unicode::name_of(c, name)) {
          out += "\\N{";
          out += name;
          out += '}';
        } else {
          append_backslash_escape(out, c);
        }
      }
      return end;
    case ErrorMode::SurrogateEscape: {
      int64_t i = start;
      for (; i < end; ++i) {
        char32_t c = s->at(i);
        if (c < 0xDC80 || c > 0xDCFF) break;
        out += char(c - 0xDC00);
      }
      if (i == end) return end;
      // As CPython: the escapes stay encoded and the error covers the rest.
      start = i;
      break;
    }
    case ErrorMode::SurrogatePass:
      if (limit == 0) {
        for (int64_t i = start; i < end; ++i) utf8::append(out, s->at(i));
        return end;
      }
      [[fallthrough]];
    default: {
      Ref<> replacement;
      int64_t position;
      Ref<> exception;
      if (!call_error_handler(errors, &exc::UnicodeEncodeError, encoding, Value(s), s->length,
                              start, end, reason, false, &exception, &replacement, &position)) {
        return -1;
      }
      if (is_bytes(replacement)) {
        out.append(bytes_view(replacement));
        return position;
      }
      StrObject* r = as_str(replacement);
      for (int64_t i = 0; i < r->length; ++i) {
        char32_t c = r->at(i);
        if (c >= (limit ? limit : 0x80)) return raise_exception(exception);
        out += char(c);
      }
      return position;
    }
  }
  return raise_unicode_error(&exc::UnicodeEncodeError, encoding, Value(s), start, end, reason);
}

// ASCII and Latin-1: every character below `limit` is one byte.
template <class T>
Ref<BytesObject> encode_below_limit(StrObject* s, const T* data, char32_t limit, Value errors,
                                    const char* encoding) {
  int64_t n = s->length;
  // Fast path: nothing to escape.
  int64_t first_bad = 0;
  while (first_bad < n && data[first_bad] < limit) ++first_bad;
  if (first_bad == n) {
    Ref<BytesObject> result = bytes_allocate(n);
    if (!result) return nullptr;
    for (int64_t i = 0; i < n; ++i) result->data[i] = char(data[i]);
    return result;
  }
  ErrorMode mode = error_mode(errors);
  std::string out;
  out.reserve(size_t(n));
  for (int64_t i = 0; i < first_bad; ++i) out += char(data[i]);
  for (int64_t i = first_bad; i < n;) {
    if (data[i] < limit) {
      out += char(data[i++]);
      continue;
    }
    int64_t end = i + 1;
    while (end < n && data[end] >= limit) ++end;
    i = handle_encode_error(
        mode, errors, encoding, s, i, end,
        limit == 128 ? "ordinal not in range(128)" : "ordinal not in range(256)", limit, out);
    if (i < 0) return nullptr;
  }
  return bytes_from(out);
}

// Encoding names the native codecs answer to, after lower-casing and '_' -> '-'.
enum class NativeCodec { None, Utf8, Ascii, Latin1 };

NativeCodec native_codec(Value encoding) {
  if (!encoding) return NativeCodec::Utf8;
  StrObject* s = as_str(encoding);
  if (!s->ascii || s->length > 16) return NativeCodec::None;
  char name[17];
  for (int64_t i = 0; i < s->length; ++i) {
    char c = char(s->data1()[i]);
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if (c == '_') c = '-';
    name[i] = c;
  }
  std::string_view n(name, size_t(s->length));
  if (n == "utf-8" || n == "utf8") return NativeCodec::Utf8;
  if (n == "ascii" || n == "us-ascii") return NativeCodec::Ascii;
  if (n == "latin-1" || n == "latin1" || n == "iso-8859-1" || n == "iso8859-1" || n == "l1") {
    return NativeCodec::Latin1;
  }
  return NativeCodec::None;
}

// codecs.lookup(encoding), refusing codecs that are not text encodings (rot13, base64...)
// as str.encode and bytes.decode must.
Ref<> lookup_text_codec(Value encoding, const char* alternative) {
  Ref<> codecs = import_module_named("codecs");
  if (!codecs) return nullptr;
  Ref<> lookup = get_attr(codecs, "lookup");
  if (!lookup) return nullptr;
  Ref<> info = call1(lookup, encoding);
  if (!info) return nullptr;
  Ref<> is_text;
  int found = get_attr_optional(info, str_intern_utf8("_is_text_encoding"), &is_text);
  if (found < 0) return nullptr;
  if (found) {
    int truth = is_true(is_text);
    if (truth < 0) return nullptr;
    if (!truth) {
      return raise(exc::LookupError,
                   "'{}' is not a text encoding; use {} to handle arbitrary codecs",
                   str_utf8(encoding), alternative);
    }
  }
  return info;
}

Value errors_or_strict(Value errors) { return errors ? errors : Value(str_intern_utf8("strict")); }

Ref<StrObject> decode_utf8_unguarded(std::string_view data, Value errors, Value source, bool final,
                                     int64_t* consumed) {
  const auto* s = reinterpret_cast<const uint8_t*>(data.data());
  int64_t n = int64_t(data.size());
  if (consumed) *consumed = n;
  Ref<StrObject> fast;
  if (decode_utf8_valid(s, n, &fast)) return fast;

  ErrorMode mode = error_mode(errors);
  DecodeSource error_source(data, source);
  std::u32string out;
  out.reserve(size_t(n));
  for (int64_t i = 0; i < n;) {
    if (s[i] < 0x80) {
      out.push_back(s[i++]);
      continue;
    }
    char32_t c;
    int64_t error_end;
    const char* reason;
    int length = decode_utf8_sequence(s, i, n, &c, &error_end, &reason);
    if (length) {
      out.push_back(c);
      i += length;
      continue;
    }
    // An incomplete sequence waits for more data; so does a truncated surrogate (ED A0..BF
    // ending the input), which an error handler such as surrogatepass may accept whole.
    bool truncated_surrogate = s[i] == 0xED && n - i == 2 && s[i + 1] >= 0xA0 && s[i + 1] <= 0xBF;
    if (!final && ((error_end == n && reason[0] == 'u') || truncated_surrogate)) {
      n = i;
      break;
    }
    i = handle_decode_error(mode, errors, "utf-8", error_source, i, error_end, reason, true, out);
    if (i < 0) return nullptr;
    s = reinterpret_cast<const uint8_t*>(error_source.data().data());
    n = int64_t(error_source.data().size());
  }
  if (consumed) *consumed = n;
  return str_from_code_points(out.data(), int64_t(out.size()));
}

Ref<StrObject> decode_ascii_unguarded(std::string_view data, Value errors, Value source) {
  const auto* s = reinterpret_cast<const uint8_t*>(data.data());
  int64_t n = int64_t(data.size());
  int64_t first_bad = 0;
  while (first_bad < n && s[first_bad] < 0x80) ++first_bad;
  if (first_bad == n) return str_from_ascii(data);
  ErrorMode mode = error_mode(errors);
  DecodeSource error_source(data, source);
  std::u32string out(s, s + first_bad);
  for (int64_t i = first_bad; i < n;) {
    if (s[i] < 0x80) {
      out.push_back(s[i++]);
      continue;
    }
    i = handle_decode_error(mode, errors, "ascii", error_source, i, i + 1,
                            "ordinal not in range(128)", false, out);
    if (i < 0) return nullptr;
    s = reinterpret_cast<const uint8_t*>(error_source.data().data());
    n = int64_t(error_source.data().size());
  }
  return str_from_code_points(out.data(), int64_t(out.size()));
}

Ref<BytesObject> encode_ascii_unguarded(StrObject* s, Value errors) {
  if (s->ascii) return bytes_from({static_cast<const char*>(s->data()), size_t(s->length)});
  return visit_units(
      s, [&](const auto* data) { return encode_below_limit(s, data, 128, errors, "ascii"); });
}

Ref<BytesObject> encode_latin1_unguarded(StrObject* s, Value errors) {
  if (s->kind == 1) return bytes_from({static_cast<const char*>(s->data()), size_t(s->length)});
  return visit_units(
      s, [&](const auto* data) { return encode_below_limit(s, data, 256, errors, "latin-1"); });
}

// Encodes units known to hold no surrogates into exactly `size` bytes.
template <class T>
void encode_utf8_into(const T* data, int64_t n, char* out) {
  for (int64_t i = 0; i < n; ++i) {
    char32_t c = data[i];
    if (c < 0x80) {
      *out++ = char(c);
    } else {
      out += utf8::encode(c, out);
    }
  }
}

// The UTF-8 size of units, or -1 if they hold a surrogate.
template <class T>
int64_t utf8_size(const T* data, int64_t n) {
  int64_t size = 0;
  for (int64_t i = 0; i < n; ++i) {
    char32_t c = data[i];
    if (sizeof(T) > 1 && utf8::is_surrogate(c)) return -1;
    size += utf8::encoded_length(c);
  }
  return size;
}

Ref<BytesObject> encode_utf8_unguarded(StrObject* s, Value errors) {
  if (s->ascii) return bytes_from({static_cast<const char*>(s->data()), size_t(s->length)});
  int64_t n = s->length;
  // Without surrogates (the usual case) the size is known and the bytes are written once.
  int64_t size = visit_units(s, [&](const auto* data) { return utf8_size(data, n); });
  if (size >= 0) {
    Ref<BytesObject> result = bytes_allocate(size);
    if (result) visit_units(s, [&](const auto* data) { encode_utf8_into(data, n, result->data); });
    return result;
  }
  std::string out;
  out.reserve(size_t(n) * 3);
  ErrorMode mode = error_mode(errors);
  for (int64_t i = 0; i < n;) {
    char32_t c = s->at(i);
    if (!utf8::is_surrogate(c)) {
      utf8::append(out, c);
      ++i;
      continue;
    }
    int64_t end = i + 1;
    while (end < n && utf8::is_surrogate(s->at(end))) ++end;
    i = handle_encode_error(mode, errors, "utf-8", s, i, end, "surrogates not allowed", 0, out);
    if (i < 0) return nullptr;
  }
  return bytes_from(out);
}

// In development mode (-X dev) the encoding and error handler names are checked even
// when no error happens, so a typo shows at once (bpo-37388).
bool check_encoding_errors(Value encoding, Value errors) {
  if (!runtime().config.dev_mode) return true;
  if (encoding && native_codec(encoding) == NativeCodec::None) {
    Ref<> codecs = import_module_named("codecs");
    Ref<> lookup = codecs ? get_attr(codecs, "lookup") : nullptr;
    if (!lookup || !call1(lookup, encoding)) return false;
  }
  if (errors && error_mode(errors) == ErrorMode::Other && !lookup_error_handler(errors)) return false;
  return true;
}

Ref<> str_encode_unguarded(StrObject* s, Value encoding, Value errors) {
  if (!check_encoding_errors(encoding, errors)) return nullptr;
  switch (native_codec(encoding)) {
    case NativeCodec::Utf8:
      return encode_utf8(s, errors);
    case NativeCodec::Ascii:
      return encode_ascii(s, errors);
    case NativeCodec::Latin1:
      return encode_latin1(s, errors);
    case NativeCodec::None:
      break;
  }
  Ref<> info = lookup_text_codec(encoding, "codecs.encode()");
  if (!info) return nullptr;
  Ref<> encoder = get_item(info, Value::small_int(0));
  if (!encoder) return nullptr;
  Ref<> result = call2(encoder, Value(s), errors_or_strict(errors));
  if (!result) {
    wrap_codec_error("encoding", encoding);
    return nullptr;
  }
  if (!is_tuple(result) || as_tuple(result)->length != 2) {
    return type_error("encoder must return a tuple (object, integer)");
  }
  Value encoded = as_tuple(result)->items[0];
  if (is_bytes(encoded)) return new_ref(encoded);
  if (is_bytearray(encoded)) {
    if (warn(exc::RuntimeWarning,
             format_message("encoder {} returned bytearray instead of bytes; use codecs.encode() "
                            "to encode to arbitrary types",
                            repr_for_message(encoding))) < 0) {
      return nullptr;
    }
    ByteArrayObject* b = as_bytearray(encoded);
    return bytes_from({b->data, size_t(b->length)});
  }
  return type_error(
      "'{}' encoder returned '{}' instead of 'bytes'; use codecs.encode() to encode "
      "to arbitrary types",
      str_utf8(encoding), type_name(encoded));
}

Ref<> bytes_decode_unguarded(Value object, Value encoding, Value errors) {
  if (!check_encoding_errors(encoding, errors)) return nullptr;
  Buffer view;
  if (!buffer_get(object, &view, kBufferSimple)) {
    if (error_matches(&exc::TypeError)) {
      clear_error();
      return type_error("decoding to str: need a bytes-like object, {} found", type_name(object));
    }
    return nullptr;
  }
  std::string_view data(static_cast<const char*>(view.data), size_t(view.length));
  Ref<> result;
  switch (native_codec(encoding)) {
    case NativeCodec::Utf8:
      result = decode_utf8(data, errors, object);
      break;
    case NativeCodec::Ascii:
      result = decode_ascii(data, errors, object);
      break;
    case NativeCodec::Latin1:
      result = decode_latin1(data);
      break;
    case NativeCodec::None: {
      Ref<> info = lookup_text_codec(encoding, "codecs.decode()");
      Ref<> decoder = info ? get_item(info, Value::small_int(1)) : nullptr;
      // Decoders get bytes (CPython passes a memoryview of the buffer).
      Ref<> as_bytes_object =
          decoder ? (is_bytes(object) ? new_ref(object) : Ref<>(bytes_from(data))) : nullptr;
      Ref<> decoded =
          as_bytes_object ? call2(decoder, as_bytes_object, errors_or_strict(errors)) : nullptr;
      if (!decoded && as_bytes_object) wrap_codec_error("decoding", encoding);
      if (decoded) {
        if (!is_tuple(decoded) || as_tuple(decoded)->length != 2) {
          type_error("decoder must return a tuple (object,integer)");
        } else if (!is_str(as_tuple(decoded)->items[0])) {
          type_error(
              "'{}' decoder returned '{}' instead of 'str'; use codecs.decode() to decode "
              "to arbitrary types",
              str_utf8(encoding), type_name(as_tuple(decoded)->items[0]));
        } else {
          result = new_ref(as_tuple(decoded)->items[0]);
        }
      }
      break;
    }
  }
  buffer_release(&view);
  return result;
}

}  // namespace

// --- The public entry points: no C++ allocation failure escapes them. ---

Ref<StrObject> decode_latin1(std::string_view data) { return str_from_latin1(data); }

Ref<StrObject> decode_utf8(std::string_view data, Value errors, Value source, bool final,
                           int64_t* consumed) {
  return guard_memory([&] { return decode_utf8_unguarded(data, errors, source, final, consumed); });
}

Ref<StrObject> decode_ascii(std::string_view data, Value errors, Value source) {
  return guard_memory([&] { return decode_ascii_unguarded(data, errors, source); });
}

Ref<BytesObject> encode_ascii(StrObject* s, Value errors) {
  return guard_memory([&] { return encode_ascii_unguarded(s, errors); });
}

Ref<BytesObject> encode_latin1(StrObject* s, Value errors) {
  return guard_memory([&] { return encode_latin1_unguarded(s, errors); });
}

Ref<BytesObject> encode_utf8(StrObject* s, Value errors) {
  return guard_memory([&] { return encode_utf8_unguarded(s, errors); });
}

bool str_check_utf8_encodable(StrObject* s) {
  if (s->ascii) return true;
  return bool(encode_utf8(s, Value()));
}

Ref<> str_encode(StrObject* s, Value encoding, Value errors) {
  return guard_memory([&] { return str_encode_unguarded(s, encoding, errors); });
}

Ref<> bytes_decode(Value object, Value encoding, Value errors) {
  return guard_memory([&] { return bytes_decode_unguarded(object, encoding, errors); });
}

}  // namespace krait
