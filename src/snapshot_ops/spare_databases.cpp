#include "snapshot_ops/spare_databases.hpp"

#include "connection/connection.hpp"
#include "core/identifier.hpp"
#include "core/stopwatch.hpp"
#include "lock/database_drop.hpp"
#include "lock/database_lock.hpp"

namespace tdm {

namespace {

constexpr const char* kSpareSuffix = "__spare";
constexpr const char* kTrashSuffix = "__trash";

// A slot ("<name>__s256") of the longest name tdm takes, with the longer suffix, still fits.
static_assert(kDatabaseNameLimit + 6 + 7 <= kServerDatabaseNameLimit);

}  // namespace

std::string spare_database(const std::string& database) {
  return database + kSpareSuffix;
}

std::string trash_database(const std::string& database) {
  return database + kTrashSuffix;
}

SpareRestore restore_with_spare(const ConnectionParams& params, const RestoreRequest& request,
                                std::chrono::seconds lock_timeout, const TestDatabaseRule& rule,
                                std::chrono::seconds lock_wait) {
  const std::string& target = request.target_database;
  SpareSwap swap{spare_database(target), trash_database(target), lock_wait};
  Connection lock_session(params.with_database(""));
  DatabaseLock lock(lock_session, target, lock_timeout);
  RestoreRequest waiting = request;
  waiting.lock_timeout = lock_timeout;
  SpareRestore restored;
  {
    DatabaseLock spare_lock(lock_session, swap.spare, DatabaseLock::IfFree{});
    DatabaseLock trash_lock(lock_session, swap.trash, DatabaseLock::IfFree{});
    if (!spare_lock.held()) {
      restored.declined = "another tdm is refilling spare '" + swap.spare + "'";
    } else if (!trash_lock.held()) {
      restored.declined = "another tdm is dropping '" + swap.trash + "'";
    } else {
      SwapOutcome outcome = swap_in_spare(params, waiting, swap, rule);
      if (outcome.stats) {
        restored.stats = std::move(*outcome.stats);
        return restored;
      }
      restored.declined = std::move(outcome.declined);
    }
  }
  restored.stats = restore_database(params, waiting, rule);
  return restored;
}

SpareRefill refill_spare(const ConnectionParams& params, const PayloadTarget& target,
                         unsigned threads, std::chrono::seconds lock_timeout,
                         const TestDatabaseRule& rule) {
  const std::string spare = spare_database(target.target_database);
  const std::string trash = trash_database(target.target_database);
  rule.require(trash, "drop the old contents in");
  rule.require(spare, "prepare a spare in");
  SpareRefill refill;
  Connection session(params.with_database(""));
  {
    Stopwatch started;
    DatabaseLock lock(session, trash, lock_timeout);
    drop_database(session, trash, lock_timeout);
    // Empty, ready for the next swap, which then has one statement less to run.
    session.execute("CREATE DATABASE " + Connection::quote_identifier(trash));
    refill.trash_seconds = started.seconds();
  }
  DatabaseLock lock(session, spare, lock_timeout);
  ResetRequest reset{target, threads};
  reset.target_database = spare;
  refill.spare = reset_database(params, reset, rule);
  return refill;
}

}  // namespace tdm
