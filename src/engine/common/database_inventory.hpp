#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "connection/connection.hpp"
#include "snapshot/payload/contents.hpp"

namespace tdm {

struct ColumnInfo {
  std::string name;
  std::string data_type;   // information_schema DATA_TYPE, lower case ("bit", "float", ...)
  bool generated = false;  // VIRTUAL or STORED: computed again on restore, never captured
};

struct TableInfo {
  std::string name;
  std::vector<ColumnInfo> columns;  // in ordinal order
  std::string engine;               // InnoDB, Aria, MyISAM, ...
  bool partitioned = false;
  bool fulltext = false;  // has a FULLTEXT index (kept outside the table's own tablespace)
  std::uint64_t estimated_rows = 0;  // information_schema's TABLE_ROWS: for progress only
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

// Throws Error(kDatabase) when `database` does not exist.
DatabaseInventory read_inventory(Connection& connection, const std::string& database);

// The inventory without `objects`: what reading rows needs. Throws as read_inventory.
DatabaseInventory read_table_inventory(Connection& connection, const std::string& database);

// The stored objects of `database` in restore order (DatabaseInventory::objects).
std::vector<ObjectName> read_object_names(Connection& connection, const std::string& database);

}  // namespace tdm
