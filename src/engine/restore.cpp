#include "engine/restore.hpp"

#include <unistd.h>

#include <chrono>
#include <optional>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "engine/auto_increment.hpp"
#include "engine/parallel_load.hpp"
#include "engine/schema_restore.hpp"
#include "engine/server_files.hpp"
#include "engine/session_settings.hpp"
#include "snapshot/payload_reader.hpp"
#include "state/bookkeeping.hpp"

namespace tdm {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void recreate_database(Connection& control, const std::string& target,
                       const DatabaseDefinition& captured) {
  std::string quoted = Connection::quote_identifier(target);
  std::string create = "CREATE DATABASE " + quoted;
  if (!captured.charset.empty()) create += " CHARACTER SET " + control.quote(captured.charset);
  if (!captured.collation.empty()) create += " COLLATE " + control.quote(captured.collation);
  if (!captured.comment.empty()) create += " COMMENT " + control.quote(captured.comment);
  control.execute("DROP DATABASE IF EXISTS " + quoted);
  control.execute(create);
}

// The target's directory when its tables can take the payload's tablespace copies: the
// server is local with its files visible here and is the version that wrote the copies.
std::optional<std::filesystem::path> tablespace_directory(Connection& connection,
                                                          const RestoreRequest& request,
                                                          const PayloadIndex& index) {
  if (!request.tablespace_copies || index.tablespaces.empty()) return std::nullopt;
  if (connection.server_version() != index.tablespaces.front().header.server_version) {
    return std::nullopt;
  }
  auto directory = visible_database_directory(connection, request.target_database);
  if (!directory || ::access(directory->c_str(), W_OK) != 0) return std::nullopt;
  return directory;
}

// Everything from the first change to the target database to the last object.
LoadResult apply_payload(const ConnectionParams& params, Connection& control,
                         const RestoreRequest& request, const PayloadFile& file,
                         const PayloadIndex& index) {
  recreate_database(control, request.target_database, index.database);
  ConnectionParams target = params.with_database(request.target_database);
  Connection schema(target);
  prepare_restore_session(schema);
  create_tables(schema, index);
  LoadResult loaded =
      load_all_tables(target, file, index, request.threads,
                      tablespace_directory(schema, request, index), request.progress);
  // An imported InnoDB table now and then comes back with its counter at 0 ("AUTOINC next
  // value generation is disabled" in the server log): set every counter as captured.
  restore_auto_increments(schema, request.target_database, index);
  create_stored_objects(schema, index.objects);
  return loaded;
}

}  // namespace

RestoreStats restore_database(const ConnectionParams& params, const RestoreRequest& request,
                              const TestDatabaseRule& rule) {
  auto started = Clock::now();
  const std::string& target = request.target_database;
  rule.require(target, "restore a snapshot into");

  PayloadFile file(request.payload_path);
  verify_payload(file, request.expected_sha256, request.progress);
  PayloadIndex index = read_payload_index(file);
  RestoreStats stats;
  stats.verify_seconds = seconds_since(started);

  Connection control(params.with_database(""));
  prepare_restore_session(control);
  Bookkeeping bookkeeping(control);
  bookkeeping.begin(target, DatabaseState::kRestoring, request.snapshot_name,
                    request.data_model_hash);
  try {
    LoadResult loaded = apply_payload(params, control, request, file, index);
    stats.rows = loaded.rows;
    stats.tablespaces_imported = loaded.tablespaces_imported;
    stats.notes = std::move(loaded.notes);
  } catch (const Error& error) {
    throw Error(error.code(), "restoring " + request.payload_path.filename().string() + " into '" +
                                  target + "': " + error.what());
  }
  bookkeeping.finish(target, DatabaseState::kRestored, request.snapshot_name,
                     request.data_model_hash);

  stats.bytes = file.size();
  stats.tables = index.tables.size();
  stats.seconds = seconds_since(started);
  return stats;
}

}  // namespace tdm
