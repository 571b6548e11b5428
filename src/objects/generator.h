// Generators, coroutines and async generators: a suspended frame embedded in the object
// (send, throw, close, yield from/await delegation, PEP 479, PEP 525 hooks).
#pragma once

#include "core/type.h"
#include "runtime/thread_state.h"

namespace krait {

struct Frame;
struct CodeObject;

extern TypeObject generator_type;
extern TypeObject coroutine_type;
extern TypeObject async_generator_type;
extern TypeObject coroutine_wrapper_type;        // coroutine.__await__()
extern TypeObject async_generator_asend_type;
extern TypeObject async_generator_athrow_type;
extern TypeObject async_generator_wrapped_value_type;

enum class GeneratorState : uint8_t { Created, Suspended, Running, Completed };

struct GeneratorObject : Object {
  Value name;
  Value qualname;
  Object* weakreflist;
  ExceptionStackItem exception_state;  // the exception being handled inside the generator
  Value origin_or_finalizer;           // async generators: the finalizer hook
  GeneratorState state;
  bool hooks_initialised;              // async generators: firstiter called
  bool running_async;                  // async generators: an asend/athrow is in progress
  bool closed;                         // async generators: aclose() finished
  int32_t trace_jump_target;           // a tracer's f_lineno jump from a yield: the code
                                       // unit to resume at (vm/trace.cpp), else -1
  alignas(16) char frame_storage[];    // the Frame (vm/frame.h)

  Frame* frame() { return reinterpret_cast<Frame*>(frame_storage); }
};

inline GeneratorObject* generator_of_frame(Frame* frame) {
  return reinterpret_cast<GeneratorObject*>(reinterpret_cast<char*>(frame) -
                                            offsetof(GeneratorObject, frame_storage));
}

// RETURN_GENERATOR: makes the generator/coroutine for the running frame of a generator
// function, moving the frame into it.
Ref<> generator_from_frame(ThreadState* thread, Frame* frame);

// PEP 479: a StopIteration (StopAsyncIteration) escaping the generator's frame becomes a
// RuntimeError chained to it.
void generator_convert_stop_iteration(GeneratorObject* gen);

// gen.send(value) as the VM's SEND needs it: returns the yielded value with *returned =
// false, the return value with *returned = true, or null with an exception set.
Ref<> generator_send(GeneratorObject* gen, Value value, bool* returned);
// Any iterator's send: generators natively, others via __next__/send().
Ref<> send_to_iterator(Value iterator, Value value, bool* returned);

Ref<> async_generator_wrap_value(Value value);
// What `await o` iterates (CPython's _PyCoro_GetAwaitableIter): a coroutine (or a
// types.coroutine generator) itself, else the iterator o.__await__() returns; TypeError
// when o is not awaitable or __await__ returns a coroutine or a non-iterator.
Ref<> awaitable_iter(Value o);
// The object a suspended generator/coroutine is delegating to (yield from/await), or null.
Value generator_delegate(Value gen);
CodeObject* generator_code(Value gen);
inline bool is_generator_like(Value v) {
  return v.is_object() && (v.as_object()->type == &generator_type ||
                           v.as_object()->type == &coroutine_type);
}

}  // namespace krait
