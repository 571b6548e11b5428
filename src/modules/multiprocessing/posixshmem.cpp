// The _posixshmem module: shm_open and shm_unlink, the POSIX shared memory objects under
// multiprocessing.shared_memory. Both release the GIL and retry after EINTR (PEP 475).
#include <fcntl.h>
#include <sys/mman.h>

#include <cerrno>
#include <string>

#include "core/error.h"
#include "modules/module_def.h"
#include "modules/posix_internal.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"

namespace krait {

namespace {

// The `path: unicode` argument as UTF-8.
bool path_argument(const char* function, Value v, std::string* out) {
  if (!is_str(v)) return type_error("{}() argument 'path' must be str, not {}", function, type_name(v));
  out->assign(str_utf8(v));
  if (out->find('\0') != std::string::npos) return value_error("embedded null character");
  return true;
}

Ref<> posixshmem_shm_open(Value, const Value* args) {
  std::string path;
  int flags, mode;
  if (!path_argument("shm_open", args[0], &path) || !posix::int_arg(args[1], &flags) ||
      !posix::int_arg(args[2], &mode)) {
    return nullptr;
  }
  int fd = posix::blocking_call([&] { return shm_open(path.c_str(), flags, mode_t(mode)); });
  if (fd < 0) {
    if (errno == EINTR) return nullptr;  // a signal handler raised
    return raise_os_error_with_filename(errno, args[0]);
  }
  return int_from_int64(fd);
}

Ref<> posixshmem_shm_unlink(Value, const Value* args) {
  std::string path;
  if (!path_argument("shm_unlink", args[0], &path)) return nullptr;
  int result = posix::blocking_call([&] { return shm_unlink(path.c_str()); });
  if (result < 0) {
    if (errno == EINTR) return nullptr;
    return raise_os_error_with_filename(errno, args[0]);
  }
  return new_none();
}

const MethodDef posixshmem_functions[] = {
    {.name = "shm_open", .impl = posixshmem_shm_open, .signature = "($module, /, path, flags, mode=511)",
     .doc = "Open a shared memory object.  Returns a file descriptor (integer)."},
    {.name = "shm_unlink", .impl = posixshmem_shm_unlink, .signature = "($module, /, path)",
     .doc = "Remove a shared memory object (similar to unlink()).\n\n"
            "Remove a shared memory object name, and, once all processes  have  unmapped\n"
            "the object, de-allocates and destroys the contents of the associated memory\n"
            "region."},
    {},
};

}  // namespace

extern const ModuleDef module__posixshmem = {
    .name = "_posixshmem",
    .doc = "POSIX shared memory module",
    .methods = posixshmem_functions,
};

}  // namespace krait
