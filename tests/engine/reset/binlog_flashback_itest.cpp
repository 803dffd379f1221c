#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
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

// Values for every column of `wide`, varied by `n` (a column of the source rows).
std::string wide_values(const std::string& n) {
  return n + " % 100, " + n + " * 7, " + n + " * 1000, -" + n + " * 100000, " + n + " / 3, " + n +
         " / 7, " + n + " / 4, CONCAT(" + n + ", '.', REPEAT('3', 30)), 1990 + " + n +
         " % 100, '2020-01-01' + INTERVAL " + n + " DAY, SEC_TO_TIME(" + n +
         " * 37), SEC_TO_TIME(" + n + " * 37.123456), '2020-01-01' + INTERVAL " + n +
         " HOUR, NOW(3), NOW(), NOW(6), " + n + " % 2, " + n + " % 512, " + n +
         " << 40, LEFT(MD5(" + n + "), 10), REPEAT('é', " + n + " % 255), UNHEX(LPAD(HEX(" + n +
         "), 8, '0')), REPEAT('l', " + n + " % 200), " + "REPEAT('v', " + n +
         " * 37 % 1000), UNHEX(REPEAT('FF', " + n + " % 300)), REPEAT('t', " + n +
         " % 255), REPEAT('m', " + n + " * 101), REPEAT(CHAR(" + n + " % 256), " + n +
         " * 3), JSON_OBJECT('n', " + n + "), 1 + " + n + " % 2, 1 + " + n + " % 300, " + n +
         " % 8, " + n + " << 40 | 1, UUID(), INET6_ATON(CONCAT('2001:db8::', HEX(" + n +
         "))), POINT(" + n + ", -" + n + ")";
}

constexpr const char* kWideColumns =
    "i8, i16, i24, i64, f, d, dec_small, dec_wide, y, day, t0, t6, dt0, dt3, ts0, ts6, b1, b9,"
    " b64, c_short, c_long, bin, vc_short, vc_long, vb, tb, mt, lb, js, e, e_big, s, s_big, u,"
    " ip, g";

class BinlogFlashback : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = testing::fresh_database(connection_);
    other_ = testing::fresh_database(connection_, "other");
    connection_.execute("USE " + Connection::quote_identifier(database_));
    connection_.execute(wide_table());
    connection_.execute(std::string("INSERT INTO wide (") + kWideColumns + ") SELECT " +
                        wide_values("seq") + " FROM seq_1_to_60");
    connection_.execute("INSERT INTO wide (id) VALUES (61)");  // NULL everywhere else
    // A chain: 71 refers to 70, 72 to 71, and so on.
    for (int id = 70; id < 80; ++id) {
      connection_.execute("INSERT INTO wide (id, parent, vc_long) VALUES (" + std::to_string(id) +
                          ", " + (id == 70 ? std::string("NULL") : std::to_string(id - 1)) +
                          ", 'chain')");
    }
    connection_.execute("CREATE TABLE " + Connection::quote_identifier(other_) +
                        ".kept (id INT PRIMARY KEY) ENGINE=InnoDB");
    start_ = usable_binlog_position(connection_);
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
    test.execute(std::string("INSERT INTO wide (") + kWideColumns + ") SELECT " +
                 wide_values("seq") + " FROM seq_200_to_205");
    test.execute("INSERT INTO " + Connection::quote_identifier(other_) + ".kept VALUES (1)");
  }

  static std::string assignments() {
    std::string columns = kWideColumns;
    std::string values = wide_values("(id + 1000)");
    std::string set;
    // Pair the column list with the value list: split both on their top-level commas.
    auto split = [](const std::string& text) {
      std::vector<std::string> parts;
      int depth = 0;
      std::string part;
      for (char c : text) {
        if (c == '(') ++depth;
        if (c == ')') --depth;
        if (c == ',' && depth == 0) {
          parts.push_back(part);
          part.clear();
        } else {
          part += c;
        }
      }
      parts.push_back(part);
      return parts;
    };
    std::vector<std::string> names = split(columns), exprs = split(values);
    for (std::size_t i = 0; i < names.size(); ++i) {
      set += (i ? ", " : "") + names[i] + " = " + exprs[i];
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
  BinlogPosition log_end() { return usable_binlog_position(connection_).value(); }

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
  std::optional<BinlogPosition> start = usable_binlog_position(control);
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
