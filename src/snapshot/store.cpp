#include "snapshot/store.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/error.hpp"
#include "snapshot/tablespace_cache.hpp"

namespace tdm {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMetadataSuffix = ".meta.json";
constexpr std::string_view kPayloadSuffix = ".tdm";

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

StoredSnapshot load(const fs::path& metadata_path, std::string id, const fs::path& dir) {
  StoredSnapshot snapshot;
  snapshot.id = std::move(id);
  snapshot.metadata_path = metadata_path;
  snapshot.payload_path = dir / (snapshot.id + std::string(kPayloadSuffix));
  try {
    snapshot.metadata = read_metadata(metadata_path);
    snapshot.payload_path = dir / snapshot.metadata->payload_file;
  } catch (const Error& error) {
    snapshot.problem = error.what();
  }
  return snapshot;
}

bool newer(const StoredSnapshot& a, const StoredSnapshot& b) {
  std::int64_t a_time = a.metadata ? a.metadata->created_at_ms : 0;
  std::int64_t b_time = b.metadata ? b.metadata->created_at_ms : 0;
  return a_time != b_time ? a_time > b_time : a.id < b.id;
}

}  // namespace

SnapshotStore::SnapshotStore(fs::path dir) : dir_(std::move(dir)) {}

std::string SnapshotStore::snapshot_id(const std::string& name, const std::string& version,
                                       const std::string& data_model_hash) {
  std::string id = name;
  if (!version.empty()) id += "-" + version;
  return id + "-" + data_model_hash.substr(0, 12);
}

fs::path SnapshotStore::payload_path(const std::string& id) const {
  return dir_ / (id + std::string(kPayloadSuffix));
}

fs::path SnapshotStore::metadata_path(const std::string& id) const {
  return dir_ / (id + std::string(kMetadataSuffix));
}

fs::path SnapshotStore::lock_path() const {
  return dir_ / ".tdm.lock";
}

std::vector<StoredSnapshot> SnapshotStore::list() const {
  std::vector<StoredSnapshot> snapshots;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir_, error)) {
    std::string file = entry.path().filename().string();
    if (!entry.is_regular_file() || !ends_with(file, kMetadataSuffix)) continue;
    std::string id = file.substr(0, file.size() - kMetadataSuffix.size());
    snapshots.push_back(load(entry.path(), id, dir_));
  }
  std::sort(snapshots.begin(), snapshots.end(), newer);
  return snapshots;
}

std::optional<StoredSnapshot> SnapshotStore::find(const std::string& id) const {
  fs::path path = metadata_path(id);
  if (!fs::exists(path)) return std::nullopt;
  return load(path, id, dir_);
}

std::optional<fs::path> SnapshotStore::payload_without_metadata(const std::string& id) const {
  std::error_code error;
  if (fs::exists(metadata_path(id), error) || error) return std::nullopt;
  fs::path payload = payload_path(id);
  if (!fs::is_regular_file(payload, error)) return std::nullopt;
  return payload;
}

std::optional<StoredSnapshot> SnapshotStore::latest(const std::string& name,
                                                    const std::string& version) const {
  for (auto& snapshot : list()) {
    if (!snapshot.metadata || snapshot.metadata->name != name) continue;
    if (!version.empty() && snapshot.metadata->version != version) continue;
    return snapshot;
  }
  return std::nullopt;
}

SnapshotStore::PruneResult SnapshotStore::prune(std::size_t keep,
                                                std::optional<std::chrono::seconds> max_age,
                                                bool dry_run) const {
  PruneResult result;
  std::set<fs::path> kept_payloads;
  std::map<std::string, std::size_t> kept_per_name;
  const std::int64_t now = now_epoch_ms();
  for (const auto& snapshot : list()) {
    std::string name = snapshot.metadata ? snapshot.metadata->name : snapshot.id;
    bool too_old = max_age && snapshot.metadata &&
                   now - snapshot.metadata->created_at_ms > max_age->count() * 1000;
    if (snapshot.metadata && !too_old && kept_per_name[name] < keep) {
      ++kept_per_name[name];
      kept_payloads.insert(snapshot.payload_path);
      continue;
    }
    result.removed.push_back(snapshot.metadata_path);
    result.removed.push_back(snapshot.payload_path);
  }
  std::error_code error;
  auto remove_later = [&](const fs::path& path) {
    if (std::find(result.removed.begin(), result.removed.end(), path) == result.removed.end()) {
      result.removed.push_back(path);
    }
  };
  for (const auto& entry : fs::directory_iterator(dir_, error)) {
    std::string file = entry.path().filename().string();
    bool cache = ends_with(file, kTablespaceCacheSuffix);
    fs::path payload =
        cache ? fs::path(entry.path()).replace_extension(kPayloadSuffix) : entry.path();
    bool unkept = (cache || ends_with(file, kPayloadSuffix)) && !kept_payloads.count(payload);
    if (file.find(".tmp.") != std::string::npos || unkept) remove_later(entry.path());
    if (cache && !unkept) {
      // A restore killed while it copied tablespaces leaves its temporary entry behind.
      for (const auto& inner : fs::directory_iterator(entry.path(), error)) {
        if (inner.path().filename().string().find(".tmp.") != std::string::npos) {
          remove_later(inner.path());
        }
      }
    }
  }
  if (!dry_run) {
    // Metadata first: a payload without metadata is already unusable if we stop half-way.
    for (const auto& path : result.removed) fs::remove_all(path, error);
  }
  return result;
}

}  // namespace tdm
