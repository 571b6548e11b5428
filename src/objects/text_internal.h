// Internals shared by the files that implement str and bytes (str_methods, str_format,
// unicode_codecs, bytes, bytearray, bytes_methods): argument conversions with CPython's
// messages, reading a str's code units by kind, and the split/replace algorithms written
// once over unit types. Substring search itself is in search.h.
#pragma once

#include <cstdint>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/error.h"
#include "objects/search.h"
#include "objects/str.h"

namespace krait {

// --- Arguments ---

// The start/end arguments of find, count, startswith, ...: absent or None leaves *out
// unchanged; anything with __index__ is clamped to the int64 range; other types raise
// "slice indices must be integers or None or have an __index__ method".
bool slice_bound(Value v, int64_t* out);
// Both bounds, then Python's rule for them: negative counts from the end, clipped to
// [0, length].
bool slice_bounds(Value start_arg, Value end_arg, int64_t length, int64_t* start, int64_t* end);
inline void adjust_indices(int64_t length, int64_t* start, int64_t* end) {
  if (*end > length) {
    *end = length;
  } else if (*end < 0) {
    *end += length;
    if (*end < 0) *end = 0;
  }
  if (*start < 0) {
    *start += length;
    if (*start < 0) *start = 0;
  }
}
// An integer argument through __index__ (width, count, maxsplit, ...): TypeError
// "'str' object cannot be interpreted as an integer", OverflowError when too big.
bool index_argument(Value v, int64_t* out);

// The arguments of find, rfind, index, rindex, count, startswith and endswith, which
// CPython parses the old way ("O|OO:find"): out[0..2] = sub, start, end (null if absent),
// with that parser's messages ("find() takes at least 1 argument (0 given)",
// "str.find() takes no keyword arguments"). `owner` is "str", "bytes" or "bytearray".
bool sub_start_end_arguments(const char* name, const char* owner, const Value* args, size_t nargs,
                             TupleObject* kwnames, Value out[3]);

// The type of a bad argument as Argument Clinic's messages name it: "None" for None, the
// type's name otherwise ("replace() argument 1 must be str, not None").
std::string argument_type_name(Value v);

// expandtabs' tabsize, a C int: OverflowError "Python int too large to convert to C int".
bool tabsize_argument(Value v, int64_t* out);

// `import name` from native code: the module from sys.modules, or imported now.
Ref<> import_module_named(std::string_view name);

// --- Failed allocations ---

// Runs body, turning a failed allocation inside it (a std::string or vector asked for an
// impossible size) into MemoryError, so no C++ exception leaves a native method.
template <class Body>
auto guard_memory(Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
  } catch (const std::length_error&) {
  }
  return raise_memory_error();
}

// A native method (or raw method) run under guard_memory; method tables name these.
template <Ref<> (*Impl)(Value, const Value*)>
Ref<> memory_guarded(Value self, const Value* args) {
  return guard_memory([&] { return Impl(self, args); });
}
template <Ref<> (*Impl)(Value, const Value*, size_t, TupleObject*)>
Ref<> memory_guarded_raw(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  return guard_memory([&] { return Impl(self, args, nargs, kwnames); });
}

// Type slots run under guard_memory.
template <Ref<> (*Fn)(Value)>
Ref<> guarded_unary(Value a) {
  return guard_memory([&] { return Fn(a); });
}
template <Ref<> (*Fn)(Value, Value)>
Ref<> guarded_binary(Value a, Value b) {
  return guard_memory([&] { return Fn(a, b); });
}
template <Ref<> (*Fn)(Value, int64_t)>
Ref<> guarded_repeat(Value a, int64_t n) {
  return guard_memory([&] { return Fn(a, n); });
}
template <int (*Fn)(Value, Value, Value)>
int guarded_setitem(Value container, Value key, Value value) {
  return guard_memory([&] { return Fn(container, key, value); });
}

// --- Reading str data by kind ---

inline char32_t kind_max_char(int kind) { return kind == 1 ? 0xFF : kind == 2 ? 0xFFFF : 0x10FFFF; }

inline void str_put(StrObject* s, int64_t i, char32_t c) {
  switch (s->kind) {
    case 1:
      static_cast<uint8_t*>(s->data())[i] = uint8_t(c);
      break;
    case 2:
      static_cast<uint16_t*>(s->data())[i] = uint16_t(c);
      break;
    default:
      static_cast<uint32_t*>(s->data())[i] = uint32_t(c);
      break;
  }
}

// Calls fn with s's data as const uint8_t*, const uint16_t* or const uint32_t*.
template <class Fn>
decltype(auto) visit_units(const StrObject* s, Fn&& fn) {
  switch (s->kind) {
    case 1:
      return fn(s->data1());
    case 2:
      return fn(s->data2());
    default:
      return fn(s->data4());
  }
}

// Unit type of a kind, for templates written over all three.
template <int Kind>
using UnitOf =
    std::conditional_t<Kind == 1, uint8_t, std::conditional_t<Kind == 2, uint16_t, uint32_t>>;

// s's code points as units of type T (wider or equal to s's kind: the caller checked that
// narrowing would not lose characters).
template <class T>
std::vector<T> units_as(const StrObject* s) {
  std::vector<T> out(size_t(s->length));
  visit_units(s, [&](const auto* data) {
    for (int64_t i = 0; i < s->length; ++i) out[size_t(i)] = T(data[i]);
  });
  return out;
}

// Copies n code points of `from` starting at `start` into `to` at `at` (to's kind is wide
// enough).
void str_copy_chars(StrObject* to, int64_t at, const StrObject* from, int64_t start, int64_t n);

// Re-examines a string built at a kind that may be wider than its contents need (after a
// replace or a strip removed the wide characters) and returns it in canonical form: the
// narrowest kind and a correct ASCII flag.
Ref<StrObject> str_canonical(Ref<StrObject>&& s);

// A new exact str with the same characters as s (for subclass instances).
Ref<StrObject> str_exact(StrObject* s);
// An instance of `type` (str or a subclass) holding s's characters.
Ref<> str_subtype_from(TypeObject* type, StrObject* s);

// --- Algorithms over code units, shared by str and bytes ---

// The pieces of s split at each sep (m >= 1), at most maxsplit splits (< 0: no limit):
// emit(start, end) per piece, left to right; false from emit stops with false.
template <class T, class Emit>
bool split_units(const T* s, int64_t n, const T* sep, int64_t m, int64_t maxsplit, Emit&& emit) {
  if (maxsplit < 0) maxsplit = INT64_MAX;
  int64_t start = 0;
  if (m == 1) {
    while (maxsplit-- > 0) {
      int64_t at = search::find_unit(s + start, n - start, sep[0]);
      if (at < 0) break;
      if (!emit(start, start + at)) return false;
      start += at + 1;
    }
  } else if (m <= n) {
    search::Searcher<T> searcher(sep, m);
    while (maxsplit-- > 0) {
      int64_t at = searcher.next(s, n, start);
      if (at < 0) break;
      if (!emit(start, at)) return false;
      start = at + m;
    }
  }
  return emit(start, n);
}

// As split_units from the right: pieces are emitted right to left.
template <class T, class Emit>
bool rsplit_units(const T* s, int64_t n, const T* sep, int64_t m, int64_t maxsplit, Emit&& emit) {
  if (maxsplit < 0) maxsplit = INT64_MAX;
  int64_t end = n;
  if (m == 1) {
    while (maxsplit-- > 0) {
      int64_t at = search::rfind_unit(s, end, sep[0]);
      if (at < 0) break;
      if (!emit(at + 1, end)) return false;
      end = at;
    }
  } else if (m <= n) {
    // Searching the reversed text: position p there is n - p - m here.
    search::Searcher<T, true> searcher(sep, m);
    int64_t from = 0;
    while (maxsplit-- > 0) {
      int64_t at = searcher.next(s, n, from);
      if (at < 0) break;
      int64_t here = n - at - m;
      if (!emit(here + m, end)) return false;
      end = here;
      from = at + m;
    }
  }
  return emit(0, end);
}

// str.split() / bytes.split() without a separator: runs of whitespace separate pieces,
// leading and trailing whitespace is dropped; after maxsplit splits, the rest (with its
// leading whitespace skipped, its trailing whitespace kept) is the last piece.
template <class T, class IsSpace, class Emit>
bool split_whitespace_units(const T* s, int64_t n, int64_t maxsplit, IsSpace&& is_space,
                            Emit&& emit) {
  if (maxsplit < 0) maxsplit = INT64_MAX;
  int64_t i = 0;
  while (true) {
    while (i < n && is_space(s[i])) ++i;
    if (i == n) return true;
    if (maxsplit-- == 0) return emit(i, n);  // the rest keeps its trailing whitespace
    int64_t start = i;
    while (i < n && !is_space(s[i])) ++i;
    if (!emit(start, i)) return false;
  }
}

// From the right (the rest keeps its leading whitespace); pieces emitted right to left.
template <class T, class IsSpace, class Emit>
bool rsplit_whitespace_units(const T* s, int64_t n, int64_t maxsplit, IsSpace&& is_space,
                             Emit&& emit) {
  if (maxsplit < 0) maxsplit = INT64_MAX;
  int64_t i = n;
  while (true) {
    while (i > 0 && is_space(s[i - 1])) --i;
    if (i == 0) return true;
    if (maxsplit-- == 0) return emit(0, i);  // the rest keeps its leading whitespace
    int64_t end = i;
    while (i > 0 && !is_space(s[i - 1])) --i;
    if (!emit(i, end)) return false;
  }
}

// Occurrences of old (length m >= 1) in s that replace() will substitute: at most max_count.
template <class T>
int64_t replace_count(const T* s, int64_t n, const T* old, int64_t m, int64_t max_count) {
  return search::count(s, n, old, m, max_count);
}

// Writes s with the first `count` occurrences of old replaced by new_units into out (whose
// size the caller computed: n + count * (new_n - m)). old may be empty: then new_units goes
// before each of the first `count` units (and at the end when count == n + 1).
template <class TIn, class TOut, class TNew>
void replace_into(const TIn* s, int64_t n, const TIn* old, int64_t m, const TNew* new_units,
                  int64_t new_n, int64_t count, TOut* out) {
  auto copy = [&](const auto* from, int64_t k) {
    if constexpr (sizeof(*from) == sizeof(TOut)) {
      if (k > 0) std::memcpy(out, from, size_t(k) * sizeof(TOut));
      out += k;
    } else {
      for (int64_t i = 0; i < k; ++i) *out++ = TOut(from[i]);
    }
  };
  if (m == 0) {
    int64_t i = 0;
    for (; count > 0; --count) {
      copy(new_units, new_n);
      if (i < n) *out++ = TOut(s[i++]);
    }
    copy(s + i, n - i);
    return;
  }
  int64_t start = 0;
  if (m == 1) {
    for (; count > 0; --count) {
      int64_t at = start + search::find_unit(s + start, n - start, old[0]);
      copy(s + start, at - start);
      copy(new_units, new_n);
      start = at + 1;
    }
  } else {
    search::Searcher<TIn> searcher(old, m);
    for (; count > 0; --count) {
      int64_t at = searcher.next(s, n, start);
      copy(s + start, at - start);
      copy(new_units, new_n);
      start = at + m;
    }
  }
  copy(s + start, n - start);
}

}  // namespace krait
