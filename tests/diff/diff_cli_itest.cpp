// `tdm diff`: snapshots and live databases compared; exit 0 when equal, 1 when different.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "connection/connection.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

class Diff : public ::testing::Test {
 protected:
  void SetUp() override {
    connection_.emplace(testing::test_server());
    database_ = testing::fresh_database(*connection_);
    dir_ = testing::temporary_directory();
    execute(
        "CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(50), born DATE);"
        "INSERT INTO people VALUES (1, 'Ada', '1815-12-10'), (2, 'Grace', '1906-12-09'),"
        " (3, 'Hedy', NULL);"
        "CREATE TABLE tags (label VARCHAR(20));"
        "INSERT INTO tags VALUES ('x'), ('x'), ('y');"
        "CREATE VIEW named AS SELECT name FROM people");
  }

  void execute(const std::string& statements) {
    Connection use(testing::test_server().with_database(database_));
    std::stringstream all(statements);
    for (std::string statement; std::getline(all, statement, ';');) use.execute(statement);
  }

  // Captures the database as a snapshot with this version; returns its id.
  std::string snapshot(const std::string& version) {
    auto created = testing::run_tdm({"snapshot", "create", "--name", "people", "--version", version,
                                     "--dir", dir_, "--server-dir", testing::test_server_dir(),
                                     "--database", database_});
    EXPECT_EQ(created.exit_code, 0) << created.err;
    fs::path payload = created.out.substr(0, created.out.size() - 1);
    return payload.stem().stem().string();  // "<id>.<sha12>.tdm"
  }

  testing::CommandResult diff(const std::string& a, const std::string& b,
                              std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        "diff", a, b, "--dir", dir_, "--server-dir", testing::test_server_dir()};
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::run_tdm(args);
  }

  std::optional<Connection> connection_;
  std::string database_;
  std::string dir_;
};

TEST_F(Diff, IdenticalSidesExitZero) {
  std::string first = snapshot("1.0.0");
  std::string second = snapshot("2.0.0");
  auto same = diff(first, second);
  EXPECT_EQ(same.exit_code, 0) << same.err;
  EXPECT_NE(same.out.find("no differences (2 tables compared"), std::string::npos) << same.out;
  // A snapshot against the live database it came from, given as a .meta.json path.
  auto live = diff(dir_ + "/" + first + ".meta.json", "db:" + database_);
  EXPECT_EQ(live.exit_code, 0) << live.err << live.out;
  EXPECT_NE(live.out.find("b: database " + database_), std::string::npos) << live.out;
}

TEST_F(Diff, ChangedRowsAddedTablesAndAlteredColumnsAreReported) {
  std::string before = snapshot("1.0.0");
  execute(
      "UPDATE people SET name = 'Grace Hopper' WHERE id = 2;"
      "DELETE FROM people WHERE id = 3;"
      "INSERT INTO people VALUES (4, 'Lin', NULL);"
      "DELETE FROM tags WHERE label = 'x' LIMIT 1;"
      "CREATE TABLE extra (id INT PRIMARY KEY)");
  std::string after = snapshot("2.0.0");
  fs::path report = fs::path(dir_) / "report.txt";
  auto changed = diff(before, after, {"--output", report.string()});
  EXPECT_EQ(changed.exit_code, 1) << changed.err;
  std::ifstream in(report);
  std::stringstream text;
  text << in.rdbuf();
  std::string out = text.str();
  EXPECT_NE(out.find("+ TABLE `extra` (only in b)"), std::string::npos) << out;
  EXPECT_EQ(out.rfind("tdm diff: 3 tables changed, rows +1 -2 ~1, 1 object on one side only\n", 0),
            0)
      << out;
  EXPECT_NE(out.find("TABLE `people`: 3 rows in a, 3 in b, matched by primary key (id): +1 -1 ~1\n"
                     "    + id=4, name='Lin', born=NULL\n"
                     "    - id=3, name='Hedy', born=NULL\n"
                     "    ~ id=2: name 'Grace' -> 'Grace Hopper'\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("TABLE `tags`: 3 rows in a, 2 in b, no primary key: whole rows: +0 -1 ~0\n"
                     "    - label='x'\n"),
            std::string::npos)
      << out;

  // An altered column: the definition as a unified diff.
  execute("ALTER TABLE people MODIFY name VARCHAR(80)");
  auto altered = diff(after, "db:" + database_);
  EXPECT_EQ(altered.exit_code, 1) << altered.err;
  EXPECT_NE(altered.out.find("    -  `name` varchar(50) DEFAULT NULL,\n"
                             "    +  `name` varchar(80) DEFAULT NULL,\n"),
            std::string::npos)
      << altered.out;
}

TEST_F(Diff, ReportFormatsAndIgnoredColumnsFromTheCommandLine) {
  std::string before = snapshot("1.0.0");
  execute("UPDATE people SET name = 'Grace Hopper' WHERE id = 2");
  std::string live = "db:" + database_;
  // --ignore before the sides: each takes one value, the sides stay sides.
  auto ignored =
      testing::run_tdm({"diff", "--ignore", "people.name", "--ignore", "tags", before, live,
                        "--dir", dir_, "--server-dir", testing::test_server_dir()});
  EXPECT_EQ(ignored.exit_code, 0) << ignored.err << ignored.out;
  EXPECT_NE(ignored.out.find("  ignored (not compared): people.name tags\n"), std::string::npos)
      << ignored.out;

  auto json = diff(before, live, {"--format", "json"});
  EXPECT_EQ(json.exit_code, 1) << json.err;
  auto document = nlohmann::json::parse(json.out);
  EXPECT_EQ(document["tables"][0]["changed_rows"][0]["changes"][0]["column"], "name");
  EXPECT_EQ(document["tables"][0]["changed_rows"][0]["changes"][0]["b"]["text"], "Grace Hopper");

  fs::path html = fs::path(dir_) / "report.html";
  auto page = diff(before, live, {"--format", "html", "--output", html.string()});
  EXPECT_EQ(page.exit_code, 1) << page.err;
  EXPECT_NE(page.err.find("1 table changed, rows +0 -0 ~1; report in " + html.string()),
            std::string::npos)
      << page.err;
  std::ifstream in(html);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("<table id=\"summary\">"), std::string::npos) << text.str();
}

TEST_F(Diff, SelectorsNameTheNewestSnapshotOfAVersion) {
  snapshot("1.0.0");
  execute("UPDATE people SET name = 'Grace Hopper' WHERE id = 2");
  snapshot("2.0.0");
  auto changed = diff("people@1.0.0", "people@2.0.0");
  EXPECT_EQ(changed.exit_code, 1) << changed.err;
  EXPECT_NE(changed.out.find("'Grace' -> 'Grace Hopper'"), std::string::npos) << changed.out;
  EXPECT_EQ(diff("people@2.0.0", "db:" + database_).exit_code, 0);
  auto misspelt = diff("people@2.0", "db:" + database_);
  EXPECT_EQ(misspelt.exit_code, 3) << misspelt.err;
  EXPECT_NE(misspelt.err.find("snapshot selector 'people@2.0' is invalid"), std::string::npos)
      << misspelt.err;
}

TEST_F(Diff, ListFiltersByVersionAndShowsTheSchemaFingerprint) {
  snapshot("1.0.0");
  execute("UPDATE people SET name = 'Grace Hopper' WHERE id = 2");
  std::string second = snapshot("2.0.0");
  execute("ALTER TABLE people ADD COLUMN nick VARCHAR(10)");
  snapshot("3.0.0");
  auto listed = testing::run_tdm(
      {"snapshot", "list", "--json", "--dir", dir_, "--name", "people", "--version", "2.0.0"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  nlohmann::json only = nlohmann::json::parse(listed.out);
  ASSERT_EQ(only.size(), 1u) << listed.out;
  EXPECT_EQ(only[0]["id"], second);
  auto all =
      nlohmann::json::parse(testing::run_tdm({"snapshot", "list", "--json", "--dir", dir_}).out);
  ASSERT_EQ(all.size(), 3u);
  // Newest first: 3.0.0 changed the schema, 2.0.0 only rows.
  EXPECT_NE(all[0]["schemaFingerprint"], all[1]["schemaFingerprint"]);
  EXPECT_EQ(all[1]["schemaFingerprint"], all[2]["schemaFingerprint"]);
  EXPECT_EQ(all[1]["schemaFingerprint"].get<std::string>().size(), 64u);
  auto bad = testing::run_tdm({"snapshot", "list", "--dir", dir_, "--version", "2"});
  EXPECT_EQ(bad.exit_code, 3) << bad.err;
  EXPECT_NE(bad.err.find("--version '2' is not a semantic version"), std::string::npos) << bad.err;
}

TEST_F(Diff, AMissingSnapshotIsAnErrorNotADifference) {
  auto missing = diff("nope-1-abc", "db:" + database_);
  EXPECT_EQ(missing.exit_code, 6) << missing.err;
  EXPECT_NE(missing.err.find("no snapshot of 'nope-1-abc'"), std::string::npos) << missing.err;
}

// Two databases whose current rows agree but whose system-versioned history does not.
TEST_F(Diff, HistoryRowsOfSystemVersionedTablesAreCompared) {
  std::string same = testing::fresh_database(*connection_, "same");
  std::string other = testing::fresh_database(*connection_, "other");
  for (const std::string& database : {same, other}) {
    Connection use(testing::test_server().with_database(database));
    use.execute("CREATE TABLE kept (id INT PRIMARY KEY, v INT) WITH SYSTEM VERSIONING");
    use.execute("INSERT INTO kept VALUES (1, 1)");
  }
  Connection changed(testing::test_server().with_database(other));
  changed.execute("UPDATE kept SET v = 2");
  changed.execute("UPDATE kept SET v = 1");  // the same current row, two more history rows
  auto compared = diff("db:" + same, "db:" + other);
  EXPECT_EQ(compared.exit_code, 1) << compared.err << compared.out;
  EXPECT_NE(compared.out.find("kept"), std::string::npos) << compared.out;
}

}  // namespace
}  // namespace tdm
