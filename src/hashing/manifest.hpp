#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hashing/inputs.hpp"

namespace tdm {

// What the data model was built from: each input's name and the SHA-256 of its content.
struct Manifest {
  std::map<std::string, std::string> digests;  // input name -> sha256 hex of its content

  // SHA-256 over "name\0digest\n" for every entry in name order: renaming, adding, removing
  // or editing an input changes it; touching one (mtime only) does not.
  std::string data_model_hash() const;
};

Manifest compute_manifest(const InputSet& inputs);

// The JSON form is an object name -> digest (the snapshot metadata's "inputManifest").
nlohmann::json to_json(const Manifest& manifest);
// Throws Error(kInvalidInput) naming `origin` when the value is not such an object.
Manifest manifest_from_json(const nlohmann::json& json,
                            const std::string& origin = "input manifest");

struct InputChange {
  enum class Kind { kAdded, kRemoved, kChanged };
  std::string path;  // the input's name in the manifests
  Kind kind;

  friend bool operator==(const InputChange&, const InputChange&) = default;
};

const char* to_string(InputChange::Kind kind);  // "added", "removed", "changed"

// What differs from `recorded` to `current`, sorted by path.
std::vector<InputChange> diff_manifests(const Manifest& recorded, const Manifest& current);

// A short phrase for one-line logs: "seeders/UserSeeder.php changed", or
// "3 inputs differ (seeders/A.php changed, seeders/B.php added, +1 more)".
std::string describe_changes(const std::vector<InputChange>& changes);

}  // namespace tdm
