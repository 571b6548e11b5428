// _thread: OS threads running Python code under the GIL, locks and reentrant locks.
// Waiting for a lock releases the GIL; in the main thread the wait wakes periodically so
// that signal handlers (KeyboardInterrupt) run, as CPython's interruptible acquire does.
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/alloc.h"
#include "core/args.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/errors.h"
#include "runtime/gil.h"
#include "runtime/runtime.h"
#include "runtime/signals.h"
#include "runtime/threads.h"

namespace krait {

extern TypeObject lock_type;
extern TypeObject rlock_type;

namespace {

constexpr double kTimeoutMax = 9223372036.0;  // seconds, as CPython's PY_TIMEOUT_MAX / 1e9

// A binary semaphore: any thread may release what another acquired.
struct Semaphore {
  std::mutex mutex;
  std::condition_variable released;
  bool locked = false;

  bool try_acquire() {
    std::lock_guard guard(mutex);
    if (locked) return false;
    locked = true;
    return true;
  }
  // Waits up to `timeout` seconds (< 0: forever). Returns true if acquired. Wakes every
  // `slice` to let the caller check for signals.
  template <class Check>
  int acquire(double timeout, Check&& interrupted) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout < 0 ? 0 : timeout);
    std::unique_lock lock(mutex);
    for (;;) {
      if (!locked) {
        locked = true;
        return 1;
      }
      auto slice = std::chrono::milliseconds(20);
      if (timeout >= 0) {
        auto now = std::chrono::steady_clock::now();
        if (now >= deadline) return 0;
        auto until = now + slice < deadline ? now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(slice) : std::chrono::time_point_cast<std::chrono::steady_clock::duration>(deadline);
        released.wait_until(lock, until);
      } else {
        released.wait_for(lock, slice);
      }
      if (locked && interrupted()) return -1;
    }
  }
  void release() {
    {
      std::lock_guard guard(mutex);
      locked = false;
    }
    released.notify_one();
  }
};

struct LockObject : Object {
  Semaphore* semaphore;
  Object* weakreflist;
};

struct RLockObject : Object {
  Semaphore* semaphore;
  uint64_t owner;
  int64_t count;
  Object* weakreflist;
};

bool parse_timeout(Value blocking_value, Value timeout_value, double* timeout) {
  int blocking = is_true(blocking_value);
  if (blocking < 0) return false;
  double t = -1;
  if (timeout_value && !is_none(timeout_value)) {
    if (!number_to_double(timeout_value, &t)) return false;
  }
  if (!blocking && t != -1) return value_error("can't specify a timeout for a non-blocking call");
  if (t < 0 && t != -1) return value_error("timeout value must be a non-negative number");
  if (t > kTimeoutMax) return overflow_error("timeout value is too large");
  *timeout = blocking ? t : 0;
  return true;
}

// Acquires with the GIL released. 1 acquired, 0 timed out, -1 error (a signal handler raised).
int acquire_semaphore(Semaphore* semaphore, double timeout) {
  if (semaphore->try_acquire()) return 1;
  if (timeout == 0) return 0;
  ThreadState* thread = current_thread();
  bool is_main = thread == runtime().main_thread;
  for (;;) {
    int r;
    {
      ReleaseGil released;
      r = semaphore->acquire(timeout, [&] {
        return is_main && (runtime().eval_breaker.load(std::memory_order_relaxed) & kBreakSignalsPending);
      });
    }
    if (r >= 0) return r;
    // A signal arrived: run the handlers (they may raise), then keep waiting.
    if (run_pending_signal_handlers() < 0) return -1;
  }
}

// --- lock ---

Ref<> lock_new_object(TypeObject* type) {
  auto* lock = allocate<LockObject>(type);
  if (!lock) return nullptr;
  lock->semaphore = new Semaphore();
  return Ref<>::steal(Value(lock));
}

LockObject* as_lock(Value v) { return static_cast<LockObject*>(v.as_object()); }

void lock_dealloc(Object* o) {
  auto* lock = static_cast<LockObject*>(o);
  if (lock->weakreflist) clear_weakrefs(o);
  delete lock->semaphore;
  free_object(o);
}

Ref<> lock_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (nargs || (kwnames && kwnames->length)) return type_error("lock() takes no arguments");
  return lock_new_object(type);
}

Ref<> lock_acquire(Value self, const Value* args) {
  double timeout;
  if (!parse_timeout(args[0], args[1], &timeout)) return nullptr;
  int r = acquire_semaphore(as_lock(self)->semaphore, timeout);
  if (r < 0) return nullptr;
  return new_bool(r);
}

Ref<> lock_release(Value self, const Value* args) {
  Semaphore* s = as_lock(self)->semaphore;
  {
    std::lock_guard guard(s->mutex);
    if (!s->locked) return runtime_error("release unlocked lock");
  }
  s->release();
  return new_none();
}

Ref<> lock_exit(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  return lock_release(self, nullptr);
}

Ref<> lock_locked(Value self, const Value* args) {
  Semaphore* s = as_lock(self)->semaphore;
  std::lock_guard guard(s->mutex);
  return new_bool(s->locked);
}

Ref<> lock_at_fork_reinit(Value self, const Value* args) {
  LockObject* lock = as_lock(self);
  lock->semaphore = new Semaphore();  // the old one may be held by a thread that no longer exists
  return new_none();
}

Ref<> lock_repr(Value self) {
  Semaphore* s = as_lock(self)->semaphore;
  bool locked;
  {
    std::lock_guard guard(s->mutex);
    locked = s->locked;
  }
  return str_from_utf8(format_message("<{} {} object at {}>", locked ? "locked" : "unlocked",
                                      type_of(self)->name, address_text(self.as_object())));
}

const MethodDef lock_methods[] = {
    {.name = "acquire", .impl = lock_acquire, .signature = "($self, blocking=True, timeout=-1)",
     .doc = "Lock the lock."},
    {.name = "acquire_lock", .impl = lock_acquire, .signature = "($self, blocking=True, timeout=-1)"},
    {.name = "__enter__", .impl = lock_acquire, .signature = "($self, blocking=True, timeout=-1)",
     .doc = "Lock the lock."},
    {.name = "release", .impl = lock_release, .signature = "($self, /)", .doc = "Release the lock."},
    {.name = "release_lock", .impl = lock_release, .signature = "($self, /)"},
    {.name = "__exit__", .raw = lock_exit, .doc = "Release the lock."},
    {.name = "locked", .impl = lock_locked, .signature = "($self, /)",
     .doc = "Test whether the lock is currently locked."},
    {.name = "locked_lock", .impl = lock_locked, .signature = "($self, /)"},
    {.name = "_at_fork_reinit", .impl = lock_at_fork_reinit, .signature = "($self, /)"},
    {},
};

// --- RLock ---

RLockObject* as_rlock(Value v) { return static_cast<RLockObject*>(v.as_object()); }

Ref<> rlock_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  auto* lock = allocate<RLockObject>(type);
  if (!lock) return nullptr;
  lock->semaphore = new Semaphore();
  return Ref<>::steal(Value(lock));
}

void rlock_dealloc(Object* o) {
  auto* lock = static_cast<RLockObject*>(o);
  if (lock->weakreflist) clear_weakrefs(o);
  delete lock->semaphore;
  free_object(o);
}

Ref<> rlock_acquire(Value self, const Value* args) {
  RLockObject* lock = as_rlock(self);
  double timeout;
  if (!parse_timeout(args[0], args[1], &timeout)) return nullptr;
  uint64_t me = current_thread()->thread_id;
  if (lock->count > 0 && lock->owner == me) {
    ++lock->count;
    return new_bool(true);
  }
  int r = acquire_semaphore(lock->semaphore, timeout);
  if (r < 0) return nullptr;
  if (r) {
    lock->owner = me;
    lock->count = 1;
  }
  return new_bool(r);
}

Ref<> rlock_release(Value self, const Value* args) {
  RLockObject* lock = as_rlock(self);
  if (lock->count == 0 || lock->owner != current_thread()->thread_id) {
    return runtime_error("cannot release un-acquired lock");
  }
  if (--lock->count == 0) {
    lock->owner = 0;
    lock->semaphore->release();
  }
  return new_none();
}

Ref<> rlock_exit(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  return rlock_release(self, nullptr);
}

Ref<> rlock_is_owned(Value self, const Value* args) {
  RLockObject* lock = as_rlock(self);
  return new_bool(lock->count > 0 && lock->owner == current_thread()->thread_id);
}

Ref<> rlock_release_save(Value self, const Value* args) {
  RLockObject* lock = as_rlock(self);
  if (lock->count == 0) return runtime_error("cannot release un-acquired lock");
  Ref<> count = int_from_int64(lock->count);
  Ref<> owner = int_from_uint64(lock->owner);
  lock->count = 0;
  lock->owner = 0;
  lock->semaphore->release();
  return tuple_of({count.value(), owner.value()});
}

Ref<> rlock_acquire_restore(Value self, const Value* args) {
  RLockObject* lock = as_rlock(self);
  if (!is_tuple(args[0]) || as_tuple(args[0])->length != 2) {
    return type_error("_acquire_restore() argument 1 must be tuple");
  }
  int64_t count;
  int64_t owner;
  if (!int_as_int64(as_tuple(args[0])->items[0], &count) ||
      !int_to_int64(as_tuple(args[0])->items[1], &owner)) {
    return nullptr;
  }
  if (acquire_semaphore(lock->semaphore, -1) < 0) return nullptr;
  lock->owner = uint64_t(owner);
  lock->count = count;
  return new_none();
}

Ref<> rlock_recursion_count(Value self, const Value* args) {
  RLockObject* lock = as_rlock(self);
  return int_from_int64(lock->owner == current_thread()->thread_id ? lock->count : 0);
}

Ref<> rlock_at_fork_reinit(Value self, const Value* args) {
  RLockObject* lock = as_rlock(self);
  lock->semaphore = new Semaphore();
  lock->owner = 0;
  lock->count = 0;
  return new_none();
}

Ref<> rlock_repr(Value self) {
  RLockObject* lock = as_rlock(self);
  return str_from_utf8(format_message("<{} {}.{} object owner={} count={} at {}>",
                                      lock->count ? "locked" : "unlocked", "_thread", "RLock",
                                      lock->owner, lock->count, address_text(lock)));
}

const MethodDef rlock_methods[] = {
    {.name = "acquire", .impl = rlock_acquire, .signature = "($self, blocking=True, timeout=-1)"},
    {.name = "__enter__", .impl = rlock_acquire, .signature = "($self, blocking=True, timeout=-1)"},
    {.name = "release", .impl = rlock_release, .signature = "($self, /)"},
    {.name = "__exit__", .raw = rlock_exit},
    {.name = "_is_owned", .impl = rlock_is_owned, .signature = "($self, /)"},
    {.name = "_release_save", .impl = rlock_release_save, .signature = "($self, /)"},
    {.name = "_acquire_restore", .impl = rlock_acquire_restore, .signature = "($self, state, /)"},
    {.name = "_recursion_count", .impl = rlock_recursion_count, .signature = "($self, /)"},
    {.name = "_at_fork_reinit", .impl = rlock_at_fork_reinit, .signature = "($self, /)"},
    {},
};

// --- Threads ---

struct Bootstate {
  Value function;
  Value args;
  Value kwargs;
  ThreadState* thread;
};

void run_thread(Bootstate* boot) {
  ThreadState* thread = boot->thread;
  thread_state_attach(thread);  // takes the GIL
  Ref<> function = Ref<>::steal(boot->function);
  Ref<> args = Ref<>::steal(boot->args);
  Ref<> kwargs = Ref<>::steal(boot->kwargs);
  delete boot;
  Ref<> result = call_tuple_dict(function, args, kwargs ? kwargs.value() : Value());
  if (!result) {
    if (error_matches(&exc::SystemExit)) {
      clear_error();
    } else {
      write_unraisable_exception("Exception ignored in thread started by", function);
    }
  }
  result.reset();
  function.reset();
  args.reset();
  kwargs.reset();
  thread_state_detach_and_delete(thread);  // releases the GIL
}

Ref<> thread_start_new_thread(Value, const Value* args) {
  Value function = args[0], thread_args = args[1], kwargs = args[2];
  if (!is_callable(function)) return type_error("first arg must be callable");
  if (!is_tuple(thread_args)) return type_error("2nd arg must be a tuple");
  if (kwargs && !is_none(kwargs) && !is_dict(kwargs)) return type_error("optional 3rd arg must be a dictionary");
  if (runtime().finalizing) return runtime_error("can't create new thread at interpreter shutdown");
  auto* boot = new Bootstate{function, thread_args, kwargs && !is_none(kwargs) ? kwargs : Value(), nullptr};
  incref(boot->function);
  incref(boot->args);
  incref(boot->kwargs);
  boot->thread = thread_state_new();
  uint64_t ident = 0;
  if (!thread_spawn([boot] { run_thread(boot); }, &ident)) {
    decref(boot->function);
    decref(boot->args);
    decref(boot->kwargs);
    thread_state_delete_unstarted(boot->thread);
    delete boot;
    return runtime_error("can't start new thread");
  }
  return int_from_uint64(ident);
}

Ref<> thread_get_ident(Value, const Value* args) { return int_from_uint64(current_thread()->thread_id); }
Ref<> thread_get_native_id(Value, const Value* args) {
  return int_from_uint64(current_thread()->native_thread_id);
}
Ref<> thread_count(Value, const Value* args) { return int_from_int64(thread_count_running()); }
Ref<> thread_allocate_lock(Value, const Value* args) { return lock_new_object(&lock_type); }
Ref<> thread_daemon_threads_allowed(Value, const Value* args) { return new_bool(true); }

Ref<> thread_stack_size(Value, const Value* args) {
  int64_t old = thread_default_stack_size();
  if (args[0]) {
    int64_t size;
    if (!int_as_int64(args[0], &size)) return nullptr;
    if (size != 0 && size < 32768) return value_error("size not valid: {} bytes", size);
    thread_set_default_stack_size(size);
  }
  return int_from_int64(old);
}

Ref<> thread_exit(Value, const Value* args) { return raise_with_args(&exc::SystemExit, nullptr, 0); }

Ref<> thread_interrupt_main(Value, const Value* args) {
  int signum = 2;
  if (args[0]) {
    int64_t n;
    if (!int_as_int64(args[0], &n)) return nullptr;
    signum = int(n);
  }
  if (trip_signal(signum) < 0) return nullptr;
  // CPython checks the eval breaker right after a call returns, so in the main thread the
  // handler runs before the next statement; krait checks it later, so run it here.
  if (current_thread() == runtime().main_thread && run_pending_signal_handlers() < 0) return nullptr;
  return new_none();
}

// threading._set_sentinel(): a lock released when the calling thread's state is deleted.
Ref<> thread_set_sentinel(Value, const Value* args) {
  Ref<> lock = lock_new_object(&lock_type);
  if (!lock) return nullptr;
  thread_state_set_sentinel(current_thread(), lock.value());
  return lock;
}

const MethodDef thread_methods[] = {
    {.name = "start_new_thread", .impl = thread_start_new_thread,
     .signature = "($module, function, args, kwargs=None, /)",
     .doc = "Start a new thread and return its identifier.", .flags = kMethodVarargs},
    {.name = "start_new", .impl = thread_start_new_thread, .signature = "($module, function, args, kwargs=None, /)", .flags = kMethodVarargs},
    {.name = "allocate_lock", .impl = thread_allocate_lock, .signature = "($module, /)",
     .doc = "Create a new lock object."},
    {.name = "allocate", .impl = thread_allocate_lock, .signature = "($module, /)"},
    {.name = "get_ident", .impl = thread_get_ident, .signature = "($module, /)",
     .doc = "Return a non-zero integer that uniquely identifies the current thread."},
    {.name = "get_native_id", .impl = thread_get_native_id, .signature = "($module, /)",
     .doc = "Return the native integral Thread ID of the current thread assigned by the kernel."},
    {.name = "_count", .impl = thread_count, .signature = "($module, /)"},
    {.name = "stack_size", .impl = thread_stack_size, .signature = "($module, size=?, /)"},
    {.name = "exit", .impl = thread_exit, .signature = "($module, /)"},
    {.name = "exit_thread", .impl = thread_exit, .signature = "($module, /)"},
    {.name = "interrupt_main", .impl = thread_interrupt_main, .signature = "($module, signum=?, /)"},
    {.name = "daemon_threads_allowed", .impl = thread_daemon_threads_allowed, .signature = "($module, /)"},
    {.name = "_set_sentinel", .impl = thread_set_sentinel, .signature = "($module, /)"},
    {},
};

bool thread_exec(ModuleObject* module) {
  Ref<> timeout_max = float_from_double(kTimeoutMax);
  return module_add_type(module, &lock_type) && module_add_object(module, "LockType", Value(&lock_type)) &&
         module_add_type(module, &rlock_type) &&
         module_add_object(module, "error", Value(&exc::RuntimeError)) && timeout_max &&
         module_add_object(module, "TIMEOUT_MAX", timeout_max.value());
}

}  // namespace

TypeObject lock_type{TypeSpec{
    .name = "_thread.lock",
    .doc = "A lock object is a synchronization primitive.",
    .basic_size = sizeof(LockObject),
    .weaklist_offset = offsetof(LockObject, weakreflist),
    .slots = {.dealloc = lock_dealloc, .new_instance = lock_new_slot, .repr = lock_repr,
              .getattr = generic_get_attr},
    .methods = lock_methods,
}};

TypeObject rlock_type{TypeSpec{
    .name = "_thread.RLock",
    .basic_size = sizeof(RLockObject),
    .flags = kTypeBaseType,
    .weaklist_offset = offsetof(RLockObject, weakreflist),
    .slots = {.dealloc = rlock_dealloc, .new_instance = rlock_new_slot, .repr = rlock_repr,
              .getattr = generic_get_attr},
    .methods = rlock_methods,
}};

extern const ModuleDef module__thread = {
    .name = "_thread",
    .doc = "This module provides primitive operations to write multi-threaded programs.\n"
           "The 'threading' module provides a more convenient interface.",
    .methods = thread_methods,
    .exec = thread_exec,
};

}  // namespace krait
