// Shared by the _operator files: the callable getter types of getters.cpp, registered by
// the module in functions.cpp.
#pragma once

#include "core/type.h"

namespace krait::operator_module {

extern TypeObject itemgetter_type;
extern TypeObject attrgetter_type;
extern TypeObject methodcaller_type;

}  // namespace krait::operator_module
