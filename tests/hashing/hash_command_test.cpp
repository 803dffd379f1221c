// Runs the built `tdm hash` as a build rule would: a real process, real files.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/files.hpp"
#include "hashing/sha256.hpp"
#include "hashing_test_files.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

using TdmRun = testing::CommandResult;

long mtime_of(const fs::path& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return info.st_mtime;
}

constexpr long kLongAgo = 946684800;  // 2000-01-01: any rewrite would move the mtime

class HashCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::write_test_file(base / "seeders/UserSeeder.php", "<?php // users");
    testing::write_test_file(base / "seeders/RoleSeeder.php", "<?php // roles");
  }

  TdmRun hash(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"hash", "--base", base.string(), "--inputs", "seeders"};
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::run_tdm(args);
  }

  fs::path base = testing::temporary_directory();
  fs::path out = base / "build/app.hash";
};

TEST_F(HashCommand, PrintsTheHashOnOneLine) {
  TdmRun run = hash();
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ASSERT_EQ(run.out.size(), 65u) << run.out;
  EXPECT_EQ(run.out.back(), '\n');
  EXPECT_EQ(run.out.find_first_not_of("0123456789abcdef"), 64u);
}

TEST_F(HashCommand, OutputIsRewrittenOnlyWhenTheHashChanges) {
  TdmRun first = hash({"--output", out.string()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(read_file(out), first.out);
  EXPECT_NE(first.err.find("tdm: hash changed -> " + out.string()), std::string::npos) << first.err;

  testing::set_mtime(out, kLongAgo);
  testing::set_mtime(base / "seeders/UserSeeder.php", kLongAgo);  // a touch is no change
  TdmRun second = hash({"--output", out.string()});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, first.out);
  EXPECT_NE(second.err.find("tdm: hash unchanged"), std::string::npos) << second.err;
  EXPECT_EQ(mtime_of(out), kLongAgo);

  testing::write_test_file(base / "seeders/New.php", "<?php // new");
  TdmRun third = hash({"--output", out.string()});
  EXPECT_NE(third.out, first.out);
  EXPECT_EQ(read_file(out), third.out);
  EXPECT_NE(mtime_of(out), kLongAgo);
}

TEST_F(HashCommand, ManifestAndDepfileAreWrittenOnlyWhenChanged) {
  fs::path manifest = base / "build/app.manifest.json";
  fs::path depfile = base / "build/app.hash.d";
  std::vector<std::string> args = {"--output",        out.string(), "--manifest",
                                   manifest.string(), "--depfile",  depfile.string()};
  TdmRun first = hash(args);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  nlohmann::json json = nlohmann::json::parse(read_file(manifest));
  EXPECT_EQ(json["seeders/UserSeeder.php"], sha256_hex("<?php // users"));
  std::string deps = read_file(depfile);
  EXPECT_EQ(deps.rfind(out.string() + ": \\\n", 0), 0u) << deps;
  EXPECT_NE(deps.find((base / "seeders").string() + "\n"), std::string::npos) << deps;

  testing::set_mtime(manifest, kLongAgo);
  testing::set_mtime(depfile, kLongAgo);
  ASSERT_EQ(hash(args).exit_code, 0);
  EXPECT_EQ(mtime_of(manifest), kLongAgo);
  EXPECT_EQ(mtime_of(depfile), kLongAgo);
}

TEST_F(HashCommand, DepfileWithoutTargetIsAUsageError) {
  TdmRun run = hash({"--depfile", (base / "h.d").string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--depfile-target"), std::string::npos) << run.err;
}

TEST_F(HashCommand, AgainstListsTheDifferencesAndExitsZero) {
  nlohmann::json meta = {{"dataModelHash", "x"},
                         {"inputManifest",
                          {{"seeders/UserSeeder.php", sha256_hex("<?php // old users")},
                           {"seeders/RoleSeeder.php", sha256_hex("<?php // roles")},
                           {"seeders/Gone.php", sha256_hex("gone")}}}};
  testing::write_test_file(base / "app.meta.json", meta.dump());
  testing::write_test_file(base / "seeders/New.php", "<?php // new");

  TdmRun run = hash({"--against", (base / "app.meta.json").string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.substr(65),
            "removed seeders/Gone.php\n"
            "added seeders/New.php\n"
            "changed seeders/UserSeeder.php\n");
  EXPECT_NE(run.err.find("3 inputs differ (seeders/Gone.php removed, seeders/New.php added, "
                         "+1 more)"),
            std::string::npos)
      << run.err;
}

TEST_F(HashCommand, AgainstAMissingOrMalformedMetaFails) {
  TdmRun missing = hash({"--against", (base / "none.meta.json").string()});
  EXPECT_EQ(missing.exit_code, 6);
  EXPECT_NE(missing.err.find("none.meta.json does not exist; fix:"), std::string::npos)
      << missing.err;

  testing::write_test_file(base / "broken.meta.json", "{ not json");
  EXPECT_EQ(hash({"--against", (base / "broken.meta.json").string()}).exit_code, 6);

  testing::write_test_file(base / "old.meta.json", R"({"dataModelHash": "x"})");
  TdmRun old = hash({"--against", (base / "old.meta.json").string()});
  EXPECT_EQ(old.exit_code, 6);
  EXPECT_NE(old.err.find("has no \"inputManifest\""), std::string::npos) << old.err;

  testing::write_test_file(base / "bad.meta.json", R"({"inputManifest": {"a.php": 1}})");
  EXPECT_EQ(hash({"--against", (base / "bad.meta.json").string()}).exit_code, 3);

  testing::write_test_file(base / "newer.meta.json",
                           R"({"formatVersion": 99, "tdmVersion": "9.9.9", "inputManifest": {}})");
  TdmRun newer = hash({"--against", (base / "newer.meta.json").string()});
  EXPECT_EQ(newer.exit_code, 6);
  EXPECT_NE(newer.err.find("made by a newer tdm 9.9.9"), std::string::npos) << newer.err;
}

TEST_F(HashCommand, MissingInputFailsWithItsName) {
  TdmRun run = hash({"--inputs", "factories"});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find("input 'factories' does not exist"), std::string::npos) << run.err;
  EXPECT_TRUE(run.out.empty());
}

TEST_F(HashCommand, HelpExplainsTheOptions) {
  TdmRun run = testing::run_tdm({"hash", "--help"});
  EXPECT_EQ(run.exit_code, 0);
  for (const char* text : {"--inputs", "--base", "--output", "--manifest", "--depfile",
                           "--depfile-target", "--against", "inputManifest", "**"}) {
    EXPECT_NE(run.out.find(text), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace tdm
