#pragma once

#include <string>

#include "connection/connection.hpp"
#include "engine/common/database_inventory.hpp"
#include "snapshot/payload/contents.hpp"

namespace tdm {

// SHOW CREATE ... of one object of `database`, which must be the connection's current one, as
// raw bytes (the capture session reads results as binary) with the session context the
// definition carries. Table and view definitions lose `database`. qualifiers, so they restore
// into a database of any name.
// Throws Error(kDatabase) when the server hides the definition (missing privileges).

TableDefinition read_table_definition(Connection& connection, const std::string& database,
                                      const std::string& table);
// The same for several tables, in one round trip (a reset compares every table each time).
std::vector<TableDefinition> read_table_definitions(Connection& connection,
                                                    const std::string& database,
                                                    const std::vector<std::string>& tables);
SequenceDefinition read_sequence_definition(Connection& connection, const std::string& sequence);
StoredObject read_object_definition(Connection& connection, const std::string& database,
                                    const ObjectName& object);

}  // namespace tdm
