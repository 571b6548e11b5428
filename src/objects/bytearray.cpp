// bytearray: a mutable byte string in a growable buffer (over-allocated with CPython's
// policy, so __alloc__ and sys.getsizeof agree), its constructor, slots (indexing and slice
// assignment, +=, *=, comparison with any bytes-like object), the mutating methods, the
// buffer export that pins its size, and the iterator. Methods shared with bytes are in
// bytes_methods.cpp.
#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "core/alloc.h"
#include "core/ops.h"
#include "objects/bytes_internal.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/slice.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"
#include "objects/unicode_codecs.h"
#include "runtime/gc.h"
#include "runtime/runtime.h"

namespace krait {

namespace {

// CPython's ob_alloc: bytes allocated including the NUL (0 when nothing is allocated).
int64_t allocated(const ByteArrayObject* b) { return b->data ? b->capacity + 1 : 0; }

bool set_allocation(ByteArrayObject* b, int64_t alloc) {
  char* data = static_cast<char*>(std::realloc(b->data, size_t(alloc)));
  if (!data) return raise_memory_error();
  b->data = data;
  b->capacity = alloc - 1;
  return true;
}

bool check_resizable(const ByteArrayObject* b) {
  if (b->exports > 0) {
    return raise(exc::BufferError, "Existing exports of data: object cannot be re-sized");
  }
  return true;
}

ByteArrayObject* self_bytearray(Value v) { return as_bytearray(v); }

}  // namespace

bool bytearray_resize(ByteArrayObject* b, int64_t size) {
  if (size == b->length) return true;
  if (!check_resizable(b)) return false;
  if (size < 0 || size > INT64_MAX / 2) return raise_memory_error();
  int64_t alloc = allocated(b);
  int64_t new_alloc;
  if (size + 1 <= alloc) {
    if (size >= alloc / 2) {
      // A minor shrink keeps the buffer.
      b->length = size;
      b->data[size] = 0;
      return true;
    }
    new_alloc = size + 1;
  } else if (double(size) <= double(alloc) * 1.125) {
    // Moderate growth over-allocates, like list.
    new_alloc = size + (size >> 3) + (size < 9 ? 3 : 6);
  } else {
    new_alloc = size + 1;
  }
  if (!set_allocation(b, new_alloc)) return false;
  b->length = size;
  b->data[size] = 0;
  return true;
}

namespace {

Ref<ByteArrayObject> bytearray_of_type(TypeObject* type, std::string_view data) {
  auto* b = allocate<ByteArrayObject>(type, size_t(type->basic_size));
  if (!b) return nullptr;
  Ref<ByteArrayObject> result = Ref<ByteArrayObject>::steal(Value(b));
  if (!data.empty()) {
    if (!set_allocation(b, int64_t(data.size()) + 1)) return nullptr;
    std::memcpy(b->data, data.data(), data.size());
    b->data[data.size()] = 0;
    b->length = int64_t(data.size());
  }
  if (type->has_flag(kTypeHaveGC)) gc_track(b);
  return result;
}

// Replaces data[lo, hi) with `bytes` (which must not point into b's own buffer).
bool replace_range(ByteArrayObject* b, int64_t lo, int64_t hi, std::string_view bytes) {
  int64_t n = int64_t(bytes.size());
  int64_t growth = n - (hi - lo);
  int64_t old_length = b->length;
  if (growth != 0 && !check_resizable(b)) return false;
  if (growth < 0) {
    std::memmove(b->data + lo + n, b->data + hi, size_t(old_length - hi));
    if (!bytearray_resize(b, old_length + growth)) return false;
  } else if (growth > 0) {
    if (!bytearray_resize(b, old_length + growth)) return false;
    std::memmove(b->data + lo + n, b->data + hi, size_t(old_length - hi));
  }
  if (n) std::memcpy(b->data + lo, bytes.data(), size_t(n));
  return true;
}

// --- Construction ---

Ref<> bytearray_new_slot(TypeObject* type, const Value*, size_t, TupleObject*) {
  return bytearray_of_type(type, {});
}

Ref<> bytearray_init_impl(Value self, const Value* args) {
  ByteArrayObject* b = self_bytearray(self);
  Value source = args[0], encoding = args[1], errors = args[2];
  if (encoding && !is_str(encoding)) {
    return type_error("bytearray() argument 'encoding' must be str, not {}",
                      argument_type_name(encoding));
  }
  if (errors && !is_str(errors)) {
    return type_error("bytearray() argument 'errors' must be str, not {}",
                      argument_type_name(errors));
  }
  // __init__ may run again on an existing object: start from empty.
  if (b->length && !bytearray_resize(b, 0)) return nullptr;
  if (!source) {
    if (encoding) return type_error("encoding without a string argument");
    if (errors) return type_error("errors without a string argument");
    return new_none();
  }
  std::string data;
  if (is_str(source)) {
    if (!encoding) return type_error("string argument without an encoding");
    Ref<> encoded = str_encode(as_str(source), encoding, errors);
    if (!encoded) return nullptr;
    data.assign(bytes_view(encoded));
  } else if (encoding) {
    return type_error("encoding without a string argument");
  } else if (errors) {
    return type_error("errors without a string argument");
  } else {
    bool indexable = is_int(source) || type_of(source)->to_index;
    int64_t count = -1;
    if (indexable && !index_to_int64(source, &count, &exc::OverflowError)) {
      if (!error_matches(&exc::TypeError)) return nullptr;
      clear_error();
      indexable = false;
    }
    if (indexable) {
      if (count < 0) return value_error("negative count");
      if (count > 0) {
        if (!bytearray_resize(b, count)) return nullptr;
        std::memset(b->data, 0, size_t(count));
      }
      return new_none();
    }
    TypeObject* type = type_of(source);
    if (!type->get_buffer && !is_list(source) && !is_tuple(source) && (type->iter || type->getitem)) {
      // Any other iterable's items are appended as they come (visible while iterating).
      bool ok = for_each(source, [&](Value item) {
        uint8_t byte;
        if (!byte_argument(item, &byte) || !bytearray_resize(b, b->length + 1)) return false;
        b->data[b->length - 1] = char(byte);
        return true;
      });
      return ok ? new_none() : nullptr;
    }
    if (!bytes_from_object(source, &data, "bytearray")) return nullptr;
  }
  if (!data.empty()) {
    if (!bytearray_resize(b, int64_t(data.size()))) return nullptr;
    std::memcpy(b->data, data.data(), data.size());
  }
  return new_none();
}

const MethodDef bytearray_init_def = {.name = "bytearray",
                                      .impl = memory_guarded<bytearray_init_impl>,
                                      .signature = "($self, source=?, encoding=?, errors=?)"};

int bytearray_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  Ref<> result = call_method_def(&bytearray_init_def, nullptr, self, args, nargs, kwnames);
  return result ? 0 : -1;
}

void bytearray_dealloc(Object* o) {
  std::free(static_cast<ByteArrayObject*>(o)->data);
  free_object(o);
}

// --- Slots ---

Ref<> bytearray_repr(Value self) {
  std::string prefix = type_name(self) + "(";
  return bytes_repr_text(byte_data(self), prefix, ")", true);
}

Ref<> bytearray_str(Value self) {
  if (runtime().config.bytes_warning &&
      warn(exc::BytesWarning, "str() on a bytearray instance") < 0) {
    return nullptr;
  }
  return bytearray_repr(self);
}

Ref<> bytearray_compare(Value a, Value b, CompareOp op) {
  if (!type_of(b)->get_buffer || !type_of(a)->get_buffer) {
    if (runtime().config.bytes_warning && (op == CompareOp::Eq || op == CompareOp::Ne)) {
      if (is_str(b) && warn(exc::BytesWarning, "Comparison between bytearray and string") < 0)
        return nullptr;
      if (is_int(b) && warn(exc::BytesWarning, "Comparison between bytearray and int") < 0)
        return nullptr;
    }
    return new_not_implemented();
  }
  BufferHolder left, right;
  if (!left.get(a) || !right.get(b)) {
    clear_error();
    return new_not_implemented();
  }
  std::string_view x = left.data(), y = right.data();
  if (op == CompareOp::Eq || op == CompareOp::Ne) {
    bool equal =
        x.size() == y.size() && (x.empty() || std::memcmp(x.data(), y.data(), x.size()) == 0);
    return new_bool(equal == (op == CompareOp::Eq));
  }
  int c = x.compare(y);
  switch (op) {
    case CompareOp::Lt:
      return new_bool(c < 0);
    case CompareOp::Le:
      return new_bool(c <= 0);
    case CompareOp::Gt:
      return new_bool(c > 0);
    default:
      return new_bool(c >= 0);
  }
}

int64_t bytearray_length(Value self) { return self_bytearray(self)->length; }

bool bytearray_index(Value self, Value key, int64_t* index) {
  int64_t i;
  if (!index_to_int64(key, &i, &exc::IndexError)) return false;
  int64_t n = self_bytearray(self)->length;
  if (i < 0) i += n;
  if (i < 0 || i >= n) return index_error("bytearray index out of range");
  *index = i;
  return true;
}

Ref<> bytearray_getitem(Value self, Value key) {
  ByteArrayObject* b = self_bytearray(self);
  if (is_slice(key)) {
    int64_t start, stop, step;
    if (!slice_unpack(key, &start, &stop, &step)) return nullptr;
    int64_t count = slice_adjust_indices(b->length, &start, &stop, step);
    std::string_view data = byte_data(self);
    if (step == 1) return bytearray_from(data.substr(size_t(start), size_t(count)));
    std::string picked;
    picked.reserve(size_t(count));
    for (int64_t i = 0; i < count; ++i) picked += data[size_t(start + i * step)];
    return bytearray_from(picked);
  }
  if (!is_int(key) && !type_of(key)->to_index) {
    return type_error("bytearray indices must be integers or slices, not {}", type_name(key));
  }
  int64_t i;
  if (!bytearray_index(self, key, &i)) return nullptr;
  return int_from_small(uint8_t(b->data[i]));
}

// b[slice] = values / del b[slice].
int assign_slice(Value self, Value key, Value values) {
  ByteArrayObject* b = self_bytearray(self);
  // Anything but another bytearray becomes one first (a copy when it is b itself).
  Ref<> converted;
  if (values && (values == self || !is_bytearray(values))) {
    TypeObject* type = type_of(values);
    if (is_str(values) || type->to_index || type->to_int || type->to_float) {
      return type_error("can assign only bytes, buffers, or iterables of ints in range(0, 256)");
    }
    converted = call1(Value(&bytearray_type), values);
    if (!converted) return -1;
    values = converted;
  }
  std::string bytes;
  if (values) bytes.assign(byte_data(values));
  int64_t start, stop, step;
  if (!slice_unpack(key, &start, &stop, &step)) return -1;
  int64_t count = slice_adjust_indices(b->length, &start, &stop, step);
  if (step == 1) return replace_range(b, start, start + count, bytes) ? 0 : -1;
  // Assigning nothing to an extended slice deletes it, as CPython's bytearray does.
  if (!values || bytes.empty()) {
    // Deleting an extended slice: keep the bytes not in it.
    if (count == 0) return 0;
    if (step < 0) {
      start += (count - 1) * step;
      step = -step;
    }
    if (!check_resizable(b)) return -1;
    int64_t write = start;
    for (int64_t read = start, next_deleted = start, deleted = 0; read < b->length; ++read) {
      if (deleted < count && read == next_deleted) {
        // Past the last deletion the next position is never needed (and may overflow).
        if (++deleted < count) next_deleted += step;
        continue;
      }
      b->data[write++] = b->data[read];
    }
    return bytearray_resize(b, write) ? 0 : -1;
  }
  if (int64_t(bytes.size()) != count) {
    return value_error("attempt to assign bytes of size {} to extended slice of size {}",
                       int64_t(bytes.size()), count);
  }
  for (int64_t i = 0; i < count; ++i) b->data[start + i * step] = bytes[size_t(i)];
  return 0;
}

int bytearray_setitem(Value self, Value key, Value value) {
  if (is_slice(key)) return assign_slice(self, key, value);
  if (!is_int(key) && !type_of(key)->to_index) {
    return type_error("bytearray indices must be integers or slices, not {}", type_name(key));
  }
  int64_t i;
  if (!bytearray_index(self, key, &i)) return -1;
  ByteArrayObject* b = self_bytearray(self);
  if (!value) return replace_range(b, i, i + 1, {}) ? 0 : -1;
  uint8_t byte;
  if (!byte_argument(value, &byte)) return -1;
  // Converting the value may have run code that shrank b.
  if (i >= b->length) return index_error("bytearray index out of range");
  b->data[i] = char(byte);
  return 0;
}

Ref<> bytearray_concat(Value a, Value b) {
  BufferHolder left, right;
  if (!left.get(a) || !right.get(b)) {
    clear_error();
    return type_error("can't concat {} to {}", type_name(b), type_name(a));
  }
  std::string joined(left.data());
  joined.append(right.data());
  return bytearray_from(joined);
}

Ref<> bytearray_inplace_concat(Value self, Value other) {
  BufferHolder right;
  if (!right.get(other)) {
    clear_error();
    return type_error("can't concat {} to {}", type_name(other), type_name(self));
  }
  std::string bytes(right.data());  // other may be self
  right.release();
  ByteArrayObject* b = self_bytearray(self);
  if (!replace_range(b, b->length, b->length, bytes)) return nullptr;
  return new_ref(self);
}

Ref<> bytearray_repeat(Value self, int64_t count) {
  std::string_view data = byte_data(self);
  if (count <= 0 || data.empty()) return bytearray_from({});
  if (int64_t(data.size()) > INT64_MAX / 2 / count) return raise_memory_error();
  std::string repeated;
  repeated.reserve(data.size() * size_t(count));
  for (int64_t i = 0; i < count; ++i) repeated.append(data);
  return bytearray_from(repeated);
}

Ref<> bytearray_inplace_repeat(Value self, int64_t count) {
  ByteArrayObject* b = self_bytearray(self);
  int64_t n = b->length;
  if (count <= 0 || n == 0) {
    if (!bytearray_resize(b, 0)) return nullptr;
    return new_ref(self);
  }
  if (n > INT64_MAX / 2 / count) return raise_memory_error();
  if (!bytearray_resize(b, n * count)) return nullptr;
  for (int64_t i = 1; i < count; ++i) std::memcpy(b->data + i * n, b->data, size_t(n));
  return new_ref(self);
}

int bytearray_get_buffer(Value self, Buffer* view, int) {
  ByteArrayObject* b = self_bytearray(self);
  static char empty[1] = {0};
  view->data = b->length ? b->data : empty;
  view->length = b->length;
  view->itemsize = 1;
  view->readonly = false;
  view->format = "B";
  view->ndim = 1;
  view->shape[0] = b->length;
  ++b->exports;
  incref(self);
  view->owner = b;
  return 0;
}

void bytearray_release_buffer(Value self, Buffer*) { --self_bytearray(self)->exports; }

// --- The iterator ---

struct ByteArrayIteratorObject : Object {
  ByteArrayObject* bytearray;  // owned; null once exhausted
  int64_t index;
};

void bytearray_iterator_dealloc(Object* o) {
  auto* it = static_cast<ByteArrayIteratorObject*>(o);
  gc_untrack(o);
  if (it->bytearray) decref(it->bytearray);
  free_object(o);
}

void bytearray_iterator_traverse(Object* o, VisitFn visit, void* arg) {
  auto* it = static_cast<ByteArrayIteratorObject*>(o);
  if (it->bytearray) visit(it->bytearray, arg);
}

void bytearray_iterator_clear(Object* o) {
  auto* it = static_cast<ByteArrayIteratorObject*>(o);
  if (ByteArrayObject* b = it->bytearray) {
    it->bytearray = nullptr;
    decref(b);
  }
}

Ref<> bytearray_iterator_next(Value self) {
  auto* it = static_cast<ByteArrayIteratorObject*>(self.as_object());
  ByteArrayObject* b = it->bytearray;
  if (!b) return nullptr;
  if (it->index < b->length) return int_from_small(uint8_t(b->data[it->index++]));
  it->bytearray = nullptr;
  decref(b);
  return nullptr;
}

Ref<> iterator_self(Value self) { return new_ref(self); }

Ref<> bytearray_iter(Value self) {
  auto* it = allocate<ByteArrayIteratorObject>(&bytearray_iterator_type);
  if (!it) return nullptr;
  incref(self);
  it->bytearray = self_bytearray(self);
  it->index = 0;
  gc_track(it);
  return Ref<>::steal(Value(it));
}

Ref<> bytearray_iterator_length_hint(Value self, const Value*) {
  auto* it = static_cast<ByteArrayIteratorObject*>(self.as_object());
  int64_t left = it->bytearray ? it->bytearray->length - it->index : 0;
  return int_from_int64(std::max<int64_t>(left, 0));
}

Ref<> bytearray_iterator_reduce(Value self, const Value*) {
  auto* it = static_cast<ByteArrayIteratorObject*>(self.as_object());
  Value iter = dict_get_utf8(as_dict(runtime().builtins), "iter");
  if (!iter) return error_occurred() ? nullptr : Ref<>(attribute_error("iter"));
  if (!it->bytearray) {
    // An exhausted iterator pickles as iter(()).
    Ref<> empty = tuple_empty();
    Ref<> arguments = empty ? tuple_of({empty}) : nullptr;
    return arguments ? tuple_of({iter, arguments}) : nullptr;
  }
  Ref<> arguments = tuple_of({Value(it->bytearray)});
  if (!arguments) return nullptr;
  return tuple_of({iter, arguments, Value::small_int(it->index)});
}

Ref<> bytearray_iterator_setstate(Value self, const Value* args) {
  auto* it = static_cast<ByteArrayIteratorObject*>(self.as_object());
  int64_t index;
  if (!is_int(args[0])) return type_error("an integer is required");
  if (!index_to_int64_clamped(args[0], &index)) return nullptr;
  if (it->bytearray) it->index = std::clamp<int64_t>(index, 0, it->bytearray->length);
  return new_none();
}

const MethodDef bytearray_iterator_methods[] = {
    {.name = "__length_hint__",
     .impl = bytearray_iterator_length_hint,
     .signature = "($self, /)",
     .doc = "Private method returning an estimate of len(list(it))."},
    {.name = "__reduce__",
     .impl = bytearray_iterator_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__",
     .impl = bytearray_iterator_setstate,
     .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {},
};

// (type(self), (data,), state) for pickling; data is latin-1 text before protocol 3.
Ref<> reduce_with_protocol(Value self, int64_t protocol) {
  std::string_view data = byte_data(self);
  Ref<> arguments;
  if (protocol < 3) {
    Ref<> text = str_from_latin1(data);
    Ref<> encoding = str_from_ascii("latin-1");
    if (!text || !encoding) return nullptr;
    arguments = tuple_of({text, encoding});
  } else if (data.empty()) {
    arguments = tuple_empty();
  } else {
    Ref<> bytes = bytes_from(data);
    if (!bytes) return nullptr;
    arguments = tuple_of({bytes});
  }
  if (!arguments) return nullptr;
  // The state is what __getstate__ gives (object's: the __dict__ and __slots__ values).
  Ref<> state = call_method0(self, str_intern_utf8("__getstate__"));
  if (!state) return nullptr;
  return tuple_of({Value(type_of(self)), arguments, state});
}

}  // namespace

Ref<ByteArrayObject> bytearray_from(std::string_view data) {
  return bytearray_of_type(&bytearray_type, data);
}

// --- Methods only bytearray has ---

Ref<> bytearray_append_method(Value self, const Value* args) {
  uint8_t byte;
  if (!byte_argument(args[0], &byte)) return nullptr;
  ByteArrayObject* b = self_bytearray(self);
  if (!bytearray_resize(b, b->length + 1)) return nullptr;
  b->data[b->length - 1] = char(byte);
  return new_none();
}

Ref<> bytearray_extend_method(Value self, const Value* args) {
  Value source = args[0];
  std::string bytes;
  if (type_of(source)->get_buffer) {
    BufferHolder buffer;
    if (!buffer.get(source)) return nullptr;
    bytes.assign(buffer.data());
  } else {
    TypeObject* type = type_of(source);
    if (!type->iter && !type->getitem) {
      return type_error("can't extend bytearray with {}", type_name(source));
    }
    // As CPython, a failing __len__/__length_hint__ fails the extend.
    int64_t hint = length_hint(source, 64);
    if (hint < 0) return nullptr;
    bytes.reserve(size_t(std::min<int64_t>(hint, int64_t(1) << 20)));
    bool ok = for_each(source, [&](Value item) {
      uint8_t byte;
      if (!byte_argument(item, &byte)) return false;
      bytes.push_back(char(byte));
      return true;
    });
    if (!ok) return nullptr;
  }
  ByteArrayObject* b = self_bytearray(self);
  if (!replace_range(b, b->length, b->length, bytes)) return nullptr;
  return new_none();
}

Ref<> bytearray_insert_method(Value self, const Value* args) {
  int64_t index;
  uint8_t byte;
  if (!index_argument(args[0], &index) || !byte_argument(args[1], &byte)) return nullptr;
  ByteArrayObject* b = self_bytearray(self);
  int64_t n = b->length;
  if (index < 0) index = std::max<int64_t>(index + n, 0);
  index = std::min(index, n);
  char c = char(byte);
  if (!replace_range(b, index, index, std::string_view(&c, 1))) return nullptr;
  return new_none();
}

Ref<> bytearray_pop_method(Value self, const Value* args) {
  int64_t index;
  if (!index_argument(args[0], &index)) return nullptr;
  ByteArrayObject* b = self_bytearray(self);
  if (b->length == 0) return index_error("pop from empty bytearray");
  if (index < 0) index += b->length;
  if (index < 0 || index >= b->length) return index_error("pop index out of range");
  uint8_t byte = uint8_t(b->data[index]);
  if (!check_resizable(b) || !replace_range(b, index, index + 1, {})) return nullptr;
  return int_from_small(byte);
}

Ref<> bytearray_remove_method(Value self, const Value* args) {
  uint8_t byte;
  if (!byte_argument(args[0], &byte)) return nullptr;
  ByteArrayObject* b = self_bytearray(self);
  std::string_view data = byte_data(self);
  size_t at = data.find(char(byte));
  if (at == std::string_view::npos) return value_error("value not found in bytearray");
  if (!replace_range(b, int64_t(at), int64_t(at) + 1, {})) return nullptr;
  return new_none();
}

Ref<> bytearray_clear_method(Value self, const Value*) {
  if (!bytearray_resize(self_bytearray(self), 0)) return nullptr;
  return new_none();
}

Ref<> bytearray_copy_method(Value self, const Value*) { return bytearray_from(byte_data(self)); }

Ref<> bytearray_reverse_method(Value self, const Value*) {
  ByteArrayObject* b = self_bytearray(self);
  if (b->length) std::reverse(b->data, b->data + b->length);
  return new_none();
}

Ref<> bytearray_alloc_method(Value self, const Value*) {
  return int_from_int64(allocated(self_bytearray(self)));
}

// CPython's layout: a 56-byte object plus the allocated buffer.
Ref<> bytearray_sizeof_method(Value self, const Value*) {
  return int_from_int64(56 + allocated(self_bytearray(self)));
}

Ref<> bytearray_reduce_method(Value self, const Value*) { return reduce_with_protocol(self, 0); }

Ref<> bytearray_reduce_ex_method(Value self, const Value* args) {
  int64_t protocol;
  if (!index_argument(args[0], &protocol)) return nullptr;
  return reduce_with_protocol(self, protocol);
}

TypeObject bytearray_type{TypeSpec{
    .name = "bytearray",
    .doc =
        "bytearray(iterable_of_ints) -> bytearray\n"
        "bytearray(string, encoding[, errors]) -> bytearray\n"
        "bytearray(bytes_or_buffer) -> mutable copy of bytes_or_buffer\n"
        "bytearray(int) -> bytes array of size given by the parameter initialized with null bytes\n"
        "bytearray() -> empty bytes array\n\nConstruct a mutable bytearray object from:\n"
        "  - an iterable yielding integers in range(256)\n"
        "  - a text string encoded using the specified encoding\n"
        "  - a bytes or a buffer object\n  - any object implementing the buffer API.\n  - an "
        "integer",
    .basic_size = sizeof(ByteArrayObject),
    .flags = kTypeBaseType,
    .slots = {.dealloc = bytearray_dealloc,
              .new_instance = bytearray_new_slot,
              .init = bytearray_init,
              .repr = guarded_unary<bytearray_repr>,
              .str = guarded_unary<bytearray_str>,
              .compare = bytearray_compare,
              .getattr = generic_get_attr,
              .iter = bytearray_iter,
              .length = bytearray_length,
              .getitem = guarded_binary<bytearray_getitem>,
              .setitem = guarded_setitem<bytearray_setitem>,
              .contains = bytes_contains,
              .concat = guarded_binary<bytearray_concat>,
              .repeat = guarded_repeat<bytearray_repeat>,
              .inplace_concat = guarded_binary<bytearray_inplace_concat>,
              .inplace_repeat = guarded_repeat<bytearray_inplace_repeat>,
              .remainder = bytes_remainder,
              .get_buffer = bytearray_get_buffer,
              .release_buffer = bytearray_release_buffer},
    .methods = bytearray_methods,
}};

TypeObject bytearray_iterator_type{TypeSpec{
    .name = "bytearray_iterator",
    .basic_size = sizeof(ByteArrayIteratorObject),
    .flags = kTypeHaveGC | kTypeDisallowInstantiation,
    .slots = {.dealloc = bytearray_iterator_dealloc,
              .traverse = bytearray_iterator_traverse,
              .clear = bytearray_iterator_clear,
              .getattr = generic_get_attr,
              .iter = iterator_self,
              .iternext = bytearray_iterator_next},
    .methods = bytearray_iterator_methods,
}};

}  // namespace krait
