#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "connection/connection_params.hpp"
#include "core/progress.hpp"
#include "snapshot/payload_reader.hpp"

namespace tdm {

struct LoadResult {
  std::uint64_t rows = 0;
  std::size_t tablespaces_imported = 0;
  std::vector<std::string> notes;  // tablespace copies the server refused (rows loaded instead)
};

// Fills every table of the payload in the database `params` names (its tables exist and are
// empty), spreading the tables over `threads` connections, biggest first so the connections
// finish close together. With `tablespace_directory` (the target's directory, see
// server_files.hpp) a table with a tablespace copy is imported from it; when the server
// refuses the copy, the table is created again and its rows are loaded instead. The first
// failure cancels the loads in flight and is rethrown once every thread has stopped.
// `progress` hears of the payload bytes loaded or imported and the rows of finished tables
// (phase "loading").
LoadResult load_all_tables(const ConnectionParams& params, const PayloadFile& file,
                           const PayloadIndex& index, unsigned threads,
                           const std::optional<std::filesystem::path>& tablespace_directory,
                           const ProgressObserver& progress = {});

}  // namespace tdm
