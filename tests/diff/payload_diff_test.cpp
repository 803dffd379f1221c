// The diff engine on payloads written here: rows matched by key or whole row, values compared
// as bytes, the report bounded with exact counts, ignored tables and columns.
#include "diff/payload_diff.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

#include "diff/diff_report.hpp"
#include "snapshot/payload/writer.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

struct TableSpec {
  std::string name;
  std::string create;
  std::vector<std::string> columns;
  std::vector<RowValues> rows;
  std::vector<ColumnEncoding> encodings = {};  // per column; empty: all text
};

fs::path write_payload(const fs::path& path, const std::vector<TableSpec>& tables) {
  PayloadWriter writer(path);
  writer.write_database({"d", "utf8mb4", "utf8mb4_general_ci", "", "10.11"});
  for (const TableSpec& table : tables) writer.write_table({table.name, table.create});
  for (const TableSpec& table : tables) {
    TableDataLayout layout{table.name, {}};
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      layout.columns.push_back(
          {table.columns[i], table.encodings.empty() ? ColumnEncoding::kText : table.encodings[i]});
    }
    writer.begin_data(layout);
    for (const RowValues& row : table.rows) {
      for (const FieldValue& value : row) {
        value ? writer.append_field(*value) : writer.append_null();
      }
      writer.end_row();
    }
    writer.end_data();
  }
  writer.commit();
  return path;
}

const std::string kKeyed = "CREATE TABLE `t` (\n  `id` int,\n  `v` blob,\n  PRIMARY KEY (`id`)\n)";
const std::string kUnkeyed = "CREATE TABLE `u` (\n  `v` text\n)";

class PayloadDiffTest : public ::testing::Test {
 protected:
  PayloadDiff diff(const std::vector<TableSpec>& a, const std::vector<TableSpec>& b,
                   const DiffOptions& options = {}) {
    return diff_payloads(write_payload(dir_ / "a.tdm", a), write_payload(dir_ / "b.tdm", b),
                         options);
  }

  fs::path dir_ = testing::temporary_directory();
};

TEST_F(PayloadDiffTest, ChangedRowsNameEachDifferingColumnWithBothValues) {
  auto result = diff({{"t", kKeyed, {"id", "v"}, {{"1", "x"}, {"2", "y"}, {"3", "z"}}}},
                     {{"t", kKeyed, {"id", "v"}, {{"1", "x"}, {"2", std::nullopt}, {"4", "w"}}}});
  ASSERT_EQ(result.tables.size(), 1u);
  const RowDiff& rows = result.tables[0].rows;
  EXPECT_EQ(rows.key_columns, std::vector<std::string>{"id"});
  EXPECT_EQ(rows.added, 1u);
  EXPECT_EQ(rows.removed, 1u);
  EXPECT_EQ(rows.changed, 1u);
  ASSERT_EQ(rows.changed_rows.size(), 1u);
  EXPECT_EQ(rows.changed_rows[0].key, RowValues{"2"});
  ASSERT_EQ(rows.changed_rows[0].changes.size(), 1u);
  EXPECT_EQ(rows.changed_rows[0].changes[0].column, "v");
  EXPECT_EQ(rows.changed_rows[0].changes[0].a, FieldValue("y"));
  EXPECT_EQ(rows.changed_rows[0].changes[0].b, std::nullopt);
  EXPECT_EQ(rows.added_rows, (std::vector<RowValues>{{"4", "w"}}));
  EXPECT_EQ(rows.removed_rows, (std::vector<RowValues>{{"3", "z"}}));
  DiffSummary summary = result.summary();
  EXPECT_EQ(summary.tables_changed, 1u);
  EXPECT_EQ(summary.rows_added + summary.rows_removed + summary.rows_changed, 3u);
}

// ENUM and SET travel as index and bit mask; a payload of an older tdm carried their labels.
// Both compare, and show, as labels.
TEST_F(PayloadDiffTest, EnumAndSetValuesCompareAsTheirLabelsWhateverTheyTravelAs) {
  const std::string create =
      "CREATE TABLE `p` (\n  `id` int,\n  `s` enum('draft','active') NOT NULL,\n"
      "  `f` set('a','b') DEFAULT NULL,\n  PRIMARY KEY (`id`)\n)";
  const std::vector<ColumnEncoding> numbers{ColumnEncoding::kText, ColumnEncoding::kUnsigned,
                                            ColumnEncoding::kUnsigned};
  TableSpec labels{"p", create, {"id", "s", "f"}, {{"1", "active", "a,b"}, {"2", "draft", ""}}};
  TableSpec same{"p", create, {"id", "s", "f"}, {{"1", "2", "3"}, {"2", "1", "0"}}, numbers};
  EXPECT_TRUE(diff({labels}, {same}).equal());

  TableSpec changed{"p", create, {"id", "s", "f"}, {{"1", "1", "3"}, {"2", "1", "0"}}, numbers};
  auto result = diff({same}, {changed});
  ASSERT_EQ(result.tables.size(), 1u);
  ASSERT_EQ(result.tables[0].rows.changed_rows.size(), 1u);
  const ColumnChange& change = result.tables[0].rows.changed_rows[0].changes.at(0);
  EXPECT_EQ(change.a, FieldValue("active"));
  EXPECT_EQ(change.b, FieldValue("draft"));
}

TEST_F(PayloadDiffTest, ValuesAreComparedAsBytes) {
  // The same number printed alike but stored differently (as a FLOAT captured as DOUBLE is),
  // and 'NULL' against NULL.
  auto result =
      diff({{"t", kKeyed, {"id", "v"}, {{"1", "0.10000000149011612"}, {"2", "NULL"}}}},
           {{"t", kKeyed, {"id", "v"}, {{"1", "0.10000000149011613"}, {"2", std::nullopt}}}});
  ASSERT_EQ(result.tables.size(), 1u);
  EXPECT_EQ(result.tables[0].rows.changed, 2u);
}

TEST_F(PayloadDiffTest, RowsWithoutAPrimaryKeyAreMatchedWholeCountingDuplicates) {
  auto result = diff({{"u", kUnkeyed, {"v"}, {{"x"}, {"x"}, {"y"}}}},
                     {{"u", kUnkeyed, {"v"}, {{"x"}, {"y"}, {"z"}, {"z"}}}});
  ASSERT_EQ(result.tables.size(), 1u);
  const RowDiff& rows = result.tables[0].rows;
  EXPECT_FALSE(rows.keyed());
  EXPECT_EQ(rows.added, 2u);
  EXPECT_EQ(rows.removed, 1u);
  EXPECT_EQ(rows.changed, 0u);
  EXPECT_EQ(rows.removed_rows, (std::vector<RowValues>{{"x"}}));
}

TEST_F(PayloadDiffTest, ALargeTableIsReportedBoundedWithExactCounts) {
  TableSpec a{"t", kKeyed, {"id", "v"}, {}};
  TableSpec b = a;
  for (int i = 0; i < 1000; ++i) {
    a.rows.push_back({std::to_string(i), "old"});
    b.rows.push_back({std::to_string(i), i % 2 ? "new" : "old"});
  }
  for (int i = 1000; i < 1300; ++i) b.rows.push_back({std::to_string(i), "added"});
  DiffOptions options;
  options.max_rows = 5;
  auto result = diff({a}, {b}, options);
  ASSERT_EQ(result.tables.size(), 1u);
  const RowDiff& rows = result.tables[0].rows;
  EXPECT_EQ(rows.changed, 500u);
  EXPECT_EQ(rows.added, 300u);
  EXPECT_EQ(rows.changed_rows.size(), 5u);
  EXPECT_EQ(rows.added_rows.size(), 5u);
  EXPECT_EQ(rows.changed_rows[0].key, RowValues{"1"});  // in b's order
  std::string text = render_diff_text(result, {"a", "b"});
  EXPECT_NE(text.find("    ... and 495 more\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    ... and 295 more\n"), std::string::npos) << text;
}

TEST_F(PayloadDiffTest, IgnoredTablesAndColumnsAreNotComparedAndListed) {
  TableSpec a{"t", kKeyed, {"id", "v"}, {{"1", "then"}}};
  TableSpec b{"t", kKeyed, {"id", "v"}, {{"1", "now"}}};
  TableSpec other_a{"u", kUnkeyed, {"v"}, {{"x"}}};
  TableSpec other_b{"u", kUnkeyed, {"v"}, {{"y"}}};
  EXPECT_FALSE(diff({a, other_a}, {b, other_b}).equal());
  DiffOptions options;
  options.ignore = {parse_ignore_rule("t.v"), parse_ignore_rule("u")};
  auto result = diff({a, other_a}, {b, other_b}, options);
  EXPECT_TRUE(result.equal());
  std::string text = render_diff_text(result, {"a", "b"});
  EXPECT_NE(text.find("ignored (not compared): t.v u\n"), std::string::npos) << text;
  // A key column ignored: rows are matched by what is left.
  options.ignore = {parse_ignore_rule("t.id")};
  result = diff({a}, {b}, options);
  ASSERT_EQ(result.tables.size(), 1u);
  EXPECT_FALSE(result.tables[0].rows.keyed());
  EXPECT_THROW(parse_ignore_rule("t."), Error);
  EXPECT_THROW(parse_ignore_rule(".c"), Error);
}

TEST_F(PayloadDiffTest, CountersAreTheirOwnKindOfDifferenceNotADefinitionChange) {
  auto result = diff({{"t", kKeyed + " AUTO_INCREMENT=5", {"id", "v"}, {}}},
                     {{"t", kKeyed + " AUTO_INCREMENT=9", {"id", "v"}, {}}});
  EXPECT_TRUE(result.definitions.empty());
  ASSERT_EQ(result.counters.size(), 1u);
  EXPECT_EQ(result.counters[0].a, "5");
  EXPECT_EQ(result.counters[0].b, "9");
}

}  // namespace
}  // namespace tdm
