#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hashing/manifest.hpp"

namespace tdm {

// The `*.meta.json` beside a snapshot payload. It is written after the payload was
// renamed into place, and its rename is what commits a snapshot: it names its payload file
// (`<id>.<sha12>.tdm`, a name no other content has), so a metadata file always vouches for a
// whole payload; its payload checksum is checked again before every restore.
struct SnapshotMetadata {
  static constexpr int kFormatVersion = 1;

  int format_version = kFormatVersion;
  std::string name;             // fixture name, e.g. "app"
  std::string version;          // user's semver for the data set
  std::string tier;             // e.g. "realistic"; "" for a fixture without tiers
  std::string database;         // database the data was captured from
  std::string data_model_hash;  // of the inputs (migrations, seeders, factories)
  std::map<std::string, std::string> input_manifest;  // input path -> content digest
  // TDM_SEED the seed command ran with; nullopt: not recorded (a database captured as it was).
  std::optional<std::uint64_t> seed;
  std::int64_t created_at_ms = 0;
  std::string created_at_iso;
  double duration_seconds = 0;  // capture time
  std::uint64_t file_size_bytes = 0;
  std::string captured_via;    // "build", "bootstrap", "teardown", "cli"
  std::string bootstrap_mode;  // AUTO, DYNAMIC, SNAPSHOT, or "" outside bootstrap
  std::string payload_file;    // file name of the payload, beside the metadata
  std::string payload_sha256;
  std::string server_version;
  std::string tdm_version;
  // SHA-256 of every object definition and no rows (schema_fingerprint.hpp): two snapshots'
  // schemas compare without a restore. "": captured before it was recorded.
  std::string schema_fingerprint;
  struct Table {
    std::string name;
    std::uint64_t rows = 0;
  };
  std::vector<Table> tables;

  std::uint64_t total_rows() const;
};

nlohmann::json to_json(const SnapshotMetadata& metadata);

// Throws Error(kSnapshot) naming `source` and what is wrong: a missing or mistyped field, a
// format newer than this tdm reads ("made by a newer tdm X"), or a data-model hash that is not
// the hash of its own input manifest (corrupt, or pieced together from another snapshot's).
SnapshotMetadata metadata_from_json(const nlohmann::json& json, const std::string& source);

// Throws Error(kSnapshot) "... made by a newer tdm X" when `json` is metadata of a newer format
// than this tdm reads: for readers of single fields, which must not trust such metadata either.
void require_known_format(const nlohmann::json& json, const std::string& source);

// Throws as metadata_from_json, and Error(kSnapshot) when the file is missing, not a regular
// file or unreadable.
SnapshotMetadata read_metadata(const std::filesystem::path& path);
// Only the input manifest a metadata file records (`tdm hash --against`): read from metadata of
// any format up to this tdm's that has one. Throws Error(kSnapshot) when there is none or the
// format is newer, Error(kInvalidInput) when a digest in it is not a SHA-256.
Manifest read_input_manifest(const std::filesystem::path& path);

// Whether the metadata file at `path` is of a newer format than this tdm reads: a snapshot of
// a newer tdm, which this one must neither use, nor replace, nor delete.
bool is_newer_metadata(const std::filesystem::path& path);
void write_metadata(const std::filesystem::path& path, const SnapshotMetadata& metadata);

// "2026-11-24T13:09:42.123Z" for a time in milliseconds since the epoch.
std::string iso_utc(std::int64_t epoch_ms);
std::int64_t now_epoch_ms();

}  // namespace tdm
