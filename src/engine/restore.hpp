#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
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
  std::size_t tablespaces_imported = 0;  // tables filled from a tablespace copy
  // Tablespace copies refused, by the server or before import because a cached file is not
  // the one written into the cache (rows loaded instead).
  std::vector<std::string> notes;
  bool tablespace_cache_built = false;  // rows were loaded, and copies of them kept for next time
  double verify_seconds = 0;            // of `seconds`, spent checking the payload
  double seconds = 0;
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

// Drops `target` when it is there (waiting at most `lock_timeout` for sessions using it:
// lock/database_drop.hpp) and creates it empty with `like`'s character set, collation and
// comment where given (else the server's defaults). The caller has checked the safety rule.
void recreate_database(Connection& connection, const std::string& target,
                       const DatabaseDefinition& like, std::chrono::seconds lock_timeout);

}  // namespace tdm
