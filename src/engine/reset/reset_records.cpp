#include "engine/reset/reset_records.hpp"

#include <mysqld_error.h>

#include <cstdlib>
#include <vector>

#include "connection/rollback_guard.hpp"
#include "core/error.hpp"
#include "engine/reset.hpp"

namespace tdm {

namespace {

std::string number_or_null(const std::optional<std::uint64_t>& value) {
  return value ? std::to_string(*value) : "NULL";
}

std::vector<std::string> forget_statements(Connection& connection, const std::string& database) {
  std::string quoted = connection.quote(database);
  return {"DELETE FROM _tdm.reset_point WHERE database_name = " + quoted,
          "DELETE FROM _tdm.reset_baseline WHERE database_name = " + quoted,
          "DELETE FROM _tdm.clean_proof WHERE database_name = " + quoted};
}

std::vector<std::string> write_statements(Connection& connection, const std::string& database,
                                          const ResetPoint& point, const DatabaseSignals& tables) {
  std::vector<std::string> statements = forget_statements(connection, database);
  std::string quoted = connection.quote(database);
  statements.push_back("INSERT INTO _tdm.reset_point VALUES (" + quoted + ", " +
                       connection.quote(point.payload_sha256) + ", " +
                       connection.quote(point.restored_at) + ", " +
                       connection.quote(point.server_incarnation) + ", " +
                       (point.binlog ? connection.quote(point.binlog->file) : "NULL") + ", " +
                       (point.binlog ? std::to_string(point.binlog->position) : "NULL") + ")");
  std::string rows;
  for (const auto& [name, table] : tables) {
    rows += std::string(rows.empty() ? "" : ", ") + "(" + quoted + ", " + connection.quote(name) +
            ", " + std::to_string(table.rows_changed) + ", " + number_or_null(table.table_id) +
            ", " + std::to_string(table.modified_counter) + ", " +
            connection.quote(table.update_time) + ")";
  }
  if (!rows.empty()) statements.push_back("INSERT INTO _tdm.reset_baseline VALUES " + rows);
  return statements;
}

// REPLACE INTO `records` a row (payload, table, value) for every table of `values`.
void replace_table_values(Connection& connection, std::string_view records,
                          const std::string& payload_sha256,
                          const std::map<std::string, std::string>& values) {
  std::string rows;
  for (const auto& [table, value] : values) {
    rows += std::string(rows.empty() ? "" : ", ") + "(" + connection.quote(payload_sha256) + ", " +
            connection.quote(table) + ", " + connection.quote(value) + ")";
  }
  if (!rows.empty()) connection.execute("REPLACE INTO " + std::string(records) + " VALUES " + rows);
}

}  // namespace

std::string ResetRecords::schema_statements() {
  return "CREATE DATABASE IF NOT EXISTS _tdm CHARACTER SET utf8mb4;"
         " CREATE TABLE IF NOT EXISTS _tdm.reset_point ("
         " database_name VARCHAR(64) NOT NULL PRIMARY KEY,"
         " payload_sha256 VARCHAR(64) NOT NULL,"
         " restored_at VARCHAR(32) NOT NULL,"
         " server_incarnation VARCHAR(128) NOT NULL,"
         " binlog_file VARCHAR(255) NULL,"
         " binlog_position BIGINT UNSIGNED NULL"
         ") ENGINE=InnoDB;"
         " CREATE TABLE IF NOT EXISTS _tdm.reset_baseline ("
         " database_name VARCHAR(64) NOT NULL,"
         " table_name VARCHAR(64) NOT NULL,"
         " rows_changed BIGINT UNSIGNED NOT NULL,"
         " table_id BIGINT UNSIGNED NULL,"
         " modified_counter BIGINT UNSIGNED NOT NULL,"
         " update_time VARCHAR(32) NOT NULL,"
         " PRIMARY KEY (database_name, table_name)"
         ") ENGINE=InnoDB;"
         " CREATE TABLE IF NOT EXISTS _tdm.pristine_checksum ("
         " payload_sha256 VARCHAR(64) NOT NULL,"
         " table_name VARCHAR(64) NOT NULL,"
         " checksum VARCHAR(20) NOT NULL,"
         " PRIMARY KEY (payload_sha256, table_name)"
         ") ENGINE=InnoDB;"
         " CREATE TABLE IF NOT EXISTS _tdm.pristine_copy ("
         " payload_sha256 VARCHAR(64) NOT NULL,"
         " table_name VARCHAR(64) NOT NULL,"
         " copy_digest VARCHAR(128) NOT NULL,"
         " PRIMARY KEY (payload_sha256, table_name, copy_digest)"
         ") ENGINE=InnoDB;"
         " CREATE TABLE IF NOT EXISTS _tdm.clean_proof ("
         " database_name VARCHAR(64) NOT NULL PRIMARY KEY,"
         " payload_sha256 VARCHAR(64) NOT NULL,"
         " restored_at VARCHAR(32) NOT NULL,"
         " server_incarnation VARCHAR(128) NOT NULL,"
         " definition_statements BIGINT UNSIGNED NOT NULL,"
         " routine_rows BIGINT UNSIGNED NOT NULL,"
         " auto_increments TEXT NOT NULL,"
         " KEY (definition_statements)"
         ") ENGINE=InnoDB";
}

std::string ResetRecords::presence_statement() {
  return "SELECT 1 FROM _tdm.reset_baseline, _tdm.pristine_checksum, _tdm.pristine_copy,"
         " _tdm.clean_proof LIMIT 0";
}

ResetRecords::ResetRecords(Connection& connection) : connection_(connection) {
  // One round trip: this runs before every test's reset.
  connection_.execute(schema_statements());
}

ResetRecords::ResetRecords(Connection& connection, SchemaReady) : connection_(connection) {}

std::string ResetRecords::point_statement(Connection& connection, const std::string& database) {
  return "SELECT payload_sha256, restored_at, server_incarnation, binlog_file, binlog_position"
         " FROM _tdm.reset_point WHERE database_name = " +
         connection.quote(database);
}

std::optional<ResetPoint> ResetRecords::point_from(Result& result) {
  auto row = result.next();
  if (!row) return std::nullopt;
  ResetPoint point{row->str(0), row->str(1), row->str(2), std::nullopt};
  if (!row->is_null(3) && !row->is_null(4)) {
    point.binlog = BinlogPosition{row->str(3), std::strtoull(row->str(4).c_str(), nullptr, 10)};
  }
  return point;
}

std::optional<ResetPoint> ResetRecords::read_point(const std::string& database) {
  Result result = connection_.query(point_statement(connection_, database));
  return point_from(result);
}

std::optional<std::string> ResetRecords::oldest_binlog_file() {
  // Log file names end in a zero-padded counter: the least name is the oldest file.
  return connection_.scalar(
      "SELECT MIN(binlog_file) FROM _tdm.reset_point WHERE binlog_file IS NOT NULL");
}

DatabaseSignals ResetRecords::read_baseline(const std::string& database) {
  Result result = connection_.query(baseline_statement(connection_, database));
  return baseline_from(result);
}

std::string ResetRecords::baseline_statement(Connection& connection, const std::string& database) {
  return "SELECT table_name, rows_changed, table_id, modified_counter, update_time"
         " FROM _tdm.reset_baseline WHERE database_name = " +
         connection.quote(database);
}

DatabaseSignals ResetRecords::baseline_from(Result& result) {
  DatabaseSignals tables;
  while (auto row = result.next()) {
    TableSignals& table = tables[row->str(0)];
    table.rows_changed = std::strtoull(row->str(1).c_str(), nullptr, 10);
    if (!row->is_null(2)) table.table_id = std::strtoull(row->str(2).c_str(), nullptr, 10);
    table.modified_counter = std::strtoull(row->str(3).c_str(), nullptr, 10);
    table.update_time = row->str(4);
  }
  return tables;
}

void ResetRecords::write(const std::string& database, const ResetPoint& point,
                         const DatabaseSignals& tables) {
  // READ COMMITTED: deleting a missing row then takes no gap lock. Two tests recording their
  // databases at once can still deadlock inside InnoDB now and then (seen under ctest -j2); the
  // server has rolled the loser back, which then simply tries again.
  constexpr int kAttempts = 5;
  for (int attempt = 1;; ++attempt) {
    Attempt<> written = try_write(database, point, tables);
    if (written) return;
    if (attempt == kAttempts) {
      throw Error(ExitCode::kDatabase,
                  "recording the reset point of '" + database + "' deadlocked " +
                      std::to_string(kAttempts) + " times: " + written.message(),
                  "run fewer tests at once (ctest -j)");
    }
  }
}

Attempt<> ResetRecords::try_write(const std::string& database, const ResetPoint& point,
                                  const DatabaseSignals& tables) {
  // One round trip, as this runs after every reset; the server stops at a statement that fails,
  // and what ran of the transaction is then rolled back.
  std::string sql = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED; START TRANSACTION";
  for (const std::string& statement : write_statements(connection_, database, point, tables)) {
    sql += "; " + statement;
  }
  RollbackUnlessCommitted transaction(connection_);
  Attempt<> written = connection_.try_execute(sql + "; COMMIT", {ER_LOCK_DEADLOCK});
  if (written) transaction.committed();
  return written;
}

void ResetRecords::forget(const std::string& database) {
  for (const std::string& statement : forget_statements(connection_, database)) {
    connection_.execute(statement);
  }
}

void forget_reset_records(Connection& connection, const std::string& database) {
  ResetRecords(connection).forget(database);
}

std::map<std::string, std::string> ResetRecords::pristine_checksums(
    const std::string& payload_sha256) {
  Result result = connection_.query(
      "SELECT table_name, checksum FROM _tdm.pristine_checksum WHERE payload_sha256 = " +
      connection_.quote(payload_sha256));
  std::map<std::string, std::string> checksums;
  while (auto row = result.next()) checksums[row->str(0)] = row->str(1);
  return checksums;
}

void ResetRecords::store_pristine_checksums(const std::string& payload_sha256,
                                            const std::map<std::string, std::string>& checksums) {
  replace_table_values(connection_, "_tdm.pristine_checksum", payload_sha256, checksums);
}

std::set<std::pair<std::string, std::string>> ResetRecords::pristine_copies(
    const std::string& payload_sha256) {
  Result result = connection_.query(
      "SELECT table_name, copy_digest FROM _tdm.pristine_copy WHERE"
      " payload_sha256 = " +
      connection_.quote(payload_sha256));
  std::set<std::pair<std::string, std::string>> copies;
  while (auto row = result.next()) copies.emplace(row->str(0), row->str(1));
  return copies;
}

void ResetRecords::store_pristine_copies(const std::string& payload_sha256,
                                         const std::map<std::string, std::string>& digests) {
  replace_table_values(connection_, "_tdm.pristine_copy", payload_sha256, digests);
}

}  // namespace tdm
