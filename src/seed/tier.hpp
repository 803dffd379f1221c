#pragma once

#include <string>
#include <vector>

#include "core/environment.hpp"
#include "policy/settings.hpp"

namespace tdm {

// A fixture's tiers: one data model seeded at several sizes (e.g. minimal, realistic,
// performance), each its own snapshot. The seed command learns its tier from TDM_TIER.
struct TierFlags {
  std::vector<std::string> tiers;  // --tiers; empty: the fixture has no tiers
  std::string default_tier;        // --default-tier; empty: the first of `tiers`
  std::string tier;                // --tier: chosen explicitly (build rules), wins over TDM_TIER
};

// Which tier a command works on, and where that came from (for `tdm config`).
struct TierChoice {
  std::string tier;  // "" for a fixture without tiers
  std::string source;
};

// --tier when given, else (only for a fixture with tiers) TDM_TIER, else the default tier.
// Throws Error(kInvalidInput) for a tier name that is not letters, digits, '_' and '-', for a
// tier that is not one of `tiers` (naming the ones there are), and for a default tier that is
// not one of them.
TierChoice choose_tier(const TierFlags& flags, const Environment& env,
                       const std::string& fixture_name);

// `text` with every "@TIER@" replaced by `tier`: how SQL directories and inputs vary by tier.
std::string with_tier(std::string text, const std::string& tier);

SettingOrigin tier_origin(const TierChoice& choice);

}  // namespace tdm
