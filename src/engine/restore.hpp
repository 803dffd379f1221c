#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connection/connection.hpp"
#include "connection/connection_params.hpp"
#include "core/progress.hpp"
#include "lock/lock_timeout.hpp"
#include "safety/test_database_rule.hpp"
#include "snapshot/payload/contents.hpp"
#include "snapshot/payload/verification.hpp"  // verify_payload(path, expected_sha256)
#include "snapshot/shared_tablespaces.hpp"

namespace tdm {

// Which payload to bring into which database, and what the bookkeeping records of it: what a
// restore and a reset (reset.hpp) are both asked, and what their requests start from.
struct PayloadTarget {
  std::filesystem::path payload_path;
  std::string expected_sha256;  // from the metadata; checked BEFORE the database is touched
  std::string target_database;
  std::string snapshot_name;    // for bookkeeping
  std::string data_model_hash;  // for bookkeeping
};

struct RestoreRequest : PayloadTarget {
  unsigned threads = 2;  // connections loading tables at once
  // Import the payload's cached tablespace copies when the server can take them (local, same
  // version), and cache copies after loading rows where there were none
  // (snapshot/tablespace_cache.hpp); false loads every table's rows and caches nothing.
  bool tablespace_copies = true;
  // Where entries of that cache are shared with other machines (the remote stores): asked for
  // the entry this server lacks before rows are loaded, offered the one a restore built.
  // nullptr: nowhere.
  SharedTablespaces* shared_tablespaces = nullptr;
  // Told how far verifying and loading have got (payload bytes, rows); empty: not told.
  ProgressObserver progress{};
  // How long replacing the target waits for other sessions' metadata locks on it (an open
  // transaction, a killed tdm's statements still finishing); the caller's lock timeout.
  std::chrono::seconds lock_timeout = kDefaultLockTimeout;
};

struct RestoreStats {
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;  // of the payload
  std::size_t tables = 0;
  // The tables filled from a tablespace copy, each with the copy's digest (CachedTablespace).
  std::map<std::string, std::string> imported_copies;
  std::size_t tablespaces_imported() const { return imported_copies.size(); }
  // Tablespace copies refused, by the server or before import because a cached file is not
  // the one written into the cache (rows loaded instead).
  std::vector<std::string> notes;
  bool tablespace_cache_built = false;  // rows were loaded, and copies of them kept for next time
  double verify_seconds = 0;            // of `seconds`, spent checking the payload
  double seconds = 0;
  std::string spare;  // the spare whose tables were renamed into the target (swap_in_spare)
};

// Restores a payload into `request.target_database`:
//  1. refuses with Error(kRefused) unless rule.allows(target), before anything else;
//  2. verifies the payload (Error(kSnapshot): missing, truncated, corrupt, foreign), still
//     without touching the server — unless the tablespace cache entry of this payload records
//     this very file (same digest, size, mtime and inode) as verified when it was built;
//  3. records `restoring` in the _tdm bookkeeping, drops and recreates the target with the
//     captured character set and collation, creates sequences and tables, fills the tables
//     over `threads` connections (importing cached tablespace copies where the server can take
//     them and every cached file is the one written into the cache — unchanged stamp, or the
//     recorded digest —, loading rows otherwise), creates routines, views, triggers and events;
//     after loading rows on a server that could take copies, caches copies for the next restore;
//  4. records `restored`, last. A failure or kill part-way leaves `restoring`.
// Touches no database but the target and _tdm. Locking is the caller's: hold the
// DatabaseLock of the target around the call.
RestoreStats restore_database(const ConnectionParams& params, const RestoreRequest& request,
                              const TestDatabaseRule& rule);

// A spare: a test database restored beforehand from the same payload by reset_database (which
// records what later proves it untouched), whose tables a restore renames into the target
// instead of creating and filling tables there.
struct SpareSwap {
  std::string spare;
  std::string trash;  // created empty here; gets the target's old tables; the caller drops it
  // How long the RENAME waits for other sessions' metadata locks on the tables it moves (an
  // open transaction) before the caller restores the normal way instead.
  std::chrono::seconds lock_wait = std::chrono::seconds(1);
};

struct SwapOutcome {
  std::optional<RestoreStats> stats;  // set when the spare was swapped in
  std::string declined;               // otherwise why not, for one log line
};

// Restores `request` into its target by swapping in `swap.spare`, or declines, saying why, and
// the caller restores the normal way (restore_database): a fallback, never a failure.
//  1. refuses with Error(kRefused) unless rule.allows(target); declines unless the rule allows
//     the spare and the trash too;
//  2. declines, changing nothing, unless the spare is proven to hold exactly this payload
//     (its digest) as a finished reset or restore left it (reset/untouched.hpp: bookkeeping,
//     definitions, AUTO_INCREMENT counters, change signals), and the payload has no triggers
//     (RENAME TABLE cannot move a table with triggers to another database) and no DEFAULT
//     NEXT VALUE FOR (the server names the sequence's database in it); the payload's
//     rows are never read: its definitions equal the spare's, which came from it verified;
//  3. records `restoring` for the target, forgets the spare's records, then ONE
//     `RENAME TABLE target.t TO trash.t, ..., spare.t TO target.t, ...` (atomic; foreign keys
//     follow), waiting at most `swap.lock_wait`; refused by a metadata lock (ER_LOCK_WAIT_TIMEOUT)
//     or a trigger of the target's (ER_TRG_IN_WRONG_SCHEMA), it declines: no table moved (the
//     target's old views are gone), and the target stays `restoring` until the caller's restore;
//  4. replaces the target's views, routines and events by the payload's, gives the target the
//     payload's character set, collation and comment, and records `restored`, last.
// Locking is the caller's: hold the DatabaseLock of the target, the spare and the trash.
SwapOutcome swap_in_spare(const ConnectionParams& params, const RestoreRequest& request,
                          const SpareSwap& swap, const TestDatabaseRule& rule);

// Drops `target` when it is there (waiting at most `lock_timeout` for sessions using it:
// lock/database_drop.hpp) and creates it empty with `like`'s character set, collation and
// comment where given (else the server's defaults). The caller has checked the safety rule.
void recreate_database(Connection& connection, const std::string& target,
                       const DatabaseDefinition& like, std::chrono::seconds lock_timeout);

}  // namespace tdm
