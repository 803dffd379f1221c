#include "seed/tier.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "seed/replay_seed.hpp"
#include "support/error_code.hpp"

namespace tdm {
namespace {

using testing::error_code_of;

const TierFlags kAppTiers{{"minimal", "realistic", "performance"}, "minimal", ""};

Environment tier_environment(const std::string& tier) {
  return Environment(std::map<std::string, std::string>{{"TDM_TIER", tier}});
}

std::string message_of(const TierFlags& flags, const Environment& env) {
  try {
    choose_tier(flags, env, "app");
  } catch (const Error& error) {
    return error.what();
  }
  return "no error";
}

TEST(Tier, WithoutTiersTheEnvironmentIsIgnored) {
  TierChoice choice = choose_tier({}, tier_environment("realistic"), "app");
  EXPECT_EQ(choice.tier, "");
  EXPECT_EQ(tier_origin(choice).value, "(none)");
}

TEST(Tier, TheDefaultTierUnlessTheEnvironmentNamesOne) {
  EXPECT_EQ(choose_tier(kAppTiers, Environment{}, "app").tier, "minimal");
  EXPECT_EQ(choose_tier(kAppTiers, Environment{}, "app").source, "default tier");
  TierFlags first_is_default = kAppTiers;
  first_is_default.default_tier.clear();
  first_is_default.tiers = {"realistic", "minimal"};
  EXPECT_EQ(choose_tier(first_is_default, Environment{}, "app").tier, "realistic");
  TierChoice from_env = choose_tier(kAppTiers, tier_environment("performance"), "app");
  EXPECT_EQ(from_env.tier, "performance");
  EXPECT_EQ(from_env.source, "environment TDM_TIER");
}

TEST(Tier, AnExplicitTierWinsOverTheEnvironment) {
  TierFlags build_rule = kAppTiers;
  build_rule.tier = "realistic";
  TierChoice choice = choose_tier(build_rule, tier_environment("performance"), "app");
  EXPECT_EQ(choice.tier, "realistic");
  EXPECT_EQ(choice.source, "flag --tier");
  // Without --tiers (snapshot create/restore), --tier names a tier as it is.
  EXPECT_EQ(choose_tier({{}, "", "big"}, Environment{}, "app").tier, "big");
}

TEST(Tier, AnUnknownTierIsInvalidInputNamingTheTiersThereAre) {
  EXPECT_EQ(error_code_of([] { choose_tier(kAppTiers, tier_environment("huge"), "app"); }),
            ExitCode::kInvalidInput);
  EXPECT_EQ(message_of(kAppTiers, tier_environment("huge")),
            "TDM_TIER 'huge' is not a tier of fixture 'app'; fix: use one of its tiers: minimal, "
            "realistic, performance");
  TierFlags explicit_tier = kAppTiers;
  explicit_tier.tier = "huge";
  EXPECT_EQ(message_of(explicit_tier, Environment{}).rfind("--tier 'huge' is not a tier", 0), 0u);
  TierFlags bad_default = kAppTiers;
  bad_default.default_tier = "huge";
  EXPECT_EQ(message_of(bad_default, Environment{}).rfind("--default-tier 'huge' is not a tier", 0),
            0u);
}

TEST(Tier, ATierNameIsLettersDigitsUnderscoreAndDash) {
  EXPECT_NE(message_of(kAppTiers, tier_environment("../x")).find("is not a tier name"),
            std::string::npos);
  EXPECT_NE(message_of({{"ok", "not ok"}, "", ""}, Environment{}).find("'not ok' is not a tier"),
            std::string::npos);
  EXPECT_EQ(choose_tier({{"big_1-x"}, "", ""}, Environment{}, "app").tier, "big_1-x");
}

TEST(Tier, ThePlaceholderIsReplacedEverywhere) {
  EXPECT_EQ(with_tier("sql/@TIER@", "minimal"), "sql/minimal");
  EXPECT_EQ(with_tier("@TIER@/a/@TIER@", "x"), "x/a/x");
  EXPECT_EQ(with_tier("sql/common", "x"), "sql/common");
}

TEST(Tier, TheDefaultSeedIsFixedPerNameAndTierAndUnchangedWithoutATier) {
  EXPECT_EQ(default_replay_seed("app", ""), default_replay_seed("app"));
  EXPECT_EQ(default_replay_seed("app", "minimal"), default_replay_seed("app", "minimal"));
  EXPECT_NE(default_replay_seed("app", "minimal"), default_replay_seed("app", "realistic"));
  EXPECT_NE(default_replay_seed("app", "minimal"), default_replay_seed("app"));
  EXPECT_EQ(replay_seed("", Environment{}, "app", "realistic"),
            default_replay_seed("app", "realistic"));
  EXPECT_EQ(replay_seed_origin("", false, Environment{}, "app", "realistic").source,
            "default of the fixture name and tier");
}

}  // namespace
}  // namespace tdm
