// The array module: the arrayiterator type (picklable, as CPython's), the
// _array_reconstructor function that pickles of protocol 3 and later call (it reads raw
// bytes in any machine format — other endianness, other item sizes, UTF-16 — into an
// array of a typecode that fits), and the module's attributes.
#include <algorithm>
#include <cstring>
#include <string>

#include "core/alloc.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/array/array_internal.h"
#include "modules/module_def.h"
#include "objects/bytes.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"
#include "runtime/runtime.h"

namespace krait {

namespace {

// --- The iterator ---

struct ArrayIteratorObject : Object {
  ArrayObject* array;  // owned; null once exhausted
  int64_t index;
};

ArrayIteratorObject* as_iterator(Value v) {
  return static_cast<ArrayIteratorObject*>(v.as_object());
}

void iterator_dealloc(Object* o) {
  gc_untrack(o);
  if (ArrayObject* a = as_iterator(o)->array) decref(a);
  free_object(o);
}

void iterator_traverse(Object* o, VisitFn visit, void* arg) {
  if (ArrayObject* a = as_iterator(o)->array) visit(a, arg);
}

void iterator_clear(Object* o) {
  ArrayIteratorObject* it = as_iterator(o);
  if (ArrayObject* a = it->array) {
    it->array = nullptr;
    decref(a);
  }
}

Ref<> iterator_next(Value self) {
  ArrayIteratorObject* it = as_iterator(self);
  ArrayObject* a = it->array;
  if (!a) return nullptr;
  if (it->index < a->length) return array_item(a, it->index++);
  it->array = nullptr;
  decref(a);
  return nullptr;
}

Ref<> iterator_self(Value self) { return new_ref(self); }

// (iter, (array,), index); an exhausted iterator pickles as iter(()).
Ref<> iterator_reduce(Value self, const Value*) {
  ArrayIteratorObject* it = as_iterator(self);
  Value iter = dict_get_utf8(as_dict(runtime().builtins), "iter");
  if (!iter) return error_occurred() ? nullptr : Ref<>(attribute_error("iter"));
  if (!it->array) {
    Ref<> empty = tuple_empty();
    Ref<> arguments = empty ? tuple_of({empty}) : nullptr;
    return arguments ? tuple_of({iter, arguments}) : nullptr;
  }
  Ref<> arguments = tuple_of({Value(it->array)});
  Ref<> index = arguments ? int_from_int64(it->index) : nullptr;
  if (!index) return nullptr;
  return tuple_of({iter, arguments, index});
}

Ref<> iterator_setstate(Value self, const Value* args) {
  ArrayIteratorObject* it = as_iterator(self);
  if (!is_int(args[0])) return type_error("an integer is required");
  int64_t index;
  if (!index_to_int64(args[0], &index)) return nullptr;
  if (it->array) it->index = std::clamp<int64_t>(index, 0, it->array->length);
  return new_none();
}

const MethodDef iterator_methods[] = {
    {.name = "__reduce__",
     .impl = iterator_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__",
     .impl = iterator_setstate,
     .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {},
};

// --- _array_reconstructor ---

// An integer item of a machine format: `size` bytes in either byte order.
Ref<> read_integer(const uint8_t* p, const MachineFormatDescr& format) {
  uint64_t bits = 0;
  for (int i = 0; i < format.size; ++i) {
    int byte = format.big_endian ? i : format.size - 1 - i;
    bits = bits << 8 | p[byte];
  }
  if (format.is_signed && format.size < 8 && (bits >> (format.size * 8 - 1)) & 1) {
    bits |= ~uint64_t{0} << (format.size * 8);  // sign-extend
  }
  return format.is_signed ? int_from_int64(int64_t(bits)) : int_from_uint64(bits);
}

// A float or double in either byte order.
Ref<> read_float(const uint8_t* p, const MachineFormatDescr& format) {
  uint8_t bytes[8];
  std::memcpy(bytes, p, size_t(format.size));
  if (format.big_endian) std::reverse(bytes, bytes + format.size);
  if (format.size == 4) {
    float value;
    std::memcpy(&value, bytes, 4);
    return float_from_double(double(value));
  }
  double value;
  std::memcpy(&value, bytes, 8);
  return float_from_double(value);
}

// The typecode that fits integers of a machine format: the last integer typecode with its
// size and signedness (so 8-byte items become 'q'/'Q').
char32_t integer_typecode(const MachineFormatDescr& format) {
  char32_t typecode = 0;
  for (const ArrayDescr& descr : array_descriptors) {
    if (descr.is_integer && descr.itemsize == format.size && descr.is_signed == format.is_signed) {
      typecode = char32_t(descr.typecode);
    }
  }
  return typecode;
}

Ref<> module_array_reconstructor(Value, const Value* args) {
  Value type_arg = args[0], typecode_arg = args[1], items = args[3];
  if (!is_str(typecode_arg) || as_str(typecode_arg)->length != 1) {
    return type_error("_array_reconstructor() argument 2 must be a unicode character, not {}",
                      argument_type_name(typecode_arg));
  }
  int64_t mformat;
  if (!index_argument(args[2], &mformat)) return nullptr;
  if (mformat < INT32_MIN || mformat > INT32_MAX) {
    return overflow_error("Python int too large to convert to C int");
  }
  if (!is_instance_of(type_arg, &type_type)) {
    return type_error("first argument must be a type object, not {}", type_name(type_arg));
  }
  auto* type = static_cast<TypeObject*>(type_arg.as_object());
  if (!is_subtype(type, &array_type)) {
    return type_error("{} is not a subtype of array.array", type->name);
  }
  char32_t typecode = as_str(typecode_arg)->at(0);
  const ArrayDescr* descr = array_descr_for(typecode);
  if (!descr) return value_error("second argument must be a valid type code");
  if (mformat < 0 || mformat > kMachineFormatMax) {
    return value_error("third argument must be a valid machine format code.");
  }
  if (!is_bytes(items)) {
    return type_error("fourth argument should be bytes, not {}", type_name(items));
  }
  if (mformat == descr->mformat) return array_construct(type, typecode, items);

  const MachineFormatDescr& format = machine_formats[mformat];
  std::string_view data = bytes_view(items);
  if (data.size() % size_t(format.size) != 0) {
    return value_error("string length not a multiple of item size");
  }
  if (mformat >= kUtf16Le) {
    const char* encoding = mformat == kUtf16Le       ? "utf-16-le"
                           : mformat == kUtf16Le + 1 ? "utf-16-be"
                           : mformat == kUtf32Le     ? "utf-32-le"
                                                     : "utf-32-be";
    Ref<> encoding_str = str_from_ascii(encoding);
    Ref<> text = encoding_str ? call_method1(items, ID(decode), encoding_str) : nullptr;
    if (!text) return nullptr;
    return array_construct(type, typecode, text);
  }
  bool floating = mformat >= kFloatLe;
  int64_t count = int64_t(data.size()) / format.size;
  Ref<ListObject> values = list_new(count);
  if (!values) return nullptr;
  const auto* p = reinterpret_cast<const uint8_t*>(data.data());
  for (int64_t i = 0; i < count; ++i, p += format.size) {
    Ref<> value = floating ? read_float(p, format) : read_integer(p, format);
    if (!value) return nullptr;
    list_set_item_steal(values.get(), i, value.release());
  }
  // Integers may land in a typecode of another size; decoded floats and text keep the
  // typecode asked for (and fail as its constructor would).
  return array_construct(type, floating ? typecode : integer_typecode(format), values);
}

const MethodDef array_module_methods[] = {
    {.name = "_array_reconstructor",
     .impl = module_array_reconstructor,
     .signature = "($module, arraytype, typecode, mformat_code, items, /)",
     .doc = "Internal. Used for pickling support."},
    {},
};

// array registers with collections.abc.MutableSequence, as CPython's does.
bool register_mutable_sequence() {
  Ref<> imported = import_module_named("collections.abc");
  if (!imported) return false;
  Value module = dict_get_utf8(as_dict(runtime().modules), "collections.abc");
  if (!module)
    return error_occurred() ? false : bool(runtime_error("collections.abc not imported"));
  Ref<> sequence = get_attr(module, "MutableSequence");
  Ref<> registered =
      sequence ? call_method1(sequence, str_intern_utf8("register"), Value(&array_type)) : nullptr;
  return bool(registered);
}

bool array_exec(ModuleObject* module) {
  if (!module_add_type(module, &array_type) || !type_ready(&array_iterator_type) ||
      !module_add_object(module, "ArrayType", Value(&array_type)) ||
      !module_add_string(module, "typecodes", "bBuhHiIlLqQfd")) {
    return false;
  }
  return register_mutable_sequence();
}

}  // namespace

Ref<> array_iter(Value self) {
  auto* it = allocate<ArrayIteratorObject>(&array_iterator_type);
  if (!it) return nullptr;
  incref(self);
  it->array = as_array(self);
  it->index = 0;
  gc_track(it);
  return Ref<>::steal(Value(it));
}

TypeObject array_iterator_type{TypeSpec{
    .name = "array.arrayiterator",
    .basic_size = sizeof(ArrayIteratorObject),
    .flags = kTypeHaveGC | kTypeDisallowInstantiation,
    .slots = {.dealloc = iterator_dealloc,
              .traverse = iterator_traverse,
              .clear = iterator_clear,
              .getattr = generic_get_attr,
              .iter = iterator_self,
              .iternext = iterator_next},
    .methods = iterator_methods,
}};

extern const ModuleDef module_array = {
    .name = "array",
    .doc =
        "This module defines an object type which can efficiently represent\n"
        "an array of basic values: characters, integers, floating point\n"
        "numbers.  Arrays are sequence types and behave very much like lists,\n"
        "except that the type of objects stored in them is constrained.\n",
    .methods = array_module_methods,
    .exec = array_exec,
};

}  // namespace krait
