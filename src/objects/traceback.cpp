// traceback: the objects chained from exc.__traceback__, one per frame the exception passed
// through (tb_frame, tb_lasti, tb_lineno, a settable tb_next), their constructor
// types.TracebackType(tb_next, tb_frame, tb_lasti, tb_lineno), and how the VM adds an entry
// as an exception leaves a frame. Printing them is runtime/errors.cpp's business.
#include <cstddef>

#include "core/alloc.h"
#include "core/args.h"
#include "core/error.h"
#include "core/ops.h"
#include "objects/code.h"
#include "objects/exceptions.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/thread_state.h"
#include "vm/frame.h"

namespace krait {

int32_t traceback_lineno(TracebackObject* tb) {
  if (tb->lineno == kLinenoFromLasti) {
    Frame* frame = static_cast<FrameObject*>(tb->frame)->frame;
    int64_t unit = tb->lasti / 2;
    tb->lineno = frame ? code_line_of(frame->code, unit < 0 ? 0 : unit) : -1;
  }
  return tb->lineno;
}

Ref<TracebackObject> traceback_new(Object* next, Object* frame_object, int32_t lasti, int32_t lineno) {
  auto* tb = allocate<TracebackObject>(&traceback_type);
  if (!tb) return nullptr;
  if (next) incref(next);
  incref(frame_object);
  tb->next = next;
  tb->frame = frame_object;
  tb->lasti = lasti * 2;  // CPython counts bytes of 2-byte code units
  tb->lineno = lineno;
  gc_track(tb);
  return Ref<TracebackObject>::steal(Value(tb));
}

bool traceback_add(Value exc, Object* frame_object, int32_t lasti) {
  Value previous = exception_traceback(exc);
  Ref<TracebackObject> tb =
      traceback_new(previous ? previous.as_object() : nullptr, frame_object, lasti, kLinenoFromLasti);
  if (!tb) return false;
  exception_set_traceback(exc, tb.value());
  return true;
}

void traceback_add_frame(Frame* frame) {
  ThreadState* thread = current_thread();
  Value exception = thread->current_exception.value();
  if (!exception || !is_exception_instance(exception)) return;
  FrameObject* frame_object = frame_object_of(frame);
  if (!frame_object) {
    // Out of memory making the frame object: keep the original exception.
    Ref<> kept = fetch_error();
    clear_error();
    restore_error(std::move(kept));
    return;
  }
  // Adding the entry must not replace the exception being raised, even if it fails.
  Ref<> raised = new_ref(exception);
  if (!traceback_add(raised, frame_object, int32_t(frame->lasti()))) {
    clear_error();
    restore_error(std::move(raised));
  }
}

namespace {

TracebackObject* self_traceback(Value v) { return as_traceback(v); }

void traceback_dealloc(Object* o) {
  auto* tb = static_cast<TracebackObject*>(o);
  gc_untrack(o);
  // Long chains (deep recursion) are freed iteratively, not by recursive deallocs.
  Object* next = tb->next;
  if (tb->frame) decref(tb->frame);
  free_object(o);
  while (next) {
    if (next->refcount > 1) {
      decref(next);
      break;
    }
    auto* link = static_cast<TracebackObject*>(next);
    next = link->next;
    link->next = nullptr;
    decref(link);
  }
}

void traceback_traverse(Object* o, VisitFn visit, void* arg) {
  auto* tb = static_cast<TracebackObject*>(o);
  if (tb->next) visit(tb->next, arg);
  if (tb->frame) visit(tb->frame, arg);
}

void traceback_clear(Object* o) {
  auto* tb = static_cast<TracebackObject*>(o);
  Object* next = tb->next;
  Object* frame = tb->frame;
  tb->next = nullptr;
  tb->frame = nullptr;
  if (next) decref(next);
  if (frame) decref(frame);
}

// An int argument that must fit a C int (tb_lasti, tb_lineno).
bool c_int_argument(Value v, int32_t* out) {
  if (!is_int(v) && !type_of(v)->to_index) {
    return type_error("'{}' object cannot be interpreted as an integer", type_name(v));
  }
  Ref<> index = number_index(v);
  if (!index) return false;
  int64_t n;
  if (!int_to_int64(index, &n) || n < INT32_MIN || n > INT32_MAX) {
    return overflow_error("Python int too large to convert to C int");
  }
  *out = int32_t(n);
  return true;
}

const MethodDef traceback_constructor{.name = "TracebackType",
                                      .signature = "(tb_next, tb_frame, tb_lasti, tb_lineno)"};

Ref<> traceback_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!traceback_constructor.parsed_signature) {
    traceback_constructor.parsed_signature = signature_parse(&traceback_constructor, nullptr);
  }
  BoundArgs bound;
  if (!bind_arguments(*traceback_constructor.parsed_signature, args, nargs, kwnames, &bound)) {
    return nullptr;
  }
  Value* values = bound.values();
  Value next = values[0], frame = values[1];
  if (!is_type(frame, &frame_type) && !is_instance_of(frame, &frame_type)) {
    return type_error("TracebackType() argument 'tb_frame' must be frame, not {}", type_name(frame));
  }
  int32_t lasti, lineno;
  if (!c_int_argument(values[2], &lasti) || !c_int_argument(values[3], &lineno)) return nullptr;
  if (is_none(next)) {
    next = Value();
  } else if (!is_traceback(next)) {
    return type_error("expected traceback object or None, got '{}'", type_name(next));
  }
  Ref<TracebackObject> tb = traceback_new(next ? next.as_object() : nullptr, frame.as_object(), 0, lineno);
  if (!tb) return nullptr;
  tb->lasti = lasti;  // as given: the caller speaks CPython's byte offsets
  return tb;
}

Ref<> traceback_get_lineno(Value self) { return int_from_small(traceback_lineno(self_traceback(self))); }

Ref<> traceback_get_next(Value self) {
  Object* next = self_traceback(self)->next;
  return new_ref(next ? Value(next) : None());
}

int traceback_set_next(Value self, Value value) {
  if (!value) return type_error("can't delete tb_next attribute");
  if (is_none(value)) {
    value = Value();
  } else if (!is_traceback(value)) {
    return type_error("expected traceback object, got '{}'", type_name(value));
  }
  for (Value cursor = value; cursor; cursor = Value(as_traceback(cursor)->next)) {
    if (cursor == self) return value_error("traceback loop detected");
  }
  TracebackObject* tb = self_traceback(self);
  Object* old = tb->next;
  if (value) incref(value);
  tb->next = value ? value.as_object() : nullptr;
  if (old) decref(old);
  return 0;
}

Ref<> traceback_dir(Value self, const Value* args) {
  Ref<ListObject> names = list_new(0);
  if (!names) return nullptr;
  for (const char* name : {"tb_frame", "tb_next", "tb_lasti", "tb_lineno"}) {
    Ref<StrObject> text = str_from_ascii(name);
    if (!text || !list_append_steal(names.get(), std::move(text))) return nullptr;
  }
  return names;
}

const MethodDef traceback_methods[] = {
    {.name = "__dir__", .impl = traceback_dir, .signature = "($self, /)"},
    {},
};

const GetSetDef traceback_getsets[] = {
    {"tb_next", traceback_get_next, traceback_set_next},
    {},
};

const MemberDef traceback_members[] = {
    {"tb_frame", MemberKind::Object, offsetof(TracebackObject, frame), true},
    {"tb_lasti", MemberKind::Int32, offsetof(TracebackObject, lasti), true},
    {.name = "tb_lineno", .kind = MemberKind::Computed, .readonly = true, .get = traceback_get_lineno},
    {},
};

}  // namespace

TypeObject traceback_type{TypeSpec{
    .name = "traceback",
    .doc = "TracebackType(tb_next, tb_frame, tb_lasti, tb_lineno)\n--\n\nCreate a new traceback object.",
    .basic_size = sizeof(TracebackObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = traceback_dealloc,
              .traverse = traceback_traverse,
              .clear = traceback_clear,
              .new_instance = traceback_new_slot,
              .getattr = generic_get_attr},
    .methods = traceback_methods,
    .getsets = traceback_getsets,
    .members = traceback_members,
}};

}  // namespace krait
