// What dict.cpp (the table and the dict type) shares with dict_views.cpp (keys/values/items
// views and the dict iterators).
#pragma once

#include "objects/dict.h"

namespace krait {

// Results of dict_lookup besides an entry index.
constexpr int64_t kDictNotFound = -1;
constexpr int64_t kDictError = -3;

// The entry index of key (whose hash is `hash`), kDictNotFound, or kDictError. May run
// Python code (__eq__); the search restarts if that changed the table.
int64_t dict_lookup(DictObject* d, Value key, int64_t hash);
// Stores key -> value (increfing both) given the key's hash.
bool dict_set_with_hash(DictObject* d, Value key, int64_t hash, Value value);
// Removes key given its hash: 1 removed, 0 absent, -1 error.
int dict_remove_with_hash(DictObject* d, Value key, int64_t hash);

// The iterators over a dict (dict_views.cpp).
enum class DictIterKind : uint8_t { Keys, Values, Items };
Ref<> dict_iterator_new(DictObject* d, DictIterKind kind, bool reversed);
// d.keys(), d.values(), d.items() (dict_views.cpp).
Ref<> dict_view_new(DictObject* d, DictIterKind kind);

// The size CPython reports for a dict's key table (part of dict.__sizeof__).
int64_t dict_keys_size_for_sizeof(DictObject* d);

}  // namespace krait
