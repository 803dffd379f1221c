#pragma once

#include "diff/payload_diff.hpp"

namespace tdm {

// The part of `diff` that is schema: objects on one side only, definitions that differ, and
// the properties restore keeps beside definitions (collation, sql_mode, trigger order) — not
// rows, AUTO_INCREMENT counters or a sequence's position, which are data. The diff engine's
// renderers show it like any other diff.
PayloadDiff schema_part(const PayloadDiff& diff);

}  // namespace tdm
