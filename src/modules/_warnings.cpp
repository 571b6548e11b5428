// _warnings: the native warnings machinery (runtime/warnings.cpp) as CPython's C module
// shows it: warn, warn_explicit, _filters_mutated, and the shared state as `filters`,
// `_defaultaction` and `_onceregistry`, which warnings.py imports and keeps using.
#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "runtime/warnings.h"

namespace krait {

namespace {

Ref<> warnings_warn(Value, const Value* args) {
  int64_t stack_level;
  if (!index_to_int64(args[2], &stack_level)) return nullptr;
  if (warn_object(args[0], args[1], stack_level, args[3]) < 0) return nullptr;
  return new_none();
}

Ref<> warnings_warn_explicit(Value, const Value* args) {
  Value filename = args[2];
  if (!is_str(filename)) return type_error("warn_explicit() argument 3 must be str, not {}", type_name(filename));
  int64_t lineno;
  if (!index_to_int64(args[3], &lineno)) return nullptr;
  if (lineno > INT32_MAX) return overflow_error("signed integer is greater than maximum");
  if (lineno < INT32_MIN) return overflow_error("signed integer is less than minimum");
  if (warn_explicit_object(args[0], args[1], filename, int(lineno), args[4], args[5], args[6], args[7]) < 0) {
    return nullptr;
  }
  return new_none();
}

Ref<> warnings_filters_mutated_impl(Value, const Value*) {
  warnings_filters_mutated();
  return new_none();
}

const MethodDef warnings_methods[] = {
    {.name = "warn", .impl = warnings_warn,
     .signature = "($module, /, message, category=None, stacklevel=1, source=None)",
     .doc = "Issue a warning, or maybe ignore it or raise an exception."},
    {.name = "warn_explicit", .impl = warnings_warn_explicit,
     .signature = "($module, message, category, filename, lineno, module=?, registry=None, module_globals=None, "
                  "source=None)",
     .doc = "Low-level interface to warnings functionality."},
    {.name = "_filters_mutated", .impl = warnings_filters_mutated_impl, .signature = "($module, /)"},
    {},
};

bool warnings_exec(ModuleObject* module) {
  Value filters = warnings_filters();
  if (!filters) return false;
  return module_add_object(module, "filters", filters) &&
         module_add_object(module, "_onceregistry", warnings_once_registry()) &&
         module_add_object(module, "_defaultaction", warnings_default_action());
}

}  // namespace

extern const ModuleDef module__warnings = {
    .name = "_warnings",
    .doc = "_warnings provides basic warning filtering support.\n"
           "It is a helper module to speed up interpreter start-up.",
    .methods = warnings_methods,
    .exec = warnings_exec,
};

}  // namespace krait
