// code objects: construction (validated, so the VM may trust every instruction), the
// line/position and exception tables, and the co_* attributes the stdlib reads.
#include "objects/code.h"

#include <cstdlib>
#include <cstring>

#include "core/alloc.h"
#include "core/args.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/ops.h"
#include "objects/bytes.h"
#include "objects/code_locations.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait {

namespace {

template <class T>
T* copy_array(const T* source, int64_t n) {
  if (n == 0) return nullptr;
  T* copy = static_cast<T*>(std::malloc(sizeof(T) * size_t(n)));
  std::memcpy(copy, source, sizeof(T) * size_t(n));
  return copy;
}

// Every opcode must be known and every jump must land inside the code.
bool validate_code(const CodeUnit* code, int64_t n) {
  for (int64_t i = 0; i < n;) {
    uint32_t op = code[i] & 0xFF;
    if (op >= uint32_t(Opcode::kCount)) return system_error("code object has an invalid opcode {}", op);
    if (opcode_is_jump(Opcode(op)) && unit_oparg(code[i]) > uint32_t(n)) {
      return system_error("code object has a jump out of range");
    }
    int64_t next = i + 1 + kCacheUnits[op];
    // A superinstruction or fused comparison runs the instruction after it (a jump, for
    // the comparison).
    if (unfused_opcode(Opcode(op)) != Opcode(op)) {
      Opcode second = next < n ? unit_opcode(code[next]) : Opcode::kCount;
      bool is_compare = op == uint32_t(Opcode::COMPARE_OP_INT_JUMP) || op == uint32_t(Opcode::COMPARE_OP_FLOAT_JUMP);
      // The slice pairs run their subscript's cache and read its stack.
      Opcode subscript = op == uint32_t(Opcode::BUILD_SLICE__BINARY_SUBSCR) ? Opcode::BINARY_SUBSCR
                         : op == uint32_t(Opcode::BUILD_SLICE__STORE_SUBSCR) ? Opcode::STORE_SUBSCR
                                                                              : Opcode::kCount;
      bool is_slice_pair = subscript != Opcode::kCount;
      if (second == Opcode::kCount ||
          (is_compare && second != Opcode::POP_JUMP_IF_FALSE && second != Opcode::POP_JUMP_IF_TRUE) ||
          (is_slice_pair && (second != subscript || (unit_oparg(code[i]) != 2 && unit_oparg(code[i]) != 3)))) {
        return system_error("code object has an incomplete instruction pair");
      }
    }
    i = next;
  }
  return true;
}

void put_varint(std::string* out, uint64_t value) {
  while (value >= 0x80) {
    out->push_back(char(uint8_t(value) | 0x80));
    value >>= 7;
  }
  out->push_back(char(value));
}

// The number of code units an encoded table covers, or -1 if it is malformed.
int64_t position_table_units(std::string_view table) {
  PositionReader reader(table);
  while (reader.next()) {}
  return reader.end == -1 ? -1 : reader.end;
}

}  // namespace

std::string encode_positions(const SourcePosition* positions, int64_t count) {
  std::string out;
  int64_t previous_line = 0;  // lines are stored +1, so unknown (-1) is 0
  for (int64_t start = 0; start < count;) {
    const SourcePosition& p = positions[start];
    int64_t end = start + 1;
    while (end < count && std::memcmp(&positions[end], &p, sizeof(p)) == 0) ++end;
    int64_t line = int64_t(p.line) + 1;
    int64_t delta = line - previous_line;
    previous_line = line;
    put_varint(&out, uint64_t(end - start));
    put_varint(&out, (uint64_t(delta) << 1) ^ uint64_t(delta >> 63));
    put_varint(&out, p.end_line < 0 ? 0 : uint64_t(int64_t(p.end_line) - p.line + 1));
    put_varint(&out, uint64_t(int64_t(p.column) + 1));
    put_varint(&out, uint64_t(int64_t(p.end_column) + 1));
    start = end;
  }
  return out;
}

bool PositionReader::read_varint(uint64_t* value) {
  uint64_t result = 0;
  for (int shift = 0; at_ < limit_ && shift < 64; shift += 7) {
    auto byte = uint8_t(*at_++);
    result |= uint64_t(byte & 0x7f) << shift;
    if (!(byte & 0x80)) {
      *value = result;
      return true;
    }
  }
  return false;
}

bool PositionReader::next() {
  if (at_ >= limit_ || end < 0) return false;
  uint64_t units, zigzag, end_line, column, end_column;
  if (!read_varint(&units) || !read_varint(&zigzag) || !read_varint(&end_line) ||
      !read_varint(&column) || !read_varint(&end_column) || units == 0) {
    end = -1;  // malformed: code_new rejects such a table
    return false;
  }
  int64_t delta = int64_t(zigzag >> 1) ^ -int64_t(zigzag & 1);
  int64_t line = int64_t(position.line) + 1 + delta;
  start = end;
  end = start + int64_t(units);
  position.line = int32_t(line - 1);
  position.end_line = end_line == 0 ? -1 : int32_t(line - 1 + int64_t(end_line) - 1);
  position.column = int32_t(int64_t(column) - 1);
  position.end_column = int32_t(int64_t(end_column) - 1);
  return true;
}

std::string code_instruction_bytes(const CodeObject* code) {
  std::vector<CodeUnit> units(code->code, code->code + code->ncodeunits);
  for (int64_t i = 0; i < code->ncodeunits;) {
    Opcode op = unit_opcode(units[i]);
    int cache = kCacheUnits[int(op)];
    units[i] = make_unit(unspecialized_opcode(op), unit_oparg(units[i]));
    for (int k = 1; k <= cache && i + k < code->ncodeunits; ++k) units[i + k] = 0;
    i += 1 + cache;
  }
  return std::string(reinterpret_cast<const char*>(units.data()), units.size() * sizeof(CodeUnit));
}

std::vector<SourcePosition> decode_positions(const CodeObject* code) {
  std::vector<SourcePosition> positions(size_t(code->ncodeunits), SourcePosition{-1, -1, -1, -1});
  PositionReader reader(code);
  while (reader.next()) {
    for (int64_t i = reader.start; i < reader.end; ++i) positions[size_t(i)] = reader.position;
  }
  return positions;
}

SourcePosition code_position_of(const CodeObject* code, int64_t unit) {
  if (unit >= 0 && unit < code->ncodeunits) {
    PositionReader reader(code);
    while (reader.next()) {
      if (unit < reader.end) return reader.position;
    }
  }
  return SourcePosition{-1, -1, -1, -1};
}

int code_line_of(const CodeObject* code, int64_t unit) { return code_position_of(code, unit).line; }

Ref<CodeObject> code_new(const CodeSpec& spec) {
  if (!spec.trusted && !validate_code(spec.code, spec.ncodeunits)) return nullptr;
  std::string encoded;
  std::string_view table = spec.position_table;
  if (spec.positions) {
    encoded = encode_positions(spec.positions, spec.ncodeunits);
    table = encoded;
  } else if (!spec.trusted && position_table_units(table) != spec.ncodeunits) {
    return system_error("code object has a bad position table");
  }
  auto* c = allocate<CodeObject>(&code_type);
  if (!c) return nullptr;
  c->argcount = spec.argcount;
  c->posonlyargcount = spec.posonlyargcount;
  c->kwonlyargcount = spec.kwonlyargcount;
  c->flags = spec.flags;
  c->stacksize = spec.stacksize;
  c->firstlineno = spec.firstlineno;
  c->ncodeunits = spec.ncodeunits;
  c->code = copy_array(spec.code, spec.ncodeunits);
  c->position_table = copy_array(reinterpret_cast<const uint8_t*>(table.data()), int64_t(table.size()));
  c->position_table_size = int64_t(table.size());
  c->exception_table = copy_array(spec.exception_table, spec.nexception_entries);
  c->nexception_entries = spec.nexception_entries;
  TupleObject* names = as_tuple(spec.localsplusnames);
  c->nlocalsplus = int32_t(names->length);
  c->localspluskinds = copy_array(spec.localspluskinds, names->length);
  for (int32_t i = 0; i < c->nlocalsplus; ++i) {
    uint8_t kind = c->localspluskinds[i];
    if (kind & kLocalPlain) ++c->nlocals;
    if (kind & kLocalCell) ++c->ncellvars;
    if (kind & kLocalFree) ++c->nfreevars;
  }
  for (Value v : {spec.consts, spec.names, spec.localsplusnames, spec.filename, spec.name, spec.qualname}) {
    incref(v);
  }
  c->consts = spec.consts.as_object();
  c->names = spec.names.as_object();
  c->localsplusnames = spec.localsplusnames.as_object();
  c->filename = spec.filename.as_object();
  c->name = spec.name.as_object();
  c->qualname = spec.qualname.as_object();
  return Ref<CodeObject>::steal(Value(c));
}

const ExceptionTableEntry* code_find_handler(CodeObject* code, int64_t unit) {
  // Entries are sorted by start and do not overlap.
  const ExceptionTableEntry* entries = code->exception_table;
  int64_t lo = 0, hi = code->nexception_entries;
  while (lo < hi) {
    int64_t mid = (lo + hi) / 2;
    if (entries[mid].end <= uint32_t(unit)) lo = mid + 1;
    else hi = mid;
  }
  if (lo < code->nexception_entries && entries[lo].start <= uint32_t(unit) && uint32_t(unit) < entries[lo].end) {
    return &entries[lo];
  }
  return nullptr;
}

namespace {

CodeObject* as_code_object(Value v) { return static_cast<CodeObject*>(v.as_object()); }

void code_dealloc(Object* o) {
  auto* c = static_cast<CodeObject*>(o);
  if (c->weakreflist) clear_weakrefs(o);
  std::free(c->code);
  std::free(c->position_table);
  std::free(c->unit_lines);
  std::free(c->exception_table);
  std::free(c->localspluskinds);
  for (Object* field : {c->consts, c->names, c->localsplusnames, c->filename, c->name, c->qualname,
                        c->linetable_bytes}) {
    if (field) decref(field);
  }
  free_object(o);
}

Ref<> code_repr(Value self) {
  CodeObject* c = as_code_object(self);
  return str_from_utf8(format_message("<code object {} at {}, file \"{}\", line {}>", str_utf8(Value(c->name)),
                                      address_text(c), str_utf8(Value(c->filename)), c->firstlineno));
}

// Names of the localsplus slots of a kind, as a tuple.
Ref<> names_of_kind(CodeObject* c, uint8_t kind, uint8_t exclude = 0) {
  TupleObject* names = as_tuple(Value(c->localsplusnames));
  Ref<ListObject> list = list_new();
  if (!list) return nullptr;
  for (int32_t i = 0; i < c->nlocalsplus; ++i) {
    uint8_t k = c->localspluskinds[i];
    if ((k & kind) && !(k & exclude)) {
      if (!list_append(list.get(), names->items[i])) return nullptr;
    }
  }
  return list_as_tuple(list.get());
}

Ref<> get_varnames(Value self) { return names_of_kind(as_code_object(self), kLocalPlain); }
Ref<> get_cellvars(Value self) { return names_of_kind(as_code_object(self), kLocalCell); }
Ref<> get_freevars(Value self) { return names_of_kind(as_code_object(self), kLocalFree); }
Ref<> get_argcount(Value self) { return int_from_small(as_code_object(self)->argcount); }
Ref<> get_posonlyargcount(Value self) { return int_from_small(as_code_object(self)->posonlyargcount); }
Ref<> get_kwonlyargcount(Value self) { return int_from_small(as_code_object(self)->kwonlyargcount); }
Ref<> get_nlocals(Value self) { return int_from_small(as_code_object(self)->nlocals); }
Ref<> get_stacksize(Value self) { return int_from_small(as_code_object(self)->stacksize); }
Ref<> get_flags(Value self) { return int_from_small(as_code_object(self)->flags); }
Ref<> get_firstlineno(Value self) { return int_from_small(as_code_object(self)->firstlineno); }
Ref<> get_consts(Value self) { return new_ref(Value(as_code_object(self)->consts)); }
Ref<> get_names(Value self) { return new_ref(Value(as_code_object(self)->names)); }
Ref<> get_filename(Value self) { return new_ref(Value(as_code_object(self)->filename)); }
Ref<> get_name(Value self) { return new_ref(Value(as_code_object(self)->name)); }
Ref<> get_qualname(Value self) { return new_ref(Value(as_code_object(self)->qualname)); }
Ref<> get_code(Value self) { return bytes_from(code_instruction_bytes(as_code_object(self))); }
Ref<> get_linetable(Value self) {
  CodeObject* c = as_code_object(self);
  if (!c->linetable_bytes) {
    Ref<BytesObject> table = bytes_from(encode_location_table(c));
    if (!table) return nullptr;
    c->linetable_bytes = table.release_object();
  }
  return new_ref(Value(c->linetable_bytes));
}
Ref<> get_exceptiontable(Value self) { return bytes_from(""); }
Ref<> get_lnotab(Value self) { return bytes_from(""); }

// co_lines(): (start, end, line) byte ranges with CPython's 2-bytes-per-unit offsets.
Ref<> code_lines(Value self, const Value* args) {
  CodeObject* c = as_code_object(self);
  Ref<ListObject> result = list_new();
  if (!result) return nullptr;
  // Consecutive entries on one line make one range.
  int64_t start = 0, end = 0;
  int current = -2;
  auto flush = [&]() {
    if (end == start) return true;
    Ref<> line_value = current < 0 ? new_none() : int_from_small(current);
    Ref<TupleObject> entry = tuple_of({Value::small_int(start * 2), Value::small_int(end * 2), line_value.value()});
    return entry && list_append(result.get(), entry.value());
  };
  PositionReader reader(c);
  while (reader.next()) {
    if (reader.position.line != current) {
      if (!flush()) return nullptr;
      start = reader.start;
      current = reader.position.line;
    }
    end = reader.end;
  }
  if (!flush()) return nullptr;
  return get_iter(result);
}

Ref<> code_positions(Value self, const Value* args) {
  CodeObject* c = as_code_object(self);
  Ref<ListObject> result = list_new();
  if (!result) return nullptr;
  PositionReader reader(c);
  while (reader.next()) {
    const SourcePosition& p = reader.position;
    auto field = [](int32_t v) { return v < 0 ? None() : Value::small_int(v); };
    Ref<TupleObject> entry = tuple_of({field(p.line), field(p.end_line), field(p.column), field(p.end_column)});
    if (!entry) return nullptr;
    for (int64_t i = reader.start; i < reader.end; ++i) {
      if (!list_append(result.get(), entry.value())) return nullptr;
    }
  }
  return get_iter(result);
}

Ref<> code_replace(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (nargs) return type_error("replace() takes no positional arguments");
  CodeObject* c = as_code_object(self);
  CodeSpec spec;
  spec.argcount = c->argcount;
  spec.posonlyargcount = c->posonlyargcount;
  spec.kwonlyargcount = c->kwonlyargcount;
  spec.flags = c->flags;
  spec.stacksize = c->stacksize;
  spec.firstlineno = c->firstlineno;
  spec.code = c->code;
  spec.ncodeunits = c->ncodeunits;
  spec.position_table = std::string_view(reinterpret_cast<const char*>(c->position_table),
                                         size_t(c->position_table_size));
  spec.exception_table = c->exception_table;
  spec.nexception_entries = c->nexception_entries;
  spec.consts = Value(c->consts);
  spec.names = Value(c->names);
  spec.localsplusnames = Value(c->localsplusnames);
  spec.localspluskinds = c->localspluskinds;
  spec.filename = Value(c->filename);
  spec.name = Value(c->name);
  spec.qualname = Value(c->qualname);
  Value linetable;
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;
  for (size_t i = 0; i < nkw; ++i) {
    StrObject* key = as_str(kwnames->items[i]);
    Value v = args[i];
    auto want_int = [&](int32_t* field) {
      int64_t n;
      if (!is_int(v) || !int_as_int64(v, &n)) return bool(type_error("replace() argument must be int"));
      *field = int32_t(n);
      return true;
    };
    auto want = [&](Value* field, bool ok_type) {
      if (!ok_type) return bool(type_error("replace() argument '{}' has the wrong type", str_utf8(key)));
      *field = v;
      return true;
    };
    bool ok;
    if (str_equal_ascii(key, "co_argcount")) ok = want_int(&spec.argcount);
    else if (str_equal_ascii(key, "co_posonlyargcount")) ok = want_int(&spec.posonlyargcount);
    else if (str_equal_ascii(key, "co_kwonlyargcount")) ok = want_int(&spec.kwonlyargcount);
    else if (str_equal_ascii(key, "co_flags")) ok = want_int(&spec.flags);
    else if (str_equal_ascii(key, "co_stacksize")) ok = want_int(&spec.stacksize);
    else if (str_equal_ascii(key, "co_firstlineno")) ok = want_int(&spec.firstlineno);
    else if (str_equal_ascii(key, "co_consts")) ok = want(&spec.consts, is_tuple(v));
    else if (str_equal_ascii(key, "co_names")) ok = want(&spec.names, is_tuple(v));
    else if (str_equal_ascii(key, "co_filename")) ok = want(&spec.filename, is_str(v));
    else if (str_equal_ascii(key, "co_name")) ok = want(&spec.name, is_str(v));
    else if (str_equal_ascii(key, "co_qualname")) ok = want(&spec.qualname, is_str(v));
    else if (str_equal_ascii(key, "co_linetable")) ok = want(&linetable, is_bytes(v));
    else return type_error("'{}' is an invalid keyword argument for replace()", str_utf8(key));
    if (!ok) return nullptr;
  }
  std::vector<SourcePosition> positions;
  if (linetable) {
    if (!decode_location_table(bytes_view(linetable), spec.firstlineno, spec.ncodeunits, &positions)) {
      return value_error("code.replace(): malformed co_linetable");
    }
    spec.positions = positions.data();
  } else if (spec.firstlineno != c->firstlineno) {
    // CPython's lines are relative to co_firstlineno: moving it moves them all.
    positions = decode_positions(c);
    int32_t shift = spec.firstlineno - c->firstlineno;
    for (SourcePosition& p : positions) {
      if (p.line >= 0) p.line += shift;
      if (p.end_line >= 0) p.end_line += shift;
    }
    spec.positions = positions.data();
  }
  return code_new(spec);
}

Ref<> code_compare(Value a, Value b, CompareOp op) {
  if ((op != CompareOp::Eq && op != CompareOp::Ne) || !is_code(b)) return new_not_implemented();
  CodeObject* x = as_code_object(a);
  CodeObject* y = as_code_object(b);
  bool equal = x == y;
  if (!equal && x->ncodeunits == y->ncodeunits && x->argcount == y->argcount &&
      x->flags == y->flags && x->firstlineno == y->firstlineno &&
      std::memcmp(x->code, y->code, sizeof(CodeUnit) * size_t(x->ncodeunits)) == 0) {
    int r = rich_compare_bool(Value(x->name), Value(y->name), CompareOp::Eq);
    if (r < 0) return nullptr;
    if (r) r = rich_compare_bool(Value(x->consts), Value(y->consts), CompareOp::Eq);
    if (r < 0) return nullptr;
    if (r) r = rich_compare_bool(Value(x->names), Value(y->names), CompareOp::Eq);
    if (r < 0) return nullptr;
    if (r) r = rich_compare_bool(Value(x->localsplusnames), Value(y->localsplusnames), CompareOp::Eq);
    if (r < 0) return nullptr;
    equal = r;
  }
  return new_bool(op == CompareOp::Eq ? equal : !equal);
}

int64_t code_hash(Value self) {
  CodeObject* c = as_code_object(self);
  int64_t h = hash(Value(c->name));
  if (h == -1) return -1;
  h ^= int64_t(c->argcount) * 1000003 ^ int64_t(c->flags) ^ int64_t(c->firstlineno) * 7;
  return h == -1 ? -2 : h;
}

const GetSetDef code_getsets[] = {
    {"co_code", get_code},
    {"co_varnames", get_varnames},
    {"co_freevars", get_freevars},
    {"co_cellvars", get_cellvars},
    {"co_lnotab", get_lnotab},
    {},
};

// Members in CPython (member_descriptors; "readonly attribute" when read-only), computed here.
const MemberDef code_members[] = {
    {.name = "co_argcount", .kind = MemberKind::Computed, .readonly = true, .get = get_argcount},
    {.name = "co_posonlyargcount", .kind = MemberKind::Computed, .readonly = true, .get = get_posonlyargcount},
    {.name = "co_kwonlyargcount", .kind = MemberKind::Computed, .readonly = true, .get = get_kwonlyargcount},
    {.name = "co_nlocals", .kind = MemberKind::Computed, .readonly = true, .get = get_nlocals},
    {.name = "co_stacksize", .kind = MemberKind::Computed, .readonly = true, .get = get_stacksize},
    {.name = "co_flags", .kind = MemberKind::Computed, .readonly = true, .get = get_flags},
    {.name = "co_firstlineno", .kind = MemberKind::Computed, .readonly = true, .get = get_firstlineno},
    {.name = "co_consts", .kind = MemberKind::Computed, .readonly = true, .get = get_consts},
    {.name = "co_names", .kind = MemberKind::Computed, .readonly = true, .get = get_names},
    {.name = "co_filename", .kind = MemberKind::Computed, .readonly = true, .get = get_filename},
    {.name = "co_name", .kind = MemberKind::Computed, .readonly = true, .get = get_name},
    {.name = "co_qualname", .kind = MemberKind::Computed, .readonly = true, .get = get_qualname},
    {.name = "co_linetable", .kind = MemberKind::Computed, .readonly = true, .get = get_linetable},
    {.name = "co_exceptiontable", .kind = MemberKind::Computed, .readonly = true, .get = get_exceptiontable},
    {},
};

// dis reads the names of LOAD_CLOSURE/LOAD_DEREF operands through this (3.11).
Ref<> code_varname_from_oparg(Value self, const Value* args) {
  int64_t oparg;
  if (!index_to_int64(args[0], &oparg)) return nullptr;
  auto* names = static_cast<TupleObject*>(as_code(self)->localsplusnames);
  if (oparg < 0 || oparg >= names->length) return raise(exc::IndexError, "tuple index out of range");
  return new_ref(names->items[oparg]);
}

const MethodDef code_methods[] = {
    {.name = "co_lines", .impl = code_lines, .signature = "($self, /)"},
    {.name = "co_positions", .impl = code_positions, .signature = "($self, /)"},
    {.name = "_varname_from_oparg", .impl = code_varname_from_oparg, .signature = "($self, /, oparg)",
     .doc = "(internal-only) Return the local variable name for the given oparg.\n\n"
            "WARNING: this method is for internal use only and may change or go away."},
    {.name = "replace", .raw = code_replace, .doc = "Return a copy of the code object with new values for the specified fields."},
    {},
};

}  // namespace

TypeObject code_type{TypeSpec{
    .name = "code",
    .doc = "Create a code object.  Not for the faint of heart.",
    .basic_size = sizeof(CodeObject),
    .weaklist_offset = offsetof(CodeObject, weakreflist),
    .slots = {.dealloc = code_dealloc,
              .repr = code_repr,
              .hash = code_hash,
              .compare = code_compare,
              .getattr = generic_get_attr},
    .methods = code_methods,
    .getsets = code_getsets,
    .members = code_members,
}};

}  // namespace krait
