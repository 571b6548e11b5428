// The native recursion guard (see recursion_guard.h).
#include "runtime/recursion_guard.h"

#include "core/error.h"
#include "runtime/runtime.h"
#include "vm/call.h"

namespace krait {

RecursionGuard::RecursionGuard(const char* where) : thread_(current_thread()) {
  if (++thread_->python_depth > runtime().recursion_limit) {
    failed_ = true;
    raise(exc::RecursionError, "maximum recursion depth exceeded{}", where);
  } else {
    failed_ = native_stack_exhausted();
  }
}

}  // namespace krait
