#include "engine/reset.hpp"

#include <mysqld_error.h>

#include <chrono>
#include <map>
#include <optional>
#include <span>
#include <utility>
#include <variant>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/stopwatch.hpp"
#include "engine/common/auto_increment.hpp"
#include "engine/common/database_inventory.hpp"
#include "engine/common/session_settings.hpp"
#include "engine/reset/binlog_undo.hpp"
#include "engine/reset/cascade_closure.hpp"
#include "engine/reset/cascade_refill.hpp"
#include "engine/reset/change_signals.hpp"
#include "engine/reset/clean_proof.hpp"
#include "engine/reset/reset_records.hpp"
#include "engine/reset/schema_match.hpp"
#include "engine/reset/suspects.hpp"
#include "engine/reset/table_reload.hpp"
#include "engine/reset/untouched.hpp"
#include "engine/restore.hpp"
#include "engine/restore/schema_restore.hpp"
#include "snapshot/payload/reader.hpp"
#include "state/bookkeeping.hpp"

namespace tdm {

namespace {

// What every step of one reset works with.
struct Context {
  const ConnectionParams& params;
  const ResetRequest& request;
  Connection& control;  // restore session, no current database
  Bookkeeping& bookkeeping;
  ResetRecords& records;
  const ServerWatch& watch;  // read before anything was compared

  const std::string& target() const { return request.target_database; }
  ConnectionParams target_params() const { return params.with_database(target()); }
  void step(std::string_view name) const {
    if (request.on_step) request.on_step(name);
  }
};

// What a reset reads first, before it compares anything.
struct Records {
  std::optional<ResetPoint> point;
  std::optional<StateRecord> state;
  std::optional<CleanProof> clean_proof;
  ServerWatch watch;
};

// The records of `database` and the server's watch, in one round trip, as this runs before
// every test. The records' tables are created (one round trip more) only when one is missing.
Records read_records(Connection& control, const std::string& database) {
  std::string reads = ResetRecords::point_statement(control, database) + "; " +
                      Bookkeeping::lookup_statement(control, database) + "; " +
                      ResetRecords::presence_statement() + "; " +
                      clean_proof_statement(control, database) + "; " + server_watch_statements();
  std::optional<Refusal> missing;
  std::vector<Result> read =
      control.try_query_all(reads, {ER_BAD_DB_ERROR, ER_NO_SUCH_TABLE}, missing);
  if (missing) {
    control.execute(Bookkeeping::schema_statements() + "; " + ResetRecords::schema_statements());
    read = control.query_all(reads);
  }
  return {ResetRecords::point_from(read.at(0)), Bookkeeping::record_from(read.at(1)),
          clean_proof_from(read.at(3)), server_watch_from(read.at(4), read.at(5))};
}

// What a reset reads of the database before it decides anything, all in one round trip. Under a
// clean proof whose watch stands only the signals are read, and `inventory` stays empty.
struct Inspection {
  DatabaseInventory inventory;  // the names (the definitions are read after, when they match)
  bool user_statistics = false;
  std::string incarnation;
  DatabaseSignals baseline;  // recorded after the last reset
  DatabaseSignals now;
};

// Whether the server counted no definition statement since the clean proof in `records`: the
// definitions are then still the payload's, as they were when the proof was made.
bool definitions_still_proven(const Records& records) {
  return records.clean_proof && records.point &&
         clean_proof_may_stand(*records.clean_proof, *records.point, records.watch);
}

// What a clean proof rests on, read on the control session in one round trip; nullopt without
// InnoDB's dictionary: then every table is checked and no clean proof stands.
std::optional<Inspection> read_proof_signals(Connection& control, const std::string& database,
                                             const ServerWatch& watch) {
  constexpr std::size_t kUserStatistics = 0, kBaseline = 1, kSignals = 2;
  std::string sql =
      user_statistics_statement() + "; " + ResetRecords::baseline_statement(control, database);
  for (const std::string& statement : database_signals_statements(control, database)) {
    sql += "; " + statement;
  }
  std::optional<Refusal> refused;
  std::vector<Result> results = control.try_query_all(sql, innodb_dictionary_refusals(), refused);
  if (results.size() < kSignals + kDatabaseSignalsStatements) return std::nullopt;
  std::span<Result> all(results);
  Inspection inspection;
  inspection.user_statistics = user_statistics_enabled_from(results[kUserStatistics]);
  inspection.incarnation = watch.incarnation;
  inspection.baseline = ResetRecords::baseline_from(results[kBaseline]);
  inspection.now = database_signals_from(all.subspan(kSignals));
  return inspection;
}

// A clean proof whose watch still stands (definitions_still_proven), with its signals.
struct StandingProof {
  const CleanProof& proof;
  Inspection signals;
};

// Whether the clean proof in `records` still stands on `signals`: nothing compared.
bool clean_proof_stands(const Records& records, const Inspection& signals) {
  return signals.user_statistics && clean_proof_holds(*records.clean_proof, *records.point,
                                                      records.watch, signals.baseline, signals.now);
}

// Whether a clean proof can rest on `signals` of a database restored from `index`: every table
// covered by its signals, and no sequence (whose values move without a signal).
bool signals_cover_everything(const DatabaseSignals& signals, const PayloadIndex& index) {
  if (!index.sequences.empty()) return false;
  for (const auto& [name, table] : signals) {
    if (table.always_check) return false;
  }
  return true;
}

// The server watch a clean proof made now rests on, after `own_statements` definition statements
// of this reset's own (its AUTO_INCREMENTs) and no other; none when no proof may rest on any.
// Every clean proof made at the watch read before the comparison is carried over them.
std::optional<ServerWatch> proof_watch(const Context& context, std::size_t own_statements) {
  if (context.watch.definition_change_running) return std::nullopt;
  return carry_clean_proofs(context.control, context.watch, own_statements);
}

// Leaves a clean proof of `signals` at `point` when one may rest on the server's watch after
// `own_statements` (proof_watch) and on the signals (signals_cover_everything).
void leave_clean_proof(const Context& context, const ResetPoint& point, std::size_t own_statements,
                       const DatabaseSignals& signals, const PayloadIndex& index) {
  std::optional<ServerWatch> watch = proof_watch(context, own_statements);
  if (!watch || !signals_cover_everything(signals, index)) return;
  write_clean_proof(
      context.control, context.target(),
      CleanProof{point.payload_sha256, point.restored_at, *watch, auto_increments_of(signals)});
}

// CHECKSUM TABLE of `tables` of `database`, in one statement: table -> checksum.
std::map<std::string, std::string> checksums_of(Connection& connection, const std::string& database,
                                                const std::set<std::string>& tables) {
  std::map<std::string, std::string> checksums;
  if (tables.empty()) return checksums;
  std::string list;
  for (const std::string& table : tables) {
    list += std::string(list.empty() ? "" : ", ") + Connection::quote_identifier(database) + "." +
            Connection::quote_identifier(table);
  }
  Result result = connection.query("CHECKSUM TABLE " + list);
  std::string prefix = database + ".";
  while (auto row = result.next()) {
    std::string name = row->str(0);
    if (name.rfind(prefix, 0) == 0) name.erase(0, prefix.size());
    checksums[name] = row->optional(1).value_or("NULL");
  }
  return checksums;
}

std::set<std::string> table_names(const PayloadIndex& index) {
  std::set<std::string> names;
  for (const TableDefinition& table : index.tables) names.insert(table.name);
  return names;
}

struct Baseline {
  ResetPoint point;
  DatabaseSignals signals;
};

Baseline record_baseline(const Context& context) {
  auto state = context.bookkeeping.read(context.target());
  std::optional<BinaryLog> log = usable_binary_log(context.control);
  // The incarnation the watch read at the start: a restart since would have ended `control`.
  ResetPoint point{context.request.expected_sha256, state ? state->started_at : "",
                   context.watch.incarnation, std::nullopt};
  if (log) point.binlog = log->end;
  DatabaseSignals signals = read_database_signals(context.control, context.target());
  context.records.write(context.target(), point, signals);
  // The log holds what tests changed; a reset needs it only from its database's point on.
  purge_binary_logs_before(context.control, log, context.records.oldest_binlog_file());
  return {std::move(point), std::move(signals)};
}

// Of `imported_copies` (table -> copy digest), the copies of the tables `proven` holds: those
// whose checksum was just taken as, or found equal to, their pristine checksum.
std::map<std::string, std::string> proven_copies(
    const std::map<std::string, std::string>& imported_copies,
    const std::map<std::string, std::string>& proven) {
  std::map<std::string, std::string> copies;
  for (const auto& [table, checksum] : proven) {
    auto copy = imported_copies.find(table);
    if (copy != imported_copies.end()) copies.insert(*copy);
  }
  return copies;
}

// The checksums of the payload's tables as restored, kept for every later reset from it; and
// the tablespace copies those just taken of imported tables came from (`imported_copies`, by
// table), which give them these checksums by definition, for reloads from the same copies.
void record_pristine_checksums(const Context& context, const PayloadIndex& index,
                               const std::map<std::string, std::string>& imported_copies) {
  const std::string& sha = context.request.expected_sha256;
  std::map<std::string, std::string> known = context.records.pristine_checksums(sha);
  std::set<std::string> missing;
  for (const std::string& table : table_names(index)) {
    if (!known.count(table)) missing.insert(table);
  }
  std::map<std::string, std::string> taken =
      checksums_of(context.control, context.target(), missing);
  context.records.store_pristine_checksums(sha, taken);
  context.records.store_pristine_copies(sha, proven_copies(imported_copies, taken));
}

ResetReport restore_fully(const Context& context, const TestDatabaseRule& rule,
                          std::string reason) {
  context.records.forget(context.target());
  const ResetRequest& request = context.request;
  RestoreRequest restore{request, request.threads};
  RestoreStats restored = restore_database(context.params, restore, rule);
  PayloadIndex index = read_payload_index(request.payload_path);
  // Under load an imported InnoDB table now and then comes out with its counter at 0
  // ("AUTOINC next value generation is disabled" in the server log); set it as captured.
  restore_auto_increments(context.control, context.target(), index);
  // Still `restored` should a kill come now: without a baseline the next run restores again.
  record_pristine_checksums(context, index, restored.imported_copies);
  record_baseline(context);
  ResetReport report;
  report.outcome = ResetOutcome::kRestored;
  report.reason = std::move(reason);
  return report;
}

// Undoes the logged row changes; when rows are no longer as logged, every suspect goes to
// `reload`.
bool undo_logged_rows(const Context& context, const UndoScript& undo, const Suspects& suspects,
                      std::set<std::string>& reload) {
  // On the control session, which logs nothing (prepare_restore_session): the undo keeps its
  // settings and rolls back what a refusal part-way left.
  if (apply_undo_script(context.control, undo)) return true;
  reload = suspects.tables;  // rows a cascade or TRUNCATE removed: the undo cannot apply
  return false;
}

// Suspects that do not have the checksum they had when restored (or whose is unknown); those
// a cascade changed go to `reload` without being read for a checksum that would differ.
void find_differing_tables(const Context& context, const std::set<std::string>& suspects,
                           const std::set<std::string>& changed_by_cascade,
                           std::set<std::string>& reload) {
  if (suspects.empty()) return;  // the common case of an unchanged slot: no round trip
  std::map<std::string, std::string> pristine =
      context.records.pristine_checksums(context.request.expected_sha256);
  std::set<std::string> to_check;
  for (const std::string& table : suspects) {
    if (reload.count(table)) continue;
    if (pristine.count(table) && !changed_by_cascade.count(table)) {
      to_check.insert(table);
    } else {
      reload.insert(table);
    }
  }
  for (const auto& [table, checksum] : checksums_of(context.control, context.target(), to_check)) {
    if (checksum != pristine[table]) reload.insert(table);
  }
}

// Reloads `reload` and checks that every reloaded table has the checksum it had when restored.
// A table imported from a tablespace copy that was found to give it that checksum before is
// not read again: the same files give the same rows (the cache checks that its files are the
// ones it recorded, as for a restore). A copy found to give it now is recorded as such.
void reload_and_verify(const Context& context, const PayloadFile& file, const PayloadIndex& index,
                       const std::set<std::string>& reload) {
  if (reload.empty()) return;
  Connection session(context.target_params());
  prepare_restore_session(session);
  stop_binary_logging(session);
  LoadResult loaded =
      reload_tables(context.target_params(), session, file, index, reload, context.request.threads);
  const std::string& payload_sha256 = context.request.expected_sha256;
  std::map<std::string, std::string> pristine = context.records.pristine_checksums(payload_sha256);
  std::set<std::pair<std::string, std::string>> known_copies;
  if (!loaded.imported_copies.empty()) {
    known_copies = context.records.pristine_copies(payload_sha256);
  }
  std::set<std::string> to_check;
  for (const std::string& table : reload) {
    auto copy = loaded.imported_copies.find(table);
    if (copy == loaded.imported_copies.end() || !known_copies.count(*copy)) to_check.insert(table);
  }
  std::map<std::string, std::string> proven;
  for (const auto& [table, checksum] : checksums_of(context.control, context.target(), to_check)) {
    auto expected = pristine.find(table);
    if (expected == pristine.end()) continue;
    if (expected->second != checksum) {
      throw Error(ExitCode::kSnapshot, "table `" + table + "` reloaded from " +
                                           file.path().filename().string() +
                                           " does not have the checksum it had when restored");
    }
    proven.insert({table, checksum});
  }
  context.records.store_pristine_copies(payload_sha256,
                                        proven_copies(loaded.imported_copies, proven));
}

void recreate_sequences(const Context& context, const std::vector<SequenceDefinition>& moved) {
  if (moved.empty()) return;
  Connection session(context.target_params());
  prepare_restore_session(session);
  stop_binary_logging(session);
  PayloadIndex sequences;
  sequences.sequences = moved;
  for (const SequenceDefinition& sequence : moved) {
    session.execute("DROP SEQUENCE IF EXISTS " + Connection::quote_identifier(sequence.name));
  }
  create_tables(session, sequences);
}

// Puts back the rows cascades changed in the tables the suspects name for it
// (cascade_refill.hpp), a parent before its children; returns those tables. The others stay
// suspects, to be reloaded.
std::set<std::string> refill_after_cascades(const Context& context, const RefillSources& sources) {
  std::set<std::string> pending = sources.suspects.changed_by_known_cascades;
  std::map<std::string, PutBackRows> put_back;
  for (bool progress = true; progress;) {  // until all are done, or wait for refused parents
    progress = false;
    for (auto table = pending.begin(); table != pending.end();) {
      Refill refill =
          refill_cascaded_rows(context.control, context.target(), *table, sources, put_back);
      if (refill.outcome == Refill::Outcome::kWaiting) {
        ++table;
        continue;
      }
      if (refill.outcome == Refill::Outcome::kPutBack) put_back[*table] = std::move(refill.rows);
      table = pending.erase(table);
      progress = true;
    }
  }
  std::set<std::string> refilled;
  for (const auto& [table, rows] : put_back) refilled.insert(table);
  return refilled;
}

// Step 3 of reset_database, between `restoring` and `restored`. Without an undo, `reload`
// already holds the suspects that differ.
void repair(const Context& context, const PayloadFile& file, const PayloadIndex& index,
            const SchemaComparison& schema, const Suspects& suspects,
            const std::optional<UndoScript>& undo, const DatabaseSignals& signals,
            std::set<std::string> reload, ResetReport& report) {
  if (undo) {
    context.step("undo");
    if (undo_logged_rows(context, *undo, suspects, reload)) {
      for (const std::string& table : suspects.tables) {
        if (undo->rows.count(table)) report.undone.insert(table);
      }
      context.step("refill");
      report.refilled = refill_after_cascades(
          context, RefillSources{*undo, suspects, signals, file, index, context.request.threads});
    }
    context.step("verify");
    std::set<std::string> unexplained;
    for (const std::string& table : suspects.tables) {
      if (!suspects.explained.count(table) && !report.refilled.count(table)) {
        unexplained.insert(table);
      }
    }
    find_differing_tables(context, unexplained, suspects.changed_by_cascade, reload);
  }
  context.step("reload");
  reload_and_verify(context, file, index, reload);
  for (const std::string& table : reload) report.undone.erase(table);
  report.reloaded = reload;
  context.step("sequences");
  recreate_sequences(context, schema.sequences_moved);
  report.sequences = schema.sequences_moved.size();
  context.step("counters");
  report.counters = restore_auto_increments(context.control, context.target(), index);
  context.step("record");
  Baseline baseline = record_baseline(context);
  // The comparison at the start saw the payload's definitions; when the server ran no
  // definition statement since but this reset's own AUTO_INCREMENTs, they still are.
  if (!reload.empty() || report.sequences > 0) return;
  leave_clean_proof(context, baseline.point, report.counters.size(), baseline.signals, index);
}

// Sets `inspect` up as a capture session and reads the Inspection: one round trip, since this
// runs before every test. The server's incarnation is the watch's, read just before.
Inspection inspect_database(Connection& inspect, const std::string& database,
                            const ServerWatch& watch) {
  constexpr std::size_t kSettings = 2;  // capture_session_statements()
  constexpr std::size_t kInventory = kSettings;
  constexpr std::size_t kUserStatistics = kInventory + kNameInventoryStatements;
  constexpr std::size_t kBaseline = kUserStatistics + 1;
  constexpr std::size_t kSignals = kBaseline + 1;
  std::string sql =
      capture_session_statements() + "; " + name_inventory_statements(inspect, database) + "; " +
      user_statistics_statement() + "; " + ResetRecords::baseline_statement(inspect, database);
  // The signals last: only their InnoDB part may be refused, which ends the round trip.
  for (const std::string& statement : database_signals_statements(inspect, database)) {
    sql += "; " + statement;
  }
  std::optional<Refusal> refused;
  std::vector<Result> results = inspect.try_query_all(sql, innodb_dictionary_refusals(), refused);
  if (results.size() < kSignals) {
    throw Error(ExitCode::kDatabase, refused ? refused->message : "inspection results missing");
  }
  std::span<Result> all(results);
  require_signals_read(results.size() - kSignals, refused);
  Inspection inspection;
  inspection.inventory =
      name_inventory_from(all.subspan(kInventory, kNameInventoryStatements), inspect, database);
  inspection.user_statistics = user_statistics_enabled_from(results[kUserStatistics]);
  inspection.incarnation = watch.incarnation;
  inspection.baseline = ResetRecords::baseline_from(results[kBaseline]);
  inspection.now = database_signals_from(all.subspan(kSignals));
  return inspection;
}

// Under a clean proof the counters it kept were the payload's: when any moved, every counter
// counts as moved (the repair compares each with the payload's).
std::set<std::string> counters_moved_since(const CleanProof& proof, const DatabaseSignals& now) {
  std::set<std::string> moved;
  if (proof.auto_increments == auto_increments_of(now)) return moved;
  for (const auto& [name, table] : now) {
    if (table.auto_increment) moved.insert(name);
  }
  return moved;
}

// The tables that may have changed (suspects.hpp), reading the undo only when any might.
Suspects find_suspects(const Context& context, Connection& session, const ResetPoint& point,
                       const PayloadIndex& index, const Inspection& inspection,
                       std::optional<UndoScript>& undo) {
  // A restart lost the user statistics: nothing says which tables are unchanged.
  bool restarted = !same_incarnation(point.server_incarnation, inspection.incarnation);
  if (!restarted && tables_changed_since(inspection.baseline, inspection.now).empty()) return {};
  if (point.binlog) undo = read_undo_script(context.control, context.target(), *point.binlog);
  if (undo && undo->tables.empty()) undo.reset();  // no row changes logged: nothing to undo
  return assess_suspects(inspection.baseline, inspection.now, restarted, table_names(index),
                         undo ? &*undo : nullptr, read_cascades(session, context.target()));
}

// After a check found the database equal to the payload: signals that had moved (a restart
// empties the user statistics; FLUSH TABLE_STATISTICS too) become the baseline, read before
// the suspects were compared, so that the next check does not compare the same tables again;
// then the clean proof, when it can rest on this check.
void keep_what_the_check_found(const Context& context, const ResetPoint& point,
                               const PayloadIndex& index, const Inspection& inspection) {
  bool moved = !same_incarnation(point.server_incarnation, inspection.incarnation);
  for (const std::string& table : tables_changed_since(inspection.baseline, inspection.now)) {
    auto signals = inspection.now.find(table);
    // Tables no signal covers are compared every time whatever the baseline says.
    if (signals == inspection.now.end() || !signals->second.always_check) moved = true;
  }
  ResetPoint current = point;
  if (moved) {
    // The binary log position stays: an undo from there still leads back to the payload.
    current.server_incarnation = inspection.incarnation;
    context.records.write(context.target(), current, inspection.now);
  }
  leave_clean_proof(context, current, 0, inspection.now, index);
}

// The reset proper; a string when only a full restore can help, saying why. Under a `standing`
// clean proof no definition is read: only rows and counters can have changed.
std::variant<ResetReport, std::string> reset_changes(const Context& context,
                                                     const ResetPoint& point,
                                                     const StandingProof* standing) {
  PayloadFile file(context.request.payload_path);
  PayloadIndex index = read_payload_index(file);
  std::optional<Connection> inspect;
  Inspection inspection;
  SchemaComparison schema;
  if (standing) {
    inspection = standing->signals;
    schema.counters_moved = counters_moved_since(standing->proof, standing->signals.now);
  } else {
    // A test may have dropped its database.
    Attempt<Connection> opened = Connection::try_open(context.target_params(), {ER_BAD_DB_ERROR});
    if (!opened) return "the database cannot be opened (" + opened.message() + ")";
    inspect = std::move(*opened);
    inspection = inspect_database(*inspect, context.target(), context.watch);
    schema = compare_schema(*inspect, context.target(), inspection.inventory, index);
    if (schema.difference) return *schema.difference;
  }
  if (!inspection.user_statistics) {
    return std::string("the server keeps no user statistics (--userstat=1)");
  }
  std::optional<UndoScript> undo;
  Suspects suspects =
      find_suspects(context, inspect ? *inspect : context.control, point, index, inspection, undo);

  ResetReport report;
  report.outcome = ResetOutcome::kUntouched;
  std::set<std::string> reload;
  if (!undo) {
    // Without an undo the suspects are compared as they are, which changes nothing yet: when
    // they all match, the database is left alone (the bookkeeping is not written).
    find_differing_tables(context, suspects.tables, suspects.changed_by_cascade, reload);
    if (reload.empty() && schema.counters_moved.empty() && schema.sequences_moved.empty()) {
      keep_what_the_check_found(context, point, index, inspection);
      return report;
    }
  }
  const ResetRequest& request = context.request;
  context.bookkeeping.begin(request.target_database, DatabaseState::kRestoring,
                            request.snapshot_name, request.data_model_hash);
  try {
    repair(context, file, index, schema, suspects, undo, inspection.now, std::move(reload), report);
  } catch (const Error& error) {
    // Broad on purpose: the database is marked `restoring`, and a full restore, on sessions of
    // its own, is the way out of any failure part-way; should the server be gone, it fails too.
    return std::string("the reset failed: ") + error.what();
  }
  context.bookkeeping.finish(request.target_database, DatabaseState::kRestored,
                             request.snapshot_name, request.data_model_hash);
  report.outcome = ResetOutcome::kReset;
  return report;
}

std::string joined(const std::set<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace

ResetReport reset_database(const ConnectionParams& params, const ResetRequest& request,
                           const TestDatabaseRule& rule) {
  Connection control(params.with_database(""));
  return reset_database(control, params, request, rule);
}

ResetReport reset_database(Connection& control, const ConnectionParams& params,
                           const ResetRequest& request, const TestDatabaseRule& rule) {
  Stopwatch started;
  rule.require(request.target_database, "reset");
  prepare_restore_session(control);  // binary logging stopped too
  Records read = read_records(control, request.target_database);
  Bookkeeping bookkeeping(control, Bookkeeping::SchemaReady{});
  ResetRecords records(control, ResetRecords::SchemaReady{});
  Context context{params, request, control, bookkeeping, records, read.watch};
  std::string reason = why_not_resettable(read.state, read.point, request);
  // What every outcome reports besides its own: the incarnation read at the start, the time.
  auto finished = [&](ResetReport done) {
    done.server_incarnation = read.watch.incarnation;
    done.seconds = started.seconds();
    return done;
  };
  ResetReport report;
  std::optional<StandingProof> standing;
  if (reason.empty() && definitions_still_proven(read)) {
    if (auto signals = read_proof_signals(control, request.target_database, read.watch)) {
      standing.emplace(StandingProof{*read.clean_proof, std::move(*signals)});
    }
    if (standing && clean_proof_stands(read, standing->signals)) {
      report.outcome = ResetOutcome::kUntouched;
      report.definitions_compared = false;
      return finished(std::move(report));
    }
  }
  if (reason.empty()) {
    try {
      auto outcome = reset_changes(context, *read.point, standing ? &*standing : nullptr);
      if (auto* done = std::get_if<ResetReport>(&outcome)) {
        report = std::move(*done);
        report.definitions_compared = !standing;
      } else {
        reason = std::get<std::string>(outcome);
      }
    } catch (const Error& error) {
      // Broad on purpose, as above: whatever stopped the comparison, a full restore is the way
      // to the snapshot's state, and it reports a server that is gone itself.
      reason = std::string("comparing it with the payload failed: ") + error.what();
    }
  }
  if (!reason.empty()) report = restore_fully(context, rule, reason);
  return finished(std::move(report));
}

bool changed_since_reset(Connection& session, const std::string& database,
                         const std::string& incarnation) {
  constexpr std::size_t kPoint = 0, kBaseline = 1, kSignals = 2;
  std::string sql = ResetRecords::point_statement(session, database) + "; " +
                    ResetRecords::baseline_statement(session, database);
  for (const std::string& statement : database_signals_statements(session, database)) {
    sql += "; " + statement;
  }
  std::optional<Refusal> refused;
  std::vector<Result> results = session.try_query_all(sql, innodb_dictionary_refusals(), refused);
  if (results.size() < kSignals) return true;
  require_signals_read(results.size() - kSignals, refused);
  std::optional<ResetPoint> point = ResetRecords::point_from(results[kPoint]);
  if (!point) return true;
  if (!same_incarnation(point->server_incarnation, incarnation)) return true;
  DatabaseSignals baseline = ResetRecords::baseline_from(results[kBaseline]);
  std::span<Result> all(results);
  return !tables_changed_since(baseline, database_signals_from(all.subspan(kSignals))).empty();
}

std::string describe(const ResetReport& report) {
  std::string seconds = format_seconds(report.seconds);
  switch (report.outcome) {
    case ResetOutcome::kUntouched:
      return "unchanged, checked in " + seconds +
             (report.definitions_compared ? "" : " (no definition statement since the last check)");
    case ResetOutcome::kRestored:
      return "restored in " + seconds + " (" + report.reason + ")";
    case ResetOutcome::kReset:
      break;
  }
  std::string detail;
  if (!report.undone.empty()) detail += "undid rows of " + joined(report.undone);
  if (!report.refilled.empty()) {
    detail += (detail.empty() ? "" : "; ") +
              std::string("put back the rows a cascade changed in ") + joined(report.refilled);
  }
  if (!report.reloaded.empty())
    detail += (detail.empty() ? "" : "; ") + std::string("reloaded ") + joined(report.reloaded);
  if (!report.counters.empty()) {
    detail += (detail.empty() ? "" : "; ") + std::to_string(report.counters.size()) +
              " AUTO_INCREMENT counter(s) set back";
  }
  if (report.sequences > 0) {
    detail +=
        (detail.empty() ? "" : "; ") + std::to_string(report.sequences) + " sequence(s) reset";
  }
  if (detail.empty()) detail = "changed tables found equal to the snapshot";
  return "reset in " + seconds + " (" + detail + ")";
}

}  // namespace tdm
