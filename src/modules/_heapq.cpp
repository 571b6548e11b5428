// _heapq: the heap operations of heapq.py on a list, min-heaps and the max-heap helpers
// heapq.merge and nlargest use. The sift steps are heapq.py's: comparisons only with `<`,
// and a list resized by a comparison is a RuntimeError.
#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/text_internal.h"

namespace krait {

namespace {

// a < b, or b < a for the max-heap variants.
int heap_less(Value a, Value b, bool max_heap) {
  Ref<> x = new_ref(a), y = new_ref(b);  // a comparison may drop the list's references
  return max_heap ? rich_compare_bool(y, x, CompareOp::Lt) : rich_compare_bool(x, y, CompareOp::Lt);
}

// Moves heap[pos] up towards start_pos while it is smaller than its parent.
bool sift_down(ListObject* heap, int64_t start_pos, int64_t pos, bool max_heap) {
  int64_t size = heap->length;
  if (pos >= size) return index_error("index out of range");
  while (pos > start_pos) {
    int64_t parent_pos = (pos - 1) >> 1;
    int less = heap_less(heap->items[pos], heap->items[parent_pos], max_heap);
    if (less < 0) return false;
    if (size != heap->length) return runtime_error("list changed size during iteration");
    if (!less) break;
    std::swap(heap->items[pos], heap->items[parent_pos]);
    pos = parent_pos;
  }
  return true;
}

// Moves the smaller child up until a leaf is reached, then sifts the item down into place.
bool sift_up(ListObject* heap, int64_t pos, bool max_heap) {
  int64_t end_pos = heap->length;
  int64_t start_pos = pos;
  if (pos >= end_pos) return index_error("index out of range");
  int64_t limit = end_pos >> 1;  // the first position without children
  while (pos < limit) {
    int64_t child = 2 * pos + 1;
    if (child + 1 < end_pos) {
      int less = heap_less(heap->items[child], heap->items[child + 1], max_heap);
      if (less < 0) return false;
      if (!less) ++child;
      if (end_pos != heap->length) return runtime_error("list changed size during iteration");
    }
    std::swap(heap->items[child], heap->items[pos]);
    pos = child;
  }
  return sift_down(heap, start_pos, pos, max_heap);
}

bool list_argument(const char* function, Value v, bool only_argument) {
  if (is_list(v)) return true;
  if (only_argument) return type_error("{}() argument must be list, not {}", function, argument_type_name(v));
  return type_error("{}() argument 1 must be list, not {}", function, argument_type_name(v));
}

Ref<> heappush(Value, const Value* args) {
  if (!list_argument("heappush", args[0], false)) return nullptr;
  ListObject* heap = as_list(args[0]);
  if (!list_append(heap, args[1])) return nullptr;
  if (!sift_down(heap, 0, heap->length - 1, false)) return nullptr;
  return new_none();
}

Ref<> heappop_common(Value heap_value, bool max_heap) {
  ListObject* heap = as_list(heap_value);
  if (heap->length == 0) return index_error("index out of range");
  Ref<> last = Ref<>::steal(heap->items[--heap->length]);
  if (heap->length == 0) return last;
  Ref<> result = Ref<>::steal(heap->items[0]);
  heap->items[0] = last.release();
  if (!sift_up(heap, 0, max_heap)) return nullptr;
  return result;
}

Ref<> heappop(Value, const Value* args) {
  if (!list_argument("heappop", args[0], true)) return nullptr;
  return heappop_common(args[0], false);
}

Ref<> heapreplace_common(Value heap_value, Value item, bool max_heap) {
  ListObject* heap = as_list(heap_value);
  if (heap->length == 0) return index_error("index out of range");
  Ref<> result = Ref<>::steal(heap->items[0]);
  incref(item);
  heap->items[0] = item;
  if (!sift_up(heap, 0, max_heap)) return nullptr;
  return result;
}

Ref<> heapreplace(Value, const Value* args) {
  if (!list_argument("heapreplace", args[0], false)) return nullptr;
  return heapreplace_common(args[0], args[1], false);
}

Ref<> heappushpop(Value, const Value* args) {
  if (!list_argument("heappushpop", args[0], false)) return nullptr;
  ListObject* heap = as_list(args[0]);
  if (heap->length == 0) return new_ref(args[1]);
  int less = heap_less(heap->items[0], args[1], false);
  if (less < 0) return nullptr;
  if (!less) return new_ref(args[1]);
  if (heap->length == 0) return index_error("index out of range");
  return heapreplace_common(args[0], args[1], false);
}

Ref<> heapify_common(Value heap_value, bool max_heap) {
  ListObject* heap = as_list(heap_value);
  // Each subtree is made a heap before its root is sifted, as in heapq.heapify.
  for (int64_t i = heap->length / 2 - 1; i >= 0; --i) {
    if (!sift_up(heap, i, max_heap)) return nullptr;
  }
  return new_none();
}

Ref<> heapify(Value, const Value* args) {
  if (!list_argument("heapify", args[0], true)) return nullptr;
  return heapify_common(args[0], false);
}

Ref<> heappop_max(Value, const Value* args) {
  if (!list_argument("_heappop_max", args[0], true)) return nullptr;
  return heappop_common(args[0], true);
}

Ref<> heapreplace_max(Value, const Value* args) {
  if (!list_argument("_heapreplace_max", args[0], false)) return nullptr;
  return heapreplace_common(args[0], args[1], true);
}

Ref<> heapify_max(Value, const Value* args) {
  if (!list_argument("_heapify_max", args[0], true)) return nullptr;
  return heapify_common(args[0], true);
}

const MethodDef heapq_methods[] = {
    {.name = "heappush", .impl = heappush, .signature = "($module, heap, item, /)",
     .doc = "Push item onto heap, maintaining the heap invariant."},
    {.name = "heappushpop", .impl = heappushpop, .signature = "($module, heap, item, /)",
     .doc = "Push item on the heap, then pop and return the smallest item from the heap.\n\n"
            "The combined action runs more efficiently than heappush() followed by\na separate call to heappop()."},
    {.name = "heappop", .impl = heappop, .signature = "($module, heap, /)",
     .doc = "Pop the smallest item off the heap, maintaining the heap invariant."},
    {.name = "heapreplace", .impl = heapreplace, .signature = "($module, heap, item, /)",
     .doc = "Pop and return the current smallest value, and add the new item.\n\n"
            "This is more efficient than heappop() followed by heappush(), and can be\n"
            "more appropriate when using a fixed-size heap.  Note that the value\n"
            "returned may be larger than item!  That constrains reasonable uses of\n"
            "this routine unless written as part of a conditional replacement:\n\n"
            "    if item > heap[0]:\n        item = heapreplace(heap, item)"},
    {.name = "heapify", .impl = heapify, .signature = "($module, heap, /)",
     .doc = "Transform list into a heap, in-place, in O(len(heap)) time."},
    {.name = "_heappop_max", .impl = heappop_max, .signature = "($module, heap, /)",
     .doc = "Maxheap variant of heappop."},
    {.name = "_heapreplace_max", .impl = heapreplace_max, .signature = "($module, heap, item, /)",
     .doc = "Maxheap variant of heapreplace."},
    {.name = "_heapify_max", .impl = heapify_max, .signature = "($module, heap, /)",
     .doc = "Maxheap variant of heapify."},
    {},
};

}  // namespace

extern const ModuleDef module__heapq = {
    .name = "_heapq",
    .doc = "Heap queue algorithm (a.k.a. priority queue).\n\n"
           "Heaps are arrays for which a[k] <= a[2*k+1] and a[k] <= a[2*k+2] for\n"
           "all k, counting elements from 0.  For the sake of comparison,\n"
           "non-existing elements are considered to be infinite.  The interesting\n"
           "property of a heap is that a[0] is always its smallest element.\n\n"
           "Usage:\n\n"
           "heap = []            # creates an empty heap\n"
           "heappush(heap, item) # pushes a new item on the heap\n"
           "item = heappop(heap) # pops the smallest item from the heap\n"
           "item = heap[0]       # smallest item on the heap without popping it\n"
           "heapify(x)           # transforms list into a heap, in-place, in linear time\n"
           "item = heapreplace(heap, item) # pops and returns smallest item, and adds\n"
           "                               # new item; the heap size is unchanged\n\n"
           "Our API differs from textbook heap algorithms as follows:\n\n"
           "- We use 0-based indexing.  This makes the relationship between the\n"
           "  index for a node and the indexes for its children slightly less\n"
           "  obvious, but is more suitable since Python uses 0-based indexing.\n\n"
           "- Our heappop() method returns the smallest item, not the largest.\n\n"
           "These two make it possible to view the heap as a regular Python list\n"
           "without surprises: heap[0] is the smallest item, and heap.sort()\n"
           "maintains the heap invariant!\n",
    .methods = heapq_methods,
};

}  // namespace krait
