// Calling Python functions: binding arguments to parameters (positional, keyword,
// defaults, *args, **kwargs, with CPython's error messages) into a new frame, and running
// it. The eval loop calls Python functions without C++ recursion (it pushes the frame and
// continues); everything else comes through function_call.
#pragma once

#include "core/type.h"
#include "runtime/thread_state.h"

namespace krait {

struct DictObject;
struct Frame;
struct FunctionObject;

// Native re-entries of the eval loop (builtins calling back into Python) are bounded by
// the C++ stack actually used; this is a backstop for platforms without that check.
constexpr int kMaxNativeDepth = 10000;

// Pushes a frame for `function` with the arguments bound; null with an exception set if
// the arguments do not fit (the frame is not pushed then).
Frame* push_function_frame(ThreadState* thread, FunctionObject* function, const Value* args,
                           size_t nargs, TupleObject* kwnames);

// f(*args, **kwargs) for a Python function: the positional arguments are `self` (a bound
// method's, or null) and args[0..nargs), the keywords the entries of `kwargs` (null: none),
// bound straight into the new frame. Null with an exception set, as push_function_frame.
Frame* push_function_frame_ex(ThreadState* thread, FunctionObject* function, Value self, const Value* args,
                              size_t nargs, DictObject* kwargs);

// function_type's call slot.
Ref<> function_call(Value callable, const Value* args, size_t nargs, TupleObject* kwnames);

// True (and RecursionError set) when the C++ stack is nearly exhausted.
[[gnu::cold]] bool raise_native_stack_exhausted();
inline bool native_stack_exhausted(ThreadState* thread) {
  char* here = static_cast<char*>(__builtin_frame_address(0));
  return thread->stack_limit && here < thread->stack_limit && raise_native_stack_exhausted();
}

}  // namespace krait
