// The Parser class shared by the parser_*.cpp files: a hand-written recursive-descent
// parser with backtracking and memoisation that follows the PEG grammar of CPython 3.11
// rule by rule (Grammar/python.gram is the specification), including its two passes:
// a fast pass, then, on failure, a pass with the invalid_* rules that produce CPython's
// specialised SyntaxError messages. Error locations depend on how far the parser looked
// ahead, so each rule tries its alternatives in the grammar's order.
//
//   parser.cpp          token access, memo, errors, the two passes, parse()
//   parser_stmt.cpp     statements, blocks, definitions, parameters
//   parser_match.cpp    the match statement and its patterns
//   parser_expr.cpp     expressions, arguments, comprehensions, targets
//   parser_invalid.cpp  the invalid_* rules (second pass only)
//   parser_string.cpp   string literals: escapes, concatenation, f-strings
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "parse/ast.h"
#include "parse/parser.h"
#include "parse/token.h"
#include "parse/tokenizer.h"

namespace krait::parse {

using namespace krait::ast;

// Rules whose results are memoised per start token (CPython's "(memo)" rules and the
// left-recursive ones).
enum class MemoRule : uint8_t {
  SimpleStmt, Block, Expression, StarExpression, Disjunction, Conjunction, Inversion,
  BitwiseOr, Factor, AwaitPrimary, Primary, Strings, Arguments, StarTarget,
  TargetWithStarAtom, DelTarget, TPrimary, ClosedPattern, StarPattern,
  InvalidNamedExpression, DottedName, Attr,
};

// Helper results of rules that build pieces of bigger nodes (CPython's action helpers).
struct NameDefaultPair {
  Arg* arg;
  Expr* value;  // null: no default
};
struct SlashWithDefault {
  Seq<Arg*> plain_names;
  Seq<NameDefaultPair*> names_with_defaults;
};
struct StarEtc {
  Arg* vararg;
  Seq<NameDefaultPair*> kwonlyargs;
  Arg* kwarg;
};
struct KeyValuePair {
  Expr* key;  // null for **value
  Expr* value;
};
struct KeyPatternPair {
  Expr* key;  // a Name for keyword patterns
  Pattern* pattern;
};
struct KeywordOrStarred {
  Node* element;  // a Keyword or a Starred
  bool is_keyword;
};
struct CmpopExprPair {
  CmpOperator op;
  Expr* expr;
};
struct StmtSeq {
  Seq<Stmt*> items;
};

// The tokens read so far. Chunked so that Token pointers stay valid while it grows.
class TokenArray {
 public:
  static constexpr int kChunkBits = 10;
  static constexpr int kChunkSize = 1 << kChunkBits;
  int size() const { return size_; }
  bool empty() const { return size_ == 0; }
  Token& operator[](int i) { return chunks_[i >> kChunkBits][i & (kChunkSize - 1)]; }
  Token& back() { return (*this)[size_ - 1]; }
  Token& push_back(const Token& token) {
    if ((size_ & (kChunkSize - 1)) == 0 && (size_ >> kChunkBits) == int(chunks_.size())) {
      chunks_.push_back(std::make_unique<Token[]>(kChunkSize));
    }
    Token& slot = (*this)[size_++];
    slot = token;
    return slot;
  }

 private:
  std::vector<std::unique_ptr<Token[]>> chunks_;
  int size_ = 0;
};

template <class T>
class ListBuilder;

// What kind of target an invalid-target error is about.
enum class TargetsType { StarTargets, DelTargets, ForTargets };

class Parser {
 public:
  struct Options {
    Mode mode = Mode::Exec;
    bool fstring = false;          // parsing the expression of an f-string replacement field
    unsigned flags = 0;
    std::string_view filename;
    bool encoding_declared = true;  // CPython's tok->encoding != NULL (offsets in characters)
    bool source_is_file = false;
    int starting_lineno = 0;        // f-string expressions: where the text sits in the file
    int starting_col_offset = 0;
    std::vector<ParseWarning>* warnings = nullptr;
    int feature_version = kLatestFeatureVersion;  // ast.parse(feature_version=(3, N)): N
  };

  // `text` is prepared source: '\n' line ends, NUL-terminated, alive as long as the parser.
  Parser(Arena& arena, std::string_view text, const Options& options);

  // CPython's _PyPegen_run_parser: both passes; null on error (see error()).
  Node* run();
  const std::optional<SyntaxErrorInfo>& error() const { return error_; }

 private:
  friend class StringParser;
  friend class FStringParser;
  struct Pos {
    int lineno, col_offset;
  };

  // --- tokens (parser.cpp) ---
  bool fill_token();
  Token* token_at_mark();  // the token at the mark, fetched if needed; null on error
  Token* expect(TokenType type);
  Token* expect_forced(TokenType type, const char* expected);
  Token* expect_soft_keyword(std::string_view keyword);
  Token* expect_name_token();
  Token* last_nonwhitespace_token();
  bool lookahead(TokenType type);
  bool at_soft_keyword();
  Pos start_pos();
  template <class T>
  T* finish(T* node, Pos start);
  template <class T>
  T* make(Pos start) {
    return finish(make_node<T>(arena_), start);
  }
  template <class T>
  T* make_range(int lineno, int col, int end_lineno, int end_col);

  // Runs one alternative: fails at once if an error is set, restores the mark if the
  // alternative fails.
  template <class F>
  auto alt(F&& f) -> decltype(f()) {
    if (error_indicator_) return {};
    int mark = mark_;
    auto result = f();
    if (!result) mark_ = mark;
    return result;
  }
  // e* (or e+ when the caller checks for at least one): appends while item() succeeds.
  // False if an error was raised.
  template <class T, class F>
  bool repeat(ListBuilder<T>& list, F&& item);
  // s.e+ : one or more items separated by `separator`. False if there is none or on error.
  template <class T, class F>
  bool gather(ListBuilder<T>& list, TokenType separator, F&& item);
  // [TYPE_COMMENT]: the token if present (only with PyCF_TYPE_COMMENTS).
  Token* optional_type_comment() { return expect(TokenType::TypeComment); }
  String type_comment_text(Token* t) { return t ? arena_.copy(t->text()) : String(); }
  Arg* add_type_comment_to_arg(Arg* arg, Token* type_comment);
  Token* func_type_comment();

  // --- memo ---
  template <class T>
  bool memo_get(MemoRule rule, T* result);
  template <class T>
  void memo_put(MemoRule rule, int start_mark, T result);

  // --- errors ---
  void* raise(const char* kind, int lineno, int col, int end_lineno, int end_col,
              const char* format, ...);
  void* raise_va(const char* kind, int lineno, int col, int end_lineno, int end_col,
                 const char* format, va_list args);
  void* raise_at_last_token(const char* kind, const char* format, ...);
  void* raise_syntax_error(const char* format, ...);  // RAISE_SYNTAX_ERROR
  // CHECK_VERSION: `node`, unless the requested feature version (ast.parse's
  // feature_version) predates the construct (3.`minor`): then a SyntaxError.
  template <class T>
  T* check_version(int minor, const char* what, T* node) {
    if (!node || options_.feature_version >= minor) return node;
    raise_syntax_error("%s only supported in Python 3.%i and greater", what, minor);
    return nullptr;
  }
  bool feature_version_below(int minor) const { return options_.feature_version < minor; }
  void* raise_indentation_error(const char* format, ...);
  void* raise_known_location(Located* node, const char* format, ...);
  void* raise_known_location(Token* token, const char* format, ...);
  void* raise_known_range(Located* a, Located* b, const char* format, ...);
  void* raise_known_range(Token* a, Token* b, const char* format, ...);
  void* raise_known_range(Located* a, Token* b, const char* format, ...);
  void* raise_known_range(Token* a, Located* b, const char* format, ...);
  void* raise_starting_from(Located* a, const char* format, ...);
  void* raise_starting_from(Token* a, const char* format, ...);
  void* raise_invalid_target(TargetsType type, Expr* e);
  void* raise_unclosed_parenthesis();
  void tokenizer_error();
  void set_syntax_error(Token* last_token);
  void tokenize_full_source_to_check_for_errors();
  std::string error_line(int lineno);
  bool is_end_of_source() const;

  // --- helpers (parser.cpp) ---
  Identifier intern(std::string_view text);
  Name* name_from_token(Token* t);
  Expr* name_token();
  Expr* number_token();
  Expr* set_expr_context(Expr* e, ExprContext ctx);
  template <class T>
  Seq<T> seq(const std::vector<T>& items) {
    return Seq<T>::copy_of(arena_, items);
  }
  template <class T>
  Seq<T> singleton(T item) {
    return Seq<T>::copy_of(arena_, &item, 1);
  }
  template <class T>
  Seq<T> prepend(T first, Seq<T> rest);
  Arguments* empty_arguments();
  Arguments* make_arguments(Seq<Arg*>* slash_without_default,
                            SlashWithDefault* slash_with_default,
                            Seq<Arg*>* plain_names, Seq<NameDefaultPair*>* names_with_default,
                            StarEtc* star_etc);
  Expr* collect_call_seqs(Seq<Expr*> positional, Seq<KeywordOrStarred*>* kwargs, Pos start);
  Expr* dummy_name();
  Stmt* function_def_decorators(Seq<Expr*> decorators, Stmt* def);
  Stmt* class_def_decorators(Seq<Expr*> decorators, Stmt* def);
  Expr* join_names_with_dot(Expr* a, Expr* b);
  int count_dots(const std::vector<Token*>& tokens);
  Alias* alias_for_star(Pos start);
  Expr* ensure_real(Expr* e);
  Expr* ensure_imaginary(Expr* e);
  bool check_legacy_stmt(Expr* name);
  bool check_barry_as_flufl(Token* t);

  // --- grammar: statements (parser_stmt.cpp) ---
  Mod* file();
  Mod* interactive();
  Mod* eval();
  Mod* func_type();
  Expr* fstring();
  std::optional<Seq<Stmt*>> statements();
  std::optional<Seq<Stmt*>> statement();
  std::optional<Seq<Stmt*>> statement_newline();
  std::optional<Seq<Stmt*>> simple_stmts();
  Stmt* simple_stmt();
  Stmt* compound_stmt();
  Stmt* assignment();
  Expr* annotated_rhs();
  bool augassign(Operator* op);
  Stmt* return_stmt();
  Stmt* raise_stmt();
  Stmt* global_stmt();
  Stmt* nonlocal_stmt();
  Stmt* del_stmt();
  Stmt* yield_stmt();
  Stmt* assert_stmt();
  Stmt* import_stmt();
  Stmt* import_name();
  Stmt* import_from();
  std::optional<Seq<Alias*>> import_from_targets();
  std::optional<Seq<Alias*>> import_from_as_names();
  Alias* import_from_as_name();
  std::optional<Seq<Alias*>> dotted_as_names();
  Alias* dotted_as_name();
  Expr* dotted_name();
  std::optional<Seq<Stmt*>> block();
  std::optional<Seq<Expr*>> decorators();
  Stmt* class_def();
  Stmt* class_def_raw();
  Stmt* function_def();
  Stmt* function_def_raw();
  Arguments* params();
  Arguments* parameters();
  std::optional<Seq<Arg*>> slash_no_default();
  SlashWithDefault* slash_with_default();
  StarEtc* star_etc();
  Arg* kwds();
  Arg* param_no_default();
  Arg* param_no_default_star_annotation();
  NameDefaultPair* param_with_default();
  NameDefaultPair* param_maybe_default();
  Arg* param();
  Arg* param_star_annotation();
  Expr* annotation();
  Expr* star_annotation();
  Expr* default_value();
  Stmt* if_stmt();
  Stmt* elif_stmt();
  std::optional<Seq<Stmt*>> else_block();
  Stmt* while_stmt();
  Stmt* for_stmt();
  Stmt* with_stmt();
  WithItem* with_item();
  Stmt* try_stmt();
  ExceptHandlerBase* except_block();
  ExceptHandlerBase* except_star_block();
  std::optional<Seq<Stmt*>> finally_block();
  Stmt* match_stmt();
  Expr* subject_expr();
  MatchCase* case_block();
  Expr* guard();
  Pattern* patterns();
  Pattern* pattern();
  Pattern* as_pattern();
  Pattern* or_pattern();
  Pattern* closed_pattern();
  Pattern* literal_pattern();
  Expr* literal_expr();
  Expr* complex_number();
  Expr* signed_number();
  Expr* signed_real_number();
  Expr* real_number();
  Expr* imaginary_number();
  Pattern* capture_pattern();
  Expr* pattern_capture_target();
  Pattern* wildcard_pattern();
  Pattern* value_pattern();
  Expr* attr();
  Expr* name_or_attr();
  Pattern* group_pattern();
  Pattern* sequence_pattern();
  std::optional<Seq<Pattern*>> open_sequence_pattern();
  std::optional<Seq<Pattern*>> maybe_sequence_pattern();
  Pattern* maybe_star_pattern();
  Pattern* star_pattern();
  Pattern* mapping_pattern();
  std::optional<Seq<KeyPatternPair*>> items_pattern();
  KeyPatternPair* key_value_pattern();
  Expr* double_star_pattern();
  Pattern* class_pattern();
  std::optional<Seq<Pattern*>> positional_patterns();
  std::optional<Seq<KeyPatternPair*>> keyword_patterns();
  KeyPatternPair* keyword_pattern();
  std::optional<Seq<Expr*>> type_expressions();
  Pattern* make_match_class(Expr* cls, Seq<Pattern*> patterns, Seq<KeyPatternPair*> keywords,
                            Pos start);

  // --- grammar: expressions (parser_expr.cpp) ---
  Expr* expressions();
  Expr* expression();
  Expr* expression_without_invalid();
  Expr* yield_expr();
  Expr* star_expressions();
  Expr* star_expression();
  std::optional<Seq<Expr*>> star_named_expressions();
  Expr* star_named_expression();
  Expr* assignment_expression();
  Expr* named_expression();
  Expr* disjunction();
  Expr* conjunction();
  Expr* inversion();
  Expr* comparison();
  CmpopExprPair* compare_op_bitwise_or_pair();
  Expr* bitwise_or();
  Expr* bitwise_xor();
  Expr* bitwise_and();
  Expr* shift_expr();
  Expr* sum();
  Expr* term();
  Expr* factor();
  Expr* power();
  Expr* await_primary();
  Expr* primary();
  Expr* slices();
  Expr* slice();
  Expr* atom();
  Expr* group();
  Expr* lambdef();
  Arguments* lambda_params();
  Arguments* lambda_parameters();
  std::optional<Seq<Arg*>> lambda_slash_no_default();
  SlashWithDefault* lambda_slash_with_default();
  StarEtc* lambda_star_etc();
  Arg* lambda_kwds();
  Arg* lambda_param_no_default();
  NameDefaultPair* lambda_param_with_default();
  NameDefaultPair* lambda_param_maybe_default();
  Arg* lambda_param();
  Expr* strings();
  Expr* list();
  Expr* tuple();
  Expr* set();
  Expr* dict();
  std::optional<Seq<KeyValuePair*>> double_starred_kvpairs();
  KeyValuePair* double_starred_kvpair();
  KeyValuePair* kvpair();
  std::optional<Seq<Comprehension*>> for_if_clauses();
  Comprehension* for_if_clause();
  Expr* listcomp();
  Expr* setcomp();
  Expr* genexp();
  Expr* dictcomp();
  Expr* arguments();
  Expr* args();
  std::optional<Seq<KeywordOrStarred*>> kwargs();
  Expr* starred_expression();
  KeywordOrStarred* kwarg_or_starred();
  KeywordOrStarred* kwarg_or_double_starred();
  Expr* star_targets();
  std::optional<Seq<Expr*>> star_targets_list_seq();
  std::optional<Seq<Expr*>> star_targets_tuple_seq();
  Expr* star_target();
  Expr* target_with_star_atom();
  Expr* star_atom();
  Expr* single_target();
  Expr* single_subscript_attribute_target();
  Expr* t_primary();
  bool t_lookahead();
  std::optional<Seq<Expr*>> del_targets();
  Expr* del_target();
  Expr* del_t_atom();

  // --- grammar: invalid rules (parser_invalid.cpp); each returns true if it raised ---
  bool invalid_arguments();
  bool invalid_kwarg();
  bool invalid_legacy_expression();
  bool invalid_expression();
  bool invalid_named_expression();
  bool invalid_assignment();
  Expr* invalid_ann_assign_target();
  bool invalid_del_stmt();
  bool invalid_block();
  bool invalid_comprehension();
  bool invalid_dict_comprehension();
  bool invalid_parameters();
  bool invalid_default();
  bool invalid_star_etc();
  bool invalid_kwds();
  bool invalid_parameters_helper();
  bool invalid_lambda_parameters();
  bool invalid_lambda_parameters_helper();
  bool invalid_lambda_star_etc();
  bool invalid_lambda_kwds();
  bool invalid_double_type_comments();
  bool invalid_with_item();
  bool invalid_for_target();
  bool invalid_group();
  bool invalid_import_from_targets();
  bool invalid_with_stmt();
  bool invalid_with_stmt_indent();
  bool invalid_try_stmt();
  bool invalid_except_stmt();
  bool invalid_finally_stmt();
  bool invalid_except_stmt_indent();
  bool invalid_except_star_stmt_indent();
  bool invalid_match_stmt();
  bool invalid_case_block();
  bool invalid_as_pattern();
  bool invalid_class_pattern();
  std::optional<Seq<Pattern*>> invalid_class_argument_pattern();
  bool invalid_if_stmt();
  bool invalid_elif_stmt();
  bool invalid_else_stmt();
  bool invalid_while_stmt();
  bool invalid_for_stmt();
  bool invalid_def_raw();
  bool invalid_class_def_raw();
  bool invalid_double_starred_kvpairs();
  bool invalid_kvpair();

  // --- strings (parser_string.cpp) ---
  Expr* concatenate_strings(const std::vector<Token*>& tokens);

  // --- state ---
  Arena& arena_;
  Options options_;
  Tokenizer tokenizer_;
  std::string_view text_;
  TokenArray tokens_;
  int mark_ = 0;
  int level_ = 0;                  // rule nesting, bounded by kMaxStack
  bool error_indicator_ = false;
  bool call_invalid_rules_ = false;
  bool parsing_started_ = false;
  Token* known_err_token_ = nullptr;
  int known_err_token_index_ = -1;
  std::optional<SyntaxErrorInfo> error_;
  // A memoised result: each token heads a list of them (Token::memo), and its
  // Token::memo_mask tells which rules are in the list, so that misses are quick.
  struct MemoEntry {
    void* value;
    int end_mark;
    uint32_t next_and_rule;  // index of the next entry << 5 | the MemoRule
  };
  std::vector<MemoEntry> memo_;    // entry 0 unused: 0 ends a token's list
  std::unordered_set<std::string_view> identifiers_;
  std::vector<void*> scratch_;     // shared stack for building sequences (see ListBuilder)
  struct TypeIgnoreComment {
    int lineno;
    std::string_view tag;
  };
  std::vector<TypeIgnoreComment> type_ignores_;  // "# type: ignore" comments, in order

  template <class T>
  friend class ListBuilder;
  friend struct RuleGuard;
};

// CPython's parser gives up (MemoryError) beyond this many nested rule calls.
constexpr int kMaxStack = 6000;

// Counts rule nesting; rules return null at once if an error is set or the stack is
// exhausted (CPython's p->level / MAXSTACK and p->error_indicator checks).
struct RuleGuard {
  Parser* p;
  explicit RuleGuard(Parser* parser);
  ~RuleGuard() { --p->level_; }
  bool failed() const { return p->error_indicator_; }
};

// Builds a Seq<T> of pointers on the parser's scratch stack; strictly nested (LIFO) use.
template <class T>
class ListBuilder {
 public:
  explicit ListBuilder(Parser* p) : p_(p), base_(p->scratch_.size()) {}
  ~ListBuilder() { p_->scratch_.resize(base_); }
  ListBuilder(const ListBuilder&) = delete;
  void push(T item) { p_->scratch_.push_back(reinterpret_cast<void*>(item)); }
  size_t size() const { return p_->scratch_.size() - base_; }
  bool empty() const { return size() == 0; }
  T operator[](size_t i) const { return reinterpret_cast<T>(p_->scratch_[base_ + i]); }
  Seq<T> finish() {
    size_t n = size();
    T* items = n ? static_cast<T*>(p_->arena_.allocate(sizeof(T) * n, alignof(T))) : nullptr;
    for (size_t i = 0; i < n; ++i) items[i] = (*this)[i];
    p_->scratch_.resize(base_);
    return Seq<T>{items, uint32_t(n)};
  }

 private:
  Parser* p_;
  size_t base_;
};

template <class T, class F>
bool Parser::repeat(ListBuilder<T>& list, F&& item) {
  for (;;) {
    int mark = mark_;
    T value = item();
    if (!value) {
      mark_ = mark;
      break;
    }
    list.push(value);
  }
  return !error_indicator_;
}

template <class T, class F>
bool Parser::gather(ListBuilder<T>& list, TokenType separator, F&& item) {
  int mark = mark_;
  T first = item();
  if (!first) {
    mark_ = mark;
    return false;
  }
  list.push(first);
  for (;;) {
    mark = mark_;
    if (!expect(separator)) {
      mark_ = mark;
      break;
    }
    T value = item();
    if (!value) {
      mark_ = mark;
      break;
    }
    list.push(value);
  }
  return !error_indicator_;
}

// Node positions: from `start` to the end of the last token that is not whitespace.
template <class T>
inline T* Parser::finish(T* node, Pos start) {
  Token* last = last_nonwhitespace_token();
  node->lineno = start.lineno;
  node->col_offset = start.col_offset;
  node->end_lineno = last ? last->end_lineno : start.lineno;
  node->end_col_offset = last ? last->end_col_offset : start.col_offset;
  return node;
}

template <class T>
inline T* Parser::make_range(int lineno, int col, int end_lineno, int end_col) {
  T* node = make_node<T>(arena_);
  node->lineno = lineno;
  node->col_offset = col;
  node->end_lineno = end_lineno;
  node->end_col_offset = end_col;
  return node;
}

template <class T>
inline bool Parser::memo_get(MemoRule rule, T* result) {
  Token* t = token_at_mark();
  if (!t) {
    *result = nullptr;
    return true;
  }
  if (!(t->memo_mask & (1u << unsigned(rule)))) return false;
  for (uint32_t i = t->memo; i != 0; i = memo_[i].next_and_rule >> 5) {
    if ((memo_[i].next_and_rule & 31) == unsigned(rule)) {
      mark_ = memo_[i].end_mark;
      *result = static_cast<T>(memo_[i].value);
      return true;
    }
  }
  return false;
}

// Called once per rule and token, after memo_get missed (a rule cannot reach itself at the
// same token without consuming input), so it only prepends.
template <class T>
inline void Parser::memo_put(MemoRule rule, int start_mark, T result) {
  // The memo is only a cache: past 2^27 entries (a source of gigabytes) it stops growing.
  if (memo_.size() >= (size_t{1} << 27)) return;
  Token& t = tokens_[start_mark];
  memo_.push_back(MemoEntry{result, mark_, t.memo << 5 | unsigned(rule)});
  t.memo = uint32_t(memo_.size() - 1);
  t.memo_mask |= 1u << unsigned(rule);
}

template <class T>
inline Seq<T> Parser::prepend(T first, Seq<T> rest) {
  size_t n = rest.size() + 1;
  T* items = static_cast<T*>(arena_.allocate(sizeof(T) * n, alignof(T)));
  items[0] = first;
  for (size_t i = 0; i < rest.size(); ++i) items[i + 1] = rest[i];
  return Seq<T>{items, uint32_t(n)};
}

// Opens a rule: counts the nesting and returns failure at once if an error is set.
#define RULE()                         \
  RuleGuard rule_guard_(this);         \
  if (rule_guard_.failed()) return {}

// Unwraps a rule result for REQ: pointers stay pointers, optionals give their value.
template <class T>
T* unwrap(T* p) { return p; }
template <class T>
T unwrap(std::optional<T>& o) { return *o; }
inline bool unwrap(bool b) { return b; }

// Inside an alternative (a lambda returning a pointer or optional): evaluate `expr` and
// fail the alternative if it failed.
#define REQ(expr)                    \
  ({                                 \
    auto req_value_ = (expr);        \
    if (!req_value_) return {};      \
    unwrap(req_value_);              \
  })

}  // namespace krait::parse
