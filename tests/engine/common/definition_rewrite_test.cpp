#include "engine/common/definition_rewrite.hpp"

#include <gtest/gtest.h>

namespace tdm {
namespace {

TEST(DefinitionRewrite, ASequenceKeepsTheTableOptionsOnlyShowCreateTableShows) {
  std::string sequence =
      "CREATE SEQUENCE `s` start with 1 minvalue 1 maxvalue 9 increment by 1 cache 1000 nocycle "
      "ENGINE=InnoDB COMMENT='SEQUENCE=1 x'";
  std::string table =
      "CREATE TABLE `s` (\n  `next_not_cached_value` bigint(21) NOT NULL,\n  `cycle_count` "
      "bigint(21) NOT NULL COMMENT 'How many cycles have been done'\n) ENGINE=InnoDB MIN_ROWS=2 "
      "MAX_ROWS=10 SEQUENCE=1 COMMENT='SEQUENCE=1 x'";
  EXPECT_EQ(sequence_with_table_options(sequence, table),
            "CREATE SEQUENCE `s` start with 1 minvalue 1 maxvalue 9 increment by 1 cache 1000 "
            "nocycle ENGINE=InnoDB MIN_ROWS=2 MAX_ROWS=10 COMMENT='SEQUENCE=1 x'");
  EXPECT_EQ(sequence_with_table_options("CREATE SEQUENCE `s` nocycle ENGINE=Aria",
                                        "CREATE TABLE `s` (\n  `a` int\n) ENGINE=Aria SEQUENCE=1"),
            "CREATE SEQUENCE `s` nocycle ENGINE=Aria");
  EXPECT_EQ(sequence_with_table_options("CREATE SEQUENCE `s` nocycle ENGINE=Aria", "garbage"),
            "CREATE SEQUENCE `s` nocycle ENGINE=Aria");
}

}  // namespace
}  // namespace tdm
