// slice objects and the index arithmetic sequences share (CPython's PySlice_Unpack,
// PySlice_AdjustIndices and _PyEval_SliceIndex).
#pragma once

#include "core/type.h"

namespace krait {

extern TypeObject slice_type;

struct SliceObject : Object {
  Value start;  // owned, never null: None when omitted (any object, ints included)
  Value stop;
  Value step;
};

inline bool is_slice(Value v) { return v.is_object() && v.as_object()->type == &slice_type; }
inline SliceObject* as_slice(Value v) { return static_cast<SliceObject*>(v.as_object()); }
Ref<SliceObject> slice_new(Value start, Value stop, Value step);  // null args mean None
// Converts start/stop/step to int64 (clamped; CPython's PySlice_Unpack); step 0 raises.
bool slice_unpack(Value slice, int64_t* start, int64_t* stop, int64_t* step);
// Clips the unpacked indices to a sequence of `length` and returns the slice length.
int64_t slice_adjust_indices(int64_t length, int64_t* start, int64_t* stop, int64_t step);

// One slice bound: None leaves *out unchanged; otherwise an int or __index__ object,
// clamped to the int64 range ("slice indices must be integers or None or have an
// __index__ method").
bool slice_index(Value v, int64_t* out);
// The start/stop arguments of index() and count(): like slice_index but None is an error
// ("slice indices must be integers or have an __index__ method").
bool slice_index_not_none(Value v, int64_t* out);

}  // namespace krait
