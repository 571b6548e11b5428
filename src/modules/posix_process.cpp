// posix: processes — fork and the at-fork callbacks, exec, wait and the W* status macros,
// kill, process/user/group ids, scheduling, ptys, system(), putenv/unsetenv and
// posix_spawn.
#include <fcntl.h>
#include <grp.h>
#include <pty.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <utmp.h>

#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/ops.h"
#include "modules/imp_lock.h"
#include "modules/posix_fork.h"
#include "modules/posix_internal.h"
#include "objects/bytes.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/errors.h"
#include "runtime/import.h"
#include "runtime/runtime.h"
#include "runtime/threads.h"

extern char** environ;

namespace krait {

// --- os.register_at_fork callbacks ---
//
// Three lists of callables (owned), run around every fork. They belong to the one
// interpreter for the whole run, like CPython's interpreter-state lists.

namespace {

struct AtForkCallbacks {
  Object* before = nullptr;           // list, run last registered first
  Object* after_in_parent = nullptr;  // list, run in registration order
  Object* after_in_child = nullptr;
};
AtForkCallbacks at_fork;

void run_callbacks(Object* list, bool reverse) {
  if (!list) return;
  Ref<> pending = fetch_error();
  // Copy first: a callback may register more callbacks.
  Ref<> snapshot = list_as_tuple(static_cast<ListObject*>(list));
  if (snapshot) {
    TupleObject* callbacks = as_tuple(snapshot);
    for (int64_t k = 0; k < callbacks->length; ++k) {
      Value callback = callbacks->items[reverse ? callbacks->length - 1 - k : k];
      Ref<> result = call0(callback);
      if (!result) write_unraisable_exception("Exception ignored in fork callback", callback);
    }
  } else {
    clear_error();
  }
  restore_error(std::move(pending));
}

bool register_callback(Object** list, Value callback) {
  if (!*list) {
    Ref<ListObject> created = list_new();
    if (!created) return false;
    *list = created.release_object();
  }
  return list_append(static_cast<ListObject*>(*list), callback);
}

}  // namespace

void fork_prepare() {
  run_callbacks(at_fork.before, true);
  import_lock_before_fork();
}

void fork_after_in_parent() {
  import_lock_after_fork_in_parent();
  run_callbacks(at_fork.after_in_parent, false);
}

void fork_after_in_child() {
  runtime().gil.reinit_after_fork(current_thread());
  threads_after_fork(current_thread());
  import_lock_after_fork_in_child();
  signals_after_fork();
  run_callbacks(at_fork.after_in_child, false);
}

namespace posix {

namespace {

bool pid_arg(Value v, pid_t* out) {
  int value;
  if (!int_arg(v, &value)) return false;
  *out = pid_t(value);
  return true;
}

// An argument handed to exec/putenv/system: str, bytes or os.PathLike, encoded, with no
// NUL byte (CPython's PyUnicode_FSConverter).
bool fs_converter(Value v, Ref<>* out) {
  Ref<> path = fspath(v);
  if (!path) return false;
  *out = fs_encode(path);
  if (!*out) return false;
  if (std::memchr(as_bytes(*out)->data, 0, size_t(as_bytes(*out)->length))) {
    return value_error("embedded null byte");
  }
  return true;
}

// A NULL-terminated char* array over encoded strings (kept alive by `storage`).
struct CStringArray {
  std::vector<Ref<>> storage;
  std::vector<char*> pointers;
  void add(Ref<>&& encoded) {
    pointers.push_back(as_bytes(encoded)->data);
    storage.push_back(std::move(encoded));
  }
  char** finish() {
    pointers.push_back(nullptr);
    return pointers.data();
  }
};

// --- Fork and exec ---

Ref<> posix_fork(Value, const Value*) {
  fork_prepare();
  pid_t pid = fork();
  int saved_errno = errno;
  if (pid == 0) {
    fork_after_in_child();
  } else {
    fork_after_in_parent();
  }
  if (pid < 0) return raise_os_error(saved_errno);
  if (error_occurred()) return nullptr;
  return int_from_int64(pid);
}

Ref<> posix_register_at_fork(Value, const Value* args) {
  Value before = args[0], after_in_child = args[1], after_in_parent = args[2];
  if (!before && !after_in_child && !after_in_parent) {
    return type_error("At least one argument is required.");
  }
  const char* names[] = {"before", "after_in_child", "after_in_parent"};
  for (int i = 0; i < 3; ++i) {
    if (args[i] && !is_callable(args[i])) {
      return type_error("'{}' must be callable, not {}", names[i], type_name(args[i]));
    }
  }
  if ((before && !register_callback(&at_fork.before, before)) ||
      (after_in_child && !register_callback(&at_fork.after_in_child, after_in_child)) ||
      (after_in_parent && !register_callback(&at_fork.after_in_parent, after_in_parent))) {
    return nullptr;
  }
  return new_none();
}

Ref<> posix_exit(Value, const Value* args) {
  int status;
  if (!int_arg(args[0], &status)) return nullptr;
  _exit(status);
}

// argv for execv/execve: a non-empty tuple or list whose first item is not empty.
bool exec_argv(Value argv, const char* function, bool execve_style, CStringArray* out) {
  if (!is_tuple(argv) && !is_list(argv)) {
    if (execve_style) return type_error("execve: argv must be a tuple or list");
    return type_error("{}() arg 2 must be a tuple or list", function);
  }
  Ref<TupleObject> items = tuple_from_iterable(argv);
  if (!items) return false;
  if (items->length == 0) {
    if (execve_style) return value_error("execve: argv must not be empty");
    return value_error("{}() arg 2 must not be empty", function);
  }
  for (int64_t i = 0; i < items->length; ++i) {
    Ref<> encoded;
    if (!fs_converter(items->items[i], &encoded)) return false;
    if (i == 0 && as_bytes(encoded)->length == 0) {
      if (execve_style) return value_error("execve: argv first element cannot be empty");
      return value_error("{}() arg 2 first element cannot be empty", function);
    }
    out->add(std::move(encoded));
  }
  out->finish();
  return true;
}

// envp for execve/posix_spawn: "KEY=value" strings from a mapping.
bool exec_env(Value env, const char* function, CStringArray* out) {
  Ref<> keys = call_method0(env, str_intern_utf8("keys"));
  if (!keys) {
    if (error_matches(&exc::AttributeError)) {
      clear_error();
      return type_error("{}: environment must be a mapping object", function);
    }
    return false;
  }
  Ref<TupleObject> key_items = tuple_from_iterable(keys);
  if (!key_items) return false;
  for (int64_t i = 0; i < key_items->length; ++i) {
    Value key = key_items->items[i];
    Ref<> value = get_item(env, key);
    Ref<> key_bytes, value_bytes;
    if (!value || !fs_converter(key, &key_bytes) || !fs_converter(value, &value_bytes)) return false;
    std::string_view k = bytes_view(key_bytes);
    if (k.empty() || k.find('=', 1) != std::string_view::npos) {
      return value_error("illegal environment variable name");
    }
    std::string entry(k);
    entry += '=';
    entry.append(bytes_view(value_bytes));
    Ref<> joined = bytes_from(entry);
    if (!joined) return false;
    out->add(std::move(joined));
  }
  out->finish();
  return true;
}

Ref<> posix_execv(Value, const Value* args) {
  PathArg path("execv", "path");
  CStringArray argv;
  if (!path_convert(args[0], &path) || !exec_argv(args[1], "execv", false, &argv)) return nullptr;
  execv(path.narrow, argv.pointers.data());
  return raise_os_error(errno);
}

Ref<> posix_execve(Value, const Value* args) {
  PathArg path("execve", "path", false, true);
  CStringArray argv, envp;
  if (!path_convert(args[0], &path) || !exec_argv(args[1], "execve", true, &argv) ||
      !exec_env(args[2], "execve", &envp)) {
    return nullptr;
  }
  if (path.is_fd()) fexecve(path.fd, argv.pointers.data(), envp.pointers.data());
  else execve(path.narrow, argv.pointers.data(), envp.pointers.data());
  return path_error(path);
}

// --- Waiting ---

Ref<> wait_result(pid_t pid, int status) {
  return tuple_steal({int_from_int64(pid).release(), int_from_int64(status).release()});
}

Ref<> posix_waitpid(Value, const Value* args) {
  pid_t pid;
  int options;
  if (!pid_arg(args[0], &pid) || !int_arg(args[1], &options)) return nullptr;
  int status = 0;
  pid_t result = blocking_call([&] { return waitpid(pid, &status, options); });
  if (result < 0) return posix_error();
  return wait_result(result, status);
}

Ref<> posix_wait(Value, const Value*) {
  int status = 0;
  pid_t result = blocking_call([&] { return wait(&status); });
  if (result < 0) return posix_error();
  return wait_result(result, status);
}

// (pid, status, resource.struct_rusage) as CPython builds it, through the resource module.
Ref<> wait_result_with_usage(pid_t pid, int status, const struct rusage& usage) {
  auto seconds = [](const struct timeval& tv) {
    return float_from_double(double(tv.tv_sec) + double(tv.tv_usec) * 1e-6);
  };
  long fields[] = {usage.ru_maxrss, usage.ru_ixrss, usage.ru_idrss, usage.ru_isrss,
                   usage.ru_minflt, usage.ru_majflt, usage.ru_nswap, usage.ru_inblock,
                   usage.ru_oublock, usage.ru_msgsnd, usage.ru_msgrcv, usage.ru_nsignals,
                   usage.ru_nvcsw, usage.ru_nivcsw};
  Ref<TupleObject> values = tuple_allocate(16);
  if (!values) return nullptr;
  values->items[0] = seconds(usage.ru_utime).release();
  values->items[1] = seconds(usage.ru_stime).release();
  for (int i = 0; i < 14; ++i) values->items[2 + i] = int_from_int64(fields[i]).release();
  for (int i = 0; i < 16; ++i) {
    if (!values->items[i]) return nullptr;
  }
  Ref<> usage_object = call_function_in_module("resource", "struct_rusage", values.value());
  if (!usage_object) return nullptr;
  return tuple_steal({int_from_int64(pid).release(), int_from_int64(status).release(),
                      usage_object.release()});
}

Ref<> posix_wait3(Value, const Value* args) {
  int options;
  if (!int_arg(args[0], &options)) return nullptr;
  int status = 0;
  struct rusage usage{};  // WNOHANG with no child ready leaves it untouched
  pid_t result = blocking_call([&] { return wait3(&status, options, &usage); });
  if (result < 0) return posix_error();
  return wait_result_with_usage(result, status, usage);
}

Ref<> posix_wait4(Value, const Value* args) {
  pid_t pid;
  int options;
  if (!pid_arg(args[0], &pid) || !int_arg(args[1], &options)) return nullptr;
  int status = 0;
  struct rusage usage{};  // WNOHANG with no child ready leaves it untouched
  pid_t result = blocking_call([&] { return wait4(pid, &status, options, &usage); });
  if (result < 0) return posix_error();
  return wait_result_with_usage(result, status, usage);
}

const StructSeqField waitid_result_fields[] = {
    {"si_pid"}, {"si_uid"}, {"si_signo"}, {"si_status"}, {"si_code"}, {},
};
StructSeqType waitid_result_type{
    "posix.waitid_result",
    "waitid_result: Result from waitid.\n\n"
    "This object may be accessed either as a tuple of\n"
    "  (si_pid, si_uid, si_signo, si_status, si_code),\n"
    "or via the attributes si_pid, si_uid, and so on.\n\n"
    "See os.waitid for more information.",
    waitid_result_fields, 5};

Ref<> posix_waitid(Value, const Value* args) {
  int idtype, id, options;
  if (!int_arg(args[0], &idtype) || !int_arg(args[1], &id) || !int_arg(args[2], &options)) return nullptr;
  siginfo_t info;
  info.si_pid = 0;
  int result = blocking_call([&] { return waitid(idtype_t(idtype), id_t(id), &info, options); });
  if (result < 0) return posix_error();
  if (info.si_pid == 0) return new_none();  // WNOHANG and no child ready
  Ref<TupleObject> r = structseq_new(&waitid_result_type);
  if (!r) return nullptr;
  structseq_set(r.get(), 0, int_from_int64(info.si_pid));
  structseq_set(r.get(), 1, uid_to_int(info.si_uid));
  structseq_set(r.get(), 2, int_from_int64(info.si_signo));
  structseq_set(r.get(), 3, int_from_int64(info.si_status));
  structseq_set(r.get(), 4, int_from_int64(info.si_code));
  return r;
}

// The W* macros.
template <bool (*kTest)(int)>
Ref<> status_test(Value, const Value* args) {
  int status;
  if (!int_arg(args[0], &status)) return nullptr;
  return new_bool(kTest(status));
}
template <int (*kField)(int)>
Ref<> status_field(Value, const Value* args) {
  int status;
  if (!int_arg(args[0], &status)) return nullptr;
  return int_from_int64(kField(status));
}
bool wcoredump(int s) { return WCOREDUMP(s); }
bool wifcontinued(int s) { return WIFCONTINUED(s); }
bool wifstopped(int s) { return WIFSTOPPED(s); }
bool wifsignaled(int s) { return WIFSIGNALED(s); }
bool wifexited(int s) { return WIFEXITED(s); }
int wexitstatus(int s) { return WEXITSTATUS(s); }
int wtermsig(int s) { return WTERMSIG(s); }
int wstopsig(int s) { return WSTOPSIG(s); }

Ref<> posix_waitstatus_to_exitcode(Value, const Value* args) {
  int status;
  if (!int_arg(args[0], &status)) return nullptr;
  if (WIFEXITED(status)) return int_from_int64(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return int_from_int64(-WTERMSIG(status));
  if (WIFSTOPPED(status)) return value_error("process stopped by delivery of signal {}", WSTOPSIG(status));
  return value_error("invalid wait status: {}", status);
}

// --- Signals to processes ---

Ref<> posix_kill(Value, const Value* args) {
  pid_t pid;
  int sig;
  if (!pid_arg(args[0], &pid) || !int_arg(args[1], &sig)) return nullptr;
  if (kill(pid, sig) < 0) return raise_os_error(errno);
  // A signal sent to ourselves runs its Python handler now, as CPython's does.
  if (run_pending_signal_handlers() < 0) return nullptr;
  return new_none();
}

Ref<> posix_killpg(Value, const Value* args) {
  pid_t pgid;
  int sig;
  if (!pid_arg(args[0], &pgid) || !int_arg(args[1], &sig)) return nullptr;
  if (killpg(pgid, sig) < 0) return raise_os_error(errno);
  if (run_pending_signal_handlers() < 0) return nullptr;
  return new_none();
}

// --- Ids ---

template <pid_t (*kCall)()>
Ref<> pid_getter(Value, const Value*) {
  return int_from_int64(kCall());
}
template <unsigned (*kCall)()>
Ref<> id_getter(Value, const Value*) {
  return uid_to_int(kCall());
}
unsigned get_uid() { return getuid(); }
unsigned get_euid() { return geteuid(); }
unsigned get_gid() { return getgid(); }
unsigned get_egid() { return getegid(); }
pid_t get_pgrp() { return getpgrp(); }

Ref<> posix_getpgid(Value, const Value* args) {
  pid_t pid;
  if (!pid_arg(args[0], &pid)) return nullptr;
  pid_t result = getpgid(pid);
  if (result < 0) return raise_os_error(errno);
  return int_from_int64(result);
}

Ref<> posix_getsid(Value, const Value* args) {
  pid_t pid;
  if (!pid_arg(args[0], &pid)) return nullptr;
  pid_t result = getsid(pid);
  if (result < 0) return raise_os_error(errno);
  return int_from_int64(result);
}

Ref<> posix_setsid(Value, const Value*) {
  if (setsid() < 0) return raise_os_error(errno);
  return new_none();
}

Ref<> posix_setpgid(Value, const Value* args) {
  pid_t pid, pgrp;
  if (!pid_arg(args[0], &pid) || !pid_arg(args[1], &pgrp)) return nullptr;
  if (setpgid(pid, pgrp) < 0) return raise_os_error(errno);
  return new_none();
}

Ref<> posix_setpgrp(Value, const Value*) {
  if (setpgid(0, 0) < 0) return raise_os_error(errno);
  return new_none();
}

Ref<> posix_getgroups(Value, const Value*) {
  int n = getgroups(0, nullptr);
  if (n < 0) return raise_os_error(errno);
  std::vector<gid_t> groups(size_t(n) + 1);
  n = getgroups(n, groups.data());
  if (n < 0) return raise_os_error(errno);
  Ref<ListObject> result = list_new();
  if (!result) return nullptr;
  for (int i = 0; i < n; ++i) {
    if (!list_append_steal(result.get(), uid_to_int(groups[size_t(i)]))) return nullptr;
  }
  return result;
}

Ref<> posix_getgrouplist(Value, const Value* args) {
  if (!is_str(args[0])) return type_error("getgrouplist() argument 1 must be str, not {}", type_name(args[0]));
  unsigned group;
  if (!gid_arg(args[1], &group)) return nullptr;
  std::string user(str_utf8(args[0]));
  std::vector<gid_t> groups(64);
  int n = int(groups.size());
  while (getgrouplist(user.c_str(), group, groups.data(), &n) < 0) {
    groups.resize(size_t(n > int(groups.size()) ? n : 2 * groups.size()));
    n = int(groups.size());
  }
  Ref<ListObject> result = list_new();
  if (!result) return nullptr;
  for (int i = 0; i < n; ++i) {
    if (!list_append_steal(result.get(), uid_to_int(groups[size_t(i)]))) return nullptr;
  }
  return result;
}

Ref<> posix_setgroups(Value, const Value* args) {
  Ref<TupleObject> items = tuple_from_iterable(args[0]);
  if (!items) {
    if (error_matches(&exc::TypeError)) {
      clear_error();
      return type_error("setgroups argument must be a sequence");
    }
    return nullptr;
  }
  if (items->length > NGROUPS_MAX) return value_error("too many groups");
  std::vector<gid_t> groups;
  for (int64_t i = 0; i < items->length; ++i) {
    if (!is_int(items->items[i])) return type_error("groups must be integers");
    unsigned gid;
    if (!gid_arg(items->items[i], &gid)) return nullptr;
    groups.push_back(gid);
  }
  if (setgroups(groups.size(), groups.data()) < 0) return raise_os_error(errno);
  return new_none();
}

Ref<> posix_initgroups(Value, const Value* args) {
  Ref<> user;
  unsigned gid;
  if (!fs_converter(args[0], &user) || !gid_arg(args[1], &gid)) return nullptr;
  if (initgroups(as_bytes(user)->data, gid) < 0) return raise_os_error(errno);
  return new_none();
}

Ref<> posix_getlogin(Value, const Value*) {
  errno = 0;
  const char* name = getlogin();
  if (!name) {
    if (errno) return raise_os_error(errno);
    return raise(exc::OSError, "unable to determine login name");
  }
  return fs_decode(name);
}

// setuid-style setters: f(id...) with ids converted as uids or gids.
template <int (*kCall)(uid_t)>
Ref<> set_one_uid(Value, const Value* args) {
  unsigned id;
  if (!uid_arg(args[0], &id)) return nullptr;
  if (kCall(id) < 0) return raise_os_error(errno);
  return new_none();
}
template <int (*kCall)(gid_t)>
Ref<> set_one_gid(Value, const Value* args) {
  unsigned id;
  if (!gid_arg(args[0], &id)) return nullptr;
  if (kCall(id) < 0) return raise_os_error(errno);
  return new_none();
}

Ref<> posix_setreuid(Value, const Value* args) {
  unsigned r, e;
  if (!uid_arg(args[0], &r) || !uid_arg(args[1], &e)) return nullptr;
  if (setreuid(r, e) < 0) return raise_os_error(errno);
  return new_none();
}

Ref<> posix_setregid(Value, const Value* args) {
  unsigned r, e;
  if (!gid_arg(args[0], &r) || !gid_arg(args[1], &e)) return nullptr;
  if (setregid(r, e) < 0) return raise_os_error(errno);
  return new_none();
}

Ref<> posix_setresuid(Value, const Value* args) {
  unsigned r, e, s;
  if (!uid_arg(args[0], &r) || !uid_arg(args[1], &e) || !uid_arg(args[2], &s)) return nullptr;
  if (setresuid(r, e, s) < 0) return raise_os_error(errno);
  return new_none();
}

Ref<> posix_setresgid(Value, const Value* args) {
  unsigned r, e, s;
  if (!gid_arg(args[0], &r) || !gid_arg(args[1], &e) || !gid_arg(args[2], &s)) return nullptr;
  if (setresgid(r, e, s) < 0) return raise_os_error(errno);
  return new_none();
}

Ref<> posix_getresuid(Value, const Value*) {
  uid_t r, e, s;
  if (getresuid(&r, &e, &s) < 0) return raise_os_error(errno);
  return tuple_steal({uid_to_int(r).release(), uid_to_int(e).release(), uid_to_int(s).release()});
}

Ref<> posix_getresgid(Value, const Value*) {
  gid_t r, e, s;
  if (getresgid(&r, &e, &s) < 0) return raise_os_error(errno);
  return tuple_steal({uid_to_int(r).release(), uid_to_int(e).release(), uid_to_int(s).release()});
}

// --- Priorities and scheduling ---

Ref<> posix_nice(Value, const Value* args) {
  int increment;
  if (!int_arg(args[0], &increment)) return nullptr;
  errno = 0;
  int value = nice(increment);
  if (value == -1 && errno != 0) return raise_os_error(errno);
  return int_from_int64(value);
}

Ref<> posix_getpriority(Value, const Value* args) {
  int which, who;
  if (!int_arg(args[0], &which) || !int_arg(args[1], &who)) return nullptr;
  errno = 0;
  int value = getpriority(__priority_which_t(which), id_t(who));
  if (value == -1 && errno != 0) return raise_os_error(errno);
  return int_from_int64(value);
}

Ref<> posix_setpriority(Value, const Value* args) {
  int which, who, priority;
  if (!int_arg(args[0], &which) || !int_arg(args[1], &who) || !int_arg(args[2], &priority)) return nullptr;
  if (setpriority(__priority_which_t(which), id_t(who), priority) < 0) return raise_os_error(errno);
  return new_none();
}

const StructSeqField sched_param_fields[] = {{"sched_priority", "the scheduling priority"}, {}};

Ref<> sched_param_new_method(Value type, const Value* args) {
  Ref<TupleObject> result = structseq_new(static_cast<StructSeqType*>(type.as_object()));
  if (!result) return nullptr;
  structseq_set(result.get(), 0, new_ref(args[0]));
  return result;
}

const MethodDef sched_param_new_def = {.name = "sched_param", .impl = sched_param_new_method,
                                       .signature = "($type, sched_priority)"};

Ref<> sched_param_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return call_method_def(&sched_param_new_def, type->name, Value(type), args, nargs, kwnames);
}

StructSeqType sched_param_type{
    "posix.sched_param",
    "Currently has only one field: sched_priority\n\n  sched_priority\n    A scheduling parameter.",
    sched_param_fields, 1, sched_param_new_slot};

bool sched_param_arg(Value v, struct sched_param* out) {
  if (type_of(v) != &sched_param_type) return type_error("must have a sched_param object");
  int64_t priority;
  Value item = structseq_get(as_tuple(v), 0);
  if (!is_int(item)) return type_error("an integer is required");
  if (!int_to_int64(item, &priority) || priority > INT_MAX || priority < INT_MIN) {
    return overflow_error("sched_priority out of range");
  }
  out->sched_priority = int(priority);
  return true;
}

Ref<> sched_param_from(const struct sched_param& param) {
  Ref<TupleObject> result = structseq_new(&sched_param_type);
  if (!result) return nullptr;
  structseq_set(result.get(), 0, int_from_int64(param.sched_priority));
  return result;
}

Ref<> posix_sched_get_priority_max(Value, const Value* args) {
  int policy;
  if (!int_arg(args[0], &policy)) return nullptr;
  int value = sched_get_priority_max(policy);
  if (value < 0) return raise_os_error(errno);
  return int_from_int64(value);
}

Ref<> posix_sched_get_priority_min(Value, const Value* args) {
  int policy;
  if (!int_arg(args[0], &policy)) return nullptr;
  int value = sched_get_priority_min(policy);
  if (value < 0) return raise_os_error(errno);
  return int_from_int64(value);
}

Ref<> posix_sched_getscheduler(Value, const Value* args) {
  pid_t pid;
  if (!pid_arg(args[0], &pid)) return nullptr;
  int policy = sched_getscheduler(pid);
  if (policy < 0) return raise_os_error(errno);
  return int_from_int64(policy);
}

Ref<> posix_sched_setscheduler(Value, const Value* args) {
  pid_t pid;
  int policy;
  struct sched_param param;
  if (!pid_arg(args[0], &pid) || !int_arg(args[1], &policy) || !sched_param_arg(args[2], &param)) {
    return nullptr;
  }
  if (sched_setscheduler(pid, policy, &param) < 0) return raise_os_error(errno);
  return new_none();
}

Ref<> posix_sched_getparam(Value, const Value* args) {
  pid_t pid;
  if (!pid_arg(args[0], &pid)) return nullptr;
  struct sched_param param;
  if (sched_getparam(pid, &param) < 0) return raise_os_error(errno);
  return sched_param_from(param);
}

Ref<> posix_sched_setparam(Value, const Value* args) {
  pid_t pid;
  struct sched_param param;
  if (!pid_arg(args[0], &pid) || !sched_param_arg(args[1], &param)) return nullptr;
  if (sched_setparam(pid, &param) < 0) return raise_os_error(errno);
  return new_none();
}

Ref<> posix_sched_rr_get_interval(Value, const Value* args) {
  pid_t pid;
  if (!pid_arg(args[0], &pid)) return nullptr;
  struct timespec interval;
  if (sched_rr_get_interval(pid, &interval) < 0) return raise_os_error(errno);
  return float_from_double(double(interval.tv_sec) + 1e-9 * double(interval.tv_nsec));
}

Ref<> posix_sched_yield(Value, const Value*) {
  int result;
  {
    ReleaseGil released;
    result = sched_yield();
  }
  if (result < 0) return raise_os_error(errno);
  return new_none();
}

Ref<> posix_sched_getaffinity(Value, const Value* args) {
  pid_t pid;
  if (!pid_arg(args[0], &pid)) return nullptr;
  // Grow the mask until the kernel's fits.
  for (int ncpus = 1024;; ncpus *= 2) {
    cpu_set_t* mask = CPU_ALLOC(ncpus);
    if (!mask) return raise_memory_error();
    size_t size = CPU_ALLOC_SIZE(ncpus);
    if (sched_getaffinity(pid, size, mask) < 0) {
      int error = errno;
      CPU_FREE(mask);
      if (error == EINVAL && ncpus < (1 << 20)) continue;
      return raise_os_error(error);
    }
    Ref<SetObject> result = set_new();
    bool ok = bool(result);
    int count = CPU_COUNT_S(size, mask);
    for (int cpu = 0; ok && count > 0; ++cpu) {
      if (CPU_ISSET_S(cpu, size, mask)) {
        --count;
        ok = set_add(result.get(), Value::small_int(cpu));
      }
    }
    CPU_FREE(mask);
    if (!ok) return nullptr;
    return result;
  }
}

Ref<> posix_sched_setaffinity(Value, const Value* args) {
  pid_t pid;
  if (!pid_arg(args[0], &pid)) return nullptr;
  std::vector<int> cpus;
  int highest = 0;
  bool ok = for_each(args[1], [&](Value item) {
    if (!is_int(item)) return bool(type_error("expected an iterator of ints, but iterator yielded {}", type_name(item)));
    int64_t cpu;
    if (!int_to_int64(item, &cpu) || cpu > INT_MAX / 2) return bool(overflow_error("unsupported CPU number"));
    if (cpu < 0) return bool(value_error("negative CPU number"));
    cpus.push_back(int(cpu));
    if (cpu > highest) highest = int(cpu);
    return true;
  });
  if (!ok) return nullptr;
  int ncpus = highest + 1 > 1024 ? highest + 1 : 1024;
  cpu_set_t* mask = CPU_ALLOC(ncpus);
  if (!mask) return raise_memory_error();
  size_t size = CPU_ALLOC_SIZE(ncpus);
  CPU_ZERO_S(size, mask);
  for (int cpu : cpus) CPU_SET_S(cpu, size, mask);
  int result = sched_setaffinity(pid, size, mask);
  int error = errno;
  CPU_FREE(mask);
  if (result < 0) return raise_os_error(error);
  return new_none();
}

// --- Terminals ---

bool make_non_inheritable(int fd) {
  int flags = fcntl(fd, F_GETFD);
  return flags >= 0 && fcntl(fd, F_SETFD, flags | FD_CLOEXEC) >= 0;
}

Ref<> posix_openpty(Value, const Value*) {
  int master, slave;
  if (openpty(&master, &slave, nullptr, nullptr, nullptr) < 0) return raise_os_error(errno);
  if (!make_non_inheritable(master) || !make_non_inheritable(slave)) {
    int error = errno;
    close(master);
    close(slave);
    return raise_os_error(error);
  }
  return tuple_of({Value::small_int(master), Value::small_int(slave)});
}

Ref<> posix_login_tty(Value, const Value* args) {
  int fd;
  if (!fildes_arg(args[0], &fd)) return nullptr;
  if (login_tty(fd) < 0) return raise_os_error(errno);
  return new_none();
}

Ref<> posix_forkpty(Value, const Value*) {
  int master = -1;
  fork_prepare();
  pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  int saved_errno = errno;
  if (pid == 0) fork_after_in_child();
  else fork_after_in_parent();
  if (pid < 0) return raise_os_error(saved_errno);
  if (error_occurred()) return nullptr;
  return tuple_of({Value::small_int(pid), Value::small_int(master)});
}

Ref<> posix_tcgetpgrp(Value, const Value* args) {
  int fd;
  if (!int_arg(args[0], &fd)) return nullptr;
  pid_t pgid = tcgetpgrp(fd);
  if (pgid < 0) return raise_os_error(errno);
  return int_from_int64(pgid);
}

Ref<> posix_tcsetpgrp(Value, const Value* args) {
  int fd;
  pid_t pgid;
  if (!int_arg(args[0], &fd) || !pid_arg(args[1], &pgid)) return nullptr;
  if (tcsetpgrp(fd, pgid) < 0) return raise_os_error(errno);
  return new_none();
}

// --- Environment and shell ---

Ref<> posix_system(Value, const Value* args) {
  Ref<> command;
  if (!fs_converter(args[0], &command)) return nullptr;
  int result;
  {
    ReleaseGil released;
    result = system(as_bytes(command)->data);
  }
  return int_from_int64(result);
}

bool env_name(Value v, Ref<>* out) {
  if (!fs_converter(v, out)) return false;
  std::string_view name = bytes_view(*out);
  if (name.empty() || name.find('=') != std::string_view::npos) {
    return value_error("illegal environment variable name");
  }
  return true;
}

Ref<> posix_putenv(Value, const Value* args) {
  Ref<> name, value;
  if (!env_name(args[0], &name) || !fs_converter(args[1], &value)) return nullptr;
  if (setenv(as_bytes(name)->data, as_bytes(value)->data, 1) < 0) return raise_os_error(errno);
  return new_none();
}

Ref<> posix_unsetenv(Value, const Value* args) {
  Ref<> name;
  if (!env_name(args[0], &name)) return nullptr;
  if (unsetenv(as_bytes(name)->data) < 0) return raise_os_error(errno);
  return new_none();
}

Ref<> posix_pidfd_open(Value, const Value* args) {
  pid_t pid;
  int flags;
  if (!pid_arg(args[0], &pid) || !int_arg(args[1], &flags)) return nullptr;
  long fd = syscall(SYS_pidfd_open, pid, flags);
  if (fd < 0) return raise_os_error(errno);
  return int_from_int64(fd);
}

// --- posix_spawn ---

bool spawn_file_actions(Value actions, posix_spawn_file_actions_t* out, std::vector<Ref<>>* keep) {
  Ref<TupleObject> items = tuple_from_iterable(actions);
  if (!items) return false;
  for (int64_t i = 0; i < items->length; ++i) {
    Value action = items->items[i];
    if (!is_tuple(action) || as_tuple(action)->length == 0) {
      return type_error("Each file_actions element must be a non-empty tuple");
    }
    TupleObject* t = as_tuple(action);
    int tag;
    if (!int_arg(t->items[0], &tag)) return false;
    int error = 0;
    if (tag == 0 && t->length == 5) {  // POSIX_SPAWN_OPEN: (tag, fd, path, flags, mode)
      int fd, flags, mode;
      PathArg path("posix_spawn", "path");
      if (!int_arg(t->items[1], &fd) || !path_convert(t->items[2], &path) || !int_arg(t->items[3], &flags) ||
          !int_arg(t->items[4], &mode)) {
        return false;
      }
      error = posix_spawn_file_actions_addopen(out, fd, path.narrow, flags, mode_t(mode));
      keep->push_back(std::move(path.bytes));
    } else if (tag == 1 && t->length == 2) {  // POSIX_SPAWN_CLOSE: (tag, fd)
      int fd;
      if (!int_arg(t->items[1], &fd)) return false;
      error = posix_spawn_file_actions_addclose(out, fd);
    } else if (tag == 2 && t->length == 3) {  // POSIX_SPAWN_DUP2: (tag, fd, new_fd)
      int fd, new_fd;
      if (!int_arg(t->items[1], &fd) || !int_arg(t->items[2], &new_fd)) return false;
      error = posix_spawn_file_actions_adddup2(out, fd, new_fd);
    } else if (tag >= 0 && tag <= 2) {
      const char* names[] = {"open", "close", "dup2"};
      return type_error("A {} file_action tuple must have {} elements", names[tag],
                        tag == 0 ? 5 : tag == 1 ? 2 : 3);
    } else {
      return type_error("Unknown file_actions identifier");
    }
    if (error) return raise_os_error(error);
  }
  return true;
}

bool signal_set_arg(Value v, sigset_t* out) {
  sigemptyset(out);
  return for_each(v, [&](Value item) {
    int sig;
    if (!int_arg(item, &sig)) return false;
    if (sig <= 0 || sig >= NSIG) return bool(value_error("signal number {} out of range [1; {}]", sig, NSIG - 1));
    sigaddset(out, sig);
    return true;
  });
}

Ref<> spawn(const Value* args, bool search_path) {
  const char* function = search_path ? "posix_spawnp" : "posix_spawn";
  PathArg path(function, "path");
  CStringArray argv, envp;
  if (!path_convert(args[0], &path)) return nullptr;
  if (!is_tuple(args[1]) && !is_list(args[1])) return type_error("{}: argv must be a tuple or list", function);
  Ref<TupleObject> argv_items = tuple_from_iterable(args[1]);
  if (!argv_items) return nullptr;
  if (argv_items->length == 0) return value_error("{}: argv must not be empty", function);
  for (int64_t i = 0; i < argv_items->length; ++i) {
    Ref<> encoded;
    if (!fs_converter(argv_items->items[i], &encoded)) return nullptr;
    argv.add(std::move(encoded));
  }
  argv.finish();
  if (!exec_env(args[2], function, &envp)) return nullptr;

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attributes);
  std::vector<Ref<>> keep;
  short flags = 0;
  auto cleanup = [&] {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
  };
  bool ok = !args[3] || is_none(args[3]) || spawn_file_actions(args[3], &actions, &keep);
  if (ok && args[4]) {  // setpgroup
    int pgroup;
    ok = int_arg(args[4], &pgroup);
    if (ok) {
      flags |= POSIX_SPAWN_SETPGROUP;
      posix_spawnattr_setpgroup(&attributes, pgroup);
    }
  }
  // resetids and setsid accept ints only (bool(accept={int}) in CPython's clinic).
  int resetids = 0, use_setsid = 0;
  if (ok) ok = int_arg(args[5], &resetids) && int_arg(args[6], &use_setsid);
  if (ok && resetids) flags |= POSIX_SPAWN_RESETIDS;
  if (ok && use_setsid) flags |= POSIX_SPAWN_SETSID;
  if (ok && args[7]) {
    sigset_t mask;
    ok = signal_set_arg(args[7], &mask);
    if (ok) {
      flags |= POSIX_SPAWN_SETSIGMASK;
      posix_spawnattr_setsigmask(&attributes, &mask);
    }
  }
  if (ok && args[8]) {
    sigset_t defaults;
    ok = signal_set_arg(args[8], &defaults);
    if (ok) {
      flags |= POSIX_SPAWN_SETSIGDEF;
      posix_spawnattr_setsigdefault(&attributes, &defaults);
    }
  }
  if (ok && args[9]) {  // scheduler: (policy, sched_param)
    Value scheduler = args[9];
    if (!is_tuple(scheduler) || as_tuple(scheduler)->length != 2) {
      type_error("{}: scheduler must be a tuple or None", function);
      ok = false;
    } else {
      int policy;
      struct sched_param param;
      ok = sched_param_arg(as_tuple(scheduler)->items[1], &param);
      if (ok && !is_none(as_tuple(scheduler)->items[0])) {
        ok = int_arg(as_tuple(scheduler)->items[0], &policy);
        if (ok) {
          flags |= POSIX_SPAWN_SETSCHEDULER;
          posix_spawnattr_setschedpolicy(&attributes, policy);
        }
      }
      if (ok) {
        flags |= POSIX_SPAWN_SETSCHEDPARAM;
        posix_spawnattr_setschedparam(&attributes, &param);
      }
    }
  }
  if (!ok) {
    cleanup();
    return nullptr;
  }
  posix_spawnattr_setflags(&attributes, flags);
  pid_t pid;
  int error;
  {
    ReleaseGil released;
    error = search_path ? posix_spawnp(&pid, path.narrow, &actions, &attributes, argv.pointers.data(),
                                       envp.pointers.data())
                        : posix_spawn(&pid, path.narrow, &actions, &attributes, argv.pointers.data(),
                                      envp.pointers.data());
  }
  cleanup();
  if (error) {
    errno = error;
    return path_error(path);
  }
  return int_from_int64(pid);
}

Ref<> posix_posix_spawn(Value, const Value* args) { return spawn(args, false); }
Ref<> posix_posix_spawnp(Value, const Value* args) { return spawn(args, true); }

// `?` stands for the empty tuple defaults of file_actions, setsigmask and setsigdef.
#define KRAIT_SPAWN_SIGNATURE(name)                                                             \
  "($module, path, argv, env, /, *, file_actions=?, setpgroup=?, resetids=False, setsid=False, " \
  "setsigmask=?, setsigdef=?, scheduler=?)"

}  // namespace

const MethodDef process_methods[] = {
    {.name = "fork", .impl = posix_fork, .signature = "($module, /)",
     .doc = "Fork a child process.\n\nReturn 0 to child process and PID of child to parent process."},
    {.name = "register_at_fork", .impl = posix_register_at_fork,
     .signature = "($module, /, *, before=?, after_in_child=?, after_in_parent=?)",
     .doc = "Register callables to be called when forking a new process."},
    {.name = "_exit", .impl = posix_exit, .signature = "($module, /, status)",
     .doc = "Exit to the system with specified status, without normal exit processing."},
    {.name = "execv", .impl = posix_execv, .signature = "($module, path, argv, /)",
     .doc = "Execute an executable path with arguments, replacing current process."},
    {.name = "execve", .impl = posix_execve, .signature = "($module, /, path, argv, env)",
     .doc = "Execute an executable path with arguments, replacing current process."},
    {.name = "waitpid", .impl = posix_waitpid, .signature = "($module, pid, options, /)",
     .doc = "Wait for completion of a given child process."},
    {.name = "wait", .impl = posix_wait, .signature = "($module, /)",
     .doc = "Wait for completion of a child process."},
    {.name = "wait3", .impl = posix_wait3, .signature = "($module, /, options)",
     .doc = "Wait for completion of a child process."},
    {.name = "wait4", .impl = posix_wait4, .signature = "($module, /, pid, options)",
     .doc = "Wait for completion of a specific child process."},
    {.name = "waitid", .impl = posix_waitid, .signature = "($module, idtype, id, options, /)",
     .doc = "Returns the result of waiting for a process or processes."},
    {.name = "WCOREDUMP", .impl = status_test<wcoredump>, .signature = "($module, status, /)",
     .doc = "Return True if the process returning status was dumped to a core file."},
    {.name = "WIFCONTINUED", .impl = status_test<wifcontinued>, .signature = "($module, /, status)",
     .doc = "Return True if a particular process was continued from a job control stop."},
    {.name = "WIFSTOPPED", .impl = status_test<wifstopped>, .signature = "($module, /, status)",
     .doc = "Return True if the process returning status was stopped."},
    {.name = "WIFSIGNALED", .impl = status_test<wifsignaled>, .signature = "($module, /, status)",
     .doc = "Return True if the process returning status was terminated by a signal."},
    {.name = "WIFEXITED", .impl = status_test<wifexited>, .signature = "($module, /, status)",
     .doc = "Return True if the process returning status exited via the exit() system call."},
    {.name = "WEXITSTATUS", .impl = status_field<wexitstatus>, .signature = "($module, /, status)",
     .doc = "Return the process return code from status."},
    {.name = "WTERMSIG", .impl = status_field<wtermsig>, .signature = "($module, /, status)",
     .doc = "Return the signal that terminated the process that provided the status value."},
    {.name = "WSTOPSIG", .impl = status_field<wstopsig>, .signature = "($module, /, status)",
     .doc = "Return the signal that stopped the process that provided the status value."},
    {.name = "waitstatus_to_exitcode", .impl = posix_waitstatus_to_exitcode,
     .signature = "($module, /, status)", .doc = "Convert a wait status to an exit code."},
    {.name = "kill", .impl = posix_kill, .signature = "($module, pid, signal, /)",
     .doc = "Kill a process with a signal."},
    {.name = "killpg", .impl = posix_killpg, .signature = "($module, pgid, signal, /)",
     .doc = "Kill a process group with a signal."},
    {.name = "getpid", .impl = pid_getter<getpid>, .signature = "($module, /)",
     .doc = "Return the current process id."},
    {.name = "getppid", .impl = pid_getter<getppid>, .signature = "($module, /)",
     .doc = "Return the parent's process id."},
    {.name = "getpgrp", .impl = pid_getter<get_pgrp>, .signature = "($module, /)",
     .doc = "Return the current process group id."},
    {.name = "getuid", .impl = id_getter<get_uid>, .signature = "($module, /)",
     .doc = "Return the current process's user id."},
    {.name = "geteuid", .impl = id_getter<get_euid>, .signature = "($module, /)",
     .doc = "Return the current process's effective user id."},
    {.name = "getgid", .impl = id_getter<get_gid>, .signature = "($module, /)",
     .doc = "Return the current process's group id."},
    {.name = "getegid", .impl = id_getter<get_egid>, .signature = "($module, /)",
     .doc = "Return the current process's effective group id."},
    {.name = "getpgid", .impl = posix_getpgid, .signature = "($module, /, pid)",
     .doc = "Call the system call getpgid(), and return the result."},
    {.name = "getsid", .impl = posix_getsid, .signature = "($module, pid, /)",
     .doc = "Call the system call getsid(pid) and return the result."},
    {.name = "setsid", .impl = posix_setsid, .signature = "($module, /)",
     .doc = "Call the system call setsid()."},
    {.name = "setpgid", .impl = posix_setpgid, .signature = "($module, pid, pgrp, /)",
     .doc = "Call the system call setpgid(pid, pgrp)."},
    {.name = "setpgrp", .impl = posix_setpgrp, .signature = "($module, /)",
     .doc = "Make the current process the leader of its process group."},
    {.name = "getgroups", .impl = posix_getgroups, .signature = "($module, /)",
     .doc = "Return list of supplemental group IDs for the process."},
    {.name = "getgrouplist", .impl = posix_getgrouplist, .signature = "($module, user, group, /)",
     .doc = "Returns a list of groups to which a user belongs."},
    {.name = "setgroups", .impl = posix_setgroups, .signature = "($module, groups, /)",
     .doc = "Set the groups of the current process to list."},
    {.name = "initgroups", .impl = posix_initgroups, .signature = "($module, username, gid, /)",
     .doc = "Initialize the group access list."},
    {.name = "getlogin", .impl = posix_getlogin, .signature = "($module, /)",
     .doc = "Return the actual login name."},
    {.name = "setuid", .impl = set_one_uid<setuid>, .signature = "($module, uid, /)",
     .doc = "Set the current process's user id."},
    {.name = "seteuid", .impl = set_one_uid<seteuid>, .signature = "($module, euid, /)",
     .doc = "Set the current process's effective user id."},
    {.name = "setgid", .impl = set_one_gid<setgid>, .signature = "($module, gid, /)",
     .doc = "Set the current process's group id."},
    {.name = "setegid", .impl = set_one_gid<setegid>, .signature = "($module, egid, /)",
     .doc = "Set the current process's effective group id."},
    {.name = "setreuid", .impl = posix_setreuid, .signature = "($module, ruid, euid, /)",
     .doc = "Set the current process's real and effective user ids."},
    {.name = "setregid", .impl = posix_setregid, .signature = "($module, rgid, egid, /)",
     .doc = "Set the current process's real and effective group ids."},
    {.name = "setresuid", .impl = posix_setresuid, .signature = "($module, ruid, euid, suid, /)",
     .doc = "Set the current process's real, effective, and saved user ids."},
    {.name = "setresgid", .impl = posix_setresgid, .signature = "($module, rgid, egid, sgid, /)",
     .doc = "Set the current process's real, effective, and saved group ids."},
    {.name = "getresuid", .impl = posix_getresuid, .signature = "($module, /)",
     .doc = "Return a tuple of the current process's real, effective, and saved user ids."},
    {.name = "getresgid", .impl = posix_getresgid, .signature = "($module, /)",
     .doc = "Return a tuple of the current process's real, effective, and saved group ids."},
    {.name = "nice", .impl = posix_nice, .signature = "($module, increment, /)",
     .doc = "Add increment to the priority of process and return the new priority."},
    {.name = "getpriority", .impl = posix_getpriority, .signature = "($module, /, which, who)",
     .doc = "Return program scheduling priority."},
    {.name = "setpriority", .impl = posix_setpriority, .signature = "($module, /, which, who, priority)",
     .doc = "Set program scheduling priority."},
    {.name = "sched_get_priority_max", .impl = posix_sched_get_priority_max,
     .signature = "($module, /, policy)", .doc = "Get the maximum scheduling priority for policy."},
    {.name = "sched_get_priority_min", .impl = posix_sched_get_priority_min,
     .signature = "($module, /, policy)", .doc = "Get the minimum scheduling priority for policy."},
    {.name = "sched_getparam", .impl = posix_sched_getparam, .signature = "($module, pid, /)",
     .doc = "Returns scheduling parameters for the process identified by pid."},
    {.name = "sched_getscheduler", .impl = posix_sched_getscheduler, .signature = "($module, pid, /)",
     .doc = "Get the scheduling policy for the process identified by pid."},
    {.name = "sched_rr_get_interval", .impl = posix_sched_rr_get_interval,
     .signature = "($module, pid, /)",
     .doc = "Return the round-robin quantum for the process identified by pid, in seconds."},
    {.name = "sched_setparam", .impl = posix_sched_setparam, .signature = "($module, pid, param, /)",
     .doc = "Set scheduling parameters for the process identified by pid."},
    {.name = "sched_setscheduler", .impl = posix_sched_setscheduler,
     .signature = "($module, pid, policy, param, /)",
     .doc = "Set the scheduling policy for the process identified by pid."},
    {.name = "sched_yield", .impl = posix_sched_yield, .signature = "($module, /)",
     .doc = "Voluntarily relinquish the CPU."},
    {.name = "sched_setaffinity", .impl = posix_sched_setaffinity, .signature = "($module, pid, mask, /)",
     .doc = "Set the CPU affinity of the process identified by pid to mask."},
    {.name = "sched_getaffinity", .impl = posix_sched_getaffinity, .signature = "($module, pid, /)",
     .doc = "Return the affinity of the process identified by pid (or the current process if zero)."},
    {.name = "openpty", .impl = posix_openpty, .signature = "($module, /)",
     .doc = "Open a pseudo-terminal.\n\nReturn a tuple of (master_fd, slave_fd) containing open file "
            "descriptors\nfor both the master and slave ends."},
    {.name = "login_tty", .impl = posix_login_tty, .signature = "($module, fd, /)",
     .doc = "Prepare the tty of which fd is a file descriptor for a new login session."},
    {.name = "forkpty", .impl = posix_forkpty, .signature = "($module, /)",
     .doc = "Fork a new process with a new pseudo-terminal as controlling tty."},
    {.name = "tcgetpgrp", .impl = posix_tcgetpgrp, .signature = "($module, fd, /)",
     .doc = "Return the process group associated with the terminal specified by fd."},
    {.name = "tcsetpgrp", .impl = posix_tcsetpgrp, .signature = "($module, fd, pgid, /)",
     .doc = "Set the process group associated with the terminal specified by fd."},
    {.name = "system", .impl = posix_system, .signature = "($module, /, command)",
     .doc = "Execute the command in a subshell."},
    {.name = "putenv", .impl = posix_putenv, .signature = "($module, name, value, /)",
     .doc = "Change or add an environment variable."},
    {.name = "unsetenv", .impl = posix_unsetenv, .signature = "($module, name, /)",
     .doc = "Delete an environment variable."},
    {.name = "pidfd_open", .impl = posix_pidfd_open, .signature = "($module, /, pid, flags=0)",
     .doc = "Return a file descriptor referring to the process *pid*."},
    {.name = "posix_spawn", .impl = posix_posix_spawn, .signature = KRAIT_SPAWN_SIGNATURE(posix_spawn),
     .doc = "Execute the program specified by path in a new process."},
    {.name = "posix_spawnp", .impl = posix_posix_spawnp, .signature = KRAIT_SPAWN_SIGNATURE(posix_spawnp),
     .doc = "Execute the program specified by path in a new process."},
    {},
};
#undef KRAIT_SPAWN_SIGNATURE

bool process_exec(ModuleObject* module) {
  for (StructSeqType* type : {&waitid_result_type, &sched_param_type}) {
    if (!structseq_ready(type) || !module_add_type(module, type)) return false;
  }
  return true;
}

}  // namespace posix

}  // namespace krait
