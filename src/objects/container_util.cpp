// Helpers shared by the container types; see container_util.h.
#include "objects/container_util.h"

#include <algorithm>
#include <vector>

#include "core/error.h"
#include "objects/dict.h"
#include "runtime/runtime.h"

namespace krait {

namespace {

// Objects whose repr is being computed on this thread, innermost last. A plain list: the
// nesting depth of reprs is small, and the GIL makes per-thread storage enough.
thread_local std::vector<Object*> reprs_in_progress;

}  // namespace

ReprGuard::ReprGuard(Object* object) : object_(object) {
  recursive_ = std::find(reprs_in_progress.begin(), reprs_in_progress.end(), object) !=
               reprs_in_progress.end();
  if (!recursive_) reprs_in_progress.push_back(object);
}

ReprGuard::~ReprGuard() {
  if (recursive_) return;
  // Normally the last entry; search backwards in case an inner guard outlived its scope.
  auto it = std::find(reprs_in_progress.rbegin(), reprs_in_progress.rend(), object_);
  if (it != reprs_in_progress.rend()) reprs_in_progress.erase(std::next(it).base());
}

Ref<> builtin_named(std::string_view name) {
  Value builtins = Value(runtime().builtins);
  Value found = builtins ? dict_get_utf8(as_dict(builtins), name) : Value();
  if (!found) {
    if (!error_occurred())
      raise(exc::AttributeError, "module 'builtins' has no attribute '{}'", name);
    return nullptr;
  }
  return new_ref(found);
}

}  // namespace krait
