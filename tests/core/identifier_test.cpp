#include "core/identifier.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "support/error_code.hpp"

namespace tdm {
namespace {

using testing::error_code_of;

ExitCode validation_of(const std::string& name) {
  return error_code_of([&] { validate_database_name(name, "--database"); });
}

TEST(DatabaseName, AllowsUpToFortyEightCharacters) {
  EXPECT_EQ(validation_of(std::string(43, 'a') + "_test"), ExitCode::kOk);
  std::string accented;
  for (int i = 0; i < 48; ++i) accented += "\xc3\xa9";  // 48 characters, 96 bytes
  EXPECT_EQ(validation_of(accented), ExitCode::kOk);
  EXPECT_EQ(validation_of("my db.test-1"), ExitCode::kOk);
}

TEST(DatabaseName, RefusesLongerNamesSayingTheLimit) {
  EXPECT_EQ(validation_of(std::string(44, 'a') + "_test"), ExitCode::kInvalidInput);
  EXPECT_EQ(validation_of(std::string(60, 'a') + "_test"), ExitCode::kInvalidInput);
  try {
    validate_database_name(std::string(65, 'a'), "--database");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("65 characters"), std::string::npos) << message;
    EXPECT_NE(message.find("at most 48"), std::string::npos) << message;
    EXPECT_NE(message.find("--database"), std::string::npos) << message;
  }
}

TEST(DatabaseName, RefusesWhatTheServerWouldRefuseOrMangle) {
  EXPECT_EQ(validation_of(""), ExitCode::kInvalidInput);
  EXPECT_EQ(validation_of("app_test "), ExitCode::kInvalidInput);
  EXPECT_EQ(validation_of("app\n_test"), ExitCode::kInvalidInput);
  EXPECT_EQ(validation_of(std::string("app\0_test", 9)), ExitCode::kInvalidInput);
  EXPECT_EQ(validation_of("app\xff_test"), ExitCode::kInvalidInput);
  EXPECT_EQ(validation_of("app\xf0\x9f\x99\x82_test"), ExitCode::kInvalidInput);
}

// Tests get their copy's name in TDM_DATABASE and DATABASE_URL; a tdm they run must take it.
TEST(DatabaseName, AllowsThePerTestCopiesOfAnAllowedName) {
  std::string longest = std::string(43, 'a') + "_test";
  EXPECT_EQ(validation_of(longest + "__s1"), ExitCode::kOk);
  EXPECT_EQ(validation_of(longest + "__s256"), ExitCode::kOk);
  EXPECT_EQ(validation_of(longest + "_x__s1"), ExitCode::kInvalidInput);
  EXPECT_EQ(validation_of(longest + "__s1234"), ExitCode::kInvalidInput);
  EXPECT_EQ(validation_of(longest + "__sx"), ExitCode::kInvalidInput);
}

TEST(DatabaseName, CountsCharactersNotBytes) {
  EXPECT_EQ(utf8_characters("abc"), 3u);
  EXPECT_EQ(utf8_characters("\xc3\xa9\xe6\x97\xa5"), 2u);
}

TEST(DatabaseQualifier, DropsTheOwnDatabaseQualifier) {
  EXPECT_EQ(without_database_qualifier(
                "CREATE TABLE `t` (`id` int DEFAULT nextval(`app_test`.`seq`))", "app_test"),
            "CREATE TABLE `t` (`id` int DEFAULT nextval(`seq`))");
}

TEST(DatabaseQualifier, KeepsOtherDatabasesAndLookalikes) {
  std::string statement =
      "CREATE VIEW `v` AS select `other`.`t`.`a` AS `app_test`, `app_test` AS `x`,"
      " 'it''s `app_test`.`t`' AS `s`, \"`app_test`.q\" AS `d` from `other`.`t`";
  EXPECT_EQ(without_database_qualifier(statement, "app_test"), statement);
}

TEST(DatabaseQualifier, HandlesBackticksInsideNames) {
  EXPECT_EQ(without_database_qualifier("select `we``ird`.`t`.`a` from `we``ird`.`t`", "we`ird"),
            "select `t`.`a` from `t`");
  EXPECT_EQ(without_database_qualifier("select 'a\\'`db`.' from `db`.`t`", "db"),
            "select 'a\\'`db`.' from `t`");
}

}  // namespace
}  // namespace tdm
