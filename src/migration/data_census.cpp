#include "migration/data_census.hpp"

#include <algorithm>

#include "connection/connection.hpp"

namespace tdm {

namespace {

bool ignored(const std::vector<IgnoreRule>& ignore, const std::string& table,
             const std::string& column) {
  return std::any_of(ignore.begin(), ignore.end(), [&](const IgnoreRule& rule) {
    return rule.table == table && (rule.column.empty() || rule.column == column);
  });
}

// Base table -> its columns, in their order.
std::map<std::string, std::vector<std::string>> columns_of(Connection& connection,
                                                           const std::string& database) {
  Result result = connection.query(
      "SELECT c.TABLE_NAME, c.COLUMN_NAME FROM information_schema.COLUMNS c "
      "JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND "
      "t.TABLE_NAME = c.TABLE_NAME AND t.TABLE_TYPE = 'BASE TABLE' "
      "WHERE c.TABLE_SCHEMA = " +
      connection.quote(database) + " ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION");
  std::map<std::string, std::vector<std::string>> tables;
  while (auto row = result.next()) tables[row->str(0)].push_back(row->str(1));
  return tables;
}

std::uint64_t count_of(std::string_view text) {
  return std::stoull(std::string(text));
}

}  // namespace

DataCensus take_census(const ConnectionParams& server, const std::string& database,
                       const std::vector<IgnoreRule>& ignore) {
  Connection connection(server.with_database(""));
  DataCensus census;
  for (const auto& [table, all_columns] : columns_of(connection, database)) {
    if (ignored(ignore, table, "")) continue;
    std::vector<std::string> columns;
    std::string sql = "SELECT COUNT(*)";
    for (const std::string& column : all_columns) {
      if (ignored(ignore, table, column)) continue;
      columns.push_back(column);
      sql += ", COUNT(" + Connection::quote_identifier(column) + ")";
    }
    sql += " FROM " + Connection::quote_identifier(database) + "." +
           Connection::quote_identifier(table);
    Result result = connection.query(sql);
    auto row = result.next();
    TableCensus& counts = census[table];
    counts.rows = count_of(row->view(0));
    for (unsigned i = 0; i < columns.size(); ++i) {
      counts.non_null[columns[i]] = count_of(row->view(i + 1));
    }
  }
  return census;
}

std::vector<std::string> data_lost(const DataCensus& before, const DataCensus& after) {
  std::vector<std::string> lost;
  for (const auto& [table, old] : before) {
    auto now = after.find(table);
    if (now == after.end()) continue;
    if (now->second.rows < old.rows) {
      lost.push_back(table + ": " + std::to_string(old.rows) + " rows before, " +
                     std::to_string(now->second.rows) + " after");
    }
    for (const auto& [column, count] : old.non_null) {
      auto current = now->second.non_null.find(column);
      if (current == now->second.non_null.end() || current->second >= count) continue;
      lost.push_back(table + "." + column + ": " + std::to_string(count) +
                     " non-NULL values before, " + std::to_string(current->second) + " after");
    }
  }
  return lost;
}

}  // namespace tdm
