#include "snapshot/store.hpp"

#include <signal.h>
#include <sys/types.h>

#include <algorithm>
#include <cerrno>
#include <set>

#include "core/error.hpp"
#include "snapshot/retention.hpp"
#include "snapshot/tablespace_cache.hpp"

namespace tdm {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMetadataSuffix = ".meta.json";
constexpr std::string_view kPayloadSuffix = ".tdm";
constexpr std::string_view kTemporaryMark = ".tmp.";
constexpr std::size_t kPayloadDigestDigits = 12;

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool is_hex(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// The snapshot id a payload file name belongs to: "<id>.<sha12>.tdm", or "<id>.tdm" as
// written before the digest was part of the name.
std::string payload_owner(std::string_view file) {
  if (!ends_with(file, kPayloadSuffix)) return "";
  std::string_view stem = file.substr(0, file.size() - kPayloadSuffix.size());
  std::size_t dot = stem.rfind('.');
  if (dot != std::string_view::npos && stem.size() - dot - 1 == kPayloadDigestDigits &&
      is_hex(stem.substr(dot + 1))) {
    return std::string(stem.substr(0, dot));
  }
  return std::string(stem);
}

// Whether a temporary name ("<name>.tmp.<pid>.<n>") belongs to a process still running, whose
// write is under way rather than abandoned.
bool written_by_live_process(std::string_view file) {
  std::size_t mark = file.rfind(kTemporaryMark);
  if (mark == std::string_view::npos) return false;
  std::string_view rest = file.substr(mark + kTemporaryMark.size());
  std::string digits(rest.substr(0, rest.find('.')));
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return false;
  pid_t pid = static_cast<pid_t>(std::stol(digits));
  return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM);
}

bool is_temporary(std::string_view file) {
  return file.find(kTemporaryMark) != std::string_view::npos;
}

std::string payload_problem(const fs::path& payload, const SnapshotMetadata& meta) {
  std::error_code error;
  if (!fs::is_regular_file(payload, error))
    return "its payload " + payload.string() + " is missing";
  std::uintmax_t size = fs::file_size(payload, error);
  if (error) return "its payload " + payload.string() + " cannot be examined: " + error.message();
  if (size != meta.file_size_bytes) {
    return "its payload " + payload.string() + " is " + std::to_string(size) +
           " bytes, the metadata records " + std::to_string(meta.file_size_bytes);
  }
  return "";
}

StoredSnapshot load(const fs::path& metadata_path, std::string id, const fs::path& dir) {
  StoredSnapshot snapshot;
  snapshot.id = std::move(id);
  snapshot.metadata_path = metadata_path;
  snapshot.payload_path = dir / (snapshot.id + std::string(kPayloadSuffix));
  try {
    SnapshotMetadata meta = read_metadata(metadata_path);
    std::string owner =
        SnapshotStore::snapshot_id(meta.name, meta.version, meta.data_model_hash, meta.tier);
    if (owner != snapshot.id) {
      throw Error(ExitCode::kSnapshot,
                  "snapshot metadata " + metadata_path.string() + " describes snapshot " + owner +
                      ", not " + snapshot.id + " (copied or renamed from another snapshot)",
                  "delete it ('tdm snapshot prune' removes unusable snapshots) and re-create "
                  "the snapshot");
    }
    snapshot.payload_path = dir / meta.payload_file;
    snapshot.payload_problem = payload_problem(snapshot.payload_path, meta);
    snapshot.metadata = std::move(meta);
  } catch (const Error& error) {
    snapshot.problem = error.what();
    snapshot.newer_format = is_newer_metadata(metadata_path);
  }
  return snapshot;
}

bool newer(const StoredSnapshot& a, const StoredSnapshot& b) {
  std::int64_t a_time = a.metadata ? a.metadata->created_at_ms : 0;
  std::int64_t b_time = b.metadata ? b.metadata->created_at_ms : 0;
  return a_time != b_time ? a_time > b_time : a.id < b.id;
}

// What the directory holds beyond `kept` (payload file names) and the snapshots of ids in
// `untouchable` (a newer tdm's): payloads and caches of no kept snapshot, and temporary files
// of processes that are gone.
std::vector<StoreLeftover> unaccounted(const fs::path& dir, const std::set<std::string>& kept,
                                       const std::set<std::string>& untouchable,
                                       const std::string& only_id) {
  std::vector<StoreLeftover> found;
  auto interesting = [&](const std::string& file) {
    return only_id.empty() || file.rfind(only_id + ".", 0) == 0;
  };
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    std::string file = entry.path().filename().string();
    if (!interesting(file)) continue;
    if (is_temporary(file)) {
      if (!written_by_live_process(file)) {
        found.push_back({StoreLeftover::Kind::kTemporary, entry.path()});
      }
      continue;
    }
    bool cache = ends_with(file, kTablespaceCacheSuffix);
    if (!cache && !ends_with(file, kPayloadSuffix)) continue;
    std::string payload = cache ? fs::path(file).replace_extension(kPayloadSuffix).string() : file;
    if (untouchable.count(payload_owner(payload))) continue;
    if (!kept.count(payload)) {
      found.push_back(
          {cache ? StoreLeftover::Kind::kOrphanCache : StoreLeftover::Kind::kOrphanPayload,
           entry.path()});
      continue;
    }
    if (!cache) continue;
    // A restore killed while it copied tablespaces leaves its temporary entry behind.
    for (const auto& inner : fs::directory_iterator(entry.path(), error)) {
      std::string name = inner.path().filename().string();
      if (is_temporary(name) && !written_by_live_process(name)) {
        found.push_back({StoreLeftover::Kind::kTemporary, inner.path()});
      }
    }
  }
  return found;
}

}  // namespace

std::string StoreLeftover::description() const {
  switch (kind) {
    case Kind::kOrphanPayload:
      return "a payload that no snapshot metadata names";
    case Kind::kOrphanCache:
      return "a tablespace cache whose payload no snapshot metadata names";
    case Kind::kTemporary:
      return "a temporary file of an interrupted tdm";
  }
  return "";
}

SnapshotStore::SnapshotStore(fs::path dir) : dir_(std::move(dir)) {}

std::string SnapshotStore::snapshot_id(const std::string& name, const std::string& version,
                                       const std::string& data_model_hash,
                                       const std::string& tier) {
  std::string id = name;
  if (!tier.empty()) id += "-" + tier;
  if (!version.empty()) id += "-" + version;
  return id + "-" + data_model_hash.substr(0, 12);
}

std::string SnapshotStore::payload_file_name(const std::string& id,
                                             const std::string& payload_sha256) {
  return id + "." + payload_sha256.substr(0, kPayloadDigestDigits) + std::string(kPayloadSuffix);
}

fs::path SnapshotStore::payload_path(const std::string& id,
                                     const std::string& payload_sha256) const {
  return dir_ / payload_file_name(id, payload_sha256);
}

fs::path SnapshotStore::metadata_path(const std::string& id) const {
  return dir_ / (id + std::string(kMetadataSuffix));
}

fs::path SnapshotStore::lock_path() const {
  return dir_ / ".tdm.lock";
}

fs::path SnapshotStore::staging_path(const std::string& id) const {
  return dir_ / (id + std::string(kPayloadSuffix));
}

std::vector<StoredSnapshot> SnapshotStore::list() const {
  std::vector<StoredSnapshot> snapshots;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir_, error)) {
    std::string file = entry.path().filename().string();
    // Not only regular files: a directory in a metadata file's place is listed as unusable.
    if (!ends_with(file, kMetadataSuffix)) continue;
    std::string id = file.substr(0, file.size() - kMetadataSuffix.size());
    snapshots.push_back(load(entry.path(), id, dir_));
  }
  std::sort(snapshots.begin(), snapshots.end(), newer);
  return snapshots;
}

std::optional<StoredSnapshot> SnapshotStore::find(const std::string& id) const {
  fs::path path = metadata_path(id);
  std::error_code error;
  if (!fs::exists(fs::symlink_status(path, error))) return std::nullopt;
  return load(path, id, dir_);
}

std::optional<fs::path> SnapshotStore::payload_without_metadata(const std::string& id) const {
  std::error_code error;
  if (fs::exists(metadata_path(id), error) || error) return std::nullopt;
  // Of several (captures killed before their metadata, each of these very inputs): the newest.
  std::optional<fs::path> newest;
  fs::file_time_type newest_time;
  for (const auto& entry : fs::directory_iterator(dir_, error)) {
    std::string file = entry.path().filename().string();
    if (is_temporary(file) || payload_owner(file) != id || !entry.is_regular_file(error)) continue;
    fs::file_time_type time = entry.last_write_time(error);
    if (!newest || time > newest_time) {
      newest = entry.path();
      newest_time = time;
    }
  }
  return newest;
}

std::optional<StoredSnapshot> SnapshotStore::latest(const std::string& name,
                                                    const std::string& version,
                                                    const std::string& tier) const {
  for (auto& snapshot : list()) {
    if (!snapshot.metadata || snapshot.metadata->name != name) continue;
    if (snapshot.metadata->tier != tier) continue;
    if (!version.empty() && snapshot.metadata->version != version) continue;
    return snapshot;
  }
  return std::nullopt;
}

StoredSnapshot SnapshotStore::usable(const std::string& id, const std::string& name,
                                     const std::string& version, const std::string& tier) const {
  const std::string listing = "list them with 'tdm snapshot list --dir " + dir_.string() +
                              "' or create one with 'tdm snapshot create'";
  std::error_code error;
  if (!fs::is_directory(dir_, error)) {
    throw Error(ExitCode::kSnapshot, "snapshot directory " + dir_.string() + " does not exist",
                "give the directory the snapshots were created in (--dir), or create one with "
                "'tdm snapshot create'");
  }
  std::optional<StoredSnapshot> found = id.empty() ? latest(name, version, tier) : find(id);
  if (found && found->metadata) return *found;
  if (found) throw Error(ExitCode::kSnapshot, found->problem);
  const std::string tiered_name = tier.empty() ? name : name + "-" + tier;
  std::string which = id.empty() ? "of '" + tiered_name + "'" : id;
  if (id.empty() && !version.empty()) which += " version " + version;
  if (id.empty()) {
    // None usable: if one of that name is there but unusable, say what is wrong with it.
    std::string prefix = tiered_name + "-" + (version.empty() ? "" : version + "-");
    for (const StoredSnapshot& snapshot : list()) {
      if (!snapshot.metadata && snapshot.id.rfind(prefix, 0) == 0) {
        throw Error(ExitCode::kSnapshot, "no usable snapshot " + which + " in " + dir_.string() +
                                             ": " + snapshot.problem);
      }
    }
  }
  throw Error(ExitCode::kSnapshot, "no snapshot " + which + " in " + dir_.string(), listing);
}

StoredSnapshot SnapshotStore::selected(const SnapshotSelector& selector) const {
  std::set<std::string> tiers;
  std::string newest_tier = selector.tier;
  for (const StoredSnapshot& snapshot : list()) {  // newest first
    if (!snapshot.metadata || snapshot.metadata->name != selector.name) continue;
    const SnapshotMetadata& meta = *snapshot.metadata;
    if (!selector.version.empty() && meta.version != selector.version) continue;
    if (!selector.tier.empty() && meta.tier != selector.tier) continue;
    if (tiers.empty()) newest_tier = meta.tier;
    tiers.insert(meta.tier);
  }
  // Comparing the newest of any tier would silently put a small data set beside a large one.
  if (tiers.size() > 1) {
    std::string names;
    for (const std::string& tier : tiers) names += (names.empty() ? "" : ", ") + tier;
    throw Error(ExitCode::kInvalidInput,
                "snapshot selector '" + selector.text() + "' names snapshots of several tiers (" +
                    names + ") in " + dir_.string(),
                "add the tier, e.g. " + selector.text() + ":" + *tiers.begin());
  }
  return usable("", selector.name, selector.version, newest_tier);
}

std::vector<StoreLeftover> SnapshotStore::leftovers(const std::string& only_id) const {
  std::set<std::string> kept, untouchable;
  for (const StoredSnapshot& snapshot : list()) {
    if (snapshot.metadata) kept.insert(snapshot.metadata->payload_file);
    if (snapshot.newer_format) untouchable.insert(snapshot.id);
  }
  std::vector<StoreLeftover> found = unaccounted(dir_, kept, untouchable, only_id);
  // A capture may have committed since the listing: a payload its new metadata names is none.
  std::erase_if(found, [&](const StoreLeftover& leftover) {
    if (leftover.kind == StoreLeftover::Kind::kTemporary) return false;
    fs::path payload = leftover.path;
    payload.replace_extension(kPayloadSuffix);
    std::string file = payload.filename().string();
    auto now = find(payload_owner(file));
    return now && now->metadata && now->metadata->payload_file == file;
  });
  return found;
}

void SnapshotStore::remove_superseded(const std::string& id,
                                      const std::string& payload_file) const {
  std::vector<fs::path> payloads, caches;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir_, error)) {
    std::string file = entry.path().filename().string();
    bool cache = ends_with(file, kTablespaceCacheSuffix);
    std::string payload = cache ? fs::path(file).replace_extension(kPayloadSuffix).string() : file;
    if (is_temporary(file) || payload == payload_file || payload_owner(payload) != id) continue;
    (cache ? caches : payloads).push_back(entry.path());
  }
  // Payloads first: a kill in between leaves caches without a payload, which prune removes.
  for (const fs::path& path : payloads) fs::remove(path, error);
  for (const fs::path& path : caches) fs::remove_all(path, error);
}

SnapshotStore::PruneResult SnapshotStore::prune(std::size_t keep,
                                                std::optional<std::chrono::seconds> max_age,
                                                bool dry_run, bool per_version) const {
  PruneResult result;
  std::set<std::string> kept, untouchable;
  Retention retention({keep, max_age, per_version}, now_epoch_ms());
  for (const auto& snapshot : list()) {
    if (snapshot.newer_format) {
      untouchable.insert(snapshot.id);
      continue;
    }
    if (snapshot.metadata && retention.keeps(*snapshot.metadata)) {
      kept.insert(snapshot.metadata->payload_file);
      continue;
    }
    // Metadata first: a payload without metadata is already unusable if we stop half-way.
    result.removed.push_back(snapshot.metadata_path);
  }
  for (const StoreLeftover& leftover : unaccounted(dir_, kept, untouchable, "")) {
    result.removed.push_back(leftover.path);
  }
  if (!dry_run) {
    std::error_code error;
    for (const auto& path : result.removed) fs::remove_all(path, error);
  }
  return result;
}

}  // namespace tdm
