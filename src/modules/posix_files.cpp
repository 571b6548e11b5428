// posix: file descriptors (open, read, write, dup, pipe, lseek, ...), paths (stat, mkdir,
// rename, listdir, readlink, chmod, utime, ...), extended attributes and stat_result.
// Every blocking call runs with the GIL released; calls that CPython retries after EINTR
// (PEP 475) go through blocking_call.
#include <dirent.h>
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/ops.h"
#include "modules/posix_internal.h"
#include "modules/pytime.h"
#include "objects/bytes.h"
#include "objects/bytes_internal.h"
#include "objects/descriptors.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"

namespace krait::posix {

namespace {

bool truth_arg(Value v, bool* out) {
  int truth = is_true(v);
  if (truth < 0) return false;
  *out = truth != 0;
  return true;
}

// --- stat_result ---

const StructSeqField stat_result_fields[] = {
    {"st_mode", "protection bits"},
    {"st_ino", "inode"},
    {"st_dev", "device"},
    {"st_nlink", "number of hard links"},
    {"st_uid", "user ID of owner"},
    {"st_gid", "group ID of owner"},
    {"st_size", "total size, in bytes"},
    // The integer times: visible as items 7..9 only (float times are the attributes).
    {kStructSeqUnnamedField, "integer time of last access"},
    {kStructSeqUnnamedField, "integer time of last modification"},
    {kStructSeqUnnamedField, "integer time of last change"},
    {"st_atime", "time of last access"},
    {"st_mtime", "time of last modification"},
    {"st_ctime", "time of last change"},
    {"st_atime_ns", "time of last access in nanoseconds"},
    {"st_mtime_ns", "time of last modification in nanoseconds"},
    {"st_ctime_ns", "time of last change in nanoseconds"},
    {"st_blksize", "blocksize for filesystem I/O"},
    {"st_blocks", "number of blocks allocated"},
    {"st_rdev", "device type (if inode device)"},
    {},
};

// stat_result(sequence, dict): the float times default to the integer ones (items 7..9)
// when the sequence is only 10 long, as CPython's statresult_new does.
Ref<> stat_result_new_method(Value type, const Value* args) {
  Ref<TupleObject> result =
      structseq_new_from_args(static_cast<StructSeqType*>(type.as_object()), args[0], args[1]);
  if (!result) return nullptr;
  for (int i = 7; i <= 9; ++i) {
    if (is_none(structseq_get(result.get(), i + 3))) {
      structseq_set(result.get(), i + 3, new_ref(structseq_get(result.get(), i)));
    }
  }
  return result;
}

const MethodDef stat_result_new_def = {.name = "structseq", .impl = stat_result_new_method,
                                       .signature = "($type, sequence, dict=?)"};

Ref<> stat_result_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return call_method_def(&stat_result_new_def, type->name, Value(type), args, nargs, kwnames);
}

Ref<> time_ns_value(time_t seconds, long ns) {
  int64_t total;
  if (!__builtin_mul_overflow(int64_t(seconds), int64_t(1000000000), &total) &&
      !__builtin_add_overflow(total, int64_t(ns), &total)) {
    return int_from_int64(total);
  }
  Ref<> billions = int_multiply(Value::small_int(seconds), Value::small_int(1000000000));
  if (!billions) return nullptr;
  return int_add(billions, Value::small_int(ns));
}

}  // namespace

StructSeqType stat_result_type{
    "os.stat_result",
    "stat_result: Result from stat, fstat, or lstat.\n\n"
    "This object may be accessed either as a tuple of\n"
    "  (mode, ino, dev, nlink, uid, gid, size, atime, mtime, ctime)\n"
    "or via the attributes st_mode, st_ino, st_dev, st_nlink, st_uid, and so on.\n\n"
    "Posix/windows: If your platform supports st_blksize, st_blocks, st_rdev,\n"
    "or st_flags, they are available as attributes only.\n\n"
    "See os.stat for more information.",
    stat_result_fields, 10, stat_result_new_slot};

Ref<> stat_result_from(const struct stat& st) {
  Ref<TupleObject> result = structseq_new(&stat_result_type);
  if (!result) return nullptr;
  TupleObject* r = result.get();
  structseq_set(r, 0, int_from_int64(st.st_mode));
  structseq_set(r, 1, int_from_uint64(st.st_ino));
  structseq_set(r, 2, int_from_uint64(st.st_dev));
  structseq_set(r, 3, int_from_int64(int64_t(st.st_nlink)));
  structseq_set(r, 4, uid_to_int(st.st_uid));
  structseq_set(r, 5, uid_to_int(st.st_gid));
  structseq_set(r, 6, int_from_int64(st.st_size));
  const struct timespec* times[3] = {&st.st_atim, &st.st_mtim, &st.st_ctim};
  for (int i = 0; i < 3; ++i) {
    structseq_set(r, 7 + i, int_from_int64(times[i]->tv_sec));
    structseq_set(r, 10 + i, float_from_double(double(times[i]->tv_sec) + double(times[i]->tv_nsec) * 1e-9));
    structseq_set(r, 13 + i, time_ns_value(times[i]->tv_sec, times[i]->tv_nsec));
  }
  structseq_set(r, 16, int_from_int64(st.st_blksize));
  structseq_set(r, 17, int_from_int64(st.st_blocks));
  structseq_set(r, 18, int_from_uint64(st.st_rdev));
  for (int i = 0; i < 19; ++i) {
    if (!structseq_get(r, i)) return nullptr;  // an int or float allocation failed
  }
  return result;
}

namespace {

// --- stat, lstat, fstat ---

Ref<> do_stat(const char* function, const PathArg& path, int dir_fd, bool follow_symlinks) {
  if (!check_dir_fd_with_path(function, path, dir_fd) ||
      !check_fd_and_follow_symlinks(function, path, follow_symlinks)) {
    return nullptr;
  }
  struct stat st;
  int result;
  {
    ReleaseGil released;
    if (path.is_fd()) result = fstat(path.fd, &st);
    else if (dir_fd != AT_FDCWD || !follow_symlinks)
      result = fstatat(dir_fd, path.narrow, &st, follow_symlinks ? 0 : AT_SYMLINK_NOFOLLOW);
    else result = stat(path.narrow, &st);
  }
  if (result != 0) return path_error(path);
  return stat_result_from(st);
}

Ref<> posix_stat(Value, const Value* args) {
  PathArg path("stat", "path", false, true);
  int dir_fd;
  bool follow;
  if (!path_convert(args[0], &path) || !dir_fd_arg(args[1], &dir_fd) || !truth_arg(args[2], &follow)) {
    return nullptr;
  }
  return do_stat("stat", path, dir_fd, follow);
}

Ref<> posix_lstat(Value, const Value* args) {
  PathArg path("lstat", "path");
  int dir_fd;
  if (!path_convert(args[0], &path) || !dir_fd_arg(args[1], &dir_fd)) return nullptr;
  return do_stat("lstat", path, dir_fd, false);
}

Ref<> posix_fstat(Value, const Value* args) {
  int fd;
  if (!int_arg(args[0], &fd)) return nullptr;
  struct stat st;
  int result = blocking_call([&] { return fstat(fd, &st); });
  if (result != 0) return posix_error();
  return stat_result_from(st);
}

// --- Opening, reading, writing ---

Ref<> posix_open(Value, const Value* args) {
  PathArg path("open", "path");
  int flags, mode, dir_fd;
  if (!path_convert(args[0], &path) || !int_arg(args[1], &flags) || !int_arg(args[2], &mode) ||
      !dir_fd_arg(args[3], &dir_fd)) {
    return nullptr;
  }
  // PEP 446: new descriptors are non-inheritable.
  flags |= O_CLOEXEC;
  int fd = blocking_call([&] { return openat(dir_fd, path.narrow, flags, mode); });
  if (fd < 0) return path_error(path);
  return int_from_int64(fd);
}

Ref<> posix_close(Value, const Value* args) {
  int fd;
  if (!int_arg(args[0], &fd)) return nullptr;
  // Not retried on EINTR: on Linux the descriptor is released even then.
  int result;
  {
    ReleaseGil released;
    result = close(fd);
  }
  if (result < 0) return raise_os_error(errno);
  return new_none();
}

Ref<> posix_closerange(Value, const Value* args) {
  int low, high;
  if (!int_arg(args[0], &low) || !int_arg(args[1], &high)) return nullptr;
  if (low < 0) low = 0;
  {
    ReleaseGil released;
    for (int fd = low; fd < high; ++fd) close(fd);
  }
  return new_none();
}

Ref<> posix_read(Value, const Value* args) {
  int fd;
  int64_t length;
  if (!int_arg(args[0], &fd) || !index_to_int64(args[1], &length)) return nullptr;
  if (length < 0) {
    errno = EINVAL;
    return raise_os_error(errno);
  }
  Ref<BytesObject> buffer = bytes_allocate(length);
  if (!buffer) return nullptr;
  ssize_t n = blocking_call([&] { return read(fd, buffer->data, size_t(length)); });
  if (n < 0) return posix_error();
  if (n == length) return buffer;
  return bytes_from({buffer->data, size_t(n)});
}

Ref<> posix_pread(Value, const Value* args) {
  int fd;
  int64_t length, offset;
  if (!int_arg(args[0], &fd) || !index_to_int64(args[1], &length) || !int64_arg(args[2], &offset)) {
    return nullptr;
  }
  if (length < 0) {
    errno = EINVAL;
    return raise_os_error(errno);
  }
  Ref<BytesObject> buffer = bytes_allocate(length);
  if (!buffer) return nullptr;
  ssize_t n = blocking_call([&] { return pread(fd, buffer->data, size_t(length), offset); });
  if (n < 0) return posix_error();
  if (n == length) return buffer;
  return bytes_from({buffer->data, size_t(n)});
}

Ref<> posix_write(Value, const Value* args) {
  int fd;
  if (!int_arg(args[0], &fd)) return nullptr;
  BufferHolder data;
  if (!data.get(args[1])) return nullptr;
  ssize_t n = blocking_call([&] { return write(fd, data.data().data(), data.data().size()); });
  if (n < 0) return posix_error();
  // A signal cut the write short (no EINTR): its handler runs as the call returns, as in
  // CPython, before the caller writes again.
  if (size_t(n) < data.data().size() && run_pending_signal_handlers() < 0) return nullptr;
  return int_from_int64(n);
}

Ref<> posix_pwrite(Value, const Value* args) {
  int fd;
  int64_t offset;
  if (!int_arg(args[0], &fd)) return nullptr;
  BufferHolder data;
  if (!data.get(args[1]) || !int64_arg(args[2], &offset)) return nullptr;
  ssize_t n = blocking_call([&] { return pwrite(fd, data.data().data(), data.data().size(), offset); });
  if (n < 0) return posix_error();
  return int_from_int64(n);
}

// The buffers of readv/writev: a sequence of bytes-like objects, held while in use.
struct IoVectors {
  std::vector<BufferHolder> holders;
  std::vector<struct iovec> vectors;

  bool get(Value sequence, bool writable) {
    Ref<TupleObject> items = tuple_from_iterable(sequence);
    if (!items) {
      if (error_matches(&exc::TypeError)) {
        clear_error();
        return type_error("{}() arg 2 must be a sequence", writable ? "readv" : "writev");
      }
      return false;
    }
    holders = std::vector<BufferHolder>(size_t(items->length));
    for (int64_t i = 0; i < items->length; ++i) {
      if (!holders[size_t(i)].get(items->items[i], writable ? kBufferWritable : kBufferSimple)) return false;
      Buffer& view = holders[size_t(i)].view();
      vectors.push_back({view.data, size_t(view.length)});
    }
    return true;
  }
};

Ref<> posix_readv(Value, const Value* args) {
  int fd;
  if (!int_arg(args[0], &fd)) return nullptr;
  IoVectors io;
  if (!io.get(args[1], true)) return nullptr;
  ssize_t n = blocking_call([&] { return readv(fd, io.vectors.data(), int(io.vectors.size())); });
  if (n < 0) return posix_error();
  return int_from_int64(n);
}

Ref<> posix_writev(Value, const Value* args) {
  int fd;
  if (!int_arg(args[0], &fd)) return nullptr;
  IoVectors io;
  if (!io.get(args[1], false)) return nullptr;
  ssize_t n = blocking_call([&] { return writev(fd, io.vectors.data(), int(io.vectors.size())); });
  if (n < 0) return posix_error();
  return int_from_int64(n);
}

Ref<> posix_preadv(Value, const Value* args) {
  int fd, flags;
  int64_t offset;
  if (!int_arg(args[0], &fd)) return nullptr;
  IoVectors io;
  if (!io.get(args[1], true) || !int64_arg(args[2], &offset) || !int_arg(args[3], &flags)) return nullptr;
  ssize_t n = blocking_call([&] { return preadv2(fd, io.vectors.data(), int(io.vectors.size()), offset, flags); });
  if (n < 0) return posix_error();
  return int_from_int64(n);
}

Ref<> posix_pwritev(Value, const Value* args) {
  int fd, flags;
  int64_t offset;
  if (!int_arg(args[0], &fd)) return nullptr;
  IoVectors io;
  if (!io.get(args[1], false) || !int64_arg(args[2], &offset) || !int_arg(args[3], &flags)) return nullptr;
  ssize_t n = blocking_call([&] { return pwritev2(fd, io.vectors.data(), int(io.vectors.size()), offset, flags); });
  if (n < 0) return posix_error();
  return int_from_int64(n);
}

Ref<> posix_lseek(Value, const Value* args) {
  int fd, how;
  int64_t position;
  if (!int_arg(args[0], &fd) || !int64_arg(args[1], &position) || !int_arg(args[2], &how)) return nullptr;
  off_t result;
  {
    ReleaseGil released;
    result = lseek(fd, position, how);
  }
  if (result < 0) return raise_os_error(errno);
  return int_from_int64(result);
}

Ref<> posix_sendfile(Value, const Value* args) {
  int out_fd, in_fd;
  int64_t count;
  if (!int_arg(args[0], &out_fd) || !int_arg(args[1], &in_fd) || !index_to_int64(args[3], &count)) {
    return nullptr;
  }
  ssize_t n;
  if (is_none(args[2])) {
    n = blocking_call([&] { return sendfile(out_fd, in_fd, nullptr, size_t(count)); });
  } else {
    int64_t offset_value;
    if (!int64_arg(args[2], &offset_value)) return nullptr;
    off_t offset = offset_value;
    n = blocking_call([&] { return sendfile(out_fd, in_fd, &offset, size_t(count)); });
  }
  if (n < 0) return posix_error();
  return int_from_int64(n);
}

// copy_file_range and splice: a Py_ssize_t count that may not be negative.
bool count_arg(Value v, int64_t* out) {
  if (!index_to_int64(v, out)) return false;
  if (*out < 0) return value_error("negative value for 'count' not allowed");
  return true;
}

// copy_file_range and splice share the optional-offset arguments.
bool optional_offset(Value v, off_t* storage, off_t** out) {
  if (is_none(v)) {
    *out = nullptr;
    return true;
  }
  int64_t value;
  if (!int64_arg(v, &value)) return false;
  *storage = value;
  *out = storage;
  return true;
}

Ref<> posix_copy_file_range(Value, const Value* args) {
  int src, dst;
  int64_t count;
  off_t src_offset, dst_offset, *src_ptr, *dst_ptr;
  if (!int_arg(args[0], &src) || !int_arg(args[1], &dst) || !count_arg(args[2], &count) ||
      !optional_offset(args[3], &src_offset, &src_ptr) || !optional_offset(args[4], &dst_offset, &dst_ptr)) {
    return nullptr;
  }
  ssize_t n = blocking_call([&] { return copy_file_range(src, src_ptr, dst, dst_ptr, size_t(count), 0); });
  if (n < 0) return posix_error();
  return int_from_int64(n);
}

Ref<> posix_splice(Value, const Value* args) {
  int src, dst, flags;
  int64_t count;
  off_t src_offset, dst_offset, *src_ptr, *dst_ptr;
  if (!int_arg(args[0], &src) || !int_arg(args[1], &dst) || !count_arg(args[2], &count) ||
      !optional_offset(args[3], &src_offset, &src_ptr) ||
      !optional_offset(args[4], &dst_offset, &dst_ptr) || !int_arg(args[5], &flags)) {
    return nullptr;
  }
  ssize_t n = blocking_call(
      [&] { return splice(src, src_ptr, dst, dst_ptr, size_t(count), unsigned(flags)); });
  if (n < 0) return posix_error();
  return int_from_int64(n);
}

// --- Descriptor state ---

Ref<> posix_dup(Value, const Value* args) {
  int fd;
  if (!int_arg(args[0], &fd)) return nullptr;
  int result = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (result < 0) return raise_os_error(errno);
  return int_from_int64(result);
}

Ref<> posix_dup2(Value, const Value* args) {
  int fd, fd2;
  bool inheritable;
  if (!int_arg(args[0], &fd) || !int_arg(args[1], &fd2) || !truth_arg(args[2], &inheritable)) {
    return nullptr;
  }
  int result;
  {
    ReleaseGil released;
    // dup3 refuses fd == fd2; dup2 then only checks that fd is open.
    result = inheritable || fd == fd2 ? dup2(fd, fd2) : dup3(fd, fd2, O_CLOEXEC);
  }
  if (result < 0) return raise_os_error(errno);
  return int_from_int64(result);
}

Ref<> posix_pipe(Value, const Value*) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) < 0) return raise_os_error(errno);
  return tuple_of({Value::small_int(fds[0]), Value::small_int(fds[1])});
}

Ref<> posix_pipe2(Value, const Value* args) {
  int flags;
  if (!int_arg(args[0], &flags)) return nullptr;
  int fds[2];
  if (pipe2(fds, flags) < 0) return raise_os_error(errno);
  return tuple_of({Value::small_int(fds[0]), Value::small_int(fds[1])});
}

Ref<> posix_isatty(Value, const Value* args) {
  int fd;
  if (!int_arg(args[0], &fd)) return nullptr;
  return new_bool(isatty(fd));
}

Ref<> posix_ttyname(Value, const Value* args) {
  int fd;
  if (!int_arg(args[0], &fd)) return nullptr;
  char buffer[256];
  int error = ttyname_r(fd, buffer, sizeof buffer);
  if (error) return raise_os_error(error);
  return fs_decode(buffer);
}

Ref<> posix_get_inheritable(Value, const Value* args) {
  int fd;
  if (!int_arg(args[0], &fd)) return nullptr;
  int flags = fcntl(fd, F_GETFD);
  if (flags < 0) return raise_os_error(errno);
  return new_bool(!(flags & FD_CLOEXEC));
}

Ref<> posix_set_inheritable(Value, const Value* args) {
  int fd;
  bool inheritable;
  if (!int_arg(args[0], &fd) || !truth_arg(args[1], &inheritable)) return nullptr;
  int flags = fcntl(fd, F_GETFD);
  if (flags < 0) return raise_os_error(errno);
  int wanted = inheritable ? flags & ~FD_CLOEXEC : flags | FD_CLOEXEC;
  if (wanted != flags && fcntl(fd, F_SETFD, wanted) < 0) return raise_os_error(errno);
  return new_none();
}

Ref<> posix_get_blocking(Value, const Value* args) {
  int fd;
  if (!int_arg(args[0], &fd)) return nullptr;
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0) return raise_os_error(errno);
  return new_bool(!(flags & O_NONBLOCK));
}

Ref<> posix_set_blocking(Value, const Value* args) {
  int fd;
  bool blocking;
  if (!int_arg(args[0], &fd) || !truth_arg(args[1], &blocking)) return nullptr;
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0) return raise_os_error(errno);
  int wanted = blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK;
  if (wanted != flags && fcntl(fd, F_SETFL, wanted) < 0) return raise_os_error(errno);
  return new_none();
}

// fsync, fdatasync: fd or an object with fileno().
template <int (*kCall)(int)>
Ref<> fd_sync(Value, const Value* args) {
  int fd;
  if (!fildes_arg(args[0], &fd)) return nullptr;
  int result = blocking_call([&] { return kCall(fd); });
  if (result < 0) return posix_error();
  return new_none();
}

Ref<> posix_sync(Value, const Value*) {
  {
    ReleaseGil released;
    sync();
  }
  return new_none();
}

Ref<> posix_ftruncate(Value, const Value* args) {
  int fd;
  int64_t length;
  if (!int_arg(args[0], &fd) || !int64_arg(args[1], &length)) return nullptr;
  int result = blocking_call([&] { return ftruncate(fd, length); });
  if (result < 0) return posix_error();
  return new_none();
}

Ref<> posix_truncate(Value, const Value* args) {
  PathArg path("truncate", "path", false, true);
  int64_t length;
  if (!path_convert(args[0], &path) || !int64_arg(args[1], &length)) return nullptr;
  int result;
  if (path.is_fd()) {
    result = blocking_call([&] { return ftruncate(path.fd, length); });
  } else {
    ReleaseGil released;
    result = truncate(path.narrow, length);
  }
  if (result < 0) return path_error(path);
  return new_none();
}

Ref<> posix_posix_fallocate(Value, const Value* args) {
  int fd;
  int64_t offset, length;
  if (!int_arg(args[0], &fd) || !int64_arg(args[1], &offset) || !int64_arg(args[2], &length)) return nullptr;
  // Returns the error number rather than setting errno.
  int error = blocking_call([&] {
    int e = posix_fallocate(fd, offset, length);
    errno = e;
    return e == EINTR ? -1 : e;
  });
  if (error == -1 && error_occurred()) return nullptr;
  if (error) return raise_os_error(error == -1 ? EINTR : error);
  return new_none();
}

Ref<> posix_posix_fadvise(Value, const Value* args) {
  int fd, advice;
  int64_t offset, length;
  if (!int_arg(args[0], &fd) || !int64_arg(args[1], &offset) || !int64_arg(args[2], &length) ||
      !int_arg(args[3], &advice)) {
    return nullptr;
  }
  int error = posix_fadvise(fd, offset, length, advice);
  if (error) return raise_os_error(error);
  return new_none();
}

Ref<> posix_lockf(Value, const Value* args) {
  int fd, command;
  int64_t length;
  if (!int_arg(args[0], &fd) || !int_arg(args[1], &command) || !int64_arg(args[2], &length)) return nullptr;
  int result;
  {
    ReleaseGil released;
    result = lockf(fd, command, length);
  }
  if (result < 0) return raise_os_error(errno);
  return new_none();
}

// --- The current directory ---

Ref<> current_directory(bool as_bytes) {
  std::string buffer(1024, '\0');
  for (;;) {
    char* result;
    {
      ReleaseGil released;
      result = getcwd(buffer.data(), buffer.size());
    }
    if (result) break;
    if (errno != ERANGE) return raise_os_error(errno);
    buffer.resize(buffer.size() * 2);
  }
  return fs_decode(buffer.c_str(), as_bytes);
}

Ref<> posix_getcwd(Value, const Value*) { return current_directory(false); }
Ref<> posix_getcwdb(Value, const Value*) { return current_directory(true); }

Ref<> posix_chdir(Value, const Value* args) {
  PathArg path("chdir", "path", false, true);
  if (!path_convert(args[0], &path)) return nullptr;
  int result;
  {
    ReleaseGil released;
    result = path.is_fd() ? fchdir(path.fd) : chdir(path.narrow);
  }
  if (result < 0) return path_error(path);
  return new_none();
}

Ref<> posix_fchdir(Value, const Value* args) {
  int fd;
  if (!fildes_arg(args[0], &fd)) return nullptr;
  int result = blocking_call([&] { return fchdir(fd); });
  if (result < 0) return posix_error();
  return new_none();
}

Ref<> posix_chroot(Value, const Value* args) {
  PathArg path("chroot", "path");
  if (!path_convert(args[0], &path)) return nullptr;
  int result;
  {
    ReleaseGil released;
    result = chroot(path.narrow);
  }
  if (result < 0) return path_error(path);
  return new_none();
}

// --- Permissions and ownership ---

Ref<> posix_access(Value, const Value* args) {
  PathArg path("access", "path");
  int mode, dir_fd;
  bool effective_ids, follow;
  if (!path_convert(args[0], &path) || !int_arg(args[1], &mode) || !dir_fd_arg(args[2], &dir_fd) ||
      !truth_arg(args[3], &effective_ids) || !truth_arg(args[4], &follow)) {
    return nullptr;
  }
  int flags = (effective_ids ? AT_EACCESS : 0) | (follow ? 0 : AT_SYMLINK_NOFOLLOW);
  int result;
  {
    ReleaseGil released;
    result = flags || dir_fd != AT_FDCWD ? faccessat(dir_fd, path.narrow, mode, flags)
                                         : access(path.narrow, mode);
  }
  return new_bool(result == 0);
}

Ref<> posix_chmod(Value, const Value* args) {
  PathArg path("chmod", "path", false, true);
  int mode, dir_fd;
  bool follow;
  if (!path_convert(args[0], &path) || !int_arg(args[1], &mode) || !dir_fd_arg(args[2], &dir_fd) ||
      !truth_arg(args[3], &follow)) {
    return nullptr;
  }
  if (!check_dir_fd_with_path("chmod", path, dir_fd) || !check_fd_and_follow_symlinks("chmod", path, follow)) {
    return nullptr;
  }
  int result;
  if (path.is_fd()) {
    result = blocking_call([&] { return fchmod(path.fd, mode_t(mode)); });
  } else {
    ReleaseGil released;
    result = dir_fd != AT_FDCWD || !follow
                 ? fchmodat(dir_fd, path.narrow, mode_t(mode), follow ? 0 : AT_SYMLINK_NOFOLLOW)
                 : chmod(path.narrow, mode_t(mode));
  }
  if (result < 0) {
    if (!follow && (errno == ENOTSUP || errno == EOPNOTSUPP)) {
      if (dir_fd != AT_FDCWD) return value_error("chmod: cannot use dir_fd and follow_symlinks together");
      return raise(exc::NotImplementedError, "chmod: follow_symlinks unavailable on this platform");
    }
    return path_error(path);
  }
  return new_none();
}

Ref<> posix_fchmod(Value, const Value* args) {
  int fd, mode;
  if (!int_arg(args[0], &fd) || !int_arg(args[1], &mode)) return nullptr;
  int result = blocking_call([&] { return fchmod(fd, mode_t(mode)); });
  if (result < 0) return posix_error();
  return new_none();
}

Ref<> posix_chown(Value, const Value* args) {
  PathArg path("chown", "path", false, true);
  unsigned uid, gid;
  int dir_fd;
  bool follow;
  if (!path_convert(args[0], &path) || !uid_arg(args[1], &uid) || !gid_arg(args[2], &gid) ||
      !dir_fd_arg(args[3], &dir_fd) || !truth_arg(args[4], &follow)) {
    return nullptr;
  }
  if (!check_dir_fd_with_path("chown", path, dir_fd) || !check_fd_and_follow_symlinks("chown", path, follow)) {
    return nullptr;
  }
  int result;
  {
    ReleaseGil released;
    if (path.is_fd()) result = fchown(path.fd, uid, gid);
    else if (dir_fd != AT_FDCWD || !follow)
      result = fchownat(dir_fd, path.narrow, uid, gid, follow ? 0 : AT_SYMLINK_NOFOLLOW);
    else result = chown(path.narrow, uid, gid);
  }
  if (result < 0) return path_error(path);
  return new_none();
}

Ref<> posix_fchown(Value, const Value* args) {
  int fd;
  unsigned uid, gid;
  if (!int_arg(args[0], &fd) || !uid_arg(args[1], &uid) || !gid_arg(args[2], &gid)) return nullptr;
  int result = blocking_call([&] { return fchown(fd, uid, gid); });
  if (result < 0) return posix_error();
  return new_none();
}

Ref<> posix_lchown(Value, const Value* args) {
  PathArg path("lchown", "path");
  unsigned uid, gid;
  if (!path_convert(args[0], &path) || !uid_arg(args[1], &uid) || !gid_arg(args[2], &gid)) return nullptr;
  int result;
  {
    ReleaseGil released;
    result = lchown(path.narrow, uid, gid);
  }
  if (result < 0) return path_error(path);
  return new_none();
}

// utime's times=(atime, mtime) in seconds or ns=(atime_ns, mtime_ns).
bool ns_to_timespec(Value v, struct timespec* out) {
  Ref<> index = number_index(v);
  if (!index) return false;
  Ref<> billion = int_from_int64(1000000000);
  Ref<> seconds = binary_op(index, billion, BinaryOperator::FloorDivide);
  Ref<> ns = seconds ? binary_op(index, billion, BinaryOperator::Remainder) : nullptr;
  if (!ns) return false;
  int64_t s, n;
  if (!int_to_int64(seconds, &s) || !int_to_int64(ns, &n)) {
    return overflow_error("timestamp out of range for platform time_t");
  }
  out->tv_sec = time_t(s);
  out->tv_nsec = long(n);
  return true;
}

Ref<> posix_utime(Value, const Value* args) {
  PathArg path("utime", "path", false, true);
  Value times = args[1], ns = args[2];
  int dir_fd;
  bool follow;
  if (!path_convert(args[0], &path) || !dir_fd_arg(args[3], &dir_fd) || !truth_arg(args[4], &follow)) {
    return nullptr;
  }
  struct timespec spec[2];
  struct timespec* spec_ptr = spec;
  if (!is_none(times) && ns) return value_error("utime: you may specify either 'times' or 'ns' but not both");
  if (!is_none(times)) {
    if (!is_tuple(times) || as_tuple(times)->length != 2) {
      return type_error("utime: 'times' must be either a tuple of two ints or None");
    }
    for (int i = 0; i < 2; ++i) {
      if (!timespec_from_object(as_tuple(times)->items[i], TimeRounding::Floor, &spec[i].tv_sec,
                                &spec[i].tv_nsec)) {
        return nullptr;
      }
    }
  } else if (ns) {
    if (!is_tuple(ns) || as_tuple(ns)->length != 2) return type_error("utime: 'ns' must be a tuple of two ints");
    for (int i = 0; i < 2; ++i) {
      if (!ns_to_timespec(as_tuple(ns)->items[i], &spec[i])) return nullptr;
    }
  } else {
    spec_ptr = nullptr;  // now
  }
  if (!check_dir_fd_with_path("utime", path, dir_fd) || !check_fd_and_follow_symlinks("utime", path, follow)) {
    return nullptr;
  }
  int result;
  {
    ReleaseGil released;
    result = path.is_fd() ? futimens(path.fd, spec_ptr)
                          : utimensat(dir_fd, path.narrow, spec_ptr, follow ? 0 : AT_SYMLINK_NOFOLLOW);
  }
  if (result < 0) return path_error(path);
  return new_none();
}

// --- Creating, renaming and removing ---

Ref<> posix_mkdir(Value, const Value* args) {
  PathArg path("mkdir", "path");
  int mode, dir_fd;
  if (!path_convert(args[0], &path) || !int_arg(args[1], &mode) || !dir_fd_arg(args[2], &dir_fd)) {
    return nullptr;
  }
  int result;
  {
    ReleaseGil released;
    result = mkdirat(dir_fd, path.narrow, mode_t(mode));
  }
  if (result < 0) return path_error(path);
  return new_none();
}

Ref<> posix_mkfifo(Value, const Value* args) {
  PathArg path("mkfifo", "path");
  int mode, dir_fd;
  if (!path_convert(args[0], &path) || !int_arg(args[1], &mode) || !dir_fd_arg(args[2], &dir_fd)) {
    return nullptr;
  }
  int result = blocking_call([&] { return mkfifoat(dir_fd, path.narrow, mode_t(mode)); });
  if (result < 0) return path_error(path);
  return new_none();
}

Ref<> posix_mknod(Value, const Value* args) {
  PathArg path("mknod", "path");
  int mode, dir_fd;
  int64_t device;
  if (!path_convert(args[0], &path) || !int_arg(args[1], &mode) || !int64_arg(args[2], &device) ||
      !dir_fd_arg(args[3], &dir_fd)) {
    return nullptr;
  }
  int result = blocking_call([&] { return mknodat(dir_fd, path.narrow, mode_t(mode), dev_t(device)); });
  if (result < 0) return path_error(path);
  return new_none();
}

Ref<> remove_path(const char* function, const Value* args, int flags) {
  PathArg path(function, "path");
  int dir_fd;
  if (!path_convert(args[0], &path) || !dir_fd_arg(args[1], &dir_fd)) return nullptr;
  int result;
  {
    ReleaseGil released;
    result = unlinkat(dir_fd, path.narrow, flags);
  }
  if (result < 0) return path_error(path);
  return new_none();
}

Ref<> posix_unlink(Value, const Value* args) { return remove_path("unlink", args, 0); }
Ref<> posix_remove(Value, const Value* args) { return remove_path("remove", args, 0); }
Ref<> posix_rmdir(Value, const Value* args) { return remove_path("rmdir", args, AT_REMOVEDIR); }

Ref<> rename_path(const char* function, const Value* args) {
  PathArg src(function, "src"), dst(function, "dst");
  int src_dir_fd, dst_dir_fd;
  if (!path_convert(args[0], &src) || !path_convert(args[1], &dst) || !dir_fd_arg(args[2], &src_dir_fd) ||
      !dir_fd_arg(args[3], &dst_dir_fd)) {
    return nullptr;
  }
  int result;
  {
    ReleaseGil released;
    result = renameat(src_dir_fd, src.narrow, dst_dir_fd, dst.narrow);
  }
  if (result < 0) return path_error2(src, dst);
  return new_none();
}

Ref<> posix_rename(Value, const Value* args) { return rename_path("rename", args); }
Ref<> posix_replace(Value, const Value* args) { return rename_path("replace", args); }

Ref<> posix_link(Value, const Value* args) {
  PathArg src("link", "src"), dst("link", "dst");
  int src_dir_fd, dst_dir_fd;
  bool follow;
  if (!path_convert(args[0], &src) || !path_convert(args[1], &dst) || !dir_fd_arg(args[2], &src_dir_fd) ||
      !dir_fd_arg(args[3], &dst_dir_fd) || !truth_arg(args[4], &follow)) {
    return nullptr;
  }
  int result;
  {
    ReleaseGil released;
    result = src_dir_fd != AT_FDCWD || dst_dir_fd != AT_FDCWD || !follow
                 ? linkat(src_dir_fd, src.narrow, dst_dir_fd, dst.narrow, follow ? AT_SYMLINK_FOLLOW : 0)
                 : link(src.narrow, dst.narrow);
  }
  if (result < 0) return path_error2(src, dst);
  return new_none();
}

Ref<> posix_symlink(Value, const Value* args) {
  PathArg src("symlink", "src"), dst("symlink", "dst");
  int dir_fd;
  if (!path_convert(args[0], &src) || !path_convert(args[1], &dst) || !dir_fd_arg(args[3], &dir_fd)) {
    return nullptr;
  }
  int result;
  {
    ReleaseGil released;
    result = symlinkat(src.narrow, dir_fd, dst.narrow);
  }
  if (result < 0) return path_error2(src, dst);
  return new_none();
}

Ref<> posix_readlink(Value, const Value* args) {
  PathArg path("readlink", "path");
  int dir_fd;
  if (!path_convert(args[0], &path) || !dir_fd_arg(args[1], &dir_fd)) return nullptr;
  char buffer[PATH_MAX + 1];
  ssize_t n;
  {
    ReleaseGil released;
    n = readlinkat(dir_fd, path.narrow, buffer, sizeof buffer);
  }
  if (n < 0) return path_error(path);
  return fs_decode(std::string_view(buffer, size_t(n)), path.is_bytes);
}

// --- Listing a directory ---

Ref<> posix_listdir(Value, const Value* args) {
  PathArg path("listdir", "path", true, true);
  if (!path_convert(args[0], &path)) return nullptr;
  DIR* dir;
  bool as_bytes = path.is_bytes;
  {
    ReleaseGil released;
    if (path.is_fd()) {
      // Read through a duplicate so closedir leaves the caller's descriptor open.
      int fd = fcntl(path.fd, F_DUPFD_CLOEXEC, 0);
      dir = fd < 0 ? nullptr : fdopendir(fd);
      if (!dir && fd >= 0) {
        int saved = errno;
        close(fd);
        errno = saved;
      }
      if (dir) rewinddir(dir);
    } else {
      dir = opendir(path.narrow ? path.narrow : ".");
    }
  }
  if (!dir) return path_error(path);
  Ref<ListObject> names = list_new();
  bool failed = !names;
  while (!failed) {
    struct dirent* entry;
    int saved_errno;
    {
      ReleaseGil released;
      errno = 0;
      entry = readdir(dir);
      saved_errno = errno;
    }
    if (!entry) {
      if (saved_errno) {
        errno = saved_errno;
        path_error(path);
        failed = true;
      }
      break;
    }
    const char* name = entry->d_name;
    if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
    Ref<> item = fs_decode(name, as_bytes);
    if (!item || !list_append_steal(names.get(), std::move(item))) failed = true;
  }
  {
    ReleaseGil released;
    if (path.is_fd()) rewinddir(dir);
    closedir(dir);
  }
  if (failed) return nullptr;
  return names;
}

// --- File systems ---

const StructSeqField statvfs_result_fields[] = {
    {"f_bsize"}, {"f_frsize"}, {"f_blocks"}, {"f_bfree"}, {"f_bavail"}, {"f_files"},
    {"f_ffree"}, {"f_favail"}, {"f_flag"}, {"f_namemax"}, {"f_fsid"}, {},
};

}  // namespace

StructSeqType statvfs_result_type{
    "os.statvfs_result",
    "statvfs_result: Result from statvfs or fstatvfs.\n\n"
    "This object may be accessed either as a tuple of\n"
    "  (bsize, frsize, blocks, bfree, bavail, files, ffree, favail, flag, namemax),\n"
    "or via the attributes f_bsize, f_frsize, f_blocks, f_bfree, and so on.\n\n"
    "See os.statvfs for more information.",
    statvfs_result_fields, 10};

namespace {

Ref<> statvfs_result_from(const struct statvfs& st) {
  Ref<TupleObject> result = structseq_new(&statvfs_result_type);
  if (!result) return nullptr;
  uint64_t values[] = {st.f_bsize, st.f_frsize, st.f_blocks, st.f_bfree, st.f_bavail, st.f_files,
                       st.f_ffree, st.f_favail, st.f_flag, st.f_namemax, st.f_fsid};
  for (int i = 0; i < 11; ++i) {
    Ref<> value = int_from_uint64(values[i]);
    if (!value) return nullptr;
    structseq_set(result.get(), i, std::move(value));
  }
  return result;
}

Ref<> posix_statvfs(Value, const Value* args) {
  PathArg path("statvfs", "path", false, true);
  if (!path_convert(args[0], &path)) return nullptr;
  struct statvfs st;
  int result;
  if (path.is_fd()) {
    result = blocking_call([&] { return fstatvfs(path.fd, &st); });
  } else {
    ReleaseGil released;
    result = statvfs(path.narrow, &st);
  }
  if (result < 0) return path_error(path);
  return statvfs_result_from(st);
}

Ref<> posix_fstatvfs(Value, const Value* args) {
  int fd;
  if (!int_arg(args[0], &fd)) return nullptr;
  struct statvfs st;
  int result = blocking_call([&] { return fstatvfs(fd, &st); });
  if (result < 0) return posix_error();
  return statvfs_result_from(st);
}

// --- Extended attributes ---

Ref<> posix_getxattr(Value, const Value* args) {
  PathArg path("getxattr", "path", false, true), attribute("getxattr", "attribute");
  bool follow;
  if (!path_convert(args[0], &path) || !path_convert(args[1], &attribute) || !truth_arg(args[2], &follow) ||
      !check_fd_and_follow_symlinks("getxattr", path, follow)) {
    return nullptr;
  }
  for (size_t size = 128;; size *= 2) {
    std::string buffer(size, '\0');
    ssize_t n;
    {
      ReleaseGil released;
      if (path.is_fd()) n = fgetxattr(path.fd, attribute.narrow, buffer.data(), size);
      else if (follow) n = getxattr(path.narrow, attribute.narrow, buffer.data(), size);
      else n = lgetxattr(path.narrow, attribute.narrow, buffer.data(), size);
    }
    if (n >= 0) return bytes_from(std::string_view(buffer.data(), size_t(n)));
    if (errno != ERANGE || size >= 65536) return path_error(path);
  }
}

Ref<> posix_setxattr(Value, const Value* args) {
  PathArg path("setxattr", "path", false, true), attribute("setxattr", "attribute");
  int flags;
  bool follow;
  if (!path_convert(args[0], &path) || !path_convert(args[1], &attribute)) return nullptr;
  BufferHolder value;
  if (!value.get(args[2]) || !int_arg(args[3], &flags) || !truth_arg(args[4], &follow) ||
      !check_fd_and_follow_symlinks("setxattr", path, follow)) {
    return nullptr;
  }
  int result;
  {
    ReleaseGil released;
    std::string_view data = value.data();
    if (path.is_fd()) result = fsetxattr(path.fd, attribute.narrow, data.data(), data.size(), flags);
    else if (follow) result = setxattr(path.narrow, attribute.narrow, data.data(), data.size(), flags);
    else result = lsetxattr(path.narrow, attribute.narrow, data.data(), data.size(), flags);
  }
  if (result < 0) return path_error(path);
  return new_none();
}

Ref<> posix_removexattr(Value, const Value* args) {
  PathArg path("removexattr", "path", false, true), attribute("removexattr", "attribute");
  bool follow;
  if (!path_convert(args[0], &path) || !path_convert(args[1], &attribute) || !truth_arg(args[2], &follow) ||
      !check_fd_and_follow_symlinks("removexattr", path, follow)) {
    return nullptr;
  }
  int result;
  {
    ReleaseGil released;
    if (path.is_fd()) result = fremovexattr(path.fd, attribute.narrow);
    else if (follow) result = removexattr(path.narrow, attribute.narrow);
    else result = lremovexattr(path.narrow, attribute.narrow);
  }
  if (result < 0) return path_error(path);
  return new_none();
}

Ref<> posix_listxattr(Value, const Value* args) {
  PathArg path("listxattr", "path", true, true);
  bool follow;
  if (!path_convert(args[0], &path) || !truth_arg(args[1], &follow) ||
      !check_fd_and_follow_symlinks("listxattr", path, follow)) {
    return nullptr;
  }
  const char* name = path.narrow ? path.narrow : ".";
  for (size_t size = 256;; size *= 2) {
    std::string buffer(size, '\0');
    ssize_t n;
    {
      ReleaseGil released;
      if (path.is_fd()) n = flistxattr(path.fd, buffer.data(), size);
      else if (follow) n = listxattr(name, buffer.data(), size);
      else n = llistxattr(name, buffer.data(), size);
    }
    if (n < 0) {
      if (errno != ERANGE || size >= 65536) return path_error(path);
      continue;
    }
    Ref<ListObject> names = list_new();
    if (!names) return nullptr;
    for (size_t start = 0; start < size_t(n);) {
      size_t end = buffer.find('\0', start);
      if (end == std::string::npos || end > size_t(n)) end = size_t(n);
      if (end > start) {
        Ref<> item = fs_decode(std::string_view(buffer.data() + start, end - start));
        if (!item || !list_append_steal(names.get(), std::move(item))) return nullptr;
      }
      start = end + 1;
    }
    return names;
  }
}

// --- Special descriptors ---

Ref<> posix_memfd_create(Value, const Value* args) {
  Ref<> path = fspath(args[0]);
  if (!path) return nullptr;
  Ref<> name = fs_encode(path);
  int flags;
  if (!name || !int_arg(args[1], &flags)) return nullptr;
  int fd;
  {
    ReleaseGil released;
    fd = memfd_create(as_bytes(name)->data, unsigned(flags));
  }
  if (fd < 0) return raise_os_error(errno);
  return int_from_int64(fd);
}

Ref<> posix_eventfd(Value, const Value* args) {
  int initval, flags;
  if (!int_arg(args[0], &initval) || !int_arg(args[1], &flags)) return nullptr;
  int fd;
  {
    ReleaseGil released;
    fd = eventfd(unsigned(initval), flags);
  }
  if (fd < 0) return raise_os_error(errno);
  return int_from_int64(fd);
}

Ref<> posix_eventfd_read(Value, const Value* args) {
  int fd;
  if (!fildes_arg(args[0], &fd)) return nullptr;
  eventfd_t value;
  int result = blocking_call([&] { return eventfd_read(fd, &value); });
  if (result < 0) return posix_error();
  return int_from_uint64(value);
}

Ref<> posix_eventfd_write(Value, const Value* args) {
  int fd;
  if (!fildes_arg(args[0], &fd)) return nullptr;
  // An unsigned 64-bit value.
  Ref<> index = number_index(args[1]);
  if (!index) return nullptr;
  if (int_sign(index) < 0) return value_error("value must be positive");
  mpz_t z;
  mpz_init(z);
  int_to_mpz(index, z);
  bool fits = mpz_sizeinbase(z, 2) <= 64;
  uint64_t value = fits ? uint64_t(mpz_get_ui(z)) : 0;
  mpz_clear(z);
  if (!fits) return overflow_error("int too big to convert");
  int result = blocking_call([&] { return eventfd_write(fd, eventfd_t(value)); });
  if (result < 0) return posix_error();
  return new_none();
}

}  // namespace

const MethodDef file_methods[] = {
    {.name = "stat", .impl = posix_stat, .signature = "($module, /, path, *, dir_fd=None, follow_symlinks=True)",
     .doc = "Perform a stat system call on the given path."},
    {.name = "lstat", .impl = posix_lstat, .signature = "($module, /, path, *, dir_fd=None)",
     .doc = "Perform a stat system call on the given path, without following symbolic links."},
    {.name = "fstat", .impl = posix_fstat, .signature = "($module, /, fd)",
     .doc = "Perform a stat system call on the given file descriptor."},
    {.name = "open", .impl = posix_open, .signature = "($module, /, path, flags, mode=511, *, dir_fd=None)",
     .doc = "Open a file for low level IO.  Returns a file descriptor (integer)."},
    {.name = "close", .impl = posix_close, .signature = "($module, /, fd)",
     .doc = "Close a file descriptor."},
    {.name = "closerange", .impl = posix_closerange, .signature = "($module, fd_low, fd_high, /)",
     .doc = "Closes all file descriptors in [fd_low, fd_high), ignoring errors."},
    {.name = "read", .impl = posix_read, .signature = "($module, fd, length, /)",
     .doc = "Read from a file descriptor.  Returns a bytes object."},
    {.name = "pread", .impl = posix_pread, .signature = "($module, fd, length, offset, /)",
     .doc = "Read a number of bytes from a file descriptor starting at a particular offset."},
    {.name = "readv", .impl = posix_readv, .signature = "($module, fd, buffers, /)",
     .doc = "Read from a file descriptor fd into an iterable of buffers."},
    {.name = "write", .impl = posix_write, .signature = "($module, fd, data, /)",
     .doc = "Write a bytes object to a file descriptor."},
    {.name = "pwrite", .impl = posix_pwrite, .signature = "($module, fd, buffer, offset, /)",
     .doc = "Write bytes to a file descriptor starting at a particular offset."},
    {.name = "writev", .impl = posix_writev, .signature = "($module, fd, buffers, /)",
     .doc = "Iterate over buffers, and write the contents of each to a file descriptor."},
    {.name = "preadv", .impl = posix_preadv, .signature = "($module, fd, buffers, offset, flags=0, /)",
     .doc = "Reads from a file descriptor into a number of mutable bytes-like objects."},
    {.name = "pwritev", .impl = posix_pwritev, .signature = "($module, fd, buffers, offset, flags=0, /)",
     .doc = "Writes the contents of bytes-like objects to a file descriptor at a given offset."},
    {.name = "lseek", .impl = posix_lseek, .signature = "($module, fd, position, how, /)",
     .doc = "Set the position of a file descriptor.  Return the new position."},
    {.name = "sendfile", .impl = posix_sendfile, .signature = "($module, /, out_fd, in_fd, offset, count)",
     .doc = "Copy count bytes from file descriptor in_fd to file descriptor out_fd."},
    {.name = "copy_file_range", .impl = posix_copy_file_range,
     .signature = "($module, /, src, dst, count, offset_src=None, offset_dst=None)",
     .doc = "Copy count bytes from one file descriptor to another."},
    {.name = "splice", .impl = posix_splice,
     .signature = "($module, /, src, dst, count, offset_src=None, offset_dst=None, flags=0)",
     .doc = "Transfer count bytes from one pipe to a descriptor or vice versa."},
    {.name = "dup", .impl = posix_dup, .signature = "($module, fd, /)",
     .doc = "Return a duplicate of a file descriptor."},
    {.name = "dup2", .impl = posix_dup2, .signature = "($module, /, fd, fd2, inheritable=True)",
     .doc = "Duplicate file descriptor."},
    {.name = "pipe", .impl = posix_pipe, .signature = "($module, /)",
     .doc = "Create a pipe.\n\nReturns a tuple of two file descriptors:\n  (read_fd, write_fd)"},
    {.name = "pipe2", .impl = posix_pipe2, .signature = "($module, flags, /)",
     .doc = "Create a pipe with flags set atomically."},
    {.name = "isatty", .impl = posix_isatty, .signature = "($module, fd, /)",
     .doc = "Return True if the fd is connected to a terminal."},
    {.name = "ttyname", .impl = posix_ttyname, .signature = "($module, fd, /)",
     .doc = "Return the name of the terminal device connected to 'fd'."},
    {.name = "get_inheritable", .impl = posix_get_inheritable, .signature = "($module, fd, /)",
     .doc = "Get the close-on-exe flag of the specified file descriptor."},
    {.name = "set_inheritable", .impl = posix_set_inheritable, .signature = "($module, fd, inheritable, /)",
     .doc = "Set the inheritable flag of the specified file descriptor."},
    {.name = "get_blocking", .impl = posix_get_blocking, .signature = "($module, fd, /)",
     .doc = "Get the blocking mode of the file descriptor."},
    {.name = "set_blocking", .impl = posix_set_blocking, .signature = "($module, fd, blocking, /)",
     .doc = "Set the blocking mode of the specified file descriptor."},
    {.name = "fsync", .impl = fd_sync<fsync>, .signature = "($module, /, fd)",
     .doc = "Force write of fd to disk."},
    {.name = "fdatasync", .impl = fd_sync<fdatasync>, .signature = "($module, /, fd)",
     .doc = "Force write of fd to disk without forcing update of metadata."},
    {.name = "sync", .impl = posix_sync, .signature = "($module, /)",
     .doc = "Force write of everything to disk."},
    {.name = "ftruncate", .impl = posix_ftruncate, .signature = "($module, fd, length, /)",
     .doc = "Truncate a file, specified by file descriptor, to a specific length."},
    {.name = "truncate", .impl = posix_truncate, .signature = "($module, /, path, length)",
     .doc = "Truncate a file, specified by path, to a specific length."},
    {.name = "posix_fallocate", .impl = posix_posix_fallocate, .signature = "($module, fd, offset, length, /)",
     .doc = "Ensure a file has allocated at least a particular number of bytes on disk."},
    {.name = "posix_fadvise", .impl = posix_posix_fadvise,
     .signature = "($module, fd, offset, length, advice, /)",
     .doc = "Announce an intention to access data in a specific pattern."},
    {.name = "lockf", .impl = posix_lockf, .signature = "($module, fd, command, length, /)",
     .doc = "Apply, test or remove a POSIX lock on an open file descriptor."},
    {.name = "getcwd", .impl = posix_getcwd, .signature = "($module, /)",
     .doc = "Return a unicode string representing the current working directory."},
    {.name = "getcwdb", .impl = posix_getcwdb, .signature = "($module, /)",
     .doc = "Return a bytes string representing the current working directory."},
    {.name = "chdir", .impl = posix_chdir, .signature = "($module, /, path)",
     .doc = "Change the current working directory to the specified path."},
    {.name = "fchdir", .impl = posix_fchdir, .signature = "($module, /, fd)",
     .doc = "Change to the directory of the given file descriptor."},
    {.name = "chroot", .impl = posix_chroot, .signature = "($module, /, path)",
     .doc = "Change root directory to path."},
    {.name = "access", .impl = posix_access,
     .signature = "($module, /, path, mode, *, dir_fd=None, effective_ids=False, follow_symlinks=True)",
     .doc = "Use the real uid/gid to test for access to a path."},
    {.name = "chmod", .impl = posix_chmod,
     .signature = "($module, /, path, mode, *, dir_fd=None, follow_symlinks=True)",
     .doc = "Change the access permissions of a file."},
    {.name = "fchmod", .impl = posix_fchmod, .signature = "($module, /, fd, mode)",
     .doc = "Change the access permissions of the file given by file descriptor fd."},
    {.name = "chown", .impl = posix_chown,
     .signature = "($module, /, path, uid, gid, *, dir_fd=None, follow_symlinks=True)",
     .doc = "Change the owner and group id of path to the numeric uid and gid."},
    {.name = "fchown", .impl = posix_fchown, .signature = "($module, /, fd, uid, gid)",
     .doc = "Change the owner and group id of the file specified by file descriptor."},
    {.name = "lchown", .impl = posix_lchown, .signature = "($module, /, path, uid, gid)",
     .doc = "Change the owner and group id of path to the numeric uid and gid."},
    {.name = "utime", .impl = posix_utime,
     .signature = "($module, /, path, times=None, *, ns=?, dir_fd=None, follow_symlinks=True)",
     .doc = "Set the access and modified time of path."},
    {.name = "mkdir", .impl = posix_mkdir, .signature = "($module, /, path, mode=511, *, dir_fd=None)",
     .doc = "Create a directory."},
    {.name = "mkfifo", .impl = posix_mkfifo, .signature = "($module, /, path, mode=438, *, dir_fd=None)",
     .doc = "Create a \"fifo\" (a POSIX named pipe)."},
    {.name = "mknod", .impl = posix_mknod,
     .signature = "($module, /, path, mode=384, device=0, *, dir_fd=None)",
     .doc = "Create a node in the file system."},
    {.name = "unlink", .impl = posix_unlink, .signature = "($module, /, path, *, dir_fd=None)",
     .doc = "Remove a file (same as remove())."},
    {.name = "remove", .impl = posix_remove, .signature = "($module, /, path, *, dir_fd=None)",
     .doc = "Remove a file (same as unlink())."},
    {.name = "rmdir", .impl = posix_rmdir, .signature = "($module, /, path, *, dir_fd=None)",
     .doc = "Remove a directory."},
    {.name = "rename", .impl = posix_rename,
     .signature = "($module, /, src, dst, *, src_dir_fd=None, dst_dir_fd=None)",
     .doc = "Rename a file or directory."},
    {.name = "replace", .impl = posix_replace,
     .signature = "($module, /, src, dst, *, src_dir_fd=None, dst_dir_fd=None)",
     .doc = "Rename a file or directory, overwriting the destination."},
    {.name = "link", .impl = posix_link,
     .signature = "($module, /, src, dst, *, src_dir_fd=None, dst_dir_fd=None, follow_symlinks=True)",
     .doc = "Create a hard link to a file."},
    {.name = "symlink", .impl = posix_symlink,
     .signature = "($module, /, src, dst, target_is_directory=False, *, dir_fd=None)",
     .doc = "Create a symbolic link pointing to src named dst."},
    {.name = "readlink", .impl = posix_readlink, .signature = "($module, /, path, *, dir_fd=None)",
     .doc = "Return a string representing the path to which the symbolic link points."},
    {.name = "listdir", .impl = posix_listdir, .signature = "($module, /, path=None)",
     .doc = "Return a list containing the names of the files in the directory."},
    {.name = "statvfs", .impl = posix_statvfs, .signature = "($module, /, path)",
     .doc = "Perform a statvfs system call on the given path."},
    {.name = "fstatvfs", .impl = posix_fstatvfs, .signature = "($module, fd, /)",
     .doc = "Perform an fstatvfs system call on the given fd."},
    {.name = "getxattr", .impl = posix_getxattr,
     .signature = "($module, /, path, attribute, *, follow_symlinks=True)",
     .doc = "Return the value of extended attribute attribute on path."},
    {.name = "setxattr", .impl = posix_setxattr,
     .signature = "($module, /, path, attribute, value, flags=0, *, follow_symlinks=True)",
     .doc = "Set extended attribute attribute on path to value."},
    {.name = "removexattr", .impl = posix_removexattr,
     .signature = "($module, /, path, attribute, *, follow_symlinks=True)",
     .doc = "Remove extended attribute attribute on path."},
    {.name = "listxattr", .impl = posix_listxattr,
     .signature = "($module, /, path=None, *, follow_symlinks=True)",
     .doc = "Return a list of extended attributes on path."},
    {.name = "memfd_create", .impl = posix_memfd_create, .signature = "($module, /, name, flags=1)",
     .doc = "Create an anonymous file and return a file descriptor that refers to it."},
    {.name = "eventfd", .impl = posix_eventfd, .signature = "($module, /, initval, flags=524288)",
     .doc = "Creates and returns an event notification file descriptor."},
    {.name = "eventfd_read", .impl = posix_eventfd_read, .signature = "($module, /, fd)",
     .doc = "Read eventfd value"},
    {.name = "eventfd_write", .impl = posix_eventfd_write, .signature = "($module, /, fd, value)",
     .doc = "Write eventfd value."},
    {},
};

}  // namespace krait::posix
