// The iterator types of builtins: enumerate, filter, map, reversed, zip, and the
// awaitable anext(aiterator, default) returns.
#pragma once

#include "core/type.h"

namespace krait {

extern TypeObject enumerate_type;
extern TypeObject filter_type;
extern TypeObject map_type;
extern TypeObject reversed_type;
extern TypeObject zip_type;
extern TypeObject anext_awaitable_type;

Ref<> anext_awaitable_new(Value awaitable, Value default_value);

}  // namespace krait
