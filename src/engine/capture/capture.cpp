#include "engine/capture.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <future>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "engine/capture/capture_connections.hpp"
#include "engine/capture/parallel_capture.hpp"
#include "engine/capture/shared_snapshot.hpp"
#include "engine/capture/table_data_capture.hpp"
#include "engine/common/database_inventory.hpp"
#include "engine/common/object_definitions.hpp"
#include "engine/common/progress_reporter.hpp"
#include "engine/common/session_settings.hpp"

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

// Starts the snapshot on `connection` and returns the helpers' readers to read rows on as
// well, each in a snapshot showing the same data; none when one connection must do.
std::vector<Connection> start_snapshots(Connection& connection, const DatabaseInventory& inventory,
                                        CaptureConnections& helpers) {
  std::vector<Connection>& others = helpers.readers;
  std::size_t wanted = inventory.tables.empty() ? 0 : inventory.tables.size() - 1;
  if (others.size() > wanted) others.erase(others.begin() + wanted, others.end());
  if (!others.empty()) {
    std::vector<Connection*> readers{&connection};
    for (Connection& other : others) readers.push_back(&other);
    if (start_shared_snapshot(*helpers.locker, inventory.database.name, table_names(inventory),
                              readers)) {
      return std::move(others);
    }
    others.clear();  // not needed after all
  }
  start_snapshot(connection);
  return {};
}

// The rows of every table, on all `readers` at once when there are several.
// Rows read ahead of their turn spill beside the payload.
std::vector<TableStats> capture_rows(const std::vector<Connection*>& readers,
                                     const DatabaseInventory& inventory, PayloadWriter& writer,
                                     std::size_t chunk_bytes, ProgressReporter& progress) {
  if (readers.size() > 1) {
    return capture_tables_in_parallel(readers, inventory.tables, writer, chunk_bytes, &progress,
                                      writer.directory());
  }
  std::vector<TableStats> stats;
  for (const TableInfo& table : inventory.tables) {
    stats.push_back(TableStats{
        table.name, capture_table_data(*readers.front(), table, chunk_bytes, writer, &progress)});
  }
  return stats;
}

// Writes the sections in restore order (payload_format.hpp); `stored_objects` gives the
// definitions of the routines, views, triggers and events once the rows are written.
CaptureStats write_payload(const std::vector<Connection*>& readers,
                           const DatabaseInventory& inventory, PayloadWriter& writer,
                           const CaptureOptions& options,
                           const std::function<std::vector<StoredObject>()>& stored_objects) {
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
  for (const StoredObject& object : stored_objects()) writer.write_object(object);
  return stats;
}

}  // namespace

CaptureStats capture_database(const ConnectionParams& params, const std::string& database,
                              const std::filesystem::path& payload_path,
                              const CaptureOptions& options) {
  auto started = std::chrono::steady_clock::now();
  // Helpers connect while this connection checks and lists the tables.
  std::future<CaptureConnections> opening;
  if (options.threads > 1)
    opening = open_capture_connections(params, database, options.threads - 1);
  Connection connection(params.with_database(""));
  if (options.check_source) options.check_source(connection);
  prepare_capture_session(connection);
  DatabaseInventory inventory = read_table_inventory(connection, database);
  // SHOW CREATE names objects of the current database without a database prefix, so the
  // definitions restore into a database of any name.
  connection.execute("USE " + Connection::quote_identifier(database));
  CaptureConnections helpers;
  if (opening.valid()) helpers = opening.get();
  std::vector<Connection> others = start_snapshots(connection, inventory, helpers);
  std::vector<Connection*> readers{&connection};
  for (Connection& other : others) readers.push_back(&other);
  // The lock connection, done with, reads the stored objects meanwhile; else this one, last.
  std::future<std::vector<StoredObject>> aside;
  if (helpers.locker) aside = read_stored_objects_aside(std::move(*helpers.locker), database);
  auto stored_objects = [&] {
    return aside.valid() ? aside.get() : read_stored_objects(connection, database);
  };

  PayloadWriter writer(payload_path, options.chunk_bytes);
  CaptureStats stats;
  try {
    stats = write_payload(readers, inventory, writer, options, stored_objects);
  } catch (const Error& error) {
    throw Error(error.code(), "capturing database '" + database + "': " + error.what());
  }
  PayloadSummary summary = writer.commit(options.name_by_digest);
  connection.execute("COMMIT");

  stats.payload_path = summary.path;
  stats.payload_sha256 = summary.sha256;
  stats.payload_bytes = summary.bytes;
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats;
}

}  // namespace tdm
