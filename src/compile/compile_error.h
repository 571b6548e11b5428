// CompileError: a SyntaxError (or RecursionError) found by the symbol table or the
// compiler, described in C++ terms so the passes need no Python objects to report it;
// syntax_error.cpp turns it (and the parser's SyntaxErrorInfo) into the exception CPython
// raises, with the same args and attributes.
#pragma once

#include <climits>
#include <cstdint>
#include <optional>
#include <string>

namespace krait::compile {

struct CompileError {
  // Raised: a Python exception is already set (e.g. MemoryError while making a constant).
  enum class Kind : uint8_t { SyntaxError, RecursionError, SystemError, Raised };
  // How CPython builds the exception. Full: compiler_error's
  // args = (msg, (filename, lineno, offset, text, end_lineno, end_offset)).
  // Short: symtable/future errors set args = (msg,) and the location as attributes only.
  enum class Style : uint8_t { Full, Short };

  static constexpr int kNone = INT_MIN;  // a field CPython leaves as None

  Kind kind = Kind::SyntaxError;
  Style style = Style::Full;
  std::string message;
  // 1-based lines; offsets are 1-based UTF-8 byte offsets, as CPython reports them here.
  int lineno = kNone, offset = kNone, end_lineno = kNone, end_offset = kNone;
  // The text CPython's parser would report (errors it finds while parsing); otherwise the
  // text is read from the file named by the filename.
  std::optional<std::string> text;
};

// True when the C++ stack is nearly exhausted: the passes then fail with RecursionError
// instead of overflowing (absurdly nested ASTs from compile() of hand-made trees).
bool compile_stack_exhausted();

}  // namespace krait::compile
