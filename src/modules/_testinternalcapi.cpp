// _testinternalcapi: the part of CPython's internal test module that the Lib's test
// support reads — the interpreter's configuration (get_config, as PyConfig names its
// fields, filled from krait's own Config), the size of the GC header and the path
// normaliser start-up uses. Nothing here
// pretends: each value is what krait does.
#include "core/alloc.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "runtime/bootstrap.h"
#include "runtime/runtime.h"

namespace krait {
namespace {

Ref<> text_or_none(const std::string& text) { return text.empty() ? new_none() : decode_os_string(text); }

Ref<> text_list(const std::vector<std::string>& items) {
  Ref<ListObject> list = list_new();
  if (!list) return nullptr;
  for (const std::string& item : items) {
    Ref<> s = decode_os_string(item);
    if (!s || !list_append(list.get(), s.value())) return nullptr;
  }
  return list;
}

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
      {"argv", text_list(c.argv)},
      {"xoptions", text_list(c.xoptions)},
      {"warnoptions", text_list(c.warnoptions)},
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
      {"orig_argv", text_list(c.orig_argv)},
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

const MethodDef testinternalcapi_methods[] = {
    {.name = "get_config", .impl = testinternalcapi_get_config, .signature = "($module, /)",
     .doc = "The interpreter's configuration, as a dict keyed by PyConfig's field names."},
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
