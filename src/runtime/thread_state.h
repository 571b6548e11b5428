// Per-thread interpreter state: the error indicator, the handled-exception stack, the
// frame stack and recursion counters. Every OS thread running Python code has one; the
// current one is reached through current_thread(), a plain thread-local pointer.
#pragma once

#include <cstdint>

#include "core/object.h"

namespace krait {

struct Frame;
struct Runtime;

// One level of "exception being handled" (sys.exception()); generators and coroutines
// keep their own level, linked in while they run (CPython's _PyErr_StackItem).
struct ExceptionStackItem {
  Value exception;  // owned; null or None when nothing is being handled at this level
  ExceptionStackItem* previous = nullptr;
};

// Frames live in chunks of this many Values; a chunk is added when a call needs more.
constexpr size_t kFrameChunkValues = 64 * 1024;

struct FrameChunk {
  FrameChunk* previous;
  Value* limit;
  Value* previous_top;  // the previous chunk's top when this one was started
  Value data[];
};

struct ThreadState {
  Runtime* runtime = nullptr;
  ThreadState* next = nullptr;  // in the runtime's list of threads

  // The error indicator: the exception being raised, or null.
  Ref<> current_exception;
  // The exception being handled (the innermost `except` block's).
  ExceptionStackItem base_exception_item;
  ExceptionStackItem* exception_stack = &base_exception_item;

  // The innermost executing Python frame.
  Frame* frame = nullptr;
  // Bump allocation of interpreter frames.
  FrameChunk* frame_chunk = nullptr;
  Value* frame_top = nullptr;

  // Python-level call depth (RecursionError at sys.getrecursionlimit()) and native re-entry
  // depth of the eval loop (bounded so C++ recursion can never overflow the stack).
  int python_depth = 0;
  int native_depth = 0;

  // The lowest address the C++ stack may reach before native re-entry raises
  // RecursionError (set when the thread starts; null: unchecked).
  char* stack_limit = nullptr;

  // Depth of nested deallocations; deeper ones are deferred (runtime/gc.cpp).
  int dealloc_depth = 0;

  uint64_t thread_id = 0;        // threading.get_ident()
  uint64_t native_thread_id = 0; // threading.get_native_id()
  Ref<> async_exception;         // set by another thread (PyThreadState_SetAsyncExc)
  Ref<> thread_dict;             // storage for _thread._local
  Ref<> context;                 // the current contextvars.Context (made on first use)
  Value sentinel;                // threading._set_sentinel()'s lock (owned)
  Ref<> trace_function;          // sys.settrace (set through vm/trace.h)
  Ref<> profile_function;        // sys.setprofile
  Value asyncgen_firstiter;      // sys.set_asyncgen_hooks (owned)
  Value asyncgen_finalizer;
  int coroutine_origin_depth = 0; // sys.set_coroutine_origin_tracking_depth
  int tracing = 0;               // > 0 while a trace/profile hook runs: no events
  uint8_t tracing_what = 0;      // the event being reported (a TraceEvent), for f_lineno =
  bool tracing_yield = false;    // ... and that event is a 'return' from a yield
  bool use_tracing = false;      // a trace or profile function is set
  bool installing_trace = false; // sys.settrace is releasing the old function
  bool installing_profile = false;
  bool in_call_tracing = false;  // inside sys.call_tracing (a hook set there resumes events)
};

extern __thread ThreadState* tls_current_thread;
inline ThreadState* current_thread() { return tls_current_thread; }

}  // namespace krait
