#include "engine/reset/clean_proof.hpp"

#include <array>
#include <cctype>

namespace tdm {

namespace {

// The Com_ counters of every statement that can change a definition a reset compares (tables,
// sequences, views, triggers, routines, events, the database's defaults) or rebuild a table.
constexpr std::array<std::string_view, 37> kDefinitionCounters = {
    "COM_ALTER_DB",
    "COM_ALTER_DB_UPGRADE",
    "COM_ALTER_EVENT",
    "COM_ALTER_FUNCTION",
    "COM_ALTER_PROCEDURE",
    "COM_ALTER_SEQUENCE",
    "COM_ALTER_TABLE",
    "COM_CREATE_DB",
    "COM_CREATE_EVENT",
    "COM_CREATE_FUNCTION",
    "COM_CREATE_INDEX",
    "COM_CREATE_PACKAGE",
    "COM_CREATE_PACKAGE_BODY",
    "COM_CREATE_PROCEDURE",
    "COM_CREATE_SEQUENCE",
    "COM_CREATE_TABLE",
    "COM_CREATE_TRIGGER",
    "COM_CREATE_VIEW",
    "COM_DROP_DB",
    "COM_DROP_EVENT",
    "COM_DROP_FUNCTION",
    "COM_DROP_INDEX",
    "COM_DROP_PACKAGE",
    "COM_DROP_PACKAGE_BODY",
    "COM_DROP_PROCEDURE",
    "COM_DROP_SEQUENCE",
    "COM_DROP_TABLE",
    "COM_DROP_TRIGGER",
    "COM_DROP_VIEW",
    "COM_RENAME_TABLE",
    "COM_TRUNCATE",
    "COM_REPAIR",
    "COM_OPTIMIZE",
    "COM_FLUSH",
    "COM_INSTALL_PLUGIN",
    "COM_UNINSTALL_PLUGIN",
    "COM_CREATE_UDF",
};

// First words of statements that cannot change a definition: reads, row changes (the
// functions and triggers they may run cannot either), transaction control, table checks and
// BINLOG (row events only: what a reset's undo sends). Not SET (SET STATEMENT ... FOR wraps
// any statement) nor BEGIN (BEGIN NOT ATOMIC is a compound statement).
constexpr std::array<std::string_view, 28> kRowStatements = {
    "SELECT",    "INSERT",  "UPDATE", "DELETE",   "REPLACE", "LOAD",    "SHOW",
    "DO",        "WITH",    "VALUES", "TABLE",    "START",   "COMMIT",  "ROLLBACK",
    "SAVEPOINT", "RELEASE", "XA",     "LOCK",     "UNLOCK",  "HANDLER", "EXPLAIN",
    "DESCRIBE",  "DESC",    "CHECK",  "CHECKSUM", "ANALYZE", "PURGE",   "BINLOG",
};

std::string_view skip_comments_and_space(std::string_view text) {
  for (;;) {
    while (!text.empty() &&
           (std::isspace(static_cast<unsigned char>(text.front())) || text.front() == '(')) {
      text.remove_prefix(1);
    }
    if (text.substr(0, 2) == "/*") {
      std::size_t end = text.find("*/", 2);
      if (end == std::string_view::npos) return {};
      text.remove_prefix(end + 2);
    } else if (text.substr(0, 2) == "--" || text.substr(0, 1) == "#") {
      std::size_t end = text.find('\n');
      if (end == std::string_view::npos) return {};
      text.remove_prefix(end + 1);
    } else {
      return text;
    }
  }
}

std::string first_word(std::string_view statement) {
  std::string word;
  for (char c : skip_comments_and_space(statement)) {
    if (!std::isalpha(static_cast<unsigned char>(c))) break;
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return word;
}

std::string quoted_counter_list() {
  std::string list;
  for (std::string_view counter : kDefinitionCounters) {
    list += std::string(list.empty() ? "'" : ", '") + std::string(counter) + "'";
  }
  return list;
}

}  // namespace

bool may_change_definitions(std::string_view statement) {
  std::string word = first_word(statement);
  for (std::string_view harmless : kRowStatements) {
    if (word == harmless) return false;
  }
  return true;
}

namespace {

std::string server_counters_statement() {
  // One pass over GLOBAL_STATUS: it sums every session's counters whatever the filter.
  return "SELECT " +
         server_incarnation_expression("MAX(IF(VARIABLE_NAME = 'UPTIME', VARIABLE_VALUE, NULL))") +
         ", SUM(IF(VARIABLE_NAME = 'UPTIME', 0, VARIABLE_VALUE)), (SELECT "
         "COALESCE(SUM(ROWS_CHANGED), 0) FROM "
         "information_schema.TABLE_STATISTICS WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME IN "
         "('proc', 'event')) FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN "
         "('UPTIME', " +
         quoted_counter_list() + ")";
}

ServerWatch server_counters_from(Result& counters) {
  ServerWatch watch;
  if (auto row = counters.next(); row && row->size() >= 3) {
    watch.incarnation = row->optional(0).value_or("");
    watch.definition_statements = counter_from_text(row->optional(1).value_or("0"));
    watch.routine_rows = counter_from_text(row->optional(2).value_or("0"));
  }
  return watch;
}

}  // namespace

std::string server_watch_statements() {
  return server_counters_statement() +
         "; SELECT INFO FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND "
         "INFO IS NOT NULL";
}

ServerWatch server_watch_from(Result& counters, Result& running) {
  ServerWatch watch = server_counters_from(counters);
  while (auto row = running.next()) {
    if (may_change_definitions(row->view(0))) watch.definition_change_running = true;
  }
  return watch;
}

std::string auto_increments_of(const DatabaseSignals& signals) {
  std::string text;
  for (const auto& [name, table] : signals) {
    if (!table.auto_increment) continue;
    text += (text.empty() ? "" : ",") + name + "=" + std::to_string(*table.auto_increment);
  }
  return text;
}

bool clean_proof_may_stand(const CleanProof& proof, const ResetPoint& point,
                           const ServerWatch& now) {
  return proof.payload_sha256 == point.payload_sha256 && proof.restored_at == point.restored_at &&
         same_incarnation(proof.watch.incarnation, now.incarnation) &&
         proof.watch.definition_statements == now.definition_statements &&
         proof.watch.routine_rows == now.routine_rows;
}

bool clean_proof_holds(const CleanProof& proof, const ResetPoint& point, const ServerWatch& now,
                       const DatabaseSignals& baseline, const DatabaseSignals& signals) {
  return clean_proof_may_stand(proof, point, now) &&
         tables_changed_since(baseline, signals).empty() &&
         proof.auto_increments == auto_increments_of(signals);
}

std::string clean_proof_statement(Connection& connection, const std::string& database) {
  return "SELECT payload_sha256, restored_at, server_incarnation, definition_statements,"
         " routine_rows, auto_increments FROM _tdm.clean_proof WHERE database_name = " +
         connection.quote(database);
}

std::optional<CleanProof> clean_proof_from(Result& result) {
  auto row = result.next();
  if (!row) return std::nullopt;
  CleanProof proof;
  proof.payload_sha256 = row->str(0);
  proof.restored_at = row->str(1);
  proof.watch.incarnation = row->str(2);
  proof.watch.definition_statements = counter_from_text(row->view(3));
  proof.watch.routine_rows = counter_from_text(row->view(4));
  proof.auto_increments = row->str(5);
  return proof;
}

void write_clean_proof(Connection& connection, const std::string& database,
                       const CleanProof& proof) {
  connection.execute("REPLACE INTO _tdm.clean_proof VALUES (" + connection.quote(database) + ", " +
                     connection.quote(proof.payload_sha256) + ", " +
                     connection.quote(proof.restored_at) + ", " +
                     connection.quote(proof.watch.incarnation) + ", " +
                     std::to_string(proof.watch.definition_statements) + ", " +
                     std::to_string(proof.watch.routine_rows) + ", " +
                     connection.quote(proof.auto_increments) + ")");
}

ServerWatch carry_clean_proofs(Connection& connection, const ServerWatch& before,
                               std::uint64_t own_statements) {
  ServerWatch after = before;
  after.definition_statements += own_statements;
  if (own_statements == 0) return after;
  connection.execute(
      "UPDATE _tdm.clean_proof SET definition_statements = " +
      std::to_string(after.definition_statements) +
      " WHERE definition_statements = " + std::to_string(before.definition_statements) +
      " AND routine_rows = " + std::to_string(before.routine_rows));
  return after;
}

}  // namespace tdm
