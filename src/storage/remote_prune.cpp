#include "storage/remote_prune.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "core/files.hpp"
#include "snapshot/metadata.hpp"
#include "storage/backend_factory.hpp"
#include "storage/remote_stores.hpp"

namespace tdm::storage {

namespace fs = std::filesystem;

namespace {

struct Pointer {
  std::string key;
  SnapshotMetadata metadata;
};

// The store's pointers this tdm can read, newest first.
std::vector<Pointer> readable_pointers(Backend& backend) {
  std::vector<Pointer> pointers;
  for (const std::string& key : backend.list("snapshots/")) {
    if (!key.ends_with(".meta.json")) continue;
    TemporaryFile file(temporary_sibling(fs::temp_directory_path() / "tdm-prune.json"));
    if (!backend.get(key, file.path())) continue;  // removed meanwhile
    try {
      pointers.push_back({key, read_metadata(file.path())});
    } catch (const Error&) {  // malformed or of a newer tdm: not ours to judge
    }
  }
  std::sort(pointers.begin(), pointers.end(), [](const Pointer& a, const Pointer& b) {
    return a.metadata.created_at_ms > b.metadata.created_at_ms;
  });
  return pointers;
}

RemotePruneResult prune_store(Backend& backend, const RetentionRules& rules, bool dry_run) {
  RemotePruneResult result{backend.location().shown, backend.location().read_only, {}};
  if (result.read_only) return result;
  Retention retention(rules, now_epoch_ms());
  std::set<std::string> still_named, released;  // payload digests
  for (const Pointer& pointer : readable_pointers(backend)) {
    if (retention.keeps(pointer.metadata)) {
      still_named.insert(pointer.metadata.payload_sha256);
    } else {
      result.removed.push_back(pointer.key);
      released.insert(pointer.metadata.payload_sha256);
    }
  }
  for (const std::string& payload : released) {
    if (still_named.count(payload)) continue;
    result.removed.push_back(payload_key(payload));
    // The payload's tablespace copies go with it: manifests before the files they name.
    std::vector<std::string> copies = backend.list(tablespaces_prefix(payload));
    std::stable_partition(copies.begin(), copies.end(),
                          [](const std::string& key) { return key.ends_with(".json"); });
    result.removed.insert(result.removed.end(), copies.begin(), copies.end());
  }
  // Pointers first: stopped half-way, no pointer names a missing payload.
  if (!dry_run) {
    for (const std::string& key : result.removed) backend.remove(key);
  }
  return result;
}

}  // namespace

std::vector<RemotePruneResult> prune_remote_stores(const RemoteStorageSettings& settings,
                                                   const RetentionRules& rules, bool dry_run) {
  std::vector<RemotePruneResult> results;
  for (const StoreLocation& location : settings.stores) {
    results.push_back(prune_store(*make_backend(location, settings.backend), rules, dry_run));
  }
  return results;
}

}  // namespace tdm::storage
