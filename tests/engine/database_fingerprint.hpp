#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "connection/connection.hpp"

namespace tdm::testing {

// What must be equal between a database and its restored copy, each entry keyed by object:
// "checksum <table>", "rows <table>", "auto_increment <table>", "create <TYPE> <name>",
// "state SEQUENCE <name>" (next value and cycles done), "options SEQUENCE <name>" (its table
// options), ...
// The database's own name is replaced by "<db>" so copies under another name compare equal.

namespace fingerprint_detail {

inline std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// Every column of SHOW CREATE's one row but the creation time, joined.
inline std::string show_create(Connection& connection, const std::string& type,
                               const std::string& name) {
  Result result =
      connection.query("SHOW CREATE " + type + " " + Connection::quote_identifier(name));
  auto row = result.next();
  if (!row) return "<missing>";
  std::string joined;
  for (unsigned i = 0; i < row->size(); ++i) {
    if (result.field_name(i) == "Created") continue;
    joined += result.field_name(i) + "=" + row->optional(i).value_or("NULL") + "\n";
  }
  return joined;
}

inline std::vector<std::pair<std::string, std::string>> pairs(Connection& connection,
                                                              const std::string& sql) {
  std::vector<std::pair<std::string, std::string>> out;
  Result result = connection.query(sql);
  while (auto row = result.next()) out.emplace_back(row->str(0), row->optional(1).value_or(""));
  return out;
}

// Every row a system-versioned table keeps, history included, with its period: a count and
// an order-independent digest.
inline std::string history(Connection& connection, const std::string& database,
                           const std::string& table) {
  std::string columns;
  bool named_periods = false;
  for (auto& [column, generation] :
       pairs(connection,
             "SELECT COLUMN_NAME, IFNULL(GENERATION_EXPRESSION, '') FROM"
             " information_schema.COLUMNS WHERE TABLE_SCHEMA = " +
                 connection.quote(database) + " AND TABLE_NAME = " + connection.quote(table) +
                 " ORDER BY ORDINAL_POSITION")) {
    named_periods = named_periods || generation.starts_with("ROW ");
    columns += ", " + Connection::quote_identifier(column);
  }
  if (!named_periods) columns += ", ROW_START, ROW_END";
  Result result =
      connection.query("SELECT COUNT(*), BIT_XOR(CRC32(CONCAT_WS('|'" + columns + "))) FROM " +
                       Connection::quote_identifier(table) + " FOR SYSTEM_TIME ALL");
  auto row = result.next();
  return row->str(0) + " rows, digest " + row->optional(1).value_or("NULL");
}

}  // namespace fingerprint_detail

inline std::map<std::string, std::string> database_fingerprint(Connection& connection,
                                                               const std::string& database) {
  using namespace fingerprint_detail;
  std::map<std::string, std::string> print;
  std::string quoted = connection.quote(database);
  connection.execute("USE " + Connection::quote_identifier(database));
  for (auto& [name, value] : pairs(connection,
                                   "SELECT CONCAT(DEFAULT_CHARACTER_SET_NAME, ' ',"
                                   " DEFAULT_COLLATION_NAME), SCHEMA_COMMENT"
                                   " FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = " +
                                       quoted)) {
    print["database"] = name + " " + value;
  }
  for (auto& [table, type] : pairs(connection,
                                   "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES"
                                   " WHERE TABLE_SCHEMA = " +
                                       quoted)) {
    if (type == "VIEW") {
      print["create VIEW " + table] = show_create(connection, "VIEW", table);
      continue;
    }
    if (type == "SEQUENCE") {
      print["create SEQUENCE " + table] = show_create(connection, "SEQUENCE", table);
      // Table options (MIN_ROWS, MAX_ROWS, ...) only SHOW CREATE TABLE shows.
      print["options SEQUENCE " + table] = show_create(connection, "TABLE", table);
      Result state =
          connection.query("SELECT CONCAT_WS(' ', next_not_cached_value, cycle_count) FROM " +
                           Connection::quote_identifier(table));
      print["state SEQUENCE " + table] = state.next()->str(0);
      continue;
    }
    print["create TABLE " + table] = show_create(connection, "TABLE", table);
    std::string quoted_table = Connection::quote_identifier(table);
    print["checksum " + table] =
        connection.query("CHECKSUM TABLE " + quoted_table + " EXTENDED").next()->str(1);
    print["rows " + table] = *connection.scalar("SELECT COUNT(*) FROM " + quoted_table);
    if (type == "SYSTEM VERSIONED")
      print["history " + table] = history(connection, database, table);
  }
  for (auto& [table, counter] :
       pairs(connection,
             "SELECT TABLE_NAME, AUTO_INCREMENT FROM information_schema.TABLES"
             " WHERE TABLE_SCHEMA = " +
                 quoted)) {
    print["auto_increment " + table] = counter;
  }
  for (auto& [type, name] : pairs(connection,
                                  "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM"
                                  " information_schema.ROUTINES WHERE ROUTINE_SCHEMA = " +
                                      quoted)) {
    print["create " + type + " " + name] = show_create(connection, type, name);
  }
  for (auto& [name, order] : pairs(connection,
                                   "SELECT TRIGGER_NAME, ACTION_ORDER FROM"
                                   " information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = " +
                                       quoted)) {
    print["create TRIGGER " + name] = show_create(connection, "TRIGGER", name);
    print["order TRIGGER " + name] = order;
  }
  for (auto& [name, status] : pairs(connection,
                                    "SELECT EVENT_NAME, STATUS FROM information_schema.EVENTS"
                                    " WHERE EVENT_SCHEMA = " +
                                        quoted)) {
    print["create EVENT " + name] = show_create(connection, "EVENT", name);
    print["status EVENT " + name] = status;
  }
  for (auto& [key, value] : print) value = replace_all(value, database, "<db>");
  return print;
}

}  // namespace tdm::testing
