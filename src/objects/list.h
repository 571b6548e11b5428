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

inline bool is_list(Value v) { return v.is_object() && type_has_flag(v, kTypeListSubclass); }
inline bool is_exact_list(Value v) { return v.is_object() && v.as_object()->type == &list_type; }
inline ListObject* as_list(Value v) { return static_cast<ListObject*>(v.as_object()); }

Ref<ListObject> list_new(int64_t length = 0);  // items null until set with list_set_item_steal
Ref<ListObject> list_from_array(const Value* items, int64_t n);
Ref<ListObject> list_from_iterable(Value iterable);
bool list_append(ListObject* list, Value item);          // increfs item
bool list_append_steal(ListObject* list, Ref<>&& item);  // takes the reference
inline void list_set_item_steal(ListObject* list, int64_t i, Value owned) { list->items[i] = owned; }
bool list_extend(ListObject* list, Value iterable);
bool list_insert(ListObject* list, int64_t index, Value item);
Ref<> list_as_tuple(ListObject* list);
bool list_sort(ListObject* list, Value key, bool reverse);
void list_reverse(ListObject* list);

}  // namespace krait
