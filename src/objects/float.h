// float: IEEE-754 double in a heap object (freelisted). Formatting and parsing live in
// text/float_text.h; this header is what the rest of krait uses.
#pragma once

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

Ref<FloatObject> float_from_double(double d);
// float(x) for numbers (int, float, __float__, __index__); raises TypeError otherwise.
bool number_to_double(Value v, double* out);
int64_t double_hash(double d);

}  // namespace krait
