#include "seed/replay_seed.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "support/error_code.hpp"

namespace tdm {
namespace {

using testing::error_code_of;

TEST(ReplaySeed, TheDefaultIsFixedPerFixtureName) {
  EXPECT_EQ(default_replay_seed("app"), default_replay_seed("app"));
  EXPECT_NE(default_replay_seed("app"), default_replay_seed("billing"));
  EXPECT_LE(default_replay_seed("app"), 0x7fffffffu);
  EXPECT_EQ(replay_seed("", Environment{}, "app"), default_replay_seed("app"));
}

TEST(ReplaySeed, TheFlagWinsOverTheEnvironment) {
  Environment env(std::map<std::string, std::string>{{"TDM_SEED", "7"}});
  EXPECT_EQ(replay_seed("", env, "app"), 7u);
  EXPECT_EQ(replay_seed("12", env, "app"), 12u);
  EXPECT_EQ(replay_seed("0", env, "app"), 0u);
  EXPECT_EQ(replay_seed("9007199254740991", env, "app"), kMaxReplaySeed);
}

TEST(ReplaySeed, WhatIsNotASeedIsRefusedNamingWhereItCameFrom) {
  for (const char* bad :
       {"-1", "1.5", "12abc", " 3", "0x10", "9007199254740992", "99999999999999999999999"}) {
    EXPECT_EQ(error_code_of([&] { replay_seed(bad, Environment{}, "app"); }),
              ExitCode::kInvalidInput)
        << bad;
  }
  try {
    replay_seed("", Environment(std::map<std::string, std::string>{{"TDM_SEED", "soon"}}), "app");
    FAIL() << "no error";
  } catch (const Error& error) {
    std::string message = error.what();
    EXPECT_EQ(message.rfind("TDM_SEED 'soon' is not a seed", 0), 0u) << message;
    EXPECT_NE(message.find("0 to 9007199254740991"), std::string::npos) << message;
  }
}

TEST(ReplaySeed, ConfigSaysWhereTheSeedCameFrom) {
  Environment env(std::map<std::string, std::string>{{"TDM_SEED", "7"}});
  EXPECT_EQ(replay_seed_origin("3", true, env, "app").source, "CMake tdm_add_snapshot(SEED)");
  EXPECT_EQ(replay_seed_origin("3", false, env, "app").source, "flag --seed");
  EXPECT_EQ(replay_seed_origin("", false, env, "app").value, "7");
  EXPECT_EQ(replay_seed_origin("", false, env, "app").source, "environment TDM_SEED");
  EXPECT_EQ(replay_seed_origin("", false, Environment{}, "app").source,
            "default of the fixture name");
}

}  // namespace
}  // namespace tdm
