// Argument parsing with the messages of CPython's PyArg_ParseTuple family, which _socket
// still uses for most functions (METH_VARARGS: "recv() takes at least 1 argument (0
// given)", "'str' object cannot be interpreted as an integer", "signed integer is greater
// than maximum", "recv_into() argument 1 must be read-write bytes-like object, not bytes").
// One converter per format code the module uses.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>

#include "core/error.h"
#include "objects/bytes.h"

namespace krait {

struct TupleObject;

namespace socket_args {

// METH_VARARGS functions refuse keywords: "socket.recv() takes no keyword arguments".
bool no_keywords(const char* qualified_name, TupleObject* kwnames);
// The count check of a format with min..max items: "recv() takes at least 1 argument (0
// given)", "... at most 2 arguments ...", "... exactly 2 arguments ...".
bool check_count(const char* name, size_t nargs, size_t min, size_t max);
// PyArg_ParseTupleAndKeywords: positional then keyword arguments into out[0..names),
// null for those not given; `required` leading ones must be given.
bool bind_keywords(const char* name, std::initializer_list<const char*> names, size_t required,
                   const Value* args, size_t nargs, TupleObject* kwnames, Value* out);

// 'i': a C int through __index__ ("signed integer is greater than maximum").
bool int_arg(Value v, int* out);
// 'n': a Py_ssize_t through __index__.
bool ssize_arg(Value v, int64_t* out);
// 'I' / 'H': the low bits of an int, no range check (PyLong_AsUnsignedLongMask).
bool uint_mask_arg(Value v, unsigned* out);
bool ushort_mask_arg(Value v, unsigned short* out);
// 's': a str as UTF-8 without NUL; "name() argument N must be str, not bytes".
bool str_arg(Value v, const char* name, int position, std::string* out);
// 'w*': a writable buffer; "name() argument N must be read-write bytes-like object, not
// bytes" (`message`, if given, replaces the whole text, as a ';' format suffix does).
bool writable_buffer_arg(Value v, const char* name, int position, Buffer* view,
                         const char* message = nullptr);

// A Buffer released when the holder goes out of scope.
class BufferHolder {
 public:
  BufferHolder() = default;
  BufferHolder(const BufferHolder&) = delete;
  BufferHolder& operator=(const BufferHolder&) = delete;
  ~BufferHolder() {
    if (active_) buffer_release(&view_);
  }
  // 'y*': any bytes-like object ("a bytes-like object is required, not 'str'").
  bool get(Value v) { return active_ = buffer_get(v, &view_, kBufferSimple); }
  bool get_writable(Value v, const char* name, int position, const char* message = nullptr) {
    return active_ = writable_buffer_arg(v, name, position, &view_, message);
  }
  Buffer& view() { return view_; }
  char* data() const { return static_cast<char*>(view_.data); }
  int64_t length() const { return view_.length; }

 private:
  Buffer view_;
  bool active_ = false;
};

}  // namespace socket_args
}  // namespace krait
