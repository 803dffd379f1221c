#include "engine/capture/shared_snapshot.hpp"

#include <mysqld_error.h>

#include "core/error.hpp"
#include "engine/common/session_settings.hpp"

namespace tdm {

namespace {

// Waiting for writers' transactions to end stalls their next statements on these tables
// too, and reading on one connection costs only a little time: so wait briefly.
constexpr const char* kLockWaitSeconds = "2";

// Whether `locker` now holds `tables` of `database` still; false when the lock is refused (not
// granted in time, no privilege), Error for anything else: a lost connection is no refusal.
// LOCK TABLES ... READ waits for the transactions that wrote to the tables to end and holds off new
// writes (metadata locks), as FLUSH TABLES ... WITH READ LOCK does, without closing the tables
// (which the readers then reopened: 0.8 ms more per capture) and without the RELOAD privilege.
bool lock_tables(Connection& locker, const std::string& database,
                 const std::vector<std::string>& tables) {
  std::string list;
  for (const std::string& table : tables) {
    list += (list.empty() ? "" : ", ") + Connection::quote_identifier(database) + "." +
            Connection::quote_identifier(table) + " READ";
  }
  locker.execute(std::string("SET SESSION lock_wait_timeout = ") + kLockWaitSeconds);
  Attempt<> locked = locker.try_execute(
      "LOCK TABLES " + list, {ER_LOCK_WAIT_TIMEOUT, ER_LOCK_DEADLOCK, ER_DBACCESS_DENIED_ERROR,
                              ER_TABLEACCESS_DENIED_ERROR});
  return locked.succeeded();
}

}  // namespace

void start_snapshot(Connection& reader) {
  reader.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
}

Connection open_capture_reader(const ConnectionParams& params, const std::string& database) {
  Connection reader(params.with_database(database));
  prepare_capture_session(reader);
  return reader;
}

bool start_shared_snapshot(Connection& locker, const std::string& database,
                           const std::vector<std::string>& tables_to_lock,
                           const std::vector<Connection*>& readers) {
  bool locked = !tables_to_lock.empty();
  if (locked && !lock_tables(locker, database, tables_to_lock)) return false;
  for (Connection* reader : readers) start_snapshot(*reader);
  if (locked) locker.execute("UNLOCK TABLES");  // at once, not when the capture ends
  return true;
}

}  // namespace tdm
