// The sys module: interpreter parameters and hooks. The runtime fills the values that
// depend on start-up (argv, path, stdio) in runtime/bootstrap.cpp.
#include <cstring>

#include "core/alloc.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/namespace.h"
#include "objects/none.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/structseq.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/audit.h"
#include "runtime/bootstrap.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/gc_state.h"
#include "runtime/import.h"
#include "runtime/runtime.h"
#include "runtime/thread_state.h"
#include "vm/frame.h"
#include "vm/trace.h"

namespace krait {

int64_t int_max_str_digits();
bool set_int_max_str_digits(int64_t digits);

namespace {

// --- The structseq types of sys ---

const StructSeqField flags_fields[] = {
    {"debug"}, {"inspect"}, {"interactive"}, {"optimize"}, {"dont_write_bytecode"},
    {"no_user_site"}, {"no_site"}, {"ignore_environment"}, {"verbose"}, {"bytes_warning"},
    {"quiet"}, {"hash_randomization"}, {"isolated"}, {"dev_mode"}, {"utf8_mode"},
    {"warn_default_encoding"}, {"safe_path"}, {"int_max_str_digits"}, {}};
StructSeqType flags_type{"sys.flags", "Flags provided through command line arguments or environment vars.",
                         flags_fields, 18};

const StructSeqField float_info_fields[] = {
    {"max"}, {"max_exp"}, {"max_10_exp"}, {"min"}, {"min_exp"}, {"min_10_exp"}, {"dig"},
    {"mant_dig"}, {"epsilon"}, {"radix"}, {"rounds"}, {}};
StructSeqType float_info_type{"sys.float_info", "A named tuple holding information about the float type.",
                              float_info_fields, 11};

const StructSeqField int_info_fields[] = {
    {"bits_per_digit"}, {"sizeof_digit"}, {"default_max_str_digits"}, {"str_digits_check_threshold"}, {}};
StructSeqType int_info_type{"sys.int_info", "A named tuple that holds information about Python's\n"
                                            "internal representation of integers.",
                            int_info_fields, 4};

const StructSeqField hash_info_fields[] = {
    {"width"}, {"modulus"}, {"inf"}, {"nan"}, {"imag"}, {"algorithm"}, {"hash_bits"}, {"seed_bits"}, {"cutoff"}, {}};
StructSeqType hash_info_type{"sys.hash_info", "A named tuple providing parameters used for computing\n"
                                              "hashes.",
                             hash_info_fields, 9};

const StructSeqField version_info_fields[] = {{"major"}, {"minor"}, {"micro"}, {"releaselevel"}, {"serial"}, {}};
StructSeqType version_info_type{"sys.version_info", "Version information as a named tuple.",
                                version_info_fields, 5};

const StructSeqField thread_info_fields[] = {{"name"}, {"lock"}, {"version"}, {}};
StructSeqType thread_info_type{"sys.thread_info", "A named tuple holding information about the thread implementation.",
                               thread_info_fields, 3};

const StructSeqField asyncgen_hooks_fields[] = {{"firstiter"}, {"finalizer"}, {}};
StructSeqType asyncgen_hooks_type{"asyncgen_hooks", nullptr, asyncgen_hooks_fields, 2};

template <class... Values>
Ref<> make_structseq(StructSeqType* type, Values&&... values) {
  if (!structseq_ready(type)) return nullptr;
  Ref<TupleObject> result = structseq_new(type);
  if (!result) return nullptr;
  int i = 0;
  bool ok = true;
  auto store = [&](Ref<> v) {
    if (!v) ok = false;
    else structseq_set(result.get(), i, std::move(v));
    ++i;
  };
  (store(std::forward<Values>(values)), ...);
  if (!ok) return nullptr;
  return result;
}

Ref<> small(int64_t v) { return int_from_int64(v); }

// sys._xoptions: -X name=value gives "value", -X name gives True.
Ref<> xoptions_dict(const std::vector<std::string>& options) {
  Ref<DictObject> dict = dict_new();
  if (!dict) return nullptr;
  for (const std::string& option : options) {
    size_t eq = option.find('=');
    Ref<> key = decode_os_string(option.substr(0, eq));
    Ref<> value = eq == std::string::npos ? new_bool(true) : decode_os_string(option.substr(eq + 1));
    if (!key || !value || !dict_set(dict.get(), key, value)) return nullptr;
  }
  return dict;
}
Ref<> text(const char* s) { return str_from_utf8(s); }

// --- Functions ---

// An `int` argument (Argument Clinic's "i"): anything with __index__ that fits a C int.
bool c_int_argument(Value v, int* out) {
  Ref<> index = number_index(v);
  if (!index) return false;
  int64_t value;
  if (!int_to_int64(index, &value) || value > INT32_MAX || value < INT32_MIN) {
    overflow_error("Python int too large to convert to C int");
    return false;
  }
  *out = int(value);
  return true;
}

Ref<> sys_exit(Value, const Value* args) {
  // As PyErr_SetObject: None means no arguments, a tuple is the arguments
  // (sys.exit((42,)) exits 42).
  if (!args[0] || is_none(args[0])) return raise_with_args(&exc::SystemExit, nullptr, 0);
  Value code = args[0];
  if (is_tuple(code)) {
    TupleObject* items = as_tuple(code);
    return raise_with_args(&exc::SystemExit, items->items, size_t(items->length));
  }
  return raise_with_args(&exc::SystemExit, &code, 1);
}

Ref<> sys_getrecursionlimit(Value, const Value* args) { return small(runtime().recursion_limit); }

Ref<> sys_setrecursionlimit(Value, const Value* args) {
  int limit;
  if (!c_int_argument(args[0], &limit)) return nullptr;
  if (limit < 1) return value_error("recursion limit must be greater or equal than 1");
  ThreadState* thread = current_thread();
  if (thread->python_depth >= limit) {
    return raise(exc::RecursionError,
                 "cannot set the recursion limit to {} at the recursion depth {}: the limit is too low",
                 limit, thread->python_depth);
  }
  runtime().recursion_limit = limit;
  return new_none();
}

Ref<> sys_getrefcount(Value, const Value* args) {
  Value v = args[0];
  if (v.is_small_int()) {
    int64_t n = v.as_small_int();
    // CPython caches -5..256 (shared, large counts); other ints are fresh objects.
    return small(n >= -5 && n <= 256 ? 1000 : 2);
  }
  return int_from_int64(v.as_object()->refcount);
}

// The size __sizeof__ reports, or -1 with an exception set.
int64_t size_from_sizeof(Value v) {
  Ref<> method = lookup_special(v, ID(__sizeof__));
  if (!method) {
    if (!error_occurred()) type_error("Type {} doesn't define __sizeof__", type_name(v));
    return -1;
  }
  Ref<> size = call0(method);
  if (!size) return -1;
  int64_t n;
  if (!is_int(size)) return type_error("an integer is required"), -1;
  if (!int_as_int64(size, &n)) return -1;
  if (n < 0) return value_error("__sizeof__() should return >= 0"), -1;
  return n;
}

Ref<> sys_getsizeof(Value, const Value* args) {
  Value v = args[0];
  int64_t n = size_from_sizeof(v);
  if (n < 0) {
    // The default stands in for a size that cannot be had (a TypeError), nothing else.
    if (args[1] && error_matches(&exc::TypeError)) {
      clear_error();
      return new_ref(args[1]);
    }
    return nullptr;
  }
  // What the allocation holds in front of the object is counted as CPython counts its
  // pre-header: the GC header (static types have none) and a heap type's __dict__ and
  // __weakref__ words.
  if (v.is_object() && object_has_gc_header(v.as_object())) {
    n += int64_t(sizeof(GCHeader));
    if (type_of(v)->has_flag(kTypePreheader)) n += int64_t(kPreheaderBytes);
  }
  return int_from_int64(n);
}

Ref<> sys_intern(Value, const Value* args) {
  if (!is_str(args[0])) return type_error("intern() argument must be str, not {}", type_name(args[0]));
  if (!is_exact_str(args[0])) return type_error("can't intern {}", type_name(args[0]));
  return new_ref(str_intern(new_ref(as_str(args[0]))));
}

Ref<> sys_getframe(Value, const Value* args) {
  int depth = 0;
  if (args[0] && !c_int_argument(args[0], &depth)) return nullptr;
  Frame* frame = current_thread()->frame;
  for (int64_t i = 0; frame && i < depth; ++i) frame = frame->previous;
  if (!frame) return value_error("call stack is not deep enough");
  FrameObject* fo = frame_object_of(frame);
  if (!fo) return nullptr;
  return new_ref(Value(fo));
}

// The exception being handled, or null.
Value handled_exception() {
  for (ExceptionStackItem* item = current_thread()->exception_stack; item; item = item->previous) {
    if (item->exception && !is_none(item->exception)) return item->exception;
  }
  return Value();
}

Ref<> sys_exception(Value, const Value* args) {
  Value e = handled_exception();
  return e ? new_ref(e) : new_none();
}

Ref<> sys_exc_info(Value, const Value* args) {
  Value e = handled_exception();
  if (!e) return tuple_of({None(), None(), None()});
  Value tb = exception_traceback(e);
  return tuple_of({Value(type_of(e)), e, tb ? tb : None()});
}

Ref<> sys_excepthook(Value, const Value* args) {
  if (!print_exception(args[1])) return nullptr;
  return new_none();
}

// A repr the stream's encoding cannot encode is written with its characters escaped
// (backslashreplace), through the stream's binary buffer when it has one, as CPython.
bool display_unencodable(Value out, Value text) {
  clear_error();
  Ref<> encoding = get_attr(out, "encoding");
  if (!encoding) return false;
  Ref<> errors = str_from_ascii("backslashreplace");
  Value encode_args[2] = {encoding.value(), errors.value()};
  Ref<> encoded = call_method(text, str_intern_utf8("encode"), encode_args, 2);
  if (!encoded) return false;
  Ref<> buffer;
  int has_buffer = get_attr_optional(out, str_intern_utf8("buffer"), &buffer);
  if (has_buffer < 0) return false;
  if (has_buffer > 0) return bool(call_method1(buffer, ID(write), encoded.value()));
  Ref<> strict = str_from_ascii("strict");
  Value decode_args[2] = {encoding.value(), strict.value()};
  Ref<> escaped = call_method(encoded, str_intern_utf8("decode"), decode_args, 2);
  return escaped && call_method1(out, ID(write), escaped.value());
}

Ref<> sys_displayhook(Value, const Value* args) {
  Value value = args[0];
  if (is_none(value)) return new_none();
  DictObject* builtins = static_cast<DictObject*>(runtime().builtins);
  // Set builtins._ to None first so that it doesn't hold the value while printing.
  if (!dict_set(builtins, Value(ID(_)), None())) return nullptr;
  Value out = dict_get_utf8(as_dict(Value(runtime().sys_dict)), "stdout");
  if (!out || is_none(out)) return runtime_error("lost sys.stdout");
  Ref<StrObject> text = repr(value);
  if (!text) return nullptr;
  if (!call_method1(out, ID(write), text.value())) {
    if (!error_matches(&exc::UnicodeEncodeError) || !display_unencodable(out, text.value())) return nullptr;
  }
  Ref<> newline = str_from_ascii("\n");
  if (!newline || !call_method1(out, ID(write), newline.value())) return nullptr;
  if (!dict_set(builtins, Value(ID(_)), value)) return nullptr;
  return new_none();
}

Ref<> sys_unraisablehook(Value, const Value* args) {
  if (!print_unraisable(args[0])) return nullptr;
  return new_none();
}

Ref<> sys_breakpointhook(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  // PYTHONBREAKPOINT as CPython: unset or "" → pdb.set_trace, "0" → disabled.
  const char* env = runtime().config.ignore_environment ? nullptr : std::getenv("PYTHONBREAKPOINT");
  std::string hook = env && *env ? env : "pdb.set_trace";
  if (hook == "0") return new_none();
  size_t dot = hook.rfind('.');
  std::string module_name = dot == std::string::npos ? "builtins" : hook.substr(0, dot);
  std::string attribute = dot == std::string::npos ? hook : hook.substr(dot + 1);
  // Any failure to import the module or find the callable (ImportError, ValueError for
  // ".foo", AttributeError) is a warning, not an error.
  Ref<> module = import_module_by_name(module_name);
  Ref<> function = module ? get_attr(module, attribute) : Ref<>();
  if (!function) {
    clear_error();
    if (warn(exc::RuntimeWarning, format_message("Ignoring unimportable $PYTHONBREAKPOINT: \"{}\"", hook), 1) < 0) return nullptr;
    return new_none();
  }
  return call(function, args, nargs, kwnames);
}

Ref<> sys_getdefaultencoding(Value, const Value* args) { return text("utf-8"); }
Ref<> sys_getfilesystemencoding(Value, const Value* args) {
  return str_from_utf8(runtime().config.filesystem_encoding);
}
Ref<> sys_getfilesystemencodeerrors(Value, const Value* args) { return text("surrogateescape"); }

Ref<> sys_settrace(Value, const Value* args) {
  if (set_trace_function(current_thread(), args[0]) < 0) return nullptr;
  return new_none();
}
Ref<> sys_gettrace(Value, const Value* args) {
  Value f = current_thread()->trace_function.value();
  return f ? new_ref(f) : new_none();
}
Ref<> sys_setprofile(Value, const Value* args) {
  if (set_profile_function(current_thread(), args[0]) < 0) return nullptr;
  return new_none();
}
Ref<> sys_getprofile(Value, const Value* args) {
  Value f = current_thread()->profile_function.value();
  return f ? new_ref(f) : new_none();
}

Ref<> sys_audit(Value, const Value* args) {
  if (!is_str(as_tuple(args[0])->length ? as_tuple(args[0])->items[0] : None())) {
    return type_error("expected str for argument 'event', not {}",
                      type_name(as_tuple(args[0])->length ? as_tuple(args[0])->items[0] : None()));
  }
  return audit_hooks_run(args[0]);
}

Ref<> sys_addaudithook(Value, const Value* args) {
  if (!audit_hook_add(args[0])) return nullptr;
  return new_none();
}

Ref<> sys_getswitchinterval(Value, const Value* args) { return float_from_double(runtime().switch_interval); }
Ref<> sys_setswitchinterval(Value, const Value* args) {
  double interval;
  if (!number_to_double(args[0], &interval)) return nullptr;
  if (interval <= 0) return value_error("switch interval must be strictly positive");
  runtime().switch_interval = interval;
  return new_none();
}

Ref<> sys_is_finalizing(Value, const Value* args) { return new_bool(runtime().finalizing); }

Ref<> sys_get_asyncgen_hooks(Value, const Value* args) {
  ThreadState* thread = current_thread();
  return make_structseq(&asyncgen_hooks_type,
                        thread->asyncgen_firstiter ? new_ref(thread->asyncgen_firstiter) : new_none(),
                        thread->asyncgen_finalizer ? new_ref(thread->asyncgen_finalizer) : new_none());
}

Ref<> sys_set_asyncgen_hooks(Value, const Value* args) {
  ThreadState* thread = current_thread();
  Value firstiter = args[0], finalizer = args[1];
  // `?` means "leave unchanged"; None clears.
  if (finalizer && !is_none(finalizer) && !is_callable(finalizer)) {
    return type_error("callable finalizer expected, got {}", type_name(finalizer));
  }
  if (firstiter && !is_none(firstiter) && !is_callable(firstiter)) {
    return type_error("callable firstiter expected, got {}", type_name(firstiter));
  }
  auto store = [](Value* field, Value v) {
    Value nv = is_none(v) ? Value() : v;
    incref(nv);
    decref(*field);
    *field = nv;
  };
  if (finalizer) store(&thread->asyncgen_finalizer, finalizer);
  if (firstiter) store(&thread->asyncgen_firstiter, firstiter);
  return new_none();
}

Ref<> sys_get_coroutine_origin_tracking_depth(Value, const Value* args) {
  return small(current_thread()->coroutine_origin_depth);
}
Ref<> sys_set_coroutine_origin_tracking_depth(Value, const Value* args) {
  int depth;
  if (!c_int_argument(args[0], &depth)) return nullptr;
  if (depth < 0) return value_error("depth must be >= 0");
  current_thread()->coroutine_origin_depth = depth;
  return new_none();
}

Ref<> sys_getallocatedblocks(Value, const Value* args) { return small(allocated_block_count()); }

Ref<> sys_get_int_max_str_digits(Value, const Value* args) { return small(int_max_str_digits()); }
Ref<> sys_set_int_max_str_digits(Value, const Value* args) {
  int digits;
  if (!c_int_argument(args[0], &digits)) return nullptr;
  if (!set_int_max_str_digits(digits)) return nullptr;
  return new_none();
}

Ref<> sys_call_tracing(Value, const Value* args) {
  if (!is_tuple(args[1])) return type_error("call_tracing(): argument 2 must be tuple, not {}", type_name(args[1]));
  // From inside a trace function (pdb's "debug" command): a settrace/setprofile made by
  // the call turns events back on for it (vm/trace.cpp), as in CPython 3.11.
  ThreadState* thread = current_thread();
  int tracing = thread->tracing;
  bool in_call_tracing = thread->in_call_tracing;
  thread->in_call_tracing = true;
  Ref<> result = call_tuple_dict(args[0], args[1], Value());
  thread->tracing = tracing;
  thread->in_call_tracing = in_call_tracing;
  return result;
}

Ref<> sys_current_frames(Value, const Value* args) {
  Ref<DictObject> frames = dict_new();
  if (!frames) return nullptr;
  for (ThreadState* t = runtime().threads; t; t = t->next) {
    if (!t->frame) continue;
    FrameObject* fo = frame_object_of(t->frame);
    Ref<> ident = int_from_uint64(t->thread_id);
    if (!fo || !ident || !dict_set(frames.get(), ident, Value(fo))) return nullptr;
  }
  return frames;
}

Ref<> sys_current_exceptions(Value, const Value* args) {
  Ref<DictObject> result = dict_new();
  if (!result) return nullptr;
  // Every thread has an entry: its innermost handled exception, or (None, None, None).
  for (ThreadState* t = runtime().threads; t; t = t->next) {
    Value e;
    for (ExceptionStackItem* item = t->exception_stack; item && !e; item = item->previous) {
      if (item->exception && !is_none(item->exception)) e = item->exception;
    }
    Ref<> ident = int_from_uint64(t->thread_id);
    Value tb = e ? exception_traceback(e) : Value();
    Ref<TupleObject> info = e ? tuple_of({Value(type_of(e)), e, tb ? tb : None()})
                              : tuple_of({None(), None(), None()});
    if (!ident || !info || !dict_set(result.get(), ident, info.value())) return nullptr;
  }
  return result;
}

int dlopen_flags = 2;  // RTLD_NOW; krait loads no extension modules, but keeps the setting
Ref<> sys_getdlopenflags(Value, const Value* args) { return small(dlopen_flags); }
Ref<> sys_setdlopenflags(Value, const Value* args) {
  if (!c_int_argument(args[0], &dlopen_flags)) return nullptr;
  return new_none();
}
Ref<> sys_clear_type_cache(Value, const Value* args) { return new_none(); }
Ref<> sys_debugmallocstats(Value, const Value* args) { return new_none(); }
Ref<> sys_getquickenedcount(Value, const Value* args) { return small(0); }

const MethodDef sys_methods[] = {
    {.name = "exit", .impl = sys_exit, .signature = "($module, status=?, /)",
     .doc = "Exit the interpreter by raising SystemExit(status)."},
    {.name = "getrecursionlimit", .impl = sys_getrecursionlimit, .signature = "($module, /)"},
    {.name = "setrecursionlimit", .impl = sys_setrecursionlimit, .signature = "($module, limit, /)"},
    {.name = "getrefcount", .impl = sys_getrefcount, .signature = "($module, object, /)"},
    {.name = "getsizeof", .impl = sys_getsizeof, .signature = "($module, object, default=?)"},
    {.name = "intern", .impl = sys_intern, .signature = "($module, string, /)"},
    {.name = "_getframe", .impl = sys_getframe, .signature = "($module, depth=?, /)"},
    {.name = "exc_info", .impl = sys_exc_info, .signature = "($module, /)"},
    {.name = "exception", .impl = sys_exception, .signature = "($module, /)"},
    {.name = "excepthook", .impl = sys_excepthook, .signature = "($module, exctype, value, traceback, /)"},
    {.name = "displayhook", .impl = sys_displayhook, .signature = "($module, object, /)"},
    {.name = "unraisablehook", .impl = sys_unraisablehook, .signature = "($module, unraisable, /)"},
    {.name = "breakpointhook", .raw = sys_breakpointhook},
    {.name = "getdefaultencoding", .impl = sys_getdefaultencoding, .signature = "($module, /)"},
    {.name = "getfilesystemencoding", .impl = sys_getfilesystemencoding, .signature = "($module, /)"},
    {.name = "getfilesystemencodeerrors", .impl = sys_getfilesystemencodeerrors, .signature = "($module, /)"},
    {.name = "settrace", .impl = sys_settrace, .signature = "($module, function, /)"},
    {.name = "gettrace", .impl = sys_gettrace, .signature = "($module, /)"},
    {.name = "setprofile", .impl = sys_setprofile, .signature = "($module, function, /)"},
    {.name = "getprofile", .impl = sys_getprofile, .signature = "($module, /)"},
    {.name = "audit", .impl = sys_audit, .signature = "($module, *args)"},
    {.name = "addaudithook", .impl = sys_addaudithook, .signature = "($module, hook)"},
    {.name = "getswitchinterval", .impl = sys_getswitchinterval, .signature = "($module, /)"},
    {.name = "setswitchinterval", .impl = sys_setswitchinterval, .signature = "($module, interval, /)"},
    {.name = "is_finalizing", .impl = sys_is_finalizing, .signature = "($module, /)"},
    {.name = "get_asyncgen_hooks", .impl = sys_get_asyncgen_hooks, .signature = "($module, /)"},
    {.name = "set_asyncgen_hooks", .impl = sys_set_asyncgen_hooks,
     .signature = "($module, firstiter=?, finalizer=?)"},
    {.name = "get_coroutine_origin_tracking_depth", .impl = sys_get_coroutine_origin_tracking_depth,
     .signature = "($module, /)"},
    {.name = "set_coroutine_origin_tracking_depth", .impl = sys_set_coroutine_origin_tracking_depth,
     .signature = "($module, depth)"},
    {.name = "getallocatedblocks", .impl = sys_getallocatedblocks, .signature = "($module, /)"},
    {.name = "get_int_max_str_digits", .impl = sys_get_int_max_str_digits, .signature = "($module, /)"},
    {.name = "set_int_max_str_digits", .impl = sys_set_int_max_str_digits, .signature = "($module, maxdigits)"},
    {.name = "call_tracing", .impl = sys_call_tracing, .signature = "($module, func, args, /)"},
    {.name = "_current_frames", .impl = sys_current_frames, .signature = "($module, /)"},
    {.name = "_current_exceptions", .impl = sys_current_exceptions, .signature = "($module, /)"},
    {.name = "getdlopenflags", .impl = sys_getdlopenflags, .signature = "($module, /)"},
    {.name = "setdlopenflags", .impl = sys_setdlopenflags, .signature = "($module, flags, /)"},
    {.name = "_clear_type_cache", .impl = sys_clear_type_cache, .signature = "($module, /)"},
    {.name = "_debugmallocstats", .impl = sys_debugmallocstats, .signature = "($module, /)"},
    {.name = "_getquickenedcount", .impl = sys_getquickenedcount, .signature = "($module, /)"},
    {},
};

bool add(ModuleObject* module, const char* name, Ref<> value) {
  return value && module_add_object(module, name, value.value());
}


// sys.flags and sys.version_info cannot be created from Python, as in CPython: their
// types lose their own __new__ (tuple.__new__ then refuses them as not safe).
bool disallow_instantiation(StructSeqType* type) {
  type->new_instance = nullptr;
  type->flags |= kTypeDisallowInstantiation;
  if (dict_remove(as_dict(Value(type->dict)), Value(ID(__new__))) < 0) return false;
  type_modified(type);
  return true;
}

Ref<> version_info_object() {
  return make_structseq(&version_info_type, small(3), small(11), small(2), text("final"), small(0));
}

bool sys_exec(ModuleObject* module) {
  Runtime& rt = runtime();
  const Config& config = rt.config;
  static const char* const kStdlibNames[] = {
#include "modules/stdlib_module_names.inc"
  };
  Ref<SetObject> stdlib_names = set_new(&frozenset_type);
  if (!stdlib_names) return false;
  for (const char* name : kStdlibNames) {
    Ref<> s = str_from_utf8(name);
    if (!s || !set_add(stdlib_names.get(), s.value())) return false;
  }
  Ref<TupleObject> builtin_names;
  {
    std::vector<const char*> names = builtin_module_names();
    builtin_names = tuple_allocate(int64_t(names.size()));
    if (!builtin_names) return false;
    for (size_t i = 0; i < names.size(); ++i) {
      Ref<> s = str_from_utf8(names[i]);
      if (!s) return false;
      builtin_names->items[i] = s.release();
    }
  }
  double epsilon = 2.220446049250313e-16;
  Ref<> implementation = make_namespace({{"name", text("krait")},
                                         {"cache_tag", text("krait-311")},
                                         {"version", version_info_object()},
                                         {"hexversion", small(0x030B02F0)},
                                         {"_multiarch", text("x86_64-linux-gnu")}});
  std::string prefix = "/usr";
  return add(module, "version", text("3.11.2 (krait) [GCC " __VERSION__ "]")) &&
         add(module, "version_info", version_info_object()) &&
         add(module, "hexversion", small(0x030B02F0)) && add(module, "api_version", small(1013)) &&
         add(module, "implementation", std::move(implementation)) &&
         add(module, "platform", text("linux")) && add(module, "byteorder", text("little")) &&
         add(module, "maxsize", int_from_int64(INT64_MAX)) && add(module, "maxunicode", small(0x10FFFF)) &&
         add(module, "float_repr_style", text("short")) && add(module, "abiflags", text("")) &&
         add(module, "platlibdir", text("lib")) && add(module, "_framework", text("")) &&
         add(module, "copyright", text("Copyright (c) 2001-2023 Python Software Foundation.\nAll Rights Reserved.\n\n"
                                       "Copyright (c) 2000 BeOpen.com.\nAll Rights Reserved.\n\n"
                                       "Copyright (c) 1995-2001 Corporation for National Research Initiatives.\nAll Rights Reserved.\n\n"
                                       "Copyright (c) 1991-1995 Stichting Mathematisch Centrum, Amsterdam.\nAll Rights Reserved.")) &&
         add(module, "_git", tuple_steal({text("krait").release(), text("").release(), text("").release()})) &&
         add(module, "prefix", str_from_utf8(prefix)) && add(module, "base_prefix", str_from_utf8(prefix)) &&
         add(module, "exec_prefix", str_from_utf8(prefix)) && add(module, "base_exec_prefix", str_from_utf8(prefix)) &&
         add(module, "executable", str_from_utf8(config.executable)) &&
         add(module, "_base_executable", str_from_utf8(config.executable)) &&
         add(module, "_stdlib_dir", str_from_utf8(config.stdlib_dir)) &&
         add(module, "pycache_prefix",
             config.pycache_prefix.empty() ? new_none() : Ref<>(str_from_utf8(config.pycache_prefix))) &&
         add(module, "argv", decode_os_string_list(config.argv)) &&
         add(module, "orig_argv", decode_os_string_list(config.orig_argv)) &&
         add(module, "warnoptions", decode_os_string_list(config.warnoptions)) &&
         add(module, "_xoptions", xoptions_dict(config.xoptions)) &&
         add(module, "dont_write_bytecode", new_bool(config.dont_write_bytecode)) &&
         add(module, "builtin_module_names", std::move(builtin_names)) &&
         add(module, "stdlib_module_names", std::move(stdlib_names)) &&
         add(module, "flags", make_structseq(&flags_type, small(config.debug), small(config.inspect), small(config.interactive),
                                             small(config.optimize), small(config.dont_write_bytecode),
                                             small(config.no_user_site), small(config.no_site),
                                             small(config.ignore_environment), small(config.verbose),
                                             small(config.bytes_warning), small(config.quiet),
                                             small(config.hash_seed == 0 && !config.random_hash_seed ? 0 : 1), small(config.isolated),
                                             new_bool(config.dev_mode), small(config.utf8_mode ? 1 : 0),
                                             small(config.warn_default_encoding), new_bool(config.safe_path),
                                             small(config.int_max_str_digits))) &&
         add(module, "float_info", make_structseq(&float_info_type, float_from_double(1.7976931348623157e+308),
                                                  small(1024), small(308), float_from_double(2.2250738585072014e-308),
                                                  small(-1021), small(-307), small(15), small(53),
                                                  float_from_double(epsilon), small(2), small(1))) &&
         add(module, "int_info", make_structseq(&int_info_type, small(30), small(4), small(4300), small(640))) &&
         add(module, "hash_info", make_structseq(&hash_info_type, small(64), int_from_int64(int64_t(kHashModulus)),
                                                 small(kHashInf), small(0), small(kHashImag), text("siphash13"),
                                                 small(64), small(128), small(0))) &&
         add(module, "thread_info", make_structseq(&thread_info_type, text("pthread"), text("semaphore"),
                                                   text("NPTL 2.36"))) &&
         add(module, "meta_path", list_new()) && add(module, "path_hooks", list_new()) &&
         add(module, "path_importer_cache", dict_new()) && disallow_instantiation(&flags_type) &&
         disallow_instantiation(&version_info_type);
}

}  // namespace

extern const ModuleDef module_sys = {
    .name = "sys",
    .doc = "This module provides access to some objects used or maintained by the\n"
           "interpreter and to functions that interact strongly with the interpreter.",
    .methods = sys_methods,
    .exec = sys_exec,
};

}  // namespace krait
