// The UTF-16 and UTF-32 codecs: little-endian, big-endian and the BOM-detecting forms, with
// CPython's error ranges and reasons ("truncated data", "illegal UTF-16 surrogate",
// "code point not in range(0x110000)", ...) and its rules for what an error handler may
// put in the output (ASCII text or whole code units of bytes).
#include "modules/codecs/codecs_internal.h"
#include "objects/int.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"

namespace krait::codecs {

namespace {

// width: 2 (UTF-16) or 4 (UTF-32).
void put_unit(std::string& out, uint32_t unit, int width, bool big) {
  for (int k = 0; k < width; ++k) {
    int shift = big ? 8 * (width - 1 - k) : 8 * k;
    out += char((unit >> shift) & 0xFF);
  }
}

uint32_t read_unit(const uint8_t* p, int width, bool big) {
  uint32_t unit = 0;
  for (int k = 0; k < width; ++k) {
    int shift = big ? 8 * (width - 1 - k) : 8 * k;
    unit |= uint32_t(p[k]) << shift;
  }
  return unit;
}

void put_code_point(std::string& out, char32_t c, int width, bool big) {
  if (width == 4 || c < 0x10000) {
    put_unit(out, c, width, big);
  } else {
    put_unit(out, 0xD800 | ((c - 0x10000) >> 10), 2, big);
    put_unit(out, 0xDC00 | ((c - 0x10000) & 0x3FF), 2, big);
  }
}

// byteorder: 0 native order after a BOM, < 0 little-endian, > 0 big-endian.
Ref<> encode_utf(Value str, Value errors, int byteorder, int width, const char* encoding) {
  StrObject* s = as_str(str);
  bool big = byteorder > 0;
  std::string out;
  out.reserve(size_t(s->length * width + width));
  if (byteorder == 0) put_unit(out, 0xFEFF, width, false);
  EncodeErrors handler(encoding, errors, s);
  const char* reason = "surrogates not allowed";
  int64_t i = 0;
  while (i < s->length) {
    char32_t c = s->at(i);
    if (c < 0xD800 || c > 0xDFFF) {
      put_code_point(out, c, width, big);
      ++i;
      continue;
    }
    Ref<> replacement;
    int64_t resume;
    if (!handler.replacement(i, i + 1, reason, &replacement, &resume)) return nullptr;
    if (is_bytes(replacement)) {
      std::string_view bytes = bytes_view(replacement);
      if (bytes.size() % size_t(width) != 0) return handler.raise(i, i + 1, reason);
      out += bytes;
    } else {
      StrObject* r = as_str(replacement);
      for (int64_t k = 0; k < r->length; ++k) {
        char32_t rc = r->at(k);
        if (rc >= 0x80) return handler.raise(i, i + 1, reason);
        put_unit(out, rc, width, big);
      }
    }
    i = resume;
  }
  return bytes_from(out);
}

// Decodes UTF-16 (width 2) or UTF-32 (width 4). *byteorder in: 0 detect a BOM, < 0 little,
// > 0 big; out: the order found (still 0 when no BOM was seen). *consumed: bytes used.
Ref<> decode_utf(std::string_view data, Value errors, int* byteorder, bool final, int width,
                 int64_t* consumed) {
  int64_t pos = 0;
  auto* bytes = reinterpret_cast<const uint8_t*>(data.data());
  int64_t size = int64_t(data.size());
  if (*byteorder == 0 && size >= width) {
    uint32_t first = read_unit(bytes, width, false);
    if (first == 0xFEFF) {
      *byteorder = -1;
      pos = width;
    } else if (first == (width == 2 ? 0xFFFEu : 0xFFFE0000u)) {
      *byteorder = 1;
      pos = width;
    }
  }
  bool big = *byteorder > 0;
  const char* encoding = width == 2 ? (big ? "utf-16-be" : "utf-16-le") : (big ? "utf-32-be" : "utf-32-le");
  DecodeErrors handler(encoding, errors, data);
  std::u32string out;
  out.reserve(size_t(size / width));
  while (true) {
    // A handler may have replaced the input.
    bytes = reinterpret_cast<const uint8_t*>(handler.input().data());
    size = int64_t(handler.input().size());
    if (pos >= size) break;
    int64_t error_end = 0;
    const char* reason = nullptr;
    if (size - pos < width) {
      if (!final) break;
      error_end = size;
      reason = "truncated data";
    } else if (width == 4) {
      uint32_t c = read_unit(bytes + pos, 4, big);
      if (c > 0x10FFFF) {
        reason = "code point not in range(0x110000)";
      } else if (c >= 0xD800 && c <= 0xDFFF) {
        reason = "code point in surrogate code point range(0xd800, 0xe000)";
      } else {
        out.push_back(c);
        pos += 4;
        continue;
      }
      error_end = pos + 4;
    } else {
      uint32_t u = read_unit(bytes + pos, 2, big);
      if (u < 0xD800 || u > 0xDFFF) {
        out.push_back(u);
        pos += 2;
        continue;
      }
      if (u >= 0xDC00) {
        reason = "illegal encoding";
        error_end = pos + 2;
      } else if (size - pos < 4) {
        if (!final) break;
        reason = "unexpected end of data";
        error_end = size;
      } else {
        uint32_t low = read_unit(bytes + pos + 2, 2, big);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          out.push_back(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
          pos += 4;
          continue;
        }
        reason = "illegal UTF-16 surrogate";
        error_end = pos + 2;
      }
    }
    pos = handler.handle(pos, error_end, reason, out);
    if (pos < 0) return nullptr;
  }
  // A final decode reports the whole input consumed, even if a handler replaced it.
  *consumed = final ? int64_t(data.size()) : pos;
  return str_from_u32(out);
}

// The encode functions: (str, errors[, byteorder]).
Ref<> encode_entry(const char* function, const Value* args, int byteorder, bool has_byteorder, int width,
                   const char* encoding) {
  Value errors = args[1];
  if (!str_argument(function, 1, args[0]) || !errors_argument(function, 2, &errors)) return nullptr;
  if (has_byteorder && !int_argument(args[2], &byteorder)) return nullptr;
  return codec_tuple(encode_utf(args[0], errors, byteorder, width, encoding), as_str(args[0])->length);
}

// The decode functions: (data, errors, final) with a fixed starting byte order.
Ref<> decode_entry(const char* function, const Value* args, int byteorder, int width) {
  Value errors = args[1];
  int final = 0;
  DataArgument data;
  if (!data.get(args[0]) || !errors_argument(function, 2, &errors) || !int_argument(args[2], &final)) {
    return nullptr;
  }
  int64_t consumed = 0;
  Ref<> result = decode_utf(data.data(), errors, &byteorder, final != 0, width, &consumed);
  return codec_tuple(std::move(result), consumed);
}

// utf_16_ex_decode / utf_32_ex_decode: (data, errors, byteorder, final) -> (str, consumed, byteorder).
Ref<> decode_ex_entry(const char* function, const Value* args, int width) {
  Value errors = args[1];
  int byteorder = 0, final = 0;
  DataArgument data;
  if (!data.get(args[0]) || !errors_argument(function, 2, &errors) || !int_argument(args[2], &byteorder) ||
      !int_argument(args[3], &final)) {
    return nullptr;
  }
  int64_t consumed = 0;
  Ref<> result = decode_utf(data.data(), errors, &byteorder, final != 0, width, &consumed);
  if (!result) return nullptr;
  Ref<> consumed_int = int_from_int64(consumed);
  Ref<> order = int_from_int64(byteorder);
  if (!consumed_int || !order) return nullptr;
  return tuple_steal({result.release(), consumed_int.release(), order.release()});
}

}  // namespace

Ref<> utf_16_encode(Value, const Value* args) { return encode_entry("utf_16_encode", args, 0, true, 2, "utf-16"); }
Ref<> utf_16_le_encode(Value, const Value* args) {
  return encode_entry("utf_16_le_encode", args, -1, false, 2, "utf-16-le");
}
Ref<> utf_16_be_encode(Value, const Value* args) {
  return encode_entry("utf_16_be_encode", args, 1, false, 2, "utf-16-be");
}
Ref<> utf_16_decode(Value, const Value* args) { return decode_entry("utf_16_decode", args, 0, 2); }
Ref<> utf_16_le_decode(Value, const Value* args) { return decode_entry("utf_16_le_decode", args, -1, 2); }
Ref<> utf_16_be_decode(Value, const Value* args) { return decode_entry("utf_16_be_decode", args, 1, 2); }
Ref<> utf_16_ex_decode(Value, const Value* args) { return decode_ex_entry("utf_16_ex_decode", args, 2); }

Ref<> utf_32_encode(Value, const Value* args) { return encode_entry("utf_32_encode", args, 0, true, 4, "utf-32"); }
Ref<> utf_32_le_encode(Value, const Value* args) {
  return encode_entry("utf_32_le_encode", args, -1, false, 4, "utf-32-le");
}
Ref<> utf_32_be_encode(Value, const Value* args) {
  return encode_entry("utf_32_be_encode", args, 1, false, 4, "utf-32-be");
}
Ref<> utf_32_decode(Value, const Value* args) { return decode_entry("utf_32_decode", args, 0, 4); }
Ref<> utf_32_le_decode(Value, const Value* args) { return decode_entry("utf_32_le_decode", args, -1, 4); }
Ref<> utf_32_be_decode(Value, const Value* args) { return decode_entry("utf_32_be_decode", args, 1, 4); }
Ref<> utf_32_ex_decode(Value, const Value* args) { return decode_ex_entry("utf_32_ex_decode", args, 4); }

}  // namespace krait::codecs
