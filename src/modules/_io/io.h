// The _io module (CPython's Modules/_io): the I/O class hierarchy io.py re-exports.
//   _IOBase ─ _RawIOBase ─ FileIO
//           ├ _BufferedIOBase ─ BytesIO, BufferedReader, BufferedWriter, BufferedRandom,
//           │                   BufferedRWPair
//           └ _TextIOBase ─ StringIO, TextIOWrapper
// Every instance has a __dict__ (io.py's subclasses and tools store attributes there) and
// supports weakrefs. This header is shared by the files of src/modules/_io/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/type.h"

namespace krait {

struct StrObject;

constexpr int64_t kDefaultBufferSize = 8192;

extern TypeObject iobase_type;
extern TypeObject rawiobase_type;
extern TypeObject bufferediobase_type;
extern TypeObject textiobase_type;
extern TypeObject fileio_type;
extern TypeObject bytesio_type;
extern TypeObject stringio_type;
extern TypeObject bufferedreader_type;
extern TypeObject bufferedwriter_type;
extern TypeObject bufferedrandom_type;
extern TypeObject bufferedrwpair_type;
extern TypeObject textiowrapper_type;
extern TypeObject incrementalnewlinedecoder_type;

// The common header of every io object.
struct IOObject : Object {
  Object* dict;
  Object* weakreflist;
};

// _io.UnsupportedOperation (a class made at start-up: OSError and ValueError).
TypeObject* unsupported_operation_type();
Raised raise_unsupported(std::string_view message);
// IOBase._checkReadable & co.: self.<method>() must return True, else UnsupportedOperation
// with `message` (or `default_message` when it is null or None). Works on any object.
Ref<> io_check_ability(Value self, Value message, const char* method, const char* default_message);
// ValueError("I/O operation on closed file.")
Raised raise_closed_file();

// Shared slot functions of io objects.
void io_dealloc_fields(Object* o);     // drops dict and weakrefs
void io_traverse_fields(Object* o, VisitFn visit, void* arg);
Ref<> io_iter(Value self);             // returns self after a closed check
Ref<> io_iternext(Value self);         // readline(); empty result ends iteration

// Calls `self.closed` and tells whether it is true (-1 on error).
int io_is_closed(Value self);
// IOBase.close() semantics for Python-level subclasses: flush then mark closed.
bool iobase_mark_closed(Value self);
bool iobase_is_marked_closed(Value self);
// The `_finalizing` attribute of buffered and text objects (a bool member in CPython):
// IOBase's finalizer sets it so that close() warns about the unclosed file underneath.
int io_set_finalizing(bool* flag, Value value);

// Integer arguments: an int/__index__ or None (-1) for "size" parameters.
bool io_size_argument(Value v, int64_t* out);

// The default text encoding of open()/TextIOWrapper (the locale's, normally "UTF-8").
std::string locale_encoding();

// open() with the usual arguments (also _io.open and builtins.open).
Ref<> io_open(Value file, Value mode, Value buffering, Value encoding, Value errors, Value newline,
              Value closefd, Value opener);

}  // namespace krait
