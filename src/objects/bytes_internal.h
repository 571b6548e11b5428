// Internals shared by bytes.cpp, bytearray.cpp and bytes_methods.cpp: reading either type's
// data, making a result of the receiver's family, held buffer views, and the conversions
// the constructors and methods share.
#pragma once

#include <string>
#include <string_view>

#include "objects/bytes.h"

namespace krait {

struct MethodDef;

// A buffer view held for a scope and released at its end.
class BufferHolder {
 public:
  BufferHolder() = default;
  BufferHolder(const BufferHolder&) = delete;
  BufferHolder& operator=(const BufferHolder&) = delete;
  ~BufferHolder() { release(); }
  // False with TypeError ("a bytes-like object is required, not 'str'") if v has no buffer.
  bool get(Value v, int flags = kBufferSimple) {
    release();
    held_ = buffer_get(v, &view_, flags);
    return held_;
  }
  void release() {
    if (held_) buffer_release(&view_);
    held_ = false;
  }
  std::string_view data() const {
    return {static_cast<const char*>(view_.data), size_t(view_.length)};
  }
  Buffer& view() { return view_; }

 private:
  Buffer view_;
  bool held_ = false;
};

// The bytes of a bytes or bytearray object. Borrowed: a bytearray's data moves when it is
// resized, so do not hold this across code that may run Python.
inline std::string_view byte_data(Value v) {
  if (is_bytes(v)) return bytes_view(v);
  ByteArrayObject* b = as_bytearray(v);
  return {b->length ? b->data : "", size_t(b->length)};
}

// A new bytes (when self is bytes or a bytes subclass) or bytearray holding data: methods
// shared by the two types return their receiver's family.
Ref<> bytes_like(Value self, std::string_view data);

// An int argument that must be a byte: TypeError for non-integers, ValueError
// "byte must be in range(0, 256)".
bool byte_argument(Value v, uint8_t* out);

// The bytes of bytes(x) / bytearray(x) for x that is not an int or str: a buffer's
// contents, or the items of an iterable (each an int in range(256)). `type_name` is the
// type being made, for "cannot convert 'float' object to bytes".
bool bytes_from_object(Value source, std::string* out, const char* type_name);

// The repr of bytes data: b'...' with CPython's quote choice and escapes, between prefix
// and suffix ("bytearray(" and ")" for bytearray, which also escapes every single quote,
// even inside double quotes, as CPython's bytearray repr does).
Ref<> bytes_repr_text(std::string_view data, std::string_view prefix, std::string_view suffix,
                      bool escape_single_quotes = false);

// bytearray's storage management (bytearray.cpp): CPython's growth policy, so that
// __alloc__ and sys.getsizeof agree. Refuses while buffers are exported.
bool bytearray_resize(ByteArrayObject* b, int64_t length);

// Both method tables live in bytes_methods.cpp, which implements the methods the two
// types share; the methods only one type has are implemented in its own file.
extern const MethodDef bytes_methods[];
extern const MethodDef bytearray_methods[];
Ref<> bytes_remainder(Value a, Value b);     // bytes % args, bytearray % args
int bytes_contains(Value self, Value item);  // `x in b` for both types

// bytes only (bytes.cpp).
Ref<> bytes_getnewargs_method(Value self, const Value* args);
Ref<> bytes_bytes_method(Value self, const Value* args);
Ref<> bytes_sizeof_method(Value self, const Value* args);
// bytearray only (bytearray.cpp).
Ref<> bytearray_append_method(Value self, const Value* args);
Ref<> bytearray_extend_method(Value self, const Value* args);
Ref<> bytearray_insert_method(Value self, const Value* args);
Ref<> bytearray_pop_method(Value self, const Value* args);
Ref<> bytearray_remove_method(Value self, const Value* args);
Ref<> bytearray_clear_method(Value self, const Value* args);
Ref<> bytearray_copy_method(Value self, const Value* args);
Ref<> bytearray_reverse_method(Value self, const Value* args);
Ref<> bytearray_alloc_method(Value self, const Value* args);
Ref<> bytearray_sizeof_method(Value self, const Value* args);
Ref<> bytearray_reduce_method(Value self, const Value* args);
Ref<> bytearray_reduce_ex_method(Value self, const Value* args);

}  // namespace krait
