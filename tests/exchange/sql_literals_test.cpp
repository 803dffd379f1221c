#include "exchange/sql_literals.hpp"

#include <gtest/gtest.h>

#include "exchange/view_order.hpp"

namespace tdm {
namespace {

using namespace std::string_literals;

std::string literal(const std::optional<std::string>& value,
                    ColumnEncoding encoding = ColumnEncoding::kText) {
  std::string out;
  append_sql_value(out, value, encoding);
  return out;
}

TEST(SqlLiterals, ReadableTextStaysReadableWithEscapes) {
  EXPECT_EQ(literal("plain"), "'plain'");
  EXPECT_EQ(literal(""), "''");
  EXPECT_EQ(literal("it's a \\ path\t\n\r"), "'it''s a \\\\ path\\t\\n\\r'");
  EXPECT_EQ(literal("emoji 😀 漢字"), "'emoji 😀 漢字'");
  EXPECT_EQ(literal(std::nullopt), "NULL");
}

TEST(SqlLiterals, BinaryControlBytesAndInvalidUtf8BecomeHex) {
  EXPECT_EQ(literal("\x00\xff"s), "X'00FF'");
  EXPECT_EQ(literal("a\x1a"), "X'611A'");           // Ctrl-Z: Windows' end of file
  EXPECT_EQ(literal("caf\xe9"), "X'636166E9'");     // latin1 bytes
  EXPECT_EQ(literal("\xc0\xaf"), "X'C0AF'");        // overlong '/'
  EXPECT_EQ(literal("\xed\xa0\x80"), "X'EDA080'");  // a surrogate
}

TEST(SqlLiterals, BitValuesAreCheckedNumbers) {
  EXPECT_EQ(literal("1023", ColumnEncoding::kUnsigned), "1023");
  EXPECT_EQ(literal(std::nullopt, ColumnEncoding::kUnsigned), "NULL");
  EXPECT_THROW(literal("1); DROP TABLE t", ColumnEncoding::kUnsigned), std::exception);
}

TEST(SqlLiterals, IdentifiersDoubleTheirBackticks) {
  EXPECT_EQ(quote_sql_identifier("a`b"), "`a``b`");
}

TEST(ViewOrder, ViewsComeAfterTheViewsTheyName) {
  std::vector<StoredObject> objects = {
      {"FUNCTION", "f", "CREATE FUNCTION `f`() RETURNS INT RETURN 1", "", "", "", ""},
      {"VIEW", "a", "CREATE VIEW `a` AS SELECT * FROM `m`", "", "", "", ""},
      {"VIEW", "m", "CREATE VIEW `m` AS SELECT * FROM `z`", "", "", "", ""},
      {"VIEW", "z", "CREATE VIEW `z` AS SELECT 1", "", "", "", ""},
  };
  auto ordered = views_in_dependency_order(objects);
  ASSERT_EQ(ordered.size(), 3u);
  EXPECT_EQ(ordered[0]->name, "z");
  EXPECT_EQ(ordered[1]->name, "m");
  EXPECT_EQ(ordered[2]->name, "a");
}

}  // namespace
}  // namespace tdm
