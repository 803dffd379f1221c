// The server's files outside live databases (binary logs, the system tablespace, the undo
// tablespaces, the temporary tablespace, the tmpdir) stay bounded however many restores, test
// writes and resets a server sees: TDM's own loads are not logged, and resets purge the log files
// no reset point needs. On a server of its own, so that only these cycles count. Without the first,
// every row-path restore below adds its whole payload to the binary log: with restores logged, this
// test measured 64 MB (40 MB of binary log) after four cycles, 15 MB of it added by the last two.
// The redo log is left out: one file preallocated at its fixed size (--innodb-log-file-size),
// written round, which never grows.
// Budget: ~6 s (4.6 s under CTest at load average 4, before the big transaction; 20-50 s on a
// saturated machine): one server start, eight restores of a ~6 MB payload, four resets, one
// transaction updating 40,000 rows.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "connection/connection.hpp"
#include "engine/capture.hpp"
#include "engine/reset.hpp"
#include "engine/restore.hpp"
#include "server/embedded_server.hpp"
#include "support/private_server.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

// Sizes of the server's files outside its databases, by name: every file directly in the
// datadir but the redo log, and everything below the tmpdir.
std::map<std::string, std::uintmax_t> files_outside_databases(const ServerLayout& layout) {
  std::map<std::string, std::uintmax_t> sizes;
  for (const auto& entry : fs::directory_iterator(layout.data_dir)) {
    if (!entry.is_regular_file() || entry.path().filename() == "ib_logfile0") continue;
    sizes[entry.path().filename().string()] = entry.file_size();
  }
  for (const auto& entry : fs::recursive_directory_iterator(layout.tmp_dir)) {
    if (entry.is_regular_file())
      sizes["tmpdir/" + entry.path().filename().string()] = entry.file_size();
  }
  return sizes;
}

std::uintmax_t total(const std::map<std::string, std::uintmax_t>& sizes) {
  std::uintmax_t sum = 0;
  for (const auto& [name, size] : sizes) sum += size;
  return sum;
}

std::string listed(const std::map<std::string, std::uintmax_t>& sizes) {
  std::string out;
  for (const auto& [name, size] : sizes) out += "  " + name + " " + std::to_string(size) + "\n";
  return out;
}

constexpr std::uintmax_t kMiB = 1024 * 1024;

class DiskBound : public ::testing::Test {
 protected:
  PayloadTarget target(const std::string& database) const {
    PayloadTarget target;
    target.payload_path = payload_;
    target.expected_sha256 = sha256_;
    target.target_database = database;
    target.snapshot_name = "bulk";
    target.data_model_hash = "hash";
    return target;
  }

  testing::PrivateServer private_server_;  // destroyed after the connection below
  std::string dir_ = private_server_.dir();
  ConnectionParams server_ = private_server_.params();
  std::optional<Connection> control_{server_};
  fs::path payload_ = fs::path(testing::temporary_directory()) / "bulk.tdm";
  std::string sha256_;
};

TEST_F(DiskBound, RestoresTestWritesAndResetsLeaveTheServersOtherFilesBounded) {
  // ~6 MB of rows, with a secondary index.
  control_->execute("CREATE DATABASE source_test");
  control_->execute(
      "CREATE TABLE source_test.bulk (id INT PRIMARY KEY, n INT, body VARCHAR(300), KEY (n))");
  control_->execute(
      "INSERT INTO source_test.bulk SELECT seq, seq % 1000, REPEAT(MD5(seq), 9)"
      " FROM source_test.seq_1_to_20000");
  sha256_ = capture_database(server_, "source_test", payload_).payload_sha256;
  control_->execute("DROP DATABASE source_test");
  for (const char* database : {"rows_test", "cached_test", "slot_test"}) {
    control_->execute(std::string("CREATE DATABASE ") + database);
  }

  ServerLayout layout(dir_);
  std::map<int, std::uintmax_t> total_after;  // cycle -> bytes
  constexpr int kCycles = 4;
  for (int cycle = 1; cycle <= kCycles; ++cycle) {
    // A restore that loads every row, and one through the tablespace cache.
    RestoreRequest rows{target("rows_test")};
    rows.tablespace_copies = false;
    restore_database(server_, rows, TestDatabaseRule());
    RestoreRequest cached{target("cached_test")};
    restore_database(server_, cached, TestDatabaseRule());
    // A test writes to its slot, which the next cycle resets (the first: restores in full).
    ResetReport reset =
        reset_database(server_, ResetRequest{target("slot_test")}, TestDatabaseRule());
    if (cycle > 1) {
      EXPECT_EQ(reset.outcome, ResetOutcome::kReset) << reset.reason;
    }
    control_->execute(
        "INSERT INTO slot_test.bulk SELECT 100000 + seq, seq, REPEAT('x', 300)"
        " FROM slot_test.seq_1_to_500");
    control_->execute("UPDATE slot_test.bulk SET body = UPPER(body) WHERE id <= 500");
    control_->execute("DELETE FROM slot_test.bulk WHERE id BETWEEN 1000 AND 1200");
    total_after[cycle] = total(files_outside_databases(layout));
  }

  auto sizes = files_outside_databases(layout);
  // The system and temporary tablespaces start at 12 MB each, the two undo tablespaces at
  // 10 MB each; the rest is small.
  EXPECT_LT(total(sizes), 60 * kMiB) << listed(sizes);
  // And no longer grows with the number of cycles: what the second half of the cycles added
  // is a fraction of one payload (with restores logged: 23 MB).
  EXPECT_LT(total_after[kCycles] - total_after[kCycles / 2], 2 * kMiB) << listed(sizes);
  // The log is on: the last cycle's test writes are in it, for the next reset.
  std::uintmax_t logged = 0;
  for (const auto& [name, size] : sizes) {
    if (name.starts_with("binlog.0")) logged += size;
  }
  EXPECT_GT(logged, 300 * 1024u) << listed(sizes);

  // A test's big transaction (~40 MB of undo): its undo goes to the undo tablespaces, which
  // the server truncates once purged. In the system tablespace, where MariaDB keeps undo by
  // default, it grew ibdata1 from 12 to 76 MB for good.
  control_->execute("BEGIN");
  control_->execute("UPDATE slot_test.bulk SET body = REPEAT('y', 300)");
  control_->execute("UPDATE slot_test.bulk SET body = REPEAT(MD5(id), 9)");
  control_->execute("COMMIT");
  sizes = files_outside_databases(layout);
  EXPECT_EQ(sizes["ibdata1"], 12 * kMiB) << listed(sizes);
}

}  // namespace
}  // namespace tdm
