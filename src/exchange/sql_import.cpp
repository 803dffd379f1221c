#include "exchange/sql_import.hpp"

#include "connection/connection.hpp"
#include "exchange/dump_preflight.hpp"
#include "lock/file_lock.hpp"
#include "seed/sql_runner.hpp"
#include "snapshot_ops/snapshot_capture.hpp"

namespace tdm {

namespace {

// The scratch database for the duration of an import: created empty, dropped at the end
// whatever happened, so failed imports leave nothing behind.
class ScratchDatabase {
 public:
  ScratchDatabase(const ConnectionParams& server, std::string name)
      : connection_(server.with_database("")), name_(std::move(name)) {
    std::string quoted = Connection::quote_identifier(name_);
    connection_.execute("DROP DATABASE IF EXISTS " + quoted);
    // The server's default character set, as `CREATE DATABASE x; mariadb x < dump` would:
    // objects record their database's collation, so a dump restores as it was made.
    connection_.execute("CREATE DATABASE " + quoted);
  }
  ~ScratchDatabase() {
    try {
      connection_.execute("DROP DATABASE IF EXISTS " + Connection::quote_identifier(name_));
    } catch (const std::exception&) {
      // A lost connection leaves the scratch database; the next import recreates it.
    }
  }
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

 private:
  Connection connection_;
  std::string name_;
};

}  // namespace

StoredSnapshot import_sql_dump(const ConnectionParams& server, const SnapshotStore& store,
                               const SqlImportRequest& request, const TestDatabaseRule& rule) {
  FileLock lock(store.lock_path(), request.lock_timeout);
  rule.require(request.scratch_database, "import a dump into");
  require_single_database_dump(request.dump);
  ScratchDatabase scratch(server, request.scratch_database);
  ConnectionParams target = server.with_database(request.scratch_database);
  // Comments in routine bodies are part of the objects the dump holds: kept, as
  // `mariadb --comments` keeps them.
  // ALTER DATABASE `<dumped database>` changes the scratch database instead.
  apply_sql_files(target, {request.dump}, StatementComments::kKept, drop_database_name_from_alter);
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
