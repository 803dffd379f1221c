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

// 2: every file's digest and stamp, and the content digest, are recorded.
constexpr int kManifestFormat = 2;
constexpr const char* kManifestName = "manifest.json";

std::string entry_key(const std::string& content_digest, const std::string& server_version) {
  return tablespace_entry_key(content_digest, server_version).substr(0, 16);
}

[[noreturn]] void cache_failure(const std::string& what, const fs::path& path,
                                const std::string& why) {
  throw Error(ExitCode::kSnapshot,
              "cannot " + what + " the tablespace cache " + path.string() + ": " + why,
              "check that the snapshot directory is writable and has free space");
}

json stamp_json(const FileStamp& stamp) {
  return {{"size", stamp.size}, {"mtimeNs", stamp.mtime_ns}, {"inode", stamp.inode}};
}

FileStamp stamp_from(const json& object) {
  return {object.at("size").get<std::uint64_t>(), object.at("mtimeNs").get<std::int64_t>(),
          object.at("inode").get<std::uint64_t>()};
}

json file_json(const CachedFile& file) {
  json object = stamp_json(file.stamp);
  object["sha256"] = file.sha256;
  return object;
}

CachedFile file_from(const json& object, fs::path path) {
  return {std::move(path), object.at("sha256").get<std::string>(), stamp_from(object)};
}

// A table name that stays a file name inside the entry.
bool has_plain_name(const std::string& table) {
  return !table.empty() && table.find('/') == std::string::npos && table != "." && table != "..";
}

// What an entry's manifest says, besides its files.
struct EntryManifest {
  int format = 0;
  std::string server_version;
  std::string content_digest;
  TablespaceCacheEntry entry;
};

json manifest_json(const EntryManifest& manifest) {
  json tables = json::array();
  for (const CachedTablespace& copy : manifest.entry.tablespaces) {
    tables.push_back(
        {{"name", copy.table}, {"ibd", file_json(copy.ibd)}, {"cfg", file_json(copy.cfg)}});
  }
  return {{"format", kManifestFormat},
          {"serverVersion", manifest.server_version},
          {"contentDigest", manifest.content_digest},
          {"verifiedSha256", manifest.entry.verified_sha256},
          {"verifiedPayload", stamp_json(manifest.entry.verified_stamp)},
          {"tables", tables}};
}

void write_manifest(const fs::path& directory, const EntryManifest& manifest) {
  atomic_write_file(directory / kManifestName, manifest_json(manifest).dump(2) + "\n",
                    Durability::kUnsynced);
}

// The manifest of the entry in `directory`. Throws Error(kSnapshot) saying what is wrong
// when it is missing or unreadable; `format` tells an older or newer tdm's entry.
EntryManifest read_manifest(const fs::path& directory) {
  std::error_code missing;
  if (!fs::is_regular_file(directory / kManifestName, missing)) {
    throw Error(ExitCode::kSnapshot, "it has no " + std::string(kManifestName));
  }
  EntryManifest manifest;
  std::string text;
  try {
    text = read_file(directory / kManifestName);
  } catch (const Error&) {
    throw Error(ExitCode::kSnapshot, std::string("its ") + kManifestName + " cannot be read");
  }
  try {
    json parsed = json::parse(text);
    manifest.format = parsed.at("format").get<int>();
    if (manifest.format != kManifestFormat) return manifest;
    manifest.server_version = parsed.at("serverVersion").get<std::string>();
    manifest.content_digest = parsed.at("contentDigest").get<std::string>();
    manifest.entry.directory = directory;
    manifest.entry.verified_sha256 = parsed.at("verifiedSha256").get<std::string>();
    manifest.entry.verified_stamp = stamp_from(parsed.at("verifiedPayload"));
    for (const json& table : parsed.at("tables")) {
      CachedTablespace copy;
      copy.table = table.at("name").get<std::string>();
      copy.ibd = file_from(table.at("ibd"), directory / (copy.table + ".ibd"));
      copy.cfg = file_from(table.at("cfg"), directory / (copy.table + ".cfg"));
      manifest.entry.tablespaces.push_back(std::move(copy));
    }
  } catch (const json::exception& error) {
    throw Error(ExitCode::kSnapshot,
                std::string("its ") + kManifestName + " is damaged (" + error.what() + ")");
  }
  for (const CachedTablespace& copy : manifest.entry.tablespaces) {
    if (!has_plain_name(copy.table)) {
      throw Error(ExitCode::kSnapshot,
                  std::string("its ") + kManifestName + " names a table '" + copy.table + "'");
    }
  }
  return manifest;
}

// "" when the file is the one written into the entry; else what differs. A file whose stamp is
// unchanged is not read (unless `rehash`); `restamped` is set when one with a new stamp has the
// recorded content after all.
std::string file_problem(CachedFile& file, bool rehash, bool& restamped) {
  std::string name = file.path.filename().string();
  FileStamp now;
  try {
    now = stamp_of(file.path);
  } catch (const Error&) {
    return name + " is missing or cannot be examined";
  }
  if (now.size != file.stamp.size) {
    return name + " is " + std::to_string(now.size) + " bytes, " + std::to_string(file.stamp.size) +
           " were written";
  }
  if (now == file.stamp && !rehash) return "";
  std::string digest;
  try {
    digest = sha256_file_hex(file.path);
  } catch (const Error&) {
    return name + " cannot be read";
  }
  if (digest != file.sha256) return name + " is not the file written into the entry";
  if (!(now == file.stamp)) {
    file.stamp = now;
    restamped = true;
  }
  return "";
}

// Checks every file of `manifest`'s entry; "" when all are the files written.
std::string entry_problem(EntryManifest& manifest, bool rehash) {
  bool restamped = false;
  for (CachedTablespace& copy : manifest.entry.tablespaces) {
    for (CachedFile* file : {&copy.ibd, &copy.cfg}) {
      std::string problem = file_problem(*file, rehash, restamped);
      if (!problem.empty()) return problem;
    }
  }
  if (restamped) {
    // Copied or touched, same content: record the new stamps so the next look is a stat again.
    try {
      write_manifest(manifest.entry.directory, manifest);
    } catch (const Error&) {
      // A read-only directory, a full disk: only speed depends on it, the next look hashes.
    }
  }
  return "";
}

// The usable entry in `directory` for this content and server version. Throws Error(kSnapshot)
// saying what is wrong with a damaged or foreign one; nullopt for none, or an older or newer
// tdm's (not damage: the next build replaces it).
std::optional<TablespaceCacheEntry> read_entry(const fs::path& directory,
                                               const std::string& content_digest,
                                               const std::string& server_version) {
  std::error_code missing;
  if (!fs::is_directory(directory, missing)) return std::nullopt;
  EntryManifest manifest = read_manifest(directory);
  if (manifest.format != kManifestFormat) return std::nullopt;
  if (manifest.content_digest != content_digest || manifest.server_version != server_version) {
    throw Error(ExitCode::kSnapshot, "it was built for another payload or server");
  }
  std::string problem = entry_problem(manifest, /*rehash=*/false);
  if (!problem.empty()) throw Error(ExitCode::kSnapshot, problem);
  return std::move(manifest.entry);
}

}  // namespace

std::string tablespace_entry_key(const std::string& content_digest,
                                 const std::string& server_version) {
  return sha256_hex(content_digest + "\n" + server_version);
}

FileStamp stamp_of(const fs::path& path) {
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

TablespaceCacheLookup find_tablespace_cache(const fs::path& payload_path,
                                            const std::string& content_digest,
                                            const std::string& server_version) {
  fs::path directory =
      tablespace_cache_root(payload_path) / entry_key(content_digest, server_version);
  TablespaceCacheLookup lookup;
  try {
    lookup.entry = read_entry(directory, content_digest, server_version);
  } catch (const Error& damage) {
    // Never import from it, nor let the next restore find it: the rows are loaded instead, and
    // copies of them make a new entry.
    std::error_code ignored;
    fs::remove_all(directory, ignored);
    lookup.dropped = "tablespace cache entry " + directory.string() + " refused and removed (" +
                     damage.what() + ")";
  }
  return lookup;
}

std::vector<std::string> check_tablespace_cache(const fs::path& payload_path,
                                                const std::string& payload_sha256) {
  std::vector<std::string> problems;
  std::error_code error;
  for (const auto& item : fs::directory_iterator(tablespace_cache_root(payload_path), error)) {
    const fs::path& directory = item.path();
    if (directory.filename().string().find(".tmp.") != std::string::npos) continue;
    std::string problem;
    try {
      if (!item.is_directory(error)) throw Error(ExitCode::kSnapshot, "it is not a directory");
      EntryManifest manifest = read_manifest(directory);
      if (manifest.format != kManifestFormat) continue;
      if (directory.filename() != entry_key(manifest.content_digest, manifest.server_version)) {
        problem = "its manifest is of another entry";
      } else if (manifest.entry.verified_sha256 != payload_sha256) {
        problem = "it was built from another payload";
      } else {
        problem = entry_problem(manifest, /*rehash=*/true);
      }
    } catch (const Error& damage) {
      problem = damage.what();
    }
    if (!problem.empty()) problems.push_back(directory.string() + ": " + problem);
  }
  return problems;
}

TablespaceCacheWriter::TablespaceCacheWriter(const fs::path& payload_path,
                                             const std::string& content_digest,
                                             const std::string& server_version)
    : final_(tablespace_cache_root(payload_path) / entry_key(content_digest, server_version)),
      temporary_(temporary_sibling(final_)),
      content_digest_(content_digest),
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
  CachedTablespace copy;
  copy.table = table;
  copy.ibd.path = temporary_ / (table + ".ibd");
  copy.cfg.path = temporary_ / (table + ".cfg");
  try {
    copy_file_sparse(ibd, copy.ibd.path, /*sync=*/false);
    copy_file_sparse(cfg, copy.cfg.path, /*sync=*/false);
    for (CachedFile* file : {&copy.ibd, &copy.cfg}) {
      file->sha256 = sha256_file_hex(file->path);
      file->stamp = stamp_of(file->path);
    }
  } catch (const fs::filesystem_error& error) {
    cache_failure("copy " + table + " into", temporary_, error.what());
  } catch (const Error& error) {
    cache_failure("read back " + table + " in", temporary_, error.what());
  }
  added_.push_back(std::move(copy));
}

void TablespaceCacheWriter::adopt(const std::string& table, const fs::path& ibd,
                                  const fs::path& cfg, const std::string& ibd_sha256,
                                  const std::string& cfg_sha256) {
  if (!has_plain_name(table)) {
    throw Error(ExitCode::kSnapshot,
                "the tablespace copies name a table '" + table + "' that is no file name",
                "remove the copies");
  }
  CachedTablespace copy;
  copy.table = table;
  copy.ibd = {temporary_ / (table + ".ibd"), ibd_sha256, {}};
  copy.cfg = {temporary_ / (table + ".cfg"), cfg_sha256, {}};
  for (auto [from, file] : {std::pair{&ibd, &copy.ibd}, std::pair{&cfg, &copy.cfg}}) {
    if (sha256_file_hex(*from) != file->sha256) {
      throw Error(ExitCode::kSnapshot,
                  "the copy of " + file->path.filename().string() + " is not the file recorded",
                  "remove the copies; the next restore loads rows");
    }
    std::error_code error;
    fs::rename(*from, file->path, error);
    if (error) cache_failure("move " + table + " into", temporary_, error.message());
    file->stamp = stamp_of(file->path);
  }
  added_.push_back(std::move(copy));
}

void TablespaceCacheWriter::commit(const std::string& verified_sha256,
                                   const FileStamp& verified_stamp) {
  EntryManifest manifest;
  manifest.server_version = server_version_;
  manifest.content_digest = content_digest_;
  manifest.entry.verified_sha256 = verified_sha256;
  manifest.entry.verified_stamp = verified_stamp;
  manifest.entry.tablespaces = added_;
  write_manifest(temporary_, manifest);
  std::error_code error;
  fs::rename(temporary_, final_, error);
  if (!error) {
    committed_ = true;
    return;
  }
  // A complete, intact entry of the same key is already there (another restore built it):
  // keep it.
  try {
    if (read_entry(final_, content_digest_, server_version_)) return;
  } catch (const Error&) {
    // Damaged or foreign: replaced below, as one of another format is.
  }
  // One that is damaged, or of another format: replace it.
  fs::remove_all(final_, error);
  fs::rename(temporary_, final_, error);
  if (error) cache_failure("rename into place", final_, error.message());
  committed_ = true;
}

}  // namespace tdm
