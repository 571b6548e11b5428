// _codecs: the native half of the codecs module and the encodings package. This file holds
// the module table, the argument conversions every codec function shares, and the
// UTF-8 / ASCII / Latin-1 entry points over objects/unicode_codecs.h; the registries are in
// registry.cpp, the error handlers in error_handlers.cpp and the other codecs in their own
// files.
#include "core/ops.h"
#include "modules/codecs/codecs_internal.h"
#include "modules/module_def.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"
#include "objects/unicode_codecs.h"

namespace krait::codecs {

bool str_argument(const char* function, int position, Value v) {
  if (is_str(v)) return true;
  return type_error("{}() argument {} must be str, not {}", function, position, argument_type_name(v));
}

bool errors_argument(const char* function, int position, Value* errors) {
  if (!*errors || is_none(*errors)) {
    *errors = Value();
    return true;
  }
  if (is_str(*errors)) return true;
  return type_error("{}() argument {} must be str or None, not {}", function, position, argument_type_name(*errors));
}

bool int_argument(Value v, int* out) {
  int64_t value;
  if (!index_argument(v, &value)) return false;
  if (value < INT32_MIN || value > INT32_MAX) return overflow_error("Python int too large to convert to C int");
  *out = int(value);
  return true;
}

bool DataArgument::get_str_or_buffer(Value v) {
  if (is_str(v)) {
    data_ = str_utf8(v);
    return true;
  }
  return get(v);
}

Ref<> codec_tuple(Ref<> result, int64_t length) {
  if (!result) return nullptr;
  Ref<> number = int_from_int64(length);
  if (!number) return nullptr;
  return tuple_steal({result.release(), number.release()});
}

namespace {

// --- UTF-8, ASCII, Latin-1 ---

Ref<> utf_8_encode(Value, const Value* args) {
  Value errors = args[1];
  if (!str_argument("utf_8_encode", 1, args[0]) || !errors_argument("utf_8_encode", 2, &errors)) return nullptr;
  return codec_tuple(encode_utf8(as_str(args[0]), errors), as_str(args[0])->length);
}

Ref<> utf_8_decode(Value, const Value* args) {
  Value errors = args[1];
  int final = 0;
  DataArgument data;
  if (!data.get(args[0]) || !errors_argument("utf_8_decode", 2, &errors) || !int_argument(args[2], &final)) {
    return nullptr;
  }
  int64_t consumed = int64_t(data.data().size());
  Ref<> result = decode_utf8(data.data(), errors, Value(), final != 0, &consumed);
  return codec_tuple(std::move(result), consumed);
}

Ref<> ascii_encode(Value, const Value* args) {
  Value errors = args[1];
  if (!str_argument("ascii_encode", 1, args[0]) || !errors_argument("ascii_encode", 2, &errors)) return nullptr;
  return codec_tuple(encode_ascii(as_str(args[0]), errors), as_str(args[0])->length);
}

Ref<> ascii_decode(Value, const Value* args) {
  Value errors = args[1];
  DataArgument data;
  if (!data.get(args[0]) || !errors_argument("ascii_decode", 2, &errors)) return nullptr;
  return codec_tuple(decode_ascii(data.data(), errors, Value()), int64_t(data.data().size()));
}

Ref<> latin_1_encode(Value, const Value* args) {
  Value errors = args[1];
  if (!str_argument("latin_1_encode", 1, args[0]) || !errors_argument("latin_1_encode", 2, &errors)) {
    return nullptr;
  }
  return codec_tuple(encode_latin1(as_str(args[0]), errors), as_str(args[0])->length);
}

Ref<> latin_1_decode(Value, const Value* args) {
  Value errors = args[1];
  DataArgument data;
  if (!data.get(args[0]) || !errors_argument("latin_1_decode", 2, &errors)) return nullptr;
  return codec_tuple(decode_latin1(data.data()), int64_t(data.data().size()));
}

// readbuffer_encode(data): the bytes of a buffer, or of a str in UTF-8.
Ref<> readbuffer_encode(Value, const Value* args) {
  Value errors = args[1];
  if (!errors_argument("readbuffer_encode", 2, &errors)) return nullptr;
  DataArgument data;
  if (!data.get_str_or_buffer(args[0])) return nullptr;
  return codec_tuple(bytes_from(data.data()), int64_t(data.data().size()));
}

#define CODEC_ENCODER(fn) \
  {.name = #fn, .impl = fn, .signature = "($module, str, errors=None, /)"}
#define CODEC_DECODER(fn) \
  {.name = #fn, .impl = fn, .signature = "($module, data, errors=None, final=False, /)"}

const MethodDef codecs_methods[] = {
    {.name = "register", .impl = codecs_register, .signature = "($module, search_function, /)",
     .doc = "Register a codec search function.\n\nSearch functions are expected to take one argument, the encoding name in\n"
            "all lower case letters, and either return None, or a tuple of functions\n"
            "(encoder, decoder, stream_reader, stream_writer) (or a CodecInfo object)."},
    {.name = "unregister", .impl = codecs_unregister, .signature = "($module, search_function, /)",
     .doc = "Unregister a codec search function and clear the registry's cache.\n\n"
            "If the search function is not registered, do nothing."},
    {.name = "lookup", .impl = codecs_lookup, .signature = "($module, encoding, /)",
     .doc = "Looks up a codec tuple in the Python codec registry and returns a CodecInfo object."},
    {.name = "encode", .impl = codecs_encode, .signature = "($module, /, obj, encoding=?, errors=?)",
     .doc = "Encodes obj using the codec registered for encoding.\n\nThe default encoding is 'utf-8'.  errors may be given to set a\n"
            "different error handling scheme.  Default is 'strict' meaning that encoding\n"
            "errors raise a ValueError.  Other possible values are 'ignore', 'replace'\n"
            "and 'backslashreplace' as well as any other name registered with\n"
            "codecs.register_error that can handle ValueErrors."},
    {.name = "decode", .impl = codecs_decode, .signature = "($module, /, obj, encoding=?, errors=?)",
     .doc = "Decodes obj using the codec registered for encoding.\n\nDefault encoding is 'utf-8'.  errors may be given to set a\n"
            "different error handling scheme.  Default is 'strict' meaning that encoding\n"
            "errors raise a ValueError.  Other possible values are 'ignore', 'replace'\n"
            "and 'backslashreplace' as well as any other name registered with\n"
            "codecs.register_error that can handle ValueErrors."},
    {.name = "escape_encode", .impl = escape_encode, .signature = "($module, data, errors=None, /)"},
    {.name = "escape_decode", .impl = escape_decode, .signature = "($module, data, errors=None, /)"},
    CODEC_ENCODER(utf_8_encode),
    CODEC_DECODER(utf_8_decode),
    CODEC_ENCODER(utf_7_encode),
    CODEC_DECODER(utf_7_decode),
    {.name = "utf_16_encode", .impl = utf_16_encode, .signature = "($module, str, errors=None, byteorder=0, /)"},
    CODEC_ENCODER(utf_16_le_encode),
    CODEC_ENCODER(utf_16_be_encode),
    CODEC_DECODER(utf_16_decode),
    CODEC_DECODER(utf_16_le_decode),
    CODEC_DECODER(utf_16_be_decode),
    {.name = "utf_16_ex_decode", .impl = utf_16_ex_decode,
     .signature = "($module, data, errors=None, byteorder=0, final=False, /)"},
    {.name = "utf_32_encode", .impl = utf_32_encode, .signature = "($module, str, errors=None, byteorder=0, /)"},
    CODEC_ENCODER(utf_32_le_encode),
    CODEC_ENCODER(utf_32_be_encode),
    CODEC_DECODER(utf_32_decode),
    CODEC_DECODER(utf_32_le_decode),
    CODEC_DECODER(utf_32_be_decode),
    {.name = "utf_32_ex_decode", .impl = utf_32_ex_decode,
     .signature = "($module, data, errors=None, byteorder=0, final=False, /)"},
    CODEC_ENCODER(unicode_escape_encode),
    {.name = "unicode_escape_decode", .impl = unicode_escape_decode,
     .signature = "($module, data, errors=None, final=True, /)"},
    CODEC_ENCODER(raw_unicode_escape_encode),
    {.name = "raw_unicode_escape_decode", .impl = raw_unicode_escape_decode,
     .signature = "($module, data, errors=None, final=True, /)"},
    CODEC_ENCODER(latin_1_encode),
    {.name = "latin_1_decode", .impl = latin_1_decode, .signature = "($module, data, errors=None, /)"},
    CODEC_ENCODER(ascii_encode),
    {.name = "ascii_decode", .impl = ascii_decode, .signature = "($module, data, errors=None, /)"},
    {.name = "charmap_encode", .impl = charmap_encode, .signature = "($module, str, errors=None, mapping=None, /)"},
    {.name = "charmap_decode", .impl = charmap_decode, .signature = "($module, data, errors=None, mapping=None, /)"},
    {.name = "charmap_build", .impl = charmap_build, .signature = "($module, map, /)"},
    {.name = "readbuffer_encode", .impl = readbuffer_encode, .signature = "($module, data, errors=None, /)"},
    {.name = "register_error", .impl = codecs_register_error, .signature = "($module, errors, handler, /)",
     .doc = "Register the specified error handler under the name errors.\n\n"
            "handler must be a callable object, that will be called with an exception\n"
            "instance containing information about the location of the encoding/decoding\n"
            "error and must return a (replacement, new position) tuple."},
    {.name = "lookup_error", .impl = codecs_lookup_error, .signature = "($module, name, /)",
     .doc = "lookup_error(errors) -> handler\n\nReturn the error handler for the specified error handling name or raise a\n"
            "LookupError, if no handler exists under this name."},
    {},
};

#undef CODEC_ENCODER
#undef CODEC_DECODER

bool codecs_exec(ModuleObject*) { return charmap_ready(); }

}  // namespace
}  // namespace krait::codecs

namespace krait {

extern const ModuleDef module__codecs = {
    .name = "_codecs",
    .methods = codecs::codecs_methods,
    .exec = codecs::codecs_exec,
};

}  // namespace krait
