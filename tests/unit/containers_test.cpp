// Internals of the container types reachable from C++: the dict table (sizes, key
// versions, str fast paths, deletion and compaction), list growth, tuple allocation and
// freelists, set iteration, the slice helpers and list_sort. Python-visible behaviour is
// tested by tests/types/0[2-6]*.py against python3.11.
#include <gtest/gtest.h>

#include <vector>

#include "core/error.h"
#include "core/ops.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/set.h"
#include "objects/slice.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/bootstrap.h"

namespace krait {
namespace {

class ContainersEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    Config config;
    config.hash_seed = 0;
    ASSERT_TRUE(runtime_start(std::move(config)));
  }
};
const auto* const environment = ::testing::AddGlobalTestEnvironment(new ContainersEnvironment);

Ref<> make_int(int64_t v) { return int_from_int64(v); }

TEST(ContainersDict, SetGetRemove) {
  Ref<DictObject> d = dict_new();
  ASSERT_TRUE(d);
  for (int64_t i = 0; i < 1000; ++i) {
    Ref<> key = make_int(i);
    Ref<> value = make_int(i * 2);
    ASSERT_TRUE(dict_set(d.get(), key, value));
  }
  EXPECT_EQ(d->used, 1000);
  for (int64_t i = 0; i < 1000; ++i) {
    Ref<> key = make_int(i);
    Value v = dict_get(d.get(), key);
    ASSERT_TRUE(v);
    EXPECT_EQ(v.as_small_int(), i * 2);
  }
  Ref<> missing = make_int(5000);
  EXPECT_FALSE(dict_get(d.get(), missing));
  EXPECT_FALSE(error_occurred());
  for (int64_t i = 0; i < 1000; i += 2) {
    Ref<> key = make_int(i);
    EXPECT_EQ(dict_remove(d.get(), key), 1);
  }
  EXPECT_EQ(dict_remove(d.get(), missing), 0);
  EXPECT_EQ(d->used, 500);
  // Iteration keeps insertion order and skips deleted entries.
  int64_t pos = 0, expected = 1;
  Value key, value;
  while (dict_next(d.get(), &pos, &key, &value)) {
    EXPECT_EQ(key.as_small_int(), expected);
    expected += 2;
  }
  EXPECT_EQ(expected, 1001);
}

TEST(ContainersDict, StrFastPathAndIndex) {
  Ref<DictObject> d = dict_new();
  StrObject* a = str_intern_utf8("alpha");
  StrObject* b = str_intern_utf8("beta");
  Ref<> one = make_int(1);
  ASSERT_TRUE(dict_set(d.get(), Value(a), one));
  ASSERT_TRUE(dict_set_str(d.get(), "beta", one));
  EXPECT_TRUE(d->keys->all_str_keys);
  EXPECT_EQ(dict_get_str(d.get(), a), one.value());
  EXPECT_EQ(dict_index_of_str(d.get(), b), 1);
  // A non-interned equal string finds the same entry.
  Ref<StrObject> copy = str_from_utf8("alpha");
  EXPECT_EQ(dict_get_str(d.get(), copy.get()), one.value());
  EXPECT_EQ(dict_get_utf8(d.get(), "beta"), one.value());
  EXPECT_EQ(dict_index_of_str(d.get(), str_intern_utf8("gamma")), -1);
  // A non-str key turns the table into a general one; the str lookups keep working.
  ASSERT_TRUE(dict_set(d.get(), one, one));
  EXPECT_FALSE(d->keys->all_str_keys);
  EXPECT_EQ(dict_get_str(d.get(), b), one.value());
  EXPECT_EQ(dict_index_of_str(d.get(), b), -1);
}

TEST(ContainersDict, KeysVersion) {
  Ref<DictObject> d = dict_new();
  Ref<> one = make_int(1);
  Ref<> two = make_int(2);
  ASSERT_TRUE(dict_set_str(d.get(), "x", one));
  uint32_t v1 = dict_keys_version(d.get());
  EXPECT_NE(v1, 0u);
  EXPECT_EQ(dict_keys_version(d.get()), v1);
  // Replacing a value keeps the version ...
  ASSERT_TRUE(dict_set_str(d.get(), "x", two));
  EXPECT_EQ(d->keys->version, v1);
  // ... adding or removing a key resets it.
  ASSERT_TRUE(dict_set_str(d.get(), "y", one));
  EXPECT_EQ(d->keys->version, 0u);
  uint32_t v2 = dict_keys_version(d.get());
  EXPECT_NE(v2, v1);
  EXPECT_EQ(dict_remove(d.get(), Value(str_intern_utf8("y"))), 1);
  EXPECT_EQ(d->keys->version, 0u);
  EXPECT_NE(dict_keys_version(d.get()), v2);
}

TEST(ContainersDict, PresizedAndCopy) {
  // Up to 5 items fit the first real table: no presizing, the shared empty table.
  Ref<DictObject> small = dict_new_presized(5);
  EXPECT_EQ(small->keys->usable, 0);
  EXPECT_EQ(small->keys, dict_new()->keys);
  Ref<DictObject> d = dict_new_presized(100);
  int log2 = d->keys->log2_size;
  for (int64_t i = 0; i < 100; ++i) {
    Ref<> key = make_int(i);
    ASSERT_TRUE(dict_set(d.get(), key, key));
  }
  EXPECT_EQ(d->keys->log2_size, log2);  // no resize was needed
  Ref<DictObject> copy = dict_copy(d.get());
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->used, 100);
  Ref<> key = make_int(42);
  EXPECT_EQ(dict_get(copy.get(), key).as_small_int(), 42);
  Ref<> keys = dict_keys_list(copy.get());
  EXPECT_EQ(as_list(keys)->length, 100);
  Ref<> items = dict_items_list(copy.get());
  EXPECT_EQ(as_tuple(as_list(items)->items[3])->items[1].as_small_int(), 3);
  dict_clear(copy.get());
  EXPECT_EQ(copy->used, 0);
  EXPECT_FALSE(dict_get(copy.get(), key));
}

TEST(ContainersDict, PopAndContains) {
  Ref<DictObject> d = dict_new();
  Ref<> k = make_int(7);
  EXPECT_FALSE(dict_pop(d.get(), k));
  EXPECT_FALSE(error_occurred());
  ASSERT_TRUE(dict_set(d.get(), k, k));
  EXPECT_EQ(dict_contains(d.get(), k), 1);
  Ref<> popped = dict_pop(d.get(), k);
  ASSERT_TRUE(popped);
  EXPECT_EQ(popped.value().as_small_int(), 7);
  EXPECT_EQ(dict_contains(d.get(), k), 0);
  Ref<ListObject> unhashable = list_new();
  EXPECT_EQ(dict_contains(d.get(), unhashable.value()), -1);
  EXPECT_TRUE(error_matches(&exc::TypeError));
  clear_error();
}

TEST(ContainersList, GrowthMatchesCPython) {
  Ref<ListObject> list = list_new();
  std::vector<int64_t> capacities;
  for (int64_t i = 0; i < 20; ++i) {
    Ref<> item = make_int(i);
    ASSERT_TRUE(list_append(list.get(), item));
    capacities.push_back(list->capacity);
  }
  std::vector<int64_t> expected = {4,  4,  4,  4,  8,  8,  8,  8,  16, 16,
                                   16, 16, 16, 16, 16, 16, 24, 24, 24, 24};
  EXPECT_EQ(capacities, expected);
  ASSERT_TRUE(list_insert(list.get(), -1, Value::small_int(99)));
  EXPECT_EQ(list->items[19].as_small_int(), 99);
  list_reverse(list.get());
  EXPECT_EQ(list->items[0].as_small_int(), 19);
  Ref<> tuple = list_as_tuple(list.get());
  EXPECT_EQ(as_tuple(tuple)->length, 21);
}

TEST(ContainersList, SortAndSlices) {
  Ref<ListObject> list = list_new();
  for (int64_t v : {5, 3, 9, 1, 7, 3}) ASSERT_TRUE(list_append(list.get(), Value::small_int(v)));
  ASSERT_TRUE(list_sort(list.get(), Value(), false));
  std::vector<int64_t> sorted;
  for (int64_t i = 0; i < list->length; ++i) sorted.push_back(list->items[i].as_small_int());
  EXPECT_EQ(sorted, (std::vector<int64_t>{1, 3, 3, 5, 7, 9}));
  ASSERT_TRUE(list_sort(list.get(), None(), true));
  EXPECT_EQ(list->items[0].as_small_int(), 9);
  ASSERT_TRUE(list_assign_slice(list.get(), 1, 5, Value()));
  EXPECT_EQ(list->length, 2);
  Ref<ListObject> part = list_slice(list.get(), 0, 1);
  EXPECT_EQ(part->length, 1);
}

TEST(ContainersTuple, EmptySingletonAndFreelist) {
  Ref<TupleObject> e1 = tuple_empty();
  Ref<TupleObject> e2 = tuple_allocate(0);
  EXPECT_EQ(e1.get(), e2.get());
  Object* first;
  {
    Ref<TupleObject> t = tuple_of({Value::small_int(1), Value::small_int(2)});
    first = t.get();
  }
  // The freed 2-tuple is handed out again, with clean items.
  Ref<TupleObject> again = tuple_allocate(2);
  EXPECT_EQ(again.get(), first);
  EXPECT_FALSE(again->items[0]);
  EXPECT_FALSE(again->items[1]);
  again->items[0] = Value::small_int(0);
  again->items[1] = Value::small_int(0);
  Ref<TupleObject> slice = tuple_slice(again.get(), 1, 5);
  EXPECT_EQ(slice->length, 1);
  EXPECT_EQ(hash(tuple_of({Value::small_int(1), Value::small_int(2)}).value()),
            -3550055125485641917);
}

TEST(ContainersSet, AddDiscardIterate) {
  Ref<SetObject> s = set_new();
  for (int64_t v : {5, 3, 9, 1, 7}) ASSERT_TRUE(set_add(s.get(), Value::small_int(v)));
  EXPECT_EQ(set_contains(s.get(), Value::small_int(9)), 1);
  EXPECT_EQ(set_discard(s.get(), Value::small_int(9)), 1);
  EXPECT_EQ(set_discard(s.get(), Value::small_int(9)), 0);
  std::vector<int64_t> order;
  int64_t pos = 0, h;
  Value key;
  while (set_next(s.get(), &pos, &key, &h)) order.push_back(key.as_small_int());
  EXPECT_EQ(order, (std::vector<int64_t>{1, 3, 5, 7}));
  set_clear(s.get());
  EXPECT_EQ(s->used, 0);
}

TEST(ContainersSlice, AdjustIndices) {
  int64_t start = -3, stop = INT64_MAX, step = 1;
  EXPECT_EQ(slice_adjust_indices(10, &start, &stop, step), 3);
  EXPECT_EQ(start, 7);
  EXPECT_EQ(stop, 10);
  start = INT64_MAX;
  stop = INT64_MIN;
  EXPECT_EQ(slice_adjust_indices(5, &start, &stop, -2), 3);
  EXPECT_EQ(start, 4);
  EXPECT_EQ(stop, -1);
  Ref<SliceObject> s = slice_new(Value(), Value::small_int(4), Value::small_int(0));
  EXPECT_FALSE(slice_unpack(s.value(), &start, &stop, &step));
  EXPECT_TRUE(error_matches(&exc::ValueError));
  clear_error();
}

}  // namespace
}  // namespace krait
