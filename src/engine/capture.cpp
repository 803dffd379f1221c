#include "engine/capture.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "engine/database_inventory.hpp"
#include "engine/object_definitions.hpp"
#include "engine/parallel_capture.hpp"
#include "engine/progress_reporter.hpp"
#include "engine/server_files.hpp"
#include "engine/session_settings.hpp"
#include "engine/shared_snapshot.hpp"
#include "engine/table_data_capture.hpp"
#include "engine/tablespace_capture.hpp"

namespace tdm {

namespace {

// Holds the InnoDB tables still for copying their tablespaces, when that is possible here;
// nullopt (the payload then carries rows only) when not.
std::optional<TablespaceExport> start_tablespace_export(const ConnectionParams& params,
                                                        Connection& connection,
                                                        const DatabaseInventory& inventory,
                                                        const CaptureOptions& options) {
  if (!options.tablespace_copies) return std::nullopt;
  std::vector<std::string> tables = tablespace_copy_candidates(inventory);
  auto directory = visible_database_directory(connection, inventory.database.name);
  if (tables.empty() || !directory) return std::nullopt;
  try {
    return std::optional<TablespaceExport>(std::in_place, params, inventory.database.name,
                                           *directory, tables);
  } catch (const Error&) {
    return std::nullopt;  // no privilege, a lock not granted in time, files elsewhere
  }
}

std::uint64_t estimated_rows(const DatabaseInventory& inventory) {
  std::uint64_t rows = 0;
  for (const TableInfo& table : inventory.tables) rows += table.estimated_rows;
  return rows;
}

// The tables a lock must hold still for the readers' snapshots to agree: those the export
// (when there is one) does not hold already.
std::vector<std::string> tables_to_lock(const DatabaseInventory& inventory,
                                        const std::optional<TablespaceExport>& exported) {
  std::vector<std::string> tables;
  for (const TableInfo& table : inventory.tables) {
    if (!exported || std::find(exported->tables().begin(), exported->tables().end(), table.name) ==
                         exported->tables().end()) {
      tables.push_back(table.name);
    }
  }
  return tables;
}

// Starts the snapshot on `connection` and returns the other connections to read rows on,
// each in a snapshot showing the same data; none when one connection must do.
std::vector<Connection> start_snapshots(const ConnectionParams& params, Connection& connection,
                                        const DatabaseInventory& inventory,
                                        const std::optional<TablespaceExport>& exported,
                                        unsigned threads) {
  std::size_t helpers = std::min<std::size_t>(threads, inventory.tables.size());
  if (helpers > 1) {
    std::vector<Connection> others;
    std::vector<Connection*> readers{&connection};
    for (--helpers; others.size() < helpers;) {
      others.push_back(open_capture_reader(params, inventory.database.name));
    }
    for (Connection& other : others) readers.push_back(&other);
    if (start_shared_snapshot(params, inventory.database.name, tables_to_lock(inventory, exported),
                              readers)) {
      return others;
    }
  }
  start_snapshot(connection);
  return {};
}

// The rows of every table, on all `readers` at once when there are several.
std::vector<TableStats> capture_rows(const std::vector<Connection*>& readers,
                                     const DatabaseInventory& inventory, PayloadWriter& writer,
                                     std::size_t chunk_bytes, ProgressReporter& progress) {
  if (readers.size() > 1) {
    return capture_tables_in_parallel(readers, inventory.tables, writer, chunk_bytes, &progress);
  }
  std::vector<TableStats> stats;
  for (const TableInfo& table : inventory.tables) {
    stats.push_back(TableStats{
        table.name, capture_table_data(*readers.front(), table, chunk_bytes, writer, &progress)});
  }
  return stats;
}

// Writes the sections in restore order (payload_format.hpp).
CaptureStats write_payload(const std::vector<Connection*>& readers,
                           const DatabaseInventory& inventory,
                           std::optional<TablespaceExport>& exported, PayloadWriter& writer,
                           const CaptureOptions& options) {
  Connection& connection = *readers.front();
  const ProgressObserver& progress = options.progress;
  CaptureStats stats;
  stats.server_version = connection.server_version();
  DatabaseDefinition database = inventory.database;
  database.server_version = stats.server_version;
  writer.write_database(database);
  for (const std::string& sequence : inventory.sequences) {
    writer.write_sequence(read_sequence_definition(connection, sequence));
  }
  for (const TableInfo& table : inventory.tables) {
    writer.write_table(read_table_definition(connection, database.name, table.name));
  }
  if (exported) {
    exported->write_to(writer, stats.server_version, progress);
    stats.tablespace_copies = exported->tables().size();
    exported.reset();  // writers may go on: the rows come from the consistent snapshot
  }
  ProgressReporter read(progress, "reading rows", 0, estimated_rows(inventory), true);
  stats.tables = capture_rows(readers, inventory, writer, options.chunk_bytes, read);
  for (const ObjectName& object : inventory.objects) {
    writer.write_object(read_object_definition(connection, database.name, object));
  }
  return stats;
}

}  // namespace

CaptureStats capture_database(const ConnectionParams& params, const std::string& database,
                              const std::filesystem::path& payload_path,
                              const CaptureOptions& options) {
  auto started = std::chrono::steady_clock::now();
  Connection connection(params.with_database(""));
  prepare_capture_session(connection);
  DatabaseInventory inventory = read_inventory(connection, database);
  // SHOW CREATE names objects of the current database without a database prefix, so the
  // definitions restore into a database of any name.
  connection.execute("USE " + Connection::quote_identifier(database));
  // The export lock first: the snapshot taken while it holds shows what the copies hold.
  std::optional<TablespaceExport> exported =
      start_tablespace_export(params, connection, inventory, options);
  // While the export holds its tables still, the snapshots show what the copies hold; the
  // shared snapshot locks the others for the readers to agree on them too.
  std::vector<Connection> others =
      start_snapshots(params, connection, inventory, exported, options.threads);
  std::vector<Connection*> readers{&connection};
  for (Connection& other : others) readers.push_back(&other);

  PayloadWriter writer(payload_path, options.chunk_bytes);
  CaptureStats stats;
  try {
    stats = write_payload(readers, inventory, exported, writer, options);
  } catch (const Error& error) {
    throw Error(error.code(), "capturing database '" + database + "': " + error.what());
  }
  PayloadSummary summary = writer.commit();
  connection.execute("COMMIT");

  stats.payload_sha256 = summary.sha256;
  stats.payload_bytes = summary.bytes;
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats;
}

}  // namespace tdm
