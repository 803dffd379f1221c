#include "seed/seeder.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "seed_test_files.hpp"
#include "state/bookkeeping.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;
using testing::count_rows;
using testing::error_from;
using testing::table_exists;
using testing::write_test_file;

class SeederTest : public ::testing::Test {
 protected:
  SeederTest()
      : connection_(testing::test_server()),
        database_(testing::database_name_for_current_test()),
        dir_(testing::temporary_directory()) {
    drop(database_);
    Bookkeeping(connection_).forget(database_);
  }
  ~SeederTest() override {
    drop(database_);
    Bookkeeping(connection_).forget(database_);
    fs::remove_all(dir_);
  }

  void drop(const std::string& database) {
    connection_.execute("DROP DATABASE IF EXISTS " + Connection::quote_identifier(database));
  }

  SeedRequest sql_request() {
    write_test_file(dir_ / "sql" / "001_schema.sql", "CREATE TABLE users (id INT PRIMARY KEY);");
    write_test_file(dir_ / "sql" / "002_data.sql",
                    "INSERT INTO users VALUES (1);\nINSERT INTO users VALUES (2);");
    SeedRequest request;
    request.database = database_;
    request.sql_dirs = {dir_ / "sql"};
    request.data_model_hash = "abc123";
    return request;
  }

  SeedRequest command_request(std::string script) {
    SeedRequest request;
    request.database = database_;
    request.command = {"sh", "-c", std::move(script)};
    request.data_model_hash = "def456";
    return request;
  }

  SeedReport seed(const SeedRequest& request) {
    return seed_database(testing::test_server(), request, TestDatabaseRule());
  }

  std::optional<StateRecord> record() { return Bookkeeping(connection_).read(database_); }

  Connection connection_;
  std::string database_;
  fs::path dir_;
};

TEST_F(SeederTest, SeedsFromSqlDirsAndRecordsSeeded) {
  SeedReport report = seed(sql_request());
  EXPECT_EQ(report.files, 2u);
  EXPECT_EQ(report.statements, 3u);
  EXPECT_GT(report.seconds, 0.0);
  EXPECT_EQ(count_rows(connection_, database_, "users"), "2");

  auto state = record();
  ASSERT_TRUE(state);
  EXPECT_EQ(state->state, DatabaseState::kSeeded);
  EXPECT_EQ(state->data_model_hash, "abc123");
  EXPECT_EQ(state->snapshot, "");
  EXPECT_FALSE(state->finished_at.empty());
}

TEST_F(SeederTest, RecreatesTheDatabaseWithUtf8mb4) {
  connection_.execute("CREATE DATABASE " + Connection::quote_identifier(database_) +
                      " CHARACTER SET latin1");
  connection_.execute("CREATE TABLE " + Connection::quote_identifier(database_) +
                      ".leftover (a INT)");
  seed(sql_request());
  EXPECT_FALSE(table_exists(connection_, database_, "leftover"));
  EXPECT_EQ(connection_.scalar("SELECT CONCAT(DEFAULT_CHARACTER_SET_NAME, ' ', "
                               "DEFAULT_COLLATION_NAME) FROM information_schema.SCHEMATA WHERE "
                               "SCHEMA_NAME = " +
                               connection_.quote(database_)),
            "utf8mb4 utf8mb4_unicode_ci");
}

TEST_F(SeederTest, IgnoresTheDefaultDatabaseOfTheServerParams) {
  // resolve_connection puts the target in params.database; it need not exist yet.
  SeedRequest request = sql_request();
  seed_database(testing::test_server().with_database(database_), request, TestDatabaseRule());
  EXPECT_EQ(count_rows(connection_, database_, "users"), "2");
}

TEST_F(SeederTest, CommandGetsTheConnectionAndSeedsThroughTheClient) {
  SeedReport report = seed(command_request(
      "test \"$TDM_DATABASE\" = " + database_ +
      " && test -n \"$TDM_DB_SOCKET\" && test -n \"$TDM_DB_USER\" && test -n \"$DATABASE_URL\""
      " && mariadb --no-defaults --socket \"$TDM_DB_SOCKET\" -u \"$TDM_DB_USER\" "
      "\"$TDM_DATABASE\" -e 'CREATE TABLE seeded (a INT); INSERT INTO seeded VALUES (1), (2), "
      "(3)'"));
  EXPECT_EQ(report.files, 0u);
  EXPECT_EQ(count_rows(connection_, database_, "seeded"), "3");
  auto state = record();
  ASSERT_TRUE(state);
  EXPECT_EQ(state->state, DatabaseState::kSeeded);
  EXPECT_EQ(state->data_model_hash, "def456");
}

TEST_F(SeederTest, CommandRunsInItsWorkingDirectory) {
  write_test_file(dir_ / "app" / "seed.sql", "CREATE TABLE from_wd (a INT);");
  SeedRequest request = command_request(
      "mariadb --no-defaults --socket \"$TDM_DB_SOCKET\" -u \"$TDM_DB_USER\" \"$TDM_DATABASE\" "
      "< seed.sql");
  request.working_directory = (dir_ / "app").string();
  seed(request);
  EXPECT_TRUE(table_exists(connection_, database_, "from_wd"));
}

TEST_F(SeederTest, FailingCommandIsASeedErrorAndLeavesSeeding) {
  auto error = error_from([&] { seed(command_request("exit 4")); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), ExitCode::kSeed);
  EXPECT_NE(std::string(error->what()).find("exited with code 4"), std::string::npos);
  auto state = record();
  ASSERT_TRUE(state);
  EXPECT_EQ(state->state, DatabaseState::kSeeding);
  EXPECT_TRUE(state->finished_at.empty());
}

TEST_F(SeederTest, FailingSqlLeavesSeedingAfterAnEarlierSuccess) {
  seed(sql_request());
  write_test_file(dir_ / "sql" / "003_bad.sql", "INSERT INTO users VALUES (1);");  // duplicate
  auto error = error_from([&] { seed(sql_request()); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), ExitCode::kSeed);
  EXPECT_NE(std::string(error->what()).find("003_bad.sql:1: MariaDB error 1062"), std::string::npos)
      << error->what();
  auto state = record();
  ASSERT_TRUE(state);
  EXPECT_EQ(state->state, DatabaseState::kSeeding);
}

TEST_F(SeederTest, RefusesANonTestDatabaseAndLeavesItUntouched) {
  const std::string production = "seedguard_prod";
  drop(production);
  connection_.execute("CREATE DATABASE seedguard_prod");
  connection_.execute("CREATE TABLE seedguard_prod.customers (name TEXT)");
  connection_.execute("INSERT INTO seedguard_prod.customers VALUES ('keep me')");

  SeedRequest request = sql_request();
  request.database = production;
  auto error = error_from([&] { seed(request); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), ExitCode::kRefused);
  EXPECT_NE(std::string(error->what()).find("seedguard_prod"), std::string::npos);
  EXPECT_EQ(count_rows(connection_, production, "customers"), "1");
  EXPECT_FALSE(Bookkeeping(connection_).read(production));
  drop(production);
}

TEST_F(SeederTest, MissingSqlDirLeavesTheDatabaseUntouched) {
  seed(sql_request());
  SeedRequest request = sql_request();
  request.sql_dirs.push_back(dir_ / "no-such-dir");
  auto error = error_from([&] { seed(request); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), ExitCode::kInvalidInput);
  EXPECT_EQ(count_rows(connection_, database_, "users"), "2");
  EXPECT_EQ(record()->state, DatabaseState::kSeeded);
}

TEST_F(SeederTest, MissingWorkingDirectoryLeavesTheDatabaseUntouched) {
  seed(sql_request());
  SeedRequest request = command_request("true");
  request.working_directory = (dir_ / "no-such-dir").string();
  auto error = error_from([&] { seed(request); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), ExitCode::kInvalidInput);
  EXPECT_EQ(count_rows(connection_, database_, "users"), "2");
}

TEST_F(SeederTest, NeedsExactlyOneSource) {
  SeedRequest neither;
  neither.database = database_;
  auto error = error_from([&] { seed(neither); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), ExitCode::kUsage);

  SeedRequest both = sql_request();
  both.command = {"true"};
  error = error_from([&] { seed(both); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), ExitCode::kUsage);
}

}  // namespace
}  // namespace tdm
