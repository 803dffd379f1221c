// A reset on an external server that keeps no binary log, as Debian's package sets one up:
// nothing can be undone from a log, so the tables a test touched are compared by checksum and
// reloaded from the payload. On a server of the test's own. Budget: ~3 s (mariadb-install-db
// and a start).
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "connection/connection.hpp"
#include "engine/capture.hpp"
#include "engine/database_fingerprint.hpp"
#include "engine/reset.hpp"
#include "engine/reset/binlog_undo.hpp"
#include "support/server_without_binary_log.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

TEST(ResetWithoutBinaryLog, ChangedTablesAreComparedAndReloaded) {
  testing::ServerWithoutBinaryLog server;
  Connection control(server.params());
  control.execute("SET GLOBAL userstat = 1");  // what resetting rather than restoring needs
  EXPECT_FALSE(usable_binary_log(control).has_value());
  control.execute("CREATE DATABASE source_test");
  control.execute("CREATE TABLE source_test.t (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
  control.execute("INSERT INTO source_test.t (v) VALUES (1), (2), (3)");
  control.execute("CREATE DATABASE slot_test");
  fs::path payload = fs::path(testing::temporary_directory()) / "no-binlog.tdm";
  ResetRequest request;
  request.payload_path = payload;
  request.expected_sha256 =
      capture_database(server.params(), "source_test", payload).payload_sha256;
  request.target_database = "slot_test";
  ASSERT_EQ(reset_database(server.params(), request, {}).outcome, ResetOutcome::kRestored);

  Connection test(server.params().with_database("slot_test"));
  test.execute("UPDATE t SET v = 9 WHERE id = 1");
  test.execute("INSERT INTO t (v) VALUES (4)");
  ResetReport report = reset_database(server.params(), request, {});
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  EXPECT_EQ(report.reloaded, std::set<std::string>{"t"}) << describe(report);
  EXPECT_TRUE(report.undone.empty()) << describe(report);
  EXPECT_EQ(testing::database_fingerprint(control, "slot_test"),
            testing::database_fingerprint(control, "source_test"));
}

}  // namespace
}  // namespace tdm
