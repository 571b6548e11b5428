// The object header every Python object starts with, reference counting, and Ref<T>, the
// one owning handle (DESIGN.md §4). Types (TypeObject and its slots) are in type.h;
// allocation and the GC header in alloc.h / runtime/gc.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

#include "core/value.h"

namespace krait {

struct TypeObject;
extern TypeObject int_type;

// Every object begins with this header. The refcount is not atomic: all refcount traffic
// happens under the GIL.
struct Object {
  intptr_t refcount;
  TypeObject* type;
};

// Statically allocated objects (None, True, built-in types, ...) start with a huge count so
// they are never deallocated, whatever the balance of increfs and decrefs.
constexpr intptr_t kStaticRefcount = intptr_t{1} << 60;

// Runs the type's dealloc slot; defined in core/object.cpp.
void dealloc_object(Object* object);

// Debug builds abort when a reference is dropped from an object whose count is not
// positive (it would go negative, or the object is already freed). Every decrement of a
// refcount goes through this check; release builds compile it away.
#ifdef KRAIT_DEBUG
void debug_check_refcount(Object* o);
#endif
inline void debug_check_decref([[maybe_unused]] Object* o) {
#ifdef KRAIT_DEBUG
  debug_check_refcount(o);
#endif
}

inline void incref(Object* o) { ++o->refcount; }
inline void decref(Object* o) {
  debug_check_decref(o);
  if (--o->refcount == 0) dealloc_object(o);
}
inline void incref(Value v) {
  if (v.is_object()) ++v.as_object()->refcount;
}
inline void decref(Value v) {
  if (v.is_object()) decref(v.as_object());
}

inline TypeObject* type_of(Value v) {
  return v.is_small_int() ? &int_type : v.as_object()->type;
}

// Ref<T> owns one reference to a Value whose object is a T (T = Object: any value,
// including tagged small ints). Move-only; copying is an explicit new_ref(). A null Ref
// returned from a function means "error: an exception is set on the current thread".
template <class T = Object>
class [[nodiscard]] Ref {
 public:
  Ref() = default;
  Ref(std::nullptr_t) {}  // NOLINT: allows `return nullptr;`
  Ref(Ref&& other) noexcept : value_(other.value_) { other.value_ = Value(); }
  template <class U>
  Ref(Ref<U>&& other) noexcept : value_(other.release()) {  // NOLINT: upcast, e.g. Ref<StrObject> -> Ref<>
    static_assert(std::is_base_of_v<T, U>, "Ref upcast only");
  }
  Ref& operator=(Ref&& other) noexcept {
    Value old = value_;
    value_ = other.value_;
    other.value_ = Value();
    decref(old);
    return *this;
  }
  template <class U>
  Ref& operator=(Ref<U>&& other) noexcept {
    static_assert(std::is_base_of_v<T, U>, "Ref upcast only");
    return *this = Ref(std::move(other));
  }
  Ref(const Ref&) = delete;
  Ref& operator=(const Ref&) = delete;
  ~Ref() { decref(value_); }

  // Takes over a reference the caller already owns (no incref).
  static Ref steal(Value v) { Ref r; r.value_ = v; return r; }

  Value value() const { return value_; }
  T* get() const { return static_cast<T*>(value_.as_object()); }
  T* operator->() const { return get(); }
  explicit operator bool() const { return !value_.is_null(); }
  bool is_null() const { return value_.is_null(); }
  // Borrowing conversion; forbidden on temporaries, whose reference would die at once.
  operator Value() const& { return value_; }  // NOLINT
  operator Value() const&& = delete;

  // Gives up ownership without decref; the caller now owns the reference.
  Value release() { Value v = value_; value_ = Value(); return v; }
  T* release_object() { return static_cast<T*>(release().as_object()); }
  void reset() { decref(release()); }

  // Downcast after the caller checked the type.
  template <class U>
  Ref<U> cast() && { return Ref<U>::steal(release()); }

 private:
  Value value_;
};

// A new owning reference to a borrowed value (CPython's Py_NewRef).
template <class T>
inline Ref<T> new_ref(T* object) {
  incref(object);
  return Ref<T>::steal(Value(object));
}
inline Ref<> new_ref(Value v) {
  incref(v);
  return Ref<>::steal(v);
}

}  // namespace krait
