#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "connection/connection.hpp"
#include "engine/common/database_inventory.hpp"
#include "snapshot/payload/reader.hpp"

namespace tdm {

// How a live database's definitions compare with a payload's: the check a reset makes before
// trusting that only rows changed. Definitions are read as a capture would read them
// (object_definitions.hpp), so equal definitions compare equal byte for byte.
struct SchemaComparison {
  // The first difference only a full restore undoes: a table, view, trigger, routine, event
  // or sequence added, dropped or redefined, the database's character set changed.
  std::optional<std::string> difference;
  std::set<std::string> counters_moved;  // tables whose AUTO_INCREMENT is not the payload's
  std::vector<SequenceDefinition> sequences_moved;  // the payload's, where the next value moved
};

// `connection` is a capture session (session_settings.hpp) whose current database is
// `database`. Throws Error(kDatabase) when the database does not exist.
SchemaComparison compare_schema(Connection& connection, const std::string& database,
                                const PayloadIndex& index);
// The same with the names already read (read_name_inventory, or its parts in a round trip
// shared with other reads).
SchemaComparison compare_schema(Connection& connection, const std::string& database,
                                const DatabaseInventory& inventory, const PayloadIndex& index);

}  // namespace tdm
