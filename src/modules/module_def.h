// Native (C++) modules: each is declared once with a ModuleDef and listed in
// builtin_modules.def; the import system (BuiltinImporter through _imp) creates it on
// first import: a module object, one builtin function per MethodDef (self = the module),
// then `exec` to add types and constants.
#pragma once

#include <string_view>
#include <vector>

#include "core/type.h"

namespace krait {

struct ModuleObject;

struct ModuleDef {
  const char* name = nullptr;            // the import name, e.g. "_io"
  const char* doc = nullptr;
  const MethodDef* methods = nullptr;    // module functions; signatures start with $module
  // Adds the module's types and constants (module_add_* helpers). False on error.
  bool (*exec)(ModuleObject* module) = nullptr;
  // Optional per-module C++ state: allocated zeroed, traversed and freed with the module.
  size_t state_size = 0;
  void (*traverse_state)(void* state, VisitFn visit, void* arg) = nullptr;
  void (*free_state)(void* state) = nullptr;
};

// Creates and executes the module for `def` (used by _imp.create_builtin/exec_builtin).
Ref<> module_from_def(const ModuleDef* def);
// Finds a built-in module definition by name; null if none.
const ModuleDef* find_builtin_module(std::string_view name);
// The names of all built-in modules (sys.builtin_module_names), sorted.
std::vector<const char*> builtin_module_names();

// Helpers for exec functions.
bool module_add_object(ModuleObject* module, const char* name, Value value);  // increfs
bool module_add_int(ModuleObject* module, const char* name, int64_t value);
bool module_add_string(ModuleObject* module, const char* name, const char* value);
// Readies a static type and binds it under its short name (after the last dot of tp_name).
bool module_add_type(ModuleObject* module, TypeObject* type);
template <class State>
State* module_state(ModuleObject* module);

// For module.cpp: the state's lifetime.
void module_free_state(ModuleObject* module);
void module_traverse_state(ModuleObject* module, VisitFn visit, void* arg);

}  // namespace krait

#include "objects/module.h"

namespace krait {
template <class State>
State* module_state(ModuleObject* module) {
  return static_cast<State*>(module->state);
}
}  // namespace krait
