#include "seed/tier.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "snapshot/selector.hpp"

namespace tdm {

namespace {

constexpr std::string_view kTierPlaceholder = "@TIER@";

std::string joined(const std::vector<std::string>& tiers) {
  std::string text;
  for (const std::string& tier : tiers) text += (text.empty() ? "" : ", ") + tier;
  return text;
}

void require_tier_name(const std::string& tier, const std::string& source) {
  if (!is_tier_name(tier)) {
    throw Error(ExitCode::kInvalidInput, source + " '" + tier + "' is not a tier name",
                "use letters, digits, '_' and '-', e.g. minimal");
  }
}

// The tier must be one the fixture declares: a typo must not seed a data set nobody asked for.
void require_declared(const std::string& tier, const std::string& source,
                      const std::vector<std::string>& tiers, const std::string& fixture_name) {
  if (std::find(tiers.begin(), tiers.end(), tier) == tiers.end()) {
    throw Error(ExitCode::kInvalidInput,
                source + " '" + tier + "' is not a tier of fixture '" + fixture_name + "'",
                "use one of its tiers: " + joined(tiers));
  }
}

}  // namespace

TierChoice choose_tier(const TierFlags& flags, const Environment& env,
                       const std::string& fixture_name) {
  for (const std::string& tier : flags.tiers) require_tier_name(tier, "--tiers entry");
  TierChoice choice;
  if (!flags.tier.empty()) {
    choice = {flags.tier, "flag --tier"};
  } else if (flags.tiers.empty()) {
    return {"", "the fixture has no tiers"};
  } else if (auto from_env = env.get("TDM_TIER")) {
    choice = {*from_env, "environment TDM_TIER"};
  } else if (!flags.default_tier.empty()) {
    require_declared(flags.default_tier, "--default-tier", flags.tiers, fixture_name);
    return {flags.default_tier, "default tier"};
  } else {
    return {flags.tiers.front(), "default tier (the first)"};
  }
  const std::string source = choice.source == "flag --tier" ? "--tier" : "TDM_TIER";
  require_tier_name(choice.tier, source);
  if (!flags.tiers.empty()) require_declared(choice.tier, source, flags.tiers, fixture_name);
  return choice;
}

std::string with_tier(std::string text, const std::string& tier) {
  for (auto at = text.find(kTierPlaceholder); at != std::string::npos;
       at = text.find(kTierPlaceholder, at + tier.size())) {
    text.replace(at, kTierPlaceholder.size(), tier);
  }
  return text;
}

SettingOrigin tier_origin(const TierChoice& choice) {
  return {"tier", choice.tier.empty() ? "(none)" : choice.tier, choice.source};
}

}  // namespace tdm
