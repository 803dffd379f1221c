#include "snapshot_ops/snapshot_restore.hpp"

#include <optional>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "lock/database_lock.hpp"

namespace tdm {

StoredSnapshot chosen_snapshot(const SnapshotStore& store, const SnapshotChoice& choice) {
  if (choice.selector) return store.selected(*choice.selector);
  if (choice.id.empty() && choice.name.empty()) {
    throw Error(ExitCode::kUsage, "no snapshot given",
                "pass --snapshot NAME[@VERSION][:TIER], --name NAME [--version V] [--tier T] or "
                "--id ID");
  }
  return store.usable(choice.id, choice.name, choice.version, choice.tier);
}

PayloadTarget payload_target(const StoredSnapshot& snapshot, const std::string& database) {
  return {.payload_path = snapshot.payload_path,
          .expected_sha256 = snapshot.metadata->payload_sha256,
          .target_database = database,
          .snapshot_name = snapshot.id,
          .data_model_hash = snapshot.metadata->data_model_hash};
}

RestoreStats restore_snapshot(const ConnectionParams& params, const RestoreRequest& request,
                              std::chrono::seconds lock_timeout, const TestDatabaseRule& rule) {
  Connection lock_session(params.with_database(""));
  DatabaseLock lock(lock_session, request.target_database, lock_timeout);
  RestoreRequest waiting = request;
  waiting.lock_timeout = lock_timeout;
  return restore_database(params, waiting, rule);
}

}  // namespace tdm
