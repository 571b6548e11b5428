// _bisect: binary search in sorted sequences (bisect_left/right, insort_left/right), the
// C version of bisect.py with the same semantics, key= included.
#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/text_internal.h"

namespace krait {

namespace {

// The insertion point for x in a[lo:hi] (x already passed through key by the caller for
// insort). right: after any entries equal to x.
int64_t bisect(Value a, Value x, Value lo_arg, Value hi_arg, Value key, bool right) {
  int64_t lo, hi;
  if (!index_argument(lo_arg, &lo)) return -1;
  if (lo < 0) return value_error("lo must be non-negative");
  if (!hi_arg || is_none(hi_arg)) {
    hi = length(a);
    if (hi < 0) return -1;
  } else if (!index_argument(hi_arg, &hi)) {
    return -1;
  }
  bool use_key = key && !is_none(key);
  while (lo < hi) {
    int64_t mid = int64_t((uint64_t(lo) + uint64_t(hi)) / 2);
    Ref<> index = int_from_int64(mid);  // may exceed the tagged small-int range
    if (!index) return -1;
    Ref<> item = get_item(a, index.value());
    if (!item) return -1;
    if (use_key) {
      item = call1(key, item);
      if (!item) return -1;
    }
    int less = right ? rich_compare_bool(x, item, CompareOp::Lt) : rich_compare_bool(item, x, CompareOp::Lt);
    if (less < 0) return -1;
    if (right == bool(less)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

Ref<> bisect_entry(const Value* args, bool right) {
  int64_t index = bisect(args[0], args[1], args[2], args[3], args[4], right);
  if (index < 0) return nullptr;
  return int_from_int64(index);
}

Ref<> insort_entry(const Value* args, bool right) {
  Value a = args[0], x = args[1], key = args[4];
  Ref<> key_x;
  if (key && !is_none(key)) {
    key_x = call1(key, x);
    if (!key_x) return nullptr;
  }
  int64_t index = bisect(a, key_x ? key_x.value() : x, args[2], args[3], key, right);
  if (index < 0) return nullptr;
  if (is_exact_list(a)) {
    if (!list_insert(as_list(a), index, x)) return nullptr;
  } else {
    Ref<> insert = get_attr(a, "insert");
    if (!insert) return nullptr;
    Ref<> position = int_from_int64(index);
    if (!position) return nullptr;
    Ref<> result = call2(insert, position.value(), x);
    if (!result) return nullptr;
  }
  return new_none();
}

Ref<> bisect_right(Value, const Value* args) { return bisect_entry(args, true); }
Ref<> bisect_left(Value, const Value* args) { return bisect_entry(args, false); }
Ref<> insort_right(Value, const Value* args) { return insort_entry(args, true); }
Ref<> insort_left(Value, const Value* args) { return insort_entry(args, false); }

const MethodDef bisect_methods[] = {
    {.name = "bisect_right", .impl = bisect_right, .signature = "($module, /, a, x, lo=0, hi=None, *, key=None)",
     .doc = "Return the index where to insert item x in list a, assuming a is sorted.\n\n"
            "The return value i is such that all e in a[:i] have e <= x, and all e in\n"
            "a[i:] have e > x.  So if x already appears in the list, a.insert(i, x) will\n"
            "insert just after the rightmost x already there.\n\n"
            "Optional args lo (default 0) and hi (default len(a)) bound the\n"
            "slice of a to be searched."},
    {.name = "insort_right", .impl = insort_right, .signature = "($module, /, a, x, lo=0, hi=None, *, key=None)",
     .doc = "Insert item x in list a, and keep it sorted assuming a is sorted.\n\n"
            "If x is already in a, insert it to the right of the rightmost x.\n\n"
            "Optional args lo (default 0) and hi (default len(a)) bound the\n"
            "slice of a to be searched."},
    {.name = "bisect_left", .impl = bisect_left, .signature = "($module, /, a, x, lo=0, hi=None, *, key=None)",
     .doc = "Return the index where to insert item x in list a, assuming a is sorted.\n\n"
            "The return value i is such that all e in a[:i] have e < x, and all e in\n"
            "a[i:] have e >= x.  So if x already appears in the list, a.insert(i, x) will\n"
            "insert just before the leftmost x already there.\n\n"
            "Optional args lo (default 0) and hi (default len(a)) bound the\n"
            "slice of a to be searched."},
    {.name = "insort_left", .impl = insort_left, .signature = "($module, /, a, x, lo=0, hi=None, *, key=None)",
     .doc = "Insert item x in list a, and keep it sorted assuming a is sorted.\n\n"
            "If x is already in a, insert it to the left of the leftmost x.\n\n"
            "Optional args lo (default 0) and hi (default len(a)) bound the\n"
            "slice of a to be searched."},
    {},
};

}  // namespace

extern const ModuleDef module__bisect = {
    .name = "_bisect",
    .doc = "Bisection algorithms.\n\nThis module provides support for maintaining a list in sorted order without\n"
           "having to sort the list after each insertion. For long lists of items with\n"
           "expensive comparison operations, this can be an improvement over the more\n"
           "common approach.\n",
    .methods = bisect_methods,
};

}  // namespace krait
