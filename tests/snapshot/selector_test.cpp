#include "snapshot/selector.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace tdm {
namespace {

TEST(SnapshotSelector, ReadsNameVersionAndTier) {
  SnapshotSelector full = parse_selector("app@1.0.0:realistic");
  EXPECT_EQ(full.name, "app");
  EXPECT_EQ(full.version, "1.0.0");
  EXPECT_EQ(full.tier, "realistic");
  SnapshotSelector tier_only = parse_selector("app:minimal");
  EXPECT_EQ(tier_only.version, "");
  EXPECT_EQ(tier_only.tier, "minimal");
  SnapshotSelector version_only = parse_selector("my-app.v2@1.1.0-rc.1+build.5");
  EXPECT_EQ(version_only.name, "my-app.v2");
  EXPECT_EQ(version_only.version, "1.1.0-rc.1+build.5");
  EXPECT_EQ(version_only.tier, "");
  EXPECT_EQ(parse_selector("app").name, "app");
}

TEST(SnapshotSelector, WritesItselfAsItIsSpelled) {
  for (const char* text : {"app", "app@1.0.0", "app:minimal", "app@1.0.0-rc.1:perf_2"}) {
    EXPECT_EQ(parse_selector(text).text(), text);
  }
}

TEST(SnapshotSelector, RefusesOtherSpellingsNamingTheSelectorAndTheFix) {
  for (const char* text :
       {"", "@1.0.0", ":minimal", "app@", "app:", "app@1.0", "app@01.0.0", "app@1.0.0.0",
        "app@1.0.0-", "app@1.0.0+", "app@1.0.0-rc..1", "app@v1.0.0", "app@1.0.0@2.0.0",
        "app:mini:mal", "app:mini.mal", "-app", "a/b", "app 1"}) {
    try {
      parse_selector(text);
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ExitCode::kInvalidInput) << text;
      std::string message = error.what();
      EXPECT_NE(message.find("snapshot selector '" + std::string(text) + "'"), std::string::npos)
          << message;
      EXPECT_NE(message.find("NAME[@VERSION][:TIER]"), std::string::npos) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
  }
}

TEST(SemanticVersion, AcceptsSemverOnly) {
  for (const char* version : {"0.0.0", "1.2.3", "10.20.30", "1.0.0-alpha", "1.0.0-rc.1",
                              "1.0.0+20130313144700", "1.0.0-beta+exp.sha.5114f85"}) {
    EXPECT_TRUE(is_semantic_version(version)) << version;
  }
  for (const char* version : {"", "1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.3-", "1.2.3+",
                              "v1.2.3", "1.2.3-a..b", "1.2.x", "1.2.3 "}) {
    EXPECT_FALSE(is_semantic_version(version)) << version;
  }
}

TEST(SemanticVersion, ARefusalNamesWhereTheVersionCameFrom) {
  try {
    require_semantic_version("1.0", "--version");
    FAIL() << "accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kInvalidInput);
    EXPECT_NE(std::string(error.what()).find("--version '1.0' is not a semantic version"),
              std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace tdm
