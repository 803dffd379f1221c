#pragma once

#include <string>
#include <vector>

#include "snapshot/store.hpp"

namespace tdm {

// What `tdm snapshot verify` found about one snapshot or one file of the directory.
struct StoreFinding {
  enum class Verdict {
    kOk,
    kCorrupt,   // the payload is missing, cut short, damaged, or not the one its metadata names
    kUnusable,  // the metadata: malformed, unreadable, foreign, or of a newer tdm
    kCache,     // a tablespace cache entry holds files other than those written into it
    kLeftover,  // a payload or cache no metadata names, a temporary file of a killed tdm
  };
  Verdict verdict = Verdict::kOk;
  std::string subject;  // the snapshot id, or the file's name
  std::string detail;   // what is wrong; "" when ok
};

const char* to_string(StoreFinding::Verdict verdict);  // "ok", "CORRUPT", ...

struct StoreCheck {
  std::vector<StoreFinding> findings;  // snapshots newest first, then leftovers
  std::size_t snapshots = 0;           // snapshots checked
  std::size_t problems() const;        // findings that are not kOk
  // Throws Error(kSnapshot) counting the problems found in `dir`, when there are any.
  void require_no_problems(const std::filesystem::path& dir) const;
};

// Checks the snapshots of `store` — only the snapshot `id` when given: each metadata, each
// payload read whole against the digest its metadata records, each tablespace cache entry
// hashed again against its manifest; and the files of the directory no snapshot accounts for.
// Reads and changes nothing else. Throws Error(kSnapshot) when the directory does not exist,
// or `id` is given and has no metadata there.
StoreCheck check_store(const SnapshotStore& store, const std::string& id = "");

}  // namespace tdm
