#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "engine/capture.hpp"
#include "engine/reset.hpp"
#include "engine/restore.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

// A database of plain InnoDB tables with every kind of definition but sequences (a clean
// proof never stands for those), restored into two slots. Each test first makes a whole check
// that leaves a clean proof, then sees what the next check trusts.
class CleanProof : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string source = testing::fresh_database(connection_, "source");
    slot_ = testing::fresh_database(connection_, "slot");
    other_slot_ = testing::fresh_database(connection_, "other");
    Connection filler(testing::test_server().with_database(source));
    for (const char* statement :
         {"CREATE TABLE parent (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20))"
          " ENGINE=InnoDB",
          "CREATE TABLE child (id INT AUTO_INCREMENT PRIMARY KEY, parent_id INT,"
          " FOREIGN KEY (parent_id) REFERENCES parent (id)) ENGINE=InnoDB",
          "INSERT INTO parent (name) VALUES ('a'), ('b')",
          "INSERT INTO child (parent_id) VALUES (1), (2)",
          "CREATE VIEW parent_names AS SELECT name FROM parent",
          "CREATE TRIGGER parent_trim BEFORE INSERT ON parent FOR EACH ROW"
          " SET NEW.name = TRIM(NEW.name)",
          "CREATE FUNCTION one() RETURNS INT DETERMINISTIC RETURN 1",
          "CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM child"}) {
      filler.execute(statement);
    }
    payload_ = fs::path(testing::temporary_directory()) / "plain.tdm";
    sha256_ = capture_database(testing::test_server(), source, payload_).payload_sha256;
    ASSERT_EQ(reset(slot_).outcome, ResetOutcome::kRestored);
    ASSERT_EQ(reset(other_slot_).outcome, ResetOutcome::kRestored);
  }

  ResetReport reset(const std::string& database,
                    std::function<void(std::string_view)> on_step = {}) {
    ResetRequest request{PayloadTarget{payload_, sha256_, database, "plain", "hash"}};
    request.on_step = std::move(on_step);
    return reset_database(testing::test_server(), request, rule_);
  }

  // A whole check that finds `database` unchanged and leaves a clean proof, then one that
  // trusts it.
  void prove_clean(const std::string& database) {
    ResetReport whole = reset(database);
    ASSERT_EQ(whole.outcome, ResetOutcome::kUntouched) << describe(whole);
    expect_trusted(database);
  }

  void expect_trusted(const std::string& database) {
    ResetReport report = reset(database);
    EXPECT_EQ(report.outcome, ResetOutcome::kUntouched) << describe(report);
    EXPECT_FALSE(report.definitions_compared) << describe(report);
  }

  // The name of the slot's parent row 1 ("a" as captured).
  std::optional<std::string> first_parent_name() {
    return connection_.scalar("SELECT name FROM " + Connection::quote_identifier(slot_) +
                              ".parent WHERE id = 1");
  }

  void run_in(const std::string& database, const std::vector<std::string>& statements) {
    Connection test(testing::test_server().with_database(database));
    for (const std::string& statement : statements) test.execute(statement);
  }

  Connection connection_{testing::test_server()};
  TestDatabaseRule rule_;
  std::string slot_, other_slot_;
  fs::path payload_;
  std::string sha256_;
};

TEST_F(CleanProof, AWholeCheckIsTrustedByTheNext) {
  prove_clean(slot_);
  expect_trusted(slot_);
}

struct DefinitionChange {
  const char* name;
  std::vector<std::string> statements;
};

void PrintTo(const DefinitionChange& change, std::ostream* out) {
  *out << change.name;
}

class CleanProofAfterDefinitionChange : public CleanProof,
                                        public ::testing::WithParamInterface<DefinitionChange> {};

// No row moves in any of these: only the server's statement counters can tell.
TEST_P(CleanProofAfterDefinitionChange, NoLongerStands) {
  prove_clean(slot_);
  run_in(slot_, GetParam().statements);
  ResetReport report = reset(slot_);
  EXPECT_EQ(report.outcome, ResetOutcome::kRestored) << describe(report);
  prove_clean(slot_);  // the restore's own statements: the next proof is a whole one again
}

INSTANTIATE_TEST_SUITE_P(
    Changes, CleanProofAfterDefinitionChange,
    ::testing::Values(
        DefinitionChange{"Trigger",
                         {"CREATE TRIGGER child_touch BEFORE UPDATE ON child FOR EACH ROW"
                          " SET NEW.parent_id = NEW.parent_id"}},
        DefinitionChange{"InstantAlter",
                         {"ALTER TABLE parent ALTER COLUMN name SET DEFAULT 'x',"
                          " ALGORITHM=INSTANT"}},
        DefinitionChange{"View", {"CREATE OR REPLACE VIEW parent_names AS SELECT id FROM parent"}},
        DefinitionChange{"DroppedView", {"DROP VIEW parent_names"}},
        DefinitionChange{"AddedView", {"CREATE VIEW added_names AS SELECT name FROM parent"}},
        DefinitionChange{"Routine", {"DROP FUNCTION one"}},
        DefinitionChange{"Event", {"ALTER EVENT nightly COMMENT 'changed'"}},
        DefinitionChange{
            "PreparedAlter",
            {"PREPARE alter_it FROM 'ALTER TABLE child COMMENT ''changed'''", "EXECUTE alter_it"}},
        DefinitionChange{"ThroughAProcedure",
                         {"CREATE PROCEDURE change_it() ALTER TABLE child COMMENT 'changed'",
                          "CALL change_it()"}}),
    [](const ::testing::TestParamInfo<DefinitionChange>& info) { return info.param.name; });

// While the proof's watch stands only rows and counters can have changed: the reset undoes
// them without reading a definition.
TEST_F(CleanProof, ChangedRowsAreResetWithoutComparingDefinitions) {
  prove_clean(slot_);
  run_in(slot_, {"UPDATE parent SET name = 'changed' WHERE id = 1",
                 "INSERT INTO child (parent_id) VALUES (2)"});
  ResetReport report = reset(slot_);
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  EXPECT_FALSE(report.definitions_compared);
  EXPECT_EQ(report.counters, std::vector<std::string>{"child"}) << describe(report);
  EXPECT_EQ(first_parent_name(), "a");
  EXPECT_EQ(
      connection_.scalar("SELECT COUNT(*) FROM " + Connection::quote_identifier(slot_) + ".child"),
      "2");
  expect_trusted(slot_);
}

// No counter moved, so the reset ran no definition statement: its proof rests on the server's
// counters as read before the comparison.
TEST_F(CleanProof, ChangedRowsWithoutAMovedCounterAreResetAndLeaveAProof) {
  prove_clean(slot_);
  run_in(slot_, {"UPDATE parent SET name = 'changed' WHERE id = 1"});
  ResetReport report = reset(slot_);
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  EXPECT_TRUE(report.counters.empty()) << describe(report);
  EXPECT_EQ(first_parent_name(), "a");
  expect_trusted(slot_);
}

// A definition statement that lands while such a reset runs has moved the counters since they
// were read: the proof left does not stand.
TEST_F(CleanProof, ADefinitionChangeDuringAResetWithoutMovedCountersBreaksItsProof) {
  prove_clean(slot_);
  run_in(slot_, {"UPDATE parent SET name = 'changed' WHERE id = 1"});
  ResetReport report = reset(slot_, [&](std::string_view step) {
    if (step == "record") run_in(slot_, {"DROP TRIGGER parent_trim"});
  });
  ASSERT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  ASSERT_TRUE(report.counters.empty()) << describe(report);
  ResetReport next = reset(slot_);
  EXPECT_EQ(next.outcome, ResetOutcome::kRestored) << describe(next);
}

TEST_F(CleanProof, ChangedRowsWithADefinitionStatementAreComparedWhole) {
  prove_clean(slot_);
  run_in(slot_, {"UPDATE parent SET name = 'changed' WHERE id = 1",
                 "ALTER TABLE child COMMENT 'changed'"});
  ResetReport report = reset(slot_);
  EXPECT_EQ(report.outcome, ResetOutcome::kRestored) << describe(report);
  EXPECT_EQ(first_parent_name(), "a");
}

// FLUSH TABLE_STATISTICS empties the user statistics, as a restart does: every table is then
// compared once, and the signals read before that become the baseline.
TEST_F(CleanProof, SignalsFoundMovedOnAnEqualDatabaseBecomeTheBaseline) {
  prove_clean(slot_);
  connection_.execute("FLUSH TABLE_STATISTICS");
  ResetReport whole = reset(slot_);
  ASSERT_EQ(whole.outcome, ResetOutcome::kUntouched) << describe(whole);
  EXPECT_TRUE(whole.definitions_compared);
  expect_trusted(slot_);
}

// A rolled-back INSERT moves the counter and leaves the rows as they were.
TEST_F(CleanProof, AMovedCounterIsFoundAndTheResetLeavesAProof) {
  prove_clean(slot_);
  run_in(slot_, {"START TRANSACTION", "INSERT INTO child (parent_id) VALUES (1)", "ROLLBACK"});
  ResetReport report = reset(slot_);
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  EXPECT_EQ(report.counters, std::vector<std::string>{"child"}) << describe(report);
  EXPECT_FALSE(report.definitions_compared);
  expect_trusted(slot_);  // its own ALTER was the one definition statement since
}

TEST_F(CleanProof, AnotherDatabasesResetKeepsTheProof) {
  prove_clean(slot_);
  run_in(other_slot_,
         {"INSERT INTO child (parent_id) VALUES (1)", "DELETE FROM child WHERE id > 2"});
  ResetReport other = reset(other_slot_);
  ASSERT_EQ(other.outcome, ResetOutcome::kReset) << describe(other);
  ASSERT_FALSE(other.counters.empty()) << describe(other);
  expect_trusted(slot_);
}

// While another database is reset, a definition of this one changes: the other reset counts
// a statement that is not its own and must not carry this proof over.
TEST_F(CleanProof, AChangeDuringAnotherDatabasesResetBreaksTheProof) {
  prove_clean(slot_);
  run_in(other_slot_,
         {"INSERT INTO child (parent_id) VALUES (1)", "DELETE FROM child WHERE id > 2"});
  ResetReport other = reset(other_slot_, [&](std::string_view step) {
    if (step == "counters") run_in(slot_, {"DROP TRIGGER parent_trim"});
  });
  ASSERT_EQ(other.outcome, ResetOutcome::kReset) << describe(other);
  ResetReport report = reset(slot_);
  EXPECT_EQ(report.outcome, ResetOutcome::kRestored) << describe(report);
}

// An ALTER TABLE of `database`'s child table, started in a session of its own and kept running
// (waiting for the metadata lock of a transaction that read the table) until release().
class RunningAlter {
 public:
  explicit RunningAlter(const std::string& database)
      : holder_(testing::test_server().with_database(database)) {
    holder_.execute("START TRANSACTION");
    holder_.scalar("SELECT COUNT(*) FROM child");
    waiting_ = std::thread([database] {
      Connection alter(testing::test_server().with_database(database));
      alter.execute("ALTER TABLE child COMMENT 'waited'");
    });
    Connection watcher(testing::test_server());
    for (int attempt = 0; attempt < 250 && !seen_; ++attempt) {
      seen_ = watcher.scalar(
                  "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO"
                  " LIKE 'ALTER TABLE child%'") == "1";
      if (!seen_) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~RunningAlter() {
    try {
      release();
    } catch (const Error& error) {
      ADD_FAILURE() << "ending the transaction that held the ALTER TABLE: " << error.what();
    }
  }

  bool seen() const { return seen_; }
  void release() {
    if (!waiting_.joinable()) return;
    holder_.execute("COMMIT");
    waiting_.join();
  }

 private:
  Connection holder_;
  std::thread waiting_;
  bool seen_ = false;
};

// A statement that may change a definition, running in another session while the whole check
// compares, may land after it (its counter moved when it started): that check leaves no proof.
// Here an ALTER TABLE of the other database waits for a transaction's metadata lock.
TEST_F(CleanProof, NoProofRestsOnACheckMadeWhileADefinitionStatementRan) {
  RunningAlter running(other_slot_);
  ResetReport whole = reset(slot_);
  running.release();
  ASSERT_TRUE(running.seen()) << "the ALTER TABLE never showed in the process list";
  ASSERT_EQ(whole.outcome, ResetOutcome::kUntouched) << describe(whole);
  ResetReport next = reset(slot_);
  EXPECT_EQ(next.outcome, ResetOutcome::kUntouched) << describe(next);
  EXPECT_TRUE(next.definitions_compared) << describe(next);
}

// Nor does one running in another session while a reset without moved counters compares: its
// counter moved before the reset read the counters, and it may land after the comparison.
TEST_F(CleanProof, NoProofRestsOnARowResetMadeWhileADefinitionStatementRan) {
  prove_clean(slot_);
  run_in(slot_, {"UPDATE parent SET name = 'changed' WHERE id = 1"});
  RunningAlter running(other_slot_);
  ResetReport report = reset(slot_);
  running.release();
  ASSERT_TRUE(running.seen()) << "the ALTER TABLE never showed in the process list";
  ASSERT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  ASSERT_TRUE(report.counters.empty()) << describe(report);
  ResetReport next = reset(slot_);
  EXPECT_EQ(next.outcome, ResetOutcome::kUntouched) << describe(next);
  EXPECT_TRUE(next.definitions_compared) << describe(next);
}

// A definition statement that starts during a reset and is still running when the reset reads
// the server's counters again (which it does without the process list) was counted when it
// started: the proof is not carried over, even before the statement lands.
TEST_F(CleanProof, AStatementStillRunningAfterAResetKeepsItFromCarryingTheProof) {
  prove_clean(slot_);
  run_in(slot_, {"INSERT INTO child (parent_id) VALUES (1)", "DELETE FROM child WHERE id > 2"});
  std::optional<RunningAlter> running;
  ResetReport report = reset(slot_, [&](std::string_view step) {
    if (step == "record") running.emplace(other_slot_);
  });
  ASSERT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  ASSERT_TRUE(running && running->seen()) << "the ALTER TABLE never showed in the process list";
  ResetReport next = reset(slot_);  // the ALTER still waits
  EXPECT_EQ(next.outcome, ResetOutcome::kUntouched) << describe(next);
  EXPECT_TRUE(next.definitions_compared) << describe(next);
}

}  // namespace
}  // namespace tdm
