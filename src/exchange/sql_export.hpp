#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "snapshot/store.hpp"

namespace tdm {

// What the export's header comment says about the snapshot it came from.
struct SqlExportSource {
  std::string snapshot_id;
  std::string payload_sha256;  // checked against the payload before anything is written
  std::string data_model_hash;
  std::string created_at_iso;
};

struct SqlExportOptions {
  // Multi-row INSERTs are cut at about this size: well under the client's and the server's
  // default max_allowed_packet (16 MiB), large enough to load fast.
  std::size_t insert_bytes = std::size_t{1} << 20;
  // A header of what depends on the data only (no snapshot id, digest, date or server): two
  // exports of the same data are then byte-identical, as a baseline kept in git needs.
  bool stable_header = false;
};

struct SqlExportStats {
  std::size_t tables = 0;
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;  // of the SQL file
};

// Writes the payload at `payload` as an SQL script that the stock client restores into any
// database (`mariadb DB < FILE`): session settings, sequences and tables, the rows as multi-row
// INSERTs, then routines, views, triggers and events (with DELIMITER, as mysqldump writes them),
// then the session settings restored. It creates and selects no database: the user picks the
// target. Rows are written under SET NAMES binary so every value is stored byte for byte (see
// sql_literals.hpp); timestamps travel in UTC as they were captured.
//
// The payload is verified first (Error(kSnapshot) when it is missing, corrupt or truncated);
// the rows are then streamed table by table in constant memory into a temporary file renamed
// to `output` only when whole.
SqlExportStats export_sql(const std::filesystem::path& payload, const SqlExportSource& source,
                          const std::filesystem::path& output,
                          const SqlExportOptions& options = {});

// export_sql of a usable stored snapshot: `tdm snapshot export`.
SqlExportStats export_snapshot(const StoredSnapshot& snapshot, const std::filesystem::path& output);

}  // namespace tdm
