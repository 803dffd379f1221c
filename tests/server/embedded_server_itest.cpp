#include "server/embedded_server.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "support/error_code.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

// A server of its own (not the shared one), short path for the unix socket.
class EmbeddedServerTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (EmbeddedServer::status(dir).running) EmbeddedServer::stop(dir);
    fs::remove_all(dir);
  }
  std::string dir = testing::temporary_directory();
};

using testing::error_code_of;

TEST_F(EmbeddedServerTest, StartsOnAPrivateSocketAndStopsByPid) {
  ServerStartReport first = EmbeddedServer::start({.dir = dir});
  EXPECT_TRUE(first.initialised_now);
  EXPECT_GT(first.pid, 0);
  ASSERT_TRUE(EmbeddedServer::status(dir).running);

  Connection connection(first.connection);
  EXPECT_EQ(connection.scalar("SELECT @@skip_networking"), "1");
  // What resetting test databases relies on (engine/reset.hpp).
  EXPECT_EQ(connection.scalar("SELECT @@log_bin"), "1");
  EXPECT_EQ(connection.scalar("SELECT @@binlog_format"), "ROW");
  EXPECT_EQ(connection.scalar("SELECT @@userstat"), "1");
  EXPECT_EQ(connection.scalar("SELECT @@innodb_flush_log_at_trx_commit"), "0");
  EXPECT_EQ(connection.scalar("SELECT @@character_set_server"), "utf8mb4");
  EXPECT_EQ(connection.scalar("SELECT @@socket"), (fs::path(dir) / "mysqld.sock").string());

  EmbeddedServer::stop(dir);
  EXPECT_FALSE(EmbeddedServer::status(dir).running);
  EXPECT_FALSE(fs::exists(fs::path(dir) / "mysqld.pid"));
}

TEST_F(EmbeddedServerTest, ASecondStartReusesTheInitialisedDatadir) {
  EmbeddedServer::start({.dir = dir});
  {
    Connection connection(EmbeddedServer::connection(dir));
    connection.execute("CREATE DATABASE kept_test");
  }
  EmbeddedServer::stop(dir);
  ServerStartReport second = EmbeddedServer::start({.dir = dir});
  EXPECT_FALSE(second.initialised_now);
  Connection connection(EmbeddedServer::connection(dir));
  EXPECT_EQ(connection.scalar("SHOW DATABASES LIKE 'kept_test'"), "kept_test");
}

TEST_F(EmbeddedServerTest, StartingTwiceOrStoppingNothingSaysSo) {
  EXPECT_EQ(error_code_of([&] { EmbeddedServer::stop(dir); }), ExitCode::kServer);
  EmbeddedServer::start({.dir = dir});
  try {
    EmbeddedServer::start({.dir = dir});
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kServer);
    EXPECT_NE(std::string(error.what()).find("already running"), std::string::npos);
  }
}

TEST_F(EmbeddedServerTest, AStalePidFileIsNotARunningServer) {
  fs::create_directories(dir);
  std::ofstream(fs::path(dir) / "mysqld.pid") << "999999\n";
  ServerStatus status = EmbeddedServer::status(dir);
  EXPECT_FALSE(status.running);
  EXPECT_NE(status.detail.find("stale pid file"), std::string::npos);
}

TEST_F(EmbeddedServerTest, ASocketPathTooLongForUnixSocketsIsRefusedUpFront) {
  std::string long_dir = dir + "/" + std::string(120, 'x');
  EXPECT_EQ(error_code_of([&] { EmbeddedServer::start({.dir = long_dir}); }),
            ExitCode::kInvalidInput);
}

TEST(Connection, ServerNotRunningWrongUserAndUnknownDatabaseAreClearErrors) {
  ConnectionParams nowhere = EmbeddedServer::connection("/tmp/tdm-no-server-here");
  try {
    Connection connection(nowhere);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kServer);
    EXPECT_NE(std::string(error.what()).find("tdm server start"), std::string::npos);
  }

  ConnectionParams stranger = testing::test_server();
  stranger.user = "nobody";
  stranger.password = "wrong-password";
  try {
    Connection connection(stranger);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kServer);
    std::string message = error.what();
    EXPECT_NE(message.find("MYSQL_PWD"), std::string::npos);
    EXPECT_EQ(message.find("wrong-password"), std::string::npos);
  }

  try {
    Connection connection(testing::test_server().with_database("no_such_db_test"));
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kDatabase);
    EXPECT_NE(std::string(error.what()).find("no_such_db_test"), std::string::npos);
  }
}

}  // namespace
}  // namespace tdm
