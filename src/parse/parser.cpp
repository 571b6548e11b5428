// The parser's machinery (see parser_internal.h): token access and lookahead, the memo
// table, CPython's error-raising helpers (RAISE_SYNTAX_ERROR and friends, with their exact
// location rules), the two-pass driver with its generic-error fallbacks, the action
// helpers shared by the grammar files, and the public parse() entry point.
#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "parse/parser_internal.h"
#include "parse/source.h"
#include "text/float_text.h"
#include "text/unicode.h"

namespace krait::parse {

namespace {
// CPython's CURRENT_POS: "where the tokenizer stands now" for an error's end.
constexpr int kCurrentPos = -5;
}  // namespace

RuleGuard::RuleGuard(Parser* parser) : p(parser) {
  if (p->level_++ == kMaxStack) {
    p->error_indicator_ = true;
    p->error_ = SyntaxErrorInfo{"MemoryError", ""};
  }
}

Parser::Parser(Arena& arena, std::string_view text, const Options& options)
    : arena_(arena),
      options_(options),
      tokenizer_(text, Tokenizer::Options{options.filename, options.encoding_declared,
                                          options.source_is_file && !options.encoding_declared,
                                          options.warnings,
                                          options.fstring ? options.starting_lineno : 1,
                                          (options.flags & kFlagTypeComments) != 0,
                                          options.feature_version < 7}),
      text_(text) {
  memo_.push_back(MemoEntry{});
}

// --- tokens -------------------------------------------------------------------------------

bool Parser::fill_token() {
  const char* start;
  const char* end;
  TokenType type = tokenizer_.next(&start, &end);
  // "# type: ignore" comments are recorded for the Module and skipped.
  while (type == TokenType::TypeIgnore) {
    type_ignores_.push_back(
        TypeIgnoreComment{tokenizer_.lineno(), std::string_view(start, end - start)});
    type = tokenizer_.next(&start, &end);
  }

  // In single-input mode the end of input ends the statement: a NEWLINE (and the DEDENTs
  // of every open block) comes first.
  if (options_.mode == Mode::Single && !options_.fstring && type == TokenType::EndMarker &&
      parsing_started_) {
    type = TokenType::Newline;
    parsing_started_ = false;
    if (tokenizer_.indent() && !(options_.flags & kFlagDontImplyDedent)) {
      tokenizer_.imply_dedents();
    }
  } else {
    parsing_started_ = true;
  }

  Token token;
  token.type = type == TokenType::Name ? keyword_type(std::string_view(start, end - start)) : type;
  if (options_.feature_version < 7 && type == TokenType::Name &&
      (token.type == TokenType::Async || token.type == TokenType::Await)) {
    token.type = TokenType::Name;  // the tokenizer's async_hacks said it is a plain name
  }
  token.level = tokenizer_.level();
  token.start = start;
  token.end = end;
  const char* line_start =
      type == TokenType::String ? tokenizer_.multi_line_start() : tokenizer_.line_start();
  token.lineno = type == TokenType::String ? tokenizer_.first_lineno() : tokenizer_.lineno();
  token.end_lineno = tokenizer_.lineno();
  token.col_offset = start && start >= line_start ? int(start - line_start) : -1;
  token.end_col_offset =
      end && end >= tokenizer_.line_start() ? int(end - tokenizer_.line_start()) : -1;
  if (options_.fstring && tokenizer_.lineno() == options_.starting_lineno) {
    token.col_offset += options_.starting_col_offset;
    token.end_col_offset += options_.starting_col_offset;
  }
  if (token.type == TokenType::Name) token.identifier = intern(token.text());
  tokens_.push_back(token);

  if (type == TokenType::ErrorToken) {
    tokenizer_error();
    return false;
  }
  return true;
}

Token* Parser::token_at_mark() {
  if (mark_ == tokens_.size() && !fill_token()) {
    error_indicator_ = true;
    return nullptr;
  }
  return &tokens_[mark_];
}

Token* Parser::expect(TokenType type) {
  Token* t = token_at_mark();
  if (!t || t->type != type) return nullptr;
  ++mark_;
  return t;
}

// '&&' in the grammar: the token must be there, else "expected 'x'" at once.
Token* Parser::expect_forced(TokenType type, const char* expected) {
  if (error_indicator_) return nullptr;
  Token* t = token_at_mark();
  if (!t) return nullptr;
  if (t->type != type) {
    raise_known_location(t, "expected '%s'", expected);
    return nullptr;
  }
  ++mark_;
  return t;
}

Token* Parser::expect_soft_keyword(std::string_view keyword) {
  Token* t = token_at_mark();
  if (!t || t->type != TokenType::Name || t->text() != keyword) return nullptr;
  ++mark_;
  return t;
}

Token* Parser::expect_name_token() { return expect(TokenType::Name); }

bool Parser::lookahead(TokenType type) {
  Token* t = token_at_mark();
  return t && t->type == type;
}

// SOFT_KEYWORD in the grammar. CPython 3.11 compares only the token's length of each soft
// keyword (strncmp(keyword, token, len(token))), so any NAME that is a prefix of "_",
// "case" or "match" ("m", "ca", ...) counts as one.
bool Parser::at_soft_keyword() {
  Token* t = token_at_mark();
  if (!t || t->type != TokenType::Name) return false;
  std::string_view s = t->text();
  for (std::string_view keyword : {"_", "case", "match"}) {
    if (keyword.substr(0, s.size()) == s) return true;
  }
  return false;
}

// The end of a node is the end of the last token before the mark that is not a NEWLINE,
// INDENT, DEDENT or ENDMARKER.
Token* Parser::last_nonwhitespace_token() {
  Token* token = nullptr;
  for (int m = mark_ - 1; m >= 0; --m) {
    token = &tokens_[m];
    if (token->type != TokenType::EndMarker &&
        (token->type < TokenType::Newline || token->type > TokenType::Dedent)) {
      break;
    }
  }
  return token;
}

Parser::Pos Parser::start_pos() {
  Token* t = token_at_mark();
  if (!t) return Pos{0, 0};
  return Pos{t->lineno, t->col_offset};
}

// --- errors -------------------------------------------------------------------------------

// The text CPython attaches to a SyntaxError at `lineno`: the tokenizer's current line
// (with its '\n') when the error is on it or after it, else the line from the source
// (without '\n'); a script file gives the line as read from the file.
std::string Parser::error_line(int lineno) {
  if (options_.source_is_file && !options_.fstring) {
    const char* p = text_.data();
    const char* end = text_.data() + text_.size();
    for (int i = 1; i < lineno && p < end; ++i) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
      if (!nl) break;
      p = nl + 1;
    }
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
    return utf8_replace_invalid(std::string_view(p, (nl ? nl + 1 : end) - p));
  }
  if (tokenizer_.lineno() <= lineno && tokenizer_.inp() > tokenizer_.buf()) {
    return utf8_replace_invalid(
        std::string_view(tokenizer_.buf(), size_t(tokenizer_.inp() - tokenizer_.buf())));
  }
  int relative = options_.fstring ? lineno - options_.starting_lineno + 1 : lineno;
  const char* p = text_.data();
  const char* end = text_.data() + text_.size();
  const char* buf_end = tokenizer_.inp();
  for (int i = 0; i < relative - 1; ++i) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
    if (!nl || nl + 1 > buf_end) break;
    p = nl + 1;
  }
  const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
  return utf8_replace_invalid(std::string_view(p, (nl ? nl : end) - p));
}

namespace {
// CPython's _PyPegen_byte_offset_to_character_offset: the characters in the first
// `col` bytes of the line (the terminating NUL counts as one past the end).
int byte_offset_to_character_offset(const std::string& line, int col) {
  int len = int(line.size());
  if (col > len + 1) col = len + 1;
  if (col < 0) return col;
  return utf8_char_count(line, size_t(col > len ? len : col)) + (col > len ? 1 : 0);
}
}  // namespace

// _PyPegen_raise_error_known_location: columns here are 1-based byte offsets (or
// kCurrentPos), converted to characters when the encoding is known.
void* Parser::raise_va(const char* kind, int lineno, int col, int end_lineno, int end_col,
                       const char* format, va_list args) {
  error_indicator_ = true;
  if (end_lineno == kCurrentPos) end_lineno = tokenizer_.lineno();
  if (end_col == kCurrentPos) end_col = int(tokenizer_.cur() - tokenizer_.line_start());
  char buf[1024];
  std::vsnprintf(buf, sizeof buf, format, args);
  SyntaxErrorInfo error;
  error.kind = kind;
  error.msg = options_.fstring ? std::string("f-string: ") + buf : std::string(buf);
  std::string line = error_line(lineno);
  if (options_.fstring) {
    col -= options_.starting_col_offset;
    end_col -= options_.starting_col_offset;
  }
  if (options_.encoding_declared) {
    col = byte_offset_to_character_offset(line, col);
    if (end_col > 0) end_col = byte_offset_to_character_offset(line, end_col);
  }
  error.lineno = lineno;
  error.offset = col;
  error.end_lineno = end_lineno;
  error.end_offset = end_col;
  error.text = std::move(line);
  error_ = std::move(error);
  return nullptr;
}

void* Parser::raise(const char* kind, int lineno, int col, int end_lineno, int end_col,
                    const char* format, ...) {
  va_list args;
  va_start(args, format);
  raise_va(kind, lineno, col, end_lineno, end_col, format, args);
  va_end(args);
  return nullptr;
}

namespace {
// RAISE_ERROR_KNOWN_LOCATION's conversion of 0-based columns to the 1-based ones above.
int one_based(int col) { return col == kCurrentPos ? kCurrentPos : col + 1; }
}  // namespace

#define KRAIT_RAISE_AT(kind, lineno, col, end_lineno, end_col)                            \
  do {                                                                                     \
    va_list args;                                                                          \
    va_start(args, format);                                                                \
    raise_va(kind, lineno, one_based(col), end_lineno, one_based(end_col), format, args); \
    va_end(args);                                                                          \
    return nullptr;                                                                        \
  } while (0)

void* Parser::raise_known_location(Located* a, const char* format, ...) {
  KRAIT_RAISE_AT("SyntaxError", a->lineno, a->col_offset, a->end_lineno, a->end_col_offset);
}
void* Parser::raise_known_location(Token* a, const char* format, ...) {
  KRAIT_RAISE_AT("SyntaxError", a->lineno, a->col_offset, a->end_lineno, a->end_col_offset);
}
void* Parser::raise_known_range(Located* a, Located* b, const char* format, ...) {
  KRAIT_RAISE_AT("SyntaxError", a->lineno, a->col_offset, b->end_lineno, b->end_col_offset);
}
void* Parser::raise_known_range(Token* a, Token* b, const char* format, ...) {
  KRAIT_RAISE_AT("SyntaxError", a->lineno, a->col_offset, b->end_lineno, b->end_col_offset);
}
void* Parser::raise_known_range(Located* a, Token* b, const char* format, ...) {
  KRAIT_RAISE_AT("SyntaxError", a->lineno, a->col_offset, b->end_lineno, b->end_col_offset);
}
void* Parser::raise_known_range(Token* a, Located* b, const char* format, ...) {
  KRAIT_RAISE_AT("SyntaxError", a->lineno, a->col_offset, b->end_lineno, b->end_col_offset);
}
void* Parser::raise_starting_from(Located* a, const char* format, ...) {
  KRAIT_RAISE_AT("SyntaxError", a->lineno, a->col_offset, kCurrentPos, kCurrentPos);
}
void* Parser::raise_starting_from(Token* a, const char* format, ...) {
  KRAIT_RAISE_AT("SyntaxError", a->lineno, a->col_offset, kCurrentPos, kCurrentPos);
}

#undef KRAIT_RAISE_AT

// _PyPegen_raise_error: at the last token read (or the one an action pointed at).
void* Parser::raise_at_last_token(const char* kind, const char* format, ...) {
  va_list args;
  va_start(args, format);
  if (tokens_.empty()) {
    raise_va(kind, 0, 0, 0, -1, format, args);
    va_end(args);
    return nullptr;
  }
  Token* t = known_err_token_ ? known_err_token_ : &tokens_.back();
  int col;
  if (t->col_offset == -1) {
    col = tokenizer_.cur() == tokenizer_.buf() ? 0
                                               : int(tokenizer_.cur() - tokenizer_.line_start());
  } else {
    col = t->col_offset + 1;
  }
  int end_col = t->end_col_offset != -1 ? t->end_col_offset + 1 : -1;
  raise_va(kind, t->lineno, col, t->end_lineno, end_col, format, args);
  va_end(args);
  return nullptr;
}

void* Parser::raise_syntax_error(const char* format, ...) {
  va_list args;
  va_start(args, format);
  char buf[1024];
  std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  return raise_at_last_token("SyntaxError", "%s", buf);
}

void* Parser::raise_indentation_error(const char* format, ...) {
  va_list args;
  va_start(args, format);
  char buf[1024];
  std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  return raise_at_last_token("IndentationError", "%s", buf);
}

void* Parser::raise_unclosed_parenthesis() {
  int level = tokenizer_.level() - 1;
  int lineno = tokenizer_.paren_lineno(level);
  int col = tokenizer_.paren_col(level);
  return raise("SyntaxError", lineno, col + 1, lineno, 0, "'%c' was never closed",
               tokenizer_.paren(level));
}

namespace {
const char* expr_name(Expr* e) {
  switch (e->node_kind) {
    case NodeKind::Attribute: return "attribute";
    case NodeKind::Subscript: return "subscript";
    case NodeKind::Starred: return "starred";
    case NodeKind::Name: return "name";
    case NodeKind::List: return "list";
    case NodeKind::Tuple: return "tuple";
    case NodeKind::Lambda: return "lambda";
    case NodeKind::Call: return "function call";
    case NodeKind::BoolOp:
    case NodeKind::BinOp:
    case NodeKind::UnaryOp: return "expression";
    case NodeKind::GeneratorExp: return "generator expression";
    case NodeKind::Yield:
    case NodeKind::YieldFrom: return "yield expression";
    case NodeKind::Await: return "await expression";
    case NodeKind::ListComp: return "list comprehension";
    case NodeKind::SetComp: return "set comprehension";
    case NodeKind::DictComp: return "dict comprehension";
    case NodeKind::Dict: return "dict literal";
    case NodeKind::Set: return "set display";
    case NodeKind::JoinedStr:
    case NodeKind::FormattedValue: return "f-string expression";
    case NodeKind::Constant:
      switch (static_cast<Constant*>(e)->value.kind) {
        case ConstantKind::None: return "None";
        case ConstantKind::False: return "False";
        case ConstantKind::True: return "True";
        case ConstantKind::Ellipsis: return "ellipsis";
        default: return "literal";
      }
    case NodeKind::Compare: return "comparison";
    case NodeKind::IfExp: return "conditional expression";
    case NodeKind::NamedExpr: return "named expression";
    default: return "?";
  }
}

// The first part of `e` that cannot be assigned to (or deleted), or null if all can.
Expr* invalid_target(Expr* e, TargetsType type) {
  if (!e) return nullptr;
  switch (e->node_kind) {
    case NodeKind::List:
      for (Expr* elt : static_cast<List*>(e)->elts) {
        if (Expr* bad = invalid_target(elt, type)) return bad;
      }
      return nullptr;
    case NodeKind::Tuple:
      for (Expr* elt : static_cast<Tuple*>(e)->elts) {
        if (Expr* bad = invalid_target(elt, type)) return bad;
      }
      return nullptr;
    case NodeKind::Starred:
      if (type == TargetsType::DelTargets) return e;
      return invalid_target(static_cast<Starred*>(e)->value, type);
    case NodeKind::Compare:
      // `for a in b` parses `a in b` as a comparison: look at its left side.
      if (type == TargetsType::ForTargets) {
        auto* compare = static_cast<Compare*>(e);
        if (compare->ops[0] == CmpOperator::In) return invalid_target(compare->left, type);
        return nullptr;
      }
      return e;
    case NodeKind::Name:
    case NodeKind::Subscript:
    case NodeKind::Attribute: return nullptr;
    default: return e;
  }
}
}  // namespace

const char* get_expr_name(Expr* e) { return expr_name(e); }

void* Parser::raise_invalid_target(TargetsType type, Expr* e) {
  Expr* bad = invalid_target(e, type);
  if (!bad) return nullptr;
  const char* format = type == TargetsType::DelTargets ? "cannot delete %s" : "cannot assign to %s";
  return raise_known_location(bad, format, expr_name(bad));
}

// CPython's tokenizer_error: the parser reports the errors the tokenizer only flagged.
void Parser::tokenizer_error() {
  error_indicator_ = true;
  const char* kind = "SyntaxError";
  const char* msg = nullptr;
  int col = -1;
  switch (tokenizer_.status()) {
    case Tokenizer::Status::Error:
    case Tokenizer::Status::ErrorAtEof:
      error_ = tokenizer_.error();
      return;
    case Tokenizer::Status::Decode:  // CPython's raise_decode_error
      raise_syntax_error("(unicode error) %s", tokenizer_.error()->msg.c_str());
      return;
    case Tokenizer::Status::Eof:
      if (tokenizer_.level()) {
        raise_unclosed_parenthesis();
      } else {
        raise_syntax_error("unexpected EOF while parsing");
      }
      return;
    case Tokenizer::Status::Dedent:
      raise_indentation_error("unindent does not match any outer indentation level");
      return;
    case Tokenizer::Status::TabSpace:
      kind = "TabError";
      msg = "inconsistent use of tabs and spaces in indentation";
      break;
    case Tokenizer::Status::TooDeep:
      kind = "IndentationError";
      msg = "too many levels of indentation";
      break;
    case Tokenizer::Status::LineCont:
      col = int(tokenizer_.cur() - tokenizer_.buf()) - 1;
      msg = "unexpected character after line continuation character";
      break;
    case Tokenizer::Status::Ok:
      msg = "unknown parsing error";
      break;
  }
  raise(kind, tokenizer_.lineno(), (col >= 0 ? col : 0) + 1, tokenizer_.lineno(), 0, "%s", msg);
}

bool Parser::is_end_of_source() const {
  auto status = tokenizer_.status();
  return status == Tokenizer::Status::Eof || status == Tokenizer::Status::ErrorAtEof;
}

// After a parser error, the rest of the input is tokenized: a tokenizer error further on
// (an unterminated string, an invalid character) wins over the parser's message, and an
// unclosed bracket opened before the error line is reported instead.
void Parser::tokenize_full_source_to_check_for_errors() {
  Token* current = known_err_token_ ? known_err_token_ : &tokens_.back();
  int current_err_line = current->lineno;
  std::optional<SyntaxErrorInfo> saved = std::move(error_);
  error_.reset();
  for (;;) {
    const char* start;
    const char* end;
    TokenType type = tokenizer_.next(&start, &end);
    if (type == TokenType::ErrorToken) {
      // An exception the tokenizer raised replaces the parser's: a SyntaxError, or the raw
      // UnicodeDecodeError of an undecodable name.
      auto status = tokenizer_.status();
      if (status == Tokenizer::Status::Error || status == Tokenizer::Status::ErrorAtEof ||
          status == Tokenizer::Status::Decode) {
        error_ = tokenizer_.error();
        return;
      }
      if (tokenizer_.level() != 0) {
        int error_lineno = tokenizer_.paren_lineno(tokenizer_.level() - 1);
        if (current_err_line > error_lineno) {
          raise_unclosed_parenthesis();
          return;
        }
      }
      break;
    }
    if (type == TokenType::EndMarker) break;
  }
  error_ = std::move(saved);
}

// _Pypegen_set_syntax_error: the error after both passes failed.
void Parser::set_syntax_error(Token* last_token) {
  if (error_indicator_ && error_) {
    // Tokenizer errors further on take priority over errors from the parser.
    if (tokenizer_.status() == Tokenizer::Status::Ok && error_->kind != "MemoryError") {
      tokenize_full_source_to_check_for_errors();
    }
    return;
  }
  if (tokens_.empty()) {
    raise_syntax_error("error at start before reading any input");
    return;
  }
  if (last_token->type == TokenType::ErrorToken && tokenizer_.status() == Tokenizer::Status::Eof) {
    if (tokenizer_.level()) {
      raise_unclosed_parenthesis();
    } else {
      raise_syntax_error("unexpected EOF while parsing");
    }
    return;
  }
  if (last_token->type == TokenType::Indent || last_token->type == TokenType::Dedent) {
    raise_indentation_error(last_token->type == TokenType::Indent ? "unexpected indent"
                                                                  : "unexpected unindent");
    return;
  }
  // The generic error, at the furthest token of the first pass.
  raise_known_location(last_token, "invalid syntax");
  tokenize_full_source_to_check_for_errors();
}

// --- the driver ---------------------------------------------------------------------------

namespace {
// After a statement in single-input mode only blank lines and comments may follow.
bool bad_single_statement(const char* cur) {
  char c = *cur;
  for (;;) {
    while (c == ' ' || c == '\t' || c == '\n' || c == '\014') c = *++cur;
    if (!c) return false;
    if (c != '#') return true;
    while (c && c != '\n') c = *++cur;
  }
}
}  // namespace

Node* Parser::run() {
  auto start_rule = [this]() -> Node* {
    if (options_.fstring) return fstring();
    switch (options_.mode) {
      case Mode::Exec: return file();
      case Mode::Eval: return eval();
      case Mode::Single: return interactive();
      case Mode::FuncType: return func_type();
    }
    return nullptr;
  };
  Node* result = start_rule();
  if (result) {
    if (options_.mode == Mode::Single && !options_.fstring &&
        bad_single_statement(tokenizer_.cur())) {
      raise_syntax_error("multiple statements found while compiling a single statement");
      return nullptr;
    }
    return result;
  }
  if ((options_.flags & kFlagAllowIncompleteInput) && is_end_of_source()) {
    error_indicator_ = false;
    error_.reset();
    raise_syntax_error("incomplete input");
    error_->incomplete_input = true;
    return nullptr;
  }
  if (error_ && error_->kind == "MemoryError") return nullptr;

  // Second pass, with the invalid_* rules, for a better message.
  Token* last_token = &tokens_.back();
  for (int i = 0; i < tokens_.size(); ++i) {
    tokens_[i].memo = 0;
    tokens_[i].memo_mask = 0;
  }
  memo_.resize(1);
  mark_ = 0;
  call_invalid_rules_ = true;
  start_rule();
  set_syntax_error(last_token);
  return nullptr;
}

// --- action helpers -----------------------------------------------------------------------

Identifier Parser::intern(std::string_view text) {
  bool ascii = true;
  for (unsigned char c : text) {
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  }
  std::string normalized;
  if (!ascii) {
    normalized = unicode::nfkc_utf8(text);
    text = normalized;
  }
  auto it = identifiers_.find(text);
  if (it != identifiers_.end()) return *it;
  std::string_view copy = arena_.copy(text);
  identifiers_.insert(copy);
  return copy;
}

Name* Parser::name_from_token(Token* t) {
  auto* name = make_range<Name>(t->lineno, t->col_offset, t->end_lineno, t->end_col_offset);
  name->id = t->identifier;
  name->ctx = ExprContext::Load;
  return name;
}

Expr* Parser::name_token() {
  Token* t = expect(TokenType::Name);
  return t ? name_from_token(t) : nullptr;
}

// A NUMBER token as a Constant: int (text kept for the object layer), float or complex.
Expr* Parser::number_token() {
  Token* t = expect(TokenType::Number);
  if (!t) return nullptr;
  std::string_view raw = t->text();
  if (feature_version_below(6) && raw.find('_') != std::string_view::npos) {
    raise_syntax_error("Underscores in numeric literals are only supported in Python 3.6 and greater");
    return nullptr;
  }
  std::string cleaned;
  cleaned.reserve(raw.size());
  for (char c : raw) {
    if (c != '_') cleaned += c;
  }
  ConstantValue value;
  bool prefixed = cleaned.size() > 1 && cleaned[0] == '0' &&
                  ((cleaned[1] | 0x20) == 'x' || (cleaned[1] | 0x20) == 'o' ||
                   (cleaned[1] | 0x20) == 'b');
  char last = cleaned.back() | 0x20;
  if (prefixed || cleaned.find_first_of(".eEjJ") == std::string::npos) {
    value.kind = ConstantKind::Int;
    // CPython converts decimal literals with PyLong_FromString, which refuses more than
    // sys.int_max_str_digits (4300) digits.
    constexpr size_t kMaxStrDigits = 4300;
    if (!prefixed && cleaned.size() > kMaxStrDigits &&
        cleaned.find_first_not_of('0') != std::string::npos) {
      raise("SyntaxError", t->lineno, 0, t->end_lineno, 0,
            "Exceeds the limit (%zu digits) for integer string conversion: value has %zu "
            "digits; use sys.set_int_max_str_digits() to increase the limit - Consider "
            "hexadecimal for huge integer literals to avoid decimal conversion limits.",
            kMaxStrDigits, cleaned.size());
      return nullptr;
    }
    value.text = arena_.copy(cleaned);
  } else {
    bool imaginary = last == 'j';
    if (imaginary) cleaned.pop_back();
    double number = 0;
    text::parse_float(cleaned, &number);
    value.kind = imaginary ? ConstantKind::Complex : ConstantKind::Float;
    value.number = number;
  }
  auto* node = make_range<Constant>(t->lineno, t->col_offset, t->end_lineno, t->end_col_offset);
  node->value = value;
  return node;
}

// A copy of e with the given context, recursively for the elements of tuples, lists and
// starred expressions (nodes may be shared through the memo, so they are not changed).
Expr* Parser::set_expr_context(Expr* e, ExprContext ctx) {
  switch (e->node_kind) {
    case NodeKind::Name: {
      auto* copy = arena_.make<Name>();
      *copy = *static_cast<Name*>(e);
      copy->ctx = ctx;
      return copy;
    }
    case NodeKind::Tuple:
    case NodeKind::List: {
      Seq<Expr*> elts = e->node_kind == NodeKind::Tuple ? static_cast<Tuple*>(e)->elts
                                                         : static_cast<List*>(e)->elts;
      Seq<Expr*> new_elts{elts.size() ? static_cast<Expr**>(arena_.allocate(
                                             sizeof(Expr*) * elts.size(), alignof(Expr*)))
                                       : nullptr,
                          elts.count};
      for (size_t i = 0; i < elts.size(); ++i) new_elts[i] = set_expr_context(elts[i], ctx);
      if (e->node_kind == NodeKind::Tuple) {
        auto* copy = arena_.make<Tuple>();
        *copy = *static_cast<Tuple*>(e);
        copy->elts = new_elts;
        copy->ctx = ctx;
        return copy;
      }
      auto* copy = arena_.make<List>();
      *copy = *static_cast<List*>(e);
      copy->elts = new_elts;
      copy->ctx = ctx;
      return copy;
    }
    case NodeKind::Subscript: {
      auto* copy = arena_.make<Subscript>();
      *copy = *static_cast<Subscript*>(e);
      copy->ctx = ctx;
      return copy;
    }
    case NodeKind::Attribute: {
      auto* copy = arena_.make<Attribute>();
      *copy = *static_cast<Attribute*>(e);
      copy->ctx = ctx;
      return copy;
    }
    case NodeKind::Starred: {
      auto* copy = arena_.make<Starred>();
      *copy = *static_cast<Starred*>(e);
      copy->value = set_expr_context(copy->value, ctx);
      copy->ctx = ctx;
      return copy;
    }
    default: return e;
  }
}

Arguments* Parser::empty_arguments() { return make_node<Arguments>(arena_); }

// _PyPegen_make_arguments: assembles an `arguments` node from the pieces of the grammar.
Arguments* Parser::make_arguments(Seq<Arg*>* slash_without_default,
                                  SlashWithDefault* slash_with_default, Seq<Arg*>* plain_names,
                                  Seq<NameDefaultPair*>* names_with_default, StarEtc* star_etc) {
  auto* args = make_node<Arguments>(arena_);
  std::vector<Arg*> posonly;
  std::vector<Expr*> defaults;
  if (slash_without_default) {
    posonly.assign(slash_without_default->begin(), slash_without_default->end());
  } else if (slash_with_default) {
    posonly.assign(slash_with_default->plain_names.begin(), slash_with_default->plain_names.end());
    for (NameDefaultPair* pair : slash_with_default->names_with_defaults) {
      posonly.push_back(pair->arg);
    }
  }
  args->posonlyargs = seq(posonly);

  std::vector<Arg*> positional;
  if (plain_names) positional.assign(plain_names->begin(), plain_names->end());
  if (names_with_default) {
    for (NameDefaultPair* pair : *names_with_default) positional.push_back(pair->arg);
  }
  args->args = seq(positional);

  if (slash_with_default) {
    for (NameDefaultPair* pair : slash_with_default->names_with_defaults) {
      defaults.push_back(pair->value);
    }
  }
  if (names_with_default) {
    for (NameDefaultPair* pair : *names_with_default) defaults.push_back(pair->value);
  }
  args->defaults = seq(defaults);

  if (star_etc) {
    args->vararg = star_etc->vararg;
    std::vector<Arg*> kwonly;
    std::vector<Expr*> kw_defaults;
    for (NameDefaultPair* pair : star_etc->kwonlyargs) {
      kwonly.push_back(pair->arg);
      kw_defaults.push_back(pair->value);
    }
    args->kwonlyargs = seq(kwonly);
    args->kw_defaults = seq(kw_defaults);
    args->kwarg = star_etc->kwarg;
  }
  return args;
}

// A placeholder function for the Call node that `args` builds (only its arguments are used).
Expr* Parser::dummy_name() {
  static Name dummy = [] {
    Name n{};
    n.node_kind = NodeKind::Name;
    n.id = "";
    n.ctx = ExprContext::Load;
    n.lineno = 1;
    n.end_lineno = 1;
    return n;
  }();
  return &dummy;
}

// _PyPegen_collect_call_seqs: the positional arguments plus the keyword/starred ones.
Expr* Parser::collect_call_seqs(Seq<Expr*> positional, Seq<KeywordOrStarred*>* kwargs,
                                Pos start) {
  auto* call = make<Call>(start);
  call->func = dummy_name();
  if (!kwargs) {
    call->args = positional;
    return call;
  }
  std::vector<Expr*> all(positional.begin(), positional.end());
  std::vector<Keyword*> keywords;
  for (KeywordOrStarred* k : *kwargs) {
    if (k->is_keyword) {
      keywords.push_back(static_cast<Keyword*>(k->element));
    } else {
      all.push_back(static_cast<Expr*>(k->element));
    }
  }
  call->args = seq(all);
  call->keywords = seq(keywords);
  return call;
}

Stmt* Parser::function_def_decorators(Seq<Expr*> decorators, Stmt* def) {
  if (auto* f = def->as<FunctionDef>()) {
    auto* copy = arena_.make<FunctionDef>();
    *copy = *f;
    copy->decorator_list = decorators;
    return copy;
  }
  auto* copy = arena_.make<AsyncFunctionDef>();
  *copy = *static_cast<AsyncFunctionDef*>(def);
  copy->decorator_list = decorators;
  return copy;
}

Stmt* Parser::class_def_decorators(Seq<Expr*> decorators, Stmt* def) {
  auto* copy = arena_.make<ClassDef>();
  *copy = *static_cast<ClassDef*>(def);
  copy->decorator_list = decorators;
  return copy;
}

// dotted_name: "a" "." "b" joined into one Name "a.b".
Expr* Parser::join_names_with_dot(Expr* a, Expr* b) {
  auto* first = static_cast<Name*>(a);
  auto* second = static_cast<Name*>(b);
  std::string joined;
  joined.reserve(first->id.size() + 1 + second->id.size());
  joined.append(first->id);
  joined += '.';
  joined.append(second->id);
  auto* name = make_range<Name>(first->lineno, first->col_offset, second->end_lineno,
                                second->end_col_offset);
  name->id = intern(joined);
  name->ctx = ExprContext::Load;
  return name;
}

int Parser::count_dots(const std::vector<Token*>& tokens) {
  int n = 0;
  for (Token* t : tokens) n += t->type == TokenType::Ellipsis ? 3 : 1;
  return n;
}

// _PyPegen_add_type_comment_to_arg: a copy of the parameter with its type comment.
Arg* Parser::add_type_comment_to_arg(Arg* arg, Token* type_comment) {
  if (!type_comment) return arg;
  Arg* copy = arena_.make<Arg>();
  *copy = *arg;
  copy->type_comment = type_comment_text(type_comment);
  return copy;
}

Alias* Parser::alias_for_star(Pos start) {
  auto* alias = make<Alias>(start);
  alias->name = intern("*");
  return alias;
}

Expr* Parser::ensure_real(Expr* e) {
  auto* c = e->as<Constant>();
  if (!c || c->value.kind == ConstantKind::Complex) {
    raise_known_location(e, "real number required in complex literal");
    return nullptr;
  }
  return e;
}

Expr* Parser::ensure_imaginary(Expr* e) {
  auto* c = e->as<Constant>();
  if (!c || c->value.kind != ConstantKind::Complex) {
    raise_known_location(e, "imaginary number required in complex literal");
    return nullptr;
  }
  return e;
}

// print and exec used as statements get "Missing parentheses in call to ...".
bool Parser::check_legacy_stmt(Expr* name) {
  auto* n = name->as<Name>();
  return n && (n->id == "print" || n->id == "exec");
}

// '<>' is only '!=' under `from __future__ import barry_as_FLUFL`. True: reject the token.
bool Parser::check_barry_as_flufl(Token* t) {
  bool is_diamond = t->text() == "<>";
  if (options_.flags & kFlagBarryAsBdfl) {
    if (!is_diamond) {
      raise_syntax_error("with Barry as BDFL, use '<>' instead of '!='");
      return true;
    }
    return false;
  }
  return is_diamond;
}

// --- parse() ------------------------------------------------------------------------------

ParseResult parse(std::string_view source, std::string_view filename, Mode mode,
                  unsigned flags, int feature_version) {
  ParseResult result;
  result.arena = std::make_unique<Arena>();
  PreparedSource prepared;
  if (!prepare_source(source, filename, mode, flags, &prepared, &result)) return result;
  Parser::Options options;
  options.mode = mode;
  options.flags = flags;
  options.filename = filename;
  options.encoding_declared = prepared.encoding_declared;
  options.source_is_file = (flags & kFlagSourceIsFile) != 0;
  options.warnings = &result.warnings;
  options.feature_version = feature_version;
  Parser parser(*result.arena, prepared.text, options);
  Node* tree = parser.run();
  if (tree) {
    result.tree = static_cast<Mod*>(tree);
  } else {
    result.error = parser.error();
    if (!result.error) result.error = SyntaxErrorInfo{"SyntaxError", "invalid syntax"};
  }
  return result;
}

}  // namespace krait::parse
