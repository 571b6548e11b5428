// Struct sequences (CPython's PyStructSequence): tuple subclasses whose items also have
// names — os.stat_result, time.struct_time, sys.flags, ... The first n_in_sequence fields
// are the tuple's items; the rest are stored after them and reachable only by name.
// A type is declared statically and readied by the module that owns it:
//
//   const StructSeqField stat_fields[] = {{"st_mode", "protection bits"}, ..., {}};
//   StructSeqType stat_result_type{"os.stat_result", stat_doc, stat_fields, 10};
//   ...  structseq_ready(&stat_result_type)  (before module_add_type)
//   Ref<TupleObject> r = structseq_new(&stat_result_type);  structseq_set(r.get(), i, value);
#pragma once

#include "core/type.h"
#include "objects/tuple.h"

namespace krait {

// A field; a null name ends the table. kStructSeqUnnamedField as the name makes a visible
// item with no attribute (os.stat_result's integer times at 7..9).
struct StructSeqField {
  const char* name = nullptr;
  const char* doc = nullptr;
};
extern const char kStructSeqUnnamedField[];

namespace structseq_detail {
void dealloc(Object* o);
void traverse(Object* o, VisitFn visit, void* arg);
Ref<> new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames);
Ref<> repr(Value self);
extern const MethodDef methods[];
}  // namespace structseq_detail

struct StructSeqType : TypeObject {
  const StructSeqField* fields;
  int n_in_sequence;  // visible items
  int n_fields = 0;   // all items, computed by structseq_ready
  int n_unnamed = 0;

  // `new_instance` replaces the default __new__ (which calls structseq_new_from_args).
  constexpr StructSeqType(const char* name, const char* doc, const StructSeqField* fields,
                          int n_in_sequence, NewFn new_instance = structseq_detail::new_slot)
      : TypeObject(TypeSpec{
            .name = name,
            .doc = doc,
            .basic_size = sizeof(TupleObject),
            .item_size = sizeof(Value),
            .flags = kTypeHaveGC | kTypeTupleSubclass | kTypeSequence,
            .base = &tuple_type,
            .slots = {.dealloc = structseq_detail::dealloc,
                      .traverse = structseq_detail::traverse,
                      .new_instance = new_instance,
                      .repr = structseq_detail::repr},
            .methods = structseq_detail::methods,
        }),
        fields(fields),
        n_in_sequence(n_in_sequence) {}
};

// Fills the member descriptors and the n_sequence_fields / n_fields / n_unnamed_fields /
// __match_args__ attributes; idempotent. False with an exception set on failure.
bool structseq_ready(StructSeqType* type);

// A new instance with every item null: the caller stores every item (visible or not)
// with structseq_set before the object is used.
Ref<TupleObject> structseq_new(StructSeqType* type);
// Stores an owned reference into item i of a fresh instance made by structseq_new.
void structseq_set(TupleObject* object, int index, Ref<>&& value);
// Item i (any field, visible or not), borrowed.
Value structseq_get(TupleObject* object, int index);

// The type's __new__(sequence, dict) as CPython's structseq_new (dict may be null), for
// types that wrap it (os.stat_result fills its float times from the integer ones).
Ref<TupleObject> structseq_new_from_args(StructSeqType* type, Value sequence, Value dict);

}  // namespace krait
