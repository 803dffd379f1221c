#include "diff/value_text.hpp"

#include <regex>

#include "hashing/sha256.hpp"

namespace tdm {

namespace {

// Length of the well-formed UTF-8 character starting at `at`, or 0 when there is none or it
// is a control character other than tab, newline and carriage return (which a report would
// show garbled).
std::size_t printable_character_length(const std::string& text, std::size_t at) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char first = byte(at);
  if (first < 0x80) {
    return (first >= 0x20 && first != 0x7f) || first == '\t' || first == '\n' || first == '\r';
  }
  std::size_t length = first >= 0xf0 && first <= 0xf4   ? 4
                       : first >= 0xe0                  ? 3
                       : first >= 0xc2 && first <= 0xdf ? 2
                                                        : 0;
  if (length == 0 || at + length > text.size()) return 0;
  for (std::size_t i = at + 1; i < at + length; ++i) {
    if ((byte(i) & 0xc0) != 0x80) return 0;
  }
  unsigned char second = byte(at + 1);
  // Overlong forms, UTF-16 surrogates and code points above U+10FFFF are not UTF-8.
  if ((first == 0xe0 && second < 0xa0) || (first == 0xed && second > 0x9f) ||
      (first == 0xf0 && second < 0x90) || (first == 0xf4 && second > 0x8f)) {
    return 0;
  }
  return length;
}

// Where `text` may be cut at or before `max_bytes` without splitting a character; npos when
// it is not printable UTF-8.
std::size_t text_cut(const std::string& text, std::size_t max_bytes) {
  std::size_t cut = 0;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t length = printable_character_length(text, at);
    if (length == 0) return std::string::npos;
    at += length;
    if (at <= max_bytes) cut = at;
  }
  return cut;
}

std::string hex(const std::string& bytes, std::size_t count) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < count && i < bytes.size(); ++i) {
    auto byte = static_cast<unsigned char>(bytes[i]);
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0xf];
  }
  return out;
}

// Numbers bare, everything else quoted: '1' and 1 are the same bytes, 'NULL' is not NULL.
std::string literal(const std::string& text, bool whole) {
  static const std::regex number(R"(-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?)");
  if (whole && std::regex_match(text, number)) return text;
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c == '\t'   ? std::string("\\t")
           : c == '\n' ? std::string("\\n")
           : c == '\r' ? std::string("\\r")
                       : std::string(1, c);
  }
  return out + "'";
}

}  // namespace

ShownValue shown_value(const FieldValue& value, std::size_t max_bytes) {
  ShownValue shown;
  if (!value) return shown;
  shown.bytes = value->size();
  std::size_t cut = text_cut(*value, max_bytes);
  if (cut != std::string::npos) {
    shown.kind = ShownValue::Kind::kText;
    shown.shown = value->substr(0, cut);
  } else {
    shown.kind = ShownValue::Kind::kHex;
    cut = std::min(value->size(), max_bytes / 2);  // two digits a byte
    shown.shown = hex(*value, cut);
  }
  shown.shortened = cut < value->size();
  if (shown.shortened) shown.sha256 = sha256_hex(*value);
  return shown;
}

std::string value_text(const FieldValue& value) {
  ShownValue shown = shown_value(value);
  std::string text;
  switch (shown.kind) {
    case ShownValue::Kind::kNull:
      return "NULL";
    case ShownValue::Kind::kText:
      text = literal(shown.shown, !shown.shortened);
      break;
    case ShownValue::Kind::kHex:
      text = "0x" + shown.shown;
      break;
  }
  if (!shown.shortened) return text;
  return text + "... (" + std::to_string(shown.bytes) + " bytes, sha256 " +
         shown.sha256.substr(0, 12) + ")";
}

}  // namespace tdm

namespace tdm {

std::string counter_text(const std::string& counter) {
  return counter.empty() ? "none" : counter;
}

std::string named_values(const std::vector<std::string>& names, const RowValues& values) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) {
    text += (i ? ", " : "") + names[i] + "=" + value_text(values[i]);
  }
  return text;
}

}  // namespace tdm
