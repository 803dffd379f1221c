#pragma once

#include <chrono>
#include <cstddef>
#include <optional>

#include "snapshot/store.hpp"

namespace tdm {

struct PruneRequest {
  std::size_t keep = 1;  // newest snapshots kept per name, tier and version
  std::optional<std::chrono::seconds> max_age{};  // older ones go too
  bool dry_run = false;                           // only say what would go
  bool per_version = true;  // false: keep per name and tier only, whatever the version
};

// SnapshotStore::prune under the store's directory lock, waiting up to `lock_timeout` for
// another tdm writing there (then Error(kBusy)).
SnapshotStore::PruneResult prune_snapshots(const SnapshotStore& store, const PruneRequest& request,
                                           std::chrono::seconds lock_timeout);

}  // namespace tdm
