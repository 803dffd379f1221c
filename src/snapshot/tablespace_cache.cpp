#include "snapshot/tablespace_cache.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <system_error>

#include "core/error.hpp"
#include "core/files.hpp"
#include "core/sparse_copy.hpp"
#include "hashing/sha256.hpp"

namespace tdm {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kManifestFormat = 1;
constexpr const char* kManifestName = "manifest.json";

std::string entry_key(const std::string& content_digest, const std::string& server_version) {
  return sha256_hex(content_digest + "\n" + server_version).substr(0, 16);
}

[[noreturn]] void cache_failure(const std::string& what, const fs::path& path,
                                const std::string& why) {
  throw Error(ExitCode::kSnapshot,
              "cannot " + what + " the tablespace cache " + path.string() + ": " + why,
              "check that the snapshot directory is writable and has free space");
}

json stamp_json(const PayloadStamp& stamp) {
  return {{"size", stamp.size}, {"mtimeNs", stamp.mtime_ns}, {"inode", stamp.inode}};
}

PayloadStamp stamp_from(const json& object) {
  return {object.at("size").get<std::uint64_t>(), object.at("mtimeNs").get<std::int64_t>(),
          object.at("inode").get<std::uint64_t>()};
}

// The entry `directory` describes, if its manifest is there and every file has its size.
std::optional<TablespaceCacheEntry> read_entry(const fs::path& directory,
                                               const std::string& server_version) {
  std::error_code missing;
  if (!fs::is_regular_file(directory / kManifestName, missing)) return std::nullopt;
  try {
    json manifest = json::parse(read_file(directory / kManifestName));
    if (manifest.at("format").get<int>() != kManifestFormat ||
        manifest.at("serverVersion").get<std::string>() != server_version) {
      return std::nullopt;
    }
    TablespaceCacheEntry entry;
    entry.directory = directory;
    entry.verified_sha256 = manifest.at("verifiedSha256").get<std::string>();
    entry.verified_stamp = stamp_from(manifest.at("verifiedPayload"));
    for (const json& table : manifest.at("tables")) {
      CachedTablespace copy;
      copy.table = table.at("name").get<std::string>();
      copy.bytes = table.at("ibdBytes").get<std::uint64_t>();
      copy.ibd = directory / (copy.table + ".ibd");
      copy.cfg = directory / (copy.table + ".cfg");
      std::error_code unreadable;
      if (fs::file_size(copy.ibd, unreadable) != copy.bytes || unreadable ||
          !fs::is_regular_file(copy.cfg, unreadable)) {
        return std::nullopt;
      }
      entry.tablespaces.push_back(std::move(copy));
    }
    return entry;
  } catch (const json::exception&) {
    return std::nullopt;  // damaged: the next restore loads rows and writes a new entry
  } catch (const Error&) {
    return std::nullopt;  // an unreadable manifest: as damaged, the next restore replaces it
  }
}

}  // namespace

PayloadStamp stamp_of(const fs::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw Error(ExitCode::kSnapshot,
                "cannot examine " + path.string() + ": " + std::strerror(errno));
  }
  return {static_cast<std::uint64_t>(info.st_size),
          static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec,
          static_cast<std::uint64_t>(info.st_ino)};
}

const CachedTablespace* TablespaceCacheEntry::find(const std::string& table) const {
  for (const CachedTablespace& copy : tablespaces) {
    if (copy.table == table) return &copy;
  }
  return nullptr;
}

fs::path tablespace_cache_root(const fs::path& payload_path) {
  fs::path root = payload_path;
  return root.replace_extension(kTablespaceCacheSuffix);
}

std::optional<TablespaceCacheEntry> find_tablespace_cache(const fs::path& payload_path,
                                                          const std::string& content_digest,
                                                          const std::string& server_version) {
  return read_entry(tablespace_cache_root(payload_path) / entry_key(content_digest, server_version),
                    server_version);
}

TablespaceCacheWriter::TablespaceCacheWriter(const fs::path& payload_path,
                                             const std::string& content_digest,
                                             const std::string& server_version)
    : final_(tablespace_cache_root(payload_path) / entry_key(content_digest, server_version)),
      temporary_(temporary_sibling(final_)),
      server_version_(server_version) {
  std::error_code error;
  fs::create_directories(temporary_, error);
  if (error) cache_failure("create", temporary_, error.message());
}

TablespaceCacheWriter::~TablespaceCacheWriter() {
  if (committed_) return;
  std::error_code ignored;
  fs::remove_all(temporary_, ignored);
}

void TablespaceCacheWriter::add(const std::string& table, const fs::path& ibd,
                                const fs::path& cfg) {
  CachedTablespace copy{table, temporary_ / (table + ".ibd"), temporary_ / (table + ".cfg"), 0};
  try {
    copy_file_sparse(ibd, copy.ibd, /*sync=*/false);
    copy_file_sparse(cfg, copy.cfg, /*sync=*/false);
    copy.bytes = fs::file_size(copy.ibd);
  } catch (const fs::filesystem_error& error) {
    cache_failure("copy " + table + " into", temporary_, error.what());
  }
  added_.push_back(std::move(copy));
}

void TablespaceCacheWriter::commit(const std::string& verified_sha256,
                                   const PayloadStamp& verified_stamp) {
  json tables = json::array();
  for (const CachedTablespace& copy : added_) {
    tables.push_back({{"name", copy.table}, {"ibdBytes", copy.bytes}});
  }
  json manifest = {{"format", kManifestFormat},
                   {"serverVersion", server_version_},
                   {"verifiedSha256", verified_sha256},
                   {"verifiedPayload", stamp_json(verified_stamp)},
                   {"tables", tables}};
  atomic_write_file(temporary_ / kManifestName, manifest.dump(2) + "\n");
  std::error_code error;
  fs::rename(temporary_, final_, error);
  if (!error) {
    committed_ = true;
    return;
  }
  // A complete entry of the same key is already there (another restore built it): keep it.
  if (read_entry(final_, server_version_)) return;
  // One without its manifest (damaged after the fact): replace it.
  fs::remove_all(final_, error);
  fs::rename(temporary_, final_, error);
  if (error) cache_failure("rename into place", final_, error.message());
  committed_ = true;
}

}  // namespace tdm
