// Audit hooks: Python callables told about sensitive operations (PEP 578).
#include "runtime/audit.h"

#include <vector>

#include "core/error.h"
#include "core/ops.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"

namespace krait {

namespace {

std::vector<Value>& hooks() {
  static std::vector<Value> list;  // owned references; hooks cannot be removed (PEP 578)
  return list;
}

}  // namespace

bool audit_hook_add(Value hook) {
  // Existing hooks may veto the addition (event "sys.addaudithook").
  Ref<> event = str_from_ascii("sys.addaudithook");
  Ref<TupleObject> args = tuple_of({event.value()});
  if (!args || !audit_hooks_run(args.value())) {
    if (error_matches(&exc::RuntimeError)) {
      clear_error();
      return true;
    }
    return false;
  }
  incref(hook);
  hooks().push_back(hook);
  return true;
}

Ref<> audit_hooks_run(Value event_and_args) {
  TupleObject* all = as_tuple(event_and_args);
  if (hooks().empty()) return new_none();
  Ref<TupleObject> rest = tuple_from_array(all->items + 1, all->length - 1);
  if (!rest) return nullptr;
  for (Value hook : std::vector<Value>(hooks())) {
    if (!call2(hook, all->items[0], rest.value())) return nullptr;
  }
  return new_none();
}

}  // namespace krait
