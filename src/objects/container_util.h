// Small helpers the container types share: the recursion guard of container reprs
// (CPython's Py_ReprEnter/Py_ReprLeave), the lookup of a builtin by name for __reduce__
// results (`iter`, `reversed`), and the "has __index__" test of sequence subscripts.
#pragma once

#include <cstring>
#include <string_view>

#include "core/alloc.h"
#include "core/type.h"

namespace krait {

// Marks an object's repr as in progress on this thread for the guard's lifetime. A repr
// that reaches the same object again sees recursive() and prints "[...]", "{...}", ...
class ReprGuard {
 public:
  explicit ReprGuard(Object* object);
  ~ReprGuard();
  ReprGuard(const ReprGuard&) = delete;
  ReprGuard& operator=(const ReprGuard&) = delete;
  bool recursive() const { return recursive_; }

 private:
  Object* object_;
  bool recursive_;
};

// Freed objects of one exact built-in GC type (list, dict), kept for the next allocation
// as CPython's freelists are. Kept objects are untracked and own no references; reuse
// skips the allocator and its GC accounting, which their release skipped too.
template <class T, int Capacity>
class ObjectFreelist {
 public:
  bool push(T* object) {
    if (count_ == Capacity) return false;
    objects_[count_++] = object;
    return true;
  }
  // A kept object, zeroed past its header with refcount 1, or null.
  T* pop() {
    if (count_ == 0) return nullptr;
    T* object = objects_[--count_];
    *gc_header_of(object) = GCHeader{nullptr, 0};
    std::memset(reinterpret_cast<char*>(object) + sizeof(Object), 0, sizeof(T) - sizeof(Object));
    object->refcount = 1;
    return object;
  }

 private:
  T* objects_[Capacity];
  int count_ = 0;
};

// builtins.<name> (a new reference), e.g. builtin_named("iter") for iterator __reduce__.
Ref<> builtin_named(std::string_view name);

// Can v be used as a sequence index (an int, or has __index__)? CPython's _PyIndex_Check.
inline bool has_index(Value v) {
  return v.is_small_int() || type_has_flag(v, kTypeIntSubclass) || type_of(v)->to_index;
}

// `a op b` for two lengths: how sequences compare once all shared items are equal.
inline bool compare_lengths(int64_t a, int64_t b, CompareOp op) {
  switch (op) {
    case CompareOp::Lt:
      return a < b;
    case CompareOp::Le:
      return a <= b;
    case CompareOp::Eq:
      return a == b;
    case CompareOp::Ne:
      return a != b;
    case CompareOp::Gt:
      return a > b;
    case CompareOp::Ge:
      return a >= b;
  }
  return false;
}

// The iter slot of iterators: iter(it) is it.
inline Ref<> iter_self(Value self) {
  incref(self);
  return Ref<>::steal(self);
}

}  // namespace krait
