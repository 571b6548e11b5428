// The _datetime module: the types and their class attributes (min, max, resolution,
// timezone.utc), MINYEAR/MAXYEAR and UTC. Lib/datetime.py imports everything from here
// (`from _datetime import *`) in place of its pure-Python classes.
#include "modules/datetime/datetime_internal.h"
#include "modules/module_def.h"
#include "objects/dict.h"
#include "objects/type_internal.h"

namespace krait::datetime {

namespace {

bool set_class_attr(TypeObject* type, const char* name, Ref<> value) {
  if (!value || !dict_set_str(static_cast<DictObject*>(type->dict), name, value)) return false;
  type_modified(type);
  return true;
}

bool datetime_exec(ModuleObject* module) {
  for (TypeObject* type :
       {&date_type, &datetime_type, &time_type, &delta_type, &tzinfo_type, &timezone_type}) {
    if (!module_add_type(module, type)) return false;
  }
  if (!type_ready(&isocalendar_date_type)) return false;
  if (!utc_timezone) {
    Ref<> zero = new_delta(0, 0, 0);
    Ref<> utc = zero ? new_timezone(zero, Value()) : nullptr;
    if (!utc) return false;
    utc_timezone = utc.release();  // immortal: lives as long as the process
  }
  Value none = None();
  bool ok =
      set_class_attr(&delta_type, "min", new_delta(-kMaxDeltaDays, 0, 0)) &&
      set_class_attr(&delta_type, "max",
                     new_delta(kMaxDeltaDays, kSecondsPerDay - 1, kUsPerSecond - 1)) &&
      set_class_attr(&delta_type, "resolution", new_delta(0, 0, 1)) &&
      set_class_attr(&date_type, "min", new_date_exact(1, 1, 1)) &&
      set_class_attr(&date_type, "max", new_date_exact(kMaxYear, 12, 31)) &&
      set_class_attr(&date_type, "resolution", new_delta(1, 0, 0)) &&
      set_class_attr(&time_type, "min", new_time_exact(0, 0, 0, 0, none, 0)) &&
      set_class_attr(&time_type, "max", new_time_exact(23, 59, 59, 999999, none, 0)) &&
      set_class_attr(&time_type, "resolution", new_delta(0, 0, 1)) &&
      set_class_attr(&datetime_type, "min", new_datetime_exact(1, 1, 1, 0, 0, 0, 0, none, 0)) &&
      set_class_attr(&datetime_type, "max",
                     new_datetime_exact(kMaxYear, 12, 31, 23, 59, 59, 999999, none, 0)) &&
      set_class_attr(&datetime_type, "resolution", new_delta(0, 0, 1));
  if (!ok) return false;
  Ref<> min_offset = new_delta(-1, 60, 0);
  Ref<> max_offset = new_delta(0, 23 * 3600 + 59 * 60, 0);
  if (!min_offset || !max_offset) return false;
  ok = set_class_attr(&timezone_type, "utc", new_ref(utc_timezone)) &&
       set_class_attr(&timezone_type, "min", new_timezone(min_offset, Value())) &&
       set_class_attr(&timezone_type, "max", new_timezone(max_offset, Value()));
  return ok && module_add_int(module, "MINYEAR", kMinYear) &&
         module_add_int(module, "MAXYEAR", kMaxYear) &&
         module_add_object(module, "UTC", utc_timezone);
}

}  // namespace

}  // namespace krait::datetime

namespace krait {

extern const ModuleDef module__datetime = {
    .name = "_datetime",
    .doc = "Fast implementation of the datetime type.",
    .exec = datetime::datetime_exec,
};

}  // namespace krait
