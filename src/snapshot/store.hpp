#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "snapshot/metadata.hpp"

namespace tdm {

// A snapshot as found on disk: its metadata, or why it cannot be used.
struct StoredSnapshot {
  std::string id;  // content-addressed: "<name>-<version>-<hash12>"
  std::filesystem::path metadata_path;
  std::filesystem::path payload_path;
  std::optional<SnapshotMetadata> metadata;  // nullopt: see `problem`
  std::string problem;                       // e.g. "malformed metadata: ..."
};

// The snapshot directory: `<id>.tdm` payloads with `<id>.meta.json` beside them. Writers put a
// payload in place first and its metadata last; a payload without metadata is incomplete and
// never listed as usable.
class SnapshotStore {
 public:
  explicit SnapshotStore(std::filesystem::path dir);

  static std::string snapshot_id(const std::string& name, const std::string& version,
                                 const std::string& data_model_hash);

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path payload_path(const std::string& id) const;
  std::filesystem::path metadata_path(const std::string& id) const;
  std::filesystem::path lock_path() const;

  // Every snapshot with a metadata file, newest first; malformed ones carry a problem.
  std::vector<StoredSnapshot> list() const;
  // The snapshot with exactly this id, if its metadata file exists.
  std::optional<StoredSnapshot> find(const std::string& id) const;
  // The payload of `id` when it is there and its metadata file is not (an interrupted write,
  // or metadata deleted by hand).
  std::optional<std::filesystem::path> payload_without_metadata(const std::string& id) const;
  // The newest usable snapshot of `name` (and `version`, when not empty).
  std::optional<StoredSnapshot> latest(const std::string& name,
                                       const std::string& version = "") const;

  struct PruneResult {
    std::vector<std::filesystem::path> removed;
  };
  // Keeps the `keep` newest snapshots of each name and removes older ones, those older than
  // `max_age` (when given), with their tablespace caches, and leftovers of interrupted
  // writes (temporary files and entries, payloads without metadata, caches without payload).
  // With dry_run nothing is deleted.
  PruneResult prune(std::size_t keep, std::optional<std::chrono::seconds> max_age,
                    bool dry_run) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace tdm
