// sys.settrace / sys.setprofile: the events CPython 3.11 reports ('call', 'line', 'return',
// 'exception', 'opcode'; 'c_call', 'c_return', 'c_exception' for profilers). While any
// thread has a hook, the eval loop's dispatch table is switched to an instrumented entry
// that calls trace_instruction() before every instruction; otherwise nothing is checked.
#pragma once

#include "compile/opcodes.h"
#include "core/type.h"

namespace krait {

struct Frame;
struct ThreadState;

// Trace event kinds, in CPython's PyTrace_* order.
enum class TraceEvent : uint8_t { Call, Exception, Line, Return, CCall, CException, CReturn, Opcode };

// sys.settrace / sys.setprofile for `thread` (None or null clears). -1 with RuntimeError
// when called again while the old hook is being released (its __del__).
int set_trace_function(ThreadState* thread, Value function);
int set_profile_function(ThreadState* thread, Value function);

// Called by the instrumented dispatch before the instruction at `instr` runs (the frame's
// next_instr and stack depth are saved). The loop then runs the instruction at
// frame->prev_instr: `instr`, or where a tracer jumped to (f_lineno = n), untraced. -1
// with an exception set if a hook raised.
int trace_instruction(ThreadState* thread, Frame* frame, const CodeUnit* instr);
// The eval loop's exception path: `frame` joins the traceback and, while a hook is set,
// its tracer sees the 'exception' event (a profiler 'c_exception' for a failed builtin
// call); a failing tracer replaces the exception.
void record_raise(ThreadState* thread, Frame* frame);
// The exception leaves `frame`: the 'return' event with None.
void trace_unwind(ThreadState* thread, Frame* frame);
// SEND's delegate returned `result`: the 'exception' event for the StopIteration CPython
// 3.11 raises there while tracing (always through .send(), and from a plain next() only
// for a value other than None). False if a hook raised (its exception is set).
bool trace_send_return(ThreadState* thread, Frame* frame, Value receiver, bool sent_none, Value result);
// gen.throw() resumes `frame`: its 'call' event; -1 if a hook raised.
int trace_throw_entry(ThreadState* thread, Frame* frame);

// f_lineno = `line` from a trace function on `frame`'s 'line' event: validates the jump
// with CPython's messages and moves the frame; -1 with ValueError set if refused.
int trace_set_lineno(Frame* frame, Value line);

// Switches the eval loop's dispatch between the plain and the instrumented table
// (defined in vm/eval.cpp).
void eval_set_instrumented(bool on);

}  // namespace krait
