// The `tdm` binary as a user runs it against a server: exit codes, decision lines.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "connection/connection.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

using testing::run_tdm;

// The CTest fixture's cleanup (`server stop --owner-file`) stops the embedded server only when
// its setup started it: a server the user started by hand in that directory keeps running.
TEST(Cli, AnOwnerFileKeepsSomeoneElsesServerRunning) {
  std::string dir = testing::temporary_directory();
  std::string server = dir + "/srv", owner = dir + "/owner";
  struct StopAtExit {
    std::string dir;
    ~StopAtExit() { run_tdm({"server", "stop", "--dir", dir}); }
  } stop_at_exit{server};
  auto server_verb = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"server"});
    args.insert(args.end(), {"--dir", server});
    return run_tdm(args).exit_code;
  };

  ASSERT_EQ(server_verb({"start"}), 0);  // by hand
  EXPECT_EQ(server_verb({"start", "--reuse", "--owner-file", owner}), 0);
  EXPECT_FALSE(std::filesystem::exists(owner));
  EXPECT_EQ(server_verb({"stop", "--owner-file", owner}), 0);
  EXPECT_EQ(server_verb({"status"}), 0) << "the hand-started server was stopped";
  ASSERT_EQ(server_verb({"stop"}), 0);

  EXPECT_EQ(server_verb({"start", "--reuse", "--owner-file", owner}), 0);
  EXPECT_TRUE(std::filesystem::exists(owner));
  EXPECT_EQ(server_verb({"stop", "--owner-file", owner}), 0);
  EXPECT_EQ(server_verb({"status"}), 4) << "the fixture's own server kept running";
  EXPECT_FALSE(std::filesystem::exists(owner));
}

TEST(Cli, BootstrapPrintsItsDecisionAndRefusesNonTestDatabases) {
  std::string dir = testing::temporary_directory();
  std::filesystem::create_directories(dir + "/sql");
  std::ofstream(dir + "/sql/001.sql") << "CREATE TABLE t (id INT PRIMARY KEY);\n"
                                         "INSERT INTO t VALUES (1), (2);\n";
  Connection connection(testing::test_server());
  std::string database = testing::fresh_database(connection);
  std::vector<std::string> args = {"bootstrap",
                                   "--name",
                                   "cli",
                                   "--dir",
                                   dir + "/snaps",
                                   "--inputs",
                                   "sql",
                                   "--base",
                                   dir,
                                   "--sql-dir",
                                   dir + "/sql",
                                   "--server-dir",
                                   testing::test_server_dir(),
                                   "--database",
                                   database};
  auto first = run_tdm(args, {{"TDM_MODE", "AUTO"}});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("tdm: AUTO: no snapshot of 'cli' -> seeding"), std::string::npos)
      << first.err;
  auto second = run_tdm(args, {{"TEST_DATA_MODE", "SNAPSHOT"}});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find("tdm: SNAPSHOT: snapshot cli-"), std::string::npos) << second.err;

  args.back() = "cli_production";
  auto refused = run_tdm(args);
  EXPECT_EQ(refused.exit_code, 5);
  EXPECT_NE(refused.err.find("refusing to bootstrap database 'cli_production'"), std::string::npos);
}

// The setup restores the tier TDM_TIER names; an unknown one is exit 3 naming the tiers there
// are, before anything is touched. `config` says where the tier came from.
TEST(Cli, TheTierComesFromTdmTierAndAnUnknownOneIsExitThree) {
  std::string dir = testing::temporary_directory();
  for (const char* tier : {"small", "large"}) {
    std::filesystem::create_directories(dir + "/sql/" + tier);
    std::ofstream(dir + "/sql/" + tier + "/001.sql")
        << "CREATE TABLE t (tier VARCHAR(10)); INSERT INTO t VALUES ('" << tier << "');\n";
  }
  Connection connection(testing::test_server());
  std::string database = testing::fresh_database(connection);
  std::vector<std::string> args = {"bootstrap",
                                   "--name",
                                   "tiers",
                                   "--dir",
                                   dir + "/snaps",
                                   "--inputs",
                                   "sql/@TIER@",
                                   "--base",
                                   dir,
                                   "--sql-dir",
                                   dir + "/sql/@TIER@",
                                   "--tiers",
                                   "small",
                                   "large",
                                   "--default-tier",
                                   "small",
                                   "--server-dir",
                                   testing::test_server_dir(),
                                   "--database",
                                   database};
  auto unknown = run_tdm(args, {{"TDM_TIER", "huge"}});
  EXPECT_EQ(unknown.exit_code, 3) << unknown.err;
  EXPECT_NE(
      unknown.err.find("TDM_TIER 'huge' is not a tier of fixture 'tiers'; fix: use one of its "
                       "tiers: small, large"),
      std::string::npos)
      << unknown.err;

  auto large = run_tdm(args, {{"TDM_TIER", "large"}});
  EXPECT_EQ(large.exit_code, 0) << large.err;
  EXPECT_NE(large.err.find("no snapshot of 'tiers:large'"), std::string::npos) << large.err;
  EXPECT_EQ(connection.scalar("SELECT tier FROM " + Connection::quote_identifier(database) + ".t"),
            "large");
  auto small = run_tdm(args);
  EXPECT_EQ(small.exit_code, 0) << small.err;
  EXPECT_EQ(connection.scalar("SELECT tier FROM " + Connection::quote_identifier(database) + ".t"),
            "small");

  auto listed = run_tdm({"snapshot", "list", "--dir", dir + "/snaps"});
  EXPECT_NE(listed.out.find("TIER"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("tiers-large-"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find(" large "), std::string::npos) << listed.out;

  args[0] = "config";
  auto config = run_tdm(args, {{"TDM_TIER", "large"}});
  EXPECT_NE(config.out.find("tier: large  (environment TDM_TIER)"), std::string::npos)
      << config.out;
}

TEST(Cli, StrictSnapshotModeWithoutASnapshotIsExitSixAndSaysHowToBuildOne) {
  std::string dir = testing::temporary_directory();
  std::filesystem::create_directories(dir + "/sql");
  std::ofstream(dir + "/sql/001.sql") << "CREATE TABLE t (id INT PRIMARY KEY);\n";
  Connection connection(testing::test_server());
  std::vector<std::string> args = {"bootstrap",
                                   "--name",
                                   "strict",
                                   "--dir",
                                   dir + "/snaps",
                                   "--inputs",
                                   "sql",
                                   "--base",
                                   dir,
                                   "--sql-dir",
                                   dir + "/sql",
                                   "--server-dir",
                                   testing::test_server_dir(),
                                   "--database",
                                   testing::fresh_database(connection)};
  auto strict = run_tdm(args, {{"TDM_MODE", "SNAPSHOT"}, {"TDM_STRICT", "1"}});
  EXPECT_EQ(strict.exit_code, 6) << strict.err;
  EXPECT_NE(strict.err.find("no snapshot of 'strict' -> failing (strict)"), std::string::npos)
      << strict.err;
  EXPECT_NE(strict.err.find("--target snapshot"), std::string::npos) << strict.err;

  auto lenient = run_tdm(args, {{"TDM_MODE", "SNAPSHOT"}});
  EXPECT_EQ(lenient.exit_code, 0) << lenient.err;
  EXPECT_NE(lenient.err.find("no snapshot of 'strict' -> falling back to seeding"),
            std::string::npos)
      << lenient.err;
}

TEST(Cli, SnapshotListVerifyAndACorruptPayload) {
  std::string dir = testing::temporary_directory();
  Connection connection(testing::test_server());
  std::string database = testing::fresh_database(connection);
  connection.execute("CREATE TABLE " + Connection::quote_identifier(database) +
                     ".t (id INT PRIMARY KEY, v TEXT)");
  connection.execute("INSERT INTO " + Connection::quote_identifier(database) +
                     ".t VALUES (1, 'one'), (2, NULL)");
  auto created = run_tdm({"snapshot", "create", "--name", "listed", "--version", "2.0.0", "--dir",
                          dir, "--server-dir", testing::test_server_dir(), "--database", database});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  auto list = run_tdm({"snapshot", "list", "--dir", dir});
  EXPECT_NE(list.out.find("listed-2.0.0-"), std::string::npos) << list.out;
  EXPECT_EQ(run_tdm({"snapshot", "verify", "--dir", dir}).exit_code, 0);

  std::string payload = created.out.substr(0, created.out.find('\n'));
  {
    std::fstream file(payload, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(-3, std::ios::end);
    file.put('#');
  }
  auto verify = run_tdm({"snapshot", "verify", "--dir", dir});
  EXPECT_EQ(verify.exit_code, 6);
  EXPECT_NE(verify.out.find("CORRUPT"), std::string::npos);
  auto restore = run_tdm({"snapshot", "restore", "--name", "listed", "--dir", dir, "--server-dir",
                          testing::test_server_dir(), "--database", database});
  EXPECT_EQ(restore.exit_code, 6) << restore.err;
  EXPECT_EQ(
      connection.scalar("SELECT COUNT(*) FROM " + Connection::quote_identifier(database) + ".t"),
      "2");  // untouched: the checksum is checked before the database
}

TEST(Cli, RestoreWithASpareSaysWhyNotAndSwapsOnceTheSpareIsPrepared) {
  std::string dir = testing::temporary_directory();
  Connection connection(testing::test_server());
  std::string source = testing::fresh_database(connection, "source");
  std::string target = testing::database_name_for_current_test("target");
  connection.execute("CREATE TABLE " + Connection::quote_identifier(source) +
                     ".t (id INT PRIMARY KEY)");
  connection.execute("INSERT INTO " + Connection::quote_identifier(source) + ".t VALUES (1), (2)");
  const std::vector<std::string> where = {
      "--name", "swapped", "--dir", dir, "--server-dir", testing::test_server_dir(), "--database"};
  auto args = [&](std::vector<std::string> verb, const std::string& database) {
    verb.insert(verb.end(), where.begin(), where.end());
    verb.push_back(database);
    return verb;
  };
  ASSERT_EQ(run_tdm(args({"snapshot", "create"}, source)).exit_code, 0);
  auto first = run_tdm(args({"snapshot", "restore", "--spare"}, target));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("tdm: spare not used: there is no spare '" + target + "__spare'"),
            std::string::npos)
      << first.err;
  auto spare = run_tdm(args({"snapshot", "spare"}, target));
  ASSERT_EQ(spare.exit_code, 0) << spare.err;
  EXPECT_NE(spare.err.find("tdm: spare " + target + "__spare of swapped-"), std::string::npos)
      << spare.err;
  auto swapped = run_tdm(args({"snapshot", "restore", "--spare"}, target));
  ASSERT_EQ(swapped.exit_code, 0) << swapped.err;
  EXPECT_NE(swapped.err.find("; spare " + target + "__spare swapped in)"), std::string::npos)
      << swapped.err;
  EXPECT_EQ(
      connection.scalar("SELECT COUNT(*) FROM " + Connection::quote_identifier(target) + ".t"),
      "2");
  for (const char* suffix : {"", "__spare", "__trash"}) {
    connection.execute("DROP DATABASE IF EXISTS " + Connection::quote_identifier(target + suffix));
  }
}

}  // namespace
}  // namespace tdm
