// The _signal module and signal delivery (runtime/signals.h). The C-level handler only
// marks the signal as tripped, sets the eval breaker and writes the wakeup fd; the Python
// handlers run later in the main thread, between instructions or when a blocking call
// returns EINTR (run_pending_signal_handlers). Also the pending-calls queue
// (Py_AddPendingCall) that other threads use to run code in the main thread.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>

#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/pytime.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/structseq.h"
#include "objects/tuple.h"
#include "runtime/errors.h"
#include "runtime/gil.h"
#include "runtime/runtime.h"
#include "runtime/signals.h"
#include "vm/frame.h"

namespace krait {

namespace {

constexpr int kSignalCount = NSIG;  // valid signal numbers are 1 .. NSIG-1

// --- State shared with the C signal handler (async-signal-safe: lock-free atomics) ---

std::atomic<bool> tripped[kSignalCount];
std::atomic<bool> any_tripped{false};
std::atomic<int> wakeup_fd{-1};
std::atomic<bool> wakeup_warn_on_full_buffer{true};
std::atomic<int> wakeup_write_error{0};  // errno of a failed wakeup write, reported later

// The Python-level handler of each signal (owned): a callable, the ints SIG_DFL (0) /
// SIG_IGN (1), or null when the handler was not installed from Python (getsignal: None).
// Only the main thread reads or writes these, with the GIL.
Value python_handlers[kSignalCount];
Object* default_int_handler_object = nullptr;  // owned

constexpr int64_t kDefaultHandler = 0;  // SIG_DFL
constexpr int64_t kIgnoreHandler = 1;   // SIG_IGN

void c_signal_handler(int signum) {
  int saved_errno = errno;
  tripped[signum].store(true);
  any_tripped.store(true);
  if (the_runtime) request_eval_break(kBreakSignalsPending);
  int fd = wakeup_fd.load();
  if (fd != -1) {
    unsigned char byte = static_cast<unsigned char>(signum);
    ssize_t n;
    do {
      n = write(fd, &byte, 1);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && (wakeup_warn_on_full_buffer.load() || (errno != EAGAIN && errno != EWOULDBLOCK))) {
      wakeup_write_error.store(errno);
    }
  }
  errno = saved_errno;
}

bool is_main_thread() {
  return the_runtime && current_thread() && current_thread() == runtime().main_thread;
}

// Installs a C-level disposition: our handler (Python handlers; no SA_RESTART so blocking
// calls see EINTR, as in CPython), SIG_DFL or SIG_IGN. -1 with errno on failure.
int set_disposition(int signum, void (*handler)(int)) {
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_ONSTACK;
  return sigaction(signum, &action, nullptr);
}

void set_python_handler(int signum, Ref<>&& handler) {
  Value old = python_handlers[signum];
  python_handlers[signum] = handler.release();
  decref(old);
}

bool handler_is(Value handler, int64_t which) {
  return handler && handler.is_small_int() && handler.as_small_int() == which;
}

Ref<> default_int_handler(Value, const Value*) {
  return raise_with_args(&exc::KeyboardInterrupt, nullptr, 0);
}

const MethodDef default_int_handler_def = {
    .name = "default_int_handler", .impl = default_int_handler, .signature = "($module, *args)",
    .doc = "The default handler for SIGINT installed by Python.\n\n"
           "It raises KeyboardInterrupt."};

void report_wakeup_write_error(int error) {
  Ref<> pending = fetch_error();
  raise_os_error(error);
  write_unraisable_exception("Exception ignored when trying to write to the signal wakeup fd", Value());
  restore_error(std::move(pending));
}

}  // namespace

// --- runtime/signals.h ---

void install_default_signal_handlers() {
  // As CPython: a broken pipe is an EPIPE error, not death; so is exceeding RLIMIT_FSIZE.
  signal(SIGPIPE, SIG_IGN);
  signal(SIGXFSZ, SIG_IGN);
  // What each signal does now, as seen from Python (inherited dispositions included).
  for (int signum = 1; signum < kSignalCount; ++signum) {
    struct sigaction current;
    if (sigaction(signum, nullptr, &current) != 0) continue;
    if (current.sa_handler == SIG_DFL) set_python_handler(signum, new_ref(Value::small_int(kDefaultHandler)));
    else if (current.sa_handler == SIG_IGN) set_python_handler(signum, new_ref(Value::small_int(kIgnoreHandler)));
  }
  if (!default_int_handler_object) {
    Ref<> module_name = str_from_ascii("_signal");
    Ref<> function = module_name ? builtin_function_new(&default_int_handler_def, Value(), module_name) : nullptr;
    if (!function) {
      clear_error();
      return;
    }
    default_int_handler_object = function.release_object();
  }
  // Ctrl-C raises KeyboardInterrupt unless the parent made SIGINT ignored.
  if (handler_is(python_handlers[SIGINT], kDefaultHandler)) {
    set_python_handler(SIGINT, new_ref(Value(default_int_handler_object)));
    set_disposition(SIGINT, c_signal_handler);
  }
}

int run_pending_signal_handlers() {
  if (!is_main_thread()) return 0;
  runtime().eval_breaker.fetch_and(~uint32_t(kBreakSignalsPending), std::memory_order_relaxed);
  if (int error = wakeup_write_error.exchange(0)) report_wakeup_write_error(error);
  if (!any_tripped.exchange(false)) return 0;
  Frame* frame = current_thread()->frame;
  for (int signum = 1; signum < kSignalCount; ++signum) {
    if (!tripped[signum].exchange(false)) continue;
    Value handler = python_handlers[signum];
    Ref<> result;
    if (!handler || handler_is(handler, kDefaultHandler) || handler_is(handler, kIgnoreHandler)) {
      // The handler was reset after the signal arrived.
      raise(exc::OSError, "Signal {} ignored due to race condition", signum);
    } else {
      Ref<> keep = new_ref(handler);
      Value frame_object = frame ? Value(frame_object_of(frame)) : None();
      result = call2(keep, Value::small_int(signum), frame_object);
    }
    if (!result) {
      // Leave the signals not handled yet for the next check.
      any_tripped.store(true);
      request_eval_break(kBreakSignalsPending);
      return -1;
    }
  }
  return 0;
}

int trip_signal(int signum) {
  if (signum < 1 || signum >= kSignalCount) return value_error("signal number out of range");
  Value handler = python_handlers[signum];
  if (handler_is(handler, kDefaultHandler) || handler_is(handler, kIgnoreHandler)) return 0;
  c_signal_handler(signum);
  return 0;
}

int exit_by_sigint() {
  if (signal(SIGINT, SIG_DFL) == SIG_ERR) std::perror("signal");
  else if (kill(getpid(), SIGINT) < 0) std::perror("kill");
  return 128 + SIGINT;
}

void signals_after_fork() {
  for (auto& flag : tripped) flag.store(false);
  any_tripped.store(false);
  wakeup_write_error.store(0);
}

// --- Pending calls: a small queue other threads fill and the main thread drains ---

namespace {

struct PendingCall {
  int (*fn)(void*);
  void* arg;
};
constexpr int kMaxPendingCalls = 32;
std::mutex pending_mutex;
PendingCall pending_calls[kMaxPendingCalls];
int pending_first = 0, pending_count = 0;

}  // namespace

bool add_pending_call(int (*fn)(void* arg), void* arg) {
  std::lock_guard<std::mutex> lock(pending_mutex);
  if (pending_count == kMaxPendingCalls) return false;
  pending_calls[(pending_first + pending_count) % kMaxPendingCalls] = {fn, arg};
  ++pending_count;
  request_eval_break(kBreakPendingCalls);
  return true;
}

int run_pending_calls() {
  if (!is_main_thread()) return 0;
  runtime().eval_breaker.fetch_and(~uint32_t(kBreakPendingCalls), std::memory_order_relaxed);
  for (;;) {
    PendingCall call;
    {
      std::lock_guard<std::mutex> lock(pending_mutex);
      if (pending_count == 0) return 0;
      call = pending_calls[pending_first];
      pending_first = (pending_first + 1) % kMaxPendingCalls;
      --pending_count;
    }
    if (call.fn(call.arg) < 0) {
      // Run the rest at the next check.
      std::lock_guard<std::mutex> lock(pending_mutex);
      if (pending_count) request_eval_break(kBreakPendingCalls);
      return -1;
    }
  }
}

// --- The _signal module ---

namespace {

bool signal_number_arg(Value v, int* out) {
  int64_t value;
  if (!is_int(v) && !type_of(v)->to_index) {
    return type_error("'{}' object cannot be interpreted as an integer", type_name(v));
  }
  if (!index_to_int64(v, &value)) return false;
  if (value > INT32_MAX || value < INT32_MIN) return overflow_error("Python int too large to convert to C int");
  *out = int(value);
  return true;
}

bool checked_signal_number(Value v, int* out) {
  if (!signal_number_arg(v, out)) return false;
  if (*out < 1 || *out >= kSignalCount) return value_error("signal number out of range");
  return true;
}

Ref<> python_handler_or_none(int signum) {
  Value handler = python_handlers[signum];
  return handler ? new_ref(handler) : new_none();
}

Ref<> signal_signal(Value, const Value* args) {
  int signum;
  if (!signal_number_arg(args[0], &signum)) return nullptr;
  Value handler = args[1];
  if (!is_main_thread()) return value_error("signal only works in main thread of the main interpreter");
  if (signum < 1 || signum >= kSignalCount) return value_error("signal number out of range");
  // SIG_DFL is a null pointer, so whether the handler was recognised is tracked apart.
  void (*disposition)(int) = c_signal_handler;
  int64_t which;
  if (is_int(handler) && int_to_int64(handler, &which) && (which == kIgnoreHandler || which == kDefaultHandler)) {
    disposition = which == kIgnoreHandler ? SIG_IGN : SIG_DFL;
  } else if (!is_callable(handler)) {
    return type_error("signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object");
  }
  // Handlers of signals that already arrived run first, under the old handler.
  if (run_pending_signal_handlers() < 0) return nullptr;
  if (set_disposition(signum, disposition) != 0) return raise_os_error(errno);
  Ref<> old = python_handler_or_none(signum);
  Ref<> stored = disposition == SIG_IGN   ? new_ref(Value::small_int(kIgnoreHandler))
                 : disposition == SIG_DFL ? new_ref(Value::small_int(kDefaultHandler))
                                          : new_ref(handler);
  set_python_handler(signum, std::move(stored));
  return old;
}

Ref<> signal_getsignal(Value, const Value* args) {
  int signum;
  if (!checked_signal_number(args[0], &signum)) return nullptr;
  return python_handler_or_none(signum);
}

Ref<> signal_raise_signal(Value, const Value* args) {
  int signum;
  if (!checked_signal_number(args[0], &signum)) return nullptr;
  if (::raise(signum) != 0) return raise_os_error(errno);
  if (run_pending_signal_handlers() < 0) return nullptr;
  return new_none();
}

Ref<> signal_strsignal(Value, const Value* args) {
  int signum;
  if (!checked_signal_number(args[0], &signum)) return nullptr;
  const char* text = strsignal(signum);
  if (!text || std::strstr(text, "Unknown signal")) return new_none();
  return str_from_utf8(text);
}

Ref<> set_from_sigset(const sigset_t& set) {
  Ref<SetObject> result = set_new();
  if (!result) return nullptr;
  for (int signum = 1; signum < kSignalCount; ++signum) {
    if (sigismember(&set, signum) == 1 && !set_add(result.get(), Value::small_int(signum))) return nullptr;
  }
  return result;
}

bool sigset_arg(Value v, sigset_t* out) {
  sigemptyset(out);
  return for_each(v, [&](Value item) {
    if (!is_int(item) && !type_of(item)->to_index) {
      return bool(type_error("'{}' object cannot be interpreted as an integer", type_name(item)));
    }
    Ref<> index = number_index(item);
    if (!index) return false;
    // As CPython's PyLong_AsLongAndOverflow: a number too large to be a C long reads -1.
    int64_t signum;
    if (!int_to_int64(index, &signum)) signum = -1;
    if (signum <= 0 || signum >= kSignalCount) {
      return bool(value_error("signal number {} out of range [1; {}]", signum, kSignalCount - 1));
    }
    // Signals glibc reserves for itself (32, 33) are left out by sigaddset, as in CPython.
    sigaddset(out, int(signum));
    return true;
  });
}

Ref<> signal_valid_signals(Value, const Value*) {
  sigset_t all;
  if (sigfillset(&all) != 0) return raise_os_error(errno);
  return set_from_sigset(all);
}

Ref<> signal_alarm(Value, const Value* args) {
  int seconds;
  if (!signal_number_arg(args[0], &seconds)) return nullptr;
  return int_from_int64(alarm(unsigned(seconds)));
}

Ref<> signal_pause(Value, const Value*) {
  if (run_pending_signal_handlers() < 0) return nullptr;
  {
    ReleaseGil released;
    pause();
  }
  if (run_pending_signal_handlers() < 0) return nullptr;
  return new_none();
}

Ref<> signal_set_wakeup_fd(Value, const Value* args) {
  int fd;
  if (!signal_number_arg(args[0], &fd)) return nullptr;
  int warn = is_true(args[1]);
  if (warn < 0) return nullptr;
  if (!is_main_thread()) {
    return value_error("set_wakeup_fd only works in main thread of the main interpreter");
  }
  if (fd != -1) {
    struct stat st;
    if (fstat(fd, &st) != 0) return raise_os_error(errno);
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) return raise_os_error(errno);
    if (!(flags & O_NONBLOCK)) return value_error("the fd {} must be in non-blocking mode", fd);
  }
  int old = wakeup_fd.exchange(fd);
  wakeup_warn_on_full_buffer.store(warn != 0);
  return int_from_int64(old);
}

Ref<> signal_siginterrupt(Value, const Value* args) {
  int signum;
  if (!checked_signal_number(args[0], &signum)) return nullptr;
  int flag = is_true(args[1]);
  if (flag < 0) return nullptr;
  struct sigaction action;
  if (sigaction(signum, nullptr, &action) != 0) return raise_os_error(errno);
  if (flag) action.sa_flags &= ~SA_RESTART;
  else action.sa_flags |= SA_RESTART;
  if (sigaction(signum, &action, nullptr) != 0) return raise_os_error(errno);
  return new_none();
}

// --- Interval timers ---

Object* itimer_error_type = nullptr;  // signal.itimer_error, made by the module (owned)

Ref<> itimer_result(const struct itimerval& value) {
  auto seconds = [](const struct timeval& tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; };
  Ref<> delay = float_from_double(seconds(value.it_value));
  Ref<> interval = float_from_double(seconds(value.it_interval));
  if (!delay || !interval) return nullptr;
  return tuple_of({delay.value(), interval.value()});
}

Raised itimer_error(int error) {
  Ref<> number = int_from_int64(error);
  Ref<> message = str_from_utf8(std::strerror(error));
  if (!number || !message) return Raised();
  Value values[2] = {number, message};
  Ref<> exception = call(Value(itimer_error_type), values, 2);
  if (!exception) return Raised();
  return raise_exception(exception);
}

bool timeval_arg(Value v, struct timeval* out) {
  time_t seconds;
  long microseconds;
  if (!timespec_from_object(v, TimeRounding::Ceiling, &seconds, &microseconds, 1000000)) return false;
  out->tv_sec = seconds;
  out->tv_usec = microseconds;
  // A positive value too small for a microsecond still arms the timer.
  return true;
}

Ref<> signal_setitimer(Value, const Value* args) {
  int which;
  if (!signal_number_arg(args[0], &which)) return nullptr;
  struct itimerval value, old;
  if (!timeval_arg(args[1], &value.it_value) || !timeval_arg(args[2], &value.it_interval)) return nullptr;
  if (setitimer(__itimer_which_t(which), &value, &old) != 0) return itimer_error(errno);
  return itimer_result(old);
}

Ref<> signal_getitimer(Value, const Value* args) {
  int which;
  if (!signal_number_arg(args[0], &which)) return nullptr;
  struct itimerval old;
  if (getitimer(__itimer_which_t(which), &old) != 0) return itimer_error(errno);
  return itimer_result(old);
}

// --- Threads and masks ---

Ref<> signal_pthread_kill(Value, const Value* args) {
  Ref<> index = number_index(args[0]);
  if (!index) return nullptr;
  int64_t thread_id;
  if (!int_to_int64(index, &thread_id)) {
    mpz_t z;
    mpz_init(z);
    int_to_mpz(index, z);
    bool fits = mpz_sgn(z) >= 0 && mpz_sizeinbase(z, 2) <= 64;
    thread_id = fits ? int64_t(mpz_get_ui(z)) : 0;
    mpz_clear(z);
    if (!fits) return overflow_error("Python int too large to convert to C unsigned long");
  }
  int signum;
  if (!signal_number_arg(args[1], &signum)) return nullptr;
  int error = pthread_kill(pthread_t(thread_id), signum);
  if (error) return raise_os_error(error);
  if (run_pending_signal_handlers() < 0) return nullptr;
  return new_none();
}

Ref<> signal_pthread_sigmask(Value, const Value* args) {
  int how;
  sigset_t mask, previous;
  if (!signal_number_arg(args[0], &how) || !sigset_arg(args[1], &mask)) return nullptr;
  int error = pthread_sigmask(how, &mask, &previous);
  if (error) return raise_os_error(error);
  if (run_pending_signal_handlers() < 0) return nullptr;
  return set_from_sigset(previous);
}

Ref<> signal_sigpending(Value, const Value*) {
  sigset_t set;
  if (sigpending(&set) != 0) return raise_os_error(errno);
  return set_from_sigset(set);
}

Ref<> signal_sigwait(Value, const Value* args) {
  sigset_t set;
  if (!sigset_arg(args[0], &set)) return nullptr;
  int signum = 0, error;
  {
    ReleaseGil released;
    error = sigwait(&set, &signum);
  }
  if (error) return raise_os_error(error);
  return int_from_int64(signum);
}

const StructSeqField siginfo_fields[] = {
    {"si_signo", "signal number"},
    {"si_code", "signal code"},
    {"si_errno", "errno associated with this signal"},
    {"si_pid", "sending process ID"},
    {"si_uid", "real user ID of sending process"},
    {"si_status", "exit value or signal"},
    {"si_band", "band event for SIGPOLL"},
    {},
};
StructSeqType siginfo_type{"signal.struct_siginfo",
                           "struct_siginfo: Result from sigwaitinfo or sigtimedwait.\n\n"
                           "This object may be accessed either as a tuple of\n"
                           "(si_signo, si_code, si_errno, si_pid, si_uid, si_status, si_band),\n"
                           "or via the attributes si_signo, si_code, and so on.",
                           siginfo_fields, 7};

Ref<> siginfo_result(const siginfo_t& info) {
  Ref<TupleObject> result = structseq_new(&siginfo_type);
  if (!result) return nullptr;
  int64_t values[] = {info.si_signo, info.si_code, info.si_errno, info.si_pid,
                      int64_t(info.si_uid), info.si_status, info.si_band};
  for (int i = 0; i < 7; ++i) {
    Ref<> value = int_from_int64(values[i]);
    if (!value) return nullptr;
    structseq_set(result.get(), i, std::move(value));
  }
  return result;
}

Ref<> signal_sigwaitinfo(Value, const Value* args) {
  sigset_t set;
  if (!sigset_arg(args[0], &set)) return nullptr;
  siginfo_t info;
  for (;;) {
    int result;
    int saved;
    {
      ReleaseGil released;
      result = sigwaitinfo(&set, &info);
      saved = errno;
    }
    if (result >= 0) break;
    if (saved != EINTR) return raise_os_error(saved);
    if (run_pending_signal_handlers() < 0) return nullptr;
  }
  return siginfo_result(info);
}

Ref<> signal_sigtimedwait(Value, const Value* args) {
  sigset_t set;
  if (!sigset_arg(args[0], &set)) return nullptr;
  TimeNs timeout;
  if (!time_from_seconds_object(args[1], TimeRounding::Ceiling, &timeout)) return nullptr;
  if (timeout < 0) return value_error("timeout must be non-negative");
  TimeNs deadline = deadline_after(timeout);
  siginfo_t info;
  for (;;) {
    struct timespec ts = time_as_timespec(timeout);
    int result, saved;
    {
      ReleaseGil released;
      result = sigtimedwait(&set, &info, &ts);
      saved = errno;
    }
    if (result >= 0) break;
    if (saved == EAGAIN) return new_none();
    if (saved != EINTR) return raise_os_error(saved);
    if (run_pending_signal_handlers() < 0) return nullptr;
    timeout = deadline - monotonic_ns();
    if (timeout < 0) return new_none();
  }
  return siginfo_result(info);
}

Ref<> signal_pidfd_send_signal(Value, const Value* args) {
  int pidfd, signum, flags;
  if (!signal_number_arg(args[0], &pidfd) || !signal_number_arg(args[1], &signum) ||
      !signal_number_arg(args[3], &flags)) {
    return nullptr;
  }
  if (!is_none(args[2])) return type_error("siginfo must be None");
  if (syscall(SYS_pidfd_send_signal, pidfd, signum, nullptr, flags) < 0) {
    return raise_os_error(errno);
  }
  // A signal sent to ourselves runs its handler before the caller's next instruction.
  if (run_pending_signal_handlers() < 0) return nullptr;
  return new_none();
}

const MethodDef signal_methods[] = {
    {.name = "alarm", .impl = signal_alarm, .signature = "($module, seconds, /)",
     .doc = "Arrange for SIGALRM to arrive after the given number of seconds."},
    {.name = "setitimer", .impl = signal_setitimer, .signature = "($module, which, seconds, interval=0.0, /)",
     .doc = "Sets given itimer (one of ITIMER_REAL, ITIMER_VIRTUAL or ITIMER_PROF)."},
    {.name = "getitimer", .impl = signal_getitimer, .signature = "($module, which, /)",
     .doc = "Returns current value of given itimer."},
    {.name = "signal", .impl = signal_signal, .signature = "($module, signalnum, handler, /)",
     .doc = "Set the action for the given signal."},
    {.name = "raise_signal", .impl = signal_raise_signal, .signature = "($module, signalnum, /)",
     .doc = "Send a signal to the executing process."},
    {.name = "strsignal", .impl = signal_strsignal, .signature = "($module, signalnum, /)",
     .doc = "Return the system description of the given signal."},
    {.name = "getsignal", .impl = signal_getsignal, .signature = "($module, signalnum, /)",
     .doc = "Return the current action for the given signal."},
    {.name = "set_wakeup_fd", .impl = signal_set_wakeup_fd,
     .signature = "($module, fd, /, *, warn_on_full_buffer=True)",
     .doc = "Sets the fd to be written to (with the signal number) when a signal comes in."},
    {.name = "siginterrupt", .impl = signal_siginterrupt, .signature = "($module, signalnum, flag, /)",
     .doc = "Change system call restart behaviour."},
    {.name = "pause", .impl = signal_pause, .signature = "($module, /)",
     .doc = "Wait until a signal arrives."},
    {.name = "pidfd_send_signal", .impl = signal_pidfd_send_signal,
     .signature = "($module, pidfd, signalnum, siginfo=None, flags=0, /)",
     .doc = "Send a signal to a process referred to by a pid file descriptor."},
    {.name = "pthread_kill", .impl = signal_pthread_kill, .signature = "($module, thread_id, signalnum, /)",
     .doc = "Send a signal to a thread."},
    {.name = "pthread_sigmask", .impl = signal_pthread_sigmask, .signature = "($module, how, mask, /)",
     .doc = "Fetch and/or change the signal mask of the calling thread."},
    {.name = "sigpending", .impl = signal_sigpending, .signature = "($module, /)",
     .doc = "Examine pending signals."},
    {.name = "sigwait", .impl = signal_sigwait, .signature = "($module, sigset, /)",
     .doc = "Wait for a signal."},
    {.name = "sigwaitinfo", .impl = signal_sigwaitinfo, .signature = "($module, sigset, /)",
     .doc = "Wait synchronously until one of the signals in *sigset* is delivered."},
    {.name = "sigtimedwait", .impl = signal_sigtimedwait, .signature = "($module, sigset, timeout, /)",
     .doc = "Like sigwaitinfo(), but with a timeout."},
    {.name = "valid_signals", .impl = signal_valid_signals, .signature = "($module, /)",
     .doc = "Return a set of valid signal numbers on this platform."},
    {},
};

struct SignalConstant {
  const char* name;
  int value;
};

const SignalConstant signal_constants[] = {
    {"NSIG", NSIG}, {"SIG_BLOCK", SIG_BLOCK}, {"SIG_UNBLOCK", SIG_UNBLOCK},
    {"SIG_SETMASK", SIG_SETMASK}, {"SIGHUP", SIGHUP}, {"SIGINT", SIGINT}, {"SIGQUIT", SIGQUIT},
    {"SIGILL", SIGILL}, {"SIGTRAP", SIGTRAP}, {"SIGIOT", SIGIOT}, {"SIGABRT", SIGABRT},
    {"SIGFPE", SIGFPE}, {"SIGKILL", SIGKILL}, {"SIGBUS", SIGBUS}, {"SIGSEGV", SIGSEGV},
    {"SIGSYS", SIGSYS}, {"SIGPIPE", SIGPIPE}, {"SIGALRM", SIGALRM}, {"SIGTERM", SIGTERM},
    {"SIGUSR1", SIGUSR1}, {"SIGUSR2", SIGUSR2}, {"SIGCLD", SIGCHLD}, {"SIGCHLD", SIGCHLD},
    {"SIGPWR", SIGPWR}, {"SIGIO", SIGIO}, {"SIGURG", SIGURG}, {"SIGWINCH", SIGWINCH},
    {"SIGPOLL", SIGPOLL}, {"SIGSTOP", SIGSTOP}, {"SIGTSTP", SIGTSTP}, {"SIGCONT", SIGCONT},
    {"SIGTTIN", SIGTTIN}, {"SIGTTOU", SIGTTOU}, {"SIGVTALRM", SIGVTALRM}, {"SIGPROF", SIGPROF},
    {"SIGXCPU", SIGXCPU}, {"SIGXFSZ", SIGXFSZ}, {"SIGRTMIN", 0}, {"SIGRTMAX", 0},
    {"SIGSTKFLT", SIGSTKFLT}, {"ITIMER_REAL", ITIMER_REAL}, {"ITIMER_VIRTUAL", ITIMER_VIRTUAL},
    {"ITIMER_PROF", ITIMER_PROF}, {"SIG_DFL", int(kDefaultHandler)}, {"SIG_IGN", int(kIgnoreHandler)},
};

bool signal_exec(ModuleObject* module) {
  for (const SignalConstant& c : signal_constants) {
    // SIGRTMIN/SIGRTMAX are functions in glibc (NPTL reserves the first real-time signals).
    int value = std::strcmp(c.name, "SIGRTMIN") == 0   ? SIGRTMIN
                : std::strcmp(c.name, "SIGRTMAX") == 0 ? SIGRTMAX
                                                       : c.value;
    if (!module_add_int(module, c.name, value)) return false;
  }
  if (!default_int_handler_object) install_default_signal_handlers();
  if (!default_int_handler_object ||
      !module_add_object(module, "default_int_handler", Value(default_int_handler_object))) {
    return false;
  }
  if (!itimer_error_type) {
    Ref<> name = str_from_ascii("itimer_error");
    Ref<> bases = tuple_of({Value(&exc::OSError)});
    Ref<DictObject> namespace_dict = dict_new();
    Ref<> module_name = str_from_ascii("signal");
    if (!name || !bases || !namespace_dict || !module_name ||
        !dict_set_str(namespace_dict.get(), "__module__", module_name)) {
      return false;
    }
    Ref<> type = call3(Value(&type_type), name, bases, namespace_dict.value());
    if (!type) return false;
    itimer_error_type = type.release_object();
  }
  if (!module_add_object(module, "ItimerError", Value(itimer_error_type))) return false;
  return structseq_ready(&siginfo_type) && module_add_type(module, &siginfo_type);
}

}  // namespace

extern const ModuleDef module__signal = {
    .name = "_signal",
    .doc = "This module provides mechanisms to use signal handlers in Python.\n\n"
           "Functions:\n\n"
           "alarm() -- cause SIGALRM after a specified time [Unix only]\n"
           "setitimer() -- cause a signal (described below) after a specified\n"
           "               float time and the timer may restart then [Unix only]\n"
           "getitimer() -- get current value of timer [Unix only]\n"
           "signal() -- set the action for a given signal\n"
           "getsignal() -- get the signal action for a given signal\n"
           "pause() -- wait until a signal arrives [Unix only]\n"
           "default_int_handler() -- default SIGINT handler\n\n"
           "signal constants:\n"
           "SIG_DFL -- used to refer to the system default handler\n"
           "SIG_IGN -- used to ignore the signal\n"
           "NSIG -- number of defined signals\n"
           "SIGINT, SIGTERM, etc. -- signal numbers\n\n"
           "itimer constants:\n"
           "ITIMER_REAL -- decrements in real time, and delivers SIGALRM upon\n"
           "               expiration\n"
           "ITIMER_VIRTUAL -- decrements only when the process is executing,\n"
           "               and delivers SIGVTALRM upon expiration\n"
           "ITIMER_PROF -- decrements both when the process is executing and\n"
           "               when the system is executing on behalf of the process.\n"
           "               Coupled with ITIMER_VIRTUAL, this timer is usually\n"
           "               used to profile the time spent by the application\n"
           "               in user and kernel space. SIGPROF is delivered upon\n"
           "               expiration.\n\n\n"
           "*** IMPORTANT NOTICE ***\n"
           "A signal handler function is called with two arguments:\n"
           "the first is the signal number, the second is the interrupted stack frame.",
    .methods = signal_methods,
    .exec = signal_exec,
};

}  // namespace krait
