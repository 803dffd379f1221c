#include "diff/unified_diff.hpp"

#include <gtest/gtest.h>

namespace tdm {
namespace {

TEST(UnifiedDiff, EqualTextsHaveNoHunks) {
  EXPECT_TRUE(unified_diff("a\nb\n", "a\nb\n").empty());
}

TEST(UnifiedDiff, AChangedLineComesWithItsContext) {
  std::string a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  std::string b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
  EXPECT_EQ(unified_diff(a, b), (std::vector<std::string>{"@@ -2,7 +2,7 @@", " 2", " 3", " 4", "-5",
                                                          "+five", " 6", " 7", " 8"}));
}

TEST(UnifiedDiff, DistantChangesMakeTwoHunks) {
  std::string a, b;
  for (int i = 1; i <= 20; ++i) {
    a += std::to_string(i) + "\n";
    b += (i == 2 || i == 19 ? "x" : std::to_string(i)) + "\n";
  }
  auto lines = unified_diff(a, b, 1);
  EXPECT_EQ(lines, (std::vector<std::string>{"@@ -1,3 +1,3 @@", " 1", "-2", "+x", " 3",
                                             "@@ -18,3 +18,3 @@", " 18", "-19", "+x", " 20"}));
}

TEST(UnifiedDiff, AddedLinesAtTheEnd) {
  EXPECT_EQ(unified_diff("a\n", "a\nb\n"),
            (std::vector<std::string>{"@@ -1,1 +1,2 @@", " a", "+b"}));
  EXPECT_EQ(unified_diff("", "b\n"), (std::vector<std::string>{"@@ -0,0 +1,1 @@", "+b"}));
}

}  // namespace
}  // namespace tdm
