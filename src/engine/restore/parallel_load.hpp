#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connection/connection_params.hpp"
#include "core/progress.hpp"
#include "snapshot/payload/reader.hpp"
#include "snapshot/tablespace_cache.hpp"

namespace tdm {

struct LoadResult {
  std::uint64_t rows = 0;
  // The tables filled from a tablespace copy, each with the copy's digest.
  std::map<std::string, std::string> imported_copies;
  std::vector<std::string> notes;  // tablespace copies the server refused (rows loaded instead)
};

// Tablespace copies a restore can import: the cache entry of the payload for this server,
// and the target database's directory in the server's datadir.
struct TablespaceImport {
  std::filesystem::path directory;
  TablespaceCacheEntry cache;
};

// Fills every table of the payload in the database `params` names (its tables exist and are
// empty), spreading the tables over `threads` connections, biggest first so the connections
// finish close together. With `tablespaces` (the target database's directory and the cache
// entry of the payload), a table with a cached tablespace copy is imported; when the server
// refuses the copy, the table is created again and its rows are loaded instead. Each filled
// table's statistics are then recalculated (table_statistics.hpp). The first
// failure cancels the loads in flight and is rethrown once every thread has stopped.
// `progress` hears of the payload (or copy) bytes loaded or imported and the rows of finished
// tables (phase "loading").
LoadResult load_all_tables(const ConnectionParams& params, const PayloadFile& file,
                           const PayloadIndex& index, unsigned threads,
                           const std::optional<TablespaceImport>& tablespaces,
                           const ProgressObserver& progress = {});

}  // namespace tdm
