// sys.settrace / sys.setprofile events, as CPython 3.11 reports them. The eval loop pays
// nothing while no thread has a hook: setting one switches its dispatch table to an
// entry that calls trace_instruction() before each instruction (for every thread; those
// without hooks return at once), and clearing the last hook switches it back.
#include "vm/trace.h"

#include <cstdlib>
#include <vector>

#include "core/error.h"
#include "core/ops.h"
#include "objects/code.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/generator.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/errors.h"
#include "runtime/thread_state.h"
#include "vm/frame.h"

namespace krait {

namespace {

// Threads with a trace or profile function; the instrumented dispatch is on while > 0.
int hooked_threads = 0;

void update_hooked(ThreadState* thread) {
  bool hooked = thread->trace_function || thread->profile_function;
  if (hooked == thread->use_tracing) return;
  thread->use_tracing = hooked;
  hooked_threads += hooked ? 1 : -1;
  if (hooked_threads == (hooked ? 1 : 0)) eval_set_instrumented(hooked);
}

Value event_name(TraceEvent what) {
  static StrObject* names[8];
  static const char* const texts[8] = {"call",        "exception", "line",     "return",
                                       "c_call",      "c_exception", "c_return", "opcode"};
  int i = int(what);
  if (!names[i]) names[i] = str_intern_utf8(texts[i]);
  return Value(names[i]);
}

enum class Hook { Trace, Profile };

// The line of each code unit, decoded once per traced code object: the position table is
// run-length encoded, and tracing asks for a line at every instruction.
int line_of(CodeObject* code, const CodeUnit* instr) {
  int64_t unit = instr - code->code;
  if (unit < 0 || unit >= code->ncodeunits) return -1;
  if (!code->unit_lines) {
    auto* lines = static_cast<int32_t*>(std::malloc(sizeof(int32_t) * size_t(code->ncodeunits)));
    if (!lines) return code_line_of(code, unit);
    PositionReader reader(code);
    while (reader.next()) {
      for (int64_t i = reader.start; i < reader.end && i < code->ncodeunits; ++i) lines[i] = reader.position.line;
    }
    code->unit_lines = lines;
  }
  return code->unit_lines[unit];
}

// The instruction a frame's tracing starts at: its first RESUME (MAKE_CELL,
// COPY_FREE_VARS, RETURN_GENERATOR and its POP_TOP run before it, untraced).
const CodeUnit* first_traceable(CodeObject* code) {
  const CodeUnit* p = code->code;
  while (p < code->code + code->ncodeunits && unit_opcode(*p) != Opcode::RESUME) {
    p += 1 + kCacheUnits[int(unit_opcode(*p))];
  }
  return p;
}

// Calls the hook with (frame, event, arg) as CPython's trace/profile trampolines do:
// f_locals is refreshed before and written back after; the trace function's result
// becomes the frame's local trace function; a hook that raises is removed.
int call_hook(ThreadState* thread, Hook hook, Frame* frame, TraceEvent what, Value arg) {
  if (thread->tracing) return 0;
  Value callback;
  if (hook == Hook::Profile) {
    callback = thread->profile_function.value();
  } else if (what == TraceEvent::Call) {
    callback = thread->trace_function.value();
  } else {
    callback = frame->frame_object ? frame->frame_object->trace : Value();
  }
  if (!callback) return 0;
  FrameObject* fo = frame_object_of(frame);
  if (!fo) return -1;
  Ref<> keep_frame = new_ref(Value(fo));
  Ref<> keep_callback = new_ref(callback);
  ++thread->tracing;
  uint8_t old_what = thread->tracing_what;
  thread->tracing_what = uint8_t(what);
  fo->lineno = line_of(frame->code, frame->prev_instr);  // f_lineno while the hook runs
  Ref<> result;
  Ref<> locals = frame->locals ? Ref<>() : frame_locals_dict(frame);
  if (frame->locals || locals) {
    Value args[3] = {Value(fo), event_name(what), arg ? arg : None()};
    result = call(callback, args, 3);
    if (!frame->locals) {
      Ref<> raised = fetch_error();  // the hook's exception survives the write-back
      frame_locals_to_fast(frame);
      restore_error(std::move(raised));
    }
    if (!result) traceback_add_frame(frame);
  }
  locals.reset();
  fo->lineno = 0;
  thread->tracing_what = old_what;
  --thread->tracing;
  if (!result) {
    if (hook == Hook::Profile) {
      set_profile_function(thread, Value());
    } else {
      set_trace_function(thread, Value());
      Value old = fo->trace;
      fo->trace = Value();
      decref(old);
    }
    return -1;
  }
  if (hook == Hook::Trace && !is_none(result.value())) {
    Value old = fo->trace;
    fo->trace = result.release();
    decref(old);
  }
  return 0;
}

// call_hook with the current exception (if any) kept across the call; when the hook
// raises, its exception replaces it.
int call_hook_protected(ThreadState* thread, Hook hook, Frame* frame, TraceEvent what, Value arg) {
  Ref<> saved = fetch_error();
  if (call_hook(thread, hook, frame, what, arg) < 0) return -1;
  restore_error(std::move(saved));
  return 0;
}

int function_entry(ThreadState* thread, Frame* frame) {
  if (thread->trace_function &&
      call_hook_protected(thread, Hook::Trace, frame, TraceEvent::Call, None()) < 0) {
    return -1;
  }
  if (thread->profile_function &&
      call_hook_protected(thread, Hook::Profile, frame, TraceEvent::Call, None()) < 0) {
    return -1;
  }
  return 0;
}

int function_exit(ThreadState* thread, Frame* frame, Value result) {
  if (thread->trace_function &&
      call_hook_protected(thread, Hook::Trace, frame, TraceEvent::Return, result) < 0) {
    return -1;
  }
  if (thread->profile_function &&
      call_hook_protected(thread, Hook::Profile, frame, TraceEvent::Return, result) < 0) {
    return -1;
  }
  return 0;
}

// The builtin a CALL at `instr` is about to run, as CPython's profiler sees it (a method
// descriptor bound to its self), or null when the callee is not a builtin.
Ref<> native_callee(Frame* frame, const CodeUnit* instr) {
  Value* sp = frame->stack_base() + frame->stack_depth;
  uint32_t oparg = unit_oparg(*instr);
  Value callable, self;
  if (unit_opcode(*instr) == Opcode::CALL_FUNCTION_EX) {
    Value args = sp[-1 - int(oparg & 1)];
    callable = sp[-2 - int(oparg & 1)];
    if (is_exact_tuple(args) && as_tuple(args)->length > 0) self = as_tuple(args)->items[0];
  } else {
    Value* args = sp - oparg;
    if (args[-2]) {
      callable = args[-2];
      self = args[-1];
    } else {
      callable = args[-1];
      if (oparg > 0) self = args[0];
    }
  }
  if (!callable.is_object()) return nullptr;
  TypeObject* type = callable.as_object()->type;
  if (type == &builtin_function_type) return new_ref(callable);
  if (type == &method_descriptor_type && self) {
    Ref<> bound = type->descr_get(callable, self, Value(type_of(self)));
    if (!bound) clear_error();
    return bound;
  }
  return nullptr;
}

// The 'c_return' of a builtin call reported by 'c_call' in this frame.
int finish_native_call(ThreadState* thread, Frame* frame, FrameObject* fo) {
  Ref<> function = Ref<>::steal(fo->pending_c_call);
  fo->pending_c_call = Value();
  if (!thread->profile_function) return 0;
  return call_hook(thread, Hook::Profile, frame, TraceEvent::CReturn, function.value());
}

// 'line' and 'opcode' events (CPython's maybe_call_line_trace): a line event when the
// instruction's line differs from the previous instruction's, or on a backward jump
// (except the one a `yield from` loop makes to its SEND).
int line_events(ThreadState* thread, Frame* frame, FrameObject* fo, const CodeUnit* instr,
                const CodeUnit* previous) {
  CodeObject* code = frame->code;
  int line = line_of(code, instr);
  // The first instruction after the function's start always reports its line.
  int last_line = previous > first_traceable(code) ? line_of(code, previous) : -1;
  if (line != -1 && fo->trace_lines) {
    bool backward = instr < previous && unit_opcode(*instr) != Opcode::SEND;
    if (line != last_line || backward) {
      if (call_hook(thread, Hook::Trace, frame, TraceEvent::Line, None()) < 0) return -1;
    }
  }
  // The line's tracer may have dropped the frame's trace function.
  if (frame->frame_object->trace && frame->frame_object->trace_opcodes) {
    if (call_hook(thread, Hook::Trace, frame, TraceEvent::Opcode, None()) < 0) return -1;
  }
  return 0;
}

// The 'exception' event for the raise just recorded in `frame` (and the profiler's
// 'c_exception' if a builtin call reported by 'c_call' failed).
void report_exception(ThreadState* thread, Frame* frame) {
  if (thread->tracing) return;
  FrameObject* fo = frame->frame_object;
  if (fo && fo->pending_c_call) {
    Ref<> function = Ref<>::steal(fo->pending_c_call);
    fo->pending_c_call = Value();
    if (thread->profile_function) {
      call_hook_protected(thread, Hook::Profile, frame, TraceEvent::CException, function.value());
    }
  }
  if (!thread->trace_function || !fo || !fo->trace) return;
  Ref<> exception = fetch_error();
  if (!exception) return;
  Value tb = exception_traceback(exception.value());
  Ref<TupleObject> arg = tuple_of({Value(type_of(exception.value())), exception.value(), tb ? tb : None()});
  if (!arg) return;
  if (call_hook(thread, Hook::Trace, frame, TraceEvent::Exception, Value(arg.get())) < 0) return;
  restore_error(std::move(exception));
}

bool is_call(Opcode op) {
  Opcode generic = unspecialized_opcode(op);
  return generic == Opcode::CALL || generic == Opcode::CALL_FUNCTION_EX;
}

// --- f_lineno = n: jumps (CPython 3.11's frame_setlineno) ---

// The value stack at each instruction, modelled as a stack of kinds packed 3 bits each
// into an int64 (CPython's model), to decide which jumps are safe and what they pop.
enum StackKind : int64_t { kIterator = 1, kExcept = 2, kObject = 3, kNull = 4, kLasti = 5 };
constexpr int kKindBits = 3;
constexpr int64_t kUninitialized = -2;
constexpr int64_t kOverflowed = -1;
constexpr int kMaxStackEntries = 63 / kKindBits;
constexpr uint64_t kWillOverflow = 1ull << ((kMaxStackEntries - 1) * kKindBits);

int64_t push_kind(int64_t stack, StackKind kind) {
  if (uint64_t(stack) >= kWillOverflow) return kOverflowed;
  return (stack << kKindBits) | kind;
}
int64_t pop_kind(int64_t stack) { return stack >> kKindBits; }
// The stack cut down to `level` entries (an exception handler's depth).
int64_t pop_to_level(int64_t stack, int level) {
  if (level == 0) return 0;
  int64_t level_max = int64_t((1 << kKindBits) - 1) << ((level - 1) * kKindBits);
  while (stack > level_max) stack = pop_kind(stack);
  return stack;
}
StackKind top_kind(int64_t stack) { return StackKind(stack & ((1 << kKindBits) - 1)); }

bool compatible_kind(StackKind from, StackKind to) {
  if (to == 0) return false;
  if (to == kObject) return from != kNull;
  if (to == kNull) return true;
  return from == to;
}

bool compatible_stack(int64_t from, int64_t to) {
  if (from < 0 || to < 0) return false;
  while (from > to) from = pop_kind(from);
  while (from) {
    if (!compatible_kind(top_kind(from), top_kind(to))) return false;
    from = pop_kind(from);
    to = pop_kind(to);
  }
  return to == 0;
}

const char* explain_incompatible_stack(int64_t to) {
  if (to == kOverflowed) return "stack is too deep to analyze";
  if (to == kUninitialized) return "can't jump into an exception handler, or code may be unreachable";
  switch (top_kind(to)) {
    case kExcept: return "can't jump into an 'except' block as there's no exception";
    case kLasti: return "can't jump into a re-raising block as there's no location";
    case kIterator: return "can't jump into the body of a for loop";
    default: return "incompatible stacks";
  }
}

// Calls visit(index, opcode, oparg) for each instruction (EXTENDED_ARG folded in).
template <typename Visit>
void for_each_instruction(CodeObject* code, Visit visit) {
  uint32_t high = 0;
  for (int64_t i = 0; i < code->ncodeunits;) {
    CodeUnit unit = code->code[i];
    Opcode op = unit_opcode(unit);
    uint32_t oparg = unit_oparg(unit) | (high << kOpargBits);
    high = op == Opcode::EXTENDED_ARG ? oparg : 0;
    if (op != Opcode::EXTENDED_ARG) visit(i, op, oparg);
    i += 1 + kCacheUnits[int(op)];
  }
}

// The modelled stack before each code unit (kUninitialized where unreachable); handlers
// get the stack of the code they protect, cut to their depth, plus the exception.
std::vector<int64_t> mark_stacks(CodeObject* code) {
  std::vector<int64_t> stacks(size_t(code->ncodeunits) + 1, kUninitialized);
  stacks[0] = 0;
  if (code->flags & (kCodeGenerator | kCodeCoroutine | kCodeAsyncGenerator)) {
    stacks[0] = push_kind(0, kObject);  // the None sent in to start it
  }
  bool todo = true;
  while (todo) {
    todo = false;
    for_each_instruction(code, [&](int64_t i, Opcode raw, uint32_t oparg) {
      int64_t stack = stacks[size_t(i)];
      if (stack == kUninitialized) return;
      Opcode op = unspecialized_opcode(raw);
      size_t next = size_t(i + 1 + kCacheUnits[int(raw)]);
      auto set_target = [&](uint32_t target, int64_t value) {
        if (stacks[target] == kUninitialized && int64_t(target) < i) todo = true;
        stacks[target] = value;
      };
      switch (op) {
        case Opcode::JUMP_IF_FALSE_OR_POP:
        case Opcode::JUMP_IF_TRUE_OR_POP:
          set_target(oparg, stack);
          stacks[next] = pop_kind(stack);
          break;
        case Opcode::POP_JUMP_IF_FALSE:
        case Opcode::POP_JUMP_IF_TRUE:
        case Opcode::POP_JUMP_IF_NONE:
        case Opcode::POP_JUMP_IF_NOT_NONE:
          set_target(oparg, pop_kind(stack));
          stacks[next] = pop_kind(stack);
          break;
        case Opcode::SEND:
          set_target(oparg, pop_kind(stack));
          stacks[next] = stack;
          break;
        case Opcode::JUMP: set_target(oparg, stack); break;
        case Opcode::GET_ITER:
        case Opcode::GET_AITER: stacks[next] = push_kind(pop_kind(stack), kIterator); break;
        case Opcode::FOR_ITER:
          set_target(oparg, pop_kind(stack));
          stacks[next] = push_kind(stack, kObject);
          break;
        case Opcode::RETURN_VALUE:
        case Opcode::RAISE_VARARGS:
        case Opcode::RERAISE: break;  // end of block
        case Opcode::PUSH_NULL: stacks[next] = push_kind(stack, kNull); break;
        case Opcode::PUSH_EXC_INFO: stacks[next] = push_kind(stack, kExcept); break;
        case Opcode::LOAD_METHOD:
          stacks[next] = push_kind(push_kind(pop_kind(stack), kNull), kObject);
          break;
        case Opcode::LOAD_GLOBAL:
          if (oparg & 1) stack = push_kind(stack, kNull);
          stacks[next] = push_kind(stack, kObject);
          break;
        default: {
          int delta = opcode_stack_effect(raw, oparg, false);
          for (; delta < 0; ++delta) stack = pop_kind(stack);
          for (; delta > 0; --delta) stack = push_kind(stack, kObject);
          stacks[next] = stack;
        }
      }
    });
    for (int32_t e = 0; e < code->nexception_entries; ++e) {
      const ExceptionTableEntry& entry = code->exception_table[e];
      if (stacks[entry.start] == kUninitialized || stacks[entry.handler] != kUninitialized) continue;
      todo = true;
      int64_t stack = pop_to_level(stacks[entry.start], entry.depth);
      if (entry.push_lasti) stack = push_kind(stack, kLasti);
      stacks[entry.handler] = push_kind(stack, kExcept);
    }
  }
  return stacks;
}

// Pops the frame's value stack from the modelled `from` down to `to`; leaving an except
// block restores the handled exception (in `handled`) to the one it saved.
void pop_modelled_stack(Frame* frame, int64_t from, int64_t to, ExceptionStackItem* handled) {
  while (from > to) {
    Value v = frame->stack_base()[--frame->stack_depth];
    frame->stack_base()[frame->stack_depth] = Value();
    if (top_kind(from) == kExcept) {
      Value old = handled->exception;
      handled->exception = v;
      if (is_none(v)) {
        handled->exception = Value();
        decref(v);
      }
      decref(old);
    } else {
      decref(v);
    }
    from = pop_kind(from);
  }
}

// After a jump a local may be unbound where the compiler proved it bound. (Pairs that
// load a local are taken apart first.)
void add_load_fast_checks(CodeObject* code) {
  for_each_instruction(code, [&](int64_t i, Opcode op, uint32_t) {
    op = unfused_opcode(op);
    code->code[i] = make_unit(op, unit_oparg(code->code[i]));
    if (op == Opcode::LOAD_FAST) {
      code->code[i] = make_unit(Opcode::LOAD_FAST_CHECK, unit_oparg(code->code[i]));
    }
  });
}

}  // namespace

int trace_set_lineno(Frame* frame, Value line) {
  ThreadState* thread = current_thread();
  if (!is_int(line) || type_of(line) != &int_type) {
    value_error("lineno must be an integer");
    return -1;
  }
  // From a yield's 'return' event the jump is allowed (CPython: the frame is suspended);
  // the generator resumes at the new line.
  // (CPython 3.11 takes a suspended frame with no locals and an empty stack for a cleared
  // one, and refuses there.)
  bool from_yield = TraceEvent(thread->tracing_what) == TraceEvent::Return && thread->tracing_yield &&
                    frame->code->nlocalsplus + frame->stack_depth - 1 > 0;
  switch (TraceEvent(thread->tracing_what)) {
    case TraceEvent::Line: break;
    case TraceEvent::Return:
      if (from_yield) break;
      value_error("can only jump from a 'line' trace event");
      return -1;
    case TraceEvent::Call:
      value_error("can't jump from the 'call' trace event of a new frame");
      return -1;
    default:
      value_error("can only jump from a 'line' trace event");
      return -1;
  }
  FrameObject* fo = frame->frame_object;
  if (!fo || !fo->trace) {
    value_error("f_lineno can only be set by a trace function");
    return -1;
  }
  int64_t requested;
  if (!int_as_int64(line, &requested) || requested > INT32_MAX || requested < INT32_MIN) {
    if (error_occurred()) clear_error();
    value_error("lineno out of range");
    return -1;
  }
  CodeObject* code = frame->code;
  if (requested < code->firstlineno) {
    value_error("line {} comes before the current code block", requested);
    return -1;
  }
  add_load_fast_checks(code);
  // Where each line starts (first instruction of a run of the same line), and the
  // nearest line at or after the requested one that has code.
  std::vector<int32_t> line_starts(size_t(code->ncodeunits), -1);
  int32_t last_line = -1;
  int64_t new_line = INT64_MAX;
  for_each_instruction(code, [&](int64_t i, Opcode, uint32_t) {
    int32_t l = line_of(code, code->code + i);
    if (l != last_line && l != -1) {
      line_starts[size_t(i)] = l;
      last_line = l;
      if (l >= requested && l < new_line) new_line = l;
    }
  });
  if (new_line == INT64_MAX) {
    value_error("line {} comes after the current code block", requested);
    return -1;
  }
  std::vector<int64_t> stacks = mark_stacks(code);
  // A yield's jump starts from where the generator resumes, the sent value on the stack.
  const CodeUnit* from = from_yield ? frame->prev_instr + 1 : frame->prev_instr;
  int64_t start_stack = stacks[size_t(from - code->code)];
  int64_t best_stack = kOverflowed;
  int64_t best_address = -1;
  int error = -1;
  const char* message = "cannot find bytecode for specified line";
  for (size_t i = 0; i < line_starts.size(); ++i) {
    if (line_starts[i] != new_line) continue;
    int64_t target_stack = stacks[i];
    if (compatible_stack(start_stack, target_stack)) {
      error = 0;
      if (target_stack > best_stack) {
        best_stack = target_stack;
        best_address = int64_t(i);
      }
    } else if (error < 0) {
      if (start_stack == kOverflowed) {
        message = "stack to deep to analyze";
      } else if (start_stack == kUninitialized) {
        message = "can't jump from within an exception handler";
      } else {
        message = explain_incompatible_stack(target_stack);
        error = 1;
      }
    }
  }
  if (error) {
    value_error("{}", message);
    return -1;
  }
  fo->lineno = 0;
  if (from_yield) {
    // The yield goes ahead; the jump happens when the generator resumes.
    generator_of_frame(frame)->trace_jump_target = int32_t(best_address);
    return 0;
  }
  pop_modelled_stack(frame, start_stack, best_stack, thread->exception_stack);
  frame->prev_instr = frame->next_instr = code->code + best_address;
  return 0;
}

namespace {

// The generator resumed at `resume` (the RESUME after a yield, the sent value pushed)
// while a jump set on that yield's 'return' event is pending: cut the stack to the
// target's and continue there. Only a traced resumption gets here; every traced yield and
// throw clears a pending jump first, so an untraced resumption cannot leave one behind
// for a later yield.
void resume_at_trace_jump(ThreadState* thread, Frame* frame, GeneratorObject* gen, const CodeUnit* resume) {
  CodeObject* code = frame->code;
  std::vector<int64_t> stacks = mark_stacks(code);
  const CodeUnit* target = code->code + gen->trace_jump_target;
  gen->trace_jump_target = -1;
  pop_modelled_stack(frame, stacks[size_t(resume - code->code)], stacks[size_t(target - code->code)],
                     thread->exception_stack);
  frame->prev_instr = frame->next_instr = target;
}

}  // namespace

namespace {

// Replaces a hook; the old one is released (its __del__ may run) before the new one is
// stored, and may not install another meanwhile.
int replace_hook(ThreadState* thread, Ref<>* slot, bool* installing, Value function, const char* kind) {
  if (*installing) {
    runtime_error("Cannot install a {} function while another {} function is being installed", kind, kind);
    return -1;
  }
  *installing = true;
  Ref<> old = std::move(*slot);
  update_hooked(thread);
  old.reset();
  *installing = false;
  if (function && !is_none(function)) *slot = new_ref(function);
  if (thread->in_call_tracing) thread->tracing = 0;
  update_hooked(thread);
  return 0;
}

}  // namespace

int set_trace_function(ThreadState* thread, Value function) {
  return replace_hook(thread, &thread->trace_function, &thread->installing_trace, function, "trace");
}

int set_profile_function(ThreadState* thread, Value function) {
  if (replace_hook(thread, &thread->profile_function, &thread->installing_profile, function, "profile") < 0) {
    return -1;
  }
  if (!thread->profile_function) {
    // Builtin calls in progress report no 'c_return' any more.
    for (Frame* frame = thread->frame; frame; frame = frame->previous) {
      FrameObject* fo = frame->frame_object;
      if (fo && fo->pending_c_call) {
        Value pending = fo->pending_c_call;
        fo->pending_c_call = Value();
        decref(pending);
      }
    }
  }
  return 0;
}

int trace_instruction(ThreadState* thread, Frame* frame, const CodeUnit* instr) {
  const CodeUnit* previous = frame->prev_instr;
  frame->prev_instr = instr;
  if (!thread->use_tracing || thread->tracing) return 0;
  CodeObject* code = frame->code;
  if (instr < first_traceable(code)) return 0;
  FrameObject* fo = frame->frame_object;
  if (fo && fo->pending_c_call && finish_native_call(thread, frame, fo) < 0) return -1;
  Opcode op = unit_opcode(*instr);
  if (op == Opcode::RESUME) {
    if (function_entry(thread, frame) < 0) return -1;
    if (frame->owner == FrameOwner::Generator && previous >= code->code &&
        unit_opcode(*previous) == Opcode::YIELD_VALUE) {
      GeneratorObject* gen = generator_of_frame(frame);
      if (gen->trace_jump_target >= 0) resume_at_trace_jump(thread, frame, gen, instr);
    }
    return 0;
  }
  bool jumped = false;
  if (thread->trace_function && fo && fo->trace) {
    if (line_events(thread, frame, fo, instr, previous) < 0) return -1;
    if (frame->prev_instr != instr) {
      // f_lineno was set: the target runs next, without its own line event.
      jumped = true;
      instr = frame->prev_instr;
      op = unit_opcode(*instr);
    }
  }
  if (op == Opcode::RETURN_VALUE || op == Opcode::YIELD_VALUE) {
    Value result = frame->stack_base()[frame->stack_depth - 1];
    bool was_yield = thread->tracing_yield;
    thread->tracing_yield = op == Opcode::YIELD_VALUE && !jumped;
    if (op == Opcode::YIELD_VALUE) generator_of_frame(frame)->trace_jump_target = -1;
    int status = function_exit(thread, frame, result);
    thread->tracing_yield = was_yield;
    if (status < 0) return -1;
  } else if (!jumped && thread->profile_function && is_call(op)) {
    Ref<> function = native_callee(frame, instr);
    if (function) {
      if (call_hook(thread, Hook::Profile, frame, TraceEvent::CCall, function.value()) < 0) return -1;
      fo = frame->frame_object;
      if (thread->profile_function && fo) {
        decref(fo->pending_c_call);
        fo->pending_c_call = function.release();
      }
    }
  }
  return 0;
}

void record_raise(ThreadState* thread, Frame* frame) {
  traceback_add_frame(frame);
  if (thread->use_tracing) report_exception(thread, frame);
}


bool trace_send_return(ThreadState* thread, Frame* frame, Value receiver, bool sent_none, Value result) {
  if (!thread->trace_function || thread->tracing) return true;
  FrameObject* fo = frame->frame_object;
  if (!fo || !fo->trace) return true;
  if (sent_none && type_of(receiver)->iternext && is_none(result)) return true;
  raise_stop_iteration(is_none(result) ? Value() : result);
  report_exception(thread, frame);
  if (!error_matches(&exc::StopIteration)) return false;
  clear_error();
  return true;
}

void trace_for_iter_stop(ThreadState* thread, Frame* frame) {
  if (!thread->trace_function || thread->tracing) return;
  report_exception(thread, frame);
}

void trace_unwind(ThreadState* thread, Frame* frame) { function_exit(thread, frame, None()); }

int trace_throw_entry(ThreadState* thread, Frame* frame) {
  generator_of_frame(frame)->trace_jump_target = -1;  // a thrown exception is raised at the yield
  if (thread->tracing) return 0;
  return function_entry(thread, frame);
}

}  // namespace krait
