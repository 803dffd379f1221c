#include <gtest/gtest.h>
#include <mysqld_error.h>

#include <string>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "support/error_code.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

using testing::error_code_of;

class ConnectionAttempt : public ::testing::Test {
 protected:
  Connection connection_{testing::test_server()};
};

TEST_F(ConnectionAttempt, AnExpectedErrorComesBackByNumber) {
  Attempt<Result> missing =
      connection_.try_query("SELECT * FROM mysql.tdm_no_such_table", {ER_NO_SUCH_TABLE});
  EXPECT_FALSE(missing);
  EXPECT_EQ(missing.error(), ER_NO_SUCH_TABLE);
  EXPECT_NE(missing.message().find("tdm_no_such_table"), std::string::npos) << missing.message();

  Attempt<> refused = connection_.try_execute("DROP TABLE mysql.tdm_no_such_table",
                                              {ER_LOCK_DEADLOCK, ER_BAD_TABLE_ERROR});
  EXPECT_FALSE(refused);
  EXPECT_EQ(refused.error(), ER_BAD_TABLE_ERROR);
  EXPECT_EQ(connection_.scalar("SELECT 1"), "1");  // a refusal leaves the session usable
}

TEST_F(ConnectionAttempt, ASuccessCarriesItsResult) {
  Attempt<Result> numbers =
      connection_.try_query("SELECT 7 UNION ALL SELECT 8", {ER_NO_SUCH_TABLE});
  ASSERT_TRUE(numbers);
  EXPECT_EQ(numbers.error(), 0u);
  EXPECT_EQ(numbers->first_column(), (std::vector<std::string>{"7", "8"}));
  EXPECT_TRUE(connection_.try_execute("DO 1", {ER_NO_SUCH_TABLE}).succeeded());
}

TEST_F(ConnectionAttempt, AnUnexpectedErrorThrows) {
  EXPECT_EQ(error_code_of([&] { connection_.try_execute("SELEC 1", {ER_NO_SUCH_TABLE}); }),
            ExitCode::kDatabase);
  EXPECT_EQ(error_code_of([&] {
              connection_.try_query("SELECT * FROM mysql.tdm_no_such_table", {ER_PARSE_ERROR});
            }),
            ExitCode::kDatabase);
}

TEST_F(ConnectionAttempt, ALostConnectionThrowsWhateverErrorsAreExpected) {
  testing::kill_session(connection_);
  EXPECT_EQ(error_code_of([&] {
              connection_.try_query("SELECT * FROM mysql.tdm_no_such_table", {ER_NO_SUCH_TABLE});
            }),
            ExitCode::kServer);
}

TEST(ConnectionOpenAttempt, AnExpectedRefusalComesBackAndAnyOtherThrows) {
  ConnectionParams unknown = testing::test_server().with_database("tdm_no_such_database_test");
  Attempt<Connection> refused = Connection::try_open(unknown, {ER_BAD_DB_ERROR});
  EXPECT_FALSE(refused);
  EXPECT_EQ(refused.error(), ER_BAD_DB_ERROR);
  EXPECT_EQ(error_code_of([&] { Connection::try_open(unknown, {ER_ACCESS_DENIED_ERROR}); }),
            ExitCode::kDatabase);

  Attempt<Connection> opened = Connection::try_open(testing::test_server(), {ER_BAD_DB_ERROR});
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->scalar("SELECT 1"), "1");
}

}  // namespace
}  // namespace tdm
