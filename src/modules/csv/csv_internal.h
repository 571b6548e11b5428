// What the files of the _csv module share: the Dialect object (csv_dialect.cpp), the
// reader and writer types (csv_reader.cpp, csv_writer.cpp), the module's Error class and
// field size limit.
#pragma once

#include <cstdint>

#include "core/error.h"
#include "core/type.h"

namespace krait {

// A dialect character that is not set (escapechar None, quotechar None).
constexpr int32_t kCsvNotSet = -1;

enum CsvQuoting : int32_t {
  kQuoteMinimal = 0,
  kQuoteAll = 1,
  kQuoteNonNumeric = 2,
  kQuoteNone = 3
};

struct CsvDialectObject : Object {
  int32_t delimiter;
  int32_t escapechar;  // kCsvNotSet when None
  int32_t quotechar;   // kCsvNotSet when None
  int32_t quoting;
  bool doublequote;
  bool skipinitialspace;
  bool strict;
  Object* lineterminator;  // str, owned
};

extern TypeObject csv_dialect_type;
extern TypeObject csv_reader_type;
extern TypeObject csv_writer_type;

// _csv.Error (made once, owned by the module code).
extern Object* csv_error;
// field_size_limit(): the longest field the reader accepts.
extern int64_t csv_field_limit;

template <class... Args>
Raised csv_raise(std::string_view fmt, const Args&... args) {
  return raise(*static_cast<TypeObject*>(csv_error), fmt, args...);
}

// Dialect(dialect, **kwargs) as the reader and writer constructors make it: dialect may
// be null, kwargs null or a dict.
Ref<CsvDialectObject> csv_make_dialect(Value dialect, Value kwargs);

// New reader and writer objects (the module's reader() and writer() check the arguments).
Ref<> csv_new_reader(Value iterator, CsvDialectObject* dialect);
Ref<> csv_new_writer(Value write, CsvDialectObject* dialect);

}  // namespace krait
