#pragma once

#include <string>
#include <string_view>

namespace tdm {

// How a user names a snapshot: `name[@version][:tier]`, e.g. `app@1.0.0:realistic`,
// `app:minimal`, `app@1.1.0`. Ids are never split apart: `my-app-realistic-1.0.0-rc.1-…` could
// be read several ways, a selector only one.
struct SnapshotSelector {
  std::string name;
  std::string version;  // "": any version
  std::string tier;     // "": the fixture's only tier, or none (see SnapshotStore::selected)

  std::string text() const;  // the selector as a user writes it
};

// Throws Error(kInvalidInput) naming `text` and the spelling to use unless it is
// `name[@version][:tier]` with a fixture name, a semantic version and a tier name.
SnapshotSelector parse_selector(std::string_view text);

// Letters, digits, '_', '-' and '.', starting with a letter or digit: as tdm_add_snapshot.
bool is_fixture_name(std::string_view name);
// Letters, digits, '_' and '-'.
bool is_tier_name(std::string_view tier);
// MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], numbers without leading zeros.
bool is_semantic_version(std::string_view version);

// Throws Error(kInvalidInput) naming `origin` (e.g. "--version") unless `version` is a
// semantic version.
void require_semantic_version(std::string_view version, std::string_view origin);

}  // namespace tdm
