// Resets delete the binary log files no reset point needs any more, so the log of a server
// that tests write to for hours stays as long as the oldest point needs. On a server of its
// own: on the shared one, every other test's points would count. Budget: ~5 s (one start).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "connection/connection.hpp"
#include "engine/capture.hpp"
#include "engine/reset.hpp"
#include "server/embedded_server.hpp"
#include "support/private_server.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

class BinlogPurge : public ::testing::Test {
 protected:
  std::vector<std::string> log_files() {
    return control_->query("SHOW BINARY LOGS").first_column();
  }

  ResetReport reset(const std::string& database) {
    ResetRequest request;
    request.payload_path = payload_;
    request.expected_sha256 = sha256_;
    request.target_database = database;
    request.snapshot_name = "small";
    request.data_model_hash = "hash";
    return reset_database(server_, request, TestDatabaseRule());
  }

  testing::PrivateServer private_server_;  // destroyed after the connection below
  ConnectionParams server_ = private_server_.params();
  std::optional<Connection> control_{server_};
  fs::path payload_ = fs::path(testing::temporary_directory()) / "small.tdm";
  std::string sha256_;
};

TEST_F(BinlogPurge, ResetsPurgeTheLogFilesNoResetPointNeeds) {
  control_->execute("CREATE DATABASE source_test");
  control_->execute("CREATE TABLE source_test.t (id INT PRIMARY KEY, v INT)");
  control_->execute("INSERT INTO source_test.t VALUES (1, 1), (2, 2)");
  sha256_ = capture_database(server_, "source_test", payload_).payload_sha256;
  for (const char* database : {"early_test", "late_test"}) {
    control_->execute(std::string("CREATE DATABASE ") + database);
  }
  ASSERT_EQ(reset("early_test").outcome, ResetOutcome::kRestored);  // its point: this file
  std::string early_file = log_files().back();
  control_->execute("FLUSH BINARY LOGS");
  control_->execute("FLUSH BINARY LOGS");
  ASSERT_EQ(reset("late_test").outcome, ResetOutcome::kRestored);
  // early_test's point still needs its file and every later one.
  std::vector<std::string> files = log_files();
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files.front(), early_file);

  // A test writes to early_test; its reset undoes that from the log, then moves its point to
  // the newest file: the two before it are no longer needed by anyone.
  control_->execute("UPDATE early_test.t SET v = 10 WHERE id = 1");
  ResetReport undone = reset("early_test");
  EXPECT_EQ(undone.outcome, ResetOutcome::kReset);
  EXPECT_TRUE(undone.undone.contains("t"));
  EXPECT_EQ(control_->scalar("SELECT v FROM early_test.t WHERE id = 1"), "1");
  EXPECT_EQ(log_files(), std::vector<std::string>{files.back()});
}

}  // namespace
}  // namespace tdm
