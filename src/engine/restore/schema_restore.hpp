#pragma once

#include <vector>

#include "connection/connection.hpp"
#include "snapshot/payload/reader.hpp"

namespace tdm {

// The DDL parts of a restore, on a restore session whose current database is the target.

// Sequences (with their next value) and then tables, before any data: foreign-key checks are
// off in the session, so tables referencing each other (even in a cycle) are created as they
// come, and a table's DEFAULT NEXT VALUE FOR finds its sequence.
void create_tables(Connection& connection, const PayloadIndex& index);

// Routines, views, triggers and events after the data, each under the sql_mode, client
// character set, collation (and for events the time zone) it was defined with, and routines,
// triggers and events under the database collation they were made under. Views are
// created in dependency order by retrying those whose underlying view does not exist yet.
void create_stored_objects(Connection& connection, const std::vector<StoredObject>& objects);

}  // namespace tdm
