// Expressions back to source text, for annotations under `from __future__ import
// annotations` (PEP 563). The output matches CPython 3.11's ast_unparse.c exactly,
// including its parenthesisation by precedence level and how it spells f-strings.
#include <cmath>

#include "compile/compiler_internal.h"
#include "core/error.h"
#include "core/ops.h"
#include "objects/complex.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"

namespace krait::compile {

using namespace ast;

namespace {

// Precedence levels, lowest first.
enum Precedence : int {
  kTuple, kTest, kOr, kAnd, kNot, kCmp, kExpr, kBor = kExpr, kBxor, kBand, kShift, kArith,
  kTerm, kFactor, kPower, kAwait, kAtom,
};

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

class Unparser {
 public:
  explicit Unparser(ConstantFolder& folder) : folder_(folder) {}

  bool expr(const Expr* e, int level, std::string& out);

 private:
  bool repr_of(Value v, std::string& out) {
    Ref<StrObject> r = repr(v);
    if (!r) return false;
    std::string text(str_utf8(r.get()));
    // inf is not a literal: spell it 1e309 (a float too large to be finite).
    if ((is_exact_float(v) && std::isinf(float_value(v))) ||
        (v.is_object() && v.as_object()->type == &complex_type))
      text = replace_all(text, "inf", "1e309");
    out += text;
    return true;
  }
  bool constant(Value v, std::string& out) {
    if (is_exact_tuple(v)) {
      TupleObject* t = as_tuple(v);
      out += "(";
      for (int64_t i = 0; i < t->length; i++) {
        if (i > 0) out += ", ";
        if (!constant(t->items[i], out)) return false;
      }
      if (t->length == 1) out += ",";
      out += ")";
      return true;
    }
    return repr_of(v, out);
  }
  bool exprs_joined(const Seq<Expr*>& elts, std::string& out) {
    for (size_t i = 0; i < elts.size(); i++) {
      if (i > 0) out += ", ";
      if (!expr(elts[i], kTest, out)) return false;
    }
    return true;
  }
  bool arg(const Arg* a, std::string& out) {
    out += a->arg;
    if (a->annotation) {
      out += ": ";
      return expr(a->annotation, kTest, out);
    }
    return true;
  }
  bool arguments(const Arguments* args, std::string& out);
  bool comprehensions(const Seq<Comprehension*>& generators, std::string& out);
  bool fstring_element(const Expr* e, bool is_format_spec, std::string& out);
  bool joined_str(const JoinedStr* e, bool is_format_spec, std::string& out);
  bool formatted_value(const FormattedValue* e, std::string& out);

  ConstantFolder& folder_;
};

bool Unparser::arguments(const Arguments* args, std::string& out) {
  bool first = true;
  auto comma = [&]() {
    if (!first) out += ", ";
    first = false;
  };
  size_t posonly = args->posonlyargs.size();
  size_t nargs = args->args.size();
  size_t ndefaults = args->defaults.size();
  for (size_t i = 0; i < posonly + nargs; i++) {
    comma();
    if (!arg(i < posonly ? args->posonlyargs[i] : args->args[i - posonly], out)) return false;
    int64_t di = int64_t(i) - int64_t(posonly + nargs) + int64_t(ndefaults);
    if (di >= 0) {
      out += "=";
      if (!expr(args->defaults[size_t(di)], kTest, out)) return false;
    }
    if (posonly && i + 1 == posonly) out += ", /";
  }
  if (args->vararg || !args->kwonlyargs.empty()) {
    comma();
    out += "*";
    if (args->vararg && !arg(args->vararg, out)) return false;
  }
  size_t nkw = args->kwonlyargs.size();
  size_t nkw_defaults = args->kw_defaults.size();
  for (size_t i = 0; i < nkw; i++) {
    comma();
    if (!arg(args->kwonlyargs[i], out)) return false;
    int64_t di = int64_t(i) - int64_t(nkw) + int64_t(nkw_defaults);
    if (di >= 0 && args->kw_defaults[size_t(di)]) {
      out += "=";
      if (!expr(args->kw_defaults[size_t(di)], kTest, out)) return false;
    }
  }
  if (args->kwarg) {
    comma();
    out += "**";
    if (!arg(args->kwarg, out)) return false;
  }
  return true;
}

bool Unparser::comprehensions(const Seq<Comprehension*>& generators, std::string& out) {
  for (const Comprehension* gen : generators) {
    out += gen->is_async ? " async for " : " for ";
    if (!expr(gen->target, kTuple, out)) return false;
    out += " in ";
    if (!expr(gen->iter, kTest + 1, out)) return false;
    for (const Expr* test : gen->ifs) {
      out += " if ";
      if (!expr(test, kTest + 1, out)) return false;
    }
  }
  return true;
}

bool Unparser::fstring_element(const Expr* e, bool is_format_spec, std::string& out) {
  switch (e->node_kind) {
    case NodeKind::Constant: {
      Value v = folder_.value_of(static_cast<const Constant*>(e));
      if (!v) return false;
      if (!is_str(v)) return type_error("unexpected constant inside f-string");
      out += replace_all(replace_all(std::string(str_utf8(v)), "{", "{{"), "}", "}}");
      return true;
    }
    case NodeKind::JoinedStr:
      return joined_str(static_cast<const JoinedStr*>(e), is_format_spec, out);
    case NodeKind::FormattedValue:
      return formatted_value(static_cast<const FormattedValue*>(e), out);
    default:
      return system_error("unknown expression kind inside f-string");
  }
}

bool Unparser::joined_str(const JoinedStr* e, bool is_format_spec, std::string& out) {
  std::string body;
  for (const Expr* value : e->values)
    if (!fstring_element(value, is_format_spec, body)) return false;
  if (is_format_spec) {
    out += body;
    return true;
  }
  Ref<StrObject> s = str_from_utf8(body);
  if (!s) return false;
  out += "f";
  return repr_of(s, out);
}

bool Unparser::formatted_value(const FormattedValue* e, std::string& out) {
  // Above kTest so that a lambda (with its ':') gets parentheses.
  std::string value;
  if (!expr(e->value, kTest + 1, value)) return false;
  out += value.starts_with("{") ? "{ " : "{";
  out += value;
  switch (e->conversion) {
    case 'a': out += "!a"; break;
    case 'r': out += "!r"; break;
    case 's': out += "!s"; break;
    default: break;
  }
  if (e->format_spec) {
    out += ":";
    if (!fstring_element(e->format_spec, true, out)) return false;
  }
  out += "}";
  return true;
}

bool Unparser::expr(const Expr* e, int level, std::string& out) {
  if (compile_stack_exhausted())
    return raise(exc::RecursionError, "maximum recursion depth exceeded during compilation");
  auto open = [&](int pr) {
    if (level > pr) out += "(";
  };
  auto close = [&](int pr) {
    if (level > pr) out += ")";
  };
  switch (e->node_kind) {
    case NodeKind::BoolOp: {
      auto* b = static_cast<const BoolOp*>(e);
      int pr = b->op == BoolOperator::And ? kAnd : kOr;
      open(pr);
      for (size_t i = 0; i < b->values.size(); i++) {
        if (i > 0) out += b->op == BoolOperator::And ? " and " : " or ";
        if (!expr(b->values[i], pr + 1, out)) return false;
      }
      close(pr);
      return true;
    }
    case NodeKind::BinOp: {
      auto* b = static_cast<const BinOp*>(e);
      const char* op;
      int pr;
      bool rassoc = false;
      switch (b->op) {
        case Operator::Add: op = " + "; pr = kArith; break;
        case Operator::Sub: op = " - "; pr = kArith; break;
        case Operator::Mult: op = " * "; pr = kTerm; break;
        case Operator::MatMult: op = " @ "; pr = kTerm; break;
        case Operator::Div: op = " / "; pr = kTerm; break;
        case Operator::Mod: op = " % "; pr = kTerm; break;
        case Operator::LShift: op = " << "; pr = kShift; break;
        case Operator::RShift: op = " >> "; pr = kShift; break;
        case Operator::BitOr: op = " | "; pr = kBor; break;
        case Operator::BitXor: op = " ^ "; pr = kBxor; break;
        case Operator::BitAnd: op = " & "; pr = kBand; break;
        case Operator::FloorDiv: op = " // "; pr = kTerm; break;
        default: op = " ** "; pr = kPower; rassoc = true; break;
      }
      open(pr);
      if (!expr(b->left, pr + rassoc, out)) return false;
      out += op;
      if (!expr(b->right, pr + !rassoc, out)) return false;
      close(pr);
      return true;
    }
    case NodeKind::UnaryOp: {
      auto* u = static_cast<const UnaryOp*>(e);
      const char* op;
      int pr;
      switch (u->op) {
        case UnaryOperator::Invert: op = "~"; pr = kFactor; break;
        case UnaryOperator::Not: op = "not "; pr = kNot; break;
        case UnaryOperator::UAdd: op = "+"; pr = kFactor; break;
        default: op = "-"; pr = kFactor; break;
      }
      open(pr);
      out += op;
      if (!expr(u->operand, pr, out)) return false;
      close(pr);
      return true;
    }
    case NodeKind::Lambda: {
      auto* l = static_cast<const Lambda*>(e);
      open(kTest);
      out += (l->args->args.size() + l->args->posonlyargs.size()) ? "lambda " : "lambda";
      if (!arguments(l->args, out)) return false;
      out += ": ";
      if (!expr(l->body, kTest, out)) return false;
      close(kTest);
      return true;
    }
    case NodeKind::IfExp: {
      auto* i = static_cast<const IfExp*>(e);
      open(kTest);
      if (!expr(i->body, kTest + 1, out)) return false;
      out += " if ";
      if (!expr(i->test, kTest + 1, out)) return false;
      out += " else ";
      if (!expr(i->orelse, kTest, out)) return false;
      close(kTest);
      return true;
    }
    case NodeKind::Dict: {
      auto* d = static_cast<const Dict*>(e);
      out += "{";
      for (size_t i = 0; i < d->values.size(); i++) {
        if (i > 0) out += ", ";
        if (d->keys[i]) {
          if (!expr(d->keys[i], kTest, out)) return false;
          out += ": ";
          if (!expr(d->values[i], kTest, out)) return false;
        } else {
          out += "**";
          if (!expr(d->values[i], kExpr, out)) return false;
        }
      }
      out += "}";
      return true;
    }
    case NodeKind::Set:
      out += "{";
      if (!exprs_joined(static_cast<const ast::Set*>(e)->elts, out)) return false;
      out += "}";
      return true;
    case NodeKind::GeneratorExp: {
      auto* g = static_cast<const GeneratorExp*>(e);
      out += "(";
      if (!expr(g->elt, kTest, out) || !comprehensions(g->generators, out)) return false;
      out += ")";
      return true;
    }
    case NodeKind::ListComp: {
      auto* c = static_cast<const ListComp*>(e);
      out += "[";
      if (!expr(c->elt, kTest, out) || !comprehensions(c->generators, out)) return false;
      out += "]";
      return true;
    }
    case NodeKind::SetComp: {
      auto* c = static_cast<const SetComp*>(e);
      out += "{";
      if (!expr(c->elt, kTest, out) || !comprehensions(c->generators, out)) return false;
      out += "}";
      return true;
    }
    case NodeKind::DictComp: {
      auto* c = static_cast<const DictComp*>(e);
      out += "{";
      if (!expr(c->key, kTest, out)) return false;
      out += ": ";
      if (!expr(c->value, kTest, out) || !comprehensions(c->generators, out)) return false;
      out += "}";
      return true;
    }
    case NodeKind::Yield: {
      auto* y = static_cast<const Yield*>(e);
      if (!y->value) {
        out += "(yield)";
        return true;
      }
      out += "(yield ";
      if (!expr(y->value, kTest, out)) return false;
      out += ")";
      return true;
    }
    case NodeKind::YieldFrom:
      out += "(yield from ";
      if (!expr(static_cast<const YieldFrom*>(e)->value, kTest, out)) return false;
      out += ")";
      return true;
    case NodeKind::Await:
      open(kAwait);
      out += "await ";
      if (!expr(static_cast<const Await*>(e)->value, kAtom, out)) return false;
      close(kAwait);
      return true;
    case NodeKind::Compare: {
      auto* c = static_cast<const Compare*>(e);
      open(kCmp);
      if (!expr(c->left, kCmp + 1, out)) return false;
      for (size_t i = 0; i < c->comparators.size(); i++) {
        switch (c->ops[i]) {
          case CmpOperator::Eq: out += " == "; break;
          case CmpOperator::NotEq: out += " != "; break;
          case CmpOperator::Lt: out += " < "; break;
          case CmpOperator::LtE: out += " <= "; break;
          case CmpOperator::Gt: out += " > "; break;
          case CmpOperator::GtE: out += " >= "; break;
          case CmpOperator::Is: out += " is "; break;
          case CmpOperator::IsNot: out += " is not "; break;
          case CmpOperator::In: out += " in "; break;
          case CmpOperator::NotIn: out += " not in "; break;
        }
        if (!expr(c->comparators[i], kCmp + 1, out)) return false;
      }
      close(kCmp);
      return true;
    }
    case NodeKind::Call: {
      auto* c = static_cast<const Call*>(e);
      if (!expr(c->func, kAtom, out)) return false;
      // f(x for x in y): the generator's parentheses are the call's.
      if (c->args.size() == 1 && c->keywords.empty() && c->args[0]->is<GeneratorExp>())
        return expr(c->args[0], kTest, out);
      out += "(";
      bool first = true;
      for (const Expr* a : c->args) {
        if (!first) out += ", ";
        first = false;
        if (!expr(a, kTest, out)) return false;
      }
      for (const Keyword* k : c->keywords) {
        if (!first) out += ", ";
        first = false;
        if (is_none(k->arg)) {
          out += "**";
        } else {
          out += k->arg;
          out += "=";
        }
        if (!expr(k->value, kTest, out)) return false;
      }
      out += ")";
      return true;
    }
    case NodeKind::Constant: {
      auto* c = static_cast<const Constant*>(e);
      Value v = folder_.value_of(c);
      if (!v) return false;
      if (v == Ellipsis()) {
        out += "...";
        return true;
      }
      if (!is_none(c->kind)) out += c->kind;
      return constant(v, out);
    }
    case NodeKind::JoinedStr:
      return joined_str(static_cast<const JoinedStr*>(e), false, out);
    case NodeKind::FormattedValue:
      return formatted_value(static_cast<const FormattedValue*>(e), out);
    case NodeKind::Attribute: {
      auto* a = static_cast<const Attribute*>(e);
      if (!expr(a->value, kAtom, out)) return false;
      // `1 .real`: an int needs a space before the dot.
      Value v = a->value->is<Constant>() ? folder_.value_of(static_cast<const Constant*>(a->value))
                                         : Value();
      out += v && is_exact_int(v) ? " ." : ".";
      out += a->attr;
      return true;
    }
    case NodeKind::Subscript: {
      auto* s = static_cast<const Subscript*>(e);
      if (!expr(s->value, kAtom, out)) return false;
      // 3.11.2 prints a tuple slice bare even with starred items (`x[*a,]`).
      out += "[";
      if (!expr(s->slice, kTuple, out)) return false;
      out += "]";
      return true;
    }
    case NodeKind::Starred:
      out += "*";
      return expr(static_cast<const Starred*>(e)->value, kExpr, out);
    case NodeKind::Slice: {
      auto* s = static_cast<const Slice*>(e);
      if (s->lower && !expr(s->lower, kTest, out)) return false;
      out += ":";
      if (s->upper && !expr(s->upper, kTest, out)) return false;
      if (s->step) {
        out += ":";
        if (!expr(s->step, kTest, out)) return false;
      }
      return true;
    }
    case NodeKind::Name:
      out += static_cast<const Name*>(e)->id;
      return true;
    case NodeKind::List:
      out += "[";
      if (!exprs_joined(static_cast<const List*>(e)->elts, out)) return false;
      out += "]";
      return true;
    case NodeKind::Tuple: {
      auto* t = static_cast<const Tuple*>(e);
      if (t->elts.empty()) {
        out += "()";
        return true;
      }
      open(kTuple);
      if (!exprs_joined(t->elts, out)) return false;
      if (t->elts.size() == 1) out += ",";
      close(kTuple);
      return true;
    }
    case NodeKind::NamedExpr: {
      auto* n = static_cast<const NamedExpr*>(e);
      open(kTuple);
      if (!expr(n->target, kAtom, out)) return false;
      out += " := ";
      if (!expr(n->value, kAtom, out)) return false;
      close(kTuple);
      return true;
    }
    default:
      return system_error("unknown expression kind");
  }
}

}  // namespace

bool unparse_expression(const Expr* e, ConstantFolder& folder, std::string* out) {
  Unparser unparser(folder);
  return unparser.expr(e, kTest, *out);
}

}  // namespace krait::compile
