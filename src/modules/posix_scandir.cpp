// posix.scandir: the ScandirIterator (a directory stream, a context manager that warns
// when left open) and DirEntry, whose is_dir/is_file/is_symlink answer from the d_type
// readdir gave when they can and stat the entry (caching the result) when they must.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "core/alloc.h"
#include "core/error.h"
#include "core/ops.h"
#include "modules/posix_internal.h"
#include "objects/bytes.h"
#include "objects/genericalias.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "runtime/errors.h"

namespace krait::posix {

namespace {

struct DirEntryObject : Object {
  Value name;   // str or bytes, as the scandir argument was
  Value path;
  Value stat;   // cached stat_result (following symlinks), or null
  Value lstat;  // cached stat_result (not following), or null
  uint64_t inode;
  unsigned char d_type;
  int dir_fd;   // the directory's fd for scandir(fd), else AT_FDCWD
};

struct ScandirIteratorObject : Object {
  DIR* dir;             // null once closed
  Value path_object;    // os.fspath(path) / the fd / None: the error filename
  char* directory;      // malloc'd path the entry paths are joined to; null for an fd
  int fd;               // scandir(fd): the caller's fd (its duplicate is read), else -1
  bool as_bytes;
};

DirEntryObject* as_entry(Value v) { return static_cast<DirEntryObject*>(v.as_object()); }
ScandirIteratorObject* as_iterator(Value v) { return static_cast<ScandirIteratorObject*>(v.as_object()); }

// --- DirEntry ---

void dir_entry_dealloc(Object* o) {
  auto* e = static_cast<DirEntryObject*>(o);
  decref(e->name);
  decref(e->path);
  decref(e->stat);
  decref(e->lstat);
  free_object(o);
}

Ref<> fetch_stat(DirEntryObject* e, bool follow_symlinks) {
  Ref<> encoded = fs_encode(e->dir_fd != AT_FDCWD ? e->name : e->path);
  if (!encoded) return nullptr;
  const char* path = as_bytes(encoded)->data;
  struct stat st;
  int result;
  {
    ReleaseGil released;
    if (e->dir_fd != AT_FDCWD) result = fstatat(e->dir_fd, path, &st, follow_symlinks ? 0 : AT_SYMLINK_NOFOLLOW);
    else result = follow_symlinks ? ::stat(path, &st) : ::lstat(path, &st);
  }
  if (result != 0) return raise_os_error_with_filename(errno, e->path);
  return stat_result_from(st);
}

Ref<> get_lstat(DirEntryObject* e) {
  if (!e->lstat) {
    Ref<> result = fetch_stat(e, false);
    if (!result) return nullptr;
    e->lstat = result.release();
  }
  return new_ref(e->lstat);
}

int test_mode(DirEntryObject* e, bool follow_symlinks, unsigned mode_bits);

Ref<> get_stat(DirEntryObject* e, bool follow_symlinks) {
  if (!follow_symlinks) return get_lstat(e);
  if (!e->stat) {
    int is_link = test_mode(e, false, S_IFLNK);
    if (is_link < 0) return nullptr;
    Ref<> result = is_link ? fetch_stat(e, true) : get_lstat(e);
    if (!result) return nullptr;
    e->stat = result.release();
  }
  return new_ref(e->stat);
}

// Whether the entry's type is mode_bits, from d_type when readdir knew it; an entry that
// vanished since is no file and no directory.
int test_mode(DirEntryObject* e, bool follow_symlinks, unsigned mode_bits) {
  bool need_stat = e->d_type == DT_UNKNOWN || (follow_symlinks && e->d_type == DT_LNK);
  if (!need_stat) {
    if (mode_bits == S_IFDIR) return e->d_type == DT_DIR;
    if (mode_bits == S_IFREG) return e->d_type == DT_REG;
    return e->d_type == DT_LNK;
  }
  Ref<> st = get_stat(e, follow_symlinks);
  if (!st) {
    if (error_matches(&exc::FileNotFoundError)) {
      clear_error();
      return 0;
    }
    return -1;
  }
  int64_t mode;
  if (!int_to_int64(structseq_get(as_tuple(st), 0), &mode)) return 0;
  return (unsigned(mode) & S_IFMT) == mode_bits;
}

bool follow_arg(Value v, bool* out) {
  int truth = is_true(v);
  if (truth < 0) return false;
  *out = truth != 0;
  return true;
}

Ref<> dir_entry_is_dir(Value self, const Value* args) {
  bool follow;
  if (!follow_arg(args[0], &follow)) return nullptr;
  int result = test_mode(as_entry(self), follow, S_IFDIR);
  if (result < 0) return nullptr;
  return new_bool(result);
}

Ref<> dir_entry_is_file(Value self, const Value* args) {
  bool follow;
  if (!follow_arg(args[0], &follow)) return nullptr;
  int result = test_mode(as_entry(self), follow, S_IFREG);
  if (result < 0) return nullptr;
  return new_bool(result);
}

Ref<> dir_entry_is_symlink(Value self, const Value*) {
  int result = test_mode(as_entry(self), false, S_IFLNK);
  if (result < 0) return nullptr;
  return new_bool(result);
}

Ref<> dir_entry_stat(Value self, const Value* args) {
  bool follow;
  if (!follow_arg(args[0], &follow)) return nullptr;
  return get_stat(as_entry(self), follow);
}

Ref<> dir_entry_inode(Value self, const Value*) { return int_from_uint64(as_entry(self)->inode); }

Ref<> dir_entry_fspath(Value self, const Value*) { return new_ref(as_entry(self)->path); }

Ref<> dir_entry_repr(Value self) {
  Ref<StrObject> name = repr(as_entry(self)->name);
  if (!name) return nullptr;
  return str_from_utf8(format_message("<DirEntry {}>", str_utf8(name.get())));
}

Ref<> dir_entry_get_name(Value self) { return new_ref(as_entry(self)->name); }
Ref<> dir_entry_get_path(Value self) { return new_ref(as_entry(self)->path); }

const MethodDef dir_entry_methods[] = {
    {.name = "is_dir", .impl = dir_entry_is_dir, .signature = "($self, /, *, follow_symlinks=True)",
     .doc = "Return True if the entry is a directory; cached per entry."},
    {.name = "is_file", .impl = dir_entry_is_file, .signature = "($self, /, *, follow_symlinks=True)",
     .doc = "Return True if the entry is a file; cached per entry."},
    {.name = "is_symlink", .impl = dir_entry_is_symlink, .signature = "($self, /)",
     .doc = "Return True if the entry is a symbolic link; cached per entry."},
    {.name = "stat", .impl = dir_entry_stat, .signature = "($self, /, *, follow_symlinks=True)",
     .doc = "Return stat_result object for the entry; cached per entry."},
    {.name = "inode", .impl = dir_entry_inode, .signature = "($self, /)",
     .doc = "Return inode of the entry; cached per entry."},
    {.name = "__fspath__", .impl = dir_entry_fspath, .signature = "($self, /)",
     .doc = "Returns the path for the entry."},
    {.name = "__class_getitem__", .impl = class_getitem_generic_alias, .signature = "($type, item, /)",
     .doc = "See PEP 585", .flags = kMethodClass},
    {},
};

const GetSetDef dir_entry_getsets[] = {
    {.name = "name", .get = dir_entry_get_name, .doc = "the entry's base filename, relative to scandir() \"path\" argument"},
    {.name = "path", .get = dir_entry_get_path, .doc = "the entry's full path name; equivalent to os.path.join(scandir_path, entry.name)"},
    {},
};

Ref<> make_entry(ScandirIteratorObject* it, const struct dirent* d) {
  auto* e = allocate<DirEntryObject>(&dir_entry_type);
  if (!e) return nullptr;
  Ref<> entry = Ref<>::steal(Value(e));
  e->d_type = d->d_type;
  e->inode = d->d_ino;
  e->dir_fd = it->fd >= 0 ? it->fd : AT_FDCWD;
  Ref<> name = fs_decode(d->d_name, it->as_bytes);
  if (!name) return nullptr;
  if (it->directory) {
    std::string joined = it->directory;
    if (!joined.empty() && joined.back() != '/') joined += '/';
    joined += d->d_name;
    Ref<> path = fs_decode(joined, it->as_bytes);
    if (!path) return nullptr;
    e->path = path.release();
  } else {
    e->path = new_ref(name.value()).release();
  }
  e->name = name.release();
  return entry;
}

// --- ScandirIterator ---

void close_directory(ScandirIteratorObject* it) {
  DIR* dir = it->dir;
  if (!dir) return;
  it->dir = nullptr;
  ReleaseGil released;
  // For scandir(fd) the stream reads a duplicate: rewind so the caller's fd is reusable.
  if (it->fd >= 0) rewinddir(dir);
  closedir(dir);
}

void scandir_iterator_dealloc(Object* o) {
  auto* it = static_cast<ScandirIteratorObject*>(o);
  if (it->dir) {
    Ref<> pending = fetch_error();
    close_directory(it);
    std::string message = format_message("unclosed scandir iterator {}", repr_for_message(Value(o)));
    if (warn(exc::ResourceWarning, message) < 0) write_unraisable_exception(nullptr, Value(o));
    restore_error(std::move(pending));
  }
  decref(it->path_object);
  std::free(it->directory);
  free_object(o);
}

Ref<> scandir_iterator_next(Value self) {
  ScandirIteratorObject* it = as_iterator(self);
  while (it->dir) {
    struct dirent* d;
    int saved_errno;
    {
      ReleaseGil released;
      errno = 0;
      d = readdir(it->dir);
      saved_errno = errno;
    }
    if (!d) {
      close_directory(it);
      if (saved_errno) return raise_os_error_with_filename(saved_errno, it->path_object);
      return nullptr;
    }
    const char* name = d->d_name;
    if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
    return make_entry(it, d);
  }
  return nullptr;
}

Ref<> scandir_iterator_iter(Value self) { return new_ref(self); }

Ref<> scandir_iterator_close(Value self, const Value*) {
  close_directory(as_iterator(self));
  return new_none();
}

Ref<> scandir_iterator_enter(Value self, const Value*) { return new_ref(self); }

Ref<> scandir_iterator_exit(Value self, const Value*) {
  close_directory(as_iterator(self));
  return new_none();
}

const MethodDef scandir_iterator_methods[] = {
    {.name = "__enter__", .impl = scandir_iterator_enter, .signature = "($self, /)"},
    {.name = "__exit__", .impl = scandir_iterator_exit, .signature = "($self, *args)"},
    {.name = "close", .impl = scandir_iterator_close, .signature = "($self, /)"},
    {},
};

Ref<> posix_scandir(Value, const Value* args) {
  PathArg path("scandir", "path", true, true);
  if (!path_convert(args[0], &path)) return nullptr;
  DIR* dir;
  {
    ReleaseGil released;
    if (path.is_fd()) {
      int fd = fcntl(path.fd, F_DUPFD_CLOEXEC, 0);
      dir = fd < 0 ? nullptr : fdopendir(fd);
      if (!dir && fd >= 0) {
        int saved = errno;
        close(fd);
        errno = saved;
      }
    } else {
      dir = opendir(path.narrow ? path.narrow : ".");
    }
  }
  if (!dir) return path_error(path);
  auto* it = allocate<ScandirIteratorObject>(&scandir_iterator_type);
  if (!it) {
    closedir(dir);
    return nullptr;
  }
  it->dir = dir;
  it->fd = path.is_fd() ? path.fd : -1;
  it->as_bytes = path.is_bytes;
  it->path_object = path.object.release();
  if (!path.is_fd()) {
    it->directory = strdup(path.narrow ? path.narrow : ".");
    if (!it->directory) {
      decref(Value(it));
      return raise_memory_error();
    }
  }
  return Ref<>::steal(Value(it));
}

}  // namespace

TypeObject dir_entry_type{TypeSpec{
    .name = "posix.DirEntry",
    .basic_size = sizeof(DirEntryObject),
    .flags = kTypeDisallowInstantiation,
    .slots = {.dealloc = dir_entry_dealloc, .repr = dir_entry_repr, .getattr = generic_get_attr},
    .methods = dir_entry_methods,
    .getsets = dir_entry_getsets,
}};

TypeObject scandir_iterator_type{TypeSpec{
    .name = "posix.ScandirIterator",
    .basic_size = sizeof(ScandirIteratorObject),
    .flags = kTypeDisallowInstantiation,
    .slots = {.dealloc = scandir_iterator_dealloc,
              .getattr = generic_get_attr,
              .iter = scandir_iterator_iter,
              .iternext = scandir_iterator_next},
    .methods = scandir_iterator_methods,
}};

const MethodDef scandir_methods[] = {
    {.name = "scandir", .impl = posix_scandir, .signature = "($module, /, path=None)",
     .doc = "Return an iterator of DirEntry objects for given path."},
    {},
};

}  // namespace krait::posix
