// The methods bytes and bytearray share, written once over the receiver's bytes: each
// returns a result of the receiver's family (bytes for bytes, bytearray for bytearray).
// Character classes and case mappings are ASCII-only, as in CPython. Both types' method
// tables are at the end; methods only one type has live in bytes.cpp / bytearray.cpp.
#include <algorithm>
#include <cstring>
#include <string>

#include "core/ops.h"
#include "objects/bytes_internal.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"
#include "objects/unicode_codecs.h"

namespace krait {

namespace {

using Units = const uint8_t*;
inline Units units(std::string_view s) { return reinterpret_cast<Units>(s.data()); }

// --- ASCII character classes ---

inline bool is_space(uint8_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
inline bool is_upper(uint8_t c) { return c >= 'A' && c <= 'Z'; }
inline bool is_lower(uint8_t c) { return c >= 'a' && c <= 'z'; }
inline bool is_alpha(uint8_t c) { return is_upper(c) || is_lower(c); }
inline bool is_digit(uint8_t c) { return c >= '0' && c <= '9'; }
inline uint8_t to_upper(uint8_t c) { return is_lower(c) ? uint8_t(c - 32) : c; }
inline uint8_t to_lower(uint8_t c) { return is_upper(c) ? uint8_t(c + 32) : c; }

// self[start, end) as a result: self itself for an unchanged exact bytes.
Ref<> result_slice(Value self, int64_t start, int64_t end) {
  std::string_view data = byte_data(self);
  if (start == 0 && end == int64_t(data.size()) && is_exact_bytes(self)) return new_ref(self);
  return bytes_like(self, data.substr(size_t(start), size_t(end - start)));
}

// The `sub` of find/count/index: a byte value or a bytes-like object.
class SubArgument {
 public:
  bool get(Value v) {
    if (is_int(v) || type_of(v)->to_index) {
      if (!byte_argument(v, &byte_)) return false;
      data_ = std::string_view(reinterpret_cast<const char*>(&byte_), 1);
      return true;
    }
    if (!type_of(v)->get_buffer) {
      return type_error("argument should be integer or bytes-like object, not '{}'", type_name(v));
    }
    if (!buffer_.get(v)) return false;
    data_ = buffer_.data();
    return true;
  }
  std::string_view data() const { return data_; }

 private:
  uint8_t byte_ = 0;
  BufferHolder buffer_;
  std::string_view data_;
};

// --- find, count, index, startswith, endswith ---

// The index of sub in self[start:end] (-1 if absent), or -2 on error.
int64_t find_common(Value self, const Value* args, bool reverse) {
  SubArgument sub;
  if (!sub.get(args[0])) return -2;
  int64_t start = 0, end = INT64_MAX;
  if (!slice_bound(args[1], &start) || !slice_bound(args[2], &end)) return -2;
  std::string_view data = byte_data(self);
  int64_t n = int64_t(data.size());
  adjust_indices(n, &start, &end);
  std::string_view needle = sub.data();
  int64_t m = int64_t(needle.size());
  if (start > end || end - start < m) return -1;
  if (m == 0) return reverse ? end : start;
  Units hay = units(data) + start;
  int64_t at = reverse ? search::rfind(hay, end - start, units(needle), m)
                       : search::find(hay, end - start, units(needle), m);
  return at < 0 ? -1 : at + start;
}

Ref<> bytes_find_parsed(Value self, const Value* args) {
  int64_t at = find_common(self, args, false);
  return at == -2 ? nullptr : int_from_int64(at);
}
Ref<> bytes_rfind_parsed(Value self, const Value* args) {
  int64_t at = find_common(self, args, true);
  return at == -2 ? nullptr : int_from_int64(at);
}
Ref<> bytes_index_parsed(Value self, const Value* args) {
  int64_t at = find_common(self, args, false);
  if (at == -1) return value_error("subsection not found");
  return at == -2 ? nullptr : int_from_int64(at);
}
Ref<> bytes_rindex_parsed(Value self, const Value* args) {
  int64_t at = find_common(self, args, true);
  if (at == -1) return value_error("subsection not found");
  return at == -2 ? nullptr : int_from_int64(at);
}

Ref<> bytes_count_parsed(Value self, const Value* args) {
  SubArgument sub;
  if (!sub.get(args[0])) return nullptr;
  int64_t start = 0, end = INT64_MAX;
  if (!slice_bound(args[1], &start) || !slice_bound(args[2], &end)) return nullptr;
  std::string_view data = byte_data(self);
  adjust_indices(int64_t(data.size()), &start, &end);
  std::string_view needle = sub.data();
  int64_t m = int64_t(needle.size());
  if (start > end) return int_from_int64(0);
  if (m == 0) return int_from_int64(end - start + 1);
  return int_from_int64(
      search::count(units(data) + start, end - start, units(needle), m, INT64_MAX));
}

bool tail_match(std::string_view data, std::string_view sub, int64_t start, int64_t end,
                bool at_end) {
  adjust_indices(int64_t(data.size()), &start, &end);
  end -= int64_t(sub.size());
  if (end < start) return false;
  if (sub.empty()) return true;
  int64_t offset = at_end ? end : start;
  return std::memcmp(data.data() + offset, sub.data(), sub.size()) == 0;
}

Ref<> starts_or_ends_with(Value self, const Value* args, bool at_end) {
  const char* name = at_end ? "endswith" : "startswith";
  int64_t start = 0, end = INT64_MAX;
  if (!slice_bound(args[1], &start) || !slice_bound(args[2], &end)) return nullptr;
  Value prefix = args[0];
  if (is_tuple(prefix)) {
    Ref<> options = new_ref(prefix);
    for (int64_t i = 0; i < as_tuple(options)->length; ++i) {
      BufferHolder option;
      if (!option.get(as_tuple(options)->items[i])) return nullptr;
      if (tail_match(byte_data(self), option.data(), start, end, at_end)) return new_bool(true);
    }
    return new_bool(false);
  }
  BufferHolder option;
  if (!type_of(prefix)->get_buffer || !option.get(prefix)) {
    clear_error();
    return type_error("{} first arg must be bytes or a tuple of bytes, not {}", name,
                      type_name(prefix));
  }
  return new_bool(tail_match(byte_data(self), option.data(), start, end, at_end));
}

Ref<> bytes_startswith_parsed(Value self, const Value* args) {
  return starts_or_ends_with(self, args, false);
}
Ref<> bytes_endswith_parsed(Value self, const Value* args) {
  return starts_or_ends_with(self, args, true);
}

// The old-style argument parsing of the find family, then the method.
template <Ref<> (*Impl)(Value, const Value*)>
Ref<> with_sub_start_end(const char* name, Value self, const Value* args, size_t nargs,
                         TupleObject* kwnames) {
  Value parsed[3];
  const char* owner = is_bytes(self) ? "bytes" : "bytearray";
  if (!sub_start_end_arguments(name, owner, args, nargs, kwnames, parsed)) return nullptr;
  return Impl(self, parsed);
}

#define KRAIT_SUB_START_END_METHOD(name)                                                  \
  Ref<> bytes_##name(Value self, const Value* args, size_t nargs, TupleObject* kwnames) { \
    return with_sub_start_end<bytes_##name##_parsed>(#name, self, args, nargs, kwnames);  \
  }
KRAIT_SUB_START_END_METHOD(find)
KRAIT_SUB_START_END_METHOD(rfind)
KRAIT_SUB_START_END_METHOD(index)
KRAIT_SUB_START_END_METHOD(rindex)
KRAIT_SUB_START_END_METHOD(count)
KRAIT_SUB_START_END_METHOD(startswith)
KRAIT_SUB_START_END_METHOD(endswith)
#undef KRAIT_SUB_START_END_METHOD

// --- split, rsplit, splitlines, partition ---

Ref<> split_common(Value self, const Value* args, bool from_right) {
  int64_t maxsplit;
  if (!index_argument(args[1], &maxsplit)) return nullptr;
  BufferHolder separator;
  bool whitespace = is_none(args[0]);
  if (!whitespace) {
    if (!separator.get(args[0])) return nullptr;
    if (separator.data().empty()) return value_error("empty separator");
  }
  std::string_view data = byte_data(self);
  Ref<ListObject> list = list_new(0);
  if (!list) return nullptr;
  auto emit = [&](int64_t start, int64_t end) {
    Ref<> piece = result_slice(self, start, end);
    return piece && list_append_steal(list.get(), std::move(piece));
  };
  auto space = [](uint8_t c) { return is_space(c); };
  int64_t n = int64_t(data.size());
  bool ok;
  if (whitespace) {
    ok = from_right ? rsplit_whitespace_units(units(data), n, maxsplit, space, emit)
                    : split_whitespace_units(units(data), n, maxsplit, space, emit);
  } else {
    std::string_view sep = separator.data();
    int64_t m = int64_t(sep.size());
    ok = from_right ? rsplit_units(units(data), n, units(sep), m, maxsplit, emit)
                    : split_units(units(data), n, units(sep), m, maxsplit, emit);
  }
  if (!ok) return nullptr;
  if (from_right && list->length > 1) list_reverse(list.get());
  return list;
}

Ref<> bytes_split(Value self, const Value* args) { return split_common(self, args, false); }
Ref<> bytes_rsplit(Value self, const Value* args) { return split_common(self, args, true); }

Ref<> bytes_splitlines(Value self, const Value* args) {
  int64_t keepends;
  if (!index_argument(args[0], &keepends)) return nullptr;
  std::string_view data = byte_data(self);
  int64_t n = int64_t(data.size());
  Ref<ListObject> list = list_new(0);
  if (!list) return nullptr;
  for (int64_t i = 0; i < n;) {
    int64_t start = i;
    while (i < n && data[size_t(i)] != '\n' && data[size_t(i)] != '\r') ++i;
    int64_t line_end = i;
    if (i < n) {
      i += (data[size_t(i)] == '\r' && i + 1 < n && data[size_t(i) + 1] == '\n') ? 2 : 1;
      if (keepends) line_end = i;
    }
    Ref<> line = result_slice(self, start, line_end);
    if (!line || !list_append_steal(list.get(), std::move(line))) return nullptr;
  }
  return list;
}

Ref<> partition_common(Value self, Value sep_arg, bool from_right) {
  BufferHolder separator;
  if (!separator.get(sep_arg)) return nullptr;
  std::string_view sep = separator.data();
  if (sep.empty()) return value_error("empty separator");
  std::string_view data = byte_data(self);
  int64_t n = int64_t(data.size()), m = int64_t(sep.size());
  int64_t at = from_right ? search::rfind(units(data), n, units(sep), m)
                          : search::find(units(data), n, units(sep), m);
  Ref<> empty_left = bytes_like(self, {});
  Ref<> empty_right = bytes_like(self, {});
  if (!empty_left || !empty_right) return nullptr;
  if (at < 0) {
    Ref<> whole = result_slice(self, 0, n);
    if (!whole) return nullptr;
    return from_right ? tuple_of({empty_left, empty_right, whole})
                      : tuple_of({whole, empty_left, empty_right});
  }
  Ref<> head = result_slice(self, 0, at);
  Ref<> middle =
      is_exact_bytes(self) && is_exact_bytes(sep_arg) ? new_ref(sep_arg) : bytes_like(self, sep);
  Ref<> tail = result_slice(self, at + m, n);
  if (!head || !middle || !tail) return nullptr;
  return tuple_of({head, middle, tail});
}

Ref<> bytes_partition(Value self, const Value* args) {
  return partition_common(self, args[0], false);
}
Ref<> bytes_rpartition(Value self, const Value* args) {
  return partition_common(self, args[0], true);
}

// --- join, replace, removeprefix, removesuffix ---

Ref<> bytes_join(Value self, const Value* args) {
  Value iterable = args[0];
  Ref<> items_owner;
  if (is_exact_list(iterable) || is_exact_tuple(iterable)) {
    items_owner = new_ref(iterable);
  } else {
    TypeObject* type = type_of(iterable);
    if (!type->iter && !type->getitem) return type_error("can only join an iterable");
    items_owner = list_from_iterable(iterable);
    if (!items_owner) return nullptr;
  }
  const Value* items =
      is_list(items_owner) ? as_list(items_owner)->items : as_tuple(items_owner)->items;
  int64_t count =
      is_list(items_owner) ? as_list(items_owner)->length : as_tuple(items_owner)->length;
  if (count == 1 && is_exact_bytes(items[0]) && is_bytes(self)) return new_ref(items[0]);
  // Hold every item's buffer while the result is assembled (no Python code runs here, so
  // the list cannot change underneath).
  std::vector<BufferHolder> buffers(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    if (!type_of(items[i])->get_buffer || !buffers[size_t(i)].get(items[i])) {
      clear_error();
      return type_error("sequence item {}: expected a bytes-like object, {} found", i,
                        type_name(items[i]));
    }
  }
  std::string separator(byte_data(self));
  std::string out;
  for (int64_t i = 0; i < count; ++i) {
    if (i) out += separator;
    out += buffers[size_t(i)].data();
  }
  return bytes_like(self, out);
}

Ref<> bytes_replace(Value self, const Value* args) {
  BufferHolder old_buffer, new_buffer;
  if (!old_buffer.get(args[0]) || !new_buffer.get(args[1])) return nullptr;
  int64_t max_count;
  if (!index_argument(args[2], &max_count)) return nullptr;
  if (max_count < 0) max_count = INT64_MAX;
  std::string_view data = byte_data(self), old = old_buffer.data(), replacement = new_buffer.data();
  int64_t n = int64_t(data.size()), m = int64_t(old.size()), r = int64_t(replacement.size());
  if (max_count == 0 || m > n) return result_slice(self, 0, n);
  int64_t count =
      m == 0 ? std::min(max_count, n + 1) : search::count(units(data), n, units(old), m, max_count);
  if (count == 0) return result_slice(self, 0, n);
  if (r > m && (r - m) > (INT64_MAX / 2 - n) / count)
    return overflow_error("replace bytes are too long");
  std::string out(size_t(n + count * (r - m)), '\0');
  replace_into(units(data), n, units(old), m, units(replacement), r, count,
               reinterpret_cast<uint8_t*>(out.data()));
  return bytes_like(self, out);
}

Ref<> remove_affix(Value self, Value affix_arg, bool suffix) {
  BufferHolder affix;
  if (!affix.get(affix_arg)) return nullptr;
  std::string_view data = byte_data(self);
  int64_t n = int64_t(data.size()), m = int64_t(affix.data().size());
  if (m > 0 && tail_match(data, affix.data(), 0, INT64_MAX, suffix)) {
    return suffix ? result_slice(self, 0, n - m) : result_slice(self, m, n);
  }
  return result_slice(self, 0, n);
}

Ref<> bytes_removeprefix(Value self, const Value* args) {
  return remove_affix(self, args[0], false);
}
Ref<> bytes_removesuffix(Value self, const Value* args) {
  return remove_affix(self, args[0], true);
}

// --- strip ---

// which: 0 both ends, 1 left, 2 right.
Ref<> strip_common(Value self, Value chars, int which) {
  bool set[256] = {};
  BufferHolder buffer;
  if (!chars || is_none(chars)) {
    for (int c = 0; c < 256; ++c) set[c] = is_space(uint8_t(c));
  } else {
    if (!buffer.get(chars)) return nullptr;
    for (char c : buffer.data()) set[uint8_t(c)] = true;
  }
  std::string_view data = byte_data(self);
  int64_t start = 0, end = int64_t(data.size());
  if (which != 2) {
    while (start < end && set[uint8_t(data[size_t(start)])]) ++start;
  }
  if (which != 1) {
    while (end > start && set[uint8_t(data[size_t(end - 1)])]) --end;
  }
  return result_slice(self, start, end);
}

Ref<> bytes_strip(Value self, const Value* args) { return strip_common(self, args[0], 0); }
Ref<> bytes_lstrip(Value self, const Value* args) { return strip_common(self, args[0], 1); }
Ref<> bytes_rstrip(Value self, const Value* args) { return strip_common(self, args[0], 2); }

// --- center, ljust, rjust, zfill, expandtabs ---

// which: 0 center, 1 ljust, 2 rjust.
Ref<> justify(Value self, const Value* args, int which, const char* name) {
  int64_t width;
  if (!index_argument(args[0], &width)) return nullptr;
  char fill = ' ';
  if (Value f = args[1]) {
    std::string_view fill_data;
    if (is_bytes(f) || is_bytearray(f)) fill_data = byte_data(f);
    if ((!is_bytes(f) && !is_bytearray(f)) || fill_data.size() != 1) {
      return type_error("{}() argument 2 must be a byte string of length 1, not {}", name,
                        argument_type_name(f));
    }
    fill = fill_data[0];
  }
  std::string_view data = byte_data(self);
  int64_t n = int64_t(data.size());
  if (width <= n) return result_slice(self, 0, n);
  if (is_bytes(self) && width > INT64_MAX - 33) return overflow_error("byte string is too large");
  int64_t margin = width - n;
  int64_t left = which == 0 ? margin / 2 + (margin & width & 1) : which == 1 ? 0 : margin;
  std::string out(size_t(left), fill);
  out += data;
  out.append(size_t(margin - left), fill);
  return bytes_like(self, out);
}

Ref<> bytes_center(Value self, const Value* args) { return justify(self, args, 0, "center"); }
Ref<> bytes_ljust(Value self, const Value* args) { return justify(self, args, 1, "ljust"); }
Ref<> bytes_rjust(Value self, const Value* args) { return justify(self, args, 2, "rjust"); }

Ref<> bytes_zfill(Value self, const Value* args) {
  int64_t width;
  if (!index_argument(args[0], &width)) return nullptr;
  std::string_view data = byte_data(self);
  int64_t n = int64_t(data.size());
  if (width <= n) return result_slice(self, 0, n);
  if (is_bytes(self) && width > INT64_MAX - 33) return overflow_error("byte string is too large");
  std::string out(size_t(width - n), '0');
  out += data;
  char first = out[size_t(width - n)];
  if (first == '+' || first == '-') {
    out[0] = first;
    out[size_t(width - n)] = '0';
  }
  return bytes_like(self, out);
}

Ref<> bytes_expandtabs(Value self, const Value* args) {
  int64_t tabsize;
  if (!tabsize_argument(args[0], &tabsize)) return nullptr;
  std::string_view data = byte_data(self);
  std::string out;
  int64_t column = 0;
  for (char c : data) {
    if (c == '\t') {
      if (tabsize > 0) {
        int64_t spaces = tabsize - column % tabsize;
        if (spaces > INT64_MAX / 2 - int64_t(out.size())) return overflow_error("result too long");
        out.append(size_t(spaces), ' ');
        column += spaces;
      }
    } else {
      out += c;
      ++column;
      if (c == '\n' || c == '\r') column = 0;
    }
  }
  return bytes_like(self, out);
}

// --- Case mappings (ASCII) ---

template <class Map>
Ref<> map_bytes(Value self, Map&& map) {
  std::string out(byte_data(self));
  bool previous_is_cased = false;
  for (size_t i = 0; i < out.size(); ++i) out[i] = char(map(uint8_t(out[i]), i, previous_is_cased));
  return bytes_like(self, out);
}

Ref<> bytes_lower(Value self, const Value*) {
  return map_bytes(self, [](uint8_t c, size_t, bool&) { return to_lower(c); });
}
Ref<> bytes_upper(Value self, const Value*) {
  return map_bytes(self, [](uint8_t c, size_t, bool&) { return to_upper(c); });
}
Ref<> bytes_swapcase(Value self, const Value*) {
  return map_bytes(
      self, [](uint8_t c, size_t, bool&) { return is_upper(c) ? to_lower(c) : to_upper(c); });
}
Ref<> bytes_capitalize(Value self, const Value*) {
  return map_bytes(self,
                   [](uint8_t c, size_t i, bool&) { return i == 0 ? to_upper(c) : to_lower(c); });
}
Ref<> bytes_title(Value self, const Value*) {
  return map_bytes(self, [](uint8_t c, size_t, bool& previous_is_cased) {
    uint8_t mapped = previous_is_cased ? to_lower(c) : to_upper(c);
    previous_is_cased = is_alpha(c);
    return mapped;
  });
}

// --- Predicates (ASCII) ---

template <class Predicate>
Ref<> all_bytes(Value self, Predicate&& predicate) {
  std::string_view data = byte_data(self);
  if (data.empty()) return new_bool(false);
  for (char c : data) {
    if (!predicate(uint8_t(c))) return new_bool(false);
  }
  return new_bool(true);
}

Ref<> bytes_isalnum(Value self, const Value*) {
  return all_bytes(self, [](uint8_t c) { return is_alpha(c) || is_digit(c); });
}
Ref<> bytes_isalpha(Value self, const Value*) { return all_bytes(self, is_alpha); }
Ref<> bytes_isdigit(Value self, const Value*) { return all_bytes(self, is_digit); }
Ref<> bytes_isspace(Value self, const Value*) { return all_bytes(self, is_space); }

Ref<> bytes_isascii(Value self, const Value*) {
  for (char c : byte_data(self)) {
    if (uint8_t(c) >= 0x80) return new_bool(false);
  }
  return new_bool(true);
}

Ref<> bytes_islower(Value self, const Value*) {
  bool cased = false;
  for (char c : byte_data(self)) {
    if (is_upper(uint8_t(c))) return new_bool(false);
    cased |= is_lower(uint8_t(c));
  }
  return new_bool(cased);
}

Ref<> bytes_isupper(Value self, const Value*) {
  bool cased = false;
  for (char c : byte_data(self)) {
    if (is_lower(uint8_t(c))) return new_bool(false);
    cased |= is_upper(uint8_t(c));
  }
  return new_bool(cased);
}

Ref<> bytes_istitle(Value self, const Value*) {
  bool cased = false, previous_is_cased = false;
  for (char ch : byte_data(self)) {
    auto c = uint8_t(ch);
    if (is_upper(c)) {
      if (previous_is_cased) return new_bool(false);
      previous_is_cased = cased = true;
    } else if (is_lower(c)) {
      if (!previous_is_cased) return new_bool(false);
      previous_is_cased = cased = true;
    } else {
      previous_is_cased = false;
    }
  }
  return new_bool(cased);
}

// --- translate, maketrans ---

Ref<> bytes_translate(Value self, const Value* args) {
  BufferHolder table_buffer, delete_buffer;
  Value table = args[0];
  if (!is_none(table)) {
    if (!table_buffer.get(table)) return nullptr;
    if (table_buffer.data().size() != 256)
      return value_error("translation table must be 256 characters long");
  }
  bool deleted[256] = {};
  if (args[1]) {
    if (!delete_buffer.get(args[1])) return nullptr;
    for (char c : delete_buffer.data()) deleted[uint8_t(c)] = true;
  }
  std::string_view map = table_buffer.data();
  std::string out;
  std::string_view data = byte_data(self);
  out.reserve(data.size());
  for (char c : data) {
    if (deleted[uint8_t(c)]) continue;
    out += is_none(table) ? c : map[uint8_t(c)];
  }
  if (out == data && is_exact_bytes(self)) return new_ref(self);
  return bytes_like(self, out);
}

Ref<> bytes_maketrans(Value, const Value* args) {
  BufferHolder from, to;
  if (!from.get(args[0]) || !to.get(args[1])) return nullptr;
  if (from.data().size() != to.data().size())
    return value_error("maketrans arguments must have same length");
  std::string table(256, '\0');
  for (int c = 0; c < 256; ++c) table[size_t(c)] = char(c);
  for (size_t i = 0; i < from.data().size(); ++i) table[uint8_t(from.data()[i])] = to.data()[i];
  return bytes_from(table);
}

// --- hex, fromhex, decode ---

Ref<> bytes_hex(Value self, const Value* args) {
  Value sep_arg = args[0];
  int64_t bytes_per_sep;
  if (!index_argument(args[1], &bytes_per_sep)) return nullptr;
  char sep = 0;
  if (sep_arg) {
    std::string_view sep_data;
    if (is_str(sep_arg)) {
      StrObject* s = as_str(sep_arg);
      if (s->length != 1) return value_error("sep must be length 1.");
      if (s->at(0) >= 0x80) return value_error("sep must be ASCII.");
      sep = char(s->at(0));
    } else if (is_bytes(sep_arg) || is_bytearray(sep_arg)) {
      sep_data = byte_data(sep_arg);
      if (sep_data.size() != 1) return value_error("sep must be length 1.");
      if (uint8_t(sep_data[0]) >= 0x80) return value_error("sep must be ASCII.");
      sep = sep_data[0];
    } else {
      if (length(sep_arg) < 0) return nullptr;
      return type_error("sep must be str or bytes.");
    }
  }
  std::string_view data = byte_data(self);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  int64_t n = int64_t(data.size());
  int64_t group = bytes_per_sep < 0 ? -bytes_per_sep : bytes_per_sep;
  bool grouping = sep_arg && group > 0 && group < n;
  out.reserve(size_t(n) * 3);
  for (int64_t i = 0; i < n; ++i) {
    if (grouping && i > 0) {
      // Groups count from the right for a positive bytes_per_sep, from the left otherwise.
      bool boundary = bytes_per_sep > 0 ? (n - i) % group == 0 : i % group == 0;
      if (boundary) out += sep;
    }
    auto c = uint8_t(data[size_t(i)]);
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return str_from_ascii(out);
}

int hex_digit(char32_t c) {
  if (c >= '0' && c <= '9') return int(c - '0');
  if (c >= 'a' && c <= 'f') return int(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return int(c - 'A' + 10);
  return -1;
}

Ref<> bytes_fromhex(Value cls, const Value* args) {
  Value string = args[0];
  if (!is_str(string))
    return type_error("fromhex() argument must be str, not {}", argument_type_name(string));
  StrObject* s = as_str(string);
  std::string out;
  int64_t n = s->length;
  for (int64_t i = 0; i < n;) {
    char32_t c = s->at(i);
    if (c < 128 && is_space(uint8_t(c))) {
      ++i;
      continue;
    }
    int high = hex_digit(c);
    if (high < 0)
      return value_error("non-hexadecimal number found in fromhex() arg at position {}", i);
    int low = i + 1 < n ? hex_digit(s->at(i + 1)) : -1;
    if (low < 0)
      return value_error("non-hexadecimal number found in fromhex() arg at position {}", i + 1);
    out += char(high << 4 | low);
    i += 2;
  }
  auto* type = static_cast<TypeObject*>(cls.as_object());
  bool for_bytearray = is_subtype(type, &bytearray_type);
  Ref<> result = for_bytearray ? Ref<>(bytearray_from(out)) : Ref<>(bytes_from(out));
  if (!result || type == &bytes_type || type == &bytearray_type) return result;
  return call1(cls, result);
}

Ref<> bytes_decode(Value self, const Value* args) {
  if (args[0] && !is_str(args[0])) {
    return type_error("decode() argument 'encoding' must be str, not {}",
                      argument_type_name(args[0]));
  }
  if (args[1] && !is_str(args[1])) {
    return type_error("decode() argument 'errors' must be str, not {}",
                      argument_type_name(args[1]));
  }
  return bytes_decode(self, args[0], args[1]);
}

}  // namespace

// Both tables list the shared methods through this one macro.
#define KRAIT_SHARED_BYTES_METHODS                                                                 \
  {.name = "capitalize",                                                                           \
   .impl = memory_guarded<bytes_capitalize>,                                                       \
   .signature = "($self, /)",                                                                      \
   .doc =                                                                                          \
       "B.capitalize() -> copy of B\n\nReturn a copy of B with only its first character "          \
       "capitalized (ASCII)\nand the rest lower-cased.", .flags = kMethodNoTextSignature},         \
      {.name = "center",                                                                           \
       .impl = memory_guarded<bytes_center>,                                                       \
       .signature = "($self, width, fillchar=?, /)",                                               \
       .doc = "center($self, width, fillchar=b' ', /)\n--\n\n"                                     \
           "Return a centered string of length width.\n\nPadding is done using the specified "     \
           "fill character."},                                                                     \
      {.name = "count",                                                                            \
       .raw = memory_guarded_raw<bytes_count>,                                                     \
       .doc = "B.count(sub[, start[, end]]) -> int\n"                                              \
           "\nReturn the number of non-overlapping occurrences of subsection sub in\n"             \
           "bytes B[start:end].  Optional arguments start and end are interpreted\n"               \
           "as in slice notation."},                                                               \
      {.name = "decode",                                                                           \
       .impl = memory_guarded<bytes_decode>,                                                       \
       .signature = "($self, /, encoding='utf-8', errors='strict')",                               \
       .doc = "Decode the bytes using the codec registered for encoding."},                        \
      {.name = "endswith",                                                                         \
       .raw = memory_guarded_raw<bytes_endswith>,                                                  \
       .doc = "B.endswith(suffix[, start[, end]]) -> bool\n"                                       \
           "\nReturn True if B ends with the specified suffix, False otherwise.\n"                 \
           "With optional start, test B beginning at that position.\n"                             \
           "With optional end, stop comparing B at that position.\n"                               \
           "suffix can also be a tuple of bytes to try."},                                         \
      {.name = "expandtabs",                                                                       \
       .impl = memory_guarded<bytes_expandtabs>,                                                   \
       .signature = "($self, /, tabsize=8)",                                                       \
       .doc = "Return a copy where all tab characters are expanded using spaces.\n"                \
           "\nIf tabsize is not given, a tab size of 8 characters is assumed."},                   \
      {.name = "find",                                                                             \
       .raw = memory_guarded_raw<bytes_find>,                                                      \
       .doc = "B.find(sub[, start[, end]]) -> int\n"                                               \
           "\nReturn the lowest index in B where subsection sub is found,\n"                       \
           "such that sub is contained within B[start,end].  Optional\n"                           \
           "arguments start and end are interpreted as in slice notation.\n"                       \
           "\nReturn -1 on failure."},                                                             \
      {.name = "fromhex",                                                                          \
       .impl = memory_guarded<bytes_fromhex>,                                                      \
       .signature = "($type, string, /)",                                                          \
       .doc = "Create a bytes object from a string of hexadecimal numbers.",                       \
       .flags = kMethodClass},                                                                     \
      {.name = "index",                                                                            \
       .raw = memory_guarded_raw<bytes_index>,                                                     \
       .doc = "B.index(sub[, start[, end]]) -> int\n"                                              \
           "\nReturn the lowest index in B where subsection sub is found,\n"                       \
           "such that sub is contained within B[start,end].  Optional\n"                           \
           "arguments start and end are interpreted as in slice notation.\n"                       \
           "\nRaises ValueError when the subsection is not found."},                               \
      {.name = "isalnum",                                                                          \
       .impl = memory_guarded<bytes_isalnum>,                                                      \
       .signature = "($self, /)",                                                                  \
       .doc =                                                                                      \
           "B.isalnum() -> bool\n\nReturn True if all characters in B are alphanumeric\nand "      \
           "there is at least one character in B, False otherwise.",                               \
       .flags = kMethodNoTextSignature},                                                           \
      {.name = "isalpha",                                                                          \
       .impl = memory_guarded<bytes_isalpha>,                                                      \
       .signature = "($self, /)",                                                                  \
       .doc =                                                                                      \
           "B.isalpha() -> bool\n\nReturn True if all characters in B are alphabetic\nand there "  \
           "is at least one character in B, False otherwise.", .flags = kMethodNoTextSignature},   \
      {.name = "isascii",                                                                          \
       .impl = memory_guarded<bytes_isascii>,                                                      \
       .signature = "($self, /)",                                                                  \
       .doc =                                                                                      \
           "B.isascii() -> bool\n\nReturn True if B is empty or all characters in B are "          \
           "ASCII,\nFalse otherwise.", .flags = kMethodNoTextSignature},                           \
      {.name = "isdigit",                                                                          \
       .impl = memory_guarded<bytes_isdigit>,                                                      \
       .signature = "($self, /)",                                                                  \
       .doc =                                                                                      \
           "B.isdigit() -> bool\n\nReturn True if all characters in B are digits\nand there is "   \
           "at least one character in B, False otherwise.", .flags = kMethodNoTextSignature},      \
      {.name = "islower",                                                                          \
       .impl = memory_guarded<bytes_islower>,                                                      \
       .signature = "($self, /)",                                                                  \
       .doc =                                                                                      \
           "B.islower() -> bool\n\nReturn True if all cased characters in B are lowercase and "    \
           "there is\nat least one cased character in B, False otherwise.",                        \
       .flags = kMethodNoTextSignature},                                                           \
      {.name = "isspace",                                                                          \
       .impl = memory_guarded<bytes_isspace>,                                                      \
       .signature = "($self, /)",                                                                  \
       .doc =                                                                                      \
           "B.isspace() -> bool\n\nReturn True if all characters in B are whitespace\nand there "  \
           "is at least one character in B, False otherwise.", .flags = kMethodNoTextSignature},   \
      {.name = "istitle",                                                                          \
       .impl = memory_guarded<bytes_istitle>,                                                      \
       .signature = "($self, /)",                                                                  \
       .doc = "B.istitle() -> bool\n"                                                              \
           "\nReturn True if B is a titlecased string and there is at least one\n"                 \
           "character in B, i.e. uppercase characters may only follow uncased\n"                   \
           "characters and lowercase characters only cased ones. Return False\n"                   \
           "otherwise.", .flags = kMethodNoTextSignature},                                         \
      {.name = "isupper",                                                                          \
       .impl = memory_guarded<bytes_isupper>,                                                      \
       .signature = "($self, /)",                                                                  \
       .doc =                                                                                      \
           "B.isupper() -> bool\n\nReturn True if all cased characters in B are uppercase and "    \
           "there is\nat least one cased character in B, False otherwise.",                        \
       .flags = kMethodNoTextSignature},                                                           \
      {.name = "join",                                                                             \
       .impl = memory_guarded<bytes_join>,                                                         \
       .signature = "($self, iterable_of_bytes, /)",                                               \
       .doc = "Concatenate any number of bytes objects."},                                         \
      {.name = "ljust",                                                                            \
       .impl = memory_guarded<bytes_ljust>,                                                        \
       .signature = "($self, width, fillchar=?, /)",                                               \
       .doc = "ljust($self, width, fillchar=b' ', /)\n--\n\n"                                      \
           "Return a left-justified string of length width.\n"                                     \
           "\nPadding is done using the specified fill character."},                               \
      {.name = "lower",                                                                            \
       .impl = memory_guarded<bytes_lower>,                                                        \
       .signature = "($self, /)",                                                                  \
       .doc =                                                                                      \
           "B.lower() -> copy of B\n\nReturn a copy of B with all ASCII characters converted to "  \
           "lowercase.", .flags = kMethodNoTextSignature},                                         \
      {.name = "lstrip",                                                                           \
       .impl = memory_guarded<bytes_lstrip>,                                                       \
       .signature = "($self, bytes=None, /)",                                                      \
       .doc = "Strip leading bytes contained in the argument."},                                   \
      {.name = "maketrans",                                                                        \
       .impl = memory_guarded<bytes_maketrans>,                                                    \
       .signature = "(frm, to, /)",                                                                \
       .doc = "Return a translation table useable for the bytes or bytearray translate method.",   \
       .flags = kMethodStatic},                                                                    \
      {.name = "partition",                                                                        \
       .impl = memory_guarded<bytes_partition>,                                                    \
       .signature = "($self, sep, /)",                                                             \
       .doc = "Partition the bytes into three parts using the given separator."},                  \
      {.name = "replace",                                                                          \
       .impl = memory_guarded<bytes_replace>,                                                      \
       .signature = "($self, old, new, count=-1, /)",                                              \
       .doc = "Return a copy with all occurrences of substring old replaced by new.\n"             \
           "\n  count\n    Maximum number of occurrences to replace.\n"                            \
           "    -1 (the default value) means replace all occurrences.\n"                           \
           "\nIf the optional argument count is given, only the first count occurrences are\n"     \
           "replaced."},                                                                           \
      {.name = "removeprefix",                                                                     \
       .impl = memory_guarded<bytes_removeprefix>,                                                 \
       .signature = "($self, prefix, /)",                                                          \
       .doc = "Return a bytes object with the given prefix string removed if present."},           \
      {.name = "removesuffix",                                                                     \
       .impl = memory_guarded<bytes_removesuffix>,                                                 \
       .signature = "($self, suffix, /)",                                                          \
       .doc = "Return a bytes object with the given suffix string removed if present."},           \
      {.name = "rfind",                                                                            \
       .raw = memory_guarded_raw<bytes_rfind>,                                                     \
       .doc = "B.rfind(sub[, start[, end]]) -> int\n"                                              \
           "\nReturn the highest index in B where subsection sub is found,\n"                      \
           "such that sub is contained within B[start,end].  Optional\n"                           \
           "arguments start and end are interpreted as in slice notation.\n"                       \
           "\nReturn -1 on failure."},                                                             \
      {.name = "rindex",                                                                           \
       .raw = memory_guarded_raw<bytes_rindex>,                                                    \
       .doc = "B.rindex(sub[, start[, end]]) -> int\n"                                             \
           "\nReturn the highest index in B where subsection sub is found,\n"                      \
           "such that sub is contained within B[start,end].  Optional\n"                           \
           "arguments start and end are interpreted as in slice notation.\n"                       \
           "\nRaise ValueError when the subsection is not found."},                                \
      {.name = "rjust",                                                                            \
       .impl = memory_guarded<bytes_rjust>,                                                        \
       .signature = "($self, width, fillchar=?, /)",                                               \
       .doc = "rjust($self, width, fillchar=b' ', /)\n--\n\n"                                      \
           "Return a right-justified string of length width.\n"                                    \
           "\nPadding is done using the specified fill character."},                               \
      {.name = "rpartition",                                                                       \
       .impl = memory_guarded<bytes_rpartition>,                                                   \
       .signature = "($self, sep, /)",                                                             \
       .doc =                                                                                      \
           "Partition the bytes into three parts using the given separator, searching from the "   \
           "end."},                                                                                \
      {.name = "rsplit",                                                                           \
       .impl = memory_guarded<bytes_rsplit>,                                                       \
       .signature = "($self, /, sep=None, maxsplit=-1)",                                           \
       .doc = "Return a list of the sections in the bytes, using sep as the delimiter."},          \
      {.name = "rstrip",                                                                           \
       .impl = memory_guarded<bytes_rstrip>,                                                       \
       .signature = "($self, bytes=None, /)",                                                      \
       .doc = "Strip trailing bytes contained in the argument.\n"                                  \
           "\nIf the argument is omitted or None, strip trailing ASCII whitespace."},              \
      {.name = "split",                                                                            \
       .impl = memory_guarded<bytes_split>,                                                        \
       .signature = "($self, /, sep=None, maxsplit=-1)",                                           \
       .doc = "Return a list of the sections in the bytes, using sep as the delimiter."},          \
      {.name = "splitlines",                                                                       \
       .impl = memory_guarded<bytes_splitlines>,                                                   \
       .signature = "($self, /, keepends=False)",                                                  \
       .doc = "Return a list of the lines in the bytes, breaking at line boundaries."},            \
      {.name = "startswith",                                                                       \
       .raw = memory_guarded_raw<bytes_startswith>,                                                \
       .doc = "B.startswith(prefix[, start[, end]]) -> bool\n"                                     \
           "\nReturn True if B starts with the specified prefix, False otherwise.\n"               \
           "With optional start, test B beginning at that position.\n"                             \
           "With optional end, stop comparing B at that position.\n"                               \
           "prefix can also be a tuple of bytes to try."},                                         \
      {.name = "strip",                                                                            \
       .impl = memory_guarded<bytes_strip>,                                                        \
       .signature = "($self, bytes=None, /)",                                                      \
       .doc = "Strip leading and trailing bytes contained in the argument.\n"                      \
           "\nIf the argument is omitted or None, strip leading and trailing ASCII whitespace."},  \
      {.name = "swapcase",                                                                         \
       .impl = memory_guarded<bytes_swapcase>,                                                     \
       .signature = "($self, /)",                                                                  \
       .doc =                                                                                      \
           "B.swapcase() -> copy of B\n\nReturn a copy of B with uppercase ASCII characters "      \
           "converted\nto lowercase ASCII and vice versa.", .flags = kMethodNoTextSignature},      \
      {.name = "title",                                                                            \
       .impl = memory_guarded<bytes_title>,                                                        \
       .signature = "($self, /)",                                                                  \
       .doc =                                                                                      \
           "B.title() -> copy of B\n\nReturn a titlecased version of B, i.e. ASCII words start "   \
           "with uppercase\ncharacters, all remaining cased characters have lowercase.",           \
       .flags = kMethodNoTextSignature},                                                           \
      {.name = "translate",                                                                        \
       .impl = memory_guarded<bytes_translate>,                                                    \
       .signature = "($self, table, /, delete=?)",                                                 \
       .doc = "translate($self, table, /, delete=b'')\n--\n\n"                                     \
           "Return a copy with each character mapped by the given translation table.\n"            \
           "\n  table\n    Translation table, which must be a bytes object of length 256.\n"       \
           "\nAll characters occurring in the optional argument delete are removed.\n"             \
           "The remaining characters are mapped through the given translation table."},            \
      {.name = "upper",                                                                            \
       .impl = memory_guarded<bytes_upper>,                                                        \
       .signature = "($self, /)",                                                                  \
       .doc =                                                                                      \
           "B.upper() -> copy of B\n\nReturn a copy of B with all ASCII characters converted to "  \
           "uppercase.", .flags = kMethodNoTextSignature},                                         \
  {                                                                                                \
    .name = "zfill", .impl = memory_guarded<bytes_zfill>, .signature = "($self, width, /)",        \
    .doc = "Pad a numeric string with zeros on the left, to fill a field of the given width."      \
  }

// hex() is outside the shared table: its docstring names the type and has an example
// (doctest finds it, as in CPython).
#define KRAIT_HEX_DOC(type_name, example)                                                          \
  "Create a string of hexadecimal numbers from a " type_name " object.\n\n"                      \
  "  sep\n    An optional single character or byte to separate hex bytes.\n"                    \
  "  bytes_per_sep\n    How many bytes between separators.  Positive values count from the\n"  \
  "    right, negative values count from the left.\n\n"                                         \
  "Example:\n>>> value = " example "\n>>> value.hex()\n'b901ef'\n>>> value.hex(':')\n"          \
  "'b9:01:ef'\n>>> value.hex(':', 2)\n'b9:01ef'\n>>> value.hex(':', -2)\n'b901:ef'"

extern const MethodDef bytes_methods[] = {
    KRAIT_SHARED_BYTES_METHODS,
    {.name = "hex",
     .impl = memory_guarded<bytes_hex>,
     .signature = "($self, /, sep=?, bytes_per_sep=1)",
     .doc = "hex($self, /, sep=<unrepresentable>, bytes_per_sep=1)\n--\n\n"
     KRAIT_HEX_DOC("bytes", "b'\\xb9\\x01\\xef'")},
    {.name = "__getnewargs__",
     .impl = memory_guarded<bytes_getnewargs_method>,
     .signature = "($self, /)", .flags = kMethodNoTextSignature},
    {.name = "__bytes__",
     .impl = memory_guarded<bytes_bytes_method>,
     .signature = "($self, /)",
     .doc = "Convert this value to exact type bytes."},
    {.name = "__sizeof__",
     .impl = memory_guarded<bytes_sizeof_method>,
     .signature = "($self, /)",
     .doc = "Size of object in memory, in bytes."},
    {},
};

extern const MethodDef bytearray_methods[] = {
    KRAIT_SHARED_BYTES_METHODS,
    {.name = "hex",
     .impl = memory_guarded<bytes_hex>,
     .signature = "($self, /, sep=?, bytes_per_sep=1)",
     .doc = "hex($self, /, sep=<unrepresentable>, bytes_per_sep=1)\n--\n\n"
     KRAIT_HEX_DOC("bytearray", "bytearray([0xb9, 0x01, 0xef])")},
    {.name = "append",
     .impl = memory_guarded<bytearray_append_method>,
     .signature = "($self, item, /)",
     .doc = "Append a single item to the end of the bytearray.\n"
        "\n  item\n    The item to be appended."},
    {.name = "clear",
     .impl = memory_guarded<bytearray_clear_method>,
     .signature = "($self, /)",
     .doc = "Remove all items from the bytearray."},
    {.name = "copy",
     .impl = memory_guarded<bytearray_copy_method>,
     .signature = "($self, /)",
     .doc = "Return a copy of B."},
    {.name = "extend",
     .impl = memory_guarded<bytearray_extend_method>,
     .signature = "($self, iterable_of_ints, /)",
     .doc = "Append all the items from the iterator or sequence to the end of the bytearray.\n"
        "\n  iterable_of_ints\n"
        "    The iterable of items to append."},
    {.name = "insert",
     .impl = memory_guarded<bytearray_insert_method>,
     .signature = "($self, index, item, /)",
     .doc = "Insert a single item into the bytearray before the given index.\n"
        "\n  index\n    The index where the value is to be inserted.\n"
        "  item\n    The item to be inserted."},
    {.name = "pop",
     .impl = memory_guarded<bytearray_pop_method>,
     .signature = "($self, index=-1, /)",
     .doc = "Remove and return a single item from B.\n"
        "\n  index\n    The index from where to remove the item.\n"
        "    -1 (the default value) means remove the last item.\n"
        "\nIf no index argument is given, will pop the last item."},
    {.name = "remove",
     .impl = memory_guarded<bytearray_remove_method>,
     .signature = "($self, value, /)",
     .doc = "Remove the first occurrence of a value in the bytearray.\n"
        "\n  value\n    The value to remove."},
    {.name = "reverse",
     .impl = memory_guarded<bytearray_reverse_method>,
     .signature = "($self, /)",
     .doc = "Reverse the order of the values in B in place."},
    {.name = "__alloc__",
     .impl = memory_guarded<bytearray_alloc_method>,
     .signature = "($self, /)",
     .doc = "B.__alloc__() -> int\n\nReturn the number of bytes actually allocated.",
     .flags = kMethodNoTextSignature},
    {.name = "__sizeof__",
     .impl = memory_guarded<bytearray_sizeof_method>,
     .signature = "($self, /)",
     .doc = "Returns the size of the bytearray object in memory, in bytes."},
    {.name = "__reduce__",
     .impl = memory_guarded<bytearray_reduce_method>,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__reduce_ex__",
     .impl = memory_guarded<bytearray_reduce_ex_method>,
     .signature = "($self, proto=0, /)",
     .doc = "Return state information for pickling."},
    {},
};

#undef KRAIT_SHARED_BYTES_METHODS
#undef KRAIT_HEX_DOC

}  // namespace krait
