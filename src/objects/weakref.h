// Weak references (_weakref): ref (with callbacks and subclassing), proxy and callable
// proxy. Every weakly referenceable object keeps the head of a list of its weakrefs at
// its type's weaklist_offset; clear_weakrefs (objects/type_internal.h) runs when it dies.
#pragma once

#include "core/type.h"

namespace krait {

extern TypeObject weakref_type;
extern TypeObject weakproxy_type;
extern TypeObject weakcallableproxy_type;

struct WeakrefObject : Object {
  Object* referent;      // borrowed; null once the referent died
  Value callback;        // owned, may be null
  int64_t hash;          // -1 until computed
  WeakrefObject* prev;   // in the referent's list
  WeakrefObject* next;
};

// weakref.ref(obj, callback)
Ref<> weakref_new(Value object, Value callback);
// weakref.proxy(obj, callback): a callable proxy if obj is callable.
Ref<> weakproxy_new(Value object, Value callback);
int64_t weakref_count(Value object);
Ref<> weakref_list(Value object);
// The referent of a weakref or null if dead (borrowed).
inline Value weakref_referent(Value ref) {
  Object* r = static_cast<WeakrefObject*>(ref.as_object())->referent;
  return r ? Value(r) : Value();
}

}  // namespace krait
