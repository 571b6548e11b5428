// The call and return fast paths, inline for the eval loop (and frame.cpp): a frame pushed
// onto and popped from the thread's frame stack. Their rare cases (a new stack chunk,
// recursion errors, a frame object that outlives its frame) stay out of line in frame.cpp.
#pragma once

#include "objects/code.h"
#include "objects/function.h"
#include "objects/tuple.h"
#include "runtime/runtime.h"
#include "runtime/thread_state.h"
#include "vm/frame.h"

namespace krait {

// Out-of-line halves of the inline functions below (frame.cpp).
[[gnu::cold]] bool raise_recursion_error();
[[gnu::noinline]] Value* allocate_in_new_chunk(ThreadState* thread, size_t nvalues);
[[gnu::noinline]] void release_emptied_chunk(ThreadState* thread);
// Drops the frame's references; a frame object that is still referenced elsewhere takes
// them over instead (it outlives the frame).
void frame_release(Frame* frame);

// Python-level recursion: as CPython 3.11, every call past sys.getrecursionlimit()
// raises RecursionError, including calls made while handling one (a handler that recurses
// again must fail at once, or recursion in both a try body and its handler is exponential).
// The first check is the whole cost of a call within the limit.
[[gnu::always_inline]] inline bool enter_python_call(ThreadState* thread) {
  if (thread->python_depth < runtime().recursion_limit) [[likely]] {
    ++thread->python_depth;
    return true;
  }
  return raise_recursion_error();
}

[[gnu::always_inline]] inline Value* allocate_on_thread_stack(ThreadState* thread, size_t nvalues) {
  FrameChunk* chunk = thread->frame_chunk;
  Value* memory = thread->frame_top;
  if (!chunk || memory + nvalues > chunk->limit) [[unlikely]] return allocate_in_new_chunk(thread, nvalues);
  thread->frame_top = memory + nvalues;
  return memory;
}

[[gnu::always_inline]] inline void release_thread_stack(ThreadState* thread, Frame* frame) {
  auto* memory = reinterpret_cast<Value*>(frame);
  FrameChunk* chunk = thread->frame_chunk;
  thread->frame_top = memory;
  // An emptied chunk (other than the first) is returned.
  if (memory == chunk->data && chunk->previous) [[unlikely]] release_emptied_chunk(thread);
}

static_assert(sizeof(Frame) % sizeof(Value) == 0);

// Every field of a frame on the thread stack but the locals; takes a reference to code.
[[gnu::always_inline]] inline void init_frame(Frame* frame, FunctionObject* function, CodeObject* code,
                                              Object* globals, Object* builtins, Value locals) {
  frame->function = function;
  frame->code = code;
  incref(code);
  frame->globals = globals;
  frame->builtins = builtins;
  frame->locals = locals;
  frame->previous = nullptr;
  frame->frame_object = nullptr;
  frame->prev_instr = code->code - 1;
  frame->next_instr = code->code;
  frame->stack_depth = 0;
  frame->owner = FrameOwner::Thread;
  frame->is_entry = false;
  frame->on_return = FrameReturn::Push;
}

// The eval loop's call fast path: a frame for `function`, whose code takes exactly `nargs`
// positional parameters (no defaults needed, no *args/**kwargs/keyword-only), that takes
// over the caller's references to `function` and to args[0..nargs). Null with an exception
// set (recursion limit, memory) and the references untouched.
[[gnu::always_inline]] inline Frame* frame_push_exact_args(ThreadState* thread, FunctionObject* function,
                                                           const Value* args, size_t nargs) {
  CodeObject* code = function->code;
  if (!enter_python_call(thread)) return nullptr;
  size_t nvalues = sizeof(Frame) / sizeof(Value) + size_t(code->nlocalsplus + code->stacksize);
  Value* memory = allocate_on_thread_stack(thread, nvalues);
  if (!memory) [[unlikely]] {
    --thread->python_depth;
    raise_memory_error();
    return nullptr;
  }
  auto* frame = reinterpret_cast<Frame*>(memory);
  init_frame(frame, function, code, function->globals, function->builtins, Value());
  // Plain loops: the counts are small, a memcpy call costs more than the copy.
  for (size_t i = 0; i < nargs; ++i) frame->localsplus[i] = args[i];
  for (int32_t i = int32_t(nargs); i < code->nlocalsplus; ++i) frame->localsplus[i] = Value();
  return frame;
}

// The eval loop's other call fast path: `nargs` positional arguments, no keywords, for a
// function without *args, **kwargs or keyword-only parameters, that binds them all with
// its trailing defaults. How many defaults the call takes, or -1 when it needs the
// general binding (too many or too few arguments: that raises there).
[[gnu::always_inline]] inline int64_t positional_call_defaults(FunctionObject* function, size_t nargs) {
  CodeObject* code = function->code;
  if (code->kwonlyargcount != 0 || (code->flags & (kCodeVarargs | kCodeVarkeywords))) return -1;
  int64_t missing = int64_t(code->argcount) - int64_t(nargs);
  if (missing == 0) return 0;
  if (missing < 0 || !function->defaults) return -1;
  return missing <= as_tuple(Value(function->defaults))->length ? missing : -1;
}

// frame_push_exact_args for such a call: the last `ndefaults` parameters are bound to
// (new references to) the defaults.
[[gnu::always_inline]] inline Frame* frame_push_positional(ThreadState* thread, FunctionObject* function,
                                                           const Value* args, size_t nargs, int64_t ndefaults) {
  Frame* frame = frame_push_exact_args(thread, function, args, nargs);
  if (frame && ndefaults) {
    TupleObject* defaults = as_tuple(Value(function->defaults));
    const Value* used = defaults->items + (defaults->length - ndefaults);
    for (int64_t i = 0; i < ndefaults; ++i) {
      incref(used[i]);
      frame->localsplus[nargs + size_t(i)] = used[i];
    }
  }
  return frame;
}

// Drops every reference the frame holds (locals, stack, function, code); frame_clear.
[[gnu::always_inline]] inline void clear_frame_references(Frame* frame) {
  Value* values = frame->localsplus;
  int32_t n = frame->code->nlocalsplus + frame->stack_depth;
  for (int32_t i = 0; i < n; ++i) {
    Value v = values[i];
    values[i] = Value();
    decref(v);
  }
  frame->stack_depth = 0;
  decref(frame->locals);
  frame->locals = Value();
  if (frame->function) {
    decref(frame->function);
    frame->function = nullptr;
  } else {
    decref(frame->globals);
    decref(frame->builtins);
  }
  decref(frame->code);
}

// Drops the frame's references and pops it from the thread's frame stack. If a frame
// object exists, it takes a copy of the frame first.
[[gnu::always_inline]] inline void frame_pop(ThreadState* thread, Frame* frame) {
  if (frame->frame_object) frame_release(frame);
  else clear_frame_references(frame);
  if (frame->owner == FrameOwner::Thread) {
    --thread->python_depth;
    release_thread_stack(thread, frame);
  }
}

}  // namespace krait
