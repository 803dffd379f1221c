#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "diff/payload_diff.hpp"

namespace tdm {

// How a report shows one field value: text stays text (multi-byte characters intact), bytes
// that are not printable UTF-8 are shown as hex, and a long value is cut, with its length and
// a digest, so that two long values that differ are told apart.
struct ShownValue {
  enum class Kind { kNull, kText, kHex };
  Kind kind = Kind::kNull;
  std::string shown;  // the text, or lower-case hex digits; cut when `shortened`
  std::size_t bytes = 0;
  bool shortened = false;
  std::string sha256;  // hex digest of the whole value, when shortened
};

inline constexpr std::size_t kShownValueBytes = 64;

ShownValue shown_value(const FieldValue& value, std::size_t max_bytes = kShownValueBytes);

// One line for a text report: NULL, 42, 'text' (quotes and backslashes escaped), 0x00ff,
// 'long…' (300 bytes, sha256 0123456789ab).
std::string value_text(const FieldValue& value);

// An AUTO_INCREMENT counter as a report shows it: "none" for a table without one.
std::string counter_text(const std::string& counter);

}  // namespace tdm

namespace tdm {

// "id=4, name='Lin'": values beside their column names, for a text line.
std::string named_values(const std::vector<std::string>& names, const RowValues& values);

}  // namespace tdm
