// PyArg_ParseTuple-style argument checks and converters for _socket (legacy_args.h).
#include "modules/socket/legacy_args.h"

#include <climits>
#include <cstring>

#include "core/ops.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/unicode_codecs.h"

namespace krait::socket_args {

namespace {

const char* plural(size_t n) { return n == 1 ? "" : "s"; }

// The type as getargs.c names it in "must be X, not Y".
std::string given_type_name(Value v) { return is_none(v) ? "None" : type_name(v); }

// __index__ and then the value as an int64; false with OverflowError past a C long.
bool index_as_long(Value v, int64_t* out) {
  if (v.is_small_int()) {
    *out = v.as_small_int();
    return true;
  }
  Ref<> index = number_index(v);
  if (!index) return false;
  if (!int_to_int64(index, out)) return overflow_error("Python int too large to convert to C long");
  return true;
}

// The low 64 bits of an int through __index__ (two's complement for negatives).
bool index_low_bits(Value v, uint64_t* out) {
  if (v.is_small_int()) {
    *out = uint64_t(v.as_small_int());
    return true;
  }
  Ref<> index = number_index(v);
  if (!index) return false;
  int64_t small;
  if (int_to_int64(index, &small)) {
    *out = uint64_t(small);
    return true;
  }
  mpz_t z, low;
  mpz_init(z);
  mpz_init(low);
  int_to_mpz(index, z);
  mpz_fdiv_r_2exp(low, z, 64);
  uint64_t result = 0;
  mpz_export(&result, nullptr, -1, sizeof(result), 0, 0, low);
  mpz_clear(low);
  mpz_clear(z);
  *out = result;
  return true;
}

}  // namespace

bool no_keywords(const char* qualified_name, TupleObject* kwnames) {
  if (kwnames && kwnames->length > 0) return type_error("{}() takes no keyword arguments", qualified_name);
  return true;
}

bool check_count(const char* name, size_t nargs, size_t min, size_t max) {
  if (nargs >= min && nargs <= max) return true;
  size_t bound = nargs < min ? min : max;
  const char* how = min == max ? "exactly" : nargs < min ? "at least" : "at most";
  return type_error("{}() takes {} {} argument{} ({} given)", name, how, bound, plural(bound), nargs);
}

bool bind_keywords(const char* name, std::initializer_list<const char*> names, size_t required,
                   const Value* args, size_t nargs, TupleObject* kwnames, Value* out) {
  size_t count = names.size();
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;
  if (nargs + nkw > count) {
    return type_error("{}() takes at most {} argument{} ({} given)", name, count, plural(count),
                      nargs + nkw);
  }
  for (size_t i = 0; i < count; ++i) out[i] = i < nargs ? args[i] : Value();
  for (size_t k = 0; k < nkw; ++k) {
    StrObject* key = as_str(kwnames->items[k]);
    size_t found = count;
    size_t i = 0;
    for (const char* n : names) {
      if (str_equal_ascii(key, n)) {
        found = i;
        break;
      }
      ++i;
    }
    if (found == count) {
      return type_error("'{}' is an invalid keyword argument for {}()", str_utf8(key), name);
    }
    if (out[found]) {
      return type_error("argument for {}() given by name ('{}') and position ({})", name,
                        str_utf8(key), found + 1);
    }
    out[found] = args[nargs + k];
  }
  size_t i = 0;
  for (const char* n : names) {
    if (i < required && !out[i]) {
      return type_error("{}() missing required argument '{}' (pos {})", name, n, i + 1);
    }
    ++i;
  }
  return true;
}

bool int_arg(Value v, int* out) {
  int64_t value;
  if (!index_as_long(v, &value)) return false;
  if (value > INT_MAX) return overflow_error("signed integer is greater than maximum");
  if (value < INT_MIN) return overflow_error("signed integer is less than minimum");
  *out = int(value);
  return true;
}

bool ssize_arg(Value v, int64_t* out) { return index_to_int64(v, out); }

bool uint_mask_arg(Value v, unsigned* out) {
  uint64_t bits;
  if (!index_low_bits(v, &bits)) return false;
  *out = unsigned(bits);
  return true;
}

bool ushort_mask_arg(Value v, unsigned short* out) {
  uint64_t bits;
  if (!index_low_bits(v, &bits)) return false;
  *out = static_cast<unsigned short>(bits);
  return true;
}

bool str_arg(Value v, const char* name, int position, std::string* out) {
  if (!is_str(v)) {
    return type_error("{}() argument {} must be str, not {}", name, position, given_type_name(v));
  }
  if (str_max_char(as_str(v)) >= 0xD800) {
    // Lone surrogates cannot be UTF-8: the strict encoder raises UnicodeEncodeError.
    Ref<BytesObject> encoded = encode_utf8(as_str(v), Value());
    if (!encoded) return false;
  }
  std::string_view text = str_utf8(v);
  if (text.find('\0') != std::string_view::npos) return value_error("embedded null character");
  out->assign(text);
  return true;
}

bool writable_buffer_arg(Value v, const char* name, int position, Buffer* view,
                         const char* message) {
  GetBufferFn get = type_of(v)->get_buffer;
  if (get) {
    *view = Buffer();
    if (get(v, view, kBufferWritable) == 0) {
      if (!view->readonly) return true;
      buffer_release(view);
    } else {
      clear_error();
    }
  }
  if (message) return type_error("{}", message);
  return type_error("{}() argument {} must be read-write bytes-like object, not {}", name, position,
                    given_type_name(v));
}

}  // namespace krait::socket_args
