#pragma once

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "support/test_files.hpp"

// Small helpers the seed tests share: lay out SQL files, look into the server, catch errors.
namespace tdm::testing {

inline std::string count_rows(Connection& connection, const std::string& database,
                              const std::string& table) {
  return connection
      .scalar("SELECT COUNT(*) FROM " + Connection::quote_identifier(database) + "." +
              Connection::quote_identifier(table))
      .value_or("NULL");
}

inline bool table_exists(Connection& connection, const std::string& database,
                         const std::string& table) {
  return connection
             .scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
                     connection.quote(database) + " AND TABLE_NAME = " + connection.quote(table))
             .value_or("0") == "1";
}

// The tdm::Error `action` throws, if any.
template <typename Action>
std::optional<Error> error_from(Action&& action) {
  try {
    action();
  } catch (const Error& error) {
    return error;
  }
  return std::nullopt;
}

}  // namespace tdm::testing
