#include "seed/statement_batches.hpp"

#include <gtest/gtest.h>

#include "seed/sql_script.hpp"

namespace tdm {
namespace {

SqlStatement statement(std::string text, std::string delimiter = ";") {
  return {std::move(text), 1, std::move(delimiter)};
}

TEST(StatementBatches, BatchesDataAndTableStatements) {
  for (const char* text :
       {"INSERT INTO t VALUES (1)", "update t set a = 2", "DELETE FROM t", "REPLACE INTO t SET a=1",
        "SET FOREIGN_KEY_CHECKS = 0", "CREATE TABLE t (a INT)", "CREATE OR REPLACE TABLE t (a INT)",
        "create temporary table t (a int)", "CREATE UNIQUE INDEX i ON t (a)",
        "ALTER TABLE t ADD b INT", "DROP PROCEDURE IF EXISTS p", "CREATE VIEW v AS SELECT 1",
        "SELECT 1", "/*!40101 SET NAMES utf8mb4 */", "/*!40000 ALTER TABLE `t` DISABLE KEYS */",
        "TRUNCATE t", "START TRANSACTION", "COMMIT"}) {
    EXPECT_TRUE(batchable(statement(text))) << text;
  }
}

TEST(StatementBatches, RunsRoutinesCallsAndCustomDelimitersAlone) {
  for (const char* text :
       {"CALL p()", "CREATE PROCEDURE p() BEGIN SELECT 1",
        "CREATE FUNCTION f() RETURNS INT RETURN 1",
        "CREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1",
        "CREATE DEFINER=`root`@`localhost` TRIGGER x BEFORE INSERT ON t FOR EACH ROW SET @a = 1",
        "CREATE OR REPLACE PROCEDURE p() SELECT 1",
        "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1", "ALTER EVENT e DO SELECT 1",
        "BEGIN NOT ATOMIC SELECT 1", "END", "LOAD DATA INFILE 'x' INTO TABLE t",
        "SET STATEMENT max_statement_time=1 FOR CALL p()", "EXECUTE s", "(SELECT 1)",
        "/*!50003 CREATE*/ /*!50003 TRIGGER x BEFORE INSERT ON t FOR EACH ROW SET @a = 1 */"}) {
    EXPECT_FALSE(batchable(statement(text))) << text;
  }
  EXPECT_FALSE(batchable(statement("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)", "$$")));
}

TEST(StatementBatches, GroupsConsecutiveBatchableStatements) {
  std::vector<SqlStatement> statements = {
      statement("CREATE TABLE t (a INT)"),
      statement("INSERT INTO t VALUES (1)"),
      statement("CALL p()"),
      statement("INSERT INTO t VALUES (2)"),
      statement("INSERT INTO t VALUES (3)"),
  };
  std::vector<StatementBatch> batches = batch_statements(statements);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[0].first, 0u);
  EXPECT_EQ(batches[0].count, 2u);
  EXPECT_EQ(batches[0].sql, "CREATE TABLE t (a INT);\nINSERT INTO t VALUES (1)");
  EXPECT_EQ(batches[1].first, 2u);
  EXPECT_EQ(batches[1].count, 1u);
  EXPECT_EQ(batches[1].sql, "CALL p()");
  EXPECT_EQ(batches[2].first, 3u);
  EXPECT_EQ(batches[2].count, 2u);
}

TEST(StatementBatches, AStatementAfterALoneOneStartsANewBatch) {
  std::vector<SqlStatement> statements = {statement("CALL p()"), statement("SELECT 1"),
                                          statement("CALL q()"), statement("CALL r()")};
  std::vector<StatementBatch> batches = batch_statements(statements);
  ASSERT_EQ(batches.size(), 4u);
  for (std::size_t i = 0; i < batches.size(); ++i) {
    EXPECT_EQ(batches[i].first, i);
    EXPECT_EQ(batches[i].count, 1u);
  }
}

TEST(StatementBatches, RespectsTheSizeLimit) {
  std::vector<SqlStatement> statements(10, statement("INSERT INTO t VALUES (1)"));  // 24 bytes
  std::vector<StatementBatch> batches = batch_statements(statements, 60);
  // 24 + 2 + 24 = 50 fits, a third would not.
  ASSERT_EQ(batches.size(), 5u);
  for (const StatementBatch& batch : batches) {
    EXPECT_EQ(batch.count, 2u);
    EXPECT_LE(batch.sql.size(), 60u);
  }
}

TEST(StatementBatches, AStatementLargerThanTheLimitGoesAlone) {
  std::vector<SqlStatement> statements = {
      statement("SELECT 1"), statement("INSERT INTO t VALUES (" + std::string(100, '1') + ")"),
      statement("SELECT 2")};
  std::vector<StatementBatch> batches = batch_statements(statements, 50);
  ASSERT_EQ(batches.size(), 3u);
}

TEST(StatementBatches, NoStatementsNoBatches) {
  EXPECT_TRUE(batch_statements({}).empty());
}

}  // namespace
}  // namespace tdm
