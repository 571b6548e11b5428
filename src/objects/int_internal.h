// Internals shared by the numeric types' files (int.cpp, int_methods.cpp, bool.cpp,
// float.cpp, complex.cpp): GMP helpers that view any int Value as an mpz without
// allocating, and the slot functions one numeric type borrows from another.
#pragma once

#include <gmp.h>

#include <string>
#include <string_view>

#include "core/error.h"
#include "objects/int.h"
#include "text/format_spec.h"

namespace krait {

// An mpz_t that clears itself.
struct Mpz {
  mpz_t z;
  Mpz() { mpz_init(z); }
  ~Mpz() { mpz_clear(z); }
  Mpz(const Mpz&) = delete;
  Mpz& operator=(const Mpz&) = delete;
  operator mpz_ptr() { return z; }  // NOLINT: passes straight to GMP
  operator mpz_srcptr() const { return z; }  // NOLINT
  __mpz_struct* operator->() { return z; }    // for GMP's macros (mpz_sgn, mpz_odd_p)
  const __mpz_struct* operator->() const { return z; }
};

// A read-only mpz view of an int Value (small, IntObject, bool or subclass). A small int
// is viewed through one limb on the stack, so reading never allocates. Not copyable: GMP
// points into the object.
class IntView {
 public:
  explicit IntView(Value v) {
    if (v.is_small_int()) {
      int64_t i = v.as_small_int();
      limb_ = i < 0 ? mp_limb_t(0) - mp_limb_t(i) : mp_limb_t(i);
      // What mpz_roinit_n does, without the call.
      local_->_mp_alloc = 0;
      local_->_mp_size = i < 0 ? -1 : i > 0 ? 1 : 0;
      local_->_mp_d = &limb_;
      pointer_ = local_;
    } else {
      pointer_ = as_int(v)->value;
    }
  }
  IntView(const IntView&) = delete;
  IntView& operator=(const IntView&) = delete;
  mpz_srcptr get() const { return pointer_; }
  operator mpz_srcptr() const { return pointer_; }  // NOLINT
  const __mpz_struct* operator->() const { return pointer_; }  // for GMP's macros

 private:
  mp_limb_t limb_ = 0;
  mpz_t local_;
  mpz_srcptr pointer_;
};

// |z| as a read-only view sharing z's limbs.
inline void mpz_abs_view(mpz_t out, mpz_srcptr z) {
  out->_mp_alloc = 0;
  out->_mp_size = z->_mp_size < 0 ? -z->_mp_size : z->_mp_size;
  out->_mp_d = z->_mp_d;
}

// The largest int krait builds, in bits. Bigger results raise MemoryError instead of
// letting GMP abort the process (its sizes are C ints of limbs).
constexpr uint64_t kMaxIntBits = uint64_t{1} << 35;
bool check_int_bits(uint64_t bits);  // false with MemoryError set when bits is too many

// A new IntObject of `type` (a subclass of int) holding 0, its limbs managed by GMP.
IntObject* int_allocate(TypeObject* type);
// Scratch integers for results on their way into an IntObject: GMP writes into them
// without allocating once they have grown, and int_from_scratch copies the value out.
// Not re-entrant: use them only where no Python code can run in between (the GIL
// serialises threads).
mpz_ptr int_scratch(int index);  // index 0 or 1
Ref<> int_from_scratch(mpz_ptr scratch);
// int(v) for an int Value: small ints and exact ints as they are, bool and subclass
// instances as a canonical exact int.
Ref<> int_exact(Value v);
// An instance of `type` (int or a subclass) with the value of the int `v`.
Ref<> int_subtype_from(TypeObject* type, Value v);
// Correctly rounded (half to even) conversion; *overflow when |z| rounds to 2**1024 or more.
double mpz_to_double(mpz_srcptr z, bool* overflow);

// Slot functions shared between the numeric types.
Ref<> int_repr_slot(Value v);
Ref<> int_bit_and(Value a, Value b);
Ref<> int_bit_or(Value a, Value b);
Ref<> int_bit_xor(Value a, Value b);
Ref<> float_power(Value base, Value exponent, Value modulus);
Ref<> complex_power(Value base, Value exponent, Value modulus);
// Rich comparison of a double with an int, exact however large the int is.
bool float_compare_int(double d, Value i, CompareOp op);

// Raises the exception a text routine reported (ValueError, OverflowError, MemoryError).
Raised raise_text_status(text::TextStatus status, const std::string& message);
// repr(v) cut to `limit` code points, as CPython's "%.200R" does in messages.
std::string repr_truncated(Value v, int64_t limit);
// The contents of a str as the ASCII number parsers read them (text/number_ascii.h).
std::string str_number_ascii(Value s);

}  // namespace krait
