#pragma once

#include <filesystem>
#include <string>

#include "connection/connection.hpp"
#include "snapshot/tablespace_cache.hpp"

namespace tdm {

// Replaces the tablespace of a just-created, empty table of the connection's current database
// with a cached copy: DISCARD TABLESPACE, copy the .ibd and .cfg into `directory` (the
// database's directory in the server's datadir), IMPORT TABLESPACE, remove the .cfg. The
// server checks the copy against the table's definition and every page's checksum. Throws
// Error when it refuses; the table is then left without a tablespace and the caller recreates
// it (remove_tablespace_files first).
void import_tablespace(Connection& connection, const std::filesystem::path& directory,
                       const CachedTablespace& copy);

// Removes the files import_tablespace may have left for `table`, before the table is dropped
// and created again (the server refuses to create a table over an existing .ibd).
void remove_tablespace_files(const std::filesystem::path& directory, const std::string& table);

}  // namespace tdm
