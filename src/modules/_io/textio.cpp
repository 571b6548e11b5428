// TextIOWrapper (text over a buffered binary stream) and IncrementalNewlineDecoder.
// UTF-8, ASCII and Latin-1 are decoded and encoded natively; any other encoding goes
// through the codecs module's incremental decoder/encoder. tell()/seek() use CPython's
// cookie scheme: the position of the decoder's last snapshot plus the decoder state and
// the number of characters to skip, reconstructed by replaying the decoder.
#include <langinfo.h>

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
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "objects/unicode_codecs.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/import.h"
#include "runtime/runtime.h"

namespace krait {

// CPython's _Py_GetLocaleEncoding: UTF-8 in the UTF-8 mode, else the LC_CTYPE codeset
// (start-up set LC_CTYPE from the environment).
std::string locale_encoding() {
  const char* codeset = nl_langinfo(CODESET);
  if (runtime().config.utf8_mode || !codeset || !*codeset) return "utf-8";
  return codeset;
}

namespace {

enum class NativeCodec : uint8_t { None, Utf8, Latin1, Ascii };

// "UTF-8", "utf8", "u8" ... -> Utf8 (the names codecs.lookup normalises alike).
NativeCodec native_codec_for(std::string_view encoding) {
  std::string name;
  for (char c : encoding) name += c == '-' || c == ' ' ? '_' : char(std::tolower(uint8_t(c)));
  if (name == "utf_8" || name == "utf8" || name == "u8" || name == "utf") return NativeCodec::Utf8;
  if (name == "latin_1" || name == "latin1" || name == "iso_8859_1" || name == "iso8859_1" || name == "l1" ||
      name == "8859" || name == "cp819" || name == "latin") {
    return NativeCodec::Latin1;
  }
  if (name == "ascii" || name == "us_ascii" || name == "646") return NativeCodec::Ascii;
  return NativeCodec::None;
}

struct TextIOObject : IOObject {
  Value buffer;
  Value encoding;        // str
  Value errors;          // str
  Value decoder;         // Python incremental decoder (null for native codecs)
  Value encoder;         // Python incremental encoder (null for native codecs)
  NativeCodec codec;
  std::string* undecoded;   // native UTF-8: an incomplete sequence carried to the next chunk
  std::u32string* decoded;  // decoded characters not yet returned
  int64_t decoded_pos;
  std::string* pending;     // encoded bytes not yet written
  // Newlines. Reading: universal (None/''), translate (None); writing: translate to writenl.
  bool read_universal, read_translate, write_translate;
  std::u32string* readnl;   // the newline searched for when not universal
  std::u32string* writenl;
  bool pending_cr;          // universal translation: a \r ended the last chunk
  uint8_t seen_newlines;    // 1 \r, 2 \n, 4 \r\n
  bool line_buffering, write_through;
  bool seekable, telling;
  bool has_read1;
  bool can_read, can_write;  // the buffer's readable()/writable() at construction
  bool detached, initialized;
  bool encoding_start_of_stream;
  bool finalizing;  // close() called by the finalizer
  int64_t chunk_size;
  // tell() snapshot: decoder state before the current chunk and the bytes fed since.
  bool has_snapshot;
  int64_t snapshot_flags;
  int64_t snapshot_base;  // characters in `decoded` from before the snapshot's chunk
  std::string* snapshot_input;
};

TextIOObject* as_text(Value v) { return static_cast<TextIOObject*>(v.as_object()); }

bool check_initialized(TextIOObject* t) {
  if (!t->initialized) return value_error("I/O operation on uninitialized object");
  if (t->detached) return value_error("underlying buffer has been detached");
  return true;
}

bool check_attached_open(Value self) {
  TextIOObject* t = as_text(self);
  if (!check_initialized(t)) return false;
  int closed = io_is_closed(self);
  if (closed < 0) return false;
  if (closed) return raise_closed_file();
  return true;
}

// --- Decoding ---

// The decoder's state as (buffered input, flags) for tell(); pending_cr is flag bit 0.
bool decoder_getstate(TextIOObject* t, std::string* buffer, int64_t* flags) {
  if (t->codec != NativeCodec::None) {
    *buffer = t->codec == NativeCodec::Utf8 ? *t->undecoded : std::string();
    *flags = t->pending_cr ? 1 : 0;
    return true;
  }
  Ref<> state = call_method0(t->decoder, str_intern_utf8("getstate"));
  if (!state) return false;
  if (!is_tuple(state) || as_tuple(state)->length != 2 || !is_bytes(as_tuple(state)->items[0])) {
    return type_error("illegal decoder state");
  }
  *buffer = std::string(bytes_view(as_tuple(state)->items[0]));
  int64_t decoder_flags;
  if (!int_as_int64(as_tuple(state)->items[1], &decoder_flags)) return false;
  *flags = (decoder_flags << 1) | (t->pending_cr ? 1 : 0);
  return true;
}

bool decoder_setstate(TextIOObject* t, std::string_view buffer, int64_t flags) {
  t->pending_cr = flags & 1;
  if (t->codec != NativeCodec::None) {
    *t->undecoded = std::string(buffer);
    return true;
  }
  Ref<> bytes = bytes_from(buffer);
  Ref<> decoder_flags = int_from_int64(flags >> 1);
  if (!bytes || !decoder_flags) return false;
  Ref<TupleObject> state = tuple_of({bytes.value(), decoder_flags.value()});
  return state && call_method1(t->decoder, str_intern_utf8("setstate"), state.value());
}

// CPython's _textiowrapper_encoder_reset: at the start of the stream the encoder starts
// afresh (a BOM will be written); elsewhere it continues a stream (setstate(0): no BOM).
bool encoder_reset(TextIOObject* t, bool start_of_stream) {
  if (!t->encoder) return true;
  if (start_of_stream) return bool(call_method0(t->encoder, str_intern_utf8("reset")));
  return bool(call_method1(t->encoder, str_intern_utf8("setstate"), Value::small_int(0)));
}

bool decoder_reset(TextIOObject* t) {
  t->pending_cr = false;
  t->undecoded->clear();
  if (t->codec != NativeCodec::None || !t->decoder) return true;  // write-only: no decoder
  return bool(call_method0(t->decoder, str_intern_utf8("reset")));
}

// Raw decoding of `input` (no newline handling).
bool decode_raw(TextIOObject* t, std::string_view input, bool final, std::u32string* out) {
  Ref<> text;
  switch (t->codec) {
    case NativeCodec::Utf8: {
      std::string data = *t->undecoded + std::string(input);
      int64_t consumed = int64_t(data.size());
      text = decode_utf8(data, t->errors, Value(), final, &consumed);
      if (!text) return false;
      *t->undecoded = data.substr(size_t(consumed));
      break;
    }
    case NativeCodec::Latin1:
      text = decode_latin1(input);
      break;
    case NativeCodec::Ascii:
      text = decode_ascii(input, t->errors, Value());
      break;
    case NativeCodec::None: {
      Ref<> bytes = bytes_from(input);
      if (!bytes) return false;
      Value args[2] = {bytes.value(), bool_value(final)};
      text = call_method(t->decoder, str_intern_utf8("decode"), args, 2);
      if (!text) return false;
      if (!is_str(text)) return type_error("decoder should return a string result, not '{}'", type_name(text));
      break;
    }
  }
  if (!text) return false;
  StrObject* s = as_str(text);
  size_t n = size_t(s->length);
  switch (s->kind) {  // whole runs, not a character at a time (every text read comes here)
    case 1: out->append(s->data1(), s->data1() + n); break;
    case 2: out->append(s->data2(), s->data2() + n); break;
    default: {
      const auto* units = static_cast<const uint32_t*>(s->data());
      out->append(units, units + n);
      break;
    }
  }
  return true;
}

// Universal newline translation of freshly decoded text (IncrementalNewlineDecoder).
void translate_newlines(TextIOObject* t, std::u32string* text, bool final) {
  if (!t->read_universal) return;
  if (t->pending_cr) {
    text->insert(text->begin(), U'\r');
    t->pending_cr = false;
  }
  if (!text->empty() && text->back() == U'\r' && !final) {
    text->pop_back();
    t->pending_cr = true;
  }
  if (text->find(U'\r') == std::u32string::npos) {
    // The common case: nothing to translate, only \n to note.
    if (!(t->seen_newlines & 2) && text->find(U'\n') != std::u32string::npos) t->seen_newlines |= 2;
    return;
  }
  std::u32string out;
  out.reserve(text->size());
  for (size_t i = 0; i < text->size(); ++i) {
    char32_t c = (*text)[i];
    if (c == U'\r') {
      bool crlf = i + 1 < text->size() && (*text)[i + 1] == U'\n';
      t->seen_newlines |= crlf ? 4 : 1;
      if (t->read_translate) {
        out += U'\n';
        if (crlf) ++i;
      } else {
        out += c;
        if (crlf) {
          out += U'\n';
          ++i;
        }
      }
    } else {
      if (c == U'\n') t->seen_newlines |= 2;
      out += c;
    }
  }
  *text = std::move(out);
}

bool decode_chunk(TextIOObject* t, std::string_view input, bool final, std::u32string* out) {
  std::u32string text;
  if (!decode_raw(t, input, final, &text)) return false;
  translate_newlines(t, &text, final);
  *out += text;
  return true;
}

// Reads one chunk from the buffer and decodes it; false on error; *eof at end of file.
bool read_chunk(Value self, int64_t size_hint, bool* eof) {
  TextIOObject* t = as_text(self);
  std::string state_buffer;
  int64_t state_flags = 0;
  if (t->telling && !decoder_getstate(t, &state_buffer, &state_flags)) return false;
  int64_t size = std::max(t->chunk_size, size_hint);
  Ref<> input = call_method1(t->buffer, str_intern_utf8(t->has_read1 ? "read1" : "read"), Value::small_int(size));
  if (!input) return false;
  std::string_view bytes;
  Buffer view;
  bool have_view = false;
  if (is_bytes(input)) {
    bytes = bytes_view(input);
  } else if (!is_none(input)) {
    if (!buffer_get(input, &view, kBufferSimple)) {
      clear_error();
      return type_error("underlying {}() should have returned a bytes-like object, not '{}'",
                        t->has_read1 ? "read1" : "read", type_name(input));
    }
    have_view = true;
    bytes = std::string_view(static_cast<const char*>(view.data), size_t(view.length));
  }
  *eof = bytes.empty();
  t->decoded->erase(0, size_t(t->decoded_pos));
  t->decoded_pos = 0;
  int64_t carried = int64_t(t->decoded->size());  // unread characters of earlier chunks
  bool ok = decode_chunk(t, bytes, *eof, t->decoded);
  if (ok && t->telling) {
    t->has_snapshot = true;
    t->snapshot_base = carried;
    t->snapshot_flags = state_flags;
    *t->snapshot_input = state_buffer + std::string(bytes);
  }
  if (have_view) buffer_release(&view);
  return ok;
}

// --- Encoding and writing ---

bool encode_text(TextIOObject* t, StrObject* text, std::string* out) {
  Ref<> bytes;
  switch (t->codec) {
    case NativeCodec::Utf8: bytes = encode_utf8(text, t->errors); break;
    case NativeCodec::Latin1: bytes = encode_latin1(text, t->errors); break;
    case NativeCodec::Ascii: bytes = encode_ascii(text, t->errors); break;
    case NativeCodec::None: {
      bytes = call_method1(t->encoder, str_intern_utf8("encode"), Value(text));
      if (!bytes) return false;
      if (!is_bytes(bytes)) {
        return type_error("encoder should return a bytes object, not '{}'", type_name(bytes));
      }
      break;
    }
  }
  if (!bytes) return false;
  out->append(bytes_view(bytes));
  return true;
}

bool flush_pending(TextIOObject* t) {
  if (t->pending->empty()) return true;
  Ref<> bytes = bytes_from(*t->pending);
  if (!bytes) return false;
  t->pending->clear();
  return bool(call_method1(t->buffer, ID(write), bytes.value()));
}

// --- Construction ---

bool set_newline(TextIOObject* t, Value newline) {
  delete t->readnl;
  delete t->writenl;
  t->readnl = nullptr;
  t->writenl = nullptr;
  if (!is_none(newline) && !is_str(newline)) {
    return type_error("TextIOWrapper() argument 'newline' must be str or None, not {}", type_name(newline));
  }
  std::u32string nl;
  if (!is_none(newline)) {
    StrObject* s = as_str(newline);
    for (int64_t i = 0; i < s->length; ++i) nl += s->at(i);
    if (nl != U"" && nl != U"\n" && nl != U"\r" && nl != U"\r\n") {
      return value_error("illegal newline value: {}", std::string(str_utf8(newline)));
    }
  }
  t->read_universal = is_none(newline) || nl.empty();
  t->read_translate = is_none(newline);
  t->readnl = new std::u32string(nl);
  t->write_translate = is_none(newline) || !nl.empty();
  t->writenl = new std::u32string(is_none(newline) || nl.empty() ? U"\n" : nl);
  return true;
}

bool set_codec(TextIOObject* t, Value self) {
  std::string_view encoding = str_utf8(t->encoding);
  t->codec = native_codec_for(encoding);
  decref(t->decoder);
  decref(t->encoder);
  t->decoder = t->encoder = Value();
  Ref<> readable = call_method0(t->buffer, str_intern_utf8("readable"));
  if (!readable) return false;
  Ref<> writable = call_method0(t->buffer, str_intern_utf8("writable"));
  if (!writable) return false;
  t->can_read = readable.value() == True();
  t->can_write = writable.value() == True();
  if (t->codec != NativeCodec::None) return true;
  Ref<> info = call_function_in_module("codecs", "lookup", t->encoding);
  if (!info) return false;
  Ref<> is_text;
  if (get_attr_optional(info, str_intern_utf8("_is_text_encoding"), &is_text) < 0) return false;
  if (is_text && is_true(is_text) == 0) {
    return raise(exc::LookupError, "{} is not a text encoding; use codecs.open() to handle arbitrary codecs",
                 repr_for_message(t->encoding));
  }
  if (t->can_read) {
    Ref<> factory = get_attr(info, "incrementaldecoder");
    if (!factory) return false;
    Ref<> decoder = call1(factory, t->errors);
    if (!decoder) return false;
    t->decoder = decoder.release();
  }
  if (t->can_write) {
    Ref<> factory = get_attr(info, "incrementalencoder");
    if (!factory) return false;
    Ref<> encoder = call1(factory, t->errors);
    if (!encoder) return false;
    t->encoder = encoder.release();
  }
  return true;
}

// Writing into a non-empty seekable stream (appending, or after reconfigure()): the encoder
// continues the stream, so no BOM is written again.
bool fix_encoder_state(TextIOObject* t) {
  if (!t->seekable || !t->encoder) return true;
  Ref<> position = call_method0(t->buffer, str_intern_utf8("tell"));
  if (!position) return false;
  return !is_int(position) || int_sign(position) == 0 || encoder_reset(t, false);
}

Ref<> textio_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  auto* t = allocate<TextIOObject>(type, size_t(type->basic_size));
  if (!t) return nullptr;
  t->undecoded = new std::string();
  t->decoded = new std::u32string();
  t->pending = new std::string();
  t->snapshot_input = new std::string();
  t->chunk_size = kDefaultBufferSize;
  gc_track(t);
  return Ref<>::steal(Value(t));
}

int textio_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const MethodDef def = {
      .name = "TextIOWrapper",
      .signature = "(buffer, encoding=None, errors=None, newline=None, line_buffering=False, write_through=False)"};
  if (!def.parsed_signature) def.parsed_signature = signature_parse(&def, nullptr);
  BoundArgs bound;
  if (!bind_arguments(*def.parsed_signature, args, nargs, kwnames, &bound)) return -1;
  Value* a = bound.values();
  TextIOObject* t = as_text(self);
  t->initialized = false;
  Value encoding = a[1], errors = a[2];
  if (!is_none(encoding) && !is_str(encoding)) {
    return type_error("TextIOWrapper() argument 'encoding' must be str or None, not {}", type_name(encoding));
  }
  if (!is_none(errors) && !is_str(errors)) {
    return type_error("TextIOWrapper() argument 'errors' must be str or None, not {}", type_name(errors));
  }
  if (is_none(encoding) && runtime().config.warn_default_encoding &&
      warn(exc::EncodingWarning, "'encoding' argument not specified") < 0) {
    return -1;
  }
  Ref<> encoding_name;
  if (is_none(encoding) || str_equal_ascii(as_str(encoding), "locale")) {
    encoding_name = str_from_utf8(locale_encoding());
  } else {
    encoding_name = new_ref(encoding);
  }
  if (!encoding_name) return -1;
  Ref<> errors_name = is_none(errors) ? Ref<>(str_from_ascii("strict")) : new_ref(errors);
  if (!errors_name) return -1;
  // Development mode checks the error handler's name up front, as CPython does.
  if (!is_none(errors) && runtime().config.dev_mode &&
      !call_function_in_module("_codecs", "lookup_error", errors)) {
    return -1;
  }
  if (!set_newline(t, a[3])) return -1;
  int line_buffering = is_true(a[4]);
  int write_through = is_true(a[5]);
  if (line_buffering < 0 || write_through < 0) return -1;
  incref(a[0]);
  decref(t->buffer);
  t->buffer = a[0];
  decref(t->encoding);
  t->encoding = encoding_name.release();
  decref(t->errors);
  t->errors = errors_name.release();
  t->line_buffering = line_buffering;
  t->write_through = write_through;
  t->decoded->clear();
  t->decoded_pos = 0;
  t->undecoded->clear();
  t->pending->clear();
  t->pending_cr = false;
  t->seen_newlines = 0;
  t->has_snapshot = false;
  if (!set_codec(t, self)) return -1;
  Ref<> seekable = call_method0(t->buffer, str_intern_utf8("seekable"));
  if (!seekable) return -1;
  t->seekable = t->telling = seekable.value() == True();
  if (!fix_encoder_state(t)) return -1;
  Ref<> read1;
  if (get_attr_optional(t->buffer, str_intern_utf8("read1"), &read1) < 0) return -1;
  t->has_read1 = bool(read1);
  t->detached = false;
  t->initialized = true;
  return 0;
}

void textio_dealloc(Object* o) {
  if (call_finalizer_from_dealloc(o)) return;
  gc_untrack(o);
  auto* t = static_cast<TextIOObject*>(o);
  delete t->undecoded;
  delete t->decoded;
  delete t->pending;
  delete t->snapshot_input;
  delete t->readnl;
  delete t->writenl;
  decref(t->buffer);
  decref(t->encoding);
  decref(t->errors);
  decref(t->decoder);
  decref(t->encoder);
  io_dealloc_fields(o);
  free_object(o);
}

void textio_traverse(Object* o, VisitFn visit, void* arg) {
  auto* t = static_cast<TextIOObject*>(o);
  for (Value v : {t->buffer, t->decoder, t->encoder}) {
    if (v.is_object()) visit(v.as_object(), arg);
  }
  io_traverse_fields(o, visit, arg);
}

void textio_clear(Object* o) {
  auto* t = static_cast<TextIOObject*>(o);
  for (Value* v : {&t->buffer, &t->decoder, &t->encoder}) {
    Value old = *v;
    *v = Value();
    decref(old);
  }
}

// --- Methods ---

Ref<> textio_write(Value self, const Value* args) {
  TextIOObject* t = as_text(self);
  if (!check_attached_open(self)) return nullptr;
  Value text_value = args[0];
  if (!is_str(text_value)) return type_error("write() argument must be str, not {}", type_name(text_value));
  if (!t->can_write) return raise_unsupported("not writable");
  StrObject* text = as_str(text_value);
  bool has_newline = false;
  Ref<> translated = new_ref(text_value);
  bool needs_translation = t->write_translate && *t->writenl != U"\n";
  for (int64_t i = 0; i < text->length; ++i) {
    if (text->at(i) == '\n') {
      has_newline = true;
      break;
    }
  }
  if (needs_translation && has_newline) {
    StrBuilder builder;
    for (int64_t i = 0; i < text->length; ++i) {
      char32_t c = text->at(i);
      if (c == '\n') {
        for (char32_t n : *t->writenl) builder.append(n);
      } else {
        builder.append(c);
      }
    }
    translated = builder.finish();
    if (!translated) return nullptr;
  }
  bool flush_now = t->line_buffering && has_newline;
  for (int64_t i = 0; t->line_buffering && !flush_now && i < text->length; ++i) flush_now = text->at(i) == '\r';
  std::string encoded;
  if (!encode_text(t, as_str(translated), &encoded)) return nullptr;
  // Pending bytes never grow past the chunk size by joining: they go out first.
  if (int64_t(t->pending->size() + encoded.size()) > t->chunk_size && !flush_pending(t)) return nullptr;
  t->pending->append(encoded);
  if (t->write_through || flush_now || int64_t(t->pending->size()) >= t->chunk_size) {
    if (!flush_pending(t)) return nullptr;
  }
  if (flush_now && !call_method0(t->buffer, ID(flush))) return nullptr;
  // Reading after writing starts afresh.
  t->decoded->clear();
  t->decoded_pos = 0;
  t->has_snapshot = false;
  if (t->decoder && !decoder_reset(t)) return nullptr;
  return int_from_int64(text->length);
}

// A read that fails part-way loses what it had gathered, as CPython's (it holds the
// characters in locals): the next read starts after the failure.
std::nullptr_t drop_partial(TextIOObject* t) {
  t->decoded->clear();
  t->decoded_pos = 0;
  return nullptr;
}

int64_t available_chars(TextIOObject* t) { return int64_t(t->decoded->size()) - t->decoded_pos; }

Ref<> take_chars(TextIOObject* t, int64_t n) {
  n = std::min(n, available_chars(t));
  Ref<> s = str_from_code_points(t->decoded->data() + t->decoded_pos, n);
  t->decoded_pos += n;
  return s;
}

Ref<> textio_read(Value self, const Value* args) {
  TextIOObject* t = as_text(self);
  if (!check_attached_open(self)) return nullptr;
  int64_t size;
  if (!io_size_argument(args[0], &size)) return nullptr;
  if (!t->can_read) return raise_unsupported("not readable");
  if (!flush_pending(t)) return nullptr;
  if (size < 0) {
    // Everything: the rest of the buffer, decoded at once.
    Ref<> rest = call_method0(t->buffer, ID(read));
    if (!rest) return nullptr;
    std::string_view bytes = is_bytes(rest) ? bytes_view(rest) : std::string_view();
    if (!is_bytes(rest) && !is_none(rest)) {
      return type_error("underlying read() should have returned a bytes object, not '{}'", type_name(rest));
    }
    std::u32string text(t->decoded->begin() + t->decoded_pos, t->decoded->end());
    if (!decode_chunk(t, bytes, true, &text)) return nullptr;
    t->decoded->clear();
    t->decoded_pos = 0;
    t->has_snapshot = false;
    return str_from_code_points(text.data(), int64_t(text.size()));
  }
  while (available_chars(t) < size) {
    bool eof;
    if (!read_chunk(self, size - available_chars(t), &eof)) return drop_partial(t);
    if (eof) break;
  }
  return take_chars(t, size);
}

// Position of the end of the first line in decoded[start...], or npos.
size_t find_line_end(TextIOObject* t, size_t start) {
  const std::u32string& text = *t->decoded;
  if (t->read_translate) {
    size_t n = text.find(U'\n', start);
    return n == std::u32string::npos ? n : n + 1;
  }
  if (t->read_universal) {
    for (size_t i = start; i < text.size(); ++i) {
      if (text[i] == U'\n') return i + 1;
      if (text[i] == U'\r') {
        if (i + 1 < text.size()) return text[i + 1] == U'\n' ? i + 2 : i + 1;
        return std::u32string::npos;  // a \r at the end: wait for the next chunk
      }
    }
    return std::u32string::npos;
  }
  size_t n = text.find(*t->readnl, start);
  return n == std::u32string::npos ? n : n + t->readnl->size();
}

Ref<> textio_readline(Value self, const Value* args) {
  TextIOObject* t = as_text(self);
  if (!check_attached_open(self)) return nullptr;
  if (!t->can_read) return raise_unsupported("not readable");
  int64_t limit;
  if (!io_size_argument(args[0], &limit)) return nullptr;
  if (!flush_pending(t)) return nullptr;
  size_t scanned = size_t(t->decoded_pos);
  for (;;) {
    size_t end = find_line_end(t, scanned);
    int64_t have = available_chars(t);
    if (end != std::u32string::npos) {
      int64_t n = int64_t(end) - t->decoded_pos;
      if (limit >= 0) n = std::min(n, limit);
      return take_chars(t, n);
    }
    if (limit >= 0 && have >= limit) return take_chars(t, limit);
    scanned = t->decoded->size();
    int64_t keep = t->decoded_pos;
    bool eof;
    if (!read_chunk(self, 0, &eof)) return drop_partial(t);
    scanned -= size_t(keep);
    if (eof) {
      if (!t->read_translate && t->read_universal) {
        // A trailing lone \r is a line end at EOF.
      }
      return take_chars(t, limit >= 0 ? std::min(available_chars(t), limit) : available_chars(t));
    }
  }
}

Ref<> textio_flush(Value self, const Value* args) {
  TextIOObject* t = as_text(self);
  if (!check_attached_open(self)) return nullptr;
  t->telling = t->seekable;
  if (!flush_pending(t)) return nullptr;
  return call_method0(t->buffer, ID(flush));
}

Ref<> textio_close(Value self, const Value* args) {
  TextIOObject* t = as_text(self);
  if (!check_initialized(t)) return nullptr;
  int closed = io_is_closed(self);
  if (closed < 0) return nullptr;
  if (closed) return new_none();
  if (t->finalizing) {
    // The file underneath warns that it was left open, naming this object.
    Ref<> keep = new_ref(t->buffer);
    if (!call_method1(keep, str_intern_utf8("_dealloc_warn"), self)) clear_error();
  }
  Ref<> flushed = call_method0(self, ID(flush));
  Ref<> flush_error = flushed ? Ref<>() : fetch_error();
  Ref<> result = call_method0(t->buffer, ID(close));
  if (flush_error) {
    if (!result) {
      Ref<> close_error = fetch_error();
      exception_set_context(close_error, flush_error);
      restore_error(std::move(close_error));
      return nullptr;
    }
    restore_error(std::move(flush_error));
    return nullptr;
  }
  return result;
}

Ref<> textio_detach(Value self, const Value* args) {
  TextIOObject* t = as_text(self);
  if (!check_initialized(t)) return nullptr;
  if (!call_method0(self, ID(flush))) return nullptr;
  Value buffer = t->buffer;
  t->buffer = Value();
  t->detached = true;
  return Ref<>::steal(buffer);
}

Ref<> forward(Value self, const char* method) {
  TextIOObject* t = as_text(self);
  if (!check_initialized(t)) return nullptr;
  return call_method0(t->buffer, str_intern_utf8(method));
}

Ref<> textio_fileno(Value self, const Value* args) { return forward(self, "fileno"); }
Ref<> textio_seekable(Value self, const Value* args) {
  if (!check_initialized(as_text(self))) return nullptr;
  return new_bool(as_text(self)->seekable);
}
Ref<> textio_readable(Value self, const Value* args) { return forward(self, "readable"); }
Ref<> textio_writable(Value self, const Value* args) { return forward(self, "writable"); }
Ref<> textio_isatty(Value self, const Value* args) { return forward(self, "isatty"); }

// The tell() cookie packs (position, decoder flags, bytes to feed, need EOF, chars to
// skip) into one int, as CPython's: each field 64 bits wide.
// The tell() cookie packs its fields as CPython's C implementation does (little-endian):
// start position (64 bits), decoder flags, bytes to feed, characters to skip (32 bits
// each, two's complement) and the need-EOF flag (8 bits).
constexpr int kCookieFieldBits[5] = {64, 32, 32, 32, 8};

Ref<> build_cookie(int64_t position, int64_t dec_flags, int64_t bytes_to_feed, bool need_eof, int64_t chars_to_skip) {
  const uint64_t values[5] = {uint64_t(position), uint64_t(uint32_t(dec_flags)), uint64_t(uint32_t(bytes_to_feed)),
                              uint64_t(uint32_t(chars_to_skip)), need_eof ? 1u : 0u};
  mpz_t cookie, part;
  mpz_init(cookie);
  mpz_init(part);
  int shift = 0;
  for (int i = 0; i < 5; ++i) {
    mpz_import(part, 1, -1, sizeof values[i], 0, 0, &values[i]);
    mpz_mul_2exp(part, part, unsigned(shift));
    mpz_ior(cookie, cookie, part);
    shift += kCookieFieldBits[i];
  }
  mpz_clear(part);
  return int_from_mpz_move(cookie);
}

bool parse_cookie(Value cookie_value, int64_t* position, int64_t* dec_flags, int64_t* bytes_to_feed,
                  bool* need_eof, int64_t* chars_to_skip) {
  mpz_t cookie, field;
  mpz_init(cookie);
  mpz_init(field);
  int_to_mpz(cookie_value, cookie);
  uint64_t values[5];
  for (int i = 0; i < 5; ++i) {
    mpz_fdiv_r_2exp(field, cookie, unsigned(kCookieFieldBits[i]));
    values[i] = 0;
    mpz_export(&values[i], nullptr, -1, sizeof values[i], 0, 0, field);
    mpz_fdiv_q_2exp(cookie, cookie, unsigned(kCookieFieldBits[i]));
  }
  mpz_clear(cookie);
  mpz_clear(field);
  *position = int64_t(values[0]);
  *dec_flags = int32_t(uint32_t(values[1]));
  *bytes_to_feed = int32_t(uint32_t(values[2]));
  *chars_to_skip = int32_t(uint32_t(values[3]));
  *need_eof = values[4] != 0;
  return true;
}

Ref<> textio_tell(Value self, const Value* args) {
  TextIOObject* t = as_text(self);
  if (!check_attached_open(self)) return nullptr;
  if (!t->seekable) return raise_unsupported("underlying stream is not seekable");
  if (!t->telling) return raise(exc::OSError, "telling position disabled by next() call");
  if (!call_method0(self, ID(flush))) return nullptr;
  Ref<> position_value = call_method0(t->buffer, str_intern_utf8("tell"));
  if (!position_value) return nullptr;
  int64_t position;
  if (!int_as_int64(position_value, &position)) return nullptr;
  if (!t->has_snapshot) return position_value;
  if (available_chars(t) == 0) {
    // Everything decoded was used: the position is where raw is, with the decoder's state
    // (unless the decoder still holds input, as a stateful decoder may).
    std::string held;
    int64_t flags;
    if (!decoder_getstate(t, &held, &flags)) return nullptr;
    if (held.empty()) return build_cookie(position, flags, 0, false, 0);
  }
  // Start from the snapshot and find how many input bytes produce the characters returned.
  int64_t start = position - int64_t(t->snapshot_input->size());
  // The snapshot covers the last chunk only: characters carried from before it don't count.
  int64_t chars_to_skip = t->decoded_pos - t->snapshot_base;
  if (chars_to_skip < 0) return raise(exc::OSError, "can't reconstruct logical file position");
  if (chars_to_skip == 0) return build_cookie(start, t->snapshot_flags, 0, false, 0);
  std::string saved_buffer;
  int64_t saved_flags;
  if (!decoder_getstate(t, &saved_buffer, &saved_flags)) return nullptr;
  bool saved_pending_cr = t->pending_cr;
  uint8_t saved_seen = t->seen_newlines;
  std::string input = *t->snapshot_input;
  Ref<> cookie;
  // Feed one byte at a time until the decoder produced chars_to_skip characters at a safe
  // start point.
  if (!decoder_setstate(t, "", t->snapshot_flags)) return nullptr;
  int64_t start_pos = start, start_flags = t->snapshot_flags;
  int64_t bytes_fed = 0, chars_decoded = 0, skip_bytes = 0, skip_back = 0;
  for (size_t i = 0; i < input.size(); ++i) {
    std::u32string out;
    ++bytes_fed;
    if (!decode_chunk(t, std::string_view(input.data() + i, 1), false, &out)) return nullptr;
    chars_decoded += int64_t(out.size());
    std::string dec_buffer;
    int64_t dec_flags;
    if (!decoder_getstate(t, &dec_buffer, &dec_flags)) return nullptr;
    if (dec_buffer.empty() && chars_decoded <= chars_to_skip) {
      // A safe start point: no pending input in the decoder.
      start_pos += bytes_fed;
      chars_to_skip -= chars_decoded;
      start_flags = dec_flags;
      bytes_fed = 0;
      chars_decoded = 0;
    }
    if (chars_decoded >= chars_to_skip) {
      skip_bytes = bytes_fed;
      break;
    }
    (void)skip_back;
  }
  bool need_eof = false;
  if (chars_decoded < chars_to_skip) {
    std::u32string out;
    if (!decode_chunk(t, "", true, &out)) return nullptr;
    chars_decoded += int64_t(out.size());
    need_eof = true;
    if (chars_decoded < chars_to_skip) return raise(exc::OSError, "can't reconstruct logical file position");
  }
  cookie = build_cookie(start_pos, start_flags, skip_bytes ? skip_bytes : bytes_fed, need_eof, chars_to_skip);
  if (!decoder_setstate(t, saved_buffer, saved_flags)) return nullptr;
  t->pending_cr = saved_pending_cr;
  t->seen_newlines = saved_seen;
  return cookie;
}

Ref<> textio_seek(Value self, const Value* args) {
  TextIOObject* t = as_text(self);
  if (!check_attached_open(self)) return nullptr;
  int64_t whence;
  if (!int_as_int64(args[1], &whence)) return nullptr;
  if (!t->seekable) return raise_unsupported("underlying stream is not seekable");
  Value cookie = args[0];
  if (!is_int(cookie)) return type_error("an integer is required");
  if (whence == 1) {
    if (int_sign(cookie) != 0) return raise_unsupported("can't do nonzero cur-relative seeks");
    return call_method0(self, str_intern_utf8("tell"));
  }
  if (whence == 2) {
    if (int_sign(cookie) != 0) return raise_unsupported("can't do nonzero end-relative seeks");
    if (!call_method0(self, ID(flush))) return nullptr;
    t->decoded->clear();
    t->decoded_pos = 0;
    t->has_snapshot = false;
    if (t->decoder || t->codec != NativeCodec::None) {
      if (!decoder_reset(t)) return nullptr;
    }
    Ref<> end = call_method2(t->buffer, str_intern_utf8("seek"), Value::small_int(0), Value::small_int(2));
    if (!end) return nullptr;
    if (t->encoder && !encoder_reset(t, is_int(end) && int_sign(end) == 0)) return nullptr;
    return end;
  }
  if (whence != 0) return value_error("invalid whence ({}, should be 0, 1 or 2)", whence);
  if (int_sign(cookie) < 0) return value_error("negative seek position {}", repr_for_message(cookie));
  if (!call_method0(self, ID(flush))) return nullptr;
  int64_t position, dec_flags, bytes_to_feed, chars_to_skip;
  bool need_eof;
  if (!parse_cookie(cookie, &position, &dec_flags, &bytes_to_feed, &need_eof, &chars_to_skip)) return nullptr;
  Ref<> moved = call_method1(t->buffer, str_intern_utf8("seek"), Value::small_int(position));
  if (!moved) return nullptr;
  t->decoded->clear();
  t->decoded_pos = 0;
  t->has_snapshot = false;
  if (!decoder_reset(t)) return nullptr;
  if (dec_flags && !decoder_setstate(t, "", dec_flags)) return nullptr;
  if (!encoder_reset(t, int_sign(cookie) == 0)) return nullptr;
  t->has_snapshot = true;
  t->snapshot_flags = dec_flags;
  t->snapshot_base = 0;
  t->snapshot_input->clear();
  if (chars_to_skip || bytes_to_feed) {
    Ref<> input = call_method1(t->buffer, ID(read), Value::small_int(bytes_to_feed));
    if (!input) return nullptr;
    std::string_view bytes = is_bytes(input) ? bytes_view(input) : std::string_view();
    *t->snapshot_input = std::string(bytes);
    if (!decode_chunk(t, bytes, need_eof, t->decoded)) return nullptr;
    if (int64_t(t->decoded->size()) < chars_to_skip) return raise(exc::OSError, "can't restore logical file position");
    t->decoded_pos = chars_to_skip;
  }
  return new_ref(cookie);
}

Ref<> textio_truncate(Value self, const Value* args) {
  TextIOObject* t = as_text(self);
  if (!check_attached_open(self)) return nullptr;
  if (!call_method0(self, ID(flush))) return nullptr;
  Value pos = args[0] && !is_none(args[0]) ? args[0] : Value();
  if (!pos) return call_method0(t->buffer, str_intern_utf8("truncate"));
  return call_method1(t->buffer, str_intern_utf8("truncate"), pos);
}

Ref<> textio_reconfigure(Value self, const Value* args) {
  TextIOObject* t = as_text(self);
  if (!check_initialized(t)) return nullptr;
  Value encoding = args[0], errors = args[1], newline = args[2], line_buffering = args[3], write_through = args[4];
  if ((encoding || errors || newline) && available_chars(t) > 0) {
    return raise_unsupported("It is not possible to set the encoding or newline of stream after the first read");
  }
  if (!call_method0(self, ID(flush))) return nullptr;  // the implicit flush, buffer included
  if (encoding || errors) {
    if (encoding && !is_none(encoding)) {
      Ref<> name = str_equal_ascii(as_str(encoding), "locale") ? Ref<>(str_from_utf8(locale_encoding())) : new_ref(encoding);
      decref(t->encoding);
      t->encoding = name.release();
      if (!errors) {
        decref(t->errors);
        t->errors = str_from_ascii("strict").release();
      }
    }
    if (errors && !is_none(errors)) {
      incref(errors);
      decref(t->errors);
      t->errors = errors;
    }
    if (!set_codec(t, self) || !fix_encoder_state(t)) return nullptr;
  }
  if (newline && !set_newline(t, newline)) return nullptr;
  if (line_buffering && !is_none(line_buffering)) {
    int v = is_true(line_buffering);
    if (v < 0) return nullptr;
    t->line_buffering = v;
  }
  if (write_through && !is_none(write_through)) {
    int v = is_true(write_through);
    if (v < 0) return nullptr;
    t->write_through = v;
  }
  return new_none();
}

Ref<> textio_repr(Value self) {
  TextIOObject* t = as_text(self);
  std::string type = type_of(self) == &textiowrapper_type ? "_io.TextIOWrapper" : type_name(self);
  if (!t->initialized) return value_error("I/O operation on uninitialized object");
  std::string out = "<" + type;
  Ref<> name;
  int found = get_attr_optional(self, ID(name), &name);
  if (found < 0) {
    if (!error_matches(&exc::Exception)) return nullptr;
    clear_error();
  } else if (found) {
    Ref<StrObject> r = repr(name);
    if (!r) return nullptr;
    out += " name=" + std::string(str_utf8(r.get()));
  }
  Ref<> mode;
  found = get_attr_optional(self, ID(mode), &mode);
  if (found < 0) {
    clear_error();
  } else if (found) {
    Ref<StrObject> r = repr(mode);
    if (!r) return nullptr;
    out += " mode=" + std::string(str_utf8(r.get()));
  }
  Ref<StrObject> encoding_repr = repr(t->encoding);
  if (!encoding_repr) return nullptr;
  out += " encoding=" + std::string(str_utf8(encoding_repr.get())) + ">";
  return str_from_utf8(out);
}

Ref<> textio_iternext(Value self) {
  TextIOObject* t = as_text(self);
  if (!check_attached_open(self)) return nullptr;
  t->telling = false;
  Value none_arg[1] = {None()};
  Ref<> line = type_of(self) == &textiowrapper_type ? textio_readline(self, none_arg) : call_method0(self, ID(readline));
  if (!line) return nullptr;
  if (!is_str(line)) return raise(exc::OSError, "readline() should have returned a str object, not '{}'", type_name(line));
  if (as_str(line)->length == 0) {
    t->has_snapshot = false;
    t->telling = t->seekable;
    return nullptr;
  }
  return line;
}

Ref<> textio_getstate(Value self, const Value* args) {
  return type_error("cannot pickle '{}' object", type_name(self));
}

Ref<> get_encoding(Value self) {  // a member in CPython: no initialised/detached check
  Value v = as_text(self)->encoding;
  return v ? new_ref(v) : new_none();
}
Ref<> get_errors(Value self) {  // a member in CPython: no initialised/detached check
  Value v = as_text(self)->errors;
  return v ? new_ref(v) : new_none();
}
Ref<> get_buffer(Value self) {
  if (!check_initialized(as_text(self))) return nullptr;
  return new_ref(as_text(self)->buffer);
}
Ref<> get_line_buffering(Value self) { return new_bool(as_text(self)->line_buffering); }
Ref<> get_write_through(Value self) { return new_bool(as_text(self)->write_through); }
Ref<> get_closed(Value self) {
  if (!check_initialized(as_text(self))) return nullptr;
  return get_attr(as_text(self)->buffer, ID(closed));
}
Ref<> get_name(Value self) {
  if (!check_initialized(as_text(self))) return nullptr;
  return get_attr(as_text(self)->buffer, ID(name));
}
Ref<> newlines_value(uint8_t seen) {
  std::vector<const char*> names;
  if (seen & 1) names.push_back("\r");
  if (seen & 2) names.push_back("\n");
  if (seen & 4) names.push_back("\r\n");
  if (names.empty()) return new_none();
  if (names.size() == 1) return str_from_ascii(names[0]);
  Ref<TupleObject> t = tuple_allocate(int64_t(names.size()));
  if (!t) return nullptr;
  for (size_t i = 0; i < names.size(); ++i) t->items[i] = str_from_ascii(names[i]).release();
  return t;
}
Ref<> get_newlines(Value self) {
  TextIOObject* t = as_text(self);
  if (!check_initialized(t)) return nullptr;
  if (!t->read_universal) return new_none();
  return newlines_value(t->seen_newlines);
}
Ref<> get_chunk_size(Value self) { return int_from_int64(as_text(self)->chunk_size); }
int set_chunk_size(Value self, Value value) {
  if (!value) return attribute_error("cannot delete attribute");
  int64_t n;
  if (!int_as_int64(value, &n)) return -1;
  if (n <= 0) return value_error("a strictly positive integer is required");
  as_text(self)->chunk_size = n;
  return 0;
}
Ref<> get_finalizing(Value self) { return new_bool(as_text(self)->finalizing); }
int set_finalizing(Value self, Value value) { return io_set_finalizing(&as_text(self)->finalizing, value); }

const MethodDef textio_methods[] = {
    {.name = "detach", .impl = textio_detach, .signature = "($self, /)"},
    {.name = "reconfigure", .impl = textio_reconfigure,
     .signature = "($self, /, *, encoding=?, errors=?, newline=?, line_buffering=?, write_through=?)"},
    {.name = "write", .impl = textio_write, .signature = "($self, text, /)"},
    {.name = "read", .impl = textio_read, .signature = "($self, size=-1, /)"},
    {.name = "readline", .impl = textio_readline, .signature = "($self, size=-1, /)"},
    {.name = "flush", .impl = textio_flush, .signature = "($self, /)"},
    {.name = "close", .impl = textio_close, .signature = "($self, /)"},
    {.name = "fileno", .impl = textio_fileno, .signature = "($self, /)"},
    {.name = "seekable", .impl = textio_seekable, .signature = "($self, /)"},
    {.name = "readable", .impl = textio_readable, .signature = "($self, /)"},
    {.name = "writable", .impl = textio_writable, .signature = "($self, /)"},
    {.name = "isatty", .impl = textio_isatty, .signature = "($self, /)"},
    {.name = "seek", .impl = textio_seek, .signature = "($self, cookie, whence=0, /)"},
    {.name = "tell", .impl = textio_tell, .signature = "($self, /)"},
    {.name = "truncate", .impl = textio_truncate, .signature = "($self, pos=None, /)"},
    {.name = "__getstate__", .impl = textio_getstate, .signature = "($self, /)"},
    {},
};

const GetSetDef textio_getsets[] = {
    {"encoding", get_encoding},
    {"errors", get_errors},
    {"buffer", get_buffer},
    {"line_buffering", get_line_buffering},
    {"write_through", get_write_through},
    {"closed", get_closed},
    {"name", get_name},
    {"newlines", get_newlines},
    {"_CHUNK_SIZE", get_chunk_size, set_chunk_size},
    {"_finalizing", get_finalizing, set_finalizing},
    {},
};

// --- IncrementalNewlineDecoder ---

struct NewlineDecoderObject : Object {
  Value decoder;  // may be None
  bool translate;
  bool pending_cr;
  uint8_t seen;
  Value errors;
};

NewlineDecoderObject* as_nl(Value v) { return static_cast<NewlineDecoderObject*>(v.as_object()); }

Ref<> nl_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  auto* d = allocate<NewlineDecoderObject>(type, size_t(type->basic_size));
  if (!d) return nullptr;
  gc_track(d);
  return Ref<>::steal(Value(d));
}

int nl_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const MethodDef def = {.name = "IncrementalNewlineDecoder", .signature = "(decoder, translate, errors='strict')"};
  if (!def.parsed_signature) def.parsed_signature = signature_parse(&def, nullptr);
  BoundArgs bound;
  if (!bind_arguments(*def.parsed_signature, args, nargs, kwnames, &bound)) return -1;
  NewlineDecoderObject* d = as_nl(self);
  int translate = is_true(bound.values()[1]);
  if (translate < 0) return -1;
  incref(bound.values()[0]);
  decref(d->decoder);
  d->decoder = bound.values()[0];
  incref(bound.values()[2]);
  decref(d->errors);
  d->errors = bound.values()[2];
  d->translate = translate;
  d->pending_cr = false;
  d->seen = 0;
  return 0;
}

void nl_dealloc(Object* o) {
  gc_untrack(o);
  auto* d = static_cast<NewlineDecoderObject*>(o);
  decref(d->decoder);
  decref(d->errors);
  free_object(o);
}

void nl_traverse(Object* o, VisitFn visit, void* arg) {
  auto* d = static_cast<NewlineDecoderObject*>(o);
  if (d->decoder.is_object()) visit(d->decoder.as_object(), arg);
  if (d->errors.is_object()) visit(d->errors.as_object(), arg);
}

Ref<> nl_decode(Value self, const Value* args) {
  NewlineDecoderObject* d = as_nl(self);
  int final = is_true(args[1]);
  if (final < 0) return nullptr;
  Ref<> output;
  if (is_none(d->decoder)) {
    output = new_ref(args[0]);
  } else {
    Value call_args[2] = {args[0], bool_value(final)};
    output = call_method(d->decoder, str_intern_utf8("decode"), call_args, 2);
    if (!output) return nullptr;
  }
  if (!is_str(output)) return type_error("decoder should return a string result, not '{}'", type_name(output));
  StrObject* s = as_str(output);
  std::u32string text;
  if (d->pending_cr && (final || s->length > 0)) {
    text += U'\r';
    d->pending_cr = false;
  }
  for (int64_t i = 0; i < s->length; ++i) text += s->at(i);
  if (!final && !text.empty() && text.back() == U'\r') {
    text.pop_back();
    d->pending_cr = true;
  }
  std::u32string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char32_t c = text[i];
    if (c == U'\r') {
      bool crlf = i + 1 < text.size() && text[i + 1] == U'\n';
      d->seen |= crlf ? 4 : 1;
      if (d->translate) {
        out += U'\n';
        if (crlf) ++i;
        continue;
      }
    } else if (c == U'\n') {
      d->seen |= 2;
    }
    out += c;
  }
  return str_from_code_points(out.data(), int64_t(out.size()));
}

Ref<> nl_getstate(Value self, const Value* args) {
  NewlineDecoderObject* d = as_nl(self);
  Ref<> buffer;
  int64_t flags = 0;
  if (!is_none(d->decoder)) {
    Ref<> state = call_method0(d->decoder, str_intern_utf8("getstate"));
    if (!state) return nullptr;
    if (!is_tuple(state) || as_tuple(state)->length != 2) return type_error("illegal decoder state");
    buffer = new_ref(as_tuple(state)->items[0]);
    if (!int_as_int64(as_tuple(state)->items[1], &flags)) return nullptr;
  } else {
    buffer = bytes_from("");
  }
  Ref<> flag_value = int_from_int64((flags << 1) | (d->pending_cr ? 1 : 0));
  return tuple_of({buffer.value(), flag_value.value()});
}

Ref<> nl_setstate(Value self, const Value* args) {
  NewlineDecoderObject* d = as_nl(self);
  if (!is_tuple(args[0]) || as_tuple(args[0])->length != 2) return type_error("state argument must be a tuple");
  TupleObject* state = as_tuple(args[0]);
  int64_t flags;
  if (!int_as_int64(state->items[1], &flags)) return nullptr;
  d->pending_cr = flags & 1;
  if (!is_none(d->decoder)) {
    Ref<> inner_flags = int_from_int64(flags >> 1);
    Ref<TupleObject> inner = tuple_of({state->items[0], inner_flags.value()});
    if (!inner || !call_method1(d->decoder, str_intern_utf8("setstate"), inner.value())) return nullptr;
  }
  return new_none();
}

Ref<> nl_reset(Value self, const Value* args) {
  NewlineDecoderObject* d = as_nl(self);
  d->seen = 0;
  d->pending_cr = false;
  if (!is_none(d->decoder) && !call_method0(d->decoder, str_intern_utf8("reset"))) return nullptr;
  return new_none();
}

Ref<> nl_get_newlines(Value self) { return newlines_value(as_nl(self)->seen); }

const MethodDef nl_methods[] = {
    {.name = "decode", .impl = nl_decode, .signature = "($self, /, input, final=False)"},
    {.name = "getstate", .impl = nl_getstate, .signature = "($self, /)"},
    {.name = "setstate", .impl = nl_setstate, .signature = "($self, state, /)"},
    {.name = "reset", .impl = nl_reset, .signature = "($self, /)"},
    {},
};

const GetSetDef nl_getsets[] = {
    {"newlines", nl_get_newlines},
    {},
};

}  // namespace

TypeObject textiowrapper_type{TypeSpec{
    .name = "_io.TextIOWrapper",
    .doc = "Character and line based layer over a BufferedIOBase object, buffer.",
    .basic_size = sizeof(TextIOObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .base = &textiobase_type,
    .dict_offset = offsetof(TextIOObject, dict),
    .weaklist_offset = offsetof(TextIOObject, weakreflist),
    .slots = {.dealloc = textio_dealloc, .traverse = textio_traverse, .clear = textio_clear,
              .new_instance = textio_new, .init = textio_init, .repr = textio_repr,
              .getattr = generic_get_attr, .setattr = generic_set_attr, .iter = io_iter,
              .iternext = textio_iternext},
    .methods = textio_methods,
    .getsets = textio_getsets,
}};

TypeObject incrementalnewlinedecoder_type{TypeSpec{
    .name = "_io.IncrementalNewlineDecoder",
    .doc = "Codec used when reading a file in universal newlines mode.",
    .basic_size = sizeof(NewlineDecoderObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .slots = {.dealloc = nl_dealloc, .traverse = nl_traverse, .new_instance = nl_new, .init = nl_init,
              .getattr = generic_get_attr},
    .methods = nl_methods,
    .getsets = nl_getsets,
}};

}  // namespace krait
