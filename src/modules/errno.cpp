// The errno module: every E* constant of the platform and `errorcode`, the dict from
// number to name. The names and their order come from errno_table.inc (generated).
#include <cerrno>

#include "modules/module_def.h"
#include "objects/dict.h"
#include "objects/str.h"

namespace krait {

namespace {

bool errno_exec(ModuleObject* module) {
  Ref<DictObject> errorcode = dict_new();
  if (!errorcode || !module_add_object(module, "errorcode", errorcode.value())) return false;
  // A later name for the same number replaces the earlier one in errorcode (EAGAIN wins
  // over EWOULDBLOCK), keeping the position of the first, as in CPython.
#define KRAIT_ERRNO(name)                                                          \
  {                                                                                \
    Ref<StrObject> text = str_from_ascii(#name);                                   \
    if (!text || !module_add_int(module, #name, name) ||                           \
        !dict_set(errorcode.get(), Value::small_int(name), text.value())) {        \
      return false;                                                                \
    }                                                                              \
  }
#include "modules/errno_table.inc"
#undef KRAIT_ERRNO
  return true;
}

}  // namespace

extern const ModuleDef module_errno = {
    .name = "errno",
    .doc = "This module makes available standard errno system symbols.\n\n"
           "The value of each symbol is the corresponding integer value,\n"
           "e.g., on most systems, errno.ENOENT equals the integer 2.\n\n"
           "The dictionary errno.errorcode maps numeric codes to symbol names,\n"
           "e.g., errno.errorcode[2] could be the string 'ENOENT'.\n\n"
           "Symbols that are not relevant to the underlying system are not defined.\n\n"
           "To map error codes to error messages, use the function os.strerror(),\n"
           "e.g. os.strerror(2) could return 'No such file or directory'.",
    .exec = errno_exec,
};

}  // namespace krait
