// Raising the SyntaxError (IndentationError, TabError) CPython raises for a parse or
// compile error, with CPython's args `(msg, (filename, lineno, offset, text, end_lineno,
// end_offset))` or, for symbol-table errors, `(msg,)` plus location attributes.
#pragma once

#include <string_view>

#include "compile/compile_error.h"
#include "core/error.h"
#include "parse/parser.h"

namespace krait::compile {

// Raises the exception described by `error` (nothing to do for Kind::Raised).
Raised raise_compile_error(const CompileError& error, Value filename);
// Raises the parser's error.
Raised raise_parse_error(const parse::SyntaxErrorInfo& info, Value filename);
// Issues a parser warning through the compile warning hook. If the warning is turned
// into an error, raises a SyntaxError at the warning's location and returns false.
bool issue_parse_warning(const parse::ParseWarning& warning, Value filename,
                         std::string_view source);

}  // namespace krait::compile
