#include "snapshot/payload/member_labels.hpp"

#include <gtest/gtest.h>

namespace tdm {
namespace {

const std::string kCreate =
    "CREATE TABLE `t` (\n"
    "  `id` int(11) NOT NULL,\n"
    "  `status` enum('draft','it''s','back\\\\slash','') NOT NULL DEFAULT 'draft',\n"
    "  `we``ird` set('a','b','c') DEFAULT NULL,\n"
    "  `flags` bit(3) DEFAULT NULL,\n"
    "  PRIMARY KEY (`id`)\n"
    ") ENGINE=InnoDB";

TEST(MemberLabels, AnEnumIndexNamesItsMemberAndZeroIsEmpty) {
  auto status = MemberLabels::of(kCreate, "status");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->label("1"), "draft");
  EXPECT_EQ(status->label("2"), "it's");
  EXPECT_EQ(status->label("3"), "back\\slash");
  EXPECT_EQ(status->label("4"), "");
  EXPECT_EQ(status->label("0"), "");
  EXPECT_EQ(status->label("5"), std::nullopt);
  EXPECT_EQ(status->label("x"), std::nullopt);
}

TEST(MemberLabels, ASetMaskNamesItsMembersInListOrder) {
  auto set = MemberLabels::of(kCreate, "we`ird");
  ASSERT_TRUE(set);
  EXPECT_EQ(set->label("0"), "");
  EXPECT_EQ(set->label("5"), "a,c");
  EXPECT_EQ(set->label("8"), std::nullopt);
}

TEST(MemberLabels, OtherColumnsHaveNone) {
  EXPECT_FALSE(MemberLabels::of(kCreate, "flags"));
  EXPECT_FALSE(MemberLabels::of(kCreate, "id"));
  EXPECT_FALSE(MemberLabels::of(kCreate, "missing"));
}

}  // namespace
}  // namespace tdm
