// The parser's public entry point: source bytes in, an AST (or CPython's SyntaxError) out.
// parse() runs the tokenizer and the recursive-descent parser of the Python 3.11 grammar
// and reports errors with CPython's messages and locations. The symbol table and compiler
// live in src/compile; they take the tree from ParseResult.
#pragma once

#include <climits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse/arena.h"
#include "parse/ast.h"

namespace krait::parse {

enum class Mode { Exec, Eval, Single, FuncType };

// Flags, with the values of CPython's PyCF_* / CO_FUTURE_* bits where one exists.
constexpr unsigned kFlagDontImplyDedent = 0x0200;       // PyCF_DONT_IMPLY_DEDENT
constexpr unsigned kFlagSourceIsUtf8 = 0x0800;          // PyCF_IGNORE_COOKIE: the source is
                                                        // a decoded str (no BOM/cookie)
constexpr unsigned kFlagTypeComments = 0x1000;          // PyCF_TYPE_COMMENTS: type_comment
                                                        // fields and Module.type_ignores
constexpr unsigned kFlagAllowIncompleteInput = 0x4000;  // PyCF_ALLOW_INCOMPLETE_INPUT
constexpr unsigned kFlagBarryAsBdfl = 0x400000;         // CO_FUTURE_BARRY_AS_BDFL
// The source was read from a script file (`krait prog.py`), not passed to compile():
// undeclared non-UTF-8 bytes give CPython's "Non-UTF-8 code starting with ..." error.
constexpr unsigned kFlagSourceIsFile = 0x10000000;

// An int field that CPython leaves as None.
constexpr int kNoValue = INT_MIN;

// What CPython puts in the SyntaxError it raises (or the other exception, see kind).
struct SyntaxErrorInfo {
  // "SyntaxError", "IndentationError" or "TabError"; "MemoryError" when the nesting is too
  // deep for the parser (CPython raises MemoryError there, with an empty message);
  // "ValueError" for NUL bytes in a source string; "UnicodeDecodeError" (msg is its str())
  // when, after a syntax error in undeclared bytes input, a later name is not UTF-8.
  std::string kind;
  std::string msg;
  // 1-based; offsets count characters (bytes for undeclared-encoding bytes input, as
  // CPython). kNoValue where CPython has None.
  int lineno = kNoValue;
  int offset = kNoValue;
  int end_lineno = kNoValue;
  int end_offset = kNoValue;
  std::optional<std::string> text;  // the source line(s) as CPython reports them
  // PyCF_ALLOW_INCOMPLETE_INPUT: the source ended inside a statement ("incomplete input").
  bool incomplete_input = false;
};

// A warning CPython emits while parsing (invalid escape sequences, numbers directly followed
// by a keyword). The caller issues it with warnings.warn_explicit; if that raises (e.g.
// -W error), CPython reports a SyntaxError with `message` at this location instead.
struct ParseWarning {
  std::string category;  // "DeprecationWarning" or "SyntaxWarning"
  std::string message;
  int lineno, col_offset, end_lineno, end_col_offset;
};

struct ParseResult {
  std::unique_ptr<Arena> arena;      // owns every node of `tree`
  ast::Mod* tree = nullptr;          // Module / Expression / Interactive / FunctionType
  std::optional<SyntaxErrorInfo> error;
  std::vector<ParseWarning> warnings;
  // Set (and tree null, no error) when the source declares an encoding the parser does not
  // decode itself (anything but utf-8, latin-1 and pure-ASCII ascii): decode the bytes
  // with that Python codec and parse the text again with kFlagSourceIsUtf8.
  std::string needs_decoding;

  bool ok() const { return tree != nullptr; }
};

// The Python 3 minor version whose grammar is parsed by default; ast.parse(...,
// feature_version=(3, N)) asks for an older one (newer constructs are SyntaxErrors).
constexpr int kLatestFeatureVersion = 11;

ParseResult parse(std::string_view source, std::string_view filename, Mode mode,
                  unsigned flags = 0, int feature_version = kLatestFeatureVersion);

}  // namespace krait::parse
