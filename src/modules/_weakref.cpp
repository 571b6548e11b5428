// _weakref: the native half of the weakref module.
#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/weakref.h"

namespace krait {

namespace {

Ref<> weakref_getweakrefcount(Value, const Value* args) { return int_from_int64(weakref_count(args[0])); }
Ref<> weakref_getweakrefs(Value, const Value* args) { return weakref_list(args[0]); }
Ref<> weakref_proxy(Value, const Value* args) { return weakproxy_new(args[0], args[1] ? args[1] : Value()); }

// Removes `key` from `dct` if its value is a dead weakref (WeakValueDictionary's cleanup).
Ref<> weakref_remove_dead(Value, const Value* args) {
  if (!is_dict(args[0])) return type_error("_remove_dead_weakref() argument 1 must be dict, not {}", type_name(args[0]));
  DictObject* dict = as_dict(args[0]);
  Value value = dict_get(dict, args[1]);
  if (!value) {
    if (error_occurred()) return nullptr;
    return new_none();
  }
  if (is_instance_of(value, &weakref_type) && !weakref_referent(value)) {
    if (dict_remove(dict, args[1]) < 0) return nullptr;
  }
  return new_none();
}

const MethodDef weakref_methods[] = {
    {.name = "getweakrefcount", .impl = weakref_getweakrefcount, .signature = "($module, object, /)",
     .doc = "Return the number of weak references to 'object'."},
    {.name = "getweakrefs", .impl = weakref_getweakrefs, .signature = "($module, object, /)",
     .doc = "Return a list of all weak reference objects pointing to 'object'."},
    {.name = "proxy", .impl = weakref_proxy, .signature = "($module, object, callback=?, /)",
     .doc = "Create a proxy object that weakly references 'object'."},
    {.name = "_remove_dead_weakref", .impl = weakref_remove_dead, .signature = "($module, dct, key, /)",
     .doc = "Atomically remove key from dict if it points to a dead weakref."},
    {},
};

bool weakref_exec(ModuleObject* module) {
  return module_add_object(module, "ref", Value(&weakref_type)) &&
         module_add_object(module, "ReferenceType", Value(&weakref_type)) &&
         module_add_object(module, "ProxyType", Value(&weakproxy_type)) &&
         module_add_object(module, "CallableProxyType", Value(&weakcallableproxy_type));
}

}  // namespace

extern const ModuleDef module__weakref = {
    .name = "_weakref",
    .doc = "Weak-reference support module.",
    .methods = weakref_methods,
    .exec = weakref_exec,
};

}  // namespace krait
