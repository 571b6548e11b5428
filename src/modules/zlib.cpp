// The zlib module on the system zlib, as CPython's C module: one-shot compress/decompress,
// streaming Compress/Decompress objects (unused_data, unconsumed_tail, eof, zdict, copy),
// crc32/adler32 and the constants. Output grows in CPython's block sizes so max_length and
// unconsumed_tail come out the same; large inputs and outputs run without the GIL.
#include <gmp.h>
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "core/alloc.h"
#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/module_exceptions.h"
#include "objects/bytes.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/type_internal.h"
#include "runtime/gil.h"

namespace krait {

namespace {

constexpr int kDefaultMemLevel = 8;            // DEF_MEM_LEVEL
constexpr int64_t kDefaultBufferSize = 16384;  // DEF_BUF_SIZE
// A deflate/inflate step with this much input or output room runs without the GIL.
constexpr uInt kGilReleaseInput = 16 * 1024;
constexpr uInt kGilReleaseOutput = 256 * 1024;
// crc32/adler32 release the GIL above this size, as CPython.
constexpr size_t kChecksumGilReleaseSize = 5 * 1024;

Object* zlib_error_type = nullptr;  // zlib.error, made once

// --- Errors ---

// "Error <code> <while ...>: <zlib's message>", CPython's zlib_error.
Raised zlib_error(const z_stream& stream, int err, const char* context) {
  const char* message = err == Z_VERSION_ERROR ? "library version mismatch" : stream.msg;
  if (!message) {
    switch (err) {
      case Z_BUF_ERROR:
        message = "incomplete or truncated stream";
        break;
      case Z_STREAM_ERROR:
        message = "inconsistent stream state";
        break;
      case Z_DATA_ERROR:
        message = "invalid input data";
        break;
      default:
        break;
    }
  }
  auto* type = static_cast<TypeObject*>(zlib_error_type);
  if (!message) return raise(*type, "Error {} {}", err, context);
  return raise(*type, "Error {} {}: {}", err, context, std::string_view(message).substr(0, 200));
}

// --- Argument converters (Argument Clinic's int, Py_ssize_t and bitwise unsigned int) ---

bool int_arg(Value v, int default_value, int* out) {
  if (!v) {
    *out = default_value;
    return true;
  }
  int64_t value;
  if (v.is_small_int()) {
    value = v.as_small_int();
  } else {
    Ref<> index = number_index(v);
    if (!index) return false;
    if (!int_to_int64(index, &value))
      return overflow_error("Python int too large to convert to C int");
  }
  if (value > INT_MAX || value < INT_MIN)
    return overflow_error("Python int too large to convert to C int");
  *out = int(value);
  return true;
}

bool ssize_arg(Value v, int64_t default_value, int64_t* out) {
  if (!v) {
    *out = default_value;
    return true;
  }
  return index_to_int64(v, out);
}

// The low 32 bits of any int (negative values wrap), as clinic's unsigned_int(bitwise=True).
bool bitwise_uint32_arg(Value v, uint32_t* out) {
  if (v.is_small_int()) {
    *out = uint32_t(uint64_t(v.as_small_int()));
    return true;
  }
  Ref<> index = number_index(v);
  if (!index) return false;
  if (index.value().is_small_int()) {
    *out = uint32_t(uint64_t(index.value().as_small_int()));
    return true;
  }
  mpz_t z, low;
  mpz_init(z);
  mpz_init(low);
  int_to_mpz(index, z);
  mpz_fdiv_r_2exp(low, z, 32);
  *out = uint32_t(mpz_get_ui(low));
  mpz_clear(low);
  mpz_clear(z);
  return true;
}

// zlib counts input in uInt: feed at most UINT_MAX bytes per step.
void arrange_input(z_stream* stream, int64_t* remaining) {
  stream->avail_in = uInt(std::min<uint64_t>(uint64_t(*remaining), UINT_MAX));
  *remaining -= stream->avail_in;
}

// --- The output buffer: one block after another in CPython's block sizes ---

class OutputBuffer {
 public:
  OutputBuffer() = default;
  OutputBuffer(const OutputBuffer&) = delete;
  OutputBuffer& operator=(const OutputBuffer&) = delete;
  ~OutputBuffer() { std::free(data_); }

  // The first block is 32 KiB, or max_length if smaller (max_length < 0: no limit).
  bool init_and_grow(int64_t max_length, z_stream* stream) {
    max_length_ = max_length;
    return add_block(kBlockSizes[0], stream);
  }
  // The first block has exactly `size` bytes.
  bool init_with_size(int64_t size, z_stream* stream) {
    max_length_ = -1;
    return add_block(size, stream);
  }
  // Gives zlib more room once avail_out is 0: the rest of a block larger than a uInt, or
  // the next block.
  bool grow(z_stream* stream) {
    int64_t used = data_size(*stream);
    if (used < allocated_) {
      set_window(used, stream);
      return true;
    }
    int64_t size = blocks_ < kBlockCount ? kBlockSizes[blocks_] : kBlockSizes[kBlockCount - 1];
    return add_block(size, stream);
  }
  int64_t data_size(const z_stream& stream) const {
    return int64_t(reinterpret_cast<char*>(stream.next_out) - data_);
  }
  bool at_limit(const z_stream& stream) const { return data_size(stream) == max_length_; }
  Ref<> finish(const z_stream& stream) const {
    return bytes_from({data_, size_t(data_ ? data_size(stream) : 0)});
  }

 private:
  static constexpr int64_t kKiB = 1024, kMiB = 1024 * 1024;
  static constexpr int64_t kBlockSizes[] = {
      32 * kKiB, 64 * kKiB, 256 * kKiB, 1 * kMiB,   4 * kMiB,  8 * kMiB,
      16 * kMiB, 16 * kMiB, 32 * kMiB,  32 * kMiB,  32 * kMiB, 32 * kMiB,
      64 * kMiB, 64 * kMiB, 128 * kMiB, 128 * kMiB, 256 * kMiB};
  static constexpr int kBlockCount = int(sizeof(kBlockSizes) / sizeof(kBlockSizes[0]));

  bool add_block(int64_t size, z_stream* stream) {
    int64_t used = data_ ? data_size(*stream) : 0;
    if (max_length_ >= 0 && size > max_length_ - allocated_) size = max_length_ - allocated_;
    if (allocated_ > INT64_MAX - size) return raise_memory_error();
    char* grown = static_cast<char*>(std::realloc(data_, size_t(allocated_ + size) + 1));
    if (!grown) return raise_memory_error();
    data_ = grown;
    allocated_ += size;
    ++blocks_;
    set_window(used, stream);
    return true;
  }
  void set_window(int64_t used, z_stream* stream) {
    stream->next_out = reinterpret_cast<Bytef*>(data_ + used);
    stream->avail_out = uInt(std::min<int64_t>(allocated_ - used, UINT_MAX));
  }

  char* data_ = nullptr;
  int64_t allocated_ = 0;
  int blocks_ = 0;
  int64_t max_length_ = -1;
};

// Runs one deflate/inflate step, without the GIL when there is much to do.
template <class Step>
int run_step(const z_stream& stream, Step&& step) {
  if (stream.avail_in >= kGilReleaseInput || stream.avail_out >= kGilReleaseOutput) {
    ReleaseGil released;
    return step();
  }
  return step();
}

voidpf zlib_allocate(voidpf, uInt items, uInt size) {
  if (size != 0 && items > size_t(INT64_MAX) / size) return nullptr;
  return std::malloc(size_t(items) * size);
}
void zlib_free(voidpf, voidpf p) { std::free(p); }

void stream_prepare(z_stream* stream) {
  std::memset(stream, 0, sizeof(*stream));
  stream->zalloc = zlib_allocate;
  stream->zfree = zlib_free;
}

// --- Module functions ---

Ref<> zlib_compress(Value, const Value* args) {
  Buffer data;
  int level, wbits;
  if (!buffer_get(args[0], &data, kBufferSimple)) return nullptr;
  struct Release {
    Buffer* view;
    ~Release() { buffer_release(view); }
  } release{&data};
  if (!int_arg(args[1], Z_DEFAULT_COMPRESSION, &level) || !int_arg(args[2], MAX_WBITS, &wbits))
    return nullptr;
  z_stream stream;
  stream_prepare(&stream);
  OutputBuffer output;
  if (!output.init_and_grow(-1, &stream)) return nullptr;
  stream.next_in = static_cast<Bytef*>(data.data);
  int err = deflateInit2(&stream, level, Z_DEFLATED, wbits, kDefaultMemLevel, Z_DEFAULT_STRATEGY);
  switch (err) {
    case Z_OK:
      break;
    case Z_MEM_ERROR:
      return raise(exc::MemoryError, "Out of memory while compressing data");
    case Z_STREAM_ERROR:
      return raise(*static_cast<TypeObject*>(zlib_error_type), "Bad compression level");
    default:
      deflateEnd(&stream);
      return zlib_error(stream, err, "while compressing data");
  }
  int64_t remaining = data.length;
  int flush;
  do {
    arrange_input(&stream, &remaining);
    flush = remaining == 0 ? Z_FINISH : Z_NO_FLUSH;
    do {
      if (stream.avail_out == 0 && !output.grow(&stream)) {
        deflateEnd(&stream);
        return nullptr;
      }
      err = run_step(stream, [&] { return deflate(&stream, flush); });
      if (err == Z_STREAM_ERROR) {
        deflateEnd(&stream);
        return zlib_error(stream, err, "while compressing data");
      }
    } while (stream.avail_out == 0);
  } while (flush != Z_FINISH);
  err = deflateEnd(&stream);
  if (err != Z_OK) return zlib_error(stream, err, "while finishing compression");
  return output.finish(stream);
}

Ref<> zlib_decompress(Value, const Value* args) {
  Buffer data;
  if (!buffer_get(args[0], &data, kBufferSimple)) return nullptr;
  struct Release {
    Buffer* view;
    ~Release() { buffer_release(view); }
  } release{&data};
  int wbits;
  int64_t bufsize;
  if (!int_arg(args[1], MAX_WBITS, &wbits) || !ssize_arg(args[2], kDefaultBufferSize, &bufsize))
    return nullptr;
  if (bufsize < 0) return value_error("bufsize must be non-negative");
  if (bufsize == 0) bufsize = 1;
  z_stream stream;
  stream_prepare(&stream);
  OutputBuffer output;
  if (!output.init_with_size(bufsize, &stream)) return nullptr;
  stream.next_in = static_cast<Bytef*>(data.data);
  int err = inflateInit2(&stream, wbits);
  switch (err) {
    case Z_OK:
      break;
    case Z_MEM_ERROR:
      return raise(exc::MemoryError, "Out of memory while decompressing data");
    default:
      inflateEnd(&stream);
      return zlib_error(stream, err, "while preparing to decompress data");
  }
  int64_t remaining = data.length;
  do {
    arrange_input(&stream, &remaining);
    int flush = remaining == 0 ? Z_FINISH : Z_NO_FLUSH;
    do {
      if (stream.avail_out == 0 && !output.grow(&stream)) {
        inflateEnd(&stream);
        return nullptr;
      }
      err = run_step(stream, [&] { return inflate(&stream, flush); });
      switch (err) {
        case Z_OK:
        case Z_BUF_ERROR:
        case Z_STREAM_END:
          break;
        case Z_MEM_ERROR:
          inflateEnd(&stream);
          return raise(exc::MemoryError, "Out of memory while decompressing data");
        default:
          inflateEnd(&stream);
          return zlib_error(stream, err, "while decompressing data");
      }
    } while (stream.avail_out == 0);
  } while (err != Z_STREAM_END && remaining != 0);
  if (err != Z_STREAM_END) {
    inflateEnd(&stream);
    return zlib_error(stream, err, "while decompressing data");
  }
  err = inflateEnd(&stream);
  if (err != Z_OK) return zlib_error(stream, err, "while finishing decompression");
  return output.finish(stream);
}

// crc32 and adler32 over a buffer of any size (zlib takes a uInt per call).
template <uLong (*Checksum)(uLong, const Bytef*, uInt)>
Ref<> checksum(const Value* args, uint32_t initial) {
  Buffer data;
  if (!buffer_get(args[0], &data, kBufferSimple)) return nullptr;
  uint32_t value = initial;
  if (args[1] && !bitwise_uint32_arg(args[1], &value)) {
    buffer_release(&data);
    return nullptr;
  }
  auto run = [&] {
    const auto* p = static_cast<const Bytef*>(data.data);
    size_t left = size_t(data.length);
    uLong result = value;
    while (left > 0) {
      uInt chunk = uInt(std::min<size_t>(left, UINT_MAX));
      result = Checksum(result, p, chunk);
      p += chunk;
      left -= chunk;
    }
    return uint32_t(result);
  };
  if (size_t(data.length) > kChecksumGilReleaseSize) {
    ReleaseGil released;
    value = run();
  } else {
    value = run();
  }
  buffer_release(&data);
  return int_from_uint64(value);
}

Ref<> zlib_crc32(Value, const Value* args) { return checksum<crc32>(args, 0); }
Ref<> zlib_adler32(Value, const Value* args) { return checksum<adler32>(args, 1); }

// --- Compress and Decompress objects ---

struct ZlibStreamObject : Object {
  z_stream stream;
  Object* unused_data;      // bytes
  Object* unconsumed_tail;  // bytes
  Object* zdict;            // a buffer, or null
  bool eof;
  bool initialised;
  std::mutex* lock;  // one thread at a time uses the stream, even without the GIL
};

extern TypeObject compress_type;
extern TypeObject decompress_type;

ZlibStreamObject* as_stream(Value v) { return static_cast<ZlibStreamObject*>(v.as_object()); }

// Holds the object's lock; waits for it without the GIL if another thread has it.
class StreamLock {
 public:
  explicit StreamLock(ZlibStreamObject* s) : s_(s) {
    if (!s_->lock->try_lock()) {
      ReleaseGil released;
      s_->lock->lock();
    }
  }
  ~StreamLock() { s_->lock->unlock(); }
  StreamLock(const StreamLock&) = delete;
  StreamLock& operator=(const StreamLock&) = delete;

 private:
  ZlibStreamObject* s_;
};

Ref<> stream_new(TypeObject* type) {
  Ref<BytesObject> empty = bytes_from({});
  Ref<BytesObject> empty2 = bytes_from({});
  if (!empty || !empty2) return nullptr;
  auto* s = allocate<ZlibStreamObject>(type);
  if (!s) return nullptr;
  stream_prepare(&s->stream);
  s->unused_data = empty.release_object();
  s->unconsumed_tail = empty2.release_object();
  s->lock = new std::mutex();
  return Ref<>::steal(Value(s));
}

void stream_dealloc(Object* o) {
  auto* s = static_cast<ZlibStreamObject*>(o);
  if (s->initialised) {
    if (o->type == &compress_type)
      deflateEnd(&s->stream);
    else
      inflateEnd(&s->stream);
  }
  delete s->lock;
  decref(Value(s->unused_data));
  decref(Value(s->unconsumed_tail));
  if (s->zdict) decref(s->zdict);
  free_object(o);
}

void replace_field(Object** field, Ref<> value) {
  Object* old = *field;
  *field = value.release_object();
  if (old) decref(old);
}

Ref<> zlib_compressobj(Value, const Value* args) {
  int level, method, wbits, mem_level, strategy;
  if (!int_arg(args[0], Z_DEFAULT_COMPRESSION, &level) || !int_arg(args[1], Z_DEFLATED, &method) ||
      !int_arg(args[2], MAX_WBITS, &wbits) || !int_arg(args[3], kDefaultMemLevel, &mem_level) ||
      !int_arg(args[4], Z_DEFAULT_STRATEGY, &strategy)) {
    return nullptr;
  }
  Buffer zdict;
  bool has_zdict = args[5] && !is_none(args[5]);
  if (has_zdict && !buffer_get(args[5], &zdict, kBufferSimple)) return nullptr;
  struct Release {
    Buffer* view;
    bool active;
    ~Release() {
      if (active) buffer_release(view);
    }
  } release{&zdict, has_zdict};
  if (has_zdict && uint64_t(zdict.length) > UINT_MAX) {
    return overflow_error("zdict length does not fit in an unsigned int");
  }
  Ref<> result = stream_new(&compress_type);
  if (!result) return nullptr;
  ZlibStreamObject* s = as_stream(result);
  int err = deflateInit2(&s->stream, level, method, wbits, mem_level, strategy);
  switch (err) {
    case Z_OK:
      s->initialised = true;
      if (!has_zdict) return result;
      err = deflateSetDictionary(&s->stream, static_cast<const Bytef*>(zdict.data),
                                 uInt(zdict.length));
      if (err == Z_OK) return result;
      if (err == Z_STREAM_ERROR) return value_error("Invalid dictionary");
      return value_error("deflateSetDictionary()");
    case Z_MEM_ERROR:
      return raise(exc::MemoryError, "Can't allocate memory for compression object");
    case Z_STREAM_ERROR:
      return value_error("Invalid initialization option");
    default:
      return zlib_error(s->stream, err, "while creating compression object");
  }
}

bool set_inflate_zdict(ZlibStreamObject* s) {
  Buffer zdict;
  if (!buffer_get(Value(s->zdict), &zdict, kBufferSimple)) return false;
  if (uint64_t(zdict.length) > UINT_MAX) {
    buffer_release(&zdict);
    return overflow_error("zdict length does not fit in an unsigned int");
  }
  int err =
      inflateSetDictionary(&s->stream, static_cast<const Bytef*>(zdict.data), uInt(zdict.length));
  buffer_release(&zdict);
  if (err != Z_OK) return zlib_error(s->stream, err, "while setting zdict");
  return true;
}

Ref<> zlib_decompressobj(Value, const Value* args) {
  int wbits;
  if (!int_arg(args[0], MAX_WBITS, &wbits)) return nullptr;
  Value zdict = args[1];
  if (zdict && !type_of(zdict)->get_buffer)
    return type_error("zdict argument must support the buffer protocol");
  Ref<> result = stream_new(&decompress_type);
  if (!result) return nullptr;
  ZlibStreamObject* s = as_stream(result);
  if (zdict) s->zdict = new_ref(zdict).release_object();
  int err = inflateInit2(&s->stream, wbits);
  switch (err) {
    case Z_OK:
      s->initialised = true;
      if (s->zdict && wbits < 0 && !set_inflate_zdict(s)) return nullptr;
      return result;
    case Z_STREAM_ERROR:
      return value_error("Invalid initialization option");
    case Z_MEM_ERROR:
      return raise(exc::MemoryError, "Can't allocate memory for decompression object");
    default:
      return zlib_error(s->stream, err, "while creating decompression object");
  }
}

Ref<> compress_compress(Value self, const Value* args) {
  ZlibStreamObject* s = as_stream(self);
  Buffer data;
  if (!buffer_get(args[0], &data, kBufferSimple)) return nullptr;
  struct Release {
    Buffer* view;
    ~Release() { buffer_release(view); }
  } release{&data};
  StreamLock lock(s);
  z_stream& stream = s->stream;
  stream.next_in = static_cast<Bytef*>(data.data);
  int64_t remaining = data.length;
  OutputBuffer output;
  if (!output.init_and_grow(-1, &stream)) return nullptr;
  do {
    arrange_input(&stream, &remaining);
    do {
      if (stream.avail_out == 0 && !output.grow(&stream)) return nullptr;
      int err = run_step(stream, [&] { return deflate(&stream, Z_NO_FLUSH); });
      if (err == Z_STREAM_ERROR) return zlib_error(stream, err, "while compressing data");
    } while (stream.avail_out == 0);
  } while (remaining != 0);
  return output.finish(stream);
}

Ref<> compress_flush(Value self, const Value* args) {
  ZlibStreamObject* s = as_stream(self);
  int mode;
  if (!int_arg(args[0], Z_FINISH, &mode)) return nullptr;
  // Flushing with Z_NO_FLUSH does nothing.
  if (mode == Z_NO_FLUSH) return bytes_from({});
  StreamLock lock(s);
  z_stream& stream = s->stream;
  stream.avail_in = 0;
  OutputBuffer output;
  if (!output.init_and_grow(-1, &stream)) return nullptr;
  int err;
  do {
    if (stream.avail_out == 0 && !output.grow(&stream)) return nullptr;
    err = run_step(stream, [&] { return deflate(&stream, mode); });
    if (err == Z_STREAM_ERROR) return zlib_error(stream, err, "while flushing");
  } while (stream.avail_out == 0);
  if (err == Z_STREAM_END && mode == Z_FINISH) {
    // The stream is finished: free zlib's state now.
    err = deflateEnd(&stream);
    if (err != Z_OK) return zlib_error(stream, err, "while finishing compression");
    s->initialised = false;
  } else if (err != Z_OK && err != Z_BUF_ERROR) {
    return zlib_error(stream, err, "while flushing");
  }
  return output.finish(stream);
}

Ref<> stream_copy(Value self, const Value*) {
  ZlibStreamObject* s = as_stream(self);
  bool compress = type_of(self) == &compress_type;
  Ref<> result = stream_new(compress ? &compress_type : &decompress_type);
  if (!result) return nullptr;
  ZlibStreamObject* copy = as_stream(result);
  StreamLock lock(s);
  if (!s->initialised) return value_error("Inconsistent stream state");
  int err =
      compress ? deflateCopy(&copy->stream, &s->stream) : inflateCopy(&copy->stream, &s->stream);
  switch (err) {
    case Z_OK:
      break;
    case Z_STREAM_ERROR:
      return value_error("Inconsistent stream state");
    case Z_MEM_ERROR:
      return raise(exc::MemoryError, compress ? "Can't allocate memory for compression object"
                                              : "Can't allocate memory for decompression object");
    default:
      return zlib_error(
          s->stream, err,
          compress ? "while copying compression object" : "while copying decompression object");
  }
  copy->initialised = true;
  replace_field(&copy->unused_data, new_ref(Value(s->unused_data)));
  replace_field(&copy->unconsumed_tail, new_ref(Value(s->unconsumed_tail)));
  if (s->zdict) copy->zdict = new_ref(s->zdict).release_object();
  copy->eof = s->eof;
  return result;
}

// After decompress() or flush(): input left over after the end of the stream goes to
// unused_data; input left because the output limit was hit goes to unconsumed_tail.
bool save_unconsumed_input(ZlibStreamObject* s, const Buffer& data, int err) {
  z_stream& stream = s->stream;
  const char* end = static_cast<const char*>(data.data) + data.length;
  if (err == Z_STREAM_END && stream.avail_in > 0) {
    std::string_view old = bytes_view(Value(s->unused_data));
    size_t left = size_t(end - reinterpret_cast<const char*>(stream.next_in));
    Ref<BytesObject> joined = bytes_allocate(int64_t(old.size() + left));
    if (!joined) return false;
    std::memcpy(joined->data, old.data(), old.size());
    std::memcpy(joined->data + old.size(), stream.next_in, left);
    joined->data[old.size() + left] = 0;
    replace_field(&s->unused_data, std::move(joined));
    stream.avail_in = 0;
  }
  if (stream.avail_in > 0 || as_bytes(Value(s->unconsumed_tail))->length > 0) {
    // Either the output limit was reached (keep the rest) or all input was used (clear).
    size_t left = size_t(end - reinterpret_cast<const char*>(stream.next_in));
    Ref<BytesObject> tail = bytes_from({reinterpret_cast<const char*>(stream.next_in), left});
    if (!tail) return false;
    replace_field(&s->unconsumed_tail, std::move(tail));
  }
  return true;
}

Ref<> decompress_decompress(Value self, const Value* args) {
  ZlibStreamObject* s = as_stream(self);
  Buffer data;
  if (!buffer_get(args[0], &data, kBufferSimple)) return nullptr;
  struct Release {
    Buffer* view;
    ~Release() { buffer_release(view); }
  } release{&data};
  int64_t max_length;
  if (!ssize_arg(args[1], 0, &max_length)) return nullptr;
  if (max_length < 0) return value_error("max_length must be non-negative");
  if (max_length == 0) max_length = -1;
  StreamLock lock(s);
  z_stream& stream = s->stream;
  stream.next_in = static_cast<Bytef*>(data.data);
  int64_t remaining = data.length;
  OutputBuffer output;
  if (!output.init_and_grow(max_length, &stream)) return nullptr;
  int err = Z_OK;
  bool stop = false;
  do {
    arrange_input(&stream, &remaining);
    do {
      if (stream.avail_out == 0) {
        if (output.at_limit(stream)) {
          stop = true;
          break;
        }
        if (!output.grow(&stream)) return nullptr;
      }
      err = run_step(stream, [&] { return inflate(&stream, Z_SYNC_FLUSH); });
      if (err != Z_OK && err != Z_BUF_ERROR && err != Z_STREAM_END) {
        if (err == Z_NEED_DICT && s->zdict) {
          if (!set_inflate_zdict(s)) return nullptr;
          continue;
        }
        stop = true;
        break;
      }
    } while (stream.avail_out == 0 || err == Z_NEED_DICT);
  } while (!stop && err != Z_STREAM_END && remaining != 0);
  if (!save_unconsumed_input(s, data, err)) return nullptr;
  if (err == Z_STREAM_END) {
    // inflateEnd waits for flush(), as CPython has always done.
    s->eof = true;
  } else if (err != Z_OK && err != Z_BUF_ERROR) {
    return zlib_error(stream, err, "while decompressing data");
  }
  return output.finish(stream);
}

Ref<> decompress_flush(Value self, const Value* args) {
  ZlibStreamObject* s = as_stream(self);
  int64_t length;
  if (!ssize_arg(args[0], kDefaultBufferSize, &length)) return nullptr;
  if (length <= 0) return value_error("length must be greater than zero");
  StreamLock lock(s);
  // The input is what an earlier max_length left behind; keep it alive while in use.
  Ref<> tail = new_ref(Value(s->unconsumed_tail));
  Buffer data;
  if (!buffer_get(tail, &data, kBufferSimple)) return nullptr;
  struct Release {
    Buffer* view;
    ~Release() { buffer_release(view); }
  } release{&data};
  z_stream& stream = s->stream;
  stream.next_in = static_cast<Bytef*>(data.data);
  int64_t remaining = data.length;
  OutputBuffer output;
  if (!output.init_with_size(length, &stream)) return nullptr;
  int err = Z_OK;
  bool stop = false;
  do {
    arrange_input(&stream, &remaining);
    int flush = remaining == 0 ? Z_FINISH : Z_NO_FLUSH;
    do {
      if (stream.avail_out == 0 && !output.grow(&stream)) return nullptr;
      err = run_step(stream, [&] { return inflate(&stream, flush); });
      if (err != Z_OK && err != Z_BUF_ERROR && err != Z_STREAM_END) {
        stop = true;
        break;
      }
    } while (stream.avail_out == 0 || err == Z_NEED_DICT);
  } while (!stop && err != Z_STREAM_END && remaining != 0);
  if (!save_unconsumed_input(s, data, err)) return nullptr;
  if (err == Z_STREAM_END) {
    // The end of the stream: free zlib's state.
    s->eof = true;
    s->initialised = false;
    err = inflateEnd(&stream);
    if (err != Z_OK) return zlib_error(stream, err, "while finishing decompression");
  }
  return output.finish(stream);
}

Ref<> stream_deepcopy(Value self, const Value* args) { return stream_copy(self, args); }

const MethodDef compress_methods[] = {
    {.name = "compress", .impl = compress_compress, .signature = "($self, data, /)"},
    {.name = "flush", .impl = compress_flush, .signature = "($self, mode=?, /)"},
    {.name = "copy", .impl = stream_copy, .signature = "($self, /)"},
    {.name = "__copy__", .impl = stream_copy, .signature = "($self, /)"},
    {.name = "__deepcopy__", .impl = stream_deepcopy, .signature = "($self, memo, /)"},
    {},
};

const MethodDef decompress_methods[] = {
    {.name = "decompress",
     .impl = decompress_decompress,
     .signature = "($self, data, /, max_length=0)"},
    {.name = "flush", .impl = decompress_flush, .signature = "($self, length=?, /)"},
    {.name = "copy", .impl = stream_copy, .signature = "($self, /)"},
    {.name = "__copy__", .impl = stream_copy, .signature = "($self, /)"},
    {.name = "__deepcopy__", .impl = stream_deepcopy, .signature = "($self, memo, /)"},
    {},
};

const MemberDef decompress_members[] = {
    {"unused_data", MemberKind::Object, offsetof(ZlibStreamObject, unused_data), true},
    {"unconsumed_tail", MemberKind::Object, offsetof(ZlibStreamObject, unconsumed_tail), true},
    {"eof", MemberKind::Bool, offsetof(ZlibStreamObject, eof), true},
    {},
};

TypeObject compress_type{TypeSpec{
    .name = "zlib.Compress",
    .basic_size = sizeof(ZlibStreamObject),
    .flags = kTypeDisallowInstantiation,
    .slots = {.dealloc = stream_dealloc, .getattr = generic_get_attr},
    .methods = compress_methods,
}};

TypeObject decompress_type{TypeSpec{
    .name = "zlib.Decompress",
    .basic_size = sizeof(ZlibStreamObject),
    .flags = kTypeDisallowInstantiation,
    .slots = {.dealloc = stream_dealloc, .getattr = generic_get_attr},
    .methods = decompress_methods,
    .members = decompress_members,
}};

const MethodDef zlib_methods[] = {
    {.name = "adler32",
     .impl = zlib_adler32,
     .signature = "($module, data, value=1, /)",
     .doc =
         "Compute an Adler-32 checksum of data.\n\n  value\n    Starting value of the checksum.\n\n"
         "The returned checksum is an integer."},
    {.name = "compress",
     .impl = zlib_compress,
     .signature = "($module, data, /, level=?, wbits=?)",
     .doc = "Returns a bytes object containing compressed data.\n\n  data\n    Binary data to be "
            "compressed.\n"
            "  level\n    Compression level, in 0-9 or -1.\n  wbits\n"
            "    The window buffer size and container format."},
    {.name = "compressobj",
     .impl = zlib_compressobj,
     .signature = "($module, /, level=?, method=?, wbits=?, memLevel=?, strategy=?, zdict=?)",
     .doc = "Return a compressor object.\n\n  level\n"
            "    The compression level (an integer in the range 0-9 or -1; default is\n"
            "    currently equivalent to 6).  Higher compression levels are slower,\n"
            "    but produce smaller results.\n  method\n"
            "    The compression algorithm.  If given, this must be DEFLATED.\n  wbits\n"
            "    +9 to +15: The base-two logarithm of the window size.  Include a zlib\n"
            "        container.\n    -9 to -15: Generate a raw stream.\n"
            "    +25 to +31: Include a gzip container.\n  memLevel\n"
            "    Controls the amount of memory used for internal compression state.\n"
            "    Valid values range from 1 to 9.  Higher values result in higher memory\n"
            "    usage, faster compression, and smaller output.\n  strategy\n"
            "    Used to tune the compression algorithm.  Possible values are\n"
            "    Z_DEFAULT_STRATEGY, Z_FILTERED, and Z_HUFFMAN_ONLY.\n  zdict\n"
            "    The predefined compression dictionary - a sequence of bytes\n"
            "    containing subsequences that are likely to occur in the input data."},
    {.name = "crc32",
     .impl = zlib_crc32,
     .signature = "($module, data, value=0, /)",
     .doc = "Compute a CRC-32 checksum of data.\n\n  value\n    Starting value of the checksum.\n\n"
            "The returned checksum is an integer."},
    {.name = "decompress",
     .impl = zlib_decompress,
     .signature = "($module, data, /, wbits=?, bufsize=?)",
     .doc = "Returns a bytes object containing the uncompressed data.\n\n  data\n    Compressed "
            "data.\n"
            "  wbits\n    The window buffer size and container format.\n  bufsize\n"
            "    The initial output buffer size."},
    {.name = "decompressobj",
     .impl = zlib_decompressobj,
     .signature = "($module, /, wbits=?, zdict=?)",
     .doc = "Return a decompressor object.\n\n  wbits\n    The window buffer size and container "
            "format.\n"
            "  zdict\n    The predefined compression dictionary.  This must be the same\n"
            "    dictionary as used by the compressor that produced the input data."},
    {},
};

bool zlib_exec(ModuleObject* module) {
  if (!zlib_error_type) {
    Ref<> error = new_exception_type("zlib.error", &exc::Exception);
    if (!error) return false;
    zlib_error_type = error.release_object();
  }
  const struct {
    const char* name;
    int64_t value;
  } constants[] = {
      {"MAX_WBITS", MAX_WBITS},
      {"DEFLATED", Z_DEFLATED},
      {"DEF_MEM_LEVEL", kDefaultMemLevel},
      {"DEF_BUF_SIZE", kDefaultBufferSize},
      {"Z_NO_COMPRESSION", Z_NO_COMPRESSION},
      {"Z_BEST_SPEED", Z_BEST_SPEED},
      {"Z_BEST_COMPRESSION", Z_BEST_COMPRESSION},
      {"Z_DEFAULT_COMPRESSION", Z_DEFAULT_COMPRESSION},
      {"Z_FILTERED", Z_FILTERED},
      {"Z_HUFFMAN_ONLY", Z_HUFFMAN_ONLY},
      {"Z_RLE", Z_RLE},
      {"Z_FIXED", Z_FIXED},
      {"Z_DEFAULT_STRATEGY", Z_DEFAULT_STRATEGY},
      {"Z_NO_FLUSH", Z_NO_FLUSH},
      {"Z_PARTIAL_FLUSH", Z_PARTIAL_FLUSH},
      {"Z_SYNC_FLUSH", Z_SYNC_FLUSH},
      {"Z_FULL_FLUSH", Z_FULL_FLUSH},
      {"Z_FINISH", Z_FINISH},
      {"Z_BLOCK", Z_BLOCK},
      {"Z_TREES", Z_TREES},
  };
  if (!module_add_object(module, "error", Value(zlib_error_type)) || !type_ready(&compress_type) ||
      !type_ready(&decompress_type)) {
    return false;
  }
  for (const auto& c : constants) {
    if (!module_add_int(module, c.name, c.value)) return false;
  }
  return module_add_string(module, "ZLIB_VERSION", ZLIB_VERSION) &&
         module_add_string(module, "ZLIB_RUNTIME_VERSION", zlibVersion()) &&
         module_add_string(module, "__version__", "1.0");
}

}  // namespace

extern const ModuleDef module_zlib = {
    .name = "zlib",
    .doc =
        "The functions in this module allow compression and decompression using the\n"
        "zlib library, which is based on GNU zip.\n\n"
        "adler32(string[, start]) -- Compute an Adler-32 checksum.\n"
        "compress(data[, level]) -- Compress data, with compression level 0-9 or -1.\n"
        "compressobj([level[, ...]]) -- Return a compressor object.\n"
        "crc32(string[, start]) -- Compute a CRC-32 checksum.\n"
        "decompress(string,[wbits],[bufsize]) -- Decompresses a compressed string.\n"
        "decompressobj([wbits[, zdict]]) -- Return a decompressor object.\n\n"
        "'wbits' is window buffer size and container format.\n"
        "Compressor objects support compress() and flush() methods; decompressor\n"
        "objects support decompress() and flush().",
    .methods = zlib_methods,
    .exec = zlib_exec,
};

}  // namespace krait
