// range: an immutable arithmetic sequence with arbitrary-precision bounds; range_iterator
// (int64 fast path) and longrange_iterator for big ranges.
#pragma once

#include "core/type.h"

namespace krait {

extern TypeObject range_type;
extern TypeObject range_iterator_type;
extern TypeObject longrange_iterator_type;

struct RangeObject : Object {
  Value start;   // ints (owned)
  Value stop;
  Value step;
  Value length;
};

struct RangeIteratorObject : Object {
  int64_t next;
  int64_t step;
  int64_t remaining;
};

inline bool is_range(Value v) { return v.is_object() && v.as_object()->type == &range_type; }

}  // namespace krait
