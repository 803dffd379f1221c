#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "connection/connection.hpp"

namespace tdm {

// Access to the server's own files, which tablespace copies need: only for a server on this
// machine (the embedded one, or any reached over its unix socket or loopback) whose data
// directory this process can see.

bool is_local_server(const ConnectionParams& params);

// Whether MariaDB stores an object called `name` under that very file name: letters, digits
// and underscores only (anything else is encoded, e.g. '-' as "@002d"), at most 64 bytes.
bool has_plain_file_name(std::string_view name);

// The directory of `database` in the server's data directory, when the server is local, the
// name is plain and the directory is visible here; nullopt otherwise.
std::optional<std::filesystem::path> visible_database_directory(Connection& connection,
                                                                const std::string& database);

// Whether the server is local and its data directory is visible and writable here: whether
// a restore can hope to import tablespace copies.
bool writable_data_directory(Connection& connection);

// As visible_database_directory, when this process may also write there (to put tablespace
// files in place for IMPORT TABLESPACE).
std::optional<std::filesystem::path> writable_database_directory(Connection& connection,
                                                                 const std::string& database);

}  // namespace tdm
