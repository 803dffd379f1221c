#include "hashing/manifest.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "hashing/sha256.hpp"
#include "hashing_test_files.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;
using Kind = InputChange::Kind;

const std::string kDigestA = sha256_hex("a");
const std::string kDigestB = sha256_hex("b");

class DataModelHash : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::write_test_file(base / "migrations/001_users.sql", "CREATE TABLE users (id INT);");
    testing::write_test_file(base / "seeders/UserSeeder.php", "<?php // users");
    testing::write_test_file(base / "seeders/RoleSeeder.php", "<?php // roles");
  }

  std::string hash(std::vector<std::string> specs = {"migrations", "seeders"}) const {
    return compute_manifest(collect_inputs(specs, base)).data_model_hash();
  }

  fs::path base = testing::temporary_directory();
};

TEST_F(DataModelHash, StableAndIndependentOfSpecOrder) {
  std::string first = hash();
  EXPECT_EQ(first.size(), 64u);
  EXPECT_EQ(hash(), first);
  EXPECT_EQ(hash({"seeders", "migrations"}), first);
  EXPECT_EQ(hash({"seeders/*.php", "migrations/**", "seeders/UserSeeder.php"}), first);
}

TEST_F(DataModelHash, EntriesFeedTheDocumentedFormat) {
  Manifest manifest = compute_manifest(collect_inputs({"seeders/UserSeeder.php"}, base));
  std::string digest = sha256_hex("<?php // users");
  EXPECT_EQ(manifest.digests.at("seeders/UserSeeder.php"), digest);
  EXPECT_EQ(manifest.data_model_hash(),
            sha256_hex(std::string("seeders/UserSeeder.php") + '\0' + digest + '\n'));
}

TEST_F(DataModelHash, ContentEditChangesIt) {
  std::string before = hash();
  testing::write_test_file(base / "seeders/UserSeeder.php", "<?php // users, admin");
  EXPECT_NE(hash(), before);
}

TEST_F(DataModelHash, RenameChangesIt) {
  std::string before = hash();
  fs::rename(base / "seeders/RoleSeeder.php", base / "seeders/RolesSeeder.php");
  EXPECT_NE(hash(), before);
}

TEST_F(DataModelHash, AddingAndDeletingChangeIt) {
  std::string before = hash();
  testing::write_test_file(base / "seeders/New.php", "");
  std::string added = hash();
  EXPECT_NE(added, before);
  fs::remove(base / "seeders/New.php");
  EXPECT_EQ(hash(), before);
  fs::remove(base / "seeders/RoleSeeder.php");
  EXPECT_NE(hash(), before);
}

TEST_F(DataModelHash, TouchingDoesNotChangeIt) {
  std::string before = hash();
  testing::set_mtime(base / "seeders/UserSeeder.php", 946684800);  // 2000-01-01
  testing::set_mtime(base / "seeders", 946684800);
  EXPECT_EQ(hash(), before);
}

TEST_F(DataModelHash, NoInputsHashToTheEmptyDigest) {
  EXPECT_EQ(hash({"seeders/*.rb"}), sha256_hex(""));
}

TEST(ManifestJson, RoundTrip) {
  Manifest manifest;
  manifest.digests = {{"seeders/A.php", kDigestA}, {"/abs/outside.sql", kDigestB}};
  nlohmann::json json = to_json(manifest);
  EXPECT_EQ(json["seeders/A.php"], kDigestA);
  EXPECT_EQ(manifest_from_json(json).digests, manifest.digests);
  EXPECT_EQ(manifest_from_json(nlohmann::json::parse(json.dump())).digests, manifest.digests);
  EXPECT_TRUE(manifest_from_json(to_json(Manifest{})).digests.empty());
}

void expect_malformed(const nlohmann::json& json, const std::string& expected_text) {
  try {
    manifest_from_json(json, "meta.json \"inputManifest\"");
    FAIL() << "expected an error for " << json.dump();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kInvalidInput);
    EXPECT_NE(std::string(error.what()).find(expected_text), std::string::npos) << error.what();
  }
}

TEST(ManifestJson, MalformedValuesAreInvalidInput) {
  expect_malformed(nlohmann::json::array({"a"}),
                   "meta.json \"inputManifest\" is not a JSON object");
  expect_malformed(nlohmann::json("text"), "is not a JSON object");
  expect_malformed(nlohmann::json{{"seeders/A.php", 42}}, "'seeders/A.php'");
  expect_malformed(nlohmann::json{{"seeders/A.php", "not-a-digest"}}, "SHA-256");
  std::string upper = kDigestA;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  expect_malformed(nlohmann::json{{"seeders/A.php", upper}}, "SHA-256");
}

Manifest manifest_of(std::map<std::string, std::string> digests) {
  return Manifest{std::move(digests)};
}

TEST(DiffManifests, AddedRemovedChangedSortedByPath) {
  Manifest recorded = manifest_of({{"a.php", kDigestA}, {"b.php", kDigestA}, {"d.php", kDigestA}});
  Manifest current = manifest_of({{"b.php", kDigestB}, {"c.php", kDigestA}, {"d.php", kDigestA}});
  EXPECT_EQ(diff_manifests(recorded, current),
            (std::vector<InputChange>{
                {"a.php", Kind::kRemoved}, {"b.php", Kind::kChanged}, {"c.php", Kind::kAdded}}));
  EXPECT_TRUE(diff_manifests(current, current).empty());
  EXPECT_EQ(diff_manifests({}, current).size(), 3u);
  EXPECT_EQ(diff_manifests(recorded, {}).front().kind, Kind::kRemoved);
}

TEST(DescribeChanges, ShortPhrases) {
  EXPECT_EQ(describe_changes({}), "no input differs");
  EXPECT_EQ(describe_changes({{"seeders/UserSeeder.php", Kind::kChanged}}),
            "seeders/UserSeeder.php changed");
  EXPECT_EQ(describe_changes({{"seeders/New.php", Kind::kAdded}}), "seeders/New.php added");
  EXPECT_EQ(describe_changes({{"seeders/Old.php", Kind::kRemoved}}), "seeders/Old.php removed");
  EXPECT_EQ(describe_changes({{"seeders/A.php", Kind::kChanged}, {"seeders/B.php", Kind::kAdded}}),
            "2 inputs differ (seeders/A.php changed, seeders/B.php added)");
  EXPECT_EQ(describe_changes({{"seeders/A.php", Kind::kChanged},
                              {"seeders/B.php", Kind::kAdded},
                              {"seeders/C.php", Kind::kRemoved}}),
            "3 inputs differ (seeders/A.php changed, seeders/B.php added, +1 more)");
}

}  // namespace
}  // namespace tdm
