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
  // For pickling as CPython does: iter(range(start, start + length * step, step)) plus
  // the index reached (length - remaining).
  int64_t start;
  int64_t length;
};

// Returns the next value and advances (remaining > 0). `next` is advanced in unsigned
// arithmetic: past the last value it may wrap, and is never read then.
inline int64_t range_iterator_take(RangeIteratorObject* it) {
  int64_t v = it->next;
  it->next = int64_t(uint64_t(v) + uint64_t(it->step));
  --it->remaining;
  return v;
}

inline bool is_range(Value v) { return v.is_object() && v.as_object()->type == &range_type; }

}  // namespace krait
