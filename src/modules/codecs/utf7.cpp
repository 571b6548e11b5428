// UTF-7 (RFC 2152) as CPython implements it: the encoder writes printable ASCII (but '+',
// '\' and '~') and whitespace directly and everything else as modified base64 of UTF-16;
// the decoder accepts any ASCII but '+' directly and reports CPython's errors
// ("unexpected special character", "partial character in shift sequence", ...). An
// unfinished shift sequence is left unconsumed unless the input is final.
#include "modules/codecs/codecs_internal.h"
#include "objects/str.h"

namespace krait::codecs {

namespace {

const char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool is_base64(uint32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

uint32_t from_base64(uint32_t c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  return c == '+' ? 62 : 63;
}

// Written as itself by the encoder: printable ASCII but '+', '\' and '~', and whitespace.
bool encode_direct(char32_t c) {
  if (c == '\t' || c == '\n' || c == '\r' || c == ' ') return true;
  return c > ' ' && c < 127 && c != '+' && c != '\\' && c != '~';
}

bool decode_direct(uint32_t c) { return c < 128 && c != '+'; }

}  // namespace

Ref<> utf_7_encode(Value, const Value* args) {
  Value errors = args[1];
  if (!str_argument("utf_7_encode", 1, args[0]) || !errors_argument("utf_7_encode", 2, &errors)) return nullptr;
  StrObject* s = as_str(args[0]);
  std::string out;
  out.reserve(size_t(s->length));
  bool in_shift = false;
  int bits = 0;          // pending bits in `buffer`
  uint32_t buffer = 0;
  auto push_unit = [&](uint32_t unit) {
    buffer = (buffer << 16) | unit;
    bits += 16;
    while (bits >= 6) {
      out += kBase64[(buffer >> (bits - 6)) & 0x3F];
      bits -= 6;
    }
    buffer &= (1u << bits) - 1;
  };
  for (int64_t i = 0; i < s->length; ++i) {
    char32_t c = s->at(i);
    if (in_shift && encode_direct(c)) {
      if (bits) out += kBase64[(buffer << (6 - bits)) & 0x3F];
      buffer = 0;
      bits = 0;
      in_shift = false;
      // A base64 character or '-' after the sequence needs the explicit terminator.
      if (is_base64(c) || c == '-') out += '-';
      out += char(c);
      continue;
    }
    if (!in_shift) {
      if (c == '+') {
        out += "+-";
        continue;
      }
      if (encode_direct(c)) {
        out += char(c);
        continue;
      }
      out += '+';
      in_shift = true;
    }
    if (c >= 0x10000) {
      push_unit(0xD800 | ((c - 0x10000) >> 10));
      push_unit(0xDC00 | ((c - 0x10000) & 0x3FF));
    } else {
      push_unit(c);
    }
  }
  if (bits) out += kBase64[(buffer << (6 - bits)) & 0x3F];
  if (in_shift) out += '-';
  return codec_tuple(bytes_from(out), s->length);
}

Ref<> utf_7_decode(Value, const Value* args) {
  Value errors = args[1];
  int final = 0;
  DataArgument data;
  if (!data.get(args[0]) || !errors_argument("utf_7_decode", 2, &errors) || !int_argument(args[2], &final)) {
    return nullptr;
  }
  DecodeErrors handler("utf7", errors, data.data());
  std::u32string out;
  bool in_shift = false;
  int bits = 0;
  uint32_t buffer = 0;
  char32_t surrogate = 0;     // a high surrogate waiting for its low half
  size_t shift_out_start = 0; // output length when the current shift sequence began
  int64_t start = 0;          // where the current shift sequence or error began
  int64_t pos = 0;
  while (true) {
    auto* s = reinterpret_cast<const uint8_t*>(handler.input().data());
    int64_t size = int64_t(handler.input().size());
    const char* reason = nullptr;
    if (pos < size) {
      uint32_t c = s[pos];
      if (in_shift) {
        if (is_base64(c)) {
          buffer = (buffer << 6) | from_base64(c);
          bits += 6;
          ++pos;
          if (bits >= 16) {
            char32_t unit = (buffer >> (bits - 16)) & 0xFFFF;
            bits -= 16;
            buffer &= (1u << bits) - 1;
            if (surrogate) {
              if (unit >= 0xDC00 && unit <= 0xDFFF) {
                out.push_back(0x10000 + ((surrogate - 0xD800) << 10) + (unit - 0xDC00));
                surrogate = 0;
                continue;
              }
              out.push_back(surrogate);
              surrogate = 0;
            }
            if (unit >= 0xD800 && unit <= 0xDBFF) surrogate = unit;
            else out.push_back(unit);
          }
          continue;
        }
        // Leaving the shift sequence.
        in_shift = false;
        if (bits >= 6) {
          ++pos;
          reason = "partial character in shift sequence";
        } else if (bits > 0 && buffer != 0) {
          ++pos;
          reason = "non-zero padding bits in shift sequence";
        } else {
          if (surrogate && decode_direct(c)) out.push_back(surrogate);
          surrogate = 0;
          if (c == '-') ++pos;  // the terminator is absorbed; other characters are kept
          continue;
        }
      } else if (c == '+') {
        start = pos++;
        if (pos < size && s[pos] == '-') {
          ++pos;
          out.push_back('+');
          continue;
        }
        if (pos < size && !is_base64(s[pos])) {
          ++pos;
          reason = "ill-formed sequence";
        } else {
          in_shift = true;
          surrogate = 0;
          shift_out_start = out.size();
          bits = 0;
          buffer = 0;
          continue;
        }
      } else if (decode_direct(c)) {
        out.push_back(c);
        ++pos;
        continue;
      } else {
        start = pos++;
        reason = "unexpected special character";
      }
    } else {
      // End of input: an unfinished shift sequence is an error only when final.
      if (!in_shift || !final) break;
      in_shift = false;
      if (!surrogate && bits < 6 && (bits == 0 || buffer == 0)) break;
      pos = size;
      reason = "unterminated shift sequence";
    }
    pos = handler.handle(start, pos, reason, out);
    if (pos < 0) return nullptr;
  }
  // A final decode reports the whole input consumed, even if a handler replaced it.
  int64_t consumed = final ? int64_t(data.data().size()) : pos;
  if (!final && in_shift) {
    // The shift sequence may continue in the next chunk: leave it for then.
    consumed = start;
    out.resize(shift_out_start);
  }
  return codec_tuple(str_from_u32(out), consumed);
}

}  // namespace krait::codecs
