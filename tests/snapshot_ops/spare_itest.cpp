// Restores that swap in a pre-restored spare (snapshot_ops/spare_databases.hpp) against the
// test server: the result equals the snapshot, and every doubt falls back to the normal restore.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>

#include "connection/connection.hpp"
#include "engine/awkward_database.hpp"
#include "engine/database_fingerprint.hpp"
#include "snapshot_ops/snapshot_capture.hpp"
#include "snapshot_ops/snapshot_restore.hpp"
#include "snapshot_ops/spare_databases.hpp"
#include "state/bookkeeping.hpp"
#include "support/error_code.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

using namespace std::chrono_literals;
using testing::error_code_of;

std::string q(const std::string& name) {
  return Connection::quote_identifier(name);
}

class SpareSwap : public ::testing::Test {
 protected:
  void SetUp() override {
    source = testing::fresh_database(connection, "source");
    target = testing::database_name_for_current_test("target");
    Connection filler(testing::test_server().with_database(source));
    for (const std::string& statement : testing::awkward_database_statements()) {
      filler.execute(statement);
    }
    // Without its triggers and its DEFAULT NEXT VALUE FOR, which a payload must not have to be
    // swapped (TriggersFallBack, ASequenceDefaultFallsBack); its sequences stay.
    filler.execute("ALTER TABLE ticket ALTER COLUMN id DROP DEFAULT");
    for (const std::string& trigger :
         filler
             .query("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = " +
                    filler.quote(source))
             .first_column()) {
      filler.execute("DROP TRIGGER " + q(trigger));
    }
    snapshot = capture();
    // The target as a fixture setup meets it: the contents of an earlier run, objects of
    // every kind included.
    connection.execute("DROP DATABASE IF EXISTS " + q(target));
    connection.execute("CREATE DATABASE " + q(target) + " CHARACTER SET latin1");
    Connection old(testing::test_server().with_database(target));
    old.execute("CREATE TABLE parent (id INT PRIMARY KEY, note TEXT)");
    old.execute("INSERT INTO parent VALUES (1, 'old contents')");
    old.execute("CREATE TABLE leftover (id INT PRIMARY KEY)");
    old.execute("CREATE VIEW old_view AS SELECT id FROM leftover");
    old.execute("CREATE VIEW notes AS SELECT id FROM leftover");  // a table of the payload's
    old.execute("CREATE PROCEDURE old_procedure() SELECT 1");
  }

  void TearDown() override {
    for (const std::string& name : {target, spare_database(target), trash_database(target)}) {
      connection.execute("DROP DATABASE IF EXISTS " + q(name));
    }
  }

  StoredSnapshot capture() {
    return chosen_snapshot(
        store, {.id = create_snapshot(testing::test_server(), store,
                                      {source, "spare", "1.0.0", Manifest{}, "cli", ""}, 5s)
                          .id});
  }

  RestoreRequest request() const { return RestoreRequest{payload_target(snapshot, target)}; }

  SpareRefill refill() {
    return refill_spare(testing::test_server(), payload_target(snapshot, target), 2, 5s, rule);
  }

  SpareRestore restore() { return restore_with_spare(testing::test_server(), request(), 5s, rule); }

  void expect_equal_to_source() {
    std::map<std::string, std::string> original = testing::database_fingerprint(connection, source);
    std::map<std::string, std::string> copy = testing::database_fingerprint(connection, target);
    EXPECT_GT(original.size(), 40u);
    for (const auto& [key, value] : original) {
      auto found = copy.find(key);
      ASSERT_NE(found, copy.end()) << key << " is missing from the copy";
      EXPECT_EQ(found->second, value) << key;
    }
    EXPECT_EQ(copy.size(), original.size());
    EXPECT_EQ(connection.scalar("SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA"
                                " WHERE SCHEMA_NAME = " +
                                connection.quote(target)),
              connection.scalar("SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA"
                                " WHERE SCHEMA_NAME = " +
                                connection.quote(source)));
    auto record = Bookkeeping::lookup(connection, target);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->state, DatabaseState::kRestored);
    EXPECT_EQ(record->snapshot, snapshot.id);
  }

  Connection connection{testing::test_server()};
  SnapshotStore store{testing::temporary_directory()};
  std::string source;
  std::string target;
  StoredSnapshot snapshot;
  TestDatabaseRule rule;
};

TEST_F(SpareSwap, SwapGivesTheSnapshotAndTheOldContentsGoOffThePath) {
  SpareRefill first = refill();
  EXPECT_EQ(first.spare.outcome, ResetOutcome::kRestored);  // first use

  SpareRestore swapped = restore();
  EXPECT_EQ(swapped.declined, "");
  EXPECT_EQ(swapped.stats.spare, spare_database(target));
  expect_equal_to_source();
  // The old tables wait in the trash; the spare gave its tables away and is trusted no more.
  EXPECT_EQ(connection.scalar("SELECT note FROM " + q(trash_database(target)) + ".parent"),
            "old contents");
  EXPECT_FALSE(Bookkeeping::lookup(connection, spare_database(target)));

  SpareRefill again = refill();  // off the restore's path
  EXPECT_EQ(
      connection.scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
                        connection.quote(trash_database(target))),
      "0");  // the old contents are gone; the trash waits, empty, for the next swap
  EXPECT_EQ(again.spare.outcome, ResetOutcome::kRestored);
  // The target is used, as a test would, and swapped again.
  connection.execute("DELETE FROM " + q(target) + ".audit_log");
  SpareRestore second = restore();
  EXPECT_EQ(second.declined, "");
  expect_equal_to_source();
}

TEST_F(SpareSwap, AnAbsentTargetIsCreatedWithThePayloadsDefaults) {
  refill();
  connection.execute("DROP DATABASE " + q(target));
  EXPECT_EQ(restore().declined, "");
  expect_equal_to_source();
}

TEST_F(SpareSwap, ASpareChangedBehindTdmsBackIsNotUsed) {
  refill();
  connection.execute("UPDATE " + q(spare_database(target)) +
                     ".audit_log SET message = CONCAT(message, '!')");
  SpareRestore restored = restore();
  EXPECT_NE(restored.declined.find("is not proven untouched"), std::string::npos)
      << restored.declined;
  EXPECT_EQ(restored.stats.spare, "");
  expect_equal_to_source();

  // A changed definition too; and a refill brings the spare back.
  refill();
  connection.execute("ALTER TABLE " + q(spare_database(target)) + ".audit_log ADD COLUMN x INT");
  EXPECT_NE(restore().declined.find("is not proven untouched"), std::string::npos);
  expect_equal_to_source();
  refill();
  EXPECT_EQ(restore().declined, "");
  expect_equal_to_source();
}

TEST_F(SpareSwap, NoSpareFallsBack) {
  SpareRestore restored = restore();
  EXPECT_NE(restored.declined.find("there is no spare"), std::string::npos) << restored.declined;
  expect_equal_to_source();
}

TEST_F(SpareSwap, TriggersFallBack) {
  // A trigger on one of the target's old tables: RENAME TABLE refuses to move it.
  refill();
  connection.execute("CREATE TRIGGER " + q(target) + ".old_trigger BEFORE INSERT ON " + q(target) +
                     ".leftover FOR EACH ROW SET NEW.id = NEW.id");
  SpareRestore restored = restore();
  EXPECT_NE(restored.declined.find("RENAME TABLE was refused"), std::string::npos)
      << restored.declined;
  expect_equal_to_source();

  // A payload with triggers is never swapped.
  Connection(testing::test_server().with_database(source))
      .execute(
          "CREATE TRIGGER audit_trigger BEFORE INSERT ON audit_log FOR EACH ROW"
          " SET NEW.message = NEW.message");
  snapshot = capture();
  refill();
  restored = restore();
  EXPECT_NE(restored.declined.find("the payload has triggers"), std::string::npos)
      << restored.declined;
  expect_equal_to_source();
}

TEST_F(SpareSwap, ASequenceDefaultFallsBack) {
  connection.execute("ALTER TABLE " + q(source) +
                     ".ticket ALTER COLUMN id SET DEFAULT NEXT VALUE FOR " + q(source) +
                     ".ticket_numbers");
  snapshot = capture();
  refill();
  SpareRestore restored = restore();
  EXPECT_NE(restored.declined.find("takes a DEFAULT from a sequence"), std::string::npos)
      << restored.declined;
  expect_equal_to_source();
}

TEST_F(SpareSwap, AHeldMetadataLockFallsBackWithinTheShortWait) {
  refill();
  Connection reader(testing::test_server());
  reader.execute("START TRANSACTION");
  reader.query("SELECT COUNT(*) FROM " + q(spare_database(target)) + ".audit_log");
  SpareRestore restored = restore();  // waits 1 s on the lock, then restores the usual way
  EXPECT_NE(restored.declined.find("RENAME TABLE was refused"), std::string::npos)
      << restored.declined;
  expect_equal_to_source();
  reader.execute("COMMIT");
}

TEST_F(SpareSwap, TheRuleRefusesASpareThatIsNotATestDatabase) {
  refill();
  rule = TestDatabaseRule({}, {target});  // the target alone is a test database
  SpareRestore restored = restore();
  EXPECT_NE(restored.declined.find("is not a test database"), std::string::npos)
      << restored.declined;
  expect_equal_to_source();
  EXPECT_EQ(error_code_of([&] { refill(); }), ExitCode::kRefused);
}

}  // namespace
}  // namespace tdm
