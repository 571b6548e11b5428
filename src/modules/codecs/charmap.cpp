// The charmap codec behind the single-byte encodings (cp1252, koi8_r, ...): decoding through
// a 256-character decoding table or any mapping, encoding through an EncodingMap (the
// inverse table charmap_build makes) or any mapping, with CPython's rules for what a
// mapping may return and its error ranges ("character maps to <undefined>").
#include <unordered_map>

#include "core/alloc.h"
#include "core/ops.h"
#include "modules/codecs/codecs_internal.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/type_internal.h"
#include "objects/unicode_codecs.h"

namespace krait::codecs {

namespace {

const char* const kUndefined = "character maps to <undefined>";

// --- EncodingMap: code point -> byte, the inverse of a decoding table ---

struct EncodingMapObject : Object {
  std::unordered_map<char32_t, uint8_t>* table;  // owned
  int64_t size;                                  // what size() reports (CPython's layout)
};

extern TypeObject encoding_map_type;

void encoding_map_dealloc(Object* o) {
  delete static_cast<EncodingMapObject*>(o)->table;
  free_object(o);
}

Ref<> encoding_map_size(Value self, const Value*) {
  return int_from_int64(static_cast<EncodingMapObject*>(self.as_object())->size);
}

const MethodDef encoding_map_methods[] = {
    {.name = "size", .impl = encoding_map_size, .signature = "($self, /)",
     .doc = "Return the size (in bytes) of this object"},
    {},
};

TypeObject encoding_map_type{TypeSpec{
    .name = "EncodingMap",
    .basic_size = sizeof(EncodingMapObject),
    .flags = kTypeDisallowInstantiation,
    .slots = {.dealloc = encoding_map_dealloc, .getattr = generic_get_attr},
    .methods = encoding_map_methods,
}};

bool is_encoding_map(Value v) { return is_type(v, &encoding_map_type); }

// The byte for c in an EncodingMap, or -1.
int encoding_map_lookup(Value map, char32_t c) {
  auto* table = static_cast<EncodingMapObject*>(map.as_object())->table;
  auto it = table->find(c);
  return it == table->end() ? -1 : it->second;
}

// --- Encoding through any mapping ---

enum class Lookup { kFound, kUndefined, kError };

// mapping[c] for encoding: a byte string in *out (appended), undefined, or an error.
Lookup encode_lookup(Value mapping, char32_t c, std::string& out) {
  if (is_encoding_map(mapping)) {
    int byte = encoding_map_lookup(mapping, c);
    if (byte < 0) return Lookup::kUndefined;
    out += char(byte);
    return Lookup::kFound;
  }
  Ref<> item = get_item(mapping, Value::small_int(int64_t(c)));
  if (!item) {
    if (error_matches(&exc::LookupError)) {
      clear_error();
      return Lookup::kUndefined;
    }
    return Lookup::kError;
  }
  if (is_none(item)) return Lookup::kUndefined;
  if (is_int(item)) {
    int64_t value;
    if (!int_to_int64(item, &value) || value < 0 || value > 255) {
      type_error("character mapping must be in range(256)");
      return Lookup::kError;
    }
    out += char(value);
    return Lookup::kFound;
  }
  if (is_bytes(item)) {
    out += bytes_view(item);
    return Lookup::kFound;
  }
  type_error("character mapping must return integer, bytes or None, not {}", type_name(item));
  return Lookup::kError;
}

// --- Decoding through any mapping ---

// mapping[byte] for decoding, appended to out.
Lookup decode_lookup(Value mapping, uint8_t byte, std::u32string& out) {
  Ref<> item = get_item(mapping, Value::small_int(byte));
  if (!item) {
    if (error_matches(&exc::LookupError)) {
      clear_error();
      return Lookup::kUndefined;
    }
    return Lookup::kError;
  }
  if (is_none(item)) return Lookup::kUndefined;
  if (is_int(item)) {
    int64_t value;
    if (!int_to_int64(item, &value) || value < 0 || value > 0x10FFFF) {
      type_error("character mapping must be in range(0x110000)");
      return Lookup::kError;
    }
    if (value == 0xFFFE) return Lookup::kUndefined;  // "undefined", as in decoding tables
    out.push_back(char32_t(value));
    return Lookup::kFound;
  }
  if (is_str(item)) {
    StrObject* s = as_str(item);
    if (s->length == 1 && s->at(0) == 0xFFFE) return Lookup::kUndefined;
    for (int64_t i = 0; i < s->length; ++i) out.push_back(s->at(i));
    return Lookup::kFound;
  }
  type_error("character mapping must return integer, None or str");
  return Lookup::kError;
}

}  // namespace

bool charmap_ready() { return type_ready(&encoding_map_type); }

Ref<> charmap_decode(Value, const Value* args) {
  Value errors = args[1], mapping = args[2];
  DataArgument data;
  if (!data.get(args[0]) || !errors_argument("charmap_decode", 2, &errors)) return nullptr;
  if (!mapping || is_none(mapping)) {
    return codec_tuple(decode_latin1(data.data()), int64_t(data.data().size()));
  }
  DecodeErrors handler("charmap", errors, data.data());
  std::u32string out;
  out.reserve(data.data().size());
  StrObject* table = is_exact_str(mapping) ? as_str(mapping) : nullptr;
  int64_t pos = 0;
  while (true) {
    auto* s = reinterpret_cast<const uint8_t*>(handler.input().data());
    int64_t size = int64_t(handler.input().size());
    if (pos >= size) break;
    uint8_t byte = s[pos];
    if (table) {
      if (byte < table->length && table->at(byte) != 0xFFFE) {
        out.push_back(table->at(byte));
        ++pos;
        continue;
      }
    } else {
      Lookup found = decode_lookup(mapping, byte, out);
      if (found == Lookup::kError) return nullptr;
      if (found == Lookup::kFound) {
        ++pos;
        continue;
      }
    }
    pos = handler.handle(pos, pos + 1, kUndefined, out);
    if (pos < 0) return nullptr;
  }
  return codec_tuple(str_from_u32(out), pos);
}

Ref<> charmap_encode(Value, const Value* args) {
  Value errors = args[1], mapping = args[2];
  if (!str_argument("charmap_encode", 1, args[0]) || !errors_argument("charmap_encode", 2, &errors)) {
    return nullptr;
  }
  StrObject* s = as_str(args[0]);
  if (!mapping || is_none(mapping)) return codec_tuple(encode_latin1(s, errors), s->length);
  EncodeErrors handler("charmap", errors, s);
  std::string out;
  out.reserve(size_t(s->length));
  int64_t pos = 0;
  while (pos < s->length) {
    Lookup found = encode_lookup(mapping, s->at(pos), out);
    if (found == Lookup::kError) return nullptr;
    if (found == Lookup::kFound) {
      ++pos;
      continue;
    }
    // The run of characters that cannot be encoded is one error.
    int64_t end = pos + 1;
    while (end < s->length) {
      std::string probe;
      Lookup next = encode_lookup(mapping, s->at(end), probe);
      if (next == Lookup::kError) return nullptr;
      if (next == Lookup::kFound) break;
      ++end;
    }
    Ref<> replacement;
    int64_t resume;
    if (!handler.replacement(pos, end, kUndefined, &replacement, &resume)) return nullptr;
    if (is_bytes(replacement)) {
      out += bytes_view(replacement);
    } else {
      StrObject* r = as_str(replacement);
      for (int64_t i = 0; i < r->length; ++i) {
        Lookup mapped = encode_lookup(mapping, r->at(i), out);
        if (mapped == Lookup::kError) return nullptr;
        if (mapped == Lookup::kUndefined) return handler.raise(pos, end, kUndefined);
      }
    }
    pos = resume;
  }
  return codec_tuple(bytes_from(out), s->length);
}

// charmap_build(decoding_table): an EncodingMap for a 256-character table starting with
// U+0000 whose characters are all in the BMP, else a plain dict {code point: byte}.
Ref<> charmap_build(Value, const Value* args) {
  if (!is_str(args[0])) return type_error("charmap_build() argument must be str, not {}", argument_type_name(args[0]));
  StrObject* table = as_str(args[0]);
  bool need_dict = table->length != 256 || table->at(0) != 0;
  for (int64_t i = 0; i < table->length && !need_dict; ++i) need_dict = table->at(i) > 0xFFFF;
  if (need_dict) {
    Ref<DictObject> result = dict_new();
    if (!result) return nullptr;
    for (int64_t i = 0; i < table->length; ++i) {
      Ref<> key = int_from_int64(table->at(i));
      Ref<> value = int_from_int64(i);
      if (!key || !value || !dict_set(result.get(), key, value)) return nullptr;
    }
    return result;
  }
  auto* map = allocate<EncodingMapObject>(&encoding_map_type);
  if (!map) return nullptr;
  Ref<> result = Ref<>::steal(Value(map));
  map->table = new std::unordered_map<char32_t, uint8_t>();
  std::unordered_map<char32_t, bool> level2_blocks, level3_blocks;
  for (int64_t i = 1; i < 256; ++i) {
    char32_t c = table->at(i);
    if (c == 0xFFFE) continue;  // unmapped
    (*map->table)[c] = uint8_t(i);
    level2_blocks[c >> 11] = true;
    level3_blocks[c >> 7] = true;
  }
  (*map->table)[0] = 0;
  level2_blocks[0] = level3_blocks[0] = true;
  // CPython's three-level table: a fixed part plus 16 bytes per second-level block and 128
  // per third-level block.
  map->size = 63 + 16 * int64_t(level2_blocks.size()) + 128 * int64_t(level3_blocks.size());
  return result;
}

}  // namespace krait::codecs
