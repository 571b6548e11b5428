// The stateless CJK codecs (_codecs_jp/cn/kr/tw/hk) as data: a decoding trie per codec
// generated from CPython's own codecs (cjk_tables.inc), its lazily built inverse for
// encoding, and the decode/encode loops with CPython's error ranges and reasons.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace krait {

struct StrObject;

namespace cjk {

struct CjkNode {
  uint8_t lo, hi, need;
  uint32_t offset;  // into kCjkPool
};
struct CjkOverride {
  char32_t cp;
  uint32_t bytes;
  uint8_t length;
};
struct CjkPair {
  char32_t first, second;
  uint32_t bytes;
  uint8_t length;
};
struct CjkRun {
  uint32_t linear;
  char32_t cp;
  uint32_t count;
};
struct CjkCodecData {
  const char* module;  // "jp" for _codecs_jp
  const char* name;
  const CjkNode* nodes;
  const CjkOverride* overrides;
  size_t override_count;
  const CjkPair* pairs;
  size_t pair_count;
};

// The codec `name` of module `_codecs_<module>`; null if there is none.
const CjkCodecData* find_codec(std::string_view module, std::string_view name);

// Decodes data; with final false an incomplete sequence at the end is left unconsumed.
// Returns the decoded str (null with an exception set) and the consumed length. `mode` is
// the shift state of a stateful codec (HZ: 1 inside ~{ ... ~}), kept across calls.
Ref<> decode(const CjkCodecData* codec, std::string_view data, Value errors, bool final,
             int64_t* consumed, uint8_t* mode);
// Whether c starts a two-character sequence the codec encodes as one (the incremental
// encoder holds such a character back until it sees the next).
bool is_pair_first(const CjkCodecData* codec, char32_t c);
// Encodes the str `text` (errors null: strict). Null with an exception set on error.
// With final, a stateful codec returns to its initial state at the end.
Ref<> encode(const CjkCodecData* codec, StrObject* text, Value errors, bool final, uint8_t* mode);

}  // namespace cjk
}  // namespace krait
