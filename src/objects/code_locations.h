// co_linetable in CPython 3.11's location-table format, over krait's code units (one
// table unit per krait code unit, as co_lines() and co_positions() count them).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "objects/code.h"

namespace krait {

std::string encode_location_table(const CodeObject* code);
// Every one of the nunits units' position from a table (units it does not cover have
// none); false if the table is malformed.
bool decode_location_table(std::string_view table, int firstlineno, int64_t nunits,
                           std::vector<SourcePosition>* positions);

}  // namespace krait
