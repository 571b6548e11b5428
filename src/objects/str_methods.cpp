// str's Python-visible methods (all of 3.11's but format/format_map/__format__, which are
// in str_format.cpp, and the case mappings and character-class predicates, which are in
// str_case.cpp), the str() constructor and the str iterator. Storage, hashing and the core
// slots are in str.cpp; the codecs behind encode() in unicode_codecs.cpp.
#include <algorithm>
#include <cstring>

#include "core/alloc.h"
#include "core/ops.h"
#include "objects/bytes.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "text/swar.h"
#include "objects/tuple.h"
#include "objects/unicode_codecs.h"
#include "runtime/gc.h"
#include "runtime/runtime.h"
#include "text/unicode.h"

namespace krait {

// --- Helpers shared with the other str and bytes files (text_internal.h) ---

bool slice_bound(Value v, int64_t* out) {
  if (!v || is_none(v)) return true;
  if (is_int(v) || type_of(v)->to_index) return index_to_int64_clamped(v, out);
  return type_error("slice indices must be integers or None or have an __index__ method");
}

bool slice_bounds(Value start_arg, Value end_arg, int64_t length, int64_t* start, int64_t* end) {
  *start = 0;
  *end = INT64_MAX;
  if (!slice_bound(start_arg, start) || !slice_bound(end_arg, end)) return false;
  adjust_indices(length, start, end);
  return true;
}

bool index_argument(Value v, int64_t* out) {
  if (v.is_small_int()) {
    *out = v.as_small_int();
    return true;
  }
  if (!is_int(v) && !type_of(v)->to_index) {
    return type_error("'{}' object cannot be interpreted as an integer", type_name(v));
  }
  return index_to_int64(v, out);
}

bool sub_start_end_arguments(const char* name, const char* owner, const Value* args, size_t nargs,
                             TupleObject* kwnames, Value out[3]) {
  if (kwnames && kwnames->length)
    return type_error("{}.{}() takes no keyword arguments", owner, name);
  if (nargs < 1) return type_error("{}() takes at least 1 argument (0 given)", name);
  if (nargs > 3) return type_error("{}() takes at most 3 arguments ({} given)", name, nargs);
  for (size_t i = 0; i < 3; ++i) out[i] = i < nargs ? args[i] : Value();
  return true;
}

bool tabsize_argument(Value v, int64_t* out) {
  if (!index_argument(v, out)) {
    if (!error_matches(&exc::OverflowError)) return false;
    clear_error();
    *out = INT64_MAX;
  }
  if (*out > INT32_MAX || *out < INT32_MIN) return overflow_error("Python int too large to convert to C int");
  return true;
}

std::string argument_type_name(Value v) { return is_none(v) ? "None" : type_name(v); }

Ref<> import_module_named(std::string_view name) {
  Ref<StrObject> name_str = str_from_utf8(name);
  if (!name_str) return nullptr;
  if (runtime().modules) {
    Value found = dict_get(as_dict(runtime().modules), name_str.value());
    if (found) return new_ref(found);
    if (error_occurred()) return nullptr;
  }
  return call1(runtime().import_func, name_str.value());
}

void str_copy_chars(StrObject* to, int64_t at, const StrObject* from, int64_t start, int64_t n) {
  if (n <= 0) return;
  if (to->kind == from->kind) {
    std::memcpy(static_cast<char*>(to->data()) + at * to->kind,
                static_cast<const char*>(from->data()) + start * from->kind, size_t(n) * to->kind);
    return;
  }
  visit_units(from, [&](const auto* source) {
    for (int64_t i = 0; i < n; ++i) str_put(to, at + i, source[start + i]);
  });
}

Ref<StrObject> str_canonical(Ref<StrObject>&& s) {
  char32_t max_char = visit_units(s.get(), [&](const auto* data) {
    uint32_t m = 0;
    for (int64_t i = 0; i < s->length; ++i) m = std::max<uint32_t>(m, data[i]);
    return char32_t(m);
  });
  int kind = max_char < 0x100 ? 1 : max_char < 0x10000 ? 2 : 4;
  if (kind == s->kind) {
    s->ascii = max_char < 0x80;
    return std::move(s);
  }
  if (s->length == 1) return str_from_code_point(s->at(0));
  Ref<StrObject> narrow = str_allocate(s->length, max_char);
  if (narrow) str_copy_chars(narrow.get(), 0, s.get(), 0, s->length);
  return narrow;
}

Ref<StrObject> str_exact(StrObject* s) {
  if (s->type == &str_type) return new_ref(s);
  if (s->length <= 1) return s->length ? str_from_code_point(s->at(0)) : str_empty();
  Ref<StrObject> copy = str_allocate(s->length, kind_max_char(s));
  if (copy) str_copy_chars(copy.get(), 0, s, 0, s->length);
  return copy;
}

Ref<> str_subtype_from(TypeObject* type, StrObject* s) {
  if (type == &str_type) return str_exact(s);
  auto* result = allocate<StrObject>(type, sizeof(StrObject) + size_t(s->length + 1) * s->kind);
  if (!result) return nullptr;
  result->length = s->length;
  result->hash = -1;
  result->kind = s->kind;
  result->ascii = s->ascii;
  std::memcpy(result->data(), s->data(), size_t(s->length + 1) * s->kind);
  if (type->has_flag(kTypeHaveGC)) gc_track(result);
  return Ref<>::steal(Value(result));
}

namespace {

// --- Argument helpers ---

// A method's own `self` as a str (the binder guarantees the type).
inline StrObject* self_str(Value self) { return as_str(self); }

// Returns self unchanged when a method has nothing to do: the object itself for an exact
// str, an exact copy for a subclass instance (str methods always return exact str).
Ref<> unchanged(Value self) { return str_exact(as_str(self)); }

// "must be str, not int" (find, count, index, partition, split's sep, ...).
bool require_str(Value v) {
  if (is_str(v)) return true;
  return type_error("must be str, not {}", type_name(v));
}

// "replace() argument 1 must be str, not int".
bool require_str_argument(Value v, const char* function, int position) {
  if (is_str(v)) return true;
  return type_error("{}() argument {} must be str, not {}", function, position,
                    argument_type_name(v));
}

// Python's `ord` of a one-character str argument (the fill character of center/ljust/rjust).
bool fill_character(Value v, const char* function, char32_t* out) {
  if (!v) {
    *out = ' ';
    return true;
  }
  if (!is_str(v))
    return type_error("The fill character must be a unicode character, not {}", type_name(v));
  if (as_str(v)->length != 1) {
    return type_error("The fill character must be exactly one character long");
  }
  *out = as_str(v)->at(0);
  return true;
}

// The characters of `sub` as units of type T when they can occur in a string of kind T;
// false if sub has a character too wide for T (then it cannot be found).
template <class T>
bool needle_units(const StrObject* sub, std::vector<T>* storage, const T** units) {
  if (sub->kind > int(sizeof(T))) return false;
  if (sub->kind == int(sizeof(T))) {
    *units = static_cast<const T*>(sub->data());
  } else {
    *storage = units_as<T>(sub);
    *units = storage->data();
  }
  return true;
}

// Finds sub in s[start, end) (already adjusted); returns the index or -1.
int64_t find_in(const StrObject* s, const StrObject* sub, int64_t start, int64_t end,
                bool reverse) {
  int64_t m = sub->length;
  if (start > end || end - start < m) return -1;
  if (m == 0) return reverse ? end : start;
  return visit_units(s, [&](const auto* data) -> int64_t {
    using T = std::remove_cv_t<std::remove_pointer_t<decltype(data)>>;
    std::vector<T> storage;
    const T* needle;
    if (!needle_units(sub, &storage, &needle)) return -1;
    int64_t at = reverse ? search::rfind(data + start, end - start, needle, m)
                         : search::find(data + start, end - start, needle, m);
    return at < 0 ? -1 : at + start;
  });
}

int64_t count_in(const StrObject* s, const StrObject* sub, int64_t start, int64_t end,
                 int64_t max_count) {
  int64_t m = sub->length;
  if (start > end) return 0;
  if (m == 0) return std::min(end - start + 1, max_count);
  if (end - start < m) return 0;
  return visit_units(s, [&](const auto* data) -> int64_t {
    using T = std::remove_cv_t<std::remove_pointer_t<decltype(data)>>;
    std::vector<T> storage;
    const T* needle;
    if (!needle_units(sub, &storage, &needle)) return 0;
    return search::count(data + start, end - start, needle, m, max_count);
  });
}

// find/rfind/index/rindex: the index, or -1 (-2 on error).
int64_t find_method(Value self, const Value* args, bool reverse) {
  if (!require_str(args[0])) return -2;
  StrObject* s = self_str(self);
  int64_t start, end;
  if (!slice_bounds(args[1], args[2], s->length, &start, &end)) return -2;
  return find_in(s, as_str(args[0]), start, end, reverse);
}

Ref<> str_find_parsed(Value self, const Value* args) {
  int64_t at = find_method(self, args, false);
  return at == -2 ? nullptr : int_from_int64(at);
}
Ref<> str_rfind_parsed(Value self, const Value* args) {
  int64_t at = find_method(self, args, true);
  return at == -2 ? nullptr : int_from_int64(at);
}
Ref<> str_index_parsed(Value self, const Value* args) {
  int64_t at = find_method(self, args, false);
  if (at == -1) return value_error("substring not found");
  return at == -2 ? nullptr : int_from_int64(at);
}
Ref<> str_rindex_parsed(Value self, const Value* args) {
  int64_t at = find_method(self, args, true);
  if (at == -1) return value_error("substring not found");
  return at == -2 ? nullptr : int_from_int64(at);
}

Ref<> str_count_parsed(Value self, const Value* args) {
  if (!require_str(args[0])) return nullptr;
  StrObject* s = self_str(self);
  int64_t start, end;
  if (!slice_bounds(args[1], args[2], s->length, &start, &end)) return nullptr;
  return int_from_int64(count_in(s, as_str(args[0]), start, end, INT64_MAX));
}

// Does s[start, end) start (or end) with sub? Python's tailmatch.
bool tail_match(const StrObject* s, const StrObject* sub, int64_t start, int64_t end, bool at_end) {
  adjust_indices(s->length, &start, &end);
  end -= sub->length;
  if (end < start) return false;
  if (sub->length == 0) return true;
  int64_t offset = at_end ? end : start;
  if (s->kind == sub->kind) {
    return std::memcmp(static_cast<const char*>(s->data()) + offset * s->kind, sub->data(),
                       size_t(sub->length) * s->kind) == 0;
  }
  for (int64_t i = 0; i < sub->length; ++i) {
    if (s->at(offset + i) != sub->at(i)) return false;
  }
  return true;
}

Ref<> starts_or_ends_with(Value self, const Value* args, bool at_end) {
  const char* name = at_end ? "endswith" : "startswith";
  StrObject* s = self_str(self);
  int64_t start = 0, end = INT64_MAX;
  if (!slice_bound(args[1], &start) || !slice_bound(args[2], &end)) return nullptr;
  Value prefix = args[0];
  if (is_tuple(prefix)) {
    TupleObject* options = as_tuple(prefix);
    for (int64_t i = 0; i < options->length; ++i) {
      Value option = options->items[i];
      if (!is_str(option)) {
        return type_error("tuple for {} must only contain str, not {}", name, type_name(option));
      }
      if (tail_match(s, as_str(option), start, end, at_end)) return new_bool(true);
    }
    return new_bool(false);
  }
  if (!is_str(prefix)) {
    return type_error("{} first arg must be str or a tuple of str, not {}", name,
                      type_name(prefix));
  }
  return new_bool(tail_match(s, as_str(prefix), start, end, at_end));
}

Ref<> str_startswith_parsed(Value self, const Value* args) {
  return starts_or_ends_with(self, args, false);
}
Ref<> str_endswith_parsed(Value self, const Value* args) {
  return starts_or_ends_with(self, args, true);
}

// The old-style argument parsing of the find family, then the method.
template <Ref<> (*Impl)(Value, const Value*)>
Ref<> with_sub_start_end(const char* name, Value self, const Value* args, size_t nargs,
                         TupleObject* kwnames) {
  Value parsed[3];
  if (!sub_start_end_arguments(name, "str", args, nargs, kwnames, parsed)) return nullptr;
  return Impl(self, parsed);
}

#define KRAIT_SUB_START_END_METHOD(name)                                                         \
  Ref<> str_##name##_method(Value self, const Value* args, size_t nargs, TupleObject* kwnames) { \
    return with_sub_start_end<str_##name##_parsed>(#name, self, args, nargs, kwnames);           \
  }
KRAIT_SUB_START_END_METHOD(find)
KRAIT_SUB_START_END_METHOD(rfind)
KRAIT_SUB_START_END_METHOD(index)
KRAIT_SUB_START_END_METHOD(rindex)
KRAIT_SUB_START_END_METHOD(count)
#undef KRAIT_SUB_START_END_METHOD

// s.startswith(p) / s.endswith(p) with one str argument (discovery loops, filters): no
// argument parsing, no index adjustment, short affixes compared without a memcmp call.
bool whole_tail_match(const StrObject* s, const StrObject* sub, bool at_end) {
  int64_t n = sub->length;
  if (n > s->length) return false;
  if (s->kind != sub->kind) return tail_match(s, sub, 0, INT64_MAX, at_end);
  size_t bytes = size_t(n) * s->kind;
  const char* x = static_cast<const char*>(s->data()) + (at_end ? (s->length - n) * s->kind : 0);
  const char* y = static_cast<const char*>(sub->data());
  if (bytes > 16) return std::memcmp(x, y, bytes) == 0;
  for (size_t i = 0; i < bytes; ++i) {
    if (x[i] != y[i]) return false;
  }
  return true;
}

Ref<> str_startswith_method(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (nargs == 1 && !kwnames && is_str(args[0])) {
    return new_bool(whole_tail_match(self_str(self), as_str(args[0]), false));
  }
  return with_sub_start_end<str_startswith_parsed>("startswith", self, args, nargs, kwnames);
}
Ref<> str_endswith_method(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (nargs == 1 && !kwnames && is_str(args[0])) {
    return new_bool(whole_tail_match(self_str(self), as_str(args[0]), true));
  }
  return with_sub_start_end<str_endswith_parsed>("endswith", self, args, nargs, kwnames);
}

// --- Whitespace and line breaks ---

// str.isspace for one code point, with a table for Latin-1.
inline bool is_space_char(uint32_t c) {
  if (c < 128) return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F);
  return c == 0x85 || c == 0xA0 || (c > 0xFF && unicode::is_space(c));
}

inline bool is_line_break(uint32_t c) {
  if (c < 128) return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || (c >= 0x1C && c <= 0x1E);
  return c == 0x85 || c == 0x2028 || c == 0x2029;
}

// --- split, rsplit, splitlines, partition ---

// Appends s[start, end) to list.
bool append_piece(ListObject* list, StrObject* s, int64_t start, int64_t end) {
  Ref<StrObject> piece = str_substring(s, start, end);
  return piece && list_append_steal(list, std::move(piece));
}

Ref<> split_method(Value self, const Value* args, bool from_right) {
  StrObject* s = self_str(self);
  Value sep = args[0];
  int64_t maxsplit;
  if (!index_argument(args[1], &maxsplit)) return nullptr;
  if (!is_none(sep)) {
    if (!is_str(sep)) return type_error("must be str or None, not {}", type_name(sep));
    if (as_str(sep)->length == 0) return value_error("empty separator");
  }
  // Room for 12 pieces (or maxsplit + 1 if fewer), as CPython preallocates; just the one
  // when the separator cannot occur (sys.getsizeof of the result agrees).
  constexpr int64_t kPreallocatedPieces = 12;
  int64_t capacity = maxsplit >= 0 && maxsplit < kPreallocatedPieces ? maxsplit + 1 : kPreallocatedPieces;
  if (!is_none(sep) && (as_str(sep)->length > s->length || as_str(sep)->kind > s->kind)) capacity = 1;
  Ref<ListObject> list = list_with_capacity(capacity);
  if (!list) return nullptr;
  auto emit = [&](int64_t start, int64_t end) { return append_piece(list.get(), s, start, end); };
  bool ok;
  if (is_none(sep)) {
    ok = visit_units(s, [&](const auto* data) {
      auto space = [](uint32_t c) { return is_space_char(c); };
      return from_right ? rsplit_whitespace_units(data, s->length, maxsplit, space, emit)
                        : split_whitespace_units(data, s->length, maxsplit, space, emit);
    });
  } else {
    StrObject* separator = as_str(sep);
    ok = visit_units(s, [&](const auto* data) {
      using T = std::remove_cv_t<std::remove_pointer_t<decltype(data)>>;
      std::vector<T> storage;
      const T* units;
      if (!needle_units(separator, &storage, &units)) return emit(0, s->length);
      return from_right ? rsplit_units(data, s->length, units, separator->length, maxsplit, emit)
                        : split_units(data, s->length, units, separator->length, maxsplit, emit);
    });
  }
  if (!ok) return nullptr;
  if (from_right && list->length > 1) list_reverse(list.get());
  return list;
}

Ref<> str_split_method(Value self, const Value* args) { return split_method(self, args, false); }
Ref<> str_rsplit_method(Value self, const Value* args) { return split_method(self, args, true); }

Ref<> str_splitlines_method(Value self, const Value* args) {
  StrObject* s = self_str(self);
  int64_t keepends = 0;
  if (!index_argument(args[0], &keepends)) return nullptr;
  Ref<ListObject> list = list_new(0);
  if (!list) return nullptr;
  bool ok = visit_units(s, [&](const auto* data) {
    int64_t n = s->length;
    for (int64_t i = 0; i < n;) {
      int64_t start = i;
      while (i < n && !is_line_break(data[i])) ++i;
      int64_t line_end = i;
      if (i < n) {
        i += (data[i] == '\r' && i + 1 < n && data[i + 1] == '\n') ? 2 : 1;
        if (keepends) line_end = i;
      }
      if (!append_piece(list.get(), s, start, line_end)) return false;
    }
    return true;
  });
  if (!ok) return nullptr;
  return list;
}

Ref<> partition_method(Value self, Value sep, bool from_right) {
  if (!require_str(sep)) return nullptr;
  StrObject* s = self_str(self);
  StrObject* separator = as_str(sep);
  if (separator->length == 0) return value_error("empty separator");
  int64_t at = find_in(s, separator, 0, s->length, from_right);
  Ref<> empty = str_empty();
  if (at < 0) {
    Ref<> whole = unchanged(self);
    if (!whole) return nullptr;
    return from_right ? tuple_of({empty, empty, whole}) : tuple_of({whole, empty, empty});
  }
  Ref<> head = str_substring(s, 0, at);
  Ref<> tail = str_substring(s, at + separator->length, s->length);
  Ref<> middle = str_exact(separator);
  if (!head || !tail || !middle) return nullptr;
  return tuple_of({head, middle, tail});
}

Ref<> str_partition_method(Value self, const Value* args) {
  return partition_method(self, args[0], false);
}
Ref<> str_rpartition_method(Value self, const Value* args) {
  return partition_method(self, args[0], true);
}

// --- join, replace, removeprefix, removesuffix ---

Ref<> str_join_method(Value self, const Value* args) {
  StrObject* separator = self_str(self);
  Value iterable = args[0];
  Ref<> owned;
  if (!is_exact_list(iterable) && !is_exact_tuple(iterable)) {
    owned = list_from_iterable(iterable);
    if (!owned) {
      if (error_matches(&exc::TypeError) && !type_of(iterable)->iter &&
          !type_of(iterable)->getitem) {
        clear_error();
        return type_error("can only join an iterable");
      }
      return nullptr;
    }
    iterable = owned;
  }
  const Value* items;
  int64_t n;
  if (is_list(iterable)) {
    items = as_list(iterable)->items;
    n = as_list(iterable)->length;
  } else {
    items = as_tuple(iterable)->items;
    n = as_tuple(iterable)->length;
  }
  if (n == 0) return str_empty();
  if (n == 1 && is_exact_str(items[0])) return new_ref(items[0]);
  // One pass for the size and width, one to copy. No Python code runs in between.
  int64_t total = separator->length * (n - 1);
  char32_t max_char = kind_max_char(separator);
  if (separator->length == 0) max_char = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (!is_str(items[i])) {
      return type_error("sequence item {}: expected str instance, {} found", i,
                        type_name(items[i]));
    }
    StrObject* item = as_str(items[i]);
    if (item->length == 0) continue;
    total += item->length;
    if (total < 0 || total > INT64_MAX / 8)
      return overflow_error("join() result is too long for a Python string");
    max_char = std::max(max_char, kind_max_char(item));
  }
  Ref<StrObject> result = str_allocate(total, max_char);
  if (!result) return nullptr;
  int64_t at = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (i > 0) {
      str_copy_chars(result.get(), at, separator, 0, separator->length);
      at += separator->length;
    }
    StrObject* item = as_str(items[i]);
    str_copy_chars(result.get(), at, item, 0, item->length);
    at += item->length;
  }
  return result;
}

Ref<> str_replace_method(Value self, const Value* args) {
  if (!require_str_argument(args[0], "replace", 1) ||
      !require_str_argument(args[1], "replace", 2)) {
    return nullptr;
  }
  StrObject* s = self_str(self);
  StrObject* old = as_str(args[0]);
  StrObject* replacement = as_str(args[1]);
  int64_t max_count;
  if (!index_argument(args[2], &max_count)) return nullptr;
  if (max_count < 0) max_count = INT64_MAX;
  int64_t n = s->length, m = old->length, r = replacement->length;
  if (max_count == 0 || old->kind > s->kind || m > n) return unchanged(self);
  int64_t count = m == 0 ? std::min(max_count, n + 1) : count_in(s, old, 0, n, max_count);
  if (count == 0) return unchanged(self);
  if (r > m && (r - m) > (INT64_MAX / 8 - n) / count) {
    return overflow_error("replace string is too long");
  }
  int64_t length = n + count * (r - m);
  if (length == 0) return str_empty();
  Ref<StrObject> result =
      str_allocate(length, std::max(kind_max_char(s), kind_max_char(replacement)));
  if (!result) return nullptr;
  if (m == 1 && r == 1 && s->kind == 1 && replacement->kind == 1 && count < max_count) {
    // One latin-1 character for another, everywhere: a word-at-a-time copy.
    swar::replace_byte(s->data1(), static_cast<uint8_t*>(result->data()), n, old->data1()[0],
                       replacement->data1()[0]);
    if (!old->ascii) return str_canonical(std::move(result));
    return result;
  }
  visit_units(s, [&](const auto* source) {
    using TIn = std::remove_cv_t<std::remove_pointer_t<decltype(source)>>;
    std::vector<TIn> storage;
    const TIn* old_units = nullptr;
    needle_units(old, &storage, &old_units);
    visit_units(replacement, [&](const auto* new_units) {
      using TNew = std::remove_cv_t<std::remove_pointer_t<decltype(new_units)>>;
      using TOut = std::conditional_t<(sizeof(TIn) > sizeof(TNew)), TIn, TNew>;
      replace_into(source, n, old_units, m, new_units, r, count,
                   static_cast<TOut*>(result->data()));
    });
  });
  // Removing non-ASCII text may leave a string narrower than its kind.
  if (!old->ascii) return str_canonical(std::move(result));
  return result;
}

Ref<> remove_affix(Value self, Value affix, bool suffix) {
  const char* name = suffix ? "removesuffix" : "removeprefix";
  if (!is_str(affix))
    return type_error("{}() argument must be str, not {}", name, argument_type_name(affix));
  StrObject* s = self_str(self);
  StrObject* a = as_str(affix);
  if (a->length > 0 && tail_match(s, a, 0, INT64_MAX, suffix)) {
    return suffix ? str_substring(s, 0, s->length - a->length)
                  : str_substring(s, a->length, s->length);
  }
  return unchanged(self);
}

Ref<> str_removeprefix_method(Value self, const Value* args) {
  return remove_affix(self, args[0], false);
}
Ref<> str_removesuffix_method(Value self, const Value* args) {
  return remove_affix(self, args[0], true);
}

// --- strip ---

// 0: strip, 1: lstrip, 2: rstrip.
Ref<> strip_method(Value self, Value chars, int which, const char* name) {
  StrObject* s = self_str(self);
  int64_t start = 0, end = s->length;
  if (!chars || is_none(chars)) {
    visit_units(s, [&](const auto* data) {
      if (which != 2) {
        while (start < end && is_space_char(data[start])) ++start;
      }
      if (which != 1) {
        while (end > start && is_space_char(data[end - 1])) --end;
      }
    });
  } else {
    if (!is_str(chars)) return type_error("{} arg must be None or str", name);
    StrObject* set = as_str(chars);
    // A 64-bit filter answers "certainly not in chars" for most characters at once.
    uint64_t bloom = 0;
    for (int64_t i = 0; i < set->length; ++i) bloom |= uint64_t{1} << (set->at(i) & 63);
    auto in_set = [&](char32_t c) {
      if (!(bloom & (uint64_t{1} << (c & 63)))) return false;
      for (int64_t i = 0; i < set->length; ++i) {
        if (set->at(i) == c) return true;
      }
      return false;
    };
    if (which != 2) {
      while (start < end && in_set(s->at(start))) ++start;
    }
    if (which != 1) {
      while (end > start && in_set(s->at(end - 1))) --end;
    }
  }
  if (start == 0 && end == s->length) return unchanged(self);
  return str_substring(s, start, end);
}

Ref<> str_strip_method(Value self, const Value* args) {
  return strip_method(self, args[0], 0, "strip");
}
Ref<> str_lstrip_method(Value self, const Value* args) {
  return strip_method(self, args[0], 1, "lstrip");
}
Ref<> str_rstrip_method(Value self, const Value* args) {
  return strip_method(self, args[0], 2, "rstrip");
}

// --- Padding: center, ljust, rjust, zfill, expandtabs ---

// s with `left` fill characters before it and `right` after.
Ref<> pad(StrObject* s, int64_t left, int64_t right, char32_t fill) {
  if (left < 0) left = 0;
  if (right < 0) right = 0;
  if (left == 0 && right == 0) return str_exact(s);
  int64_t length = s->length + left + right;
  char32_t max_char = std::max(kind_max_char(s), fill < 0x80 ? char32_t(0x7F)
                                                             : kind_max_char(fill < 0x100     ? 1
                                                                             : fill < 0x10000 ? 2
                                                                                              : 4));
  Ref<StrObject> result = str_allocate(length, max_char);
  if (!result) return nullptr;
  for (int64_t i = 0; i < left; ++i) str_put(result.get(), i, fill);
  str_copy_chars(result.get(), left, s, 0, s->length);
  for (int64_t i = left + s->length; i < length; ++i) str_put(result.get(), i, fill);
  return result;
}

// 0: center, 1: ljust, 2: rjust.
Ref<> justify(Value self, const Value* args, int which, const char* name) {
  StrObject* s = self_str(self);
  int64_t width;
  char32_t fill;
  if (!index_argument(args[0], &width) || !fill_character(args[1], name, &fill)) return nullptr;
  if (width <= s->length) return unchanged(self);
  int64_t margin = width - s->length;
  switch (which) {
    case 0: {
      // CPython puts the odd space on the left when both margin and width are odd.
      int64_t left = margin / 2 + (margin & width & 1);
      return pad(s, left, margin - left, fill);
    }
    case 1:
      return pad(s, 0, margin, fill);
    default:
      return pad(s, margin, 0, fill);
  }
}

Ref<> str_center_method(Value self, const Value* args) { return justify(self, args, 0, "center"); }
Ref<> str_ljust_method(Value self, const Value* args) { return justify(self, args, 1, "ljust"); }
Ref<> str_rjust_method(Value self, const Value* args) { return justify(self, args, 2, "rjust"); }

Ref<> str_zfill_method(Value self, const Value* args) {
  StrObject* s = self_str(self);
  int64_t width;
  if (!index_argument(args[0], &width)) return nullptr;
  if (width <= s->length) return unchanged(self);
  Ref<> padded = pad(s, width - s->length, 0, '0');
  if (!padded) return nullptr;
  StrObject* result = as_str(padded);
  int64_t fill = width - s->length;
  char32_t first = result->at(fill);
  if (first == '+' || first == '-') {
    // The sign moves in front of the zeros.
    str_put(result, 0, first);
    str_put(result, fill, '0');
  }
  return padded;
}

Ref<> str_expandtabs_method(Value self, const Value* args) {
  StrObject* s = self_str(self);
  int64_t tabsize;
  if (!tabsize_argument(args[0], &tabsize)) return nullptr;
  // First pass: the result's length.
  int64_t length = 0, column = 0;
  bool has_tab = false;
  for (int64_t i = 0; i < s->length; ++i) {
    char32_t c = s->at(i);
    if (c == '\t') {
      has_tab = true;
      if (tabsize > 0) {
        int64_t spaces = tabsize - column % tabsize;
        if (spaces > INT64_MAX / 8 - length) return overflow_error("result too long");
        column += spaces;
        length += spaces;
      }
    } else {
      ++length;
      ++column;
      if (c == '\n' || c == '\r') column = 0;
    }
  }
  if (!has_tab) return unchanged(self);
  Ref<StrObject> result = str_allocate(length, kind_max_char(s));
  if (!result) return nullptr;
  int64_t at = 0;
  column = 0;
  for (int64_t i = 0; i < s->length; ++i) {
    char32_t c = s->at(i);
    if (c == '\t') {
      if (tabsize > 0) {
        int64_t spaces = tabsize - column % tabsize;
        column += spaces;
        for (; spaces > 0; --spaces) str_put(result.get(), at++, ' ');
      }
    } else {
      str_put(result.get(), at++, c);
      ++column;
      if (c == '\n' || c == '\r') column = 0;
    }
  }
  return result;
}

// --- translate, maketrans ---

// One character through a translation table: appends the mapping to out. 1: mapped,
// 0: no mapping (LookupError), -1: error.
int translate_char(Value table, char32_t c, std::u32string& out) {
  Ref<> mapped = get_item(table, Value::small_int(c));
  if (!mapped) {
    if (!error_matches(&exc::LookupError)) return -1;
    clear_error();
    out.push_back(c);
    return 0;
  }
  if (is_none(mapped)) return 1;
  if (is_int(mapped)) {
    int64_t code;
    if (!int_to_int64(mapped, &code) || code < 0 || code > 0x10FFFF) {
      return value_error("character mapping must be in range(0x110000)");
    }
    out.push_back(char32_t(code));
    return 1;
  }
  if (is_str(mapped)) {
    StrObject* text = as_str(mapped);
    for (int64_t i = 0; i < text->length; ++i) out.push_back(text->at(i));
    return 1;
  }
  return type_error("character mapping must return integer, None or str");
}

Ref<> str_translate_method(Value self, const Value* args) {
  StrObject* s = self_str(self);
  Value table = args[0];
  std::u32string out;
  out.reserve(size_t(s->length));
  // Latin-1 characters are looked up once each; their results are replayed after that.
  struct Cached {
    bool known = false;
    uint32_t start = 0, length = 0;  // in `replay`
  };
  std::vector<Cached> cache(256);
  std::u32string replay;
  for (int64_t i = 0; i < s->length; ++i) {
    char32_t c = s->at(i);
    if (c < 256 && cache[c].known) {
      out.append(replay, cache[c].start, cache[c].length);
      continue;
    }
    size_t mark = out.size();
    if (translate_char(table, c, out) < 0) return nullptr;
    if (c < 256) {
      cache[c] = {true, uint32_t(replay.size()), uint32_t(out.size() - mark)};
      replay.append(out, mark, out.size() - mark);
    }
  }
  return str_from_code_points(out.data(), int64_t(out.size()));
}

Ref<> str_maketrans_method(Value, const Value* args) {
  Value x = args[0], y = args[1], z = args[2];
  Ref<DictObject> table = dict_new();
  if (!table) return nullptr;
  if (!y) {
    if (!is_dict(x))
      return type_error("if you give only one argument to maketrans it must be a dict");
    int64_t pos = 0;
    Value key, value;
    while (dict_next(as_dict(x), &pos, &key, &value)) {
      Ref<> k = new_ref(key), v = new_ref(value);
      if (is_str(key)) {
        if (as_str(key)->length != 1) {
          return value_error("string keys in translate table must be of length 1");
        }
        k = int_from_small(as_str(key)->at(0));
      } else if (!is_int(key)) {
        return type_error("keys in translate table must be strings or integers");
      }
      if (!dict_set(table.get(), k, v)) return nullptr;
    }
    return table;
  }
  if (!is_str(x))
    return type_error("first maketrans argument must be a string if there is a second argument");
  if (!require_str_argument(y, "maketrans", 2)) return nullptr;
  if (z && !require_str_argument(z, "maketrans", 3)) return nullptr;
  StrObject* from = as_str(x);
  StrObject* to = as_str(y);
  if (from->length != to->length) {
    return value_error("the first two maketrans arguments must have equal length");
  }
  for (int64_t i = 0; i < from->length; ++i) {
    if (!dict_set(table.get(), Value::small_int(from->at(i)), Value::small_int(to->at(i))))
      return nullptr;
  }
  if (z) {
    StrObject* deleted = as_str(z);
    for (int64_t i = 0; i < deleted->length; ++i) {
      if (!dict_set(table.get(), Value::small_int(deleted->at(i)), None())) return nullptr;
    }
  }
  return table;
}

// --- encode, __getnewargs__, __sizeof__ ---

Ref<> str_encode_method(Value self, const Value* args) {
  if (args[0] && !is_str(args[0])) {
    return type_error("encode() argument 'encoding' must be str, not {}",
                      argument_type_name(args[0]));
  }
  if (args[1] && !is_str(args[1])) {
    return type_error("encode() argument 'errors' must be str, not {}",
                      argument_type_name(args[1]));
  }
  return str_encode(self_str(self), args[0], args[1]);
}

// A copy even for an exact str, as CPython's (pickle never shares the object).
Ref<> str_getnewargs_method(Value self, const Value*) {
  StrObject* s = self_str(self);
  Ref<StrObject> copy = str_allocate(s->length, kind_max_char(s));
  if (copy) str_copy_chars(copy.get(), 0, s, 0, s->length);
  if (!copy) return nullptr;
  return tuple_of({copy});
}

// CPython's sizes: a compact ASCII string is a 48-byte header plus its characters and a
// NUL; any other compact string a 72-byte header plus (length + 1) units; a subclass
// instance (not compact in CPython) an 80-byte header plus the same.
Ref<> str_sizeof_method(Value self, const Value*) {
  StrObject* s = self_str(self);
  int64_t data = (s->length + 1) * s->kind;
  int64_t header = s->type != &str_type ? 80 : s->ascii ? 48 : 72;
  return int_from_int64(header + data);
}

// --- str() ---

Ref<> str_new_impl(Value type_value, const Value* args) {
  auto* type = static_cast<TypeObject*>(type_value.as_object());
  Value object = args[0], encoding = args[1], errors = args[2];
  Ref<> result;
  if (!encoding && !errors) {
    if (!object) {
      result = str_empty();
    } else {
      result = str(object);
    }
  } else {
    if (encoding && !is_str(encoding)) {
      return type_error("str() argument 'encoding' must be str, not {}",
                        argument_type_name(encoding));
    }
    if (errors && !is_str(errors)) {
      return type_error("str() argument 'errors' must be str, not {}", argument_type_name(errors));
    }
    if (!object) {
      result = str_empty();
    } else if (is_str(object)) {
      return type_error("decoding str is not supported");
    } else {
      result = bytes_decode(object, encoding, errors);
    }
  }
  if (!result || type == &str_type) return result;
  return str_subtype_from(type, as_str(result));
}

const MethodDef str_new_def = {.name = "str",
                               .impl = memory_guarded<str_new_impl>,
                               .signature = "($type, object=?, encoding=?, errors=?)"};

// --- The iterator ---

struct StrIteratorObject : Object {
  StrObject* string;  // owned; null once exhausted
  int64_t index;
};

void str_iterator_dealloc(Object* o) {
  auto* it = static_cast<StrIteratorObject*>(o);
  if (it->string) decref(it->string);
  free_object(o);
}

Ref<> str_iterator_next(Value self) {
  auto* it = static_cast<StrIteratorObject*>(self.as_object());
  StrObject* s = it->string;
  if (!s) return nullptr;
  if (it->index < s->length) return str_from_code_point(s->at(it->index++));
  it->string = nullptr;
  decref(s);
  return nullptr;
}

Ref<> str_iterator_iter(Value self) { return new_ref(self); }

Ref<> str_iterator_length_hint(Value self, const Value*) {
  auto* it = static_cast<StrIteratorObject*>(self.as_object());
  return int_from_int64(it->string ? it->string->length - it->index : 0);
}

Ref<> builtin_named(const char* name) {
  Value found = dict_get_utf8(as_dict(runtime().builtins), name);
  if (!found) {
    if (error_occurred()) return nullptr;
    return attribute_error("builtins has no '{}'", name);
  }
  return new_ref(found);
}

Ref<> str_iterator_reduce(Value self, const Value*) {
  auto* it = static_cast<StrIteratorObject*>(self.as_object());
  Ref<> iter = builtin_named("iter");
  if (!iter) return nullptr;
  Ref<> source = it->string ? Ref<>(new_ref(it->string)) : Ref<>(str_empty());
  Ref<> arguments = tuple_of({source});
  if (!arguments) return nullptr;
  if (!it->string) return tuple_of({iter, arguments});
  return tuple_of({iter, arguments, Value::small_int(it->index)});
}

Ref<> str_iterator_setstate(Value self, const Value* args) {
  auto* it = static_cast<StrIteratorObject*>(self.as_object());
  int64_t index;
  if (!is_int(args[0])) return type_error("an integer is required");
  if (!index_to_int64_clamped(args[0], &index)) return nullptr;
  if (it->string) {
    it->index = std::clamp<int64_t>(index, 0, it->string->length);
  }
  return new_none();
}

const MethodDef str_iterator_methods[] = {
    {.name = "__length_hint__",
     .impl = str_iterator_length_hint,
     .signature = "($self, /)",
     .doc = "Private method returning an estimate of len(list(it))."},
    {.name = "__reduce__",
     .impl = str_iterator_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__",
     .impl = str_iterator_setstate,
     .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {},
};

}  // namespace

Ref<> str_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return call_method_def(&str_new_def, nullptr, Value(type), args, nargs, kwnames);
}

Ref<> str_iter(Value self) {
  auto* it = allocate<StrIteratorObject>(&str_iterator_type);
  if (!it) return nullptr;
  incref(self);
  it->string = as_str(self);
  it->index = 0;
  return Ref<>::steal(Value(it));
}

TypeObject str_iterator_type{TypeSpec{
    .name = "str_ascii_iterator",
    .basic_size = sizeof(StrIteratorObject),
    .flags = kTypeDisallowInstantiation,
    .slots = {.dealloc = str_iterator_dealloc,
              .getattr = generic_get_attr,
              .iter = str_iterator_iter,
              .iternext = str_iterator_next},
    .methods = str_iterator_methods,
}};

// Implemented in str_case.cpp and str_format.cpp.
Ref<> str_lower_method(Value self, const Value* args);
Ref<> str_upper_method(Value self, const Value* args);
Ref<> str_casefold_method(Value self, const Value* args);
Ref<> str_swapcase_method(Value self, const Value* args);
Ref<> str_capitalize_method(Value self, const Value* args);
Ref<> str_title_method(Value self, const Value* args);
Ref<> str_isalnum_method(Value self, const Value* args);
Ref<> str_isalpha_method(Value self, const Value* args);
Ref<> str_isascii_method(Value self, const Value* args);
Ref<> str_isdecimal_method(Value self, const Value* args);
Ref<> str_isdigit_method(Value self, const Value* args);
Ref<> str_isidentifier_method(Value self, const Value* args);
Ref<> str_islower_method(Value self, const Value* args);
Ref<> str_isnumeric_method(Value self, const Value* args);
Ref<> str_isprintable_method(Value self, const Value* args);
Ref<> str_isspace_method(Value self, const Value* args);
Ref<> str_istitle_method(Value self, const Value* args);
Ref<> str_isupper_method(Value self, const Value* args);
Ref<> str_format_method(Value self, const Value* args, size_t nargs, TupleObject* kwnames);
Ref<> str_format_map_method(Value self, const Value* args);
Ref<> str_dunder_format_method(Value self, const Value* args);

extern const MethodDef str_methods[] = {
    {.name = "encode",
     .impl = memory_guarded<str_encode_method>,
     .signature = "($self, /, encoding='utf-8', errors='strict')",
     .doc = "Encode the string using the codec registered for encoding.\n"
        "\n  encoding\n    The encoding in which to encode the string.\n"
        "  errors\n    The error handling scheme to use for encoding errors.\n"
        "    The default is 'strict' meaning that encoding errors raise a\n"
        "    UnicodeEncodeError.  Other possible values are 'ignore', 'replace' and\n"
        "    'xmlcharrefreplace' as well as any other name registered with\n"
        "    codecs.register_error that can handle UnicodeEncodeErrors."},
    {.name = "replace",
     .impl = memory_guarded<str_replace_method>,
     .signature = "($self, old, new, count=-1, /)",
     .doc = "Return a copy with all occurrences of substring old replaced by new.\n"
        "\n  count\n    Maximum number of occurrences to replace.\n"
        "    -1 (the default value) means replace all occurrences.\n"
        "\nIf the optional argument count is given, only the first count occurrences are\n"
        "replaced."},
    {.name = "split",
     .impl = memory_guarded<str_split_method>,
     .signature = "($self, /, sep=None, maxsplit=-1)",
     .doc = "Return a list of the substrings in the string, using sep as the separator string.\n"
        "\n  sep\n    The separator used to split the string.\n"
        "\n    When set to None (the default value), will split on any whitespace\n"
        "    character (including \\\\n \\\\r \\\\t \\\\f and spaces) and will discard\n"
        "    empty strings from the result.\n"
        "  maxsplit\n    Maximum number of splits (starting from the left).\n"
        "    -1 (the default value) means no limit.\n"
        "\nNote, str.split() is mainly useful for data that has been intentionally\n"
        "delimited.  With natural text that includes punctuation, consider using\n"
        "the regular expression module."},
    {.name = "rsplit",
     .impl = memory_guarded<str_rsplit_method>,
     .signature = "($self, /, sep=None, maxsplit=-1)",
     .doc = "Return a list of the substrings in the string, using sep as the separator string.\n"
        "\n  sep\n    The separator used to split the string.\n"
        "\n    When set to None (the default value), will split on any whitespace\n"
        "    character (including \\\\n \\\\r \\\\t \\\\f and spaces) and will discard\n"
        "    empty strings from the result.\n"
        "  maxsplit\n    Maximum number of splits (starting from the left).\n"
        "    -1 (the default value) means no limit.\n"
        "\nSplitting starts at the end of the string and works to the front."},
    {.name = "join",
     .impl = memory_guarded<str_join_method>,
     .signature = "($self, iterable, /)",
     .doc = "Concatenate any number of strings.\n"
        "\nThe string whose method is called is inserted in between each given string.\n"
        "The result is returned as a new string.\n"
        "\nExample: '.'.join(['ab', 'pq', 'rs']) -> 'ab.pq.rs'"},
    {.name = "capitalize",
     .impl = memory_guarded<str_capitalize_method>,
     .signature = "($self, /)",
     .doc = "Return a capitalized version of the string.\n"
        "\nMore specifically, make the first character have upper case and the rest lower\n"
        "case."},
    {.name = "casefold",
     .impl = memory_guarded<str_casefold_method>,
     .signature = "($self, /)",
     .doc = "Return a version of the string suitable for caseless comparisons."},
    {.name = "title",
     .impl = memory_guarded<str_title_method>,
     .signature = "($self, /)",
     .doc = "Return a version of the string where each word is titlecased.\n"
        "\nMore specifically, words start with uppercased characters and all remaining\n"
        "cased characters have lower case."},
    {.name = "center",
     .impl = memory_guarded<str_center_method>,
     .signature = "($self, width, fillchar=' ', /)",
     .doc = "Return a centered string of length width.\n"
        "\nPadding is done using the specified fill character (default is a space)."},
    {.name = "count",
     .raw = memory_guarded_raw<str_count_method>,
     .doc = "S.count(sub[, start[, end]]) -> int\n"
        "\nReturn the number of non-overlapping occurrences of substring sub in\n"
        "string S[start:end].  Optional arguments start and end are\n"
        "interpreted as in slice notation."},
    {.name = "expandtabs",
     .impl = memory_guarded<str_expandtabs_method>,
     .signature = "($self, /, tabsize=8)",
     .doc = "Return a copy where all tab characters are expanded using spaces.\n"
        "\nIf tabsize is not given, a tab size of 8 characters is assumed."},
    {.name = "find",
     .raw = memory_guarded_raw<str_find_method>,
     .doc = "S.find(sub[, start[, end]]) -> int\n"
        "\nReturn the lowest index in S where substring sub is found,\n"
        "such that sub is contained within S[start:end].  Optional\n"
        "arguments start and end are interpreted as in slice notation.\n"
        "\nReturn -1 on failure."},
    {.name = "partition",
     .impl = memory_guarded<str_partition_method>,
     .signature = "($self, sep, /)",
     .doc = "Partition the string into three parts using the given separator.\n"
        "\nThis will search for the separator in the string.  If the separator is found,\n"
        "returns a 3-tuple containing the part before the separator, the separator\n"
        "itself, and the part after it.\n"
        "\nIf the separator is not found, returns a 3-tuple containing the original string\n"
        "and two empty strings."},
    {.name = "index",
     .raw = memory_guarded_raw<str_index_method>,
     .doc = "S.index(sub[, start[, end]]) -> int\n"
        "\nReturn the lowest index in S where substring sub is found,\n"
        "such that sub is contained within S[start:end].  Optional\n"
        "arguments start and end are interpreted as in slice notation.\n"
        "\nRaises ValueError when the substring is not found."},
    {.name = "ljust",
     .impl = memory_guarded<str_ljust_method>,
     .signature = "($self, width, fillchar=' ', /)",
     .doc = "Return a left-justified string of length width.\n"
        "\nPadding is done using the specified fill character (default is a space)."},
    {.name = "lower",
     .impl = memory_guarded<str_lower_method>,
     .signature = "($self, /)",
     .doc = "Return a copy of the string converted to lowercase."},
    {.name = "lstrip",
     .impl = memory_guarded<str_lstrip_method>,
     .signature = "($self, chars=None, /)",
     .doc = "Return a copy of the string with leading whitespace removed.\n"
        "\nIf chars is given and not None, remove characters in chars instead."},
    {.name = "rfind",
     .raw = memory_guarded_raw<str_rfind_method>,
     .doc = "S.rfind(sub[, start[, end]]) -> int\n"
        "\nReturn the highest index in S where substring sub is found,\n"
        "such that sub is contained within S[start:end].  Optional\n"
        "arguments start and end are interpreted as in slice notation.\n"
        "\nReturn -1 on failure."},
    {.name = "rindex",
     .raw = memory_guarded_raw<str_rindex_method>,
     .doc = "S.rindex(sub[, start[, end]]) -> int\n"
        "\nReturn the highest index in S where substring sub is found,\n"
        "such that sub is contained within S[start:end].  Optional\n"
        "arguments start and end are interpreted as in slice notation.\n"
        "\nRaises ValueError when the substring is not found."},
    {.name = "rjust",
     .impl = memory_guarded<str_rjust_method>,
     .signature = "($self, width, fillchar=' ', /)",
     .doc = "Return a right-justified string of length width.\n"
        "\nPadding is done using the specified fill character (default is a space)."},
    {.name = "rstrip",
     .impl = memory_guarded<str_rstrip_method>,
     .signature = "($self, chars=None, /)",
     .doc = "Return a copy of the string with trailing whitespace removed.\n"
        "\nIf chars is given and not None, remove characters in chars instead."},
    {.name = "rpartition",
     .impl = memory_guarded<str_rpartition_method>,
     .signature = "($self, sep, /)",
     .doc = "Partition the string into three parts using the given separator.\n"
        "\nThis will search for the separator in the string, starting at the end. If\n"
        "the separator is found, returns a 3-tuple containing the part before the\n"
        "separator, the separator itself, and the part after it.\n"
        "\nIf the separator is not found, returns a 3-tuple containing two empty strings\n"
        "and the original string."},
    {.name = "splitlines",
     .impl = memory_guarded<str_splitlines_method>,
     .signature = "($self, /, keepends=False)",
     .doc = "Return a list of the lines in the string, breaking at line boundaries.\n"
        "\nLine breaks are not included in the resulting list unless keepends is given and\n"
        "true."},
    {.name = "strip",
     .impl = memory_guarded<str_strip_method>,
     .signature = "($self, chars=None, /)",
     .doc = "Return a copy of the string with leading and trailing whitespace removed.\n"
        "\nIf chars is given and not None, remove characters in chars instead."},
    {.name = "swapcase",
     .impl = memory_guarded<str_swapcase_method>,
     .signature = "($self, /)",
     .doc = "Convert uppercase characters to lowercase and lowercase characters to uppercase."},
    {.name = "translate",
     .impl = memory_guarded<str_translate_method>,
     .signature = "($self, table, /)",
     .doc = "Replace each character in the string using the given translation table.\n"
        "\n  table\n    Translation table, which must be a mapping of Unicode ordinals to\n"
        "    Unicode ordinals, strings, or None.\n"
        "\nThe table must implement lookup/indexing via __getitem__, for instance a\n"
        "dictionary or list.  If this operation raises LookupError, the character is\n"
        "left untouched.  Characters mapped to None are deleted."},
    {.name = "upper",
     .impl = memory_guarded<str_upper_method>,
     .signature = "($self, /)",
     .doc = "Return a copy of the string converted to uppercase."},
    {.name = "startswith",
     .raw = memory_guarded_raw<str_startswith_method>,
     .doc = "S.startswith(prefix[, start[, end]]) -> bool\n"
        "\nReturn True if S starts with the specified prefix, False otherwise.\n"
        "With optional start, test S beginning at that position.\n"
        "With optional end, stop comparing S at that position.\n"
        "prefix can also be a tuple of strings to try."},
    {.name = "endswith",
     .raw = memory_guarded_raw<str_endswith_method>,
     .doc = "S.endswith(suffix[, start[, end]]) -> bool\n"
        "\nReturn True if S ends with the specified suffix, False otherwise.\n"
        "With optional start, test S beginning at that position.\n"
        "With optional end, stop comparing S at that position.\n"
        "suffix can also be a tuple of strings to try."},
    {.name = "removeprefix",
     .impl = memory_guarded<str_removeprefix_method>,
     .signature = "($self, prefix, /)",
     .doc = "Return a str with the given prefix string removed if present.\n"
        "\nIf the string starts with the prefix string, return string[len(prefix):].\n"
        "Otherwise, return a copy of the original string."},
    {.name = "removesuffix",
     .impl = memory_guarded<str_removesuffix_method>,
     .signature = "($self, suffix, /)",
     .doc = "Return a str with the given suffix string removed if present.\n"
        "\nIf the string ends with the suffix string and that suffix is not empty,\n"
        "return string[:-len(suffix)]. Otherwise, return a copy of the original\n"
        "string."},
    {.name = "isascii",
     .impl = memory_guarded<str_isascii_method>,
     .signature = "($self, /)",
     .doc = "Return True if all characters in the string are ASCII, False otherwise.\n"
        "\nASCII characters have code points in the range U+0000-U+007F.\n"
        "Empty string is ASCII too."},
    {.name = "islower",
     .impl = memory_guarded<str_islower_method>,
     .signature = "($self, /)",
     .doc = "Return True if the string is a lowercase string, False otherwise.\n"
        "\nA string is lowercase if all cased characters in the string are lowercase and\n"
        "there is at least one cased character in the string."},
    {.name = "isupper",
     .impl = memory_guarded<str_isupper_method>,
     .signature = "($self, /)",
     .doc = "Return True if the string is an uppercase string, False otherwise.\n"
        "\nA string is uppercase if all cased characters in the string are uppercase and\n"
        "there is at least one cased character in the string."},
    {.name = "istitle",
     .impl = memory_guarded<str_istitle_method>,
     .signature = "($self, /)",
     .doc = "Return True if the string is a title-cased string, False otherwise.\n"
        "\nIn a title-cased string, upper- and title-case characters may only\n"
        "follow uncased characters and lowercase characters only cased ones."},
    {.name = "isspace",
     .impl = memory_guarded<str_isspace_method>,
     .signature = "($self, /)",
     .doc = "Return True if the string is a whitespace string, False otherwise.\n"
        "\nA string is whitespace if all characters in the string are whitespace and there\n"
        "is at least one character in the string."},
    {.name = "isdecimal",
     .impl = memory_guarded<str_isdecimal_method>,
     .signature = "($self, /)",
     .doc = "Return True if the string is a decimal string, False otherwise.\n"
        "\nA string is a decimal string if all characters in the string are decimal and\n"
        "there is at least one character in the string."},
    {.name = "isdigit",
     .impl = memory_guarded<str_isdigit_method>,
     .signature = "($self, /)",
     .doc = "Return True if the string is a digit string, False otherwise.\n"
        "\nA string is a digit string if all characters in the string are digits and there\n"
        "is at least one character in the string."},
    {.name = "isnumeric",
     .impl = memory_guarded<str_isnumeric_method>,
     .signature = "($self, /)",
     .doc = "Return True if the string is a numeric string, False otherwise.\n"
        "\nA string is numeric if all characters in the string are numeric and there is at\n"
        "least one character in the string."},
    {.name = "isalpha",
     .impl = memory_guarded<str_isalpha_method>,
     .signature = "($self, /)",
     .doc = "Return True if the string is an alphabetic string, False otherwise.\n"
        "\nA string is alphabetic if all characters in the string are alphabetic and there\n"
        "is at least one character in the string."},
    {.name = "isalnum",
     .impl = memory_guarded<str_isalnum_method>,
     .signature = "($self, /)",
     .doc = "Return True if the string is an alpha-numeric string, False otherwise.\n"
        "\nA string is alpha-numeric if all characters in the string are alpha-numeric and\n"
        "there is at least one character in the string."},
    {.name = "isidentifier",
     .impl = memory_guarded<str_isidentifier_method>,
     .signature = "($self, /)",
     .doc = "Return True if the string is a valid Python identifier, False otherwise.\n"
        "\nCall keyword.iskeyword(s) to test whether string s is a reserved identifier,\n"
        "such as \"def\" or \"class\"."},
    {.name = "isprintable",
     .impl = memory_guarded<str_isprintable_method>,
     .signature = "($self, /)",
     .doc = "Return True if the string is printable, False otherwise.\n"
        "\nA string is printable if all of its characters are considered printable in\n"
        "repr() or if it is empty."},
    {.name = "zfill",
     .impl = memory_guarded<str_zfill_method>,
     .signature = "($self, width, /)",
     .doc = "Pad a numeric string with zeros on the left, to fill a field of the given width.\n"
        "\nThe string is never truncated."},
    {.name = "format",
     .raw = memory_guarded_raw<str_format_method>,
     .doc =
         "S.format(*args, **kwargs) -> str\n\nReturn a formatted version of S, using substitutions "
         "from args and kwargs.\nThe substitutions are identified by braces ('{' and '}')."},
    {.name = "format_map",
     .impl = memory_guarded<str_format_map_method>,
     .signature = "($self, mapping, /)",
     .doc = "S.format_map(mapping) -> str\n\nReturn a formatted version of S, using substitutions "
            "from mapping.\nThe substitutions are identified by braces ('{' and '}').",
     .flags = kMethodNoTextSignature},
    {.name = "__format__",
     .impl = memory_guarded<str_dunder_format_method>,
     .signature = "($self, format_spec, /)",
     .doc = "Return a formatted version of the string as described by format_spec."},
    {.name = "maketrans",
     .impl = memory_guarded<str_maketrans_method>,
     .signature = "(x, y=?, z=?, /)",
     .doc = "Return a translation table usable for str.translate().",
     .flags = kMethodStatic},
    {.name = "__sizeof__",
     .impl = memory_guarded<str_sizeof_method>,
     .signature = "($self, /)",
     .doc = "Return the size of the string in memory, in bytes."},
    {.name = "__getnewargs__",
     .impl = memory_guarded<str_getnewargs_method>,
     .signature = "($self, /)", .flags = kMethodNoTextSignature},
    {},
};

}  // namespace krait
