#include "exchange/dump_preflight.hpp"

#include <gtest/gtest.h>

namespace tdm {
namespace {

std::string adapted(const std::string& text) {
  SqlStatement statement{text, 1, ";"};
  drop_database_name_from_alter(statement);
  return statement.text;
}

TEST(DropDatabaseNameFromAlter, TheNamedDatabaseBecomesTheCurrentOne) {
  EXPECT_EQ(adapted("ALTER DATABASE `app` CHARACTER SET latin1 COLLATE latin1_swedish_ci"),
            "ALTER DATABASE CHARACTER SET latin1 COLLATE latin1_swedish_ci");
  EXPECT_EQ(adapted("alter schema `we``ird db`  DEFAULT CHARSET utf8mb4"),
            "alter schema  DEFAULT CHARSET utf8mb4");
  EXPECT_EQ(adapted("ALTER DATABASE app COMMENT 'x'"), "ALTER DATABASE COMMENT 'x'");
}

TEST(DropDatabaseNameFromAlter, OtherStatementsAndUnnamedOnesStayAsTheyAre) {
  for (const char* text :
       {"ALTER DATABASE CHARACTER SET latin1", "ALTER DATABASE COLLATE utf8mb4_bin",
        "ALTER TABLE `t` ADD COLUMN c INT", "ALTER DATABASE `unclosed CHARSET latin1",
        "SELECT 'ALTER DATABASE `x`'"}) {
    EXPECT_EQ(adapted(text), text);
  }
}

}  // namespace
}  // namespace tdm
