// Restores keep TDM's own writes out of the embedded server's binary log, so the server's
// disk use does not grow with every restore (it once reached gigabytes in minutes), while a
// test's own changes are still logged for resets to undo.
#include <gtest/gtest.h>

#include <string>

#include "connection/connection.hpp"
#include "engine/capture.hpp"
#include "engine/restore.hpp"
#include "support/test_files.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

struct LogPosition {
  std::string file;
  std::string position;
};

LogPosition log_end(Connection& connection) {
  Result status = connection.query("SHOW MASTER STATUS");
  auto row = status.next();
  return {row->str(0), row->str(1)};
}

// Events logged since `from` that name `database` (row events' table maps, statements). Other
// tests write to the same server's log at the same time, so its size alone proves nothing.
std::size_t events_naming(Connection& connection, const LogPosition& from,
                          const std::string& database) {
  std::size_t count = 0;
  bool started = false;
  for (const std::string& file : connection.query("SHOW BINARY LOGS").first_column()) {
    if (file == from.file) started = true;
    if (!started) continue;
    std::string sql = "SHOW BINLOG EVENTS IN " + connection.quote(file);
    if (file == from.file) sql += " FROM " + from.position;
    Result events = connection.query(sql);
    while (auto row = events.next()) {
      if (row->str(5).find(database) != std::string::npos) ++count;
    }
  }
  return count;
}

TEST(RestoreBinaryLog, RestoresWriteNothingToTheBinaryLog) {
  Connection connection(testing::test_server());
  std::string source = testing::fresh_database(connection, "binlog_src");
  std::string table = Connection::quote_identifier(source) + ".t";
  connection.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(200))");
  connection.execute("INSERT INTO " + table +
                     " SELECT seq, REPEAT('x', 200) FROM mysql.seq_1_to_5000");
  auto payload = std::filesystem::path(testing::temporary_directory()) / "binlog.tdm";
  CaptureStats captured = capture_database(testing::test_server(), source, payload);

  std::string target = testing::fresh_database(connection, "binlog_dst");
  LogPosition before = log_end(connection);
  for (int round = 0; round < 3; ++round) {
    RestoreRequest request{payload, captured.payload_sha256, target, "binlog-1-abc", "abc", 2};
    request.tablespace_copies = false;  // the row path: what an external server's restore does
    restore_database(testing::test_server(), request, TestDatabaseRule());
  }
  EXPECT_EQ(events_naming(connection, before, target), 0u)
      << "restores of " << target << " were written to the binary log";
  EXPECT_EQ(
      connection.scalar("SELECT COUNT(*) FROM " + Connection::quote_identifier(target) + ".t"),
      "5000");
  // A test's own change is still logged: resets undo it from there.
  connection.execute("DELETE FROM " + Connection::quote_identifier(target) + ".t WHERE id = 1");
  EXPECT_GT(events_naming(connection, before, target), 0u);
}

}  // namespace
}  // namespace tdm
