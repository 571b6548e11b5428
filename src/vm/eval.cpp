// The eval loop (DESIGN.md §6): computed-goto dispatch over 32-bit code units, a value
// stack in the frame, Python-to-Python calls and returns without C++ recursion, zero-cost
// exception handling through the code object's exception table, and quickening of hot
// instructions into type-specialised forms with inline caches.
//
// Reading guide: the locals `frame`, `next_instr`, `sp` (stack pointer) and `localsplus`
// are the machine state; SAVE_STATE() writes them back into the frame before anything
// that may look at the frame (calls, tracebacks, generators), LOAD_STATE() reloads them
// after switching frames. Instructions whose slow path is long call out to
// eval_support.cpp. DISPATCH() leaves an instruction by computed goto, which runs no C++
// destructors: every Ref an instruction holds must be released or reset before it.
#include "vm/eval.h"

#include <cmath>
#include <cstring>

#include "core/alloc.h"
#include "core/args.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/code.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/float.h"
#include "objects/function.h"
#include "objects/generator.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/module.h"
#include "objects/none.h"
#include "objects/range.h"
#include "objects/set.h"
#include "objects/slice.h"
#include "objects/str.h"
#include "objects/super.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/import.h"
#include "runtime/runtime.h"
#include "runtime/signals.h"
#include "runtime/thread_state.h"
#include "vm/builtin_calls.h"
#include "vm/builtins_namespace.h"
#include "vm/call.h"
#include "vm/eval_support.h"
#include "vm/frame.h"
#include "vm/frame_inline.h"
#include "vm/specialize.h"
#include "vm/trace.h"

namespace krait {

namespace {

// Small-int arithmetic on tagged Values; false on overflow out of the 63-bit range.
inline bool small_add(Value a, Value b, Value* out) {
  int64_t r;
  if (__builtin_add_overflow(a.as_small_int(), b.as_small_int(), &r) || !Value::fits_small_int(r)) {
    return false;
  }
  *out = Value::small_int(r);
  return true;
}
inline bool small_subtract(Value a, Value b, Value* out) {
  int64_t r;
  if (__builtin_sub_overflow(a.as_small_int(), b.as_small_int(), &r) || !Value::fits_small_int(r)) {
    return false;
  }
  *out = Value::small_int(r);
  return true;
}
inline bool small_multiply(Value a, Value b, Value* out) {
  int64_t r;
  if (__builtin_mul_overflow(a.as_small_int(), b.as_small_int(), &r) || !Value::fits_small_int(r)) {
    return false;
  }
  *out = Value::small_int(r);
  return true;
}

// Fast paths of BINARY_OP on two small ints; false means "use the generic path". Always
// inlined: it is most of BINARY_OP_INT, and a call costs as much as the arithmetic.
[[gnu::always_inline]] inline bool small_int_binary(BinaryOperator op, Value a, Value b, Value* out) {
  int64_t x = a.as_small_int(), y = b.as_small_int();
  switch (op) {
    case BinaryOperator::Add:
    case BinaryOperator::InplaceAdd: return small_add(a, b, out);
    case BinaryOperator::Subtract:
    case BinaryOperator::InplaceSubtract: return small_subtract(a, b, out);
    case BinaryOperator::Multiply:
    case BinaryOperator::InplaceMultiply: return small_multiply(a, b, out);
    case BinaryOperator::FloorDivide:
    case BinaryOperator::InplaceFloorDivide: {
      if (y == 0) return false;
      int64_t q = x / y;
      if ((x % y != 0) && ((x < 0) != (y < 0))) --q;
      if (!Value::fits_small_int(q)) return false;
      *out = Value::small_int(q);
      return true;
    }
    case BinaryOperator::Remainder:
    case BinaryOperator::InplaceRemainder: {
      if (y == 0) return false;
      int64_t r = x % y;
      if (r != 0 && ((r < 0) != (y < 0))) r += y;
      *out = Value::small_int(r);
      return true;
    }
    case BinaryOperator::TrueDivide:
    case BinaryOperator::InplaceTrueDivide: {
      // Operands that convert exactly: IEEE division rounds the true quotient once, as
      // CPython's int division does for them.
      constexpr int64_t kExact = int64_t{1} << 53;
      if (y == 0 || x < -kExact || x > kExact || y < -kExact || y > kExact) return false;
      Ref<FloatObject> quotient = float_from_double(double(x) / double(y));
      if (!quotient) {
        clear_error();  // the generic path tries again and raises its own
        return false;
      }
      *out = quotient.release();
      return true;
    }
    case BinaryOperator::And:
    case BinaryOperator::InplaceAnd: *out = Value::small_int(x & y); return true;
    case BinaryOperator::Or:
    case BinaryOperator::InplaceOr: *out = Value::small_int(x | y); return true;
    case BinaryOperator::Xor:
    case BinaryOperator::InplaceXor: *out = Value::small_int(x ^ y); return true;
    case BinaryOperator::LShift:
    case BinaryOperator::InplaceLShift: {
      if (y < 0 || y >= 62) return false;
      int64_t r = x << y;
      if ((r >> y) != x || !Value::fits_small_int(r)) return false;
      *out = Value::small_int(r);
      return true;
    }
    case BinaryOperator::RShift:
    case BinaryOperator::InplaceRShift: {
      if (y < 0) return false;
      *out = Value::small_int(y >= 63 ? (x < 0 ? -1 : 0) : x >> y);
      return true;
    }
    default: return false;
  }
}

// `x op y` without a branch on op: the outcome for less, equal, greater and unordered
// (a NaN) is a bit of a per-operator mask (CompareOp order: Lt Le Eq Ne Gt Ge).
template <class T>
[[gnu::always_inline]] inline bool compare_outcome(CompareOp op, T x, T y) {
  static constexpr uint8_t kOutcomes[] = {0b0001, 0b0011, 0b0010, 0b1101, 0b0100, 0b0110};
  int index = 3 - 3 * int(x < y) - 2 * int(x == y) - int(x > y);
  return (kOutcomes[int(op)] >> index) & 1;
}

// `x op y` for the float operators the BINARY_OP_FLOAT* instructions compute inline (+ - * /
// and ** where C's pow is float.__pow__: a positive finite base, a finite exponent and a
// finite result); false for the rest (division by zero, the special cases of **, other
// operators), which take the generic path.
[[gnu::always_inline]] inline bool float_arithmetic(BinaryOperator op, double x, double y, double* r) {
  switch (op) {
    case BinaryOperator::Add:
    case BinaryOperator::InplaceAdd: *r = x + y; return true;
    case BinaryOperator::Subtract:
    case BinaryOperator::InplaceSubtract: *r = x - y; return true;
    case BinaryOperator::Multiply:
    case BinaryOperator::InplaceMultiply: *r = x * y; return true;
    case BinaryOperator::TrueDivide:
    case BinaryOperator::InplaceTrueDivide:
      if (y == 0.0) return false;
      *r = x / y;
      return true;
    case BinaryOperator::Power:
    case BinaryOperator::InplacePower:
      if (!(x > 0.0) || !std::isfinite(x) || !std::isfinite(y)) return false;
      *r = std::pow(x, y);
      return std::isfinite(*r);
    default: return false;
  }
}

// An exact float and a small int in either order, as the doubles CPython's float methods
// compute on (the int rounded to nearest, as PyLong_AsDouble does); returns the float's
// object, or null for any other pair.
[[gnu::always_inline]] inline FloatObject* float_small_int_pair(Value left, Value right, double* x, double* y) {
  if (left.is_small_int()) {
    if (!is_exact_float(right)) return nullptr;
    *x = double(left.as_small_int());
    *y = float_value(right);
    return static_cast<FloatObject*>(right.as_object());
  }
  if (!right.is_small_int() || !is_exact_float(left)) return nullptr;
  *x = float_value(left);
  *y = double(right.as_small_int());
  return static_cast<FloatObject*>(left.as_object());
}

// For comparisons the int must convert exactly (|i| <= 2**53); then comparing the doubles
// is comparing the numbers, which is what float's rich compare does with an int.
[[gnu::always_inline]] inline FloatObject* float_exact_int_pair(Value left, Value right, double* x, double* y) {
  constexpr int64_t kExact = int64_t{1} << 53;
  Value other = left.is_small_int() ? left : right;
  if (!other.is_small_int()) return nullptr;
  int64_t i = other.as_small_int();
  if (i < -kExact || i > kExact) return nullptr;
  return float_small_int_pair(left, right, x, y);
}

// Truth of a value for conditional jumps, with the common cases inline.
inline int truth_of(Value v) {
  if (v == True()) return 1;
  if (v == False() || is_none(v)) return 0;
  if (v.is_small_int()) return v.as_small_int() != 0;
  return is_true(v);
}

// call_method_def's first case inline for the CALL_NATIVE_* sites (CPython's
// CALL_NO_KW_BUILTIN_O/FAST): positional arguments that fill the parameters exactly go
// straight to the impl. The def is raw or has its signature parsed.
[[gnu::always_inline]] inline Ref<> call_native_positional(const MethodDef* def, Value self, const Value* args, uint32_t nargs) {
  const Signature* sig = def->parsed_signature;
  if (!def->raw && sig->direct_positional && uint32_t(sig->positional) == nargs) return def->impl(self, args);
  return call_method_def(def, nullptr, self, args, nargs, nullptr);
}

}  // namespace

int handle_eval_breaker(ThreadState* thread) {
  Runtime& rt = runtime();
  uint32_t bits = rt.eval_breaker.load(std::memory_order_relaxed);
  if (bits & kBreakGcRequested) {
    rt.eval_breaker.fetch_and(~uint32_t(kBreakGcRequested), std::memory_order_relaxed);
    gc_collect_if_requested();
  }
  if (bits & kBreakSignalsPending) {
    if (run_pending_signal_handlers() < 0) return -1;
  }
  if (bits & kBreakPendingCalls) {
    if (run_pending_calls() < 0) return -1;
  }
  if (bits & kBreakGilDropRequest) rt.gil.yield_to_waiter(thread);
  if (thread->async_exception) {
    restore_error(std::move(thread->async_exception));
    return -1;
  }
  return 0;
}

namespace {

// decref for the stores that most often drop the last reference to a temporary (locals,
// list items): a freed exact float goes straight back to the float freelist.
[[gnu::always_inline]] inline void decref_store(Value v) {
  if (!v.is_object()) return;
  Object* o = v.as_object();
  debug_check_decref(o);
  if (--o->refcount != 0) return;
  if (o->type == &float_type) {
    float_free_exact(static_cast<FloatObject*>(o));
  } else {
    dealloc_object(o);
  }
}

// A cached global whose globals' key set changed (a module-level `except ... as e` deletes
// and re-adds `e` on every pass): the cached entry is still `name`'s if it holds that key
// and a value — a dict has one live entry per key. Re-stamps the cache (borrowed value).
[[gnu::noinline]] Value revalidate_cached_global(GlobalCache* cache, DictObject* globals, StrObject* name) {
  DictKeys* keys = globals->keys;
  if (cache->index >= uint64_t(keys->nentries)) return Value();
  DictEntry& entry = keys->entries()[cache->index];
  if (entry.key != Value(name) || !entry.value) return Value();
  uint32_t version = dict_keys_version(globals);
  if (!version) return Value();
  cache->globals_version = version;
  return entry.value;
}

// The value a LOAD_GLOBAL_CACHED / LOAD_NAME_CACHED cache points at (borrowed), or null
// when the guard fails: a name cached in the builtins needs both key sets unchanged (a
// global of that name would shadow it); one cached in the globals needs its entry intact.
[[gnu::always_inline]] inline Value cached_global(GlobalCache* cache, Frame* frame, StrObject* name) {
  auto* globals = static_cast<DictObject*>(frame->globals);
  auto* builtins = static_cast<DictObject*>(frame->builtins);
  if (globals->keys->version != cache->globals_version) {
    return cache->in_builtins ? Value() : revalidate_cached_global(cache, globals, name);
  }
  if (!cache->in_builtins) return globals->keys->entries()[cache->index].value;
  if (builtins->keys->version != cache->builtins_version) return Value();
  return builtins->keys->entries()[cache->index].value;
}

// LOAD_ATTR_INSTANCE's guard and load: the attribute of `owner` its cache names, borrowed,
// or null when the guard fails.
[[gnu::always_inline]] inline Value cached_instance_attribute(Object* owner, const AttrCache* cache, Value name) {
  TypeObject* type = owner->type;
  if (type->version_tag != cache->type_version) return Value();
  Object* dict = *reinterpret_cast<Object**>(reinterpret_cast<char*>(owner) + type->dict_offset);
  if (!dict) return Value();
  DictKeys* keys = static_cast<DictObject*>(dict)->keys;
  uint32_t index = cache->index;
  if (keys == type->cached_keys && (index & kSplitIndex)) {
    // A split dict on the class's shared keys: the index is the same for every instance.
    return split_values(static_cast<DictObject*>(dict))[index & ~kSplitIndex];
  }
  if (index < keys->nentries && !keys->shared) {  // (never for a split index)
    DictEntry& entry = keys->entries()[index];
    if (entry.key.as_object() == name.as_object()) return entry.value;
  }
  return Value();
}

// LOAD_ATTR_SLOT's guard and load: the __slots__ member its cache names, borrowed, or null.
[[gnu::always_inline]] inline Value cached_slot_attribute(Object* owner, const AttrCache* cache) {
  if (owner->type->version_tag != cache->type_version) return Value();
  return *reinterpret_cast<Value*>(reinterpret_cast<char*>(owner) + cache->index);
}

// A generator's frame starts or stops running on `thread` (eval_resume, and FOR_ITER_GEN
// which resumes it inside the caller's loop): while it runs, its handled exception is the
// innermost one and it is the thread's current frame, called from `caller`.
[[gnu::always_inline]] inline void generator_frame_enter(ThreadState* thread, GeneratorObject* gen, Frame* caller) {
  gen->exception_state.previous = thread->exception_stack;
  thread->exception_stack = &gen->exception_state;
  ++thread->python_depth;
  Frame* frame = gen->frame();
  frame->previous = caller;
  thread->frame = frame;
}
[[gnu::always_inline]] inline void generator_frame_leave(ThreadState* thread, GeneratorObject* gen) {
  --thread->python_depth;
  thread->exception_stack = gen->exception_state.previous;
  gen->exception_state.previous = nullptr;
}

// FOR_ITER_GEN or SEND resumes a created or suspended generator inside the caller's loop
// (`caller` saved, its next_instr past the instruction): the generator's frame to run, with
// `sent` (a reference handed over) pushed as the value of its yield.
[[gnu::always_inline]] inline Frame* enter_inline_generator(ThreadState* thread, GeneratorObject* gen, Frame* caller,
                                                            Value sent) {
  Frame* resumed = gen->frame();
  generator_frame_enter(thread, gen, caller);
  gen->state = GeneratorState::Running;
  resumed->is_entry = false;
  resumed->on_return = FrameReturn::Push;
  resumed->stack_base()[resumed->stack_depth++] = sent;
  return resumed;
}

// A generator frame resumed by FOR_ITER_GEN or SEND yields, returns or raises: back to its caller
// (returned), the frame left ready for the next resumption from anywhere. Its references are
// released by frame_pop once it finished.
[[gnu::always_inline]] inline Frame* leave_inline_generator(ThreadState* thread, GeneratorObject* gen) {
  generator_frame_leave(thread, gen);
  Frame* frame = gen->frame();
  Frame* caller = frame->previous;
  frame->previous = nullptr;
  frame->is_entry = true;
  thread->frame = caller;
  if (gen->state == GeneratorState::Completed) frame_pop(thread, frame);
  return caller;
}

// C(args) where C's metaclass is type, its __new__ is object.__new__ and its __init__ a
// plain Python function: that function (borrowed), so the loop can allocate the instance
// and push the __init__ frame itself. Null when the generic type call must run.
FunctionObject* python_init_of(Value callable) {
  auto* type = static_cast<TypeObject*>(callable.as_object());
  if (type->new_instance != object_new || type->has_flag(kTypeAbstract)) return nullptr;
  Value init = type_lookup(type, ID(__init__));
  if (!init || !is_function(init)) return nullptr;
  FunctionObject* function = as_function(init);
  constexpr uint32_t kNotPlain = kCodeGenerator | kCodeCoroutine | kCodeIterableCoroutine | kCodeAsyncGenerator;
  if (function->code->flags & kNotPlain) return nullptr;
  return function;
}

// python_init_of for CALL: the function found last time is kept in the site's cache
// (borrowed: the class's dict holds it while its version tag is unchanged; tags are never
// reused), so a call of the same class does no type_lookup. What the tag does not cover
// (the function's __code__) is checked again.
[[gnu::always_inline]] inline FunctionObject* python_init_cached(Value callable, AttrCache* cache) {
  auto* type = static_cast<TypeObject*>(callable.as_object());
  if (type->version_tag == cache->type_version && cache->type_version != 0) {
    FunctionObject* function = as_function(cache->value());
    constexpr uint32_t kNotPlain = kCodeGenerator | kCodeCoroutine | kCodeIterableCoroutine | kCodeAsyncGenerator;
    if (!(function->code->flags & kNotPlain)) return function;
  }
  FunctionObject* function = python_init_of(callable);
  if (function) {
    cache->type_version = type_assign_version(type);
    cache->set_value(Value(function));
  }
  return function;
}

// run()'s tables, handed out for eval_set_instrumented() (vm/trace.h).
struct DispatchTables {
  void** live;                // what DISPATCH() reads
  void* const* handlers;      // each opcode's handler
  void* instrumented;         // the entry that reports trace events first
};
DispatchTables dispatch_tables;

// The loop itself. `throwing`: start by raising the current exception at the frame's
// current instruction (gen.throw()); with a null thread, only fill dispatch_tables.
// Dispatch table generated from opcodes.def.
Ref<> run(ThreadState* thread, Frame* entry_frame, bool throwing) {
  // Opcodes past the table are impossible: code_new validates every instruction. The
  // live table is writable: while a trace/profile hook is set anywhere, every entry is
  // op_INSTRUMENTED, so the untraced path has no check at all.
  static void* dispatch_table[256] = {
#define OPCODE(name, arg, pops, pushes, cache) &&op_##name,
#include "compile/opcodes.def"
#undef OPCODE
  };
  static void* const opcode_handlers[256] = {
#define OPCODE(name, arg, pops, pushes, cache) &&op_##name,
#include "compile/opcodes.def"
#undef OPCODE
  };

  Frame* frame = entry_frame;

  const CodeUnit* next_instr;
  const CodeUnit* this_instr;
  CodeUnit unit;
  uint32_t oparg;
  Value* sp;
  Value* localsplus;
  Value* consts;
  Value* names;
  CodeObject* code;
  Value pending_kwnames;  // set by KW_NAMES for the CALL that follows

#define LOAD_STATE()                                        \
  do {                                                      \
    code = frame->code;                                     \
    next_instr = frame->next_instr;                         \
    localsplus = frame->localsplus;                         \
    sp = frame->stack_base() + frame->stack_depth;          \
    consts = as_tuple(Value(code->consts))->items;          \
    names = as_tuple(Value(code->names))->items;            \
  } while (0)
#define SAVE_STATE()                                               \
  do {                                                             \
    frame->prev_instr = this_instr;                                \
    frame->next_instr = next_instr;                                \
    frame->stack_depth = int32_t(sp - frame->stack_base());        \
  } while (0)
#define DISPATCH()                         \
  do {                                     \
    this_instr = next_instr;               \
    unit = *next_instr++;                  \
    oparg = unit >> 8;                     \
    goto* dispatch_table[unit & 0xFF];     \
  } while (0)
#define SKIP_CACHE(op) (next_instr += kCacheUnits[int(Opcode::op)])
#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define TOP() (sp[-1])
#define SECOND() (sp[-2])
#define PEEK(n) (sp[-int64_t(n)])
#define JUMP_TO(target)                                                          \
  do {                                                                           \
    const CodeUnit* destination = code->code + (target);                         \
    if (destination <= this_instr &&                                             \
        runtime().eval_breaker.load(std::memory_order_relaxed)) {                \
      next_instr = destination;                                                  \
      SAVE_STATE();                                                              \
      if (handle_eval_breaker(thread) < 0) goto error;                           \
    }                                                                            \
    next_instr = destination;                                                    \
  } while (0)
#define ERROR_IF(condition) \
  do {                      \
    if (condition) goto error; \
  } while (0)

// The end of a BINARY_OP on `left` and `right` (SECOND and TOP) that made `result` (a Ref,
// null on error): drops both operands and leaves the result in their place.
#define BINARY_OP_RESULT(result) \
  do {                           \
    ERROR_IF(!(result));         \
    --sp;                        \
    decref(left);                \
    decref(right);               \
    TOP() = (result).release();  \
    SKIP_CACHE(BINARY_OP);       \
    DISPATCH();                  \
  } while (0)
// The end of a float BINARY_OP on exact floats `left` and `right` (TOP and SECOND): pushes
// float `r` and dispatches. An operand's object is reused when we hold its only reference
// (a temporary), saving an allocation and a deallocation.
#define FLOAT_BINARY_RESULT(r)                                                          \
  do {                                                                                  \
    auto* left_float = static_cast<FloatObject*>(left.as_object());                     \
    auto* right_float = static_cast<FloatObject*>(right.as_object());                   \
    if (left_float->refcount == 1) {                                                    \
      left_float->value = (r);                                                          \
      float_decref_exact(right_float);                                                  \
      --sp;                                                                             \
      SKIP_CACHE(BINARY_OP);                                                            \
      DISPATCH();                                                                       \
    }                                                                                   \
    if (right_float->refcount == 1) {                                                   \
      right_float->value = (r);                                                         \
      float_decref_exact(left_float);                                                   \
      --sp;                                                                             \
      TOP() = right;                                                                    \
      SKIP_CACHE(BINARY_OP);                                                            \
      DISPATCH();                                                                       \
    }                                                                                   \
    Ref<FloatObject> f = float_from_double(r);                                          \
    if (!f) {                                                                           \
      SAVE_STATE();                                                                     \
      goto error;                                                                       \
    }                                                                                   \
    /* Both operands had two or more references: the left one survives this decrement; \
       the right one may be the same object. */                                         \
    debug_check_decref(left_float);                                                     \
    --left_float->refcount;                                                             \
    float_decref_exact(right_float);                                                    \
    --sp;                                                                               \
    TOP() = f.release();                                                                \
    SKIP_CACHE(BINARY_OP);                                                              \
    DISPATCH();                                                                         \
  } while (0)
// The end of a CALL that ran a native callable on [callable or method, args...]: drops the
// `count` arguments from `args` on and the callable, leaves `result` at `new_sp`, and, as in
// CPython, serves the signal handlers, collections and thread switches that came due during
// the call right after it, not at the next backward jump or call.
#define FINISH_NATIVE_CALL(result, count, callable, new_sp)          \
  do {                                                               \
    for (uint32_t i = 0; i < (count); ++i) decref(args[i]);         \
    sp = (new_sp);                                                   \
    decref(callable);                                                \
    ERROR_IF(!(result));                                             \
    PUSH((result).release());                                        \
    SKIP_CACHE(CALL);                                                \
    if (runtime().eval_breaker.load(std::memory_order_relaxed)) {    \
      SAVE_STATE();                                                  \
      if (handle_eval_breaker(thread) < 0) goto error;               \
    }                                                                \
    DISPATCH();                                                      \
  } while (0)
// A fused comparison's jump: the POP_JUMP_IF_FALSE/TRUE after its cache is taken when
// `result` is what it jumps on; the instruction after the jump runs next otherwise.
#define COMPARE_AND_JUMP(result)                                                       \
  do {                                                                                 \
    SKIP_CACHE(COMPARE_OP);                                                            \
    this_instr = next_instr++;                                                         \
    if ((result) == (unit_opcode(*this_instr) == Opcode::POP_JUMP_IF_TRUE)) {          \
      JUMP_TO(unit_oparg(*this_instr));                                                \
    }                                                                                  \
    DISPATCH();                                                                        \
  } while (0)

  if (throwing) {
    if (!thread) {
      dispatch_tables = {dispatch_table, opcode_handlers, &&op_INSTRUMENTED};
      return nullptr;
    }
    LOAD_STATE();
    this_instr = frame->prev_instr;
    if (thread->use_tracing) trace_throw_entry(thread, frame);  // a failing hook's error wins
    goto error;
  }
start_frame:
  LOAD_STATE();
  DISPATCH();

op_NOP:
  DISPATCH();

op_EXTENDED_ARG: {
  // Combine with the next instruction's oparg and run it.
  uint32_t high = oparg;
  this_instr = next_instr;
  unit = *next_instr++;
  oparg = (unit >> 8) | (high << kOpargBits);
  goto* opcode_handlers[unit & 0xFF];
}

op_INSTRUMENTED: {
  // A trace or profile hook is set (vm/trace.cpp): report this instruction's events,
  // then run its handler. The state is reloaded from the frame afterwards: a tracer's
  // f_lineno = n moves prev_instr and pops the stack.
  frame->next_instr = next_instr;
  frame->stack_depth = int32_t(sp - frame->stack_base());
  if (trace_instruction(thread, frame, this_instr) < 0) {
    sp = frame->stack_base() + frame->stack_depth;
    goto error;
  }
  LOAD_STATE();
  this_instr = frame->prev_instr;
  next_instr = this_instr + 1;
  oparg = *this_instr >> 8;
  // The second instruction of a pair has trace events of its own.
  goto* opcode_handlers[int(unfused_opcode(unit_opcode(*this_instr)))];
}

op_RESUME:
  if (runtime().eval_breaker.load(std::memory_order_relaxed)) {
    SAVE_STATE();
    if (handle_eval_breaker(thread) < 0) goto error;
  }
  DISPATCH();

op_POP_TOP:
  decref(POP());
  DISPATCH();

op_PUSH_NULL:
  PUSH(Value());
  DISPATCH();

op_COPY: {
  Value v = PEEK(oparg);
  incref(v);
  PUSH(v);
  DISPATCH();
}

op_SWAP: {
  Value top = TOP();
  TOP() = PEEK(oparg);
  PEEK(oparg) = top;
  DISPATCH();
}

op_LOAD_CONST: {
  Value v = consts[oparg];
  incref(v);
  PUSH(v);
  DISPATCH();
}

op_LOAD_FAST: {
  Value v = localsplus[oparg];
  incref(v);
  PUSH(v);
  DISPATCH();
}

op_LOAD_FAST__LOAD_FAST: {
  Value v = localsplus[oparg];
  incref(v);
  PUSH(v);
  v = localsplus[unit_oparg(*next_instr++)];
  incref(v);
  PUSH(v);
  DISPATCH();
}

op_LOAD_FAST__LOAD_ATTR: {
  // `local.attr`: once the LOAD_ATTR has specialised to an instance attribute or a
  // __slots__ member and its guard holds, the attribute is pushed without pushing and
  // releasing the owner. Otherwise the LOAD_FAST alone; the LOAD_ATTR runs next on its own.
  Value owner = localsplus[oparg];
  if (owner.is_object()) {
    Value v;
    CodeUnit attr_unit = *next_instr;
    const auto* cache = reinterpret_cast<const AttrCache*>(next_instr + 1);
    if (unit_opcode(attr_unit) == Opcode::LOAD_ATTR_INSTANCE) {
      v = cached_instance_attribute(owner.as_object(), cache, names[unit_oparg(attr_unit)]);
    } else if (unit_opcode(attr_unit) == Opcode::LOAD_ATTR_SLOT) [[unlikely]] {
      v = cached_slot_attribute(owner.as_object(), cache);
    }
    if (v) {
      incref(v);
      PUSH(v);
      next_instr += 1 + kCacheUnits[int(Opcode::LOAD_ATTR)];
      DISPATCH();
    }
  }
  incref(owner);
  PUSH(owner);
  DISPATCH();
}

op_LOAD_FAST__LOAD_METHOD: {
  // `local.method(...)`: once the LOAD_METHOD has specialised to LOAD_METHOD_CACHED and its
  // guard holds, the method and the owner are pushed in one dispatch. Otherwise the
  // LOAD_FAST alone; the LOAD_METHOD runs next on its own.
  Value owner = localsplus[oparg];
  incref(owner);
  CodeUnit method_unit = *next_instr;
  if (unit_opcode(method_unit) == Opcode::LOAD_METHOD_CACHED) {
    auto* cache = reinterpret_cast<AttrCache*>(const_cast<CodeUnit*>(next_instr + 1));
    TypeObject* type = type_of(owner);
    if (type->version_tag == cache->type_version &&
        !instance_dict_shadows(owner.as_object(), type, as_str(names[unit_oparg(method_unit)]), cache)) {
      Value method = cache->value();
      incref(method);
      PUSH(method);
      PUSH(owner);
      next_instr += 1 + kCacheUnits[int(Opcode::LOAD_METHOD)];
      DISPATCH();
    }
  }
  PUSH(owner);
  DISPATCH();
}

op_LOAD_FAST__LOAD_CONST: {
  Value v = localsplus[oparg];
  incref(v);
  PUSH(v);
  v = consts[unit_oparg(*next_instr++)];
  incref(v);
  PUSH(v);
  DISPATCH();
}

op_LOAD_CONST__LOAD_FAST: {
  Value v = consts[oparg];
  incref(v);
  PUSH(v);
  v = localsplus[unit_oparg(*next_instr++)];
  incref(v);
  PUSH(v);
  DISPATCH();
}

op_LOAD_FAST_CHECK: {
  Value v = localsplus[oparg];
  if (!v) {
    SAVE_STATE();
    unbound_local_error(frame, int(oparg));
    goto error;
  }
  incref(v);
  PUSH(v);
  DISPATCH();
}

op_STORE_FAST: {
  Value old = localsplus[oparg];
  localsplus[oparg] = POP();
  decref_store(old);
  DISPATCH();
}

op_STORE_FAST__LOAD_FAST: {
  Value old = localsplus[oparg];
  localsplus[oparg] = POP();
  decref_store(old);
  Value v = localsplus[unit_oparg(*next_instr++)];
  incref(v);
  PUSH(v);
  DISPATCH();
}

op_STORE_FAST__STORE_FAST: {
  Value old = localsplus[oparg];
  localsplus[oparg] = POP();
  decref_store(old);
  uint32_t second = unit_oparg(*next_instr++);
  old = localsplus[second];
  localsplus[second] = POP();
  decref_store(old);
  DISPATCH();
}

op_DELETE_FAST: {
  Value old = localsplus[oparg];
  if (!old) {
    SAVE_STATE();
    unbound_local_error(frame, int(oparg));
    goto error;
  }
  localsplus[oparg] = Value();
  decref(old);
  DISPATCH();
}

op_MAKE_CELL: {
  // The slot's current value (an argument, or null) moves into a new cell.
  Ref<CellObject> cell = cell_new(localsplus[oparg]);
  ERROR_IF(!cell);
  decref(localsplus[oparg]);
  localsplus[oparg] = cell.release();
  DISPATCH();
}

op_COPY_FREE_VARS: {
  TupleObject* closure = as_tuple(Value(frame->function->closure));
  int offset = code->nlocalsplus - int(oparg);
  for (uint32_t i = 0; i < oparg; ++i) {
    Value cell = closure->items[i];
    incref(cell);
    localsplus[offset + int(i)] = cell;
  }
  DISPATCH();
}

op_LOAD_CLOSURE: {
  Value cell = localsplus[oparg];
  incref(cell);
  PUSH(cell);
  DISPATCH();
}

op_LOAD_DEREF: {
  Value v = as_cell(localsplus[oparg])->contents;
  if (!v) {
    SAVE_STATE();
    unbound_deref_error(frame, int(oparg));
    goto error;
  }
  incref(v);
  PUSH(v);
  DISPATCH();
}

op_LOAD_CLASSDEREF: {
  SAVE_STATE();
  Ref<> v = load_class_deref(frame, int(oparg));
  ERROR_IF(!v);
  PUSH(v.release());
  DISPATCH();
}

op_STORE_DEREF: {
  CellObject* cell = as_cell(localsplus[oparg]);
  Value old = cell->contents;
  cell->contents = POP();
  decref(old);
  DISPATCH();
}

op_DELETE_DEREF: {
  CellObject* cell = as_cell(localsplus[oparg]);
  Value old = cell->contents;
  if (!old) {
    SAVE_STATE();
    unbound_deref_error(frame, int(oparg));
    goto error;
  }
  cell->contents = Value();
  decref(old);
  DISPATCH();
}

op_LOAD_NAME: {
  SAVE_STATE();
  StrObject* name = as_str(names[oparg]);
  Value cached = specialize_load_name(frame, name, const_cast<CodeUnit*>(this_instr));
  if (cached) {
    incref(cached);
    PUSH(cached);
  } else {
    ERROR_IF(error_occurred());
    Ref<> v = load_name(frame, name);
    ERROR_IF(!v);
    PUSH(v.release());
  }
  SKIP_CACHE(LOAD_NAME);
  DISPATCH();
}

op_LOAD_NAME_CACHED: {
  // The same code object may run with other locals (exec, a class body): guard that too.
  Value v = frame->locals.as_object() == frame->globals
                ? cached_global(reinterpret_cast<GlobalCache*>(const_cast<CodeUnit*>(next_instr)), frame,
                                as_str(names[oparg]))
                : Value();
  if (v) {
    incref(v);
    PUSH(v);
    SKIP_CACHE(LOAD_NAME);
    DISPATCH();
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::LOAD_NAME);
  goto op_LOAD_NAME;
}

op_STORE_NAME: {
  SAVE_STATE();
  Value v = POP();
  StrObject* name = as_str(names[oparg]);
  bool ok = store_name(frame, name, v);
  decref(v);
  ERROR_IF(!ok);
  specialize_store_name(frame, name, const_cast<CodeUnit*>(this_instr));
  SKIP_CACHE(STORE_NAME);
  DISPATCH();
}

op_STORE_NAME_CACHED: {
  // Module level, the name bound in the globals (which are the locals): the value replaces
  // the one in its entry, as dict_set would, without the hash lookup.
  auto* cache = reinterpret_cast<GlobalCache*>(const_cast<CodeUnit*>(next_instr));
  auto* globals = static_cast<DictObject*>(frame->globals);
  if (frame->locals.as_object() == globals &&
      (globals->keys->version == cache->globals_version ||
       (is_exact_dict(Value(globals)) && revalidate_cached_global(cache, globals, as_str(names[oparg]))))) {
    Value v = POP();
    if (!gc_is_tracked(globals) && gc_may_be_tracked(v)) gc_track(globals);
    Value& slot = globals->keys->entries()[cache->index].value;
    Value old = slot;
    slot = v;
    decref_store(old);
    SKIP_CACHE(STORE_NAME);
    DISPATCH();
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::STORE_NAME);
  goto op_STORE_NAME;
}

op_DELETE_NAME: {
  SAVE_STATE();
  ERROR_IF(!delete_name(frame, as_str(names[oparg])));
  DISPATCH();
}

op_LOAD_GLOBAL: {
  StrObject* name = as_str(names[oparg >> 1]);
  if (oparg & 1) PUSH(Value());
  SAVE_STATE();
  Value v = specialize_load_global(frame, name, const_cast<CodeUnit*>(this_instr));
  if (!v) {
    if (error_occurred()) goto error;
    Ref<> found = load_global(frame, name);
    ERROR_IF(!found);
    v = found.release();
  } else {
    incref(v);
  }
  PUSH(v);
  SKIP_CACHE(LOAD_GLOBAL);
  DISPATCH();
}

op_LOAD_GLOBAL_CACHED: {
  Value v = cached_global(reinterpret_cast<GlobalCache*>(const_cast<CodeUnit*>(next_instr)), frame,
                          as_str(names[oparg >> 1]));
  if (v) {
    if (oparg & 1) PUSH(Value());
    incref(v);
    PUSH(v);
    SKIP_CACHE(LOAD_GLOBAL);
    DISPATCH();
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::LOAD_GLOBAL);
  goto op_LOAD_GLOBAL;
}

op_STORE_GLOBAL: {
  SAVE_STATE();
  Value v = POP();
  bool ok = dict_set(static_cast<DictObject*>(frame->globals), names[oparg], v);
  decref(v);
  ERROR_IF(!ok);
  DISPATCH();
}

op_DELETE_GLOBAL: {
  SAVE_STATE();
  ERROR_IF(!delete_global(frame, as_str(names[oparg])));
  DISPATCH();
}

op_LOAD_ATTR:
  if (refill_attr_site(AttrFamily::Load, type_of(TOP()), as_str(names[oparg]), const_cast<CodeUnit*>(this_instr))) {
    goto* opcode_handlers[*this_instr & 0xFF];
  }
load_attr_generic: {
  SAVE_STATE();
  Value owner = TOP();
  StrObject* name = as_str(names[oparg]);
  Ref<> v = specialize_load_attr(owner, name, const_cast<CodeUnit*>(this_instr));
  if (!v) {
    if (error_occurred()) goto error;
    v = get_attr(owner, name);
    ERROR_IF(!v);
  }
  decref(owner);
  TOP() = v.release();
  SKIP_CACHE(LOAD_ATTR);
  DISPATCH();
}

op_LOAD_ATTR_INSTANCE: {
  Value owner = TOP();
  if (owner.is_object()) {
    Value v = cached_instance_attribute(owner.as_object(), reinterpret_cast<const AttrCache*>(next_instr), names[oparg]);
    if (v) {
      incref(v);
      TOP() = v;
      decref(owner.as_object());
      SKIP_CACHE(LOAD_ATTR);
      DISPATCH();
    }
  }
  goto load_attr_miss;
}

op_LOAD_ATTR_TYPE_ATTR: {
  // A class attribute that is not a descriptor, found on the type (no instance shadowing
  // possible: checked when caching that instances of this type version have no such key).
  const AttrCache* cache = reinterpret_cast<const AttrCache*>(next_instr);
  Value owner = TOP();
  if (owner.is_object() && owner.as_object()->type->version_tag == cache->type_version) {
    if (!instance_dict_shadows(owner.as_object(), owner.as_object()->type, as_str(names[oparg]),
                               const_cast<AttrCache*>(cache))) {
      Value v = cache->value();
      incref(v);
      TOP() = v;
      decref(owner);
      SKIP_CACHE(LOAD_ATTR);
      DISPATCH();
    }
  }
  goto load_attr_miss;
}

op_LOAD_ATTR_SLOT: {
  Value owner = TOP();
  if (owner.is_object()) {
    Value v = cached_slot_attribute(owner.as_object(), reinterpret_cast<const AttrCache*>(next_instr));
    if (v) {
      incref(v);
      TOP() = v;
      decref(owner.as_object());
      SKIP_CACHE(LOAD_ATTR);
      DISPATCH();
    }
  }
  goto load_attr_miss;
}

load_attr_miss:
  if (refill_attr_site(AttrFamily::Load, type_of(TOP()), as_str(names[oparg]), const_cast<CodeUnit*>(this_instr))) {
    goto* opcode_handlers[*this_instr & 0xFF];
  }
  despecialize_attr_site(const_cast<CodeUnit*>(this_instr), Opcode::LOAD_ATTR);
  goto load_attr_generic;

op_LOAD_ATTR_MODULE: {
  const AttrCache* cache = reinterpret_cast<const AttrCache*>(next_instr);
  Value owner = TOP();
  if (owner.is_object() && owner.as_object()->type == &module_type) {
    auto* dict = static_cast<DictObject*>(as_module(owner)->dict);
    if (dict->keys->version == cache->type_version) {
      Value v = dict->keys->entries()[cache->index].value;
      if (v) {
        incref(v);
        TOP() = v;
        decref(owner);
        SKIP_CACHE(LOAD_ATTR);
        DISPATCH();
      }
    }
  }
  despecialize_attr_site(const_cast<CodeUnit*>(this_instr), Opcode::LOAD_ATTR);
  goto load_attr_generic;
}

op_LOAD_METHOD:
  // [.., obj] -> [.., method, obj] for plain methods found on the type; else
  // [.., NULL, bound attribute].
  if (refill_attr_site(AttrFamily::Method, type_of(TOP()), as_str(names[oparg]), const_cast<CodeUnit*>(this_instr))) {
    goto* opcode_handlers[*this_instr & 0xFF];
  }
load_method_generic: {
  SAVE_STATE();
  Value owner = TOP();
  StrObject* name = as_str(names[oparg]);
  Value method = specialize_load_method(owner, name, const_cast<CodeUnit*>(this_instr));
  if (method) {
    incref(method);
    TOP() = method;
    PUSH(owner);
    SKIP_CACHE(LOAD_METHOD);
    DISPATCH();
  }
  if (error_occurred()) goto error;
  Ref<> attribute = get_attr(owner, name);
  ERROR_IF(!attribute);
  TOP() = Value();
  PUSH(attribute.release());
  decref(owner);
  SKIP_CACHE(LOAD_METHOD);
  DISPATCH();
}

op_LOAD_METHOD_CACHED: {
  const AttrCache* cache = reinterpret_cast<const AttrCache*>(next_instr);
  Value owner = TOP();
  TypeObject* type = type_of(owner);
  if (type->version_tag == cache->type_version) {
    // The type has no __getattribute__ override; the instance dict must not shadow the method.
    if (!instance_dict_shadows(owner.as_object(), type, as_str(names[oparg]),
                               const_cast<AttrCache*>(cache))) {
      Value method = cache->value();
      incref(method);
      TOP() = method;
      PUSH(owner);
      SKIP_CACHE(LOAD_METHOD);
      DISPATCH();
    }
  }
  if (refill_attr_site(AttrFamily::Method, type_of(owner), as_str(names[oparg]), const_cast<CodeUnit*>(this_instr))) {
    goto* opcode_handlers[*this_instr & 0xFF];
  }
  despecialize_attr_site(const_cast<CodeUnit*>(this_instr), Opcode::LOAD_METHOD);
  goto load_method_generic;
}

op_LOAD_METHOD_MODULE: {
  const AttrCache* cache = reinterpret_cast<const AttrCache*>(next_instr);
  Value owner = TOP();
  if (owner.is_object() && owner.as_object()->type == &module_type) {
    auto* dict = static_cast<DictObject*>(as_module(owner)->dict);
    if (dict->keys->version == cache->type_version) {
      Value v = dict->keys->entries()[cache->index].value;
      if (v) {
        incref(v);
        TOP() = Value();
        PUSH(v);
        decref(owner);
        SKIP_CACHE(LOAD_METHOD);
        DISPATCH();
      }
    }
  }
  despecialize_attr_site(const_cast<CodeUnit*>(this_instr), Opcode::LOAD_METHOD);
  goto load_method_generic;
}

op_STORE_ATTR:
  if (refill_attr_site(AttrFamily::Store, type_of(TOP()), as_str(names[oparg]), const_cast<CodeUnit*>(this_instr))) {
    goto* opcode_handlers[*this_instr & 0xFF];
  }
store_attr_generic: {
  SAVE_STATE();
  Value owner = TOP();
  Value v = SECOND();
  StrObject* name = as_str(names[oparg]);
  int stored = specialize_store_attr(owner, name, v, const_cast<CodeUnit*>(this_instr));
  if (stored == 0) stored = set_attr(owner, name, v) ? 1 : -1;
  sp -= 2;
  decref(owner);
  decref(v);
  ERROR_IF(stored < 0);
  SKIP_CACHE(STORE_ATTR);
  DISPATCH();
}

op_STORE_ATTR_SLOT: {
  const AttrCache* cache = reinterpret_cast<const AttrCache*>(next_instr);
  Value owner = TOP();
  if (owner.is_object() && owner.as_object()->type->version_tag == cache->type_version) {
    Value& slot = *reinterpret_cast<Value*>(reinterpret_cast<char*>(owner.as_object()) + cache->index);
    Value old = slot;
    slot = SECOND();
    sp -= 2;
    decref(old);
    decref(owner);
    SKIP_CACHE(STORE_ATTR);
    DISPATCH();
  }
  goto store_attr_miss;
}

op_STORE_ATTR_INSTANCE: {
  const AttrCache* cache = reinterpret_cast<const AttrCache*>(next_instr);
  Value owner = TOP();
  if (owner.is_object()) {
    TypeObject* type = owner.as_object()->type;
    if (type->version_tag == cache->type_version) {
      auto** dict_slot = reinterpret_cast<Object**>(reinterpret_cast<char*>(owner.as_object()) + type->dict_offset);
      if (!*dict_slot && (cache->index & kSplitIndex) && type->cached_keys) {
        // The first attribute stored on a fresh instance (in __init__): its dict on the
        // class's shared keys is made here, as the generic store would.
        SAVE_STATE();
        Ref<DictObject> fresh = new_instance_dict(owner);
        ERROR_IF(!fresh);
        *dict_slot = fresh.release_object();
      }
      Object* dict = *dict_slot;
      if (dict) {
        auto* d = static_cast<DictObject*>(dict);
        DictKeys* keys = d->keys;
        uint32_t index = cache->index;
        Value* slot = nullptr;
        if (keys == type->cached_keys && (index & kSplitIndex)) {
          // A split dict on the class's shared keys: a new attribute goes last in its order.
          index &= ~kSplitIndex;
          slot = &split_values(d)[index];
          if (!*slot) split_order(d)[d->used++] = uint8_t(index);
        } else if (index < keys->nentries && !keys->shared) {  // (never for a split index)
          DictEntry& entry = keys->entries()[index];
          if (entry.key.as_object() == names[oparg].as_object() && entry.value) slot = &entry.value;
        }
        if (slot) {
          Value old = *slot;
          *slot = SECOND();
          // The collector must see a dict once it holds a container (dict.cpp's rule).
          if (gc_dict_may_start_tracking(dict) && gc_may_be_tracked(*slot)) gc_track(dict);
          sp -= 2;
          decref_store(old);  // inline (GCC had left decref(Value) out of line here)
          decref(owner);
          SKIP_CACHE(STORE_ATTR);
          DISPATCH();
        }
      }
    }
  }
  goto store_attr_miss;
}

store_attr_miss:
  if (refill_attr_site(AttrFamily::Store, type_of(TOP()), as_str(names[oparg]), const_cast<CodeUnit*>(this_instr))) {
    goto* opcode_handlers[*this_instr & 0xFF];
  }
  despecialize_attr_site(const_cast<CodeUnit*>(this_instr), Opcode::STORE_ATTR);
  goto store_attr_generic;

op_DELETE_ATTR: {
  SAVE_STATE();
  Value owner = POP();
  bool ok = delete_attr(owner, as_str(names[oparg]));
  decref(owner);
  ERROR_IF(!ok);
  DISPATCH();
}

op_BINARY_OP: {
  Value right = TOP();
  Value left = SECOND();
  auto op = BinaryOperator(oparg);
  Value result;
  if (left.is_small_int() && right.is_small_int() && small_int_binary(op, left, right, &result)) {
    specialize_binary_op(left, right, const_cast<CodeUnit*>(this_instr));
    --sp;
    TOP() = result;
    SKIP_CACHE(BINARY_OP);
    DISPATCH();
  }
  SAVE_STATE();
  specialize_binary_op(left, right, const_cast<CodeUnit*>(this_instr));
  if (FunctionObject* method = binary_op_python_method(left, right, op)) {
    int64_t ndefaults = positional_call_defaults(method, 2);
    if (ndefaults >= 0) {
      // a.__op__(b) in a frame of its own in this loop, not a nested one; a and b stay on
      // this stack for what follows a NotImplemented (RETURN_VALUE).
      Value operands[2] = {left, right};
      incref(left);
      incref(right);
      incref(method);
      Frame* callee = frame_push_positional(thread, method, operands, 2, ndefaults);
      if (!callee) {
        decref(left);
        decref(right);
        decref(method);
        goto error;
      }
      frame->next_instr = next_instr + kCacheUnits[int(Opcode::BINARY_OP)];
      callee->previous = frame;
      callee->on_return = FrameReturn::BinaryOp;
      thread->frame = callee;
      frame = callee;
      goto start_frame;
    }
  }
  Ref<> r = binary_op(left, right, op);
  BINARY_OP_RESULT(r);
}

op_BINARY_OP_INT: {
  Value right = TOP();
  Value left = SECOND();
  Value result;
  if (left.is_small_int() && right.is_small_int() &&
      small_int_binary(BinaryOperator(oparg), left, right, &result)) {
    --sp;
    TOP() = result;
    SKIP_CACHE(BINARY_OP);
    DISPATCH();
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::BINARY_OP);
  goto op_BINARY_OP;
}

op_BINARY_OP_ADD_INT: {
  // On tagged values: (2x+1) + 2y = 2(x+y)+1, which overflows int64 exactly when x+y
  // leaves the small-int range.
  Value right = TOP();
  Value left = SECOND();
  int64_t sum;
  if ((left.bits() & right.bits() & 1) &&
      !__builtin_add_overflow(int64_t(left.bits()), int64_t(right.bits() - 1), &sum)) {
    --sp;
    TOP() = Value::from_bits(uintptr_t(sum));
    SKIP_CACHE(BINARY_OP);
    DISPATCH();
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::BINARY_OP);
  goto op_BINARY_OP;
}

op_BINARY_OP_SUBTRACT_INT: {
  // (2x+1) - 2y = 2(x-y)+1, as for the sum.
  Value right = TOP();
  Value left = SECOND();
  int64_t difference;
  if ((left.bits() & right.bits() & 1) &&
      !__builtin_sub_overflow(int64_t(left.bits()), int64_t(right.bits() - 1), &difference)) {
    --sp;
    TOP() = Value::from_bits(uintptr_t(difference));
    SKIP_CACHE(BINARY_OP);
    DISPATCH();
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::BINARY_OP);
  goto op_BINARY_OP;
}

op_BINARY_OP_ADD_FLOAT: {
  Value right = TOP();
  Value left = SECOND();
  if (is_exact_float(left) && is_exact_float(right)) {
    double r = float_value(left) + float_value(right);
    FLOAT_BINARY_RESULT(r);
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::BINARY_OP);
  goto op_BINARY_OP;
}

op_BINARY_OP_SUBTRACT_FLOAT: {
  Value right = TOP();
  Value left = SECOND();
  if (is_exact_float(left) && is_exact_float(right)) {
    double r = float_value(left) - float_value(right);
    FLOAT_BINARY_RESULT(r);
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::BINARY_OP);
  goto op_BINARY_OP;
}

op_BINARY_OP_MULTIPLY_FLOAT: {
  Value right = TOP();
  Value left = SECOND();
  if (is_exact_float(left) && is_exact_float(right)) {
    double r = float_value(left) * float_value(right);
    FLOAT_BINARY_RESULT(r);
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::BINARY_OP);
  goto op_BINARY_OP;
}

op_BINARY_OP_ADD_STR: {
  Value right = TOP();
  Value left = SECOND();
  if (is_exact_str(left) && is_exact_str(right)) {
    SAVE_STATE();
    Ref<StrObject> joined = str_concat(as_str(left), as_str(right));
    BINARY_OP_RESULT(joined);
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::BINARY_OP);
  goto op_BINARY_OP;
}

op_BINARY_OP_OR_SET: {
  Value right = TOP();
  Value left = SECOND();
  if (is_exact_anyset(left) && is_exact_anyset(right)) {
    SAVE_STATE();
    Ref<SetObject> result = set_union(as_set(left), as_set(right));
    BINARY_OP_RESULT(result);
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::BINARY_OP);
  goto op_BINARY_OP;
}

op_BINARY_OP_FLOAT: {
  Value right = TOP();
  Value left = SECOND();
  double r;
  if (is_exact_float(left) && is_exact_float(right) &&
      float_arithmetic(BinaryOperator(oparg), float_value(left), float_value(right), &r)) {
    FLOAT_BINARY_RESULT(r);
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::BINARY_OP);
  goto op_BINARY_OP;
}

op_BINARY_OP_FLOAT_INT: {
  Value right = TOP();
  Value left = SECOND();
  double x, y, r;
  FloatObject* operand = float_small_int_pair(left, right, &x, &y);
  if (operand && float_arithmetic(BinaryOperator(oparg), x, y, &r)) {
    if (operand->refcount == 1) {  // a temporary: it becomes the result
      operand->value = r;
    } else {
      Ref<FloatObject> result = float_from_double(r);
      if (!result) {
        SAVE_STATE();
        goto error;
      }
      --operand->refcount;  // not the last reference
      operand = result.release_object();
    }
    --sp;
    TOP() = operand;
    SKIP_CACHE(BINARY_OP);
    DISPATCH();
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::BINARY_OP);
  goto op_BINARY_OP;
}

op_UNARY_POSITIVE: {
  SAVE_STATE();
  Value v = TOP();
  Ref<> r = unary_positive(v);
  ERROR_IF(!r);
  decref(v);
  TOP() = r.release();
  DISPATCH();
}

op_UNARY_NEGATIVE: {
  Value v = TOP();
  if (v.is_small_int() && v.as_small_int() != Value::kSmallIntMin) {
    TOP() = Value::small_int(-v.as_small_int());
    DISPATCH();
  }
  if (is_exact_float(v)) {  // a temporary is negated in place
    auto* f = static_cast<FloatObject*>(v.as_object());
    if (f->refcount == 1) {
      f->value = -f->value;
      DISPATCH();
    }
    Ref<FloatObject> negated = float_from_double(-f->value);
    if (negated) {
      --f->refcount;  // not the last reference
      TOP() = negated.release();
      DISPATCH();
    }
  }
  SAVE_STATE();
  Ref<> r = unary_negative(v);
  ERROR_IF(!r);
  decref(v);
  TOP() = r.release();
  DISPATCH();
}

op_UNARY_NOT: {
  Value v = TOP();
  // `not flag` on a bool: the bools are static (nothing to count), no truth_of.
  if (v == True() || v == False()) {
    TOP() = v == True() ? False() : True();
    DISPATCH();
  }
  SAVE_STATE();
  int truth = truth_of(v);
  ERROR_IF(truth < 0);
  decref(v);
  TOP() = truth ? False() : True();
  DISPATCH();
}

op_UNARY_INVERT: {
  Value v = TOP();
  if (v.is_small_int()) {
    TOP() = Value::small_int(~v.as_small_int());
    DISPATCH();
  }
  SAVE_STATE();
  Ref<> r = unary_invert(v);
  ERROR_IF(!r);
  decref(v);
  TOP() = r.release();
  DISPATCH();
}

op_COMPARE_OP: {
  Value right = TOP();
  Value left = SECOND();
  auto op = CompareOp(oparg);
  if (left.is_small_int() && right.is_small_int()) {
    specialize_compare_op(left, right, const_cast<CodeUnit*>(this_instr));
    --sp;
    TOP() = bool_value(compare_ordered(op, left.as_small_int(), right.as_small_int()));
    SKIP_CACHE(COMPARE_OP);
    DISPATCH();
  }
  SAVE_STATE();
  specialize_compare_op(left, right, const_cast<CodeUnit*>(this_instr));
  Ref<> r = rich_compare(left, right, op);
  ERROR_IF(!r);
  --sp;
  decref(left);
  decref(right);
  TOP() = r.release();
  SKIP_CACHE(COMPARE_OP);
  DISPATCH();
}

op_COMPARE_OP_INT: {
  Value right = TOP();
  Value left = SECOND();
  if (left.is_small_int() && right.is_small_int()) {
    --sp;
    TOP() = bool_value(compare_ordered(CompareOp(oparg), left.as_small_int(), right.as_small_int()));
    SKIP_CACHE(COMPARE_OP);
    DISPATCH();
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::COMPARE_OP);
  goto op_COMPARE_OP;
}

op_COMPARE_OP_INT_JUMP: {
  Value right = TOP();
  Value left = SECOND();
  if (left.bits() & right.bits() & 1) {
    sp -= 2;
    COMPARE_AND_JUMP(compare_outcome(CompareOp(oparg), left.as_small_int(), right.as_small_int()));
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::COMPARE_OP);
  goto op_COMPARE_OP;
}

op_COMPARE_OP_FLOAT_JUMP: {
  Value right = TOP();
  Value left = SECOND();
  if (is_exact_float(left) && is_exact_float(right)) {
    bool result = compare_outcome(CompareOp(oparg), float_value(left), float_value(right));
    sp -= 2;
    float_decref_exact(static_cast<FloatObject*>(left.as_object()));
    float_decref_exact(static_cast<FloatObject*>(right.as_object()));
    COMPARE_AND_JUMP(result);
  }
  double x, y;
  if (FloatObject* operand = float_exact_int_pair(left, right, &x, &y)) {
    sp -= 2;
    float_decref_exact(operand);
    COMPARE_AND_JUMP(compare_outcome(CompareOp(oparg), x, y));
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::COMPARE_OP);
  goto op_COMPARE_OP;
}

op_COMPARE_OP_FLOAT: {
  Value right = TOP();
  Value left = SECOND();
  if (is_exact_float(left) && is_exact_float(right)) {
    bool r = compare_ordered(CompareOp(oparg), float_value(left), float_value(right));
    --sp;
    float_decref_exact(static_cast<FloatObject*>(left.as_object()));
    float_decref_exact(static_cast<FloatObject*>(right.as_object()));
    TOP() = bool_value(r);
    SKIP_CACHE(COMPARE_OP);
    DISPATCH();
  }
  double x, y;
  if (FloatObject* operand = float_exact_int_pair(left, right, &x, &y)) {
    --sp;
    float_decref_exact(operand);
    TOP() = bool_value(compare_ordered(CompareOp(oparg), x, y));
    SKIP_CACHE(COMPARE_OP);
    DISPATCH();
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::COMPARE_OP);
  goto op_COMPARE_OP;
}

op_COMPARE_OP_STR: {
  Value right = TOP();
  Value left = SECOND();
  auto op = CompareOp(oparg);
  if (is_exact_str(left) && is_exact_str(right) && (op == CompareOp::Eq || op == CompareOp::Ne)) {
    bool equal = str_equal(as_str(left), as_str(right));
    --sp;
    decref(left);
    decref(right);
    TOP() = bool_value(op == CompareOp::Eq ? equal : !equal);
    SKIP_CACHE(COMPARE_OP);
    DISPATCH();
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::COMPARE_OP);
  goto op_COMPARE_OP;
}

op_IS_OP: {
  Value right = POP();
  Value left = TOP();
  bool same = left == right;
  decref(left);
  decref(right);
  TOP() = bool_value(same != bool(oparg));
  DISPATCH();
}

op_CONTAINS_OP: {
  Value container = TOP();
  Value item = SECOND();
  if (item.is_small_int() && is_exact_anyset(container) && !as_set(container)->holds_objects) {
    // An int in a set of ints: the probe compares identities only.
    int found = set_contains_small_int(as_set(container), item);
    if (found >= 0) {
      --sp;
      decref(container);
      TOP() = bool_value(bool(found) != bool(oparg));
      DISPATCH();
    }
  }
  SAVE_STATE();
  int found = contains(container, item);
  ERROR_IF(found < 0);
  --sp;
  decref(container);
  decref(item);
  TOP() = bool_value(bool(found) != bool(oparg));
  DISPATCH();
}

op_BINARY_SUBSCR: {
  SAVE_STATE();
  Value key = TOP();
  Value container = SECOND();
  specialize_binary_subscr(container, key, const_cast<CodeUnit*>(this_instr));
  Ref<> r = get_item(container, key);
  ERROR_IF(!r);
  --sp;
  decref(container);
  decref(key);
  TOP() = r.release();
  SKIP_CACHE(BINARY_SUBSCR);
  DISPATCH();
}

op_BINARY_SUBSCR_LIST_INT: {
  Value key = TOP();
  Value container = SECOND();
  if (key.is_small_int() && is_exact_list(container)) {
    ListObject* list = as_list(container);
    int64_t i = key.as_small_int();
    if (i < 0) i += list->length;
    if (i >= 0 && i < list->length) {
      Value v = list->items[i];
      incref(v);
      --sp;
      TOP() = v;
      decref(container);
      SKIP_CACHE(BINARY_SUBSCR);
      DISPATCH();
    }
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::BINARY_SUBSCR);
  goto op_BINARY_SUBSCR;
}

op_BINARY_SUBSCR_TUPLE_INT: {
  Value key = TOP();
  Value container = SECOND();
  if (key.is_small_int() && is_exact_tuple(container)) {
    TupleObject* tuple = as_tuple(container);
    int64_t i = key.as_small_int();
    if (i < 0) i += tuple->length;
    if (i >= 0 && i < tuple->length) {
      Value v = tuple->items[i];
      incref(v);
      --sp;
      TOP() = v;
      decref(container);
      SKIP_CACHE(BINARY_SUBSCR);
      DISPATCH();
    }
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::BINARY_SUBSCR);
  goto op_BINARY_SUBSCR;
}

op_BINARY_SUBSCR_DICT: {
  Value key = TOP();
  Value container = SECOND();
  if (is_exact_dict(container)) {
    SAVE_STATE();
    Value v = dict_get(as_dict(container), key);
    if (v) {
      incref(v);
      --sp;
      TOP() = v;
      decref(container);
      decref(key);
      SKIP_CACHE(BINARY_SUBSCR);
      DISPATCH();
    }
    if (error_occurred()) goto error;
    raise_key_error(key);
    goto error;
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::BINARY_SUBSCR);
  goto op_BINARY_SUBSCR;
}

op_STORE_SUBSCR: {
  SAVE_STATE();
  Value key = TOP();
  Value container = SECOND();
  Value v = PEEK(3);
  specialize_store_subscr(container, key, const_cast<CodeUnit*>(this_instr));
  bool ok = set_item(container, key, v);
  ERROR_IF(!ok);
  sp -= 3;
  decref(key);
  decref(container);
  decref(v);
  SKIP_CACHE(STORE_SUBSCR);
  DISPATCH();
}

op_STORE_SUBSCR_LIST_INT: {
  Value key = TOP();
  Value container = SECOND();
  if (key.is_small_int() && is_exact_list(container)) {
    ListObject* list = as_list(container);
    int64_t i = key.as_small_int();
    if (i < 0) i += list->length;
    if (i >= 0 && i < list->length) {
      Value old = list->items[i];
      list->items[i] = PEEK(3);
      sp -= 3;
      decref(container);
      decref_store(old);
      SKIP_CACHE(STORE_SUBSCR);
      DISPATCH();
    }
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::STORE_SUBSCR);
  goto op_STORE_SUBSCR;
}

op_STORE_SUBSCR_DICT: {
  Value key = TOP();
  Value container = SECOND();
  if (is_exact_dict(container)) {
    SAVE_STATE();
    Value v = PEEK(3);
    bool ok = dict_set(as_dict(container), key, v);
    ERROR_IF(!ok);
    sp -= 3;
    decref(key);
    decref(container);
    decref(v);
    SKIP_CACHE(STORE_SUBSCR);
    DISPATCH();
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::STORE_SUBSCR);
  goto op_STORE_SUBSCR;
}

op_DELETE_SUBSCR: {
  SAVE_STATE();
  Value key = TOP();
  Value container = SECOND();
  bool ok = delete_item(container, key);
  ERROR_IF(!ok);
  sp -= 2;
  decref(key);
  decref(container);
  DISPATCH();
}

op_BUILD_TUPLE: {
  SAVE_STATE();
  Ref<TupleObject> tuple = tuple_allocate(oparg);
  ERROR_IF(!tuple);
  sp -= oparg;
  for (uint32_t i = 0; i < oparg; ++i) tuple->items[i] = sp[i];
  PUSH(tuple.release());
  DISPATCH();
}

op_BUILD_LIST: {
  SAVE_STATE();
  Ref<ListObject> list = list_new(oparg);
  ERROR_IF(!list);
  sp -= oparg;
  for (uint32_t i = 0; i < oparg; ++i) list->items[i] = sp[i];
  PUSH(list.release());
  DISPATCH();
}

op_BUILD_SET: {
  if (oparg == 1 && unit_opcode(*next_instr) == Opcode::BINARY_OP_OR_SET && PEEK(1).is_small_int() &&
      is_exact_anyset(PEEK(2)) && !as_set(PEEK(2))->holds_objects && !thread->use_tracing) {
    // `s | {i}` with the | already specialised to sets: the union is made here, without
    // the one-item set, and the BINARY_OP is skipped. Nothing in it can raise but
    // MemoryError, or run Python code.
    SAVE_STATE();
    Ref<SetObject> result = set_union_small_int(as_set(PEEK(2)), PEEK(1));
    ERROR_IF(!result);
    --sp;  // the int: no reference to drop
    decref(TOP());
    TOP() = result.release();
    next_instr += 1 + kCacheUnits[int(Opcode::BINARY_OP)];
    DISPATCH();
  }
  SAVE_STATE();
  Ref<SetObject> set = set_new();
  ERROR_IF(!set);
  bool ok = true;
  for (uint32_t i = oparg; i > 0; --i) {
    if (ok && !set_add(set.get(), PEEK(i))) ok = false;
  }
  for (uint32_t i = 0; i < oparg; ++i) decref(POP());
  ERROR_IF(!ok);
  PUSH(set.release());
  DISPATCH();
}

op_BUILD_MAP: {
  SAVE_STATE();
  Ref<> map = build_map(sp - 2 * oparg, int(oparg));
  for (uint32_t i = 0; i < 2 * oparg; ++i) decref(POP());
  ERROR_IF(!map);
  PUSH(map.release());
  DISPATCH();
}

op_BUILD_CONST_KEY_MAP: {
  SAVE_STATE();
  Value keys = TOP();
  Ref<> map = build_const_key_map(sp - 1 - oparg, int(oparg), keys);
  for (uint32_t i = 0; i <= oparg; ++i) decref(POP());
  ERROR_IF(!map);
  PUSH(map.release());
  DISPATCH();
}

op_BUILD_STRING: {
  SAVE_STATE();
  Ref<> s = build_string(sp - oparg, int(oparg));
  for (uint32_t i = 0; i < oparg; ++i) decref(POP());
  ERROR_IF(!s);
  PUSH(s.release());
  DISPATCH();
}

op_BUILD_SLICE: {
  SAVE_STATE();
  Value step = oparg == 3 ? POP() : Value();
  Value stop = POP();
  Value start = TOP();
  Ref<SliceObject> slice = slice_new(start, stop, step);
  decref(step);
  decref(stop);
  decref(start);
  TOP() = Value();
  ERROR_IF(!slice);
  TOP() = slice.release();
  DISPATCH();
}

// The slice's subscript runs here when the container is an exact list, tuple or str and
// the bounds are small ints or None; the subscript instruction (and its cache) is then
// skipped, and an error is reported at it. Otherwise the slice is built as usual and the
// subscript runs next.
op_BUILD_SLICE__BINARY_SUBSCR: {
  Value* bounds = sp - oparg;
  Value container = bounds[-1];
  int64_t start, stop, step;
  if (container.is_object() &&
      slice_unpack_small(bounds[0], bounds[1], oparg == 3 ? bounds[2] : Value(), &start, &stop, &step)) {
    TypeObject* type = container.as_object()->type;
    if (type != &list_type && type != &tuple_type && type != &str_type) goto op_BUILD_SLICE;
    this_instr = next_instr;
    next_instr += 1 + kCacheUnits[int(Opcode::BINARY_SUBSCR)];
    SAVE_STATE();
    Ref<> result = type == &list_type    ? list_get_slice(as_list(container), start, stop, step)
                   : type == &tuple_type ? tuple_get_slice(as_tuple(container), start, stop, step)
                                         : str_get_slice(as_str(container), start, stop, step);
    ERROR_IF(!result);
    for (uint32_t k = 0; k < oparg; ++k) decref(POP());
    TOP() = result.release();
    decref(container);
    DISPATCH();
  }
  goto op_BUILD_SLICE;
}

op_BUILD_SLICE__STORE_SUBSCR: {
  // [.., value, list, start, stop(, step)]
  Value* bounds = sp - oparg;
  Value container = bounds[-1];
  int64_t start, stop, step;
  if (is_exact_list(container) &&
      slice_unpack_small(bounds[0], bounds[1], oparg == 3 ? bounds[2] : Value(), &start, &stop, &step)) {
    this_instr = next_instr;
    next_instr += 1 + kCacheUnits[int(Opcode::STORE_SUBSCR)];
    SAVE_STATE();
    bool ok = list_set_slice(as_list(container), start, stop, step, bounds[-2]);
    ERROR_IF(!ok);
    for (uint32_t k = 0; k < oparg; ++k) decref(POP());
    sp -= 2;
    decref(container);
    decref(sp[0]);
    DISPATCH();
  }
  goto op_BUILD_SLICE;
}

op_LIST_APPEND: {
  Value v = POP();
  ListObject* list = as_list(PEEK(oparg));
  SAVE_STATE();
  ERROR_IF(!list_append_steal(list, Ref<>::steal(v)));
  DISPATCH();
}

op_SET_ADD: {
  Value v = POP();
  SAVE_STATE();
  bool ok = set_add(as_set(PEEK(oparg)), v);
  decref(v);
  ERROR_IF(!ok);
  DISPATCH();
}

op_MAP_ADD: {
  Value v = POP();
  Value key = POP();
  SAVE_STATE();
  bool ok = dict_set(as_dict(PEEK(oparg)), key, v);
  decref(key);
  decref(v);
  ERROR_IF(!ok);
  DISPATCH();
}

op_LIST_EXTEND: {
  Value iterable = POP();
  SAVE_STATE();
  bool ok = list_extend_for_call(PEEK(oparg), iterable);
  decref(iterable);
  ERROR_IF(!ok);
  DISPATCH();
}

op_SET_UPDATE: {
  Value iterable = POP();
  SAVE_STATE();
  // set.update's algorithm (one resize up front for a set argument) decides the order.
  bool ok = set_update(as_set(PEEK(oparg)), iterable);
  decref(iterable);
  ERROR_IF(!ok);
  DISPATCH();
}

op_DICT_UPDATE: {
  Value other = POP();
  SAVE_STATE();
  bool ok = dict_update(as_dict(PEEK(oparg)), other);
  if (!ok && error_matches(&exc::AttributeError)) {
    clear_error();
    type_error("'{}' object is not a mapping", type_name(other));
  }
  decref(other);
  ERROR_IF(!ok);
  DISPATCH();
}

op_DICT_MERGE: {
  Value other = POP();
  SAVE_STATE();
  // f(*t, **d) of a Python function (or C(*t, **d) of a class with a Python __init__):
  // [.., callable, t, {}] takes d itself instead of a copy, as CALL_FUNCTION_EX only reads
  // it (push_function_frame_ex) and nothing runs in between (exact str keys: the binding
  // runs no Python code that could change d).
  if (oparg == 1 && is_exact_dict(other) && as_dict(other)->keys->all_str_keys && as_dict(TOP())->used == 0 &&
      is_exact_tuple(SECOND()) &&
      (*next_instr & 0xFF) == uint32_t(Opcode::CALL_FUNCTION_EX) && !thread->use_tracing) {
    Value callable = PEEK(3);
    if (callable.is_object() && callable.as_object()->type == &method_type) {
      callable = static_cast<MethodObject*>(callable.as_object())->function;
    }
    if (is_function(callable) || (type_of(callable) == &type_type && python_init_of(callable))) {
      decref(TOP());
      TOP() = other;
      DISPATCH();
    }
  }
  // The callable sits below the dict: [.., NULL|callable, callable|self, args_tuple, dict]
  bool ok = dict_merge_for_call(PEEK(oparg), other, PEEK(oparg + 2));
  decref(other);
  ERROR_IF(!ok);
  DISPATCH();
}

op_LIST_TO_TUPLE: {
  Value list = TOP();
  SAVE_STATE();
  Ref<> tuple = list_as_tuple(as_list(list));
  ERROR_IF(!tuple);
  decref(list);
  TOP() = tuple.release();
  DISPATCH();
}

op_FORMAT_VALUE: {
  // f"{s}" of an exact str is s itself.
  if (oparg == 0 && is_exact_str(TOP())) DISPATCH();
  SAVE_STATE();
  Value spec = (oparg & 4) ? POP() : Value();
  Value v = TOP();
  Ref<> r = format_value(v, int(oparg & 3), spec);
  decref(spec);
  ERROR_IF(!r);
  decref(v);
  TOP() = r.release();
  DISPATCH();
}

op_UNPACK_SEQUENCE: {
  Value seq = TOP();
  // An exact tuple or list of the right length: its items replace it on the stack, last
  // item deepest (one loop for both; `seq` still holds them while they are copied).
  const Value* items = nullptr;
  if (seq.is_object()) {
    Object* object = seq.as_object();
    if (object->type == &tuple_type) {
      if (as_tuple(seq)->length == int64_t(oparg)) items = as_tuple(seq)->items;
    } else if (object->type == &list_type) {
      if (as_list(seq)->length == int64_t(oparg)) items = as_list(seq)->items;
    }
  }
  if (items) {
    Value* out = sp - 1;
    for (int64_t i = int64_t(oparg) - 1; i >= 0; --i) {
      Value item = items[i];
      incref(item);
      *out++ = item;
    }
    sp = out;
    decref(seq.as_object());
    SKIP_CACHE(UNPACK_SEQUENCE);
    DISPATCH();
  }
  SAVE_STATE();
  --sp;
  bool ok = unpack_iterable(seq, int(oparg), sp + oparg);
  decref(seq);
  if (!ok) {
    goto error;
  }
  sp += oparg;
  SKIP_CACHE(UNPACK_SEQUENCE);
  DISPATCH();
}

op_UNPACK_EX: {
  int before = int(oparg & 0xFF), after = int(oparg >> 8);
  SAVE_STATE();
  Value seq = POP();
  bool ok = unpack_ex(seq, before, after, sp + before + after + 1);
  decref(seq);
  ERROR_IF(!ok);
  sp += before + after + 1;
  DISPATCH();
}

op_JUMP:
  JUMP_TO(oparg);
  DISPATCH();

op_POP_JUMP_IF_FALSE: {
  Value v = POP();
  int truth;
  if (v == True()) truth = 1;
  else if (v == False()) truth = 0;
  else {
    SAVE_STATE();
    truth = truth_of(v);
    decref(v);
    ERROR_IF(truth < 0);
  }
  if (!truth) JUMP_TO(oparg);
  DISPATCH();
}

op_POP_JUMP_IF_TRUE: {
  Value v = POP();
  int truth;
  if (v == True()) truth = 1;
  else if (v == False()) truth = 0;
  else {
    SAVE_STATE();
    truth = truth_of(v);
    decref(v);
    ERROR_IF(truth < 0);
  }
  if (truth) JUMP_TO(oparg);
  DISPATCH();
}

op_POP_JUMP_IF_NONE: {
  Value v = POP();
  bool none = is_none(v);
  decref(v);
  if (none) JUMP_TO(oparg);
  DISPATCH();
}

op_POP_JUMP_IF_NOT_NONE: {
  Value v = POP();
  bool none = is_none(v);
  decref(v);
  if (!none) JUMP_TO(oparg);
  DISPATCH();
}

op_JUMP_IF_FALSE_OR_POP: {
  Value v = TOP();
  if (v == True()) {  // static: popped without a count
    --sp;
    DISPATCH();
  }
  SAVE_STATE();
  int truth = truth_of(v);
  ERROR_IF(truth < 0);
  if (!truth) {
    JUMP_TO(oparg);
  } else {
    --sp;
    decref(v);
  }
  DISPATCH();
}

op_JUMP_IF_TRUE_OR_POP: {
  Value v = TOP();
  if (v == False()) {  // static: popped without a count
    --sp;
    DISPATCH();
  }
  SAVE_STATE();
  int truth = truth_of(v);
  ERROR_IF(truth < 0);
  if (truth) {
    JUMP_TO(oparg);
  } else {
    --sp;
    decref(v);
  }
  DISPATCH();
}

op_GET_ITER: {
  Value v = TOP();
  SAVE_STATE();
  Ref<> iterator = get_iter(v);
  ERROR_IF(!iterator);
  decref(v);
  TOP() = iterator.release();
  DISPATCH();
}

op_FOR_ITER: {
  Value iterator = TOP();
  specialize_for_iter(iterator, const_cast<CodeUnit*>(this_instr));
  SAVE_STATE();
  Ref<> next = type_of(iterator)->iternext(iterator);
  if (next) {
    PUSH(next.release());
    SKIP_CACHE(FOR_ITER);
    DISPATCH();
  }
  if (error_occurred()) {
    ERROR_IF(!error_matches(&exc::StopIteration));
    if (thread->use_tracing) trace_for_iter_stop(thread, frame);
    clear_error();
  }
  decref(POP());
  JUMP_TO(oparg);
  DISPATCH();
}

// FOR_ITER over the iterator of a list or a tuple, read in place; `field` is its sequence,
// null once exhausted.
#define FOR_ITER_SEQUENCE(iterator_type, Iterator, field)                 \
  {                                                                        \
    Value iterator = TOP();                                                \
    if (iterator.as_object()->type == &iterator_type) {                    \
      auto* it = static_cast<Iterator*>(iterator.as_object());             \
      if (it->field) {                                                     \
        if (it->index < it->field->length) {                               \
          Value v = it->field->items[it->index++];                         \
          incref(v);                                                       \
          PUSH(v);                                                         \
          SKIP_CACHE(FOR_ITER);                                            \
          DISPATCH();                                                      \
        }                                                                  \
        Object* sequence = it->field;                                      \
        it->field = nullptr;                                               \
        decref(sequence);                                                  \
      }                                                                    \
      decref(POP());                                                       \
      JUMP_TO(oparg);                                                      \
      DISPATCH();                                                          \
    }                                                                      \
    despecialize(const_cast<CodeUnit*>(this_instr), Opcode::FOR_ITER);     \
    goto op_FOR_ITER;                                                      \
  }

op_FOR_ITER_LIST:
  FOR_ITER_SEQUENCE(list_iterator_type, ListIteratorObject, list)

op_FOR_ITER_TUPLE:
  FOR_ITER_SEQUENCE(tuple_iterator_type, TupleIteratorObject, tuple)

#undef FOR_ITER_SEQUENCE

op_FOR_ITER_RANGE: {
  Value iterator = TOP();
  if (iterator.as_object()->type == &range_iterator_type) {
    auto* it = static_cast<RangeIteratorObject*>(iterator.as_object());
    if (it->remaining > 0) {
      PUSH(Value::small_int(range_iterator_take(it)));
      SKIP_CACHE(FOR_ITER);
      DISPATCH();
    }
    decref(POP());
    JUMP_TO(oparg);
    DISPATCH();
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::FOR_ITER);
  goto op_FOR_ITER;
}

op_FOR_ITER_GEN: {
  // A Python loop over a generator resumes its frame here, as a call pushes a callee's:
  // its yield comes back to the instruction after this one, its return to the loop's exit
  // (read from this instruction, so not with an EXTENDED_ARG), a raise to this one.
  Value iterator = TOP();
  if (iterator.as_object()->type == &generator_type && oparg == unit_oparg(*this_instr) && !thread->use_tracing) {
    GeneratorObject* gen = static_cast<GeneratorObject*>(iterator.as_object());
    if (gen->state == GeneratorState::Suspended || gen->state == GeneratorState::Created) {
      SAVE_STATE();
      frame->next_instr = next_instr + kCacheUnits[int(Opcode::FOR_ITER)];
      frame = enter_inline_generator(thread, gen, frame, new_none().release());
      goto start_frame;
    }
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::FOR_ITER);
  goto op_FOR_ITER;
}

op_RETURN_VALUE: {
  Value retval = POP();
  frame->stack_depth = int32_t(sp - frame->stack_base());
  if (frame->owner == FrameOwner::Generator) {
    GeneratorObject* gen = generator_of_frame(frame);
    gen->state = GeneratorState::Completed;
    if (!frame->is_entry) {
      bool consumed = frame->on_return == FrameReturn::Consume;
      Frame* caller = leave_inline_generator(thread, gen);
      frame = caller;
      LOAD_STATE();
      this_instr = frame->prev_instr;
      if (consumed) {
        // Run by CALL_BUILTIN: [accumulator, kind, generator] become the consumer's result.
        decref(retval);
        Ref<> result = consumer_finish(BuiltinCall(SECOND().as_small_int()), PEEK(3));
        PEEK(3) = Value();
        ERROR_IF(!result);
        decref(POP());
        sp -= 2;
        PUSH(result.release());
        DISPATCH();
      }
      decref(POP());
      if (unit_opcode(*this_instr) == Opcode::SEND) {
        // Resumed by SEND: the return value replaces the receiver, as SEND's exit does.
        PUSH(retval);
      } else {
        // Resumed by FOR_ITER_GEN: the loop is over; leave it as FOR_ITER does.
        decref(retval);
      }
      JUMP_TO(unit_oparg(*this_instr));
      DISPATCH();
    }
  }
  if (frame->is_entry) {
    thread->frame = frame->previous;
    frame_pop(thread, frame);
    return Ref<>::steal(retval);
  }
  Frame* caller = frame->previous;
  FrameReturn on_return = frame->on_return;
  thread->frame = caller;
  frame_pop(thread, frame);
  frame = caller;
  LOAD_STATE();
  if (on_return == FrameReturn::Push) [[likely]] {
    PUSH(retval);
    DISPATCH();
  }
  if (on_return == FrameReturn::BinaryOp) {
    // The caller's BINARY_OP, with its operands still on the stack.
    if (is_not_implemented(retval)) {
      decref(retval);
      this_instr = frame->prev_instr;
      retval = binary_op_left_declined(SECOND(), TOP(), BinaryOperator(unit_oparg(*this_instr))).release();
      ERROR_IF(!retval);
    }
    decref(POP());
    decref(TOP());
    TOP() = retval;
    DISPATCH();
  }
  // __init__: the instance is already on the caller's stack.
  if (!is_none(retval)) {
    this_instr = frame->prev_instr;
    type_error("__init__() should return None, not '{}'", type_name(retval));
    decref(retval);
    goto error;
  }
  decref(retval);
  DISPATCH();
}

op_KW_NAMES:
  pending_kwnames = consts[oparg];
  DISPATCH();

op_CALL: {
  // [.., NULL, callable, args...] or [.., method, self, args...]
  Value* args = sp - oparg;
  Value callable = args[-1];
  Value method = args[-2];
  uint32_t nargs = oparg;
  if (method) {
    callable = method;
    --args;
    ++nargs;
  } else if (callable.is_object() && callable.as_object()->type == &method_type) {
    // A bound method: [NULL, bound, args...] becomes [function, self, args...].
    auto* bound = static_cast<MethodObject*>(callable.as_object());
    method = bound->function;
    incref(method);
    args[-2] = method;
    args[-1] = bound->self;
    incref(bound->self);
    decref(callable);
    callable = method;
    --args;
    ++nargs;
  }
  auto* kwnames = static_cast<TupleObject*>(pending_kwnames.as_object());
  pending_kwnames = Value();
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;
  size_t npositional = nargs - nkw;
  SAVE_STATE();
  if (is_function(callable)) {
    // A Python function: push its frame and keep going in this loop.
    FunctionObject* function = as_function(callable);
    int64_t ndefaults = kwnames ? -1 : positional_call_defaults(function, nargs);
    if (ndefaults >= 0) {
      // Positional arguments and defaults: the frame takes over the stack's references.
      Frame* callee = frame_push_positional(thread, function, args, nargs, ndefaults);
      ERROR_IF(!callee);
      sp = args - (method ? 1 : 2);
      frame->next_instr = next_instr + kCacheUnits[int(Opcode::CALL)];
      frame->stack_depth = int32_t(sp - frame->stack_base());
      callee->previous = frame;
      thread->frame = callee;
      frame = callee;
      goto start_frame;
    }
    Frame* callee = push_function_frame(thread, function, args, npositional, kwnames);
    // The callee's frame holds its own references; drop the stack's.
    for (uint32_t i = 0; i < nargs; ++i) decref(args[i]);
    sp = args - (method ? 1 : 2);
    decref(callable);
    frame->next_instr = next_instr + kCacheUnits[int(Opcode::CALL)];
    frame->stack_depth = int32_t(sp - frame->stack_base());
    ERROR_IF(!callee);
    callee->previous = frame;
    callee->is_entry = false;
    thread->frame = callee;
    frame = callee;
    goto start_frame;
  }
  if (!method && type_of(callable) == &type_type) {
    if (callable.as_object() == &super_type && nargs == 0 && !thread->use_tracing) {
      // super().name(...): the method is looked up without making the super object;
      // [NULL, super] becomes LOAD_METHOD's [method, self] or [NULL, attribute].
      const CodeUnit* load = next_instr + kCacheUnits[int(Opcode::CALL)];
      if ((*load & 0xFF) == uint32_t(Opcode::LOAD_METHOD)) {
        Value found, self;
        int done = super_load_method_zero_args(frame, as_str(names[*load >> 8]), &found, &self);
        ERROR_IF(done < 0);
        if (done > 0) {
          args[-2] = found;
          args[-1] = self;
          decref(callable);
          next_instr = load + 1 + kCacheUnits[int(Opcode::LOAD_METHOD)];
          DISPATCH();
        }
      }
    }
    FunctionObject* init = python_init_cached(callable, reinterpret_cast<AttrCache*>(const_cast<CodeUnit*>(next_instr)));
    if (!init && !kwnames) specialize_call_native(callable, false, nargs, const_cast<CodeUnit*>(this_instr));
    if (init) {
      // [NULL, C, args...] becomes [instance, instance, args...]: the first stays on this
      // frame's stack as the call's result, the rest are __init__'s arguments.
      auto* type = static_cast<TypeObject*>(callable.as_object());
      Object* instance = gc_allocate_instance(type);
      ERROR_IF(!instance);
      args[-2] = Value(instance);
      incref(instance);
      args[-1] = Value(instance);
      decref(callable);
      Frame* callee;
      int64_t ndefaults = kwnames ? -1 : positional_call_defaults(init, nargs + 1);
      if (ndefaults >= 0) {
        incref(init);
        callee = frame_push_positional(thread, init, args - 1, nargs + 1, ndefaults);
        if (!callee) {
          decref(init);
          goto error;  // the stack's values are dropped by the unwinding
        }
      } else {
        callee = push_function_frame(thread, init, args - 1, npositional + 1, kwnames);
        for (int64_t i = -1; i < int64_t(nargs); ++i) decref(args[i]);
      }
      sp = args - 1;
      frame->next_instr = next_instr + kCacheUnits[int(Opcode::CALL)];
      frame->stack_depth = int32_t(sp - frame->stack_base());
      ERROR_IF(!callee);
      callee->previous = frame;
      callee->is_entry = false;
      callee->on_return = FrameReturn::Init;
      thread->frame = callee;
      frame = callee;
      goto start_frame;
    }
  }
  Value native_self;
  size_t self_in_args;
  const MethodDef* native = direct_native_target(callable, args, npositional, &native_self, &self_in_args);
  if (native && !kwnames) specialize_call_native(callable, bool(method), nargs, const_cast<CodeUnit*>(this_instr));
  else if (callable.as_object() == &type_type && nargs == 1 && !kwnames) {
    specialize_call_type_1(const_cast<CodeUnit*>(this_instr));
  }
  Ref<> result = native ? call_method_def(native, nullptr, native_self, args + self_in_args,
                                          npositional - self_in_args, kwnames)
                        : call(callable, args, npositional, kwnames);
  FINISH_NATIVE_CALL(result, nargs, callable, args - (method ? 1 : 2));
}

op_CALL_NATIVE_METHOD: {
  // [.., descriptor, self, args...]: a built-in method on an instance of exactly its owner
  // type (`s.upper()`), called without call()'s dispatch or direct_native_target's checks.
  Value* args = sp - oparg - 1;
  Value method = args[-1];
  if (method.is_object() && method.as_object()->type == &method_descriptor_type && !pending_kwnames) {
    auto* descriptor = static_cast<MethodDescriptorObject*>(method.as_object());
    const MethodDef* def = descriptor->def;
    if (type_of(args[0]) == descriptor->owner && (def->raw || def->parsed_signature) &&
        !(def->flags & kMethodClass)) {
      SAVE_STATE();
      Ref<> result = call_native_positional(def, args[0], args + 1, oparg);
      FINISH_NATIVE_CALL(result, oparg + 1, method, args - 1);
    }
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::CALL);
  goto op_CALL;
}

op_CALL_NATIVE_FUNCTION: {
  // [.., NULL, function, args...]: a built-in function (`len(x)`).
  Value* args = sp - oparg;
  Value callable = args[-1];
  if (!args[-2] && callable.is_object() && callable.as_object()->type == &builtin_function_type &&
      !pending_kwnames) {
    auto* function = static_cast<BuiltinFunctionObject*>(callable.as_object());
    const MethodDef* def = function->def;
    if (def->raw || def->parsed_signature) {
      SAVE_STATE();
      Ref<> result = call_native_positional(def, function->self, args, oparg);
      FINISH_NATIVE_CALL(result, oparg, callable, args - 2);
    }
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::CALL);
  goto op_CALL;
}

op_CALL_BUILTIN: {
  // [.., NULL, callable, args...]: range(), int(), or sum()/any()/all()/list()/tuple().
  Value* args = sp - oparg;
  Value callable = args[-1];
  BuiltinCall kind = args[-2] || pending_kwnames ? BuiltinCall::None : builtin_call_kind(callable);
  if (kind == BuiltinCall::None) {
    despecialize(const_cast<CodeUnit*>(this_instr), Opcode::CALL);
    goto op_CALL;
  }
  if (oparg == 1 && is_generator_consumer(kind) && args[0].is_object() &&
      args[0].as_object()->type == &generator_type && !thread->use_tracing) {
    // A generator's frame runs in this loop, as FOR_ITER_GEN runs it; its yields are
    // consumed in place (YIELD_VALUE), its return ends the call (RETURN_VALUE), its
    // exception comes out of this CALL.
    auto* gen = static_cast<GeneratorObject*>(args[0].as_object());
    if (gen->state == GeneratorState::Suspended || gen->state == GeneratorState::Created) {
      SAVE_STATE();
      Ref<> accumulator = consumer_start(kind);
      ERROR_IF(!accumulator);
      // [NULL, callable, generator] becomes [accumulator, kind, generator].
      args[-2] = accumulator.release();
      args[-1] = Value::small_int(int64_t(kind));
      decref(callable);
      frame->next_instr = next_instr + kCacheUnits[int(Opcode::CALL)];
      frame = enter_inline_generator(thread, gen, frame, new_none().release());
      frame->on_return = FrameReturn::Consume;
      goto start_frame;
    }
  }
  // Any other argument: the call itself (sum(list) as CALL_NATIVE_FUNCTION calls it).
  if (callable.as_object()->type == &builtin_function_type) goto op_CALL_NATIVE_FUNCTION;
  SAVE_STATE();
  auto* type = static_cast<TypeObject*>(callable.as_object());
  Ref<> result = kind == BuiltinCall::Range || kind == BuiltinCall::Int ? type->new_instance(type, args, oparg, nullptr)
                                                                         : call(callable, args, oparg, nullptr);
  FINISH_NATIVE_CALL(result, oparg, callable, args - 2);
}

op_CALL_BUILTIN_LEN: {
  // [.., NULL, len, obj]
  Value* args = sp - 1;
  Value callable = args[-1];
  if (!args[-2] && callable.is_object() && callable.as_object()->type == &builtin_function_type &&
      static_cast<BuiltinFunctionObject*>(callable.as_object())->def->impl == builtin_len && !pending_kwnames) {
    Value obj = args[0];
    LengthFn length_slot = type_of(obj)->length;
    if (length_slot) {
      SAVE_STATE();
      int64_t n = length_slot(obj);
      decref(obj);
      sp = args - 2;
      decref(callable);
      ERROR_IF(n < 0);
      PUSH(Value::fits_small_int(n) ? Value::small_int(n) : int_from_int64(n).release());
      SKIP_CACHE(CALL);
      DISPATCH();
    }
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::CALL);
  goto op_CALL;
}

op_CALL_BUILTIN_ISINSTANCE: {
  // [.., NULL, isinstance, obj, cls]
  Value* args = sp - 2;
  Value callable = args[-1];
  if (!args[-2] && callable.is_object() && callable.as_object()->type == &builtin_function_type &&
      static_cast<BuiltinFunctionObject*>(callable.as_object())->def->impl == builtin_isinstance &&
      !pending_kwnames) {
    // An exact type match is true whatever __instancecheck__ says (CPython's shortcut too).
    int r = 1;
    if (Value(type_of(args[0])) != args[1]) {
      SAVE_STATE();
      r = is_instance(args[0], args[1]);
    }
    decref(args[0]);
    decref(args[1]);
    sp = args - 2;
    decref(callable);
    ERROR_IF(r < 0);
    PUSH(bool_value(r));
    SKIP_CACHE(CALL);
    DISPATCH();
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::CALL);
  goto op_CALL;
}

op_CALL_TYPE_1: {
  // [.., NULL, type, obj]
  Value* args = sp - 1;
  if (!args[-2] && args[-1].bits() == Value(&type_type).bits() && !pending_kwnames) {
    Value obj = args[0];
    Value type = Value(type_of(obj));
    incref(type);
    sp = args - 2;
    PUSH(type);
    decref(obj);  // after the push: a finalizer may run
    SKIP_CACHE(CALL);
    DISPATCH();
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::CALL);
  goto op_CALL;
}

op_CALL_LIST_APPEND: {
  // [.., list.append, lst, item]
  Value* args = sp - 2;
  Value method = args[-1];
  if (method.is_object() && method.as_object()->type == &method_descriptor_type &&
      static_cast<MethodDescriptorObject*>(method.as_object())->def->impl == list_append_method &&
      type_of(args[0]) == &list_type && !pending_kwnames) {
    auto* list = static_cast<ListObject*>(args[0].as_object());
    Value item = args[1];
    if (list->length < list->capacity) {
      list->items[list->length++] = item;  // the stack's reference moves into the list
    } else {
      SAVE_STATE();
      if (!list_append_slow(list, item)) {
        sp = args + 1;  // item is consumed by the failed append
        goto error;
      }
    }
    sp = args - 1;
    decref(args[0]);  // the list is still referenced by its owner
    decref(method);
    PUSH(None());
    SKIP_CACHE(CALL);
    DISPATCH();
  }
  despecialize(const_cast<CodeUnit*>(this_instr), Opcode::CALL);
  goto op_CALL;
}

op_CALL_FUNCTION_EX: {
  // [.., NULL, callable, args_tuple(, kwargs)]
  Value kwargs = (oparg & 1) ? POP() : Value();
  Value args = POP();
  Value callable = POP();
  Value null = POP();
  SAVE_STATE();
  Ref<> positional;
  if (!is_exact_tuple(args)) {
    positional = tuple_from_iterable(args);
    if (!positional) {
      if (error_matches(&exc::TypeError) && !type_of(args)->iter && !type_of(args)->getitem) {
        clear_error();
        type_error("{} argument after * must be an iterable, not {}",
                   callable_description(callable), type_name(args));
      }
      decref(kwargs);
      decref(args);
      decref(callable);
      decref(null);
      goto error;
    }
  } else {
    positional = new_ref(args);
  }
  decref(args);
  // A Python function, or a method of one: its frame is bound straight from the tuple and
  // the dict, and runs in this loop.
  Value function = callable;
  Value self;
  if (callable.is_object() && callable.as_object()->type == &method_type) {
    auto* bound = static_cast<MethodObject*>(callable.as_object());
    function = bound->function;
    self = bound->self;
  }
  if (is_function(function)) {
    TupleObject* tuple = as_tuple(positional);
    Frame* callee = push_function_frame_ex(thread, as_function(function), self, tuple->items,
                                           size_t(tuple->length), kwargs ? as_dict(kwargs) : nullptr);
    positional.reset();
    decref(callable);
    decref(kwargs);
    decref(null);
    frame->next_instr = next_instr;
    frame->stack_depth = int32_t(sp - frame->stack_base());
    ERROR_IF(!callee);
    callee->previous = frame;
    callee->is_entry = false;
    thread->frame = callee;
    frame = callee;
    goto start_frame;
  }
  if (type_of(callable) == &type_type) {
    if (FunctionObject* init = python_init_of(callable)) {
      // C(*args, **kwargs) as CALL does C(...): the instance waits on this frame's stack
      // as the call's result while __init__ runs here.
      auto* type = static_cast<TypeObject*>(callable.as_object());
      Object* instance = gc_allocate_instance(type);
      Frame* callee = nullptr;
      if (instance) {
        TupleObject* tuple = as_tuple(positional);
        callee = push_function_frame_ex(thread, init, Value(instance), tuple->items, size_t(tuple->length),
                                        kwargs ? as_dict(kwargs) : nullptr);
        PUSH(Value(instance));
      }
      positional.reset();
      decref(callable);
      decref(kwargs);
      decref(null);
      frame->next_instr = next_instr;
      frame->stack_depth = int32_t(sp - frame->stack_base());
      ERROR_IF(!callee);  // the unwinding drops the instance
      callee->previous = frame;
      callee->is_entry = false;
      callee->on_return = FrameReturn::Init;
      thread->frame = callee;
      frame = callee;
      goto start_frame;
    }
  }
  Ref<> result = call_tuple_dict(callable, positional, kwargs);
  positional.reset();  // DISPATCH() is a computed goto: it runs no destructors
  decref(kwargs);
  decref(callable);
  decref(null);
  ERROR_IF(!result);
  PUSH(result.release());
  DISPATCH();
}

op_MAKE_FUNCTION: {
  SAVE_STATE();
  Value code_value = POP();
  Ref<FunctionObject> function =
      function_new(as_code(code_value), Value(frame->globals), as_code(code_value)->qualname);
  decref(code_value);
  ERROR_IF(!function);
  if (oparg & 8) function->closure = POP().as_object();
  if (oparg & 4) {
    // A tuple of alternating names and values becomes the __annotations__ dict.
    Value pairs = POP();
    Ref<DictObject> annotations = dict_new();
    bool ok = bool(annotations);
    TupleObject* tuple = as_tuple(pairs);
    for (int64_t i = 0; ok && i + 1 < tuple->length; i += 2) {
      ok = dict_set(annotations.get(), tuple->items[i], tuple->items[i + 1]);
    }
    decref(pairs);
    ERROR_IF(!ok);
    function->annotations = annotations.release_object();
  }
  if (oparg & 2) function->kwdefaults = POP().as_object();
  if (oparg & 1) function->defaults = POP().as_object();
  PUSH(function.release());
  DISPATCH();
}

op_LOAD_BUILD_CLASS: {
  SAVE_STATE();
  Ref<> build_class = load_build_class(frame);
  ERROR_IF(!build_class);
  PUSH(build_class.release());
  DISPATCH();
}

op_SETUP_ANNOTATIONS:
  SAVE_STATE();
  ERROR_IF(!setup_annotations(frame));
  DISPATCH();

op_RAISE_VARARGS: {
  Value cause = oparg == 2 ? POP() : Value();
  Value exception = oparg >= 1 ? POP() : Value();
  SAVE_STATE();
  bool reraised = do_raise(thread, exception, cause);
  decref(exception);
  decref(cause);
  if (reraised) goto exception_unwind;
  goto error;
}

op_RERAISE: {
  Value exception = POP();
  SAVE_STATE();
  if (oparg) {
    // f_lasti goes back to where the exception was first raised (for line numbers); the
    // handler search still starts from this instruction.
    frame->prev_instr = code->code + PEEK(oparg).as_small_int();
  }
  restore_error(Ref<>::steal(exception));
  goto exception_unwind;
}

op_PUSH_EXC_INFO: {
  Value exception = TOP();
  ExceptionStackItem* item = thread->exception_stack;
  Value previous = item->exception ? item->exception : None();
  if (!item->exception) incref(previous);
  item->exception = exception;
  incref(exception);
  TOP() = previous;
  PUSH(exception);
  DISPATCH();
}

op_POP_EXCEPT: {
  ExceptionStackItem* item = thread->exception_stack;
  Value old = item->exception;
  Value restored = POP();
  item->exception = is_none(restored) ? Value() : restored;
  if (is_none(restored)) decref(restored);
  decref(old);
  DISPATCH();
}

op_CHECK_EXC_MATCH: {
  Value type = TOP();
  Value exception = SECOND();
  SAVE_STATE();
  int matched = exception_matches(exception, type);
  ERROR_IF(matched < 0);
  decref(type);
  TOP() = bool_value(matched);
  DISPATCH();
}

op_CHECK_EG_MATCH: {
  Value type = POP();
  Value exception = TOP();
  SAVE_STATE();
  Ref<> match, rest;
  bool ok = exception_group_match(exception, type, &match, &rest);
  decref(type);
  ERROR_IF(!ok);
  decref(exception);
  TOP() = rest.release();
  PUSH(match.release());
  if (!is_none(TOP())) {
    // The matched part becomes the exception being handled.
    ExceptionStackItem* item = thread->exception_stack;
    Value old = item->exception;
    item->exception = TOP();
    incref(item->exception);
    decref(old);
  }
  DISPATCH();
}

op_PREP_RERAISE_STAR: {
  Value raised_list = POP();
  Value original = TOP();
  SAVE_STATE();
  Ref<> r = prep_reraise_star(original, raised_list);
  decref(raised_list);
  ERROR_IF(!r);
  decref(original);
  TOP() = r.release();
  DISPATCH();
}

op_WITH_EXCEPT_START: {
  // [.., exit, lasti, prev_exc, exc] -> [.., exit, lasti, prev_exc, exc, result]
  Value exception = TOP();
  Value exit = PEEK(4);
  SAVE_STATE();
  Value tb = exception_traceback(exception);
  Value args[3] = {Value(type_of(exception)), exception, tb ? tb : None()};
  Ref<> result = call(exit, args, 3);
  ERROR_IF(!result);
  PUSH(result.release());
  DISPATCH();
}

op_BEFORE_WITH:
op_BEFORE_ASYNC_WITH: {
  Value manager = TOP();
  SAVE_STATE();
  Ref<> exit, entered;
  bool ok = before_with(manager, &exit, &entered, (unit & 0xFF) == uint32_t(Opcode::BEFORE_ASYNC_WITH));
  ERROR_IF(!ok);
  decref(manager);
  TOP() = exit.release();
  PUSH(entered.release());
  DISPATCH();
}

op_LOAD_ASSERTION_ERROR:
  incref(&exc::AssertionError);
  PUSH(Value(&exc::AssertionError));
  DISPATCH();

op_RETURN_GENERATOR: {
  SAVE_STATE();
  frame->next_instr = next_instr;
  Ref<> generator = generator_from_frame(thread, frame);
  ERROR_IF(!generator);
  // The frame now lives in the generator; this thread-stack frame is gone.
  if (frame->is_entry) return generator;
  Frame* caller = thread->frame;
  frame = caller;
  LOAD_STATE();
  PUSH(generator.release());
  DISPATCH();
}

op_YIELD_VALUE: {
  Value v = POP();
  if (frame->on_return == FrameReturn::Consume && !frame->is_entry) {
    // Resumed by CALL_BUILTIN: the caller's [accumulator, kind, generator] take the item,
    // and the generator goes on as if sent None, without leaving its frame.
    Frame* caller = frame->previous;
    Value* consumer = caller->stack_base() + caller->stack_depth - 3;
    auto kind = BuiltinCall(consumer[1].as_small_int());
    int step = consume_fast(kind, consumer, v);
    if (step > 0 && !thread->use_tracing) [[likely]] {
      PUSH(new_none().release());
      DISPATCH();
    }
    // Anything else happens in the caller, the generator suspended as a yield leaves it:
    // the general step (which may run Python code: __add__, __bool__), then the generator
    // resumed again, or the call's end.
    SAVE_STATE();
    GeneratorObject* gen = generator_of_frame(frame);
    gen->state = GeneratorState::Suspended;
    frame = leave_inline_generator(thread, gen);
    LOAD_STATE();
    this_instr = frame->prev_instr;
    if (step < 0) {
      step = consume_item(kind, &PEEK(3), v);
      ERROR_IF(step < 0);
    }
    Ref<> result;
    if (step == 0) {
      result = new_ref(consumer_decided(kind));
    } else if (gen->state == GeneratorState::Suspended && !thread->use_tracing) {
      SAVE_STATE();
      frame = enter_inline_generator(thread, gen, frame, new_none().release());
      frame->on_return = FrameReturn::Consume;
      goto start_frame;
    } else {
      // Tracing started, or the step's code finished the generator: go on natively.
      SAVE_STATE();
      result = consumer_rest(kind, PEEK(3), TOP());
      PEEK(3) = Value();
      ERROR_IF(!result);
    }
    decref(POP());
    sp -= 1;
    decref(POP());
    PUSH(result.release());
    DISPATCH();
  }
  SAVE_STATE();
  GeneratorObject* gen = generator_of_frame(frame);
  gen->state = GeneratorState::Suspended;
  if (!frame->is_entry) {
    // Resumed by FOR_ITER_GEN or SEND: the value is the loop's next item, or SEND's.
    frame = leave_inline_generator(thread, gen);
    LOAD_STATE();
    PUSH(v);
    DISPATCH();
  }
  thread->frame = frame->previous;
  frame->previous = nullptr;
  return Ref<>::steal(v);
}

op_SEND: {
  // [.., receiver, value] -> [.., receiver, yielded] or, when the receiver returns,
  // [.., result] and jump.
  if (SECOND().is_object() && SECOND().as_object()->type == &generator_type && is_none(TOP()) &&
      oparg == unit_oparg(*this_instr) && !thread->use_tracing) {
    // `yield from` a generator, sending None: its frame runs in this loop, as FOR_ITER_GEN
    // runs it (its yield comes back after this instruction, its return to SEND's target,
    // its exception out of this SEND). Tracing takes the general path, whose end of a
    // delegation reports what was sent.
    auto* gen = static_cast<GeneratorObject*>(SECOND().as_object());
    if (gen->state == GeneratorState::Suspended || gen->state == GeneratorState::Created) {
      Value sent = POP();
      SAVE_STATE();
      frame->next_instr = next_instr + kCacheUnits[int(Opcode::SEND)];
      frame = enter_inline_generator(thread, gen, frame, sent);
      goto start_frame;
    }
  }
  Value v = POP();
  Value receiver = TOP();
  SAVE_STATE();
  bool returned = false;
  Ref<> result;
  if (is_none(v) && !is_generator_like(receiver) && type_of(receiver)->iternext) {
    result = type_of(receiver)->iternext(receiver);
    if (!result) {
      if (error_occurred()) {
        if (!error_matches(&exc::StopIteration)) {
          decref(v);
          goto error;
        }
        result = take_stop_iteration_value();
      } else {
        result = new_none();
      }
      returned = true;
    }
  } else {
    result = send_to_iterator(receiver, v, &returned);
  }
  bool sent_none = is_none(v);
  decref(v);
  ERROR_IF(!result);
  if (returned) {
    if (thread->use_tracing && !trace_send_return(thread, frame, receiver, sent_none, result.value())) {
      result.reset();  // DISPATCH() is a computed goto: it runs no destructors
      goto error;
    }
    decref(receiver);
    TOP() = result.release();
    JUMP_TO(oparg);
    DISPATCH();
  }
  PUSH(result.release());
  DISPATCH();
}

op_GET_YIELD_FROM_ITER: {
  Value iterable = TOP();
  SAVE_STATE();
  Ref<> iterator = get_yield_from_iter(frame, iterable);
  ERROR_IF(!iterator);
  decref(iterable);
  TOP() = iterator.release();
  DISPATCH();
}

op_GET_AWAITABLE: {
  Value iterable = TOP();
  SAVE_STATE();
  Ref<> awaitable = get_awaitable(iterable, int(oparg));
  ERROR_IF(!awaitable);
  decref(iterable);
  TOP() = awaitable.release();
  DISPATCH();
}

op_GET_AITER: {
  Value obj = TOP();
  SAVE_STATE();
  Ref<> aiter = get_aiter(obj);
  ERROR_IF(!aiter);
  decref(obj);
  TOP() = aiter.release();
  DISPATCH();
}

op_GET_ANEXT: {
  SAVE_STATE();
  Ref<> awaitable = get_anext(TOP());
  ERROR_IF(!awaitable);
  PUSH(awaitable.release());
  DISPATCH();
}

op_END_ASYNC_FOR: {
  Value exception = POP();
  Value aiter = POP();
  if (is_instance_of(exception, &exc::StopAsyncIteration)) {
    decref(exception);
    decref(aiter);
    DISPATCH();
  }
  decref(aiter);
  SAVE_STATE();
  restore_error(Ref<>::steal(exception));
  goto exception_unwind;
}

op_ASYNC_GEN_WRAP: {
  Value v = TOP();
  SAVE_STATE();
  Ref<> wrapped = async_generator_wrap_value(v);
  ERROR_IF(!wrapped);
  decref(v);
  TOP() = wrapped.release();
  DISPATCH();
}

op_IMPORT_NAME: {
  Value fromlist = POP();
  Value level = TOP();
  SAVE_STATE();
  Ref<> module = import_name(frame, as_str(names[oparg]), fromlist, level);
  decref(fromlist);
  ERROR_IF(!module);
  decref(level);
  TOP() = module.release();
  DISPATCH();
}

op_IMPORT_FROM: {
  SAVE_STATE();
  Ref<> v = import_from(TOP(), as_str(names[oparg]));
  ERROR_IF(!v);
  PUSH(v.release());
  DISPATCH();
}

op_IMPORT_STAR: {
  Value module = POP();
  SAVE_STATE();
  bool ok = import_star(frame, module);
  decref(module);
  ERROR_IF(!ok);
  DISPATCH();
}

op_MATCH_CLASS: {
  Value names_tuple = POP();
  Value cls = POP();
  Value subject = TOP();
  SAVE_STATE();
  Ref<> attrs = match_class(subject, cls, int(oparg), names_tuple);
  decref(names_tuple);
  decref(cls);
  if (!attrs) {
    if (error_occurred()) goto error;
    attrs = new_none();
  }
  decref(subject);
  TOP() = attrs.release();
  DISPATCH();
}

op_MATCH_MAPPING: {
  int r = match_mapping(TOP());
  PUSH(bool_value(r));
  DISPATCH();
}

op_MATCH_SEQUENCE: {
  int r = match_sequence(TOP());
  PUSH(bool_value(r));
  DISPATCH();
}

op_MATCH_KEYS: {
  SAVE_STATE();
  Ref<> values = match_keys(SECOND(), TOP());
  if (!values) {
    if (error_occurred()) goto error;
    values = new_none();
  }
  PUSH(values.release());
  DISPATCH();
}

op_GET_LEN: {
  SAVE_STATE();
  int64_t n = length(TOP());
  ERROR_IF(n < 0);
  PUSH(Value::small_int(n));
  DISPATCH();
}

op_PRINT_EXPR: {
  Value v = POP();
  SAVE_STATE();
  bool ok = print_expr(v);
  decref(v);
  ERROR_IF(!ok);
  DISPATCH();
}

  // --- Exceptions ---
error:
  // The instruction at this_instr raised: record it in the traceback.
  SAVE_STATE();
  record_raise(thread, frame);
exception_unwind: {
  const ExceptionTableEntry* handler = code_find_handler(code, this_instr - code->code);
  if (handler) {
    Value* base = frame->stack_base();
    Value* new_sp = base + handler->depth;
    while (sp > new_sp) decref(POP());
    // The pushed lasti is frame->prev_instr, which RERAISE may have set back to where the
    // exception was first raised: the frame's line stays that one through the cleanups.
    if (handler->push_lasti) PUSH(Value::small_int(frame->prev_instr - code->code));
    Ref<> exception = fetch_error();
    PUSH(exception.release());
    next_instr = code->code + handler->handler;
    DISPATCH();
  }
  // No handler here: the frame is finished; the exception goes to the caller.
  while (sp > frame->stack_base()) decref(POP());
  frame->stack_depth = 0;
  if (thread->use_tracing) trace_unwind(thread, frame);
  if (frame->owner == FrameOwner::Generator) {
    GeneratorObject* gen = generator_of_frame(frame);
    gen->state = GeneratorState::Completed;
    if (!frame->is_entry) {
      // Resumed by FOR_ITER_GEN or SEND: the exception comes out of that instruction.
      frame = leave_inline_generator(thread, gen);
      LOAD_STATE();
      this_instr = frame->prev_instr;
      generator_convert_stop_iteration(gen);
      goto error;
    }
  }
  if (frame->is_entry) {
    thread->frame = frame->previous;
    frame_pop(thread, frame);
    return nullptr;
  }
  Frame* caller = frame->previous;
  thread->frame = caller;
  frame_pop(thread, frame);
  frame = caller;
  LOAD_STATE();
  this_instr = frame->prev_instr;
  goto error;
}

#undef LOAD_STATE
#undef SAVE_STATE
#undef DISPATCH
#undef SKIP_CACHE
#undef PUSH
#undef POP
#undef TOP
#undef SECOND
#undef PEEK
#undef JUMP_TO
#undef ERROR_IF
}

}  // namespace

void eval_set_instrumented(bool on) {
  if (!dispatch_tables.live) (void)run(nullptr, nullptr, true);
  for (int i = 0; i < int(Opcode::kCount); ++i) {
    dispatch_tables.live[i] = on ? dispatch_tables.instrumented : dispatch_tables.handlers[i];
  }
}

Ref<> eval_frame(ThreadState* thread, Frame* frame) {
  if (native_stack_exhausted(thread)) {
    frame_pop(thread, frame);
    return nullptr;
  }
  frame->is_entry = true;
  frame->previous = thread->frame;
  thread->frame = frame;
  return run(thread, frame, false);
}

Ref<> eval_resume(ThreadState* thread, Frame* frame, Value value, bool throwing) {
  if (native_stack_exhausted(thread)) return nullptr;
  GeneratorObject* gen = generator_of_frame(frame);
  generator_frame_enter(thread, gen, thread->frame);
  if (!throwing) {
    incref(value);
    frame->stack_base()[frame->stack_depth++] = value;
  }
  Ref<> result = run(thread, frame, throwing);
  generator_frame_leave(thread, gen);
  return result;
}

Ref<> eval_code(CodeObject* code, Value globals, Value locals, FunctionObject* function) {
  ThreadState* thread = current_thread();
  Ref<> builtins = builtins_for_globals(globals);
  if (!builtins) return nullptr;
  Frame* frame = frame_push(thread, code, function, globals, builtins.value(), locals);
  if (!frame) return nullptr;
  return eval_frame(thread, frame);
}

Ref<> eval_code_with_closure(CodeObject* code, Value globals, Value locals, Value closure) {
  // As CPython's PyEval_EvalCodeEx: the code runs as a function made for the call, whose
  // closure COPY_FREE_VARS reads.
  Ref<FunctionObject> function = function_new(code, globals, Value(code->qualname));
  if (!function) return nullptr;
  incref(closure);
  function->closure = closure.as_object();
  ThreadState* thread = current_thread();
  Frame* frame = frame_push(thread, code, function.get(), globals, Value(function->builtins), locals);
  if (!frame) return nullptr;
  return eval_frame(thread, frame);
}

}  // namespace krait
