// The preliminary sys.stderr used before io is available (see std_printer.cpp).
#pragma once

#include "core/type.h"

namespace krait {

extern TypeObject stderr_printer_type;

// A writer of str to `fd` (UTF-8), with write/flush/fileno/isatty.
Ref<> std_printer_new(int fd);

}  // namespace krait
