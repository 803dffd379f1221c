#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "snapshot/store.hpp"

namespace tdm {

// One snapshot checked by verify_snapshots.
struct SnapshotCheck {
  std::string id;
  std::string problem;  // empty: its payload matches its metadata's checksum
};

struct SnapshotVerification {
  std::vector<SnapshotCheck> checks;  // newest first
  // Throws Error(kSnapshot) saying how many failed, when any did.
  void require_all_passed() const;
};

// Checks every snapshot of the store (or only the one with `id`, when given) against the
// checksum in its metadata, telling `on_checked` of each as soon as it is checked; unusable
// metadata fails too. Throws Error(kSnapshot) when `id` names no snapshot of the store.
SnapshotVerification verify_snapshots(
    const SnapshotStore& store, const std::string& id = "",
    const std::function<void(const SnapshotCheck&)>& on_checked = {});

struct PruneRequest {
  std::size_t keep = 1;                           // newest snapshots kept per name
  std::optional<std::chrono::seconds> max_age{};  // older ones go too
  bool dry_run = false;                           // only say what would go
};

// SnapshotStore::prune under the store's directory lock, waiting up to `lock_timeout` for
// another tdm writing there (then Error(kBusy)).
SnapshotStore::PruneResult prune_snapshots(const SnapshotStore& store, const PruneRequest& request,
                                           std::chrono::seconds lock_timeout);

}  // namespace tdm
