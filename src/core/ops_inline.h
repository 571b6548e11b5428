// Template bodies of core/ops.h.
#pragma once

#include "core/error.h"

namespace krait {

template <class Fn>
bool for_each(Value iterable, Fn&& fn) {
  Ref<> iterator = get_iter(iterable);
  if (!iterator) return false;
  for (;;) {
    Ref<> item = iter_next(iterator);
    if (!item) return !error_occurred();
    if (!fn(item.value())) return false;
  }
}

}  // namespace krait
