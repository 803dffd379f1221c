// The engine asks the server what it allows (may this account lock these tables, see the binary
// log, read InnoDB's dictionary?) and falls back when the answer is no. Only the refusals that
// mean "no" may be read as one: a lost connection must fail the command instead.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "engine/capture/shared_snapshot.hpp"
#include "engine/reset/binlog_undo.hpp"
#include "engine/reset/change_signals.hpp"
#include "support/error_code.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

using testing::error_code_of;

// An account of the test server with only SELECT on one database: no LOCK TABLES, no PROCESS,
// no BINLOG MONITOR. Dropped again when the test ends.
class SelectOnlyAccount {
 public:
  SelectOnlyAccount(Connection& admin, const std::string& database)
      : admin_(admin), name_(database.substr(0, 60)) {
    std::string account = this->account();
    admin_.execute("DROP USER IF EXISTS " + account);
    admin_.execute("CREATE USER " + account + " IDENTIFIED BY 'probe'");
    admin_.execute("GRANT SELECT ON " + Connection::quote_identifier(database) + ".* TO " +
                   account);
  }
  ~SelectOnlyAccount() {
    try {
      admin_.execute("DROP USER IF EXISTS " + account());
    } catch (const Error&) {
      // Left over, it is dropped first by the next run.
    }
  }
  SelectOnlyAccount(const SelectOnlyAccount&) = delete;
  SelectOnlyAccount& operator=(const SelectOnlyAccount&) = delete;

  ConnectionParams params(const std::string& database = "") const {
    ConnectionParams params = testing::test_server().with_database(database);
    params.user = name_;
    params.password = "probe";
    return params;
  }

 private:
  std::string account() const { return admin_.quote(name_) + "@'localhost'"; }

  Connection& admin_;
  std::string name_;
};

class ServerProbes : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = testing::fresh_database(admin_);
    admin_.execute("CREATE TABLE " + table() + " (id INT PRIMARY KEY)");
  }
  void TearDown() override {
    admin_.execute("DROP DATABASE IF EXISTS " + Connection::quote_identifier(database_));
  }
  std::string table() const { return Connection::quote_identifier(database_) + ".t"; }

  Connection admin_{testing::test_server()};
  std::string database_;
};

TEST_F(ServerProbes, TheBinaryLogPositionOfAnAccountThatMayNotSeeItIsNone) {
  Connection root(testing::test_server());
  std::optional<BinaryLog> log = usable_binary_log(root);  // the test server logs in ROW format
  ASSERT_TRUE(log.has_value());
  ASSERT_FALSE(log->files.empty());
  EXPECT_EQ(log->files.back(), log->end.file);  // the file being written is the newest

  SelectOnlyAccount account(admin_, database_);
  Connection restricted(account.params());
  EXPECT_FALSE(usable_binary_log(restricted).has_value());
}

TEST_F(ServerProbes, TheBinaryLogPositionOnALostConnectionIsAnError) {
  Connection connection(testing::test_server());
  testing::kill_session(connection);
  EXPECT_EQ(error_code_of([&] { usable_binary_log(connection); }), ExitCode::kServer);
}

TEST_F(ServerProbes, ASharedSnapshotIsRefusedWhenTheLockIsNotGrantedInTime) {
  Connection writer(testing::test_server());
  writer.execute("LOCK TABLES " + table() + " WRITE");
  Connection locker(testing::test_server());
  Connection reader = open_capture_reader(testing::test_server(), database_);
  EXPECT_FALSE(start_shared_snapshot(locker, database_, {"t"}, {&reader}));
}

TEST_F(ServerProbes, ASharedSnapshotIsRefusedToAnAccountWithoutLockTables) {
  SelectOnlyAccount account(admin_, database_);
  Connection locker(account.params());
  Connection reader = open_capture_reader(testing::test_server(), database_);
  EXPECT_FALSE(start_shared_snapshot(locker, database_, {"t"}, {&reader}));
}

TEST_F(ServerProbes, ASharedSnapshotOnALostConnectionIsAnError) {
  Connection locker(testing::test_server());
  Connection reader = open_capture_reader(testing::test_server(), database_);
  testing::kill_session(locker);
  EXPECT_EQ(error_code_of([&] { start_shared_snapshot(locker, database_, {"t"}, {&reader}); }),
            ExitCode::kServer);
}

TEST_F(ServerProbes, WithoutInnoDBsDictionaryEveryTableIsChecked) {
  Connection root(testing::test_server());
  EXPECT_FALSE(read_database_signals(root, database_).at("t").always_check);

  SelectOnlyAccount account(admin_, database_);
  Connection restricted(account.params());
  EXPECT_TRUE(read_database_signals(restricted, database_).at("t").always_check);
}

}  // namespace
}  // namespace tdm
