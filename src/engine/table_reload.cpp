#include "engine/table_reload.hpp"

#include <unistd.h>

#include <optional>

#include "engine/parallel_load.hpp"
#include "engine/schema_restore.hpp"
#include "engine/server_files.hpp"

namespace tdm {

namespace {

// The part of the payload that fills `tables`.
PayloadIndex subset_of(const PayloadIndex& index, const std::set<std::string>& tables) {
  PayloadIndex subset;
  subset.format_version = index.format_version;
  subset.database = index.database;
  for (const TableDefinition& table : index.tables) {
    if (tables.count(table.name)) subset.tables.push_back(table);
  }
  for (const TablespaceData& copy : index.tablespaces) {
    if (tables.count(copy.header.table)) subset.tablespaces.push_back(copy);
  }
  for (const TableData& data : index.data) {
    if (tables.count(data.layout.table)) subset.data.push_back(data);
  }
  return subset;
}

// The payload's triggers on `tables`, in payload (= firing) order. Which table a trigger is
// on is read from the live database, whose triggers the caller found equal to the payload's.
std::vector<StoredObject> triggers_on(Connection& session, const std::string& database,
                                      const PayloadIndex& index,
                                      const std::set<std::string>& tables) {
  std::set<std::string> names;
  Result result = session.query(
      "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS"
      " WHERE TRIGGER_SCHEMA = " +
      session.quote(database));
  while (auto row = result.next()) {
    if (tables.count(row->str(1))) names.insert(row->str(0));
  }
  std::vector<StoredObject> triggers;
  for (const StoredObject& object : index.objects) {
    if (object.type == "TRIGGER" && names.count(object.name)) triggers.push_back(object);
  }
  return triggers;
}

// As restore.cpp decides for a full restore: the target's directory when the server is local
// and of the version that wrote the payload's tablespace copies.
std::optional<std::filesystem::path> tablespace_directory(Connection& session,
                                                          const std::string& database,
                                                          const PayloadIndex& subset) {
  if (subset.tablespaces.empty()) return std::nullopt;
  if (session.server_version() != subset.tablespaces.front().header.server_version) {
    return std::nullopt;
  }
  auto directory = visible_database_directory(session, database);
  if (!directory || ::access(directory->c_str(), W_OK) != 0) return std::nullopt;
  return directory;
}

}  // namespace

void reload_tables(const ConnectionParams& target, Connection& session, const PayloadFile& file,
                   const PayloadIndex& index, const std::set<std::string>& tables,
                   unsigned threads) {
  if (tables.empty()) return;
  PayloadIndex subset = subset_of(index, tables);
  std::vector<StoredObject> triggers = triggers_on(session, target.database, index, tables);
  for (const TableDefinition& table : subset.tables) {
    session.execute("DROP TABLE IF EXISTS " + Connection::quote_identifier(table.name));
  }
  create_tables(session, subset);
  load_all_tables(target, file, subset, threads,
                  tablespace_directory(session, target.database, subset));
  create_stored_objects(session, triggers);
}

}  // namespace tdm
