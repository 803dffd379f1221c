#include "lock/database_lock.hpp"

#include "core/error.hpp"

namespace tdm {

DatabaseLock::DatabaseLock(Connection& connection, const std::string& database,
                           std::chrono::seconds timeout)
    : connection_(connection),  // GET_LOCK names are at most 64 characters: a longer database name
                                // only serialises more.
      quoted_name_(connection.quote(("tdm:" + database).substr(0, 64))) {
  auto got = connection_.scalar("SELECT GET_LOCK(" + quoted_name_ + ", " +
                                std::to_string(timeout.count()) + ")");
  if (!got || *got != "1") {
    auto holder = connection_.scalar("SELECT IS_USED_LOCK(" + quoted_name_ + ")");
    throw Error(ExitCode::kBusy,
                "database '" + database + "' is locked by another tdm (server connection " +
                    holder.value_or("unknown") + ") for " + std::to_string(timeout.count()) + " s",
                "wait for it to finish, or raise TDM_LOCK_TIMEOUT (seconds)");
  }
}

DatabaseLock::~DatabaseLock() {
  try {
    connection_.execute("DO RELEASE_LOCK(" + quoted_name_ + ")");
  } catch (...) {
    // The session going away releases the lock anyway.
  }
}

}  // namespace tdm
