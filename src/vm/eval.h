// The eval loop: runs frames until the entry frame returns (DESIGN.md §6). Python-to-Python
// calls and returns stay inside one invocation; builtins that call back into Python
// re-enter it (bounded by the native stack check).
#pragma once

#include "core/type.h"

namespace krait {

struct Frame;
struct ThreadState;
struct CodeObject;
struct FunctionObject;

// Runs `frame` (already pushed, is_entry set) to completion; returns its result or null
// with the exception set. The frame is popped.
Ref<> eval_frame(ThreadState* thread, Frame* frame);

// Runs a code object with the given globals/locals (exec/eval/module bodies). A code
// object with free variables takes them from `function`'s closure (exec's closure=).
Ref<> eval_code(CodeObject* code, Value globals, Value locals, FunctionObject* function = nullptr);

// eval_code for a code object with free variables: `closure` is a tuple of one cell per
// free variable (exec(code, closure=...)).
Ref<> eval_code_with_closure(CodeObject* code, Value globals, Value locals, Value closure);

// Resumes a suspended generator frame with `value` sent in (or an exception thrown in when
// `throwing` is true: the current exception is raised at the suspension point).
Ref<> eval_resume(ThreadState* thread, Frame* frame, Value value, bool throwing);

// Handles the eval breaker's requests (GIL drop, signals, GC); -1 if an exception was
// raised (KeyboardInterrupt from a signal handler, an async exception).
int handle_eval_breaker(ThreadState* thread);

}  // namespace krait
