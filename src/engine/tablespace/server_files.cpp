#include "engine/tablespace/server_files.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <system_error>

namespace tdm {

bool is_local_server(const ConnectionParams& params) {
  return params.host.empty() || params.host == "localhost" || params.host == "127.0.0.1" ||
         params.host == "::1";
}

bool has_plain_file_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::optional<std::filesystem::path> writable_data_directory(Connection& connection) {
  if (!is_local_server(connection.params())) return std::nullopt;
  auto data_dir = connection.scalar("SELECT @@datadir");
  if (!data_dir || data_dir->empty() || ::access(data_dir->c_str(), W_OK) != 0) return std::nullopt;
  return std::filesystem::path(*data_dir);
}

std::optional<std::filesystem::path> writable_database_directory(
    const std::filesystem::path& data_dir, const std::string& database) {
  if (!has_plain_file_name(database)) return std::nullopt;
  std::filesystem::path directory = data_dir / database;
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error) || ::access(directory.c_str(), W_OK) != 0) {
    return std::nullopt;
  }
  return directory;
}

}  // namespace tdm
