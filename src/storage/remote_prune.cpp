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

// A downloaded pointer, removed again whatever happens.
class DownloadedPointer {
 public:
  DownloadedPointer() : path_(temporary_sibling(fs::temp_directory_path() / "tdm-prune.json")) {}
  ~DownloadedPointer() {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  DownloadedPointer(const DownloadedPointer&) = delete;
  DownloadedPointer& operator=(const DownloadedPointer&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// The store's pointers this tdm can read, newest first.
std::vector<Pointer> readable_pointers(Backend& backend) {
  std::vector<Pointer> pointers;
  for (const std::string& key : backend.list("snapshots/")) {
    if (!key.ends_with(".meta.json")) continue;
    DownloadedPointer file;
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
  std::set<std::string> still_named, released;
  for (const Pointer& pointer : readable_pointers(backend)) {
    const std::string payload = payload_key(pointer.metadata.payload_sha256);
    if (retention.keeps(pointer.metadata)) {
      still_named.insert(payload);
    } else {
      result.removed.push_back(pointer.key);
      released.insert(payload);
    }
  }
  for (const std::string& payload : released) {
    if (!still_named.count(payload)) result.removed.push_back(payload);
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
