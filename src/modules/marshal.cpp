// marshal: CPython's serialisation format (version 4) for the basic types — the same bytes
// as CPython for None/bools/ints/floats/complex/str/bytes/tuples/lists/dicts/sets — and for
// krait's own code objects (type code 'c', a krait-specific layout: code objects are
// interpreter specific, as in CPython). marshal.dumps stamps the first code object of a
// stream with the executable's build (runtime/build_stamp.h) and marshal.loads refuses
// code from another build, whose opcodes and layout may differ; the C++ entry points are
// unstamped (frozen modules and the code cache are tied to the build by other means).
#include <cmath>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/ops.h"
#include "modules/marshal.h"
#include "modules/module_def.h"
#include "objects/bytes.h"
#include "objects/code.h"
#include "objects/complex.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/unicode_codecs.h"
#include "runtime/build_stamp.h"

namespace krait {

namespace {

constexpr int kVersion = 4;
constexpr uint8_t kFlagRef = 0x80;
constexpr int kMaxDepth = 2000;

// Whether a stream carries (writing) or must carry (reading) the build stamp.
enum class Stamp : bool { kNone, kBuild };

class Writer {
 public:
  Writer(int version, Stamp stamp) : version_(version), stamp_(stamp) {}
  std::string out;

  bool write(Value v, int depth = 0) {
    if (depth > kMaxDepth) return value_error("object too deeply nested to marshal");
    if (v.is_small_int()) {
      write_int_value(v);
      return true;
    }
    if (is_none(v)) return put('N');
    if (v == True()) return put('T');
    if (v == False()) return put('F');
    if (v == Ellipsis()) return put('.');
    if (v == Value(&exc::StopIteration)) return put('S');
    Object* o = v.as_object();
    if (version_ < 3 || o->refcount == 1) return write_object(v, depth);
    // Version 3+: an object seen before becomes a back-reference.
    auto [seen, inserted] = refs_.try_emplace(o, refs_.size());
    if (!inserted) {
      put('r');
      put_u32(uint32_t(seen->second));
      return true;
    }
    // Held until the end: a temporary written and freed (code objects make some) must not
    // lend its address to a later object, which would then be written as a reference.
    referenced_.push_back(new_ref(v));
    size_t type_position = out.size();
    if (!write_object(v, depth)) return false;
    out[type_position] = char(uint8_t(out[type_position]) | kFlagRef);
    return true;
  }

 private:
  int version_;
  Stamp stamp_;  // kBuild until the first code object has written it
  std::unordered_map<Object*, size_t> refs_;
  std::vector<Ref<>> referenced_;

  bool put(char c) {
    out.push_back(c);
    return true;
  }
  void put_u32(uint32_t x) {
    for (int i = 0; i < 4; ++i) out.push_back(char((x >> (8 * i)) & 0xFF));
  }
  void put_u16(uint16_t x) {
    out.push_back(char(x & 0xFF));
    out.push_back(char(x >> 8));
  }
  void put_bytes(std::string_view data, bool with_length = true) {
    if (with_length) put_u32(uint32_t(data.size()));
    out.append(data);
  }

  void write_int_value(Value v) {
    int64_t n;
    if (int_to_int64(v, &n) && n >= INT32_MIN && n <= INT32_MAX) {
      put('i');
      put_u32(uint32_t(int32_t(n)));
      return;
    }
    // 'l': a sign-carrying count of 15-bit digits, least significant first.
    mpz_t z;
    mpz_init(z);
    int_to_mpz(v, z);
    bool negative = mpz_sgn(z) < 0;
    mpz_abs(z, z);
    std::vector<uint16_t> digits;
    while (mpz_sgn(z) != 0) {
      digits.push_back(uint16_t(mpz_get_ui(z) & 0x7FFF));
      mpz_fdiv_q_2exp(z, z, 15);
    }
    mpz_clear(z);
    put('l');
    int32_t count = int32_t(digits.size());
    put_u32(uint32_t(negative ? -count : count));
    for (uint16_t d : digits) put_u16(d);
  }

  bool write_object(Value v, int depth) {
    if (is_exact_int(v)) {
      write_int_value(v);
      return true;
    }
    if (is_exact_float(v)) {
      put('g');
      double d = float_value(v);
      char buffer[8];
      std::memcpy(buffer, &d, 8);
      out.append(buffer, 8);
      return true;
    }
    if (is_type(v, &complex_type)) {
      put('y');
      char buffer[16];
      std::memcpy(buffer, &as_complex(v)->real, 8);
      std::memcpy(buffer + 8, &as_complex(v)->imag, 8);
      out.append(buffer, 16);
      return true;
    }
    if (is_exact_str(v)) {
      StrObject* s = as_str(v);
      if (s->ascii) {
        bool interned = s->interned;
        if (s->length < 256) {
          put(interned ? 'Z' : 'z');
          out.push_back(char(s->length));
          out.append(str_utf8(s));
        } else {
          put(interned ? 'A' : 'a');
          put_bytes(str_utf8(s));
        }
        return true;
      }
      Ref<> errors = str_from_ascii("surrogatepass");
      Ref<BytesObject> encoded = encode_utf8(s, errors);
      if (!encoded) return false;
      put(s->interned ? 't' : 'u');
      put_bytes(bytes_view(encoded.value()));
      return true;
    }
    if (is_exact_bytes(v) || is_bytearray(v)) {
      put('s');
      put_bytes(is_exact_bytes(v) ? bytes_view(v) : std::string_view(as_bytearray(v)->data, size_t(as_bytearray(v)->length)));
      return true;
    }
    if (is_exact_tuple(v)) {
      TupleObject* t = as_tuple(v);
      if (t->length < 256) {
        put(')');
        out.push_back(char(t->length));
      } else {
        put('(');
        put_u32(uint32_t(t->length));
      }
      for (int64_t i = 0; i < t->length; ++i) {
        if (!write(t->items[i], depth + 1)) return false;
      }
      return true;
    }
    if (is_exact_list(v)) {
      ListObject* l = as_list(v);
      put('[');
      put_u32(uint32_t(l->length));
      for (int64_t i = 0; i < l->length; ++i) {
        if (!write(l->items[i], depth + 1)) return false;
      }
      return true;
    }
    if (is_exact_dict(v)) {
      put('{');
      int64_t pos = 0;
      Value key, value;
      while (dict_next(as_dict(v), &pos, &key, &value)) {
        if (!write(key, depth + 1) || !write(value, depth + 1)) return false;
      }
      put('0');
      return true;
    }
    if (is_type(v, &set_type) || is_type(v, &frozenset_type)) {
      put(is_type(v, &set_type) ? '<' : '>');
      put_u32(uint32_t(as_set(v)->used));
      int64_t pos = 0;
      Value key;
      int64_t key_hash;
      while (set_next(as_set(v), &pos, &key, &key_hash)) {
        if (!write(key, depth + 1)) return false;
      }
      return true;
    }
    if (is_code(v)) return write_code(as_code(v), depth);
    return value_error("unmarshallable object");
  }

  bool write_code(CodeObject* c, int depth) {
    put('c');
    if (stamp_ == Stamp::kBuild) {
      uint64_t stamp = code_format_stamp();
      put_u32(uint32_t(stamp));
      put_u32(uint32_t(stamp >> 32));
      stamp_ = Stamp::kNone;  // nested and later code objects come from the same build
    }
    for (int32_t field : {c->argcount, c->posonlyargcount, c->kwonlyargcount, c->flags, c->stacksize,
                          c->firstlineno}) {
      put_u32(uint32_t(field));
    }
    put_bytes(code_instruction_bytes(c));
    put_bytes(std::string_view(reinterpret_cast<const char*>(c->position_table), size_t(c->position_table_size)));
    put_bytes(std::string_view(reinterpret_cast<const char*>(c->exception_table),
                               size_t(c->nexception_entries) * sizeof(ExceptionTableEntry)));
    put_bytes(std::string_view(reinterpret_cast<const char*>(c->localspluskinds), size_t(c->nlocalsplus)));
    for (Object* field : {c->consts, c->names, c->localsplusnames, c->filename, c->name, c->qualname}) {
      if (!write(Value(field), depth + 1)) return false;
    }
    return true;
  }
};

class Reader {
 public:
  Reader(std::string_view data, Stamp stamp) : data_(data), stamp_(stamp) {}
  size_t position = 0;
  bool trusted = false;  // MarshalOrigin::kThisBuild: code objects are not validated

  Ref<> read(int depth = 0) {
    if (depth > kMaxDepth) return value_error("recursion limit exceeded");
    if (position >= data_.size()) return raise(exc::EOFError, "EOF read where object expected");
    uint8_t code = uint8_t(data_[position++]);
    bool flag = code & kFlagRef;
    code &= ~kFlagRef;
    size_t slot = 0;
    if (flag) {
      slot = refs_.size();
      refs_.push_back(Value());
    }
    Ref<> result = read_object(code, depth, flag ? &slot : nullptr);
    if (result && flag && !refs_[slot]) refs_[slot] = result.value();
    return result;
  }

  std::vector<Value> refs_;  // borrowed: every referenced object is kept alive by the result

 private:
  std::string_view data_;
  Stamp stamp_;  // kBuild until the first code object's stamp has been checked

  bool need(size_t n) {
    if (position + n > data_.size()) return bool(raise(exc::EOFError, "marshal data too short"));
    return true;
  }
  bool get_u32(uint32_t* out) {
    if (!need(4)) return false;
    uint32_t x = 0;
    for (int i = 0; i < 4; ++i) x |= uint32_t(uint8_t(data_[position + size_t(i)])) << (8 * i);
    position += 4;
    *out = x;
    return true;
  }
  bool get_bytes(size_t n, std::string_view* out) {
    if (!need(n)) return false;
    *out = data_.substr(position, n);
    position += n;
    return true;
  }
  bool get_sized(std::string_view* out) {
    uint32_t n;
    return get_u32(&n) && get_bytes(n, out);
  }

  Ref<> read_object(uint8_t code, int depth, size_t* slot) {
    switch (code) {
      case '0': return value_error("bad marshal data (NULL object)");
      case 'N': return new_none();
      case 'T': return new_bool(true);
      case 'F': return new_bool(false);
      case '.': return new_ref(Ellipsis());
      case 'S': return new_ref(Value(&exc::StopIteration));
      case 'i': {
        uint32_t x;
        if (!get_u32(&x)) return nullptr;
        return int_from_int64(int32_t(x));
      }
      case 'l': {
        uint32_t raw;
        if (!get_u32(&raw)) return nullptr;
        int32_t count = int32_t(raw);
        bool negative = count < 0;
        uint32_t n = uint32_t(negative ? -int64_t(count) : count);
        mpz_t z, digit;
        mpz_init(z);
        mpz_init(digit);
        for (uint32_t i = 0; i < n; ++i) {
          std::string_view b;
          if (!get_bytes(2, &b)) {
            mpz_clear(z);
            mpz_clear(digit);
            return nullptr;
          }
          uint32_t d = uint8_t(b[0]) | uint32_t(uint8_t(b[1])) << 8;
          if (d > 0x7FFF) {
            mpz_clear(z);
            mpz_clear(digit);
            return value_error("bad marshal data (digit out of range in long)");
          }
          mpz_set_ui(digit, d);
          mpz_mul_2exp(digit, digit, 15 * i);
          mpz_add(z, z, digit);
        }
        if (negative) mpz_neg(z, z);
        mpz_clear(digit);
        return int_from_mpz_move(z);
      }
      case 'g': {
        std::string_view b;
        if (!get_bytes(8, &b)) return nullptr;
        double d;
        std::memcpy(&d, b.data(), 8);
        return float_from_double(d);
      }
      case 'y': {
        std::string_view b;
        if (!get_bytes(16, &b)) return nullptr;
        double re, im;
        std::memcpy(&re, b.data(), 8);
        std::memcpy(&im, b.data() + 8, 8);
        return complex_from_doubles(re, im);
      }
      case 's': {
        std::string_view b;
        if (!get_sized(&b)) return nullptr;
        return bytes_from(b);
      }
      case 'u':
      case 't': {
        std::string_view b;
        if (!get_sized(&b)) return nullptr;
        Ref<> errors = str_from_ascii("surrogatepass");
        Ref<StrObject> s = decode_utf8(b, errors, Value());
        if (!s) return nullptr;
        if (code == 't') return new_ref(str_intern(std::move(s)));
        return s;
      }
      case 'a':
      case 'A':
      case 'z':
      case 'Z': {
        std::string_view b;
        if (code == 'z' || code == 'Z') {
          if (!need(1)) return nullptr;
          size_t n = uint8_t(data_[position++]);
          if (!get_bytes(n, &b)) return nullptr;
        } else if (!get_sized(&b)) {
          return nullptr;
        }
        Ref<StrObject> s = str_from_ascii(b);
        if (!s) return nullptr;
        if (code == 'A' || code == 'Z') return new_ref(str_intern(std::move(s)));
        return s;
      }
      case '(':
      case ')': {
        uint32_t n;
        if (code == ')') {
          if (!need(1)) return nullptr;
          n = uint8_t(data_[position++]);
        } else if (!get_u32(&n)) {
          return nullptr;
        }
        if (n > data_.size()) return value_error("bad marshal data (tuple size out of range)");
        Ref<TupleObject> t = tuple_allocate(n);
        if (!t) return nullptr;
        if (slot) refs_[*slot] = t.value();
        for (uint32_t i = 0; i < n; ++i) {
          Ref<> item = read(depth + 1);
          if (!item) return nullptr;
          t->items[i] = item.release();
        }
        return t;
      }
      case '[': {
        uint32_t n;
        if (!get_u32(&n)) return nullptr;
        if (n > data_.size()) return value_error("bad marshal data (list size out of range)");
        Ref<ListObject> l = list_new();
        if (!l) return nullptr;
        if (slot) refs_[*slot] = l.value();
        for (uint32_t i = 0; i < n; ++i) {
          Ref<> item = read(depth + 1);
          if (!item || !list_append(l.get(), item)) return nullptr;
        }
        return l;
      }
      case '{': {
        Ref<DictObject> d = dict_new();
        if (!d) return nullptr;
        if (slot) refs_[*slot] = d.value();
        for (;;) {
          if (!need(1)) return nullptr;
          if (data_[position] == '0') {
            ++position;
            break;
          }
          Ref<> key = read(depth + 1);
          if (!key) return nullptr;
          Ref<> value = read(depth + 1);
          if (!value || !dict_set(d.get(), key, value)) return nullptr;
        }
        return d;
      }
      case '<':
      case '>': {
        uint32_t n;
        if (!get_u32(&n)) return nullptr;
        Ref<SetObject> s = set_new(code == '<' ? &set_type : &frozenset_type);
        if (!s) return nullptr;
        if (slot) refs_[*slot] = s.value();
        for (uint32_t i = 0; i < n; ++i) {
          Ref<> item = read(depth + 1);
          if (!item || !set_add(s.get(), item)) return nullptr;
        }
        return s;
      }
      case 'r': {
        uint32_t index;
        if (!get_u32(&index)) return nullptr;
        if (index >= refs_.size() || !refs_[index]) return value_error("bad marshal data (invalid reference)");
        return new_ref(refs_[index]);
      }
      case 'c': return read_code(depth);
      default:
        return value_error("bad marshal data (unknown type code)");
    }
  }

  Ref<> read_code(int depth) {
    if (stamp_ == Stamp::kBuild) {
      uint32_t low, high;
      if (!get_u32(&low) || !get_u32(&high)) return nullptr;
      if ((uint64_t(high) << 32 | low) != code_format_stamp()) {
        return value_error("bad marshal data (code object written by another krait build)");
      }
      stamp_ = Stamp::kNone;
    }
    CodeSpec spec;
    uint32_t fields[6];
    for (uint32_t& f : fields) {
      if (!get_u32(&f)) return nullptr;
    }
    spec.argcount = int32_t(fields[0]);
    spec.posonlyargcount = int32_t(fields[1]);
    spec.kwonlyargcount = int32_t(fields[2]);
    spec.flags = int32_t(fields[3]);
    spec.stacksize = int32_t(fields[4]);
    spec.firstlineno = int32_t(fields[5]);
    std::string_view code, positions, table, kinds;
    if (!get_sized(&code) || !get_sized(&positions) || !get_sized(&table) || !get_sized(&kinds)) return nullptr;
    if (code.size() % sizeof(CodeUnit) || table.size() % sizeof(ExceptionTableEntry)) {
      return value_error("bad marshal data (code object)");
    }
    // memcpy of zero bytes from an empty vector's null data() is still undefined.
    auto copy_bytes = [](void* to, std::string_view from) {
      if (!from.empty()) std::memcpy(to, from.data(), from.size());
    };
    std::vector<CodeUnit> units(code.size() / sizeof(CodeUnit));
    copy_bytes(units.data(), code);
    std::vector<ExceptionTableEntry> entries(table.size() / sizeof(ExceptionTableEntry));
    copy_bytes(entries.data(), table);
    std::vector<uint8_t> local_kinds(kinds.begin(), kinds.end());
    Ref<> objects[6];
    for (Ref<>& o : objects) {
      o = read(depth + 1);
      if (!o) return nullptr;
    }
    if (!is_tuple(objects[0]) || !is_tuple(objects[1]) || !is_tuple(objects[2]) ||
        as_tuple(objects[2])->length != int64_t(local_kinds.size())) {
      return value_error("bad marshal data (code object)");
    }
    spec.code = units.data();
    spec.ncodeunits = int64_t(units.size());
    spec.position_table = positions;  // code_new checks it covers every unit
    spec.trusted = trusted;
    spec.exception_table = entries.data();
    spec.nexception_entries = int32_t(entries.size());
    spec.localspluskinds = local_kinds.data();
    spec.consts = objects[0].value();
    spec.names = objects[1].value();
    spec.localsplusnames = objects[2].value();
    spec.filename = objects[3].value();
    spec.name = objects[4].value();
    spec.qualname = objects[5].value();
    return code_new(spec);
  }
};

Ref<> marshal_dumps(Value, const Value* args) {
  int64_t version;
  if (!int_as_int64(args[1], &version)) return nullptr;
  Writer writer{int(version), Stamp::kBuild};
  if (!writer.write(args[0])) return nullptr;
  return bytes_from(writer.out);
}

Ref<> marshal_loads(Value, const Value* args) {
  Buffer view;
  if (!buffer_get(args[0], &view, kBufferSimple)) return nullptr;
  std::string data(static_cast<const char*>(view.data), size_t(view.length));
  buffer_release(&view);
  Reader reader(data, Stamp::kBuild);
  return reader.read();
}

Ref<> marshal_dump(Value, const Value* args) {
  int64_t version;
  if (!int_as_int64(args[2], &version)) return nullptr;
  Writer writer{int(version), Stamp::kBuild};
  if (!writer.write(args[0])) return nullptr;
  Ref<> bytes = bytes_from(writer.out);
  if (!bytes) return nullptr;
  Ref<> written = call_method1(args[1], str_intern_utf8("write"), bytes.value());
  if (!written) return nullptr;
  return new_none();
}

Ref<> marshal_load(Value, const Value* args) {
  // Reads what is left of the file, decodes one object, and seeks back past its end.
  Ref<> data = call_method0(args[0], str_intern_utf8("read"));
  if (!data) return nullptr;
  if (!is_bytes(data)) return type_error("file.read() returned not bytes but {}", type_name(data));
  Reader reader(bytes_view(data), Stamp::kBuild);
  Ref<> result = reader.read();
  if (!result) return nullptr;
  int64_t unused = int64_t(bytes_view(data).size() - reader.position);
  if (unused > 0) {
    Ref<> seek;
    if (get_attr_optional(args[0], str_intern_utf8("seek"), &seek) < 0) return nullptr;
    if (seek && !call2(seek, Value::small_int(-unused), Value::small_int(1))) return nullptr;
  }
  return result;
}

const MethodDef marshal_methods[] = {
    {.name = "dumps", .impl = marshal_dumps, .signature = "($module, value, version=4, /)",
     .doc = "Return the bytes object that would be written to a file by dump(value, file)."},
    {.name = "loads", .impl = marshal_loads, .signature = "($module, bytes, /)",
     .doc = "Convert the bytes-like object to a value."},
    {.name = "dump", .impl = marshal_dump, .signature = "($module, value, file, version=4, /)",
     .doc = "Write the value on the open file."},
    {.name = "load", .impl = marshal_load, .signature = "($module, file, /)",
     .doc = "Read one value from the open file and return it."},
    {},
};

bool marshal_exec(ModuleObject* module) { return module_add_int(module, "version", kVersion); }

}  // namespace

bool marshal_write(Value value, std::string* out) {
  Writer writer{kVersion, Stamp::kNone};
  writer.out = std::move(*out);
  bool ok = writer.write(value);
  *out = std::move(writer.out);
  return ok;
}

Ref<> marshal_read(std::string_view data, MarshalOrigin origin) {
  Reader reader(data, origin == MarshalOrigin::kBuildStamped ? Stamp::kBuild : Stamp::kNone);
  reader.trusted = origin == MarshalOrigin::kThisBuild;
  return reader.read();
}

extern const ModuleDef module_marshal = {
    .name = "marshal",
    .doc = "This module contains functions that can read and write Python values in\n"
           "a binary format. The format is specific to Python, but independent of\n"
           "machine architecture issues.",
    .methods = marshal_methods,
    .exec = marshal_exec,
};

}  // namespace krait
