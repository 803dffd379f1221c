#include "exchange/sql_literals.hpp"

#include <optional>

#include "core/error.hpp"

namespace tdm {

namespace {

// Length of the well-formed UTF-8 sequence (of a printable character) starting at `at`, or 0.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(at);
  std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || at + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
  }
  // Overlong forms, surrogates and code points beyond U+10FFFF.
  if (lead == 0xE0 && byte(at + 1) < 0xA0) return 0;
  if (lead == 0xED && byte(at + 1) >= 0xA0) return 0;
  if (lead == 0xF0 && byte(at + 1) < 0x90) return 0;
  if (lead == 0xF4 && byte(at + 1) >= 0x90) return 0;
  return length;
}

// Whether `value` can be written as a readable '...' literal: printable UTF-8, plus tab,
// newline and carriage return (written as escapes).
bool is_readable(std::string_view value) {
  for (std::size_t i = 0; i < value.size();) {
    unsigned char byte = static_cast<unsigned char>(value[i]);
    if (byte >= 0x80) {
      std::size_t length = utf8_sequence_length(value, i);
      if (length == 0) return false;
      i += length;
      continue;
    }
    bool control = byte < 0x20 || byte == 0x7F;
    if (control && byte != '\t' && byte != '\n' && byte != '\r') return false;
    ++i;
  }
  return true;
}

void append_quoted(std::string& out, std::string_view value) {
  out += '\'';
  for (char byte : value) {
    switch (byte) {
      case '\'':
        out += "''";
        break;
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
      default:
        out += byte;
    }
  }
  out += '\'';
}

void append_hex(std::string& out, std::string_view value) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  out += "X'";
  for (char byte : value) {
    unsigned char bits = static_cast<unsigned char>(byte);
    out += kDigits[bits >> 4];
    out += kDigits[bits & 0x0F];
  }
  out += '\'';
}

bool is_unsigned_number(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

void append_sql_string(std::string& out, std::string_view value) {
  if (is_readable(value)) {
    append_quoted(out, value);
  } else {
    append_hex(out, value);
  }
}

void append_sql_value(std::string& out, const std::optional<std::string>& value,
                      ColumnEncoding encoding) {
  if (!value) {
    out += "NULL";
  } else if (encoding == ColumnEncoding::kUnsigned) {
    // BIT values travel as their number; it is spliced in bare, so it is checked first.
    if (!is_unsigned_number(*value)) {
      throw Error(ExitCode::kSnapshot,
                  "a BIT value in the payload is not a number: '" + value->substr(0, 40) + "'",
                  "recreate the snapshot");
    }
    out += *value;
  } else {
    append_sql_string(out, *value);
  }
}

std::string quote_sql_identifier(std::string_view name) {
  std::string quoted = "`";
  for (char c : name) {
    quoted += c;
    if (c == '`') quoted += '`';
  }
  return quoted + "`";
}

std::string quote_sql_text(std::string_view text) {
  std::string out;
  append_sql_string(out, text);
  return out;
}

}  // namespace tdm
