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

// The server's data directory when the server is local and this process may write there (to
// put tablespace files in place for IMPORT TABLESPACE); nullopt otherwise.
std::optional<std::filesystem::path> writable_data_directory(Connection& connection);

// The directory of `database` in `data_dir` (as writable_data_directory gives it), when the
// name is plain and the directory exists and is writable here; nullopt otherwise.
std::optional<std::filesystem::path> writable_database_directory(
    const std::filesystem::path& data_dir, const std::string& database);

}  // namespace tdm
