// module: a namespace dict with a name. Native modules are declared with a ModuleDef
// (modules/module_def.h) and made by the import system.
#pragma once

#include "core/type.h"

namespace krait {

extern TypeObject module_type;

struct ModuleDef;

struct ModuleObject : Object {
  Object* dict;          // owned namespace (__dict__)
  const ModuleDef* def;  // native modules: their definition; null for Python modules
  void* state;           // native module state (owned per the def), or null
  Object* weakreflist;
};

inline bool is_module(Value v) { return v.is_object() && is_instance_of(v, &module_type); }
inline ModuleObject* as_module(Value v) { return static_cast<ModuleObject*>(v.as_object()); }

Ref<ModuleObject> module_new(Value name);
Value module_dict(Value module);  // borrowed
Ref<> module_name(Value module);

}  // namespace krait
