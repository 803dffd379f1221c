#include "engine/common/session_settings.hpp"

#include <mysqld_error.h>

#include <string>

#include "snapshot/payload/load_data_text.hpp"

namespace tdm {

void prepare_capture_session(Connection& connection) {
  connection.execute(
      "SET SESSION time_zone = '+00:00', sql_mode = '', sql_quote_show_create = 1,"
      " character_set_results = binary, net_write_timeout = 3600, net_read_timeout = 3600;"
      " SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
}

void prepare_restore_session(Connection& connection) {
  connection.execute("SET SESSION time_zone = '+00:00', sql_mode = '" + std::string(kLoadSqlMode) +
                     "', foreign_key_checks = 0, unique_checks = 0, check_constraint_checks = 0,"
                     " net_write_timeout = 3600, net_read_timeout = 3600");
  stop_binary_logging(connection);
  allow_history_inserts(connection);
}

void allow_history_inserts(Connection& connection) {
  // A server before 10.11 does not know the variable; secure_timestamp=YES (or SUPER/REPLICATION
  // without the privilege) forbids it. Then loading history rows fails, and says so.
  connection.try_execute(
      "SET SESSION system_versioning_insert_history = 1",
      {ER_UNKNOWN_SYSTEM_VARIABLE, ER_OPTION_PREVENTS_STATEMENT, ER_SPECIFIC_ACCESS_DENIED_ERROR});
}

void stop_binary_logging(Connection& connection) {
  // Only a missing privilege (SUPER or BINLOG ADMIN) is expected; a lost connection is no "no".
  connection.try_execute("SET SESSION sql_log_bin = 0", {ER_SPECIFIC_ACCESS_DENIED_ERROR});
}

}  // namespace tdm
