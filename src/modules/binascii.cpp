// binascii: conversions between binary data and ASCII encodings — base64 (with 3.11's
// strict_mode), hex (with separators), uuencode, quoted-printable — and the CRC-32 and
// CRC-CCITT checksums, with CPython's lenient decoding rules and error messages.
#include <zlib.h>

#include <string>

#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/module_exceptions.h"
#include "objects/bytes.h"
#include "objects/bytes_internal.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/text_internal.h"

namespace krait {

namespace {

Object* binascii_error = nullptr;       // binascii.Error (owned, made once)
Object* binascii_incomplete = nullptr;  // binascii.Incomplete

template <class... Args>
Raised error(std::string_view fmt, const Args&... args) {
  if constexpr (sizeof...(Args) == 0) {
    return raise_message(static_cast<TypeObject*>(binascii_error), fmt);
  } else {
    return raise_message(static_cast<TypeObject*>(binascii_error), format_message(fmt, args...));
  }
}

// The data of the a2b_* functions: bytes-like, or a str of ASCII characters only.
class AsciiData {
 public:
  bool get(Value v) {
    if (is_str(v)) {
      if (!as_str(v)->ascii) return value_error("string argument should contain only ASCII characters");
      data_ = str_utf8(v);
      return true;
    }
    if (!holder_.get(v)) {
      clear_error();
      return type_error("argument should be bytes, buffer or ASCII string, not '{}'", type_name(v));
    }
    data_ = holder_.data();
    return true;
  }
  std::string_view data() const { return data_; }
  const uint8_t* bytes() const { return reinterpret_cast<const uint8_t*>(data_.data()); }
  int64_t size() const { return int64_t(data_.size()); }

 private:
  BufferHolder holder_;
  std::string_view data_;
};

bool binary_data(Value v, BufferHolder* holder) { return holder->get(v); }

const char kBase64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const char kHexLower[] = "0123456789abcdef";
const char kHexUpper[] = "0123456789ABCDEF";

int base64_value(uint8_t c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

int hex_value(uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// --- base64 ---

// Decodes quads of base64 characters. Outside strict mode other characters are skipped
// and a complete pad sequence ends the data; strict mode rejects anything irregular.
Ref<> a2b_base64(Value, const Value* args) {
  AsciiData input;
  if (!input.get(args[0])) return nullptr;
  int strict = is_true(args[1]);
  if (strict < 0) return nullptr;
  const uint8_t* s = input.bytes();
  int64_t n = input.size();
  if (strict && n > 0 && s[0] == '=') return error("Leading padding not allowed");
  std::string out;
  out.reserve(size_t(n / 4 * 3 + 3));
  int quad_pos = 0, pads = 0;
  bool padding_started = false;
  uint8_t left = 0;
  for (int64_t i = 0; i < n; ++i) {
    uint8_t c = s[i];
    if (c == '=') {
      padding_started = true;
      if (quad_pos >= 2 && quad_pos + ++pads >= 4) {
        if (strict && i + 1 < n) return error("Excess data after padding");
        return bytes_from(out);
      }
      continue;
    }
    int value = base64_value(c);
    if (value < 0) {
      if (strict) return error("Only base64 data is allowed");
      continue;
    }
    if (strict && padding_started) return error("Discontinuous padding not allowed");
    pads = 0;
    switch (quad_pos) {
      case 0: left = uint8_t(value); quad_pos = 1; break;
      case 1: out += char((left << 2) | (value >> 4)); left = value & 0x0F; quad_pos = 2; break;
      case 2: out += char((left << 4) | (value >> 2)); left = value & 0x03; quad_pos = 3; break;
      default: out += char((left << 6) | value); left = 0; quad_pos = 0; break;
    }
  }
  if (quad_pos == 1) {
    return error("Invalid base64-encoded string: number of data characters ({}) cannot be 1 more than a multiple of 4",
                 int64_t(out.size() / 3 * 4 + 1));
  }
  if (quad_pos != 0) return error("Incorrect padding");
  return bytes_from(out);
}

Ref<> b2a_base64(Value, const Value* args) {
  BufferHolder data;
  if (!binary_data(args[0], &data)) return nullptr;
  int newline = is_true(args[1]);
  if (newline < 0) return nullptr;
  auto* s = reinterpret_cast<const uint8_t*>(data.data().data());
  size_t n = data.data().size();
  std::string out;
  out.reserve((n + 2) / 3 * 4 + 1);
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = uint32_t(s[i]) << 16 | uint32_t(s[i + 1]) << 8 | s[i + 2];
    out += kBase64Alphabet[v >> 18];
    out += kBase64Alphabet[(v >> 12) & 63];
    out += kBase64Alphabet[(v >> 6) & 63];
    out += kBase64Alphabet[v & 63];
  }
  if (n - i == 1) {
    out += kBase64Alphabet[s[i] >> 2];
    out += kBase64Alphabet[(s[i] & 3) << 4];
    out += "==";
  } else if (n - i == 2) {
    uint32_t v = uint32_t(s[i]) << 8 | s[i + 1];
    out += kBase64Alphabet[v >> 10];
    out += kBase64Alphabet[(v >> 4) & 63];
    out += kBase64Alphabet[(v & 15) << 2];
    out += '=';
  }
  if (newline) out += '\n';
  return bytes_from(out);
}

// --- hex ---

// b2a_hex(data, sep, bytes_per_sep): separators between groups of bytes_per_sep bytes,
// counted from the right (from the left when negative).
Ref<> b2a_hex(Value, const Value* args) {
  BufferHolder data;
  if (!binary_data(args[0], &data)) return nullptr;
  char separator = 0;
  if (args[1]) {
    int64_t sep_length = length(args[1]);
    if (sep_length < 0) return nullptr;
    if (sep_length != 1) return value_error("sep must be length 1.");
    if (is_str(args[1])) {
      StrObject* sep = as_str(args[1]);
      if (sep->kind != 1) return value_error("sep must be ASCII.");
      separator = char(sep->at(0));
    } else if (is_bytes(args[1])) {
      separator = as_bytes(args[1])->data[0];
    } else {
      return type_error("sep must be str or bytes.");
    }
  }
  int64_t per_sep;
  if (!index_argument(args[2], &per_sep)) return nullptr;
  std::string_view bytes = data.data();
  int64_t n = int64_t(bytes.size());
  int64_t group = per_sep < 0 ? -per_sep : per_sep;
  std::string out;
  out.reserve(size_t(n * 3));
  for (int64_t i = 0; i < n; ++i) {
    if (args[1] && group > 0 && i > 0) {
      bool boundary = per_sep > 0 ? (n - i) % group == 0 : i % group == 0;
      if (boundary) out += separator;
    }
    auto c = uint8_t(bytes[size_t(i)]);
    out += kHexLower[c >> 4];
    out += kHexLower[c & 15];
  }
  return bytes_from(out);
}

Ref<> a2b_hex(Value, const Value* args) {
  AsciiData input;
  if (!input.get(args[0])) return nullptr;
  const uint8_t* s = input.bytes();
  int64_t n = input.size();
  if (n % 2) return error("Odd-length string");
  std::string out;
  out.reserve(size_t(n / 2));
  for (int64_t i = 0; i < n; i += 2) {
    int high = hex_value(s[i]), low = hex_value(s[i + 1]);
    if (high < 0 || low < 0) return error("Non-hexadecimal digit found");
    out += char(high << 4 | low);
  }
  return bytes_from(out);
}

// --- uuencode ---

Ref<> a2b_uu(Value, const Value* args) {
  AsciiData input;
  if (!input.get(args[0])) return nullptr;
  const uint8_t* s = input.bytes();
  int64_t remaining = input.size();
  // The first character encodes the length; an empty line reads as a NUL there, as in
  // CPython (which reads the terminating NUL of its buffer).
  uint8_t first = remaining > 0 ? *s : 0;
  int64_t bin_length = (first - ' ') & 077;
  ++s;
  --remaining;
  std::string out;
  out.reserve(size_t(bin_length));
  uint32_t left = 0;
  int bits = 0;
  for (; bin_length > 0; --remaining, ++s) {
    uint8_t c = remaining > 0 ? *s : 0;
    if (c == '\n' || c == '\r' || remaining <= 0) {
      c = 0;  // spaces eaten at the end of the line
    } else {
      // Up to ' ' + 64: some encoders write '`' for zero.
      if (c < ' ' || c > ' ' + 64) return error("Illegal char");
      c = (c - ' ') & 077;
    }
    left = (left << 6) | c;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += char((left >> bits) & 0xFF);
      left &= (1u << bits) - 1;
      --bin_length;
    }
  }
  for (; remaining > 0; --remaining, ++s) {
    uint8_t c = *s;
    if (c != ' ' && c != ' ' + 64 && c != '\n' && c != '\r') return error("Trailing garbage");
  }
  return bytes_from(out);
}

Ref<> b2a_uu(Value, const Value* args) {
  BufferHolder data;
  if (!binary_data(args[0], &data)) return nullptr;
  int backtick = is_true(args[1]);
  if (backtick < 0) return nullptr;
  std::string_view bytes = data.data();
  int64_t n = int64_t(bytes.size());
  if (n > 45) return error("At most 45 bytes at once");
  auto encode = [&](uint32_t v) { return char(backtick && v == 0 ? '`' : ' ' + v); };
  std::string out;
  out += encode(uint32_t(n & 077));
  uint32_t left = 0;
  int bits = 0;
  for (int64_t i = 0; i < n || bits != 0; ++i) {
    left = (left << 8) | (i < n ? uint8_t(bytes[size_t(i)]) : 0);
    bits += 8;
    while (bits >= 6) {
      out += encode((left >> (bits - 6)) & 0x3F);
      bits -= 6;
    }
    left &= (1u << bits) - 1;
  }
  out += '\n';
  return bytes_from(out);
}

// --- quoted-printable ---

Ref<> a2b_qp(Value, const Value* args) {
  AsciiData input;
  if (!input.get(args[0])) return nullptr;
  int header = is_true(args[1]);
  if (header < 0) return nullptr;
  const uint8_t* s = input.bytes();
  int64_t n = input.size();
  std::string out;
  out.reserve(size_t(n));
  int64_t i = 0;
  while (i < n) {
    if (s[i] == '=') {
      if (++i >= n) break;
      if (s[i] == '\n' || s[i] == '\r') {
        // A soft line break: skip to after the line end.
        if (s[i] != '\n') {
          while (i < n && s[i] != '\n') ++i;
        }
        if (i < n) ++i;
      } else if (s[i] == '=') {
        out += '=';  // "==" from broken encoders
        ++i;
      } else if (i + 1 < n && hex_value(s[i]) >= 0 && hex_value(s[i + 1]) >= 0) {
        out += char(hex_value(s[i]) << 4 | hex_value(s[i + 1]));
        i += 2;
      } else {
        out += '=';
      }
    } else if (header && s[i] == '_') {
      out += ' ';
      ++i;
    } else {
      out += char(s[i++]);
    }
  }
  return bytes_from(out);
}

Ref<> b2a_qp(Value, const Value* args) {
  BufferHolder data;
  if (!binary_data(args[0], &data)) return nullptr;
  int quotetabs = is_true(args[1]), istext = is_true(args[2]), header = is_true(args[3]);
  if (quotetabs < 0 || istext < 0 || header < 0) return nullptr;
  constexpr int kMaxLineSize = 76;
  auto* s = reinterpret_cast<const uint8_t*>(data.data().data());
  int64_t n = int64_t(data.data().size());
  // The whole output uses CRLF line ends if the first line end is CRLF.
  bool crlf = false;
  for (int64_t i = 0; i < n; ++i) {
    if (s[i] == '\n') {
      crlf = i > 0 && s[i - 1] == '\r';
      break;
    }
  }
  std::string out;
  out.reserve(size_t(n * 3 / 2 + 8));
  auto soft_break = [&] {
    out += '=';
    if (crlf) out += '\r';
    out += '\n';
  };
  auto put_escaped = [&](uint8_t c) {
    out += '=';
    out += kHexUpper[c >> 4];
    out += kHexUpper[c & 15];
  };
  int linelen = 0;
  int64_t i = 0;
  while (i < n) {
    uint8_t c = s[i];
    bool at_end = i + 1 == n;
    bool must_escape =
        c > 126 || c == '=' || (header && c == '_') ||
        (c == '.' && linelen == 0 && (at_end || s[i + 1] == '\n' || s[i + 1] == '\r' || s[i + 1] == 0)) ||
        (!istext && (c == '\r' || c == '\n')) || ((c == '\t' || c == ' ') && at_end) ||
        (c < 33 && c != '\r' && c != '\n' && (quotetabs || (c != '\t' && c != ' ')));
    if (must_escape) {
      if (linelen + 3 >= kMaxLineSize) {
        soft_break();
        linelen = 0;
      }
      put_escaped(c);
      ++i;
      linelen += 3;
    } else if (istext && (c == '\n' || (i + 1 < n && c == '\r' && s[i + 1] == '\n'))) {
      linelen = 0;
      // Whitespace at the end of a line is protected.
      if (!out.empty() && (out.back() == ' ' || out.back() == '\t')) {
        uint8_t last = uint8_t(out.back());
        out.pop_back();
        put_escaped(last);
      }
      if (crlf) out += '\r';
      out += '\n';
      i += c == '\r' ? 2 : 1;
    } else {
      if (!at_end && s[i + 1] != '\n' && linelen + 1 >= kMaxLineSize) {
        soft_break();
        linelen = 0;
      }
      ++linelen;
      out += char(header && c == ' ' ? '_' : c);
      ++i;
    }
  }
  return bytes_from(out);
}

// --- checksums ---

// A checksum seed: any int, reduced modulo 2**32 as C's unsigned int conversion does.
bool crc_seed(Value v, uint32_t* out) {
  Ref<> n = number_index(v);
  if (!n) return false;
  int64_t small;
  if (int_to_int64(n, &small)) {
    *out = uint32_t(uint64_t(small));
    return true;
  }
  mpz_t z;
  mpz_init(z);
  int_to_mpz(n, z);
  mpz_fdiv_r_2exp(z, z, 32);
  *out = uint32_t(mpz_get_ui(z));
  mpz_clear(z);
  return true;
}

Ref<> crc32(Value, const Value* args) {
  BufferHolder data;
  if (!binary_data(args[0], &data)) return nullptr;
  uint32_t crc = 0;
  if (args[1] && !crc_seed(args[1], &crc)) return nullptr;
  std::string_view bytes = data.data();
  uLong value = crc;
  // zlib takes at most a uInt of data per call.
  while (!bytes.empty()) {
    size_t chunk = std::min<size_t>(bytes.size(), 1u << 30);
    value = ::crc32(value, reinterpret_cast<const Bytef*>(bytes.data()), uInt(chunk));
    bytes.remove_prefix(chunk);
  }
  return int_from_int64(int64_t(value & 0xFFFFFFFFu));
}

// CRC-CCITT (polynomial 0x1021, MSB first), as binhex uses it.
uint16_t crc_hqx_update(uint16_t crc, uint8_t byte) {
  crc ^= uint16_t(byte) << 8;
  for (int k = 0; k < 8; ++k) crc = (crc & 0x8000) ? uint16_t((crc << 1) ^ 0x1021) : uint16_t(crc << 1);
  return crc;
}

Ref<> crc_hqx(Value, const Value* args) {
  BufferHolder data;
  if (!binary_data(args[0], &data)) return nullptr;
  uint32_t seed;
  if (!crc_seed(args[1], &seed)) return nullptr;
  auto crc = uint16_t(seed & 0xFFFF);
  for (char c : data.data()) crc = crc_hqx_update(crc, uint8_t(c));
  return int_from_int64(crc);
}

const MethodDef binascii_methods[] = {
    {.name = "a2b_uu", .impl = a2b_uu, .signature = "($module, data, /)", .doc = "Decode a line of uuencoded data."},
    {.name = "b2a_uu", .impl = b2a_uu, .signature = "($module, data, /, *, backtick=False)",
     .doc = "Uuencode line of data."},
    {.name = "a2b_base64", .impl = a2b_base64, .signature = "($module, data, /, *, strict_mode=False)",
     .doc = "Decode a line of base64 data.\n\n  strict_mode\n    When set to True, bytes that are not part of the base64 standard are not allowed.\n"
            "    The same applies to excess data after padding (= / ==)."},
    {.name = "b2a_base64", .impl = b2a_base64, .signature = "($module, data, /, *, newline=True)",
     .doc = "Base64-code line of data."},
    {.name = "crc_hqx", .impl = crc_hqx, .signature = "($module, data, crc, /)",
     .doc = "Compute CRC-CCITT incrementally."},
    {.name = "crc32", .impl = crc32, .signature = "($module, data, crc=0, /)",
     .doc = "Compute CRC-32 incrementally."},
    {.name = "b2a_hex", .impl = b2a_hex, .signature = "($module, /, data, sep=?, bytes_per_sep=1)",
     .doc = "Hexadecimal representation of binary data.\n\n  sep\n    An optional single character or byte to separate hex bytes.\n"
            "  bytes_per_sep\n    How many bytes between separators.  Positive values count from the\n"
            "    right, negative values count from the left.\n\nThe return value is a bytes object.  This function is also\n"
            "available as \"hexlify()\"."},
    {.name = "hexlify", .impl = b2a_hex, .signature = "($module, /, data, sep=?, bytes_per_sep=1)",
     .doc = "Hexadecimal representation of binary data.\n\n  sep\n    An optional single character or byte to separate hex bytes.\n"
            "  bytes_per_sep\n    How many bytes between separators.  Positive values count from the\n"
            "    right, negative values count from the left.\n\nThe return value is a bytes object.  This function is also\n"
            "available as \"b2a_hex()\"."},
    {.name = "a2b_hex", .impl = a2b_hex, .signature = "($module, hexstr, /)",
     .doc = "Binary data of hexadecimal representation.\n\nhexstr must contain an even number of hex digits (upper or lower case).\n"
            "This function is also available as \"unhexlify()\"."},
    {.name = "unhexlify", .impl = a2b_hex, .signature = "($module, hexstr, /)",
     .doc = "Binary data of hexadecimal representation.\n\nhexstr must contain an even number of hex digits (upper or lower case)."},
    {.name = "a2b_qp", .impl = a2b_qp, .signature = "($module, /, data, header=False)",
     .doc = "Decode a string of qp-encoded data."},
    {.name = "b2a_qp", .impl = b2a_qp, .signature = "($module, /, data, quotetabs=False, istext=True, header=False)",
     .doc = "Encode a string using quoted-printable encoding.\n\nOn encoding, when istext is set, newlines are not encoded, and white\n"
            "space at end of lines is.  When istext is not set, \\r and \\n (CR/LF)\nare both encoded.  When quotetabs is set, space and tabs are encoded."},
    {},
};

bool binascii_exec(ModuleObject* module) {
  if (!binascii_error) {
    Ref<> error_type = new_exception_type("binascii.Error", &exc::ValueError);
    Ref<> incomplete_type = new_exception_type("binascii.Incomplete", &exc::Exception);
    if (!error_type || !incomplete_type) return false;
    binascii_error = error_type.release_object();
    binascii_incomplete = incomplete_type.release_object();
  }
  return module_add_object(module, "Error", Value(binascii_error)) &&
         module_add_object(module, "Incomplete", Value(binascii_incomplete));
}

}  // namespace

extern const ModuleDef module_binascii = {
    .name = "binascii",
    .doc = "Conversion between binary data and ASCII",
    .methods = binascii_methods,
    .exec = binascii_exec,
};

}  // namespace krait
