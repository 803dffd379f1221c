#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/environment.hpp"

namespace tdm {

// How bootstrap brings a database to the snapshot state (TDM_MODE, alias TEST_DATA_MODE).
enum class Mode {
  kAuto,      // restore a fresh, matching snapshot; otherwise seed and capture
  kDynamic,   // always migrate + seed
  kSnapshot,  // restore, and fail with the reason when the snapshot cannot be used
};

std::string to_string(Mode mode);
Mode parse_mode(std::string_view text);  // case-insensitive; Error(kInvalidInput) otherwise

// "7d", "12h", "30m", "45s", "1w" or a plain number of seconds.
std::chrono::seconds parse_duration(std::string_view text);
std::string format_duration(std::chrono::seconds duration);  // "2d 3h", "5m", "12s"

bool parse_bool(std::string_view text, std::string_view what);  // 1/0 true/false yes/no on/off

// Where one effective setting came from, for `tdm config`: "flag --mode",
// "environment TEST_DATA_MODE", "default".
struct SettingOrigin {
  std::string setting;  // "mode", "max age", ...
  std::string value;    // as it is used, e.g. "AUTO", "7d"
  std::string source;
};

// The policy of one bootstrap/teardown. Command-line flags (which is how CMake's MODE,
// MAX_AGE and STRICT reach tdm) win over the environment, whose TDM_* names win over the
// aliases TEST_DATA_MODE, SNAPSHOT_MAX_AGE, CAPTURE_SNAPSHOT, CAPTURE_SNAPSHOT_ON_SUCCESS.
struct PolicySettings {
  Mode mode = Mode::kAuto;
  std::chrono::seconds max_age = std::chrono::hours(24 * 7);
  bool capture_after_seed = true;  // default: on in AUTO, off in DYNAMIC
  bool capture_on_success = false;
  bool strict = false;                 // see DecisionInput::strict
  std::vector<SettingOrigin> origins;  // one per setting above, in that order
};

struct PolicyFlags {  // empty: not given on the command line
  std::string mode = {};
  std::string max_age = {};
  std::optional<bool> capture = {};
  std::optional<bool> capture_on_success = {};
  std::optional<bool> strict = {};
  // The flags above were written by tdm_add_snapshot from its MODE, MAX_AGE and STRICT
  // arguments: origins then name those.
  bool from_cmake = false;
};

PolicySettings resolve_policy(const PolicyFlags& flags, const Environment& env);

}  // namespace tdm
