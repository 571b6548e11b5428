// bytes and bytearray. bytes stores its data inline (NUL-terminated, hash cached);
// bytearray owns a growable buffer. The buffer protocol (Buffer) lets bytes-like objects
// (bytes, bytearray, memoryview, array) be read uniformly.
#pragma once

#include <string_view>

#include "core/type.h"

namespace krait {

extern TypeObject bytes_type;
extern TypeObject bytearray_type;
extern TypeObject bytes_iterator_type;
extern TypeObject bytearray_iterator_type;

struct BytesObject : Object {
  int64_t length;
  int64_t hash;  // -1 until computed
  char data[1];  // length + 1 bytes, the last one 0
};

struct ByteArrayObject : Object {
  int64_t length;
  int64_t capacity;
  char* data;     // malloc'd, capacity + 1 bytes
  int64_t exports;  // live buffer exports: resizing is refused while > 0
};

inline bool is_bytes(Value v) { return v.is_object() && type_has_flag(v, kTypeBytesSubclass); }
inline bool is_exact_bytes(Value v) { return v.is_object() && v.as_object()->type == &bytes_type; }
inline BytesObject* as_bytes(Value v) { return static_cast<BytesObject*>(v.as_object()); }
inline bool is_bytearray(Value v) { return v.is_object() && is_instance_of(v, &bytearray_type); }
inline ByteArrayObject* as_bytearray(Value v) { return static_cast<ByteArrayObject*>(v.as_object()); }
inline std::string_view bytes_view(Value v) {
  return {as_bytes(v)->data, size_t(as_bytes(v)->length)};
}

Ref<BytesObject> bytes_allocate(int64_t length);  // uninitialised data
Ref<BytesObject> bytes_from(std::string_view data);
Ref<ByteArrayObject> bytearray_from(std::string_view data);

// A view of a bytes-like object's memory (the buffer protocol, simplified: contiguous).
struct Buffer {
  void* data = nullptr;
  int64_t length = 0;     // in bytes
  int64_t itemsize = 1;
  bool readonly = true;
  const char* format = "B";
  int ndim = 1;
  int64_t shape[1] = {0};
  Object* owner = nullptr;  // owned reference, released by buffer_release
};
enum BufferFlag : int { kBufferSimple = 0, kBufferWritable = 1, kBufferFormat = 4 };
// Fills view from a bytes-like object; false with TypeError ("a bytes-like object is
// required, not 'str'") otherwise.
bool buffer_get(Value v, Buffer* view, int flags);
void buffer_release(Buffer* view);
// A writable buffer for an argument declared read-write bytes-like (readinto(), ...):
// false with Argument Clinic's TypeError "readinto() argument must be read-write
// bytes-like object, not bytes" when `v` has none (or only a read-only one).
bool buffer_get_writable(Value v, Buffer* view, const char* function);

}  // namespace krait
