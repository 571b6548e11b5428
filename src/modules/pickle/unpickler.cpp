// _pickle.Unpickler and its memo proxy: runs a pickle's opcodes on a stack machine, with
// CPython's C unpickler's input handling (in-memory data, or a file read with peek /
// read / readinto / readline without consuming more than the pickle), error messages,
// find_class with _compat_pickle's mappings, persistent_load and out-of-band buffers.
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <gmp.h>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/alloc.h"
#include "core/args.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/pickle/pickle_internal.h"
#include "objects/bytes.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "objects/unicode_codecs.h"
#include "runtime/audit.h"
#include "runtime/gc.h"
#include "runtime/import.h"
#include "text/float_text.h"

namespace krait {

extern TypeObject memoryview_type;

namespace pickle {

namespace {

constexpr int64_t kPrefetch = 8192 * 16;
constexpr int64_t kWholeLine = -1;
constexpr int64_t kDenseMemoLimit = int64_t{1} << 20;

// The memo: dense below kDenseMemoLimit (or twice the current size), sparse above, so a
// hostile PUT index cannot make a huge allocation.
class UnpicklerMemo {
 public:
  ~UnpicklerMemo() { clear(); }
  int64_t count() const { return count_; }
  Value get(int64_t index) const {
    if (index >= 0 && size_t(index) < dense_.size()) return dense_[size_t(index)];
    auto it = sparse_.find(index);
    return it == sparse_.end() ? Value() : it->second;
  }
  // Stores a new reference to value.
  void put(int64_t index, Value value) {
    incref(value);
    Value* slot;
    if (size_t(index) < dense_.size() || index < kDenseMemoLimit || index < int64_t(dense_.size()) * 2) {
      if (size_t(index) >= dense_.size()) dense_.resize(std::max({size_t(index) + 1, dense_.size() * 2, size_t{32}}));
      slot = &dense_[size_t(index)];
    } else {
      slot = &sparse_[index];
    }
    Value old = *slot;
    *slot = value;
    if (old) decref(old);
    else ++count_;
  }
  void swap(UnpicklerMemo& other) {
    dense_.swap(other.dense_);
    sparse_.swap(other.sparse_);
    std::swap(count_, other.count_);
  }
  // Empties the memo before dropping the references (a __del__ may look at it).
  void clear() {
    std::vector<Value> dense;
    dense.swap(dense_);
    count_ = 0;
    if (!sparse_.empty()) {
      std::unordered_map<int64_t, Value> sparse;
      sparse.swap(sparse_);
      for (auto& entry : sparse) decref(entry.second);
    }
    for (Value v : dense) decref(v);
  }
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (size_t i = 0; i < dense_.size(); ++i) {
      if (dense_[i]) fn(int64_t(i), dense_[i]);
    }
    for (auto& entry : sparse_) fn(entry.first, entry.second);
  }

 private:
  std::vector<Value> dense_;
  std::unordered_map<int64_t, Value> sparse_;
  int64_t count_ = 0;
};

struct UnpicklerObject : Object {
  // Constructed in place by new_unpickler, destroyed by the dealloc.
  std::vector<Value> stack;  // owned references
  std::vector<int64_t> marks;
  UnpicklerMemo memo;
  // The input: `input_view` is the in-memory data, or the last chunk read from the file.
  Buffer input_view;
  const char* input;
  int64_t input_len;
  int64_t next_read_idx;
  int64_t prefetched_idx;  // start of the peeked, not yet consumed, bytes
  Value read;              // file methods; read null: in-memory input
  Value readline;
  Value readinto;
  Value peek;
  MethodRef persistent_load;
  Value buffers;  // iterator of out-of-band buffers, or null
  Value encoding;
  Value errors;
  int32_t proto;
  bool fix_imports;
  bool initialized;
};

UnpicklerObject* as_unpickler(Value v) { return static_cast<UnpicklerObject*>(v.as_object()); }

// --- Input ---

Raised bad_readline() { return unpickling_error("pickle data was truncated"); }

int64_t set_string_input(UnpicklerObject* u, Value data) {
  buffer_release(&u->input_view);
  if (!buffer_get(data, &u->input_view, kBufferSimple)) {
    u->input_view = Buffer();
    u->input = nullptr;
    u->input_len = u->next_read_idx = u->prefetched_idx = 0;
    return -1;
  }
  u->input = static_cast<const char*>(u->input_view.data);
  u->input_len = u->input_view.length;
  u->next_read_idx = 0;
  u->prefetched_idx = u->input_len;
  return u->input_len;
}

// Consumes (with file.read) what was used of peeked data.
bool skip_consumed(UnpicklerObject* u) {
  int64_t consumed = u->next_read_idx - u->prefetched_idx;
  if (consumed <= 0) return true;
  Ref<> result = call1(u->read, Value::small_int(consumed));
  if (!result) return false;
  u->prefetched_idx = u->next_read_idx;
  return true;
}

int64_t read_from_file(UnpicklerObject* u, int64_t n) {
  if (!skip_consumed(u)) return -1;
  Ref<> data;
  if (n == kWholeLine) {
    data = call0(u->readline);
  } else {
    if (u->peek && n < kPrefetch) {
      data = call1(u->peek, Value::small_int(kPrefetch));
      if (!data) {
        if (!error_matches(&exc::NotImplementedError)) return -1;
        clear_error();
        Value old = u->peek;
        u->peek = Value();
        decref(old);
      } else {
        int64_t size = set_string_input(u, data);
        if (size < 0) return -1;
        u->prefetched_idx = 0;
        if (n <= size) return n;
      }
    }
    data = call1(u->read, Value::small_int(n));
  }
  if (!data) return -1;
  return set_string_input(u, data);
}

bool read_slow(UnpicklerObject* u, int64_t n, const char** out) {
  if (u->next_read_idx > INT64_MAX - n) return unpickling_error("read would overflow (invalid bytecode)");
  if (!u->read) return bad_readline();
  int64_t got = read_from_file(u, n);
  if (got < 0) return false;
  if (got < n) return bad_readline();
  *out = u->input;
  u->next_read_idx = n;
  return true;
}

inline bool read_bytes(UnpicklerObject* u, int64_t n, const char** out) {
  if (n <= u->input_len - u->next_read_idx) {
    *out = u->input + u->next_read_idx;
    u->next_read_idx += n;
    return true;
  }
  return read_slow(u, n, out);
}

// A line, its '\n' included.
bool read_line(UnpicklerObject* u, std::string_view* line) {
  const char* start = u->input + u->next_read_idx;
  const void* newline = u->input ? std::memchr(start, '\n', size_t(u->input_len - u->next_read_idx)) : nullptr;
  if (newline) {
    int64_t n = static_cast<const char*>(newline) - start + 1;
    u->next_read_idx += n;
    *line = std::string_view(start, size_t(n));
    return true;
  }
  if (!u->read) return bad_readline();
  int64_t got = read_from_file(u, kWholeLine);
  if (got < 0) return false;
  if (got == 0 || u->input[got - 1] != '\n') return bad_readline();
  u->next_read_idx = got;
  *line = std::string_view(u->input, size_t(got));
  return true;
}

// Reads n bytes into buf, through file.readinto when the input is a file.
bool read_into(UnpicklerObject* u, char* buf, int64_t n) {
  if (n == 0) return true;
  int64_t in_buffer = u->input_len - u->next_read_idx;
  if (in_buffer > 0) {
    int64_t take = std::min(in_buffer, n);
    std::memcpy(buf, u->input + u->next_read_idx, size_t(take));
    u->next_read_idx += take;
    buf += take;
    n -= take;
    if (n == 0) return true;
  }
  if (!u->read) return bad_readline();
  if (!skip_consumed(u)) return false;
  if (!u->readinto) {
    Ref<> data = call1(u->read, Value::small_int(n));
    if (!data) return false;
    if (!is_bytes(data)) return value_error("read() returned non-bytes object ({})", repr_for_message(Value(type_of(data))));
    if (as_bytes(data)->length < n) return bad_readline();
    std::memcpy(buf, as_bytes(data)->data, size_t(n));
    return true;
  }
  Ref<ByteArrayObject> target = bytearray_from(std::string_view());
  if (!target) return false;
  Ref<> sized = call_method1(target, str_intern_utf8("__init__"), Value::small_int(n));
  if (!sized) return false;
  Ref<> view = call1(Value(&memoryview_type), target);
  if (!view) return false;
  Ref<> count = call1(u->readinto, view);
  if (!count) return false;
  if (!call_method0(view, str_intern_utf8("release"))) return false;
  int64_t got;
  if (!index_to_int64(count, &got)) return false;
  if (got < 0) return value_error("readinto() returned negative size");
  if (got < n) return bad_readline();
  std::memcpy(buf, target->data, size_t(n));
  return true;
}

// --- The stack ---

inline int64_t fence(UnpicklerObject* u) { return u->marks.empty() ? 0 : u->marks.back(); }
inline int64_t stack_size(UnpicklerObject* u) { return int64_t(u->stack.size()); }

Raised stack_underflow(UnpicklerObject* u) {
  return unpickling_error(u->marks.empty() ? "unpickling stack underflow" : "unexpected MARK found");
}

inline void push(UnpicklerObject* u, Ref<> value) { u->stack.push_back(value.release()); }

Ref<> pop(UnpicklerObject* u) {
  if (stack_size(u) <= fence(u)) return stack_underflow(u);
  Value v = u->stack.back();
  u->stack.pop_back();
  return Ref<>::steal(v);
}

void truncate_stack(UnpicklerObject* u, int64_t size) {
  while (stack_size(u) > size) {
    Value v = u->stack.back();
    u->stack.pop_back();
    decref(v);
  }
}

int64_t marker(UnpicklerObject* u) {
  if (u->marks.empty()) return unpickling_error("could not find MARK");
  int64_t mark = u->marks.back();
  u->marks.pop_back();
  return mark;
}

Ref<> pop_tuple(UnpicklerObject* u, int64_t start) {
  if (start < fence(u)) return stack_underflow(u);
  int64_t n = stack_size(u) - start;
  Ref<TupleObject> t = tuple_allocate(n);
  if (!t) return nullptr;
  for (int64_t i = 0; i < n; ++i) t->items[i] = u->stack[size_t(start + i)];
  u->stack.resize(size_t(start));
  return t;
}

Ref<> pop_list(UnpicklerObject* u, int64_t start) {
  if (start < fence(u)) return stack_underflow(u);
  int64_t n = stack_size(u) - start;
  Ref<ListObject> list = list_new(n);
  if (!list) return nullptr;
  for (int64_t i = 0; i < n; ++i) list_set_item_steal(list.get(), i, u->stack[size_t(start + i)]);
  u->stack.resize(size_t(start));
  return list;
}

uint64_t read_le(const char* s, int n) {
  uint64_t x = 0;
  for (int i = 0; i < n; ++i) x |= uint64_t(uint8_t(s[i])) << (8 * i);
  return x;
}
// 1 and 2 byte values are unsigned, 4 byte ones signed (CPython's calc_binint).
int64_t binint(const char* s, int n) {
  uint64_t x = read_le(s, n);
  if (n == 4) return int64_t(int32_t(uint32_t(x)));
  return int64_t(x);
}

// --- Loading values ---

// int(text, base) as CPython's PyLong_FromString: the text is a C string (it ends at a
// NUL); the message of an invalid literal names the base the prefix chose (0 for a
// leading zero) and shows at most 200 bytes, which must be UTF-8 to be shown at all.
Ref<> parse_int(std::string_view text, int base) {
  text = text.substr(0, std::min(text.size(), text.find('\0')));
  Ref<> value = int_from_string(text, base);
  if (value || !error_matches(&exc::ValueError)) return value;
  clear_error();
  if (base == 0) {
    size_t i = 0;
    while (i < text.size() && std::isspace(uint8_t(text[i]))) ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    char next = i + 1 < text.size() ? char(std::tolower(uint8_t(text[i + 1]))) : '\0';
    if (i >= text.size() || text[i] != '0') base = 10;
    else if (next == 'x') base = 16;
    else if (next == 'o') base = 8;
    else if (next == 'b') base = 2;
  }
  Ref<> shown = decode_utf8(text.substr(0, 200), Value(), Value());
  Ref<StrObject> quoted = shown ? repr(shown) : nullptr;
  if (!quoted) return nullptr;
  Ref<StrObject> clipped = str_substring(quoted.get(), 0, std::min<int64_t>(quoted->length, 200));
  if (!clipped) return nullptr;
  return value_error("invalid literal for int() with base {}: {}", base, str_utf8(clipped.get()));
}

bool load_int(UnpicklerObject* u) {
  std::string_view line;
  if (!read_line(u, &line)) return false;
  if (line.size() < 2) return bad_readline();
  if (line.size() == 3 && (line.substr(0, 2) == "00" || line.substr(0, 2) == "01")) {
    push(u, new_bool(line[1] == '1'));
    return true;
  }
  std::string text(line);
  errno = 0;
  char* end = nullptr;
  long value = std::strtol(text.c_str(), &end, 0);
  Ref<> result;
  if (errno || (*end != '\n' && *end)) {
    result = parse_int(line, 0);
    if (!result) {
      clear_error();
      return value_error("could not convert string to int");
    }
  } else if (line.size() == 3 && (value == 0 || value == 1)) {
    result = new_bool(value == 1);
  } else {
    result = int_from_int64(value);
  }
  if (!result) return false;
  push(u, std::move(result));
  return true;
}

bool load_long_text(UnpicklerObject* u) {
  std::string_view line;
  if (!read_line(u, &line)) return false;
  if (line.size() < 2) return bad_readline();
  std::string_view text = line;
  if (text.size() > 1 && text[text.size() - 2] == 'L') text = text.substr(0, text.size() - 2);
  Ref<> value = parse_int(text, 0);  // LONG: base 0, as CPython
  if (!value) return false;
  push(u, std::move(value));
  return true;
}

Ref<> decode_long(const char* data, int64_t size) {
  if (size == 0) return int_from_small(0);
  if (size <= 8) {
    uint64_t x = read_le(data, int(size));
    if (size < 8 && (uint8_t(data[size - 1]) & 0x80)) x |= ~uint64_t(0) << (8 * size);
    return int_from_int64(int64_t(x));
  }
  mpz_t z;
  mpz_init(z);
  mpz_import(z, size_t(size), -1, 1, 0, 0, data);
  if (uint8_t(data[size - 1]) & 0x80) {
    mpz_t t;
    mpz_init(t);
    mpz_ui_pow_ui(t, 2, uint64_t(size) * 8);
    mpz_sub(z, z, t);
    mpz_clear(t);
  }
  return int_from_mpz_move(z);
}

bool load_counted_long(UnpicklerObject* u, int n) {
  const char* s;
  if (!read_bytes(u, n, &s)) return false;
  int64_t size = binint(s, n);
  if (size < 0) return unpickling_error("LONG pickle has negative byte count");
  if (!read_bytes(u, size, &s)) return false;
  Ref<> value = decode_long(s, size);
  if (!value) return false;
  push(u, std::move(value));
  return true;
}

bool load_float_text(UnpicklerObject* u) {
  std::string_view line;
  if (!read_line(u, &line)) return false;
  if (line.size() < 2) return bad_readline();
  // CPython parses the line as a C string: it ends at a NUL.
  std::string_view text = line.substr(0, std::min(line.size(), line.find('\0')));
  double x;
  size_t used = text::parse_float_prefix(text, &x);
  if (used == 0) return value_error("could not convert string to float: '{}'", std::string(text));
  if (used < text.size() && text[used] != '\n') return value_error("could not convert string to float");
  if (std::isinf(x)) {
    std::string lower(text);
    for (char& c : lower) c = char(std::tolower(uint8_t(c)));
    if (lower.find("inf") == std::string::npos)
      return overflow_error("value too large to convert to float: '{}'", std::string(text));
  }
  Ref<> value = float_from_double(x);
  if (!value) return false;
  push(u, std::move(value));
  return true;
}

bool load_binfloat(UnpicklerObject* u) {
  const char* s;
  if (!read_bytes(u, 8, &s)) return false;
  uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits = bits << 8 | uint8_t(s[i]);
  double x;
  std::memcpy(&x, &bits, 8);
  Ref<> value = float_from_double(x);
  if (!value) return false;
  push(u, std::move(value));
  return true;
}

// Python 2 str data: bytes when encoding='bytes', else decoded.
Ref<> decode_string(UnpicklerObject* u, Ref<> bytes) {
  if (str_equal_ascii(as_str(u->encoding), "bytes")) return bytes;
  return bytes_decode(bytes, u->encoding, u->errors);
}

bool load_string(UnpicklerObject* u) {
  std::string_view line;
  if (!read_line(u, &line)) return false;
  std::string_view text = line.substr(0, line.size() - 1);
  if (text.size() < 2 || text.front() != text.back() || (text.front() != '\'' && text.front() != '"'))
    return unpickling_error("the STRING opcode argument must be quoted");
  Ref<> raw = bytes_from(text.substr(1, text.size() - 2));
  if (!raw) return false;
  Ref<> decoded = call_function_in_module("codecs", "escape_decode", raw);
  if (!decoded) return false;
  Ref<> value = decode_string(u, new_ref(as_tuple(decoded)->items[0]));
  if (!value) return false;
  push(u, std::move(value));
  return true;
}

bool read_size(UnpicklerObject* u, int n, const char* what, int64_t* size);

bool load_counted_binstring(UnpicklerObject* u, int n) {
  int64_t size;
  if (!read_size(u, n, "BINSTRING", &size)) return false;
  const char* s;
  if (!read_bytes(u, size, &s)) return false;
  Ref<> raw = bytes_from(std::string_view(s, size_t(size)));
  if (!raw) return false;
  Ref<> value = decode_string(u, std::move(raw));
  if (!value) return false;
  push(u, std::move(value));
  return true;
}

bool read_size(UnpicklerObject* u, int n, const char* what, int64_t* size) {
  const char* s;
  if (!read_bytes(u, n, &s)) return false;
  uint64_t x = read_le(s, n);
  if (x > uint64_t(INT64_MAX)) {
    return overflow_error("{} exceeds system's maximum size of {} bytes", what, INT64_MAX);
  }
  *size = int64_t(x);
  return true;
}

// In-memory data shorter than a bytes payload's size. CPython allocates the payload before
// reading it, so an absurd size is a MemoryError there: sizes no machine could allocate
// are reported so, the rest as truncated data.
constexpr int64_t kAllocationLimit = int64_t{1} << 36;
Raised truncated_payload(int64_t size) {
  if (size >= kAllocationLimit) return raise_memory_error();
  return bad_readline();
}

bool load_counted_binbytes(UnpicklerObject* u, int n) {
  int64_t size;
  if (!read_size(u, n, "BINBYTES", &size)) return false;
  if (!u->read && size > u->input_len - u->next_read_idx) return truncated_payload(size);
  Ref<BytesObject> bytes = bytes_allocate(size);
  if (!bytes) return false;
  if (!read_into(u, bytes->data, size)) return false;
  push(u, std::move(bytes));
  return true;
}

bool load_counted_bytearray(UnpicklerObject* u) {
  int64_t size;
  if (!read_size(u, 8, "BYTEARRAY8", &size)) return false;
  if (!u->read && size > u->input_len - u->next_read_idx) return truncated_payload(size);
  Ref<ByteArrayObject> array = bytearray_from(std::string_view());
  if (!array) return false;
  if (size > 0) {
    Ref<> sized = call_method1(array, str_intern_utf8("__init__"), Value::small_int(size));
    if (!sized) return false;
    if (!read_into(u, array->data, size)) return false;
  }
  push(u, std::move(array));
  return true;
}

bool load_counted_binunicode(UnpicklerObject* u, int n) {
  int64_t size;
  if (!read_size(u, n, "BINUNICODE", &size)) return false;
  const char* s;
  if (!read_bytes(u, size, &s)) return false;
  std::string_view data(s, size_t(size));
  bool ascii = true;
  for (char c : data) {
    if (c & 0x80) {
      ascii = false;
      break;
    }
  }
  Ref<> value;
  if (ascii) {
    value = str_from_ascii(data);
  } else {
    static StrObject* surrogatepass = str_intern_utf8("surrogatepass");
    value = decode_utf8(data, Value(surrogatepass), Value());
  }
  if (!value) return false;
  push(u, std::move(value));
  return true;
}

bool load_unicode_text(UnpicklerObject* u) {
  std::string_view line;
  if (!read_line(u, &line)) return false;
  Ref<> raw = bytes_from(line.substr(0, line.size() - 1));
  if (!raw) return false;
  Ref<> decoded = call_function_in_module("codecs", "raw_unicode_escape_decode", raw);
  if (!decoded) return false;
  push(u, new_ref(as_tuple(decoded)->items[0]));
  return true;
}

// --- Containers ---

bool load_counted_tuple(UnpicklerObject* u, int64_t n) {
  if (stack_size(u) < n) return stack_underflow(u);
  Ref<> t = pop_tuple(u, stack_size(u) - n);
  if (!t) return false;
  push(u, std::move(t));
  return true;
}

bool load_mark_collection(UnpicklerObject* u, uint8_t op) {
  int64_t mark = marker(u);
  if (mark < 0) return false;
  Ref<> result;
  if (op == kTuple) {
    result = pop_tuple(u, mark);
  } else if (op == kList) {
    result = pop_list(u, mark);
  } else if (op == kFrozenSet) {
    Ref<> items = pop_tuple(u, mark);
    if (items) result = set_from_iterable(&frozenset_type, items);
  } else {  // DICT
    int64_t n = stack_size(u) - mark;
    if (n % 2) return unpickling_error("odd number of items for DICT");
    Ref<DictObject> d = dict_new_presized(n / 2);
    if (!d) return false;
    for (int64_t i = mark; i < stack_size(u); i += 2) {
      if (!dict_set(d.get(), u->stack[size_t(i)], u->stack[size_t(i + 1)])) return false;
    }
    truncate_stack(u, mark);
    result = std::move(d);
  }
  if (!result) return false;
  push(u, std::move(result));
  return true;
}

bool do_append(UnpicklerObject* u, int64_t x) {
  int64_t len = stack_size(u);
  if (x > len || x <= fence(u)) return stack_underflow(u);
  if (len == x) return true;
  Value list = u->stack[size_t(x - 1)];
  if (is_exact_list(list)) {
    ListObject* l = as_list(list);
    bool ok = true;
    for (int64_t i = x; i < len && ok; ++i) ok = list_append(l, u->stack[size_t(i)]);
    truncate_stack(u, x);
    return ok;
  }
  // Python code runs from here on (and may even re-enter load()): work on owned copies.
  Ref<> target = new_ref(list);
  Ref<> items = pop_list(u, x);
  if (!items) return false;
  Ref<> extend;
  if (get_attr_optional(target, names().extend, &extend) < 0) return false;
  if (extend) return bool(call1(extend, items));
  Ref<> append = get_attr(target, names().append);
  if (!append) return false;
  for (int64_t i = 0; i < as_list(items)->length; ++i) {
    if (!call1(append, as_list(items)->items[i])) return false;
  }
  return true;
}

bool do_setitems(UnpicklerObject* u, int64_t x) {
  int64_t len = stack_size(u);
  if (x > len || x <= fence(u)) return stack_underflow(u);
  if (len == x) return true;
  if ((len - x) % 2 != 0) return unpickling_error("odd number of items for SETITEMS");
  // Hashing keys or __setitem__ may run Python code: work on owned copies.
  Ref<> target = new_ref(u->stack[size_t(x - 1)]);
  Ref<> items = pop_tuple(u, x);
  if (!items) return false;
  TupleObject* pairs = as_tuple(items);
  bool exact = is_exact_dict(target);
  for (int64_t i = 0; i < pairs->length; i += 2) {
    Value key = pairs->items[i], value = pairs->items[i + 1];
    if (!(exact ? dict_set(as_dict(target), key, value) : set_item(target, key, value))) return false;
  }
  return true;
}

bool load_additems(UnpicklerObject* u) {
  int64_t mark = marker(u);
  if (mark < 0) return false;
  int64_t len = stack_size(u);
  if (mark > len || mark <= fence(u)) return stack_underflow(u);
  if (len == mark) return true;
  Ref<> target = new_ref(u->stack[size_t(mark - 1)]);
  Ref<> items = pop_tuple(u, mark);
  if (!items) return false;
  if (is_mutable_set(target)) return set_update(as_set(target), items);
  Ref<> add = get_attr(target, names().add);
  if (!add) return false;
  for (int64_t i = 0; i < as_tuple(items)->length; ++i) {
    if (!call1(add, as_tuple(items)->items[i])) return false;
  }
  return true;
}

bool load_build(UnpicklerObject* u) {
  if (stack_size(u) - 2 < fence(u)) return stack_underflow(u);
  Ref<> state_value = pop(u);
  if (!state_value) return false;
  Ref<> inst_ref = new_ref(u->stack.back());
  Value inst = inst_ref;
  Ref<> setstate;
  if (get_attr_optional(inst, names().setstate, &setstate) < 0) return false;
  if (setstate) return bool(call1(setstate, state_value));
  Value dict_state = state_value, slot_state = Value();
  if (is_tuple(state_value) && as_tuple(state_value)->length == 2) {
    dict_state = as_tuple(state_value)->items[0];
    slot_state = as_tuple(state_value)->items[1];
  }
  if (!is_none(dict_state)) {
    if (!is_dict(dict_state)) return unpickling_error("state is not a dictionary");
    Ref<> dict = get_attr(inst, names().dict);
    if (!dict) return false;
    int64_t pos = 0;
    Value key, value;
    while (dict_next(as_dict(dict_state), &pos, &key, &value)) {
      Ref<> k = new_ref(key);
      if (is_exact_str(key)) k = new_ref(Value(str_intern(std::move(k).cast<StrObject>())));
      bool ok = is_exact_dict(dict) ? dict_set(as_dict(dict), k, value) : set_item(dict, k, value);
      if (!ok) return false;
    }
  }
  if (slot_state) {
    if (!is_dict(slot_state)) return unpickling_error("slot state is not a dictionary");
    int64_t pos = 0;
    Value key, value;
    while (dict_next(as_dict(slot_state), &pos, &key, &value)) {
      if (!is_str(key)) return type_error("attribute name must be string, not '{}'", type_name(key));
      if (!set_attr(inst, as_str(key), value)) return false;
    }
  }
  return true;
}

// --- Objects and globals ---

Ref<> find_class_impl(UnpicklerObject* u, Value module_name, Value global_name) {
  Ref<> event_args = tuple_steal({str_from_ascii("pickle.find_class").release(),
                                  new_ref(module_name).release(), new_ref(global_name).release()});
  if (!event_args || !audit_hooks_run(event_args)) return nullptr;
  Ref<> module_ref = new_ref(module_name), global_ref = new_ref(global_name);
  if (u->proto < 3 && u->fix_imports) {
    const State& st = state();
    Ref<> key = tuple_of({module_name, global_name});
    if (!key) return nullptr;
    Value item = dict_get(as_dict(st.name_mapping_2to3), key);
    if (!item && error_occurred()) return nullptr;
    if (item) {
      if (!is_tuple(item) || as_tuple(item)->length != 2)
        return runtime_error("_compat_pickle.NAME_MAPPING values should be 2-tuples, not {}", type_name(item));
      Value m = as_tuple(item)->items[0], g = as_tuple(item)->items[1];
      if (!is_str(m) || !is_str(g))
        return runtime_error("_compat_pickle.NAME_MAPPING values should be pairs of str, not ({}, {})",
                             type_name(m), type_name(g));
      module_ref = new_ref(m);
      global_ref = new_ref(g);
    } else {
      item = dict_get(as_dict(st.import_mapping_2to3), module_name);
      if (!item && error_occurred()) return nullptr;
      if (item) {
        if (!is_str(item))
          return runtime_error("_compat_pickle.IMPORT_MAPPING values should be strings, not {}", type_name(item));
        module_ref = new_ref(item);
      }
    }
  }
  Ref<> module = import_module(module_ref);
  if (!module) return nullptr;
  Ref<> found;
  if (u->proto >= 4) {
    Ref<> path = dotted_path(module, global_ref);
    if (!path) return nullptr;
    found = deep_attribute(module, path, nullptr);
  } else {
    if (!is_str(global_ref))
      return type_error("attribute name must be string, not '{}'", type_name(global_ref));
    if (get_attr_optional(module, as_str(global_ref), &found) < 0) return nullptr;
  }
  if (!found && !error_occurred()) {
    return attribute_error("Can't get attribute {} on {}", repr_for_message(global_ref), repr_for_message(module));
  }
  return found;
}

Ref<> find_class(Value self, Value module_name, Value global_name) {
  if (is_type(self, &unpickler_type)) return find_class_impl(as_unpickler(self), module_name, global_name);
  return call_method2(self, names().find_class, module_name, global_name);
}

bool push_found_class(Value self, Value module_name, Value global_name) {
  Ref<> found = find_class(self, module_name, global_name);
  if (!found) return false;
  push(as_unpickler(self), std::move(found));
  return true;
}

Ref<> decode_line(std::string_view line, bool ascii) {
  std::string_view text = line.substr(0, line.size() - 1);
  if (ascii) return decode_ascii(text, Value(), Value());
  return decode_utf8(text, Value(), Value());
}

bool load_global(Value self) {
  UnpicklerObject* u = as_unpickler(self);
  std::string_view line;
  if (!read_line(u, &line)) return false;
  if (line.size() < 2) return bad_readline();
  Ref<> module_name = decode_line(line, false);
  if (!module_name) return false;
  if (!read_line(u, &line)) return false;
  if (line.size() < 2) return bad_readline();
  Ref<> global_name = decode_line(line, false);
  return global_name && push_found_class(self, module_name, global_name);
}

bool load_stack_global(Value self) {
  UnpicklerObject* u = as_unpickler(self);
  // As CPython: a stack underflow here reports the same error as non-str names.
  Ref<> global_name = pop(u);
  Ref<> module_name = pop(u);
  if (!module_name || !global_name || !is_exact_str(module_name) || !is_exact_str(global_name)) {
    clear_error();
    return unpickling_error("STACK_GLOBAL requires str");
  }
  return push_found_class(self, module_name, global_name);
}

Ref<> instantiate(Value cls, Value args) {
  if (as_tuple(args)->length == 0 && is_instance_of(cls, &type_type)) {
    Ref<> init_args;
    if (get_attr_optional(cls, names().getinitargs, &init_args) < 0) return nullptr;
    if (!init_args) return call_method1(cls, names().new_, cls);
  }
  return call_tuple_dict(cls, args, Value());
}

bool load_inst(Value self) {
  UnpicklerObject* u = as_unpickler(self);
  int64_t mark = marker(u);
  if (mark < 0) return false;
  std::string_view line;
  if (!read_line(u, &line)) return false;
  if (line.size() < 2) return bad_readline();
  Ref<> module_name = decode_line(line, true);
  if (!module_name) return false;
  if (!read_line(u, &line)) return false;
  if (line.size() < 2) return bad_readline();
  Ref<> class_name = decode_line(line, true);
  if (!class_name) return false;
  Ref<> cls = find_class(self, module_name, class_name);
  if (!cls) return false;
  Ref<> args = pop_tuple(u, mark);
  if (!args) return false;
  Ref<> obj = instantiate(cls, args);
  if (!obj) return false;
  push(u, std::move(obj));
  return true;
}

bool load_obj(UnpicklerObject* u) {
  int64_t mark = marker(u);
  if (mark < 0) return false;
  if (stack_size(u) - mark < 1) return stack_underflow(u);
  Ref<> args = pop_tuple(u, mark + 1);
  if (!args) return false;
  Ref<> cls = pop(u);
  if (!cls) return false;
  Ref<> obj = instantiate(cls, args);
  if (!obj) return false;
  push(u, std::move(obj));
  return true;
}

bool load_newobj(UnpicklerObject* u, bool use_kwargs) {
  Ref<> kwargs;
  if (use_kwargs && !(kwargs = pop(u))) return false;
  Ref<> args = pop(u);
  if (!args) return false;
  Ref<> cls = pop(u);
  if (!cls) return false;
  const char* op = use_kwargs ? "NEWOBJ_EX" : "NEWOBJ";
  if (!is_instance_of(cls, &type_type))
    return unpickling_error("{} class argument must be a type, not {}", op, type_name(cls));
  auto* type = reinterpret_cast<TypeObject*>(cls.get());
  if (!type->new_instance) return unpickling_error("{} class argument '{}' doesn't have __new__", op, type->name);
  if (!is_tuple(args)) return unpickling_error("{} args argument must be a tuple, not {}", op, type_name(args));
  if (use_kwargs && !is_dict(kwargs))
    return unpickling_error("{} kwargs argument must be a dict, not {}", op, type_name(kwargs));
  TupleObject* a = as_tuple(args);
  Ref<> obj;
  if (!use_kwargs || as_dict(kwargs)->used == 0) {
    obj = type->new_instance(type, a->items, size_t(a->length), nullptr);
  } else {
    DictObject* d = as_dict(kwargs);
    std::vector<Value> values(a->items, a->items + a->length);
    Ref<TupleObject> kwnames = tuple_allocate(d->used);
    if (!kwnames) return false;
    int64_t pos = 0, i = 0;
    Value key, value;
    while (dict_next(d, &pos, &key, &value)) {
      incref(key);
      kwnames->items[i++] = key;
      values.push_back(value);
    }
    obj = type->new_instance(type, values.data(), size_t(a->length), kwnames.get());
  }
  if (!obj) return false;
  push(u, std::move(obj));
  return true;
}

bool load_reduce(UnpicklerObject* u) {
  Ref<> args = pop(u);
  if (!args) return false;
  Ref<> callable = pop(u);
  if (!callable) return false;
  if (!is_tuple(args)) return type_error("argument list must be a tuple");
  Ref<> obj = call(callable, as_tuple(args)->items, size_t(as_tuple(args)->length));
  if (!obj) return false;
  push(u, std::move(obj));
  return true;
}

bool load_extension(Value self, int n) {
  UnpicklerObject* u = as_unpickler(self);
  const char* s;
  if (!read_bytes(u, n, &s)) return false;
  int64_t code = binint(s, n);
  if (code <= 0) return unpickling_error("EXT specifies code <= 0");
  const State& st = state();
  Ref<> key = int_from_int64(code);
  if (!key) return false;
  Value cached = dict_get(as_dict(st.extension_cache), key);
  if (cached) {
    push(u, new_ref(cached));
    return true;
  }
  if (error_occurred()) return false;
  Value pair = dict_get(as_dict(st.inverted_registry), key);
  if (!pair) {
    if (error_occurred()) return false;
    return value_error("unregistered extension code {}", code);
  }
  if (!is_tuple(pair) || as_tuple(pair)->length != 2 || !is_str(as_tuple(pair)->items[0]) ||
      !is_str(as_tuple(pair)->items[1]))
    return value_error("_inverted_registry[{}] isn't a 2-tuple of strings", code);
  Ref<> pair_ref = new_ref(pair);
  Ref<> obj = find_class(self, as_tuple(pair)->items[0], as_tuple(pair)->items[1]);
  if (!obj || !dict_set(as_dict(st.extension_cache), key, obj)) return false;
  push(u, std::move(obj));
  return true;
}

bool load_persid(UnpicklerObject* u, bool binary) {
  if (!u->persistent_load.function) {
    return unpickling_error(
        "A load persistent id instruction was encountered,\nbut no persistent_load function was specified.");
  }
  Ref<> pid;
  if (binary) {
    pid = pop(u);
  } else {
    std::string_view line;
    if (!read_line(u, &line)) return false;
    if (line.size() < 1) return bad_readline();
    pid = decode_ascii(line.substr(0, line.size() - 1), Value(), Value());
    if (!pid && error_matches(&exc::UnicodeDecodeError)) {
      clear_error();
      return unpickling_error("persistent IDs in protocol 0 must be ASCII strings");
    }
  }
  if (!pid) return false;
  Ref<> obj = method_ref_call(u->persistent_load, pid);
  if (!obj) return false;
  push(u, std::move(obj));
  return true;
}

// --- The memo ---

bool push_memo(UnpicklerObject* u, int64_t index) {
  Value v = u->memo.get(index);
  if (!v) return unpickling_error("Memo value not found at index {}", index);
  push(u, new_ref(v));
  return true;
}

bool load_get(UnpicklerObject* u) {
  std::string_view line;
  if (!read_line(u, &line)) return false;
  if (line.size() < 2) return bad_readline();
  Ref<> key = parse_int(line, 10);
  if (!key) return false;
  int64_t index;
  if (!int_as_int64(key, &index)) return false;
  return push_memo(u, index);
}

// CPython 3.11 grows its memo array to twice the largest index (16 bytes per index), so a
// huge index fails with MemoryError there; do the same rather than accept it.
constexpr int64_t kMemoIndexLimit = int64_t{1} << 30;

bool memo_put_top(UnpicklerObject* u, int64_t index) {
  if (stack_size(u) <= fence(u)) return stack_underflow(u);
  if (index >= kMemoIndexLimit) return raise_memory_error();
  u->memo.put(index, u->stack.back());
  return true;
}

bool load_put(UnpicklerObject* u) {
  std::string_view line;
  if (!read_line(u, &line)) return false;
  if (line.size() < 2) return bad_readline();
  if (stack_size(u) <= fence(u)) return stack_underflow(u);
  Ref<> key = parse_int(line, 10);
  if (!key) return false;
  int64_t index;
  if (!int_as_int64(key, &index)) return false;
  if (index < 0) return value_error("negative PUT argument");
  return memo_put_top(u, index);
}

// --- Out-of-band buffers ---

bool load_next_buffer(UnpicklerObject* u) {
  if (!u->buffers)
    return unpickling_error("pickle stream refers to out-of-band data but no *buffers* argument was given");
  Ref<> buffer = iter_next(u->buffers);
  if (!buffer) {
    if (!error_occurred()) return unpickling_error("not enough out-of-band buffers");
    return false;
  }
  push(u, std::move(buffer));
  return true;
}

bool load_readonly_buffer(UnpicklerObject* u) {
  if (stack_size(u) <= fence(u)) return stack_underflow(u);
  Value& top = u->stack.back();
  Ref<> view = call1(Value(&memoryview_type), top);
  if (!view) return false;
  Ref<> readonly = get_attr(view, "readonly");
  if (!readonly) return false;
  if (readonly.value() == True()) return true;
  Ref<> frozen = call_method0(view, str_intern_utf8("toreadonly"));
  if (!frozen) return false;
  Value old = top;
  top = frozen.release();
  decref(old);
  return true;
}

// --- The loop ---

Raised invalid_load_key(uint8_t c) {
  char text[8];
  if (0x20 <= c && c <= 0x7e && c != '\'' && c != '\\') std::snprintf(text, sizeof text, "%c", c);
  else std::snprintf(text, sizeof text, "\\x%02x", c);
  return unpickling_error("invalid load key, '{}'.", text);
}

bool run_opcode(Value self, UnpicklerObject* u, uint8_t op, bool* stop) {
  const char* s;
  switch (op) {
    case kNone: push(u, new_none()); return true;
    case kNewTrue: push(u, new_bool(true)); return true;
    case kNewFalse: push(u, new_bool(false)); return true;
    case kBinInt:
      if (!read_bytes(u, 4, &s)) return false;
      push(u, int_from_small(binint(s, 4)));
      return true;
    case kBinInt1:
      if (!read_bytes(u, 1, &s)) return false;
      push(u, int_from_small(uint8_t(s[0])));
      return true;
    case kBinInt2:
      if (!read_bytes(u, 2, &s)) return false;
      push(u, int_from_small(binint(s, 2)));
      return true;
    case kInt: return load_int(u);
    case kLong: return load_long_text(u);
    case kLong1: return load_counted_long(u, 1);
    case kLong4: return load_counted_long(u, 4);
    case kFloat: return load_float_text(u);
    case kBinFloat: return load_binfloat(u);
    case kBinBytes: return load_counted_binbytes(u, 4);
    case kShortBinBytes: return load_counted_binbytes(u, 1);
    case kBinBytes8: return load_counted_binbytes(u, 8);
    case kByteArray8: return load_counted_bytearray(u);
    case kNextBuffer: return load_next_buffer(u);
    case kReadOnlyBuffer: return load_readonly_buffer(u);
    case kBinString: return load_counted_binstring(u, 4);
    case kShortBinString: return load_counted_binstring(u, 1);
    case kString: return load_string(u);
    case kUnicode: return load_unicode_text(u);
    case kBinUnicode: return load_counted_binunicode(u, 4);
    case kShortBinUnicode: return load_counted_binunicode(u, 1);
    case kBinUnicode8: return load_counted_binunicode(u, 8);
    case kEmptyTuple: push(u, tuple_empty()); return true;
    case kTuple1: return load_counted_tuple(u, 1);
    case kTuple2: return load_counted_tuple(u, 2);
    case kTuple3: return load_counted_tuple(u, 3);
    case kTuple:
    case kList:
    case kDict:
    case kFrozenSet: return load_mark_collection(u, op);
    case kEmptyList: {
      Ref<> list = list_new();
      if (!list) return false;
      push(u, std::move(list));
      return true;
    }
    case kEmptyDict: {
      Ref<> dict = dict_new();
      if (!dict) return false;
      push(u, std::move(dict));
      return true;
    }
    case kEmptySet: {
      Ref<> set = set_new();
      if (!set) return false;
      push(u, std::move(set));
      return true;
    }
    case kAppend: return do_append(u, stack_size(u) - 1);
    case kAppends: {
      int64_t mark = marker(u);
      return mark >= 0 && do_append(u, mark);
    }
    case kSetItem: return do_setitems(u, stack_size(u) - 2);
    case kSetItems: {
      int64_t mark = marker(u);
      return mark >= 0 && do_setitems(u, mark);
    }
    case kAddItems: return load_additems(u);
    case kBuild: return load_build(u);
    case kInst: return load_inst(self);
    case kObj: return load_obj(u);
    case kNewObj: return load_newobj(u, false);
    case kNewObjEx: return load_newobj(u, true);
    case kGlobal: return load_global(self);
    case kStackGlobal: return load_stack_global(self);
    case kExt1: return load_extension(self, 1);
    case kExt2: return load_extension(self, 2);
    case kExt4: return load_extension(self, 4);
    case kReduce: return load_reduce(u);
    case kPersId: return load_persid(u, false);
    case kBinPersId: return load_persid(u, true);
    case kMark:
      u->marks.push_back(stack_size(u));
      return true;
    case kPop: {
      int64_t len = stack_size(u);
      if (!u->marks.empty() && u->marks.back() == len) {
        u->marks.pop_back();
      } else if (len <= fence(u)) {
        return stack_underflow(u);
      } else {
        truncate_stack(u, len - 1);
      }
      return true;
    }
    case kPopMark: {
      int64_t mark = marker(u);
      if (mark < 0) return false;
      truncate_stack(u, mark);
      return true;
    }
    case kDup:
      if (stack_size(u) <= fence(u)) return stack_underflow(u);
      push(u, new_ref(u->stack.back()));
      return true;
    case kGet: return load_get(u);
    case kBinGet:
      if (!read_bytes(u, 1, &s)) return false;
      return push_memo(u, uint8_t(s[0]));
    case kLongBinGet:
      if (!read_bytes(u, 4, &s)) return false;
      return push_memo(u, int64_t(read_le(s, 4)));
    case kPut: return load_put(u);
    case kBinPut:
      if (!read_bytes(u, 1, &s)) return false;
      return memo_put_top(u, uint8_t(s[0]));
    case kLongBinPut:
      if (!read_bytes(u, 4, &s)) return false;
      return memo_put_top(u, int64_t(read_le(s, 4)));
    case kMemoize: return memo_put_top(u, u->memo.count());
    case kProto: {
      if (!read_bytes(u, 1, &s)) return false;
      int proto = uint8_t(s[0]);
      if (proto > kHighestProtocol) return value_error("unsupported pickle protocol: {}", proto);
      u->proto = proto;
      return true;
    }
    case kFrame: {
      if (!read_bytes(u, 8, &s)) return false;
      uint64_t frame_len = read_le(s, 8);
      if (frame_len > uint64_t(INT64_MAX))
        return overflow_error("FRAME length exceeds system's maximum of {} bytes", INT64_MAX);
      if (!read_bytes(u, int64_t(frame_len), &s)) return false;
      u->next_read_idx -= int64_t(frame_len);  // back to the frame's start
      return true;
    }
    case kStop:
      *stop = true;
      return true;
    default: return invalid_load_key(op);
  }
}

Ref<> load(Value self) {
  UnpicklerObject* u = as_unpickler(self);
  truncate_stack(u, 0);
  u->marks.clear();
  u->proto = 0;
  bool stop = false;
  while (!stop) {
    const char* s;
    if (!read_bytes(u, 1, &s)) {
      if (error_matches(reinterpret_cast<TypeObject*>(state().unpickling_error.as_object()))) {
        clear_error();
        return raise(exc::EOFError, "Ran out of input");
      }
      return nullptr;
    }
    if (!run_opcode(self, u, uint8_t(s[0]), &stop)) return nullptr;
  }
  if (!skip_consumed(u)) return nullptr;
  return pop(u);
}

// --- Configuration ---

bool set_input_stream(UnpicklerObject* u, Value file) {
  Ref<> peek, readinto, read, readline;
  if (get_attr_optional(file, names().peek, &peek) < 0 ||
      get_attr_optional(file, names().readinto, &readinto) < 0 ||
      get_attr_optional(file, names().read, &read) < 0 ||
      get_attr_optional(file, names().readline, &readline) < 0)
    return false;
  if (!read || !readline) return type_error("file must have 'read' and 'readline' attributes");
  for (auto [slot, value] : {std::pair{&u->peek, &peek}, std::pair{&u->readinto, &readinto},
                             std::pair{&u->read, &read}, std::pair{&u->readline, &readline}}) {
    Value old = *slot;
    *slot = value->release();
    decref(old);
  }
  return true;
}

bool set_options(UnpicklerObject* u, const char* who, Value fix_imports, Value encoding, Value errors,
                 Value buffers) {
  int fix = fix_imports ? is_true(fix_imports) : 1;
  if (fix < 0) return false;
  Value text[2] = {encoding, errors};
  static StrObject* const defaults[2] = {str_intern_utf8("ASCII"), str_intern_utf8("strict")};
  const char* arg_names[2] = {"encoding", "errors"};
  Value* slots[2] = {&u->encoding, &u->errors};
  for (int i = 0; i < 2; ++i) {
    Ref<> value;
    if (!text[i]) {
      value = new_ref(Value(defaults[i]));
    } else if (!is_str(text[i])) {
      return type_error("{}() argument '{}' must be str, not {}", who, arg_names[i], argument_type_name(text[i]));
    } else {
      value = new_ref(text[i]);
    }
    Value old = *slots[i];
    *slots[i] = value.release();
    decref(old);
  }
  Ref<> iterator;
  if (buffers && !is_none(buffers)) {
    iterator = get_iter(buffers);
    if (!iterator) return false;
  }
  Value old = u->buffers;
  u->buffers = iterator.release();
  decref(old);
  u->fix_imports = fix != 0;
  return true;
}

void unpickler_clear_slot(Object* o) {
  auto* u = static_cast<UnpicklerObject*>(o);
  truncate_stack(u, 0);
  u->memo.clear();
  buffer_release(&u->input_view);
  u->input = nullptr;
  u->input_len = u->next_read_idx = u->prefetched_idx = 0;
  method_ref_clear(&u->persistent_load);
  for (Value* slot : {&u->read, &u->readline, &u->readinto, &u->peek, &u->buffers, &u->encoding, &u->errors}) {
    Value old = *slot;
    *slot = Value();
    decref(old);
  }
}

void unpickler_dealloc(Object* o) {
  gc_untrack(o);
  unpickler_clear_slot(o);
  auto* u = static_cast<UnpicklerObject*>(o);
  using Stack = std::vector<Value>;
  using Marks = std::vector<int64_t>;
  u->stack.~Stack();
  u->marks.~Marks();
  u->memo.~UnpicklerMemo();
  free_object(o);
}

void unpickler_traverse(Object* o, VisitFn visit, void* arg) {
  auto* u = static_cast<UnpicklerObject*>(o);
  for (Value v : u->stack) {
    if (v.is_object()) visit(v.as_object(), arg);
  }
  u->memo.for_each([&](int64_t, Value v) {
    if (v.is_object()) visit(v.as_object(), arg);
  });
  for (Value v : {u->read, u->readline, u->readinto, u->peek, u->persistent_load.function, u->buffers}) {
    if (v.is_object()) visit(v.as_object(), arg);
  }
  if (u->input_view.owner) visit(u->input_view.owner, arg);
}

// `tracked`: false for the private unpicklers of load()/loads(), which Python code never
// sees, so no cycle can pass through them and the collector need not know them.
Ref<> new_unpickler(TypeObject* type, bool tracked) {
  auto* u = allocate<UnpicklerObject>(type, size_t(type->basic_size));
  if (!u) return nullptr;
  Ref<> result = Ref<>::steal(Value(u));
  new (&u->stack) std::vector<Value>();
  u->stack.reserve(16);  // one allocation instead of a series of small regrowths
  new (&u->marks) std::vector<int64_t>();
  new (&u->memo) UnpicklerMemo();
  u->fix_imports = true;
  if (tracked) gc_track(u);
  return result;
}

Ref<> unpickler_new(TypeObject* type, const Value*, size_t, TupleObject*) { return new_unpickler(type, true); }

Ref<> unpickler_init_impl(Value self, const Value* args) {
  UnpicklerObject* u = as_unpickler(self);
  if (u->initialized) unpickler_clear_slot(u);
  if (!set_input_stream(u, args[0]) || !set_options(u, "Unpickler", args[1], args[2], args[3], args[4]))
    return nullptr;
  if (!method_ref_init(self, names().persistent_load, &u->persistent_load)) return nullptr;
  u->proto = 0;
  u->initialized = true;
  return new_none();
}

const MethodDef unpickler_init_def = {
    .name = "Unpickler",
    .impl = unpickler_init_impl,
    .signature = "($self, file, *, fix_imports=True, encoding='ASCII', errors='strict', buffers=?)",
};

int unpickler_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  return call_method_def(&unpickler_init_def, nullptr, self, args, nargs, kwnames) ? 0 : -1;
}

Ref<> unpickler_load(Value self, const Value*) {
  UnpicklerObject* u = as_unpickler(self);
  if (!u->initialized) {
    return unpickling_error("Unpickler.__init__() was not called by {}.__init__()", type_of(self)->name);
  }
  return guard_memory([&] { return load(self); });
}

Ref<> unpickler_find_class(Value self, const Value* args) {
  return find_class_impl(as_unpickler(self), args[0], args[1]);
}

Ref<> unpickler_sizeof(Value self, const Value*) {
  UnpicklerObject* u = as_unpickler(self);
  return int_from_int64(type_of(self)->basic_size + int64_t(u->stack.capacity() * sizeof(Value)) +
                        u->memo.count() * int64_t(sizeof(Value)));
}

// --- The memo proxy ---

struct MemoProxyObject : Object {
  Value unpickler;
};

UnpicklerObject* proxied(Value proxy) {
  return as_unpickler(static_cast<MemoProxyObject*>(proxy.as_object())->unpickler);
}

Ref<> memo_copy(const UnpicklerMemo& memo) {
  Ref<DictObject> d = dict_new();
  if (!d) return nullptr;
  bool ok = true;
  memo.for_each([&](int64_t index, Value v) {
    if (!ok) return;
    Ref<> key = int_from_int64(index);
    ok = key && dict_set(d.get(), key, v);
  });
  if (!ok) return nullptr;
  return d;
}

Ref<> memo_proxy_clear(Value self, const Value*) {
  proxied(self)->memo.clear();
  return new_none();
}

Ref<> memo_proxy_copy(Value self, const Value*) { return memo_copy(proxied(self)->memo); }

Ref<> memo_proxy_reduce(Value self, const Value*) {
  Ref<> contents = memo_copy(proxied(self)->memo);
  if (!contents) return nullptr;
  Ref<> args = tuple_of({contents});
  if (!args) return nullptr;
  return tuple_of({Value(&dict_type), args});
}

void memo_proxy_dealloc(Object* o) {
  gc_untrack(o);
  decref(static_cast<MemoProxyObject*>(o)->unpickler);
  free_object(o);
}

void memo_proxy_traverse(Object* o, VisitFn visit, void* arg) {
  visit(static_cast<MemoProxyObject*>(o)->unpickler.as_object(), arg);
}

const MethodDef memo_proxy_methods[] = {
    {.name = "clear", .impl = memo_proxy_clear, .signature = "($self, /)",
     .doc = "Remove all items from memo."},
    {.name = "copy", .impl = memo_proxy_copy, .signature = "($self, /)",
     .doc = "Copy the memo to a new object."},
    {.name = "__reduce__", .impl = memo_proxy_reduce, .signature = "($self, /)",
     .doc = "Implement pickling support."},
    {},
};

Ref<> unpickler_get_memo(Value self) {
  auto* m = allocate<MemoProxyObject>(&unpickler_memo_proxy_type);
  if (!m) return nullptr;
  incref(self);
  m->unpickler = self;
  gc_track(m);
  return Ref<>::steal(Value(m));
}

int unpickler_set_memo(Value self, Value value) {
  if (!value) return type_error("attribute deletion is not supported");
  auto fresh = std::make_unique<UnpicklerMemo>();
  if (is_type(value, &unpickler_memo_proxy_type)) {
    proxied(value)->memo.for_each([&](int64_t index, Value v) { fresh->put(index, v); });
  } else if (is_dict(value)) {
    int64_t pos = 0;
    Value key, v;
    while (dict_next(as_dict(value), &pos, &key, &v)) {
      if (!is_int(key)) return type_error("memo key must be integers");
      int64_t index;
      if (!int_as_int64(key, &index)) return -1;
      if (index < 0) return value_error("memo key must be positive integers.");
    }
    // CPython 3.11 stores a dict's entries in the memo it then discards: the new memo is
    // empty (only a proxy's contents carry over).
  } else {
    return type_error("'memo' attribute must be an UnpicklerMemoProxy object or dict, not {}", type_name(value));
  }
  as_unpickler(self)->memo.swap(*fresh);  // the old contents die with `fresh`
  return 0;
}

Ref<> unpickler_get_persistent_load(Value self) {
  return method_ref_get(as_unpickler(self)->persistent_load, "persistent_load");
}

int unpickler_set_persistent_load(Value self, Value value) {
  if (!value) return type_error("attribute deletion is not supported");
  if (!is_callable(value)) return type_error("persistent_load must be a callable taking one argument");
  UnpicklerObject* u = as_unpickler(self);
  method_ref_clear(&u->persistent_load);
  incref(value);
  u->persistent_load.function = value;
  return 0;
}

const MethodDef unpickler_methods[] = {
    {.name = "load", .impl = unpickler_load, .signature = "($self, /)",
     .doc = "Load a pickle.\n\nRead a pickled object representation from the open file object given in\nthe "
            "constructor, and return the reconstituted object hierarchy specified\ntherein."},
    {.name = "find_class", .impl = unpickler_find_class, .signature = "($self, module_name, global_name, /)",
     .doc = "Return an object from a specified module.\n\nIf necessary, the module will be imported. "
            "Subclasses may override\nthis method (e.g. to restrict unpickling of arbitrary classes and\n"
            "functions).\n\nThis method is called whenever a class or a function object is\nneeded.  "
            "Both arguments passed are str objects."},
    {.name = "__sizeof__", .impl = unpickler_sizeof, .signature = "($self, /)",
     .doc = "Returns size in memory, in bytes."},
    {},
};

const GetSetDef unpickler_getsets[] = {
    {.name = "memo", .get = unpickler_get_memo, .set = unpickler_set_memo},
    {.name = "persistent_load", .get = unpickler_get_persistent_load, .set = unpickler_set_persistent_load},
    {},
};

}  // namespace

Ref<> module_load(Value, const Value* args) {
  Ref<> unpickler = new_unpickler(&unpickler_type, false);
  if (!unpickler) return nullptr;
  UnpicklerObject* u = as_unpickler(unpickler);
  if (!set_input_stream(u, args[0]) || !set_options(u, "load", args[1], args[2], args[3], args[4]))
    return nullptr;
  u->initialized = true;
  return guard_memory([&] { return load(unpickler); });
}

Ref<> module_loads(Value, const Value* args) {
  Ref<> unpickler = new_unpickler(&unpickler_type, false);
  if (!unpickler) return nullptr;
  UnpicklerObject* u = as_unpickler(unpickler);
  if (set_string_input(u, args[0]) < 0 || !set_options(u, "loads", args[1], args[2], args[3], args[4]))
    return nullptr;
  u->initialized = true;
  return guard_memory([&] { return load(unpickler); });
}

TypeObject unpickler_type{TypeSpec{
    .name = "_pickle.Unpickler",
    .doc = "Unpickler(file, *, fix_imports=True, encoding='ASCII', errors='strict', buffers=())\n--\n\n"
           "This takes a binary file for reading a pickle data stream.",
    .basic_size = sizeof(UnpicklerObject),
    .flags = kTypeHaveGC | kTypeBaseType,
    .slots = {.dealloc = unpickler_dealloc,
              .traverse = unpickler_traverse,
              .clear = unpickler_clear_slot,
              .new_instance = unpickler_new,
              .init = unpickler_init,
              .getattr = generic_get_attr,
              .setattr = generic_set_attr},
    .methods = unpickler_methods,
    .getsets = unpickler_getsets,
}};

TypeObject unpickler_memo_proxy_type{TypeSpec{
    .name = "_pickle.UnpicklerMemoProxy",
    .basic_size = sizeof(MemoProxyObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = memo_proxy_dealloc, .traverse = memo_proxy_traverse, .getattr = generic_get_attr},
    .methods = memo_proxy_methods,
}};

}  // namespace pickle
}  // namespace krait
