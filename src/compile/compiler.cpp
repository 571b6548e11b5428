// The Compiler's core services used by every code generator: emitting instructions into
// the current basic block, the constant and name tables of a unit, name resolution to
// LOAD_FAST/LOAD_DEREF/LOAD_GLOBAL/LOAD_NAME (compiler_nameop), and reporting errors and
// warnings with the current source location.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "compile/compiler_internal.h"
#include "core/error.h"
#include "objects/bytes.h"
#include "objects/code.h"
#include "objects/complex.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/thread_state.h"

namespace krait::compile {

using namespace ast;

bool compile_stack_exhausted() {
  ThreadState* thread = current_thread();
  return thread && thread->stack_limit &&
         static_cast<char*>(__builtin_frame_address(0)) < thread->stack_limit;
}

bool Compiler::recursion_error() {
  error_->kind = CompileError::Kind::RecursionError;
  error_->message = "maximum recursion depth exceeded during compilation";
  return false;
}

// --- NameTable ------------------------------------------------------------------------

int NameTable::index_of(std::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? -1 : it->second;
}

int NameTable::add(std::string_view name) {
  auto it = index_.find(name);
  if (it != index_.end()) return it->second;
  int index = int(names_.size());
  names_.emplace_back(name);
  index_.emplace(std::string(name), index);
  return index;
}

// --- Blocks ---------------------------------------------------------------------------

bool has_fallthrough(const BasicBlock* b) {
  if (b->instrs.empty()) return true;
  int op = b->instrs.back().opcode;
  return !is_unconditional_jump(op) && !is_scope_exit(op);
}

bool is_exit_block(const BasicBlock* b) {
  return !b->instrs.empty() && is_scope_exit(b->instrs.back().opcode);
}

int stack_effect(int opcode, int oparg, bool jump) {
  switch (opcode) {
    case kSetupFinally:
      return jump ? 1 : 0;  // the handler gets the exception
    case kSetupCleanup:
      return jump ? 2 : 0;  // ... and lasti under it
    case kSetupWith:
      return jump ? 1 : 0;  // __enter__'s result is replaced by lasti, then the exception
    case kPopBlock:
      return 0;
    default:
      return opcode_stack_effect(Opcode(opcode), uint32_t(oparg), jump);
  }
}

// --- Construction ---------------------------------------------------------------------

Compiler::Compiler(Value filename, int flags, int optimize, CompileError* error)
    : filename_(new_ref(filename)), flags_(flags), optimize_(optimize), error_(error) {
  filename_utf8_ = std::string(str_utf8(filename));
}

Compiler::~Compiler() = default;

bool Compiler::future_annotations() const { return (flags_ & kCodeFutureAnnotations) != 0; }

bool Compiler::top_level_await() const {
  return (flags_ & kCompileAllowTopLevelAwait) && u_->ste->type == BlockType::Module;
}

// --- Emitting -------------------------------------------------------------------------

// A block ends at a jump, return or raise; whatever is emitted next starts a new block.
void Compiler::append(const Instruction& instruction) {
  if (u_->need_new_block) use_next_block(new_block());
  u_->current->instrs.push_back(instruction);
  if (is_jump_opcode(instruction.opcode) || is_scope_exit(instruction.opcode))
    u_->need_new_block = true;
}

void Compiler::addop(int opcode, int oparg) {
  append(Instruction{opcode, oparg, nullptr, nullptr, u_->loc});
}

void Compiler::addop_noline(int opcode, int oparg) {
  append(Instruction{opcode, oparg, nullptr, nullptr, Location{}});
}

void Compiler::addop_jump(int opcode, BasicBlock* target) {
  append(Instruction{opcode, 0, target, nullptr, u_->loc});
}

void Compiler::addop_jump_noline(Opcode opcode, BasicBlock* target) {
  append(Instruction{int(opcode), 0, target, nullptr, Location{}});
}

BasicBlock* Compiler::new_block() {
  u_->blocks.push_back(std::make_unique<BasicBlock>());
  return u_->blocks.back().get();
}

void Compiler::use_next_block(BasicBlock* block) {
  u_->current->next = block;
  u_->current = block;
  u_->need_new_block = false;
}

void Compiler::next_block() { use_next_block(new_block()); }

namespace {

bool is_identifier_like(StrObject* s) {
  if (!s->ascii) return false;
  const uint8_t* p = s->data1();
  for (int64_t i = 0; i < s->length; i++) {
    uint8_t c = p[i];
    if (!(c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
      return false;
  }
  return true;
}

}  // namespace

// CPython interns the identifier-like strings among a new code object's constants, inside
// tuples and frozensets too; a frozenset holding a string interned this way is rebuilt
// (which can change its iteration order, so krait does it the same way).
bool intern_string_constants(TupleObject* tuple, bool* modified) {
  for (int64_t i = tuple->length; i-- > 0;) {
    Value v = tuple->items[i];
    if (is_exact_str(v)) {
      if (!as_str(v)->interned && is_identifier_like(as_str(v))) {
        StrObject* interned = str_intern(new_ref(v).cast<StrObject>());
        if (Value(interned) != v) {
          decref(v);
          tuple->items[i] = new_ref(Value(interned)).release();
          if (modified) *modified = true;
        }
      }
    } else if (is_exact_tuple(v)) {
      if (!intern_string_constants(as_tuple(v), nullptr)) return false;
    } else if (v.is_object() && v.as_object()->type == &frozenset_type) {
      Ref<TupleObject> items = tuple_from_iterable(v);
      if (!items) return false;
      bool items_modified = false;
      if (!intern_string_constants(items.get(), &items_modified)) return false;
      if (items_modified) {
        Ref<SetObject> rebuilt = set_from_iterable(&frozenset_type, items.value());
        if (!rebuilt) return false;
        decref(v);
        tuple->items[i] = rebuilt.release();
      }
    }
  }
  return true;
}

namespace {

void append_bits(std::string& out, double d) {
  char buf[sizeof d];
  std::memcpy(buf, &d, sizeof d);
  out.append(buf, sizeof d);
}

}  // namespace

namespace {

bool same_constants(Value a, Value b) {
  if (a == b) return true;
  // Code objects are their own keys in CPython: compared by value (within one compilation
  // equal nested code objects are already merged, so this matters for code.__eq__).
  if (is_code(a) || is_code(b)) return is_code(a) && is_code(b) && code_equal(as_code(a), as_code(b));
  return constant_key(a) == constant_key(b);
}

bool same_tuples(Object* a, Object* b) {
  TupleObject* ta = as_tuple(Value(a));
  TupleObject* tb = as_tuple(Value(b));
  if (ta->length != tb->length) return false;
  for (int64_t i = 0; i < ta->length; i++)
    if (!same_constants(ta->items[i], tb->items[i])) return false;
  return true;
}

}  // namespace

// Everything CPython's code equality compares: not the qualified name.
bool code_equal(CodeObject* a, CodeObject* b) {
  if (a == b) return true;
  if (!str_equal(as_str(Value(a->name)), as_str(Value(b->name))) || a->argcount != b->argcount ||
      a->posonlyargcount != b->posonlyargcount || a->kwonlyargcount != b->kwonlyargcount ||
      a->flags != b->flags || a->firstlineno != b->firstlineno || a->ncodeunits != b->ncodeunits ||
      a->nexception_entries != b->nexception_entries)
    return false;
  if (std::memcmp(a->code, b->code, size_t(a->ncodeunits) * sizeof(CodeUnit)) != 0) return false;
  // Equal positions have equal encodings.
  if (a->position_table_size != b->position_table_size ||
      std::memcmp(a->position_table, b->position_table, size_t(a->position_table_size)) != 0)
    return false;
  for (int32_t i = 0; i < a->nexception_entries; i++) {
    const ExceptionTableEntry& ea = a->exception_table[i];
    const ExceptionTableEntry& eb = b->exception_table[i];
    if (ea.start != eb.start || ea.end != eb.end || ea.handler != eb.handler ||
        ea.depth != eb.depth || ea.push_lasti != eb.push_lasti)
      return false;
  }
  return same_tuples(a->consts, b->consts) && same_tuples(a->names, b->names) &&
         same_tuples(a->localsplusnames, b->localsplusnames);
}

}  // namespace krait::compile

namespace krait {
bool code_objects_equal(CodeObject* a, CodeObject* b) { return compile::code_equal(a, b); }
}  // namespace krait

namespace krait::compile {

std::string constant_key(Value v) {
  std::string key;
  if (is_none(v)) return "N";
  if (v == True()) return "T";
  if (v == False()) return "F";
  if (v == Ellipsis()) return "E";
  if (is_exact_int(v)) return "i" + int_to_decimal(v);
  // A NaN equals only itself (by identity), so NaN constants are never merged.
  if (is_exact_float(v)) {
    if (std::isnan(float_value(v))) return "@" + std::to_string(uintptr_t(v.bits()));
    key = "f";
    append_bits(key, float_value(v));
    return key;
  }
  if (v.is_object() && v.as_object()->type == &complex_type) {
    if (std::isnan(as_complex(v)->real) || std::isnan(as_complex(v)->imag))
      return "@" + std::to_string(uintptr_t(v.bits()));
    key = "c";
    append_bits(key, as_complex(v)->real);
    append_bits(key, as_complex(v)->imag);
    return key;
  }
  if (is_exact_str(v)) {
    key = "s";
    key.append(str_utf8(v));
    return key;
  }
  if (is_exact_bytes(v)) {
    key = "b";
    key.append(bytes_view(v));
    return key;
  }
  if (is_exact_tuple(v)) {
    TupleObject* t = as_tuple(v);
    key = "t" + std::to_string(t->length) + "(";
    for (int64_t i = 0; i < t->length; i++) {
      std::string item = constant_key(t->items[i]);
      if (item.empty()) return std::string();
      key += std::to_string(item.size()) + ":" + item;
    }
    return key;
  }
  if (v.is_object() && v.as_object()->type == &frozenset_type) {
    // Order-insensitive: sort the element keys.
    std::vector<std::string> items;
    int64_t pos = 0;
    Value item;
    int64_t hash;
    while (set_next(as_set(v), &pos, &item, &hash)) {
      items.push_back(constant_key(item));
      if (items.back().empty()) return std::string();
    }
    std::sort(items.begin(), items.end());
    key = "z" + std::to_string(items.size()) + "(";
    for (const std::string& item_key : items) key += std::to_string(item_key.size()) + ":" + item_key;
    return key;
  }
  // Anything else is its own identity.
  key = "@" + std::to_string(uintptr_t(v.bits()));
  return key;
}

// Equal constants of one compilation become one object (CPython's c_const_cache), items
// of tuples and frozensets included. A frozenset is rebuilt from its own iteration order,
// as CPython does, which decides the iteration order of the constant.
Ref<> Compiler::merge_constant(Ref<>&& value, std::string* key_out) {
  if (is_code(value)) {
    // Code objects compare by value (an expression compiled twice, like the test of a
    // `while`, yields one constant). Candidates are few: compare them in full.
    CodeObject* code = as_code(value);
    std::vector<Ref<>>& bucket = code_constants_[{code->firstlineno, code->ncodeunits}];
    bool found = false;
    for (Ref<>& candidate : bucket) {
      if (code_equal(as_code(candidate), code)) {
        value = new_ref(Value(candidate));
        found = true;
        break;
      }
    }
    if (!found) bucket.push_back(new_ref(Value(value)));
    if (key_out) *key_out = constant_key(value);
    return std::move(value);
  }
  std::string key = constant_key(value);
  if (key_out) *key_out = key;
  auto cached = const_cache_.find(key);
  if (cached != const_cache_.end()) return new_ref(Value(cached->second));
  if (is_exact_tuple(value)) {
    TupleObject* t = as_tuple(value);
    for (int64_t i = 0; i < t->length; i++) {
      Ref<> item = merge_constant(new_ref(t->items[i]), nullptr);
      if (!item) return nullptr;
      if (item.value() != t->items[i]) {
        decref(t->items[i]);
        t->items[i] = item.release();
      }
    }
  } else if (value.value().is_object() && value->type == &frozenset_type && as_set(value)->used) {
    Ref<TupleObject> items = tuple_allocate(as_set(value)->used);
    if (!items) return nullptr;
    int64_t pos = 0, i = 0;
    Value item;
    int64_t hash;
    while (set_next(as_set(value), &pos, &item, &hash)) {
      Ref<> merged = merge_constant(new_ref(item), nullptr);
      if (!merged) return nullptr;
      items->items[i++] = merged.release();
    }
    Ref<SetObject> rebuilt = set_from_iterable(&frozenset_type, items.value());
    if (!rebuilt) return nullptr;
    value = std::move(rebuilt);
  }
  const_cache_.emplace(std::move(key), new_ref(Value(value)));
  return std::move(value);
}

int Compiler::add_const(Value value) { return add_const(new_ref(value)); }

int Compiler::add_const(Ref<>&& value) {
  if (!value) {
    raised();
    return -1;
  }
  std::string key;
  value = merge_constant(std::move(value), &key);
  if (!value) {
    raised();
    return -1;
  }
  auto it = u_->const_index.find(key);
  if (it != u_->const_index.end()) return it->second;
  int index = int(u_->consts.size());
  u_->consts.push_back(std::move(value));
  u_->const_index.emplace(std::move(key), index);
  return index;
}

bool Compiler::addop_load_const(Value value) {
  int index = add_const(value);
  if (index < 0) return false;
  addop(Opcode::LOAD_CONST, index);
  return true;
}

bool Compiler::addop_load_const(Ref<>&& value) {
  int index = add_const(std::move(value));
  if (index < 0) return false;
  addop(Opcode::LOAD_CONST, index);
  return true;
}

bool Compiler::addop_load_none() { return addop_load_const(None()); }

bool Compiler::addop_load_str(std::string_view utf8) {
  return addop_load_const(Ref<>(str_from_utf8(utf8)));
}

bool Compiler::addop_load_int(int64_t i) { return addop_load_const(int_from_int64(i)); }

void Compiler::addop_name(Opcode opcode, std::string_view name) {
  addop(opcode, u_->names.add(mangle_name(name)));
}

void Compiler::addop_name_unmangled(Opcode opcode, std::string_view name) {
  addop(opcode, u_->names.add(name));
}

// --- Errors ---------------------------------------------------------------------------

bool Compiler::error(std::string message) {
  error_->kind = CompileError::Kind::SyntaxError;
  error_->style = CompileError::Style::Full;
  error_->message = std::move(message);
  const Location& loc = u_->loc;
  error_->lineno = loc.lineno;
  error_->offset = loc.col_offset + 1;
  error_->end_lineno = loc.end_lineno;
  error_->end_offset = loc.end_col_offset + 1;
  return false;
}

bool Compiler::warn(std::string message) {
  CompileWarningHook hook = compile_warning_hook();
  if (!hook) return true;
  if (hook(&exc::SyntaxWarning, message, filename_, u_->loc.lineno) < 0) {
    // A warning turned into an error becomes a SyntaxError at this location, for a
    // better report (CPython's compiler_warn).
    if (error_matches(&exc::SyntaxWarning)) {
      clear_error();
      return error(std::move(message));
    }
    return raised();
  }
  return true;
}

bool Compiler::raised() {
  error_->kind = CompileError::Kind::Raised;
  return false;
}

bool Compiler::system_error(std::string message) {
  error_->kind = CompileError::Kind::SystemError;
  error_->message = std::move(message);
  return false;
}

// --- Names ----------------------------------------------------------------------------

bool Compiler::forbidden_name(Identifier name, ExprContext ctx) {
  if (name != "__debug__") return false;
  if (ctx == ExprContext::Store) return !error("cannot assign to __debug__");
  if (ctx == ExprContext::Del) return !error("cannot delete __debug__");
  return false;
}

// How a name is loaded, stored or deleted depends on its scope (Language Reference §4.2.2):
// fast locals in functions, cells/free variables through LOAD_DEREF, declared or implicit
// globals in functions through LOAD_GLOBAL, and LOAD_NAME in module and class bodies.
bool Compiler::nameop(Identifier name, ExprContext ctx) {
  if (forbidden_name(name, ctx)) return false;
  std::string mangled = mangle_name(name);
  Scope scope = u_->ste->scope_of(mangled);
  bool function_block = u_->ste->type == BlockType::Function;
  enum { Fast, Global, Deref, Name } kind = Name;
  switch (scope) {
    case Scope::Free:
    case Scope::Cell:
      kind = Deref;
      break;
    case Scope::Local:
      if (function_block) kind = Fast;
      break;
    case Scope::GlobalImplicit:
      if (function_block) kind = Global;
      break;
    case Scope::GlobalExplicit:
      kind = Global;
      break;
    case Scope::None:
      break;
  }
  switch (kind) {
    case Deref: {
      int index = scope == Scope::Cell ? u_->cellvars.index_of(mangled)
                                       : int(u_->cellvars.size()) + u_->freevars.index_of(mangled);
      if (scope == Scope::Free && u_->freevars.index_of(mangled) < 0)
        return system_error("free variable '" + mangled + "' missing from the unit");
      Opcode op = ctx == ExprContext::Load
                      ? (u_->ste->type == BlockType::Class ? Opcode::LOAD_CLASSDEREF
                                                           : Opcode::LOAD_DEREF)
                      : ctx == ExprContext::Store ? Opcode::STORE_DEREF : Opcode::DELETE_DEREF;
      addop(op, index);
      return true;
    }
    case Fast: {
      Opcode op = ctx == ExprContext::Load    ? Opcode::LOAD_FAST
                  : ctx == ExprContext::Store ? Opcode::STORE_FAST
                                              : Opcode::DELETE_FAST;
      addop(op, u_->varnames.add(mangled));
      return true;
    }
    case Global: {
      int index = u_->names.add(mangled);
      if (ctx == ExprContext::Load) addop(Opcode::LOAD_GLOBAL, index << 1);
      else addop(ctx == ExprContext::Store ? Opcode::STORE_GLOBAL : Opcode::DELETE_GLOBAL, index);
      return true;
    }
    case Name: {
      Opcode op = ctx == ExprContext::Load    ? Opcode::LOAD_NAME
                  : ctx == ExprContext::Store ? Opcode::STORE_NAME
                                              : Opcode::DELETE_NAME;
      addop(op, u_->names.add(mangled));
      return true;
    }
  }
  return true;
}

}  // namespace krait::compile
