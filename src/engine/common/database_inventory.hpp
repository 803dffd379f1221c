#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "connection/connection.hpp"
#include "snapshot/payload/contents.hpp"

namespace tdm {

struct ColumnInfo {
  std::string name;
  std::string data_type;   // information_schema DATA_TYPE, lower case ("bit", "float", ...)
  bool generated = false;  // VIRTUAL or STORED: computed again on restore, never captured
  // "ROW START" / "ROW END" for the period columns of a system-versioned table declared with
  // names of their own (generated too, but captured with the history rows), else "".
  std::string period;
};

struct TableInfo {
  std::string name;
  std::vector<ColumnInfo> columns;  // in ordinal order
  std::string engine;               // InnoDB, Aria, MyISAM, ...
  bool partitioned = false;
  bool system_versioned = false;  // its history rows are captured with the current ones
  bool fulltext = false;          // has a FULLTEXT index (kept outside the table's own tablespace)
  // Its rows belong to other tables or servers (rows_live_elsewhere): only its definition is
  // captured, and the rows travel with the tables that hold them, or not at all.
  bool rows_elsewhere = false;
  std::uint64_t estimated_rows = 0;   // information_schema's TABLE_ROWS: for progress only
  std::uint64_t estimated_bytes = 0;  // its DATA_LENGTH: for spreading work only
};

struct ObjectName {
  std::string type;  // PROCEDURE, FUNCTION, PACKAGE, PACKAGE BODY, VIEW, TRIGGER, EVENT
  std::string name;
};

// Everything a capture reads from one database, listed from information_schema in the order
// a restore needs: routines before views (a view may call a function), triggers by table and
// action order (their creation order is their firing order), events last.
struct DatabaseInventory {
  DatabaseDefinition database;    // without server_version
  std::vector<TableInfo> tables;  // base tables
  std::vector<std::string> sequences;
  std::vector<ObjectName> objects;
};

// Whether a table of `engine` shows rows that other tables or servers hold: MERGE (its
// UNION's tables), FEDERATED, CONNECT and SPIDER (remote tables or files), OQGRAPH (its
// data_table), S3 (objects in a bucket). Loading them would write the rows a second time
// (a MERGE with INSERT_METHOD), fail (read-only ones) or write to another server.
bool rows_live_elsewhere(std::string_view engine);

// Throws Error(kDatabase) when `database` does not exist.
DatabaseInventory read_inventory(Connection& connection, const std::string& database);

// The inventory without `objects`: what reading rows needs. Throws as read_inventory.
DatabaseInventory read_table_inventory(Connection& connection, const std::string& database);

// The inventory without the tables' columns and FULLTEXT flags, two information_schema queries
// fewer (COLUMNS and STATISTICS, which open every table): what comparing definitions needs.
DatabaseInventory read_name_inventory(Connection& connection, const std::string& database);

// read_name_inventory in parts, for a round trip shared with other reads: its
// kNameInventoryStatements statements, separated by ';', and the inventory from their results.
inline constexpr std::size_t kNameInventoryStatements = 5;
std::string name_inventory_statements(Connection& connection, const std::string& database);
DatabaseInventory name_inventory_from(std::span<Result> results, Connection& connection,
                                      const std::string& database);

// The stored objects of `database` in restore order (DatabaseInventory::objects).
std::vector<ObjectName> read_object_names(Connection& connection, const std::string& database);

}  // namespace tdm
