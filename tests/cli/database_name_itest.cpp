// Database names are checked before anything reaches the server: one the server would refuse,
// or cut short to 64 characters in tdm's bookkeeping, is exit 3.
#include <gtest/gtest.h>

#include <string>

#include "cli_input.hpp"
#include "connection/connection.hpp"
#include "state/bookkeeping.hpp"
#include "support/test_files.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

using testing::clean_environment;
using testing::run_tdm;

// A name of 64 characters and its 65-character extension: the server's limit and one past it.
std::string padded_name(std::size_t length) {
  std::string base = testing::database_name_for_current_test();
  base.resize(base.size() - 5);  // "_test"
  base.resize(length - 5, 'x');
  return base + "_test";
}

TEST(CliDatabaseName, ADatabaseNameTooLongIsRefusedBeforeTheServerSeesIt) {
  std::string dir = testing::temporary_directory();
  testing::write_test_file(dir + "/sql/001.sql", "CREATE TABLE t (id INT PRIMARY KEY);\n");
  Connection connection(testing::test_server());
  std::string neighbour = padded_name(64);
  Bookkeeping(connection).finish(neighbour, DatabaseState::kRestored, "snap", "hash");

  std::string too_long = neighbour + "z";
  for (const std::string& name : {too_long, padded_name(49)}) {
    auto result = run_tdm({"seed", "--sql-dir", dir + "/sql", "--server-dir",
                           testing::test_server_dir(), "--database", name},
                          clean_environment());
    EXPECT_EQ(result.exit_code, 3) << result.err;
    EXPECT_NE(result.err.find("at most 48"), std::string::npos) << result.err;
    EXPECT_EQ(connection.scalar("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE "
                                "SCHEMA_NAME = " +
                                connection.quote(name)),
              "0");
  }
  auto by_url = run_tdm({"seed", "--sql-dir", dir + "/sql", "--url",
                         "mysql://root@localhost/" + too_long + "?socket=/tmp/none.sock"},
                        clean_environment());
  EXPECT_EQ(by_url.exit_code, 3) << by_url.err;
  auto by_environment =
      run_tdm({"seed", "--sql-dir", dir + "/sql", "--server-dir", testing::test_server_dir()},
              clean_environment({{"TDM_DATABASE", too_long}}));
  EXPECT_EQ(by_environment.exit_code, 3) << by_environment.err;

  auto record = Bookkeeping::lookup(connection, neighbour);
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->state, DatabaseState::kRestored) << "another database's record was changed";
  Bookkeeping(connection).forget(neighbour);

  std::string longest = padded_name(48);
  auto accepted = run_tdm({"seed", "--sql-dir", dir + "/sql", "--server-dir",
                           testing::test_server_dir(), "--database", longest},
                          clean_environment());
  EXPECT_EQ(accepted.exit_code, 0) << accepted.err;
  connection.execute("DROP DATABASE IF EXISTS " + Connection::quote_identifier(longest));
  Bookkeeping(connection).forget(longest);
}

}  // namespace
}  // namespace tdm
