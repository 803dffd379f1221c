#include "snapshot/metadata.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "core/error.hpp"
#include "core/files.hpp"

namespace tdm {

using nlohmann::json;

namespace {

[[noreturn]] void malformed(const std::string& source, const std::string& why) {
  throw Error(ExitCode::kSnapshot, "malformed snapshot metadata " + source + ": " + why,
              "delete the snapshot and its .meta.json, then re-create it "
              "('tdm snapshot create' or 'cmake --build . --target snapshot')");
}

template <typename T>
T field(const json& object, const char* key, const std::string& source) {
  auto found = object.find(key);
  if (found == object.end()) malformed(source, std::string("missing field '") + key + "'");
  try {
    return found->get<T>();
  } catch (const json::exception&) {
    malformed(source, std::string("field '") + key + "' has the wrong type");
  }
}

}  // namespace

std::uint64_t SnapshotMetadata::total_rows() const {
  std::uint64_t rows = 0;
  for (const auto& table : tables) rows += table.rows;
  return rows;
}

json to_json(const SnapshotMetadata& m) {
  json tables = json::array();
  for (const auto& table : m.tables) tables.push_back({{"name", table.name}, {"rows", table.rows}});
  char megabytes[32];
  std::snprintf(megabytes, sizeof megabytes, "%.2f",
                static_cast<double>(m.file_size_bytes) / (1024.0 * 1024.0));
  return json{{"formatVersion", m.format_version},
              {"name", m.name},
              {"version", m.version},
              {"database", m.database},
              {"dataModelHash", m.data_model_hash},
              {"inputManifest", m.input_manifest},
              {"createdAt", m.created_at_ms},
              {"createdAtISO", m.created_at_iso},
              {"durationSeconds", m.duration_seconds},
              {"fileSizeBytes", m.file_size_bytes},
              {"fileSizeMB", std::stod(megabytes)},
              {"capturedVia", m.captured_via},
              {"bootstrapMode", m.bootstrap_mode},
              {"payloadFile", m.payload_file},
              {"payloadSha256", m.payload_sha256},
              {"serverVersion", m.server_version},
              {"tdmVersion", m.tdm_version},
              {"tables", tables}};
}

SnapshotMetadata metadata_from_json(const json& j, const std::string& source) {
  if (!j.is_object()) malformed(source, "not a JSON object");
  SnapshotMetadata m;
  m.format_version = field<int>(j, "formatVersion", source);
  m.name = field<std::string>(j, "name", source);
  m.version = field<std::string>(j, "version", source);
  m.database = field<std::string>(j, "database", source);
  m.data_model_hash = field<std::string>(j, "dataModelHash", source);
  m.input_manifest = field<std::map<std::string, std::string>>(j, "inputManifest", source);
  m.created_at_ms = field<std::int64_t>(j, "createdAt", source);
  m.created_at_iso = field<std::string>(j, "createdAtISO", source);
  m.duration_seconds = field<double>(j, "durationSeconds", source);
  m.file_size_bytes = field<std::uint64_t>(j, "fileSizeBytes", source);
  m.captured_via = field<std::string>(j, "capturedVia", source);
  m.bootstrap_mode = field<std::string>(j, "bootstrapMode", source);
  m.payload_file = field<std::string>(j, "payloadFile", source);
  m.payload_sha256 = field<std::string>(j, "payloadSha256", source);
  m.server_version = field<std::string>(j, "serverVersion", source);
  m.tdm_version = field<std::string>(j, "tdmVersion", source);
  for (const auto& table : field<json>(j, "tables", source)) {
    m.tables.push_back(
        {field<std::string>(table, "name", source), field<std::uint64_t>(table, "rows", source)});
  }
  if (m.payload_file.empty() || m.payload_file.find('/') != std::string::npos) {
    malformed(source, "payloadFile must be a plain file name");
  }
  if (m.payload_sha256.size() != 64) malformed(source, "payloadSha256 is not a SHA-256");
  return m;
}

namespace {

json read_metadata_json(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) {
    throw Error(ExitCode::kSnapshot, "snapshot metadata " + path.string() + " does not exist",
                "list the snapshots with 'tdm snapshot list' or create one");
  }
  json parsed = json::parse(read_file(path), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) malformed(path.string(), "not valid JSON");
  return parsed;
}

}  // namespace

SnapshotMetadata read_metadata(const std::filesystem::path& path) {
  return metadata_from_json(read_metadata_json(path), path.string());
}

Manifest read_input_manifest(const std::filesystem::path& path) {
  constexpr const char* kInputManifestField = "inputManifest";
  json parsed = read_metadata_json(path);
  if (!parsed.is_object()) malformed(path.string(), "not a JSON object");
  auto found = parsed.find(kInputManifestField);
  if (found == parsed.end()) {
    throw Error(ExitCode::kSnapshot,
                "snapshot metadata " + path.string() + " has no \"" + kInputManifestField + "\"",
                "recreate the snapshot with this version of tdm");
  }
  return manifest_from_json(*found, path.string() + " \"" + kInputManifestField + "\"");
}

void write_metadata(const std::filesystem::path& path, const SnapshotMetadata& metadata) {
  // Not synced, as its payload is not (payload_writer.cpp): metadata lost or emptied by a
  // power loss reads as an unusable snapshot, which AUTO mode captures again.
  atomic_write_file(path, to_json(metadata).dump(2) + "\n", Durability::kUnsynced);
}

std::string iso_utc(std::int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(epoch_ms % 1000));
  return text;
}

std::int64_t now_epoch_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace tdm
