#include <gtest/gtest.h>
#include <mysql.h>

#include <functional>
#include <map>
#include <string>

#include "engine/common/auto_increment.hpp"
#include "engine/reset/binlog_rows.hpp"
#include "engine/reset/cascade_closure.hpp"
#include "engine/reset/change_signals.hpp"
#include "engine/reset/clean_proof.hpp"
#include "engine/reset/suspects.hpp"

namespace tdm {
namespace {

// The sizes the server's row images give each column type (the metadata as a table map
// carries it), checked against values of the awkward database in the reset tests.
TEST(LoggedValueSize, FixedSizesFollowTheTypeAndItsMetadata) {
  std::string data(64, '\0');
  auto size = [&](std::uint8_t type, std::uint16_t metadata) {
    return logged_value_size(TableMap::Column{type, metadata}, data);
  };
  EXPECT_EQ(size(MYSQL_TYPE_LONGLONG, 0), 8u);
  EXPECT_EQ(size(MYSQL_TYPE_INT24, 0), 3u);
  EXPECT_EQ(size(MYSQL_TYPE_DOUBLE, 8), 8u);
  EXPECT_EQ(size(MYSQL_TYPE_DATETIME2, 6), 8u);   // DATETIME(6): 5 + 3 bytes of fraction
  EXPECT_EQ(size(MYSQL_TYPE_TIMESTAMP2, 3), 6u);  // TIMESTAMP(3)
  EXPECT_EQ(size(MYSQL_TYPE_TIME2, 0), 3u);
  EXPECT_EQ(size(MYSQL_TYPE_NEWDECIMAL, 30 << 8 | 10), 14u);  // DECIMAL(30,10): 4+4+1 and 4+1 bytes
  EXPECT_EQ(size(MYSQL_TYPE_BIT, 1 << 8 | 2), 2u);            // BIT(10): a byte and two bits
  EXPECT_EQ(size(MYSQL_TYPE_BIT, 8 << 8), 8u);                // BIT(64)
  EXPECT_EQ(size(MYSQL_TYPE_STRING, MYSQL_TYPE_ENUM << 8 | 2), 2u);  // ENUM of > 255 members
  EXPECT_EQ(size(MYSQL_TYPE_STRING, MYSQL_TYPE_SET << 8 | 1), 1u);
  EXPECT_EQ(size(MYSQL_TYPE_JSON, 0), std::nullopt);  // not MariaDB's: nothing is guessed
  EXPECT_EQ(size(141, 2), std::nullopt);              // a compressed column
  EXPECT_EQ(logged_value_size(TableMap::Column{MYSQL_TYPE_LONGLONG, 0}, "1234567"), std::nullopt);
}

TEST(LoggedValueSize, VariableSizesReadTheirLengthPrefix) {
  using namespace std::string_view_literals;
  auto size = [](std::uint8_t type, std::uint16_t metadata, std::string_view data) {
    return logged_value_size(TableMap::Column{type, metadata}, data);
  };
  EXPECT_EQ(size(MYSQL_TYPE_VARCHAR, 40, "\003abc"sv), 4u);
  EXPECT_EQ(size(MYSQL_TYPE_VARCHAR, 1020, "\003\000abc"sv), 5u);
  EXPECT_EQ(size(MYSQL_TYPE_VARCHAR, 40, "\005abc"sv), std::nullopt);  // runs past the end
  EXPECT_EQ(size(MYSQL_TYPE_BLOB, 2, "\002\000ab"sv), 4u);
  EXPECT_EQ(size(MYSQL_TYPE_BLOB, 4, "\001\000\000\000a"sv), 5u);
  // CHAR(255) in utf8mb4 is 1020 bytes: the length's high bits ride in the type byte.
  std::uint16_t char_1020 = (MYSQL_TYPE_STRING ^ 0x30) << 8 | (1020 & 0xff);
  EXPECT_EQ(size(MYSQL_TYPE_STRING, char_1020, "\002\000ab"sv), 4u);
  std::uint16_t uuid = MYSQL_TYPE_STRING << 8 | 16;  // UUID and INET6 log as BINARY(16)
  EXPECT_EQ(size(MYSQL_TYPE_STRING, uuid, std::string(17, '\x10')), 17u);
}

// A row image of (INT, VARCHAR(40), BIGINT, CHAR(36)): the NULL bitmap, then the values not
// NULL.
TEST(LoggedKeyValue, ReadsIntegersWhoseSignIsNotInDoubtAndStrings) {
  using namespace std::string_literals;
  using Kind = LoggedKeyValue::Kind;
  TableMap map;
  std::uint16_t char_36 = MYSQL_TYPE_STRING << 8 | 36;
  map.columns = {{MYSQL_TYPE_LONG, 0},
                 {MYSQL_TYPE_VARCHAR, 40},
                 {MYSQL_TYPE_LONGLONG, 0},
                 {MYSQL_TYPE_STRING, char_36}};
  std::vector<bool> present{true, true, true, true};
  std::string row = "\000\x2a\000\000\000\003abc\x07\001\000\000\000\000\000\000\002id"s;
  auto value = [&](const std::string& image, std::size_t column) {
    return logged_key_value(map, present, image, column);
  };
  ASSERT_TRUE(value(row, 0).has_value());
  EXPECT_EQ(value(row, 0)->kind, Kind::kInteger);
  EXPECT_EQ(value(row, 0)->integer, 42u);
  ASSERT_TRUE(value(row, 2).has_value());
  EXPECT_EQ(value(row, 2)->integer, 263u);  // after the VARCHAR's length and bytes
  ASSERT_TRUE(value(row, 1).has_value());
  EXPECT_EQ(value(row, 1)->kind, Kind::kBytes);
  EXPECT_EQ(value(row, 1)->bytes, "abc");
  ASSERT_TRUE(value(row, 3).has_value());
  EXPECT_EQ(value(row, 3)->bytes, "id");
  std::string null_first = "\001\003abc\x07\001\000\000\000\000\000\000\000"s;
  ASSERT_TRUE(value(null_first, 0).has_value());
  EXPECT_EQ(value(null_first, 0)->kind, Kind::kNull);
  EXPECT_EQ(value(null_first, 2)->integer, 263u);
  EXPECT_EQ(value(null_first, 3)->bytes, "");
  std::string negative = "\000\xff\xff\xff\xff\000\x01\000\000\000\000\000\000\000\000"s;
  EXPECT_EQ(value(negative, 0), std::nullopt) << "-1 or 4294967295: the log does not say";
  EXPECT_EQ(value(row.substr(0, 12), 2), std::nullopt) << "cut short";
  EXPECT_EQ(logged_key_value(map, {true, true, false, true}, row, 2), std::nullopt)
      << "not in the image";
  map.columns[3] = {MYSQL_TYPE_STRING, MYSQL_TYPE_ENUM << 8 | 1};
  EXPECT_EQ(value("\000\x2a\000\000\000\000\001\000\000\000\000\000\000\000\001"s, 3), std::nullopt)
      << "an ENUM is no key here";
}

constexpr std::string_view kCreate =
    "CREATE TABLE `t` (\n  `id` int(11) NOT NULL AUTO_INCREMENT,\n  PRIMARY KEY (`id`)\n)"
    " ENGINE=InnoDB AUTO_INCREMENT=1000 DEFAULT CHARSET=utf8mb4 COMMENT='AUTO_INCREMENT=5'";

TEST(AutoIncrement, IsReadFromTheTableOptionsOnly) {
  EXPECT_EQ(declared_auto_increment(kCreate), 1000u);
  EXPECT_EQ(without_auto_increment(kCreate),
            "CREATE TABLE `t` (\n  `id` int(11) NOT NULL AUTO_INCREMENT,\n  PRIMARY KEY (`id`)\n)"
            " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='AUTO_INCREMENT=5'");
  std::string_view none =
      "CREATE TABLE `t` (\n  `id` int(11) NOT NULL AUTO_INCREMENT\n) ENGINE=InnoDB";
  EXPECT_EQ(declared_auto_increment(none), std::nullopt);
  EXPECT_EQ(without_auto_increment(none), none);
}

TEST(ChangeSignals, AnyMovedSignalMakesASuspect) {
  TableSignals base;
  base.rows_changed = 10;
  base.table_id = 7;
  base.modified_counter = 3;
  base.update_time = "2026-01-01 10:00:00";
  DatabaseSignals baseline{{"same", base},    {"rows", base},          {"id", base},
                           {"counter", base}, {"counter_reset", base}, {"time", base},
                           {"evicted", base}};
  DatabaseSignals now = baseline;
  now["rows"].rows_changed = 11;
  now["id"].table_id = 8;
  now["counter"].modified_counter = 4;
  now["counter_reset"].modified_counter = 0;  // statistics recalculated: no evidence
  now["time"].update_time = "2026-01-01 10:00:01";
  now["evicted"].update_time = "";  // left the dictionary cache: no evidence
  now["new"] = base;
  now["checked"] = base;
  now["checked"].always_check = true;
  baseline["checked"] = base;
  EXPECT_EQ(tables_changed_since(baseline, now),
            (std::set<std::string>{"checked", "counter", "id", "new", "rows", "time"}));
}

TEST(ChangeSignals, IncarnationAllowsTheUptimesRoundingOnly) {
  EXPECT_TRUE(same_incarnation("1000/ab94-02fc00000001", "1001/ab94-02fc00000001"));
  EXPECT_TRUE(same_incarnation("1000/ab94-02fc00000001", "999/ab94-02fc00000001"));
  EXPECT_FALSE(same_incarnation("1000/ab94-02fc00000001", "1002/ab94-02fc00000001"));
  EXPECT_FALSE(same_incarnation("1000/ab94-02fc00000001", "1000/cd01-02fc00000001"));
  EXPECT_FALSE(same_incarnation("", "1000/ab94-02fc00000001"));
}

TEST(CascadeClosure, FollowsOnlyTheRulesTheChangesCanTrigger) {
  Cascades cascades;
  cascades.on_delete = {{"organizations", "users"}, {"users", "tasks"}, {"projects", "tasks"}};
  cascades.on_update = {{"organizations", "settings"}};
  EXPECT_EQ(cascaded_tables({{"organizations", CascadeTrigger{}}}, cascades),
            (std::set<std::string>{"settings", "tasks", "users"}));
  EXPECT_EQ(cascaded_tables({{"organizations", CascadeTrigger{false, true}}}, cascades),
            std::set<std::string>{"settings"});
  EXPECT_TRUE(cascaded_tables({{"organizations", CascadeTrigger{false, false}}}, cascades).empty());
}

// Baselines for tables a, b, c, d with nothing moved, and an undo logging `rows`.
struct SuspectsCase {
  DatabaseSignals baseline;
  DatabaseSignals now;
  UndoScript undo;
  std::set<std::string> all{"a", "b", "c", "d"};

  SuspectsCase() {
    for (const std::string& table : all) {
      TableSignals signals;
      signals.rows_changed = 100;
      signals.table_id = 1;
      signals.modified_counter = 50;
      baseline[table] = signals;
    }
    now = baseline;
  }
  // `table` changed `rows` rows, all of them logged as updates.
  void logged_updates(const std::string& table, std::uint64_t rows) {
    now[table].rows_changed += rows;
    now[table].modified_counter += rows;
    undo.tables.insert(table);
    undo.rows[table].updates += rows;
  }
  Suspects assess(const Cascades& cascades = {}, bool restarted = false) const {
    return assess_suspects(baseline, now, restarted, all, &undo, cascades);
  }
};

TEST(Suspects, RowsTheLogHoldsInFullNeedNoChecksum) {
  SuspectsCase c;
  c.logged_updates("a", 3);
  Suspects suspects = c.assess();
  EXPECT_EQ(suspects.tables, std::set<std::string>{"a"});
  EXPECT_EQ(suspects.explained, std::set<std::string>{"a"});
}

TEST(Suspects, ChangesTheLogMissedAreNotExplained) {
  SuspectsCase c;
  c.logged_updates("a", 3);
  c.now["a"].rows_changed += 1;  // a rolled-back or unlogged row
  c.logged_updates("b", 2);
  c.now["b"].table_id = 2;  // TRUNCATE
  c.logged_updates("c", 1);
  c.now["c"].modified_counter += 5;  // rows a cascade changed
  c.now["d"].rows_changed += 1;      // no row of it logged
  Suspects suspects = c.assess();
  EXPECT_EQ(suspects.tables, (std::set<std::string>{"a", "b", "c", "d"}));
  EXPECT_TRUE(suspects.explained.empty());
}

TEST(Suspects, CascadesFromAParentMakeItsChildrenSuspect) {
  SuspectsCase c;
  c.logged_updates("a", 1);
  c.logged_updates("b", 1);
  Cascades cascades;
  cascades.on_delete = {{"a", "b"}, {"b", "c"}};
  EXPECT_EQ(c.assess(cascades).explained, (std::set<std::string>{"a", "b"}));  // updates only
  c.undo.rows["a"].deletes = 1;
  c.undo.rows["a"].updates = 0;
  Suspects suspects = c.assess(cascades);
  EXPECT_EQ(suspects.tables, (std::set<std::string>{"a", "b", "c"}));
  EXPECT_EQ(suspects.explained, std::set<std::string>{"a"});
}

// Only InnoDB counted more than the log holds, the SQL layer no more: a cascade changed it.
TEST(Suspects, RowsOnlyInnoDBChangedAreACascades) {
  SuspectsCase c;
  c.now["a"].modified_counter += 5;  // the cascade's rows, nothing logged
  c.logged_updates("b", 3);
  c.now["b"].modified_counter += 2;  // its own logged updates and a cascade's
  c.now["c"].rows_changed += 1;      // a rolled-back or unlogged row: the SQL layer saw it
  c.now["c"].modified_counter += 1;
  c.logged_updates("d", 1);
  c.now["d"].table_id = 2;  // TRUNCATE
  c.now["d"].modified_counter += 4;
  Suspects suspects = c.assess();
  EXPECT_EQ(suspects.changed_by_cascade, (std::set<std::string>{"a", "b"}));
  EXPECT_TRUE(suspects.explained.empty());
  EXPECT_TRUE(c.assess({}, true).changed_by_cascade.empty()) << "after a restart nothing is known";
}

// `a` deleted rows (logged); InnoDB counted 4 modifications of `b` that no statement made.
struct CascadedDeleteCase : SuspectsCase {
  Cascades cascades;
  CascadedDeleteCase() {
    now["a"].rows_changed += 1;
    now["a"].modified_counter += 1;
    undo.tables.insert("a");
    undo.rows["a"].deletes = 1;
    now["b"].modified_counter += 4;
    cascades.on_delete = {{"a", "b"}};
    cascades.deleting = {{"a", "b"}};
  }
};

TEST(Suspects, RowsACascadeChangedFromLoggedDeletesCanBePutBack) {
  CascadedDeleteCase c;
  Suspects suspects = c.assess(c.cascades);
  EXPECT_EQ(suspects.changed_by_cascade, std::set<std::string>{"b"});
  EXPECT_EQ(suspects.changed_by_known_cascades, std::set<std::string>{"b"});
  c.cascades.deleting.clear();  // ON DELETE SET NULL: the rows naming the deleted keys changed
  EXPECT_EQ(c.assess(c.cascades).changed_by_known_cascades, std::set<std::string>{"b"});
}

TEST(Suspects, RowsPutBackOnlyWhereNothingButCascadesFromKnownRowsChangedThem) {
  auto known = [](const std::function<void(CascadedDeleteCase&)>& change) {
    CascadedDeleteCase c;
    change(c);
    return c.assess(c.cascades).changed_by_known_cascades;
  };
  EXPECT_TRUE(known([](CascadedDeleteCase& c) {  // the parent's own rows not all logged
                c.now["a"].rows_changed += 1;
              })
                  .empty());
  EXPECT_TRUE(known([](CascadedDeleteCase& c) {  // the parent lost rows to a cascade too
                c.now["c"].rows_changed += 1;
                c.cascades.on_delete.emplace("c", "a");
                c.cascades.deleting.emplace("c", "a");
              })
                  .empty());
  EXPECT_TRUE(known([](CascadedDeleteCase& c) {  // the child's own rows were changed too
                c.logged_updates("b", 1);
              })
                  .empty());
  EXPECT_TRUE(known([](CascadedDeleteCase& c) {  // the parent's updates cascade as well
                c.cascades.on_update.emplace("a", "b");
                c.logged_updates("a", 1);
              })
                  .empty());
  EXPECT_TRUE(known([](CascadedDeleteCase& c) {  // no parent deleted anything
                c.undo.rows["a"].deletes = 0;
                c.undo.rows["a"].inserts = 1;
              })
                  .empty());
  EXPECT_TRUE(known([](CascadedDeleteCase& c) {  // it cascades into itself
                c.cascades.on_delete.emplace("b", "b");
              })
                  .empty());
  EXPECT_EQ(known([](CascadedDeleteCase& c) {  // updates that cannot reach it do not matter
              c.logged_updates("a", 2);
            }),
            std::set<std::string>{"b"});
}

// a -> b -> d: `a` deleted rows (logged), a cascade changed 4 of `b`'s and, from those, 3 of
// `d`'s.
TEST(Suspects, RowsACascadeChangedFromRowsACascadeChangedCanBePutBackToo) {
  CascadedDeleteCase c;
  c.now["d"].modified_counter += 3;
  c.cascades.on_delete.emplace("b", "d");
  EXPECT_EQ(c.assess(c.cascades).changed_by_known_cascades, (std::set<std::string>{"b", "d"}));
  CascadedDeleteCase b_changed = c;  // b's own rows changed too: which of d's changed is unknown
  b_changed.logged_updates("b", 1);
  EXPECT_TRUE(b_changed.assess(b_changed.cascades).changed_by_known_cascades.empty());
}

TEST(Suspects, AfterARestartEveryTableIsSuspectAndNoneExplained) {
  SuspectsCase c;
  c.logged_updates("a", 1);
  Suspects suspects = c.assess({}, true);
  EXPECT_EQ(suspects.tables, c.all);
  EXPECT_TRUE(suspects.explained.empty());
}

TEST(CleanProof, RowStatementsCannotChangeDefinitionsOthersMay) {
  for (const char* statement :
       {"SELECT 1", "  select * from t", "/* app */ INSERT INTO t VALUES (1)", "(SELECT 1)",
        "-- note\nUPDATE t SET a = 1", "LOAD DATA INFILE 'x' INTO TABLE t", "COMMIT",
        "CHECKSUM TABLE t", "BINLOG 'abc'", "START TRANSACTION"}) {
    EXPECT_FALSE(may_change_definitions(statement)) << statement;
  }
  for (const char* statement :
       {"ALTER TABLE t ADD COLUMN b INT", "CALL p()", "EXECUTE s", "/* x */ CREATE TRIGGER t",
        "DROP VIEW v", "RENAME TABLE a TO b", "TRUNCATE t", "", "/* unterminated", "INSERTX",
        "SET STATEMENT lock_wait_timeout = 1 FOR ALTER TABLE t FORCE",
        "BEGIN NOT ATOMIC ALTER TABLE t FORCE; END"}) {
    EXPECT_TRUE(may_change_definitions(statement)) << statement;
  }
}

TEST(CleanProof, HoldsOnlyAtTheSamePointWatchSignalsAndCounters) {
  DatabaseSignals signals;
  signals["t"].table_id = 7;
  signals["t"].auto_increment = 3;
  ResetPoint point{"sha", "then", "100/abc", std::nullopt};
  ServerWatch watch{"100/abc", 40, 2, false};
  CleanProof proof{"sha", "then", watch, auto_increments_of(signals)};
  EXPECT_EQ(proof.auto_increments, "t=3");
  EXPECT_TRUE(clean_proof_holds(proof, point, watch, signals, signals));

  ServerWatch statement_ran = watch;
  statement_ran.definition_statements = 41;
  EXPECT_FALSE(clean_proof_holds(proof, point, statement_ran, signals, signals));
  ServerWatch routine_written = watch;
  routine_written.routine_rows = 3;
  EXPECT_FALSE(clean_proof_holds(proof, point, routine_written, signals, signals));
  ServerWatch restarted = watch;
  restarted.incarnation = "100/def";
  EXPECT_FALSE(clean_proof_holds(proof, point, restarted, signals, signals));
  ResetPoint later = point;
  later.restored_at = "later";
  EXPECT_FALSE(clean_proof_holds(proof, later, watch, signals, signals));

  DatabaseSignals moved = signals;
  moved["t"].rows_changed = 1;
  EXPECT_FALSE(clean_proof_holds(proof, point, watch, signals, moved));
  DatabaseSignals counter = signals;
  counter["t"].auto_increment = 4;
  EXPECT_FALSE(clean_proof_holds(proof, point, watch, signals, counter));
}

}  // namespace
}  // namespace tdm
