#include "state/bookkeeping.hpp"

#include <mysqld_error.h>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/identifier.hpp"

namespace tdm {

namespace {

constexpr EnumNames<DatabaseState, 4> kStateNames{{{{DatabaseState::kRestoring, "restoring"},
                                                    {DatabaseState::kRestored, "restored"},
                                                    {DatabaseState::kSeeding, "seeding"},
                                                    {DatabaseState::kSeeded, "seeded"}}}};

DatabaseState parse_state(const std::string& text) {
  if (auto state = kStateNames.find(text)) return *state;
  throw Error(ExitCode::kDatabase, "unknown state '" + text + "' in _tdm.database_state",
              "drop the _tdm schema; tdm recreates it");
}

// The key column holds MariaDB's longest database name. A longer one would be cut to fit
// (under the sessions' relaxed sql_mode, silently) and then name another database's record:
// refused instead, before any statement.
const std::string& checked_key(const std::string& database) {
  if (utf8_characters(database) > kServerDatabaseNameLimit) {
    throw Error(ExitCode::kInvalidInput,
                "database name '" + database + "' is longer than " +
                    std::to_string(kServerDatabaseNameLimit) + " characters",
                "choose a name of at most " + std::to_string(kDatabaseNameLimit) + " characters");
  }
  return database;
}

}  // namespace

std::string to_string(DatabaseState state) {
  return kStateNames.name(state);
}

std::string Bookkeeping::schema_statements() {
  return "CREATE DATABASE IF NOT EXISTS _tdm CHARACTER SET utf8mb4;"
         " CREATE TABLE IF NOT EXISTS _tdm.database_state ("
         " database_name VARCHAR(64) NOT NULL PRIMARY KEY,"
         " state ENUM('restoring','restored','seeding','seeded') NOT NULL,"
         " snapshot VARCHAR(255) NOT NULL DEFAULT '',"
         " data_model_hash VARCHAR(64) NOT NULL DEFAULT '',"
         " started_at DATETIME(6) NOT NULL,"
         " finished_at DATETIME(6) NULL"
         ") ENGINE=InnoDB";
}

Bookkeeping::Bookkeeping(Connection& connection) : connection_(connection) {
  // One round trip: this runs before every test's reset.
  connection_.execute(schema_statements());
}

Bookkeeping::Bookkeeping(Connection& connection, SchemaReady) : connection_(connection) {}

void Bookkeeping::write(const std::string& database, DatabaseState state,
                        const std::string& snapshot, const std::string& data_model_hash,
                        bool finished) {
  std::string finished_at = finished ? "NOW(6)" : "NULL";
  connection_.execute(
      "INSERT INTO _tdm.database_state VALUES (" + connection_.quote(checked_key(database)) +
      ", '" + to_string(state) + "', " + connection_.quote(snapshot) + ", " +
      connection_.quote(data_model_hash) + ", NOW(6), " + finished_at +
      ") ON DUPLICATE KEY UPDATE state = VALUES(state), snapshot = VALUES(snapshot),"
      " data_model_hash = VALUES(data_model_hash), finished_at = VALUES(finished_at),"
      " started_at = IF(VALUES(finished_at) IS NULL, VALUES(started_at), started_at)");
}

void Bookkeeping::begin(const std::string& database, DatabaseState in_progress,
                        const std::string& snapshot, const std::string& data_model_hash) {
  write(database, in_progress, snapshot, data_model_hash, false);
}

void Bookkeeping::finish(const std::string& database, DatabaseState done,
                         const std::string& snapshot, const std::string& data_model_hash) {
  write(database, done, snapshot, data_model_hash, true);
}

std::optional<StateRecord> Bookkeeping::read(const std::string& database) {
  return lookup(connection_, database);
}

std::string Bookkeeping::lookup_statement(Connection& connection, const std::string& database) {
  return "SELECT database_name, state, snapshot, data_model_hash, started_at, finished_at"
         " FROM _tdm.database_state WHERE database_name = " +
         connection.quote(checked_key(database));
}

std::optional<StateRecord> Bookkeeping::record_from(Result& result) {
  auto row = result.next();
  if (!row) return std::nullopt;
  StateRecord record;
  record.database = row->str(0);
  record.state = parse_state(row->str(1));
  record.snapshot = row->str(2);
  record.data_model_hash = row->str(3);
  record.started_at = row->str(4);
  record.finished_at = row->optional(5).value_or("");
  return record;
}

std::optional<StateRecord> Bookkeeping::lookup(Connection& connection,
                                               const std::string& database) {
  // No _tdm schema or table yet: nothing was ever recorded on this server.
  Attempt<Result> result = connection.try_query(lookup_statement(connection, database),
                                                {ER_BAD_DB_ERROR, ER_NO_SUCH_TABLE});
  if (!result) return std::nullopt;
  return record_from(*result);
}

void Bookkeeping::forget(const std::string& database) {
  connection_.execute("DELETE FROM _tdm.database_state WHERE database_name = " +
                      connection_.quote(checked_key(database)));
}

}  // namespace tdm
