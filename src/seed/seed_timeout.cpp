#include "seed/seed_timeout.hpp"

#include "core/error.hpp"

namespace tdm {

namespace {

std::chrono::seconds parse_seed_timeout(const std::string& text, const std::string& source) {
  try {
    return parse_duration(text);
  } catch (const Error&) {
    throw Error(ExitCode::kInvalidInput, source + " '" + text + "' is not a duration",
                "write a number of seconds or one with a unit s, m, h, d or w, e.g. 30m or 2h "
                "(0: no limit)");
  }
}

}  // namespace

std::chrono::seconds seed_timeout(const std::string& flag, const Environment& env) {
  if (!flag.empty()) return parse_seed_timeout(flag, "--seed-timeout");
  if (auto text = env.get("TDM_SEED_TIMEOUT")) return parse_seed_timeout(*text, "TDM_SEED_TIMEOUT");
  return kDefaultSeedTimeout;
}

SettingOrigin seed_timeout_origin(const std::string& flag, bool from_cmake,
                                  const Environment& env) {
  std::chrono::seconds value = seed_timeout(flag, env);
  std::string source = "default";
  if (!flag.empty()) {
    source = from_cmake ? "CMake tdm_add_snapshot(SEED_TIMEOUT)" : "flag --seed-timeout";
  } else if (env.get("TDM_SEED_TIMEOUT")) {
    source = "environment TDM_SEED_TIMEOUT";
  }
  return {"seed timeout", value.count() == 0 ? "none" : format_duration(value), source};
}

}  // namespace tdm
