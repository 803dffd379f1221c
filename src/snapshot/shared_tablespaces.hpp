#pragma once

#include <filesystem>
#include <string>

#include "snapshot/tablespace_cache.hpp"

namespace tdm {

// One tablespace cache entry: the copies of one payload's tables as one server version made
// them.
struct TablespaceEntryId {
  std::filesystem::path payload_path;  // the local payload the entry belongs to
  std::string payload_sha256;          // its whole-file digest, as its metadata records it
  std::string content_digest;          // its own digest (the end section's)
  std::string server_version;
};

// Where tablespace cache entries are shared between machines that run the same server
// version (the remote snapshot stores), so that only the first machine to restore a payload
// loads its rows. A restore asks for an entry its local cache lacks, and offers one it built.
// Neither call fails a restore: what the place cannot give or take, it reports itself.
class SharedTablespaces {
 public:
  virtual ~SharedTablespaces() = default;
  SharedTablespaces() = default;
  SharedTablespaces(const SharedTablespaces&) = delete;
  SharedTablespaces& operator=(const SharedTablespaces&) = delete;

  // Puts the entry into the local cache (TablespaceCacheWriter: whole or not at all), every
  // file checked against its digest, and only when the local payload is the one named (its
  // digest checked too). Returns whether it did.
  virtual bool fetch(const TablespaceEntryId& id) = 0;
  // Offers the local entry `entry` of `id`.
  virtual void publish(const TablespaceEntryId& id, const TablespaceCacheEntry& entry) = 0;
};

}  // namespace tdm
