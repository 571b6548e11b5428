// The error indicator: setting, fetching and formatting exceptions from C++.
#include "core/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/ops.h"
#include "objects/exceptions.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/thread_state.h"
#include "text/utf8.h"

namespace krait {

namespace detail {
void append_message_arg(std::string& out, std::string_view s) { out.append(s); }
void append_message_arg(std::string& out, const std::string& s) { out.append(s); }
void append_message_arg(std::string& out, const char* s) { out.append(s ? s : "(null)"); }
void append_message_arg(std::string& out, int64_t n) { out.append(std::to_string(n)); }
void append_message_arg(std::string& out, uint64_t n) { out.append(std::to_string(n)); }
void append_message_arg(std::string& out, char32_t code_point) { utf8::append(out, code_point); }

std::string_view append_until_placeholder(std::string& out, std::string_view fmt) {
  size_t at = fmt.find("{}");
  if (at == std::string_view::npos) {
    out.append(fmt);
    return {};
  }
  out.append(fmt.substr(0, at));
  return fmt.substr(at + 2);
}
}  // namespace detail

std::string repr_for_message(Value v) {
  Ref<StrObject> r = repr(v);
  if (!r) {
    clear_error();
    return "<object repr() failed>";
  }
  return std::string(str_utf8(r.get()));
}

std::string str_for_message(Value v) {
  Ref<StrObject> s = str(v);
  if (!s) {
    clear_error();
    return "<object str() failed>";
  }
  return std::string(str_utf8(s.get()));
}

std::string type_name(Value v) { return type_of(v)->name; }

std::string address_text(const void* p) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%p", p);
  return buffer;
}

// Makes `exception` the one being raised, chaining the exception being handled (if any)
// as its __context__ the way CPython's _PyErr_SetObject does: implicit chaining, with any
// cycle through the context chain cut.
void set_raised_exception(Ref<> exception) {
  ThreadState* thread = current_thread();
  Value handled;
  for (ExceptionStackItem* item = thread->exception_stack; item; item = item->previous) {
    if (item->exception && !is_none(item->exception)) {
      handled = item->exception;
      break;
    }
  }
  if (handled && handled != exception.value() && is_exception_instance(exception)) {
    // Cut the chain where it would loop back to the new exception (Floyd's check guards
    // against pre-existing cycles).
    Value slow = handled, fast = handled;
    bool advance_slow = false;
    for (Value o = handled;;) {
      Value context = exception_context(o);
      if (!context) break;
      if (context == exception.value()) {
        exception_set_context(o, Value());
        break;
      }
      o = context;
      fast = o;
      if (advance_slow) slow = exception_context(slow);
      advance_slow = !advance_slow;
      if (slow == fast) break;
    }
    exception_set_context(exception, handled);
  }
  thread->current_exception = std::move(exception);
}

Raised raise_exception(Value exception) {
  if (is_exception_class(exception)) {
    Ref<> instance = call0(exception);
    if (!instance) return Raised();
    if (!is_exception_instance(instance)) {
      return type_error(
          "calling {} should have returned an instance of BaseException, not {}",
          repr_for_message(exception), type_name(instance));
    }
    set_raised_exception(std::move(instance));
    return Raised();
  }
  set_raised_exception(new_ref(exception));
  return Raised();
}

Raised raise_message(TypeObject* type, std::string_view message) {
  Ref<StrObject> text = str_from_utf8(message);
  if (!text) return Raised();
  Ref<> instance = exception_new(type, text);
  if (instance) set_raised_exception(std::move(instance));
  return Raised();
}

Raised raise_with_args(TypeObject* type, const Value* args, size_t nargs) {
  Ref<> instance = call(Value(type), args, nargs);
  if (instance) set_raised_exception(std::move(instance));
  return Raised();
}

Raised raise_memory_error() {
  // No allocation may be possible here: MemoryError is raised from a preallocated instance
  // when making a new one fails too.
  static Object* spare = nullptr;
  ThreadState* thread = current_thread();
  Ref<> instance = call0(Value(&exc::MemoryError));
  if (instance) {
    thread->current_exception = std::move(instance);
  } else if (spare) {
    thread->current_exception = new_ref(Value(spare));
  }
  return Raised();
}

Raised raise_key_error(Value key) {
  Value args[1] = {key};
  return raise_with_args(&exc::KeyError, args, 1);
}

Raised raise_stop_iteration(Value value) {
  if (value.is_null() || is_none(value)) return raise_with_args(&exc::StopIteration, nullptr, 0);
  // A tuple value must not be unpacked into args: wrap it so StopIteration.value is it.
  Value args[1] = {value};
  return raise_with_args(&exc::StopIteration, args, 1);
}

Raised raise_os_error(int errno_value) {
  return raise_os_error_with_filename(errno_value, Value());
}

Raised raise_os_error_with_filename(int errno_value, Value filename, Value filename2) {
  Ref<> number = int_from_int64(errno_value);
  Ref<StrObject> message = str_from_utf8(std::strerror(errno_value));
  if (!number || !message) return Raised();
  Value args[5] = {number, message, filename, None(), filename2};
  size_t nargs = filename2 ? 5 : filename ? 3 : 2;
  // OSError.__new__ picks the subclass (FileNotFoundError, ...) from errno.
  return raise_with_args(&exc::OSError, args, nargs);
}

bool error_occurred() { return bool(current_thread()->current_exception); }

bool error_matches(TypeObject* type) {
  Value exception = current_thread()->current_exception.value();
  return exception && is_instance_of(exception, type);
}

Ref<> fetch_error() { return std::move(current_thread()->current_exception); }

void restore_error(Ref<> exception) { current_thread()->current_exception = std::move(exception); }

void clear_error() { current_thread()->current_exception.reset(); }

Raised chain_error(TypeObject& type, std::string_view message) {
  Ref<> cause = fetch_error();
  raise_message(&type, message);
  Value raised = current_thread()->current_exception.value();
  if (cause && raised) {
    exception_set_context(raised, cause);
    exception_set_cause(raised, cause);
  }
  return Raised();
}

}  // namespace krait
