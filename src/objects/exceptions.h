// The built-in exceptions: instance layouts and helpers. Fields that may hold any Python
// object are Values (an int is a tagged Value, not an Object*). The types themselves are
// declared from core/exceptions.def (namespace exc, see core/error.h).
#pragma once

#include "core/error.h"

namespace krait {

extern TypeObject traceback_type;

struct BaseExceptionObject : Object {
  Object* dict;
  Object* args;          // tuple
  Object* notes;         // list or null (__notes__)
  Object* traceback;     // traceback or null
  Object* context;       // or null
  Object* cause;         // or null
  bool suppress_context;
  Object* weakreflist;
};

struct BaseExceptionGroupObject : BaseExceptionObject {
  Value msg;
  Object* excs;          // tuple
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
  Value name;
};
struct AttributeErrorObject : BaseExceptionObject {
  Value name;
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

// traceback: one link of __traceback__, from the raising frame outwards.
struct TracebackObject : Object {
  Object* next;    // traceback or null
  Object* frame;   // FrameObject
  int32_t lasti;   // code-unit index of the instruction
  int32_t lineno;  // -1: computed from lasti on demand
};

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

// Instantiates an exception type with a single message argument.
Ref<> exception_new(TypeObject* type, Value message);
Value exception_traceback(Value exc);  // borrowed, null if none
void exception_set_traceback(Value exc, Value traceback);
void exception_set_context(Value exc, Value context);  // steals nothing; increfs
void exception_set_cause(Value exc, Value cause);
Value exception_context(Value exc);
// Adds a traceback entry for `frame` at instruction `lasti` to exc.__traceback__.
bool traceback_add(Value exc, Object* frame_object, int32_t lasti);

}  // namespace krait
