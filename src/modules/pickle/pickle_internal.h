// Shared declarations of the _pickle module: the opcodes, the module-wide state (the
// exception classes and the copyreg / _compat_pickle tables that CPython's _pickle also
// caches when it is imported), interned names, and the types each file defines.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "core/type.h"

namespace krait {

struct StrObject;

namespace pickle {

// Pickle opcodes (pickletools documents each).
enum Opcode : uint8_t {
  kMark = '(',
  kStop = '.',
  kPop = '0',
  kPopMark = '1',
  kDup = '2',
  kFloat = 'F',
  kInt = 'I',
  kBinInt = 'J',
  kBinInt1 = 'K',
  kLong = 'L',
  kBinInt2 = 'M',
  kNone = 'N',
  kPersId = 'P',
  kBinPersId = 'Q',
  kReduce = 'R',
  kString = 'S',
  kBinString = 'T',
  kShortBinString = 'U',
  kUnicode = 'V',
  kBinUnicode = 'X',
  kAppend = 'a',
  kBuild = 'b',
  kGlobal = 'c',
  kDict = 'd',
  kEmptyDict = '}',
  kAppends = 'e',
  kGet = 'g',
  kBinGet = 'h',
  kInst = 'i',
  kLongBinGet = 'j',
  kList = 'l',
  kEmptyList = ']',
  kObj = 'o',
  kPut = 'p',
  kBinPut = 'q',
  kLongBinPut = 'r',
  kSetItem = 's',
  kTuple = 't',
  kEmptyTuple = ')',
  kSetItems = 'u',
  kBinFloat = 'G',
  // Protocol 2.
  kProto = 0x80,
  kNewObj = 0x81,
  kExt1 = 0x82,
  kExt2 = 0x83,
  kExt4 = 0x84,
  kTuple1 = 0x85,
  kTuple2 = 0x86,
  kTuple3 = 0x87,
  kNewTrue = 0x88,
  kNewFalse = 0x89,
  kLong1 = 0x8a,
  kLong4 = 0x8b,
  // Protocol 3.
  kBinBytes = 'B',
  kShortBinBytes = 'C',
  // Protocol 4.
  kShortBinUnicode = 0x8c,
  kBinUnicode8 = 0x8d,
  kBinBytes8 = 0x8e,
  kEmptySet = 0x8f,
  kAddItems = 0x90,
  kFrozenSet = 0x91,
  kNewObjEx = 0x92,
  kStackGlobal = 0x93,
  kMemoize = 0x94,
  kFrame = 0x95,
  // Protocol 5.
  kByteArray8 = 0x96,
  kNextBuffer = 0x97,
  kReadOnlyBuffer = 0x98,
};

constexpr int kHighestProtocol = 5;
constexpr int kDefaultProtocol = 4;
constexpr int64_t kBatchSize = 1000;
constexpr int64_t kFrameSizeTarget = 64 * 1024;
constexpr int64_t kFrameSizeMin = 4;
constexpr int64_t kFrameHeaderSize = 9;

// What CPython's _pickle keeps in its module state; refreshed each time the module is
// executed (the last created module wins, as with CPython's global state lookup).
struct State {
  Value pickle_error;
  Value pickling_error;
  Value unpickling_error;
  Value dispatch_table;       // copyreg.dispatch_table
  Value extension_registry;   // copyreg._extension_registry
  Value inverted_registry;    // copyreg._inverted_registry
  Value extension_cache;      // copyreg._extension_cache
  Value name_mapping_2to3;    // _compat_pickle.NAME_MAPPING
  Value import_mapping_2to3;  // _compat_pickle.IMPORT_MAPPING
  Value name_mapping_3to2;    // _compat_pickle.REVERSE_NAME_MAPPING
  Value import_mapping_3to2;  // _compat_pickle.REVERSE_IMPORT_MAPPING
  Value codecs_encode;
  Value getattr;
  Value partial;
};
State& state();

// Interned attribute names used on hot paths.
struct Names {
  StrObject* reduce_ex;
  StrObject* reduce;
  StrObject* qualname;
  StrObject* name;
  StrObject* module;
  StrObject* newobj;
  StrObject* newobj_ex;
  StrObject* new_;
  StrObject* persistent_id;
  StrObject* persistent_load;
  StrObject* dispatch_table;
  StrObject* reducer_override;
  StrObject* find_class;
  StrObject* write;
  StrObject* read;
  StrObject* readline;
  StrObject* readinto;
  StrObject* peek;
  StrObject* extend;
  StrObject* append;
  StrObject* add;
  StrObject* items;
  StrObject* setstate;
  StrObject* getinitargs;
  StrObject* dict;
  StrObject* latin1;
  StrObject* main;
  StrObject* locals;
};
const Names& names();

// PicklingError / UnpicklingError with a formatted message.
template <class... Args>
Raised pickling_error(std::string_view fmt, const Args&... args) {
  return raise(*reinterpret_cast<TypeObject*>(state().pickling_error.as_object()), fmt, args...);
}
template <class... Args>
Raised unpickling_error(std::string_view fmt, const Args&... args) {
  return raise(*reinterpret_cast<TypeObject*>(state().unpickling_error.as_object()), fmt, args...);
}

// A persistent_id / persistent_load hook as CPython keeps it: a method bound to the
// pickler itself is stored unbound (function + borrowed self) so it makes no cycle.
struct MethodRef {
  Value function;  // owned; null: none
  Value self;      // borrowed; null unless function is to be called with it first
};
// Looks up `name` on obj and stores it in *ref (absent: left empty). False on error.
bool method_ref_init(Value obj, StrObject* name, MethodRef* ref);
Ref<> method_ref_call(const MethodRef& ref, Value arg);
Ref<> method_ref_get(const MethodRef& ref, const char* name);  // the attribute's value
void method_ref_clear(MethodRef* ref);

// Splits a dotted name; AttributeError for "<locals>" parts, worded for `obj` (null: the
// pickler's "Can't pickle local object").
Ref<> dotted_path(Value obj, Value name);
// getattr along the path; null without an exception when an attribute is missing.
Ref<> deep_attribute(Value obj, Value path, Ref<>* parent);
// PyImport_Import: the module named by the str `name`.
Ref<> import_module(Value name);

extern TypeObject pickler_type;
extern TypeObject pickler_memo_proxy_type;
extern TypeObject unpickler_type;
extern TypeObject unpickler_memo_proxy_type;
extern TypeObject picklebuffer_type;
// Whether a PickleBuffer's memory is contiguous (only such buffers can be pickled).
bool picklebuffer_is_contiguous(Value buffer);

// The module-level functions.
Ref<> module_dump(Value, const Value* args);
Ref<> module_dumps(Value, const Value* args);
Ref<> module_load(Value, const Value* args);
Ref<> module_loads(Value, const Value* args);

}  // namespace pickle
}  // namespace krait
