// Codec error handling: the built-in handlers (strict, ignore, replace, backslashreplace,
// xmlcharrefreplace, namereplace, surrogateescape, surrogatepass) both as the functions
// codecs.lookup_error returns and inline for the codecs of this folder, and the calling
// of handlers registered in Python (CPython's unicode_*_call_errorhandler rules: the
// (replacement, position) result, negative positions from the end, a replaced object).
#include <cstring>

#include "core/ops.h"
#include "modules/codecs/codecs_internal.h"
#include "objects/bytes.h"
#include "objects/exceptions.h"
#include "objects/int.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"
#include "text/unicode.h"

namespace krait::codecs {

ErrorMode error_mode(Value errors) {
  if (!errors) return ErrorMode::kStrict;
  StrObject* s = as_str(errors);
  if (!s->ascii) return ErrorMode::kOther;
  std::string_view name(static_cast<const char*>(s->data()), size_t(s->length));
  if (name == "strict") return ErrorMode::kStrict;
  if (name == "ignore") return ErrorMode::kIgnore;
  if (name == "replace") return ErrorMode::kReplace;
  if (name == "backslashreplace") return ErrorMode::kBackslashReplace;
  if (name == "xmlcharrefreplace") return ErrorMode::kXmlCharRefReplace;
  if (name == "namereplace") return ErrorMode::kNameReplace;
  if (name == "surrogateescape") return ErrorMode::kSurrogateEscape;
  if (name == "surrogatepass") return ErrorMode::kSurrogatePass;
  return ErrorMode::kOther;
}

StandardEncoding standard_encoding(std::string_view name, int* byte_length) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : c; };
  if (name.size() < 3 || lower(name[0]) != 'u' || lower(name[1]) != 't' || lower(name[2]) != 'f') {
    return StandardEncoding::kUnknown;
  }
  name.remove_prefix(3);
  if (!name.empty() && (name[0] == '-' || name[0] == '_')) name.remove_prefix(1);
  if (name == "8") {
    *byte_length = 3;
    return StandardEncoding::kUtf8;
  }
  bool is16 = name.substr(0, 2) == "16", is32 = name.substr(0, 2) == "32";
  if (!is16 && !is32) return StandardEncoding::kUnknown;
  *byte_length = is16 ? 2 : 4;
  name.remove_prefix(2);
  // No suffix: the machine's byte order (little-endian here).
  if (name.empty()) return is16 ? StandardEncoding::kUtf16Le : StandardEncoding::kUtf32Le;
  if (name[0] == '-' || name[0] == '_') name.remove_prefix(1);
  if (name.size() == 2 && lower(name[1]) == 'e') {
    if (lower(name[0]) == 'b') return is16 ? StandardEncoding::kUtf16Be : StandardEncoding::kUtf32Be;
    if (lower(name[0]) == 'l') return is16 ? StandardEncoding::kUtf16Le : StandardEncoding::kUtf32Le;
  }
  return StandardEncoding::kUnknown;
}

Ref<StrObject> str_from_u32(const std::u32string& text) {
  return str_from_code_points(text.data(), int64_t(text.size()));
}

namespace {

const char kHex[] = "0123456789abcdef";

void append_hex(std::string& out, uint32_t value, int digits) {
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(value >> shift) & 15];
}

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

// The outcome of a built-in handler: a replacement, or "raise the original exception"
// (surrogateescape/surrogatepass on characters they cannot handle), or an error.
enum class Outcome { kReplaced, kRaiseOriginal, kError };

// Encoding errors for s[start, end) in a built-in mode: a str (ASCII) or bytes in *out.
Outcome builtin_encode(ErrorMode mode, std::string_view encoding, StrObject* s, int64_t start, int64_t end,
                       Ref<>* out) {
  std::string text;
  switch (mode) {
    case ErrorMode::kIgnore: break;
    case ErrorMode::kReplace: text.assign(size_t(end > start ? end - start : 0), '?'); break;
    case ErrorMode::kBackslashReplace:
      for (int64_t i = start; i < end; ++i) append_backslash_escape(text, s->at(i));
      break;
    case ErrorMode::kXmlCharRefReplace:
      for (int64_t i = start; i < end; ++i) {
        text += "&#";
        text += std::to_string(uint32_t(s->at(i)));
        text += ';';
      }
      break;
    case ErrorMode::kNameReplace:
      for (int64_t i = start; i < end; ++i) {
        char32_t c = s->at(i);
        std::string name;
        if (unicode::name_of(c, name)) {
          text += "\\N{";
          text += name;
          text += '}';
        } else {
          append_backslash_escape(text, c);
        }
      }
      break;
    case ErrorMode::kSurrogateEscape:
      for (int64_t i = start; i < end; ++i) {
        char32_t c = s->at(i);
        if (c < 0xDC80 || c > 0xDCFF) return Outcome::kRaiseOriginal;
        text += char(c - 0xDC00);
      }
      *out = bytes_from(text);
      return *out ? Outcome::kReplaced : Outcome::kError;
    case ErrorMode::kSurrogatePass: {
      int width = 0;
      StandardEncoding code = standard_encoding(encoding, &width);
      if (code == StandardEncoding::kUnknown) return Outcome::kRaiseOriginal;
      for (int64_t i = start; i < end; ++i) {
        char32_t c = s->at(i);
        if (c < 0xD800 || c > 0xDFFF) return Outcome::kRaiseOriginal;
        switch (code) {
          case StandardEncoding::kUtf8:
            text += char(0xE0 | (c >> 12));
            text += char(0x80 | ((c >> 6) & 0x3F));
            text += char(0x80 | (c & 0x3F));
            break;
          case StandardEncoding::kUtf16Le: text += char(c & 0xFF); text += char(c >> 8); break;
          case StandardEncoding::kUtf16Be: text += char(c >> 8); text += char(c & 0xFF); break;
          case StandardEncoding::kUtf32Le:
            text += char(c & 0xFF); text += char(c >> 8); text += '\0'; text += '\0';
            break;
          case StandardEncoding::kUtf32Be:
            text += '\0'; text += '\0'; text += char(c >> 8); text += char(c & 0xFF);
            break;
          case StandardEncoding::kUnknown: break;
        }
      }
      *out = bytes_from(text);
      return *out ? Outcome::kReplaced : Outcome::kError;
    }
    default: break;
  }
  *out = str_from_ascii(text);
  return *out ? Outcome::kReplaced : Outcome::kError;
}

// Decoding errors for data[start, end) in a built-in mode (not strict): the replacement in
// *out and the position to resume at.
Outcome builtin_decode(ErrorMode mode, std::string_view encoding, std::string_view data, int64_t start,
                       int64_t end, std::u32string* out, int64_t* resume) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(data.data());
  *resume = end;
  switch (mode) {
    case ErrorMode::kIgnore: return Outcome::kReplaced;
    case ErrorMode::kReplace: out->push_back(0xFFFD); return Outcome::kReplaced;
    case ErrorMode::kBackslashReplace:
      for (int64_t i = start; i < end; ++i) {
        *out += U"\\x";
        out->push_back(char32_t(kHex[bytes[i] >> 4]));
        out->push_back(char32_t(kHex[bytes[i] & 15]));
      }
      return Outcome::kReplaced;
    case ErrorMode::kSurrogateEscape: {
      // Up to four bytes of 0x80 and above; the codec calls again for the rest.
      int64_t consumed = 0;
      while (consumed < 4 && start + consumed < end && bytes[start + consumed] >= 0x80) {
        out->push_back(0xDC00 + bytes[start + consumed]);
        ++consumed;
      }
      if (consumed == 0) return Outcome::kRaiseOriginal;
      *resume = start + consumed;
      return Outcome::kReplaced;
    }
    case ErrorMode::kSurrogatePass: {
      // One surrogate, encoded as the codec would; the codec calls again for more.
      int width = 0;
      StandardEncoding code = standard_encoding(encoding, &width);
      if (code == StandardEncoding::kUnknown) return Outcome::kRaiseOriginal;
      const uint8_t* p = bytes + start;
      char32_t c = 0;
      if (int64_t(data.size()) - start >= width) {
        switch (code) {
          case StandardEncoding::kUtf8:
            if ((p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
              c = char32_t(p[0] & 0x0F) << 12 | char32_t(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
            }
            break;
          case StandardEncoding::kUtf16Le: c = char32_t(p[1]) << 8 | p[0]; break;
          case StandardEncoding::kUtf16Be: c = char32_t(p[0]) << 8 | p[1]; break;
          case StandardEncoding::kUtf32Le:
            c = char32_t(p[3]) << 24 | char32_t(p[2]) << 16 | char32_t(p[1]) << 8 | p[0];
            break;
          case StandardEncoding::kUtf32Be:
            c = char32_t(p[0]) << 24 | char32_t(p[1]) << 16 | char32_t(p[2]) << 8 | p[3];
            break;
          case StandardEncoding::kUnknown: break;
        }
      }
      if (c < 0xD800 || c > 0xDFFF) return Outcome::kRaiseOriginal;
      out->push_back(c);
      *resume = start + width;
      return Outcome::kReplaced;
    }
    default: return Outcome::kRaiseOriginal;
  }
}

Ref<> make_str(const char* text) { return str_from_utf8(text); }

// Reads a handler's (replacement, position) result; the position is made absolute
// against `length` and checked.
bool read_handler_result(Value result, bool decoding, int64_t length, Ref<>* replacement, int64_t* position) {
  const char* message = decoding ? "decoding error handler must return (str, int) tuple"
                                 : "encoding error handler must return (str/bytes, int) tuple";
  if (!is_tuple(result) || as_tuple(result)->length != 2) return type_error(message);
  Value first = as_tuple(result)->items[0], second = as_tuple(result)->items[1];
  if (!(is_str(first) || (!decoding && is_bytes(first)))) return type_error(message);
  if (!is_int(second) && !type_of(second)->to_index) return type_error(message);
  int64_t pos;
  if (!index_to_int64(second, &pos)) return false;
  if (pos < 0) pos += length;
  if (pos < 0 || pos > length) return index_error("position {} from error handler out of bounds", pos);
  *replacement = new_ref(first);
  *position = pos;
  return true;
}

void update_exception(Value exception, int64_t start, int64_t end, const char* reason) {
  auto* e = static_cast<UnicodeErrorObject*>(exception.as_object());
  e->start = start;
  e->end = end;
  Ref<> reason_str = make_str(reason);
  if (reason_str) {
    Value old = e->reason;
    e->reason = reason_str.release();
    decref(old);
  } else {
    clear_error();
  }
}

}  // namespace

// --- DecodeErrors ---

bool DecodeErrors::make_exception(int64_t start, int64_t end, const char* reason) {
  if (exception_) {
    update_exception(exception_, start, end, reason);
    return true;
  }
  Ref<> encoding = make_str(encoding_);
  exception_input_ = bytes_from(input_);
  Ref<> reason_str = make_str(reason);
  if (!encoding || !exception_input_ || !reason_str) return false;
  Value args[5] = {encoding, exception_input_, Value::small_int(start), Value::small_int(end), reason_str};
  exception_ = call(Value(&exc::UnicodeDecodeError), args, 5);
  return bool(exception_);
}

Raised DecodeErrors::raise(int64_t start, int64_t end, const char* reason) {
  if (!make_exception(start, end, reason)) return Raised();
  return raise_exception(exception_);
}

int64_t DecodeErrors::handle(int64_t start, int64_t end, const char* reason, std::u32string& out) {
  switch (mode_) {
    case ErrorMode::kStrict: return raise(start, end, reason);
    case ErrorMode::kIgnore:
    case ErrorMode::kReplace:
    case ErrorMode::kBackslashReplace:
    case ErrorMode::kSurrogateEscape:
    case ErrorMode::kSurrogatePass: {
      int64_t resume;
      Outcome outcome = builtin_decode(mode_, encoding_, input_, start, end, &out, &resume);
      if (outcome == Outcome::kRaiseOriginal) return raise(start, end, reason);
      return resume;
    }
    default: break;
  }
  // A handler from the registry (xmlcharrefreplace and namereplace raise TypeError there).
  if (!make_exception(start, end, reason)) return -1;
  if (!handler_) {
    handler_ = lookup_error_handler(errors_);
    if (!handler_) return -1;
  }
  Ref<> result = call1(handler_, exception_);
  if (!result) return -1;
  // The handler may have replaced the input: decoding continues over the new object.
  Value object = static_cast<UnicodeErrorObject*>(exception_.get())->object;
  if (!object || !is_bytes(object)) return type_error("exception attribute object must be bytes");
  if (object != exception_input_.value()) {
    exception_input_ = new_ref(object);
    input_ = bytes_view(object);
  }
  Ref<> replacement;
  int64_t position;
  if (!read_handler_result(result, true, int64_t(input_.size()), &replacement, &position)) return -1;
  StrObject* r = as_str(replacement);
  for (int64_t i = 0; i < r->length; ++i) out.push_back(r->at(i));
  return position;
}

// --- EncodeErrors ---

bool EncodeErrors::make_exception(int64_t start, int64_t end, const char* reason) {
  if (exception_) {
    update_exception(exception_, start, end, reason);
    return true;
  }
  Ref<> encoding = make_str(encoding_);
  Ref<> reason_str = make_str(reason);
  if (!encoding || !reason_str) return false;
  Value args[5] = {encoding, Value(input_), Value::small_int(start), Value::small_int(end), reason_str};
  exception_ = call(Value(&exc::UnicodeEncodeError), args, 5);
  return bool(exception_);
}

Raised EncodeErrors::raise(int64_t start, int64_t end, const char* reason) {
  if (!make_exception(start, end, reason)) return Raised();
  return raise_exception(exception_);
}

bool EncodeErrors::replacement(int64_t start, int64_t end, const char* reason, Ref<>* out, int64_t* resume) {
  if (mode_ == ErrorMode::kStrict) return raise(start, end, reason);
  if (mode_ != ErrorMode::kOther) {
    Outcome outcome = builtin_encode(mode_, encoding_, input_, start, end, out);
    if (outcome == Outcome::kRaiseOriginal) return raise(start, end, reason);
    *resume = end;
    return outcome == Outcome::kReplaced;
  }
  if (!make_exception(start, end, reason)) return false;
  if (!handler_) {
    handler_ = lookup_error_handler(errors_);
    if (!handler_) return false;
  }
  Ref<> result = call1(handler_, exception_);
  if (!result) return false;
  return read_handler_result(result, false, input_->length, out, resume);
}

// --- The handler functions ---

namespace {

// The clamped start and end of a UnicodeError over an object of `size` items, as
// CPython's PyUnicode*Error_GetStart/GetEnd report them.
void clamped_range(Value exception, int64_t size, int64_t* start, int64_t* end) {
  auto* e = static_cast<UnicodeErrorObject*>(exception.as_object());
  *start = e->start;
  if (*start < 0) *start = 0;
  if (*start >= size) *start = size > 0 ? size - 1 : 0;
  *end = e->end;
  if (*end < 1) *end = 1;
  if (*end > size) *end = size;
}

Raised cannot_handle(Value exception) {
  return type_error("don't know how to handle {} in error callback", type_name(exception));
}

bool exception_object(Value exception, bool want_str, Value* out) {
  Value object = static_cast<UnicodeErrorObject*>(exception.as_object())->object;
  if (want_str ? !(object && is_str(object)) : !(object && is_bytes(object))) {
    return type_error(want_str ? "object attribute must be unicode" : "object attribute must be bytes");
  }
  *out = object;
  return true;
}

std::string exception_encoding(Value exception) {
  Value encoding = static_cast<UnicodeErrorObject*>(exception.as_object())->encoding;
  return encoding && is_str(encoding) ? std::string(str_utf8(encoding)) : std::string();
}

Ref<> run_builtin_handler(ErrorMode mode, Value exception) {
  bool encode = is_instance_of(exception, &exc::UnicodeEncodeError);
  bool decode = !encode && is_instance_of(exception, &exc::UnicodeDecodeError);
  bool translate = !encode && !decode && is_instance_of(exception, &exc::UnicodeTranslateError);
  if (!encode && !decode && !translate) return cannot_handle(exception);
  if (translate && mode != ErrorMode::kIgnore && mode != ErrorMode::kReplace &&
      mode != ErrorMode::kBackslashReplace) {
    return cannot_handle(exception);
  }
  if (decode && (mode == ErrorMode::kXmlCharRefReplace || mode == ErrorMode::kNameReplace)) {
    return cannot_handle(exception);
  }
  Value object;
  if (!exception_object(exception, !decode, &object)) return nullptr;
  int64_t size = decode ? as_bytes(object)->length : as_str(object)->length;
  int64_t start, end;
  clamped_range(exception, size, &start, &end);
  if (decode) {
    std::u32string text;
    int64_t resume;
    Outcome outcome =
        builtin_decode(mode, exception_encoding(exception), bytes_view(object), start, end, &text, &resume);
    if (outcome == Outcome::kRaiseOriginal) return raise_exception(exception);
    Ref<> replacement = str_from_u32(text);
    if (!replacement) return nullptr;
    return codec_tuple(std::move(replacement), resume);
  }
  Ref<> replacement;
  if (translate && mode == ErrorMode::kReplace) {
    std::u32string text(size_t(end > start ? end - start : 0), U'\uFFFD');
    replacement = str_from_u32(text);
    if (!replacement) return nullptr;
  } else {
    Outcome outcome = builtin_encode(mode, exception_encoding(exception), as_str(object), start, end, &replacement);
    if (outcome == Outcome::kRaiseOriginal) return raise_exception(exception);
    if (outcome == Outcome::kError) return nullptr;
  }
  return codec_tuple(std::move(replacement), end);
}

Ref<> strict_errors(Value, const Value* args) {
  if (!is_exception_instance(args[0])) return type_error("codec must pass exception instance");
  return raise_exception(args[0]);
}
Ref<> ignore_errors(Value, const Value* args) { return run_builtin_handler(ErrorMode::kIgnore, args[0]); }
Ref<> replace_errors(Value, const Value* args) { return run_builtin_handler(ErrorMode::kReplace, args[0]); }
Ref<> backslashreplace_errors(Value, const Value* args) {
  return run_builtin_handler(ErrorMode::kBackslashReplace, args[0]);
}
Ref<> xmlcharrefreplace_errors(Value, const Value* args) {
  return run_builtin_handler(ErrorMode::kXmlCharRefReplace, args[0]);
}
Ref<> namereplace_errors(Value, const Value* args) {
  return run_builtin_handler(ErrorMode::kNameReplace, args[0]);
}
Ref<> surrogateescape_errors(Value, const Value* args) {
  return run_builtin_handler(ErrorMode::kSurrogateEscape, args[0]);
}
Ref<> surrogatepass_errors(Value, const Value* args) {
  return run_builtin_handler(ErrorMode::kSurrogatePass, args[0]);
}

const MethodDef kHandlerDefs[] = {
    {.name = "strict_errors", .impl = strict_errors, .signature = "($module, exception, /)",
     .doc = "Implements the 'strict' error handling, which raises a UnicodeError on coding errors."},
    {.name = "ignore_errors", .impl = ignore_errors, .signature = "($module, exception, /)",
     .doc = "Implements the 'ignore' error handling, which ignores malformed data and continues."},
    {.name = "replace_errors", .impl = replace_errors, .signature = "($module, exception, /)",
     .doc = "Implements the 'replace' error handling, which replaces malformed data with a replacement marker."},
    {.name = "xmlcharrefreplace_errors", .impl = xmlcharrefreplace_errors, .signature = "($module, exception, /)",
     .doc = "Implements the 'xmlcharrefreplace' error handling, which replaces an unencodable character with the appropriate XML character reference."},
    {.name = "backslashreplace_errors", .impl = backslashreplace_errors, .signature = "($module, exception, /)",
     .doc = "Implements the 'backslashreplace' error handling, which replaces malformed data with a backslashed escape sequence."},
    {.name = "namereplace_errors", .impl = namereplace_errors, .signature = "($module, exception, /)",
     .doc = "Implements the 'namereplace' error handling, which replaces an unencodable character with a \\N{...} escape sequence."},
    {.name = "surrogateescape", .impl = surrogateescape_errors, .signature = "($module, exception, /)"},
    {.name = "surrogatepass", .impl = surrogatepass_errors, .signature = "($module, exception, /)"},
};

}  // namespace

const BuiltinHandler kBuiltinHandlers[] = {
    {"strict", &kHandlerDefs[0]},           {"ignore", &kHandlerDefs[1]},
    {"replace", &kHandlerDefs[2]},          {"xmlcharrefreplace", &kHandlerDefs[3]},
    {"backslashreplace", &kHandlerDefs[4]}, {"namereplace", &kHandlerDefs[5]},
    {"surrogateescape", &kHandlerDefs[6]},  {"surrogatepass", &kHandlerDefs[7]},
};
const int kBuiltinHandlerCount = 8;

}  // namespace krait::codecs
