// _csv.reader: iterates over lines (strs from any iterator) and returns each record as a
// list of fields, following the dialect with CPython's state machine — quoted fields may
// span lines, escapes, doubled quotes, skipinitialspace, strict errors, QUOTE_NONNUMERIC
// fields read as floats — and counting the lines read in line_num.
#include <cstddef>
#include <new>

#include "core/alloc.h"
#include "core/error.h"
#include "core/ops.h"
#include "modules/csv/csv_internal.h"
#include "modules/json/text_writer.h"
#include "objects/float.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "runtime/gc.h"

namespace krait {

namespace {

enum class ParseState : uint8_t {
  kStartRecord,
  kStartField,
  kEscapedChar,
  kInField,
  kInQuotedField,
  kEscapeInQuotedField,
  kQuoteInQuotedField,
  kEatCrNl,
  kAfterEscapedCrNl,
};

constexpr int32_t kEndOfLine = -2;  // fed after the characters of each line

struct ReaderObject : Object {
  Value input;                // the line iterator (owned)
  CsvDialectObject* dialect;  // owned
  ListObject* fields;         // the record being read (owned), null between records
  TextWriter field;           // the field being read
  int64_t line_num;
  ParseState state;
  bool numeric_field;  // QUOTE_NONNUMERIC: the current field was not quoted
};

ReaderObject* as_reader(Value v) { return static_cast<ReaderObject*>(v.as_object()); }

bool save_field(ReaderObject* r) {
  Ref<> field = r->field.finish();
  if (!field) return false;
  if (r->numeric_field) {
    r->numeric_field = false;
    field = call1(Value(&float_type), field);
    if (!field) return false;
  }
  return list_append_steal(r->fields, std::move(field));
}

bool add_char(ReaderObject* r, int32_t c) {
  if (r->field.length() >= csv_field_limit)
    return csv_raise("field larger than field limit ({})", csv_field_limit);
  r->field.append(char32_t(c));
  return true;
}

bool is_newline(int32_t c) { return c == '\n' || c == '\r'; }

bool end_record(ReaderObject* r, int32_t c) {
  if (!save_field(r)) return false;
  r->state = c == kEndOfLine ? ParseState::kStartRecord : ParseState::kEatCrNl;
  return true;
}

bool process_char(ReaderObject* r, int32_t c) {
  const CsvDialectObject* d = r->dialect;
  switch (r->state) {
    case ParseState::kStartRecord:
      if (c == kEndOfLine) return true;  // an empty line: []
      if (is_newline(c)) {
        r->state = ParseState::kEatCrNl;
        return true;
      }
      r->state = ParseState::kStartField;
      [[fallthrough]];
    case ParseState::kStartField:
      if (is_newline(c) || c == kEndOfLine) return end_record(r, c);
      if (c == d->quotechar && d->quoting != kQuoteNone) {
        r->state = ParseState::kInQuotedField;
      } else if (c == d->escapechar) {
        r->state = ParseState::kEscapedChar;
      } else if (c == ' ' && d->skipinitialspace) {
        // Spaces at the start of a field are dropped.
      } else if (c == d->delimiter) {
        return save_field(r);
      } else {
        if (d->quoting == kQuoteNonNumeric) r->numeric_field = true;
        if (!add_char(r, c)) return false;
        r->state = ParseState::kInField;
      }
      return true;
    case ParseState::kEscapedChar:
      if (is_newline(c)) {
        if (!add_char(r, c)) return false;
        r->state = ParseState::kAfterEscapedCrNl;
        return true;
      }
      if (!add_char(r, c == kEndOfLine ? '\n' : c)) return false;
      r->state = ParseState::kInField;
      return true;
    case ParseState::kAfterEscapedCrNl:
      if (c == kEndOfLine) return true;
      [[fallthrough]];
    case ParseState::kInField:
      if (is_newline(c) || c == kEndOfLine) return end_record(r, c);
      if (c == d->escapechar) {
        r->state = ParseState::kEscapedChar;
      } else if (c == d->delimiter) {
        if (!save_field(r)) return false;
        r->state = ParseState::kStartField;
      } else {
        return add_char(r, c);
      }
      return true;
    case ParseState::kInQuotedField:
      if (c == kEndOfLine) return true;
      if (c == d->escapechar) {
        r->state = ParseState::kEscapeInQuotedField;
      } else if (c == d->quotechar && d->quoting != kQuoteNone) {
        r->state = d->doublequote ? ParseState::kQuoteInQuotedField : ParseState::kInField;
      } else {
        return add_char(r, c);
      }
      return true;
    case ParseState::kEscapeInQuotedField:
      if (!add_char(r, c == kEndOfLine ? '\n' : c)) return false;
      r->state = ParseState::kInQuotedField;
      return true;
    case ParseState::kQuoteInQuotedField:
      if (d->quoting != kQuoteNone && c == d->quotechar) {
        if (!add_char(r, c)) return false;  // "" inside quotes is one quote
        r->state = ParseState::kInQuotedField;
      } else if (c == d->delimiter) {
        if (!save_field(r)) return false;
        r->state = ParseState::kStartField;
      } else if (is_newline(c) || c == kEndOfLine) {
        return end_record(r, c);
      } else if (!d->strict) {
        if (!add_char(r, c)) return false;
        r->state = ParseState::kInField;
      } else {
        return csv_raise("'{}' expected after '{}'", char32_t(d->delimiter),
                         char32_t(d->quotechar));
      }
      return true;
    case ParseState::kEatCrNl:
      if (is_newline(c)) return true;
      if (c == kEndOfLine) {
        r->state = ParseState::kStartRecord;
        return true;
      }
      return csv_raise(
          "new-line character seen in unquoted field - do you need to open the file in "
          "universal-newline mode?");
  }
  return true;
}

template <class Unit>
bool process_line(ReaderObject* r, const Unit* text, int64_t length) {
  for (int64_t i = 0; i < length; ++i) {
    if (!process_char(r, int32_t(text[i]))) return false;
  }
  return process_char(r, kEndOfLine);
}

bool reset(ReaderObject* r) {
  if (r->fields) decref(r->fields);
  r->fields = list_new().release_object();
  if (!r->fields) return false;
  r->field.clear();
  r->state = ParseState::kStartRecord;
  r->numeric_field = false;
  return true;
}

Ref<> reader_next(Value self) {
  ReaderObject* r = as_reader(self);
  if (!reset(r)) return nullptr;
  do {
    Ref<> line = iter_next(r->input);
    if (!line) {
      if (error_occurred()) return nullptr;
      if (r->field.length() != 0 || r->state == ParseState::kInQuotedField) {
        if (r->dialect->strict) return csv_raise("unexpected end of data");
        if (!save_field(r)) return nullptr;
        break;
      }
      return nullptr;
    }
    if (!is_str(line)) {
      return csv_raise(
          "iterator should return strings, not {} (the file should be opened in text mode)",
          type_name(line));
    }
    ++r->line_num;
    StrObject* s = as_str(line);
    bool ok;
    switch (s->kind) {
      case 1:
        ok = process_line(r, s->data1(), s->length);
        break;
      case 2:
        ok = process_line(r, s->data2(), s->length);
        break;
      default:
        ok = process_line(r, s->data4(), s->length);
        break;
    }
    if (!ok) return nullptr;
  } while (r->state != ParseState::kStartRecord);
  ListObject* fields = r->fields;
  r->fields = nullptr;
  return Ref<>::steal(Value(fields));
}

Ref<> reader_iter(Value self) { return new_ref(self); }

void reader_traverse(Object* o, VisitFn visit, void* arg) {
  auto* r = static_cast<ReaderObject*>(o);
  if (r->input.is_object()) visit(r->input.as_object(), arg);
  if (r->dialect) visit(r->dialect, arg);
  if (r->fields) visit(r->fields, arg);
}

void reader_clear(Object* o) {
  auto* r = static_cast<ReaderObject*>(o);
  Value input = r->input;
  Object* dialect = r->dialect;
  Object* fields = r->fields;
  r->input = Value();
  r->dialect = nullptr;
  r->fields = nullptr;
  decref(input);
  if (dialect) decref(dialect);
  if (fields) decref(fields);
}

void reader_dealloc(Object* o) {
  gc_untrack(o);
  reader_clear(o);
  as_reader(o)->field.~TextWriter();
  free_object(o);
}

Ref<> reader_get_dialect(Value self) {
  ReaderObject* r = as_reader(self);
  if (!r->dialect) return new_none();
  return new_ref(Value(r->dialect));
}

const GetSetDef reader_getsets[] = {
    {.name = "dialect", .get = reader_get_dialect},
    {},
};

const MemberDef reader_members[] = {
    {.name = "line_num",
     .kind = MemberKind::Int64,
     .offset = offsetof(ReaderObject, line_num),
     .readonly = true},
    {},
};

}  // namespace

TypeObject csv_reader_type{TypeSpec{
    .name = "_csv.reader",
    .doc = "CSV reader\n\nReader objects are responsible for reading and parsing tabular data\nin "
           "CSV format.\n",
    .basic_size = sizeof(ReaderObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = reader_dealloc,
              .traverse = reader_traverse,
              .clear = reader_clear,
              .getattr = generic_get_attr,
              .iter = reader_iter,
              .iternext = reader_next},
    .getsets = reader_getsets,
    .members = reader_members,
}};

Ref<> csv_new_reader(Value iterator, CsvDialectObject* dialect) {
  auto* r = allocate<ReaderObject>(&csv_reader_type);
  if (!r) return nullptr;
  new (&r->field) TextWriter();
  Ref<> result = Ref<>::steal(Value(r));
  incref(iterator);
  r->input = iterator;
  incref(dialect);
  r->dialect = dialect;
  r->state = ParseState::kStartRecord;
  gc_track(r);
  return result;
}

}  // namespace krait
