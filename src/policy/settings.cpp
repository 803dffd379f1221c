#include "policy/settings.hpp"

#include <charconv>

#include "core/enum_names.hpp"
#include "core/error.hpp"

namespace tdm {

namespace {

constexpr EnumNames<Mode, 3> kModeNames{
    {{{Mode::kAuto, "AUTO"}, {Mode::kDynamic, "DYNAMIC"}, {Mode::kSnapshot, "SNAPSHOT"}}}};

constexpr EnumNames<bool, 8> kBoolNames{{{{true, "1"},
                                          {true, "true"},
                                          {true, "yes"},
                                          {true, "on"},
                                          {false, "0"},
                                          {false, "false"},
                                          {false, "no"},
                                          {false, "off"}}}};

}  // namespace

std::string to_string(Mode mode) {
  return kModeNames.name(mode);
}

Mode parse_mode(std::string_view text) {
  if (auto mode = kModeNames.find(text, /*ignore_case=*/true)) return *mode;
  throw Error(ExitCode::kInvalidInput, "unknown mode '" + std::string(text) + "'",
              "use AUTO, DYNAMIC or SNAPSHOT (--mode or TDM_MODE)");
}

std::chrono::seconds parse_duration(std::string_view text) {
  long long amount = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), amount);
  std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  long long scale = 0;
  if (unit.empty() || unit == "s")
    scale = 1;
  else if (unit == "m")
    scale = 60;
  else if (unit == "h")
    scale = 3600;
  else if (unit == "d")
    scale = 86400;
  else if (unit == "w")
    scale = 7 * 86400;
  if (error != std::errc() || amount < 0 || scale == 0) {
    throw Error(ExitCode::kInvalidInput, "invalid duration '" + std::string(text) + "'",
                "write a number with an optional unit s, m, h, d or w (e.g. 7d, 12h)");
  }
  return std::chrono::seconds(amount * scale);
}

std::string format_duration(std::chrono::seconds duration) {
  long long seconds = duration.count();
  if (seconds < 60) return std::to_string(seconds) + "s";
  if (seconds < 3600) return std::to_string(seconds / 60) + "m";
  if (seconds < 86400) {
    long long minutes = (seconds % 3600) / 60;
    return std::to_string(seconds / 3600) + "h" +
           (minutes ? " " + std::to_string(minutes) + "m" : "");
  }
  long long hours = (seconds % 86400) / 3600;
  return std::to_string(seconds / 86400) + "d" + (hours ? " " + std::to_string(hours) + "h" : "");
}

bool parse_bool(std::string_view text, std::string_view what) {
  if (auto value = kBoolNames.find(text, /*ignore_case=*/true)) return *value;
  throw Error(ExitCode::kInvalidInput,
              std::string(what) + "='" + std::string(text) + "' is not a yes/no value",
              "use 1/0, true/false, yes/no or on/off");
}

PolicySettings resolve_policy(const PolicyFlags& flags, const Environment& env) {
  PolicySettings settings;
  if (!flags.mode.empty())
    settings.mode = parse_mode(flags.mode);
  else if (auto mode = env.get({"TDM_MODE", "TEST_DATA_MODE"}))
    settings.mode = parse_mode(*mode);

  if (!flags.max_age.empty())
    settings.max_age = parse_duration(flags.max_age);
  else if (auto age = env.get({"TDM_MAX_AGE", "SNAPSHOT_MAX_AGE"})) {
    settings.max_age = parse_duration(*age);
  }

  settings.capture_after_seed = settings.mode == Mode::kAuto;
  if (flags.capture)
    settings.capture_after_seed = *flags.capture;
  else if (auto capture = env.get({"TDM_CAPTURE", "CAPTURE_SNAPSHOT"})) {
    settings.capture_after_seed = parse_bool(*capture, "TDM_CAPTURE");
  }

  if (flags.capture_on_success)
    settings.capture_on_success = *flags.capture_on_success;
  else if (auto on_success = env.get({"TDM_CAPTURE_ON_SUCCESS", "CAPTURE_SNAPSHOT_ON_SUCCESS"})) {
    settings.capture_on_success = parse_bool(*on_success, "TDM_CAPTURE_ON_SUCCESS");
  }
  return settings;
}

}  // namespace tdm
