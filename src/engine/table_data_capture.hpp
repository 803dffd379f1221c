#pragma once

#include <cstdint>

#include "connection/connection.hpp"
#include "engine/database_inventory.hpp"
#include "engine/progress_reporter.hpp"
#include "snapshot/payload_writer.hpp"

namespace tdm {

// Streams every row of `table` (of the connection's current database) into the writer as one
// data section and returns the row count. Reads with mysql_use_result, so memory stays
// constant whatever the table's size. Generated columns are left out (the restore computes
// them again); BIT columns travel as numbers, FLOAT columns as the exact DOUBLE of their value
// (the server's text for a FLOAT rounds to 6 digits), UUID and INET columns in binary form.
// `progress`, when given, hears of the rows and their field bytes every few thousand rows.
std::uint64_t capture_table_data(Connection& connection, const TableInfo& table,
                                 PayloadWriter& writer, ProgressReporter* progress = nullptr);

}  // namespace tdm
