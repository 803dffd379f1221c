#pragma once

#include <cstddef>
#include <filesystem>
#include <vector>

#include "connection/connection.hpp"
#include "engine/capture.hpp"
#include "engine/common/database_inventory.hpp"
#include "engine/common/progress_reporter.hpp"
#include "snapshot/payload/writer.hpp"

namespace tdm {

// Bytes of rows waiting in memory between the readers and the writer, at most (about): bounds
// the capture's memory whatever the tables' sizes. Rows read ahead of their table's turn beyond
// it go to a spill file; the reader of the table being written waits instead.
inline constexpr std::size_t kReadAheadBytes = std::size_t{16} << 20;

// Reads the rows of `tables` on every connection of `readers` at once, one thread each, the
// biggest tables (by `estimated_bytes`) first, and writes each table's data section whole into
// `writer` from this thread, in the order of `tables` whichever reader is done first: the same
// bytes one connection writes. Rows read ahead of their table's turn beyond `read_ahead_bytes`
// wait in unnamed files in `spill_directory` (spill_file.hpp), so only the reader of the table
// being written ever waits for the writer. The readers must be in the same database and show the
// same data (one consistent snapshot each, started while the tables were held still:
// shared_snapshot.hpp). Returns the exact row counts in the order of `tables`. The first failure of
// any thread stops the others and is rethrown here; the writer is then left part-way (and its file
// is not committed).
std::vector<TableStats> capture_tables_in_parallel(const std::vector<Connection*>& readers,
                                                   const std::vector<TableInfo>& tables,
                                                   PayloadWriter& writer, std::size_t chunk_bytes,
                                                   ProgressReporter* progress,
                                                   const std::filesystem::path& spill_directory,
                                                   std::size_t read_ahead_bytes = kReadAheadBytes);

}  // namespace tdm
