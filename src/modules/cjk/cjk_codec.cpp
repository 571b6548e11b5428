// The decode/encode engine of the stateless CJK codecs: walking the generated decoding
// trie (with GB18030's four-byte ranges computed), encoding through the trie's inverse
// corrected by the generated overrides, and CPython's errors: "illegal multibyte
// sequence" with the codec's error length, "incomplete multibyte sequence" to the end.
#include "modules/cjk/cjk_codec.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <memory>

#include "modules/codecs/codecs_internal.h"
#include "objects/bytes.h"
#include "objects/str.h"

namespace krait::cjk {

namespace {

#include "modules/cjk/cjk_tables.inc"

constexpr uint32_t kExtra = 0x200000, kIllegal = 0x300000, kFourByte = 0x400000, kNode = 0x500000;
const char* const kIllegalReason = "illegal multibyte sequence";
const char* const kIncompleteReason = "incomplete multibyte sequence";

bool is_gb18030(const CjkCodecData* codec) { return std::string_view(codec->name) == "gb18030"; }

// GB18030 four-byte sequence s[0..4) -> code point, or -1.
int64_t decode_four(const uint8_t* s) {
  if (s[2] < 0x81 || s[2] > 0xFE || s[3] < 0x30 || s[3] > 0x39) return -1;
  auto linear = [&](uint8_t base) {
    return (((int64_t(s[0]) - base) * 10 + s[1] - 0x30) * 126 + s[2] - 0x81) * 10 + s[3] - 0x30;
  };
  if (s[0] >= 0x90 && s[0] <= 0xE3) {
    int64_t cp = 0x10000 + linear(0x90);
    return cp <= 0x10FFFF ? cp : -1;
  }
  if (s[0] > 0x84) return -1;
  int64_t index = linear(0x81);
  auto it = std::upper_bound(std::begin(kGb18030Ranges), std::end(kGb18030Ranges), index,
                             [](int64_t i, const CjkRun& run) { return i < int64_t(run.linear); });
  if (it == std::begin(kGb18030Ranges)) return -1;
  --it;
  if (index >= int64_t(it->linear + it->count)) return -1;
  return it->cp + (index - it->linear);
}

// One sequence at s[0..n): > 0 bytes consumed (code points appended), 0 too few bytes,
// < 0 illegal with that error length.
int decode_one(const CjkCodecData* codec, const uint8_t* s, size_t n, std::u32string& out) {
  const CjkNode* node = &codec->nodes[0];
  size_t pos = 0;
  while (true) {
    if (pos >= n || node->need > n) return 0;
    uint8_t b = s[pos++];
    if (b < node->lo || b > node->hi) return -1;
    uint32_t v = kCjkPool[node->offset + b - node->lo];
    if (v < kExtra) {
      out.push_back(v);
      return int(pos);
    }
    if (v < kIllegal) {
      const char32_t* extra = &kCjkExtra[v - kExtra];
      out.append(extra + 1, extra[0]);
      return int(pos);
    }
    if (v < kFourByte) return -int(v - kIllegal + 1);
    if (v == kFourByte) {
      if (n < 4) return 0;
      int64_t cp = decode_four(s);
      if (cp < 0) return -1;
      out.push_back(char32_t(cp));
      return 4;
    }
    node = &codec->nodes[v - kNode];
  }
}

// The inverse of a codec's trie: code point -> (length << 32 | bytes), 0 if unmapped.
struct EncodeTable {
  std::unique_ptr<uint64_t[]> pages[0x1100];

  uint64_t get(char32_t c) const {
    if (c >= 0x110000) return 0;
    const auto& page = pages[c >> 8];
    return page ? page[c & 0xFF] : 0;
  }
  void set(char32_t c, uint64_t v) {
    auto& page = pages[c >> 8];
    if (!page) page.reset(new uint64_t[256]());
    page[c & 0xFF] = v;
  }
};

void invert(const CjkCodecData* codec, const CjkNode* node, uint32_t prefix, int depth,
            EncodeTable& table) {
  for (int b = node->lo; b <= node->hi; ++b) {
    uint32_t v = kCjkPool[node->offset + b - node->lo];
    uint32_t bytes = prefix << 8 | uint32_t(b);
    char32_t cp;
    if (v < kExtra) {
      cp = v;
    } else if (v < kIllegal) {
      const char32_t* extra = &kCjkExtra[v - kExtra];
      if (extra[0] != 1) continue;
      cp = extra[1];
    } else if (v >= kNode) {
      invert(codec, &codec->nodes[v - kNode], bytes, depth + 1, table);
      continue;
    } else {
      continue;
    }
    if (!table.get(cp) && !(depth == 0 && cp == 0 && b != 0)) {
      table.set(cp, uint64_t(depth + 1) << 32 | bytes);
    }
  }
}

EncodeTable* encode_table(const CjkCodecData* codec) {
  static std::unique_ptr<EncodeTable> tables[std::size(kCjkCodecs)];
  auto& slot = tables[codec - kCjkCodecs];
  if (!slot) {
    slot.reset(new EncodeTable());
    invert(codec, &codec->nodes[0], 0, 0, *slot);
    for (size_t i = 0; i < codec->override_count; ++i) {
      const CjkOverride& o = codec->overrides[i];
      slot->set(o.cp, o.length == 0 || o.length == 4 ? 0 : uint64_t(o.length) << 32 | o.bytes);
    }
  }
  return slot.get();
}

void append_bytes(std::string& out, uint64_t entry) {
  int length = int(entry >> 32);
  for (int i = length - 1; i >= 0; --i) out.push_back(char(entry >> (8 * i)));
}

// The bytes of one code point; false if the codec cannot encode it.
bool encode_one(const CjkCodecData* codec, const EncodeTable* table, char32_t c, std::string& out) {
  uint64_t entry = table->get(c);
  if (entry) {
    append_bytes(out, entry);
    return true;
  }
  if (!is_gb18030(codec) || (c >= 0xD800 && c < 0xE000) || c >= 0x110000) return false;
  int64_t linear;
  uint8_t base;
  if (c >= 0x10000) {
    linear = int64_t(c) - 0x10000;
    base = 0x90;
  } else {
    auto it = std::upper_bound(std::begin(kGb18030Ranges), std::end(kGb18030Ranges), c,
                               [](char32_t x, const CjkRun& run) { return x < run.cp; });
    if (it == std::begin(kGb18030Ranges)) return false;
    --it;
    if (c >= it->cp + it->count) return false;
    linear = it->linear + (c - it->cp);
    base = 0x81;
  }
  out.push_back(char(base + linear / 12600));
  out.push_back(char(0x30 + linear / 1260 % 10));
  out.push_back(char(0x81 + linear / 10 % 126));
  out.push_back(char(0x30 + linear % 10));
  return true;
}

size_t gb2312_index() {
  for (size_t i = 0; i < std::size(kCjkCodecs); ++i) {
    if (std::string_view(kCjkCodecs[i].name) == "gb2312") return i;
  }
  return 0;
}

// HZ (RFC 1843): ASCII, and GB2312 with its high bits cleared between ~{ and ~}.
const CjkCodecData kHzCodec{"cn", "hz", kGb2312Nodes, kGb2312Overrides, std::size(kGb2312Overrides) - 1, nullptr, 0};

// One HZ step at s[0..n) in *mode: as decode_one.
int decode_hz_one(const uint8_t* s, size_t n, uint8_t* mode, std::u32string& out) {
  uint8_t c = s[0];
  if (c == '~') {
    if (n < 2) return 0;
    uint8_t c2 = s[1];
    if (c2 == '~' && *mode == 0) {
      out.push_back(U'~');
    } else if (c2 == '{' && *mode == 0) {
      *mode = 1;
    } else if (c2 == '\n' && *mode == 0) {
      // a line continuation
    } else if (c2 == '}' && *mode == 1) {
      *mode = 0;
    } else {
      return -1;
    }
    return 2;
  }
  if (c & 0x80) return -1;
  if (*mode == 0) {
    out.push_back(c);
    return 1;
  }
  if (n < 2) return 0;
  if (c < 0x21 || c > 0x7E || s[1] < 0x21 || s[1] > 0x7E) return -1;
  uint8_t pair[2] = {uint8_t(c | 0x80), uint8_t(s[1] | 0x80)};
  size_t before = out.size();
  int step = decode_one(&kHzCodec, pair, 2, out);
  if (step != 2) {
    out.resize(before);
    return -1;
  }
  return 2;
}

// --- ISO-2022 (RFC 1468 and relatives): 7-bit text switching character sets by escapes ---

// The character sets an ISO-2022 codec designates. A shift state keeps G0 in bits 0-3, G2
// in bits 4-5 (none, ISO-8859-1, ISO-8859-7: iso2022_jp_2); iso2022_kr keeps "G1 is KS C
// 5601" in bit 4, "shifted to G1" in bit 6 and "G1 announced" (encoders) in bit 7. G1 of
// the other codecs is never invoked, so its designations are checked but not kept.
enum Charset : uint8_t {
  kAscii, kJisRoman, kJisKatakana, kJis0208, kJis0212, kKsc5601, kGb2312, kJis0213Plane1, kJis0213Plane2
};
constexpr uint8_t kG0Mask = 0x0F, kG1Ksc = 0x10, kG2Mask = 0x30, kShifted = 0x40, kAnnounced = 0x80;

struct Iso2022Config {
  const CjkCodecData data;
  uint32_t charsets;       // bit per Charset it may designate
  Charset encode_order[6];  // the non-ASCII sets an encoder tries, kAscii-terminated
  bool shift;              // iso2022_kr: KS C 5601 in G1 through SO/SI
  bool g2;                 // iso2022_jp_2: ISO-8859-1/7 in G2 through ESC N (decoding only)
  char plane1_final = 0;   // JIS X 0213: the final byte designating plane 1 ('Q' or 'O')
  const char* jis0213 = nullptr;  // the EUC codec whose tables give JIS X 0213
};

constexpr uint32_t bit(Charset c) { return 1u << c; }

const Iso2022Config kIso2022Configs[] = {
    {{"iso2022", "iso2022_jp", nullptr, nullptr, 0, nullptr, 0},
     bit(kJisRoman) | bit(kJis0208), {kJis0208, kJisRoman, kAscii}, false},
    {{"iso2022", "iso2022_jp_1", nullptr, nullptr, 0, nullptr, 0},
     bit(kJisRoman) | bit(kJis0208) | bit(kJis0212), {kJis0208, kJis0212, kJisRoman, kAscii}, false},
    {{"iso2022", "iso2022_jp_2", nullptr, nullptr, 0, nullptr, 0},
     bit(kJisRoman) | bit(kJis0208) | bit(kJis0212) | bit(kKsc5601) | bit(kGb2312),
     {kJis0208, kJis0212, kKsc5601, kGb2312, kJisRoman, kAscii}, false, true},
    {{"iso2022", "iso2022_jp_ext", nullptr, nullptr, 0, nullptr, 0},
     bit(kJisRoman) | bit(kJis0208) | bit(kJis0212) | bit(kJisKatakana),
     {kJis0208, kJis0212, kJisRoman, kJisKatakana, kAscii}, false},
    {{"iso2022", "iso2022_kr", nullptr, nullptr, 0, nullptr, 0}, bit(kKsc5601), {kKsc5601, kAscii}, true},
    {{"iso2022", "iso2022_jp_2004", nullptr, nullptr, 0, nullptr, 0},
     bit(kJis0208) | bit(kJis0213Plane1) | bit(kJis0213Plane2),
     {kJis0208, kJis0213Plane1, kJis0213Plane2, kAscii}, false, false, 'Q', "euc_jis_2004"},
    {{"iso2022", "iso2022_jp_3", nullptr, nullptr, 0, nullptr, 0},
     bit(kJis0208) | bit(kJis0213Plane1) | bit(kJis0213Plane2),
     {kJis0208, kJis0213Plane1, kJis0213Plane2, kAscii}, false, false, 'O', "euc_jisx0213"},
};

const Iso2022Config* iso2022_config(const CjkCodecData* codec) {
  for (const Iso2022Config& config : kIso2022Configs) {
    if (&config.data == codec) return &config;
  }
  return nullptr;
}

const CjkCodecData* codec_named(std::string_view name) {
  for (const CjkCodecData& codec : kCjkCodecs) {
    if (name == codec.name) return &codec;
  }
  return nullptr;
}

// Appends what the double-byte pair (c1, c2) of a set decodes to; false if nothing.
bool decode_pair(const Iso2022Config* config, Charset set, uint8_t c1, uint8_t c2, std::u32string& out) {
  uint8_t bytes[3] = {0x8F, uint8_t(c1 | 0x80), uint8_t(c2 | 0x80)};
  bool three = set == kJis0212 || set == kJis0213Plane2;
  const char* name = set == kJis0208 || set == kJis0212 ? "euc_jp"
                     : set == kKsc5601                  ? "euc_kr"
                     : set == kGb2312                   ? "gb2312"
                                                        : config->jis0213;
  size_t length = three ? 3 : 2;
  size_t before = out.size();
  bool jis0213 = set == kJis0213Plane1 || set == kJis0213Plane2;
  if (decode_one(codec_named(name), three ? bytes : bytes + 1, length, out) == int(length) &&
      (out.size() == before + 1 || (jis0213 && out.size() == before + 2))) {
    return true;
  }
  out.resize(before);
  return false;
}

// ISO-8859-7's upper half (0xA0-0xFF), the G2 set of iso2022_jp_2 (read off python3.11's
// iso8859_7 codec; 0xFFFD: unassigned).
const char16_t kGreekUpper[96] = {
    0xA0, 0x2018, 0x2019, 0xA3, 0x20AC, 0x20AF, 0xA6, 0xA7, 0xA8, 0xA9, 0x37A, 0xAB,
    0xAC, 0xAD, 0xFFFD, 0x2015, 0xB0, 0xB1, 0xB2, 0xB3, 0x384, 0x385, 0x386, 0xB7,
    0x388, 0x389, 0x38A, 0xBB, 0x38C, 0xBD, 0x38E, 0x38F, 0x390, 0x391, 0x392, 0x393,
    0x394, 0x395, 0x396, 0x397, 0x398, 0x399, 0x39A, 0x39B, 0x39C, 0x39D, 0x39E, 0x39F,
    0x3A0, 0x3A1, 0xFFFD, 0x3A3, 0x3A4, 0x3A5, 0x3A6, 0x3A7, 0x3A8, 0x3A9, 0x3AA, 0x3AB,
    0x3AC, 0x3AD, 0x3AE, 0x3AF, 0x3B0, 0x3B1, 0x3B2, 0x3B3, 0x3B4, 0x3B5, 0x3B6, 0x3B7,
    0x3B8, 0x3B9, 0x3BA, 0x3BB, 0x3BC, 0x3BD, 0x3BE, 0x3BF, 0x3C0, 0x3C1, 0x3C2, 0x3C3,
    0x3C4, 0x3C5, 0x3C6, 0x3C7, 0x3C8, 0x3C9, 0x3CA, 0x3CB, 0x3CC, 0x3CD, 0x3CE, 0xFFFD};

// The charset an escape's final byte designates; -1 if none.
int escape_charset(const Iso2022Config* config, bool double_byte, uint8_t final) {
  if (double_byte) {
    if (config->plane1_final && final == config->plane1_final) return kJis0213Plane1;
    if (config->plane1_final && final == 'P') return kJis0213Plane2;
    return final == '@' || final == 'B' ? kJis0208 : final == 'A' ? kGb2312 : final == 'D' ? kJis0212 : final == 'C' ? kKsc5601 : -1;
  }
  return final == 'B' ? kAscii : final == 'J' ? kJisRoman : final == 'I' ? kJisKatakana : -1;
}

// Escape sequence ESC x ... (x one of ( ) $ .) at s[0..n), ending at the first byte in
// A-Z or @: its length (> 0) having set *mode, 0 too few bytes, < 0 illegal.
int iso2022_escape(const Iso2022Config* config, const uint8_t* s, size_t n, uint8_t* mode) {
  int length = 0;
  for (size_t i = 1; i < 16; ++i) {
    if (i >= n) return 0;
    if ((s[i] >= 'A' && s[i] <= 'Z') || s[i] == '@') {
      length = int(i + 1);
      break;
    }
  }
  if (length == 0) return -1;
  int set, g;
  if (length == 3 && s[1] == '$') {
    set = escape_charset(config, true, s[2]), g = 0;
  } else if (length == 3) {
    g = s[1] == '(' ? 0 : s[1] == ')' ? 1 : s[1] == '.' && config->g2 ? 2 : -1;
    if (g < 0) return -3;
    set = g == 2 ? (s[2] == 'A' ? 1 : s[2] == 'F' ? 2 : -1) : escape_charset(config, false, s[2]);
  } else if (length == 4 && s[1] == '$' && (s[2] == '(' || s[2] == ')')) {
    set = escape_charset(config, true, s[3]), g = s[2] == ')';
  } else {
    return -length;
  }
  if (set < 0 || (g < 2 && set != kAscii && !(config->charsets & bit(Charset(set))))) return -length;
  if (g == 0) *mode = uint8_t((*mode & ~kG0Mask) | set);
  if (g == 1 && config->shift) *mode = uint8_t(set == kKsc5601 ? (*mode | kG1Ksc) : (*mode & ~kG1Ksc));
  if (g == 2) *mode = uint8_t((*mode & ~kG2Mask) | set << 4);
  return length;
}

// ESC N c: c from G2 (iso2022_jp_2), at s[0..n).
int iso2022_single_shift(const uint8_t* s, size_t n, uint8_t mode, std::u32string& out) {
  if (n < 3) return 0;
  uint8_t c = s[2];
  int g2 = (mode & kG2Mask) >> 4;
  if (g2 == 0) {
    out.push_back(c);
    return 3;
  }
  if (c >= 0x80) return -3;
  char32_t cp = g2 == 1 ? char32_t(c | 0x80) : kGreekUpper[(c | 0x80) - 0xA0];
  if (cp == 0xFFFD) return -3;
  out.push_back(cp);
  return 3;
}

int decode_iso2022_one(const Iso2022Config* config, const uint8_t* s, size_t n, uint8_t* mode,
                       std::u32string& out) {
  uint8_t c = s[0];
  if (c == 0x1B) {
    if (n < 2) return 0;
    if (std::strchr("()$.&", s[1]) && s[1]) return iso2022_escape(config, s, n, mode);
    if (config->g2 && s[1] == 'N') return iso2022_single_shift(s, n, *mode, out);
    out.push_back(c);
    return 1;
  }
  if (config->shift && (c == 0x0E || c == 0x0F)) {
    *mode = c == 0x0E ? (*mode | kShifted) : (*mode & ~kShifted);
    return 1;
  }
  if (c >= 0x80) return -1;
  Charset set = *mode & kShifted ? (*mode & kG1Ksc ? kKsc5601 : kAscii) : Charset(*mode & kG0Mask);
  if (c < 0x20 || set == kAscii) {
    out.push_back(c);
    return 1;
  }
  if (set == kJisRoman) {
    out.push_back(c == 0x5C ? U'\u00A5' : c == 0x7E ? U'\u203E' : char32_t(c));
    return 1;
  }
  if (set == kJisKatakana) {
    if (c < 0x21 || c > 0x5F) return -1;
    out.push_back(0xFF61 + c - 0x21);
    return 1;
  }
  if (n < 2) return 0;
  return decode_pair(config, set, c, s[1], out) ? 2 : -2;
}

// The two 7-bit bytes of c in a double-byte set, or -1.
int32_t encode_pair(const Iso2022Config* config, Charset set, char32_t c) {
  const char* name = set == kJis0208 || set == kJis0212 ? "euc_jp"
                     : set == kKsc5601                  ? "euc_kr"
                     : set == kGb2312                   ? "gb2312"
                                                        : config->jis0213;
  const CjkCodecData* codec = codec_named(name);
  uint64_t entry = encode_table(codec)->get(c);
  int length = int(entry >> 32);
  uint32_t bytes = uint32_t(entry);
  if (set == kJis0212 || set == kJis0213Plane2) return length == 3 && (bytes >> 16) == 0x8F ? int32_t(bytes & 0x7F7F) : -1;
  if (length != 2 || (bytes >> 8) < 0xA1) return -1;
  return int32_t(bytes & 0x7F7F);
}

const char* const kDesignations[] = {"\x1b(B", "\x1b(J", "\x1b(I", "\x1b$B", "\x1b$(D",
                                     "\x1b$(C", "\x1b$A", "\x1b$(Q", "\x1b$(P"};

bool encode_iso2022_one(const Iso2022Config* config, char32_t c, uint8_t* mode, std::string& out) {
  if (c < 0x80) {
    if (config->shift && (*mode & kShifted)) {
      out.push_back(0x0F);
      *mode &= ~kShifted;
    } else if (!config->shift && (*mode & kG0Mask) != kAscii) {
      out += kDesignations[kAscii];
      *mode &= ~kG0Mask;
    }
    out.push_back(char(c));
    return true;
  }
  for (Charset set : config->encode_order) {
    if (set == kAscii) break;
    int32_t bytes = -1;
    if (set == kJisRoman) {
      bytes = c == 0xA5 ? 0x5C : c == 0x203E ? 0x7E : -1;
    } else if (set == kJisKatakana) {
      bytes = c >= 0xFF61 && c <= 0xFF9F ? int32_t(c - 0xFF61 + 0x21) : -1;
    } else {
      bytes = encode_pair(config, set, c);
    }
    if (bytes < 0) continue;
    if (config->shift) {
      if (!(*mode & kAnnounced)) out += "\x1b$)C";
      if (!(*mode & kShifted)) out.push_back(0x0E);
      *mode |= kAnnounced | kShifted | kG1Ksc;
    } else if ((*mode & kG0Mask) != set) {
      out += set == kJis0213Plane1 && config->plane1_final == 'O' ? "\x1b$(O" : kDesignations[set];
      *mode = uint8_t((*mode & ~kG0Mask) | set);
    }
    if (bytes > 0xFF) out.push_back(char(bytes >> 8));
    out.push_back(char(bytes & 0xFF));
    return true;
  }
  return false;
}

}  // namespace

const CjkCodecData* find_codec(std::string_view module, std::string_view name) {
  if (module == "cn" && name == "hz") return &kHzCodec;
  if (module == "iso2022") {
    for (const Iso2022Config& config : kIso2022Configs) {
      if (name == config.data.name) return &config.data;
    }
    return nullptr;
  }
  for (const CjkCodecData& codec : kCjkCodecs) {
    if (module == codec.module && name == codec.name) return &codec;
  }
  return nullptr;
}

bool is_pair_first(const CjkCodecData* codec, char32_t c) {
  for (size_t i = 0; i < codec->pair_count; ++i) {
    if (codec->pairs[i].first == c) return true;
  }
  return false;
}

// A handler's resume position beyond what an int64 holds: CPython's multibytecodec reports
// it as out of bounds.
void overflow_to_index_error() {
  if (error_matches(&exc::OverflowError)) {
    clear_error();
    index_error("position -1 from error handler out of bounds");
  }
}

Ref<> decode(const CjkCodecData* codec, std::string_view data, Value errors, bool final,
             int64_t* consumed, uint8_t* mode) {
  bool hz = codec == &kHzCodec;
  const Iso2022Config* iso2022 = iso2022_config(codec);
  codecs::DecodeErrors handler(codec->name, errors, data);
  std::u32string out;
  out.reserve(data.size());
  int64_t pos = 0;
  while (true) {
    auto* s = reinterpret_cast<const uint8_t*>(handler.input().data());
    int64_t size = int64_t(handler.input().size());
    if (pos >= size) break;
    if (!hz && !iso2022 && s[pos] < 0x80) {
      uint32_t v = kCjkPool[codec->nodes[0].offset + s[pos]];
      if (v == s[pos]) {
        out.push_back(v);
        ++pos;
        continue;
      }
    }
    int step = hz        ? decode_hz_one(s + pos, size_t(size - pos), mode, out)
               : iso2022 ? decode_iso2022_one(iso2022, s + pos, size_t(size - pos), mode, out)
                         : decode_one(codec, s + pos, size_t(size - pos), out);
    if (step > 0) {
      pos += step;
      continue;
    }
    if (step == 0) {
      if (!final) break;
      pos = handler.handle(pos, size, kIncompleteReason, out);
    } else {
      pos = handler.handle(pos, std::min(size, pos - step), kIllegalReason, out);
    }
    if (pos < 0) {
      overflow_to_index_error();
      return nullptr;
    }
  }
  *consumed = pos;
  return codecs::str_from_u32(out);
}

// HZ: one code point in *mode; false if it cannot be encoded.
bool encode_hz_one(const EncodeTable* table, char32_t c, uint8_t* mode, std::string& out) {
  if (c < 0x80) {
    if (*mode) out += "~}";
    *mode = 0;
    out.push_back(char(c));
    if (c == '~') out.push_back('~');
    return true;
  }
  uint64_t entry = table->get(c);
  if (!entry || (entry >> 32) != 2) return false;
  if (!*mode) out += "~{";
  *mode = 1;
  out.push_back(char((entry >> 8) & 0x7F));
  out.push_back(char(entry & 0x7F));
  return true;
}

Ref<> encode(const CjkCodecData* codec, StrObject* text, Value errors, bool final, uint8_t* mode) {
  const Iso2022Config* iso2022 = iso2022_config(codec);
  bool hz = codec == &kHzCodec;
  const EncodeTable* table = iso2022 ? nullptr : encode_table(hz ? &kCjkCodecs[0] + gb2312_index() : codec);
  codecs::EncodeErrors handler(codec->name, errors, text);
  std::string out;
  out.reserve(size_t(text->length) * 2);
  int64_t pos = 0;
  while (pos < text->length) {
    char32_t c = text->at(pos);
    if (codec->pair_count && pos + 1 < text->length) {
      char32_t next = text->at(pos + 1);
      bool paired = false;
      for (size_t i = 0; i < codec->pair_count; ++i) {
        const CjkPair& pair = codec->pairs[i];
        if (pair.first == c && pair.second == next) {
          append_bytes(out, uint64_t(pair.length) << 32 | pair.bytes);
          paired = true;
          break;
        }
      }
      if (paired) {
        pos += 2;
        continue;
      }
    }
    bool done = hz        ? encode_hz_one(table, c, mode, out)
                : iso2022 ? encode_iso2022_one(iso2022, c, mode, out)
                          : encode_one(codec, table, c, out);
    if (done) {
      ++pos;
      continue;
    }
    Ref<> replacement;
    int64_t resume;
    if (!handler.replacement(pos, pos + 1, kIllegalReason, &replacement, &resume)) {
      overflow_to_index_error();
      return nullptr;
    }
    if (is_bytes(replacement)) {
      out += bytes_view(replacement);
    } else {
      StrObject* r = as_str(replacement);
      for (int64_t i = 0; i < r->length; ++i) {
        char32_t r_c = r->at(i);
        bool done = hz        ? encode_hz_one(table, r_c, mode, out)
                    : iso2022 ? encode_iso2022_one(iso2022, r_c, mode, out)
                              : encode_one(codec, table, r_c, out);
        if (!done) return handler.raise(pos, pos + 1, kIllegalReason);
      }
    }
    pos = resume;
  }
  if (hz && final && *mode) {
    out += "~}";
    *mode = 0;
  }
  if (iso2022 && final) {
    if (iso2022->shift && (*mode & kShifted)) out.push_back(0x0F);
    if (!iso2022->shift && (*mode & kG0Mask) != kAscii) out += kDesignations[kAscii];
    *mode &= ~(kG0Mask | kShifted);
  }
  return bytes_from(out);
}

}  // namespace krait::cjk
