// Frame allocation on the thread's frame stack, frame teardown, and the Python-visible
// frame object (f_back, f_locals, f_lineno, f_code, ...).
#include "vm/frame.h"

#include <cstdlib>
#include <cstring>

#include "core/alloc.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/code.h"
#include "objects/dict.h"
#include "objects/function.h"
#include "objects/generator.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"
#include "runtime/runtime.h"
#include "runtime/thread_state.h"
#include "vm/builtins_namespace.h"
#include "vm/eval_support.h"
#include "vm/frame_inline.h"
#include "vm/trace.h"

namespace krait {

int64_t Frame::lasti() const { return prev_instr - code->code; }

int Frame::line() const {
  int64_t index = lasti();
  return code_line_of(code, index < 0 ? 0 : index);
}

size_t frame_size(CodeObject* code) {
  return sizeof(Frame) + size_t(code->nlocalsplus + code->stacksize) * sizeof(Value);
}

bool raise_recursion_error() {
  raise(exc::RecursionError, "maximum recursion depth exceeded");
  return false;
}

Value* allocate_in_new_chunk(ThreadState* thread, size_t nvalues) {
  FrameChunk* chunk = thread->frame_chunk;
  size_t capacity = std::max(kFrameChunkValues, nvalues + 16);
  auto* fresh = static_cast<FrameChunk*>(std::malloc(sizeof(FrameChunk) + capacity * sizeof(Value)));
  if (!fresh) return nullptr;
  fresh->previous = chunk;
  fresh->limit = fresh->data + capacity;
  fresh->previous_top = thread->frame_top;
  thread->frame_chunk = fresh;
  thread->frame_top = fresh->data + nvalues;
  return fresh->data;
}

void release_emptied_chunk(ThreadState* thread) {
  FrameChunk* chunk = thread->frame_chunk;
  thread->frame_chunk = chunk->previous;
  thread->frame_top = chunk->previous_top;
  std::free(chunk);
}

Frame* frame_push(ThreadState* thread, CodeObject* code, FunctionObject* function, Value globals,
                  Value builtins, Value locals) {
  if (!enter_python_call(thread)) return nullptr;
  size_t nvalues = (frame_size(code) + sizeof(Value) - 1) / sizeof(Value);
  Value* memory = allocate_on_thread_stack(thread, nvalues);
  if (!memory) {
    --thread->python_depth;
    raise_memory_error();
    return nullptr;
  }
  auto* frame = reinterpret_cast<Frame*>(memory);
  if (function) {
    incref(function);
  } else {
    incref(globals);
    incref(builtins);
  }
  incref(locals);
  init_frame(frame, function, code, globals.as_object(), builtins.as_object(), locals);
  for (int32_t i = 0; i < code->nlocalsplus; ++i) frame->localsplus[i] = Value();
  return frame;
}

void frame_clear(Frame* frame) { clear_frame_references(frame); }

// A frame object outlives its frame: it takes over the frame's contents (and references).
static void frame_object_take_frame(FrameObject* fo, Frame* frame) {
  auto* copy = reinterpret_cast<Frame*>(fo->storage);
  size_t bytes = sizeof(Frame) + size_t(frame->code->nlocalsplus + frame->stack_depth) * sizeof(Value);
  std::memcpy(copy, frame, bytes);
  copy->owner = FrameOwner::FrameObject;
  copy->frame_object = nullptr;  // the object does not own itself
  copy->is_entry = false;
  // f_back of a finished function frame is its caller's frame object (a finished
  // generator's frame has none, as in CPython).
  if (frame->previous && !fo->back && frame->owner != FrameOwner::Generator) {
    FrameObject* back = frame_object_of(frame->previous);
    if (back) {
      incref(back);
      fo->back = back;
    }
  }
  copy->previous = nullptr;
  fo->frame = copy;
}

// Drops the frame's references; a frame object that is still referenced elsewhere takes
// them over instead (it outlives the frame).
void frame_release(Frame* frame) {
  FrameObject* fo = frame->frame_object;
  if (fo) {
    frame->frame_object = nullptr;
    if (fo->refcount > 1) {
      frame_object_take_frame(fo, frame);
      decref(fo);
    } else {
      fo->frame = nullptr;
      decref(fo);
      frame_clear(frame);
    }
  } else {
    clear_frame_references(frame);
  }
}

void frame_clear_owned(Frame* frame) {
  frame->previous = nullptr;  // a frame that is not running has no caller
  frame_release(frame);
}

void frame_move(ThreadState* thread, Frame* frame, Frame* destination) {
  size_t bytes = sizeof(Frame) + size_t(frame->code->nlocalsplus + frame->stack_depth) * sizeof(Value);
  std::memcpy(destination, frame, bytes);
  if (destination->frame_object) destination->frame_object->frame = destination;
  thread->frame = frame->previous;
  --thread->python_depth;
  release_thread_stack(thread, frame);
}

void frame_traverse(Frame* frame, VisitFn visit, void* arg) {
  visit(frame->code, arg);
  if (frame->function) {
    visit(frame->function, arg);
  } else {
    visit(frame->globals, arg);
    visit(frame->builtins, arg);
  }
  if (frame->locals.is_object()) visit(frame->locals.as_object(), arg);
  if (frame->frame_object) visit(frame->frame_object, arg);
  int32_t n = frame->code->nlocalsplus + frame->stack_depth;
  for (int32_t i = 0; i < n; ++i) {
    if (frame->localsplus[i].is_object()) visit(frame->localsplus[i].as_object(), arg);
  }
}

// --- The frame object ---

FrameObject* frame_object_of(Frame* frame) {
  if (frame->frame_object) return frame->frame_object;
  if (frame->owner == FrameOwner::FrameObject) {
    // A finished frame's copy: its object is the one holding it.
    return reinterpret_cast<FrameObject*>(reinterpret_cast<char*>(frame) - offsetof(FrameObject, storage));
  }
  auto* fo = allocate<FrameObject>(&frame_type, sizeof(FrameObject) + frame_size(frame->code));
  if (!fo) return nullptr;
  fo->frame = frame;
  fo->trace_lines = true;
  frame->frame_object = fo;
  gc_track(fo);
  return fo;
}

namespace {

FrameObject* as_frame_object(Value v) { return static_cast<FrameObject*>(v.as_object()); }

void frame_object_dealloc(Object* o) {
  auto* fo = static_cast<FrameObject*>(o);
  gc_untrack(o);
  if (fo->frame && fo->frame->owner == FrameOwner::FrameObject) frame_clear(fo->frame);
  fo->frame = nullptr;
  if (fo->back) decref(fo->back);
  decref(fo->locals_dict);
  decref(fo->trace);
  decref(fo->pending_c_call);
  free_object(o);
}

void frame_object_traverse(Object* o, VisitFn visit, void* arg) {
  auto* fo = static_cast<FrameObject*>(o);
  if (fo->back) visit(fo->back, arg);
  if (fo->locals_dict.is_object()) visit(fo->locals_dict.as_object(), arg);
  if (fo->trace.is_object()) visit(fo->trace.as_object(), arg);
  if (fo->pending_c_call.is_object()) visit(fo->pending_c_call.as_object(), arg);
  Frame* frame = fo->frame;
  if (frame && frame->owner == FrameOwner::FrameObject) frame_traverse(frame, visit, arg);
}

void frame_object_clear(Object* o) {
  auto* fo = static_cast<FrameObject*>(o);
  if (fo->back) {
    Object* back = fo->back;
    fo->back = nullptr;
    decref(back);
  }
  Value locals = fo->locals_dict;
  fo->locals_dict = Value();
  decref(locals);
  Value trace = fo->trace;
  fo->trace = Value();
  decref(trace);
  Frame* frame = fo->frame;
  if (frame && frame->owner == FrameOwner::FrameObject) {
    int32_t n = frame->code->nlocalsplus + frame->stack_depth;
    for (int32_t i = 0; i < n; ++i) {
      Value v = frame->localsplus[i];
      frame->localsplus[i] = Value();
      decref(v);
    }
    frame->stack_depth = 0;
  }
}

Ref<> frame_get_back(Value self) {
  FrameObject* fo = as_frame_object(self);
  if (fo->back) return new_ref(Value(fo->back));
  Frame* frame = fo->frame;
  if (frame && frame->owner != FrameOwner::FrameObject) {
    Frame* previous = frame->previous;
    if (previous) {
      FrameObject* back = frame_object_of(previous);
      if (!back) return nullptr;
      return new_ref(Value(back));
    }
  }
  return new_none();
}

Ref<> frame_get_code(Value self) {
  Frame* frame = as_frame_object(self)->frame;
  if (!frame) return new_none();
  return new_ref(Value(frame->code));
}

Ref<> frame_get_globals(Value self) {
  Frame* frame = as_frame_object(self)->frame;
  if (!frame) return new_none();
  return new_ref(Value(frame->globals));
}

Ref<> frame_get_builtins(Value self) {
  Frame* frame = as_frame_object(self)->frame;
  if (!frame) return new_none();
  return new_ref(visible_builtins(Value(frame->builtins)));
}

Ref<> frame_get_locals(Value self) {
  FrameObject* fo = as_frame_object(self);
  if (!fo->frame) return dict_new();
  return frame_locals_dict(fo->frame);
}

Ref<> frame_get_lineno(Value self) {
  FrameObject* fo = as_frame_object(self);
  if (fo->lineno) return fo->lineno < 0 ? new_none() : int_from_small(fo->lineno);
  if (!fo->frame) return new_none();
  int line = fo->frame->line();
  if (line < 0) return new_none();
  return int_from_small(line);
}

int frame_set_lineno(Value self, Value value) {
  if (!value) {
    attribute_error("cannot delete attribute");
    return -1;
  }
  FrameObject* fo = as_frame_object(self);
  if (!fo->frame) {
    value_error("f_lineno can only be set by a trace function");
    return -1;
  }
  return trace_set_lineno(fo->frame, value);
}

Ref<> frame_get_lasti(Value self) {
  Frame* frame = as_frame_object(self)->frame;
  if (!frame) return int_from_small(-1);
  // CPython reports a byte offset into 2-byte code units.
  int64_t lasti = frame->lasti();
  return int_from_small(lasti < 0 ? -1 : lasti * 2);
}

Ref<> frame_get_trace(Value self) {
  FrameObject* fo = as_frame_object(self);
  return fo->trace ? new_ref(fo->trace) : new_none();
}

int frame_set_trace(Value self, Value value) {
  FrameObject* fo = as_frame_object(self);
  Value old = fo->trace;
  fo->trace = value && !is_none(value) ? value : Value();
  incref(fo->trace);
  decref(old);
  return 0;
}

Ref<> frame_get_trace_lines(Value self) { return new_bool(as_frame_object(self)->trace_lines); }
int frame_set_trace_lines(Value self, Value value) {
  int truth = is_true(value);
  if (truth < 0) return -1;
  as_frame_object(self)->trace_lines = truth;
  return 0;
}
Ref<> frame_get_trace_opcodes(Value self) { return new_bool(as_frame_object(self)->trace_opcodes); }
int frame_set_trace_opcodes(Value self, Value value) {
  int truth = is_true(value);
  if (truth < 0) return -1;
  as_frame_object(self)->trace_opcodes = truth;
  return 0;
}

Ref<> frame_repr(Value self) {
  FrameObject* fo = as_frame_object(self);
  if (!fo->frame) return str_from_utf8(format_message("<frame at {}>", address_text(fo)));
  CodeObject* code = fo->frame->code;
  return str_from_utf8(format_message("<frame at {}, file {}, line {}, code {}>", address_text(fo),
                                      repr_for_message(Value(code->filename)), fo->frame->line(),
                                      str_utf8(Value(code->name))));
}

Ref<> frame_clear_method(Value self, const Value* args) {
  FrameObject* fo = as_frame_object(self);
  Frame* frame = fo->frame;
  if (frame && frame->owner != FrameOwner::FrameObject) {
    if (frame->owner == FrameOwner::Generator) {
      GeneratorObject* gen = generator_of_frame(frame);
      if (gen->state == GeneratorState::Running) return runtime_error("cannot clear an executing frame");
      // Clearing a generator's frame finalizes the generator (closes it; a coroutine that
      // never started warns that it was never awaited).
      gen->type->finalize(gen);
      return new_none();
    }
    return runtime_error("cannot clear an executing frame");
  }
  frame_object_clear(fo);
  return new_none();
}

Ref<> frame_sizeof(Value self, const Value* args) {
  FrameObject* fo = as_frame_object(self);
  size_t size = sizeof(FrameObject) + (fo->frame ? frame_size(fo->frame->code) : 0);
  return int_from_small(int64_t(size));
}

const GetSetDef frame_getsets[] = {
    {"f_back", frame_get_back},
    {"f_code", frame_get_code},
    {"f_globals", frame_get_globals},
    {"f_builtins", frame_get_builtins},
    {"f_locals", frame_get_locals},
    {"f_lineno", frame_get_lineno, frame_set_lineno},
    {"f_lasti", frame_get_lasti},
    {"f_trace", frame_get_trace, frame_set_trace},
    {},
};

// Members in CPython (member_descriptors; "readonly attribute" when read-only), computed here.
const MemberDef frame_members[] = {
    {.name = "f_trace_lines", .kind = MemberKind::Computed, .get = frame_get_trace_lines, .set = frame_set_trace_lines},
    {.name = "f_trace_opcodes", .kind = MemberKind::Computed, .get = frame_get_trace_opcodes, .set = frame_set_trace_opcodes},
    {},
};

const MethodDef frame_methods[] = {
    {.name = "clear", .impl = frame_clear_method, .signature = "($self, /)",
     .doc = "F.clear(): clear most references held by the frame"},
    {.name = "__sizeof__", .impl = frame_sizeof, .signature = "($self, /)",
     .doc = "F.__sizeof__() -> size of F in memory, in bytes"},
    {},
};

}  // namespace

TypeObject frame_type{TypeSpec{
    .name = "frame",
    .basic_size = sizeof(FrameObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = frame_object_dealloc,
              .traverse = frame_object_traverse,
              .clear = frame_object_clear,
              .repr = frame_repr,
              .getattr = generic_get_attr},
    .methods = frame_methods,
    .getsets = frame_getsets,
    .members = frame_members,
}};

// --- locals() for function frames ---

Ref<> frame_locals_dict(Frame* frame) {
  if (frame_has_name_locals(frame)) {
    incref(frame->locals);
    return Ref<>::steal(frame->locals);
  }
  // A snapshot dict kept on the frame object, refreshed on each call (CPython 3.11's
  // PyFrame_FastToLocals behaviour: the same dict is returned and updated).
  FrameObject* fo = frame_object_of(frame);
  if (!fo) return nullptr;
  if (!fo->locals_dict) {
    Ref<DictObject> dict = dict_new();
    if (!dict) return nullptr;
    fo->locals_dict = dict.release();
  }
  auto* dict = static_cast<DictObject*>(fo->locals_dict.as_object());
  CodeObject* code = frame->code;
  TupleObject* names = as_tuple(Value(code->localsplusnames));
  bool in_class_body = !(code->flags & kCodeOptimized);
  for (int32_t i = 0; i < code->nlocalsplus; ++i) {
    uint8_t kind = code->localspluskinds[i];
    Value value = frame->localsplus[i];
    // Before MAKE_CELL/COPY_FREE_VARS ran, cell slots hold the raw value.
    if (value && (kind & (kLocalCell | kLocalFree)) && frame->prev_instr >= code->code &&
        is_type(value, &cell_type)) {
      value = as_cell(value)->contents;
    }
    if ((kind & kLocalFree) && in_class_body) continue;
    Value name = names->items[i];
    if (value) {
      if (!dict_set(dict, name, value)) return nullptr;
    } else {
      if (dict_remove(dict, name) < 0) return nullptr;
    }
  }
  return new_ref(fo->locals_dict);
}

void frame_locals_to_fast(Frame* frame) {
  // After a trace hook: changes it made to f_locals go back into the fast locals (cells'
  // contents for cell and free variables). Names missing from the dict are left alone:
  // clearing a local the compiler knows is bound would crash its next LOAD_FAST.
  FrameObject* fo = frame->frame_object;
  if (frame->locals || !fo || !fo->locals_dict) return;
  auto* dict = static_cast<DictObject*>(fo->locals_dict.as_object());
  CodeObject* code = frame->code;
  TupleObject* names = as_tuple(Value(code->localsplusnames));
  for (int32_t i = 0; i < code->nlocalsplus; ++i) {
    Value value = dict_get(dict, names->items[i]);  // str keys: no exception
    if (!value) continue;
    uint8_t kind = code->localspluskinds[i];
    Value* slot = &frame->localsplus[i];
    if ((kind & (kLocalCell | kLocalFree)) && *slot && is_type(*slot, &cell_type) &&
        frame->prev_instr >= code->code) {
      slot = &as_cell(*slot)->contents;
    }
    if (*slot == value) continue;
    Value old = *slot;
    incref(value);
    *slot = value;
    decref(old);
  }
}

}  // namespace krait
