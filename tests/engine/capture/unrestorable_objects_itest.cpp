// A capture never writes a snapshot that no restore could load.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "engine/capture.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

class UnrestorableObjects : public ::testing::Test {
 protected:
  void SetUp() override {
    connection_.emplace(testing::test_server());
    source_ = testing::fresh_database(*connection_, "source");
    payload_ = fs::path(testing::temporary_directory()) / "source.tdm";
  }

  // The message of the Error the capture throws, or "" when it succeeds.
  std::string capture_error() {
    try {
      capture_database(testing::test_server(), source_, payload_);
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ExitCode::kDatabase);
      return error.what();
    }
    return "";
  }

  std::optional<Connection> connection_;
  std::string source_;
  fs::path payload_;
};

TEST_F(UnrestorableObjects, AViewWhoseTableWasDroppedIsRefusedByName) {
  Connection source(testing::test_server().with_database(source_));
  source.execute("CREATE TABLE kept (id INT PRIMARY KEY)");
  source.execute("CREATE TABLE dropped_later (id INT PRIMARY KEY)");
  source.execute("CREATE VIEW still_fine AS SELECT id FROM kept");
  source.execute("CREATE VIEW orphan_view AS SELECT id FROM dropped_later");
  EXPECT_EQ(capture_error(), "");  // valid as long as its table exists

  source.execute("DROP TABLE dropped_later");
  fs::remove(payload_);
  std::string error = capture_error();
  EXPECT_NE(error.find("view `orphan_view` cannot be captured"), std::string::npos) << error;
  EXPECT_NE(error.find("references invalid table"), std::string::npos) << error;
  EXPECT_NE(error.find("or drop the view"), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(payload_));

  source.execute("DROP VIEW orphan_view");
  EXPECT_EQ(capture_error(), "");
}

// Periods that are transaction ids mean nothing in another table: such history could never be
// restored, so the capture refuses the table rather than lose it silently.
TEST_F(UnrestorableObjects, ATableVersionedByTransactionIsRefusedByName) {
  Connection source(testing::test_server().with_database(source_));
  source.execute(
      "CREATE TABLE by_trx (id INT PRIMARY KEY, v INT,"
      " s BIGINT UNSIGNED GENERATED ALWAYS AS ROW START,"
      " e BIGINT UNSIGNED GENERATED ALWAYS AS ROW END,"
      " PERIOD FOR SYSTEM_TIME (s, e)) ENGINE=InnoDB WITH SYSTEM VERSIONING");
  source.execute("INSERT INTO by_trx (id, v) VALUES (1, 1)");
  source.execute("UPDATE by_trx SET v = 2");
  std::string error = capture_error();
  EXPECT_NE(error.find("table `by_trx` is system-versioned by transaction id"), std::string::npos)
      << error;
  EXPECT_NE(error.find("DROP SYSTEM VERSIONING"), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(payload_));
}

}  // namespace
}  // namespace tdm
