#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "policy/settings.hpp"
#include "snapshot/metadata.hpp"

namespace tdm {

// What bootstrap found for the fixture: a snapshot's metadata, or why there is none usable.
struct SnapshotCandidate {
  std::string id;
  std::optional<SnapshotMetadata> metadata;  // nullopt: `problem` says why
  std::string problem;
};

struct DecisionInput {
  Mode mode = Mode::kAuto;
  std::string name;  // fixture name the snapshot must be of
  std::chrono::seconds max_age{0};
  std::optional<SnapshotCandidate> candidate;  // nullopt: no snapshot of this name at all
  std::string current_hash;                    // data-model hash of the inputs now
  std::string change_summary;  // e.g. "seeders/UserSeeder.php changed" when hashes differ
  std::int64_t now_ms = 0;
};

enum class Action { kRestore, kSeed, kFail };

struct Decision {
  Action action = Action::kSeed;
  std::string line;  // the one-line log, e.g. "AUTO: snapshot app-1.0.0-3f2a9c stale: ..."
  std::string fix;   // for kFail: what the user can do
};

// The decision flow: exists -> metadata -> age -> hash. Pure: no I/O, so every
// branch is unit-tested. DYNAMIC always seeds; AUTO falls back to seeding on any problem;
// SNAPSHOT fails naming the problem (age alone does not stop it: max age is AUTO's rule).
Decision decide(const DecisionInput& input);

}  // namespace tdm
