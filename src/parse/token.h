// Tokens of the Python 3.11 lexical grammar as the tokenizer hands them to the parser:
// the token types (CPython's Grammar/Tokens plus one type per keyword), and the Token
// record with CPython's positions (1-based lines, UTF-8 byte columns, -1 where CPython
// has none: INDENT, DEDENT, ENDMARKER).
#pragma once

#include <cstdint>
#include <string_view>

namespace krait::parse {

#define KRAIT_TOKEN_TYPES(X)                                                                 \
  X(EndMarker, "ENDMARKER") X(Name, "NAME") X(Number, "NUMBER") X(String, "STRING")          \
  X(Newline, "NEWLINE") X(Indent, "INDENT") X(Dedent, "DEDENT")                              \
  X(Lpar, "(") X(Rpar, ")") X(Lsqb, "[") X(Rsqb, "]") X(Colon, ":") X(Comma, ",")            \
  X(Semi, ";") X(Plus, "+") X(Minus, "-") X(Star, "*") X(Slash, "/") X(Vbar, "|")            \
  X(Amper, "&") X(Less, "<") X(Greater, ">") X(Equal, "=") X(Dot, ".") X(Percent, "%")       \
  X(Lbrace, "{") X(Rbrace, "}") X(EqEqual, "==") X(NotEqual, "!=") X(LessEqual, "<=")        \
  X(GreaterEqual, ">=") X(Tilde, "~") X(Circumflex, "^") X(LeftShift, "<<")                  \
  X(RightShift, ">>") X(DoubleStar, "**") X(PlusEqual, "+=") X(MinEqual, "-=")              \
  X(StarEqual, "*=") X(SlashEqual, "/=") X(PercentEqual, "%=") X(AmperEqual, "&=")           \
  X(VbarEqual, "|=") X(CircumflexEqual, "^=") X(LeftShiftEqual, "<<=")                      \
  X(RightShiftEqual, ">>=") X(DoubleStarEqual, "**=") X(DoubleSlash, "//")                   \
  X(DoubleSlashEqual, "//=") X(At, "@") X(AtEqual, "@=") X(Rarrow, "->") X(Ellipsis, "...") \
  X(ColonEqual, ":=") X(TypeComment, "TYPE_COMMENT") X(TypeIgnore, "TYPE_IGNORE")             \
  X(Op, "OP") X(ErrorToken, "ERRORTOKEN")                                                    \
  X(False, "False") X(None, "None") X(True, "True") X(And, "and") X(As, "as")                \
  X(Assert, "assert") X(Async, "async") X(Await, "await") X(Break, "break")                  \
  X(Class, "class") X(Continue, "continue") X(Def, "def") X(Del, "del") X(Elif, "elif")     \
  X(Else, "else") X(Except, "except") X(Finally, "finally") X(For, "for") X(From, "from")   \
  X(Global, "global") X(If, "if") X(Import, "import") X(In, "in") X(Is, "is")               \
  X(Lambda, "lambda") X(Nonlocal, "nonlocal") X(Not, "not") X(Or, "or") X(Pass, "pass")     \
  X(Raise, "raise") X(Return, "return") X(Try, "try") X(While, "while") X(With, "with")     \
  X(Yield, "yield")

enum class TokenType : uint8_t {
#define KRAIT_TOKEN_ENUM(name, text) name,
  KRAIT_TOKEN_TYPES(KRAIT_TOKEN_ENUM)
#undef KRAIT_TOKEN_ENUM
};

// "NAME", "(", "if", ...: the operator or keyword text, or the CPython token name.
std::string_view token_type_text(TokenType type);

// The keyword spelled `text`, or TokenType::Name when it is not a (hard) keyword.
TokenType keyword_type(std::string_view text);

struct Token {
  TokenType type;
  int level;  // bracket depth after this token (what CPython's Token.level records)
  int lineno, col_offset, end_lineno, end_col_offset;
  const char* start;  // the text in the source buffer (null for INDENT/DEDENT/ENDMARKER)
  const char* end;
  uint32_t memo = 0;       // head of this token's memo list in the parser (0: empty)
  uint32_t memo_mask = 0;  // which rules that list holds
  std::string_view identifier;  // NAME tokens: the interned (NFKC) identifier

  std::string_view text() const {
    return start ? std::string_view(start, size_t(end - start)) : std::string_view();
  }
};

}  // namespace krait::parse
