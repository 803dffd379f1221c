// The diff sees everything a restore preserves, not only rows and definitions: sequence
// values, AUTO_INCREMENT counters, trigger order, the session context of stored objects, an
// event's time zone, the database's collation and comment; and values as bytes. Each test
// changes one of them alone and expects the report to name it.
#include <gtest/gtest.h>

#include <filesystem>

#include "connection/connection.hpp"
#include "diff/diff_report.hpp"
#include "diff/payload_diff.hpp"
#include "engine/capture.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

class DiffCompleteness : public ::testing::Test {
 protected:
  void SetUp() override {
    Connection admin(testing::test_server());
    database_ = testing::fresh_database(admin);
    session_.emplace(testing::test_server().with_database(database_));
  }

  // On one session, so that SET SESSION applies to the statements after it.
  void execute(const std::vector<std::string>& statements) {
    for (const std::string& statement : statements) session_->execute(statement);
  }

  fs::path capture() {
    fs::path payload = dir_ / ("side" + std::to_string(++captures_) + ".tdm");
    capture_database(testing::test_server(), database_, payload);
    return payload;
  }

  // The text report of the database now against `before`, which must differ.
  std::string report_against(const fs::path& before) {
    PayloadDiff diff = diff_payloads(before, capture());
    std::string text = render_diff_text(diff, {"a", "b"});
    EXPECT_FALSE(diff.equal()) << text;
    return text;
  }

  std::string database_;
  std::optional<Connection> session_;
  fs::path dir_ = testing::temporary_directory();
  int captures_ = 0;
};

#define EXPECT_REPORTS(report, line)                                                       \
  EXPECT_NE((report).find(line), std::string::npos) << "expected: " << (line) << "\nin:\n" \
                                                    << (report)

TEST_F(DiffCompleteness, SequenceValueAndCycleCount) {
  execute({"CREATE SEQUENCE s START WITH 1 MAXVALUE 1000 CACHE 0 CYCLE"});
  fs::path fresh = capture();
  execute({"SELECT SETVAL(s, 100)"});
  fs::path moved = capture();
  EXPECT_REPORTS(report_against(fresh), "  SEQUENCE `s` next value: 1 -> 101\n");
  execute({"SELECT SETVAL(s, 100, 0, 1)"});
  std::string report = report_against(moved);
  EXPECT_REPORTS(report, "  SEQUENCE `s` cycle count: 0 -> 1\n");
  EXPECT_REPORTS(report, "  SEQUENCE `s` next value: 101 -> 100\n");
}

TEST_F(DiffCompleteness, AutoIncrementCounterIsItsOwnKindOfDifference) {
  execute({"CREATE TABLE counted (id INT AUTO_INCREMENT PRIMARY KEY, v INT)",
           "INSERT INTO counted (v) VALUES (1)"});
  fs::path before = capture();
  execute({"INSERT INTO counted (v) VALUES (2)", "DELETE FROM counted WHERE v = 2"});
  std::string report = report_against(before);
  EXPECT_REPORTS(report, "AUTO_INCREMENT counters that differ:\n  TABLE `counted`: 2 -> 3\n");
  EXPECT_EQ(report.find("Rows that differ"), std::string::npos) << report;
  EXPECT_EQ(report.find("Definitions that differ"), std::string::npos) << report;
}

TEST_F(DiffCompleteness, TriggerOrder) {
  execute({"CREATE TABLE t (v INT)",
           "CREATE TRIGGER first BEFORE INSERT ON t FOR EACH ROW SET @x = 1",
           "CREATE TRIGGER second BEFORE INSERT ON t FOR EACH ROW SET @x = 2"});
  fs::path before = capture();
  // The same two definitions, the other way round.
  execute(
      {"DROP TRIGGER first", "CREATE TRIGGER first BEFORE INSERT ON t FOR EACH ROW SET @x = 1"});
  std::string report = report_against(before);
  EXPECT_REPORTS(report, "  TRIGGER `first` action order: 1 -> 2\n");
  EXPECT_REPORTS(report, "  TRIGGER `second` action order: 2 -> 1\n");
}

TEST_F(DiffCompleteness, SessionContextOfStoredObjects) {
  execute({"SET SESSION sql_mode = 'STRICT_TRANS_TABLES'", "CREATE PROCEDURE p() SELECT 1",
           "CREATE VIEW v AS SELECT 1 AS one"});
  fs::path before = capture();
  execute({"DROP PROCEDURE p", "DROP VIEW v", "SET SESSION sql_mode = 'ANSI_QUOTES'",
           "CREATE PROCEDURE p() SELECT 1", "SET SESSION sql_mode = 'STRICT_TRANS_TABLES'",
           "SET NAMES latin1", "CREATE VIEW v AS SELECT 1 AS one"});
  std::string report = report_against(before);
  EXPECT_REPORTS(report, "  PROCEDURE `p` sql_mode: 'STRICT_TRANS_TABLES' -> 'ANSI_QUOTES'\n");
  EXPECT_REPORTS(report, "  VIEW `v` character_set_client: 'utf8mb4' -> 'latin1'\n");
  EXPECT_REPORTS(report, "  VIEW `v` collation_connection: ");
}

TEST_F(DiffCompleteness, EventTimeZone) {
  execute({"SET SESSION time_zone = '+00:00'",
           "CREATE EVENT e ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DISABLE DO SET @x "
           "= 1"});
  fs::path before = capture();
  execute({"DROP EVENT e", "SET SESSION time_zone = '+02:00'",
           "CREATE EVENT e ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DISABLE DO SET @x "
           "= 1"});
  EXPECT_REPORTS(report_against(before), "  EVENT `e` time_zone: '+00:00' -> '+02:00'\n");
}

TEST_F(DiffCompleteness, DatabaseCollationAndComment) {
  execute({"ALTER DATABASE " + database_ + " COLLATE utf8mb4_general_ci COMMENT 'one'"});
  fs::path before = capture();
  execute({"ALTER DATABASE " + database_ + " COLLATE utf8mb4_bin COMMENT 'two'"});
  std::string report = report_against(before);
  EXPECT_REPORTS(report, "  DATABASE collation: 'utf8mb4_general_ci' -> 'utf8mb4_bin'\n");
  EXPECT_REPORTS(report, "  DATABASE comment: 'one' -> 'two'\n");
}

TEST_F(DiffCompleteness, SystemVersionedTableWithExplicitRowColumnsIsKeyed) {
  execute(
      {"CREATE TABLE versioned (id INT PRIMARY KEY, v VARCHAR(10),"
       " rs TIMESTAMP(6) GENERATED ALWAYS AS ROW START,"
       " re TIMESTAMP(6) GENERATED ALWAYS AS ROW END,"
       " PERIOD FOR SYSTEM_TIME (rs, re)) WITH SYSTEM VERSIONING",
       "INSERT INTO versioned (id, v) VALUES (1, 'a'), (2, 'b')"});
  fs::path before = capture();
  execute({"UPDATE versioned SET v = 'c' WHERE id = 1"});
  std::string report = report_against(before);
  // The key and the period's end tell the current row from the history row the update made.
  EXPECT_REPORTS(report, "matched by primary key (id, re): +1 -0 ~1\n");
  EXPECT_REPORTS(report, "    + id=1, v='a', rs=");
  EXPECT_REPORTS(report, "    ~ id=1, re='2038-01-19 03:14:07.999999': v 'a' -> 'c', rs ");
}

TEST_F(DiffCompleteness, EnumIndexZeroIsNotTheMemberEmpty) {
  execute({"CREATE TABLE choices (id INT PRIMARY KEY, c ENUM('', 'a'))",
           "SET SESSION sql_mode = ''", "INSERT INTO choices VALUES (1, 'bogus'), (2, '')",
           "SET SESSION sql_mode = DEFAULT"});
  fs::path before = capture();
  execute({"UPDATE choices SET c = '' WHERE id = 1"});
  ASSERT_EQ(session_->scalar("SELECT COUNT(DISTINCT c + 0) FROM choices"), "1");
  std::string report = report_against(before);
  EXPECT_REPORTS(report, "    ~ id=1: c ");
  EXPECT_EQ(report.find("~ id=2"), std::string::npos) << report;
}

TEST_F(DiffCompleteness, FloatsThatPrintAlikeButDifferInTheirBitsDiffer) {
  execute({"CREATE TABLE measures (id INT PRIMARY KEY, f FLOAT)",
           "INSERT INTO measures VALUES (1, 0.1)"});
  std::string printed = session_->scalar("SELECT f FROM measures").value_or("");
  fs::path before = capture();
  execute({"UPDATE measures SET f = 0.1000001"});
  ASSERT_EQ(session_->scalar("SELECT f FROM measures").value_or(""), printed);
  EXPECT_REPORTS(report_against(before), "    ~ id=1: f ");
}

}  // namespace
}  // namespace tdm
