// The _stat module: the S_* file-mode constants and tests behind Lib/stat.py (which
// imports * from here), plus filemode(). Modes are validated as CPython's mode_t
// conversion does: ints only, not negative, at most 32 bits.
#include <sys/stat.h>

#include <climits>

#include "core/error.h"
#include "modules/module_def.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"

namespace krait {

namespace {

// Platforms without these (Solaris doors, event ports, BSD whiteouts) report 0.
constexpr unsigned kIfDoor = 0, kIfPort = 0, kIfWht = 0;

bool mode_from(Value v, unsigned* out) {
  if (!is_int(v)) return type_error("an integer is required");
  if (int_sign(v) < 0) return overflow_error("can't convert negative value to unsigned int");
  int64_t value;
  if (!int_to_int64(v, &value)) {
    return overflow_error("Python int too large to convert to C unsigned long");
  }
  if (value > int64_t(UINT_MAX)) return overflow_error("mode out of range");
  *out = unsigned(value);
  return true;
}

template <unsigned kType>
Ref<> is_file_type(Value, const Value* args) {
  unsigned mode;
  if (!mode_from(args[0], &mode)) return nullptr;
  return new_bool(kType != 0 && (mode & S_IFMT) == kType);
}

Ref<> stat_imode(Value, const Value* args) {
  unsigned mode;
  if (!mode_from(args[0], &mode)) return nullptr;
  return int_from_int64(mode & 07777);
}

Ref<> stat_ifmt(Value, const Value* args) {
  unsigned mode;
  if (!mode_from(args[0], &mode)) return nullptr;
  return int_from_int64(mode & S_IFMT);
}

char file_type_char(unsigned mode) {
  switch (mode & S_IFMT) {
    case S_IFLNK: return 'l';
    case S_IFSOCK: return 's';
    case S_IFREG: return '-';
    case S_IFBLK: return 'b';
    case S_IFDIR: return 'd';
    case S_IFCHR: return 'c';
    case S_IFIFO: return 'p';
    default: return '?';
  }
}

// One rwx triple; `special` (setuid, setgid, sticky) shows in the x place as `on_exec`
// (s/t) over an x, or its upper case over a '-'.
void permission_chars(char* out, unsigned mode, unsigned r, unsigned w, unsigned x,
                      unsigned special, char on_exec) {
  out[0] = (mode & r) ? 'r' : '-';
  out[1] = (mode & w) ? 'w' : '-';
  if (mode & special) out[2] = (mode & x) ? on_exec : char(on_exec - 'a' + 'A');
  else out[2] = (mode & x) ? 'x' : '-';
}

Ref<> stat_filemode(Value, const Value* args) {
  unsigned mode;
  if (!mode_from(args[0], &mode)) return nullptr;
  char text[10];
  text[0] = file_type_char(mode);
  permission_chars(text + 1, mode, S_IRUSR, S_IWUSR, S_IXUSR, S_ISUID, 's');
  permission_chars(text + 4, mode, S_IRGRP, S_IWGRP, S_IXGRP, S_ISGID, 's');
  permission_chars(text + 7, mode, S_IROTH, S_IWOTH, S_IXOTH, S_ISVTX, 't');
  return str_from_ascii(std::string_view(text, 10));
}

#define KRAIT_IS_TYPE(function, type_bits, what)                                          \
  {.name = #function, .impl = is_file_type<type_bits>, .signature = "($module, mode, /)", \
   .doc = #function "(mode) -> bool\n\nReturn True if mode is from " what "."}

const MethodDef stat_methods[] = {
    KRAIT_IS_TYPE(S_ISDIR, S_IFDIR, "a directory"),
    KRAIT_IS_TYPE(S_ISCHR, S_IFCHR, "a character special device file"),
    KRAIT_IS_TYPE(S_ISBLK, S_IFBLK, "a block special device file"),
    KRAIT_IS_TYPE(S_ISREG, S_IFREG, "a regular file"),
    KRAIT_IS_TYPE(S_ISFIFO, S_IFIFO, "a FIFO (named pipe)"),
    KRAIT_IS_TYPE(S_ISLNK, S_IFLNK, "a symbolic link"),
    KRAIT_IS_TYPE(S_ISSOCK, S_IFSOCK, "a socket"),
    KRAIT_IS_TYPE(S_ISDOOR, kIfDoor, "a door"),
    KRAIT_IS_TYPE(S_ISPORT, kIfPort, "an event port"),
    KRAIT_IS_TYPE(S_ISWHT, kIfWht, "a whiteout"),
    {.name = "S_IMODE", .impl = stat_imode, .signature = "($module, mode, /)",
     .doc = "Return the portion of the file's mode that can be set by os.chmod()."},
    {.name = "S_IFMT", .impl = stat_ifmt, .signature = "($module, mode, /)",
     .doc = "Return the portion of the file's mode that describes the file type."},
    {.name = "filemode", .impl = stat_filemode, .signature = "($module, mode, /)",
     .doc = "Convert a file's mode to a string of the form '-rwxrwxrwx'"},
    {},
};
#undef KRAIT_IS_TYPE

struct IntConstant {
  const char* name;
  int64_t value;
};

const IntConstant stat_constants[] = {
    {"S_IFDIR", S_IFDIR}, {"S_IFCHR", S_IFCHR}, {"S_IFBLK", S_IFBLK}, {"S_IFREG", S_IFREG},
    {"S_IFIFO", S_IFIFO}, {"S_IFLNK", S_IFLNK}, {"S_IFSOCK", S_IFSOCK}, {"S_IFDOOR", kIfDoor},
    {"S_IFPORT", kIfPort}, {"S_IFWHT", kIfWht}, {"S_ISUID", S_ISUID}, {"S_ISGID", S_ISGID},
    {"S_ISVTX", S_ISVTX}, {"S_ENFMT", S_ISGID}, {"S_IREAD", S_IRUSR}, {"S_IWRITE", S_IWUSR},
    {"S_IEXEC", S_IXUSR}, {"S_IRWXU", S_IRWXU}, {"S_IRUSR", S_IRUSR}, {"S_IWUSR", S_IWUSR},
    {"S_IXUSR", S_IXUSR}, {"S_IRWXG", S_IRWXG}, {"S_IRGRP", S_IRGRP}, {"S_IWGRP", S_IWGRP},
    {"S_IXGRP", S_IXGRP}, {"S_IRWXO", S_IRWXO}, {"S_IROTH", S_IROTH}, {"S_IWOTH", S_IWOTH},
    {"S_IXOTH", S_IXOTH},
    // BSD/macOS chflags() flags, defined everywhere with their BSD values.
    {"UF_NODUMP", 0x1}, {"UF_IMMUTABLE", 0x2}, {"UF_APPEND", 0x4}, {"UF_OPAQUE", 0x8},
    {"UF_NOUNLINK", 0x10}, {"UF_COMPRESSED", 0x20}, {"UF_HIDDEN", 0x8000},
    {"SF_ARCHIVED", 0x10000}, {"SF_IMMUTABLE", 0x20000}, {"SF_APPEND", 0x40000},
    {"SF_NOUNLINK", 0x100000}, {"SF_SNAPSHOT", 0x200000},
    // Indexes into a stat tuple.
    {"ST_MODE", 0}, {"ST_INO", 1}, {"ST_DEV", 2}, {"ST_NLINK", 3}, {"ST_UID", 4},
    {"ST_GID", 5}, {"ST_SIZE", 6}, {"ST_ATIME", 7}, {"ST_MTIME", 8}, {"ST_CTIME", 9},
};

bool stat_exec(ModuleObject* module) {
  for (const IntConstant& c : stat_constants) {
    if (!module_add_int(module, c.name, c.value)) return false;
  }
  return true;
}

}  // namespace

extern const ModuleDef module__stat = {
    .name = "_stat",
    .doc = "S_IFMT_: file type bits\n"
           "S_IFDIR: directory\n"
           "S_IFCHR: character device\n"
           "S_IFBLK: block device\n"
           "S_IFREG: regular file\n"
           "S_IFIFO: fifo (named pipe)\n"
           "S_IFLNK: symbolic link\n"
           "S_IFSOCK: socket file\n\n"
           "S_ISUID, S_ISGID, S_ISVTX: set UID, set GID and sticky bits\n"
           "S_IRWXU, S_IRUSR, ...: permission bits\n"
           "UF_*, SF_*: BSD file flags\n"
           "ST_MODE, ST_INO, ...: indexes into a stat tuple\n",
    .methods = stat_methods,
    .exec = stat_exec,
};

}  // namespace krait
