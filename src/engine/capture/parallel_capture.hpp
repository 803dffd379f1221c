#pragma once

#include <cstddef>
#include <vector>

#include "connection/connection.hpp"
#include "engine/capture.hpp"
#include "engine/common/database_inventory.hpp"
#include "engine/common/progress_reporter.hpp"
#include "snapshot/payload/writer.hpp"

namespace tdm {

// Bytes of rows read ahead of their table's turn to be written, at most (about): bounds the
// capture's memory whatever the tables' sizes.
inline constexpr std::size_t kReadAheadBytes = std::size_t{16} << 20;

// Reads the rows of `tables` on every connection of `readers` at once, one thread each, and
// writes each table's data section whole into `writer` from this thread, in the order of
// `tables` whichever reader is done first: the same bytes one connection writes. The readers must
// be in the same database and show the same data (one consistent snapshot each, started while the
// tables were held still: shared_snapshot.hpp). Returns the exact row counts in the order of
// `tables`. The first failure of any thread stops the others and is rethrown here; the writer is
// then left part-way (and its file is not committed).
std::vector<TableStats> capture_tables_in_parallel(const std::vector<Connection*>& readers,
                                                   const std::vector<TableInfo>& tables,
                                                   PayloadWriter& writer, std::size_t chunk_bytes,
                                                   ProgressReporter* progress,
                                                   std::size_t read_ahead_bytes = kReadAheadBytes);

}  // namespace tdm
