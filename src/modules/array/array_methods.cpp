// array.array's named methods (append ... tounicode, copying, pickling through
// array._array_reconstructor, __sizeof__) and its typecode/itemsize attributes, with
// CPython 3.11's arguments and messages.
#include <algorithm>
#include <cstring>
#include <string>

#include "core/names.h"
#include "core/ops.h"
#include "modules/array/array_internal.h"
#include "objects/bytes.h"
#include "objects/bytes_internal.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/slice.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"

namespace krait {

namespace {

ArrayObject* self_array(Value self) { return as_array(self); }

// Removes item i (in range) as del a[i] does.
bool delete_item(ArrayObject* a, int64_t i) { return array_replace(a, i, i + 1, nullptr, 0); }

Ref<> array_append(Value self, const Value* args) {
  ArrayObject* a = self_array(self);
  if (!array_insert_value(a, a->length, args[0])) return nullptr;
  return new_none();
}

Ref<> array_buffer_info(Value self, const Value*) {
  ArrayObject* a = self_array(self);
  Ref<> address = int_from_uint64(reinterpret_cast<uintptr_t>(a->items));
  Ref<> length = address ? int_from_int64(a->length) : nullptr;
  if (!length) return nullptr;
  return tuple_of({address, length});
}

Ref<> array_byteswap(Value self, const Value*) {
  ArrayObject* a = self_array(self);
  int itemsize = a->descr->itemsize;
  for (int64_t i = 0; i < a->length; ++i) {
    char* item = array_at(a, i);
    std::reverse(item, item + itemsize);
  }
  return new_none();
}

Ref<> array_count(Value self, const Value* args) {
  ArrayObject* a = self_array(self);
  int64_t count = 0;
  for (int64_t i = 0; i < a->length; ++i) {
    Ref<> item = array_item(a, i);
    if (!item) return nullptr;
    int equal = rich_compare_bool(item, args[0], CompareOp::Eq);
    if (equal < 0) return nullptr;
    count += equal;
  }
  return int_from_int64(count);
}

Ref<> array_extend_method(Value self, const Value* args) {
  if (!array_extend(self_array(self), args[0])) return nullptr;
  return new_none();
}

Ref<> array_frombytes(Value self, const Value* args) {
  BufferHolder buffer;
  if (!buffer.get(args[0])) return nullptr;
  if (buffer.view().itemsize != 1) return type_error("a bytes-like object is required");
  if (!array_from_bytes(self_array(self), buffer.data())) return nullptr;
  return new_none();
}

Ref<> array_fromfile(Value self, const Value* args) {
  ArrayObject* a = self_array(self);
  int64_t n;
  if (!index_argument(args[1], &n)) return nullptr;
  if (n < 0) return value_error("negative count");
  int itemsize = a->descr->itemsize;
  if (n > INT64_MAX / itemsize) return raise_memory_error();
  int64_t wanted = n * itemsize;
  Ref<> size = int_from_int64(wanted);
  Ref<> data = size ? call_method1(args[0], ID(read), size) : nullptr;
  if (!data) return nullptr;
  if (!is_bytes(data)) return type_error("read() didn't return bytes");
  bool short_read = as_bytes(data)->length != wanted;
  if (!array_from_bytes(a, bytes_view(data))) return nullptr;
  if (short_read) return raise(exc::EOFError, "read() didn't return enough bytes");
  return new_none();
}

Ref<> array_fromlist(Value self, const Value* args) {
  Value list = args[0];
  if (!is_list(list)) return type_error("arg must be list");
  ArrayObject* a = self_array(self);
  int64_t n = as_list(list)->length;
  if (n == 0) return new_none();
  int64_t old_length = a->length;
  if (!array_resize(a, old_length + n)) return nullptr;
  for (int64_t i = 0; i < n; ++i) {
    // Converting an item may run code that changes the list (or the array).
    if (i >= as_list(list)->length || a->length != old_length + n) {
      if (!array_resize(a, old_length)) return nullptr;
      return runtime_error("list changed size during iteration");
    }
    Ref<> item = new_ref(as_list(list)->items[i]);
    char packed[kMaxItemSize];
    if (!a->descr->pack(item, packed)) {
      // Undo the growth, keeping the conversion's error.
      Ref<> error = fetch_error();
      if (a->length == old_length + n && !array_resize(a, old_length)) clear_error();
      restore_error(std::move(error));
      return nullptr;
    }
    std::memcpy(array_at(a, old_length + i), packed, size_t(a->descr->itemsize));
  }
  return new_none();
}

Ref<> array_fromunicode(Value self, const Value* args) {
  if (!is_str(args[0])) {
    return type_error("fromunicode() argument must be str, not {}", argument_type_name(args[0]));
  }
  ArrayObject* a = self_array(self);
  if (a->descr->typecode != 'u') {
    return value_error("fromunicode() may only be called on unicode type arrays");
  }
  if (!array_from_str(a, args[0])) return nullptr;
  return new_none();
}

Ref<> array_index(Value self, const Value* args) {
  ArrayObject* a = self_array(self);
  int64_t start = 0, stop = INT64_MAX;
  if (args[1] && !slice_index_not_none(args[1], &start)) return nullptr;
  if (args[2] && !slice_index_not_none(args[2], &stop)) return nullptr;
  if (start < 0) start = std::max<int64_t>(start + a->length, 0);
  if (stop < 0) stop = std::max<int64_t>(stop + a->length, 0);
  int64_t found = array_find(a, args[0], start, stop);
  if (found == -2) return nullptr;
  if (found < 0) return value_error("array.index(x): x not in array");
  return int_from_int64(found);
}

Ref<> array_insert(Value self, const Value* args) {
  int64_t where;
  if (!index_argument(args[0], &where)) return nullptr;
  ArrayObject* a = self_array(self);
  if (where < 0) where = std::max<int64_t>(where + a->length, 0);
  if (!array_insert_value(a, std::min(where, a->length), args[1])) return nullptr;
  return new_none();
}

Ref<> array_pop(Value self, const Value* args) {
  int64_t i;
  if (!index_argument(args[0], &i)) return nullptr;
  ArrayObject* a = self_array(self);
  if (a->length == 0) return index_error("pop from empty array");
  if (i < 0) i += a->length;
  if (i < 0 || i >= a->length) return index_error("pop index out of range");
  Ref<> item = array_item(a, i);
  if (!item || !delete_item(a, i)) return nullptr;
  return item;
}

Ref<> array_remove(Value self, const Value* args) {
  ArrayObject* a = self_array(self);
  int64_t found = array_find(a, args[0], 0, INT64_MAX);
  if (found == -2) return nullptr;
  if (found < 0) return value_error("array.remove(x): x not in array");
  if (!delete_item(a, found)) return nullptr;
  return new_none();
}

Ref<> array_reverse(Value self, const Value*) {
  ArrayObject* a = self_array(self);
  int itemsize = a->descr->itemsize;
  char swap[kMaxItemSize];
  for (int64_t low = 0, high = a->length - 1; low < high; ++low, --high) {
    std::memcpy(swap, array_at(a, low), size_t(itemsize));
    std::memcpy(array_at(a, low), array_at(a, high), size_t(itemsize));
    std::memcpy(array_at(a, high), swap, size_t(itemsize));
  }
  return new_none();
}

Ref<> bytes_of(ArrayObject* a) {
  return bytes_from(
      std::string_view(a->items ? a->items : "", size_t(a->length * a->descr->itemsize)));
}

Ref<> array_tobytes(Value self, const Value*) { return bytes_of(self_array(self)); }

// Written in blocks of 64 KiB, as CPython does, so a file object sees the same calls.
Ref<> array_tofile(Value self, const Value* args) {
  constexpr int64_t kBlockSize = 64 * 1024;
  ArrayObject* a = self_array(self);
  for (int64_t offset = 0;; offset += kBlockSize) {
    int64_t total = a->length * a->descr->itemsize;  // the file's write() may resize a
    if (offset >= total) break;
    int64_t size = std::min(kBlockSize, total - offset);
    Ref<> block = bytes_from(std::string_view(a->items + offset, size_t(size)));
    Ref<> written = block ? call_method1(args[0], ID(write), block) : nullptr;
    if (!written) return nullptr;
  }
  return new_none();
}

Ref<> array_tolist(Value self, const Value*) { return array_to_list(self_array(self)); }

Ref<> array_tounicode(Value self, const Value*) {
  ArrayObject* a = self_array(self);
  if (a->descr->typecode != 'u') {
    return value_error("tounicode() may only be called on unicode type arrays");
  }
  return array_to_str(a);
}

Ref<> array_copy(Value self, const Value*) {
  ArrayObject* a = self_array(self);
  return array_slice(a, 0, a->length);
}

// The module's _array_reconstructor, which pickles made with protocol 3 and later call.
Ref<> reconstructor() {
  Ref<> module = import_module_named("array");
  return module ? get_attr(module, "_array_reconstructor") : nullptr;
}

// Before protocol 3: (type, (typecode, list), __dict__); from 3 on, the raw bytes with
// their machine format: (_array_reconstructor, (type, typecode, mformat, bytes), __dict__).
Ref<> array_reduce_ex(Value self, const Value* args) {
  ArrayObject* a = self_array(self);
  if (!is_int(args[0])) return type_error("__reduce_ex__ argument should be an integer");
  int64_t protocol;
  if (!int_as_int64(args[0], &protocol)) return nullptr;
  Ref<> dict;
  if (get_attr_optional(self, ID(__dict__), &dict) < 0) return nullptr;
  if (!dict) dict = new_none();
  char typecode_char = a->descr->typecode;
  Ref<> typecode = str_from_ascii(std::string_view(&typecode_char, 1));
  if (!typecode) return nullptr;
  Value type = Value(type_of(self));
  if (protocol < 3) {
    Ref<> list = array_to_list(a);
    Ref<> arguments = list ? tuple_of({typecode, list}) : nullptr;
    if (!arguments) return nullptr;
    return tuple_of({type, arguments, dict});
  }
  Ref<> function = reconstructor();
  Ref<> bytes = function ? bytes_of(a) : nullptr;
  Ref<> arguments =
      bytes ? tuple_of({type, typecode, Value::small_int(a->descr->mformat), bytes}) : nullptr;
  if (!arguments) return nullptr;
  return tuple_of({function, arguments, dict});
}

Ref<> array_sizeof(Value self, const Value*) {
  ArrayObject* a = self_array(self);
  return int_from_int64(type_of(self)->basic_size + a->allocated * a->descr->itemsize);
}

Ref<> get_typecode(Value self) {
  char typecode = self_array(self)->descr->typecode;
  return str_from_ascii(std::string_view(&typecode, 1));
}

Ref<> get_itemsize(Value self) { return int_from_small(self_array(self)->descr->itemsize); }

}  // namespace

const MethodDef array_methods[] = {
    {.name = "append",
     .impl = array_append,
     .signature = "($self, v, /)",
     .doc = "Append new value v to the end of the array."},
    {.name = "buffer_info",
     .impl = array_buffer_info,
     .signature = "($self, /)",
     .doc = "Return a tuple (address, length) giving the current memory address and the length "
            "in items of the buffer used to hold array's contents.\n\n"
            "The length should be multiplied by the itemsize attribute to calculate\n"
            "the buffer length in bytes."},
    {.name = "byteswap",
     .impl = array_byteswap,
     .signature = "($self, /)",
     .doc = "Byteswap all items of the array.\n\n"
            "If the items in the array are not 1, 2, 4, or 8 bytes in size, RuntimeError is\n"
            "raised."},
    {.name = "count",
     .impl = array_count,
     .signature = "($self, v, /)",
     .doc = "Return number of occurrences of v in the array."},
    {.name = "extend",
     .impl = array_extend_method,
     .signature = "($self, bb, /)",
     .doc = "Append items to the end of the array."},
    {.name = "frombytes",
     .impl = memory_guarded<array_frombytes>,
     .signature = "($self, buffer, /)",
     .doc = "Appends items from the string, interpreting it as an array of machine values, as if "
            "it had been read from a file using the fromfile() method."},
    {.name = "fromfile",
     .impl = array_fromfile,
     .signature = "($self, f, n, /)",
     .doc = "Read n objects from the file object f and append them to the end of the array."},
    {.name = "fromlist",
     .impl = array_fromlist,
     .signature = "($self, list, /)",
     .doc = "Append items to array from list."},
    {.name = "fromunicode",
     .impl = array_fromunicode,
     .signature = "($self, ustr, /)",
     .doc = "Extends this array with data from the unicode string ustr.\n\n"
            "The array must be a unicode type array; otherwise a ValueError is raised.\n"
            "Use array.frombytes(ustr.encode(...)) to append Unicode data to an array of\n"
            "some other type."},
    {.name = "index",
     .impl = array_index,
     .signature = "($self, v, start=?, stop=?, /)",
     .doc = "Return index of first occurrence of v in the array.\n\n"
            "Raise ValueError if the value is not present."},
    {.name = "insert",
     .impl = array_insert,
     .signature = "($self, i, v, /)",
     .doc = "Insert a new item v into the array before position i."},
    {.name = "pop",
     .impl = array_pop,
     .signature = "($self, i=-1, /)",
     .doc = "Return the i-th element and delete it from the array.\n\n"
            "i defaults to -1."},
    {.name = "remove",
     .impl = array_remove,
     .signature = "($self, v, /)",
     .doc = "Remove the first occurrence of v in the array."},
    {.name = "reverse",
     .impl = array_reverse,
     .signature = "($self, /)",
     .doc = "Reverse the order of the items in the array."},
    {.name = "tobytes",
     .impl = memory_guarded<array_tobytes>,
     .signature = "($self, /)",
     .doc = "Convert the array to an array of machine values and return the bytes representation."},
    {.name = "tofile",
     .impl = array_tofile,
     .signature = "($self, f, /)",
     .doc = "Write all items (as machine values) to the file object f."},
    {.name = "tolist",
     .impl = array_tolist,
     .signature = "($self, /)",
     .doc = "Convert array to an ordinary list with the same items."},
    {.name = "tounicode",
     .impl = array_tounicode,
     .signature = "($self, /)",
     .doc = "Convert the array to a unicode string.\n\n"
            "The array must be a unicode type array;\n"
            "otherwise a ValueError is raised.  Use array.tobytes().decode() to obtain a\n"
            "unicode string from an array of some other type."},
    {.name = "__copy__",
     .impl = array_copy,
     .signature = "($self, /)",
     .doc = "Return a copy of the array."},
    {.name = "__deepcopy__",
     .impl = array_copy,
     .signature = "($self, unused, /)",
     .doc = "Return a copy of the array."},
    {.name = "__reduce_ex__",
     .impl = array_reduce_ex,
     .signature = "($self, value, /)",
     .doc = "Return state information for pickling."},
    {.name = "__sizeof__",
     .impl = array_sizeof,
     .signature = "($self, /)",
     .doc = "Size of the array in memory, in bytes."},
    {},
};

const GetSetDef array_getsets[] = {
    {.name = "typecode",
     .get = get_typecode,
     .doc = "the typecode character used to create the array"},
    {.name = "itemsize", .get = get_itemsize, .doc = "the size, in bytes, of one array item"},
    {},
};

}  // namespace krait
