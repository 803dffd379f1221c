#pragma once

#include <cstdint>
#include <string>

#include "core/environment.hpp"
#include "policy/settings.hpp"

namespace tdm {

// The integer a seed command seeds its random generators from (TDM_SEED in its environment):
// the same inputs and the same seed give the same data, and a run can be replayed.
using ReplaySeed = std::uint64_t;

// The largest seed: JavaScript's largest exact integer, so every seeder reads it unchanged.
constexpr ReplaySeed kMaxReplaySeed = (ReplaySeed{1} << 53) - 1;

// The seed of a fixture nobody chose one for: fixed per fixture name and tier, different between
// fixtures and tiers (so two data sets are not accidentally correlated). Without a tier ("")
// it is the seed of the name alone.
ReplaySeed default_replay_seed(const std::string& fixture_name, const std::string& tier = "");

// `flag` (--seed, which is how CMake's SEED reaches tdm) when given, else $TDM_SEED, else the
// fixture's default. Throws Error(kInvalidInput) naming where a value that is not an integer
// from 0 to kMaxReplaySeed came from.
ReplaySeed replay_seed(const std::string& flag, const Environment& env,
                       const std::string& fixture_name, const std::string& tier = "");

// The same, as `tdm config` shows it: "seed: 1234  (environment TDM_SEED)". `from_cmake`: the
// flag was written by tdm_add_snapshot from its SEED argument.
SettingOrigin replay_seed_origin(const std::string& flag, bool from_cmake, const Environment& env,
                                 const std::string& fixture_name, const std::string& tier = "");

}  // namespace tdm
