// Shared by the _functools files: the types each file defines, and small slot helpers.
// partial is in partial.cpp, _lru_cache_wrapper in lru_cache.cpp, reduce/cmp_to_key and
// the module itself in module.cpp.
#pragma once

#include "core/object.h"
#include "core/type.h"

namespace krait::functools {

extern TypeObject partial_type;            // partial.cpp
extern TypeObject lru_cache_wrapper_type;  // lru_cache.cpp
extern TypeObject lru_link_type;           // lru_cache.cpp (internal, not exported)
extern TypeObject key_wrapper_type;        // module.cpp

// Readies what _lru_cache_wrapper needs besides its own type (lru_cache.cpp).
bool lru_cache_ready();

inline void visit_value(Value v, VisitFn visit, void* arg) {
  if (v.is_object()) visit(v.as_object(), arg);
}
// Empties a slot, dropping its reference after the slot no longer shows it.
inline void clear_slot(Value* slot) {
  Value old = *slot;
  *slot = Value();
  decref(old);
}
inline void clear_slot(Object** slot) {
  Object* old = *slot;
  *slot = nullptr;
  if (old) decref(old);
}

// The instance __dict__ of a native type that stores it in an `Object*` field: made on
// first access; assignment requires a dict; deletion is refused (as for functions).
Ref<> get_instance_dict(Object** slot);
int set_instance_dict(Object** slot, Value value);

}  // namespace krait::functools
