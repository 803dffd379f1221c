#pragma once

#include <optional>
#include <string>

#include "connection/connection.hpp"

namespace tdm {

// What TDM last did to a database, recorded inside the server (schema `_tdm`, never the
// user's tables). A database is trusted to be in a snapshot's state only when its record says
// that work finished; a restore or seed that died part-way leaves "restoring"/"seeding".
enum class DatabaseState { kRestoring, kRestored, kSeeding, kSeeded };

std::string to_string(DatabaseState state);

struct StateRecord {
  std::string database;
  DatabaseState state = DatabaseState::kRestoring;
  std::string snapshot;         // snapshot name restored from, or captured after seeding
  std::string data_model_hash;  // of the inputs the data came from
  std::string started_at;       // server time, ISO-like
  std::string finished_at;      // empty while in progress

  bool complete() const {
    return state == DatabaseState::kRestored || state == DatabaseState::kSeeded;
  }
};

class Bookkeeping {
 public:
  static constexpr const char* kSchema = "_tdm";

  // Creates the schema and table on first use.
  explicit Bookkeeping(Connection& connection);
  // For a caller that made sure the table exists (a read that found it, else
  // schema_statements() run in a round trip shared with other statements).
  struct SchemaReady {};
  Bookkeeping(Connection& connection, SchemaReady);
  // The statements (two, separated by ';') that create the schema and table when missing.
  static std::string schema_statements();

  // Records that work on `database` started: whatever was there is no longer trusted.
  void begin(const std::string& database, DatabaseState in_progress, const std::string& snapshot,
             const std::string& data_model_hash);
  // Records that the work finished; call last, after everything else succeeded.
  void finish(const std::string& database, DatabaseState done, const std::string& snapshot,
              const std::string& data_model_hash);
  std::optional<StateRecord> read(const std::string& database);
  // The record of `database` without creating anything: also nullopt when the server has no
  // bookkeeping yet. Needs only SELECT, so a read-only account can be checked.
  static std::optional<StateRecord> lookup(Connection& connection, const std::string& database);
  // lookup in parts, for a round trip shared with other reads: the statement (the table must
  // exist), and the record from its result.
  static std::string lookup_statement(Connection& connection, const std::string& database);
  static std::optional<StateRecord> record_from(Result& result);
  void forget(const std::string& database);

 private:
  void write(const std::string& database, DatabaseState state, const std::string& snapshot,
             const std::string& data_model_hash, bool finished);

  Connection& connection_;
};

}  // namespace tdm
