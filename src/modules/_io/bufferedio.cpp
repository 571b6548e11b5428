// BufferedReader, BufferedWriter, BufferedRandom and BufferedRWPair: buffering over a raw
// stream. A reader keeps bytes read ahead; a writer keeps bytes not yet written; the
// random-access one has both and flushes writes before reading or seeking.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

#include "core/alloc.h"
#include "core/args.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/_io/io.h"
#include "modules/faulthandler.h"
#include "objects/bytes.h"
#include "objects/exceptions.h"
#include "objects/tuple.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/type_internal.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/gil.h"
#include "runtime/runtime.h"
#include "runtime/thread_state.h"
#include "runtime/signals.h"

namespace krait {

extern TypeObject memoryview_type;

namespace {

struct BufferedObject : IOObject {
  Value raw;
  std::string* read_buffer;   // unread bytes are [read_pos, size())
  int64_t read_pos;
  std::string* write_buffer;  // bytes accepted but not yet written to raw
  int64_t buffer_size;
  bool can_read;
  bool can_write;
  bool detached;
  bool initialized;
  bool finalizing;  // close() called by the finalizer
  std::timed_mutex* lock;  // see BufferedGuard
  ThreadState* owner;    // the thread holding `lock`
};

BufferedObject* as_buffered(Value v) { return static_cast<BufferedObject*>(v.as_object()); }

int64_t unread(BufferedObject* b) { return int64_t(b->read_buffer->size()) - b->read_pos; }

// CPython's per-object lock (ENTER_BUFFERED): the raw stream's methods may be Python code
// that lets other threads run, so one thread at a time works on the buffers. Waiting
// happens without the GIL; the holding thread coming back in (from a signal handler, say)
// gets RuntimeError("reentrant call inside ...").
class BufferedGuard {
 public:
  explicit BufferedGuard(Value self) : b_(as_buffered(self)) {
    ThreadState* me = current_thread();
    if (b_->owner == me) {
      Ref<StrObject> text = repr(self);
      if (text) runtime_error("reentrant call inside {}", str_utf8(text.get()));
      b_ = nullptr;
      return;
    }
    if (!b_->lock->try_lock()) {
      bool acquired = true;
      {
        ReleaseGil unlocked;
        if (runtime().finalizing_thread.load()) {
          // At shutdown a daemon thread frozen while holding the lock never gives it back.
          acquired = b_->lock->try_lock_for(std::chrono::seconds(1));
        } else {
          b_->lock->lock();
        }
      }
      if (!acquired) shutdown_deadlock(self);
    }
    b_->owner = me;
  }
  ~BufferedGuard() {
    if (!b_) return;
    b_->owner = nullptr;
    b_->lock->unlock();
  }
  BufferedGuard(const BufferedGuard&) = delete;
  BufferedGuard& operator=(const BufferedGuard&) = delete;
  bool entered() const { return b_ != nullptr; }

 private:
  // CPython's fatal error for a lock still held when the interpreter shuts down.
  [[noreturn]] static void shutdown_deadlock(Value self) {
    Ref<StrObject> text = repr(self);
    std::string name = text ? std::string(str_utf8(text.get())) : std::string("<buffered object>");
    std::fprintf(stderr,
                 "Fatal Python error: _enter_buffered_busy: could not acquire lock for %s at "
                 "interpreter shutdown, possibly due to daemon threads\n\n",
                 name.c_str());
    std::fflush(stderr);
    faulthandler_dump_all_threads(2, current_thread());
    std::abort();
  }

  BufferedObject* b_;
};

bool check_initialized(BufferedObject* b) {
  if (b->detached) return value_error("raw stream has been detached");
  if (!b->initialized) return value_error("I/O operation on uninitialized object");
  return true;
}

// A method body run under the object's lock.
template <Ref<> (*Body)(Value, const Value*)>
Ref<> locked(Value self, const Value* args) {
  if (!check_initialized(as_buffered(self))) return nullptr;
  BufferedGuard guard(self);
  if (!guard.entered()) return nullptr;
  return Body(self, args);
}

bool check_open(Value self) {
  BufferedObject* b = as_buffered(self);
  if (!check_initialized(b)) return false;
  int closed = io_is_closed(b->raw);
  if (closed < 0) return false;
  if (closed) return raise_closed_file();
  return true;
}

Ref<> buffered_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  auto* b = allocate<BufferedObject>(type, size_t(type->basic_size));
  if (!b) return nullptr;
  b->read_buffer = new std::string();
  b->write_buffer = new std::string();
  b->lock = new std::timed_mutex();
  b->buffer_size = kDefaultBufferSize;
  gc_track(b);
  return Ref<>::steal(Value(b));
}

void buffered_dealloc(Object* o) {
  if (call_finalizer_from_dealloc(o)) return;
  gc_untrack(o);
  auto* b = static_cast<BufferedObject*>(o);
  delete b->read_buffer;
  delete b->write_buffer;
  delete b->lock;
  decref(b->raw);
  io_dealloc_fields(o);
  free_object(o);
}

void buffered_traverse(Object* o, VisitFn visit, void* arg) {
  auto* b = static_cast<BufferedObject*>(o);
  if (b->raw.is_object()) visit(b->raw.as_object(), arg);
  io_traverse_fields(o, visit, arg);
}

void buffered_clear(Object* o) {
  auto* b = static_cast<BufferedObject*>(o);
  Value raw = b->raw;
  b->raw = Value();
  decref(raw);
}

bool init_common(Value self, const Value* args, size_t nargs, TupleObject* kwnames, const char* name,
                 bool read, bool write) {
  MethodDef def = {.name = name, .signature = "(raw, buffer_size=8192)"};
  // Shared by all threads (filled under the GIL): a per-thread cache leaked at thread exit.
  static Signature* cached[3] = {};
  int slot = read && write ? 2 : read ? 0 : 1;
  if (!cached[slot]) cached[slot] = signature_parse(&def, nullptr);
  BoundArgs bound;
  if (!bind_arguments(*cached[slot], args, nargs, kwnames, &bound)) return false;
  BufferedObject* self_object = as_buffered(self);
  self_object->initialized = false;  // a failed re-initialisation leaves it unusable
  self_object->detached = false;
  Value raw = bound.values()[0];
  int64_t size;
  if (!index_to_int64(bound.values()[1], &size)) return false;
  if (size <= 0) return value_error("buffer size must be strictly positive");
  {
    // CPython allocates the whole buffer here: a size no allocation can hold is MemoryError
    // (one beyond x86-64's 47-bit user address space without asking the allocator).
    constexpr int64_t kUserAddressSpace = int64_t{1} << 47;
    void* probe = size < kUserAddressSpace ? std::malloc(size_t(size)) : nullptr;
    if (!probe) return bool(raise_memory_error());
    std::free(probe);
  }
  // The raw stream need not derive from IOBase (tarfile's _FileInFile): ask it directly.
  if (read && write && !io_check_ability(raw, Value(), "seekable", "File or stream is not seekable.")) return false;
  if (read && !io_check_ability(raw, Value(), "readable", "File or stream is not readable.")) return false;
  if (write && !io_check_ability(raw, Value(), "writable", "File or stream is not writable.")) return false;
  BufferedObject* b = as_buffered(self);
  incref(raw);
  decref(b->raw);
  b->raw = raw;
  b->buffer_size = size;
  b->can_read = read;
  b->can_write = write;
  b->read_buffer->clear();
  b->read_pos = 0;
  b->write_buffer->clear();
  b->detached = false;
  b->initialized = true;
  return true;
}

int reader_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  return init_common(self, args, nargs, kwnames, "BufferedReader", true, false) ? 0 : -1;
}
int writer_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  return init_common(self, args, nargs, kwnames, "BufferedWriter", false, true) ? 0 : -1;
}
int random_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  return init_common(self, args, nargs, kwnames, "BufferedRandom", true, true) ? 0 : -1;
}

// BlockingIOError(EAGAIN, message, characters_written) as CPython's buffered writer raises it.
Raised raise_blocking(int64_t written) {
  Ref<> message = str_from_ascii("write could not complete without blocking");
  if (!message) return Raised();
  Value args[3] = {Value::small_int(EAGAIN), message.value(), Value::small_int(written)};
  return raise_with_args(&exc::BlockingIOError, args, 3);
}

// One raw.write() of data[0, length): the count written, -1 error, -2 when the raw stream
// would block (returned None). EINTR retries after the signal handlers ran.
int64_t raw_write(BufferedObject* b, const char* data, int64_t length) {
  Ref<> chunk = bytes_from(std::string_view(data, size_t(length)));
  if (!chunk) return -1;
  Ref<> written;
  for (;;) {
    written = call_method1(b->raw, ID(write), chunk.value());
    if (written || !error_matches(&exc::InterruptedError)) break;
    clear_error();
    if (run_pending_signal_handlers() < 0) return -1;
  }
  if (!written) return -1;
  if (is_none(written)) return -2;
  int64_t n;
  if (!index_to_int64(written, &n, &exc::ValueError)) return -1;
  if (n < 0 || n > length) {
    raise(exc::OSError, "raw write() returned invalid length {} (should have been between 0 and {})", n, length);
    return -1;
  }
  return n;
}

// Writes all pending bytes to raw. BlockingIOError leaves the unwritten rest pending.
bool flush_writes(BufferedObject* b) {
  while (!b->write_buffer->empty()) {
    int64_t n = raw_write(b, b->write_buffer->data(), int64_t(b->write_buffer->size()));
    if (n == -1) return false;
    if (n == -2) return raise_blocking(0);
    b->write_buffer->erase(0, size_t(n));
    // A write a signal cut short returns its partial count without EINTR: the handlers
    // run before the next write blocks again.
    if (run_pending_signal_handlers() < 0) return false;
  }
  return true;
}

// Before reading or seeking: pending writes go out, and (for random access) the raw
// position is where reading continues.
bool prepare_read(BufferedObject* b) {
  if (!b->can_write || b->write_buffer->empty()) return true;
  return flush_writes(b);
}

// Appends up to `size` bytes from one raw.readinto() call (as CPython, which reads into its
// buffer); returns the count, 0 at EOF, -1 error, -2 when the raw stream would block
// (returned None).
int64_t raw_read_into(BufferedObject* b, std::string* out, int64_t size) {
  Ref<ByteArrayObject> target = bytearray_from(std::string(size_t(size), '\0'));
  if (!target) return -1;
  Ref<> view = call1(Value(&memoryview_type), target.value());
  if (!view) return -1;
  Ref<> result;
  for (;;) {
    result = call_method1(b->raw, str_intern_utf8("readinto"), view.value());
    if (result || !error_matches(&exc::InterruptedError)) break;
    clear_error();  // PEP 475: retry after the handlers ran
    if (run_pending_signal_handlers() < 0) return -1;
  }
  if (!result) return -1;
  if (is_none(result)) return -2;
  int64_t n;
  if (!index_to_int64(result, &n, &exc::ValueError)) {
    // A result that is no integer: OSError with the TypeError as its cause.
    Ref<> cause = fetch_error();
    raise(exc::OSError, "raw readinto() failed");
    Ref<> os_error = fetch_error();
    exception_set_context(os_error, cause);
    exception_set_cause(os_error, cause);
    restore_error(std::move(os_error));
    return -1;
  }
  if (n < 0 || n > size) {
    raise(exc::OSError, "raw readinto() returned invalid length {} (should have been between 0 and {})", n, size);
    return -1;
  }
  out->append(target->data, size_t(n));
  return n;
}

void compact(BufferedObject* b) {
  if (b->read_pos > 0) {
    b->read_buffer->erase(0, size_t(b->read_pos));
    b->read_pos = 0;
  }
}

Ref<> take(BufferedObject* b, int64_t n) {
  Ref<> result = bytes_from(std::string_view(b->read_buffer->data() + b->read_pos, size_t(n)));
  b->read_pos += n;
  if (b->read_pos == int64_t(b->read_buffer->size())) {
    b->read_buffer->clear();
    b->read_pos = 0;
  }
  return result;
}

Ref<> buffered_read(Value self, const Value* args) {
  BufferedObject* b = as_buffered(self);
  if (!check_initialized(b)) return nullptr;
  if (!b->can_read) return raise_unsupported("read");
  int64_t size;
  if (!io_size_argument(args[0], &size)) return nullptr;
  if (size < -1) return value_error("read length must be non-negative or -1");
  if (!check_open(self) || !prepare_read(b)) return nullptr;
  if (size < 0) {
    // Everything: the buffer, then raw.readall() (or reads until EOF).
    std::string data(b->read_buffer->data() + b->read_pos, size_t(unread(b)));
    b->read_buffer->clear();
    b->read_pos = 0;
    Ref<> readall;
    if (get_attr_optional(b->raw, str_intern_utf8("readall"), &readall) < 0) return nullptr;
    if (readall) {
      Ref<> rest = call0(readall);
      if (!rest) return nullptr;
      if (is_none(rest)) {
        if (data.empty()) return rest;
      } else {
        if (!is_bytes(rest)) return type_error("readall() should return bytes");
        data += bytes_view(rest);
      }
      return bytes_from(data);
    }
    for (;;) {
      int64_t n = raw_read_into(b, &data, b->buffer_size);
      if (n == -1) return nullptr;
      if (n == -2 && data.empty()) return new_none();
      if (n <= 0) break;
    }
    return bytes_from(data);
  }
  if (unread(b) >= size) return take(b, size);
  compact(b);
  while (int64_t(b->read_buffer->size()) < size) {
    int64_t want = std::max<int64_t>(size - int64_t(b->read_buffer->size()), b->buffer_size);
    int64_t n = raw_read_into(b, b->read_buffer, want);
    if (n == -1) return nullptr;
    if (n == -2) {
      if (b->read_buffer->empty()) return new_none();
      break;
    }
    if (n == 0) break;
  }
  return take(b, std::min<int64_t>(size, int64_t(b->read_buffer->size())));
}

Ref<> buffered_read1(Value self, const Value* args) {
  BufferedObject* b = as_buffered(self);
  if (!check_initialized(b)) return nullptr;
  if (!b->can_read) return raise_unsupported("read1");
  int64_t size;
  if (!io_size_argument(args[0], &size)) return nullptr;
  if (!check_open(self) || !prepare_read(b)) return nullptr;
  if (size < 0) size = b->buffer_size;
  if (size == 0) return bytes_from("");
  if (unread(b) > 0) return take(b, std::min(size, unread(b)));
  b->read_buffer->clear();
  b->read_pos = 0;
  int64_t n = raw_read_into(b, b->read_buffer, std::max(size, b->buffer_size));
  if (n == -1) return nullptr;
  if (n == -2) return new_none();
  return take(b, std::min(size, unread(b)));
}

Ref<> buffered_peek(Value self, const Value* args) {
  BufferedObject* b = as_buffered(self);
  if (!check_initialized(b)) return nullptr;
  if (!b->can_read) return raise_unsupported("peek");
  if (!check_open(self) || !prepare_read(b)) return nullptr;
  if (unread(b) == 0) {
    b->read_buffer->clear();
    b->read_pos = 0;
    int64_t n = raw_read_into(b, b->read_buffer, b->buffer_size);
    if (n == -1) return nullptr;
  }
  return bytes_from(std::string_view(b->read_buffer->data() + b->read_pos, size_t(unread(b))));
}

Ref<> buffered_readinto_impl(Value self, Value buffer, bool one) {
  Buffer view;
  if (!buffer_get_writable(buffer, &view, one ? "readinto1" : "readinto")) return nullptr;
  Value size = Value::small_int(view.length);
  Ref<> data = one ? buffered_read1(self, &size) : buffered_read(self, &size);
  if (!data) {
    buffer_release(&view);
    return nullptr;
  }
  if (is_none(data)) {
    buffer_release(&view);
    return data;
  }
  std::string_view bytes = bytes_view(data);
  std::memcpy(view.data, bytes.data(), bytes.size());
  buffer_release(&view);
  return int_from_int64(int64_t(bytes.size()));
}

Ref<> buffered_readinto(Value self, const Value* args) { return buffered_readinto_impl(self, args[0], false); }

// readinto1: the buffered bytes first; then at most one raw read, straight into the
// caller's buffer when what is left exceeds the buffer size, else through the buffer (but
// only when nothing was copied yet).
Ref<> buffered_readinto1(Value self, const Value* args) {
  BufferedObject* b = as_buffered(self);
  if (!check_initialized(b)) return nullptr;
  if (!b->can_read) return raise_unsupported("readinto1");
  Buffer view;
  if (!buffer_get_writable(args[0], &view, "readinto1")) return nullptr;
  auto* out = static_cast<char*>(view.data);
  int64_t length = view.length, written = 0;
  auto done = [&](Ref<> result) {
    buffer_release(&view);
    return result;
  };
  if (!check_open(self) || !prepare_read(b)) return done(nullptr);
  written = std::min(unread(b), length);
  std::memcpy(out, b->read_buffer->data() + b->read_pos, size_t(written));
  b->read_pos += written;
  compact(b);
  int64_t remaining = length - written;
  if (remaining > 0 && (remaining > b->buffer_size || written == 0)) {
    std::string chunk;
    int64_t n = raw_read_into(b, remaining > b->buffer_size ? &chunk : b->read_buffer,
                              remaining > b->buffer_size ? remaining : b->buffer_size);
    if (n == -1) return done(nullptr);
    if (n == -2) return done(written ? int_from_int64(written) : new_none());
    if (remaining > b->buffer_size) {
      std::memcpy(out + written, chunk.data(), size_t(n));
      written += n;
    } else {
      int64_t take_n = std::min(n, remaining);
      std::memcpy(out + written, b->read_buffer->data(), size_t(take_n));
      b->read_pos = take_n;
      compact(b);
      written += take_n;
    }
  }
  return done(int_from_int64(written));
}

Ref<> buffered_readline(Value self, const Value* args) {
  BufferedObject* b = as_buffered(self);
  if (!check_initialized(b)) return nullptr;
  if (!b->can_read) return raise_unsupported("readline");
  int64_t limit;
  if (!io_size_argument(args[0], &limit)) return nullptr;
  if (!check_open(self) || !prepare_read(b)) return nullptr;
  compact(b);
  size_t scanned = 0;
  for (;;) {
    size_t newline = b->read_buffer->find('\n', scanned);
    if (newline != std::string::npos) {
      int64_t n = int64_t(newline + 1);
      if (limit >= 0) n = std::min(n, limit);
      return take(b, n);
    }
    if (limit >= 0 && int64_t(b->read_buffer->size()) >= limit) return take(b, limit);
    scanned = b->read_buffer->size();
    int64_t n = raw_read_into(b, b->read_buffer, b->buffer_size);
    if (n == -1) return nullptr;
    if (n <= 0) break;
  }
  int64_t n = int64_t(b->read_buffer->size());
  if (limit >= 0) n = std::min(n, limit);
  return take(b, n);
}

// CPython's buffered write: what fits goes into the buffer (at most buffer_size bytes);
// otherwise the buffer is flushed and the data written through, its tail buffered. With a
// non-blocking raw stream, BlockingIOError reports how many bytes were taken. Returns the
// count or -1 with an error set.
int64_t write_bytes(BufferedObject* b, const char* data, int64_t length) {
  std::string& buffer = *b->write_buffer;
  if (int64_t(buffer.size()) + length <= b->buffer_size) {
    buffer.append(data, size_t(length));
    return length;
  }
  if (!flush_writes(b)) {
    if (!error_matches(&exc::BlockingIOError)) return -1;
    int64_t room = b->buffer_size - int64_t(buffer.size());
    if (length <= room) {
      clear_error();
      buffer.append(data, size_t(length));
      return length;
    }
    // Buffer as much as possible and say so.
    clear_error();
    buffer.append(data, size_t(room));
    raise_blocking(room);
    return -1;
  }
  int64_t written = 0, remaining = length;
  while (remaining > b->buffer_size) {
    int64_t n = raw_write(b, data + written, remaining);
    if (n == -1) return -1;
    if (n == -2) {
      buffer.assign(data + written, size_t(b->buffer_size));
      raise_blocking(written + b->buffer_size);
      return -1;
    }
    written += n;
    remaining -= n;
    if (run_pending_signal_handlers() < 0) return -1;
  }
  buffer.assign(data + written, size_t(remaining));
  return length;
}

Ref<> buffered_write(Value self, const Value* args) {
  BufferedObject* b = as_buffered(self);
  if (!check_initialized(b)) return nullptr;
  if (!b->can_write) return raise_unsupported("write");
  // Checked under the lock: another thread may have been closing the file.
  int closed = io_is_closed(b->raw);
  if (closed < 0) return nullptr;
  if (closed) return value_error("write to closed file");
  Buffer view;
  if (!buffer_get(args[0], &view, kBufferSimple)) return nullptr;
  int64_t n = view.length;
  if (b->can_read && unread(b) > 0) {
    // Random access: discard read-ahead and move raw back to the logical position.
    int64_t back = unread(b);
    b->read_buffer->clear();
    b->read_pos = 0;
    Ref<> moved = call_method2(b->raw, str_intern_utf8("seek"), Value::small_int(-back), Value::small_int(1));
    if (!moved) {
      buffer_release(&view);
      return nullptr;
    }
  }
  const char* data = static_cast<const char*>(view.data);
  int64_t result = write_bytes(b, data, n);
  buffer_release(&view);
  if (result < 0) return nullptr;
  return int_from_int64(result);
}

Ref<> buffered_flush(Value self, const Value* args) {
  BufferedObject* b = as_buffered(self);
  if (!check_initialized(b)) return nullptr;
  if (b->can_write) {
    int closed = io_is_closed(b->raw);
    if (closed < 0) return nullptr;
    if (closed) {
      if (!b->write_buffer->empty()) return raise_closed_file();
      return value_error("flush of closed file");
    }
    // Only the buffer goes out: raw.flush() is left to raw.close(), as CPython does.
    if (!flush_writes(b)) return nullptr;
  } else if (!check_open(self)) {
    return nullptr;
  }
  return new_none();
}

Ref<> buffered_tell(Value self, const Value* args) {
  BufferedObject* b = as_buffered(self);
  if (!check_initialized(b)) return nullptr;
  Ref<> raw_pos = call_method0(b->raw, str_intern_utf8("tell"));
  if (!raw_pos) return nullptr;
  int64_t pos;
  if (!int_as_int64(raw_pos, &pos)) return nullptr;
  if (pos < 0) return raise(exc::OSError, "Raw stream returned invalid position {}", pos);
  pos = pos - unread(b) + int64_t(b->write_buffer->size());
  return int_from_int64(std::max<int64_t>(pos, 0));
}

Ref<> buffered_seek(Value self, const Value* args) {
  BufferedObject* b = as_buffered(self);
  if (!check_initialized(b)) return nullptr;
  int64_t whence;
  if (!index_to_int64(args[1], &whence)) return nullptr;
  if (whence < 0 || whence > 2) {
    return value_error("whence value {} unsupported", whence);
  }
  if (!check_open(self)) return nullptr;
  Ref<> seekable = call_method0(b->raw, str_intern_utf8("seekable"));
  if (!seekable) return nullptr;
  if (seekable.value() != True()) return raise_unsupported("File or stream is not seekable.");
  Ref<> target = number_index(args[0]);
  if (!target) return nullptr;
  if (!flush_writes(b)) return nullptr;
  if (whence == 1) {
    // Relative to the logical position, which is behind raw by the read-ahead.
    target = binary_op(target, Value::small_int(-unread(b)), BinaryOperator::Add);
    if (!target) return nullptr;
  }
  b->read_buffer->clear();
  b->read_pos = 0;
  Ref<> result = call_method2(b->raw, str_intern_utf8("seek"), target.value(), Value::small_int(whence));
  if (!result) return nullptr;
  int64_t position;
  if (!index_to_int64(result, &position, &exc::ValueError)) return nullptr;
  if (position < 0) return raise(exc::OSError, "Raw stream returned invalid position {}", position);
  return result;
}

Ref<> buffered_truncate(Value self, const Value* args) {
  BufferedObject* b = as_buffered(self);
  if (!check_initialized(b)) return nullptr;
  if (!b->can_write) return raise_unsupported("truncate");
  if (!check_open(self) || !flush_writes(b)) return nullptr;
  if (b->can_read && unread(b) > 0) {
    // Rewind raw to the logical position, which raw.truncate(None) then uses.
    int64_t back = unread(b);
    b->read_buffer->clear();
    b->read_pos = 0;
    Ref<> moved = call_method2(b->raw, str_intern_utf8("seek"), Value::small_int(-back), Value::small_int(1));
    if (!moved) return nullptr;
  }
  b->read_buffer->clear();
  b->read_pos = 0;
  Value pos = args[0] ? args[0] : None();
  return call_method1(b->raw, str_intern_utf8("truncate"), pos);
}

// raw._dealloc_warn(source): the raw file warns if it is still open.
Ref<> buffered_dealloc_warn(Value self, const Value* args) {
  BufferedObject* b = as_buffered(self);
  if (b->initialized && b->raw) {
    Ref<> keep = new_ref(b->raw);
    if (!call_method1(keep, str_intern_utf8("_dealloc_warn"), args[0])) clear_error();
  }
  return new_none();
}

Ref<> buffered_close(Value self, const Value* args) {
  BufferedObject* b = as_buffered(self);
  if (!check_initialized(b)) return nullptr;
  int closed = io_is_closed(b->raw);
  if (closed < 0) return nullptr;
  if (closed) return new_none();
  if (b->finalizing) {
    Value source = self;
    if (!buffered_dealloc_warn(self, &source)) clear_error();
  }
  Ref<> flushed = call_method0(self, ID(flush));
  Ref<> flush_error = flushed ? Ref<>() : fetch_error();
  Ref<> result;
  {
    BufferedGuard guard(self);
    if (guard.entered()) {
      result = call_method0(b->raw, ID(close));
      b->read_buffer->clear();
      b->read_pos = 0;
    }
  }
  if (flush_error) {
    if (!result) {
      // The close error wins; the flush error becomes its context.
      Ref<> close_error = fetch_error();
      exception_set_context(close_error, flush_error);
      restore_error(std::move(close_error));
      return nullptr;
    }
    restore_error(std::move(flush_error));
    return nullptr;
  }
  return result;
}

Ref<> buffered_detach(Value self, const Value* args) {
  BufferedObject* b = as_buffered(self);
  if (!check_initialized(b)) return nullptr;
  if (!call_method0(self, ID(flush))) return nullptr;
  Value raw = b->raw;
  b->raw = Value();
  b->detached = true;
  return Ref<>::steal(raw);
}

Ref<> forward_to_raw(Value self, const char* method) {
  BufferedObject* b = as_buffered(self);
  if (!check_initialized(b)) return nullptr;
  return call_method0(b->raw, str_intern_utf8(method));
}

Ref<> buffered_fileno(Value self, const Value* args) { return forward_to_raw(self, "fileno"); }
Ref<> buffered_isatty(Value self, const Value* args) { return forward_to_raw(self, "isatty"); }
Ref<> buffered_seekable(Value self, const Value* args) { return forward_to_raw(self, "seekable"); }
Ref<> buffered_readable(Value self, const Value* args) { return forward_to_raw(self, "readable"); }
Ref<> buffered_writable(Value self, const Value* args) { return forward_to_raw(self, "writable"); }

Ref<> buffered_get_finalizing(Value self) { return new_bool(as_buffered(self)->finalizing); }
int buffered_set_finalizing(Value self, Value value) { return io_set_finalizing(&as_buffered(self)->finalizing, value); }

Ref<> buffered_get_raw(Value self) {
  BufferedObject* b = as_buffered(self);
  if (!check_initialized(b)) return nullptr;
  return new_ref(b->raw);
}
Ref<> buffered_get_closed(Value self) {
  BufferedObject* b = as_buffered(self);
  if (!check_initialized(b)) return nullptr;
  return get_attr(b->raw, ID(closed));
}
Ref<> buffered_get_name(Value self) {
  BufferedObject* b = as_buffered(self);
  if (!check_initialized(b)) return nullptr;
  return get_attr(b->raw, ID(name));
}
Ref<> buffered_get_mode(Value self) {
  BufferedObject* b = as_buffered(self);
  if (!check_initialized(b)) return nullptr;
  return get_attr(b->raw, ID(mode));
}

Ref<> buffered_repr(Value self) {
  BufferedObject* b = as_buffered(self);
  std::string type = type_of(self)->name;
  if (!b->initialized || b->detached) return object_repr(self);
  Ref<> name;
  int found = get_attr_optional(self, ID(name), &name);
  if (found < 0) {
    if (!error_matches(&exc::ValueError)) return nullptr;
    clear_error();
    found = 0;
  }
  if (!found) return str_from_utf8("<" + type + ">");
  Ref<StrObject> r = repr(name);
  if (!r) return nullptr;
  return str_from_utf8("<" + type + " name=" + std::string(str_utf8(r.get())) + ">");
}

Ref<> buffered_getstate(Value self, const Value* args) {
  return type_error("cannot pickle '{}' object", type_name(self));
}

Ref<> buffered_sizeof(Value self, const Value* args) {
  BufferedObject* b = as_buffered(self);
  return int_from_int64(int64_t(sizeof(BufferedObject)) + b->buffer_size);
}

Ref<> buffered_iternext(Value self) {
  Value none_arg[1] = {None()};
  Ref<> line = type_of(self)->has_flag(kTypeHeap) ? call_method0(self, ID(readline)) : locked<buffered_readline>(self, none_arg);
  if (!line) return nullptr;
  if (length(line) == 0) return nullptr;
  return line;
}

#define BUFFERED_COMMON_METHODS                                                                     \
  {.name = "flush", .impl = locked<buffered_flush>, .signature = "($self, /)"},                              \
      {.name = "close", .impl = buffered_close, .signature = "($self, /)"},                          \
      {.name = "detach", .impl = buffered_detach, .signature = "($self, /)"},                        \
      {.name = "seek", .impl = locked<buffered_seek>, .signature = "($self, target, whence=0, /)"},          \
      {.name = "tell", .impl = buffered_tell, .signature = "($self, /)"},                            \
      {.name = "truncate", .impl = locked<buffered_truncate>, .signature = "($self, pos=None, /)"},          \
      {.name = "fileno", .impl = buffered_fileno, .signature = "($self, /)"},                        \
      {.name = "isatty", .impl = buffered_isatty, .signature = "($self, /)"},                        \
      {.name = "seekable", .impl = buffered_seekable, .signature = "($self, /)"},                    \
      {.name = "__getstate__", .impl = buffered_getstate, .signature = "($self, /)"},                \
      {.name = "__sizeof__", .impl = buffered_sizeof, .signature = "($self, /)"},                    \
      {.name = "_dealloc_warn", .impl = buffered_dealloc_warn, .signature = "($self, source, /)"}
#define BUFFERED_READ_METHODS                                                                        \
  {.name = "read", .impl = locked<buffered_read>, .signature = "($self, size=-1, /)"},                       \
      {.name = "read1", .impl = locked<buffered_read1>, .signature = "($self, size=-1, /)"},                 \
      {.name = "peek", .impl = locked<buffered_peek>, .signature = "($self, size=0, /)"},                    \
      {.name = "readinto", .impl = locked<buffered_readinto>, .signature = "($self, buffer, /)"},            \
      {.name = "readinto1", .impl = locked<buffered_readinto1>, .signature = "($self, buffer, /)"},          \
      {.name = "readline", .impl = locked<buffered_readline>, .signature = "($self, size=-1, /)"},            \
      {.name = "readable", .impl = buffered_readable, .signature = "($self, /)"}
#define BUFFERED_WRITE_METHODS                                                                       \
  {.name = "write", .impl = locked<buffered_write>, .signature = "($self, buffer, /)"},                      \
      {.name = "writable", .impl = buffered_writable, .signature = "($self, /)"}

const MethodDef reader_methods[] = {BUFFERED_COMMON_METHODS, BUFFERED_READ_METHODS, {}};
const MethodDef writer_methods[] = {BUFFERED_COMMON_METHODS, BUFFERED_WRITE_METHODS, {}};
const MethodDef random_methods[] = {BUFFERED_COMMON_METHODS, BUFFERED_READ_METHODS, BUFFERED_WRITE_METHODS, {}};

const GetSetDef buffered_getsets[] = {
    {"raw", buffered_get_raw},
    {"closed", buffered_get_closed},
    {"name", buffered_get_name},
    {"mode", buffered_get_mode},
    {"_finalizing", buffered_get_finalizing, buffered_set_finalizing},
    {},
};

// --- BufferedRWPair: reads from one stream, writes to another ---

struct RWPairObject : IOObject {
  Value reader;  // BufferedReader
  Value writer;  // BufferedWriter
};

RWPairObject* as_pair(Value v) { return static_cast<RWPairObject*>(v.as_object()); }

Ref<> rwpair_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  auto* p = allocate<RWPairObject>(type, size_t(type->basic_size));
  if (!p) return nullptr;
  gc_track(p);
  return Ref<>::steal(Value(p));
}

int rwpair_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("BufferedRWPair() takes no keyword arguments");
  if (nargs < 2 || nargs > 3) return type_error("BufferedRWPair expected 2 or 3 arguments, got {}", nargs);
  Value size = nargs == 3 ? args[2] : Value::small_int(kDefaultBufferSize);
  Value reader_args[2] = {args[0], size};
  Value writer_args[2] = {args[1], size};
  Ref<> reader = call(Value(&bufferedreader_type), reader_args, 2);
  if (!reader) return -1;
  Ref<> writer = call(Value(&bufferedwriter_type), writer_args, 2);
  if (!writer) return -1;
  RWPairObject* p = as_pair(self);
  decref(p->reader);
  decref(p->writer);
  p->reader = reader.release();
  p->writer = writer.release();
  return 0;
}

void rwpair_dealloc(Object* o) {
  if (call_finalizer_from_dealloc(o)) return;
  gc_untrack(o);
  auto* p = static_cast<RWPairObject*>(o);
  decref(p->reader);
  decref(p->writer);
  io_dealloc_fields(o);
  free_object(o);
}

void rwpair_traverse(Object* o, VisitFn visit, void* arg) {
  auto* p = static_cast<RWPairObject*>(o);
  if (p->reader.is_object()) visit(p->reader.as_object(), arg);
  if (p->writer.is_object()) visit(p->writer.as_object(), arg);
  io_traverse_fields(o, visit, arg);
}

Ref<> pair_forward(Value self, bool to_reader, const char* method, const Value* args, size_t nargs) {
  RWPairObject* p = as_pair(self);
  Value target = to_reader ? p->reader : p->writer;
  if (!target) return value_error("I/O operation on uninitialized object");
  return call_method(target, str_intern_utf8(method), args, nargs);
}

Ref<> pair_read(Value self, const Value* args) { return pair_forward(self, true, "read", args, 1); }
Ref<> pair_read1(Value self, const Value* args) { return pair_forward(self, true, "read1", args, 1); }
Ref<> pair_peek(Value self, const Value* args) { return pair_forward(self, true, "peek", args, 1); }
Ref<> pair_readinto(Value self, const Value* args) { return pair_forward(self, true, "readinto", args, 1); }
Ref<> pair_readinto1(Value self, const Value* args) { return pair_forward(self, true, "readinto1", args, 1); }
Ref<> pair_readable(Value self, const Value* args) { return pair_forward(self, true, "readable", args, 0); }
Ref<> pair_write(Value self, const Value* args) { return pair_forward(self, false, "write", args, 1); }
Ref<> pair_flush(Value self, const Value* args) { return pair_forward(self, false, "flush", args, 0); }
Ref<> pair_writable(Value self, const Value* args) { return pair_forward(self, false, "writable", args, 0); }
Ref<> pair_isatty(Value self, const Value* args) {
  Ref<> w = pair_forward(self, false, "isatty", args, 0);
  if (!w) return nullptr;
  if (w.value() == True()) return w;
  return pair_forward(self, true, "isatty", args, 0);
}
Ref<> pair_close(Value self, const Value* args) {
  Ref<> w = pair_forward(self, false, "close", args, 0);
  Ref<> w_error = w ? Ref<>() : fetch_error();
  Ref<> r = pair_forward(self, true, "close", args, 0);
  if (w_error) {
    if (!r) {
      Ref<> r_error = fetch_error();
      exception_set_context(r_error, w_error);
      restore_error(std::move(r_error));
      return nullptr;
    }
    restore_error(std::move(w_error));
    return nullptr;
  }
  return r;
}
Ref<> pair_get_closed(Value self) {
  RWPairObject* p = as_pair(self);
  if (!p->writer) return runtime_error("the BufferedRWPair object is being garbage-collected");
  return get_attr(p->writer, ID(closed));
}

const MethodDef rwpair_methods[] = {
    {.name = "read", .impl = pair_read, .signature = "($self, size=-1, /)"},
    {.name = "read1", .impl = pair_read1, .signature = "($self, size=-1, /)"},
    {.name = "peek", .impl = pair_peek, .signature = "($self, size=0, /)"},
    {.name = "readinto", .impl = pair_readinto, .signature = "($self, buffer, /)"},
    {.name = "readinto1", .impl = pair_readinto1, .signature = "($self, buffer, /)"},
    {.name = "write", .impl = pair_write, .signature = "($self, buffer, /)"},
    {.name = "flush", .impl = pair_flush, .signature = "($self, /)"},
    {.name = "readable", .impl = pair_readable, .signature = "($self, /)"},
    {.name = "writable", .impl = pair_writable, .signature = "($self, /)"},
    {.name = "isatty", .impl = pair_isatty, .signature = "($self, /)"},
    {.name = "close", .impl = pair_close, .signature = "($self, /)"},
    {},
};

const GetSetDef rwpair_getsets[] = {
    {"closed", pair_get_closed},
    {},
};

}  // namespace

#define BUFFERED_TYPE(variable, type_name, init_fn, methods_table, doc_text)                          \
  TypeObject variable{TypeSpec{                                                                   \
      .name = type_name,                                                                          \
      .doc = doc_text,                                                                            \
      .basic_size = sizeof(BufferedObject),                                                       \
      .flags = kTypeBaseType | kTypeHaveGC,                                                       \
      .base = &bufferediobase_type,                                                               \
      .dict_offset = offsetof(BufferedObject, dict),                                              \
      .weaklist_offset = offsetof(BufferedObject, weakreflist),                                   \
      .slots = {.dealloc = buffered_dealloc, .traverse = buffered_traverse, .clear = buffered_clear, \
                .new_instance = buffered_new, .init = init_fn, .repr = buffered_repr,             \
                .getattr = generic_get_attr, .setattr = generic_set_attr, .iter = io_iter,        \
                .iternext = buffered_iternext},                                                   \
      .methods = methods_table,                                                                   \
      .getsets = buffered_getsets,                                                                \
  }};

BUFFERED_TYPE(bufferedreader_type, "_io.BufferedReader", reader_init, reader_methods,
              "BufferedReader(raw, buffer_size=DEFAULT_BUFFER_SIZE)\n--\n\n"
              "Create a new buffered reader using the given readable raw IO object.")
BUFFERED_TYPE(bufferedwriter_type, "_io.BufferedWriter", writer_init, writer_methods,
              "BufferedWriter(raw, buffer_size=DEFAULT_BUFFER_SIZE)\n--\n\n"
              "A buffer for a writeable sequential RawIO object.\n\n"
              "The constructor creates a BufferedWriter for the given writeable raw\n"
              "stream. If the buffer_size is not given, it defaults to\nDEFAULT_BUFFER_SIZE.")
BUFFERED_TYPE(bufferedrandom_type, "_io.BufferedRandom", random_init, random_methods,
              "BufferedRandom(raw, buffer_size=DEFAULT_BUFFER_SIZE)\n--\n\n"
              "A buffered interface to random access streams.\n\n"
              "The constructor creates a reader and writer for a seekable stream,\n"
              "raw, given in the first argument. If the buffer_size is omitted it\n"
              "defaults to DEFAULT_BUFFER_SIZE.")

#undef BUFFERED_TYPE

TypeObject bufferedrwpair_type{TypeSpec{
    .name = "_io.BufferedRWPair",
    .doc = "BufferedRWPair(reader, writer, buffer_size=DEFAULT_BUFFER_SIZE, /)\n--\n\n"
           "A buffered reader and writer object together.\n\n"
           "A buffered reader object and buffered writer object put together to\n"
           "form a sequential IO object that can read and write. This is typically\n"
           "used with a socket or two-way pipe.\n\n"
           "reader and writer are RawIOBase objects that are readable and\n"
           "writeable respectively. If the buffer_size is omitted it defaults to\n"
           "DEFAULT_BUFFER_SIZE.",
    .basic_size = sizeof(RWPairObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .base = &bufferediobase_type,
    .dict_offset = offsetof(RWPairObject, dict),
    .weaklist_offset = offsetof(RWPairObject, weakreflist),
    .slots = {.dealloc = rwpair_dealloc, .traverse = rwpair_traverse, .new_instance = rwpair_new,
              .init = rwpair_init, .getattr = generic_get_attr, .setattr = generic_set_attr},
    .methods = rwpair_methods,
    .getsets = rwpair_getsets,
}};

}  // namespace krait
