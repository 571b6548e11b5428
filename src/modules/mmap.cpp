// The mmap module (Unix): memory-mapped files and anonymous shared memory as a mutable,
// seekable bytes-like object, with CPython's argument checks and messages. Indexing gives
// ints, iteration gives 1-byte bytes (CPython's sq_item), and the buffer protocol exports
// the mapping itself, which then cannot be closed or resized.
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <string_view>

#include "core/alloc.h"
#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/posix_internal.h"
#include "objects/bytes.h"
#include "objects/descriptors.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/slice.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/audit.h"

namespace krait {

extern TypeObject mmap_type;
extern TypeObject mmap_iterator_type;

namespace {

enum Access : int { kAccessDefault = 0, kAccessRead = 1, kAccessWrite = 2, kAccessCopy = 3 };

struct MmapObject : Object {
  char* data;      // null once closed
  int64_t size;
  int64_t pos;
  int64_t offset;
  int64_t exports;  // buffers handed out
  int fd;           // a dup of the mapped file's descriptor, -1 when anonymous
  int access;
  Object* weakreflist;
};

MmapObject* as_mmap(Value v) { return static_cast<MmapObject*>(v.as_object()); }

bool check_valid(const MmapObject* m) {
  if (!m->data) return value_error("mmap closed or invalid");
  return true;
}

bool check_writable(const MmapObject* m) {
  if (m->access == kAccessRead) return type_error("mmap can't modify a readonly memory map.");
  return true;
}

// Py_ssize_t arguments that may be None (CPython's _Py_convert_optional_to_ssize_t).
bool optional_size(Value v, int64_t default_value, int64_t* out) {
  if (!v || is_none(v)) {
    *out = default_value;
    return true;
  }
  if (!is_int(v) && !type_of(v)->to_index) {
    return type_error("argument should be integer or None, not '{}'", type_name(v));
  }
  return index_to_int64(v, out, &exc::OverflowError);
}

// --- creation and closing ---

Ref<> mmap_impl(Value type_value, const Value* args) {
  auto* type = static_cast<TypeObject*>(type_value.as_object());
  int fd, flags, prot, access;
  int64_t map_size, offset;
  if (!posix::int_arg(args[0], &fd) || !posix::int64_arg(args[1], &map_size) ||
      !posix::int_arg(args[2], &flags) || !posix::int_arg(args[3], &prot) ||
      !posix::int_arg(args[4], &access) || !posix::int64_arg(args[5], &offset)) {
    return nullptr;
  }
  if (map_size < 0) return overflow_error("memory mapped length must be positive");
  if (offset < 0) return overflow_error("memory mapped offset must be positive");
  if (access != kAccessDefault && (flags != MAP_SHARED || prot != (PROT_WRITE | PROT_READ))) {
    return value_error("mmap can't specify both access and flags, prot.");
  }
  switch (access) {
    case kAccessRead:
      flags = MAP_SHARED;
      prot = PROT_READ;
      break;
    case kAccessWrite:
      flags = MAP_SHARED;
      prot = PROT_READ | PROT_WRITE;
      break;
    case kAccessCopy:
      flags = MAP_PRIVATE;
      prot = PROT_READ | PROT_WRITE;
      break;
    case kAccessDefault:
      // Map prot onto an access mode, as CPython does.
      if (!((prot & PROT_READ) && (prot & PROT_WRITE))) access = (prot & PROT_WRITE) ? kAccessWrite : kAccessRead;
      break;
    default:
      return value_error("mmap invalid access parameter.");
  }
  {
    Ref<> fd_value = int_from_int64(fd), size_value = int_from_int64(map_size);
    Ref<> access_value = int_from_int64(access), offset_value = int_from_int64(offset);
    Ref<> event = str_from_utf8("mmap.__new__");
    if (!fd_value || !size_value || !access_value || !offset_value || !event) return nullptr;
    Ref<TupleObject> audit_args = tuple_of({event.value(), fd_value.value(), size_value.value(),
                                            access_value.value(), offset_value.value()});
    if (!audit_args || !audit_hooks_run(audit_args.value())) return nullptr;
  }
  if (fd != -1) {
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      if (map_size == 0) {
        if (st.st_size == 0) return value_error("cannot mmap an empty file");
        if (offset >= st.st_size) return value_error("mmap offset is greater than file size");
        map_size = st.st_size - offset;
      } else if (offset > st.st_size || st.st_size - offset < map_size) {
        return value_error("mmap length is greater than file size");
      }
    }
  }
  int own_fd = -1;
  if (fd == -1) {
    flags |= MAP_ANONYMOUS;
  } else {
    own_fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (own_fd < 0) return raise_os_error(errno);
  }
  void* data = mmap(nullptr, size_t(map_size), prot, flags, own_fd, off_t(offset));
  if (data == MAP_FAILED) {
    int saved = errno;
    if (own_fd >= 0) close(own_fd);
    return raise_os_error(saved);
  }
  auto* m = allocate<MmapObject>(type);
  if (!m) {
    munmap(data, size_t(map_size));
    if (own_fd >= 0) close(own_fd);
    return nullptr;
  }
  m->data = static_cast<char*>(data);
  m->size = map_size;
  m->offset = offset;
  m->fd = own_fd;
  m->access = access;
  return Ref<>::steal(Value(m));
}

const MethodDef mmap_new_def = {
    .name = "mmap",
    .impl = mmap_impl,
    .signature = "($type, fileno, length, flags=1, prot=3, access=0, offset=0)",
    .flags = kMethodConstructor};

Ref<> mmap_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return call_method_def(&mmap_new_def, nullptr, Value(type), args, nargs, kwnames);
}

void release_mapping(MmapObject* m) {
  if (m->fd >= 0) close(m->fd);
  m->fd = -1;
  if (m->data) munmap(m->data, size_t(m->size));
  m->data = nullptr;
}

void mmap_dealloc(Object* o) {
  auto* m = static_cast<MmapObject*>(o);
  if (m->weakreflist) clear_weakrefs(o);
  release_mapping(m);
  free_object(o);
}

Ref<> mmap_close(Value self, const Value*) {
  MmapObject* m = as_mmap(self);
  if (m->exports > 0) return raise(exc::BufferError, "cannot close exported pointers exist");
  release_mapping(m);
  return new_none();
}

Ref<> mmap_exit(Value self, const Value*, size_t, TupleObject*) { return mmap_close(self, nullptr); }

Ref<> mmap_enter(Value self, const Value*) {
  if (!check_valid(as_mmap(self))) return nullptr;
  return new_ref(self);
}

Ref<> mmap_closed(Value self) { return new_bool(!as_mmap(self)->data); }

// --- reading and writing at the position ---

Ref<> mmap_read(Value self, const Value* args) {
  MmapObject* m = as_mmap(self);
  if (!check_valid(m)) return nullptr;
  int64_t n;
  if (!optional_size(args[0], -1, &n)) return nullptr;
  int64_t remaining = m->pos < m->size ? m->size - m->pos : 0;
  if (n < 0 || n > remaining) n = remaining;
  Ref<> result = bytes_from(std::string_view(m->data + m->pos, size_t(n)));
  if (result) m->pos += n;
  return result;
}

Ref<> mmap_read_byte(Value self, const Value*) {
  MmapObject* m = as_mmap(self);
  if (!check_valid(m)) return nullptr;
  if (m->pos >= m->size) return value_error("read byte out of range");
  return int_from_int64(static_cast<unsigned char>(m->data[m->pos++]));
}

Ref<> mmap_readline(Value self, const Value*) {
  MmapObject* m = as_mmap(self);
  if (!check_valid(m)) return nullptr;
  int64_t remaining = m->pos < m->size ? m->size - m->pos : 0;
  if (remaining == 0) return bytes_from("");
  const char* start = m->data + m->pos;
  const void* newline = std::memchr(start, '\n', size_t(remaining));
  int64_t n = newline ? static_cast<const char*>(newline) - start + 1 : remaining;
  Ref<> result = bytes_from(std::string_view(start, size_t(n)));
  if (result) m->pos += n;
  return result;
}

Ref<> mmap_write(Value self, const Value* args) {
  MmapObject* m = as_mmap(self);
  Buffer view;
  if (!buffer_get(args[0], &view, kBufferSimple)) return nullptr;
  int64_t length = view.length;
  bool ok = check_valid(m) && check_writable(m);
  if (ok && (m->pos > m->size || m->size - m->pos < length)) ok = value_error("data out of range");
  if (ok) {
    std::memcpy(m->data + m->pos, view.data, size_t(length));
    m->pos += length;
  }
  buffer_release(&view);
  if (!ok) return nullptr;
  return int_from_int64(length);
}

Ref<> mmap_write_byte(Value self, const Value* args) {
  MmapObject* m = as_mmap(self);
  int64_t value;
  if (!posix::int64_arg(args[0], &value)) return nullptr;
  if (value < 0) return overflow_error("unsigned byte integer is less than minimum");
  if (value > 255) return overflow_error("unsigned byte integer is greater than maximum");
  if (!check_valid(m) || !check_writable(m)) return nullptr;
  if (m->pos >= m->size) return value_error("write byte out of range");
  m->data[m->pos++] = char(value);
  return new_none();
}

// --- searching ---

// find/rfind's start and end: indices into the map, clamped like slice bounds.
int64_t clamp_index(int64_t i, int64_t size) {
  if (i < 0) {
    i += size;
    if (i < 0) i = 0;
  } else if (i > size) {
    i = size;
  }
  return i;
}

Ref<> find_impl(Value self, const Value* args, bool reverse) {
  MmapObject* m = as_mmap(self);
  if (!check_valid(m)) return nullptr;
  Buffer view;
  if (!buffer_get(args[0], &view, kBufferSimple)) return nullptr;
  int64_t start = m->pos, end = m->size;
  if ((args[1] && !posix::int64_arg(args[1], &start)) || (args[2] && !posix::int64_arg(args[2], &end))) {
    buffer_release(&view);
    return nullptr;
  }
  start = clamp_index(start, m->size);
  end = clamp_index(end, m->size);
  std::string_view haystack = end > start ? std::string_view(m->data + start, size_t(end - start)) : std::string_view();
  std::string_view needle(static_cast<const char*>(view.data), size_t(view.length));
  size_t found = end < start ? std::string_view::npos : reverse ? haystack.rfind(needle) : haystack.find(needle);
  buffer_release(&view);
  return int_from_int64(found == std::string_view::npos ? -1 : start + int64_t(found));
}

Ref<> mmap_find(Value self, const Value* args) { return find_impl(self, args, false); }
Ref<> mmap_rfind(Value self, const Value* args) { return find_impl(self, args, true); }

// --- position and size ---

Ref<> mmap_seek(Value self, const Value* args) {
  MmapObject* m = as_mmap(self);
  int64_t distance;
  int whence;
  if (!posix::int64_arg(args[0], &distance) || !posix::int_arg(args[1], &whence)) return nullptr;
  if (!check_valid(m)) return nullptr;
  int64_t where;
  switch (whence) {
    case 0: where = distance; break;
    case 1:
      if (distance > 0 && INT64_MAX - m->pos < distance) return value_error("seek out of range");
      where = m->pos + distance;
      break;
    case 2:
      if (distance > 0 && INT64_MAX - m->size < distance) return value_error("seek out of range");
      where = m->size + distance;
      break;
    default: return value_error("unknown seek type");
  }
  if (where > m->size || where < 0) return value_error("seek out of range");
  m->pos = where;
  return new_none();
}

Ref<> mmap_tell(Value self, const Value*) {
  MmapObject* m = as_mmap(self);
  if (!check_valid(m)) return nullptr;
  return int_from_int64(m->pos);
}

// The size of the mapped file, not of the map (EBADF for an anonymous map, as in CPython).
Ref<> mmap_size(Value self, const Value*) {
  MmapObject* m = as_mmap(self);
  if (!check_valid(m)) return nullptr;
  struct stat st;
  if (fstat(m->fd, &st) != 0) return raise_os_error(errno);
  return int_from_int64(st.st_size);
}

Ref<> mmap_resize(Value self, const Value* args) {
  MmapObject* m = as_mmap(self);
  int64_t new_size;
  if (!posix::int64_arg(args[0], &new_size)) return nullptr;
  if (!check_valid(m)) return nullptr;
  if (m->exports > 0) return raise(exc::BufferError, "mmap can't resize with extant buffers exported.");
  if (m->access != kAccessWrite && m->access != kAccessDefault) {
    return type_error("mmap can't resize a readonly or copy-on-write memory map.");
  }
  if (new_size < 0 || INT64_MAX - new_size < m->offset) return value_error("new size out of range");
  if (m->fd != -1 && ftruncate(m->fd, off_t(m->offset + new_size)) == -1) return raise_os_error(errno);
  void* moved = mremap(m->data, size_t(m->size), size_t(new_size), MREMAP_MAYMOVE);
  if (moved == MAP_FAILED) return raise_os_error(errno);
  m->data = static_cast<char*>(moved);
  m->size = new_size;
  return new_none();
}

// --- memory operations ---

Ref<> mmap_flush(Value self, const Value* args) {
  MmapObject* m = as_mmap(self);
  int64_t offset = 0, size = m->size;
  if ((args[0] && !posix::int64_arg(args[0], &offset)) || (args[1] && !posix::int64_arg(args[1], &size))) {
    return nullptr;
  }
  if (!check_valid(m)) return nullptr;
  if (size < 0 || offset < 0 || m->size - offset < size) return value_error("flush values out of range");
  if (m->access == kAccessRead || m->access == kAccessCopy) return new_none();
  if (msync(m->data + offset, size_t(size), MS_SYNC) != 0) return raise_os_error(errno);
  return new_none();
}

Ref<> mmap_madvise(Value self, const Value* args) {
  MmapObject* m = as_mmap(self);
  int option;
  int64_t start = 0, length;
  if (!posix::int_arg(args[0], &option) || (args[1] && !posix::int64_arg(args[1], &start))) return nullptr;
  length = m->size - start;
  if (args[2] && !posix::int64_arg(args[2], &length)) return nullptr;
  if (!check_valid(m)) return nullptr;
  if (start < 0 || start >= m->size) return value_error("madvise start out of bounds");
  if (length < 0) return value_error("madvise length invalid");
  if (INT64_MAX - start < length) return overflow_error("madvise length too large");
  if (start + length > m->size) length = m->size - start;
  if (madvise(m->data + start, size_t(length), option) != 0) return raise_os_error(errno);
  return new_none();
}

Ref<> mmap_move(Value self, const Value* args) {
  MmapObject* m = as_mmap(self);
  int64_t dest, src, count;
  if (!posix::int64_arg(args[0], &dest) || !posix::int64_arg(args[1], &src) ||
      !posix::int64_arg(args[2], &count)) {
    return nullptr;
  }
  if (!check_valid(m) || !check_writable(m)) return nullptr;
  if (dest < 0 || src < 0 || count < 0 || m->size - dest < count || m->size - src < count) {
    return value_error("source, destination, or count out of range");
  }
  std::memmove(m->data + dest, m->data + src, size_t(count));
  return new_none();
}

// --- the sequence, mapping and buffer protocols ---

int64_t mmap_length(Value self) {
  MmapObject* m = as_mmap(self);
  if (!check_valid(m)) return -1;
  return m->size;
}

// An index argument in range, negative ones counted from the end; false with IndexError.
bool item_index(MmapObject* m, Value key, int64_t* out) {
  int64_t i;
  if (!index_to_int64(key, &i, &exc::IndexError)) return false;
  if (i < 0) i += m->size;
  if (i < 0 || i >= m->size) return bool(raise(exc::IndexError, "mmap index out of range"));
  *out = i;
  return true;
}

bool is_index(Value v) { return is_int(v) || type_of(v)->to_index; }

Ref<> mmap_getitem(Value self, Value key) {
  MmapObject* m = as_mmap(self);
  if (!check_valid(m)) return nullptr;
  if (is_index(key)) {
    int64_t i;
    if (!item_index(m, key, &i)) return nullptr;
    return int_from_int64(static_cast<unsigned char>(m->data[i]));
  }
  if (!is_slice(key)) return type_error("mmap indices must be integers");
  int64_t start, stop, step;
  if (!slice_unpack(key, &start, &stop, &step)) return nullptr;
  int64_t count = slice_adjust_indices(m->size, &start, &stop, step);
  if (count <= 0) return bytes_from("");
  if (step == 1) return bytes_from(std::string_view(m->data + start, size_t(count)));
  Ref<BytesObject> result = bytes_allocate(count);
  if (!result) return nullptr;
  for (int64_t k = 0, i = start; k < count; ++k, i += step) result->data[k] = m->data[i];
  return result;
}

int mmap_setitem(Value self, Value key, Value value) {
  MmapObject* m = as_mmap(self);
  if (!check_valid(m) || !check_writable(m)) return -1;
  if (is_index(key)) {
    int64_t i;
    if (!item_index(m, key, &i)) return -1;
    if (!value) return type_error("mmap doesn't support item deletion");
    if (!is_index(value)) return type_error("mmap item value must be an int");
    int64_t byte;
    if (!index_to_int64(value, &byte, &exc::OverflowError)) return -1;
    if (byte < 0 || byte > 255) return value_error("mmap item value must be in range(0, 256)");
    m->data[i] = char(byte);
    return 0;
  }
  if (!is_slice(key)) return type_error("mmap indices must be integer");
  int64_t start, stop, step;
  if (!slice_unpack(key, &start, &stop, &step)) return -1;
  int64_t count = slice_adjust_indices(m->size, &start, &stop, step);
  if (!value) return type_error("mmap object doesn't support slice deletion");
  Buffer view;
  if (!buffer_get(value, &view, kBufferSimple)) return -1;
  if (view.length != count) {
    buffer_release(&view);
    return raise(exc::IndexError, "mmap slice assignment is wrong size");
  }
  // A map assigned from its own buffer may overlap: step 1 goes through memmove.
  const char* source = static_cast<const char*>(view.data);
  if (step == 1) {
    if (count > 0) std::memmove(m->data + start, source, size_t(count));
  } else {
    for (int64_t k = 0, i = start; k < count; ++k, i += step) m->data[i] = source[k];
  }
  buffer_release(&view);
  return 0;
}

int mmap_get_buffer(Value self, Buffer* view, int flags) {
  MmapObject* m = as_mmap(self);
  if (!check_valid(m)) return -1;
  bool readonly = m->access == kAccessRead;
  if ((flags & kBufferWritable) && readonly) return raise(exc::BufferError, "Object is not writable.");
  view->data = m->data;
  view->length = m->size;
  view->itemsize = 1;
  view->readonly = readonly;
  view->format = "B";
  view->ndim = 1;
  view->shape[0] = m->size;
  ++m->exports;
  incref(self);
  view->owner = m;
  return 0;
}

void mmap_release_buffer(Value self, Buffer*) { --as_mmap(self)->exports; }

Ref<> mmap_repr(Value self) {
  MmapObject* m = as_mmap(self);
  const char* name = type_of(self)->name;
  if (!m->data) return str_from_utf8(format_message("<{} closed=True>", name));
  static const char* const access_names[] = {"ACCESS_DEFAULT", "ACCESS_READ", "ACCESS_WRITE", "ACCESS_COPY"};
  return str_from_utf8(format_message("<{} closed=False, access={}, length={}, pos={}, offset={}>", name,
                                      access_names[m->access], m->size, m->pos, m->offset));
}

// Iteration yields 1-byte bytes objects (CPython iterates through sq_item).
struct MmapIteratorObject : Object {
  Object* map;  // null once exhausted
  int64_t index;
};

Ref<> mmap_iter(Value self) {
  if (!check_valid(as_mmap(self))) return nullptr;
  auto* it = allocate<MmapIteratorObject>(&mmap_iterator_type);
  if (!it) return nullptr;
  incref(self);
  it->map = self.as_object();
  return Ref<>::steal(Value(it));
}

Ref<> mmap_iterator_next(Value self) {
  auto* it = static_cast<MmapIteratorObject*>(self.as_object());
  if (!it->map) return nullptr;
  MmapObject* m = static_cast<MmapObject*>(it->map);
  if (!check_valid(m)) return nullptr;
  if (it->index >= m->size) {
    Object* map = it->map;
    it->map = nullptr;
    decref(map);
    return nullptr;
  }
  return bytes_from(std::string_view(m->data + it->index++, 1));
}

Ref<> mmap_iterator_self(Value self) { return new_ref(self); }

void mmap_iterator_dealloc(Object* o) {
  auto* it = static_cast<MmapIteratorObject*>(o);
  if (it->map) decref(it->map);
  free_object(o);
}

const MethodDef mmap_methods[] = {
    {.name = "close", .impl = mmap_close, .signature = "($self, /)"},
    {.name = "find", .impl = mmap_find, .signature = "($self, sub, start=?, end=?, /)"},
    {.name = "rfind", .impl = mmap_rfind, .signature = "($self, sub, start=?, end=?, /)"},
    {.name = "flush", .impl = mmap_flush, .signature = "($self, offset=?, size=?, /)"},
    {.name = "madvise", .impl = mmap_madvise, .signature = "($self, option, start=?, length=?, /)"},
    {.name = "move", .impl = mmap_move, .signature = "($self, dest, src, count, /)"},
    {.name = "read", .impl = mmap_read, .signature = "($self, n=None, /)"},
    {.name = "read_byte", .impl = mmap_read_byte, .signature = "($self, /)"},
    {.name = "readline", .impl = mmap_readline, .signature = "($self, /)"},
    {.name = "resize", .impl = mmap_resize, .signature = "($self, newsize, /)"},
    {.name = "seek", .impl = mmap_seek, .signature = "($self, pos, whence=0, /)"},
    {.name = "size", .impl = mmap_size, .signature = "($self, /)"},
    {.name = "tell", .impl = mmap_tell, .signature = "($self, /)"},
    {.name = "write", .impl = mmap_write, .signature = "($self, bytes, /)"},
    {.name = "write_byte", .impl = mmap_write_byte, .signature = "($self, byte, /)"},
    {.name = "__enter__", .impl = mmap_enter, .signature = "($self, /)"},
    {.name = "__exit__", .raw = mmap_exit},
    {},
};

const GetSetDef mmap_getsets[] = {
    {.name = "closed", .get = mmap_closed},
    {},
};

}  // namespace

TypeObject mmap_type{TypeSpec{
    .name = "mmap.mmap",
    .doc = "Windows: mmap(fileno, length[, tagname[, access[, offset]]])\n\n"
           "Maps length bytes from the file specified by the file handle fileno,\n"
           "and returns a mmap object.  If length is larger than the current size\n"
           "of the file, the file is extended to contain length bytes.  If length\n"
           "is 0, the maximum length of the map is the current size of the file,\n"
           "except that if the file is empty Windows raises an exception (you cannot\n"
           "create an empty mapping on Windows).\n\n"
           "Unix: mmap(fileno, length[, flags[, prot[, access[, offset]]]])\n\n"
           "Maps length bytes from the file specified by the file descriptor fileno,\n"
           "and returns a mmap object.  If length is 0, the maximum length of the map\n"
           "will be the current size of the file when mmap is called.\n"
           "flags specifies the nature of the mapping. MAP_PRIVATE creates a\n"
           "private copy-on-write mapping, so changes to the contents of the mmap\n"
           "object will be private to this process, and MAP_SHARED creates a mapping\n"
           "that's shared with all other processes mapping the same areas of the file.\n"
           "The default value is MAP_SHARED.\n\n"
           "To map anonymous memory, pass -1 as the fileno (both versions).",
    .basic_size = sizeof(MmapObject),
    .flags = kTypeBaseType | kTypeSequence,
    .weaklist_offset = offsetof(MmapObject, weakreflist),
    .slots = {.dealloc = mmap_dealloc,
              .new_instance = mmap_new,
              .repr = mmap_repr,
              .getattr = generic_get_attr,
              .iter = mmap_iter,
              .length = mmap_length,
              .getitem = mmap_getitem,
              .setitem = mmap_setitem,
              .get_buffer = mmap_get_buffer,
              .release_buffer = mmap_release_buffer},
    .methods = mmap_methods,
    .getsets = mmap_getsets,
}};

TypeObject mmap_iterator_type{TypeSpec{
    .name = "iterator",
    .basic_size = sizeof(MmapIteratorObject),
    .flags = kTypeDisallowInstantiation,
    .slots = {.dealloc = mmap_iterator_dealloc,
              .getattr = generic_get_attr,
              .iter = mmap_iterator_self,
              .iternext = mmap_iterator_next},
}};

namespace {

bool mmap_exec(ModuleObject* module) {
  if (!type_ready(&mmap_iterator_type) || !module_add_type(module, &mmap_type)) return false;
  if (!module_add_object(module, "error", Value(&exc::OSError))) return false;
  long page_size = sysconf(_SC_PAGESIZE);
  struct Constant {
    const char* name;
    int64_t value;
  };
  const Constant constants[] = {
      {"PROT_EXEC", PROT_EXEC}, {"PROT_READ", PROT_READ}, {"PROT_WRITE", PROT_WRITE},
      {"MAP_SHARED", MAP_SHARED}, {"MAP_PRIVATE", MAP_PRIVATE}, {"MAP_DENYWRITE", MAP_DENYWRITE},
      {"MAP_EXECUTABLE", MAP_EXECUTABLE}, {"MAP_ANON", MAP_ANONYMOUS}, {"MAP_ANONYMOUS", MAP_ANONYMOUS},
      {"MAP_POPULATE", MAP_POPULATE}, {"MAP_STACK", MAP_STACK},
      {"PAGESIZE", page_size}, {"ALLOCATIONGRANULARITY", page_size},
      {"ACCESS_DEFAULT", kAccessDefault}, {"ACCESS_READ", kAccessRead}, {"ACCESS_WRITE", kAccessWrite},
      {"ACCESS_COPY", kAccessCopy},
      {"MADV_NORMAL", MADV_NORMAL}, {"MADV_RANDOM", MADV_RANDOM}, {"MADV_SEQUENTIAL", MADV_SEQUENTIAL},
      {"MADV_WILLNEED", MADV_WILLNEED}, {"MADV_DONTNEED", MADV_DONTNEED}, {"MADV_REMOVE", MADV_REMOVE},
      {"MADV_DONTFORK", MADV_DONTFORK}, {"MADV_DOFORK", MADV_DOFORK}, {"MADV_HWPOISON", MADV_HWPOISON},
      {"MADV_MERGEABLE", MADV_MERGEABLE}, {"MADV_UNMERGEABLE", MADV_UNMERGEABLE},
      {"MADV_HUGEPAGE", MADV_HUGEPAGE}, {"MADV_NOHUGEPAGE", MADV_NOHUGEPAGE},
      {"MADV_DONTDUMP", MADV_DONTDUMP}, {"MADV_DODUMP", MADV_DODUMP}, {"MADV_FREE", MADV_FREE},
  };
  for (const Constant& c : constants) {
    if (!module_add_int(module, c.name, c.value)) return false;
  }
  return true;
}

}  // namespace

extern const ModuleDef module_mmap = {
    .name = "mmap",
    .methods = nullptr,
    .exec = mmap_exec,
};

}  // namespace krait
