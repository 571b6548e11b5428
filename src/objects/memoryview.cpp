// memoryview: a view of another object's buffer, with a shape and strides (slices with any
// step, reversed views; cast() gives N-D shapes: indexing then needs a tuple and tolist()
// nests), over the native struct formats (B b c h H i I l L q Q n N f d ? P).
#include <cmath>
#include <cstdlib>
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
  char* start;               // address of item [0, 0, ...] (views of views share the exporter)
  std::string* format;
  int64_t itemsize;
  std::vector<int64_t>* shape;    // empty: zero-dimensional
  std::vector<int64_t>* strides;  // bytes between items, per dimension (negative: reversed)
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

std::vector<int64_t> c_strides(const std::vector<int64_t>& shape, int64_t itemsize) {
  std::vector<int64_t> strides(shape.size());
  for (size_t i = shape.size(); i-- > 0;) {
    strides[i] = itemsize;
    itemsize *= shape[i];
  }
  return strides;
}

// Whether the items lie back to back in C (row-major) or Fortran (column-major) order;
// dimensions of length 1 do not count, and an empty view is both.
bool is_contiguous(const MemoryViewObject* m, bool fortran) {
  if (item_count(m) == 0) return true;
  int64_t expect = m->itemsize;
  size_t n = m->shape->size();
  for (size_t k = 0; k < n; ++k) {
    size_t d = fortran ? k : n - 1 - k;
    if ((*m->shape)[d] != 1 && (*m->strides)[d] != expect) return false;
    expect *= (*m->shape)[d];
  }
  return true;
}

// Calls visit(item address) for every item, last index fastest (C order) or first index
// fastest (Fortran order); stops early when visit returns false.
template <typename Visit>
bool for_each_item(const MemoryViewObject* m, bool fortran, Visit&& visit) {
  size_t n = m->shape->size();
  if (item_count(m) == 0) return true;
  std::vector<int64_t> index(n, 0);
  char* p = m->start;
  while (true) {
    if (!visit(p)) return false;
    size_t k = 0;
    for (; k < n; ++k) {
      size_t d = fortran ? k : n - 1 - k;
      p += (*m->strides)[d];
      if (++index[d] < (*m->shape)[d]) break;
      p -= (*m->strides)[d] * (*m->shape)[d];
      index[d] = 0;
    }
    if (k == n) return true;
  }
}

// Copies the items, in C or Fortran order, to `out` (nbytes(m) bytes).
void copy_items(const MemoryViewObject* m, char* out, bool fortran) {
  if (is_contiguous(m, fortran)) {
    std::memcpy(out, m->start, size_t(nbytes(m)));
    return;
  }
  size_t size = size_t(m->itemsize);
  for_each_item(m, fortran, [&](char* p) {
    std::memcpy(out, p, size);
    out += size;
    return true;
  });
}

Ref<> contiguous_bytes(const MemoryViewObject* m, bool fortran) {
  Ref<BytesObject> bytes = bytes_allocate(nbytes(m));
  if (!bytes) return nullptr;
  copy_items(m, bytes->data, fortran);
  return bytes;
}

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

bool is_byte_format(std::string_view format) {
  if (!format.empty() && format[0] == '@') format.remove_prefix(1);
  return format == "B" || format == "b" || format == "c";
}

bool check_released(MemoryViewObject* m) {
  if (m->released) return value_error("operation forbidden on released memoryview object");
  return true;
}

// A view over `export_view`, an export it adopts and releases once (when released or freed).
Ref<> make_view(Buffer& export_view, char* start, std::string format, int64_t itemsize, std::vector<int64_t> shape,
                std::vector<int64_t> strides, bool readonly) {
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
  m->strides = new std::vector<int64_t>(std::move(strides));
  m->readonly = readonly;
  m->hash = -1;
  gc_track(m);
  return Ref<>::steal(Value(m));
}

// A view of `exporter`'s memory (the exporter of `source`, a slice, cast, copy): it takes its
// own export of the same memory, so that each memoryview holds exactly one and exporters
// count them right.
Ref<> derive_view(Value exporter, const MemoryViewObject* source, char* start, std::string format, int64_t itemsize,
                  std::vector<int64_t> shape, std::vector<int64_t> strides, bool readonly) {
  Buffer view;
  int flags = kBufferFormat | (source->view.readonly ? 0 : kBufferWritable);
  if (!buffer_get(exporter, &view, flags)) return nullptr;
  return make_view(view, start, std::move(format), itemsize, std::move(shape), std::move(strides), readonly);
}

Ref<> memoryview_from_object(Value obj) {
  if (is_type(obj, &memoryview_type)) {
    MemoryViewObject* src = as_mv(obj);
    if (!check_released(src)) return nullptr;
    return derive_view(Value(src->view.owner), src, src->start, *src->format, src->itemsize, *src->shape,
                       *src->strides, src->readonly);
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
  return make_view(view, static_cast<char*>(view.data), format, itemsize, shape, {itemsize}, view.readonly);
}

void memoryview_dealloc(Object* o) {
  auto* m = static_cast<MemoryViewObject*>(o);
  gc_untrack(o);
  if (m->weakreflist) clear_weakrefs(o);
  if (!m->released) buffer_release(&m->view);
  delete m->format;
  delete m->shape;
  delete m->strides;
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

// Stores `v` as one item at `p`. Converting `v` may run Python code that releases the view:
// nothing is written then.
bool pack_item(MemoryViewObject* m, char* p, Value v) {
  char f = (*m->format)[m->format->size() - 1];
  auto invalid_type = [&] { return bool(type_error("memoryview: invalid type for format '{}'", *m->format)); };
  auto invalid_value = [&] { return bool(value_error("memoryview: invalid value for format '{}'", *m->format)); };
  if (f == 'c') {
    if (!is_bytes(v)) return invalid_type();
    if (as_bytes(v)->length != 1) return invalid_value();
    *p = as_bytes(v)->data[0];
    return true;
  }
  if (f == 'f' || f == 'd') {
    double d;
    if (!number_to_double(v, &d)) {
      if (error_matches(&exc::TypeError)) return clear_error(), invalid_type();
      return false;
    }
    if (!check_released(m)) return false;
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
    if (truth < 0 || !check_released(m)) return false;
    *p = char(truth);
    return true;
  }
  if (!is_int(v) && !type_of(v)->to_index) return invalid_type();
  Ref<> index = number_index(v);
  if (!index || !check_released(m)) return false;
  int64_t n;
  bool fits = int_to_int64(index, &n);
  switch (f) {
    case 'B': if (!fits || n < 0 || n > 255) return invalid_value(); *reinterpret_cast<uint8_t*>(p) = uint8_t(n); return true;
    case 'b': if (!fits || n < -128 || n > 127) return invalid_value(); *reinterpret_cast<int8_t*>(p) = int8_t(n); return true;
    case 'h': { if (!fits || n < INT16_MIN || n > INT16_MAX) return invalid_value(); int16_t x = int16_t(n); std::memcpy(p, &x, 2); return true; }
    case 'H': { if (!fits || n < 0 || n > UINT16_MAX) return invalid_value(); uint16_t x = uint16_t(n); std::memcpy(p, &x, 2); return true; }
    case 'i': { if (!fits || n < INT32_MIN || n > INT32_MAX) return invalid_value(); int32_t x = int32_t(n); std::memcpy(p, &x, 4); return true; }
    case 'I': { if (!fits || n < 0 || n > int64_t(UINT32_MAX)) return invalid_value(); uint32_t x = uint32_t(n); std::memcpy(p, &x, 4); return true; }
    case 'l': case 'q': case 'n': if (!fits) return invalid_value(); std::memcpy(p, &n, 8); return true;
    default: {
      if (fits) {
        if (n < 0) return invalid_value();
        std::memcpy(p, &n, 8);
        return true;
      }
      mpz_t z;
      mpz_init(z);
      int_to_mpz(index, z);
      bool ok = mpz_sgn(z) >= 0 && mpz_sizeinbase(z, 2) <= 64;
      uint64_t u = ok ? mpz_get_ui(z) : 0;
      mpz_clear(z);
      if (!ok) return invalid_value();
      std::memcpy(p, &u, 8);
      return true;
    }
  }
}

int64_t memoryview_length(Value self) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return -1;
  return m->shape->empty() ? 1 : (*m->shape)[0];
}

// The address of the item a tuple of indices (or one index, for 1-D views) names; null with
// an exception when the key is not such a thing or the view was released meanwhile.
char* item_address(MemoryViewObject* m, Value key) {
  size_t ndim = m->shape->size();
  const Value* indices = &key;
  size_t count = 1;
  if (is_tuple(key)) {
    indices = as_tuple(key)->items;
    count = size_t(as_tuple(key)->length);
    for (size_t d = 0; d < count; ++d) {
      Value i = indices[d];
      if (!is_int(i) && !type_of(i)->to_index) return type_error("memoryview: invalid slice key"), nullptr;
    }
    if (count < ndim) return raise(exc::NotImplementedError, "sub-views are not implemented"), nullptr;
    if (count > ndim) return type_error("cannot index {}-dimension view with {}-element tuple", ndim, count), nullptr;
  } else if (ndim != 1) {
    return raise(exc::NotImplementedError, ndim == 0 ? "invalid indexing of 0-dim memory" : "multi-dimensional sub-views are not implemented"),
           nullptr;
  }
  char* p = m->start;
  for (size_t d = 0; d < count; ++d) {
    int64_t i;
    if (!index_to_int64(indices[d], &i, &exc::IndexError) || !check_released(m)) return nullptr;
    int64_t dim = (*m->shape)[d];
    if (i < 0) i += dim;
    if (i < 0 || i >= dim) return index_error("index out of bounds on dimension {}", d + 1), nullptr;
    p += i * (*m->strides)[d];
  }
  return p;
}

// A non-empty tuple of slices (m[0:1, 2:3]): N-D slicing, which CPython does not implement.
bool is_multislice(Value key) {
  if (!is_tuple(key) || as_tuple(key)->length == 0) return false;
  for (int64_t i = 0; i < as_tuple(key)->length; ++i) {
    if (!is_slice(as_tuple(key)->items[i])) return false;
  }
  return true;
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
    // The slice's __index__ may release this view: the exporter must outlive it.
    Ref<> exporter = new_ref(Value(m->view.owner));
    int64_t start, stop, step;
    if (!slice_unpack(key, &start, &stop, &step)) return nullptr;
    int64_t n = slice_adjust_indices((*m->shape)[0], &start, &stop, step);
    std::vector<int64_t> shape = *m->shape, strides = *m->strides;
    shape[0] = n;
    strides[0] *= step;
    return derive_view(exporter, m, m->start + start * (*m->strides)[0], *m->format, m->itemsize, shape, strides,
                       m->readonly);
  }
  if (is_multislice(key)) return raise(exc::NotImplementedError, "multi-dimensional slicing is not implemented");
  if (!is_tuple(key) && !is_int(key) && !type_of(key)->to_index) return type_error("memoryview: invalid slice key");
  char* p = item_address(m, key);
  return p ? unpack_item(m, p) : nullptr;
}

// m[slice] = value for 1-D views: value must export the same format and as many items.
int assign_slice(MemoryViewObject* m, Value key, Value value) {
  int64_t start, stop, step;
  if (!slice_unpack(key, &start, &stop, &step) || !check_released(m)) return -1;
  int64_t count = slice_adjust_indices((*m->shape)[0], &start, &stop, step);
  Buffer source;
  if (!buffer_get(value, &source, kBufferFormat)) return -1;
  std::string_view source_format = source.format ? source.format : "B", format = *m->format;
  if (source_format.starts_with('@')) source_format.remove_prefix(1);
  if (format.starts_with('@')) format.remove_prefix(1);
  if (source_format != format || source.itemsize != m->itemsize || source.length != count * m->itemsize) {
    buffer_release(&source);
    return value_error("memoryview assignment: lvalue and rvalue have different structures");
  }
  // The source may overlap the destination (m[2:5] = m[0:3]): copy it first.
  std::string items(static_cast<const char*>(source.data), size_t(source.length));
  buffer_release(&source);
  int64_t stride = (*m->strides)[0] * step;
  char* p = m->start + start * (*m->strides)[0];
  for (int64_t k = 0; k < count; ++k, p += stride) {
    std::memcpy(p, items.data() + k * m->itemsize, size_t(m->itemsize));
  }
  return 0;
}

int memoryview_setitem(Value self, Value key, Value value) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return -1;
  if (m->readonly) return type_error("cannot modify read-only memory");
  if (!value) return type_error("cannot delete memory");
  if (m->shape->empty()) {
    if (key == Ellipsis() || (is_tuple(key) && as_tuple(key)->length == 0)) {
      return pack_item(m, m->start, value) ? 0 : -1;
    }
    return type_error("invalid indexing of 0-dim memory");
  }
  if (is_slice(key) || is_multislice(key)) {
    if (m->shape->size() != 1 || !is_slice(key)) {
      return raise(exc::NotImplementedError, "memoryview slice assignments are currently restricted to ndim = 1");
    }
    return assign_slice(m, key, value);
  }
  if (!is_tuple(key) && !is_int(key) && !type_of(key)->to_index) return type_error("memoryview: invalid slice key");
  if (!is_tuple(key) && m->shape->size() > 1) return raise(exc::NotImplementedError, "sub-views are not implemented");
  char* p = item_address(m, key);
  if (!p) return -1;
  return pack_item(m, p, value) ? 0 : -1;
}

Ref<> memoryview_tobytes(Value self, const Value* args) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return nullptr;
  bool fortran = false;
  if (!is_none(args[0])) {
    std::string_view order = is_str(args[0]) ? str_utf8(args[0]) : "";
    if (order != "C" && order != "F" && order != "A") return value_error("order must be 'C', 'F' or 'A'");
    fortran = order == "F" || (order == "A" && is_contiguous(m, true) && !is_contiguous(m, false));
  }
  return contiguous_bytes(m, fortran);
}

Ref<> tolist_level(MemoryViewObject* m, size_t dim, const char* p) {
  if (dim == m->shape->size()) return unpack_item(m, p);
  int64_t n = (*m->shape)[dim], stride = (*m->strides)[dim];
  Ref<ListObject> list = list_new();
  if (!list) return nullptr;
  for (int64_t i = 0; i < n; ++i, p += stride) {
    Ref<> item = tolist_level(m, dim + 1, p);
    if (!item || !list_append(list.get(), item)) return nullptr;
  }
  return list;
}

Ref<> memoryview_tolist(Value self, const Value* args) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return nullptr;
  return tolist_level(m, 0, m->start);
}

Ref<> memoryview_hex(Value self, const Value* args) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return nullptr;
  Ref<> bytes = contiguous_bytes(m, false);
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

// cast(format[, shape]): 1-D -> N-D or N-D -> 1-D over the same C-contiguous bytes, where
// one of the two formats is a byte format.
Ref<> memoryview_cast(Value self, const Value* args) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return nullptr;
  if (!is_str(args[0])) return type_error("cast() argument 'format' must be str, not {}", type_name(args[0]));
  if (!is_contiguous(m, false)) return type_error("memoryview: casts are restricted to C-contiguous views");
  bool has_shape = args[1] && !is_none(args[1]);
  if ((has_shape || m->shape->size() != 1) && item_count(m) == 0) {
    return type_error("memoryview: cannot cast view with zeros in shape or strides");
  }
  Ref<> dims;
  if (has_shape) {
    if (!is_list(args[1]) && !is_tuple(args[1])) return type_error("shape must be a list or a tuple");
    dims = tuple_from_iterable(args[1]);
    if (!dims) return nullptr;
    int64_t ndim = as_tuple(dims)->length;
    if (ndim > 64) return value_error("memoryview: number of dimensions must not exceed 64");
    if (m->shape->size() != 1 && ndim != 1) return type_error("memoryview: cast must be 1D -> ND or ND -> 1D");
  }
  std::string format(str_utf8(args[0]));
  int64_t size = format_size(format);
  if (!size) {
    return value_error("memoryview: destination format must be a native single character format prefixed with an optional '@'");
  }
  if (!is_byte_format(*m->format) && !is_byte_format(format)) {
    return type_error("memoryview: cannot cast between two non-byte formats");
  }
  int64_t total = nbytes(m);
  if (total % size) return type_error("memoryview: length is not a multiple of itemsize");
  std::vector<int64_t> shape;
  if (has_shape) {
    int64_t product = size;
    for (int64_t i = 0; i < as_tuple(dims)->length; ++i) {
      Value item = as_tuple(dims)->items[i];
      if (!is_int(item)) return type_error("memoryview.cast(): elements of shape must be integers");
      int64_t d;
      if (!int_to_int64(item, &d) || d <= 0) {
        return value_error("memoryview.cast(): elements of shape must be integers > 0");
      }
      if (__builtin_mul_overflow(product, d, &product)) {
        return value_error("memoryview.cast(): product(shape) > SSIZE_MAX");
      }
      shape.push_back(d);
    }
    if (product != total) return type_error("memoryview: product(shape) * itemsize != buffer size");
  } else {
    shape.push_back(total / size);
  }
  std::vector<int64_t> strides = c_strides(shape, size);
  return derive_view(Value(m->view.owner), m, m->start, format, size, std::move(shape), std::move(strides),
                     m->readonly);
}

Ref<> memoryview_toreadonly(Value self, const Value* args) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return nullptr;
  return derive_view(Value(m->view.owner), m, m->start, *m->format, m->itemsize, *m->shape, *m->strides, true);
}

// == and != compare the unpacked items (so formats may differ), shape by shape.
Ref<> memoryview_compare(Value a, Value b, CompareOp op) {
  if (op != CompareOp::Eq && op != CompareOp::Ne) return new_not_implemented();
  MemoryViewObject* m = as_mv(a);
  if (m->released || (is_type(b, &memoryview_type) && as_mv(b)->released)) {
    bool same = a == b;
    return new_bool(op == CompareOp::Eq ? same : !same);
  }
  Ref<> other;
  if (is_type(b, &memoryview_type)) {
    other = new_ref(b);
  } else {
    if (!type_of(b)->get_buffer) return new_not_implemented();
    other = memoryview_from_object(b);
    if (!other) return nullptr;
  }
  bool equal = *m->shape == *as_mv(other)->shape;
  if (equal) {
    Ref<> mine = memoryview_tolist(a, nullptr);
    Ref<> theirs = mine ? memoryview_tolist(other, nullptr) : nullptr;
    int result = theirs ? rich_compare_bool(mine, theirs, CompareOp::Eq) : -1;
    // Items of a format krait cannot unpack compare unequal, as in CPython.
    if (result < 0 && !theirs && error_matches(&exc::NotImplementedError)) {
      clear_error();
      result = 0;
    }
    if (result < 0) return nullptr;
    equal = result;
  }
  if (other.value() != b) {
    Ref<> released = memoryview_release(other, nullptr);  // a temporary view has no exports
  }
  return new_bool(op == CompareOp::Eq ? equal : !equal);
}

int64_t memoryview_hash(Value self) {
  MemoryViewObject* m = as_mv(self);
  if (m->hash != -1) return m->hash;
  if (!check_released(m)) return -1;
  if (!m->readonly) return value_error("cannot hash writable memoryview object"), -1;
  if (!is_byte_format(*m->format)) {
    return value_error("memoryview: hashing is restricted to formats 'B', 'b' or 'c'"), -1;
  }
  if (is_contiguous(m, false)) {
    m->hash = hash_bytes(m->start, size_t(nbytes(m)));
  } else {
    std::string items(size_t(nbytes(m)), '\0');
    copy_items(m, items.data(), false);
    m->hash = hash_bytes(items.data(), items.size());
  }
  return m->hash;
}

Ref<> memoryview_repr(Value self) {
  MemoryViewObject* m = as_mv(self);
  return str_from_utf8(format_message(m->released ? "<released memory at {}>" : "<memory at {}>", address_text(m)));
}

// Consumers of Buffer read contiguous memory: a non-contiguous view lends a C-ordered copy
// for reading (as CPython's bytes(), bytearray(), ... copy one) and refuses to be written.
int memoryview_get_buffer(Value self, Buffer* view, int flags) {
  MemoryViewObject* m = as_mv(self);
  if (!check_released(m)) return -1;
  if ((flags & kBufferWritable) && m->readonly) return type_error("memoryview: underlying buffer is not writable");
  if (is_contiguous(m, false)) {
    view->data = m->start;
  } else {
    if (flags & kBufferWritable) return raise(exc::BufferError, "memoryview: underlying buffer is not C-contiguous");
    view->data = std::malloc(size_t(nbytes(m)) + 1);
    if (!view->data) return raise(exc::MemoryError, ""), -1;
    copy_items(m, static_cast<char*>(view->data), false);
  }
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

void memoryview_release_buffer(Value self, Buffer* view) {
  MemoryViewObject* m = as_mv(self);
  if (!is_contiguous(m, false)) std::free(view->data);
  --m->exports;
}

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
Ref<> int_tuple(const std::vector<int64_t>& items) {
  Ref<TupleObject> t = tuple_allocate(int64_t(items.size()));
  if (!t) return nullptr;
  for (size_t i = 0; i < items.size(); ++i) t->items[i] = int_from_int64(items[i]).release();
  return t;
}
Ref<> get_shape(Value self) {
  if (!check_released(as_mv(self))) return nullptr;
  return int_tuple(*as_mv(self)->shape);
}
Ref<> get_strides(Value self) {
  if (!check_released(as_mv(self))) return nullptr;
  return int_tuple(*as_mv(self)->strides);
}
Ref<> get_suboffsets(Value self) {
  if (!check_released(as_mv(self))) return nullptr;
  return tuple_empty();
}
Ref<> get_c_contiguous(Value self) {
  if (!check_released(as_mv(self))) return nullptr;
  return new_bool(is_contiguous(as_mv(self), false));
}
Ref<> get_f_contiguous(Value self) {
  if (!check_released(as_mv(self))) return nullptr;
  return new_bool(is_contiguous(as_mv(self), true));
}
Ref<> get_contiguous(Value self) {
  if (!check_released(as_mv(self))) return nullptr;
  return new_bool(is_contiguous(as_mv(self), false) || is_contiguous(as_mv(self), true));
}

const MethodDef memoryview_methods[] = {
    {.name = "tobytes", .impl = memoryview_tobytes, .signature = "($self, /, order='C')",
     .doc = "Return the data in the buffer as a byte string.\n"
        "\nOrder can be {'C', 'F', 'A'}. When order is 'C' or 'F', the data of the\n"
        "original array is converted to C or Fortran order. For contiguous views,\n"
        "'A' returns an exact copy of the physical memory. In particular, in-memory\n"
        "Fortran order is preserved. For non-contiguous views, the data is converted\n"
        "to C first. order=None is the same as order='C'."},
    {.name = "tolist", .impl = memoryview_tolist, .signature = "($self, /)",
     .doc = "Return the data in the buffer as a list of elements."},
    {.name = "hex", .impl = memoryview_hex, .signature = "($self, /, sep=?, bytes_per_sep=?)",
     .doc = "hex($self, /, sep=<unrepresentable>, bytes_per_sep=1)\n--\n\n"
     "Return the data in the buffer as a str of hexadecimal numbers.\n\n"
            "  sep\n    An optional single character or byte to separate hex bytes.\n"
            "  bytes_per_sep\n    How many bytes between separators.  Positive values count from the\n"
            "    right, negative values count from the left.\n\n"
            "Example:\n>>> value = memoryview(b'\\xb9\\x01\\xef')\n>>> value.hex()\n'b901ef'\n"
            ">>> value.hex(':')\n'b9:01:ef'\n>>> value.hex(':', 2)\n'b9:01ef'\n>>> value.hex(':', -2)\n'b901:ef'"},
    {.name = "release", .impl = memoryview_release, .signature = "($self, /)",
     .doc = "Release the underlying buffer exposed by the memoryview object."},
    {.name = "cast", .impl = memoryview_cast, .signature = "($self, /, format, shape=None)",
     .doc = "cast($self, /, format, shape=<unrepresentable>)\n--\n\n"
     "Cast a memoryview to a new format or shape."},
    {.name = "toreadonly", .impl = memoryview_toreadonly, .signature = "($self, /)",
     .doc = "Return a readonly version of the memoryview."},
    {.name = "__enter__", .impl = memoryview_enter, .signature = "($self, /)",
     .flags = kMethodNoTextSignature},
    {.name = "__exit__", .raw = memoryview_exit},
    {},
};

const GetSetDef memoryview_getsets[] = {
    {"obj", get_obj, nullptr,
     "The underlying object of the memoryview."},
    {"nbytes", get_nbytes, nullptr,
     "The amount of space in bytes that the array would use in\n a contiguous representation."},
    {"readonly", get_readonly, nullptr,
     "A bool indicating whether the memory is read only."},
    {"itemsize", get_itemsize, nullptr,
     "The size in bytes of each element of the memoryview."},
    {"format", get_format, nullptr,
     "A string containing the format (in struct module style)\n for each element in the view."},
    {"ndim", get_ndim, nullptr,
     "An integer indicating how many dimensions of a multi-dimensional\n array the memory represents."},
    {"shape", get_shape, nullptr,
     "A tuple of ndim integers giving the shape of the memory\n as an N-dimensional array."},
    {"strides", get_strides, nullptr,
     "A tuple of ndim integers giving the size in bytes to access\n each element for each dimension of the array."},
    {"suboffsets", get_suboffsets, nullptr,
     "A tuple of integers used internally for PIL-style arrays."},
    {"c_contiguous", get_c_contiguous, nullptr,
     "A bool indicating whether the memory is C contiguous."},
    {"f_contiguous", get_f_contiguous, nullptr,
     "A bool indicating whether the memory is Fortran contiguous."},
    {"contiguous", get_contiguous, nullptr,
     "A bool indicating whether the memory is contiguous."},
    {},
};

}  // namespace

TypeObject memoryview_type{TypeSpec{
    .name = "memoryview",
    .doc = "Create a new memoryview object which references the given object.",
    .basic_size = sizeof(MemoryViewObject),
    .item_size = sizeof(int64_t),  // as CPython's: copyreg refuses to pickle memoryviews
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
