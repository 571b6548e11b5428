// Making module objects from ModuleDefs, and the registry of built-in modules.
#include "modules/module_def.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/module.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/type_internal.h"

namespace krait {

#define KRAIT_MODULE(id, name) extern const ModuleDef module_##id;
#include "modules/builtin_modules.def"
#undef KRAIT_MODULE

namespace {

const ModuleDef* const kBuiltinModules[] = {
#define KRAIT_MODULE(id, name) &module_##id,
#include "modules/builtin_modules.def"
#undef KRAIT_MODULE
};

}  // namespace

const ModuleDef* find_builtin_module(std::string_view name) {
  for (const ModuleDef* def : kBuiltinModules) {
    if (name == def->name) return def;
  }
  return nullptr;
}

std::vector<const char*> builtin_module_names() {
  std::vector<const char*> names;
  for (const ModuleDef* def : kBuiltinModules) names.push_back(def->name);
  std::sort(names.begin(), names.end(), [](const char* a, const char* b) { return std::strcmp(a, b) < 0; });
  return names;
}

Ref<> module_from_def(const ModuleDef* def) {
  Ref<> name = str_from_utf8(def->name);
  if (!name) return nullptr;
  Ref<ModuleObject> module = module_new(name);
  if (!module) return nullptr;
  module->def = def;
  if (def->state_size) {
    module->state = std::calloc(1, def->state_size);
    if (!module->state) return raise_memory_error();
  }
  auto* dict = static_cast<DictObject*>(module->dict);
  if (def->doc) {
    Ref<> doc = str_from_utf8(def->doc);
    if (!doc || !dict_set(dict, Value(ID(__doc__)), doc)) return nullptr;
  }
  for (const MethodDef* m = def->methods; m && m->name; ++m) {
    Ref<> function = builtin_function_new(m, module.value(), name);
    if (!function || !dict_set_str(dict, m->name, function)) return nullptr;
  }
  if (def->exec && !def->exec(module.get())) return nullptr;
  return module;
}

void module_free_state(ModuleObject* module) {
  if (!module->state) return;
  if (module->def && module->def->free_state) module->def->free_state(module->state);
  std::free(module->state);
  module->state = nullptr;
}

void module_traverse_state(ModuleObject* module, VisitFn visit, void* arg) {
  if (module->state && module->def && module->def->traverse_state) {
    module->def->traverse_state(module->state, visit, arg);
  }
}

bool module_add_object(ModuleObject* module, const char* name, Value value) {
  return dict_set_str(static_cast<DictObject*>(module->dict), name, value);
}

bool module_add_int(ModuleObject* module, const char* name, int64_t value) {
  Ref<> v = int_from_int64(value);
  return v && module_add_object(module, name, v);
}

bool module_add_string(ModuleObject* module, const char* name, const char* value) {
  Ref<> v = str_from_utf8(value);
  return v && module_add_object(module, name, v);
}

bool module_add_type(ModuleObject* module, TypeObject* type) {
  if (!type_ready(type)) return false;
  const char* dot = std::strrchr(type->name, '.');
  return module_add_object(module, dot ? dot + 1 : type->name, Value(type));
}

}  // namespace krait
