// bytes: immutable byte strings stored inline (NUL-terminated, hash cached), the empty and
// one-byte values cached as singletons; the constructor, the core slots (repr, hash,
// comparison, indexing, +, *, in, %), the buffer export and the iterator. The methods
// bytes shares with bytearray are in bytes_methods.cpp.
#include <algorithm>
#include <cstddef>
#include <cstring>

#include "core/alloc.h"
#include "core/hash.h"
#include "core/ops.h"
#include "objects/bytes_internal.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/slice.h"
#include "objects/str.h"
#include "objects/str_format.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"
#include "objects/unicode_codecs.h"
#include "runtime/gc.h"
#include "runtime/runtime.h"

namespace krait {

namespace {

// Bytes of a BytesObject before its data: the header, length and hash.
constexpr size_t kBytesHeader = sizeof(Object) + 2 * sizeof(int64_t);
static_assert(sizeof(BytesObject) == kBytesHeader + 8, "data follows the hash");

// b'' and the 256 one-byte values, made on first use and never freed.
BytesObject* empty_bytes = nullptr;
BytesObject* single_bytes[256] = {};

BytesObject* make_immortal(std::string_view data) {
  auto* b = allocate<BytesObject>(&bytes_type, kBytesHeader + data.size() + 1);
  if (!b) return nullptr;
  b->length = int64_t(data.size());
  b->hash = -1;
  std::memcpy(b->data, data.data(), data.size());
  b->refcount = kStaticRefcount;
  return b;
}

Ref<BytesObject> cached_bytes(std::string_view data) {
  BytesObject** slot = data.empty() ? &empty_bytes : &single_bytes[uint8_t(data[0])];
  if (!*slot) *slot = make_immortal(data);
  if (!*slot) return nullptr;
  return new_ref(*slot);
}

}  // namespace

Ref<BytesObject> bytes_allocate(int64_t length) {
  if (length == 0) return cached_bytes({});
  if (length < 0 || length > INT64_MAX / 2) return overflow_error("byte string is too large");
  auto* b = allocate<BytesObject>(&bytes_type, kBytesHeader + size_t(length) + 1);
  if (!b) return nullptr;
  b->length = length;
  b->hash = -1;
  return Ref<BytesObject>::steal(Value(b));
}

Ref<BytesObject> bytes_from(std::string_view data) {
  if (data.size() <= 1) return cached_bytes(data);
  Ref<BytesObject> b = bytes_allocate(int64_t(data.size()));
  if (b) std::memcpy(b->data, data.data(), data.size());
  return b;
}

Ref<> bytes_like(Value self, std::string_view data) {
  if (is_bytes(self)) return bytes_from(data);
  return bytearray_from(data);
}

namespace {

// An instance of `type` (bytes or a subclass) holding data.
Ref<> bytes_of_type(TypeObject* type, std::string_view data) {
  if (type == &bytes_type) return bytes_from(data);
  auto* b = allocate<BytesObject>(type, kBytesHeader + data.size() + 1);
  if (!b) return nullptr;
  b->length = int64_t(data.size());
  b->hash = -1;
  if (!data.empty()) std::memcpy(b->data, data.data(), data.size());  // data() may be null
  if (type->has_flag(kTypeHaveGC)) gc_track(b);
  return Ref<>::steal(Value(b));
}

// An item of bytes(iterable) / bytearray(iterable).
bool item_byte(Value v, uint8_t* out, const char* range_message) {
  if (!is_int(v) && !type_of(v)->to_index) {
    return type_error("'{}' object cannot be interpreted as an integer", type_name(v));
  }
  int64_t value;
  if (!index_to_int64_clamped(v, &value)) return false;
  if (value < 0 || value > 255) return value_error("{}", range_message);
  *out = uint8_t(value);
  return true;
}

}  // namespace

bool byte_argument(Value v, uint8_t* out) {
  return item_byte(v, out, "byte must be in range(0, 256)");
}

bool bytes_from_object(Value source, std::string* out, const char* type_name_made) {
  bool making_bytes = std::strcmp(type_name_made, "bytes") == 0;
  const char* range_message =
      making_bytes ? "bytes must be in range(0, 256)" : "byte must be in range(0, 256)";
  if (type_of(source)->get_buffer) {
    BufferHolder buffer;
    if (!buffer.get(source)) return false;
    out->assign(buffer.data());
    return true;
  }
  if (is_list(source) || is_tuple(source)) {
    // The list may change while items' __index__ runs: re-read its length each step.
    for (int64_t i = 0;; ++i) {
      int64_t n = is_list(source) ? as_list(source)->length : as_tuple(source)->length;
      if (i >= n) return true;
      Ref<> item =
          new_ref(is_list(source) ? as_list(source)->items[i] : as_tuple(source)->items[i]);
      uint8_t byte;
      if (!item_byte(item, &byte, range_message)) return false;
      out->push_back(char(byte));
    }
  }
  TypeObject* type = type_of(source);
  if (is_str(source) || (!type->iter && !type->getitem)) {
    return type_error("cannot convert '{}' object to {}", type_name(source), type_name_made);
  }
  return for_each(source, [&](Value item) {
    uint8_t byte;
    if (!item_byte(item, &byte, range_message)) return false;
    out->push_back(char(byte));
    return true;
  });
}

Ref<> bytes_repr_text(std::string_view data, std::string_view prefix, std::string_view suffix,
                      bool escape_single_quotes) {
  bool has_single = data.find('\'') != std::string_view::npos;
  bool has_double = data.find('"') != std::string_view::npos;
  char quote = has_single && !has_double ? '"' : '\'';
  std::string out;
  out.reserve(prefix.size() + data.size() + 3 + suffix.size());
  out.append(prefix);
  out += 'b';
  out += quote;
  static const char kHex[] = "0123456789abcdef";
  for (char ch : data) {
    auto c = uint8_t(ch);
    if (c == uint8_t(quote) || c == '\\' || (c == '\'' && escape_single_quotes)) {
      out += '\\';
      out += char(c);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < ' ' || c >= 0x7F) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += char(c);
    }
  }
  out += quote;
  out.append(suffix);
  return str_from_utf8(out);
}

Ref<> bytes_remainder(Value a, Value b) {
  if (!is_bytes(a) && !is_bytearray(a)) return new_not_implemented();
  Ref<> result = bytes_percent_format(byte_data(a), b);
  if (!result || is_bytes(a)) return result;
  return bytearray_from(bytes_view(result));
}

int bytes_contains(Value self, Value item) {
  std::string_view data = byte_data(self);
  if (is_int(item) || type_of(item)->to_index) {
    uint8_t byte;
    if (!byte_argument(item, &byte)) return -1;
    return data.find(char(byte)) != std::string_view::npos;
  }
  BufferHolder needle;
  if (!needle.get(item)) return -1;
  std::string_view n = needle.data();
  data = byte_data(self);
  return search::find(reinterpret_cast<const uint8_t*>(data.data()), int64_t(data.size()),
                      reinterpret_cast<const uint8_t*>(n.data()), int64_t(n.size())) >= 0;
}

namespace {

// --- Construction ---

Ref<> bytes_new_impl(Value type_value, const Value* args) {
  auto* type = static_cast<TypeObject*>(type_value.as_object());
  Value source = args[0], encoding = args[1], errors = args[2];
  if (encoding && !is_str(encoding)) {
    return type_error("bytes() argument 'encoding' must be str, not {}",
                      argument_type_name(encoding));
  }
  if (errors && !is_str(errors)) {
    return type_error("bytes() argument 'errors' must be str, not {}", argument_type_name(errors));
  }
  if (!source) {
    if (encoding) return type_error("encoding without a string argument");
    if (errors) return type_error("errors without a string argument");
    return bytes_of_type(type, {});
  }
  Ref<> result;
  if (encoding) {
    if (!is_str(source)) return type_error("encoding without a string argument");
    result = str_encode(as_str(source), encoding, errors);
  } else if (errors) {
    if (!is_str(source)) return type_error("errors without a string argument");
    return type_error("string argument without an encoding");
  } else if (is_exact_bytes(source) && type == &bytes_type) {
    return new_ref(source);
  } else {
    Ref<> method = lookup_special(source, str_intern_utf8("__bytes__"));
    if (method) {
      result = call0(method);
      if (result && !is_bytes(result)) {
        return type_error("__bytes__ returned non-bytes (type {})", type_name(result));
      }
    } else if (error_occurred()) {
      return nullptr;
    } else if (is_str(source)) {
      return type_error("string argument without an encoding");
    } else {
      bool indexable = is_int(source) || type_of(source)->to_index;
      int64_t size = -1;
      if (indexable && !index_to_int64(source, &size, &exc::OverflowError)) {
        if (!error_matches(&exc::TypeError)) return nullptr;
        clear_error();
        indexable = false;
      }
      if (indexable) {
        if (size < 0) return value_error("negative count");
        Ref<BytesObject> zeros = bytes_allocate(size);
        if (!zeros) return nullptr;
        std::memset(zeros->data, 0, size_t(size));
        result = std::move(zeros);
      } else {
        std::string data;
        if (!bytes_from_object(source, &data, "bytes")) return nullptr;
        result = bytes_from(data);
      }
    }
  }
  if (!result || type == &bytes_type) return result;
  return bytes_of_type(type, bytes_view(result));
}

const MethodDef bytes_new_def = {.name = "bytes",
                                 .impl = memory_guarded<bytes_new_impl>,
                                 .signature = "($type, source=?, encoding=?, errors=?)"};

Ref<> bytes_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return call_method_def(&bytes_new_def, nullptr, Value(type), args, nargs, kwnames);
}

// --- Slots ---

Ref<> bytes_repr(Value self) { return bytes_repr_text(bytes_view(self), "", ""); }

Ref<> bytes_str(Value self) {
  if (runtime().config.bytes_warning && warn(exc::BytesWarning, "str() on a bytes instance") < 0) {
    return nullptr;
  }
  return bytes_repr(self);
}

int64_t bytes_hash(Value self) {
  BytesObject* b = as_bytes(self);
  if (b->hash == -1) b->hash = hash_bytes(b->data, size_t(b->length));
  return b->hash;
}

// Three-way comparison of byte strings, shared with bytearray via compare_result.
Ref<> bytes_compare(Value a, Value b, CompareOp op) {
  if (!is_bytes(a) || !is_bytes(b)) {
    if (runtime().config.bytes_warning && (op == CompareOp::Eq || op == CompareOp::Ne)) {
      Value other = is_bytes(a) ? b : a;
      if (is_str(other) && warn(exc::BytesWarning, "Comparison between bytes and string") < 0)
        return nullptr;
      if (is_int(other) && warn(exc::BytesWarning, "Comparison between bytes and int") < 0)
        return nullptr;
    }
    return new_not_implemented();
  }
  std::string_view x = bytes_view(a), y = bytes_view(b);
  if (op == CompareOp::Eq || op == CompareOp::Ne) {
    bool equal = a == b || (x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size()) == 0);
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

int64_t bytes_length(Value self) { return as_bytes(self)->length; }

Ref<> bytes_getitem(Value self, Value key) {
  std::string_view data = bytes_view(self);
  int64_t n = int64_t(data.size());
  if (is_slice(key)) {
    int64_t start, stop, step;
    if (!slice_unpack(key, &start, &stop, &step)) return nullptr;
    int64_t count = slice_adjust_indices(n, &start, &stop, step);
    if (step == 1) {
      if (count == n && is_exact_bytes(self)) return new_ref(self);
      return bytes_from(data.substr(size_t(start), size_t(count)));
    }
    Ref<BytesObject> result = bytes_allocate(count);
    if (!result || count <= 1) {
      return count == 1 ? Ref<>(bytes_from(data.substr(size_t(start), 1)))
                        : Ref<>(std::move(result));
    }
    for (int64_t i = 0; i < count; ++i) result->data[i] = data[size_t(start + i * step)];
    return result;
  }
  if (!is_int(key) && !type_of(key)->to_index) {
    return type_error("byte indices must be integers or slices, not {}", type_name(key));
  }
  int64_t i;
  if (!index_to_int64(key, &i, &exc::IndexError)) return nullptr;
  if (i < 0) i += n;
  if (i < 0 || i >= n) return index_error("index out of range");
  return int_from_small(uint8_t(data[size_t(i)]));
}

Ref<> bytes_concat(Value a, Value b) {
  BufferHolder left, right;
  if (!left.get(a) || !right.get(b)) {
    clear_error();
    return type_error("can't concat {} to {}", type_name(b), type_name(a));
  }
  if (right.data().empty() && is_exact_bytes(a)) return new_ref(a);
  if (left.data().empty() && is_exact_bytes(b)) return new_ref(b);
  int64_t n = int64_t(left.data().size()), m = int64_t(right.data().size());
  Ref<BytesObject> result = bytes_allocate(n + m);
  if (!result) return nullptr;
  if (n + m == 1) return bytes_from(n ? left.data() : right.data());
  std::memcpy(result->data, left.data().data(), size_t(n));
  std::memcpy(result->data + n, right.data().data(), size_t(m));
  return result;
}

Ref<> bytes_repeat(Value self, int64_t count) {
  std::string_view data = bytes_view(self);
  if (count <= 0 || data.empty()) return bytes_from({});
  if (count == 1 && is_exact_bytes(self)) return new_ref(self);
  if (int64_t(data.size()) > INT64_MAX / 2 / count) return raise_memory_error();
  int64_t total = int64_t(data.size()) * count;
  if (total == 1) return bytes_from(data);
  Ref<BytesObject> result = bytes_allocate(total);
  if (!result) return nullptr;
  if (data.size() == 1) {
    std::memset(result->data, data[0], size_t(total));
  } else {
    for (int64_t i = 0; i < count; ++i)
      std::memcpy(result->data + i * int64_t(data.size()), data.data(), data.size());
  }
  return result;
}

int bytes_get_buffer(Value self, Buffer* view, int flags) {
  if (flags & kBufferWritable) return raise(exc::BufferError, "Object is not writable.");
  BytesObject* b = as_bytes(self);
  view->data = b->data;
  view->length = b->length;
  view->itemsize = 1;
  view->readonly = true;
  view->format = "B";
  view->ndim = 1;
  view->shape[0] = b->length;
  incref(self);
  view->owner = b;
  return 0;
}

// --- The iterator ---

struct BytesIteratorObject : Object {
  BytesObject* bytes;  // owned; null once exhausted
  int64_t index;
};

void bytes_iterator_dealloc(Object* o) {
  auto* it = static_cast<BytesIteratorObject*>(o);
  if (it->bytes) decref(it->bytes);
  free_object(o);
}

Ref<> bytes_iterator_next(Value self) {
  auto* it = static_cast<BytesIteratorObject*>(self.as_object());
  BytesObject* b = it->bytes;
  if (!b) return nullptr;
  if (it->index < b->length) return int_from_small(uint8_t(b->data[it->index++]));
  it->bytes = nullptr;
  decref(b);
  return nullptr;
}

Ref<> iterator_self(Value self) { return new_ref(self); }

Ref<> bytes_iter(Value self) {
  auto* it = allocate<BytesIteratorObject>(&bytes_iterator_type);
  if (!it) return nullptr;
  incref(self);
  it->bytes = as_bytes(self);
  it->index = 0;
  return Ref<>::steal(Value(it));
}

Ref<> bytes_iterator_length_hint(Value self, const Value*) {
  auto* it = static_cast<BytesIteratorObject*>(self.as_object());
  return int_from_int64(it->bytes ? it->bytes->length - it->index : 0);
}

Ref<> bytes_iterator_reduce(Value self, const Value*) {
  auto* it = static_cast<BytesIteratorObject*>(self.as_object());
  Value iter = dict_get_utf8(as_dict(runtime().builtins), "iter");
  if (!iter) return error_occurred() ? nullptr : Ref<>(attribute_error("iter"));
  if (!it->bytes) {
    // An exhausted iterator pickles as iter(()).
    Ref<> empty = tuple_empty();
    Ref<> arguments = empty ? tuple_of({empty}) : nullptr;
    return arguments ? tuple_of({iter, arguments}) : nullptr;
  }
  Ref<> arguments = tuple_of({Value(it->bytes)});
  if (!arguments) return nullptr;
  return tuple_of({iter, arguments, Value::small_int(it->index)});
}

Ref<> bytes_iterator_setstate(Value self, const Value* args) {
  auto* it = static_cast<BytesIteratorObject*>(self.as_object());
  int64_t index;
  if (!is_int(args[0])) return type_error("an integer is required");
  if (!index_to_int64_clamped(args[0], &index)) return nullptr;
  if (it->bytes) it->index = std::clamp<int64_t>(index, 0, it->bytes->length);
  return new_none();
}

const MethodDef bytes_iterator_methods[] = {
    {.name = "__length_hint__",
     .impl = bytes_iterator_length_hint,
     .signature = "($self, /)",
     .doc = "Private method returning an estimate of len(list(it))."},
    {.name = "__reduce__",
     .impl = bytes_iterator_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__",
     .impl = bytes_iterator_setstate,
     .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {},
};

}  // namespace

// --- Methods only bytes has ---

Ref<> bytes_getnewargs_method(Value self, const Value*) {
  Ref<> copy = bytes_of_type(&bytes_type, bytes_view(self));
  if (!copy) return nullptr;
  return tuple_of({copy});
}

Ref<> bytes_bytes_method(Value self, const Value*) {
  if (is_exact_bytes(self)) return new_ref(self);
  return bytes_from(bytes_view(self));
}

// CPython's layout: a 33-byte header (with the NUL) plus one byte per item.
Ref<> bytes_sizeof_method(Value self, const Value*) {
  return int_from_int64(33 + as_bytes(self)->length);
}

TypeObject bytes_type{TypeSpec{
    .name = "bytes",
    .doc = "bytes(iterable_of_ints) -> bytes\nbytes(string, encoding[, errors]) -> bytes\n"
           "bytes(bytes_or_buffer) -> immutable copy of bytes_or_buffer\n"
           "bytes(int) -> bytes object of size given by the parameter initialized with null bytes\n"
           "bytes() -> empty bytes object\n\nConstruct an immutable array of bytes from:\n"
           "  - an iterable yielding integers in range(256)\n"
           "  - a text string encoded using the specified encoding\n"
           "  - any object implementing the buffer API.\n  - an integer",
    .basic_size = sizeof(BytesObject),
    .item_size = 1,
    .flags = kTypeBaseType | kTypeBytesSubclass,
    .slots = {.dealloc = dealloc_plain,
              .new_instance = bytes_new,
              .repr = guarded_unary<bytes_repr>,
              .str = guarded_unary<bytes_str>,
              .hash = bytes_hash,
              .compare = bytes_compare,
              .getattr = generic_get_attr,
              .iter = bytes_iter,
              .length = bytes_length,
              .getitem = bytes_getitem,
              .contains = bytes_contains,
              .concat = bytes_concat,
              .repeat = bytes_repeat,
              .remainder = bytes_remainder,
              .get_buffer = bytes_get_buffer},
    .methods = bytes_methods,
}};

TypeObject bytes_iterator_type{TypeSpec{
    .name = "bytes_iterator",
    .basic_size = sizeof(BytesIteratorObject),
    .flags = kTypeDisallowInstantiation,
    .slots = {.dealloc = bytes_iterator_dealloc,
              .getattr = generic_get_attr,
              .iter = iterator_self,
              .iternext = bytes_iterator_next},
    .methods = bytes_iterator_methods,
}};

}  // namespace krait
