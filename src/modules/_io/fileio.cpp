// FileIO: raw, unbuffered I/O on a file descriptor. Blocking system calls release the
// GIL; EINTR runs the signal handlers and retries, as CPython does (PEP 475).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/alloc.h"
#include "core/args.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/_io/io.h"
#include "objects/bytes.h"
#include "objects/exceptions.h"
#include "objects/tuple.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/type_internal.h"
#include "objects/unicode_codecs.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/gil.h"
#include "runtime/signals.h"
#include "runtime/warnings.h"

namespace krait {

namespace {

struct FileIOObject : IOObject {
  int fd;
  bool created, readable, writable, appending;
  int seekable;  // -1 unknown
  bool closefd;
  bool finalizing;
  int64_t blksize;
};

FileIOObject* as_fileio(Value v) { return static_cast<FileIOObject*>(v.as_object()); }

// A path argument as bytes for the OS: str (UTF-8, surrogateescape), bytes, os.PathLike.
bool path_to_bytes(Value path, std::string* out) {
  Ref<> resolved = new_ref(path);
  if (!is_str(path) && !is_bytes(path)) {
    Ref<> fspath = lookup_special(path, str_intern_utf8("__fspath__"));
    if (!fspath) {
      if (error_occurred()) return false;
      return type_error("expected str, bytes or os.PathLike object, not {}", type_name(path));
    }
    resolved = call0(fspath);
    if (!resolved) return false;
    if (!is_str(resolved) && !is_bytes(resolved)) {
      return type_error("expected {}.__fspath__() to return str or bytes, not {}", type_name(path),
                        type_name(resolved));
    }
  }
  if (is_bytes(resolved)) {
    *out = std::string(bytes_view(resolved));
  } else {
    Ref<> errors = str_from_ascii("surrogateescape");
    Ref<BytesObject> encoded = encode_utf8(as_str(resolved), errors);
    if (!encoded) return false;
    *out = std::string(bytes_view(encoded.value()));
  }
  if (out->find('\0') != std::string::npos) return value_error("embedded null byte");
  return true;
}

// Runs `op` with the GIL released, retrying on EINTR after the signal handlers ran.
template <class Op>
int64_t retry_io(Op&& op, bool* interrupted_error) {
  for (;;) {
    int64_t r;
    int error;
    {
      ReleaseGil released;
      r = op();
      error = errno;
    }
    if (r >= 0 || error != EINTR) {
      errno = error;
      return r;
    }
    if (run_pending_signal_handlers() < 0) {
      *interrupted_error = true;
      return -1;
    }
  }
}

bool check_fd_open(FileIOObject* f) {
  if (f->fd < 0) return raise_closed_file();
  return true;
}

Ref<> fileio_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  auto* f = allocate<FileIOObject>(type, size_t(type->basic_size));
  if (!f) return nullptr;
  f->fd = -1;
  f->seekable = -1;
  f->closefd = true;
  f->blksize = kDefaultBufferSize;
  gc_track(f);
  return Ref<>::steal(Value(f));
}

int fileio_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const MethodDef def = {.name = "FileIO", .signature = "(file, mode='r', closefd=True, opener=None)"};
  if (!def.parsed_signature) def.parsed_signature = signature_parse(&def, nullptr);
  BoundArgs bound;
  if (!bind_arguments(*def.parsed_signature, args, nargs, kwnames, &bound)) return -1;
  Value file = bound.values()[0], mode_value = bound.values()[1], closefd_value = bound.values()[2],
        opener = bound.values()[3];
  FileIOObject* f = as_fileio(self);
  if (f->fd >= 0 && f->closefd) {
    ::close(f->fd);
    f->fd = -1;
  }
  if (is_float(file)) return type_error("integer argument expected, got float");
  int fd = -1;
  std::string path;
  if (is_int(file)) {
    int64_t n;
    if (!int_as_int64(file, &n)) return -1;
    if (n < 0) return value_error("negative file descriptor");
    fd = int(n);
  } else if (!path_to_bytes(file, &path)) {
    return -1;
  }
  if (!is_str(mode_value)) return type_error("FileIO() argument 'mode' must be str, not {}", type_name(mode_value));
  std::string_view mode = str_utf8(mode_value);
  bool rwa = false, plus = false;
  int flags = 0;
  f->readable = f->writable = f->created = f->appending = false;
  for (char c : mode) {
    switch (c) {
      case 'x':
      case 'r':
      case 'w':
      case 'a':
        if (rwa) goto bad_mode;
        rwa = true;
        if (c == 'x') { f->created = f->writable = true; flags |= O_EXCL | O_CREAT; }
        if (c == 'r') f->readable = true;
        if (c == 'w') { f->writable = true; flags |= O_CREAT | O_TRUNC; }
        if (c == 'a') { f->writable = f->appending = true; flags |= O_APPEND | O_CREAT; }
        break;
      case 'b':
        break;
      case '+':
        if (plus) goto bad_mode;
        f->readable = f->writable = true;
        plus = true;
        break;
      default:
        return value_error("invalid mode: {}", std::string(mode));
    }
  }
  if (!rwa) goto bad_mode;
  if (f->readable && f->writable) flags |= O_RDWR;
  else if (f->readable) flags |= O_RDONLY;
  else flags |= O_WRONLY;
  flags |= O_CLOEXEC;
  {
    int closefd = is_true(closefd_value);
    if (closefd < 0) return -1;
    if (fd >= 0) {
      f->closefd = closefd;
    } else {
      f->closefd = true;
      if (!closefd) return value_error("Cannot use closefd=False with file name");
      if (opener && !is_none(opener)) {
        Ref<> fd_value = call2(opener, file, Value::small_int(flags));
        if (!fd_value) return -1;
        if (!is_int(fd_value)) return type_error("expected integer from opener");
        int64_t n;
        if (!int_as_int64(fd_value, &n)) return -1;
        if (n < 0) return value_error("opener returned {}", n);
        fd = int(n);
      } else {
        bool interrupted = false;
        fd = int(retry_io([&] { return int64_t(::open(path.c_str(), flags, 0666)); }, &interrupted));
        if (interrupted) return -1;
        if (fd < 0) return raise_os_error_with_filename(errno, file);
      }
    }
  }
  f->fd = fd;
  {
    // A descriptor the caller passed in stays theirs when __init__ fails; one opened here
    // (by path or opener) is closed again.
    bool fd_is_own = !is_int(file);
    auto fail = [&] {
      if (fd_is_own && f->fd >= 0) ::close(f->fd);
      f->fd = -1;
      return -1;
    };
    struct stat st;
    if (fstat(fd, &st) == 0) {
      if (S_ISDIR(st.st_mode)) {
        raise_os_error_with_filename(EISDIR, file);
        return fail();
      }
      if (st.st_blksize > 1) f->blksize = st.st_blksize;
    } else if (errno == EBADF) {
      raise_os_error(errno);
      return fail();
    }
    if (!set_attr(self, ID(name), file)) return fail();
  }
  if (f->appending) {
    // For consistent behaviour, seek to the end (tell() then reports the size).
    ::lseek(fd, 0, SEEK_END);
  }
  return 0;

bad_mode:
  return value_error("Must have exactly one of create/read/write/append mode and at most one plus");
}

void fileio_finalize(Object* o) {
  FileIOObject* f = static_cast<FileIOObject*>(o);
  if (f->fd < 0 || !f->closefd) return;
  // ResourceWarning for files never closed, then close them.
  f->finalizing = true;
  Ref<> pending = fetch_error();
  Ref<> result = call_method0(Value(o), ID(close));
  if (!result) clear_error();
  restore_error(std::move(pending));
}

void fileio_dealloc(Object* o) {
  if (call_finalizer_from_dealloc(o)) return;
  gc_untrack(o);
  FileIOObject* f = static_cast<FileIOObject*>(o);
  if (f->fd >= 0 && f->closefd) ::close(f->fd);
  io_dealloc_fields(o);
  free_object(o);
}

Ref<> fileio_read(Value self, const Value* args);

Ref<> fileio_readall(Value self, const Value* args) {
  FileIOObject* f = as_fileio(self);
  if (!check_fd_open(f)) return nullptr;
  if (!f->readable) return raise_unsupported("File not open for reading");
  std::string data;
  // Size the buffer from the file's size when it is a regular file.
  struct stat st;
  off_t pos = ::lseek(f->fd, 0, SEEK_CUR);
  size_t chunk = kDefaultBufferSize;
  if (fstat(f->fd, &st) == 0 && st.st_size > 0 && pos >= 0 && st.st_size >= pos) {
    chunk = size_t(st.st_size - pos) + 1;
  }
  for (;;) {
    size_t old = data.size();
    data.resize(old + chunk);
    bool interrupted = false;
    int64_t n = retry_io([&] { return int64_t(::read(f->fd, data.data() + old, chunk)); }, &interrupted);
    if (interrupted) return nullptr;
    if (n < 0) {
      data.resize(old);
      if (errno == EAGAIN) {
        if (old == 0) return new_none();
        break;
      }
      return raise_os_error(errno);
    }
    data.resize(old + size_t(n));
    if (n == 0) break;
    chunk = std::max<size_t>(chunk, data.size() / 4 + kDefaultBufferSize);
  }
  return bytes_from(data);
}

Ref<> fileio_read(Value self, const Value* args) {
  FileIOObject* f = as_fileio(self);
  if (!check_fd_open(f)) return nullptr;
  if (!f->readable) return raise_unsupported("File not open for reading");
  int64_t size;
  if (!io_size_argument(args[0], &size)) return nullptr;
  if (size < 0) return fileio_readall(self, nullptr);
  Ref<BytesObject> result = bytes_allocate(size);
  if (!result) return nullptr;
  bool interrupted = false;
  int64_t n = retry_io([&] { return int64_t(::read(f->fd, result->data, size_t(size))); }, &interrupted);
  if (interrupted) return nullptr;
  if (n < 0) {
    if (errno == EAGAIN) return new_none();
    return raise_os_error(errno);
  }
  if (n == size) return result;
  return bytes_from(std::string_view(result->data, size_t(n)));
}

Ref<> fileio_readinto(Value self, const Value* args) {
  FileIOObject* f = as_fileio(self);
  if (!check_fd_open(f)) return nullptr;
  if (!f->readable) return raise_unsupported("File not open for reading");
  Buffer view;
  if (!buffer_get_writable(args[0], &view, "readinto")) return nullptr;
  bool interrupted = false;
  int64_t n = retry_io([&] { return int64_t(::read(f->fd, view.data, size_t(view.length))); }, &interrupted);
  int error = errno;
  buffer_release(&view);
  if (interrupted) return nullptr;
  if (n < 0) {
    if (error == EAGAIN) return new_none();
    return raise_os_error(error);
  }
  return int_from_int64(n);
}

Ref<> fileio_write(Value self, const Value* args) {
  FileIOObject* f = as_fileio(self);
  if (!check_fd_open(f)) return nullptr;
  if (!f->writable) return raise_unsupported("File not open for writing");
  Buffer view;
  if (!buffer_get(args[0], &view, kBufferSimple)) return nullptr;
  bool interrupted = false;
  int64_t requested = view.length;
  int64_t n = retry_io([&] { return int64_t(::write(f->fd, view.data, size_t(view.length))); }, &interrupted);
  int error = errno;
  buffer_release(&view);
  if (interrupted) return nullptr;
  if (n < 0) {
    if (error == EAGAIN) return new_none();
    return raise_os_error(error);
  }
  // A signal cut the write short (no EINTR): CPython runs its handler as the call returns,
  // before the caller writes again, so a raising handler interrupts the write here too.
  if (n < requested && run_pending_signal_handlers() < 0) return nullptr;
  return int_from_int64(n);
}

Ref<> fileio_seek(Value self, const Value* args) {
  FileIOObject* f = as_fileio(self);
  if (!check_fd_open(f)) return nullptr;
  if (is_float(args[0])) return type_error("an integer is required");
  int64_t pos, whence;
  if (!index_to_int64(args[0], &pos) || !int_as_int64(args[1], &whence)) return nullptr;
  off_t r = ::lseek(f->fd, pos, int(whence));
  if (r < 0) return raise_os_error(errno);
  if (f->seekable < 0) f->seekable = 1;
  return int_from_int64(r);
}

Ref<> fileio_tell(Value self, const Value* args) {
  FileIOObject* f = as_fileio(self);
  if (!check_fd_open(f)) return nullptr;
  off_t r = ::lseek(f->fd, 0, SEEK_CUR);
  if (r < 0) return raise_os_error(errno);
  return int_from_int64(r);
}

Ref<> fileio_truncate(Value self, const Value* args) {
  FileIOObject* f = as_fileio(self);
  if (!check_fd_open(f)) return nullptr;
  if (!f->writable) return raise_unsupported("File not open for writing");
  int64_t size;
  if (!args[0] || is_none(args[0])) {
    off_t here = ::lseek(f->fd, 0, SEEK_CUR);
    if (here < 0) return raise_os_error(errno);
    size = here;
  } else if (!index_to_int64(args[0], &size)) {
    return nullptr;
  }
  if (::ftruncate(f->fd, size) != 0) return raise_os_error(errno);
  return int_from_int64(size);
}

// ResourceWarning "unclosed file <source>" for a file still open when it (or the buffered or
// text object `source` on top of it) is finalized; the exception being raised is kept.
void fileio_dealloc_warn(FileIOObject* f, Value source) {
  if (f->fd < 0 || !f->closefd) return;
  Ref<> pending = fetch_error();
  Ref<StrObject> source_repr = repr(source);
  Ref<> message = source_repr ? str_concat(str_intern_utf8("unclosed file "), source_repr.get()) : Ref<StrObject>();
  if (!message || warn_object(message, Value(&exc::ResourceWarning), 1, source) < 0) {
    // Spurious errors can appear at shutdown.
    if (error_matches(&exc::Warning)) write_unraisable_exception(nullptr, Value(f));
    clear_error();
  }
  restore_error(std::move(pending));
}

Ref<> fileio_dealloc_warn_method(Value self, const Value* args) {
  fileio_dealloc_warn(as_fileio(self), args[0]);
  return new_none();
}

Ref<> fileio_close(Value self, const Value* args) {
  FileIOObject* f = as_fileio(self);
  // _RawIOBase.close: flush, then mark closed; then release the descriptor.
  Ref<> base_close = get_attr(Value(&rawiobase_type), ID(close));
  Ref<> result = base_close ? call1(base_close, self) : Ref<>();
  Ref<> error = result ? Ref<>() : fetch_error();
  if (f->fd >= 0) {
    if (f->closefd) {
      if (f->finalizing) fileio_dealloc_warn(f, self);
      int r = ::close(f->fd);
      f->fd = -1;
      if (r < 0 && !error) return raise_os_error(errno);
    } else {
      f->fd = -1;
    }
  }
  if (error) {
    restore_error(std::move(error));
    return nullptr;
  }
  return new_none();
}

Ref<> fileio_seekable(Value self, const Value* args) {
  FileIOObject* f = as_fileio(self);
  if (!check_fd_open(f)) return nullptr;
  if (f->seekable < 0) f->seekable = ::lseek(f->fd, 0, SEEK_CUR) >= 0 ? 1 : 0;
  return new_bool(f->seekable);
}

Ref<> fileio_readable(Value self, const Value* args) {
  FileIOObject* f = as_fileio(self);
  if (!check_fd_open(f)) return nullptr;
  return new_bool(f->readable);
}

Ref<> fileio_writable(Value self, const Value* args) {
  FileIOObject* f = as_fileio(self);
  if (!check_fd_open(f)) return nullptr;
  return new_bool(f->writable);
}

Ref<> fileio_fileno(Value self, const Value* args) {
  FileIOObject* f = as_fileio(self);
  if (!check_fd_open(f)) return nullptr;
  return int_from_int64(f->fd);
}

Ref<> fileio_isatty(Value self, const Value* args) {
  FileIOObject* f = as_fileio(self);
  if (!check_fd_open(f)) return nullptr;
  bool tty;
  {
    ReleaseGil released;
    tty = ::isatty(f->fd);
  }
  return new_bool(tty);
}

Ref<> fileio_getstate(Value self, const Value* args) {
  return type_error("cannot pickle '{}' object", type_name(self));
}

std::string mode_string(FileIOObject* f) {
  if (f->created) return f->readable ? "xb+" : "xb";
  if (f->appending) return f->readable ? "ab+" : "ab";
  if (f->readable) return f->writable ? "rb+" : "rb";
  return "wb";
}

Ref<> fileio_repr(Value self) {
  FileIOObject* f = as_fileio(self);
  std::string type = type_of(self)->has_flag(kTypeHeap) ? type_name(self) : std::string(type_of(self)->name);
  if (type_of(self) == &fileio_type) type = "_io.FileIO";
  if (f->fd < 0) return str_from_utf8("<" + type + " [closed]>");
  Ref<> name;
  if (get_attr_optional(self, ID(name), &name) < 0) {
    if (!error_matches(&exc::ValueError)) return nullptr;
    clear_error();
  }
  std::string closefd = f->closefd ? "True" : "False";
  if (!name) {
    return str_from_utf8(format_message("<{} fd={} mode='{}' closefd={}>", type, f->fd, mode_string(f), closefd));
  }
  Ref<StrObject> name_repr = repr(name);
  if (!name_repr) return nullptr;
  return str_from_utf8(format_message("<{} name={} mode='{}' closefd={}>", type, str_utf8(name_repr.get()),
                                      mode_string(f), closefd));
}

Ref<> fileio_get_closed(Value self) { return new_bool(as_fileio(self)->fd < 0); }
Ref<> fileio_get_closefd(Value self) { return new_bool(as_fileio(self)->closefd); }
Ref<> fileio_get_mode(Value self) { return str_from_ascii(mode_string(as_fileio(self))); }
Ref<> fileio_get_blksize(Value self) { return int_from_int64(as_fileio(self)->blksize); }
Ref<> fileio_get_finalizing(Value self) { return new_bool(as_fileio(self)->finalizing); }

const MethodDef fileio_methods[] = {
    {.name = "read", .impl = fileio_read, .signature = "($self, size=-1, /)"},
    {.name = "readall", .impl = fileio_readall, .signature = "($self, /)"},
    {.name = "readinto", .impl = fileio_readinto, .signature = "($self, buffer, /)"},
    {.name = "write", .impl = fileio_write, .signature = "($self, b, /)"},
    {.name = "seek", .impl = fileio_seek, .signature = "($self, pos, whence=0, /)"},
    {.name = "tell", .impl = fileio_tell, .signature = "($self, /)"},
    {.name = "truncate", .impl = fileio_truncate, .signature = "($self, size=None, /)"},
    {.name = "close", .impl = fileio_close, .signature = "($self, /)"},
    {.name = "seekable", .impl = fileio_seekable, .signature = "($self, /)"},
    {.name = "readable", .impl = fileio_readable, .signature = "($self, /)"},
    {.name = "writable", .impl = fileio_writable, .signature = "($self, /)"},
    {.name = "fileno", .impl = fileio_fileno, .signature = "($self, /)"},
    {.name = "isatty", .impl = fileio_isatty, .signature = "($self, /)"},
    {.name = "__getstate__", .impl = fileio_getstate, .signature = "($self, /)"},
    {.name = "_dealloc_warn", .impl = fileio_dealloc_warn_method, .signature = "($self, source, /)"},
    {},
};

const GetSetDef fileio_getsets[] = {
    {"closed", fileio_get_closed, nullptr, "True if the file is closed"},
    {"closefd", fileio_get_closefd, nullptr, "True if the file descriptor will be closed by close()."},
    {"mode", fileio_get_mode, nullptr, "String giving the file mode"},
    {"_blksize", fileio_get_blksize},
    {"_finalizing", fileio_get_finalizing},
    {},
};

}  // namespace

TypeObject fileio_type{TypeSpec{
    .name = "_io.FileIO",
    .doc = "Open a file.\n\nThe mode can be 'r' (default), 'w', 'x' or 'a' for reading,\n"
           "writing, exclusive creation or appending.",
    .basic_size = sizeof(FileIOObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .base = &rawiobase_type,
    .dict_offset = offsetof(FileIOObject, dict),
    .weaklist_offset = offsetof(FileIOObject, weakreflist),
    .slots = {.dealloc = fileio_dealloc, .traverse = io_traverse_fields, .finalize = fileio_finalize,
              .new_instance = fileio_new, .init = fileio_init, .repr = fileio_repr,
              .getattr = generic_get_attr, .setattr = generic_set_attr},
    .methods = fileio_methods,
    .getsets = fileio_getsets,
}};

}  // namespace krait
