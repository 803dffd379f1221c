#include "exchange/sql_import.hpp"

#include "connection/connection.hpp"
#include "exchange/dump_preflight.hpp"
#include "lock/file_lock.hpp"
#include "seed/sql_runner.hpp"
#include "snapshot_ops/scratch_databases.hpp"
#include "snapshot_ops/snapshot_capture.hpp"

namespace tdm {

StoredSnapshot import_sql_dump(const ConnectionParams& server, const SnapshotStore& store,
                               const SqlImportRequest& request, const TestDatabaseRule& rule) {
  FileLock lock(store.lock_path(), request.lock_timeout);
  // Dropped at the end whatever happens, so a failed import leaves nothing behind.
  ScratchDatabases scratch(server, {request.scratch_database}, rule, "import a dump into");
  require_single_database_dump(request.dump);
  // The server's defaults, as `CREATE DATABASE x; mariadb x < dump` would: objects record
  // their database's collation, so a dump restores as it was made.
  scratch.create_empty(request.scratch_database);
  ConnectionParams target = server.with_database(request.scratch_database);
  // Comments in routine bodies are part of the objects the dump holds: kept, as
  // `mariadb --comments` keeps them.
  // ALTER DATABASE `<dumped database>` changes the scratch database instead, and a table's
  // DEFAULT nextval(`<dumped database>`.`seq`) draws from the scratch database's sequence.
  const std::optional<std::string> dumped = dumped_database_name(request.dump);
  apply_sql_files(target, {request.dump}, StatementComments::kKept, [&](SqlStatement& statement) {
    drop_database_name_from_alter(statement);
    if (dumped) drop_dumped_database_qualifier(statement, *dumped);
  });
  return capture_snapshot(target, store,
                          {.database = request.scratch_database,
                           .name = request.name,
                           .version = request.version,
                           .manifest = request.manifest,
                           .captured_via = "import",
                           .bootstrap_mode = "",
                           .tier = request.tier});
}

}  // namespace tdm
