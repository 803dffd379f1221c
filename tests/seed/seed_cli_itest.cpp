// `tdm seed` end to end: the built binary against the test server.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "seed_test_files.hpp"
#include "state/bookkeeping.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;
using testing::count_rows;
using testing::write_test_file;

using TdmRun = testing::CommandResult;

class SeedCliTest : public ::testing::Test {
 protected:
  SeedCliTest()
      : connection_(testing::test_server()),
        database_(testing::database_name_for_current_test()),
        dir_(testing::temporary_directory()) {
    drop();
  }
  ~SeedCliTest() override {
    drop();
    Bookkeeping(connection_).forget(database_);
    fs::remove_all(dir_);
  }

  void drop() {
    connection_.execute("DROP DATABASE IF EXISTS " + Connection::quote_identifier(database_));
  }

  // Runs `tdm seed <arguments>`, its environment cleared of connection settings of the caller.
  TdmRun tdm_seed(const std::vector<std::string>& arguments) {
    std::vector<std::string> args = {"seed"};
    args.insert(args.end(), arguments.begin(), arguments.end());
    std::map<std::string, std::string> cleared;
    for (const char* name : {"TDM_DATABASE_URL", "TDM_SERVER_DIR", "TDM_DATABASE",
                             "TDM_TEST_DB_PATTERNS", "TDM_TEST_DATABASES", "TDM_LOCK_TIMEOUT"}) {
      cleared[name] = "";
    }
    return testing::run_tdm(args, cleared);
  }

  std::vector<std::string> connect_to(const std::string& database) {
    return {"--server-dir", testing::test_server_dir(), "--database", database};
  }

  fs::path sql_dir() {
    fs::path dir = dir_ / "sql";
    write_test_file(dir / "001_schema.sql", "CREATE TABLE items (id INT PRIMARY KEY);");
    write_test_file(dir / "002_more.sql", "CREATE TABLE tags (id INT);");
    write_test_file(dir / "003_data.sql",
                    "INSERT INTO items VALUES (1);\nINSERT INTO items VALUES (2);");
    return dir;
  }

  Connection connection_;
  std::string database_;
  fs::path dir_;
};

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST_F(SeedCliTest, SeedsFromSqlDirs) {
  TdmRun run = tdm_seed(connect_to(database_) +
                        std::vector<std::string>{"--sql-dir", sql_dir().string(), "--hash", "h1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::string expected = "tdm: seeded " + database_ + " from 3 SQL files (4 statements) in ";
  EXPECT_EQ(run.err.rfind(expected, 0), 0u) << run.err;
  EXPECT_EQ(run.err.find('\n'), run.err.size() - 1) << "one line: " << run.err;
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(count_rows(connection_, database_, "items"), "2");
  auto state = Bookkeeping(connection_).read(database_);
  ASSERT_TRUE(state);
  EXPECT_EQ(state->state, DatabaseState::kSeeded);
  EXPECT_EQ(state->data_model_hash, "h1");
}

TEST_F(SeedCliTest, SeedsByCommandAfterDoubleDash) {
  TdmRun run = tdm_seed(
      connect_to(database_) +
      std::vector<std::string>{"--", "sh", "-c",
                               "mariadb --no-defaults --socket \"$TDM_DB_SOCKET\" -u "
                               "\"$TDM_DB_USER\" \"$TDM_DATABASE\" -e 'CREATE TABLE by_cmd (a INT)'"
                               " && echo seeded-output"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("tdm: seeded " + database_ + " by 'sh -c mariadb"), std::string::npos)
      << run.err;
  EXPECT_EQ(run.out, "seeded-output\n");  // the command's output is passed through
  EXPECT_TRUE(testing::table_exists(connection_, database_, "by_cmd"));
}

TEST_F(SeedCliTest, FailingCommandExitsWithSeedCode) {
  TdmRun run = tdm_seed(connect_to(database_) +
                        std::vector<std::string>{"--", "sh", "-c", "echo boom >&2; exit 3"});
  EXPECT_EQ(run.exit_code, static_cast<int>(ExitCode::kSeed));
  EXPECT_NE(run.err.find("boom\n"), std::string::npos) << run.err;
  EXPECT_NE(
      run.err.find("tdm: error: seed command 'sh -c echo boom >&2; exit 3' exited with code 3"),
      std::string::npos)
      << run.err;
}

TEST_F(SeedCliTest, FailingSqlExitsWithSeedCodeAndNamesTheLine) {
  fs::path dir = sql_dir();
  write_test_file(dir / "004_bad.sql",
                  "INSERT INTO items VALUES (3);\n\nINSERT INTO nope VALUES (1);");
  TdmRun run =
      tdm_seed(connect_to(database_) + std::vector<std::string>{"--sql-dir", dir.string()});
  EXPECT_EQ(run.exit_code, static_cast<int>(ExitCode::kSeed));
  EXPECT_NE(
      run.err.find("tdm: error: " + (dir / "004_bad.sql").string() + ":3: MariaDB error 1146 ("),
      std::string::npos)
      << run.err;
}

TEST_F(SeedCliTest, RefusesANonTestDatabase) {
  TdmRun run = tdm_seed(connect_to("seedcli_prod") +
                        std::vector<std::string>{"--sql-dir", sql_dir().string()});
  EXPECT_EQ(run.exit_code, static_cast<int>(ExitCode::kRefused));
  EXPECT_NE(run.err.find("seedcli_prod"), std::string::npos) << run.err;
}

TEST_F(SeedCliTest, NeitherSourceIsAUsageError) {
  TdmRun run = tdm_seed(connect_to(database_));
  EXPECT_EQ(run.exit_code, static_cast<int>(ExitCode::kUsage));
  EXPECT_NE(run.err.find("--sql-dir"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("fix:"), std::string::npos) << run.err;
}

TEST_F(SeedCliTest, BothSourcesIsAUsageError) {
  TdmRun run = tdm_seed(connect_to(database_) +
                        std::vector<std::string>{"--sql-dir", sql_dir().string(), "--", "true"});
  EXPECT_EQ(run.exit_code, static_cast<int>(ExitCode::kUsage));
  EXPECT_FALSE(testing::table_exists(connection_, database_, "items"));
}

TEST_F(SeedCliTest, NoDatabaseIsAUsageError) {
  TdmRun run = tdm_seed({"--server-dir", testing::test_server_dir(), "--", "true"});
  EXPECT_EQ(run.exit_code, static_cast<int>(ExitCode::kUsage));
  EXPECT_NE(run.err.find("--database"), std::string::npos) << run.err;
}

TEST_F(SeedCliTest, HelpExplainsTheCommandAndShowsAnExample) {
  TdmRun run = tdm_seed({"--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("--sql-dir"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("TDM_DB_SOCKET"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("tdm seed --server-dir build/tdm-server --database app_test -- npx knex "
                         "seed:run"),
            std::string::npos)
      << run.out;
}

}  // namespace
}  // namespace tdm
