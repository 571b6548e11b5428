// SyntaxError objects as CPython builds them (Python/errors.c PyErr_SyntaxLocationObject,
// compile.c compiler_error, pegen's _PyPegen_raise_error): the source line comes from
// the file when the compiler reports the error (CPython reads it back from disk), and
// from the parser's buffer for parse errors.
#include "compile/syntax_error.h"

#include <cstdio>

#include "compile/compiler.h"
#include "core/ops.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"

namespace krait::compile {

namespace {

Ref<> int_or_none(int v) { return v == CompileError::kNone ? new_none() : int_from_int64(v); }

// Line `lineno` of the file `filename`, as CPython's PyErr_ProgramTextObject reads it;
// None if the file cannot be read or has no such line.
Ref<> program_text(Value filename, int lineno) {
  if (lineno <= 0) return new_none();
  std::string path(str_utf8(filename));
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return new_none();
  std::string line;
  int current = 1;
  int c;
  bool found = false;
  while ((c = std::fgetc(f)) != EOF) {
    if (current == lineno) {
      found = true;
      if (c == '\r') {
        // Universal newlines: \r and \r\n end a line as \n.
        int next = std::fgetc(f);
        if (next != '\n' && next != EOF) std::ungetc(next, f);
        line += '\n';
        break;
      }
      line += char(c);
      if (c == '\n') break;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r') {
        int next = std::fgetc(f);
        if (next != '\n' && next != EOF) std::ungetc(next, f);
      }
      current++;
    }
  }
  std::fclose(f);
  if (!found) return new_none();
  // Invalid UTF-8 gives no text, as in CPython.
  Ref<StrObject> text = str_from_utf8(line);
  if (!text) {
    clear_error();
    return new_none();
  }
  return text;
}

TypeObject* error_type(std::string_view kind) {
  if (kind == "IndentationError") return &exc::IndentationError;
  if (kind == "TabError") return &exc::TabError;
  return &exc::SyntaxError;
}

// type(msg, (filename, lineno, offset, text, end_lineno, end_offset))
Raised raise_with_location(TypeObject* type, std::string_view message, Value filename,
                           Ref<> lineno, Ref<> offset, Ref<> text, Ref<> end_lineno,
                           Ref<> end_offset) {
  Ref<StrObject> msg = str_from_utf8(message);
  if (!msg || !lineno || !offset || !text || !end_lineno || !end_offset) return Raised();
  Ref<TupleObject> location = tuple_of({filename, lineno, offset, text, end_lineno, end_offset});
  if (!location) return Raised();
  Ref<TupleObject> args = tuple_of({msg, location});
  if (!args) return Raised();
  return raise_with_args(type, args->items, 2);
}

// A symbol-table style error: SyntaxError(msg) with the location set as attributes.
Raised raise_short(const CompileError& error, Value filename) {
  Ref<StrObject> msg = str_from_utf8(error.message);
  if (!msg) return Raised();
  Ref<> exception = call1(Value(&exc::SyntaxError), msg);
  if (!exception) return Raised();
  auto set = [&](std::string_view name, Ref<> value) {
    if (!value || !set_attr(exception, name, value)) clear_error();
  };
  set("lineno", int_from_int64(error.lineno));
  set("offset", int_or_none(error.offset));
  set("end_lineno", int_or_none(error.end_lineno));
  set("end_offset", int_or_none(error.end_offset));
  set("filename", new_ref(filename));
  Ref<> text = program_text(filename, error.lineno);
  if (text && !is_none(text)) set("text", std::move(text));
  return raise_exception(exception);
}

// The character (not byte) offset of byte `col` in `line`.
int64_t char_offset(std::string_view line, int col) {
  int64_t n = 0;
  for (int i = 0; i < col && size_t(i) < line.size(); i++)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) n++;
  return n;
}

std::string_view source_line(std::string_view source, int lineno) {
  size_t start = 0;
  for (int line = 1; line < lineno; line++) {
    size_t nl = source.find('\n', start);
    if (nl == std::string_view::npos) return std::string_view();
    start = nl + 1;
  }
  size_t end = source.find('\n', start);
  return source.substr(start, end == std::string_view::npos ? source.npos : end - start + 1);
}

}  // namespace

Raised raise_compile_error(const CompileError& error, Value filename) {
  switch (error.kind) {
    case CompileError::Kind::Raised:
      if (!error_occurred()) return system_error("compiler failed without an error");
      return Raised();
    case CompileError::Kind::RecursionError:
      return raise(exc::RecursionError, error.message);
    case CompileError::Kind::SystemError:
      return system_error(error.message);
    case CompileError::Kind::SyntaxError:
      break;
  }
  if (error.style == CompileError::Style::Short) return raise_short(error, filename);
  return raise_with_location(&exc::SyntaxError, error.message, filename,
                             int_from_int64(error.lineno), int_or_none(error.offset),
                             error.text ? Ref<>(str_from_utf8(*error.text))
                                        : program_text(filename, error.lineno),
                             int_or_none(error.end_lineno),
                             int_or_none(error.end_offset));
}

Raised raise_parse_error(const parse::SyntaxErrorInfo& info, Value filename) {
  if (info.kind == "MemoryError") return raise_memory_error();
  auto value = [](int v) { return v == parse::kNoValue ? new_none() : int_from_int64(v); };
  Ref<> text = info.text ? Ref<>(str_from_utf8(*info.text)) : new_none();
  if (info.end_lineno == parse::kNoValue && info.end_offset == parse::kNoValue) {
    // Tokenizer errors without an end (bad encodings) have a 4-item location in CPython.
    Ref<StrObject> msg = str_from_utf8(info.msg);
    Ref<> lineno = value(info.lineno), offset = value(info.offset);
    if (!msg || !lineno || !offset || !text) return Raised();
    Ref<TupleObject> location = tuple_of({filename, lineno, offset, text});
    if (!location) return Raised();
    Ref<TupleObject> args = tuple_of({msg, location});
    if (!args) return Raised();
    return raise_with_args(error_type(info.kind), args->items, 2);
  }
  return raise_with_location(error_type(info.kind), info.msg, filename, value(info.lineno),
                             value(info.offset), std::move(text), value(info.end_lineno),
                             value(info.end_offset));
}

bool issue_parse_warning(const parse::ParseWarning& warning, Value filename,
                         std::string_view source) {
  CompileWarningHook hook = compile_warning_hook();
  if (!hook) return true;
  TypeObject* category =
      warning.category == "SyntaxWarning" ? &exc::SyntaxWarning : &exc::DeprecationWarning;
  if (hook(category, warning.message, filename, warning.lineno) >= 0) return true;
  if (!error_matches(category)) return false;
  // The warning became an error: report a SyntaxError at the offending token instead.
  clear_error();
  std::string_view line = source_line(source, warning.lineno);
  std::string_view end_line =
      warning.end_lineno == warning.lineno ? line : source_line(source, warning.end_lineno);
  raise_with_location(&exc::SyntaxError, warning.message, filename,
                      int_from_int64(warning.lineno),
                      int_from_int64(char_offset(line, warning.col_offset) + 1),
                      Ref<>(str_from_utf8(line)), int_from_int64(warning.end_lineno),
                      int_from_int64(char_offset(end_line, warning.end_col_offset) + 1));
  return false;
}

}  // namespace krait::compile
