// `tdm snapshot export`: the file restores with the stock `mariadb` client into an identical
// database.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "connection/connection.hpp"
#include "engine/awkward_database.hpp"
#include "engine/database_fingerprint.hpp"
#include "exchange/mariadb_client.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class SqlExport : public ::testing::Test {
 protected:
  void SetUp() override {
    connection_.emplace(testing::test_server());
    source_ = testing::fresh_database(*connection_, "source");
    dir_ = testing::temporary_directory();
  }

  void fill_awkward() {
    Connection filler(testing::test_server().with_database(source_));
    for (const std::string& statement : testing::awkward_database_statements()) {
      filler.execute(statement);
    }
  }

  testing::CommandResult tdm(std::vector<std::string> args) {
    args.insert(args.end(), {"--dir", dir_ + "/snaps"});
    return testing::run_tdm(args);
  }

  void create_snapshot() {
    auto created = tdm({"snapshot", "create", "--name", "awkward", "--version", "1.0.0",
                        "--server-dir", testing::test_server_dir(), "--database", source_});
    ASSERT_EQ(created.exit_code, 0) << created.err;
  }

  // Loads `file` with the stock client into a fresh database and returns its name.
  std::string restore_with_client(const fs::path& file) {
    std::string target = testing::fresh_database(*connection_, "copy");
    std::string err;
    int status =
        testing::run_client_tool("mariadb", testing::shell_quoted(target), file.string(), "", err);
    EXPECT_EQ(status, 0) << err;
    return target;
  }

  std::optional<Connection> connection_;
  std::string source_;
  std::string dir_;
};

TEST_F(SqlExport, TheStockClientRestoresAnIdenticalDatabase) {
  fill_awkward();
  create_snapshot();
  fs::path file = fs::path(dir_) / "awkward.sql";
  auto exported = tdm({"snapshot", "export", "--name", "awkward", "--output", file.string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(exported.out, file.string() + "\n");

  std::string target = restore_with_client(file);
  auto original = testing::database_fingerprint(*connection_, source_);
  auto copy = testing::database_fingerprint(*connection_, target);
  EXPECT_GT(original.size(), 40u);
  for (const auto& [key, value] : original) {
    // The fingerprint also compares the database's own defaults: the user created the target.
    if (key == "database") continue;
    auto found = copy.find(key);
    ASSERT_NE(found, copy.end()) << key << " is missing from the copy";
    EXPECT_EQ(found->second, value) << key;
  }
  EXPECT_EQ(copy.size(), original.size());

  // The objects behave: the procedure fires both triggers in order, the counter continues.
  Connection use(testing::test_server().with_database(target));
  use.execute("CALL add_parent('Lin ')");
  EXPECT_EQ(use.scalar("SELECT name FROM parent ORDER BY id DESC LIMIT 1"), "proc: Lin!");
  use.execute("INSERT INTO awkward (body) VALUES ('next')");
  EXPECT_EQ(use.scalar("SELECT MAX(id) FROM awkward"), "1000");
}

TEST_F(SqlExport, TheFileIsPlainSqlWithoutADatabaseOfItsOwn) {
  Connection filler(testing::test_server().with_database(source_));
  filler.execute("CREATE TABLE t (id INT PRIMARY KEY, b BLOB, v VARCHAR(20))");
  filler.execute("INSERT INTO t VALUES (1, X'00FF', 'it''s'), (2, NULL, 'plain')");
  create_snapshot();
  fs::path file = fs::path(dir_) / "out" / "t.sql";
  fs::create_directories(file.parent_path());
  auto exported = tdm({"snapshot", "export", "--name", "awkward", "--output", file.string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::string text = read_text(file);
  EXPECT_EQ(text.find("-- TDM snapshot export"), 0u);
  EXPECT_NE(text.find("-- snapshot:        awkward-1.0.0-"), std::string::npos);
  EXPECT_NE(text.find("('1', X'00FF', 'it''s'),\n('2', NULL, 'plain');"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("CREATE DATABASE"), std::string::npos);
  EXPECT_EQ(text.find("\nUSE "), std::string::npos);
  // Past the header comment, nothing names the captured database.
  EXPECT_EQ(text.find(source_, text.find("SET @tdm_old")), std::string::npos);
  // Only the finished file is left in the directory.
  EXPECT_EQ(std::distance(fs::directory_iterator(file.parent_path()), fs::directory_iterator()), 1);
}

TEST_F(SqlExport, BodiesEndingInACommentOrHoldingDelimitersLoadWithTheStockClient) {
  Connection source(testing::test_server().with_database(source_));
  source.execute("CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(20))");
  source.execute("CREATE PROCEDURE ends_in_comment() SELECT 1 -- c ;;");
  source.execute("CREATE PROCEDURE holds_delimiters() SELECT ';;', '$$', '//' -- and ;; $$ //");
  source.execute(
      "CREATE TRIGGER t_note BEFORE INSERT ON t FOR EACH ROW SET NEW.note = 'x'; -- last ;;");
  source.execute("CREATE FUNCTION after_them() RETURNS INT DETERMINISTIC RETURN 2");
  create_snapshot();
  fs::path file = fs::path(dir_) / "bodies.sql";
  auto exported = tdm({"snapshot", "export", "--name", "awkward", "--output", file.string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;

  // With --comments the client keeps comments in bodies: the objects come back as they were.
  std::string target = testing::fresh_database(*connection_, "copy");
  std::string err;
  ASSERT_EQ(testing::run_client_tool("mariadb", "--comments " + testing::shell_quoted(target),
                                     file.string(), "", err),
            0)
      << err;
  auto original = testing::database_fingerprint(*connection_, source_);
  auto copy = testing::database_fingerprint(*connection_, target);
  for (const char* key : {"create PROCEDURE ends_in_comment", "create PROCEDURE holds_delimiters",
                          "create TRIGGER t_note", "create FUNCTION after_them"}) {
    EXPECT_EQ(copy[key], original[key]) << key;
  }
  // Without it the client drops the comments, and still loads every statement of the file.
  std::string plain = restore_with_client(file);
  Connection use(testing::test_server().with_database(plain));
  EXPECT_EQ(use.scalar("SELECT after_them()"), "2");
  EXPECT_EQ(use.scalar("SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = " +
                       use.quote(plain)),
            "3");
}

// The database's defaults and the comments written in bodies survive export -> stock client
// and export -> import: objects record their database's collation when they are created.
TEST_F(SqlExport, DatabaseDefaultsAndBodyCommentsSurviveExportAndImport) {
  connection_->execute("ALTER DATABASE " + Connection::quote_identifier(source_) +
                       " CHARACTER SET latin1 COLLATE latin1_german1_ci COMMENT 'kept ✓'");
  Connection source(testing::test_server().with_database(source_));
  source.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20))");
  source.execute("CREATE SEQUENCE s START WITH 7");
  source.execute(
      "CREATE PROCEDURE counted() BEGIN\n  -- why it counts\n  SELECT COUNT(*) FROM t; /* all */\n"
      "END");
  source.execute(
      "CREATE TRIGGER t_shout BEFORE INSERT ON t FOR EACH ROW SET NEW.name = UPPER(NEW.name) "
      "# loud");
  source.execute("CREATE EVENT e ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM t WHERE id < 0");
  create_snapshot();
  fs::path file = fs::path(dir_) / "defaults.sql";
  auto exported = tdm({"snapshot", "export", "--name", "awkward", "--output", file.string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_NE(read_text(file).find("--   mariadb --comments DB < FILE.sql"), std::string::npos);
  auto original = testing::database_fingerprint(*connection_, source_);
  EXPECT_EQ(original["database"], "latin1 latin1_german1_ci kept ✓");

  std::string target = testing::fresh_database(*connection_, "copy");
  std::string err;
  ASSERT_EQ(testing::run_client_tool("mariadb", "--comments " + testing::shell_quoted(target),
                                     file.string(), "", err),
            0)
      << err;
  EXPECT_EQ(testing::database_fingerprint(*connection_, target), original);

  auto imported = tdm({"snapshot", "import", "--file", file.string(), "--name", "reimported",
                       "--version", "1.0.0", "--server-dir", testing::test_server_dir()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  std::string reimported = testing::fresh_database(*connection_, "reimported");
  auto restored = tdm({"snapshot", "restore", "--name", "reimported", "--server-dir",
                       testing::test_server_dir(), "--database", reimported});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_EQ(testing::database_fingerprint(*connection_, reimported), original);
}

TEST_F(SqlExport, ACorruptPayloadIsRefusedAndNoFileIsWritten) {
  Connection filler(testing::test_server().with_database(source_));
  filler.execute("CREATE TABLE t (id INT PRIMARY KEY)");
  create_snapshot();
  for (const auto& entry : fs::directory_iterator(dir_ + "/snaps")) {
    if (entry.path().extension() != ".tdm") continue;
    std::fstream payload(entry.path(), std::ios::in | std::ios::out | std::ios::binary);
    payload.seekp(20);
    payload.put('\x7f');
  }
  fs::path file = fs::path(dir_) / "t.sql";
  auto exported = tdm({"snapshot", "export", "--name", "awkward", "--output", file.string()});
  EXPECT_EQ(exported.exit_code, 6) << exported.err;
  EXPECT_FALSE(fs::exists(file));
  auto missing = tdm({"snapshot", "export", "--id", "nope-1-abc", "--output", file.string()});
  EXPECT_EQ(missing.exit_code, 6);
  EXPECT_NE(missing.err.find("no snapshot nope-1-abc"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace tdm
