#include "seed/seed_command_runner.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "core/files.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

// No server needed: the command only sees the variables.
ConnectionParams target() {
  ConnectionParams params;
  params.host = "localhost";
  params.socket = "/tmp/no-such-server.sock";
  params.user = "root";
  params.password = "s3cret";
  params.database = "shop_test";
  return params;
}

Error error_of(const SeedCommand& command) {
  try {
    run_seed_command(command, target());
  } catch (const Error& error) {
    return error;
  }
  return Error(ExitCode::kOk, "no error");
}

TEST(SeedCommandRunner, CommandGetsTheConnectionVariables) {
  SeedCommand command{{"sh", "-c",
                       "test \"$TDM_DATABASE\" = shop_test && test \"$TDM_DB_USER\" = root && "
                       "test \"$TDM_DB_SOCKET\" = /tmp/no-such-server.sock && "
                       "test \"$MYSQL_PWD\" = s3cret && test -n \"$DATABASE_URL\""},
                      ""};
  EXPECT_NO_THROW(run_seed_command(command, target()));
}

TEST(SeedCommandRunner, PasswordIsNotInTheUrl) {
  SeedCommand command{{"sh", "-c", "case \"$DATABASE_URL\" in *s3cret*) exit 1;; esac"}, ""};
  EXPECT_NO_THROW(run_seed_command(command, target()));
}

TEST(SeedCommandRunner, RunsInTheWorkingDirectory) {
  std::string dir = testing::temporary_directory();
  SeedCommand command{{"sh", "-c", "pwd > where.txt"}, dir};
  run_seed_command(command, target());
  std::string where = read_file(fs::path(dir) / "where.txt");
  EXPECT_EQ(fs::canonical(where.substr(0, where.find('\n'))), fs::canonical(dir));
  fs::remove_all(dir);
}

TEST(SeedCommandRunner, NonZeroExitIsASeedError) {
  Error error = error_of({{"sh", "-c", "exit 3"}, ""});
  EXPECT_EQ(error.code(), ExitCode::kSeed);
  std::string message = error.what();
  EXPECT_NE(message.find("seed command 'sh -c exit 3' exited with code 3"), std::string::npos)
      << message;
  EXPECT_NE(message.find("TDM_DATABASE=shop_test"), std::string::npos) << message;
  EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
}

TEST(SeedCommandRunner, MissingProgramIsASeedError) {
  Error error = error_of({{"tdm-no-such-seed-program"}, ""});
  EXPECT_EQ(error.code(), ExitCode::kSeed);
  EXPECT_NE(std::string(error.what()).find("tdm-no-such-seed-program"), std::string::npos)
      << error.what();
}

TEST(SeedCommandRunner, MissingWorkingDirectoryIsInvalidInput) {
  Error error = error_of({{"true"}, "/nonexistent/tdm/dir"});
  EXPECT_EQ(error.code(), ExitCode::kInvalidInput);
  EXPECT_NE(std::string(error.what()).find("/nonexistent/tdm/dir"), std::string::npos);
}

TEST(SeedCommandRunner, DescribesLongCommandsShortened) {
  EXPECT_EQ(describe_command({"npx", "knex", "seed:run"}), "npx knex seed:run");
  EXPECT_EQ(describe_command({"php", "artisan", "migrate:fresh", "--seed"}, 12), "php artisan ...");
}

}  // namespace
}  // namespace tdm
