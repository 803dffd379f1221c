// The remote stores' share of the tablespace cache: entries of one payload on one server
// version, so that of the machines running that version only the first loads the payload's
// rows. An entry travels as a manifest (table names, file digests) over content-named files.
#include <nlohmann/json.hpp>

#include "core/display.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "hashing/sha256.hpp"
#include "storage/remote_stores.hpp"

namespace tdm::storage {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kRemoteEntryFormat = 1;

struct RemoteTablespace {
  std::string table;
  std::string ibd_sha256;
  std::string cfg_sha256;
};

std::string entry_prefix(const TablespaceEntryId& id) {
  return tablespaces_prefix(id.payload_sha256) +
         tablespace_entry_key(id.content_digest, id.server_version);
}

std::string manifest_key(const TablespaceEntryId& id) {
  return entry_prefix(id) + ".json";
}

std::string file_key(const TablespaceEntryId& id, const std::string& sha256) {
  return entry_prefix(id) + "/" + sha256;
}

std::string manifest_text(const TablespaceEntryId& id, const TablespaceCacheEntry& entry) {
  json tables = json::array();
  for (const CachedTablespace& copy : entry.tablespaces) {
    tables.push_back({{"name", copy.table}, {"ibd", copy.ibd.sha256}, {"cfg", copy.cfg.sha256}});
  }
  return json{{"format", kRemoteEntryFormat},
              {"contentDigest", id.content_digest},
              {"serverVersion", id.server_version},
              {"tables", tables}}
      .dump(2);
}

bool is_sha256(const std::string& text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// The tables of a downloaded manifest; Error(kSnapshot) unless it is one of this format for
// exactly this entry.
std::vector<RemoteTablespace> read_remote_manifest(const fs::path& path,
                                                   const TablespaceEntryId& id) {
  auto refused = [&](const std::string& why) {
    return Error(ExitCode::kSnapshot, "tablespace copies " + manifest_key(id) + ": " + why,
                 "remove " + tablespaces_prefix(id.payload_sha256) + " from the store");
  };
  std::vector<RemoteTablespace> tables;
  try {
    json manifest = json::parse(read_file(path));
    if (manifest.at("format").get<int>() != kRemoteEntryFormat) {
      throw refused("a format this tdm does not read");
    }
    if (manifest.at("contentDigest").get<std::string>() != id.content_digest ||
        manifest.at("serverVersion").get<std::string>() != id.server_version) {
      throw refused("they are of another payload or server version");
    }
    for (const json& table : manifest.at("tables")) {
      tables.push_back({table.at("name").get<std::string>(), table.at("ibd").get<std::string>(),
                        table.at("cfg").get<std::string>()});
      if (!is_sha256(tables.back().ibd_sha256) || !is_sha256(tables.back().cfg_sha256)) {
        throw refused("a file digest is malformed");
      }
    }
  } catch (const json::exception& error) {
    throw refused(std::string("malformed manifest: ") + error.what());
  }
  return tables;
}

// Downloads one file of the entry into `directory`; Error(kSnapshot) when the store lacks it.
fs::path download(Backend& backend, const TablespaceEntryId& id, const std::string& sha256,
                  const fs::path& directory) {
  fs::path destination = directory / (sha256 + ".download");
  if (!backend.get(file_key(id, sha256), destination)) {
    throw Error(ExitCode::kSnapshot,
                "tablespace copies " + manifest_key(id) + " name a file the store lacks",
                "remove " + tablespaces_prefix(id.payload_sha256) + " from the store");
  }
  return destination;
}

}  // namespace

bool RemoteStores::fetch_tablespaces_from(Backend& backend, const TablespaceEntryId& id) {
  fs::path root = tablespace_cache_root(id.payload_path);
  fs::create_directories(root);
  TemporaryFile manifest(temporary_sibling(root / "remote-manifest.json"));
  if (!backend.get(manifest_key(id), manifest.path())) return false;
  std::vector<RemoteTablespace> tables = read_remote_manifest(manifest.path(), id);
  // The entry will vouch for the payload it sits beside (restores then skip reading it): it
  // must be the payload the entry was made from.
  if (sha256_file_hex(id.payload_path) != id.payload_sha256) return false;
  TablespaceCacheWriter writer(id.payload_path, id.content_digest, id.server_version);
  for (const RemoteTablespace& table : tables) {
    fs::path ibd = download(backend, id, table.ibd_sha256, writer.staging_directory());
    fs::path cfg = download(backend, id, table.cfg_sha256, writer.staging_directory());
    writer.adopt(table.table, ibd, cfg, table.ibd_sha256, table.cfg_sha256);
  }
  writer.commit(id.payload_sha256, stamp_of(id.payload_path));
  log_ << "tdm: fetched tablespace copies of " << tables.size() << " tables of "
       << id.payload_path.filename().string() << " from " << backend.location().shown << "\n";
  return true;
}

bool RemoteStores::fetch_tablespaces(const TablespaceEntryId& id) {
  for (Store& store : backends_) {
    if (store.down) continue;
    try {
      if (fetch_tablespaces_from(*store.backend, id)) return true;
    } catch (const Error& error) {
      // Refused copies are only not used: the restore loads rows and may publish its own.
      if (error.code() != ExitCode::kSnapshot) {
        warn(store, error.what());
        continue;
      }
      store.refused.insert(manifest_key(id));  // replaced by the copies this restore builds
      log_ << "tdm: warning: remote store " << store.backend->location().shown
           << ": tablespace copies refused: " << displayable(error.what()) << "\n";
    } catch (const fs::filesystem_error& error) {  // the local cache, not the store, failed
      log_ << "tdm: warning: tablespace copies not fetched: " << displayable(error.what()) << "\n";
      return false;
    }
  }
  return false;
}

void RemoteStores::upload_tablespaces(const TablespaceEntryId& id,
                                      const TablespaceCacheEntry& entry) {
  for (Store& store : backends_) {
    if (store.down || store.backend->location().read_only) continue;
    Backend& backend = *store.backend;
    try {
      // Copies this process refused are replaced whole; intact ones are kept.
      const bool replace = store.refused.count(manifest_key(id)) > 0;
      if (!replace && backend.exists(manifest_key(id))) continue;
      for (const CachedTablespace& copy : entry.tablespaces) {
        for (const CachedFile* file : {&copy.ibd, &copy.cfg}) {
          if (replace || !backend.exists(file_key(id, file->sha256))) {
            backend.put(file_key(id, file->sha256), file->path);
          }
        }
      }
      TemporaryFile manifest(temporary_sibling(fs::temp_directory_path() / "tdm-tablespaces.json"));
      atomic_write_file(manifest.path(), manifest_text(id, entry), Durability::kUnsynced);
      backend.put(manifest_key(id), manifest.path());  // last: it vouches for the files
      log_ << "tdm: uploaded tablespace copies of " << entry.tablespaces.size() << " tables of "
           << id.payload_path.filename().string() << " to " << backend.location().shown << "\n";
    } catch (const Error& error) {  // the local cache is kept; the store only missed it
      warn(store, error.what());
    }
  }
}

}  // namespace tdm::storage
