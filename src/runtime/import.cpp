// The import system's C++ side; see import.h.
#include "runtime/import.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "compile/compiler.h"
#include "core/names.h"
#include "core/ops.h"
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
#include "runtime/frozen.h"
#include "runtime/pyc_files.h"
#include "runtime/runtime.h"
#include "vm/eval.h"
#include "vm/frame.h"

namespace krait {

namespace {

DictObject* sys_modules() { return static_cast<DictObject*>(runtime().modules); }

// importlib._bootstrap (installed as _frozen_importlib), borrowed.
Value bootstrap_module() { return Value(runtime().importlib); }

}  // namespace

Ref<> builtin_function(std::string_view name) {
  Value v = dict_get_utf8(static_cast<DictObject*>(runtime().builtins), name);
  if (!v) return raise(exc::AttributeError, "module 'builtins' has no attribute '{}'", name);
  return new_ref(v);
}

Ref<> call_function_in_module_array(std::string_view module, std::string_view function,
                                    const Value* args, size_t nargs) {
  Ref<> m = import_module_by_name(module);
  if (!m) return nullptr;
  Ref<> f = get_attr(m, function);
  if (!f) return nullptr;
  return call(f, args, nargs);
}

// --- Loading a stdlib source file as a module (for the importlib bootstrap) ---

namespace {

// The bootstrap modules' code is named as CPython names its frozen copies, so that
// tracebacks read the same and remove_importlib_frames recognises them.
constexpr std::string_view kBootstrapFilename = "<frozen importlib._bootstrap>";
constexpr std::string_view kExternalFilename = "<frozen importlib._bootstrap_external>";

// Runs one of importlib's two bootstrap modules as `module_name`: its frozen code when the
// executable has a usable copy (with __origname__, which FrozenImporter._fix_up_module
// expects, as CPython's PyImport_ImportFrozenModuleObject sets it), else its source.
Ref<> exec_bootstrap_module(const char* module_name, const char* origname, std::string_view code_filename) {
  Ref<CodeObject> code;
  const FrozenModule* frozen = find_frozen_module(module_name);
  if (frozen) {
    code = frozen_module_code(frozen);
  } else {
    std::string path = runtime().config.stdlib_dir + "/" + origname + ".py";
    std::replace(path.end() - std::strlen(origname) - 3, path.end() - 3, '.', '/');
    std::ifstream file(path, std::ios::binary);
    if (!file) return raise(exc::ImportError, "cannot read {}", path);
    std::stringstream buffer;
    buffer << file.rdbuf();
    Ref<> filename = str_from_utf8(code_filename);
    if (!filename) return nullptr;
    code = compile_source(buffer.str(), filename, CompileMode::Exec, 0, runtime().config.optimize);
  }
  if (!code) return nullptr;
  Ref<> name = str_from_utf8(module_name);
  if (!name) return nullptr;
  Ref<ModuleObject> module = module_new(name);
  if (!module) return nullptr;
  DictObject* dict = as_dict(module_dict(module));
  if (!dict_set(dict, Value(ID(__builtins__)), Value(runtime().builtins_module))) return nullptr;
  if (frozen) {
    Ref<> origname_value = str_from_utf8(origname);
    if (!origname_value || !dict_set_str(dict, "__origname__", origname_value)) return nullptr;
  }
  if (!dict_set(sys_modules(), name, module.value())) return nullptr;
  Ref<> result = eval_code(code.get(), Value(dict), Value(dict));
  if (!result) return nullptr;
  return module;
}

// zipimport's importer goes first on sys.path_hooks, as CPython's _PyImportZip_Init puts
// it; without zipimport, zip files on sys.path are just not importable.
void install_zipimport_hook() {
  Ref<> zipimport = import_module_by_name("zipimport");
  Ref<> importer = zipimport ? get_attr(zipimport, "zipimporter") : nullptr;
  Value hooks = dict_get_utf8(static_cast<DictObject*>(runtime().sys_dict), "path_hooks");
  if (!importer || !hooks || !is_list(hooks) || !list_insert(as_list(hooks), 0, importer)) {
    if (runtime().config.verbose) std::fprintf(stderr, "# can't import zipimport\n");
    clear_error();
  }
}

}  // namespace

bool import_bootstrap() {
  Runtime& rt = runtime();
  Ref<> bootstrap = exec_bootstrap_module("_frozen_importlib", "importlib._bootstrap", kBootstrapFilename);
  if (!bootstrap) return false;
  Ref<> imp = import_builtin_module("_imp");
  if (!imp) return false;
  // CPython sets sys._stdlib_dir after installing importlib, so _frozen_importlib's own
  // spec gets no file name: hide it meanwhile.
  auto* sys = static_cast<DictObject*>(rt.sys_dict);
  Ref<> stdlib_dir_key = str_from_ascii("_stdlib_dir");
  if (!stdlib_dir_key) return false;
  Ref<> stdlib_dir = dict_pop(sys, stdlib_dir_key);
  if (!stdlib_dir && error_occurred()) return false;
  Ref<> install = get_attr(bootstrap, "_install");
  if (!install || !call2(install, Value(rt.sys_module), imp.value())) return false;
  if (stdlib_dir && !dict_set(sys, stdlib_dir_key, stdlib_dir)) return false;
  rt.importlib = bootstrap.release_object();
  // _install_external_importers imports _frozen_importlib_external (through
  // FrozenImporter when it is frozen), binds _bootstrap._bootstrap_external and installs
  // the path-based finders.
  if (!find_frozen_module("_frozen_importlib_external") &&
      !exec_bootstrap_module("_frozen_importlib_external", "importlib._bootstrap_external", kExternalFilename)) {
    return false;
  }
  Ref<> install_external = get_attr(Value(rt.importlib), "_install_external_importers");
  if (!install_external || !call0(install_external) || !configure_pyc_files()) return false;
  install_zipimport_hook();
  return true;
}

Ref<> import_builtin_module(std::string_view name) {
  Value existing = dict_get_utf8(sys_modules(), name);
  if (existing) return new_ref(existing);
  const ModuleDef* def = find_builtin_module(name);
  if (!def) return raise(exc::ModuleNotFoundError, "No module named '{}'", name);
  Ref<> module = module_from_def(def);
  if (!module) return nullptr;
  if (!dict_set_str(sys_modules(), std::string(name).c_str(), module)) return nullptr;
  return module;
}

// --- The import statement ---

namespace {

// The package relative imports are resolved against (importlib's _calc___package__).
Ref<> calc_package(Value globals) {
  DictObject* g = is_dict(globals) ? as_dict(globals) : nullptr;
  if (!g) return raise(exc::KeyError, "'__name__' not in globals");
  Value package = dict_get_str(g, ID(__package__));
  Value spec = dict_get_str(g, ID(__spec__));
  if (package && !is_none(package)) {
    if (!is_str(package)) return type_error("package must be a string");
    if (spec && !is_none(spec)) {
      Ref<> keep_package = new_ref(package);
      Ref<> keep_spec = new_ref(spec);
      Ref<> parent = get_attr(spec, "parent");
      if (!parent) return nullptr;
      int same = equal(package, parent);
      if (same < 0) return nullptr;
      if (!same && warn(exc::ImportWarning, "__package__ != __spec__.parent", 1) < 0) return nullptr;
      return keep_package;
    }
    return new_ref(package);
  }
  if (spec && !is_none(spec)) {
    Ref<> parent = get_attr(spec, "parent");
    if (!parent) return nullptr;
    if (!is_str(parent)) return type_error("__spec__.parent must be a string");
    return parent;
  }
  if (warn(exc::ImportWarning,
           "can't resolve package from __spec__ or __package__, falling back on __name__ and __path__", 1) < 0) {
    return nullptr;
  }
  Value name = dict_get_str(g, ID(__name__));
  if (!name) return raise(exc::KeyError, "'__name__' not in globals");
  if (!is_str(name)) return type_error("__name__ must be a string");
  if (dict_get_str(g, ID(__path__))) return new_ref(name);
  std::string_view text = str_utf8(name);
  size_t dot = text.rfind('.');
  return str_from_utf8(dot == std::string_view::npos ? std::string_view() : text.substr(0, dot));
}

Ref<> resolve_name(Value name, Value globals, int64_t level) {
  Ref<> package = calc_package(globals);
  if (!package) return nullptr;
  if (as_str(package)->length == 0) {
    return raise(exc::ImportError, "attempted relative import with no known parent package");
  }
  std::string base(str_utf8(package.value()));
  for (int64_t i = 1; i < level; ++i) {
    size_t dot = base.rfind('.');
    if (dot == std::string::npos) {
      return raise(exc::ImportError, "attempted relative import beyond top-level package");
    }
    base.resize(dot);
  }
  if (as_str(name)->length == 0) return str_from_utf8(base);
  return str_from_utf8(base + "." + std::string(str_utf8(name)));
}

bool is_initializing(Value module) {
  Ref<> spec;
  if (get_attr_optional(module, ID(__spec__), &spec) <= 0) {
    clear_error();
    return false;
  }
  return module_spec_is_initializing(spec);
}

bool is_importlib_frame(TracebackObject* tb) {
  auto* code = static_cast<FrameObject*>(tb->frame)->frame->code;
  std::string_view filename = str_utf8(Value(code->filename));
  return filename == kBootstrapFilename || filename == kExternalFilename;
}

// A failed import's traceback without the import machinery, as CPython shows it: runs of
// importlib frames are cut when they end in _call_with_frames_removed (the call into the
// module's own code), and every importlib frame is cut from an ImportError's (unless -v).
void remove_importlib_frames() {
  if (runtime().config.verbose) return;
  Ref<> exception = fetch_error();
  if (!exception) return;
  Value first = exception_traceback(exception);
  if (first && is_traceback(first)) {
    bool cut_all = is_instance_of(exception, &exc::ImportError);
    Object* head = first.as_object();  // an owned reference while the chain is edited
    incref(head);
    // `link` is the slot pointing at the current entry; `run_start` the slot pointing at
    // the first entry of the current run of importlib frames.
    Object** link = &head;
    Object** run_start = &head;
    bool in_importlib = false;
    while (*link) {
      auto* tb = static_cast<TracebackObject*>(*link);
      bool now_in_importlib = is_importlib_frame(tb);
      if (now_in_importlib && !in_importlib) run_start = link;
      in_importlib = now_in_importlib;
      auto* code = static_cast<FrameObject*>(tb->frame)->frame->code;
      if (in_importlib && (cut_all || str_equal_ascii(static_cast<StrObject*>(code->name), "_call_with_frames_removed"))) {
        // Drop the run from run_start up to and including this entry.
        Object* rest = tb->next;
        if (rest) incref(rest);
        Object* dropped = *run_start;
        *run_start = rest;
        decref(dropped);
        link = run_start;
      } else {
        link = &tb->next;
      }
    }
    exception_set_traceback(exception, head ? Value(head) : Value());
    if (head) decref(head);
  }
  restore_error(std::move(exception));
}

Ref<> find_and_load(Value absolute_name) {
  Value module = dict_get(sys_modules(), absolute_name);
  if (module && !is_none(module)) {
    if (!is_initializing(module)) return new_ref(module);
    // Being imported, here or by another thread: as CPython's import_ensure_initialized,
    // wait for that import through _lock_unlock_module, which accepts the partial module
    // when waiting would deadlock (concurrent circular imports).
    if (bootstrap_module()) {
      Ref<> keep = new_ref(module);
      Ref<> wait = get_attr(bootstrap_module(), "_lock_unlock_module");
      if (!wait || !call1(wait, absolute_name)) {
        remove_importlib_frames();
        return nullptr;
      }
      return keep;
    }
  }
  if (error_occurred()) return nullptr;
  // Before importlib is installed only built-in modules can be imported.
  if (!bootstrap_module()) return import_builtin_module(str_utf8(absolute_name));
  Ref<> find_and_load_fn = get_attr(bootstrap_module(), "_find_and_load");
  Ref<> import_fn = builtin_function("__import__");
  if (!find_and_load_fn || !import_fn) return nullptr;
  Ref<> loaded = call2(find_and_load_fn, absolute_name, import_fn.value());
  if (!loaded) remove_importlib_frames();
  return loaded;
}

}  // namespace

bool module_spec_is_initializing(Value spec) {
  if (!spec || is_none(spec)) return false;
  Ref<> flag;
  if (get_attr_optional(spec, ID(_initializing), &flag) <= 0) {
    clear_error();
    return false;
  }
  int truth = is_true(flag);
  if (truth < 0) clear_error();
  return truth > 0;
}

Ref<> import_default(Value name, Value globals, Value locals, Value fromlist, Value level_value) {
  if (!is_str(name)) return type_error("module name must be a string");
  int64_t level;
  if (!int_as_int64(level_value, &level)) return nullptr;
  if (level < 0) return value_error("level must be >= 0");
  Ref<> absolute;
  if (level > 0) {
    absolute = resolve_name(name, globals, level);
    if (!absolute) return nullptr;
  } else {
    if (as_str(name)->length == 0) return value_error("Empty module name");
    absolute = new_ref(name);
  }
  Ref<> module = find_and_load(absolute);
  if (!module) return nullptr;
  bool has_from = fromlist && !is_none(fromlist) && is_true(fromlist) > 0;
  if (!has_from) {
    // `import a.b.c` binds a: return the top-level package.
    std::string_view text = str_utf8(name);
    if (level == 0) {
      size_t dot = text.find('.');
      if (dot == std::string_view::npos) return module;
      Ref<> top = str_from_utf8(text.substr(0, dot));
      if (!top) return nullptr;
      return find_and_load(top);
    }
    // Relative: `name` without a dot binds the module itself; else cut the trailing part
    // of the absolute name that `name` contributed after its first component.
    size_t dot = text.find('.');
    if (dot == std::string_view::npos) return module;
    std::string_view absolute_text = str_utf8(absolute.value());
    size_t cut = absolute_text.size() - (text.size() - dot);
    Ref<> prefix = str_from_utf8(absolute_text.substr(0, cut));
    if (!prefix) return nullptr;
    Value found = dict_get(sys_modules(), prefix.value());
    if (!found) {
      if (error_occurred()) return nullptr;
      return raise(exc::KeyError, "{} not in sys.modules as expected", repr_for_message(prefix.value()));
    }
    return new_ref(found);
  }
  Ref<> path;
  if (get_attr_optional(module, ID(__path__), &path) < 0) return nullptr;
  if (!path) return module;
  Ref<> handle = get_attr(bootstrap_module(), "_handle_fromlist");
  Ref<> import_fn = builtin_function("__import__");
  if (!handle || !import_fn) return nullptr;
  Ref<> result = call3(handle, module.value(), fromlist, import_fn.value());
  if (!result) remove_importlib_frames();  // a submodule's own error, as CPython shows it
  return result;
}

Ref<> import_module_level(Value name, Value globals, Value locals, Value fromlist, Value level,
                          Value builtins) {
  // CPython reads __import__ with PyDict_GetItem, which rejects other mappings.
  if (!is_dict(builtins)) return system_error("bad argument to internal function");
  Value import_fn = dict_get_str(as_dict(builtins), ID(__import__));
  if (!import_fn) {
    if (error_occurred()) return nullptr;
    return raise(exc::ImportError, "__import__ not found");
  }
  // The default __import__ goes straight to the native path.
  if (import_fn.as_object() == runtime().import_func) {
    return import_default(name, globals, locals, fromlist, level);
  }
  Value args[5] = {name, globals ? globals : None(), locals ? locals : None(), fromlist, level};
  return call(import_fn, args, 5);
}

Ref<> import_module_by_name(std::string_view name) {
  Value existing = dict_get_utf8(sys_modules(), name);
  if (existing && !is_none(existing) && !is_initializing(existing)) return new_ref(existing);
  Ref<> name_value = str_from_utf8(name);
  if (!name_value) return nullptr;
  if (!runtime().importlib) return import_builtin_module(name);
  Ref<> module = find_and_load(name_value);
  return module;
}

Raised import_from_error(Value module, StrObject* name, Value package_name) {
  std::string package = package_name && is_str(package_name) ? std::string(str_utf8(package_name)) : "<unknown module name>";
  Ref<> file;
  if (get_attr_optional(module, ID(__file__), &file) < 0) clear_error();
  std::string location = file && is_str(file) ? std::string(str_utf8(file.value())) : "unknown location";
  std::string message;
  if (is_initializing(module)) {
    message = format_message(
        "cannot import name '{}' from partially initialized module '{}' (most likely due to a "
        "circular import) ({})",
        str_utf8(name), package, location);
  } else {
    message = format_message("cannot import name '{}' from '{}' ({})", str_utf8(name), package, location);
  }
  raise_message(&exc::ImportError, message);
  Value raised = current_thread()->current_exception.value();
  if (raised && is_instance_of(raised, &exc::ImportError)) {
    auto* e = static_cast<ImportErrorObject*>(raised.as_object());
    Value pkg = package_name ? package_name : None();
    incref(pkg);
    decref(e->name);
    e->name = pkg;
    Value path = file && is_str(file) ? file.value() : None();
    incref(path);
    decref(e->path);
    e->path = path;
  }
  return Raised();
}

bool import_all_from(Value locals, Value module) {
  Ref<> all;
  if (get_attr_optional(module, ID(__all__), &all) < 0) return false;
  bool skip_private = false;
  if (!all) {
    Ref<> dict;
    if (get_attr_optional(module, ID(__dict__), &dict) < 0) return false;
    if (!dict) return raise(exc::ImportError, "from-import-* object has no __dict__ and no __all__");
    all = call_method0(dict, ID(keys));
    if (!all) return false;
    skip_private = true;
  }
  Ref<> module_name;
  if (get_attr_optional(module, ID(__name__), &module_name) < 0) clear_error();
  return for_each(all, [&](Value name) {
    if (!is_str(name)) {
      std::string owner = module_name && is_str(module_name) ? std::string(str_utf8(module_name.value())) : "?";
      return bool(type_error(skip_private ? "Key in {}.__dict__ must be str, not {}" : "Item in {}.__all__ must be str, not {}",
                             owner, type_name(name)));
    }
    if (skip_private && as_str(name)->length > 0 && as_str(name)->at(0) == '_') return true;
    Ref<> value = get_attr(module, as_str(name));
    if (!value) return false;
    if (is_exact_dict(locals)) return dict_set(as_dict(locals), name, value);
    return set_item(locals, name, value);
  });
}

Ref<> module_repr_via_importlib(Value module) {
  if (runtime().importlib) {
    Ref<> repr_fn = get_attr(Value(runtime().importlib), "_module_repr");
    if (repr_fn) return call1(repr_fn, module);
    clear_error();
  }
  Ref<> name;
  if (get_attr_optional(module, ID(__name__), &name) < 0) return nullptr;
  std::string text = name && is_str(name) ? std::string(str_utf8(name.value())) : "?";
  return str_from_utf8("<module '" + text + "'>");
}

}  // namespace krait
