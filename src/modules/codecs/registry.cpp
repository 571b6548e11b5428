// The codec registry (search functions, the cache of CodecInfo by normalised name) and the
// error-handler registry, and the module functions over them: register, unregister,
// lookup, encode, decode, register_error, lookup_error. The encodings package is imported
// on first use of the registry, as CPython does at start-up.
#include "core/ops.h"
#include "modules/codecs/codecs_api.h"
#include "modules/codecs/codecs_internal.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"

namespace krait::codecs {

namespace {

// The interpreter's registries (owned, never freed: the process has one interpreter).
struct Registry {
  ListObject* search_functions = nullptr;
  DictObject* cache = nullptr;
  DictObject* error_handlers = nullptr;
  bool encodings_imported = false;
};
Registry registry;

bool make_registries() {
  if (registry.search_functions) return true;
  Ref<ListObject> functions = list_new();
  Ref<DictObject> cache = dict_new();
  Ref<DictObject> handlers = dict_new();
  if (!functions || !cache || !handlers) return false;
  for (int i = 0; i < kBuiltinHandlerCount; ++i) {
    Ref<> function = builtin_function_new(kBuiltinHandlers[i].def, Value(), None());
    if (!function || !dict_set_str(handlers.get(), kBuiltinHandlers[i].name, function)) return false;
  }
  registry.search_functions = functions.release_object();
  registry.cache = cache.release_object();
  registry.error_handlers = handlers.release_object();
  return true;
}

// The codec registry needs the encodings package's search function.
bool ensure_codec_registry() {
  if (!make_registries()) return false;
  if (registry.encodings_imported) return true;
  registry.encodings_imported = true;  // encodings registers itself while being imported
  Ref<> encodings = import_module_named("encodings");
  if (!encodings) {
    registry.encodings_imported = false;
    return false;
  }
  return true;
}

// CPython's encoding-name normalisation for the cache and the search functions: ASCII
// letters lower-cased, runs of other characters (but '.') become one '_', leading and
// trailing ones dropped. Works on the UTF-8 bytes.
bool normalize_encoding(Value encoding, std::string* out) {
  std::string_view utf8 = str_utf8(encoding);
  if (utf8.find('\0') != std::string_view::npos) return value_error("embedded null character");
  bool punctuation = false;
  for (char c : utf8) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum || c == '.') {
      if (punctuation && !out->empty()) *out += '_';
      punctuation = false;
      *out += (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
    } else {
      punctuation = true;
    }
  }
  return true;
}

Ref<> codec_lookup(Value encoding) {
  if (!ensure_codec_registry()) return nullptr;
  std::string normalized;
  if (!normalize_encoding(encoding, &normalized)) return nullptr;
  Ref<> key = str_from_utf8(normalized);
  if (!key) return nullptr;
  Value cached = dict_get(registry.cache, key);
  if (cached) return new_ref(cached);
  if (error_occurred()) return nullptr;
  Ref<ListObject> functions = new_ref(registry.search_functions);
  for (int64_t i = 0; i < functions->length; ++i) {
    Ref<> function = new_ref(functions->items[i]);
    Ref<> result = call1(function, key);
    if (!result) return nullptr;
    if (is_none(result)) continue;
    if (!is_tuple(result) || as_tuple(result)->length != 4) {
      return type_error("codec search functions must return 4-tuples");
    }
    if (!dict_set(registry.cache, key, result)) return nullptr;
    return result;
  }
  return raise(exc::LookupError, "unknown encoding: {}", str_utf8(encoding));
}

// encode()/decode(): codec[index](obj[, errors]) -> (result, length).
Ref<> run_codec(Value obj, Value encoding, Value errors, int index, bool encoding_direction) {
  const char* name = encoding_direction ? "encode" : "decode";
  if (!is_str(encoding)) {
    return type_error("{}() argument 'encoding' must be str, not {}", name, argument_type_name(encoding));
  }
  if (errors && !is_str(errors)) {
    return type_error("{}() argument 'errors' must be str, not {}", name, argument_type_name(errors));
  }
  Ref<> codec = codec_lookup(encoding);
  if (!codec) return nullptr;
  Value function = as_tuple(codec)->items[index];
  Value args[2] = {obj, errors};
  Ref<> result = call(function, args, errors ? 2 : 1);
  if (!result) {
    wrap_codec_error(encoding_direction ? "encoding" : "decoding", encoding);
    return nullptr;
  }
  if (!is_tuple(result) || as_tuple(result)->length != 2) {
    return type_error(encoding_direction ? "encoder must return a tuple (object, integer)"
                                         : "decoder must return a tuple (object,integer)");
  }
  return new_ref(as_tuple(result)->items[0]);
}

}  // namespace
}  // namespace krait::codecs

namespace krait {

// CPython wraps an exception raised by a codec in a new one of the same type naming the
// codec ("encoding with 'hex' codec failed (TypeError: ...)"), chained as its cause —
// only when that loses nothing: the type keeps BaseException's __new__ and __init__, its
// args are empty or one str, and it has no attributes in its __dict__.
void wrap_codec_error(const char* operation, Value encoding) {
  Ref<> error = fetch_error();
  Value original = error;
  TypeObject* type = type_of(original);
  auto keep = [&] { restore_error(std::move(error)); };
  if (type->init != exc::BaseException.init || type->new_instance != exc::BaseException.new_instance) {
    return keep();
  }
  Value args = exception_args(original);
  if (args && as_tuple(args)->length > 1) return keep();
  if (args && as_tuple(args)->length == 1 && !is_exact_str(as_tuple(args)->items[0])) return keep();
  if (Object** dict = instance_dict_slot(original); dict && *dict && as_dict(Value(*dict))->used > 0) {
    return keep();
  }
  Ref<StrObject> text = str(original);
  if (!text) return;
  std::string message = format_message("{} with '{}' codec failed ({}: {})", operation, str_utf8(encoding),
                                       type_name(original), str_utf8(text.get()));
  Ref<> message_str = str_from_utf8(message);
  if (!message_str) return;
  Ref<> wrapped = call1(Value(type), message_str);
  if (!wrapped) return;
  exception_set_cause(wrapped, original);
  raise_exception(wrapped);
}

}  // namespace krait

namespace krait::codecs {

Ref<> lookup_error_handler(Value name) {
  if (!make_registries()) return nullptr;
  Value handler = dict_get(registry.error_handlers, name);
  if (handler) return new_ref(handler);
  if (error_occurred()) return nullptr;
  return raise(exc::LookupError, "unknown error handler name '{}'", str_utf8(name));
}

Ref<> codecs_register(Value, const Value* args) {
  if (!is_callable(args[0])) return type_error("argument must be callable");
  if (!ensure_codec_registry() || !list_append(registry.search_functions, args[0])) return nullptr;
  return new_none();
}

Ref<> codecs_unregister(Value, const Value* args) {
  if (!make_registries()) return nullptr;
  ListObject* functions = registry.search_functions;
  for (int64_t i = 0; i < functions->length; ++i) {
    if (functions->items[i] == args[0]) {
      dict_clear(registry.cache);
      if (!list_assign_slice(functions, i, i + 1, Value())) return nullptr;
      break;
    }
  }
  return new_none();
}

Ref<> codecs_lookup(Value, const Value* args) {
  if (!is_str(args[0])) return type_error("lookup() argument must be str, not {}", argument_type_name(args[0]));
  return codec_lookup(args[0]);
}

Ref<> codecs_encode(Value, const Value* args) {
  Ref<> encoding = args[1] ? new_ref(args[1]) : Ref<>(str_from_ascii("utf-8"));
  if (!encoding) return nullptr;
  return run_codec(args[0], encoding, args[2], 0, true);
}

Ref<> codecs_decode(Value, const Value* args) {
  Ref<> encoding = args[1] ? new_ref(args[1]) : Ref<>(str_from_ascii("utf-8"));
  if (!encoding) return nullptr;
  return run_codec(args[0], encoding, args[2], 1, false);
}

Ref<> codecs_register_error(Value, const Value* args) {
  if (!is_str(args[0])) {
    return type_error("register_error() argument 1 must be str, not {}", argument_type_name(args[0]));
  }
  if (!is_callable(args[1])) return type_error("handler must be callable");
  if (!make_registries() || !dict_set(registry.error_handlers, args[0], args[1])) return nullptr;
  return new_none();
}

Ref<> codecs_lookup_error(Value, const Value* args) {
  if (!is_str(args[0])) {
    return type_error("lookup_error() argument must be str, not {}", argument_type_name(args[0]));
  }
  return lookup_error_handler(args[0]);
}

}  // namespace krait::codecs
