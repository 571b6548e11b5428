// re.Pattern: a compiled regular expression (the engine's Program plus what re._compiler
// passed to _sre.compile) and its methods: match, fullmatch, search, findall, finditer,
// scanner, sub, subn and split. Match and Scanner objects are in match.cpp.
#include <cstring>

#include "core/alloc.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/ops.h"
#include "modules/sre/sre_objects.h"
#include "objects/bytes.h"
#include "objects/dict.h"
#include "objects/genericalias.h"
#include "objects/int.h"
#include "objects/iterators.h"
#include "objects/list.h"
#include "objects/mappingproxy.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait::sre_module {

namespace {

void pattern_dealloc(Object* o) {
  auto* p = static_cast<PatternObject*>(o);
  gc_untrack(o);
  if (p->weakreflist) clear_weakrefs(o);
  decref(p->pattern);
  if (p->groupindex) decref(p->groupindex);
  if (p->indexgroup) decref(p->indexgroup);
  delete p->program;
  free_object(o);
}

void pattern_traverse(Object* o, VisitFn visit, void* arg) {
  auto* p = static_cast<PatternObject*>(o);
  if (p->pattern.is_object()) visit(p->pattern.as_object(), arg);
  if (p->groupindex) visit(p->groupindex, arg);
  if (p->indexgroup) visit(p->indexgroup, arg);
}

void pattern_clear(Object* o) {
  auto* p = static_cast<PatternObject*>(o);
  Value pattern = p->pattern;
  p->pattern = None();
  incref(None());
  decref(pattern);
  if (Object* g = p->groupindex) {
    p->groupindex = nullptr;
    decref(g);
  }
  if (Object* g = p->indexgroup) {
    p->indexgroup = nullptr;
    decref(g);
  }
}

// The pos/endpos arguments (Py_ssize_t in CPython).
bool position_arguments(Value pos_arg, Value endpos_arg, int64_t* pos, int64_t* endpos) {
  return index_argument(pos_arg, pos) && index_argument(endpos_arg, endpos);
}

// match, fullmatch and search: one attempt over string[pos:endpos].
Ref<> pattern_run(Value self, const Value* args, sre::Mode mode) {
  PatternObject* p = as_pattern(self);
  int64_t pos, endpos;
  if (!position_arguments(args[1], args[2], &pos, &endpos)) return nullptr;
  SubjectView view;
  if (!view.acquire(p, args[0])) return nullptr;
  sre::Matcher matcher(*p->program, view.subject(), pos, endpos);
  matcher.set_interrupt_hook(interrupt_hook());
  sre::Status status = matcher.run(mode);
  if (status == sre::Status::kNoMatch) return new_none();
  if (status != sre::Status::kMatch) return raise_status(status);
  return match_new(p, args[0], matcher);
}

Ref<> pattern_match(Value self, const Value* args) { return pattern_run(self, args, sre::Mode::kMatch); }
Ref<> pattern_fullmatch(Value self, const Value* args) { return pattern_run(self, args, sre::Mode::kFullMatch); }
Ref<> pattern_search(Value self, const Value* args) { return pattern_run(self, args, sre::Mode::kSearch); }

// The value of group `group` of the matcher's current match for findall: "" (of the
// subject's type) when the group did not participate.
Ref<> findall_group(Value string, const SubjectView& view, const sre::Matcher& matcher, size_t group) {
  ptrdiff_t start, end;
  matcher.group_span(group, &start, &end);
  if (start < 0 || end < 0) start = end = 0;
  return subject_slice(string, view.subject(), view.is_bytes(), start, end);
}

Ref<> pattern_findall(Value self, const Value* args) {
  PatternObject* p = as_pattern(self);
  int64_t pos, endpos;
  if (!position_arguments(args[1], args[2], &pos, &endpos)) return nullptr;
  SubjectView view;
  if (!view.acquire(p, args[0])) return nullptr;
  Value string = args[0];
  Ref<ListObject> list = list_new();
  if (!list) return nullptr;
  sre::Matcher matcher(*p->program, view.subject(), pos, endpos);
  matcher.set_interrupt_hook(interrupt_hook());
  while (true) {
    sre::Status status = matcher.next(sre::Mode::kSearch);
    if (status == sre::Status::kNoMatch) break;
    if (status != sre::Status::kMatch) return raise_status(status);
    Ref<> item;
    if (p->groups == 0) {
      item = subject_slice(string, view.subject(), view.is_bytes(), matcher.match_start(), matcher.match_end());
    } else if (p->groups == 1) {
      item = findall_group(string, view, matcher, 1);
    } else {
      Ref<TupleObject> tuple = tuple_allocate(p->groups);
      if (!tuple) return nullptr;
      for (int64_t i = 0; i < p->groups; ++i) {
        Ref<> value = findall_group(string, view, matcher, size_t(i) + 1);
        if (!value) return nullptr;
        tuple->items[i] = value.release();
      }
      item = std::move(tuple);
    }
    if (!item || !list_append_steal(list.get(), std::move(item))) return nullptr;
  }
  return list;
}

Ref<> pattern_scanner(Value self, const Value* args) {
  int64_t pos, endpos;
  if (!position_arguments(args[1], args[2], &pos, &endpos)) return nullptr;
  return scanner_new(as_pattern(self), args[0], pos, endpos);
}

// finditer is iter(scanner.search, None), as in CPython.
Ref<> pattern_finditer(Value self, const Value* args) {
  Ref<> scanner = pattern_scanner(self, args);
  if (!scanner) return nullptr;
  Ref<> search = get_attr(scanner, "search");
  if (!search) return nullptr;
  return callable_iter_new(search, None());
}

// Joins the pieces of a sub()/subn() result: str.join for str subjects, bytes.join (a
// bytes result whatever the subject's buffer type) otherwise.
Ref<> join_pieces(ListObject* pieces, Value string, bool is_bytes) {
  if (pieces->length == 0) return empty_subject_slice(string);
  Ref<> joiner = is_bytes ? Ref<>(bytes_from("")) : Ref<>(str_empty());
  if (!joiner) return nullptr;
  Ref<> join = get_attr(joiner, "join");
  if (!join) return nullptr;
  return call1(join, Value(pieces));
}

// Does the replacement contain a backslash? Only then does it need re's template parser;
// otherwise it is used as it is. -1: not a str or bytes-like object (re._subx decides).
int replacement_is_literal(Value repl) {
  if (is_str(repl)) {
    StrObject* s = as_str(repl);
    return visit_units(s, [&](const auto* data) {
      for (int64_t i = 0; i < s->length; ++i) {
        if (data[i] == '\\') return 0;
      }
      return 1;
    });
  }
  Buffer view;
  if (!buffer_get(repl, &view, kBufferSimple)) {
    clear_error();
    return -1;
  }
  bool literal = !std::memchr(view.data, '\\', size_t(view.length));
  buffer_release(&view);
  return literal ? 1 : 0;
}

Ref<> pattern_subx(PatternObject* p, Value repl, Value string, Value count_arg, bool with_count) {
  int64_t count;
  if (!index_argument(count_arg, &count)) return nullptr;
  // The replacement: a callable called with each match, or a literal piece.
  Ref<> filter;
  bool filter_is_callable = false;
  int callable = is_callable(repl);
  if (callable) {
    filter = new_ref(repl);
    filter_is_callable = true;
  } else if (replacement_is_literal(repl) == 1) {
    filter = new_ref(repl);
  } else {
    Value helper_args[2] = {Value(p), repl};
    filter = call_re_helper("_subx", helper_args, 2);
    if (!filter) return nullptr;
    filter_is_callable = is_callable(filter);
  }

  SubjectView view;
  if (!view.acquire(p, string)) return nullptr;
  bool is_bytes = view.is_bytes();
  int64_t length = view.subject().length;
  Ref<ListObject> pieces = list_new();
  if (!pieces) return nullptr;
  sre::Matcher matcher(*p->program, view.subject());
  matcher.set_interrupt_hook(interrupt_hook());
  int64_t last = 0, n = 0;
  while (count == 0 || n < count) {
    sre::Status status = matcher.next(sre::Mode::kSearch);
    if (status == sre::Status::kNoMatch) break;
    if (status != sre::Status::kMatch) return raise_status(status);
    int64_t start = matcher.match_start(), end = matcher.match_end();
    if (last < start) {
      Ref<> piece = subject_slice(string, view.subject(), is_bytes, last, start);
      if (!piece || !list_append_steal(pieces.get(), std::move(piece))) return nullptr;
    }
    if (filter_is_callable) {
      Ref<> match = match_new(p, string, matcher);
      if (!match) return nullptr;
      Ref<> item = call1(filter, match);
      if (!item) return nullptr;
      if (!is_none(item) && !list_append_steal(pieces.get(), std::move(item))) return nullptr;
    } else if (!list_append(pieces.get(), filter)) {
      return nullptr;
    }
    last = end;
    ++n;
  }
  if (last < length) {
    Ref<> piece = subject_slice(string, view.subject(), is_bytes, last, length);
    if (!piece || !list_append_steal(pieces.get(), std::move(piece))) return nullptr;
  }
  view.release();
  Ref<> result = join_pieces(pieces.get(), string, is_bytes);
  if (!result || !with_count) return result;
  Ref<> number = int_from_int64(n);
  return tuple_steal({result.release(), number.release()});
}

Ref<> pattern_sub(Value self, const Value* args) {
  return pattern_subx(as_pattern(self), args[0], args[1], args[2], false);
}

Ref<> pattern_subn(Value self, const Value* args) {
  return pattern_subx(as_pattern(self), args[0], args[1], args[2], true);
}

Ref<> pattern_split(Value self, const Value* args) {
  PatternObject* p = as_pattern(self);
  int64_t maxsplit;
  if (!index_argument(args[1], &maxsplit)) return nullptr;
  SubjectView view;
  if (!view.acquire(p, args[0])) return nullptr;
  Value string = args[0];
  bool is_bytes = view.is_bytes();
  const sre::Subject& subject = view.subject();
  Ref<ListObject> list = list_new();
  if (!list) return nullptr;
  sre::Matcher matcher(*p->program, subject);
  matcher.set_interrupt_hook(interrupt_hook());
  int64_t last = 0, n = 0;
  while (maxsplit == 0 || n < maxsplit) {
    sre::Status status = matcher.next(sre::Mode::kSearch);
    if (status == sre::Status::kNoMatch) break;
    if (status != sre::Status::kMatch) return raise_status(status);
    Ref<> piece = subject_slice(string, subject, is_bytes, last, matcher.match_start());
    if (!piece || !list_append_steal(list.get(), std::move(piece))) return nullptr;
    for (int64_t i = 1; i <= p->groups; ++i) {
      ptrdiff_t start, end;
      matcher.group_span(size_t(i), &start, &end);
      Ref<> item = start < 0 || end < 0 ? new_none() : subject_slice(string, subject, is_bytes, start, end);
      if (!item || !list_append_steal(list.get(), std::move(item))) return nullptr;
    }
    ++n;
    last = matcher.match_end();
  }
  Ref<> rest = subject_slice(string, subject, is_bytes, last, subject.length);
  if (!rest || !list_append_steal(list.get(), std::move(rest))) return nullptr;
  return list;
}

Ref<> pattern_copy(Value self, const Value*) { return new_ref(self); }

// --- Attributes, repr, comparison ---

Ref<> pattern_get_pattern(Value self) { return new_ref(as_pattern(self)->pattern); }
Ref<> pattern_get_flags(Value self) { return int_from_int64(as_pattern(self)->flags); }
Ref<> pattern_get_groups(Value self) { return int_from_int64(as_pattern(self)->groups); }

Ref<> pattern_get_groupindex(Value self) {
  PatternObject* p = as_pattern(self);
  if (p->groupindex) return mappingproxy_new(Value(p->groupindex));
  Ref<DictObject> empty = dict_new();
  if (!empty) return nullptr;
  return mappingproxy_new(empty);
}

struct FlagName {
  const char* name;
  int64_t value;
};
constexpr FlagName kFlagNames[] = {
    {"re.TEMPLATE", 1},   {"re.IGNORECASE", 2}, {"re.LOCALE", 4},  {"re.MULTILINE", 8},
    {"re.DOTALL", 16},    {"re.UNICODE", 32},   {"re.VERBOSE", 64}, {"re.DEBUG", 128},
    {"re.ASCII", 256},
};

// "re.compile('a+', re.IGNORECASE)": the pattern's repr cut to 200 characters, then the
// flags by name (re.UNICODE left out where it is the default: str patterns).
Ref<> pattern_repr(Value self) {
  PatternObject* p = as_pattern(self);
  Ref<StrObject> pattern_repr = repr(p->pattern);
  if (!pattern_repr) return nullptr;
  if (pattern_repr->length > 200) {
    pattern_repr = str_substring(pattern_repr.get(), 0, 200);
    if (!pattern_repr) return nullptr;
  }
  int64_t flags = p->flags;
  if (is_str(p->pattern) && (flags & (kFlagLocale | kFlagUnicode | kFlagAscii)) == kFlagUnicode) {
    flags &= ~kFlagUnicode;
  }
  std::string flag_text;
  for (const FlagName& f : kFlagNames) {
    if (!(flags & f.value)) continue;
    if (!flag_text.empty()) flag_text += '|';
    flag_text += f.name;
    flags &= ~f.value;
  }
  if (flags) {
    if (!flag_text.empty()) flag_text += '|';
    char hex[32];
    std::snprintf(hex, sizeof hex, "0x%llx", static_cast<unsigned long long>(flags));
    flag_text += hex;
  }
  StrBuilder out;
  out.append_ascii("re.compile(");
  out.append(pattern_repr.get());
  if (!flag_text.empty()) {
    out.append_ascii(", ");
    out.append_ascii(flag_text);
  }
  out.append(U')');
  return out.finish();
}

// Patterns are equal when compiled from equal sources with the same flags to the same code.
Ref<> pattern_compare(Value a, Value b, CompareOp op) {
  if ((op != CompareOp::Eq && op != CompareOp::Ne) || !is_instance_of(a, &pattern_type) ||
      !is_instance_of(b, &pattern_type)) {
    return new_not_implemented();
  }
  bool equal = true;
  if (a != b) {
    PatternObject* x = as_pattern(a);
    PatternObject* y = as_pattern(b);
    equal = x->flags == y->flags && x->is_bytes == y->is_bytes &&
            x->program->code() == y->program->code();
    if (equal) {
      int same = rich_compare_bool(x->pattern, y->pattern, CompareOp::Eq);
      if (same < 0) return nullptr;
      equal = same;
    }
  }
  return new_bool(op == CompareOp::Eq ? equal : !equal);
}

int64_t pattern_hash(Value self) {
  PatternObject* p = as_pattern(self);
  int64_t h = hash(p->pattern);
  if (h == -1) return -1;
  const auto& code = p->program->code();
  h ^= hash_bytes(code.data(), code.size() * sizeof(sre::Code));
  return h == -1 ? -2 : h;
}

const MethodDef pattern_methods[] = {
    {.name = "match", .impl = pattern_match,
     .signature = "($self, /, string, pos=0, endpos=9223372036854775807)",
     .doc = "Matches zero or more characters at the beginning of the string."},
    {.name = "fullmatch", .impl = pattern_fullmatch,
     .signature = "($self, /, string, pos=0, endpos=9223372036854775807)",
     .doc = "Matches against all of the string."},
    {.name = "search", .impl = pattern_search,
     .signature = "($self, /, string, pos=0, endpos=9223372036854775807)",
     .doc = "Scan through string looking for a match, and return a corresponding match object instance.\n\n"
            "Return None if no position in the string matches."},
    {.name = "sub", .impl = pattern_sub, .signature = "($self, /, repl, string, count=0)",
     .doc = "Return the string obtained by replacing the leftmost non-overlapping occurrences of pattern in string by the replacement repl."},
    {.name = "subn", .impl = pattern_subn, .signature = "($self, /, repl, string, count=0)",
     .doc = "Return the tuple (new_string, number_of_subs_made) found by replacing the leftmost non-overlapping occurrences of pattern with the replacement repl."},
    {.name = "findall", .impl = pattern_findall,
     .signature = "($self, /, string, pos=0, endpos=9223372036854775807)",
     .doc = "Return a list of all non-overlapping matches of pattern in string."},
    {.name = "split", .impl = pattern_split, .signature = "($self, /, string, maxsplit=0)",
     .doc = "Split string by the occurrences of pattern."},
    {.name = "finditer", .impl = pattern_finditer,
     .signature = "($self, /, string, pos=0, endpos=9223372036854775807)",
     .doc = "Return an iterator over all non-overlapping matches for the RE pattern in string.\n\n"
            "For each match, the iterator returns a match object."},
    {.name = "scanner", .impl = pattern_scanner,
     .signature = "($self, /, string, pos=0, endpos=9223372036854775807)"},
    {.name = "__copy__", .impl = pattern_copy, .signature = "($self, /)"},
    {.name = "__deepcopy__", .impl = pattern_copy, .signature = "($self, memo, /)"},
    {.name = "__class_getitem__", .impl = class_getitem_generic_alias, .signature = "($type, item, /)",
     .doc = "See PEP 585", .flags = kMethodClass},
    {},
};

const GetSetDef pattern_getsets[] = {
    {.name = "pattern", .get = pattern_get_pattern, .doc = "The pattern string from which the RE object was compiled."},
    {.name = "flags", .get = pattern_get_flags, .doc = "The regex matching flags."},
    {.name = "groups", .get = pattern_get_groups, .doc = "The number of capturing groups in the pattern."},
    {.name = "groupindex", .get = pattern_get_groupindex,
     .doc = "A dictionary mapping group names to group numbers."},
    {},
};

}  // namespace

TypeObject pattern_type{TypeSpec{
    .name = "re.Pattern",
    .doc = "Compiled regular expression object.",
    .basic_size = sizeof(PatternObject),
    .flags = kTypeHaveGC | kTypeDisallowInstantiation | kTypeImmutable,
    .weaklist_offset = offsetof(PatternObject, weakreflist),
    .slots = {.dealloc = pattern_dealloc, .traverse = pattern_traverse, .clear = pattern_clear,
              .repr = pattern_repr, .hash = pattern_hash, .compare = pattern_compare,
              .getattr = generic_get_attr},
    .methods = pattern_methods,
    .getsets = pattern_getsets,
}};

}  // namespace krait::sre_module
