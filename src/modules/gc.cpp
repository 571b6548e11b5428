// The gc module: Python's view of the cycle collector in runtime/gc.cpp (thresholds,
// counts, statistics, debug flags, referrers/referents, freezing, gc.garbage and
// gc.callbacks). Small ints are tagged values, not objects: get_referents() lists them
// for the core containers only.
#include "runtime/gc.h"

#include <vector>

#include "core/ops.h"
#include "modules/module_def.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/set.h"
#include "objects/tuple.h"
#include "runtime/gc_state.h"

namespace krait {

namespace {

bool tracked(Value v) {
  return v.is_object() && object_has_gc_header(v.as_object()) && gc_is_tracked(v.as_object());
}

Ref<> gc_enable(Value, const Value*) {
  gc_state().enabled = true;
  return new_none();
}

Ref<> gc_disable(Value, const Value*) {
  gc_state().enabled = false;
  return new_none();
}

Ref<> gc_isenabled(Value, const Value*) { return new_bool(gc_state().enabled); }

Ref<> gc_collect_function(Value, const Value* args) {
  int64_t generation;
  if (!index_to_int64(args[0], &generation)) return nullptr;
  if (generation < 0 || generation > 2) return value_error("invalid generation");
  return int_from_int64(gc_collect(int(generation)));
}

Ref<> gc_get_debug(Value, const Value*) { return int_from_int64(gc_state().debug_flags); }

Ref<> gc_set_debug(Value, const Value* args) {
  int64_t flags;
  if (!index_to_int64(args[0], &flags)) return nullptr;
  gc_state().debug_flags = int(flags);
  return new_none();
}

Ref<> gc_get_count(Value, const Value*) {
  GCState& s = gc_state();
  Ref<> counts[3] = {int_from_int64(s.generations[0].count), int_from_int64(s.generations[1].count),
                     int_from_int64(s.generations[2].count)};
  return tuple_of({counts[0].value(), counts[1].value(), counts[2].value()});
}

Ref<> gc_get_threshold(Value, const Value*) {
  GCState& s = gc_state();
  Ref<> limits[3] = {int_from_int64(s.generations[0].threshold),
                     int_from_int64(s.generations[1].threshold),
                     int_from_int64(s.generations[2].threshold)};
  return tuple_of({limits[0].value(), limits[1].value(), limits[2].value()});
}

Ref<> gc_set_threshold(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("set_threshold() takes no keyword arguments");
  if (nargs < 1) return type_error("set_threshold() takes at least 1 argument (0 given)");
  if (nargs > 3) return type_error("set_threshold() takes at most 3 arguments ({} given)", nargs);
  int64_t values[3];
  for (size_t i = 0; i < nargs; ++i) {
    if (!is_int(args[i]))
      return type_error("'{}' object cannot be interpreted as an integer", type_name(args[i]));
    if (!int_as_int64(args[i], &values[i])) return nullptr;
  }
  GCState& s = gc_state();
  for (size_t i = 0; i < nargs; ++i) s.generations[i].threshold = values[i];
  return new_none();
}

Ref<> gc_get_objects(Value, const Value* args) {
  int64_t generation = -1;
  if (!is_none(args[0])) {
    if (!index_to_int64(args[0], &generation)) return nullptr;
    if (generation >= 3) {
      return value_error(
          "generation parameter must be less than the number of available generations (3)");
    }
    if (generation < -1) return value_error("generation parameter cannot be negative");
  }
  return krait::gc_get_objects(int(generation));
}

Ref<> gc_get_stats(Value, const Value*) {
  GCState& s = gc_state();
  Ref<ListObject> result = list_new();
  if (!result) return nullptr;
  for (const GCState::Stats& stats : s.stats) {
    Ref<DictObject> entry = dict_new();
    Ref<> collections = int_from_int64(stats.collections);
    Ref<> collected = int_from_int64(stats.collected);
    Ref<> uncollectable = int_from_int64(stats.uncollectable);
    if (!entry || !collections || !collected || !uncollectable ||
        !dict_set_str(entry.get(), "collections", collections) || !dict_set_str(entry.get(), "collected", collected) ||
        !dict_set_str(entry.get(), "uncollectable", uncollectable) || !list_append(result.get(), entry.value())) {
      return nullptr;
    }
  }
  return result;
}

Ref<> gc_is_tracked_function(Value, const Value* args) { return new_bool(tracked(args[0])); }

Ref<> gc_is_finalized_function(Value, const Value* args) {
  Value v = args[0];
  return new_bool(v.is_object() && object_has_gc_header(v.as_object()) &&
                  gc_is_finalized(v.as_object()));
}

// The objects `o` refers to, as its traverse slot reports them.
void visit_referents(Object* o, VisitFn visit, void* arg) {
  if (object_has_gc_header(o) && o->type->traverse) o->type->traverse(o, visit, arg);
}

// The referents of the core containers, in traverse order and with the small ints that
// krait keeps as tagged values (no traverse can report those); false for other objects.
bool is_exact_set_or_frozenset(Value v) {
  return v.is_object() && (v.as_object()->type == &set_type || v.as_object()->type == &frozenset_type);
}

bool append_container_referents(Value v, ListObject* out) {
  auto add = [&](Value item) { return !item || list_append(out, item); };
  if (is_exact_list(v) || is_exact_tuple(v)) {
    // CPython's traverse visits the items last to first.
    Ref<> items = is_exact_list(v) ? Ref<>(tuple_from_iterable(v)) : new_ref(v);
    if (!items) return false;
    for (int64_t i = as_tuple(items)->length; --i >= 0;) {
      if (!add(as_tuple(items)->items[i])) return false;
    }
    return true;
  }
  if (is_exact_dict(v)) {
    // CPython's traverse of a str-keyed table visits only the values.
    DictObject* d = as_dict(v);
    if (dict_is_split(d)) {
      // Values only, in shared-key order.
      Value* values = split_values(d);
      for (int64_t i = 0; i < d->keys->nentries; ++i) {
        if (!add(values[i])) return false;
      }
      return true;
    }
    bool values_only = d->keys->all_str_keys;
    int64_t pos = 0;
    Value key, value;
    while (dict_next(d, &pos, &key, &value)) {
      if (!add(value) || (!values_only && !add(key))) return false;  // value first, as CPython
    }
    return true;
  }
  if (is_exact_set_or_frozenset(v)) {
    int64_t pos = 0, hash;
    Value key;
    while (set_next(as_set(v), &pos, &key, &hash)) {
      if (!add(key)) return false;
    }
    return true;
  }
  return false;
}

bool is_core_container(Value v) {
  return is_exact_list(v) || is_exact_tuple(v) || is_exact_dict(v) || is_exact_set_or_frozenset(v);
}

Ref<> gc_get_referents(Value, const Value* args) {
  TupleObject* objects = as_tuple(args[0]);
  Ref<ListObject> result = list_new();
  if (!result) return nullptr;
  for (int64_t i = 0; i < objects->length; ++i) {
    Value object = objects->items[i];
    if (is_core_container(object)) {
      if (!append_container_referents(object, result.get())) return nullptr;
      continue;
    }
    if (!object.is_object()) continue;
    std::vector<Object*> found;
    visit_referents(
        object.as_object(),
        [](Object* referent, void* arg) {
          static_cast<std::vector<Object*>*>(arg)->push_back(referent);
        },
        &found);
    for (Object* referent : found) {
      if (!list_append(result.get(), Value(referent))) return nullptr;
    }
  }
  return result;
}

struct ReferrerSearch {
  TupleObject* targets;
  std::vector<Object*> referrers;
};

Ref<> gc_get_referrers(Value, const Value* args) {
  ReferrerSearch search{as_tuple(args[0]), {}};
  gc_visit_all(
      [](Object* candidate, void* arg) {
        auto* search = static_cast<ReferrerSearch*>(arg);
        if (Value(candidate) == Value(search->targets)) return;  // our own argument tuple
        struct Match {
          ReferrerSearch* search;
          bool found;
        } match{search, false};
        visit_referents(
            candidate,
            [](Object* referent, void* arg) {
              auto* match = static_cast<Match*>(arg);
              TupleObject* targets = match->search->targets;
              for (int64_t i = 0; i < targets->length; ++i) {
                if (targets->items[i] == Value(referent)) match->found = true;
              }
            },
            &match);
        if (match.found) search->referrers.push_back(candidate);
      },
      &search);
  Ref<ListObject> result = list_new();
  if (!result) return nullptr;
  for (Object* referrer : search.referrers) {
    if (!list_append(result.get(), Value(referrer))) return nullptr;
  }
  return result;
}

Ref<> gc_freeze_function(Value, const Value*) {
  gc_freeze();
  return new_none();
}

Ref<> gc_unfreeze_function(Value, const Value*) {
  gc_unfreeze();
  return new_none();
}

Ref<> gc_get_freeze_count_function(Value, const Value*) {
  return int_from_int64(gc_freeze_count());
}

const MethodDef gc_functions[] = {
    {.name = "enable",
     .impl = gc_enable,
     .signature = "($module, /)",
     .doc = "Enable automatic garbage collection."},
    {.name = "disable",
     .impl = gc_disable,
     .signature = "($module, /)",
     .doc = "Disable automatic garbage collection."},
    {.name = "isenabled",
     .impl = gc_isenabled,
     .signature = "($module, /)",
     .doc = "Returns true if automatic garbage collection is enabled."},
    {.name = "set_debug",
     .impl = gc_set_debug,
     .signature = "($module, flags, /)",
     .doc = "Set the garbage collection debugging flags."},
    {.name = "get_debug",
     .impl = gc_get_debug,
     .signature = "($module, /)",
     .doc = "Get the garbage collection debugging flags."},
    {.name = "get_count",
     .impl = gc_get_count,
     .signature = "($module, /)",
     .doc = "Return a three-tuple of the current collection counts."},
    {.name = "set_threshold",
     .raw = gc_set_threshold,
     .doc = "set_threshold(threshold0, [threshold1, threshold2]) -> None\n\nSets the collection "
            "thresholds.  Setting "
            "threshold0 to zero disables collection.\n"},
    {.name = "get_threshold",
     .impl = gc_get_threshold,
     .signature = "($module, /)",
     .doc = "Return the current collection thresholds."},
    {.name = "collect",
     .impl = gc_collect_function,
     .signature = "($module, /, generation=2)",
     .doc = "Run the garbage collector.\n\nWith no arguments, run a full collection.  The optional "
            "argument\nmay be an "
            "integer specifying which generation to collect.  A ValueError\nis raised if the "
            "generation number is "
            "invalid.\n\nThe number of unreachable objects is returned."},
    {.name = "get_objects",
     .impl = gc_get_objects,
     .signature = "($module, /, generation=None)",
     .doc = "Return a list of objects tracked by the collector (excluding the list returned)."},
    {.name = "get_stats",
     .impl = gc_get_stats,
     .signature = "($module, /)",
     .doc = "Return a list of dictionaries containing per-generation statistics."},
    {.name = "is_tracked",
     .impl = gc_is_tracked_function,
     .signature = "($module, obj, /)",
     .doc = "Returns true if the object is tracked by the garbage collector."},
    {.name = "is_finalized",
     .impl = gc_is_finalized_function,
     .signature = "($module, obj, /)",
     .doc = "Returns true if the object has been already finalized by the GC."},
    {.name = "get_referrers",
     .impl = gc_get_referrers,
     .signature = "($module, *objs)",
     .doc = "Return the list of objects that directly refer to any of objs.", .flags = kMethodVarargs},
    {.name = "get_referents",
     .impl = gc_get_referents,
     .signature = "($module, *objs)",
     .doc = "Return the list of objects that are directly referred to by objs.", .flags = kMethodVarargs},
    {.name = "freeze",
     .impl = gc_freeze_function,
     .signature = "($module, /)",
     .doc = "Freeze all current tracked objects and ignore them for future collections."},
    {.name = "unfreeze",
     .impl = gc_unfreeze_function,
     .signature = "($module, /)",
     .doc = "Unfreeze all objects in the permanent generation."},
    {.name = "get_freeze_count",
     .impl = gc_get_freeze_count_function,
     .signature = "($module, /)",
     .doc = "Return the number of objects in the permanent generation."},
    {},
};

bool gc_exec(ModuleObject* module) {
  GCState& s = gc_state();
  for (Object** list : {&s.garbage, &s.callbacks}) {
    if (!*list) {
      Ref<ListObject> created = list_new();
      if (!created) return false;
      *list = created.release_object();
    }
  }
  return module_add_object(module, "garbage", Value(s.garbage)) &&
         module_add_object(module, "callbacks", Value(s.callbacks)) &&
         module_add_int(module, "DEBUG_STATS", kGcDebugStats) &&
         module_add_int(module, "DEBUG_COLLECTABLE", kGcDebugCollectable) &&
         module_add_int(module, "DEBUG_UNCOLLECTABLE", kGcDebugUncollectable) &&
         module_add_int(module, "DEBUG_SAVEALL", kGcDebugSaveAll) &&
         module_add_int(module, "DEBUG_LEAK", kGcDebugLeak);
}

}  // namespace

extern const ModuleDef module_gc = {
    .name = "gc",
    .doc =
        "This module provides access to the garbage collector for reference cycles.\n\nenable() -- "
        "Enable "
        "automatic garbage collection.\ndisable() -- Disable automatic garbage "
        "collection.\nisenabled() -- Returns "
        "true if automatic collection is enabled.\ncollect() -- Do a full collection right "
        "now.\nget_count() -- "
        "Return the current collection counts.\nget_stats() -- Return list of dictionaries "
        "containing "
        "per-generation stats.\nset_debug() -- Set debugging flags.\nget_debug() -- Get debugging "
        "flags.\nset_threshold() -- Set the collection thresholds.\nget_threshold() -- Return the "
        "current the "
        "collection thresholds.\nget_objects() -- Return a list of all objects tracked by the "
        "collector.\nis_tracked() -- Returns true if a given object is tracked.\nis_finalized() -- "
        "Returns true if "
        "a given object has been already finalized.\nget_referrers() -- Return the list of objects "
        "that refer to an "
        "object.\nget_referents() -- Return the list of objects that an object refers "
        "to.\nfreeze() -- Freeze all "
        "tracked objects and ignore them for future collections.\nunfreeze() -- Unfreeze all "
        "objects in the "
        "permanent generation.\nget_freeze_count() -- Return the number of objects in the "
        "permanent generation.\n",
    .methods = gc_functions,
    .exec = gc_exec,
};

}  // namespace krait
