#include "snapshot/payload/load_data_text.hpp"

#include <cstdint>
#include <cstring>

namespace tdm {

namespace {

// The escape letter for a byte that must not appear raw, or 0 when it may.
char escape_letter(char byte) {
  switch (byte) {
    case '\\':
      return '\\';
    case '\t':
      return 't';
    case '\n':
      return 'n';
    case '\r':
      return 'r';
    case '\0':
      return '0';
    default:
      return 0;
  }
}

// What LOAD DATA makes of "\<letter>" (its escape table; any other letter stands for itself).
char unescaped_byte(char letter) {
  switch (letter) {
    case '0':
      return '\0';
    case 'b':
      return '\b';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case 'Z':
      return '\x1a';
    default:
      return letter;
  }
}

// Length of the longest prefix of `value` that needs no escaping. Eight bytes at a time: a
// word is ordinary when none of its bytes is below '\x0e' (NUL, tab, newline, carriage
// return and a few other controls, which then go the slow way) or a backslash. Most values
// hold no such byte, and the per-byte loop was a fifth of a capture's client time.
std::size_t ordinary_prefix(std::string_view value) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
  constexpr std::uint64_t kBackslashes = kOnes * static_cast<unsigned char>('\\');
  std::size_t i = 0;
  for (; i + sizeof(std::uint64_t) <= value.size(); i += sizeof(std::uint64_t)) {
    std::uint64_t word;
    std::memcpy(&word, value.data() + i, sizeof word);
    std::uint64_t below_14 = (word - kOnes * 14) & ~word & kHighBits;
    std::uint64_t backslash = ((word ^ kBackslashes) - kOnes) & ~(word ^ kBackslashes) & kHighBits;
    if ((below_14 | backslash) != 0) break;
  }
  while (i < value.size() && escape_letter(value[i]) == 0) ++i;
  return i;
}

}  // namespace

void append_escaped_field(std::string& out, std::string_view value) {
  // Copy runs of ordinary bytes in one go: most values need no escaping at all.
  for (;;) {
    std::size_t run = ordinary_prefix(value);
    out.append(value.data(), run);
    if (run == value.size()) return;
    out += '\\';
    out += escape_letter(value[run]);
    value.remove_prefix(run + 1);
  }
}

std::vector<std::optional<std::string>> parse_load_data_line(std::string_view line) {
  std::vector<std::optional<std::string>> fields;
  std::string field;
  bool is_null = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char byte = line[i];
    if (byte == '\t') {
      fields.push_back(is_null ? std::nullopt : std::optional<std::string>(field));
      field.clear();
      is_null = false;
    } else if (byte == '\\' && i + 1 < line.size()) {
      char letter = line[++i];
      if (letter == 'N' && field.empty()) {
        is_null = true;
      } else {
        field += unescaped_byte(letter);
      }
    } else {
      field += byte;
    }
  }
  fields.push_back(is_null ? std::nullopt : std::optional<std::string>(field));
  return fields;
}

}  // namespace tdm
