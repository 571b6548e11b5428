// memoryview: a view of another object's buffer. krait's views are C-contiguous; they have
// one dimension unless cast() gives them a shape (then indexing needs a tuple, and tolist()
// nests), with the native struct formats (B b c h H i I l L q Q n N f d ? P).
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/alloc.h"
#include "core/args.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/bytes.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/slice.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait {

extern TypeObject memoryview_type;

namespace {

struct MemoryViewObject : Object {
  Buffer view;               // holds a reference to the exporter while not released
  char* start;               // first byte of this view (views of views share the exporter)
  std::string* format;
  int64_t itemsize;
  std::vector<int64_t>* shape;  // empty: zero-dimensional
  bool readonly;
  bool released;
  int64_t exports;           // buffers handed out by this view
  int64_t hash;
  Object* weakreflist;
};

MemoryViewObject* as_mv(Value v) { return static_cast<MemoryViewObject*>(v.as_object()); }

int64_t item_count(const MemoryViewObject* m) {
  int64_t n = 1;
  for (int64_t d : *m->shape) n *= d;
  return n;
}

int64_t nbytes(const MemoryViewObject* m) { return item_count(m) * m->itemsize; }

// Size of a native struct format character; 0 if unsupported.
int64_t format_size(std::string_view format) {
  if (!format.empty() && format[0] == '@') format.remove_prefix(1);
  if (format.size() != 1) return 0;
  switch (format[0]) {
    case 'B': case 'b': case 'c': case '?': return 1;
    case 'h': case 'H': return 2;
    case 'i': case 'I': case 'f': return 4;
    case 'l': case 'L': case 'q': case 'Q': case 'n': case 'N': case 'd': case 'P': return 8;
    default: return 0;
  }
}

bool check_released(MemoryViewObject* m) {
  if (m->released) return value_error("operation forbidden on released memoryview object");
  return true;
}

// A view over `export_view`, an export it adopts and releases once (when released or freed).
Ref<> make_view(Buffer& export_view, char* start, std::string format, int64_t itemsize, std::vector<int64_t> shape,
                bool readonly) {
  auto* m = allocate<MemoryViewObject>(&memoryview_type);
  if (!m) {
    buffer_release(&export_view);
    return nullptr;
  }
  m->view = export_view;
  export_view.owner = nullptr;
  m->start = start;
  m->format = new std::string(std::move(format));
  m->itemsize = itemsize;
  m->shape = new std::vector<int64_t>(std::move(shape));
  m->readonly = readonly;
  m->hash = -1;
  gc_track(m);
  return Ref<>::steal(Value(m));
}

// A view derived from `source` (a slice, cast, copy): it takes its own export of the same
// memory, so that each memoryview holds exactly one and exporters count them right.
Ref<> derive_view(MemoryViewObject* source, char* start, std::string format, int64_t itemsize,
                  std::vector<int64_t> shape, bool readonly) {
  Buffer view;
  int flags = kBufferFormat | (source->view.readonly ? 0 : kBufferWritable);
  if (!buffer_get(Value(source->view.owner), &view, flags)) return nullptr;
  return make_view(view, start, std::move(format), itemsize, std::move(shape), readonly);
}

Ref<> memoryview_from_object(Value obj) {
  if (is_type(obj, &memoryview_type)) {
    MemoryViewObject* src = as_mv(obj);
    if (!check_released(src)) return nullptr;
    return derive_view(src, src->start, *src->format, src->itemsize, *src->shape, src->readonly);
  }
  Buffer view;
  if (!buffer_get(obj, &view, kBufferWritable | kBufferFormat)) {
    if (!error_matches(&exc::BufferError) && !error_matches(&exc::TypeError)) return nullptr;
    // A read-only exporter refuses a writable request: ask again read-only.
    clear_error();
    if (!buffer_get(obj, &view, kBufferFormat)) {
      if (error_matches(&exc::TypeError)) {
        clear_error();
        return type_error("memoryview: a bytes-like object is required, not '{}'", type_name(obj));
      }
      return nullptr;
    }
  }
  std::string format = view.format ? view.format : "B";
  int64_t itemsize = view.itemsize ? view.itemsize : 1;
  std::vector<int64_t> shape = {view.length / itemsize};
  return make_view(view, static_cast<char*>(view.data), format, itemsize, shape, view.readonly);
}

void memoryview_dealloc(Object* o) {
  auto* m = static_cast<MemoryViewObject*>(o);
  gc_untrack(o);
  if (m->weakreflist) clear_weakrefs(o);
  if (!m->released) buffer_release(&m->view);
  delete m->format;
  delete m->shape;
  free_object(o);
}

void memoryview_traverse(Object* o, VisitFn visit, void* arg) {
  auto* m = static_cast<MemoryViewObject*>(o);
  if (m->view.owner) visit(m->view.owner, arg);
}

Ref<> memoryview_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const MethodDef def = {.name = "memoryview", .signature = "(object)"};
  if (!def.parsed_signature) def.parsed_signature = signature_parse(&def, nullptr);
  BoundArgs bound;
  if (!bind_arguments(*def.parsed_signature, args, nargs, kwnames, &bound)) return nullptr;
  return memoryview_from_object(bound.values()[0]);
}

// One item as a Python object.
Ref<> unpack_item(MemoryViewObject* m, const char* p) {
  char f = (*m->format)[m->format->size() - 1];
  switch (f) {
    case 'B': return int_from_small(*reinterpret_cast<const uint8_t*>(p));
    case 'b': return int_from_small(*reinterpret_cast<const int8_t*>(p));
    case 'c': return bytes_from(std::string_view(p, 1));
    case '?': return new_bool(*p != 0);
    case 'h': { int16_t v; std::memcpy(&v, p, 2); return int_from_small(v); }
    case 'H': { uint16_t v; std::memcpy(&v, p, 2); return int_from_small(v); }
    case 'i': { int32_t v; std::memcpy(&v, p, 4); return int_from_small(v); }
    case 'I': { uint32_t v; std::memcpy(&v, p, 4); return int_from_small(v); }
    case 'l': case 'q': case 'n': { int64_t v; std::memcpy(&v, p, 8); return int_from_int64(v); }
    case 'L': case 'Q': case 'N': case 'P': { uint64_t v; std::memcpy(&v, p, 8); return int_from_uint64(v); }
    case 'f': { float v; std::memcpy(&v, p, 4); return float_from_double(v); }
    case 'd': { double v; std::memcpy(&v, p, 8); return float_from_double(v); }
  }
  return raise(exc::NotImplementedError, "memoryview: format {} not supported", *m->format);
}

bool pack_item(MemoryViewObject* m, char* p, Value v) {
  char f = (*m->format)[m->format->size() - 1];
  if (f == 'c') {
    if (!is_bytes(v) || as_bytes(v)->length != 1) {
      return value_error("memoryview: invalid value for format '{}'", *m->format);
    }
    *p = as_bytes(v)->data[0];
    return true;
  }
  if (f == 'f' || f == 'd') {
    double d;
    if (!number_to_double(v, &d)) return false;
    if (f == 'f') {
      float x = float(d);
      std::memcpy(p, &x, 4);
    } else {
      std::memcpy(p, &d, 8);
    }
    return true;
  }
  if (f == '?') {
    int truth = is_true(v);
    if (truth < 0) return false;
    *p = char(truth);
    return true;
  }
  if (!is_int(v) && !type_of(v)->to_index) {
    return type_error("memoryview: invalid type for format '{}'", *m->format);
  }
  Ref<> index = number_index(v);
  if (!index) return false;
  int64_t n;
  bool fits = int_to_int64(index, &n);
  auto out_of_range = [&] { return bool(value_error("memoryview: invalid value for format '{}'", *m->format)); };
  switch (f) {
    case 'B': if (!fits || n < 0 || n > 255) return out_of_range(); *reinterpret_cast<uint8_t*>(p) = uint8_t(n); return true;
    case 'b': if (!fits || n < -128 || n > 127) return out_of_range(); *reinterpret_cast<int8_t*>(p) = int8_t(n); return true;
    case 'h': { if (!fits || n < INT16_MIN || n > INT16_MAX) return out_of_range(); int16_t x = int16_t(n); std::memcpy(p, &x, 2); return true; }
    case 'H': { if (!fits || n < 0 || n > UINT16_MAX) return out_of_range(); uint16_t x = uint16_t(n); std::memcpy(p, &x, 2); return true; }
    case 'i': { if (!fits || n < INT32_MIN || n > INT32_MAX) return out_of_range(); int32_t x = int32_t(n); std::memcpy(p, &x, 4); return true; }
    case 'I': { if (!fits || n < 0 || n > int64_t(UINT32_MAX)) return out_of_range(); uint32_t x = uint32_t(n); std::memcpy(p, &x, 4); return true; }
    case 'l': case 'q': case 'n': if (!fits) return out_of_range(); std::memcpy(p, &n, 8); return true;
    default: {
      if (fits) {
        if (n < 0) return out_of_range();
        std::memcpy(p, &n, 8);
        return true;
      }
      mpz_t z;
      mpz_init(z);
      int_to_mpz(index, z);
      bool ok = mpz_sgn(z) >= 0 && mpz_sizeinbase(z, 2) <= 64;
      uint64_t u = ok ? mpz_get_ui(z) : 0;
      mpz_clear(z);
      if (!ok) return out_of_range();
      std::memcpy(p, &u, 8);
      return true;
    }
  }
}

int64_t memoryview_length(Value self) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return -1;
  if (m->shape->empty()) return type_error("0-dim memory has no length");
  return (*m->shape)[0];
}

// Byte size of one element along the first dimension.
int64_t row_bytes(MemoryViewObject* m) {
  int64_t n = m->itemsize;
  for (size_t i = 1; i < m->shape->size(); ++i) n *= (*m->shape)[i];
  return n;
}

Ref<> memoryview_getitem(Value self, Value key) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return nullptr;
  if (m->shape->empty()) {
    if (key == Ellipsis()) return new_ref(self);
    if (is_tuple(key) && as_tuple(key)->length == 0) return unpack_item(m, m->start);
    return type_error("invalid indexing of 0-dim memory");
  }
  if (is_slice(key)) {
    int64_t start, stop, step;
    if (!slice_unpack(key, &start, &stop, &step)) return nullptr;
    int64_t n = slice_adjust_indices((*m->shape)[0], &start, &stop, step);
    if (step != 1) {
      return raise(exc::NotImplementedError, "krait memoryviews do not support steps other than 1 yet");
    }
    std::vector<int64_t> shape = *m->shape;
    shape[0] = n;
    return derive_view(m, m->start + start * row_bytes(m), *m->format, m->itemsize, shape, m->readonly);
  }
  if (is_tuple(key)) {
    TupleObject* t = as_tuple(key);
    if (t->length != int64_t(m->shape->size())) {
      if (t->length < int64_t(m->shape->size())) return raise(exc::NotImplementedError, "sub-views are not implemented");
      return type_error("cannot index {}-dimension view with {}-element tuple", m->shape->size(), t->length);
    }
    int64_t offset = 0;
    for (int64_t d = 0; d < t->length; ++d) {
      int64_t i;
      if (!index_to_int64(t->items[d], &i, &exc::IndexError)) return nullptr;
      int64_t dim = (*m->shape)[size_t(d)];
      if (i < 0) i += dim;
      if (i < 0 || i >= dim) return index_error("index out of bounds on dimension {}", d + 1);
      offset = offset * dim + i;
    }
    return unpack_item(m, m->start + offset * m->itemsize);
  }
  if (!is_int(key) && !type_of(key)->to_index) {
    return type_error("memoryview: invalid slice key");
  }
  if (m->shape->size() > 1) return raise(exc::NotImplementedError, "multi-dimensional sub-views are not implemented");
  int64_t i;
  if (!index_to_int64(key, &i, &exc::IndexError)) return nullptr;
  int64_t n = (*m->shape)[0];
  if (i < 0) i += n;
  if (i < 0 || i >= n) return index_error("index out of bounds on dimension 1");
  return unpack_item(m, m->start + i * m->itemsize);
}

int memoryview_setitem(Value self, Value key, Value value) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return -1;
  if (m->readonly) return type_error("cannot modify read-only memory");
  if (!value) return type_error("cannot delete memory");
  if (m->shape->size() != 1) return raise(exc::NotImplementedError, "memoryview assignments are restricted to ndim = 1");
  int64_t n = (*m->shape)[0];
  if (is_slice(key)) {
    int64_t start, stop, step;
    if (!slice_unpack(key, &start, &stop, &step)) return -1;
    int64_t count = slice_adjust_indices(n, &start, &stop, step);
    Buffer source;
    if (!buffer_get(value, &source, kBufferSimple)) return -1;
    if (source.length != count * m->itemsize) {
      buffer_release(&source);
      return value_error("memoryview assignment: lvalue and rvalue have different structures");
    }
    for (int64_t k = 0; k < count; ++k) {
      std::memmove(m->start + (start + k * step) * m->itemsize, static_cast<char*>(source.data) + k * m->itemsize,
                   size_t(m->itemsize));
    }
    buffer_release(&source);
    return 0;
  }
  int64_t i;
  if (!index_to_int64(key, &i, &exc::IndexError)) return -1;
  if (i < 0) i += n;
  if (i < 0 || i >= n) return index_error("index out of bounds on dimension 1");
  return pack_item(m, m->start + i * m->itemsize, value) ? 0 : -1;
}

Ref<> memoryview_tobytes(Value self, const Value* args) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return nullptr;
  return bytes_from(std::string_view(m->start, size_t(nbytes(m))));
}

Ref<> tolist_level(MemoryViewObject* m, size_t dim, const char** p) {
  if (dim == m->shape->size()) {
    Ref<> item = unpack_item(m, *p);
    *p += m->itemsize;
    return item;
  }
  Ref<ListObject> list = list_new();
  if (!list) return nullptr;
  for (int64_t i = 0; i < (*m->shape)[dim]; ++i) {
    Ref<> item = tolist_level(m, dim + 1, p);
    if (!item || !list_append(list.get(), item)) return nullptr;
  }
  return list;
}

Ref<> memoryview_tolist(Value self, const Value* args) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return nullptr;
  const char* p = m->start;
  return tolist_level(m, 0, &p);
}

Ref<> memoryview_hex(Value self, const Value* args) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return nullptr;
  Ref<> bytes = bytes_from(std::string_view(m->start, size_t(nbytes(m))));
  if (!bytes) return nullptr;
  Ref<> hex = get_attr(bytes, "hex");
  if (!hex) return nullptr;
  size_t n = args[0] ? (args[1] ? 2 : 1) : 0;
  return call(hex, args, n);
}

Ref<> memoryview_release(Value self, const Value* args) {
  MemoryViewObject* m = as_mv(self);
  if (m->released) return new_none();
  if (m->exports > 0) return raise(exc::BufferError, "memoryview has {} exported buffer{}", m->exports, m->exports == 1 ? "" : "s");
  m->released = true;
  buffer_release(&m->view);
  return new_none();
}

Ref<> memoryview_enter(Value self, const Value* args) {
  if (!check_released(as_mv(self))) return nullptr;
  return new_ref(self);
}

Ref<> memoryview_exit(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  return memoryview_release(self, nullptr);
}

Ref<> memoryview_cast(Value self, const Value* args) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return nullptr;
  if (!is_str(args[0])) return type_error("memoryview: format argument must be a string");
  std::string format(str_utf8(args[0]));
  int64_t size = format_size(format);
  if (!size) {
    return value_error("memoryview: destination format must be a native single character format prefixed with an optional '@'");
  }
  int64_t total = nbytes(m);
  std::vector<int64_t> shape;
  if (args[1] && !is_none(args[1])) {
    if (!is_list(args[1]) && !is_tuple(args[1])) return type_error("shape must be a list or a tuple");
    Ref<> items = tuple_from_iterable(args[1]);
    if (!items) return nullptr;
    int64_t product = size;
    for (int64_t i = 0; i < as_tuple(items)->length; ++i) {
      int64_t d;
      if (!int_as_int64(as_tuple(items)->items[i], &d)) return nullptr;
      if (d <= 0) return value_error("memoryview.cast(): elements of shape must be integers > 0");
      shape.push_back(d);
      product *= d;
    }
    if (product != total) return type_error("memoryview: product(shape) * itemsize != buffer size");
  } else {
    if (total % size) return type_error("memoryview: length is not a multiple of itemsize");
    shape.push_back(total / size);
  }
  if (format[0] == '@') format = format.substr(1);
  return derive_view(m, m->start, format, size, shape, m->readonly);
}

Ref<> memoryview_toreadonly(Value self, const Value* args) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return nullptr;
  return derive_view(m, m->start, *m->format, m->itemsize, *m->shape, true);
}

Ref<> memoryview_compare(Value a, Value b, CompareOp op) {
  if (op != CompareOp::Eq && op != CompareOp::Ne) return new_not_implemented();
  MemoryViewObject* m = as_mv(a);
  if (m->released || (is_type(b, &memoryview_type) && as_mv(b)->released)) {
    bool same = a == b;
    return new_bool(op == CompareOp::Eq ? same : !same);
  }
  Ref<> mine = memoryview_tolist(a, nullptr);
  if (!mine) return nullptr;
  Ref<> theirs;
  if (is_type(b, &memoryview_type)) {
    theirs = memoryview_tolist(b, nullptr);
  } else {
    if (!type_of(b)->get_buffer) return new_not_implemented();
    Ref<> view = memoryview_from_object(b);
    if (!view) return nullptr;
    theirs = memoryview_tolist(view, nullptr);
    memoryview_release(view, nullptr);
  }
  if (!theirs) return nullptr;
  return rich_compare(mine, theirs, op);
}

int64_t memoryview_hash(Value self) {
  MemoryViewObject* m = as_mv(self);
  if (m->hash != -1) return m->hash;
  if (!check_released(m)) return -1;
  if (!m->readonly) return value_error("cannot hash writable memoryview object"), -1;
  if (*m->format != "B" && *m->format != "b" && *m->format != "c") {
    return value_error("memoryview: hashing is restricted to formats 'B', 'b' or 'c'"), -1;
  }
  m->hash = hash_bytes(m->start, size_t(nbytes(m)));
  return m->hash;
}

Ref<> memoryview_repr(Value self) {
  MemoryViewObject* m = as_mv(self);
  return str_from_utf8(format_message(m->released ? "<released memory at {}>" : "<memory at {}>", address_text(m)));
}

int memoryview_get_buffer(Value self, Buffer* view, int flags) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return -1;
  if ((flags & kBufferWritable) && m->readonly) return type_error("memoryview: underlying buffer is not writable");
  view->data = m->start;
  view->length = nbytes(m);
  view->itemsize = m->itemsize;
  view->readonly = m->readonly;
  view->format = m->format->c_str();
  view->shape[0] = item_count(m);
  incref(self);
  view->owner = self.as_object();
  ++m->exports;
  return 0;
}

void memoryview_release_buffer(Value self, Buffer* view) { --as_mv(self)->exports; }

Ref<> get_obj(Value self) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return nullptr;
  return m->view.owner ? new_ref(Value(m->view.owner)) : new_none();
}
Ref<> get_nbytes(Value self) {
  if (!check_released(as_mv(self))) return nullptr;
  return int_from_int64(nbytes(as_mv(self)));
}
Ref<> get_readonly(Value self) {
  if (!check_released(as_mv(self))) return nullptr;
  return new_bool(as_mv(self)->readonly);
}
Ref<> get_itemsize(Value self) {
  if (!check_released(as_mv(self))) return nullptr;
  return int_from_int64(as_mv(self)->itemsize);
}
Ref<> get_format(Value self) {
  if (!check_released(as_mv(self))) return nullptr;
  return str_from_ascii(*as_mv(self)->format);
}
Ref<> get_ndim(Value self) {
  if (!check_released(as_mv(self))) return nullptr;
  return int_from_int64(int64_t(as_mv(self)->shape->size()));
}
Ref<> get_shape(Value self) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return nullptr;
  Ref<TupleObject> t = tuple_allocate(int64_t(m->shape->size()));
  if (!t) return nullptr;
  for (size_t i = 0; i < m->shape->size(); ++i) t->items[i] = int_from_int64((*m->shape)[i]).release();
  return t;
}
Ref<> get_strides(Value self) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return nullptr;
  size_t n = m->shape->size();
  Ref<TupleObject> t = tuple_allocate(int64_t(n));
  if (!t) return nullptr;
  int64_t stride = m->itemsize;
  for (size_t i = n; i-- > 0;) {
    t->items[i] = int_from_int64(stride).release();
    stride *= (*m->shape)[i];
  }
  return t;
}
Ref<> get_suboffsets(Value self) {
  if (!check_released(as_mv(self))) return nullptr;
  return tuple_empty();
}
Ref<> get_true(Value self) {
  if (!check_released(as_mv(self))) return nullptr;
  return new_bool(true);
}
Ref<> get_f_contiguous(Value self) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return nullptr;
  return new_bool(m->shape->size() <= 1);
}

const MethodDef memoryview_methods[] = {
    {.name = "tobytes", .impl = memoryview_tobytes, .signature = "($self, /, order='C')"},
    {.name = "tolist", .impl = memoryview_tolist, .signature = "($self, /)"},
    {.name = "hex", .impl = memoryview_hex, .signature = "($self, /, sep=?, bytes_per_sep=?)"},
    {.name = "release", .impl = memoryview_release, .signature = "($self, /)"},
    {.name = "cast", .impl = memoryview_cast, .signature = "($self, /, format, shape=None)"},
    {.name = "toreadonly", .impl = memoryview_toreadonly, .signature = "($self, /)"},
    {.name = "__enter__", .impl = memoryview_enter, .signature = "($self, /)"},
    {.name = "__exit__", .raw = memoryview_exit},
    {},
};

const GetSetDef memoryview_getsets[] = {
    {"obj", get_obj},
    {"nbytes", get_nbytes},
    {"readonly", get_readonly},
    {"itemsize", get_itemsize},
    {"format", get_format},
    {"ndim", get_ndim},
    {"shape", get_shape},
    {"strides", get_strides},
    {"suboffsets", get_suboffsets},
    {"c_contiguous", get_true},
    {"f_contiguous", get_f_contiguous},
    {"contiguous", get_true},
    {},
};

}  // namespace

TypeObject memoryview_type{TypeSpec{
    .name = "memoryview",
    .doc = "Create a new memoryview object which references the given object.",
    .basic_size = sizeof(MemoryViewObject),
    .flags = kTypeHaveGC | kTypeSequence,
    .weaklist_offset = offsetof(MemoryViewObject, weakreflist),
    .slots = {.dealloc = memoryview_dealloc,
              .traverse = memoryview_traverse,
              .new_instance = memoryview_new,
              .repr = memoryview_repr,
              .hash = memoryview_hash,
              .compare = memoryview_compare,
              .getattr = generic_get_attr,
              .length = memoryview_length,
              .getitem = memoryview_getitem,
              .setitem = memoryview_setitem,
              .get_buffer = memoryview_get_buffer,
              .release_buffer = memoryview_release_buffer},
    .methods = memoryview_methods,
    .getsets = memoryview_getsets,
}};

}  // namespace krait
