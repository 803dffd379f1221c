#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "snapshot/selector.hpp"
#include "snapshot/shared_tablespaces.hpp"
#include "snapshot/store.hpp"
#include "storage/backend.hpp"
#include "storage/store_location.hpp"

namespace tdm::storage {

// Where a snapshot's objects live in every store: the payload under its own digest (identical
// data is stored once, two runners' different data never collide), and a small pointer, the
// snapshot's metadata, under the snapshot's content-addressed id.
std::string payload_key(const std::string& payload_sha256);  // "cas/<sha256>"
std::string pointer_key(const std::string& snapshot_id);     // "snapshots/<id>.meta.json"
std::string lease_key(const std::string& snapshot_id);       // "leases/<id>"
// Where the tablespace cache entries of the payload `payload_sha256` live: under
// "tablespaces/<payload sha256>/", each entry a manifest "<entry key>.json", written last, over
// files "<entry key>/<file sha256>". Prune removes them with the payload.
std::string tablespaces_prefix(const std::string& payload_sha256);

// A seeding runner's lease, released when it goes out of scope (or left to expire when the
// runner dies).
class SeedLease {
 public:
  SeedLease(Backend& backend, std::string key, std::string owner);
  ~SeedLease();
  SeedLease(const SeedLease&) = delete;
  SeedLease& operator=(const SeedLease&) = delete;

 private:
  Backend& backend_;
  std::string key_;
  std::string owner_;
};

// What a runner that found a snapshot nowhere does: use the one another runner uploaded
// meanwhile (`fetched`), or seed itself (holding `lease` when it got one).
struct SeedTurn {
  std::optional<StoredSnapshot> fetched;
  std::unique_ptr<SeedLease> lease;
};

// The ids of the snapshots one store holds.
struct RemoteListing {
  std::string store;  // as shown
  std::vector<std::string> ids;
};

// The remote stores of one command, tried in order. Implicit use (bootstrap, the build rule,
// restore) never fails a run because of a store: a store that is down, slow or refuses costs
// one warning line on the log ("tdm: warning: remote store <url>: <problem>; fix: ...") and is
// not asked again in this process; an object that is corrupt is refused with one warning and
// the next store is tried. Explicit use (push, pull, list) throws instead. Read-only stores are
// never written. Every write into the local store must happen under its directory lock, which
// the caller holds.
class RemoteStores {
 public:
  RemoteStores(std::vector<std::unique_ptr<Backend>> backends, std::chrono::seconds lease_wait,
               std::ostream& log);
  // The backends of `settings` (none when the stores are off). Throws Error(kInvalidInput) for
  // a store this tdm cannot talk to.
  static RemoteStores open(const RemoteStorageSettings& settings, std::ostream& log);

  bool empty() const { return backends_.empty(); }
  // Whether a store may be written (not read-only, not failed in this process).
  bool writable() const;

  // Snapshot `id` from the first store that holds it whole, put into `local` (payload first,
  // metadata last, both downloaded under temporary names and checked against each other before
  // either is renamed into place); logs "tdm: fetched <id> from <store>". nullopt when no store
  // has it (or none could give it).
  std::optional<StoredSnapshot> fetch(const SnapshotStore& local, const std::string& id);

  // Uploads a fresh capture to every writable store: payload first (unless the store has that
  // digest), pointer last.
  void upload(const StoredSnapshot& snapshot);

  // For a runner about to seed snapshot `id`, which no store holds: takes the lease of `id` in
  // the first writable store, or, while another runner holds it, waits (up to the lease wait)
  // for that runner's upload and fetches it. When the wait runs out, or no store can lease,
  // says so and lets this runner seed without a lease.
  SeedTurn await_seed_turn(const SnapshotStore& local, const std::string& id);

  // The tablespace cache entry `id` from the first store that holds it whole, put into the
  // local cache (SharedTablespaces::fetch); logs "tdm: fetched tablespace copies ...".
  bool fetch_tablespaces(const TablespaceEntryId& id);
  // Uploads the local entry to every writable store that lacks it: files first, manifest last.
  void upload_tablespaces(const TablespaceEntryId& id, const TablespaceCacheEntry& entry);

  // Explicit: `tdm snapshot push`. Throws Error(kRemote) for the first store that fails, or
  // when no store is writable.
  void push(const StoredSnapshot& snapshot);
  // Explicit: `tdm snapshot pull`. The newest snapshot `selector` names in the first store that
  // has one (an exact id is looked up as well), put into `local`. Throws Error(kRemote) when no
  // store has it or a store fails, Error(kSnapshot) when the object is corrupt.
  StoredSnapshot pull(const SnapshotStore& local, const std::string& selector_or_id);
  // The newest snapshot `selector` names in the first store that has one, fetched as fetch()
  // does (warnings, no failure).
  std::optional<StoredSnapshot> fetch_selected(const SnapshotStore& local,
                                               const SnapshotSelector& selector);
  // Explicit: `tdm snapshot list --remote`. Throws Error(kRemote) when a store fails.
  std::vector<RemoteListing> list();

 private:
  struct Store {
    std::unique_ptr<Backend> backend;
    bool down = false;  // failed once in this process: skipped from then on
    // ids whose objects were refused, and tablespace manifests: not fetched again
    std::set<std::string> refused{};
  };

  std::optional<StoredSnapshot> fetch_from(Backend& backend, const SnapshotStore& local,
                                           const std::string& id);
  bool fetch_tablespaces_from(Backend& backend, const TablespaceEntryId& id);
  void upload_to(Backend& backend, const StoredSnapshot& snapshot);
  std::optional<std::string> selected_id(Backend& backend, const SnapshotSelector& selector);
  void warn(Store& store, const std::string& problem);
  Store* lease_store();

  std::vector<Store> backends_;
  std::chrono::seconds lease_wait_;
  std::ostream& log_;
};

// A restore's view of the remote stores' tablespace cache entries.
class RemoteTablespaces final : public SharedTablespaces {
 public:
  explicit RemoteTablespaces(RemoteStores& stores) : stores_(stores) {}
  bool fetch(const TablespaceEntryId& id) override { return stores_.fetch_tablespaces(id); }
  void publish(const TablespaceEntryId& id, const TablespaceCacheEntry& entry) override {
    stores_.upload_tablespaces(id, entry);
  }

 private:
  RemoteStores& stores_;
};

// `tdm snapshot pull`: RemoteStores::pull under the snapshot directory's lock (waiting up to
// `lock_timeout` for another tdm writing there).
StoredSnapshot pull_snapshot(RemoteStores& stores, const SnapshotStore& local,
                             const std::string& selector_or_id, std::chrono::seconds lock_timeout);

// For a restore that found no usable snapshot `id` locally: RemoteStores::fetch under the
// snapshot directory's lock.
std::optional<StoredSnapshot> fetch_snapshot(RemoteStores& stores, const SnapshotStore& local,
                                             const std::string& id,
                                             std::chrono::seconds lock_timeout);

// For a restore that found no usable snapshot `selector` names locally: the newest one a store
// holds, fetched under the snapshot directory's lock; nullopt (after the warnings) when none
// could be had.
std::optional<StoredSnapshot> fetch_selected(RemoteStores& stores, const SnapshotStore& local,
                                             const SnapshotSelector& selector,
                                             std::chrono::seconds lock_timeout);

}  // namespace tdm::storage
