// Grammar rules for the start symbols, statements, blocks, function and class definitions
// and parameters (Python 3.11 grammar, in its order; the match statement is in
// parser_match.cpp). Each method is one rule; the comment above it is the rule as the
// grammar states it.
#include "parse/parser_internal.h"

namespace krait::parse {

// --- start rules ------------------------------------------------------------------------

// file: [statements] ENDMARKER
Mod* Parser::file() {
  RULE();
  return alt([&]() -> Mod* {
    auto body = statements();
    if (error_indicator_) return nullptr;
    REQ(expect(TokenType::EndMarker));
    auto* module = make_node<Module>(arena_);
    if (body) module->body = *body;
    std::vector<TypeIgnoreBase*> ignores;
    for (const TypeIgnoreComment& comment : type_ignores_) {
      auto* ignore = make_node<TypeIgnore>(arena_);
      ignore->lineno = comment.lineno;
      ignore->tag = arena_.copy(comment.tag);
      ignores.push_back(ignore);
    }
    module->type_ignores = seq(ignores);
    return module;
  });
}

// interactive: statement_newline
Mod* Parser::interactive() {
  RULE();
  return alt([&]() -> Mod* {
    Seq<Stmt*> body = REQ(statement_newline());
    auto* mod = make_node<Interactive>(arena_);
    mod->body = body;
    return mod;
  });
}

// eval: expressions NEWLINE* ENDMARKER
Mod* Parser::eval() {
  RULE();
  return alt([&]() -> Mod* {
    Expr* body = REQ(expressions());
    while (expect(TokenType::Newline)) {
    }
    if (error_indicator_) return nullptr;
    REQ(expect(TokenType::EndMarker));
    auto* mod = make_node<Expression>(arena_);
    mod->body = body;
    return mod;
  });
}

// func_type: '(' [type_expressions] ')' '->' expression NEWLINE* ENDMARKER
Mod* Parser::func_type() {
  RULE();
  return alt([&]() -> Mod* {
    REQ(expect(TokenType::Lpar));
    auto argtypes = type_expressions();
    if (error_indicator_) return nullptr;
    REQ(expect(TokenType::Rpar));
    REQ(expect(TokenType::Rarrow));
    Expr* returns = REQ(expression());
    while (expect(TokenType::Newline)) {
    }
    if (error_indicator_) return nullptr;
    REQ(expect(TokenType::EndMarker));
    auto* mod = make_node<FunctionType>(arena_);
    if (argtypes) mod->argtypes = *argtypes;
    mod->returns = returns;
    return mod;
  });
}

// fstring: star_expressions
Expr* Parser::fstring() {
  RULE();
  return star_expressions();
}

// --- statements ---------------------------------------------------------------------------

// statements: statement+
std::optional<Seq<Stmt*>> Parser::statements() {
  RULE();
  ListBuilder<Stmt*> list(this);
  for (;;) {
    int mark = mark_;
    auto s = statement();
    if (!s) {
      mark_ = mark;
      break;
    }
    for (Stmt* stmt : *s) list.push(stmt);
  }
  if (error_indicator_ || list.empty()) return std::nullopt;
  return list.finish();
}

// statement: compound_stmt | simple_stmts
std::optional<Seq<Stmt*>> Parser::statement() {
  RULE();
  if (Stmt* s = alt([&] { return compound_stmt(); })) return singleton(s);
  return alt([&] { return simple_stmts(); });
}

// statement_newline: compound_stmt NEWLINE | simple_stmts | NEWLINE | ENDMARKER
std::optional<Seq<Stmt*>> Parser::statement_newline() {
  RULE();
  Pos start = start_pos();
  if (auto r = alt([&]() -> std::optional<Seq<Stmt*>> {
        Stmt* s = REQ(compound_stmt());
        REQ(expect(TokenType::Newline));
        return singleton(s);
      })) {
    return r;
  }
  if (auto r = alt([&] { return simple_stmts(); })) return r;
  if (auto r = alt([&]() -> std::optional<Seq<Stmt*>> {
        REQ(expect(TokenType::Newline));
        return singleton<Stmt*>(make<Pass>(start));
      })) {
    return r;
  }
  // ENDMARKER: the interactive input ended (CPython reports E_EOF and fails).
  alt([&]() -> Token* {
    REQ(expect(TokenType::EndMarker));
    return nullptr;
  });
  return std::nullopt;
}

// simple_stmts: simple_stmt !';' NEWLINE | ';'.simple_stmt+ [';'] NEWLINE
std::optional<Seq<Stmt*>> Parser::simple_stmts() {
  RULE();
  if (auto r = alt([&]() -> std::optional<Seq<Stmt*>> {
        Stmt* s = REQ(simple_stmt());
        if (lookahead(TokenType::Semi)) return std::nullopt;
        REQ(expect(TokenType::Newline));
        return singleton(s);
      })) {
    return r;
  }
  return alt([&]() -> std::optional<Seq<Stmt*>> {
    ListBuilder<Stmt*> list(this);
    REQ(gather(list, TokenType::Semi, [&] { return simple_stmt(); }));
    expect(TokenType::Semi);
    REQ(expect(TokenType::Newline));
    return list.finish();
  });
}

// simple_stmt (memo):
//     | assignment | star_expressions | &'return' return_stmt | &('import' | 'from') import_stmt
//     | &'raise' raise_stmt | 'pass' | &'del' del_stmt | &'yield' yield_stmt
//     | &'assert' assert_stmt | 'break' | 'continue' | &'global' global_stmt
//     | &'nonlocal' nonlocal_stmt
Stmt* Parser::simple_stmt() {
  RULE();
  Stmt* result;
  if (memo_get(MemoRule::SimpleStmt, &result)) return result;
  int start_mark = mark_;
  Pos start = start_pos();
  result = [&]() -> Stmt* {
    if (Stmt* s = alt([&] { return assignment(); })) return s;
    if (Stmt* s = alt([&]() -> Stmt* {
          Expr* e = REQ(star_expressions());
          auto* stmt = make<ExprStmt>(start);
          stmt->value = e;
          return stmt;
        })) {
      return s;
    }
    if (error_indicator_) return nullptr;
    switch (Token* t = token_at_mark(); t ? t->type : TokenType::ErrorToken) {
      case TokenType::Return: return alt([&] { return return_stmt(); });
      case TokenType::Import:
      case TokenType::From: return alt([&] { return import_stmt(); });
      case TokenType::Raise: return alt([&] { return raise_stmt(); });
      case TokenType::Pass:
        ++mark_;
        return make<Pass>(start);
      case TokenType::Del: return alt([&] { return del_stmt(); });
      case TokenType::Yield: return alt([&] { return yield_stmt(); });
      case TokenType::Assert: return alt([&] { return assert_stmt(); });
      case TokenType::Break:
        ++mark_;
        return make<Break>(start);
      case TokenType::Continue:
        ++mark_;
        return make<Continue>(start);
      case TokenType::Global: return alt([&] { return global_stmt(); });
      case TokenType::Nonlocal: return alt([&] { return nonlocal_stmt(); });
      default: return nullptr;
    }
  }();
  if (error_indicator_) return nullptr;
  memo_put(MemoRule::SimpleStmt, start_mark, result);
  return result;
}

// compound_stmt:
//     | &('def' | '@' | ASYNC) function_def | &'if' if_stmt | &('class' | '@') class_def
//     | &('with' | ASYNC) with_stmt | &('for' | ASYNC) for_stmt | &'try' try_stmt
//     | &'while' while_stmt | match_stmt
Stmt* Parser::compound_stmt() {
  RULE();
  Token* t = token_at_mark();
  if (!t) return nullptr;
  TokenType type = t->type;
  if (type == TokenType::Def || type == TokenType::At || type == TokenType::Async) {
    if (Stmt* s = alt([&] { return function_def(); })) return s;
  }
  if (type == TokenType::If) {
    if (Stmt* s = alt([&] { return if_stmt(); })) return s;
  }
  if (type == TokenType::Class || type == TokenType::At) {
    if (Stmt* s = alt([&] { return class_def(); })) return s;
  }
  if (type == TokenType::With || type == TokenType::Async) {
    if (Stmt* s = alt([&] { return with_stmt(); })) return s;
  }
  if (type == TokenType::For || type == TokenType::Async) {
    if (Stmt* s = alt([&] { return for_stmt(); })) return s;
  }
  if (type == TokenType::Try) {
    if (Stmt* s = alt([&] { return try_stmt(); })) return s;
  }
  if (type == TokenType::While) {
    if (Stmt* s = alt([&] { return while_stmt(); })) return s;
  }
  return alt([&] { return match_stmt(); });
}

// assignment:
//     | NAME ':' expression ['=' annotated_rhs]
//     | ('(' single_target ')' | single_subscript_attribute_target) ':' expression
//       ['=' annotated_rhs]
//     | (star_targets '=')+ (yield_expr | star_expressions) !'=' [TYPE_COMMENT]
//     | single_target augassign ~ (yield_expr | star_expressions)
//     | invalid_assignment
Stmt* Parser::assignment() {
  RULE();
  Pos start = start_pos();
  auto optional_value = [&]() -> Expr* {
    int mark = mark_;
    if (expect(TokenType::Equal)) {
      if (Expr* v = annotated_rhs()) return v;
    }
    mark_ = mark;
    return nullptr;
  };
  if (Stmt* s = alt([&]() -> Stmt* {
        Expr* target = REQ(name_token());
        REQ(expect(TokenType::Colon));
        Expr* annotation = REQ(expression());
        Expr* value = optional_value();
        if (error_indicator_) return nullptr;
        auto* stmt = make<AnnAssign>(start);
        stmt->target = set_expr_context(target, ExprContext::Store);
        stmt->annotation = annotation;
        stmt->value = value;
        stmt->simple = 1;
        return check_version(6, "Variable annotation syntax is", stmt);
      })) {
    return s;
  }
  if (Stmt* s = alt([&]() -> Stmt* {
        Expr* target = alt([&]() -> Expr* {
          REQ(expect(TokenType::Lpar));
          Expr* t = REQ(single_target());
          REQ(expect(TokenType::Rpar));
          return t;
        });
        if (!target) target = alt([&] { return single_subscript_attribute_target(); });
        if (!target) return nullptr;
        REQ(expect(TokenType::Colon));
        Expr* annotation = REQ(expression());
        Expr* value = optional_value();
        if (error_indicator_) return nullptr;
        auto* stmt = make<AnnAssign>(start);
        stmt->target = target;
        stmt->annotation = annotation;
        stmt->value = value;
        stmt->simple = 0;
        return check_version(6, "Variable annotation syntax is", stmt);
      })) {
    return s;
  }
  if (Stmt* s = alt([&]() -> Stmt* {
        ListBuilder<Expr*> targets(this);
        REQ(repeat(targets, [&]() -> Expr* {
          Expr* t = REQ(star_targets());
          REQ(expect(TokenType::Equal));
          return t;
        }));
        if (targets.empty()) return nullptr;
        Expr* value = alt([&] { return yield_expr(); });
        if (!value) value = alt([&] { return star_expressions(); });
        if (!value) return nullptr;
        if (lookahead(TokenType::Equal)) return nullptr;
        Token* type_comment = optional_type_comment();
        if (error_indicator_) return nullptr;
        auto* stmt = make<Assign>(start);
        stmt->targets = targets.finish();
        stmt->value = value;
        stmt->type_comment = type_comment_text(type_comment);
        return stmt;
      })) {
    return s;
  }
  bool cut = false;
  if (Stmt* s = alt([&]() -> Stmt* {
        Expr* target = REQ(single_target());
        Operator op;
        REQ(augassign(&op));
        cut = true;
        Expr* value = alt([&] { return yield_expr(); });
        if (!value) value = alt([&] { return star_expressions(); });
        if (!value) return nullptr;
        auto* stmt = make<AugAssign>(start);
        stmt->target = target;
        stmt->op = op;
        stmt->value = value;
        return stmt;
      })) {
    return s;
  }
  if (cut || error_indicator_) return nullptr;
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_assignment();
    mark_ = mark;
  }
  return nullptr;
}

// annotated_rhs: yield_expr | star_expressions
Expr* Parser::annotated_rhs() {
  RULE();
  if (Expr* e = alt([&] { return yield_expr(); })) return e;
  return alt([&] { return star_expressions(); });
}

// augassign: '+=' | '-=' | '*=' | '@=' | '/=' | '%=' | '&=' | '|=' | '^=' | '<<=' | '>>='
//     | '**=' | '//='
bool Parser::augassign(Operator* op) {
  RULE();
  Token* t = token_at_mark();
  if (!t) return false;
  switch (t->type) {
    case TokenType::PlusEqual: *op = Operator::Add; break;
    case TokenType::MinEqual: *op = Operator::Sub; break;
    case TokenType::StarEqual: *op = Operator::Mult; break;
    case TokenType::AtEqual: *op = Operator::MatMult; break;
    case TokenType::SlashEqual: *op = Operator::Div; break;
    case TokenType::PercentEqual: *op = Operator::Mod; break;
    case TokenType::AmperEqual: *op = Operator::BitAnd; break;
    case TokenType::VbarEqual: *op = Operator::BitOr; break;
    case TokenType::CircumflexEqual: *op = Operator::BitXor; break;
    case TokenType::LeftShiftEqual: *op = Operator::LShift; break;
    case TokenType::RightShiftEqual: *op = Operator::RShift; break;
    case TokenType::DoubleStarEqual: *op = Operator::Pow; break;
    case TokenType::DoubleSlashEqual: *op = Operator::FloorDiv; break;
    default: return false;
  }
  ++mark_;
  if (*op == Operator::MatMult && feature_version_below(5)) {
    raise_syntax_error("The '@' operator is only supported in Python 3.5 and greater");
    return false;
  }
  return true;
}

// return_stmt: 'return' [star_expressions]
Stmt* Parser::return_stmt() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Stmt* {
    REQ(expect(TokenType::Return));
    Expr* value = alt([&] { return star_expressions(); });
    if (error_indicator_) return nullptr;
    auto* stmt = make<Return>(start);
    stmt->value = value;
    return stmt;
  });
}

// raise_stmt: 'raise' expression ['from' expression] | 'raise'
Stmt* Parser::raise_stmt() {
  RULE();
  Pos start = start_pos();
  if (Stmt* s = alt([&]() -> Stmt* {
        REQ(expect(TokenType::Raise));
        Expr* exc = REQ(expression());
        Expr* cause = alt([&]() -> Expr* {
          REQ(expect(TokenType::From));
          return expression();
        });
        if (error_indicator_) return nullptr;
        auto* stmt = make<Raise>(start);
        stmt->exc = exc;
        stmt->cause = cause;
        return stmt;
      })) {
    return s;
  }
  return alt([&]() -> Stmt* {
    REQ(expect(TokenType::Raise));
    return make<Raise>(start);
  });
}

// global_stmt: 'global' ','.NAME+
Stmt* Parser::global_stmt() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Stmt* {
    REQ(expect(TokenType::Global));
    ListBuilder<Token*> names(this);
    REQ(gather(names, TokenType::Comma, [&] { return expect_name_token(); }));
    std::vector<Identifier> ids;
    for (size_t i = 0; i < names.size(); ++i) ids.push_back(names[i]->identifier);
    auto* stmt = make<Global>(start);
    stmt->names = Seq<Identifier>::copy_of(arena_, ids);
    return stmt;
  });
}

// nonlocal_stmt: 'nonlocal' ','.NAME+
Stmt* Parser::nonlocal_stmt() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Stmt* {
    REQ(expect(TokenType::Nonlocal));
    ListBuilder<Token*> names(this);
    REQ(gather(names, TokenType::Comma, [&] { return expect_name_token(); }));
    std::vector<Identifier> ids;
    for (size_t i = 0; i < names.size(); ++i) ids.push_back(names[i]->identifier);
    auto* stmt = make<Nonlocal>(start);
    stmt->names = Seq<Identifier>::copy_of(arena_, ids);
    return stmt;
  });
}

// del_stmt: 'del' del_targets &(';' | NEWLINE) | invalid_del_stmt
Stmt* Parser::del_stmt() {
  RULE();
  Pos start = start_pos();
  if (Stmt* s = alt([&]() -> Stmt* {
        REQ(expect(TokenType::Del));
        Seq<Expr*> targets = REQ(del_targets());
        if (!lookahead(TokenType::Semi) && !lookahead(TokenType::Newline)) return nullptr;
        auto* stmt = make<Delete>(start);
        stmt->targets = targets;
        return stmt;
      })) {
    return s;
  }
  if (call_invalid_rules_ && !error_indicator_) {
    int mark = mark_;
    invalid_del_stmt();
    mark_ = mark;
  }
  return nullptr;
}

// yield_stmt: yield_expr
Stmt* Parser::yield_stmt() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Stmt* {
    Expr* e = REQ(yield_expr());
    auto* stmt = make<ExprStmt>(start);
    stmt->value = e;
    return stmt;
  });
}

// assert_stmt: 'assert' expression [',' expression]
Stmt* Parser::assert_stmt() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Stmt* {
    REQ(expect(TokenType::Assert));
    Expr* test = REQ(expression());
    Expr* msg = alt([&]() -> Expr* {
      REQ(expect(TokenType::Comma));
      return expression();
    });
    if (error_indicator_) return nullptr;
    auto* stmt = make<Assert>(start);
    stmt->test = test;
    stmt->msg = msg;
    return stmt;
  });
}

// import_stmt: import_name | import_from
Stmt* Parser::import_stmt() {
  RULE();
  if (Stmt* s = alt([&] { return import_name(); })) return s;
  return alt([&] { return import_from(); });
}

// import_name: 'import' dotted_as_names
Stmt* Parser::import_name() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Stmt* {
    REQ(expect(TokenType::Import));
    Seq<Alias*> names = REQ(dotted_as_names());
    auto* stmt = make<Import>(start);
    stmt->names = names;
    return stmt;
  });
}

// import_from:
//     | 'from' ('.' | '...')* dotted_name 'import' import_from_targets
//     | 'from' ('.' | '...')+ 'import' import_from_targets
Stmt* Parser::import_from() {
  RULE();
  Pos start = start_pos();
  auto dots = [&](std::vector<Token*>* out) {
    for (;;) {
      Token* t = expect(TokenType::Dot);
      if (!t) t = expect(TokenType::Ellipsis);
      if (!t) break;
      out->push_back(t);
    }
  };
  if (Stmt* s = alt([&]() -> Stmt* {
        REQ(expect(TokenType::From));
        std::vector<Token*> level;
        dots(&level);
        if (error_indicator_) return nullptr;
        Expr* module = REQ(dotted_name());
        REQ(expect(TokenType::Import));
        Seq<Alias*> names = REQ(import_from_targets());
        auto* stmt = make<ImportFrom>(start);
        stmt->module = static_cast<Name*>(module)->id;
        stmt->names = names;
        stmt->level = count_dots(level);
        return stmt;
      })) {
    return s;
  }
  return alt([&]() -> Stmt* {
    REQ(expect(TokenType::From));
    std::vector<Token*> level;
    dots(&level);
    if (error_indicator_ || level.empty()) return nullptr;
    REQ(expect(TokenType::Import));
    Seq<Alias*> names = REQ(import_from_targets());
    auto* stmt = make<ImportFrom>(start);
    stmt->names = names;
    stmt->level = count_dots(level);
    return stmt;
  });
}

// import_from_targets:
//     | '(' import_from_as_names [','] ')' | import_from_as_names !',' | '*'
//     | invalid_import_from_targets
std::optional<Seq<Alias*>> Parser::import_from_targets() {
  RULE();
  Pos start = start_pos();
  if (auto r = alt([&]() -> std::optional<Seq<Alias*>> {
        REQ(expect(TokenType::Lpar));
        Seq<Alias*> names = REQ(import_from_as_names());
        expect(TokenType::Comma);
        REQ(expect(TokenType::Rpar));
        return names;
      })) {
    return r;
  }
  if (auto r = alt([&]() -> std::optional<Seq<Alias*>> {
        Seq<Alias*> names = REQ(import_from_as_names());
        if (lookahead(TokenType::Comma)) return std::nullopt;
        return names;
      })) {
    return r;
  }
  if (auto r = alt([&]() -> std::optional<Seq<Alias*>> {
        REQ(expect(TokenType::Star));
        return singleton(alias_for_star(start));
      })) {
    return r;
  }
  if (call_invalid_rules_ && !error_indicator_) {
    int mark = mark_;
    invalid_import_from_targets();
    mark_ = mark;
  }
  return std::nullopt;
}

// import_from_as_names: ','.import_from_as_name+
std::optional<Seq<Alias*>> Parser::import_from_as_names() {
  RULE();
  return alt([&]() -> std::optional<Seq<Alias*>> {
    ListBuilder<Alias*> list(this);
    REQ(gather(list, TokenType::Comma, [&] { return import_from_as_name(); }));
    return list.finish();
  });
}

// import_from_as_name: NAME ['as' NAME]
Alias* Parser::import_from_as_name() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Alias* {
    Token* name = REQ(expect_name_token());
    Token* asname = alt([&]() -> Token* {
      REQ(expect(TokenType::As));
      return expect_name_token();
    });
    if (error_indicator_) return nullptr;
    auto* alias = make<Alias>(start);
    alias->name = name->identifier;
    if (asname) alias->asname = asname->identifier;
    return alias;
  });
}

// dotted_as_names: ','.dotted_as_name+
std::optional<Seq<Alias*>> Parser::dotted_as_names() {
  RULE();
  return alt([&]() -> std::optional<Seq<Alias*>> {
    ListBuilder<Alias*> list(this);
    REQ(gather(list, TokenType::Comma, [&] { return dotted_as_name(); }));
    return list.finish();
  });
}

// dotted_as_name: dotted_name ['as' NAME]
Alias* Parser::dotted_as_name() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Alias* {
    Expr* name = REQ(dotted_name());
    Token* asname = alt([&]() -> Token* {
      REQ(expect(TokenType::As));
      return expect_name_token();
    });
    if (error_indicator_) return nullptr;
    auto* alias = make<Alias>(start);
    alias->name = static_cast<Name*>(name)->id;
    if (asname) alias->asname = asname->identifier;
    return alias;
  });
}

// dotted_name: dotted_name '.' NAME | NAME   (left-recursive: a loop)
Expr* Parser::dotted_name() {
  RULE();
  Expr* result;
  if (memo_get(MemoRule::DottedName, &result)) return result;
  int start_mark = mark_;
  result = name_token();
  while (result) {
    int mark = mark_;
    if (!expect(TokenType::Dot)) break;
    Expr* next = name_token();
    if (!next) {
      mark_ = mark;
      break;
    }
    result = join_names_with_dot(result, next);
  }
  if (error_indicator_) return nullptr;
  if (!result) mark_ = start_mark;
  memo_put(MemoRule::DottedName, start_mark, result);
  return result;
}

// --- blocks and definitions ---------------------------------------------------------------

// block (memo): NEWLINE INDENT statements DEDENT | simple_stmts | invalid_block
std::optional<Seq<Stmt*>> Parser::block() {
  RULE();
  StmtSeq* memo;
  if (memo_get(MemoRule::Block, &memo)) {
    if (!memo) return std::nullopt;
    return memo->items;
  }
  int start_mark = mark_;
  auto result = [&]() -> std::optional<Seq<Stmt*>> {
    if (auto r = alt([&]() -> std::optional<Seq<Stmt*>> {
          REQ(expect(TokenType::Newline));
          REQ(expect(TokenType::Indent));
          Seq<Stmt*> body = REQ(statements());
          REQ(expect(TokenType::Dedent));
          return body;
        })) {
      return r;
    }
    if (auto r = alt([&] { return simple_stmts(); })) return r;
    if (call_invalid_rules_ && !error_indicator_) {
      int mark = mark_;
      invalid_block();
      mark_ = mark;
    }
    return std::nullopt;
  }();
  if (error_indicator_) return std::nullopt;
  StmtSeq* stored = nullptr;
  if (result) {
    stored = arena_.make<StmtSeq>();
    stored->items = *result;
  }
  memo_put(MemoRule::Block, start_mark, stored);
  return result;
}

// decorators: ('@' named_expression NEWLINE)+
std::optional<Seq<Expr*>> Parser::decorators() {
  RULE();
  return alt([&]() -> std::optional<Seq<Expr*>> {
    ListBuilder<Expr*> list(this);
    REQ(repeat(list, [&]() -> Expr* {
      REQ(expect(TokenType::At));
      Expr* e = REQ(named_expression());
      REQ(expect(TokenType::Newline));
      return e;
    }));
    if (list.empty()) return std::nullopt;
    return list.finish();
  });
}

// class_def: decorators class_def_raw | class_def_raw
Stmt* Parser::class_def() {
  RULE();
  if (Stmt* s = alt([&]() -> Stmt* {
        Seq<Expr*> decorators_list = REQ(decorators());
        Stmt* def = REQ(class_def_raw());
        return class_def_decorators(decorators_list, def);
      })) {
    return s;
  }
  return alt([&] { return class_def_raw(); });
}

// class_def_raw: invalid_class_def_raw | 'class' NAME ['(' [arguments] ')'] ':' block
Stmt* Parser::class_def_raw() {
  RULE();
  Pos start = start_pos();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_class_def_raw();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  return alt([&]() -> Stmt* {
    REQ(expect(TokenType::Class));
    Token* name = REQ(expect_name_token());
    Expr* bases = alt([&]() -> Expr* {
      REQ(expect(TokenType::Lpar));
      Expr* args = alt([&] { return arguments(); });
      if (error_indicator_) return nullptr;
      REQ(expect(TokenType::Rpar));
      // A Call whose func is unused; an empty one when there are no arguments.
      return args ? args : make_node<Call>(arena_);
    });
    if (error_indicator_) return nullptr;
    REQ(expect(TokenType::Colon));
    Seq<Stmt*> body = REQ(block());
    auto* stmt = make<ClassDef>(start);
    stmt->name = name->identifier;
    if (bases) {
      stmt->bases = static_cast<Call*>(bases)->args;
      stmt->keywords = static_cast<Call*>(bases)->keywords;
    }
    stmt->body = body;
    return stmt;
  });
}

// function_def: decorators function_def_raw | function_def_raw
Stmt* Parser::function_def() {
  RULE();
  if (Stmt* s = alt([&]() -> Stmt* {
        Seq<Expr*> decorators_list = REQ(decorators());
        Stmt* def = REQ(function_def_raw());
        return function_def_decorators(decorators_list, def);
      })) {
    return s;
  }
  return alt([&] { return function_def_raw(); });
}

// function_def_raw:
//     | invalid_def_raw
//     | 'def' NAME &&'(' [params] ')' ['->' expression] &&':' [func_type_comment] block
//     | ASYNC 'def' NAME &&'(' [params] ')' ['->' expression] &&':' [func_type_comment] block
Stmt* Parser::function_def_raw() {
  RULE();
  Pos start = start_pos();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_def_raw();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  auto definition = [&](bool is_async) -> Stmt* {
    if (is_async) REQ(expect(TokenType::Async));
    REQ(expect(TokenType::Def));
    Token* name = REQ(expect_name_token());
    REQ(expect_forced(TokenType::Lpar, "("));
    Arguments* args = alt([&] { return params(); });
    if (error_indicator_) return nullptr;
    REQ(expect(TokenType::Rpar));
    Expr* returns = alt([&]() -> Expr* {
      REQ(expect(TokenType::Rarrow));
      return expression();
    });
    if (error_indicator_) return nullptr;
    REQ(expect_forced(TokenType::Colon, ":"));
    Token* type_comment = alt([&] { return func_type_comment(); });
    if (error_indicator_) return nullptr;
    Seq<Stmt*> body = REQ(block());
    if (!args) args = empty_arguments();
    if (is_async) {
      auto* stmt = make<AsyncFunctionDef>(start);
      stmt->name = name->identifier;
      stmt->args = args;
      stmt->body = body;
      stmt->returns = returns;
      stmt->type_comment = type_comment_text(type_comment);
      return check_version(5, "Async functions are", stmt);
    }
    auto* stmt = make<FunctionDef>(start);
    stmt->name = name->identifier;
    stmt->args = args;
    stmt->body = body;
    stmt->returns = returns;
    stmt->type_comment = type_comment_text(type_comment);
    return stmt;
  };
  if (Stmt* s = alt([&] { return definition(false); })) return s;
  return alt([&] { return definition(true); });
}

// func_type_comment:
//     | NEWLINE TYPE_COMMENT &(NEWLINE INDENT) | invalid_double_type_comments | TYPE_COMMENT
Token* Parser::func_type_comment() {
  RULE();
  if (Token* t = alt([&]() -> Token* {
        REQ(expect(TokenType::Newline));
        Token* comment = REQ(expect(TokenType::TypeComment));
        int mark = mark_;
        bool followed = expect(TokenType::Newline) && expect(TokenType::Indent);
        mark_ = mark;
        return followed ? comment : nullptr;
      })) {
    return t;
  }
  if (call_invalid_rules_ && !error_indicator_) {
    int mark = mark_;
    invalid_double_type_comments();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  return optional_type_comment();
}

// --- parameters ---------------------------------------------------------------------------

// params: invalid_parameters | parameters
Arguments* Parser::params() {
  RULE();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_parameters();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  return alt([&] { return parameters(); });
}

// parameters:
//     | slash_no_default param_no_default* param_with_default* [star_etc]
//     | slash_with_default param_with_default* [star_etc]
//     | param_no_default+ param_with_default* [star_etc]
//     | param_with_default+ [star_etc]
//     | star_etc
Arguments* Parser::parameters() {
  RULE();
  if (Arguments* a = alt([&]() -> Arguments* {
        Seq<Arg*> slash = REQ(slash_no_default());
        ListBuilder<Arg*> plain(this);
        REQ(repeat(plain, [&] { return param_no_default(); }));
        Seq<Arg*> plain_seq = plain.finish();
        ListBuilder<NameDefaultPair*> with_default(this);
        REQ(repeat(with_default, [&] { return param_with_default(); }));
        Seq<NameDefaultPair*> defaults = with_default.finish();
        StarEtc* star = alt([&] { return star_etc(); });
        if (error_indicator_) return nullptr;
        return check_version(8, "Positional-only parameters are",
                             make_arguments(&slash, nullptr, &plain_seq, &defaults, star));
      })) {
    return a;
  }
  if (Arguments* a = alt([&]() -> Arguments* {
        SlashWithDefault* slash = REQ(slash_with_default());
        ListBuilder<NameDefaultPair*> with_default(this);
        REQ(repeat(with_default, [&] { return param_with_default(); }));
        Seq<NameDefaultPair*> defaults = with_default.finish();
        StarEtc* star = alt([&] { return star_etc(); });
        if (error_indicator_) return nullptr;
        return check_version(8, "Positional-only parameters are",
                             make_arguments(nullptr, slash, nullptr, &defaults, star));
      })) {
    return a;
  }
  if (Arguments* a = alt([&]() -> Arguments* {
        ListBuilder<Arg*> plain(this);
        REQ(repeat(plain, [&] { return param_no_default(); }));
        if (plain.empty()) return nullptr;
        Seq<Arg*> plain_seq = plain.finish();
        ListBuilder<NameDefaultPair*> with_default(this);
        REQ(repeat(with_default, [&] { return param_with_default(); }));
        Seq<NameDefaultPair*> defaults = with_default.finish();
        StarEtc* star = alt([&] { return star_etc(); });
        if (error_indicator_) return nullptr;
        return make_arguments(nullptr, nullptr, &plain_seq, &defaults, star);
      })) {
    return a;
  }
  if (Arguments* a = alt([&]() -> Arguments* {
        ListBuilder<NameDefaultPair*> with_default(this);
        REQ(repeat(with_default, [&] { return param_with_default(); }));
        if (with_default.empty()) return nullptr;
        Seq<NameDefaultPair*> defaults = with_default.finish();
        StarEtc* star = alt([&] { return star_etc(); });
        if (error_indicator_) return nullptr;
        return make_arguments(nullptr, nullptr, nullptr, &defaults, star);
      })) {
    return a;
  }
  return alt([&]() -> Arguments* {
    StarEtc* star = REQ(star_etc());
    return make_arguments(nullptr, nullptr, nullptr, nullptr, star);
  });
}

// slash_no_default: param_no_default+ '/' ',' | param_no_default+ '/' &')'
std::optional<Seq<Arg*>> Parser::slash_no_default() {
  RULE();
  for (int variant = 0; variant < 2; ++variant) {
    if (auto r = alt([&]() -> std::optional<Seq<Arg*>> {
          ListBuilder<Arg*> list(this);
          REQ(repeat(list, [&] { return param_no_default(); }));
          if (list.empty()) return std::nullopt;
          REQ(expect(TokenType::Slash));
          if (variant == 0) {
            REQ(expect(TokenType::Comma));
          } else if (!lookahead(TokenType::Rpar)) {
            return std::nullopt;
          }
          return list.finish();
        })) {
      return r;
    }
  }
  return std::nullopt;
}

// slash_with_default:
//     | param_no_default* param_with_default+ '/' ','
//     | param_no_default* param_with_default+ '/' &')'
SlashWithDefault* Parser::slash_with_default() {
  RULE();
  for (int variant = 0; variant < 2; ++variant) {
    if (auto r = alt([&]() -> SlashWithDefault* {
          ListBuilder<Arg*> plain(this);
          REQ(repeat(plain, [&] { return param_no_default(); }));
          Seq<Arg*> plain_seq = plain.finish();
          ListBuilder<NameDefaultPair*> with_default(this);
          REQ(repeat(with_default, [&] { return param_with_default(); }));
          if (with_default.empty()) return nullptr;
          Seq<NameDefaultPair*> defaults = with_default.finish();
          REQ(expect(TokenType::Slash));
          if (variant == 0) {
            REQ(expect(TokenType::Comma));
          } else if (!lookahead(TokenType::Rpar)) {
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

// star_etc:
//     | invalid_star_etc
//     | '*' param_no_default param_maybe_default* [kwds]
//     | '*' param_no_default_star_annotation param_maybe_default* [kwds]
//     | '*' ',' param_maybe_default+ [kwds]
//     | kwds
StarEtc* Parser::star_etc() {
  RULE();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_star_etc();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  auto rest = [&](Arg* vararg, bool require_one) -> StarEtc* {
    ListBuilder<NameDefaultPair*> list(this);
    REQ(repeat(list, [&] { return param_maybe_default(); }));
    if (require_one && list.empty()) return nullptr;
    Seq<NameDefaultPair*> kwonly = list.finish();
    Arg* kwarg = alt([&] { return kwds(); });
    if (error_indicator_) return nullptr;
    auto* result = arena_.make<StarEtc>();
    result->vararg = vararg;
    result->kwonlyargs = kwonly;
    result->kwarg = kwarg;
    return result;
  };
  if (StarEtc* s = alt([&]() -> StarEtc* {
        REQ(expect(TokenType::Star));
        Arg* vararg = REQ(param_no_default());
        return rest(vararg, false);
      })) {
    return s;
  }
  if (StarEtc* s = alt([&]() -> StarEtc* {
        REQ(expect(TokenType::Star));
        Arg* vararg = REQ(param_no_default_star_annotation());
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
    Arg* kwarg = REQ(kwds());
    auto* result = arena_.make<StarEtc>();
    result->kwarg = kwarg;
    return result;
  });
}

// kwds: invalid_kwds | '**' param_no_default
Arg* Parser::kwds() {
  RULE();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_kwds();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  return alt([&]() -> Arg* {
    REQ(expect(TokenType::DoubleStar));
    return param_no_default();
  });
}

// param_no_default: param ',' TYPE_COMMENT? | param TYPE_COMMENT? &')'
Arg* Parser::param_no_default() {
  RULE();
  if (Arg* a = alt([&]() -> Arg* {
        Arg* p = REQ(param());
        REQ(expect(TokenType::Comma));
        Token* type_comment = optional_type_comment();
        if (error_indicator_) return nullptr;
        return add_type_comment_to_arg(p, type_comment);
      })) {
    return a;
  }
  return alt([&]() -> Arg* {
    Arg* p = REQ(param());
    Token* type_comment = optional_type_comment();
    if (error_indicator_ || !lookahead(TokenType::Rpar)) return nullptr;
    return add_type_comment_to_arg(p, type_comment);
  });
}

// param_no_default_star_annotation:
//     | param_star_annotation ',' TYPE_COMMENT? | param_star_annotation TYPE_COMMENT? &')'
Arg* Parser::param_no_default_star_annotation() {
  RULE();
  if (Arg* a = alt([&]() -> Arg* {
        Arg* p = REQ(param_star_annotation());
        REQ(expect(TokenType::Comma));
        Token* type_comment = optional_type_comment();
        if (error_indicator_) return nullptr;
        return add_type_comment_to_arg(p, type_comment);
      })) {
    return a;
  }
  return alt([&]() -> Arg* {
    Arg* p = REQ(param_star_annotation());
    Token* type_comment = optional_type_comment();
    if (error_indicator_ || !lookahead(TokenType::Rpar)) return nullptr;
    return add_type_comment_to_arg(p, type_comment);
  });
}

// param_with_default: param default ',' TYPE_COMMENT? | param default TYPE_COMMENT? &')'
NameDefaultPair* Parser::param_with_default() {
  RULE();
  for (int variant = 0; variant < 2; ++variant) {
    if (auto r = alt([&]() -> NameDefaultPair* {
          Arg* p = REQ(param());
          Expr* value = REQ(default_value());
          Token* type_comment;
          if (variant == 0) {
            REQ(expect(TokenType::Comma));
            type_comment = optional_type_comment();
          } else {
            type_comment = optional_type_comment();
            if (!lookahead(TokenType::Rpar)) return nullptr;
          }
          if (error_indicator_) return nullptr;
          auto* pair = arena_.make<NameDefaultPair>();
          pair->arg = add_type_comment_to_arg(p, type_comment);
          pair->value = value;
          return pair;
        })) {
      return r;
    }
  }
  return nullptr;
}

// param_maybe_default: param default? ',' TYPE_COMMENT? | param default? TYPE_COMMENT? &')'
NameDefaultPair* Parser::param_maybe_default() {
  RULE();
  for (int variant = 0; variant < 2; ++variant) {
    if (auto r = alt([&]() -> NameDefaultPair* {
          Arg* p = REQ(param());
          Expr* value = alt([&] { return default_value(); });
          if (error_indicator_) return nullptr;
          Token* type_comment;
          if (variant == 0) {
            REQ(expect(TokenType::Comma));
            type_comment = optional_type_comment();
          } else {
            type_comment = optional_type_comment();
            if (!lookahead(TokenType::Rpar)) return nullptr;
          }
          if (error_indicator_) return nullptr;
          auto* pair = arena_.make<NameDefaultPair>();
          pair->arg = add_type_comment_to_arg(p, type_comment);
          pair->value = value;
          return pair;
        })) {
      return r;
    }
  }
  return nullptr;
}

// param: NAME annotation?
Arg* Parser::param() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Arg* {
    Token* name = REQ(expect_name_token());
    Expr* annotation_expr = alt([&] { return annotation(); });
    if (error_indicator_) return nullptr;
    auto* arg = make<Arg>(start);
    arg->arg = name->identifier;
    arg->annotation = annotation_expr;
    return arg;
  });
}

// param_star_annotation: NAME star_annotation
Arg* Parser::param_star_annotation() {
  RULE();
  Pos start = start_pos();
  return alt([&]() -> Arg* {
    Token* name = REQ(expect_name_token());
    Expr* annotation_expr = REQ(star_annotation());
    auto* arg = make<Arg>(start);
    arg->arg = name->identifier;
    arg->annotation = annotation_expr;
    return arg;
  });
}

// annotation: ':' expression
Expr* Parser::annotation() {
  RULE();
  return alt([&]() -> Expr* {
    REQ(expect(TokenType::Colon));
    return expression();
  });
}

// star_annotation: ':' star_expression
Expr* Parser::star_annotation() {
  RULE();
  return alt([&]() -> Expr* {
    REQ(expect(TokenType::Colon));
    return star_expression();
  });
}

// default: '=' expression | invalid_default
Expr* Parser::default_value() {
  RULE();
  if (Expr* e = alt([&]() -> Expr* {
        REQ(expect(TokenType::Equal));
        return expression();
      })) {
    return e;
  }
  if (call_invalid_rules_ && !error_indicator_) {
    int mark = mark_;
    invalid_default();
    mark_ = mark;
  }
  return nullptr;
}

// --- if / while / for / with / try --------------------------------------------------------

// if_stmt:
//     | invalid_if_stmt
//     | 'if' named_expression ':' block elif_stmt
//     | 'if' named_expression ':' block [else_block]
Stmt* Parser::if_stmt() {
  RULE();
  Pos start = start_pos();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_if_stmt();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  if (Stmt* s = alt([&]() -> Stmt* {
        REQ(expect(TokenType::If));
        Expr* test = REQ(named_expression());
        REQ(expect(TokenType::Colon));
        Seq<Stmt*> body = REQ(block());
        Stmt* orelse = REQ(elif_stmt());
        auto* stmt = make<If>(start);
        stmt->test = test;
        stmt->body = body;
        stmt->orelse = singleton(orelse);
        return stmt;
      })) {
    return s;
  }
  return alt([&]() -> Stmt* {
    REQ(expect(TokenType::If));
    Expr* test = REQ(named_expression());
    REQ(expect(TokenType::Colon));
    Seq<Stmt*> body = REQ(block());
    auto orelse = alt([&] { return else_block(); });
    if (error_indicator_) return nullptr;
    auto* stmt = make<If>(start);
    stmt->test = test;
    stmt->body = body;
    if (orelse) stmt->orelse = *orelse;
    return stmt;
  });
}

// elif_stmt:
//     | invalid_elif_stmt
//     | 'elif' named_expression ':' block elif_stmt
//     | 'elif' named_expression ':' block [else_block]
Stmt* Parser::elif_stmt() {
  RULE();
  Pos start = start_pos();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_elif_stmt();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  if (Stmt* s = alt([&]() -> Stmt* {
        REQ(expect(TokenType::Elif));
        Expr* test = REQ(named_expression());
        REQ(expect(TokenType::Colon));
        Seq<Stmt*> body = REQ(block());
        Stmt* orelse = REQ(elif_stmt());
        auto* stmt = make<If>(start);
        stmt->test = test;
        stmt->body = body;
        stmt->orelse = singleton(orelse);
        return stmt;
      })) {
    return s;
  }
  return alt([&]() -> Stmt* {
    REQ(expect(TokenType::Elif));
    Expr* test = REQ(named_expression());
    REQ(expect(TokenType::Colon));
    Seq<Stmt*> body = REQ(block());
    auto orelse = alt([&] { return else_block(); });
    if (error_indicator_) return nullptr;
    auto* stmt = make<If>(start);
    stmt->test = test;
    stmt->body = body;
    if (orelse) stmt->orelse = *orelse;
    return stmt;
  });
}

// else_block: invalid_else_stmt | 'else' &&':' block
std::optional<Seq<Stmt*>> Parser::else_block() {
  RULE();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_else_stmt();
    mark_ = mark;
    if (error_indicator_) return std::nullopt;
  }
  return alt([&]() -> std::optional<Seq<Stmt*>> {
    REQ(expect(TokenType::Else));
    REQ(expect_forced(TokenType::Colon, ":"));
    return block();
  });
}

// while_stmt: invalid_while_stmt | 'while' named_expression ':' block [else_block]
Stmt* Parser::while_stmt() {
  RULE();
  Pos start = start_pos();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_while_stmt();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  return alt([&]() -> Stmt* {
    REQ(expect(TokenType::While));
    Expr* test = REQ(named_expression());
    REQ(expect(TokenType::Colon));
    Seq<Stmt*> body = REQ(block());
    auto orelse = alt([&] { return else_block(); });
    if (error_indicator_) return nullptr;
    auto* stmt = make<While>(start);
    stmt->test = test;
    stmt->body = body;
    if (orelse) stmt->orelse = *orelse;
    return stmt;
  });
}

// for_stmt:
//     | invalid_for_stmt
//     | 'for' star_targets 'in' ~ star_expressions ':' [TYPE_COMMENT] block [else_block]
//     | ASYNC 'for' star_targets 'in' ~ star_expressions ':' [TYPE_COMMENT] block [else_block]
//     | invalid_for_target
Stmt* Parser::for_stmt() {
  RULE();
  Pos start = start_pos();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_for_stmt();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  bool cut = false;
  auto loop = [&](bool is_async) -> Stmt* {
    if (is_async) REQ(expect(TokenType::Async));
    REQ(expect(TokenType::For));
    Expr* target = REQ(star_targets());
    REQ(expect(TokenType::In));
    cut = true;
    Expr* iter = REQ(star_expressions());
    REQ(expect(TokenType::Colon));
    Token* type_comment = optional_type_comment();
    if (error_indicator_) return nullptr;
    Seq<Stmt*> body = REQ(block());
    auto orelse = alt([&] { return else_block(); });
    if (error_indicator_) return nullptr;
    if (is_async) {
      auto* stmt = make<AsyncFor>(start);
      stmt->target = target;
      stmt->iter = iter;
      stmt->body = body;
      if (orelse) stmt->orelse = *orelse;
      stmt->type_comment = type_comment_text(type_comment);
      return check_version(5, "Async for loops are", stmt);
    }
    auto* stmt = make<For>(start);
    stmt->target = target;
    stmt->iter = iter;
    stmt->body = body;
    if (orelse) stmt->orelse = *orelse;
    stmt->type_comment = type_comment_text(type_comment);
    return stmt;
  };
  if (Stmt* s = alt([&] { return loop(false); })) return s;
  if (cut) return nullptr;
  if (Stmt* s = alt([&] { return loop(true); })) return s;
  if (cut) return nullptr;
  if (call_invalid_rules_ && !error_indicator_) {
    int mark = mark_;
    invalid_for_target();
    mark_ = mark;
  }
  return nullptr;
}

// with_stmt:
//     | invalid_with_stmt_indent
//     | 'with' '(' ','.with_item+ ','? ')' ':' block
//     | 'with' ','.with_item+ ':' [TYPE_COMMENT] block
//     | ASYNC 'with' '(' ','.with_item+ ','? ')' ':' block
//     | ASYNC 'with' ','.with_item+ ':' [TYPE_COMMENT] block
//     | invalid_with_stmt
Stmt* Parser::with_stmt() {
  RULE();
  Pos start = start_pos();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_with_stmt_indent();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  auto make_with = [&](bool is_async, Seq<WithItem*> items, Seq<Stmt*> body,
                       Token* type_comment) -> Stmt* {
    if (is_async) {
      auto* stmt = make<AsyncWith>(start);
      stmt->items = items;
      stmt->body = body;
      stmt->type_comment = type_comment_text(type_comment);
      return check_version(5, "Async with statements are", stmt);
    }
    auto* stmt = make<With>(start);
    stmt->items = items;
    stmt->body = body;
    stmt->type_comment = type_comment_text(type_comment);
    return stmt;
  };
  auto parenthesized = [&](bool is_async) -> Stmt* {
    if (is_async) REQ(expect(TokenType::Async));
    REQ(expect(TokenType::With));
    REQ(expect(TokenType::Lpar));
    ListBuilder<WithItem*> items(this);
    REQ(gather(items, TokenType::Comma, [&] { return with_item(); }));
    expect(TokenType::Comma);
    REQ(expect(TokenType::Rpar));
    REQ(expect(TokenType::Colon));
    Seq<WithItem*> item_seq = items.finish();
    Seq<Stmt*> body = REQ(block());
    Stmt* stmt = make_with(is_async, item_seq, body, nullptr);
    // (An async with is checked against 3.5 only, as in CPython's grammar.)
    return is_async ? stmt : check_version(9, "Parenthesized context managers are", stmt);
  };
  auto plain = [&](bool is_async) -> Stmt* {
    if (is_async) REQ(expect(TokenType::Async));
    REQ(expect(TokenType::With));
    ListBuilder<WithItem*> items(this);
    REQ(gather(items, TokenType::Comma, [&] { return with_item(); }));
    REQ(expect(TokenType::Colon));
    Seq<WithItem*> item_seq = items.finish();
    Token* type_comment = optional_type_comment();
    if (error_indicator_) return nullptr;
    Seq<Stmt*> body = REQ(block());
    return make_with(is_async, item_seq, body, type_comment);
  };
  if (Stmt* s = alt([&] { return parenthesized(false); })) return s;
  if (Stmt* s = alt([&] { return plain(false); })) return s;
  if (Stmt* s = alt([&] { return parenthesized(true); })) return s;
  if (Stmt* s = alt([&] { return plain(true); })) return s;
  if (call_invalid_rules_ && !error_indicator_) {
    int mark = mark_;
    invalid_with_stmt();
    mark_ = mark;
  }
  return nullptr;
}

// with_item:
//     | expression 'as' star_target &(',' | ')' | ':') | invalid_with_item | expression
WithItem* Parser::with_item() {
  RULE();
  if (WithItem* w = alt([&]() -> WithItem* {
        Expr* e = REQ(expression());
        REQ(expect(TokenType::As));
        Expr* target = REQ(star_target());
        if (!lookahead(TokenType::Comma) && !lookahead(TokenType::Rpar) &&
            !lookahead(TokenType::Colon)) {
          return nullptr;
        }
        auto* item = make_node<WithItem>(arena_);
        item->context_expr = e;
        item->optional_vars = target;
        return item;
      })) {
    return w;
  }
  if (call_invalid_rules_ && !error_indicator_) {
    int mark = mark_;
    invalid_with_item();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  return alt([&]() -> WithItem* {
    Expr* e = REQ(expression());
    auto* item = make_node<WithItem>(arena_);
    item->context_expr = e;
    return item;
  });
}

// try_stmt:
//     | invalid_try_stmt
//     | 'try' &&':' block finally_block
//     | 'try' &&':' block except_block+ [else_block] [finally_block]
//     | 'try' &&':' block except_star_block+ [else_block] [finally_block]
Stmt* Parser::try_stmt() {
  RULE();
  Pos start = start_pos();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_try_stmt();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  if (Stmt* s = alt([&]() -> Stmt* {
        REQ(expect(TokenType::Try));
        REQ(expect_forced(TokenType::Colon, ":"));
        Seq<Stmt*> body = REQ(block());
        Seq<Stmt*> finalbody = REQ(finally_block());
        auto* stmt = make<Try>(start);
        stmt->body = body;
        stmt->finalbody = finalbody;
        return stmt;
      })) {
    return s;
  }
  for (int star = 0; star < 2; ++star) {
    if (Stmt* s = alt([&]() -> Stmt* {
          REQ(expect(TokenType::Try));
          REQ(expect_forced(TokenType::Colon, ":"));
          Seq<Stmt*> body = REQ(block());
          ListBuilder<ExceptHandlerBase*> handlers(this);
          REQ(repeat(handlers, [&] { return star ? except_star_block() : except_block(); }));
          if (handlers.empty()) return nullptr;
          Seq<ExceptHandlerBase*> handler_seq = handlers.finish();
          auto orelse = alt([&] { return else_block(); });
          if (error_indicator_) return nullptr;
          auto finalbody = alt([&] { return finally_block(); });
          if (error_indicator_) return nullptr;
          if (star) {
            auto* stmt = make<TryStar>(start);
            stmt->body = body;
            stmt->handlers = handler_seq;
            if (orelse) stmt->orelse = *orelse;
            if (finalbody) stmt->finalbody = *finalbody;
            return check_version(11, "Exception groups are", stmt);
          }
          auto* stmt = make<Try>(start);
          stmt->body = body;
          stmt->handlers = handler_seq;
          if (orelse) stmt->orelse = *orelse;
          if (finalbody) stmt->finalbody = *finalbody;
          return stmt;
        })) {
      return s;
    }
  }
  return nullptr;
}

// except_block:
//     | invalid_except_stmt_indent
//     | 'except' expression ['as' NAME] ':' block
//     | 'except' ':' block
//     | invalid_except_stmt
ExceptHandlerBase* Parser::except_block() {
  RULE();
  Pos start = start_pos();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_except_stmt_indent();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  if (auto* h = alt([&]() -> ExceptHandlerBase* {
        REQ(expect(TokenType::Except));
        Expr* type = REQ(expression());
        Token* name = alt([&]() -> Token* {
          REQ(expect(TokenType::As));
          return expect_name_token();
        });
        if (error_indicator_) return nullptr;
        REQ(expect(TokenType::Colon));
        Seq<Stmt*> body = REQ(block());
        auto* handler = make<ExceptHandler>(start);
        handler->type = type;
        if (name) handler->name = name->identifier;
        handler->body = body;
        return handler;
      })) {
    return h;
  }
  if (auto* h = alt([&]() -> ExceptHandlerBase* {
        REQ(expect(TokenType::Except));
        REQ(expect(TokenType::Colon));
        Seq<Stmt*> body = REQ(block());
        auto* handler = make<ExceptHandler>(start);
        handler->body = body;
        return handler;
      })) {
    return h;
  }
  if (call_invalid_rules_ && !error_indicator_) {
    int mark = mark_;
    invalid_except_stmt();
    mark_ = mark;
  }
  return nullptr;
}

// except_star_block:
//     | invalid_except_star_stmt_indent
//     | 'except' '*' expression ['as' NAME] ':' block
//     | invalid_except_stmt
ExceptHandlerBase* Parser::except_star_block() {
  RULE();
  Pos start = start_pos();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_except_star_stmt_indent();
    mark_ = mark;
    if (error_indicator_) return nullptr;
  }
  if (auto* h = alt([&]() -> ExceptHandlerBase* {
        REQ(expect(TokenType::Except));
        REQ(expect(TokenType::Star));
        Expr* type = REQ(expression());
        Token* name = alt([&]() -> Token* {
          REQ(expect(TokenType::As));
          return expect_name_token();
        });
        if (error_indicator_) return nullptr;
        REQ(expect(TokenType::Colon));
        Seq<Stmt*> body = REQ(block());
        auto* handler = make<ExceptHandler>(start);
        handler->type = type;
        if (name) handler->name = name->identifier;
        handler->body = body;
        return handler;
      })) {
    return h;
  }
  if (call_invalid_rules_ && !error_indicator_) {
    int mark = mark_;
    invalid_except_stmt();
    mark_ = mark;
  }
  return nullptr;
}

// finally_block: invalid_finally_stmt | 'finally' &&':' block
std::optional<Seq<Stmt*>> Parser::finally_block() {
  RULE();
  if (call_invalid_rules_) {
    int mark = mark_;
    invalid_finally_stmt();
    mark_ = mark;
    if (error_indicator_) return std::nullopt;
  }
  return alt([&]() -> std::optional<Seq<Stmt*>> {
    REQ(expect(TokenType::Finally));
    REQ(expect_forced(TokenType::Colon, ":"));
    return block();
  });
}

// type_expressions:
//     | ','.expression+ ',' '*' expression ',' '**' expression
//     | ','.expression+ ',' '*' expression
//     | ','.expression+ ',' '**' expression
//     | '*' expression ',' '**' expression
//     | '*' expression
//     | '**' expression
//     | ','.expression+
std::optional<Seq<Expr*>> Parser::type_expressions() {
  RULE();
  using Result = std::optional<Seq<Expr*>>;
  auto with_list = [&](bool star, bool double_star) -> Result {
    std::vector<Expr*> items;
    {
      ListBuilder<Expr*> list(this);
      REQ(gather(list, TokenType::Comma, [&] { return expression(); }));
      for (size_t i = 0; i < list.size(); ++i) items.push_back(list[i]);
    }
    REQ(expect(TokenType::Comma));
    if (star) {
      REQ(expect(TokenType::Star));
      items.push_back(REQ(expression()));
      if (double_star) REQ(expect(TokenType::Comma));
    }
    if (double_star) {
      REQ(expect(TokenType::DoubleStar));
      items.push_back(REQ(expression()));
    }
    return seq(items);
  };
  if (auto r = alt([&] { return with_list(true, true); })) return r;
  if (auto r = alt([&] { return with_list(true, false); })) return r;
  if (auto r = alt([&] { return with_list(false, true); })) return r;
  if (auto r = alt([&]() -> Result {
        REQ(expect(TokenType::Star));
        Expr* a = REQ(expression());
        REQ(expect(TokenType::Comma));
        REQ(expect(TokenType::DoubleStar));
        Expr* b = REQ(expression());
        return seq(std::vector<Expr*>{a, b});
      })) {
    return r;
  }
  if (auto r = alt([&]() -> Result {
        REQ(expect(TokenType::Star));
        return singleton(REQ(expression()));
      })) {
    return r;
  }
  if (auto r = alt([&]() -> Result {
        REQ(expect(TokenType::DoubleStar));
        return singleton(REQ(expression()));
      })) {
    return r;
  }
  return alt([&]() -> Result {
    ListBuilder<Expr*> list(this);
    REQ(gather(list, TokenType::Comma, [&] { return expression(); }));
    return list.finish();
  });
}

}  // namespace krait::parse
