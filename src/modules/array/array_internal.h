// The array module's shared internals: the item descriptors (one per typecode: size,
// signedness, buffer format, machine format code, and the conversions between Python
// values and raw items), the ArrayObject layout and the storage operations the type's
// methods and the module's _array_reconstructor share.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/type.h"

namespace krait {

// CPython's machine format codes (arraymodule.c), used by pickles: an array is pickled
// as raw bytes plus the code saying how to read them.
enum MachineFormat : int {
  kUnknownFormat = -1,
  kUnsignedInt8 = 0,
  kSignedInt8 = 1,
  kUnsignedInt16Le = 2,
  kSignedInt16Le = 4,
  kUnsignedInt32Le = 6,
  kSignedInt32Le = 8,
  kUnsignedInt64Le = 10,
  kSignedInt64Le = 12,
  kFloatLe = 14,
  kDoubleLe = 16,
  kUtf16Le = 18,
  kUtf32Le = 20,
  kMachineFormatMax = 21,  // UTF32_BE; big-endian codes are the little-endian ones + 1
};

struct ArrayDescr {
  char typecode;
  int itemsize;
  bool is_integer;
  bool is_signed;
  int mformat;         // this typecode's machine format on this host
  const char* format;  // buffer-protocol format
  // The Python value of the item stored at p.
  Ref<> (*get)(const char* p);
  // Converts v to an item and writes its itemsize bytes to out; false with the error
  // CPython raises for the value (TypeError, OverflowError with its exact wording).
  bool (*pack)(Value v, char* out);
};

// In typecode order "bBuhHiIlLqQfd", as array.typecodes lists them.
constexpr int kArrayDescriptorCount = 13;
extern const ArrayDescr array_descriptors[kArrayDescriptorCount];
const ArrayDescr* array_descr_for(char32_t typecode);  // null for a bad typecode

// The largest item, for stack buffers that hold one packed item.
constexpr int kMaxItemSize = 8;

struct ArrayObject : Object {
  char* items;        // malloc'd; null when nothing is allocated
  int64_t length;     // in items
  int64_t allocated;  // in items
  const ArrayDescr* descr;
  int64_t exports;  // live buffer exports: resizing is refused while > 0
  Object* weakreflist;
};

extern TypeObject array_type;
extern TypeObject array_iterator_type;

inline bool is_array(Value v) { return v.is_object() && is_instance_of(v, &array_type); }
inline ArrayObject* as_array(Value v) { return static_cast<ArrayObject*>(v.as_object()); }

// A new array of `type` (array.array or a subclass) with `length` uninitialised items.
Ref<ArrayObject> array_allocate(TypeObject* type, const ArrayDescr* descr, int64_t length);
// array(typecode, initializer) once the typecode character is known: CPython's array_new
// after argument parsing (initializer may be null).
Ref<> array_construct(TypeObject* type, char32_t typecode, Value initializer);

// --- Storage (array_object.cpp) ---
inline char* array_at(ArrayObject* a, int64_t i) { return a->items + i * a->descr->itemsize; }
// Sets the length, growing or shrinking the allocation with CPython's policy (so that
// __sizeof__ agrees); BufferError while buffers are exported and the length changes.
bool array_resize(ArrayObject* a, int64_t length);
// Replaces items [low, high) with n packed items from `data` (which must not point into
// a's storage); refuses up front when the length would change while exported.
bool array_replace(ArrayObject* a, int64_t low, int64_t high, const char* data, int64_t n);
Ref<> array_item(ArrayObject* a, int64_t i);  // i in range
// A new array.array (never a subclass) holding items [low, high).
Ref<ArrayObject> array_slice(ArrayObject* a, int64_t low, int64_t high);
// Converts v and inserts it before item `where` (already clipped to [0, length]).
bool array_insert_value(ArrayObject* a, int64_t where, Value v);
// extend(): another array of the same typecode, or any iterable appended item by item.
bool array_extend(ArrayObject* a, Value source);
bool array_from_bytes(ArrayObject* a, std::string_view bytes);  // whole items only
bool array_from_str(ArrayObject* a, Value str);                 // 'u' arrays
Ref<> array_to_list(ArrayObject* a);
Ref<> array_to_str(ArrayObject* a);  // 'u' arrays: ValueError for invalid code points
// The first i in [start, stop) whose item equals v: -1 when none, -2 on error.
int64_t array_find(ArrayObject* a, Value v, int64_t start, int64_t stop);

// --- Methods (array_methods.cpp) and the iterator (array_module.cpp) ---
extern const MethodDef array_methods[];
extern const GetSetDef array_getsets[];
Ref<> array_iter(Value self);

// The machine format table, for _array_reconstructor.
struct MachineFormatDescr {
  int size;
  bool is_signed;
  bool big_endian;
};
extern const MachineFormatDescr machine_formats[kMachineFormatMax + 1];

}  // namespace krait
