// The out-of-line halves of CALL_BUILTIN's generator consumers (vm/builtin_calls.h): the
// starting accumulator, the general step (which may run Python code: __add__, __bool__),
// the result, and the native continuation. They follow sum(), any(), all(), list() and
// tuple() of modules/builtins.cpp, objects/list.cpp and objects/tuple.cpp item for item.
#include "vm/builtin_calls.h"

#include "core/error.h"
#include "core/ops.h"

namespace krait {

Ref<> consumer_start(BuiltinCall kind) {
  switch (kind) {
    case BuiltinCall::Sum: return Ref<>::steal(Value::small_int(0));
    case BuiltinCall::List:
    case BuiltinCall::Tuple: return list_for_iteration();
    default: return new_none();
  }
}

int consume_item(BuiltinCall kind, Value* accumulator, Value item) {
  Ref<> held = Ref<>::steal(item);
  switch (kind) {
    case BuiltinCall::Sum: {
      Ref<> total = binary_op(*accumulator, item, BinaryOperator::Add);
      if (!total) return -1;
      Value old = *accumulator;
      *accumulator = total.release();
      decref(old);
      return 1;
    }
    case BuiltinCall::Any:
    case BuiltinCall::All: {
      int truth = is_true(item);
      if (truth < 0) return -1;
      held.reset();
      return bool(truth) == (kind == BuiltinCall::Any) ? 0 : 1;
    }
    case BuiltinCall::List:
    case BuiltinCall::Tuple: {
      auto* list = static_cast<ListObject*>(accumulator->as_object());
      return list_append_steal(list, std::move(held)) ? 1 : -1;
    }
    default:
      return -1;
  }
}

Ref<> consumer_finish(BuiltinCall kind, Value accumulator) {
  Ref<> held = Ref<>::steal(accumulator);
  switch (kind) {
    case BuiltinCall::Sum: return held;
    case BuiltinCall::Any: return new_bool(false);
    case BuiltinCall::All: return new_bool(true);
    case BuiltinCall::List: {
      if (!list_trim_after_iteration(static_cast<ListObject*>(accumulator.as_object()))) return nullptr;
      return held;
    }
    case BuiltinCall::Tuple: return list_as_tuple(static_cast<ListObject*>(accumulator.as_object()));
    default: return nullptr;
  }
}

Ref<> consumer_rest(BuiltinCall kind, Value accumulator, Value iterator) {
  Value held = accumulator;
  for (;;) {
    Ref<> item = iter_next(iterator);
    if (!item) {
      if (error_occurred()) {
        decref(held);
        return nullptr;
      }
      return consumer_finish(kind, held);
    }
    int step = consume_item(kind, &held, item.release());
    if (step < 0) {
      decref(held);
      return nullptr;
    }
    if (step == 0) {
      decref(held);
      return new_ref(consumer_decided(kind));
    }
  }
}

}  // namespace krait
