// super: the type, and the eval loop's shortcut for `super().name(...)` that looks the
// method up without making the super object (or a bound method).
#pragma once

#include "core/type.h"

namespace krait {

struct Frame;
struct StrObject;

extern TypeObject super_type;

// LOAD_METHOD `name` on a zero-argument super() called in `frame` (the running frame):
// 1 with *method and *self set (new references) to push as [method, self] (a plain
// function found for an instance) or as [null, attribute] (*method null, *self the bound
// attribute); 0 when super() must be made the usual way (nothing found, the error cases,
// __class__); -1 with an exception set.
int super_load_method_zero_args(Frame* frame, StrObject* name, Value* method, Value* self);

}  // namespace krait
