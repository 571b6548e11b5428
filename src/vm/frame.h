// Interpreter frames: the activation record of a running code object. Frames live on the
// thread's frame stack (bump-allocated chunks) so a Python-to-Python call allocates no
// object; generators embed their frame; a Python-visible frame object (FrameObject) is
// made only when someone asks (sys._getframe, tracebacks) and takes a copy of the frame
// when it finishes.
#pragma once

#include <cstdint>

#include "compile/opcodes.h"
#include "core/type.h"
#include "objects/code.h"

namespace krait {

struct FunctionObject;
struct FrameObject;
struct ThreadState;

// What RETURN_VALUE does in the caller of a frame the eval loop pushed.
enum class FrameReturn : uint8_t {
  Push,      // pushes the return value
  Init,      // an __init__ pushed by C(args): the caller's stack already holds the
             // instance; the return value must be None
  BinaryOp,  // a.__op__(b) pushed by BINARY_OP: the caller's stack still holds a and b,
             // which the return value replaces
  Consume,   // a generator's frame resumed by CALL_BUILTIN (sum(g), list(g), ...): its
             // yields feed the consumer on the caller's stack (vm/builtin_calls.h), its
             // return ends the call
};

enum class FrameOwner : uint8_t {
  Thread,       // on the thread's frame stack
  Generator,    // embedded in a generator/coroutine object
  FrameObject,  // copied into a FrameObject after the frame finished
};

struct Frame {
  FunctionObject* function;  // owned; null for frames made by exec/eval of bare code
  CodeObject* code;          // owned
  // Borrowed from the function when there is one (it holds them and cannot change them:
  // __globals__ and __builtins__ are read-only); owned otherwise.
  Object* globals;
  Object* builtins;
  Value locals;              // owned mapping for module/class/exec frames; null for functions
  Frame* previous;           // the caller (not owned)
  FrameObject* frame_object; // owned; null until requested
  const CodeUnit* prev_instr;  // the instruction being (or last) executed; code - 1 before start
  const CodeUnit* next_instr;  // where execution continues (saved while not running)
  int32_t stack_depth;       // values on the value stack (saved while not running)
  FrameOwner owner;
  bool is_entry;             // RETURN_VALUE from this frame leaves the eval loop
  FrameReturn on_return;
  Value localsplus[];        // fast locals, cells, free variables, then the value stack

  Value* stack_base() { return localsplus + code->nlocalsplus; }
  int64_t lasti() const;     // code-unit index of prev_instr (-1 before the first)
  int line() const;          // current line number
};

// Allocates a frame for `code` on the thread's frame stack; the caller fills localsplus.
Frame* frame_push(ThreadState* thread, CodeObject* code, FunctionObject* function,
                  Value globals, Value builtins, Value locals);
// frame_push_exact_args and frame_pop, the call and return fast paths, are inline in
// vm/frame_inline.h.
// Drops all references a frame holds (locals and stack); used by frame_pop and generators.
void frame_clear(Frame* frame);
// Clears a suspended frame that lives in a generator (not the thread stack); its frame
// object, if still referenced, keeps a copy as frame_pop does.
void frame_clear_owned(Frame* frame);
// Moves a thread-stack frame (with its references) into `destination` (a generator's
// storage) and releases its place on the thread stack.
void frame_move(ThreadState* thread, Frame* frame, Frame* destination);
// Visits every object a frame references (for the GC).
void frame_traverse(Frame* frame, VisitFn visit, void* arg);
// Size in bytes of a frame for `code`.
size_t frame_size(CodeObject* code);
// The Python-visible frame object for `frame` (made on first request; borrowed).
FrameObject* frame_object_of(Frame* frame);

// The Python-visible frame.
extern TypeObject frame_type;
struct FrameObject : Object {
  Frame* frame;        // the live frame, or the copy in `storage` after it finished
  Object* back;        // f_back once the frame finished (the live chain before that)
  Value locals_dict;   // f_locals snapshot dict for function frames (owned)
  Value trace;         // f_trace
  Value pending_c_call;  // a builtin whose 'c_call' was reported, until its 'c_return'
  int32_t lineno;      // f_lineno while a trace hook runs (-1: none), 0 otherwise
  bool trace_lines;
  bool trace_opcodes;
  alignas(16) char storage[];  // a finished frame's copy lives here
};

// locals(), f_locals: a dict mirroring a function frame's fast locals and cells.
Ref<> frame_locals_dict(Frame* frame);
// Writes f_locals changes back into the fast locals (after a tracer ran).
void frame_locals_to_fast(Frame* frame);

}  // namespace krait
