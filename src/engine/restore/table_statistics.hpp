#pragma once

#include <string>
#include <string_view>

#include "connection/connection.hpp"

namespace tdm {

// Recalculates the statistics the optimizer plans queries from (ANALYZE TABLE) for `table` of
// `database` (by default the connection's current database), once a restore has filled it. Neither
// way of filling leaves them right where the server keeps them in memory only (the embedded
// server): an imported tablespace keeps those of the empty table it replaced, and a bulk load into
// an empty table counts only its first rows. A test's queries would then be planned as if the
// tables were (nearly) empty, unlike on the database the snapshot was taken from. Not written
// to the binary log. Throws Error(kDatabase) when the server reports the analysis failed.
void recalculate_statistics(Connection& connection, const std::string& table,
                            std::string_view database = {});

}  // namespace tdm
