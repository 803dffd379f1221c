#pragma once

#include <chrono>
#include <string>

#include "connection/connection_params.hpp"
#include "engine/reset.hpp"
#include "engine/restore.hpp"
#include "safety/test_database_rule.hpp"

namespace tdm {

// A database's spare, "<database>__spare": a copy restored from the payload beforehand, which a
// restore of the same payload into the database renames into place (engine/restore.hpp,
// swap_in_spare), and its trash, "<database>__trash", which gets the contents the swap replaced
// until refill_spare drops them. Both are named after a database tdm was given (at most
// kDatabaseNameLimit characters, plus a per-test suffix for a slot), so they fit the server's
// 64; both must be test databases, by the same rule as the database itself. A fixture's
// teardown drops them with its per-test databases ("<database>__*").
std::string spare_database(const std::string& database);
std::string trash_database(const std::string& database);

struct SpareRestore {
  RestoreStats stats;
  std::string declined;  // why the spare was not swapped in (empty: it was)
};

// restore_snapshot (snapshot_restore.hpp) that swaps in the target's spare when the spare
// proves to hold exactly this payload, untouched; otherwise, saying why in `declined`, the
// normal restore: no spare, a stale or changed one, one being refilled (its lock is held), a
// payload with triggers, a metadata lock on a table that the swap's short wait (`lock_wait`)
// does not see released. Holds the target's lock (waiting up to `lock_timeout`), and the
// spare's and the trash's while they are free.
SpareRestore restore_with_spare(const ConnectionParams& params, const RestoreRequest& request,
                                std::chrono::seconds lock_timeout, const TestDatabaseRule& rule,
                                std::chrono::seconds lock_wait = std::chrono::seconds(1));

struct SpareRefill {
  double trash_seconds = 0;  // dropping what the last swap replaced
  ResetReport spare;         // bringing the spare to the payload's state
};

// The work a swap leaves for later, off the restore's path: empties the trash of `target`
// (dropped and created again, empty, for the next swap), then
// brings its spare to `target`'s payload state with reset_database (nothing to do when it is
// untouched; otherwise reset or restored in full), which records what proves it untouched to
// the next swap. Each under its database's lock, waiting up to `lock_timeout`. Throws
// Error(kRefused) unless the rule allows the spare and the trash, before touching anything.
SpareRefill refill_spare(const ConnectionParams& params, const PayloadTarget& target,
                         unsigned threads, std::chrono::seconds lock_timeout,
                         const TestDatabaseRule& rule);

}  // namespace tdm
