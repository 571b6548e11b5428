// range objects (arbitrary-precision start/stop/step) and their iterators: range_iterator
// when everything fits in int64 (the VM's FOR_ITER_RANGE reads it directly), and
// longrange_iterator otherwise.
#include "objects/range.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/ops.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/slice.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"
#include "runtime/import.h"

namespace krait {

namespace {

RangeObject* as_range(Value v) { return static_cast<RangeObject*>(v.as_object()); }

Ref<> add(Value a, Value b) { return binary_op(a, b, BinaryOperator::Add); }
Ref<> sub(Value a, Value b) { return binary_op(a, b, BinaryOperator::Subtract); }
Ref<> mul(Value a, Value b) { return binary_op(a, b, BinaryOperator::Multiply); }
Ref<> floordiv(Value a, Value b) { return binary_op(a, b, BinaryOperator::FloorDivide); }

// len(range(start, stop, step)) = max(0, (stop - start + step - sign(step)) // step)
Ref<> compute_length(Value start, Value stop, Value step) {
  int64_t a, b, c;
  if (start.is_small_int() && stop.is_small_int() && step.is_small_int()) {
    // Within +-2**62, so the differences fit an int64; no 128-bit division.
    a = start.as_small_int();
    b = stop.as_small_int();
    c = step.as_small_int();
    int64_t n = 0;
    if (c == 1) n = a < b ? b - a : 0;
    else if (c > 0 && a < b) n = (b - a - 1) / c + 1;
    else if (c < 0 && a > b) n = (a - b - 1) / -c + 1;
    return int_from_int64(n);
  }
  if (int_to_int64(start, &a) && int_to_int64(stop, &b) && int_to_int64(step, &c)) {
    __int128 n = 0;
    if (c > 0 && a < b) n = ((__int128)b - a - 1) / c + 1;
    else if (c < 0 && a > b) n = ((__int128)a - b - 1) / -(__int128)c + 1;
    if (n <= INT64_MAX) return int_from_int64(int64_t(n));
  }
  int step_sign = int_sign(step);
  int cmp = int_compare(start, stop);
  if ((step_sign > 0 && cmp >= 0) || (step_sign < 0 && cmp <= 0)) return int_from_small(0);
  Ref<> diff = step_sign > 0 ? sub(stop, start) : sub(start, stop);
  if (!diff) return nullptr;
  Ref<> one = int_from_small(1);
  Ref<> diff1 = sub(diff, Value::small_int(1));
  if (!diff1) return nullptr;
  Ref<> magnitude = step_sign > 0 ? new_ref(step) : unary_negative(step);
  if (!magnitude) return nullptr;
  Ref<> q = floordiv(diff1, magnitude);
  if (!q) return nullptr;
  return add(q, Value::small_int(1));
}

Ref<> make_range(TypeObject* type, Value start, Value stop, Value step) {
  Ref<> length_value = compute_length(start, stop, step);
  if (!length_value) return nullptr;
  auto* r = allocate<RangeObject>(type);
  if (!r) return nullptr;
  incref(start);
  incref(stop);
  incref(step);
  r->start = start;
  r->stop = stop;
  r->step = step;
  r->length = length_value.release();
  return Ref<>::steal(Value(r));
}

Ref<> range_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("range() takes no keyword arguments");
  if (nargs == 0) return type_error("range expected at least 1 argument, got 0");
  if (nargs > 3) return type_error("range expected at most 3 arguments, got {}", nargs);
  if (args[0].is_small_int() && (nargs < 2 || args[1].is_small_int()) &&
      (nargs < 3 || (args[2].is_small_int() && args[2].as_small_int() != 0))) {
    // Small ints are their own index.
    if (nargs == 1) return make_range(type, Value::small_int(0), args[0], Value::small_int(1));
    return make_range(type, args[0], args[1], nargs == 3 ? args[2] : Value::small_int(1));
  }
  Ref<> values[3];
  for (size_t i = 0; i < nargs; ++i) {
    values[i] = number_index(args[i]);
    if (!values[i]) return nullptr;
  }
  if (nargs == 1) return make_range(type, Value::small_int(0), values[0], Value::small_int(1));
  Value step = nargs == 3 ? values[2].value() : Value::small_int(1);
  if (int_sign(step) == 0) return value_error("range() arg 3 must not be zero");
  return make_range(type, values[0], values[1], step);
}

void range_dealloc(Object* o) {
  auto* r = static_cast<RangeObject*>(o);
  decref(r->start);
  decref(r->stop);
  decref(r->step);
  decref(r->length);
  free_object(o);
}

Ref<> range_repr(Value self) {
  RangeObject* r = as_range(self);
  std::string text = "range(" + repr_for_message(r->start) + ", " + repr_for_message(r->stop);
  if (!(r->step.is_small_int() && r->step.as_small_int() == 1)) text += ", " + repr_for_message(r->step);
  return str_from_utf8(text + ")");
}

int64_t range_length(Value self) {
  int64_t n;
  if (!int_to_int64(as_range(self)->length, &n)) {
    return overflow_error("Python int too large to convert to C ssize_t");
  }
  return n;
}

int range_bool(Value self) { return int_sign(as_range(self)->length) != 0; }

// The i-th element (0 <= i < len) as start + i*step.
Ref<> element_at(RangeObject* r, Value i) {
  Ref<> offset = mul(i, r->step);
  if (!offset) return nullptr;
  return add(r->start, offset);
}

Ref<> range_getitem(Value self, Value key) {
  RangeObject* r = as_range(self);
  if (is_slice(key)) {
    // slice.indices on the length, then a new range.
    Ref<> indices = call_method1(key, str_intern_utf8("indices"), r->length);
    if (!indices) return nullptr;
    TupleObject* t = as_tuple(indices);
    Ref<> start = element_at(r, t->items[0]);
    Ref<> stop = element_at(r, t->items[1]);
    Ref<> step = mul(r->step, t->items[2]);
    if (!start || !stop || !step) return nullptr;
    return make_range(&range_type, start, stop, step);
  }
  if (!is_int(key) && !type_of(key)->to_index) {
    return type_error("range indices must be integers or slices, not {}", type_name(key));
  }
  Ref<> index = number_index(key);
  if (!index) return nullptr;
  if (int_sign(index) < 0) {
    index = add(index, r->length);
    if (!index) return nullptr;
  }
  if (int_sign(index) < 0 || int_compare(index, r->length) >= 0) {
    return index_error("range object index out of range");
  }
  return element_at(r, index);
}

// Membership for ints without iterating.
int contains_int(RangeObject* r, Value item) {
  int step_sign = int_sign(r->step);
  if (step_sign > 0) {
    if (int_compare(item, r->start) < 0 || int_compare(item, r->stop) >= 0) return 0;
  } else {
    if (int_compare(item, r->start) > 0 || int_compare(item, r->stop) <= 0) return 0;
  }
  Ref<> diff = sub(item, r->start);
  if (!diff) return -1;
  Ref<> remainder = binary_op(diff, r->step, BinaryOperator::Remainder);
  if (!remainder) return -1;
  return int_sign(remainder) == 0;
}

int range_contains(Value self, Value item) {
  if (is_exact_int(item) || is_type(item, &bool_type)) return contains_int(as_range(self), item);
  return contains_by_iteration(self, item);
}

Ref<> range_compare(Value a, Value b, CompareOp op) {
  if ((op != CompareOp::Eq && op != CompareOp::Ne) || !is_range(b)) return new_not_implemented();
  RangeObject* x = as_range(a);
  RangeObject* y = as_range(b);
  bool equal;
  if (x == y) {
    equal = true;
  } else if (int_compare(x->length, y->length) != 0) {
    equal = false;
  } else if (int_sign(x->length) == 0) {
    equal = true;
  } else if (int_compare(x->start, y->start) != 0) {
    equal = false;
  } else if (x->length.is_small_int() && x->length.as_small_int() == 1) {
    equal = true;
  } else {
    equal = int_compare(x->step, y->step) == 0;
  }
  return new_bool(op == CompareOp::Eq ? equal : !equal);
}

int64_t range_hash(Value self) {
  RangeObject* r = as_range(self);
  TupleHasher hasher;
  hasher.add(int_hash(r->length));
  if (int_sign(r->length) == 0) {
    hasher.add(hash(None()));
    hasher.add(hash(None()));
  } else {
    hasher.add(int_hash(r->start));
    if (r->length.is_small_int() && r->length.as_small_int() == 1) hasher.add(hash(None()));
    else hasher.add(int_hash(r->step));
  }
  return hasher.finish(3);
}

Ref<> make_iterator(Value start, Value step, Value length);

Ref<> range_iter(Value self) {
  RangeObject* r = as_range(self);
  return make_iterator(r->start, r->step, r->length);
}

Ref<> range_reversed(Value self, const Value* args) {
  RangeObject* r = as_range(self);
  // Last element = start + (len-1)*step, stepping by -step.
  Ref<> last_index = sub(r->length, Value::small_int(1));
  if (!last_index) return nullptr;
  Ref<> last = element_at(r, last_index);
  Ref<> step = unary_negative(r->step);
  if (!last || !step) return nullptr;
  return make_iterator(last, step, r->length);
}

Ref<> range_count(Value self, const Value* args) {
  Value item = args[0];
  if (is_exact_int(item) || is_type(item, &bool_type)) {
    int found = contains_int(as_range(self), item);
    if (found < 0) return nullptr;
    return int_from_small(found);
  }
  int64_t count = 0;
  bool ok = for_each(self, [&](Value v) {
    int equal = rich_compare_bool(v, item, CompareOp::Eq);
    if (equal < 0) return false;
    count += equal;
    return true;
  });
  if (!ok) return nullptr;
  return int_from_int64(count);
}

Ref<> range_index(Value self, const Value* args) {
  RangeObject* r = as_range(self);
  Value item = args[0];
  if (is_exact_int(item) || is_type(item, &bool_type)) {
    int found = contains_int(r, item);
    if (found < 0) return nullptr;
    if (!found) return value_error("{} is not in range", repr_for_message(item));
    Ref<> diff = sub(item, r->start);
    if (!diff) return nullptr;
    return floordiv(diff, r->step);
  }
  int64_t index = 0;
  Ref<> result;
  bool ok = for_each(self, [&](Value v) {
    int equal = rich_compare_bool(v, item, CompareOp::Eq);
    if (equal < 0) return false;
    if (equal) {
      result = int_from_int64(index);
      return false;
    }
    ++index;
    return true;
  });
  if (result) return result;
  if (!ok && error_occurred()) return nullptr;
  return value_error("sequence.index(x): x not in sequence");
}

Ref<> range_reduce(Value self, const Value* args) {
  RangeObject* r = as_range(self);
  Ref<TupleObject> arguments = tuple_of({r->start, r->stop, r->step});
  if (!arguments) return nullptr;
  return tuple_of({Value(type_of(self)), arguments.value()});
}

Ref<> get_start(Value self) { return new_ref(as_range(self)->start); }
Ref<> get_stop(Value self) { return new_ref(as_range(self)->stop); }
Ref<> get_step(Value self) { return new_ref(as_range(self)->step); }

const MethodDef range_methods[] = {
    {.name = "__reversed__", .impl = range_reversed, .signature = "($self, /)",
     .doc = "Return a reverse iterator.", .flags = kMethodNoTextSignature},
    {.name = "__reduce__", .impl = range_reduce, .signature = "($self, /)",
     .flags = kMethodNoTextSignature},
    {.name = "count", .impl = range_count, .signature = "($self, value, /)",
     .doc = "rangeobject.count(value) -> integer -- return number of occurrences of value",
     .flags = kMethodNoTextSignature},
    {.name = "index", .impl = range_index, .signature = "($self, value, /)",
     .doc = "rangeobject.index(value) -> integer -- return index of value.\nRaise ValueError if the value is not present.",
     .flags = kMethodNoTextSignature},
    {},
};

const GetSetDef range_getsets[] = {
    {},
};

// Members in CPython (member_descriptors; "readonly attribute" when read-only), computed here.
const MemberDef range_members[] = {
    {.name = "start", .kind = MemberKind::Computed, .readonly = true, .get = get_start},
    {.name = "stop", .kind = MemberKind::Computed, .readonly = true, .get = get_stop},
    {.name = "step", .kind = MemberKind::Computed, .readonly = true, .get = get_step},
    {},
};

// --- Iterators ---

struct LongRangeIteratorObject : Object {
  Value next;
  Value step;
  Value remaining;
  Value start;   // as RangeIteratorObject: what pickling needs
  Value length;
};

Ref<> make_iterator(Value start, Value step, Value length) {
  int64_t a, c, n;
  bool small = start.is_small_int() && step.is_small_int() && length.is_small_int();
  if (small) {
    a = start.as_small_int();
    c = step.as_small_int();
    n = length.as_small_int();
  }
  if (small || (int_to_int64(start, &a) && int_to_int64(step, &c) && int_to_int64(length, &n))) {
    // The last value must fit too.
    __int128 last = (__int128)a + (__int128)c * (n > 0 ? n - 1 : 0);
    if (last >= Value::kSmallIntMin && last <= Value::kSmallIntMax && a >= Value::kSmallIntMin &&
        a <= Value::kSmallIntMax) {
      auto* it = allocate<RangeIteratorObject>(&range_iterator_type);
      if (!it) return nullptr;
      it->next = a;
      it->step = c;
      it->remaining = n;
      it->start = a;
      it->length = n;
      return Ref<>::steal(Value(it));
    }
  }
  auto* it = allocate<LongRangeIteratorObject>(&longrange_iterator_type);
  if (!it) return nullptr;
  it->next = new_ref(start).release();
  it->step = new_ref(step).release();
  it->remaining = new_ref(length).release();
  it->start = new_ref(start).release();
  it->length = new_ref(length).release();
  return Ref<>::steal(Value(it));
}

Ref<> self_iter(Value self) { return new_ref(self); }

Ref<> range_iter_next(Value self) {
  auto* it = static_cast<RangeIteratorObject*>(self.as_object());
  if (it->remaining <= 0) return nullptr;
  return int_from_small(range_iterator_take(it));
}

Ref<> range_iter_length_hint(Value self, const Value* args) {
  return int_from_int64(static_cast<RangeIteratorObject*>(self.as_object())->remaining);
}

// iter(range(start, start + length * step, step)) with the index reached as the state.
Ref<> reduce_range_iterator(Value start, Value step, Value length, Value index) {
  Ref<> span = mul(length, step);
  Ref<> stop = span ? add(start, span) : nullptr;
  if (!stop) return nullptr;
  Ref<> range = make_range(&range_type, start, stop, step);
  Ref<> iter_fn = builtin_function("iter");
  if (!range || !iter_fn) return nullptr;
  Ref<TupleObject> arguments = tuple_of({range.value()});
  return tuple_of({iter_fn.value(), arguments.value(), index});
}

Ref<> range_iter_reduce(Value self, const Value* args) {
  auto* it = static_cast<RangeIteratorObject*>(self.as_object());
  Ref<> start = int_from_int64(it->start);
  Ref<> step = int_from_int64(it->step);
  Ref<> length = int_from_int64(it->length);
  Ref<> index = int_from_int64(it->length - it->remaining);
  if (!start || !step || !length || !index) return nullptr;
  return reduce_range_iterator(start, step, length, index);
}

// Moves to index `state`, clamped to [0, length].
Ref<> range_iter_setstate(Value self, const Value* args) {
  auto* it = static_cast<RangeIteratorObject*>(self.as_object());
  if (!is_int(args[0])) return type_error("an integer is required");
  int64_t index;
  if (int_sign(args[0]) < 0) index = 0;
  else if (!int_to_int64(args[0], &index) || index > it->length) index = it->length;
  it->remaining = it->length - index;
  // Wrapping arithmetic: at index == length the value is past the end and never read.
  it->next = int64_t(uint64_t(it->start) + uint64_t(it->step) * uint64_t(index));
  return new_none();
}

const MethodDef range_iter_methods[] = {
    {.name = "__length_hint__", .impl = range_iter_length_hint, .signature = "($self, /)",
     .doc = "Private method returning an estimate of len(list(it))."},
    {.name = "__reduce__", .impl = range_iter_reduce, .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__", .impl = range_iter_setstate, .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {},
};

void longrange_dealloc(Object* o) {
  auto* it = static_cast<LongRangeIteratorObject*>(o);
  decref(it->next);
  decref(it->step);
  decref(it->remaining);
  decref(it->start);
  decref(it->length);
  free_object(o);
}

Ref<> longrange_next(Value self) {
  auto* it = static_cast<LongRangeIteratorObject*>(self.as_object());
  if (int_sign(it->remaining) <= 0) return nullptr;
  Ref<> following = add(it->next, it->step);
  Ref<> remaining = sub(it->remaining, Value::small_int(1));
  if (!following || !remaining) return nullptr;
  Value current = it->next;
  it->next = following.release();
  decref(it->remaining);
  it->remaining = remaining.release();
  return Ref<>::steal(current);
}

Ref<> longrange_length_hint(Value self, const Value* args) {
  return new_ref(static_cast<LongRangeIteratorObject*>(self.as_object())->remaining);
}

Ref<> longrange_reduce(Value self, const Value* args) {
  auto* it = static_cast<LongRangeIteratorObject*>(self.as_object());
  Ref<> index = sub(it->length, it->remaining);
  if (!index) return nullptr;
  return reduce_range_iterator(it->start, it->step, it->length, index);
}

// Moves to index `state`, clamped to [0, length].
Ref<> longrange_setstate(Value self, const Value* args) {
  auto* it = static_cast<LongRangeIteratorObject*>(self.as_object());
  if (!is_int(args[0])) return type_error("an integer is required");
  Value index = args[0];
  if (int_sign(index) < 0) index = Value::small_int(0);
  Ref<> over = rich_compare(index, it->length, CompareOp::Gt);
  if (!over) return nullptr;
  if (is_true(over)) index = it->length;
  Ref<> advance = mul(index, it->step);
  Ref<> following = advance ? add(it->start, advance) : nullptr;
  Ref<> remaining = following ? sub(it->length, index) : nullptr;
  if (!remaining) return nullptr;
  decref(it->next);
  it->next = following.release();
  decref(it->remaining);
  it->remaining = remaining.release();
  return new_none();
}

const MethodDef longrange_methods[] = {
    {.name = "__length_hint__", .impl = longrange_length_hint, .signature = "($self, /)",
     .doc = "Private method returning an estimate of len(list(it))."},
    {.name = "__reduce__", .impl = longrange_reduce, .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__", .impl = longrange_setstate, .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {},
};

}  // namespace

TypeObject range_type{TypeSpec{
    .name = "range",
    .doc = "range(stop) -> range object\nrange(start, stop[, step]) -> range object\n\n"
           "Return an object that produces a sequence of integers from start (inclusive)\n"
           "to stop (exclusive) by step.  range(i, j) produces i, i+1, i+2, ..., j-1.\n"
           "start defaults to 0, and stop is omitted!  range(4) produces 0, 1, 2, 3.\n"
           "These are exactly the valid indices for a list of 4 elements.\n"
           "When step is given, it specifies the increment (or decrement).",
    .basic_size = sizeof(RangeObject),
    .flags = kTypeSequence,
    .slots = {.dealloc = range_dealloc,
              .new_instance = range_new,
              .repr = range_repr,
              .hash = range_hash,
              .compare = range_compare,
              .getattr = generic_get_attr,
              .iter = range_iter,
              .length = range_length,
              .getitem = range_getitem,
              .contains = range_contains,
              .to_bool = range_bool},
    .methods = range_methods,
    .getsets = range_getsets,
    .members = range_members,
}};

TypeObject range_iterator_type{TypeSpec{
    .name = "range_iterator",
    .basic_size = sizeof(RangeIteratorObject),
    .slots = {.dealloc = dealloc_plain,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = range_iter_next},
    .methods = range_iter_methods,
}};

TypeObject longrange_iterator_type{TypeSpec{
    .name = "longrange_iterator",
    .basic_size = sizeof(LongRangeIteratorObject),
    .slots = {.dealloc = longrange_dealloc,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = longrange_next},
    .methods = longrange_methods,
}};

}  // namespace krait
