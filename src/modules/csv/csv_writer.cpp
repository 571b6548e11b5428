// _csv.writer: joins the fields of any iterable into one record — quoting and escaping
// them by the dialect's rules (QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC, QUOTE_NONE,
// doublequote, escapechar) — and passes it, line terminator included, to the file's
// write(). writerow returns what write returned; writerows writes each row.
#include <cstddef>
#include <new>

#include "core/alloc.h"
#include "core/error.h"
#include "core/ops.h"
#include "modules/csv/csv_internal.h"
#include "modules/json/text_writer.h"
#include "objects/complex.h"
#include "objects/none.h"
#include "objects/str.h"
#include "runtime/gc.h"

namespace krait {

namespace {

struct WriterObject : Object {
  Value write;                // the file's bound write method (owned)
  CsvDialectObject* dialect;  // owned
  TextWriter record;
  int64_t num_fields;
  // The dialect's special characters (delimiter, escapechar, quotechar, line terminator)
  // below 128 as a bitmap, so most characters are cleared without a closer look.
  uint64_t special_ascii[2];
  bool special_non_ascii;  // some special character is not ASCII
};

WriterObject* as_writer(Value v) { return static_cast<WriterObject*>(v.as_object()); }

// PyNumber_Check: the field converts to a number.
bool is_number(Value v) {
  TypeObject* type = type_of(v);
  return type->to_int || type->to_float || type->to_index || is_complex(v);
}

bool in_lineterminator(const CsvDialectObject* d, char32_t c) {
  auto* terminator = static_cast<StrObject*>(d->lineterminator);
  for (int64_t i = 0; i < terminator->length; ++i) {
    if (terminator->at(i) == c) return true;
  }
  return false;
}

// What a character of a field needs: nothing, a quoted field, or an escape before it.
enum class Need : uint8_t { kNothing, kQuotes, kEscape, kDoubling };

Need need_of(const CsvDialectObject* d, char32_t c) {
  int32_t ch = int32_t(c);
  if (ch != d->delimiter && ch != d->escapechar && ch != d->quotechar && !in_lineterminator(d, c)) {
    return Need::kNothing;
  }
  if (d->quoting == kQuoteNone) return Need::kEscape;
  if (ch == d->quotechar) return d->doublequote ? Need::kDoubling : Need::kEscape;
  if (ch == d->escapechar) return Need::kEscape;
  return Need::kQuotes;
}

void note_special(WriterObject* w, int32_t c) {
  if (c == kCsvNotSet) return;
  if (c < 128)
    w->special_ascii[c >> 6] |= uint64_t{1} << (c & 63);
  else
    w->special_non_ascii = true;
}

bool may_be_special(const WriterObject* w, char32_t c) {
  if (c < 128) return (w->special_ascii[c >> 6] >> (c & 63)) & 1;
  return w->special_non_ascii;
}

// Appends one field (null: None, an empty field) to the record.
bool append_field(WriterObject* w, StrObject* field, bool quoted) {
  const CsvDialectObject* d = w->dialect;
  int64_t length = field ? field->length : 0;
  // First pass: does the field need quotes, and can every escape be written?
  bool plain = true;  // no character needs anything: the field is copied whole
  for (int64_t i = 0; i < length; ++i) {
    char32_t c = field->at(i);
    if (!may_be_special(w, c)) continue;
    Need need = need_of(d, c);
    if (need == Need::kNothing) continue;
    plain = false;
    if (need == Need::kEscape && d->escapechar == kCsvNotSet) {
      return csv_raise("need to escape, but no escapechar set");
    }
    if (need == Need::kQuotes || need == Need::kDoubling) quoted = true;
  }
  TextWriter& out = w->record;
  if (w->num_fields > 0) out.append(char32_t(d->delimiter));
  if (quoted) out.append(char32_t(d->quotechar));
  if (plain) {
    if (field) out.append(field);
    length = 0;
  }
  for (int64_t i = 0; i < length; ++i) {
    char32_t c = field->at(i);
    switch (need_of(d, c)) {
      case Need::kEscape:
        out.append(char32_t(d->escapechar));
        break;
      case Need::kDoubling:
        out.append(char32_t(d->quotechar));
        break;
      default:
        break;
    }
    out.append(c);
  }
  if (quoted) out.append(char32_t(d->quotechar));
  ++w->num_fields;
  return true;
}

Ref<> writer_writerow(Value self, const Value* args) {
  WriterObject* w = as_writer(self);
  const CsvDialectObject* d = w->dialect;
  Value row = args[0];
  Ref<> iterator = get_iter(row);
  if (!iterator) {
    if (error_matches(&exc::TypeError)) {
      clear_error();
      return csv_raise("iterable expected, not {}", type_name(row));
    }
    return nullptr;
  }
  w->record.clear();
  w->num_fields = 0;
  while (Ref<> field = iter_next(iterator)) {
    bool quoted = d->quoting == kQuoteAll || (d->quoting == kQuoteNonNumeric && !is_number(field));
    if (field.value() == None()) {
      if (!append_field(w, nullptr, quoted)) return nullptr;
      continue;
    }
    Ref<StrObject> text = str(field);
    if (!text || !append_field(w, text.get(), quoted)) return nullptr;
  }
  if (error_occurred()) return nullptr;
  if (w->num_fields > 0 && w->record.empty()) {
    // A record of one empty field would read back as an empty line: quote it.
    if (d->quoting == kQuoteNone) return csv_raise("single empty field record must be quoted");
    w->num_fields = 0;
    if (!append_field(w, nullptr, true)) return nullptr;
  }
  w->record.append(static_cast<StrObject*>(d->lineterminator));
  Ref<StrObject> line = w->record.finish();
  if (!line) return nullptr;
  return call1(w->write, line);
}

Ref<> writer_writerows(Value self, const Value* args) {
  Ref<> rows = get_iter(args[0]);
  if (!rows) return nullptr;
  while (Ref<> row = iter_next(rows)) {
    Value row_value = row;
    if (!writer_writerow(self, &row_value)) return nullptr;
  }
  if (error_occurred()) return nullptr;
  return new_none();
}

void writer_traverse(Object* o, VisitFn visit, void* arg) {
  auto* w = static_cast<WriterObject*>(o);
  if (w->write.is_object()) visit(w->write.as_object(), arg);
  if (w->dialect) visit(w->dialect, arg);
}

void writer_clear(Object* o) {
  auto* w = static_cast<WriterObject*>(o);
  Value write = w->write;
  Object* dialect = w->dialect;
  w->write = Value();
  w->dialect = nullptr;
  decref(write);
  if (dialect) decref(dialect);
}

void writer_dealloc(Object* o) {
  gc_untrack(o);
  writer_clear(o);
  as_writer(o)->record.~TextWriter();
  free_object(o);
}

Ref<> writer_get_dialect(Value self) {
  WriterObject* w = as_writer(self);
  if (!w->dialect) return new_none();
  return new_ref(Value(w->dialect));
}

const MethodDef writer_methods[] = {
    {.name = "writerow",
     .impl = writer_writerow,
     .signature = "($self, row, /)",
     .doc = "writerow(iterable)\n\nConstruct and write a CSV record from an iterable of fields.  "
            "Non-string\n"
            "elements will be converted to string."},
    {.name = "writerows",
     .impl = writer_writerows,
     .signature = "($self, rows, /)",
     .doc = "writerows(iterable of iterables)\n\nConstruct and write a series of iterables to a "
            "csv file.  Non-string\n"
            "elements will be converted to string."},
    {},
};

const GetSetDef writer_getsets[] = {
    {.name = "dialect", .get = writer_get_dialect},
    {},
};

}  // namespace

TypeObject csv_writer_type{TypeSpec{
    .name = "_csv.writer",
    .doc = "CSV writer\n\nWriter objects are responsible for generating tabular data\nin CSV "
           "format from sequence input.\n",
    .basic_size = sizeof(WriterObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = writer_dealloc,
              .traverse = writer_traverse,
              .clear = writer_clear,
              .getattr = generic_get_attr},
    .methods = writer_methods,
    .getsets = writer_getsets,
}};

Ref<> csv_new_writer(Value write, CsvDialectObject* dialect) {
  auto* w = allocate<WriterObject>(&csv_writer_type);
  if (!w) return nullptr;
  new (&w->record) TextWriter();
  Ref<> result = Ref<>::steal(Value(w));
  incref(write);
  w->write = write;
  incref(dialect);
  w->dialect = dialect;
  for (int32_t c : {dialect->delimiter, dialect->escapechar, dialect->quotechar})
    note_special(w, c);
  auto* terminator = static_cast<StrObject*>(dialect->lineterminator);
  for (int64_t i = 0; i < terminator->length; ++i) note_special(w, int32_t(terminator->at(i)));
  gc_track(w);
  return result;
}

}  // namespace krait
