#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "snapshot/metadata.hpp"
#include "snapshot/selector.hpp"

namespace tdm {

// A snapshot as found on disk: its metadata, or why it cannot be used.
struct StoredSnapshot {
  std::string id;  // content-addressed: "<name>[-<tier>]-<version>-<hash12>"
  std::filesystem::path metadata_path;
  std::filesystem::path payload_path;
  std::optional<SnapshotMetadata> metadata;  // nullopt: see `problem`
  std::string problem;                       // e.g. "malformed snapshot metadata ...: ..."
  bool newer_format = false;  // metadata of a newer tdm: never used, replaced or pruned here
  // What a look at the payload file (not its content) found wrong: missing, or not the size
  // the metadata records; "" when it looks whole. Only set with `metadata`.
  std::string payload_problem{};
};

// A file in the snapshot directory that no snapshot accounts for.
struct StoreLeftover {
  enum class Kind {
    kOrphanPayload,  // a payload no metadata names (superseded, or of an interrupted capture)
    kOrphanCache,    // a tablespace cache whose payload is gone
    kTemporary,      // a temporary file or entry of a tdm that was killed
  };
  Kind kind;
  std::filesystem::path path;
  std::string description() const;  // e.g. "payload that no metadata names"
};

// The snapshot directory:
//
//   <id>.meta.json             the metadata; its (atomic) rename commits a snapshot
//   <id>.<sha12>.tdm           the payload it names: the first 12 hex digits of the payload's
//                              SHA-256 make each content's name its own, so a capture never
//                              writes over the payload the current metadata names
//   <id>.<sha12>.tablespaces/  that payload's tablespace cache (tablespace_cache.hpp)
//
// A capture writes its payload under a temporary name, renames it to its own name, renames its
// metadata into place — the one step that switches from the old snapshot to the new — and
// only then removes the payload the old metadata named. A kill at any instant leaves the old
// snapshot or the new one whole, plus at most leftovers (leftovers()) that prune removes.
// Payloads named `<id>.tdm` (the layout before the digest was part of the name) are read as
// any other: their metadata names them.
class SnapshotStore {
 public:
  explicit SnapshotStore(std::filesystem::path dir);

  // "<name>[-<tier>][-<version>]-<hash12>": each tier of a fixture is a snapshot of its own.
  static std::string snapshot_id(const std::string& name, const std::string& version,
                                 const std::string& data_model_hash, const std::string& tier = "");
  // "<id>.<sha12>.tdm": the payload file of snapshot `id` whose whole-file SHA-256 is this.
  static std::string payload_file_name(const std::string& id, const std::string& payload_sha256);

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path payload_path(const std::string& id,
                                     const std::string& payload_sha256) const;
  std::filesystem::path metadata_path(const std::string& id) const;
  std::filesystem::path lock_path() const;
  // Where a capture of `id` writes its payload before it knows the digest: temporary
  // siblings of this path ("<id>.tdm.tmp.<pid>.<n>").
  std::filesystem::path staging_path(const std::string& id) const;

  // Every snapshot with a metadata file, newest first; unusable ones carry a problem.
  std::vector<StoredSnapshot> list() const;
  // The snapshot with exactly this id, if its metadata file exists.
  std::optional<StoredSnapshot> find(const std::string& id) const;
  // The payload of `id` when it is there and its metadata file is not (an interrupted write,
  // or metadata deleted by hand); of several, the newest.
  std::optional<std::filesystem::path> payload_without_metadata(const std::string& id) const;
  // The newest usable snapshot of `name` and `tier` ("": a fixture without tiers), and
  // `version` when not empty.
  std::optional<StoredSnapshot> latest(const std::string& name, const std::string& version = "",
                                       const std::string& tier = "") const;
  // The snapshot a restore or an export uses: the one with id `id` when given, else the newest
  // usable one of `name` and `tier` (and `version`). Throws Error(kSnapshot) saying why there is
  // none: no such directory, no snapshot of that name, or what is wrong with the one there
  // (malformed, unreadable, made by a newer tdm, foreign).
  StoredSnapshot usable(const std::string& id, const std::string& name,
                        const std::string& version = "", const std::string& tier = "") const;

  // The newest usable snapshot `selector` names. A selector without a tier names a fixture
  // without tiers, or one whose snapshots of that name (and version) are all of one tier;
  // Error(kInvalidInput) when they are of several, naming them. Throws as usable() when there
  // is none.
  StoredSnapshot selected(const SnapshotSelector& selector) const;

  // Files no snapshot accounts for (temporary ones of a tdm still running excepted). With
  // `only_id`, those of that snapshot id only.
  std::vector<StoreLeftover> leftovers(const std::string& only_id = "") const;

  // After the metadata of `id` was committed naming `payload_file`: removes the payloads of
  // `id` it no longer names, with their tablespace caches. Never fails: what stays behind is a
  // leftover for prune.
  void remove_superseded(const std::string& id, const std::string& payload_file) const;

  struct PruneResult {
    std::vector<std::filesystem::path> removed;
  };
  // Keeps the `keep` newest snapshots of each name, tier and (with `per_version`) version, and
  // removes older ones, those older than `max_age` (when given), with their tablespace caches,
  // unusable ones, and leftovers(). Snapshots of a newer tdm and their files are left alone.
  // With dry_run nothing is deleted.
  PruneResult prune(std::size_t keep, std::optional<std::chrono::seconds> max_age, bool dry_run,
                    bool per_version = true) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace tdm
