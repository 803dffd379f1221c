#include "golden/golden_baseline.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "engine/capture.hpp"
#include "support/error_code.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;
using testing::error_code_of;

// A small data set with a trigger (which must not fire when the baseline loads) and a view.
class GoldenBaselineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    source = testing::fresh_database(connection, "src");
    run("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20), b VARBINARY(4))");
    run("INSERT INTO t VALUES (1, 'één', 0x00FF), (2, 'two', NULL)");
    run("CREATE TRIGGER t_mark BEFORE INSERT ON t FOR EACH ROW SET NEW.v = CONCAT(NEW.v, '!')");
    run("CREATE VIEW v AS SELECT id FROM t");
  }

  void run(const std::string& sql) {
    connection.execute("USE " + Connection::quote_identifier(source));
    connection.execute(sql);
  }

  GoldenSource capture(const std::string& database) {
    CaptureStats stats =
        capture_database(testing::test_server(), database, dir / (database + ".tdm"), {});
    return {stats.payload_path, stats.payload_sha256};
  }

  GoldenComparison comparison(DiffOptions options = {}) {
    return {testing::test_server(), scratch, std::move(options), TestDatabaseRule()};
  }

  bool accept(const GoldenSource& current) {
    return accept_golden_baseline(current, file, comparison());
  }

  GoldenCheck check(const GoldenSource& current) {
    return check_golden_baseline(current, file, comparison());
  }

  std::size_t databases_named(const std::string& name) {
    return connection.query("SHOW DATABASES LIKE " + connection.quote(name)).first_column().size();
  }

  Connection connection{testing::test_server()};
  std::string source;
  fs::path dir = testing::temporary_directory();
  fs::path file = golden_baseline_file(dir / "golden", "app");
  std::string scratch = testing::database_name_for_current_test("golden");
};

TEST_F(GoldenBaselineTest, AcceptingTheSameDataAgainLeavesTheFileAsItWas) {
  GoldenSource current = capture(source);
  EXPECT_TRUE(accept(current));
  const std::string text = read_file(file);
  EXPECT_NE(text.find("('2', 'two', NULL)"), std::string::npos) << text;
  const auto written = fs::last_write_time(file);

  // The same data captured again later: not one byte differs.
  EXPECT_FALSE(accept(capture(source)));
  EXPECT_EQ(read_file(file), text);
  EXPECT_EQ(fs::last_write_time(file), written);
}

TEST_F(GoldenBaselineTest, AcceptingDataThatDiffersOnlyInIgnoredColumnsKeepsTheFile) {
  run("CREATE TABLE runs (id INT PRIMARY KEY, at DATETIME(6))");
  run("INSERT INTO runs VALUES (1, NOW(6))");
  ASSERT_TRUE(accept(capture(source)));
  const std::string text = read_file(file);
  run("UPDATE runs SET at = at + INTERVAL 1 SECOND");
  EXPECT_FALSE(accept_golden_baseline(capture(source), file, comparison({{{"runs", "at"}}, 20})));
  EXPECT_EQ(read_file(file), text);
  EXPECT_TRUE(accept(capture(source))) << "without the ignore rule the data differs";
  EXPECT_EQ(databases_named(scratch), 0u);
}

TEST_F(GoldenBaselineTest, EqualDataMatchesWithoutLoadingAnything) {
  GoldenSource current = capture(source);
  accept(current);
  GoldenCheck result = check(current);
  EXPECT_TRUE(result.diff.equal());
  EXPECT_FALSE(result.text_outdated);
  EXPECT_EQ(databases_named(scratch), 0u);
}

TEST_F(GoldenBaselineTest, ChangedDataIsReportedByTableAndKeyAndTheScratchDatabaseGoes) {
  accept(capture(source));
  run("UPDATE t SET v = 'TWO' WHERE id = 2");
  run("INSERT INTO t VALUES (3, 'three', NULL)");
  GoldenCheck result = check(capture(source));
  ASSERT_FALSE(result.diff.equal());
  ASSERT_EQ(result.diff.tables.size(), 1u);
  EXPECT_EQ(result.diff.tables[0].table, "t");
  EXPECT_EQ(result.diff.tables[0].rows.changed, 1u);
  EXPECT_EQ(result.diff.tables[0].rows.added, 1u);
  EXPECT_EQ(databases_named(scratch), 0u);
}

TEST_F(GoldenBaselineTest, TheBaselineIsComparedAsDataNotAsText) {
  GoldenSource current = capture(source);
  accept(current);
  std::ofstream(file, std::ios::app) << "-- a reviewer's note\n";
  GoldenCheck result = check(current);
  EXPECT_TRUE(result.diff.equal());
  EXPECT_TRUE(result.text_outdated);
}

TEST_F(GoldenBaselineTest, AMissingOrBrokenBaselineSaysWhatToDo) {
  GoldenSource current = capture(source);
  EXPECT_EQ(error_code_of([&] { check(current); }), ExitCode::kInvalidInput);
  fs::create_directories(file.parent_path());
  std::ofstream(file) << "INSERT INTO nowhere VALUES (1);\n";
  EXPECT_EQ(error_code_of([&] { check(current); }), ExitCode::kSeed);
  EXPECT_EQ(databases_named(scratch), 0u);
}

}  // namespace
}  // namespace tdm
