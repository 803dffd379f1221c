#include "lock/database_drop.hpp"

#include <mysqld_error.h>

#include "core/error.hpp"

namespace tdm {
namespace {

// "session 12 (root, Sleep for 4 s), ..." of the other sessions using `database`. What they
// run is left out: a statement's text may hold a password.
std::string sessions_using(Connection& connection, const std::string& database) {
  Result sessions = connection.query(
      "SELECT ID, USER, COMMAND, TIME FROM information_schema.PROCESSLIST WHERE DB = " +
      connection.quote(database) + " AND ID <> CONNECTION_ID() ORDER BY ID");
  std::string listed;
  std::string first_id;
  while (auto row = sessions.next()) {
    if (first_id.empty()) first_id = row->str(0);
    if (!listed.empty()) listed += ", ";
    listed += "session " + row->str(0) + " (" + row->str(1) + ", " + row->str(2) + " for " +
              row->str(3) + " s)";
  }
  if (listed.empty()) return "a session that has left it since";
  return listed + "; end one with KILL " + first_id;
}

}  // namespace

void drop_database(Connection& connection, const std::string& database,
                   std::chrono::seconds timeout) {
  connection.execute("SET SESSION lock_wait_timeout = " + std::to_string(timeout.count()));
  Attempt<> dropped = connection.try_execute(
      "DROP DATABASE IF EXISTS " + Connection::quote_identifier(database), {ER_LOCK_WAIT_TIMEOUT});
  if (dropped) return;
  throw Error(ExitCode::kBusy,
              "database '" + database + "' is still in use after " +
                  std::to_string(timeout.count()) +
                  " s, so it cannot be replaced: " + sessions_using(connection, database),
              "commit or end the other sessions (an app's or a test's open transaction, or the "
              "statements of a killed tdm still finishing), then run again; TDM_LOCK_TIMEOUT "
              "(seconds) sets how long tdm waits");
}

}  // namespace tdm
