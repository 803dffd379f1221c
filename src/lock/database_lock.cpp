#include "lock/database_lock.hpp"

#include "core/error.hpp"

namespace tdm {

namespace {

// GET_LOCK names are at most 64 characters: a longer database name only serialises more.
std::string quoted_lock_name(Connection& connection, const std::string& database) {
  return connection.quote(("tdm:" + database).substr(0, 64));
}

bool get_lock(Connection& connection, const std::string& quoted_name, long long timeout_seconds) {
  return connection
             .scalar("SELECT GET_LOCK(" + quoted_name + ", " + std::to_string(timeout_seconds) +
                     ")")
             .value_or("0") == "1";
}

}  // namespace

DatabaseLock::DatabaseLock(Connection& connection, const std::string& database,
                           std::chrono::seconds timeout)
    : connection_(connection), quoted_name_(quoted_lock_name(connection, database)) {
  held_ = get_lock(connection_, quoted_name_, timeout.count());
  if (!held_) {
    auto holder = connection_.scalar("SELECT IS_USED_LOCK(" + quoted_name_ + ")");
    throw Error(ExitCode::kBusy,
                "database '" + database + "' is locked by another tdm (server connection " +
                    holder.value_or("unknown") + ") for " + std::to_string(timeout.count()) + " s",
                "wait for it to finish, or raise TDM_LOCK_TIMEOUT (seconds)");
  }
}

DatabaseLock::DatabaseLock(Connection& connection, const std::string& database, IfFree)
    : connection_(connection), quoted_name_(quoted_lock_name(connection, database)) {
  held_ = get_lock(connection_, quoted_name_, 0);
}

DatabaseLock::~DatabaseLock() {
  if (!held_) return;
  try {
    connection_.execute("DO RELEASE_LOCK(" + quoted_name_ + ")");
  } catch (...) {
    // The session going away releases the lock anyway.
  }
}

}  // namespace tdm
