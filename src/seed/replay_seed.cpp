#include "seed/replay_seed.hpp"

#include <charconv>

#include "core/error.hpp"
#include "hashing/sha256.hpp"

namespace tdm {

namespace {

ReplaySeed parse_replay_seed(const std::string& text, const std::string& source) {
  ReplaySeed value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      value > kMaxReplaySeed) {
    throw Error(ExitCode::kInvalidInput, source + " '" + text + "' is not a seed",
                "give an integer from 0 to " + std::to_string(kMaxReplaySeed) + ", e.g. 1234");
  }
  return value;
}

}  // namespace

ReplaySeed default_replay_seed(const std::string& fixture_name, const std::string& tier) {
  // 31 bits of the name's digest: a small number people can read and type back. A fixture
  // without tiers keeps the seed it had before tiers existed.
  const std::string subject = tier.empty() ? fixture_name : fixture_name + " tier " + tier;
  const std::string digest = sha256_hex("tdm seed of " + subject);
  return std::stoull(digest.substr(0, 8), nullptr, 16) & 0x7fffffff;
}

ReplaySeed replay_seed(const std::string& flag, const Environment& env,
                       const std::string& fixture_name, const std::string& tier) {
  if (!flag.empty()) return parse_replay_seed(flag, "--seed");
  if (auto text = env.get("TDM_SEED")) return parse_replay_seed(*text, "TDM_SEED");
  return default_replay_seed(fixture_name, tier);
}

SettingOrigin replay_seed_origin(const std::string& flag, bool from_cmake, const Environment& env,
                                 const std::string& fixture_name, const std::string& tier) {
  ReplaySeed value = replay_seed(flag, env, fixture_name, tier);
  std::string source =
      tier.empty() ? "default of the fixture name" : "default of the fixture name and tier";
  if (!flag.empty()) {
    source = from_cmake ? "CMake tdm_add_snapshot(SEED)" : "flag --seed";
  } else if (env.get("TDM_SEED")) {
    source = "environment TDM_SEED";
  }
  return {"seed", std::to_string(value), source};
}

}  // namespace tdm
