// Out-of-line instruction bodies of the eval loop (see eval_support.h): name lookup,
// unpacking, raise, with, imports, string building, pattern matching, awaitables.
#include "vm/eval_support.h"

#include <cstring>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/code.h"
#include "objects/descriptors.h"
#include "objects/bytes.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/exceptions.h"
#include "objects/function.h"
#include "objects/generator.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/module.h"
#include "objects/none.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/errors.h"
#include "runtime/import.h"
#include "runtime/runtime.h"
#include "runtime/thread_state.h"
#include "vm/builtins_namespace.h"
#include "vm/frame.h"

namespace krait {

// --- Names ---

Raised name_not_defined(StrObject* name) {
  raise(exc::NameError, "name '{}' is not defined", str_utf8(name));
  Value raised = current_thread()->current_exception.value();
  if (raised && is_instance_of(raised, &exc::NameError)) {
    auto* e = static_cast<NameErrorObject*>(raised.as_object());
    incref(name);
    decref(e->name);
    e->name = Value(name);
  }
  return Raised();
}

namespace {

// A lookup in a mapping that is usually a dict (globals, locals, or a frame's builtins,
// which may be wrapped): null without an exception when missing.
Ref<> mapping_lookup(Value mapping, StrObject* name) {
  if (is_exact_dict(mapping)) {
    Value v = dict_get_str(as_dict(mapping), name);
    return v ? new_ref(v) : Ref<>();
  }
  mapping = visible_builtins(mapping);
  Ref<> v = get_item(mapping, Value(name));
  if (!v && error_matches(&exc::KeyError)) clear_error();
  return v;
}

}  // namespace

Ref<> load_global(Frame* frame, StrObject* name) {
  Ref<> v = mapping_lookup(Value(frame->globals), name);
  if (v || error_occurred()) return v;
  v = mapping_lookup(Value(frame->builtins), name);
  if (v || error_occurred()) return v;
  return name_not_defined(name);
}

// A function whose code is not optimized (types.FunctionType(module_code, globals)) runs
// with its globals as locals, as CPython's function calls give it; the frame only learns
// that at its first name access, which keeps the call path free of the check.
bool frame_has_name_locals(Frame* frame) {
  if (frame->locals) return true;
  if (!frame->function || (frame->code->flags & kCodeOptimized)) return false;
  incref(frame->globals);
  frame->locals = Value(frame->globals);
  return true;
}

Ref<> load_name(Frame* frame, StrObject* name) {
  if (!frame_has_name_locals(frame)) {
    return system_error("no locals when loading {}", repr_for_message(Value(name)));
  }
  Ref<> v = mapping_lookup(frame->locals, name);
  if (v || error_occurred()) return v;
  if (frame->locals.as_object() == frame->globals) {
    // Module-level code: the globals were just searched as the locals.
    v = mapping_lookup(Value(frame->builtins), name);
    if (v || error_occurred()) return v;
    return name_not_defined(name);
  }
  return load_global(frame, name);
}

Ref<> load_build_class(Frame* frame) {
  Ref<> v = mapping_lookup(Value(frame->builtins), ID(__build_class__));
  if (v || error_occurred()) return v;
  return raise(exc::NameError, "__build_class__ not found");
}

bool store_name(Frame* frame, StrObject* name, Value value) {
  if (!frame_has_name_locals(frame)) {
    return system_error("no locals found when storing {}", repr_for_message(Value(name)));
  }
  if (is_exact_dict(frame->locals)) return dict_set(as_dict(frame->locals), Value(name), value);
  return set_item(frame->locals, Value(name), value);
}

bool delete_name(Frame* frame, StrObject* name) {
  if (!frame_has_name_locals(frame)) {
    return system_error("no locals when deleting {}", repr_for_message(Value(name)));
  }
  if (is_exact_dict(frame->locals)) {
    int removed = dict_remove(as_dict(frame->locals), Value(name));
    if (removed < 0) return false;
    if (removed == 0) return name_not_defined(name);
    return true;
  }
  if (!delete_item(frame->locals, Value(name))) {
    if (error_matches(&exc::KeyError)) {
      clear_error();
      return name_not_defined(name);
    }
    return false;
  }
  return true;
}

bool delete_global(Frame* frame, StrObject* name) {
  int removed = dict_remove(static_cast<DictObject*>(frame->globals), Value(name));
  if (removed < 0) return false;
  if (removed == 0) return name_not_defined(name);
  return true;
}

Ref<> load_class_deref(Frame* frame, int index) {
  // A class body reading a name free in the class: the class namespace first.
  StrObject* name = as_str(as_tuple(Value(frame->code->localsplusnames))->items[index]);
  Ref<> v = mapping_lookup(frame->locals, name);
  if (v || error_occurred()) return v;
  Value contents = as_cell(frame->localsplus[index])->contents;
  if (!contents) return unbound_deref_error(frame, index);
  return new_ref(contents);
}

bool setup_annotations(Frame* frame) {
  if (!frame_has_name_locals(frame)) return system_error("no locals found when setting up annotations");
  if (is_exact_dict(frame->locals)) {
    if (dict_get_str(as_dict(frame->locals), ID(__annotations__))) return true;
    if (error_occurred()) return false;
    Ref<DictObject> annotations = dict_new();
    return annotations && dict_set(as_dict(frame->locals), Value(ID(__annotations__)), annotations.value());
  }
  Ref<> existing = get_item(frame->locals, Value(ID(__annotations__)));
  if (existing) return true;
  if (!error_matches(&exc::KeyError)) return false;
  clear_error();
  Ref<DictObject> annotations = dict_new();
  return annotations && set_item(frame->locals, Value(ID(__annotations__)), annotations.value());
}

Raised unbound_local_error(Frame* frame, int index) {
  StrObject* name = as_str(as_tuple(Value(frame->code->localsplusnames))->items[index]);
  return raise(exc::UnboundLocalError,
               "cannot access local variable '{}' where it is not associated with a value",
               str_utf8(name));
}

Raised unbound_deref_error(Frame* frame, int index) {
  CodeObject* code = frame->code;
  StrObject* name = as_str(as_tuple(Value(code->localsplusnames))->items[index]);
  if (code->localspluskinds[index] & kLocalFree) {
    return raise(exc::NameError,
                 "cannot access free variable '{}' where it is not associated with a value in "
                 "enclosing scope",
                 str_utf8(name));
  }
  return unbound_local_error(frame, index);
}

// --- Unpacking ---

bool unpack_iterable(Value iterable, int count, Value* out_top) {
  Ref<> iterator = get_iter(iterable);
  if (!iterator) {
    if (error_matches(&exc::TypeError) && !type_of(iterable)->iter && !type_of(iterable)->getitem) {
      clear_error();
      type_error("cannot unpack non-iterable {} object", type_name(iterable));
    }
    return false;
  }
  std::vector<Value> items;
  items.reserve(size_t(count));
  auto cleanup = [&] {
    for (Value v : items) decref(v);
  };
  for (int i = 0; i < count; ++i) {
    Ref<> item = iter_next(iterator);
    if (!item) {
      if (!error_occurred()) {
        value_error("not enough values to unpack (expected {}, got {})", count, i);
      }
      cleanup();
      return false;
    }
    items.push_back(item.release());
  }
  Ref<> extra = iter_next(iterator);
  if (extra) {
    cleanup();
    value_error("too many values to unpack (expected {})", count);
    return false;
  }
  if (error_occurred()) {
    cleanup();
    return false;
  }
  // The stack gets the items in reverse: the first item ends on top.
  for (int i = 0; i < count; ++i) out_top[-1 - i] = items[size_t(i)];
  return true;
}

bool unpack_ex(Value iterable, int before, int after, Value* out_top) {
  Ref<> iterator = get_iter(iterable);
  if (!iterator) {
    if (error_matches(&exc::TypeError) && !type_of(iterable)->iter && !type_of(iterable)->getitem) {
      clear_error();
      type_error("cannot unpack non-iterable {} object", type_name(iterable));
    }
    return false;
  }
  std::vector<Value> items;
  auto cleanup = [&] {
    for (Value v : items) decref(v);
  };
  for (int i = 0; i < before; ++i) {
    Ref<> item = iter_next(iterator);
    if (!item) {
      if (!error_occurred()) {
        value_error("not enough values to unpack (expected at least {}, got {})", before + after, i);
      }
      cleanup();
      return false;
    }
    items.push_back(item.release());
  }
  Ref<ListObject> rest = list_from_iterable(iterator);
  if (!rest) {
    cleanup();
    return false;
  }
  if (rest->length < after) {
    value_error("not enough values to unpack (expected at least {}, got {})", before + after,
                before + rest->length);
    cleanup();
    return false;
  }
  // Move the last `after` items from the list.
  std::vector<Value> tail;
  for (int64_t i = rest->length - after; i < rest->length; ++i) tail.push_back(rest->items[i]);
  rest->length -= after;
  int total = before + 1 + after;
  int k = 0;
  for (Value v : items) out_top[-1 - k++] = v;
  out_top[-1 - k++] = rest.release();
  for (Value v : tail) out_top[-1 - k++] = v;
  (void)total;
  return true;
}

// --- raise ---

bool do_raise(ThreadState* thread, Value exception, Value cause) {
  if (!exception) {
    // Bare `raise`: re-raise the exception being handled.
    Value handled;
    for (ExceptionStackItem* item = thread->exception_stack; item; item = item->previous) {
      if (item->exception && !is_none(item->exception)) {
        handled = item->exception;
        break;
      }
    }
    if (!handled) {
      runtime_error("No active exception to reraise");
      return false;
    }
    restore_error(new_ref(handled));
    return true;
  }
  Ref<> instance;
  if (is_exception_class(exception)) {
    instance = call0(exception);
    if (!instance) return false;
    if (!is_exception_instance(instance)) {
      type_error("calling {} should have returned an instance of BaseException, not {}",
                 repr_for_message(exception), type_name(instance));
      return false;
    }
  } else if (is_exception_instance(exception)) {
    instance = new_ref(exception);
  } else {
    type_error("exceptions must derive from BaseException");
    return false;
  }
  if (cause) {
    Ref<> cause_instance;
    if (is_exception_class(cause)) {
      cause_instance = call0(cause);
      if (!cause_instance) return false;
    } else if (is_exception_instance(cause)) {
      cause_instance = new_ref(cause);
    } else if (is_none(cause)) {
      cause_instance = new_none();
    } else {
      type_error("exception causes must derive from BaseException");
      return false;
    }
    exception_set_cause(instance, is_none(cause_instance) ? Value() : cause_instance.value());
  }
  set_raised_exception(std::move(instance));
  return false;
}

bool check_except_type_valid(Value type, bool star) {
  auto check_one = [&](Value t) {
    if (!is_exception_class(t)) {
      type_error(star ? "catching classes that do not inherit from BaseException is not allowed"
                      : "catching classes that do not inherit from BaseException is not allowed");
      return false;
    }
    if (star && is_subclass(t, Value(&exc::BaseExceptionGroup)) == 1) {
      type_error("catching ExceptionGroup with except* is not allowed. Use except instead.");
      return false;
    }
    return true;
  };
  if (is_tuple(type)) {
    TupleObject* tuple = as_tuple(type);
    for (int64_t i = 0; i < tuple->length; ++i) {
      if (!check_one(tuple->items[i])) return false;
    }
    return true;
  }
  return check_one(type);
}

int exception_matches(Value exception, Value type) {
  if (!check_except_type_valid(type, false)) return -1;
  if (is_tuple(type)) {
    TupleObject* tuple = as_tuple(type);
    for (int64_t i = 0; i < tuple->length; ++i) {
      if (is_instance_of(exception, static_cast<TypeObject*>(tuple->items[i].as_object()))) return 1;
    }
    return 0;
  }
  return is_instance_of(exception, static_cast<TypeObject*>(type.as_object()));
}

// --- Strings, maps ---

Ref<> format_value(Value value, int conversion, Value spec) {
  Ref<> converted;
  switch (conversion) {
    case 1: converted = str(value); break;
    case 2: converted = repr(value); break;
    case 3: converted = ascii(value); break;
    default: converted = new_ref(value); break;
  }
  if (!converted) return nullptr;
  if (!spec && is_exact_str(converted)) return converted;
  return format(converted, spec);
}

Ref<> build_string(Value* items, int count) {
  if (count == 1) return new_ref(items[0]);
  int64_t total = 0;
  char32_t max_char = 0;
  for (int i = 0; i < count; ++i) {
    StrObject* s = as_str(items[i]);
    total += s->length;
    if (s->length) max_char = std::max(max_char, kind_max_char(s));
  }
  Ref<StrObject> result = str_allocate(total, max_char);
  if (!result) return nullptr;
  int64_t at = 0;
  for (int i = 0; i < count; ++i) {
    StrObject* s = as_str(items[i]);
    if (s->kind == result->kind) {
      std::memcpy(static_cast<char*>(result->data()) + at * result->kind, s->data(),
                  size_t(s->length) * s->kind);
    } else {
      for (int64_t j = 0; j < s->length; ++j) {
        char32_t c = s->at(j);
        switch (result->kind) {
          case 1: static_cast<uint8_t*>(result->data())[at + j] = uint8_t(c); break;
          case 2: static_cast<uint16_t*>(result->data())[at + j] = uint16_t(c); break;
          default: static_cast<uint32_t*>(result->data())[at + j] = uint32_t(c); break;
        }
      }
    }
    at += s->length;
  }
  return result;
}

Ref<> build_map(Value* items, int count) {
  Ref<DictObject> map = dict_new_presized(count);
  if (!map) return nullptr;
  for (int i = 0; i < count; ++i) {
    if (!dict_set(map.get(), items[2 * i], items[2 * i + 1])) return nullptr;
  }
  return map;
}

Ref<> build_const_key_map(Value* values, int count, Value keys) {
  TupleObject* key_tuple = as_tuple(keys);
  Ref<DictObject> map = dict_new_presized(count);
  if (!map) return nullptr;
  for (int i = 0; i < count; ++i) {
    if (!dict_set(map.get(), key_tuple->items[i], values[i])) return nullptr;
  }
  return map;
}

namespace {

// CPython's _PyObject_FunctionStr: "module.qualname()" (no module for builtins), or str(x)
// when the callable has no __qualname__.
std::string describe_callable(Value callable) {
  Ref<> qualname;
  if (get_attr_optional(callable, ID(__qualname__), &qualname) <= 0 || !is_str(qualname)) {
    clear_error();
    Ref<StrObject> text = str(callable);
    if (!text) {
      clear_error();
      return type_name(callable) + " object";
    }
    return std::string(str_utf8(text.get()));
  }
  std::string description(str_utf8(qualname.value()));
  Ref<> module;
  if (get_attr_optional(callable, ID(__module__), &module) > 0 && is_str(module) &&
      !str_equal_ascii(as_str(module), "builtins")) {
    description = std::string(str_utf8(module.value())) + "." + description;
  }
  clear_error();
  return description + "()";
}

}  // namespace

std::string callable_description(Value callable) { return describe_callable(callable); }

static bool duplicate_keyword_error(Value callable, Value key) {
  Ref<StrObject> key_text = str(key);
  if (!key_text) return false;
  return type_error("{} got multiple values for keyword argument '{}'", describe_callable(callable),
                    str_utf8(key_text.get()));
}

bool dict_merge_for_call(Value dict, Value other, Value callable) {
  // f(**other): a mapping without duplicates; the call itself checks that keys are str.
  DictObject* target = as_dict(dict);
  Ref<> keys;
  if (is_dict(other)) {
    int64_t pos = 0;
    Value key, value;
    Ref<> hold = new_ref(other);
    while (dict_next(as_dict(other), &pos, &key, &value)) {
      if (dict_get(target, key)) return duplicate_keyword_error(callable, key);
      if (!dict_set(target, key, value)) return false;
    }
    return true;
  }
  if (get_attr_optional(other, ID(keys), &keys) < 0) return false;
  if (!keys) {
    return type_error("{} argument after ** must be a mapping, not {}", describe_callable(callable),
                      type_name(other));
  }
  Ref<> key_list = call0(keys);
  if (!key_list) return false;
  return for_each(key_list, [&](Value key) {
    if (dict_get(target, key)) return duplicate_keyword_error(callable, key);
    Ref<> value = get_item(other, key);
    return value && dict_set(target, key, value);
  });
}

bool list_extend_for_call(Value list, Value iterable) {
  if (list_extend(as_list(list), iterable)) return true;
  if (error_matches(&exc::TypeError) && !type_of(iterable)->iter && !type_of(iterable)->getitem) {
    clear_error();
    return type_error("Value after * must be an iterable, not {}", type_name(iterable));
  }
  return false;
}

// --- Imports ---

Ref<> import_name(Frame* frame, StrObject* name, Value fromlist, Value level) {
  Value locals = frame->locals ? frame->locals : None();
  return import_module_level(Value(name), Value(frame->globals), locals, fromlist, level,
                             visible_builtins(Value(frame->builtins)));
}

Ref<> import_from(Value module, StrObject* name) {
  Ref<> v;
  int found = get_attr_optional(module, name, &v);
  if (found > 0) return v;
  if (found < 0) return nullptr;
  // A submodule not yet bound as an attribute (circular imports): sys.modules[pkg.name].
  Ref<> package_name;
  if (get_attr_optional(module, ID(__name__), &package_name) < 0) return nullptr;
  if (package_name && is_str(package_name)) {
    std::string full = std::string(str_utf8(package_name.value())) + "." + std::string(str_utf8(name));
    Value found_module = dict_get_utf8(as_dict(Value(runtime().modules)), full);
    if (found_module) return new_ref(found_module);
  }
  return import_from_error(module, name, package_name);
}

bool import_star(Frame* frame, Value module) {
  if (!frame_has_name_locals(frame)) return system_error("no locals found during 'import *'");
  return import_all_from(frame->locals, module);
}

// --- with ---

bool before_with(Value manager, Ref<>* exit, Ref<>* entered, bool is_async) {
  StrObject* enter_name = is_async ? ID(__aenter__) : ID(__enter__);
  StrObject* exit_name = is_async ? ID(__aexit__) : ID(__exit__);
  Ref<> enter = lookup_special(manager, enter_name);
  if (!enter) {
    if (error_occurred()) return false;
    return type_error(is_async ? "'{}' object does not support the asynchronous context manager protocol"
                               : "'{}' object does not support the context manager protocol",
                      type_name(manager));
  }
  *exit = lookup_special(manager, exit_name);
  if (!*exit) {
    if (error_occurred()) return false;
    return type_error(is_async ? "'{}' object does not support the asynchronous context manager protocol (missed __aexit__ method)"
                               : "'{}' object does not support the context manager protocol (missed __exit__ method)",
                      type_name(manager));
  }
  *entered = call0(enter);
  return bool(*entered);
}

// --- Pattern matching ---

int match_mapping(Value subject) { return type_has_flag(subject, kTypeMapping) ? 1 : 0; }
int match_sequence(Value subject) { return type_has_flag(subject, kTypeSequence) ? 1 : 0; }

Ref<> match_keys(Value subject, Value keys) {
  TupleObject* key_tuple = as_tuple(keys);
  if (key_tuple->length == 0) return tuple_empty();
  Ref<> get = get_attr(subject, ID(get));
  if (!get) return nullptr;
  // A sentinel that no mapping contains.
  Ref<> dummy = call0(Value(&object_type));
  if (!dummy) return nullptr;
  Ref<TupleObject> values = tuple_allocate(key_tuple->length);
  if (!values) return nullptr;
  Ref<SetObject> seen = set_new();
  if (!seen) return nullptr;
  for (int64_t i = 0; i < key_tuple->length; ++i) {
    Value key = key_tuple->items[i];
    int duplicate = set_contains(seen.get(), key);
    if (duplicate < 0) return nullptr;
    if (duplicate) return value_error("mapping pattern checks duplicate key ({})", repr_for_message(key));
    if (!set_add(seen.get(), key)) return nullptr;
    Value args[2] = {key, dummy.value()};
    Ref<> value = call(get, args, 2);
    if (!value) return nullptr;
    if (value.value() == dummy.value()) return nullptr;  // no match (no exception)
    values->items[i] = value.release();
  }
  return values;
}

Ref<> match_class(Value subject, Value cls, int positional, Value names) {
  if (!type_has_flag(cls, kTypeTypeSubclass)) {
    return type_error("called match pattern must be a class");
  }
  int matches = is_instance(subject, cls);
  if (matches <= 0) return nullptr;
  auto* type = static_cast<TypeObject*>(cls.as_object());
  std::vector<Ref<>> attrs;
  std::vector<Value> seen;
  auto lookup = [&](Value name) -> bool {
    for (Value s : seen) {
      if (str_equal(as_str(s), as_str(name))) {
        type_error("{}() got multiple sub-patterns for attribute {}", type_short_name(type),
                   repr_for_message(name));
        return false;
      }
    }
    seen.push_back(name);
    Ref<> v;
    int found = get_attr_optional(subject, as_str(name), &v);
    if (found <= 0) return false;
    attrs.push_back(std::move(v));
    return true;
  };
  if (positional) {
    Ref<> match_args;
    if (get_attr_optional(cls, ID(__match_args__), &match_args) < 0) return nullptr;
    if (match_args) {
      if (!is_exact_tuple(match_args)) {
        return type_error("{}.__match_args__ must be a tuple (got {})", type_short_name(type),
                          type_name(match_args));
      }
      TupleObject* args_tuple = as_tuple(match_args);
      if (positional > args_tuple->length) {
        return type_error("{}() accepts {} positional sub-pattern{} ({} given)", type_short_name(type),
                          args_tuple->length, args_tuple->length == 1 ? "" : "s", positional);
      }
      for (int i = 0; i < positional; ++i) {
        Value name = args_tuple->items[i];
        if (!is_str(name)) {
          return type_error("__match_args__ elements must be strings (got {})", type_name(name));
        }
        if (!lookup(name)) return nullptr;
      }
    } else {
      // Built-ins like int/str/tuple match their positional sub-pattern against self.
      bool self_match = false;
      for (TypeObject* builtin : {&bool_type, &bytearray_type, &bytes_type, &dict_type, &float_type,
                                  &frozenset_type, &int_type, &list_type, &set_type, &str_type,
                                  &tuple_type}) {
        self_match |= is_subtype(type, builtin);
      }
      if (!self_match) {
        return type_error("{}() accepts 0 positional sub-patterns ({} given)", type_short_name(type), positional);
      }
      if (positional > 1) {
        return type_error("{}() accepts 1 positional sub-pattern ({} given)", type_short_name(type), positional);
      }
      attrs.push_back(new_ref(subject));
    }
  }
  TupleObject* keyword_names = as_tuple(names);
  for (int64_t i = 0; i < keyword_names->length; ++i) {
    if (!lookup(keyword_names->items[i])) return nullptr;
  }
  Ref<TupleObject> result = tuple_allocate(int64_t(attrs.size()));
  if (!result) return nullptr;
  for (size_t i = 0; i < attrs.size(); ++i) result->items[i] = attrs[i].release();
  return result;
}

// --- Awaitables ---

Ref<> get_awaitable(Value iterable, int where) {
  Ref<> result = awaitable_iter(iterable);
  if (!result) {
    if (where != 0 && !type_of(iterable)->await && error_matches(&exc::TypeError)) {
      clear_error();
      return type_error("'async with' received an object from __a{}__ that does not implement __await__: {}",
                        where == 1 ? "enter" : "exit", type_name(iterable));
    }
    return nullptr;
  }
  if (is_type(result, &coroutine_type) && generator_delegate(result)) {
    return runtime_error("coroutine is being awaited already");
  }
  return result;
}

Ref<> get_aiter(Value obj) {
  UnaryFn aiter = type_of(obj)->aiter;
  if (!aiter) {
    return type_error("'async for' requires an object with __aiter__ method, got {}", type_name(obj));
  }
  Ref<> result = aiter(obj);
  if (!result) return nullptr;
  if (!type_of(result)->anext) {
    return type_error("'async for' received an object from __aiter__ that does not implement __anext__: {}",
                      type_name(result));
  }
  return result;
}

Ref<> get_anext(Value aiter) {
  UnaryFn anext = type_of(aiter)->anext;
  if (!anext) {
    return type_error("'async for' requires an iterator with __anext__ method, got {}", type_name(aiter));
  }
  Ref<> next = anext(aiter);
  if (!next) return nullptr;
  if (is_type(next, &async_generator_asend_type) || is_type(next, &coroutine_type)) return next;
  Ref<> awaitable = get_awaitable(next, 0);
  if (!awaitable) {
    chain_error(exc::TypeError,
                format_message("'async for' received an invalid object from __anext__: {}", type_name(next)));
    return nullptr;
  }
  return awaitable;
}

Ref<> get_yield_from_iter(Frame* frame, Value iterable) {
  if (is_type(iterable, &coroutine_type)) {
    if (!(frame->code->flags & (kCodeCoroutine | kCodeIterableCoroutine))) {
      return type_error("cannot 'yield from' a coroutine object in a non-coroutine generator");
    }
    return new_ref(iterable);
  }
  if (is_type(iterable, &generator_type)) return new_ref(iterable);
  return get_iter(iterable);
}

// --- except* ---

bool exception_group_match(Value exception, Value match_type, Ref<>* match, Ref<>* rest) {
  if (!check_except_type_valid(match_type, true)) return false;
  if (is_none(exception)) {
    *match = new_none();
    *rest = new_none();
    return true;
  }
  if (exception_matches(exception, match_type) == 1) {
    // A naked exception matching the type is wrapped in an ExceptionGroup.
    if (is_instance_of(exception, &exc::BaseExceptionGroup)) {
      *match = new_ref(exception);
    } else {
      Ref<TupleObject> excs = tuple_of({exception});
      Ref<> message = str_from_ascii("");
      if (!excs || !message) return false;
      Ref<ListObject> list = list_from_array(excs->items, 1);
      if (!list) return false;
      Value args[2] = {message.value(), list.value()};
      *match = call(Value(&exc::BaseExceptionGroup), args, 2);
      if (!*match) return false;
      Value tb = exception_traceback(exception);
      if (tb) exception_set_traceback(*match, tb);
    }
    *rest = new_none();
    return true;
  }
  if (!is_instance_of(exception, &exc::BaseExceptionGroup)) {
    *match = new_none();
    *rest = new_ref(exception);
    return true;
  }
  Ref<> pair = call_method1(exception, str_intern_utf8("split"), match_type);
  if (!pair) return false;
  TupleObject* parts = as_tuple(pair);
  *match = new_ref(parts->items[0]);
  *rest = new_ref(parts->items[1]);
  return true;
}

Ref<> prep_reraise_star(Value original, Value raised_list) {
  return exception_group_prep_reraise(original, raised_list);
}

// --- Interactive mode ---

bool print_expr(Value value) {
  Value hook = dict_get_utf8(as_dict(Value(runtime().sys_dict)), "displayhook");
  if (!hook) return runtime_error("lost sys.displayhook");
  Ref<> result = call1(hook, value);
  return bool(result);
}

}  // namespace krait
