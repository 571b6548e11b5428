// Unit tests of parse(): trees in every mode, SyntaxErrors with CPython's locations,
// warnings, source encodings, REPL input and deep nesting (expected values from python3.11;
// tools/parser_corpus.py compares far more against python3.11 directly).
#include <gtest/gtest.h>

#include <string>

#include "parse/parser.h"

namespace krait::parse {
namespace {

std::string dump(std::string_view source, Mode mode = Mode::Exec, bool attrs = false) {
  ParseResult result = parse(source, "<test>", mode, kFlagSourceIsUtf8);
  if (!result.ok()) return "error: " + (result.error ? result.error->msg : result.needs_decoding);
  return ast::ast_dump(result.tree, attrs);
}

SyntaxErrorInfo error_of(std::string_view source, Mode mode = Mode::Exec,
                         unsigned flags = kFlagSourceIsUtf8) {
  ParseResult result = parse(source, "<test>", mode, flags);
  EXPECT_FALSE(result.ok()) << source;
  return result.error.value_or(SyntaxErrorInfo{});
}

TEST(ParseParser, TreesWithPositions) {
  EXPECT_EQ(dump("if x:\n\tpass\n", Mode::Exec, true),
            "Module(body=[If(test=Name(id='x', ctx=Load(), lineno=1, col_offset=3, "
            "end_lineno=1, end_col_offset=4), body=[Pass(lineno=2, col_offset=1, end_lineno=2, "
            "end_col_offset=5)], orelse=[], lineno=1, col_offset=0, end_lineno=2, "
            "end_col_offset=5)], type_ignores=[])");
  EXPECT_EQ(dump("x = [1, 2]\n", Mode::Exec, true),
            "Module(body=[Assign(targets=[Name(id='x', ctx=Store(), lineno=1, col_offset=0, "
            "end_lineno=1, end_col_offset=1)], value=List(elts=[Constant(value=1, lineno=1, "
            "col_offset=5, end_lineno=1, end_col_offset=6), Constant(value=2, lineno=1, "
            "col_offset=8, end_lineno=1, end_col_offset=9)], ctx=Load(), lineno=1, "
            "col_offset=4, end_lineno=1, end_col_offset=10), lineno=1, col_offset=0, "
            "end_lineno=1, end_col_offset=10)], type_ignores=[])");
}

TEST(ParseParser, Modes) {
  EXPECT_EQ(dump("x + 1", Mode::Eval),
            "Expression(body=BinOp(left=Name(id='x', ctx=Load()), op=Add(), "
            "right=Constant(value=1)))");
  EXPECT_EQ(dump("x = 1", Mode::Single),
            "Interactive(body=[Assign(targets=[Name(id='x', ctx=Store())], "
            "value=Constant(value=1))])");
  EXPECT_EQ(dump("(int, *str) -> bool", Mode::FuncType),
            "FunctionType(argtypes=[Name(id='int', ctx=Load()), Name(id='str', ctx=Load())], "
            "returns=Name(id='bool', ctx=Load()))");
}

TEST(ParseParser, MatchAndFStrings) {
  EXPECT_EQ(dump("match m:\n    case {\"k\": [1, *_]} | C(a=b) as z if z: pass\n"),
            "Module(body=[Match(subject=Name(id='m', ctx=Load()), cases=[match_case("
            "pattern=MatchAs(pattern=MatchOr(patterns=[MatchMapping(keys=[Constant(value='k')], "
            "patterns=[MatchSequence(patterns=[MatchValue(value=Constant(value=1)), "
            "MatchStar()])]), MatchClass(cls=Name(id='C', ctx=Load()), patterns=[], "
            "kwd_attrs=['a'], kwd_patterns=[MatchAs(name='b')])]), name='z'), "
            "guard=Name(id='z', ctx=Load()), body=[Pass()])])], type_ignores=[])");
  EXPECT_EQ(dump("f\"{x!r:{w}.{p}}\""),
            "Module(body=[Expr(value=JoinedStr(values=[FormattedValue(value=Name(id='x', "
            "ctx=Load()), conversion=114, format_spec=JoinedStr(values=[FormattedValue("
            "value=Name(id='w', ctx=Load()), conversion=-1), Constant(value='.'), "
            "FormattedValue(value=Name(id='p', ctx=Load()), conversion=-1)]))]))], "
            "type_ignores=[])");
}

TEST(ParseParser, SyntaxErrors) {
  SyntaxErrorInfo e = error_of("x $ y");
  EXPECT_EQ(e.kind, "SyntaxError");
  EXPECT_EQ(e.msg, "invalid syntax");
  EXPECT_EQ(e.lineno, 1);
  EXPECT_EQ(e.offset, 3);
  EXPECT_EQ(e.end_offset, 4);
  EXPECT_EQ(e.text, "x $ y\n");

  e = error_of("def f(a, b=1, c): pass");
  EXPECT_EQ(e.msg, "non-default argument follows default argument");
  EXPECT_EQ(e.offset, 15);

  e = error_of("x = 1\nif x\n  pass\n");
  EXPECT_EQ(e.msg, "expected ':'");
  EXPECT_EQ(e.lineno, 2);
  EXPECT_EQ(e.offset, 5);

  e = error_of("f(a for a in b, c)");
  EXPECT_EQ(e.msg, "Generator expression must be parenthesized");

  e = error_of("if x:\n");
  EXPECT_EQ(e.kind, "IndentationError");
  EXPECT_EQ(e.msg, "expected an indented block after 'if' statement on line 1");

  e = error_of("x = f'{a b}'");
  EXPECT_EQ(e.msg, "f-string: invalid syntax. Perhaps you forgot a comma?");
  EXPECT_EQ(e.text, "(a b)\n");

  e = error_of("x = (1,\n2\n");
  EXPECT_EQ(e.msg, "'(' was never closed");
  EXPECT_EQ(e.text, "x = (1,");
}

TEST(ParseParser, IncompleteInputForTheRepl) {
  for (const char* source : {"if x:\n", "x = (1,\n", "'''abc", "def f():"}) {
    SyntaxErrorInfo e = error_of(source, Mode::Single,
                                 kFlagSourceIsUtf8 | kFlagAllowIncompleteInput |
                                     kFlagDontImplyDedent);
    EXPECT_TRUE(e.incomplete_input) << source;
    EXPECT_EQ(e.msg, "incomplete input") << source;
  }
  // Like CPython, only input that ran out while the parser still wanted more is incomplete.
  SyntaxErrorInfo e =
      error_of("x $\n", Mode::Single, kFlagSourceIsUtf8 | kFlagAllowIncompleteInput);
  EXPECT_FALSE(e.incomplete_input);
  EXPECT_EQ(e.msg, "invalid syntax");
}

TEST(ParseParser, Warnings) {
  ParseResult result = parse("x = '\\d'\n", "<test>", Mode::Exec, kFlagSourceIsUtf8);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_EQ(result.warnings[0].category, "DeprecationWarning");
  EXPECT_EQ(result.warnings[0].message, "invalid escape sequence '\\d'");
}

TEST(ParseParser, Encodings) {
  // A latin-1 cookie: the parser decodes it itself.
  ParseResult latin1 =
      parse("# coding: latin-1\nx = '\xe9'\n", "<test>", Mode::Exec, 0);
  ASSERT_TRUE(latin1.ok());
  EXPECT_NE(ast::ast_dump(latin1.tree, false).find("'\xc3\xa9'"), std::string::npos);
  // A BOM is skipped.
  EXPECT_TRUE(parse("\xef\xbb\xbfx = 1\n", "<test>", Mode::Exec, 0).ok());
  // Other encodings go back to the caller.
  ParseResult koi8 = parse("# -*- coding: koi8-r -*-\nx = 1\n", "<test>", Mode::Exec, 0);
  EXPECT_FALSE(koi8.ok());
  EXPECT_EQ(koi8.needs_decoding, "koi8-r");
  // A cookie that contradicts the BOM.
  ParseResult both = parse("\xef\xbb\xbf# coding: latin-1\nx = 1\n", "<test>", Mode::Exec, 0);
  ASSERT_TRUE(both.error.has_value());
  EXPECT_EQ(both.error->msg, "encoding problem: iso-8859-1 with BOM");
  EXPECT_EQ(both.error->lineno, 0);
  EXPECT_EQ(both.error->offset, -1);
  // Undeclared non-UTF-8 bytes in a script file.
  ParseResult file = parse("x = 1\n\xff\n", "x.py", Mode::Exec, kFlagSourceIsFile);
  ASSERT_TRUE(file.error.has_value());
  EXPECT_EQ(file.error->msg,
            "Non-UTF-8 code starting with '\\xff' in file x.py on line 2, but no encoding "
            "declared; see https://peps.python.org/pep-0263/ for details");
  EXPECT_EQ(file.error->lineno, kNoValue);
}

TEST(ParseParser, DeepNestingFailsCleanly) {
  EXPECT_EQ(error_of(std::string(10000, '-') + "1").kind, "MemoryError");
  EXPECT_EQ(error_of(std::string(201, '(') + std::string(201, ')')).msg,
            "too many nested parentheses");
  EXPECT_NE(dump(std::string(5000, '-') + "1").find("UnaryOp"), std::string::npos);
}

}  // namespace
}  // namespace krait::parse
