// _sre: the native half of the re package. re._compiler turns a pattern into SRE code and
// hands it to _sre.compile, which validates it into an engine Program (engine.h) inside a
// re.Pattern (pattern.cpp). This file holds the module functions and constants and the
// helpers the object files share: reading subjects, slicing them, the interrupt hook.
#include <algorithm>
#include <atomic>
#include <vector>

#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/sre/sre_objects.h"
#include "objects/bytes.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/slice.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"
#include "runtime/runtime.h"
#include "runtime/signals.h"

namespace krait::sre_module {

// --- Shared helpers ---

bool SubjectView::acquire(const PatternObject* pattern, Value string) {
  release();
  if (is_str(string)) {
    StrObject* s = as_str(string);
    subject_ = {s->data(), s->length, s->kind};
    is_bytes_ = false;
  } else {
    if (!buffer_get(string, &buffer_, kBufferSimple)) {
      clear_error();
      return type_error("expected string or bytes-like object, got '{}'", type_name(string));
    }
    has_buffer_ = true;
    subject_ = {buffer_.data, buffer_.length, 1};
    is_bytes_ = true;
  }
  if (pattern->is_bytes == 0 && is_bytes_) {
    return type_error("cannot use a string pattern on a bytes-like object");
  }
  if (pattern->is_bytes == 1 && !is_bytes_) {
    return type_error("cannot use a bytes pattern on a string-like object");
  }
  return true;
}

void SubjectView::release() {
  if (has_buffer_) buffer_release(&buffer_);
  has_buffer_ = false;
}

namespace {

bool poll_for_signals(void*) {
  if (!(runtime().eval_breaker.load(std::memory_order_relaxed) & kBreakSignalsPending)) return false;
  return run_pending_signal_handlers() < 0;
}

}  // namespace

sre::InterruptHook interrupt_hook() { return {poll_for_signals, nullptr}; }

Raised raise_status(sre::Status status) {
  if (status == sre::Status::kMemoryError) return raise_memory_error();
  if (status == sre::Status::kInterrupted) return Raised();  // the hook's exception is set
  return runtime_error("internal error in regular expression engine");
}

Ref<> subject_slice(Value string, const sre::Subject& subject, bool is_bytes, int64_t start, int64_t end) {
  if (!is_bytes) return str_substring(as_str(string), start, end);
  if (is_exact_bytes(string) && start == 0 && end == as_bytes(string)->length) return new_ref(string);
  end = std::min<int64_t>(end, subject.length);
  start = std::min(start, end);
  return bytes_from(std::string_view(static_cast<const char*>(subject.data) + start, size_t(end - start)));
}

Ref<> empty_subject_slice(Value string) {
  Ref<SliceObject> slice = slice_new(Value::small_int(0), Value::small_int(0), Value());
  if (!slice) return nullptr;
  return get_item(string, slice);
}

Ref<> call_re_helper(const char* name, const Value* args, size_t nargs) {
  Ref<> re = import_module_named("re");
  if (!re) return nullptr;
  Ref<> helper = get_attr(re, name);
  if (!helper) return nullptr;
  return call(helper, args, nargs);
}

namespace {

// --- Module functions ---

// A C int argument (flags, characters), as Argument Clinic's `int` converter does.
bool character_argument(Value v, int32_t* out) {
  int64_t value;
  if (!index_argument(v, &value)) return false;
  if (value < INT32_MIN || value > INT32_MAX) {
    return overflow_error("Python int too large to convert to C int");
  }
  *out = int32_t(value);
  return true;
}

// compile(pattern, flags, code, groups, groupindex, indexgroup): what re._compiler.compile
// calls with the code it generated.
Ref<> sre_compile(Value, const Value* args) {
  Value pattern = args[0], code = args[2], groupindex = args[4], indexgroup = args[5];
  int64_t flags, groups;
  int32_t flags32;
  if (!character_argument(args[1], &flags32) || !index_argument(args[3], &groups)) return nullptr;
  flags = flags32;
  if (!is_list(code)) return type_error("compile() argument 'code' must be list, not {}", argument_type_name(code));
  if (!is_dict(groupindex)) {
    return type_error("compile() argument 'groupindex' must be dict, not {}", argument_type_name(groupindex));
  }
  if (!is_tuple(indexgroup)) {
    return type_error("compile() argument 'indexgroup' must be tuple, not {}", argument_type_name(indexgroup));
  }
  ListObject* code_list = as_list(code);
  std::vector<sre::Code> words(size_t(code_list->length));
  for (int64_t i = 0; i < code_list->length; ++i) {
    // Any word that is not an int in the code unit range: CPython reports them all alike.
    Value word = code_list->items[i];
    int64_t value;
    if (!is_int(word) || !int_to_int64(word, &value) || value < 0 || value > int64_t(UINT32_MAX)) {
      return overflow_error("regular expression code size limit exceeded");
    }
    words[size_t(i)] = sre::Code(value);
  }

  int is_bytes = -1;
  if (!is_none(pattern)) {
    if (is_str(pattern)) {
      is_bytes = 0;
    } else {
      Buffer view;
      if (!buffer_get(pattern, &view, kBufferSimple)) {
        clear_error();
        return type_error("expected string or bytes-like object, got '{}'", type_name(pattern));
      }
      buffer_release(&view);
      is_bytes = 1;
    }
  }

  bool out_of_memory = false;
  std::unique_ptr<sre::Program> program =
      sre::Program::create(std::move(words), size_t(groups < 0 ? 0 : groups), &out_of_memory);
  if (!program) {
    if (out_of_memory) return raise_memory_error();
    return runtime_error("invalid SRE code");
  }
  auto* p = allocate<PatternObject>(&pattern_type);
  if (!p) return nullptr;
  Ref<> result = Ref<>::steal(Value(p));
  incref(pattern);
  p->pattern = pattern;
  p->flags = flags;
  p->groups = groups;
  p->is_bytes = is_bytes;
  p->program = program.release();
  if (as_dict(groupindex)->used > 0) {
    incref(groupindex);
    p->groupindex = groupindex.as_object();
    if (as_tuple(indexgroup)->length > 0) {
      incref(indexgroup);
      p->indexgroup = indexgroup.as_object();
    }
  }
  gc_track(p);
  return result;
}

Ref<> sre_getcodesize(Value, const Value*) { return int_from_small(sre::kCodeSize); }

Ref<> sre_ascii_iscased(Value, const Value* args) {
  int32_t c;
  if (!character_argument(args[0], &c)) return nullptr;
  return new_bool(sre::ascii_iscased(c));
}

Ref<> sre_unicode_iscased(Value, const Value* args) {
  int32_t c;
  if (!character_argument(args[0], &c)) return nullptr;
  return new_bool(sre::unicode_iscased(c));
}

Ref<> sre_ascii_tolower(Value, const Value* args) {
  int32_t c;
  if (!character_argument(args[0], &c)) return nullptr;
  return int_from_int64(sre::ascii_tolower(c));
}

Ref<> sre_unicode_tolower(Value, const Value* args) {
  int32_t c;
  if (!character_argument(args[0], &c)) return nullptr;
  return int_from_int64(sre::unicode_tolower(c));
}

const MethodDef sre_methods[] = {
    {.name = "compile", .impl = sre_compile,
     .signature = "($module, /, pattern, flags, code, groups, groupindex, indexgroup)"},
    {.name = "getcodesize", .impl = sre_getcodesize, .signature = "($module, /)"},
    {.name = "ascii_iscased", .impl = sre_ascii_iscased, .signature = "($module, character, /)"},
    {.name = "unicode_iscased", .impl = sre_unicode_iscased, .signature = "($module, character, /)"},
    {.name = "ascii_tolower", .impl = sre_ascii_tolower, .signature = "($module, character, /)"},
    {.name = "unicode_tolower", .impl = sre_unicode_tolower, .signature = "($module, character, /)"},
    {},
};

bool sre_exec(ModuleObject* module) {
  // The types are reached through compiled objects (re.Pattern = type(re.compile(''))),
  // not through the module, as in CPython.
  return type_ready(&pattern_type) && type_ready(&match_type) && type_ready(&scanner_type) &&
         module_add_int(module, "MAGIC", sre::kMagic) &&
         module_add_int(module, "CODESIZE", sre::kCodeSize) &&
         module_add_int(module, "MAXREPEAT", sre::kMaxRepeat) &&
         module_add_int(module, "MAXGROUPS", sre::kMaxGroups) &&
         module_add_string(module, "copyright",
                           " SRE 2.2.2 Copyright (c) 1997-2002 by Secret Labs AB ");
}

}  // namespace
}  // namespace krait::sre_module

namespace krait {

extern const ModuleDef module__sre = {
    .name = "_sre",
    .methods = sre_module::sre_methods,
    .exec = sre_module::sre_exec,
};

}  // namespace krait
