#include "seed/sql_runner.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "seed_test_files.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;
using testing::count_rows;
using testing::error_from;
using testing::table_exists;
using testing::write_test_file;

class SqlRunnerTest : public ::testing::Test {
 protected:
  SqlRunnerTest()
      : connection_(testing::test_server()),
        database_(testing::fresh_database(connection_)),
        dir_(testing::temporary_directory()) {}
  ~SqlRunnerTest() override {
    connection_.execute("DROP DATABASE IF EXISTS " + Connection::quote_identifier(database_));
    fs::remove_all(dir_);
  }

  ConnectionParams target() const { return testing::test_server().with_database(database_); }
  SqlRunReport apply(const std::vector<fs::path>& dirs) {
    return apply_sql_files(target(), sql_files_in(dirs));
  }
  std::string rows(const std::string& table) { return count_rows(connection_, database_, table); }
  std::optional<std::string> scalar(const std::string& sql) {
    connection_.execute("USE " + Connection::quote_identifier(database_));
    return connection_.scalar(sql);
  }

  Connection connection_;
  std::string database_;
  fs::path dir_;
};

TEST_F(SqlRunnerTest, AppliesDirectoriesInOrderAndFilesInLexicalOrder) {
  fs::path migrations = dir_ / "migrations";
  fs::path seeds = dir_ / "seeds";
  // Lexical by name: 001 < 002 < 10; a file of a later directory sees every earlier table.
  write_test_file(migrations / "002_orders.sql",
                  "CREATE TABLE orders (id INT PRIMARY KEY, user_id INT NOT NULL,\n"
                  "  FOREIGN KEY (user_id) REFERENCES users (id)) ENGINE=InnoDB;\n");
  write_test_file(migrations / "001_users.sql",
                  "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(40)) ENGINE=InnoDB;");
  write_test_file(migrations / "10_index.sql", "CREATE INDEX orders_user ON orders (user_id);");
  write_test_file(seeds / "001_users.sql",
                  "INSERT INTO users VALUES (1, 'ada');\nINSERT INTO users VALUES (2, 'bob');");
  write_test_file(seeds / "002_orders.sql", "INSERT INTO orders VALUES (10, 1), (11, 2);");
  // Not applied: not *.sql, hidden, or in a subdirectory (each would fail if it ran).
  write_test_file(seeds / "README.txt", "not SQL");
  write_test_file(seeds / ".001_users.sql.swp.sql", "THIS IS NOT SQL;");
  write_test_file(seeds / "nested" / "000_first.sql", "THIS IS NOT SQL;");

  std::vector<fs::path> files = sql_files_in({migrations, seeds});
  ASSERT_EQ(files.size(), 5u);
  EXPECT_EQ(files[0].filename(), "001_users.sql");
  EXPECT_EQ(files[0].parent_path(), migrations);
  EXPECT_EQ(files[2].filename(), "10_index.sql");
  EXPECT_EQ(files[3].parent_path(), seeds);

  SqlRunReport report = apply_sql_files(target(), files);
  EXPECT_EQ(report.files, 5u);
  EXPECT_EQ(report.statements, 6u);
  EXPECT_EQ(rows("users"), "2");
  EXPECT_EQ(rows("orders"), "2");
}

TEST_F(SqlRunnerTest, ReportsFileAndLineOfTheFailingStatement) {
  write_test_file(dir_ / "001_schema.sql", "CREATE TABLE t (a INT PRIMARY KEY);\n");
  write_test_file(dir_ / "002_data.sql",
                  "INSERT INTO t VALUES (1);\n"
                  "-- the next one fails\n"
                  "INSERT INTO t\n"
                  "  VALUES (2);\n"
                  "INSERT INTO no_such_table VALUES (3);\n"
                  "INSERT INTO t VALUES (4);\n");
  write_test_file(dir_ / "003_never.sql", "CREATE TABLE never_created (a INT);");

  auto error = error_from([&] { apply({dir_}); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), ExitCode::kSeed);
  std::string message = error->what();
  std::string expected = (dir_ / "002_data.sql").string() + ":5: MariaDB error 1146 (";
  EXPECT_EQ(message.rfind(expected, 0), 0u) << message;
  EXPECT_NE(message.find("no_such_table"), std::string::npos) << message;
  // Earlier statements applied, later ones and later files not.
  EXPECT_EQ(rows("t"), "2");
  EXPECT_FALSE(table_exists(connection_, database_, "never_created"));
}

TEST_F(SqlRunnerTest, FailingLineIsRightAcrossBatches) {
  // ~1 KB statements: a few thousand fill several round trips.
  std::string padding(1000, 'x');
  std::string script = "CREATE TABLE t (id INT PRIMARY KEY, pad TEXT);\n";
  for (int id = 1; id <= 2500; ++id) {
    script += "INSERT INTO t VALUES (" + std::to_string(id) + ", '" + padding + "');\n";
  }
  script += "INSERT INTO t VALUES (7, 'duplicate key');\n";  // line 2502
  script += "INSERT INTO t VALUES (9999, 'never');\n";
  write_test_file(dir_ / "big.sql", script);

  auto error = error_from([&] { apply({dir_}); });
  ASSERT_TRUE(error);
  std::string message = error->what();
  EXPECT_NE(message.find("big.sql:2502: MariaDB error 1062 ("), std::string::npos) << message;
  EXPECT_EQ(rows("t"), "2500");
}

TEST_F(SqlRunnerTest, FailureInTheFirstStatementOfAFile) {
  write_test_file(dir_ / "bad.sql", "\n\nSELEC 1;\nCREATE TABLE t (a INT);");
  auto error = error_from([&] { apply({dir_}); });
  ASSERT_TRUE(error);
  std::string message = error->what();
  EXPECT_NE(message.find("bad.sql:3: MariaDB error 1064 ("), std::string::npos) << message;
  EXPECT_FALSE(table_exists(connection_, database_, "t"));
}

TEST_F(SqlRunnerTest, DelimiterDefinesTriggersAndRoutines) {
  write_test_file(dir_ / "001_schema.sql",
                  "CREATE TABLE t (a INT, doubled INT);\n"
                  "DELIMITER $$\n"
                  "CREATE TRIGGER t_double BEFORE INSERT ON t FOR EACH ROW\n"
                  "BEGIN\n"
                  "  SET NEW.doubled = NEW.a * 2;\n"
                  "END$$\n"
                  "CREATE PROCEDURE add_rows(n INT)\n"
                  "BEGIN\n"
                  "  DECLARE i INT DEFAULT 0;\n"
                  "  WHILE i < n DO\n"
                  "    INSERT INTO t (a) VALUES (i);\n"
                  "    SET i = i + 1;\n"
                  "  END WHILE;\n"
                  "  SELECT COUNT(*) FROM t;\n"
                  "END$$\n"
                  "DELIMITER ;\n"
                  "CALL add_rows(3);\n"
                  "INSERT INTO t (a) VALUES (10);\n");
  SqlRunReport report = apply({dir_});
  EXPECT_EQ(report.statements, 5u);
  EXPECT_EQ(rows("t"), "4");
  EXPECT_EQ(scalar("SELECT doubled FROM t WHERE a = 10"), "20");
}

TEST_F(SqlRunnerTest, FailureAfterACallThatReturnedRowsNamesTheRightLine) {
  // A CALL answers with one result per SELECT plus its own: it must not shift the count.
  write_test_file(dir_ / "calls.sql",
                  "CREATE TABLE t (a INT);\n"
                  "DELIMITER ;;\n"
                  "CREATE PROCEDURE two_results() BEGIN SELECT 1; SELECT 2; END;;\n"
                  "DELIMITER ;\n"
                  "INSERT INTO t VALUES (1);\n"
                  "CALL two_results();\n"
                  "INSERT INTO t VALUES (2);\n"
                  "INSERT INTO t VALUES (3);\n"
                  "INSERT INTO missing VALUES (4);\n"
                  "INSERT INTO t VALUES (5);\n");
  auto error = error_from([&] { apply({dir_}); });
  ASSERT_TRUE(error);
  std::string message = error->what();
  EXPECT_NE(message.find("calls.sql:9: MariaDB error 1146 ("), std::string::npos) << message;
  EXPECT_EQ(rows("t"), "3");
}

TEST_F(SqlRunnerTest, ProcedureWithoutDelimiterFailsLikeTheClient) {
  // Without DELIMITER the body ends at its first ';', as in `mariadb < file`.
  write_test_file(dir_ / "nodelim.sql",
                  "CREATE TABLE t (a INT);\n"
                  "CREATE PROCEDURE p() BEGIN SELECT 1; END;\n"
                  "INSERT INTO t VALUES (1);\n");
  auto error = error_from([&] { apply({dir_}); });
  ASSERT_TRUE(error);
  std::string message = error->what();
  EXPECT_NE(message.find("nodelim.sql:2: MariaDB error 1064 ("), std::string::npos) << message;
  EXPECT_EQ(rows("t"), "0");
}

TEST_F(SqlRunnerTest, ErrorInsideADelimiterBlockNamesItsFirstLine) {
  write_test_file(dir_ / "routines.sql",
                  "CREATE TABLE t (a INT);\n"
                  "DELIMITER //\n"
                  "CREATE PROCEDURE ok() SELECT 1//\n"
                  "CREATE PROCEDURE broken()\n"
                  "BEGIN\n"
                  "  SELEKT 1;\n"
                  "END//\n");
  auto error = error_from([&] { apply({dir_}); });
  ASSERT_TRUE(error);
  std::string message = error->what();
  EXPECT_NE(message.find("routines.sql:4: MariaDB error 1064 ("), std::string::npos) << message;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = "
                   "DATABASE() AND ROUTINE_NAME = 'ok'"),
            "1");
}

TEST_F(SqlRunnerTest, RunsMysqldumpStyleScripts) {
  write_test_file(dir_ / "dump.sql",
                  "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n"
                  "/*!40101 SET NAMES utf8mb4 */;\n"
                  "/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, "
                  "FOREIGN_KEY_CHECKS=0 */;\n"
                  "DROP TABLE IF EXISTS `child`;\n"
                  "CREATE TABLE `child` (`id` int NOT NULL, `parent_id` int,\n"
                  "  PRIMARY KEY (`id`), CONSTRAINT `fk` FOREIGN KEY (`parent_id`)\n"
                  "  REFERENCES `parent` (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"
                  "LOCK TABLES `child` WRITE;\n"
                  "/*!40000 ALTER TABLE `child` DISABLE KEYS */;\n"
                  "INSERT INTO `child` VALUES (1,1),(2,1);\n"
                  "/*!40000 ALTER TABLE `child` ENABLE KEYS */;\n"
                  "UNLOCK TABLES;\n"
                  "CREATE TABLE `parent` (`id` int NOT NULL PRIMARY KEY, `name` text);\n"
                  "INSERT INTO `parent` VALUES (1,'O\\'Brien; \\\"quoted\\\"');\n"
                  "/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;\n");
  apply({dir_});
  EXPECT_EQ(rows("child"), "2");
  EXPECT_EQ(scalar("SELECT name FROM parent"), "O'Brien; \"quoted\"");
}

TEST_F(SqlRunnerTest, EachFileHasItsOwnSession) {
  write_test_file(dir_ / "001.sql", "SET @carried = 'leaked';");
  write_test_file(dir_ / "002.sql", "CREATE TABLE t AS SELECT @carried AS carried;");
  apply({dir_});
  EXPECT_EQ(scalar("SELECT carried FROM t"), std::nullopt);
}

TEST_F(SqlRunnerTest, KeepsUtf8Text) {
  write_test_file(dir_ / "001.sql",
                  "CREATE TABLE t (s VARCHAR(20)) CHARSET utf8mb4;\n"
                  "INSERT INTO t VALUES ('Grüße 日本 🎉');");
  apply({dir_});
  EXPECT_EQ(scalar("SELECT s FROM t"), "Grüße 日本 🎉");
}

TEST_F(SqlRunnerTest, EmptyFilesCountButRunNothing) {
  write_test_file(dir_ / "001.sql", "-- nothing yet\n");
  write_test_file(dir_ / "002.sql", "");
  SqlRunReport report = apply({dir_});
  EXPECT_EQ(report.files, 2u);
  EXPECT_EQ(report.statements, 0u);
}

TEST(SqlFiles, MissingDirectoryIsInvalidInput) {
  auto error = error_from([] { sql_files_in({"/nonexistent/tdm/sql"}); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), ExitCode::kInvalidInput);
  EXPECT_NE(std::string(error->what()).find("/nonexistent/tdm/sql"), std::string::npos);
}

TEST(SqlFiles, NoSqlFilesAtAllIsInvalidInput) {
  fs::path dir = testing::temporary_directory();
  write_test_file(dir / "notes.txt", "");
  auto error = error_from([&] { sql_files_in({dir}); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), ExitCode::kInvalidInput);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tdm
