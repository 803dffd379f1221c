#include "snapshot/load_data_text.hpp"

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

}  // namespace

void append_escaped_field(std::string& out, std::string_view value) {
  // Copy runs of ordinary bytes in one go: most values need no escaping at all.
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    char letter = escape_letter(value[i]);
    if (letter == 0) continue;
    out.append(value.data() + run_start, i - run_start);
    out += '\\';
    out += letter;
    run_start = i + 1;
  }
  out.append(value.data() + run_start, value.size() - run_start);
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
