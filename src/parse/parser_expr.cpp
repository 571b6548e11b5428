// Grammar rules for expressions, lambdas, displays and comprehensions, call arguments and
// assignment/deletion targets (Python 3.11 grammar, in its order). Left-recursive rules
// (bitwise_or ... term, primary, t_primary) are loops that grow the result, which gives
// what the PEG's left recursion gives; they are memoised like CPython's.
#include "parse/parser_internal.h"

namespace krait::parse {

// expressions: expression (',' expression)+ [','] | expression ',' | expression
Expr* Parser::expressions() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&]() -> Expr* {
        Expr* first = REQ(expression());
        ListBuilder<Expr*> rest(this);
        REQ(repeat(rest, [&]() -> Expr* {
          REQ(expect(TokenType::Comma));
          return expression();
        }));
        if (rest.empty()) return nullptr;
        Seq<Expr*> rest_seq = rest.finish();
        expect(TokenType::Comma);
        auto* tuple = make<Tuple>(start);
        tuple->elts = prepend(first, rest_seq);
        tuple->ctx = ExprContext::Load;
        return tuple;
      })) {
    return e;
  }
  if (Expr* e = alt([&]() -> Expr* {
        Expr* first = REQ(expression());
        REQ(expect(TokenType::Comma));
        auto* tuple = make<Tuple>(start);
        tuple->elts = singleton(first);
        tuple->ctx = ExprContext::Load;
        return tuple;
      })) {
    return e;
  }
  return alt([&] { return expression(); });
}

// expression (memo):
//     | invalid_expression | invalid_legacy_expression
//     | disjunction 'if' disjunction 'else' expression | disjunction | lambdef
Expr* Parser::expression() {
  RULE();
  Expr* result;
  if (memo_get(MemoRule::Expression, &result)) return result;
  int start_mark = mark_;
  Pos start = start_pos();
  result = [&]() -> Expr* {
    if (call_invalid_rules_) {
      invalid_expression();
      mark_ = start_mark;
      if (error_indicator_) return nullptr;
      invalid_legacy_expression();
      mark_ = start_mark;
      if (error_indicator_) return nullptr;
    }
    if (Expr* e = alt([&]() -> Expr* {
          Expr* body = REQ(disjunction());
          REQ(expect(TokenType::If));
          Expr* test = REQ(disjunction());
          REQ(expect(TokenType::Else));
          Expr* orelse = REQ(expression());
          auto* ifexp = make<IfExp>(start);
          ifexp->test = test;
          ifexp->body = body;
          ifexp->orelse = orelse;
          return ifexp;
        })) {
      return e;
    }
    if (Expr* e = alt([&] { return disjunction(); })) return e;
    return alt([&] { return lambdef(); });
  }();
  if (error_indicator_) return nullptr;
  memo_put(MemoRule::Expression, start_mark, result);
  return result;
}

// expression_without_invalid: the same without the invalid rules anywhere below it.
Expr* Parser::expression_without_invalid() {
  RULE();
  bool previous = call_invalid_rules_;
  call_invalid_rules_ = false;
  Pos start = start_pos();
  Expr* result = [&]() -> Expr* {
    if (Expr* e = alt([&]() -> Expr* {
          Expr* body = REQ(disjunction());
          REQ(expect(TokenType::If));
          Expr* test = REQ(disjunction());
          REQ(expect(TokenType::Else));
          Expr* orelse = REQ(expression());
          auto* ifexp = make<IfExp>(start);
          ifexp->test = test;
          ifexp->body = body;
          ifexp->orelse = orelse;
          return ifexp;
        })) {
      return e;
    }
    if (Expr* e = alt([&] { return disjunction(); })) return e;
    return alt([&] { return lambdef(); });
  }();
  call_invalid_rules_ = previous;
  return result;
}

// yield_expr: 'yield' 'from' expression | 'yield' [star_expressions]
Expr* Parser::yield_expr() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&]() -> Expr* {
        REQ(expect(TokenType::Yield));
        REQ(expect(TokenType::From));
        Expr* value = REQ(expression());
        auto* y = make<YieldFrom>(start);
        y->value = value;
        return y;
      })) {
    return e;
  }
  return alt([&]() -> Expr* {
    REQ(expect(TokenType::Yield));
    Expr* value = alt([&] { return star_expressions(); });
    if (error_indicator_) return nullptr;
    auto* y = make<Yield>(start);
    y->value = value;
    return y;
  });
}

// star_expressions:
//     | star_expression (',' star_expression)+ [','] | star_expression ',' | star_expression
Expr* Parser::star_expressions() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&]() -> Expr* {
        Expr* first = REQ(star_expression());
        ListBuilder<Expr*> rest(this);
        REQ(repeat(rest, [&]() -> Expr* {
          REQ(expect(TokenType::Comma));
          return star_expression();
        }));
        if (rest.empty()) return nullptr;
        Seq<Expr*> rest_seq = rest.finish();
        expect(TokenType::Comma);
        auto* tuple = make<Tuple>(start);
        tuple->elts = prepend(first, rest_seq);
        tuple->ctx = ExprContext::Load;
        return tuple;
      })) {
    return e;
  }
  if (Expr* e = alt([&]() -> Expr* {
        Expr* first = REQ(star_expression());
        REQ(expect(TokenType::Comma));
        auto* tuple = make<Tuple>(start);
        tuple->elts = singleton(first);
        tuple->ctx = ExprContext::Load;
        return tuple;
      })) {
    return e;
  }
  return alt([&] { return star_expression(); });
}

// star_expression (memo): '*' bitwise_or | expression
Expr* Parser::star_expression() {
  RULE();
  Expr* result;
  if (memo_get(MemoRule::StarExpression, &result)) return result;
  int start_mark = mark_;
  Pos start = start_pos();
  result = alt([&]() -> Expr* {
    REQ(expect(TokenType::Star));
    Expr* value = REQ(bitwise_or());
    auto* starred = make<Starred>(start);
    starred->value = value;
    starred->ctx = ExprContext::Load;
    return starred;
  });
  if (!result) result = alt([&] { return expression(); });
  if (error_indicator_) return nullptr;
  memo_put(MemoRule::StarExpression, start_mark, result);
  return result;
}

// star_named_expressions: ','.star_named_expression+ [',']
std::optional<Seq<Expr*>> Parser::star_named_expressions() {
  RULE();
  return alt([&]() -> std::optional<Seq<Expr*>> {
    ListBuilder<Expr*> list(this);
    REQ(gather(list, TokenType::Comma, [&] { return star_named_expression(); }));
    expect(TokenType::Comma);
    return list.finish();
  });
}

// star_named_expression: '*' bitwise_or | named_expression
Expr* Parser::star_named_expression() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&]() -> Expr* {
        REQ(expect(TokenType::Star));
        Expr* value = REQ(bitwise_or());
        auto* starred = make<Starred>(start);
        starred->value = value;
        starred->ctx = ExprContext::Load;
        return starred;
      })) {
    return e;
  }
  return alt([&] { return named_expression(); });
}

// assignment_expression: NAME ':=' ~ expression
Expr* Parser::assignment_expression() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Expr* {
    Expr* target = REQ(name_token());
    REQ(expect(TokenType::ColonEqual));
    Expr* value = REQ(expression());
    auto* named = make<NamedExpr>(start);
    named->target = set_expr_context(target, ExprContext::Store);
    named->value = value;
    return check_version(8, "Assignment expressions are", named);
  });
}

// named_expression: assignment_expression | invalid_named_expression | expression !':='
Expr* Parser::named_expression() {
  RULE();
  if (Expr* e = alt([&] { return assignment_expression(); })) return e;
  if (call_invalid_rules_ && !error_indicator_) {
    int mark = mark_;
    invalid_named_expression();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  return alt([&]() -> Expr* {
    Expr* e = REQ(expression());
    if (lookahead(TokenType::ColonEqual)) return nullptr;
    return e;
  });
}

// disjunction (memo): conjunction ('or' conjunction)+ | conjunction
Expr* Parser::disjunction() {
  RULE();
  Expr* result;
  if (memo_get(MemoRule::Disjunction, &result)) return result;
  int start_mark = mark_;
  Pos start = start_pos();
  result = alt([&]() -> Expr* {
    Expr* first = REQ(conjunction());
    ListBuilder<Expr*> rest(this);
    REQ(repeat(rest, [&]() -> Expr* {
      REQ(expect(TokenType::Or));
      return conjunction();
    }));
    if (rest.empty()) return first;
    auto* op = make<BoolOp>(start);
    op->op = BoolOperator::Or;
    op->values = prepend(first, rest.finish());
    return op;
  });
  if (error_indicator_) return nullptr;
  memo_put(MemoRule::Disjunction, start_mark, result);
  return result;
}

// conjunction (memo): inversion ('and' inversion)+ | inversion
Expr* Parser::conjunction() {
  RULE();
  Expr* result;
  if (memo_get(MemoRule::Conjunction, &result)) return result;
  int start_mark = mark_;
  Pos start = start_pos();
  result = alt([&]() -> Expr* {
    Expr* first = REQ(inversion());
    ListBuilder<Expr*> rest(this);
    REQ(repeat(rest, [&]() -> Expr* {
      REQ(expect(TokenType::And));
      return inversion();
    }));
    if (rest.empty()) return first;
    auto* op = make<BoolOp>(start);
    op->op = BoolOperator::And;
    op->values = prepend(first, rest.finish());
    return op;
  });
  if (error_indicator_) return nullptr;
  memo_put(MemoRule::Conjunction, start_mark, result);
  return result;
}

// inversion (memo): 'not' inversion | comparison
Expr* Parser::inversion() {
  RULE();
  Expr* result;
  if (memo_get(MemoRule::Inversion, &result)) return result;
  int start_mark = mark_;
  Pos start = start_pos();
  result = alt([&]() -> Expr* {
    REQ(expect(TokenType::Not));
    Expr* operand = REQ(inversion());
    auto* op = make<UnaryOp>(start);
    op->op = UnaryOperator::Not;
    op->operand = operand;
    return op;
  });
  if (!result) result = alt([&] { return comparison(); });
  if (error_indicator_) return nullptr;
  memo_put(MemoRule::Inversion, start_mark, result);
  return result;
}

// comparison: bitwise_or compare_op_bitwise_or_pair+ | bitwise_or
Expr* Parser::comparison() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Expr* {
    Expr* left = REQ(bitwise_or());
    ListBuilder<CmpopExprPair*> pairs(this);
    REQ(repeat(pairs, [&] { return compare_op_bitwise_or_pair(); }));
    if (pairs.empty()) return left;
    auto* compare = make<Compare>(start);
    compare->left = left;
    std::vector<CmpOperator> ops;
    std::vector<Expr*> comparators;
    for (size_t i = 0; i < pairs.size(); ++i) {
      ops.push_back(pairs[i]->op);
      comparators.push_back(pairs[i]->expr);
    }
    compare->ops = Seq<CmpOperator>::copy_of(arena_, ops);
    compare->comparators = seq(comparators);
    return compare;
  });
}

// compare_op_bitwise_or_pair: '==' | '!=' | '<=' | '<' | '>=' | '>' | 'not' 'in' | 'in'
//     | 'is' 'not' | 'is', each followed by bitwise_or
CmpopExprPair* Parser::compare_op_bitwise_or_pair() {
  RULE();
  auto pair = [&](TokenType first, TokenType second, CmpOperator op) -> CmpopExprPair* {
    return alt([&]() -> CmpopExprPair* {
      Token* t = REQ(expect(first));
      if (first == TokenType::NotEqual && check_barry_as_flufl(t)) return nullptr;
      if (second != TokenType::ErrorToken) REQ(expect(second));
      Expr* e = REQ(bitwise_or());
      auto* result = arena_.make<CmpopExprPair>();
      result->op = op;
      result->expr = e;
      return result;
    });
  };
  constexpr TokenType kNone = TokenType::ErrorToken;
  if (auto* r = pair(TokenType::EqEqual, kNone, CmpOperator::Eq)) return r;
  if (auto* r = pair(TokenType::NotEqual, kNone, CmpOperator::NotEq)) return r;
  if (auto* r = pair(TokenType::LessEqual, kNone, CmpOperator::LtE)) return r;
  if (auto* r = pair(TokenType::Less, kNone, CmpOperator::Lt)) return r;
  if (auto* r = pair(TokenType::GreaterEqual, kNone, CmpOperator::GtE)) return r;
  if (auto* r = pair(TokenType::Greater, kNone, CmpOperator::Gt)) return r;
  if (auto* r = pair(TokenType::Not, TokenType::In, CmpOperator::NotIn)) return r;
  if (auto* r = pair(TokenType::In, kNone, CmpOperator::In)) return r;
  if (auto* r = pair(TokenType::Is, TokenType::Not, CmpOperator::IsNot)) return r;
  return pair(TokenType::Is, kNone, CmpOperator::Is);
}

namespace {
struct BinaryLevel {
  TokenType token;
  Operator op;
};
}  // namespace

// The binary-operator rules, each left-recursive over the next tighter one:
//   bitwise_or: bitwise_or '|' bitwise_xor | bitwise_xor
//   bitwise_xor: bitwise_xor '^' bitwise_and | bitwise_and
//   bitwise_and: bitwise_and '&' shift_expr | shift_expr
//   shift_expr: shift_expr ('<<' | '>>') sum | sum
//   sum: sum ('+' | '-') term | term
//   term: term ('*' | '/' | '//' | '%' | '@') factor | factor
#define KRAIT_BINARY_RULE(rule, operand, ...)                                  \
  Expr* Parser::rule() {                                                       \
    RULE();                                                                    \
    static constexpr BinaryLevel kOps[] = {__VA_ARGS__};                       \
    Pos start = start_pos();                                                   \
    Expr* result = operand();                                                  \
    while (result) {                                                           \
      int mark = mark_;                                                        \
      Token* t = token_at_mark();                                              \
      if (!t) break;                                                           \
      const BinaryLevel* level = nullptr;                                      \
      for (const BinaryLevel& candidate : kOps) {                              \
        if (candidate.token == t->type) level = &candidate;                    \
      }                                                                        \
      if (!level) break;                                                       \
      ++mark_;                                                                 \
      Expr* right = operand();                                                 \
      if (!right) {                                                            \
        mark_ = mark;                                                          \
        break;                                                                 \
      }                                                                        \
      auto* binop = make<BinOp>(start);                                        \
      binop->left = result;                                                    \
      binop->op = level->op;                                                   \
      binop->right = right;                                                    \
      result = binop;                                                          \
      if (binop->op == Operator::MatMult &&                                    \
          !check_version(5, "The '@' operator is", binop)) {                   \
        return nullptr;                                                        \
      }                                                                        \
    }                                                                          \
    if (error_indicator_) return nullptr;                                      \
    return result;                                                             \
  }

KRAIT_BINARY_RULE(bitwise_xor, bitwise_and, {TokenType::Circumflex, Operator::BitXor})
KRAIT_BINARY_RULE(bitwise_and, shift_expr, {TokenType::Amper, Operator::BitAnd})
KRAIT_BINARY_RULE(shift_expr, sum, {TokenType::LeftShift, Operator::LShift},
                  {TokenType::RightShift, Operator::RShift})
KRAIT_BINARY_RULE(sum, term, {TokenType::Plus, Operator::Add}, {TokenType::Minus, Operator::Sub})
KRAIT_BINARY_RULE(term, factor, {TokenType::Star, Operator::Mult},
                  {TokenType::Slash, Operator::Div}, {TokenType::DoubleSlash, Operator::FloorDiv},
                  {TokenType::Percent, Operator::Mod}, {TokenType::At, Operator::MatMult})
#undef KRAIT_BINARY_RULE

// bitwise_or: bitwise_or '|' bitwise_xor | bitwise_xor   (memoised: targets re-parse it)
Expr* Parser::bitwise_or() {
  RULE();
  Expr* result;
  if (memo_get(MemoRule::BitwiseOr, &result)) return result;
  int start_mark = mark_;
  Pos start = start_pos();
  result = bitwise_xor();
  while (result) {
    int mark = mark_;
    if (!expect(TokenType::Vbar)) break;
    Expr* right = bitwise_xor();
    if (!right) {
      mark_ = mark;
      break;
    }
    auto* binop = make<BinOp>(start);
    binop->left = result;
    binop->op = Operator::BitOr;
    binop->right = right;
    result = binop;
  }
  if (error_indicator_) return nullptr;
  if (!result) mark_ = start_mark;
  memo_put(MemoRule::BitwiseOr, start_mark, result);
  return result;
}

// factor (memo): '+' factor | '-' factor | '~' factor | power
Expr* Parser::factor() {
  RULE();
  Expr* result;
  if (memo_get(MemoRule::Factor, &result)) return result;
  int start_mark = mark_;
  Pos start = start_pos();
  auto unary = [&](TokenType token, UnaryOperator op) -> Expr* {
    return alt([&]() -> Expr* {
      REQ(expect(token));
      Expr* operand = REQ(factor());
      auto* node = make<UnaryOp>(start);
      node->op = op;
      node->operand = operand;
      return node;
    });
  };
  result = unary(TokenType::Plus, UnaryOperator::UAdd);
  if (!result) result = unary(TokenType::Minus, UnaryOperator::USub);
  if (!result) result = unary(TokenType::Tilde, UnaryOperator::Invert);
  if (!result) result = alt([&] { return power(); });
  if (error_indicator_) return nullptr;
  memo_put(MemoRule::Factor, start_mark, result);
  return result;
}

// power: await_primary '**' factor | await_primary
Expr* Parser::power() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&]() -> Expr* {
        Expr* left = REQ(await_primary());
        REQ(expect(TokenType::DoubleStar));
        Expr* right = REQ(factor());
        auto* binop = make<BinOp>(start);
        binop->left = left;
        binop->op = Operator::Pow;
        binop->right = right;
        return binop;
      })) {
    return e;
  }
  return alt([&] { return await_primary(); });
}

// await_primary (memo): AWAIT primary | primary
Expr* Parser::await_primary() {
  RULE();
  Expr* result;
  if (memo_get(MemoRule::AwaitPrimary, &result)) return result;
  int start_mark = mark_;
  Pos start = start_pos();
  result = alt([&]() -> Expr* {
    REQ(expect(TokenType::Await));
    Expr* value = REQ(primary());
    auto* node = make<Await>(start);
    node->value = value;
    return check_version(5, "Await expressions are", node);
  });
  if (!result) result = alt([&] { return primary(); });
  if (error_indicator_) return nullptr;
  memo_put(MemoRule::AwaitPrimary, start_mark, result);
  return result;
}

// primary:
//     | primary '.' NAME | primary genexp | primary '(' [arguments] ')'
//     | primary '[' slices ']' | atom
Expr* Parser::primary() {
  RULE();
  Expr* result;
  if (memo_get(MemoRule::Primary, &result)) return result;
  int start_mark = mark_;
  Pos start = start_pos();
  result = atom();
  while (result) {
    Expr* current = result;
    Expr* next = alt([&]() -> Expr* {
      REQ(expect(TokenType::Dot));
      Token* name = REQ(expect_name_token());
      auto* a = make<Attribute>(start);
      a->value = current;
      a->attr = name->identifier;
      a->ctx = ExprContext::Load;
      return a;
    });
    if (!next) {
      next = alt([&]() -> Expr* {
        Expr* g = REQ(genexp());
        auto* call = make<Call>(start);
        call->func = current;
        call->args = singleton(g);
        return call;
      });
    }
    if (!next) {
      next = alt([&]() -> Expr* {
        REQ(expect(TokenType::Lpar));
        Expr* args = alt([&] { return arguments(); });
        if (error_indicator_) return nullptr;
        REQ(expect(TokenType::Rpar));
        auto* call = make<Call>(start);
        call->func = current;
        if (args) {
          call->args = static_cast<Call*>(args)->args;
          call->keywords = static_cast<Call*>(args)->keywords;
        }
        return call;
      });
    }
    if (!next) {
      next = alt([&]() -> Expr* {
        REQ(expect(TokenType::Lsqb));
        Expr* index = REQ(slices());
        REQ(expect(TokenType::Rsqb));
        auto* sub = make<Subscript>(start);
        sub->value = current;
        sub->slice = index;
        sub->ctx = ExprContext::Load;
        return sub;
      });
    }
    if (!next) break;
    result = next;
  }
  if (error_indicator_) return nullptr;
  if (!result) mark_ = start_mark;
  memo_put(MemoRule::Primary, start_mark, result);
  return result;
}

// slices: slice !',' | ','.(slice | starred_expression)+ [',']
Expr* Parser::slices() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&]() -> Expr* {
        Expr* s = REQ(slice());
        if (lookahead(TokenType::Comma)) return nullptr;
        return s;
      })) {
    return e;
  }
  return alt([&]() -> Expr* {
    ListBuilder<Expr*> list(this);
    REQ(gather(list, TokenType::Comma, [&]() -> Expr* {
      if (Expr* s = alt([&] { return slice(); })) return s;
      return alt([&] { return starred_expression(); });
    }));
    expect(TokenType::Comma);
    auto* tuple = make<Tuple>(start);
    tuple->elts = list.finish();
    tuple->ctx = ExprContext::Load;
    return tuple;
  });
}

// slice: [expression] ':' [expression] [':' [expression]] | named_expression
Expr* Parser::slice() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&]() -> Expr* {
        Expr* lower = alt([&] { return expression(); });
        if (error_indicator_) return nullptr;
        REQ(expect(TokenType::Colon));
        Expr* upper = alt([&] { return expression(); });
        if (error_indicator_) return nullptr;
        Expr* step = nullptr;
        {
          int mark = mark_;
          if (expect(TokenType::Colon)) {
            step = alt([&] { return expression(); });
            if (error_indicator_) return nullptr;
          } else {
            mark_ = mark;
          }
        }
        auto* s = make<Slice>(start);
        s->lower = lower;
        s->upper = upper;
        s->step = step;
        return s;
      })) {
    return e;
  }
  return alt([&] { return named_expression(); });
}

// atom:
//     | NAME | 'True' | 'False' | 'None' | &STRING strings | NUMBER
//     | &'(' (tuple | group | genexp) | &'[' (list | listcomp)
//     | &'{' (dict | set | dictcomp | setcomp) | '...'
Expr* Parser::atom() {
  RULE();
  Pos start = start_pos();
  Token* t = token_at_mark();
  if (!t) return nullptr;
  auto constant = [&](ConstantKind kind) -> Expr* {
    ++mark_;
    auto* c = make<Constant>(start);
    c->value.kind = kind;
    return c;
  };
  switch (t->type) {
    case TokenType::Name: return name_token();
    case TokenType::True: return constant(ConstantKind::True);
    case TokenType::False: return constant(ConstantKind::False);
    case TokenType::None: return constant(ConstantKind::None);
    case TokenType::String: return alt([&] { return strings(); });
    case TokenType::Number: return number_token();
    case TokenType::Lpar:
      if (Expr* e = alt([&] { return tuple(); })) return e;
      if (Expr* e = alt([&] { return group(); })) return e;
      return alt([&] { return genexp(); });
    case TokenType::Lsqb:
      if (Expr* e = alt([&] { return list(); })) return e;
      return alt([&] { return listcomp(); });
    case TokenType::Lbrace:
      if (Expr* e = alt([&] { return dict(); })) return e;
      if (Expr* e = alt([&] { return set(); })) return e;
      if (Expr* e = alt([&] { return dictcomp(); })) return e;
      return alt([&] { return setcomp(); });
    case TokenType::Ellipsis: return constant(ConstantKind::Ellipsis);
    default: return nullptr;
  }
}

// group: '(' (yield_expr | named_expression) ')' | invalid_group
Expr* Parser::group() {
  RULE();
  if (Expr* e = alt([&]() -> Expr* {
        REQ(expect(TokenType::Lpar));
        Expr* inner = alt([&] { return yield_expr(); });
        if (!inner) inner = alt([&] { return named_expression(); });
        if (!inner) return nullptr;
        REQ(expect(TokenType::Rpar));
        return inner;
      })) {
    return e;
  }
  if (call_invalid_rules_ && !error_indicator_) {
    int mark = mark_;
    invalid_group();
    mark_ = mark;
  }
  return nullptr;
}

// --- lambda -------------------------------------------------------------------------------

// lambdef: 'lambda' [lambda_params] ':' expression
Expr* Parser::lambdef() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Expr* {
    REQ(expect(TokenType::Lambda));
    Arguments* args = alt([&] { return lambda_params(); });
    if (error_indicator_) return nullptr;
    REQ(expect(TokenType::Colon));
    Expr* body = REQ(expression());
    auto* lambda = make<Lambda>(start);
    lambda->args = args ? args : empty_arguments();
    lambda->body = body;
    return lambda;
  });
}

// lambda_params: invalid_lambda_parameters | lambda_parameters
Arguments* Parser::lambda_params() {
  RULE();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_lambda_parameters();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  return alt([&] { return lambda_parameters(); });
}

// lambda_parameters: as parameters, with lambda_* pieces.
Arguments* Parser::lambda_parameters() {
  RULE();
  if (Arguments* a = alt([&]() -> Arguments* {
        Seq<Arg*> slash = REQ(lambda_slash_no_default());
        ListBuilder<Arg*> plain(this);
        REQ(repeat(plain, [&] { return lambda_param_no_default(); }));
        Seq<Arg*> plain_seq = plain.finish();
        ListBuilder<NameDefaultPair*> with_default(this);
        REQ(repeat(with_default, [&] { return lambda_param_with_default(); }));
        Seq<NameDefaultPair*> defaults = with_default.finish();
        StarEtc* star = alt([&] { return lambda_star_etc(); });
        if (error_indicator_) return nullptr;
        return check_version(8, "Positional-only parameters are",
                             make_arguments(&slash, nullptr, &plain_seq, &defaults, star));
      })) {
    return a;
  }
  if (Arguments* a = alt([&]() -> Arguments* {
        SlashWithDefault* slash = REQ(lambda_slash_with_default());
        ListBuilder<NameDefaultPair*> with_default(this);
        REQ(repeat(with_default, [&] { return lambda_param_with_default(); }));
        Seq<NameDefaultPair*> defaults = with_default.finish();
        StarEtc* star = alt([&] { return lambda_star_etc(); });
        if (error_indicator_) return nullptr;
        return check_version(8, "Positional-only parameters are",
                             make_arguments(nullptr, slash, nullptr, &defaults, star));
      })) {
    return a;
  }
  if (Arguments* a = alt([&]() -> Arguments* {
        ListBuilder<Arg*> plain(this);
        REQ(repeat(plain, [&] { return lambda_param_no_default(); }));
        if (plain.empty()) return nullptr;
        Seq<Arg*> plain_seq = plain.finish();
        ListBuilder<NameDefaultPair*> with_default(this);
        REQ(repeat(with_default, [&] { return lambda_param_with_default(); }));
        Seq<NameDefaultPair*> defaults = with_default.finish();
        StarEtc* star = alt([&] { return lambda_star_etc(); });
        if (error_indicator_) return nullptr;
        return make_arguments(nullptr, nullptr, &plain_seq, &defaults, star);
      })) {
    return a;
  }
  if (Arguments* a = alt([&]() -> Arguments* {
        ListBuilder<NameDefaultPair*> with_default(this);
        REQ(repeat(with_default, [&] { return lambda_param_with_default(); }));
        if (with_default.empty()) return nullptr;
        Seq<NameDefaultPair*> defaults = with_default.finish();
        StarEtc* star = alt([&] { return lambda_star_etc(); });
        if (error_indicator_) return nullptr;
        return make_arguments(nullptr, nullptr, nullptr, &defaults, star);
      })) {
    return a;
  }
  return alt([&]() -> Arguments* {
    StarEtc* star = REQ(lambda_star_etc());
    return make_arguments(nullptr, nullptr, nullptr, nullptr, star);
  });
}

// lambda_slash_no_default: lambda_param_no_default+ '/' ',' | ... '/' &':'
std::optional<Seq<Arg*>> Parser::lambda_slash_no_default() {
  RULE();
  for (int variant = 0; variant < 2; ++variant) {
    if (auto r = alt([&]() -> std::optional<Seq<Arg*>> {
          ListBuilder<Arg*> list(this);
          REQ(repeat(list, [&] { return lambda_param_no_default(); }));
          if (list.empty()) return std::nullopt;
          REQ(expect(TokenType::Slash));
          if (variant == 0) {
            REQ(expect(TokenType::Comma));
          } else if (!lookahead(TokenType::Colon)) {
            return std::nullopt;
          }
          return list.finish();
        })) {
      return r;
    }
  }
  return std::nullopt;
}

// lambda_slash_with_default:
//     | lambda_param_no_default* lambda_param_with_default+ '/' ','
//     | lambda_param_no_default* lambda_param_with_default+ '/' &':'
SlashWithDefault* Parser::lambda_slash_with_default() {
  RULE();
  for (int variant = 0; variant < 2; ++variant) {
    if (auto r = alt([&]() -> SlashWithDefault* {
          ListBuilder<Arg*> plain(this);
          REQ(repeat(plain, [&] { return lambda_param_no_default(); }));
          Seq<Arg*> plain_seq = plain.finish();
          ListBuilder<NameDefaultPair*> with_default(this);
          REQ(repeat(with_default, [&] { return lambda_param_with_default(); }));
          if (with_default.empty()) return nullptr;
          Seq<NameDefaultPair*> defaults = with_default.finish();
          REQ(expect(TokenType::Slash));
          if (variant == 0) {
            REQ(expect(TokenType::Comma));
          } else if (!lookahead(TokenType::Colon)) {
            return nullptr;
          }
          auto* result = arena_.make<SlashWithDefault>();
          result->plain_names = plain_seq;
          result->names_with_defaults = defaults;
          return result;
        })) {
      return r;
    }
  }
  return nullptr;
}

// lambda_star_etc:
//     | invalid_lambda_star_etc
//     | '*' lambda_param_no_default lambda_param_maybe_default* [lambda_kwds]
//     | '*' ',' lambda_param_maybe_default+ [lambda_kwds]
//     | lambda_kwds
StarEtc* Parser::lambda_star_etc() {
  RULE();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_lambda_star_etc();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  auto rest = [&](Arg* vararg, bool require_one) -> StarEtc* {
    ListBuilder<NameDefaultPair*> list(this);
    REQ(repeat(list, [&] { return lambda_param_maybe_default(); }));
    if (require_one && list.empty()) return nullptr;
    Seq<NameDefaultPair*> kwonly = list.finish();
    Arg* kwarg = alt([&] { return lambda_kwds(); });
    if (error_indicator_) return nullptr;
    auto* result = arena_.make<StarEtc>();
    result->vararg = vararg;
    result->kwonlyargs = kwonly;
    result->kwarg = kwarg;
    return result;
  };
  if (StarEtc* s = alt([&]() -> StarEtc* {
        REQ(expect(TokenType::Star));
        Arg* vararg = REQ(lambda_param_no_default());
        return rest(vararg, false);
      })) {
    return s;
  }
  if (StarEtc* s = alt([&]() -> StarEtc* {
        REQ(expect(TokenType::Star));
        REQ(expect(TokenType::Comma));
        return rest(nullptr, true);
      })) {
    return s;
  }
  return alt([&]() -> StarEtc* {
    Arg* kwarg = REQ(lambda_kwds());
    auto* result = arena_.make<StarEtc>();
    result->kwarg = kwarg;
    return result;
  });
}

// lambda_kwds: invalid_lambda_kwds | '**' lambda_param_no_default
Arg* Parser::lambda_kwds() {
  RULE();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_lambda_kwds();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  return alt([&]() -> Arg* {
    REQ(expect(TokenType::DoubleStar));
    return lambda_param_no_default();
  });
}

// lambda_param_no_default: lambda_param ',' | lambda_param &':'
Arg* Parser::lambda_param_no_default() {
  RULE();
  if (Arg* a = alt([&]() -> Arg* {
        Arg* p = REQ(lambda_param());
        REQ(expect(TokenType::Comma));
        return p;
      })) {
    return a;
  }
  return alt([&]() -> Arg* {
    Arg* p = REQ(lambda_param());
    if (!lookahead(TokenType::Colon)) return nullptr;
    return p;
  });
}

// lambda_param_with_default: lambda_param default ',' | lambda_param default &':'
NameDefaultPair* Parser::lambda_param_with_default() {
  RULE();
  for (int variant = 0; variant < 2; ++variant) {
    if (auto r = alt([&]() -> NameDefaultPair* {
          Arg* p = REQ(lambda_param());
          Expr* value = REQ(default_value());
          if (variant == 0) {
            REQ(expect(TokenType::Comma));
          } else if (!lookahead(TokenType::Colon)) {
            return nullptr;
          }
          auto* pair = arena_.make<NameDefaultPair>();
          pair->arg = p;
          pair->value = value;
          return pair;
        })) {
      return r;
    }
  }
  return nullptr;
}

// lambda_param_maybe_default: lambda_param default? ',' | lambda_param default? &':'
NameDefaultPair* Parser::lambda_param_maybe_default() {
  RULE();
  for (int variant = 0; variant < 2; ++variant) {
    if (auto r = alt([&]() -> NameDefaultPair* {
          Arg* p = REQ(lambda_param());
          Expr* value = alt([&] { return default_value(); });
          if (error_indicator_) return nullptr;
          if (variant == 0) {
            REQ(expect(TokenType::Comma));
          } else if (!lookahead(TokenType::Colon)) {
            return nullptr;
          }
          auto* pair = arena_.make<NameDefaultPair>();
          pair->arg = p;
          pair->value = value;
          return pair;
        })) {
      return r;
    }
  }
  return nullptr;
}

// lambda_param: NAME
Arg* Parser::lambda_param() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Arg* {
    Token* name = REQ(expect_name_token());
    auto* arg = make<Arg>(start);
    arg->arg = name->identifier;
    return arg;
  });
}

// --- literals and displays ----------------------------------------------------------------

// strings (memo): STRING+
Expr* Parser::strings() {
  RULE();
  Expr* result;
  if (memo_get(MemoRule::Strings, &result)) return result;
  int start_mark = mark_;
  std::vector<Token*> tokens;
  while (Token* t = expect(TokenType::String)) tokens.push_back(t);
  result = nullptr;
  if (!error_indicator_ && !tokens.empty()) result = concatenate_strings(tokens);
  if (error_indicator_) return nullptr;
  if (!result) mark_ = start_mark;
  memo_put(MemoRule::Strings, start_mark, result);
  return result;
}

// list: '[' [star_named_expressions] ']'
Expr* Parser::list() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Expr* {
    REQ(expect(TokenType::Lsqb));
    auto elts = alt([&] { return star_named_expressions(); });
    if (error_indicator_) return nullptr;
    REQ(expect(TokenType::Rsqb));
    auto* list_node = make<List>(start);
    if (elts) list_node->elts = *elts;
    list_node->ctx = ExprContext::Load;
    return list_node;
  });
}

// tuple: '(' [star_named_expression ',' [star_named_expressions]] ')'
Expr* Parser::tuple() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Expr* {
    REQ(expect(TokenType::Lpar));
    auto elts = alt([&]() -> std::optional<Seq<Expr*>> {
      Expr* first = REQ(star_named_expression());
      REQ(expect(TokenType::Comma));
      auto rest = alt([&] { return star_named_expressions(); });
      if (error_indicator_) return std::nullopt;
      return prepend(first, rest ? *rest : Seq<Expr*>{});
    });
    if (error_indicator_) return nullptr;
    REQ(expect(TokenType::Rpar));
    auto* tuple_node = make<Tuple>(start);
    if (elts) tuple_node->elts = *elts;
    tuple_node->ctx = ExprContext::Load;
    return tuple_node;
  });
}

// set: '{' star_named_expressions '}'
Expr* Parser::set() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Expr* {
    REQ(expect(TokenType::Lbrace));
    Seq<Expr*> elts = REQ(star_named_expressions());
    REQ(expect(TokenType::Rbrace));
    auto* set_node = make<Set>(start);
    set_node->elts = elts;
    return set_node;
  });
}

// dict: '{' [double_starred_kvpairs] '}' | '{' invalid_double_starred_kvpairs '}'
Expr* Parser::dict() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&]() -> Expr* {
        REQ(expect(TokenType::Lbrace));
        auto pairs = alt([&] { return double_starred_kvpairs(); });
        if (error_indicator_) return nullptr;
        REQ(expect(TokenType::Rbrace));
        auto* dict_node = make<Dict>(start);
        if (pairs) {
          std::vector<Expr*> keys, values;
          for (KeyValuePair* pair : *pairs) {
            keys.push_back(pair->key);
            values.push_back(pair->value);
          }
          dict_node->keys = seq(keys);
          dict_node->values = seq(values);
        }
        return dict_node;
      })) {
    return e;
  }
  // CPython guards only alternatives that are a lone invalid_* rule; this one has three
  // items, so it runs in the first pass too (and its errors win over the second pass's).
  alt([&]() -> Expr* {
    REQ(expect(TokenType::Lbrace));
    invalid_double_starred_kvpairs();
    return nullptr;
  });
  return nullptr;
}

// double_starred_kvpairs: ','.double_starred_kvpair+ [',']
std::optional<Seq<KeyValuePair*>> Parser::double_starred_kvpairs() {
  RULE();
  return alt([&]() -> std::optional<Seq<KeyValuePair*>> {
    ListBuilder<KeyValuePair*> list(this);
    REQ(gather(list, TokenType::Comma, [&] { return double_starred_kvpair(); }));
    expect(TokenType::Comma);
    return list.finish();
  });
}

// double_starred_kvpair: '**' bitwise_or | kvpair
KeyValuePair* Parser::double_starred_kvpair() {
  RULE();
  if (KeyValuePair* p = alt([&]() -> KeyValuePair* {
        REQ(expect(TokenType::DoubleStar));
        Expr* value = REQ(bitwise_or());
        auto* pair = arena_.make<KeyValuePair>();
        pair->value = value;
        return pair;
      })) {
    return p;
  }
  return alt([&] { return kvpair(); });
}

// kvpair: expression ':' expression
KeyValuePair* Parser::kvpair() {
  RULE();
  return alt([&]() -> KeyValuePair* {
    Expr* key = REQ(expression());
    REQ(expect(TokenType::Colon));
    Expr* value = REQ(expression());
    auto* pair = arena_.make<KeyValuePair>();
    pair->key = key;
    pair->value = value;
    return pair;
  });
}

// --- comprehensions -----------------------------------------------------------------------

// for_if_clauses: for_if_clause+
std::optional<Seq<Comprehension*>> Parser::for_if_clauses() {
  RULE();
  return alt([&]() -> std::optional<Seq<Comprehension*>> {
    ListBuilder<Comprehension*> list(this);
    REQ(repeat(list, [&] { return for_if_clause(); }));
    if (list.empty()) return std::nullopt;
    return list.finish();
  });
}

// for_if_clause:
//     | ASYNC 'for' star_targets 'in' ~ disjunction ('if' disjunction)*
//     | 'for' star_targets 'in' ~ disjunction ('if' disjunction)*
//     | invalid_for_target
Comprehension* Parser::for_if_clause() {
  RULE();
  bool cut = false;
  auto clause = [&](bool is_async) -> Comprehension* {
    if (is_async) REQ(expect(TokenType::Async));
    REQ(expect(TokenType::For));
    Expr* target = REQ(star_targets());
    REQ(expect(TokenType::In));
    cut = true;
    Expr* iter = REQ(disjunction());
    ListBuilder<Expr*> ifs(this);
    REQ(repeat(ifs, [&]() -> Expr* {
      REQ(expect(TokenType::If));
      return disjunction();
    }));
    auto* c = make_node<Comprehension>(arena_);
    c->target = target;
    c->iter = iter;
    c->ifs = ifs.finish();
    c->is_async = is_async;
    return is_async ? check_version(6, "Async comprehensions are", c) : c;
  };
  if (Comprehension* c = alt([&] { return clause(true); })) return c;
  if (cut) return nullptr;
  if (Comprehension* c = alt([&] { return clause(false); })) return c;
  if (cut) return nullptr;
  if (call_invalid_rules_ && !error_indicator_) {
    int mark = mark_;
    invalid_for_target();
    mark_ = mark;
  }
  return nullptr;
}

// listcomp: '[' named_expression for_if_clauses ']' | invalid_comprehension
Expr* Parser::listcomp() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&]() -> Expr* {
        REQ(expect(TokenType::Lsqb));
        Expr* elt = REQ(named_expression());
        Seq<Comprehension*> generators = REQ(for_if_clauses());
        REQ(expect(TokenType::Rsqb));
        auto* comp = make<ListComp>(start);
        comp->elt = elt;
        comp->generators = generators;
        return comp;
      })) {
    return e;
  }
  if (call_invalid_rules_ && !error_indicator_) {
    int mark = mark_;
    invalid_comprehension();
    mark_ = mark;
  }
  return nullptr;
}

// setcomp: '{' named_expression for_if_clauses '}' | invalid_comprehension
Expr* Parser::setcomp() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&]() -> Expr* {
        REQ(expect(TokenType::Lbrace));
        Expr* elt = REQ(named_expression());
        Seq<Comprehension*> generators = REQ(for_if_clauses());
        REQ(expect(TokenType::Rbrace));
        auto* comp = make<SetComp>(start);
        comp->elt = elt;
        comp->generators = generators;
        return comp;
      })) {
    return e;
  }
  if (call_invalid_rules_ && !error_indicator_) {
    int mark = mark_;
    invalid_comprehension();
    mark_ = mark;
  }
  return nullptr;
}

// genexp: '(' (assignment_expression | expression !':=') for_if_clauses ')'
//     | invalid_comprehension
Expr* Parser::genexp() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&]() -> Expr* {
        REQ(expect(TokenType::Lpar));
        Expr* elt = alt([&] { return assignment_expression(); });
        if (!elt) {
          elt = alt([&]() -> Expr* {
            Expr* x = REQ(expression());
            if (lookahead(TokenType::ColonEqual)) return nullptr;
            return x;
          });
        }
        if (!elt) return nullptr;
        Seq<Comprehension*> generators = REQ(for_if_clauses());
        REQ(expect(TokenType::Rpar));
        auto* comp = make<GeneratorExp>(start);
        comp->elt = elt;
        comp->generators = generators;
        return comp;
      })) {
    return e;
  }
  if (call_invalid_rules_ && !error_indicator_) {
    int mark = mark_;
    invalid_comprehension();
    mark_ = mark;
  }
  return nullptr;
}

// dictcomp: '{' kvpair for_if_clauses '}' | invalid_dict_comprehension
Expr* Parser::dictcomp() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&]() -> Expr* {
        REQ(expect(TokenType::Lbrace));
        KeyValuePair* pair = REQ(kvpair());
        Seq<Comprehension*> generators = REQ(for_if_clauses());
        REQ(expect(TokenType::Rbrace));
        auto* comp = make<DictComp>(start);
        comp->key = pair->key;
        comp->value = pair->value;
        comp->generators = generators;
        return comp;
      })) {
    return e;
  }
  if (call_invalid_rules_ && !error_indicator_) {
    int mark = mark_;
    invalid_dict_comprehension();
    mark_ = mark;
  }
  return nullptr;
}

// --- call arguments -----------------------------------------------------------------------

// arguments (memo): args [','] &')' | invalid_arguments
Expr* Parser::arguments() {
  RULE();
  Expr* result;
  if (memo_get(MemoRule::Arguments, &result)) return result;
  int start_mark = mark_;
  result = alt([&]() -> Expr* {
    Expr* a = REQ(args());
    expect(TokenType::Comma);
    if (!lookahead(TokenType::Rpar)) return nullptr;
    return a;
  });
  if (!result && call_invalid_rules_ && !error_indicator_) {
    invalid_arguments();
    mark_ = start_mark;
  }
  if (error_indicator_) return nullptr;
  memo_put(MemoRule::Arguments, start_mark, result);
  return result;
}

// args:
//     | ','.(starred_expression | (assignment_expression | expression !':=') !'=')+
//       [',' kwargs]
//     | kwargs
Expr* Parser::args() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&]() -> Expr* {
        ListBuilder<Expr*> positional(this);
        REQ(gather(positional, TokenType::Comma, [&]() -> Expr* {
          if (Expr* s = alt([&] { return starred_expression(); })) return s;
          return alt([&]() -> Expr* {
            Expr* value = alt([&] { return assignment_expression(); });
            if (!value) {
              value = alt([&]() -> Expr* {
                Expr* x = REQ(expression());
                if (lookahead(TokenType::ColonEqual)) return nullptr;
                return x;
              });
            }
            if (!value) return nullptr;
            if (lookahead(TokenType::Equal)) return nullptr;
            return value;
          });
        }));
        Seq<Expr*> positional_seq = positional.finish();
        auto keywords = alt([&]() -> std::optional<Seq<KeywordOrStarred*>> {
          REQ(expect(TokenType::Comma));
          return kwargs();
        });
        if (error_indicator_) return nullptr;
        return collect_call_seqs(positional_seq, keywords ? &*keywords : nullptr, start);
      })) {
    return e;
  }
  return alt([&]() -> Expr* {
    Seq<KeywordOrStarred*> keywords = REQ(kwargs());
    return collect_call_seqs(Seq<Expr*>{}, &keywords, start);
  });
}

// kwargs:
//     | ','.kwarg_or_starred+ ',' ','.kwarg_or_double_starred+
//     | ','.kwarg_or_starred+
//     | ','.kwarg_or_double_starred+
std::optional<Seq<KeywordOrStarred*>> Parser::kwargs() {
  RULE();
  using Result = std::optional<Seq<KeywordOrStarred*>>;
  if (auto r = alt([&]() -> Result {
        ListBuilder<KeywordOrStarred*> list(this);
        REQ(gather(list, TokenType::Comma, [&] { return kwarg_or_starred(); }));
        REQ(expect(TokenType::Comma));
        REQ(gather(list, TokenType::Comma, [&] { return kwarg_or_double_starred(); }));
        return list.finish();
      })) {
    return r;
  }
  if (auto r = alt([&]() -> Result {
        ListBuilder<KeywordOrStarred*> list(this);
        REQ(gather(list, TokenType::Comma, [&] { return kwarg_or_starred(); }));
        return list.finish();
      })) {
    return r;
  }
  return alt([&]() -> Result {
    ListBuilder<KeywordOrStarred*> list(this);
    REQ(gather(list, TokenType::Comma, [&] { return kwarg_or_double_starred(); }));
    return list.finish();
  });
}

// starred_expression: '*' expression
Expr* Parser::starred_expression() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Expr* {
    REQ(expect(TokenType::Star));
    Expr* value = REQ(expression());
    auto* starred = make<Starred>(start);
    starred->value = value;
    starred->ctx = ExprContext::Load;
    return starred;
  });
}

// kwarg_or_starred: invalid_kwarg | NAME '=' expression | starred_expression
KeywordOrStarred* Parser::kwarg_or_starred() {
  RULE();
  Pos start = start_pos();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_kwarg();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  if (auto* k = alt([&]() -> KeywordOrStarred* {
        Token* name = REQ(expect_name_token());
        REQ(expect(TokenType::Equal));
        Expr* value = REQ(expression());
        auto* keyword = make<Keyword>(start);
        keyword->arg = name->identifier;
        keyword->value = value;
        auto* result = arena_.make<KeywordOrStarred>();
        result->element = keyword;
        result->is_keyword = true;
        return result;
      })) {
    return k;
  }
  return alt([&]() -> KeywordOrStarred* {
    Expr* starred = REQ(starred_expression());
    auto* result = arena_.make<KeywordOrStarred>();
    result->element = starred;
    result->is_keyword = false;
    return result;
  });
}

// kwarg_or_double_starred: invalid_kwarg | NAME '=' expression | '**' expression
KeywordOrStarred* Parser::kwarg_or_double_starred() {
  RULE();
  Pos start = start_pos();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_kwarg();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  if (auto* k = alt([&]() -> KeywordOrStarred* {
        Token* name = REQ(expect_name_token());
        REQ(expect(TokenType::Equal));
        Expr* value = REQ(expression());
        auto* keyword = make<Keyword>(start);
        keyword->arg = name->identifier;
        keyword->value = value;
        auto* result = arena_.make<KeywordOrStarred>();
        result->element = keyword;
        result->is_keyword = true;
        return result;
      })) {
    return k;
  }
  return alt([&]() -> KeywordOrStarred* {
    REQ(expect(TokenType::DoubleStar));
    Expr* value = REQ(expression());
    auto* keyword = make<Keyword>(start);
    keyword->value = value;
    auto* result = arena_.make<KeywordOrStarred>();
    result->element = keyword;
    result->is_keyword = true;
    return result;
  });
}

// --- targets ------------------------------------------------------------------------------

// star_targets: star_target !',' | star_target (',' star_target)* [',']
Expr* Parser::star_targets() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&]() -> Expr* {
        Expr* t = REQ(star_target());
        if (lookahead(TokenType::Comma)) return nullptr;
        return t;
      })) {
    return e;
  }
  return alt([&]() -> Expr* {
    Expr* first = REQ(star_target());
    ListBuilder<Expr*> rest(this);
    REQ(repeat(rest, [&]() -> Expr* {
      REQ(expect(TokenType::Comma));
      return star_target();
    }));
    Seq<Expr*> rest_seq = rest.finish();
    expect(TokenType::Comma);
    auto* tuple = make<Tuple>(start);
    tuple->elts = prepend(first, rest_seq);
    tuple->ctx = ExprContext::Store;
    return tuple;
  });
}

// star_targets_list_seq: ','.star_target+ [',']
std::optional<Seq<Expr*>> Parser::star_targets_list_seq() {
  RULE();
  return alt([&]() -> std::optional<Seq<Expr*>> {
    ListBuilder<Expr*> list(this);
    REQ(gather(list, TokenType::Comma, [&] { return star_target(); }));
    expect(TokenType::Comma);
    return list.finish();
  });
}

// star_targets_tuple_seq: star_target (',' star_target)+ [','] | star_target ','
std::optional<Seq<Expr*>> Parser::star_targets_tuple_seq() {
  RULE();
  if (auto r = alt([&]() -> std::optional<Seq<Expr*>> {
        Expr* first = REQ(star_target());
        ListBuilder<Expr*> rest(this);
        REQ(repeat(rest, [&]() -> Expr* {
          REQ(expect(TokenType::Comma));
          return star_target();
        }));
        if (rest.empty()) return std::nullopt;
        Seq<Expr*> rest_seq = rest.finish();
        expect(TokenType::Comma);
        return prepend(first, rest_seq);
      })) {
    return r;
  }
  return alt([&]() -> std::optional<Seq<Expr*>> {
    Expr* first = REQ(star_target());
    REQ(expect(TokenType::Comma));
    return singleton(first);
  });
}

// star_target (memo): '*' (!'*' star_target) | target_with_star_atom
Expr* Parser::star_target() {
  RULE();
  Expr* result;
  if (memo_get(MemoRule::StarTarget, &result)) return result;
  int start_mark = mark_;
  Pos start = start_pos();
  result = alt([&]() -> Expr* {
    REQ(expect(TokenType::Star));
    if (lookahead(TokenType::Star)) return nullptr;
    Expr* inner = REQ(star_target());
    auto* starred = make<Starred>(start);
    starred->value = set_expr_context(inner, ExprContext::Store);
    starred->ctx = ExprContext::Store;
    return starred;
  });
  if (!result) result = alt([&] { return target_with_star_atom(); });
  if (error_indicator_) return nullptr;
  memo_put(MemoRule::StarTarget, start_mark, result);
  return result;
}

// target_with_star_atom (memo):
//     | t_primary '.' NAME !t_lookahead | t_primary '[' slices ']' !t_lookahead | star_atom
Expr* Parser::target_with_star_atom() {
  RULE();
  Expr* result;
  if (memo_get(MemoRule::TargetWithStarAtom, &result)) return result;
  int start_mark = mark_;
  result = alt([&] { return single_subscript_attribute_target(); });
  if (!result) result = alt([&] { return star_atom(); });
  if (error_indicator_) return nullptr;
  memo_put(MemoRule::TargetWithStarAtom, start_mark, result);
  return result;
}

// star_atom:
//     | NAME | '(' target_with_star_atom ')' | '(' [star_targets_tuple_seq] ')'
//     | '[' [star_targets_list_seq] ']'
Expr* Parser::star_atom() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&]() -> Expr* {
        return set_expr_context(REQ(name_token()), ExprContext::Store);
      })) {
    return e;
  }
  if (Expr* e = alt([&]() -> Expr* {
        REQ(expect(TokenType::Lpar));
        Expr* inner = REQ(target_with_star_atom());
        REQ(expect(TokenType::Rpar));
        return set_expr_context(inner, ExprContext::Store);
      })) {
    return e;
  }
  if (Expr* e = alt([&]() -> Expr* {
        REQ(expect(TokenType::Lpar));
        auto elts = alt([&] { return star_targets_tuple_seq(); });
        if (error_indicator_) return nullptr;
        REQ(expect(TokenType::Rpar));
        auto* tuple = make<Tuple>(start);
        if (elts) tuple->elts = *elts;
        tuple->ctx = ExprContext::Store;
        return tuple;
      })) {
    return e;
  }
  return alt([&]() -> Expr* {
    REQ(expect(TokenType::Lsqb));
    auto elts = alt([&] { return star_targets_list_seq(); });
    if (error_indicator_) return nullptr;
    REQ(expect(TokenType::Rsqb));
    auto* list_node = make<List>(start);
    if (elts) list_node->elts = *elts;
    list_node->ctx = ExprContext::Store;
    return list_node;
  });
}

// single_target: single_subscript_attribute_target | NAME | '(' single_target ')'
Expr* Parser::single_target() {
  RULE();
  if (Expr* e = alt([&] { return single_subscript_attribute_target(); })) return e;
  if (Expr* e = alt([&]() -> Expr* {
        return set_expr_context(REQ(name_token()), ExprContext::Store);
      })) {
    return e;
  }
  return alt([&]() -> Expr* {
    REQ(expect(TokenType::Lpar));
    Expr* inner = REQ(single_target());
    REQ(expect(TokenType::Rpar));
    return inner;
  });
}

// single_subscript_attribute_target:
//     | t_primary '.' NAME !t_lookahead | t_primary '[' slices ']' !t_lookahead
Expr* Parser::single_subscript_attribute_target() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&]() -> Expr* {
        Expr* value = REQ(t_primary());
        REQ(expect(TokenType::Dot));
        Token* name = REQ(expect_name_token());
        if (t_lookahead()) return nullptr;
        auto* a = make<Attribute>(start);
        a->value = value;
        a->attr = name->identifier;
        a->ctx = ExprContext::Store;
        return a;
      })) {
    return e;
  }
  return alt([&]() -> Expr* {
    Expr* value = REQ(t_primary());
    REQ(expect(TokenType::Lsqb));
    Expr* index = REQ(slices());
    REQ(expect(TokenType::Rsqb));
    if (t_lookahead()) return nullptr;
    auto* sub = make<Subscript>(start);
    sub->value = value;
    sub->slice = index;
    sub->ctx = ExprContext::Store;
    return sub;
  });
}

// t_primary:
//     | t_primary '.' NAME &t_lookahead | t_primary '[' slices ']' &t_lookahead
//     | t_primary genexp &t_lookahead | t_primary '(' [arguments] ')' &t_lookahead
//     | atom &t_lookahead
Expr* Parser::t_primary() {
  RULE();
  Expr* result;
  if (memo_get(MemoRule::TPrimary, &result)) return result;
  int start_mark = mark_;
  Pos start = start_pos();
  result = alt([&]() -> Expr* {
    Expr* a = REQ(atom());
    if (!t_lookahead()) return nullptr;
    return a;
  });
  while (result) {
    Expr* current = result;
    Expr* next = alt([&]() -> Expr* {
      REQ(expect(TokenType::Dot));
      Token* name = REQ(expect_name_token());
      if (!t_lookahead()) return nullptr;
      auto* a = make<Attribute>(start);
      a->value = current;
      a->attr = name->identifier;
      a->ctx = ExprContext::Load;
      return a;
    });
    if (!next) {
      next = alt([&]() -> Expr* {
        REQ(expect(TokenType::Lsqb));
        Expr* index = REQ(slices());
        REQ(expect(TokenType::Rsqb));
        if (!t_lookahead()) return nullptr;
        auto* sub = make<Subscript>(start);
        sub->value = current;
        sub->slice = index;
        sub->ctx = ExprContext::Load;
        return sub;
      });
    }
    if (!next) {
      next = alt([&]() -> Expr* {
        Expr* g = REQ(genexp());
        if (!t_lookahead()) return nullptr;
        auto* call = make<Call>(start);
        call->func = current;
        call->args = singleton(g);
        return call;
      });
    }
    if (!next) {
      next = alt([&]() -> Expr* {
        REQ(expect(TokenType::Lpar));
        Expr* args = alt([&] { return arguments(); });
        if (error_indicator_) return nullptr;
        REQ(expect(TokenType::Rpar));
        if (!t_lookahead()) return nullptr;
        auto* call = make<Call>(start);
        call->func = current;
        if (args) {
          call->args = static_cast<Call*>(args)->args;
          call->keywords = static_cast<Call*>(args)->keywords;
        }
        return call;
      });
    }
    if (!next) break;
    result = next;
  }
  if (error_indicator_) return nullptr;
  if (!result) mark_ = start_mark;
  memo_put(MemoRule::TPrimary, start_mark, result);
  return result;
}

// t_lookahead: '(' | '[' | '.'
bool Parser::t_lookahead() {
  Token* t = token_at_mark();
  return t && (t->type == TokenType::Lpar || t->type == TokenType::Lsqb ||
               t->type == TokenType::Dot);
}

// del_targets: ','.del_target+ [',']
std::optional<Seq<Expr*>> Parser::del_targets() {
  RULE();
  return alt([&]() -> std::optional<Seq<Expr*>> {
    ListBuilder<Expr*> list(this);
    REQ(gather(list, TokenType::Comma, [&] { return del_target(); }));
    expect(TokenType::Comma);
    return list.finish();
  });
}

// del_target (memo):
//     | t_primary '.' NAME !t_lookahead | t_primary '[' slices ']' !t_lookahead | del_t_atom
Expr* Parser::del_target() {
  RULE();
  Expr* result;
  if (memo_get(MemoRule::DelTarget, &result)) return result;
  int start_mark = mark_;
  Pos start = start_pos();
  result = alt([&]() -> Expr* {
    Expr* value = REQ(t_primary());
    REQ(expect(TokenType::Dot));
    Token* name = REQ(expect_name_token());
    if (t_lookahead()) return nullptr;
    auto* a = make<Attribute>(start);
    a->value = value;
    a->attr = name->identifier;
    a->ctx = ExprContext::Del;
    return a;
  });
  if (!result) {
    result = alt([&]() -> Expr* {
      Expr* value = REQ(t_primary());
      REQ(expect(TokenType::Lsqb));
      Expr* index = REQ(slices());
      REQ(expect(TokenType::Rsqb));
      if (t_lookahead()) return nullptr;
      auto* sub = make<Subscript>(start);
      sub->value = value;
      sub->slice = index;
      sub->ctx = ExprContext::Del;
      return sub;
    });
  }
  if (!result) result = alt([&] { return del_t_atom(); });
  if (error_indicator_) return nullptr;
  memo_put(MemoRule::DelTarget, start_mark, result);
  return result;
}

// del_t_atom: NAME | '(' del_target ')' | '(' [del_targets] ')' | '[' [del_targets] ']'
Expr* Parser::del_t_atom() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&]() -> Expr* {
        return set_expr_context(REQ(name_token()), ExprContext::Del);
      })) {
    return e;
  }
  if (Expr* e = alt([&]() -> Expr* {
        REQ(expect(TokenType::Lpar));
        Expr* inner = REQ(del_target());
        REQ(expect(TokenType::Rpar));
        return set_expr_context(inner, ExprContext::Del);
      })) {
    return e;
  }
  if (Expr* e = alt([&]() -> Expr* {
        REQ(expect(TokenType::Lpar));
        auto elts = alt([&] { return del_targets(); });
        if (error_indicator_) return nullptr;
        REQ(expect(TokenType::Rpar));
        auto* tuple = make<Tuple>(start);
        if (elts) tuple->elts = *elts;
        tuple->ctx = ExprContext::Del;
        return tuple;
      })) {
    return e;
  }
  return alt([&]() -> Expr* {
    REQ(expect(TokenType::Lsqb));
    auto elts = alt([&] { return del_targets(); });
    if (error_indicator_) return nullptr;
    REQ(expect(TokenType::Rsqb));
    auto* list_node = make<List>(start);
    if (elts) list_node->elts = *elts;
    list_node->ctx = ExprContext::Del;
    return list_node;
  });
}

}  // namespace krait::parse
