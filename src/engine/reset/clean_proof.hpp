#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connection/connection.hpp"
#include "engine/reset/change_signals.hpp"
#include "engine/reset/reset_records.hpp"

namespace tdm {

// A whole proof that a database equals its payload compares every definition with the
// payload's, which costs most of the time a test waits for its database. A clean proof, kept
// once a whole proof (or a reset that changed nothing but AUTO_INCREMENT counters) finished,
// lets the next proof skip that comparison while the server shows that no definition of any
// database can have changed since: the rows are still judged by their change signals.

// What the server shows, in one cheap read, of the statements that can change definitions.
struct ServerWatch {
  std::string incarnation;  // server_incarnation (change_signals.hpp)
  // Statements run so far that create, alter, drop, rename, truncate, repair, optimize or flush
  // anything, by any session, inside routines, events and prepared statements too: the sum of
  // the server's global Com_ counters for them (which FLUSH STATUS leaves alone).
  std::uint64_t definition_statements = 0;
  // Rows written so far to mysql.proc and mysql.event, which hold routines and events: a
  // direct write to them changes a definition without such a statement.
  std::uint64_t routine_rows = 0;
  // Another session was running a statement that may change a definition (any statement but
  // plain reads and row changes): its counter has moved already but its change may land after
  // the comparison, so no clean proof may rest on this read.
  bool definition_change_running = false;
};

// The read as statements (two, separated by ';') for a round trip shared with other reads,
// to be sent before anything the proof compares; and the watch from their two results.
std::string server_watch_statements();
ServerWatch server_watch_from(Result& counters, Result& running);

// Whether a statement another session is running may change a definition: true for anything
// but reads, row changes, transaction control, table checks and BINLOG, judged by its first
// word after comments and parentheses (the functions and triggers a row change may run cannot
// change definitions; a CALL, an EXECUTE, a SET STATEMENT ... FOR, a BEGIN NOT ATOMIC block
// or an unknown statement may).
bool may_change_definitions(std::string_view statement);

struct CleanProof {
  std::string payload_sha256;  // the reset point it was made at (reset_records.hpp)
  std::string restored_at;
  ServerWatch watch;            // read before the definitions were compared
  std::string auto_increments;  // auto_increments_of() the signals read with the proof
};

// "table=counter,..." of the tables that have a counter: AUTO_INCREMENT can move without a
// row or a definition changing (a rolled-back INSERT), and counters are part of the state.
std::string auto_increments_of(const DatabaseSignals& signals);

// Whether `proof` may still stand for `point` now, before the signals are read: made at that
// point, and the server's watch `now` unchanged since.
bool clean_proof_may_stand(const CleanProof& proof, const ResetPoint& point,
                           const ServerWatch& now);
// Whether it does: that, no table's signals moved away from `baseline`, every counter as it was.
bool clean_proof_holds(const CleanProof& proof, const ResetPoint& point, const ServerWatch& now,
                       const DatabaseSignals& baseline, const DatabaseSignals& signals);

// The record (in `_tdm.clean_proof`, beside the reset records, which drop it whenever they
// change): the read in parts for a shared round trip, and the write.
std::string clean_proof_statement(Connection& connection, const std::string& database);
std::optional<CleanProof> clean_proof_from(Result& result);
void write_clean_proof(Connection& connection, const std::string& database,
                       const CleanProof& proof);

// After a reset that ran exactly `own_statements` definition statements (its AUTO_INCREMENT
// counters) and no other since the watch `before` (read before its comparison, with no
// definition statement running then): the watch its clean proof rests on, `before` plus those
// statements, to which every database's clean proof made at `before` is moved too. Nothing
// is read: the server counts a statement when it starts and the counters only grow, so a
// later check that reads exactly that watch knows nobody else ran one in between; when
// somebody did, the counters have passed it and every proof resting on it fails at its next
// check, as a read now would have found.
ServerWatch carry_clean_proofs(Connection& connection, const ServerWatch& before,
                               std::uint64_t own_statements);

}  // namespace tdm
