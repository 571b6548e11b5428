// The tokenizer: turns prepared source text (UTF-8, '\n' line ends, NUL-terminated) into
// the token stream of the Python 3.11 lexical grammar, one token per next() call, with
// INDENT/DEDENT, bracket nesting, and CPython's tokenizer errors. It reads the text line
// by line the way CPython's string tokenizer does, because error locations and the
// "current line" of a SyntaxError depend on how far it has read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse/parser.h"
#include "parse/token.h"

namespace krait::parse {

class Tokenizer {
 public:
  // CPython's tok->done codes, for the errors the parser reports itself.
  enum class Status {
    Ok,
    Eof,          // E_EOF: end of input (an error only inside brackets or after '\')
    Error,        // E_ERROR: error() holds the complete SyntaxError
    Dedent,       // E_DEDENT: unindent does not match any outer indentation level
    TabSpace,     // E_TABSPACE: inconsistent use of tabs and spaces
    TooDeep,      // E_TOODEEP: too many levels of indentation
    LineCont,     // E_LINECONT: unexpected character after line continuation
    Decode,       // E_DECODE: a name is not UTF-8; error() holds the UnicodeDecodeError
    ErrorAtEof,   // E_EOFS/E_EOLS: a string ran to the end of input; error() holds it
  };

  static constexpr int kMaxIndent = 100;
  static constexpr int kMaxLevel = 200;

  struct Options {
    std::string_view filename;
    bool encoding_declared = true;   // offsets in characters (CPython: tok->encoding set)
    bool check_utf8_lines = false;   // file input without declared encoding
    std::vector<ParseWarning>* warnings = nullptr;
    int first_lineno = 1;            // line number of the first line of the text
    bool type_comments = false;      // PyCF_TYPE_COMMENTS: TYPE_COMMENT/TYPE_IGNORE tokens
    // ast.parse(feature_version < (3, 7)): async/await are keywords only in and for an
    // `async def` (next() then returns Async/Await for them, Name otherwise).
    bool async_hacks = false;
  };

  // `text` must stay alive and be NUL-terminated (text.data()[text.size()] == '\0').
  Tokenizer(std::string_view text, const Options& options);

  // The next token: its type and [*start, *end) in the text (null where CPython has no
  // text). ErrorToken when status() is no longer Ok.
  TokenType next(const char** start, const char** end);

  Status status() const { return status_; }
  const std::optional<SyntaxErrorInfo>& error() const { return error_; }

  // Where the tokenizer stands (CPython's tok_state fields of the same names).
  int lineno() const { return lineno_; }
  int first_lineno() const { return first_lineno_; }
  const char* line_start() const { return line_start_; }
  const char* multi_line_start() const { return multi_line_start_; }
  const char* cur() const { return cur_; }
  const char* buf() const { return buf_; }
  const char* inp() const { return inp_; }
  int level() const { return level_; }
  char paren(int i) const { return paren_stack_[i]; }
  int paren_lineno(int i) const { return paren_lineno_[i]; }
  int paren_col(int i) const { return paren_col_[i]; }
  int indent() const { return indent_; }

  // Single-input mode at end of input: CPython turns ENDMARKER into NEWLINE and closes
  // every open block with DEDENTs.
  void imply_dedents() {
    pending_ = -indent_;
    indent_ = 0;
  }

 private:
  int nextc();
  TokenType async_hacks_name();
  void backup(int c);
  bool read_line();
  bool lookahead(const char* test);
  int continuation_line();
  int decimal_tail();
  bool verify_end_of_number(int c, const char* kind);
  bool verify_identifier(const char* start);
  TokenType syntax_error(const char* format, ...);
  TokenType syntax_error_range(int col_offset, int end_col_offset, const char* format, ...);
  TokenType vsyntax_error(int col_offset, int end_col_offset, const char* format, va_list args);
  void warn(const char* category, const std::string& message);
  TokenType indentation_error(Status status);

  Options options_;
  const char* text_end_;
  const char* cur_;
  const char* inp_;
  const char* buf_;
  const char* line_start_;
  const char* multi_line_start_;
  const char* start_ = nullptr;
  int lineno_ = 0;
  int first_lineno_ = 0;
  Status status_ = Status::Ok;
  std::optional<SyntaxErrorInfo> error_;

  bool at_bol_ = true;
  bool cont_line_ = false;
  int indent_ = 0;
  int pending_ = 0;
  int indent_stack_[kMaxIndent];
  int alt_indent_stack_[kMaxIndent];

  // async_hacks: inside an `async def` (from its `async` to the first line indented no
  // deeper than it, once its signature's NEWLINE was seen).
  bool async_def_ = false;
  bool async_def_nl_ = false;
  int async_def_indent_ = 0;

  int level_ = 0;
  char paren_stack_[kMaxLevel];
  int paren_lineno_[kMaxLevel];
  int paren_col_[kMaxLevel];
};

// Number of characters in the first `byte_offset` bytes of the UTF-8 `line`, counting an
// undecodable byte as one character (CPython decodes with errors="replace").
int utf8_char_count(std::string_view line, size_t byte_offset);

// CPython's UnicodeDecodeError text for invalid UTF-8 in `bytes`, e.g. "'utf-8' codec
// can't decode byte 0xff in position 0: invalid start byte"; empty if valid.
std::string utf8_decode_error(std::string_view bytes);

// `bytes` decoded as UTF-8 with errors="replace" (U+FFFD per invalid sequence).
std::string utf8_replace_invalid(std::string_view bytes);

}  // namespace krait::parse
