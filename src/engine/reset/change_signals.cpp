#include "engine/reset/change_signals.hpp"

#include <mysqld_error.h>

#include <cstdlib>

#include "core/error.hpp"
#include "engine/tablespace/server_files.hpp"

namespace tdm {

namespace {

// LIKE pattern matching the InnoDB names "<database>/<table>" of a database's tables.
std::string innodb_name_pattern(Connection& connection, const std::string& database) {
  std::string escaped;
  for (char c : database) {
    if (c == '_' || c == '%' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return connection.quote(escaped + "/%");
}

// The part after "<database>/" of an InnoDB table name.
std::string innodb_table(std::string_view name) {
  std::size_t slash = name.find('/');
  return std::string(slash == std::string_view::npos ? name : name.substr(slash + 1));
}

void read_tables(Result& result, DatabaseSignals& signals) {
  while (auto row = result.next()) {
    TableSignals& table = signals[row->str(0)];
    table.always_check =
        row->view(1) != "InnoDB" || row->view(2) == "1" || !has_plain_file_name(row->view(0));
    table.update_time = row->optional(3).value_or("");
    if (!row->is_null(4)) table.auto_increment = counter_from_text(row->view(4));
  }
}

void read_user_statistics(Result& result, DatabaseSignals& signals) {
  while (auto row = result.next()) {
    auto table = signals.find(row->str(0));
    if (table != signals.end()) table->second.rows_changed = counter_from_text(row->view(1));
  }
}

// InnoDB's table ids and change counters, from its dictionary cache.
void read_innodb(Result& result, DatabaseSignals& signals) {
  while (auto row = result.next()) {
    auto table = signals.find(innodb_table(row->view(0)));
    if (table == signals.end()) continue;
    table->second.table_id = counter_from_text(row->view(1));
    table->second.modified_counter = counter_from_text(row->view(2));
    table->second.estimated_rows = counter_from_text(row->view(3));
  }
}

}  // namespace

std::uint64_t counter_from_text(std::string_view text) {
  return std::strtoull(std::string(text).c_str(), nullptr, 10);
}

ExpectedErrors innodb_dictionary_refusals() {
  static constexpr ExpectedErrors kRefusals = {ER_SPECIFIC_ACCESS_DENIED_ERROR, ER_UNKNOWN_TABLE};
  return kRefusals;
}

std::vector<std::string> database_signals_statements(Connection& connection,
                                                     const std::string& database) {
  std::string quoted = connection.quote(database);
  std::vector<std::string> statements{
      "SELECT TABLE_NAME, ENGINE, CREATE_OPTIONS LIKE '%partitioned%', UPDATE_TIME,"
      " AUTO_INCREMENT"
      " FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
          quoted + " AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')",
      "SELECT TABLE_NAME, ROWS_CHANGED FROM information_schema.TABLE_STATISTICS"
      " WHERE TABLE_SCHEMA = " +
          quoted};
  // InnoDB's dictionary cache, by the tables' file names: of no use for a database whose name
  // is encoded in its file names. The TABLES read just before opened every table, which loads
  // it into the cache; a table missing from it (evicted in between) is checked. The cache,
  // unlike INNODB_SYS_TABLES, is read without going through every table of the server.
  if (has_plain_file_name(database)) {
    statements.push_back(
        "SELECT NAME, TABLE_ID, MODIFIED_COUNTER, NUM_ROWS"
        " FROM information_schema.INNODB_SYS_TABLESTATS"
        " WHERE NAME LIKE " +
        innodb_name_pattern(connection, database));
  }
  return statements;
}

DatabaseSignals database_signals_from(std::span<Result> results) {
  DatabaseSignals signals;
  if (results.size() >= 1) read_tables(results[0], signals);
  if (results.size() >= 2) read_user_statistics(results[1], signals);
  // Without InnoDB's dictionary a TRUNCATE would go unnoticed: every table is checked then.
  bool innodb_known = results.size() >= kDatabaseSignalsStatements;
  if (innodb_known) read_innodb(results[2], signals);
  for (auto& [name, table] : signals) {
    if (!innodb_known || !table.table_id) table.always_check = true;
  }
  return signals;
}

DatabaseSignals read_database_signals(Connection& connection, const std::string& database) {
  std::string sql;
  for (const std::string& statement : database_signals_statements(connection, database)) {
    sql += (sql.empty() ? "" : "; ") + statement;
  }
  std::optional<Refusal> refused;
  std::vector<Result> results =
      connection.try_query_all(sql, innodb_dictionary_refusals(), refused);
  require_signals_read(results.size(), refused);
  return database_signals_from(results);
}

void require_signals_read(std::size_t results, const std::optional<Refusal>& refused) {
  // Only InnoDB's dictionary, the third statement, may be refused.
  if (refused && results < 2) throw Error(ExitCode::kDatabase, refused->message);
}

std::string user_statistics_statement() {
  return "SELECT @@global.userstat";
}

bool user_statistics_enabled_from(Result& result) {
  auto row = result.next();
  return row && row->size() > 0 && row->optional(0).value_or("0") == "1";
}

bool user_statistics_enabled(Connection& connection) {
  Result result = connection.query(user_statistics_statement());
  return user_statistics_enabled_from(result);
}

std::string server_incarnation_expression(std::string_view uptime) {
  return "CONCAT(UNIX_TIMESTAMP() - " + std::string(uptime) + ", '/', SUBSTRING(UUID(), 20))";
}

std::string server_incarnation(Connection& connection) {
  Result result =
      connection.query("SELECT " + server_incarnation_expression("VARIABLE_VALUE") +
                       " FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'UPTIME'");
  auto row = result.next();
  return row && row->size() > 0 ? row->optional(0).value_or("") : "";
}

bool same_incarnation(const std::string& recorded, const std::string& now) {
  std::size_t a = recorded.find('/');
  std::size_t b = now.find('/');
  if (a == std::string::npos || b == std::string::npos) return false;
  if (recorded.substr(a) != now.substr(b)) return false;
  long long started_then = std::atoll(recorded.substr(0, a).c_str());
  long long started_now = std::atoll(now.substr(0, b).c_str());
  return std::llabs(started_then - started_now) <= 1;
}

std::set<std::string> tables_changed_since(const DatabaseSignals& baseline,
                                           const DatabaseSignals& now) {
  std::set<std::string> changed;
  for (const auto& [name, current] : now) {
    auto before = baseline.find(name);
    bool moved =
        before == baseline.end() || current.always_check ||
        current.rows_changed != before->second.rows_changed ||
        current.table_id != before->second.table_id ||
        // Statistics recalculation lowers the counter: only a rise means changes.
        current.modified_counter > before->second.modified_counter ||
        // Eviction from the dictionary cache forgets the time: only a new one counts.
        (!current.update_time.empty() && current.update_time != before->second.update_time);
    if (moved) changed.insert(name);
  }
  return changed;
}

}  // namespace tdm
