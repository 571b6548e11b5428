// _warnings: warn() and warn_explicit() for code that runs before (or without) the
// warnings module; they forward to warnings.py once it is imported. The filter state
// lives in warnings.py (its pure-Python fallback), as the module does when _warnings has
// no `filters`.
#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "runtime/runtime.h"
#include "runtime/warnings.h"

namespace krait {

namespace {

Ref<> warnings_warn(Value, const Value* args) {
  Value message = args[0], category = args[1];
  int64_t stacklevel;
  if (!int_as_int64(args[2], &stacklevel)) return nullptr;
  if (warn_object(message, category, int(stacklevel), args[3]) < 0) return nullptr;
  return new_none();
}

Ref<> warnings_warn_explicit(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (warn_explicit_forward(args, nargs, kwnames) < 0) return nullptr;
  return new_none();
}

const MethodDef warnings_methods[] = {
    {.name = "warn", .impl = warnings_warn,
     .signature = "($module, /, message, category=None, stacklevel=1, source=None)",
     .doc = "Issue a warning, or maybe ignore it or raise an exception."},
    {.name = "warn_explicit", .raw = warnings_warn_explicit,
     .doc = "Low-level interface to warnings functionality."},
    {},
};

}  // namespace

extern const ModuleDef module__warnings = {
    .name = "_warnings",
    .doc = "_warnings provides basic warning filtering support.\n"
           "It is a helper module to speed up interpreter start-up.",
    .methods = warnings_methods,
};

}  // namespace krait
