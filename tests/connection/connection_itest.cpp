#include <gtest/gtest.h>
#include <mysqld_error.h>

#include <algorithm>
#include <optional>
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

// A capture streams its rows: a session killed between two rows is a lost server too (exit 4),
// as it is for a statement, not an SQL error (exit 9).
TEST_F(ConnectionAttempt, ASessionLostWhileStreamingRowsIsALostServer) {
  connection_.execute("USE mysql");  // the SEQUENCE engine's seq_ tables need a database
  Result rows = connection_.stream("SELECT seq, REPEAT('x', 1000) FROM seq_1_to_1000000");
  ASSERT_TRUE(rows.next());
  Connection killer(testing::test_server());
  killer.execute("KILL CONNECTION " + killer
                                          .scalar("SELECT ID FROM information_schema.PROCESSLIST "
                                                  "WHERE INFO LIKE 'SELECT seq, REPEAT%'")
                                          .value());
  EXPECT_EQ(error_code_of([&] {
              while (rows.next()) {
              }
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

// An account whose authentication needs a client plugin that is not built into the client
// library: tdm (with libmariadb linked in) loads client_ed25519 from the system's plugin
// directory as the shared libmariadb would.
TEST(ConnectionAuthentication, AnAccountOfALoadableClientPluginConnects) {
  Connection admin(testing::test_server());
  if (!admin.scalar("SELECT 1 FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'ed25519'")) {
    admin.execute("INSTALL SONAME 'auth_ed25519'");
  }
  const std::string user = "tdm_ed25519_user";
  testing::TemporaryAccount account(user, "ed-pw",
                                    "IDENTIFIED VIA ed25519 USING PASSWORD('ed-pw')");
  EXPECT_EQ(Connection(account.params()).scalar("SELECT CURRENT_USER()"), user + "@localhost");
}

TEST(ConnectionMultiStatement, NamesTheResultThatFailed) {
  Connection connection(testing::test_server());
  EXPECT_EQ(connection.execute_multi("DO 1; SELECT 2; DO 3"), std::nullopt);
  auto failure = connection.execute_multi("DO 1; SELECT 2; SELEC 3; DO 4");
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->result_index, 2u);
  EXPECT_EQ(failure->code, static_cast<unsigned>(ER_PARSE_ERROR));
  EXPECT_NE(failure->message.find("SELEC 3"), std::string::npos) << failure->message;
  EXPECT_EQ(connection.scalar("SELECT 1"), "1");
}

TEST(ConnectionMultiStatement, AnExpectedRefusalEndsTheResultsAndAnyOtherThrows) {
  Connection connection(testing::test_server());
  std::optional<Refusal> refused;
  std::vector<Result> results = connection.try_query_all(
      "SELECT 1 UNION SELECT 2; SELECT 3; SELECT * FROM mysql.tdm_no_such_table_test; SELECT 4",
      {ER_NO_SUCH_TABLE}, refused);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->error, static_cast<unsigned>(ER_NO_SUCH_TABLE));
  // The results before the refusal read to their end, although the session's error is set.
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].first_column(), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(results[1].first_column(), (std::vector<std::string>{"3"}));

  results = connection.try_query_all("SELECT 5; SELECT 6", {ER_NO_SUCH_TABLE}, refused);
  EXPECT_FALSE(refused.has_value());
  EXPECT_EQ(results.size(), 2u);
  EXPECT_EQ(error_code_of([&] {
              connection.try_query_all("SELECT 7; SELEC 8", {ER_NO_SUCH_TABLE}, refused);
            }),
            ExitCode::kDatabase);
  EXPECT_EQ(connection.scalar("SELECT 1"), "1");
}

TEST(ConnectionWarnings, CountsTheLastStatements) {
  Connection connection(testing::test_server());
  connection.query("SELECT CAST('1x' AS SIGNED)");
  EXPECT_EQ(connection.warning_count(), 1u);
  connection.query("SELECT 1");
  EXPECT_EQ(connection.warning_count(), 0u);
}

// Serves fixed text, or fails once it has sent `fail_after` bytes.
class TextSource : public LocalInfileSource {
 public:
  explicit TextSource(std::string text, std::size_t fail_after = std::string::npos)
      : text_(std::move(text)), fail_after_(fail_after) {}

  int read(char* buffer, unsigned length) override {
    if (sent_ >= fail_after_) return -1;
    std::size_t count = std::min<std::size_t>(length, text_.size() - sent_);
    text_.copy(buffer, count, sent_);
    sent_ += count;
    return static_cast<int>(count);
  }
  std::string failure() const override { return "the source broke"; }

 private:
  std::string text_;
  std::size_t fail_after_;
  std::size_t sent_ = 0;
};

class ConnectionLocalInfile : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = testing::fresh_database(connection_);
    connection_.execute("USE " + Connection::quote_identifier(database_));
    connection_.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20))");
  }
  void TearDown() override {
    Connection(testing::test_server())
        .execute("DROP DATABASE IF EXISTS " + Connection::quote_identifier(database_));
  }

  static constexpr const char* kLoad = "LOAD DATA LOCAL INFILE 'ignored' INTO TABLE t";
  Connection connection_{testing::test_server()};
  std::string database_;
};

TEST_F(ConnectionLocalInfile, LoadsWhatTheSourceServes) {
  TextSource source("1\tone\n2\ttwo\n");
  connection_.serve_local_infile(&source);
  connection_.execute(kLoad);
  EXPECT_EQ(connection_.affected_rows(), 2u);
  EXPECT_EQ(connection_.scalar("SELECT GROUP_CONCAT(name ORDER BY id) FROM t"), "one,two");
}

TEST_F(ConnectionLocalInfile, ASourceThatFailsFailsTheLoadWithItsReason) {
  TextSource source("1\tone\n2\ttwo\n", 0);
  connection_.serve_local_infile(&source);
  try {
    connection_.execute(kLoad);
    ADD_FAILURE() << "the load succeeded";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("the source broke"), std::string::npos)
        << error.what();
  }
}

TEST_F(ConnectionLocalInfile, NoSourceNoLocalInfile) {
  TextSource source("1\tone\n");
  connection_.serve_local_infile(&source);
  connection_.serve_local_infile(nullptr);
  EXPECT_NE(error_code_of([&] { connection_.execute(kLoad); }), ExitCode::kOk);
  EXPECT_EQ(connection_.scalar("SELECT COUNT(*) FROM t"), "0");
}

TEST(ConnectionStream, AnAbandonedStreamEndsWithoutReadingTheRest) {
  Connection connection(testing::test_server());
  {
    Result rows = connection.stream("SELECT seq FROM mysql.seq_1_to_10000000");
    ASSERT_TRUE(rows.next().has_value());
    connection.abandon_stream();
  }  // freeing the result must not read ten million rows first
  EXPECT_EQ(error_code_of([&] { connection.execute("DO 1"); }), ExitCode::kServer);
}

}  // namespace
}  // namespace tdm
