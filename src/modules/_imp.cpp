// _imp: the primitives importlib's bootstrap builds on (CPython's Python/import.c): built-in
// module creation, the import lock, extension-module refusal, and the frozen modules built
// into the krait executable (runtime/frozen.h), which importlib's FrozenImporter loads.
#include <algorithm>
#include <mutex>
#include <new>

#include "core/error.h"
#include "core/hash.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/imp_lock.h"
#include "modules/marshal.h"
#include "modules/module_def.h"
#include "objects/bytes.h"
#include "objects/code.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/frozen.h"
#include "runtime/gil.h"
#include "runtime/import.h"
#include "runtime/runtime.h"
#include "runtime/thread_state.h"

namespace krait {

namespace {

// The global import lock (reentrant, per thread), used by imp.acquire_lock().
struct ImportLock {
  std::recursive_mutex mutex;
  uint64_t owner = 0;
  int depth = 0;
};
ImportLock import_lock;

Ref<> imp_is_builtin(Value, const Value* args) {
  if (!is_str(args[0])) return type_error("is_builtin() argument must be str, not {}", type_name(args[0]));
  // CPython: 1 for a normal built-in, -1 if it cannot be re-initialised.
  return int_from_small(find_builtin_module(str_utf8(args[0])) ? 1 : 0);
}

Ref<> imp_create_builtin(Value, const Value* args) {
  Ref<> name = get_attr(args[0], ID(name));
  if (!name) return nullptr;
  if (!is_str(name)) return type_error("name must be string, not {}", type_name(name));
  std::string_view text = str_utf8(name.value());
  // sys and builtins exist before importlib does.
  Value existing = dict_get_utf8(static_cast<DictObject*>(runtime().modules), text);
  if (existing && (text == "sys" || text == "builtins")) return new_ref(existing);
  const ModuleDef* def = find_builtin_module(text);
  if (!def) return new_none();
  return module_from_def(def);
}

Ref<> imp_exec_builtin(Value, const Value* args) { return int_from_small(0); }
Ref<> imp_exec_dynamic(Value, const Value* args) { return int_from_small(0); }

Ref<> imp_create_dynamic(Value, const Value* args) {
  Ref<> name = get_attr(args[0], ID(name));
  Ref<> origin = get_attr(args[0], ID(origin));
  if (!name || !origin) return nullptr;
  std::string message = format_message("krait cannot load C extension modules: '{}' ({})",
                                       str_for_message(name.value()), str_for_message(origin.value()));
  raise_message(&exc::ImportError, message);
  Value raised = current_thread()->current_exception.value();
  if (raised && is_instance_of(raised, &exc::ImportError)) {
    if (!set_attr(raised, "name", name.value()) || !set_attr(raised, "path", origin.value())) clear_error();
  }
  return nullptr;
}

Ref<> imp_extension_suffixes(Value, const Value* args) {
  Ref<ListObject> list = list_new();
  if (!list) return nullptr;
  for (const char* suffix : {".cpython-311-x86_64-linux-gnu.so", ".abi3.so", ".so"}) {
    Ref<> s = str_from_ascii(suffix);
    if (!s || !list_append(list.get(), s.value())) return nullptr;
  }
  return list;
}

// The frozen module `name` (a str, else Argument Clinic's TypeError: `argument` names the
// parameter as it does, "argument" or "argument 1"), or null.
bool lookup_frozen(const char* function, const char* argument, Value name, const FrozenModule** out) {
  if (!is_str(name)) {
    return type_error("{}() {} must be str, not {}", function, argument, is_none(name) ? "None" : type_name(name));
  }
  *out = find_frozen_module(str_utf8(name));
  return true;
}

// ImportError(..., name=name), as CPython's set_frozen_error.
Raised no_such_frozen_object(Value name) {
  raise(exc::ImportError, "No such frozen object named {}", repr_for_message(name));
  Value raised = current_thread()->current_exception.value();
  if (raised && is_instance_of(raised, &exc::ImportError)) {
    auto* error = static_cast<ImportErrorObject*>(raised.as_object());
    Value previous = error->name;
    error->name = new_ref(name).release();
    decref(previous);
  }
  return Raised();
}

Ref<> imp_is_frozen(Value, const Value* args) {
  const FrozenModule* module;
  if (!lookup_frozen("is_frozen", "argument", args[0], &module)) return nullptr;
  return new_bool(module != nullptr);
}

Ref<> imp_is_frozen_package(Value, const Value* args) {
  const FrozenModule* module;
  if (!lookup_frozen("is_frozen_package", "argument", args[0], &module)) return nullptr;
  if (!module) return no_such_frozen_object(args[0]);
  return new_bool(module->is_package);
}

// (data or None, is_package, origname or None), or None if there is no such module.
Ref<> imp_find_frozen(Value, const Value* args) {
  const FrozenModule* module;
  if (!lookup_frozen("find_frozen", "argument 1", args[0], &module)) return nullptr;
  if (!module) return new_none();
  Ref<> data = new_none();
  if (is_true(args[1]) > 0) {
    // Empty, as from CPython 3.11, whose frozen modules are deep-frozen: there is no
    // marshalled form to hand out.
    Ref<> bytes = bytes_from(std::string_view());
    Ref<> memoryview = bytes ? builtin_function("memoryview") : nullptr;
    data = memoryview ? call1(memoryview, bytes.value()) : nullptr;
    if (!data) return nullptr;
  }
  Ref<> origname = module->origname ? Ref<>(str_from_utf8(module->origname)) : new_none();
  if (!origname) return nullptr;
  return tuple_of({data.value(), bool_value(module->is_package), origname.value()});
}

Ref<> imp_get_frozen_object(Value, const Value* args) {
  const FrozenModule* module;
  if (!lookup_frozen("get_frozen_object", "argument 1", args[0], &module)) return nullptr;
  if (!is_none(args[1])) {
    // Marshalled code given by the caller (find_frozen's data is empty: see there).
    Buffer view;
    if (!buffer_get(args[1], &view, kBufferSimple)) return nullptr;
    std::string_view data(static_cast<const char*>(view.data), size_t(view.length));
    Ref<> code = data.empty() ? Ref<>() : marshal_read(data);
    buffer_release(&view);
    if (!code || !is_code(code)) {
      return raise(exc::ImportError, "Frozen object named {} is invalid", repr_for_message(args[0]));
    }
    return code;
  }
  if (!module) return no_such_frozen_object(args[0]);
  return frozen_module_code(module);
}

// Imports a frozen module by name (None if there is none); krait goes through importlib, so
// the module gets FrozenImporter's spec.
Ref<> imp_init_frozen(Value, const Value* args) {
  const FrozenModule* module;
  if (!lookup_frozen("init_frozen", "argument", args[0], &module)) return nullptr;
  if (!module) return new_none();
  return import_module_by_name(str_utf8(args[0]));
}

Ref<> imp_frozen_module_names(Value, const Value* args) {
  Ref<ListObject> names = list_new();
  if (!names) return nullptr;
  for (const FrozenModule* module = frozen_modules_begin(); module != frozen_modules_end(); ++module) {
    Ref<> name = str_from_utf8(module->name);
    if (!name || !list_append(names.get(), name.value())) return nullptr;
  }
  return names;
}

void acquire_import_lock() {
  // The holder may need the GIL to get to its release_lock(): wait without it.
  if (!import_lock.mutex.try_lock()) {
    ReleaseGil released;
    import_lock.mutex.lock();
  }
  import_lock.owner = current_thread()->thread_id;
  ++import_lock.depth;
}

bool release_import_lock() {
  if (import_lock.depth == 0 || import_lock.owner != current_thread()->thread_id) return false;
  if (--import_lock.depth == 0) import_lock.owner = 0;
  import_lock.mutex.unlock();
  return true;
}

Ref<> imp_acquire_lock(Value, const Value* args) {
  acquire_import_lock();
  return new_none();
}

Ref<> imp_release_lock(Value, const Value* args) {
  if (!release_import_lock()) return runtime_error("not holding the import lock");
  return new_none();
}

Ref<> imp_lock_held(Value, const Value* args) { return new_bool(import_lock.depth > 0); }

// A module loaded from a .pyc that was moved (or written for another path) gets the
// source's path in co_filename, in every nested code object that shared the old one.
void replace_code_filename(CodeObject* code, StrObject* old_name, Value new_name) {
  if (!is_str(Value(code->filename)) || !str_equal(as_str(Value(code->filename)), old_name)) return;
  Object* previous = code->filename;
  code->filename = new_ref(new_name).release_object();
  decref(previous);
  TupleObject* consts = as_tuple(Value(code->consts));
  for (int64_t i = 0; i < consts->length; ++i) {
    if (is_code(consts->items[i])) replace_code_filename(as_code(consts->items[i]), old_name, new_name);
  }
}

Ref<> imp_fix_co_filename(Value, const Value* args) {
  if (!is_code(args[0])) return type_error("_fix_co_filename() argument 1 must be code, not {}", type_name(args[0]));
  if (!is_str(args[1])) return type_error("_fix_co_filename() argument 2 must be str, not {}", type_name(args[1]));
  CodeObject* code = as_code(args[0]);
  if (!is_str(Value(code->filename)) || str_equal(as_str(Value(code->filename)), as_str(args[1]))) return new_none();
  Ref<> old_name = new_ref(Value(code->filename));  // kept alive while the tree is updated
  replace_code_filename(code, as_str(old_name), args[1]);
  return new_none();
}

// The 8-byte key of hash-based .pycs: SipHash-1-3 of the source under (key, 0), as CPython's
// _Py_KeyedHash, in native byte order.
Ref<> imp_source_hash(Value, const Value* args) {
  int64_t key;
  if (!int_as_int64(args[0], &key)) return nullptr;
  Buffer view;
  if (!buffer_get(args[1], &view, kBufferSimple)) return nullptr;
  uint64_t hash = siphash13(uint64_t(key), 0, view.data, size_t(view.length));
  buffer_release(&view);
  return bytes_from(std::string_view(reinterpret_cast<const char*>(&hash), sizeof(hash)));
}

Ref<> imp_override_frozen_modules_for_tests(Value, const Value* args) {
  int64_t override;
  if (!int_as_int64(args[0], &override)) return nullptr;
  override_frozen_modules_for_tests(int(std::clamp<int64_t>(override, -1, 1)));
  return new_none();
}
Ref<> imp_override_multi_interp_extensions_check(Value, const Value* args) { return int_from_small(0); }

const MethodDef imp_methods[] = {
    {.name = "is_builtin", .impl = imp_is_builtin, .signature = "($module, name, /)"},
    {.name = "create_builtin", .impl = imp_create_builtin, .signature = "($module, spec, /)"},
    {.name = "exec_builtin", .impl = imp_exec_builtin, .signature = "($module, mod, /)"},
    {.name = "create_dynamic", .impl = imp_create_dynamic, .signature = "($module, spec, file=None, /)"},
    {.name = "exec_dynamic", .impl = imp_exec_dynamic, .signature = "($module, mod, /)"},
    {.name = "extension_suffixes", .impl = imp_extension_suffixes, .signature = "($module, /)"},
    {.name = "is_frozen", .impl = imp_is_frozen, .signature = "($module, name, /)"},
    {.name = "is_frozen_package", .impl = imp_is_frozen_package, .signature = "($module, name, /)"},
    {.name = "find_frozen", .impl = imp_find_frozen, .signature = "($module, name, /, *, withdata=False)"},
    {.name = "get_frozen_object", .impl = imp_get_frozen_object, .signature = "($module, name, data=None, /)"},
    {.name = "init_frozen", .impl = imp_init_frozen, .signature = "($module, name, /)"},
    {.name = "_frozen_module_names", .impl = imp_frozen_module_names, .signature = "($module, /)"},
    {.name = "acquire_lock", .impl = imp_acquire_lock, .signature = "($module, /)"},
    {.name = "release_lock", .impl = imp_release_lock, .signature = "($module, /)"},
    {.name = "lock_held", .impl = imp_lock_held, .signature = "($module, /)"},
    {.name = "_fix_co_filename", .impl = imp_fix_co_filename, .signature = "($module, code, path, /)"},
    {.name = "source_hash", .impl = imp_source_hash, .signature = "($module, /, key, source)"},
    {.name = "_override_frozen_modules_for_tests", .impl = imp_override_frozen_modules_for_tests,
     .signature = "($module, override, /)"},
    {.name = "_override_multi_interp_extensions_check", .impl = imp_override_multi_interp_extensions_check,
     .signature = "($module, override, /)"},
    {},
};

bool imp_exec(ModuleObject* module) {
  Ref<> mode = str_from_utf8(runtime().config.check_hash_based_pycs);
  return mode && module_add_object(module, "check_hash_based_pycs", mode.value());
}

}  // namespace

void import_lock_before_fork() { acquire_import_lock(); }

void import_lock_after_fork_in_parent() { release_import_lock(); }

void import_lock_after_fork_in_child() {
  // The mutex's owner is a thread id of the parent: make a fresh one, held as deeply as the
  // forking thread held it before import_lock_before_fork.
  int depth = import_lock.depth - 1;
  new (&import_lock.mutex) std::recursive_mutex();
  import_lock.depth = 0;
  import_lock.owner = 0;
  for (int i = 0; i < depth; ++i) acquire_import_lock();
}

extern const ModuleDef module__imp = {
    .name = "_imp",
    .doc = "(Extremely) low-level import machinery bits as used by importlib and imp.",
    .methods = imp_methods,
    .exec = imp_exec,
};

}  // namespace krait
