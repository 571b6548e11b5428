// Exception classes that native modules define for themselves (struct.error,
// binascii.Error, _locale.Error...): CPython's PyErr_NewException.
#pragma once

#include <string_view>

#include "core/error.h"

namespace krait {

// A new class `name` ("module.Name": __module__ is the part before the last dot) derived
// from `base`, with `doc` as __doc__ (may be null). Null with an exception on failure.
Ref<> new_exception_type(std::string_view name, TypeObject* base, const char* doc = nullptr);
// As above with several bases (a tuple).
Ref<> new_exception_type_with_bases(std::string_view name, Value bases, const char* doc = nullptr);

}  // namespace krait
