#include "policy/settings.hpp"

#include <gtest/gtest.h>

#include <map>

#include "core/error.hpp"

namespace tdm {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

TEST(Settings, DefaultsAreAutoSevenDaysAndCaptureAfterSeeding) {
  PolicySettings settings = resolve_policy({}, Environment());
  EXPECT_EQ(settings.mode, Mode::kAuto);
  EXPECT_EQ(settings.max_age, hours(24 * 7));
  EXPECT_TRUE(settings.capture_after_seed);
  EXPECT_FALSE(settings.capture_on_success);
}

TEST(Settings, DynamicDoesNotCaptureUnlessAsked) {
  EXPECT_FALSE(resolve_policy({.mode = "dynamic"}, Environment()).capture_after_seed);
  EXPECT_TRUE(
      resolve_policy({.mode = "DYNAMIC", .capture = true}, Environment()).capture_after_seed);
}

TEST(Settings, SeedNamesAreAliasesAndTdmNamesWin) {
  Environment seed_names({{"TEST_DATA_MODE", "SNAPSHOT"},
                          {"SNAPSHOT_MAX_AGE", "12h"},
                          {"CAPTURE_SNAPSHOT", "false"},
                          {"CAPTURE_SNAPSHOT_ON_SUCCESS", "yes"}});
  PolicySettings settings = resolve_policy({}, seed_names);
  EXPECT_EQ(settings.mode, Mode::kSnapshot);
  EXPECT_EQ(settings.max_age, hours(12));
  EXPECT_FALSE(settings.capture_after_seed);
  EXPECT_TRUE(settings.capture_on_success);

  seed_names.set("TDM_MODE", "dynamic");
  EXPECT_EQ(resolve_policy({}, seed_names).mode, Mode::kDynamic);
}

TEST(Settings, FlagsWinOverTheEnvironment) {
  Environment env({{"TDM_MODE", "SNAPSHOT"}, {"TDM_MAX_AGE", "1d"}});
  PolicySettings settings = resolve_policy({.mode = "AUTO", .max_age = "30m"}, env);
  EXPECT_EQ(settings.mode, Mode::kAuto);
  EXPECT_EQ(settings.max_age, seconds(1800));
}

TEST(Settings, StrictComesFromTheFlagOrTdmStrictAndTheFlagWins) {
  EXPECT_FALSE(resolve_policy({}, Environment()).strict);
  EXPECT_TRUE(
      resolve_policy({}, Environment(std::map<std::string, std::string>{{"TDM_STRICT", "1"}}))
          .strict);
  EXPECT_TRUE(resolve_policy({.strict = true},
                             Environment(std::map<std::string, std::string>{{"TDM_STRICT", "0"}}))
                  .strict);
  EXPECT_THROW(
      resolve_policy({}, Environment(std::map<std::string, std::string>{{"TDM_STRICT", "maybe"}})),
      Error);
}

TEST(Settings, EverySettingSaysWhereItCameFrom) {
  Environment env({{"TEST_DATA_MODE", "SNAPSHOT"}, {"TDM_MAX_AGE", "12h"}});
  PolicySettings settings = resolve_policy({.strict = true}, env);
  std::map<std::string, std::pair<std::string, std::string>> seen;
  for (const auto& origin : settings.origins) seen[origin.setting] = {origin.value, origin.source};
  EXPECT_EQ(seen["mode"],
            std::make_pair(std::string("SNAPSHOT"), std::string("environment TEST_DATA_MODE")));
  EXPECT_EQ(seen["max age"],
            std::make_pair(std::string("12h"), std::string("environment TDM_MAX_AGE")));
  EXPECT_EQ(seen["strict"], std::make_pair(std::string("on"), std::string("flag --strict")));
  EXPECT_EQ(seen["capture on success"], std::make_pair(std::string("off"), std::string("default")));
  EXPECT_EQ(seen.size(), 5u);
}

TEST(Settings, DurationsTakeUnits) {
  EXPECT_EQ(parse_duration("45"), seconds(45));
  EXPECT_EQ(parse_duration("45s"), seconds(45));
  EXPECT_EQ(parse_duration("5m"), seconds(300));
  EXPECT_EQ(parse_duration("2h"), seconds(7200));
  EXPECT_EQ(parse_duration("7d"), seconds(604800));
  EXPECT_EQ(parse_duration("1w"), seconds(604800));
  EXPECT_EQ(format_duration(seconds(90061)), "1d 1h");
  EXPECT_EQ(format_duration(seconds(59)), "59s");
}

TEST(Settings, BadValuesNameTheProblemAndTheFix) {
  try {
    resolve_policy({}, Environment(std::map<std::string, std::string>{{"TDM_MODE", "FAST"}}));
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kInvalidInput);
    EXPECT_STREQ(error.what(),
                 "unknown mode 'FAST'; fix: use AUTO, DYNAMIC or SNAPSHOT (--mode or TDM_MODE)");
  }
  EXPECT_THROW(parse_duration("7 days"), Error);
  EXPECT_THROW(parse_duration("-1d"), Error);
  EXPECT_THROW(parse_bool("maybe", "TDM_CAPTURE"), Error);
}

}  // namespace
}  // namespace tdm
