// Unit tests of the tokenizer: token types and CPython's positions, indentation,
// bracket nesting and the tokenizer's own errors (expected values from python3.11).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parse/tokenizer.h"

namespace krait::parse {
namespace {

struct Lexed {
  TokenType type;
  std::string text;
};

// All tokens up to ENDMARKER or an error (the text must end with '\n' for exec input).
std::vector<Lexed> lex(const std::string& text, Tokenizer* tokenizer) {
  std::vector<Lexed> out;
  for (;;) {
    const char* start;
    const char* end;
    TokenType type = tokenizer->next(&start, &end);
    out.push_back({type, start ? std::string(start, end) : std::string()});
    if (type == TokenType::EndMarker || type == TokenType::ErrorToken) break;
  }
  return out;
}

std::vector<Lexed> lex(const std::string& text) {
  Tokenizer tokenizer(text, Tokenizer::Options{});
  return lex(text, &tokenizer);
}

TEST(ParseTokenizer, OperatorsNamesNumbersStrings) {
  auto tokens = lex("x **= f(a, b'\\x00', 0x1F, 1_000.5e-3j) -> ... := @= != <>\n");
  std::vector<TokenType> types;
  std::string names;
  for (auto& t : tokens) {
    types.push_back(t.type);
    names += std::string(token_type_text(t.type)) + " ";
  }
  EXPECT_EQ(names,
            "NAME **= NAME ( NAME , STRING , NUMBER , NUMBER ) -> ... := @= != != NEWLINE "
            "ENDMARKER ");
  std::vector<TokenType> want = {
      TokenType::Name,     TokenType::DoubleStarEqual, TokenType::Name,   TokenType::Lpar,
      TokenType::Name,     TokenType::Comma,           TokenType::String, TokenType::Comma,
      TokenType::Number,   TokenType::Comma,           TokenType::Number, TokenType::Rpar,
      TokenType::Rarrow,   TokenType::Ellipsis,        TokenType::ColonEqual, TokenType::AtEqual,
      TokenType::NotEqual, TokenType::NotEqual,        TokenType::Newline, TokenType::EndMarker};
  EXPECT_EQ(types, want);
  EXPECT_EQ(tokens[6].text, "b'\\x00'");
  EXPECT_EQ(tokens[10].text, "1_000.5e-3j");
  EXPECT_EQ(tokens[17].text, "<>");
}

TEST(ParseTokenizer, IndentDedentAndBlankLines) {
  auto tokens = lex("if x:\n    # comment\n\n    y\n        z\nw\n");
  std::vector<TokenType> types;
  for (auto& t : tokens) types.push_back(t.type);
  std::vector<TokenType> want = {TokenType::If,      TokenType::Name,   TokenType::Colon,
                                 TokenType::Newline, TokenType::Indent, TokenType::Name,
                                 TokenType::Newline, TokenType::Indent, TokenType::Name,
                                 TokenType::Newline, TokenType::Dedent, TokenType::Dedent,
                                 TokenType::Name,    TokenType::Newline, TokenType::EndMarker};
  ASSERT_EQ(types.size(), want.size());
  // The tokenizer reports keywords as NAME; the parser classifies them.
  want[0] = TokenType::Name;
  EXPECT_EQ(types, want);
}

TEST(ParseTokenizer, BracketsJoinLines) {
  auto tokens = lex("x = (1,\n     2)\ny\n");
  int newlines = 0;
  for (auto& t : tokens) newlines += t.type == TokenType::Newline;
  EXPECT_EQ(newlines, 2);
}

TEST(ParseTokenizer, AmbiguousTabsAreATabError) {
  std::string text = "if x:\n\ta\n        b\n";
  Tokenizer tokenizer(text, Tokenizer::Options{});
  auto tokens = lex(text, &tokenizer);
  EXPECT_EQ(tokens.back().type, TokenType::ErrorToken);
  EXPECT_EQ(tokenizer.status(), Tokenizer::Status::TabSpace);
  EXPECT_EQ(tokenizer.lineno(), 3);
}

TEST(ParseTokenizer, UnterminatedStringPointsAtTheQuote) {
  std::string text = "x = '''abc\n\n";
  Tokenizer tokenizer(text, Tokenizer::Options{});
  lex(text, &tokenizer);
  ASSERT_TRUE(tokenizer.error().has_value());
  const SyntaxErrorInfo& e = *tokenizer.error();
  EXPECT_EQ(e.msg, "unterminated triple-quoted string literal (detected at line 2)");
  EXPECT_EQ(e.lineno, 1);
  EXPECT_EQ(e.offset, 5);
  EXPECT_EQ(e.text, "x = '''abc");
  EXPECT_EQ(tokenizer.status(), Tokenizer::Status::ErrorAtEof);
}

TEST(ParseTokenizer, NumberErrors) {
  struct Case {
    const char* text;
    const char* msg;
    int offset, end_offset;
  } cases[] = {
      {"1__0\n", "invalid decimal literal", 2, 2},
      {"0x\n", "invalid hexadecimal literal", 2, 2},
      {"0b12\n", "invalid digit '2' in binary literal", 4, 4},
      {"0o8\n", "invalid digit '8' in octal literal", 3, 3},
      {"012\n",
       "leading zeros in decimal integer literals are not permitted; use an 0o prefix for "
       "octal integers",
       1, 2},
      {"1abc\n", "invalid decimal literal", 1, 1},
  };
  for (const Case& c : cases) {
    std::string text = c.text;
    Tokenizer tokenizer(text, Tokenizer::Options{});
    lex(text, &tokenizer);
    ASSERT_TRUE(tokenizer.error().has_value()) << c.text;
    EXPECT_EQ(tokenizer.error()->msg, c.msg) << c.text;
    EXPECT_EQ(tokenizer.error()->offset, c.offset) << c.text;
    EXPECT_EQ(tokenizer.error()->end_offset, c.end_offset) << c.text;
  }
}

TEST(ParseTokenizer, NumberBeforeKeywordOnlyWarns) {
  std::string text = "1if x else y\n";
  std::vector<ParseWarning> warnings;
  Tokenizer::Options options;
  options.warnings = &warnings;
  Tokenizer tokenizer(text, options);
  auto tokens = lex(text, &tokenizer);
  EXPECT_EQ(tokens.back().type, TokenType::EndMarker);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].category, "SyntaxWarning");
  EXPECT_EQ(warnings[0].message, "invalid decimal literal");
}

TEST(ParseTokenizer, InvalidCharacters) {
  std::string text = "x\xe2\x82\xac = 1\n";
  Tokenizer tokenizer(text, Tokenizer::Options{});
  lex(text, &tokenizer);
  ASSERT_TRUE(tokenizer.error().has_value());
  EXPECT_EQ(tokenizer.error()->msg, "invalid character '\xe2\x82\xac' (U+20AC)");
  EXPECT_EQ(tokenizer.error()->offset, 2);

  std::string control = "x = \x01\n";
  Tokenizer tokenizer2(control, Tokenizer::Options{});
  lex(control, &tokenizer2);
  ASSERT_TRUE(tokenizer2.error().has_value());
  EXPECT_EQ(tokenizer2.error()->msg, "invalid non-printable character U+0001");
}

TEST(ParseTokenizer, NonAsciiIdentifiersAreAccepted) {
  auto tokens = lex("\xc3\xa9t\xc3\xa9 = \xe5\x90\x8d\n");
  EXPECT_EQ(tokens[0].type, TokenType::Name);
  EXPECT_EQ(tokens[2].type, TokenType::Name);
}

TEST(ParseTokenizer, MismatchedBrackets) {
  std::string text = "(\n]\n";
  Tokenizer tokenizer(text, Tokenizer::Options{});
  lex(text, &tokenizer);
  ASSERT_TRUE(tokenizer.error().has_value());
  EXPECT_EQ(tokenizer.error()->msg,
            "closing parenthesis ']' does not match opening parenthesis '(' on line 1");
  EXPECT_EQ(tokenizer.error()->lineno, 2);
}

TEST(ParseTokenizer, Utf8Helpers) {
  EXPECT_EQ(utf8_char_count("x\xe2\x82\xac y", 4), 2);
  EXPECT_EQ(utf8_decode_error("\xff"),
            "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte");
  EXPECT_EQ(utf8_decode_error("a\xe2\x82"),
            "'utf-8' codec can't decode bytes in position 1-2: unexpected end of data");
  EXPECT_EQ(utf8_replace_invalid("a\xffz"), "a\xef\xbf\xbdz");
}

}  // namespace
}  // namespace krait::parse
