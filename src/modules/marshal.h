// marshal's format from C++: the frozen modules (runtime/frozen.h) are code objects
// written with marshal_write at build time and read back with marshal_read at start-up.
// These streams carry no build stamp (unlike marshal.dumps'): the frozen table is linked
// into the executable it was made for, and the code cache's entries have their own header.
#pragma once

#include <string>
#include <string_view>

#include "core/object.h"

namespace krait {

// Appends `value` in marshal format (version 4) to `out`; false with an exception set if
// something in it cannot be marshalled.
bool marshal_write(Value value, std::string* out);
// The first value in `data`; null with an exception set if the data is malformed.
// `build_stamped`: the data comes from marshal.dumps (a .pyc file), whose code objects
// must carry this build's stamp.
Ref<> marshal_read(std::string_view data, bool build_stamped = false);

}  // namespace krait
