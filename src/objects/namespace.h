// types.SimpleNamespace: attribute access to a dict, with a readable repr.
#pragma once

#include <initializer_list>
#include <utility>

#include "core/type.h"

namespace krait {

extern TypeObject namespace_type;

// A SimpleNamespace with the given attributes (values are consumed).
Ref<> make_namespace(std::initializer_list<std::pair<const char*, Ref<>>> attributes);

}  // namespace krait
