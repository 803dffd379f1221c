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

TEST(PrimaryKey, PositionsAreLookedUpInTheLayout) {
  TableDataLayout layout{"t", {{"x", ColumnEncoding::kText}, {"id", ColumnEncoding::kText}}};
  EXPECT_EQ(key_positions(layout, {"id"}), (std::vector<std::size_t>{1}));
  EXPECT_FALSE(key_positions(layout, {"generated"}).has_value());
  EXPECT_FALSE(key_positions(layout, {}).has_value());
}

}  // namespace
}  // namespace tdm
