// The invalid_* rules of the Python 3.11 grammar: tried only in the second pass, after the
// first one failed, to turn common mistakes into CPython's specific SyntaxError messages.
// Each returns true when it raised. Where CPython's action can come back empty (an invalid
// target that is valid after all, print/exec treated as names) the rule just fails.
#include "parse/parser_internal.h"

namespace krait::parse {

const char* get_expr_name(Expr* e);

namespace {
// The end of a comprehension clause: its last `if` condition, else its iterable.
Expr* last_comprehension_item(Comprehension* c) {
  return c->ifs.empty() ? c->iter : c->ifs.back();
}
}  // namespace

// invalid_arguments:
//     | args ',' '*'
//     | expression for_if_clauses ',' [args | expression for_if_clauses]
//     | NAME '=' expression for_if_clauses
//     | args for_if_clauses
//     | args ',' expression for_if_clauses
//     | args ',' args
bool Parser::invalid_arguments() {
  RULE();
  if (alt([&]() -> bool {
        Expr* a = REQ(args());
        REQ(expect(TokenType::Comma));
        REQ(expect(TokenType::Star));
        raise_known_location(a, "iterable argument unpacking follows keyword argument unpacking");
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        Expr* a = REQ(expression());
        Seq<Comprehension*> b = REQ(for_if_clauses());
        REQ(expect(TokenType::Comma));
        int mark = mark_;
        if (!alt([&] { return args(); })) {
          mark_ = mark;
          alt([&]() -> bool {
            REQ(expression());
            REQ(for_if_clauses());
            return true;
          });
        }
        if (error_indicator_) return false;
        raise_known_range(a, last_comprehension_item(b.back()),
                          "Generator expression must be parenthesized");
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        Expr* a = REQ(name_token());
        Token* b = REQ(expect(TokenType::Equal));
        REQ(expression());
        REQ(for_if_clauses());
        raise_known_range(a, b, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        return true;
      })) {
    return true;
  }
  bool stop = false;
  if (alt([&]() -> bool {
        Expr* a = REQ(args());
        Seq<Comprehension*> b = REQ(for_if_clauses());
        // _PyPegen_nonparen_genexp_in_call: only with more than one positional argument.
        stop = true;
        auto* call = static_cast<Call*>(a);
        if (call->args.size() <= 1) return false;
        raise_known_range(call->args.back(), last_comprehension_item(b.back()),
                          "Generator expression must be parenthesized");
        return true;
      })) {
    return true;
  }
  if (stop || error_indicator_) return error_indicator_;
  if (alt([&]() -> bool {
        REQ(args());
        REQ(expect(TokenType::Comma));
        Expr* a = REQ(expression());
        Seq<Comprehension*> b = REQ(for_if_clauses());
        raise_known_range(a, last_comprehension_item(b.back()),
                          "Generator expression must be parenthesized");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    Expr* a = REQ(args());
    REQ(expect(TokenType::Comma));
    REQ(args());
    bool keyword_unpacking = false;
    for (Keyword* k : static_cast<Call*>(a)->keywords) {
      if (is_none(k->arg)) keyword_unpacking = true;
    }
    raise_syntax_error(keyword_unpacking ? "positional argument follows keyword argument unpacking"
                                         : "positional argument follows keyword argument");
    return true;
  });
  return error_indicator_;
}

// invalid_kwarg:
//     | ('True'|'False'|'None') '='
//     | NAME '=' expression for_if_clauses
//     | !(NAME '=') expression '='
bool Parser::invalid_kwarg() {
  RULE();
  if (alt([&]() -> bool {
        Token* a = expect(TokenType::True);
        if (!a) a = expect(TokenType::False);
        if (!a) a = expect(TokenType::None);
        if (!a) return false;
        Token* b = REQ(expect(TokenType::Equal));
        raise_known_range(a, b, "cannot assign to %s", std::string(a->text()).c_str());
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        Expr* a = REQ(name_token());
        Token* b = REQ(expect(TokenType::Equal));
        REQ(expression());
        REQ(for_if_clauses());
        raise_known_range(a, b, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    {
      int mark = mark_;
      bool name_equal = expect_name_token() && expect(TokenType::Equal);
      mark_ = mark;
      if (name_equal || error_indicator_) return false;
    }
    Expr* a = REQ(expression());
    Token* b = REQ(expect(TokenType::Equal));
    raise_known_range(a, b, "expression cannot contain assignment, perhaps you meant \"==\"?");
    return true;
  });
  return error_indicator_;
}

// invalid_legacy_expression: NAME !'(' star_expressions
bool Parser::invalid_legacy_expression() {
  RULE();
  alt([&]() -> bool {
    Expr* a = REQ(name_token());
    if (lookahead(TokenType::Lpar)) return false;
    Expr* b = REQ(star_expressions());
    if (!check_legacy_stmt(a)) return false;
    std::string name(static_cast<Name*>(a)->id);
    raise_known_range(a, b, "Missing parentheses in call to '%s'. Did you mean %s(...)?",
                      name.c_str(), name.c_str());
    return true;
  });
  return error_indicator_;
}

// invalid_expression:
//     | !(NAME STRING | SOFT_KEYWORD) disjunction expression_without_invalid
//     | disjunction 'if' disjunction !('else'|':')
bool Parser::invalid_expression() {
  RULE();
  bool stop = false;
  if (alt([&]() -> bool {
        {
          int mark = mark_;
          bool excluded = (expect_name_token() && expect(TokenType::String));
          mark_ = mark;
          if (!excluded) excluded = at_soft_keyword();
          if (excluded || error_indicator_) return false;
        }
        Expr* a = REQ(disjunction());
        Expr* b = REQ(expression_without_invalid());
        stop = true;
        if (check_legacy_stmt(a) || tokens_[mark_ - 1].level == 0) return false;
        raise_known_range(a, b, "invalid syntax. Perhaps you forgot a comma?");
        return true;
      })) {
    return true;
  }
  if (stop || error_indicator_) return error_indicator_;
  alt([&]() -> bool {
    Expr* a = REQ(disjunction());
    REQ(expect(TokenType::If));
    Expr* b = REQ(disjunction());
    if (lookahead(TokenType::Else) || lookahead(TokenType::Colon)) return false;
    raise_known_range(a, b, "expected 'else' after 'if' expression");
    return true;
  });
  return error_indicator_;
}

// invalid_named_expression (memo):
//     | expression ':=' expression
//     | NAME '=' bitwise_or !('='|':=')
//     | !(list|tuple|genexp|'True'|'None'|'False') bitwise_or '=' bitwise_or !('='|':=')
bool Parser::invalid_named_expression() {
  RULE();
  {
    Expr* memo;
    if (memo_get(MemoRule::InvalidNamedExpression, &memo)) return false;
  }
  int start_mark = mark_;
  [&] {
    if (alt([&]() -> bool {
          Expr* a = REQ(expression());
          REQ(expect(TokenType::ColonEqual));
          REQ(expression());
          raise_known_location(a, "cannot use assignment expressions with %s", get_expr_name(a));
          return true;
        })) {
      return;
    }
    if (alt([&]() -> bool {
          Expr* a = REQ(name_token());
          REQ(expect(TokenType::Equal));
          Expr* b = REQ(bitwise_or());
          if (lookahead(TokenType::Equal) || lookahead(TokenType::ColonEqual)) return false;
          raise_known_range(a, b,
                            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
          return true;
        })) {
      return;
    }
    alt([&]() -> bool {
      {
        int mark = mark_;
        bool excluded = alt([&] { return list(); }) != nullptr;
        if (!excluded) excluded = alt([&] { return tuple(); }) != nullptr;
        if (!excluded) excluded = alt([&] { return genexp(); }) != nullptr;
        if (!excluded) {
          excluded = lookahead(TokenType::True) || lookahead(TokenType::None) ||
                     lookahead(TokenType::False);
        }
        mark_ = mark;
        if (excluded || error_indicator_) return false;
      }
      Expr* a = REQ(bitwise_or());
      REQ(expect(TokenType::Equal));
      REQ(bitwise_or());
      if (lookahead(TokenType::Equal) || lookahead(TokenType::ColonEqual)) return false;
      raise_known_location(a, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                           get_expr_name(a));
      return true;
    });
  }();
  if (error_indicator_) return true;
  mark_ = start_mark;
  memo_put(MemoRule::InvalidNamedExpression, start_mark, static_cast<Expr*>(nullptr));
  return false;
}

// invalid_assignment:
//     | invalid_ann_assign_target ':' expression
//     | star_named_expression ',' star_named_expressions* ':' expression
//     | expression ':' expression
//     | (star_targets '=')* star_expressions '='
//     | (star_targets '=')* yield_expr '='
//     | star_expressions augassign (yield_expr | star_expressions)
bool Parser::invalid_assignment() {
  RULE();
  if (alt([&]() -> bool {
        Expr* a = REQ(invalid_ann_assign_target());
        REQ(expect(TokenType::Colon));
        REQ(expression());
        raise_known_location(a, "only single target (not %s) can be annotated",
                             get_expr_name(a));
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        Expr* a = REQ(star_named_expression());
        REQ(expect(TokenType::Comma));
        while (alt([&] { return star_named_expressions(); })) {
        }
        if (error_indicator_) return false;
        REQ(expect(TokenType::Colon));
        REQ(expression());
        raise_known_location(a, "only single target (not tuple) can be annotated");
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        Expr* a = REQ(expression());
        REQ(expect(TokenType::Colon));
        REQ(expression());
        raise_known_location(a, "illegal target for annotation");
        return true;
      })) {
    return true;
  }
  auto skip_targets = [&] {
    for (;;) {
      int mark = mark_;
      if (star_targets() && expect(TokenType::Equal)) continue;
      mark_ = mark;
      break;
    }
  };
  bool stop = false;
  if (alt([&]() -> bool {
        skip_targets();
        if (error_indicator_) return false;
        Expr* a = REQ(star_expressions());
        REQ(expect(TokenType::Equal));
        stop = true;
        raise_invalid_target(TargetsType::StarTargets, a);
        return error_indicator_;
      })) {
    return true;
  }
  if (stop || error_indicator_) return error_indicator_;
  if (alt([&]() -> bool {
        skip_targets();
        if (error_indicator_) return false;
        Expr* a = REQ(yield_expr());
        REQ(expect(TokenType::Equal));
        raise_known_location(a, "assignment to yield expression not possible");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    Expr* a = REQ(star_expressions());
    Operator op;
    REQ(augassign(&op));
    if (!alt([&] { return yield_expr(); }) && !alt([&] { return star_expressions(); })) {
      return false;
    }
    raise_known_location(a, "'%s' is an illegal expression for augmented assignment",
                         get_expr_name(a));
    return true;
  });
  return error_indicator_;
}

// invalid_ann_assign_target: list | tuple | '(' invalid_ann_assign_target ')'
Expr* Parser::invalid_ann_assign_target() {
  RULE();
  if (Expr* e = alt([&] { return list(); })) return e;
  if (Expr* e = alt([&] { return tuple(); })) return e;
  return alt([&]() -> Expr* {
    REQ(expect(TokenType::Lpar));
    Expr* inner = REQ(invalid_ann_assign_target());
    REQ(expect(TokenType::Rpar));
    return inner;
  });
}

// invalid_del_stmt: 'del' star_expressions
bool Parser::invalid_del_stmt() {
  RULE();
  alt([&]() -> bool {
    REQ(expect(TokenType::Del));
    Expr* a = REQ(star_expressions());
    raise_invalid_target(TargetsType::DelTargets, a);
    return error_indicator_;
  });
  return error_indicator_;
}

// invalid_block: NEWLINE !INDENT
bool Parser::invalid_block() {
  RULE();
  alt([&]() -> bool {
    REQ(expect(TokenType::Newline));
    if (lookahead(TokenType::Indent)) return false;
    raise_indentation_error("expected an indented block");
    return true;
  });
  return error_indicator_;
}

// invalid_comprehension:
//     | ('[' | '(' | '{') starred_expression for_if_clauses
//     | ('[' | '{') star_named_expression ',' star_named_expressions for_if_clauses
//     | ('[' | '{') star_named_expression ',' for_if_clauses
bool Parser::invalid_comprehension() {
  RULE();
  auto open = [&](bool allow_paren) {
    return expect(TokenType::Lsqb) || (allow_paren && expect(TokenType::Lpar)) ||
           expect(TokenType::Lbrace);
  };
  if (alt([&]() -> bool {
        REQ(open(true));
        Expr* a = REQ(starred_expression());
        REQ(for_if_clauses());
        raise_known_location(a, "iterable unpacking cannot be used in comprehension");
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        REQ(open(false));
        Expr* a = REQ(star_named_expression());
        REQ(expect(TokenType::Comma));
        Seq<Expr*> b = REQ(star_named_expressions());
        REQ(for_if_clauses());
        raise_known_range(a, b.back(), "did you forget parentheses around the comprehension target?");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    REQ(open(false));
    Expr* a = REQ(star_named_expression());
    Token* b = REQ(expect(TokenType::Comma));
    REQ(for_if_clauses());
    raise_known_range(a, b, "did you forget parentheses around the comprehension target?");
    return true;
  });
  return error_indicator_;
}

// invalid_dict_comprehension: '{' '**' bitwise_or for_if_clauses '}'
bool Parser::invalid_dict_comprehension() {
  RULE();
  alt([&]() -> bool {
    REQ(expect(TokenType::Lbrace));
    Token* a = REQ(expect(TokenType::DoubleStar));
    REQ(bitwise_or());
    REQ(for_if_clauses());
    REQ(expect(TokenType::Rbrace));
    raise_known_location(a, "dict unpacking cannot be used in dict comprehension");
    return true;
  });
  return error_indicator_;
}

// invalid_parameters:
//     | param_no_default* invalid_parameters_helper param_no_default
//     | param_no_default* '(' param_no_default+ ','? ')'
//     | "/" ','
//     | (slash_no_default | slash_with_default) param_maybe_default* '/'
//     | (slash_no_default | slash_with_default)? param_maybe_default* '*'
//       (',' | param_no_default) param_maybe_default* '/'
//     | param_maybe_default+ '/' '*'
bool Parser::invalid_parameters() {
  RULE();
  auto skip = [&](auto rule) {
    for (;;) {
      int mark = mark_;
      if (!(this->*rule)()) {
        mark_ = mark;
        break;
      }
    }
    return !error_indicator_;
  };
  if (alt([&]() -> bool {
        REQ(skip(&Parser::param_no_default));
        REQ(invalid_parameters_helper());
        Arg* a = REQ(param_no_default());
        raise_known_location(a, "non-default argument follows default argument");
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        REQ(skip(&Parser::param_no_default));
        Token* a = REQ(expect(TokenType::Lpar));
        REQ(param_no_default());
        REQ(skip(&Parser::param_no_default));
        expect(TokenType::Comma);
        Token* b = REQ(expect(TokenType::Rpar));
        raise_known_range(a, b, "Function parameters cannot be parenthesized");
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        Token* a = REQ(expect(TokenType::Slash));
        REQ(expect(TokenType::Comma));
        raise_known_location(a, "at least one argument must precede /");
        return true;
      })) {
    return true;
  }
  auto slash = [&]() -> bool {
    if (alt([&] { return slash_no_default(); })) return true;
    return alt([&] { return slash_with_default(); }) != nullptr;
  };
  if (alt([&]() -> bool {
        REQ(slash());
        REQ(skip(&Parser::param_maybe_default));
        Token* a = REQ(expect(TokenType::Slash));
        raise_known_location(a, "/ may appear only once");
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        slash();
        if (error_indicator_) return false;
        REQ(skip(&Parser::param_maybe_default));
        REQ(expect(TokenType::Star));
        if (!expect(TokenType::Comma) && !alt([&] { return param_no_default(); })) return false;
        REQ(skip(&Parser::param_maybe_default));
        Token* a = REQ(expect(TokenType::Slash));
        raise_known_location(a, "/ must be ahead of *");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    if (!param_maybe_default()) return false;
    REQ(skip(&Parser::param_maybe_default));
    REQ(expect(TokenType::Slash));
    Token* a = REQ(expect(TokenType::Star));
    raise_known_location(a, "expected comma between / and *");
    return true;
  });
  return error_indicator_;
}

// invalid_default: '=' &(')'|',')
bool Parser::invalid_default() {
  RULE();
  alt([&]() -> bool {
    Token* a = REQ(expect(TokenType::Equal));
    if (!lookahead(TokenType::Rpar) && !lookahead(TokenType::Comma)) return false;
    raise_known_location(a, "expected default value expression");
    return true;
  });
  return error_indicator_;
}

// invalid_star_etc:
//     | '*' (')' | ',' (')' | '**'))
//     | '*' ',' TYPE_COMMENT
//     | '*' param '='
//     | '*' (param_no_default | ',') param_maybe_default* '*' (param_no_default | ',')
bool Parser::invalid_star_etc() {
  RULE();
  if (alt([&]() -> bool {
        Token* a = REQ(expect(TokenType::Star));
        bool ok = expect(TokenType::Rpar) != nullptr;
        if (!ok) {
          ok = alt([&]() -> bool {
            REQ(expect(TokenType::Comma));
            return expect(TokenType::Rpar) || expect(TokenType::DoubleStar);
          });
        }
        if (!ok) return false;
        raise_known_location(a, "named arguments must follow bare *");
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        REQ(expect(TokenType::Star));
        REQ(expect(TokenType::Comma));
        REQ(expect(TokenType::TypeComment));
        raise_syntax_error("bare * has associated type comment");
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        REQ(expect(TokenType::Star));
        REQ(param());
        Token* a = REQ(expect(TokenType::Equal));
        raise_known_location(a, "var-positional argument cannot have default value");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    REQ(expect(TokenType::Star));
    if (!alt([&] { return param_no_default(); }) && !expect(TokenType::Comma)) return false;
    ListBuilder<NameDefaultPair*> skipped(this);
    REQ(repeat(skipped, [&] { return param_maybe_default(); }));
    Token* a = REQ(expect(TokenType::Star));
    if (!alt([&] { return param_no_default(); }) && !expect(TokenType::Comma)) return false;
    raise_known_location(a, "* argument may appear only once");
    return true;
  });
  return error_indicator_;
}

// invalid_kwds:
//     | '**' param '=' | '**' param ',' param | '**' param ',' ('*'|'**'|'/')
bool Parser::invalid_kwds() {
  RULE();
  if (alt([&]() -> bool {
        REQ(expect(TokenType::DoubleStar));
        REQ(param());
        Token* a = REQ(expect(TokenType::Equal));
        raise_known_location(a, "var-keyword argument cannot have default value");
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        REQ(expect(TokenType::DoubleStar));
        REQ(param());
        REQ(expect(TokenType::Comma));
        Arg* a = REQ(param());
        raise_known_location(a, "arguments cannot follow var-keyword argument");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    REQ(expect(TokenType::DoubleStar));
    REQ(param());
    REQ(expect(TokenType::Comma));
    Token* a = expect(TokenType::Star);
    if (!a) a = expect(TokenType::DoubleStar);
    if (!a) a = expect(TokenType::Slash);
    if (!a) return false;
    raise_known_location(a, "arguments cannot follow var-keyword argument");
    return true;
  });
  return error_indicator_;
}

// invalid_parameters_helper: slash_with_default | param_with_default+
bool Parser::invalid_parameters_helper() {
  RULE();
  if (alt([&] { return slash_with_default(); })) return true;
  return alt([&]() -> bool {
    ListBuilder<NameDefaultPair*> list(this);
    REQ(repeat(list, [&] { return param_with_default(); }));
    return !list.empty();
  });
}

// invalid_lambda_parameters: as invalid_parameters, with lambda_* pieces.
bool Parser::invalid_lambda_parameters() {
  RULE();
  auto skip = [&](auto rule) {
    for (;;) {
      int mark = mark_;
      if (!(this->*rule)()) {
        mark_ = mark;
        break;
      }
    }
    return !error_indicator_;
  };
  if (alt([&]() -> bool {
        REQ(skip(&Parser::lambda_param_no_default));
        REQ(invalid_lambda_parameters_helper());
        Arg* a = REQ(lambda_param_no_default());
        raise_known_location(a, "non-default argument follows default argument");
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        REQ(skip(&Parser::lambda_param_no_default));
        Token* a = REQ(expect(TokenType::Lpar));
        ListBuilder<Arg*> names(this);
        REQ(gather(names, TokenType::Comma, [&] { return lambda_param(); }));
        expect(TokenType::Comma);
        Token* b = REQ(expect(TokenType::Rpar));
        raise_known_range(a, b, "Lambda expression parameters cannot be parenthesized");
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        Token* a = REQ(expect(TokenType::Slash));
        REQ(expect(TokenType::Comma));
        raise_known_location(a, "at least one argument must precede /");
        return true;
      })) {
    return true;
  }
  auto slash = [&]() -> bool {
    if (alt([&] { return lambda_slash_no_default(); })) return true;
    return alt([&] { return lambda_slash_with_default(); }) != nullptr;
  };
  if (alt([&]() -> bool {
        REQ(slash());
        REQ(skip(&Parser::lambda_param_maybe_default));
        Token* a = REQ(expect(TokenType::Slash));
        raise_known_location(a, "/ may appear only once");
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        slash();
        if (error_indicator_) return false;
        REQ(skip(&Parser::lambda_param_maybe_default));
        REQ(expect(TokenType::Star));
        if (!expect(TokenType::Comma) && !alt([&] { return lambda_param_no_default(); })) {
          return false;
        }
        REQ(skip(&Parser::lambda_param_maybe_default));
        Token* a = REQ(expect(TokenType::Slash));
        raise_known_location(a, "/ must be ahead of *");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    if (!lambda_param_maybe_default()) return false;
    REQ(skip(&Parser::lambda_param_maybe_default));
    REQ(expect(TokenType::Slash));
    Token* a = REQ(expect(TokenType::Star));
    raise_known_location(a, "expected comma between / and *");
    return true;
  });
  return error_indicator_;
}

// invalid_lambda_parameters_helper: lambda_slash_with_default | lambda_param_with_default+
bool Parser::invalid_lambda_parameters_helper() {
  RULE();
  if (alt([&] { return lambda_slash_with_default(); })) return true;
  return alt([&]() -> bool {
    ListBuilder<NameDefaultPair*> list(this);
    REQ(repeat(list, [&] { return lambda_param_with_default(); }));
    return !list.empty();
  });
}

// invalid_lambda_star_etc:
//     | '*' (':' | ',' (':' | '**'))
//     | '*' lambda_param '='
//     | '*' (lambda_param_no_default | ',') lambda_param_maybe_default* '*'
//       (lambda_param_no_default | ',')
bool Parser::invalid_lambda_star_etc() {
  RULE();
  if (alt([&]() -> bool {
        REQ(expect(TokenType::Star));
        bool ok = expect(TokenType::Colon) != nullptr;
        if (!ok) {
          ok = alt([&]() -> bool {
            REQ(expect(TokenType::Comma));
            return expect(TokenType::Colon) || expect(TokenType::DoubleStar);
          });
        }
        if (!ok) return false;
        raise_syntax_error("named arguments must follow bare *");
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        REQ(expect(TokenType::Star));
        REQ(lambda_param());
        Token* a = REQ(expect(TokenType::Equal));
        raise_known_location(a, "var-positional argument cannot have default value");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    REQ(expect(TokenType::Star));
    if (!alt([&] { return lambda_param_no_default(); }) && !expect(TokenType::Comma)) {
      return false;
    }
    ListBuilder<NameDefaultPair*> skipped(this);
    REQ(repeat(skipped, [&] { return lambda_param_maybe_default(); }));
    Token* a = REQ(expect(TokenType::Star));
    if (!alt([&] { return lambda_param_no_default(); }) && !expect(TokenType::Comma)) {
      return false;
    }
    raise_known_location(a, "* argument may appear only once");
    return true;
  });
  return error_indicator_;
}

// invalid_lambda_kwds:
//     | '**' lambda_param '=' | '**' lambda_param ',' lambda_param
//     | '**' lambda_param ',' ('*'|'**'|'/')
bool Parser::invalid_lambda_kwds() {
  RULE();
  if (alt([&]() -> bool {
        REQ(expect(TokenType::DoubleStar));
        REQ(lambda_param());
        Token* a = REQ(expect(TokenType::Equal));
        raise_known_location(a, "var-keyword argument cannot have default value");
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        REQ(expect(TokenType::DoubleStar));
        REQ(lambda_param());
        REQ(expect(TokenType::Comma));
        Arg* a = REQ(lambda_param());
        raise_known_location(a, "arguments cannot follow var-keyword argument");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    REQ(expect(TokenType::DoubleStar));
    REQ(lambda_param());
    REQ(expect(TokenType::Comma));
    Token* a = expect(TokenType::Star);
    if (!a) a = expect(TokenType::DoubleStar);
    if (!a) a = expect(TokenType::Slash);
    if (!a) return false;
    raise_known_location(a, "arguments cannot follow var-keyword argument");
    return true;
  });
  return error_indicator_;
}

// invalid_double_type_comments: TYPE_COMMENT NEWLINE TYPE_COMMENT NEWLINE INDENT
bool Parser::invalid_double_type_comments() {
  RULE();
  alt([&]() -> bool {
    REQ(expect(TokenType::TypeComment));
    REQ(expect(TokenType::Newline));
    REQ(expect(TokenType::TypeComment));
    REQ(expect(TokenType::Newline));
    REQ(expect(TokenType::Indent));
    raise_syntax_error("Cannot have two type comments on def");
    return true;
  });
  return error_indicator_;
}

// invalid_with_item: expression 'as' expression &(',' | ')' | ':')
bool Parser::invalid_with_item() {
  RULE();
  alt([&]() -> bool {
    REQ(expression());
    REQ(expect(TokenType::As));
    Expr* a = REQ(expression());
    if (!lookahead(TokenType::Comma) && !lookahead(TokenType::Rpar) &&
        !lookahead(TokenType::Colon)) {
      return false;
    }
    raise_invalid_target(TargetsType::StarTargets, a);
    return error_indicator_;
  });
  return error_indicator_;
}

// invalid_for_target: ASYNC? 'for' star_expressions
bool Parser::invalid_for_target() {
  RULE();
  alt([&]() -> bool {
    expect(TokenType::Async);
    REQ(expect(TokenType::For));
    Expr* a = REQ(star_expressions());
    raise_invalid_target(TargetsType::ForTargets, a);
    return error_indicator_;
  });
  return error_indicator_;
}

// invalid_group: '(' starred_expression ')' | '(' '**' expression ')'
bool Parser::invalid_group() {
  RULE();
  if (alt([&]() -> bool {
        REQ(expect(TokenType::Lpar));
        Expr* a = REQ(starred_expression());
        REQ(expect(TokenType::Rpar));
        raise_known_location(a, "cannot use starred expression here");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    REQ(expect(TokenType::Lpar));
    Token* a = REQ(expect(TokenType::DoubleStar));
    REQ(expression());
    REQ(expect(TokenType::Rpar));
    raise_known_location(a, "cannot use double starred expression here");
    return true;
  });
  return error_indicator_;
}

// invalid_import_from_targets: import_from_as_names ',' NEWLINE
bool Parser::invalid_import_from_targets() {
  RULE();
  alt([&]() -> bool {
    REQ(import_from_as_names());
    REQ(expect(TokenType::Comma));
    REQ(expect(TokenType::Newline));
    raise_syntax_error("trailing comma not allowed without surrounding parentheses");
    return true;
  });
  return error_indicator_;
}

// invalid_with_stmt:
//     | [ASYNC] 'with' ','.(expression ['as' star_target])+ NEWLINE
//     | [ASYNC] 'with' '(' ','.(expressions ['as' star_target])+ ','? ')' NEWLINE
bool Parser::invalid_with_stmt() {
  RULE();
  auto item = [&](bool parenthesized) -> Expr* {
    Expr* e = REQ(parenthesized ? expressions() : expression());
    alt([&]() -> Expr* {
      REQ(expect(TokenType::As));
      return star_target();
    });
    if (error_indicator_) return nullptr;
    return e;
  };
  if (alt([&]() -> bool {
        expect(TokenType::Async);
        REQ(expect(TokenType::With));
        ListBuilder<Expr*> items(this);
        REQ(gather(items, TokenType::Comma, [&] { return item(false); }));
        REQ(expect(TokenType::Newline));
        raise_syntax_error("expected ':'");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    expect(TokenType::Async);
    REQ(expect(TokenType::With));
    REQ(expect(TokenType::Lpar));
    ListBuilder<Expr*> items(this);
    REQ(gather(items, TokenType::Comma, [&] { return item(true); }));
    expect(TokenType::Comma);
    REQ(expect(TokenType::Rpar));
    REQ(expect(TokenType::Newline));
    raise_syntax_error("expected ':'");
    return true;
  });
  return error_indicator_;
}

// invalid_with_stmt_indent:
//     | [ASYNC] 'with' ','.(expression ['as' star_target])+ ':' NEWLINE !INDENT
//     | [ASYNC] 'with' '(' ','.(expressions ['as' star_target])+ ','? ')' ':' NEWLINE !INDENT
bool Parser::invalid_with_stmt_indent() {
  RULE();
  auto item = [&](bool parenthesized) -> Expr* {
    Expr* e = REQ(parenthesized ? expressions() : expression());
    alt([&]() -> Expr* {
      REQ(expect(TokenType::As));
      return star_target();
    });
    if (error_indicator_) return nullptr;
    return e;
  };
  if (alt([&]() -> bool {
        expect(TokenType::Async);
        Token* a = REQ(expect(TokenType::With));
        ListBuilder<Expr*> items(this);
        REQ(gather(items, TokenType::Comma, [&] { return item(false); }));
        REQ(expect(TokenType::Colon));
        REQ(expect(TokenType::Newline));
        if (lookahead(TokenType::Indent)) return false;
        raise_indentation_error("expected an indented block after 'with' statement on line %d",
                                a->lineno);
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    expect(TokenType::Async);
    Token* a = REQ(expect(TokenType::With));
    REQ(expect(TokenType::Lpar));
    ListBuilder<Expr*> items(this);
    REQ(gather(items, TokenType::Comma, [&] { return item(true); }));
    expect(TokenType::Comma);
    REQ(expect(TokenType::Rpar));
    REQ(expect(TokenType::Colon));
    REQ(expect(TokenType::Newline));
    if (lookahead(TokenType::Indent)) return false;
    raise_indentation_error("expected an indented block after 'with' statement on line %d",
                            a->lineno);
    return true;
  });
  return error_indicator_;
}

// invalid_try_stmt:
//     | 'try' ':' NEWLINE !INDENT
//     | 'try' ':' block !('except' | 'finally')
//     | 'try' ':' block* except_block+ 'except' '*' expression ['as' NAME] ':'
//     | 'try' ':' block* except_star_block+ 'except' [expression ['as' NAME]] ':'
bool Parser::invalid_try_stmt() {
  RULE();
  if (alt([&]() -> bool {
        Token* a = REQ(expect(TokenType::Try));
        REQ(expect(TokenType::Colon));
        REQ(expect(TokenType::Newline));
        if (lookahead(TokenType::Indent)) return false;
        raise_indentation_error("expected an indented block after 'try' statement on line %d",
                                a->lineno);
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        REQ(expect(TokenType::Try));
        REQ(expect(TokenType::Colon));
        REQ(block());
        if (lookahead(TokenType::Except) || lookahead(TokenType::Finally)) return false;
        raise_syntax_error("expected 'except' or 'finally' block");
        return true;
      })) {
    return true;
  }
  auto blocks = [&] {
    while (alt([&] { return block(); })) {
    }
    return !error_indicator_;
  };
  auto optional_as_name = [&] {
    alt([&]() -> Token* {
      REQ(expect(TokenType::As));
      return expect_name_token();
    });
  };
  if (alt([&]() -> bool {
        REQ(expect(TokenType::Try));
        REQ(expect(TokenType::Colon));
        REQ(blocks());
        ListBuilder<ExceptHandlerBase*> handlers(this);
        REQ(repeat(handlers, [&] { return except_block(); }));
        if (handlers.empty()) return false;
        Token* a = REQ(expect(TokenType::Except));
        Token* b = REQ(expect(TokenType::Star));
        REQ(expression());
        optional_as_name();
        if (error_indicator_) return false;
        REQ(expect(TokenType::Colon));
        raise_known_range(a, b, "cannot have both 'except' and 'except*' on the same 'try'");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    REQ(expect(TokenType::Try));
    REQ(expect(TokenType::Colon));
    REQ(blocks());
    ListBuilder<ExceptHandlerBase*> handlers(this);
    REQ(repeat(handlers, [&] { return except_star_block(); }));
    if (handlers.empty()) return false;
    Token* a = REQ(expect(TokenType::Except));
    alt([&]() -> Expr* {
      Expr* e = REQ(expression());
      optional_as_name();
      if (error_indicator_) return nullptr;
      return e;
    });
    if (error_indicator_) return false;
    REQ(expect(TokenType::Colon));
    raise_known_location(a, "cannot have both 'except' and 'except*' on the same 'try'");
    return true;
  });
  return error_indicator_;
}

// invalid_except_stmt:
//     | 'except' '*'? expression ',' expressions ['as' NAME] ':'
//     | 'except' '*'? expression ['as' NAME] NEWLINE
//     | 'except' NEWLINE
//     | 'except' '*' (NEWLINE | ':')
bool Parser::invalid_except_stmt() {
  RULE();
  auto optional_as_name = [&] {
    alt([&]() -> Token* {
      REQ(expect(TokenType::As));
      return expect_name_token();
    });
    return !error_indicator_;
  };
  if (alt([&]() -> bool {
        REQ(expect(TokenType::Except));
        expect(TokenType::Star);
        Expr* a = REQ(expression());
        REQ(expect(TokenType::Comma));
        REQ(expressions());
        REQ(optional_as_name());
        REQ(expect(TokenType::Colon));
        raise_starting_from(a, "multiple exception types must be parenthesized");
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        REQ(expect(TokenType::Except));
        expect(TokenType::Star);
        REQ(expression());
        REQ(optional_as_name());
        REQ(expect(TokenType::Newline));
        raise_syntax_error("expected ':'");
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        REQ(expect(TokenType::Except));
        REQ(expect(TokenType::Newline));
        raise_syntax_error("expected ':'");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    REQ(expect(TokenType::Except));
    REQ(expect(TokenType::Star));
    if (!expect(TokenType::Newline) && !expect(TokenType::Colon)) return false;
    raise_syntax_error("expected one or more exception types");
    return true;
  });
  return error_indicator_;
}

// invalid_finally_stmt: 'finally' ':' NEWLINE !INDENT
bool Parser::invalid_finally_stmt() {
  RULE();
  alt([&]() -> bool {
    Token* a = REQ(expect(TokenType::Finally));
    REQ(expect(TokenType::Colon));
    REQ(expect(TokenType::Newline));
    if (lookahead(TokenType::Indent)) return false;
    raise_indentation_error("expected an indented block after 'finally' statement on line %d",
                            a->lineno);
    return true;
  });
  return error_indicator_;
}

// invalid_except_stmt_indent:
//     | 'except' expression ['as' NAME] ':' NEWLINE !INDENT
//     | 'except' ':' NEWLINE !INDENT
bool Parser::invalid_except_stmt_indent() {
  RULE();
  if (alt([&]() -> bool {
        Token* a = REQ(expect(TokenType::Except));
        REQ(expression());
        alt([&]() -> Token* {
          REQ(expect(TokenType::As));
          return expect_name_token();
        });
        if (error_indicator_) return false;
        REQ(expect(TokenType::Colon));
        REQ(expect(TokenType::Newline));
        if (lookahead(TokenType::Indent)) return false;
        raise_indentation_error("expected an indented block after 'except' statement on line %d",
                                a->lineno);
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    Token* a = REQ(expect(TokenType::Except));
    REQ(expect(TokenType::Colon));
    REQ(expect(TokenType::Newline));
    if (lookahead(TokenType::Indent)) return false;
    raise_indentation_error("expected an indented block after 'except' statement on line %d",
                            a->lineno);
    return true;
  });
  return error_indicator_;
}

// invalid_except_star_stmt_indent: 'except' '*' expression ['as' NAME] ':' NEWLINE !INDENT
bool Parser::invalid_except_star_stmt_indent() {
  RULE();
  alt([&]() -> bool {
    Token* a = REQ(expect(TokenType::Except));
    REQ(expect(TokenType::Star));
    REQ(expression());
    alt([&]() -> Token* {
      REQ(expect(TokenType::As));
      return expect_name_token();
    });
    if (error_indicator_) return false;
    REQ(expect(TokenType::Colon));
    REQ(expect(TokenType::Newline));
    if (lookahead(TokenType::Indent)) return false;
    raise_indentation_error("expected an indented block after 'except*' statement on line %d",
                            a->lineno);
    return true;
  });
  return error_indicator_;
}

// invalid_match_stmt:
//     | "match" subject_expr NEWLINE
//     | "match" subject_expr ':' NEWLINE !INDENT
bool Parser::invalid_match_stmt() {
  RULE();
  if (alt([&]() -> bool {
        REQ(expect_soft_keyword("match"));
        REQ(subject_expr());
        REQ(expect(TokenType::Newline));
        raise_syntax_error("expected ':'");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    Token* a = REQ(expect_soft_keyword("match"));
    REQ(subject_expr());
    REQ(expect(TokenType::Colon));
    REQ(expect(TokenType::Newline));
    if (lookahead(TokenType::Indent)) return false;
    raise_indentation_error("expected an indented block after 'match' statement on line %d",
                            a->lineno);
    return true;
  });
  return error_indicator_;
}

// invalid_case_block:
//     | "case" patterns guard? NEWLINE
//     | "case" patterns guard? ':' NEWLINE !INDENT
bool Parser::invalid_case_block() {
  RULE();
  if (alt([&]() -> bool {
        REQ(expect_soft_keyword("case"));
        REQ(patterns());
        alt([&] { return guard(); });
        if (error_indicator_) return false;
        REQ(expect(TokenType::Newline));
        raise_syntax_error("expected ':'");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    Token* a = REQ(expect_soft_keyword("case"));
    REQ(patterns());
    alt([&] { return guard(); });
    if (error_indicator_) return false;
    REQ(expect(TokenType::Colon));
    REQ(expect(TokenType::Newline));
    if (lookahead(TokenType::Indent)) return false;
    raise_indentation_error("expected an indented block after 'case' statement on line %d",
                            a->lineno);
    return true;
  });
  return error_indicator_;
}

// invalid_as_pattern: or_pattern 'as' "_" | or_pattern 'as' !NAME expression
bool Parser::invalid_as_pattern() {
  RULE();
  if (alt([&]() -> bool {
        REQ(or_pattern());
        REQ(expect(TokenType::As));
        Token* a = REQ(expect_soft_keyword("_"));
        raise_known_location(a, "cannot use '_' as a target");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    REQ(or_pattern());
    REQ(expect(TokenType::As));
    if (lookahead(TokenType::Name)) return false;
    Expr* a = REQ(expression());
    raise_known_location(a, "invalid pattern target");
    return true;
  });
  return error_indicator_;
}

// invalid_class_pattern: name_or_attr '(' invalid_class_argument_pattern
bool Parser::invalid_class_pattern() {
  RULE();
  alt([&]() -> bool {
    REQ(name_or_attr());
    REQ(expect(TokenType::Lpar));
    Seq<Pattern*> a = REQ(invalid_class_argument_pattern());
    raise_known_range(a[0], a.back(), "positional patterns follow keyword patterns");
    return true;
  });
  return error_indicator_;
}

// invalid_class_argument_pattern:
//     | [positional_patterns ','] keyword_patterns ',' positional_patterns
std::optional<Seq<Pattern*>> Parser::invalid_class_argument_pattern() {
  RULE();
  return alt([&]() -> std::optional<Seq<Pattern*>> {
    alt([&]() -> bool {
      REQ(positional_patterns());
      return expect(TokenType::Comma) != nullptr;
    });
    if (error_indicator_) return std::nullopt;
    REQ(keyword_patterns());
    REQ(expect(TokenType::Comma));
    return positional_patterns();
  });
}

// invalid_if_stmt: 'if' named_expression NEWLINE | 'if' named_expression ':' NEWLINE !INDENT
bool Parser::invalid_if_stmt() {
  RULE();
  if (alt([&]() -> bool {
        REQ(expect(TokenType::If));
        REQ(named_expression());
        REQ(expect(TokenType::Newline));
        raise_syntax_error("expected ':'");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    Token* a = REQ(expect(TokenType::If));
    REQ(named_expression());
    REQ(expect(TokenType::Colon));
    REQ(expect(TokenType::Newline));
    if (lookahead(TokenType::Indent)) return false;
    raise_indentation_error("expected an indented block after 'if' statement on line %d",
                            a->lineno);
    return true;
  });
  return error_indicator_;
}

// invalid_elif_stmt:
//     | 'elif' named_expression NEWLINE | 'elif' named_expression ':' NEWLINE !INDENT
bool Parser::invalid_elif_stmt() {
  RULE();
  if (alt([&]() -> bool {
        REQ(expect(TokenType::Elif));
        REQ(named_expression());
        REQ(expect(TokenType::Newline));
        raise_syntax_error("expected ':'");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    Token* a = REQ(expect(TokenType::Elif));
    REQ(named_expression());
    REQ(expect(TokenType::Colon));
    REQ(expect(TokenType::Newline));
    if (lookahead(TokenType::Indent)) return false;
    raise_indentation_error("expected an indented block after 'elif' statement on line %d",
                            a->lineno);
    return true;
  });
  return error_indicator_;
}

// invalid_else_stmt: 'else' ':' NEWLINE !INDENT
bool Parser::invalid_else_stmt() {
  RULE();
  alt([&]() -> bool {
    Token* a = REQ(expect(TokenType::Else));
    REQ(expect(TokenType::Colon));
    REQ(expect(TokenType::Newline));
    if (lookahead(TokenType::Indent)) return false;
    raise_indentation_error("expected an indented block after 'else' statement on line %d",
                            a->lineno);
    return true;
  });
  return error_indicator_;
}

// invalid_while_stmt:
//     | 'while' named_expression NEWLINE | 'while' named_expression ':' NEWLINE !INDENT
bool Parser::invalid_while_stmt() {
  RULE();
  if (alt([&]() -> bool {
        REQ(expect(TokenType::While));
        REQ(named_expression());
        REQ(expect(TokenType::Newline));
        raise_syntax_error("expected ':'");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    Token* a = REQ(expect(TokenType::While));
    REQ(named_expression());
    REQ(expect(TokenType::Colon));
    REQ(expect(TokenType::Newline));
    if (lookahead(TokenType::Indent)) return false;
    raise_indentation_error("expected an indented block after 'while' statement on line %d",
                            a->lineno);
    return true;
  });
  return error_indicator_;
}

// invalid_for_stmt:
//     | [ASYNC] 'for' star_targets 'in' star_expressions NEWLINE
//     | [ASYNC] 'for' star_targets 'in' star_expressions ':' NEWLINE !INDENT
bool Parser::invalid_for_stmt() {
  RULE();
  if (alt([&]() -> bool {
        expect(TokenType::Async);
        REQ(expect(TokenType::For));
        REQ(star_targets());
        REQ(expect(TokenType::In));
        REQ(star_expressions());
        REQ(expect(TokenType::Newline));
        raise_syntax_error("expected ':'");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    expect(TokenType::Async);
    Token* a = REQ(expect(TokenType::For));
    REQ(star_targets());
    REQ(expect(TokenType::In));
    REQ(star_expressions());
    REQ(expect(TokenType::Colon));
    REQ(expect(TokenType::Newline));
    if (lookahead(TokenType::Indent)) return false;
    raise_indentation_error("expected an indented block after 'for' statement on line %d",
                            a->lineno);
    return true;
  });
  return error_indicator_;
}

// invalid_def_raw:
//     | [ASYNC] 'def' NAME '(' [params] ')' ['->' expression] ':' NEWLINE !INDENT
bool Parser::invalid_def_raw() {
  RULE();
  alt([&]() -> bool {
    expect(TokenType::Async);
    Token* a = REQ(expect(TokenType::Def));
    REQ(expect_name_token());
    REQ(expect(TokenType::Lpar));
    alt([&] { return params(); });
    if (error_indicator_) return false;
    REQ(expect(TokenType::Rpar));
    alt([&]() -> Expr* {
      REQ(expect(TokenType::Rarrow));
      return expression();
    });
    if (error_indicator_) return false;
    REQ(expect(TokenType::Colon));
    REQ(expect(TokenType::Newline));
    if (lookahead(TokenType::Indent)) return false;
    raise_indentation_error("expected an indented block after function definition on line %d",
                            a->lineno);
    return true;
  });
  return error_indicator_;
}

// invalid_class_def_raw:
//     | 'class' NAME ['(' [arguments] ')'] NEWLINE
//     | 'class' NAME ['(' [arguments] ')'] ':' NEWLINE !INDENT
bool Parser::invalid_class_def_raw() {
  RULE();
  auto bases = [&] {
    alt([&]() -> bool {
      REQ(expect(TokenType::Lpar));
      alt([&] { return arguments(); });
      if (error_indicator_) return false;
      return expect(TokenType::Rpar) != nullptr;
    });
    return !error_indicator_;
  };
  if (alt([&]() -> bool {
        REQ(expect(TokenType::Class));
        REQ(expect_name_token());
        REQ(bases());
        REQ(expect(TokenType::Newline));
        raise_syntax_error("expected ':'");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    Token* a = REQ(expect(TokenType::Class));
    REQ(expect_name_token());
    REQ(bases());
    REQ(expect(TokenType::Colon));
    REQ(expect(TokenType::Newline));
    if (lookahead(TokenType::Indent)) return false;
    raise_indentation_error("expected an indented block after class definition on line %d",
                            a->lineno);
    return true;
  });
  return error_indicator_;
}

// invalid_double_starred_kvpairs:
//     | ','.double_starred_kvpair+ ',' invalid_kvpair
//     | expression ':' '*' bitwise_or
//     | expression ':' &('}'|',')
bool Parser::invalid_double_starred_kvpairs() {
  RULE();
  if (alt([&]() -> bool {
        ListBuilder<KeyValuePair*> pairs(this);
        REQ(gather(pairs, TokenType::Comma, [&] { return double_starred_kvpair(); }));
        REQ(expect(TokenType::Comma));
        invalid_kvpair();
        return error_indicator_;
      })) {
    return true;
  }
  if (error_indicator_) return true;
  if (alt([&]() -> bool {
        REQ(expression());
        REQ(expect(TokenType::Colon));
        Token* a = REQ(expect(TokenType::Star));
        REQ(bitwise_or());
        raise_starting_from(a, "cannot use a starred expression in a dictionary value");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    REQ(expression());
    Token* a = REQ(expect(TokenType::Colon));
    if (!lookahead(TokenType::Rbrace) && !lookahead(TokenType::Comma)) return false;
    raise_known_location(a, "expression expected after dictionary key and ':'");
    return true;
  });
  return error_indicator_;
}

// invalid_kvpair:
//     | expression !(':')
//     | expression ':' '*' bitwise_or
//     | expression ':' &('}'|',')
bool Parser::invalid_kvpair() {
  RULE();
  if (alt([&]() -> bool {
        Expr* a = REQ(expression());
        if (lookahead(TokenType::Colon)) return false;
        raise("SyntaxError", a->lineno, a->end_col_offset - 1 + 1, a->end_lineno, 0,
              "':' expected after dictionary key");
        return true;
      })) {
    return true;
  }
  if (alt([&]() -> bool {
        REQ(expression());
        REQ(expect(TokenType::Colon));
        Token* a = REQ(expect(TokenType::Star));
        REQ(bitwise_or());
        raise_starting_from(a, "cannot use a starred expression in a dictionary value");
        return true;
      })) {
    return true;
  }
  alt([&]() -> bool {
    REQ(expression());
    Token* a = REQ(expect(TokenType::Colon));
    if (!lookahead(TokenType::Rbrace) && !lookahead(TokenType::Comma)) return false;
    raise_known_location(a, "expression expected after dictionary key and ':'");
    return true;
  });
  return error_indicator_;
}

}  // namespace krait::parse
