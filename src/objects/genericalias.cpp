// types.GenericAlias (list[int], PEP 585) and types.UnionType (int | str, PEP 604).
#include "objects/genericalias.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/dict.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"
#include "runtime/import.h"

namespace krait {

namespace {

struct GenericAliasObject : Object {
  Value origin;
  Object* args;        // tuple
  Object* parameters;  // tuple, computed on demand
  bool starred;        // *tuple[int] (PEP 646)
  Object* weakreflist;
};

struct UnionObject : Object {
  Object* args;        // tuple
  Object* parameters;
};

GenericAliasObject* as_alias(Value v) { return static_cast<GenericAliasObject*>(v.as_object()); }
UnionObject* as_union(Value v) { return static_cast<UnionObject*>(v.as_object()); }

Ref<TupleObject> as_args_tuple(Value args) {
  if (is_tuple(args)) return new_ref(as_tuple(args));
  return tuple_of({args});
}

// repr of one argument as CPython's ga_repr_item: types by qualname, ... as "...".
bool append_item_repr(std::string& out, Value item) {
  if (item == Ellipsis()) {
    out += "...";
    return true;
  }
  if (is_type(item, &generic_alias_type) || is_type(item, &union_type)) {
    Ref<StrObject> r = repr(item);
    if (!r) return false;
    out += str_utf8(r.get());
    return true;
  }
  Ref<> qualname, module;
  if (get_attr_optional(item, ID(__origin__), &qualname) < 0) return false;
  if (qualname) {
    // Something typing-like with __origin__ and __args__: use its repr.
    Ref<StrObject> r = repr(item);
    if (!r) return false;
    out += str_utf8(r.get());
    return true;
  }
  if (get_attr_optional(item, ID(__qualname__), &qualname) < 0) return false;
  if (qualname && get_attr_optional(item, ID(__module__), &module) < 0) return false;
  if (!qualname || !module || !is_str(qualname)) {
    Ref<StrObject> r = repr(item);
    if (!r) return false;
    out += str_utf8(r.get());
    return true;
  }
  if (is_str(module) && !str_equal_ascii(as_str(module), "builtins")) {
    out += str_utf8(module.value());
    out += ".";
  }
  out += str_utf8(qualname.value());
  return true;
}

bool is_typevar_like(Value v) {
  if (type_has_flag(v, kTypeTypeSubclass)) return false;
  Ref<> attribute;
  int found = get_attr_optional(v, str_intern_utf8("__typing_subst__"), &attribute);
  if (found < 0) clear_error();
  return found > 0;
}

// Collects the type variables appearing in args (in order, without duplicates).
Ref<> collect_parameters(TupleObject* args) {
  Ref<ListObject> parameters = list_new();
  if (!parameters) return nullptr;
  auto add_unique = [&](Value v) {
    for (int64_t j = 0; j < parameters->length; ++j) {
      if (parameters->items[j] == v) return true;
    }
    return list_append(parameters.get(), v);
  };
  for (int64_t i = 0; i < args->length; ++i) {
    Value item = args->items[i];
    if (is_typevar_like(item)) {
      if (!add_unique(item)) return nullptr;
      continue;
    }
    Ref<> nested;
    if (!type_has_flag(item, kTypeTypeSubclass)) {
      if (get_attr_optional(item, ID(__parameters__), &nested) < 0) return nullptr;
    }
    if (nested && is_tuple(nested)) {
      TupleObject* inner = as_tuple(nested);
      for (int64_t j = 0; j < inner->length; ++j) {
        if (!add_unique(inner->items[j])) return nullptr;
      }
    }
  }
  return list_as_tuple(parameters.get());
}

// --- Substitution of type parameters (CPython's _Py_subs_parameters) ---

Ref<> alias_get_parameters(Value self);
Ref<> union_get_parameters(Value self);

int64_t index_by_identity(TupleObject* t, Value v) {
  for (int64_t i = 0; i < t->length; ++i) {
    if (t->items[i] == v) return i;
  }
  return -1;
}

// An optional attribute, null when missing (errors propagate).
bool lookup_optional(Value v, const char* name, Ref<>* out) {
  return get_attr_optional(v, str_intern_utf8(name), out) >= 0;
}

// *tuple[int, str] given as an argument stands for its items: their tuple, or null.
bool unpacked_tuple_args(Value arg, Ref<>* out) {
  if (is_instance_of(arg, &generic_alias_type)) {
    GenericAliasObject* a = as_alias(arg);
    if (a->starred && a->origin == Value(&tuple_type)) {
      *out = new_ref(Value(a->args));
      return true;
    }
  }
  Ref<> result;
  if (!lookup_optional(arg, "__typing_unpacked_tuple_args__", &result)) return false;
  if (result && !is_none(result)) *out = std::move(result);
  return true;
}

// The subscript as a tuple, with unpacked fixed-length tuples spliced in.
Ref<> unpack_subscript(Value item) {
  Ref<ListObject> items = list_new();
  if (!items) return nullptr;
  bool is_tuple_item = is_tuple(item);
  int64_t n = is_tuple_item ? as_tuple(item)->length : 1;
  for (int64_t i = 0; i < n; ++i) {
    Value it = is_tuple_item ? as_tuple(item)->items[i] : item;
    if (!type_has_flag(it, kTypeTypeSubclass)) {
      Ref<> sub;
      if (!unpacked_tuple_args(it, &sub)) return nullptr;
      if (sub && is_tuple(sub)) {
        TupleObject* t = as_tuple(sub);
        if (t->length == 0 || t->items[t->length - 1] != Ellipsis()) {
          for (int64_t j = 0; j < t->length; ++j) {
            if (!list_append(items.get(), t->items[j])) return nullptr;
          }
          continue;
        }
      }
    }
    if (!list_append(items.get(), it)) return nullptr;
  }
  return list_as_tuple(items.get());
}

int is_unpacked_typevartuple(Value arg) {
  if (type_has_flag(arg, kTypeTypeSubclass)) return 0;
  Ref<> flag;
  if (!lookup_optional(arg, "__typing_is_unpacked_typevartuple__", &flag)) return -1;
  return flag ? is_true(flag) : 0;
}

// obj[...] with its own parameters replaced: dict[T, list[S]] inside a substitution.
Ref<> substitute_nested(Value obj, TupleObject* parameters, TupleObject* items) {
  Ref<> subparams;
  if (!lookup_optional(obj, "__parameters__", &subparams)) return nullptr;
  if (!subparams || !is_tuple(subparams) || as_tuple(subparams)->length == 0) return new_ref(obj);
  Ref<ListObject> subargs = list_new();
  if (!subargs) return nullptr;
  TupleObject* params = as_tuple(subparams);
  for (int64_t i = 0; i < params->length; ++i) {
    Value arg = params->items[i];
    int64_t index = index_by_identity(parameters, arg);
    if (index >= 0) {
      Value param = parameters->items[index];
      arg = items->items[index];
      if (type_of(param)->iter && is_tuple(arg)) {  // a TypeVarTuple takes a tuple of items
        for (int64_t j = 0; j < as_tuple(arg)->length; ++j) {
          if (!list_append(subargs.get(), as_tuple(arg)->items[j])) return nullptr;
        }
        continue;
      }
    }
    if (!list_append(subargs.get(), arg)) return nullptr;
  }
  Ref<> key = list_as_tuple(subargs.get());
  if (!key) return nullptr;
  return get_item(obj, key.value());
}

// The new args of `self` (args with the type variables in `parameters`) subscripted by `item`.
Ref<> substitute_parameters(Value self, TupleObject* args, TupleObject* parameters, Value item) {
  int64_t nparams = parameters->length;
  if (nparams == 0) return type_error("{} is not a generic class", repr_for_message(self));
  Ref<> subscript = unpack_subscript(item);
  if (!subscript) return nullptr;
  for (int64_t i = 0; i < nparams; ++i) {
    Ref<> prepare;
    if (!lookup_optional(parameters->items[i], "__typing_prepare_subst__", &prepare)) return nullptr;
    if (!prepare || is_none(prepare)) continue;
    Ref<> prepared = call2(prepare, self, subscript.value());
    if (!prepared) return nullptr;
    subscript = std::move(prepared);
  }
  Ref<> items_tuple = is_tuple(subscript) ? std::move(subscript) : Ref<>(tuple_of({subscript.value()}));
  if (!items_tuple) return nullptr;
  TupleObject* items = as_tuple(items_tuple);
  if (items->length != nparams) {
    return type_error("Too {} arguments for {}; actual {}, expected {}",
                      items->length > nparams ? "many" : "few", repr_for_message(self), items->length,
                      nparams);
  }
  Ref<ListObject> new_args = list_new();
  if (!new_args) return nullptr;
  for (int64_t i = 0; i < args->length; ++i) {
    Value arg = args->items[i];
    if (type_has_flag(arg, kTypeTypeSubclass)) {
      if (!list_append(new_args.get(), arg)) return nullptr;
      continue;
    }
    int unpack = is_unpacked_typevartuple(arg);
    if (unpack < 0) return nullptr;
    Ref<> subst;
    if (!lookup_optional(arg, "__typing_subst__", &subst)) return nullptr;
    Ref<> replaced;
    if (subst) {
      int64_t index = index_by_identity(parameters, arg);
      replaced = call1(subst, items->items[index < 0 ? 0 : index]);
    } else {
      replaced = substitute_nested(arg, parameters, items);
    }
    if (!replaced) return nullptr;
    if (unpack && is_tuple(replaced)) {
      for (int64_t j = 0; j < as_tuple(replaced)->length; ++j) {
        if (!list_append(new_args.get(), as_tuple(replaced)->items[j])) return nullptr;
      }
    } else if (!list_append(new_args.get(), replaced.value())) {
      return nullptr;
    }
  }
  return list_as_tuple(new_args.get());
}

void alias_dealloc(Object* o) {
  auto* a = static_cast<GenericAliasObject*>(o);
  gc_untrack(o);
  if (a->weakreflist) clear_weakrefs(o);
  decref(a->origin);
  if (a->args) decref(a->args);
  if (a->parameters) decref(a->parameters);
  free_object(o);
}

void alias_traverse(Object* o, VisitFn visit, void* arg) {
  auto* a = static_cast<GenericAliasObject*>(o);
  if (a->origin.is_object()) visit(a->origin.as_object(), arg);
  if (a->args) visit(a->args, arg);
  if (a->parameters) visit(a->parameters, arg);
}

Ref<> alias_repr(Value self) {
  GenericAliasObject* a = as_alias(self);
  std::string out = a->starred ? "*" : "";
  if (!append_item_repr(out, a->origin)) return nullptr;
  out += "[";
  TupleObject* args = as_tuple(Value(a->args));
  if (args->length == 0) out += "()";
  for (int64_t i = 0; i < args->length; ++i) {
    if (i) out += ", ";
    if (!append_item_repr(out, args->items[i])) return nullptr;
  }
  out += "]";
  return str_from_utf8(out);
}

Ref<> alias_call(Value callable, const Value* args, size_t nargs, TupleObject* kwnames) {
  GenericAliasObject* a = as_alias(callable);
  Ref<> result = call(a->origin, args, nargs, kwnames);
  if (!result) return nullptr;
  if (!set_attr(result, str_intern_utf8("__orig_class__"), callable)) {
    if (!error_matches(&exc::AttributeError) && !error_matches(&exc::TypeError)) return nullptr;
    clear_error();
  }
  return result;
}

// As CPython's ga_getattro: every attribute but these few comes from the origin
// (list[int].__module__ is list's).
const char* const kOwnAttributes[] = {"__class__", "__origin__", "__args__", "__unpacked__",
                                      "__parameters__", "__typing_unpacked_tuple_args__",
                                      "__mro_entries__", "__reduce_ex__", "__reduce__", "__copy__",
                                      "__deepcopy__"};

Ref<> alias_getattr(Value self, StrObject* name) {
  for (const char* own : kOwnAttributes) {
    if (str_equal_ascii(name, own)) return generic_get_attr(self, name);
  }
  return get_attr(as_alias(self)->origin, name);
}

Ref<> alias_getitem(Value self, Value key) {
  GenericAliasObject* a = as_alias(self);
  Ref<> parameters = alias_get_parameters(self);
  if (!parameters) return nullptr;
  Ref<> new_args = substitute_parameters(self, as_tuple(Value(a->args)), as_tuple(parameters), key);
  if (!new_args) return nullptr;
  Ref<> result = generic_alias_new(a->origin, new_args.value());
  if (result) as_alias(result)->starred = a->starred;
  return result;
}

Ref<> alias_compare(Value a, Value b, CompareOp op) {
  if ((op != CompareOp::Eq && op != CompareOp::Ne) || !is_instance_of(b, &generic_alias_type)) {
    return new_not_implemented();
  }
  GenericAliasObject* x = as_alias(a);
  GenericAliasObject* y = as_alias(b);
  if (x->starred != y->starred) return new_bool(op == CompareOp::Ne);
  int equal = rich_compare_bool(x->origin, y->origin, CompareOp::Eq);
  if (equal < 0) return nullptr;
  if (equal) equal = rich_compare_bool(Value(x->args), Value(y->args), CompareOp::Eq);
  if (equal < 0) return nullptr;
  return new_bool(op == CompareOp::Eq ? equal : !equal);
}

int64_t alias_hash(Value self) {
  GenericAliasObject* a = as_alias(self);
  int64_t h0 = hash(a->origin);
  if (h0 == -1) return -1;
  int64_t h1 = hash(Value(a->args));
  if (h1 == -1) return -1;
  int64_t h = h0 ^ h1;
  return h == -1 ? -2 : h;
}

Ref<> alias_get_origin(Value self) { return new_ref(as_alias(self)->origin); }
Ref<> alias_get_args(Value self) { return new_ref(Value(as_alias(self)->args)); }
Ref<> alias_get_unpacked(Value self) { return new_bool(as_alias(self)->starred); }
Ref<> alias_get_parameters(Value self) {
  GenericAliasObject* a = as_alias(self);
  if (!a->parameters) {
    Ref<> parameters = collect_parameters(as_tuple(Value(a->args)));
    if (!parameters) return nullptr;
    a->parameters = parameters.release_object();
  }
  return new_ref(Value(a->parameters));
}
Ref<> alias_get_unpacked_args(Value self) {
  GenericAliasObject* a = as_alias(self);
  if (a->starred && a->origin == Value(&tuple_type)) return new_ref(Value(a->args));
  return new_none();
}

Ref<> alias_mro_entries(Value self, const Value* args) {
  return tuple_of({as_alias(self)->origin});
}
Ref<> alias_instancecheck(Value self, const Value* args) {
  return type_error("isinstance() argument 2 cannot be a parameterized generic");
}
Ref<> alias_subclasscheck(Value self, const Value* args) {
  return type_error("issubclass() argument 2 cannot be a parameterized generic");
}
// An unpacked alias (*tuple[int]) pickles as next(iter(tuple[int])), as CPython's.
Ref<> alias_reduce(Value self, const Value* args) {
  GenericAliasObject* a = as_alias(self);
  if (a->starred) {
    Ref<> packed = generic_alias_new(a->origin, Value(a->args));
    if (!packed) return nullptr;
    Ref<> iterator = get_iter(packed);
    if (!iterator) return nullptr;
    Ref<> builtins = import_module_by_name("builtins");
    if (!builtins) return nullptr;
    Ref<> next = get_attr(builtins, "next");
    if (!next) return nullptr;
    Ref<TupleObject> arguments = tuple_of({iterator.value()});
    if (!arguments) return nullptr;
    return tuple_of({next.value(), arguments.value()});
  }
  Ref<TupleObject> arguments = tuple_of({a->origin, Value(a->args)});
  if (!arguments) return nullptr;
  return tuple_of({Value(type_of(self)), arguments.value()});
}

// dir(origin) plus the attributes the alias keeps for itself.
Ref<> alias_dir(Value self, const Value* args) {
  Ref<> names = call_function_in_module("builtins", "dir", as_alias(self)->origin);
  if (!names) return nullptr;
  Ref<ListObject> list = list_from_iterable(names);
  if (!list) return nullptr;
  for (const char* own : kOwnAttributes) {
    Ref<> s = str_from_ascii(own);
    if (!s) return nullptr;
    int present = contains(list.value(), s.value());
    if (present < 0) return nullptr;
    if (!present && !list_append(list.get(), s.value())) return nullptr;
  }
  return list;
}

Ref<> alias_iter(Value self);

Ref<> alias_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("GenericAlias() takes no keyword arguments");
  if (nargs != 2) return type_error("GenericAlias expected 2 arguments, got {}", nargs);
  return generic_alias_new_of_type(type, args[0], args[1]);
}

const MethodDef alias_methods[] = {
    {.name = "__mro_entries__", .impl = alias_mro_entries, .signature = "($self, bases, /)"},
    {.name = "__instancecheck__", .impl = alias_instancecheck, .signature = "($self, obj, /)"},
    {.name = "__subclasscheck__", .impl = alias_subclasscheck, .signature = "($self, cls, /)"},
    {.name = "__reduce__", .impl = alias_reduce, .signature = "($self, /)"},
    {.name = "__dir__", .impl = alias_dir, .signature = "($self, /)"},
    {},
};

const GetSetDef alias_getsets[] = {
    {"__parameters__", alias_get_parameters},
    {"__typing_unpacked_tuple_args__", alias_get_unpacked_args},
    {},
};

// Members in CPython (member_descriptors; "readonly attribute" when read-only), computed here.
const MemberDef alias_members[] = {
    {.name = "__origin__", .kind = MemberKind::Computed, .readonly = true, .get = alias_get_origin},
    {.name = "__args__", .kind = MemberKind::Computed, .readonly = true, .get = alias_get_args},
    {.name = "__unpacked__", .kind = MemberKind::Computed, .readonly = true, .get = alias_get_unpacked},
    {},
};

// --- UnionType ---

void union_dealloc(Object* o) {
  auto* u = static_cast<UnionObject*>(o);
  gc_untrack(o);
  if (u->args) decref(u->args);
  if (u->parameters) decref(u->parameters);
  free_object(o);
}

void union_traverse(Object* o, VisitFn visit, void* arg) {
  auto* u = static_cast<UnionObject*>(o);
  if (u->args) visit(u->args, arg);
  if (u->parameters) visit(u->parameters, arg);
}

Ref<> union_repr(Value self) {
  std::string out;
  TupleObject* args = as_tuple(Value(as_union(self)->args));
  for (int64_t i = 0; i < args->length; ++i) {
    if (i) out += " | ";
    Value item = args->items[i];
    if (item == Value(&none_type)) {
      out += "None";
      continue;
    }
    if (!append_item_repr(out, item)) return nullptr;
  }
  return str_from_utf8(out);
}

bool is_unionable(Value v) {
  return is_none(v) || type_has_flag(v, kTypeTypeSubclass) || is_instance_of(v, &generic_alias_type) ||
         is_type(v, &union_type);
}

// Flattens nested unions and removes duplicates, keeping the first occurrence.
Ref<> make_union(Value a, Value b) {
  Ref<ListObject> items = list_new();
  if (!items) return nullptr;
  auto add = [&](Value v) -> bool {
    if (is_none(v)) v = Value(&none_type);
    for (int64_t i = 0; i < items->length; ++i) {
      Value existing = items->items[i];
      if (existing == v) return true;
      // Generic aliases compare by value.
      if (is_instance_of(existing, &generic_alias_type) && is_instance_of(v, &generic_alias_type)) {
        int equal = rich_compare_bool(existing, v, CompareOp::Eq);
        if (equal < 0) return false;
        if (equal) return true;
      }
    }
    return list_append(items.get(), v);
  };
  for (Value side : {a, b}) {
    if (is_type(side, &union_type)) {
      TupleObject* args = as_tuple(Value(as_union(side)->args));
      for (int64_t i = 0; i < args->length; ++i) {
        if (!add(args->items[i])) return nullptr;
      }
    } else if (!add(side)) {
      return nullptr;
    }
  }
  if (items->length == 1) return new_ref(items->items[0]);
  auto* u = allocate<UnionObject>(&union_type);
  if (!u) return nullptr;
  u->args = list_as_tuple(items.get()).release_object();
  gc_track(u);
  return Ref<>::steal(Value(u));
}

Ref<> union_or(Value a, Value b) {
  if (!is_unionable(a) || !is_unionable(b)) return new_not_implemented();
  return make_union(a, b);
}

Ref<> union_compare(Value a, Value b, CompareOp op) {
  if ((op != CompareOp::Eq && op != CompareOp::Ne) || !is_type(b, &union_type)) {
    return new_not_implemented();
  }
  Ref<> x = call1(Value(&frozenset_type), Value(as_union(a)->args));
  Ref<> y = call1(Value(&frozenset_type), Value(as_union(b)->args));
  if (!x || !y) return nullptr;
  return rich_compare(x, y, op);
}

int64_t union_hash(Value self) {
  Ref<> set = call1(Value(&frozenset_type), Value(as_union(self)->args));
  if (!set) return -1;
  return hash(set);
}

Ref<> union_get_args(Value self) { return new_ref(Value(as_union(self)->args)); }
Ref<> union_get_parameters(Value self) {
  UnionObject* u = as_union(self);
  if (!u->parameters) {
    Ref<> parameters = collect_parameters(as_tuple(Value(u->args)));
    if (!parameters) return nullptr;
    u->parameters = parameters.release_object();
  }
  return new_ref(Value(u->parameters));
}

// int | str has its class's __module__ ("types"), which typing reads from any origin.
Ref<> union_getattr(Value self, StrObject* name) {
  if (str_equal(name, ID(__module__))) return get_attr(Value(type_of(self)), name);
  return generic_get_attr(self, name);
}

Ref<> union_instancecheck(Value self, const Value* args) {
  TupleObject* items = as_tuple(Value(as_union(self)->args));
  for (int64_t i = 0; i < items->length; ++i) {
    if (is_instance_of(items->items[i], &generic_alias_type)) {
      return type_error("isinstance() argument 2 cannot be a parameterized generic");
    }
  }
  int r = is_instance(args[0], Value(as_union(self)->args));
  if (r < 0) return nullptr;
  return new_bool(r);
}

Ref<> union_subclasscheck(Value self, const Value* args) {
  TupleObject* items = as_tuple(Value(as_union(self)->args));
  for (int64_t i = 0; i < items->length; ++i) {
    if (is_instance_of(items->items[i], &generic_alias_type)) {
      return type_error("issubclass() argument 2 cannot be a parameterized generic");
    }
  }
  int r = is_subclass(args[0], Value(as_union(self)->args));
  if (r < 0) return nullptr;
  return new_bool(r);
}

Ref<> union_getitem(Value self, Value key) {
  Ref<> parameters = union_get_parameters(self);
  if (!parameters) return nullptr;
  Ref<> new_args = substitute_parameters(self, as_tuple(union_args(self)), as_tuple(parameters), key);
  if (!new_args) return nullptr;
  TupleObject* items = as_tuple(new_args);
  if (items->length == 0) return type_error("{} is not a generic class", repr_for_message(self));
  Ref<> result = new_ref(items->items[0]);
  for (int64_t i = 1; i < items->length; ++i) {
    result = binary_op(result, items->items[i], BinaryOperator::Or);
    if (!result) return nullptr;
  }
  return result;
}

const MethodDef union_methods[] = {
    {.name = "__instancecheck__", .impl = union_instancecheck, .signature = "($self, obj, /)"},
    {.name = "__subclasscheck__", .impl = union_subclasscheck, .signature = "($self, cls, /)"},
    {},
};

const GetSetDef union_getsets[] = {
    {"__parameters__", union_get_parameters},
    {},
};

// Members in CPython (member_descriptors; "readonly attribute" when read-only), computed here.
const MemberDef union_members[] = {
    {.name = "__args__", .kind = MemberKind::Computed, .readonly = true, .get = union_get_args},
    {},
};

}  // namespace

Ref<> generic_alias_new(Value origin, Value args) { return generic_alias_new_of_type(&generic_alias_type, origin, args); }

Ref<> generic_alias_new_of_type(TypeObject* type, Value origin, Value args) {
  Ref<TupleObject> arguments = as_args_tuple(args);
  if (!arguments) return nullptr;
  auto* a = allocate<GenericAliasObject>(type, size_t(type->basic_size));
  if (!a) return nullptr;
  incref(origin);
  a->origin = origin;
  a->args = arguments.release_object();
  gc_track(a);
  return Ref<>::steal(Value(a));
}

Ref<> class_getitem_generic_alias(Value cls, const Value* args) { return generic_alias_new(cls, args[0]); }

bool is_union_type(Value v) { return v.is_object() && v.as_object()->type == &union_type; }
Value union_args(Value v) { return Value(as_union(v)->args); }

Ref<> type_or(Value a, Value b) { return union_or(a, b); }

namespace {

// iter(list[int]) yields *list[int] once (PEP 646 unpacking syntax support); the
// iterator pickles as iter(list[int]), or iter(()) once used.
struct AliasIteratorObject : Object {
  Object* alias;  // null once exhausted
};

void alias_iterator_dealloc(Object* o) {
  gc_untrack(o);
  if (Object* alias = static_cast<AliasIteratorObject*>(o)->alias) decref(alias);
  free_object(o);
}

void alias_iterator_traverse(Object* o, VisitFn visit, void* arg) {
  if (Object* alias = static_cast<AliasIteratorObject*>(o)->alias) visit(alias, arg);
}

Ref<> alias_iterator_self(Value self) { return new_ref(self); }

Ref<> alias_iterator_next(Value self) {
  auto* it = static_cast<AliasIteratorObject*>(self.as_object());
  if (!it->alias) return nullptr;
  GenericAliasObject* a = as_alias(Value(it->alias));
  Ref<> starred = generic_alias_new(a->origin, Value(a->args));
  if (!starred) return nullptr;
  as_alias(starred)->starred = true;
  Object* used = it->alias;
  it->alias = nullptr;
  decref(used);
  return starred;
}

Ref<> alias_iterator_reduce(Value self, const Value* args) {
  // Fetch `iter` first: the import may run code that advances this iterator.
  Ref<> builtins = import_module_by_name("builtins");
  if (!builtins) return nullptr;
  Ref<> iter_function = get_attr(builtins, "iter");
  if (!iter_function) return nullptr;
  auto* it = static_cast<AliasIteratorObject*>(self.as_object());
  Ref<> source = it->alias ? new_ref(Value(it->alias)) : Ref<>(tuple_empty());
  Ref<TupleObject> arguments = tuple_of({source.value()});
  if (!arguments) return nullptr;
  return tuple_of({iter_function.value(), arguments.value()});
}

const MethodDef alias_iterator_methods[] = {
    {.name = "__reduce__", .impl = alias_iterator_reduce, .signature = "($self, /)"},
    {},
};

Ref<> alias_iter(Value self) {
  auto* it = allocate<AliasIteratorObject>(&generic_alias_iterator_type);
  if (!it) return nullptr;
  incref(self);
  it->alias = self.as_object();
  gc_track(it);
  return Ref<>::steal(Value(it));
}

}  // namespace

TypeObject generic_alias_type{TypeSpec{
    .name = "types.GenericAlias",
    .doc = "Represent a PEP 585 generic type\n\nE.g. for t = list[int], t.__origin__ is list and t.__args__ is (int,).",
    .basic_size = sizeof(GenericAliasObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .weaklist_offset = offsetof(GenericAliasObject, weakreflist),
    .slots = {.dealloc = alias_dealloc,
              .traverse = alias_traverse,
              .new_instance = alias_new,
              .repr = alias_repr,
              .hash = alias_hash,
              .compare = alias_compare,
              .getattr = alias_getattr,
              .call = alias_call,
              .iter = alias_iter,
              .getitem = alias_getitem,
              .bit_or = union_or},
    .methods = alias_methods,
    .getsets = alias_getsets,
    .members = alias_members,
}};

TypeObject generic_alias_iterator_type{TypeSpec{
    .name = "generic_alias_iterator",
    .basic_size = sizeof(AliasIteratorObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = alias_iterator_dealloc,
              .traverse = alias_iterator_traverse,
              .getattr = generic_get_attr,
              .iter = alias_iterator_self,
              .iternext = alias_iterator_next},
    .methods = alias_iterator_methods,
}};

TypeObject union_type{TypeSpec{
    .name = "types.UnionType",
    .doc = "Represent a PEP 604 union type\n\nE.g. for int | str",
    .basic_size = sizeof(UnionObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = union_dealloc,
              .traverse = union_traverse,
              .repr = union_repr,
              .hash = union_hash,
              .compare = union_compare,
              .getattr = union_getattr,
              .getitem = union_getitem,
              .bit_or = union_or},
    .methods = union_methods,
    .getsets = union_getsets,
    .members = union_members,
}};

}  // namespace krait
