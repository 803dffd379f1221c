#include "engine/capture.hpp"

#include <chrono>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "engine/database_inventory.hpp"
#include "engine/object_definitions.hpp"
#include "engine/session_settings.hpp"
#include "engine/table_data_capture.hpp"

namespace tdm {

namespace {

// Writes the sections in restore order (payload_format.hpp).
CaptureStats write_payload(Connection& connection, const DatabaseInventory& inventory,
                           PayloadWriter& writer) {
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
  for (const TableInfo& table : inventory.tables) {
    stats.tables.push_back(TableStats{table.name, capture_table_data(connection, table, writer)});
  }
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
  connection.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");

  PayloadWriter writer(payload_path, options.chunk_bytes);
  CaptureStats stats;
  try {
    stats = write_payload(connection, inventory, writer);
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
