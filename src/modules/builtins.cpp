// The builtins module: the built-in functions (the types and constants are bound by
// runtime/bootstrap.cpp from builtin_types.def and the exception list).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "compile/compiler.h"
#include "core/args.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/ast/ast_module.h"
#include "modules/module_def.h"
#include "objects/builtin_iterators.h"
#include "objects/bytes.h"
#include "objects/code.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/function.h"
#include "objects/int.h"
#include "objects/iterators.h"
#include "objects/list.h"
#include "objects/module.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/errors.h"
#include "runtime/import.h"
#include "runtime/code_cache.h"
#include "runtime/runtime.h"
#include "runtime/thread_state.h"
#include "text/int_text.h"
#include "vm/builtin_calls.h"
#include "vm/eval.h"
#include "vm/frame.h"

namespace krait {

Ref<> build_class(Value self, const Value* args, size_t nargs, TupleObject* kwnames);

// Outside the anonymous namespace: the CALL specialisations recognise these two by their
// impl (vm/specialize.h).
Ref<> builtin_isinstance(Value, const Value* args) {
  int r = is_instance(args[0], args[1]);
  if (r < 0) return nullptr;
  return new_bool(r);
}

Ref<> builtin_len(Value, const Value* args) {
  int64_t n = length(args[0]);
  if (n < 0) return nullptr;
  return int_from_int64(n);
}

namespace {

Frame* current_frame() { return current_thread()->frame; }

Ref<> builtin_abs(Value, const Value* args) { return absolute(args[0]); }

}  // namespace

// all(), any() and sum() are named by CALL_BUILTIN (vm/builtin_calls.h).
Ref<> builtin_all(Value, const Value* args) {
  bool result = true;
  bool ok = for_each(args[0], [&](Value item) {
    int truth = is_true(item);
    if (truth < 0) return false;
    if (!truth) {
      result = false;
      return false;
    }
    return true;
  });
  if (!ok && error_occurred()) return nullptr;
  return new_bool(result);
}

Ref<> builtin_any(Value, const Value* args) {
  bool result = false;
  bool ok = for_each(args[0], [&](Value item) {
    int truth = is_true(item);
    if (truth < 0) return false;
    if (truth) {
      result = true;
      return false;
    }
    return true;
  });
  if (!ok && error_occurred()) return nullptr;
  return new_bool(result);
}

namespace {

Ref<> builtin_ascii(Value, const Value* args) { return ascii(args[0]); }
Ref<> builtin_repr(Value, const Value* args) { return repr(args[0]); }
Ref<> builtin_callable(Value, const Value* args) { return new_bool(is_callable(args[0])); }

// bin/oct/hex: the int's digits with a prefix, via __index__.
Ref<> int_in_base(Value v, int base, const char* prefix) {
  Ref<> index = number_index(v);
  if (!index) return nullptr;
  mpz_t z;
  mpz_init(z);
  int_to_mpz(index, z);
  bool negative = mpz_sgn(z) < 0;
  mpz_abs(z, z);
  char* digits = mpz_get_str(nullptr, base, z);
  std::string text = (negative ? "-" : "") + std::string(prefix) + digits;
  void (*free_fn)(void*, size_t);
  mp_get_memory_functions(nullptr, nullptr, &free_fn);
  free_fn(digits, std::strlen(digits) + 1);
  mpz_clear(z);
  return str_from_ascii(text);
}

Ref<> builtin_bin(Value, const Value* args) { return int_in_base(args[0], 2, "0b"); }
Ref<> builtin_oct(Value, const Value* args) { return int_in_base(args[0], 8, "0o"); }
Ref<> builtin_hex(Value, const Value* args) { return int_in_base(args[0], 16, "0x"); }

Ref<> builtin_chr(Value, const Value* args) {
  if (!is_int(args[0]) && !type_of(args[0])->to_index) {
    return type_error("'{}' object cannot be interpreted as an integer", type_name(args[0]));
  }
  int64_t c;
  if (!index_to_int64(args[0], &c, &exc::OverflowError)) return nullptr;
  if (c < 0 || c > 0x10FFFF) return value_error("chr() arg not in range(0x110000)");
  return str_from_code_point(char32_t(c));
}

Ref<> builtin_ord(Value, const Value* args) {
  Value c = args[0];
  if (is_str(c)) {
    StrObject* s = as_str(c);
    if (s->length != 1) {
      return type_error("ord() expected a character, but string of length {} found", s->length);
    }
    return int_from_small(s->at(0));
  }
  if (is_bytes(c) || is_bytearray(c)) {
    std::string_view data = is_bytes(c) ? bytes_view(c)
                                        : std::string_view(as_bytearray(c)->data, size_t(as_bytearray(c)->length));
    if (data.size() != 1) {
      return type_error("ord() expected a character, but string of length {} found", data.size());
    }
    return int_from_small(uint8_t(data[0]));
  }
  return type_error("ord() expected string of length 1, but {} found", type_name(c));
}

Ref<> builtin_delattr(Value, const Value* args) {
  if (!is_str(args[1])) return type_error("attribute name must be string, not '{}'", type_name(args[1]));
  if (!delete_attr(args[0], as_str(args[1]))) return nullptr;
  return new_none();
}

Ref<> builtin_setattr(Value, const Value* args) {
  if (!is_str(args[1])) return type_error("attribute name must be string, not '{}'", type_name(args[1]));
  if (!set_attr(args[0], as_str(args[1]), args[2])) return nullptr;
  return new_none();
}

Ref<> builtin_getattr(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("getattr() takes no keyword arguments");
  if (nargs < 2) return type_error("getattr expected at least 2 arguments, got {}", nargs);
  if (nargs > 3) return type_error("getattr expected at most 3 arguments, got {}", nargs);
  if (!is_str(args[1])) return type_error("attribute name must be string, not '{}'", type_name(args[1]));
  StrObject* name = as_str(args[1]);
  if (!is_exact_str(args[1])) {
    Ref<StrObject> copy = str_substring(name, 0, name->length);
    name = str_intern(std::move(copy));
  }
  if (nargs == 2) return get_attr(args[0], name);
  Ref<> value;
  int found = get_attr_optional(args[0], name, &value);
  if (found < 0) return nullptr;
  return found ? std::move(value) : new_ref(args[2]);
}

Ref<> builtin_hasattr(Value, const Value* args) {
  if (!is_str(args[1])) return type_error("attribute name must be string, not '{}'", type_name(args[1]));
  int found = has_attr(args[0], as_str(args[1]));
  if (found < 0) return nullptr;
  return new_bool(found);
}

Ref<> builtin_dir(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("dir() takes no keyword arguments");
  if (nargs > 1) return type_error("dir expected at most 1 argument, got {}", nargs);
  Ref<> names;
  if (nargs == 0) {
    Frame* frame = current_frame();
    Ref<> locals = frame ? frame_locals_dict(frame) : Ref<>(dict_new());
    if (!locals) return nullptr;
    names = is_exact_dict(locals) ? dict_keys_list(as_dict(locals)) : call_method0(locals, ID(keys));
  } else {
    Ref<> method = lookup_special(args[0], ID(__dir__));
    if (!method) {
      if (error_occurred()) return nullptr;
      return type_error("object does not provide __dir__");
    }
    names = call0(method);
  }
  if (!names) return nullptr;
  Ref<ListObject> sorted = list_from_iterable(names);
  if (!sorted || !list_sort(sorted.get(), Value(), false)) return nullptr;
  return sorted;
}

Ref<> builtin_divmod(Value, const Value* args) {
  return divmod(args[0], args[1]);
}

Ref<> builtin_format(Value, const Value* args) {
  if (args[1] && !is_str(args[1])) {
    return type_error("format() argument 2 must be str, not {}", type_name(args[1]));
  }
  return format(args[0], args[1]);
}

Ref<> builtin_globals(Value, const Value* args) {
  Frame* frame = current_frame();
  if (!frame) return dict_new();
  return new_ref(Value(frame->globals));
}

Ref<> builtin_locals(Value, const Value* args) {
  Frame* frame = current_frame();
  if (!frame) return dict_new();
  return frame_locals_dict(frame);
}

Ref<> builtin_vars(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("vars() takes no keyword arguments");
  if (nargs > 1) return type_error("vars expected at most 1 argument, got {}", nargs);
  if (nargs == 0) return builtin_locals(Value(), nullptr);
  Ref<> dict;
  int found = get_attr_optional(args[0], ID(__dict__), &dict);
  if (found < 0) return nullptr;
  if (!found) return type_error("vars() argument must have __dict__ attribute");
  return dict;
}

Ref<> builtin_hash(Value, const Value* args) {
  int64_t h = hash(args[0]);
  if (h == -1) return nullptr;
  return int_from_int64(h);
}

Ref<> builtin_id(Value, const Value* args) {
  // Tagged ints have no address; their bit pattern (odd) can never equal an object's.
  return int_from_uint64(uint64_t(args[0].bits()));
}


Ref<> builtin_issubclass(Value, const Value* args) {
  int r = is_subclass(args[0], args[1]);
  if (r < 0) return nullptr;
  return new_bool(r);
}

Ref<> builtin_iter(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("iter() takes no keyword arguments");
  if (nargs < 1) return type_error("iter expected at least 1 argument, got 0");
  if (nargs > 2) return type_error("iter expected at most 2 arguments, got {}", nargs);
  if (nargs == 1) return get_iter(args[0]);
  if (!is_callable(args[0])) return type_error("iter(v, w): v must be callable");
  return callable_iter_new(args[0], args[1]);
}

Ref<> builtin_next(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("next() takes no keyword arguments");
  if (nargs < 1) return type_error("next expected at least 1 argument, got 0");
  if (nargs > 2) return type_error("next expected at most 2 arguments, got {}", nargs);
  UnaryFn next = type_of(args[0])->iternext;
  if (!is_iterator_type(type_of(args[0]))) {
    return type_error("'{}' object is not an iterator", type_name(args[0]));
  }
  Ref<> item = next(args[0]);
  if (item) return item;
  if (error_occurred()) {
    if (nargs == 2 && error_matches(&exc::StopIteration)) {
      clear_error();
      return new_ref(args[1]);
    }
    return nullptr;
  }
  if (nargs == 2) return new_ref(args[1]);
  return raise_with_args(&exc::StopIteration, nullptr, 0);
}

Ref<> builtin_aiter(Value, const Value* args) {
  UnaryFn aiter = type_of(args[0])->aiter;
  if (!aiter) return type_error("'{}' object is not an async iterable", type_name(args[0]));
  Ref<> it = aiter(args[0]);
  if (!it) return nullptr;
  if (!type_of(it)->anext) return type_error("aiter() returned not an async iterator of type '{}'", type_name(it));
  return it;
}

Ref<> builtin_anext(Value, const Value* args) {
  UnaryFn anext = type_of(args[0])->anext;
  if (!anext) return type_error("'{}' object is not an async iterator", type_name(args[0]));
  Ref<> awaitable = anext(args[0]);
  if (!awaitable || !args[1]) return awaitable;
  return anext_awaitable_new(awaitable, args[1]);
}


// min() and max(): one iterable or several arguments, key=, default=.
Ref<> min_max(const Value* args, size_t nargs, TupleObject* kwnames, CompareOp op, const char* name) {
  Value key, default_value;
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;
  for (size_t i = 0; i < nkw; ++i) {
    StrObject* k = as_str(kwnames->items[i]);
    if (str_equal_ascii(k, "key")) key = args[nargs + i];
    else if (str_equal_ascii(k, "default")) default_value = args[nargs + i];
    else return type_error("'{}' is an invalid keyword argument for {}()", str_utf8(k), name);
  }
  if (key && is_none(key)) key = Value();
  if (nargs == 0) return type_error("{} expected at least 1 argument, got 0", name);
  if (nargs > 1 && default_value) {
    return type_error("Cannot specify a default for {}() with multiple positional arguments", name);
  }
  Ref<> best, best_key;
  auto consider = [&](Value item) {
    Ref<> item_key = key ? call1(key, item) : new_ref(item);
    if (!item_key) return false;
    if (!best) {
      best = new_ref(item);
      best_key = std::move(item_key);
      return true;
    }
    int better = rich_compare_bool(item_key, best_key, op);
    if (better < 0) return false;
    if (better) {
      best = new_ref(item);
      best_key = std::move(item_key);
    }
    return true;
  };
  // Several arguments are compared where they are, with no tuple made of them.
  bool ok = nargs == 1 ? for_each(args[0], consider) : std::all_of(args, args + nargs, consider);
  if (!ok) return nullptr;
  if (!best) {
    if (default_value) return new_ref(default_value);
    return value_error("{}() arg is an empty sequence", name);
  }
  return best;
}

Ref<> builtin_max(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  return min_max(args, nargs, kwnames, CompareOp::Gt, "max");
}
Ref<> builtin_min(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  return min_max(args, nargs, kwnames, CompareOp::Lt, "min");
}

Ref<> builtin_pow(Value, const Value* args) { return power(args[0], args[1], args[2]); }

// print(*objects, sep=' ', end='\n', file=None, flush=False)
Ref<> builtin_print(Value, const Value* args) {
  TupleObject* objects = as_tuple(args[0]);
  Value sep = args[1], end = args[2], file = args[3], flush = args[4];
  if (!is_none(sep) && !is_str(sep)) return type_error("sep must be None or a string, not {}", type_name(sep));
  if (!is_none(end) && !is_str(end)) return type_error("end must be None or a string, not {}", type_name(end));
  Ref<> file_hold;
  if (is_none(file)) {
    Value stdout_value = dict_get_utf8(as_dict(Value(runtime().sys_dict)), "stdout");
    if (!stdout_value) return runtime_error("lost sys.stdout");
    if (is_none(stdout_value)) return new_none();
    file_hold = new_ref(stdout_value);
    file = file_hold.value();
  }
  Ref<> write = get_attr(file, ID(write));
  if (!write) return nullptr;
  for (int64_t i = 0; i < objects->length; ++i) {
    if (i > 0) {
      Ref<> s = is_none(sep) ? Ref<>(str_from_ascii(" ")) : new_ref(sep);
      if (!s || !call1(write, s)) return nullptr;
    }
    Ref<StrObject> text = str(objects->items[i]);
    if (!text || !call1(write, text.value())) return nullptr;
  }
  Ref<> e = is_none(end) ? Ref<>(str_from_ascii("\n")) : new_ref(end);
  if (!e || !call1(write, e)) return nullptr;
  int do_flush = is_true(flush);
  if (do_flush < 0) return nullptr;
  if (do_flush && !call_method0(file, ID(flush))) return nullptr;
  return new_none();
}

Ref<> builtin_input(Value, const Value* args) {
  DictObject* sys = as_dict(Value(runtime().sys_dict));
  Value out = dict_get_utf8(sys, "stdout");
  Value in = dict_get_utf8(sys, "stdin");
  Value err = dict_get_utf8(sys, "stderr");
  if (!in || is_none(in)) return runtime_error("input(): lost sys.stdin");
  if (!out || is_none(out)) return runtime_error("input(): lost sys.stdout");
  if (err && !is_none(err)) {
    Ref<> flushed = call_method0(err, ID(flush));
    if (!flushed) clear_error();
  }
  if (args[0]) {
    Ref<StrObject> prompt = str(args[0]);
    if (!prompt || !call_method1(out, ID(write), prompt.value())) return nullptr;
  }
  Ref<> flushed = call_method0(out, ID(flush));
  if (!flushed) clear_error();
  Ref<> line = call_method0(in, ID(readline));
  if (!line) return nullptr;
  if (!is_str(line)) return type_error("object.readline() returned non-string");
  StrObject* s = as_str(line);
  if (s->length == 0) return raise(exc::EOFError, "EOF when reading a line");
  if (s->at(s->length - 1) == '\n') return str_substring(s, 0, s->length - 1);
  return line;
}

Ref<> builtin_round(Value, const Value* args) {
  Value number = args[0], ndigits = args[1];
  Ref<> method = lookup_special(number, ID(__round__));
  if (!method) {
    if (error_occurred()) return nullptr;
    return type_error("type {} doesn't define __round__ method", type_name(number));
  }
  if (!ndigits || is_none(ndigits)) return call0(method);
  return call1(method, ndigits);
}

Ref<> builtin_sorted(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (nargs != 1) return type_error("sorted expected 1 argument, got {}", nargs);
  Ref<ListObject> list = list_from_iterable(args[0]);
  if (!list) return nullptr;
  Ref<> sort = get_attr(list.value(), ID(sort));
  if (!sort) return nullptr;
  if (!call(sort, args + 1, 0, kwnames)) return nullptr;
  return list;
}

}  // namespace

// sum(iterable, /, start=0): exact int accumulation while it fits, then generic.
Ref<> builtin_sum(Value, const Value* args) {
  Value start = args[1] ? args[1] : Value::small_int(0);
  if (is_str(start)) return type_error("sum() can't sum strings [use ''.join(seq) instead]");
  if (is_bytes(start)) return type_error("sum() can't sum bytes [use b''.join(seq) instead]");
  if (is_bytearray(start)) return type_error("sum() can't sum bytearray [use b''.join(seq) instead]");
  Ref<> iterator = get_iter(args[0]);
  if (!iterator) return nullptr;
  Ref<> total = new_ref(start);
  // Fast paths: small ints, then floats.
  if (total.value().is_small_int()) {
    int64_t acc = total.value().as_small_int();
    for (;;) {
      Ref<> item = iter_next(iterator);
      if (!item) {
        if (error_occurred()) return nullptr;
        return int_from_int64(acc);
      }
      int64_t r;
      if (item.value().is_small_int() && !__builtin_add_overflow(acc, item.value().as_small_int(), &r)) {
        acc = r;
        continue;
      }
      Ref<> acc_value = int_from_int64(acc);
      if (!acc_value) return nullptr;
      total = binary_op(acc_value, item, BinaryOperator::Add);
      if (!total) return nullptr;
      break;
    }
  }
  if (is_exact_float(total)) {
    double acc = float_value(total);
    for (;;) {
      Ref<> item = iter_next(iterator);
      if (!item) {
        if (error_occurred()) return nullptr;
        return float_from_double(acc);
      }
      if (is_exact_float(item)) {
        acc += float_value(item);
        // Mostly a temporary (a generator's product): straight back to the freelist.
        float_decref_exact(static_cast<FloatObject*>(item.release().as_object()));
        continue;
      }
      if (item.value().is_small_int()) {
        acc += double(item.value().as_small_int());
        continue;
      }
      Ref<> acc_value = float_from_double(acc);
      if (!acc_value) return nullptr;
      total = binary_op(acc_value, item, BinaryOperator::Add);
      if (!total) return nullptr;
      break;
    }
  }
  for (;;) {
    Ref<> item = iter_next(iterator);
    if (!item) {
      if (error_occurred()) return nullptr;
      return total;
    }
    total = binary_op(total, item, BinaryOperator::Add);
    if (!total) return nullptr;
  }
}

namespace {

Ref<> builtin_import(Value, const Value* args) {
  Value globals = args[1], locals = args[2], fromlist = args[3], level = args[4];
  return import_default(args[0], globals, locals, fromlist, level);
}

// Only until start-up imports io (runtime/bootstrap.cpp), or in a runtime without stdio:
// then builtins.open is io.open itself.
Ref<> builtin_open(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  Ref<> io = import_module_by_name("_io");
  if (!io) return nullptr;
  Ref<> open = get_attr(io, "open");
  if (!open) return nullptr;
  return call(open, args, nargs, kwnames);
}

Ref<> builtin_breakpoint(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  Value hook = dict_get_utf8(as_dict(Value(runtime().sys_dict)), "breakpointhook");
  if (!hook) return runtime_error("lost sys.breakpointhook");
  Ref<> keep = new_ref(hook);
  return call(hook, args, nargs, kwnames);
}

// --- compile / exec / eval ---

bool source_text(Value source, const char* function, std::string* out, bool* is_str_source) {
  if (is_str(source)) {
    *out = std::string(str_utf8(source));
    *is_str_source = true;
    if (out->find('\0') != std::string::npos) {
      return bool(value_error("source code string cannot contain null bytes"));
    }
    return true;
  }
  Buffer view;
  if (!buffer_get(source, &view, kBufferSimple)) {
    clear_error();
    return bool(type_error("{}() arg 1 must be a string, bytes or {} object", function,
                           std::string_view(function) == "compile" ? "AST" : "code"));
  }
  out->assign(static_cast<const char*>(view.data), size_t(view.length));
  buffer_release(&view);
  *is_str_source = false;
  if (out->find('\0') != std::string::npos) {
    return bool(value_error("source code string cannot contain null bytes"));
  }
  return true;
}

int inherited_future_flags() {
  Frame* frame = current_frame();
  return frame ? frame->code->flags & kCompileFutureMask : 0;
}

Ref<> builtin_compile(Value, const Value* args) {
  Value source = args[0], filename = args[1], mode_value = args[2];
  int64_t flags, optimize;
  if (!index_to_int64(args[3], &flags)) return nullptr;
  int dont_inherit = is_true(args[4]);
  if (dont_inherit < 0 || !index_to_int64(args[5], &optimize)) return nullptr;
  // The __future__ bits, CO_NESTED (obsolete) and the PyCF_* options compile() knows.
  constexpr int64_t kKnownFlags = kCompileFutureMask | 0x10 | kCompileOnlyAst | kCompileAllowTopLevelAwait |
                                  kCompileTypeComments | kCompileDontImplyDedent | kCompileAllowIncompleteInput;
  if (flags & ~kKnownFlags) return value_error("compile(): unrecognised flags");
  Ref<> filename_str;
  if (is_str(filename)) {
    filename_str = new_ref(filename);
  } else {
    filename_str = call_function_in_module("os", "fsdecode", filename);
    if (!filename_str) return nullptr;
  }
  constexpr int64_t kCompileObsoleteNested = 0x10;  // CO_NESTED, accepted and ignored
  if (flags & ~int64_t(kCompileFutureMask | kCompileObsoleteNested | kCompileOnlyAst |
                       kCompileAllowTopLevelAwait | kCompileTypeComments | kCompileDontImplyDedent |
                       kCompileAllowIncompleteInput)) {
    return value_error("compile(): unrecognised flags");
  }
  if (optimize < -1 || optimize > 2) return value_error("compile(): invalid optimize value");
  if (!is_str(mode_value)) return type_error("compile() mode must be str");
  CompileMode mode;
  StrObject* m = as_str(mode_value);
  if (str_equal_ascii(m, "exec")) mode = CompileMode::Exec;
  else if (str_equal_ascii(m, "eval")) mode = CompileMode::Eval;
  else if (str_equal_ascii(m, "single")) mode = CompileMode::Single;
  else if (str_equal_ascii(m, "func_type")) {
    if (!(flags & kCompileOnlyAst)) return value_error("compile() mode 'func_type' requires flag PyCF_ONLY_AST");
    mode = CompileMode::FuncType;
  } else {
    if (flags & kCompileOnlyAst) return value_error("compile() mode must be 'exec', 'eval', 'single' or 'func_type'");
    return value_error("compile() mode must be 'exec', 'eval' or 'single'");
  }
  int compile_flags = int(flags);
  if (!dont_inherit) compile_flags |= inherited_future_flags();
  if (is_ast_object(source)) {
    if (flags & kCompileOnlyAst) return new_ref(source);
    return ast_compile_object(source, filename_str, mode, compile_flags, int(optimize));
  }
  std::string text;
  bool is_str_source;
  if (!source_text(source, "compile", &text, &is_str_source)) return nullptr;
  if (is_str_source) compile_flags |= kCompileSourceIsUtf8;
  if (flags & kCompileOnlyAst) {
    // _feature_version (ast.parse's) only applies to parsing to an AST, as in CPython.
    int64_t feature_version;
    if (!int_as_int64(args[6], &feature_version)) return nullptr;
    if (feature_version < 0 || feature_version > parse::kLatestFeatureVersion) {
      feature_version = parse::kLatestFeatureVersion;
    }
    return ast_parse_to_object(text, filename_str, mode, compile_flags, int(feature_version));
  }
  return compile_source_cached(text, filename_str, mode, compile_flags, int(optimize));
}

// The globals/locals exec and eval run with, per their documented defaulting rules.
bool resolve_namespaces(const char* function, Value* globals, Value* locals, Ref<>* hold_globals,
                        Ref<>* hold_locals) {
  if (*globals && is_none(*globals)) *globals = Value();
  if (*locals && is_none(*locals)) *locals = Value();
  bool is_exec = std::string_view(function) == "exec";
  if (*globals && !is_dict(*globals)) {
    if (is_exec) return bool(type_error("exec() globals must be a dict, not {}", type_name(*globals)));
    return bool(type_error(type_of(*globals)->getitem
                               ? "globals must be a real dict; try eval(expr, {}, mapping)"
                               : "globals must be a dict"));
  }
  if (*locals && !type_of(*locals)->getitem) {
    if (is_exec) return bool(type_error("locals must be a mapping or None, not {}", type_name(*locals)));
    return bool(type_error("locals must be a mapping"));
  }
  if (!*globals) {
    Frame* frame = current_frame();
    if (!frame) return bool(system_error("globals and locals cannot be NULL"));
    *hold_globals = new_ref(Value(frame->globals));
    *globals = hold_globals->value();
    if (!*locals) {
      *hold_locals = frame_locals_dict(frame);
      if (!*hold_locals) return false;
      *locals = hold_locals->value();
    }
  } else if (!*locals) {
    *locals = *globals;
  }
  // A globals dict without __builtins__ gets the current frame's builtins dict, as in
  // CPython (so modules executed by importlib see a dict, __main__ the module).
  DictObject* g = as_dict(*globals);
  if (!dict_get_str(g, ID(__builtins__))) {
    if (error_occurred()) return false;
    Frame* frame = current_frame();
    Value builtins = frame ? Value(frame->builtins) : Value(runtime().builtins);
    if (!dict_set(g, Value(ID(__builtins__)), builtins)) return false;
  }
  return true;
}

// exec(code, closure=cells): a tuple of exactly one cell per free variable of the code.
bool check_exec_closure(Value source, Value closure) {
  if (!is_code(source)) {
    return !closure || bool(type_error("closure can only be used when source is a code object"));
  }
  int64_t nfree = as_code(source)->nfreevars;
  if (nfree == 0) return !closure || bool(type_error("cannot use a closure with this code object"));
  bool ok = closure && is_exact_tuple(closure) && as_tuple(closure)->length == nfree;
  for (int64_t i = 0; ok && i < nfree; ++i) ok = is_type(as_tuple(closure)->items[i], &cell_type);
  return ok || bool(type_error("code object requires a closure of exactly length {}", nfree));
}

Ref<> eval_or_exec(const char* function, CompileMode mode, Value source, Value globals, Value locals,
                   Value closure = Value()) {
  Ref<> hold_globals, hold_locals;
  if (!resolve_namespaces(function, &globals, &locals, &hold_globals, &hold_locals)) return nullptr;
  if (mode == CompileMode::Exec && !check_exec_closure(source, closure)) return nullptr;
  if (is_code(source)) {
    CodeObject* code = as_code(source);
    if (code->nfreevars > 0 && !closure) {
      return type_error("code object passed to {}() may not contain free variables", function);
    }
    if (!closure) return eval_code(code, globals, locals);
    // The frame reads its free variables from a function's closure (COPY_FREE_VARS).
    Ref<FunctionObject> holder = function_new(code, globals, Value());
    if (!holder) return nullptr;
    incref(closure);
    holder->closure = closure.as_object();
    return eval_code(code, globals, locals, holder.get());
  }
  if (closure) return type_error("closure can only be used when source is a code object");
  std::string text;
  bool is_str_source;
  if (!source_text(source, function, &text, &is_str_source)) return nullptr;
  if (mode == CompileMode::Eval) {
    // eval strips leading spaces and tabs.
    size_t start = text.find_first_not_of(" \t");
    text = start == std::string::npos ? "" : text.substr(start);
  }
  Ref<> filename = str_from_ascii("<string>");
  int flags = inherited_future_flags() | (is_str_source ? kCompileSourceIsUtf8 : 0);
  Ref<CodeObject> code = compile_source(text, filename, mode, flags, -1);
  if (!code) return nullptr;
  return eval_code(code.get(), globals, locals);
}

Ref<> builtin_eval(Value, const Value* args) {
  Value source = args[0];
  if (!is_str(source) && !is_code(source) && !is_bytes(source) && !is_bytearray(source) &&
      !type_of(source)->get_buffer) {
    return type_error("eval() arg 1 must be a string, bytes or code object");
  }
  return eval_or_exec("eval", CompileMode::Eval, source, args[1], args[2]);
}

Ref<> builtin_exec(Value, const Value* args) {
  Value closure = args[3] && !is_none(args[3]) ? args[3] : Value();
  Ref<> result = eval_or_exec("exec", CompileMode::Exec, args[0], args[1], args[2], closure);
  if (!result) return nullptr;
  return new_none();
}

const MethodDef builtin_methods[] = {
    {.name = "__build_class__", .raw = build_class,
     .doc = "__build_class__(func, name, /, *bases, [metaclass], **kwds) -> class\n\n"
            "Internal helper function used by the class statement."},
    {.name = "__import__", .impl = builtin_import,
     .signature = "($module, name, globals=None, locals=None, fromlist=(), level=0)",
     .doc = "__import__($module, /, name, globals=None, locals=None, fromlist=(),\n           level=0)\n--\n\n"
     "Import a module.\n\nBecause this function is meant for use by the Python\n"
        "interpreter and not for general use, it is better to use\n"
        "importlib.import_module() to programmatically import a module.\n"
        "\nThe globals argument is only used to determine the context;\n"
        "they are not modified.  The locals argument is unused.  The fromlist\n"
        "should be a list of names to emulate ``from name import ...``, or an\n"
        "empty list to emulate ``import name``.\n"
        "When importing a module from a package, note that __import__('A.B', ...)\n"
        "returns package A when fromlist is empty, but its submodule B when\n"
        "fromlist is not empty.  The level argument is used to determine whether to\n"
        "perform absolute or relative imports: 0 is absolute, while a positive number\n"
        "is the number of parent directories to search relative to the current module."},
    {.name = "abs", .impl = builtin_abs, .signature = "($module, x, /)",
     .doc = "Return the absolute value of the argument."},
    {.name = "aiter", .impl = builtin_aiter, .signature = "($module, async_iterable, /)",
     .doc = "Return an AsyncIterator for an AsyncIterable object."},
    {.name = "all", .impl = builtin_all, .signature = "($module, iterable, /)",
     .doc = "Return True if bool(x) is True for all values x in the iterable.\n\nIf the iterable is empty, return True."},
    {.name = "anext", .impl = builtin_anext, .signature = "($module, aiterator, default=?, /)",
     .doc = "anext($module, aiterator, default=<unrepresentable>, /)\n--\n\n"
     "async anext(aiterator[, default])\n\nReturn the next item from the async iterator.  If default is given and the async\niterator is exhausted, it is returned instead of raising StopAsyncIteration."},
    {.name = "any", .impl = builtin_any, .signature = "($module, iterable, /)",
     .doc = "Return True if bool(x) is True for any x in the iterable.\n\nIf the iterable is empty, return False."},
    {.name = "ascii", .impl = builtin_ascii, .signature = "($module, obj, /)",
     .doc = "Return an ASCII-only representation of an object.\n"
        "\nAs repr(), return a string containing a printable representation of an\n"
        "object, but escape the non-ASCII characters in the string returned by\n"
        "repr() using \\\\x, \\\\u or \\\\U escapes. This generates a string similar\n"
        "to that returned by repr() in Python 2."},
    {.name = "bin", .impl = builtin_bin, .signature = "($module, number, /)",
     .doc = "Return the binary representation of an integer.\n\n   >>> bin(2796202)\n   '0b1010101010101010101010'"},
    {.name = "breakpoint", .raw = builtin_breakpoint,
     .doc = "breakpoint(*args, **kws)\n"
        "\nCall sys.breakpointhook(*args, **kws).  sys.breakpointhook() must accept\n"
        "whatever arguments are passed.\n"
        "\nBy default, this drops you into the pdb debugger."},
    {.name = "callable", .impl = builtin_callable, .signature = "($module, obj, /)",
     .doc = "Return whether the object is callable (i.e., some kind of function).\n"
        "\nNote that classes are callable, as are instances of classes with a\n"
        "__call__() method."},
    {.name = "chr", .impl = builtin_chr, .signature = "($module, i, /)",
     .doc = "Return a Unicode string of one character with ordinal i; 0 <= i <= 0x10ffff."},
    {.name = "compile", .impl = builtin_compile,
     .signature = "($module, source, filename, mode, flags=0, dont_inherit=False, optimize=-1, *, _feature_version=-1)",
     .doc = "compile($module, /, source, filename, mode, flags=0,\n        dont_inherit=False, optimize=-1, *, _feature_version=-1)\n--\n\n"
     "Compile source into a code object that can be executed by exec() or eval().\n"
        "\nThe source code may represent a Python module, statement or expression.\n"
        "The filename will be used for run-time error messages.\n"
        "The mode must be 'exec' to compile a module, 'single' to compile a\n"
        "single (interactive) statement, or 'eval' to compile an expression.\n"
        "The flags argument, if present, controls which future statements influence\n"
        "the compilation of the code.\n"
        "The dont_inherit argument, if true, stops the compilation inheriting\n"
        "the effects of any future statements in effect in the code calling\n"
        "compile; if absent or false these statements do influence the compilation,\n"
        "in addition to any features explicitly specified."},
    {.name = "delattr", .impl = builtin_delattr, .signature = "($module, obj, name, /)",
     .doc = "Deletes the named attribute from the given object.\n"
        "\ndelattr(x, 'y') is equivalent to ``del x.y``"},
    {.name = "dir", .raw = builtin_dir,
     .doc = "dir([object]) -> list of strings\n"
        "\nIf called without an argument, return the names in the current scope.\n"
        "Else, return an alphabetized list of names comprising (some of) the attributes\n"
        "of the given object, and of attributes reachable from it.\n"
        "If the object supplies a method named __dir__, it will be used; otherwise\n"
        "the default dir() logic is used and returns:\n"
        "  for a module object: the module's attributes.\n"
        "  for a class object:  its attributes, and recursively the attributes\n"
        "    of its bases.\n  for any other object: its attributes, its class's attributes, "
        "and\n    recursively the attributes of its class's base classes."},
    {.name = "divmod", .impl = builtin_divmod, .signature = "($module, x, y, /)",
     .doc = "Return the tuple (x//y, x%y).  Invariant: div*y + mod == x."},
    {.name = "eval", .impl = builtin_eval, .signature = "($module, source, globals=None, locals=None, /)",
     .doc = "Evaluate the given source in the context of globals and locals.\n"
        "\nThe source may be a string representing a Python expression\n"
        "or a code object as returned by compile().\n"
        "The globals must be a dictionary and locals can be any mapping,\n"
        "defaulting to the current globals and locals.\n"
        "If only globals is given, locals defaults to it."},
    {.name = "exec", .impl = builtin_exec,
     .signature = "($module, source, globals=None, locals=None, /, *, closure=None)",
     .doc = "Execute the given source in the context of globals and locals.\n"
        "\nThe source may be a string representing one or more Python statements\n"
        "or a code object as returned by compile().\n"
        "The globals must be a dictionary and locals can be any mapping,\n"
        "defaulting to the current globals and locals.\n"
        "If only globals is given, locals defaults to it.\n"
        "The closure must be a tuple of cellvars, and can only be used\n"
        "when source is a code object requiring exactly that many cellvars."},
    {.name = "format", .impl = builtin_format, .signature = "($module, value, format_spec='', /)",
     .doc = "Return value.__format__(format_spec)\n"
        "\nformat_spec defaults to the empty string.\n"
        "See the Format Specification Mini-Language section of help('FORMATTING') for\n"
        "details."},
    {.name = "getattr", .raw = builtin_getattr,
     .doc = "getattr(object, name[, default]) -> value\n"
        "\nGet a named attribute from an object; getattr(x, 'y') is equivalent to x.y.\n"
        "When a default argument is given, it is returned when the attribute doesn't\n"
        "exist; without it, an exception is raised in that case."},
    {.name = "globals", .impl = builtin_globals, .signature = "($module, /)",
     .doc = "Return the dictionary containing the current scope's global variables.\n"
        "\nNOTE: Updates to this dictionary *will* affect name lookups in the current\n"
        "global scope and vice-versa."},
    {.name = "hasattr", .impl = builtin_hasattr, .signature = "($module, obj, name, /)",
     .doc = "Return whether the object has an attribute with the given name.\n"
        "\nThis is done by calling getattr(obj, name) and catching AttributeError."},
    {.name = "hash", .impl = builtin_hash, .signature = "($module, obj, /)",
     .doc = "Return the hash value for the given object.\n"
        "\nTwo objects that compare equal must also have the same hash value, but the\n"
        "reverse is not necessarily true."},
    {.name = "hex", .impl = builtin_hex, .signature = "($module, number, /)",
     .doc = "Return the hexadecimal representation of an integer.\n\n   >>> hex(12648430)\n   '0xc0ffee'"},
    {.name = "id", .impl = builtin_id, .signature = "($module, obj, /)",
     .doc = "Return the identity of an object.\n"
        "\nThis is guaranteed to be unique among simultaneously existing objects.\n"
        "(CPython uses the object's memory address.)"},
    {.name = "input", .impl = builtin_input, .signature = "($module, prompt=?, /)",
     .doc = "input($module, prompt='', /)\n--\n\n"
        "Read a string from standard input.  The trailing newline is stripped.\n"
        "\nThe prompt string, if given, is printed to standard output without a\n"
        "trailing newline before reading input.\n"
        "\nIf the user hits EOF (*nix: Ctrl-D, Windows: Ctrl-Z+Return), raise EOFError.\n"
        "On *nix systems, readline is used if available."},
    {.name = "isinstance", .impl = builtin_isinstance, .signature = "($module, obj, class_or_tuple, /)",
     .doc = "Return whether an object is an instance of a class or of a subclass thereof.\n"
        "\nA tuple, as in ``isinstance(x, (A, B, ...))``, may be given as the target to\n"
        "check against. This is equivalent to ``isinstance(x, A) or isinstance(x, B)\n"
        "or ...`` etc."},
    {.name = "issubclass", .impl = builtin_issubclass, .signature = "($module, cls, class_or_tuple, /)",
     .doc = "Return whether 'cls' is derived from another class or is the same class.\n"
        "\nA tuple, as in ``issubclass(x, (A, B, ...))``, may be given as the target to\n"
        "check against. This is equivalent to ``issubclass(x, A) or issubclass(x, B)\n"
        "or ...``."},
    {.name = "iter", .raw = builtin_iter,
     .doc = "iter(iterable) -> iterator\n"
        "iter(callable, sentinel) -> iterator\n"
        "\nGet an iterator from an object.  In the first form, the argument must\n"
        "supply its own iterator, or be a sequence.\n"
        "In the second form, the callable is called until it returns the sentinel."},
    {.name = "len", .impl = builtin_len, .signature = "($module, obj, /)",
     .doc = "Return the number of items in a container."},
    {.name = "locals", .impl = builtin_locals, .signature = "($module, /)",
     .doc = "Return a dictionary containing the current scope's local variables.\n"
        "\nNOTE: Whether or not updates to this dictionary will affect name lookups in\n"
        "the local scope and vice-versa is *implementation dependent* and not\n"
        "covered by any backwards compatibility guarantees."},
    {.name = "max", .raw = builtin_max,
     .doc = "max(iterable, *[, default=obj, key=func]) -> value\n"
        "max(arg1, arg2, *args, *[, key=func]) -> value\n"
        "\nWith a single iterable argument, return its biggest item. The\n"
        "default keyword-only argument specifies an object to return if\n"
        "the provided iterable is empty.\n"
        "With two or more arguments, return the largest argument."},
    {.name = "min", .raw = builtin_min,
     .doc = "min(iterable, *[, default=obj, key=func]) -> value\n"
        "min(arg1, arg2, *args, *[, key=func]) -> value\n"
        "\nWith a single iterable argument, return its smallest item. The\n"
        "default keyword-only argument specifies an object to return if\n"
        "the provided iterable is empty.\n"
        "With two or more arguments, return the smallest argument."},
    {.name = "next", .raw = builtin_next,
     .doc = "next(iterator[, default])\n"
        "\nReturn the next item from the iterator. If default is given and the iterator\n"
        "is exhausted, it is returned instead of raising StopIteration."},
    {.name = "oct", .impl = builtin_oct, .signature = "($module, number, /)",
     .doc = "Return the octal representation of an integer.\n\n   >>> oct(342391)\n   '0o1234567'"},
    {.name = "open", .raw = builtin_open,
     .doc = "Open file and return a stream.  Raise OSError upon failure."},
    {.name = "ord", .impl = builtin_ord, .signature = "($module, c, /)",
     .doc = "Return the Unicode code point for a one-character string."},
    {.name = "pow", .impl = builtin_pow, .signature = "($module, /, base, exp, mod=None)",
     .doc = "Equivalent to base**exp with 2 arguments or base**exp % mod with 3 arguments\n"
        "\nSome types, such as ints, are able to use a more efficient algorithm when\n"
        "invoked using the three argument form."},
    {.name = "print", .impl = builtin_print,
     .signature = "($module, /, *args, sep=' ', end='\\n', file=None, flush=False)",
     .doc = "Prints the values to a stream, or to sys.stdout by default.\n"
        "\n  sep\n    string inserted between values, default a space.\n"
        "  end\n    string appended after the last value, default a newline.\n"
        "  file\n    a file-like object (stream); defaults to the current sys.stdout.\n"
        "  flush\n    whether to forcibly flush the stream."},
    {.name = "repr", .impl = builtin_repr, .signature = "($module, obj, /)",
     .doc = "Return the canonical string representation of the object.\n"
        "\nFor many object types, including most builtins, eval(repr(obj)) == obj."},
    {.name = "round", .impl = builtin_round, .signature = "($module, /, number, ndigits=None)",
     .doc = "Round a number to a given precision in decimal digits.\n"
        "\nThe return value is an integer if ndigits is omitted or None.  Otherwise\n"
        "the return value has the same type as the number.  ndigits may be negative."},
    {.name = "setattr", .impl = builtin_setattr, .signature = "($module, obj, name, value, /)",
     .doc = "Sets the named attribute on the given object to the specified value.\n"
        "\nsetattr(x, 'y', v) is equivalent to ``x.y = v``"},
    {.name = "sorted", .raw = builtin_sorted,
     .doc = "sorted($module, iterable, /, *, key=None, reverse=False)\n--\n\n"
        "Return a new list containing all items from the iterable in ascending order.\n"
        "\nA custom key function can be supplied to customize the sort order, and the\n"
        "reverse flag can be set to request the result in descending order."},
    {.name = "sum", .impl = builtin_sum, .signature = "($module, iterable, /, start=0)",
     .doc = "Return the sum of a 'start' value (default: 0) plus an iterable of numbers\n"
        "\nWhen the iterable is empty, return the start value.\n"
        "This function is intended specifically for use with numeric values and may\n"
        "reject non-numeric types."},
    {.name = "vars", .raw = builtin_vars,
     .doc = "vars([object]) -> dictionary\n\nWithout arguments, equivalent to locals().\nWith an argument, equivalent to object.__dict__."},
    {},
};

}  // namespace

bool is_builtin_print(Value v) {
  if (!is_type(v, &builtin_function_type)) return false;
  return std::strcmp(static_cast<BuiltinFunctionObject*>(v.as_object())->def->name, "print") == 0 &&
         static_cast<BuiltinFunctionObject*>(v.as_object())->def->impl == builtin_print;
}

extern const ModuleDef module_builtins = {
    .name = "builtins",
    .doc = "Built-in functions, exceptions, and other objects.\n\n"
           "Noteworthy: None is the `nil' object; Ellipsis represents `...' in slices.",
    .methods = builtin_methods,
};

}  // namespace krait
