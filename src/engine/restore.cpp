#include "engine/restore.hpp"

#include <chrono>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "engine/parallel_load.hpp"
#include "engine/schema_restore.hpp"
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

// Everything from the first change to the target database to the last object.
std::uint64_t apply_payload(const ConnectionParams& params, Connection& control,
                            const RestoreRequest& request, const PayloadFile& file,
                            const PayloadIndex& index) {
  recreate_database(control, request.target_database, index.database);
  ConnectionParams target = params.with_database(request.target_database);
  Connection schema(target);
  prepare_restore_session(schema);
  create_tables(schema, index);
  std::uint64_t rows = load_all_tables(target, file, index, request.threads);
  create_stored_objects(schema, index.objects);
  return rows;
}

}  // namespace

RestoreStats restore_database(const ConnectionParams& params, const RestoreRequest& request,
                              const TestDatabaseRule& rule) {
  auto started = Clock::now();
  const std::string& target = request.target_database;
  rule.require(target, "restore a snapshot into");

  PayloadFile file(request.payload_path);
  verify_payload(file, request.expected_sha256);
  PayloadIndex index = read_payload_index(file);
  RestoreStats stats;
  stats.verify_seconds = seconds_since(started);

  Connection control(params.with_database(""));
  prepare_restore_session(control);
  Bookkeeping bookkeeping(control);
  bookkeeping.begin(target, DatabaseState::kRestoring, request.snapshot_name,
                    request.data_model_hash);
  try {
    stats.rows = apply_payload(params, control, request, file, index);
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
