// str: storage, creation, UTF-8 conversion, hashing, comparison, interning and the type's
// core slots. The Python-visible methods are in str_methods.cpp; `%` and format() in
// str_format.cpp.
#include "objects/str.h"

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <vector>

#include "core/alloc.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/ops.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/search.h"
#include "objects/slice.h"
#include "runtime/runtime.h"
#include "text/swar.h"
#include "text/unicode.h"
#include "text/utf8.h"

namespace krait {

namespace {

// Preallocated: the empty string and the 256 one-character latin-1 strings.
StrObject* empty_string = nullptr;
StrObject* latin1_chars[256] = {};

int kind_for(char32_t max_char) { return max_char < 0x100 ? 1 : max_char < 0x10000 ? 2 : 4; }

template <class Unit>
char32_t max_of(const Unit* data, int64_t n) {
  Unit m = 0;
  for (int64_t i = 0; i < n; ++i) m = std::max(m, data[i]);
  return char32_t(m);
}

// Copies n code points from `from` (any kind) into `to` at index `at` (to's kind must be
// wide enough).
void copy_chars(StrObject* to, int64_t at, const StrObject* from, int64_t start, int64_t n) {
  if (to->kind == from->kind) {
    std::memcpy(static_cast<char*>(to->data()) + at * to->kind,
                static_cast<const char*>(from->data()) + start * from->kind, size_t(n) * to->kind);
    return;
  }
  for (int64_t i = 0; i < n; ++i) {
    char32_t c = from->at(start + i);
    switch (to->kind) {
      case 1: static_cast<uint8_t*>(to->data())[at + i] = uint8_t(c); break;
      case 2: static_cast<uint16_t*>(to->data())[at + i] = uint16_t(c); break;
      default: static_cast<uint32_t*>(to->data())[at + i] = uint32_t(c); break;
    }
  }
}

inline void put_char(StrObject* s, int64_t i, char32_t c) {
  switch (s->kind) {
    case 1: static_cast<uint8_t*>(s->data())[i] = uint8_t(c); break;
    case 2: static_cast<uint16_t*>(s->data())[i] = uint16_t(c); break;
    default: static_cast<uint32_t*>(s->data())[i] = uint32_t(c); break;
  }
}

}  // namespace

Ref<StrObject> str_allocate(int64_t length, char32_t max_char) {
  int kind = kind_for(max_char);
  // Sizes that would overflow the byte count can never be allocated anyway.
  if (length < 0 || length > INT64_MAX / 8) return raise_memory_error();
  // The caller fills the characters: only the header and the terminator are written here.
  auto* s = static_cast<StrObject*>(
      allocate_plain_uninitialised(&str_type, sizeof(StrObject) + size_t(length + 1) * kind));
  if (!s) return nullptr;
  s->length = length;
  s->hash = -1;
  s->kind = uint8_t(kind);
  s->ascii = max_char < 0x80;
  s->interned = false;
  s->utf8 = nullptr;
  put_char(s, length, 0);
  return Ref<StrObject>::steal(s);
}

Ref<StrObject> str_empty() { return new_ref(empty_string); }

Ref<StrObject> str_from_code_point(char32_t c) {
  if (c < 256 && latin1_chars[c]) return new_ref(latin1_chars[c]);
  Ref<StrObject> s = str_allocate(1, c);
  if (s) put_char(s.get(), 0, c);
  return s;
}

Ref<StrObject> str_from_ascii(std::string_view ascii) {
  if (ascii.size() <= 1) {
    return ascii.empty() ? str_empty() : str_from_code_point(uint8_t(ascii[0]));
  }
  Ref<StrObject> s = str_allocate(int64_t(ascii.size()), 0x7F);
  if (s) std::memcpy(s->data(), ascii.data(), ascii.size());
  return s;
}

Ref<StrObject> str_from_latin1(std::string_view latin1) {
  char32_t max_char = max_of(reinterpret_cast<const uint8_t*>(latin1.data()), int64_t(latin1.size()));
  if (max_char < 0x80) return str_from_ascii(latin1);
  Ref<StrObject> s = str_allocate(int64_t(latin1.size()), max_char);
  if (s) std::memcpy(s->data(), latin1.data(), latin1.size());
  return s;
}

Ref<StrObject> str_from_utf8(std::string_view utf8) {
  // First pass: count code points and find the widest, so the string is made once.
  const char* p = utf8.data();
  const char* end = p + utf8.size();
  int64_t count = 0;
  char32_t max_char = 0;
  if (swar::all_ascii(reinterpret_cast<const uint8_t*>(p), int64_t(utf8.size()))) {
    return str_from_ascii(utf8);
  }
  for (const char* q = p; q < end;) {
    char32_t c;
    int n = utf8::decode(q, end, &c, true);
    if (n == 0) {
      c = 0xFFFD;
      n = 1;
    }
    max_char = std::max(max_char, c);
    q += n;
    ++count;
  }
  Ref<StrObject> s = str_allocate(count, max_char);
  if (!s) return nullptr;
  int64_t i = 0;
  for (const char* q = p; q < end;) {
    char32_t c;
    int n = utf8::decode(q, end, &c, true);
    if (n == 0) {
      c = 0xFFFD;
      n = 1;
    }
    put_char(s.get(), i++, c);
    q += n;
  }
  if (count == 1 && max_char < 256) return str_from_code_point(max_char);
  return s;
}

Ref<StrObject> str_from_code_points(const char32_t* code_points, int64_t n) {
  if (n == 0) return str_empty();
  char32_t max_char = max_of(code_points, n);
  if (n == 1 && max_char < 256) return str_from_code_point(max_char);
  Ref<StrObject> s = str_allocate(n, max_char);
  if (!s) return nullptr;
  for (int64_t i = 0; i < n; ++i) put_char(s.get(), i, code_points[i]);
  return s;
}

char32_t str_max_char(StrObject* s) {
  if (s->ascii) return 0x7F;
  switch (s->kind) {
    case 1: return max_of(s->data1(), s->length);
    case 2: return max_of(s->data2(), s->length);
    default: return max_of(s->data4(), s->length);
  }
}

Ref<StrObject> str_substring(StrObject* s, int64_t start, int64_t end) {
  start = std::max<int64_t>(start, 0);
  end = std::min(end, s->length);
  if (start >= end) return str_empty();
  if (start == 0 && end == s->length && s->type == &str_type) return new_ref(s);
  int64_t n = end - start;
  char32_t max_char = 0;
  switch (s->kind) {
    case 1: max_char = s->ascii ? 0x7F : max_of(s->data1() + start, n); break;
    case 2: max_char = max_of(s->data2() + start, n); break;
    default: max_char = max_of(s->data4() + start, n); break;
  }
  if (n == 1 && max_char < 256) return str_from_code_point(s->at(start));
  Ref<StrObject> result = str_allocate(n, max_char);
  if (result) copy_chars(result.get(), 0, s, start, n);
  return result;
}

Ref<StrObject> str_concat(StrObject* a, StrObject* b) {
  if (a->length == 0 && b->type == &str_type) return new_ref(b);
  if (b->length == 0 && a->type == &str_type) return new_ref(a);
  if (a->length > INT64_MAX / 8 - b->length) return overflow_error("strings are too large to concat");
  char32_t max_char = std::max(kind_max_char(a), kind_max_char(b));
  Ref<StrObject> s = str_allocate(a->length + b->length, max_char);
  if (!s) return nullptr;
  copy_chars(s.get(), 0, a, 0, a->length);
  copy_chars(s.get(), a->length, b, 0, b->length);
  return s;
}

std::string_view str_utf8(StrObject* s) {
  if (s->ascii) return {static_cast<const char*>(s->data()), size_t(s->length)};
  if (!s->utf8) {
    std::string out;
    out.reserve(size_t(s->length) * 2);
    for (int64_t i = 0; i < s->length; ++i) utf8::append(out, s->at(i));
    int64_t byte_count = int64_t(out.size());
    s->utf8 = static_cast<char*>(std::malloc(sizeof byte_count + out.size() + 1));
    std::memcpy(s->utf8, &byte_count, sizeof byte_count);
    std::memcpy(s->utf8 + sizeof byte_count, out.c_str(), out.size() + 1);
  }
  int64_t byte_count;
  std::memcpy(&byte_count, s->utf8, sizeof byte_count);
  return {s->utf8 + sizeof byte_count, size_t(byte_count)};
}

bool str_equal_ascii(StrObject* s, std::string_view ascii) {
  return s->ascii && size_t(s->length) == ascii.size() &&
         std::memcmp(s->data(), ascii.data(), ascii.size()) == 0;
}

int str_compare_wide(StrObject* a, StrObject* b) {
  int64_t n = std::min(a->length, b->length);
  for (int64_t i = 0; i < n; ++i) {
    char32_t x = a->at(i), y = b->at(i);
    if (x != y) return x < y ? -1 : 1;
  }
  return a->length < b->length ? -1 : a->length > b->length ? 1 : 0;
}

int64_t str_hash(StrObject* s) {
  if (s->hash == -1) s->hash = hash_bytes(s->data(), size_t(s->length) * s->kind);
  return s->hash;
}

// The search itself is objects/search.h (memchr, a skip loop, or two-way for long needles).
int64_t str_find(StrObject* s, StrObject* needle, int64_t start, int64_t end) {
  start = std::max<int64_t>(start, 0);
  end = std::min(end, s->length);
  int64_t n = needle->length;
  if (end - start < n) return -1;
  if (n == 0) return start;
  // Strings are stored in their narrowest kind: a wider needle cannot occur.
  if (needle->kind > s->kind) return -1;
  auto find_units = [&](const auto* hay) -> int64_t {
    using T = std::remove_cv_t<std::remove_pointer_t<decltype(hay)>>;
    std::vector<T> widened;
    const T* pin = static_cast<const T*>(needle->data());
    if (needle->kind != s->kind) {
      widened.resize(size_t(n));
      for (int64_t i = 0; i < n; ++i) widened[size_t(i)] = T(needle->at(i));
      pin = widened.data();
    }
    int64_t at = search::find(hay + start, end - start, pin, n);
    return at < 0 ? -1 : at + start;
  };
  switch (s->kind) {
    case 1: return find_units(s->data1());
    case 2: return find_units(s->data2());
    default: return find_units(s->data4());
  }
}

StrObject* str_intern(Ref<StrObject>&& s) {
  if (s->interned) return s.get();  // interned strings are immortal; the Ref's count is spare
  auto* interned = static_cast<DictObject*>(runtime().interned);
  Value existing = dict_get(interned, s.value());
  if (existing) return as_str(existing);
  clear_error();
  dict_set(interned, s.value(), s.value());
  s->interned = true;
  s->refcount = kStaticRefcount;  // interned strings live until the runtime ends
  return s.get();
}

StrObject* str_intern_utf8(std::string_view utf8) {
  Ref<StrObject> s = str_from_utf8(utf8);
  return s ? str_intern(std::move(s)) : nullptr;
}

// --- StrBuilder ---

void StrBuilder::append(char32_t c) { chars_.push_back(c); }
void StrBuilder::append_ascii(std::string_view ascii) { chars_.append(ascii.begin(), ascii.end()); }
void StrBuilder::append_utf8(std::string_view text) {
  const char* end = text.data() + text.size();
  for (const char* p = text.data(); p < end;) {
    char32_t c;
    int n = utf8::decode(p, end, &c, true);
    if (n == 0) {
      c = 0xFFFD;
      n = 1;
    }
    chars_.push_back(c);
    p += n;
  }
}
void StrBuilder::append(StrObject* s) { append(s, 0, s->length); }
void StrBuilder::append(StrObject* s, int64_t start, int64_t end) {
  for (int64_t i = start; i < end; ++i) chars_.push_back(s->at(i));
}
Ref<StrObject> StrBuilder::finish() {
  return str_from_code_points(chars_.data(), int64_t(chars_.size()));
}

// --- Slots ---

namespace {

void str_dealloc(Object* o) {
  auto* s = static_cast<StrObject*>(o);
  if (s->utf8) std::free(s->utf8);
  if (o->type == &str_type) {
    free_plain_object(o);
  } else {
    free_object(o);
  }
}

// repr(): quotes chosen as CPython does (single unless the text has ' and no "),
// non-printable characters escaped as \xhh, \uhhhh or \Uhhhhhhhh.
Ref<> str_repr(Value self) {
  StrObject* s = as_str(self);
  bool has_single = false, has_double = false;
  for (int64_t i = 0; i < s->length; ++i) {
    char32_t c = s->at(i);
    has_single |= c == '\'';
    has_double |= c == '"';
  }
  char32_t quote = (has_single && !has_double) ? '"' : '\'';
  StrBuilder out;
  out.append(quote);
  static const char kHex[] = "0123456789abcdef";
  for (int64_t i = 0; i < s->length; ++i) {
    char32_t c = s->at(i);
    if (c == quote || c == '\\') {
      out.append('\\');
      out.append(c);
    } else if (c == '\t') {
      out.append_ascii("\\t");
    } else if (c == '\n') {
      out.append_ascii("\\n");
    } else if (c == '\r') {
      out.append_ascii("\\r");
    } else if (c < ' ' || c == 0x7F) {
      out.append_ascii("\\x");
      out.append(char32_t(kHex[c >> 4]));
      out.append(char32_t(kHex[c & 15]));
    } else if (c < 0x7F) {
      out.append(c);
    } else if (unicode::is_printable(c)) {
      out.append(c);
    } else if (c <= 0xFF) {
      out.append_ascii("\\x");
      out.append(char32_t(kHex[c >> 4]));
      out.append(char32_t(kHex[c & 15]));
    } else if (c <= 0xFFFF) {
      out.append_ascii("\\u");
      for (int shift = 12; shift >= 0; shift -= 4) out.append(char32_t(kHex[(c >> shift) & 15]));
    } else {
      out.append_ascii("\\U");
      for (int shift = 28; shift >= 0; shift -= 4) out.append(char32_t(kHex[(c >> shift) & 15]));
    }
  }
  out.append(quote);
  return out.finish();
}

Ref<> str_str(Value self) {
  if (is_exact_str(self)) return new_ref(self);
  StrObject* s = as_str(self);
  Ref<StrObject> copy = str_allocate(s->length, kind_max_char(s));
  if (copy) copy_chars(copy.get(), 0, s, 0, s->length);
  return copy;
}

int64_t str_hash_slot(Value self) { return str_hash(as_str(self)); }

Ref<> str_compare_slot(Value a, Value b, CompareOp op) {
  if (!is_str(b)) return new_not_implemented();
  StrObject* x = as_str(a);
  StrObject* y = as_str(b);
  switch (op) {
    case CompareOp::Eq: return new_bool(str_equal(x, y));
    case CompareOp::Ne: return new_bool(!str_equal(x, y));
    case CompareOp::Lt: return new_bool(str_compare(x, y) < 0);
    case CompareOp::Le: return new_bool(str_compare(x, y) <= 0);
    case CompareOp::Gt: return new_bool(str_compare(x, y) > 0);
    case CompareOp::Ge: return new_bool(str_compare(x, y) >= 0);
  }
  return nullptr;
}

int64_t str_length(Value self) { return as_str(self)->length; }

// s[start::step] with n characters (step != 1), in the narrowest kind that holds them.
Ref<StrObject> str_stepped_slice(StrObject* s, int64_t start, int64_t step, int64_t n) {
  if (n == 0) return str_empty();
  if (n == 1) return str_from_code_point(s->at(start));
  auto fill = [&](const auto* in) -> Ref<StrObject> {
    using In = std::remove_cv_t<std::remove_pointer_t<decltype(in)>>;
    in += start;
    char32_t max_char = 0x7F;
    if (!s->ascii) {
      In m = 0;
      for (int64_t i = 0; i < n; ++i) m = std::max(m, in[i * step]);
      max_char = m;
    }
    Ref<StrObject> result = str_allocate(n, max_char);
    if (!result) return nullptr;
    auto copy = [&](auto* out) {
      for (int64_t i = 0; i < n; ++i) out[i] = std::remove_pointer_t<decltype(out)>(in[i * step]);
    };
    switch (result->kind) {
      case 1: copy(static_cast<uint8_t*>(result->data())); break;
      case 2: copy(static_cast<uint16_t*>(result->data())); break;
      default: copy(static_cast<uint32_t*>(result->data())); break;
    }
    return result;
  };
  switch (s->kind) {
    case 1: return fill(s->data1());
    case 2: return fill(s->data2());
    default: return fill(s->data4());
  }
}

Ref<> str_getitem(Value self, Value key) {
  StrObject* s = as_str(self);
  if (is_slice(key)) {
    int64_t start, stop, step;
    if (!slice_unpack(key, &start, &stop, &step)) return nullptr;
    return str_get_slice(s, start, stop, step);
  }
  if (!is_int(key) && !type_of(key)->to_index) {
    return type_error("string indices must be integers, not '{}'", type_name(key));
  }
  int64_t i;
  if (!index_to_int64(key, &i, &exc::IndexError)) return nullptr;
  if (i < 0) i += s->length;
  if (i < 0 || i >= s->length) return index_error("string index out of range");
  return str_from_code_point(s->at(i));
}

int str_contains(Value self, Value item) {
  if (!is_str(item)) {
    return type_error("'in <string>' requires string as left operand, not {}", type_name(item));
  }
  StrObject* s = as_str(self);
  return str_find(s, as_str(item), 0, s->length) >= 0;
}

// `+` and `*` are sequence concatenation and repetition (CPython's sq_concat/sq_repeat),
// not number slots: the number protocol runs first, so `'a' + x` reaches x.__radd__.
Ref<> str_concat_slot(Value a, Value b) {
  if (!is_str(b)) return type_error("can only concatenate str (not \"{}\") to str", type_name(b));
  return str_concat(as_str(a), as_str(b));
}

Ref<> str_repeat(Value s, int64_t n) {
  StrObject* text = as_str(s);
  if (n <= 0 || text->length == 0) return str_empty();
  if (n == 1 && is_exact_str(s)) return new_ref(s);
  // Beyond the ssize_t range: OverflowError; merely too big to allocate: MemoryError.
  if (text->length > INT64_MAX / n) return overflow_error("repeated string is too long");
  Ref<StrObject> result = str_allocate(text->length * n, kind_max_char(text));
  if (!result) return nullptr;
  size_t chunk = size_t(text->length) * text->kind;
  char* out = static_cast<char*>(result->data());
  if (text->kind == result->kind) {
    for (int64_t i = 0; i < n; ++i) std::memcpy(out + i * chunk, text->data(), chunk);
  } else {
    for (int64_t i = 0; i < n; ++i) copy_chars(result.get(), i * text->length, text, 0, text->length);
  }
  return result;
}

}  // namespace

Ref<> str_get_slice(StrObject* s, int64_t start, int64_t stop, int64_t step) {
  int64_t n = slice_adjust_indices(s->length, &start, &stop, step);
  if (step == 1) return str_substring(s, start, start + n);
  return str_stepped_slice(s, start, step, n);
}

// Defined in str_format.cpp (`%` operator) and str_methods.cpp.
Ref<> str_remainder(Value a, Value b);
Ref<> str_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames);
Ref<> str_iter(Value self);
extern const MethodDef str_methods[];

TypeObject str_type{TypeSpec{
    .name = "str",
    .doc = "str(object='') -> str\nstr(bytes_or_buffer[, encoding[, errors]]) -> str\n\n"
           "Create a new string object from the given object. If encoding or\n"
           "errors is specified, then the object must expose a data buffer\n"
           "that will be decoded using the given encoding and error handler.\n"
           "Otherwise, returns the result of object.__str__() (if defined)\n"
           "or repr(object).\nencoding defaults to sys.getdefaultencoding().\n"
           "errors defaults to 'strict'.",
    .basic_size = sizeof(StrObject),
    .item_size = 0,
    .flags = kTypeBaseType | kTypeStrSubclass,
    .slots = {.dealloc = str_dealloc,
              .new_instance = str_new,
              .repr = str_repr,
              .str = str_str,
              .hash = str_hash_slot,
              .compare = str_compare_slot,
              .getattr = generic_get_attr,
              .iter = str_iter,
              .length = str_length,
              .getitem = str_getitem,
              .contains = str_contains,
              .concat = str_concat_slot,
              .repeat = str_repeat,
              .remainder = str_remainder},
    .methods = str_methods,
}};

void init_str_singletons() {
  empty_string = str_allocate(0, 0).release_object();
  empty_string->refcount = kStaticRefcount;
  for (int c = 0; c < 256; ++c) {
    StrObject* s = str_allocate(1, char32_t(c)).release_object();
    put_char(s, 0, char32_t(c));
    s->refcount = kStaticRefcount;
    latin1_chars[c] = s;
  }
}

}  // namespace krait
