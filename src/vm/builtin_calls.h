// Built-in calls the eval loop runs itself (CALL_BUILTIN): range() and int() without type_call, and
// sum()/any()/all()/list()/tuple() of a generator, whose frame the loop resumes in place:
// each yield feeds the consumer (the caller's stack holds [accumulator, kind, generator])
// and the generator goes on without leaving its frame. The inline fast step is here; the
// general step, the end and the native continuation are in builtin_calls.cpp.
#pragma once

#include "core/type.h"
#include "objects/descriptors.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/range.h"
#include "objects/tuple.h"

namespace krait {

// Range and Int: types whose __init__ is object's, so calling them is their __new__.
enum class BuiltinCall : uint8_t { None, Sum, Any, All, List, Tuple, Range, Int };

// The implementations behind sum, any and all (modules/builtins.cpp).
Ref<> builtin_sum(Value, const Value* args);
Ref<> builtin_any(Value, const Value* args);
Ref<> builtin_all(Value, const Value* args);

inline BuiltinCall builtin_call_kind(Value callable) {
  if (!callable.is_object()) return BuiltinCall::None;
  Object* o = callable.as_object();
  if (o->type == &builtin_function_type) {
    MethodImpl impl = static_cast<BuiltinFunctionObject*>(o)->def->impl;
    if (impl == builtin_sum) return BuiltinCall::Sum;
    if (impl == builtin_any) return BuiltinCall::Any;
    if (impl == builtin_all) return BuiltinCall::All;
    return BuiltinCall::None;
  }
  if (o == &range_type) return BuiltinCall::Range;
  if (o == &int_type) return BuiltinCall::Int;
  if (o == &list_type) return BuiltinCall::List;
  if (o == &tuple_type) return BuiltinCall::Tuple;
  return BuiltinCall::None;
}

inline bool is_generator_consumer(BuiltinCall kind) {
  return kind >= BuiltinCall::Sum && kind <= BuiltinCall::Tuple;
}

// The accumulator a consumer starts with: sum's 0, None for any/all, the list that list()
// and tuple() fill.
Ref<> consumer_start(BuiltinCall kind);

// Consumes `item` (a reference handed over) without running Python code, when it can:
// 1 consumed, 0 consumed and any()/all() decided, -1 not handled (item untouched; the
// general step must run, outside the generator's frame).
[[gnu::always_inline]] inline int consume_fast(BuiltinCall kind, Value* accumulator, Value item) {
  switch (kind) {
    case BuiltinCall::Sum: {
      Value total = *accumulator;
      if (total.is_small_int()) {
        int64_t sum;
        if (item.is_small_int()) {
          // On tagged values, as BINARY_OP_ADD_INT: overflow is leaving the small-int range.
          if (__builtin_add_overflow(int64_t(total.bits()), int64_t(item.bits() - 1), &sum)) return -1;
          *accumulator = Value::from_bits(uintptr_t(sum));
          return 1;
        }
        if (!is_exact_float(item) || item.as_object()->refcount != 1) return -1;
        // int + float is the float of the int plus the float (exact below 2**63).
        auto* f = static_cast<FloatObject*>(item.as_object());
        f->value = double(total.as_small_int()) + f->value;
        *accumulator = item;
        return 1;
      }
      if (!is_exact_float(total) || total.as_object()->refcount != 1) return -1;
      auto* f = static_cast<FloatObject*>(total.as_object());
      if (item.is_small_int()) {
        f->value += double(item.as_small_int());
        return 1;
      }
      if (!is_exact_float(item)) return -1;
      f->value += float_value(item);
      float_decref_exact(static_cast<FloatObject*>(item.as_object()));
      return 1;
    }
    case BuiltinCall::Any:
    case BuiltinCall::All: {
      // Items whose truth and release run no Python code.
      bool truth;
      if (item.is_small_int()) truth = item.as_small_int() != 0;
      else if (item == True() || item == False() || item == None()) truth = item == True();
      else return -1;
      decref(item);
      return truth == (kind == BuiltinCall::Any) ? 0 : 1;
    }
    case BuiltinCall::List:
    case BuiltinCall::Tuple: {
      auto* list = static_cast<ListObject*>(accumulator->as_object());
      if (list->length == list->capacity) return -1;
      list->items[list->length++] = item;
      return 1;
    }
    default:
      return -1;
  }
}

// The general step for `item` (a reference handed over), which may run Python code:
// 1 consumed, 0 consumed and any()/all() decided, -1 error.
int consume_item(BuiltinCall kind, Value* accumulator, Value item);
// The consumer's result once the generator is exhausted (the accumulator is released).
Ref<> consumer_finish(BuiltinCall kind, Value accumulator);
// The result of any()/all() once decided.
inline Value consumer_decided(BuiltinCall kind) { return kind == BuiltinCall::Any ? True() : False(); }
// Goes on natively (iterating `iterator` with next()) from `accumulator` (released): for
// a generator that cannot be resumed in the loop any more (tracing started).
Ref<> consumer_rest(BuiltinCall kind, Value accumulator, Value iterator);

}  // namespace krait
