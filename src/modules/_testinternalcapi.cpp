// _testinternalcapi: the part of CPython's internal test module that the Lib's test
// support reads — the interpreter's configuration (get_config, as PyConfig names its
// fields, filled from krait's own Config), the size of the GC header, the path normaliser
// start-up uses and the codec of operating-system strings. Nothing here
// pretends: each value is what krait does.
#include "core/alloc.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "objects/bytes.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "runtime/bootstrap.h"
#include "runtime/runtime.h"

namespace krait {
namespace {

Ref<> text_or_none(const std::string& text) { return text.empty() ? new_none() : decode_os_string(text); }


// The encoding and errors of sys.__stdout__ (what start-up chose), else UTF-8's.
Ref<> stdio_attribute(const char* name, const char* fallback) {
  Value stream = dict_get_utf8(as_dict(Value(runtime().sys_dict)), "__stdout__");
  Ref<> value;
  if (stream && !is_none(stream) && get_attr_optional(stream, str_intern_utf8(name), &value) > 0 &&
      is_str(value)) {
    return value;
  }
  clear_error();
  return str_from_utf8(fallback);
}

Ref<> testinternalcapi_get_config(Value, const Value*) {
  const Config& c = runtime().config;
  Ref<DictObject> config = dict_new();
  if (!config) return nullptr;
  auto integer = [](int64_t v) { return int_from_int64(v); };
  std::string pythonpath;
  for (const std::string& entry : c.pythonpath) pythonpath += (pythonpath.empty() ? "" : ":") + entry;
  std::string prefix = "/usr";
  const std::pair<const char*, Ref<>> fields[] = {
      {"isolated", integer(c.isolated)},
      {"use_environment", integer(!c.ignore_environment)},
      {"dev_mode", integer(c.dev_mode)},
      {"install_signal_handlers", integer(1)},
      {"use_hash_seed", integer(c.hash_seed >= 0 && !c.random_hash_seed)},
      {"hash_seed", integer(c.hash_seed >= 0 && !c.random_hash_seed ? c.hash_seed : 0)},
      {"code_debug_ranges", integer(c.code_debug_ranges)},
      {"filesystem_encoding", str_from_utf8(c.filesystem_encoding)},
      {"filesystem_errors", str_from_ascii("surrogateescape")},
      {"pycache_prefix", text_or_none(c.pycache_prefix)},
      {"program_name", decode_os_string(c.executable)},
      {"argv", decode_os_string_list(c.argv)},
      {"xoptions", decode_os_string_list(c.xoptions)},
      {"warnoptions", decode_os_string_list(c.warnoptions)},
      {"pythonpath_env", text_or_none(pythonpath)},
      {"home", new_none()},
      {"module_search_paths_set", integer(1)},
      {"module_search_paths", initial_sys_path()},
      {"stdlib_dir", decode_os_string(c.stdlib_dir)},
      {"executable", decode_os_string(c.executable)},
      {"base_executable", decode_os_string(c.executable)},
      {"prefix", decode_os_string(prefix)},
      {"base_prefix", decode_os_string(prefix)},
      {"exec_prefix", decode_os_string(prefix)},
      {"base_exec_prefix", decode_os_string(prefix)},
      {"platlibdir", str_from_ascii("lib")},
      {"site_import", integer(!c.no_site)},
      {"bytes_warning", integer(c.bytes_warning)},
      {"warn_default_encoding", integer(c.warn_default_encoding)},
      {"inspect", integer(c.inspect)},
      {"interactive", integer(c.interactive)},
      {"optimization_level", integer(c.optimize)},
      {"parser_debug", integer(c.debug)},
      {"write_bytecode", integer(!c.dont_write_bytecode)},
      {"verbose", integer(c.verbose)},
      {"quiet", integer(c.quiet)},
      {"user_site_directory", integer(!c.no_user_site)},
      {"buffered_stdio", integer(!c.unbuffered)},
      {"stdio_encoding", stdio_attribute("encoding", "utf-8")},
      {"stdio_errors", stdio_attribute("errors", "surrogateescape")},
      {"skip_source_first_line", integer(c.skip_first_line)},
      {"run_command", text_or_none(c.run_command)},
      {"run_module", text_or_none(c.run_module)},
      {"run_filename", text_or_none(c.run_filename)},
      {"check_hash_pycs_mode", str_from_utf8(c.check_hash_based_pycs)},
      {"orig_argv", decode_os_string_list(c.orig_argv)},
      {"safe_path", integer(c.safe_path)},
  };
  for (const auto& [name, value] : fields) {
    if (!value || !dict_set_str(config.get(), name, value)) return nullptr;
  }
  return config;
}

Ref<> testinternalcapi_normalize_path(Value, const Value* args) {
  if (!is_str(args[0])) return type_error("normalize_path() argument must be str, not {}", type_name(args[0]));
  return str_from_utf8(normalize_path(str_utf8(args[0])));
}

// EncodeLocaleEx/DecodeLocaleEx: krait's codec for operating-system text (the filesystem
// encoding) with the handlers CPython's locale codec takes (strict, surrogateescape and, in
// the UTF-8 mode, surrogatepass); a failure is RuntimeError "encode error: pos=N,
// reason=..." as Py_EncodeLocaleEx reports it (its reasons are generic but for UTF-8 mode
// decoding).
Ref<> locale_codec(Value data, Value errors, const char* method, const char* what) {
  if (!is_str(errors)) return type_error("errors must be str, not {}", type_name(errors));
  const Config& config = runtime().config;
  const std::string& encoding = config.filesystem_encoding;
  std::string_view handler = str_utf8(errors);
  if (handler != "strict" && handler != "surrogateescape" && (handler != "surrogatepass" || !config.utf8_mode)) {
    return value_error("unsupported error handler");
  }
  Ref<> encoding_name = str_from_utf8(encoding);
  if (!encoding_name) return nullptr;
  Value args[2] = {encoding_name.value(), errors};
  Ref<> result = call_method(data, str_intern_utf8(method), args, 2);
  if (result || !error_matches(&exc::UnicodeError)) return result;
  Ref<> error = fetch_error();
  auto* unicode_error = static_cast<UnicodeErrorObject*>(error.get());
  bool encoding_text = std::string_view(what) == "encode";
  if (encoding_text || !config.utf8_mode) {
    return runtime_error("{} error: pos={}, reason={}", what, unicode_error->start,
                         encoding_text ? "encoding error" : "decoding error");
  }
  Ref<StrObject> reason = str(unicode_error->reason ? unicode_error->reason : None());
  if (!reason) return nullptr;
  return runtime_error("{} error: pos={}, reason={}", what, unicode_error->start, str_utf8(reason.get()));
}

Ref<> testinternalcapi_encode_locale(Value, const Value* args) {
  if (!is_str(args[0])) return type_error("EncodeLocaleEx() argument 1 must be str, not {}", type_name(args[0]));
  return locale_codec(args[0], args[2], "encode", "encode");
}

Ref<> testinternalcapi_decode_locale(Value, const Value* args) {
  if (!is_bytes(args[0])) {
    return type_error("DecodeLocaleEx() argument 1 must be bytes, not {}", type_name(args[0]));
  }
  return locale_codec(args[0], args[2], "decode", "decode");
}

const MethodDef testinternalcapi_methods[] = {
    {.name = "get_config", .impl = testinternalcapi_get_config, .signature = "($module, /)",
     .doc = "The interpreter's configuration, as a dict keyed by PyConfig's field names."},
    {.name = "EncodeLocaleEx", .impl = testinternalcapi_encode_locale,
     .signature = "($module, text, current_locale, errors, /)",
     .doc = "Encodes text as krait encodes operating-system strings."},
    {.name = "DecodeLocaleEx", .impl = testinternalcapi_decode_locale,
     .signature = "($module, data, current_locale, errors, /)",
     .doc = "Decodes bytes as krait decodes operating-system strings."},
    {.name = "normalize_path", .impl = testinternalcapi_normalize_path, .signature = "($module, path, /)",
     .doc = "The path normalised as start-up normalises the ._pth file's entries."},
    {},
};

bool testinternalcapi_exec(ModuleObject* module) {
  return module_add_int(module, "SIZEOF_PYGC_HEAD", int64_t(sizeof(GCHeader)));
}

}  // namespace

extern const ModuleDef module__testinternalcapi = {
    .name = "_testinternalcapi",
    .doc = "Functions for testing the interpreter's internals.",
    .methods = testinternalcapi_methods,
    .exec = testinternalcapi_exec,
};

}  // namespace krait
