// Replacing a database another session still uses: DROP DATABASE waits for that session's
// metadata locks, and by the server's default for a day. tdm waits its lock timeout, then says
// which sessions hold the database and how to end them.
#include "lock/database_drop.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

using namespace std::chrono_literals;

bool database_exists(Connection& connection, const std::string& name) {
  return !connection.query("SHOW DATABASES LIKE " + connection.quote(name)).first_column().empty();
}

class DropDatabase : public ::testing::Test {
 protected:
  void SetUp() override {
    database = testing::fresh_database(connection, "drop_busy");
    connection.execute("CREATE TABLE " + Connection::quote_identifier(database) +
                       ".t (id INT PRIMARY KEY)");
    connection.execute("INSERT INTO " + Connection::quote_identifier(database) + ".t VALUES (1)");
  }

  // A session with an open transaction that read `t`: it holds a metadata lock on the table
  // until it ends, as an app's or a test's transaction would.
  Connection open_transaction() {
    Connection holder(testing::test_server().with_database(database));
    holder.execute("START TRANSACTION");
    holder.query("SELECT * FROM t");
    return holder;
  }

  Connection connection{testing::test_server()};
  std::string database;
};

TEST_F(DropDatabase, GivesUpAfterTheTimeoutNamingTheSessionThatHoldsIt) {
  Connection holder = open_transaction();
  std::string holder_id = *holder.scalar("SELECT CONNECTION_ID()");
  try {
    drop_database(connection, database, 1s);
    FAIL() << "expected the drop to give up";
  } catch (const Error& error) {
    std::string message = error.what();
    EXPECT_EQ(error.code(), ExitCode::kBusy) << message;
    EXPECT_NE(message.find("session " + holder_id), std::string::npos) << message;
    EXPECT_NE(message.find("KILL " + holder_id), std::string::npos) << message;
    EXPECT_NE(message.find("TDM_LOCK_TIMEOUT"), std::string::npos) << message;
  }
  EXPECT_TRUE(database_exists(connection, database));
}

TEST_F(DropDatabase, DropsOnceTheOtherSessionHasEnded) {
  {
    Connection holder = open_transaction();
    holder.execute("COMMIT");
  }
  drop_database(connection, database, 1s);
  EXPECT_FALSE(database_exists(connection, database));
  drop_database(connection, database, 1s);  // absent: nothing to do
}

// Through the command line: a restore into a database an open transaction holds ends with
// exit 8 after TDM_LOCK_TIMEOUT, not after the server's day, and leaves the database as it was.
TEST_F(DropDatabase, ARestoreIntoADatabaseInUseEndsAfterTheLockTimeout) {
  std::string source = testing::fresh_database(connection, "drop_src");
  connection.execute("CREATE TABLE " + Connection::quote_identifier(source) + ".s (id INT)");
  std::string dir = testing::temporary_directory() + "/snapshots";
  testing::CommandResult created =
      testing::run_tdm({"snapshot", "create", "--name", "busy", "--dir", dir, "--server-dir",
                        testing::test_server_dir(), "--database", source});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  Connection holder = open_transaction();
  testing::CommandResult restored =
      testing::run_tdm({"snapshot", "restore", "--name", "busy", "--dir", dir, "--server-dir",
                        testing::test_server_dir(), "--database", database},
                       {{"TDM_LOCK_TIMEOUT", "1"}});
  EXPECT_EQ(restored.exit_code, 8) << restored.err;
  EXPECT_NE(restored.err.find("still in use"), std::string::npos) << restored.err;
  EXPECT_EQ(holder.scalar("SELECT COUNT(*) FROM t").value_or(""), "1");
}

}  // namespace
}  // namespace tdm
