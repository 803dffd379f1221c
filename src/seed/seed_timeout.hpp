#pragma once

#include <chrono>
#include <string>

#include "core/environment.hpp"
#include "policy/settings.hpp"

namespace tdm {

// How long a seed command may run before it is ended with everything it started.
constexpr std::chrono::seconds kDefaultSeedTimeout = std::chrono::hours(1);

// The seed command's time limit: `flag` (--seed-timeout) when given, else $TDM_SEED_TIMEOUT,
// else one hour; "90s", "30m", "2h" or a number of seconds; 0: no limit. Throws
// Error(kInvalidInput) naming where a malformed value came from.
std::chrono::seconds seed_timeout(const std::string& flag, const Environment& env);

// The same, as `tdm config` shows it: "seed timeout: 1h  (default)". `from_cmake`: the flag was
// written by tdm_add_snapshot from its SEED_TIMEOUT argument.
SettingOrigin seed_timeout_origin(const std::string& flag, bool from_cmake, const Environment& env);

}  // namespace tdm
