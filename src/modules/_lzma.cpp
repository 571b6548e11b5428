// The _lzma module on the system liblzma, as CPython's C module: LZMACompressor and
// LZMADecompressor for the .xz, .lzma ("alone") and raw formats, filter chains given as
// dicts ({"id": FILTER_LZMA2, "preset": 6, ...}), the integrity-check and filter
// constants, is_check_supported and the filter-properties helpers lzma.py uses.
#include <lzma.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/alloc.h"
#include "core/args.h"
#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/module_exceptions.h"
#include "modules/output_buffer.h"
#include "objects/bytes.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/type_internal.h"

namespace krait {

namespace {

enum Format : int64_t { kFormatAuto = 0, kFormatXz = 1, kFormatAlone = 2, kFormatRaw = 3 };
constexpr int kCheckUnknown = LZMA_CHECK_ID_MAX + 1;

Object* lzma_error_type = nullptr;  // _lzma.LZMAError, made once

Raised lzma_error(const char* message) { return raise(*static_cast<TypeObject*>(lzma_error_type), message); }

// liblzma's status codes as Python exceptions (CPython's catch_lzma_error); false if raised.
bool check_lzma(lzma_ret status) {
  switch (status) {
    case LZMA_OK:
    case LZMA_GET_CHECK:
    case LZMA_NO_CHECK:
    case LZMA_STREAM_END:
      return true;
    case LZMA_UNSUPPORTED_CHECK:
      return lzma_error("Unsupported integrity check");
    case LZMA_MEM_ERROR:
      return raise_memory_error();
    case LZMA_MEMLIMIT_ERROR:
      return lzma_error("Memory usage limit exceeded");
    case LZMA_FORMAT_ERROR:
      return lzma_error("Input format not supported by decoder");
    case LZMA_OPTIONS_ERROR:
      return lzma_error("Invalid or unsupported options");
    case LZMA_DATA_ERROR:
      return lzma_error("Corrupt input data");
    case LZMA_BUF_ERROR:
      return lzma_error("Insufficient buffer space");
    case LZMA_PROG_ERROR:
      return lzma_error("Internal error");
    default:
      return raise(*static_cast<TypeObject*>(lzma_error_type), "Unrecognized error from liblzma: {}",
                   int64_t(status));
  }
}

// --- Argument conversions ---

bool uint64_arg(Value v, uint64_t* out) {
  if (!is_int(v)) return type_error("'{}' object cannot be interpreted as an integer", type_name(v));
  Ref<> as_int = number_index(v);
  if (!as_int) return false;
  int64_t signed_value;
  if (int_to_int64(as_int.value(), &signed_value)) {
    if (signed_value < 0) return overflow_error("can't convert negative int to unsigned");
    *out = uint64_t(signed_value);
    return true;
  }
  Ref<> limit = int_from_uint64(UINT64_MAX);
  int too_big = limit ? rich_compare_bool(as_int.value(), limit.value(), CompareOp::Gt) : -1;
  if (too_big < 0) return false;
  if (too_big) return overflow_error("Python int too large to convert to C unsigned long");
  Ref<> low = binary_op(as_int.value(), Value::small_int(1LL << 32), BinaryOperator::Remainder);
  Ref<> high = binary_op(as_int.value(), Value::small_int(1LL << 32), BinaryOperator::FloorDivide);
  int64_t low_value, high_value;
  if (!low || !high || !int_to_int64(low.value(), &low_value) || !int_to_int64(high.value(), &high_value))
    return false;
  *out = (uint64_t(high_value) << 32) | uint64_t(low_value);
  return true;
}

bool uint32_arg(Value v, uint32_t* out) {
  uint64_t value;
  if (!uint64_arg(v, &value)) return false;
  if (value > UINT32_MAX) return overflow_error("Value too large for uint32_t type");
  *out = uint32_t(value);
  return true;
}

// --- Filter chains: Python dicts <-> lzma_filter ---

// Frees the options of a chain ended by LZMA_VLI_UNKNOWN.
void free_filters(lzma_filter* filters) {
  for (int i = 0; filters[i].id != LZMA_VLI_UNKNOWN; ++i) std::free(filters[i].options);
}

struct FilterChain {
  lzma_filter filters[LZMA_FILTERS_MAX + 1];
  FilterChain() {
    for (auto& filter : filters) {
      filter.id = LZMA_VLI_UNKNOWN;
      filter.options = nullptr;
    }
  }
  ~FilterChain() { free_filters(filters); }
  FilterChain(const FilterChain&) = delete;
  FilterChain& operator=(const FilterChain&) = delete;
};

// Reads the uint32 options named in `names` from the spec dict into `fields`; any other key,
// or a value that is not a uint32, is a ValueError with `message`.
bool read_options(Value spec, const char* const* names, uint32_t* const* fields, size_t count,
                  const char* message) {
  if (!is_dict(spec)) return value_error(message);
  int64_t pos = 0;
  Value key, value;
  auto* dict = static_cast<DictObject*>(spec.as_object());
  while (dict_next(dict, &pos, &key, &value)) {
    if (!is_str(key)) return value_error(message);
    if (str_equal_ascii(as_str(key), "id")) continue;
    bool known = false;
    for (size_t i = 0; i < count; ++i) {
      if (!str_equal_ascii(as_str(key), names[i])) continue;
      known = true;
      if (fields[i] && !uint32_arg(value, fields[i])) {
        clear_error();
        return value_error(message);
      }
    }
    if (!known) return value_error(message);
  }
  return true;
}

bool parse_lzma_options(Value spec, lzma_filter* filter) {
  auto* options = static_cast<lzma_options_lzma*>(std::calloc(1, sizeof(lzma_options_lzma)));
  if (!options) return raise_memory_error();
  filter->options = options;
  uint32_t preset = LZMA_PRESET_DEFAULT;
  if (is_dict(spec)) {
    Value given = dict_get_utf8(static_cast<DictObject*>(spec.as_object()), "preset");
    if (given && !uint32_arg(given, &preset)) {
      clear_error();
      return value_error("Invalid filter specifier for LZMA filter");
    }
  }
  if (lzma_lzma_preset(options, preset)) {
    return raise(*static_cast<TypeObject*>(lzma_error_type), "Invalid compression preset: {}", int64_t(preset));
  }
  uint32_t mode = options->mode, match_finder = options->mf;
  static const char* const names[] = {"preset", "dict_size", "lc", "lp", "pb", "mode", "nice_len", "mf", "depth"};
  uint32_t* const fields[] = {nullptr,     &options->dict_size, &options->lc,       &options->lp,   &options->pb,
                              &mode,       &options->nice_len,  &match_finder,      &options->depth};
  if (!read_options(spec, names, fields, 9, "Invalid filter specifier for LZMA filter")) return false;
  options->mode = lzma_mode(mode);
  options->mf = lzma_match_finder(match_finder);
  return true;
}

bool parse_delta_options(Value spec, lzma_filter* filter) {
  auto* options = static_cast<lzma_options_delta*>(std::calloc(1, sizeof(lzma_options_delta)));
  if (!options) return raise_memory_error();
  filter->options = options;
  options->type = LZMA_DELTA_TYPE_BYTE;
  options->dist = 1;
  static const char* const names[] = {"dist"};
  uint32_t* const fields[] = {&options->dist};
  return read_options(spec, names, fields, 1, "Invalid filter specifier for delta filter");
}

bool parse_bcj_options(Value spec, lzma_filter* filter) {
  auto* options = static_cast<lzma_options_bcj*>(std::calloc(1, sizeof(lzma_options_bcj)));
  if (!options) return raise_memory_error();
  filter->options = options;
  static const char* const names[] = {"start_offset"};
  uint32_t* const fields[] = {&options->start_offset};
  return read_options(spec, names, fields, 1, "Invalid filter specifier for BCJ filter");
}

bool parse_filter_spec(Value spec, lzma_filter* filter) {
  if (!spec.is_object() || (!is_dict(spec) && !type_of(spec)->getitem))
    return type_error("Filter specifier must be a dict or dict-like object");
  Ref<> key = str_from_ascii("id");
  Ref<> id_object = key ? get_item(spec, key.value()) : nullptr;
  if (!id_object) {
    if (error_matches(&exc::KeyError)) {
      clear_error();
      return value_error("Filter specifier must have an \"id\" entry");
    }
    return false;
  }
  uint64_t id;
  if (!uint64_arg(id_object.value(), &id)) return false;
  filter->id = id;
  switch (id) {
    case LZMA_FILTER_LZMA1:
    case LZMA_FILTER_LZMA2:
      return parse_lzma_options(spec, filter);
    case LZMA_FILTER_DELTA:
      return parse_delta_options(spec, filter);
    case LZMA_FILTER_X86:
    case LZMA_FILTER_POWERPC:
    case LZMA_FILTER_IA64:
    case LZMA_FILTER_ARM:
    case LZMA_FILTER_ARMTHUMB:
    case LZMA_FILTER_SPARC:
      return parse_bcj_options(spec, filter);
    default:
      filter->id = LZMA_VLI_UNKNOWN;
      return value_error("Invalid filter ID: {}", int64_t(id));
  }
}

bool parse_filter_chain(Value specs, FilterChain* chain) {
  if (is_dict(specs)) return type_error("{} is not a sequence", type_name(specs));
  int64_t count = length(specs);
  if (count < 0) return false;
  if (count > LZMA_FILTERS_MAX)
    return value_error("Too many filters - liblzma supports a maximum of {}", int64_t(LZMA_FILTERS_MAX));
  for (int64_t i = 0; i < count; ++i) {
    Ref<> spec = get_item(specs, Value::small_int(i));
    if (!spec || !parse_filter_spec(spec.value(), &chain->filters[i])) return false;
  }
  return true;
}

bool add_entry(DictObject* dict, const char* name, uint64_t value) {
  Ref<> number = int_from_uint64(value);
  return number && dict_set_str(dict, name, number.value());
}

// The dict describing a decoded filter (CPython's build_filter_spec).
Ref<> filter_spec(const lzma_filter& filter) {
  Ref<DictObject> spec = dict_new();
  if (!spec || !add_entry(spec.get(), "id", filter.id)) return nullptr;
  if (!filter.options) return spec;
  switch (filter.id) {
    case LZMA_FILTER_LZMA1: {
      auto* options = static_cast<const lzma_options_lzma*>(filter.options);
      if (!add_entry(spec.get(), "lc", options->lc) || !add_entry(spec.get(), "lp", options->lp) ||
          !add_entry(spec.get(), "pb", options->pb) || !add_entry(spec.get(), "dict_size", options->dict_size))
        return nullptr;
      break;
    }
    case LZMA_FILTER_LZMA2: {
      auto* options = static_cast<const lzma_options_lzma*>(filter.options);
      if (!add_entry(spec.get(), "dict_size", options->dict_size)) return nullptr;
      break;
    }
    case LZMA_FILTER_DELTA: {
      auto* options = static_cast<const lzma_options_delta*>(filter.options);
      if (!add_entry(spec.get(), "dist", options->dist)) return nullptr;
      break;
    }
    case LZMA_FILTER_X86:
    case LZMA_FILTER_POWERPC:
    case LZMA_FILTER_IA64:
    case LZMA_FILTER_ARM:
    case LZMA_FILTER_ARMTHUMB:
    case LZMA_FILTER_SPARC: {
      auto* options = static_cast<const lzma_options_bcj*>(filter.options);
      if (options->start_offset != 0 && !add_entry(spec.get(), "start_offset", options->start_offset))
        return nullptr;
      break;
    }
    default:
      return value_error("Invalid filter ID: {}", int64_t(filter.id));
  }
  return spec;
}

// Releases the Buffer view on scope exit.
struct BufferHold {
  Buffer view;
  bool held = false;
  ~BufferHold() {
    if (held) buffer_release(&view);
  }
  bool get(Value v) { return held = buffer_get(v, &view, kBufferSimple); }
};

// --- LZMACompressor ---

struct CompressorObject : Object {
  lzma_stream stream;
  bool flushed;
};

CompressorObject* as_compressor(Value v) { return static_cast<CompressorObject*>(v.as_object()); }

Ref<> compressor_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const MethodDef def = {.name = "LZMACompressor",
                                .signature = "($type, format=1, check=-1, preset=None, filters=None)"};
  static Signature* signature = signature_parse(&def, nullptr);
  BoundArgs bound;
  if (!bind_arguments(*signature, args, nargs, kwnames, &bound)) return nullptr;
  Value* values = bound.values();
  int64_t format = kFormatXz, check = -1;
  if (values[0] && !index_to_int64(values[0], &format)) return nullptr;
  if (values[1] && !index_to_int64(values[1], &check)) return nullptr;
  bool has_preset = values[2] && !is_none(values[2]);
  bool has_filters = values[3] && !is_none(values[3]);
  if (format != kFormatXz && check != -1 && check != LZMA_CHECK_NONE)
    return value_error("Integrity checks are only supported by FORMAT_XZ");
  if (has_preset && has_filters) return value_error("Cannot specify both preset and filter chain");
  uint32_t preset = LZMA_PRESET_DEFAULT;
  if (has_preset && !uint32_arg(values[2], &preset)) return nullptr;
  auto* self = allocate<CompressorObject>(type);
  if (!self) return nullptr;
  Ref<> result = Ref<>::steal(Value(self));
  self->stream = LZMA_STREAM_INIT;
  FilterChain chain;
  if (has_filters && !parse_filter_chain(values[3], &chain)) return nullptr;
  lzma_ret status;
  switch (format) {
    case kFormatXz:
      if (check == -1) check = LZMA_CHECK_CRC64;
      status = has_filters ? lzma_stream_encoder(&self->stream, chain.filters, lzma_check(check))
                           : lzma_easy_encoder(&self->stream, preset, lzma_check(check));
      break;
    case kFormatAlone:
      if (has_filters) {
        if (chain.filters[0].id != LZMA_FILTER_LZMA1 || chain.filters[1].id != LZMA_VLI_UNKNOWN)
          return value_error("Invalid filter chain for FORMAT_ALONE - must be a single LZMA1 filter");
        status = lzma_alone_encoder(&self->stream, static_cast<const lzma_options_lzma*>(chain.filters[0].options));
      } else {
        lzma_options_lzma options;
        if (lzma_lzma_preset(&options, preset))
          return raise(*static_cast<TypeObject*>(lzma_error_type), "Invalid compression preset: {}", int64_t(preset));
        status = lzma_alone_encoder(&self->stream, &options);
      }
      break;
    case kFormatRaw:
      if (!has_filters) return value_error("Must specify filters for FORMAT_RAW");
      status = lzma_raw_encoder(&self->stream, chain.filters);
      break;
    default:
      return value_error("Invalid container format: {}", format);
  }
  if (!check_lzma(status)) return nullptr;
  return result;
}

void compressor_dealloc(Object* o) {
  lzma_end(&static_cast<CompressorObject*>(o)->stream);
  free_object(o);
}

Ref<> run_compressor(CompressorObject* self, const uint8_t* data, size_t size, lzma_action action) {
  lzma_stream& stream = self->stream;
  stream.next_in = data;
  stream.avail_in = size;
  BlockOutputBuffer output;
  if (!output.init(-1, &stream.next_out, &stream.avail_out)) return nullptr;
  for (;;) {
    lzma_ret status = lzma_code(&stream, action);
    // No progress is possible on an empty input with room to spare: not an error.
    if (status == LZMA_BUF_ERROR && size == 0 && stream.avail_out > 0) status = LZMA_OK;
    if (!check_lzma(status)) return nullptr;
    if ((action == LZMA_RUN && stream.avail_in == 0) || (action == LZMA_FINISH && status == LZMA_STREAM_END)) break;
    if (stream.avail_out == 0 && !output.grow(&stream.next_out, &stream.avail_out)) return nullptr;
  }
  return output.finish(stream.next_out);
}

Ref<> compressor_compress(Value self_value, const Value* args) {
  CompressorObject* self = as_compressor(self_value);
  BufferHold data;
  if (!data.get(args[0])) return nullptr;
  if (self->flushed) return value_error("Compressor has been flushed");
  return run_compressor(self, static_cast<const uint8_t*>(data.view.data), size_t(data.view.length), LZMA_RUN);
}

Ref<> compressor_flush(Value self_value, const Value*) {
  CompressorObject* self = as_compressor(self_value);
  if (self->flushed) return value_error("Repeated call to flush()");
  self->flushed = true;
  return run_compressor(self, nullptr, 0, LZMA_FINISH);
}

// The coder state lives in liblzma: not picklable (CPython refuses through the basic size).
Ref<> refuse_getstate(Value self, const Value*) { return type_error("cannot pickle '{}' object", type_of(self)->name); }

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
    .name = "_lzma.LZMACompressor",
    .doc = "LZMACompressor(format=FORMAT_XZ, check=-1, preset=None, filters=None)\n\n"
           "Create a compressor object for compressing data incrementally.\n\n"
           "format specifies the container format to use for the output. This can\n"
           "be FORMAT_XZ (default), FORMAT_ALONE, or FORMAT_RAW.\n\n"
           "check specifies the integrity check to use. For FORMAT_XZ, the default\n"
           "is CHECK_CRC64. FORMAT_ALONE and FORMAT_RAW do not support integrity\n"
           "checks; for these formats, check must be omitted, or be CHECK_NONE.\n\n"
           "The settings used by the compressor can be specified either as a\n"
           "preset compression level (with the 'preset' argument), or in detail\n"
           "as a custom filter chain (with the 'filters' argument). For FORMAT_XZ\n"
           "and FORMAT_ALONE, the default is to use the PRESET_DEFAULT preset\n"
           "level. For FORMAT_RAW, the caller must always specify a filter chain;\n"
           "the raw compressor does not support preset compression levels.\n\n"
           "preset (if provided) should be an integer in the range 0-9, optionally\n"
           "OR-ed with the constant PRESET_EXTREME.\n\n"
           "filters (if provided) should be a sequence of dicts. Each dict should\n"
           "have an entry for \"id\" indicating the ID of the filter, plus\n"
           "additional entries for options to the filter.\n\n"
           "For one-shot compression, use the compress() function instead.\n",
    .basic_size = sizeof(CompressorObject),
    .flags = kTypeBaseType,
    .slots = {.dealloc = compressor_dealloc, .new_instance = compressor_new, .getattr = generic_get_attr},
    .methods = compressor_methods,
}};

// --- LZMADecompressor ---

struct DecompressorObject : Object {
  lzma_stream stream;
  std::string* pending;  // input not consumed yet (max_length stopped the output)
  Object* unused_data;   // bytes after the end of the stream
  int32_t check;
  bool eof;
  bool needs_input;
};

DecompressorObject* as_decompressor(Value v) { return static_cast<DecompressorObject*>(v.as_object()); }

Ref<> decompressor_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const MethodDef def = {.name = "LZMADecompressor",
                                .signature = "($type, format=0, memlimit=None, filters=None)"};
  static Signature* signature = signature_parse(&def, nullptr);
  BoundArgs bound;
  if (!bind_arguments(*signature, args, nargs, kwnames, &bound)) return nullptr;
  Value* values = bound.values();
  int64_t format = kFormatAuto;
  if (values[0] && !index_to_int64(values[0], &format)) return nullptr;
  bool has_memlimit = values[1] && !is_none(values[1]);
  bool has_filters = values[2] && !is_none(values[2]);
  uint64_t memlimit = UINT64_MAX;
  if (has_memlimit && format == kFormatRaw) return value_error("Cannot specify memory limit with FORMAT_RAW");
  if (has_memlimit && !uint64_arg(values[1], &memlimit)) return nullptr;
  if (format == kFormatRaw && !has_filters) return value_error("Must specify filters for FORMAT_RAW");
  if (format != kFormatRaw && has_filters) return value_error("Cannot specify filters except with FORMAT_RAW");
  Ref<BytesObject> empty = bytes_from({});
  if (!empty) return nullptr;
  auto* self = allocate<DecompressorObject>(type);
  if (!self) return nullptr;
  Ref<> result = Ref<>::steal(Value(self));
  self->stream = LZMA_STREAM_INIT;
  self->pending = new std::string();
  self->unused_data = empty.release_object();
  self->needs_input = true;
  self->check = kCheckUnknown;
  const uint32_t flags = LZMA_TELL_ANY_CHECK | LZMA_TELL_NO_CHECK;
  lzma_ret status;
  switch (format) {
    case kFormatAuto:
      status = lzma_auto_decoder(&self->stream, memlimit, flags);
      break;
    case kFormatXz:
      status = lzma_stream_decoder(&self->stream, memlimit, flags);
      break;
    case kFormatAlone:
      self->check = LZMA_CHECK_NONE;
      status = lzma_alone_decoder(&self->stream, memlimit);
      break;
    case kFormatRaw: {
      self->check = LZMA_CHECK_NONE;
      FilterChain chain;
      if (!parse_filter_chain(values[2], &chain)) return nullptr;
      status = lzma_raw_decoder(&self->stream, chain.filters);
      break;
    }
    default:
      return value_error("Invalid container format: {}", format);
  }
  if (!check_lzma(status)) return nullptr;
  return result;
}

void decompressor_dealloc(Object* o) {
  auto* self = static_cast<DecompressorObject*>(o);
  lzma_end(&self->stream);
  delete self->pending;
  if (self->unused_data) decref(self->unused_data);
  free_object(o);
}

Ref<> decompressor_decompress(Value self_value, const Value* args) {
  DecompressorObject* self = as_decompressor(self_value);
  int64_t max_length = -1;
  if (args[1] && !index_to_int64(args[1], &max_length)) return nullptr;
  BufferHold data;
  if (!data.get(args[0])) return nullptr;
  if (self->eof) return raise(exc::EOFError, "Already at end of stream");
  lzma_stream& stream = self->stream;
  // Input left over from the last call comes first.
  if (!self->pending->empty()) {
    self->pending->append(static_cast<const char*>(data.view.data), size_t(data.view.length));
    stream.next_in = reinterpret_cast<const uint8_t*>(self->pending->data());
    stream.avail_in = self->pending->size();
  } else {
    stream.next_in = static_cast<const uint8_t*>(data.view.data);
    stream.avail_in = size_t(data.view.length);
  }
  BlockOutputBuffer output;
  if (!output.init(max_length, &stream.next_out, &stream.avail_out)) return nullptr;
  for (;;) {
    lzma_ret status = lzma_code(&stream, LZMA_RUN);
    // No progress possible (no input, room to spare): not an error.
    if (status == LZMA_BUF_ERROR && stream.avail_in == 0 && stream.avail_out > 0) status = LZMA_OK;
    if (!check_lzma(status)) {
      self->pending->clear();
      return nullptr;
    }
    if (status == LZMA_GET_CHECK || status == LZMA_NO_CHECK) self->check = lzma_get_check(&stream);
    if (status == LZMA_STREAM_END) {
      self->eof = true;
      break;
    }
    if (stream.avail_out == 0) {
      if (output.at_limit(stream.next_out)) break;
      if (!output.grow(&stream.next_out, &stream.avail_out)) return nullptr;
    } else if (stream.avail_in == 0) {
      break;
    }
  }
  Ref<> result = output.finish(stream.next_out);
  if (!result) return nullptr;
  std::string rest(reinterpret_cast<const char*>(stream.next_in), stream.avail_in);
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
    // All input consumed with room left in the output: more input is needed; a full
    // output may still have data buffered inside liblzma.
    self->needs_input = rest.empty() && stream.avail_out != 0;
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
    {"check", MemberKind::Int32, offsetof(DecompressorObject, check), true,
     "ID of the integrity check used by the input stream."},
    {"eof", MemberKind::Bool, offsetof(DecompressorObject, eof), true,
     "True if the end-of-stream marker has been reached."},
    {"unused_data", MemberKind::Object, offsetof(DecompressorObject, unused_data), true,
     "Data found after the end of the compressed stream."},
    {"needs_input", MemberKind::Bool, offsetof(DecompressorObject, needs_input), true,
     "True if more input is needed before more decompressed data can be produced."},
    {},
};

TypeObject decompressor_type{TypeSpec{
    .name = "_lzma.LZMADecompressor",
    .doc = "Create a decompressor object for decompressing data incrementally.\n\n"
           "  format\n"
           "    Specifies the container format of the input stream.  If this is\n"
           "    FORMAT_AUTO (the default), the decompressor will automatically detect\n"
           "    whether the input is FORMAT_XZ or FORMAT_ALONE.  Streams created with\n"
           "    FORMAT_RAW cannot be autodetected.\n"
           "  memlimit\n"
           "    Limit the amount of memory used by the decompressor.  This will cause\n"
           "    decompression to fail if the input cannot be decompressed within the\n"
           "    given limit.\n"
           "  filters\n"
           "    A custom filter chain.  This argument is required for FORMAT_RAW, and\n"
           "    not accepted with any other format.  When provided, this should be a\n"
           "    sequence of dicts, each indicating the ID and options for a single\n"
           "    filter.\n\n"
           "For one-shot decompression, use the decompress() function instead.",
    .basic_size = sizeof(DecompressorObject),
    .flags = kTypeBaseType,
    .slots = {.dealloc = decompressor_dealloc, .new_instance = decompressor_new, .getattr = generic_get_attr},
    .methods = decompressor_methods,
    .members = decompressor_members,
}};

// --- Module functions ---

Ref<> lzma_is_check_supported(Value, const Value* args) {
  int64_t check;
  if (!index_to_int64(args[0], &check)) return nullptr;
  return new_bool(check >= 0 && check <= INT_MAX && lzma_check_is_supported(lzma_check(check)));
}

Ref<> lzma_encode_filter_properties(Value, const Value* args) {
  FilterChain chain;
  if (!parse_filter_spec(args[0], &chain.filters[0])) return nullptr;
  uint32_t size;
  if (!check_lzma(lzma_properties_size(&size, &chain.filters[0]))) return nullptr;
  std::string encoded(size, '\0');
  if (!check_lzma(lzma_properties_encode(&chain.filters[0], reinterpret_cast<uint8_t*>(encoded.data()))))
    return nullptr;
  return bytes_from(encoded);
}

Ref<> lzma_decode_filter_properties(Value, const Value* args) {
  uint64_t id;
  if (!uint64_arg(args[0], &id)) return nullptr;
  BufferHold properties;
  if (!properties.get(args[1])) return nullptr;
  lzma_filter filter;
  filter.id = id;
  filter.options = nullptr;
  lzma_ret status = lzma_properties_decode(&filter, nullptr, static_cast<const uint8_t*>(properties.view.data),
                                           size_t(properties.view.length));
  if (!check_lzma(status)) return nullptr;
  Ref<> spec = filter_spec(filter);
  std::free(filter.options);
  return spec;
}

const MethodDef lzma_methods[] = {
    {.name = "is_check_supported", .impl = lzma_is_check_supported, .signature = "($module, check_id, /)",
     .doc = "Test whether the given integrity check is supported.\n\n"
            "Always returns True for CHECK_NONE and CHECK_CRC32."},
    {.name = "_encode_filter_properties", .impl = lzma_encode_filter_properties, .signature = "($module, filter, /)",
     .doc = "Return a bytes object encoding the options (properties) of the filter specified by *filter* (a "
            "dict).\n\nThe result does not include the filter ID itself, only the options."},
    {.name = "_decode_filter_properties", .impl = lzma_decode_filter_properties,
     .signature = "($module, filter_id, encoded_props, /)",
     .doc = "Return a bytes object encoding the options (properties) of the filter specified by *filter* (a "
            "dict).\n\nThe result does not include the filter ID itself, only the options."},
    {},
};

bool lzma_exec(ModuleObject* module) {
  if (!lzma_error_type) {
    Ref<> error = new_exception_type("_lzma.LZMAError", &exc::Exception, "Call to liblzma failed.");
    if (!error) return false;
    lzma_error_type = error.release_object();
  }
  const struct {
    const char* name;
    uint64_t value;
  } constants[] = {
      {"FORMAT_AUTO", kFormatAuto},
      {"FORMAT_XZ", kFormatXz},
      {"FORMAT_ALONE", kFormatAlone},
      {"FORMAT_RAW", kFormatRaw},
      {"CHECK_NONE", LZMA_CHECK_NONE},
      {"CHECK_CRC32", LZMA_CHECK_CRC32},
      {"CHECK_CRC64", LZMA_CHECK_CRC64},
      {"CHECK_SHA256", LZMA_CHECK_SHA256},
      {"CHECK_ID_MAX", LZMA_CHECK_ID_MAX},
      {"CHECK_UNKNOWN", kCheckUnknown},
      {"FILTER_LZMA1", LZMA_FILTER_LZMA1},
      {"FILTER_LZMA2", LZMA_FILTER_LZMA2},
      {"FILTER_DELTA", LZMA_FILTER_DELTA},
      {"FILTER_X86", LZMA_FILTER_X86},
      {"FILTER_IA64", LZMA_FILTER_IA64},
      {"FILTER_ARM", LZMA_FILTER_ARM},
      {"FILTER_ARMTHUMB", LZMA_FILTER_ARMTHUMB},
      {"FILTER_SPARC", LZMA_FILTER_SPARC},
      {"FILTER_POWERPC", LZMA_FILTER_POWERPC},
      {"MF_HC3", LZMA_MF_HC3},
      {"MF_HC4", LZMA_MF_HC4},
      {"MF_BT2", LZMA_MF_BT2},
      {"MF_BT3", LZMA_MF_BT3},
      {"MF_BT4", LZMA_MF_BT4},
      {"MODE_FAST", LZMA_MODE_FAST},
      {"MODE_NORMAL", LZMA_MODE_NORMAL},
      {"PRESET_DEFAULT", LZMA_PRESET_DEFAULT},
      {"PRESET_EXTREME", LZMA_PRESET_EXTREME},
  };
  for (const auto& constant : constants) {
    Ref<> value = int_from_uint64(constant.value);
    if (!value || !module_add_object(module, constant.name, value.value())) return false;
  }
  return module_add_object(module, "LZMAError", Value(lzma_error_type)) && module_add_type(module, &compressor_type) &&
         module_add_type(module, &decompressor_type);
}

}  // namespace

extern const ModuleDef module__lzma = {
    .name = "_lzma",
    .methods = lzma_methods,
    .exec = lzma_exec,
};

}  // namespace krait
