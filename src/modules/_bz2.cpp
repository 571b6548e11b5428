// The _bz2 module on the system libbz2, as CPython's C module: BZ2Compressor (compress,
// flush) and BZ2Decompressor (decompress with max_length, eof, unused_data, needs_input),
// on which bz2.py builds BZ2File, open, compress and decompress.
#include <bzlib.h>

#include <climits>
#include <cstring>
#include <string>

#include "core/args.h"
#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/output_buffer.h"
#include "objects/bytes.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"

namespace krait {

namespace {

// libbzip2's status codes as Python exceptions (CPython's catch_bz2_error); false if raised.
bool check_bz2(int status) {
  switch (status) {
    case BZ_OK:
    case BZ_RUN_OK:
    case BZ_FLUSH_OK:
    case BZ_FINISH_OK:
    case BZ_STREAM_END:
      return true;
    case BZ_PARAM_ERROR:
      return value_error("Internal error - invalid parameters passed to libbzip2");
    case BZ_MEM_ERROR:
      return raise_memory_error();
    case BZ_DATA_ERROR:
    case BZ_DATA_ERROR_MAGIC:
      return raise(exc::OSError, "Invalid data stream");
    case BZ_IO_ERROR:
      return raise(exc::OSError, "Unknown I/O error");
    case BZ_UNEXPECTED_EOF:
      return raise(exc::EOFError, "Compressed file ended before the logical end-of-stream was detected");
    case BZ_SEQUENCE_ERROR:
      return runtime_error("Internal error - Invalid sequence of commands sent to libbzip2");
    default:
      return system_error("Unrecognized error from libbzip2: {}", int64_t(status));
  }
}

// bz_stream counts input in unsigned int: feed at most UINT_MAX bytes per step.
void feed_input(bz_stream* stream, size_t* remaining) {
  stream->avail_in = unsigned(std::min<size_t>(*remaining, UINT_MAX));
  *remaining -= stream->avail_in;
}

// --- BZ2Compressor ---

struct CompressorObject : Object {
  bz_stream stream;
  bool initialised;
  bool flushed;
};

extern TypeObject compressor_type;

CompressorObject* as_compressor(Value v) { return static_cast<CompressorObject*>(v.as_object()); }

Ref<> compressor_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const MethodDef def = {.name = "BZ2Compressor", .signature = "($type, compresslevel=9, /)",
                                .flags = kMethodConstructor};
  static Signature* signature = signature_parse(&def, nullptr);
  BoundArgs bound;
  if (!bind_arguments(*signature, args, nargs, kwnames, &bound)) return nullptr;
  int64_t level = 9;
  if (Value given = bound.values()[0]) {
    if (!is_int(given)) return type_error("'{}' object cannot be interpreted as an integer", type_name(given));
    if (!index_to_int64(given, &level)) return nullptr;
  }
  if (level < 1 || level > 9) return value_error("compresslevel must be between 1 and 9");
  auto* self = allocate<CompressorObject>(type);
  if (!self) return nullptr;
  Ref<> result = Ref<>::steal(Value(self));
  if (!check_bz2(BZ2_bzCompressInit(&self->stream, int(level), 0, 0))) return nullptr;
  self->initialised = true;
  return result;
}

void compressor_dealloc(Object* o) {
  auto* self = static_cast<CompressorObject*>(o);
  if (self->initialised) BZ2_bzCompressEnd(&self->stream);
  free_object(o);
}

// Runs the compressor over `data` with `action` (BZ_RUN or BZ_FINISH).
Ref<> run_compressor(CompressorObject* self, const char* data, size_t length, int action) {
  bz_stream& stream = self->stream;
  stream.next_in = const_cast<char*>(data);
  stream.avail_in = 0;
  size_t remaining = length;
  BlockOutputBuffer output;
  if (!output.init(-1, &stream.next_out, &stream.avail_out)) return nullptr;
  for (;;) {
    if (stream.avail_in == 0 && action == BZ_RUN) {
      if (remaining == 0) break;
      feed_input(&stream, &remaining);
    }
    if (stream.avail_out == 0 && !output.grow(&stream.next_out, &stream.avail_out)) return nullptr;
    int status = BZ2_bzCompress(&stream, action);
    if (!check_bz2(status)) return nullptr;
    if (action == BZ_FINISH && status == BZ_STREAM_END) break;
  }
  return output.finish(stream.next_out);
}

Ref<> compressor_compress(Value self_value, const Value* args) {
  CompressorObject* self = as_compressor(self_value);
  Buffer data;
  if (!buffer_get(args[0], &data, kBufferSimple)) return nullptr;
  Ref<> result = self->flushed ? Ref<>(value_error("Compressor has been flushed"))
                               : run_compressor(self, static_cast<const char*>(data.data), size_t(data.length), BZ_RUN);
  buffer_release(&data);
  return result;
}

Ref<> compressor_flush(Value self_value, const Value*) {
  CompressorObject* self = as_compressor(self_value);
  if (self->flushed) return value_error("Repeated call to flush()");
  self->flushed = true;
  return run_compressor(self, nullptr, 0, BZ_FINISH);
}

// The (de)compressor state lives in libbz2: not picklable (CPython refuses through the
// basic size of the object).
Ref<> refuse_getstate(Value self, const Value*) {
  return type_error("cannot pickle '{}' object", type_of(self)->name);
}

const MethodDef compressor_methods[] = {
    {.name = "compress", .impl = compressor_compress, .signature = "($self, data, /)",
     .doc = "Provide data to the compressor object.\n\n"
            "Returns a chunk of compressed data if possible, or b'' otherwise.\n\n"
            "When you have finished providing data to the compressor, call the\n"
            "flush() method to finish the compression process."},
    {.name = "flush", .impl = compressor_flush, .signature = "($self, /)",
     .doc = "Finish the compression process.\n\n"
            "Returns the compressed data left in internal buffers.\n\n"
            "The compressor object may not be used after this method is called."},
    {.name = "__getstate__", .impl = refuse_getstate, .signature = "($self, /)"},
    {},
};

TypeObject compressor_type{TypeSpec{
    .name = "_bz2.BZ2Compressor",
    .doc = "Create a compressor object for compressing data incrementally.\n\n"
           "  compresslevel\n    Compression level, as a number between 1 and 9.\n\n"
           "For one-shot compression, use the compress() function instead.",
    .basic_size = sizeof(CompressorObject),
    .flags = kTypeBaseType,
    .slots = {.dealloc = compressor_dealloc, .new_instance = compressor_new, .getattr = generic_get_attr},
    .methods = compressor_methods,
}};

// --- BZ2Decompressor ---

struct DecompressorObject : Object {
  bz_stream stream;
  std::string* pending;   // input not consumed yet (max_length stopped the output)
  Object* unused_data;    // bytes after the end of the stream
  bool initialised;
  bool eof;
  bool needs_input;
  bool broken;  // libbz2 reported an error: its state is unusable
};

extern TypeObject decompressor_type;

DecompressorObject* as_decompressor(Value v) { return static_cast<DecompressorObject*>(v.as_object()); }

Ref<> decompressor_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (nargs > 0) return type_error("BZ2Decompressor() takes no positional arguments");
  if (kwnames && kwnames->length > 0) return type_error("BZ2Decompressor() takes no keyword arguments");
  Ref<BytesObject> empty = bytes_from({});
  if (!empty) return nullptr;
  auto* self = allocate<DecompressorObject>(type);
  if (!self) return nullptr;
  Ref<> result = Ref<>::steal(Value(self));
  self->unused_data = empty.release_object();
  self->pending = new std::string();
  self->needs_input = true;
  if (!check_bz2(BZ2_bzDecompressInit(&self->stream, 0, 0))) return nullptr;
  self->initialised = true;
  return result;
}

void decompressor_dealloc(Object* o) {
  auto* self = static_cast<DecompressorObject*>(o);
  if (self->initialised) BZ2_bzDecompressEnd(&self->stream);
  delete self->pending;
  if (self->unused_data) decref(self->unused_data);
  free_object(o);
}

Ref<> decompressor_decompress(Value self_value, const Value* args) {
  DecompressorObject* self = as_decompressor(self_value);
  int64_t max_length = -1;
  if (args[1] && !index_to_int64(args[1], &max_length)) return nullptr;
  Buffer data;
  if (!buffer_get(args[0], &data, kBufferSimple)) return nullptr;
  struct Release {
    Buffer* view;
    ~Release() { buffer_release(view); }
  } release{&data};
  if (self->eof) return raise(exc::EOFError, "End of stream already reached");
  if (self->broken) return value_error("Decompressor unusable after a previous error");
  // Input left over from the last call comes first.
  const char* input = static_cast<const char*>(data.data);
  size_t remaining = size_t(data.length);
  if (!self->pending->empty()) {
    self->pending->append(input, remaining);
    input = self->pending->data();
    remaining = self->pending->size();
  }
  bz_stream& stream = self->stream;
  stream.next_in = const_cast<char*>(input);
  BlockOutputBuffer output;
  if (!output.init(max_length, &stream.next_out, &stream.avail_out)) return nullptr;
  for (;;) {
    feed_input(&stream, &remaining);
    int status = BZ2_bzDecompress(&stream);
    remaining += stream.avail_in;
    if (!check_bz2(status)) {
      self->broken = true;
      self->needs_input = false;
      self->pending->clear();
      return nullptr;
    }
    if (status == BZ_STREAM_END) {
      self->eof = true;
      break;
    }
    if (remaining == 0) break;
    if (stream.avail_out == 0) {
      if (output.at_limit(stream.next_out)) break;
      if (!output.grow(&stream.next_out, &stream.avail_out)) return nullptr;
    }
  }
  Ref<> result = output.finish(stream.next_out);
  if (!result) return nullptr;
  std::string rest(stream.next_in, remaining);
  if (self->eof) {
    self->needs_input = false;
    if (!rest.empty()) {
      Ref<BytesObject> unused = bytes_from(rest);
      if (!unused) return nullptr;
      decref(self->unused_data);
      self->unused_data = unused.release_object();
    }
    self->pending->clear();
  } else {
    self->needs_input = rest.empty();
    *self->pending = std::move(rest);
  }
  return result;
}

const MethodDef decompressor_methods[] = {
    {.name = "decompress", .impl = decompressor_decompress, .signature = "($self, /, data, max_length=-1)",
     .doc = "Decompress *data*, returning uncompressed data as bytes.\n\n"
            "If *max_length* is nonnegative, returns at most *max_length* bytes of\n"
            "decompressed data. If this limit is reached and further output can be\n"
            "produced, *self.needs_input* will be set to ``False``. In this case, the next\n"
            "call to *decompress()* may provide *data* as b'' to obtain more of the output.\n\n"
            "If all of the input data was decompressed and returned (either because this\n"
            "was less than *max_length* bytes, or because *max_length* was negative),\n"
            "*self.needs_input* will be set to True.\n\n"
            "Attempting to decompress data after the end of stream is reached raises an\n"
            "EOFError.  Any data found after the end of the stream is ignored and saved in\n"
            "the unused_data attribute."},
    {.name = "__getstate__", .impl = refuse_getstate, .signature = "($self, /)"},
    {},
};

const MemberDef decompressor_members[] = {
    {"eof", MemberKind::Bool, offsetof(DecompressorObject, eof), true, "True if the end-of-stream marker has been reached."},
    {"unused_data", MemberKind::Object, offsetof(DecompressorObject, unused_data), true,
     "Data found after the end of the compressed stream."},
    {"needs_input", MemberKind::Bool, offsetof(DecompressorObject, needs_input), true,
     "True if more input is needed before more decompressed data can be produced."},
    {},
};

TypeObject decompressor_type{TypeSpec{
    .name = "_bz2.BZ2Decompressor",
    .doc = "Create a decompressor object for decompressing data incrementally.\n\n"
           "For one-shot decompression, use the decompress() function instead.",
    .basic_size = sizeof(DecompressorObject),
    .flags = kTypeBaseType,
    .slots = {.dealloc = decompressor_dealloc, .new_instance = decompressor_new, .getattr = generic_get_attr},
    .methods = decompressor_methods,
    .members = decompressor_members,
}};

bool bz2_exec(ModuleObject* module) {
  return module_add_type(module, &compressor_type) && module_add_type(module, &decompressor_type);
}

}  // namespace

extern const ModuleDef module__bz2 = {
    .name = "_bz2",
    .exec = bz2_exec,
};

}  // namespace krait
