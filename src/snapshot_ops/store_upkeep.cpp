#include "snapshot_ops/store_upkeep.hpp"

#include "core/error.hpp"
#include "lock/file_lock.hpp"
#include "snapshot/payload/verification.hpp"

namespace tdm {

void SnapshotVerification::require_all_passed() const {
  std::size_t bad = 0;
  for (const SnapshotCheck& check : checks) bad += check.problem.empty() ? 0 : 1;
  if (bad > 0) {
    throw Error(ExitCode::kSnapshot,
                std::to_string(bad) + " of " + std::to_string(checks.size()) +
                    " snapshots failed verification",
                "delete them ('tdm snapshot prune' removes unusable ones) and re-create them");
  }
}

SnapshotVerification verify_snapshots(const SnapshotStore& store, const std::string& id,
                                      const std::function<void(const SnapshotCheck&)>& on_checked) {
  SnapshotVerification verification;
  for (const auto& snapshot : store.list()) {
    if (!id.empty() && snapshot.id != id) continue;
    SnapshotCheck& check = verification.checks.emplace_back(SnapshotCheck{snapshot.id, ""});
    try {
      if (!snapshot.metadata) throw Error(ExitCode::kSnapshot, snapshot.problem);
      verify_payload(snapshot.payload_path, snapshot.metadata->payload_sha256);
    } catch (const Error& error) {
      check.problem = error.what();
    }
    if (on_checked) on_checked(check);
  }
  if (!id.empty() && verification.checks.empty()) {
    throw Error(ExitCode::kSnapshot, "no snapshot " + id + " in " + store.dir().string(),
                "list them with 'tdm snapshot list'");
  }
  return verification;
}

SnapshotStore::PruneResult prune_snapshots(const SnapshotStore& store, const PruneRequest& request,
                                           std::chrono::seconds lock_timeout) {
  FileLock lock(store.lock_path(), lock_timeout);
  return store.prune(request.keep, request.max_age, request.dry_run);
}

}  // namespace tdm
