#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connection/connection.hpp"
#include "snapshot/payload/reader.hpp"

namespace tdm {

// A table's AUTO_INCREMENT counter is part of the snapshot state (an INSERT then DELETE leaves
// the rows as they were but the counter moved on), and it is the one part of SHOW CREATE TABLE
// that ordinary row changes move.

// The AUTO_INCREMENT=N table option of a SHOW CREATE TABLE statement, nullopt when absent
// (no such column, or the counter is still 1).
std::optional<std::uint64_t> declared_auto_increment(std::string_view create_table);

// The statement without that option, for comparing definitions whatever the counters.
std::string without_auto_increment(std::string_view create_table);

// Sets each table's counter back to the payload's definition where it differs (InnoDB takes
// any value above the largest key, lower ones included); returns the tables it set.
std::vector<std::string> restore_auto_increments(Connection& connection,
                                                 const std::string& database,
                                                 const PayloadIndex& index);

}  // namespace tdm
