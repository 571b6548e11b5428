// The singletons None, NotImplemented, Ellipsis, True and False.
#pragma once

#include "core/type.h"

namespace krait {

extern TypeObject none_type;
extern TypeObject not_implemented_type;
extern TypeObject ellipsis_type;

extern Object none_object;
extern Object not_implemented_object;
extern Object ellipsis_object;
struct IntObject;
extern IntObject true_object;
extern IntObject false_object;

inline Value None() { return Value(&none_object); }
inline Value NotImplemented() { return Value(&not_implemented_object); }
inline Value Ellipsis() { return Value(&ellipsis_object); }
// IntObject is incomplete here; true_object and false_object are bool instances.
inline Value True() { return Value(reinterpret_cast<Object*>(&true_object)); }
inline Value False() { return Value(reinterpret_cast<Object*>(&false_object)); }
inline Value bool_value(bool b) { return b ? True() : False(); }
inline bool is_none(Value v) { return v == Value(&none_object); }
inline bool is_not_implemented(Value v) { return v == Value(&not_implemented_object); }

inline Ref<> new_none() { return new_ref(None()); }
inline Ref<> new_not_implemented() { return new_ref(NotImplemented()); }
inline Ref<> new_bool(bool b) { return new_ref(bool_value(b)); }

}  // namespace krait
