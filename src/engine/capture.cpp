#include "engine/capture.hpp"

#include <algorithm>
#include <chrono>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "engine/database_inventory.hpp"
#include "engine/object_definitions.hpp"
#include "engine/parallel_capture.hpp"
#include "engine/progress_reporter.hpp"
#include "engine/session_settings.hpp"
#include "engine/shared_snapshot.hpp"
#include "engine/table_data_capture.hpp"

namespace tdm {

namespace {

std::uint64_t estimated_rows(const DatabaseInventory& inventory) {
  std::uint64_t rows = 0;
  for (const TableInfo& table : inventory.tables) rows += table.estimated_rows;
  return rows;
}

std::vector<std::string> table_names(const DatabaseInventory& inventory) {
  std::vector<std::string> names;
  for (const TableInfo& table : inventory.tables) names.push_back(table.name);
  return names;
}

// Starts the snapshot on `connection` and returns the other connections to read rows on,
// each in a snapshot showing the same data; none when one connection must do.
std::vector<Connection> start_snapshots(const ConnectionParams& params, Connection& connection,
                                        const DatabaseInventory& inventory, unsigned threads) {
  std::size_t helpers = std::min<std::size_t>(threads, inventory.tables.size());
  if (helpers > 1) {
    std::vector<Connection> others;
    std::vector<Connection*> readers{&connection};
    for (--helpers; others.size() < helpers;) {
      others.push_back(open_capture_reader(params, inventory.database.name));
    }
    for (Connection& other : others) readers.push_back(&other);
    if (start_shared_snapshot(params, inventory.database.name, table_names(inventory), readers)) {
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
                           const DatabaseInventory& inventory, PayloadWriter& writer,
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
  std::vector<Connection> others = start_snapshots(params, connection, inventory, options.threads);
  std::vector<Connection*> readers{&connection};
  for (Connection& other : others) readers.push_back(&other);

  PayloadWriter writer(payload_path, options.chunk_bytes);
  CaptureStats stats;
  try {
    stats = write_payload(readers, inventory, writer, options);
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
