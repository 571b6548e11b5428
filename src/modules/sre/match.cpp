// re.Match (the spans of one match, with the subject and pattern it came from) and
// _sre.SRE_Scanner (a matching state kept between calls: Pattern.scanner and finditer).
#include <memory>

#include "core/alloc.h"
#include "core/error.h"
#include "core/ops.h"
#include "modules/sre/sre_objects.h"
#include "objects/container_util.h"
#include "objects/dict.h"
#include "objects/genericalias.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/gc.h"

namespace krait::sre_module {

// --- Match ---

Ref<> match_new(PatternObject* pattern, Value string, const sre::Matcher& matcher) {
  int64_t group_count = pattern->groups + 1;
  auto* m = allocate<MatchObject>(&match_type,
                                  sizeof(MatchObject) + size_t(2 * group_count) * sizeof(ptrdiff_t));
  if (!m) return nullptr;
  Ref<> result = Ref<>::steal(Value(m));
  incref(string);
  m->string = string;
  incref(pattern);
  m->pattern = pattern;
  m->group_count = group_count;
  m->pos = matcher.pos();
  m->endpos = matcher.endpos();
  m->lastindex = matcher.lastindex();
  if (!matcher.spans(m->marks)) {
    return system_error("The span of capturing group is wrong, please report a bug for the re module.");
  }
  gc_track(m);
  return result;
}

Ref<> match_group_value(MatchObject* m, int64_t index, Value missing) {
  ptrdiff_t start = m->marks[2 * index], end = m->marks[2 * index + 1];
  if (start < 0 || end < 0) return new_ref(missing);
  if (is_str(m->string)) return str_substring(as_str(m->string), start, end);
  // A bytes-like subject is read again: a bytearray may have changed since the match.
  SubjectView view;
  if (!view.acquire(m->pattern, m->string)) return nullptr;
  return subject_slice(m->string, view.subject(), true, start, end);
}

namespace {

void match_dealloc(Object* o) {
  auto* m = static_cast<MatchObject*>(o);
  gc_untrack(o);
  decref(m->string);
  decref(m->pattern);
  if (m->regs) decref(m->regs);
  free_object(o);
}

void match_traverse(Object* o, VisitFn visit, void* arg) {
  auto* m = static_cast<MatchObject*>(o);
  if (m->string.is_object()) visit(m->string.as_object(), arg);
  visit(m->pattern, arg);
  if (m->regs) visit(m->regs, arg);
}

void match_clear(Object* o) {
  auto* m = static_cast<MatchObject*>(o);
  if (Object* regs = m->regs) {
    m->regs = nullptr;
    decref(regs);
  }
}

// A group given by number (anything with __index__) or by name; -1 with IndexError
// ("no such group") when there is none.
int64_t group_index(MatchObject* m, Value group) {
  int64_t index = -1;
  if (has_index(group)) {
    if (!index_to_int64_clamped(group, &index)) return -1;
  } else if (m->pattern->groupindex) {
    Value found = dict_get(static_cast<DictObject*>(m->pattern->groupindex), group);
    if (found && is_int(found) && !int_to_int64(found, &index)) index = -1;
    if (!found && error_occurred()) return -1;
  }
  if (index < 0 || index >= m->group_count) return index_error("no such group");
  return index;
}

Ref<> group_by_key(MatchObject* m, Value group, Value missing) {
  int64_t index = group_index(m, group);
  if (index < 0) return nullptr;
  return match_group_value(m, index, missing);
}

Ref<> match_group(Value self, const Value* args) {
  MatchObject* m = as_match(self);
  TupleObject* groups = as_tuple(args[0]);
  if (groups->length == 0) return match_group_value(m, 0, None());
  if (groups->length == 1) return group_by_key(m, groups->items[0], None());
  Ref<TupleObject> result = tuple_allocate(groups->length);
  if (!result) return nullptr;
  for (int64_t i = 0; i < groups->length; ++i) {
    Ref<> value = group_by_key(m, groups->items[i], None());
    if (!value) return nullptr;
    result->items[i] = value.release();
  }
  return result;
}

Ref<> match_getitem(Value self, Value key) { return group_by_key(as_match(self), key, None()); }

Ref<> match_groups(Value self, const Value* args) {
  MatchObject* m = as_match(self);
  Ref<TupleObject> result = tuple_allocate(m->group_count - 1);
  if (!result) return nullptr;
  for (int64_t i = 1; i < m->group_count; ++i) {
    Ref<> value = match_group_value(m, i, args[0]);
    if (!value) return nullptr;
    result->items[i - 1] = value.release();
  }
  return result;
}

Ref<> match_groupdict(Value self, const Value* args) {
  MatchObject* m = as_match(self);
  Ref<DictObject> result = dict_new();
  if (!result) return nullptr;
  if (!m->pattern->groupindex) return result;
  Ref<> names = dict_keys_list(static_cast<DictObject*>(m->pattern->groupindex));
  if (!names) return nullptr;
  for (int64_t i = 0, n = length(names); i < n; ++i) {
    Ref<> name = get_item(names, Value::small_int(i));
    if (!name) return nullptr;
    Ref<> value = group_by_key(m, name, args[0]);
    if (!value || !dict_set(result.get(), name, value)) return nullptr;
  }
  return result;
}

// start(), end() and span() of a group (default 0).
bool group_span(Value self, Value group, ptrdiff_t* start, ptrdiff_t* end) {
  MatchObject* m = as_match(self);
  int64_t index = group ? group_index(m, group) : 0;
  if (index < 0) return false;
  *start = m->marks[2 * index];
  *end = m->marks[2 * index + 1];
  return true;
}

Ref<> match_start(Value self, const Value* args) {
  ptrdiff_t start, end;
  if (!group_span(self, args[0], &start, &end)) return nullptr;
  return int_from_int64(start);
}

Ref<> match_end(Value self, const Value* args) {
  ptrdiff_t start, end;
  if (!group_span(self, args[0], &start, &end)) return nullptr;
  return int_from_int64(end);
}

Ref<> span_tuple(ptrdiff_t start, ptrdiff_t end) {
  return tuple_steal({Value::small_int(start), Value::small_int(end)});
}

Ref<> match_span(Value self, const Value* args) {
  ptrdiff_t start, end;
  if (!group_span(self, args[0], &start, &end)) return nullptr;
  return span_tuple(start, end);
}

Ref<> match_expand(Value self, const Value* args) {
  Value helper_args[3] = {Value(as_match(self)->pattern), self, args[0]};
  return call_re_helper("_expand", helper_args, 3);
}

Ref<> match_copy(Value self, const Value*) { return new_ref(self); }

Ref<> match_get_lastindex(Value self) {
  MatchObject* m = as_match(self);
  if (m->lastindex < 0) return new_none();
  return int_from_int64(m->lastindex);
}

Ref<> match_get_lastgroup(Value self) {
  MatchObject* m = as_match(self);
  auto* names = static_cast<TupleObject*>(m->pattern->indexgroup);
  if (!names || m->lastindex < 0 || m->lastindex >= names->length) return new_none();
  return new_ref(names->items[m->lastindex]);
}

Ref<> match_get_regs(Value self) {
  MatchObject* m = as_match(self);
  if (!m->regs) {
    Ref<TupleObject> regs = tuple_allocate(m->group_count);
    if (!regs) return nullptr;
    for (int64_t i = 0; i < m->group_count; ++i) {
      Ref<> span = span_tuple(m->marks[2 * i], m->marks[2 * i + 1]);
      if (!span) return nullptr;
      regs->items[i] = span.release();
    }
    m->regs = regs.release_object();
  }
  return new_ref(m->regs);
}

Ref<> match_get_string(Value self) { return new_ref(as_match(self)->string); }
Ref<> match_get_re(Value self) { return new_ref(as_match(self)->pattern); }
Ref<> match_get_pos(Value self) { return int_from_int64(as_match(self)->pos); }
Ref<> match_get_endpos(Value self) { return int_from_int64(as_match(self)->endpos); }

// "<re.Match object; span=(0, 1), match='a'>", the matched text's repr cut to 50 characters.
Ref<> match_repr(Value self) {
  MatchObject* m = as_match(self);
  Ref<> group0 = match_group_value(m, 0, None());
  if (!group0) return nullptr;
  Ref<StrObject> text = repr(group0);
  if (!text) return nullptr;
  if (text->length > 50) {
    text = str_substring(text.get(), 0, 50);
    if (!text) return nullptr;
  }
  StrBuilder out;
  out.append_ascii(format_message("<re.Match object; span=({}, {}), match=", int64_t(m->marks[0]),
                                  int64_t(m->marks[1])));
  out.append(text.get());
  out.append(U'>');
  return out.finish();
}

const MethodDef match_methods[] = {
    {.name = "group", .impl = match_group, .signature = "($self, *args)",
     .doc = "group([group1, ...]) -> str or tuple.\n    Return subgroup(s) of the match by indices or names.\n    For 0 returns the entire match."},
    {.name = "start", .impl = match_start, .signature = "($self, group=0, /)",
     .doc = "Return index of the start of the substring matched by group."},
    {.name = "end", .impl = match_end, .signature = "($self, group=0, /)",
     .doc = "Return index of the end of the substring matched by group."},
    {.name = "span", .impl = match_span, .signature = "($self, group=0, /)",
     .doc = "For match object m, return the 2-tuple (m.start(group), m.end(group))."},
    {.name = "groups", .impl = match_groups, .signature = "($self, /, default=None)",
     .doc = "Return a tuple containing all the subgroups of the match, from 1.\n\n"
            "  default\n    Is used for groups that did not participate in the match."},
    {.name = "groupdict", .impl = match_groupdict, .signature = "($self, /, default=None)",
     .doc = "Return a dictionary containing all the named subgroups of the match, keyed by the subgroup name.\n\n"
            "  default\n    Is used for groups that did not participate in the match."},
    {.name = "expand", .impl = match_expand, .signature = "($self, /, template)",
     .doc = "Return the string obtained by doing backslash substitution on the string template, as done by the sub() method."},
    {.name = "__copy__", .impl = match_copy, .signature = "($self, /)"},
    {.name = "__deepcopy__", .impl = match_copy, .signature = "($self, memo, /)"},
    {.name = "__class_getitem__", .impl = class_getitem_generic_alias, .signature = "($type, item, /)",
     .doc = "See PEP 585", .flags = kMethodClass},
    {},
};

const GetSetDef match_getsets[] = {
    {.name = "lastindex", .get = match_get_lastindex,
     .doc = "The integer index of the last matched capturing group."},
    {.name = "lastgroup", .get = match_get_lastgroup,
     .doc = "The name of the last matched capturing group."},
    {.name = "regs", .get = match_get_regs},
    {.name = "string", .get = match_get_string,
     .doc = "The string passed to match() or search()."},
    {.name = "re", .get = match_get_re,
     .doc = "The regular expression object."},
    {.name = "pos", .get = match_get_pos,
     .doc = "The index into the string at which the RE engine started looking for a match."},
    {.name = "endpos", .get = match_get_endpos,
     .doc = "The index into the string beyond which the RE engine will not go."},
    {},
};

}  // namespace

TypeObject match_type{TypeSpec{
    .name = "re.Match",
    .doc = "The result of re.match() and re.search().\n"
           "Match objects always have a boolean value of True.",
    .basic_size = sizeof(MatchObject),
    .flags = kTypeHaveGC | kTypeDisallowInstantiation | kTypeImmutable,
    .slots = {.dealloc = match_dealloc, .traverse = match_traverse, .clear = match_clear,
              .repr = match_repr, .getattr = generic_get_attr, .getitem = match_getitem},
    .methods = match_methods,
    .getsets = match_getsets,
}};

// --- Scanner ---

struct ScannerState {
  Value string;  // owned
  SubjectView view;
  std::unique_ptr<sre::Matcher> matcher;
  bool executing = false;  // a signal handler run by the interrupt hook may call back in
  ~ScannerState() { decref(string); }
};

Ref<> scanner_new(PatternObject* pattern, Value string, int64_t pos, int64_t endpos) {
  auto state = std::make_unique<ScannerState>();
  incref(string);
  state->string = string;
  if (!state->view.acquire(pattern, string)) return nullptr;
  state->matcher = std::make_unique<sre::Matcher>(*pattern->program, state->view.subject(), pos, endpos);
  state->matcher->set_interrupt_hook(interrupt_hook());
  auto* s = allocate<ScannerObject>(&scanner_type);
  if (!s) return nullptr;
  incref(pattern);
  s->pattern = pattern;
  s->state = state.release();
  gc_track(s);
  return Ref<>::steal(Value(s));
}

namespace {

ScannerObject* as_scanner(Value v) { return static_cast<ScannerObject*>(v.as_object()); }

void scanner_dealloc(Object* o) {
  auto* s = static_cast<ScannerObject*>(o);
  gc_untrack(o);
  delete s->state;
  decref(s->pattern);
  free_object(o);
}

void scanner_traverse(Object* o, VisitFn visit, void* arg) {
  auto* s = static_cast<ScannerObject*>(o);
  visit(s->pattern, arg);
  if (s->state && s->state->string.is_object()) visit(s->state->string.as_object(), arg);
}

Ref<> scanner_next(Value self, sre::Mode mode) {
  ScannerObject* s = as_scanner(self);
  ScannerState* state = s->state;
  if (!state) return new_none();
  if (state->executing) return value_error("regular expression scanner already executing");
  state->executing = true;
  sre::Status status = state->matcher->next(mode);
  state->executing = false;
  if (status == sre::Status::kNoMatch) return new_none();
  if (status != sre::Status::kMatch) return raise_status(status);
  return match_new(s->pattern, state->string, *state->matcher);
}

Ref<> scanner_match(Value self, const Value*) { return scanner_next(self, sre::Mode::kMatch); }
Ref<> scanner_search(Value self, const Value*) { return scanner_next(self, sre::Mode::kSearch); }
Ref<> scanner_get_pattern(Value self) { return new_ref(as_scanner(self)->pattern); }

const MethodDef scanner_methods[] = {
    {.name = "match", .impl = scanner_match, .signature = "($self, /)"},
    {.name = "search", .impl = scanner_search, .signature = "($self, /)"},
    {},
};

const GetSetDef scanner_getsets[] = {
    {.name = "pattern", .get = scanner_get_pattern},
    {},
};

}  // namespace

TypeObject scanner_type{TypeSpec{
    .name = "_sre.SRE_Scanner",
    .basic_size = sizeof(ScannerObject),
    .flags = kTypeHaveGC | kTypeDisallowInstantiation | kTypeImmutable,
    .slots = {.dealloc = scanner_dealloc, .traverse = scanner_traverse, .getattr = generic_get_attr},
    .methods = scanner_methods,
    .getsets = scanner_getsets,
}};

}  // namespace krait::sre_module
