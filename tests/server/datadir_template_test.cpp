#include "server/datadir_template.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>
#include <vector>

#include "core/files.hpp"
#include "core/sparse_copy.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

using Variables = std::map<std::string, std::string>;

const std::vector<std::string> kArguments = {"mariadb-install-db", "--datadir=<datadir>"};

void write(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

// A stand-in for an initialised datadir: nested directories, a small file and a large one
// that is mostly zeros (like InnoDB's redo log).
class DatadirTemplateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write(source / "aria_log_control", "control");
    write(source / "mysql" / "user.MAI", "users");
    std::string log(8 << 20, '\0');
    log.replace(0, 5, "head!");
    log.replace(log.size() - 4, 4, "tail");
    write(source / "ib_logfile0", log);
    fs::permissions(source / "mysql", fs::perms::owner_all);
  }

  DatadirTemplate make_template(const std::string& version = "mariadbd Ver 10.11") const {
    return DatadirTemplate(cache, version, kArguments);
  }

  fs::path root = testing::temporary_directory();
  fs::path source = root / "source";
  fs::path cache = root / "cache" / "datadir";
};

TEST(DatadirTemplateCache, TdmCacheDirThenXdgCacheHomeThenHome) {
  Environment all(Variables{{"TDM_CACHE_DIR", "/c/tdm"}, {"XDG_CACHE_HOME", "/x"}, {"HOME", "/h"}});
  EXPECT_EQ(datadir_template_cache(all), fs::path("/c/tdm/datadir"));
  Environment xdg(Variables{{"XDG_CACHE_HOME", "/x"}, {"HOME", "/h"}});
  EXPECT_EQ(datadir_template_cache(xdg), fs::path("/x/tdm/datadir"));
  Environment home(Variables{{"HOME", "/h"}});
  EXPECT_EQ(datadir_template_cache(home), fs::path("/h/.cache/tdm/datadir"));
  // Relative paths are ignored, as the XDG specification asks.
  Environment relative(Variables{{"XDG_CACHE_HOME", "cache"}, {"HOME", "/h"}});
  EXPECT_EQ(datadir_template_cache(relative), fs::path("/h/.cache/tdm/datadir"));
  EXPECT_EQ(datadir_template_cache(Environment()), std::nullopt);
}

TEST(DatadirTemplateCache, TdmDatadirCacheZeroTurnsItOff) {
  for (const char* off : {"0", "off", "NO", "false"}) {
    Environment environment(Variables{{"TDM_CACHE_DIR", "/c"}, {"TDM_DATADIR_CACHE", off}});
    EXPECT_EQ(datadir_template_cache(environment), std::nullopt) << off;
  }
  Environment on(Variables{{"TDM_CACHE_DIR", "/c"}, {"TDM_DATADIR_CACHE", "1"}});
  EXPECT_EQ(datadir_template_cache(on), fs::path("/c/datadir"));
}

TEST_F(DatadirTemplateTest, TheKeyChangesWithTheServerVersionAndTheArguments) {
  DatadirTemplate base = make_template("mariadbd Ver 10.11.19");
  EXPECT_EQ(base.key().size(), 64u);
  EXPECT_EQ(base.directory(), cache / base.key());
  EXPECT_EQ(make_template("mariadbd Ver 10.11.19\n").key(), base.key());
  EXPECT_NE(make_template("mariadbd Ver 10.11.20").key(), base.key());
  DatadirTemplate other_arguments(cache, "mariadbd Ver 10.11.19",
                                  {"mariadb-install-db", "--datadir=<datadir>", "--skip-test-db"});
  EXPECT_NE(other_arguments.key(), base.key());
}

TEST_F(DatadirTemplateTest, ASavedTemplateIsCompleteAndCopiesBackEqualAndSparse) {
  DatadirTemplate cached = make_template();
  EXPECT_FALSE(cached.complete());
  ASSERT_TRUE(cached.save(source));
  EXPECT_TRUE(cached.complete());
  EXPECT_NE(read_file(cached.manifest()).find("mariadbd Ver 10.11"), std::string::npos);

  fs::path copy = root / "copy";
  ASSERT_TRUE(cached.copy_to(copy));
  for (const char* file : {"aria_log_control", "mysql/user.MAI", "ib_logfile0"}) {
    EXPECT_EQ(read_file(copy / file), read_file(source / file)) << file;
  }
  EXPECT_EQ(fs::status(copy / "mysql").permissions(), fs::perms::owner_all);
  struct stat log {};
  ASSERT_EQ(::stat((copy / "ib_logfile0").c_str(), &log), 0);
  EXPECT_LT(log.st_blocks * 512, log.st_size / 4) << "the zeros were written, not left as holes";
  // Only the template itself is left in the cache: no staging copies.
  EXPECT_EQ(std::distance(fs::directory_iterator(cache), fs::directory_iterator()), 1);
}

TEST_F(DatadirTemplateTest, AnExistingTemplateIsNeverReplaced) {
  DatadirTemplate cached = make_template();
  ASSERT_TRUE(cached.save(source));
  write(source / "aria_log_control", "changed");
  EXPECT_FALSE(cached.save(source));
  EXPECT_EQ(read_file(cached.directory() / "data" / "aria_log_control"), "control");
}

TEST_F(DatadirTemplateTest, ATemplateWithoutItsManifestIsNotUsed) {
  DatadirTemplate cached = make_template();
  ASSERT_TRUE(cached.save(source));
  fs::remove(cached.manifest());
  EXPECT_FALSE(cached.complete());
  fs::path copy = root / "copy";
  EXPECT_FALSE(cached.copy_to(copy));
  EXPECT_FALSE(fs::exists(copy));
}

TEST_F(DatadirTemplateTest, AFailedCopyLeavesNoHalfDatadir) {
  DatadirTemplate cached = make_template();
  ASSERT_TRUE(cached.save(source));
  // Something a datadir never holds: the copy refuses it.
  ASSERT_EQ(::mkfifo((cached.directory() / "data" / "zz-fifo").c_str(), 0600), 0);
  fs::path copy = root / "copy";
  EXPECT_FALSE(cached.copy_to(copy));
  EXPECT_FALSE(fs::exists(copy));
}

TEST_F(DatadirTemplateTest, AnUnwritableCacheIsNoError) {
  write(root / "a-file", "not a directory");
  DatadirTemplate cached(root / "a-file" / "datadir", "mariadbd Ver 10.11", kArguments);
  EXPECT_FALSE(cached.save(source));
  EXPECT_FALSE(cached.complete());
}

TEST_F(DatadirTemplateTest, ConcurrentSavesLeaveOneCompleteTemplate) {
  DatadirTemplate cached = make_template();
  std::atomic<int> saved{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < 4; ++i) {
    writers.emplace_back([&] { saved += cached.save(source) ? 1 : 0; });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(saved, 1);
  EXPECT_TRUE(cached.complete());
  EXPECT_EQ(std::distance(fs::directory_iterator(cache), fs::directory_iterator()), 1);
}

TEST_F(DatadirTemplateTest, AbandonedStagingCopiesAreRemovedYoungOnesKept) {
  fs::path abandoned = cache / "0123.tmp.99999.0";
  fs::path young = cache / "4567.tmp.99999.1";
  fs::create_directories(abandoned);
  fs::create_directories(young);
  fs::last_write_time(abandoned, fs::file_time_type::clock::now() - std::chrono::hours(2));
  ASSERT_TRUE(make_template().save(source));
  EXPECT_FALSE(fs::exists(abandoned));
  EXPECT_TRUE(fs::exists(young));
}

TEST_F(DatadirTemplateTest, SparseCopyRefusesSymbolicLinks) {
  fs::create_symlink("/etc", source / "link");
  EXPECT_THROW(copy_tree_sparse(source, root / "copy", false), fs::filesystem_error);
}

}  // namespace
}  // namespace tdm
