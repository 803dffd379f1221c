#include "engine/common/session_settings.hpp"

#include <mysqld_error.h>

#include <string>

#include "snapshot/payload/load_data_text.hpp"

namespace tdm {

namespace {

constexpr const char* kStopBinaryLogging = "SET SESSION sql_log_bin = 0";
constexpr const char* kAllowHistoryInserts = "SET SESSION system_versioning_insert_history = 1";

}  // namespace

std::string capture_session_statements() {
  return "SET SESSION time_zone = '+00:00', sql_mode = '', sql_quote_show_create = 1,"
         " character_set_results = binary, net_write_timeout = 3600, net_read_timeout = 3600;"
         " SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ";
}

void prepare_capture_session(Connection& connection) {
  connection.execute(capture_session_statements());
}

void prepare_restore_session(Connection& connection) {
  std::string settings =
      "SET SESSION time_zone = '+00:00', sql_mode = '" + std::string(kLoadSqlMode) +
      "', foreign_key_checks = 0, unique_checks = 0, check_constraint_checks = 0,"
      " net_write_timeout = 3600, net_read_timeout = 3600";
  // All three in one round trip; when one is refused (the server stops at it), each again on
  // its own, where only the errors each expects are a "no".
  if (!connection.execute_multi(settings + "; " + kStopBinaryLogging + "; " +
                                kAllowHistoryInserts)) {
    return;
  }
  connection.execute(settings);
  stop_binary_logging(connection);
  allow_history_inserts(connection);
}

void allow_history_inserts(Connection& connection) {
  // A server before 10.11 does not know the variable; secure_timestamp=YES (or SUPER/REPLICATION
  // without the privilege) forbids it. Then loading history rows fails, and says so.
  connection.try_execute(
      kAllowHistoryInserts,
      {ER_UNKNOWN_SYSTEM_VARIABLE, ER_OPTION_PREVENTS_STATEMENT, ER_SPECIFIC_ACCESS_DENIED_ERROR});
}

void stop_binary_logging(Connection& connection) {
  // Only a missing privilege (SUPER or BINLOG ADMIN) is expected; a lost connection is no "no".
  connection.try_execute(kStopBinaryLogging, {ER_SPECIFIC_ACCESS_DENIED_ERROR});
}

}  // namespace tdm
