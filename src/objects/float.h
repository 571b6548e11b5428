// float: IEEE-754 double in a heap object (freelisted). Formatting and parsing live in
// text/float_text.h; this header is what the rest of krait uses.
#pragma once

#include "core/alloc.h"
#include "core/type.h"

namespace krait {

extern TypeObject float_type;

struct FloatObject : Object {
  double value;
};

inline bool is_float(Value v) {
  return v.is_object() && (v.as_object()->type == &float_type || is_subtype(v.as_object()->type, &float_type));
}
inline bool is_exact_float(Value v) { return v.is_object() && v.as_object()->type == &float_type; }
inline double float_value(Value v) { return static_cast<FloatObject*>(v.as_object())->value; }

// Freed exact floats waiting for reuse (the GIL serialises access). Inline so the eval
// loop's float arithmetic allocates and frees without a call.
struct FloatFreelist {
  static constexpr int kCapacity = 100;
  FloatObject* items[kCapacity];
  int size;
};
extern FloatFreelist float_freelist;

Ref<FloatObject> float_from_double_slow(double d);  // allocates a fresh object
[[gnu::always_inline]] inline Ref<FloatObject> float_from_double(double d) {
  if (float_freelist.size == 0) return float_from_double_slow(d);
  FloatObject* object = float_freelist.items[--float_freelist.size];
  object->refcount = 1;
  object->value = d;
  return Ref<FloatObject>::steal(Value(object));
}
// Drops a reference to an exact float; a freed object goes straight to the freelist
// (floats own nothing, so none of dealloc_object's bookkeeping applies).
[[gnu::always_inline]] inline void float_free_exact(FloatObject* f) {  // f's refcount has reached zero
  if (float_freelist.size < FloatFreelist::kCapacity) {
    float_freelist.items[float_freelist.size++] = f;
  } else {
    free_object(f);  // (not dealloc_object, which sends exact floats here)
  }
}
[[gnu::always_inline]] inline void float_decref_exact(FloatObject* f) {
  debug_check_decref(f);
  if (--f->refcount == 0) float_free_exact(f);
}
// float(x) for numbers (int, float, __float__, __index__); raises TypeError otherwise.
bool number_to_double(Value v, double* out);
int64_t double_hash(double d);

}  // namespace krait
