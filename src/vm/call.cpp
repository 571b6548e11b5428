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

Raised missing_arguments(FunctionObject* function, Frame* frame, int start, int end, bool positional) {
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

Raised too_many_positional(FunctionObject* function, Frame* frame, size_t given) {
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

bool bind_arguments(FunctionObject* function, Frame* frame, const Value* args, size_t nargs,
                    TupleObject* kwnames) {
  CodeObject* code = function->code;
  Value* locals = frame->localsplus;
  int argcount = code->argcount;
  int total = argcount + code->kwonlyargcount;
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;

  Ref<DictObject> kwdict;
  if (code->flags & kCodeVarkeywords) {
    kwdict = dict_new();
    if (!kwdict) return false;
    int index = total + ((code->flags & kCodeVarargs) ? 1 : 0);
    locals[index] = new_ref(kwdict.get()).release();
  }
  size_t n = std::min(nargs, size_t(argcount));
  for (size_t i = 0; i < n; ++i) {
    incref(args[i]);
    locals[i] = args[i];
  }
  if (code->flags & kCodeVarargs) {
    Ref<TupleObject> rest = nargs > n ? tuple_from_array(args + n, int64_t(nargs - n)) : tuple_empty();
    if (!rest) return false;
    locals[total] = rest.release();
  }
  // Keyword arguments.
  TupleObject* names = as_tuple(Value(code->localsplusnames));
  std::vector<std::string> posonly_as_keyword;
  for (size_t k = 0; k < nkw; ++k) {
    Value key = kwnames->items[k];
    Value value = args[nargs + k];
    int found = -1;
    for (int j = code->posonlyargcount; j < total; ++j) {
      if (names->items[j] == key) {
        found = j;
        break;
      }
    }
    if (found < 0) {
      for (int j = code->posonlyargcount; j < total; ++j) {
        if (str_equal(as_str(names->items[j]), as_str(key))) {
          found = j;
          break;
        }
      }
    }
    if (found < 0) {
      if (kwdict) {
        if (!dict_set(kwdict.get(), key, value)) return false;
        continue;
      }
      for (int j = 0; j < code->posonlyargcount; ++j) {
        if (str_equal(as_str(names->items[j]), as_str(key))) {
          posonly_as_keyword.emplace_back(str_utf8(key));
          found = j;
          break;
        }
      }
      if (found >= 0) continue;
      return type_error("{}() got an unexpected keyword argument '{}'", function_qualname(function),
                        str_utf8(key));
    }
    if (locals[found]) {
      return type_error("{}() got multiple values for argument '{}'", function_qualname(function),
                        str_utf8(key));
    }
    incref(value);
    locals[found] = value;
  }
  if (!posonly_as_keyword.empty()) {
    std::string list;
    for (size_t i = 0; i < posonly_as_keyword.size(); ++i) {
      if (i) list += ", ";
      list += posonly_as_keyword[i];
    }
    return type_error("{}() got some positional-only arguments passed as keyword arguments: '{}'",
                      function_qualname(function), list);
  }
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

}  // namespace

Frame* push_function_frame(ThreadState* thread, FunctionObject* function, const Value* args,
                           size_t nargs, TupleObject* kwnames) {
  CodeObject* code = function->code;
  // (Code that is not CO_OPTIMIZED gets its globals as locals on first use:
  // frame_has_name_locals in eval_support.cpp.)
  Frame* frame = frame_push(thread, code, function, Value(function->globals),
                            Value(function->builtins), Value());
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
  if (!bind_arguments(function, frame, args, nargs, kwnames)) {
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
