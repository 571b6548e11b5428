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
// Where marshal_read's data comes from, which decides what is checked.
enum class MarshalOrigin {
  kForeign,       // any bytes: every code object's instructions and positions are validated
  kBuildStamped,  // marshal.dumps' output (a .pyc file): code objects must also carry this
                  // build's stamp
  kThisBuild,     // written by this executable's own marshal_write from its compiler's code
                  // (the frozen table linked into it, a code cache entry stamped with its
                  // build id): code objects are not validated again — start-up reads ~500
                  // of them, and checking cost 7% of `krait -c pass` (as CPython trusts its .pyc)
};
// The first value in `data`; null with an exception set if the data is malformed.
Ref<> marshal_read(std::string_view data, MarshalOrigin origin = MarshalOrigin::kForeign);

}  // namespace krait
