// _multibytecodec (MultibyteCodec, the incremental encoder/decoder and stream reader/writer
// bases the encodings/*.py CJK modules subclass) and the _codecs_jp/cn/kr/tw/hk/iso2022
// modules whose getcodec(name) hands out a MultibyteCodec for cjk_codec.cpp's codecs.
#include <cstring>

#include "core/alloc.h"
#include "core/ops.h"
#include "modules/cjk/cjk_codec.h"
#include "modules/codecs/codecs_internal.h"
#include "modules/module_def.h"
#include "objects/bytes.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "objects/unicode_codecs.h"

namespace krait {

namespace {

using cjk::CjkCodecData;

struct CodecObject : Object {
  const CjkCodecData* codec;
};

// Incremental encoders/decoders and stream readers/writers share one layout.
struct StatefulObject : Object {
  const CjkCodecData* codec;
  Object* errors;  // the errors name, a str
  Value stream;    // owned; readers and writers only
  uint8_t pending_length;
  char pending[15];  // an incomplete multibyte sequence carried to the next decode
  char32_t pending_char;  // encoders: a held-back first character of a pair (0: none)
  uint8_t mode;           // the shift state of a stateful codec (HZ)
  uint64_t state_rest;    // decoders: the bytes of a setstate() flags value above `mode`
};

extern TypeObject codec_type;

StatefulObject* as_stateful(Value v) { return static_cast<StatefulObject*>(v.as_object()); }

// errors as the codec functions take it: a str or null (strict).
bool errors_value(const char* function, Value* errors) {
  return codecs::errors_argument(function, 2, errors);
}

Ref<> codec_encode(Value self, const Value* args) {
  Value errors = args[1];
  if (!is_str(args[0])) return type_error("couldn't convert the object to unicode.");
  if (!errors_value("encode", &errors)) return nullptr;
  StrObject* text = as_str(args[0]);
  uint8_t mode = 0;
  Ref<> result = cjk::encode(static_cast<CodecObject*>(self.as_object())->codec, text, errors, true, &mode);
  if (!result) return nullptr;
  return codecs::codec_tuple(std::move(result), text->length);
}

Ref<> codec_decode(Value self, const Value* args) {
  Value errors = args[1];
  codecs::DataArgument data;
  if (!data.get(args[0]) || !errors_value("decode", &errors)) return nullptr;
  int64_t consumed;
  uint8_t mode = 0;
  Ref<> result = cjk::decode(static_cast<CodecObject*>(self.as_object())->codec, data.data(), errors, true, &consumed, &mode);
  if (!result) return nullptr;
  return codecs::codec_tuple(std::move(result), consumed);
}

const MethodDef codec_methods[] = {
    {.name = "encode", .impl = codec_encode, .signature = "($self, /, input, errors=None)",
     .doc = "Return an encoded string version of `input'."},
    {.name = "decode", .impl = codec_decode, .signature = "($self, /, input, errors=None)",
     .doc = "Decodes 'input'."},
    {},
};

TypeObject codec_type{TypeSpec{
    .name = "MultibyteCodec",
    .basic_size = sizeof(CodecObject),
    .flags = kTypeDisallowInstantiation,
    .slots = {.dealloc = dealloc_plain, .getattr = generic_get_attr},
    .methods = codec_methods,
}};

Ref<> make_codec(const CjkCodecData* data) {
  auto* codec = allocate<CodecObject>(&codec_type);
  if (!codec) return nullptr;
  codec->codec = data;
  return Ref<>::steal(Value(codec));
}

// --- Stateful objects ---

void stateful_dealloc(Object* o) {
  auto* s = static_cast<StatefulObject*>(o);
  if (s->errors) decref(Value(s->errors));
  if (s->stream) decref(s->stream);
  free_object(o);
}

// new(cls, [stream,] errors=None): the codec comes from the class attribute `codec`.
Ref<> stateful_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames,
                   bool with_stream) {
  size_t positional = nargs;
  Value stream, errors;
  size_t index = 0;
  if (with_stream && index < positional) stream = args[index++];
  if (index < positional) errors = args[index++];
  if (index < positional) return type_error("function takes at most {} arguments ({} given)", with_stream ? 2 : 1, nargs);
  if (kwnames) {
    for (int64_t i = 0; i < kwnames->length; ++i) {
      std::string_view name = str_utf8(kwnames->items[i]);
      Value value = args[nargs + size_t(i)];
      if (name == "errors" && !errors) {
        errors = value;
      } else if (with_stream && name == "stream" && !stream) {
        stream = value;
      } else {
        return type_error("'{}' is an invalid keyword argument for this function", name);
      }
    }
  }
  if (with_stream && !stream) return type_error("function missing required argument 'stream' (pos 1)");
  Ref<> codec = get_attr(Value(type), "codec");
  if (!codec) return nullptr;
  if (!is_type(codec, &codec_type)) return type_error("codec is unexpected type");
  Ref<> errors_name;
  if (!errors || is_none(errors)) {
    errors_name = str_from_ascii("strict");
  } else if (is_str(errors)) {
    errors_name = new_ref(errors);
  } else {
    return type_error("errors must be a string, not {}", type_name(errors));
  }
  if (!errors_name) return nullptr;
  auto* s = allocate<StatefulObject>(type);
  if (!s) return nullptr;
  s->codec = static_cast<CodecObject*>(codec.get())->codec;
  s->errors = errors_name.release().as_object();
  if (stream) s->stream = new_ref(stream).release();
  return Ref<>::steal(Value(s));
}

Ref<> coder_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return stateful_new(type, args, nargs, kwnames, false);
}
Ref<> stream_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return stateful_new(type, args, nargs, kwnames, true);
}
int stateful_init(Value, const Value*, size_t, TupleObject*) { return 0; }

Ref<> stateful_errors(Value self) { return new_ref(Value(as_stateful(self)->errors)); }
Ref<> stateful_stream(Value self) { return new_ref(as_stateful(self)->stream); }

int stateful_set_errors(Value self, Value value) {
  if (!value) return raise(exc::AttributeError, "cannot delete attribute");
  if (!is_str(value)) return type_error("errors must be a string");
  StatefulObject* s = as_stateful(self);
  Object* old = s->errors;
  s->errors = new_ref(value).release().as_object();
  decref(Value(old));
  return 0;
}

const GetSetDef coder_getsets[] = {
    {.name = "errors", .get = stateful_errors, .set = stateful_set_errors, .doc = "how to treat errors"},
    {},
};
const GetSetDef stream_getsets[] = {
    {.name = "errors", .get = stateful_errors, .set = stateful_set_errors, .doc = "how to treat errors"},
    {.name = "stream", .get = stateful_stream},
    {},
};

Ref<> stateful_reset(Value self, const Value*) {
  as_stateful(self)->pending_length = 0;
  as_stateful(self)->pending_char = 0;
  as_stateful(self)->mode = 0;
  as_stateful(self)->state_rest = 0;
  return new_none();
}

// Encodes the held-back character followed by text; unless final, a last character that
// may start a pair is held back in turn.
Ref<> encode_with_pending(StatefulObject* s, StrObject* text, bool final) {
  std::u32string joined;
  char32_t held = s->pending_char;
  if (held) joined.push_back(held);
  for (int64_t i = 0; i < text->length; ++i) joined.push_back(text->at(i));
  s->pending_char = 0;
  if (!final && !joined.empty() && cjk::is_pair_first(s->codec, joined.back())) {
    s->pending_char = joined.back();
    joined.pop_back();
  }
  Ref<StrObject> input = str_from_code_points(joined.data(), int64_t(joined.size()));
  if (!input) return nullptr;
  Ref<> result = cjk::encode(s->codec, input.get(), Value(s->errors), final, &s->mode);
  if (!result) s->pending_char = held;  // a failed call keeps the held character, as CPython
  return result;
}

bool final_argument(Value v, bool* final) {
  if (!v) {
    *final = false;
    return true;
  }
  int value;
  if (!codecs::int_argument(v, &value)) return false;
  *final = value != 0;
  return true;
}

Ref<> encoder_encode(Value self, const Value* args) {
  StatefulObject* s = as_stateful(self);
  bool final;
  if (!is_str(args[0])) return type_error("couldn't convert the object to unicode.");
  if (!final_argument(args[1], &final)) return nullptr;
  return encode_with_pending(s, as_str(args[0]), final);
}

// The encoder state as CPython packs it into an int (little-endian bytes): the length of
// the held-back text in UTF-8, that text, then 8 bytes of codec state (krait keeps its
// shift state in the first).
constexpr size_t kEncoderCodecStateBytes = 8;
constexpr size_t kEncoderMaxPendingBytes = 8;  // CPython's MAXENCPENDING (2) * 4

Ref<> encoder_getstate(Value self, const Value*) {
  StatefulObject* s = as_stateful(self);
  std::string bytes(1, '\0');
  if (s->pending_char) {
    char32_t c = s->pending_char;
    Ref<StrObject> text = str_from_code_points(&c, 1);
    if (!text) return nullptr;
    Ref<BytesObject> utf8 = encode_utf8(text.get(), Value());
    if (!utf8) return nullptr;
    bytes[0] = char(bytes_view(utf8.value()).size());
    bytes += bytes_view(utf8.value());
  }
  std::string codec_state(kEncoderCodecStateBytes, '\0');
  codec_state[0] = char(s->mode);
  bytes += codec_state;
  mpz_t z;
  mpz_init(z);
  mpz_import(z, bytes.size(), -1, 1, 0, 0, bytes.data());
  return int_from_mpz_move(z);
}

Ref<> encoder_setstate(Value self, const Value* args) {
  if (!is_int(args[0])) return type_error("setstate() argument must be int, not {}", type_name(args[0]));
  if (int_sign(args[0]) < 0) return raise(exc::OverflowError, "can't convert negative int to unsigned");
  unsigned char bytes[1 + kEncoderMaxPendingBytes + kEncoderCodecStateBytes] = {};
  mpz_t z;
  mpz_init(z);
  int_to_mpz(args[0], z);
  bool too_big = (mpz_sizeinbase(z, 2) + 7) / 8 > sizeof bytes;
  if (!too_big) mpz_export(bytes, nullptr, -1, 1, 0, 0, z);
  mpz_clear(z);
  if (too_big) return raise(exc::OverflowError, "int too big to convert");
  size_t pending_length = bytes[0];
  if (pending_length > kEncoderMaxPendingBytes) return raise(exc::UnicodeError, "pending buffer too large");
  Ref<StrObject> pending =
      decode_utf8(std::string_view(reinterpret_cast<const char*>(bytes + 1), pending_length), Value(), Value(), true, nullptr);
  if (!pending) return nullptr;
  // krait holds back at most one character (the first of a pair).
  if (pending->length > 1) return raise(exc::UnicodeError, "pending buffer too large");
  StatefulObject* s = as_stateful(self);
  s->pending_char = pending->length ? pending->at(0) : 0;
  s->mode = bytes[1 + pending_length];
  return new_none();
}

// Decodes the pending bytes followed by data; what stays incomplete becomes pending.
Ref<> decode_with_pending(StatefulObject* s, std::string_view data, bool final) {
  std::string joined;
  std::string_view input = data;
  if (s->pending_length) {
    joined.assign(s->pending, s->pending_length);
    joined += data;
    input = joined;
  }
  int64_t consumed;
  Ref<> result = cjk::decode(s->codec, input, Value(s->errors), final, &consumed, &s->mode);
  if (!result) return nullptr;
  size_t rest = input.size() - size_t(consumed);
  if (rest > sizeof s->pending) return runtime_error("pending buffer overflow");
  std::memmove(s->pending, input.data() + consumed, rest);
  s->pending_length = uint8_t(rest);
  return result;
}

Ref<> decoder_decode(Value self, const Value* args) {
  codecs::DataArgument data;
  bool final;
  if (!data.get(args[0]) || !final_argument(args[1], &final)) return nullptr;
  return decode_with_pending(as_stateful(self), data.data(), final);
}

// (pending bytes, flags): the flags are CPython's 8 bytes of codec state as an int; krait's
// shift state is the low byte and the rest is kept as given.
Ref<> decoder_getstate(Value self, const Value*) {
  StatefulObject* s = as_stateful(self);
  Ref<> pending = bytes_from(std::string_view(s->pending, s->pending_length));
  if (!pending) return nullptr;
  Ref<> flags = int_from_uint64(s->mode | s->state_rest << 8);
  if (!flags) return nullptr;
  return tuple_steal({pending.release(), flags.release()});
}

constexpr size_t kDecoderMaxPending = 8;  // CPython's MAXDECPENDING

Ref<> decoder_setstate(Value self, const Value* args) {
  StatefulObject* s = as_stateful(self);
  Value state = args[0];
  if (!is_tuple(state)) return type_error("setstate() argument must be tuple, not {}", type_name(state));
  TupleObject* t = as_tuple(state);
  if (t->length != 2 || !is_bytes(t->items[0]) || !is_int(t->items[1])) {
    return type_error("setstate(): illegal state argument");
  }
  Value flags = t->items[1];
  if (int_sign(flags) < 0) return raise(exc::OverflowError, "can't convert negative int to unsigned");
  mpz_t z;
  mpz_init(z);
  int_to_mpz(flags, z);
  bool too_big = mpz_sizeinbase(z, 2) > 64;
  uint64_t value = 0;
  if (!too_big) mpz_export(&value, nullptr, -1, sizeof value, 0, 0, z);
  mpz_clear(z);
  if (too_big) return raise(exc::OverflowError, "int too big to convert");
  std::string_view pending = bytes_view(t->items[0]);
  if (pending.size() > kDecoderMaxPending) return raise(exc::UnicodeError, "pending buffer too large");
  std::memcpy(s->pending, pending.data(), pending.size());
  s->pending_length = uint8_t(pending.size());
  s->mode = uint8_t(value);
  s->state_rest = value >> 8;
  return new_none();
}

const MethodDef encoder_methods[] = {
    {.name = "encode", .impl = encoder_encode, .signature = "($self, /, input, final=False)"},
    {.name = "getstate", .impl = encoder_getstate, .signature = "($self, /)"},
    {.name = "setstate", .impl = encoder_setstate, .signature = "($self, state, /)"},
    {.name = "reset", .impl = stateful_reset, .signature = "($self, /)"},
    {},
};
const MethodDef decoder_methods[] = {
    {.name = "decode", .impl = decoder_decode, .signature = "($self, /, input, final=False)"},
    {.name = "getstate", .impl = decoder_getstate, .signature = "($self, /)"},
    {.name = "setstate", .impl = decoder_setstate, .signature = "($self, state, /)"},
    {.name = "reset", .impl = stateful_reset, .signature = "($self, /)"},
    {},
};

// --- Streams ---

// Reads through stream.<method>(size) (no argument when size is None) and decodes.
Ref<> reader_read_with(Value self, const char* method, Value size) {
  StatefulObject* s = as_stateful(self);
  bool all = !size || is_none(size);
  if (!all) {
    int64_t n;
    if (!is_int(size)) return type_error("arg 1 must be an integer");
    if (!int_as_int64(size, &n)) return nullptr;
    if (n < 0) all = true;
    if (n == 0) return str_from_ascii("");
  }
  Ref<> reader = get_attr(s->stream, method);
  if (!reader) return nullptr;
  Ref<> chunk_size = all ? Ref<>() : new_ref(size);
  // As CPython: read until something decodes, one byte at a time after the first read.
  while (true) {
    Value arg = chunk_size.get();
    Ref<> data = all ? call(reader, nullptr, 0) : call(reader, &arg, 1);
    if (!data) return nullptr;
    if (!is_bytes(data)) return type_error("stream function returned a non-bytes object ({})", type_name(data));
    std::string_view view = bytes_view(data);
    bool end = all || view.empty();
    Ref<> text = decode_with_pending(s, view, end);
    if (!text || end || as_str(text)->length) return text;
    chunk_size = int_from_small(1);
  }
}

Ref<> reader_read(Value self, const Value* args) { return reader_read_with(self, "read", args[0]); }
Ref<> reader_readline(Value self, const Value* args) { return reader_read_with(self, "readline", args[0]); }

Ref<> reader_readlines(Value self, const Value* args) {
  Ref<> text = reader_read_with(self, "read", args[0]);
  if (!text) return nullptr;
  Ref<> splitlines = get_attr(text, "splitlines");
  if (!splitlines) return nullptr;
  Value keepends = True();
  return call(splitlines, &keepends, 1);
}

Ref<> writer_write(Value self, const Value* args) {
  StatefulObject* s = as_stateful(self);
  if (!is_str(args[0])) return type_error("couldn't convert the object to unicode.");
  Ref<> data = encode_with_pending(s, as_str(args[0]), false);
  if (!data) return nullptr;
  Ref<> writer = get_attr(s->stream, "write");
  if (!writer) return nullptr;
  Value arg = data.get();
  Ref<> result = call(writer, &arg, 1);
  if (!result) return nullptr;
  return new_none();
}

Ref<> writer_writelines(Value self, const Value* args) {
  bool ok = for_each(args[0], [&](Value line) {
    Value arg = line;
    return bool(writer_write(self, &arg));
  });
  if (!ok) return nullptr;
  return new_none();
}

const MethodDef reader_methods[] = {
    {.name = "read", .impl = reader_read, .signature = "($self, sizeobj=None, /)"},
    {.name = "readline", .impl = reader_readline, .signature = "($self, sizeobj=None, /)"},
    {.name = "readlines", .impl = reader_readlines, .signature = "($self, sizehintobj=None, /)"},
    {.name = "reset", .impl = stateful_reset, .signature = "($self, /)"},
    {},
};
// reset(): writes out a held-back character.
Ref<> writer_reset(Value self, const Value*) {
  StatefulObject* s = as_stateful(self);
  if (!s->pending_char && !s->mode) return stateful_reset(self, nullptr);
  Ref<StrObject> empty = str_from_ascii("");
  if (!empty) return nullptr;
  Ref<> data = encode_with_pending(s, empty.get(), true);
  if (!data) return nullptr;
  if (bytes_view(data).empty()) return new_none();
  Ref<> writer = get_attr(s->stream, "write");
  if (!writer) return nullptr;
  Value arg = data.get();
  Ref<> result = call(writer, &arg, 1);
  if (!result) return nullptr;
  return new_none();
}

const MethodDef writer_methods[] = {
    {.name = "write", .impl = writer_write, .signature = "($self, strobj, /)"},
    {.name = "writelines", .impl = writer_writelines, .signature = "($self, lines, /)"},
    {.name = "reset", .impl = writer_reset, .signature = "($self, /)"},
    {},
};

TypeObject encoder_type{TypeSpec{
    .name = "_multibytecodec.MultibyteIncrementalEncoder",
    .basic_size = sizeof(StatefulObject),
    .flags = kTypeBaseType,
    .slots = {.dealloc = stateful_dealloc, .new_instance = coder_new, .init = stateful_init,
              .getattr = generic_get_attr},
    .methods = encoder_methods, .getsets = coder_getsets,
}};
TypeObject decoder_type{TypeSpec{
    .name = "_multibytecodec.MultibyteIncrementalDecoder",
    .basic_size = sizeof(StatefulObject),
    .flags = kTypeBaseType,
    .slots = {.dealloc = stateful_dealloc, .new_instance = coder_new, .init = stateful_init,
              .getattr = generic_get_attr},
    .methods = decoder_methods, .getsets = coder_getsets,
}};
TypeObject reader_type{TypeSpec{
    .name = "_multibytecodec.MultibyteStreamReader",
    .basic_size = sizeof(StatefulObject),
    .flags = kTypeBaseType,
    .slots = {.dealloc = stateful_dealloc, .new_instance = stream_new, .init = stateful_init,
              .getattr = generic_get_attr},
    .methods = reader_methods, .getsets = stream_getsets,
}};
TypeObject writer_type{TypeSpec{
    .name = "_multibytecodec.MultibyteStreamWriter",
    .basic_size = sizeof(StatefulObject),
    .flags = kTypeBaseType,
    .slots = {.dealloc = stateful_dealloc, .new_instance = stream_new, .init = stateful_init,
              .getattr = generic_get_attr},
    .methods = writer_methods, .getsets = stream_getsets,
}};

Ref<> create_codec(Value, const Value* args) {
  if (is_type(args[0], &codec_type)) return new_ref(args[0]);
  return value_error("argument type invalid");
}

const MethodDef multibytecodec_functions[] = {
    {.name = "__create_codec", .impl = create_codec, .signature = "($module, arg, /)"},
    {},
};

bool multibytecodec_exec(ModuleObject* module) {
  return type_ready(&codec_type) && module_add_type(module, &encoder_type) &&
         module_add_type(module, &decoder_type) && module_add_type(module, &reader_type) &&
         module_add_type(module, &writer_type);
}

// _codecs_<Module>.getcodec(encoding).
template <const char* Module>
Ref<> getcodec(Value, const Value* args) {
  if (!is_str(args[0])) return type_error("getcodec() argument must be str, not {}", type_name(args[0]));
  const CjkCodecData* codec = cjk::find_codec(Module, str_utf8(args[0]));
  if (!codec) return raise(exc::LookupError, "no such codec is supported.");
  if (!type_ready(&codec_type)) return nullptr;
  return make_codec(codec);
}

template <const char* Module>
constexpr MethodDef kGetcodecFunctions[] = {
    {.name = "getcodec", .impl = getcodec<Module>, .signature = "($module, encoding, /)"},
    {},
};

constexpr char kJp[] = "jp", kCn[] = "cn", kKr[] = "kr", kTw[] = "tw", kHk[] = "hk", kIso2022[] = "iso2022";

}  // namespace

extern const ModuleDef module__multibytecodec = {
    .name = "_multibytecodec", .methods = multibytecodec_functions, .exec = multibytecodec_exec};
extern const ModuleDef module__codecs_jp = {.name = "_codecs_jp", .methods = kGetcodecFunctions<kJp>};
extern const ModuleDef module__codecs_cn = {.name = "_codecs_cn", .methods = kGetcodecFunctions<kCn>};
extern const ModuleDef module__codecs_kr = {.name = "_codecs_kr", .methods = kGetcodecFunctions<kKr>};
extern const ModuleDef module__codecs_tw = {.name = "_codecs_tw", .methods = kGetcodecFunctions<kTw>};
extern const ModuleDef module__codecs_hk = {.name = "_codecs_hk", .methods = kGetcodecFunctions<kHk>};
extern const ModuleDef module__codecs_iso2022 = {.name = "_codecs_iso2022", .methods = kGetcodecFunctions<kIso2022>};

}  // namespace krait
