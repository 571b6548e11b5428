// array.array: a typed, contiguous sequence of C numbers (or UCS-4 characters) — its
// storage (CPython's growth policy, resizing refused while buffers are exported), the
// constructor, and the slots: repr, elementwise comparison across typecodes, indexing and
// slicing with slice assignment and deletion, `in`, + * += *=, and the buffer export.
// The named methods are in array_methods.cpp, the iterator and module in array_module.cpp.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/alloc.h"
#include "core/ops.h"
#include "modules/array/array_internal.h"
#include "objects/bytes.h"
#include "objects/bytes_internal.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/slice.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait {

namespace {

Raised exported_error() {
  return raise(exc::BufferError, "cannot resize an array that is exporting buffers");
}

// Items a buffer of `length` items may hold without the byte count overflowing.
bool check_item_count(const ArrayDescr* descr, int64_t length) {
  if (length < 0 || length > INT64_MAX / descr->itemsize) return raise_memory_error();
  return true;
}

}  // namespace

// --- Storage ---

bool array_resize(ArrayObject* a, int64_t length) {
  if (a->exports > 0 && length != a->length) return exported_error();
  // Shrinking a little, or growing within the allocation, keeps the buffer.
  if (a->allocated >= length && a->length < length + 16 && a->items) {
    a->length = length;
    return true;
  }
  if (length == 0) {
    std::free(a->items);
    a->items = nullptr;
    a->length = 0;
    a->allocated = 0;
    return true;
  }
  int64_t allocated = length + (length >> 4) + (a->length < 8 ? 3 : 7);
  if (!check_item_count(a->descr, allocated)) return false;
  char* items = static_cast<char*>(std::realloc(a->items, size_t(allocated * a->descr->itemsize)));
  if (!items) return raise_memory_error();
  a->items = items;
  a->allocated = allocated;
  a->length = length;
  return true;
}

Ref<ArrayObject> array_allocate(TypeObject* type, const ArrayDescr* descr, int64_t length) {
  if (!check_item_count(descr, length)) return nullptr;
  auto* a = allocate<ArrayObject>(type, size_t(type->basic_size));
  if (!a) return nullptr;
  Ref<ArrayObject> result = Ref<ArrayObject>::steal(Value(a));
  a->descr = descr;
  if (length > 0) {
    a->items = static_cast<char*>(std::malloc(size_t(length * descr->itemsize)));
    if (!a->items) return raise_memory_error();
    a->length = length;
    a->allocated = length;
  }
  if (type->has_flag(kTypeHaveGC)) gc_track(a);
  return result;
}

bool array_replace(ArrayObject* a, int64_t low, int64_t high, const char* data, int64_t n) {
  int64_t growth = n - (high - low);
  if (growth != 0 && a->exports > 0) return exported_error();
  int itemsize = a->descr->itemsize;
  int64_t old_length = a->length;
  if (growth < 0) {
    std::memmove(array_at(a, low + n), array_at(a, high), size_t((old_length - high) * itemsize));
    if (!array_resize(a, old_length + growth)) return false;
  } else if (growth > 0) {
    if (old_length > INT64_MAX - growth || !array_resize(a, old_length + growth)) {
      return error_occurred() ? false : bool(raise_memory_error());
    }
    std::memmove(array_at(a, low + n), array_at(a, high), size_t((old_length - high) * itemsize));
  }
  if (n > 0) std::memcpy(array_at(a, low), data, size_t(n * itemsize));
  return true;
}

Ref<> array_item(ArrayObject* a, int64_t i) { return a->descr->get(array_at(a, i)); }

Ref<ArrayObject> array_slice(ArrayObject* a, int64_t low, int64_t high) {
  int64_t n = std::max<int64_t>(high - low, 0);
  Ref<ArrayObject> result = array_allocate(&array_type, a->descr, n);
  if (result && n > 0) std::memcpy(result->items, array_at(a, low), size_t(n * a->descr->itemsize));
  return result;
}

bool array_insert_value(ArrayObject* a, int64_t where, Value v) {
  char item[kMaxItemSize];
  if (!a->descr->pack(v, item)) return false;
  // Converting v may have run code that shrank the array.
  where = std::min(where, a->length);
  return array_replace(a, where, where, item, 1);
}

bool array_extend(ArrayObject* a, Value source) {
  if (is_array(source)) {
    ArrayObject* b = as_array(source);
    if (b->descr != a->descr) return type_error("can only extend with array of same kind");
    int64_t old_length = a->length, added = b->length;  // b may be a
    if (added > INT64_MAX - old_length || !check_item_count(a->descr, old_length + added)) {
      return raise_memory_error();
    }
    if (!array_resize(a, old_length + added)) return false;
    if (added > 0)
      std::memcpy(array_at(a, old_length), b->items, size_t(added * a->descr->itemsize));
    return true;
  }
  return for_each(source, [&](Value item) { return array_insert_value(a, a->length, item); });
}

bool array_from_bytes(ArrayObject* a, std::string_view bytes) {
  int itemsize = a->descr->itemsize;
  if (bytes.size() % size_t(itemsize) != 0)
    return value_error("bytes length not a multiple of item size");
  int64_t n = int64_t(bytes.size()) / itemsize;
  if (n == 0) return true;
  int64_t old_length = a->length;
  if (n > INT64_MAX - old_length || !check_item_count(a->descr, old_length + n)) {
    return raise_memory_error();
  }
  if (!array_resize(a, old_length + n)) return false;
  std::memcpy(array_at(a, old_length), bytes.data(), bytes.size());
  return true;
}

bool array_from_str(ArrayObject* a, Value str) {
  StrObject* s = as_str(str);
  if (s->length == 0) return true;
  int64_t old_length = a->length;
  if (!array_resize(a, old_length + s->length)) return false;
  auto* out = reinterpret_cast<char*>(array_at(a, old_length));
  for (int64_t i = 0; i < s->length; ++i) {
    uint32_t c = uint32_t(s->at(i));
    std::memcpy(out + i * 4, &c, 4);
  }
  return true;
}

Ref<> array_to_list(ArrayObject* a) {
  Ref<ListObject> list = list_new(a->length);
  if (!list) return nullptr;
  for (int64_t i = 0; i < a->length; ++i) {
    Ref<> item = array_item(a, i);
    if (!item) return nullptr;
    list_set_item_steal(list.get(), i, item.release());
  }
  return list;
}

Ref<> array_to_str(ArrayObject* a) {
  std::u32string text(size_t(a->length), U'\0');
  for (int64_t i = 0; i < a->length; ++i) {
    uint32_t c;
    std::memcpy(&c, array_at(a, i), 4);
    if (c > 0x10FFFF) {
      char hex[16];
      std::snprintf(hex, sizeof hex, "%x", c);
      return value_error("character U+{} is not in range [U+0000; U+10ffff]", hex);
    }
    text[size_t(i)] = char32_t(c);
  }
  return str_from_code_points(text.data(), int64_t(text.size()));
}

int64_t array_find(ArrayObject* a, Value v, int64_t start, int64_t stop) {
  for (int64_t i = start; i < std::min(stop, a->length); ++i) {
    Ref<> item = array_item(a, i);
    if (!item) return -2;
    int equal = rich_compare_bool(item, v, CompareOp::Eq);
    if (equal < 0) return -2;
    if (equal) return i;
  }
  return -1;
}

// --- Construction ---

Ref<> array_construct(TypeObject* type, char32_t typecode, Value initializer) {
  if (initializer && typecode != U'u') {
    if (is_str(initializer)) {
      return type_error("cannot use a str to initialize an array with typecode '{}'", typecode);
    }
    if (is_array(initializer) && as_array(initializer)->descr->typecode == 'u') {
      return type_error("cannot use a unicode array to initialize an array with typecode '{}'",
                        typecode);
    }
  }
  // Lists, tuples, bytes-likes, str (for 'u') and arrays of the same typecode are read
  // directly; anything else is iterated.
  Ref<> iterator;
  if (initializer && !is_list(initializer) && !is_tuple(initializer) && !is_bytes(initializer) &&
      !is_bytearray(initializer) && !(typecode == U'u' && is_str(initializer)) &&
      !(is_array(initializer) && char32_t(as_array(initializer)->descr->typecode) == typecode)) {
    iterator = get_iter(initializer);
    if (!iterator) return nullptr;
    initializer = Value();
  }
  const ArrayDescr* descr = array_descr_for(typecode);
  if (!descr) return value_error("bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)");
  if (!initializer || !(is_list(initializer) || is_tuple(initializer))) {
    Ref<ArrayObject> a = array_allocate(type, descr, 0);
    if (!a) return nullptr;
    bool ok = true;
    if (iterator) {
      ok = array_extend(a.get(), iterator);
    } else if (initializer && (is_bytes(initializer) || is_bytearray(initializer))) {
      BufferHolder buffer;
      ok = buffer.get(initializer) && array_from_bytes(a.get(), buffer.data());
    } else if (initializer && is_str(initializer)) {
      ok = array_from_str(a.get(), initializer);
    } else if (initializer) {
      ok = array_extend(a.get(), initializer);  // an array of the same typecode
    }
    if (!ok) return nullptr;
    return a;
  }
  // A list or tuple: one item each, read by index since converting an item may run code
  // that changes the list.
  int64_t n = length(initializer);
  if (n < 0) return nullptr;
  Ref<ArrayObject> a = array_allocate(type, descr, n);
  if (!a) return nullptr;
  for (int64_t i = 0; i < n; ++i) {
    Ref<> item = get_item(initializer, Value::small_int(i));
    if (!item || !descr->pack(item, array_at(a.get(), i))) return nullptr;
  }
  return a;
}

namespace {

Ref<> array_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  // Subclasses may take keywords for their own __init__; array.array itself takes none.
  if (kwnames && kwnames->length && type == &array_type) {
    return type_error("array.array() takes no keyword arguments");
  }
  if (nargs < 1) return type_error("array() takes at least 1 argument (0 given)");
  if (nargs > 2) return type_error("array() takes at most 2 arguments ({} given)", nargs);
  Value typecode = args[0];
  if (!is_str(typecode) || as_str(typecode)->length != 1) {
    return type_error("array() argument 1 must be a unicode character, not {}",
                      argument_type_name(typecode));
  }
  return array_construct(type, as_str(typecode)->at(0), nargs > 1 ? args[1] : Value());
}

void array_dealloc(Object* o) {
  auto* a = static_cast<ArrayObject*>(o);
  if (a->weakreflist) clear_weakrefs(o);
  std::free(a->items);
  free_object(o);
}

// --- Slots ---

Ref<> array_repr(Value self) {
  ArrayObject* a = as_array(self);
  std::string text = type_of(self)->name;
  if (size_t dot = text.rfind('.'); dot != std::string::npos) text.erase(0, dot + 1);
  text += "('";
  text += a->descr->typecode;
  text += '\'';
  if (a->length > 0) {
    Ref<> contents = a->descr->typecode == 'u' ? array_to_str(a) : array_to_list(a);
    Ref<StrObject> contents_repr = contents ? repr(contents) : nullptr;
    if (!contents_repr) return nullptr;
    text += ", ";
    text += str_utf8(contents_repr.get());
  }
  text += ')';
  return str_from_utf8(text);
}

template <class T>
int compare_native(const char* x, const char* y) {
  T a, b;
  std::memcpy(&a, x, sizeof(T));
  std::memcpy(&b, y, sizeof(T));
  return a < b ? -1 : b < a ? 1 : a == b ? 0 : 2;  // 2: unordered (NaN)
}

// Compares two items of the same typecode natively: <0, 0, >0, or 2 when unordered.
int compare_items(char typecode, const char* x, const char* y) {
  switch (typecode) {
    case 'b':
      return compare_native<int8_t>(x, y);
    case 'B':
      return compare_native<uint8_t>(x, y);
    case 'h':
      return compare_native<int16_t>(x, y);
    case 'H':
      return compare_native<uint16_t>(x, y);
    case 'i':
      return compare_native<int32_t>(x, y);
    case 'I':
    case 'u':
      return compare_native<uint32_t>(x, y);
    case 'l':
    case 'q':
      return compare_native<int64_t>(x, y);
    case 'L':
    case 'Q':
      return compare_native<uint64_t>(x, y);
    case 'f':
      return compare_native<float>(x, y);
    default:
      return compare_native<double>(x, y);
  }
}

bool order_holds(int c, CompareOp op) {
  switch (op) {
    case CompareOp::Lt:
      return c < 0;
    case CompareOp::Le:
      return c <= 0;
    case CompareOp::Eq:
      return c == 0;
    case CompareOp::Ne:
      return c != 0;
    case CompareOp::Gt:
      return c > 0;
    default:
      return c >= 0;
  }
}

int compare_lengths(int64_t x, int64_t y) { return x < y ? -1 : x > y ? 1 : 0; }

Ref<> array_compare(Value left, Value right, CompareOp op) {
  if (!is_array(left) || !is_array(right)) return new_not_implemented();
  ArrayObject* a = as_array(left);
  ArrayObject* b = as_array(right);
  if (a->length != b->length && (op == CompareOp::Eq || op == CompareOp::Ne)) {
    return new_bool(op == CompareOp::Ne);
  }
  if (a->descr == b->descr) {
    int64_t n = std::min(a->length, b->length);
    for (int64_t i = 0; i < n; ++i) {
      int c = compare_items(a->descr->typecode, array_at(a, i), array_at(b, i));
      if (c == 0) continue;
      // The first items that differ decide (NaN differs from everything and orders nothing).
      if (op == CompareOp::Eq || op == CompareOp::Ne) return new_bool(op == CompareOp::Ne);
      return new_bool(c != 2 && order_holds(c, op));
    }
    return new_bool(order_holds(compare_lengths(a->length, b->length), op));
  }
  // Different typecodes: compare the items as Python values.
  for (int64_t i = 0; i < a->length && i < b->length; ++i) {
    Ref<> x = array_item(a, i);
    Ref<> y = x ? array_item(b, i) : nullptr;
    if (!y) return nullptr;
    int equal = rich_compare_bool(x, y, CompareOp::Eq);
    if (equal < 0) return nullptr;
    if (equal) continue;
    if (op == CompareOp::Eq || op == CompareOp::Ne) return new_bool(op == CompareOp::Ne);
    return rich_compare(x, y, op);
  }
  return new_bool(order_holds(compare_lengths(a->length, b->length), op));
}

int64_t array_length(Value self) { return as_array(self)->length; }

bool is_index(Value key) { return is_int(key) || type_of(key)->to_index; }

Ref<> array_getitem(Value self, Value key) {
  ArrayObject* a = as_array(self);
  if (is_index(key)) {
    int64_t i;
    if (!index_to_int64(key, &i, &exc::IndexError)) return nullptr;
    if (i < 0) i += a->length;
    if (i < 0 || i >= a->length) return index_error("array index out of range");
    return array_item(a, i);
  }
  if (!is_slice(key)) return type_error("array indices must be integers");
  int64_t start, stop, step;
  if (!slice_unpack(key, &start, &stop, &step)) return nullptr;
  int64_t count = slice_adjust_indices(a->length, &start, &stop, step);
  if (step == 1) return array_slice(a, start, start + count);
  Ref<ArrayObject> result = array_allocate(&array_type, a->descr, count);
  if (!result) return nullptr;
  int itemsize = a->descr->itemsize;
  for (int64_t i = 0; i < count; ++i) {
    std::memcpy(array_at(result.get(), i), array_at(a, start + i * step), size_t(itemsize));
  }
  return result;
}

// Deletes the `count` items start, start + step, ... (step > 1).
bool delete_extended(ArrayObject* a, int64_t start, int64_t step, int64_t count) {
  int itemsize = a->descr->itemsize;
  int64_t write = start;
  for (int64_t read = start, next_deleted = start, deleted = 0; read < a->length; ++read) {
    if (deleted < count && read == next_deleted) {
      if (++deleted < count) next_deleted += step;  // may overflow past the last one
      continue;
    }
    if (write != read) std::memmove(array_at(a, write), array_at(a, read), size_t(itemsize));
    ++write;
  }
  return array_resize(a, write);
}

int array_setitem(Value self, Value key, Value value) {
  ArrayObject* a = as_array(self);
  int64_t start, stop, step, count;
  if (is_index(key)) {
    int64_t i;
    if (!index_to_int64(key, &i, &exc::IndexError)) return -1;
    if (i < 0) i += a->length;
    if (i < 0 || i >= a->length) return index_error("array assignment index out of range");
    if (value) {
      char item[kMaxItemSize];
      if (!a->descr->pack(value, item)) return -1;
      // Converting the value may have run code that shrank the array.
      if (i >= a->length) return index_error("array assignment index out of range");
      std::memcpy(array_at(a, i), item, size_t(a->descr->itemsize));
      return 0;
    }
    start = i, stop = i + 1, step = 1, count = 1;
  } else if (is_slice(key)) {
    if (!slice_unpack(key, &start, &stop, &step)) return -1;
    count = slice_adjust_indices(a->length, &start, &stop, step);
  } else {
    return type_error("array indices must be integers");
  }
  // The replacement items, copied when they are a's own.
  std::string data;
  int64_t needed = 0;
  if (value) {
    if (!is_array(value)) {
      return type_error("can only assign array (not \"{}\") to array slice", type_name(value));
    }
    ArrayObject* other = as_array(value);
    if (other->descr != a->descr) return type_error("bad argument type for built-in operation");
    needed = other->length;
    data.assign(other->items ? other->items : "", size_t(needed * a->descr->itemsize));
  }
  if ((needed == 0 || count != needed) && a->exports > 0) return exported_error();
  if (step == 1) return array_replace(a, start, start + count, data.data(), needed) ? 0 : -1;
  if (needed == 0) {
    if (count == 0) return 0;
    if (step < 0) {
      start += (count - 1) * step;
      step = -step;
    }
    return delete_extended(a, start, step, count) ? 0 : -1;
  }
  if (needed != count) {
    return value_error("attempt to assign array of size {} to extended slice of size {}", needed,
                       count);
  }
  int itemsize = a->descr->itemsize;
  for (int64_t i = 0; i < count; ++i) {
    std::memcpy(array_at(a, start + i * step), data.data() + i * itemsize, size_t(itemsize));
  }
  return 0;
}

int array_contains(Value self, Value item) {
  int64_t found = array_find(as_array(self), item, 0, INT64_MAX);
  return found == -2 ? -1 : found >= 0;
}

Ref<> array_concat(Value left, Value right) {
  if (!is_array(right)) {
    return type_error("can only append array (not \"{}\") to array", type_name(right));
  }
  ArrayObject* a = as_array(left);
  ArrayObject* b = as_array(right);
  if (a->descr != b->descr) return type_error("bad argument type for built-in operation");
  if (a->length > INT64_MAX - b->length) return raise_memory_error();
  Ref<ArrayObject> result = array_allocate(&array_type, a->descr, a->length + b->length);
  if (!result) return nullptr;
  int itemsize = a->descr->itemsize;
  if (a->length) std::memcpy(result->items, a->items, size_t(a->length * itemsize));
  if (b->length)
    std::memcpy(array_at(result.get(), a->length), b->items, size_t(b->length * itemsize));
  return result;
}

// Fills items [n, n * count) of `items` with copies of the first n, doubling each time.
void repeat_fill(char* items, int64_t bytes, int64_t count) {
  int64_t total = bytes * count, done = bytes;
  while (done < total) {
    int64_t chunk = std::min(done, total - done);
    std::memcpy(items + done, items, size_t(chunk));
    done += chunk;
  }
}

Ref<> array_repeat(Value self, int64_t count) {
  ArrayObject* a = as_array(self);
  if (count < 0) count = 0;
  if (a->length != 0 && count > INT64_MAX / a->length) return raise_memory_error();
  Ref<ArrayObject> result = array_allocate(&array_type, a->descr, a->length * count);
  if (!result) return nullptr;
  if (a->length && count) {
    int64_t bytes = a->length * a->descr->itemsize;
    std::memcpy(result->items, a->items, size_t(bytes));
    repeat_fill(result->items, bytes, count);
  }
  return result;
}

Ref<> array_inplace_concat(Value self, Value other) {
  if (!is_array(other)) {
    return type_error("can only extend array with array (not \"{}\")", type_name(other));
  }
  if (!array_extend(as_array(self), other)) return nullptr;
  return new_ref(self);
}

Ref<> array_inplace_repeat(Value self, int64_t count) {
  ArrayObject* a = as_array(self);
  if (a->length > 0) {
    if (count < 0) count = 0;
    int64_t bytes = a->length * a->descr->itemsize;
    if (count > 0 && bytes > INT64_MAX / count) return raise_memory_error();
    if (!array_resize(a, a->length * count)) return nullptr;
    if (count > 0) repeat_fill(a->items, bytes, count);
  }
  return new_ref(self);
}

int array_get_buffer(Value self, Buffer* view, int) {
  ArrayObject* a = as_array(self);
  static char empty[kMaxItemSize] = {};
  view->data = a->items ? a->items : empty;
  view->length = a->length * a->descr->itemsize;
  view->itemsize = a->descr->itemsize;
  view->readonly = false;
  view->format = a->descr->format;
  view->ndim = 1;
  view->shape[0] = a->length;
  ++a->exports;
  incref(self);
  view->owner = a;
  return 0;
}

void array_release_buffer(Value self, Buffer*) { --as_array(self)->exports; }

}  // namespace

TypeObject array_type{TypeSpec{
    .name = "array.array",
    .doc = "array(typecode [, initializer]) -> array\n\n"
           "Return a new array whose items are restricted by typecode, and\n"
           "initialized from the optional initializer value, which must be a list,\n"
           "string or iterable over elements of the appropriate type.\n\n"
           "Arrays represent basic values and behave very much like lists, except\n"
           "the type of objects stored in them is constrained. The type is specified\n"
           "at object creation time by using a type code, which is a single character.",
    .basic_size = sizeof(ArrayObject),
    .flags = kTypeBaseType | kTypeSequence,
    .weaklist_offset = offsetof(ArrayObject, weakreflist),
    .slots = {.dealloc = array_dealloc,
              .new_instance = array_new_slot,
              .repr = guarded_unary<array_repr>,
              .compare = array_compare,
              .getattr = generic_get_attr,
              .iter = array_iter,
              .length = array_length,
              .getitem = guarded_binary<array_getitem>,
              .setitem = guarded_setitem<array_setitem>,
              .contains = array_contains,
              .concat = guarded_binary<array_concat>,
              .repeat = guarded_repeat<array_repeat>,
              .inplace_concat = guarded_binary<array_inplace_concat>,
              .inplace_repeat = guarded_repeat<array_inplace_repeat>,
              .get_buffer = array_get_buffer,
              .release_buffer = array_release_buffer},
    .methods = array_methods,
    .getsets = array_getsets,
}};

}  // namespace krait
