#pragma once

#include <string>
#include <vector>

#include "diff/payload_diff.hpp"

namespace tdm {

// Whether clients written for the older schema keep working against the newer one: reading
// what they read, writing what they wrote.
enum class Compatibility { kNonBreaking, kBreaking };

// One difference between an older schema (side a of a diff) and a newer one (side b), as a
// reader of a release note would want it: "column users.email dropped".
struct SchemaChange {
  Compatibility compatibility = Compatibility::kNonBreaking;
  std::string description;
};

// Every schema difference of `diff` (objects on one side only, definitions that differ),
// classified. Breaking: a dropped table, view, routine or sequence, a dropped column, a dropped
// index a foreign key uses, a narrowed or otherwise changed column type, NOT NULL added (to a
// new column or an old one) without a default, a removed default of a NOT NULL column, a
// changed primary key, a unique key, foreign key or check added over existing columns, a
// changed view or routine. Non-breaking: anything added, a nullable column or one with a
// default, a widened type, an index added or dropped (unless a foreign key uses it), a foreign
// key or check dropped, changed table options, triggers and events. Rows, counters and
// properties are not schema and are left out.
std::vector<SchemaChange> classify_schema_changes(const PayloadDiff& diff);

bool any_breaking(const std::vector<SchemaChange>& changes);

// "breaking: column users.email dropped".
std::string to_string(const SchemaChange& change);

}  // namespace tdm
