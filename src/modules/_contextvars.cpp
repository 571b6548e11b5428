// _contextvars: Context, ContextVar, Token and copy_context (PEP 567). A Context's
// variables are a dict that is never changed once another Context shares it: copying a
// context shares the dict (O(1), as asyncio does per task) and ContextVar.set() copies it
// only when shared. The current context is per thread (ThreadState::context).
#include "core/alloc.h"
#include "core/args.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/genericalias.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"
#include "runtime/thread_state.h"

namespace krait {

namespace {

extern TypeObject context_type;
extern TypeObject context_var_type;
extern TypeObject token_type;
extern TypeObject token_missing_type;

struct ContextObject : Object {
  Value vars;      // dict: ContextVar -> value; shared copy-on-write between contexts
  Value previous;  // the context that was current before run() entered this one
  bool entered;
};

struct ContextVarObject : Object {
  Value name;
  Value default_value;  // null: no default
};

struct TokenObject : Object {
  Value context;
  Value var;
  Value old_value;  // Token.MISSING when the variable had no value
  bool used;
};

Object token_missing_object{kStaticRefcount, &token_missing_type};

ContextObject* as_context(Value v) { return static_cast<ContextObject*>(v.as_object()); }
ContextVarObject* as_var(Value v) { return static_cast<ContextVarObject*>(v.as_object()); }
TokenObject* as_token(Value v) { return static_cast<TokenObject*>(v.as_object()); }
Value missing() { return Value(&token_missing_object); }

Ref<> context_with_vars(Value vars) {
  auto* c = allocate<ContextObject>(&context_type);
  if (!c) return nullptr;
  incref(vars);
  c->vars = vars;
  gc_track(c);
  return Ref<>::steal(Value(c));
}

Ref<> empty_context() {
  Ref<DictObject> vars = dict_new();
  return vars ? context_with_vars(vars.value()) : Ref<>();
}

// The thread's current context, made on first use.
ContextObject* current_context() {
  ThreadState* thread = current_thread();
  if (!thread->context) {
    thread->context = empty_context();
    if (!thread->context) return nullptr;
  }
  return as_context(thread->context);
}

// A dict the caller may change without another context seeing it.
DictObject* writable_vars(ContextObject* c) {
  if (c->vars.as_object()->refcount > 1) {
    Ref<DictObject> copy = dict_copy(as_dict(c->vars));
    if (!copy) return nullptr;
    Value old = c->vars;
    c->vars = copy.release();
    decref(old);
  }
  return as_dict(c->vars);
}

// --- Context ---

Ref<> context_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (nargs || (kwnames && kwnames->length))
    return type_error("Context() does not accept any arguments");
  return empty_context();
}

void context_dealloc(Object* o) {
  gc_untrack(o);
  auto* c = static_cast<ContextObject*>(o);
  decref(c->vars);
  decref(c->previous);
  free_object(o);
}

void context_traverse(Object* o, VisitFn visit, void* arg) {
  auto* c = static_cast<ContextObject*>(o);
  if (c->vars) visit(c->vars.as_object(), arg);
  if (c->previous) visit(c->previous.as_object(), arg);
}

void context_clear(Object* o) {
  auto* c = static_cast<ContextObject*>(o);
  Value previous = c->previous;
  c->previous = Value();
  decref(previous);
}

bool check_var_key(Value key) {
  if (type_of(key) != &context_var_type) {
    return bool(type_error("a ContextVar key was expected, got {}", repr_for_message(key)));
  }
  return true;
}

Ref<> context_getitem(Value self, Value key) {
  if (!check_var_key(key)) return nullptr;
  Value value = dict_get(as_dict(as_context(self)->vars), key);
  if (!value) {
    if (error_occurred()) return nullptr;
    return raise_with_args(&exc::KeyError, &key, 1);
  }
  return new_ref(value);
}

int context_contains(Value self, Value key) {
  if (!check_var_key(key)) return -1;
  Value value = dict_get(as_dict(as_context(self)->vars), key);
  if (!value && error_occurred()) return -1;
  return value ? 1 : 0;
}

int64_t context_length(Value self) { return as_dict(as_context(self)->vars)->used; }

Ref<> context_iter(Value self) { return get_iter(as_context(self)->vars); }

Ref<> context_get(Value self, const Value* args) {
  if (!check_var_key(args[0])) return nullptr;
  Value value = dict_get(as_dict(as_context(self)->vars), args[0]);
  if (!value && error_occurred()) return nullptr;
  return new_ref(value ? value : args[1]);
}

Ref<> context_keys(Value self, const Value* args) {
  return call_method0(as_context(self)->vars, str_intern_utf8("keys"));
}
Ref<> context_values(Value self, const Value* args) {
  return call_method0(as_context(self)->vars, str_intern_utf8("values"));
}
Ref<> context_items(Value self, const Value* args) {
  return call_method0(as_context(self)->vars, str_intern_utf8("items"));
}
Ref<> context_copy(Value self, const Value* args) {
  return context_with_vars(as_context(self)->vars);
}

// run(callable, *args, **kwargs): calls it with this context current.
Ref<> context_run(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (nargs < 1) return type_error("run() missing 1 required positional argument");
  ContextObject* c = as_context(self);
  if (c->entered) {
    return raise(exc::RuntimeError, "cannot enter context: {} is already entered",
                 repr_for_message(self));
  }
  ThreadState* thread = current_thread();
  c->previous = thread->context.release();
  c->entered = true;
  thread->context = new_ref(self);
  Ref<> result = call(args[0], args + 1, nargs - 1, kwnames);
  thread->context = Ref<>::steal(c->previous);
  c->previous = Value();
  c->entered = false;
  return result;
}

Ref<> context_compare(Value a, Value b, CompareOp op) {
  if (type_of(a) != &context_type || type_of(b) != &context_type ||
      (op != CompareOp::Eq && op != CompareOp::Ne)) {
    return new_not_implemented();
  }
  return rich_compare(as_context(a)->vars, as_context(b)->vars, op);
}

const MethodDef context_methods[] = {
    {.name = "get",
     .impl = context_get,
     .signature = "($self, key, default=None, /)",
     .doc = "Return the value for `key` if `key` has the value in the context object.\n\nIf `key` "
            "does not exist, "
            "return `default`. If `default` is not given,\nreturn None."},
    {.name = "items",
     .impl = context_items,
     .signature = "($self, /)",
     .doc = "Return all variables and their values in the context object.\n\nThe result is "
            "returned as a list of "
            "2-tuples (variable, value)."},
    {.name = "keys",
     .impl = context_keys,
     .signature = "($self, /)",
     .doc = "Return a list of all variables in the context object."},
    {.name = "values",
     .impl = context_values,
     .signature = "($self, /)",
     .doc = "Return a list of all variables' values in the context object."},
    {.name = "copy",
     .impl = context_copy,
     .signature = "($self, /)",
     .doc = "Return a shallow copy of the context object."},
    {.name = "run", .raw = context_run},
    {},
};

TypeObject context_type{TypeSpec{
    .name = "_contextvars.Context",
    .basic_size = sizeof(ContextObject),
    .flags = kTypeHaveGC | kTypeMapping,
    .slots = {.dealloc = context_dealloc,
              .traverse = context_traverse,
              .clear = context_clear,
              .new_instance = context_new,
              .compare = context_compare,
              .getattr = generic_get_attr,
              .iter = context_iter,
              .length = context_length,
              .getitem = context_getitem,
              .contains = context_contains},
    .methods = context_methods,
}};

// --- ContextVar ---

Ref<> context_var_impl(Value type, const Value* args) {
  if (!is_str(args[0])) return type_error("context variable name must be a str");
  auto* v = allocate<ContextVarObject>(&context_var_type);
  if (!v) return nullptr;
  incref(args[0]);
  v->name = args[0];
  if (args[1]) {
    incref(args[1]);
    v->default_value = args[1];
  }
  gc_track(v);
  return Ref<>::steal(Value(v));
}

const MethodDef context_var_new_def = {.name = "ContextVar",
                                       .impl = context_var_impl,
                                       .signature = "($type, name, /, *, default=?)",
                                       .flags = kMethodConstructor};

Ref<> context_var_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (nargs > 1)
    return type_error("ContextVar() takes at most 1 positional argument ({} given)", nargs);
  return call_method_def(&context_var_new_def, nullptr, Value(type), args, nargs, kwnames);
}

void context_var_dealloc(Object* o) {
  gc_untrack(o);
  auto* v = static_cast<ContextVarObject*>(o);
  decref(v->name);
  decref(v->default_value);
  free_object(o);
}

void context_var_traverse(Object* o, VisitFn visit, void* arg) {
  auto* v = static_cast<ContextVarObject*>(o);
  if (v->default_value.is_object()) visit(v->default_value.as_object(), arg);
}

Ref<> context_var_get(Value self, const Value* args) {
  ContextObject* c = current_context();
  if (!c) return nullptr;
  Value value = dict_get(as_dict(c->vars), self);
  if (value) return new_ref(value);
  if (error_occurred()) return nullptr;
  if (args[0]) return new_ref(args[0]);
  if (as_var(self)->default_value) return new_ref(as_var(self)->default_value);
  return raise_with_args(&exc::LookupError, &self, 1);
}

Ref<> context_var_set(Value self, const Value* args) {
  ContextObject* c = current_context();
  if (!c) return nullptr;
  Value old = dict_get(as_dict(c->vars), self);
  if (!old && error_occurred()) return nullptr;
  auto* token = allocate<TokenObject>(&token_type);
  if (!token) return nullptr;
  Ref<> result = Ref<>::steal(Value(token));
  token->context = new_ref(Value(c)).release();
  token->var = new_ref(self).release();
  token->old_value = new_ref(old ? old : missing()).release();
  gc_track(token);
  DictObject* vars = writable_vars(c);
  if (!vars || !dict_set(vars, self, args[0])) return nullptr;
  return result;
}

Ref<> context_var_reset(Value self, const Value* args) {
  Value token_value = args[0];
  if (type_of(token_value) != &token_type) {
    return type_error("expected an instance of Token, got {}", repr_for_message(token_value));
  }
  TokenObject* token = as_token(token_value);
  if (token->used)
    return raise(exc::RuntimeError, "{} has already been used once", repr_for_message(token_value));
  if (token->var != self)
    return value_error("{} was created by a different ContextVar", repr_for_message(token_value));
  ContextObject* c = current_context();
  if (!c) return nullptr;
  if (token->context != Value(c))
    return value_error("{} was created in a different Context", repr_for_message(token_value));
  token->used = true;
  DictObject* vars = writable_vars(c);
  if (!vars) return nullptr;
  if (token->old_value == missing()) {
    if (dict_remove(vars, self) < 0) return nullptr;
  } else if (!dict_set(vars, self, token->old_value)) {
    return nullptr;
  }
  return new_none();
}

Ref<> context_var_repr(Value self) {
  ContextVarObject* v = as_var(self);
  Ref<StrObject> name = repr(v->name);
  if (!name) return nullptr;
  std::string text = "<ContextVar name=" + std::string(str_utf8(name.get()));
  if (v->default_value) {
    Ref<StrObject> default_text = repr(v->default_value);
    if (!default_text) return nullptr;
    text += " default=" + std::string(str_utf8(default_text.get()));
  }
  return str_from_utf8(text + " at " + address_text(self.as_object()) + ">");
}

int64_t context_var_hash(Value self) {
  // Identity hashing, as CPython (which mixes the name's hash in; equality is identity).
  return int64_t(reinterpret_cast<uintptr_t>(self.as_object()) >> 4);
}

Ref<> context_var_get_name(Value self) { return new_ref(as_var(self)->name); }

const MethodDef context_var_methods[] = {
    {.name = "get",
     .impl = context_var_get,
     .signature = "($self, default=?, /)",
     .doc = "Return a value for the context variable for the current context.\n\nIf there is no "
            "value for the variable "
            "in the current context, the method will:\n * return the value of the default argument "
            "of the method, if "
            "provided; or\n * return the default value for the context variable, if it was "
            "created\n   with one; or\n "
            "* raise a LookupError."},
    {.name = "set",
     .impl = context_var_set,
     .signature = "($self, value, /)",
     .doc = "Call to set a new value for the context variable in the current context.\n\nThe "
            "required value argument "
            "is the new value for the context variable.\n\nReturns a Token object that can be used "
            "to restore the "
            "variable to its previous\nvalue via the `ContextVar.reset()` method."},
    {.name = "reset",
     .impl = context_var_reset,
     .signature = "($self, token, /)",
     .doc = "Reset the context variable.\n\nThe variable is reset to the value it had before the "
            "`ContextVar.set()` "
            "that\ncreated the token was used."},
    {.name = "__class_getitem__",
     .impl = class_getitem_generic_alias,
     .signature = "($type, item, /)",
     .doc = "See PEP 585",
     .flags = kMethodClass},
    {},
};

const GetSetDef context_var_getsets[] = {
    {"name", context_var_get_name},
    {},
};

TypeObject context_var_type{TypeSpec{
    .name = "_contextvars.ContextVar",
    .basic_size = sizeof(ContextVarObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = context_var_dealloc,
              .traverse = context_var_traverse,
              .new_instance = context_var_new,
              .repr = context_var_repr,
              .hash = context_var_hash,
              .getattr = generic_get_attr},
    .methods = context_var_methods,
    .getsets = context_var_getsets,
}};

// --- Token ---

Ref<> token_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return raise(exc::RuntimeError, "Tokens can only be created by ContextVars");
}

void token_dealloc(Object* o) {
  gc_untrack(o);
  auto* t = static_cast<TokenObject*>(o);
  decref(t->context);
  decref(t->var);
  decref(t->old_value);
  free_object(o);
}

void token_traverse(Object* o, VisitFn visit, void* arg) {
  auto* t = static_cast<TokenObject*>(o);
  for (Value v : {t->context, t->var, t->old_value}) {
    if (v.is_object()) visit(v.as_object(), arg);
  }
}

Ref<> token_repr(Value self) {
  TokenObject* t = as_token(self);
  Ref<StrObject> var = repr(t->var);
  if (!var) return nullptr;
  return str_from_utf8(std::string("<Token") + (t->used ? " used" : "") +
                       " var=" + std::string(str_utf8(var.get())) + " at " +
                       address_text(self.as_object()) + ">");
}

Ref<> token_get_var(Value self) { return new_ref(as_token(self)->var); }
Ref<> token_get_old_value(Value self) { return new_ref(as_token(self)->old_value); }

const GetSetDef token_getsets[] = {
    {"var", token_get_var},
    {"old_value", token_get_old_value},
    {},
};

const MethodDef token_methods[] = {
    {.name = "__class_getitem__",
     .impl = class_getitem_generic_alias,
     .signature = "($type, item, /)",
     .doc = "See PEP 585",
     .flags = kMethodClass},
    {},
};

TypeObject token_type{TypeSpec{
    .name = "_contextvars.Token",
    .basic_size = sizeof(TokenObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = token_dealloc,
              .traverse = token_traverse,
              .new_instance = token_new,
              .repr = token_repr,
              .getattr = generic_get_attr},
    .methods = token_methods,
    .getsets = token_getsets,
}};

Ref<> token_missing_repr(Value) { return str_from_ascii("<Token.MISSING>"); }

TypeObject token_missing_type{TypeSpec{
    .name = "Token.MISSING",
    .basic_size = sizeof(Object),
    .slots = {.repr = token_missing_repr, .getattr = generic_get_attr},
}};

// --- Module ---

Ref<> copy_context(Value, const Value*) {
  ContextObject* c = current_context();
  if (!c) return nullptr;
  return context_with_vars(c->vars);
}

const MethodDef contextvars_functions[] = {
    {.name = "copy_context", .impl = copy_context, .signature = "($module, /)"},
    {},
};

bool contextvars_exec(ModuleObject* module) {
  if (!type_ready(&token_missing_type) || !module_add_type(module, &context_type) ||
      !module_add_type(module, &context_var_type) || !module_add_type(module, &token_type)) {
    return false;
  }
  return dict_set_str(as_dict(Value(token_type.dict)), "MISSING", missing());
}

}  // namespace

extern const ModuleDef module__contextvars = {
    .name = "_contextvars",
    .doc = "Context Variables",
    .methods = contextvars_functions,
    .exec = contextvars_exec,
};

}  // namespace krait
