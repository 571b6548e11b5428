// list: a growable array of Values (over-allocating like CPython so append is amortised
// O(1) and sys.getsizeof agrees). Sorting is in list_sort.cpp.
#pragma once

#include "core/type.h"

namespace krait {

extern TypeObject list_type;
extern TypeObject list_iterator_type;
extern TypeObject list_reverse_iterator_type;

struct ListObject : Object {
  int64_t length;
  int64_t capacity;
  Value* items;  // malloc'd; owned references in [0, length)
};

// The list iterator (the VM's FOR_ITER_LIST reads it directly).
struct ListIteratorObject : Object {
  int64_t index;
  ListObject* list;  // owned; null once exhausted
};

// reversed(list): walks from `index` down to 0.
struct ListReverseIteratorObject : Object {
  int64_t index;
  ListObject* list;  // owned; null once exhausted
};

inline bool is_list(Value v) { return v.is_object() && type_has_flag(v, kTypeListSubclass); }
inline bool is_exact_list(Value v) { return v.is_object() && v.as_object()->type == &list_type; }
inline ListObject* as_list(Value v) { return static_cast<ListObject*>(v.as_object()); }

Ref<ListObject> list_new(int64_t length = 0);  // items null until set with list_set_item_steal
// An empty list with room for `capacity` appends (CPython's preallocation in str.split).
Ref<ListObject> list_with_capacity(int64_t capacity);
Ref<ListObject> list_from_array(const Value* items, int64_t n);
Ref<ListObject> list_from_iterable(Value iterable);
bool list_append_slow(ListObject* list, Value owned);  // grows, then stores (steals)
// Appends, increfing item.
inline bool list_append(ListObject* list, Value item) {
  incref(item);
  if (list->length < list->capacity) {
    list->items[list->length++] = item;
    return true;
  }
  return list_append_slow(list, item);
}
// Appends, taking the reference.
inline bool list_append_steal(ListObject* list, Ref<>&& item) {
  Value owned = item.release();
  if (list->length < list->capacity) {
    list->items[list->length++] = owned;
    return true;
  }
  return list_append_slow(list, owned);
}
inline void list_set_item_steal(ListObject* list, int64_t i, Value owned) {
  list->items[i] = owned;
}
bool list_extend(ListObject* list, Value iterable);
// list(iterator) in halves, for a loop that appends the items itself (CALL_BUILTIN's
// list() of a generator): a new list with list.extend's default reservation, and the
// trim of what it over-reserved once the items are in.
Ref<ListObject> list_for_iteration();
bool list_trim_after_iteration(ListObject* list);
bool list_insert(ListObject* list, int64_t index, Value item);
Ref<> list_as_tuple(ListObject* list);
// list.sort(key=key, reverse=reverse): CPython's timsort (list_sort.cpp). key may be null
// or None. False with ValueError("list modified during sort") if a comparison or the key
// function changed the list.
bool list_sort(ListObject* list, Value key, bool reverse);
void list_reverse(ListObject* list);
// list[start:stop] (clipped) as a new exact list.
Ref<ListObject> list_slice(ListObject* list, int64_t start, int64_t stop);
// list[low:high] = items of v (v null: del list[low:high]).
bool list_assign_slice(ListObject* list, int64_t low, int64_t high, Value v);
// list[start:stop:step] and list[start:stop:step] = value (value null: del) with the
// indices as slice_unpack gives them (step nonzero, not yet clipped to the length).
Ref<> list_get_slice(ListObject* list, int64_t start, int64_t stop, int64_t step);
bool list_set_slice(ListObject* list, int64_t start, int64_t stop, int64_t step, Value value);

// CPython's PySequence_Fast: v itself when it is an exact list or tuple, otherwise
// list(v), whose TypeError for a non-iterable becomes `message`.
Ref<> sequence_fast(Value v, const char* message);
int64_t sequence_fast_length(Value fast);
Value* sequence_fast_items(Value fast);

}  // namespace krait
