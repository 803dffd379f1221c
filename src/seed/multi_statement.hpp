#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "connection/connection.hpp"

namespace tdm {

// Why a multi-statement round trip stopped: the server runs the statements in order and stops
// at the first that fails, so the failing result's index tells which statement it was.
struct StatementFailure {
  std::size_t result_index = 0;  // 0-based among the results the round trip produced
  unsigned code = 0;             // MariaDB (or client library) error number
  std::string message;
};

// Sends `sql` (statements separated by ';'; the connection allows multi-statements) in one
// round trip and reads and discards every result. Returns the failure instead of throwing, as
// only the caller knows which file and line the failing result stands for.
std::optional<StatementFailure> run_multi_statement(Connection& connection, std::string_view sql);

}  // namespace tdm
