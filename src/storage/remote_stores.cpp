#include "storage/remote_stores.hpp"

#include <algorithm>
#include <thread>

#include "core/display.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "lock/file_lock.hpp"
#include "policy/settings.hpp"
#include "snapshot/metadata.hpp"
#include "snapshot/payload/verification.hpp"
#include "storage/backend_factory.hpp"
#include "storage/lease_record.hpp"

namespace tdm::storage {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPointerDir = "snapshots/";
constexpr std::string_view kPointerSuffix = ".meta.json";
constexpr std::chrono::milliseconds kPollInterval{500};

// Whether a remote object was refused (corrupt, truncated, not what its key says) rather than
// the store failing: the next store is tried, and this one stays in use.
bool is_refused_object(const Error& error) {
  return error.code() == ExitCode::kSnapshot;
}

std::string id_of_pointer(const std::string& key) {
  return key.substr(kPointerDir.size(), key.size() - kPointerDir.size() - kPointerSuffix.size());
}

bool is_pointer(const std::string& key) {
  return key.size() > kPointerDir.size() + kPointerSuffix.size() &&
         key.rfind(kPointerDir, 0) == 0 &&
         key.compare(key.size() - kPointerSuffix.size(), kPointerSuffix.size(), kPointerSuffix) ==
             0;
}

}  // namespace

std::string payload_key(const std::string& payload_sha256) {
  return "cas/" + payload_sha256;
}
std::string pointer_key(const std::string& snapshot_id) {
  return std::string(kPointerDir) + snapshot_id + std::string(kPointerSuffix);
}
std::string lease_key(const std::string& snapshot_id) {
  return "leases/" + snapshot_id;
}
std::string tablespaces_prefix(const std::string& payload_sha256) {
  return "tablespaces/" + payload_sha256 + "/";
}

SeedLease::SeedLease(Backend& backend, std::string key, std::string owner)
    : backend_(backend), key_(std::move(key)), owner_(std::move(owner)) {}

SeedLease::~SeedLease() {
  try {
    backend_.release_lease(key_, owner_);
  } catch (const Error&) {  // a destructor must not throw: the lease then ends by its expiry
  }
}

RemoteStores::RemoteStores(std::vector<std::unique_ptr<Backend>> backends,
                           std::chrono::seconds lease_wait, std::ostream& log)
    : lease_wait_(lease_wait), log_(log) {
  for (auto& backend : backends) backends_.push_back({std::move(backend), false});
}

RemoteStores RemoteStores::open(const RemoteStorageSettings& settings, std::ostream& log) {
  std::vector<std::unique_ptr<Backend>> backends;
  for (const StoreLocation& location : settings.stores) {
    backends.push_back(make_backend(location, settings.backend));
  }
  return RemoteStores(std::move(backends), settings.lease_wait, log);
}

bool RemoteStores::writable() const {
  return std::any_of(backends_.begin(), backends_.end(), [](const Store& store) {
    return !store.down && !store.backend->location().read_only;
  });
}

void RemoteStores::warn(Store& store, const std::string& problem) {
  store.down = true;
  log_ << "tdm: warning: " << displayable(problem) << "\n";
}

std::optional<StoredSnapshot> RemoteStores::fetch_from(Backend& backend, const SnapshotStore& local,
                                                       const std::string& id) {
  fs::create_directories(local.dir());
  TemporaryFile pointer(temporary_sibling(local.metadata_path(id)));
  if (!backend.get(pointer_key(id), pointer.path())) return std::nullopt;
  SnapshotMetadata metadata = read_metadata(pointer.path());
  if (SnapshotStore::snapshot_id(metadata.name, metadata.version, metadata.data_model_hash,
                                 metadata.tier) != id ||
      metadata.payload_file != SnapshotStore::payload_file_name(id, metadata.payload_sha256)) {
    throw Error(ExitCode::kSnapshot, "its metadata describes another snapshot than " + id,
                "remove " + pointer_key(id) + " from the store");
  }
  fs::path payload_path = local.payload_path(id, metadata.payload_sha256);
  TemporaryFile payload(temporary_sibling(payload_path));
  if (!backend.get(payload_key(metadata.payload_sha256), payload.path())) {
    throw Error(ExitCode::kSnapshot,
                "its metadata names payload " + payload_key(metadata.payload_sha256) +
                    ", which the store lacks",
                "remove " + pointer_key(id) + " from the store, or push the snapshot again");
  }
  verify_payload(payload.path(), metadata.payload_sha256);
  payload.rename_to(payload_path);  // payload first: the metadata's rename commits
  pointer.rename_to(local.metadata_path(id));
  local.remove_superseded(id, metadata.payload_file);
  return local.find(id);
}

std::optional<StoredSnapshot> RemoteStores::fetch(const SnapshotStore& local,
                                                  const std::string& id) {
  for (Store& store : backends_) {
    if (store.down || store.refused.count(id)) continue;
    const std::string& shown = store.backend->location().shown;
    try {
      if (auto fetched = fetch_from(*store.backend, local, id)) {
        log_ << "tdm: fetched " << id << " from " << shown << "\n";
        return fetched;
      }
    } catch (const Error& error) {
      // A remote store never fails the run: what it could not give is seeded locally.
      if (!is_refused_object(error)) {
        warn(store, error.what());
        continue;
      }
      store.refused.insert(id);
      log_ << "tdm: warning: remote store " << shown << ": snapshot " << id
           << " refused: " << displayable(error.what()) << "\n";
    }
  }
  return std::nullopt;
}

void RemoteStores::upload_to(Backend& backend, const StoredSnapshot& snapshot) {
  const std::string cas = payload_key(snapshot.metadata->payload_sha256);
  if (!backend.exists(cas)) backend.put(cas, snapshot.payload_path);
  backend.put(pointer_key(snapshot.id), snapshot.metadata_path);  // last: it vouches for cas
}

void RemoteStores::upload(const StoredSnapshot& snapshot) {
  for (Store& store : backends_) {
    if (store.down || store.backend->location().read_only) continue;
    try {
      upload_to(*store.backend, snapshot);
      log_ << "tdm: uploaded " << snapshot.id << " to " << store.backend->location().shown << "\n";
    } catch (const Error& error) {  // the capture is kept locally; the store only missed it
      warn(store, error.what());
    }
  }
}

RemoteStores::Store* RemoteStores::lease_store() {
  for (Store& store : backends_) {
    if (!store.down && !store.backend->location().read_only) return &store;
  }
  return nullptr;
}

SeedTurn RemoteStores::await_seed_turn(const SnapshotStore& local, const std::string& id) {
  Store* store = lease_store();
  if (!store) return {};
  const std::string owner = lease_owner_id();
  const std::string& shown = store->backend->location().shown;
  const auto deadline = std::chrono::steady_clock::now() + lease_wait_;
  bool announced = false;
  while (true) {
    try {
      if (store->backend->try_lease(lease_key(id), owner, lease_wait_) == LeaseOutcome::kAcquired) {
        auto lease = std::make_unique<SeedLease>(*store->backend, lease_key(id), owner);
        // Another runner may have uploaded and released between our miss and our lease.
        if (auto fetched = fetch(local, id)) return {std::move(fetched), nullptr};
        log_ << "tdm: " << (announced ? "took over the lease" : "took the lease") << " of " << id
             << " in " << shown << " -> seeding here; other runners wait for its upload\n";
        return {std::nullopt, std::move(lease)};
      }
    } catch (const Error& error) {  // no lease to be had: seed here, as without stores
      warn(*store, error.what());
      return {};
    }
    if (!announced) {
      log_ << "tdm: another runner is seeding " << id << " (lease in " << shown
           << ") -> waiting up to " << format_duration(lease_wait_) << " for its upload\n";
      announced = true;
    }
    if (auto fetched = fetch(local, id)) return {std::move(fetched), nullptr};
    if (std::chrono::steady_clock::now() >= deadline) {
      log_ << "tdm: warning: remote store " << shown << ": no upload of " << id << " within "
           << format_duration(lease_wait_)
           << " -> seeding here; fix: raise TDM_REMOTE_LEASE_WAIT when seeding takes longer\n";
      return {};
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

void RemoteStores::push(const StoredSnapshot& snapshot) {
  bool pushed = false;
  for (Store& store : backends_) {
    if (store.backend->location().read_only) continue;
    upload_to(*store.backend, snapshot);
    log_ << "tdm: uploaded " << snapshot.id << " to " << store.backend->location().shown << "\n";
    pushed = true;
  }
  if (!pushed) {
    throw Error(ExitCode::kRemote, "no writable remote store to push " + snapshot.id + " to",
                "name one in TDM_REMOTE_STORAGE (without |read-only)");
  }
}

std::optional<std::string> RemoteStores::selected_id(Backend& backend,
                                                     const SnapshotSelector& selector) {
  std::optional<SnapshotMetadata> newest;
  std::string newest_id;
  std::vector<std::string> tiers;
  for (const std::string& key : backend.list(std::string(kPointerDir))) {
    if (!is_pointer(key)) continue;
    const std::string id = id_of_pointer(key);
    if (id.rfind(selector.name + "-", 0) != 0) continue;  // cheap filter; metadata decides
    TemporaryFile pointer(temporary_sibling(fs::temp_directory_path() / "tdm-pointer.json"));
    if (!backend.get(key, pointer.path())) continue;
    SnapshotMetadata metadata;
    try {
      metadata = read_metadata(pointer.path());
    } catch (const Error&) {  // an unreadable pointer names no snapshot a selector can choose
      continue;
    }
    if (metadata.name != selector.name) continue;
    if (!selector.version.empty() && metadata.version != selector.version) continue;
    if (!selector.tier.empty() && metadata.tier != selector.tier) continue;
    if (std::find(tiers.begin(), tiers.end(), metadata.tier) == tiers.end()) {
      tiers.push_back(metadata.tier);
    }
    if (!newest || metadata.created_at_ms > newest->created_at_ms) {
      newest = metadata;
      newest_id = id;
    }
  }
  if (tiers.size() > 1) {
    throw Error(ExitCode::kInvalidInput,
                "remote store " + backend.location().shown + " holds snapshots of '" +
                    selector.text() + "' of several tiers",
                "name the tier: " + selector.text() + ":<tier>");
  }
  if (!newest) return std::nullopt;
  return newest_id;
}

StoredSnapshot RemoteStores::pull(const SnapshotStore& local, const std::string& selector_or_id) {
  for (Store& store : backends_) {
    std::string id = selector_or_id;
    if (!store.backend->exists(pointer_key(id))) {
      auto chosen = selected_id(*store.backend, parse_selector(selector_or_id));
      if (!chosen) continue;
      id = *chosen;
    }
    try {
      if (auto fetched = fetch_from(*store.backend, local, id)) {
        log_ << "tdm: fetched " << id << " from " << store.backend->location().shown << "\n";
        return *fetched;
      }
    } catch (const Error& error) {
      if (!is_refused_object(error)) throw;
      throw Error(ExitCode::kSnapshot, "remote store " + store.backend->location().shown +
                                           ": snapshot " + id + " refused: " + error.what());
    }
  }
  throw Error(ExitCode::kRemote, "no remote store holds " + selector_or_id,
              "push it from a machine that has it (tdm snapshot push), or check "
              "TDM_REMOTE_STORAGE");
}

std::optional<StoredSnapshot> RemoteStores::fetch_selected(const SnapshotStore& local,
                                                           const SnapshotSelector& selector) {
  for (Store& store : backends_) {
    if (store.down) continue;
    std::optional<std::string> id;
    try {
      id = selected_id(*store.backend, selector);
    } catch (const Error& error) {  // as in fetch: the restore then says what is missing
      warn(store, error.what());
      continue;
    }
    if (!id) continue;
    if (auto fetched = fetch(local, *id)) return fetched;
  }
  return std::nullopt;
}

std::vector<RemoteListing> RemoteStores::list() {
  std::vector<RemoteListing> listings;
  for (Store& store : backends_) {
    RemoteListing listing{store.backend->location().shown, {}};
    for (const std::string& key : store.backend->list(std::string(kPointerDir))) {
      if (is_pointer(key)) listing.ids.push_back(id_of_pointer(key));
    }
    std::sort(listing.ids.begin(), listing.ids.end());
    listings.push_back(std::move(listing));
  }
  return listings;
}

StoredSnapshot pull_snapshot(RemoteStores& stores, const SnapshotStore& local,
                             const std::string& selector_or_id, std::chrono::seconds lock_timeout) {
  fs::create_directories(local.dir());
  FileLock lock(local.lock_path(), lock_timeout);
  return stores.pull(local, selector_or_id);
}

std::optional<StoredSnapshot> fetch_snapshot(RemoteStores& stores, const SnapshotStore& local,
                                             const std::string& id,
                                             std::chrono::seconds lock_timeout) {
  fs::create_directories(local.dir());
  FileLock lock(local.lock_path(), lock_timeout);
  return stores.fetch(local, id);
}

std::optional<StoredSnapshot> fetch_selected(RemoteStores& stores, const SnapshotStore& local,
                                             const SnapshotSelector& selector,
                                             std::chrono::seconds lock_timeout) {
  fs::create_directories(local.dir());
  FileLock lock(local.lock_path(), lock_timeout);
  return stores.fetch_selected(local, selector);
}

}  // namespace tdm::storage
