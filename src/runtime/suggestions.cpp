// "Did you mean" suggestions (runtime/suggestions.h), as CPython 3.11 computes them: for an
// AttributeError, among dir(obj); for a NameError, among the raising frame's local
// variable names, then its globals, then its builtins.
#include "runtime/suggestions.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/error.h"
#include "objects/code.h"
#include "objects/container_util.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/list.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "core/ops.h"
#include "vm/frame.h"

namespace krait {

namespace {

constexpr int64_t kMaxCandidateItems = 750;
constexpr int64_t kMaxStringSize = 40;
constexpr int64_t kMoveCost = 2;
constexpr int64_t kCaseCost = 1;

// A case flip of an ASCII letter costs less than any other substitution.
int64_t substitution_cost(char a, char b) {
  if ((a & 31) != (b & 31)) return kMoveCost;
  if (a == b) return 0;
  if (a >= 'A' && a <= 'Z') a += 'a' - 'A';
  if (b >= 'A' && b <= 'Z') b += 'a' - 'A';
  return a == b ? kCaseCost : kMoveCost;
}

}  // namespace

int64_t suggestion_distance(std::string_view a, std::string_view b, int64_t max_cost) {
  if (a.data() == b.data() && a.size() == b.size()) return 0;
  // Trim the common prefix and suffix.
  while (!a.empty() && !b.empty() && a.front() == b.front()) {
    a.remove_prefix(1);
    b.remove_prefix(1);
  }
  while (!a.empty() && !b.empty() && a.back() == b.back()) {
    a.remove_suffix(1);
    b.remove_suffix(1);
  }
  if (a.empty() || b.empty()) return int64_t(a.size() + b.size()) * kMoveCost;
  if (int64_t(a.size()) > kMaxStringSize || int64_t(b.size()) > kMaxStringSize) return max_cost + 1;
  if (b.size() < a.size()) std::swap(a, b);  // a is the shorter one
  if (int64_t(b.size() - a.size()) * kMoveCost > max_cost) return max_cost + 1;
  // One row of the edit-distance matrix, updated in place.
  int64_t row[kMaxStringSize];
  for (size_t i = 0; i < a.size(); ++i) row[i] = int64_t(i + 1) * kMoveCost;
  int64_t result = 0;
  for (size_t b_index = 0; b_index < b.size(); ++b_index) {
    char code = b[b_index];
    int64_t distance = result = int64_t(b_index) * kMoveCost;
    int64_t minimum = INT64_MAX;
    for (size_t index = 0; index < a.size(); ++index) {
      int64_t substitute = distance + substitution_cost(code, a[index]);
      distance = row[index];
      int64_t insert_delete = std::min(result, distance) + kMoveCost;
      result = std::min(insert_delete, substitute);
      row[index] = result;
      minimum = std::min(minimum, result);
    }
    if (minimum > max_cost) return max_cost + 1;  // the whole row is too expensive
  }
  return result;
}

namespace {

// The closest candidate to `name` (borrowed from `candidates`), or null. Candidates must be
// strs; anything else is a TypeError, as in CPython.
Value closest_name(const Value* candidates, int64_t count, StrObject* name, bool* failed) {
  *failed = false;
  if (count >= kMaxCandidateItems) return Value();
  std::string_view wanted = str_utf8(name);
  int64_t best_distance = INT64_MAX;
  Value best;
  for (int64_t i = 0; i < count; ++i) {
    Value item = candidates[i];
    if (!is_str(item)) {
      *failed = true;
      type_error("bad argument type for built-in operation");
      return Value();
    }
    std::string_view text = str_utf8(item);
    if (text == wanted) continue;
    // No more than a third of the characters may need to change.
    int64_t max_distance = (int64_t(wanted.size()) + int64_t(text.size()) + 3) * kMoveCost / 6;
    max_distance = std::min(max_distance, best_distance - 1);
    int64_t distance = suggestion_distance(wanted, text, max_distance);
    if (distance > max_distance) continue;
    if (!best || distance < best_distance) {
      best = item;
      best_distance = distance;
    }
  }
  return best;
}

Ref<> closest_in_list(Value list, StrObject* name) {
  ListObject* items = as_list(list);
  bool failed;
  Value best = closest_name(items->items, items->length, name, &failed);
  return best ? new_ref(best) : Ref<>();
}

Ref<> suggest_for_attribute_error(AttributeErrorObject* e) {
  if (!e->name || !e->obj || !is_exact_str(e->name)) return nullptr;
  Ref<> name = new_ref(e->name);
  Ref<> obj = new_ref(e->obj);
  Ref<> dir = builtin_named("dir");
  Ref<> names = dir ? call1(dir, obj) : Ref<>();
  if (!names || !is_list(names)) return nullptr;
  return closest_in_list(names, as_str(name));
}

Ref<> suggest_for_name_error(NameErrorObject* e) {
  Value tb = Value(e->traceback);
  if (!e->name || !is_exact_str(e->name) || !tb || !is_traceback(tb)) return nullptr;
  Ref<> name = new_ref(e->name);
  // The frame that raised: the last traceback entry.
  while (as_traceback(tb)->next && is_traceback(Value(as_traceback(tb)->next))) {
    tb = Value(as_traceback(tb)->next);
  }
  auto* frame_object = static_cast<FrameObject*>(as_traceback(tb)->frame);
  Frame* frame = frame_object ? frame_object->frame : nullptr;
  if (!frame) return nullptr;
  Ref<> hold_frame = new_ref(Value(frame_object));
  // The code's local variables (co_varnames).
  CodeObject* code = frame->code;
  std::vector<Value> varnames;
  TupleObject* names = as_tuple(Value(code->localsplusnames));
  for (int32_t i = 0; i < code->nlocalsplus; ++i) {
    uint8_t kind = code->localspluskinds[i];
    if ((kind & kLocalPlain) || (kind & kLocalArg)) varnames.push_back(names->items[i]);
  }
  bool failed;
  Value best = closest_name(varnames.data(), int64_t(varnames.size()), as_str(name), &failed);
  if (best) return new_ref(best);
  if (failed) return nullptr;
  for (Object* namespace_dict : {frame->globals, frame->builtins}) {
    if (!namespace_dict) continue;
    Ref<> keys = is_dict(Value(namespace_dict)) ? dict_keys_list(as_dict(Value(namespace_dict)))
                                               : Ref<>();
    if (!keys) return nullptr;
    Ref<> found = closest_in_list(keys, as_str(name));
    if (found || error_occurred()) return found;
  }
  return nullptr;
}

}  // namespace

Ref<> offer_suggestions(Value exception) {
  if (!exception.is_object()) return nullptr;
  if (is_type(exception, &exc::AttributeError)) {
    return suggest_for_attribute_error(static_cast<AttributeErrorObject*>(exception.as_object()));
  }
  if (is_type(exception, &exc::NameError)) {
    return suggest_for_name_error(static_cast<NameErrorObject*>(exception.as_object()));
  }
  return nullptr;
}

}  // namespace krait
