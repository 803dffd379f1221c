#pragma once

#include <filesystem>

#include "connection/connection.hpp"
#include "snapshot/payload_reader.hpp"

namespace tdm {

// Replaces the tablespace of a just-created, empty table of the connection's current database
// with the payload's copy: DISCARD TABLESPACE, write the .ibd (holes stay sparse) and .cfg into
// `directory`, IMPORT TABLESPACE, remove the .cfg. The server checks the copy against the
// table's definition and every page's checksum. Throws Error when it refuses; the table is then
// left without a tablespace and the caller recreates it (remove_tablespace_files first).
void import_tablespace(Connection& connection, const std::filesystem::path& directory,
                       const PayloadFile& file, const TablespaceData& tablespace);

// Removes the files import_tablespace may have left for `table`, before the table is dropped
// and created again (the server refuses to create a table over an existing .ibd).
void remove_tablespace_files(const std::filesystem::path& directory, const std::string& table);

}  // namespace tdm
