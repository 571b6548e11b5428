// The fcntl module: fcntl(), ioctl(), flock() and lockf() on file descriptors (ints or
// objects with fileno()), with CPython's argument forms: an int, or a buffer of at most
// 1024 bytes passed by address and returned as bytes.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/posix_internal.h"
#include "objects/bytes.h"
#include "objects/bytes_internal.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"

namespace krait {

namespace {

constexpr size_t kArgumentBufferSize = 1024;

// An int argument converted as PyArg's "I": any int, truncated to its low 32 bits.
bool bitwise_unsigned_arg(Value v, unsigned* out, const char* message) {
  if (is_float(v) || (!is_int(v) && !type_of(v)->to_index)) {
    if (message) return type_error("{}", message);
    return type_error("'{}' object cannot be interpreted as an integer", type_name(v));
  }
  Ref<> index = number_index(v);
  if (!index) return false;
  mpz_t z, low;
  mpz_init(z);
  mpz_init(low);
  int_to_mpz(index, z);
  mpz_fdiv_r_2exp(low, z, 32);
  *out = unsigned(mpz_get_ui(low));
  mpz_clear(low);
  mpz_clear(z);
  return true;
}

// The bytes of a str (UTF-8) or read-only bytes-like argument ("s#"); false without an
// exception when v is neither.
bool string_argument(Value v, std::string* out) {
  if (is_str(v)) {
    out->assign(str_utf8(v));
    return true;
  }
  if (!type_of(v)->get_buffer) return false;
  BufferHolder holder;
  if (!holder.get(v)) {
    clear_error();
    return false;
  }
  out->assign(holder.data());
  return true;
}

Ref<> fcntl_fcntl(Value, const Value* args) {
  int fd, code;
  if (!posix::fildes_arg(args[0], &fd) || !posix::int_arg(args[1], &code)) return nullptr;
  Value arg = args[2];
  std::string data;
  if (arg && string_argument(arg, &data)) {
    if (data.size() > kArgumentBufferSize) return value_error("fcntl string arg too long");
    char buffer[kArgumentBufferSize];
    std::memcpy(buffer, data.data(), data.size());
    int result = posix::blocking_call([&] { return fcntl(fd, code, buffer); });
    if (result < 0) return posix::posix_error();
    return bytes_from(std::string_view(buffer, data.size()));
  }
  unsigned int_value = 0;
  if (arg && !bitwise_unsigned_arg(arg, &int_value,
                                   "fcntl requires a file or file descriptor, an integer and optionally a "
                                   "third integer or a string")) {
    return nullptr;
  }
  int result = posix::blocking_call([&] { return fcntl(fd, code, int(int_value)); });
  if (result < 0) return posix::posix_error();
  return int_from_int64(result);
}

Ref<> fcntl_ioctl(Value, const Value* args) {
  int fd;
  unsigned request;
  if (!posix::fildes_arg(args[0], &fd) || !bitwise_unsigned_arg(args[1], &request, nullptr)) return nullptr;
  Value arg = args[2];
  int mutate = is_true(args[3]);
  if (mutate < 0) return nullptr;
  // A writable buffer: the call may fill it in place.
  if (arg && type_of(arg)->get_buffer && !is_str(arg)) {
    BufferHolder holder;
    if (holder.get(arg, kBufferWritable)) {
      Buffer& view = holder.view();
      size_t length = size_t(view.length);
      char buffer[kArgumentBufferSize + 1];
      int result;
      if (mutate && length > kArgumentBufferSize) {
        ReleaseGil released;
        result = ioctl(fd, request, view.data);
      } else {
        if (length > kArgumentBufferSize) return value_error("ioctl string arg too long");
        std::memcpy(buffer, view.data, length);
        buffer[length] = 0;
        {
          ReleaseGil released;
          result = ioctl(fd, request, buffer);
        }
        if (mutate) std::memcpy(view.data, buffer, length);
      }
      if (result < 0) return raise_os_error(errno);
      if (mutate) return int_from_int64(result);
      return bytes_from(std::string_view(buffer, length));
    }
    clear_error();
  }
  std::string data;
  if (arg && string_argument(arg, &data)) {
    if (data.size() > kArgumentBufferSize) return value_error("ioctl string arg too long");
    char buffer[kArgumentBufferSize + 1];
    std::memcpy(buffer, data.data(), data.size());
    buffer[data.size()] = 0;
    int result;
    {
      ReleaseGil released;
      result = ioctl(fd, request, buffer);
    }
    if (result < 0) return raise_os_error(errno);
    return bytes_from(std::string_view(buffer, data.size()));
  }
  unsigned int_value = 0;
  if (arg && !bitwise_unsigned_arg(arg, &int_value,
                                   "ioctl requires a file or file descriptor, an integer and optionally an "
                                   "integer or buffer argument")) {
    return nullptr;
  }
  int result;
  {
    ReleaseGil released;
    result = ioctl(fd, request, int(int_value));
  }
  if (result < 0) return raise_os_error(errno);
  return int_from_int64(result);
}

Ref<> fcntl_flock(Value, const Value* args) {
  int fd, operation;
  if (!posix::fildes_arg(args[0], &fd) || !posix::int_arg(args[1], &operation)) return nullptr;
  int result = posix::blocking_call([&] { return flock(fd, operation); });
  if (result < 0) return posix::posix_error();
  return new_none();
}

Ref<> fcntl_lockf(Value, const Value* args) {
  int fd, code, whence;
  int64_t length = 0, start = 0;
  if (!posix::fildes_arg(args[0], &fd) || !posix::int_arg(args[1], &code) ||
      !posix::int64_arg(args[2], &length) || !posix::int64_arg(args[3], &start) ||
      !posix::int_arg(args[4], &whence)) {
    return nullptr;
  }
  struct flock lock;
  std::memset(&lock, 0, sizeof lock);
  if (code == LOCK_UN) lock.l_type = F_UNLCK;
  else if (code & LOCK_SH) lock.l_type = F_RDLCK;
  else if (code & LOCK_EX) lock.l_type = F_WRLCK;
  else return value_error("unrecognized lockf argument");
  lock.l_start = start;
  lock.l_len = length;
  lock.l_whence = short(whence);
  int command = (code & LOCK_NB) ? F_SETLK : F_SETLKW;
  int result = posix::blocking_call([&] { return fcntl(fd, command, &lock); });
  if (result < 0) return posix::posix_error();
  return new_none();
}

const MethodDef fcntl_methods[] = {
    {.name = "fcntl", .impl = fcntl_fcntl, .signature = "($module, fd, cmd, arg=0, /)",
     .doc = "Perform the operation `cmd` on file descriptor fd.\n\n"
            "The values used for `cmd` are operating system dependent, and are available\n"
            "as constants in the fcntl module, using the same names as used in\n"
            "the relevant C header files.  The argument arg is optional, and\n"
            "defaults to 0; it may be an int or a string.  If arg is given as a string,\n"
            "the return value of fcntl is a string of that length, containing the\n"
            "resulting value put in the arg buffer by the operating system.  The length\n"
            "of the arg string is not allowed to exceed 1024 bytes.  If the arg given\n"
            "is an integer or if none is specified, the result value is an integer\n"
            "corresponding to the return value of the fcntl call in the C code."},
    {.name = "ioctl", .impl = fcntl_ioctl, .signature = "($module, fd, request, arg=0, mutate_flag=True, /)",
     .doc = "Perform the operation `request` on file descriptor `fd`."},
    {.name = "flock", .impl = fcntl_flock, .signature = "($module, fd, operation, /)",
     .doc = "Perform the lock operation `operation` on file descriptor `fd`."},
    {.name = "lockf", .impl = fcntl_lockf, .signature = "($module, fd, cmd, len=0, start=0, whence=0, /)",
     .doc = "A wrapper around the fcntl() locking calls."},
    {},
};

bool fcntl_exec(ModuleObject* module) {
#define KRAIT_FCNTL_CONSTANT(name) \
  if (!module_add_int(module, #name, int64_t(name))) return false;
  KRAIT_FCNTL_CONSTANT(LOCK_SH) KRAIT_FCNTL_CONSTANT(LOCK_EX) KRAIT_FCNTL_CONSTANT(LOCK_NB)
  KRAIT_FCNTL_CONSTANT(LOCK_UN) KRAIT_FCNTL_CONSTANT(LOCK_MAND) KRAIT_FCNTL_CONSTANT(LOCK_READ)
  KRAIT_FCNTL_CONSTANT(LOCK_WRITE) KRAIT_FCNTL_CONSTANT(LOCK_RW) KRAIT_FCNTL_CONSTANT(F_DUPFD)
  KRAIT_FCNTL_CONSTANT(F_DUPFD_CLOEXEC) KRAIT_FCNTL_CONSTANT(F_GETFD) KRAIT_FCNTL_CONSTANT(F_SETFD)
  KRAIT_FCNTL_CONSTANT(F_GETFL) KRAIT_FCNTL_CONSTANT(F_SETFL) KRAIT_FCNTL_CONSTANT(F_GETLK)
  KRAIT_FCNTL_CONSTANT(F_SETLK) KRAIT_FCNTL_CONSTANT(F_SETLKW) KRAIT_FCNTL_CONSTANT(F_OFD_GETLK)
  KRAIT_FCNTL_CONSTANT(F_OFD_SETLK) KRAIT_FCNTL_CONSTANT(F_OFD_SETLKW) KRAIT_FCNTL_CONSTANT(F_GETOWN)
  KRAIT_FCNTL_CONSTANT(F_SETOWN) KRAIT_FCNTL_CONSTANT(F_GETSIG) KRAIT_FCNTL_CONSTANT(F_SETSIG)
  KRAIT_FCNTL_CONSTANT(F_RDLCK) KRAIT_FCNTL_CONSTANT(F_WRLCK) KRAIT_FCNTL_CONSTANT(F_UNLCK)
  KRAIT_FCNTL_CONSTANT(F_GETLK64) KRAIT_FCNTL_CONSTANT(F_SETLK64) KRAIT_FCNTL_CONSTANT(F_SETLKW64)
  KRAIT_FCNTL_CONSTANT(FASYNC) KRAIT_FCNTL_CONSTANT(F_SETLEASE) KRAIT_FCNTL_CONSTANT(F_GETLEASE)
  KRAIT_FCNTL_CONSTANT(F_NOTIFY) KRAIT_FCNTL_CONSTANT(F_EXLCK) KRAIT_FCNTL_CONSTANT(F_SHLCK)
  KRAIT_FCNTL_CONSTANT(F_SETPIPE_SZ) KRAIT_FCNTL_CONSTANT(F_GETPIPE_SZ) KRAIT_FCNTL_CONSTANT(FD_CLOEXEC)
  KRAIT_FCNTL_CONSTANT(DN_ACCESS) KRAIT_FCNTL_CONSTANT(DN_MODIFY) KRAIT_FCNTL_CONSTANT(DN_CREATE)
  KRAIT_FCNTL_CONSTANT(DN_DELETE) KRAIT_FCNTL_CONSTANT(DN_RENAME) KRAIT_FCNTL_CONSTANT(DN_ATTRIB)
  KRAIT_FCNTL_CONSTANT(F_ADD_SEALS)
  KRAIT_FCNTL_CONSTANT(F_GET_SEALS) KRAIT_FCNTL_CONSTANT(F_SEAL_SEAL) KRAIT_FCNTL_CONSTANT(F_SEAL_SHRINK)
  KRAIT_FCNTL_CONSTANT(F_SEAL_GROW) KRAIT_FCNTL_CONSTANT(F_SEAL_WRITE)
#undef KRAIT_FCNTL_CONSTANT
  return module_add_int(module, "DN_MULTISHOT", uint32_t(DN_MULTISHOT));
}

}  // namespace

extern const ModuleDef module_fcntl = {
    .name = "fcntl",
    .doc = "This module performs file control and I/O control on file\n"
           "descriptors.  It is an interface to the fcntl() and ioctl() Unix\n"
           "routines.  File descriptors can be obtained with the fileno() method of\n"
           "a file or socket object.",
    .methods = fcntl_methods,
    .exec = fcntl_exec,
};

}  // namespace krait
