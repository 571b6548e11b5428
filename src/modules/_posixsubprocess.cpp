// The _posixsubprocess module: fork_exec(), the fork-and-exec behind subprocess.Popen on
// POSIX, with CPython 3.11's signature. Everything the child needs is prepared before the
// fork, so that between fork and exec the child only makes async-signal-safe calls (unless
// the caller asked for a preexec_fn, which runs Python in the child). Exec failures reach
// the parent through errpipe_write as "OSError:<hex errno>:" (plus "noexec" when the
// failure came before exec), the format Lib/subprocess.py parses.
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <vector>

#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/posix_fork.h"
#include "modules/posix_internal.h"
#include "objects/bytes.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/runtime.h"

namespace krait {

namespace {

// --- Preparing the arguments (in the parent, with the GIL) ---

// A NULL-terminated char* array whose strings live in `storage`.
struct CStrings {
  std::vector<Ref<>> storage;
  std::vector<char*> pointers;
  bool present = false;

  char** get() { return present ? pointers.data() : nullptr; }
  void add(Ref<>&& bytes) {
    pointers.push_back(as_bytes(bytes)->data);
    storage.push_back(std::move(bytes));
  }
  void finish() {
    pointers.push_back(nullptr);
    present = true;
  }
};

bool no_null_byte(Value bytes) {
  if (std::strlen(as_bytes(bytes)->data) != size_t(as_bytes(bytes)->length)) {
    return value_error("embedded null byte");
  }
  return true;
}

// str/bytes/os.PathLike, encoded (PyUnicode_FSConverter).
bool fs_converted(Value v, Ref<>* out) {
  Ref<> path = posix::fspath(v);
  if (!path) return false;
  *out = posix::fs_encode(path);
  return *out && no_null_byte(*out);
}

// argv: any sequence of path-like items.
bool argument_list(Value v, CStrings* out) {
  if (is_none(v)) return true;
  Ref<TupleObject> items = tuple_from_iterable(v);
  if (!items) {
    if (error_matches(&exc::TypeError)) {
      clear_error();
      return type_error("argv must be a tuple");
    }
    return false;
  }
  for (int64_t i = 0; i < items->length; ++i) {
    Ref<> encoded;
    if (!fs_converted(items->items[i], &encoded)) return false;
    out->add(std::move(encoded));
  }
  out->finish();
  return true;
}

// executable_list and env_list: sequences of bytes (CPython's _PySequence_BytesToCharpArray).
bool bytes_list(Value v, CStrings* out) {
  if (is_none(v)) return true;
  if (length(v) < 0) return false;  // "object of type 'int' has no len()", as PySequence_Size
  Ref<TupleObject> items = tuple_from_iterable(v);
  if (!items) return false;
  for (int64_t i = 0; i < items->length; ++i) {
    Value item = items->items[i];
    if (!is_bytes(item)) return type_error("expected bytes, {} found", type_name(item));
    if (!no_null_byte(item)) return false;
    out->add(new_ref(item));
  }
  out->finish();
  return true;
}

// fds_to_keep: a tuple of distinct non-negative ints in increasing order.
bool fds_to_keep_arg(Value v, std::vector<int>* out) {
  if (!is_tuple(v)) return type_error("fork_exec() argument 4 must be tuple, not {}", type_name(v));
  TupleObject* t = as_tuple(v);
  int64_t previous = -1;
  for (int64_t i = 0; i < t->length; ++i) {
    int64_t fd;
    if (!is_int(t->items[i]) || !int_to_int64(t->items[i], &fd) || fd < 0 || fd <= previous || fd > INT_MAX) {
      return value_error("bad value(s) in fds_to_keep");
    }
    out->push_back(int(fd));
    previous = fd;
  }
  return true;
}

bool int_arg(Value v, int* out) { return posix::int_arg(v, out); }

// --- The child (async-signal-safe from here on, except for preexec_fn) ---

struct ChildPlan {
  char** argv;
  char** executables;
  char** envp;  // null: keep the environment (execv)
  const char* cwd;
  const int* fds_to_keep;
  size_t fds_to_keep_count;
  bool close_fds;
  int p2cread, p2cwrite, c2pread, c2pwrite, errread, errwrite, errpipe_read, errpipe_write;
  bool restore_signals, call_setsid;
  int pgid_to_set;
  unsigned gid, uid;
  const gid_t* extra_groups;
  long extra_group_count;  // -1: leave the groups alone
  int child_umask;
  Value preexec_fn;  // None or a callable
};

void write_all(int fd, const char* data, size_t length) {
  while (length) {
    ssize_t n = write(fd, data, length);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    data += n;
    length -= size_t(n);
  }
}

bool set_inheritable_flag(int fd, bool inheritable) {
  int flags = fcntl(fd, F_GETFD);
  if (flags < 0) return false;
  int wanted = inheritable ? flags & ~FD_CLOEXEC : flags | FD_CLOEXEC;
  return wanted == flags || fcntl(fd, F_SETFD, wanted) == 0;
}

// Closes every fd from `low` up that is not in fds_to_keep (which is sorted).
void close_open_fds(const ChildPlan& plan, int low) {
  long max_fd = sysconf(_SC_OPEN_MAX);
  if (max_fd < 0) max_fd = 256;
  // 64-bit bounds: the last range ends past INT_MAX (one beyond the largest fd).
  int64_t start = low;
  for (size_t i = 0; i <= plan.fds_to_keep_count; ++i) {
    int64_t end = i < plan.fds_to_keep_count ? plan.fds_to_keep[i] : int64_t(INT_MAX) + 1;  // exclusive
    if (end < start) continue;
    if (end > start) {
#ifdef SYS_close_range
      if (syscall(SYS_close_range, unsigned(start), unsigned(end - 1), 0) == 0) {
        start = end + 1;
        continue;
      }
#endif
      int64_t stop = end > INT_MAX ? max_fd : end;
      for (int64_t fd = start; fd < stop; ++fd) close(int(fd));
    }
    start = end + 1;
  }
}

[[noreturn]] void child_exec(const ChildPlan& plan) {
  const char* error_message = "";
  bool reached_preexec = false;
  int saved_errno = 0;
  int c2pwrite = plan.c2pwrite, errwrite = plan.errwrite;

// Stops at the first failing call, reporting its errno.
#define CHILD_CALL(call)            \
  do {                              \
    if ((call) == -1) goto failed; \
  } while (0)

  for (size_t i = 0; i < plan.fds_to_keep_count; ++i) {
    if (plan.fds_to_keep[i] == plan.errpipe_write) continue;
    if (!set_inheritable_flag(plan.fds_to_keep[i], true)) goto failed;
  }
  // The parent's ends of the pipes.
  if (plan.p2cwrite != -1) CHILD_CALL(close(plan.p2cwrite));
  if (plan.c2pread != -1) CHILD_CALL(close(plan.c2pread));
  if (plan.errread != -1) CHILD_CALL(close(plan.errread));
  CHILD_CALL(close(plan.errpipe_read));

  // Move the child's ends out of the way of the standard descriptors they will replace.
  if (c2pwrite == 0) {
    CHILD_CALL(c2pwrite = dup(c2pwrite));
    if (!set_inheritable_flag(c2pwrite, false)) goto failed;
  }
  while (errwrite == 0 || errwrite == 1) {
    CHILD_CALL(errwrite = dup(errwrite));
    if (!set_inheritable_flag(errwrite, false)) goto failed;
  }
  // dup2 clears FD_CLOEXEC, but does nothing when the fds are equal: clear it by hand.
  if (plan.p2cread == 0) {
    if (!set_inheritable_flag(0, true)) goto failed;
  } else if (plan.p2cread != -1) {
    CHILD_CALL(dup2(plan.p2cread, 0));
  }
  if (c2pwrite == 1) {
    if (!set_inheritable_flag(1, true)) goto failed;
  } else if (c2pwrite != -1) {
    CHILD_CALL(dup2(c2pwrite, 1));
  }
  if (errwrite == 2) {
    if (!set_inheritable_flag(2, true)) goto failed;
  } else if (errwrite != -1) {
    CHILD_CALL(dup2(errwrite, 2));
  }

  if (plan.cwd) CHILD_CALL(chdir(plan.cwd));
  if (plan.child_umask >= 0) umask(mode_t(plan.child_umask));
  if (plan.restore_signals) {
    signal(SIGPIPE, SIG_DFL);
    signal(SIGXFSZ, SIG_DFL);
  }
  if (plan.call_setsid) CHILD_CALL(setsid());
  if (plan.pgid_to_set >= 0) CHILD_CALL(setpgid(0, plan.pgid_to_set));
  if (plan.extra_group_count >= 0) CHILD_CALL(setgroups(size_t(plan.extra_group_count), plan.extra_groups));
  if (plan.gid != unsigned(-1)) CHILD_CALL(setregid(plan.gid, plan.gid));
  if (plan.uid != unsigned(-1)) CHILD_CALL(setreuid(plan.uid, plan.uid));

  reached_preexec = true;
  if (!is_none(plan.preexec_fn)) {
    // Python in the child: the caller accepted the risk of deadlocks.
    Ref<> result = call0(plan.preexec_fn);
    if (!result) {
      error_message = "Exception occurred in preexec_fn.";
      errno = 0;  // not an OSError
      goto failed;
    }
  }
  // After preexec_fn, which may have opened descriptors.
  if (plan.close_fds) close_open_fds(plan, 3);

  // Try each candidate path as os._execvpe does; report the first interesting error.
  for (char** executable = plan.executables; executable && *executable; ++executable) {
    if (plan.envp) execve(*executable, plan.argv, plan.envp);
    else execv(*executable, plan.argv);
    if (errno != ENOENT && errno != ENOTDIR && saved_errno == 0) saved_errno = errno;
  }
  if (saved_errno) errno = saved_errno;

failed:
#undef CHILD_CALL
  saved_errno = errno;
  if (saved_errno) {
    char hex[2 * sizeof(int) + 1];
    char* digits = hex + sizeof hex;
    unsigned value = unsigned(saved_errno);
    while (value != 0 && digits != hex) {
      *--digits = "0123456789abcdef"[value % 16];
      value /= 16;
    }
    write_all(plan.errpipe_write, "OSError:", 8);
    write_all(plan.errpipe_write, digits, size_t(hex + sizeof hex - digits));
    write_all(plan.errpipe_write, ":", 1);
    // The parent then reports the error against cwd rather than the executable.
    if (!reached_preexec) write_all(plan.errpipe_write, "noexec", 6);
  } else {
    write_all(plan.errpipe_write, "SubprocessError:0:", 18);
    write_all(plan.errpipe_write, error_message, std::strlen(error_message));
  }
  _exit(255);
}

// --- fork_exec ---

Ref<> subprocess_fork_exec(Value, const Value* args) {
  ChildPlan plan{};
  int close_fds = is_true(args[2]);
  if (close_fds < 0) return nullptr;
  plan.close_fds = close_fds;
  std::vector<int> fds_to_keep;
  if (!fds_to_keep_arg(args[3], &fds_to_keep)) return nullptr;
  int* pipe_fields[] = {&plan.p2cread, &plan.p2cwrite, &plan.c2pread, &plan.c2pwrite,
                        &plan.errread, &plan.errwrite, &plan.errpipe_read, &plan.errpipe_write};
  for (int i = 0; i < 8; ++i) {
    if (!int_arg(args[6 + i], pipe_fields[i])) return nullptr;
  }
  int restore_signals, call_setsid;
  if (!int_arg(args[14], &restore_signals) || !int_arg(args[15], &call_setsid) ||
      !int_arg(args[16], &plan.pgid_to_set) || !int_arg(args[20], &plan.child_umask)) {
    return nullptr;
  }
  plan.restore_signals = restore_signals != 0;
  plan.call_setsid = call_setsid != 0;
  if (plan.close_fds && plan.errpipe_write < 3) return value_error("errpipe_write must be >= 3");

  CStrings argv, executables, envp;
  Ref<> cwd;
  if (!argument_list(args[0], &argv) || !bytes_list(args[1], &executables)) return nullptr;
  if (!is_none(args[4]) && !fs_converted(args[4], &cwd)) return nullptr;
  if (!bytes_list(args[5], &envp)) return nullptr;

  plan.gid = unsigned(-1);
  plan.uid = unsigned(-1);
  if (!is_none(args[17]) && !posix::gid_arg(args[17], &plan.gid)) return nullptr;
  if (!is_none(args[19]) && !posix::uid_arg(args[19], &plan.uid)) return nullptr;
  std::vector<gid_t> extra_groups;
  plan.extra_group_count = -1;
  if (!is_none(args[18])) {
    if (!is_list(args[18])) return type_error("setgroups argument must be a list");
    ListObject* groups = as_list(args[18]);
    if (groups->length > NGROUPS_MAX) return value_error("too many extra_groups");
    for (int64_t i = 0; i < groups->length; ++i) {
      unsigned gid;
      if (!posix::gid_arg(groups->items[i], &gid)) {
        clear_error();
        return value_error("invalid group id");
      }
      extra_groups.push_back(gid);
    }
    plan.extra_group_count = long(extra_groups.size());
  }
  Value preexec_fn = args[21];
  if (!is_none(preexec_fn) && runtime().finalizing) {
    return runtime_error("preexec_fn not supported at interpreter shutdown");
  }

  plan.argv = argv.get();
  plan.executables = executables.get();
  plan.envp = envp.get();
  plan.cwd = cwd ? as_bytes(cwd)->data : nullptr;
  plan.fds_to_keep = fds_to_keep.data();
  plan.fds_to_keep_count = fds_to_keep.size();
  plan.extra_groups = extra_groups.data();
  plan.preexec_fn = preexec_fn;

  bool runs_python = !is_none(preexec_fn);
  if (runs_python) fork_prepare();
  pid_t pid = fork();
  if (pid == 0) {
    if (runs_python) fork_after_in_child();
    child_exec(plan);
  }
  int saved_errno = errno;
  if (runs_python) fork_after_in_parent();
  if (pid < 0) return raise_os_error(saved_errno);
  return int_from_int64(pid);
}

const MethodDef subprocess_methods[] = {
    {.name = "fork_exec", .impl = subprocess_fork_exec,
     .signature = "($module, args, executable_list, close_fds, pass_fds, cwd, env, p2cread, p2cwrite, "
                  "c2pread, c2pwrite, errread, errwrite, errpipe_read, errpipe_write, restore_signals, "
                  "call_setsid, pgid_to_set, gid, extra_groups, uid, child_umask, preexec_fn, "
                  "allow_vfork, /)",
     .doc = "Spawn a fresh new child process.\n\n"
            "Fork a child process, close parent file descriptors as appropriate in the\n"
            "child and duplicate the few that are needed before calling exec() in the\n"
            "child process.\n\n"
            "If close_fds is true, close file descriptors 3 and higher, except those listed\n"
            "in the sorted tuple pass_fds.\n\n"
            "The preexec_fn, if supplied, will be called immediately before closing file\n"
            "descriptors and exec.\n"
            "WARNING: preexec_fn is NOT SAFE if your application uses threads.\n"
            "         It may trigger infrequent, difficult to debug deadlocks.\n\n"
            "If an error occurs in the child process before the exec, it is\n"
            "serialized and written to the errpipe_write fd per subprocess.py.\n\n"
            "Returns: the child process's PID.\n\n"
            "Raises: Only on an error in the parent process.\n", .flags = kMethodVarargs},
    {},
};

}  // namespace

extern const ModuleDef module__posixsubprocess = {
    .name = "_posixsubprocess",
    .doc = "A POSIX helper for the subprocess module.",
    .methods = subprocess_methods,
};

}  // namespace krait
