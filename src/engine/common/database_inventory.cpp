#include "engine/common/database_inventory.hpp"

#include <map>
#include <span>

#include "core/error.hpp"

namespace tdm {

namespace {

std::string database_statement(Connection& connection, const std::string& database) {
  return "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME, SCHEMA_COMMENT"
         " FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = " +
         connection.quote(database);
}

DatabaseDefinition database_from(Result& result, Connection& connection,
                                 const std::string& database) {
  auto row = result.next();
  if (!row) {
    throw Error(ExitCode::kDatabase,
                "cannot capture database '" + database + "': it does not exist on " +
                    connection.params().describe(),
                "check the database name, or seed the database before capturing it");
  }
  return DatabaseDefinition{database, row->str(0), row->str(1), row->str(2), ""};
}

DatabaseDefinition read_database(Connection& connection, const std::string& database) {
  Result result = connection.query(database_statement(connection, database));
  return database_from(result, connection, database);
}

std::string tables_statement(const std::string& quoted_database) {
  return "SELECT TABLE_NAME, TABLE_TYPE, ENGINE, CREATE_OPTIONS LIKE '%partitioned%',"
         " IFNULL(TABLE_ROWS, 0), IFNULL(DATA_LENGTH, 0)"
         " FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
         quoted_database + " ORDER BY TABLE_NAME";
}

// Views are listed in the TABLES result too (in the same order as information_schema.VIEWS
// lists them): collected into `views` when given.
void tables_from(Result& result, DatabaseInventory& inventory,
                 std::vector<ObjectName>* views = nullptr) {
  while (auto row = result.next()) {
    std::string type = row->str(1);
    if (type == "SEQUENCE") {
      inventory.sequences.push_back(row->str(0));
    } else if (type == "VIEW") {
      if (views) views->push_back(ObjectName{"VIEW", row->str(0)});
    } else {  // BASE TABLE, SYSTEM VERSIONED
      inventory.tables.push_back(TableInfo{row->str(0), {}, row->str(2), row->str(3) == "1"});
      inventory.tables.back().estimated_rows = std::stoull(row->str(4));
      inventory.tables.back().estimated_bytes = std::stoull(row->str(5));
      inventory.tables.back().rows_elsewhere = rows_live_elsewhere(row->str(2));
      inventory.tables.back().system_versioned = type == "SYSTEM VERSIONED";
    }
  }
}

void read_tables(Connection& connection, const std::string& quoted_database,
                 DatabaseInventory& inventory) {
  Result result = connection.query(tables_statement(quoted_database));
  tables_from(result, inventory);
}

// Packages before their bodies, then procedures and functions.
std::string routine_names_statement(const std::string& quoted) {
  return "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES"
         " WHERE ROUTINE_SCHEMA = " +
         quoted +
         " ORDER BY FIELD(ROUTINE_TYPE, 'PACKAGE', 'PACKAGE BODY') = 0, ROUTINE_TYPE,"
         " ROUTINE_NAME";
}

// Triggers in firing order per table; then events.
std::string trigger_and_event_names_statements(const std::string& quoted) {
  return "SELECT 'TRIGGER', TRIGGER_NAME FROM information_schema.TRIGGERS"
         " WHERE TRIGGER_SCHEMA = " +
         quoted +
         " ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER;"
         " SELECT 'EVENT', EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = " +
         quoted + " ORDER BY EVENT_NAME";
}

// Routines; views; triggers; events.
std::string object_names_statements(const std::string& quoted) {
  return routine_names_statement(quoted) +
         "; SELECT 'VIEW', TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = " +
         quoted + " ORDER BY TABLE_NAME; " + trigger_and_event_names_statements(quoted);
}

void append_object_names(std::span<Result> results, std::vector<ObjectName>& objects) {
  for (Result& result : results) {
    while (auto row = result.next()) objects.push_back(ObjectName{row->str(0), row->str(1)});
  }
}

void read_columns(Connection& connection, const std::string& quoted_database,
                  DatabaseInventory& inventory) {
  std::map<std::string, TableInfo*> by_name;
  for (TableInfo& table : inventory.tables) by_name[table.name] = &table;
  Result result = connection.query(
      "SELECT TABLE_NAME, COLUMN_NAME, LOWER(DATA_TYPE), IS_GENERATED,"
      " IF(GENERATION_EXPRESSION IN ('ROW START', 'ROW END'), GENERATION_EXPRESSION, '')"
      " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = " +
      quoted_database + " ORDER BY TABLE_NAME, ORDINAL_POSITION");
  while (auto row = result.next()) {
    auto table = by_name.find(row->str(0));
    if (table == by_name.end()) continue;  // a view's or sequence's columns
    table->second->columns.push_back(
        ColumnInfo{row->str(1), row->str(2), row->str(3) != "NEVER", row->str(4)});
  }
}

void read_fulltext(Connection& connection, const std::string& quoted_database,
                   DatabaseInventory& inventory) {
  Result result = connection.query(
      "SELECT DISTINCT TABLE_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = " +
      quoted_database + " AND INDEX_TYPE = 'FULLTEXT'");
  while (auto row = result.next()) {
    for (TableInfo& table : inventory.tables) {
      if (table.name == row->view(0)) table.fulltext = true;
    }
  }
}

}  // namespace

bool rows_live_elsewhere(std::string_view engine) {
  // As information_schema.TABLES spells them.
  for (std::string_view other : {"MRG_MyISAM", "FEDERATED", "CONNECT", "SPIDER", "OQGRAPH", "S3"}) {
    if (engine == other) return true;
  }
  return false;
}

DatabaseInventory read_inventory(Connection& connection, const std::string& database) {
  DatabaseInventory inventory = read_table_inventory(connection, database);
  inventory.objects = read_object_names(connection, database);
  return inventory;
}

DatabaseInventory read_table_inventory(Connection& connection, const std::string& database) {
  DatabaseInventory inventory;
  inventory.database = read_database(connection, database);
  std::string quoted = connection.quote(database);
  read_tables(connection, quoted, inventory);
  read_columns(connection, quoted, inventory);
  read_fulltext(connection, quoted, inventory);
  return inventory;
}

// The database, its tables and views, routines, triggers and events: information_schema.VIEWS
// (which opens every view) is not read, the views' names come with the tables.
std::string name_inventory_statements(Connection& connection, const std::string& database) {
  std::string quoted = connection.quote(database);
  return database_statement(connection, database) + "; " + tables_statement(quoted) + "; " +
         routine_names_statement(quoted) + "; " + trigger_and_event_names_statements(quoted);
}

DatabaseInventory name_inventory_from(std::span<Result> results, Connection& connection,
                                      const std::string& database) {
  if (results.size() != kNameInventoryStatements) {
    throw Error(ExitCode::kInternal, "the inventory of '" + database + "' has " +
                                         std::to_string(results.size()) + " results, not " +
                                         std::to_string(kNameInventoryStatements));
  }
  DatabaseInventory inventory;
  inventory.database = database_from(results[0], connection, database);
  std::vector<ObjectName> views;
  tables_from(results[1], inventory, &views);
  append_object_names(results.subspan(2, 1), inventory.objects);  // routines
  inventory.objects.insert(inventory.objects.end(), views.begin(), views.end());
  append_object_names(results.subspan(3), inventory.objects);  // triggers, events
  return inventory;
}

DatabaseInventory read_name_inventory(Connection& connection, const std::string& database) {
  std::vector<Result> results =
      connection.query_all(name_inventory_statements(connection, database));
  return name_inventory_from(results, connection, database);
}

std::vector<ObjectName> read_object_names(Connection& connection, const std::string& database) {
  // One round trip.
  std::vector<Result> results =
      connection.query_all(object_names_statements(connection.quote(database)));
  std::vector<ObjectName> objects;
  append_object_names(results, objects);
  return objects;
}

}  // namespace tdm
