#include "snapshot/metadata.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <functional>
#include <set>

#include "core/error.hpp"
#include "hashing/manifest.hpp"
#include "snapshot/selector.hpp"
#include "snapshot/store.hpp"
#include "snapshot/tablespace_cache.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

SnapshotMetadata sample(const std::string& name, std::int64_t created_at_ms, char hash = 'c') {
  SnapshotMetadata meta;
  meta.name = name;
  meta.version = "1.0.0";
  meta.database = "app_test";
  meta.input_manifest = {{"seeds/users.sql", std::string(64, hash)}};
  meta.data_model_hash = Manifest{meta.input_manifest}.data_model_hash();
  meta.created_at_ms = created_at_ms;
  meta.created_at_iso = iso_utc(created_at_ms);
  meta.file_size_bytes = 3 * 1024 * 1024;
  meta.captured_via = "build";
  meta.payload_sha256 = std::string(64, 'e');
  meta.payload_file = SnapshotStore::payload_file_name(
      SnapshotStore::snapshot_id(name, "1.0.0", meta.data_model_hash), meta.payload_sha256);
  meta.server_version = "10.11.6-MariaDB";
  meta.tables = {{"users", 200}, {"projects", 300}};
  return meta;
}

TEST(SnapshotMetadata, CarriesTheDocumentedFields) {
  nlohmann::json json = to_json(sample("app", 1'700'000'000'123));
  for (const char* field :
       {"createdAt", "createdAtISO", "dataModelHash", "version", "database", "durationSeconds",
        "fileSizeBytes", "fileSizeMB", "capturedVia", "bootstrapMode", "inputManifest",
        "payloadSha256", "serverVersion", "tables", "formatVersion"}) {
    EXPECT_TRUE(json.contains(field)) << field;
  }
  EXPECT_EQ(json["createdAtISO"], "2023-11-14T22:13:20.123Z");
  EXPECT_DOUBLE_EQ(json["fileSizeMB"].get<double>(), 3.0);
}

TEST(SnapshotMetadata, RoundTripsThroughJson) {
  SnapshotMetadata meta = sample("app", 1'700'000'000'000);
  SnapshotMetadata back = metadata_from_json(to_json(meta), "test");
  EXPECT_EQ(to_json(back), to_json(meta));
  EXPECT_EQ(back.total_rows(), 500u);
}

TEST(SnapshotMetadata, MetadataThatCannotBeWrittenFailsTheSnapshotAsItsPayloadDoes) {
  fs::path dir = testing::temporary_directory();
  std::ofstream(dir / "not-a-directory") << "x";
  try {
    write_metadata(dir / "not-a-directory" / "app.meta.json", sample("app", 1'700'000'000'000));
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kSnapshot) << error.what();
  }
}

TEST(SnapshotMetadata, RecordsTheSeedOnlyWhenItIsKnown) {
  SnapshotMetadata meta = sample("app", 1'700'000'000'000);
  EXPECT_FALSE(to_json(meta).contains("seed"));
  EXPECT_EQ(metadata_from_json(to_json(meta), "test").seed, std::nullopt);
  meta.seed = 9007199254740991u;
  EXPECT_EQ(to_json(meta)["seed"], 9007199254740991u);
  EXPECT_EQ(metadata_from_json(to_json(meta), "test").seed, 9007199254740991u);
  nlohmann::json mistyped = to_json(meta);
  mistyped["seed"] = "42";
  EXPECT_THROW(metadata_from_json(mistyped, "test"), Error);
}

TEST(SnapshotMetadata, MalformedMetadataNamesTheFileAndTheField) {
  nlohmann::json json = to_json(sample("app", 1));
  json.erase("dataModelHash");
  try {
    metadata_from_json(json, "snapshots/app.meta.json");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kSnapshot);
    EXPECT_NE(
        std::string(error.what()).find("snapshots/app.meta.json: missing field 'dataModelHash'"),
        std::string::npos);
  }
  json = to_json(sample("app", 1));
  json["payloadFile"] = "../../etc/passwd";
  EXPECT_THROW(metadata_from_json(json, "x"), Error);
  json = to_json(sample("app", 1));
  json["tables"] = "many";
  EXPECT_THROW(metadata_from_json(json, "x"), Error);
}

TEST(SnapshotMetadata, ReadingGarbageOrNothingIsASnapshotError) {
  fs::path dir = testing::temporary_directory();
  std::ofstream(dir / "bad.meta.json") << "{ not json";
  try {
    read_metadata(dir / "bad.meta.json");
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kSnapshot);
    EXPECT_NE(std::string(error.what()).find("not valid JSON"), std::string::npos);
  }
  EXPECT_THROW(read_metadata(dir / "missing.meta.json"), Error);
}

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kSnapshot) << error.what();
    return error.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

TEST(SnapshotMetadata, ANewerFormatIsRefusedNamingTheTdmThatMadeIt) {
  nlohmann::json json = to_json(sample("app", 1));
  json["formatVersion"] = SnapshotMetadata::kFormatVersion + 1;
  json["tdmVersion"] = "9.9.9";
  json.erase("tables");  // a newer format may have changed any field
  std::string what = error_of([&] { metadata_from_json(json, "app.meta.json"); });
  EXPECT_NE(what.find("app.meta.json was made by a newer tdm 9.9.9"), std::string::npos) << what;

  fs::path dir = testing::temporary_directory();
  std::ofstream(dir / "newer.meta.json") << json.dump();
  std::ofstream(dir / "older.meta.json") << to_json(sample("app", 1)).dump();
  EXPECT_TRUE(is_newer_metadata(dir / "newer.meta.json"));
  EXPECT_FALSE(is_newer_metadata(dir / "older.meta.json"));
  EXPECT_FALSE(is_newer_metadata(dir / "missing.meta.json"));
}

TEST(SnapshotMetadata, ADataModelHashThatIsNotTheHashOfItsManifestIsRefused) {
  nlohmann::json json = to_json(sample("app", 1));
  json["dataModelHash"] = to_json(sample("app", 1, 'f'))["dataModelHash"];
  std::string what = error_of([&] { metadata_from_json(json, "app.meta.json"); });
  EXPECT_NE(what.find("is not the hash of its own inputManifest"), std::string::npos) << what;
}

class SnapshotStoreTest : public ::testing::Test {
 protected:
  // Writes a snapshot with the 7-byte payload "payload"; returns its id.
  std::string add(SnapshotMetadata meta) {
    std::string id =
        SnapshotStore::snapshot_id(meta.name, meta.version, meta.data_model_hash, meta.tier);
    std::ofstream(dir / meta.payload_file) << "payload";
    meta.file_size_bytes = 7;
    write_metadata(store.metadata_path(id), meta);
    return id;
  }
  fs::path dir = testing::temporary_directory();
  SnapshotStore store{dir};
};

TEST_F(SnapshotStoreTest, NamesAreContentAddressed) {
  EXPECT_EQ(SnapshotStore::snapshot_id("app", "1.0.0", "3f2a9c1d2e4f5a6b"),
            "app-1.0.0-3f2a9c1d2e4f");
  EXPECT_EQ(SnapshotStore::snapshot_id("app", "", "3f2a9c1d2e4f5a6b"), "app-3f2a9c1d2e4f");
}

// The sample, as a snapshot of one tier of its fixture.
SnapshotMetadata of_tier(SnapshotMetadata meta, const std::string& tier) {
  meta.tier = tier;
  meta.payload_file = SnapshotStore::payload_file_name(
      SnapshotStore::snapshot_id(meta.name, meta.version, meta.data_model_hash, tier),
      meta.payload_sha256);
  return meta;
}

TEST_F(SnapshotStoreTest, ATierIsPartOfTheIdAndOnlyWhenThereIsOne) {
  EXPECT_EQ(SnapshotStore::snapshot_id("app", "1.0.0", "3f2a9c1d2e4f5a6b", "realistic"),
            "app-realistic-1.0.0-3f2a9c1d2e4f");
  EXPECT_EQ(SnapshotStore::snapshot_id("app", "1.0.0", "3f2a9c1d2e4f5a6b", ""),
            "app-1.0.0-3f2a9c1d2e4f");
}

TEST_F(SnapshotStoreTest, EachTierIsASnapshotOfItsOwn) {
  std::string plain = add(sample("app", 1000));
  std::string minimal = add(of_tier(sample("app", 2000), "minimal"));
  std::string realistic = add(of_tier(sample("app", 3000), "realistic"));
  EXPECT_EQ(store.latest("app")->id, plain);
  EXPECT_EQ(store.latest("app", "", "minimal")->id, minimal);
  EXPECT_EQ(store.latest("app", "1.0.0", "realistic")->id, realistic);
  EXPECT_EQ(store.find(realistic)->metadata->tier, "realistic");
  EXPECT_FALSE(store.latest("app", "", "performance").has_value());
  EXPECT_NE(error_of([&] {
              store.usable("", "app", "", "performance");
            }).find("no snapshot of 'app-performance'"),
            std::string::npos);
}

TEST_F(SnapshotStoreTest, MetadataRecordsATierOnlyWhenThereIsOne) {
  EXPECT_FALSE(to_json(sample("app", 1000)).contains("tier"));
  nlohmann::json tiered = to_json(of_tier(sample("app", 1000), "minimal"));
  EXPECT_EQ(tiered.at("tier"), "minimal");
  EXPECT_EQ(metadata_from_json(tiered, "test").tier, "minimal");
  EXPECT_EQ(metadata_from_json(to_json(sample("app", 1000)), "test").tier, "");
}

TEST_F(SnapshotStoreTest, PruneKeepsTheNewestOfEachTier) {
  add(of_tier(sample("app", 1000), "minimal"));
  add(of_tier(sample("app", 2000, 'f'), "minimal"));
  std::string realistic = add(of_tier(sample("app", 500, 'd'), "realistic"));
  store.prune(1, std::nullopt, /*dry_run=*/false);
  auto left = store.list();
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[0].metadata->created_at_ms, 2000);
  EXPECT_EQ(left[1].id, realistic);
}

// The sample, as a snapshot of another version.
SnapshotMetadata of_version(SnapshotMetadata meta, const std::string& version) {
  meta.version = version;
  meta.payload_file = SnapshotStore::payload_file_name(
      SnapshotStore::snapshot_id(meta.name, version, meta.data_model_hash, meta.tier),
      meta.payload_sha256);
  return meta;
}

TEST_F(SnapshotStoreTest, PruneKeepsTheNewestOfEachVersionUnlessToldOtherwise) {
  std::string old_version = add(of_version(sample("app", 1000), "1.0.0"));
  add(of_version(sample("app", 2000, 'd'), "1.1.0"));
  std::string new_version = add(of_version(sample("app", 3000, 'f'), "1.1.0"));
  store.prune(1, std::nullopt, /*dry_run=*/false);
  auto left = store.list();
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[0].id, new_version);
  EXPECT_EQ(left[1].id, old_version);
  store.prune(1, std::nullopt, /*dry_run=*/false, /*per_version=*/false);
  left = store.list();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].id, new_version);
}

TEST_F(SnapshotStoreTest, ASelectorNamesTheNewestOfItsVersionAndTier) {
  std::string old_minimal = add(of_tier(of_version(sample("app", 1000), "1.0.0"), "minimal"));
  std::string new_minimal = add(of_tier(of_version(sample("app", 2000), "1.1.0"), "minimal"));
  std::string old_realistic = add(of_tier(of_version(sample("app", 3000), "1.0.0"), "realistic"));
  EXPECT_EQ(store.selected(parse_selector("app@1.0.0:minimal")).id, old_minimal);
  EXPECT_EQ(store.selected(parse_selector("app:minimal")).id, new_minimal);
  EXPECT_EQ(store.selected(parse_selector("app@1.0.0:realistic")).id, old_realistic);
  // Without a tier: only when what it names is of one tier.
  EXPECT_EQ(store.selected(parse_selector("app@1.1.0")).id, new_minimal);
  try {
    store.selected(parse_selector("app@1.0.0"));
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kInvalidInput);
    EXPECT_NE(std::string(error.what())
                  .find("snapshot selector 'app@1.0.0' names snapshots of several tiers "
                        "(minimal, realistic)"),
              std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("app@1.0.0:minimal"), std::string::npos);
  }
  EXPECT_NE(error_of([&] {
              store.selected(parse_selector("app@2.0.0:minimal"));
            }).find("no snapshot of 'app-minimal' version 2.0.0"),
            std::string::npos);
}

TEST_F(SnapshotStoreTest, ASelectorWithoutATierNamesAFixtureWithoutTiers) {
  std::string plain = add(sample("app", 1000));
  EXPECT_EQ(store.selected(parse_selector("app")).id, plain);
  EXPECT_EQ(store.selected(parse_selector("app@1.0.0")).id, plain);
}

TEST(SnapshotMetadata, RecordsTheSchemaFingerprintWhenItIsKnown) {
  SnapshotMetadata meta = sample("app", 1'700'000'000'000);
  EXPECT_FALSE(to_json(meta).contains("schemaFingerprint"));
  meta.schema_fingerprint = std::string(64, 'a');
  EXPECT_EQ(to_json(meta)["schemaFingerprint"], std::string(64, 'a'));
  EXPECT_EQ(metadata_from_json(to_json(meta), "test").schema_fingerprint, std::string(64, 'a'));
}

TEST_F(SnapshotStoreTest, ListsNewestFirstAndFindsTheLatestOfAName) {
  add(sample("app", 1000));
  add(sample("app", 2000, 'f'));
  add(sample("billing", 3000));
  auto all = store.list();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].metadata->name, "billing");
  EXPECT_EQ(store.latest("app")->metadata->created_at_ms, 2000);
  EXPECT_FALSE(store.latest("nothing").has_value());
}

TEST_F(SnapshotStoreTest, AMalformedMetadataFileIsListedWithItsProblem) {
  std::ofstream(dir / "broken-1.0.0-abc.meta.json") << "[]";
  auto all = store.list();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_FALSE(all[0].metadata.has_value());
  EXPECT_NE(all[0].problem.find("not a JSON object"), std::string::npos);
  EXPECT_FALSE(store.latest("broken").has_value());
}

TEST_F(SnapshotStoreTest, PruneKeepsTheNewestAndRemovesLeftovers) {
  add(sample("app", 1000));
  add(sample("app", 2000, 'f'));
  std::ofstream(dir / "orphan-1.0.0-aaaa.tdm") << "payload without metadata";
  // Of a process that is gone (pids never reach this number).
  std::ofstream(dir / "app-1.0.0-ffff.tdm.tmp.999999999.0") << "interrupted write";

  auto dry = store.prune(1, std::nullopt, /*dry_run=*/true);
  EXPECT_EQ(dry.removed.size(), 4u);
  EXPECT_EQ(store.list().size(), 2u);

  store.prune(1, std::nullopt, /*dry_run=*/false);
  auto left = store.list();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].metadata->created_at_ms, 2000);
  EXPECT_TRUE(fs::exists(left[0].payload_path));
  EXPECT_FALSE(fs::exists(dir / "orphan-1.0.0-aaaa.tdm"));
  EXPECT_FALSE(fs::exists(dir / "app-1.0.0-ffff.tdm.tmp.999999999.0"));
}

TEST_F(SnapshotStoreTest, PruneTakesTablespaceCachesWithTheirSnapshots) {
  add(sample("app", 1000));
  add(sample("app", 2000, 'f'));
  auto snapshots = store.list();  // newest first
  fs::path kept = tablespace_cache_root(snapshots[0].payload_path);
  fs::path dropped = tablespace_cache_root(snapshots[1].payload_path);
  fs::create_directories(kept / "0123456789abcdef");
  fs::create_directories(kept / "0123456789abcdef.tmp.999999999.0");  // a killed writer's
  fs::create_directories(dropped / "0123456789abcdef");
  fs::create_directories(dir / "gone-1.0.0-abcd.tablespaces");  // its payload is gone

  store.prune(1, std::nullopt, /*dry_run=*/false);
  EXPECT_TRUE(fs::exists(kept / "0123456789abcdef"));
  EXPECT_FALSE(fs::exists(kept / "0123456789abcdef.tmp.999999999.0"));
  EXPECT_FALSE(fs::exists(dropped));
  EXPECT_FALSE(fs::exists(dir / "gone-1.0.0-abcd.tablespaces"));
}

TEST_F(SnapshotStoreTest, MetadataUnderAnotherSnapshotsIdIsForeign) {
  std::string id = add(sample("app", 1000));
  fs::copy_file(store.metadata_path(id), dir / "app-1.0.0-0123456789ab.meta.json");
  auto copied = store.find("app-1.0.0-0123456789ab");
  ASSERT_TRUE(copied);
  EXPECT_FALSE(copied->metadata);
  EXPECT_NE(copied->problem.find("describes snapshot " + id), std::string::npos) << copied->problem;
  EXPECT_TRUE(store.find(id)->metadata);
}

TEST_F(SnapshotStoreTest, UsableSaysWhyThereIsNone) {
  std::string missing_dir = error_of([&] { SnapshotStore(dir / "nowhere").usable("", "app"); });
  EXPECT_NE(missing_dir.find("does not exist"), std::string::npos) << missing_dir;
  EXPECT_NE(error_of([&] { store.usable("", "app"); }).find("no snapshot of 'app'"),
            std::string::npos);

  std::ofstream(dir / "app-1.0.0-abcdefabcdef.meta.json") << "{\"formatVersion\": 1";
  std::string malformed = error_of([&] { store.usable("", "app"); });
  EXPECT_NE(malformed.find("no usable snapshot of 'app'"), std::string::npos) << malformed;
  EXPECT_NE(malformed.find("not valid JSON"), std::string::npos) << malformed;

  fs::create_directory(dir / "app-2.0.0-abcdefabcdef.meta.json");
  std::string directory = error_of([&] { store.usable("", "app", "2.0.0"); });
  EXPECT_NE(directory.find("is not a regular file"), std::string::npos) << directory;
  EXPECT_NE(
      error_of([&] { store.usable("app-2.0.0-abcdefabcdef", ""); }).find("is not a regular file"),
      std::string::npos);
}

TEST_F(SnapshotStoreTest, APayloadOfTheWrongSizeIsFlagged) {
  std::string id = add(sample("app", 1000));
  EXPECT_EQ(store.find(id)->payload_problem, "");
  fs::resize_file(store.find(id)->payload_path, 0);
  EXPECT_NE(store.find(id)->payload_problem.find("is 0 bytes, the metadata records 7"),
            std::string::npos);
  fs::remove(store.find(id)->payload_path);
  EXPECT_NE(store.find(id)->payload_problem.find("is missing"), std::string::npos);
}

TEST_F(SnapshotStoreTest, LeftoversAreWhatNoSnapshotAccountsFor) {
  std::string id = add(sample("app", 1000));
  fs::path named = store.find(id)->payload_path;
  fs::create_directories(tablespace_cache_root(named) / "0123456789abcdef");
  std::ofstream(dir / (id + ".0123456789ab.tdm")) << "superseded";
  fs::create_directories(dir / (id + ".0123456789ab.tablespaces"));
  std::ofstream(dir / (id + ".tdm.tmp.999999999.0")) << "killed";
  std::ofstream(dir / (id + ".tdm.tmp." + std::to_string(::getpid()) + ".0")) << "running";

  std::set<std::string> found;
  for (const StoreLeftover& leftover : store.leftovers()) {
    found.insert(leftover.path.filename().string());
  }
  EXPECT_EQ(found,
            (std::set<std::string>{id + ".0123456789ab.tdm", id + ".0123456789ab.tablespaces",
                                   id + ".tdm.tmp.999999999.0"}));
  EXPECT_TRUE(store.leftovers("billing-1.0.0-abcdefabcdef").empty());

  store.remove_superseded(id, named.filename().string());
  EXPECT_TRUE(fs::exists(named));
  EXPECT_TRUE(fs::exists(tablespace_cache_root(named)));
  EXPECT_FALSE(fs::exists(dir / (id + ".0123456789ab.tdm")));
  EXPECT_FALSE(fs::exists(dir / (id + ".0123456789ab.tablespaces")));
}

TEST_F(SnapshotStoreTest, ASnapshotOfANewerTdmIsNeitherUsedNorPruned) {
  std::string id = add(sample("app", 1000));
  nlohmann::json newer = to_json(sample("app", 1000));
  newer["formatVersion"] = SnapshotMetadata::kFormatVersion + 1;
  newer["tdmVersion"] = "9.9.9";
  std::ofstream(store.metadata_path(id)) << newer.dump();
  std::ofstream(dir / (id + ".fedcba987654.tdm")) << "the newer tdm's payload";

  auto found = store.find(id);
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->newer_format);
  EXPECT_NE(error_of([&] { store.usable(id, ""); }).find("made by a newer tdm 9.9.9"),
            std::string::npos);
  EXPECT_TRUE(store.leftovers().empty());
  store.prune(0, std::chrono::seconds(0), /*dry_run=*/false);
  EXPECT_TRUE(fs::exists(store.metadata_path(id)));
  EXPECT_TRUE(fs::exists(dir / (id + ".fedcba987654.tdm")));
}

}  // namespace
}  // namespace tdm
