// Restores keep TDM's own writes out of the embedded server's binary log, so the server's
// disk use does not grow with every restore (it once reached gigabytes in minutes).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "connection/connection.hpp"
#include "engine/capture.hpp"
#include "engine/restore.hpp"
#include "support/test_files.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

std::uint64_t binary_log_bytes(Connection& connection) {
  std::uint64_t total = 0;
  Result logs = connection.query("SHOW BINARY LOGS");
  while (auto row = logs.next()) total += std::stoull(row->str(1));
  return total;
}

TEST(RestoreBinaryLog, RepeatedRestoresDoNotGrowTheBinaryLog) {
  Connection connection(testing::test_server());
  std::string source = testing::fresh_database(connection, "binlog_src");
  std::string table = Connection::quote_identifier(source) + ".t";
  connection.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(200))");
  connection.execute("INSERT INTO " + table +
                     " SELECT seq, REPEAT('x', 200) FROM mysql.seq_1_to_5000");
  auto payload = std::filesystem::path(testing::temporary_directory()) / "binlog.tdm";
  CaptureStats captured = capture_database(testing::test_server(), source, payload);
  ASSERT_GT(captured.payload_bytes, 1'000'000u);

  std::string target = testing::fresh_database(connection, "binlog_dst");
  std::uint64_t before = binary_log_bytes(connection);
  for (int round = 0; round < 5; ++round) {
    RestoreRequest request{payload, captured.payload_sha256, target, "binlog-1-abc", "abc", 2};
    request.tablespace_copies = false;  // the row path: what an external server's restore does
    restore_database(testing::test_server(), request, TestDatabaseRule());
  }
  std::uint64_t grown = binary_log_bytes(connection) - before;
  // Logged row by row, five restores would add about five times the payload.
  EXPECT_LT(grown, captured.payload_bytes / 4)
      << "five restores of a " << captured.payload_bytes << "-byte payload grew the log by "
      << grown << " bytes";
  EXPECT_EQ(
      connection.scalar("SELECT COUNT(*) FROM " + Connection::quote_identifier(target) + ".t"),
      "5000");
}

}  // namespace
}  // namespace tdm
