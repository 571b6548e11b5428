// _struct: conversion between Python values and C structs packed in bytes — the Struct type
// (a parsed format), the module functions over a cache of Structs, struct.error and the
// iter_unpack iterator. Sizes, alignment and error messages are CPython 3.11's on a 64-bit
// little-endian host, including its quirk of packing standard-size codes whose size
// matches the native one with the native routines (so '<h' reports "short format requires
// -32768 <= number <= 32767" while '>h' reports "'h' format requires ...").
#include <bit>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#include "core/alloc.h"
#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/module_exceptions.h"
#include "objects/bytes.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "objects/unicode_codecs.h"
#include "runtime/gc.h"

namespace krait {

namespace {

static_assert(std::endian::native == std::endian::little, "_struct assumes a little-endian host");

Object* struct_error = nullptr;  // struct.error (owned, made once)

template <class... Args>
Raised struct_raise(std::string_view fmt, const Args&... args) {
  if constexpr (sizeof...(Args) == 0) {
    return raise_message(static_cast<TypeObject*>(struct_error), fmt);
  } else {
    return raise_message(static_cast<TypeObject*>(struct_error), format_message(fmt, args...));
  }
}

// --- Format codes ---

enum class Table : uint8_t { kNative, kLittle, kBig };

// How an integer code checks its argument. Each mirrors one of CPython's pack routines,
// whose messages differ.
enum class IntRule : uint8_t {
  kNone,           // not an integer code
  kNamed,          // native b B h H: "byte format requires -128 <= number <= 127"
  kRange,          // C long, then "'i' format requires -2147483648 <= number <= 2147483647"
  kRangeUnsigned,  // C unsigned long (negative: out of range), then "'I' format requires 0 <= ..."
  kLong,           // 8 bytes signed: "argument out of range"
  kUnsignedLong,   // 8 bytes unsigned: "argument out of range"
  kByteArray,      // big-endian 8 bytes: "int too large to convert"
  kPointer,        // P: any value from -2**63 to 2**64 - 1
};

struct FormatInfo {
  int size = 0;
  int align = 0;  // native table only
  IntRule rule = IntRule::kNone;
  bool is_signed = false;
  const char* name = nullptr;  // kNamed: "byte", "ubyte", "short", "ushort"
};

// The entry of format character c in a table; false for "bad char in struct format".
bool lookup_format(char c, Table table, FormatInfo* out) {
  bool native = table == Table::kNative;
  bool big = table == Table::kBig;
  switch (c) {
    case 'x': case 'c': case '?': case 's': case 'p':
      *out = {1, 1};
      return true;
    case 'b': *out = {1, 1, IntRule::kNamed, true, "byte"}; return true;
    case 'B': *out = {1, 1, IntRule::kNamed, false, "ubyte"}; return true;
    case 'h':
      *out = big ? FormatInfo{2, 2, IntRule::kRange, true} : FormatInfo{2, 2, IntRule::kNamed, true, "short"};
      return true;
    case 'H':
      *out = big ? FormatInfo{2, 2, IntRule::kRangeUnsigned, false}
                 : FormatInfo{2, 2, IntRule::kNamed, false, "ushort"};
      return true;
    case 'i': *out = {4, 4, IntRule::kRange, true}; return true;
    case 'I': *out = {4, 4, IntRule::kRangeUnsigned, false}; return true;
    case 'l':
      *out = native ? FormatInfo{8, 8, IntRule::kLong, true} : FormatInfo{4, 4, IntRule::kRange, true};
      return true;
    case 'L':
      *out = native ? FormatInfo{8, 8, IntRule::kUnsignedLong, false}
                    : FormatInfo{4, 4, IntRule::kRangeUnsigned, false};
      return true;
    case 'q': *out = {8, 8, big ? IntRule::kByteArray : IntRule::kLong, true}; return true;
    case 'Q': *out = {8, 8, big ? IntRule::kByteArray : IntRule::kUnsignedLong, false}; return true;
    case 'n':
      if (!native) return false;
      *out = {8, 8, IntRule::kLong, true};
      return true;
    case 'N':
      if (!native) return false;
      *out = {8, 8, IntRule::kUnsignedLong, false};
      return true;
    case 'P':
      if (!native) return false;
      *out = {8, 8, IntRule::kPointer, false};
      return true;
    case 'e': *out = {2, 2}; return true;
    case 'f': *out = {4, 4}; return true;
    case 'd': *out = {8, 8}; return true;
    default: return false;
  }
}

// One packed item: a value for each code (s and p take one value for all their bytes).
struct StructCode {
  char format;
  FormatInfo info;
  int64_t offset;
  int64_t size;    // bytes taken by one item: the count for s and p, the item size otherwise
  int64_t repeat;  // consecutive items of this code (1 for s and p), as CPython's formatcode
};

struct ParsedFormat {
  Table table = Table::kNative;
  int64_t size = 0;
  std::vector<StructCode> codes;
  int64_t items = 0;   // values packed/unpacked: the sum of the repeats
  int64_t groups = 0;  // format characters with a nonzero count, x aside (for __sizeof__)
};

bool is_format_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Parses a format (ASCII, no NUL) into codes and the total size.
bool parse_format(std::string_view format, ParsedFormat* out) {
  size_t i = 0;
  Table table = Table::kNative;
  if (!format.empty()) {
    switch (format[0]) {
      case '@': table = Table::kNative; ++i; break;
      case '<': case '=': table = Table::kLittle; ++i; break;
      case '>': case '!': table = Table::kBig; ++i; break;
      default: break;
    }
  }
  out->table = table;
  int64_t size = 0;
  while (i < format.size()) {
    char c = format[i++];
    if (is_format_space(c)) continue;
    int64_t count = 1;
    if (c >= '0' && c <= '9') {
      count = c - '0';
      while (i < format.size() && format[i] >= '0' && format[i] <= '9') {
          int digit = format[i++] - '0';
        if (count > (INT64_MAX - digit) / 10) return struct_raise("total struct size too long");
        count = count * 10 + digit;
      }
      if (i == format.size()) return struct_raise("repeat count given without format specifier");
      c = format[i++];
    }
    FormatInfo info;
    if (!lookup_format(c, table, &info)) return struct_raise("bad char in struct format");
    if (table == Table::kNative && info.align > 1 && size > 0) {
      int64_t extra = (info.align - 1) - (size - 1) % info.align;
      if (extra > INT64_MAX - size) return struct_raise("total struct size too long");
      size += extra;
    }
    if (count > (INT64_MAX - size) / info.size) return struct_raise("total struct size too long");
    if (c == 's' || c == 'p' || (c != 'x' && count > 0)) ++out->groups;
    if (c == 's' || c == 'p') {
      out->codes.push_back({c, info, size, count, 1});
      ++out->items;
    } else if (c != 'x' && count > 0) {
      out->codes.push_back({c, info, size, info.size, count});
      out->items += count;
    }
    size += count * info.size;
  }
  out->size = size;
  return true;
}

// --- Packing ---

// Byte order: write `n` bytes of value into p.
void store_uint(uint8_t* p, uint64_t value, int n, bool big) {
  for (int k = 0; k < n; ++k) {
    uint8_t byte = uint8_t(value >> (8 * k));
    p[big ? n - 1 - k : k] = byte;
  }
}

uint64_t load_uint(const uint8_t* p, int n, bool big) {
  uint64_t value = 0;
  for (int k = 0; k < n; ++k) value |= uint64_t(p[big ? n - 1 - k : k]) << (8 * k);
  return value;
}

// v (an int) as uint64; false if negative or 2**64 or more.
bool int_to_uint64(Value v, uint64_t* out) {
  int64_t i;
  if (int_to_int64(v, &i)) {
    if (i < 0) return false;
    *out = uint64_t(i);
    return true;
  }
  if (int_sign(v) < 0) return false;
  mpz_t z;
  mpz_init(z);
  int_to_mpz(v, z);
  bool fits = mpz_sizeinbase(z, 2) <= 64;
  if (fits) *out = mpz_get_ui(z);
  mpz_clear(z);
  return fits;
}

// The argument as an int: ints as they are, __index__ objects converted, anything else
// "required argument is not an integer".
Ref<> integer_argument(Value v) {
  if (is_int(v)) return new_ref(v);
  if (type_of(v)->to_index) return number_index(v);
  return struct_raise("required argument is not an integer");
}

bool pack_integer(const StructCode& code, Value v, uint8_t* p, bool big) {
  Ref<> n = integer_argument(v);
  if (!n) return false;
  const FormatInfo& info = code.info;
  int bits = info.size * 8;
  switch (info.rule) {
    case IntRule::kNamed:
    case IntRule::kRange: {
      int64_t x;
      if (!int_to_int64(n, &x)) return struct_raise("argument out of range");
      int64_t max = info.is_signed ? (int64_t{1} << (bits - 1)) - 1 : (int64_t{1} << bits) - 1;
      int64_t min = info.is_signed ? -max - 1 : 0;
      if (x < min || x > max) {
        if (info.rule == IntRule::kNamed) {
          return struct_raise("{} format requires {} <= number <= {}", info.name, min, max);
        }
        return struct_raise("'{}' format requires {} <= number <= {}", std::string(1, code.format), min, max);
      }
      store_uint(p, uint64_t(x), info.size, big);
      return true;
    }
    case IntRule::kRangeUnsigned: {
      uint64_t x;
      if (!int_to_uint64(n, &x)) return struct_raise("argument out of range");
      uint64_t max = bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;
      if (x > max) return struct_raise("'{}' format requires 0 <= number <= {}", std::string(1, code.format), max);
      store_uint(p, x, info.size, big);
      return true;
    }
    case IntRule::kLong:
    case IntRule::kUnsignedLong:
    case IntRule::kByteArray: {
      const char* message = info.rule == IntRule::kByteArray ? "int too large to convert" : "argument out of range";
      if (info.is_signed) {
        int64_t x;
        if (!int_to_int64(n, &x)) return struct_raise(message);
        store_uint(p, uint64_t(x), 8, big);
      } else {
        uint64_t x;
        if (!int_to_uint64(n, &x)) return struct_raise(message);
        store_uint(p, x, 8, big);
      }
      return true;
    }
    case IntRule::kPointer: {
      int64_t x;
      uint64_t u;
      if (int_to_int64(n, &x)) u = uint64_t(x);
      else if (!int_to_uint64(n, &u)) return struct_raise("int too large to convert");
      store_uint(p, u, 8, big);
      return true;
    }
    case IntRule::kNone: break;
  }
  return true;
}

// IEEE half precision, rounding half to even: false with OverflowError when |x| rounds
// to 65520 or more.
bool double_to_half(double x, uint16_t* out) {
  uint16_t sign = std::signbit(x) ? 0x8000 : 0;
  if (std::isnan(x)) {
    *out = sign | 0x7E00;
    return true;
  }
  double a = std::fabs(x);
  if (std::isinf(a)) {
    *out = sign | 0x7C00;
    return true;
  }
  if (a == 0) {
    *out = sign;
    return true;
  }
  int exponent = std::ilogb(a);
  // The spacing of half values around a: 2**-24 for subnormals, 2**(e-10) otherwise.
  int quantum = std::max(exponent, -14) - 10;
  double units = std::nearbyint(std::ldexp(a, -quantum));  // exact scaling, ties to even
  if (exponent < -14) {
    *out = sign | uint16_t(units);  // 1024 units is the smallest normal, encoded alike
    return true;
  }
  if (units >= 2048) {
    units /= 2;
    ++exponent;
  }
  if (exponent > 15) return overflow_error("float too large to pack with e format");
  *out = sign | uint16_t((exponent + 15) << 10) | uint16_t(units - 1024);
  return true;
}

double half_to_double(uint16_t h) {
  double sign = (h & 0x8000) ? -1.0 : 1.0;
  int exponent = (h >> 10) & 0x1F;
  int fraction = h & 0x3FF;
  if (exponent == 0x1F) return fraction ? std::copysign(NAN, sign) : sign * INFINITY;
  if (exponent == 0) return sign * std::ldexp(double(fraction), -24);
  return sign * std::ldexp(double(fraction + 1024), exponent - 25);
}

bool float_argument(Value v, double* out) {
  if (is_exact_float(v)) {
    *out = float_value(v);
    return true;
  }
  if (!number_to_double(v, out)) {
    clear_error();
    return struct_raise("required argument is not a float");
  }
  return true;
}

bool pack_value(const StructCode& code, Value v, uint8_t* p, Table table) {
  bool big = table == Table::kBig;
  switch (code.format) {
    case 'c': {
      if (!is_bytes(v) || as_bytes(v)->length != 1) {
        return struct_raise("char format requires a bytes object of length 1");
      }
      *p = uint8_t(as_bytes(v)->data[0]);
      return true;
    }
    case 's':
    case 'p': {
      std::string_view data;
      if (is_bytes(v)) data = bytes_view(v);
      else if (is_bytearray(v)) data = {as_bytearray(v)->data, size_t(as_bytearray(v)->length)};
      else return struct_raise("argument for '{}' must be a bytes object", std::string(1, code.format));
      int64_t n = int64_t(data.size());
      if (code.format == 's') {
        std::memcpy(p, data.data(), size_t(std::min(n, code.size)));
      } else if (code.size > 0) {
        n = std::min(n, code.size - 1);
        std::memcpy(p + 1, data.data(), size_t(n));
        *p = uint8_t(std::min<int64_t>(n, 255));
      }
      return true;
    }
    case '?': {
      int truth = is_true(v);
      if (truth < 0) return false;
      *p = uint8_t(truth);
      return true;
    }
    case 'e': {
      double x;
      uint16_t h;
      if (!float_argument(v, &x) || !double_to_half(x, &h)) return false;
      store_uint(p, h, 2, big);
      return true;
    }
    case 'f': {
      double x;
      if (!float_argument(v, &x)) return false;
      float y = float(x);
      if (table != Table::kNative && std::isinf(y) && !std::isinf(x)) {
        return overflow_error("float too large to pack with f format");
      }
      store_uint(p, std::bit_cast<uint32_t>(y), 4, big);
      return true;
    }
    case 'd': {
      double x;
      if (!float_argument(v, &x)) return false;
      store_uint(p, std::bit_cast<uint64_t>(x), 8, big);
      return true;
    }
    default: return pack_integer(code, v, p, big);
  }
}

// Packs values[0, codes) into p (zeroed, size bytes). CPython turns an OverflowError raised
// for an int argument into struct.error("int too large to convert").
bool pack_all(const ParsedFormat& f, const Value* values, uint8_t* p) {
  const Value* value = values;
  for (const StructCode& code : f.codes) {
    for (int64_t k = 0; k < code.repeat; ++k, ++value) {
      if (!pack_value(code, *value, p + code.offset + k * code.size, f.table)) {
        if (is_int(*value) && error_matches(&exc::OverflowError)) {
          clear_error();
          return struct_raise("int too large to convert");
        }
        return false;
      }
    }
  }
  return true;
}

// --- Unpacking ---

Ref<> unpack_value(const StructCode& code, const uint8_t* p, Table table) {
  bool big = table == Table::kBig;
  const FormatInfo& info = code.info;
  switch (code.format) {
    case 'c': return bytes_from(std::string_view(reinterpret_cast<const char*>(p), 1));
    case 's': return bytes_from(std::string_view(reinterpret_cast<const char*>(p), size_t(code.size)));
    case 'p': {
      if (code.size == 0) return bytes_from("");
      int64_t n = std::min<int64_t>(p[0], code.size - 1);
      return bytes_from(std::string_view(reinterpret_cast<const char*>(p + 1), size_t(n)));
    }
    case '?': return new_bool(*p != 0);
    case 'e': return float_from_double(half_to_double(uint16_t(load_uint(p, 2, big))));
    case 'f': return float_from_double(std::bit_cast<float>(uint32_t(load_uint(p, 4, big))));
    case 'd': return float_from_double(std::bit_cast<double>(load_uint(p, 8, big)));
    default: {
      uint64_t raw = load_uint(p, info.size, big);
      if (!info.is_signed) return int_from_uint64(raw);
      int shift = 64 - 8 * info.size;
      return int_from_int64(int64_t(raw << shift) >> shift);  // sign extension
    }
  }
}

Ref<> unpack_all(const ParsedFormat& f, const uint8_t* p) {
  Ref<TupleObject> result = tuple_allocate(f.items);
  if (!result) return nullptr;
  int64_t i = 0;
  for (const StructCode& code : f.codes) {
    for (int64_t k = 0; k < code.repeat; ++k) {
      Ref<> item = unpack_value(code, p + code.offset + k * code.size, f.table);
      if (!item) return nullptr;
      result->items[i++] = item.release();
    }
  }
  return result;
}

// --- Struct ---

struct StructObject : Object {
  ParsedFormat* parsed;  // owned
  Object* format;        // str (owned)
  int64_t size;          // -1 until __init__
  Object* weakreflist;
};

extern TypeObject struct_type;

StructObject* as_struct(Value v) { return static_cast<StructObject*>(v.as_object()); }

void struct_dealloc(Object* o) {
  auto* s = static_cast<StructObject*>(o);
  if (s->weakreflist) clear_weakrefs(o);
  delete s->parsed;
  if (s->format) decref(s->format);
  free_object(o);
}

Ref<> struct_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  auto* s = allocate<StructObject>(type);
  if (!s) return nullptr;
  Ref<> result = Ref<>::steal(Value(s));
  s->parsed = new ParsedFormat();
  s->format = str_empty().release_object();
  s->size = -1;
  return result;
}

// Struct.__init__(format): a str (ASCII) or bytes.
bool struct_set_format(StructObject* s, Value format) {
  Ref<> text;
  std::string_view ascii;
  Ref<BytesObject> encoded;
  if (is_str(format)) {
    encoded = encode_ascii(as_str(format), Value());
    if (!encoded) return false;
    ascii = bytes_view(encoded);
  } else if (is_bytes(format)) {
    ascii = bytes_view(format);
  } else {
    return type_error("Struct() argument 1 must be a str or bytes object, not {}", argument_type_name(format));
  }
  if (ascii.find('\0') != std::string_view::npos) return struct_raise("embedded null character");
  auto parsed = std::make_unique<ParsedFormat>();
  if (!parse_format(ascii, parsed.get())) return false;
  Ref<StrObject> format_str = str_from_latin1(ascii);
  if (!format_str) return false;
  delete s->parsed;
  s->parsed = parsed.release();
  s->size = s->parsed->size;
  Object* old = s->format;
  s->format = format_str.release_object();
  decref(old);
  return true;
}

int struct_init_slot(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;
  Value format;
  if (nargs == 1 && nkw == 0) {
    format = args[0];
  } else if (nargs == 0 && nkw == 1 && str_equal_ascii(as_str(kwnames->items[0]), "format")) {
    format = args[0];
  } else if (nargs + nkw == 0) {
    return type_error("Struct() missing required argument 'format' (pos 1)");
  } else if (nargs + nkw > 1) {
    return type_error("Struct() takes at most 1 argument ({} given)", int64_t(nargs + nkw));
  } else {
    return type_error("Struct() got an unexpected keyword argument '{}'", str_utf8(kwnames->items[0]));
  }
  return struct_set_format(as_struct(self), format) ? 0 : -1;
}

const ParsedFormat& parsed_of(Value self) { return *as_struct(self)->parsed; }

Ref<> pack_values(Value self, const Value* values, size_t nvalues, const char* who) {
  const ParsedFormat& f = parsed_of(self);
  if (int64_t(nvalues) != f.items) {
    return struct_raise("{} expected {} items for packing (got {})", who, f.items, int64_t(nvalues));
  }
  Ref<BytesObject> out = bytes_allocate(f.size);
  if (!out) return nullptr;
  std::memset(out->data, 0, size_t(f.size));
  if (!pack_all(f, values, reinterpret_cast<uint8_t*>(out->data))) return nullptr;
  return out;
}

Ref<> struct_pack(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("Struct.pack() takes no keyword arguments");
  return pack_values(self, args, nargs, "pack");
}

// pack_into(buffer, offset, *values) for a Struct.
Ref<> pack_into_values(Value self, const Value* args, size_t nargs) {
  const ParsedFormat& f = parsed_of(self);
  if (int64_t(nargs) != f.items + 2) {
    if (nargs == 0) return struct_raise("pack_into expected buffer argument");
    if (nargs == 1) return struct_raise("pack_into expected offset argument");
    return struct_raise("pack_into expected {} items for packing (got {})", f.items,
                        int64_t(nargs - 2));
  }
  Buffer view;
  if (!buffer_get(args[0], &view, kBufferWritable)) {
    clear_error();
    return type_error("argument must be read-write bytes-like object, not {}", type_name(args[0]));
  }
  std::unique_ptr<Buffer, void (*)(Buffer*)> hold(&view, buffer_release);
  int64_t offset;
  if (!index_argument(args[1], &offset)) return nullptr;
  int64_t length = view.length;
  if (offset < 0) {
    if (offset + f.size > 0) return struct_raise("no space to pack {} bytes at offset {}", f.size, offset);
    if (offset + length < 0) return struct_raise("offset {} out of range for {}-byte buffer", offset, length);
    offset += length;
  }
  if (length - offset < f.size) {
    return struct_raise("pack_into requires a buffer of at least {} bytes for packing {} bytes at offset {} "
                        "(actual buffer size is {})",
                        uint64_t(f.size) + uint64_t(offset), f.size, offset, length);
  }
  // As CPython: the target range is zeroed first, then filled code by code.
  auto* p = static_cast<uint8_t*>(view.data) + offset;
  std::memset(p, 0, size_t(f.size));
  if (!pack_all(f, args + 2, p)) return nullptr;
  return new_none();
}

Ref<> struct_pack_into(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("Struct.pack_into() takes no keyword arguments");
  return pack_into_values(self, args, nargs);
}

Ref<> unpack_buffer(Value self, Value buffer) {
  const ParsedFormat& f = parsed_of(self);
  Buffer view;
  if (!buffer_get(buffer, &view, kBufferSimple)) return nullptr;
  std::unique_ptr<Buffer, void (*)(Buffer*)> hold(&view, buffer_release);
  if (view.length != f.size) return struct_raise("unpack requires a buffer of {} bytes", f.size);
  return unpack_all(f, static_cast<const uint8_t*>(view.data));
}

Ref<> struct_unpack(Value self, const Value* args) { return unpack_buffer(self, args[0]); }

Ref<> unpack_from_buffer(Value self, Value buffer, Value offset_arg) {
  const ParsedFormat& f = parsed_of(self);
  int64_t offset;
  if (!index_argument(offset_arg, &offset)) return nullptr;
  Buffer view;
  if (!buffer_get(buffer, &view, kBufferSimple)) return nullptr;
  std::unique_ptr<Buffer, void (*)(Buffer*)> hold(&view, buffer_release);
  int64_t length = view.length;
  if (offset < 0) {
    if (offset + length < 0) return struct_raise("offset {} out of range for {}-byte buffer", offset, length);
    if (length - (offset + length) < f.size) {
      return struct_raise("not enough data to unpack {} bytes at offset {}", f.size, offset);
    }
    offset += length;
  }
  if (length - offset < f.size) {
    return struct_raise("unpack_from requires a buffer of at least {} bytes for unpacking {} bytes at offset {} "
                        "(actual buffer size is {})",
                        uint64_t(f.size) + uint64_t(offset), f.size, offset, length);
  }
  return unpack_all(f, static_cast<const uint8_t*>(view.data) + offset);
}

Ref<> struct_unpack_from(Value self, const Value* args) { return unpack_from_buffer(self, args[0], args[1]); }

// --- iter_unpack ---

struct UnpackIteratorObject : Object {
  Object* owner;  // the Struct (owned)
  Buffer view;    // held for the iterator's life
  bool has_view;
  int64_t index;  // byte offset of the next item
};

extern TypeObject unpack_iterator_type;

void unpack_iterator_dealloc(Object* o) {
  auto* it = static_cast<UnpackIteratorObject*>(o);
  gc_untrack(o);
  if (it->has_view) buffer_release(&it->view);
  decref(it->owner);
  free_object(o);
}

void unpack_iterator_traverse(Object* o, VisitFn visit, void* arg) {
  auto* it = static_cast<UnpackIteratorObject*>(o);
  visit(it->owner, arg);
  if (it->has_view && it->view.owner) visit(it->view.owner, arg);
}

Ref<> unpack_iterator_next(Value self) {
  auto* it = static_cast<UnpackIteratorObject*>(self.as_object());
  if (!it->has_view) return nullptr;
  const ParsedFormat& f = parsed_of(Value(it->owner));
  if (it->index + f.size > it->view.length) {
    buffer_release(&it->view);
    it->has_view = false;
    return nullptr;
  }
  Ref<> item = unpack_all(f, static_cast<const uint8_t*>(it->view.data) + it->index);
  it->index += f.size;
  return item;
}

Ref<> unpack_iterator_length_hint(Value self, const Value*) {
  auto* it = static_cast<UnpackIteratorObject*>(self.as_object());
  if (!it->has_view) return int_from_small(0);
  int64_t size = parsed_of(Value(it->owner)).size;
  return int_from_int64((it->view.length - it->index) / size);
}

Ref<> unpack_iterator_iter(Value self) { return new_ref(self); }

// CPython's own message (its quote never closes).
Ref<> unpack_iterator_new(TypeObject*, const Value*, size_t, TupleObject*) {
  return type_error("Cannot create 'unpack_iterator objects");
}

const MethodDef unpack_iterator_methods[] = {
    {.name = "__length_hint__", .impl = unpack_iterator_length_hint, .signature = "($self, /)"},
    {},
};

TypeObject unpack_iterator_type{TypeSpec{
    .name = "_struct.unpack_iterator",
    .basic_size = sizeof(UnpackIteratorObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = unpack_iterator_dealloc, .traverse = unpack_iterator_traverse,
              .new_instance = unpack_iterator_new, .getattr = generic_get_attr, .iter = unpack_iterator_iter, .iternext = unpack_iterator_next},
    .methods = unpack_iterator_methods,
}};

Ref<> iter_unpack_buffer(Value self, Value buffer) {
  int64_t size = parsed_of(self).size;
  if (size <= 0) return struct_raise("cannot iteratively unpack with a struct of length 0");
  if (!type_ready(&unpack_iterator_type)) return nullptr;
  auto* it = allocate<UnpackIteratorObject>(&unpack_iterator_type);
  if (!it) return nullptr;
  Ref<> result = Ref<>::steal(Value(it));
  incref(self);
  it->owner = self.as_object();
  if (!buffer_get(buffer, &it->view, kBufferSimple)) return nullptr;
  it->has_view = true;
  if (it->view.length % size != 0) {
    return struct_raise("iterative unpacking requires a buffer of a multiple of {} bytes", size);
  }
  gc_track(it);
  return result;
}

Ref<> struct_iter_unpack(Value self, const Value* args) { return iter_unpack_buffer(self, args[0]); }

Ref<> struct_sizeof(Value self, const Value*) {
  // CPython's object (56 bytes) and one 32-byte entry per format group plus a terminator.
  return int_from_int64(56 + 32 * (parsed_of(self).groups + 1));
}

Ref<> struct_get_format(Value self) { return new_ref(as_struct(self)->format); }
Ref<> struct_get_size(Value self) { return int_from_int64(as_struct(self)->size); }

const MethodDef struct_methods[] = {
    {.name = "pack", .raw = struct_pack,
     .doc = "S.pack(v1, v2, ...) -> bytes\n\nReturn a bytes object containing values v1, v2, ... packed according\n"
            "to the format string S.format.  See help(struct) for more on format\nstrings."},
    {.name = "pack_into", .raw = struct_pack_into,
     .doc = "S.pack_into(buffer, offset, v1, v2, ...)\n\nPack the values v1, v2, ... according to the format string S.format\n"
            "and write the packed bytes into the writable buffer buf starting at\noffset.  Note that the offset is a required argument.  See\n"
            "help(struct) for more on format strings."},
    {.name = "unpack", .impl = struct_unpack, .signature = "($self, buffer, /)",
     .doc = "Return a tuple containing unpacked values.\n\nUnpack according to the format string Struct.format. The buffer's size\n"
            "in bytes must be Struct.size.\n\nSee help(struct) for more on format strings."},
    {.name = "unpack_from", .impl = struct_unpack_from, .signature = "($self, /, buffer, offset=0)",
     .doc = "Return a tuple containing unpacked values.\n\nValues are unpacked according to the format string Struct.format.\n\n"
            "The buffer's size in bytes, starting at position offset, must be\nat least Struct.size.\n\n"
            "See help(struct) for more on format strings."},
    {.name = "iter_unpack", .impl = struct_iter_unpack, .signature = "($self, buffer, /)",
     .doc = "Return an iterator yielding tuples.\n\nTuples are unpacked from the given bytes source, like a repeated\n"
            "invocation of unpack_from().\n\nRequires that the bytes length be a multiple of the struct size."},
    {.name = "__sizeof__", .impl = struct_sizeof, .signature = "($self, /)",
     .doc = "S.__sizeof__() -> size of S in memory, in bytes"},
    {},
};

const GetSetDef struct_getsets[] = {
    {.name = "format", .get = struct_get_format, .doc = "struct format string"},
    {.name = "size", .get = struct_get_size, .doc = "struct size in bytes"},
    {},
};

TypeObject struct_type{TypeSpec{
    .name = "_struct.Struct",
    .doc = "Struct(format)\n--\n\nCreate a compiled struct object.\n\nReturn a new Struct object which writes and reads binary data according to\n"
           "the format string.\n\nSee help(struct) for more on format strings.",
    .basic_size = sizeof(StructObject),
    .flags = kTypeBaseType,
    .weaklist_offset = offsetof(StructObject, weakreflist),
    .slots = {.dealloc = struct_dealloc, .new_instance = struct_new_slot, .init = struct_init_slot,
              .getattr = generic_get_attr},
    .methods = struct_methods,
    .getsets = struct_getsets,
}};

// --- Module functions, over a cache of Structs keyed by format ---

constexpr int64_t kMaxCache = 100;
Object* struct_cache = nullptr;  // dict format -> Struct (owned, made once)

Ref<> cached_struct(Value format) {
  auto* cache = static_cast<DictObject*>(struct_cache);
  Value found = dict_get(cache, format);
  if (found) return new_ref(found);
  if (error_occurred()) return nullptr;
  Ref<> s = call1(Value(&struct_type), format);
  if (!s) return nullptr;
  if (cache->used >= kMaxCache) dict_clear(cache);
  if (!dict_set(cache, format, s)) return nullptr;
  return s;
}

Ref<> module_pack(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("_struct.pack() takes no keyword arguments");
  if (nargs == 0) return type_error("missing format argument");
  Ref<> s = cached_struct(args[0]);
  if (!s) return nullptr;
  return pack_values(s, args + 1, nargs - 1, "pack");
}

Ref<> module_pack_into(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("_struct.pack_into() takes no keyword arguments");
  if (nargs == 0) return type_error("missing format argument");
  Ref<> s = cached_struct(args[0]);
  if (!s) return nullptr;
  return pack_into_values(s, args + 1, nargs - 1);
}

Ref<> module_calcsize(Value, const Value* args) {
  Ref<> s = cached_struct(args[0]);
  if (!s) return nullptr;
  return int_from_int64(as_struct(s)->size);
}

Ref<> module_unpack(Value, const Value* args) {
  Ref<> s = cached_struct(args[0]);
  if (!s) return nullptr;
  return unpack_buffer(s, args[1]);
}

Ref<> module_unpack_from(Value, const Value* args) {
  Ref<> s = cached_struct(args[0]);
  if (!s) return nullptr;
  return unpack_from_buffer(s, args[1], args[2]);
}

Ref<> module_iter_unpack(Value, const Value* args) {
  Ref<> s = cached_struct(args[0]);
  if (!s) return nullptr;
  return iter_unpack_buffer(s, args[1]);
}

Ref<> module_clearcache(Value, const Value*) {
  dict_clear(static_cast<DictObject*>(struct_cache));
  return new_none();
}

const MethodDef struct_module_methods[] = {
    {.name = "_clearcache", .impl = module_clearcache, .signature = "($module, /)",
     .doc = "Clear the internal cache."},
    {.name = "calcsize", .impl = module_calcsize, .signature = "($module, format, /)",
     .doc = "Return size in bytes of the struct described by the format string."},
    {.name = "iter_unpack", .impl = module_iter_unpack, .signature = "($module, format, buffer, /)",
     .doc = "Return an iterator yielding tuples unpacked from the given bytes.\n\n"
            "The bytes are unpacked according to the format string, like\na repeated invocation of unpack_from().\n\n"
            "Requires that the bytes length be a multiple of the format struct size."},
    {.name = "pack", .raw = module_pack,
     .doc = "pack(format, v1, v2, ...) -> bytes\n\nReturn a bytes object containing the values v1, v2, ... packed according\n"
            "to the format string.  See help(struct) for more on format strings."},
    {.name = "pack_into", .raw = module_pack_into,
     .doc = "pack_into(format, buffer, offset, v1, v2, ...)\n\nPack the values v1, v2, ... according to the format string and write\n"
            "the packed bytes into the writable buffer buf starting at offset.  Note\n"
            "that the offset is a required argument.  See help(struct) for more\non format strings."},
    {.name = "unpack", .impl = module_unpack, .signature = "($module, format, buffer, /)",
     .doc = "Return a tuple containing values unpacked according to the format string.\n\n"
            "The buffer's size in bytes must be calcsize(format).\n\nSee help(struct) for more on format strings."},
    {.name = "unpack_from", .impl = module_unpack_from, .signature = "($module, format, /, buffer, offset=0)",
     .doc = "Return a tuple containing values unpacked according to the format string.\n\n"
            "The buffer's size, minus offset, must be at least calcsize(format).\n\n"
            "See help(struct) for more on format strings."},
    {},
};

bool struct_exec(ModuleObject* module) {
  if (!struct_error) {
    Ref<> error = new_exception_type("struct.error", &exc::Exception);
    if (!error) return false;
    struct_error = error.release_object();
  }
  if (!struct_cache) {
    Ref<DictObject> cache = dict_new();
    if (!cache) return false;
    struct_cache = cache.release_object();
  }
  return module_add_type(module, &struct_type) && type_ready(&unpack_iterator_type) &&
         module_add_object(module, "error", Value(struct_error));
}

}  // namespace

extern const ModuleDef module__struct = {
    .name = "_struct",
    .doc = "Functions to convert between Python values and C structs.\n"
           "Python bytes objects are used to hold the data representing the C struct\n"
           "and also as format strings (explained below) to describe the layout of data\n"
           "in the C struct.\n",
    .methods = struct_module_methods,
    .exec = struct_exec,
};

}  // namespace krait
