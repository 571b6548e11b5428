// list.sort: Tim Peters' timsort as CPython 3.11 runs it (the design is described in
// CPython's Objects/listsort.txt): natural runs (strictly descending ones reversed),
// extended to a minimum run length by binary insertion, merged by the "powersort" rule
// with galloping merges whose threshold adapts. Following the same steps makes the
// number and order of `<` calls equal CPython's, which Python code can observe.
//
// While sorting, the list is detached (empty, capacity -1): comparisons that mutate it
// cannot disturb the sort, and any mutation is reported as "list modified during sort".
#include <algorithm>
#include <cstring>
#include <vector>

#include "core/error.h"
#include "core/ops.h"
#include "core/small_alloc.h"
#include "objects/float.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"

namespace krait {

namespace {

constexpr int64_t kMinGallop = 7;
constexpr int kMaxMergePending = 85;  // enough for 2**64 elements under powersort

// `a < b` as 1/0, or -1 with an exception set.
using LessFn = int (*)(Value a, Value b);

int generic_less(Value a, Value b) { return rich_compare_bool(a, b, CompareOp::Lt); }
int small_int_less(Value a, Value b) { return a.as_small_int() < b.as_small_int(); }
int str_less(Value a, Value b) { return str_compare(as_str(a), as_str(b)) < 0; }
int float_less(Value a, Value b) { return float_value(a) < float_value(b); }

// Which direct `<` fits every value of `values` (a stride apart): one built-in type whose
// `<` cannot run Python code, or generic_less.
template <class Get>
LessFn choose_uniform_less(int64_t n, Get get) {
  bool all_small_int = true, all_str = true, all_float = true;
  for (int64_t i = 0; i < n; ++i) {
    Value k = get(i);
    if (!k) continue;
    all_small_int = all_small_int && k.is_small_int();
    all_str = all_str && is_exact_str(k);
    all_float = all_float && is_exact_float(k);
    if (!all_small_int && !all_str && !all_float) return generic_less;
  }
  if (all_small_int) return small_int_less;
  if (all_str) return str_less;
  return float_less;
}

// Tuples compared as tuple `<` does (the first position whose items are not ==, then `<`
// there: the same calls in the same order), with the first items' `<` direct when every
// key's first item has one built-in type (CPython's sort does the same).
template <LessFn first_less>
int tuple_less(Value a, Value b) {
  TupleObject* x = as_tuple(a);
  TupleObject* y = as_tuple(b);
  int64_t n = std::min(x->length, y->length);
  int64_t i = 0;
  for (; i < n; ++i) {
    Value p = x->items[i], q = y->items[i];
    if (p == q) continue;                             // identical (== holds, as CPython assumes)
    if (p.is_small_int() && q.is_small_int()) break;  // unequal ints
    int equal = rich_compare_bool(p, q, CompareOp::Eq);
    if (equal < 0) return -1;
    if (!equal) break;
  }
  if (i == n) return x->length < y->length;
  if (i == 0) return first_less(x->items[0], y->items[0]);
  return rich_compare_bool(x->items[i], y->items[i], CompareOp::Lt);
}

LessFn choose_less(const Value* keys, int64_t n) {
  bool all_tuples = true;
  for (int64_t i = 0; i < n && all_tuples; ++i) all_tuples = is_exact_tuple(keys[i]);
  if (!all_tuples) return choose_uniform_less(n, [keys](int64_t i) { return keys[i]; });
  LessFn first_less = choose_uniform_less(n, [keys](int64_t i) {
    TupleObject* t = as_tuple(keys[i]);
    return t->length ? t->items[0] : Value();
  });
  if (first_less == small_int_less) return tuple_less<small_int_less>;
  if (first_less == str_less) return tuple_less<str_less>;
  if (first_less == float_less) return tuple_less<float_less>;
  return tuple_less<generic_less>;
}

// Keys and, when sorting with a key function, the items riding along at the same offsets.
struct SortSlice {
  Value* keys;
  Value* values;  // null without a key function

  void advance(int64_t n) {
    keys += n;
    if (values) values += n;
  }
};

void copy_items(SortSlice dest, int64_t di, SortSlice src, int64_t si, int64_t n) {
  std::memcpy(static_cast<void*>(dest.keys + di), src.keys + si, size_t(n) * sizeof(Value));
  if (dest.values) {
    std::memcpy(static_cast<void*>(dest.values + di), src.values + si, size_t(n) * sizeof(Value));
  }
}

void move_items(SortSlice dest, int64_t di, SortSlice src, int64_t si, int64_t n) {
  std::memmove(static_cast<void*>(dest.keys + di), src.keys + si, size_t(n) * sizeof(Value));
  if (dest.values) {
    std::memmove(static_cast<void*>(dest.values + di), src.values + si, size_t(n) * sizeof(Value));
  }
}

void copy_one_increment(SortSlice* dest, SortSlice* src) {
  *dest->keys++ = *src->keys++;
  if (dest->values) *dest->values++ = *src->values++;
}

void copy_one_decrement(SortSlice* dest, SortSlice* src) {
  *dest->keys-- = *src->keys--;
  if (dest->values) *dest->values-- = *src->values--;
}

void reverse_range(Value* low, Value* high) {
  for (--high; low < high; ++low, --high) std::swap(*low, *high);
}

// A pending run: a sorted stretch waiting to be merged, with its powersort "power".
struct Run {
  SortSlice base;
  int64_t length;
  int power;
};

class TimSort {
 public:
  TimSort(LessFn less, Value* base_keys, int64_t list_length)
      : less_(less), base_keys_(base_keys), list_length_(list_length) {}

  bool sort(SortSlice lo, int64_t n);

 private:
  int64_t count_run(Value* lo, Value* hi, bool* descending);
  bool binary_insertion_sort(SortSlice lo, Value* hi, Value* start);
  int64_t gallop_left(Value key, Value* a, int64_t n, int64_t hint);
  int64_t gallop_right(Value key, Value* a, int64_t n, int64_t hint);
  bool merge_low(SortSlice a, int64_t na, SortSlice b, int64_t nb);
  bool merge_high(SortSlice a, int64_t na, SortSlice b, int64_t nb);
  bool merge_at(int i);
  bool found_new_run(int64_t n2);
  bool merge_force_collapse();
  SortSlice temp(int64_t n, bool with_values);

  LessFn less_;
  Value* base_keys_;  // where the keys being sorted start (run positions for powersort)
  int64_t list_length_;
  int64_t min_gallop_ = kMinGallop;
  Run pending_[kMaxMergePending];
  int pending_count_ = 0;
  std::vector<Value> temp_keys_, temp_values_;
};

SortSlice TimSort::temp(int64_t n, bool with_values) {
  if (int64_t(temp_keys_.size()) < n) temp_keys_.resize(size_t(n));
  if (with_values && int64_t(temp_values_.size()) < n) temp_values_.resize(size_t(n));
  return {temp_keys_.data(), with_values ? temp_values_.data() : nullptr};
}

// The length of the run starting at lo: the longest non-descending prefix, or the
// longest strictly descending one (*descending set). -1 on error.
int64_t TimSort::count_run(Value* lo, Value* hi, bool* descending) {
  *descending = false;
  ++lo;
  if (lo == hi) return 1;
  int64_t n = 2;
  int k = less_(*lo, *(lo - 1));
  if (k < 0) return -1;
  if (k) {
    *descending = true;
    for (++lo; lo < hi; ++lo, ++n) {
      k = less_(*lo, *(lo - 1));
      if (k < 0) return -1;
      if (!k) break;
    }
  } else {
    for (++lo; lo < hi; ++lo, ++n) {
      k = less_(*lo, *(lo - 1));
      if (k < 0) return -1;
      if (k) break;
    }
  }
  return n;
}

// Sorts [lo, hi) given that [lo, start) is already sorted: each further item is placed by
// binary search (after all items equal to it, for stability). Templated on the `<` so that
// the all-str case (dir(), sorted names) compares inline instead of through a pointer.
template <class Less>
bool insertion_sort(SortSlice lo, Value* hi, Value* start, Less less) {
  if (lo.keys == start) ++start;
  for (; start < hi; ++start) {
    Value* l = lo.keys;
    Value* r = start;
    Value pivot = *r;
    do {
      Value* p = l + ((r - l) >> 1);
      int k = less(pivot, *p);
      if (k < 0) return false;
      if (k)
        r = p;
      else
        l = p + 1;
    } while (l < r);
    for (Value* p = start; p > l; --p) *p = *(p - 1);
    *l = pivot;
    if (lo.values) {
      int64_t offset = lo.values - lo.keys;
      Value* p = start + offset;
      Value value_pivot = *p;
      Value* target = l + offset;
      for (; p > target; --p) *p = *(p - 1);
      *target = value_pivot;
    }
  }
  return true;
}

bool TimSort::binary_insertion_sort(SortSlice lo, Value* hi, Value* start) {
  if (less_ == str_less) {
    return insertion_sort(lo, hi, start, [](Value a, Value b) { return int(str_compare(as_str(a), as_str(b)) < 0); });
  }
  return insertion_sort(lo, hi, start, less_);
}

// The leftmost position in sorted a[0:n] where key could go (a[k-1] < key <= a[k]),
// searching from a[hint] by exponentially growing steps, then binary search. -1 on error.
int64_t TimSort::gallop_left(Value key, Value* a, int64_t n, int64_t hint) {
  int64_t last_offset = 0, offset = 1;
  Value* at = a + hint;
  int k = less_(*at, key);
  if (k < 0) return -1;
  if (k) {
    // a[hint] < key: gallop right until a[hint + last_offset] < key <= a[hint + offset].
    int64_t max_offset = n - hint;
    while (offset < max_offset) {
      k = less_(at[offset], key);
      if (k < 0) return -1;
      if (!k) break;
      last_offset = offset;
      offset = (offset << 1) + 1;
    }
    if (offset > max_offset) offset = max_offset;
    last_offset += hint;
    offset += hint;
  } else {
    // key <= a[hint]: gallop left until a[hint - offset] < key <= a[hint - last_offset].
    int64_t max_offset = hint + 1;
    while (offset < max_offset) {
      k = less_(*(at - offset), key);
      if (k < 0) return -1;
      if (k) break;
      last_offset = offset;
      offset = (offset << 1) + 1;
    }
    if (offset > max_offset) offset = max_offset;
    int64_t t = last_offset;
    last_offset = hint - offset;
    offset = hint - t;
  }
  // Now a[last_offset] < key <= a[offset]: binary search in between.
  ++last_offset;
  while (last_offset < offset) {
    int64_t m = last_offset + ((offset - last_offset) >> 1);
    k = less_(a[m], key);
    if (k < 0) return -1;
    if (k)
      last_offset = m + 1;
    else
      offset = m;
  }
  return offset;
}

// Like gallop_left, but the rightmost position: a[k-1] <= key < a[k].
int64_t TimSort::gallop_right(Value key, Value* a, int64_t n, int64_t hint) {
  int64_t last_offset = 0, offset = 1;
  Value* at = a + hint;
  int k = less_(key, *at);
  if (k < 0) return -1;
  if (k) {
    // key < a[hint]: gallop left until a[hint - offset] <= key < a[hint - last_offset].
    int64_t max_offset = hint + 1;
    while (offset < max_offset) {
      k = less_(key, *(at - offset));
      if (k < 0) return -1;
      if (!k) break;
      last_offset = offset;
      offset = (offset << 1) + 1;
    }
    if (offset > max_offset) offset = max_offset;
    int64_t t = last_offset;
    last_offset = hint - offset;
    offset = hint - t;
  } else {
    // a[hint] <= key: gallop right until a[hint + last_offset] <= key < a[hint + offset].
    int64_t max_offset = n - hint;
    while (offset < max_offset) {
      k = less_(key, at[offset]);
      if (k < 0) return -1;
      if (k) break;
      last_offset = offset;
      offset = (offset << 1) + 1;
    }
    if (offset > max_offset) offset = max_offset;
    last_offset += hint;
    offset += hint;
  }
  ++last_offset;
  while (last_offset < offset) {
    int64_t m = last_offset + ((offset - last_offset) >> 1);
    k = less_(key, a[m]);
    if (k < 0) return -1;
    if (k)
      offset = m;
    else
      last_offset = m + 1;
  }
  return offset;
}

// Merges the adjacent sorted runs a (na items) and b (nb items), na <= nb, in place,
// copying a to temporary storage and filling from the left. a[0] > b[0] and the last
// item of a > every item of b are known (merge_at trimmed the rest). On error the
// remaining temporary items are copied back, so no item is lost.
bool TimSort::merge_low(SortSlice a, int64_t na, SortSlice b, int64_t nb) {
  SortSlice temp_a = temp(na, a.values != nullptr);
  copy_items(temp_a, 0, a, 0, na);
  SortSlice dest = a;
  a = temp_a;
  bool ok = true;
  int64_t min_gallop = min_gallop_;

  copy_one_increment(&dest, &b);
  --nb;
  if (nb == 0) goto succeed;
  if (na == 1) goto copy_b;

  for (;;) {
    int64_t a_count = 0;  // times in a row the first run won
    int64_t b_count = 0;
    // The straightforward merge, until one run wins min_gallop times in a row.
    for (;;) {
      int k = less_(*b.keys, *a.keys);
      if (k < 0) goto fail;
      if (k) {
        copy_one_increment(&dest, &b);
        ++b_count;
        a_count = 0;
        --nb;
        if (nb == 0) goto succeed;
        if (b_count >= min_gallop) break;
      } else {
        copy_one_increment(&dest, &a);
        ++a_count;
        b_count = 0;
        --na;
        if (na == 1) goto copy_b;
        if (a_count >= min_gallop) break;
      }
    }
    // Galloping: copy whole stretches found by search, while that keeps paying off.
    ++min_gallop;
    do {
      min_gallop -= min_gallop > 1;
      min_gallop_ = min_gallop;
      int64_t k = gallop_right(*b.keys, a.keys, na, 0);
      if (k < 0) goto fail;
      a_count = k;
      if (k) {
        copy_items(dest, 0, a, 0, k);
        dest.advance(k);
        a.advance(k);
        na -= k;
        if (na == 1) goto copy_b;
        // Impossible for a consistent comparison, but it cannot be assumed.
        if (na == 0) goto succeed;
      }
      copy_one_increment(&dest, &b);
      --nb;
      if (nb == 0) goto succeed;

      k = gallop_left(*a.keys, b.keys, nb, 0);
      if (k < 0) goto fail;
      b_count = k;
      if (k) {
        move_items(dest, 0, b, 0, k);
        dest.advance(k);
        b.advance(k);
        nb -= k;
        if (nb == 0) goto succeed;
      }
      copy_one_increment(&dest, &a);
      --na;
      if (na == 1) goto copy_b;
    } while (a_count >= kMinGallop || b_count >= kMinGallop);
    ++min_gallop;  // leaving galloping mode costs
    min_gallop_ = min_gallop;
  }

fail:
  ok = false;
succeed:
  if (na) copy_items(dest, 0, a, 0, na);
  return ok;
copy_b:
  // The last item of a belongs after all of the rest of b.
  move_items(dest, 0, b, 0, nb);
  copy_items(dest, nb, a, 0, 1);
  return true;
}

// The mirror image of merge_low for na > nb: b goes to temporary storage and the merge
// fills from the right.
bool TimSort::merge_high(SortSlice a, int64_t na, SortSlice b, int64_t nb) {
  SortSlice temp_b = temp(nb, a.values != nullptr);
  copy_items(temp_b, 0, b, 0, nb);
  SortSlice dest = b;
  dest.advance(nb - 1);
  SortSlice base_a = a;
  SortSlice base_b = temp_b;
  b = temp_b;
  b.advance(nb - 1);
  a.advance(na - 1);
  bool ok = true;
  int64_t min_gallop = min_gallop_;

  copy_one_decrement(&dest, &a);
  --na;
  if (na == 0) goto succeed;
  if (nb == 1) goto copy_a;

  for (;;) {
    int64_t a_count = 0;
    int64_t b_count = 0;
    for (;;) {
      int k = less_(*b.keys, *a.keys);
      if (k < 0) goto fail;
      if (k) {
        copy_one_decrement(&dest, &a);
        ++a_count;
        b_count = 0;
        --na;
        if (na == 0) goto succeed;
        if (a_count >= min_gallop) break;
      } else {
        copy_one_decrement(&dest, &b);
        ++b_count;
        a_count = 0;
        --nb;
        if (nb == 1) goto copy_a;
        if (b_count >= min_gallop) break;
      }
    }
    ++min_gallop;
    do {
      min_gallop -= min_gallop > 1;
      min_gallop_ = min_gallop;
      int64_t k = gallop_right(*b.keys, base_a.keys, na, na - 1);
      if (k < 0) goto fail;
      k = na - k;
      a_count = k;
      if (k) {
        dest.advance(-k);
        a.advance(-k);
        move_items(dest, 1, a, 1, k);
        na -= k;
        if (na == 0) goto succeed;
      }
      copy_one_decrement(&dest, &b);
      --nb;
      if (nb == 1) goto copy_a;

      k = gallop_left(*a.keys, base_b.keys, nb, nb - 1);
      if (k < 0) goto fail;
      k = nb - k;
      b_count = k;
      if (k) {
        dest.advance(-k);
        b.advance(-k);
        copy_items(dest, 1, b, 1, k);
        nb -= k;
        if (nb == 1) goto copy_a;
        if (nb == 0) goto succeed;
      }
      copy_one_decrement(&dest, &a);
      --na;
      if (na == 0) goto succeed;
    } while (a_count >= kMinGallop || b_count >= kMinGallop);
    ++min_gallop;
    min_gallop_ = min_gallop;
  }

fail:
  ok = false;
succeed:
  if (nb) copy_items(dest, -(nb - 1), base_b, 0, nb);
  return ok;
copy_a:
  // The first item of b belongs before all of the rest of a.
  move_items(dest, 1 - na, a, 1 - na, na);
  dest.advance(-na);
  a.advance(-na);
  copy_items(dest, 0, b, 0, 1);
  return true;
}

// Merges pending runs i and i + 1.
bool TimSort::merge_at(int i) {
  SortSlice a = pending_[i].base;
  int64_t na = pending_[i].length;
  SortSlice b = pending_[i + 1].base;
  int64_t nb = pending_[i + 1].length;
  pending_[i].length = na + nb;
  if (i == pending_count_ - 3) pending_[i + 1] = pending_[i + 2];
  --pending_count_;

  // Items of a before where b[0] goes are already in place ...
  int64_t k = gallop_right(*b.keys, a.keys, na, 0);
  if (k < 0) return false;
  a.advance(k);
  na -= k;
  if (na == 0) return true;
  // ... and so are items of b after where a's last item goes.
  nb = gallop_left(a.keys[na - 1], b.keys, nb, nb - 1);
  if (nb <= 0) return nb == 0;
  return na <= nb ? merge_low(a, na, b, nb) : merge_high(a, na, b, nb);
}

// Powersort's rule: the "power" of the boundary between two adjacent runs is the depth
// at which their midpoints first fall in different halves of the whole list. Runs s1
// (n1 items starting at s1) and the new one (n2 items) are compared as fractions of n.
int node_power(int64_t s1, int64_t n1, int64_t n2, int64_t n) {
  int64_t a = 2 * s1 + n1;  // twice the first midpoint
  int64_t b = a + n1 + n2;  // twice the second midpoint
  int result = 0;
  for (;;) {
    ++result;
    if (a >= n) {  // both quotient bits are 1
      a -= n;
      b -= n;
    } else if (b >= n) {  // the bits differ
      break;
    }
    a <<= 1;
    b <<= 1;
  }
  return result;
}

// A run of n2 items follows the top pending run: merge while the stack's powers say so.
bool TimSort::found_new_run(int64_t n2) {
  if (pending_count_ == 0) return true;
  Run& last = pending_[pending_count_ - 1];
  int64_t s1 = last.base.keys - base_keys_;
  int power = node_power(s1, last.length, n2, list_length_);
  while (pending_count_ > 1 && pending_[pending_count_ - 2].power > power) {
    if (!merge_at(pending_count_ - 2)) return false;
  }
  pending_[pending_count_ - 1].power = power;
  return true;
}

// At the end, merge everything, always merging the smaller neighbour first.
bool TimSort::merge_force_collapse() {
  while (pending_count_ > 1) {
    int n = pending_count_ - 2;
    if (n > 0 && pending_[n - 1].length < pending_[n + 1].length) --n;
    if (!merge_at(n)) return false;
  }
  return true;
}

// The minimum run length for n items: in [32, 64], such that n / minrun is a power of 2
// or a little less (CPython's merge_compute_minrun).
int64_t compute_min_run(int64_t n) {
  int64_t r = 0;
  while (n >= 64) {
    r |= n & 1;
    n >>= 1;
  }
  return n + r;
}

bool TimSort::sort(SortSlice lo, int64_t n) {
  int64_t remaining = n;
  int64_t min_run = compute_min_run(remaining);
  do {
    bool descending;
    int64_t run = count_run(lo.keys, lo.keys + remaining, &descending);
    if (run < 0) return false;
    if (descending) {
      reverse_range(lo.keys, lo.keys + run);
      if (lo.values) reverse_range(lo.values, lo.values + run);
    }
    // A short run is extended to min(min_run, remaining) by binary insertion.
    if (run < min_run) {
      int64_t force = remaining <= min_run ? remaining : min_run;
      if (!binary_insertion_sort(lo, lo.keys + force, lo.keys + run)) return false;
      run = force;
    }
    if (!found_new_run(run)) return false;
    pending_[pending_count_++] = {lo, run, 0};
    lo.advance(run);
    remaining -= run;
  } while (remaining);
  return merge_force_collapse();
}

}  // namespace

bool list_sort(ListObject* list, Value key, bool reverse) {
  if (key && is_none(key)) key = Value();
  // Detach the items: during the sort the list is empty, and capacity -1 marks it
  // untouched (any mutation allocates and changes it).
  int64_t n = list->length;
  Value* items = list->items;
  int64_t capacity = list->capacity;
  list->length = 0;
  list->items = nullptr;
  list->capacity = -1;

  bool ok = true;
  std::vector<Value> keys;  // owned results of the key function
  if (key) {
    keys.reserve(size_t(n));
    for (int64_t i = 0; i < n; ++i) {
      Ref<> k = call1(key, items[i]);
      if (!k) {
        ok = false;
        break;
      }
      keys.push_back(k.release());
    }
  }
  bool keys_complete = ok;
  if (keys_complete) {
    SortSlice slice = key ? SortSlice{keys.data(), items} : SortSlice{items, nullptr};
    if (n > 1) {
      // Reversing before and after a stable sort keeps equal items in their order.
      if (reverse) {
        reverse_range(slice.keys, slice.keys + n);
        if (slice.values) reverse_range(slice.values, slice.values + n);
      }
      TimSort sorter(choose_less(slice.keys, n), slice.keys, n);
      ok = sorter.sort(slice, n);
    }
  }
  for (size_t i = keys.size(); i-- > 0;) decref(keys[i]);
  if (keys_complete) {
    if (list->capacity != -1 && ok) {
      value_error("list modified during sort");
      ok = false;
    }
    if (reverse && n > 1) reverse_range(items, items + n);
  }
  // Reattach, dropping whatever was put in the list meanwhile.
  Value* added = list->items;
  int64_t added_count = list->length;
  list->length = n;
  list->items = items;
  list->capacity = capacity;
  if (added) {
    while (--added_count >= 0) decref(added[added_count]);
    block_free(added);
  }
  return ok;
}

}  // namespace krait
