// Binding call arguments to a Python function's parameters (CPython's rules and error
// messages), and calling Python functions from C++.
#include "vm/call.h"

#include <string>
#include <vector>

#include "core/error.h"
#include "core/ops.h"
#include "objects/code.h"
#include "objects/dict.h"
#include "objects/function.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/thread_state.h"
#include "vm/eval.h"
#include "vm/frame.h"
#include "vm/frame_inline.h"

namespace krait {

bool raise_native_stack_exhausted() {
  raise(exc::RecursionError, "maximum recursion depth exceeded");
  return true;
}

namespace {

std::string function_qualname(FunctionObject* function) {
  return std::string(str_utf8(Value(function->qualname)));
}

// "'a'", "'a' and 'b'", "'a', 'b', and 'c'"
std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += names.size() == 2 ? " and " : (i + 1 == names.size() ? ", and " : ", ");
    out += "'" + names[i] + "'";
  }
  return out;
}

[[gnu::cold, gnu::noinline]] Raised missing_arguments(FunctionObject* function, Frame* frame, int start, int end, bool positional) {
  CodeObject* code = function->code;
  TupleObject* names = as_tuple(Value(code->localsplusnames));
  std::vector<std::string> missing;
  for (int i = start; i < end; ++i) {
    if (!frame->localsplus[i]) missing.emplace_back(str_utf8(names->items[i]));
  }
  return type_error("{}() missing {} required {} argument{}: {}", function_qualname(function),
                    missing.size(), positional ? "positional" : "keyword-only",
                    missing.size() == 1 ? "" : "s", quoted_list(missing));
}

[[gnu::cold, gnu::noinline]] Raised too_many_positional(FunctionObject* function, Frame* frame, size_t given) {
  CodeObject* code = function->code;
  int64_t ndefaults = function->defaults ? as_tuple(Value(function->defaults))->length : 0;
  int argcount = code->argcount;
  int kwonly_given = 0;
  for (int i = argcount; i < argcount + code->kwonlyargcount; ++i) {
    if (frame->localsplus[i]) ++kwonly_given;
  }
  std::string takes;
  if (ndefaults) {
    takes = "from " + std::to_string(argcount - ndefaults) + " to " + std::to_string(argcount);
  } else {
    takes = std::to_string(argcount);
  }
  bool plural = ndefaults ? true : argcount != 1;
  std::string kwonly_note;
  if (kwonly_given) {
    kwonly_note = format_message(" positional argument{} (and {} keyword-only argument{})",
                                 given != 1 ? "s" : "", kwonly_given, kwonly_given != 1 ? "s" : "");
  }
  return type_error("{}() takes {} positional argument{} but {}{} {} given",
                    function_qualname(function), takes, plural ? "s" : "", given, kwonly_note,
                    given == 1 && !kwonly_given ? "was" : "were");
}

// The positional arguments of a call: a bound method's `self` (or null), then `count` values.
struct PositionalArgs {
  Value self;
  const Value* items;
  size_t count;
  size_t size() const { return count + (self ? 1 : 0); }
  Value operator[](size_t i) const {
    if (!self) return items[i];
    return i == 0 ? self : items[i - 1];
  }
};

// The keyword arguments of a call: `names` with their `values` (CALL's kwnames), or the
// entries of `dict` (f(**d), CALL_FUNCTION_EX).
struct KeywordArgs {
  TupleObject* names = nullptr;
  const Value* values = nullptr;
  DictObject* dict = nullptr;
};

[[gnu::cold, gnu::noinline]] Raised keyword_error(FunctionObject* function, Value key, bool duplicate) {
  if (duplicate) {
    return type_error("{}() got multiple values for argument '{}'", function_qualname(function), str_utf8(key));
  }
  return type_error("{}() got an unexpected keyword argument '{}'", function_qualname(function), str_utf8(key));
}

// A keyword that names no parameter, without **kwargs to take it: as CPython, the error
// is about positional-only parameters if keywords of the call name some (listed in
// parameter order), else about this keyword.
[[gnu::cold, gnu::noinline]] Raised unexpected_keyword(FunctionObject* function, const KeywordArgs& keywords,
                                                       Value key) {
  CodeObject* code = function->code;
  TupleObject* names = as_tuple(Value(code->localsplusnames));
  auto given = [&](Value name) {
    if (keywords.dict) {
      int64_t pos = 0;
      Value k, v;
      while (dict_next(keywords.dict, &pos, &k, &v)) {
        if (str_equal(as_str(k), as_str(name))) return true;
      }
      return false;
    }
    for (int64_t i = 0; i < keywords.names->length; ++i) {
      if (str_equal(as_str(keywords.names->items[i]), as_str(name))) return true;
    }
    return false;
  };
  std::string list;
  for (int j = 0; j < code->posonlyargcount; ++j) {
    if (!given(names->items[j])) continue;
    if (!list.empty()) list += ", ";
    list += str_utf8(names->items[j]);
  }
  if (!list.empty()) {
    return type_error("{}() got some positional-only arguments passed as keyword arguments: '{}'",
                      function_qualname(function), list);
  }
  return keyword_error(function, key, false);
}

// Binds one keyword argument to its parameter, else into `kwdict` (the **kwargs dict, or
// null); false with an exception set.
[[gnu::always_inline]] inline bool bind_keyword(FunctionObject* function, Value* locals, DictObject* kwdict,
                                                const KeywordArgs& keywords, Value key, Value value) {
  CodeObject* code = function->code;
  TupleObject* names = as_tuple(Value(code->localsplusnames));
  int total = code->argcount + code->kwonlyargcount;
  int found = -1;
  // Keyword names are interned like parameter names: identity first.
  for (int j = code->posonlyargcount; j < total; ++j) {
    if (names->items[j] == key) {
      found = j;
      break;
    }
  }
  if (found < 0) [[unlikely]] {
    for (int j = code->posonlyargcount; j < total; ++j) {
      if (str_equal(as_str(names->items[j]), as_str(key))) {
        found = j;
        break;
      }
    }
    if (found < 0) {
      if (kwdict) return dict_set(kwdict, key, value);
      return unexpected_keyword(function, keywords, key);
    }
  }
  if (locals[found]) [[unlikely]] return keyword_error(function, key, true);
  incref(value);
  locals[found] = value;
  return true;
}

bool bind_keywords(FunctionObject* function, Value* locals, DictObject* kwdict, const KeywordArgs& keywords) {
  if (!keywords.dict) {
    int64_t nkw = keywords.names ? keywords.names->length : 0;
    for (int64_t k = 0; k < nkw; ++k) {
      if (!bind_keyword(function, locals, kwdict, keywords, keywords.names->items[k], keywords.values[k])) {
        return false;
      }
    }
    return true;
  }
  DictObject* source = keywords.dict;
  int64_t pos = 0;
  Value key, value;
  // Every key is checked before any is bound, as CPython unpacks the dict first.
  if (!source->keys->all_str_keys) {
    while (dict_next(source, &pos, &key, &value)) {
      if (!is_str(key)) return type_error("keywords must be strings");
    }
    pos = 0;
  }
  // Only a **kwargs parameter takes keywords (`def wrapper(*args, **kwargs)`): the dict is
  // copied whole.
  CodeObject* code = function->code;
  if (kwdict && code->posonlyargcount == code->argcount && code->kwonlyargcount == 0) {
    return dict_update(kwdict, Value(source));
  }
  while (dict_next(source, &pos, &key, &value)) {
    if (!bind_keyword(function, locals, kwdict, keywords, key, value)) return false;
  }
  return true;
}

bool bind_arguments(FunctionObject* function, Frame* frame, const PositionalArgs& args,
                    const KeywordArgs& keywords) {
  CodeObject* code = function->code;
  Value* locals = frame->localsplus;
  int argcount = code->argcount;
  int total = argcount + code->kwonlyargcount;
  size_t nargs = args.size();

  DictObject* kwdict = nullptr;
  if (code->flags & kCodeVarkeywords) {
    Ref<DictObject> made = dict_new();
    if (!made) return false;
    kwdict = made.get();
    int index = total + ((code->flags & kCodeVarargs) ? 1 : 0);
    locals[index] = made.release();
  }
  size_t n = std::min(nargs, size_t(argcount));
  size_t shift = 0;
  if (args.self && n > 0) {
    incref(args.self);
    locals[0] = args.self;
    shift = 1;
  }
  for (size_t i = shift; i < n; ++i) {
    Value v = args.items[i - shift];
    incref(v);
    locals[i] = v;
  }
  if (code->flags & kCodeVarargs) {
    Ref<TupleObject> rest;
    if (nargs > n) {
      rest = tuple_allocate(int64_t(nargs - n));
      if (!rest) return false;
      for (size_t i = n; i < nargs; ++i) {
        Value v = args[i];
        incref(v);
        rest->items[i - n] = v;
      }
    } else {
      rest = tuple_empty();
    }
    locals[total] = rest.release();
  }
  if (!bind_keywords(function, locals, kwdict, keywords)) return false;
  if (nargs > size_t(argcount) && !(code->flags & kCodeVarargs)) {
    return too_many_positional(function, frame, nargs);
  }
  // Defaults for missing positional parameters.
  if (nargs < size_t(argcount)) {
    TupleObject* defaults = function->defaults ? as_tuple(Value(function->defaults)) : nullptr;
    int64_t ndefaults = defaults ? defaults->length : 0;
    int first_default = argcount - int(ndefaults);
    for (int i = int(nargs); i < first_default; ++i) {
      if (!locals[i]) return missing_arguments(function, frame, int(nargs), first_default, true);
    }
    for (int i = std::max(int(nargs), first_default); i < argcount; ++i) {
      if (!locals[i]) {
        Value v = defaults->items[i - first_default];
        incref(v);
        locals[i] = v;
      }
    }
  }
  // Keyword-only parameters.
  if (code->kwonlyargcount) {
    TupleObject* names = as_tuple(Value(code->localsplusnames));
    auto* kwdefaults = function->kwdefaults ? static_cast<DictObject*>(function->kwdefaults) : nullptr;
    bool missing = false;
    for (int i = argcount; i < total; ++i) {
      if (locals[i]) continue;
      Value v = kwdefaults ? dict_get(kwdefaults, names->items[i]) : Value();
      if (v) {
        incref(v);
        locals[i] = v;
      } else {
        if (error_occurred()) return false;
        missing = true;
      }
    }
    if (missing) return missing_arguments(function, frame, argcount, total, false);
  }
  return true;
}

// A frame for `function` with every local unbound (frame_push, inline).
[[gnu::always_inline]] inline Frame* push_empty_frame(ThreadState* thread, FunctionObject* function) {
  incref(function);
  Frame* frame = frame_push_exact_args(thread, function, nullptr, 0);
  if (!frame) decref(function);
  return frame;
}

}  // namespace

Frame* push_function_frame(ThreadState* thread, FunctionObject* function, const Value* args,
                           size_t nargs, TupleObject* kwnames) {
  CodeObject* code = function->code;
  // (Code that is not CO_OPTIMIZED gets its globals as locals on first use:
  // frame_has_name_locals in eval_support.cpp.)
  Frame* frame = push_empty_frame(thread, function);
  if (!frame) return nullptr;
  // Fast path: exactly the positional parameters.
  if (!kwnames && nargs == size_t(code->argcount) && code->kwonlyargcount == 0 &&
      !(code->flags & (kCodeVarargs | kCodeVarkeywords))) {
    for (size_t i = 0; i < nargs; ++i) {
      incref(args[i]);
      frame->localsplus[i] = args[i];
    }
    return frame;
  }
  KeywordArgs keywords;
  if (kwnames) {
    keywords.names = kwnames;
    keywords.values = args + nargs;
  }
  if (!bind_arguments(function, frame, PositionalArgs{Value(), args, nargs}, keywords)) {
    frame_pop(thread, frame);
    return nullptr;
  }
  return frame;
}

Frame* push_function_frame_ex(ThreadState* thread, FunctionObject* function, Value self, const Value* args,
                              size_t nargs, DictObject* kwargs) {
  if (!kwargs || kwargs->used == 0) {
    if (!self) return push_function_frame(thread, function, args, nargs, nullptr);
    kwargs = nullptr;
  }
  Frame* frame = push_empty_frame(thread, function);
  if (!frame) return nullptr;
  KeywordArgs keywords;
  keywords.dict = kwargs;
  if (!bind_arguments(function, frame, PositionalArgs{self, args, nargs}, keywords)) {
    frame_pop(thread, frame);
    return nullptr;
  }
  return frame;
}

Ref<> function_call(Value callable, const Value* args, size_t nargs, TupleObject* kwnames) {
  ThreadState* thread = current_thread();
  Frame* frame = push_function_frame(thread, as_function(callable), args, nargs, kwnames);
  if (!frame) return nullptr;
  return eval_frame(thread, frame);
}

}  // namespace krait
