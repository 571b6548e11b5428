// Small iterator types shared by many others: the __getitem__ sequence iterator, the
// two-argument iter(callable, sentinel), and a generic reversed-sequence iterator.
#pragma once

#include "core/type.h"

namespace krait {

extern TypeObject sequence_iterator_type;
extern TypeObject callable_iterator_type;

// iter(obj) for objects with __getitem__ only (IndexError/StopIteration end it).
Ref<> sequence_iter_new(Value sequence);
Ref<> callable_iter_new(Value callable, Value sentinel);

}  // namespace krait
