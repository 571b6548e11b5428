// complex: a pair of doubles.
#pragma once

#include "core/type.h"

namespace krait {

extern TypeObject complex_type;

struct ComplexObject : Object {
  double real;
  double imag;
};

inline bool is_complex(Value v) { return v.is_object() && is_instance_of(v, &complex_type); }
inline ComplexObject* as_complex(Value v) { return static_cast<ComplexObject*>(v.as_object()); }
Ref<ComplexObject> complex_from_doubles(double real, double imag);

}  // namespace krait
