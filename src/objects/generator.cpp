// Generators, coroutines and async generators (PEP 255, 342, 380, 479, 492, 525).
// All three are a suspended frame embedded in the object; they share send/throw/close.
// Async generators add the asend/athrow awaitables and the sys.set_asyncgen_hooks
// protocol. The VM side (RETURN_GENERATOR, YIELD_VALUE, SEND) is in vm/eval.cpp.
#include "objects/generator.h"

#include <cstring>

#include "core/alloc.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/code.h"
#include "objects/exceptions.h"
#include "objects/function.h"
#include "objects/genericalias.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/runtime.h"
#include "runtime/warnings.h"
#include "vm/eval.h"
#include "vm/frame.h"

namespace krait {

namespace {

GeneratorObject* as_gen(Value v) { return static_cast<GeneratorObject*>(v.as_object()); }

enum class Kind { Generator, Coroutine, AsyncGenerator };

Kind kind_of(GeneratorObject* gen) {
  if (gen->type == &coroutine_type) return Kind::Coroutine;
  if (gen->type == &async_generator_type) return Kind::AsyncGenerator;
  return Kind::Generator;
}

const char* kind_name(GeneratorObject* gen) {
  switch (kind_of(gen)) {
    case Kind::Coroutine: return "coroutine";
    case Kind::AsyncGenerator: return "async generator";
    default: return "generator";
  }
}

// The delegate of a generator suspended inside `yield from`/`await`, or null.
Value delegate_of(GeneratorObject* gen) {
  if (gen->state != GeneratorState::Suspended) return Value();
  Frame* frame = gen->frame();
  const CodeUnit* at = frame->prev_instr;
  if (unit_opcode(*at) != Opcode::YIELD_VALUE || unit_oparg(*at) != 1) return Value();
  if (frame->stack_depth < 1) return Value();
  return frame->stack_base()[frame->stack_depth - 1];
}

}  // namespace

void generator_convert_stop_iteration(GeneratorObject* gen) {
  Kind kind = kind_of(gen);
  const char* message = nullptr;
  if (error_matches(&exc::StopIteration)) {
    message = kind == Kind::Coroutine ? "coroutine raised StopIteration"
              : kind == Kind::AsyncGenerator ? "async generator raised StopIteration"
                                             : "generator raised StopIteration";
  } else if (kind == Kind::AsyncGenerator && error_matches(&exc::StopAsyncIteration)) {
    message = "async generator raised StopAsyncIteration";
  }
  if (message) chain_error(exc::RuntimeError, message);  // raise RuntimeError(...) from exc
}

namespace {

// Runs the generator's frame with `value` sent in (or the current exception thrown in).
// Sets *returned when the generator finished (the result is then its return value).
Ref<> resume(GeneratorObject* gen, Value value, bool throwing, bool* returned) {
  *returned = false;
  if (gen->state == GeneratorState::Running) {
    const char* what = kind_of(gen) == Kind::Coroutine ? "coroutine" : "generator";
    if (throwing) clear_error();
    return value_error("{} already executing", what);
  }
  if (gen->state == GeneratorState::Completed) {
    // close() never gets here (it returns early for a finished generator), so a thrown
    // exception is replaced for coroutines as well.
    if (kind_of(gen) == Kind::Coroutine) {
      if (throwing) clear_error();
      return runtime_error("cannot reuse already awaited coroutine");
    }
    if (throwing) return Ref<>();  // the thrown exception propagates as is
    *returned = true;
    return new_none();
  }
  if (gen->state == GeneratorState::Created && !throwing && !is_none(value)) {
    return type_error("can't send non-None value to a just-started {}", kind_name(gen));
  }
  ThreadState* thread = current_thread();
  Value handled = gen->exception_state.exception;
  if (throwing && handled && !is_none(handled)) {
    // An exception thrown into a generator suspended in an `except` block gets the
    // exception being handled there as its __context__ (CPython's _PyErr_ChainStackItem).
    gen->exception_state.previous = thread->exception_stack;
    thread->exception_stack = &gen->exception_state;
    set_raised_exception(fetch_error());
    thread->exception_stack = gen->exception_state.previous;
    gen->exception_state.previous = nullptr;
  }
  Ref<> keep_alive = new_ref(Value(gen));
  gen->state = GeneratorState::Running;
  Ref<> result = eval_resume(thread, gen->frame(), value, throwing);
  if (gen->state == GeneratorState::Running) gen->state = GeneratorState::Suspended;
  if (gen->state == GeneratorState::Completed) {
    if (result) {
      *returned = true;
    } else {
      generator_convert_stop_iteration(gen);
    }
  }
  return result;
}

void raise_stop_for_return(GeneratorObject* gen, Ref<> value) {
  if (kind_of(gen) == Kind::AsyncGenerator) {
    raise_with_args(&exc::StopAsyncIteration, nullptr, 0);
  } else {
    raise_stop_iteration(value);
  }
}

}  // namespace

Value generator_delegate(Value gen) { return delegate_of(as_gen(gen)); }

Ref<> awaitable_iter(Value o) {
  auto is_coroutine = [](Value v) {
    return is_type(v, &coroutine_type) ||
           (is_type(v, &generator_type) && (as_gen(v)->frame()->code->flags & kCodeIterableCoroutine));
  };
  if (is_coroutine(o)) return new_ref(o);
  UnaryFn await_slot = type_of(o)->await;
  if (!await_slot) return type_error("object {} can't be used in 'await' expression", type_name(o));
  Ref<> result = await_slot(o);
  if (!result) return nullptr;
  if (is_coroutine(result)) return type_error("__await__() returned a coroutine");
  if (!type_of(result)->iternext) {
    return type_error("__await__() returned non-iterator of type '{}'", type_name(result));
  }
  return result;
}
CodeObject* generator_code(Value gen) { return as_gen(gen)->frame()->code; }

Ref<> generator_send(GeneratorObject* gen, Value value, bool* returned) {
  return resume(gen, value, false, returned);
}

Ref<> send_to_iterator(Value iterator, Value value, bool* returned) {
  *returned = false;
  if (is_generator_like(iterator)) return generator_send(as_gen(iterator), value, returned);
  Ref<> result;
  if (is_none(value) && type_of(iterator)->iternext) {
    result = type_of(iterator)->iternext(iterator);
    if (!result && !error_occurred()) {
      *returned = true;
      return new_none();
    }
  } else {
    result = call_method1(iterator, ID(send), value);
  }
  if (!result && error_matches(&exc::StopIteration)) {
    *returned = true;
    return take_stop_iteration_value();
  }
  return result;
}

namespace {

// gen.throw(type[, value[, traceback]]) with CPython's argument rules.
bool make_thrown_exception(Value type, Value value, Value tb) {
  if (tb && is_none(tb)) tb = Value();
  if (tb && !is_type(tb, &traceback_type)) {
    return type_error("throw() third argument must be a traceback object");
  }
  if (is_exception_class(type)) {
    Ref<> instance;
    if (value && is_instance(value, type) == 1) {
      instance = new_ref(value);
    } else if (!value || is_none(value)) {
      instance = call0(type);
    } else if (is_tuple(value)) {
      instance = call_tuple_dict(type, value, Value());
    } else {
      instance = call1(type, value);
    }
    // As PyErr_NormalizeException: when instantiating fails, the error that caused it is
    // what gets thrown into the generator.
    if (!instance) return true;
    if (!is_exception_instance(instance)) {
      type_error("calling {} should have returned an instance of BaseException, not {}",
                 repr_for_message(type), type_name(instance));
      return true;
    }
    if (tb) exception_set_traceback(instance, tb);
    restore_error(std::move(instance));
    return true;
  }
  if (is_exception_instance(type)) {
    if (value && !is_none(value)) {
      return type_error("instance exception may not have a separate value");
    }
    if (tb) exception_set_traceback(type, tb);
    restore_error(new_ref(type));
    return true;
  }
  return type_error("exceptions must be classes or instances deriving from BaseException, not {}",
                    type_name(type));
}

Ref<> generator_close_impl(GeneratorObject* gen);

// Continues a generator whose `yield from` delegate finished: pops the delegate and
// resumes after the SEND loop, with the delegate's return value or its exception.
Ref<> resume_after_delegate(GeneratorObject* gen, Ref<> result, bool* returned) {
  Frame* frame = gen->frame();
  Value popped = frame->stack_base()[--frame->stack_depth];
  decref(popped);
  const CodeUnit* send = frame->prev_instr - 1;
  frame->next_instr = frame->code->code + unit_oparg(*send);
  frame->prev_instr = frame->next_instr - 1;
  if (result) return resume(gen, result, false, returned);
  if (error_matches(&exc::StopIteration)) {
    Ref<> value = take_stop_iteration_value();
    return resume(gen, value, false, returned);
  }
  return resume(gen, Value(), true, returned);
}

// Throws the current exception into the generator, delegating to a `yield from` target
// first (PEP 380).
Ref<> throw_current(GeneratorObject* gen, bool close_on_generator_exit, bool* returned) {
  *returned = false;
  Value delegate = delegate_of(gen);
  if (!delegate) return resume(gen, Value(), true, returned);
  Ref<> keep = new_ref(delegate);
  if (error_matches(&exc::GeneratorExit) && close_on_generator_exit) {
    // Close the delegate, then raise GeneratorExit here (or the error closing raised).
    Ref<> pending = fetch_error();
    gen->state = GeneratorState::Running;
    Ref<> closed;
    if (is_generator_like(delegate) || is_type(delegate, &async_generator_type)) {
      closed = generator_close_impl(as_gen(delegate));
    } else {
      Ref<> close_method;
      if (get_attr_optional(delegate, ID(close), &close_method) < 0) {
        write_unraisable_exception(nullptr, delegate);
      }
      closed = close_method ? call0(close_method) : new_none();
    }
    gen->state = GeneratorState::Suspended;
    if (closed) restore_error(std::move(pending));
    return resume(gen, Value(), true, returned);
  }
  Ref<> result;
  if (is_generator_like(delegate)) {
    // The delegate runs with this generator's frame as its caller (its f_back).
    ThreadState* thread = current_thread();
    Frame* frame = gen->frame();
    Frame* caller = thread->frame;
    frame->previous = caller;
    thread->frame = frame;
    gen->state = GeneratorState::Running;
    bool delegate_returned;
    result = throw_current(as_gen(delegate), true, &delegate_returned);
    gen->state = GeneratorState::Suspended;
    thread->frame = caller;
    frame->previous = nullptr;
    // A return from the delegate counts as StopIteration(result).
    if (result && delegate_returned) return resume_after_delegate(gen, std::move(result), returned);
  } else {
    Ref<> exception = fetch_error();
    Ref<> throw_method;
    int found = get_attr_optional(delegate, ID(throw), &throw_method);
    if (found < 0) return nullptr;
    if (found == 0) {
      restore_error(std::move(exception));
      return resume(gen, Value(), true, returned);
    }
    Value tb = exception_traceback(exception);
    Value args[3] = {Value(type_of(exception)), exception, tb ? tb : None()};
    gen->state = GeneratorState::Running;
    result = call(throw_method, args, 3);
    gen->state = GeneratorState::Suspended;
  }
  if (result) return result;  // the delegate yielded
  return resume_after_delegate(gen, Ref<>(), returned);
}

Ref<> generator_close_impl(GeneratorObject* gen) {
  if (gen->state == GeneratorState::Created) {
    gen->state = GeneratorState::Completed;
    frame_clear_owned(gen->frame());
    return new_none();
  }
  if (gen->state == GeneratorState::Completed) return new_none();
  raise_with_args(&exc::GeneratorExit, nullptr, 0);
  bool returned;
  Ref<> result = throw_current(gen, true, &returned);
  if (result) {
    if (returned) return new_none();
    const char* message = kind_of(gen) == Kind::AsyncGenerator
                              ? "async generator ignored GeneratorExit"
                              : kind_of(gen) == Kind::Coroutine ? "coroutine ignored GeneratorExit"
                                                                 : "generator ignored GeneratorExit";
    return runtime_error("{}", message);
  }
  if (error_matches(&exc::StopIteration) || error_matches(&exc::GeneratorExit)) {
    clear_error();
    return new_none();
  }
  return nullptr;
}

// --- Methods shared by generators and coroutines ---

Ref<> gen_send_method(Value self, const Value* args) {
  GeneratorObject* gen = as_gen(self);
  bool returned;
  Ref<> result = generator_send(gen, args[0], &returned);
  if (result && returned) {
    raise_stop_for_return(gen, std::move(result));
    return nullptr;
  }
  return result;
}

Ref<> gen_throw_method(Value self, const Value* args) {
  GeneratorObject* gen = as_gen(self);
  if (!make_thrown_exception(args[0], args[1], args[2])) return nullptr;
  bool returned;
  Ref<> result = throw_current(gen, true, &returned);
  if (result && returned) {
    raise_stop_for_return(gen, std::move(result));
    return nullptr;
  }
  return result;
}

Ref<> gen_close_method(Value self, const Value* args) { return generator_close_impl(as_gen(self)); }

Ref<> gen_iternext(Value self) {
  GeneratorObject* gen = as_gen(self);
  bool returned;
  Ref<> result = generator_send(gen, None(), &returned);
  if (result && returned) {
    // Exhaustion without an exception, unless the return value needs a StopIteration to
    // carry it (next(g) shows it; for loops drop it).
    if (!is_none(result)) raise_stop_iteration(result.value());
    return nullptr;
  }
  return result;
}

Ref<> gen_iter(Value self) { return new_ref(self); }

Ref<> gen_repr(Value self) {
  GeneratorObject* gen = as_gen(self);
  const char* what = kind_of(gen) == Kind::Coroutine ? "coroutine"
                     : kind_of(gen) == Kind::AsyncGenerator ? "async_generator"
                                                              : "generator";
  return str_from_utf8(format_message("<{} object {} at {}>", what, str_utf8(gen->qualname),
                                      address_text(gen)));
}

void gen_finalize(Object* o) {
  GeneratorObject* gen = static_cast<GeneratorObject*>(o);
  if (gen->state == GeneratorState::Completed) return;
  if (gen->state == GeneratorState::Created) {
    if (kind_of(gen) == Kind::Coroutine) {
      Ref<> pending = fetch_error();
      warn_unawaited_coroutine(Value(gen), gen->qualname);
      restore_error(std::move(pending));
    }
    gen->state = GeneratorState::Completed;
    frame_clear_owned(gen->frame());
    return;
  }
  Ref<> pending = fetch_error();
  if (kind_of(gen) == Kind::AsyncGenerator && gen->origin_or_finalizer && !gen->closed) {
    // asyncio's finalizer schedules aclose() on the event loop.
    Ref<> result = call1(gen->origin_or_finalizer, Value(gen));
    if (!result) write_unraisable_exception("Exception ignored in", Value(gen));
  } else {
    Ref<> result = generator_close_impl(gen);
    if (!result) write_unraisable_exception("Exception ignored in", Value(gen));
  }
  restore_error(std::move(pending));
}

void gen_dealloc(Object* o) {
  GeneratorObject* gen = static_cast<GeneratorObject*>(o);
  gc_untrack(o);
  if (gen->weakreflist) clear_weakrefs(o);
  if (gen->state != GeneratorState::Completed) {
    if (call_finalizer_from_dealloc(o)) return;  // resurrected
  }
  if (gen->state != GeneratorState::Completed) {
    gen->state = GeneratorState::Completed;
    frame_clear_owned(gen->frame());
  }
  decref(gen->name);
  decref(gen->qualname);
  decref(gen->exception_state.exception);
  decref(gen->origin_or_finalizer);
  free_object(o);
}

void gen_traverse(Object* o, VisitFn visit, void* arg) {
  GeneratorObject* gen = static_cast<GeneratorObject*>(o);
  if (gen->name.is_object()) visit(gen->name.as_object(), arg);
  if (gen->qualname.is_object()) visit(gen->qualname.as_object(), arg);
  if (gen->exception_state.exception.is_object()) visit(gen->exception_state.exception.as_object(), arg);
  if (gen->origin_or_finalizer.is_object()) visit(gen->origin_or_finalizer.as_object(), arg);
  if (gen->state == GeneratorState::Completed) return;
  frame_traverse(gen->frame(), visit, arg);
}

Ref<> gen_get_name(Value self) { return new_ref(as_gen(self)->name); }
int gen_set_name(Value self, Value value) {
  if (!value || !is_str(value)) return type_error("__name__ must be set to a string object");
  incref(value);
  decref(as_gen(self)->name);
  as_gen(self)->name = value;
  return 0;
}
Ref<> gen_get_qualname(Value self) { return new_ref(as_gen(self)->qualname); }
int gen_set_qualname(Value self, Value value) {
  if (!value || !is_str(value)) return type_error("__qualname__ must be set to a string object");
  incref(value);
  decref(as_gen(self)->qualname);
  as_gen(self)->qualname = value;
  return 0;
}
Ref<> gen_get_frame(Value self) {
  GeneratorObject* gen = as_gen(self);
  if (gen->state == GeneratorState::Completed) return new_none();
  FrameObject* fo = frame_object_of(gen->frame());
  if (!fo) return nullptr;
  return new_ref(Value(fo));
}
Ref<> gen_get_running(Value self) { return new_bool(as_gen(self)->state == GeneratorState::Running); }
Ref<> gen_get_suspended(Value self) { return new_bool(as_gen(self)->state == GeneratorState::Suspended); }
Ref<> gen_get_code(Value self) { return new_ref(Value(as_gen(self)->frame()->code)); }
Ref<> gen_get_yieldfrom(Value self) {
  Value delegate = delegate_of(as_gen(self));
  return delegate ? new_ref(delegate) : new_none();
}
Ref<> coro_get_origin(Value self) {
  Value origin = as_gen(self)->origin_or_finalizer;
  return origin ? new_ref(origin) : new_none();
}
Ref<> agen_get_running(Value self) { return new_bool(as_gen(self)->running_async); }

Ref<> gen_sizeof(Value self, const Value* args) {
  GeneratorObject* gen = as_gen(self);
  return int_from_small(int64_t(sizeof(GeneratorObject) + frame_size(gen->frame()->code)));
}

const MethodDef generator_methods[] = {
    {.name = "send", .impl = gen_send_method, .signature = "($self, value, /)",
     .doc = "send(arg) -> send 'arg' into generator,\nreturn next yielded value or raise StopIteration."},
    {.name = "throw", .impl = gen_throw_method, .signature = "($self, typ, val=?, tb=?, /)",
     .doc = "throw(value)\nthrow(type[,value[,tb]])\n\nRaise exception in generator, return next yielded value or raise\nStopIteration."},
    {.name = "close", .impl = gen_close_method, .signature = "($self, /)",
     .doc = "close() -> raise GeneratorExit inside generator."},
    {.name = "__sizeof__", .impl = gen_sizeof, .signature = "($self, /)",
     .doc = "gen.__sizeof__() -> size of gen in memory, in bytes"},
    {.name = "__class_getitem__", .impl = class_getitem_generic_alias, .signature = "($type, item, /)",
     .doc = "See PEP 585", .flags = kMethodClass},
    {},
};

const GetSetDef generator_getsets[] = {
    {"__name__", gen_get_name, gen_set_name, "name of the generator"},
    {"__qualname__", gen_get_qualname, gen_set_qualname, "qualified name of the generator"},
    {"gi_frame", gen_get_frame},
    {"gi_running", gen_get_running},
    {"gi_yieldfrom", gen_get_yieldfrom, nullptr, "object being iterated by yield from, or None"},
    {"gi_suspended", gen_get_suspended},
    {},
};

// Members in CPython (member_descriptors; "readonly attribute" when read-only), computed here.
const MemberDef generator_members[] = {
    {.name = "gi_code", .kind = MemberKind::Computed, .readonly = true, .get = gen_get_code},
    {},
};

}  // namespace

TypeObject generator_type{TypeSpec{
    .name = "generator",
    .basic_size = sizeof(GeneratorObject),
    .flags = kTypeHaveGC,
    .weaklist_offset = offsetof(GeneratorObject, weakreflist),
    .slots = {.dealloc = gen_dealloc,
              .traverse = gen_traverse,
              .finalize = gen_finalize,
              .repr = gen_repr,
              .getattr = generic_get_attr,
              .iter = gen_iter,
              .iternext = gen_iternext},
    .methods = generator_methods,
    .getsets = generator_getsets,
    .members = generator_members,
}};

// --- Coroutines ---

namespace {

struct CoroutineWrapperObject : Object {
  Object* coroutine;
};

Ref<> coro_await(Value self) {
  auto* wrapper = allocate<CoroutineWrapperObject>(&coroutine_wrapper_type);
  if (!wrapper) return nullptr;
  incref(self);
  wrapper->coroutine = self.as_object();
  gc_track(wrapper);
  return Ref<>::steal(Value(wrapper));
}

const MethodDef coroutine_methods[] = {
    {.name = "send", .impl = gen_send_method, .signature = "($self, value, /)",
     .doc = "send(arg) -> send 'arg' into coroutine,\nreturn next iterated value or raise StopIteration."},
    {.name = "throw", .impl = gen_throw_method, .signature = "($self, typ, val=?, tb=?, /)",
     .doc = "throw(value)\nthrow(type[,value[,traceback]])\n\nRaise exception in coroutine, return next iterated value or raise\nStopIteration."},
    {.name = "close", .impl = gen_close_method, .signature = "($self, /)",
     .doc = "close() -> raise GeneratorExit inside coroutine."},
    {.name = "__sizeof__", .impl = gen_sizeof, .signature = "($self, /)"},
    {},
};

const GetSetDef coroutine_getsets[] = {
    {"__name__", gen_get_name, gen_set_name, "name of the coroutine"},
    {"__qualname__", gen_get_qualname, gen_set_qualname, "qualified name of the coroutine"},
    {"cr_await", gen_get_yieldfrom, nullptr, "object being awaited on, or None"},
    {"cr_running", gen_get_running},
    {"cr_frame", gen_get_frame},
    {"cr_suspended", gen_get_suspended},
    {},
};

// Members in CPython (member_descriptors; "readonly attribute" when read-only), computed here.
const MemberDef coroutine_members[] = {
    {.name = "cr_code", .kind = MemberKind::Computed, .readonly = true, .get = gen_get_code},
    {.name = "cr_origin", .kind = MemberKind::Computed, .readonly = true, .get = coro_get_origin},
    {},
};

void wrapper_dealloc(Object* o) {
  gc_untrack(o);
  decref(static_cast<CoroutineWrapperObject*>(o)->coroutine);
  free_object(o);
}
void wrapper_traverse(Object* o, VisitFn visit, void* arg) {
  visit(static_cast<CoroutineWrapperObject*>(o)->coroutine, arg);
}
Value wrapped_coroutine(Value self) {
  return Value(static_cast<CoroutineWrapperObject*>(self.as_object())->coroutine);
}
Ref<> wrapper_iternext(Value self) { return gen_iternext(wrapped_coroutine(self)); }
Ref<> wrapper_send(Value self, const Value* args) { return gen_send_method(wrapped_coroutine(self), args); }
Ref<> wrapper_throw(Value self, const Value* args) { return gen_throw_method(wrapped_coroutine(self), args); }
Ref<> wrapper_close(Value self, const Value* args) { return gen_close_method(wrapped_coroutine(self), args); }

const MethodDef coroutine_wrapper_methods[] = {
    {.name = "send", .impl = wrapper_send, .signature = "($self, value, /)"},
    {.name = "throw", .impl = wrapper_throw, .signature = "($self, typ, val=?, tb=?, /)"},
    {.name = "close", .impl = wrapper_close, .signature = "($self, /)"},
    {},
};

}  // namespace

TypeObject coroutine_type{TypeSpec{
    .name = "coroutine",
    .basic_size = sizeof(GeneratorObject),
    .flags = kTypeHaveGC,
    .weaklist_offset = offsetof(GeneratorObject, weakreflist),
    .slots = {.dealloc = gen_dealloc,
              .traverse = gen_traverse,
              .finalize = gen_finalize,
              .repr = gen_repr,
              .getattr = generic_get_attr,
              .await = coro_await},
    .methods = coroutine_methods,
    .getsets = coroutine_getsets,
    .members = coroutine_members,
}};

TypeObject coroutine_wrapper_type{TypeSpec{
    .name = "coroutine_wrapper",
    .basic_size = sizeof(CoroutineWrapperObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = wrapper_dealloc,
              .traverse = wrapper_traverse,
              .getattr = generic_get_attr,
              .iter = gen_iter,
              .iternext = wrapper_iternext},
    .methods = coroutine_wrapper_methods,
}};

// --- Async generators (PEP 525) ---

namespace {

struct WrappedValueObject : Object {
  Value value;
};

struct AsendObject : Object {
  Object* generator;
  Value send_value;
  enum : uint8_t { Init, Iter, Closed } state;
};

struct AthrowObject : Object {
  Object* generator;
  Value type, value, tb;  // null args: aclose()
  bool is_close;
  enum : uint8_t { Init, Iter, Closed } state;
};

bool is_wrapped_value(Value v) { return is_type(v, &async_generator_wrapped_value_type); }
Value unwrap(Value v) { return static_cast<WrappedValueObject*>(v.as_object())->value; }

// firstiter hook (sys.set_asyncgen_hooks) on the first iteration.
bool init_hooks(GeneratorObject* gen) {
  if (gen->hooks_initialised) return true;
  gen->hooks_initialised = true;
  Value finalizer = current_thread()->asyncgen_finalizer;
  if (finalizer) {
    incref(finalizer);
    gen->origin_or_finalizer = finalizer;
  }
  Value firstiter = current_thread()->asyncgen_firstiter;
  if (firstiter) {
    Ref<> hook = new_ref(firstiter);
    Ref<> result = call1(hook, Value(gen));
    if (!result) return false;
  }
  return true;
}

// Converts what the async generator produced: a wrapped value means the generator
// yielded (the awaitable finishes with StopIteration(value)); a plain value is an inner
// await passing through; a return means StopAsyncIteration.
Ref<> unwrap_result(GeneratorObject* gen, Ref<> result, bool returned) {
  if (!result) {
    if (error_matches(&exc::StopAsyncIteration) || error_matches(&exc::GeneratorExit)) {
      gen->running_async = false;
    }
    gen->running_async = false;
    return nullptr;
  }
  if (returned) {
    gen->running_async = false;
    return raise_with_args(&exc::StopAsyncIteration, nullptr, 0);
  }
  if (is_wrapped_value(result)) {
    gen->running_async = false;
    raise_stop_iteration(unwrap(result));
    return nullptr;
  }
  return result;
}

Ref<> asend_new(GeneratorObject* gen, Value value) {
  auto* asend = allocate<AsendObject>(&async_generator_asend_type);
  if (!asend) return nullptr;
  incref(gen);
  asend->generator = gen;
  incref(value);
  asend->send_value = value;
  asend->state = AsendObject::Init;
  gc_track(asend);
  return Ref<>::steal(Value(asend));
}

Ref<> asend_send_impl(AsendObject* asend, Value value) {
  auto* gen = static_cast<GeneratorObject*>(asend->generator);
  if (asend->state == AsendObject::Closed) {
    return runtime_error("cannot reuse already awaited __anext__()/asend()");
  }
  if (asend->state == AsendObject::Init) {
    if (gen->running_async) {
      asend->state = AsendObject::Closed;
      return runtime_error("anext(): asynchronous generator is already running");
    }
    if (!value || is_none(value)) value = asend->send_value;
    asend->state = AsendObject::Iter;
  }
  gen->running_async = true;
  bool returned;
  Ref<> result = generator_send(gen, value ? value : None(), &returned);
  result = unwrap_result(gen, std::move(result), returned);
  if (!result) asend->state = AsendObject::Closed;
  return result;
}

Ref<> asend_iternext(Value self) { return asend_send_impl(static_cast<AsendObject*>(self.as_object()), None()); }
Ref<> asend_send(Value self, const Value* args) {
  return asend_send_impl(static_cast<AsendObject*>(self.as_object()), args[0]);
}
Ref<> asend_throw(Value self, const Value* args) {
  auto* asend = static_cast<AsendObject*>(self.as_object());
  auto* gen = static_cast<GeneratorObject*>(asend->generator);
  if (asend->state == AsendObject::Closed) {
    return runtime_error("cannot reuse already awaited __anext__()/asend()");
  }
  if (!make_thrown_exception(args[0], args[1], args[2])) return nullptr;
  bool returned;
  Ref<> result = throw_current(gen, true, &returned);
  result = unwrap_result(gen, std::move(result), returned);
  if (!result) asend->state = AsendObject::Closed;
  return result;
}
Ref<> asend_close(Value self, const Value* args) {
  static_cast<AsendObject*>(self.as_object())->state = AsendObject::Closed;
  return new_none();
}
void asend_dealloc(Object* o) {
  auto* asend = static_cast<AsendObject*>(o);
  gc_untrack(o);
  decref(asend->generator);
  decref(asend->send_value);
  free_object(o);
}
void asend_traverse(Object* o, VisitFn visit, void* arg) {
  auto* asend = static_cast<AsendObject*>(o);
  visit(asend->generator, arg);
  if (asend->send_value.is_object()) visit(asend->send_value.as_object(), arg);
}

const MethodDef asend_methods[] = {
    {.name = "send", .impl = asend_send, .signature = "($self, value, /)"},
    {.name = "throw", .impl = asend_throw, .signature = "($self, typ, val=?, tb=?, /)"},
    {.name = "close", .impl = asend_close, .signature = "($self, /)"},
    {},
};

Ref<> athrow_new(GeneratorObject* gen, const Value* args, bool is_close) {
  auto* athrow = allocate<AthrowObject>(&async_generator_athrow_type);
  if (!athrow) return nullptr;
  incref(gen);
  athrow->generator = gen;
  athrow->is_close = is_close;
  if (!is_close) {
    athrow->type = args[0];
    athrow->value = args[1];
    athrow->tb = args[2];
    incref(athrow->type);
    incref(athrow->value);
    incref(athrow->tb);
  }
  athrow->state = AthrowObject::Init;
  gc_track(athrow);
  return Ref<>::steal(Value(athrow));
}

Ref<> athrow_send_impl(AthrowObject* athrow, Value value) {
  auto* gen = static_cast<GeneratorObject*>(athrow->generator);
  if (athrow->state == AthrowObject::Closed) {
    return runtime_error("cannot reuse already awaited aclose()/athrow()");
  }
  if (gen->state == GeneratorState::Completed) {
    athrow->state = AthrowObject::Closed;
    if (athrow->is_close) return raise_stop_iteration(Value());
    return raise_with_args(&exc::StopAsyncIteration, nullptr, 0);
  }
  Ref<> result;
  bool returned = false;
  if (athrow->state == AthrowObject::Init) {
    if (gen->running_async) {
      athrow->state = AthrowObject::Closed;
      return runtime_error(athrow->is_close ? "aclose(): asynchronous generator is already running"
                                            : "athrow(): asynchronous generator is already running");
    }
    if (gen->closed) {
      athrow->state = AthrowObject::Closed;
      return raise_with_args(&exc::StopAsyncIteration, nullptr, 0);
    }
    if (value && !is_none(value)) return runtime_error("can't send non-None value to a just-started coroutine");
    athrow->state = AthrowObject::Iter;
    gen->running_async = true;
    if (athrow->is_close) {
      gen->closed = true;
      raise_with_args(&exc::GeneratorExit, nullptr, 0);
    } else if (!make_thrown_exception(athrow->type, athrow->value, athrow->tb)) {
      gen->running_async = false;
      return nullptr;
    }
    result = throw_current(gen, true, &returned);
  } else {
    result = generator_send(gen, value ? value : None(), &returned);
  }
  if (athrow->is_close) {
    if (result && !returned && is_wrapped_value(result)) {
      gen->running_async = false;
      athrow->state = AthrowObject::Closed;
      return runtime_error("async generator ignored GeneratorExit");
    }
    if (result && !returned) return result;
    gen->running_async = false;
    athrow->state = AthrowObject::Closed;
    if (returned || error_matches(&exc::StopAsyncIteration) || error_matches(&exc::GeneratorExit)) {
      clear_error();
      return raise_stop_iteration(Value());
    }
    return nullptr;
  }
  result = unwrap_result(gen, std::move(result), returned);
  if (!result) athrow->state = AthrowObject::Closed;
  return result;
}

Ref<> athrow_iternext(Value self) { return athrow_send_impl(static_cast<AthrowObject*>(self.as_object()), None()); }
Ref<> athrow_send(Value self, const Value* args) {
  return athrow_send_impl(static_cast<AthrowObject*>(self.as_object()), args[0]);
}
Ref<> athrow_throw(Value self, const Value* args) {
  auto* athrow = static_cast<AthrowObject*>(self.as_object());
  auto* gen = static_cast<GeneratorObject*>(athrow->generator);
  if (athrow->state == AthrowObject::Closed) {
    return runtime_error("cannot reuse already awaited aclose()/athrow()");
  }
  if (!make_thrown_exception(args[0], args[1], args[2])) return nullptr;
  bool returned;
  Ref<> result = throw_current(gen, true, &returned);
  if (athrow->is_close) {
    if (result && !returned && is_wrapped_value(result)) {
      athrow->state = AthrowObject::Closed;
      return runtime_error("async generator ignored GeneratorExit");
    }
    if (result && !returned) return result;
    athrow->state = AthrowObject::Closed;
    if (returned || error_matches(&exc::StopAsyncIteration) || error_matches(&exc::GeneratorExit)) {
      clear_error();
      return raise_stop_iteration(Value());
    }
    return nullptr;
  }
  result = unwrap_result(gen, std::move(result), returned);
  if (!result) athrow->state = AthrowObject::Closed;
  return result;
}
Ref<> athrow_close(Value self, const Value* args) {
  static_cast<AthrowObject*>(self.as_object())->state = AthrowObject::Closed;
  return new_none();
}
void athrow_dealloc(Object* o) {
  auto* athrow = static_cast<AthrowObject*>(o);
  gc_untrack(o);
  decref(athrow->generator);
  decref(athrow->type);
  decref(athrow->value);
  decref(athrow->tb);
  free_object(o);
}
void athrow_traverse(Object* o, VisitFn visit, void* arg) {
  auto* athrow = static_cast<AthrowObject*>(o);
  visit(athrow->generator, arg);
  for (Value v : {athrow->type, athrow->value, athrow->tb}) {
    if (v.is_object()) visit(v.as_object(), arg);
  }
}

const MethodDef athrow_methods[] = {
    {.name = "send", .impl = athrow_send, .signature = "($self, value, /)"},
    {.name = "throw", .impl = athrow_throw, .signature = "($self, typ, val=?, tb=?, /)"},
    {.name = "close", .impl = athrow_close, .signature = "($self, /)"},
    {},
};

Ref<> agen_anext(Value self) {
  GeneratorObject* gen = as_gen(self);
  if (!init_hooks(gen)) return nullptr;
  return asend_new(gen, None());
}
Ref<> agen_asend(Value self, const Value* args) {
  GeneratorObject* gen = as_gen(self);
  if (!init_hooks(gen)) return nullptr;
  return asend_new(gen, args[0]);
}
Ref<> agen_athrow(Value self, const Value* args) {
  GeneratorObject* gen = as_gen(self);
  if (!init_hooks(gen)) return nullptr;
  return athrow_new(gen, args, false);
}
Ref<> agen_aclose(Value self, const Value* args) {
  GeneratorObject* gen = as_gen(self);
  if (!init_hooks(gen)) return nullptr;
  return athrow_new(gen, args, true);
}

const MethodDef async_generator_methods[] = {
    {.name = "asend", .impl = agen_asend, .signature = "($self, value, /)",
     .doc = "asend(v) -> send 'v' in generator."},
    {.name = "athrow", .impl = agen_athrow, .signature = "($self, typ, val=?, tb=?, /)",
     .doc = "athrow(typ[,val[,tb]]) -> raise exception in generator."},
    {.name = "aclose", .impl = agen_aclose, .signature = "($self, /)",
     .doc = "aclose() -> raise GeneratorExit inside generator."},
    {.name = "__sizeof__", .impl = gen_sizeof, .signature = "($self, /)"},
    {.name = "__class_getitem__", .impl = class_getitem_generic_alias, .signature = "($type, item, /)",
     .doc = "See PEP 585", .flags = kMethodClass},
    {},
};

const GetSetDef async_generator_getsets[] = {
    {"__name__", gen_get_name, gen_set_name, "name of the async generator"},
    {"__qualname__", gen_get_qualname, gen_set_qualname, "qualified name of the async generator"},
    {"ag_await", gen_get_yieldfrom, nullptr, "object being awaited on, or None"},
    {"ag_frame", gen_get_frame},
    {},
};

// Members in CPython (member_descriptors; "readonly attribute" when read-only), computed here.
const MemberDef async_generator_members[] = {
    {.name = "ag_running", .kind = MemberKind::Computed, .readonly = true, .get = agen_get_running},
    {.name = "ag_code", .kind = MemberKind::Computed, .readonly = true, .get = gen_get_code},
    {},
};

void wrapped_dealloc(Object* o) {
  gc_untrack(o);
  decref(static_cast<WrappedValueObject*>(o)->value);
  free_object(o);
}
void wrapped_traverse(Object* o, VisitFn visit, void* arg) {
  Value v = static_cast<WrappedValueObject*>(o)->value;
  if (v.is_object()) visit(v.as_object(), arg);
}

}  // namespace

Ref<> async_generator_wrap_value(Value value) {
  auto* wrapped = allocate<WrappedValueObject>(&async_generator_wrapped_value_type);
  if (!wrapped) return nullptr;
  incref(value);
  wrapped->value = value;
  gc_track(wrapped);
  return Ref<>::steal(Value(wrapped));
}

TypeObject async_generator_type{TypeSpec{
    .name = "async_generator",
    .basic_size = sizeof(GeneratorObject),
    .flags = kTypeHaveGC,
    .weaklist_offset = offsetof(GeneratorObject, weakreflist),
    .slots = {.dealloc = gen_dealloc,
              .traverse = gen_traverse,
              .finalize = gen_finalize,
              .repr = gen_repr,
              .getattr = generic_get_attr,
              .aiter = gen_iter,
              .anext = agen_anext},
    .methods = async_generator_methods,
    .getsets = async_generator_getsets,
    .members = async_generator_members,
}};

TypeObject async_generator_asend_type{TypeSpec{
    .name = "async_generator_asend",
    .basic_size = sizeof(AsendObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = asend_dealloc,
              .traverse = asend_traverse,
              .getattr = generic_get_attr,
              .iter = gen_iter,
              .iternext = asend_iternext,
              .await = gen_iter},
    .methods = asend_methods,
}};

TypeObject async_generator_athrow_type{TypeSpec{
    .name = "async_generator_athrow",
    .basic_size = sizeof(AthrowObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = athrow_dealloc,
              .traverse = athrow_traverse,
              .getattr = generic_get_attr,
              .iter = gen_iter,
              .iternext = athrow_iternext,
              .await = gen_iter},
    .methods = athrow_methods,
}};

TypeObject async_generator_wrapped_value_type{TypeSpec{
    .name = "async_generator_wrapped_value",
    .basic_size = sizeof(WrappedValueObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = wrapped_dealloc, .traverse = wrapped_traverse},
}};

// --- Creation (RETURN_GENERATOR) ---

namespace {

// cr_origin: (filename, line, function name) of the `depth` innermost frames from `frame`.
Ref<> coroutine_origin(Frame* frame, int depth) {
  int count = 0;
  for (Frame* f = frame; f && count < depth; f = f->previous) ++count;
  Ref<TupleObject> origin = tuple_allocate(count);
  if (!origin) return nullptr;
  for (int i = 0; i < count; ++i, frame = frame->previous) {
    Ref<TupleObject> entry = tuple_of({Value(frame->code->filename), Value::small_int(frame->line()),
                                       Value(frame->code->name)});
    if (!entry) return nullptr;
    origin->items[i] = entry.release();
  }
  return origin;
}

}  // namespace

Ref<> generator_from_frame(ThreadState* thread, Frame* frame) {
  CodeObject* code = frame->code;
  TypeObject* type = (code->flags & kCodeCoroutine) ? &coroutine_type
                     : (code->flags & kCodeAsyncGenerator) ? &async_generator_type
                                                             : &generator_type;
  Ref<> origin;
  if (type == &coroutine_type && thread->coroutine_origin_depth > 0) {
    origin = coroutine_origin(frame->previous, thread->coroutine_origin_depth);
    if (!origin) return nullptr;
  }
  auto* gen = allocate<GeneratorObject>(type, sizeof(GeneratorObject) + frame_size(code));
  if (!gen) return nullptr;
  Frame* moved = gen->frame();
  frame_move(thread, frame, moved);
  moved->owner = FrameOwner::Generator;
  moved->is_entry = true;
  moved->previous = nullptr;
  FunctionObject* function = moved->function;
  gen->name = function ? function->name : code->name;
  gen->qualname = function ? function->qualname : code->qualname;
  incref(gen->name);
  incref(gen->qualname);
  gen->state = GeneratorState::Created;
  gen->trace_jump_target = -1;
  gen->origin_or_finalizer = origin.release();
  gc_track(gen);
  return Ref<>::steal(Value(gen));
}

}  // namespace krait
