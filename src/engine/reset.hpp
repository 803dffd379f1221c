#pragma once

#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "connection/connection_params.hpp"
#include "engine/restore.hpp"
#include "safety/test_database_rule.hpp"

namespace tdm {

class Connection;

// A database restored from another payload (expected_sha256) is restored, not reset.
struct ResetRequest : PayloadTarget {
  unsigned threads = 2;  // connections reloading tables at once
  // Called with the name of each repair step ("undo", "verify", "reload", "sequences",
  // "counters", "record") while the bookkeeping says `restoring`. For tests, which stop a
  // reset there to see that an unfinished one is never trusted.
  std::function<void(std::string_view step)> on_step{};
};

enum class ResetOutcome {
  kUntouched,  // nothing had changed since the last reset or restore
  kReset,      // only what changed was brought back
  kRestored,   // restored in full (first use, another payload, schema changed, any doubt)
};

struct ResetReport {
  ResetOutcome outcome = ResetOutcome::kRestored;
  std::string reason;              // kRestored: why a reset was not possible
  std::set<std::string> undone;    // tables whose logged row changes were undone
  std::set<std::string> reloaded;  // tables reloaded whole from the payload
  // Tables whose rows cascades changed (ON DELETE CASCADE, SET NULL) were put back from the
  // payload.
  std::set<std::string> refilled;
  std::vector<std::string> counters;  // tables whose AUTO_INCREMENT was set back
  std::size_t sequences = 0;          // sequences recreated
  // kUntouched: false when a clean proof stood (clean_proof.hpp) and only the change
  // signals were compared.
  bool definitions_compared = true;
  // The server's incarnation (change_signals.hpp) as the reset read it at its start; it stays
  // the server's as long as the session the reset ran on lives, which a restart would end.
  std::string server_incarnation;
  double seconds = 0;
};

// Brings `request.target_database` to the payload's state as cheaply as it safely can.
//
// When the bookkeeping says the database was completely restored or reset from this very
// payload, only what changed since is repaired:
//  1. the definitions (tables, sequences, routines, views, triggers, events) are compared with
//     the payload's; any difference means a full restore;
//  2. tables whose change signals moved (change_signals.hpp) are suspects, with the tables
//     foreign-key cascades reach from them; none, and no AUTO_INCREMENT or sequence moved:
//     nothing is done at all;
//  3. otherwise, between `restoring` and `restored` in the bookkeeping: the rows changed since
//     are undone from the binary log where the server keeps one (binlog_undo.hpp), and the
//     child rows cascades changed with logged parent rows are put back from the payload where
//     nothing else can have changed the child (cascade_refill.hpp); every
//     other suspect is then compared with the checksum it had when restored (CHECKSUM TABLE) and
//     the ones that differ are reloaded whole (table_reload.hpp) and checked again (but for a table
//     imported from a tablespace copy found to give it that checksum before, which gives it the
//     same rows again); moved AUTO_INCREMENT counters and sequences are set back; new baselines are
//     recorded (reset_records.hpp).
// Step 1 is skipped while the clean proof the last such check left stands (clean_proof.hpp).
// Any doubt restores more: a database never restored from this payload, a reset that did not
// finish, a server without user statistics, a restarted server (every table is a suspect), a
// repair that fails. Then the database is restored in full (restore.hpp), and the baselines
// and the payload's checksums are recorded for the next reset.
//
// Refuses with Error(kRefused) unless rule.allows(target). Locking is the caller's: hold the
// target's lock (GET_LOCK 'tdm:<database>') around the call.
ResetReport reset_database(const ConnectionParams& params, const ResetRequest& request,
                           const TestDatabaseRule& rule);
// The same on `session` (no current database), e.g. the one holding the target's lock: one
// connection fewer. The reset changes its session settings (a restore's) and leaves no
// transaction open on it.
ResetReport reset_database(Connection& session, const ConnectionParams& params,
                           const ResetRequest& request, const TestDatabaseRule& rule);

// Whether any change signal (change_signals.hpp) of `database` moved since its last reset or
// restore, or nothing recorded says it did not: one round trip on `session` (a session
// without a current database will do), for deciding whether a reset is worth starting now.
// `incarnation` is the server's as a reset on this same session reported it
// (ResetReport::server_incarnation): a restart since would have ended the session, so it is
// not read again. Not a proof: definitions changed without a row moving (a trigger added, say)
// go unseen here; reset_database, which compares them, is what makes a database trusted.
bool changed_since_reset(Connection& session, const std::string& database,
                         const std::string& incarnation);

// Forgets what resets recorded about `database`; call it before the database is dropped, so
// that a database created later under the same name is never taken for a reset one.
void forget_reset_records(Connection& connection, const std::string& database);

// "reset in 0.02 s (undid rows in users, tasks)", "restored in 0.4 s (first use)", ...
std::string describe(const ResetReport& report);

}  // namespace tdm
