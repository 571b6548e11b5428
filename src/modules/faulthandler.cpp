// The faulthandler module: on SIGSEGV, SIGFPE, SIGABRT, SIGBUS and SIGILL it writes
// "Fatal Python error: ..." and the Python stack of every thread to a file descriptor, then
// lets the signal kill the process; dump_traceback on demand, dump_traceback_later (a
// watchdog thread) and register (user signals). Everything a signal handler or the watchdog
// writes is done with write(2) and reads the frame chains without allocating or locking.
#include "modules/faulthandler.h"

#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/pytime.h"
#include "objects/code.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/module.h"
#include "objects/none.h"
#include "objects/set.h"
#include "objects/str.h"
#include "runtime/gil.h"
#include "runtime/runtime.h"
#include "runtime/signals.h"
#include "runtime/thread_state.h"
#include "vm/frame.h"

namespace krait {

namespace {

// CPython's limits for a dump: longer names are cut, deeper stacks and more threads elided.
constexpr int64_t kMaxStringLength = 500;
constexpr int kMaxFrameDepth = 100;
constexpr int kMaxThreads = 100;

// --- Async-signal-safe output ---

void write_bytes(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    data += n;
    size -= size_t(n);
  }
}

void put(int fd, const char* text) { write_bytes(fd, text, std::strlen(text)); }

void put_decimal(int fd, uint64_t value) {
  char buffer[24];
  char* end = buffer + sizeof buffer;
  char* p = end;
  do {
    *--p = char('0' + value % 10);
    value /= 10;
  } while (value);
  write_bytes(fd, p, size_t(end - p));
}

// At least `width` lowercase hex digits.
void put_hex(int fd, uint64_t value, int width) {
  char buffer[24];
  char* end = buffer + sizeof buffer;
  char* p = end;
  do {
    *--p = "0123456789abcdef"[value & 15];
    value >>= 4;
    --width;
  } while (value || width > 0);
  write_bytes(fd, p, size_t(end - p));
}

// A str as printable ASCII: other code points as \xHH, \uHHHH or \UHHHHHHHH, cut after
// kMaxStringLength code points with "...".
void put_ascii(int fd, Object* object) {
  if (!object || !is_str(Value(object))) {
    put(fd, "???");
    return;
  }
  auto* text = static_cast<StrObject*>(object);
  int64_t length = text->length;
  bool truncated = length > kMaxStringLength;
  if (truncated) length = kMaxStringLength;
  char buffer[256];
  size_t used = 0;
  for (int64_t i = 0; i < length; ++i) {
    if (used + 10 > sizeof buffer) {
      write_bytes(fd, buffer, used);
      used = 0;
    }
    char32_t c = text->at(i);
    if (c >= ' ' && c <= 126) {
      buffer[used++] = char(c);
      continue;
    }
    int digits = c <= 0xff ? 2 : c <= 0xffff ? 4 : 8;
    buffer[used++] = '\\';
    buffer[used++] = digits == 2 ? 'x' : digits == 4 ? 'u' : 'U';
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) buffer[used++] = "0123456789abcdef"[(c >> shift) & 15];
  }
  write_bytes(fd, buffer, used);
  if (truncated) put(fd, "...");
}

// --- Stacks ---

void dump_frame(int fd, Frame* frame) {
  CodeObject* code = frame->code;
  put(fd, "  File ");
  if (code->filename && is_str(Value(code->filename))) {
    put(fd, "\"");
    put_ascii(fd, code->filename);
    put(fd, "\"");
  } else {
    put(fd, "???");
  }
  put(fd, ", line ");
  int line = frame->line();
  if (line >= 0) put_decimal(fd, uint64_t(line));
  else put(fd, "???");
  put(fd, " in ");
  put_ascii(fd, code->name);
  put(fd, "\n");
}

void dump_stack(int fd, ThreadState* thread, bool write_header) {
  if (write_header) put(fd, "Stack (most recent call first):\n");
  Frame* frame = thread ? thread->frame : nullptr;
  if (!frame) {
    put(fd, "  <no Python frame>\n");
    return;
  }
  for (int depth = 0; frame; frame = frame->previous, ++depth) {
    if (depth >= kMaxFrameDepth) {
      put(fd, "  ...\n");
      break;
    }
    dump_frame(fd, frame);
  }
}

ThreadState* this_thread() { return the_runtime ? current_thread() : nullptr; }

// The Python names of native modules in sys.modules that are not in
// sys.stdlib_module_names: "Extension modules: a, b (total: 2)".
void dump_extension_modules(int fd) {
  if (!the_runtime || !runtime().modules || !runtime().sys_dict) return;
  Value stdlib_names;
  int64_t pos = 0;
  Value key, value;
  while (dict_next(static_cast<DictObject*>(runtime().sys_dict), &pos, &key, &value)) {
    if (is_str(key) && str_equal_ascii(static_cast<StrObject*>(key.as_object()), "stdlib_module_names")) {
      if (value.is_object() && is_instance_of(value, &frozenset_type)) stdlib_names = value;
      break;
    }
  }
  int64_t count = 0;
  pos = 0;
  while (dict_next(static_cast<DictObject*>(runtime().modules), &pos, &key, &value)) {
    if (!is_str(key) || !is_module(value)) continue;
    const ModuleDef* def = as_module(value)->def;
    if (!def || !def->methods) continue;
    auto* name = static_cast<StrObject*>(key.as_object());
    if (stdlib_names) {
      bool in_stdlib = false;
      int64_t set_pos = 0;
      Value item;
      int64_t hash;
      while (set_next(as_set(stdlib_names), &set_pos, &item, &hash)) {
        if (is_str(item) && str_equal(name, static_cast<StrObject*>(item.as_object()))) {
          in_stdlib = true;
          break;
        }
      }
      if (in_stdlib) continue;
    }
    put(fd, count == 0 ? "\nExtension modules: " : ", ");
    put_ascii(fd, name);
    ++count;
  }
  if (count) {
    put(fd, " (total: ");
    put_decimal(fd, uint64_t(count));
    put(fd, ")\n");
  }
}

// Dumps all threads, or only the calling one; a dump interrupted by a signal that dumps
// again (a fatal error inside a user-signal dump) writes nothing the second time.
void dump_for_handler(int fd, bool all_threads) {
  static volatile sig_atomic_t dumping = 0;
  if (dumping) return;
  dumping = 1;
  ThreadState* thread = this_thread();
  if (all_threads) faulthandler_dump_all_threads(fd, thread);
  else if (thread) dump_stack(fd, thread, true);
  dumping = 0;
}

// --- The output file of each handler ---

// An owned reference to the file object whose descriptor a handler writes to, so that it
// stays open; null for a bare descriptor.
struct FileTarget {
  int fd = -1;
  Value file;
};

void set_file(FileTarget* target, int fd, Value file) {
  Value old = target->file;
  target->file = file ? new_ref(file).release() : Value();
  target->fd = fd;
  if (old) decref(old);
}

// CPython's faulthandler_get_fileno: None means sys.stderr; an int is a descriptor;
// anything else must have fileno() (and is flushed). -1 with an exception on error;
// *file_out is the object to keep alive (null for an int).
int get_fileno(Value file, Ref<>* file_out) {
  Ref<> holder;
  if (!file || is_none(file)) {
    Value stderr_file = dict_get_utf8(static_cast<DictObject*>(runtime().sys_dict), "stderr");
    if (!stderr_file) return runtime_error("unable to get sys.stderr");
    if (is_none(stderr_file)) return runtime_error("sys.stderr is None");
    holder = new_ref(stderr_file);
  } else if (is_int(file)) {
    int64_t fd;
    if (!int_to_int64(file, &fd) || fd > INT_MAX || fd < INT_MIN)
      return overflow_error("Python int too large to convert to C int");
    if (fd < 0) return value_error("file is not a valid file descripter");
    *file_out = nullptr;
    return int(fd);
  } else {
    holder = new_ref(file);
  }
  Ref<> result = call_method0(holder, ID(fileno));
  if (!result) return -1;
  int64_t fd = -1;
  if (is_int(result) && !int_to_int64(result, &fd)) fd = -1;
  if (fd < 0 || fd >= INT_MAX) return runtime_error("file.fileno() is not a valid file descriptor");
  if (!call_method0(holder, ID(flush))) clear_error();
  *file_out = std::move(holder);
  return int(fd);
}

bool bool_arg(Value v, bool default_value, bool* out) {
  if (!v) {
    *out = default_value;
    return true;
  }
  int truth = is_true(v);
  if (truth < 0) return false;
  *out = truth;
  return true;
}

// --- Fatal signals ---

struct FatalHandler {
  int signum;
  const char* name;
  bool installed;
  struct sigaction previous;
};

FatalHandler fatal_handlers[] = {
    {SIGBUS, "Bus error", false, {}},
    {SIGILL, "Illegal instruction", false, {}},
    {SIGFPE, "Floating point exception", false, {}},
    {SIGABRT, "Aborted", false, {}},
    {SIGSEGV, "Segmentation fault", false, {}},
};

std::atomic<bool> fatal_enabled{false};
std::atomic<bool> fatal_all_threads{true};
FileTarget fatal_target;

// The handlers run on their own stack so that a stack overflow can still be reported.
constexpr size_t kAltStackSize = 64 * 1024;
void* alt_stack = nullptr;

void restore_fatal_handler(FatalHandler& handler) {
  if (!handler.installed) return;
  handler.installed = false;
  sigaction(handler.signum, &handler.previous, nullptr);
}

void fatal_signal_handler(int signum) {
  int saved_errno = errno;
  FatalHandler* handler = nullptr;
  for (FatalHandler& h : fatal_handlers) {
    if (h.signum == signum) handler = &h;
  }
  if (!handler || !handler->installed) return;
  restore_fatal_handler(*handler);
  int fd = fatal_target.fd;
  put(fd, "Fatal Python error: ");
  put(fd, handler->name);
  put(fd, "\n\n");
  dump_for_handler(fd, fatal_all_threads.load());
  dump_extension_modules(fd);
  errno = saved_errno;
  // The previous disposition (usually the default: die) takes over; SA_NODEFER lets the
  // signal through now, and a hardware fault recurs when the handler returns anyway.
  ::raise(signum);
}

bool install_alt_stack() {
  if (alt_stack) return true;
  alt_stack = std::malloc(kAltStackSize);
  if (!alt_stack) return raise_memory_error();
  stack_t stack;
  stack.ss_sp = alt_stack;
  stack.ss_size = kAltStackSize;
  stack.ss_flags = 0;
  if (sigaltstack(&stack, nullptr) != 0) {
    std::free(alt_stack);
    alt_stack = nullptr;
  }
  return true;
}

bool enable_fatal(int fd, Value file, bool all_threads) {
  if (!install_alt_stack()) return false;
  set_file(&fatal_target, fd, file);
  fatal_all_threads.store(all_threads);
  if (fatal_enabled.load()) return true;
  fatal_enabled.store(true);
  for (FatalHandler& handler : fatal_handlers) {
    struct sigaction action;
    std::memset(&action, 0, sizeof action);
    action.sa_handler = fatal_signal_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_NODEFER | (alt_stack ? SA_ONSTACK : 0);
    if (sigaction(handler.signum, &action, &handler.previous) != 0) {
      int error = errno;
      for (FatalHandler& h : fatal_handlers) restore_fatal_handler(h);
      fatal_enabled.store(false);
      return raise_os_error(error);
    }
    handler.installed = true;
  }
  return true;
}

void disable_fatal() {
  if (!fatal_enabled.exchange(false)) return;
  for (FatalHandler& handler : fatal_handlers) restore_fatal_handler(handler);
  set_file(&fatal_target, -1, Value());
}

// --- User signals (register) ---

struct UserHandler {
  bool enabled;
  bool all_threads;
  bool chain;
  int fd;
  Value file;  // owned, or null
  struct sigaction previous;
};

UserHandler user_handlers[NSIG];

int install_user_handler(int signum, bool chain, struct sigaction* previous);

void user_signal_handler(int signum) {
  UserHandler& user = user_handlers[signum];
  if (!user.enabled) return;
  int saved_errno = errno;
  dump_for_handler(user.fd, user.all_threads);
  if (user.chain) {
    // Run the previous handler now, then take the signal back.
    sigaction(signum, &user.previous, nullptr);
    errno = saved_errno;
    ::raise(signum);
    saved_errno = errno;
    install_user_handler(signum, true, nullptr);
  }
  errno = saved_errno;
}

int install_user_handler(int signum, bool chain, struct sigaction* previous) {
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_handler = user_signal_handler;
  sigemptyset(&action.sa_mask);
  // Interrupted system calls restart; a chained handler may receive its own signal.
  action.sa_flags = chain ? SA_NODEFER : SA_RESTART;
  if (alt_stack) action.sa_flags |= SA_ONSTACK;
  return sigaction(signum, &action, previous);
}

void disable_user_handler(int signum) {
  UserHandler& user = user_handlers[signum];
  if (!user.enabled) return;
  user.enabled = false;
  sigaction(signum, &user.previous, nullptr);
  if (user.file) {
    Value file = user.file;
    user.file = Value();
    decref(file);
  }
}

// The fatal signals belong to enable(); the rest must be valid signal numbers.
bool check_signum(int64_t signum) {
  for (const FatalHandler& handler : fatal_handlers) {
    if (handler.signum == signum)
      return runtime_error("signal {} cannot be registered, use enable() instead", signum);
  }
  if (signum < 1 || signum >= NSIG) return value_error("signal number out of range");
  return true;
}

bool signum_arg(Value v, int64_t* out) {
  if (!index_to_int64(v, out)) return false;
  if (*out > INT_MAX || *out < INT_MIN) return overflow_error("Python int too large to convert to C int");
  return true;
}

// --- The watchdog (dump_traceback_later) ---

// Heap-allocated and never freed: the thread may outlive every static destructor.
struct Watchdog {
  std::mutex mutex;
  std::condition_variable wake;
  bool cancelled = false;
  bool running = false;
  pid_t owner = 0;  // the process that started the thread (a forked child has no thread)
  std::thread thread;
  int fd = -1;
  Value file;  // owned (with the GIL)
  TimeNs timeout = 0;
  bool repeat = false;
  bool exit = false;
  std::string header;  // "Timeout (0:00:01)!\n"
};

Watchdog* watchdog() {
  static Watchdog* instance = new Watchdog();
  return instance;
}

void watchdog_run(Watchdog* dog) {
  std::unique_lock lock(dog->mutex);
  do {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::nanoseconds(dog->timeout);
    if (dog->wake.wait_until(lock, deadline, [dog] { return dog->cancelled; })) return;
    if (!the_runtime || runtime().finalizing) return;
    write_bytes(dog->fd, dog->header.data(), dog->header.size());
    faulthandler_dump_all_threads(dog->fd, nullptr);
    if (dog->exit) _exit(1);
  } while (dog->repeat);
}

void cancel_watchdog() {
  Watchdog* dog = watchdog();
  if (!dog->running) return;
  {
    std::lock_guard lock(dog->mutex);
    dog->cancelled = true;
  }
  dog->wake.notify_all();
  if (dog->owner == getpid()) {
    // The watchdog never takes the GIL, but joining must not hold it up for others.
    ReleaseGil released;
    dog->thread.join();
  } else {
    // Forked: the thread only exists in the parent; its handle is abandoned, never joined.
    new std::thread(std::move(dog->thread));
  }
  dog->running = false;
  if (dog->file) {
    Value file = dog->file;
    dog->file = Value();
    decref(file);
  }
}

std::string format_timeout(int64_t microseconds) {
  int64_t seconds = microseconds / 1000000, fraction = microseconds % 1000000;
  int64_t minutes = seconds / 60, hours = minutes / 60;
  char buffer[100];
  if (fraction) {
    std::snprintf(buffer, sizeof buffer, "Timeout (%lld:%02lld:%02lld.%06lld)!\n", (long long)hours,
                  (long long)(minutes % 60), (long long)(seconds % 60), (long long)fraction);
  } else {
    std::snprintf(buffer, sizeof buffer, "Timeout (%lld:%02lld:%02lld)!\n", (long long)hours,
                  (long long)(minutes % 60), (long long)(seconds % 60));
  }
  return buffer;
}

// --- Test helpers: crash on purpose ---

// No core file for a crash the tests cause deliberately.
void suppress_crash_report() {
  struct rlimit limit;
  if (getrlimit(RLIMIT_CORE, &limit) == 0) {
    limit.rlim_cur = 0;
    setrlimit(RLIMIT_CORE, &limit);
  }
}

int* volatile null_pointer = nullptr;

// Recurses with 4 KiB frames until the stack overflows; returns only after 100 MiB (an
// unlimited stack), having counted the bytes and calls.
[[gnu::noinline]] uintptr_t recurse_deeply(uintptr_t start, uintptr_t* depth, uint64_t* calls) {
  volatile unsigned char buffer[4096];
  buffer[0] = 1;
  uintptr_t here = reinterpret_cast<uintptr_t>(&buffer[0]);
  *depth = start > here ? start - here : here - start;
  ++*calls;
  if (*depth > 100 * 1024 * 1024) return buffer[0];
  return recurse_deeply(start, depth, calls) + buffer[sizeof buffer - 1];
}

void* fatal_error_thread(void*) {
  const char* message = "Fatal Python error: faulthandler_fatal_error_thread: in new thread\n"
                        "Python runtime state: initialized\n\n";
  write_bytes(2, message, std::strlen(message));
  faulthandler_dump_all_threads(2, nullptr);
  // The traceback is written; abort() must not write a second one.
  disable_fatal();
  std::abort();
}

// --- Module functions ---

Ref<> faulthandler_enable(Value, const Value* args) {
  bool all_threads;
  if (!bool_arg(args[1], true, &all_threads)) return nullptr;
  Ref<> file;
  int fd = get_fileno(args[0], &file);
  if (fd < 0) return nullptr;
  if (!enable_fatal(fd, file ? file.value() : Value(), all_threads)) return nullptr;
  return new_none();
}

Ref<> faulthandler_disable(Value, const Value*) {
  bool was_enabled = fatal_enabled.load();
  disable_fatal();
  return new_bool(was_enabled);
}

Ref<> faulthandler_is_enabled(Value, const Value*) { return new_bool(fatal_enabled.load()); }

Ref<> faulthandler_dump_traceback(Value, const Value* args) {
  bool all_threads;
  if (!bool_arg(args[1], true, &all_threads)) return nullptr;
  Ref<> file;
  int fd = get_fileno(args[0], &file);
  if (fd < 0) return nullptr;
  if (all_threads) faulthandler_dump_all_threads(fd, current_thread());
  else dump_stack(fd, current_thread(), true);
  if (run_pending_signal_handlers() < 0) return nullptr;
  return new_none();
}

Ref<> faulthandler_dump_traceback_later(Value, const Value* args) {
  TimeNs timeout;
  if (!time_from_seconds_object(args[0], TimeRounding::Up, &timeout)) return nullptr;
  int64_t microseconds = time_divide(timeout, 1000, TimeRounding::Up);
  if (microseconds <= 0) return value_error("timeout must be greater than 0");
  bool repeat, exit;
  if (!bool_arg(args[1], false, &repeat) || !bool_arg(args[3], false, &exit)) return nullptr;
  Ref<> file;
  int fd = get_fileno(args[2], &file);
  if (fd < 0) return nullptr;
  cancel_watchdog();
  Watchdog* dog = watchdog();
  dog->fd = fd;
  dog->file = file ? file.release() : Value();
  dog->timeout = microseconds * 1000;
  dog->repeat = repeat;
  dog->exit = exit;
  dog->header = format_timeout(microseconds);
  dog->cancelled = false;
  dog->thread = std::thread(watchdog_run, dog);
  dog->owner = getpid();
  dog->running = true;
  return new_none();
}

Ref<> faulthandler_cancel_dump_traceback_later(Value, const Value*) {
  cancel_watchdog();
  return new_none();
}

Ref<> faulthandler_register(Value, const Value* args) {
  int64_t signum;
  if (!signum_arg(args[0], &signum) || !check_signum(signum)) return nullptr;
  bool all_threads, chain;
  if (!bool_arg(args[2], true, &all_threads) || !bool_arg(args[3], false, &chain)) return nullptr;
  Ref<> file;
  int fd = get_fileno(args[1], &file);
  if (fd < 0) return nullptr;
  UserHandler& user = user_handlers[signum];
  if (!user.enabled) {
    if (!install_alt_stack()) return nullptr;
    if (install_user_handler(int(signum), chain, &user.previous) != 0) return raise_os_error(errno);
  }
  Value old = user.file;
  user.file = file ? file.release() : Value();
  if (old) decref(old);
  user.fd = fd;
  user.all_threads = all_threads;
  user.chain = chain;
  user.enabled = true;
  return new_none();
}

Ref<> faulthandler_unregister(Value, const Value* args) {
  int64_t signum;
  if (!signum_arg(args[0], &signum) || !check_signum(signum)) return nullptr;
  bool was_enabled = user_handlers[signum].enabled;
  disable_user_handler(int(signum));
  return new_bool(was_enabled);
}

// The null read is this function's purpose: UBSan must not stop it before the SIGSEGV.
[[gnu::no_sanitize("null")]] Ref<> faulthandler_read_null(Value, const Value*) {
  suppress_crash_report();
  int value = *null_pointer;
  return int_from_int64(value);
}

Ref<> faulthandler_sigsegv(Value, const Value* args) {
  bool release_gil;
  if (!bool_arg(args[0], false, &release_gil)) return nullptr;
  suppress_crash_report();
  if (release_gil) {
    ReleaseGil released;
    ::raise(SIGSEGV);
  } else {
    ::raise(SIGSEGV);
  }
  return new_none();
}

Ref<> faulthandler_sigabrt(Value, const Value*) {
  suppress_crash_report();
  std::abort();
}

Ref<> faulthandler_sigfpe(Value, const Value*) {
  suppress_crash_report();
  ::raise(SIGFPE);
  return new_none();
}

Ref<> faulthandler_stack_overflow(Value, const Value*) {
  suppress_crash_report();
  unsigned char here;
  uintptr_t depth = 0;
  uint64_t calls = 0;
  recurse_deeply(reinterpret_cast<uintptr_t>(&here), &depth, &calls);
  return runtime_error("unable to raise a stack overflow (allocated {} bytes on the stack, {} recursive calls)",
                       int64_t(depth), int64_t(calls));
}

Ref<> faulthandler_fatal_error_c_thread(Value, const Value*) {
  pthread_t thread;
  if (pthread_create(&thread, nullptr, fatal_error_thread, nullptr) != 0)
    return runtime_error("unable to start the thread");
  ReleaseGil released;
  pthread_join(thread, nullptr);  // never returns: the thread aborts the process
  return new_none();
}

const MethodDef faulthandler_methods[] = {
    {.name = "enable", .impl = faulthandler_enable, .signature = "($module, file=None, all_threads=True)",
     .doc = "enable(file=sys.stderr, all_threads=True): enable the fault handler"},
    {.name = "disable", .impl = faulthandler_disable, .signature = "($module, /)",
     .doc = "disable(): disable the fault handler"},
    {.name = "is_enabled", .impl = faulthandler_is_enabled, .signature = "($module, /)",
     .doc = "is_enabled()->bool: check if the handler is enabled"},
    {.name = "dump_traceback", .impl = faulthandler_dump_traceback,
     .signature = "($module, file=None, all_threads=True)",
     .doc = "dump_traceback(file=sys.stderr, all_threads=True): dump the traceback of the current thread, or "
            "of all threads if all_threads is True, into file"},
    {.name = "dump_traceback_later", .impl = faulthandler_dump_traceback_later,
     .signature = "($module, timeout, repeat=False, file=None, exit=False)",
     .doc = "dump_traceback_later(timeout, repeat=False, file=sys.stderrn, exit=False):\n"
            "dump the traceback of all threads in timeout seconds,\n"
            "or each timeout seconds if repeat is True. If exit is True, call _exit(1) which is not safe."},
    {.name = "cancel_dump_traceback_later", .impl = faulthandler_cancel_dump_traceback_later,
     .signature = "($module, /)",
     .doc = "cancel_dump_traceback_later():\ncancel the previous call to dump_traceback_later()."},
    {.name = "register", .impl = faulthandler_register,
     .signature = "($module, signum, file=None, all_threads=True, chain=False)",
     .doc = "register(signum, file=sys.stderr, all_threads=True, chain=False): register a handler for the "
            "signal 'signum': dump the traceback of the current thread, or of all threads if all_threads "
            "is True, into file"},
    {.name = "unregister", .impl = faulthandler_unregister, .signature = "($module, signum, /)",
     .doc = "unregister(signum): unregister the handler of the signal 'signum' registered by register()"},
    {.name = "_read_null", .impl = faulthandler_read_null, .signature = "($module, /)",
     .doc = "_read_null(): read from NULL, raise a SIGSEGV or SIGBUS signal depending on the platform"},
    {.name = "_sigsegv", .impl = faulthandler_sigsegv, .signature = "($module, release_gil=False, /)",
     .doc = "_sigsegv(release_gil=False): raise a SIGSEGV signal", .flags = kMethodVarargs},
    {.name = "_fatal_error_c_thread", .impl = faulthandler_fatal_error_c_thread, .signature = "($module, /)",
     .doc = "fatal_error_c_thread(): call Py_FatalError() in a new C thread."},
    {.name = "_sigabrt", .impl = faulthandler_sigabrt, .signature = "($module, /)",
     .doc = "_sigabrt(): raise a SIGABRT signal"},
    {.name = "_sigfpe", .impl = faulthandler_sigfpe, .signature = "($module, /)",
     .doc = "_sigfpe(): raise a SIGFPE signal"},
    {.name = "_stack_overflow", .impl = faulthandler_stack_overflow, .signature = "($module, /)",
     .doc = "_stack_overflow(): recursive call to raise a stack overflow"},
    {},
};

}  // namespace

void faulthandler_dump_all_threads(int fd, ThreadState* current) {
  if (!the_runtime) return;
  int count = 0;
  for (ThreadState* thread = runtime().threads; thread; thread = thread->next) {
    if (thread->thread_id == 0) continue;  // not started yet
    if (count) put(fd, "\n");
    if (count >= kMaxThreads) {
      put(fd, "...\n");
      break;
    }
    put(fd, thread == current ? "Current thread 0x" : "Thread 0x");
    put_hex(fd, thread->thread_id, int(sizeof(unsigned long) * 2));
    put(fd, " (most recent call first):\n");
    if (thread == current && runtime().gc.collecting) put(fd, "  Garbage-collecting\n");
    dump_stack(fd, thread, false);
    ++count;
  }
}

bool faulthandler_enable_from_config() {
  const Config& config = runtime().config;
  bool wanted = config.dev_mode;
  for (const std::string& option : config.xoptions) {
    if (option == "faulthandler" || option.starts_with("faulthandler=")) wanted = true;
  }
  if (!config.ignore_environment) {
    const char* variable = std::getenv("PYTHONFAULTHANDLER");
    if (variable && *variable) wanted = true;
  }
  if (!wanted) return true;
  Ref<> file;
  int fd = get_fileno(Value(), &file);
  if (fd < 0) return false;
  return enable_fatal(fd, file ? file.value() : Value(), true);
}

extern const ModuleDef module_faulthandler = {
    .name = "faulthandler",
    .doc = "faulthandler module.",
    .methods = faulthandler_methods,
};

}  // namespace krait
