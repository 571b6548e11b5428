// _pickle.Pickler and its memo proxy: the object graph to opcodes, byte for byte as
// CPython's C pickler writes them (protocols 0-5, framing, the memo, the copyreg /
// __reduce_ex__ protocol, persistent ids, reducer_override, out-of-band buffers).
#include <cstring>
#include <memory>
#include <gmp.h>
#include <string>

#include "core/alloc.h"
#include "core/args.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/pickle/pickle_internal.h"
#include "objects/bytes.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/function.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "objects/unicode_codecs.h"
#include "runtime/gc.h"
#include "runtime/recursion_guard.h"
#include "text/float_text.h"

namespace krait {
namespace pickle {

namespace {

// Identity -> memo index, holding a reference to each key (CPython's PyMemoTable).
class MemoTable {
 public:
  ~MemoTable() { clear(); std::free(entries_); }
  int64_t size() const { return used_; }
  // The index of v, or -1.
  int64_t get(Value v) const {
    if (!entries_) return -1;
    size_t perturb = v.bits() >> 4;
    for (size_t i = slot_of(v);; i = next_slot(i, &perturb)) {
      if (entries_[i].key == v.bits()) return entries_[i].value;
      if (entries_[i].key == 0) return -1;
    }
  }
  // Sets v's index (replacing an existing one).
  bool set(Value v, int64_t index) {
    if (size_t(used_ + 1) * 3 >= capacity() * 2 && !grow()) return false;
    size_t perturb = v.bits() >> 4;
    size_t i = slot_of(v);
    for (; entries_[i].key != 0; i = next_slot(i, &perturb)) {
      if (entries_[i].key == v.bits()) {
        entries_[i].value = index;
        return true;
      }
    }
    incref(v);
    entries_[i] = {v.bits(), index};
    ++used_;
    return true;
  }
  void clear() {
    if (!entries_) return;
    Entry* old = entries_;
    size_t n = capacity();
    entries_ = nullptr;
    mask_ = 0;
    used_ = 0;
    for (size_t i = 0; i < n; ++i) {
      if (old[i].key) decref(Value::from_bits(old[i].key));
    }
    std::free(old);
  }
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (size_t i = 0; entries_ && i < capacity(); ++i) {
      if (entries_[i].key) fn(Value::from_bits(entries_[i].key), entries_[i].value);
    }
  }

 private:
  struct Entry {
    uintptr_t key;  // Value bits; 0: empty
    int64_t value;
  };
  size_t capacity() const { return entries_ ? mask_ + 1 : 0; }
  // The address itself: objects made one after another land in neighbouring slots, so
  // pickling a freshly built structure walks the table almost sequentially.
  size_t slot_of(Value v) const { return size_t(v.bits() >> 4) & mask_; }
  // Collisions probe as dicts do, mixing in the high bits, so runs of neighbours do not
  // pile up into long clusters.
  size_t next_slot(size_t i, size_t* perturb) const {
    *perturb >>= 5;
    return (i * 5 + *perturb + 1) & mask_;
  }
  bool grow() {
    size_t new_capacity = entries_ ? capacity() * 2 : 16;
    auto* fresh = static_cast<Entry*>(std::calloc(new_capacity, sizeof(Entry)));
    if (!fresh) return raise_memory_error();
    Entry* old = entries_;
    size_t old_capacity = capacity();
    entries_ = fresh;
    mask_ = new_capacity - 1;
    for (size_t i = 0; i < old_capacity; ++i) {
      if (!old[i].key) continue;
      size_t perturb = old[i].key >> 4;
      size_t j = slot_of(Value::from_bits(old[i].key));
      while (entries_[j].key) j = next_slot(j, &perturb);
      entries_[j] = old[i];
    }
    std::free(old);
    return true;
  }

  Entry* entries_ = nullptr;
  size_t mask_ = 0;
  int64_t used_ = 0;
};

struct PicklerObject : Object {
  MemoTable* memo;
  char* output;
  int64_t output_len;
  int64_t output_capacity;
  int64_t frame_start;  // offset of the open frame's header, -1 when none
  Value write;          // file.write; null until __init__ (dumps leaves it null)
  MethodRef persistent_id;
  Value dispatch_table;
  Value reducer_override;  // during dump only
  Value buffer_callback;
  Value fast_memo;  // dict of ids, for fast mode's cycle check
  int32_t proto;
  int32_t bin;
  int32_t fast;
  int32_t fast_nesting;
  bool fix_imports;
  bool framing;
};

PicklerObject* as_pickler(Value v) { return static_cast<PicklerObject*>(v.as_object()); }

constexpr int kFastNestingLimit = 50;

// --- Output ---

bool reserve_output(PicklerObject* p, int64_t n) {
  if (p->output_len + n <= p->output_capacity) return true;
  int64_t capacity = p->output_capacity ? p->output_capacity : 256;
  while (capacity < p->output_len + n) capacity *= 2;
  char* grown = static_cast<char*>(std::realloc(p->output, size_t(capacity)));
  if (!grown) return raise_memory_error();
  p->output = grown;
  p->output_capacity = capacity;
  return true;
}

// Appends n bytes (opening a frame first when framing and none is open).
bool write_raw_slow(PicklerObject* p, const char* data, int64_t n) {
  int64_t need = n;
  bool open_frame = p->framing && p->frame_start == -1;
  if (open_frame) need += kFrameHeaderSize;
  if (!reserve_output(p, need)) return false;
  if (open_frame) {
    p->frame_start = p->output_len;
    p->output_len += kFrameHeaderSize;
  }
  if (n) std::memcpy(p->output + p->output_len, data, size_t(n));  // data may be null when n is 0
  p->output_len += n;
  return true;
}
// Inline so that the constant-size writes of opcodes compile to plain stores.
inline __attribute__((always_inline)) bool write_raw(PicklerObject* p, const char* data, int64_t n) {
  if ((p->frame_start >= 0 || !p->framing) && p->output_len + n <= p->output_capacity && n) {
    std::memcpy(p->output + p->output_len, data, size_t(n));
    p->output_len += n;
    return true;
  }
  return write_raw_slow(p, data, n);
}
inline bool write_op(PicklerObject* p, uint8_t op) {
  char c = char(op);
  return write_raw(p, &c, 1);
}

void put_le(char* out, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) out[i] = char((v >> (8 * i)) & 0xff);
}

void commit_frame(PicklerObject* p) {
  if (!p->framing || p->frame_start == -1) return;
  int64_t frame_len = p->output_len - p->frame_start - kFrameHeaderSize;
  char* header = p->output + p->frame_start;
  if (frame_len >= kFrameSizeMin) {
    header[0] = char(kFrame);
    put_le(header + 1, uint64_t(frame_len), 8);
  } else {
    std::memmove(header, header + kFrameHeaderSize, size_t(frame_len));
    p->output_len -= kFrameHeaderSize;
  }
  p->frame_start = -1;
}

void clear_output(PicklerObject* p) {
  p->output_len = 0;
  p->frame_start = -1;
}

bool flush_to_file(PicklerObject* p) {
  Ref<> data = bytes_from(std::string_view(p->output, size_t(p->output_len)));
  if (!data) return false;
  clear_output(p);
  Ref<> result = call1(p->write, data);
  return bool(result);
}

// After each object: a full frame is closed (and flushed when writing to a file).
bool opcode_boundary(PicklerObject* p) {
  if (!p->framing || p->frame_start == -1) return true;
  if (p->output_len - p->frame_start - kFrameHeaderSize < kFrameSizeTarget) return true;
  commit_frame(p);
  if (p->write) return flush_to_file(p);
  return true;
}

// A header and a payload; payloads of a frame's size or more go outside any frame (and
// straight to the file when there is one). `payload` is the object for file.write.
bool write_bytes(PicklerObject* p, const char* header, int64_t header_size, const char* data,
                 int64_t size, Value payload) {
  bool bypass = size >= kFrameSizeTarget;
  bool framing = p->framing;
  if (bypass) {
    commit_frame(p);
    p->framing = false;
  }
  if (!write_raw(p, header, header_size)) return false;
  if (bypass && p->write) {
    if (!flush_to_file(p)) return false;
    Ref<> owned;
    if (!payload) {
      owned = bytes_from(std::string_view(data, size_t(size)));
      if (!owned) return false;
      payload = owned;
    }
    if (!call1(p->write, payload)) return false;
    clear_output(p);
  } else if (!write_raw(p, data, size)) {
    return false;
  }
  p->framing = framing;
  return true;
}

// --- The memo ---

bool memo_put(PicklerObject* p, Value obj) {
  if (p->fast) return true;
  int64_t index = p->memo->size();
  if (!p->memo->set(obj, index)) return false;
  char buffer[6];
  int n;
  if (p->proto >= 4) {
    buffer[0] = char(kMemoize);
    n = 1;
  } else if (!p->bin) {
    std::string text = "p" + std::to_string(index) + "\n";
    return write_raw(p, text.data(), int64_t(text.size()));
  } else if (index < 256) {
    buffer[0] = char(kBinPut);
    buffer[1] = char(index);
    n = 2;
  } else if (index <= 0xffffffffLL) {
    buffer[0] = char(kLongBinPut);
    put_le(buffer + 1, uint64_t(index), 4);
    n = 5;
  } else {
    return pickling_error("memo id too large for LONG_BINPUT");
  }
  return write_raw(p, buffer, n);
}

bool memo_get(PicklerObject* p, int64_t index) {
  char buffer[6];
  int n;
  if (!p->bin) {
    std::string text = "g" + std::to_string(index) + "\n";
    return write_raw(p, text.data(), int64_t(text.size()));
  } else if (index < 256) {
    buffer[0] = char(kBinGet);
    buffer[1] = char(index);
    n = 2;
  } else if (index <= 0xffffffffLL) {
    buffer[0] = char(kLongBinGet);
    put_le(buffer + 1, uint64_t(index), 4);
    n = 5;
  } else {
    return pickling_error("memo id too large for LONG_BINGET");
  }
  return write_raw(p, buffer, n);
}

bool fast_save_enter(PicklerObject* p, Value obj) {
  if (++p->fast_nesting < kFastNestingLimit) return true;
  if (!p->fast_memo) {
    Ref<DictObject> d = dict_new();
    if (!d) return false;
    p->fast_memo = d.release();
  }
  Ref<> key = int_from_uint64(uint64_t(obj.bits()));
  if (!key) return false;
  int found = dict_contains(as_dict(p->fast_memo), key);
  if (found != 0) {
    p->fast_nesting = -1;
    if (found < 0) return false;
    return value_error("fast mode: can't pickle cyclic objects including object type {} at {}",
                       type_name(obj), address_text(obj.as_object()));
  }
  if (!dict_set(as_dict(p->fast_memo), key, None())) {
    p->fast_nesting = -1;
    return false;
  }
  return true;
}

bool fast_save_leave(PicklerObject* p, Value obj) {
  if (p->fast_nesting-- < kFastNestingLimit) return true;
  Ref<> key = int_from_uint64(uint64_t(obj.bits()));
  return key && dict_remove(as_dict(p->fast_memo), key) >= 0;
}

// --- Saving ---

bool save(PicklerObject* p, Value obj, bool persistent_save = false);

bool save_bool(PicklerObject* p, Value obj) {
  if (p->proto >= 2) return write_op(p, obj == True() ? kNewTrue : kNewFalse);
  return write_raw(p, obj == True() ? "I01\n" : "I00\n", 4);
}

bool save_long(PicklerObject* p, Value obj) {
  int64_t value = 0;
  bool fits = obj.is_small_int() ? (value = obj.as_small_int(), true) : int_to_int64(obj, &value);
  if (fits && value >= -0x80000000LL && value <= 0x7fffffffLL) {
    if (p->bin) {
      char buffer[5];
      put_le(buffer + 1, uint64_t(value), 4);
      if (buffer[4] != 0 || buffer[3] != 0) {
        buffer[0] = char(kBinInt);
        return write_raw(p, buffer, 5);
      }
      if (buffer[2] != 0) {
        buffer[0] = char(kBinInt2);
        return write_raw(p, buffer, 3);
      }
      buffer[0] = char(kBinInt1);
      return write_raw(p, buffer, 2);
    }
    std::string text = "I" + std::to_string(value) + "\n";
    return write_raw(p, text.data(), int64_t(text.size()));
  }
  if (p->proto < 2) {
    Ref<> text = int_repr(obj);
    if (!text) return false;
    std::string out = "L";
    out += str_utf8(text);
    out += "L\n";
    return write_raw(p, out.data(), int64_t(out.size()));
  }
  // Little-endian two's complement, with no more than one redundant sign byte.
  std::string bytes;
  int sign;
  if (fits) {
    uint64_t magnitude = value < 0 ? uint64_t(0) - uint64_t(value) : uint64_t(value);
    int bits = 64 - __builtin_clzll(magnitude);
    int n = (bits >> 3) + 1;
    bytes.resize(size_t(n));
    for (int i = 0; i < n; ++i) {
      bytes[size_t(i)] = i < 8 ? char((uint64_t(value) >> (8 * i)) & 0xff) : char(value < 0 ? 0xff : 0);
    }
    sign = value < 0 ? -1 : 1;
  } else {
    mpz_t z, t;
    mpz_init(z);
    int_to_mpz(obj, z);
    sign = mpz_sgn(z);
    size_t bits = mpz_sizeinbase(z, 2);
    size_t n = (bits >> 3) + 1;
    if (n > 0x7fffffffULL) {
      mpz_clear(z);
      return overflow_error("int too large to pickle");
    }
    mpz_init(t);
    if (sign < 0) {
      mpz_ui_pow_ui(t, 2, 8 * n);
      mpz_add(t, t, z);
    } else {
      mpz_set(t, z);
    }
    bytes.assign(n, '\0');
    size_t count = 0;
    mpz_export(bytes.data(), &count, -1, 1, 0, 0, t);
    mpz_clear(z);
    mpz_clear(t);
  }
  size_t n = bytes.size();
  if (sign < 0 && n > 1 && uint8_t(bytes[n - 1]) == 0xff && (uint8_t(bytes[n - 2]) & 0x80)) --n;
  char header[5];
  int header_size;
  if (n < 256) {
    header[0] = char(kLong1);
    header[1] = char(n);
    header_size = 2;
  } else {
    header[0] = char(kLong4);
    put_le(header + 1, n, 4);
    header_size = 5;
  }
  return write_raw(p, header, header_size) && write_raw(p, bytes.data(), int64_t(n));
}

bool save_float(PicklerObject* p, Value obj) {
  double x = float_value(obj);
  if (p->bin) {
    char buffer[9];
    buffer[0] = char(kBinFloat);
    uint64_t bits;
    std::memcpy(&bits, &x, 8);
    for (int i = 0; i < 8; ++i) buffer[1 + i] = char((bits >> (56 - 8 * i)) & 0xff);
    return write_raw(p, buffer, 9);
  }
  std::string text = "F";
  text::append_float_repr(x, &text);
  text += '\n';
  return write_raw(p, text.data(), int64_t(text.size()));
}

bool save_reduce(PicklerObject* p, Value reduce_value, Value obj);

bool save_bytes_data(PicklerObject* p, Value obj, const char* data, int64_t size) {
  char header[9];
  int header_size;
  if (size <= 0xff) {
    header[0] = char(kShortBinBytes);
    header[1] = char(size);
    header_size = 2;
  } else if (size <= 0xffffffffLL) {
    header[0] = char(kBinBytes);
    put_le(header + 1, uint64_t(size), 4);
    header_size = 5;
  } else {
    header[0] = char(kBinBytes8);
    put_le(header + 1, uint64_t(size), 8);
    header_size = 9;
  }
  return write_bytes(p, header, header_size, data, size, obj) && memo_put(p, obj);
}

bool save_bytearray_data(PicklerObject* p, Value obj, const char* data, int64_t size) {
  char header[9];
  header[0] = char(kByteArray8);
  put_le(header + 1, uint64_t(size), 8);
  return write_bytes(p, header, 9, data, size, obj) && memo_put(p, obj);
}

bool save_bytes(PicklerObject* p, Value obj) {
  BytesObject* b = as_bytes(obj);
  if (p->proto >= 3) return save_bytes_data(p, obj, b->data, b->length);
  // Protocols 0-2 have no bytes opcode: reduce to codecs.encode(latin-1 text), which
  // Python 2 also understands.
  Ref<> reduce_value;
  if (b->length == 0) {
    Ref<> empty = tuple_empty();
    if (!empty) return false;
    reduce_value = tuple_of({Value(&bytes_type), empty});
  } else {
    Ref<> text = decode_latin1(std::string_view(b->data, size_t(b->length)));
    if (!text) return false;
    Ref<> args = tuple_of({text, Value(names().latin1)});
    if (!args) return false;
    reduce_value = tuple_of({state().codecs_encode, args});
  }
  return reduce_value && save_reduce(p, reduce_value, obj);
}

bool save_bytearray(PicklerObject* p, Value obj) {
  ByteArrayObject* b = as_bytearray(obj);
  if (p->proto >= 5) return save_bytearray_data(p, obj, b->data, b->length);
  Ref<> args;
  if (b->length == 0) {
    args = tuple_empty();
  } else {
    // A fresh bytes object, never a cached one-byte singleton: CPython's is new each
    // time, so it never hits the memo.
    Ref<BytesObject> contents = bytes_allocate(b->length);
    if (!contents) return false;
    std::memcpy(contents->data, b->data, size_t(b->length));
    args = tuple_of({contents});
  }
  if (!args) return false;
  Ref<> reduce_value = tuple_of({Value(&bytearray_type), args});
  return reduce_value && save_reduce(p, reduce_value, obj);
}

// Protocol 0's text form: raw-unicode-escape with backslash, NUL, newlines and ^Z escaped too.
std::string raw_unicode_escape(StrObject* s) {
  std::string out;
  out.reserve(size_t(s->length));
  char buffer[16];
  for (int64_t i = 0; i < s->length; ++i) {
    char32_t c = s->at(i);
    if (c >= 0x10000) {
      std::snprintf(buffer, sizeof buffer, "\\U%08x", unsigned(c));
      out += buffer;
    } else if (c >= 256 || c == '\\' || c == 0 || c == '\n' || c == '\r' || c == 0x1a) {
      std::snprintf(buffer, sizeof buffer, "\\u%04x", unsigned(c));
      out += buffer;
    } else {
      out += char(c);
    }
  }
  return out;
}

bool save_unicode(PicklerObject* p, Value obj) {
  StrObject* s = as_str(obj);
  if (p->bin) {
    std::string_view utf8 = str_utf8(s);
    int64_t size = int64_t(utf8.size());
    char header[9];
    int header_size;
    if (size <= 0xff && p->proto >= 4) {
      header[0] = char(kShortBinUnicode);
      header[1] = char(size);
      header_size = 2;
    } else if (size <= 0xffffffffLL) {
      header[0] = char(kBinUnicode);
      put_le(header + 1, uint64_t(size), 4);
      header_size = 5;
    } else if (p->proto >= 4) {
      header[0] = char(kBinUnicode8);
      put_le(header + 1, uint64_t(size), 8);
      header_size = 9;
    } else {
      return overflow_error("cannot serialize a string larger than 4GiB");
    }
    if (!write_bytes(p, header, header_size, utf8.data(), size, Value())) return false;
  } else {
    std::string text = "V" + raw_unicode_escape(s) + "\n";
    if (!write_raw(p, text.data(), int64_t(text.size()))) return false;
  }
  return memo_put(p, obj);
}

bool save_tuple(PicklerObject* p, Value obj) {
  TupleObject* t = as_tuple(obj);
  int64_t n = t->length;
  if (n == 0) return p->proto ? write_op(p, kEmptyTuple) : write_raw(p, "(t", 2);
  bool short_form = n <= 3 && p->proto >= 2;
  if (!short_form && !write_op(p, kMark)) return false;
  for (int64_t i = 0; i < n; ++i) {
    if (!save(p, t->items[i])) return false;
  }
  int64_t index = p->memo->get(obj);
  if (index >= 0) {
    // The tuple is recursive: drop what was pushed and fetch it from the memo.
    if (short_form) {
      for (int64_t i = 0; i < n; ++i) {
        if (!write_op(p, kPop)) return false;
      }
    } else if (p->bin) {
      if (!write_op(p, kPopMark)) return false;
    } else {
      for (int64_t i = 0; i <= n; ++i) {
        if (!write_op(p, kPop)) return false;
      }
    }
    return memo_get(p, index);
  }
  static constexpr uint8_t kTupleOps[] = {kEmptyTuple, kTuple1, kTuple2, kTuple3};
  if (!write_op(p, short_form ? kTupleOps[n] : uint8_t(kTuple))) return false;
  return memo_put(p, obj);
}

// Items of any iterator in batches: `one` after a single item (protocol 0: after each),
// MARK ... `many` around up to kBatchSize of them. SaveItem writes one item (a list item,
// or a dict's (key, value) pair).
template <bool (*SaveItem)(PicklerObject*, Value)>
bool batch_items(PicklerObject* p, Value iterator, uint8_t one, uint8_t many) {
  if (p->proto == 0) {
    while (true) {
      Ref<> item = iter_next(iterator);
      if (!item) return !error_occurred();
      if (!SaveItem(p, item) || !write_op(p, one)) return false;
    }
  }
  int64_t n;
  do {
    Ref<> first = iter_next(iterator);
    if (!first) return !error_occurred();
    Ref<> item = iter_next(iterator);
    if (!item) {
      if (error_occurred()) return false;
      return SaveItem(p, first) && write_op(p, one);
    }
    if (!write_op(p, kMark) || !SaveItem(p, first)) return false;
    n = 1;
    while (item) {
      if (!SaveItem(p, item)) return false;
      if (++n == kBatchSize) break;
      item = iter_next(iterator);
      if (!item && error_occurred()) return false;
    }
    if (!write_op(p, many)) return false;
  } while (n == kBatchSize);
  return true;
}

bool save_item(PicklerObject* p, Value item) { return save(p, item); }

bool batch_list(PicklerObject* p, Value iterator) {
  return batch_items<save_item>(p, iterator, kAppend, kAppends);
}

bool batch_list_exact(PicklerObject* p, Value obj) {
  ListObject* list = as_list(obj);
  if (list->length == 1) {
    Ref<> item = new_ref(list->items[0]);
    return save(p, item) && write_op(p, kAppend);
  }
  int64_t total = 0;
  do {
    if (!write_op(p, kMark)) return false;
    int64_t this_batch = 0;
    while (total < list->length) {
      Ref<> item = new_ref(list->items[total]);
      if (!save(p, item)) return false;
      ++total;
      if (++this_batch == kBatchSize) break;
    }
    if (!write_op(p, kAppends)) return false;
  } while (total < list->length);
  return true;
}

bool save_list(PicklerObject* p, Value obj) {
  if (p->fast && !fast_save_enter(p, obj)) return false;
  bool ok = (p->bin ? write_op(p, kEmptyList) : write_raw(p, "(l", 2)) && memo_put(p, obj);
  if (ok && length(obj) != 0) {
    if (is_exact_list(obj) && p->proto > 0) {
      RecursionGuard guard(" while pickling an object");
      ok = !guard.failed() && batch_list_exact(p, obj);
    } else {
      Ref<> iterator = get_iter(obj);
      ok = iterator && batch_list(p, iterator);
    }
  }
  if (p->fast && !fast_save_leave(p, obj)) ok = false;
  return ok;
}

// Items (key, value) pairs of an iterator, as SETITEM / MARK ... SETITEMS batches.
bool save_pair(PicklerObject* p, Value item) {
  if (!is_tuple(item) || as_tuple(item)->length != 2)
    return type_error("dict items iterator must return 2-tuples");
  return save(p, as_tuple(item)->items[0]) && save(p, as_tuple(item)->items[1]);
}

bool batch_dict(PicklerObject* p, Value iterator) {
  return batch_items<save_pair>(p, iterator, kSetItem, kSetItems);
}

bool batch_dict_exact(PicklerObject* p, Value obj) {
  DictObject* d = as_dict(obj);
  int64_t size = d->used;
  int64_t pos = 0;
  Value key, value;
  if (size == 1) {
    dict_next(d, &pos, &key, &value);
    Ref<> k = new_ref(key), v = new_ref(value);
    return save(p, k) && save(p, v) && write_op(p, kSetItem);
  }
  int64_t i;
  do {
    i = 0;
    if (!write_op(p, kMark)) return false;
    while (dict_next(d, &pos, &key, &value)) {
      Ref<> k = new_ref(key), v = new_ref(value);
      if (!save(p, k) || !save(p, v)) return false;
      if (++i == kBatchSize) break;
    }
    if (!write_op(p, kSetItems)) return false;
    if (d->used != size) return runtime_error("dictionary changed size during iteration");
  } while (i == kBatchSize);
  return true;
}

bool save_dict(PicklerObject* p, Value obj) {
  if (p->fast && !fast_save_enter(p, obj)) return false;
  bool ok = (p->bin ? write_op(p, kEmptyDict) : write_raw(p, "(d", 2)) && memo_put(p, obj);
  if (ok && as_dict(obj)->used != 0) {
    if (is_exact_dict(obj) && p->proto > 0) {
      RecursionGuard guard(" while pickling an object");
      ok = !guard.failed() && batch_dict_exact(p, obj);
    } else {
      Ref<> items = call_method0(obj, names().items);
      Ref<> iterator = items ? get_iter(items) : nullptr;
      ok = iterator && batch_dict(p, iterator);
    }
  }
  if (p->fast && !fast_save_leave(p, obj)) ok = false;
  return ok;
}

bool save_set_by_reduce(PicklerObject* p, Value obj, TypeObject* type) {
  Ref<> items = list_from_iterable(obj);
  if (!items) return false;
  Ref<> args = tuple_of({items});
  if (!args) return false;
  Ref<> reduce_value = tuple_of({Value(type), args});
  return reduce_value && save_reduce(p, reduce_value, obj);
}

bool save_set(PicklerObject* p, Value obj) {
  if (p->proto < 4) return save_set_by_reduce(p, obj, &set_type);
  if (!write_op(p, kEmptySet) || !memo_put(p, obj)) return false;
  SetObject* s = as_set(obj);
  int64_t size = s->used;
  if (size == 0) return true;
  int64_t pos = 0, i;
  Value key;
  int64_t hash_value;
  do {
    i = 0;
    if (!write_op(p, kMark)) return false;
    while (set_next(s, &pos, &key, &hash_value)) {
      Ref<> item = new_ref(key);
      if (!save(p, item)) return false;
      if (++i == kBatchSize) break;
    }
    if (!write_op(p, kAddItems)) return false;
    if (s->used != size) return runtime_error("set changed size during iteration");
  } while (i == kBatchSize);
  return true;
}

bool save_frozenset(PicklerObject* p, Value obj) {
  if (p->proto < 4) return save_set_by_reduce(p, obj, &frozenset_type);
  if (p->fast && !fast_save_enter(p, obj)) return false;
  if (!write_op(p, kMark)) return false;
  Ref<> iterator = get_iter(obj);
  if (!iterator) return false;
  while (Ref<> item = iter_next(iterator)) {
    if (!save(p, item)) return false;
  }
  if (error_occurred()) return false;
  if (p->fast && !fast_save_leave(p, obj)) return false;
  int64_t index = p->memo->get(obj);
  if (index >= 0) return write_op(p, kPopMark) && memo_get(p, index);
  return write_op(p, kFrozenSet) && memo_put(p, obj);
}

bool save_picklebuffer(PicklerObject* p, Value obj) {
  if (p->proto < 5) return pickling_error("PickleBuffer can only pickled with protocol >= 5");
  Buffer view;
  if (!buffer_get(obj, &view, kBufferSimple)) return false;
  struct Release {
    Buffer* view;
    ~Release() { buffer_release(view); }
  } release{&view};
  if (!picklebuffer_is_contiguous(obj))
    return pickling_error("PickleBuffer can not be pickled when pointing to a non-contiguous buffer");
  bool in_band = true;
  if (p->buffer_callback) {
    Ref<> result = call1(p->buffer_callback, obj);
    if (!result) return false;
    int truth = is_true(result);
    if (truth < 0) return false;
    in_band = truth != 0;
  }
  const char* data = static_cast<const char*>(view.data);
  if (in_band) {
    return view.readonly ? save_bytes_data(p, obj, data, view.length)
                         : save_bytearray_data(p, obj, data, view.length);
  }
  // Out of band: the consumer gets the buffer itself, in the same order.
  if (!write_op(p, kNextBuffer)) return false;
  return !view.readonly || write_op(p, kReadOnlyBuffer);
}

bool save_persistent(PicklerObject* p, Value obj, bool* done) {
  Ref<> pid = method_ref_call(p->persistent_id, obj);
  if (!pid) return false;
  if (is_none(pid)) return true;
  *done = true;
  if (p->bin) return save(p, pid, true) && write_op(p, kBinPersId);
  Ref<StrObject> text = str(pid);
  if (!text) return false;
  if (!text->ascii) return pickling_error("persistent IDs in protocol 0 must be ASCII strings");
  std::string line = "P";
  line += str_utf8(text);
  line += '\n';
  return write_raw(p, line.data(), int64_t(line.size()));
}

// _compat_pickle's reverse mappings for protocols 0-2.
bool fix_imports(Ref<>* module_name, Ref<>* global_name) {
  const State& st = state();
  Ref<> key = tuple_of({*module_name, *global_name});
  if (!key) return false;
  Value item = dict_get(as_dict(st.name_mapping_3to2), key);
  if (!item && error_occurred()) return false;
  if (item) {
    if (!is_tuple(item) || as_tuple(item)->length != 2)
      return runtime_error("_compat_pickle.REVERSE_NAME_MAPPING values should be 2-tuples, not {}",
                           type_name(item));
    Value m = as_tuple(item)->items[0], g = as_tuple(item)->items[1];
    if (!is_str(m) || !is_str(g))
      return runtime_error(
          "_compat_pickle.REVERSE_NAME_MAPPING values should be pairs of str, not ({}, {})",
          type_name(m), type_name(g));
    *module_name = new_ref(m);
    *global_name = new_ref(g);
    return true;
  }
  item = dict_get(as_dict(st.import_mapping_3to2), *module_name);
  if (!item) return !error_occurred();
  if (!is_str(item))
    return runtime_error("_compat_pickle.REVERSE_IMPORT_MAPPING values should be strings, not {}",
                         type_name(item));
  *module_name = new_ref(item);
  return true;
}

// The module in which obj can be found by name: obj.__module__, else a search of sys.modules.
Ref<> which_module(Value obj, Value path) {
  Ref<> module_name;
  if (get_attr_optional(obj, names().module, &module_name) < 0) return nullptr;
  if (module_name && !is_none(module_name)) return module_name;
  Ref<> sys = import_module_named("sys");
  if (!sys) return nullptr;
  Ref<> modules = get_attr(sys, "modules");
  if (!modules) return runtime_error("unable to get sys.modules");
  Ref<> items = call_method0(modules, names().items);
  Ref<> iterator = items ? get_iter(items) : nullptr;
  if (!iterator) return nullptr;
  while (Ref<> item = iter_next(iterator)) {
    if (!is_tuple(item) || as_tuple(item)->length != 2) continue;
    Value name = as_tuple(item)->items[0], module = as_tuple(item)->items[1];
    if (is_str(name) && str_equal(as_str(name), names().main)) continue;
    if (is_none(module)) continue;
    Ref<> parent;
    Ref<> candidate = deep_attribute(module, path, &parent);
    if (!candidate) {
      clear_error();
      continue;
    }
    if (candidate.value() == obj) return new_ref(name);
  }
  if (error_occurred()) return nullptr;
  return new_ref(Value(names().main));
}

bool save_global(PicklerObject* p, Value obj, Value name) {
  Ref<> global_name;
  if (name) {
    global_name = new_ref(name);
  } else {
    if (get_attr_optional(obj, names().qualname, &global_name) < 0) return false;
    if (!global_name) {
      global_name = get_attr(obj, names().name);
      if (!global_name) return false;
    }
  }
  Ref<> path = dotted_path(Value(), global_name);
  if (!path) return false;
  Ref<> module_name = which_module(obj, path);
  if (!module_name) return false;
  Ref<> module = import_module(module_name);
  if (!module) {
    return pickling_error("Can't pickle {}: import of module {} failed", repr_for_message(obj),
                          repr_for_message(module_name));
  }
  ListObject* parts = as_list(path);
  Value last_name = parts->items[parts->length - 1];
  Ref<> parent;
  Ref<> found = deep_attribute(module, path, &parent);
  if (!found) {
    return pickling_error("Can't pickle {}: attribute lookup {} on {} failed", repr_for_message(obj),
                          str_for_message(global_name), str_for_message(module_name));
  }
  if (found.value() != obj) {
    return pickling_error("Can't pickle {}: it's not the same object as {}.{}", repr_for_message(obj),
                          str_for_message(module_name), str_for_message(global_name));
  }
  if (p->proto >= 2) {
    Ref<> key = tuple_of({module_name, last_name});
    if (!key) return false;
    Value code = dict_get(as_dict(state().extension_registry), key);
    if (!code && error_occurred()) return false;
    if (code) {
      if (!is_int(code)) {
        return pickling_error("Can't pickle {}: extension code {} isn't an integer",
                              repr_for_message(obj), repr_for_message(code));
      }
      int64_t n;
      if (!int_as_int64(code, &n)) return false;
      if (n <= 0 || n > 0x7fffffffLL)
        return pickling_error("Can't pickle {}: extension code {} is out of range", repr_for_message(obj), n);
      char buffer[5];
      if (n <= 0xff) {
        buffer[0] = char(kExt1);
        buffer[1] = char(n);
        return write_raw(p, buffer, 2);
      }
      if (n <= 0xffff) {
        buffer[0] = char(kExt2);
        put_le(buffer + 1, uint64_t(n), 2);
        return write_raw(p, buffer, 3);
      }
      buffer[0] = char(kExt4);
      put_le(buffer + 1, uint64_t(n), 4);
      return write_raw(p, buffer, 5);
    }
  }
  if (parent.value() == module.value()) global_name = new_ref(last_name);
  if (p->proto >= 4) {
    if (!save(p, module_name) || !save(p, global_name) || !write_op(p, kStackGlobal)) return false;
  } else if (parent.value() != module.value()) {
    Ref<> args = tuple_of({parent, last_name});
    if (!args) return false;
    Ref<> reduce_value = tuple_of({state().getattr, args});
    if (!reduce_value || !save_reduce(p, reduce_value, Value())) return false;
  } else {
    if (p->proto < 3 && p->fix_imports && !fix_imports(&module_name, &global_name)) return false;
    std::string line = "c";
    for (int part = 0; part < 2; ++part) {
      Value text = part == 0 ? module_name.value() : global_name.value();
      if (!is_str(text)) return type_error("expected str, got {}", type_name(text));
      if (p->proto != 3 && !as_str(text)->ascii) {
        return pickling_error("can't pickle {} identifier '{}' using pickle protocol {}",
                              part == 0 ? "module" : "global", str_utf8(text), p->proto);
      }
      line += str_utf8(text);
      line += '\n';
    }
    if (!write_raw(p, line.data(), int64_t(line.size()))) return false;
  }
  return memo_put(p, obj);
}

bool save_type(PicklerObject* p, Value obj) {
  Value singleton;
  if (obj == Value(&none_type)) singleton = None();
  else if (obj == Value(&ellipsis_type)) singleton = Ellipsis();
  else if (obj == Value(&not_implemented_type)) singleton = NotImplemented();
  else return save_global(p, obj, Value());
  Ref<> args = tuple_of({singleton});
  if (!args) return false;
  Ref<> reduce_value = tuple_of({Value(&type_type), args});
  return reduce_value && save_reduce(p, reduce_value, obj);
}

bool save_reduce(PicklerObject* p, Value reduce_value, Value obj) {
  TupleObject* t = as_tuple(reduce_value);
  int64_t size = t->length;
  if (size < 2 || size > 6)
    return pickling_error("tuple returned by __reduce__ must contain 2 through 6 elements");
  Value callable = t->items[0], argtup = t->items[1];
  Value state_value = size > 2 ? t->items[2] : Value();
  Value listitems = size > 3 ? t->items[3] : Value();
  Value dictitems = size > 4 ? t->items[4] : Value();
  Value state_setter = size > 5 ? t->items[5] : Value();
  if (!is_callable(callable))
    return pickling_error("first item of the tuple returned by __reduce__ must be callable");
  if (!is_tuple(argtup))
    return pickling_error("second item of the tuple returned by __reduce__ must be a tuple");
  if (state_value && is_none(state_value)) state_value = Value();
  if (listitems && is_none(listitems)) {
    listitems = Value();
  } else if (listitems && !is_iterator_type(type_of(listitems))) {
    return pickling_error("fourth element of the tuple returned by __reduce__ must be an iterator, not {}",
                          type_name(listitems));
  }
  if (dictitems && is_none(dictitems)) {
    dictitems = Value();
  } else if (dictitems && !is_iterator_type(type_of(dictitems))) {
    return pickling_error("fifth element of the tuple returned by __reduce__ must be an iterator, not {}",
                          type_name(dictitems));
  }
  if (state_setter && is_none(state_setter)) {
    state_setter = Value();
  } else if (state_setter && !is_callable(state_setter)) {
    return pickling_error("sixth element of the tuple returned by __reduce__ must be a function, not {}",
                          type_name(state_setter));
  }
  bool use_newobj = false, use_newobj_ex = false;
  if (p->proto >= 2) {
    Ref<> name;
    if (get_attr_optional(callable, names().name, &name) < 0) return false;
    if (name && is_str(name)) {
      use_newobj_ex = str_equal(as_str(name), names().newobj_ex);
      if (!use_newobj_ex) use_newobj = str_equal(as_str(name), names().newobj);
    }
  }
  TupleObject* args = as_tuple(argtup);
  if (use_newobj_ex) {
    if (args->length != 3) {
      return pickling_error("length of the NEWOBJ_EX argument tuple must be exactly 3, not {}",
                            args->length);
    }
    Value cls = args->items[0], cls_args = args->items[1], kwargs = args->items[2];
    if (!is_instance_of(cls, &type_type))
      return pickling_error("first item from NEWOBJ_EX argument tuple must be a class, not {}", type_name(cls));
    if (!is_tuple(cls_args))
      return pickling_error("second item from NEWOBJ_EX argument tuple must be a tuple, not {}",
                            type_name(cls_args));
    if (!is_dict(kwargs))
      return pickling_error("third item from NEWOBJ_EX argument tuple must be a dict, not {}",
                            type_name(kwargs));
    if (p->proto >= 4) {
      if (!save(p, cls) || !save(p, cls_args) || !save(p, kwargs) || !write_op(p, kNewObjEx)) return false;
    } else {
      // functools.partial(cls.__new__, cls, *args, **kwargs)() rebuilds it.
      Ref<> cls_new = get_attr(cls, names().new_);
      if (!cls_new) return false;
      TupleObject* a = as_tuple(cls_args);
      Ref<TupleObject> partial_args = tuple_allocate(a->length + 2);
      if (!partial_args) return false;
      partial_args->items[0] = cls_new.release();
      incref(cls);
      partial_args->items[1] = cls;
      for (int64_t i = 0; i < a->length; ++i) {
        incref(a->items[i]);
        partial_args->items[i + 2] = a->items[i];
      }
      Ref<> function = call_tuple_dict(state().partial, partial_args, kwargs);
      if (!function) return false;
      Ref<> empty = tuple_empty();
      if (!empty || !save(p, function) || !save(p, empty) || !write_op(p, kReduce)) return false;
    }
  } else if (use_newobj) {
    if (args->length < 1) return pickling_error("__newobj__ arglist is empty");
    Value cls = args->items[0];
    if (!is_instance_of(cls, &type_type)) return pickling_error("args[0] from __newobj__ args is not a type");
    if (obj) {
      Ref<> obj_class = get_attr(obj, ID(__class__));
      if (!obj_class) return false;
      if (obj_class.value() != cls) return pickling_error("args[0] from __newobj__ args has the wrong class");
    }
    if (!save(p, cls)) return false;
    Ref<> rest = tuple_slice(args, 1, args->length);
    if (!rest || !save(p, rest) || !write_op(p, kNewObj)) return false;
  } else if (!save(p, callable) || !save(p, argtup) || !write_op(p, kReduce)) {
    return false;
  }
  if (obj) {
    int64_t index = p->memo->get(obj);
    if (index >= 0) return write_op(p, kPop) && memo_get(p, index);
    if (!memo_put(p, obj)) return false;
  }
  if (listitems && !batch_list(p, listitems)) return false;
  if (dictitems && !batch_dict(p, dictitems)) return false;
  if (state_value) {
    if (!state_setter) return save(p, state_value) && write_op(p, kBuild);
    // state_setter(obj, state), its result dropped.
    return save(p, state_setter) && save(p, obj) && save(p, state_value) && write_op(p, kTuple2) &&
           write_op(p, kReduce) && write_op(p, kPop);
  }
  return true;
}

bool save_object(PicklerObject* p, Value obj, TypeObject* type);

bool save(PicklerObject* p, Value obj, bool persistent_save) {
  if (!opcode_boundary(p)) return false;
  if (!persistent_save && p->persistent_id.function) {
    bool done = false;
    if (!save_persistent(p, obj, &done)) return false;
    if (done) return true;
  }
  if (obj.is_small_int()) return save_long(p, obj);
  TypeObject* type = obj.as_object()->type;
  // Atoms are not memoized.
  if (obj == None()) return write_op(p, kNone);
  if (type == &bool_type) return save_bool(p, obj);
  if (type == &int_type) return save_long(p, obj);
  if (type == &float_type) return save_float(p, obj);
  int64_t index = p->memo->get(obj);
  if (index >= 0) return memo_get(p, index);
  if (type == &bytes_type) return save_bytes(p, obj);
  if (type == &str_type) return save_unicode(p, obj);
  RecursionGuard guard(" while pickling an object");
  if (guard.failed()) return false;
  return save_object(p, obj, type);
}

bool save_object(PicklerObject* p, Value obj, TypeObject* type) {
  if (type == &dict_type) return save_dict(p, obj);
  if (type == &set_type) return save_set(p, obj);
  if (type == &frozenset_type) return save_frozenset(p, obj);
  if (type == &list_type) return save_list(p, obj);
  if (type == &tuple_type) return save_tuple(p, obj);
  if (type == &bytearray_type) return save_bytearray(p, obj);
  if (type == &picklebuffer_type) return save_picklebuffer(p, obj);
  Ref<> reduce_value;
  if (p->reducer_override) {
    reduce_value = call1(p->reducer_override, obj);
    if (!reduce_value) return false;
    if (is_not_implemented(reduce_value)) reduce_value.reset();
  }
  if (!reduce_value) {
    if (type == &type_type) return save_type(p, obj);
    if (type == &function_type) return save_global(p, obj, Value());
    // A reducer from the dispatch table, else __reduce_ex__(proto), else __reduce__().
    Ref<> reduce_function;
    if (!p->dispatch_table) {
      Value found = dict_get(as_dict(state().dispatch_table), Value(type));
      if (!found && error_occurred()) return false;
      if (found) reduce_function = new_ref(found);
    } else {
      reduce_function = get_item(p->dispatch_table, Value(type));
      if (!reduce_function) {
        if (!error_matches(&exc::KeyError)) return false;
        clear_error();
      }
    }
    if (reduce_function) {
      reduce_value = call1(reduce_function, obj);
    } else if (is_subtype(type, &type_type)) {
      return save_global(p, obj, Value());
    } else {
      if (get_attr_optional(obj, names().reduce_ex, &reduce_function) < 0) return false;
      if (reduce_function) {
        reduce_value = call1(reduce_function, Value::small_int(p->proto));
      } else {
        if (get_attr_optional(obj, names().reduce, &reduce_function) < 0) return false;
        if (!reduce_function)
          return pickling_error("can't pickle '{}' object: {}", type->name, repr_for_message(obj));
        reduce_value = call0(reduce_function);
      }
    }
    if (!reduce_value) return false;
  }
  if (is_str(reduce_value)) return save_global(p, obj, reduce_value);
  if (!is_tuple(reduce_value)) return pickling_error("__reduce__ must return a string or tuple");
  return save_reduce(p, reduce_value, obj);
}

bool dump(PicklerObject* p, Value self, Value obj) {
  // A plain Pickler has no reducer_override (nor a __dict__ to hold one): skip the lookup,
  // whose AttributeError would cost more than pickling a small object.
  Ref<> override;
  if (type_of(self) != &pickler_type && get_attr_optional(self, names().reducer_override, &override) < 0)
    return false;
  decref(p->reducer_override);
  p->reducer_override = override.release();
  bool ok = true;
  if (p->proto >= 2) {
    char header[2] = {char(kProto), char(p->proto)};
    ok = write_raw(p, header, 2);
  }
  if (ok) {
    p->framing = p->proto >= 4;
    ok = save(p, obj) && write_op(p, kStop);
    if (ok) commit_frame(p);
    p->framing = false;
  }
  // The bound reducer_override would keep the pickler (and its memo) alive in a cycle.
  Value old = p->reducer_override;
  p->reducer_override = Value();
  decref(old);
  return ok;
}

// --- Configuration ---

bool set_protocol(PicklerObject* p, Value protocol, Value fix_imports) {
  int64_t proto = kDefaultProtocol;
  if (protocol && !is_none(protocol)) {
    Ref<> index = number_index(protocol);
    if (!index || !int_as_int64(index, &proto)) return false;
    if (proto < 0) {
      proto = kHighestProtocol;
    } else if (proto > kHighestProtocol) {
      return value_error("pickle protocol must be <= {}", kHighestProtocol);
    }
  }
  int fix = fix_imports ? is_true(fix_imports) : 1;
  if (fix < 0) return false;
  p->proto = int32_t(proto);
  p->bin = proto > 0;
  p->fix_imports = fix && proto < 3;
  return true;
}

bool set_buffer_callback(PicklerObject* p, Value callback) {
  Value old = p->buffer_callback;
  p->buffer_callback = Value();
  decref(old);
  if (!callback || is_none(callback)) return true;
  if (p->proto < 5) return value_error("buffer_callback needs protocol >= 5");
  incref(callback);
  p->buffer_callback = callback;
  return true;
}

bool set_output(PicklerObject* p, Value file) {
  Ref<> write;
  if (get_attr_optional(file, names().write, &write) < 0) return false;
  if (!write) return type_error("file must have a 'write' attribute");
  Value old = p->write;
  p->write = write.release();
  decref(old);
  return true;
}

void pickler_clear_slot(Object* o) {
  auto* p = static_cast<PicklerObject*>(o);
  if (p->memo) p->memo->clear();
  method_ref_clear(&p->persistent_id);
  for (Value* slot : {&p->write, &p->dispatch_table, &p->reducer_override, &p->buffer_callback,
                      &p->fast_memo}) {
    Value old = *slot;
    *slot = Value();
    decref(old);
  }
}

void pickler_dealloc(Object* o) {
  gc_untrack(o);
  pickler_clear_slot(o);
  auto* p = static_cast<PicklerObject*>(o);
  delete p->memo;
  std::free(p->output);
  free_object(o);
}

void pickler_traverse(Object* o, VisitFn visit, void* arg) {
  auto* p = static_cast<PicklerObject*>(o);
  if (p->memo) {
    p->memo->for_each([&](Value key, int64_t) {
      if (key.is_object()) visit(key.as_object(), arg);
    });
  }
  for (Value v : {p->write, p->persistent_id.function, p->dispatch_table, p->reducer_override,
                  p->buffer_callback, p->fast_memo}) {
    if (v.is_object()) visit(v.as_object(), arg);
  }
}

// `tracked`: false for the private picklers of dump()/dumps(), which Python code never sees.
Ref<> new_pickler(TypeObject* type, bool tracked) {
  auto* p = allocate<PicklerObject>(type, size_t(type->basic_size));
  if (!p) return nullptr;
  Ref<> result = Ref<>::steal(Value(p));
  p->memo = new MemoTable();
  p->frame_start = -1;
  p->proto = kDefaultProtocol;
  p->bin = 1;
  if (tracked) gc_track(p);
  return result;
}

Ref<> pickler_new(TypeObject* type, const Value*, size_t, TupleObject*) { return new_pickler(type, true); }

Ref<> pickler_init_impl(Value self, const Value* args) {
  PicklerObject* p = as_pickler(self);
  if (p->write) pickler_clear_slot(p);
  if (!set_protocol(p, args[1], args[2]) || !set_output(p, args[0]) || !set_buffer_callback(p, args[3]))
    return nullptr;
  clear_output(p);
  p->fast = 0;
  p->fast_nesting = 0;
  if (!method_ref_init(self, names().persistent_id, &p->persistent_id)) return nullptr;
  Ref<> table;
  if (get_attr_optional(self, names().dispatch_table, &table) < 0) return nullptr;
  Value old = p->dispatch_table;
  p->dispatch_table = table.release();
  decref(old);
  return new_none();
}

const MethodDef pickler_init_def = {
    .name = "Pickler",
    .impl = pickler_init_impl,
    .signature = "($self, file, protocol=None, fix_imports=True, buffer_callback=None)",
};

int pickler_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  return call_method_def(&pickler_init_def, nullptr, self, args, nargs, kwnames) ? 0 : -1;
}

Ref<> pickler_dump_impl(Value self, const Value* args) {
  PicklerObject* p = as_pickler(self);
  if (!p->write) {
    return pickling_error("Pickler.__init__() was not called by {}.__init__()", type_of(self)->name);
  }
  clear_output(p);
  if (!dump(p, self, args[0]) || !flush_to_file(p)) return nullptr;
  return new_none();
}

Ref<> pickler_clear_memo(Value self, const Value*) {
  as_pickler(self)->memo->clear();
  return new_none();
}

Ref<> pickler_sizeof(Value self, const Value*) {
  PicklerObject* p = as_pickler(self);
  return int_from_int64(type_of(self)->basic_size + p->output_capacity + p->memo->size() * 16);
}

// --- The memo proxy ---

struct MemoProxyObject : Object {
  Value pickler;
};

Ref<> memo_proxy_new(Value pickler) {
  auto* m = allocate<MemoProxyObject>(&pickler_memo_proxy_type);
  if (!m) return nullptr;
  incref(pickler);
  m->pickler = pickler;
  gc_track(m);
  return Ref<>::steal(Value(m));
}

PicklerObject* proxied(Value proxy) {
  return as_pickler(static_cast<MemoProxyObject*>(proxy.as_object())->pickler);
}

Ref<> memo_copy(const MemoTable& memo) {
  Ref<DictObject> d = dict_new();
  if (!d) return nullptr;
  bool ok = true;
  memo.for_each([&](Value key, int64_t index) {
    if (!ok) return;
    Ref<> id = int_from_uint64(uint64_t(key.bits()));
    Ref<> entry = tuple_steal({Value::small_int(index), new_ref(key).release()});
    ok = id && entry && dict_set(d.get(), id, entry);
  });
  if (!ok) return nullptr;
  return d;
}

Ref<> memo_proxy_clear(Value self, const Value*) {
  proxied(self)->memo->clear();
  return new_none();
}

Ref<> memo_proxy_copy(Value self, const Value*) { return memo_copy(*proxied(self)->memo); }

Ref<> memo_proxy_reduce(Value self, const Value*) {
  Ref<> contents = memo_copy(*proxied(self)->memo);
  if (!contents) return nullptr;
  Ref<> args = tuple_of({contents});
  if (!args) return nullptr;
  return tuple_of({Value(&dict_type), args});
}

void memo_proxy_dealloc(Object* o) {
  gc_untrack(o);
  decref(static_cast<MemoProxyObject*>(o)->pickler);
  free_object(o);
}

void memo_proxy_traverse(Object* o, VisitFn visit, void* arg) {
  visit(static_cast<MemoProxyObject*>(o)->pickler.as_object(), arg);
}

const MethodDef memo_proxy_methods[] = {
    {.name = "clear", .impl = memo_proxy_clear, .signature = "($self, /)",
     .doc = "Remove all items from memo."},
    {.name = "copy", .impl = memo_proxy_copy, .signature = "($self, /)",
     .doc = "Copy the memo to a new object."},
    {.name = "__reduce__", .impl = memo_proxy_reduce, .signature = "($self, /)",
     .doc = "Implement pickle support."},
    {},
};

// --- Attributes ---

Ref<> pickler_get_memo(Value self) { return memo_proxy_new(self); }

int pickler_set_memo(Value self, Value value) {
  if (!value) return type_error("attribute deletion is not supported");
  PicklerObject* p = as_pickler(self);
  auto fresh = std::make_unique<MemoTable>();
  if (is_type(value, &pickler_memo_proxy_type)) {
    bool ok = true;
    proxied(value)->memo->for_each([&](Value key, int64_t index) {
      if (ok) ok = fresh->set(key, index);
    });
    if (!ok) return -1;
  } else if (is_dict(value)) {
    int64_t pos = 0;
    Value key, entry;
    while (dict_next(as_dict(value), &pos, &key, &entry)) {
      if (!is_tuple(entry) || as_tuple(entry)->length != 2)
        return type_error("'memo' values must be 2-item tuples");
      int64_t index;
      if (!index_to_int64(as_tuple(entry)->items[0], &index)) return -1;
      if (!fresh->set(as_tuple(entry)->items[1], index)) return -1;
    }
  } else {
    return type_error("'memo' attribute must be a PicklerMemoProxy object or dict, not {}",
                      type_name(value));
  }
  delete p->memo;
  p->memo = fresh.release();
  return 0;
}

Ref<> pickler_get_persistent_id(Value self) {
  return method_ref_get(as_pickler(self)->persistent_id, "persistent_id");
}

int pickler_set_persistent_id(Value self, Value value) {
  if (!value) return type_error("attribute deletion is not supported");
  if (!is_callable(value)) return type_error("persistent_id must be a callable taking one argument");
  PicklerObject* p = as_pickler(self);
  method_ref_clear(&p->persistent_id);
  incref(value);
  p->persistent_id.function = value;
  return 0;
}

const MethodDef pickler_methods[] = {
    {.name = "dump", .impl = pickler_dump_impl, .signature = "($self, obj, /)",
     .doc = "Write a pickled representation of the given object to the open file."},
    {.name = "clear_memo", .impl = pickler_clear_memo, .signature = "($self, /)",
     .doc = "Clears the pickler's \"memo\".\n\nThe memo is the data structure that remembers which "
            "objects the\npickler has already seen, so that shared or recursive objects are\npickled "
            "by reference and not by value.  This method is useful when\nre-using picklers."},
    {.name = "__sizeof__", .impl = pickler_sizeof, .signature = "($self, /)",
     .doc = "Returns size in memory, in bytes."},
    {},
};

const GetSetDef pickler_getsets[] = {
    {.name = "memo", .get = pickler_get_memo, .set = pickler_set_memo},
    {.name = "persistent_id", .get = pickler_get_persistent_id, .set = pickler_set_persistent_id},
    {},
};

const MemberDef pickler_members[] = {
    {.name = "bin", .kind = MemberKind::Int32, .offset = offsetof(PicklerObject, bin), .readonly = true},
    {.name = "fast", .kind = MemberKind::Int32, .offset = offsetof(PicklerObject, fast)},
    {.name = "dispatch_table", .kind = MemberKind::Object, .offset = offsetof(PicklerObject, dispatch_table)},
    {},
};

}  // namespace

// --- Module functions ---

Ref<> module_dump(Value, const Value* args) {
  Ref<> pickler = new_pickler(&pickler_type, false);
  if (!pickler) return nullptr;
  PicklerObject* p = as_pickler(pickler);
  if (!set_output(p, args[1]) || !set_protocol(p, args[2], args[3]) || !set_buffer_callback(p, args[4]) ||
      !dump(p, pickler, args[0]) || !flush_to_file(p))
    return nullptr;
  return new_none();
}

Ref<> module_dumps(Value, const Value* args) {
  Ref<> pickler = new_pickler(&pickler_type, false);
  if (!pickler) return nullptr;
  PicklerObject* p = as_pickler(pickler);
  if (!set_protocol(p, args[1], args[2]) || !set_buffer_callback(p, args[3]) || !dump(p, pickler, args[0]))
    return nullptr;
  return bytes_from(std::string_view(p->output, size_t(p->output_len)));
}

TypeObject pickler_type{TypeSpec{
    .name = "_pickle.Pickler",
    .doc = "Pickler(file, protocol=None, fix_imports=True, buffer_callback=None)\n--\n\n"
           "This takes a binary file for writing a pickle data stream.",
    .basic_size = sizeof(PicklerObject),
    .flags = kTypeHaveGC | kTypeBaseType,
    .slots = {.dealloc = pickler_dealloc,
              .traverse = pickler_traverse,
              .clear = pickler_clear_slot,
              .new_instance = pickler_new,
              .init = pickler_init,
              .getattr = generic_get_attr,
              .setattr = generic_set_attr},
    .methods = pickler_methods,
    .getsets = pickler_getsets,
    .members = pickler_members,
}};

TypeObject pickler_memo_proxy_type{TypeSpec{
    .name = "_pickle.PicklerMemoProxy",
    .basic_size = sizeof(MemoProxyObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = memo_proxy_dealloc, .traverse = memo_proxy_traverse, .getattr = generic_get_attr},
    .methods = memo_proxy_methods,
}};

}  // namespace pickle
}  // namespace krait
