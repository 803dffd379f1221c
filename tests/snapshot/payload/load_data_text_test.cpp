#include "snapshot/payload/load_data_text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tdm {
namespace {

using namespace std::string_literals;

std::string escaped(std::string_view value) {
  std::string out;
  append_escaped_field(out, value);
  return out;
}

TEST(LoadDataText, OrdinaryBytesPassThrough) {
  EXPECT_EQ(escaped("plain text"), "plain text");
  EXPECT_EQ(escaped("😀 漢字 'quotes' \"double\""), "😀 漢字 'quotes' \"double\"");
  EXPECT_EQ(escaped(""), "");
}

TEST(LoadDataText, EscapesTheBytesThatEndFieldsAndLines) {
  EXPECT_EQ(escaped("a\tb"), "a\\tb");
  EXPECT_EQ(escaped("a\nb"), "a\\nb");
  EXPECT_EQ(escaped("a\rb"), "a\\rb");
  EXPECT_EQ(escaped("back\\slash"), "back\\\\slash");
  EXPECT_EQ(escaped("nul\0byte"s), "nul\\0byte");
}

TEST(LoadDataText, LiteralBackslashNIsNotNull) {
  EXPECT_EQ(escaped("\\N"), "\\\\N");
  auto fields = parse_load_data_line(escaped("\\N"));
  ASSERT_EQ(fields.size(), 1u);
  ASSERT_TRUE(fields[0].has_value());
  EXPECT_EQ(*fields[0], "\\N");
}

TEST(LoadDataText, NullAndEmptyStringDiffer) {
  std::string line;
  append_null_field(line);
  line += '\t';
  append_escaped_field(line, "");
  line += '\t';
  append_escaped_field(line, "N");
  auto fields = parse_load_data_line(line);
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_FALSE(fields[0].has_value());
  ASSERT_TRUE(fields[1].has_value());
  EXPECT_EQ(*fields[1], "");
  EXPECT_EQ(fields[2].value_or("?"), "N");
}

TEST(LoadDataText, EveryByteRoundTrips) {
  std::string all;
  for (int byte = 0; byte < 256; ++byte) all += static_cast<char>(byte);
  std::string line;
  append_escaped_field(line, all);
  EXPECT_EQ(line.find('\t'), std::string::npos);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.find('\0'), std::string::npos);
  auto fields = parse_load_data_line(line);
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0].value_or(""), all);
}

// The escaper scans eight bytes at a time: every byte value, at every offset of a value long
// enough for several words, must come out as the byte-at-a-time rule says.
TEST(LoadDataText, SpecialBytesAreEscapedAtEveryOffsetOfLongValues) {
  auto reference = [](std::string_view value) {
    std::string out;
    for (char byte : value) {
      switch (byte) {
        case '\\':
          out += "\\\\";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\0':
          out += "\\0";
          break;
        default:
          out += byte;
      }
    }
    return out;
  };
  for (int byte = 0; byte < 256; ++byte) {
    for (std::size_t offset = 0; offset < 24; ++offset) {
      std::string value(24, 'x');
      value[offset] = static_cast<char>(byte);
      ASSERT_EQ(escaped(value), reference(value)) << "byte " << byte << " at " << offset;
    }
  }
  std::string mixed = "0123456789abcdef\x0b\x0c\\tail\t\x7f\x80\xff end";
  EXPECT_EQ(escaped(mixed), reference(mixed));
}

TEST(LoadDataText, FormatClausesSpellOutTheDefaults) {
  EXPECT_EQ(std::string(kLoadDataFormatClauses),
            "FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'");
}

}  // namespace
}  // namespace tdm
