#include "snapshot/tablespace_cache.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <fstream>

#include "support/test_files.hpp"
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
  FileStamp write_entry(const std::string& digest = kDigest,
                        const std::string& version = kVersion) {
    TablespaceCacheWriter writer(payload_, digest, version);
    writer.add("users", dir_ / "users.ibd", dir_ / "users.cfg");
    FileStamp stamp = stamp_of(payload_);
    writer.commit("whole-file-sha", stamp);
    return stamp;
  }

  std::optional<TablespaceCacheEntry> find(const std::string& digest, const std::string& version) {
    TablespaceCacheLookup lookup = find_tablespace_cache(payload_, digest, version);
    dropped_ = lookup.dropped;
    return lookup.entry;
  }

  fs::path dir_;
  fs::path payload_;
  std::string dropped_;  // what the last find() refused
};

TEST_F(TablespaceCache, AnEntryIsFoundForItsDigestAndServerVersionOnly) {
  EXPECT_FALSE(find(kDigest, kVersion));
  FileStamp stamp = write_entry();

  auto entry = find(kDigest, kVersion);
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->directory.parent_path(), dir_ / "app-1.0.0-abc.tablespaces");
  EXPECT_EQ(entry->verified_sha256, "whole-file-sha");
  EXPECT_EQ(entry->verified_stamp, stamp);
  ASSERT_NE(entry->find("users"), nullptr);
  EXPECT_EQ(entry->find("users")->bytes(), 4096u);
  EXPECT_EQ(entry->find("projects"), nullptr);
  EXPECT_FALSE(find("other-digest", kVersion));
  EXPECT_FALSE(find(kDigest, "10.11.20-MariaDB-log"));
}

TEST_F(TablespaceCache, NothingIsVisibleBeforeCommitAndAnAbandonedWriterLeavesNothing) {
  {
    TablespaceCacheWriter writer(payload_, kDigest, kVersion);
    writer.add("users", dir_ / "users.ibd", dir_ / "users.cfg");
    EXPECT_FALSE(find(kDigest, kVersion));
  }
  EXPECT_TRUE(fs::is_empty(tablespace_cache_root(payload_)));
}

TEST_F(TablespaceCache, AnEntryWithAFileOfTheWrongSizeOrWithoutManifestIsRefusedAndRemoved) {
  write_entry();
  fs::path ibd = find(kDigest, kVersion)->find("users")->ibd.path;
  fs::path entry = ibd.parent_path();
  fs::resize_file(ibd, 100);
  EXPECT_FALSE(find(kDigest, kVersion));
  EXPECT_NE(dropped_.find("users.ibd is 100 bytes, 4096 were written"), std::string::npos)
      << dropped_;
  EXPECT_FALSE(fs::exists(entry));

  fs::create_directories(entry);  // as if damaged: the directory without a manifest
  EXPECT_FALSE(find(kDigest, kVersion));
  EXPECT_NE(dropped_.find("no manifest.json"), std::string::npos) << dropped_;
  write_entry();
  EXPECT_TRUE(find(kDigest, kVersion));
}

// Another data set's copy of the same table, of the same size, planted in the entry.
TEST_F(TablespaceCache, AFileOfTheSameSizeButOtherContentIsRefusedAndRemoved) {
  write_entry();
  fs::path ibd = find(kDigest, kVersion)->find("users")->ibd.path;
  testing::write_test_file(ibd, std::string(4096, 'x'));
  EXPECT_FALSE(find(kDigest, kVersion));
  EXPECT_NE(dropped_.find("users.ibd is not the file written into the entry"), std::string::npos)
      << dropped_;
  EXPECT_FALSE(fs::exists(ibd.parent_path()));
}

TEST_F(TablespaceCache, AFileTouchedOrCopiedWithTheSameContentIsTakenAndRestamped) {
  write_entry();
  fs::path cfg = find(kDigest, kVersion)->find("users")->cfg.path;
  FileStamp before = stamp_of(cfg);
  fs::path copy = cfg.string() + ".copy";
  fs::copy_file(cfg, copy);
  fs::rename(copy, cfg);  // same content, another inode
  ASSERT_FALSE(stamp_of(cfg) == before);
  auto entry = find(kDigest, kVersion);
  ASSERT_TRUE(entry) << dropped_;
  EXPECT_EQ(entry->find("users")->cfg.stamp, stamp_of(cfg));  // recorded for the next look
  EXPECT_EQ(find(kDigest, kVersion)->find("users")->cfg.stamp, stamp_of(cfg));
}

TEST_F(TablespaceCache, CheckingHashesEveryFileWhateverItsStamp) {
  write_entry();
  EXPECT_TRUE(check_tablespace_cache(payload_, "whole-file-sha").empty());
  auto problems = check_tablespace_cache(payload_, "another-payload-sha");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("built from another payload"), std::string::npos) << problems[0];

  // Same size and, put back, the same stamp: only reading the file finds the change.
  fs::path ibd = find(kDigest, kVersion)->find("users")->ibd.path;
  FileStamp stamp = stamp_of(ibd);
  {
    std::fstream file(ibd, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(10);
    file.put('!');
  }
  struct timespec times[2] = {{0, UTIME_OMIT},
                              {static_cast<time_t>(stamp.mtime_ns / 1'000'000'000),
                               static_cast<long>(stamp.mtime_ns % 1'000'000'000)}};
  ASSERT_EQ(::utimensat(AT_FDCWD, ibd.c_str(), times, 0), 0);
  ASSERT_EQ(stamp_of(ibd), stamp);
  EXPECT_TRUE(find(kDigest, kVersion));  // the stat-only look trusts it
  problems = check_tablespace_cache(payload_, "whole-file-sha");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("users.ibd is not the file written into the entry"), std::string::npos)
      << problems[0];
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
  EXPECT_EQ(find(kDigest, kVersion)->verified_sha256, "first");
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& item :
       fs::directory_iterator(tablespace_cache_root(payload_))) {
    ++entries;
  }
  EXPECT_EQ(entries, 1u);  // the loser's temporary directory is gone too
}

TEST_F(TablespaceCache, TheStampChangesWhenThePayloadIsRewritten) {
  FileStamp before = stamp_of(payload_);
  fs::path rewritten = dir_ / "rewritten";
  std::ofstream(rewritten) << "payload";
  fs::rename(rewritten, payload_);
  EXPECT_FALSE(stamp_of(payload_) == before);
}

}  // namespace
}  // namespace tdm
