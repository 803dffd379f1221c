#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "core/stopwatch.hpp"
#include "engine/awkward_database.hpp"
#include "engine/capture.hpp"
#include "engine/database_fingerprint.hpp"
#include "engine/reset.hpp"
#include "engine/restore.hpp"
#include "state/bookkeeping.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

RestoreRequest full_restore(const fs::path& payload, const std::string& sha256,
                            const std::string& target) {
  RestoreRequest request;
  request.payload_path = payload;
  request.expected_sha256 = sha256;
  request.target_database = target;
  request.snapshot_name = "snapshot";
  request.data_model_hash = "hash";
  return request;
}

// The awkward database (every kind of object a snapshot carries) captured once per test; a
// reference copy restored in full, and a "slot" database that tests dirty and reset. After
// each reset the slot must equal the reference object for object: CHECKSUM TABLE of every
// table, SHOW CREATE of everything (AUTO_INCREMENT included), trigger order, sequence state.
class Reset : public ::testing::Test {
 protected:
  void SetUp() override {
    source_ = testing::fresh_database(connection_, "source");
    reference_ = testing::fresh_database(connection_, "reference");
    slot_ = testing::fresh_database(connection_, "slot");
    Connection filler(testing::test_server().with_database(source_));
    for (const std::string& statement : testing::awkward_database_statements()) {
      filler.execute(statement);
    }
    for (const std::string& statement : more_statements()) filler.execute(statement);
    payload_ = fs::path(testing::temporary_directory()) / "awkward.tdm";
    sha256_ = capture_database(testing::test_server(), source_, payload_).payload_sha256;
    // The reference loads rows rather than importing tablespace copies: its AUTO_INCREMENT
    // counters then never read 0, as an imported table's occasionally do under load.
    RestoreRequest reference = full_restore(payload_, sha256_, reference_);
    reference.tablespace_copies = false;
    restore_database(testing::test_server(), reference, rule_);
    ASSERT_EQ(reset().outcome, ResetOutcome::kRestored);  // first use of the slot
  }

  // What a fixture adds to the awkward database before it is captured.
  virtual std::vector<std::string> more_statements() const { return {}; }

  ResetReport reset(std::function<void(std::string_view)> on_step = {}) {
    ResetRequest request;
    request.payload_path = payload_;
    request.expected_sha256 = sha256_;
    request.target_database = slot_;
    request.snapshot_name = "awkward";
    request.data_model_hash = "hash";
    request.on_step = std::move(on_step);
    return reset_database(testing::test_server(), request, rule_);
  }

  // Runs statements in the slot as a test would, on its own connection.
  void dirty(const std::vector<std::string>& statements) {
    Connection test(testing::test_server().with_database(slot_));
    for (const std::string& statement : statements) test.execute(statement);
  }

  std::string sequence_state(const std::string& database) {
    return connection_
        .scalar("SELECT next_not_cached_value FROM " + Connection::quote_identifier(database) +
                ".ticket_numbers")
        .value_or("?");
  }

  void expect_like_reference() {
    auto reference = testing::database_fingerprint(connection_, reference_);
    auto slot = testing::database_fingerprint(connection_, slot_);
    EXPECT_GT(reference.size(), 40u);
    for (const auto& [key, value] : reference) {
      auto found = slot.find(key);
      ASSERT_NE(found, slot.end()) << key << " is missing from the reset database";
      EXPECT_EQ(found->second, value) << key;
    }
    EXPECT_EQ(slot.size(), reference.size());
    EXPECT_EQ(sequence_state(slot_), sequence_state(reference_));
    auto record = Bookkeeping(connection_).read(slot_);
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->state, DatabaseState::kRestored);
  }

  std::string table_ids() {
    std::string ids;
    Result result = connection_.query(
        "SELECT NAME, TABLE_ID FROM information_schema.INNODB_SYS_TABLES WHERE NAME LIKE " +
        connection_.quote(slot_ + "/%") + " ORDER BY NAME");
    while (auto row = result.next()) ids += row->str(0) + "=" + row->str(1) + " ";
    return ids;
  }

  Connection connection_{testing::test_server()};
  TestDatabaseRule rule_;
  std::string source_, reference_, slot_;
  fs::path payload_;
  std::string sha256_;
};

TEST_F(Reset, NothingChangedMeansNothingIsDone) {
  std::string ids = table_ids();
  std::string started = Bookkeeping(connection_).read(slot_)->started_at;
  ResetReport report = reset();
  EXPECT_EQ(report.outcome, ResetOutcome::kUntouched) << describe(report);
  EXPECT_TRUE(report.undone.empty());
  EXPECT_TRUE(report.reloaded.empty());
  EXPECT_TRUE(report.counters.empty());
  EXPECT_EQ(table_ids(), ids);                                           // no table was recreated
  EXPECT_EQ(Bookkeeping(connection_).read(slot_)->started_at, started);  // nor even begun
  expect_like_reference();
}

TEST_F(Reset, AnUpdatedRowIsUndone) {
  dirty({"UPDATE awkward SET body = 'changed', money = 1 WHERE id = 1"});
  ResetReport report = reset();
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  EXPECT_EQ(report.undone, std::set<std::string>{"awkward"}) << describe(report);
  EXPECT_TRUE(report.reloaded.empty()) << describe(report);
  expect_like_reference();
}

TEST_F(Reset, InsertedRowsGoAndTheCounterComesBack) {
  dirty({"INSERT INTO legacy VALUES (3, 'new', NULL)",
         "INSERT INTO empty_with_counter (v) VALUES (1), (2)"});
  ResetReport report = reset();
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  EXPECT_EQ(report.undone, (std::set<std::string>{"empty_with_counter", "legacy"}))
      << describe(report);
  EXPECT_EQ(report.counters, std::vector<std::string>{"empty_with_counter"});
  expect_like_reference();
}

TEST_F(Reset, InsertThenDeleteLeavesTheRowsButTheCounterIsSetBack) {
  dirty({"INSERT INTO awkward (body) VALUES ('a'), ('b')", "DELETE FROM awkward WHERE id >= 1000"});
  ResetReport report = reset();
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  EXPECT_EQ(report.counters, std::vector<std::string>{"awkward"});
  expect_like_reference();
}

TEST_F(Reset, DeletedRowsComeBack) {
  dirty({"DELETE FROM awkward WHERE id < 100", "DELETE FROM zero_dates"});
  ResetReport report = reset();
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  EXPECT_EQ(report.undone, (std::set<std::string>{"awkward", "zero_dates"})) << describe(report);
  expect_like_reference();
}

TEST_F(Reset, EveryValueOfEveryColumnTypeComesBackFromTheLog) {
  // The undo sizes each logged value by its column's type: one size wrong and the undo is
  // refused (a reload then shows in the report) or the rows differ from the reference.
  dirty(
      {"UPDATE awkward SET body = CONCAT(IFNULL(body, ''), '+'), exact = 'x', maybe = NULL,"
       " doc = '{\"a\": 1}', raw = X'01', blob_value = REPEAT('b', 300), at = NOW(6),"
       " stamped = NOW(3), day = CURDATE(), span = '-01:02:03.5', year_value = 2000,"
       " money = -7.5, ratio = 2, precise = 3, size = 'medium', flags = 'b', bit1 = b'0',"
       " bit10 = b'1', bit64 = 5, tiny = 1, huge = 2, uuid_value = UUID(), address = '::2',"
       " place = ST_GeomFromText('POINT(0 0)')",
       "DELETE FROM awkward WHERE id % 2 = 0", "INSERT INTO awkward (body) VALUES ('new')",
       "UPDATE zero_dates SET d = '2000-01-01', t = NULL", "DELETE FROM permissive"});
  ResetReport report = reset();
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  EXPECT_EQ(report.undone, (std::set<std::string>{"awkward", "permissive", "zero_dates"}))
      << describe(report);
  EXPECT_TRUE(report.reloaded.empty()) << describe(report);
  expect_like_reference();
}

TEST_F(Reset, ATruncatedTableIsReloaded) {
  dirty({"TRUNCATE TABLE awkward"});
  ResetReport report = reset();
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  EXPECT_EQ(report.reloaded, std::set<std::string>{"awkward"}) << describe(report);
  expect_like_reference();
}

TEST_F(Reset, AnUndoThatNoLongerAppliesGivesWayToReloading) {
  // The undo of the UPDATE finds no row to change back after the TRUNCATE: a refusal the reset
  // expects, which sends the changed tables to a reload instead.
  dirty({"UPDATE legacy SET name = 'x' WHERE id = 1", "TRUNCATE TABLE legacy"});
  ResetReport report = reset();
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  EXPECT_TRUE(report.undone.empty()) << describe(report);
  EXPECT_TRUE(report.reloaded.count("legacy")) << describe(report);
  expect_like_reference();
}

TEST_F(Reset, ChangesInTwoTablesAtOnce) {
  dirty({"UPDATE legacy SET name = 'x' WHERE id = 1", "UPDATE audit_log SET message = 'y'",
         "UPDATE legacy SET name = 'z' WHERE id = 2"});
  ResetReport report = reset();
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  EXPECT_EQ(report.undone, (std::set<std::string>{"audit_log", "legacy"})) << describe(report);
  expect_like_reference();
}

TEST_F(Reset, RowsTriggersWroteAreUndoneToo) {
  dirty({"CALL add_parent('Lin')"});  // parent, and audit_log through the AFTER trigger
  ResetReport report = reset();
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  EXPECT_EQ(report.undone, (std::set<std::string>{"audit_log", "parent"})) << describe(report);
  expect_like_reference();
}

TEST_F(Reset, RowsACascadeDeletedComeBack) {
  // child rows go by ON DELETE CASCADE, which the binary log does not record. `child` has an
  // INSERT trigger, which putting its rows back would fire: it is reloaded.
  dirty({"SET foreign_key_checks = 0", "UPDATE parent SET favourite_child = NULL",
         "SET foreign_key_checks = 1", "DELETE FROM parent WHERE id = 2"});
  ResetReport report = reset();
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  EXPECT_TRUE(report.reloaded.count("child")) << describe(report);
  expect_like_reference();
}

// Rows of `table` in the slot read through the SQL layer so far (user statistics; a table
// dropped and created again starts from 0).
std::uint64_t rows_read(Connection& connection, const std::string& database,
                        const std::string& table) {
  return std::stoull(
      connection
          .scalar("SELECT COALESCE(SUM(ROWS_READ), 0) FROM information_schema.TABLE_STATISTICS"
                  " WHERE TABLE_SCHEMA = " +
                  connection.quote(database) + " AND TABLE_NAME = " + connection.quote(table))
          .value_or("0"));
}

// InnoDB counted the cascade's deletes in `child` and the SQL layer did not: the reset reloads
// it without reading it whole for a checksum first (read before the reload drops it).
TEST_F(Reset, AChildACascadeChangedIsReloadedWithoutReadingItFirst) {
  dirty({"SET foreign_key_checks = 0", "UPDATE parent SET favourite_child = NULL",
         "SET foreign_key_checks = 1", "DELETE FROM parent WHERE id = 2"});
  const std::uint64_t before = rows_read(connection_, slot_, "child");
  std::optional<std::uint64_t> at_reload;
  ResetReport report = reset([&](std::string_view step) {
    if (step == "reload") at_reload = rows_read(connection_, slot_, "child");
  });
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  EXPECT_TRUE(report.reloaded.count("child")) << describe(report);
  ASSERT_TRUE(at_reload.has_value()) << "no reload step";
  EXPECT_EQ(*at_reload, before) << "the child was read before its reload";
  expect_like_reference();
}

// Shelves and their books (ON DELETE CASCADE), no trigger on either: a shelf deleted takes its
// books, which the reset puts back from the payload rather than reloading the table.
class ResetAfterCascade : public Reset {
 protected:
  std::vector<std::string> more_statements() const override {
    return {
        "CREATE TABLE shelf (id BIGINT UNSIGNED PRIMARY KEY, label VARCHAR(20)) ENGINE=InnoDB",
        "CREATE TABLE reader (id INT PRIMARY KEY) ENGINE=InnoDB",
        "INSERT INTO reader SELECT seq FROM seq_1_to_10",
        "CREATE TABLE book (id INT AUTO_INCREMENT PRIMARY KEY, shelf_id BIGINT UNSIGNED NULL,"
        " title VARCHAR(100) COLLATE utf8mb4_bin, cover BLOB, borrower_id INT NULL,"
        " CONSTRAINT book_shelf FOREIGN KEY (shelf_id) REFERENCES shelf (id) ON DELETE CASCADE,"
        " CONSTRAINT book_borrower FOREIGN KEY (borrower_id) REFERENCES reader (id)"
        " ON DELETE SET NULL) ENGINE=InnoDB",
        "INSERT INTO shelf SELECT seq, CONCAT('shelf ', seq) FROM seq_1_to_40",
        "INSERT INTO book (shelf_id, title, cover, borrower_id) SELECT 1 + seq % 40,"
        " CONCAT('tab\there ', seq, ' ✓'), IF(seq % 3 = 0, NULL, UNHEX(REPEAT('0A5C', seq))),"
        " IF(seq % 7 = 0, 1 + seq % 10, NULL)"
        " FROM seq_1_to_400",
        "INSERT INTO book (shelf_id, title) VALUES (NULL, 'on no shelf')",
        "DELETE FROM book WHERE id IN (8, 9)",  // gaps the rows put back must keep
        // A book's pages go with it: a cascade from a cascade.
        "CREATE TABLE page (id INT AUTO_INCREMENT PRIMARY KEY, book_id INT NOT NULL,"
        " number INT NOT NULL, CONSTRAINT page_book FOREIGN KEY (book_id) REFERENCES book (id)"
        " ON DELETE CASCADE) ENGINE=InnoDB",
        "INSERT INTO page (book_id, number) SELECT id, 1 FROM book",
        // String keys under a collation that ignores case: a child may name its parent in
        // another case, and 'ß' equals 'ss'.
        "CREATE TABLE genre (code CHAR(36) PRIMARY KEY) ENGINE=InnoDB"
        " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
        "CREATE TABLE book_genre (id INT AUTO_INCREMENT PRIMARY KEY, genre_code CHAR(36) NOT NULL,"
        " book_id INT, CONSTRAINT book_genre_genre FOREIGN KEY (genre_code) REFERENCES genre (code)"
        " ON DELETE CASCADE) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
        "INSERT INTO genre SELECT CONCAT('genre-', seq) FROM seq_1_to_20",
        "INSERT INTO genre VALUES ('Straße')",
        "INSERT INTO book_genre (genre_code, book_id) SELECT CONCAT('genre-', 1 + seq % 20), seq"
        " FROM seq_1_to_200",
        "INSERT INTO book_genre (genre_code, book_id) VALUES ('GENRE-3', 1000), ('STRASSE', 1001)",
        // A fullwidth digit: 'genre-３' equals 'genre-3' under this collation, in no byte form.
        "INSERT INTO book_genre (genre_code, book_id) VALUES ('genre-３', 1002)",
    };
  }

  // InnoDB's count of the table's modifications since its statistics were last calculated.
  std::uint64_t modified(const std::string& table) {
    return std::stoull(connection_
                           .scalar("SELECT MODIFIED_COUNTER FROM"
                                   " information_schema.INNODB_SYS_TABLESTATS WHERE NAME = " +
                                   connection_.quote(slot_ + "/" + table))
                           .value_or("0"));
  }

  // Resets after `statements` ran, and checks which tables had rows put back and which were
  // reloaded whole, and the result.
  void expect_reset(const std::vector<std::string>& statements,
                    const std::set<std::string>& refilled, const std::set<std::string>& reloaded) {
    dirty(statements);
    ResetReport report = reset();
    EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
    EXPECT_EQ(report.refilled, refilled) << describe(report);
    EXPECT_EQ(report.reloaded, reloaded) << describe(report);
    expect_like_reference();
  }
};

// The books of two shelves go, and their pages with them: both come back, books first (their
// keys tell which pages went), and no table is dropped.
TEST_F(ResetAfterCascade, RowsTheCascadeTookArePutBackWithoutReloadingTheTable) {
  std::string ids_before = table_ids();
  expect_reset({"DELETE FROM shelf WHERE id IN (2, 3)"}, {"book", "page"}, {});
  EXPECT_EQ(table_ids(), ids_before) << "a table was dropped and created again";
  // The rows are the payload's in every byte, and the next reset finds nothing to do.
  EXPECT_EQ(reset().outcome, ResetOutcome::kUntouched);
}

// A string key: the rows naming the deleted genre in another case or in fullwidth digits went
// too, and come back.
TEST_F(ResetAfterCascade, RowsTheCascadeTookByAStringKeyArePutBack) {
  expect_reset({"DELETE FROM genre WHERE code = 'genre-3'"}, {"book_genre"}, {});
}

// 'STRASSE' went with 'Straße': a key outside printable ASCII may be equal to strings that
// share no byte with it, so which rows went is not known here, and the table is reloaded.
TEST_F(ResetAfterCascade, AKeyOutsidePrintableAsciiReloadsTheTable) {
  expect_reset({"DELETE FROM genre WHERE code = 'Straße'"}, {}, {"book_genre"});
}

// The test changed a book before its shelf went: the undo of that change finds no row, and
// every suspect (those checked at every reset among them) is reloaded.
TEST_F(ResetAfterCascade, ABookChangedBeforeItsShelfWentIsReloaded) {
  dirty({"UPDATE book SET title = 'changed' WHERE shelf_id = 2 LIMIT 1",
         "DELETE FROM shelf WHERE id = 2"});
  ResetReport report = reset();
  EXPECT_TRUE(report.refilled.empty()) << describe(report);
  EXPECT_TRUE(report.reloaded.count("book")) << describe(report);
  expect_like_reference();
}

// Deleting 30 of the 40 shelves takes 300 of 399 books, and their pages: InnoDB recalculates
// the tables' statistics on the way (after 16 + 1/16 of their rows changed, by its sampled
// row count) and starts counting their modifications again, which the rows put back do not
// depend on. Where the recalculations leave the books' count no higher than before, nothing
// shows the cascade: the books are then compared whole and reloaded, and the pages with them.
TEST_F(ResetAfterCascade, ALargeCascadeIsPutBackToo) {
  const std::uint64_t before = modified("book");
  dirty({"DELETE FROM shelf WHERE id > 10"});
  const std::uint64_t after = modified("book");
  const std::set<std::string> both{"book", "page"};
  ResetReport report = reset();
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  if (after > before) {
    EXPECT_EQ(report.refilled, both) << describe(report);
    EXPECT_TRUE(report.reloaded.empty()) << describe(report);
  } else {
    EXPECT_EQ(report.reloaded, both) << describe(report);
  }
  expect_like_reference();
}

// A reader deleted: ON DELETE SET NULL clears the books they borrowed, which the payload's
// rows replace; the books' pages are not touched.
TEST_F(ResetAfterCascade, RowsASetNullChangedAreReplaced) {
  expect_reset({"DELETE FROM reader WHERE id IN (3, 4)"}, {"book"}, {});
}

// The same without any trigger: the payload's definitions then answer all the refill asks.
// Stickers are many (four a label) against the labels a test deletes: InnoDB's count of their
// modifications stays far from where it recalculates their statistics by itself, so the
// refill leaves it to grow rather than analyse the table at every reset.
class ResetAfterCascadeWithoutTriggers : public ResetAfterCascade {
 protected:
  std::vector<std::string> more_statements() const override {
    std::vector<std::string> statements = ResetAfterCascade::more_statements();
    for (const char* trigger : {"parent_trim", "parent_shout", "parent_audit",
                                "child_default_nickname", "only_text_mark"}) {
      statements.push_back(std::string("DROP TRIGGER ") + trigger);
    }
    statements.insert(
        statements.end(),
        {"CREATE TABLE label (id INT PRIMARY KEY) ENGINE=InnoDB",
         "INSERT INTO label SELECT seq FROM seq_1_to_1000",
         "CREATE TABLE sticker (id INT AUTO_INCREMENT PRIMARY KEY, label_id INT NOT NULL,"
         " CONSTRAINT sticker_label FOREIGN KEY (label_id) REFERENCES label (id)"
         " ON DELETE CASCADE) ENGINE=InnoDB",
         "INSERT INTO sticker (label_id) SELECT 1 + seq % 1000 FROM seq_1_to_4000",
         "ANALYZE TABLE sticker"});
    return statements;
  }
};

TEST_F(ResetAfterCascadeWithoutTriggers, RowsCascadesTookOrChangedArePutBack) {
  expect_reset({"DELETE FROM shelf WHERE id IN (2, 3)", "DELETE FROM reader WHERE id = 4"},
               {"book", "page"}, {});
}

// Round after round the count the refill left grows, and the cascade still shows above it.
TEST_F(ResetAfterCascadeWithoutTriggers, ACountLeftToGrowStillShowsTheNextCascade) {
  std::uint64_t left = modified("sticker");
  for (int label = 1; label <= 5; ++label) {
    SCOPED_TRACE("label " + std::to_string(label));
    expect_reset({"DELETE FROM label WHERE id = " + std::to_string(label)}, {"sticker"}, {});
    EXPECT_GT(modified("sticker"), left) << "the stickers were analysed";
    left = modified("sticker");
  }
}

// Books deleted by the test as well as by a cascade: the statement's rows are undone from the
// log, the cascade's are not the only change, and the table is reloaded, with the pages.
TEST_F(ResetAfterCascade, ABookDeletedByTheTestToo) {
  expect_reset({"DELETE FROM book WHERE shelf_id = 1 LIMIT 2", "DELETE FROM shelf WHERE id = 4"},
               {}, {"book", "page"});
}

// A parent without children deleted: the cascade had nothing to change, the child table is
// checked, found as it was and left alone.
TEST_F(Reset, AParentDeletedWithoutChildrenLeavesTheChildTableAlone) {
  dirty({"INSERT INTO parent (name) VALUES ('Solo')", "DELETE FROM parent WHERE name = 'Solo'"});
  ResetReport report = reset();
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  EXPECT_TRUE(report.undone.count("parent")) << describe(report);  // and its trigger's audit_log
  EXPECT_TRUE(report.reloaded.empty()) << describe(report);
  expect_like_reference();
}

TEST_F(Reset, ChangesKeptOutOfTheBinaryLogAreStillFound) {
  dirty({"SET SESSION sql_log_bin = 0", "UPDATE awkward SET body = 'hidden' WHERE id = 2",
         "DELETE FROM notes"});
  ResetReport report = reset();
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  EXPECT_EQ(report.reloaded, (std::set<std::string>{"awkward", "notes"})) << describe(report);
  expect_like_reference();
}

// A reloaded table is read back for its checksum until the tablespace copy it was imported
// from has been found to give it the checksum it had when restored; importing the same files
// again gives the same rows, so the next reload from that copy is not read back. A table
// loaded from rows (`notes`: no copy of a FULLTEXT index is kept) is read back every time.
TEST_F(Reset, ATablespaceCopyFoundPristineIsNotReadBackAgain) {
  for (int round = 0; round < 2; ++round) {
    dirty({"SET SESSION sql_log_bin = 0", "DELETE FROM zero_dates", "DELETE FROM notes"});
    ResetReport report = reset();
    ASSERT_EQ(report.reloaded, (std::set<std::string>{"notes", "zero_dates"})) << describe(report);
    // A reload drops the table, and with it the server's count of its rows read.
    EXPECT_GT(rows_read(connection_, slot_, "notes"), 0u) << "round " << round;
    std::uint64_t copy_read_back = rows_read(connection_, slot_, "zero_dates");
    if (round == 0) {
      EXPECT_GT(copy_read_back, 0u) << "the first reload from the copy was not checked";
    } else {
      EXPECT_EQ(copy_read_back, 0u) << "the copy found pristine was read back again";
    }
    expect_like_reference();
  }
}

// A slot whose first restore imported tablespace copies (another restore of the payload built
// the cache first, as a fixture setup's does) records its pristine checksums from them: its
// first reload from those copies needs no read back either.
TEST_F(Reset, ASlotRestoredFromCopiesIsNotReadBackAtItsFirstReload) {
  // A payload this server has no pristine checksums of yet.
  Connection(testing::test_server().with_database(source_))
      .execute("INSERT INTO zero_dates (id) VALUES (4242)");
  fs::path payload = fs::path(testing::temporary_directory()) / "other.tdm";
  std::string sha256 = capture_database(testing::test_server(), source_, payload).payload_sha256;
  std::string primer = testing::fresh_database(connection_, "primer");
  RestoreStats primed =
      restore_database(testing::test_server(), full_restore(payload, sha256, primer), rule_);
  ASSERT_TRUE(primed.tablespace_cache_built);
  std::string slot = testing::fresh_database(connection_, "slot_of_copies");
  ResetRequest request{PayloadTarget{payload, sha256, slot, "other", "hash"}};
  ASSERT_EQ(reset_database(testing::test_server(), request, rule_).outcome,
            ResetOutcome::kRestored);

  Connection test(testing::test_server().with_database(slot));
  test.execute("SET SESSION sql_log_bin = 0");
  test.execute("DELETE FROM zero_dates");
  ResetReport report = reset_database(testing::test_server(), request, rule_);
  ASSERT_EQ(report.reloaded, std::set<std::string>{"zero_dates"}) << describe(report);
  EXPECT_EQ(rows_read(connection_, slot, "zero_dates"), 0u) << "the first reload was read back";
  EXPECT_EQ(connection_.scalar("SELECT COUNT(*) FROM " + Connection::quote_identifier(slot) +
                               ".zero_dates WHERE id = 4242"),
            "1");
}

TEST_F(Reset, TablesOfOtherEnginesAreChecked) {
  dirty({"UPDATE only_text SET value = 'y' WHERE value = 'x'", "DELETE FROM zero_key"});
  ResetReport report = reset();
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  expect_like_reference();
}

TEST_F(Reset, AUsedSequenceIsSetBack) {
  dirty({"INSERT INTO ticket (title) VALUES ('third')"});
  ResetReport report = reset();
  EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
  EXPECT_EQ(report.sequences, 1u) << describe(report);
  expect_like_reference();
}

// Schema changes: only a full restore is sure to undo them.
struct SchemaChange {
  const char* name;
  std::vector<std::string> statements;
  const char* reason;
};

void PrintTo(const SchemaChange& change, std::ostream* out) {
  *out << change.name;
}

class ResetAfterSchemaChange : public Reset, public ::testing::WithParamInterface<SchemaChange> {};

TEST_P(ResetAfterSchemaChange, RestoresInFull) {
  dirty(GetParam().statements);
  ResetReport report = reset();
  EXPECT_EQ(report.outcome, ResetOutcome::kRestored) << describe(report);
  EXPECT_NE(report.reason.find(GetParam().reason), std::string::npos) << report.reason;
  expect_like_reference();
}

INSTANTIATE_TEST_SUITE_P(
    Changes, ResetAfterSchemaChange,
    ::testing::Values(
        SchemaChange{"AlterAddColumn", {"ALTER TABLE legacy ADD COLUMN extra INT"}, "altered"},
        SchemaChange{"AlterInstant",
                     {"ALTER TABLE awkward ALTER COLUMN maybe SET DEFAULT 'x', ALGORITHM=INSTANT"},
                     "altered"},
        SchemaChange{"DropTable", {"DROP TABLE zero_dates"}, "dropped"},
        SchemaChange{"CreateTable", {"CREATE TABLE extra (id INT)"}, "added"},
        SchemaChange{"ReplaceTrigger",
                     {"DROP TRIGGER parent_audit",
                      "CREATE TRIGGER parent_audit AFTER INSERT ON parent FOR EACH ROW"
                      " INSERT INTO audit_log (message) VALUES ('other')"},
                     "redefined"},
        SchemaChange{"ReorderTriggers",
                     {"DROP TRIGGER parent_trim",
                      "CREATE TRIGGER parent_trim BEFORE INSERT ON parent FOR EACH ROW"
                      " FOLLOWS parent_shout SET NEW.name = TRIM(NEW.name)"},
                     "reordered"},
        SchemaChange{"ChangeView",
                     {"CREATE OR REPLACE VIEW a_top_parents AS SELECT name FROM parent"},
                     "redefined"},
        SchemaChange{"DropRoutine", {"DROP FUNCTION greet"}, "dropped"},
        SchemaChange{"AlterSequence", {"ALTER SEQUENCE ticket_numbers INCREMENT BY 7"}, "altered"},
        SchemaChange{"RenameTableAway", {"RENAME TABLE legacy TO legacy2"}, "added"}),
    [](const ::testing::TestParamInfo<SchemaChange>& info) { return info.param.name; });

TEST_F(Reset, AnUnfinishedResetIsNeverTrustedAndTheNextRestoresInFull) {
  dirty({"UPDATE awkward SET body = 'changed' WHERE id = 1"});
  struct Killed : std::runtime_error {
    Killed() : std::runtime_error("killed") {}
  };
  EXPECT_THROW(reset([](std::string_view step) {
                 if (step == "verify") throw Killed();
               }),
               Killed);
  EXPECT_EQ(Bookkeeping(connection_).read(slot_)->state, DatabaseState::kRestoring);

  ResetReport report = reset();
  EXPECT_EQ(report.outcome, ResetOutcome::kRestored) << describe(report);
  EXPECT_NE(report.reason.find("did not finish"), std::string::npos) << report.reason;
  expect_like_reference();
  EXPECT_EQ(reset().outcome, ResetOutcome::kUntouched);
}

TEST_F(Reset, ADatabaseFromAnotherPayloadIsRestoredInFull) {
  fs::path other = payload_.parent_path() / "other.tdm";
  dirty({"UPDATE awkward SET body = 'other' WHERE id = 1"});
  std::string other_sha = capture_database(testing::test_server(), slot_, other).payload_sha256;
  EXPECT_EQ(reset().outcome, ResetOutcome::kReset);
  // Another command restores the other payload into the slot: the slot's reset records are
  // no longer about what it holds.
  restore_database(testing::test_server(), full_restore(other, other_sha, slot_), rule_);
  ResetReport report = reset();
  EXPECT_EQ(report.outcome, ResetOutcome::kRestored) << describe(report);
  EXPECT_NE(report.reason.find("since"), std::string::npos) << report.reason;
  expect_like_reference();
}

TEST_F(Reset, RepeatedResetsStayExact) {
  for (int round = 0; round < 3; ++round) {
    dirty({"UPDATE awkward SET body = CONCAT(body, '!') WHERE id < 50",
           "INSERT INTO child (parent_id) VALUES (1)", "DELETE FROM legacy WHERE id = 2"});
    ResetReport report = reset();
    EXPECT_EQ(report.outcome, ResetOutcome::kReset) << describe(report);
    expect_like_reference();
  }
}

TEST_F(Reset, RefusesADatabaseThatIsNotATestDatabase) {
  ResetRequest request;
  request.payload_path = payload_;
  request.expected_sha256 = sha256_;
  request.target_database = "production";
  try {
    reset_database(testing::test_server(), request, rule_);
    FAIL() << "expected a refusal";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kRefused);
  }
}

// What a passing test's run asks before resetting its slot again: on the session of the reset
// at its start, with the incarnation that reset reported, nothing moved means no reset; a row
// change, or a server that is not the one the reset point was recorded on, means one.
TEST(ChangedSinceReset, SeesMovedRowsAndAnotherServerIncarnation) {
  Connection session(testing::test_server());
  std::string source = testing::fresh_database(session, "plain_source");
  std::string slot = testing::fresh_database(session, "plain_slot");
  session.execute("CREATE TABLE " + source + ".t (id INT PRIMARY KEY, v INT) ENGINE=InnoDB");
  session.execute("INSERT INTO " + source + ".t VALUES (1, 1), (2, 2)");
  fs::path payload = fs::path(testing::temporary_directory()) / "plain.tdm";
  ResetRequest request;
  request.payload_path = payload;
  request.expected_sha256 =
      capture_database(testing::test_server(), source, payload).payload_sha256;
  request.target_database = slot;
  ResetReport restored = reset_database(session, testing::test_server(), request, {});
  ASSERT_EQ(restored.outcome, ResetOutcome::kRestored) << describe(restored);
  ASSERT_FALSE(restored.server_incarnation.empty());

  EXPECT_FALSE(changed_since_reset(session, slot, restored.server_incarnation));
  std::string other =
      "1/" + restored.server_incarnation.substr(restored.server_incarnation.find('/') + 1);
  EXPECT_TRUE(changed_since_reset(session, slot, other));
  Connection test(testing::test_server().with_database(slot));
  test.execute("UPDATE t SET v = 3 WHERE id = 1");
  EXPECT_TRUE(changed_since_reset(session, slot, restored.server_incarnation));
  ResetReport reset = reset_database(session, testing::test_server(), request, {});
  EXPECT_EQ(reset.outcome, ResetOutcome::kReset) << describe(reset);
  EXPECT_FALSE(changed_since_reset(session, slot, reset.server_incarnation));
  for (const std::string& database : {source, slot}) {
    session.execute("DROP DATABASE " + Connection::quote_identifier(database));
  }
}

// A figure, not an assertion: a reset after a test changed 3 rows in 2 tables of the
// benchmark's ~10 MB Laravel-like data (bench/generate.sql), against a full restore. Runs only
// with RESET_BENCHMARK set (its value: the scale, 1 = ~10 MB):
//   RESET_BENCHMARK=1 build/helper-reset/tests/engine_itests --gtest_filter='ResetBenchmark*'
double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

TEST(ResetBenchmark, ThreeRowsInTwoTablesAgainstAFullRestore) {
  const char* scale = std::getenv("RESET_BENCHMARK");
  if (!scale) GTEST_SKIP() << "set RESET_BENCHMARK=<scale> to run";
  const ConnectionParams& server = testing::test_server();
  Connection connection(server);
  std::string source = testing::fresh_database(connection, "source");
  std::string slot = testing::fresh_database(connection, "slot");
  fs::path generator =
      fs::path(__FILE__).parent_path().parent_path().parent_path() / "bench" / "generate.sql";
  std::string command = "mariadb --no-defaults -uroot -S " + server.socket +
                        " --init-command='SET @scale = " + std::string(scale) + "' " + source +
                        " < " + generator.string();
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  fs::path payload = fs::path(testing::temporary_directory()) / "bench.tdm";
  std::string sha = capture_database(server, source, payload).payload_sha256;
  ResetRequest request;
  request.payload_path = payload;
  request.expected_sha256 = sha;
  request.target_database = slot;
  request.snapshot_name = "bench";

  // One full restore per run, then each scenario: what the test does, then the timed reset.
  struct Scenario {
    const char* name;
    std::vector<std::string> statements;
    std::vector<double> seconds;
    std::string last;
  };
  std::vector<Scenario> scenarios = {
      {"nothing changed", {}, {}, {}},
      {"3 rows changed in 2 tables",
       {"UPDATE users SET name = CONCAT(name, '!') ORDER BY id LIMIT 2",
        "UPDATE tasks SET title = 'changed' ORDER BY id LIMIT 1"},
       {},
       {}},
      {"100 rows inserted, 100 deleted",
       {"INSERT INTO audit_logs (event, payload) SELECT 'e', '{}' FROM seq_1_to_100",
        "DELETE FROM audit_logs ORDER BY id LIMIT 100"},
       {},
       {}},
      {"TRUNCATE audit_logs (reloaded)", {"TRUNCATE TABLE audit_logs"}, {}, {}},
      {"a project deleted (cascade)",
       {"DELETE FROM projects WHERE id = (SELECT MIN(project_id) FROM tasks)"},
       {},
       {}},
  };
  std::vector<double> full;
  for (int run = 0; run < 5; ++run) {
    RestoreRequest restore = full_restore(payload, sha, slot);
    full.push_back(seconds_of([&] { restore_database(server, restore, {}); }));
    reset_database(server, request, {});  // records the baselines after the full restore
    for (Scenario& scenario : scenarios) {
      {
        Connection test(server.with_database(slot));
        for (const std::string& statement : scenario.statements) test.execute(statement);
      }
      ResetReport report = reset_database(server, request, {});
      ASSERT_NE(report.outcome, ResetOutcome::kRestored) << describe(report);
      scenario.seconds.push_back(report.seconds);
      scenario.last = describe(report);
    }
  }
  EXPECT_EQ(testing::database_fingerprint(connection, slot),
            testing::database_fingerprint(connection, source));
  std::printf("\nscale %s, payload %.1f MB, median of %zu runs\n  %-38s %7.1f ms\n", scale,
              static_cast<double>(fs::file_size(payload)) / 1e6, full.size(), "full restore",
              median(full) * 1e3);
  for (const Scenario& scenario : scenarios) {
    std::printf("  reset, %-31s %7.1f ms  %s\n", scenario.name, median(scenario.seconds) * 1e3,
                scenario.last.c_str());
  }
  for (const std::string& database : {source, slot}) {
    connection.execute("DROP DATABASE " + Connection::quote_identifier(database));
  }
}

}  // namespace
}  // namespace tdm
