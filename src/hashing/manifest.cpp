#include "hashing/manifest.hpp"

#include "core/error.hpp"
#include "hashing/sha256.hpp"

namespace tdm {

namespace {

// How many changes describe_changes() names before "+N more".
constexpr std::size_t kChangesNamed = 2;

bool is_sha256_hex(const std::string& text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string describe(const InputChange& change) {
  return change.path + " " + to_string(change.kind);
}

}  // namespace

std::string Manifest::data_model_hash() const {
  Sha256 sha;
  for (const auto& [name, digest] : digests) {
    sha.update(name);
    sha.update(std::string_view("\0", 1));
    sha.update(digest);
    sha.update("\n");
  }
  return sha.hex_digest();
}

Manifest compute_manifest(const InputSet& inputs) {
  Manifest manifest;
  for (const InputFile& file : inputs.files) {
    manifest.digests.emplace(file.name, sha256_file_hex(file.path));
  }
  return manifest;
}

nlohmann::json to_json(const Manifest& manifest) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [name, digest] : manifest.digests) json[name] = digest;
  return json;
}

Manifest manifest_from_json(const nlohmann::json& json, const std::string& origin) {
  const std::string fix = "recreate it with 'tdm hash --manifest' or a new snapshot";
  if (!json.is_object()) {
    throw Error(ExitCode::kInvalidInput,
                origin + " is not a JSON object of input name -> SHA-256 digest", fix);
  }
  Manifest manifest;
  for (const auto& [name, value] : json.items()) {
    if (!value.is_string() || !is_sha256_hex(value.get_ref<const std::string&>())) {
      throw Error(ExitCode::kInvalidInput,
                  origin + ": the digest of '" + name + "' is not a SHA-256 hex string", fix);
    }
    manifest.digests.emplace(name, value.get<std::string>());
  }
  return manifest;
}

const char* to_string(InputChange::Kind kind) {
  switch (kind) {
    case InputChange::Kind::kAdded:
      return "added";
    case InputChange::Kind::kRemoved:
      return "removed";
    case InputChange::Kind::kChanged:
      return "changed";
  }
  return "changed";
}

std::vector<InputChange> diff_manifests(const Manifest& recorded, const Manifest& current) {
  using Kind = InputChange::Kind;
  std::vector<InputChange> changes;
  auto old_entry = recorded.digests.begin();
  auto new_entry = current.digests.begin();
  // Both maps are sorted by name: walk them side by side.
  while (old_entry != recorded.digests.end() || new_entry != current.digests.end()) {
    if (new_entry == current.digests.end() ||
        (old_entry != recorded.digests.end() && old_entry->first < new_entry->first)) {
      changes.push_back({old_entry->first, Kind::kRemoved});
      ++old_entry;
    } else if (old_entry == recorded.digests.end() || new_entry->first < old_entry->first) {
      changes.push_back({new_entry->first, Kind::kAdded});
      ++new_entry;
    } else {
      if (old_entry->second != new_entry->second) {
        changes.push_back({new_entry->first, Kind::kChanged});
      }
      ++old_entry;
      ++new_entry;
    }
  }
  return changes;
}

std::string describe_changes(const std::vector<InputChange>& changes) {
  if (changes.empty()) return "no input differs";
  if (changes.size() == 1) return describe(changes.front());
  std::string text = std::to_string(changes.size()) + " inputs differ (";
  for (std::size_t i = 0; i < changes.size() && i < kChangesNamed; ++i) {
    if (i > 0) text += ", ";
    text += describe(changes[i]);
  }
  if (changes.size() > kChangesNamed) {
    text += ", +" + std::to_string(changes.size() - kChangesNamed) + " more";
  }
  return text + ")";
}

}  // namespace tdm
