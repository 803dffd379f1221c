#include "snapshot/tablespace_cache.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDigest = "c0ffee";
constexpr const char* kVersion = "10.11.19-MariaDB-log";

class TablespaceCache : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::temporary_directory();
    payload_ = dir_ / "app-1.0.0-abc.tdm";
    std::ofstream(payload_) << "payload";
    std::ofstream(dir_ / "users.ibd") << std::string(4096, 'u');
    std::ofstream(dir_ / "users.cfg") << "cfg";
  }

  // Writes an entry holding `users` and returns the stamp it recorded.
  PayloadStamp write_entry(const std::string& digest = kDigest,
                           const std::string& version = kVersion) {
    TablespaceCacheWriter writer(payload_, digest, version);
    writer.add("users", dir_ / "users.ibd", dir_ / "users.cfg");
    PayloadStamp stamp = stamp_of(payload_);
    writer.commit("whole-file-sha", stamp);
    return stamp;
  }

  fs::path dir_;
  fs::path payload_;
};

TEST_F(TablespaceCache, AnEntryIsFoundForItsDigestAndServerVersionOnly) {
  EXPECT_FALSE(find_tablespace_cache(payload_, kDigest, kVersion));
  PayloadStamp stamp = write_entry();

  auto entry = find_tablespace_cache(payload_, kDigest, kVersion);
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->directory.parent_path(), dir_ / "app-1.0.0-abc.tablespaces");
  EXPECT_EQ(entry->verified_sha256, "whole-file-sha");
  EXPECT_EQ(entry->verified_stamp, stamp);
  ASSERT_NE(entry->find("users"), nullptr);
  EXPECT_EQ(entry->find("users")->bytes, 4096u);
  EXPECT_EQ(entry->find("projects"), nullptr);
  EXPECT_FALSE(find_tablespace_cache(payload_, "other-digest", kVersion));
  EXPECT_FALSE(find_tablespace_cache(payload_, kDigest, "10.11.20-MariaDB-log"));
}

TEST_F(TablespaceCache, NothingIsVisibleBeforeCommitAndAnAbandonedWriterLeavesNothing) {
  {
    TablespaceCacheWriter writer(payload_, kDigest, kVersion);
    writer.add("users", dir_ / "users.ibd", dir_ / "users.cfg");
    EXPECT_FALSE(find_tablespace_cache(payload_, kDigest, kVersion));
  }
  EXPECT_TRUE(fs::is_empty(tablespace_cache_root(payload_)));
}

TEST_F(TablespaceCache, AnEntryWithAFileOfTheWrongSizeOrWithoutManifestIsNotUsed) {
  write_entry();
  fs::path ibd = find_tablespace_cache(payload_, kDigest, kVersion)->find("users")->ibd;
  fs::resize_file(ibd, 100);
  EXPECT_FALSE(find_tablespace_cache(payload_, kDigest, kVersion));

  fs::path entry = ibd.parent_path();
  fs::remove_all(entry);
  fs::create_directories(entry);  // as if damaged: the directory without a manifest
  EXPECT_FALSE(find_tablespace_cache(payload_, kDigest, kVersion));
  write_entry();  // replaces the damaged one
  EXPECT_TRUE(find_tablespace_cache(payload_, kDigest, kVersion));
}

TEST_F(TablespaceCache, TheSecondOfTwoWritersKeepsTheFirstEntry) {
  {
    TablespaceCacheWriter first(payload_, kDigest, kVersion);
    TablespaceCacheWriter second(payload_, kDigest, kVersion);
    first.add("users", dir_ / "users.ibd", dir_ / "users.cfg");
    second.add("users", dir_ / "users.ibd", dir_ / "users.cfg");
    first.commit("first", stamp_of(payload_));
    second.commit("second", stamp_of(payload_));
  }
  EXPECT_EQ(find_tablespace_cache(payload_, kDigest, kVersion)->verified_sha256, "first");
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& item :
       fs::directory_iterator(tablespace_cache_root(payload_))) {
    ++entries;
  }
  EXPECT_EQ(entries, 1u);  // the loser's temporary directory is gone too
}

TEST_F(TablespaceCache, TheStampChangesWhenThePayloadIsRewritten) {
  PayloadStamp before = stamp_of(payload_);
  fs::path rewritten = dir_ / "rewritten";
  std::ofstream(rewritten) << "payload";
  fs::rename(rewritten, payload_);
  EXPECT_FALSE(stamp_of(payload_) == before);
}

}  // namespace
}  // namespace tdm
