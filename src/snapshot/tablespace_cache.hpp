#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tdm {

// The server-specific form of a snapshot, kept beside its portable payload: a copy of the
// InnoDB tablespace (.ibd and .cfg, as FLUSH TABLES ... FOR EXPORT leaves them) of each table
// of a database restored from the payload. A later restore on a server of the same version
// imports these instead of loading rows, several times faster. It is only a cache: keyed by
// the payload's content digest and the server version, built by the first restore that loads
// rows, and never needed — the payload alone restores anywhere.
//
//   <dir>/<id>.tablespaces/<key>/     key: 16 hex digits of sha256(content digest, version)
//       <table>.ibd, <table>.cfg      one pair per table copied
//       manifest.json                 written last: an entry without it is incomplete
//
// An entry is written in a temporary sibling directory and renamed into place, so a reader
// sees a whole entry or none; of two restores building the same entry at once, one keeps its
// copy. The server itself checks every imported page's checksum and the table definition,
// and a table whose copy it refuses is loaded from its rows instead.

// The identity of a payload file as a restore verified it: while size, modification time and
// inode are unchanged, the file is taken to be the one verified (as ninja and ccache trust
// stat), and the restore need not read it whole again.
struct PayloadStamp {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t inode = 0;

  bool operator==(const PayloadStamp&) const = default;
};

// Throws Error(kSnapshot) when the file cannot be examined.
PayloadStamp stamp_of(const std::filesystem::path& path);

struct CachedTablespace {
  std::string table;
  std::filesystem::path ibd;
  std::filesystem::path cfg;
  std::uint64_t bytes = 0;  // of the .ibd
};

struct TablespaceCacheEntry {
  std::filesystem::path directory;
  std::vector<CachedTablespace> tablespaces;
  std::string verified_sha256;  // the payload's whole-file digest, checked when it was built
  PayloadStamp verified_stamp;  // the payload file as it was then
  const CachedTablespace* find(const std::string& table) const;
};

inline constexpr std::string_view kTablespaceCacheSuffix = ".tablespaces";

// Where the entries of the payload at `payload_path` live (`<id>.tablespaces`).
std::filesystem::path tablespace_cache_root(const std::filesystem::path& payload_path);

// The complete entry for this payload content and server version; nullopt when there is
// none, or it is incomplete or damaged (a file missing or of the wrong size).
std::optional<TablespaceCacheEntry> find_tablespace_cache(const std::filesystem::path& payload_path,
                                                          const std::string& content_digest,
                                                          const std::string& server_version);

// Writes one entry. Nothing is visible under the entry's name until commit().
class TablespaceCacheWriter {
 public:
  // Throws Error(kSnapshot) when the directory cannot be created.
  TablespaceCacheWriter(const std::filesystem::path& payload_path,
                        const std::string& content_digest, const std::string& server_version);
  ~TablespaceCacheWriter();  // removes the temporary directory unless committed
  TablespaceCacheWriter(const TablespaceCacheWriter&) = delete;
  TablespaceCacheWriter& operator=(const TablespaceCacheWriter&) = delete;

  // Copies a table's exported files in. Throws Error(kSnapshot) when they cannot be copied.
  void add(const std::string& table, const std::filesystem::path& ibd,
           const std::filesystem::path& cfg);
  // Writes the manifest and renames the entry into place; when another writer got there
  // first, keeps theirs. Throws Error(kSnapshot) when the manifest cannot be written.
  void commit(const std::string& verified_sha256, const PayloadStamp& verified_stamp);

 private:
  std::filesystem::path final_;
  std::filesystem::path temporary_;
  std::string server_version_;
  std::vector<CachedTablespace> added_;
  bool committed_ = false;
};

}  // namespace tdm
