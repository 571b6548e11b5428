// .pyc files (pyc_files.h). importlib writes __pycache__/X.krait-311.pyc next to every
// source it compiles, holding krait's marshal of the code. The standard library's
// directory and Debian's system dist-packages are not krait's to write (they belong to
// the system's CPython packages, and as root they would be writable), so:
// - importing their sources skips the .pyc step: they are frozen into the executable or
//   compiled through the code cache (runtime/code_cache.h), which costs an import no stat
//   or failed open of a .pyc;
// - cache_from_source puts their .pyc paths under ~/.cache/krait/pycache (as if
//   sys.pycache_prefix were set for them alone), so py_compile, compileall and
//   zipfile.PyZipFile still work on them without writing there.
// With sys.pycache_prefix set, all .pyc files live under the prefix, the stdlib's too.
#include "runtime/pyc_files.h"

#include <cstdlib>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/ops.h"
#include "modules/marshal.h"
#include "objects/bytes.h"
#include "objects/code.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/build_stamp.h"
#include "runtime/frozen.h"
#include "runtime/runtime.h"

namespace krait {

namespace {

Value external_module() {
  return dict_get_utf8(static_cast<DictObject*>(runtime().modules), "_frozen_importlib_external");
}

bool is_inside(std::string_view path, std::string_view directory) {
  return !directory.empty() && path.size() > directory.size() && path.compare(0, directory.size(), directory) == 0 &&
         path[directory.size()] == '/';
}

bool pycache_prefix_set() {
  Value prefix = dict_get_utf8(static_cast<DictObject*>(runtime().sys_dict), "pycache_prefix");
  return prefix && !is_none(prefix);
}

// Whether `path` lies in the system's Python installation: the stdlib directory, or the
// Debian system site-packages beside it (/usr/lib/python3/dist-packages, also the package
// manager's; /usr/local is the admin's).
bool in_system_python(std::string_view path) {
  const std::string& stdlib = runtime().config.stdlib_dir;
  static const std::string system_site_packages = stdlib.substr(0, stdlib.rfind('/') + 1) + "python3/dist-packages";
  return is_inside(path, stdlib) || is_inside(path, system_site_packages);
}

// Where the .pyc files of system sources go instead ($XDG_CACHE_HOME/krait/pycache, or
// ~/.cache/krait/pycache), mirroring their absolute paths; empty without a home.
const std::string& system_pycache_root() {
  static const std::string root = [] {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    if (xdg && *xdg == '/') return std::string(xdg) + "/krait/pycache";
    if (home && *home == '/') return std::string(home) + "/.cache/krait/pycache";
    return std::string();
  }();
  return root;
}

// importlib's cache_from_source (bound as `original`), with the .pyc of a system source
// moved under system_pycache_root: py_compile, compileall and zipfile.PyZipFile write and
// read it there, never in the system's directories. sys.pycache_prefix wins, as usual.
Ref<> cache_from_source(Value original, const Value* args, size_t nargs, TupleObject* kwnames) {
  Ref<> result = call(original, args, nargs, kwnames);
  if (!result || nargs < 1 || !is_str(args[0]) || !is_str(result) || pycache_prefix_set() ||
      !in_system_python(str_utf8(args[0]))) {
    return result;
  }
  if (system_pycache_root().empty()) {
    return raise(exc::NotImplementedError, "no directory for the bytecode of {} (HOME is not set)",
                 repr_for_message(args[0]));
  }
  return str_from_utf8(system_pycache_root() + std::string(str_utf8(result)));
}

// importlib's source_from_cache, undoing cache_from_source's move.
Ref<> source_from_cache(Value original, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (nargs == 1 && !kwnames && is_str(args[0]) && !pycache_prefix_set()) {
    std::string_view path = str_utf8(args[0]);
    const std::string& root = system_pycache_root();
    if (is_inside(path, root) && in_system_python(path.substr(root.size()))) {
      Ref<> moved_back = str_from_utf8(path.substr(root.size()));
      return moved_back ? call1(original, moved_back.value()) : nullptr;
    }
  }
  return call(original, args, nargs, kwnames);
}

const MethodDef cache_from_source_def = {
    .name = "cache_from_source",
    .raw = cache_from_source,
    .doc = "Given the path to a .py file, return the path to its .pyc file.\n\n"
           "importlib's function; krait keeps the .pyc files of the system's Python\n"
           "directories under $XDG_CACHE_HOME/krait/pycache (default ~/.cache/krait/pycache).",
};

const MethodDef source_from_cache_def = {
    .name = "source_from_cache",
    .raw = source_from_cache,
    .doc = "Given the path to a .pyc. file, return the path to its .py file.",
};

// Replaces `owner.name` (a module's function, a class's static method) by `def` bound to
// the original function.
bool wrap_function(Value owner, const MethodDef* def) {
  Ref<> original = get_attr(owner, def->name);
  if (!original) return false;
  Ref<> module_name = get_attr(owner, is_instance_of(owner, &type_type) ? "__module__" : "__name__");
  Ref<> wrapper = module_name ? builtin_function_new(def, original.value(), module_name.value()) : nullptr;
  return wrapper && set_attr(owner, def->name, wrapper.value());
}

extern const MethodDef source_file_loader_get_code_def;
extern const MethodDef source_file_loader_exec_module_def;

// The method `def` (installed on a SourceFileLoader class) overrides: the next `name` in
// type(self)'s MRO after the class holding it, as super() would find it.
Ref<> inherited_method(Value self, const char* name, const MethodDef* def) {
  TypeObject* type = type_of(self);
  if (!type->mro || !is_tuple(Value(type->mro))) return type_error("{} has no MRO", type->name);
  TupleObject* mro = as_tuple(Value(type->mro));
  bool past_override = false;
  for (int64_t i = 0; i < mro->length; ++i) {
    auto* base = static_cast<TypeObject*>(mro->items[i].as_object());
    Value found = base->dict ? dict_get_utf8(static_cast<DictObject*>(base->dict), name) : Value();
    if (!found) continue;
    if (past_override) return new_ref(found);
    past_override = is_type(found, &method_descriptor_type) &&
                    static_cast<MethodDescriptorObject*>(found.as_object())->def == def;
  }
  return raise(exc::AttributeError, "'super' object has no attribute '{}'", name);
}

// SourceFileLoader.get_code: importlib's SourceLoader.get_code, except for the system's
// Python directories, whose sources are compiled directly (what get_code does when there
// is no cache tag).
Ref<> source_file_loader_get_code(Value self, const Value* args) {
  Ref<> path = call_method1(self, str_intern_utf8("get_filename"), args[0]);
  if (!path) return nullptr;
  if (is_str(path) && !pycache_prefix_set() && in_system_python(str_utf8(path))) {
    Ref<> source = call_method1(self, str_intern_utf8("get_data"), path);
    if (!source) return nullptr;
    return call_method2(self, str_intern_utf8("source_to_code"), source, path);
  }
  Ref<> get_code = inherited_method(self, "get_code", &source_file_loader_get_code_def);
  if (!get_code) return nullptr;
  return call2(get_code, self, args[0]);
}

const MethodDef source_file_loader_get_code_def = {
    .name = "get_code",
    .impl = source_file_loader_get_code,
    .signature = "($self, fullname, /)",
    .doc = "Concrete implementation of InspectLoader.get_code.\n\n"
           "Reading of bytecode requires path_stats to be implemented. To write\n"
           "bytecode, set_data must also be implemented.",
};

bool configure_external(Value external);

// SourceFileLoader.exec_module: importlib's, and a module executed from the stdlib's
// importlib/_bootstrap_external.py (a second copy of the external importers, as
// importlib loads when _frozen_importlib_external is blocked) gets what the frozen copy
// got from configure_pyc_files: its literal MAGIC_NUMBER is CPython's, not krait's.
Ref<> source_file_loader_exec_module(Value self, const Value* args) {
  Ref<> exec_module = inherited_method(self, "exec_module", &source_file_loader_exec_module_def);
  Ref<> result = exec_module ? call2(exec_module, self, args[0]) : nullptr;
  if (!result) return nullptr;
  static const std::string external_source = runtime().config.stdlib_dir + "/importlib/_bootstrap_external.py";
  Ref<> path = get_attr(self, "path");
  if (!path) {
    clear_error();
    return result;
  }
  if (is_str(path) && str_utf8(path) == external_source && !configure_external(args[0])) return nullptr;
  return result;
}

const MethodDef source_file_loader_exec_module_def = {
    .name = "exec_module",
    .impl = source_file_loader_exec_module,
    .signature = "($self, module, /)",
    .doc = "Execute the module.",
};

// FrozenImporter.exec_module (bound as `original`), then the same for the frozen external
// importers run again (importlib.reload(importlib._bootstrap_external)).
Ref<> frozen_importer_exec_module(Value original, const Value* args, size_t nargs, TupleObject* kwnames) {
  Ref<> result = call(original, args, nargs, kwnames);
  if (!result || nargs != 1) return result;
  Ref<> spec = get_attr(args[0], "__spec__");
  Ref<> name = spec ? get_attr(spec, "name") : nullptr;
  if (!name) {
    clear_error();
    return result;
  }
  const FrozenModule* frozen = is_str(name) ? find_frozen_module(str_utf8(name)) : nullptr;
  if (frozen && frozen->origname && std::string_view(frozen->origname) == "importlib._bootstrap_external" &&
      !configure_external(args[0])) {
    return nullptr;
  }
  return result;
}

const MethodDef frozen_importer_exec_module_def = {
    .name = "exec_module",
    .raw = frozen_importer_exec_module,
    .doc = "Execute the module.",
};

// The first four bytes of this build's .pyc files.
uint32_t magic_number() { return uint32_t(pyc_magic_word()) | uint32_t('\r') << 16 | uint32_t('\n') << 24; }

uint32_t read_u32(std::string_view data) {
  uint32_t x = 0;
  for (int i = 0; i < 4; ++i) x |= uint32_t(uint8_t(data[size_t(i)])) << (8 * i);
  return x;
}


// Gives an importlib._bootstrap_external module krait's magic number and .pyc rules.
bool configure_external(Value external) {
  uint16_t word = pyc_magic_word();
  char magic[4] = {char(word & 0xFF), char(word >> 8), '\r', '\n'};
  Ref<> magic_bytes = bytes_from(std::string_view(magic, 4));
  Ref<> raw = int_from_int64(magic_number());
  if (!magic_bytes || !raw || !set_attr(external, "MAGIC_NUMBER", magic_bytes.value()) ||
      !set_attr(external, "_RAW_MAGIC_NUMBER", raw.value())) {
    return false;
  }
  if (!wrap_function(external, &cache_from_source_def) || !wrap_function(external, &source_from_cache_def)) {
    return false;
  }
  Ref<> loader = get_attr(external, "SourceFileLoader");
  if (!loader) return false;
  if (!is_instance_of(loader, &type_type)) return bool(type_error("SourceFileLoader is not a class"));
  auto* loader_type = static_cast<TypeObject*>(loader.value().as_object());
  for (const MethodDef* def : {&source_file_loader_get_code_def, &source_file_loader_exec_module_def}) {
    Ref<> method = method_descriptor_new(loader_type, def);
    if (!method || !set_attr(loader, def->name, method.value())) return false;
  }
  return true;
}

}  // namespace

bool configure_pyc_files() {
  Value external = external_module();
  if (!external) return true;  // importlib without its external importers: no .pyc files
  if (!configure_external(external)) return false;
  Ref<> frozen_importer = get_attr(Value(runtime().importlib), "FrozenImporter");
  return frozen_importer && wrap_function(frozen_importer, &frozen_importer_exec_module_def);
}

bool looks_like_pyc_file(std::string_view filename, std::string_view data) {
  if (filename.size() >= 4 && filename.substr(filename.size() - 4) == ".pyc") return true;
  // Two bytes only, as CPython (a text-mode read could have changed the "\r\n"); with -x
  // the first line is skipped, so the start of the file is no magic number.
  if (runtime().config.skip_first_line || data.size() < 2) return false;
  return (uint32_t(uint8_t(data[0])) | uint32_t(uint8_t(data[1])) << 8) == pyc_magic_word();
}

Ref<CodeObject> code_from_pyc_file(std::string_view data) {
  if (data.size() < 4 || read_u32(data) != magic_number()) {
    return raise(exc::RuntimeError, "Bad magic number in .pyc file");
  }
  // The rest of the header (flags, then the source's mtime and size or its hash) is not
  // checked: there is no source to compare with.
  if (data.size() < 16) return raise(exc::EOFError, "EOF read where not expected");
  Ref<> code = marshal_read(data.substr(16), MarshalOrigin::kBuildStamped);
  if (!code || !is_code(code)) {
    clear_error();
    return raise(exc::RuntimeError, "Bad code object in .pyc file");
  }
  return std::move(code).cast<CodeObject>();
}

bool set_main_loader(Value globals, Value filename, const char* loader_name) {
  Value external = external_module();
  if (!external) return true;
  Ref<> loader_type = get_attr(external, loader_name);
  if (!loader_type) return false;
  Ref<> name = str_from_ascii("__main__");
  Ref<> loader = name ? call2(loader_type, name.value(), filename) : nullptr;
  return loader && dict_set_str(as_dict(globals), "__loader__", loader);
}

}  // namespace krait
