#include "engine/reset/table_reload.hpp"

#include <optional>

#include "engine/reset/payload_triggers.hpp"
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
  std::vector<StoredObject> triggers = payload_triggers_on(session, target.database, index, tables);
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
