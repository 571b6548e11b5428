// The _io module object: open(), open_code(), text_encoding() and the class exports.
#include <unistd.h>

#include "core/args.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/_io/io.h"
#include "modules/module_def.h"
#include "objects/bytes.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/runtime.h"

namespace krait {

void set_unsupported_operation_type(TypeObject* type);

Ref<> io_open(Value file, Value mode_value, Value buffering_value, Value encoding, Value errors, Value newline,
              Value closefd, Value opener) {
  if (!is_int(file) && !is_str(file) && !is_bytes(file) && !lookup_special(file, str_intern_utf8("__fspath__"))) {
    if (error_occurred()) return nullptr;
    return type_error("invalid file: {}", repr_for_message(file));
  }
  if (!is_str(mode_value)) return type_error("open() argument 'mode' must be str, not {}", type_name(mode_value));
  if (!is_none(encoding) && !is_str(encoding)) {
    return type_error("open() argument 'encoding' must be str or None, not {}", type_name(encoding));
  }
  if (!is_none(errors) && !is_str(errors)) {
    return type_error("open() argument 'errors' must be str or None, not {}", type_name(errors));
  }
  if (!is_none(newline) && !is_str(newline)) {
    return type_error("open() argument 'newline' must be str or None, not {}", type_name(newline));
  }
  int64_t buffering;
  if (!int_as_int64(buffering_value, &buffering)) return nullptr;
  std::string_view mode = str_utf8(mode_value);
  bool creating = false, reading = false, writing = false, appending = false, updating = false, text = false,
       binary = false;
  std::string seen;
  for (char c : mode) {
    if (std::string_view("rwxa+tb").find(c) == std::string_view::npos || seen.find(c) != std::string::npos) {
      return value_error("invalid mode: '{}'", std::string(mode));
    }
    seen += c;
    switch (c) {
      case 'x': creating = true; break;
      case 'r': reading = true; break;
      case 'w': writing = true; break;
      case 'a': appending = true; break;
      case '+': updating = true; break;
      case 't': text = true; break;
      case 'b': binary = true; break;
    }
  }
  std::string raw_mode;
  if (creating) raw_mode += 'x';
  if (reading) raw_mode += 'r';
  if (writing) raw_mode += 'w';
  if (appending) raw_mode += 'a';
  if (updating) raw_mode += '+';
  if (text && binary) return value_error("can't have text and binary mode at once");
  if (int(creating) + int(reading) + int(writing) + int(appending) > 1) {
    return value_error("must have exactly one of create/read/write/append mode");
  }
  if (!creating && !reading && !writing && !appending) {
    return value_error("Must have exactly one of create/read/write/append mode and at most one plus");
  }
  if (binary && !is_none(encoding)) return value_error("binary mode doesn't take an encoding argument");
  if (binary && !is_none(errors)) return value_error("binary mode doesn't take an errors argument");
  if (binary && !is_none(newline)) return value_error("binary mode doesn't take a newline argument");
  if (binary && buffering == 1) {
    if (warn(exc::RuntimeWarning,
             "line buffering (buffering=1) isn't supported in binary mode, the default buffer size will be used",
             1) < 0) {
      return nullptr;
    }
  }
  Ref<> raw_mode_str = str_from_ascii(raw_mode);
  if (!raw_mode_str) return nullptr;
  Value raw_args[4] = {file, raw_mode_str.value(), closefd, opener};
  Ref<> raw = call(Value(&fileio_type), raw_args, 4);
  if (!raw) return nullptr;
  Ref<> result = new_ref(raw.value());
  auto fail = [&]() -> Ref<> {
    Ref<> error = fetch_error();
    Ref<> closed = call_method0(result, ID(close));
    if (!closed) clear_error();
    restore_error(std::move(error));
    return nullptr;
  };
  bool line_buffering = false;
  if (buffering == 1 || buffering < 0) {
    Ref<> tty = call_method0(raw, str_intern_utf8("isatty"));
    if (!tty) return fail();
    if (buffering == 1 || tty.value() == True()) {
      if (buffering == 1 || !binary) line_buffering = true;
    }
  }
  if (buffering == 1 || buffering < 0) {
    buffering = kDefaultBufferSize;
    Ref<> blksize;
    if (get_attr_optional(raw, str_intern_utf8("_blksize"), &blksize) < 0) return fail();
    int64_t size;
    if (blksize && is_int(blksize) && int_to_int64(blksize, &size) && size > 1) buffering = size;
  }
  if (buffering < 0) return value_error("invalid buffering size");
  if (buffering == 0) {
    if (binary) return result;
    value_error("can't have unbuffered text I/O");
    return fail();
  }
  TypeObject* buffered_type = updating ? &bufferedrandom_type
                              : (creating || writing || appending) ? &bufferedwriter_type
                                                                   : &bufferedreader_type;
  Value buffered_args[2] = {raw.value(), Value::small_int(buffering)};
  Ref<> buffered = call(Value(buffered_type), buffered_args, 2);
  if (!buffered) return fail();
  result = new_ref(buffered.value());
  if (binary) return result;
  Value text_args[5] = {buffered.value(), encoding, errors, newline, bool_value(line_buffering)};
  Ref<> wrapper = call(Value(&textiowrapper_type), text_args, 5);
  if (!wrapper) return fail();
  result = new_ref(wrapper.value());
  if (!set_attr(wrapper, ID(mode), mode_value)) return fail();
  return result;
}

namespace {

Ref<> io_open_function(Value, const Value* args) {
  return io_open(args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7]);
}

Ref<> io_open_code(Value, const Value* args) {
  if (!is_str(args[0])) return type_error("open_code() argument 'path' must be str, not {}", type_name(args[0]));
  Ref<> mode = str_from_ascii("rb");
  if (!mode) return nullptr;
  return io_open(args[0], mode, Value::small_int(-1), None(), None(), None(), True(), None());
}

// text_encoding(encoding, stacklevel=2): PEP 597's EncodingWarning for a missing encoding
// when -X warn_default_encoding asks for it.
Ref<> io_text_encoding(Value, const Value* args) {
  if (!is_none(args[0])) return new_ref(args[0]);
  if (runtime().config.warn_default_encoding) {
    int64_t stack_level = 2;
    if (args[1] && !index_to_int64(args[1], &stack_level)) return nullptr;
    if (warn(exc::EncodingWarning, "'encoding' argument not specified", int(stack_level)) < 0) return nullptr;
  }
  return str_from_ascii(runtime().config.utf8_mode ? "utf-8" : "locale");
}

const MethodDef io_methods[] = {
    {.name = "open", .impl = io_open_function,
     .signature = "($module, /, file, mode='r', buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None)",
     .doc = "Open file and return a stream.  Raise OSError upon failure."},
    {.name = "open_code", .impl = io_open_code, .signature = "($module, /, path)",
     .doc = "Opens the provided file with the intent to import the contents."},
    {.name = "text_encoding", .impl = io_text_encoding, .signature = "($module, encoding, stacklevel=2, /)",
     .doc = "A helper function to choose the text encoding."},
    {},
};

bool io_exec(ModuleObject* module) {
  // UnsupportedOperation(OSError, ValueError), a class like those io.py would define.
  if (!unsupported_operation_type()) {
    Ref<> name = str_from_ascii("UnsupportedOperation");
    Ref<TupleObject> bases = tuple_of({Value(&exc::OSError), Value(&exc::ValueError)});
    Ref<DictObject> ns = dict_new();
    Ref<> module_name = str_from_ascii("io");
    if (!name || !bases || !ns || !module_name || !dict_set_str(ns.get(), "__module__", module_name)) return false;
    Value args[3] = {name.value(), bases.value(), ns.value()};
    Ref<> type = call(Value(&type_type), args, 3);
    if (!type) return false;
    set_unsupported_operation_type(static_cast<TypeObject*>(type.release_object()));
  }
  for (TypeObject* type : {&iobase_type, &rawiobase_type, &bufferediobase_type, &textiobase_type, &fileio_type,
                           &bytesio_type, &stringio_type, &bufferedreader_type, &bufferedwriter_type,
                           &bufferedrandom_type, &bufferedrwpair_type, &textiowrapper_type,
                           &incrementalnewlinedecoder_type}) {
    if (!module_add_type(module, type)) return false;
  }
  return module_add_int(module, "DEFAULT_BUFFER_SIZE", kDefaultBufferSize) &&
         module_add_object(module, "UnsupportedOperation", Value(unsupported_operation_type())) &&
         module_add_object(module, "BlockingIOError", Value(&exc::BlockingIOError));
}

}  // namespace

extern const ModuleDef module__io = {
    .name = "_io",
    .doc = "The io module provides the Python interfaces to stream handling. The\n"
           "builtin open function is defined in this module.",
    .methods = io_methods,
    .exec = io_exec,
};

}  // namespace krait
