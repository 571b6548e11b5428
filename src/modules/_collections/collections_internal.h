// The types of the _collections module, defined in deque.cpp, defaultdict.cpp and module.cpp.
#pragma once

#include "core/type.h"

namespace krait::collections {

extern TypeObject deque_type, deque_iterator_type, deque_reverse_iterator_type;  // deque.cpp
extern TypeObject defaultdict_type;                                              // defaultdict.cpp
extern TypeObject tuplegetter_type;                                              // module.cpp

}  // namespace krait::collections
