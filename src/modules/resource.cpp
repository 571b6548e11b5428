// The resource module: resource limits (getrlimit, setrlimit, prlimit), resource usage
// (getrusage as resource.struct_rusage) and getpagesize. RLIM_INFINITY shows as -1, as in
// CPython, which converts rlim_t through a signed long long.
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>

#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/posix_internal.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/tuple.h"

namespace krait {

namespace {

const StructSeqField struct_rusage_fields[] = {
    {"ru_utime", "user time used"},
    {"ru_stime", "system time used"},
    {"ru_maxrss", "max. resident set size"},
    {"ru_ixrss", "shared memory size"},
    {"ru_idrss", "unshared data size"},
    {"ru_isrss", "unshared stack size"},
    {"ru_minflt", "page faults not requiring I/O"},
    {"ru_majflt", "page faults requiring I/O"},
    {"ru_nswap", "number of swap outs"},
    {"ru_inblock", "block input operations"},
    {"ru_oublock", "block output operations"},
    {"ru_msgsnd", "IPC messages sent"},
    {"ru_msgrcv", "IPC messages received"},
    {"ru_nsignals", "signals received"},
    {"ru_nvcsw", "voluntary context switches"},
    {"ru_nivcsw", "involuntary context switches"},
    {},
};

StructSeqType struct_rusage_type{
    "resource.struct_rusage",
    "struct_rusage: Result from getrusage.\n\n"
    "This object may be accessed either as a tuple of\n"
    "    (utime,stime,maxrss,ixrss,idrss,isrss,minflt,majflt,\n"
    "    nswap,inblock,oublock,msgsnd,msgrcv,nsignals,nvcsw,nivcsw)\n"
    "or via the attributes ru_utime, ru_stime, ru_maxrss, and so on.",
    struct_rusage_fields, 16};

Ref<> resource_getrusage(Value, const Value* args) {
  int who;
  if (!posix::int_arg(args[0], &who)) return nullptr;
  struct rusage usage;
  if (getrusage(who, &usage) != 0) {
    if (errno == EINVAL) return value_error("invalid who parameter");
    return raise_os_error(errno);
  }
  Ref<TupleObject> result = structseq_new(&struct_rusage_type);
  if (!result) return nullptr;
  auto seconds = [](const struct timeval& tv) { return double(tv.tv_sec) + double(tv.tv_usec) * 1e-6; };
  structseq_set(result.get(), 0, float_from_double(seconds(usage.ru_utime)));
  structseq_set(result.get(), 1, float_from_double(seconds(usage.ru_stime)));
  long fields[] = {usage.ru_maxrss, usage.ru_ixrss, usage.ru_idrss, usage.ru_isrss, usage.ru_minflt,
                   usage.ru_majflt, usage.ru_nswap, usage.ru_inblock, usage.ru_oublock, usage.ru_msgsnd,
                   usage.ru_msgrcv, usage.ru_nsignals, usage.ru_nvcsw, usage.ru_nivcsw};
  for (int i = 0; i < 14; ++i) structseq_set(result.get(), 2 + i, int_from_int64(fields[i]));
  for (int i = 0; i < 16; ++i) {
    if (!structseq_get(result.get(), i)) return nullptr;
  }
  return result;
}

bool resource_arg(Value v, int* out) {
  if (!posix::int_arg(v, out)) return false;
  if (*out < 0 || *out >= RLIM_NLIMITS) return value_error("invalid resource specified");
  return true;
}

Ref<> limits_tuple(const struct rlimit& limit) {
  Ref<> soft = int_from_int64(static_cast<long long>(limit.rlim_cur));
  Ref<> hard = int_from_int64(static_cast<long long>(limit.rlim_max));
  if (!soft || !hard) return nullptr;
  return tuple_of({soft.value(), hard.value()});
}

bool limit_value(Value v, rlim_t* out) {
  Ref<> index = number_index(v);
  if (!index) return false;
  int64_t value;
  if (!int_to_int64(index, &value)) return overflow_error("Python int too large to convert to C long");
  *out = static_cast<rlim_t>(value);
  return true;
}

bool limits_arg(Value v, struct rlimit* out) {
  Ref<TupleObject> items = tuple_from_iterable(v);
  if (!items) return false;
  if (items->length != 2) return value_error("expected a tuple of 2 integers");
  return limit_value(items->items[0], &out->rlim_cur) && limit_value(items->items[1], &out->rlim_max);
}

Raised limit_error() {
  if (errno == EINVAL) return value_error("current limit exceeds maximum limit");
  if (errno == EPERM) return value_error("not allowed to raise maximum limit");
  return raise_os_error(errno);
}

Ref<> resource_getrlimit(Value, const Value* args) {
  int resource;
  if (!resource_arg(args[0], &resource)) return nullptr;
  struct rlimit limit;
  if (getrlimit(__rlimit_resource_t(resource), &limit) != 0) return raise_os_error(errno);
  return limits_tuple(limit);
}

Ref<> resource_setrlimit(Value, const Value* args) {
  int resource;
  struct rlimit limit;
  if (!resource_arg(args[0], &resource) || !limits_arg(args[1], &limit)) return nullptr;
  if (setrlimit(__rlimit_resource_t(resource), &limit) != 0) return limit_error();
  return new_none();
}

Ref<> resource_prlimit(Value, const Value* args) {
  int pid, resource;
  if (!posix::int_arg(args[0], &pid) || !resource_arg(args[1], &resource)) return nullptr;
  struct rlimit new_limit, old_limit;
  bool setting = args[2] && !is_none(args[2]);
  if (setting && !limits_arg(args[2], &new_limit)) return nullptr;
  if (prlimit(pid, static_cast<__rlimit_resource>(resource), setting ? &new_limit : nullptr, &old_limit) != 0) {
    return limit_error();
  }
  return limits_tuple(old_limit);
}

Ref<> resource_getpagesize(Value, const Value*) { return int_from_int64(sysconf(_SC_PAGESIZE)); }

const MethodDef resource_methods[] = {
    {.name = "getrusage", .impl = resource_getrusage, .signature = "($module, who, /)"},
    {.name = "getrlimit", .impl = resource_getrlimit, .signature = "($module, resource, /)"},
    {.name = "prlimit", .impl = resource_prlimit, .signature = "($module, pid, resource, limits=?, /)",
     .doc = "prlimit(pid, resource, [limits])", .flags = kMethodVarargs},
    {.name = "setrlimit", .impl = resource_setrlimit, .signature = "($module, resource, limits, /)"},
    {.name = "getpagesize", .impl = resource_getpagesize, .signature = "($module, /)"},
    {},
};

bool resource_exec(ModuleObject* module) {
  if (!module_add_object(module, "error", Value(&exc::OSError))) return false;
  if (!structseq_ready(&struct_rusage_type) || !module_add_type(module, &struct_rusage_type)) return false;
  const struct {
    const char* name;
    int64_t value;
  } constants[] = {
      {"RLIMIT_CPU", RLIMIT_CPU}, {"RLIMIT_FSIZE", RLIMIT_FSIZE}, {"RLIMIT_DATA", RLIMIT_DATA},
      {"RLIMIT_STACK", RLIMIT_STACK}, {"RLIMIT_CORE", RLIMIT_CORE}, {"RLIMIT_NOFILE", RLIMIT_NOFILE},
      {"RLIMIT_OFILE", RLIMIT_OFILE}, {"RLIMIT_AS", RLIMIT_AS}, {"RLIMIT_RSS", RLIMIT_RSS},
      {"RLIMIT_NPROC", RLIMIT_NPROC}, {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK},
      {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE}, {"RLIMIT_NICE", RLIMIT_NICE}, {"RLIMIT_RTPRIO", RLIMIT_RTPRIO},
      {"RLIMIT_RTTIME", RLIMIT_RTTIME}, {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
      {"RUSAGE_SELF", RUSAGE_SELF}, {"RUSAGE_CHILDREN", RUSAGE_CHILDREN}, {"RUSAGE_THREAD", RUSAGE_THREAD},
      {"RLIM_INFINITY", static_cast<long long>(RLIM_INFINITY)},
  };
  for (const auto& c : constants) {
    if (!module_add_int(module, c.name, c.value)) return false;
  }
  return true;
}

}  // namespace

extern const ModuleDef module_resource = {
    .name = "resource",
    .methods = resource_methods,
    .exec = resource_exec,
};

}  // namespace krait
