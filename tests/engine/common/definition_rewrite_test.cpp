#include "engine/common/definition_rewrite.hpp"

#include <gtest/gtest.h>

namespace tdm {
namespace {

TEST(DefinitionRewrite, DropsTheOwnDatabaseQualifier) {
  EXPECT_EQ(without_database_qualifier(
                "CREATE TABLE `t` (`id` int DEFAULT nextval(`app_test`.`seq`))", "app_test"),
            "CREATE TABLE `t` (`id` int DEFAULT nextval(`seq`))");
}

TEST(DefinitionRewrite, KeepsOtherDatabasesAndLookalikes) {
  std::string statement =
      "CREATE VIEW `v` AS select `other`.`t`.`a` AS `app_test`, `app_test` AS `x`,"
      " 'it''s `app_test`.`t`' AS `s`, \"`app_test`.q\" AS `d` from `other`.`t`";
  EXPECT_EQ(without_database_qualifier(statement, "app_test"), statement);
}

TEST(DefinitionRewrite, HandlesBackticksInsideNames) {
  EXPECT_EQ(without_database_qualifier("select `we``ird`.`t`.`a` from `we``ird`.`t`", "we`ird"),
            "select `t`.`a` from `t`");
  EXPECT_EQ(without_database_qualifier("select 'a\\'`db`.' from `db`.`t`", "db"),
            "select 'a\\'`db`.' from `t`");
}

}  // namespace
}  // namespace tdm
