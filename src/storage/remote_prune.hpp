#pragma once

#include <string>
#include <vector>

#include "snapshot/retention.hpp"
#include "storage/store_location.hpp"

namespace tdm::storage {

struct RemotePruneResult {
  std::string store;                 // as messages name it
  bool read_only = false;            // skipped: a read-only store is never written
  std::vector<std::string> removed;  // keys, pointers before the payloads they named
};

// `tdm snapshot prune --remote`: in each writable store, removes the pointers (metadata) the
// rules do not keep, then the payloads (`cas/<sha256>`) only those pointers named. A pointer
// this tdm cannot read (another tdm's) is left alone, and so is every payload not named by a
// removed pointer: an orphan may be the payload of an upload still under way. With `dry_run`
// nothing is removed. Throws Error(kRemote) naming the first store that fails.
std::vector<RemotePruneResult> prune_remote_stores(const RemoteStorageSettings& settings,
                                                   const RetentionRules& rules, bool dry_run);

}  // namespace tdm::storage
