// Start-up and shut-down of the runtime, and running the main program (CPython's
// pylifecycle.c and pymain). The order matters: strings and interned names, then every
// built-in type, then builtins and sys, then the import system, then stdio, site and
// __main__.
#include "runtime/bootstrap.h"

#include <langinfo.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <clocale>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "compile/compiler.h"
#include "compile/disassembler.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/atexit.h"
#include "modules/faulthandler.h"
#include "modules/module_def.h"
#include "objects/code.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/module.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "objects/unicode_codecs.h"
#include "objects/weakref.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/import.h"
#include "runtime/pyc_files.h"
#include "runtime/signals.h"
#include "runtime/source_lines.h"
#include "runtime/std_printer.h"
#include "runtime/threads.h"
#include "text/unicode.h"
#include "runtime/warnings.h"
#include "vm/eval.h"

namespace krait {

Runtime* the_runtime = nullptr;

void init_str_singletons();
extern const ModuleDef module_builtins;
extern const ModuleDef module_sys;

// Every static type, from builtin_types.def.
#define KRAIT_TYPE(variable, name) extern TypeObject variable;
#include "runtime/builtin_types.def"
#undef KRAIT_TYPE

namespace {

bool ready_builtin_types() {
  // The exceptions come first (after the types they are made of), so that readying the
  // rest can report errors.
  for (TypeObject* core : {&object_type, &type_type, &builtin_function_type, &method_descriptor_type,
                           &classmethod_descriptor_type, &getset_descriptor_type, &member_descriptor_type,
                           &wrapper_descriptor_type, &staticmethod_type, &classmethod_type, &str_type,
                           &dict_type, &tuple_type, &list_type, &int_type}) {
    if (!type_ready(core)) return false;
  }
  // ExceptionGroup derives from both BaseExceptionGroup and Exception.
  exc::ExceptionGroup.bases =
      tuple_of({Value(&exc::BaseExceptionGroup), Value(&exc::Exception)}).release_object();
#define KRAIT_EXCEPTION(name, base, layout, doc) \
  if (!type_ready(&exc::name)) return false;
#include "core/exceptions.def"
#undef KRAIT_EXCEPTION
#define KRAIT_TYPE(variable, name) \
  if (!type_ready(&variable)) return false;
#include "runtime/builtin_types.def"
#undef KRAIT_TYPE
  return true;
}

bool fill_builtins(ModuleObject* builtins) {
  auto* dict = static_cast<DictObject*>(builtins->dict);
#define KRAIT_TYPE(variable, name) \
  if (name[0] && !dict_set_str(dict, name, Value(&variable))) return false;
#include "runtime/builtin_types.def"
#undef KRAIT_TYPE
#define KRAIT_EXCEPTION(name, base, layout, doc) \
  if (!dict_set_str(dict, #name, Value(&exc::name))) return false;
#include "core/exceptions.def"
#undef KRAIT_EXCEPTION
  return dict_set_str(dict, "EnvironmentError", Value(&exc::OSError)) &&
         dict_set_str(dict, "IOError", Value(&exc::OSError)) &&
         dict_set_str(dict, "None", None()) && dict_set_str(dict, "Ellipsis", Ellipsis()) &&
         dict_set_str(dict, "NotImplemented", NotImplemented()) && dict_set_str(dict, "True", True()) &&
         dict_set_str(dict, "False", False()) &&
         dict_set_str(dict, "__debug__", bool_value(runtime().config.optimize == 0));
}

// A directory or a zip archive given as the script runs its __main__ module, with itself
// as sys.path[0] (CPython's pymain_run_python; zip archives are recognised by the local
// file header at their start).
bool is_script_container(const std::string& path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) return false;
  if (S_ISDIR(info.st_mode)) return true;
  std::ifstream file(path, std::ios::binary);
  char magic[4] = {};
  return file.read(magic, 4) && std::memcmp(magic, "PK\x03\x04", 4) == 0;
}

// The standard streams' encoding and error handler (CPython's config_init_stdio_encoding):
// the locale's (utf-8 or ascii, see Config::filesystem_encoding) with surrogateescape, unless PYTHONIOENCODING=encoding[:errors] says
// otherwise (an encoding without errors means strict). stderr always uses backslashreplace.
struct StdioEncoding {
  std::string encoding = "utf-8";
  std::string errors = "surrogateescape";
};

StdioEncoding stdio_encoding(const Config& config) {
  StdioEncoding result;
  result.encoding = config.filesystem_encoding;
  const char* variable = config.ignore_environment ? nullptr : std::getenv("PYTHONIOENCODING");
  if (!variable) return result;
  std::string_view text = variable;
  size_t colon = text.find(':');
  std::string_view encoding = text.substr(0, colon);
  std::string_view errors = colon == std::string_view::npos ? "" : text.substr(colon + 1);
  if (!encoding.empty()) {
    result.encoding = encoding;
    result.errors = "strict";
  }
  if (!errors.empty()) result.errors = errors;
  return result;
}

// sys.path[0], inserted after site ran (as CPython's pymain_run_python, so site does not make
// '' absolute): a directory or zip file run as a script (even with -P or -I), else, unless
// -P, the script's directory (symlinks resolved), the working directory for -m, or ''.
bool insert_main_path0() {
  const Config& config = runtime().config;
  std::string path0;
  bool script = !config.run_filename.empty() && config.run_filename != "-" && config.run_command.empty() &&
                config.run_module.empty();
  if (script && is_script_container(config.run_filename)) {
    char resolved[4096];
    path0 = realpath(config.run_filename.c_str(), resolved) ? resolved : config.run_filename;
  } else if (config.safe_path) {
    return true;
  } else if (script) {
    std::string resolved_script = config.run_filename;
    char resolved[4096];
    if (realpath(resolved_script.c_str(), resolved)) resolved_script = resolved;
    size_t slash = resolved_script.rfind('/');
    path0 = slash == std::string::npos ? "" : resolved_script.substr(0, slash == 0 ? 1 : slash);
  } else if (!config.run_module.empty()) {
    char cwd[4096];
    path0 = getcwd(cwd, sizeof cwd) ? cwd : "";
  }
  Value path = dict_get_utf8(static_cast<DictObject*>(runtime().sys_dict), "path");
  if (!path || !is_list(path)) return true;  // site or sitecustomize replaced it
  Ref<> entry = str_from_utf8(path0);
  return entry && list_insert(as_list(path), 0, entry.value());
}

// sys.stdin/stdout/stderr through io, as CPython's create_stdio: line buffering for a
// terminal (and always for stderr), unbuffered with -u.
bool init_stdio() {
  Ref<> io = import_module_by_name("io");
  if (!io) return false;
  Ref<> open = get_attr(io, "open");
  if (!open) return false;
  // builtins.open is io.open itself, as CPython's init_set_builtins_open: a caller that
  // kept it (logging's FileHandler) still opens files when sys.modules is torn down.
  if (!dict_set_str(as_dict(Value(runtime().builtins)), "open", open)) return false;
  const Config& config = runtime().config;
  StdioEncoding chosen = stdio_encoding(config);
  if (chosen.encoding != "utf-8") {
    // The codec's own name (latin-1 -> iso8859-1), as CPython reports it. (Only then: a
    // lookup imports the codec's module, which utf-8 streams do without.)
    Ref<> codecs = import_module_by_name("_codecs");
    Ref<> codec_name = codecs ? str_from_utf8(chosen.encoding) : nullptr;
    Ref<> lookup = codec_name ? call_method1(codecs, str_intern_utf8("lookup"), codec_name.value()) : nullptr;
    Ref<> normalized = lookup ? get_attr(lookup, "name") : nullptr;
    if (!normalized || !is_str(normalized)) {
      std::fprintf(stderr,
                   "Fatal Python error: init_stdio_encoding: failed to get the Python codec name of the "
                   "stdio encoding\nPython runtime state: core initialized\n");
      return false;
    }
    chosen.encoding = str_utf8(as_str(normalized));
  }
  struct Stream {
    int fd;
    const char* name;
    const char* dunder;
    const char* mode;
  };
  for (const Stream& s : {Stream{0, "stdin", "__stdin__", "r"}, Stream{1, "stdout", "__stdout__", "w"},
                          Stream{2, "stderr", "__stderr__", "w"}}) {
    auto* sys = static_cast<DictObject*>(runtime().sys_dict);
    struct stat info;
    if (::fstat(s.fd, &info) != 0) {
      // A closed descriptor: the stream is None, as CPython's create_stdio.
      if (!dict_set_str(sys, s.name, None()) || !dict_set_str(sys, s.dunder, None())) return false;
      continue;
    }
    bool write = s.mode[0] == 'w';
    bool tty = isatty(s.fd);
    Ref<> fd = int_from_small(s.fd);
    Ref<> mode = str_from_ascii(s.mode);
    Ref<> buffering = int_from_small(config.unbuffered && write ? 0 : -1);
    Ref<> encoding = str_from_utf8(chosen.encoding);
    Ref<> errors = str_from_utf8(s.fd == 2 ? "backslashreplace" : chosen.errors);
    if (!fd || !mode || !buffering || !encoding || !errors) return false;
    Ref<> stream;
    if (config.unbuffered && write) {
      // Unbuffered text: a binary unbuffered stream wrapped with write_through.
      Ref<> raw_mode = str_from_ascii("wb");
      Value raw_args[3] = {fd.value(), raw_mode.value(), buffering.value()};
      Ref<> closefd_name = tuple_of({str_intern_utf8("closefd")});
      Ref<> raw = call(open, raw_args, 3);
      if (!raw) return false;
      Ref<> wrapper = get_attr(io, "TextIOWrapper");
      if (!wrapper) return false;
      Ref<TupleObject> kwnames = tuple_of({Value(str_intern_utf8("encoding")), Value(str_intern_utf8("errors")),
                                           Value(str_intern_utf8("line_buffering")),
                                           Value(str_intern_utf8("write_through"))});
      Value wrap_args[5] = {raw.value(), encoding.value(), errors.value(), True(), True()};
      stream = call(wrapper, wrap_args, 1, kwnames.get());
    } else {
      Ref<TupleObject> kwnames = tuple_of({Value(str_intern_utf8("buffering")), Value(str_intern_utf8("encoding")),
                                           Value(str_intern_utf8("errors")), Value(str_intern_utf8("closefd"))});
      Value args[6] = {fd.value(), mode.value(), buffering.value(), encoding.value(), errors.value(), False()};
      stream = call(open, args, 2, kwnames.get());
      if (stream && write && (tty || s.fd == 2)) {
        Ref<> reconfigure = get_attr(stream, "reconfigure");
        Ref<TupleObject> line_kw = tuple_of({Value(str_intern_utf8("line_buffering"))});
        Value line_args[1] = {True()};
        if (!reconfigure || !call(reconfigure, line_args, 0, line_kw.get())) return false;
      }
    }
    if (!stream) {
      std::fprintf(stderr, "Fatal Python error: init_sys_streams: can't initialize sys standard streams\n"
                           "Python runtime state: core initialized\n");
      return false;
    }
    // The raw file is named "<stdout>" & co. (so are the layers above it), as CPython's.
    Ref<> buffer = get_attr(stream, "buffer");
    Ref<> raw;
    if (!buffer || get_attr_optional(buffer, str_intern_utf8("raw"), &raw) < 0) return false;
    Ref<> raw_name = str_from_utf8(std::string("<") + s.name + ">");
    if (!raw_name || !set_attr(raw ? raw.value() : buffer.value(), "name", raw_name.value())) return false;
    if (!dict_set_str(sys, s.name, stream) || !dict_set_str(sys, s.dunder, stream)) return false;
  }
  return true;
}

// A configuration error stops start-up as CPython's Py_ExitStatusException does.
[[noreturn]] void fatal_config_error(const std::string& message, const char* state = "preinitialized") {
  std::fprintf(stderr, "Fatal Python error: %s\nPython runtime state: %s\n\n", message.c_str(), state);
  std::exit(1);
}

// The locale and the UTF-8 mode, as CPython's pre-configuration: LC_CTYPE comes from the
// environment and stays set; the C and POSIX locales turn the UTF-8 mode on unless
// -X utf8=0 or PYTHONUTF8=0 say otherwise; and, unless LC_ALL is set or
// PYTHONCOERCECLOCALE=0, they are coerced to a UTF-8 locale (PEP 538) by setting
// LC_CTYPE in the environment, which child processes inherit.
template <typename Env>
void configure_locale(Config& config, const Env& env) {
  std::setlocale(LC_CTYPE, "");
  const char* ctype = std::setlocale(LC_CTYPE, nullptr);
  bool legacy = ctype && (std::strcmp(ctype, "C") == 0 || std::strcmp(ctype, "POSIX") == 0);
  int utf8_mode = -1;
  std::string utf8_variable = env("PYTHONUTF8");
  if (!utf8_variable.empty()) {
    if (utf8_variable != "0" && utf8_variable != "1") {
      fatal_config_error("preconfig_init_utf8_mode: invalid PYTHONUTF8 environment variable value",
                         "preinitializing");
    }
    utf8_mode = utf8_variable == "1";
  }
  for (const std::string& option : config.xoptions) {
    if (option == "utf8" || option == "utf8=1") {
      utf8_mode = 1;
    } else if (option == "utf8=0") {
      utf8_mode = 0;
    } else if (option.rfind("utf8=", 0) == 0) {
      fatal_config_error("preconfig_init_utf8_mode: invalid -X utf8 option value", "preinitializing");
    }
  }
  config.utf8_mode = utf8_mode < 0 ? legacy : utf8_mode == 1;
  const char* codeset = nl_langinfo(CODESET);
  if (!config.utf8_mode && codeset && std::strcmp(codeset, "ANSI_X3.4-1968") == 0) config.filesystem_encoding = "ascii";
  const char* all = std::getenv("LC_ALL");
  if (legacy && env("PYTHONCOERCECLOCALE") != "0" && !(all && *all)) {
    for (const char* target : {"C.UTF-8", "C.utf8", "UTF-8"}) {
      if (setenv("LC_CTYPE", target, 1) == 0 && std::setlocale(LC_CTYPE, "")) break;
    }
  }
}

// A file "<executable>._pth" (beside sys.executable, or beside the file it links to) makes
// the interpreter isolated (after the environment was read, as CPython's getpath runs after
// it): its lines, relative to its directory, are the whole sys.path
// ('#' starts a comment); site is imported only when a line says "import site". As
// CPython's getpath does on every platform.
void apply_pth_file(Config& config) {
  std::vector<std::string> candidates = {config.executable};
  char real[4096];
  ssize_t n = readlink("/proc/self/exe", real, sizeof real - 1);
  if (n > 0) candidates.emplace_back(real, size_t(n));
  for (const std::string& executable : candidates) {
    std::ifstream file(executable + "._pth");
    if (!file) continue;
    std::string directory = executable.substr(0, executable.rfind('/'));
    config.isolated = config.ignore_environment = config.safe_path = config.no_site = true;
    config.pythonpath.clear();
    config.module_search_paths_set = true;
    std::string line;
    while (std::getline(file, line)) {
      line = line.substr(0, line.find('#'));
      size_t first = line.find_first_not_of(" \t\r\n\f\v");
      if (first == std::string::npos) continue;
      line = line.substr(first, line.find_last_not_of(" \t\r\n\f\v") - first + 1);
      if (line == "import site") {
        config.no_site = false;
      } else if (line.rfind("import ", 0) == 0) {
        std::fprintf(stderr, "unsupported 'import' line in ._pth file\n");
      } else {
        std::string entry = line[0] == '/' ? line : directory + "/" + line;
        config.module_search_paths.push_back(normalize_path(entry));
      }
    }
    return;
  }
}

void configure_from_environment(Config& config) {
  auto env = [&](const char* name) -> std::string {
    if (config.ignore_environment) return "";
    const char* v = std::getenv(name);
    return v ? v : "";
  };
  configure_locale(config, env);
  std::string seed = env("PYTHONHASHSEED");
  if (!seed.empty() && seed != "random" && !config.random_hash_seed) {
    char* end;
    unsigned long long value = std::strtoull(seed.c_str(), &end, 10);
    if (*end || value > 4294967295ULL) {
      fatal_config_error("config_init_hash_seed: PYTHONHASHSEED must be \"random\" or an integer in range [0; 4294967295]");
    }
    config.hash_seed = int64_t(value);
  }
  std::string path = env("PYTHONPATH");
  if (!path.empty() && !config.isolated) {
    size_t start = 0;
    for (;;) {
      size_t colon = path.find(':', start);
      std::string entry = path.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
      if (!entry.empty()) config.pythonpath.push_back(entry);
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
  }
  // -X no_debug_ranges, PYTHONNODEBUGRANGES: positions without columns.
  if (!env("PYTHONNODEBUGRANGES").empty()) config.code_debug_ranges = false;
  for (const std::string& option : config.xoptions) {
    if (option == "no_debug_ranges") config.code_debug_ranges = false;
  }
  // The int <-> str digit limit: -X int_max_str_digits=N wins over PYTHONINTMAXSTRDIGITS.
  std::string digits_source = "PYTHONINTMAXSTRDIGITS";
  std::string digits = env("PYTHONINTMAXSTRDIGITS");
  for (const std::string& option : config.xoptions) {
    if (option.rfind("int_max_str_digits", 0) == 0) {
      digits_source = "-X int_max_str_digits";
      digits = option.size() > 18 && option[18] == '=' ? option.substr(19) : "";
      if (digits.empty()) digits = "x";  // a bare option is invalid
    }
  }
  if (!digits.empty()) {
    char* end;
    long long limit = std::strtoll(digits.c_str(), &end, 10);
    if (*end || limit < 0 || (limit > 0 && limit < 640)) {
      fatal_config_error("config_init_int_max_str_digits: " + digits_source +
                         ": invalid limit; must be >= 640 or 0 for unlimited.");
    }
    config.int_max_str_digits = limit;
  }
  // sys.pycache_prefix: -X pycache_prefix=PATH wins over PYTHONPYCACHEPREFIX; a bare
  // -X pycache_prefix (or an empty PATH) means None.
  std::string pycache_prefix = env("PYTHONPYCACHEPREFIX");
  for (const std::string& option : config.xoptions) {
    if (option.rfind("pycache_prefix=", 0) == 0) pycache_prefix = option.substr(15);
    if (option == "pycache_prefix") pycache_prefix.clear();
  }
  config.pycache_prefix = pycache_prefix;
  if (!env("PYTHONSAFEPATH").empty()) config.safe_path = true;
  // A flag's variable raises the command line's count to its value (a value that is not a
  // non-negative integer counts as 1; "0" leaves the flag off), as CPython's _Py_get_env_flag.
  auto env_flag = [&](const char* name) {
    std::string text = env(name);
    if (text.empty()) return 0;
    char* end;
    long value = std::strtol(text.c_str(), &end, 10);
    return *end || value < 0 || value > INT32_MAX ? 1 : int(value);
  };
  config.optimize = std::max(config.optimize, env_flag("PYTHONOPTIMIZE"));
  config.verbose = std::max(config.verbose, env_flag("PYTHONVERBOSE"));
  config.debug = std::max(config.debug, env_flag("PYTHONDEBUG"));
  if (env_flag("PYTHONUNBUFFERED")) config.unbuffered = true;
  if (env_flag("PYTHONDONTWRITEBYTECODE")) config.dont_write_bytecode = true;
  if (env_flag("PYTHONINSPECT")) config.inspect = true;
  if (env_flag("PYTHONNOUSERSITE")) config.no_user_site = true;
  std::string warnings = env("PYTHONWARNINGS");
  if (!warnings.empty()) {
    std::vector<std::string> from_env;
    size_t start = 0;
    for (;;) {
      size_t comma = warnings.find(',', start);
      std::string entry = warnings.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!entry.empty()) from_env.push_back(entry);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    // PYTHONWARNINGS comes before -W options.
    config.warnoptions.insert(config.warnoptions.begin(), from_env.begin(), from_env.end());
  }
  if (!env("PYTHONDEVMODE").empty()) config.dev_mode = true;
  if (!env("PYTHONWARNDEFAULTENCODING").empty()) config.warn_default_encoding = true;
  for (const std::string& x : config.xoptions) {
    if (x == "dev") config.dev_mode = true;
    if (x == "warn_default_encoding") config.warn_default_encoding = true;  // PEP 597
  }
  // sys.warnoptions in CPython's order, lowest precedence first (warnings.py adds each in
  // front of the previous): -X dev's "default", PYTHONWARNINGS, -W, then -b/-bb.
  if (config.dev_mode) config.warnoptions.insert(config.warnoptions.begin(), "default");
  if (config.bytes_warning) {
    config.warnoptions.emplace_back(config.bytes_warning > 1 ? "error::BytesWarning" : "default::BytesWarning");
  }
  std::string stdlib = env("KRAIT_STDLIB");
  config.stdlib_dir = stdlib.empty() ? KRAIT_STDLIB_DIR : stdlib;
  apply_pth_file(config);
}

int compile_warning_to_warnings(TypeObject* category, std::string_view message, Value filename, int lineno) {
  return warn_explicit(*category, message, filename, lineno);
}

// CPython imports unicodedata on the first \N{...} escape and keeps it once loaded.
bool unicodedata_importable() {
  static std::atomic<bool> loaded{false};
  if (loaded) return true;
  Ref<> module = import_module_by_name("unicodedata");
  if (!module) {
    clear_error();
    return false;
  }
  loaded = true;
  return true;
}

}  // namespace

// sys.path as CPython builds it: PYTHONPATH, the stdlib zip, the stdlib and lib-dynload.
// site adds the site-packages directories, then main_path0 goes first.
Ref<> initial_sys_path() {
  const Config& config = runtime().config;
  std::vector<std::string> path;
  if (config.module_search_paths_set) {
    path = config.module_search_paths;
  } else {
    for (const std::string& entry : config.pythonpath) path.push_back(entry);
    std::string lib = config.stdlib_dir;
    size_t slash = lib.rfind('/');
    std::string parent = slash == std::string::npos ? "" : lib.substr(0, slash);
    path.push_back(parent + "/python311.zip");
    path.push_back(lib);
    path.push_back(lib + "/lib-dynload");
  }
  Ref<ListObject> list = list_new();
  if (!list) return nullptr;
  for (const std::string& entry : path) {
    Ref<> s = str_from_utf8(entry);
    if (!s || !list_append(list.get(), s.value())) return nullptr;
  }
  return list;
}

std::string normalize_path(std::string_view path) {
  // POSIX keeps exactly two leading slashes; one, or three and more, mean the root.
  size_t leading = path.find_first_not_of('/');
  if (leading == std::string_view::npos) leading = path.size();
  std::string root = leading == 0 ? "" : leading == 2 ? "//" : "/";
  std::vector<std::string_view> parts;
  size_t start = leading;
  while (start < path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(start, slash - start);
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (root.empty()) {
        parts.push_back(part);  // a relative path keeps the ".." it cannot resolve
      }
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  std::string result = root;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) result += '/';
    result += parts[i];
  }
  return result;
}

Ref<> decode_os_string(std::string_view text) {
  StrObject* errors = str_intern_utf8("surrogateescape");
  if (!errors) return nullptr;
  if (runtime().config.filesystem_encoding == "ascii") return decode_ascii(text, Value(errors), Value());
  return decode_utf8(text, Value(errors), Value());
}

Ref<> decode_os_string_list(const std::vector<std::string>& items) {
  Ref<ListObject> list = list_new();
  if (!list) return nullptr;
  for (const std::string& item : items) {
    Ref<> s = decode_os_string(item);
    if (!s || !list_append(list.get(), s.value())) return nullptr;
  }
  return list;
}

bool runtime_core_start(Config config) {
  the_runtime = new Runtime();
  Runtime& rt = *the_runtime;
  rt.config = std::move(config);
  configure_from_environment(rt.config);
  hash_init_secret(rt.config.hash_seed);
  if (rt.config.int_max_str_digits >= 0) set_int_max_str_digits(rt.config.int_max_str_digits);
  ThreadState* main = new ThreadState();
  main->runtime = &rt;
  main->thread_id = current_thread_ident();
  main->native_thread_id = current_native_thread_id();
  thread_record_stack_limit(main);
  rt.threads = rt.main_thread = main;
  rt.gil.acquire(main);
  // Strings first: every later step interns names.
  rt.interned = dict_new().release_object();
  init_str_singletons();
  names::init_names();
  if (!ready_builtin_types()) return false;
  rt.modules = dict_new().release_object();
  Ref<> builtins = module_from_def(&module_builtins);
  if (!builtins || !fill_builtins(as_module(builtins))) return false;
  rt.builtins = as_module(builtins)->dict;
  incref(rt.builtins);
  Value import_func = dict_get_str(static_cast<DictObject*>(rt.builtins), ID(__import__));
  rt.import_func = import_func.as_object();
  rt.builtins_module = builtins.release_object();
  Ref<> sys = module_from_def(&module_sys);
  if (!sys) return false;
  rt.sys_dict = as_module(sys)->dict;
  incref(rt.sys_dict);
  rt.sys_module = sys.release_object();
  auto* modules = static_cast<DictObject*>(rt.modules);
  auto* sys_dict = static_cast<DictObject*>(rt.sys_dict);
  Ref<> path = initial_sys_path();
  if (!path || !dict_set_str(modules, "builtins", Value(rt.builtins_module)) ||
      !dict_set_str(modules, "sys", Value(rt.sys_module)) ||
      !dict_set_str(sys_dict, "modules", Value(rt.modules)) || !dict_set_str(sys_dict, "path", path)) {
    return false;
  }
  for (const char* hook : {"excepthook", "displayhook", "unraisablehook", "breakpointhook"}) {
    Value function = dict_get_utf8(sys_dict, hook);
    std::string dunder = std::string("__") + hook + "__";
    if (!function || !dict_set_str(sys_dict, dunder, function)) return false;
  }
  set_compile_warning_hook(compile_warning_to_warnings);
  unicode::set_name_database_check(unicodedata_importable);
  set_compile_debug_ranges(rt.config.code_debug_ranges);
  return true;
}

bool runtime_start(Config config) {
  if (!runtime_core_start(std::move(config))) {
    if (error_occurred()) print_uncaught_exception();
    std::fprintf(stderr, "Fatal Python error: krait could not start\n");
    return false;
  }
  install_default_signal_handlers();
  // Until io is up, sys.stderr is a bare printer (importlib's -v messages need one).
  Ref<> preliminary_stderr = std_printer_new(2);
  if (!preliminary_stderr ||
      !dict_set_str(as_dict(Value(runtime().sys_dict)), "stderr", preliminary_stderr)) {
    return false;
  }
  if (!import_bootstrap()) {
    std::fprintf(stderr, "Fatal Python error: init_import_system: failed to initialise the import system\n");
    if (error_occurred()) print_uncaught_exception();
    return false;
  }
  if (!init_stdio()) {
    if (error_occurred()) print_uncaught_exception();
    return false;
  }
  // -X faulthandler, PYTHONFAULTHANDLER, -X dev: crash reports from here on.
  if (!faulthandler_enable_from_config()) {
    print_uncaught_exception();
    std::fprintf(stderr, "Fatal Python error: init_interp_main: failed to initialize faulthandler\n");
    return false;
  }
  // With warning options, warnings.py is imported now: it applies them (_processoptions).
  if (!runtime().config.warnoptions.empty()) {
    Ref<> warnings = import_module_by_name("warnings");
    if (!warnings) {
      std::fprintf(stderr, "'import warnings' failed; traceback:\n");
      print_uncaught_exception();
    }
  }
  // site (unless -S) adds site-packages and the builtins it provides (exit, help, ...).
  if (!runtime().config.no_site) {
    Ref<> site = import_module_by_name("site");
    if (!site) {
      print_uncaught_exception();
      std::fprintf(stderr, "Fatal Python error: init_import_site: Failed to import the site module\n");
      return false;
    }
  }
  if (!insert_main_path0()) {
    print_uncaught_exception();
    return false;
  }
  return true;
}

// --- Running the main program ---

namespace {

// The exit status for an uncaught SystemExit (code None → 0, int → it, other → print, 1).
int handle_system_exit() {
  Ref<> exception = fetch_error();
  Value code = static_cast<SystemExitObject*>(exception.get())->code;
  if (!code || is_none(code)) return 0;
  if (is_int(code)) {
    int64_t status;
    if (!int_to_int64(code, &status)) return 1;
    return int(status & 0xFF);
  }
  Value err = dict_get_utf8(static_cast<DictObject*>(runtime().sys_dict), "stderr");
  Ref<StrObject> text = str(code);
  if (text && err && !is_none(err)) {
    Ref<> newline = str_from_ascii("\n");
    if (!call_method1(err, ID(write), text.value()) || !call_method1(err, ID(write), newline.value())) clear_error();
  } else {
    clear_error();
    if (text) std::fprintf(stderr, "%s\n", std::string(str_utf8(text.get())).c_str());
  }
  return 1;
}

int report_failure() {
  if (error_matches(&exc::SystemExit)) return handle_system_exit();
  if (error_matches(&exc::KeyboardInterrupt)) runtime().unhandled_keyboard_interrupt = true;
  print_uncaught_exception();
  return 1;
}

Ref<> main_module_dict() {
  Ref<> name = str_from_ascii("__main__");
  Ref<ModuleObject> main = module_new(name);
  if (!main) return nullptr;
  Value dict = module_dict(main);
  if (!dict_set(as_dict(dict), Value(ID(__builtins__)), Value(runtime().builtins_module))) return nullptr;
  // As CPython's add_main_module: BuiltinImporter until a script's loader replaces it.
  Ref<> loader = get_attr(Value(runtime().importlib), "BuiltinImporter");
  if (!loader || !dict_set_str(as_dict(dict), "__loader__", loader)) return nullptr;
  if (!dict_set_str(static_cast<DictObject*>(runtime().modules), "__main__", main)) return nullptr;
  return new_ref(dict);
}

int run_source(const std::string& source, const std::string& filename, Value globals, bool is_file,
               int extra_flags = 0) {
  Ref<> name = decode_os_string(filename);
  if (!name) return report_failure();
  int flags = (is_file ? kCompileSourceIsFile : 0) | extra_flags;
  std::string text = source;
  if (runtime().config.skip_first_line) {
    size_t newline = text.find('\n');
    text = newline == std::string::npos ? "" : "\n" + text.substr(newline + 1);
  }
  Ref<CodeObject> code = compile_source(text, name, CompileMode::Exec, flags, -1);
  if (!code) return report_failure();
  for (const std::string& x : runtime().config.xoptions) {
    if (x == "dis") {
      std::fputs(disassemble(code.get()).c_str(), stdout);
      return 0;
    }
  }
  Ref<> result = eval_code(code.get(), globals, globals);
  if (!result) return report_failure();
  return 0;
}

// -c: the command is text (a coding cookie in it means nothing); bytes that are not UTF-8
// stop it, as CPython's run_command fails to encode the argument it decoded.
int run_command(const std::string& command, Value globals) {
  Ref<> text = decode_os_string(command);
  Ref<> encoded = text ? call_method0(text, str_intern_utf8("encode")) : nullptr;
  if (!encoded) {
    if (error_matches(&exc::UnicodeEncodeError)) {
      std::fflush(stdout);
      std::fputs("Unable to decode the command from the command line:\n", stderr);
    }
    return report_failure();
  }
  return run_source(command, "<string>", globals, false, kCompileSourceIsUtf8);
}

// The main script's path made absolute by prefixing the working directory, unnormalized
// ("./x.py" -> "/cwd/./x.py"), as CPython 3.9+ does for __file__ and tracebacks.
std::string absolute_script_path(const std::string& filename) {
  if (filename.empty() || filename[0] == '/') return filename;
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) return filename;
  std::string dir = cwd;
  return dir == "/" ? "/" + filename : dir + "/" + filename;
}

int run_file(const std::string& given_filename, Value globals) {
  if (is_script_container(given_filename)) {
    // runpy finds __main__ through sys.path[0] (the container) or exits with its message.
    Ref<> name = str_from_ascii("__main__");
    Ref<> result = name ? call_function_in_module("runpy", "_run_module_as_main", name.value(), False())
                        : Ref<>();
    return result ? 0 : report_failure();
  }
  std::string source;
  std::string filename = absolute_script_path(given_filename);
  if (!read_file(filename, &source)) {
    int error = errno;
    std::fprintf(stderr, "%s: can't open file '%s': [Errno %d] %s\n", runtime().config.executable.c_str(),
                 filename.c_str(), error, std::strerror(error));
    return 2;
  }
  Ref<> file = decode_os_string(filename);
  if (!file || !dict_set(as_dict(globals), Value(ID(__file__)), file) ||
      !dict_set(as_dict(globals), Value(ID(__cached__)), None())) {
    return report_failure();
  }
  if (looks_like_pyc_file(filename, source)) {
    if (!set_main_loader(globals, file, "SourcelessFileLoader")) return report_failure();
    Ref<CodeObject> code = code_from_pyc_file(source);
    if (!code || !eval_code(code.get(), globals, globals)) return report_failure();
    return 0;
  }
  if (!set_main_loader(globals, file, "SourceFileLoader")) return report_failure();
  return run_source(source, filename, globals, true);
}

int run_module(const std::string& module_name) {
  // runpy._run_module_as_main(name) does everything (sys.argv[0], __main__, -m pkg).
  Ref<> name = str_from_utf8(module_name);
  Ref<> result = name ? call_function_in_module("runpy", "_run_module_as_main", name.value(), True()) : Ref<>();
  if (!result) return report_failure();
  return 0;
}

// stdin is read as a REPL when it is a terminal or -i forces it (_Py_FdIsInteractive).
bool stdin_is_interactive() { return isatty(0) || runtime().config.interactive; }

// After each statement, as CPython's flush_io: what it printed is visible before the next
// prompt even when stdout is a pipe. Errors flushing are ignored.
void flush_interactive_output() {
  for (const char* name : {"stderr", "stdout"}) {
    Value stream = dict_get_utf8(static_cast<DictObject*>(runtime().sys_dict), name);
    if (!stream || is_none(stream)) continue;
    Ref<> keep = new_ref(stream);
    Ref<> flushed = call_method0(stream, ID(flush));
    if (!flushed) clear_error();
  }
}

int run_interactive(Value globals, bool show_banner) {
  // A line-by-line loop on stdin (a real REPL with editing comes later). Prompts go to
  // stderr whenever stdin counts as interactive (-i forces them on a pipe).
  const Config& config = runtime().config;
  bool prompts = stdin_is_interactive();
  if (show_banner && !config.quiet && prompts) {
    std::fprintf(stderr, "Python 3.11.2 (krait)\nType \"help\", \"copyright\", \"credits\" or \"license\" for more information.\n");
  }
  Ref<> filename = str_from_ascii("<stdin>");
  std::string pending;
  for (;;) {
    const char* prompt = pending.empty() ? ">>> " : "... ";
    if (prompts) {
      std::fputs(prompt, stderr);
      std::fflush(stderr);
    }
    char line[65536];
    if (!std::fgets(line, sizeof line, stdin)) {
      if (prompts) std::fputc('\n', stderr);
      return 0;
    }
    if (pending.empty() && std::strspn(line, " \t\r\n\f") == std::strlen(line)) continue;
    pending += line;
    // As the interactive tokenizer: the source so far without its last newline, so that a
    // compound statement stays open until a blank line ends it.
    std::string source = pending;
    bool blank_line = std::strcmp(line, "\n") == 0;
    if (!source.empty() && source.back() == '\n') source.pop_back();
    Ref<CodeObject> code = compile_source(source, filename, CompileMode::Single,
                                          kCompileAllowIncompleteInput | kCompileDontImplyDedent, -1);
    if (!code) {
      if (error_matches(&exc::SyntaxError)) {
        Ref<> e = fetch_error();
        Ref<> msg;
        bool incomplete = get_attr_optional(e, ID(msg), &msg) > 0 && is_str(msg) &&
                          str_equal_ascii(as_str(msg), "incomplete input");
        clear_error();
        if (incomplete && !blank_line) continue;
        if (incomplete) {
          // A blank line that leaves the statement open: report the error the statement
          // really has (e.g. "expected an indented block").
          code = compile_source(pending, filename, CompileMode::Single, 0, -1);
        } else {
          restore_error(std::move(e));
        }
      }
    }
    if (!code) {
      pending.clear();
      if (error_matches(&exc::SystemExit)) return handle_system_exit();
      print_uncaught_exception();
      flush_interactive_output();
      continue;
    }
    pending.clear();
    Ref<> result = eval_code(code.get(), globals, globals);
    if (!result) {
      if (error_matches(&exc::SystemExit)) return handle_system_exit();
      print_uncaught_exception();
    }
    flush_interactive_output();
  }
}

}  // namespace

int runtime_run_main() {
  const Config& config = runtime().config;
  // __main__ exists before anything runs, -m included (runpy replaces its namespace).
  Ref<> globals = main_module_dict();
  if (!globals) return report_failure();
  int status;
  if (!config.run_module.empty()) {
    // runpy runs the module in __main__'s own namespace, which -i then inspects.
    status = run_module(config.run_module);
  } else if (!config.run_command.empty()) {
    status = run_command(config.run_command, globals);
  } else if (!config.run_filename.empty() && config.run_filename != "-") {
    status = run_file(config.run_filename, globals);
  } else if (!stdin_is_interactive() || !config.run_filename.empty()) {
    std::stringstream buffer;
    buffer << std::cin.rdbuf();
    status = run_source(buffer.str(), "<stdin>", globals, true);
  } else {
    return run_interactive(globals, true);
  }
  if (config.inspect && status != 2) return run_interactive(globals, false);
  return status;
}

namespace {

// _PyModule_ClearDict: names with a single leading underscore become None first, then every
// name but __builtins__, so __del__ methods running meanwhile still find most globals.
void clear_module_globals(Value module) {
  DictObject* globals = as_dict(module_dict(module));
  for (bool underscored_pass : {true, false}) {
    Ref<> names = dict_keys_list(globals);
    if (!names) return clear_error();
    for (int64_t i = 0; i < as_list(names)->length; ++i) {
      Value name = as_list(names)->items[i];
      if (!is_str(name)) continue;
      std::string_view text = str_utf8(name);
      bool underscored = text.size() > 1 && text[0] == '_' && text[1] != '_';
      if (underscored_pass ? !underscored : text == "__builtins__") continue;
      Value value = dict_get(globals, name);
      if (!value || is_none(value)) continue;
      if (!dict_set(globals, name, None())) write_unraisable_exception("Exception ignored on clearing module", module);
    }
  }
}

// CPython's finalize_modules, in its order: the sys attributes that keep the import system
// and the last traceback alive go; the sys.modules entries become None (weak references
// remember the modules); a full collection frees what that released, running __del__
// methods and weakref callbacks; then each module still alive has its globals cleared,
// the most recently imported first; a last collection follows. sys and builtins stay.
void finalize_modules(Runtime& rt) {
  DictObject* sys = as_dict(Value(rt.sys_dict));
  for (const char* name : {"path", "argv", "ps1", "ps2", "last_type", "last_value", "last_traceback",
                           "path_hooks", "path_importer_cache", "meta_path", "__interactivehook__"}) {
    if (dict_get_utf8(sys, name) && !dict_set_str(sys, name, None())) clear_error();
  }
  for (const auto& [name, original] : {std::pair{"stdin", "__stdin__"}, {"stdout", "__stdout__"},
                                       {"stderr", "__stderr__"}}) {
    Value stream = dict_get_utf8(sys, original);
    if (stream && !dict_set_str(sys, name, stream)) clear_error();
  }
  DictObject* modules = as_dict(Value(rt.modules));
  std::vector<Ref<>> weak_modules;
  Ref<> names = dict_keys_list(modules);
  if (!names) return clear_error();
  for (int64_t i = 0; i < as_list(names)->length; ++i) {
    Value name = as_list(names)->items[i];
    Value module = dict_get(modules, name);
    if (!module || !is_module(module)) continue;
    Ref<> weak = weakref_new(module, Value());
    if (weak) weak_modules.push_back(std::move(weak));
    if (!dict_set(modules, name, None())) clear_error();
  }
  clear_error();
  gc_collect(2);
  for (auto it = weak_modules.rbegin(); it != weak_modules.rend(); ++it) {
    Value module = weakref_referent(it->value());
    if (!module || module.as_object() == rt.sys_module || module.as_object() == rt.builtins_module) continue;
    Ref<> keep = new_ref(module);
    clear_module_globals(module);
  }
  gc_collect(2);
}

// Flushes sys.stdout and sys.stderr unless closed (json.tool closes stdout); a failing
// flush makes the exit status 120 (stdout's is reported as unraisable). The last
// flush, after the modules are gone, stays silent (CPython's sys dict is cleared by then).
int flush_std_streams(Runtime& rt, int status, bool report) {
  for (const char* name : {"stdout", "stderr"}) {
    Value stream = dict_get_utf8(static_cast<DictObject*>(rt.sys_dict), name);
    if (!stream || is_none(stream)) continue;
    Ref<> keep = new_ref(stream);
    Ref<> closed;
    int has_closed = get_attr_optional(stream, str_intern_utf8("closed"), &closed);
    int is_closed = has_closed > 0 ? is_true(closed) : 0;
    clear_error();
    if (is_closed > 0) continue;
    Ref<> flushed = call_method0(stream, ID(flush));
    if (!flushed) {
      if (!report) {
        clear_error();
        continue;
      }
      // (stderr's own failure cannot be reported anywhere)
      if (std::strcmp(name, "stdout") == 0) write_unraisable_exception("Exception ignored in", stream);
      clear_error();
      if (status == 0) status = 120;
    }
  }
  return status;
}

}  // namespace

int runtime_finalize(int status) {
  Runtime& rt = runtime();
  // threading._shutdown() waits for non-daemon threads, then atexit handlers run.
  Value threading = dict_get_utf8(static_cast<DictObject*>(rt.modules), "threading");
  if (threading && !is_none(threading)) {
    Ref<> keep = new_ref(threading);
    Ref<> shutdown;
    if (get_attr_optional(threading, str_intern_utf8("_shutdown"), &shutdown) > 0) {
      if (!call0(shutdown)) write_unraisable_exception("Exception ignored in", shutdown);
    }
    clear_error();
  }
  run_atexit_callbacks();
  rt.finalizing = true;
  rt.finalizing_thread.store(current_thread(), std::memory_order_release);
  status = flush_std_streams(rt, status, true);
  finalize_modules(rt);
  flush_std_streams(rt, 0, false);
  std::fflush(stdout);
  std::fflush(stderr);
  if (rt.unhandled_keyboard_interrupt) {
    std::signal(SIGINT, SIG_DFL);
    ::kill(::getpid(), SIGINT);
    return 128 + SIGINT;  // only if the signal did not end the process
  }
  return status;
}

}  // namespace krait
