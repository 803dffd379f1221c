#include "snapshot_ops/store_upkeep.hpp"

#include "core/error.hpp"
#include "lock/file_lock.hpp"

namespace tdm {

SnapshotStore::PruneResult prune_snapshots(const SnapshotStore& store, const PruneRequest& request,
                                           std::chrono::seconds lock_timeout) {
  FileLock lock(store.lock_path(), lock_timeout);
  return store.prune(request.keep, request.max_age, request.dry_run, request.per_version);
}

}  // namespace tdm
