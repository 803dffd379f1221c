#include "exchange/dump_preflight.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>

#include "support/test_files.hpp"
#include "support/test_server.hpp"

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

TEST(DumpedDatabaseName, ComesFromTheDumpsHeader) {
  std::filesystem::path dump = testing::temporary_directory() + "/dump.sql";
  testing::write_test_file(dump,
                           "-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB, for debian-linux-gnu\n"
                           "--\n-- Host: localhost    Database: shop db  \n"
                           "-- ------------------------------------------------------\n");
  EXPECT_EQ(dumped_database_name(dump), "shop db");
  testing::write_test_file(dump, "-- Host: localhost    Database: \nCREATE TABLE t (id INT);\n");
  EXPECT_EQ(dumped_database_name(dump), std::nullopt);
  testing::write_test_file(dump, "CREATE TABLE t (id INT);\n");
  EXPECT_EQ(dumped_database_name(dump), std::nullopt);
}

TEST(DropDumpedDatabaseQualifier, ATablesSequenceDefaultNamesTheLoadedDatabase) {
  SqlStatement table{
      "CREATE TABLE `ticket` (\n  `id` int(11) NOT NULL DEFAULT "
      "nextval(`shop`.`ticket_numbers`),\n  `note` varchar(9) DEFAULT "
      "'`shop`.x'\n)",
      1, ";"};
  drop_dumped_database_qualifier(table, "shop");
  EXPECT_EQ(table.text,
            "CREATE TABLE `ticket` (\n  `id` int(11) NOT NULL DEFAULT nextval(`ticket_numbers`),"
            "\n  `note` varchar(9) DEFAULT '`shop`.x'\n)");
  SqlStatement insert{"INSERT INTO `t` VALUES ('`shop`.`x`')", 1, ";"};
  drop_dumped_database_qualifier(insert, "shop");
  EXPECT_EQ(insert.text, "INSERT INTO `t` VALUES ('`shop`.`x`')");
}

}  // namespace
}  // namespace tdm
