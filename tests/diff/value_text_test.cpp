#include "diff/value_text.hpp"

#include <gtest/gtest.h>

namespace tdm {
namespace {

using namespace std::string_literals;

TEST(ValueText, NumbersAreBareTextIsQuotedAndNullIsNotTheWord) {
  EXPECT_EQ(value_text(std::nullopt), "NULL");
  EXPECT_EQ(value_text("NULL"), "'NULL'");
  EXPECT_EQ(value_text("-12.5e3"), "-12.5e3");
  EXPECT_EQ(value_text("O'Brien\\\n"), "'O\\'Brien\\\\\\n'");
}

TEST(ValueText, MultiByteTextStaysIntactAndIsCutOnlyBetweenCharacters) {
  EXPECT_EQ(value_text("Zoë 日本 🙂"), "'Zoë 日本 🙂'");
  std::string long_text;
  for (int i = 0; i < 40; ++i) long_text += "日";  // 3 bytes each: 120 bytes
  std::string shown = value_text(long_text);
  // 21 whole characters fit in 64 bytes; the length and the start of the digest follow.
  std::string expected_start = "'";
  for (int i = 0; i < 21; ++i) expected_start += "日";
  EXPECT_EQ(shown.rfind(expected_start + "'... (120 bytes, sha256 ", 0), 0u) << shown;
  ShownValue value = shown_value(long_text);
  EXPECT_TRUE(value.shortened);
  EXPECT_EQ(value.sha256.size(), 64u);
}

TEST(ValueText, BinaryIsShownAsHex) {
  EXPECT_EQ(value_text("\x00\xff\x10"s), "0x00ff10");
  EXPECT_EQ(value_text("\xc3("s), "0xc328");  // not UTF-8
  std::string blob(100, '\x01');
  std::string digits;
  for (int i = 0; i < 32; ++i) digits += "01";  // 32 bytes: 64 digits
  EXPECT_EQ(value_text(blob).rfind("0x" + digits + "... (100 bytes, sha256 ", 0), 0u)
      << value_text(blob);
  // Two long values that differ only at the end are told apart by their digests.
  std::string other = blob;
  other.back() = '\x02';
  EXPECT_NE(value_text(blob), value_text(other));
}

TEST(ValueText, NamedValuesPairColumnsWithValues) {
  EXPECT_EQ(named_values({"id", "name"}, {"4", "Lin"}), "id=4, name='Lin'");
}

}  // namespace
}  // namespace tdm
