// co_linetable in CPython 3.11's location-table format (Objects/locations.md), over krait's
// code units: what code.co_linetable returns and what code.replace(co_linetable=...)
// accepts. krait itself keeps its own position table (code.h); this is only the exchange
// format Python code sees.
#include "objects/code_locations.h"

namespace krait {

namespace {

// The entry kinds (bits 3-6 of an entry's first byte); 0-9 are the short forms.
constexpr int kOneLineForm0 = 10;  // 10, 11, 12: same line +0/+1/+2, one-byte columns
constexpr int kNoColumns = 13;
constexpr int kLongForm = 14;
constexpr int kNoLocation = 15;
constexpr int64_t kMaxEntryUnits = 8;

void put_varint(std::string* out, uint64_t value) {
  // 6-bit chunks, least significant first; bit 6 says another chunk follows.
  while (value >= 64) {
    out->push_back(char(0x40 | (value & 63)));
    value >>= 6;
  }
  out->push_back(char(value));
}

void put_signed_varint(std::string* out, int64_t value) {
  put_varint(out, value < 0 ? (uint64_t(-value) << 1) | 1 : uint64_t(value) << 1);
}

void put_entry(std::string* out, const SourcePosition& p, int64_t units, int64_t* line) {
  auto first_byte = [&](int kind) { out->push_back(char(0x80 | (kind << 3) | (units - 1))); };
  if (p.line < 0) {
    first_byte(kNoLocation);
    return;
  }
  int64_t delta = int64_t(p.line) - *line;
  bool same_line = p.end_line == p.line || p.end_line < 0;
  if (p.column < 0 || p.end_column < 0) {
    if (same_line) {
      first_byte(kNoColumns);
      put_signed_varint(out, delta);
      *line = p.line;
      return;
    }
  } else if (p.end_line == p.line) {
    if (delta == 0 && p.column < 80 && p.end_column >= p.column && p.end_column - p.column < 16) {
      first_byte(p.column >> 3);
      out->push_back(char(((p.column & 7) << 4) | (p.end_column - p.column)));
      return;
    }
    if (delta >= 0 && delta < 3 && p.column < 128 && p.end_column < 128) {
      first_byte(kOneLineForm0 + int(delta));
      out->push_back(char(p.column));
      out->push_back(char(p.end_column));
      *line = p.line;
      return;
    }
  }
  first_byte(kLongForm);
  put_signed_varint(out, delta);
  put_varint(out, p.end_line < p.line ? 0 : uint64_t(p.end_line - p.line));
  put_varint(out, uint64_t(int64_t(p.column) + 1));
  put_varint(out, uint64_t(int64_t(p.end_column) + 1));
  *line = p.line;
}

class TableReader {
 public:
  explicit TableReader(std::string_view table) : at_(table.data()), limit_(table.data() + table.size()) {}
  bool done() const { return at_ >= limit_; }
  bool byte(uint8_t* value) {
    if (at_ >= limit_) return false;
    *value = uint8_t(*at_++);
    return true;
  }
  bool varint(uint64_t* value) {
    uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 6) {
      uint8_t b;
      if (!byte(&b)) return false;
      result |= uint64_t(b & 63) << shift;
      if (!(b & 64)) {
        *value = result;
        return true;
      }
    }
    return false;
  }
  bool signed_varint(int64_t* value) {
    uint64_t raw;
    if (!varint(&raw)) return false;
    *value = (raw & 1) ? -int64_t(raw >> 1) : int64_t(raw >> 1);
    return true;
  }

 private:
  const char* at_;
  const char* limit_;
};

}  // namespace

std::string encode_location_table(const CodeObject* code) {
  std::string out;
  int64_t line = code->firstlineno;
  PositionReader reader(code);
  while (reader.next()) {
    for (int64_t start = reader.start; start < reader.end; start += kMaxEntryUnits) {
      put_entry(&out, reader.position, std::min(kMaxEntryUnits, reader.end - start), &line);
    }
  }
  return out;
}

bool decode_location_table(std::string_view table, int firstlineno, int64_t nunits,
                           std::vector<SourcePosition>* positions) {
  positions->assign(size_t(nunits), SourcePosition{-1, -1, -1, -1});
  TableReader reader(table);
  int64_t line = firstlineno;
  int64_t unit = 0;
  while (!reader.done()) {
    uint8_t first;
    reader.byte(&first);
    if (!(first & 0x80)) return false;
    int kind = (first >> 3) & 15;
    int64_t units = (first & 7) + 1;
    SourcePosition p{-1, -1, -1, -1};
    if (kind == kNoLocation) {
      // no position
    } else if (kind == kLongForm) {
      int64_t delta;
      uint64_t end_delta, column, end_column;
      if (!reader.signed_varint(&delta) || !reader.varint(&end_delta) || !reader.varint(&column) ||
          !reader.varint(&end_column)) {
        return false;
      }
      line += delta;
      p = {int32_t(line), int32_t(line + int64_t(end_delta)), int32_t(int64_t(column) - 1),
           int32_t(int64_t(end_column) - 1)};
    } else if (kind == kNoColumns) {
      int64_t delta;
      if (!reader.signed_varint(&delta)) return false;
      line += delta;
      p = {int32_t(line), int32_t(line), -1, -1};
    } else if (kind >= kOneLineForm0) {
      uint8_t column, end_column;
      if (!reader.byte(&column) || !reader.byte(&end_column)) return false;
      line += kind - kOneLineForm0;
      p = {int32_t(line), int32_t(line), column, end_column};
    } else {
      uint8_t second;
      if (!reader.byte(&second)) return false;
      int32_t column = kind * 8 + ((second >> 4) & 7);
      p = {int32_t(line), int32_t(line), column, column + (second & 15)};
    }
    // A table shorter than the code leaves the rest without positions; entries past its
    // end are ignored (krait's units are not CPython's, so lengths cannot be held to it).
    for (int64_t i = 0; i < units && unit < nunits; ++i) (*positions)[size_t(unit++)] = p;
  }
  return true;
}

}  // namespace krait
