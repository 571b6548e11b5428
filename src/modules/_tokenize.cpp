// _tokenize: TokenizerIter(source), the parser's own tokenizer (parse/tokenizer.h) as an
// iterator of (string, type, lineno, end_lineno, col_offset, end_col_offset, line)
// tuples, which tokenize._generate_tokens_from_c_tokenizer reads. As CPython 3.11's C
// tokenizer: no COMMENT/NL tokens, exact operator types, NAME for keywords but ASYNC/AWAIT
// for async/await, byte columns, iteration ends at ENDMARKER or a silent error token.
#include <string>
#include <vector>

#include "compile/syntax_error.h"
#include "core/alloc.h"
#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "objects/descriptors.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "parse/source.h"
#include "parse/tokenizer.h"

namespace krait {

namespace {

using parse::TokenType;

struct TokenizerIterObject : Object {
  std::string* text;  // the prepared source the tokenizer points into
  parse::Tokenizer* tokenizer;
  std::vector<parse::ParseWarning>* warnings;  // the tokenizer's, issued after each token
};

// CPython's token module numbers: krait's token types follow Grammar/Tokens up to ':='.
int cpython_token_type(TokenType type, std::string_view text) {
  if (type == TokenType::Name) {
    if (text == "async") return 56;  // ASYNC
    if (text == "await") return 55;  // AWAIT
  }
  switch (type) {
    case TokenType::Op: return 54;
    case TokenType::TypeIgnore: return 57;
    case TokenType::TypeComment: return 58;
    case TokenType::ErrorToken: return 60;
    default: break;
  }
  if (type >= TokenType::False) return 1;  // a keyword (the parser's view) is a NAME
  return int(type);
}

Ref<> tokenizer_iter_impl(Value type, const Value* args) {
  Value source = args[0];
  if (!is_str(source)) {
    return type_error("tokenizeriter() argument 'source' must be str, not {}", type_name(source));
  }
  parse::PreparedSource prepared;
  parse::ParseResult result;
  if (!parse::prepare_source(str_utf8(source), "<string>", parse::Mode::Exec, parse::kFlagSourceIsUtf8,
                             &prepared, &result)) {
    Ref<> filename = str_from_ascii("<string>");
    if (!filename) return nullptr;
    return compile::raise_parse_error(*result.error, filename);
  }
  auto* it = allocate<TokenizerIterObject>(static_cast<TypeObject*>(type.as_object()));
  if (!it) return nullptr;
  it->text = new std::string(std::move(prepared.text));
  parse::Tokenizer::Options options;
  options.filename = "<string>";
  it->warnings = new std::vector<parse::ParseWarning>();
  options.warnings = it->warnings;
  it->tokenizer = new parse::Tokenizer(*it->text, options);
  return Ref<>::steal(Value(it));
}

const MethodDef tokenizer_iter_new_def = {.name = "tokenizeriter",
                                          .impl = tokenizer_iter_impl,
                                          .signature = "($type, source)",
                                          .flags = kMethodConstructor};

Ref<> tokenizer_iter_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return call_method_def(&tokenizer_iter_new_def, nullptr, Value(type), args, nargs, kwnames);
}

void tokenizer_iter_dealloc(Object* o) {
  auto* it = static_cast<TokenizerIterObject*>(o);
  delete it->tokenizer;
  delete it->text;
  delete it->warnings;
  free_object(o);
}

Ref<> tokenizer_iter_next(Value self) {
  auto* it = static_cast<TokenizerIterObject*>(self.as_object());
  parse::Tokenizer& tok = *it->tokenizer;
  if (tok.status() != parse::Tokenizer::Status::Ok) return nullptr;
  const char* start = nullptr;
  const char* end = nullptr;
  TokenType type = tok.next(&start, &end);
  if (!it->warnings->empty()) {
    // A warning turned into an error ends the iteration with that SyntaxError.
    Ref<> filename = str_from_ascii("<string>");
    if (!filename) return nullptr;
    std::vector<parse::ParseWarning> warnings = std::move(*it->warnings);
    it->warnings->clear();
    for (const parse::ParseWarning& warning : warnings) {
      if (!compile::issue_parse_warning(warning, filename, *it->text)) return nullptr;
    }
  }
  if (type == TokenType::ErrorToken) {
    if (tok.error() && (tok.status() == parse::Tokenizer::Status::Error ||
                        tok.status() == parse::Tokenizer::Status::ErrorAtEof ||
                        tok.status() == parse::Tokenizer::Status::Decode)) {
      Ref<> filename = str_from_ascii("<string>");
      if (!filename) return nullptr;
      return compile::raise_parse_error(*tok.error(), filename);
    }
    return nullptr;  // exhausted
  }
  if (type == TokenType::EndMarker) return nullptr;
  Ref<> text = start && end ? str_from_utf8(std::string_view(start, size_t(end - start))) : str_from_ascii("");
  if (!text) return nullptr;
  Ref<> line = str_from_utf8(parse::utf8_replace_invalid(std::string_view(tok.buf(), size_t(tok.inp() - tok.buf()))));
  if (!line) return nullptr;
  bool is_string = type == TokenType::String;
  const char* line_start = is_string ? tok.multi_line_start() : tok.line_start();
  int lineno = is_string ? tok.first_lineno() : tok.lineno();
  int col_offset = start && start >= line_start ? int(start - line_start) : -1;
  int end_col_offset = end && end >= tok.line_start() ? int(end - tok.line_start()) : -1;
  return tuple_of({text.value(), Value::small_int(cpython_token_type(type, start && end ? std::string_view(start, size_t(end - start)) : std::string_view())), Value::small_int(lineno),
                   Value::small_int(tok.lineno()), Value::small_int(col_offset),
                   Value::small_int(end_col_offset), line.value()});
}

Ref<> tokenizer_iter_iter(Value self) { return new_ref(self); }

TypeObject tokenizer_iter_type{TypeSpec{
    .name = "_tokenize.TokenizerIter",
    .basic_size = sizeof(TokenizerIterObject),
    .slots = {.dealloc = tokenizer_iter_dealloc,
              .new_instance = tokenizer_iter_new,
              .getattr = generic_get_attr,
              .iter = tokenizer_iter_iter,
              .iternext = tokenizer_iter_next},
}};

bool tokenize_exec(ModuleObject* module) { return module_add_type(module, &tokenizer_iter_type); }

}  // namespace

extern const ModuleDef module__tokenize = {
    .name = "_tokenize",
    .doc = "Tokenizer functions",
    .exec = tokenize_exec,
};

}  // namespace krait
