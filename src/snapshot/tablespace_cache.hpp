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
//   <dir>/<id>.<sha12>.tablespaces/<key>/   key: 16 hex digits of sha256(content digest, version)
//       <table>.ibd, <table>.cfg             one pair per table copied
//       manifest.json                        written last: an entry without it is incomplete
//
// An entry is written in a temporary sibling directory and renamed into place, so a reader
// sees a whole entry or none; of two restores building the same entry at once, one keeps its
// copy. The manifest records, for every file, its SHA-256 and its stamp (size, mtime, inode)
// as written. Before an entry is used each file is stat()ed: a file whose stamp is unchanged is
// the one written; one whose stamp changed is hashed again, and unless its digest is the
// recorded one the whole entry is refused and removed (the restore loads rows and builds a new
// one). The server itself also checks every imported page's checksum and the table
// definition, and a table whose copy it refuses is loaded from its rows instead.

// The identity of a file as seen at one time: while size, modification time and inode are
// unchanged, the file is taken to be the one seen then (as ninja and ccache trust stat).
struct FileStamp {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t inode = 0;

  bool operator==(const FileStamp&) const = default;
};

// Throws Error(kSnapshot) when the file cannot be examined.
FileStamp stamp_of(const std::filesystem::path& path);

// A file of an entry as it was written into the cache.
struct CachedFile {
  std::filesystem::path path;
  std::string sha256;
  FileStamp stamp;
};

struct CachedTablespace {
  std::string table;
  CachedFile ibd;
  CachedFile cfg;
  std::uint64_t bytes() const { return ibd.stamp.size; }
  // Names the copy by its files' recorded SHA-256s: the same digest, the same files.
  std::string digest() const { return ibd.sha256 + cfg.sha256; }
};

struct TablespaceCacheEntry {
  std::filesystem::path directory;
  std::vector<CachedTablespace> tablespaces;
  std::string verified_sha256;  // the payload's whole-file digest, checked when it was built
  FileStamp verified_stamp;     // the payload file as it was then
  const CachedTablespace* find(const std::string& table) const;
};

inline constexpr std::string_view kTablespaceCacheSuffix = ".tablespaces";

// The key of the entry of a payload (by its content digest) on a server version: 64 hex
// digits; a local entry's directory is named after the first 16.
std::string tablespace_entry_key(const std::string& content_digest,
                                 const std::string& server_version);

// Where the entries of the payload at `payload_path` live (`<id>.tablespaces`).
std::filesystem::path tablespace_cache_root(const std::filesystem::path& payload_path);

struct TablespaceCacheLookup {
  std::optional<TablespaceCacheEntry> entry;  // nullopt: none that can be used
  std::string dropped;  // why an entry there was refused and removed; "" when none was
};

// The entry for this payload content and server version, each of its files checked as above
// (stat, and a hash where the stamp changed). An entry that is incomplete, was built for
// another payload or server, or holds a file that is not the one written into it, is removed
// and `dropped` says why; one of an older tdm's format is left for the next build to replace.
TablespaceCacheLookup find_tablespace_cache(const std::filesystem::path& payload_path,
                                            const std::string& content_digest,
                                            const std::string& server_version);

// Every entry of the cache of `payload_path` checked whole, whatever the stamps say: its
// manifest, that it was built from the payload whose whole-file SHA-256 is `payload_sha256`,
// and every file hashed again. One line per damaged entry ("<entry>: <what>"); entries of an
// older tdm's format (the next restore rebuilds them) and entries being written are skipped.
std::vector<std::string> check_tablespace_cache(const std::filesystem::path& payload_path,
                                                const std::string& payload_sha256);

// Writes one entry. Nothing is visible under the entry's name until commit().
class TablespaceCacheWriter {
 public:
  // Throws Error(kSnapshot) when the directory cannot be created.
  TablespaceCacheWriter(const std::filesystem::path& payload_path,
                        const std::string& content_digest, const std::string& server_version);
  ~TablespaceCacheWriter();  // removes the temporary directory unless committed
  TablespaceCacheWriter(const TablespaceCacheWriter&) = delete;
  TablespaceCacheWriter& operator=(const TablespaceCacheWriter&) = delete;

  // Copies a table's exported files in and records their digests and stamps. Throws
  // Error(kSnapshot) when they cannot be copied or read back.
  void add(const std::string& table, const std::filesystem::path& ibd,
           const std::filesystem::path& cfg);
  // Where a caller puts files it then adopt()s: a directory of the entry being written.
  const std::filesystem::path& staging_directory() const { return temporary_; }
  // Moves a table's files, already in staging_directory(), into the entry (no copy) and
  // records their stamps. Throws Error(kSnapshot) when the table's name is not a plain file
  // name or a file's SHA-256 is not the one given (nothing is committed then).
  void adopt(const std::string& table, const std::filesystem::path& ibd,
             const std::filesystem::path& cfg, const std::string& ibd_sha256,
             const std::string& cfg_sha256);
  // Writes the manifest and renames the entry into place; when another writer got there
  // first, keeps theirs. Throws Error(kSnapshot) when the manifest cannot be written.
  void commit(const std::string& verified_sha256, const FileStamp& verified_stamp);

 private:
  std::filesystem::path final_;
  std::filesystem::path temporary_;
  std::string content_digest_;
  std::string server_version_;
  std::vector<CachedTablespace> added_;
  bool committed_ = false;
};

}  // namespace tdm
