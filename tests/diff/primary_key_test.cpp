#include "diff/primary_key.hpp"

#include <gtest/gtest.h>

namespace tdm {
namespace {

TEST(PrimaryKey, ColumnsAreReadFromShowCreateTable) {
  EXPECT_EQ(primary_key_columns("CREATE TABLE `t` (\n  `id` int,\n  PRIMARY KEY (`id`)\n)"),
            std::vector<std::string>{"id"});
  EXPECT_EQ(primary_key_columns(
                "CREATE TABLE `t` (\n  `a` int,\n  PRIMARY KEY (`a`,`b``c`(10)) USING BTREE\n)"),
            (std::vector<std::string>{"a", "b`c"}));
  EXPECT_TRUE(primary_key_columns("CREATE TABLE `t` (\n  `a` int,\n  KEY (`a`)\n)").empty());
}

TEST(PrimaryKey, TheRowEndColumnOfASystemVersionedTableDoesNotIdentifyRows) {
  std::string versioned =
      "CREATE TABLE `t` (\n  `id` int(11) NOT NULL,\n"
      "  `rs` timestamp(6) GENERATED ALWAYS AS ROW START,\n"
      "  `r``e` timestamp(6) GENERATED ALWAYS AS ROW END,\n  PRIMARY KEY (`id`,`r``e`),\n"
      "  PERIOD FOR SYSTEM_TIME (`rs`, `r``e`)\n) ENGINE=InnoDB WITH SYSTEM VERSIONING";
  EXPECT_EQ(primary_key_columns(versioned), (std::vector<std::string>{"id", "r`e"}));
  EXPECT_EQ(row_identity_columns(versioned), std::vector<std::string>{"id"});
  EXPECT_EQ(row_identity_columns("CREATE TABLE `t` (\n  `a` int,\n  PRIMARY KEY (`a`)\n)"),
            std::vector<std::string>{"a"});
}

}  // namespace
}  // namespace tdm
