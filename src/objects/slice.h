// slice objects and the index arithmetic sequences share (CPython's PySlice_Unpack,
// PySlice_AdjustIndices and _PyEval_SliceIndex).
#pragma once

#include "core/type.h"
#include "objects/none.h"

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
// slice_unpack of a slice not yet made (BUILD_SLICE's operands; a null step is absent)
// when every bound is a small int or None and the step is not 0: false otherwise, with
// nothing raised (the caller makes the slice object and takes the general path).
inline bool slice_unpack_small(Value start, Value stop, Value step, int64_t* out_start,
                               int64_t* out_stop, int64_t* out_step) {
  int64_t step_value = 1;
  if (step && !is_none(step)) {
    if (!step.is_small_int() || step.as_small_int() == 0) return false;
    step_value = step.as_small_int();
  }
  if (start.is_small_int()) {
    *out_start = start.as_small_int();
  } else if (is_none(start)) {
    *out_start = step_value < 0 ? INT64_MAX : 0;
  } else {
    return false;
  }
  if (stop.is_small_int()) {
    *out_stop = stop.as_small_int();
  } else if (is_none(stop)) {
    *out_stop = step_value < 0 ? INT64_MIN : INT64_MAX;
  } else {
    return false;
  }
  *out_step = step_value;
  return true;
}
// Clips the unpacked indices to a sequence of `length` and returns the slice length
// (inline: every slicing of a list, tuple or str runs it).
inline int64_t slice_adjust_indices(int64_t length, int64_t* start, int64_t* stop, int64_t step) {
  // Negative bounds count from the end; out-of-range bounds clip to the first or last
  // position the walk can reach in the slice's direction.
  auto clip = [&](int64_t* bound) {
    if (*bound < 0) {
      *bound += length;
      if (*bound < 0) *bound = step < 0 ? -1 : 0;
    } else if (*bound >= length) {
      *bound = step < 0 ? length - 1 : length;
    }
  };
  clip(start);
  clip(stop);
  // Steps of 1 and -1 (nearly all slices) need no division.
  if (step < 0) {
    if (*stop >= *start) return 0;
    return step == -1 ? *start - *stop : (*start - *stop - 1) / (-step) + 1;
  }
  if (*start >= *stop) return 0;
  return step == 1 ? *stop - *start : (*stop - *start - 1) / step + 1;
}

// One slice bound: None leaves *out unchanged; otherwise an int or __index__ object,
// clamped to the int64 range ("slice indices must be integers or None or have an
// __index__ method").
bool slice_index(Value v, int64_t* out);
// The start/stop arguments of index() and count(): like slice_index but None is an error
// ("slice indices must be integers or have an __index__ method").
bool slice_index_not_none(Value v, int64_t* out);

}  // namespace krait
