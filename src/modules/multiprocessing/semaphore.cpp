// The _multiprocessing module: SemLock, a lock or counting semaphore shared between
// processes as a POSIX named semaphore (sem_open), which multiprocessing.synchronize wraps;
// plus sem_unlink and the `flags` dict. Blocking waits release the GIL and are
// interrupted by signals: the Python handlers run, and the wait resumes unless one raised.
#include <fcntl.h>
#include <semaphore.h>
#include <sys/time.h>

#include <cerrno>
#include <climits>
#include <cmath>
#include <string>

#include "core/alloc.h"
#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/posix_internal.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/type_internal.h"
#include "runtime/thread_state.h"

namespace krait {

extern TypeObject semlock_type;

namespace {

enum SemLockKind : int { kRecursiveMutex = 0, kSemaphore = 1 };

struct SemLockObject : Object {
  sem_t* handle;
  uint64_t last_thread;  // threading.get_ident() of the last acquirer
  int count;             // acquire() minus release() in this process
  int maxvalue;
  int kind;
  std::string* name;     // null once unlinked at creation (the name is then None)
};

SemLockObject* as_semlock(Value v) { return static_cast<SemLockObject*>(v.as_object()); }

uint64_t current_thread_ident() { return current_thread()->thread_id; }

bool is_mine(const SemLockObject* s) { return s->count > 0 && s->last_thread == current_thread_ident(); }

Ref<> semlock_from_handle(TypeObject* type, sem_t* handle, int kind, int maxvalue, const char* name) {
  auto* s = allocate<SemLockObject>(type);
  if (!s) {
    sem_close(handle);
    return nullptr;
  }
  s->handle = handle;
  s->kind = kind;
  s->maxvalue = maxvalue;
  s->name = name ? new std::string(name) : nullptr;
  return Ref<>::steal(Value(s));
}

// A `str` argument (Argument Clinic's "str" converter). `expected` names the accepted types
// in the message; position 0 is a function's only argument.
bool str_argument(const char* function, const char* argument, int position, const char* expected,
                  Value v, std::string* out) {
  if (!is_str(v)) {
    std::string which = argument ? format_message(" '{}'", argument)
                        : position ? format_message(" {}", position)
                                   : std::string();
    return type_error("{}() argument{} must be {}, not {}", function, which, expected, type_name(v));
  }
  out->assign(str_utf8(v));
  if (out->find('\0') != std::string::npos) return value_error("embedded null character");
  return true;
}

Ref<> semlock_impl(Value type_value, const Value* args) {
  auto* type = static_cast<TypeObject*>(type_value.as_object());
  int kind, value, maxvalue, unlink;
  if (!posix::int_arg(args[0], &kind) || !posix::int_arg(args[1], &value) ||
      !posix::int_arg(args[2], &maxvalue)) {
    return nullptr;
  }
  std::string name;
  if (!str_argument("SemLock", "name", 4, "str", args[3], &name)) return nullptr;
  if (!posix::int_arg(args[4], &unlink)) return nullptr;
  if (kind != kRecursiveMutex && kind != kSemaphore) return value_error("unrecognized kind");
  sem_t* handle = sem_open(name.c_str(), O_CREAT | O_EXCL, 0600, unsigned(value));
  if (handle == SEM_FAILED) return raise_os_error(errno);
  if (unlink && sem_unlink(name.c_str()) < 0) {
    int saved = errno;
    sem_close(handle);
    return raise_os_error(saved);
  }
  return semlock_from_handle(type, handle, kind, maxvalue, unlink ? nullptr : name.c_str());
}

const MethodDef semlock_new_def = {.name = "SemLock",
                                   .impl = semlock_impl,
                                   .signature = "($type, kind, value, maxvalue, name, unlink)",
                                   .flags = kMethodConstructor};

Ref<> semlock_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return call_method_def(&semlock_new_def, nullptr, Value(type), args, nargs, kwnames);
}

void semlock_dealloc(Object* o) {
  auto* s = static_cast<SemLockObject*>(o);
  if (s->handle) sem_close(s->handle);
  delete s->name;
  free_object(o);
}

// The absolute CLOCK_REALTIME deadline sem_timedwait wants, `seconds` from now.
timespec deadline_after(double seconds) {
  timeval now;
  gettimeofday(&now, nullptr);
  double whole = std::floor(seconds);
  long sec = long(whole);
  long nsec = long((seconds - whole) * 1e9);
  timespec deadline;
  deadline.tv_sec = now.tv_sec + sec + (now.tv_usec * 1000 + nsec) / 1000000000;
  deadline.tv_nsec = (now.tv_usec * 1000 + nsec) % 1000000000;
  return deadline;
}

Ref<> semlock_acquire(Value self, const Value* args) {
  SemLockObject* s = as_semlock(self);
  int blocking;
  if (!posix::int_arg(args[0], &blocking)) return nullptr;
  if (s->kind == kRecursiveMutex && is_mine(s)) {
    ++s->count;
    return new_bool(true);
  }
  bool use_deadline = !is_none(args[1]);
  timespec deadline{};
  if (use_deadline) {
    double timeout;
    if (!number_to_double(args[1], &timeout)) return nullptr;
    if (timeout < 0) timeout = 0;
    deadline = deadline_after(timeout);
  }
  // First without releasing the GIL: an uncontended acquire costs no switch.
  int result, error;
  for (;;) {
    result = sem_trywait(s->handle);
    error = errno;
    if (result == 0 || error != EINTR) break;
    if (run_pending_signal_handlers() < 0) return nullptr;
  }
  if (result < 0 && error == EAGAIN && blocking) {
    result = posix::blocking_call(
        [&] { return use_deadline ? sem_timedwait(s->handle, &deadline) : sem_wait(s->handle); });
    error = errno;
    if (result < 0 && error == EINTR) return nullptr;  // a signal handler raised
  }
  if (result < 0) {
    if (error == EAGAIN || error == ETIMEDOUT) return new_bool(false);
    return raise_os_error(error);
  }
  ++s->count;
  s->last_thread = current_thread_ident();
  return new_bool(true);
}

Ref<> semlock_release(Value self, const Value*) {
  SemLockObject* s = as_semlock(self);
  if (s->kind == kRecursiveMutex) {
    if (!is_mine(s)) {
      return raise(exc::AssertionError, "attempt to release recursive lock not owned by thread");
    }
    if (s->count > 1) {
      --s->count;
      return new_none();
    }
  } else {
    // Not a guarantee (another process may post concurrently), as in CPython.
    int value;
    if (sem_getvalue(s->handle, &value) < 0) return raise_os_error(errno);
    if (value >= s->maxvalue) return value_error("semaphore or lock released too many times");
  }
  if (sem_post(s->handle) < 0) return raise_os_error(errno);
  --s->count;
  return new_none();
}

Ref<> semlock_exit(Value self, const Value*) { return semlock_release(self, nullptr); }

Ref<> semlock_count(Value self, const Value*) { return int_from_int64(as_semlock(self)->count); }

Ref<> semlock_is_mine(Value self, const Value*) { return new_bool(is_mine(as_semlock(self))); }

bool semaphore_value(SemLockObject* s, int* out) {
  if (sem_getvalue(s->handle, out) < 0) return raise_os_error(errno);
  if (*out < 0) *out = 0;  // some systems count waiters as a negative value
  return true;
}

Ref<> semlock_get_value(Value self, const Value*) {
  int value;
  if (!semaphore_value(as_semlock(self), &value)) return nullptr;
  return int_from_int64(value);
}

Ref<> semlock_is_zero(Value self, const Value*) {
  int value;
  if (!semaphore_value(as_semlock(self), &value)) return nullptr;
  return new_bool(value == 0);
}

Ref<> semlock_after_fork(Value self, const Value*) {
  as_semlock(self)->count = 0;
  return new_none();
}

// Recreates a SemLock in another process: from its name (spawn, forkserver) or, when it
// has none, from the handle inherited through fork().
Ref<> semlock_rebuild(Value type_value, const Value* args) {
  auto* type = static_cast<TypeObject*>(type_value.as_object());
  int64_t address;
  if (!is_int(args[0])) {
    return type_error("'{}' object cannot be interpreted as an integer", type_name(args[0]));
  }
  if (!int_as_int64(args[0], &address)) return nullptr;
  int kind, maxvalue;
  if (!posix::int_arg(args[1], &kind) || !posix::int_arg(args[2], &maxvalue)) return nullptr;
  sem_t* handle = reinterpret_cast<sem_t*>(uintptr_t(address));
  std::string name;
  bool named = !is_none(args[3]);
  if (named) {
    if (!str_argument("_rebuild", nullptr, 4, "str or None", args[3], &name)) return nullptr;
    handle = sem_open(name.c_str(), 0);
    if (handle == SEM_FAILED) return raise_os_error(errno);
  }
  return semlock_from_handle(type, handle, kind, maxvalue, named ? name.c_str() : nullptr);
}

Ref<> semlock_handle(Value self) { return int_from_uint64(uintptr_t(as_semlock(self)->handle)); }
Ref<> semlock_kind(Value self) { return int_from_int64(as_semlock(self)->kind); }
Ref<> semlock_maxvalue(Value self) { return int_from_int64(as_semlock(self)->maxvalue); }
Ref<> semlock_name(Value self) {
  SemLockObject* s = as_semlock(self);
  if (!s->name) return new_none();
  return str_from_utf8(*s->name);
}

const MethodDef semlock_methods[] = {
    {.name = "acquire", .impl = semlock_acquire, .signature = "($self, /, block=True, timeout=None)",
     .doc = "Acquire the semaphore/lock."},
    {.name = "release", .impl = semlock_release, .signature = "($self, /)",
     .doc = "Release the semaphore/lock."},
    {.name = "__enter__", .impl = semlock_acquire, .signature = "($self, /, block=True, timeout=None)",
     .doc = "Enter the semaphore/lock."},
    {.name = "__exit__", .impl = semlock_exit,
     .signature = "($self, exc_type=None, exc_value=None, exc_tb=None, /)",
     .doc = "Exit the semaphore/lock."},
    {.name = "_count", .impl = semlock_count, .signature = "($self, /)",
     .doc = "Num of `acquire()`s minus num of `release()`s for this process."},
    {.name = "_is_mine", .impl = semlock_is_mine, .signature = "($self, /)",
     .doc = "Whether the lock is owned by this thread."},
    {.name = "_get_value", .impl = semlock_get_value, .signature = "($self, /)",
     .doc = "Get the value of the semaphore."},
    {.name = "_is_zero", .impl = semlock_is_zero, .signature = "($self, /)",
     .doc = "Return whether semaphore has value zero."},
    {.name = "_rebuild", .impl = semlock_rebuild, .signature = "($type, handle, kind, maxvalue, name, /)",
     .flags = kMethodClass},
    {.name = "_after_fork", .impl = semlock_after_fork, .signature = "($self, /)",
     .doc = "Rezero the net acquisition count after fork()."},
    {},
};

const GetSetDef semlock_getsets[] = {
    {.name = "handle", .get = semlock_handle},
    {.name = "kind", .get = semlock_kind},
    {.name = "maxvalue", .get = semlock_maxvalue},
    {.name = "name", .get = semlock_name},
    {},
};

}  // namespace

TypeObject semlock_type{TypeSpec{
    .name = "_multiprocessing.SemLock",
    .doc = "Semaphore/Mutex type",
    .basic_size = sizeof(SemLockObject),
    .flags = kTypeBaseType,
    .slots = {.dealloc = semlock_dealloc, .new_instance = semlock_new, .getattr = generic_get_attr},
    .methods = semlock_methods,
    .getsets = semlock_getsets,
}};

namespace {

Ref<> multiprocessing_sem_unlink(Value, const Value* args) {
  std::string name;
  if (!str_argument("sem_unlink", nullptr, 0, "str", args[0], &name)) return nullptr;
  if (sem_unlink(name.c_str()) < 0) return raise_os_error(errno);
  return new_none();
}

const MethodDef multiprocessing_functions[] = {
    {.name = "sem_unlink", .impl = multiprocessing_sem_unlink, .signature = "($module, name, /)"},
    {},
};

bool multiprocessing_exec(ModuleObject* module) {
  if (!module_add_type(module, &semlock_type)) return false;
  Ref<> max = int_from_int64(SEM_VALUE_MAX);
  if (!max || !dict_set_str(as_dict(Value(semlock_type.dict)), "SEM_VALUE_MAX", max)) return false;
  Ref<DictObject> flags = dict_new();
  if (!flags) return false;
  Ref<> one = int_from_int64(1);
  if (!dict_set_str(flags.get(), "HAVE_SEM_OPEN", one) ||
      !dict_set_str(flags.get(), "HAVE_SEM_TIMEDWAIT", one)) {
    return false;
  }
  return module_add_object(module, "flags", flags);
}

}  // namespace

extern const ModuleDef module__multiprocessing = {
    .name = "_multiprocessing",
    .methods = multiprocessing_functions,
    .exec = multiprocessing_exec,
};

}  // namespace krait
