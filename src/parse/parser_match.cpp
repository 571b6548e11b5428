// Grammar rules of the match statement and its patterns (Python 3.11 grammar, in its
// order): subjects, case blocks, and every pattern kind. "match", "case" and "_" are soft
// keywords: NAME tokens the rules test by their text.
#include "parse/parser_internal.h"

namespace krait::parse {

// --- match --------------------------------------------------------------------------------

// match_stmt:
//     | "match" subject_expr ':' NEWLINE INDENT case_block+ DEDENT
//     | invalid_match_stmt
Stmt* Parser::match_stmt() {
  RULE();
  Pos start = start_pos();
  if (Stmt* s = alt([&]() -> Stmt* {
        REQ(expect_soft_keyword("match"));
        Expr* subject = REQ(subject_expr());
        REQ(expect(TokenType::Colon));
        REQ(expect(TokenType::Newline));
        REQ(expect(TokenType::Indent));
        ListBuilder<MatchCase*> cases(this);
        REQ(repeat(cases, [&] { return case_block(); }));
        if (cases.empty()) return nullptr;
        Seq<MatchCase*> case_seq = cases.finish();
        REQ(expect(TokenType::Dedent));
        auto* stmt = make<Match>(start);
        stmt->subject = subject;
        stmt->cases = case_seq;
        return check_version(10, "Pattern matching is", stmt);
      })) {
    return s;
  }
  if (call_invalid_rules_ && !error_indicator_) {
    int mark = mark_;
    invalid_match_stmt();
    mark_ = mark;
  }
  return nullptr;
}

// subject_expr: star_named_expression ',' star_named_expressions? | named_expression
Expr* Parser::subject_expr() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&]() -> Expr* {
        Expr* first = REQ(star_named_expression());
        REQ(expect(TokenType::Comma));
        auto rest = alt([&] { return star_named_expressions(); });
        if (error_indicator_) return nullptr;
        auto* tuple = make<Tuple>(start);
        tuple->elts = prepend(first, rest ? *rest : Seq<Expr*>{});
        tuple->ctx = ExprContext::Load;
        return tuple;
      })) {
    return e;
  }
  return alt([&] { return named_expression(); });
}

// case_block: invalid_case_block | "case" patterns guard? ':' block
MatchCase* Parser::case_block() {
  RULE();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_case_block();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  return alt([&]() -> MatchCase* {
    REQ(expect_soft_keyword("case"));
    Pattern* pattern_node = REQ(patterns());
    Expr* guard_expr = alt([&] { return guard(); });
    if (error_indicator_) return nullptr;
    REQ(expect(TokenType::Colon));
    Seq<Stmt*> body = REQ(block());
    auto* match_case = make_node<MatchCase>(arena_);
    match_case->pattern = pattern_node;
    match_case->guard = guard_expr;
    match_case->body = body;
    return match_case;
  });
}

// guard: 'if' named_expression
Expr* Parser::guard() {
  RULE();
  return alt([&]() -> Expr* {
    REQ(expect(TokenType::If));
    return named_expression();
  });
}

// patterns: open_sequence_pattern | pattern
Pattern* Parser::patterns() {
  RULE();
  Pos start = start_pos();
  if (Pattern* p = alt([&]() -> Pattern* {
        Seq<Pattern*> items = REQ(open_sequence_pattern());
        auto* seq_pattern = make<MatchSequence>(start);
        seq_pattern->patterns = items;
        return seq_pattern;
      })) {
    return p;
  }
  return alt([&] { return pattern(); });
}

// pattern: as_pattern | or_pattern
Pattern* Parser::pattern() {
  RULE();
  if (Pattern* p = alt([&] { return as_pattern(); })) return p;
  return alt([&] { return or_pattern(); });
}

// as_pattern: or_pattern 'as' pattern_capture_target | invalid_as_pattern
Pattern* Parser::as_pattern() {
  RULE();
  Pos start = start_pos();
  if (Pattern* p = alt([&]() -> Pattern* {
        Pattern* inner = REQ(or_pattern());
        REQ(expect(TokenType::As));
        Expr* target = REQ(pattern_capture_target());
        auto* as = make<MatchAs>(start);
        as->pattern = inner;
        as->name = static_cast<Name*>(target)->id;
        return as;
      })) {
    return p;
  }
  if (call_invalid_rules_ && !error_indicator_) {
    int mark = mark_;
    invalid_as_pattern();
    mark_ = mark;
  }
  return nullptr;
}

// or_pattern: '|'.closed_pattern+
Pattern* Parser::or_pattern() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Pattern* {
    ListBuilder<Pattern*> list(this);
    REQ(gather(list, TokenType::Vbar, [&] { return closed_pattern(); }));
    if (list.size() == 1) return list[0];
    auto* or_node = make<MatchOr>(start);
    or_node->patterns = list.finish();
    return or_node;
  });
}

// closed_pattern (memo): literal_pattern | capture_pattern | wildcard_pattern
//     | value_pattern | group_pattern | sequence_pattern | mapping_pattern | class_pattern
Pattern* Parser::closed_pattern() {
  RULE();
  Pattern* result;
  if (memo_get(MemoRule::ClosedPattern, &result)) return result;
  int start_mark = mark_;
  result = alt([&] { return literal_pattern(); });
  if (!result) result = alt([&] { return capture_pattern(); });
  if (!result) result = alt([&] { return wildcard_pattern(); });
  if (!result) result = alt([&] { return value_pattern(); });
  if (!result) result = alt([&] { return group_pattern(); });
  if (!result) result = alt([&] { return sequence_pattern(); });
  if (!result) result = alt([&] { return mapping_pattern(); });
  if (!result) result = alt([&] { return class_pattern(); });
  if (error_indicator_) return nullptr;
  memo_put(MemoRule::ClosedPattern, start_mark, result);
  return result;
}

// literal_pattern:
//     | signed_number !('+' | '-') | complex_number | strings | 'None' | 'True' | 'False'
Pattern* Parser::literal_pattern() {
  RULE();
  Pos start = start_pos();
  auto value = [&](Expr* e) -> Pattern* {
    auto* p = make<MatchValue>(start);
    p->value = e;
    return p;
  };
  if (Pattern* p = alt([&]() -> Pattern* {
        Expr* e = REQ(signed_number());
        if (lookahead(TokenType::Plus) || lookahead(TokenType::Minus)) return nullptr;
        return value(e);
      })) {
    return p;
  }
  if (Pattern* p = alt([&]() -> Pattern* { return value(REQ(complex_number())); })) return p;
  if (Pattern* p = alt([&]() -> Pattern* { return value(REQ(strings())); })) return p;
  auto singleton_pattern = [&](TokenType type, ConstantKind kind) -> Pattern* {
    REQ(expect(type));
    auto* p = make<MatchSingleton>(start);
    p->value.kind = kind;
    return p;
  };
  if (Pattern* p = alt([&] { return singleton_pattern(TokenType::None, ConstantKind::None); })) {
    return p;
  }
  if (Pattern* p = alt([&] { return singleton_pattern(TokenType::True, ConstantKind::True); })) {
    return p;
  }
  return alt([&] { return singleton_pattern(TokenType::False, ConstantKind::False); });
}

// literal_expr:
//     | signed_number !('+' | '-') | complex_number | strings | 'None' | 'True' | 'False'
Expr* Parser::literal_expr() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&]() -> Expr* {
        Expr* n = REQ(signed_number());
        if (lookahead(TokenType::Plus) || lookahead(TokenType::Minus)) return nullptr;
        return n;
      })) {
    return e;
  }
  if (Expr* e = alt([&] { return complex_number(); })) return e;
  if (Expr* e = alt([&] { return strings(); })) return e;
  auto constant = [&](TokenType type, ConstantKind kind) -> Expr* {
    REQ(expect(type));
    auto* c = make<Constant>(start);
    c->value.kind = kind;
    return c;
  };
  if (Expr* e = alt([&] { return constant(TokenType::None, ConstantKind::None); })) return e;
  if (Expr* e = alt([&] { return constant(TokenType::True, ConstantKind::True); })) return e;
  return alt([&] { return constant(TokenType::False, ConstantKind::False); });
}

// complex_number:
//     | signed_real_number '+' imaginary_number | signed_real_number '-' imaginary_number
Expr* Parser::complex_number() {
  RULE();
  Pos start = start_pos();
  for (int minus = 0; minus < 2; ++minus) {
    if (Expr* e = alt([&]() -> Expr* {
          Expr* real = REQ(signed_real_number());
          REQ(expect(minus ? TokenType::Minus : TokenType::Plus));
          Expr* imag = REQ(imaginary_number());
          auto* op = make<BinOp>(start);
          op->left = real;
          op->op = minus ? Operator::Sub : Operator::Add;
          op->right = imag;
          return op;
        })) {
      return e;
    }
  }
  return nullptr;
}

// signed_number: NUMBER | '-' NUMBER
Expr* Parser::signed_number() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&] { return number_token(); })) return e;
  return alt([&]() -> Expr* {
    REQ(expect(TokenType::Minus));
    Expr* n = REQ(number_token());
    auto* op = make<UnaryOp>(start);
    op->op = UnaryOperator::USub;
    op->operand = n;
    return op;
  });
}

// signed_real_number: real_number | '-' real_number
Expr* Parser::signed_real_number() {
  RULE();
  Pos start = start_pos();
  if (Expr* e = alt([&] { return real_number(); })) return e;
  return alt([&]() -> Expr* {
    REQ(expect(TokenType::Minus));
    Expr* n = REQ(real_number());
    auto* op = make<UnaryOp>(start);
    op->op = UnaryOperator::USub;
    op->operand = n;
    return op;
  });
}

// real_number: NUMBER
Expr* Parser::real_number() {
  RULE();
  return alt([&]() -> Expr* { return ensure_real(REQ(number_token())); });
}

// imaginary_number: NUMBER
Expr* Parser::imaginary_number() {
  RULE();
  return alt([&]() -> Expr* { return ensure_imaginary(REQ(number_token())); });
}

// capture_pattern: pattern_capture_target
Pattern* Parser::capture_pattern() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Pattern* {
    Expr* target = REQ(pattern_capture_target());
    auto* as = make<MatchAs>(start);
    as->name = static_cast<Name*>(target)->id;
    return as;
  });
}

// pattern_capture_target: !"_" NAME !('.' | '(' | '=')
Expr* Parser::pattern_capture_target() {
  RULE();
  return alt([&]() -> Expr* {
    {
      int mark = mark_;
      bool underscore = expect_soft_keyword("_") != nullptr;
      mark_ = mark;
      if (underscore || error_indicator_) return nullptr;
    }
    Expr* name = REQ(name_token());
    if (lookahead(TokenType::Dot) || lookahead(TokenType::Lpar) || lookahead(TokenType::Equal)) {
      return nullptr;
    }
    return set_expr_context(name, ExprContext::Store);
  });
}

// wildcard_pattern: "_"
Pattern* Parser::wildcard_pattern() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Pattern* {
    REQ(expect_soft_keyword("_"));
    return make<MatchAs>(start);
  });
}

// value_pattern: attr !('.' | '(' | '=')
Pattern* Parser::value_pattern() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Pattern* {
    Expr* a = REQ(attr());
    if (lookahead(TokenType::Dot) || lookahead(TokenType::Lpar) || lookahead(TokenType::Equal)) {
      return nullptr;
    }
    auto* value = make<MatchValue>(start);
    value->value = a;
    return value;
  });
}

// attr: name_or_attr '.' NAME   (left-recursive together with name_or_attr: a loop)
Expr* Parser::attr() {
  RULE();
  Expr* result;
  if (memo_get(MemoRule::Attr, &result)) return result;
  int start_mark = mark_;
  Pos start = start_pos();
  result = nullptr;
  Expr* current = name_token();
  while (current) {
    int mark = mark_;
    if (!expect(TokenType::Dot)) break;
    Token* name = expect_name_token();
    if (!name) {
      mark_ = mark;
      break;
    }
    auto* a = make<Attribute>(start);
    a->value = current;
    a->attr = name->identifier;
    a->ctx = ExprContext::Load;
    current = result = a;
  }
  if (error_indicator_) return nullptr;
  if (!result) mark_ = start_mark;
  memo_put(MemoRule::Attr, start_mark, result);
  return result;
}

// name_or_attr: attr | NAME
Expr* Parser::name_or_attr() {
  RULE();
  if (Expr* e = alt([&] { return attr(); })) return e;
  return alt([&] { return name_token(); });
}

// group_pattern: '(' pattern ')'
Pattern* Parser::group_pattern() {
  RULE();
  return alt([&]() -> Pattern* {
    REQ(expect(TokenType::Lpar));
    Pattern* p = REQ(pattern());
    REQ(expect(TokenType::Rpar));
    return p;
  });
}

// sequence_pattern: '[' maybe_sequence_pattern? ']' | '(' open_sequence_pattern? ')'
Pattern* Parser::sequence_pattern() {
  RULE();
  Pos start = start_pos();
  if (Pattern* p = alt([&]() -> Pattern* {
        REQ(expect(TokenType::Lsqb));
        auto items = alt([&] { return maybe_sequence_pattern(); });
        if (error_indicator_) return nullptr;
        REQ(expect(TokenType::Rsqb));
        auto* seq_pattern = make<MatchSequence>(start);
        if (items) seq_pattern->patterns = *items;
        return seq_pattern;
      })) {
    return p;
  }
  return alt([&]() -> Pattern* {
    REQ(expect(TokenType::Lpar));
    auto items = alt([&] { return open_sequence_pattern(); });
    if (error_indicator_) return nullptr;
    REQ(expect(TokenType::Rpar));
    auto* seq_pattern = make<MatchSequence>(start);
    if (items) seq_pattern->patterns = *items;
    return seq_pattern;
  });
}

// open_sequence_pattern: maybe_star_pattern ',' maybe_sequence_pattern?
std::optional<Seq<Pattern*>> Parser::open_sequence_pattern() {
  RULE();
  return alt([&]() -> std::optional<Seq<Pattern*>> {
    Pattern* first = REQ(maybe_star_pattern());
    REQ(expect(TokenType::Comma));
    auto rest = alt([&] { return maybe_sequence_pattern(); });
    if (error_indicator_) return std::nullopt;
    return prepend(first, rest ? *rest : Seq<Pattern*>{});
  });
}

// maybe_sequence_pattern: ','.maybe_star_pattern+ ','?
std::optional<Seq<Pattern*>> Parser::maybe_sequence_pattern() {
  RULE();
  return alt([&]() -> std::optional<Seq<Pattern*>> {
    ListBuilder<Pattern*> list(this);
    REQ(gather(list, TokenType::Comma, [&] { return maybe_star_pattern(); }));
    expect(TokenType::Comma);
    return list.finish();
  });
}

// maybe_star_pattern: star_pattern | pattern
Pattern* Parser::maybe_star_pattern() {
  RULE();
  if (Pattern* p = alt([&] { return star_pattern(); })) return p;
  return alt([&] { return pattern(); });
}

// star_pattern (memo): '*' pattern_capture_target | '*' wildcard_pattern
Pattern* Parser::star_pattern() {
  RULE();
  Pattern* result;
  if (memo_get(MemoRule::StarPattern, &result)) return result;
  int start_mark = mark_;
  Pos start = start_pos();
  result = alt([&]() -> Pattern* {
    REQ(expect(TokenType::Star));
    Expr* target = REQ(pattern_capture_target());
    auto* star = make<MatchStar>(start);
    star->name = static_cast<Name*>(target)->id;
    return star;
  });
  if (!result) {
    result = alt([&]() -> Pattern* {
      REQ(expect(TokenType::Star));
      REQ(wildcard_pattern());
      return make<MatchStar>(start);
    });
  }
  if (error_indicator_) return nullptr;
  memo_put(MemoRule::StarPattern, start_mark, result);
  return result;
}

// mapping_pattern:
//     | '{' '}'
//     | '{' double_star_pattern ','? '}'
//     | '{' items_pattern ',' double_star_pattern ','? '}'
//     | '{' items_pattern ','? '}'
Pattern* Parser::mapping_pattern() {
  RULE();
  Pos start = start_pos();
  auto mapping = [&](Seq<KeyPatternPair*>* items, Expr* rest) -> Pattern* {
    auto* m = make<MatchMapping>(start);
    if (items) {
      std::vector<Expr*> keys;
      std::vector<Pattern*> values;
      for (KeyPatternPair* pair : *items) {
        keys.push_back(pair->key);
        values.push_back(pair->pattern);
      }
      m->keys = seq(keys);
      m->patterns = seq(values);
    }
    if (rest) m->rest = static_cast<Name*>(rest)->id;
    return m;
  };
  if (Pattern* p = alt([&]() -> Pattern* {
        REQ(expect(TokenType::Lbrace));
        REQ(expect(TokenType::Rbrace));
        return mapping(nullptr, nullptr);
      })) {
    return p;
  }
  if (Pattern* p = alt([&]() -> Pattern* {
        REQ(expect(TokenType::Lbrace));
        Expr* rest = REQ(double_star_pattern());
        expect(TokenType::Comma);
        REQ(expect(TokenType::Rbrace));
        return mapping(nullptr, rest);
      })) {
    return p;
  }
  if (Pattern* p = alt([&]() -> Pattern* {
        REQ(expect(TokenType::Lbrace));
        Seq<KeyPatternPair*> items = REQ(items_pattern());
        REQ(expect(TokenType::Comma));
        Expr* rest = REQ(double_star_pattern());
        expect(TokenType::Comma);
        REQ(expect(TokenType::Rbrace));
        return mapping(&items, rest);
      })) {
    return p;
  }
  return alt([&]() -> Pattern* {
    REQ(expect(TokenType::Lbrace));
    Seq<KeyPatternPair*> items = REQ(items_pattern());
    expect(TokenType::Comma);
    REQ(expect(TokenType::Rbrace));
    return mapping(&items, nullptr);
  });
}

// items_pattern: ','.key_value_pattern+
std::optional<Seq<KeyPatternPair*>> Parser::items_pattern() {
  RULE();
  return alt([&]() -> std::optional<Seq<KeyPatternPair*>> {
    ListBuilder<KeyPatternPair*> list(this);
    REQ(gather(list, TokenType::Comma, [&] { return key_value_pattern(); }));
    return list.finish();
  });
}

// key_value_pattern: (literal_expr | attr) ':' pattern
KeyPatternPair* Parser::key_value_pattern() {
  RULE();
  return alt([&]() -> KeyPatternPair* {
    Expr* key = alt([&] { return literal_expr(); });
    if (!key) key = alt([&] { return attr(); });
    if (!key) return nullptr;
    REQ(expect(TokenType::Colon));
    Pattern* value = REQ(pattern());
    auto* pair = arena_.make<KeyPatternPair>();
    pair->key = key;
    pair->pattern = value;
    return pair;
  });
}

// double_star_pattern: '**' pattern_capture_target
Expr* Parser::double_star_pattern() {
  RULE();
  return alt([&]() -> Expr* {
    REQ(expect(TokenType::DoubleStar));
    return pattern_capture_target();
  });
}

Pattern* Parser::make_match_class(Expr* cls, Seq<Pattern*> positional,
                                  Seq<KeyPatternPair*> keywords, Pos start) {
  auto* m = make<MatchClass>(start);
  m->cls = cls;
  m->patterns = positional;
  std::vector<Identifier> attrs;
  std::vector<Pattern*> values;
  for (KeyPatternPair* pair : keywords) {
    attrs.push_back(static_cast<Name*>(pair->key)->id);
    values.push_back(pair->pattern);
  }
  m->kwd_attrs = Seq<Identifier>::copy_of(arena_, attrs);
  m->kwd_patterns = seq(values);
  return m;
}

// class_pattern:
//     | name_or_attr '(' ')'
//     | name_or_attr '(' positional_patterns ','? ')'
//     | name_or_attr '(' keyword_patterns ','? ')'
//     | name_or_attr '(' positional_patterns ',' keyword_patterns ','? ')'
//     | invalid_class_pattern
Pattern* Parser::class_pattern() {
  RULE();
  Pos start = start_pos();
  if (Pattern* p = alt([&]() -> Pattern* {
        Expr* cls = REQ(name_or_attr());
        REQ(expect(TokenType::Lpar));
        REQ(expect(TokenType::Rpar));
        return make_match_class(cls, {}, {}, start);
      })) {
    return p;
  }
  if (Pattern* p = alt([&]() -> Pattern* {
        Expr* cls = REQ(name_or_attr());
        REQ(expect(TokenType::Lpar));
        Seq<Pattern*> positional = REQ(positional_patterns());
        expect(TokenType::Comma);
        REQ(expect(TokenType::Rpar));
        return make_match_class(cls, positional, {}, start);
      })) {
    return p;
  }
  if (Pattern* p = alt([&]() -> Pattern* {
        Expr* cls = REQ(name_or_attr());
        REQ(expect(TokenType::Lpar));
        Seq<KeyPatternPair*> keywords = REQ(keyword_patterns());
        expect(TokenType::Comma);
        REQ(expect(TokenType::Rpar));
        return make_match_class(cls, {}, keywords, start);
      })) {
    return p;
  }
  if (Pattern* p = alt([&]() -> Pattern* {
        Expr* cls = REQ(name_or_attr());
        REQ(expect(TokenType::Lpar));
        Seq<Pattern*> positional = REQ(positional_patterns());
        REQ(expect(TokenType::Comma));
        Seq<KeyPatternPair*> keywords = REQ(keyword_patterns());
        expect(TokenType::Comma);
        REQ(expect(TokenType::Rpar));
        return make_match_class(cls, positional, keywords, start);
      })) {
    return p;
  }
  if (call_invalid_rules_ && !error_indicator_) {
    int mark = mark_;
    invalid_class_pattern();
    mark_ = mark;
  }
  return nullptr;
}

// positional_patterns: ','.pattern+
std::optional<Seq<Pattern*>> Parser::positional_patterns() {
  RULE();
  return alt([&]() -> std::optional<Seq<Pattern*>> {
    ListBuilder<Pattern*> list(this);
    REQ(gather(list, TokenType::Comma, [&] { return pattern(); }));
    return list.finish();
  });
}

// keyword_patterns: ','.keyword_pattern+
std::optional<Seq<KeyPatternPair*>> Parser::keyword_patterns() {
  RULE();
  return alt([&]() -> std::optional<Seq<KeyPatternPair*>> {
    ListBuilder<KeyPatternPair*> list(this);
    REQ(gather(list, TokenType::Comma, [&] { return keyword_pattern(); }));
    return list.finish();
  });
}

// keyword_pattern: NAME '=' pattern
KeyPatternPair* Parser::keyword_pattern() {
  RULE();
  return alt([&]() -> KeyPatternPair* {
    Expr* name = REQ(name_token());
    REQ(expect(TokenType::Equal));
    Pattern* value = REQ(pattern());
    auto* pair = arena_.make<KeyPatternPair>();
    pair->key = name;
    pair->pattern = value;
    return pair;
  });
}

}  // namespace krait::parse
