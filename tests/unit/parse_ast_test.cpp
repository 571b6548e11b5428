// Unit tests of the AST layer: node construction in the arena and ast_dump's output
// (compared with what python3.11's ast.dump prints for the same tree).
#include <gtest/gtest.h>

#include <cmath>

#include "parse/ast.h"

namespace krait::ast {
namespace {

TEST(ParseAst, DumpAssign) {
  Arena arena;
  auto* name = make_node<Name>(arena);
  name->id = "x";
  name->ctx = ExprContext::Store;
  name->lineno = 1;
  name->end_lineno = 1;
  name->end_col_offset = 1;
  auto* value = make_node<Constant>(arena);
  value->value.kind = ConstantKind::Int;
  value->value.text = "0x1f";
  value->lineno = 1;
  value->col_offset = 4;
  value->end_lineno = 1;
  value->end_col_offset = 8;
  auto* assign = make_node<Assign>(arena);
  Expr* targets[] = {name};
  assign->targets = Seq<Expr*>::copy_of(arena, targets, 1);
  assign->value = value;
  assign->lineno = 1;
  assign->end_lineno = 1;
  assign->end_col_offset = 8;
  auto* module = make_node<Module>(arena);
  Stmt* body[] = {assign};
  module->body = Seq<Stmt*>::copy_of(arena, body, 1);
  EXPECT_EQ(ast_dump(module, false),
            "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=31))], "
            "type_ignores=[])");
  EXPECT_EQ(ast_dump(assign, true),
            "Assign(targets=[Name(id='x', ctx=Store(), lineno=1, col_offset=0, end_lineno=1, "
            "end_col_offset=1)], value=Constant(value=31, lineno=1, col_offset=4, end_lineno=1, "
            "end_col_offset=8), lineno=1, col_offset=0, end_lineno=1, end_col_offset=8)");
}

TEST(ParseAst, ConstantRepr) {
  auto repr = [](ConstantKind kind, double number, std::string_view text = {}) {
    return constant_repr(ConstantValue{kind, number, text});
  };
  EXPECT_EQ(repr(ConstantKind::Float, 1e16), "1e+16");
  EXPECT_EQ(repr(ConstantKind::Float, 1e15), "1000000000000000.0");
  EXPECT_EQ(repr(ConstantKind::Float, 0.1), "0.1");
  EXPECT_EQ(repr(ConstantKind::Float, 1e-5), "1e-05");
  EXPECT_EQ(repr(ConstantKind::Float, 1.5e-7), "1.5e-07");
  EXPECT_EQ(repr(ConstantKind::Float, 123456789012345678.0), "1.2345678901234568e+17");
  EXPECT_EQ(repr(ConstantKind::Float, 5e-324), "5e-324");
  EXPECT_EQ(repr(ConstantKind::Complex, 1.0), "1j");
  EXPECT_EQ(repr(ConstantKind::Complex, 100.0), "100j");
  EXPECT_EQ(repr(ConstantKind::Complex, 1e22), "1e+22j");
  EXPECT_EQ(repr(ConstantKind::Complex, HUGE_VAL), "infj");
  EXPECT_EQ(repr(ConstantKind::Int, 0, "0b101"), "5");
  EXPECT_EQ(repr(ConstantKind::Int, 0, "0o777"), "511");
  EXPECT_EQ(repr(ConstantKind::Int, 0, "000"), "0");
  EXPECT_EQ(repr(ConstantKind::Int, 0, "0xffffffffffffffffffffffff"), "79228162514264337593543950335");
  EXPECT_EQ(repr(ConstantKind::Str, 0, "'\""), "'\\'\"'");
  EXPECT_EQ(repr(ConstantKind::Str, 0, "it's"), "\"it's\"");
  EXPECT_EQ(repr(ConstantKind::Str, 0, "\xed\xa0\x80"), "'\\ud800'");
  EXPECT_EQ(repr(ConstantKind::Str, 0, "\t\x7f\xc3\xa9"), "'\\t\\x7f\xc3\xa9'");
  EXPECT_EQ(repr(ConstantKind::Bytes, 0, std::string_view("\x00\xff'", 3)), "b\"\\x00\\xff'\"");
}

}  // namespace
}  // namespace krait::ast
