// code: the compiled form of a module, class body, function or comprehension — the
// instructions (compile/opcodes.def), their source positions, the exception table (for
// zero-cost `try`), and the names the VM needs. Mutable only by the VM's quickening.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compile/opcodes.h"
#include "core/type.h"

namespace krait {

extern TypeObject code_type;

// co_flags, with CPython's values (inspect reads them).
enum CodeFlag : int32_t {
  kCodeOptimized = 0x1,
  kCodeNewLocals = 0x2,
  kCodeVarargs = 0x4,
  kCodeVarkeywords = 0x8,
  kCodeNested = 0x10,
  kCodeGenerator = 0x20,
  kCodeNoFree = 0x40,
  kCodeCoroutine = 0x80,
  kCodeIterableCoroutine = 0x100,
  kCodeAsyncGenerator = 0x200,
  // __future__ flags kept in co_flags as CPython does.
  kCodeFutureDivision = 0x20000,
  kCodeFutureAbsoluteImport = 0x40000,
  kCodeFutureWithStatement = 0x80000,
  kCodeFuturePrintFunction = 0x100000,
  kCodeFutureUnicodeLiterals = 0x200000,
  kCodeFutureBarryAsBdfl = 0x400000,
  kCodeFutureGeneratorStop = 0x800000,
  kCodeFutureAnnotations = 0x1000000,
};

// What each localsplus slot is (CPython's CO_FAST_* kinds).
enum LocalKind : uint8_t {
  kLocalPlain = 0x20,  // a local variable (co_varnames)
  kLocalCell = 0x40,   // a cell variable (co_cellvars); may also be an argument
  kLocalFree = 0x80,   // a free variable (co_freevars)
  kLocalArg = 0x01,    // combined with kLocalPlain or kLocalCell for parameters
};

// One `try` region: an exception raised by an instruction in [start, end) pops the value
// stack down to `depth` (pushing the raising instruction's index first when push_lasti),
// pushes the exception and jumps to `handler`. Offsets are code-unit indices.
struct ExceptionTableEntry {
  uint32_t start;
  uint32_t end;
  uint32_t handler;
  uint16_t depth;
  bool push_lasti;
};

// Source span of an instruction, as in co_positions(): 1-based lines, 0-based UTF-8 byte
// columns; -1 when unknown (CPython's None).
struct SourcePosition {
  int32_t line;
  int32_t end_line;
  int32_t column;
  int32_t end_column;
};

struct CodeObject : Object {
  int32_t argcount;          // positional parameters, including positional-only
  int32_t posonlyargcount;
  int32_t kwonlyargcount;
  int32_t flags;             // CodeFlag
  int32_t stacksize;
  int32_t nlocalsplus;       // localsplus slots: locals, then cells, then free variables
  int32_t nlocals;           // plain locals (co_varnames), parameters first
  int32_t ncellvars;
  int32_t nfreevars;
  int32_t firstlineno;
  int64_t ncodeunits;
  CodeUnit* code;            // instructions + inline caches (owned, malloc'd)
  uint8_t* position_table;   // the units' source positions, encoded (PositionReader; owned)
  int64_t position_table_size;
  int32_t* unit_lines;       // every unit's line, decoded when the code is first traced
                             // (vm/trace.cpp); owned, usually null
  ExceptionTableEntry* exception_table;  // owned
  int32_t nexception_entries;
  uint8_t* localspluskinds;  // LocalKind per localsplus slot (owned)
  Object* consts;            // tuple
  Object* names;             // tuple of str: globals, attributes, imports
  Object* localsplusnames;   // tuple of str, nlocalsplus long
  Object* filename;          // str
  Object* name;              // str
  Object* qualname;          // str
  Object* linetable_bytes;   // bytes made on demand for co_linetable; may be null
  Object* weakreflist;
};

inline bool is_code(Value v) { return v.is_object() && v.as_object()->type == &code_type; }
inline CodeObject* as_code(Value v) { return static_cast<CodeObject*>(v.as_object()); }

// Builds a code object; the arrays are copied. Used by the compiler and by marshal.
struct CodeSpec {
  int32_t argcount = 0, posonlyargcount = 0, kwonlyargcount = 0, flags = 0, stacksize = 0;
  int32_t firstlineno = 1;
  const CodeUnit* code = nullptr;
  int64_t ncodeunits = 0;
  // The positions: either one per code unit (from the compiler), or already encoded
  // (marshal, code.replace), which code_new checks covers every unit.
  const SourcePosition* positions = nullptr;
  std::string_view position_table;
  const ExceptionTableEntry* exception_table = nullptr;
  int32_t nexception_entries = 0;
  Value consts, names, localsplusnames;  // tuples
  const uint8_t* localspluskinds = nullptr;
  Value filename, name, qualname;        // strs
  // The instructions and the position table were made by this build's compiler (marshal
  // of the frozen table or the code cache): code_new does not validate them again.
  bool trusted = false;
};
Ref<CodeObject> code_new(const CodeSpec& spec);

// The instructions as the compiler made them (co_code, marshal): the ones the VM has
// quickened back in their generic form, their inline caches zeroed, so the bytes do not
// depend on what the code has run.
std::string code_instruction_bytes(const CodeObject* code);

// The position table stores runs of units that share a position, about 2-5 bytes per
// instruction instead of 16 bytes per code unit (inline caches included). Each entry:
// units covered, then line (as a difference from the previous entry's), end line,
// column and end column, as LEB128 varints (the line difference zigzag-encoded, the
// others offset by one so that -1, unknown, is 0).
std::string encode_positions(const SourcePosition* positions, int64_t count);

// Reads a position table entry by entry: after next() returns true, units [start, end)
// have `position`.
class PositionReader {
 public:
  explicit PositionReader(std::string_view table) : at_(table.data()), limit_(table.data() + table.size()) {}
  explicit PositionReader(const CodeObject* code)
      : PositionReader(std::string_view(reinterpret_cast<const char*>(code->position_table),
                                        size_t(code->position_table_size))) {}
  bool next();
  int64_t start = 0, end = 0;
  SourcePosition position{-1, -1, -1, -1};

 private:
  bool read_varint(uint64_t* value);
  const char* at_;
  const char* limit_;
};

// Every unit's position (for disassembly listings).
std::vector<SourcePosition> decode_positions(const CodeObject* code);
// The position of the instruction at code-unit index `unit` (all -1 if none).
SourcePosition code_position_of(const CodeObject* code, int64_t unit);
// The line of the instruction at code-unit index `unit` (-1 if none).
int code_line_of(const CodeObject* code, int64_t unit);
// The handler for an exception raised at `unit`, or null.
const ExceptionTableEntry* code_find_handler(CodeObject* code, int64_t unit);

}  // namespace krait
