// OSError and its subclasses: OSError(errno, strerror[, filename[, winerror[, filename2]]]),
// the choice of subclass from errno in __new__ (OSError(2, ...) is a FileNotFoundError),
// "[Errno 2] No such file or directory: 'x'", pickling, and
// BlockingIOError.characters_written.
#include <cerrno>
#include <cstddef>

#include "core/error.h"
#include "core/ops.h"
#include "objects/exceptions_internal.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"

namespace krait {

namespace {

OSErrorObject* as_os_error(Value v) { return static_cast<OSErrorObject*>(v.as_object()); }

// The subclass OSError(errno, ...) becomes (CPython's errnomap); null: OSError itself.
TypeObject* subclass_for_errno(int64_t code) {
  switch (code) {
    case EAGAIN:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
    case EALREADY:
    case EINPROGRESS: return &exc::BlockingIOError;
    case EPIPE:
    case ESHUTDOWN: return &exc::BrokenPipeError;
    case ECHILD: return &exc::ChildProcessError;
    case ECONNABORTED: return &exc::ConnectionAbortedError;
    case ECONNREFUSED: return &exc::ConnectionRefusedError;
    case ECONNRESET: return &exc::ConnectionResetError;
    case EEXIST: return &exc::FileExistsError;
    case ENOENT: return &exc::FileNotFoundError;
    case EISDIR: return &exc::IsADirectoryError;
    case ENOTDIR: return &exc::NotADirectoryError;
    case EINTR: return &exc::InterruptedError;
    case EACCES:
    case EPERM: return &exc::PermissionError;
    case ESRCH: return &exc::ProcessLookupError;
    case ETIMEDOUT: return &exc::TimeoutError;
    default: return nullptr;
  }
}

// A subclass that defines __init__ but keeps OSError's __new__ gets its arguments parsed
// by __init__ instead (so __new__ ignores whatever its __init__ expects).
bool defers_to_init(TypeObject* type) {
  return type->init != os_error_init && type->new_instance == os_error_new;
}

// The arguments (errno, strerror, filename, winerror, filename2) of a 2..5-argument call.
struct OSErrorArgs {
  Value myerrno, strerror, filename, filename2;
};

OSErrorArgs parse_args(const Value* args, size_t nargs) {
  OSErrorArgs parsed;
  if (nargs >= 2 && nargs <= 5) {
    parsed.myerrno = args[0];
    parsed.strerror = args[1];
    if (nargs >= 3) parsed.filename = args[2];
    if (nargs >= 5) parsed.filename2 = args[4];  // args[3] is winerror, ignored off Windows
  }
  return parsed;
}

bool number_check(Value v) {
  TypeObject* type = type_of(v);
  return is_int(v) || type->to_index || type->to_int || type->to_float;
}

bool store_fields(Value self, const Value* args, size_t nargs, const OSErrorArgs& parsed) {
  OSErrorObject* e = as_os_error(self);
  size_t kept_args = nargs;
  if (parsed.filename && !is_none(parsed.filename)) {
    if (type_of(self) == &exc::BlockingIOError && number_check(parsed.filename)) {
      // BlockingIOError's third argument is the number of characters written.
      Ref<> index = number_index(parsed.filename);
      if (!index || !index_to_int64(index, &e->written, &exc::ValueError)) return false;
    } else {
      exception_replace(e->filename, parsed.filename);
      if (parsed.filename2 && !is_none(parsed.filename2)) {
        exception_replace(e->filename2, parsed.filename2);
      }
      // args keeps only (errno, strerror) when a file name was given.
      if (nargs >= 2 && nargs <= 5) kept_args = 2;
    }
  }
  exception_replace(e->myerrno, parsed.myerrno);
  exception_replace(e->strerror, parsed.strerror);
  return exception_set_args(self, args, kept_args);
}

}  // namespace

Ref<> os_error_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  bool parse_here = !defers_to_init(type);
  OSErrorArgs parsed;
  if (parse_here) {
    if (kwnames && kwnames->length > 0) {
      return type_error("{}() takes no keyword arguments", type->name);
    }
    parsed = parse_args(args, nargs);
    if (type == &exc::OSError && parsed.myerrno && is_int(parsed.myerrno)) {
      int64_t code;
      if (int_to_int64(parsed.myerrno, &code)) {
        if (TypeObject* subclass = subclass_for_errno(code)) type = subclass;
      }
    }
  }
  Ref<> self = base_exception_new(type, nullptr, 0, nullptr);
  if (!self) return nullptr;
  as_os_error(self)->written = -1;
  if (parse_here && !store_fields(self, args, nargs, parsed)) return nullptr;
  return self;
}

int os_error_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!defers_to_init(type_of(self))) return 0;  // __new__ did everything
  if (!exception_no_keywords(self, kwnames)) return -1;
  return store_fields(self, args, nargs, parse_args(args, nargs)) ? 0 : -1;
}

// "[Errno 2] No such file or directory: 'x'", with " -> 'y'" for a second file name.
Ref<> os_error_str(Value self) {
  OSErrorObject* e = as_os_error(self);
  auto text_of = [](Value v, bool use_repr, std::string* out) {
    Ref<StrObject> s = use_repr ? repr(v) : str(v ? v : None());
    if (!s) return false;
    *out = str_utf8(s.get());
    return true;
  };
  std::string number, message, file, file2;
  if (e->filename) {
    if (!text_of(e->myerrno, false, &number) || !text_of(e->strerror, false, &message) ||
        !text_of(e->filename, true, &file)) {
      return nullptr;
    }
    if (e->filename2) {
      if (!text_of(e->filename2, true, &file2)) return nullptr;
      return str_from_utf8(format_message("[Errno {}] {}: {} -> {}", number, message, file, file2));
    }
    return str_from_utf8(format_message("[Errno {}] {}: {}", number, message, file));
  }
  if (e->myerrno && e->strerror) {
    if (!text_of(e->myerrno, false, &number) || !text_of(e->strerror, false, &message)) {
      return nullptr;
    }
    return str_from_utf8(format_message("[Errno {}] {}", number, message));
  }
  return base_exception_str(self);
}

namespace {

// Pickles as OSError(*args) with the file names put back into args.
Ref<> os_error_reduce(Value self, const Value* args) {
  OSErrorObject* e = as_os_error(self);
  Ref<> call_args = new_ref(exception_args(self));
  TupleObject* current = as_tuple(call_args);
  if (current->length == 2 && e->filename) {
    if (e->filename2) {
      call_args = tuple_of({current->items[0], current->items[1], e->filename, None(), e->filename2});
    } else {
      call_args = tuple_of({current->items[0], current->items[1], e->filename});
    }
    if (!call_args) return nullptr;
  }
  if (e->dict) return tuple_of({Value(type_of(self)), call_args.value(), Value(e->dict)});
  return tuple_of({Value(type_of(self)), call_args.value()});
}

Ref<> os_error_get_written(Value self) {
  OSErrorObject* e = as_os_error(self);
  if (e->written == -1) return attribute_error("characters_written");
  return int_from_int64(e->written);
}

int os_error_set_written(Value self, Value value) {
  OSErrorObject* e = as_os_error(self);
  if (!value) {
    if (e->written == -1) return attribute_error("characters_written");
    e->written = -1;
    return 0;
  }
  Ref<> index = number_index(value);
  if (!index) return -1;
  int64_t n;
  if (!index_to_int64(index, &n, &exc::ValueError)) return -1;
  e->written = n;
  return 0;
}

}  // namespace

const MethodDef os_error_methods[] = {
    {.name = "__reduce__", .impl = os_error_reduce, .signature = "($self, /)"},
    {},
};

const GetSetDef os_error_getsets[] = {
    {"characters_written", os_error_get_written, os_error_set_written},
    {},
};

const MemberDef os_error_members[] = {
    {"errno", MemberKind::ObjectOrNone, offsetof(OSErrorObject, myerrno), false, "POSIX exception code"},
    {"strerror", MemberKind::ObjectOrNone, offsetof(OSErrorObject, strerror), false, "exception strerror"},
    {"filename", MemberKind::ObjectOrNone, offsetof(OSErrorObject, filename), false, "exception filename"},
    {"filename2", MemberKind::ObjectOrNone, offsetof(OSErrorObject, filename2), false,
     "second exception filename"},
    {},
};

}  // namespace krait
