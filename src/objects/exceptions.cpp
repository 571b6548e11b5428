// The built-in exception types: BaseException (args, str/repr, notes, chaining, pickling)
// and every type of core/exceptions.def, defined once from the X-macro with the slots their
// layout needs (StopIteration.value, SystemExit.code, ImportError, NameError, AttributeError,
// KeyError, SyntaxError, the Unicode errors). OSError is in os_error.cpp, the exception
// groups in exception_group.cpp, the traceback type in traceback.cpp.
#include "objects/exceptions.h"

#include <array>
#include <cstdio>
#include <string>
#include <cstddef>

#include "core/alloc.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/bytes.h"
#include "objects/dict.h"
#include "objects/exceptions_internal.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait {

// --- Shared helpers (exceptions_internal.h) ---

bool exception_no_keywords(Value self, TupleObject* kwnames) {
  if (kwnames && kwnames->length > 0) {
    return type_error("{}() takes no keyword arguments", type_of(self)->name);
  }
  return true;
}

void exception_store_args(Value self, const Value* args, size_t nargs, Ref<>* out) {
  // __new__ and __init__ usually see the same arguments: keep the tuple __new__ made.
  BaseExceptionObject* e = as_exception(self);
  if (e->args) {
    TupleObject* current = as_tuple(Value(e->args));
    bool same = current->length == int64_t(nargs);
    for (size_t i = 0; same && i < nargs; ++i) same = current->items[i] == args[i];
    if (same) {
      *out = new_ref(Value(e->args));
      return;
    }
  }
  *out = tuple_from_array(args, int64_t(nargs));
}

bool exception_set_args(Value self, const Value* args, size_t nargs) {
  Ref<> tuple;
  exception_store_args(self, args, nargs, &tuple);
  if (!tuple) return false;
  BaseExceptionObject* e = as_exception(self);
  Object* old = e->args;
  e->args = tuple.release_object();
  if (old) decref(old);
  return true;
}

void exception_replace(Value& field, Value value) {
  Value old = field;
  incref(value);
  field = value;
  decref(old);
}

bool exception_keyword_args(const char* function, const Value* args, size_t nargs,
                            TupleObject* kwnames, std::initializer_list<const char*> names,
                            Value* out) {
  if (!kwnames) return true;
  if (size_t(kwnames->length) > names.size()) {
    return type_error("{}() takes at most {} keyword argument{} ({} given)", function, names.size(),
                      names.size() == 1 ? "" : "s", kwnames->length);
  }
  for (int64_t k = 0; k < kwnames->length; ++k) {
    StrObject* key = as_str(kwnames->items[k]);
    size_t index = 0;
    bool found = false;
    for (const char* name : names) {
      if (str_equal_ascii(key, name)) {
        found = true;
        break;
      }
      ++index;
    }
    if (!found) {
      return type_error("'{}' is an invalid keyword argument for {}()", str_utf8(key), function);
    }
    out[index] = args[nargs + size_t(k)];
  }
  return true;
}

void exception_base_traverse(Object* o, VisitFn visit, void* arg) {
  auto* e = static_cast<BaseExceptionObject*>(o);
  for (Object* child : {e->dict, e->args, e->traceback, e->context, e->cause}) {
    if (child) visit(child, arg);
  }
}

void exception_base_clear(Object* o) {
  auto* e = static_cast<BaseExceptionObject*>(o);
  for (Object** field : {&e->dict, &e->args, &e->traceback, &e->context, &e->cause}) {
    Object* old = *field;
    *field = nullptr;
    if (old) decref(old);
  }
}

// --- The C++ API of objects/exceptions.h ---

Ref<> exception_new(TypeObject* type, Value message) {
  if (type->has_flag(kTypeHeap)) return call1(Value(type), message);
  // A built-in type: run its slots directly, as type.__call__ would. (Before the runtime
  // readied the type, inherited slots are still empty: BaseException's stand in.)
  NewFn make = type->new_instance ? type->new_instance : base_exception_new;
  Ref<> instance = make(type, &message, 1, nullptr);
  if (!instance || !type->init) return instance;
  if (type->init(instance, &message, 1, nullptr) < 0) return nullptr;
  return instance;
}

Value exception_args(Value exc) {
  BaseExceptionObject* e = as_exception(exc);
  if (!e->args) {
    Ref<TupleObject> empty = tuple_empty();
    e->args = empty.release_object();
  }
  return Value(e->args);
}

Value exception_traceback(Value exc) {
  Object* tb = as_exception(exc)->traceback;
  return tb && !is_none(Value(tb)) ? Value(tb) : Value();
}

void exception_set_traceback(Value exc, Value traceback) {
  BaseExceptionObject* e = as_exception(exc);
  Object* old = e->traceback;
  if (traceback && !is_none(traceback)) {
    incref(traceback);
    e->traceback = traceback.as_object();
  } else {
    e->traceback = nullptr;
  }
  if (old) decref(old);
}

void exception_set_context(Value exc, Value context) {
  BaseExceptionObject* e = as_exception(exc);
  Object* old = e->context;
  if (context && !is_none(context)) {
    incref(context);
    e->context = context.as_object();
  } else {
    e->context = nullptr;
  }
  if (old) decref(old);
}

void exception_set_cause(Value exc, Value cause) {
  BaseExceptionObject* e = as_exception(exc);
  e->suppress_context = true;
  Object* old = e->cause;
  if (cause && !is_none(cause)) {
    incref(cause);
    e->cause = cause.as_object();
  } else {
    e->cause = nullptr;
  }
  if (old) decref(old);
}

Value exception_context(Value exc) { return Value(as_exception(exc)->context); }
Value exception_cause(Value exc) { return Value(as_exception(exc)->cause); }

// --- BaseException ---

Ref<> base_exception_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  // Keyword arguments are left to __init__, so subclasses may accept them.
  Ref<TupleObject> tuple = tuple_from_array(args, int64_t(nargs));
  if (!tuple) return nullptr;
  auto* e = allocate<BaseExceptionObject>(type, size_t(type->basic_size));
  if (!e) return nullptr;
  e->args = tuple.release_object();
  gc_track(e);
  return Ref<>::steal(Value(e));
}

int base_exception_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!exception_no_keywords(self, kwnames)) return -1;
  return exception_set_args(self, args, nargs) ? 0 : -1;
}

Ref<> base_exception_str(Value self) {
  TupleObject* args = as_tuple(exception_args(self));
  switch (args->length) {
    case 0: return str_empty();
    case 1: return str(args->items[0]);
    default: return str(Value(args));
  }
}

namespace {

BaseExceptionObject* self_exception(Value v) { return as_exception(v); }

Ref<> base_exception_repr(Value self) {
  std::string name = type_short_name(type_of(self));
  TupleObject* args = as_tuple(exception_args(self));
  Ref<StrObject> inner = repr(args->length == 1 ? args->items[0] : Value(args));
  if (!inner) return nullptr;
  std::string text = name;
  if (args->length == 1) text += '(';
  text += str_utf8(inner.get());
  if (args->length == 1) text += ')';
  return str_from_utf8(text);
}

// __dict__, made on first use.
Ref<> base_exception_get_dict(Value self) {
  BaseExceptionObject* e = self_exception(self);
  if (!e->dict) {
    Ref<DictObject> dict = dict_new();
    if (!dict) return nullptr;
    e->dict = dict.release_object();
  }
  return new_ref(Value(e->dict));
}

int base_exception_set_dict(Value self, Value value) {
  if (!value) return type_error("cannot delete __dict__");
  if (!is_dict(value)) return type_error("__dict__ must be set to a dictionary, not a '{}'", type_name(value));
  BaseExceptionObject* e = self_exception(self);
  Object* old = e->dict;
  incref(value);
  e->dict = value.as_object();
  if (old) decref(old);
  return 0;
}

Ref<> base_exception_get_args(Value self) { return new_ref(exception_args(self)); }

int base_exception_set_args(Value self, Value value) {
  if (!value) return type_error("args may not be deleted");
  Ref<TupleObject> tuple = tuple_from_iterable(value);
  if (!tuple) return -1;
  BaseExceptionObject* e = self_exception(self);
  Object* old = e->args;
  e->args = tuple.release_object();
  if (old) decref(old);
  return 0;
}

Ref<> base_exception_get_traceback(Value self) {
  Object* tb = self_exception(self)->traceback;
  return new_ref(tb ? Value(tb) : None());
}

// Shared by the __traceback__ setter and with_traceback().
int set_traceback_checked(Value self, Value tb) {
  if (!tb) return type_error("__traceback__ may not be deleted");
  if (!is_none(tb) && !is_traceback(tb)) return type_error("__traceback__ must be a traceback or None");
  BaseExceptionObject* e = self_exception(self);
  Object* old = e->traceback;
  incref(tb);
  e->traceback = tb.as_object();  // None is kept as set, as CPython does
  if (old) decref(old);
  return 0;
}

Ref<> base_exception_get_context(Value self) {
  Object* context = self_exception(self)->context;
  return new_ref(context ? Value(context) : None());
}

int base_exception_set_context(Value self, Value value) {
  if (!value) return type_error("__context__ may not be deleted");
  if (!is_none(value) && !is_exception_instance(value)) {
    return type_error("exception context must be None or derive from BaseException");
  }
  exception_set_context(self, value);
  return 0;
}

Ref<> base_exception_get_cause(Value self) {
  Object* cause = self_exception(self)->cause;
  return new_ref(cause ? Value(cause) : None());
}

int base_exception_set_cause(Value self, Value value) {
  if (!value) return type_error("__cause__ may not be deleted");
  if (!is_none(value) && !is_exception_instance(value)) {
    return type_error("exception cause must be None or derive from BaseException");
  }
  exception_set_cause(self, value);
  return 0;
}

Ref<> base_exception_with_traceback(Value self, const Value* args) {
  if (set_traceback_checked(self, args[0]) < 0) return nullptr;
  return new_ref(self);
}

// add_note(note): appends to the __notes__ list kept in the instance __dict__ (3.11).
Ref<> base_exception_add_note(Value self, const Value* args) {
  Value note = args[0];
  if (!is_str(note)) return type_error("note must be a str, not '{}'", type_name(note));
  int has = has_attr(self, ID(__notes__));
  if (has < 0) return nullptr;
  if (!has) {
    Ref<ListObject> fresh = list_new(0);
    if (!fresh || !set_attr(self, ID(__notes__), fresh.value())) return nullptr;
  }
  Ref<> notes = get_attr(self, ID(__notes__));
  if (!notes) return nullptr;
  if (!is_list(notes)) return type_error("Cannot add note: __notes__ is not a list");
  if (!list_append(as_list(notes), note)) return nullptr;
  return new_none();
}

Ref<> base_exception_reduce(Value self, const Value* args) {
  BaseExceptionObject* e = self_exception(self);
  Value exception_args_tuple = exception_args(self);
  if (e->dict) return tuple_of({Value(type_of(self)), exception_args_tuple, Value(e->dict)});
  return tuple_of({Value(type_of(self)), exception_args_tuple});
}

Ref<> base_exception_setstate(Value self, const Value* args) {
  Value state = args[0];
  if (is_none(state)) return new_none();
  if (!is_dict(state)) return type_error("state is not a dictionary");
  // Iterate over a snapshot: setting attributes may run Python code that mutates `state`.
  Ref<> items = dict_items_list(as_dict(state));
  if (!items) return nullptr;
  ListObject* list = as_list(items);
  for (int64_t i = 0; i < list->length; ++i) {
    TupleObject* pair = as_tuple(list->items[i]);
    Value key = pair->items[0];
    if (!is_str(key)) return type_error("attribute name must be string, not '{}'", type_name(key));
    if (!set_attr(self, as_str(key), pair->items[1])) return nullptr;
  }
  return new_none();
}

const MethodDef base_exception_methods[] = {
    {.name = "__reduce__", .impl = base_exception_reduce, .signature = "($self, /)",
     .flags = kMethodNoTextSignature},
    {.name = "__setstate__", .impl = base_exception_setstate, .signature = "($self, state, /)",
     .flags = kMethodNoTextSignature},
    {.name = "with_traceback",
     .impl = base_exception_with_traceback,
     .signature = "($self, tb, /)",
     .doc = "Exception.with_traceback(tb) --\n    set self.__traceback__ to tb and return self.",
     .flags = kMethodNoTextSignature},
    {.name = "add_note",
     .impl = base_exception_add_note,
     .signature = "($self, note, /)",
     .doc = "Exception.add_note(note) --\n    add a note to the exception",
     .flags = kMethodNoTextSignature},
    {},
};

const GetSetDef base_exception_getsets[] = {
    {"__dict__", base_exception_get_dict, base_exception_set_dict},
    {"args", base_exception_get_args, base_exception_set_args},
    {"__traceback__", base_exception_get_traceback, set_traceback_checked},
    {"__context__", base_exception_get_context, base_exception_set_context,
     "exception context"},
    {"__cause__", base_exception_get_cause, base_exception_set_cause, "exception cause"},
    {},
};

const MemberDef base_exception_members[] = {
    {"__suppress_context__", MemberKind::Bool, offsetof(BaseExceptionObject, suppress_context)},
    {},
};

// --- StopIteration, SystemExit ---

int stop_iteration_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (base_exception_init(self, args, nargs, kwnames) < 0) return -1;
  exception_replace(static_cast<StopIterationObject*>(self.as_object())->value,
                    nargs > 0 ? args[0] : None());
  return 0;
}

const MemberDef stop_iteration_members[] = {
    {"value", MemberKind::ObjectOrNone, offsetof(StopIterationObject, value), false,
     "generator return value"},
    {},
};

int system_exit_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (base_exception_init(self, args, nargs, kwnames) < 0) return -1;
  if (nargs == 0) return 0;
  auto* e = static_cast<SystemExitObject*>(self.as_object());
  exception_replace(e->code, nargs == 1 ? args[0] : exception_args(self));
  return 0;
}

const MemberDef system_exit_members[] = {
    {"code", MemberKind::ObjectOrNone, offsetof(SystemExitObject, code), false, "exception code"},
    {},
};

// --- ImportError, ModuleNotFoundError ---

ImportErrorObject* as_import_error(Value v) { return static_cast<ImportErrorObject*>(v.as_object()); }

int import_error_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!exception_set_args(self, args, nargs)) return -1;
  Value keywords[2] = {};
  if (!exception_keyword_args("ImportError", args, nargs, kwnames, {"name", "path"}, keywords)) {
    return -1;
  }
  ImportErrorObject* e = as_import_error(self);
  exception_replace(e->name, keywords[0]);
  exception_replace(e->path, keywords[1]);
  exception_replace(e->msg, nargs == 1 ? args[0] : Value());
  return 0;
}

Ref<> import_error_str(Value self) {
  ImportErrorObject* e = as_import_error(self);
  if (e->msg && is_exact_str(e->msg)) return new_ref(e->msg);
  return base_exception_str(self);
}

// __reduce__ keeps name= and path= in the state dict, which __setstate__ restores.
Ref<> import_error_reduce(Value self, const Value* args) {
  ImportErrorObject* e = as_import_error(self);
  Ref<> state;
  if (e->name || e->path) {
    Ref<DictObject> dict = e->dict ? dict_copy(as_dict(Value(e->dict))) : dict_new();
    if (!dict) return nullptr;
    if (e->name && !dict_set(dict.get(), Value(ID(name)), e->name)) return nullptr;
    if (e->path && !dict_set(dict.get(), Value(str_intern_utf8("path")), e->path)) return nullptr;
    state = std::move(dict);
  } else if (e->dict) {
    state = new_ref(Value(e->dict));
  }
  Value exception_args_tuple = exception_args(self);
  if (!state) return tuple_of({Value(type_of(self)), exception_args_tuple});
  return tuple_of({Value(type_of(self)), exception_args_tuple, state.value()});
}

const MethodDef import_error_methods[] = {
    {.name = "__reduce__", .impl = import_error_reduce, .signature = "($self, /)"},
    {},
};

const MemberDef import_error_members[] = {
    {"msg", MemberKind::ObjectOrNone, offsetof(ImportErrorObject, msg), false, "exception message"},
    {"name", MemberKind::ObjectOrNone, offsetof(ImportErrorObject, name), false, "module name"},
    {"path", MemberKind::ObjectOrNone, offsetof(ImportErrorObject, path), false, "module path"},
    {},
};

// --- NameError, AttributeError: remember the failing name (and object) for suggestions ---

int name_error_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!exception_set_args(self, args, nargs)) return -1;
  Value keywords[1] = {};
  if (!exception_keyword_args("NameError", args, nargs, kwnames, {"name"}, keywords)) return -1;
  exception_replace(static_cast<NameErrorObject*>(self.as_object())->name, keywords[0]);
  return 0;
}

const MemberDef name_error_members[] = {
    {"name", MemberKind::ObjectOrNone, offsetof(NameErrorObject, name), false, "name"},
    {},
};

int attribute_error_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!exception_set_args(self, args, nargs)) return -1;
  Value keywords[2] = {};
  if (!exception_keyword_args("AttributeError", args, nargs, kwnames, {"name", "obj"}, keywords)) {
    return -1;
  }
  auto* e = static_cast<AttributeErrorObject*>(self.as_object());
  exception_replace(e->name, keywords[0]);
  exception_replace(e->obj, keywords[1]);
  return 0;
}

const MemberDef attribute_error_members[] = {
    {"name", MemberKind::ObjectOrNone, offsetof(AttributeErrorObject, name), false, "attribute name"},
    {"obj", MemberKind::ObjectOrNone, offsetof(AttributeErrorObject, obj), false, "object"},
    {},
};

// --- KeyError: str() of a single key is its repr, so KeyError('') reads ''. ---

Ref<> key_error_str(Value self) {
  TupleObject* args = as_tuple(exception_args(self));
  if (args->length == 1) return repr(args->items[0]);
  return base_exception_str(self);
}

// --- SyntaxError ---

SyntaxErrorObject* as_syntax_error(Value v) { return static_cast<SyntaxErrorObject*>(v.as_object()); }

// SyntaxError(msg, (filename, lineno, offset, text[, end_lineno, end_offset]))
int syntax_error_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (base_exception_init(self, args, nargs, kwnames) < 0) return -1;
  SyntaxErrorObject* e = as_syntax_error(self);
  if (nargs >= 1) exception_replace(e->msg, args[0]);
  if (nargs != 2) return 0;
  Ref<TupleObject> info = tuple_from_iterable(args[1]);
  if (!info) return -1;
  int64_t n = info->length;
  if (n < 4) {
    return type_error("function takes at least 4 arguments ({} given)", n);
  }
  if (n > 6) return type_error("function takes at most 6 arguments ({} given)", n);
  exception_replace(e->filename, info->items[0]);
  exception_replace(e->lineno, info->items[1]);
  exception_replace(e->offset, info->items[2]);
  exception_replace(e->text, info->items[3]);
  exception_replace(e->end_lineno, n > 4 ? info->items[4] : Value());
  exception_replace(e->end_offset, n > 5 ? info->items[5] : Value());
  if (n == 5) return type_error("end_offset must be provided when end_lineno is provided");
  return 0;
}

// "invalid syntax (x.py, line 3)": the file's base name and the line, when known.
Ref<> syntax_error_str(Value self) {
  SyntaxErrorObject* e = as_syntax_error(self);
  Value msg = e->msg ? e->msg : None();
  std::string filename;
  bool have_filename = e->filename && is_str(e->filename);
  if (have_filename) {
    std::string_view full = str_utf8(e->filename);
    size_t slash = full.rfind('/');
    filename = std::string(slash == std::string_view::npos ? full : full.substr(slash + 1));
  }
  bool have_lineno = e->lineno && (e->lineno.is_small_int() || is_type(e->lineno, &int_type));
  if (!have_filename && !have_lineno) return str(msg);
  Ref<StrObject> message = str(msg);
  if (!message) return nullptr;
  std::string text(str_utf8(message.get()));
  int64_t line = -1;
  if (have_lineno && !int_as_int64(e->lineno, &line)) {
    clear_error();  // overflow prints -1, as CPython's PyLong_AsLongAndOverflow
    line = -1;
  }
  if (have_filename && have_lineno) text += format_message(" ({}, line {})", filename, line);
  else if (have_filename) text += format_message(" ({})", filename);
  else text += format_message(" (line {})", line);
  return str_from_utf8(text);
}

const MemberDef syntax_error_members[] = {
    {"msg", MemberKind::ObjectOrNone, offsetof(SyntaxErrorObject, msg), false, "exception msg"},
    {"filename", MemberKind::ObjectOrNone, offsetof(SyntaxErrorObject, filename), false,
     "exception filename"},
    {"lineno", MemberKind::ObjectOrNone, offsetof(SyntaxErrorObject, lineno), false,
     "exception lineno"},
    {"offset", MemberKind::ObjectOrNone, offsetof(SyntaxErrorObject, offset), false,
     "exception offset"},
    {"text", MemberKind::ObjectOrNone, offsetof(SyntaxErrorObject, text), false, "exception text"},
    {"end_lineno", MemberKind::ObjectOrNone, offsetof(SyntaxErrorObject, end_lineno), false,
     "exception end lineno"},
    {"end_offset", MemberKind::ObjectOrNone, offsetof(SyntaxErrorObject, end_offset), false,
     "exception end offset"},
    {"print_file_and_line", MemberKind::ObjectOrNone,
     offsetof(SyntaxErrorObject, print_file_and_line), false, "exception print_file_and_line"},
    {},
};

// --- UnicodeEncodeError, UnicodeDecodeError, UnicodeTranslateError ---

UnicodeErrorObject* as_unicode_error(Value v) { return static_cast<UnicodeErrorObject*>(v.as_object()); }

// The argument checks of PyArg_ParseTuple("UUnnU") and friends: 'U' str, 'n' index,
// 'O' anything; messages without a function name, as CPython's.
bool parse_unicode_error_args(const Value* args, size_t nargs, const char* format) {
  size_t expected = std::char_traits<char>::length(format);
  if (nargs != expected) {
    return type_error("function takes exactly {} arguments ({} given)", expected, nargs);
  }
  for (size_t i = 0; i < nargs; ++i) {
    if (format[i] == 'U' && !is_str(args[i])) {
      return type_error("argument {} must be str, not {}", i + 1, type_name(args[i]));
    }
    if (format[i] == 'n') {
      if (!args[i].is_small_int() && !is_int(args[i]) && !type_of(args[i])->to_index) {
        return type_error("'{}' object cannot be interpreted as an integer", type_name(args[i]));
      }
    }
  }
  return true;
}

bool unicode_error_index(Value v, int64_t* out) {
  return index_to_int64(v, out, &exc::OverflowError);
}

int unicode_encode_error_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (base_exception_init(self, args, nargs, kwnames) < 0) return -1;
  if (!parse_unicode_error_args(args, nargs, "UUnnU")) return -1;
  UnicodeErrorObject* e = as_unicode_error(self);
  if (!unicode_error_index(args[2], &e->start) || !unicode_error_index(args[3], &e->end)) return -1;
  exception_replace(e->encoding, args[0]);
  exception_replace(e->object, args[1]);
  exception_replace(e->reason, args[4]);
  return 0;
}

int unicode_decode_error_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (base_exception_init(self, args, nargs, kwnames) < 0) return -1;
  if (!parse_unicode_error_args(args, nargs, "UOnnU")) return -1;
  UnicodeErrorObject* e = as_unicode_error(self);
  if (!unicode_error_index(args[2], &e->start) || !unicode_error_index(args[3], &e->end)) return -1;
  Ref<> object;
  if (is_bytes(args[1])) {
    object = new_ref(args[1]);
  } else {
    // Any bytes-like object is accepted and kept as bytes.
    Buffer view;
    if (!buffer_get(args[1], &view, 0)) return -1;
    object = bytes_from(std::string_view(static_cast<const char*>(view.data), size_t(view.length)));
    buffer_release(&view);
    if (!object) return -1;
  }
  exception_replace(e->encoding, args[0]);
  exception_replace(e->object, object);
  exception_replace(e->reason, args[4]);
  return 0;
}

int unicode_translate_error_init(Value self, const Value* args, size_t nargs,
                                 TupleObject* kwnames) {
  if (base_exception_init(self, args, nargs, kwnames) < 0) return -1;
  if (!parse_unicode_error_args(args, nargs, "UnnU")) return -1;
  UnicodeErrorObject* e = as_unicode_error(self);
  if (!unicode_error_index(args[1], &e->start) || !unicode_error_index(args[2], &e->end)) return -1;
  exception_replace(e->encoding, Value());
  exception_replace(e->object, args[0]);
  exception_replace(e->reason, args[3]);
  return 0;
}

// "'\xe9'", "'\u1234'" or "'\U00012345'" as the messages print a bad character.
std::string escaped_character(char32_t c) {
  char buffer[16];
  if (c <= 0xff) std::snprintf(buffer, sizeof buffer, "'\\x%02x'", unsigned(c));
  else if (c <= 0xffff) std::snprintf(buffer, sizeof buffer, "'\\u%04x'", unsigned(c));
  else std::snprintf(buffer, sizeof buffer, "'\\U%08x'", unsigned(c));
  return buffer;
}

// The reason and encoding as str (they may have been replaced by anything).
bool unicode_error_texts(UnicodeErrorObject* e, std::string* reason, std::string* encoding) {
  Ref<StrObject> reason_text = str(e->reason ? e->reason : None());
  if (!reason_text) return false;
  *reason = str_utf8(reason_text.get());
  if (encoding) {
    Ref<StrObject> encoding_text = str(e->encoding ? e->encoding : None());
    if (!encoding_text) return false;
    *encoding = str_utf8(encoding_text.get());
  }
  return true;
}

Ref<> unicode_encode_error_str(Value self) {
  UnicodeErrorObject* e = as_unicode_error(self);
  if (!e->object) return str_empty();  // not initialised
  std::string reason, encoding;
  if (!unicode_error_texts(e, &reason, &encoding)) return nullptr;
  if (is_str(e->object) && e->start >= 0 && e->start < as_str(e->object)->length &&
      e->end == e->start + 1) {
    char32_t bad = as_str(e->object)->at(e->start);
    return str_from_utf8(format_message("'{}' codec can't encode character {} in position {}: {}",
                                        encoding, escaped_character(bad), e->start, reason));
  }
  return str_from_utf8(format_message("'{}' codec can't encode characters in position {}-{}: {}",
                                      encoding, e->start, e->end - 1, reason));
}

Ref<> unicode_decode_error_str(Value self) {
  UnicodeErrorObject* e = as_unicode_error(self);
  if (!e->object) return str_empty();
  std::string reason, encoding;
  if (!unicode_error_texts(e, &reason, &encoding)) return nullptr;
  if (is_bytes(e->object) && e->start >= 0 && e->start < int64_t(bytes_view(e->object).size()) &&
      e->end == e->start + 1) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02x", unsigned(uint8_t(bytes_view(e->object)[e->start])));
    return str_from_utf8(format_message("'{}' codec can't decode byte {} in position {}: {}",
                                        encoding, byte, e->start, reason));
  }
  return str_from_utf8(format_message("'{}' codec can't decode bytes in position {}-{}: {}",
                                      encoding, e->start, e->end - 1, reason));
}

Ref<> unicode_translate_error_str(Value self) {
  UnicodeErrorObject* e = as_unicode_error(self);
  if (!e->object) return str_empty();
  std::string reason;
  if (!unicode_error_texts(e, &reason, nullptr)) return nullptr;
  if (is_str(e->object) && e->start >= 0 && e->start < as_str(e->object)->length &&
      e->end == e->start + 1) {
    char32_t bad = as_str(e->object)->at(e->start);
    return str_from_utf8(format_message("can't translate character {} in position {}: {}",
                                        escaped_character(bad), e->start, reason));
  }
  return str_from_utf8(format_message("can't translate characters in position {}-{}: {}",
                                      e->start, e->end - 1, reason));
}

const MemberDef unicode_error_members[] = {
    {"encoding", MemberKind::ObjectOrNone, offsetof(UnicodeErrorObject, encoding), false,
     "exception encoding"},
    {"object", MemberKind::ObjectOrNone, offsetof(UnicodeErrorObject, object), false,
     "exception object"},
    {"start", MemberKind::Int64, offsetof(UnicodeErrorObject, start), false, "exception start"},
    {"end", MemberKind::Int64, offsetof(UnicodeErrorObject, end), false, "exception end"},
    {"reason", MemberKind::ObjectOrNone, offsetof(UnicodeErrorObject, reason), false,
     "exception reason"},
    {},
};

// --- Per-layout lifecycle: every layout's Value fields, for traverse/clear/dealloc ---

template <class Layout>
constexpr std::array<Value Layout::*, 0> kLayoutFields{};
template <>
constexpr std::array kLayoutFields<StopIterationObject>{&StopIterationObject::value};
template <>
constexpr std::array kLayoutFields<SystemExitObject>{&SystemExitObject::code};
template <>
constexpr std::array kLayoutFields<ImportErrorObject>{&ImportErrorObject::msg, &ImportErrorObject::name,
                                                      &ImportErrorObject::path};
template <>
constexpr std::array kLayoutFields<NameErrorObject>{&NameErrorObject::name};
template <>
constexpr std::array kLayoutFields<AttributeErrorObject>{&AttributeErrorObject::name,
                                                         &AttributeErrorObject::obj};
template <>
constexpr std::array kLayoutFields<OSErrorObject>{&OSErrorObject::myerrno, &OSErrorObject::strerror,
                                                  &OSErrorObject::filename, &OSErrorObject::filename2};
template <>
constexpr std::array kLayoutFields<SyntaxErrorObject>{
    &SyntaxErrorObject::msg,    &SyntaxErrorObject::filename,   &SyntaxErrorObject::lineno,
    &SyntaxErrorObject::offset, &SyntaxErrorObject::text,       &SyntaxErrorObject::end_lineno,
    &SyntaxErrorObject::end_offset, &SyntaxErrorObject::print_file_and_line};
template <>
constexpr std::array kLayoutFields<UnicodeErrorObject>{&UnicodeErrorObject::encoding,
                                                       &UnicodeErrorObject::object,
                                                       &UnicodeErrorObject::reason};
template <>
constexpr std::array kLayoutFields<BaseExceptionGroupObject>{&BaseExceptionGroupObject::msg,
                                                             &BaseExceptionGroupObject::excs};

template <class Layout>
void layout_traverse(Object* o, VisitFn visit, void* arg) {
  exception_base_traverse(o, visit, arg);
  auto* e = static_cast<Layout*>(static_cast<BaseExceptionObject*>(o));
  for (auto field : kLayoutFields<Layout>) {
    if ((e->*field).is_object()) visit((e->*field).as_object(), arg);
  }
}

template <class Layout>
void layout_clear(Object* o) {
  exception_base_clear(o);
  auto* e = static_cast<Layout*>(static_cast<BaseExceptionObject*>(o));
  for (auto field : kLayoutFields<Layout>) {
    Value old = e->*field;
    e->*field = Value();
    decref(old);
  }
}

template <class Layout>
void layout_dealloc(Object* o) {
  if (gc_is_tracked(o)) gc_untrack(o);
  layout_clear<Layout>(o);
  free_object(o);
}

// --- The types, from core/exceptions.def ---

enum class ExceptionId {
#define KRAIT_EXCEPTION(name, base, layout, doc) name,
#include "core/exceptions.def"
#undef KRAIT_EXCEPTION
};

// What a type defines itself (the rest is inherited when the runtime readies it). As in
// CPython, each type's own __init__ (and __new__ for the plain ones) shows in its __dict__.
struct OwnSlots {
  NewFn new_instance = nullptr;
  InitFn init = nullptr;
  UnaryFn repr = nullptr;
  UnaryFn str = nullptr;
  GetAttrFn getattr = nullptr;
  SetAttrFn setattr = nullptr;
  const MethodDef* methods = nullptr;
  const GetSetDef* getsets = nullptr;
  const MemberDef* members = nullptr;
};

constexpr OwnSlots own_slots(ExceptionId id) {
  using enum ExceptionId;
  switch (id) {
    case BaseException:
      return {.new_instance = base_exception_new, .init = base_exception_init,
              .repr = base_exception_repr, .str = base_exception_str,
              .getattr = generic_get_attr, .setattr = generic_set_attr,
              .methods = base_exception_methods, .getsets = base_exception_getsets,
              .members = base_exception_members};
    case StopIteration: return {.init = stop_iteration_init, .members = stop_iteration_members};
    case SystemExit: return {.init = system_exit_init, .members = system_exit_members};
    case ImportError:
      return {.init = import_error_init, .str = import_error_str, .methods = import_error_methods,
              .members = import_error_members};
    case ModuleNotFoundError: return {.init = import_error_init};
    case NameError:
      return {.init = name_error_init, .str = base_exception_str, .members = name_error_members};
    case UnboundLocalError: return {.init = name_error_init};
    case AttributeError:
      return {.init = attribute_error_init, .str = base_exception_str,
              .members = attribute_error_members};
    case KeyError: return {.init = base_exception_init, .str = key_error_str};
    case OSError:
      return {.new_instance = os_error_new, .init = os_error_init, .str = os_error_str,
              .methods = os_error_methods, .getsets = os_error_getsets, .members = os_error_members};
    case BlockingIOError: case ChildProcessError: case ConnectionError: case BrokenPipeError:
    case ConnectionAbortedError: case ConnectionRefusedError: case ConnectionResetError:
    case FileExistsError: case FileNotFoundError: case InterruptedError: case IsADirectoryError:
    case NotADirectoryError: case PermissionError: case ProcessLookupError: case TimeoutError:
      return {.init = os_error_init};
    case SyntaxError:
      return {.init = syntax_error_init, .str = syntax_error_str, .members = syntax_error_members};
    case IndentationError: case TabError: return {.init = syntax_error_init};
    case UnicodeEncodeError:
      return {.new_instance = base_exception_new, .init = unicode_encode_error_init,
              .str = unicode_encode_error_str, .members = unicode_error_members};
    case UnicodeDecodeError:
      return {.new_instance = base_exception_new, .init = unicode_decode_error_init,
              .str = unicode_decode_error_str, .members = unicode_error_members};
    case UnicodeTranslateError:
      return {.new_instance = base_exception_new, .init = unicode_translate_error_init,
              .str = unicode_translate_error_str, .members = unicode_error_members};
    case BaseExceptionGroup:
      return {.new_instance = exception_group_new_slot, .init = exception_group_init,
              .str = exception_group_str, .methods = exception_group_methods,
              .members = exception_group_members};
    case ExceptionGroup: return {};
    default: return {.new_instance = base_exception_new, .init = base_exception_init};
  }
}

template <class Layout>
constexpr TypeSpec exception_spec(const char* name, const char* doc, TypeObject* base,
                                  OwnSlots own) {
  return TypeSpec{
      .name = name,
      .doc = doc[0] ? doc : nullptr,
      .basic_size = sizeof(Layout),
      .flags = kTypeBaseType | kTypeHaveGC | kTypeBaseExceptionSubclass,
      .base = base,
      .dict_offset = offsetof(BaseExceptionObject, dict),
      .slots = {.dealloc = layout_dealloc<Layout>,
                .traverse = layout_traverse<Layout>,
                .clear = layout_clear<Layout>,
                .new_instance = own.new_instance,
                .init = own.init,
                .repr = own.repr,
                .str = own.str,
                .getattr = own.getattr,
                .setattr = own.setattr},
      .methods = own.methods,
      .getsets = own.getsets,
      .members = own.members,
  };
}

}  // namespace

namespace exc {

// `object`, as the base named in exceptions.def for BaseException.
constexpr TypeObject& object = object_type;

#define KRAIT_EXCEPTION(name, base, layout, doc) \
  constinit TypeObject name{exception_spec<layout##Object>(#name, doc, &base, own_slots(ExceptionId::name))};
#include "core/exceptions.def"
#undef KRAIT_EXCEPTION

}  // namespace exc

}  // namespace krait
