// The buffer protocol's two entry points (bytes.h): any type exporting memory fills a
// Buffer from its get_buffer slot (bytes, bytearray, memoryview, array, ...) and is told
// through release_buffer when the view ends, so it can pin its storage meanwhile.
#include "core/error.h"
#include "objects/bytes.h"
#include "objects/none.h"

namespace krait {

bool buffer_get(Value v, Buffer* view, int flags) {
  GetBufferFn get = type_of(v)->get_buffer;
  if (!get) return type_error("a bytes-like object is required, not '{}'", type_name(v));
  *view = Buffer();
  return get(v, view, flags) == 0;
}

bool buffer_get_writable(Value v, Buffer* view, const char* function) {
  if (buffer_get(v, view, kBufferWritable)) return true;
  clear_error();
  return type_error("{}() argument must be read-write bytes-like object, not {}", function,
                    is_none(v) ? "None" : type_name(v));
}

void buffer_release(Buffer* view) {
  Object* owner = view->owner;
  if (!owner) return;
  view->owner = nullptr;
  if (ReleaseBufferFn release = owner->type->release_buffer) release(owner, view);
  decref(owner);
}

}  // namespace krait
