// The snapshot use cases against the test server: each takes the lock it needs and waits for it
// only as long as it is told.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

#include "connection/connection.hpp"
#include "lock/database_lock.hpp"
#include "lock/file_lock.hpp"
#include "snapshot_ops/snapshot_capture.hpp"
#include "snapshot_ops/snapshot_restore.hpp"
#include "snapshot_ops/store_upkeep.hpp"
#include "support/error_code.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

using namespace std::chrono_literals;
using testing::error_code_of;

class SnapshotOps : public ::testing::Test {
 protected:
  void SetUp() override {
    source = testing::fresh_database(connection, "source");
    target = testing::database_name_for_current_test("target");
    connection.execute("CREATE TABLE " + Connection::quote_identifier(source) +
                       ".t (id INT PRIMARY KEY)");
    connection.execute("INSERT INTO " + Connection::quote_identifier(source) +
                       ".t VALUES (1), (2)");
  }

  void TearDown() override {
    connection.execute("DROP DATABASE IF EXISTS " + Connection::quote_identifier(target));
  }

  StoredSnapshot create() {
    return create_snapshot(testing::test_server(), store,
                           {source, "ops", "1.0.0", Manifest{}, "cli", ""}, 5s);
  }

  Connection connection{testing::test_server()};
  SnapshotStore store{testing::temporary_directory()};
  std::string source;
  std::string target;
  TestDatabaseRule rule;
};

TEST_F(SnapshotOps, RestoreHoldsTheDatabaseLockAndWaitsForItOnlyUpToTheTimeout) {
  StoredSnapshot snapshot = chosen_snapshot(store, {.id = create().id});
  RestoreRequest request{payload_target(snapshot, target)};
  {
    Connection other(testing::test_server().with_database(""));
    DatabaseLock held(other, target, 1s);
    EXPECT_EQ(error_code_of([&] { restore_snapshot(testing::test_server(), request, 0s, rule); }),
              ExitCode::kBusy);
  }
  EXPECT_EQ(restore_snapshot(testing::test_server(), request, 5s, rule).rows, 2u);
}

TEST_F(SnapshotOps, CreateAndPruneWaitForTheSnapshotDirectoryOnlyUpToTheTimeout) {
  FileLock held(store.lock_path(), 1s);
  EXPECT_EQ(error_code_of([&] {
              create_snapshot(testing::test_server(), store,
                              {source, "ops", "1.0.0", Manifest{}, "cli", ""}, 0s);
            }),
            ExitCode::kBusy);
  EXPECT_EQ(error_code_of([&] { prune_snapshots(store, {}, 0s); }), ExitCode::kBusy);
}

}  // namespace
}  // namespace tdm
