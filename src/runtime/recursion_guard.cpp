// The native recursion guard's error path (see recursion_guard.h).
#include "runtime/recursion_guard.h"

#include "core/error.h"

namespace krait {

void RecursionGuard::report(const char* where) {
  raise(exc::RecursionError, "maximum recursion depth exceeded{}", where);
}

}  // namespace krait
