// The posix module (what os.py imports * from): its definition and constants, the
// argument converters all posix files share (paths, fds, ids), and system information
// (uname, times, sysconf, terminal size, urandom, ...). Descriptor and path operations
// are in posix_files.cpp, scandir in posix_scandir.cpp, processes in posix_process.cpp.
#include <dlfcn.h>
#include <fcntl.h>
#include <langinfo.h>
#include <linux/memfd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/times.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <sysexits.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/ops.h"
#include "modules/_io/io.h"
#include "modules/posix_internal.h"
#include "objects/bytes.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "objects/unicode_codecs.h"
#include "runtime/runtime.h"

extern char** environ;

namespace krait::posix {

// --- Encoding of file names: UTF-8 with surrogateescape (PEP 383) ---

namespace {

Value surrogateescape() {
  static StrObject* name = str_intern_utf8("surrogateescape");
  return Value(name);
}

StrObject* fspath_name() {
  static StrObject* name = str_intern_utf8("__fspath__");
  return name;
}

StrObject* fileno_name() {
  static StrObject* name = str_intern_utf8("fileno");
  return name;
}

}  // namespace

Ref<> fs_decode(std::string_view name, bool as_bytes) {
  if (as_bytes) return bytes_from(name);
  return decode_utf8(name, surrogateescape(), Value());
}

Ref<> fs_encode(Value v) {
  if (is_bytes(v)) return new_ref(v);
  return encode_utf8(as_str(v), surrogateescape());
}

Ref<> fspath(Value v) {
  if (is_str(v) || is_bytes(v)) return new_ref(v);
  Ref<> method = lookup_special(v, fspath_name());
  if (!method) {
    if (error_occurred()) return nullptr;
    return type_error("expected str, bytes or os.PathLike object, not {}", type_name(v));
  }
  Ref<> result = call0(method);
  if (!result) return nullptr;
  if (!is_str(result) && !is_bytes(result)) {
    return type_error("expected {}.__fspath__() to return str or bytes, not {}", type_name(v),
                      type_name(result));
  }
  return result;
}

// --- Converters ---

namespace {

// CPython's _fd_converter: the fd part of path arguments and dir_fd.
bool fd_converter(Value v, int* out) {
  if (is_float(v)) return type_error("argument should be integer or None, not {}", type_name(v));
  Ref<> index = number_index(v);
  if (!index) return false;
  int64_t value;
  if (!int_to_int64(index, &value) || value > INT_MAX) {
    if (int_sign(index) < 0) return overflow_error("fd is less than minimum");
    return overflow_error("fd is greater than maximum");
  }
  if (value < INT_MIN) return overflow_error("fd is less than minimum");
  *out = int(value);
  return true;
}

std::string path_prefix(const PathArg& path) {
  std::string prefix;
  if (path.function_name) prefix = format_message("{}: ", path.function_name);
  if (path.argument_name) prefix += path.argument_name;
  else prefix += "path";
  return prefix;
}

Raised path_type_error(const PathArg& path, Value v) {
  const char* allowed = path.allow_fd && path.nullable ? "string, bytes, os.PathLike, integer or None"
                        : path.allow_fd               ? "string, bytes, os.PathLike or integer"
                        : path.nullable               ? "string, bytes, os.PathLike or None"
                                                      : "string, bytes or os.PathLike";
  return type_error("{} should be {}, not {}", path_prefix(path), allowed, type_name(v));
}

}  // namespace

bool path_convert(Value v, PathArg* path) {
  if (path->nullable && is_none(v)) {
    path->object = new_none();
    return true;
  }
  bool is_index = path->allow_fd && (is_int(v) || type_of(v)->to_index);
  bool is_buffer = !is_str(v) && !is_bytes(v) && type_of(v)->get_buffer;
  Ref<> object = new_ref(v);
  if (!is_index && !is_buffer && !is_str(v) && !is_bytes(v)) {
    Ref<> method = lookup_special(v, fspath_name());
    if (!method) {
      if (error_occurred()) return false;
      return path_type_error(*path, v);
    }
    object = call0(method);
    if (!object) return false;
    if (!is_str(object) && !is_bytes(object)) {
      return type_error("expected {}.__fspath__() to return str or bytes, not {}", type_name(v),
                        type_name(object));
    }
  }
  if (is_str(object)) {
    path->bytes = fs_encode(object);
    if (!path->bytes) return false;
    if (std::memchr(as_bytes(path->bytes)->data, 0, size_t(as_bytes(path->bytes)->length))) {
      return value_error("embedded null byte");
    }
  } else if (is_bytes(object)) {
    path->bytes = new_ref(object.value());
    path->is_bytes = true;
  } else if (is_index) {
    if (!fd_converter(object, &path->fd)) return false;
    path->object = std::move(object);
    return true;
  } else {
    // A bytes-like object other than bytes: accepted with a DeprecationWarning (3.11).
    std::string message = format_message(
        "{} should be {}, not {}", path_prefix(*path),
        path->allow_fd ? "string, bytes, os.PathLike or integer" : "string, bytes or os.PathLike",
        type_name(object));
    if (warn(exc::DeprecationWarning, message) < 0) return false;
    Buffer view;
    if (!buffer_get(object, &view, kBufferSimple)) return false;
    path->bytes = bytes_from({static_cast<const char*>(view.data), size_t(view.length)});
    buffer_release(&view);
    if (!path->bytes) return false;
    path->is_bytes = true;
  }
  BytesObject* encoded = as_bytes(path->bytes);
  if (std::strlen(encoded->data) != size_t(encoded->length)) {
    return value_error("{}: embedded null character in {}",
                       path->function_name ? path->function_name : "",
                       path->argument_name ? path->argument_name : "path");
  }
  path->narrow = encoded->data;
  path->object = std::move(object);
  return true;
}

Raised posix_error() {
  if (error_occurred()) return Raised();  // a signal handler raised during an EINTR retry
  return raise_os_error(errno);
}

Raised path_error(const PathArg& path) {
  if (error_occurred()) return Raised();
  return raise_os_error_with_filename(errno, path.object);
}

Raised path_error2(const PathArg& path, const PathArg& path2) {
  if (error_occurred()) return Raised();
  return raise_os_error_with_filename(errno, path.object, path2.object);
}

bool int_arg(Value v, int* out) {
  if (is_float(v)) return type_error("'float' object cannot be interpreted as an integer");
  int64_t value;
  if (v.is_small_int()) {
    value = v.as_small_int();
  } else {
    Ref<> index = number_index(v);
    if (!index) return false;
    if (!int_to_int64(index, &value)) return overflow_error("Python int too large to convert to C int");
  }
  if (value > INT_MAX || value < INT_MIN) return overflow_error("Python int too large to convert to C int");
  *out = int(value);
  return true;
}

bool int64_arg(Value v, int64_t* out) {
  if (v.is_small_int()) {
    *out = v.as_small_int();
    return true;
  }
  Ref<> index = number_index(v);
  if (!index) return false;
  if (!int_to_int64(index, out)) return overflow_error("Python int too large to convert to C long");
  return true;
}

bool fildes_arg(Value v, int* out) {
  int64_t value;
  if (v.is_small_int()) {
    value = v.as_small_int();
  } else if (is_int(v)) {
    if (!int_to_int64(v, &value)) return overflow_error("Python int too large to convert to C int");
  } else {
    Ref<> method;
    int found = get_attr_optional(v, fileno_name(), &method);
    if (found < 0) return false;
    if (!found) return type_error("argument must be an int, or have a fileno() method.");
    Ref<> result = call0(method);
    if (!result) return false;
    if (!is_int(result)) return type_error("fileno() returned a non-integer");
    if (!int_to_int64(result, &value)) return overflow_error("Python int too large to convert to C int");
  }
  if (value > INT_MAX || value < INT_MIN) return overflow_error("Python int too large to convert to C int");
  if (value < 0) return value_error("file descriptor cannot be a negative integer ({})", value);
  *out = int(value);
  return true;
}

bool dir_fd_arg(Value v, int* out) {
  if (!v || is_none(v)) {
    *out = AT_FDCWD;
    return true;
  }
  if (!is_int(v) && !type_of(v)->to_index) {
    return type_error("argument should be integer or None, not {}", type_name(v));
  }
  return fd_converter(v, out);
}

namespace {

bool id_arg(Value v, unsigned* out, const char* what) {
  if (is_float(v) || (!is_int(v) && !type_of(v)->to_index)) {
    return type_error("{} should be integer, not {}", what, type_name(v));
  }
  Ref<> index = number_index(v);
  if (!index) return false;
  int64_t value;
  if (!int_to_int64(index, &value)) {
    if (int_sign(index) < 0) return overflow_error("{} is less than minimum", what);
    return overflow_error("{} is greater than maximum", what);
  }
  if (value == -1) {
    *out = unsigned(-1);
    return true;
  }
  if (value < 0) return overflow_error("{} is less than minimum", what);
  if (value >= int64_t(UINT_MAX)) return overflow_error("{} is greater than maximum", what);
  *out = unsigned(value);
  return true;
}

}  // namespace

bool uid_arg(Value v, unsigned* out) { return id_arg(v, out, "uid"); }
bool gid_arg(Value v, unsigned* out) { return id_arg(v, out, "gid"); }

Ref<> uid_to_int(unsigned uid) {
  if (uid == unsigned(-1)) return int_from_int64(-1);
  return int_from_int64(int64_t(uid));
}

bool check_dir_fd_with_path(const char* function, const PathArg& path, int dir_fd) {
  if (dir_fd != AT_FDCWD && path.is_fd()) {
    return value_error("{}: can't specify dir_fd without matching path", function);
  }
  return true;
}

bool check_fd_and_follow_symlinks(const char* function, const PathArg& path, bool follow) {
  // CPython tests fd > 0 here, so fd 0 slips through (and is fstat'ed).
  if (!follow && path.is_fd() && path.fd > 0) {
    return value_error("{}: cannot use fd and follow_symlinks together", function);
  }
  return true;
}

namespace {

// --- Result types ---

const StructSeqField terminal_size_fields[] = {
    {"columns", "width of the terminal window in characters"},
    {"lines", "height of the terminal window in characters"},
    {},
};

const StructSeqField times_result_fields[] = {
    {"user", "user time"},
    {"system", "system time"},
    {"children_user", "user time of children"},
    {"children_system", "system time of children"},
    {"elapsed", "elapsed time since an arbitrary point in the past"},
    {},
};
StructSeqType times_result_type{
    "posix.times_result",
    "times_result: Result from os.times().\n\n"
    "This object may be accessed either as a tuple of\n"
    "  (user, system, children_user, children_system, elapsed),\n"
    "or via the attributes user, system, children_user, children_system,\n"
    "and elapsed.\n\n"
    "See os.times for more information.",
    times_result_fields, 5};

const StructSeqField uname_result_fields[] = {
    {"sysname", "operating system name"},
    {"nodename", "name of machine on network (implementation-defined)"},
    {"release", "operating system release"},
    {"version", "operating system version"},
    {"machine", "hardware identifier"},
    {},
};
StructSeqType uname_result_type{
    "posix.uname_result",
    "uname_result: Result from os.uname().\n\n"
    "This object may be accessed either as a tuple of\n"
    "  (sysname, nodename, release, version, machine),\n"
    "or via the attributes sysname, nodename, release, version, and machine.\n\n"
    "See os.uname for more information.",
    uname_result_fields, 5};

// --- System information ---

Ref<> posix_fspath(Value, const Value* args) { return fspath(args[0]); }

Ref<> posix_strerror(Value, const Value* args) {
  int code;
  if (!int_arg(args[0], &code)) return nullptr;
  return fs_decode(std::strerror(code));
}

Ref<> posix_urandom(Value, const Value* args) {
  int64_t size;
  if (!index_to_int64(args[0], &size)) return nullptr;
  if (size < 0) return value_error("negative argument not allowed");
  Ref<BytesObject> result = bytes_allocate(size);
  if (!result) return nullptr;
  int64_t done = 0;
  while (done < size) {
    ssize_t n = getrandom(result->data + done, size_t(size - done), 0);
    if (n < 0) {
      if (errno == EINTR) {
        if (run_pending_signal_handlers() < 0) return nullptr;
        continue;
      }
      return raise_os_error(errno);
    }
    done += n;
  }
  return result;
}

Ref<> posix_getrandom(Value, const Value* args) {
  int64_t size;
  int flags;
  if (!index_to_int64(args[0], &size) || !int_arg(args[1], &flags)) return nullptr;
  if (size < 0) {
    errno = EINVAL;
    return raise_os_error(errno);
  }
  Ref<BytesObject> result = bytes_allocate(size);
  if (!result) return nullptr;
  ssize_t n = blocking_call([&] { return getrandom(result->data, size_t(size), unsigned(flags)); });
  if (n < 0) return posix_error();
  if (n == size) return result;
  return bytes_from({result->data, size_t(n)});
}

Ref<> posix_cpu_count(Value, const Value*) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1) return new_none();
  return int_from_int64(n);
}

Ref<> posix_uname(Value, const Value*) {
  struct utsname u;
  if (uname(&u) < 0) return raise_os_error(errno);
  Ref<TupleObject> result = structseq_new(&uname_result_type);
  if (!result) return nullptr;
  const char* parts[] = {u.sysname, u.nodename, u.release, u.version, u.machine};
  for (int i = 0; i < 5; ++i) {
    Ref<> text = fs_decode(parts[i]);
    if (!text) return nullptr;
    structseq_set(result.get(), i, std::move(text));
  }
  return result;
}

Ref<> posix_times(Value, const Value*) {
  struct tms t;
  clock_t elapsed = times(&t);
  if (elapsed == clock_t(-1)) return raise_os_error(errno);
  double ticks = double(sysconf(_SC_CLK_TCK));
  double values[] = {double(t.tms_utime) / ticks, double(t.tms_stime) / ticks,
                     double(t.tms_cutime) / ticks, double(t.tms_cstime) / ticks,
                     double(elapsed) / ticks};
  Ref<TupleObject> result = structseq_new(&times_result_type);
  if (!result) return nullptr;
  for (int i = 0; i < 5; ++i) {
    Ref<> value = float_from_double(values[i]);
    if (!value) return nullptr;
    structseq_set(result.get(), i, std::move(value));
  }
  return result;
}

// sysconf / confstr / pathconf names: ints pass through, strs are looked up in the table.
struct ConfName {
  const char* name;
  int value;
};
// The three tables, split from the generated file by their first column.
struct ConfTables {
  std::vector<ConfName> sysconf, confstr, pathconf;
  ConfTables() {
#define KRAIT_CONF(table, name, value) table.push_back({name, value});
#include "modules/posix_conf_names.inc"
#undef KRAIT_CONF
  }
};
const ConfTables& conf_tables() {
  static const ConfTables tables;
  return tables;
}

bool conf_name_arg(Value v, const std::vector<ConfName>& table, int* out) {
  if (is_int(v)) return int_arg(v, out);
  if (!is_str(v)) return type_error("configuration names must be strings or integers");
  std::string_view name = str_utf8(v);
  for (const ConfName& entry : table) {
    if (name == entry.name) {
      *out = entry.value;
      return true;
    }
  }
  return value_error("unrecognized configuration name");
}

Ref<> conf_names_dict(const std::vector<ConfName>& table) {
  Ref<DictObject> dict = dict_new();
  if (!dict) return nullptr;
  for (const ConfName& entry : table) {
    if (!dict_set_str(dict.get(), entry.name, Value::small_int(entry.value))) return nullptr;
  }
  return dict;
}

Ref<> posix_sysconf(Value, const Value* args) {
  int name;
  if (!conf_name_arg(args[0], conf_tables().sysconf, &name)) return nullptr;
  errno = 0;
  long value = sysconf(name);
  if (value == -1 && errno != 0) return raise_os_error(errno);
  return int_from_int64(value);
}

Ref<> posix_confstr(Value, const Value* args) {
  int name;
  if (!conf_name_arg(args[0], conf_tables().confstr, &name)) return nullptr;
  errno = 0;
  size_t length = confstr(name, nullptr, 0);
  if (length == 0) {
    if (errno) return raise_os_error(errno);
    return new_none();
  }
  std::string buffer(length, '\0');
  confstr(name, buffer.data(), length);
  return fs_decode(std::string_view(buffer.data(), length - 1));
}

Ref<> posix_fpathconf(Value, const Value* args) {
  int fd, name;
  if (!fildes_arg(args[0], &fd) || !conf_name_arg(args[1], conf_tables().pathconf, &name)) return nullptr;
  errno = 0;
  long value = fpathconf(fd, name);
  if (value == -1 && errno != 0) return raise_os_error(errno);
  return int_from_int64(value);
}

Ref<> posix_pathconf(Value, const Value* args) {
  PathArg path("pathconf", "path", false, true);
  int name;
  if (!path_convert(args[0], &path) || !conf_name_arg(args[1], conf_tables().pathconf, &name)) {
    return nullptr;
  }
  errno = 0;
  long value = path.is_fd() ? fpathconf(path.fd, name) : pathconf(path.narrow, name);
  if (value == -1 && errno != 0) return path_error(path);
  return int_from_int64(value);
}

Ref<> posix_get_terminal_size(Value, const Value* args) {
  int fd = STDOUT_FILENO;
  if (args[0] && !int_arg(args[0], &fd)) return nullptr;
  struct winsize w;
  if (ioctl(fd, TIOCGWINSZ, &w) < 0) return raise_os_error(errno);
  Ref<TupleObject> result = structseq_new(&terminal_size_type);
  if (!result) return nullptr;
  structseq_set(result.get(), 0, int_from_int64(w.ws_col));
  structseq_set(result.get(), 1, int_from_int64(w.ws_row));
  return result;
}

Ref<> posix_getloadavg(Value, const Value*) {
  double loads[3];
  if (getloadavg(loads, 3) != 3) return raise(exc::OSError, "Load averages are unobtainable");
  Ref<> a = float_from_double(loads[0]), b = float_from_double(loads[1]), c = float_from_double(loads[2]);
  if (!a || !b || !c) return nullptr;
  return tuple_of({a.value(), b.value(), c.value()});
}

Ref<> posix_device_encoding(Value, const Value* args) {
  int fd;
  if (!int_arg(args[0], &fd)) return nullptr;
  if (!isatty(fd)) return new_none();
  return str_from_utf8(locale_encoding());
}

bool dev_arg(Value v, uint64_t* out) {
  Ref<> index = number_index(v);
  if (!index) return false;
  if (int_sign(index) < 0) return overflow_error("can't convert negative int to unsigned");
  int64_t value;
  if (!int_to_int64(index, &value)) {
    return overflow_error("int too big to convert");
  }
  *out = uint64_t(value);
  return true;
}

Ref<> posix_major(Value, const Value* args) {
  uint64_t device;
  if (!dev_arg(args[0], &device)) return nullptr;
  return int_from_uint64(major(device));
}

Ref<> posix_minor(Value, const Value* args) {
  uint64_t device;
  if (!dev_arg(args[0], &device)) return nullptr;
  return int_from_uint64(minor(device));
}

Ref<> posix_makedev(Value, const Value* args) {
  int major_number, minor_number;
  if (!int_arg(args[0], &major_number) || !int_arg(args[1], &minor_number)) return nullptr;
  return int_from_uint64(makedev(unsigned(major_number), unsigned(minor_number)));
}

Ref<> posix_ctermid(Value, const Value*) {
  char buffer[L_ctermid];
  char* name = ctermid(buffer);
  if (!name) return raise_os_error(errno);
  return fs_decode(name);
}

Ref<> posix_abort(Value, const Value*) {
  std::abort();
}

// posixpath.normpath's native part: collapses separators, '.' and 'a/..' without touching
// the file system (posixpath turns the '' of a fully collapsed path into '.'). Works on
// the UTF-8 form (the separators are ASCII).
std::string normpath(std::string_view path) {
  if (path == ".") return ".";
  size_t initial_slashes = 0;
  while (initial_slashes < path.size() && path[initial_slashes] == '/') ++initial_slashes;
  // POSIX allows one implementation-defined meaning for exactly two leading slashes.
  if (initial_slashes > 2) initial_slashes = 1;
  std::vector<std::string_view> components;
  size_t i = 0;
  while (i < path.size()) {
    size_t end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    std::string_view component = path.substr(i, end - i);
    i = end + 1;
    if (component.empty() || component == ".") continue;
    if (component != ".." || (!initial_slashes && components.empty()) ||
        (!components.empty() && components.back() == "..")) {
      components.push_back(component);
    } else if (!components.empty()) {
      components.pop_back();
    }
  }
  std::string result(initial_slashes, '/');
  for (size_t k = 0; k < components.size(); ++k) {
    if (k) result += '/';
    result.append(components[k]);
  }
  return result;
}

Ref<> posix_path_normpath(Value, const Value* args) {
  if (!is_str(args[0])) return type_error("expected 'str', not '{}'", type_name(args[0]));
  return str_from_utf8(normpath(str_utf8(args[0])));
}

Ref<> posix_umask(Value, const Value* args) {
  int mask;
  if (!int_arg(args[0], &mask)) return nullptr;
  return int_from_int64(umask(mode_t(mask)));
}

const MethodDef posix_methods[] = {
    {.name = "fspath", .impl = posix_fspath, .signature = "($module, /, path)",
     .doc = "Return the file system path representation of the object.\n\n"
            "If the object is str or bytes, then allow it to pass through as-is. If the\n"
            "object defines __fspath__(), then return the result of that method. All other\n"
            "types raise a TypeError."},
    {.name = "strerror", .impl = posix_strerror, .signature = "($module, code, /)",
     .doc = "Translate an error code to a message string."},
    {.name = "urandom", .impl = posix_urandom, .signature = "($module, size, /)",
     .doc = "Return a bytes object containing random bytes suitable for cryptographic use."},
    {.name = "getrandom", .impl = posix_getrandom, .signature = "($module, /, size, flags=0)",
     .doc = "Obtain a series of random bytes."},
    {.name = "cpu_count", .impl = posix_cpu_count, .signature = "($module, /)",
     .doc = "Return the number of CPUs in the system; return None if indeterminable."},
    {.name = "uname", .impl = posix_uname, .signature = "($module, /)",
     .doc = "Return an object identifying the current operating system."},
    {.name = "times", .impl = posix_times, .signature = "($module, /)",
     .doc = "Return a collection containing process timing information."},
    {.name = "sysconf", .impl = posix_sysconf, .signature = "($module, name, /)",
     .doc = "Return an integer-valued system configuration variable."},
    {.name = "confstr", .impl = posix_confstr, .signature = "($module, name, /)",
     .doc = "Return a string-valued system configuration variable."},
    {.name = "fpathconf", .impl = posix_fpathconf, .signature = "($module, fd, name, /)",
     .doc = "Return the configuration limit name for the file descriptor fd."},
    {.name = "pathconf", .impl = posix_pathconf, .signature = "($module, /, path, name)",
     .doc = "Return the configuration limit name for the file or directory path."},
    {.name = "get_terminal_size", .impl = posix_get_terminal_size, .signature = "($module, fd=?, /)",
     .doc = "Return the size of the terminal window as (columns, lines)."},
    {.name = "getloadavg", .impl = posix_getloadavg, .signature = "($module, /)",
     .doc = "Return average recent system load information."},
    {.name = "device_encoding", .impl = posix_device_encoding, .signature = "($module, /, fd)",
     .doc = "Return a string describing the encoding of a terminal's file descriptor."},
    {.name = "major", .impl = posix_major, .signature = "($module, device, /)",
     .doc = "Extracts a device major number from a raw device number."},
    {.name = "minor", .impl = posix_minor, .signature = "($module, device, /)",
     .doc = "Extracts a device minor number from a raw device number."},
    {.name = "makedev", .impl = posix_makedev, .signature = "($module, major, minor, /)",
     .doc = "Composes a raw device number from the major and minor device numbers."},
    {.name = "ctermid", .impl = posix_ctermid, .signature = "($module, /)",
     .doc = "Return the name of the controlling terminal for this process."},
    {.name = "abort", .impl = posix_abort, .signature = "($module, /)",
     .doc = "Abort the interpreter immediately."},
    {.name = "_path_normpath", .impl = posix_path_normpath, .signature = "($module, /, path)",
     .doc = "Basic path normalization."},
    {.name = "umask", .impl = posix_umask, .signature = "($module, mask, /)",
     .doc = "Set the current numeric umask and return the previous umask."},
    {},
};

// --- The module ---

const char* const have_functions[] = {
    "HAVE_EVENTFD", "HAVE_FACCESSAT", "HAVE_FCHDIR", "HAVE_FCHMOD", "HAVE_FCHMODAT",
    "HAVE_FCHOWN", "HAVE_FCHOWNAT", "HAVE_FEXECVE", "HAVE_FDOPENDIR", "HAVE_FPATHCONF",
    "HAVE_FSTATAT", "HAVE_FSTATVFS", "HAVE_FTRUNCATE", "HAVE_FUTIMENS", "HAVE_FUTIMES",
    "HAVE_FUTIMESAT", "HAVE_LINKAT", "HAVE_LCHOWN", "HAVE_LSTAT", "HAVE_LUTIMES",
    "HAVE_MEMFD_CREATE", "HAVE_MKDIRAT", "HAVE_MKFIFOAT", "HAVE_MKNODAT", "HAVE_OPENAT",
    "HAVE_READLINKAT", "HAVE_RENAMEAT", "HAVE_SYMLINKAT", "HAVE_UNLINKAT", "HAVE_UTIMENSAT",
};

bool add_functions(ModuleObject* module, const MethodDef* methods) {
  Ref<> name = module_name(Value(module));
  if (!name) return false;
  for (const MethodDef* m = methods; m->name; ++m) {
    Ref<> function = builtin_function_new(m, Value(module), name);
    if (!function || !module_add_object(module, m->name, function)) return false;
  }
  return true;
}

// os.environ's source: a dict of bytes to bytes, the first of duplicate names winning.
Ref<> make_environ() {
  Ref<DictObject> result = dict_new();
  if (!result) return nullptr;
  for (char** entry = environ; entry && *entry; ++entry) {
    const char* equals = std::strchr(*entry, '=');
    if (!equals) continue;
    Ref<> key = bytes_from(std::string_view(*entry, size_t(equals - *entry)));
    Ref<> value = bytes_from(equals + 1);
    if (!key || !value) return nullptr;
    int present = dict_contains(result.get(), key);
    if (present < 0) return nullptr;
    if (!present && !dict_set(result.get(), key, value)) return nullptr;
  }
  return result;
}

bool posix_exec(ModuleObject* module) {
  if (!add_functions(module, file_methods) || !add_functions(module, scandir_methods) ||
      !add_functions(module, process_methods)) {
    return false;
  }
  Ref<> environ_dict = make_environ();
  if (!environ_dict || !module_add_object(module, "environ", environ_dict)) return false;

#define KRAIT_CONST(name) \
  if (!module_add_int(module, #name, int64_t(name))) return false;
#include "modules/posix_constants.inc"
#undef KRAIT_CONST
  // Enum values rather than macros in the C headers, and CPython's own.
  const struct {
    const char* name;
    int64_t value;
  } extra_constants[] = {
      {"P_PID", P_PID}, {"P_PGID", P_PGID}, {"P_ALL", P_ALL}, {"P_PIDFD", 3},
      {"POSIX_SPAWN_OPEN", 0}, {"POSIX_SPAWN_CLOSE", 1}, {"POSIX_SPAWN_DUP2", 2},
      {"XATTR_SIZE_MAX", 65536},
  };
  for (const auto& c : extra_constants) {
    if (!module_add_int(module, c.name, c.value)) return false;
  }

  const ConfTables& tables = conf_tables();
  Ref<> pathconf_names = conf_names_dict(tables.pathconf);
  Ref<> confstr_names = conf_names_dict(tables.confstr);
  Ref<> sysconf_names = conf_names_dict(tables.sysconf);
  if (!pathconf_names || !module_add_object(module, "pathconf_names", pathconf_names) ||
      !confstr_names || !module_add_object(module, "confstr_names", confstr_names) ||
      !sysconf_names || !module_add_object(module, "sysconf_names", sysconf_names)) {
    return false;
  }

  if (!module_add_object(module, "error", Value(&exc::OSError))) return false;
  for (StructSeqType* type : {&stat_result_type, &statvfs_result_type, &terminal_size_type,
                              &times_result_type, &uname_result_type}) {
    if (!structseq_ready(type) || !module_add_type(module, type)) return false;
  }
  if (!module_add_type(module, &dir_entry_type) || !type_ready(&scandir_iterator_type)) return false;
  if (!process_exec(module)) return false;

  Ref<ListObject> have = list_new();
  if (!have) return false;
  for (const char* name : have_functions) {
    Ref<> text = str_from_ascii(name);
    if (!text || !list_append(have.get(), text)) return false;
  }
  return module_add_object(module, "_have_functions", have.value());
}

}  // namespace

StructSeqType terminal_size_type{"os.terminal_size",
                                 "A tuple of (columns, lines) for holding terminal window size",
                                 terminal_size_fields, 2};

}  // namespace krait::posix

namespace krait {

extern const ModuleDef module_posix = {
    .name = "posix",
    .doc = "This module provides access to operating system functionality that is\n"
           "standardized by the C Standard and the POSIX standard (a thinly\n"
           "disguised Unix interface).  Refer to the library manual and\n"
           "corresponding Unix manual entries for more information on calls.",
    .methods = posix::posix_methods,
    .exec = posix::posix_exec,
};

}  // namespace krait
