#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connection/connection.hpp"
#include "snapshot/payload/auto_increment_option.hpp"
#include "snapshot/payload/reader.hpp"

namespace tdm {

// A table's AUTO_INCREMENT counter is part of the snapshot state (an INSERT then DELETE leaves
// the rows as they were but the counter moved on), and it is the one part of SHOW CREATE TABLE
// that ordinary row changes move.

// Sets each table's counter back to the payload's definition where it differs (InnoDB takes
// any value above the largest key, lower ones included); returns the tables it set.
std::vector<std::string> restore_auto_increments(Connection& connection,
                                                 const std::string& database,
                                                 const PayloadIndex& index);

}  // namespace tdm
