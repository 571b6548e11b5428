// Struct sequences: a tuple whose first n_in_sequence items are visible and whose other
// fields follow them in the same item array (the tuple's length stays the visible count,
// so indexing, hashing, comparison and iteration are the tuple's own). Names are member
// descriptors at the items' offsets, as in CPython's structseq.c.
#include "objects/structseq.h"

#include <cstddef>
#include <cstring>
#include <vector>

#include "core/alloc.h"
#include "core/error.h"
#include "core/ops.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait {

const char kStructSeqUnnamedField[] = "unnamed field";

namespace {

// Where a tuple's items start (TupleObject is not standard-layout, so no offsetof).
const size_t kItemsOffset = sizeof(TupleObject);

bool is_unnamed(const StructSeqField& field) { return field.name == kStructSeqUnnamedField; }

// Types are not subclassable (as in CPython), so an instance's type is its StructSeqType.
StructSeqType* structseq_type_of(Value v) { return static_cast<StructSeqType*>(type_of(v)); }

// The fields are all stored: n_fields items, of which `length` are visible.
int64_t stored_fields(TupleObject* t) { return structseq_type_of(Value(t))->n_fields; }

Ref<> structseq_new_method(Value type, const Value* args) {
  Ref<TupleObject> result =
      structseq_new_from_args(static_cast<StructSeqType*>(type.as_object()), args[0], args[1]);
  return result;
}

const MethodDef new_def = {.name = "structseq", .impl = structseq_new_method,
                           .signature = "($type, sequence, dict=?)"};

Ref<> structseq_reduce(Value self, const Value*) {
  TupleObject* t = as_tuple(self);
  StructSeqType* type = structseq_type_of(self);
  Ref<TupleObject> visible = tuple_from_array(t->items, t->length);
  Ref<DictObject> extra = dict_new();
  if (!visible || !extra) return nullptr;
  for (int i = type->n_in_sequence; i < type->n_fields; ++i) {
    if (is_unnamed(type->fields[i])) continue;
    if (!dict_set_str(extra.get(), type->fields[i].name, t->items[i])) return nullptr;
  }
  Ref<TupleObject> args = tuple_of({visible.value(), extra.value()});
  if (!args) return nullptr;
  return tuple_of({Value(type), args.value()});
}

}  // namespace

namespace structseq_detail {

void dealloc(Object* o) {
  auto* t = static_cast<TupleObject*>(o);
  gc_untrack(o);
  for (int64_t i = stored_fields(t); --i >= 0;) decref(t->items[i]);
  free_object(o);
}

void traverse(Object* o, VisitFn visit, void* arg) {
  auto* t = static_cast<TupleObject*>(o);
  for (int64_t i = 0, n = stored_fields(t); i < n; ++i) {
    if (t->items[i].is_object()) visit(t->items[i].as_object(), arg);
  }
}

Ref<> new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return call_method_def(&new_def, type->name, Value(type), args, nargs, kwnames);
}

// os.stat_result(st_mode=33188, st_ino=..., ...): the k-th *named* field labels the k-th
// visible item (CPython's quirk: unnamed fields are skipped, so stat_result's integer
// times print as st_atime=..., st_mtime=..., st_ctime=...).
Ref<> repr(Value self) {
  TupleObject* t = as_tuple(self);
  StructSeqType* type = structseq_type_of(self);
  StrBuilder out;
  out.append_utf8(type->name);
  out.append(U'(');
  int name_index = 0;
  for (int64_t i = 0; i < t->length; ++i) {
    while (is_unnamed(type->fields[name_index])) ++name_index;
    if (i) out.append_ascii(", ");
    out.append_utf8(type->fields[name_index++].name);
    out.append(U'=');
    Ref<StrObject> text = krait::repr(t->items[i]);
    if (!text) return nullptr;
    out.append(text.get());
  }
  out.append(U')');
  return out.finish();
}

const MethodDef methods[] = {
    {.name = "__reduce__", .impl = structseq_reduce, .signature = "($self, /)"},
    {},
};

}  // namespace structseq_detail

bool structseq_ready(StructSeqType* type) {
  if (type->has_flag(kTypeReady)) return true;
  int n = 0, unnamed = 0;
  for (const StructSeqField* f = type->fields; f->name; ++f, ++n) {
    if (is_unnamed(*f)) ++unnamed;
  }
  type->n_fields = n;
  type->n_unnamed = unnamed;
  // Member descriptors read the items in place. Static types live for the whole run, so
  // the table is never freed.
  auto* members = new MemberDef[n - unnamed + 1]();
  int m = 0;
  for (int i = 0; i < n; ++i) {
    if (is_unnamed(type->fields[i])) continue;
    members[m++] = MemberDef{.name = type->fields[i].name,
                             .kind = MemberKind::Object,
                             .offset = kItemsOffset + size_t(i) * sizeof(Value),
                             .readonly = true,
                             .doc = type->fields[i].doc};
  }
  type->members = members;
  if (!type_ready(type)) return false;

  DictObject* dict = as_dict(Value(type->dict));
  Ref<ListObject> match_args = list_new();
  if (!match_args) return false;
  for (int i = 0; i < type->n_in_sequence; ++i) {
    if (is_unnamed(type->fields[i])) continue;
    Ref<StrObject> name = str_from_utf8(type->fields[i].name);
    if (!name || !list_append(match_args.get(), name)) return false;
  }
  Ref<> match_tuple = list_as_tuple(match_args.get());
  return match_tuple && dict_set_str(dict, "n_sequence_fields", Value::small_int(type->n_in_sequence)) &&
         dict_set_str(dict, "n_fields", Value::small_int(n)) &&
         dict_set_str(dict, "n_unnamed_fields", Value::small_int(unnamed)) &&
         dict_set_str(dict, "__match_args__", match_tuple);
}

Ref<TupleObject> structseq_new(StructSeqType* type) {
  auto* t = allocate<TupleObject>(type, var_size(type, type->n_fields));
  if (!t) return nullptr;
  t->length = type->n_in_sequence;
  gc_track(t);
  return Ref<TupleObject>::steal(Value(t));
}

void structseq_set(TupleObject* object, int index, Ref<>&& value) {
  Value old = object->items[index];
  object->items[index] = value.release();
  decref(old);
}

Value structseq_get(TupleObject* object, int index) { return object->items[index]; }

Ref<TupleObject> structseq_new_from_args(StructSeqType* type, Value sequence, Value dict) {
  Ref<TupleObject> items;
  if (is_tuple(sequence)) {
    items = new_ref(as_tuple(sequence));
  } else {
    items = tuple_from_iterable(sequence);
    if (!items) {
      if (!error_matches(&exc::TypeError)) return nullptr;
      clear_error();
      return type_error("constructor requires a sequence");
    }
  }
  if (dict && !is_dict(dict)) return type_error("{}() takes a dict as second arg, if any", type->name);
  int64_t length = items->length;
  int64_t min_length = type->n_in_sequence, max_length = type->n_fields;
  if (length < min_length || length > max_length) {
    if (min_length == max_length) {
      return type_error("{}() takes a {}-sequence ({}-sequence given)", type->name, min_length, length);
    }
    if (length < min_length) {
      return type_error("{}() takes an at least {}-sequence ({}-sequence given)", type->name,
                        min_length, length);
    }
    return type_error("{}() takes an at most {}-sequence ({}-sequence given)", type->name,
                      max_length, length);
  }
  Ref<TupleObject> result = structseq_new(type);
  if (!result) return nullptr;
  for (int64_t i = 0; i < length; ++i) result->items[i] = new_ref(items->items[i]).release();
  for (int64_t i = length; i < max_length; ++i) {
    Value value;
    if (dict && !is_unnamed(type->fields[i])) {
      value = dict_get_utf8(as_dict(dict), type->fields[i].name);
      if (!value && error_occurred()) return nullptr;
    }
    result->items[i] = new_ref(value ? value : None()).release();
  }
  return result;
}

}  // namespace krait
