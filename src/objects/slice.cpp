// slice: the object made by `a[i:j:k]` and slice(), its methods (indices, __reduce__),
// and the index arithmetic every sequence type uses to apply a slice (slice.h).
#include "objects/slice.h"

#include <cstddef>

#include "core/alloc.h"
#include "core/error.h"
#include "core/ops.h"
#include "objects/container_util.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/gc.h"

namespace krait {

// --- Index arithmetic ---

bool slice_index(Value v, int64_t* out) {
  if (is_none(v)) return true;
  if (v.is_small_int()) {
    *out = v.as_small_int();
    return true;
  }
  if (!has_index(v)) {
    return type_error("slice indices must be integers or None or have an __index__ method");
  }
  return index_to_int64_clamped(v, out);
}

bool slice_index_not_none(Value v, int64_t* out) {
  if (v.is_small_int()) {
    *out = v.as_small_int();
    return true;
  }
  if (!has_index(v))
    return type_error("slice indices must be integers or have an __index__ method");
  return index_to_int64_clamped(v, out);
}

bool slice_unpack(Value slice, int64_t* start, int64_t* stop, int64_t* step) {
  SliceObject* s = as_slice(slice);
  *step = 1;
  if (!slice_index(s->step, step)) return false;
  if (*step == 0) return value_error("slice step cannot be zero");
  // Keeps `-step` representable for callers that reverse a negative slice.
  if (*step < -INT64_MAX) *step = -INT64_MAX;
  *start = *step < 0 ? INT64_MAX : 0;
  if (!slice_index(s->start, start)) return false;
  *stop = *step < 0 ? INT64_MIN : INT64_MAX;
  return slice_index(s->stop, stop);
}

// --- The slice type ---

namespace {
// One freed slice kept for the next, as CPython's slice cache: `a[i:j]` in a loop makes
// and drops one slice per pass.
ObjectFreelist<SliceObject, 1> slice_freelist;
}  // namespace

Ref<SliceObject> slice_new(Value start, Value stop, Value step) {
  SliceObject* s = slice_freelist.pop();
  if (!s) s = allocate<SliceObject>(&slice_type);
  if (!s) return nullptr;
  s->start = new_ref(start ? start : None()).release();
  s->stop = new_ref(stop ? stop : None()).release();
  s->step = new_ref(step ? step : None()).release();
  gc_track(s);
  return Ref<SliceObject>::steal(s);
}

namespace {

void slice_dealloc(Object* o) {
  auto* s = static_cast<SliceObject*>(o);
  gc_untrack(o);
  decref(s->start);
  decref(s->stop);
  decref(s->step);
  if (!slice_freelist.push(s)) free_object(o);
}

void slice_traverse(Object* o, VisitFn visit, void* arg) {
  auto* s = static_cast<SliceObject*>(o);
  for (Value v : {s->start, s->stop, s->step}) {
    if (v.is_object()) visit(v.as_object(), arg);
  }
}

Ref<> slice_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length > 0) return type_error("slice() takes no keyword arguments");
  if (nargs == 0) return type_error("slice expected at least 1 argument, got 0");
  if (nargs > 3) return type_error("slice expected at most 3 arguments, got {}", nargs);
  // slice(stop) and slice(start, stop[, step]), as range() takes its arguments.
  if (nargs == 1) return slice_new(None(), args[0], None());
  return slice_new(args[0], args[1], nargs == 3 ? args[2] : None());
}

Ref<> slice_repr(Value self) {
  SliceObject* s = as_slice(self);
  StrBuilder out;
  out.append_ascii("slice(");
  Value parts[3] = {s->start, s->stop, s->step};
  for (int i = 0; i < 3; ++i) {
    if (i) out.append_ascii(", ");
    Ref<StrObject> text = repr(parts[i]);
    if (!text) return nullptr;
    out.append(text.get());
  }
  out.append_ascii(")");
  return out.finish();
}

// Slices compare as the tuples (start, stop, step).
Ref<> slice_compare(Value a, Value b, CompareOp op) {
  if (!is_slice(a) || !is_slice(b)) return new_not_implemented();
  if (a == b) {
    return new_bool(op == CompareOp::Eq || op == CompareOp::Le || op == CompareOp::Ge);
  }
  SliceObject* x = as_slice(a);
  SliceObject* y = as_slice(b);
  Ref<TupleObject> left = tuple_of({x->start, x->stop, x->step});
  Ref<TupleObject> right = tuple_of({y->start, y->stop, y->step});
  if (!left || !right) return nullptr;
  return rich_compare(left.value(), right.value(), op);
}

// A bound of slice.indices() as an arbitrary-precision int.
Ref<> evaluate_slice_index(Value v) {
  if (!has_index(v)) {
    return type_error("slice indices must be integers or None or have an __index__ method");
  }
  return number_index(v);
}

// slice.indices(length) with ints of any size (CPython's _PySlice_GetLongIndices): the
// start, stop and step that range() needs to walk the same positions.
Ref<> slice_indices(Value self, const Value* args) {
  SliceObject* s = as_slice(self);
  Ref<> length = number_index(args[0]);
  if (!length) return nullptr;
  if (int_sign(length) < 0) return value_error("length should not be negative");
  Ref<> step;
  bool negative_step = false;
  if (is_none(s->step)) {
    step = int_from_int64(1);
  } else {
    step = evaluate_slice_index(s->step);
    if (!step) return nullptr;
    int sign = int_sign(step);
    if (sign == 0) return value_error("slice step cannot be zero");
    negative_step = sign < 0;
  }
  // The reachable range of positions: [0, length] forwards, [-1, length - 1] backwards.
  Ref<> lower = int_from_int64(negative_step ? -1 : 0);
  Ref<> upper = negative_step ? int_add(length, lower) : new_ref(length.value());
  if (!lower || !upper) return nullptr;
  auto bound = [&](Value given, Value when_none) -> Ref<> {
    if (is_none(given)) return new_ref(when_none);
    Ref<> index = evaluate_slice_index(given);
    if (!index) return nullptr;
    if (int_sign(index) < 0) {
      index = int_add(index, length);
      if (!index) return nullptr;
      if (int_compare(index, lower) < 0) return new_ref(lower.value());
      return index;
    }
    if (int_compare(index, upper) > 0) return new_ref(upper.value());
    return index;
  };
  Ref<> start = bound(s->start, negative_step ? upper.value() : lower.value());
  if (!start) return nullptr;
  Ref<> stop = bound(s->stop, negative_step ? lower.value() : upper.value());
  if (!stop) return nullptr;
  return tuple_of({start.value(), stop.value(), step.value()});
}

Ref<> slice_reduce(Value self, const Value* args) {
  SliceObject* s = as_slice(self);
  Ref<TupleObject> bounds = tuple_of({s->start, s->stop, s->step});
  if (!bounds) return nullptr;
  return tuple_of({Value(&slice_type), bounds.value()});
}

const MethodDef slice_methods[] = {
    {.name = "indices",
     .impl = slice_indices,
     .signature = "($self, length, /)",
     .doc = "S.indices(len) -> (start, stop, stride)\n"
        "\nAssuming a sequence of length len, calculate the start and stop\n"
        "indices, and the stride length of the extended slice described by\n"
        "S. Out of bounds indices are clipped in a manner consistent with the\n"
        "handling of normal slices.", .flags = kMethodNoTextSignature},
    {.name = "__reduce__",
     .impl = slice_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling.", .flags = kMethodNoTextSignature},
    {},
};

const MemberDef slice_members[] = {
    {"start", MemberKind::Object, offsetof(SliceObject, start), true},
    {"stop", MemberKind::Object, offsetof(SliceObject, stop), true},
    {"step", MemberKind::Object, offsetof(SliceObject, step), true},
    {},
};

}  // namespace

TypeObject slice_type{TypeSpec{
    .name = "slice",
    .doc = "slice(stop)\nslice(start, stop[, step])\n\nCreate a slice object.  This is used for "
           "extended slicing (e.g. a[0:10:2]).",
    .basic_size = sizeof(SliceObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = slice_dealloc,
              .traverse = slice_traverse,
              .new_instance = slice_new_slot,
              .repr = slice_repr,
              .compare = slice_compare,
              .getattr = generic_get_attr},
    .methods = slice_methods,
    .members = slice_members,
}};

}  // namespace krait
