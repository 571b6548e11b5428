// operator.itemgetter, attrgetter and methodcaller: callables that fetch an item, fetch a
// (dotted) attribute, or call a named method of their one argument. Each has CPython's
// repr (with a recursion guard) and __reduce__; itemgetter reads exact tuples and lists
// directly, as it is the classic sort key.
#include <string>

#include "core/alloc.h"
#include "core/ops.h"
#include "modules/operator/operator_internal.h"
#include "objects/container_util.h"
#include "objects/dict.h"
#include "objects/list.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/gc.h"
#include "runtime/import.h"

namespace krait::operator_module {

namespace {

void visit_value(Value v, VisitFn visit, void* arg) {
  if (v.is_object()) visit(v.as_object(), arg);
}
void clear_slot(Value* slot) {
  Value old = *slot;
  *slot = Value();
  decref(old);
}

// The getters are called with exactly one positional argument and no keywords.
bool check_one_argument(const char* name, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("{}() takes no keyword arguments", name);
  if (nargs != 1) return type_error("{} expected 1 argument, got {}", name, nargs);
  return true;
}

// "operator.itemgetter(1)" for one value, "operator.itemgetter(1, 2)" for a tuple of them.
Ref<> getter_repr(Value self, Value value, bool single) {
  std::string name = type_of(self)->name;
  ReprGuard guard(self.as_object());
  if (guard.recursive()) return str_from_utf8(name + "(...)");
  Ref<StrObject> text = repr(value);
  if (!text) return nullptr;
  if (single) return str_from_utf8(name + "(" + std::string(str_utf8(text.get())) + ")");
  return str_from_utf8(name + std::string(str_utf8(text.get())));
}

// --- itemgetter ---

struct ItemGetterObject : Object {
  int64_t count;
  int64_t index;  // the lone item as a non-negative int64 (the tuple/list fast path), or -1
  Value item;     // the lone item, or the tuple of items
};

ItemGetterObject* as_itemgetter(Value v) { return static_cast<ItemGetterObject*>(v.as_object()); }

Ref<> itemgetter_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("itemgetter() takes no keyword arguments");
  if (nargs == 0) return type_error("itemgetter expected 1 argument, got 0");
  Ref<> item = nargs == 1 ? new_ref(args[0]) : Ref<>(tuple_from_array(args, int64_t(nargs)));
  if (!item) return nullptr;
  auto* g = allocate<ItemGetterObject>(type);
  if (!g) return nullptr;
  g->count = int64_t(nargs);
  g->index = nargs == 1 && item.value().is_small_int() && item.value().as_small_int() >= 0
                 ? item.value().as_small_int()
                 : -1;
  g->item = item.release();
  gc_track(g);
  return Ref<>::steal(Value(g));
}

Ref<> item_of(ItemGetterObject* g, Value object) {
  if (g->index >= 0) {
    if (is_exact_tuple(object) && g->index < as_tuple(object)->length) {
      return new_ref(as_tuple(object)->items[g->index]);
    }
    if (is_exact_list(object) && g->index < as_list(object)->length) {
      return new_ref(as_list(object)->items[g->index]);
    }
  }
  return get_item(object, g->item);
}

Ref<> itemgetter_call(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!check_one_argument("itemgetter", nargs, kwnames)) return nullptr;
  ItemGetterObject* g = as_itemgetter(self);
  if (g->count == 1) return item_of(g, args[0]);
  auto* items = as_tuple(g->item);
  Ref<TupleObject> result = tuple_allocate(g->count);
  if (!result) return nullptr;
  for (int64_t i = 0; i < g->count; ++i) {
    Ref<> value = get_item(args[0], items->items[i]);
    if (!value) return nullptr;
    result->items[i] = value.release();
  }
  return result;
}

Ref<> itemgetter_repr(Value self) {
  ItemGetterObject* g = as_itemgetter(self);
  return getter_repr(self, g->item, g->count == 1);
}

Ref<> itemgetter_reduce(Value self, const Value*) {
  ItemGetterObject* g = as_itemgetter(self);
  if (g->count != 1) return tuple_of({Value(type_of(self)), g->item});
  Ref<TupleObject> args = tuple_of({g->item});
  if (!args) return nullptr;
  return tuple_of({Value(type_of(self)), args.value()});
}

void itemgetter_dealloc(Object* o) {
  gc_untrack(o);
  clear_slot(&static_cast<ItemGetterObject*>(o)->item);
  free_object(o);
}
void itemgetter_traverse(Object* o, VisitFn visit, void* arg) {
  visit_value(static_cast<ItemGetterObject*>(o)->item, visit, arg);
}
void itemgetter_clear(Object* o) { clear_slot(&static_cast<ItemGetterObject*>(o)->item); }

const MethodDef itemgetter_methods[] = {
    {.name = "__reduce__", .impl = itemgetter_reduce, .signature = "($self, /)",
     .doc = "Return state information for pickling"},
    {},
};

// --- attrgetter ---

// Each attribute is an interned str, or for a dotted name the tuple of its interned parts.
struct AttrGetterObject : Object {
  Value attrs;  // tuple
};

AttrGetterObject* as_attrgetter(Value v) { return static_cast<AttrGetterObject*>(v.as_object()); }

Ref<> intern(std::string_view text) { return new_ref(Value(str_intern_utf8(text))); }

Ref<> attr_spec(Value name) {
  if (!is_str(name)) return type_error("attribute name must be a string");
  std::string_view text = str_utf8(name);
  if (text.find('.') == std::string_view::npos) {
    return is_exact_str(name) ? intern(text) : new_ref(name);
  }
  Ref<ListObject> parts = list_new();
  if (!parts) return nullptr;
  size_t start = 0;
  for (;;) {
    size_t dot = text.find('.', start);
    Ref<> part = intern(text.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (!part || !list_append(parts.get(), part)) return nullptr;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return tuple_from_array(parts->items, parts->length);
}

Ref<> attrgetter_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("attrgetter() takes no keyword arguments");
  if (nargs == 0) return type_error("attrgetter expected 1 argument, got 0");
  Ref<TupleObject> attrs = tuple_allocate(int64_t(nargs));
  if (!attrs) return nullptr;
  for (size_t i = 0; i < nargs; ++i) {
    Ref<> spec = attr_spec(args[i]);
    if (!spec) return nullptr;
    attrs->items[i] = spec.release();
  }
  auto* g = allocate<AttrGetterObject>(type);
  if (!g) return nullptr;
  g->attrs = attrs.release();
  gc_track(g);
  return Ref<>::steal(Value(g));
}

Ref<> dotted_getattr(Value object, Value spec) {
  if (!is_exact_tuple(spec)) return get_attr(object, as_str(spec));
  Ref<> current = new_ref(object);
  for (int64_t i = 0; i < as_tuple(spec)->length; ++i) {
    current = get_attr(current, as_str(as_tuple(spec)->items[i]));
    if (!current) return nullptr;
  }
  return current;
}

Ref<> attrgetter_call(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!check_one_argument("attrgetter", nargs, kwnames)) return nullptr;
  auto* attrs = as_tuple(as_attrgetter(self)->attrs);
  if (attrs->length == 1) return dotted_getattr(args[0], attrs->items[0]);
  Ref<TupleObject> result = tuple_allocate(attrs->length);
  if (!result) return nullptr;
  for (int64_t i = 0; i < attrs->length; ++i) {
    Ref<> value = dotted_getattr(args[0], attrs->items[i]);
    if (!value) return nullptr;
    result->items[i] = value.release();
  }
  return result;
}

// The names as given to the constructor, dotted ones joined again.
Ref<TupleObject> attrgetter_names(AttrGetterObject* g) {
  auto* attrs = as_tuple(g->attrs);
  Ref<TupleObject> names = tuple_allocate(attrs->length);
  if (!names) return nullptr;
  for (int64_t i = 0; i < attrs->length; ++i) {
    Value spec = attrs->items[i];
    if (!is_exact_tuple(spec)) {
      names->items[i] = new_ref(spec).release();
      continue;
    }
    std::string joined;
    for (int64_t j = 0; j < as_tuple(spec)->length; ++j) {
      if (j) joined += '.';
      joined += str_utf8(as_tuple(spec)->items[j]);
    }
    Ref<> name = str_from_utf8(joined);
    if (!name) return nullptr;
    names->items[i] = name.release();
  }
  return names;
}

Ref<> attrgetter_repr(Value self) {
  Ref<TupleObject> names = attrgetter_names(as_attrgetter(self));
  if (!names) return nullptr;
  if (names->length == 1) return getter_repr(self, names->items[0], true);
  return getter_repr(self, names, false);
}

Ref<> attrgetter_reduce(Value self, const Value*) {
  Ref<TupleObject> names = attrgetter_names(as_attrgetter(self));
  if (!names) return nullptr;
  return tuple_of({Value(type_of(self)), names.value()});
}

void attrgetter_dealloc(Object* o) {
  gc_untrack(o);
  clear_slot(&static_cast<AttrGetterObject*>(o)->attrs);
  free_object(o);
}
void attrgetter_traverse(Object* o, VisitFn visit, void* arg) {
  visit_value(static_cast<AttrGetterObject*>(o)->attrs, visit, arg);
}
void attrgetter_clear(Object* o) { clear_slot(&static_cast<AttrGetterObject*>(o)->attrs); }

const MethodDef attrgetter_methods[] = {
    {.name = "__reduce__", .impl = attrgetter_reduce, .signature = "($self, /)",
     .doc = "Return state information for pickling"},
    {},
};

// --- methodcaller ---

struct MethodCallerObject : Object {
  Value name;    // str
  Value args;    // tuple
  Value kwargs;  // dict, or null when the constructor got no keywords
};

MethodCallerObject* as_methodcaller(Value v) {
  return static_cast<MethodCallerObject*>(v.as_object());
}

Ref<> methodcaller_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (nargs == 0) return type_error("methodcaller needs at least one argument, the method name");
  if (!is_str(args[0])) return type_error("method name must be a string");
  Ref<> name = is_exact_str(args[0]) ? intern(str_utf8(args[0])) : new_ref(args[0]);
  if (!name) return nullptr;
  Ref<TupleObject> call_args = tuple_from_array(args + 1, int64_t(nargs) - 1);
  if (!call_args) return nullptr;
  Ref<DictObject> kwargs;
  if (kwnames && kwnames->length) {
    kwargs = dict_new();
    if (!kwargs) return nullptr;
    for (int64_t i = 0; i < kwnames->length; ++i) {
      if (!dict_set(kwargs.get(), kwnames->items[i], args[nargs + size_t(i)])) return nullptr;
    }
  }
  auto* m = allocate<MethodCallerObject>(type);
  if (!m) return nullptr;
  m->name = name.release();
  m->args = call_args.release();
  m->kwargs = kwargs.release();
  gc_track(m);
  return Ref<>::steal(Value(m));
}

Ref<> methodcaller_call(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!check_one_argument("methodcaller", nargs, kwnames)) return nullptr;
  MethodCallerObject* m = as_methodcaller(self);
  Ref<> call_args = new_ref(m->args);
  Ref<> kwargs = m->kwargs ? new_ref(m->kwargs) : Ref<>();
  Ref<> method = get_attr(args[0], as_str(m->name));
  if (!method) return nullptr;
  if (!kwargs || as_dict(kwargs)->used == 0) {
    return call(method, as_tuple(call_args)->items, size_t(as_tuple(call_args)->length));
  }
  return call_tuple_dict(method, call_args, kwargs);
}

Ref<> methodcaller_repr(Value self) {
  MethodCallerObject* m = as_methodcaller(self);
  std::string type_name_text = type_of(self)->name;
  ReprGuard guard(m);
  if (guard.recursive()) return str_from_utf8(type_name_text + "(...)");
  Ref<StrObject> name = repr(m->name);
  if (!name) return nullptr;
  std::string text = type_name_text + "(" + std::string(str_utf8(name.get()));
  Ref<> call_args = new_ref(m->args);
  for (int64_t i = 0; i < as_tuple(call_args)->length; ++i) {
    Ref<StrObject> item = repr(as_tuple(call_args)->items[i]);
    if (!item) return nullptr;
    text += ", ";
    text += str_utf8(item.get());
  }
  if (m->kwargs) {
    Ref<> items = dict_items_list(as_dict(m->kwargs));
    if (!items) return nullptr;
    bool ok = for_each(items, [&](Value pair) {
      Ref<StrObject> value = repr(as_tuple(pair)->items[1]);
      if (!value) return false;
      text += ", ";
      text += str_utf8(as_tuple(pair)->items[0]);
      text += "=";
      text += str_utf8(value.get());
      return true;
    });
    if (!ok) return nullptr;
  }
  text += ")";
  return str_from_utf8(text);
}

// (methodcaller, (name, *args)), or with keywords
// (functools.partial(methodcaller, name, **kwargs), args).
Ref<> methodcaller_reduce(Value self, const Value*) {
  MethodCallerObject* m = as_methodcaller(self);
  auto* call_args = as_tuple(m->args);
  if (!m->kwargs || as_dict(m->kwargs)->used == 0) {
    Ref<TupleObject> args = tuple_allocate(call_args->length + 1);
    if (!args) return nullptr;
    args->items[0] = new_ref(m->name).release();
    for (int64_t i = 0; i < call_args->length; ++i) {
      args->items[i + 1] = new_ref(call_args->items[i]).release();
    }
    return tuple_of({Value(type_of(self)), args.value()});
  }
  Ref<> functools = import_module_by_name("functools");
  if (!functools) return nullptr;
  Ref<> partial = get_attr(functools, "partial");
  if (!partial) return nullptr;
  Ref<TupleObject> partial_args = tuple_of({Value(type_of(self)), m->name});
  if (!partial_args) return nullptr;
  Ref<> constructor = call_tuple_dict(partial, partial_args, m->kwargs);
  if (!constructor) return nullptr;
  return tuple_of({constructor.value(), m->args});
}

void methodcaller_clear(Object* o) {
  auto* m = static_cast<MethodCallerObject*>(o);
  clear_slot(&m->name);
  clear_slot(&m->args);
  clear_slot(&m->kwargs);
}
void methodcaller_dealloc(Object* o) {
  gc_untrack(o);
  methodcaller_clear(o);
  free_object(o);
}
void methodcaller_traverse(Object* o, VisitFn visit, void* arg) {
  auto* m = static_cast<MethodCallerObject*>(o);
  visit_value(m->name, visit, arg);
  visit_value(m->args, visit, arg);
  visit_value(m->kwargs, visit, arg);
}

const MethodDef methodcaller_methods[] = {
    {.name = "__reduce__", .impl = methodcaller_reduce, .signature = "($self, /)",
     .doc = "Return state information for pickling"},
    {},
};

}  // namespace

TypeObject itemgetter_type{TypeSpec{
    .name = "operator.itemgetter",
    .doc = "itemgetter(item, ...) --> itemgetter object\n\n"
           "Return a callable object that fetches the given item(s) from its operand.\n"
           "After f = itemgetter(2), the call f(r) returns r[2].\n"
           "After g = itemgetter(2, 5, 3), the call g(r) returns (r[2], r[5], r[3])",
    .basic_size = sizeof(ItemGetterObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = itemgetter_dealloc,
              .traverse = itemgetter_traverse,
              .clear = itemgetter_clear,
              .new_instance = itemgetter_new,
              .repr = itemgetter_repr,
              .getattr = generic_get_attr,
              .call = itemgetter_call},
    .methods = itemgetter_methods,
}};

TypeObject attrgetter_type{TypeSpec{
    .name = "operator.attrgetter",
    .doc = "attrgetter(attr, ...) --> attrgetter object\n\n"
           "Return a callable object that fetches the given attribute(s) from its operand.\n"
           "After f = attrgetter('name'), the call f(r) returns r.name.\n"
           "After g = attrgetter('name', 'date'), the call g(r) returns (r.name, r.date).\n"
           "After h = attrgetter('name.first', 'name.last'), the call h(r) returns\n"
           "(r.name.first, r.name.last).",
    .basic_size = sizeof(AttrGetterObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = attrgetter_dealloc,
              .traverse = attrgetter_traverse,
              .clear = attrgetter_clear,
              .new_instance = attrgetter_new,
              .repr = attrgetter_repr,
              .getattr = generic_get_attr,
              .call = attrgetter_call},
    .methods = attrgetter_methods,
}};

TypeObject methodcaller_type{TypeSpec{
    .name = "operator.methodcaller",
    .doc = "methodcaller(name, ...) --> methodcaller object\n\n"
           "Return a callable object that calls the given method on its operand.\n"
           "After f = methodcaller('name'), the call f(r) returns r.name().\n"
           "After g = methodcaller('name', 'date', foo=1), the call g(r) returns\n"
           "r.name('date', foo=1).",
    .basic_size = sizeof(MethodCallerObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = methodcaller_dealloc,
              .traverse = methodcaller_traverse,
              .clear = methodcaller_clear,
              .new_instance = methodcaller_new,
              .repr = methodcaller_repr,
              .getattr = generic_get_attr,
              .call = methodcaller_call},
    .methods = methodcaller_methods,
}};

}  // namespace krait::operator_module
