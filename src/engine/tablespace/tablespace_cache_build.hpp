#pragma once

#include <filesystem>
#include <string>

#include "connection/connection_params.hpp"
#include "snapshot/payload/reader.hpp"
#include "snapshot/tablespace_cache.hpp"

namespace tdm {

// What a restore that loaded rows knows of the payload it restored: enough to file the
// tablespace copies of the result under the payload's cache key.
struct RestoredPayload {
  std::filesystem::path path;
  std::string content_digest;   // the payload's own record of its content (cache key)
  std::string verified_sha256;  // the whole file's digest, verified by this restore
  FileStamp stamp;              // the file as verified
};

// Builds the tablespace cache entry of `payload` from the database `target` names, just
// restored from it with nothing else writing to it: FLUSH TABLES ... FOR EXPORT on every
// table that can be copied (tablespace_export.hpp) and holds rows in `index`, copy their
// files into the entry, release the lock. `directory` is the database's directory in the server's
// datadir. The cache only saves time, so nothing here fails a restore: returns false when the
// server would not export or the files could not be copied, and the next restore loads rows
// again.
bool build_tablespace_cache(const ConnectionParams& target, const std::filesystem::path& directory,
                            const PayloadIndex& index, const RestoredPayload& payload);

}  // namespace tdm
