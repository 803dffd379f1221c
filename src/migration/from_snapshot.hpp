#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "connection/connection_params.hpp"
#include "lock/lock_timeout.hpp"
#include "safety/test_database_rule.hpp"
#include "snapshot/selector.hpp"
#include "snapshot/store.hpp"
#include "storage/remote_stores.hpp"

namespace tdm {

// Where the snapshot of an older version comes from. A fresh CI runner's snapshot directory
// is empty (it is not committed), so beside the store there are the remote snapshot stores the
// runners share, and what the user commits: the portable export of that version (`tdm snapshot
// export`), imported into the store when neither the store nor a remote one has it.
struct FromSnapshotRequest {
  SnapshotSelector selector;          // name@version[:tier]; the version is required
  std::filesystem::path from_export;  // "": none committed
  std::filesystem::path base;         // its path is hashed relative to this
  std::string scratch_database;       // an import works in it (dropped after)
  std::chrono::seconds lock_timeout = kDefaultLockTimeout;
  storage::RemoteStores* remote = nullptr;  // none: the local store and the export only
};

struct FromSnapshot {
  StoredSnapshot snapshot;
  std::string origin;  // "snapshot store <dir>", "remote snapshot stores", "imported from <file>"
};

// The usable snapshot `request.selector` names: from the store, else the newest one a remote
// store holds (fetched into the store; a store that fails costs a warning), else imported from
// the export (then it is in the store for the next check). The one place that knows the
// sources, in the order they are tried. Throws Error(kSnapshot) naming what is missing and how to
// make it when no source has it, and as import_sql_dump does when the export cannot be imported.
FromSnapshot locate_from_snapshot(const ConnectionParams& server, const SnapshotStore& store,
                                  const FromSnapshotRequest& request, const TestDatabaseRule& rule);

}  // namespace tdm
