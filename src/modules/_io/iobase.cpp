// _IOBase, _RawIOBase, _BufferedIOBase and _TextIOBase: the abstract layers with their
// default method implementations (readline over read/peek, readall over read, iteration,
// context management, closing with flush).
#include "modules/_io/io.h"

#include <cstring>

#include "core/alloc.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/bytes.h"
#include "objects/exceptions.h"
#include "objects/tuple.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/runtime.h"

namespace krait {

namespace {

TypeObject* unsupported_type = nullptr;  // made by the module's exec

StrObject* closed_flag_name() { return str_intern_utf8("__IOBase_closed"); }

}  // namespace

TypeObject* unsupported_operation_type() { return unsupported_type; }
void set_unsupported_operation_type(TypeObject* type) { unsupported_type = type; }

Raised raise_unsupported(std::string_view message) {
  return raise_message(unsupported_type ? unsupported_type : &exc::OSError, message);
}

Raised raise_closed_file() { return value_error("I/O operation on closed file."); }

void io_dealloc_fields(Object* o) {
  auto* io = static_cast<IOObject*>(o);
  if (io->weakreflist) clear_weakrefs(o);
  if (io->dict) {
    Object* dict = io->dict;
    io->dict = nullptr;
    decref(dict);
  }
}

void io_traverse_fields(Object* o, VisitFn visit, void* arg) {
  auto* io = static_cast<IOObject*>(o);
  if (io->dict) visit(io->dict, arg);
}

bool io_size_argument(Value v, int64_t* out) {
  if (!v || is_none(v)) {
    *out = -1;
    return true;
  }
  if (!is_int(v) && !type_of(v)->to_index) {
    return type_error("argument should be integer or None, not '{}'", type_name(v));
  }
  return index_to_int64(v, out, &exc::OverflowError);
}

int io_is_closed(Value self) {
  Ref<> closed = get_attr(self, ID(closed));
  if (!closed) return -1;
  return is_true(closed);
}

bool iobase_is_marked_closed(Value self) {
  Object** dict = instance_dict_slot(self);
  if (!dict || !*dict) return false;
  Value v = dict_get_str(static_cast<DictObject*>(*dict), closed_flag_name());
  return v && is_true(v) > 0;
}

bool iobase_mark_closed(Value self) { return set_attr(self, closed_flag_name(), True()); }

namespace {

bool check_closed(Value self) {
  int closed = io_is_closed(self);
  if (closed < 0) return false;
  if (closed) return raise_closed_file();
  return true;
}

// --- _IOBase methods ---

Ref<> iobase_seek(Value self, const Value* args) { return raise_unsupported("seek"); }
Ref<> iobase_tell(Value self, const Value* args) {
  Ref<> seek = get_attr(self, "seek");
  if (!seek) return nullptr;
  return call2(seek, Value::small_int(0), Value::small_int(1));
}
Ref<> iobase_truncate(Value self, const Value* args) { return raise_unsupported("truncate"); }
Ref<> iobase_fileno(Value self, const Value* args) { return raise_unsupported("fileno"); }

Ref<> iobase_flush(Value self, const Value* args) {
  if (iobase_is_marked_closed(self)) return raise_closed_file();
  return new_none();
}

Ref<> iobase_close(Value self, const Value* args) {
  if (iobase_is_marked_closed(self)) return new_none();
  Ref<> flushed = call_method0(self, ID(flush));
  Ref<> flush_error = flushed ? Ref<>() : fetch_error();
  if (!iobase_mark_closed(self)) return nullptr;
  if (flush_error) {
    restore_error(std::move(flush_error));
    return nullptr;
  }
  return new_none();
}

Ref<> iobase_get_closed(Value self) { return new_bool(iobase_is_marked_closed(self)); }

Ref<> iobase_false(Value self, const Value* args) { return new_bool(false); }

Ref<> iobase_isatty(Value self, const Value* args) {
  if (!check_closed(self)) return nullptr;
  return new_bool(false);
}

}  // namespace

Ref<> io_check_ability(Value self, Value message, const char* method, const char* default_message) {
  Ref<> result = call_method0(self, str_intern_utf8(method));
  if (!result) return nullptr;
  if (result.value() != True()) {
    if (message && !is_none(message)) return raise_unsupported(str_utf8(message));
    return raise_unsupported(default_message);
  }
  return result;
}

namespace {

Ref<> iobase_check_closed(Value self, const Value* args) {
  if (!check_closed(self)) return nullptr;
  return new_none();
}
Ref<> iobase_check_seekable(Value self, const Value* args) {
  return io_check_ability(self, args[0], "seekable", "File or stream is not seekable.");
}
Ref<> iobase_check_readable(Value self, const Value* args) {
  return io_check_ability(self, args[0], "readable", "File or stream is not readable.");
}
Ref<> iobase_check_writable(Value self, const Value* args) {
  return io_check_ability(self, args[0], "writable", "File or stream is not writable.");
}

Ref<> iobase_enter(Value self, const Value* args) {
  if (!check_closed(self)) return nullptr;
  return new_ref(self);
}

Ref<> iobase_exit(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  return call_method0(self, ID(close));
}

// readline over peek() (when available) and read(): bytes up to and including b'\n'.
Ref<> iobase_readline(Value self, const Value* args) {
  int64_t limit;
  if (!io_size_argument(args[0], &limit)) return nullptr;
  Ref<> peek;
  if (get_attr_optional(self, str_intern_utf8("peek"), &peek) < 0) return nullptr;
  std::string line;
  while (limit < 0 || int64_t(line.size()) < limit) {
    int64_t want = 1;
    if (peek) {
      Ref<> ahead = call1(peek, Value::small_int(1));
      if (!ahead) return nullptr;
      if (!is_bytes(ahead)) return raise(exc::OSError, "peek() should have returned a bytes object, not '{}'", type_name(ahead));
      std::string_view data = bytes_view(ahead);
      if (!data.empty()) {
        size_t newline = data.find('\n');
        want = newline == std::string_view::npos ? int64_t(data.size()) : int64_t(newline + 1);
        if (limit >= 0) want = std::min<int64_t>(want, limit - int64_t(line.size()));
      }
    }
    Ref<> chunk = call_method1(self, ID(read), Value::small_int(want));
    if (!chunk) return nullptr;
    if (is_none(chunk)) break;
    if (!is_bytes(chunk)) return raise(exc::OSError, "read() should have returned a bytes object, not '{}'", type_name(chunk));
    std::string_view data = bytes_view(chunk);
    if (data.empty()) break;
    line += data;
    if (line.back() == '\n') break;
  }
  return bytes_from(line);
}

Ref<> iobase_readlines(Value self, const Value* args) {
  int64_t hint;
  if (!io_size_argument(args[0], &hint)) return nullptr;
  Ref<ListObject> lines = list_new();
  if (!lines) return nullptr;
  if (hint <= 0) {
    if (!list_extend(lines.get(), self)) return nullptr;
    return lines;
  }
  int64_t total = 0;
  bool ok = for_each(self, [&](Value line) {
    if (!list_append(lines.get(), line)) return false;
    int64_t n = length(line);
    if (n < 0) return false;
    total += n;
    return total < hint;
  });
  if (!ok && error_occurred()) return nullptr;
  return lines;
}

Ref<> iobase_writelines(Value self, const Value* args) {
  if (!check_closed(self)) return nullptr;
  Ref<> write = get_attr(self, ID(write));
  if (!write) return nullptr;
  if (!for_each(args[0], [&](Value line) { return bool(call1(write, line)); })) return nullptr;
  return new_none();
}

// Closes the object unless closed; an exception being raised meanwhile (the finalizer may
// run while an error propagates, e.g. a failed __init__) is kept.
void iobase_finalize(Object* o) {
  Ref<> pending = fetch_error();
  Value self(o);
  Ref<> closed;
  int found = get_attr_optional(self, ID(closed), &closed);
  int truth = found > 0 ? is_true(closed) : 1;
  if (truth != 0) {
    clear_error();
    restore_error(std::move(pending));
    return;
  }
  // Tells close() that it runs from the finalizer: buffered and text objects then warn
  // about the file left open underneath.
  if (!set_attr(self, str_intern_utf8("_finalizing"), True())) clear_error();
  if (!call_method0(self, ID(close))) {
    // CPython reports errors of close() at finalization only in development mode.
    if (runtime().config.dev_mode) write_unraisable_exception("Exception ignored in", self);
    else clear_error();
  }
  restore_error(std::move(pending));
}

}  // namespace

int io_set_finalizing(bool* flag, Value value) {
  if (!value) return type_error("can't delete numeric/char attribute"), -1;
  if (type_of(value) != &bool_type) return type_error("attribute value type must be bool"), -1;
  *flag = value.as_object() == True().as_object();
  return 0;
}

namespace {

}  // namespace

Ref<> io_iter(Value self) {
  if (!check_closed(self)) return nullptr;
  return new_ref(self);
}

Ref<> io_iternext(Value self) {
  Ref<> line = call_method0(self, ID(readline));
  if (!line) return nullptr;
  int64_t n = length(line);
  if (n < 0) return nullptr;
  if (n == 0) return nullptr;  // exhausted
  return line;
}

namespace {

void iobase_dealloc(Object* o) {
  if (call_finalizer_from_dealloc(o)) return;
  gc_untrack(o);
  io_dealloc_fields(o);
  free_object(o);
}

void iobase_clear(Object* o) {
  auto* io = static_cast<IOObject*>(o);
  if (io->dict) dict_clear(static_cast<DictObject*>(io->dict));
}

Ref<> iobase_get_dict(Value self) {
  auto* io = static_cast<IOObject*>(self.as_object());
  if (!io->dict) {
    Ref<DictObject> dict = dict_new();
    if (!dict) return nullptr;
    io->dict = dict.release_object();
  }
  return new_ref(Value(io->dict));
}

const MethodDef iobase_methods[] = {
    {.name = "seek", .impl = iobase_seek, .signature = "($self, offset, whence=0, /)"},
    {.name = "tell", .impl = iobase_tell, .signature = "($self, /)"},
    {.name = "truncate", .impl = iobase_truncate, .signature = "($self, size=None, /)"},
    {.name = "flush", .impl = iobase_flush, .signature = "($self, /)"},
    {.name = "close", .impl = iobase_close, .signature = "($self, /)"},
    {.name = "seekable", .impl = iobase_false, .signature = "($self, /)"},
    {.name = "readable", .impl = iobase_false, .signature = "($self, /)"},
    {.name = "writable", .impl = iobase_false, .signature = "($self, /)"},
    {.name = "_checkClosed", .impl = iobase_check_closed, .signature = "($self, msg=None, /)"},
    {.name = "_checkSeekable", .impl = iobase_check_seekable, .signature = "($self, msg=None, /)"},
    {.name = "_checkReadable", .impl = iobase_check_readable, .signature = "($self, msg=None, /)"},
    {.name = "_checkWritable", .impl = iobase_check_writable, .signature = "($self, msg=None, /)"},
    {.name = "fileno", .impl = iobase_fileno, .signature = "($self, /)"},
    {.name = "isatty", .impl = iobase_isatty, .signature = "($self, /)"},
    {.name = "__enter__", .impl = iobase_enter, .signature = "($self, /)"},
    {.name = "__exit__", .raw = iobase_exit},
    {.name = "readline", .impl = iobase_readline, .signature = "($self, size=-1, /)"},
    {.name = "readlines", .impl = iobase_readlines, .signature = "($self, hint=-1, /)"},
    {.name = "writelines", .impl = iobase_writelines, .signature = "($self, lines, /)"},
    {},
};

const GetSetDef iobase_getsets[] = {
    {"__dict__", iobase_get_dict},
    {"closed", iobase_get_closed},
    {},
};

// --- _RawIOBase ---

Ref<> rawiobase_read(Value self, const Value* args) {
  int64_t size;
  if (!io_size_argument(args[0], &size)) return nullptr;
  if (size < 0) return call_method0(self, str_intern_utf8("readall"));
  Ref<ByteArrayObject> buffer = bytearray_from(std::string(size_t(size), '\0'));
  if (!buffer) return nullptr;
  Ref<> n = call_method1(self, str_intern_utf8("readinto"), buffer.value());
  if (!n) return nullptr;
  if (is_none(n)) return n;
  int64_t count;
  if (!int_as_int64(n, &count)) return nullptr;
  if (count < 0 || count > size) return value_error("readinto returned {} outside buffer size {}", count, size);
  return bytes_from(std::string_view(buffer->data, size_t(count)));
}

Ref<> rawiobase_readall(Value self, const Value* args) {
  std::string data;
  for (;;) {
    Ref<> chunk = call_method1(self, ID(read), Value::small_int(kDefaultBufferSize));
    if (!chunk) return nullptr;
    if (is_none(chunk)) {
      if (data.empty()) return chunk;
      break;
    }
    if (!is_bytes(chunk)) return type_error("read() should return bytes");
    std::string_view part = bytes_view(chunk);
    if (part.empty()) break;
    data += part;
  }
  return bytes_from(data);
}

Ref<> not_implemented_method(Value self, const Value* args) {
  return raise_with_args(&exc::NotImplementedError, nullptr, 0);
}

const MethodDef rawiobase_methods[] = {
    {.name = "read", .impl = rawiobase_read, .signature = "($self, size=-1, /)"},
    {.name = "readall", .impl = rawiobase_readall, .signature = "($self, /)"},
    {.name = "readinto", .impl = not_implemented_method, .signature = "($self, buffer, /)"},
    {.name = "write", .impl = not_implemented_method, .signature = "($self, b, /)"},
    {},
};

// --- _BufferedIOBase ---

Ref<> unsupported_read(Value self, const Value* args) { return raise_unsupported("read"); }
Ref<> unsupported_read1(Value self, const Value* args) { return raise_unsupported("read1"); }
Ref<> unsupported_write(Value self, const Value* args) { return raise_unsupported("write"); }
Ref<> unsupported_detach(Value self, const Value* args) { return raise_unsupported("detach"); }
Ref<> unsupported_readline(Value self, const Value* args) { return raise_unsupported("readline"); }

// readinto/readinto1 via read/read1, copying into the buffer.
Ref<> buffered_readinto_generic(Value self, Value buffer, const char* method) {
  Buffer view;
  if (!buffer_get_writable(buffer, &view, std::string_view(method) == "read" ? "readinto" : "readinto1")) return nullptr;
  Ref<> data = call_method1(self, str_intern_utf8(method), Value::small_int(view.length));
  if (!data) {
    buffer_release(&view);
    return nullptr;
  }
  if (!is_bytes(data)) {
    buffer_release(&view);
    return type_error("read() should return bytes");
  }
  std::string_view bytes = bytes_view(data);
  if (int64_t(bytes.size()) > view.length) {
    buffer_release(&view);
    return value_error("read() returned too much data: {} bytes requested, {} returned", view.length, bytes.size());
  }
  std::memcpy(view.data, bytes.data(), bytes.size());
  buffer_release(&view);
  return int_from_int64(int64_t(bytes.size()));
}

Ref<> bufferediobase_readinto(Value self, const Value* args) { return buffered_readinto_generic(self, args[0], "read"); }
Ref<> bufferediobase_readinto1(Value self, const Value* args) { return buffered_readinto_generic(self, args[0], "read1"); }

const MethodDef bufferediobase_methods[] = {
    {.name = "detach", .impl = unsupported_detach, .signature = "($self, /)"},
    {.name = "read", .impl = unsupported_read, .signature = "($self, size=-1, /)"},
    {.name = "read1", .impl = unsupported_read1, .signature = "($self, size=-1, /)"},
    {.name = "readinto", .impl = bufferediobase_readinto, .signature = "($self, buffer, /)"},
    {.name = "readinto1", .impl = bufferediobase_readinto1, .signature = "($self, buffer, /)"},
    {.name = "write", .impl = unsupported_write, .signature = "($self, b, /)"},
    {},
};

// --- _TextIOBase ---

Ref<> none_getter(Value self) { return new_none(); }

const MethodDef textiobase_methods[] = {
    {.name = "detach", .impl = unsupported_detach, .signature = "($self, /)"},
    {.name = "read", .impl = unsupported_read, .signature = "($self, size=-1, /)"},
    {.name = "readline", .impl = unsupported_readline, .signature = "($self, size=-1, /)"},
    {.name = "write", .impl = unsupported_write, .signature = "($self, s, /)"},
    {},
};

const GetSetDef textiobase_getsets[] = {
    {"encoding", none_getter, nullptr, "Encoding of the text stream.\n\nSubclasses should override.\n"},
    {"newlines", none_getter, nullptr, "Line endings translated so far.\n\nOnly line endings translated during reading are considered.\n\nSubclasses should override.\n"},
    {"errors", none_getter, nullptr, "The error setting of the decoder or encoder.\n\nSubclasses should override.\n"},
    {},
};

Ref<> iobase_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  Object* o = allocate_object(type, size_t(type->basic_size));
  if (!o) return nullptr;
  gc_track(o);
  return Ref<>::steal(Value(o));
}

}  // namespace

#define IO_ABSTRACT_TYPE(variable, type_name, base_type, methods_table, getsets_table, doc_text)        \
  TypeObject variable{TypeSpec{                                                                    \
      .name = type_name,                                                                           \
      .doc = doc_text,                                                                             \
      .basic_size = sizeof(IOObject),                                                              \
      .flags = kTypeBaseType | kTypeHaveGC,                                                        \
      .base = base_type,                                                                           \
      .dict_offset = offsetof(IOObject, dict),                                                     \
      .weaklist_offset = offsetof(IOObject, weakreflist),                                          \
      .slots = {.dealloc = iobase_dealloc, .traverse = io_traverse_fields, .clear = iobase_clear,  \
                .finalize = iobase_finalize, .new_instance = iobase_new,                           \
                .getattr = generic_get_attr, .setattr = generic_set_attr, .iter = io_iter,         \
                .iternext = io_iternext},                                                          \
      .methods = methods_table,                                                                    \
      .getsets = getsets_table,                                                                    \
  }};

IO_ABSTRACT_TYPE(iobase_type, "_io._IOBase", nullptr, iobase_methods, iobase_getsets,
                 "The abstract base class for all I/O classes.")
IO_ABSTRACT_TYPE(rawiobase_type, "_io._RawIOBase", &iobase_type, rawiobase_methods, nullptr,
                 "Base class for raw binary I/O.")
IO_ABSTRACT_TYPE(bufferediobase_type, "_io._BufferedIOBase", &iobase_type, bufferediobase_methods,
                 nullptr, "Base class for buffered IO objects.")
IO_ABSTRACT_TYPE(textiobase_type, "_io._TextIOBase", &iobase_type, textiobase_methods,
                 textiobase_getsets, "Base class for text I/O.")

#undef IO_ABSTRACT_TYPE

}  // namespace krait
