#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "connection/connection.hpp"
#include "connection/connection_params.hpp"
#include "core/progress.hpp"
#include "snapshot/payload/writer.hpp"

namespace tdm {

struct CaptureOptions {
  // Size of the LOAD DATA text chunks in the payload (whole rows each).
  std::size_t chunk_bytes = PayloadWriter::kDefaultChunkBytes;
  // Connections reading rows at once (tables spread over them), all in one consistent view;
  // 1 reads on the capture's one connection. The payload is the same either way. More than one
  // needs the lock LOCK TABLES ... READ for a moment, and falls back to one without it.
  unsigned threads = 2;
  // Told how far reading rows has got (of the server's estimated total); empty: not told.
  ProgressObserver progress{};
  // Runs on the capture's connection before anything is read, and may refuse the capture by
  // throwing Error (capture_snapshot refuses a half-built database); empty: none.
  std::function<void(Connection&)> check_source{};
  // Names the payload once its SHA-256 is known (the path given to capture_database then only
  // places the temporary file beside it); empty: the payload goes to that path.
  PayloadNaming name_by_digest{};
};

struct TableStats {
  std::string name;
  std::uint64_t rows = 0;
};

struct CaptureStats {
  std::filesystem::path payload_path;  // where the payload went
  std::string payload_sha256;          // of the whole payload file as written
  std::uint64_t payload_bytes = 0;
  std::vector<TableStats> tables;  // base tables, with exact row counts
  std::string server_version;
  double seconds = 0;
};

// Captures `database` (tables, data, sequences, views, triggers, routines, events; character
// sets and collations; AUTO_INCREMENT counters) into `payload_path` (or the path
// `options.name_by_digest` gives), written under a temporary name and renamed only when whole.
// All data is read in one consistent snapshot (START TRANSACTION WITH CONSISTENT SNAPSHOT on
// each reading connection, started while the tables are held still: exact for InnoDB tables).
// A failure part-way throws and leaves no file at payload_path. Throws Error(kDatabase) for a
// database that does not exist or an SQL error, Error(kSnapshot) when the payload cannot be
// written.
CaptureStats capture_database(const ConnectionParams& params, const std::string& database,
                              const std::filesystem::path& payload_path,
                              const CaptureOptions& options = {});

}  // namespace tdm
