#include "engine/reset/table_reload.hpp"

#include <optional>

#include "engine/restore/parallel_load.hpp"
#include "engine/restore/schema_restore.hpp"
#include "engine/tablespace/server_files.hpp"

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

// As for a full restore: the payload's cached tablespace copies for this server, when the
// database's directory is writable here.
std::optional<TablespaceImport> cached_copies(Connection& session, const std::string& database,
                                              const PayloadFile& file, const PayloadIndex& index) {
  auto data_dir = writable_data_directory(session);
  auto directory = data_dir ? writable_database_directory(*data_dir, database) : std::nullopt;
  if (!directory) return std::nullopt;
  auto cache = find_tablespace_cache(file.path(), index.recorded_sha256, session.server_version());
  if (!cache.entry) return std::nullopt;
  return TablespaceImport{*directory, std::move(*cache.entry)};
}

}  // namespace

LoadResult reload_tables(const ConnectionParams& target, Connection& session,
                         const PayloadFile& file, const PayloadIndex& index,
                         const std::set<std::string>& tables, unsigned threads) {
  if (tables.empty()) return {};
  PayloadIndex subset = subset_of(index, tables);
  std::vector<StoredObject> triggers = triggers_on(session, target.database, index, tables);
  for (const TableDefinition& table : subset.tables) {
    session.execute("DROP TABLE IF EXISTS " + Connection::quote_identifier(table.name));
  }
  create_tables(session, subset);
  LoadResult loaded = load_all_tables(target, file, subset, threads,
                                      cached_copies(session, target.database, file, index));
  create_stored_objects(session, triggers);
  return loaded;
}

}  // namespace tdm
