// Value: the 64-bit word the VM and every container pass around (DESIGN.md §4).
// A Value is either a pointer to an Object (low bit 0) or a tagged small int (low bit 1,
// 63-bit two's complement payload). The all-zero Value is "no value": the error marker of
// native functions and an unbound local. Ownership lives elsewhere (see Ref in object.h).
#pragma once

#include <cstdint>

namespace krait {

struct Object;

class Value {
 public:
  // Small ints hold 63 bits: [-2**62, 2**62 - 1]; larger results promote to IntObject.
  static constexpr int64_t kSmallIntMax = (int64_t{1} << 62) - 1;
  static constexpr int64_t kSmallIntMin = -(int64_t{1} << 62);

  constexpr Value() = default;
  Value(Object* object) : bits_(reinterpret_cast<uintptr_t>(object)) {}  // NOLINT: implicit by design

  // `i` must fit (fits_small_int); a debug build aborts where it does not, since the tag
  // shift would silently wrap it. Values of unknown range go through int_from_int64.
  static constexpr Value small_int(int64_t i) {
#ifdef KRAIT_DEBUG
    if (!fits_small_int(i)) small_int_out_of_range(i);
#endif
    return Value(uint64_t(i) << 1 | 1, 0);
  }
  static constexpr bool fits_small_int(int64_t i) { return i >= kSmallIntMin && i <= kSmallIntMax; }
  static constexpr Value from_bits(uintptr_t bits) { return Value(bits, 0); }

  constexpr bool is_null() const { return bits_ == 0; }
  constexpr bool is_small_int() const { return bits_ & 1; }
  // One test instead of two branches: the data-dependent int/object split mispredicts.
  constexpr bool is_object() const { return ((bits_ & 1) | uintptr_t(bits_ == 0)) == 0; }
  constexpr explicit operator bool() const { return bits_ != 0; }

  constexpr int64_t as_small_int() const { return int64_t(bits_) >> 1; }
  Object* as_object() const { return reinterpret_cast<Object*>(bits_); }
  constexpr uintptr_t bits() const { return bits_; }

  constexpr bool operator==(const Value& other) const = default;

 private:
  constexpr Value(uintptr_t bits, int) : bits_(bits) {}
#ifdef KRAIT_DEBUG
  [[noreturn]] static void small_int_out_of_range(int64_t i);  // core/object.cpp
#endif
  uintptr_t bits_ = 0;
};

static_assert(sizeof(Value) == 8, "Value must be one machine word");

}  // namespace krait
