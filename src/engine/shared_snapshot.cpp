#include "engine/shared_snapshot.hpp"

#include <optional>

#include "core/error.hpp"
#include "engine/session_settings.hpp"

namespace tdm {

namespace {

// Waiting for writers' transactions to end stalls their next statements on these tables
// too, and reading on one connection costs only a little time: so wait briefly.
constexpr const char* kLockWaitSeconds = "2";

// The lock connection, holding `tables` of `database` still; nullopt when refused.
std::optional<Connection> lock_tables(const ConnectionParams& params, const std::string& database,
                                      const std::vector<std::string>& tables) {
  std::string list;
  for (const std::string& table : tables) {
    list += (list.empty() ? "" : ", ") + Connection::quote_identifier(database) + "." +
            Connection::quote_identifier(table);
  }
  try {
    Connection locker(params.with_database(""));
    locker.execute(std::string("SET SESSION lock_wait_timeout = ") + kLockWaitSeconds);
    locker.execute("FLUSH TABLES " + list + " WITH READ LOCK");
    return locker;
  } catch (const Error&) {
    return std::nullopt;  // no privilege, the lock not granted in time
  }
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

bool start_shared_snapshot(const ConnectionParams& params, const std::string& database,
                           const std::vector<std::string>& tables_to_lock,
                           const std::vector<Connection*>& readers) {
  std::optional<Connection> locker;
  if (!tables_to_lock.empty()) {
    locker = lock_tables(params, database, tables_to_lock);
    if (!locker) return false;
  }
  for (Connection* reader : readers) start_snapshot(*reader);
  if (locker) locker->execute("UNLOCK TABLES");  // at once: the server ends a closed session late
  return true;
}

}  // namespace tdm
