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

namespace {

// The raw text of one setting: the flag when given, else the first environment name set.
struct RawSetting {
  std::optional<std::string> text;
  std::string source = "default";
};

// How a flag is named in an origin: "flag --mode", or "CMake MODE" when tdm_add_snapshot wrote
// it (`cmake_name` empty: CMake never writes this flag).
struct FlagName {
  const char* flag;
  const char* cmake_name;
};

std::string flag_source(const FlagName& name, bool from_cmake) {
  if (from_cmake && *name.cmake_name) {
    return std::string("CMake tdm_add_snapshot(") + name.cmake_name + ")";
  }
  return std::string("flag ") + name.flag;
}

RawSetting raw_setting(const std::string& flag_value, const std::string& flag_source,
                       std::initializer_list<const char*> env_names, const Environment& env) {
  if (!flag_value.empty()) return {flag_value, flag_source};
  for (const char* name : env_names) {
    if (auto value = env.get(name)) return {value, std::string("environment ") + name};
  }
  return {};
}

RawSetting raw_setting(const std::optional<bool>& flag, const std::string& flag_source,
                       std::initializer_list<const char*> env_names, const Environment& env) {
  return raw_setting(flag ? std::string(*flag ? "1" : "0") : std::string(), flag_source, env_names,
                     env);
}

bool resolve_bool(const RawSetting& raw, bool fallback, const char* what) {
  return raw.text ? parse_bool(*raw.text, what) : fallback;
}

std::string yes_no(bool value) {
  return value ? "on" : "off";
}

}  // namespace

PolicySettings resolve_policy(const PolicyFlags& flags, const Environment& env) {
  PolicySettings settings;
  auto from = [&](const char* flag, const char* cmake_name) {
    return flag_source({flag, cmake_name}, flags.from_cmake);
  };
  RawSetting mode =
      raw_setting(flags.mode, from("--mode", "MODE"), {"TDM_MODE", "TEST_DATA_MODE"}, env);
  if (mode.text) settings.mode = parse_mode(*mode.text);
  settings.origins.push_back({"mode", to_string(settings.mode), mode.source});

  RawSetting age = raw_setting(flags.max_age, from("--max-age", "MAX_AGE"),
                               {"TDM_MAX_AGE", "SNAPSHOT_MAX_AGE"}, env);
  if (age.text) settings.max_age = parse_duration(*age.text);
  settings.origins.push_back({"max age", format_duration(settings.max_age), age.source});

  RawSetting capture = raw_setting(flags.capture, from("--capture/--no-capture", ""),
                                   {"TDM_CAPTURE", "CAPTURE_SNAPSHOT"}, env);
  settings.capture_after_seed = resolve_bool(capture, settings.mode == Mode::kAuto, "TDM_CAPTURE");
  settings.origins.push_back({"capture after seeding", yes_no(settings.capture_after_seed),
                              capture.text ? capture.source : "default (on in AUTO only)"});

  RawSetting on_success =
      raw_setting(flags.capture_on_success, from("--capture-on-success", "CAPTURE_ON_SUCCESS"),
                  {"TDM_CAPTURE_ON_SUCCESS", "CAPTURE_SNAPSHOT_ON_SUCCESS"}, env);
  settings.capture_on_success = resolve_bool(on_success, false, "TDM_CAPTURE_ON_SUCCESS");
  settings.origins.push_back(
      {"capture on success", yes_no(settings.capture_on_success), on_success.source});

  RawSetting strict = raw_setting(flags.strict, from("--strict", "STRICT"), {"TDM_STRICT"}, env);
  settings.strict = resolve_bool(strict, false, "TDM_STRICT");
  settings.origins.push_back({"strict", yes_no(settings.strict), strict.source});
  return settings;
}

}  // namespace tdm
