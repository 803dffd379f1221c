#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "connection/connection_params.hpp"
#include "engine/restore.hpp"
#include "safety/test_database_rule.hpp"
#include "snapshot/store.hpp"

namespace tdm {

// Which snapshot a command means: the one `selector` names, exactly `id`, or else the newest
// of `name` and `tier` (and `version`).
struct SnapshotChoice {
  std::string id = {};
  std::string name = {};
  std::string version = {};
  std::string tier = {};
  std::optional<SnapshotSelector> selector = {};
};

// The usable snapshot `choice` names in `store`. Throws Error(kUsage) when it names none,
// Error(kSnapshot) when the store has no such snapshot or its metadata is unusable.
StoredSnapshot chosen_snapshot(const SnapshotStore& store, const SnapshotChoice& choice);

// The restore of a usable `snapshot` into `database`, as its metadata describes it.
PayloadTarget payload_target(const StoredSnapshot& snapshot, const std::string& database);

// restore_database (engine/restore.hpp: the safety rule, the payload's checksum, then the
// database) while holding the target database's lock on a session of its own, so that no other
// tdm changes it meanwhile: `tdm snapshot restore` and bootstrap's restores. Waits up to
// `lock_timeout` for another holder, then Error(kBusy).
RestoreStats restore_snapshot(const ConnectionParams& params, const RestoreRequest& request,
                              std::chrono::seconds lock_timeout, const TestDatabaseRule& rule);

}  // namespace tdm
