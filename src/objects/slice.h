// slice objects and the index arithmetic sequences share.
#pragma once

#include "core/type.h"

namespace krait {

extern TypeObject slice_type;

struct SliceObject : Object {
  Object* start;  // never null: None when omitted
  Object* stop;
  Object* step;
};

inline bool is_slice(Value v) { return v.is_object() && v.as_object()->type == &slice_type; }
Ref<SliceObject> slice_new(Value start, Value stop, Value step);  // null args mean None
// Converts start/stop/step to int64 (clamped; CPython's PySlice_Unpack); step 0 raises.
bool slice_unpack(Value slice, int64_t* start, int64_t* stop, int64_t* step);
// Clips the unpacked indices to a sequence of `length` and returns the slice length.
int64_t slice_adjust_indices(int64_t length, int64_t* start, int64_t* stop, int64_t step);

}  // namespace krait
