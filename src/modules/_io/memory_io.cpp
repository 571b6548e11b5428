// BytesIO and StringIO: in-memory binary and text streams.
#include <algorithm>
#include <cstring>
#include <string>

#include "core/alloc.h"
#include "core/args.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/_io/io.h"
#include "objects/bytes.h"
#include "objects/exceptions.h"
#include "objects/tuple.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait {
extern TypeObject memoryview_type;
extern TypeObject bytesio_buffer_type;
}

namespace krait {

namespace {

template <class Object_>
Ref<> memory_new(TypeObject* type) {
  auto* o = allocate<Object_>(type, size_t(type->basic_size));
  if (!o) return nullptr;
  gc_track(o);
  return Ref<>::steal(Value(o));
}

// seek(pos, whence) bounds as CPython's BytesIO/StringIO.
bool resolve_seek(Value pos_value, Value whence_value, int64_t size, int64_t current, bool text,
                  int64_t* result) {
  if (is_float(pos_value)) return type_error("an integer is required");
  int64_t pos, whence;
  if (!index_to_int64(pos_value, &pos, &exc::OverflowError) || !int_as_int64(whence_value, &whence)) return false;
  if (whence < 0 || whence > 2) return value_error("invalid whence ({}, should be 0, 1 or 2)", whence);
  if (text && whence != 0 && pos != 0) {
    return raise_unsupported(whence == 1 ? "Can't do nonzero cur-relative seeks" : "Can't do nonzero end-relative seeks");
  }
  if (whence == 0 && pos < 0) return value_error("negative seek value {}", pos);
  if (whence == 1) pos = text ? current : std::max<int64_t>(0, current + pos);
  if (whence == 2) pos = text ? size : std::max<int64_t>(0, size + pos);
  *result = pos;
  return true;
}

// --- BytesIO ---

struct BytesIOObject : IOObject {
  std::string* buffer;
  int64_t pos;
  int64_t exports;
  bool closed;
};

BytesIOObject* as_bytesio(Value v) { return static_cast<BytesIOObject*>(v.as_object()); }

bool bytesio_check(BytesIOObject* b) {
  if (b->closed) return raise_closed_file();
  return true;
}

bool bytesio_check_exports(BytesIOObject* b) {
  if (b->exports > 0) return bool(raise(exc::BufferError, "Existing exports of data: object cannot be re-sized"));
  return true;
}

Ref<> bytesio_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  Ref<> o = memory_new<BytesIOObject>(type);
  if (o) as_bytesio(o)->buffer = new std::string();
  return o;
}

int bytesio_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const MethodDef def = {.name = "BytesIO", .signature = "(initial_bytes=b'')"};
  BoundArgs bound;
  if (!def.parsed_signature) def.parsed_signature = signature_parse(&def, nullptr);
  if (!bind_arguments(*def.parsed_signature, args, nargs, kwnames, &bound)) return -1;
  BytesIOObject* b = as_bytesio(self);
  if (!bytesio_check_exports(b)) return -1;
  b->buffer->clear();
  b->pos = 0;
  Value initial = bound.values()[0];
  if (initial && !is_none(initial) && !is_str(initial)) {
    Buffer view;
    if (!buffer_get(initial, &view, kBufferSimple)) return -1;
    b->buffer->assign(static_cast<const char*>(view.data), size_t(view.length));
    buffer_release(&view);
  } else if (initial && is_str(initial)) {
    return type_error("a bytes-like object is required, not 'str'");
  }
  return 0;
}

void bytesio_dealloc(Object* o) {
  gc_untrack(o);
  delete static_cast<BytesIOObject*>(o)->buffer;
  io_dealloc_fields(o);
  free_object(o);
}

Ref<> bytesio_getvalue(Value self, const Value* args) {
  BytesIOObject* b = as_bytesio(self);
  if (!bytesio_check(b)) return nullptr;
  return bytes_from(*b->buffer);
}

int64_t available(BytesIOObject* b) {
  return std::max<int64_t>(0, int64_t(b->buffer->size()) - b->pos);
}

Ref<> bytesio_read(Value self, const Value* args) {
  BytesIOObject* b = as_bytesio(self);
  if (!bytesio_check(b)) return nullptr;
  int64_t size;
  if (!io_size_argument(args[0], &size)) return nullptr;
  int64_t n = available(b);
  if (size >= 0 && size < n) n = size;
  Ref<> result = bytes_from(std::string_view(b->buffer->data() + std::min<int64_t>(b->pos, int64_t(b->buffer->size())), size_t(n)));
  b->pos += n;
  return result;
}

Ref<> bytesio_readline(Value self, const Value* args) {
  BytesIOObject* b = as_bytesio(self);
  if (!bytesio_check(b)) return nullptr;
  int64_t limit;
  if (!io_size_argument(args[0], &limit)) return nullptr;
  int64_t n = available(b);
  if (n == 0) return bytes_from("");
  const char* start = b->buffer->data() + b->pos;
  const void* newline = std::memchr(start, '\n', size_t(n));
  int64_t length = newline ? static_cast<const char*>(newline) - start + 1 : n;
  if (limit >= 0 && limit < length) length = limit;
  b->pos += length;
  return bytes_from(std::string_view(start, size_t(length)));
}

Ref<> bytesio_readlines(Value self, const Value* args) {
  BytesIOObject* b = as_bytesio(self);
  if (!bytesio_check(b)) return nullptr;
  int64_t hint;
  if (!io_size_argument(args[0], &hint)) return nullptr;
  Ref<ListObject> lines = list_new();
  if (!lines) return nullptr;
  int64_t total = 0;
  Value none_arg[1] = {None()};
  for (;;) {
    Ref<> line = bytesio_readline(self, none_arg);
    if (!line) return nullptr;
    int64_t n = as_bytes(line)->length;
    if (n == 0) break;
    if (!list_append(lines.get(), line)) return nullptr;
    total += n;
    if (hint > 0 && total >= hint) break;
  }
  return lines;
}

Ref<> bytesio_readinto(Value self, const Value* args) {
  BytesIOObject* b = as_bytesio(self);
  if (!bytesio_check(b)) return nullptr;
  Buffer view;
  if (!buffer_get_writable(args[0], &view, "readinto")) return nullptr;
  int64_t n = std::min(available(b), view.length);
  if (n > 0) std::memcpy(view.data, b->buffer->data() + b->pos, size_t(n));
  buffer_release(&view);
  b->pos += n;
  return int_from_int64(n);
}

Ref<> bytesio_write(Value self, const Value* args) {
  BytesIOObject* b = as_bytesio(self);
  if (!bytesio_check(b) || !bytesio_check_exports(b)) return nullptr;
  Buffer view;
  if (!buffer_get(args[0], &view, kBufferSimple)) return nullptr;
  int64_t n = view.length;
  if (n > 0) {
    size_t end = size_t(b->pos + n);
    if (b->buffer->size() < size_t(b->pos)) b->buffer->resize(size_t(b->pos), '\0');
    if (b->buffer->size() < end) b->buffer->resize(end);
    std::memcpy(b->buffer->data() + b->pos, view.data, size_t(n));
    b->pos += n;
  }
  buffer_release(&view);
  return int_from_int64(n);
}

Ref<> bytesio_seek(Value self, const Value* args) {
  BytesIOObject* b = as_bytesio(self);
  if (!bytesio_check(b)) return nullptr;
  int64_t pos;
  if (!resolve_seek(args[0], args[1], int64_t(b->buffer->size()), b->pos, false, &pos)) return nullptr;
  b->pos = pos;
  return int_from_int64(pos);
}

Ref<> bytesio_tell(Value self, const Value* args) {
  BytesIOObject* b = as_bytesio(self);
  if (!bytesio_check(b)) return nullptr;
  return int_from_int64(b->pos);
}

Ref<> bytesio_truncate(Value self, const Value* args) {
  BytesIOObject* b = as_bytesio(self);
  if (!bytesio_check(b) || !bytesio_check_exports(b)) return nullptr;
  int64_t size = b->pos;
  if (args[0] && !is_none(args[0]) && !index_to_int64(args[0], &size)) return nullptr;
  if (size < 0) return value_error("negative size value {}", size);
  if (size < int64_t(b->buffer->size())) b->buffer->resize(size_t(size));
  return int_from_int64(size);
}

Ref<> bytesio_close(Value self, const Value* args) {
  BytesIOObject* b = as_bytesio(self);
  if (!bytesio_check_exports(b)) return nullptr;
  b->closed = true;
  b->buffer->clear();
  b->buffer->shrink_to_fit();
  return new_none();
}

// getbuffer(): a memoryview over the live buffer, through a small exporter object that
// counts as an export of the BytesIO (writes and resizes are refused while it lives).

struct BytesIOBufferObject : Object {
  Value source;  // the BytesIO
};

int bytesio_buffer_get_buffer(Value self, Buffer* view, int) {
  BytesIOObject* b = as_bytesio(static_cast<BytesIOBufferObject*>(self.as_object())->source);
  view->data = b->buffer->data();
  view->length = int64_t(b->buffer->size());
  view->itemsize = 1;
  view->readonly = false;
  view->format = "B";
  view->ndim = 1;
  view->shape[0] = view->length;
  ++b->exports;
  incref(self);
  view->owner = self.as_object();
  return 0;
}

void bytesio_buffer_release_buffer(Value self, Buffer*) {
  --as_bytesio(static_cast<BytesIOBufferObject*>(self.as_object())->source)->exports;
}

void bytesio_buffer_dealloc(Object* o) {
  decref(static_cast<BytesIOBufferObject*>(o)->source);
  free_object(o);
}

Ref<> bytesio_getbuffer(Value self, const Value* args) {
  if (!bytesio_check(as_bytesio(self))) return nullptr;
  if (!type_ready(&bytesio_buffer_type)) return nullptr;
  auto* exporter = allocate<BytesIOBufferObject>(&bytesio_buffer_type);
  if (!exporter) return nullptr;
  Ref<> holder = Ref<>::steal(Value(exporter));
  incref(self);
  exporter->source = self;
  return call1(Value(&memoryview_type), holder.value());
}

Ref<> bytesio_true(Value self, const Value* args) {
  if (!bytesio_check(as_bytesio(self))) return nullptr;
  return new_bool(true);
}
Ref<> bytesio_false(Value self, const Value* args) {
  if (!bytesio_check(as_bytesio(self))) return nullptr;
  return new_bool(false);
}
Ref<> bytesio_flush(Value self, const Value* args) {
  if (!bytesio_check(as_bytesio(self))) return nullptr;
  return new_none();
}
Ref<> bytesio_get_closed(Value self) { return new_bool(as_bytesio(self)->closed); }

Ref<> bytesio_getstate(Value self, const Value* args) {
  BytesIOObject* b = as_bytesio(self);
  if (!bytesio_check(b)) return nullptr;
  Ref<> value = bytes_from(*b->buffer);
  Ref<> pos = int_from_int64(b->pos);
  Ref<> dict = b->dict ? Ref<>(dict_copy(static_cast<DictObject*>(b->dict))) : new_none();
  if (!value || !pos || !dict) return nullptr;
  return tuple_of({value.value(), pos.value(), dict.value()});
}

Ref<> bytesio_setstate(Value self, const Value* args) {
  BytesIOObject* b = as_bytesio(self);
  Value state = args[0];
  if (!is_tuple(state) || as_tuple(state)->length < 3) {
    return type_error("{}.__setstate__ argument should be 3-tuple, got {}", type_name(self), type_name(state));
  }
  // The value is restored as write() would (which refuses a closed or exported buffer).
  if (!bytesio_check_exports(b) || !bytesio_check(b)) return nullptr;
  TupleObject* t = as_tuple(state);
  Buffer view;
  if (!buffer_get(t->items[0], &view, kBufferSimple)) return nullptr;
  b->buffer->assign(static_cast<const char*>(view.data), size_t(view.length));
  buffer_release(&view);
  if (!is_int(t->items[1])) return type_error("second item of state must be an integer, not {}", type_name(t->items[1]));
  int64_t pos;
  if (!int_as_int64(t->items[1], &pos)) return nullptr;
  if (pos < 0) return value_error("position value cannot be negative");
  b->pos = pos;
  if (!is_none(t->items[2])) {
    if (!is_dict(t->items[2])) return type_error("third item of state should be a dict, got a {}", type_name(t->items[2]));
    Ref<> dict = get_attr(self, ID(__dict__));
    if (!dict || !dict_update(as_dict(dict), t->items[2])) return nullptr;
  }
  return new_none();
}

Ref<> bytesio_sizeof(Value self, const Value* args) {
  return int_from_int64(int64_t(sizeof(BytesIOObject) + as_bytesio(self)->buffer->capacity()));
}

Ref<> bytesio_iternext(Value self) {
  BytesIOObject* b = as_bytesio(self);
  if (!bytesio_check(b)) return nullptr;
  Value none_arg[1] = {None()};
  Ref<> line = bytesio_readline(self, none_arg);
  if (!line || as_bytes(line)->length == 0) return nullptr;
  return line;
}

const MethodDef bytesio_methods[] = {
    {.name = "getvalue", .impl = bytesio_getvalue, .signature = "($self, /)"},
    {.name = "getbuffer", .impl = bytesio_getbuffer, .signature = "($self, /)",
     .doc = "Get a read-write view over the contents of the BytesIO object."},
    {.name = "read", .impl = bytesio_read, .signature = "($self, size=-1, /)"},
    {.name = "read1", .impl = bytesio_read, .signature = "($self, size=-1, /)"},
    {.name = "readline", .impl = bytesio_readline, .signature = "($self, size=-1, /)"},
    {.name = "readlines", .impl = bytesio_readlines, .signature = "($self, size=None, /)"},
    {.name = "readinto", .impl = bytesio_readinto, .signature = "($self, buffer, /)"},
    {.name = "write", .impl = bytesio_write, .signature = "($self, b, /)"},
    {.name = "seek", .impl = bytesio_seek, .signature = "($self, pos, whence=0, /)"},
    {.name = "tell", .impl = bytesio_tell, .signature = "($self, /)"},
    {.name = "truncate", .impl = bytesio_truncate, .signature = "($self, size=None, /)"},
    {.name = "close", .impl = bytesio_close, .signature = "($self, /)"},
    {.name = "readable", .impl = bytesio_true, .signature = "($self, /)"},
    {.name = "writable", .impl = bytesio_true, .signature = "($self, /)"},
    {.name = "seekable", .impl = bytesio_true, .signature = "($self, /)"},
    {.name = "isatty", .impl = bytesio_false, .signature = "($self, /)"},
    {.name = "flush", .impl = bytesio_flush, .signature = "($self, /)"},
    {.name = "__getstate__", .impl = bytesio_getstate, .signature = "($self, /)"},
    {.name = "__setstate__", .impl = bytesio_setstate, .signature = "($self, state, /)"},
    {.name = "__sizeof__", .impl = bytesio_sizeof, .signature = "($self, /)"},
    {},
};

const GetSetDef bytesio_getsets[] = {
    {"closed", bytesio_get_closed, nullptr, "True if the file is closed."},
    {},
};

// --- StringIO ---

enum class Newline : uint8_t { Universal /*None*/, Untranslated /*''*/, LF, CR, CRLF };

struct StringIOObject : IOObject {
  std::u32string* buffer;
  int64_t pos;
  Newline newline;
  bool closed;
  bool initialized;
  uint8_t seen_newlines;  // bits: 1 \r, 2 \n, 4 \r\n (for the newlines property)
};

StringIOObject* as_stringio(Value v) { return static_cast<StringIOObject*>(v.as_object()); }

bool stringio_check(StringIOObject* s) {
  if (!s->initialized) return value_error("I/O operation on uninitialized object");
  if (s->closed) return value_error("I/O operation on closed file");  // no period, unlike BytesIO
  return true;
}

Ref<> stringio_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  Ref<> o = memory_new<StringIOObject>(type);
  if (o) as_stringio(o)->buffer = new std::u32string();
  return o;
}

void stringio_dealloc(Object* o) {
  gc_untrack(o);
  delete static_cast<StringIOObject*>(o)->buffer;
  io_dealloc_fields(o);
  free_object(o);
}

std::u32string code_points(StrObject* s) {
  std::u32string out(size_t(s->length), U'\0');
  for (int64_t i = 0; i < s->length; ++i) out[size_t(i)] = s->at(i);
  return out;
}

// Translation of written text per the newline setting.
std::u32string translate_for_write(StringIOObject* s, std::u32string text) {
  if (s->newline == Newline::Universal) {
    std::u32string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
      char32_t c = text[i];
      if (c == '\r') {
        if (i + 1 < text.size() && text[i + 1] == '\n') {
          ++i;
          s->seen_newlines |= 4;
        } else {
          s->seen_newlines |= 1;
        }
        out += U'\n';
      } else {
        if (c == '\n') s->seen_newlines |= 2;
        out += c;
      }
    }
    return out;
  }
  if (s->newline == Newline::CR || s->newline == Newline::CRLF) {
    std::u32string out;
    for (char32_t c : text) {
      if (c == '\n') out += s->newline == Newline::CR ? U"\r" : U"\r\n";
      else out += c;
    }
    return out;
  }
  return text;
}

int stringio_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const MethodDef def = {.name = "StringIO", .signature = "(initial_value='', newline='\\n')"};
  if (!def.parsed_signature) def.parsed_signature = signature_parse(&def, nullptr);
  BoundArgs bound;
  if (!bind_arguments(*def.parsed_signature, args, nargs, kwnames, &bound)) return -1;
  Value initial = bound.values()[0], newline = bound.values()[1];
  StringIOObject* s = as_stringio(self);
  if (!is_none(newline) && !is_str(newline)) {
    return type_error("newline must be str or None, not {}", type_name(newline));
  }
  if (is_none(newline)) {
    s->newline = Newline::Universal;
  } else {
    std::string_view nl = str_utf8(newline);
    if (nl == "") s->newline = Newline::Untranslated;
    else if (nl == "\n") s->newline = Newline::LF;
    else if (nl == "\r") s->newline = Newline::CR;
    else if (nl == "\r\n") s->newline = Newline::CRLF;
    else return value_error("illegal newline value: {}", repr_for_message(newline));
  }
  if (!is_none(initial) && !is_str(initial)) {
    return type_error("initial_value must be str or None, not {}", type_name(initial));
  }
  s->buffer->clear();
  s->pos = 0;
  s->seen_newlines = 0;
  s->closed = false;
  s->initialized = true;
  if (!is_none(initial)) *s->buffer = translate_for_write(s, code_points(as_str(initial)));
  return 0;
}

Ref<> stringio_getvalue(Value self, const Value* args) {
  StringIOObject* s = as_stringio(self);
  if (!stringio_check(s)) return nullptr;
  return str_from_code_points(s->buffer->data(), int64_t(s->buffer->size()));
}

Ref<> stringio_read(Value self, const Value* args) {
  StringIOObject* s = as_stringio(self);
  if (!stringio_check(s)) return nullptr;
  int64_t size;
  if (!io_size_argument(args[0], &size)) return nullptr;
  int64_t n = std::max<int64_t>(0, int64_t(s->buffer->size()) - s->pos);
  if (size >= 0 && size < n) n = size;
  Ref<> result = str_from_code_points(s->buffer->data() + std::min<int64_t>(s->pos, int64_t(s->buffer->size())), n);
  s->pos += n;
  return result;
}

Ref<> stringio_readline(Value self, const Value* args) {
  StringIOObject* s = as_stringio(self);
  if (!stringio_check(s)) return nullptr;
  int64_t limit;
  if (!io_size_argument(args[0], &limit)) return nullptr;
  int64_t size = int64_t(s->buffer->size());
  int64_t start = std::min(s->pos, size);
  int64_t end = start;
  bool universal = s->newline == Newline::Untranslated;
  while (end < size && (limit < 0 || end - start < limit)) {
    char32_t c = (*s->buffer)[size_t(end)];
    ++end;
    if (universal) {
      if (c == '\n') break;
      if (c == '\r') {
        if (end < size && (*s->buffer)[size_t(end)] == '\n' && (limit < 0 || end - start < limit)) ++end;
        break;
      }
    } else if (s->newline == Newline::CR ? c == '\r' : c == '\n') {
      if (s->newline == Newline::CRLF && !(end >= 2 && (*s->buffer)[size_t(end - 2)] == '\r')) continue;
      break;
    }
  }
  s->pos = end;
  return str_from_code_points(s->buffer->data() + start, end - start);
}

Ref<> stringio_write(Value self, const Value* args) {
  StringIOObject* s = as_stringio(self);
  if (!stringio_check(s)) return nullptr;
  if (!is_str(args[0])) return type_error("string argument expected, got '{}'", type_name(args[0]));
  StrObject* text = as_str(args[0]);
  int64_t written = text->length;
  std::u32string data = translate_for_write(s, code_points(text));
  if (!data.empty()) {
    if (int64_t(s->buffer->size()) < s->pos) s->buffer->resize(size_t(s->pos), U'\0');
    size_t end = size_t(s->pos) + data.size();
    if (s->buffer->size() < end) s->buffer->resize(end);
    std::copy(data.begin(), data.end(), s->buffer->begin() + s->pos);
    s->pos += int64_t(data.size());
  }
  return int_from_int64(written);
}

Ref<> stringio_seek(Value self, const Value* args) {
  StringIOObject* s = as_stringio(self);
  if (!stringio_check(s)) return nullptr;
  int64_t pos;
  if (!resolve_seek(args[0], args[1], int64_t(s->buffer->size()), s->pos, true, &pos)) return nullptr;
  s->pos = pos;
  return int_from_int64(pos);
}

Ref<> stringio_tell(Value self, const Value* args) {
  StringIOObject* s = as_stringio(self);
  if (!stringio_check(s)) return nullptr;
  return int_from_int64(s->pos);
}

Ref<> stringio_truncate(Value self, const Value* args) {
  StringIOObject* s = as_stringio(self);
  if (!stringio_check(s)) return nullptr;
  int64_t size = s->pos;
  if (args[0] && !is_none(args[0]) && !index_to_int64(args[0], &size)) return nullptr;
  if (size < 0) return value_error("Negative size value {}", size);
  if (size < int64_t(s->buffer->size())) s->buffer->resize(size_t(size));
  return int_from_int64(size);
}

Ref<> stringio_close(Value self, const Value* args) {
  StringIOObject* s = as_stringio(self);
  s->closed = true;
  s->buffer->clear();
  s->buffer->shrink_to_fit();
  return new_none();
}

Ref<> stringio_true(Value self, const Value* args) {
  if (!stringio_check(as_stringio(self))) return nullptr;
  return new_bool(true);
}

Ref<> stringio_get_closed(Value self) {
  StringIOObject* s = as_stringio(self);
  if (!s->initialized) return value_error("I/O operation on uninitialized object");
  return new_bool(s->closed);
}
Ref<> stringio_get_line_buffering(Value self) {
  if (!stringio_check(as_stringio(self))) return nullptr;
  return new_bool(false);
}
Ref<> stringio_get_newlines(Value self) {
  StringIOObject* s = as_stringio(self);
  if (!stringio_check(s)) return nullptr;
  if (s->newline != Newline::Universal) return new_none();
  static const char* const kNames[] = {nullptr, "\r", "\n", nullptr, "\r\n"};
  std::vector<const char*> seen;
  if (s->seen_newlines & 1) seen.push_back("\r");
  if (s->seen_newlines & 2) seen.push_back("\n");
  if (s->seen_newlines & 4) seen.push_back("\r\n");
  (void)kNames;
  if (seen.empty()) return new_none();
  if (seen.size() == 1) return str_from_ascii(seen[0]);
  Ref<TupleObject> t = tuple_allocate(int64_t(seen.size()));
  if (!t) return nullptr;
  for (size_t i = 0; i < seen.size(); ++i) t->items[i] = str_from_ascii(seen[i]).release();
  return t;
}

Ref<> stringio_getstate(Value self, const Value* args) {
  StringIOObject* s = as_stringio(self);
  if (!stringio_check(s)) return nullptr;
  Ref<> value = stringio_getvalue(self, nullptr);
  Ref<> newline;
  switch (s->newline) {
    case Newline::Universal: newline = new_none(); break;
    case Newline::Untranslated: newline = str_from_ascii(""); break;
    case Newline::LF: newline = str_from_ascii("\n"); break;
    case Newline::CR: newline = str_from_ascii("\r"); break;
    case Newline::CRLF: newline = str_from_ascii("\r\n"); break;
  }
  Ref<> pos = int_from_int64(s->pos);
  Ref<> dict = s->dict ? Ref<>(dict_copy(static_cast<DictObject*>(s->dict))) : new_none();
  if (!value || !newline || !pos || !dict) return nullptr;
  return tuple_of({value.value(), newline.value(), pos.value(), dict.value()});
}

Ref<> stringio_setstate(Value self, const Value* args) {
  // Unpickling calls this on an uninitialised object: only a closed one is refused.
  if (as_stringio(self)->closed) return value_error("I/O operation on closed file");
  Value state = args[0];
  if (!is_tuple(state) || as_tuple(state)->length < 4) {
    return type_error("{}.__setstate__ argument should be 4-tuple, got {}", type_name(self), type_name(state));
  }
  TupleObject* t = as_tuple(state);
  Value init_args[2] = {t->items[0], t->items[1]};
  if (stringio_init(self, init_args, 2, nullptr) < 0) return nullptr;
  StringIOObject* s = as_stringio(self);
  // The value is restored untranslated.
  if (is_str(t->items[0])) *s->buffer = code_points(as_str(t->items[0]));
  if (!is_int(t->items[2])) {
    return type_error("third item of state must be an integer, got {}", type_name(t->items[2]));
  }
  int64_t pos;
  if (!int_as_int64(t->items[2], &pos)) return nullptr;
  if (pos < 0) return value_error("position value cannot be negative");
  s->pos = pos;
  if (!is_none(t->items[3])) {
    if (!is_dict(t->items[3])) {
      return type_error("fourth item of state should be a dict, got a {}", type_name(t->items[3]));
    }
    Ref<> dict = get_attr(self, ID(__dict__));
    if (!dict || !dict_update(as_dict(dict), t->items[3])) return nullptr;
  }
  return new_none();
}

Ref<> stringio_iternext(Value self) {
  StringIOObject* s = as_stringio(self);
  if (!stringio_check(s)) return nullptr;
  Value none_arg[1] = {None()};
  Ref<> line = type_of(self) == &stringio_type ? stringio_readline(self, none_arg) : call_method0(self, ID(readline));
  if (!line) return nullptr;
  if (!is_str(line)) return raise(exc::OSError, "readline() should have returned a str object, not '{}'", type_name(line));
  if (as_str(line)->length == 0) return nullptr;
  return line;
}

Ref<> stringio_repr(Value self) { return object_repr(self); }

const MethodDef stringio_methods[] = {
    {.name = "getvalue", .impl = stringio_getvalue, .signature = "($self, /)"},
    {.name = "read", .impl = stringio_read, .signature = "($self, size=-1, /)"},
    {.name = "readline", .impl = stringio_readline, .signature = "($self, size=-1, /)"},
    {.name = "write", .impl = stringio_write, .signature = "($self, s, /)"},
    {.name = "seek", .impl = stringio_seek, .signature = "($self, pos, whence=0, /)"},
    {.name = "tell", .impl = stringio_tell, .signature = "($self, /)"},
    {.name = "truncate", .impl = stringio_truncate, .signature = "($self, pos=None, /)"},
    {.name = "close", .impl = stringio_close, .signature = "($self, /)"},
    {.name = "readable", .impl = stringio_true, .signature = "($self, /)"},
    {.name = "writable", .impl = stringio_true, .signature = "($self, /)"},
    {.name = "seekable", .impl = stringio_true, .signature = "($self, /)"},
    {.name = "__getstate__", .impl = stringio_getstate, .signature = "($self, /)"},
    {.name = "__setstate__", .impl = stringio_setstate, .signature = "($self, state, /)"},
    {},
};

const GetSetDef stringio_getsets[] = {
    {"closed", stringio_get_closed},
    {"newlines", stringio_get_newlines},
    {"line_buffering", stringio_get_line_buffering},
    {},
};

}  // namespace

TypeObject bytesio_buffer_type{TypeSpec{
    .name = "_io._BytesIOBuffer",
    .basic_size = sizeof(BytesIOBufferObject),
    .slots = {.dealloc = bytesio_buffer_dealloc, .getattr = generic_get_attr,
              .get_buffer = bytesio_buffer_get_buffer, .release_buffer = bytesio_buffer_release_buffer},
}};

TypeObject bytesio_type{TypeSpec{
    .name = "_io.BytesIO",
    .doc = "Buffered I/O implementation using an in-memory bytes buffer.",
    .basic_size = sizeof(BytesIOObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .base = &bufferediobase_type,
    .dict_offset = offsetof(BytesIOObject, dict),
    .weaklist_offset = offsetof(BytesIOObject, weakreflist),
    .slots = {.dealloc = bytesio_dealloc, .traverse = io_traverse_fields, .new_instance = bytesio_new,
              .init = bytesio_init, .getattr = generic_get_attr, .setattr = generic_set_attr,
              .iter = io_iter, .iternext = bytesio_iternext},
    .methods = bytesio_methods,
    .getsets = bytesio_getsets,
}};

TypeObject stringio_type{TypeSpec{
    .name = "_io.StringIO",
    .doc = "Text I/O implementation using an in-memory buffer.\n\nThe initial_value argument sets the value of object.  The newline\n"
           "argument is like the one of TextIOWrapper's constructor.",
    .basic_size = sizeof(StringIOObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .base = &textiobase_type,
    .dict_offset = offsetof(StringIOObject, dict),
    .weaklist_offset = offsetof(StringIOObject, weakreflist),
    .slots = {.dealloc = stringio_dealloc, .traverse = io_traverse_fields, .new_instance = stringio_new,
              .init = stringio_init, .repr = stringio_repr, .getattr = generic_get_attr,
              .setattr = generic_set_attr, .iter = io_iter, .iternext = stringio_iternext},
    .methods = stringio_methods,
    .getsets = stringio_getsets,
}};

}  // namespace krait
