// Snapshots of two versions of one fixture side by side, named by selector
// (`name[@version][:tier]`) in every verb that reads a snapshot: restore, export, diff, golden,
// list and prune. Every case drives the `tdm` binary against the real server.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "connection/connection.hpp"
#include "support/test_files.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::contains;
using testing::run_tdm;

// Fixture `app` captured at version 1.0.0 (t holds 'old') and then at 1.1.0 (t holds 'new').
class SnapshotVersionsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    connection_.emplace(testing::test_server());
    source_ = testing::fresh_database(*connection_, "versions_src");
    target_ = testing::fresh_database(*connection_, "versions_dst");
    dir_ = fs::path(testing::temporary_directory()) / "snapshots";
    capture("1.0.0", "old");
    capture("1.1.0", "new");
  }

  void capture(const std::string& version, const std::string& value) {
    std::string table = Connection::quote_identifier(source_) + ".t";
    connection_->execute("DROP TABLE IF EXISTS " + table);
    connection_->execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(20))");
    connection_->execute("INSERT INTO " + table + " VALUES (1, " + connection_->quote(value) + ")");
    CommandResult created =
        tdm({"snapshot", "create", "--name", "app", "--version", version, "--database", source_});
    ASSERT_EQ(created.exit_code, 0) << created.err;
  }

  // `tdm <args> --dir <dir> --server-dir <test server>`.
  CommandResult tdm(std::vector<std::string> args, bool with_server = true) {
    args.insert(args.end(), {"--dir", dir_.string()});
    if (with_server) args.insert(args.end(), {"--server-dir", testing::test_server_dir()});
    return run_tdm(args);
  }

  std::string value_in(const std::string& database) {
    return connection_
        ->scalar("SELECT v FROM " + Connection::quote_identifier(database) + ".t WHERE id = 1")
        .value_or("");
  }

  std::optional<Connection> connection_;
  std::string source_;
  std::string target_;
  fs::path dir_;
};

TEST_F(SnapshotVersionsCli, RestoreTakesTheVersionTheSelectorNames) {
  CommandResult old_one =
      tdm({"snapshot", "restore", "--snapshot", "app@1.0.0", "--database", target_});
  ASSERT_EQ(old_one.exit_code, 0) << old_one.err;
  EXPECT_EQ(value_in(target_), "old");

  CommandResult newest = tdm({"snapshot", "restore", "--snapshot", "app", "--database", target_});
  ASSERT_EQ(newest.exit_code, 0) << newest.err;
  EXPECT_EQ(value_in(target_), "new");

  CommandResult by_flag =
      tdm({"snapshot", "restore", "--name", "app", "--version", "1.0.0", "--database", target_});
  ASSERT_EQ(by_flag.exit_code, 0) << by_flag.err;
  EXPECT_EQ(value_in(target_), "old");
}

TEST_F(SnapshotVersionsCli, AVersionThatWasNeverCapturedIsNamedInTheError) {
  CommandResult missing =
      tdm({"snapshot", "restore", "--snapshot", "app@2.0.0", "--database", target_});
  EXPECT_EQ(missing.exit_code, 6) << missing.err;
  EXPECT_TRUE(contains(missing.err, "version 2.0.0")) << missing.err;
}

TEST_F(SnapshotVersionsCli, ExportWritesTheVersionTheSelectorNames) {
  fs::path file = dir_.parent_path() / "app-1.0.0.sql";
  CommandResult exported =
      tdm({"snapshot", "export", "--snapshot", "app@1.0.0", "--output", file.string()}, false);
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::string text = testing::read_bytes(file);
  EXPECT_TRUE(contains(text, "old")) << text;
  EXPECT_FALSE(contains(text, "new")) << text;
}

TEST_F(SnapshotVersionsCli, DiffComparesTwoVersionsBySelector) {
  CommandResult same = tdm({"diff", "app@1.0.0", "app@1.0.0"}, false);
  EXPECT_EQ(same.exit_code, 0) << same.err;
  CommandResult differ = tdm({"diff", "app@1.0.0", "app@1.1.0"}, false);
  EXPECT_EQ(differ.exit_code, 1) << differ.err;
  EXPECT_TRUE(contains(differ.out, "old")) << differ.out;
  EXPECT_TRUE(contains(differ.out, "new")) << differ.out;
}

TEST_F(SnapshotVersionsCli, GoldenBaselineOfOneVersionFlagsTheOther) {
  fs::path baselines = dir_.parent_path() / "golden";
  CommandResult accepted = tdm({"golden", "accept", "--snapshot", "app@1.0.0", "--baseline-dir",
                                baselines.string(), "--database", target_});
  ASSERT_EQ(accepted.exit_code, 0) << accepted.err;
  CommandResult same = tdm({"golden", "check", "--snapshot", "app@1.0.0", "--baseline-dir",
                            baselines.string(), "--database", target_});
  EXPECT_EQ(same.exit_code, 0) << same.err << same.out;
  CommandResult changed = tdm({"golden", "check", "--snapshot", "app@1.1.0", "--baseline-dir",
                               baselines.string(), "--database", target_});
  EXPECT_EQ(changed.exit_code, 1) << changed.err;
  EXPECT_TRUE(contains(changed.out + changed.err, "new")) << changed.out << changed.err;
}

TEST_F(SnapshotVersionsCli, ListShowsOneVersionWhenAsked) {
  CommandResult all = tdm({"snapshot", "list"}, false);
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_TRUE(contains(all.out, "1.0.0") && contains(all.out, "1.1.0")) << all.out;
  CommandResult one = tdm({"snapshot", "list", "--version", "1.0.0"}, false);
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_TRUE(contains(one.out, "1.0.0")) << one.out;
  EXPECT_FALSE(contains(one.out, "1.1.0")) << one.out;
}

TEST_F(SnapshotVersionsCli, PruneKeepsEachVersionUnlessToldToPruneAcrossThem) {
  CommandResult kept = tdm({"snapshot", "prune", "--keep", "1"}, false);
  ASSERT_EQ(kept.exit_code, 0) << kept.err;
  CommandResult both = tdm({"snapshot", "list"}, false);
  EXPECT_TRUE(contains(both.out, "1.0.0") && contains(both.out, "1.1.0")) << both.out;

  CommandResult pruned = tdm({"snapshot", "prune", "--keep", "1", "--across-versions"}, false);
  ASSERT_EQ(pruned.exit_code, 0) << pruned.err;
  CommandResult newest = tdm({"snapshot", "list"}, false);
  EXPECT_FALSE(contains(newest.out, "1.0.0")) << newest.out;
  EXPECT_TRUE(contains(newest.out, "1.1.0")) << newest.out;
}

}  // namespace
}  // namespace tdm
