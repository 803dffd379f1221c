#include "seed/sql_script.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.hpp"

namespace tdm {
namespace {

std::vector<std::string> texts(std::string_view script) {
  std::vector<std::string> out;
  for (const SqlStatement& statement : split_sql_script(script)) out.push_back(statement.text);
  return out;
}

std::vector<std::size_t> lines(std::string_view script) {
  std::vector<std::size_t> out;
  for (const SqlStatement& statement : split_sql_script(script)) out.push_back(statement.line);
  return out;
}

using Texts = std::vector<std::string>;
using Lines = std::vector<std::size_t>;

ExitCode code_of_split(std::string_view script) {
  try {
    split_sql_script(script, "seed.sql");
  } catch (const Error& error) {
    return error.code();
  }
  return ExitCode::kOk;
}

std::string message_of_split(std::string_view script) {
  try {
    split_sql_script(script, "seed.sql");
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

TEST(SqlScript, EmptyAndBlankScriptsHaveNoStatements) {
  EXPECT_TRUE(split_sql_script("").empty());
  EXPECT_TRUE(split_sql_script("  \n\t\n").empty());
  EXPECT_TRUE(split_sql_script(";;\n ; ").empty());
  EXPECT_TRUE(split_sql_script("-- only a comment\n# another\n/* and a block */\n").empty());
}

TEST(SqlScript, SplitsOnSemicolonsAndTrims) {
  EXPECT_EQ(texts("SELECT 1;  SELECT 2 ;\nSELECT 3;"), (Texts{"SELECT 1", "SELECT 2", "SELECT 3"}));
}

TEST(SqlScript, KeepsALastStatementWithoutDelimiter) {
  EXPECT_EQ(texts("SELECT 1;\nSELECT 2\n"), (Texts{"SELECT 1", "SELECT 2"}));
}

TEST(SqlScript, DropsEmptyStatements) {
  EXPECT_EQ(texts("SELECT 1;;\n;SELECT 2;"), (Texts{"SELECT 1", "SELECT 2"}));
}

TEST(SqlScript, SemicolonsInsideQuotesDoNotSplit) {
  EXPECT_EQ(texts("INSERT INTO t VALUES ('a;b', \"c;d\");SELECT `we;ird` FROM t;"),
            (Texts{"INSERT INTO t VALUES ('a;b', \"c;d\")", "SELECT `we;ird` FROM t"}));
}

TEST(SqlScript, BackslashEscapesInStrings) {
  EXPECT_EQ(texts(R"(SELECT 'it\'s;'; SELECT "say \"hi;\"";)"),
            (Texts{R"(SELECT 'it\'s;')", R"(SELECT "say \"hi;\"")"}));
  EXPECT_EQ(texts(R"(SELECT 'ends in backslash\\'; SELECT 2)"),
            (Texts{R"(SELECT 'ends in backslash\\')", "SELECT 2"}));
}

TEST(SqlScript, DoubledQuotesEscape) {
  EXPECT_EQ(texts("SELECT 'it''s;'; SELECT \"a\"\";\"; SELECT `a``;b`; SELECT 2"),
            (Texts{"SELECT 'it''s;'", "SELECT \"a\"\";\"", "SELECT `a``;b`", "SELECT 2"}));
}

TEST(SqlScript, BackslashIsLiteralInBackticks) {
  EXPECT_EQ(texts("SELECT 1 AS `a\\`; SELECT 2"), (Texts{"SELECT 1 AS `a\\`", "SELECT 2"}));
}

TEST(SqlScript, OtherQuotesAreLiteralInsideAQuote) {
  EXPECT_EQ(texts("SELECT 'a\"b`c'; SELECT \"x'y\";"),
            (Texts{"SELECT 'a\"b`c'", "SELECT \"x'y\""}));
}

TEST(SqlScript, DropsDashDashAndHashComments) {
  EXPECT_EQ(texts("-- setup\nSELECT 1; -- trailing; not a statement\n# hash; comment\nSELECT 2;"),
            (Texts{"SELECT 1", "SELECT 2"}));
  EXPECT_EQ(texts("SELECT 1 -- the delimiter is on the next line\n;"), (Texts{"SELECT 1"}));
  EXPECT_EQ(texts("SELECT 1 --\n;SELECT 2 --\tx\n;"), (Texts{"SELECT 1", "SELECT 2"}));
}

TEST(SqlScript, DashDashWithoutBlankIsNotAComment) {
  EXPECT_EQ(texts("SELECT 5--1; SELECT 2"), (Texts{"SELECT 5--1", "SELECT 2"}));
}

TEST(SqlScript, CommentMarkersInsideQuotesAreText) {
  EXPECT_EQ(texts("SELECT '-- x', '# y', '/* z */';"), (Texts{"SELECT '-- x', '# y', '/* z */'"}));
}

TEST(SqlScript, BlockCommentsAreDroppedButSeparateWords) {
  EXPECT_EQ(texts("/* header; with a semicolon */ SELECT/*x*/1; SELECT /* a;\n b */ 2;"),
            (Texts{"SELECT 1", "SELECT  \n 2"}));
}

TEST(SqlScript, KeepsExecutableComments) {
  EXPECT_EQ(texts("/*!40101 SET NAMES utf8mb4 */;\nSELECT /*M!100100 1 + */ 1;"),
            (Texts{"/*!40101 SET NAMES utf8mb4 */", "SELECT /*M!100100 1 + */ 1"}));
}

TEST(SqlScript, DelimiterCommandForTriggersAndRoutines) {
  std::string script =
      "CREATE TABLE t (a INT);\n"
      "DELIMITER $$\n"
      "CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW\n"
      "BEGIN\n"
      "  SET NEW.a = NEW.a + 1;\n"
      "END$$\n"
      "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END $$\n"
      "delimiter ;\n"
      "INSERT INTO t VALUES (1);\n";
  std::vector<SqlStatement> statements = split_sql_script(script);
  ASSERT_EQ(statements.size(), 4u);
  EXPECT_EQ(statements[0].text, "CREATE TABLE t (a INT)");
  EXPECT_EQ(statements[0].delimiter, ";");
  EXPECT_EQ(statements[1].text,
            "CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW\nBEGIN\n  SET NEW.a = NEW.a + "
            "1;\nEND");
  EXPECT_EQ(statements[1].line, 3u);
  EXPECT_EQ(statements[1].delimiter, "$$");
  EXPECT_EQ(statements[2].text, "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END");
  EXPECT_EQ(statements[2].line, 7u);
  EXPECT_EQ(statements[3].text, "INSERT INTO t VALUES (1)");
  EXPECT_EQ(statements[3].line, 9u);
  EXPECT_EQ(statements[3].delimiter, ";");
}

TEST(SqlScript, DelimiterCommandIgnoresTheRestOfItsLine) {
  EXPECT_EQ(texts("DELIMITER //   trailing words\nSELECT 1; SELECT 2//\nSELECT 3//"),
            (Texts{"SELECT 1; SELECT 2", "SELECT 3"}));
}

TEST(SqlScript, DelimiterAfterACommentStillStartsAStatement) {
  EXPECT_EQ(texts("-- routines\nDELIMITER ;;\nSELECT 1;;"), (Texts{"SELECT 1"}));
}

TEST(SqlScript, DelimiterInsideAStatementIsText) {
  // Only at the start of a statement is DELIMITER the client command.
  EXPECT_EQ(texts("SELECT delimiter FROM t; SELECT 2"),
            (Texts{"SELECT delimiter FROM t", "SELECT 2"}));
  EXPECT_EQ(texts("SELECT 1 AS delimiters;"), (Texts{"SELECT 1 AS delimiters"}));
}

TEST(SqlScript, ADelimiterInsideQuotesDoesNotSplit) {
  EXPECT_EQ(texts("DELIMITER $$\nSELECT '$$'$$"), (Texts{"SELECT '$$'"}));
}

TEST(SqlScript, DelimiterWithoutArgumentIsAnError) {
  EXPECT_EQ(code_of_split("SELECT 1;\nDELIMITER\nSELECT 2;"), ExitCode::kSeed);
  EXPECT_NE(message_of_split("SELECT 1;\nDELIMITER   \nSELECT 2;").find("seed.sql:2:"),
            std::string::npos);
}

TEST(SqlScript, LineNumbersAreThoseOfTheFirstCharacter) {
  EXPECT_EQ(lines("SELECT 1;\n\n  SELECT\n2;\n-- c\n/* block\n */ SELECT 3; SELECT 4;"),
            (Lines{1, 3, 7, 7}));
}

TEST(SqlScript, LineNumbersCountBreaksInsideQuotesAndComments) {
  EXPECT_EQ(lines("INSERT INTO t VALUES ('a\nb\nc');\n/* x\ny */\nSELECT 1;"), (Lines{1, 6}));
}

TEST(SqlScript, StatementKeepsItsInnerLineBreaks) {
  // So that the server's "at line N" counts from the statement's line.
  EXPECT_EQ(texts("SELECT 1, -- first\n  2 /* two\n lines */,\n  3;"),
            (Texts{"SELECT 1, \n  2  \n,\n  3"}));
}

TEST(SqlScript, UnterminatedQuoteIsAnErrorNamingItsLine) {
  EXPECT_EQ(code_of_split("SELECT 1;\nSELECT 'oops;\nSELECT 2;"), ExitCode::kSeed);
  std::string message = message_of_split("SELECT 1;\nSELECT 'oops;\nSELECT 2;");
  EXPECT_NE(message.find("seed.sql:2:"), std::string::npos) << message;
  EXPECT_NE(message.find("never closed"), std::string::npos) << message;
  EXPECT_EQ(code_of_split("SELECT `x"), ExitCode::kSeed);
  EXPECT_EQ(code_of_split("SELECT 'ends with an escaped quote\\'"), ExitCode::kSeed);
}

TEST(SqlScript, UnterminatedBlockCommentIsAnError) {
  std::string message = message_of_split("SELECT 1;\n\n/* forgot to close\nSELECT 2;");
  EXPECT_NE(message.find("seed.sql:3:"), std::string::npos) << message;
}

TEST(SqlScript, SkipsAByteOrderMark) {
  std::vector<SqlStatement> statements = split_sql_script("\xEF\xBB\xBFSELECT 1;");
  ASSERT_EQ(statements.size(), 1u);
  EXPECT_EQ(statements[0].text, "SELECT 1");
  EXPECT_EQ(statements[0].line, 1u);
}

TEST(SqlScript, CrLfLineEndings) {
  std::vector<SqlStatement> statements = split_sql_script("SELECT 1;\r\n-- c\r\nSELECT 2;\r\n");
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[1].text, "SELECT 2");
  EXPECT_EQ(statements[1].line, 3u);
}

TEST(SqlScript, KeepsUtf8Text) {
  EXPECT_EQ(texts("INSERT INTO t VALUES ('Grüße; 日本');"),
            (Texts{"INSERT INTO t VALUES ('Grüße; 日本')"}));
}

// The script's own SET sql_mode decides what a backslash means, as the server tells the client.
TEST(SqlScript, NoBackslashEscapesMakesABackslashAnOrdinaryByte) {
  EXPECT_EQ(texts("SET sql_mode = 'NO_BACKSLASH_ESCAPES';\nSELECT '\\';\nSELECT 2;"),
            (Texts{"SET sql_mode = 'NO_BACKSLASH_ESCAPES'", "SELECT '\\'", "SELECT 2"}));
  // Back to the default: the backslash escapes the quote again.
  EXPECT_EQ(
      texts("SET sql_mode = 'NO_BACKSLASH_ESCAPES';SET sql_mode=DEFAULT;SELECT '\\';';"),
      (Texts{"SET sql_mode = 'NO_BACKSLASH_ESCAPES'", "SET sql_mode=DEFAULT", "SELECT '\\';'"}));
}

TEST(SqlScript, FollowsTheModeSavedAndRestoredTheWayDumpsDo) {
  std::string dump =
      "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n"
      "/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;\n"
      "/*!50003 SET sql_mode              = 'STRICT_ALL_TABLES,NO_BACKSLASH_ESCAPES' */ ;\n"
      "DELIMITER ;;\n"
      "/*!50003 CREATE*/ /*!50003 TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.v = '\\' "
      "*/;;\n"
      "DELIMITER ;\n"
      "/*!50003 SET sql_mode              = @saved_sql_mode */ ;\n"
      "SELECT 'it\\'s';\n"
      "SET @@SESSION.sql_mode := 'NO_BACKSLASH_ESCAPES';\n"
      "SELECT '\\';\n"
      "/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\n"
      "SELECT 'a\\';b';\n";
  std::vector<std::string> got = texts(dump);
  ASSERT_EQ(got.size(), 10u) << ::testing::PrintToString(got);
  EXPECT_EQ(got[3],
            "/*!50003 CREATE*/ /*!50003 TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET "
            "NEW.v = '\\' */");
  EXPECT_EQ(got[5], "SELECT 'it\\'s'");
  EXPECT_EQ(got[7], "SELECT '\\'");
  EXPECT_EQ(got[8], "/*!40101 SET SQL_MODE=@OLD_SQL_MODE */");
  EXPECT_EQ(got[9], "SELECT 'a\\';b'");
}

TEST(SqlScript, AnsiQuotesMakeDoubleQuotesAnIdentifierWithoutEscapes) {
  EXPECT_EQ(texts("SET SESSION sql_mode='ANSI';CREATE VIEW \"v\\\" AS SELECT 1;SELECT 2;"),
            (Texts{"SET SESSION sql_mode='ANSI'", "CREATE VIEW \"v\\\" AS SELECT 1", "SELECT 2"}));
  // Numeric modes and the combination modes that include ANSI_QUOTES count too.
  EXPECT_EQ(texts("SET sql_mode=4;SELECT \"a\\\";SELECT 1;").size(), 3u);
  EXPECT_EQ(texts("SET sql_mode='oracle';SELECT \"a\\\";SELECT 1;").size(), 3u);
  // A single quote still escapes under ANSI_QUOTES alone.
  EXPECT_EQ(texts("SET sql_mode='ANSI_QUOTES';SELECT 'a\\';b';").back(), "SELECT 'a\\';b'");
}

TEST(SqlScript, ModesTheSessionDoesNotTakeAreIgnored) {
  // GLOBAL, a single statement's SET STATEMENT and an expression leave the session's rules.
  for (std::string_view set : {"SET GLOBAL sql_mode='NO_BACKSLASH_ESCAPES'",
                               "SET @@global.sql_mode='NO_BACKSLASH_ESCAPES'",
                               "SET STATEMENT sql_mode='NO_BACKSLASH_ESCAPES' FOR SELECT 1",
                               "SET sql_mode=CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')"}) {
    EXPECT_EQ(texts(std::string(set) + ";SELECT 'a\\';b';").back(), "SELECT 'a\\';b'") << set;
  }
}

TEST(SqlScript, CommentsInsideStatementsAreKeptWhenAsked) {
  std::vector<SqlStatement> statements = split_sql_script(
      "-- before\nDELIMITER ;;\nCREATE PROCEDURE p() BEGIN -- why;\n SELECT 1; /* b */ END;;\n"
      "DELIMITER ;\nSELECT 1 # trailing\n;SELECT 2;",
      "dump.sql", StatementComments::kKept);
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0].text, "CREATE PROCEDURE p() BEGIN -- why;\n SELECT 1; /* b */ END");
  EXPECT_EQ(statements[1].text, "SELECT 1 # trailing\n");  // ends in a line break
  EXPECT_EQ(statements[2].text, "SELECT 2");
}

}  // namespace
}  // namespace tdm
