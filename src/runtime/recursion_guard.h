// CPython's _Py_EnterRecursiveCall for native recursion: repr/str of nested containers,
// nested comparisons, isinstance chains, nested exception groups. Each level counts
// against sys.getrecursionlimit() on the same counter as Python frames (as in 3.11), and
// the guard also fails before the C++ stack runs out whatever the limit is set to. The
// depth check is inline: rich comparison passes through here.
#pragma once

#include "runtime/runtime.h"
#include "runtime/thread_state.h"

namespace krait {

class RecursionGuard {
 public:
  // `where` completes the message: "maximum recursion depth exceeded" + where.
  explicit RecursionGuard(const char* where) : thread_(current_thread()) {
    failed_ = ++thread_->python_depth > runtime().recursion_limit || stack_nearly_full();
    if (failed_) report(where);
  }
  ~RecursionGuard() { --thread_->python_depth; }
  RecursionGuard(const RecursionGuard&) = delete;
  RecursionGuard& operator=(const RecursionGuard&) = delete;
  // True with RecursionError set: the caller returns its error value.
  bool failed() const { return failed_; }

 private:
  bool stack_nearly_full() const {
    char* here = static_cast<char*>(__builtin_frame_address(0));
    return thread_->stack_limit && here < thread_->stack_limit;
  }
  void report(const char* where);

  ThreadState* thread_;
  bool failed_;
};

}  // namespace krait
