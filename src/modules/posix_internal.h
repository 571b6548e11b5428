// Internals shared by the files of the posix module: posix.cpp (the module, constants,
// system information), posix_files.cpp (descriptors, paths, stat), posix_scandir.cpp
// (scandir and DirEntry) and posix_process.cpp (processes, ids, environment). Argument
// conversion follows CPython's posixmodule.c converters so errors read the same.
#pragma once

#include <cerrno>
#include <string_view>

#include "core/error.h"
#include "modules/module_def.h"
#include "objects/structseq.h"
#include "runtime/gil.h"
#include "runtime/signals.h"

struct stat;

namespace krait::posix {

// --- Paths (CPython's path_t) ---
// A path argument: str (encoded utf-8/surrogateescape), bytes, os.PathLike, a deprecated
// bytes-like object, an int fd when allow_fd, None when nullable.
struct PathArg {
  const char* function_name;
  const char* argument_name;
  bool nullable;
  bool allow_fd;

  Ref<> object;                  // os.fspath(argument), the int fd, or None: the error filename
  Ref<> bytes;                   // the encoded path, which `narrow` points into
  const char* narrow = nullptr;  // null when the argument was an fd or None
  int fd = -1;
  bool is_bytes = false;         // the path was given as bytes: results are bytes too

  PathArg(const char* function, const char* argument, bool nullable = false, bool allow_fd = false)
      : function_name(function), argument_name(argument), nullable(nullable), allow_fd(allow_fd) {}
  bool is_fd() const { return !narrow && fd >= 0; }
};

// Converts v into *path; false with TypeError/ValueError set.
bool path_convert(Value v, PathArg* path);
// OSError for errno with the path as filename (and a second path).
Raised path_error(const PathArg& path);
Raised path_error2(const PathArg& path, const PathArg& path2);
// OSError for errno, or the exception a signal handler raised during an EINTR retry.
Raised posix_error();

// A name read from the system, returned as bytes or as str (surrogateescape).
Ref<> fs_decode(std::string_view name, bool as_bytes = false);
// os.fsencode for a str or bytes object (no PathLike): the bytes to pass to the system.
Ref<> fs_encode(Value v);
// os.fspath(v) (PEP 519): str or bytes, else TypeError.
Ref<> fspath(Value v);

// --- Other converters ---
// Clinic `int` (fd, mode, flags): ints and __index__; OverflowError past C int.
bool int_arg(Value v, int* out);
// Clinic `Py_ssize_t` / off_t / long long.
bool int64_arg(Value v, int64_t* out);
// An fd or an object with fileno() (CPython's fildes_converter), not negative.
bool fildes_arg(Value v, int* out);
// dir_fd=None (AT_FDCWD) or an int fd.
bool dir_fd_arg(Value v, int* out);
// A uid or gid: int in range, -1 allowed (CPython's _Py_Uid_Converter / _Py_Gid_Converter).
bool uid_arg(Value v, unsigned* out);
bool gid_arg(Value v, unsigned* out);
Ref<> uid_to_int(unsigned uid);  // (uid_t)-1 is -1

// The dir_fd / fd / follow_symlinks combinations CPython refuses, with its ValueErrors.
bool check_dir_fd_with_path(const char* function, const PathArg& path, int dir_fd);
bool check_fd_and_follow_symlinks(const char* function, const PathArg& path, bool follow);

// --- Blocking calls: the GIL is released around `call`, which is retried after EINTR once
// the Python signal handlers ran (PEP 475). A result of -1 with an exception set means a
// handler raised; otherwise errno tells the failure. ---
template <class Fn>
auto blocking_call(Fn&& call) -> decltype(call()) {
  for (;;) {
    decltype(call()) result;
    int saved_errno;
    {
      ReleaseGil released;
      result = call();
      saved_errno = errno;
    }
    if (result != decltype(result)(-1) || saved_errno != EINTR) {
      errno = saved_errno;
      return result;
    }
    if (run_pending_signal_handlers() < 0) {
      errno = EINTR;
      return result;
    }
  }
}

// --- Results ---
extern StructSeqType stat_result_type;
extern StructSeqType terminal_size_type;
extern StructSeqType statvfs_result_type;
extern TypeObject dir_entry_type;
extern TypeObject scandir_iterator_type;
Ref<> stat_result_from(const struct stat& st);

// The function tables of the other files, added to the module by posix.cpp.
extern const MethodDef file_methods[];
extern const MethodDef scandir_methods[];
extern const MethodDef process_methods[];
// Module-level state set up by the other files' exec parts.
bool process_exec(ModuleObject* module);

}  // namespace krait::posix
