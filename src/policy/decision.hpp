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
  // The payload of this id (its name carries the current hash) is there, its metadata file is
  // not: the payload can still verify itself, but nothing vouches for its data-model hash.
  bool metadata_missing = false;
};

struct DecisionInput {
  Mode mode = Mode::kAuto;
  std::string name;  // fixture name the snapshot must be of
  std::string tier;  // ... and its tier ("": a fixture without tiers)
  std::chrono::seconds max_age{0};
  std::optional<SnapshotCandidate> candidate;  // nullopt: no snapshot of this name at all
  std::string current_hash;                    // data-model hash of the inputs now
  std::string change_summary;     // e.g. "seeders/UserSeeder.php changed" when hashes differ
  std::uint64_t replay_seed = 0;  // TDM_SEED this run seeds with; another recorded one is stale
  std::int64_t now_ms = 0;
  // Never seed in SNAPSHOT mode and never restore a stale snapshot or one without metadata:
  // fail instead (CI jobs that must use exactly the snapshot they were given).
  bool strict = false;
};

enum class Action {
  kRestore,
  kRestoreWithoutMetadata,  // the payload only, once its own checksum section verifies it
  kSeed,
  kFail,
};

struct Decision {
  Action action = Action::kSeed;
  std::string line;  // the one-line log, e.g. "AUTO: snapshot app-1.0.0-3f2a9c stale: ..."
  std::string fix;   // for kFail: what the user can do
};

// The decision flow: exists -> metadata -> age -> hash. Pure: no I/O, so every branch is
// unit-tested. Tests never fail for want of a snapshot unless `strict` asks for it:
//  - DYNAMIC always seeds.
//  - AUTO restores a snapshot whose metadata says it is younger than the max age and matches
//    the inputs' hash; a payload without metadata is restored with a warning (strict: seeds);
//    anything else seeds.
//  - SNAPSHOT restores what exists, stale or old, with a warning; with nothing usable it falls
//    back to seeding with a warning. Strict: a stale, missing or unusable snapshot fails.
// A snapshot with malformed or foreign metadata is unusable in every mode, never restored.
Decision decide(const DecisionInput& input);

}  // namespace tdm
