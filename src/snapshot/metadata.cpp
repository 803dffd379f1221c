#include "snapshot/metadata.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/error.hpp"
#include "core/files.hpp"
#include "hashing/manifest.hpp"

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

// The format of a metadata object, when it names one as an integer.
std::optional<int> format_of(const json& object) {
  if (!object.is_object()) return std::nullopt;
  auto found = object.find("formatVersion");
  if (found == object.end() || !found->is_number_integer()) return std::nullopt;
  return found->get<int>();
}

// A newer tdm may have changed any other field: nothing of such metadata is trusted.
[[noreturn]] void newer_format(const std::string& source, const json& object, int format) {
  auto version = object.find("tdmVersion");
  std::string maker =
      version != object.end() && version->is_string() ? version->get<std::string>() : "";
  throw Error(ExitCode::kSnapshot,
              "snapshot metadata " + source + " was made by a newer tdm" +
                  (maker.empty() ? "" : " " + maker) + " (metadata format " +
                  std::to_string(format) + "; this is tdm " TDM_VERSION ", which reads format " +
                  std::to_string(SnapshotMetadata::kFormatVersion) + ")",
              "use tdm " + (maker.empty() ? std::string("of that version") : maker) +
                  " or newer with this snapshot directory, or give this one another --dir");
}

std::optional<json> parse_file(const std::filesystem::path& path, std::string& problem) {
  std::error_code error;
  std::filesystem::file_status status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found) {
    problem = "does not exist";
    return std::nullopt;
  }
  if (error) {
    problem = "cannot be examined (" + error.message() + ")";
    return std::nullopt;
  }
  if (status.type() != std::filesystem::file_type::regular) {
    problem = "is not a regular file";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  if (in) content << in.rdbuf();
  if (!in) {
    problem = std::string("cannot be read (") + std::strerror(errno) + ")";
    return std::nullopt;
  }
  json parsed = json::parse(content.str(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    problem = "is not valid JSON";
    return std::nullopt;
  }
  return parsed;
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
  json j{{"formatVersion", m.format_version},
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
  if (m.seed) j["seed"] = *m.seed;
  if (!m.schema_fingerprint.empty()) j["schemaFingerprint"] = m.schema_fingerprint;
  // Only when there is one: metadata of a fixture without tiers stays as it always was.
  if (!m.tier.empty()) j["tier"] = m.tier;
  return j;
}

SnapshotMetadata metadata_from_json(const json& j, const std::string& source) {
  if (!j.is_object()) malformed(source, "not a JSON object");
  SnapshotMetadata m;
  m.format_version = field<int>(j, "formatVersion", source);
  require_known_format(j, source);  // before any other field: a newer tdm may change them
  m.name = field<std::string>(j, "name", source);
  m.version = field<std::string>(j, "version", source);
  m.database = field<std::string>(j, "database", source);
  m.data_model_hash = field<std::string>(j, "dataModelHash", source);
  m.input_manifest = field<std::map<std::string, std::string>>(j, "inputManifest", source);
  if (j.contains("seed")) m.seed = field<std::uint64_t>(j, "seed", source);
  if (j.contains("schemaFingerprint")) {
    m.schema_fingerprint = field<std::string>(j, "schemaFingerprint", source);
  }
  if (j.contains("tier")) m.tier = field<std::string>(j, "tier", source);
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
  // Capture computes the one from the other: a mismatch is damage, or a field copied from
  // another snapshot's metadata, and the snapshot cannot say what it holds.
  if (Manifest{m.input_manifest}.data_model_hash() != m.data_model_hash) {
    malformed(source, "its dataModelHash " + m.data_model_hash.substr(0, 12) +
                          " is not the hash of its own inputManifest (corrupt, or taken from "
                          "another snapshot's metadata)");
  }
  return m;
}

void require_known_format(const json& j, const std::string& source) {
  std::optional<int> format = format_of(j);
  if (format && *format > SnapshotMetadata::kFormatVersion) newer_format(source, j, *format);
}

namespace {

json read_metadata_json(const std::filesystem::path& path) {
  std::string problem;
  std::optional<json> parsed = parse_file(path, problem);
  if (!parsed && problem == "does not exist") {
    throw Error(ExitCode::kSnapshot, "snapshot metadata " + path.string() + " does not exist",
                "list the snapshots with 'tdm snapshot list' or create one");
  }
  if (!parsed) malformed(path.string(), "it " + problem);
  return *parsed;
}

}  // namespace

SnapshotMetadata read_metadata(const std::filesystem::path& path) {
  return metadata_from_json(read_metadata_json(path), path.string());
}

Manifest read_input_manifest(const std::filesystem::path& path) {
  constexpr const char* kInputManifestField = "inputManifest";
  json parsed = read_metadata_json(path);
  if (!parsed.is_object()) malformed(path.string(), "not a JSON object");
  require_known_format(parsed, path.string());
  auto found = parsed.find(kInputManifestField);
  if (found == parsed.end()) {
    throw Error(ExitCode::kSnapshot,
                "snapshot metadata " + path.string() + " has no \"" + kInputManifestField + "\"",
                "recreate the snapshot with this version of tdm");
  }
  return manifest_from_json(*found, path.string() + " \"" + kInputManifestField + "\"");
}

bool is_newer_metadata(const std::filesystem::path& path) {
  std::string ignored;
  std::optional<json> parsed = parse_file(path, ignored);
  std::optional<int> format = parsed ? format_of(*parsed) : std::nullopt;
  return format && *format > SnapshotMetadata::kFormatVersion;
}

void write_metadata(const std::filesystem::path& path, const SnapshotMetadata& metadata) {
  // Not synced, as its payload is not (payload_writer.cpp): metadata lost or emptied by a
  // power loss reads as an unusable snapshot, which AUTO mode captures again.
  try {
    atomic_write_file(path, to_json(metadata).dump(2) + "\n", Durability::kUnsynced);
  } catch (const Error& error) {
    // What cannot be written into the snapshot directory fails the snapshot, as its payload
    // does (exit code kSnapshot), not the user's input.
    if (error.code() != ExitCode::kInvalidInput) throw;
    throw Error(ExitCode::kSnapshot, error.what());
  }
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
