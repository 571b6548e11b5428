// The built-in exceptions: instance layouts and helpers. Fields that may hold any Python
// object are Values (an int is a tagged Value, not an Object*). The types themselves are
// declared from core/exceptions.def (namespace exc, see core/error.h) and defined in
// objects/exceptions.cpp (OSError in os_error.cpp, the groups in exception_group.cpp);
// the traceback type is in objects/traceback.cpp, printing in runtime/errors.cpp.
#pragma once

#include "core/error.h"

namespace krait {

extern TypeObject traceback_type;

// As in CPython 3.11, built-in exceptions are not weakly referenceable (subclasses are, through
// the pre-header) and __notes__ lives in the instance __dict__.
struct BaseExceptionObject : Object {
  Object* dict;          // made on demand
  Object* args;          // tuple; null only before __new__ finished
  Object* traceback;     // traceback, None (set explicitly) or null
  Object* context;       // or null
  Object* cause;         // or null
  bool suppress_context;
};

struct BaseExceptionGroupObject : BaseExceptionObject {
  Value msg;
  Value excs;            // tuple of exceptions, never empty
};
struct StopIterationObject : BaseExceptionObject {
  Value value;
};
struct SystemExitObject : BaseExceptionObject {
  Value code;
};
struct ImportErrorObject : BaseExceptionObject {
  Value msg;
  Value name;
  Value path;
};
struct NameErrorObject : BaseExceptionObject {
  Value name;            // null: unset (None to Python)
};
struct AttributeErrorObject : BaseExceptionObject {
  Value name;            // null: unset (None to Python)
  Value obj;
};
struct OSErrorObject : BaseExceptionObject {
  Value myerrno;
  Value strerror;
  Value filename;
  Value filename2;
  int64_t written;       // BlockingIOError.characters_written; -1 when unset
};
struct SyntaxErrorObject : BaseExceptionObject {
  Value msg;
  Value filename;
  Value lineno;
  Value offset;
  Value text;
  Value end_lineno;
  Value end_offset;
  Value print_file_and_line;
};
struct UnicodeErrorObject : BaseExceptionObject {
  Value encoding;
  Value object;
  int64_t start;
  int64_t end;
  Value reason;
};

// traceback: one link of __traceback__, from the outermost frame to the raising one.
struct TracebackObject : Object {
  Object* next;    // traceback or null
  Object* frame;   // FrameObject
  int32_t lasti;   // tb_lasti as CPython reports it: a byte offset, 2 * the code-unit index
  int32_t lineno;  // kLinenoFromLasti until first read: raising only records lasti
};

constexpr int32_t kLinenoFromLasti = INT32_MIN;
// tb_lineno, computed from tb_lasti on first use (a raise through a long function would
// otherwise decode its position table at every frame).
int32_t traceback_lineno(TracebackObject* tb);

inline bool is_exception_instance(Value v) {
  return v.is_object() && type_has_flag(v, kTypeBaseExceptionSubclass);
}
inline bool is_exception_class(Value v) {
  return v.is_object() && type_has_flag(v, kTypeTypeSubclass) &&
         static_cast<TypeObject*>(v.as_object())->has_flag(kTypeBaseExceptionSubclass);
}
inline BaseExceptionObject* as_exception(Value v) {
  return static_cast<BaseExceptionObject*>(v.as_object());
}
inline bool is_exception_group(Value v) {
  return v.is_object() && is_instance_of(v, &exc::BaseExceptionGroup);
}
inline bool is_traceback(Value v) { return v.is_object() && v.as_object()->type == &traceback_type; }
inline TracebackObject* as_traceback(Value v) { return static_cast<TracebackObject*>(v.as_object()); }

// Instantiates an exception type with a single message argument.
Ref<> exception_new(TypeObject* type, Value message);
Value exception_args(Value exc);       // borrowed tuple
Value exception_traceback(Value exc);  // borrowed, null if none (or None)
void exception_set_traceback(Value exc, Value traceback);  // null or None clears
void exception_set_context(Value exc, Value context);  // steals nothing; increfs; null clears
// Sets __cause__ (null clears) and, as `raise ... from ...` does, __suppress_context__.
void exception_set_cause(Value exc, Value cause);
Value exception_context(Value exc);    // borrowed, null if none
Value exception_cause(Value exc);      // borrowed, null if none
// Adds a traceback entry for `frame` at instruction `lasti` (code-unit index) to
// exc.__traceback__, in front of the entries already there.
bool traceback_add(Value exc, Object* frame_object, int32_t lasti);
// A new traceback object (tb_next may be null); lasti is a code-unit index.
Ref<TracebackObject> traceback_new(Object* next, Object* frame_object, int32_t lasti, int32_t lineno);

// --- Exception groups (objects/exception_group.cpp) ---
// BaseExceptionGroup(message, excs): an ExceptionGroup when every member is an Exception.
Ref<> exception_group_new(std::string_view message, Value excs);
// `except* T`: the part of `group` matching T (type or tuple of types) and the rest, as
// BaseExceptionGroup.split(T) makes them (None for an empty part).
bool exception_group_split(Value group, Value match_type, Ref<>* match, Ref<>* rest);
// After the except* clauses ran: what to raise from the original group and the list of
// exceptions the clauses raised or re-raised (None for clauses that finished normally).
// None when nothing is left to raise.
Ref<> exception_group_prep_reraise(Value original, Value raised_list);

}  // namespace krait
