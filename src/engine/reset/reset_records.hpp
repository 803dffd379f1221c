#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "connection/connection.hpp"
#include "engine/reset/binlog_undo.hpp"
#include "engine/reset/change_signals.hpp"

namespace tdm {

// Where a database was last brought to a payload's state, for the next reset to compare with.
struct ResetPoint {
  std::string payload_sha256;
  // The bookkeeping's start time of the restore or reset that left this point: another one
  // (another command restoring or seeding the database) makes the point stale.
  std::string restored_at;
  std::string server_incarnation;        // see change_signals.hpp
  std::optional<BinlogPosition> binlog;  // the log's end then, when it can serve undos
};

// The records resets keep in the `_tdm` schema beside the bookkeeping (state/bookkeeping.hpp),
// which stays the authority on whether a database is in a snapshot's state at all:
//   reset_point      one row per database: the payload and where the binary log stood;
//   reset_baseline   one row per table: its change signals right after the reset;
//   pristine_checksum  one row per payload and table: CHECKSUM TABLE of the table as restored,
//                    which a reset compares an undone table with;
//   pristine_copy    one row per payload, table and tablespace copy (its digest, see
//                    snapshot/tablespace_cache.hpp) that gave the table its pristine checksum
//                    once imported: importing the same files again gives the same rows;
//   clean_proof      one row per database: its last clean proof (clean_proof.hpp), dropped
//                    with the point.
class ResetRecords {
 public:
  // Creates the tables on first use.
  explicit ResetRecords(Connection& connection);
  // For a caller that made sure the tables exist (a read that found them, else
  // schema_statements() run in a round trip shared with other statements).
  struct SchemaReady {};
  ResetRecords(Connection& connection, SchemaReady);
  // The statements (six, separated by ';') that create the schema and tables when missing.
  static std::string schema_statements();
  // A statement that reads nothing and fails with ER_NO_SUCH_TABLE (or ER_BAD_DB_ERROR) unless
  // the tables other than reset_point exist (point_statement tells about that one).
  static std::string presence_statement();

  std::optional<ResetPoint> read_point(const std::string& database);
  // The same in parts, for a round trip shared with other reads.
  static std::string point_statement(Connection& connection, const std::string& database);
  static std::optional<ResetPoint> point_from(Result& result);
  DatabaseSignals read_baseline(const std::string& database);
  // The same in parts, for a round trip shared with other reads (on any session).
  static std::string baseline_statement(Connection& connection, const std::string& database);
  static DatabaseSignals baseline_from(Result& result);
  // Replaces the point and baseline of `database` (one transaction).
  void write(const std::string& database, const ResetPoint& point, const DatabaseSignals& tables);
  void forget(const std::string& database);
  // The first binary log file any database's reset point still needs, or nullopt.
  std::optional<std::string> oldest_binlog_file();

  std::map<std::string, std::string> pristine_checksums(const std::string& payload_sha256);
  void store_pristine_checksums(const std::string& payload_sha256,
                                const std::map<std::string, std::string>& checksums);
  // The (table, copy digest) pairs of pristine_copy; and more of them, a digest by table.
  std::set<std::pair<std::string, std::string>> pristine_copies(const std::string& payload_sha256);
  void store_pristine_copies(const std::string& payload_sha256,
                             const std::map<std::string, std::string>& digests);

 private:
  // One transaction of `write`; the refusal when InnoDB rolled it back to end a deadlock.
  Attempt<> try_write(const std::string& database, const ResetPoint& point,
                      const DatabaseSignals& tables);

  Connection& connection_;
};

}  // namespace tdm
