#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "connection/connection.hpp"
#include "engine/common/session_settings.hpp"
#include "engine/reset/binlog_events.hpp"
#include "engine/reset/binlog_flashback.hpp"
#include "engine/reset/binlog_undo.hpp"
#include "support/private_server.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

std::string members(const std::string& prefix, int count) {
  std::string list;
  for (int i = 0; i < count; ++i) list += (i ? ",'" : "'") + prefix + std::to_string(i) + "'";
  return list;
}

// Every column type MariaDB logs in a row image, in each size its table map tells apart
// (one- and two-byte lengths, one- and two-byte ENUMs, 1 to 8 byte SETs, fractions of
// seconds), and a foreign key to its own table, so that the order of undone rows matters.
std::string wide_table() {
  return "CREATE TABLE wide (id INT AUTO_INCREMENT PRIMARY KEY, parent INT NULL,"
         " i8 TINYINT, i16 SMALLINT UNSIGNED, i24 MEDIUMINT, i64 BIGINT, f FLOAT, d DOUBLE,"
         " dec_small DECIMAL(5,2), dec_wide DECIMAL(65,30), y YEAR, day DATE, t0 TIME,"
         " t6 TIME(6), dt0 DATETIME, dt3 DATETIME(3), ts0 TIMESTAMP NULL,"
         " ts6 TIMESTAMP(6) NULL, b1 BIT(1), b9 BIT(9), b64 BIT(64), c_short CHAR(10),"
         " c_long CHAR(255) CHARACTER SET utf8mb4, bin BINARY(4),"
         " vc_short VARCHAR(200) CHARACTER SET latin1, vc_long VARCHAR(1000), vb VARBINARY(300),"
         " tb TINYBLOB, mt MEDIUMTEXT, lb LONGBLOB, js JSON, e ENUM('x','y'),"
         " e_big ENUM(" +
         members("e", 300) +
         "), s SET('a','b','c'),"
         " s_big SET(" +
         members("s", 64) +
         "), u UUID, ip INET6, g GEOMETRY,"
         " FOREIGN KEY (parent) REFERENCES wide (id)) ENGINE=InnoDB";
}

// Every column of `wide` but the key and the parent, each with a value varied by `n` (an
// expression of the source rows).
std::vector<std::pair<std::string, std::string>> wide_values(const std::string& n) {
  return {{"i8", n + " % 100"},
          {"i16", n + " * 7"},
          {"i24", n + " * 1000"},
          {"i64", "-" + n + " * 100000"},
          {"f", n + " / 3"},
          {"d", n + " / 7"},
          {"dec_small", n + " / 4"},
          {"dec_wide", "CONCAT(" + n + ", '.', REPEAT('3', 30))"},
          {"y", "1990 + " + n + " % 100"},
          {"day", "'2020-01-01' + INTERVAL " + n + " DAY"},
          {"t0", "SEC_TO_TIME(" + n + " * 37)"},
          {"t6", "SEC_TO_TIME(" + n + " * 37.123456)"},
          {"dt0", "'2020-01-01' + INTERVAL " + n + " HOUR"},
          {"dt3", "NOW(3)"},
          {"ts0", "NOW()"},
          {"ts6", "NOW(6)"},
          {"b1", n + " % 2"},
          {"b9", n + " % 512"},
          {"b64", n + " << 40"},
          {"c_short", "LEFT(MD5(" + n + "), 10)"},
          {"c_long", "REPEAT('é', " + n + " % 255)"},
          {"bin", "UNHEX(LPAD(HEX(" + n + "), 8, '0'))"},
          {"vc_short", "REPEAT('l', " + n + " % 200)"},
          {"vc_long", "REPEAT('v', " + n + " * 37 % 1000)"},
          {"vb", "UNHEX(REPEAT('FF', " + n + " % 300))"},
          {"tb", "REPEAT('t', " + n + " % 255)"},
          {"mt", "REPEAT('m', " + n + " * 101)"},
          {"lb", "REPEAT(CHAR(" + n + " % 256), " + n + " * 3)"},
          {"js", "JSON_OBJECT('n', " + n + ")"},
          {"e", "1 + " + n + " % 2"},
          {"e_big", "1 + " + n + " % 300"},
          {"s", n + " % 8"},
          {"s_big", n + " << 40 | 1"},
          {"u", "UUID()"},
          {"ip", "INET6_ATON(CONCAT('2001:db8::', HEX(" + n + ")))"},
          {"g", "POINT(" + n + ", -" + n + ")"}};
}

// INSERT INTO wide (<every column>) SELECT <their values> FROM `source`, varied by `n`.
std::string insert_wide_rows(const std::string& n, const std::string& source) {
  std::string columns, values;
  for (const auto& [column, value] : wide_values(n)) {
    columns += (columns.empty() ? "" : ", ") + column;
    values += (values.empty() ? "" : ", ") + value;
  }
  return "INSERT INTO wide (" + columns + ") SELECT " + values + " FROM " + source;
}

class BinlogFlashback : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = testing::fresh_database(connection_);
    other_ = testing::fresh_database(connection_, "other");
    connection_.execute("USE " + Connection::quote_identifier(database_));
    connection_.execute(wide_table());
    connection_.execute(insert_wide_rows("seq", "seq_1_to_60"));
    connection_.execute("INSERT INTO wide (id) VALUES (61)");  // NULL everywhere else
    // A chain: 71 refers to 70, 72 to 71, and so on.
    for (int id = 70; id < 80; ++id) {
      connection_.execute("INSERT INTO wide (id, parent, vc_long) VALUES (" + std::to_string(id) +
                          ", " + (id == 70 ? std::string("NULL") : std::to_string(id - 1)) +
                          ", 'chain')");
    }
    connection_.execute("CREATE TABLE " + Connection::quote_identifier(other_) +
                        ".kept (id INT PRIMARY KEY) ENGINE=InnoDB");
    if (std::optional<BinaryLog> log = usable_binary_log(connection_)) start_ = log->end;
    ASSERT_TRUE(start_.has_value()) << "the test server keeps no row-based binary log";
    pristine_ = checksum("wide");
  }

  std::string checksum(const std::string& table) {
    Result result = connection_.query("CHECKSUM TABLE " + table + " EXTENDED");
    return result.next()->str(1);
  }

  // The test's changes: every value of a third of the rows, the chain deleted child first,
  // new rows, and a change in another database that no undo of this one may touch.
  void change_everything() {
    Connection test(testing::test_server().with_database(database_));
    test.execute(std::string("UPDATE wide SET ") + assignments() + " WHERE id % 3 = 0");
    test.execute("DELETE FROM wide WHERE id >= 70 ORDER BY id DESC");
    test.execute("DELETE FROM wide WHERE id IN (1, 61)");
    test.execute(insert_wide_rows("seq", "seq_200_to_205"));
    test.execute("INSERT INTO " + Connection::quote_identifier(other_) + ".kept VALUES (1)");
  }

  static std::string assignments() {
    std::string set;
    for (const auto& [column, value] : wide_values("(id + 1000)")) {
      set += (set.empty() ? "" : ", ") + column + " = " + value;
    }
    return set;
  }

  void apply(const UndoScript& script) {
    Connection session(testing::test_server().with_database(database_));
    stop_binary_logging(session);
    ASSERT_TRUE(apply_undo_script(session, script));
  }

  // The log's files from the start's to `stop`'s: more than one when the log rotated, which
  // any test on the shared server may make it do.
  std::vector<std::string> log_files(const BinlogPosition& stop) {
    std::vector<std::string> files;
    Result logs = connection_.query("SHOW BINARY LOGS");
    for (const std::string& name : logs.first_column()) {
      if (name >= start_->file && name <= stop.file) files.push_back(name);
    }
    return files;
  }

  // The log between the start and `stop`, read from its files in `directory`.
  std::optional<LogExcerpt> excerpt(const fs::path& directory, const BinlogPosition& stop,
                                    std::uint64_t max_bytes = 1 << 30) {
    return read_log_excerpt(directory, log_files(stop), start_->position, stop.position, max_bytes);
  }

  // Where the log ends now: other tests may write to it later.
  BinlogPosition log_end() { return usable_binary_log(connection_).value().end; }

  fs::path log_directory() {
    return fs::path(*connection_.scalar("SELECT @@global.log_bin_basename")).parent_path();
  }

  Connection connection_{testing::test_server()};
  std::string database_, other_;
  std::optional<BinlogPosition> start_;
  std::string pristine_;
};

TEST_F(BinlogFlashback, UndoesEveryColumnTypeAndCountsTheRows) {
  change_everything();
  ASSERT_NE(checksum("wide"), pristine_);
  std::optional<UndoScript> script = read_undo_script(connection_, database_, *start_);
  ASSERT_TRUE(script.has_value());
  EXPECT_EQ(script->tables, std::set<std::string>{"wide"});  // not the other database's
  EXPECT_EQ(script->rows["wide"].updates, 23u);              // ids 3, 6 ... 78
  EXPECT_EQ(script->rows["wide"].deletes, 12u);
  EXPECT_EQ(script->rows["wide"].inserts, 6u);
  EXPECT_EQ(script->statements.front(), "START TRANSACTION");
  EXPECT_EQ(script->statements.back(), "COMMIT");
  apply(*script);
  EXPECT_EQ(checksum("wide"), pristine_);
  EXPECT_EQ(
      connection_.scalar("SELECT COUNT(*) FROM " + Connection::quote_identifier(other_) + ".kept"),
      "1");
}

TEST_F(BinlogFlashback, ASmallBudgetSplitsTheUndoIntoStatementsThatStillApply) {
  change_everything();
  std::optional<LogExcerpt> log = excerpt(log_directory(), log_end());
  ASSERT_TRUE(log.has_value());
  std::optional<UndoScript> whole = flashback_script(*log, database_);
  std::optional<UndoScript> split = flashback_script(*log, database_, 1);
  ASSERT_TRUE(whole.has_value());
  ASSERT_TRUE(split.has_value());
  // START TRANSACTION, one BINLOG per row event, COMMIT.
  EXPECT_LT(whole->statements.size(), split->statements.size());
  EXPECT_GT(split->statements.size(), 6u);
  apply(*split);
  EXPECT_EQ(checksum("wide"), pristine_);
}

TEST_F(BinlogFlashback, MoreLogThanTheBoundIsNotRead) {
  change_everything();
  BinlogPosition stop = log_end();
  EXPECT_TRUE(excerpt(log_directory(), stop, 1 << 30).has_value());
  EXPECT_FALSE(excerpt(log_directory(), stop, 1).has_value());
  if (stop.file == start_->file) {  // within one file the bound is exact
    std::uint64_t size = stop.position - start_->position;
    EXPECT_TRUE(excerpt(log_directory(), stop, size).has_value());
    EXPECT_FALSE(excerpt(log_directory(), stop, size - 1).has_value());
  }
}

TEST_F(BinlogFlashback, NothingLoggedIsNothingToUndo) {
  std::optional<UndoScript> script = read_undo_script(connection_, database_, *start_);
  ASSERT_TRUE(script.has_value());
  EXPECT_TRUE(script->statements.empty());
  EXPECT_TRUE(script->tables.empty());
}

TEST_F(BinlogFlashback, ALogFileThatDoesNotMatchItsChecksumsIsNotRead) {
  change_everything();
  // A copy of the log with one byte changed in the last event before the stop.
  fs::path copies = testing::temporary_directory();
  BinlogPosition stop = log_end();
  for (const std::string& file : log_files(stop)) {
    fs::copy_file(log_directory() / file, copies / file);
  }
  ASSERT_TRUE(excerpt(copies, stop).has_value());
  {
    std::fstream file(copies / stop.file, std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(static_cast<std::streamoff>(stop.position - 10));
    char was = static_cast<char>(file.get());
    file.seekp(static_cast<std::streamoff>(stop.position - 10));
    file.put(static_cast<char>(was ^ 0x5a));
  }
  EXPECT_FALSE(excerpt(copies, stop).has_value());
}

// A server that writes its log without checksums (binlog_checksum=NONE), of its own: changing
// the setting rotates the log, which the shared server's other tests must not see.
TEST(BinlogFlashbackWithoutChecksums, UndoesRowsAndRefusesARangeAcrossTheChange) {
  testing::PrivateServer server;
  Connection control(server.params());
  control.execute("SET GLOBAL binlog_checksum = NONE");
  control.execute("CREATE DATABASE plain_test");
  control.execute("CREATE TABLE plain_test.t (id INT PRIMARY KEY, v VARCHAR(20), b BLOB)");
  control.execute(
      "INSERT INTO plain_test.t VALUES (1, 'a', NULL), (2, 'b', 'x'),"
      " (3, 'c', REPEAT('y', 300))");
  auto checksum = [&] { return control.query("CHECKSUM TABLE plain_test.t").next()->str(1); };
  std::string pristine = checksum();
  std::optional<BinlogPosition> start;
  if (std::optional<BinaryLog> log = usable_binary_log(control)) start = log->end;
  ASSERT_TRUE(start.has_value());
  control.execute("UPDATE plain_test.t SET v = 'changed', b = NULL WHERE id = 3");
  control.execute("DELETE FROM plain_test.t WHERE id = 1");
  control.execute("INSERT INTO plain_test.t VALUES (4, 'd', 'z')");

  std::optional<UndoScript> script = read_undo_script(control, "plain_test", *start);
  ASSERT_TRUE(script.has_value());
  EXPECT_EQ(script->rows["t"].total(), 3u);
  {
    Connection session(server.params().with_database("plain_test"));
    stop_binary_logging(session);
    ASSERT_TRUE(apply_undo_script(session, *script));
  }
  EXPECT_EQ(checksum(), pristine);

  // Checksums on again: a new file of another format, which this reader does not join.
  control.execute("UPDATE plain_test.t SET v = 'again' WHERE id = 2");
  control.execute("SET GLOBAL binlog_checksum = CRC32");
  control.execute("UPDATE plain_test.t SET v = 'and again' WHERE id = 2");
  EXPECT_FALSE(read_undo_script(control, "plain_test", *start).has_value());
}

}  // namespace
}  // namespace tdm
