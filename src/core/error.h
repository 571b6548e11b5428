// Raising and inspecting Python exceptions from C++ (DESIGN.md §4, "error-indicator
// convention"): a failing native function sets the current thread's exception and returns
// an error marker (null Ref, false, -1). `return type_error("...")` does both: Raised
// converts to whichever error marker the function returns. C++ exceptions are never used
// for Python exceptions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/type.h"

namespace krait {

// The built-in exception types, one TypeObject each, named as in Python: exc::TypeError.
namespace exc {
#define KRAIT_EXCEPTION(name, base, layout, doc) extern TypeObject name;
#include "core/exceptions.def"
#undef KRAIT_EXCEPTION
}  // namespace exc

// The value of a `return raise...(...)`: converts to every error marker.
struct Raised {
  template <class T>
  operator Ref<T>() const { return nullptr; }  // NOLINT
  operator Value() const { return Value(); }   // NOLINT
  operator bool() const { return false; }      // NOLINT
  operator int() const { return -1; }          // NOLINT
  operator int64_t() const { return -1; }      // NOLINT
};

// --- Message formatting: "{}" placeholders, filled from strings and integers. Use
// repr_for_message()/str_for_message()/type_name() to put Python objects in a message. ---
namespace detail {
void append_message_arg(std::string& out, std::string_view s);
void append_message_arg(std::string& out, const std::string& s);
void append_message_arg(std::string& out, const char* s);
void append_message_arg(std::string& out, int64_t n);
void append_message_arg(std::string& out, uint64_t n);
inline void append_message_arg(std::string& out, int n) { append_message_arg(out, int64_t{n}); }
inline void append_message_arg(std::string& out, long long n) { append_message_arg(out, int64_t(n)); }
inline void append_message_arg(std::string& out, unsigned n) { append_message_arg(out, uint64_t{n}); }
inline void append_message_arg(std::string& out, unsigned long long n) {
  append_message_arg(out, uint64_t(n));
}
void append_message_arg(std::string& out, char32_t code_point);  // as UTF-8
// Appends fmt up to the next "{}" and returns the rest.
std::string_view append_until_placeholder(std::string& out, std::string_view fmt);
}  // namespace detail

template <class... Args>
std::string format_message(std::string_view fmt, const Args&... args) {
  std::string out;
  ((fmt = detail::append_until_placeholder(out, fmt), detail::append_message_arg(out, args)), ...);
  out.append(fmt);
  return out;
}

std::string repr_for_message(Value v);  // repr(v), or a placeholder if repr itself fails
std::string str_for_message(Value v);
std::string type_name(Value v);  // tp_name: "deque" in a message is "collections.deque", as CPython words it
std::string address_text(const void* p); // "0x7f..." as in default reprs

// --- Raising ---
Raised raise_message(TypeObject* type, std::string_view message);
Raised raise_exception(Value exception);  // an instance, or a class to instantiate
Raised raise_with_args(TypeObject* type, const Value* args, size_t nargs);
Raised raise_os_error(int errno_value);   // OSError subclass chosen from errno
Raised raise_os_error_with_filename(int errno_value, Value filename, Value filename2 = Value());
Raised raise_memory_error();
Raised raise_key_error(Value key);
Raised raise_stop_iteration(Value value);

template <class... Args>
Raised raise(TypeObject& type, std::string_view fmt, const Args&... args) {
  if constexpr (sizeof...(Args) == 0) return raise_message(&type, fmt);
  else return raise_message(&type, format_message(fmt, args...));
}
template <class... Args>
Raised type_error(std::string_view fmt, const Args&... args) {
  return raise(exc::TypeError, fmt, args...);
}
template <class... Args>
Raised value_error(std::string_view fmt, const Args&... args) {
  return raise(exc::ValueError, fmt, args...);
}
template <class... Args>
Raised index_error(std::string_view fmt, const Args&... args) {
  return raise(exc::IndexError, fmt, args...);
}
template <class... Args>
Raised overflow_error(std::string_view fmt, const Args&... args) {
  return raise(exc::OverflowError, fmt, args...);
}
template <class... Args>
Raised attribute_error(std::string_view fmt, const Args&... args) {
  return raise(exc::AttributeError, fmt, args...);
}
template <class... Args>
Raised runtime_error(std::string_view fmt, const Args&... args) {
  return raise(exc::RuntimeError, fmt, args...);
}
template <class... Args>
Raised zero_division_error(std::string_view fmt, const Args&... args) {
  return raise(exc::ZeroDivisionError, fmt, args...);
}
template <class... Args>
Raised system_error(std::string_view fmt, const Args&... args) {
  return raise(exc::SystemError, fmt, args...);
}

// --- Inspecting the current exception ---
bool error_occurred();
bool error_matches(TypeObject* type);  // is the current exception an instance of type?
Ref<> fetch_error();                   // takes the current exception (null if none)
// Raises `exception` (an instance), chaining the handled exception as its __context__.
void set_raised_exception(Ref<> exception);
void restore_error(Ref<> exception);   // sets it back (null clears)
void clear_error();
// Replaces the current exception with a new one of `type`, chaining the old as __context__.
Raised chain_error(TypeObject& type, std::string_view message);

// A Python-visible warning (warnings.warn semantics); returns -1 if the warning was turned
// into an exception.
int warn(TypeObject& category, std::string_view message, int stack_level = 1);

}  // namespace krait
