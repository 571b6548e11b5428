// The select module: select(), poll objects and epoll objects. Every wait runs with the
// GIL released; when a signal interrupts it, the Python handlers run and the wait resumes
// with what is left of the timeout (PEP 475).
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <vector>

#include "core/alloc.h"
#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/pytime.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/descriptors.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gil.h"
#include "runtime/signals.h"

namespace krait {

namespace {

StrObject* fileno_name() {
  static StrObject* name = str_intern_utf8("fileno");
  return name;
}

// An int, or an object with fileno() (CPython's PyObject_AsFileDescriptor).
bool file_descriptor(Value v, int* out) {
  int64_t fd;
  if (is_int(v)) {
    if (!int_to_int64(v, &fd)) return overflow_error("Python int too large to convert to C int");
  } else {
    Ref<> method;
    int found = get_attr_optional(v, fileno_name(), &method);
    if (found < 0) return false;
    if (!found) return type_error("argument must be an int, or have a fileno() method.");
    Ref<> result = call0(method);
    if (!result) return false;
    if (!is_int(result)) return type_error("fileno() returned a non-integer");
    if (!int_to_int64(result, &fd)) return overflow_error("Python int too large to convert to C int");
  }
  if (fd > INT_MAX || fd < INT_MIN) return overflow_error("Python int too large to convert to C int");
  if (fd < 0) return value_error("file descriptor cannot be a negative integer ({})", fd);
  *out = int(fd);
  return true;
}

// --- select() ---

struct SelectEntry {
  int fd;
  Ref<> object;
};

// Reads a select() argument. A list is read live, as CPython's PySequence_Fast does: a
// fileno() that shrinks the list ends the walk early.
bool select_list(Value v, fd_set* set, std::vector<SelectEntry>* entries, int* max_fd) {
  FD_ZERO(set);
  Ref<> sequence;
  if (is_list(v) || is_tuple(v)) {
    sequence = new_ref(v);
  } else {
    sequence = type_of(v)->iter ? Ref<>(tuple_from_iterable(v)) : nullptr;
    if (!sequence) {
      if (error_occurred() && !error_matches(&exc::TypeError)) return false;
      clear_error();
      return type_error("arguments 1-3 must be sequences");
    }
  }
  for (int64_t i = 0;; ++i) {
    Value item;
    if (is_list(sequence)) {
      if (i >= as_list(sequence)->length) break;
      item = as_list(sequence)->items[i];
    } else {
      if (i >= as_tuple(sequence)->length) break;
      item = as_tuple(sequence)->items[i];
    }
    Ref<> object = new_ref(item);
    int fd;
    if (!file_descriptor(object, &fd)) return false;
    if (fd >= FD_SETSIZE) return value_error("filedescriptor out of range in select()");
    FD_SET(fd, set);
    if (fd > *max_fd) *max_fd = fd;
    entries->push_back({fd, std::move(object)});
  }
  return true;
}

Ref<> ready_list(const std::vector<SelectEntry>& entries, const fd_set& set) {
  Ref<ListObject> result = list_new();
  if (!result) return nullptr;
  for (const SelectEntry& e : entries) {
    if (FD_ISSET(e.fd, &set) && !list_append(result.get(), e.object.value())) return nullptr;
  }
  return result;
}

Ref<> select_select(Value, const Value* args) {
  TimeNs timeout = -1;
  if (!is_none(args[3])) {
    if (!time_from_seconds_object(args[3], TimeRounding::Up, &timeout)) {
      if (error_matches(&exc::TypeError)) {
        clear_error();
        return type_error("timeout must be a float or None");
      }
      return nullptr;
    }
    if (timeout < 0) return value_error("timeout must be non-negative");
  }
  fd_set sets[3];
  std::vector<SelectEntry> entries[3];
  int max_fd = -1;
  for (int i = 0; i < 3; ++i) {
    if (!select_list(args[i], &sets[i], &entries[i], &max_fd)) return nullptr;
  }
  // Handlers of signals that arrived before the call run first.
  if (run_pending_signal_handlers() < 0) return nullptr;
  TimeNs deadline = timeout >= 0 ? deadline_after(timeout) : 0;
  fd_set ready[3];
  for (;;) {
    for (int i = 0; i < 3; ++i) ready[i] = sets[i];
    struct timeval tv;
    if (timeout >= 0) tv = time_as_timeval(timeout, TimeRounding::Up);
    int n, saved;
    {
      ReleaseGil released;
      n = select(max_fd + 1, &ready[0], &ready[1], &ready[2], timeout >= 0 ? &tv : nullptr);
      saved = errno;
    }
    if (n >= 0) break;
    if (saved != EINTR) return raise_os_error(saved);
    if (run_pending_signal_handlers() < 0) return nullptr;
    if (timeout >= 0) {
      timeout = deadline - monotonic_ns();
      if (timeout < 0) {
        for (auto& set : ready) FD_ZERO(&set);
        break;
      }
    }
  }
  Ref<> r = ready_list(entries[0], ready[0]);
  Ref<> w = r ? ready_list(entries[1], ready[1]) : nullptr;
  Ref<> x = w ? ready_list(entries[2], ready[2]) : nullptr;
  if (!x) return nullptr;
  return tuple_of({r.value(), w.value(), x.value()});
}

// A timeout in seconds (epoll) or milliseconds (poll) as milliseconds for the system
// call; None or negative means wait forever (-1).
bool timeout_ms_arg(Value v, bool seconds, TimeNs* timeout_ns, int* out_ms) {
  *timeout_ns = -1;
  *out_ms = -1;
  if (!v || is_none(v)) return true;
  bool ok = seconds ? time_from_seconds_object(v, TimeRounding::Up, timeout_ns)
                    : time_from_milliseconds_object(v, TimeRounding::Up, timeout_ns);
  if (!ok) {
    if (error_matches(&exc::TypeError)) {
      clear_error();
      return type_error("timeout must be an integer or None");
    }
    return false;
  }
  if (*timeout_ns < 0) {
    *timeout_ns = -1;
    return true;
  }
  int64_t ms = time_divide(*timeout_ns, 1000000, TimeRounding::Up);
  if (ms > INT_MAX) return overflow_error("timeout is too large");
  *out_ms = int(ms);
  return true;
}

// --- poll objects ---

struct PollObject : Object {
  Object* registered;  // dict: fd -> event mask
  bool running;
};

extern TypeObject poll_type;

PollObject* as_poll(Value v) { return static_cast<PollObject*>(v.as_object()); }

void poll_dealloc(Object* o) {
  auto* p = static_cast<PollObject*>(o);
  decref(Value(p->registered));
  free_object(o);
}

bool unsigned_short_arg(Value v, unsigned short* out) {
  Ref<> index = number_index(v);
  if (!index) return false;
  int64_t value;
  if (int_sign(index) < 0) return value_error("value must be positive");
  if (!int_to_int64(index, &value) || value > 0xFFFF) {
    return overflow_error("Python int too large for C unsigned short");
  }
  *out = static_cast<unsigned short>(value);
  return true;
}

Ref<> poll_register(Value self, const Value* args) {
  int fd;
  unsigned short events = POLLIN | POLLPRI | POLLOUT;
  if (!file_descriptor(args[0], &fd) || (args[1] && !unsigned_short_arg(args[1], &events))) return nullptr;
  if (!dict_set(as_dict(Value(as_poll(self)->registered)), Value::small_int(fd), Value::small_int(events))) {
    return nullptr;
  }
  return new_none();
}

Ref<> poll_modify(Value self, const Value* args) {
  int fd;
  unsigned short events;
  if (!file_descriptor(args[0], &fd) || !unsigned_short_arg(args[1], &events)) return nullptr;
  DictObject* registered = as_dict(Value(as_poll(self)->registered));
  if (!dict_get(registered, Value::small_int(fd))) return raise_os_error(ENOENT);
  if (!dict_set(registered, Value::small_int(fd), Value::small_int(events))) return nullptr;
  return new_none();
}

Ref<> poll_unregister(Value self, const Value* args) {
  int fd;
  if (!file_descriptor(args[0], &fd)) return nullptr;
  int removed = dict_remove(as_dict(Value(as_poll(self)->registered)), Value::small_int(fd));
  if (removed < 0) return nullptr;
  if (!removed) return raise_key_error(Value::small_int(fd));
  return new_none();
}

Ref<> poll_poll(Value self, const Value* args) {
  PollObject* p = as_poll(self);
  TimeNs timeout;
  int ms;
  if (!timeout_ms_arg(args[0], false, &timeout, &ms)) return nullptr;
  if (p->running) return runtime_error("concurrent poll() invocation");
  std::vector<struct pollfd> fds;
  DictObject* registered = as_dict(Value(p->registered));
  int64_t pos = 0;
  Value key, value;
  while (dict_next(registered, &pos, &key, &value)) {
    fds.push_back({int(key.as_small_int()), short(value.as_small_int()), 0});
  }
  if (run_pending_signal_handlers() < 0) return nullptr;
  TimeNs deadline = timeout >= 0 ? deadline_after(timeout) : 0;
  p->running = true;
  int n;
  for (;;) {
    int saved;
    {
      ReleaseGil released;
      n = poll(fds.data(), fds.size(), ms);
      saved = errno;
    }
    if (n >= 0) break;
    if (saved != EINTR) {
      p->running = false;
      return raise_os_error(saved);
    }
    if (run_pending_signal_handlers() < 0) {
      p->running = false;
      return nullptr;
    }
    if (timeout >= 0) {
      timeout = deadline - monotonic_ns();
      if (timeout < 0) {
        n = 0;
        break;
      }
      ms = int(time_divide(timeout, 1000000, TimeRounding::Up));
    }
  }
  p->running = false;
  Ref<ListObject> result = list_new();
  if (!result) return nullptr;
  for (const struct pollfd& f : fds) {
    if (!f.revents) continue;
    Ref<> item = tuple_of({Value::small_int(f.fd), Value::small_int(f.revents & 0xFFFF)});
    if (!item || !list_append_steal(result.get(), std::move(item))) return nullptr;
  }
  return result;
}

const MethodDef poll_methods[] = {
    {.name = "register", .impl = poll_register, .signature = "($self, fd, eventmask=?, /)",
     .doc = "Register a file descriptor with the polling object."},
    {.name = "modify", .impl = poll_modify, .signature = "($self, fd, eventmask, /)",
     .doc = "Modify an already registered file descriptor."},
    {.name = "unregister", .impl = poll_unregister, .signature = "($self, fd, /)",
     .doc = "Remove a file descriptor being tracked by the polling object."},
    {.name = "poll", .impl = poll_poll, .signature = "($self, timeout=None, /)",
     .doc = "Polls the set of registered file descriptors."},
    {},
};

TypeObject poll_type{TypeSpec{
    .name = "select.poll",
    .basic_size = sizeof(PollObject),
    .flags = kTypeDisallowInstantiation,
    .slots = {.dealloc = poll_dealloc, .getattr = generic_get_attr},
    .methods = poll_methods,
}};

Ref<> select_poll(Value, const Value*) {
  Ref<DictObject> registered = dict_new();
  if (!registered) return nullptr;
  auto* p = allocate<PollObject>(&poll_type);
  if (!p) return nullptr;
  p->registered = registered.release_object();
  return Ref<>::steal(Value(p));
}

// --- epoll objects ---

struct EpollObject : Object {
  int fd;  // -1 once closed
};

extern TypeObject epoll_type;

EpollObject* as_epoll(Value v) { return static_cast<EpollObject*>(v.as_object()); }

void epoll_close_fd(EpollObject* e) {
  if (e->fd < 0) return;
  int fd = e->fd;
  e->fd = -1;
  ReleaseGil released;
  close(fd);
}

void epoll_dealloc(Object* o) {
  epoll_close_fd(static_cast<EpollObject*>(o));
  free_object(o);
}

bool check_open(EpollObject* e) {
  if (e->fd < 0) return value_error("I/O operation on closed epoll object");
  return true;
}

Ref<> epoll_from_fd(TypeObject* type, int fd) {
  auto* e = allocate<EpollObject>(type);
  if (!e) {
    close(fd);
    return nullptr;
  }
  e->fd = fd;
  return Ref<>::steal(Value(e));
}

Ref<> epoll_new_method(Value type, const Value* args) {
  int64_t sizehint, flags;
  if (!index_to_int64(args[0], &sizehint) || !index_to_int64(args[1], &flags)) return nullptr;
  if (sizehint == -1) sizehint = FD_SETSIZE - 1;
  else if (sizehint <= 0) return value_error("negative sizehint");
  if (flags && flags != EPOLL_CLOEXEC) return raise(exc::OSError, "invalid flags");
  int fd;
  {
    ReleaseGil released;
    fd = epoll_create1(EPOLL_CLOEXEC);
  }
  if (fd < 0) return raise_os_error(errno);
  return epoll_from_fd(static_cast<TypeObject*>(type.as_object()), fd);
}

const MethodDef epoll_new_def = {.name = "epoll", .impl = epoll_new_method,
                                 .signature = "($type, sizehint=-1, flags=0)"};

Ref<> epoll_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return call_method_def(&epoll_new_def, type->name, Value(type), args, nargs, kwnames);
}

Ref<> epoll_fromfd(Value type, const Value* args) {
  int fd;
  if (!file_descriptor(args[0], &fd)) return nullptr;
  return epoll_from_fd(static_cast<TypeObject*>(type.as_object()), fd);
}

Ref<> epoll_close(Value self, const Value*) {
  epoll_close_fd(as_epoll(self));
  return new_none();
}

Ref<> epoll_get_closed(Value self) { return new_bool(as_epoll(self)->fd < 0); }

Ref<> epoll_fileno(Value self, const Value*) {
  if (!check_open(as_epoll(self))) return nullptr;
  return int_from_int64(as_epoll(self)->fd);
}

// epoll masks are "bitwise" unsigned ints: only the low 32 bits count.
bool event_mask_arg(Value v, uint32_t* out) {
  Ref<> index = number_index(v);
  if (!index) return false;
  mpz_t z;
  mpz_init(z);
  int_to_mpz(index, z);
  mpz_t low;
  mpz_init(low);
  mpz_fdiv_r_2exp(low, z, 32);
  *out = uint32_t(mpz_get_ui(low));
  mpz_clear(low);
  mpz_clear(z);
  return true;
}

Ref<> epoll_control(Value self, int operation, Value fd_value, Value mask_value) {
  EpollObject* e = as_epoll(self);
  int fd;
  uint32_t mask = EPOLLIN | EPOLLPRI | EPOLLOUT;
  if (!file_descriptor(fd_value, &fd) || (mask_value && !event_mask_arg(mask_value, &mask))) return nullptr;
  if (!check_open(e)) return nullptr;
  struct epoll_event event;
  event.events = mask;
  event.data.u64 = 0;
  event.data.fd = fd;
  int result;
  {
    ReleaseGil released;
    result = epoll_ctl(e->fd, operation, fd, &event);
  }
  if (result < 0) return raise_os_error(errno);
  return new_none();
}

Ref<> epoll_register(Value self, const Value* args) { return epoll_control(self, EPOLL_CTL_ADD, args[0], args[1]); }
Ref<> epoll_modify(Value self, const Value* args) { return epoll_control(self, EPOLL_CTL_MOD, args[0], args[1]); }
Ref<> epoll_unregister(Value self, const Value* args) {
  return epoll_control(self, EPOLL_CTL_DEL, args[0], Value::small_int(0));
}

Ref<> epoll_poll(Value self, const Value* args) {
  EpollObject* e = as_epoll(self);
  if (!check_open(e)) return nullptr;
  TimeNs timeout;
  int ms;
  if (!timeout_ms_arg(args[0], true, &timeout, &ms)) return nullptr;
  int64_t maxevents;
  if (!index_to_int64(args[1], &maxevents)) return nullptr;
  if (maxevents == -1) maxevents = FD_SETSIZE - 1;
  else if (maxevents < 1) return value_error("maxevents must be greater than 0, got {}", maxevents);
  if (maxevents > INT_MAX / int64_t(sizeof(struct epoll_event))) return raise_memory_error();
  std::vector<struct epoll_event> events(static_cast<size_t>(maxevents));
  if (run_pending_signal_handlers() < 0) return nullptr;
  TimeNs deadline = timeout >= 0 ? deadline_after(timeout) : 0;
  int n;
  for (;;) {
    int saved;
    {
      ReleaseGil released;
      n = epoll_wait(e->fd, events.data(), int(maxevents), ms);
      saved = errno;
    }
    if (n >= 0) break;
    if (saved != EINTR) return raise_os_error(saved);
    if (run_pending_signal_handlers() < 0) return nullptr;
    if (timeout >= 0) {
      timeout = deadline - monotonic_ns();
      if (timeout < 0) {
        n = 0;
        break;
      }
      ms = int(time_divide(timeout, 1000000, TimeRounding::Up));
    }
  }
  Ref<ListObject> result = list_new();
  if (!result) return nullptr;
  for (int i = 0; i < n; ++i) {
    Ref<> mask = int_from_uint64(events[size_t(i)].events);
    Ref<> item = mask ? tuple_of({Value::small_int(events[size_t(i)].data.fd), mask.value()}) : nullptr;
    if (!item || !list_append_steal(result.get(), std::move(item))) return nullptr;
  }
  return result;
}

Ref<> epoll_enter(Value self, const Value*) {
  if (!check_open(as_epoll(self))) return nullptr;
  return new_ref(self);
}

Ref<> epoll_exit(Value self, const Value*) {
  epoll_close_fd(as_epoll(self));
  return new_none();
}

const MethodDef epoll_methods[] = {
    {.name = "fromfd", .impl = epoll_fromfd, .signature = "($type, fd, /)",
     .doc = "Create an epoll object from a given control fd.", .flags = kMethodClass},
    {.name = "close", .impl = epoll_close, .signature = "($self, /)",
     .doc = "Close the epoll control file descriptor.\n\nFurther operations on the epoll object will raise an exception."},
    {.name = "fileno", .impl = epoll_fileno, .signature = "($self, /)",
     .doc = "Return the epoll control file descriptor."},
    {.name = "modify", .impl = epoll_modify, .signature = "($self, /, fd, eventmask)",
     .doc = "Modify event mask for a registered file descriptor."},
    {.name = "register", .impl = epoll_register, .signature = "($self, /, fd, eventmask=?)",
     .doc = "Registers a new fd or raises an OSError if the fd is already registered."},
    {.name = "unregister", .impl = epoll_unregister, .signature = "($self, /, fd)",
     .doc = "Remove a registered file descriptor from the epoll object."},
    {.name = "poll", .impl = epoll_poll, .signature = "($self, /, timeout=None, maxevents=-1)",
     .doc = "Wait for events on the epoll file descriptor."},
    {.name = "__enter__", .impl = epoll_enter, .signature = "($self, /)"},
    {.name = "__exit__", .impl = epoll_exit, .signature = "($self, exc_type=None, exc_value=None, exc_tb=None, /)"},
    {},
};

const GetSetDef epoll_getsets[] = {
    {.name = "closed", .get = epoll_get_closed, .doc = "True if the epoll handler is closed"},
    {},
};

TypeObject epoll_type{TypeSpec{
    .name = "select.epoll",
    .doc = "select.epoll(sizehint=-1, flags=0)\n\n"
           "Returns an epolling object\n\n"
           "  sizehint\n"
           "    The expected number of events to be registered.  It must be positive,\n"
           "    or -1 to use the default.  It is only used on older systems where\n"
           "    epoll_create1() is not available; otherwise it has no effect (though its\n"
           "    value is still checked).\n"
           "  flags\n"
           "    Deprecated and completely ignored.  However, when supplied, its value\n"
           "    must be 0 or select.EPOLL_CLOEXEC, otherwise OSError is raised.",
    .basic_size = sizeof(EpollObject),
    .flags = kTypeBaseType,
    .slots = {.dealloc = epoll_dealloc, .new_instance = epoll_new_slot, .getattr = generic_get_attr},
    .methods = epoll_methods,
    .getsets = epoll_getsets,
}};

const MethodDef select_methods[] = {
    {.name = "select", .impl = select_select, .signature = "($module, rlist, wlist, xlist, timeout=None, /)",
     .doc = "Wait until one or more file descriptors are ready for some kind of I/O."},
    {.name = "poll", .impl = select_poll, .signature = "($module, /)",
     .doc = "Returns a polling object.\n\n"
            "This object supports registering and unregistering file descriptors, and then\n"
            "polling them for I/O events."},
    {},
};

bool select_exec(ModuleObject* module) {
  const struct {
    const char* name;
    int64_t value;
  } constants[] = {
      {"PIPE_BUF", PIPE_BUF}, {"POLLIN", POLLIN}, {"POLLPRI", POLLPRI}, {"POLLOUT", POLLOUT},
      {"POLLERR", POLLERR}, {"POLLHUP", POLLHUP}, {"POLLNVAL", POLLNVAL}, {"POLLRDNORM", POLLRDNORM},
      {"POLLRDBAND", POLLRDBAND}, {"POLLWRNORM", POLLWRNORM}, {"POLLWRBAND", POLLWRBAND},
      {"POLLMSG", POLLMSG}, {"POLLRDHUP", POLLRDHUP}, {"EPOLLIN", EPOLLIN}, {"EPOLLOUT", EPOLLOUT},
      {"EPOLLPRI", EPOLLPRI}, {"EPOLLERR", EPOLLERR}, {"EPOLLHUP", EPOLLHUP}, {"EPOLLRDHUP", EPOLLRDHUP},
      {"EPOLLET", uint32_t(EPOLLET)}, {"EPOLLONESHOT", EPOLLONESHOT}, {"EPOLLEXCLUSIVE", EPOLLEXCLUSIVE},
      {"EPOLLRDNORM", EPOLLRDNORM}, {"EPOLLRDBAND", EPOLLRDBAND}, {"EPOLLWRNORM", EPOLLWRNORM},
      {"EPOLLWRBAND", EPOLLWRBAND}, {"EPOLLMSG", EPOLLMSG}, {"EPOLL_CLOEXEC", EPOLL_CLOEXEC},
  };
  for (const auto& c : constants) {
    if (!module_add_int(module, c.name, c.value)) return false;
  }
  return module_add_object(module, "error", Value(&exc::OSError)) && type_ready(&poll_type) &&
         module_add_type(module, &epoll_type);
}

}  // namespace

extern const ModuleDef module_select = {
    .name = "select",
    .doc = "This module supports asynchronous I/O on multiple file descriptors.\n\n"
           "*** IMPORTANT NOTICE ***\n"
           "On Windows, only sockets are supported; on Unix, all file descriptors.",
    .methods = select_methods,
    .exec = select_exec,
};

}  // namespace krait
