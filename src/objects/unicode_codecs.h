// The codecs krait runs natively — UTF-8, ASCII and Latin-1, with every standard error
// handler (strict, ignore, replace, surrogateescape, surrogatepass, backslashreplace,
// xmlcharrefreplace, namereplace) and handlers registered with codecs.register_error — and
// the entry points str.encode / bytes.decode / str(bytes, ...) use, which hand any other
// encoding to the codecs module. The _codecs module builds on these too.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/object.h"

namespace krait {

struct StrObject;
struct BytesObject;

// Decoders. `errors` is a str naming the error handler, or null for "strict". `source` is
// the object being decoded, for the UnicodeDecodeError (null: a bytes copy of data is made
// when an error needs one).
// UTF-8: when `final` is false an incomplete sequence at the end is left undecoded and
// *consumed (if given) says how many bytes were used.
Ref<StrObject> decode_utf8(std::string_view data, Value errors, Value source, bool final = true,
                           int64_t* consumed = nullptr);
Ref<StrObject> decode_ascii(std::string_view data, Value errors, Value source);
Ref<StrObject> decode_latin1(std::string_view data);

// Encoders; `errors` as above.
Ref<BytesObject> encode_utf8(StrObject* s, Value errors);
Ref<BytesObject> encode_ascii(StrObject* s, Value errors);
Ref<BytesObject> encode_latin1(StrObject* s, Value errors);

// True if `s` encodes to UTF-8 strictly; false with UnicodeEncodeError set (lone
// surrogates), where CPython's PyUnicode_AsUTF8 would fail.
bool str_check_utf8_encodable(StrObject* s);

// str.encode(encoding, errors): native for utf-8/ascii/latin-1, else through
// codecs.lookup(encoding) (text encodings only, result must be bytes). Null encoding or
// errors mean 'utf-8' and 'strict'.
Ref<> str_encode(StrObject* s, Value encoding, Value errors);
// bytes.decode / str(obj, encoding, errors) for a bytes-like object.
Ref<> bytes_decode(Value object, Value encoding, Value errors);

}  // namespace krait
