// What the files of the _codecs module share: the codec and error-handler registries
// (registry.cpp), the error handling every codec of this folder goes through
// (error_handlers.cpp), argument conversions, and the codec functions each file defines
// for the module table (module.cpp). UTF-8, ASCII and Latin-1 themselves are in
// objects/unicode_codecs.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "objects/bytes.h"

namespace krait {

struct StrObject;

namespace codecs {

// --- Registries (registry.cpp) ---

// codecs.lookup_error(name): the handler registered under name; LookupError "unknown error
// handler name 'x'".
Ref<> lookup_error_handler(Value name);

// --- Arguments, as Argument Clinic converts them for the codec functions ---

// A `str` parameter: TypeError "utf_16_encode() argument 1 must be str, not bytes".
bool str_argument(const char* function, int position, Value v);
// `errors`: a str or None (null afterwards) — "... argument 2 must be str or None, not int".
bool errors_argument(const char* function, int position, Value* errors);
// `final` and `byteorder`: an int (anything with __index__), as a C int.
bool int_argument(Value v, int* out);

// A bytes-like argument held for the call.
class DataArgument {
 public:
  DataArgument() = default;
  DataArgument(const DataArgument&) = delete;
  DataArgument& operator=(const DataArgument&) = delete;
  ~DataArgument() {
    if (held_) buffer_release(&view_);
  }
  bool get(Value v) {
    held_ = buffer_get(v, &view_, kBufferSimple);
    if (held_) data_ = {static_cast<const char*>(view_.data), size_t(view_.length)};
    return held_;
  }
  // As get(), a str being read as its UTF-8 (Argument Clinic's s* converter).
  bool get_str_or_buffer(Value v);
  std::string_view data() const { return data_; }

 private:
  Buffer view_;
  bool held_ = false;
  std::string_view data_;
};

// Results: (str or bytes, consumed length).
Ref<> codec_tuple(Ref<> result, int64_t length);

// --- Error handling ---

enum class ErrorMode : uint8_t {
  kStrict,
  kIgnore,
  kReplace,
  kBackslashReplace,
  kXmlCharRefReplace,
  kNameReplace,
  kSurrogateEscape,
  kSurrogatePass,
  kOther,  // a handler registered with codecs.register_error
};
ErrorMode error_mode(Value errors);  // null: strict

// Encodings the surrogatepass handler knows (CPython's get_standard_encoding).
enum class StandardEncoding : uint8_t { kUnknown, kUtf8, kUtf16Le, kUtf16Be, kUtf32Le, kUtf32Be };
StandardEncoding standard_encoding(std::string_view name, int* byte_length);

// The errors of one decoding call. The decoder reports each undecodable range of its
// input; handle() applies the error handler and appends its replacement to `out`. A
// handler registered in Python may replace the exception's object: then input() changes
// and the decoder must reload its pointers.
class DecodeErrors {
 public:
  DecodeErrors(const char* encoding, Value errors, std::string_view input)
      : encoding_(encoding), errors_(errors), mode_(error_mode(errors)), input_(input) {}

  // Handles input()[start, end). Returns the position to resume at (which may be anywhere
  // in the input), or -1 with an exception set.
  int64_t handle(int64_t start, int64_t end, const char* reason, std::u32string& out);
  std::string_view input() const { return input_; }
  Raised raise(int64_t start, int64_t end, const char* reason);

 private:
  bool make_exception(int64_t start, int64_t end, const char* reason);

  const char* encoding_;
  Value errors_;
  ErrorMode mode_;
  std::string_view input_;
  Ref<> exception_;
  Ref<> handler_;
  Ref<> exception_input_;  // the bytes in exception.object (input_ points into it once a
                           // handler has replaced them)
};

// The errors of one encoding call over the str `input`: replacement() gives what to put in
// place of input[start, end) — a str (which the encoder encodes itself, failing if it
// cannot) or bytes (copied as they are) — and where to resume.
class EncodeErrors {
 public:
  EncodeErrors(const char* encoding, Value errors, StrObject* input)
      : encoding_(encoding), errors_(errors), mode_(error_mode(errors)), input_(input) {}

  bool replacement(int64_t start, int64_t end, const char* reason, Ref<>* out, int64_t* resume);
  Raised raise(int64_t start, int64_t end, const char* reason);
  ErrorMode mode() const { return mode_; }

 private:
  bool make_exception(int64_t start, int64_t end, const char* reason);

  const char* encoding_;
  Value errors_;
  ErrorMode mode_;
  StrObject* input_;
  Ref<> exception_;
  Ref<> handler_;
};

// The built-in handlers as Python sees them (codecs.strict_errors, ...), registered by
// registry.cpp under their names.
struct BuiltinHandler {
  const char* name;      // the errors name: "strict"
  const MethodDef* def;  // the function: strict_errors
};
extern const BuiltinHandler kBuiltinHandlers[];
extern const int kBuiltinHandlerCount;

// --- Codec functions for the module table, by file ---

// module.cpp: utf_8_*, ascii_*, latin_1_*, readbuffer_encode.
// utf16_32.cpp
Ref<> utf_16_encode(Value, const Value* args);
Ref<> utf_16_le_encode(Value, const Value* args);
Ref<> utf_16_be_encode(Value, const Value* args);
Ref<> utf_16_decode(Value, const Value* args);
Ref<> utf_16_le_decode(Value, const Value* args);
Ref<> utf_16_be_decode(Value, const Value* args);
Ref<> utf_16_ex_decode(Value, const Value* args);
Ref<> utf_32_encode(Value, const Value* args);
Ref<> utf_32_le_encode(Value, const Value* args);
Ref<> utf_32_be_encode(Value, const Value* args);
Ref<> utf_32_decode(Value, const Value* args);
Ref<> utf_32_le_decode(Value, const Value* args);
Ref<> utf_32_be_decode(Value, const Value* args);
Ref<> utf_32_ex_decode(Value, const Value* args);
// utf7.cpp
Ref<> utf_7_encode(Value, const Value* args);
Ref<> utf_7_decode(Value, const Value* args);
// charmap.cpp
Ref<> charmap_encode(Value, const Value* args);
Ref<> charmap_decode(Value, const Value* args);
Ref<> charmap_build(Value, const Value* args);
bool charmap_ready();
// escape.cpp
Ref<> unicode_escape_encode(Value, const Value* args);
Ref<> unicode_escape_decode(Value, const Value* args);
Ref<> raw_unicode_escape_encode(Value, const Value* args);
Ref<> raw_unicode_escape_decode(Value, const Value* args);
Ref<> escape_encode(Value, const Value* args);
Ref<> escape_decode(Value, const Value* args);
// registry.cpp
Ref<> codecs_register(Value, const Value* args);
Ref<> codecs_unregister(Value, const Value* args);
Ref<> codecs_lookup(Value, const Value* args);
Ref<> codecs_encode(Value, const Value* args);
Ref<> codecs_decode(Value, const Value* args);
Ref<> codecs_register_error(Value, const Value* args);
Ref<> codecs_lookup_error(Value, const Value* args);

// Builds the str of decoded code points.
Ref<StrObject> str_from_u32(const std::u32string& text);

}  // namespace codecs
}  // namespace krait
