#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "connection/connection.hpp"
#include "engine/common/database_inventory.hpp"
#include "engine/common/progress_reporter.hpp"
#include "snapshot/payload/writer.hpp"

namespace tdm {

// Whole rows of one table as LOAD DATA text (load_data_text.hpp), ready to be one payload chunk.
struct RowsChunk {
  std::string text;
  std::uint64_t rows = 0;
  std::uint64_t field_bytes = 0;  // of the values as read, before escaping: for progress
};

// The data section's columns for `table`. Generated columns are left out (the restore
// computes them again); BIT columns travel as numbers, FLOAT columns as the exact DOUBLE of
// their value (the server's text for a FLOAT rounds to 6 digits), UUID and INET columns in
// binary form.
TableDataLayout table_data_layout(const TableInfo& table);

// Streams every row of `table` (of the connection's current database, Connection::stream)
// and hands them to `consume` in chunks of whole rows, each closed once it reaches
// `chunk_bytes` (the last may be shorter; a table without rows, or whose rows live
// elsewhere, gives none). Memory stays constant whatever the table's size. `consume` may
// move the text away or swap another buffer in, whose contents are cleared; returning false stops
// the read: the connection is then shut down (not drained) and unusable, and the result is
// nullopt. Otherwise returns the table's row count.
using ChunkConsumer = std::function<bool(RowsChunk& chunk)>;
std::optional<std::uint64_t> read_table_rows(Connection& connection, const TableInfo& table,
                                             std::size_t chunk_bytes, const ChunkConsumer& consume);

// Streams `table` into the writer as one data section (layout as above) in chunks of
// `chunk_bytes` and returns the row count. `progress`, when given, hears of the rows and their
// field bytes chunk by chunk.
std::uint64_t capture_table_data(Connection& connection, const TableInfo& table,
                                 std::size_t chunk_bytes, PayloadWriter& writer,
                                 ProgressReporter* progress = nullptr);

}  // namespace tdm
