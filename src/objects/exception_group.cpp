// BaseExceptionGroup and ExceptionGroup (PEP 654): construction with CPython 3.11's checks,
// message/exceptions, derive, split and subgroup (which copy __traceback__, __cause__,
// __context__ and __notes__ to the parts they build), and the helpers behind `except*`.
#include <unordered_set>

#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/dict.h"
#include "objects/exceptions_internal.h"
#include "objects/genericalias.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/recursion_guard.h"
#include "runtime/runtime.h"
#include "runtime/thread_state.h"
#include "vm/call.h"

namespace krait {

// ExceptionGroup derives from both BaseExceptionGroup and Exception, which a TypeSpec (one
// base) cannot say. Its __bases__ is this immortal tuple, put in place during static
// initialisation, before the runtime readies the types: type_ready uses a type's `bases`
// when it is already set, and computes the MRO (ExceptionGroup, BaseExceptionGroup,
// Exception, BaseException, object) from it.
namespace {

alignas(TupleObject) unsigned char exception_group_bases_storage[sizeof(TupleObject) + 2 * sizeof(Value)];

bool set_exception_group_bases() {
  auto* bases = reinterpret_cast<TupleObject*>(exception_group_bases_storage);
  bases->refcount = kStaticRefcount;
  bases->type = &tuple_type;
  bases->length = 2;
  bases->hash_cache_unused = 0;
  bases->items[0] = Value(&exc::BaseExceptionGroup);
  bases->items[1] = Value(&exc::Exception);
  exc::ExceptionGroup.bases = bases;
  return true;
}

[[maybe_unused]] const bool exception_group_bases_set = set_exception_group_bases();

BaseExceptionGroupObject* as_group(Value v) {
  return static_cast<BaseExceptionGroupObject*>(v.as_object());
}

// PySequence_Check: indexable and not a mapping.
bool is_sequence(Value v) { return !is_dict(v) && type_of(v)->getitem != nullptr; }

}  // namespace

// BaseExceptionGroup(message, exceptions): the class may change to ExceptionGroup (all
// members are Exceptions); ExceptionGroup and subclasses deriving from Exception refuse
// BaseExceptions.
Ref<> exception_group_new_slot(TypeObject* type, const Value* args, size_t nargs,
                               TupleObject* kwnames) {
  // Keyword arguments are refused by __init__, under the name of the class finally chosen.
  if (nargs != 2) {
    return type_error("BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)", nargs);
  }
  if (!is_str(args[0])) {
    return type_error("BaseExceptionGroup.__new__() argument 1 must be str, not {}", type_name(args[0]));
  }
  if (!is_sequence(args[1])) return type_error("second argument (exceptions) must be a sequence");
  Ref<TupleObject> excs = tuple_from_iterable(args[1]);
  if (!excs) return nullptr;
  if (excs->length == 0) return value_error("second argument (exceptions) must be a non-empty sequence");
  bool nested_base_exceptions = false;
  for (int64_t i = 0; i < excs->length; ++i) {
    Value e = excs->items[i];
    if (!is_exception_instance(e)) {
      return value_error("Item {} of second argument (exceptions) is not an exception", i);
    }
    if (!is_instance_of(e, &exc::Exception)) nested_base_exceptions = true;
  }
  if (type == &exc::BaseExceptionGroup) {
    if (!nested_base_exceptions) type = &exc::ExceptionGroup;
  } else if (type == &exc::ExceptionGroup) {
    if (nested_base_exceptions) return type_error("Cannot nest BaseExceptions in an ExceptionGroup");
  } else if (nested_base_exceptions && is_subtype(type, &exc::Exception)) {
    return type_error("Cannot nest BaseExceptions in '{}'", type->name);
  }
  Ref<> self = base_exception_new(type, args, nargs, nullptr);
  if (!self) return nullptr;
  BaseExceptionGroupObject* group = as_group(self);
  exception_replace(group->msg, args[0]);
  group->excs = excs.release();
  return self;
}

int exception_group_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!exception_no_keywords(self, kwnames)) return -1;
  return exception_set_args(self, args, nargs) ? 0 : -1;
}

Ref<> exception_group_str(Value self) {
  BaseExceptionGroupObject* group = as_group(self);
  Ref<StrObject> message = str(group->msg ? group->msg : None());
  if (!message) return nullptr;
  int64_t n = group->excs ? as_tuple(group->excs)->length : 0;
  return str_from_utf8(format_message("{} ({} sub-exception{})", str_utf8(message.get()), n,
                                      n > 1 ? "s" : ""));
}

Ref<> exception_group_new(std::string_view message, Value excs) {
  Ref<StrObject> text = str_from_utf8(message);
  if (!text) return nullptr;
  return call2(Value(&exc::BaseExceptionGroup), text.value(), excs);
}

namespace {

// --- split / subgroup ---

enum class MatcherKind { ByType, ByPredicate, ByInstance };

struct Matcher {
  MatcherKind kind;
  Value value;                                  // type, tuple of types, or predicate
  const std::unordered_set<Object*>* leaves = nullptr;  // ByInstance
};

bool matcher_from(Value value, Matcher* out) {
  if (is_callable(value) == 1 && !type_has_flag(value, kTypeTypeSubclass)) {
    *out = {MatcherKind::ByPredicate, value};
    return true;
  }
  if (is_exception_class(value)) {
    *out = {MatcherKind::ByType, value};
    return true;
  }
  if (is_exact_tuple(value)) {
    TupleObject* tuple = as_tuple(value);
    bool all_classes = true;
    for (int64_t i = 0; i < tuple->length; ++i) all_classes = all_classes && is_exception_class(tuple->items[i]);
    if (all_classes) {
      *out = {MatcherKind::ByType, value};
      return true;
    }
  }
  return type_error("expected a function, exception type or tuple of exception types");
}

// 1: exc matches, 0: it does not, -1: error.
int matches(Value exc, const Matcher& matcher) {
  switch (matcher.kind) {
    case MatcherKind::ByType: return is_instance(exc, matcher.value);
    case MatcherKind::ByPredicate: {
      Ref<> result = call1(matcher.value, exc);
      if (!result) return -1;
      return is_true(result);
    }
    case MatcherKind::ByInstance: return matcher.leaves->count(exc.as_object()) ? 1 : 0;
  }
  return 0;
}

// A group like `original` holding `excs`, made by original.derive(excs), carrying the
// original's traceback, cause, context and (a copy of) its notes. Null *out: nothing to hold.
bool make_subset(Value original, ListObject* excs, Ref<>* out) {
  if (excs->length == 0) return true;
  Ref<> group = call_method1(original, str_intern_utf8("derive"), Value(excs));
  if (!group) return false;
  if (!is_exception_group(group)) return type_error("derive must return an instance of BaseExceptionGroup");
  if (Value tb = exception_traceback(original)) exception_set_traceback(group, tb);
  exception_set_context(group, exception_context(original));
  exception_set_cause(group, exception_cause(original));
  Ref<> notes;
  if (get_attr_optional(original, ID(__notes__), &notes) < 0) return false;
  // Notes that are not a sequence are left behind: split() is no place to report them.
  if (notes && is_sequence(notes)) {
    Ref<ListObject> copy = list_from_iterable(notes);
    if (!copy || !set_attr(group, ID(__notes__), copy.value())) return false;
  }
  *out = std::move(group);
  return true;
}

bool split_recursive(Value exc, const Matcher& matcher, bool construct_rest, Ref<>* match, Ref<>* rest) {
  int full = matches(exc, matcher);
  if (full < 0) return false;
  if (full) {
    *match = new_ref(exc);
    return true;
  }
  if (!is_exception_group(exc)) {
    if (construct_rest) *rest = new_ref(exc);
    return true;
  }
  // A partial match: split each member and rebuild both sides with the same structure.
  Ref<ListObject> match_list = list_new(0);
  Ref<ListObject> rest_list = list_new(0);
  if (!match_list || !rest_list) return false;
  Ref<> excs = new_ref(as_group(exc)->excs);
  TupleObject* members = as_tuple(excs);
  for (int64_t i = 0; i < members->length; ++i) {
    Ref<> member_match, member_rest;
    RecursionGuard guard(" in exceptiongroup_split_recursive");
    if (guard.failed() ||
        !split_recursive(members->items[i], matcher, construct_rest, &member_match, &member_rest)) {
      return false;
    }
    if (member_match && !list_append_steal(match_list.get(), std::move(member_match))) return false;
    if (member_rest && !list_append_steal(rest_list.get(), std::move(member_rest))) return false;
  }
  if (!make_subset(exc, match_list.get(), match)) return false;
  return !construct_rest || make_subset(exc, rest_list.get(), rest);
}

Ref<> or_none(Ref<>&& v) { return v ? std::move(v) : new_none(); }

Ref<> exception_group_split_method(Value self, const Value* args) {
  Matcher matcher;
  if (!matcher_from(args[0], &matcher)) return nullptr;
  Ref<> match, rest;
  if (!split_recursive(self, matcher, true, &match, &rest)) return nullptr;
  Ref<> first = or_none(std::move(match));
  Ref<> second = or_none(std::move(rest));
  return tuple_of({first.value(), second.value()});
}

Ref<> exception_group_subgroup(Value self, const Value* args) {
  Matcher matcher;
  if (!matcher_from(args[0], &matcher)) return nullptr;
  Ref<> match, rest;
  if (!split_recursive(self, matcher, false, &match, &rest)) return nullptr;
  return or_none(std::move(match));
}

Ref<> exception_group_derive(Value self, const Value* args) {
  BaseExceptionGroupObject* group = as_group(self);
  return call2(Value(&exc::BaseExceptionGroup), group->msg ? group->msg : None(), args[0]);
}

// Every leaf exception of exc (exc itself if it is not a group), by identity.
bool collect_leaves(Value exc, std::unordered_set<Object*>* leaves) {
  if (!exc || is_none(exc)) return true;
  if (!is_exception_group(exc)) {
    leaves->insert(exc.as_object());
    return true;
  }
  TupleObject* members = as_tuple(as_group(exc)->excs);
  for (int64_t i = 0; i < members->length; ++i) {
    RecursionGuard guard(" in collect_exception_group_leaf_ids");
    if (guard.failed() || !collect_leaves(members->items[i], leaves)) return false;
  }
  return true;
}

// A re-raise keeps the traceback, cause and context of the group it came from.
bool same_metadata(Value a, Value b) {
  BaseExceptionObject* x = as_exception(a);
  BaseExceptionObject* y = as_exception(b);
  return x->traceback == y->traceback && x->cause == y->cause && x->context == y->context;
}

}  // namespace

bool exception_group_split(Value group, Value match_type, Ref<>* match, Ref<>* rest) {
  Matcher matcher;
  if (!matcher_from(match_type, &matcher)) return false;
  if (!split_recursive(group, matcher, true, match, rest)) return false;
  *match = or_none(std::move(*match));
  *rest = or_none(std::move(*rest));
  return true;
}

Ref<> exception_group_prep_reraise(Value original, Value raised_list) {
  ListObject* excs = as_list(raised_list);
  if (excs->length == 0) return new_none();
  if (!is_exception_group(original)) {
    // A naked exception was caught and wrapped: only one except* clause could have run.
    return new_ref(excs->items[0]);
  }
  Ref<ListObject> raised = list_new(0);
  Ref<ListObject> reraised = list_new(0);
  if (!raised || !reraised) return nullptr;
  for (int64_t i = 0; i < excs->length; ++i) {
    Value e = excs->items[i];
    if (is_none(e)) continue;
    ListObject* target = same_metadata(e, original) ? reraised.get() : raised.get();
    if (!list_append(target, e)) return nullptr;
  }
  // The re-raised leaves, kept in the original group's structure.
  std::unordered_set<Object*> leaves;
  for (int64_t i = 0; i < reraised->length; ++i) {
    if (!collect_leaves(reraised->items[i], &leaves)) return nullptr;
  }
  Matcher matcher{MatcherKind::ByInstance, Value(), &leaves};
  Ref<> reraised_group, unused;
  if (!split_recursive(original, matcher, false, &reraised_group, &unused)) return nullptr;
  if (raised->length == 0) return or_none(std::move(reraised_group));
  // 3.11 wraps what the clauses raised in a new group, even a single exception.
  if (reraised_group && !list_append(raised.get(), reraised_group)) return nullptr;
  return exception_group_new("", raised.value());
}

const MethodDef exception_group_methods[] = {
    {.name = "__class_getitem__",
     .impl = class_getitem_generic_alias,
     .signature = "($type, item, /)",
     .doc = "See PEP 585",
     .flags = kMethodClass},
    {.name = "derive", .impl = exception_group_derive, .signature = "($self, excs, /)"},
    {.name = "split", .impl = exception_group_split_method, .signature = "($self, matcher_value, /)"},
    {.name = "subgroup", .impl = exception_group_subgroup, .signature = "($self, matcher_value, /)"},
    {},
};

const MemberDef exception_group_members[] = {
    {"message", MemberKind::ObjectOrNone, offsetof(BaseExceptionGroupObject, msg), true,
     "exception message"},
    {"exceptions", MemberKind::ObjectOrNone, offsetof(BaseExceptionGroupObject, excs), true,
     "nested exceptions"},
    {},
};

}  // namespace krait
