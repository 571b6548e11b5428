// TextWriter: builds a str in place, one code-unit width at a time (CPython's
// _PyUnicodeWriter): ASCII and Latin-1 text stays one byte per character, and the buffer
// widens only when a wider character arrives. Used by _json's encoder and string scanner
// and by _csv's reader and writer, whose output is mostly ASCII.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "objects/str.h"

namespace krait {

class TextWriter {
 public:
  int64_t length() const { return length_; }
  bool empty() const { return length_ == 0; }
  void clear() {
    units_.clear();
    length_ = 0;
    kind_ = 1;
    max_char_ = 0;
  }

  void append_ascii(std::string_view ascii) {
    if (kind_ == 1) {
      units_.append(ascii);
      length_ += int64_t(ascii.size());
      return;
    }
    for (char c : ascii) put(uint8_t(c));
  }
  void append_ascii(char c) {
    if (kind_ == 1) {
      units_.push_back(c);
      ++length_;
      return;
    }
    put(uint8_t(c));
  }
  void append(char32_t c) {
    note_max(c);
    put(c);
  }
  // Appends n code units from p, none above run_max (the caller tracked it while scanning).
  template <class Unit>
  void append_units(const Unit* p, int64_t n, char32_t run_max) {
    note_max(run_max);
    if (sizeof(Unit) == size_t(kind_)) {
      units_.append(reinterpret_cast<const char*>(p), size_t(n) * sizeof(Unit));
      length_ += n;
      return;
    }
    for (int64_t i = 0; i < n; ++i) put(p[i]);
  }
  // All of s.
  void append(StrObject* s) {
    char32_t representative = s->ascii       ? 0x7F
                              : s->kind == 1 ? 0xFF
                              : s->kind == 2 ? 0xFFFF
                                             : 0x10FFFF;
    switch (s->kind) {
      case 1:
        append_units(s->data1(), s->length, representative);
        break;
      case 2:
        append_units(s->data2(), s->length, representative);
        break;
      default:
        append_units(s->data4(), s->length, representative);
        break;
    }
  }

  // The text as a str; the writer is left empty.
  Ref<StrObject> finish() {
    if (length_ == 0) return str_empty();
    Ref<StrObject> s = str_allocate(length_, max_char_);
    if (!s) return nullptr;
    std::memcpy(s->data(), units_.data(), units_.size());
    std::memset(static_cast<char*>(s->data()) + units_.size(), 0, size_t(kind_));
    clear();
    return s;
  }

 private:
  static int kind_for(char32_t c) { return c < 0x100 ? 1 : c < 0x10000 ? 2 : 4; }
  void note_max(char32_t c) {
    if (c <= max_char_) return;
    max_char_ = c;
    int kind = kind_for(c);
    if (kind > kind_) widen(kind);
  }
  void put(char32_t c) {
    switch (kind_) {
      case 1:
        units_.push_back(char(c));
        break;
      case 2: {
        uint16_t u = uint16_t(c);
        units_.append(reinterpret_cast<const char*>(&u), 2);
        break;
      }
      default: {
        uint32_t u = uint32_t(c);
        units_.append(reinterpret_cast<const char*>(&u), 4);
        break;
      }
    }
    ++length_;
  }
  void widen(int kind) {
    std::string wider(size_t(length_) * size_t(kind), '\0');
    for (int64_t i = 0; i < length_; ++i) {
      char32_t c = kind_ == 1 ? uint8_t(units_[size_t(i)])
                              : reinterpret_cast<const uint16_t*>(units_.data())[i];
      if (kind == 2)
        reinterpret_cast<uint16_t*>(wider.data())[i] = uint16_t(c);
      else
        reinterpret_cast<uint32_t*>(wider.data())[i] = uint32_t(c);
    }
    units_.swap(wider);
    kind_ = kind;
  }

  std::string units_;  // length_ code units of kind_ bytes each
  int64_t length_ = 0;
  int kind_ = 1;
  char32_t max_char_ = 0;
};

}  // namespace krait
