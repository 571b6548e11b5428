// TypeObject: a Python type, with C++ function-pointer slots for the hot protocols
// (DESIGN.md §4). Built-in types are declared statically from a TypeSpec; classes
// created by Python code get slots synthesised from their dunder methods (objects/type.cpp,
// objects/slot_wrappers.cpp). The generic operations that dispatch through the slots are
// in core/ops.h.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/object.h"

namespace krait {

struct StrObject;
struct TupleObject;
struct DictObject;
struct DictKeys;
struct Buffer;

enum class CompareOp : uint8_t { Lt, Le, Eq, Ne, Gt, Ge };

// Slot signatures. Conventions (one for the whole code base): a Ref<> result that is null
// means "an exception is set on the current thread"; int results use -1 for the same.
// Any slot may run Python code.
using VisitFn = void (*)(Object* child, void* arg);
using DeallocFn = void (*)(Object*);
using TraverseFn = void (*)(Object*, VisitFn, void* arg);  // visits each owned reference
using ClearFn = void (*)(Object*);                          // drops references (breaks cycles)
using FinalizeFn = void (*)(Object*);                       // __del__ (PEP 442), runs once
using UnaryFn = Ref<> (*)(Value);
using BinaryFn = Ref<> (*)(Value, Value);
using TernaryFn = Ref<> (*)(Value, Value, Value);
using HashFn = int64_t (*)(Value);    // -1 on error
using LengthFn = int64_t (*)(Value);  // -1 on error
using PredicateFn = int (*)(Value);   // 0/1, -1 on error
using CompareFn = Ref<> (*)(Value, Value, CompareOp);
using GetAttrFn = Ref<> (*)(Value, StrObject* name);
using SetAttrFn = int (*)(Value, StrObject* name, Value value);  // null value: delete
using SetItemFn = int (*)(Value, Value key, Value value);        // null value: delete
using ContainsFn = int (*)(Value container, Value item);
using DescrGetFn = Ref<> (*)(Value descriptor, Value instance, Value owner);  // instance may be null
using DescrSetFn = int (*)(Value descriptor, Value instance, Value value);     // null value: delete
// Calls use the vectorcall convention: positional args, then the values of the keyword
// args whose names are in kwnames (null when there are none). No tuple or dict is built.
using CallFn = Ref<> (*)(Value callable, const Value* args, size_t nargs, TupleObject* kwnames);
using NewFn = Ref<> (*)(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames);
using InitFn = int (*)(Value self, const Value* args, size_t nargs, TupleObject* kwnames);
using GetBufferFn = int (*)(Value, Buffer* view, int flags);
using ReleaseBufferFn = void (*)(Value, Buffer* view);

// The slots. Field order is the order of designated initializers in TypeSpecs.
struct TypeSlots {
  // Lifecycle.
  DeallocFn dealloc = nullptr;
  TraverseFn traverse = nullptr;
  ClearFn clear = nullptr;
  FinalizeFn finalize = nullptr;
  NewFn new_instance = nullptr;
  InitFn init = nullptr;
  // Presentation, identity, attributes.
  UnaryFn repr = nullptr;
  UnaryFn str = nullptr;
  HashFn hash = nullptr;
  CompareFn compare = nullptr;
  GetAttrFn getattr = nullptr;
  SetAttrFn setattr = nullptr;
  DescrGetFn descr_get = nullptr;
  DescrSetFn descr_set = nullptr;
  CallFn call = nullptr;
  // Iteration. iternext returns null *without* an exception set when exhausted.
  UnaryFn iter = nullptr;
  UnaryFn iternext = nullptr;
  // Containers (sequence and mapping protocols share these).
  LengthFn length = nullptr;
  BinaryFn getitem = nullptr;
  SetItemFn setitem = nullptr;
  ContainsFn contains = nullptr;
  // Sequence `+`, `*`, `+=`, `*=`: tried after the number slots decline, as CPython's
  // sq_concat/sq_repeat (so `[1] + x` still reaches x.__radd__ first). The count of a
  // repeat is already an int64.
  BinaryFn concat = nullptr;
  Ref<> (*repeat)(Value, int64_t) = nullptr;
  BinaryFn inplace_concat = nullptr;
  Ref<> (*inplace_repeat)(Value, int64_t) = nullptr;
  // Numbers. Binary slots receive the operands in source order, either of which may be
  // the type's instance (CPython's nb_* convention): `3 * [1]` reaches list's multiply.
  BinaryFn add = nullptr;
  BinaryFn subtract = nullptr;
  BinaryFn multiply = nullptr;
  BinaryFn matrix_multiply = nullptr;
  BinaryFn true_divide = nullptr;
  BinaryFn floor_divide = nullptr;
  BinaryFn remainder = nullptr;
  BinaryFn divmod = nullptr;
  TernaryFn power = nullptr;
  BinaryFn lshift = nullptr;
  BinaryFn rshift = nullptr;
  BinaryFn bit_and = nullptr;
  BinaryFn bit_or = nullptr;
  BinaryFn bit_xor = nullptr;
  BinaryFn inplace_add = nullptr;
  BinaryFn inplace_subtract = nullptr;
  BinaryFn inplace_multiply = nullptr;
  BinaryFn inplace_matrix_multiply = nullptr;
  BinaryFn inplace_true_divide = nullptr;
  BinaryFn inplace_floor_divide = nullptr;
  BinaryFn inplace_remainder = nullptr;
  TernaryFn inplace_power = nullptr;
  BinaryFn inplace_lshift = nullptr;
  BinaryFn inplace_rshift = nullptr;
  BinaryFn inplace_bit_and = nullptr;
  BinaryFn inplace_bit_or = nullptr;
  BinaryFn inplace_bit_xor = nullptr;
  UnaryFn negative = nullptr;
  UnaryFn positive = nullptr;
  UnaryFn absolute = nullptr;
  UnaryFn invert = nullptr;
  PredicateFn to_bool = nullptr;
  UnaryFn to_int = nullptr;
  UnaryFn to_float = nullptr;
  UnaryFn to_index = nullptr;
  // Coroutines and async iteration.
  UnaryFn await = nullptr;
  UnaryFn aiter = nullptr;
  UnaryFn anext = nullptr;
  // Buffer protocol.
  GetBufferFn get_buffer = nullptr;
  ReleaseBufferFn release_buffer = nullptr;
};

// Type flags.
enum TypeFlag : uint64_t {
  kTypeHeap = 1u << 0,               // created by a class statement or type(); refcounted
  kTypeBaseType = 1u << 1,           // may be subclassed
  kTypeHaveGC = 1u << 2,             // instances carry a GC header and a traverse slot
  kTypeReady = 1u << 3,
  kTypeReadying = 1u << 4,
  kTypeAbstract = 1u << 5,           // has abstract methods (abc)
  kTypeImmutable = 1u << 6,          // attributes cannot be set on the type
  kTypeDisallowInstantiation = 1u << 7,
  kTypeMethodDescriptor = 1u << 8,   // binds like a function: obj.m() may skip the bound method
  kTypeSequence = 1u << 9,           // for `match` sequence patterns
  kTypeMapping = 1u << 10,           // for `match` mapping patterns
  kTypeValidVersion = 1u << 11,      // version_tag is valid for inline caches
  kTypePreheader = 1u << 12,         // instances have the __dict__/__weakref__ pre-header
  kTypeHasFinalizer = 1u << 13,      // a heap type with __del__
  kTypeObjectLayout = 1u << 14,      // a class whose nearest built-in base is object
  // Fast subclass tests for the common built-ins (CPython's Py_TPFLAGS_*_SUBCLASS).
  kTypeIntSubclass = 1u << 20,
  kTypeListSubclass = 1u << 21,
  kTypeTupleSubclass = 1u << 22,
  kTypeBytesSubclass = 1u << 23,
  kTypeStrSubclass = 1u << 24,
  kTypeDictSubclass = 1u << 25,
  kTypeBaseExceptionSubclass = 1u << 26,
  kTypeTypeSubclass = 1u << 27,
};
constexpr uint64_t kTypeInheritedFlags = kTypeIntSubclass | kTypeListSubclass |
                                         kTypeTupleSubclass | kTypeBytesSubclass |
                                         kTypeStrSubclass | kTypeDictSubclass |
                                         kTypeBaseExceptionSubclass | kTypeTypeSubclass |
                                         kTypeSequence | kTypeMapping;

// Native functions and methods. Each is declared once, with a signature in the syntax of
// CPython's __text_signature__ ("($self, key, default=None, /)"); the argument binder
// (core/args.h) checks and binds arguments from it, so implementations receive exactly one
// Value per declared parameter, in order (null for an omitted parameter declared with the
// default `?`). Raw functions take the vectorcall arguments as they come.
using MethodImpl = Ref<> (*)(Value self, const Value* args);
using RawMethodImpl = Ref<> (*)(Value self, const Value* args, size_t nargs, TupleObject* kwnames);
enum MethodFlag : uint32_t {
  kMethodClass = 1u << 0,   // becomes a classmethod (self is the type)
  kMethodStatic = 1u << 1,  // becomes a staticmethod (self is null)
  // A constructor's signature: a single positional parameter is counted as by
  // _PyArg_CheckPositional ("cycle expected 1 argument, got 0"), not as a METH_O function.
  kMethodConstructor = 1u << 2,
  // The signature only drives the binder: __text_signature__ is None, as for CPython's
  // METH_NOARGS/METH_O functions written without Argument Clinic.
  kMethodNoTextSignature = 1u << 3,
  // A module function CPython declares METH_VARARGS: its "takes no keyword arguments"
  // names it without the module ("reduce()", not "_functools.reduce()").
  kMethodVarargs = 1u << 4,
};
struct Signature;
struct MethodDef {
  const char* name = nullptr;
  MethodImpl impl = nullptr;
  RawMethodImpl raw = nullptr;
  const char* signature = nullptr;
  const char* doc = nullptr;
  uint32_t flags = 0;
  // The parsed signature, made on first call (core/args.cpp).
  mutable Signature* parsed_signature = nullptr;
};

using GetterFn = Ref<> (*)(Value self);
using SetterFn = int (*)(Value self, Value value);  // null value: delete
struct GetSetDef {
  const char* name = nullptr;
  GetterFn get = nullptr;
  SetterFn set = nullptr;
  const char* doc = nullptr;
};

// Plain fields of a native struct exposed as attributes. Computed: an attribute CPython
// declares as a member (a member_descriptor, "readonly attribute" errors) whose value krait
// computes with `get` (and stores with `set` unless readonly), its layout being different.
enum class MemberKind : uint8_t { Object, ObjectOrNone, Int64, Int32, Bool, Double, Computed };
struct MemberDef {
  const char* name = nullptr;
  MemberKind kind = MemberKind::Object;
  size_t offset = 0;
  bool readonly = false;
  const char* doc = nullptr;
  GetterFn get = nullptr;  // Computed only
  SetterFn set = nullptr;  // Computed and writable only
};

// The declaration of a built-in type.
struct TypeSpec {
  const char* name = nullptr;  // tp_name: "int", or "module.Name" for types of a module
  const char* doc = nullptr;
  int64_t basic_size = 0;
  int64_t item_size = 0;
  uint64_t flags = 0;
  TypeObject* base = nullptr;  // null: object
  int64_t dict_offset = 0;
  int64_t weaklist_offset = 0;
  TypeSlots slots = {};
  const MethodDef* methods = nullptr;  // arrays end with an entry whose name is null
  const GetSetDef* getsets = nullptr;
  const MemberDef* members = nullptr;
};

extern TypeObject type_type;
extern TypeObject object_type;

// A type. The object-valued fields are raw pointers, not Refs: static types must be
// constant-initialised and never destroyed; heap types release them in type_dealloc.
struct TypeObject : Object, TypeSlots {
  const char* name;  // for heap types: the UTF-8 of heap_name
  const char* doc;
  int64_t basic_size;
  int64_t item_size;
  uint64_t flags;
  TypeObject* base;
  int64_t dict_offset;      // byte offset of the instance __dict__ pointer; 0: none
  int64_t weaklist_offset;  // byte offset of the weakref list head; 0: not weakrefable
  const MethodDef* methods;
  const GetSetDef* getsets;
  const MemberDef* members;
  Object* bases = nullptr;        // TupleObject
  Object* mro = nullptr;          // TupleObject
  Object* dict = nullptr;         // DictObject, the type's namespace
  Object* subclasses = nullptr;   // DictObject: id -> weakref, created on demand
  uint32_t version_tag = 0;       // changes whenever the type or a base is modified
  // Heap types only.
  Object* heap_name = nullptr;      // StrObject: __name__
  Object* heap_qualname = nullptr;  // StrObject: __qualname__
  Object* heap_slots = nullptr;     // TupleObject: __slots__ names, or null
  Object* heap_module = nullptr;    // module that defined the type (for module state)
  Object* weaklist = nullptr;       // weakrefs to the type itself
  DictKeys* cached_keys = nullptr;  // the keys its instances' split __dict__s share

  constexpr explicit TypeObject(const TypeSpec& spec)
      : Object{kStaticRefcount, &type_type},
        TypeSlots(spec.slots),
        name(spec.name),
        doc(spec.doc),
        basic_size(spec.basic_size),
        item_size(spec.item_size),
        flags(spec.flags),
        base(spec.base),
        dict_offset(spec.dict_offset),
        weaklist_offset(spec.weaklist_offset),
        methods(spec.methods),
        getsets(spec.getsets),
        members(spec.members) {}

  bool has_flag(uint64_t flag) const { return (flags & flag) != 0; }
};

// Fast type tests.
inline bool is_type(Value v, const TypeObject* type) { return type_of(v) == type; }
inline bool type_has_flag(Value v, uint64_t flag) { return type_of(v)->has_flag(flag); }
bool is_subtype(const TypeObject* type, const TypeObject* base);
inline bool is_instance_of(Value v, const TypeObject* type) {
  return type_of(v) == type || is_subtype(type_of(v), type);
}

}  // namespace krait
