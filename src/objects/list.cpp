// list: storage with CPython's over-allocation (so sys.getsizeof agrees), the C++ API of
// list.h, the type's slots and methods, list_iterator and list_reverseiterator. Sorting
// lives in list_sort.cpp.
//
// Any comparison or iteration may run Python code that mutates the list being worked on,
// so loops re-read `length` and `items` after every such call and keep their own
// reference to items they compare.
#include "objects/list.h"

#include <cstdlib>
#include <cstring>
#include <iterator>
#include <memory>
#include <new>

#include "core/alloc.h"
#include "core/error.h"
#include "core/small_alloc.h"
#include "core/ops.h"
#include "objects/container_util.h"
#include "objects/genericalias.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/slice.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/gc.h"
#include "runtime/gc_state.h"

namespace krait {

// --- Storage ---

namespace {

// Items taken out of a list, released only once the list is consistent again (their
// finalizers may look at it). A few fit on the stack (CPython's recycle_on_stack): no heap
// block for a short slice.
class RemovedItems {
 public:
  // False with MemoryError when n items do not fit.
  bool reserve(int64_t n) {
    if (n <= int64_t(std::size(on_stack_))) return true;
    on_heap_.reset(new (std::nothrow) Value[size_t(n)]);
    if (!on_heap_) return raise_memory_error();
    items_ = on_heap_.get();
    return true;
  }
  void push(Value v) { items_[size_++] = v; }
  void release_in_order() {
    for (int64_t k = 0; k < size_; ++k) decref(items_[k]);
    size_ = 0;
  }
  void release_last_first() {
    while (size_ > 0) decref(items_[--size_]);
  }

 private:
  Value on_stack_[8];
  std::unique_ptr<Value[]> on_heap_;
  Value* items_ = on_stack_;
  int64_t size_ = 0;
};

// Sets the length to newsize, reallocating when the capacity is too small or more than
// twice too large. Growth over-allocates by about 1/8 (plus a little, rounded to a
// multiple of 4), CPython's formula; a large jump (as from extend) allocates just enough.
bool list_resize(ListObject* list, int64_t newsize) {
  int64_t allocated = list->capacity;
  if (allocated >= newsize && newsize >= (allocated >> 1)) {
    list->length = newsize;
    return true;
  }
  uint64_t new_allocated = (uint64_t(newsize) + uint64_t(newsize >> 3) + 6) & ~uint64_t{3};
  if (newsize - list->length > int64_t(new_allocated) - newsize) {
    new_allocated = (uint64_t(newsize) + 3) & ~uint64_t{3};
  }
  if (newsize == 0) new_allocated = 0;
  if (new_allocated > uint64_t(INT64_MAX) / sizeof(Value)) return raise_memory_error();
  Value* items = nullptr;
  if (new_allocated) {
    items = static_cast<Value*>(block_resize(list->items, size_t(list->capacity) * sizeof(Value),
                                             new_allocated * sizeof(Value)));
    if (!items) return raise_memory_error();
  } else if (list->items) {
    block_free(list->items);
  }
  list->items = items;
  list->length = newsize;
  list->capacity = int64_t(new_allocated);
  return true;
}

// Allocates room for exactly n items (rounded up to even: the allocator's granularity
// makes the odd slot free) in a list that has no storage yet.
bool list_preallocate_exact(ListObject* list, int64_t n) {
  n = (n + 1) & ~int64_t{1};
  if (n > INT64_MAX / int64_t(sizeof(Value))) return raise_memory_error();
  auto* items = static_cast<Value*>(block_resize(nullptr, 0, size_t(n) * sizeof(Value)));
  if (!items) return raise_memory_error();
  list->items = items;
  list->capacity = n;
  return true;
}

// Empties the list; the items are released after the list is consistent, since their
// finalizers may look at it.
void list_clear_items(ListObject* list) {
  Value* items = list->items;
  if (!items) return;
  int64_t n = list->length;
  list->items = nullptr;
  list->length = 0;
  list->capacity = 0;
  while (--n >= 0) decref(items[n]);
  block_free(items);
}

ObjectFreelist<ListObject, 80> list_freelist;

ListObject* allocate_list(TypeObject* type) {
  if (type == &list_type) {
    if (ListObject* list = list_freelist.pop()) return list;
  }
  return allocate<ListObject>(type, size_t(type->basic_size));
}

}  // namespace

void list_clear_freelist() {
  while (ListObject* list = list_freelist.pop()) free_object(list);
}

Ref<ListObject> list_new(int64_t length) {
  if (length < 0) return system_error("negative list size");
  ListObject* list = allocate_list(&list_type);
  if (!list) return nullptr;
  Ref<ListObject> result = Ref<ListObject>::steal(list);
  if (length > 0) {
    if (length > INT64_MAX / int64_t(sizeof(Value))) return raise_memory_error();
    list->items = static_cast<Value*>(block_alloc_zeroed(size_t(length) * sizeof(Value)));
    if (!list->items) return raise_memory_error();
    list->length = length;
    list->capacity = length;
  }
  gc_track(list);
  return result;
}

Ref<ListObject> list_with_capacity(int64_t capacity) {
  Ref<ListObject> list = list_new(0);
  if (!list || capacity <= 0) return list;
  if (capacity > INT64_MAX / int64_t(sizeof(Value))) return raise_memory_error();
  list->items = static_cast<Value*>(block_alloc(size_t(capacity) * sizeof(Value)));
  if (!list->items) return raise_memory_error();
  list->capacity = capacity;
  return list;
}

Ref<ListObject> list_from_array(const Value* items, int64_t n) {
  // Uninitialised storage: nothing between the allocation and the copy can run the
  // collector, and the length covers only copied items.
  Ref<ListObject> list = list_with_capacity(n);
  if (!list) return nullptr;
  for (int64_t i = 0; i < n; ++i) {
    incref(items[i]);
    list->items[i] = items[i];
  }
  list->length = n;
  return list;
}

Ref<ListObject> list_slice(ListObject* list, int64_t start, int64_t stop) {
  if (start < 0) start = 0;
  if (stop > list->length) stop = list->length;
  if (stop < start) stop = start;
  return list_from_array(list->items + start, stop - start);
}

bool list_append_slow(ListObject* list, Value owned) {
  int64_t n = list->length;
  if (!list_resize(list, n + 1)) {
    decref(owned);
    return false;
  }
  list->items[n] = owned;
  return true;
}

bool list_insert(ListObject* list, int64_t where, Value item) {
  int64_t n = list->length;
  if (where < 0) {
    where += n;
    if (where < 0) where = 0;
  }
  if (where > n) where = n;
  if (!list_resize(list, n + 1)) return false;
  std::memmove(static_cast<void*>(list->items + where + 1), list->items + where,
               size_t(n - where) * sizeof(Value));
  incref(item);
  list->items[where] = item;
  return true;
}

namespace {

// What list.extend reserves for an iterable without a length hint (CPython's default).
constexpr int64_t kDefaultExtendHint = 8;

// Room for `hint` more items, the length unchanged (list.extend's reservation).
bool list_reserve(ListObject* list, int64_t hint) {
  int64_t m = list->length;
  if (m > INT64_MAX - hint) return true;
  if (!list_resize(list, m + hint)) return false;
  list->length = m;
  return true;
}

}  // namespace

// list.extend: exact lists and tuples (and the list itself) are copied directly; other
// iterables are iterated after reserving their length hint.
bool list_extend(ListObject* list, Value iterable) {
  if (is_exact_list(iterable) || is_exact_tuple(iterable) || iterable == Value(list)) {
    Ref<> keep = new_ref(iterable);
    int64_t n = sequence_fast_length(iterable);
    if (n == 0) return true;
    int64_t m = list->length;
    if (!list->items) {
      if (!list_preallocate_exact(list, n)) return false;
      list->length = n;
    } else if (!list_resize(list, m + n)) {
      return false;
    }
    // Read the source after the resize: for list.extend(list) it is our own storage.
    Value* source = sequence_fast_items(iterable);
    for (int64_t i = 0; i < n; ++i) {
      incref(source[i]);
      list->items[m + i] = source[i];
    }
    return true;
  }
  Ref<> iterator = get_iter(iterable);
  if (!iterator) return false;
  int64_t hint = length_hint(iterable, kDefaultExtendHint);
  if (hint < 0 || !list_reserve(list, hint)) return false;
  UnaryFn next = type_of(iterator)->iternext;
  for (;;) {
    Ref<> item = next(iterator);
    if (!item) {
      if (error_occurred()) {
        if (!error_matches(&exc::StopIteration)) return false;
        clear_error();
      }
      break;
    }
    if (!list_append_steal(list, std::move(item))) return false;
  }
  return list_trim_after_iteration(list);
}

Ref<ListObject> list_for_iteration() {
  ListObject* list = allocate_list(&list_type);
  if (!list) return nullptr;
  Ref<ListObject> result = Ref<ListObject>::steal(list);
  gc_track(list);
  if (!list_reserve(list, kDefaultExtendHint)) return nullptr;
  return result;
}

bool list_trim_after_iteration(ListObject* list) {
  // Give back what the hint over-reserved.
  return list->length == list->capacity || list_resize(list, list->length);
}

Ref<ListObject> list_from_iterable(Value iterable) {
  ListObject* list = allocate_list(&list_type);
  if (!list) return nullptr;
  Ref<ListObject> result = Ref<ListObject>::steal(list);
  gc_track(list);
  if (type_of(iterable)->length) {
    int64_t n = type_of(iterable)->length(iterable);
    if (n < 0) {
      if (!error_matches(&exc::TypeError)) return nullptr;
      clear_error();
    } else if (n > 0 && !list_preallocate_exact(list, n)) {
      return nullptr;
    }
  }
  if (!list_extend(list, iterable)) return nullptr;
  return result;
}

Ref<> list_as_tuple(ListObject* list) { return tuple_from_array(list->items, list->length); }

void list_reverse(ListObject* list) {
  if (list->length < 2) return;  // an empty list may have no items array at all
  Value* low = list->items;
  Value* high = list->items + list->length - 1;
  for (; low < high; ++low, --high) std::swap(*low, *high);
}

Ref<> sequence_fast(Value v, const char* message) {
  if (is_exact_list(v) || is_exact_tuple(v)) return new_ref(v);
  Ref<> iterator = get_iter(v);
  if (!iterator) {
    if (error_matches(&exc::TypeError)) {
      clear_error();
      type_error("{}", message);
    }
    return nullptr;
  }
  return list_from_iterable(iterator);
}

int64_t sequence_fast_length(Value fast) {
  return is_list(fast) ? as_list(fast)->length : as_tuple(fast)->length;
}

Value* sequence_fast_items(Value fast) {
  return is_list(fast) ? as_list(fast)->items : as_tuple(fast)->items;
}

bool list_assign_slice(ListObject* list, int64_t low, int64_t high, Value v) {
  Ref<> fast;
  int64_t n = 0;
  if (v) {
    if (v == Value(list)) {
      // a[i:j] = a: copy first, the storage is about to change.
      Ref<ListObject> copy = list_slice(list, 0, list->length);
      return copy && list_assign_slice(list, low, high, copy.value());
    }
    fast = sequence_fast(v, "can only assign an iterable");
    if (!fast) return false;
    n = sequence_fast_length(fast);
  }
  int64_t length = list->length;
  if (low < 0)
    low = 0;
  else if (low > length)
    low = length;
  if (high < low)
    high = low;
  else if (high > length)
    high = length;
  int64_t removed_count = high - low;
  int64_t delta = n - removed_count;
  if (length + delta == 0) {
    list_clear_items(list);
    return true;
  }
  RemovedItems removed;
  if (!removed.reserve(removed_count)) return false;
  for (int64_t k = low; k < high; ++k) removed.push(list->items[k]);
  if (delta < 0) {
    std::memmove(static_cast<void*>(list->items + high + delta), list->items + high,
                 size_t(length - high) * sizeof(Value));
    if (!list_resize(list, length + delta)) return false;
  } else if (delta > 0) {
    if (!list_resize(list, length + delta)) return false;
    std::memmove(static_cast<void*>(list->items + high + delta), list->items + high,
                 size_t(length - high) * sizeof(Value));
  }
  Value* source = fast ? sequence_fast_items(fast) : nullptr;
  for (int64_t k = 0; k < n; ++k) {
    incref(source[k]);
    list->items[low + k] = source[k];
  }
  removed.release_last_first();
  return true;
}

// --- The list type's slots ---

namespace {

ListObject* self_list(Value v) { return as_list(v); }

void list_dealloc(Object* o) {
  auto* list = static_cast<ListObject*>(o);
  gc_untrack(o);
  if (list->items) {
    for (int64_t i = list->length; --i >= 0;) decref(list->items[i]);
    block_free(list->items);
  }
  if (o->type != &list_type || !list_freelist.push(list)) free_object(o);
}

void list_traverse(Object* o, VisitFn visit, void* arg) {
  auto* list = static_cast<ListObject*>(o);
  for (int64_t i = 0; i < list->length; ++i) {
    if (list->items[i].is_object()) visit(list->items[i].as_object(), arg);
  }
}

void list_clear_slot(Object* o) { list_clear_items(static_cast<ListObject*>(o)); }

Ref<> list_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  ListObject* list = allocate_list(type);
  if (!list) return nullptr;
  gc_track(list);
  return Ref<>::steal(Value(list));
}

int list_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  TypeObject* type = type_of(self);
  if (kwnames && kwnames->length > 0 &&
      (type == &list_type || type->new_instance == list_type.new_instance)) {
    return type_error("list() takes no keyword arguments");
  }
  if (nargs > 1) return type_error("list expected at most 1 argument, got {}", nargs);
  ListObject* list = self_list(self);
  list_clear_items(list);
  if (nargs == 0) return 0;
  Value iterable = args[0];
  if (type_of(iterable)->length) {
    int64_t n = type_of(iterable)->length(iterable);
    if (n < 0) {
      if (!error_matches(&exc::TypeError)) return -1;
      clear_error();
    } else if (n > 0 && !list->items && !list_preallocate_exact(list, n)) {
      return -1;
    }
  }
  return list_extend(list, iterable) ? 0 : -1;
}

Ref<> list_repr(Value self) {
  ListObject* list = self_list(self);
  if (list->length == 0) return str_from_ascii("[]");
  ReprGuard guard(list);
  if (guard.recursive()) return str_from_ascii("[...]");
  StrBuilder out;
  out.append(U'[');
  // repr() of an item may mutate the list: re-read the length every time.
  for (int64_t i = 0; i < list->length; ++i) {
    if (i) out.append_ascii(", ");
    Ref<> item = new_ref(list->items[i]);
    Ref<StrObject> text = repr(item);
    if (!text) return nullptr;
    out.append(text.get());
  }
  out.append(U']');
  return out.finish();
}

// Lexicographic comparison; lists of different lengths are never equal.
Ref<> list_compare(Value a, Value b, CompareOp op) {
  if (!is_list(a) || !is_list(b)) return new_not_implemented();
  ListObject* x = self_list(a);
  ListObject* y = self_list(b);
  if (x->length != y->length && (op == CompareOp::Eq || op == CompareOp::Ne)) {
    return new_bool(op == CompareOp::Ne);
  }
  int64_t i = 0;
  for (; i < x->length && i < y->length; ++i) {
    Value xi = x->items[i];
    Value yi = y->items[i];
    if (xi == yi) continue;
    Ref<> keep_x = new_ref(xi);
    Ref<> keep_y = new_ref(yi);
    int equal = rich_compare_bool(xi, yi, CompareOp::Eq);
    if (equal < 0) return nullptr;
    if (!equal) break;
  }
  if (i >= x->length || i >= y->length) return new_bool(compare_lengths(x->length, y->length, op));
  if (op == CompareOp::Eq) return new_bool(false);
  if (op == CompareOp::Ne) return new_bool(true);
  Ref<> keep_x = new_ref(x->items[i]);
  Ref<> keep_y = new_ref(y->items[i]);
  return rich_compare(keep_x, keep_y, op);
}

int64_t list_length(Value self) { return self_list(self)->length; }

int list_contains(Value self, Value item) {
  ListObject* list = self_list(self);
  for (int64_t i = 0; i < list->length; ++i) {
    Ref<> element = new_ref(list->items[i]);
    int equal = rich_compare_bool(element, item, CompareOp::Eq);
    if (equal != 0) return equal;
  }
  return 0;
}

// An int-like subscript as an index into a list of `length`, negative counting from the end.
bool subscript_index(Value key, int64_t length, int64_t* out) {
  if (key.is_small_int()) {
    *out = key.as_small_int();
  } else if (!index_to_int64(key, out, &exc::IndexError)) {
    return false;
  }
  if (*out < 0) *out += length;
  return true;
}

Ref<> list_subscript(Value self, Value key) {
  ListObject* list = self_list(self);
  if (key.is_small_int() || has_index(key)) {
    int64_t i;
    if (!subscript_index(key, list->length, &i)) return nullptr;
    if (uint64_t(i) >= uint64_t(list->length)) return index_error("list index out of range");
    return new_ref(list->items[i]);
  }
  if (is_slice(key)) {
    int64_t start, stop, step;
    if (!slice_unpack(key, &start, &stop, &step)) return nullptr;
    return list_get_slice(list, start, stop, step);
  }
  return type_error("list indices must be integers or slices, not {}", type_name(key));
}

// del a[start:stop:step] for a step other than 1: slides the kept items down over the
// deleted ones in one pass.
bool delete_extended_slice(ListObject* list, int64_t start, int64_t stop, int64_t step,
                           int64_t count) {
  if (count <= 0) return true;
  if (step < 0) {
    // Walk the same positions forwards.
    start += step * (count - 1);
    step = -step;
  }
  RemovedItems removed;
  if (!removed.reserve(count)) return false;
  int64_t length = list->length;
  Value* items = list->items;
  // Positions are computed as start + k * step (k < count, all in range), never by
  // stepping past the end, so a huge step cannot overflow. The last move takes the tail.
  for (int64_t k = 0; k < count; ++k) {
    int64_t cur = start + k * step;
    removed.push(items[cur]);
    int64_t kept = k + 1 < count ? step - 1 : length - cur - 1;
    std::memmove(static_cast<void*>(items + cur - k), items + cur + 1,
                 size_t(kept) * sizeof(Value));
  }
  list->length = length - count;
  bool ok = list_resize(list, list->length);
  removed.release_in_order();
  return ok;
}

bool assign_extended_slice(ListObject* list, int64_t start, int64_t step, int64_t count,
                           Value value) {
  // a[::-1] = a must read the old order.
  Ref<> fast = value == Value(list)
                   ? Ref<>(list_slice(list, 0, list->length))
                   : sequence_fast(value, "must assign iterable to extended slice");
  if (!fast) return false;
  int64_t n = sequence_fast_length(fast);
  if (n != count) {
    return value_error("attempt to assign sequence of size {} to extended slice of size {}", n,
                       count);
  }
  if (count == 0) return true;
  RemovedItems removed;
  if (!removed.reserve(count)) return false;
  Value* source = sequence_fast_items(fast);
  uint64_t cur = uint64_t(start);  // unsigned: the step past the last item may overflow
  for (int64_t k = 0; k < count; ++k, cur += uint64_t(step)) {
    removed.push(list->items[cur]);
    incref(source[k]);
    list->items[cur] = source[k];
  }
  removed.release_in_order();
  return true;
}

int list_assign_subscript(Value self, Value key, Value value) {
  ListObject* list = self_list(self);
  if (key.is_small_int() || has_index(key)) {
    int64_t i;
    if (!subscript_index(key, list->length, &i)) return -1;
    if (uint64_t(i) >= uint64_t(list->length))
      return index_error("list assignment index out of range");
    if (!value) return list_assign_slice(list, i, i + 1, Value()) ? 0 : -1;
    incref(value);
    Value old = list->items[i];
    list->items[i] = value;
    decref(old);
    return 0;
  }
  if (is_slice(key)) {
    int64_t start, stop, step;
    if (!slice_unpack(key, &start, &stop, &step)) return -1;
    return list_set_slice(list, start, stop, step, value) ? 0 : -1;
  }
  return type_error("list indices must be integers or slices, not {}", type_name(key));
}

}  // namespace

Ref<> list_get_slice(ListObject* list, int64_t start, int64_t stop, int64_t step) {
  int64_t n = slice_adjust_indices(list->length, &start, &stop, step);
  if (step == 1) return list_slice(list, start, stop);
  Ref<ListObject> result = list_with_capacity(n);  // filled before anything else runs
  if (!result) return nullptr;
  // Unsigned: stepping past the last item must not overflow (steps may be huge).
  uint64_t at = uint64_t(start);
  for (int64_t k = 0; k < n; ++k, at += uint64_t(step)) {
    incref(list->items[at]);
    result->items[k] = list->items[at];
  }
  result->length = n;
  return result;
}

bool list_set_slice(ListObject* list, int64_t start, int64_t stop, int64_t step, Value value) {
  int64_t count = slice_adjust_indices(list->length, &start, &stop, step);
  if (step == 1) return list_assign_slice(list, start, stop, value);
  // s[5:2] = [..] inserts at the right place: before 5, not before 2.
  if ((step < 0 && start < stop) || (step > 0 && start > stop)) stop = start;
  return value ? assign_extended_slice(list, start, step, count, value)
               : delete_extended_slice(list, start, stop, step, count);
}

// Outside the anonymous namespace: the CALL specialisation of `lst.append(x)` recognises it
// (vm/specialize.h).
Ref<> list_append_method(Value self, const Value* args) {
  if (!list_append(self_list(self), args[0])) return nullptr;
  return new_none();
}

namespace {

Ref<> list_concat(Value a, Value b) {
  if (!is_list(b)) {
    return type_error("can only concatenate list (not \"{}\") to list", type_name(b));
  }
  ListObject* x = self_list(a);
  ListObject* y = self_list(b);
  Ref<ListObject> result = list_new(x->length + y->length);
  if (!result) return nullptr;
  for (int64_t i = 0; i < x->length; ++i) {
    incref(x->items[i]);
    result->items[i] = x->items[i];
  }
  for (int64_t i = 0; i < y->length; ++i) {
    incref(y->items[i]);
    result->items[x->length + i] = y->items[i];
  }
  return result;
}

Ref<> list_repeat(Value self, int64_t count) {
  ListObject* list = self_list(self);
  int64_t n = list->length;
  if (count < 0) count = 0;
  if (count > 0 && n > INT64_MAX / int64_t(sizeof(Value)) / count) return raise_memory_error();
  Ref<ListObject> result = list_new(n * count);
  if (!result) return nullptr;
  Value* out = result->items;
  for (int64_t k = 0; k < count; ++k) {
    for (int64_t i = 0; i < n; ++i) {
      incref(list->items[i]);
      *out++ = list->items[i];
    }
  }
  return result;
}

Ref<> list_inplace_concat(Value self, Value other) {
  if (!list_extend(self_list(self), other)) return nullptr;
  return new_ref(self);
}

Ref<> list_inplace_repeat(Value self, int64_t count) {
  ListObject* list = self_list(self);
  int64_t n = list->length;
  if (n == 0 || count == 1) return new_ref(self);
  if (count < 1) {
    list_clear_items(list);
    return new_ref(self);
  }
  if (n > INT64_MAX / int64_t(sizeof(Value)) / count) return raise_memory_error();
  if (!list_resize(list, n * count)) return nullptr;
  for (int64_t k = 1; k < count; ++k) {
    for (int64_t i = 0; i < n; ++i) {
      incref(list->items[i]);
      list->items[k * n + i] = list->items[i];
    }
  }
  return new_ref(self);
}

Ref<> list_iter(Value self);
Ref<> list_reversed(Value self, const Value* args);

// --- Methods ---

Ref<> list_extend_method(Value self, const Value* args) {
  if (!list_extend(self_list(self), args[0])) return nullptr;
  return new_none();
}

Ref<> list_insert_method(Value self, const Value* args) {
  int64_t index;
  if (args[0].is_small_int()) {
    index = args[0].as_small_int();
  } else if (!has_index(args[0])) {
    return type_error("'{}' object cannot be interpreted as an integer", type_name(args[0]));
  } else if (!index_to_int64(args[0], &index)) {
    return nullptr;
  }
  if (!list_insert(self_list(self), index, args[1])) return nullptr;
  return new_none();
}

Ref<> list_pop_method(Value self, const Value* args) {
  ListObject* list = self_list(self);
  int64_t index = -1;
  if (args[0].is_small_int()) {
    index = args[0].as_small_int();
  } else if (!has_index(args[0])) {
    return type_error("'{}' object cannot be interpreted as an integer", type_name(args[0]));
  } else if (!index_to_int64(args[0], &index)) {
    return nullptr;
  }
  if (list->length == 0) return index_error("pop from empty list");
  if (index < 0) index += list->length;
  if (uint64_t(index) >= uint64_t(list->length)) return index_error("pop index out of range");
  Value v = list->items[index];
  if (index == list->length - 1) {
    // The list's reference becomes the result's.
    if (!list_resize(list, list->length - 1)) return nullptr;
    return Ref<>::steal(v);
  }
  Ref<> result = new_ref(v);
  if (!list_assign_slice(list, index, index + 1, Value())) return nullptr;
  return result;
}

Ref<> list_remove_method(Value self, const Value* args) {
  ListObject* list = self_list(self);
  for (int64_t i = 0; i < list->length; ++i) {
    Ref<> item = new_ref(list->items[i]);
    int equal = rich_compare_bool(item, args[0], CompareOp::Eq);
    if (equal < 0) return nullptr;
    if (equal) {
      if (!list_assign_slice(list, i, i + 1, Value())) return nullptr;
      return new_none();
    }
  }
  return value_error("list.remove(x): x not in list");
}

Ref<> list_index_method(Value self, const Value* args) {
  ListObject* list = self_list(self);
  int64_t start = 0, stop = INT64_MAX;
  if (!slice_index_not_none(args[1], &start) || !slice_index_not_none(args[2], &stop))
    return nullptr;
  if (start < 0) {
    start += list->length;
    if (start < 0) start = 0;
  }
  if (stop < 0) {
    stop += list->length;
    if (stop < 0) stop = 0;
  }
  for (int64_t i = start; i < stop && i < list->length; ++i) {
    Ref<> item = new_ref(list->items[i]);
    int equal = rich_compare_bool(item, args[0], CompareOp::Eq);
    if (equal < 0) return nullptr;
    if (equal) return int_from_int64(i);
  }
  Ref<StrObject> text = repr(args[0]);
  if (!text) return nullptr;
  return value_error("{} is not in list", str_utf8(text.get()));
}

Ref<> list_count_method(Value self, const Value* args) {
  ListObject* list = self_list(self);
  int64_t count = 0;
  for (int64_t i = 0; i < list->length; ++i) {
    Value item = list->items[i];
    if (item == args[0]) {
      ++count;
      continue;
    }
    Ref<> keep = new_ref(item);
    int equal = rich_compare_bool(item, args[0], CompareOp::Eq);
    if (equal < 0) return nullptr;
    count += equal;
  }
  return int_from_int64(count);
}

Ref<> list_clear_method(Value self, const Value* args) {
  list_clear_items(self_list(self));
  return new_none();
}

Ref<> list_copy_method(Value self, const Value* args) {
  return list_slice(self_list(self), 0, self_list(self)->length);
}

Ref<> list_reverse_method(Value self, const Value* args) {
  list_reverse(self_list(self));
  return new_none();
}

// reverse= takes any int-like value (a bool in practice), as CPython's clinic does.
Ref<> list_sort_method(Value self, const Value* args) {
  int64_t reverse = 0;
  Value flag = args[1];
  if (flag.is_small_int()) {
    reverse = flag.as_small_int();
  } else if (flag == True() || flag == False()) {
    reverse = flag == True();
  } else if (!has_index(flag)) {
    return type_error("'{}' object cannot be interpreted as an integer", type_name(flag));
  } else if (!index_to_int64(flag, &reverse)) {
    return nullptr;
  }
  if (!list_sort(self_list(self), args[0], reverse != 0)) return nullptr;
  return new_none();
}

Ref<> list_sizeof_method(Value self, const Value* args) {
  ListObject* list = self_list(self);
  return int_from_int64(type_of(self)->basic_size + list->capacity * int64_t(sizeof(Value)));
}

const MethodDef list_methods[] = {
    {.name = "__reversed__",
     .impl = list_reversed,
     .signature = "($self, /)",
     .doc = "Return a reverse iterator over the list."},
    {.name = "__sizeof__",
     .impl = list_sizeof_method,
     .signature = "($self, /)",
     .doc = "Return the size of the list in memory, in bytes."},
    {.name = "clear",
     .impl = list_clear_method,
     .signature = "($self, /)",
     .doc = "Remove all items from list."},
    {.name = "copy",
     .impl = list_copy_method,
     .signature = "($self, /)",
     .doc = "Return a shallow copy of the list."},
    {.name = "append",
     .impl = list_append_method,
     .signature = "($self, object, /)",
     .doc = "Append object to the end of the list."},
    {.name = "insert",
     .impl = list_insert_method,
     .signature = "($self, index, object, /)",
     .doc = "Insert object before index."},
    {.name = "extend",
     .impl = list_extend_method,
     .signature = "($self, iterable, /)",
     .doc = "Extend list by appending elements from the iterable."},
    {.name = "pop",
     .impl = list_pop_method,
     .signature = "($self, index=-1, /)",
     .doc = "Remove and return item at index (default last).\n\nRaises IndexError if list is "
            "empty or index is out of range."},
    {.name = "remove",
     .impl = list_remove_method,
     .signature = "($self, value, /)",
     .doc = "Remove first occurrence of value.\n\nRaises ValueError if the value is not present."},
    {.name = "index",
     .impl = list_index_method,
     .signature = "($self, value, start=0, stop=9223372036854775807, /)",
     .doc = "index($self, value, start=0, stop=sys.maxsize, /)\n--\n\n"
     "Return first index of value.\n\nRaises ValueError if the value is not present."},
    {.name = "count",
     .impl = list_count_method,
     .signature = "($self, value, /)",
     .doc = "Return number of occurrences of value."},
    {.name = "reverse",
     .impl = list_reverse_method,
     .signature = "($self, /)",
     .doc = "Reverse *IN PLACE*."},
    {.name = "sort",
     .impl = list_sort_method,
     .signature = "($self, /, *, key=None, reverse=False)",
     .doc = "Sort the list in ascending order and return None.\n\nThe sort is in-place (i.e. the "
            "list itself is modified) and stable (i.e. the\norder of two equal elements is "
            "maintained).\n\nIf a key function is given, apply it once to each list item and "
            "sort them,\nascending or descending, according to their function values.\n\nThe "
            "reverse flag can be set to sort in descending order."},
    {.name = "__class_getitem__",
     .impl = class_getitem_generic_alias,
     .signature = "($type, item, /)",
     .doc = "See PEP 585",
     .flags = kMethodClass | kMethodNoTextSignature},
    {},
};

// --- list_iterator and list_reverseiterator ---

template <class Iterator>
void list_iterator_dealloc(Object* o) {
  auto* it = static_cast<Iterator*>(o);
  gc_untrack(o);
  if (it->list) decref(it->list);
  free_object(o);
}

template <class Iterator>
void list_iterator_traverse(Object* o, VisitFn visit, void* arg) {
  auto* it = static_cast<Iterator*>(o);
  if (it->list) visit(it->list, arg);
}

ListIteratorObject* as_list_iterator(Value v) {
  return static_cast<ListIteratorObject*>(v.as_object());
}
ListReverseIteratorObject* as_list_reverse_iterator(Value v) {
  return static_cast<ListReverseIteratorObject*>(v.as_object());
}

Ref<> list_iterator_next(Value self) {
  ListIteratorObject* it = as_list_iterator(self);
  ListObject* list = it->list;
  if (!list) return nullptr;
  if (it->index < list->length) return new_ref(list->items[it->index++]);
  it->list = nullptr;
  decref(list);
  return nullptr;
}

Ref<> list_reverse_iterator_next(Value self) {
  ListReverseIteratorObject* it = as_list_reverse_iterator(self);
  ListObject* list = it->list;
  if (!list) return nullptr;
  int64_t index = it->index;
  if (index >= 0 && index < list->length) {
    --it->index;
    return new_ref(list->items[index]);
  }
  it->index = -1;
  it->list = nullptr;
  decref(list);
  return nullptr;
}

Ref<> list_iterator_length_hint(Value self, const Value* args) {
  ListIteratorObject* it = as_list_iterator(self);
  int64_t n = it->list ? it->list->length - it->index : 0;
  return int_from_int64(n > 0 ? n : 0);
}

Ref<> list_reverse_iterator_length_hint(Value self, const Value* args) {
  ListReverseIteratorObject* it = as_list_reverse_iterator(self);
  int64_t n = it->index + 1;
  if (!it->list || it->list->length < n) n = 0;
  return int_from_int64(n);
}

// (iter, (list,), index) while running; (iter, ([],)) once exhausted.
Ref<> reduce_list_iterator(const char* builtin, ListObject* list, int64_t index) {
  Ref<> function = builtin_named(list ? builtin : "iter");
  if (!function) return nullptr;
  if (!list) {
    Ref<ListObject> empty = list_new();
    if (!empty) return nullptr;
    Ref<TupleObject> call_args = tuple_of({empty.value()});
    if (!call_args) return nullptr;
    return tuple_of({function.value(), call_args.value()});
  }
  Ref<TupleObject> call_args = tuple_of({Value(list)});
  Ref<> position = int_from_int64(index);
  if (!call_args || !position) return nullptr;
  return tuple_of({function.value(), call_args.value(), position.value()});
}

Ref<> list_iterator_reduce(Value self, const Value* args) {
  ListIteratorObject* it = as_list_iterator(self);
  return reduce_list_iterator("iter", it->list, it->index);
}

Ref<> list_reverse_iterator_reduce(Value self, const Value* args) {
  ListReverseIteratorObject* it = as_list_reverse_iterator(self);
  return reduce_list_iterator("reversed", it->list, it->index);
}

bool state_index(Value state, int64_t* out) {
  if (!is_int(state)) return type_error("an integer is required");
  return int_as_int64(state, out);
}

Ref<> list_iterator_setstate(Value self, const Value* args) {
  ListIteratorObject* it = as_list_iterator(self);
  int64_t index;
  if (!state_index(args[0], &index)) return nullptr;
  if (it->list) {
    if (index < 0) index = 0;
    if (index > it->list->length) index = it->list->length;  // exhausted
    it->index = index;
  }
  return new_none();
}

Ref<> list_reverse_iterator_setstate(Value self, const Value* args) {
  ListReverseIteratorObject* it = as_list_reverse_iterator(self);
  int64_t index;
  if (!state_index(args[0], &index)) return nullptr;
  if (it->list) {
    if (index < -1) index = -1;
    if (index > it->list->length - 1) index = it->list->length - 1;
    it->index = index;
  }
  return new_none();
}

const MethodDef list_iterator_methods[] = {
    {.name = "__length_hint__",
     .impl = list_iterator_length_hint,
     .signature = "($self, /)",
     .doc = "Private method returning an estimate of len(list(it))."},
    {.name = "__reduce__",
     .impl = list_iterator_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__",
     .impl = list_iterator_setstate,
     .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {},
};

const MethodDef list_reverse_iterator_methods[] = {
    {.name = "__length_hint__",
     .impl = list_reverse_iterator_length_hint,
     .signature = "($self, /)",
     .doc = "Private method returning an estimate of len(list(it))."},
    {.name = "__reduce__",
     .impl = list_reverse_iterator_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__",
     .impl = list_reverse_iterator_setstate,
     .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {},
};

Ref<> list_iter(Value self) {
  auto* it = allocate<ListIteratorObject>(&list_iterator_type);
  if (!it) return nullptr;
  it->list = self_list(self);
  incref(it->list);
  gc_track(it);
  return Ref<>::steal(Value(it));
}

Ref<> list_reversed(Value self, const Value* args) {
  auto* it = allocate<ListReverseIteratorObject>(&list_reverse_iterator_type);
  if (!it) return nullptr;
  it->list = self_list(self);
  incref(it->list);
  it->index = it->list->length - 1;
  gc_track(it);
  return Ref<>::steal(Value(it));
}

}  // namespace

TypeObject list_type{TypeSpec{
    .name = "list",
    .doc = "list(iterable=(), /)\n--\n\nBuilt-in mutable sequence.\n\nIf no argument is given, the constructor creates a new "
           "empty list.\nThe argument must be an iterable if specified.",
    .basic_size = sizeof(ListObject),
    .flags = kTypeBaseType | kTypeHaveGC | kTypeListSubclass | kTypeSequence,
    .slots = {.dealloc = list_dealloc,
              .traverse = list_traverse,
              .clear = list_clear_slot,
              .new_instance = list_new_slot,
              .init = list_init,
              .repr = list_repr,
              .compare = list_compare,
              .getattr = generic_get_attr,
              .iter = list_iter,
              .length = list_length,
              .getitem = list_subscript,
              .setitem = list_assign_subscript,
              .contains = list_contains,
              .concat = list_concat,
              .repeat = list_repeat,
              .inplace_concat = list_inplace_concat,
              .inplace_repeat = list_inplace_repeat},
    .methods = list_methods,
}};

TypeObject list_iterator_type{TypeSpec{
    .name = "list_iterator",
    .basic_size = sizeof(ListIteratorObject),
    .flags = kTypeHaveGC | kTypeDisallowInstantiation,
    .slots = {.dealloc = list_iterator_dealloc<ListIteratorObject>,
              .traverse = list_iterator_traverse<ListIteratorObject>,
              .getattr = generic_get_attr,
              .iter = iter_self,
              .iternext = list_iterator_next},
    .methods = list_iterator_methods,
}};

TypeObject list_reverse_iterator_type{TypeSpec{
    .name = "list_reverseiterator",
    .basic_size = sizeof(ListReverseIteratorObject),
    .flags = kTypeHaveGC | kTypeDisallowInstantiation,
    .slots = {.dealloc = list_iterator_dealloc<ListReverseIteratorObject>,
              .traverse = list_iterator_traverse<ListReverseIteratorObject>,
              .getattr = generic_get_attr,
              .iter = iter_self,
              .iternext = list_reverse_iterator_next},
    .methods = list_reverse_iterator_methods,
}};

}  // namespace krait
