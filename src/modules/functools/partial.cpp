// functools.partial, CPython's C version: nested partials are flattened at construction,
// calls prepend the stored arguments on the C++ stack (no tuple is built unless the
// partial has keywords that need merging), and pickling goes through __reduce__ /
// __setstate__ with CPython's validation.
#include <string>
#include <vector>

#include "core/alloc.h"
#include "core/ops.h"
#include "modules/functools/functools_internal.h"
#include "objects/container_util.h"
#include "objects/dict.h"
#include "objects/genericalias.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait::functools {

Ref<> get_instance_dict(Object** slot) {
  if (!*slot) {
    Ref<DictObject> dict = dict_new();
    if (!dict) return nullptr;
    *slot = dict.release_object();
  }
  return new_ref(Value(*slot));
}

int set_instance_dict(Object** slot, Value value) {
  if (!value) return type_error("cannot delete __dict__");
  if (!is_dict(value)) {
    return type_error("__dict__ must be set to a dictionary, not a '{}'", type_name(value));
  }
  incref(value);
  Object* old = *slot;
  *slot = value.as_object();
  if (old) decref(old);
  return 0;
}

namespace {

struct PartialObject : Object {
  Value fn;
  Object* args;         // exact tuple
  Object* kw;           // exact dict
  Object* dict;         // __dict__, made on demand
  Object* weakreflist;
  // The keys of `kw` as a kwnames tuple, valid while kw's key version is kw_names_version
  // and kw holds only str keys: calls then pass the stored keywords without allocating.
  Object* kw_names;
  uint32_t kw_names_version;
};

PartialObject* as_partial(Value v) { return static_cast<PartialObject*>(v.as_object()); }

Ref<> partial_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (nargs < 1) return type_error("type 'partial' takes at least one argument");
  Value fn = args[0];
  TupleObject* inner_args = nullptr;
  DictObject* inner_kw = nullptr;
  // A partial of a partial (of any type built by this constructor, without a __dict__)
  // is flattened into one.
  if (type_of(fn)->new_instance == partial_new && !as_partial(fn)->dict) {
    PartialObject* inner = as_partial(fn);
    inner_args = static_cast<TupleObject*>(inner->args);
    inner_kw = static_cast<DictObject*>(inner->kw);
    fn = inner->fn;
  }
  if (!is_callable(fn)) return type_error("the first argument must be callable");
  Ref<> keep_fn = new_ref(fn);

  int64_t stored = inner_args ? inner_args->length : 0;
  Ref<TupleObject> all_args = tuple_allocate(stored + int64_t(nargs) - 1);
  if (!all_args) return nullptr;
  for (int64_t i = 0; i < stored; ++i) {
    incref(inner_args->items[i]);
    all_args->items[i] = inner_args->items[i];
  }
  for (size_t i = 1; i < nargs; ++i) {
    incref(args[i]);
    all_args->items[stored + int64_t(i) - 1] = args[i];
  }

  Ref<DictObject> kw = inner_kw && inner_kw->used ? dict_copy(inner_kw) : dict_new();
  if (!kw) return nullptr;
  if (kwnames) {
    for (int64_t i = 0; i < kwnames->length; ++i) {
      if (!dict_set(kw.get(), kwnames->items[i], args[nargs + size_t(i)])) return nullptr;
    }
  }

  auto* p = allocate<PartialObject>(type, size_t(type->basic_size));
  if (!p) return nullptr;
  p->fn = keep_fn.release();
  p->args = all_args.release_object();
  p->kw = kw.release_object();
  gc_track(p);
  return Ref<>::steal(Value(p));
}

void partial_clear(Object* o) {
  auto* p = static_cast<PartialObject*>(o);
  clear_slot(&p->fn);
  clear_slot(&p->args);
  clear_slot(&p->kw);
  clear_slot(&p->dict);
  clear_slot(&p->kw_names);
}

void partial_dealloc(Object* o) {
  gc_untrack(o);
  if (static_cast<PartialObject*>(o)->weakreflist) clear_weakrefs(o);
  partial_clear(o);
  free_object(o);
}

void partial_traverse(Object* o, VisitFn visit, void* arg) {
  auto* p = static_cast<PartialObject*>(o);
  visit_value(p->fn, visit, arg);
  for (Object* field : {p->args, p->kw, p->dict, p->kw_names}) {
    if (field) visit(field, arg);
  }
}

// The stored keywords as a kwnames tuple (borrowed), or null when some key is not a str
// (then the call goes through a dict, whose callee reports "keywords must be strings").
TupleObject* stored_kw_names(PartialObject* p) {
  auto* kw = static_cast<DictObject*>(p->kw);
  uint32_t version = dict_keys_version(kw);
  if (p->kw_names && version != 0 && version == p->kw_names_version) {
    return static_cast<TupleObject*>(p->kw_names);
  }
  Ref<TupleObject> names = tuple_allocate(kw->used);
  if (!names) return nullptr;
  int64_t pos = 0, i = 0;
  Value key, value;
  while (dict_next(kw, &pos, &key, &value)) {
    if (!is_str(key)) return nullptr;
    incref(key);
    names->items[i++] = key;
  }
  clear_slot(&p->kw_names);
  p->kw_names = names.release_object();
  p->kw_names_version = version;
  return static_cast<TupleObject*>(p->kw_names);
}

// fn(*stored, *args, **stored_kw, **call_kw) through a tuple and a dict, for keyword sets
// the vector path does not handle (non-str keys).
Ref<> partial_call_with_dict(PartialObject* p, const Value* args, size_t nargs,
                             TupleObject* kwnames) {
  auto* stored = static_cast<TupleObject*>(p->args);
  Ref<TupleObject> positional = tuple_allocate(stored->length + int64_t(nargs));
  if (!positional) return nullptr;
  for (int64_t i = 0; i < stored->length; ++i) {
    incref(stored->items[i]);
    positional->items[i] = stored->items[i];
  }
  for (size_t i = 0; i < nargs; ++i) {
    incref(args[i]);
    positional->items[stored->length + int64_t(i)] = args[i];
  }
  Ref<DictObject> keywords = dict_copy(static_cast<DictObject*>(p->kw));
  if (!keywords) return nullptr;
  int64_t count = kwnames ? kwnames->length : 0;
  for (int64_t i = 0; i < count; ++i) {
    if (!dict_set(keywords.get(), kwnames->items[i], args[nargs + size_t(i)])) return nullptr;
  }
  Ref<> fn = new_ref(p->fn);
  return call_tuple_dict(fn, positional, keywords);
}

// The call: [stored args][call args][keyword values] laid out in one array. Stored
// keywords come first in their stored order; a call keyword of the same name replaces the
// stored value in place, as merging the dicts does in CPython.
Ref<> partial_call(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  PartialObject* p = as_partial(self);
  // Hold the pieces: the callee may reassign them through __setstate__.
  Ref<> fn = new_ref(p->fn);
  Ref<> stored_ref = new_ref(Value(p->args));
  auto* stored = static_cast<TupleObject*>(p->args);
  auto* kw = static_cast<DictObject*>(p->kw);
  size_t call_kw = kwnames ? size_t(kwnames->length) : 0;
  size_t positional = size_t(stored->length) + nargs;

  constexpr size_t kInline = 16;
  Value inline_buffer[kInline];
  std::vector<Value> heap_buffer;
  auto buffer_for = [&](size_t n) -> Value* {
    if (n <= kInline) return inline_buffer;
    heap_buffer.resize(n);
    return heap_buffer.data();
  };

  if (kw->used == 0) {
    if (stored->length == 0) return call(fn, args, nargs, kwnames);
    Value* all = buffer_for(positional + call_kw);
    for (int64_t i = 0; i < stored->length; ++i) all[i] = stored->items[i];
    for (size_t i = 0; i < nargs + call_kw; ++i) all[size_t(stored->length) + i] = args[i];
    return call(fn, all, positional, kwnames);
  }

  Ref<> kw_ref = new_ref(Value(kw));
  TupleObject* names = stored_kw_names(p);
  if (!names) {
    if (error_occurred()) return nullptr;
    return partial_call_with_dict(p, args, nargs, kwnames);
  }
  Ref<> names_ref = new_ref(Value(names));
  size_t stored_kw = size_t(names->length);
  Value* all = buffer_for(positional + stored_kw + call_kw);
  for (int64_t i = 0; i < stored->length; ++i) all[i] = stored->items[i];
  for (size_t i = 0; i < nargs; ++i) all[size_t(stored->length) + i] = args[i];
  // The stored values, in the order of `names` (the dict's order).
  {
    int64_t pos = 0;
    size_t i = 0;
    Value key, value;
    while (dict_next(kw, &pos, &key, &value) && i < stored_kw) all[positional + i++] = value;
  }
  if (call_kw == 0) return call(fn, all, positional, names);

  // Merge: replace stored values the call overrides, append the new names.
  Ref<TupleObject> merged = tuple_allocate(int64_t(stored_kw + call_kw));
  if (!merged) return nullptr;
  for (size_t i = 0; i < stored_kw; ++i) {
    incref(names->items[i]);
    merged->items[i] = names->items[i];
  }
  size_t total_kw = stored_kw;
  for (size_t k = 0; k < call_kw; ++k) {
    Value name = kwnames->items[k];
    size_t found = total_kw;
    for (size_t i = 0; i < total_kw; ++i) {
      if (merged->items[i] == name) {
        found = i;
        break;
      }
    }
    if (found == total_kw) {
      for (size_t i = 0; i < total_kw; ++i) {
        int same = equal(merged->items[i], name);
        if (same < 0) return nullptr;
        if (same) {
          found = i;
          break;
        }
      }
    }
    if (found == total_kw) {
      incref(name);
      merged->items[total_kw++] = name;
    }
    all[positional + found] = args[nargs + k];
  }
  if (total_kw != stored_kw + call_kw) {
    Ref<TupleObject> exact = tuple_from_array(merged->items, int64_t(total_kw));
    if (!exact) return nullptr;
    merged = std::move(exact);
  }
  return call(fn, all, positional, merged.get());
}

// "functools.partial(<fn>, 1, 2, a=3)"; a partial reached again inside prints "...".
Ref<> partial_repr(Value self) {
  PartialObject* p = as_partial(self);
  ReprGuard guard(p);
  if (guard.recursive()) return str_from_ascii("...");
  Ref<> fn = new_ref(p->fn);
  Ref<> stored = new_ref(Value(p->args));
  Ref<StrObject> fn_text = repr(fn);
  if (!fn_text) return nullptr;
  std::string text = std::string(type_of(self)->name) + "(" + std::string(str_utf8(fn_text.get()));
  auto* args = as_tuple(stored);
  for (int64_t i = 0; i < args->length; ++i) {
    Ref<StrObject> item = repr(args->items[i]);
    if (!item) return nullptr;
    text += ", ";
    text += str_utf8(item.get());
  }
  Ref<> items = dict_items_list(static_cast<DictObject*>(p->kw));
  if (!items) return nullptr;
  bool ok = for_each(items, [&](Value pair) {
    Ref<StrObject> key = str(as_tuple(pair)->items[0]);
    if (!key) return false;
    Ref<StrObject> value = repr(as_tuple(pair)->items[1]);
    if (!value) return false;
    text += ", ";
    text += str_utf8(key.get());
    text += "=";
    text += str_utf8(value.get());
    return true;
  });
  if (!ok) return nullptr;
  text += ")";
  return str_from_utf8(text);
}

Ref<> partial_reduce(Value self, const Value*) {
  PartialObject* p = as_partial(self);
  Ref<TupleObject> fn_only = tuple_of({p->fn});
  if (!fn_only) return nullptr;
  Ref<TupleObject> state =
      tuple_of({p->fn, Value(p->args), Value(p->kw), p->dict ? Value(p->dict) : None()});
  if (!state) return nullptr;
  return tuple_of({Value(type_of(self)), fn_only.value(), state.value()});
}

Ref<> partial_setstate(Value self, const Value* args) {
  Value state = args[0];
  if (!is_tuple(state) || as_tuple(state)->length != 4) return type_error("invalid partial state");
  Value fn = as_tuple(state)->items[0], fn_args = as_tuple(state)->items[1];
  Value kw = as_tuple(state)->items[2], dict = as_tuple(state)->items[3];
  if (!is_callable(fn) || !is_tuple(fn_args) || (!is_none(kw) && !is_dict(kw)) ||
      (!is_none(dict) && !is_dict(dict))) {
    return type_error("invalid partial state");
  }
  Ref<> hold_state = new_ref(state);
  Ref<> new_args = is_exact_tuple(fn_args) ? new_ref(fn_args) : Ref<>(tuple_from_iterable(fn_args));
  if (!new_args) return nullptr;
  Ref<> new_kw = is_none(kw) ? Ref<>(dict_new())
                 : is_exact_dict(kw) ? new_ref(kw)
                                     : Ref<>(dict_copy(as_dict(kw)));
  if (!new_kw) return nullptr;
  PartialObject* p = as_partial(self);
  Value old_fn = p->fn;
  Object *old_args = p->args, *old_kw = p->kw, *old_dict = p->dict;
  p->fn = new_ref(fn).release();
  p->args = new_args.release_object();
  p->kw = new_kw.release_object();
  p->dict = is_none(dict) ? nullptr : new_ref(dict).release_object();
  clear_slot(&p->kw_names);
  decref(old_fn);
  decref(old_args);
  decref(old_kw);
  if (old_dict) decref(old_dict);
  return new_none();
}

Ref<> partial_get_dict(Value self) { return get_instance_dict(&as_partial(self)->dict); }
int partial_set_dict(Value self, Value value) {
  return set_instance_dict(&as_partial(self)->dict, value);
}

const MethodDef partial_methods[] = {
    {.name = "__reduce__", .impl = partial_reduce, .signature = "($self, /)"},
    {.name = "__setstate__", .impl = partial_setstate, .signature = "($self, state, /)"},
    {.name = "__class_getitem__",
     .impl = class_getitem_generic_alias,
     .signature = "($type, item, /)",
     .doc = "See PEP 585",
     .flags = kMethodClass},
    {},
};

const MemberDef partial_members[] = {
    {"func", MemberKind::Object, offsetof(PartialObject, fn), true,
     "function object to use in future partial calls"},
    {"args", MemberKind::Object, offsetof(PartialObject, args), true,
     "tuple of arguments to future partial calls"},
    {"keywords", MemberKind::Object, offsetof(PartialObject, kw), true,
     "dictionary of keyword arguments to future partial calls"},
    {},
};

const GetSetDef partial_getsets[] = {
    {"__dict__", partial_get_dict, partial_set_dict},
    {},
};

}  // namespace

TypeObject partial_type{TypeSpec{
    .name = "functools.partial",
    .doc = "partial(func, *args, **keywords) - new function with partial application\n"
           "    of the given arguments and keywords.\n",
    .basic_size = sizeof(PartialObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .dict_offset = offsetof(PartialObject, dict),
    .weaklist_offset = offsetof(PartialObject, weakreflist),
    .slots = {.dealloc = partial_dealloc,
              .traverse = partial_traverse,
              .clear = partial_clear,
              .new_instance = partial_new,
              .repr = partial_repr,
              .getattr = generic_get_attr,
              .setattr = generic_set_attr,
              .call = partial_call},
    .methods = partial_methods,
    .getsets = partial_getsets,
    .members = partial_members,
}};

}  // namespace krait::functools
