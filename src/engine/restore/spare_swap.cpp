#include <mysqld_error.h>

#include <cctype>
#include <string>
#include <vector>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "core/stopwatch.hpp"
#include "engine/common/session_settings.hpp"
#include "engine/reset/untouched.hpp"
#include "engine/restore.hpp"
#include "engine/restore/schema_restore.hpp"
#include "lock/database_drop.hpp"
#include "snapshot/payload/reader.hpp"
#include "state/bookkeeping.hpp"

namespace tdm {

namespace {

// What the target holds that a swap moves or replaces, and whether the trash is there (and
// holds tables a killed swap left), in one round trip.
struct LiveObjects {
  bool target_exists = false;
  std::vector<std::string> tables;  // base tables and sequences: renamed into the trash
  std::vector<std::string> views;   // dropped (RENAME TABLE cannot move a view elsewhere)
  std::vector<std::pair<std::string, std::string>> routines;  // type, name: dropped
  std::vector<std::string> events;                            // dropped
  bool trash_exists = false;
  bool trash_empty = true;
};

LiveObjects live_objects(Connection& control, const std::string& target, const std::string& trash) {
  const std::string schema = control.quote(target);
  std::vector<Result> results = control.query_all(
      "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = " + schema +
      "; SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
      schema +
      "; SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES"
      " WHERE ROUTINE_SCHEMA = " +
      schema + "; SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = " + schema +
      "; SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = " +
      control.quote(trash) +
      "; SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
      control.quote(trash));
  LiveObjects live;
  live.target_exists = results[0].first_column().at(0) != "0";
  while (auto row = results[1].next()) {
    (row->str(1) == "VIEW" ? live.views : live.tables).push_back(row->str(0));
  }
  while (auto row = results[2].next()) live.routines.emplace_back(row->str(0), row->str(1));
  live.events = results[3].first_column();
  live.trash_exists = results[4].first_column().at(0) != "0";
  live.trash_empty = results[5].first_column().at(0) == "0";
  return live;
}

// " CHARACTER SET x COLLATE y COMMENT 'z'" of the payload's database, for CREATE and ALTER
// DATABASE; the comment always, so that ALTER clears one the payload does not have.
std::string database_options(Connection& control, const DatabaseDefinition& like) {
  std::string options;
  if (!like.charset.empty()) options += " CHARACTER SET " + control.quote(like.charset);
  if (!like.collation.empty()) options += " COLLATE " + control.quote(like.collation);
  return options + " COMMENT " + control.quote(like.comment);
}

bool mentions_nextval(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text.find("nextval(") != std::string::npos;
}

// Why the payload cannot come through a swap at all (empty when it can).
std::string why_not_swappable(const PayloadIndex& index) {
  for (const TableDefinition& table : index.tables) {
    // The server keeps such a DEFAULT as nextval(`<database>`.`sequence`): renamed into the
    // target, the table would still draw from the spare's sequence.
    if (mentions_nextval(table.create_statement)) {
      return "table `" + table.name +
             "` takes a DEFAULT from a sequence, which names the spare's database";
    }
  }
  for (const StoredObject& object : index.objects) {
    if (object.type == "TRIGGER") {
      return "the payload has triggers (trigger `" + object.name +
             "`), and RENAME TABLE cannot move a table with triggers to another database";
    }
  }
  return {};
}

bool exists(Connection& control, const std::string& database) {
  return control
      .query("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = " +
             control.quote(database))
      .next()
      .has_value();
}

// Before the RENAME, once the target is `restoring`: its old views go, so that none has the
// name of a table of the payload's.
void drop_views(Connection& control, const std::string& target, const LiveObjects& old) {
  if (old.views.empty()) return;
  std::string list;
  for (const std::string& view : old.views) {
    list += (list.empty() ? "" : ", ") + Connection::quote_table(target, view);
  }
  control.execute("DROP VIEW IF EXISTS " + list);
}

// After the RENAME: the target's old routines and events go, the payload's objects come.
void replace_stored_objects(const ConnectionParams& params, Connection& control,
                            const std::string& target, const LiveObjects& old,
                            const PayloadIndex& index) {
  for (const auto& [type, name] : old.routines) {
    control.execute("DROP " + type + " IF EXISTS " + Connection::quote_table(target, name));
  }
  for (const std::string& event : old.events) {
    control.execute("DROP EVENT IF EXISTS " + Connection::quote_table(target, event));
  }
  control.execute("ALTER DATABASE " + Connection::quote_identifier(target) +
                  database_options(control, index.database));
  if (index.objects.empty()) return;
  Connection schema(params.with_database(target));
  prepare_restore_session(schema);
  create_stored_objects(schema, index.objects);
}

}  // namespace

SwapOutcome swap_in_spare(const ConnectionParams& params, const RestoreRequest& request,
                          const SpareSwap& swap, const TestDatabaseRule& rule) {
  Stopwatch started;
  const std::string& target = request.target_database;
  rule.require(target, "restore a snapshot into");
  for (const std::string& name : {swap.spare, swap.trash}) {
    if (!rule.allows(name)) {
      return {std::nullopt, "'" + name + "' is not a test database (" + rule.describe() + ")"};
    }
  }
  if (request.expected_sha256.empty()) {
    return {std::nullopt, "the payload has no recorded digest to match a spare with"};
  }
  PayloadFile file(request.payload_path);
  PayloadIndex index = read_payload_index(file);
  if (std::string why = why_not_swappable(index); !why.empty()) return {std::nullopt, why};

  Connection control(params.with_database(""));
  prepare_restore_session(control);
  if (!exists(control, swap.spare)) return {std::nullopt, "there is no spare '" + swap.spare + "'"};
  PayloadTarget spare_target = request;
  spare_target.target_database = swap.spare;
  ResetRecords records(control);
  if (std::string why = why_not_untouched(params, control, records, spare_target, index);
      !why.empty()) {
    return {std::nullopt, "spare '" + swap.spare + "' is not proven untouched: " + why};
  }
  LiveObjects old = live_objects(control, target, swap.trash);
  if (!old.trash_empty) {
    drop_database(control, swap.trash, request.lock_timeout);  // what a killed swap left
    old.trash_exists = false;
  }
  if (!old.trash_exists) {
    control.execute("CREATE DATABASE " + Connection::quote_identifier(swap.trash));
  }
  Bookkeeping bookkeeping(control);
  bookkeeping.begin(target, DatabaseState::kRestoring, request.snapshot_name,
                    request.data_model_hash);
  // The spare is no longer trusted from here on, so a kill after the RENAME never leaves
  // records vouching for a spare that has given its tables away.
  bookkeeping.forget(swap.spare);
  records.forget(swap.spare);
  drop_views(control, target, old);
  if (!old.target_exists) {
    control.execute("CREATE DATABASE " + Connection::quote_identifier(target) +
                    database_options(control, index.database));
  }
  std::string renames;
  for (const std::string& table : old.tables) {
    renames += (renames.empty() ? "" : ", ") + Connection::quote_table(target, table) + " TO " +
               Connection::quote_table(swap.trash, table);
  }
  // The spare's tables are the payload's: its definitions were just compared with them.
  std::vector<std::string> spare_tables;
  for (const SequenceDefinition& sequence : index.sequences) spare_tables.push_back(sequence.name);
  for (const TableDefinition& table : index.tables) spare_tables.push_back(table.name);
  for (const std::string& table : spare_tables) {
    renames += (renames.empty() ? "" : ", ") + Connection::quote_table(swap.spare, table) + " TO " +
               Connection::quote_table(target, table);
  }
  if (!renames.empty()) {
    Attempt<> renamed = control.try_execute(
        "SET STATEMENT lock_wait_timeout = " + std::to_string(swap.lock_wait.count()) +
            " FOR RENAME TABLE " + renames,
        {ER_LOCK_WAIT_TIMEOUT, ER_TRG_IN_WRONG_SCHEMA});
    if (!renamed) return {std::nullopt, "RENAME TABLE was refused (" + renamed.message() + ")"};
  }
  try {
    replace_stored_objects(params, control, target, old, index);
  } catch (const Error& error) {
    throw Error(error.code(),
                "swapping spare '" + swap.spare + "' into '" + target + "': " + error.what());
  }
  bookkeeping.finish(target, DatabaseState::kRestored, request.snapshot_name,
                     request.data_model_hash);

  RestoreStats stats;
  for (const TableData& data : index.data) stats.rows += data.rows;
  stats.bytes = file.size();
  stats.tables = index.tables.size();
  stats.spare = swap.spare;
  stats.seconds = started.seconds();
  return {std::move(stats), ""};
}

}  // namespace tdm
